// app.test.mjs - the browser application as the demo coordinator uses it:
// log-in by keyboard (password, then the one-time code the API asks for),
// "Mine saker" with the plans, a plan, nynorsk and English, large text, read
// aloud, 400 % zoom, log-out; axe-core on every page and state.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, words, focusedId, assertFocusVisible, tabTo } from './harness.mjs';

const nb = words('nb');
const nn = words('nn');
const en = words('en');
let app;
let page;

before(async () => {
  app = await startApp();
  page = await app.page();
  // speech synthesis is recorded, not spoken (headless Chromium has no voices)
  await page.addInitScript(() => {
    window.spoken = [];
    window.speechSynthesis.speak = (u) => window.spoken.push({ text: u.text, lang: u.lang });
  });
});

after(async () => {
  if (page) assert.deepEqual(page.errors, [], 'no script errors in the page');
  await app.stop();
});

test('the shell: /app without a session shows the log-in page, in bokmål, free of violations', async () => {
  await page.goto('/app');
  await page.locator('#username').waitFor();
  assert.match(page.url(), /\/app\/login$/);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'nb');
  assert.equal(await page.title(), `${nb.login.title} – Helhet`);
  assert.equal(await page.locator('h1').textContent(), nb.login.title);
  // every field has its label; the code field waits until the API asks for it
  assert.equal(await page.getByLabel(nb.login.username).count(), 1);
  assert.equal(await page.getByLabel(nb.login.password).count(), 1);
  assert.equal(await page.locator('#otp').isVisible(), false);
  await app.axe(page, 'log-in');
  await app.shot(page, 'login');
});

test('the Content Security Policy refuses inline scripts in the page', async () => {
  await assert.rejects(page.addScriptTag({ content: 'window.injected = 1' }), /Content Security Policy/);
  assert.equal(await page.evaluate(() => window.injected), undefined);
});

test('the coordinator logs in by keyboard alone, with the focus always visible', async () => {
  await page.goto('/app/login');
  await page.locator('#username').waitFor();
  // from the top of the page: the skip link first, then the header, then the form
  await page.evaluate(() => document.activeElement.blur());
  await tabTo(page, '#username');
  await assertFocusVisible(page, 'username');
  await page.keyboard.type('koordinator');
  await page.keyboard.press('Tab');
  assert.equal(await focusedId(page), 'password');
  await assertFocusVisible(page, 'password');
  await page.keyboard.type('demo-passord');
  await page.keyboard.press('Enter');
  // the right password: the API answers otp_required and the code field opens
  await page.locator('#otp').waitFor({ state: 'visible' });
  assert.equal(await focusedId(page), 'otp');
  await assertFocusVisible(page, 'otp');
  // the next step, said as such, not as an error
  assert.equal(await page.locator('.login-page [role="status"], main [role="status"]').first().textContent(), nb.login.otp_step);
  assert.equal(await page.locator('#login-alert').isVisible(), false);
  await app.axe(page, 'log-in asking for the code');
  await app.shot(page, 'login-code');
  await page.keyboard.type(await app.otp('koordinator'));
  await page.keyboard.press('Enter');
  await page.locator('h1', { hasText: nb.home.title }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/app');
});

test('"Mine saker" shows who is logged in and the plans, each linking to its page', async () => {
  await page.locator('.plan-list li').first().waitFor();
  assert.equal(await page.title(), `${nb.home.title} – Helhet`);
  assert.equal(await page.locator('.who .name').textContent(), 'Ola Haugland');
  assert.match(await page.locator('#who').textContent(), /Ola Haugland/);
  const roles = await page.locator('.roles li').allTextContents();
  assert.ok(roles.some((r) => /^Koordinator for (1 plan|\d+ planer)$/.test(r)), roles.join(' | '));
  const plans = page.locator('.plan-list li');
  assert.ok((await plans.count()) >= 10);
  const first = plans.first();
  assert.match(await first.locator('a').getAttribute('href'), /^\/app\/plans\/\d+$/);
  // each plan shows its status and coordinator in words
  const statuses = Object.values(nb.value.status);
  assert.ok(statuses.includes(await first.locator('.badge').textContent()));
  assert.match(await first.textContent(), /Ola Haugland/);
  // no database id shown as a "plan number"
  assert.doesNotMatch(await first.textContent(), /Plannummer/);
  await app.axe(page, 'Mine saker');
  await app.shot(page, 'home');
});

test('the skip link is the first stop and leads to the main content', async () => {
  await page.reload();
  await page.locator('.plan-list li').first().waitFor();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'skip-link');
  await assertFocusVisible(page, 'skip link');
  const box = await page.locator('.skip-link').boundingBox();
  assert.ok(box && box.y >= 0, 'the skip link shows when focused');
  await page.keyboard.press('Enter');
  assert.equal(await focusedId(page), 'main');
});

test('a plan opens by keyboard and shows the sections the API answers', async () => {
  // past the worklist's links (worklist.js) to the list of plans
  await tabTo(page, '.plan-list a', 400);
  await assertFocusVisible(page, 'plan link');
  const href = await page.evaluate(() => document.activeElement.getAttribute('href'));
  await page.keyboard.press('Enter');
  await page.locator('.plan-facts').waitFor();
  assert.equal(new URL(page.url()).pathname, href);
  // the new page's heading takes the focus
  assert.equal(await page.evaluate(() => document.activeElement.tagName), 'H1');
  const headings = await page.locator('h2').allTextContents();
  // the coordinator sees every section
  for (const h of [nb.plan.goals, nb.plan.measures, nb.plan.participants, nb.plan.consents]) assert.ok(headings.includes(h), `${h} in ${headings}`);
  assert.doesNotMatch(await page.locator('.plan-facts').textContent(), /Plannummer/);
  await app.axe(page, 'plan');
  await app.shot(page, 'plan');
  // back by the browser's own button
  await page.goBack();
  await page.locator('h1', { hasText: nb.home.title }).waitFor();
});

test('Kari\'s plan 1: goals in her own words, measures, the responsibility group, consent', async () => {
  await page.goto('/app/plans/1');
  await page.locator('.plan-facts').waitFor();
  assert.equal(await page.locator('h1').textContent(), 'Individuell plan - bolig, økonomi og helse');
  assert.match(await page.locator('.own-words').first().textContent(), /Å bo i egen leilighet og ha en jobb å gå til/);
  assert.ok((await page.locator('#measures-heading + ul > li').count()) >= 3);
  assert.match(await page.locator('section[aria-labelledby="consents-heading"]').textContent(), /Muntlig i møte/);
  await app.axe(page, 'plan 1');
});

test('a plan opened at its address: the page\'s Link header starts /me and the plan, each asked for once', async () => {
  const asked = [];
  const onRequest = (r) => { if (new URL(r.url()).pathname.startsWith('/api/')) asked.push(new URL(r.url()).pathname); };
  page.on('request', onRequest);
  const res = await page.goto('/app/plans/1');
  await page.locator('.plan-facts').waitFor();
  page.off('request', onRequest);
  const link = (await res.allHeaders()).link || '';
  for (const p of ['/api/v1/me', '/api/v1/plans/1']) {
    assert.ok(link.includes(`<${p}>; rel=preload; as=fetch; crossorigin=anonymous`), `Link names ${p}: ${link}`);
    // the application's own read took the preloaded answer instead of asking again
    assert.equal(asked.filter((a) => a === p).length, 1, `${p} asked for once: ${asked}`);
    assert.equal(await page.evaluate((q) => performance.getEntriesByType('resource').filter((e) => new URL(e.name).pathname === q).length, p), 1, `${p}: one resource entry`);
  }
});

test('an unknown plan answers in words, as the API does (404)', async () => {
  await page.goto('/app/plans/999999');
  await page.locator('.alert').waitFor();
  assert.equal(await page.locator('.alert').textContent(), nb.plan.not_found);
  await app.axe(page, 'plan not found');
});

test('nynorsk and English: <html lang> and every word follow, and the choice is remembered', async () => {
  await page.goto('/app');
  await page.locator('.plan-list li').first().waitFor();
  await page.locator('#lang').focus();
  await assertFocusVisible(page, 'language switcher');
  await page.selectOption('#lang', 'nn');
  await page.locator('h2', { hasText: nn.home.plans }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'nn');
  assert.equal(await page.locator('#who-heading').textContent(), nn.home.who);
  assert.equal(await page.locator('label[for="lang"]').textContent(), nn.app.language);
  assert.equal(await page.locator('#log-out').textContent(), nn.app.log_out);
  await app.axe(page, 'Mine saker, nynorsk');
  await app.shot(page, 'home-nn');

  await page.selectOption('#lang', 'en');
  await page.locator('h1', { hasText: en.home.title }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  assert.equal(await page.locator('.skip-link').textContent(), en.app.skip);
  await page.reload();
  await page.locator('h1', { hasText: en.home.title }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en', 'remembered after a reload');
  await page.goto('/app/plans/1');
  await page.locator('h2', { hasText: en.plan.measures }).waitFor();
  await app.axe(page, 'plan, English');
  await app.shot(page, 'plan-en');

  await page.selectOption('#lang', 'nb');
  await page.locator('h2', { hasText: nb.plan.measures }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'nb');
});

test('large text: the toggle scales the page, says its state and is remembered', async () => {
  await page.goto('/app');
  await page.locator('.plan-list li').first().waitFor();
  const size = () => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  const normal = await size();
  await page.locator('#large-text').focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.locator('#large-text').getAttribute('aria-pressed'), 'true');
  assert.ok((await size()) >= normal * 1.25, 'larger root font');
  await page.reload();
  await page.locator('.plan-list li').first().waitFor();
  assert.equal(await page.locator('#large-text').getAttribute('aria-pressed'), 'true', 'remembered');
  assert.ok((await size()) >= normal * 1.25);
  await app.axe(page, 'Mine saker, large text');
  await app.shot(page, 'home-large-text');
  await page.locator('#large-text').click();
  assert.equal(await page.locator('#large-text').getAttribute('aria-pressed'), 'false');
  assert.equal(await size(), normal);
});

test('400 % zoom: at 320 CSS pixels wide nothing scrolls sideways', async () => {
  // a 1280-pixel window at 400 % is 320 CSS pixels wide (WCAG 1.4.10 Reflow)
  await page.setViewportSize({ width: 320, height: 640 });
  for (const [path, ready] of [['/app', '.plan-list li'], ['/app/plans/1', '.plan-facts']]) {
    await page.goto(path);
    await page.locator(ready).first().waitFor();
    for (const large of [false, true]) {
      if (large) await page.locator('#large-text').click();
      const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
      assert.ok(scroll <= client, `${path}${large ? ' (large text)' : ''}: ${scroll} > ${client}`);
      if (large) await page.locator('#large-text').click();
    }
    await app.axe(page, `${path} at 320 px`);
  }
  await app.shot(page, 'plan-320px');
  await page.setViewportSize({ width: 1280, height: 900 });
});

test('read aloud speaks the main content in the page\'s language', async () => {
  await page.goto('/app/plans/1');
  await page.locator('.plan-facts').waitFor();
  const button = page.getByRole('button', { name: nb.app.read_aloud });
  assert.ok(await button.isVisible());
  await button.focus();
  await page.keyboard.press('Enter');
  const spoken = await page.evaluate(() => window.spoken);
  assert.equal(spoken.length, 1);
  assert.equal(spoken[0].lang, 'nb-NO');
  assert.match(spoken[0].text, /Individuell plan - bolig, økonomi og helse/);
  assert.ok(!spoken[0].text.includes(nb.app.language), 'only the main content, not the header');
  await app.axe(page, 'plan, reading');
});

test('log-out ends the session: the log-in page says so, and /app asks to log in again', async () => {
  await page.goto('/app');
  await page.locator('.plan-list li').first().waitFor();
  await page.locator('#log-out').focus();
  await page.keyboard.press('Enter');
  await page.locator('#username').waitFor();
  assert.equal(await page.locator('.status').textContent(), nb.login.logged_out);
  assert.equal(await page.locator('#user-nav').isVisible(), false);
  await app.axe(page, 'logged out');
  await page.goto('/app/plans/1');
  await page.locator('#username').waitFor();
  assert.match(page.url(), /\/app\/login\?next=%2Fapp%2Fplans%2F1$/);
  // the session is gone on the server too
  const me = await page.evaluate(() => fetch('/api/v1/me').then((r) => r.status));
  assert.equal(me, 401);
});

test('after logging in from a plan\'s address, the plan opens', async () => {
  await app.login(page, 'koordinator');
  await page.locator('.plan-facts').waitFor();
  assert.equal(new URL(page.url()).pathname, '/app/plans/1');
});
