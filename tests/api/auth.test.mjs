// auth.test.mjs - log-in with a password and a one-time code, the session
// cookie and its CSRF token, log-out, forged credentials, and tokens made and
// revoked by the CLI (SPEC sections 6 and 9). Limits, lockout, one-time codes
// and time-outs in detail: login.test.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { startServer, cli, assertError, addUser, loginWithCode, freshCode, PASSWORD, sql as dbSql, dumpDatabase, ENGINE } from './harness.mjs';
import { base32Decode, totp } from './totp.mjs';

let h;
before(async () => { h = await startServer(); });
after(async () => { await h.stop(); });

const ORG = { name: 'Tildelingskontoret', kind: 'unit', level: 'municipal' };

// Logs a new administrator in: a fresh account each time, because each
// one-time code is accepted only once. Returns {cookie, value, csrf, res, user}.
let admins = 0;
async function login(opts = {}) {
  const user = addUser(h.db, `admin${++admins}`, { role: 'admin' });
  return { ...(await loginWithCode(h, user, opts)), user };
}

test('log-in answers 201 with an HttpOnly SameSite=Strict cookie and a CSRF token', async () => {
  const { res, value, csrf, user } = await login();
  const set = res.headers.get('set-cookie');
  const attrs = set.split(';').map((s) => s.trim());
  assert.ok(attrs.includes('HttpOnly'), set);
  assert.ok(attrs.includes('SameSite=Strict'), set);
  assert.ok(attrs.includes('Path=/'), set);
  assert.ok(!attrs.includes('Secure'), 'no Secure flag over plain HTTP');
  assert.match(value, /^[A-Za-z0-9_-]{43}$/);
  assert.equal(typeof csrf, 'string');
  assert.match(csrf, /^[A-Za-z0-9_-]{43}$/);
  assert.notEqual(csrf, value, 'the CSRF token is not the cookie');
  assert.equal(res.body.username, user.username);
  assert.equal(res.body.role, 'admin');
  assert.equal(res.body.authenticated_by, 'session');
  // the session id is never in the body
  assert.ok(!res.text.includes(value));
});

test('the cookie is Secure behind a TLS proxy', async () => {
  const { res } = await login({ headers: { 'X-Forwarded-Proto': 'https' } });
  assert.ok(res.headers.get('set-cookie').split(';').map((s) => s.trim()).includes('Secure'));
});

test('GET /me with the cookie tells who is logged in', async () => {
  const { cookie, user } = await login();
  const me = await h.api('GET', '/api/v1/me', { token: null, cookie });
  assert.equal(me.status, 200, me.text);
  assert.equal(me.body.username, user.username);
  assert.equal(me.body.account_id, user.id);
  assert.equal(me.body.role, 'admin');
  assert.equal(me.body.authenticated_by, 'session');
  assert.equal(typeof me.body.account_id, 'number');
  assert.equal(typeof me.body.tenant_id, 'number');
  assert.equal(me.body.csrf_token, undefined, 'the CSRF token is only given at log-in');
});

test('each log-in is its own session with its own CSRF token', async () => {
  const a = await login();
  const b = await login();
  assert.notEqual(a.value, b.value);
  assert.notEqual(a.csrf, b.csrf);
  // a's token does not fit b's session
  const r = await h.api('POST', '/api/v1/organisations', {
    token: null, cookie: b.cookie, headers: { 'X-CSRF-Token': a.csrf }, body: ORG,
  });
  assertError(r, 403, 'csrf_mismatch');
});

test('a state-changing request on a cookie needs the right X-CSRF-Token', async () => {
  const { cookie, csrf } = await login();
  const before = await h.api('GET', '/api/v1/organisations');
  assertError(await h.api('POST', '/api/v1/organisations', { token: null, cookie, body: ORG }),
    403, 'csrf_missing', null);
  assertError(await h.api('POST', '/api/v1/organisations', {
    token: null, cookie, headers: { 'X-CSRF-Token': 'wrong' }, body: ORG,
  }), 403, 'csrf_mismatch', null);
  assertError(await h.api('POST', '/api/v1/organisations', {
    token: null, cookie, headers: { 'X-CSRF-Token': '' }, body: ORG,
  }), 403, 'csrf_mismatch');
  assertError(await h.api('POST', '/api/v1/organisations', {
    token: null, cookie, headers: { 'X-CSRF-Token': csrf + 'x' }, body: ORG,
  }), 403, 'csrf_mismatch');
  // nothing was written by the refused requests
  assert.deepEqual((await h.api('GET', '/api/v1/organisations')).body, before.body);
  const ok = await h.api('POST', '/api/v1/organisations', {
    token: null, cookie, headers: { 'X-CSRF-Token': csrf }, body: ORG,
  });
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.body.name, ORG.name);
  // reads need no CSRF token
  const got = await h.api('GET', `/api/v1/organisations/${ok.body.id}`, { token: null, cookie });
  assert.equal(got.status, 200);
  // PATCH and DELETE are state-changing too
  assertError(await h.api('PATCH', `/api/v1/organisations/${ok.body.id}`, {
    token: null, cookie, headers: { 'If-Match': '"1"' }, body: { short_name: 'TK' },
  }), 403, 'csrf_missing');
  assertError(await h.api('DELETE', '/api/v1/session', { token: null, cookie }), 403, 'csrf_missing');
});

test('an unknown user and a wrong password get the identical answer', async () => {
  const wrongPw = await h.api('POST', '/api/v1/session', { token: null, body: { username: 'admin', password: 'feil-passord-9' } });
  const noUser = await h.api('POST', '/api/v1/session', { token: null, body: { username: 'ingen', password: PASSWORD } });
  assertError(wrongPw, 401, 'login_failed', null);
  assertError(noUser, 401, 'login_failed', null);
  assert.equal(noUser.status, wrongPw.status);
  assert.deepEqual(noUser.body, wrongPw.body);
  assert.equal(wrongPw.headers.get('set-cookie'), null);
  assert.equal(noUser.headers.get('set-cookie'), null);
  // an empty password too
  assertError(await h.api('POST', '/api/v1/session', { token: null, body: { username: 'admin', password: '' } }),
    401, 'login_failed');
});

test('log-in input is validated', async () => {
  assertError(await h.api('POST', '/api/v1/session', { token: null, body: { username: 'admin' } }),
    422, 'required', 'password');
  assertError(await h.api('POST', '/api/v1/session', { token: null, body: { password: PASSWORD } }),
    422, 'required', 'username');
  assertError(await h.api('POST', '/api/v1/session', { token: null, body: { username: 7, password: PASSWORD } }),
    422, 'wrong_type', 'username');
  assertError(await h.api('POST', '/api/v1/session', {
    token: null, body: { username: 'admin', password: PASSWORD, remember: true },
  }), 422, 'unknown_field', 'remember');
  assertError(await h.api('POST', '/api/v1/session', { token: null, body: { username: 'admin', password: PASSWORD, otp: 123456 } }),
    422, 'wrong_type', 'otp');
  assertError(await h.api('POST', '/api/v1/session', { token: null, body: '{"username":' }), 400, 'malformed_json');
  assertError(await h.api('POST', '/api/v1/session', { token: null }), 400, 'body_required');
});

test('DELETE /session logs out: the cookie no longer works', async () => {
  const { cookie, csrf } = await login();
  assert.equal((await h.api('GET', '/api/v1/me', { token: null, cookie })).status, 200);
  const out = await h.api('DELETE', '/api/v1/session', { token: null, cookie, headers: { 'X-CSRF-Token': csrf } });
  assert.equal(out.status, 204, out.text);
  const set = out.headers.get('set-cookie');
  assert.match(set, /^helhet_session=;/);
  assert.match(set, /Max-Age=0/);
  const me = await h.api('GET', '/api/v1/me', { token: null, cookie });
  assert.equal(me.status, 401, me.text);
  assert.equal(typeof me.body.error.code, 'string');
  const w = await h.api('POST', '/api/v1/organisations', { token: null, cookie, headers: { 'X-CSRF-Token': csrf }, body: ORG });
  assert.equal(w.status, 401, w.text);
  // other sessions live on
  const other = await login();
  assert.equal((await h.api('GET', '/api/v1/me', { token: null, cookie: other.cookie })).status, 200);
});

test('forged and malformed credentials get 401', async () => {
  const forged = 'helhet_session=' + 'A'.repeat(43);
  for (const cookie of [forged, 'helhet_session=', 'helhet_session=' + 'x'.repeat(500), 'other=1']) {
    const r = await h.api('GET', '/api/v1/me', { token: null, cookie });
    assert.equal(r.status, 401, `${cookie}: ${r.text}`);
    assert.ok(r.body.error.code);
    assert.equal(r.body.error.field, null);
  }
  // a forged cookie with a CSRF header is still no one
  const w = await h.api('POST', '/api/v1/organisations', { token: null, cookie: forged, headers: { 'X-CSRF-Token': 'x' }, body: ORG });
  assert.equal(w.status, 401);
  for (const auth of ['Basic x', 'Basic YWRtaW46dGVzdC1wYXNzb3JkLTE=', 'Bearer', 'Bearer ', 'Token ' + h.token, h.token]) {
    const r = await h.api('GET', '/api/v1/me', { token: null, headers: { Authorization: auth } });
    assertError(r, 401, 'unauthenticated');
  }
  assertError(await h.api('GET', '/api/v1/me', { token: h.token + 'x' }), 401, 'unauthenticated');
  assertError(await h.api('GET', '/api/v1/me', { token: 'hh_' + 'A'.repeat(43) }), 401, 'unauthenticated');
  assertError(await h.api('GET', '/api/v1/me', { token: 'x'.repeat(1000) }), 401, 'unauthenticated');
  // with no credentials at all
  assertError(await h.api('GET', '/api/v1/me', { token: null }), 401, 'unauthenticated');
});

test('a Bearer token made by `helhet token create` works; the scheme is case-insensitive', async () => {
  const r = cli(['token', 'create', '--db', h.db, '--user', 'admin', '--label', 'integrasjon']);
  assert.equal(r.status, 0, r.stderr);
  const token = r.stdout.trim();
  assert.match(token, /^hh_[A-Za-z0-9_-]{43}$/);
  assert.notEqual(token, h.token);
  const me = await h.api('GET', '/api/v1/me', { token });
  assert.equal(me.status, 200, me.text);
  assert.equal(me.body.username, 'admin');
  assert.equal(me.body.authenticated_by, 'token');
  const lower = await h.api('GET', '/api/v1/me', { token: null, headers: { Authorization: `bearer ${token}` } });
  assert.equal(lower.status, 200, lower.text);
  // a token needs no CSRF header
  const w = await h.api('POST', '/api/v1/organisations', { token, body: { ...ORG, name: 'Via token' } });
  assert.equal(w.status, 201, w.text);
});

test('a token of an unknown user cannot be made', () => {
  const r = cli(['token', 'create', '--db', h.db, '--user', 'ingen']);
  assert.equal(r.status, 1);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /no user named 'ingen'/);
});

// Changes the database behind the server's back (with the engine's shell,
// sqlite3 or psql), to age sessions and tokens.
function sql(statement) {
  return dbSql(h.db, statement);
}

test('an expired session gets 401 session_expired', async () => {
  const { cookie } = await login();
  assert.equal((await h.api('GET', '/api/v1/me', { token: null, cookie })).status, 200);
  const id = sql('SELECT max(id) FROM sessions');
  sql(`UPDATE sessions SET expires_at = '2000-01-01T00:00:00Z' WHERE id = ${id}`);
  assertError(await h.api('GET', '/api/v1/me', { token: null, cookie }), 401, 'session_expired', null);
});

test('a session idle for longer than 30 minutes gets 401; activity keeps it alive', async () => {
  const a = await login();
  const idA = sql('SELECT max(id) FROM sessions');
  const b = await login();
  const idB = sql('SELECT max(id) FROM sessions');
  const iso = (msAgo) => new Date(Date.now() - msAgo).toISOString().replace(/\.\d+Z$/, 'Z');
  sql(`UPDATE sessions SET last_seen_at = '${iso(31 * 60 * 1000)}' WHERE id = ${idA}`);
  sql(`UPDATE sessions SET last_seen_at = '${iso(29 * 60 * 1000)}' WHERE id = ${idB}`);
  assertError(await h.api('GET', '/api/v1/me', { token: null, cookie: a.cookie }), 401, 'session_expired');
  assert.equal((await h.api('GET', '/api/v1/me', { token: null, cookie: b.cookie })).status, 200);
  // the request refreshed b's last activity
  const seen = sql(`SELECT last_seen_at FROM sessions WHERE id = ${idB}`);
  assert.ok(seen > iso(60 * 1000), `last_seen_at ${seen} was not refreshed`);
});

test('revoked and expired tokens, and inactive accounts, get 401', async () => {
  const mk = () => {
    const r = cli(['token', 'create', '--db', h.db, '--user', 'admin']);
    assert.equal(r.status, 0, r.stderr);
    return { token: r.stdout.trim(), id: sql('SELECT max(id) FROM tokens') };
  };
  const revoked = mk();
  const expired = mk();
  const fine = mk();
  for (let i = 0; i < 8; i++) assert.equal((await h.api('GET', '/api/v1/me', { token: revoked.token })).status, 200);
  sql(`UPDATE tokens SET revoked_at = '2024-01-01T00:00:00Z' WHERE id = ${revoked.id}`);
  sql(`UPDATE tokens SET expires_at = '2000-01-01T00:00:00Z' WHERE id = ${expired.id}`);
  assertError(await h.api('GET', '/api/v1/me', { token: revoked.token }), 401, 'unauthenticated');
  assertError(await h.api('GET', '/api/v1/me', { token: expired.token }), 401, 'unauthenticated');
  assert.equal((await h.api('GET', '/api/v1/me', { token: fine.token })).status, 200);
  // a token with --days is valid until then
  const days = cli(['token', 'create', '--db', h.db, '--user', 'admin', '--days', '1']);
  assert.equal((await h.api('GET', '/api/v1/me', { token: days.stdout.trim() })).status, 200);
  const exp = sql('SELECT expires_at FROM tokens ORDER BY id DESC LIMIT 1');
  assert.match(exp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  // a deactivated account: its tokens, sessions and password all stop working
  const sluttet = addUser(h.db, 'sluttet', { role: 'staff', password: 'passord-789' });
  const t = cli(['token', 'create', '--db', h.db, '--user', 'sluttet']).stdout.trim();
  const s = await loginWithCode(h, sluttet);
  sql("UPDATE accounts SET active = 0 WHERE username = 'sluttet'");
  assertError(await h.api('GET', '/api/v1/me', { token: t }), 401, 'unauthenticated');
  assert.equal((await h.api('GET', '/api/v1/me', { token: null, cookie: s.cookie })).status, 401);
  assertError(await h.api('POST', '/api/v1/session', {
    token: null, body: { username: 'sluttet', password: 'passord-789', otp: await freshCode(sluttet.secret) },
  }), 401, 'login_failed');
});

test('only hashes of tokens and sessions are stored', async () => {
  const { value, csrf } = await login();
  const r = cli(['token', 'create', '--db', h.db, '--user', 'admin']);
  const token = r.stdout.trim();
  const dump = dumpDatabase(h.db);
  assert.ok(dump.length > 1000);
  assert.ok(!dump.includes(value), 'the session cookie is stored in clear');
  assert.ok(!dump.includes(token), 'the token is stored in clear');
  assert.ok(!dump.includes(token.slice(3)), 'the token is stored in clear');
  assert.ok(!dump.includes(PASSWORD), 'the password is stored in clear');
  assert.ok(dump.includes(csrf), 'the CSRF token is kept with the session');
});

test('staff and administrators need a one-time code after the right password', async () => {
  const staff = addUser(h.db, 'kontor', { role: 'staff' });
  const noCode = await h.api('POST', '/api/v1/session', { token: null, body: { username: staff.username, password: staff.password } });
  assertError(noCode, 401, 'otp_required', 'otp');
  assert.equal(noCode.headers.get('set-cookie'), null);
  // the harness's administrator has no secret: a password alone never lets it in
  assertError(await h.api('POST', '/api/v1/session', { token: null, body: { username: 'admin', password: PASSWORD } }),
    401, 'otp_not_enrolled', 'otp');
  // a citizen logs in with the password alone (in the demo; normally ID-porten)
  const citizen = addUser(h.db, 'borger', { role: 'citizen' });
  const c = await loginWithCode(h, citizen);
  assert.equal(c.res.body.role, 'citizen');
  const s = await loginWithCode(h, staff);
  assert.equal(s.res.body.role, 'staff');
});

test('`helhet token revoke` refuses a token from the next request on; --user revokes them all', async () => {
  const mk = () => cli(['token', 'create', '--db', h.db, '--user', 'admin']).stdout.trim();
  const one = mk();
  const two = mk();
  const three = mk();
  // used often enough that every worker remembers its actor (trust/actor_cache.h)
  for (let i = 0; i < 8; i++) assert.equal((await h.api('GET', '/api/v1/me', { token: one })).status, 200);
  let r = cli(['token', 'revoke', '--db', h.db, '--token', one]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'revoked 1 token\n');
  assertError(await h.api('GET', '/api/v1/me', { token: one }), 401, 'unauthenticated');
  assert.equal((await h.api('GET', '/api/v1/me', { token: two })).status, 200);
  // again, or a token that never was: nothing to revoke
  r = cli(['token', 'revoke', '--db', h.db, '--token', one]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /no live token/);
  // from standard input, so the token stays out of the process list
  r = cli(['token', 'revoke', '--db', h.db, '--token', '-'], { input: two + '\n' });
  assert.equal(r.status, 0, r.stderr);
  assertError(await h.api('GET', '/api/v1/me', { token: two }), 401, 'unauthenticated');
  // every token of a user: the harness's own token too, so make a new one after
  const other = addUser(h.db, 'integrasjon', { role: 'staff', totp: false });
  const theirs = cli(['token', 'create', '--db', h.db, '--user', other.username]).stdout.trim();
  r = cli(['token', 'revoke', '--db', h.db, '--user', other.username]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'revoked 1 token\n');
  assertError(await h.api('GET', '/api/v1/me', { token: theirs }), 401, 'unauthenticated');
  assert.equal((await h.api('GET', '/api/v1/me', { token: three })).status, 200, 'other users keep theirs');
  r = cli(['token', 'revoke', '--db', h.db, '--user', 'ingen']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /no user named 'ingen'/);
  r = cli(['token', 'revoke', '--db', h.db]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--token TOKEN or --user NAME/);
});

// ---- one-time code secrets at rest (issue 11, point 8) -------------------

// Whether the bytes occur in the database: in the SQLite file or its
// write-ahead log; in what pg_dump reads out of a PostgreSQL database (as
// they are, or as a bytea in hex). PostgreSQL's files belong to its server.
function inDatabaseFiles(db, bytes) {
  if (ENGINE !== 'sqlite') {
    const dump = dumpDatabase(db);
    return dump.includes(bytes.toString('latin1')) || dump.includes(bytes.toString('utf8')) || dump.includes(bytes.toString('hex'));
  }
  const file = db.replace(/^sqlite:/, '');
  return [file, `${file}-wal`].some((f) => existsSync(f) && readFileSync(f).includes(bytes));
}

test('one-time code secrets are sealed with the key file: the database holds neither the base32 nor the bytes', async () => {
  const u = addUser(h.db, 'sigrid', { role: 'staff' });
  const file = h.db;
  const stored = dbSql(file, "SELECT totp_secret FROM accounts WHERE username = 'sigrid'");
  assert.match(stored, /^x1:[A-Za-z0-9_-]{70,}$/, stored);
  assert.ok(!inDatabaseFiles(file, Buffer.from(u.secret)), 'the base32 secret is in the database');
  assert.ok(!inDatabaseFiles(file, base32Decode(u.secret)), 'the raw secret is in the database');
  // log-in with codes works
  await loginWithCode(h, u);
  // a sealed secret is bound to its account: copied to another account, it
  // opens nothing (so one who can write the database cannot reuse a secret it knows)
  const other = addUser(h.db, 'sigurd', { role: 'staff' });
  dbSql(file, `UPDATE accounts SET totp_secret = '${stored}', totp_last_step = NULL WHERE username = 'sigurd'`);
  const r = await h.api('POST', '/api/v1/session', { token: null, body: { username: 'sigurd', password: other.password, otp: totp(u.secret) } });
  assert.equal(r.status, 500, r.text);
  assert.equal(r.body.error.code, 'totp_secret_invalid');
});

test('secrets stored in clear before sealing are sealed by migrate, and their codes still work', async () => {
  const g = await startServer();
  const u = addUser(g.db, 'gammel', { role: 'staff' });
  await g.stop({ keep: true });
  const file = g.db;
  // as a database from before issue 11 held it
  const clear = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
  dbSql(file, `UPDATE accounts SET totp_secret = '${clear}' WHERE username = 'gammel'`);
  const m = cli(['migrate', '--db', g.db]);
  assert.equal(m.status, 0, m.stderr);
  assert.match(m.stderr, /sealed 1 one-time code secret\(s\) with the key file/);
  assert.match(dbSql(file, "SELECT totp_secret FROM accounts WHERE username = 'gammel'"), /^x1:/);
  // (SQLite's free pages keep what was overwritten until VACUUM; pg_dump
  // reads no dead rows)
  if (ENGINE === 'sqlite') dbSql(file, 'VACUUM');
  assert.ok(!inDatabaseFiles(file, Buffer.from(clear)));
  const g2 = await startServer({ database: { db: g.db, dir: g.dir, token: g.token } });
  try {
    await loginWithCode(g2, { ...u, secret: clear });
  } finally {
    await g2.stop();
  }
  // the key file is needed from now on: without it, nothing starts
  const r = cli(['migrate', '--db', g.db, '--key-file', `${g.dir}/gone.missing`]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /the key file .*\.missing is missing, but the database holds data written with a key/);
});
