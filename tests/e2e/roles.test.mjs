// roles.test.mjs - the application for others than the coordinator: a wrong
// password shows the API's answer in words, the citizen logs in without a
// code and sees her own plan, the NAV caseworker sees only the sections the
// consent gives NAV, and the administrator, who sees no plans at all, is told
// so. axe-core on every page and state.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, words } from './harness.mjs';

const nb = words('nb');
let app;

before(async () => {
  app = await startApp();
});

after(async () => {
  await app.stop();
});

test('a wrong password shows the API\'s answer (login_failed) in bokmål, by the form', async () => {
  const page = await app.page();
  await page.goto('/app/login');
  await page.locator('#username').fill('koordinator');
  await page.locator('#password').fill('feil-passord');
  await page.locator('#password').press('Enter');
  const alert = page.locator('#login-alert');
  await alert.waitFor({ state: 'visible' });
  assert.equal(await alert.getAttribute('role'), 'alert');
  assert.equal(await alert.textContent(), nb.error.login_failed);
  // the password is cleared and focused for another try; no code was asked for
  assert.equal(await page.locator('#password').inputValue(), '');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'password');
  assert.equal(await page.locator('#otp').isVisible(), false);
  await app.axe(page, 'wrong password');
  await app.shot(page, 'login-wrong-password');
  // a wrong one-time code is named too, on the code field
  await page.locator('#password').fill('demo-passord');
  await page.locator('#password').press('Enter');
  await page.locator('#otp').waitFor({ state: 'visible' });
  await page.locator('#otp').fill('000000');
  await page.locator('#otp').press('Enter');
  await page.locator('#login-alert', { hasText: nb.error.otp_invalid }).waitFor();
  assert.equal(await page.locator('#otp').getAttribute('aria-invalid'), 'true');
  assert.match(await page.locator('#otp').getAttribute('aria-describedby'), /login-alert/);
  await app.axe(page, 'wrong code');
  assert.deepEqual(page.errors, []);
});

test('the citizen logs in with her password alone and lands on her own plan', async () => {
  const page = await app.page();
  await app.login(page, 'kari');
  // her one plan, in plain language, without a staff-style list first
  // (views/citizen.js; citizen.test.mjs has the rest)
  await page.locator('.citizen-plan').waitFor();
  assert.equal(new URL(page.url()).pathname, '/app/plans/1');
  assert.equal(await page.locator('.plan-list').count(), 0);
  // "Mine saker" in the menu brings her back to it
  await page.goto('/app');
  await page.locator('.citizen-plan').waitFor();
  assert.equal(new URL(page.url()).pathname, '/app/plans/1');
  assert.match(await page.locator('.own-words').first().textContent(), /Å bo i egen leilighet/);
  await app.axe(page, 'plan, citizen');
  await app.shot(page, 'plan-citizen');
  assert.deepEqual(page.errors, []);
});

test('a citizen with several plans gets a plain list of them to choose from', async () => {
  const page = await app.page();
  // two plans (her own and one she represents), answered in place of the demo's one
  await page.route((url) => url.pathname === '/api/v1/plans', (route) => route.fulfill({
    status: 200, contentType: 'application/json',
    body: JSON.stringify({ items: [
      { id: 1, title: 'Planen min', status: 'active', person_id: 1, person_name: 'Kari Johansen' },
      { id: 2, title: null, status: 'draft', person_id: 99, person_name: 'Lille Johansen' },
    ], next: null }),
  }));
  await app.login(page, 'kari');
  await page.locator('h1', { hasText: nb.home.citizen_title }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/app');
  const items = page.locator('.citizen-plans li');
  assert.equal(await items.count(), 2);
  assert.equal(await items.nth(0).getByRole('link').textContent(), 'Planen min');
  assert.equal(await items.nth(1).getByRole('link').textContent(), nb.home.untitled);
  assert.match(await items.nth(1).textContent(), /Lille Johansen/);
  assert.equal(await page.locator('#who-heading, .roles').count(), 0, 'no staff-style page');
  await app.axe(page, 'a citizen with several plans');
  assert.deepEqual(page.errors, []);
});

test('the NAV caseworker sees the plan, its goals and measures, and no other section', async () => {
  const page = await app.page();
  await app.login(page, 'nav');
  await page.locator('.plan-list li').first().waitFor();
  await page.goto('/app/plans/1');
  await page.locator('.plan-facts').waitFor();
  const headings = await page.locator('main h2').allTextContents();
  assert.ok(headings.includes(nb.plan.goals) && headings.includes(nb.plan.measures), headings.join(' | '));
  for (const hidden of [nb.plan.resources_needs, nb.plan.participants, nb.plan.consents, nb.plan.evaluations, nb.plan.crisis_plan]) {
    assert.ok(!headings.includes(hidden), `${hidden} is not the caseworker's to see`);
  }
  assert.equal(await page.locator('.note', { hasText: nb.plan.sections_shown }).textContent(), nb.plan.sections_shown);
  await app.axe(page, 'plan, NAV');
  await app.shot(page, 'plan-nav');
  assert.deepEqual(page.errors, []);
});

test('the administrator sees no plans and is told so in words', async () => {
  const page = await app.page();
  await app.login(page, 'admin');
  await page.locator('.count').waitFor();
  assert.equal(await page.locator('.count').textContent(), nb.error.forbidden);
  assert.deepEqual(await page.locator('.roles li').allTextContents(), [nb.role.administrator]);
  await app.axe(page, 'Mine saker, administrator');
  assert.deepEqual(page.errors, []);
});
