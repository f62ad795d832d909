// oidc.test.mjs - log-in through an identity provider in the browser (SPEC C2):
// the demo with an ID-porten-like provider (tests/oidc/provider.mjs, the npm
// package oidc-provider, as tests/api/oidc.test.mjs runs it) that knows Kari
// by her national ID number. The log-in page offers "Logg inn med ID-porten";
// Kari goes through the provider's own log-in and consent pages and comes
// back to the page she asked for, logged in, with the CSRF token taken out of
// the address and used by her next change. A cancelled log-in and an unknown
// person come back to the log-in page with the error in words. axe-core on
// the log-in page with the provider; screenshots in build/e2e-artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, words } from './harness.mjs';
import { syntheticNid, freePort, sql } from '../api/harness.mjs';
import { startProvider } from '../oidc/provider.mjs';

const nb = words('nb');
const SECRET = 'idporten-hemmelighet-e2e';
const users = { ukjent: { pid: syntheticNid(9303) } }; // Kari's pid comes from the demo
let app;
let op;
let dir;

before(async () => {
  // the provider must know Helhet's callback, so Helhet's port is chosen first
  const port = await freePort();
  const redirect = `http://127.0.0.1:${port}/api/v1/oidc/idporten/callback`;
  op = await startProvider({ clients: [{ client_id: 'helhet-idporten', client_secret: SECRET, redirect_uri: redirect }], users });
  dir = mkdtempSync(join(tmpdir(), 'helhet-e2e-oidc-'));
  const file = join(dir, 'oidc.json');
  writeFileSync(file, JSON.stringify({
    providers: [{ name: 'idporten', kind: 'citizen', issuer: op.issuer, client_id: 'helhet-idporten', client_secret: SECRET,
      redirect_uri: redirect, tenant: 'fjordvik', claim: 'pid' }],
  }));
  app = await startApp({ args: ['--listen', `127.0.0.1:${port}`, '--oidc', file] });
  assert.equal(app.url, `http://127.0.0.1:${port}`);
  // the demo's Kari, known to the provider by her national ID number
  users.kari = { pid: sql(app.db, "SELECT p.national_id FROM persons p JOIN accounts a ON a.person_id = p.id WHERE a.username = 'kari'") };
  assert.match(users.kari.pid, /^[0-9]{11}$/);
});

after(async () => {
  if (app) await app.stop();
  if (op) await op.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const link = (page) => page.getByRole('link', { name: nb.login.with.replace('{name}', nb.login.provider.idporten) });

// From Helhet's log-in page through the provider's pages as `login` (or
// cancelling at its log-in page) until the browser is back at Helhet.
async function throughProvider(page, login, { cancel = false } = {}) {
  await link(page).click();
  await page.waitForURL((u) => u.href.startsWith(`${op.issuer}/`));
  await page.locator('input[name=login]').waitFor();
  if (cancel) {
    await page.getByRole('link', { name: '[ Cancel ]' }).click();
  } else {
    await page.locator('input[name=login]').fill(login);
    await page.locator('input[name=password]').fill('hva-som-helst');
    await page.locator('button[type=submit]').click();
    // the consent page ("Authorize"), then back
    await page.locator('button[type=submit]', { hasText: /continue/i }).click();
  }
  await page.waitForURL((u) => u.href.startsWith(`${app.url}/app`));
}

test('the log-in page offers the provider as a link to its log-in, coming back to the page asked for', async () => {
  const page = await app.page();
  await page.goto('/app/plans/1');
  await page.locator('#username').waitFor();
  assert.equal(new URL(page.url()).pathname, '/app/login');
  const a = link(page);
  assert.equal(await a.count(), 1);
  assert.equal(await a.textContent(), 'Logg inn med ID-porten');
  const href = new URL(await a.getAttribute('href'), app.url);
  assert.equal(href.pathname, '/api/v1/oidc/idporten/login');
  assert.equal(href.searchParams.get('return_to'), '/app/plans/1');
  // the password log-in is still there
  assert.equal(await page.getByLabel(nb.login.password).count(), 1);
  await app.axe(page, 'log-in with a provider');
  await app.shot(page, 'login-oidc');
  // a path of another site is never passed on
  await page.goto('/app/login?next=//evil.example/x');
  assert.equal(new URL(await link(page).getAttribute('href'), app.url).searchParams.get('return_to'), '/app');
  assert.deepEqual(page.errors, []);
});

test('Kari logs in through ID-porten, lands on her plan logged in, and the token is out of the address', async () => {
  const page = await app.page();
  const seen = [];
  page.on('framenavigated', (f) => { if (f === page.mainFrame()) seen.push(f.url()); });
  await page.goto('/app/login?next=%2Fapp%2Fplans%2F1');
  await throughProvider(page, 'kari');
  await page.locator('.citizen-plan').waitFor();
  await page.locator('#user-nav').waitFor({ state: 'visible' });
  assert.equal(page.url(), `${app.url}/app/plans/1`, 'no fragment, no token left in the address');
  assert.ok(!(await page.evaluate(() => location.hash)));
  assert.ok(seen.some((u) => u.startsWith(`${op.issuer}/`)), 'the browser went through the provider');
  // the token went into the store password log-in uses, and the history
  // entry no longer carries it
  assert.match(await page.evaluate(() => localStorage.getItem('helhet.csrf')), /^[A-Za-z0-9_-]{43}$/);
  assert.ok(!(await page.evaluate(() => history.state && JSON.stringify(history.state).includes('csrf'))));
  const me = await page.evaluate(() => fetch('/api/v1/me', { headers: { Accept: 'application/json' } }).then((r) => r.json()));
  assert.equal(me.role, 'citizen');
  assert.equal(me.username, 'kari', "the demo's own citizen account, found by her person");

  // a change needs the CSRF token: her comment is sent and kept
  const text = 'Logget inn med ID-porten 👍';
  await page.locator('#cz-comment-text').fill(text);
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && /\/api\/v1\/plans\/1\/messages$/.test(new URL(r.url()).pathname)),
    page.getByRole('button', { name: nb.citizen.send }).click(),
  ]);
  assert.equal(res.status(), 201, await res.text());
  await page.locator('#cz-messages .own-words', { hasText: text }).waitFor();
  await app.shot(page, 'login-oidc-done');
  assert.deepEqual(page.errors, []);
});

test('a cancelled log-in comes back to the log-in page with the error in words, not logged in', async () => {
  const page = await app.page();
  await page.goto('/app/login');
  await throughProvider(page, 'kari', { cancel: true });
  await page.locator('#login-alert').waitFor();
  assert.equal(new URL(page.url()).pathname, '/app/login');
  assert.equal(await page.locator('#login-alert').textContent(), nb.error.oidc_provider_error);
  assert.equal(await page.locator('#user-nav').isVisible(), false);
  assert.equal(await page.evaluate(() => localStorage.getItem('helhet.csrf')), null);
  await app.axe(page, 'log-in after a cancelled provider log-in');
  await app.shot(page, 'login-oidc-cancelled');
  assert.deepEqual(page.errors, []);
});

test('a person the municipality does not know comes back with oidc_no_account in words', async () => {
  const page = await app.page();
  await page.goto('/app/login');
  await throughProvider(page, 'ukjent');
  await page.locator('#login-alert').waitFor();
  assert.equal(await page.locator('#login-alert').textContent(), nb.error.oidc_no_account);
  assert.equal(await page.locator('#user-nav').isVisible(), false);
  // in the chosen language too
  const nn = words('nn');
  await page.locator('#lang').selectOption('nn');
  await page.locator('#login-alert', { hasText: nn.error.oidc_no_account }).waitFor();
  assert.deepEqual(page.errors, []);
});
