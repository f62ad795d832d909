// worklist.test.mjs - issue 12 point 4 in the browser: Mine saker's dates can
// be narrowed (overdue, this week, one plan) and sorted (date, plan), each
// names whose plan it is, and each links to the goal or measure it is about;
// recording the evaluation there with the next date takes the item off the
// list. Played as the coordinator of the demo; axe on every new state.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, words } from './harness.mjs';

const nb = words('nb');
const w = nb.staff.work;
let app;
let api;

before(async () => {
  app = await startApp();
  api = async (method, path, body) => (await app.as('koordinator').api(method, `/api/v1${path}`, { body })).body;
});

after(async () => {
  await app.stop();
});

const addDays = (date, n) => {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

let page;
let work;

test('the dates due can be narrowed to the overdue, this week or one plan, and sorted by plan', async () => {
  // one goal of one of Ola's plans is made overdue, so that the list has one
  work = await api('GET', '/worklist');
  const target = work.plans.find((p) => p.status !== 'closed');
  const plan = await api('GET', `/plans/${target.id}`);
  const goal = plan.goals[0];
  const changed = await app.as('koordinator').api('PATCH', `/api/v1/plans/${target.id}/goals/${goal.id}`, {
    body: { evaluation_date: addDays(work.today, -3) }, headers: { 'If-Match': `"${goal.version}"` },
  });
  assert.equal(changed.status, 200, changed.text);
  work = await api('GET', '/worklist');
  page = await app.page();
  await app.login(page, 'koordinator');
  await page.locator('table.due').waitFor();
  const rows = page.locator('table.due tbody tr');
  assert.equal(await rows.count(), work.due.length);
  await page.locator('#due-show').selectOption('overdue');
  assert.equal(await rows.count(), work.due.filter((d) => d.overdue).length);
  assert.ok(await rows.count() >= 1);
  assert.equal(await page.locator('.due-table [role="status"]').textContent(), (await rows.count()) === 1 ? w.shown.one : w.shown.other.replace('{count}', String(await rows.count())));
  await app.axe(page, 'Mine saker: the overdue dates');
  // this week: due from today through the next 7 days, not the overdue ones
  await page.locator('#due-show').selectOption('week');
  const week = addDays(work.today, 7);
  assert.equal(await rows.count(), work.due.filter((d) => d.date >= work.today && d.date <= week).length);
  assert.equal(await page.locator('table.due tbody tr.overdue-row').count(), 0, 'no overdue row this week');
  // the plan filter names each plan by whose it is: no two options alike
  const options = (await page.locator('#due-plan option').allTextContents()).slice(1);
  assert.equal(new Set(options).size, options.length, options.join(' | '));
  for (const id of new Set(work.due.map((d) => d.plan_id))) {
    const name = work.due.find((d) => d.plan_id === id).person_name;
    const text = await page.locator(`#due-plan option[value="${id}"]`).textContent();
    assert.ok(text.includes(name), `${text} names ${name}`);
  }
  await page.locator('#due-show').selectOption('all');
  await page.locator('#due-plan').selectOption(String(target.id));
  assert.equal(await rows.count(), work.due.filter((d) => d.plan_id === target.id).length);
  await page.locator('#due-plan').selectOption('');
  await page.locator('#due-sort').selectOption('plan');
  const titles = await page.locator('table.due tbody tr td[data-label="Plan"]').allTextContents();
  assert.deepEqual(titles, [...titles].sort((a, b) => a.localeCompare(b, 'nb')), 'sorted by plan');
  // whose plan it is, on every row
  const people = await page.locator('table.due tbody tr td[data-label="Person"]').allTextContents();
  assert.ok(people.every((x) => x.trim() !== ''), 'every row names the person');
  await app.axe(page, 'Mine saker: sorted by plan');
  assert.deepEqual(page.errors, []);
});

test('a due item links to its goal; recording the evaluation with the next date takes it off the list', async () => {
  await page.locator('#due-sort').selectOption('date');
  await page.locator('#due-show').selectOption('overdue');
  const item = work.due.find((d) => d.kind === 'goal_evaluation' && d.overdue);
  assert.ok(item, JSON.stringify(work.due.slice(0, 3)));
  const link = page.locator(`table.due a[href="/app/plans/${item.plan_id}#goal-${item.goal_id}"]`).first();
  await link.click();
  await page.locator(`#goal-${item.goal_id}`).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.id), `goal-${item.goal_id}`, 'the goal is focused');
  // the evaluation, with the next date
  await page.locator('#evaluations').getByRole('button', { name: nb.editor.add_evaluation }).click();
  const f = page.locator('#evaluations .form-slot form.edit-form');
  await f.getByLabel(nb.plan.evaluated).fill('Samtale om målet – går fram');
  await f.getByLabel(nb.editor.about_goal).selectOption(String(item.goal_id));
  await f.getByLabel(nb.editor.linked.next_evaluation).fill(addDays(work.today, 90));
  await app.axe(page, 'evaluation with the next date');
  await f.getByRole('button', { name: nb.editor.add, exact: true }).click();
  await f.waitFor({ state: 'detached' });
  const after = await api('GET', '/worklist');
  assert.ok(!after.due.some((d) => d.kind === 'goal_evaluation' && d.goal_id === item.goal_id), 'off the list');
  await page.goto('/app');
  await page.locator('table.due, #due .empty').first().waitFor();
  assert.equal(await page.locator(`table.due a[href="/app/plans/${item.plan_id}#goal-${item.goal_id}"]`).count(), 0);
  assert.deepEqual(page.errors, []);
});

test('recording the evaluation with "Neste evaluering" left empty takes the item off the list too', async () => {
  work = await api('GET', '/worklist');
  const target = work.plans.find((p) => p.status !== 'closed');
  const plan = await api('GET', `/plans/${target.id}`);
  const m = plan.measures.find((x) => x.status !== 'ended' && x.status !== 'cancelled');
  const changed = await app.as('koordinator').api('PATCH', `/api/v1/plans/${target.id}/measures/${m.id}`, {
    body: { evaluation_date: addDays(work.today, -4) }, headers: { 'If-Match': `"${m.version}"` },
  });
  assert.equal(changed.status, 200, changed.text);
  await page.goto('/app');
  const link = page.locator(`table.due a[href="/app/plans/${target.id}#measure-${m.id}"]`).first();
  await link.click();
  await page.locator(`#measure-${m.id}`).waitFor();
  await page.locator('#evaluations').getByRole('button', { name: nb.editor.add_evaluation }).click();
  const f = page.locator('#evaluations .form-slot form.edit-form');
  // the form says what an empty next date does
  await f.getByText(nb.editor.linked.next_evaluation_hint).waitFor();
  await f.getByLabel(nb.plan.evaluated).fill('Tiltaket er evaluert');
  await f.getByLabel(nb.editor.about_measure).selectOption(String(m.id));
  await f.getByRole('button', { name: nb.editor.add, exact: true }).click();
  await f.waitFor({ state: 'detached' });
  const after = await api('GET', '/worklist');
  assert.ok(!after.due.some((d) => d.kind === 'measure_evaluation' && d.measure_id === m.id), 'off the list');
  assert.equal((await api('GET', `/plans/${target.id}/measures/${m.id}`)).evaluation_date, null);
  await page.goto('/app');
  await page.locator('table.due, #due .empty').first().waitFor();
  assert.equal(await page.locator(`table.due a[href="/app/plans/${target.id}#measure-${m.id}"]`).count(), 0);
  assert.deepEqual(page.errors, []);
});
