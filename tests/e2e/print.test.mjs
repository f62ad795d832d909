// print.test.mjs - the whole plan for paper (issue 12 point 8, until the
// reports issue's PDF): the coordinator (koordinator) opens the print view of
// Kari's plan from the plan page's header and finds every part the plan page
// shows, in the same order, with the goals' texts, the measures and the
// responsibility group's names, the municipality and the day it was printed,
// in plain words; printed (print media), the application's header, menus and
// buttons are gone, cards stay whole and it is black on white. The NAV
// caseworker (nav) gets only what her consent gives her: the plan's frame,
// goals and measures. A plan the reader may not see gives the plan page's own
// "not found". axe on each screen view.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, words } from './harness.mjs';

const nb = words('nb');
const P = nb.editor.print;
let app;
let navPage; // NAV's logged-in page (a second log-in waits for the next one-time code)

const token = (user) => app.as(user).token;

async function api(user, method, path, body) {
  const res = await app.server.api(method, `/api/v1${path}`, { token: token(user), body });
  assert.ok(res.status < 300, `${user} ${method} ${path}: ${res.status} ${res.text}`);
  return res.body;
}

before(async () => {
  app = await startApp();
  // an evaluation of the debt counselling, so that the print has one to show
  // and the measure lists it
  const plan = await api('koordinator', 'GET', '/plans/1');
  const measure = plan.measures.find((m) => m.description === 'Gjeldsrådgivning');
  await api('koordinator', 'POST', '/plans/1/evaluations', {
    date: '2026-12-01', what: 'Første samtale om gjelda', measure_id: measure.id, outcome: 'Oversikt over gjelda er laget',
  });
});

after(async () => {
  await app.stop();
});

const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// The headings of the parts a page shows, in order (the plan page's message
// thread and consent requests are correspondence, not the plan: not printed).
const parts = (page, scope) => page.locator(`${scope} section[aria-labelledby] > h2`).evaluateAll((hs) => hs
  .filter((x) => !['plan-messages-heading', 'plan-requests-heading'].includes(x.id)).map((x) => x.textContent.trim()));

test('the coordinator prints the whole plan: every part the plan page shows, in order, in plain words; printed, only the plan, black on white', async () => {
  const plan = await api('koordinator', 'GET', '/plans/1');
  const me = await api('koordinator', 'GET', '/me');
  const page = await app.page();
  await app.login(page, 'koordinator');
  await page.goto('/app/plans/1');
  await page.locator('.plan-facts').waitFor();
  const shown = await parts(page, '#main');
  for (const part of [nb.plan.goals, nb.plan.measures, nb.plan.evaluations, nb.plan.participants, nb.plan.consents]) {
    assert.ok(shown.includes(part), `the plan page shows ${part}`);
  }
  // the link beside the history and the consent form
  const links = page.locator('.plan-links a');
  assert.deepEqual(await links.allTextContents(), [nb.editor.history.title, nb.editor.form.title, P.link]);
  await links.getByText(P.link, { exact: true }).click();
  const sheet = page.locator('.plan-sheet');
  await sheet.waitFor();
  assert.equal(new URL(page.url()).pathname, '/app/plans/1/print');
  assert.deepEqual(await parts(page, '.plan-sheet'), shown, 'the same parts, in the same order');

  const text = await sheet.textContent();
  assert.equal(await sheet.locator('h1').textContent(), plan.title);
  assert.match(text, new RegExp(esc(me.tenant_name)));
  assert.match(text, new RegExp(esc(plan.person_name)));
  assert.match(text, new RegExp(esc(`${plan.coordinator.name}, ${plan.coordinator.organisation_name}`)));
  assert.match(text, new RegExp(`${esc(P.printed)}\\d{1,2}\\. \\p{L}+ \\d{4}`, 'u'), 'the day it was printed');
  // the goals in reading order, sub-goals under their main goal
  const goalTexts = await sheet.locator('.goal .own-words').allTextContents();
  assert.deepEqual(goalTexts, plan.goals.map((g) => g.text));
  assert.equal(await sheet.locator('.goal .sub-goals .goal').count(), plan.goals.filter((g) => g.parent_id).length);
  const measures = sheet.locator('section[aria-labelledby="print-measures-heading"] li.card > h3');
  assert.deepEqual(await measures.allTextContents(), plan.measures.map((m) => m.description));
  // the measure names its evaluation, the evaluation the measure it is about
  const debt = sheet.locator('li.card', { has: page.locator('h3', { hasText: 'Gjeldsrådgivning' }) });
  assert.match(await debt.textContent(), /Første samtale om gjelda/);
  assert.match(await debt.textContent(), /Ingrid Solheim, Økonomi- og gjeldsrådgivning/);
  const evaluation = sheet.locator('section[aria-labelledby="print-evaluations-heading"] li.card');
  assert.match(await evaluation.textContent(), new RegExp(`${esc(nb.editor.linked.about_measure)}Gjeldsrådgivning`));
  // the responsibility group by name and unit, the consent's recipients by name
  const group = sheet.locator('section[aria-labelledby="print-participants-heading"]');
  for (const p of plan.participants) assert.match(await group.textContent(), new RegExp(esc(p.name)));
  assert.match(text, /Nina Berg, NAV Fjordvik: Mål, Tiltak/);
  // plain words: no enum codes, no internal fields, no numbers for people
  assert.doesNotMatch(text, /\b(active|planned|granted|pending|not_required|in_person|owner|coordinator|nav|gp|specialist|service|housing|economy|work_activity|main|sub|goals|measures)\b/);
  assert.doesNotMatch(text, /ansatt nr\.|virksomhet nr\.|revisjon \d|version|_id\b/i);
  assert.doesNotMatch(text, new RegExp(`Plannummer`));
  await app.axe(page, 'the plan for paper, on screen');
  await app.shot(page, 'plan-print');

  // the button prints (the browser's print dialog is window.print)
  await page.evaluate(() => {
    window.printed = 0;
    window.print = () => { window.printed += 1; };
  });
  await page.getByRole('button', { name: P.button, exact: true }).click();
  assert.equal(await page.evaluate(() => window.printed), 1);

  // on paper: the plan only, cards whole, black on white
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.site-header').isVisible(), false, 'the application header is hidden');
  assert.equal(await page.locator('#user-nav').isVisible(), false, 'the menu is hidden');
  assert.equal(await page.locator('button:visible').count(), 0, 'no button is printed');
  assert.equal(await page.locator('#main .back').isVisible(), false, 'the way back is not printed');
  assert.equal(await sheet.isVisible(), true);
  const style = await sheet.evaluate((el) => {
    const card = el.querySelector('li.card');
    const cs = getComputedStyle(card);
    return {
      breakInside: cs.breakInside,
      cardBackground: cs.backgroundColor,
      color: getComputedStyle(el.querySelector('.facts dt')).color,
      body: getComputedStyle(document.body).backgroundColor,
      note: getComputedStyle(el.querySelector('.note')).color,
    };
  });
  assert.equal(style.breakInside, 'avoid');
  assert.equal(style.cardBackground, 'rgb(255, 255, 255)');
  assert.equal(style.body, 'rgb(255, 255, 255)');
  assert.equal(style.color, 'rgb(0, 0, 0)');
  assert.equal(style.note, 'rgb(0, 0, 0)');
  await app.shot(page, 'plan-print-paper', { fullPage: false });
  await page.emulateMedia({ media: 'screen' });
  assert.equal(await page.locator('.site-header').isVisible(), true);
  assert.deepEqual(page.errors, []);
});

test('the NAV caseworker prints only what her consent gives her: goals and measures, no group, consents or crisis plan', async () => {
  const plan = await api('nav', 'GET', '/plans/1');
  assert.deepEqual(plan.sections, ['plan', 'goals', 'measures'], 'the demo consent gives NAV goals and measures');
  const page = await app.page();
  await app.login(page, 'nav');
  navPage = page;
  await page.goto('/app/plans/1');
  await page.locator('.plan-facts').waitFor();
  const shown = await parts(page, '#main');
  await page.locator('.plan-links a', { hasText: P.link }).click();
  const sheet = page.locator('.plan-sheet');
  await sheet.waitFor();
  const printed = await parts(page, '.plan-sheet');
  assert.deepEqual(printed, shown, 'the same parts as her plan page');
  assert.ok(printed.includes(nb.plan.goals) && printed.includes(nb.plan.measures));
  for (const gone of [nb.plan.participants, nb.plan.consents, nb.plan.crisis_plan, nb.plan.evaluations, nb.plan.resources_needs]) {
    assert.ok(!printed.includes(gone), `${gone} is not printed for NAV`);
  }
  const text = await sheet.textContent();
  for (const g of plan.goals) assert.match(text, new RegExp(esc(g.text)));
  for (const m of plan.measures) assert.match(text, new RegExp(esc(m.description)));
  assert.match(text, new RegExp(esc(plan.person_name)));
  assert.match(text, new RegExp(esc(P.partial)));
  // nothing of what the consent leaves out: the GP is in the group only, the
  // evaluation and the needs are not hers to see
  assert.doesNotMatch(text, /Amir Haddad|Første samtale om gjelda|gjeld, hjelp til å søke bolig/);
  await app.axe(page, 'the plan for paper, NAV');
  assert.deepEqual(page.errors, []);
});

test('a plan the reader may not see: the print view is the plan page\'s "not found"', async () => {
  const all = (await api('ke', 'GET', '/plans?limit=500')).items;
  let stranger = null;
  // (the demo's later plans are the ones she is no part of)
  for (const p of all.reverse()) {
    const r = await app.server.api('GET', `/api/v1/plans/${p.id}`, { token: token('nav') });
    if (r.status === 404) { stranger = p; break; }
  }
  assert.ok(stranger, 'the demo has a plan NAV\'s Nina is no part of');
  let page = navPage;
  if (!page) {
    page = await app.page();
    await app.login(page, 'nav');
  }
  const notFound = async (path) => {
    await page.goto(path);
    await page.locator('[role="alert"]', { hasText: nb.plan.not_found }).waitFor();
    return { main: await page.locator('#main').textContent(), title: await page.title() };
  };
  for (const id of [stranger.id, 999999999]) {
    const planPage = await notFound(`/app/plans/${id}`);
    const printPage = await notFound(`/app/plans/${id}/print`);
    assert.deepEqual(printPage, planPage, `plan ${id}: the same page`);
    assert.doesNotMatch(printPage.main, new RegExp(esc(stranger.title)));
  }
  await app.axe(page, 'print view of a plan she may not see');
  assert.deepEqual(page.errors, []);
});
