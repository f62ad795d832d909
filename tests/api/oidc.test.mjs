// oidc.test.mjs - log-in through OpenID Connect (SPEC C2: ID-porten for
// citizens, HelseID for staff) against a real provider, the npm package
// oidc-provider (tests/oidc/provider.mjs), driven like a browser: fetch without
// following redirects, the provider's log-in and consent forms read from its
// HTML, cookies kept per host by hand. Then the bad cases, each with its exact
// status and error code: wrong or missing state, a replayed callback and a
// replayed code, the provider's error, and ID tokens that are wrongly signed,
// expired, unsigned, for someone else or with another nonce (swapped in by the
// provider's token-endpoint interceptor), and unknown users.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, makeDatabase, cli, assertError, syntheticNid, freePort, sql as dbSql, rows } from './harness.mjs';
import { startProvider, makeKey } from '../oidc/provider.mjs';

const KARI = syntheticNid(9101); // registered in the tenant
const OLA = syntheticNid(9202); // registered too, logs in later
const NOBODY = syntheticNid(9303); // not a person of the tenant
const SECRET = { idporten: 'idporten-hemmelighet-1', helseid: 'helseid-hemmelighet-2' };

let h;
let op;
let db;

function sql(statement) {
  return dbSql(db.db, statement);
}

before(async () => {
  db = makeDatabase();
  const port = await freePort();
  const closed = await freePort(); // nothing listens there: a provider that is down
  const base = `http://127.0.0.1:${port}`;
  const redirect = (name) => `${base}/api/v1/oidc/${name}/callback`;
  op = await startProvider({
    clients: [
      { client_id: 'helhet-idporten', client_secret: SECRET.idporten, redirect_uri: redirect('idporten'), alg: 'RS256' },
      { client_id: 'helhet-helseid', client_secret: SECRET.helseid, redirect_uri: redirect('helseid'), alg: 'ES256' },
    ],
    users: {
      kari: { pid: KARI },
      ola: { pid: OLA },
      ukjent: { pid: NOBODY },
      utenpid: {},
      'lege-1': {},
      'lege-ukjent': {},
    },
  });
  // persons come straight into the database: the test is about log-in, not
  // about who may register persons
  const tenant = sql("SELECT id FROM tenants WHERE slug = 'test'");
  for (const [nid, given] of [[KARI, 'Kari'], [OLA, 'Ola']]) {
    sql(`INSERT INTO persons (tenant_id, national_id, national_id_kind, given_name, family_name, birth_date, created_at, updated_at)
         VALUES (${tenant}, '${nid}', 'synthetic', '${given}', 'Nordmann', '1960-01-01', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z')`);
  }
  let r = cli(['user', 'add', '--db', db.db, '--username', 'lege', '--role', 'staff', '--no-password',
    '--oidc-provider', 'helseid', '--oidc-subject', 'lege-1']);
  assert.equal(r.status, 0, r.stderr);
  const config = {
    providers: [
      { name: 'idporten', kind: 'citizen', issuer: op.issuer, client_id: 'helhet-idporten', client_secret: SECRET.idporten,
        redirect_uri: redirect('idporten'), tenant: 'test', claim: 'pid', scope: 'openid' },
      { name: 'helseid', kind: 'staff', issuer: op.issuer, client_id: 'helhet-helseid', client_secret: SECRET.helseid,
        redirect_uri: redirect('helseid'), tenant: 'test' },
      { name: 'nede', kind: 'staff', issuer: `http://127.0.0.1:${closed}`, client_id: 'x', client_secret: 'y',
        redirect_uri: redirect('nede') },
    ],
  };
  const file = join(db.dir, 'oidc.json');
  writeFileSync(file, JSON.stringify(config));
  h = await startServer({ database: db, args: ['--listen', `127.0.0.1:${port}`, '--oidc', file] });
  assert.equal(h.url, base);
});

after(async () => {
  if (h) await h.stop();
  if (op) await op.stop();
  rmSync(db.dir, { recursive: true, force: true });
});

// A browser: cookies per host (paths and expiry ignored; every test is short),
// no automatic redirects.
class Browser {
  constructor() { this.jars = new Map(); }
  jar(url) {
    const host = new URL(url).host;
    if (!this.jars.has(host)) this.jars.set(host, new Map());
    return this.jars.get(host);
  }
  cookie(url, name) { return this.jar(url).get(name); }
  async request(url, { method = 'GET', form, accept } = {}) {
    const jar = this.jar(url);
    const headers = accept ? { Accept: accept } : {};
    if (jar.size) headers.Cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    let body;
    if (form) {
      body = new URLSearchParams(form).toString();
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
    }
    const res = await fetch(url, { method, headers, body, redirect: 'manual' });
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      if (value === '' || attrs.some((a) => /^\s*max-age=0\s*$/i.test(a))) jar.delete(name);
      else jar.set(name, value);
    }
    const text = await res.text();
    let json = null;
    try { json = JSON.parse(text); } catch { json = null; }
    const location = res.headers.get('location');
    return { status: res.status, headers: res.headers, text, body: json, location: location && new URL(location, url).href };
  }
}

const unhtml = (s) => s.replace(/&amp;/g, '&').replace(/&#x2F;/gi, '/').replace(/&quot;/g, '"').replace(/&#39;/g, "'");

// The first form of an HTML page: its action and its inputs' names and values.
function readForm(html, pageUrl) {
  const form = html.match(/<form[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/);
  assert.ok(form, `no form on ${pageUrl}:\n${html.slice(0, 500)}`);
  const fields = {};
  for (const input of form[2].matchAll(/<input([^>]*)>/g)) {
    const name = input[1].match(/name="([^"]*)"/);
    const value = input[1].match(/value="([^"]*)"/);
    if (name) fields[unhtml(name[1])] = value ? unhtml(value[1]) : '';
  }
  return { action: new URL(unhtml(form[1]), pageUrl).href, fields };
}

// Begins a log-in at Helhet and goes through the provider's pages as `login`
// until the provider sends the browser back. Returns {callback, begin}: the
// callback URL (not yet visited) and Helhet's answer to /login. With abort, the
// user cancels at the provider's first page instead.
async function throughProvider(browser, provider, login, { returnTo, abort = false } = {}) {
  const q = returnTo === undefined ? '' : `?return_to=${encodeURIComponent(returnTo)}`;
  const begin = await browser.request(`${h.url}/api/v1/oidc/${provider}/login${q}`);
  assert.equal(begin.status, 302, begin.text);
  let url = begin.location;
  assert.ok(url.startsWith(`${op.issuer}/`), url);
  for (let step = 0; step < 20; step++) {
    if (url.startsWith(`${h.url}/`)) return { callback: url, begin };
    let res = await browser.request(url);
    if (res.status === 200 && /<form/.test(res.text)) {
      if (abort) {
        const uid = url.match(/\/interaction\/([^/?]+)/)[1];
        res = await browser.request(`${op.issuer}/interaction/${uid}/abort`);
      } else {
        const { action, fields } = readForm(res.text, url);
        if ('login' in fields) Object.assign(fields, { login, password: 'hva-som-helst' });
        res = await browser.request(action, { method: 'POST', form: fields });
      }
    }
    assert.ok(res.status >= 300 && res.status < 400, `step ${step} at ${url}: ${res.status} ${res.text.slice(0, 300)}`);
    url = res.location;
  }
  assert.fail('the provider never sent the browser back');
}

// A whole log-in; returns the callback's answer, the browser and the callback URL.
async function logIn(provider, login, opts = {}) {
  const browser = new Browser();
  const { callback } = await throughProvider(browser, provider, login, opts);
  if (opts.beforeCallback) await opts.beforeCallback();
  const res = await browser.request(callback);
  return { res, browser, callback };
}

const sessionCookie = (browser) => `helhet_session=${browser.cookie(h.url, 'helhet_session')}`;

test('GET /oidc/providers lists the configured providers without authentication', async () => {
  const r = await h.api('GET', '/api/v1/oidc/providers', { token: null });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body, { items: [{ name: 'idporten', kind: 'citizen' }, { name: 'helseid', kind: 'staff' }, { name: 'nede', kind: 'staff' }] });
  assert.ok(!r.text.includes('hemmelighet'), 'no secret in the list');
  assertError(await h.api('GET', '/api/v1/oidc/providers?x=1', { token: null }), 422, 'unknown_parameter', 'x');
});

test('/login sends the browser to the provider with PKCE S256, a state and a nonce', async () => {
  const browser = new Browser();
  const r = await browser.request(`${h.url}/api/v1/oidc/idporten/login?return_to=%2Fplaner%3Fvis%3D1`);
  assert.equal(r.status, 302, r.text);
  const u = new URL(r.location);
  assert.equal(`${u.origin}${u.pathname}`, `${op.issuer}/auth`);
  const p = u.searchParams;
  assert.equal(p.get('response_type'), 'code');
  assert.equal(p.get('client_id'), 'helhet-idporten');
  assert.equal(p.get('redirect_uri'), `${h.url}/api/v1/oidc/idporten/callback`);
  assert.equal(p.get('scope'), 'openid');
  assert.equal(p.get('code_challenge_method'), 'S256');
  assert.match(p.get('code_challenge'), /^[A-Za-z0-9_-]{43}$/);
  assert.match(p.get('state'), /^[A-Za-z0-9_-]{43}$/);
  assert.match(p.get('nonce'), /^[A-Za-z0-9_-]{43}$/);
  assert.notEqual(p.get('state'), p.get('nonce'));
  // the state is bound to this browser by a cookie that comes back on the
  // provider's cross-site redirect (Lax), only to the callback
  const set = r.headers.get('set-cookie');
  assert.match(set, /^helhet_oidc_state=[A-Za-z0-9_-]{43};/);
  assert.equal(browser.cookie(h.url, 'helhet_oidc_state'), p.get('state'));
  const attrs = set.split(';').map((s) => s.trim());
  for (const a of ['HttpOnly', 'SameSite=Lax', 'Path=/api/v1/oidc/idporten/callback', 'Max-Age=600']) {
    assert.ok(attrs.includes(a), `${a} missing: ${set}`);
  }
  // only a hash of the state is stored; the verifier is never sent
  assert.equal(sql(`SELECT count(*) FROM oidc_states WHERE state_hash = '${p.get('state')}'`), '0');
  assert.ok(!r.location.includes('code_verifier'));
  const [state] = rows(db.db, 'SELECT return_to, created_at, expires_at FROM oidc_states ORDER BY id DESC LIMIT 1');
  const returnTo = state.return_to;
  const life = (Date.parse(state.expires_at) - Date.parse(state.created_at)) / 1000;
  assert.equal(returnTo, '/planer?vis=1');
  assert.ok(Math.abs(Number(life) - 600) < 2, `a state lives 10 minutes, not ${life} s`);
});

test('a citizen logs in through ID-porten: the account is created for the person, the session works', async () => {
  const { res, browser } = await logIn('idporten', 'kari', { returnTo: '/mine-planer' });
  assert.equal(res.status, 302, res.text);
  const loc = new URL(res.location);
  assert.equal(loc.origin, h.url);
  assert.equal(loc.pathname, '/mine-planer');
  const csrf = loc.hash.match(/^#csrf_token=([A-Za-z0-9_-]{43})$/);
  assert.ok(csrf, `the CSRF token travels in the fragment: ${res.location}`);
  const set = res.headers.get('set-cookie');
  const attrs = set.split(';').map((s) => s.trim());
  assert.match(attrs[0], /^helhet_session=[A-Za-z0-9_-]{43}$/);
  for (const a of ['HttpOnly', 'SameSite=Strict', 'Path=/']) assert.ok(attrs.includes(a), `${a} missing: ${set}`);
  assert.ok(!attrs.includes('Secure'), 'no Secure flag over plain HTTP');

  const me = await h.api('GET', '/api/v1/me', { token: null, cookie: sessionCookie(browser) });
  assert.equal(me.status, 200, me.text);
  assert.equal(me.body.role, 'citizen');
  assert.equal(me.body.authenticated_by, 'session');
  assert.equal(me.body.staff_id, null);
  const person = sql(`SELECT id FROM persons WHERE national_id = '${KARI}'`);
  assert.equal(me.body.person_id, Number(person));
  assert.equal(me.body.name, 'Kari Nordmann', "the citizen's own name");
  assert.ok(!me.text.includes(KARI), 'the national ID number is not in the answer');
  // the account has no password and does not carry the number in its name
  assert.equal(sql(`SELECT count(*) FROM accounts WHERE id = ${me.body.account_id} AND password_hash IS NULL AND role = 'citizen'`), '1');
  assert.ok(!me.body.username.includes(KARI));
  // the state is used, and the CSRF token from the fragment is the session's
  const out = await h.api('DELETE', '/api/v1/session', { token: null, cookie: sessionCookie(browser), headers: { 'X-CSRF-Token': csrf[1] } });
  assert.equal(out.status, 204, out.text);
  assert.equal((await h.api('GET', '/api/v1/me', { token: null, cookie: sessionCookie(browser) })).status, 401);
  // the server log names no national ID number
  assert.ok(!h.stderr.includes(KARI), 'a national ID number in the server log');
});

test('a second log-in of the same citizen uses the same account; the default return_to is /', async () => {
  const first = await logIn('idporten', 'ola');
  assert.equal(first.res.status, 302, first.res.text);
  assert.equal(new URL(first.res.location).pathname, '/');
  const a = await h.api('GET', '/api/v1/me', { token: null, cookie: sessionCookie(first.browser) });
  const second = await logIn('idporten', 'ola');
  assert.equal(second.res.status, 302, second.res.text);
  const b = await h.api('GET', '/api/v1/me', { token: null, cookie: sessionCookie(second.browser) });
  assert.equal(a.status, 200);
  assert.equal(b.body.account_id, a.body.account_id);
  assert.notEqual(sessionCookie(first.browser), sessionCookie(second.browser));
  const person = sql(`SELECT id FROM persons WHERE national_id = '${OLA}'`);
  assert.equal(sql(`SELECT count(*) FROM accounts WHERE person_id = ${person}`), '1');
});

test('staff log in through HelseID (ES256 ID token) to the account linked to their subject', async () => {
  const { res, browser } = await logIn('helseid', 'lege-1', { returnTo: '/tavla' });
  assert.equal(res.status, 302, res.text);
  assert.equal(new URL(res.location).pathname, '/tavla');
  const me = await h.api('GET', '/api/v1/me', { token: null, cookie: sessionCookie(browser) });
  assert.equal(me.status, 200, me.text);
  assert.equal(me.body.username, 'lege');
  assert.equal(me.body.role, 'staff');
});

test('off-boarding: a deactivated staff account\'s HelseID session ends and it cannot log in through HelseID until reactivated', async () => {
  const first = await logIn('helseid', 'lege-1');
  assert.equal(first.res.status, 302, first.res.text);
  const cookie = sessionCookie(first.browser);
  assert.equal((await h.api('GET', '/api/v1/me', { token: null, cookie })).status, 200);
  let r = cli(['user', 'deactivate', '--db', h.db, '--user', 'lege']);
  assert.equal(r.status, 0, r.stderr);
  assertError(await h.api('GET', '/api/v1/me', { token: null, cookie }), 401, 'session_expired');
  const off = await logIn('helseid', 'lege-1');
  assertError(off.res, 401, 'oidc_no_account');
  assert.match(off.res.body.error.message, /deactivated/);
  r = cli(['user', 'reactivate', '--db', h.db, '--user', 'lege']);
  assert.equal(r.status, 0, r.stderr);
  const again = await logIn('helseid', 'lege-1');
  assert.equal(again.res.status, 302, again.res.text);
});

test('`helhet user link` links an existing account; a subject belongs to one account', async () => {
  let r = cli(['user', 'add', '--db', h.db, '--username', 'sykepleier', '--role', 'staff', '--no-password']);
  assert.equal(r.status, 0, r.stderr);
  r = cli(['user', 'link', '--db', h.db, '--username', 'sykepleier', '--oidc-provider', 'helseid', '--oidc-subject', 'lege-1']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /already linked/);
  r = cli(['user', 'link', '--db', h.db, '--username', 'ingen', '--oidc-provider', 'helseid', '--oidc-subject', 'x']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /no user named 'ingen'/);
  r = cli(['user', 'link', '--db', h.db, '--username', 'sykepleier', '--oidc-provider', 'Helse ID', '--oidc-subject', 'x']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /provider name/);
  r = cli(['user', 'link', '--db', h.db, '--username', 'sykepleier', '--oidc-provider', 'helseid']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /together/);
  // an add that cannot link creates nothing
  r = cli(['user', 'add', '--db', h.db, '--username', 'halv', '--no-password', '--oidc-provider', 'helseid', '--oidc-subject', 'lege-1']);
  assert.equal(r.status, 1);
  assert.equal(sql("SELECT count(*) FROM accounts WHERE username = 'halv'"), '0');
  r = cli(['user', 'link', '--db', h.db, '--username', 'sykepleier', '--oidc-provider', 'helseid', '--oidc-subject', 'lege-ukjent']);
  assert.equal(r.status, 0, r.stderr);
  const { res, browser } = await logIn('helseid', 'lege-ukjent');
  assert.equal(res.status, 302, res.text);
  const me = await h.api('GET', '/api/v1/me', { token: null, cookie: sessionCookie(browser) });
  assert.equal(me.body.username, 'sykepleier');
  // unlink again for the test of an unknown subject
  sql("UPDATE accounts SET oidc_provider = NULL, oidc_subject = NULL WHERE username = 'sykepleier'");
});

test('an unknown person or staff subject gets 401 oidc_no_account and no account is made', async () => {
  const before = sql('SELECT count(*) FROM accounts');
  const { res } = await logIn('idporten', 'ukjent');
  assertError(res, 401, 'oidc_no_account', null);
  assert.match(res.body.error.message, /national ID number/);
  assert.ok(!res.text.includes(NOBODY), 'the number is not echoed');
  assert.equal(res.headers.get('set-cookie'), null);
  const staff = await logIn('helseid', 'lege-ukjent');
  assertError(staff.res, 401, 'oidc_no_account', null);
  assert.match(staff.res.body.error.message, /helhet user link/);
  // a staff provider never maps citizens, a citizen provider never staff
  const citizenAtStaff = await logIn('helseid', 'kari');
  assertError(citizenAtStaff.res, 401, 'oidc_no_account');
  const missing = await logIn('idporten', 'utenpid');
  assertError(missing.res, 401, 'oidc_token_invalid');
  assert.match(missing.res.body.error.message, /'pid' claim/);
  assert.equal(sql('SELECT count(*) FROM accounts'), before);
  // a deactivated citizen account is not replaced by a new one
  const person = sql(`SELECT id FROM persons WHERE national_id = '${OLA}'`);
  sql(`UPDATE accounts SET active = 0 WHERE person_id = ${person}`);
  const off = await logIn('idporten', 'ola');
  assertError(off.res, 401, 'oidc_no_account');
  assert.match(off.res.body.error.message, /deactivated/);
  sql(`UPDATE accounts SET active = 1 WHERE person_id = ${person}`);
  assert.equal(sql('SELECT count(*) FROM accounts'), before);
});

test('a wrong, missing or foreign state gets 400 oidc_state_invalid', async () => {
  const browser = new Browser();
  const { callback } = await throughProvider(browser, 'idporten', 'kari');
  const wrong = new URL(callback);
  wrong.searchParams.set('state', 'A'.repeat(43));
  assertError(await browser.request(wrong.href), 400, 'oidc_state_invalid', 'state');
  const none = new URL(callback);
  none.searchParams.delete('state');
  assertError(await browser.request(none.href), 400, 'oidc_state_invalid', 'state');
  // the right callback in another browser (log-in CSRF): refused, and it
  // does not use up the state
  const other = await new Browser().request(callback);
  assertError(other, 400, 'oidc_state_invalid', 'state');
  assert.match(other.body.error.message, /browser/);
  const ok = await browser.request(callback);
  assert.equal(ok.status, 302, ok.text);
});

test('a callback used twice gets 400 oidc_state_invalid; a replayed code gets 401 oidc_token_exchange_failed', async () => {
  const { res, browser, callback } = await logIn('idporten', 'kari');
  assert.equal(res.status, 302, res.text);
  const again = await browser.request(callback);
  assertError(again, 400, 'oidc_state_invalid', 'state');
  assert.match(again.body.error.message, /used/);
  assert.equal(again.headers.get('set-cookie'), null);
  // the used code with a fresh state of the same browser: the provider refuses it
  const fresh = await browser.request(`${h.url}/api/v1/oidc/idporten/login`);
  const state = new URL(fresh.location).searchParams.get('state');
  const replay = new URL(callback);
  replay.searchParams.set('state', state);
  const r = await browser.request(replay.href);
  assertError(r, 401, 'oidc_token_exchange_failed', null);
  assert.match(r.body.error.message, /invalid_grant/);
});

test('an expired state gets 400 oidc_state_invalid', async () => {
  const { res } = await logIn('idporten', 'kari', {
    beforeCallback: () => sql("UPDATE oidc_states SET expires_at = '2000-01-01T00:00:00Z' WHERE used_at IS NULL"),
  });
  assertError(res, 400, 'oidc_state_invalid', 'state');
  assert.match(res.body.error.message, /expired/);
});

test('a state begun at one provider is refused at the other', async () => {
  const browser = new Browser();
  const { callback } = await throughProvider(browser, 'idporten', 'kari');
  const u = new URL(callback);
  u.pathname = '/api/v1/oidc/helseid/callback';
  // the binding cookie is the same browser's
  const r = await browser.request(u.href);
  assertError(r, 400, 'oidc_state_invalid', 'state');
  assert.match(r.body.error.message, /another identity provider/);
});

test('the provider\'s error (the user cancelled) gets 401 oidc_provider_error', async () => {
  const { res } = await logIn('idporten', 'kari', { abort: true });
  assertError(res, 401, 'oidc_provider_error', null);
  assert.match(res.body.error.message, /access_denied/);
});

// What Chromium sends as Accept on a navigation.
const NAVIGATION = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';

test('a refused callback or log-in start reached by a browser navigation is sent to the log-in page with the code', async () => {
  const expectLogin = (res, code) => {
    assert.equal(res.status, 302, res.text);
    assert.equal(res.location, `${h.url}/app/login?error=${code}`);
    assert.equal(res.headers.get('set-cookie'), null, 'no session');
    assert.equal(res.text, '');
  };
  // the user cancelled at the provider
  const browser = new Browser();
  const cancelled = await throughProvider(browser, 'idporten', 'kari', { abort: true });
  expectLogin(await browser.request(cancelled.callback, { accept: NAVIGATION }), 'oidc_provider_error');
  // a person the tenant does not have
  const nobody = new Browser();
  const unknown = await throughProvider(nobody, 'idporten', 'ukjent');
  expectLogin(await nobody.request(unknown.callback, { accept: NAVIGATION }), 'oidc_no_account');
  // a callback from another browser (bad state); used again
  const { callback } = await throughProvider(new Browser(), 'idporten', 'kari');
  expectLogin(await new Browser().request(callback, { accept: 'text/html' }), 'oidc_state_invalid');
  // a program asking for JSON keeps the JSON error
  assertError(await new Browser().request(callback, { accept: 'application/json' }), 400, 'oidc_state_invalid', 'state');
  // the start of a log-in refused (a provider the server does not know) goes the same way
  expectLogin(await new Browser().request(`${h.url}/api/v1/oidc/ukjent/login?return_to=/app`, { accept: NAVIGATION }), 'oidc_unknown_provider');
  // a successful navigation is the usual redirect with the token
  const ok = new Browser();
  const good = await throughProvider(ok, 'idporten', 'kari', { returnTo: '/app' });
  const res = await ok.request(good.callback, { accept: NAVIGATION });
  assert.equal(res.status, 302, res.text);
  assert.match(res.location, /\/app#csrf_token=[A-Za-z0-9_-]{43}$/);
  // each refusal is audited as before
  const r = await h.api('GET', '/api/v1/audit?action=oidc_login&outcome=refused&limit=500');
  assert.equal(r.status, 200, r.text);
  for (const code of ['oidc_provider_error', 'oidc_no_account', 'oidc_state_invalid']) {
    assert.ok(r.body.items.some((a) => a.code === code), `no refused entry with ${code}`);
  }
});

// Runs a whole log-in with the provider's ID token replaced by tamper(token);
// a refused token must leave no session behind.
async function withToken(tamper) {
  op.tamperNext(tamper);
  const { res } = await logIn('idporten', 'kari');
  if (res.status !== 302) assert.equal(res.headers.get('set-cookie'), null, 'no session for a bad token');
  return res;
}

test('the interceptor itself: a re-signed but unchanged token is accepted', async () => {
  const res = await withToken((t) => op.resign(t));
  assert.equal(res.status, 302, res.text);
});

test('a wrong nonce gets 401 oidc_token_invalid (nonce)', async () => {
  const res = await withToken((t) => op.resign(t, { nonce: 'en-annen-nonce' }));
  assertError(res, 401, 'oidc_token_invalid', null);
  assert.match(res.body.error.message, /nonce/);
  const none = await withToken((t) => op.resign(t, { nonce: undefined }));
  assertError(none, 401, 'oidc_token_invalid');
  assert.match(none.body.error.message, /nonce/);
});

test('an ID token signed with another key gets 401 oidc_token_invalid (signature)', async () => {
  const other = await makeKey('RS256', 'rsa-1');
  // the provider's key id, another key
  const sameKid = await withToken((t) => op.resign(t, {}, { key: other.privateKey }));
  assertError(sameKid, 401, 'oidc_token_invalid', null);
  assert.match(sameKid.body.error.message, /signature/);
  // a key id the provider does not publish (Helhet fetches the keys again, once)
  const newKid = await withToken((t) => op.resign(t, {}, { key: other.privateKey, kid: 'ukjent-nokkel' }));
  assertError(newKid, 401, 'oidc_token_invalid');
  assert.match(newKid.body.error.message, /signature.*kid/);
  // the provider's EC key used with RS256's name, and an RSA signature named ES256
  const ecAsRs = await withToken((t) => op.resign(t, {}, { key: op.keys.ec.privateKey, alg: 'ES256', kid: 'rsa-1' }));
  assertError(ecAsRs, 401, 'oidc_token_invalid');
  assert.match(ecAsRs.body.error.message, /signature/);
});

test('an HMAC-signed ID token (the client secret as key) gets 401 oidc_token_invalid', async () => {
  const res = await withToken((t) => op.resign(t, {}, { key: new TextEncoder().encode(SECRET.idporten), alg: 'HS256' }));
  assertError(res, 401, 'oidc_token_invalid');
  assert.match(res.body.error.message, /signature.*HMAC/);
});

test('an expired ID token gets 401 oidc_token_invalid (expired); one from the future too', async () => {
  const now = Math.floor(Date.now() / 1000);
  const res = await withToken((t) => op.resign(t, { iat: now - 7200, exp: now - 3600 }));
  assertError(res, 401, 'oidc_token_invalid', null);
  assert.match(res.body.error.message, /expired/);
  const future = await withToken((t) => op.resign(t, { iat: now + 3600, exp: now + 7200 }));
  assertError(future, 401, 'oidc_token_invalid');
  assert.match(future.body.error.message, /future/);
  // within the minute of clock skew it still holds
  const skewed = await withToken((t) => op.resign(t, { exp: now - 20 }));
  assert.equal(skewed.status, 302, skewed.text);
});

test('an unsigned ID token (alg none) gets 401 oidc_token_invalid (signature)', async () => {
  const res = await withToken((t) => op.unsigned(t));
  assertError(res, 401, 'oidc_token_invalid', null);
  assert.match(res.body.error.message, /signature.*none/);
});

test('an ID token for another client gets 401 oidc_token_invalid (audience)', async () => {
  const res = await withToken((t) => op.resign(t, { aud: 'en-annen-klient', azp: undefined }));
  assertError(res, 401, 'oidc_token_invalid', null);
  assert.match(res.body.error.message, /audience/);
  // several audiences need azp naming us
  const several = await withToken((t) => op.resign(t, { aud: ['helhet-idporten', 'en-annen-klient'], azp: undefined }));
  assertError(several, 401, 'oidc_token_invalid');
  assert.match(several.body.error.message, /audience.*azp/);
  const azp = await withToken((t) => op.resign(t, { aud: ['helhet-idporten', 'en-annen-klient'], azp: 'helhet-idporten' }));
  assert.equal(azp.status, 302, azp.text);
  const otherAzp = await withToken((t) => op.resign(t, { azp: 'en-annen-klient' }));
  assertError(otherAzp, 401, 'oidc_token_invalid');
});

test('an ID token from another issuer gets 401 oidc_token_invalid (issuer)', async () => {
  const res = await withToken((t) => op.resign(t, { iss: 'https://falsk.example' }));
  assertError(res, 401, 'oidc_token_invalid', null);
  assert.match(res.body.error.message, /issuer/);
});

test('a tampered token of another person is refused, not mapped', async () => {
  // a token whose signature no longer covers its payload (pid swapped)
  const res = await withToken((t) => {
    const [head, , sig] = t.split('.');
    const claims = JSON.parse(Buffer.from(t.split('.')[1], 'base64url'));
    claims.pid = OLA;
    return `${head}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${sig}`;
  });
  assertError(res, 401, 'oidc_token_invalid');
  assert.match(res.body.error.message, /signature/);
});

test('unknown providers get 404; return_to must be a path on this site', async () => {
  assertError(await h.api('GET', '/api/v1/oidc/ukjent/login', { token: null }), 404, 'oidc_unknown_provider');
  assertError(await h.api('GET', '/api/v1/oidc/ukjent/callback?state=x&code=y', { token: null }), 404, 'oidc_unknown_provider');
  assertError(await h.api('GET', '/api/v1/oidc/Ukjent/login', { token: null }), 404, 'no_such_resource');
  for (const bad of ['//evil.example/x', 'https://evil.example/', '/\\evil.example', 'relative', '/a b', '/a#b', '/x\n']) {
    const r = await h.api('GET', `/api/v1/oidc/idporten/login?return_to=${encodeURIComponent(bad)}`, { token: null });
    assertError(r, 422, 'invalid_return_to', 'return_to');
  }
  assertError(await h.api('GET', '/api/v1/oidc/idporten/login?next=/x', { token: null }), 422, 'unknown_parameter', 'next');
  assertError(await h.api('POST', '/api/v1/oidc/idporten/login', { token: null }), 405, 'method_not_allowed');
});

test('a provider that cannot be reached gets 502 oidc_provider_unavailable', async () => {
  const r = await h.api('GET', '/api/v1/oidc/nede/login', { token: null });
  assertError(r, 502, 'oidc_provider_unavailable', null);
  assert.match(r.body.error.message, /'nede'.*discovery/);
  assert.equal(r.headers.get('set-cookie'), null);
  assert.equal(sql("SELECT count(*) FROM oidc_states WHERE provider = 'nede'"), '0');
});

test('a callback without a code gets 400 oidc_code_missing', async () => {
  const browser = new Browser();
  const { callback } = await throughProvider(browser, 'idporten', 'kari');
  const u = new URL(callback);
  u.searchParams.delete('code');
  assertError(await browser.request(u.href), 400, 'oidc_code_missing', 'code');
});

test('serve --help documents --oidc and HELHET_OIDC', () => {
  const r = cli(['serve', '--help']);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /--oidc FILE/);
  assert.match(r.stdout, /HELHET_OIDC/);
});

test('serve refuses a bad --oidc file, naming the field', async () => {
  const write = (obj) => {
    const f = join(db.dir, `bad-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(f, typeof obj === 'string' ? obj : JSON.stringify(obj));
    return f;
  };
  const good = { name: 'x', kind: 'citizen', issuer: 'https://idp.example', client_id: 'c', client_secret: 's',
    redirect_uri: 'https://helhet.example/api/v1/oidc/x/callback', tenant: 'test' };
  const cases = [
    ['{"providers": [', /oidc\.json|bad-.*json:1/],
    [{ providers: [] }, /providers must be a list/],
    [{ providers: [{ ...good, issuer: 'http://idp.example' }] }, /providers\[0\]\.issuer must be an https URL/],
    [{ providers: [{ ...good, kind: 'patient' }] }, /providers\[0\]\.kind must be citizen or staff/],
    [{ providers: [good, { ...good, client_id: undefined }] }, /providers\[1\]\.client_id is required/],
    [{ providers: [{ ...good, tenant: 'nowhere' }] }, /providers\[0\]\.tenant names no tenant/],
    [{ providers: [{ ...good, tenant: undefined }] }, /providers\[0\]\.tenant is required/],
    [{ providers: [{ ...good, redirect_uri: 'https://helhet.example/callback' }] }, /providers\[0\]\.redirect_uri must end with \/api\/v1\/oidc\/x\/callback/],
    [{ providers: [{ ...good, scope: 'profile' }] }, /providers\[0\]\.scope must include openid/],
    [{ providers: [{ ...good, name: 'X Y' }] }, /providers\[0\]\.name must have/],
    [{ providers: [{ ...good, secret: 'x' }] }, /providers\[0\]\.secret is not a known field/],
    [{ providers: [good, good] }, /providers\[1\]\.name is used by an earlier provider/],
  ];
  for (const [content, message] of cases) {
    const r = cli(['serve', '--db', h.db, '--listen', '127.0.0.1:0', '--oidc', write(content)]);
    assert.equal(r.status, 2, `${JSON.stringify(content)}: ${r.stderr}`);
    assert.match(r.stderr, message);
  }
  const r = cli(['serve', '--db', h.db, '--listen', '127.0.0.1:0', '--oidc', join(db.dir, 'missing.json')]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /missing\.json/);
  // the environment names the file when the flag does not
  const env = cli(['serve', '--db', h.db, '--listen', '127.0.0.1:0'], { env: { HELHET_OIDC: write({ providers: [] }) } });
  assert.equal(env.status, 2);
  assert.match(env.stderr, /providers must be a list/);
});

test('every log-in through a provider, and every refusal, is in the audit log', async () => {
  const { res, browser } = await logIn('idporten', 'kari');
  assert.equal(res.status, 302, res.text);
  const me = await h.api('GET', '/api/v1/me', { token: null, cookie: sessionCookie(browser) });
  const r = await h.api('GET', '/api/v1/audit?action=oidc_login&limit=500');
  assert.equal(r.status, 200, r.text);
  const entries = r.body.items;
  // the administrator also sees refusals that belong to no tenant (an unknown provider)
  assert.ok(entries.every((a) => a.object === 'session' && a.action === 'oidc_login' && (a.tenant_id === me.body.tenant_id || (a.tenant_id === null && a.outcome === 'refused'))));
  const mine = entries.find((a) => a.outcome === 'allowed' && a.account_id === me.body.account_id);
  assert.ok(mine, `no allowed entry for account ${me.body.account_id}`);
  assert.equal(mine.code, null);
  assert.equal(mine.person_id, me.body.person_id);
  assert.equal(typeof mine.object_id, 'number', 'the session is named');
  assert.equal(sql(`SELECT account_id FROM sessions WHERE id = ${mine.object_id}`), String(me.body.account_id));
  assert.match(mine.request_id, /^[0-9a-f]+$/);
  const codes = new Set(entries.filter((a) => a.outcome === 'refused').map((a) => a.code));
  for (const code of ['oidc_state_invalid', 'oidc_code_missing', 'oidc_provider_error', 'oidc_token_exchange_failed',
    'oidc_token_invalid', 'oidc_no_account', 'invalid_return_to']) {
    assert.ok(codes.has(code), `no refused entry with ${code}: ${[...codes]}`);
  }
  // a refusal after the account was found (deactivated) names the account
  const ola = sql(`SELECT a.id FROM accounts a JOIN persons p ON p.id = a.person_id WHERE p.national_id = '${OLA}'`);
  assert.ok(entries.some((a) => a.outcome === 'refused' && a.code === 'oidc_no_account' && a.account_id === Number(ola)));
  assert.ok(!r.text.includes(KARI) && !r.text.includes(NOBODY), 'no national ID number in the audit log');
});
