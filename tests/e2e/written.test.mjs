// written.test.mjs - who wrote a goal (issue 12 point 6) in the browser: the
// coordinator (demo user koordinator, Ola Haugland) writes a goal together
// with Kari and one alone; the staff goal form offers "Skrevet sammen med Kari
// Johansen" and nothing that says Kari wrote it; the staff plan view, the
// history and Kari's own page (demo user kari) say who wrote each goal:
// "Skrevet av Ola Haugland sammen med Kari Johansen" / "… sammen med deg".
// The server records it from the session (the JSON the browser received).
// axe on every state; screenshots in build/e2e-artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, words } from './harness.mjs';

const nb = words('nb');
const ed = nb.editor;
const W = ed.written;
const fill = (s, p) => s.replace(/\{(\w+)\}/g, (m, k) => (k in p ? p[k] : m));
const TOGETHER = 'Å ha en fast dag i uka der jeg gjør noe jeg liker – skrevet med Kari';
const ALONE = 'Forslag fra koordinator: avklare arbeidsevnen med NAV';
const OLA = 'Ola Haugland';
const KARI = 'Kari Johansen';

let app;
let staff;
let kari;

before(async () => {
  app = await startApp();
  staff = await app.page();
});

after(async () => {
  for (const p of [staff, kari]) if (p) assert.deepEqual(p.errors, [], 'no script errors in the page');
  await app.stop();
});

const goalsSection = (page) => page.locator('section[aria-labelledby="goals-heading"]');
const goalCard = (page, text) => goalsSection(page).locator('li.goal', { hasText: text }).first();

// Adds a main goal in the staff form; `together` ticks "Skrevet sammen med …".
// Answers the goal the server sent back.
async function addGoal(text, together) {
  await goalsSection(staff).getByRole('button', { name: ed.add_main_goal, exact: true }).click();
  const f = goalsSection(staff).locator('form.edit-form');
  await f.waitFor();
  await f.getByLabel(W.text).fill(text);
  const box = f.getByLabel(fill(W.together, { owner: KARI }));
  assert.equal(await box.isChecked(), false, 'not ticked unless she was there');
  // nothing in the form says who wrote it but "together": no "written by" choice
  assert.equal(await f.getByLabel(nb.plan.written_by).count(), 0);
  assert.doesNotMatch(await f.innerText(), /planeiers egne ord|Skrevet av/);
  if (together) {
    await box.check();
    await app.axe(staff, 'staff goal form, written together ticked');
    await app.shot(staff, 'written-form-together');
  }
  const [res] = await Promise.all([
    staff.waitForResponse((r) => /\/api\/v1\/plans\/1\/goals$/.test(new URL(r.url()).pathname) && r.request().method() === 'POST'),
    f.getByRole('button', { name: ed.add, exact: true }).click(),
  ]);
  assert.equal(res.status(), 201);
  assert.deepEqual(JSON.parse(res.request().postData()), { kind: 'main', text, written_with_owner: together });
  await f.waitFor({ state: 'detached' });
  return res.json();
}

test('the coordinator writes a goal together with Kari and one alone; the staff page says who wrote each', async () => {
  await app.login(staff, 'koordinator');
  await staff.goto('/app/plans/1');
  await goalsSection(staff).waitFor();
  const together = await addGoal(TOGETHER, true);
  assert.deepEqual([together.written_by, together.written_with_owner, together.author_name, together.written_with_name],
    ['staff', true, OLA, KARI]);
  const alone = await addGoal(ALONE, false);
  assert.deepEqual([alone.written_by, alone.written_with_owner, alone.author_name, alone.written_with_name], ['staff', false, OLA, null]);
  await goalCard(staff, TOGETHER).waitFor();
  assert.equal(await goalCard(staff, TOGETHER).locator('.written-by').textContent(),
    fill(W.by, { who: fill(W.with, { who: OLA, owner: KARI }) }));
  assert.equal(await goalCard(staff, ALONE).locator('.written-by').textContent(), fill(W.by, { who: OLA }));
  // Kari's own goals from the demo say her name, never "ansatt"
  const texts = await goalsSection(staff).locator('.written-by').allTextContents();
  assert.ok(texts.includes(fill(W.by, { who: KARI })), texts.join(' | '));
  await app.axe(staff, 'staff plan view, goals with their writers');
  await app.shot(staff, 'written-staff-plan');
});

test('editing the text keeps "together" as it was ticked', async () => {
  const card = goalCard(staff, TOGETHER);
  await card.getByRole('button', { name: ed.edit, exact: true }).first().click();
  const f = goalsSection(staff).locator('form.edit-form');
  await f.waitFor();
  const box = f.getByLabel(fill(W.together, { owner: KARI }));
  assert.equal(await box.isChecked(), true);
  await f.getByLabel(W.text).fill(`${TOGETHER}!`);
  await f.getByRole('button', { name: ed.save, exact: true }).click();
  await f.waitFor({ state: 'detached' });
  assert.equal(await goalCard(staff, `${TOGETHER}!`).locator('.written-by').textContent(),
    fill(W.by, { who: fill(W.with, { who: OLA, owner: KARI }) }));
});

test('the history says who wrote the goal, together with whom', async () => {
  await staff.goto('/app/plans/1/history');
  await staff.locator('ol.history').waitFor();
  const entry = staff.locator('ol.history > li', { hasText: TOGETHER }).last(); // its creation
  assert.match(await entry.locator('h3').textContent(), new RegExp(ed.history.action.create));
  assert.match(await entry.locator('table').innerText(),
    new RegExp(`${ed.history.name.written_by}\\s+${fill(W.with, { who: OLA, owner: KARI })}`));
  await app.axe(staff, 'plan history, a goal written together');
});

test('Kari\'s page says the coordinator wrote it together with her', async () => {
  kari = await app.page();
  await app.login(kari, 'kari');
  await kari.goto('/app/plans/1');
  const goals = kari.locator('section[aria-labelledby="cz-goals-heading"]');
  await goals.waitFor();
  const card = (text) => goals.locator('li.card', { hasText: text }).first();
  assert.equal(await card(`${TOGETHER}!`).locator('.written-by').textContent(),
    `${fill(W.by, { who: fill(W.with, { who: OLA, owner: W.you }) })}.`);
  assert.equal(await card(ALONE).locator('.written-by').textContent(), `${fill(W.by, { who: OLA })}.`);
  const texts = await goals.locator('.written-by').allTextContents();
  assert.ok(texts.includes(`${fill(W.by, { who: W.you })}.`), texts.join(' | '));
  await app.axe(kari, 'the citizen\'s plan, goals with their writers');
  await app.shot(kari, 'written-citizen');
});
