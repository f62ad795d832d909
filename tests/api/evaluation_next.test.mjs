// evaluation_next.test.mjs - recording an evaluation clears the worklist's due
// item or sets the next date (issue 12 point 4): POST .../evaluations with
// next_evaluation_date moves the evaluated goal's or measure's evaluation date
// in the same transaction (null: none planned), only for a writer who may
// change that goal or measure; bad input writes nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildFixture, extraPlan, addDays } from './fixture.mjs';

let f;
before(async () => { f = await buildFixture(); });
after(async () => { await f.h.stop(); });

const dueFor = async (planId) => (await f.as('coordinator').get('/api/v1/worklist')).due.filter((d) => d.plan_id === planId);

test('an evaluation with the next date moves the goal\'s date, and the due item leaves the worklist', async () => {
  const c = f.as('coordinator');
  const x = await extraPlan(f);
  const goal = await c.get(`${x.path}/goals/${x.goal}`);
  await c.patch(`${x.path}/goals/${x.goal}`, { evaluation_date: addDays(f.today, -2) }, goal.version);
  let due = await dueFor(x.id);
  assert.ok(due.some((d) => d.kind === 'goal_evaluation' && d.goal_id === x.goal && d.overdue), JSON.stringify(due));
  const next = addDays(f.today, 90);
  const ev = await c.post(`${x.path}/evaluations`, { date: f.today, what: 'Samtale om målet', goal_id: x.goal, next_evaluation_date: next });
  assert.equal(ev.goal_id, x.goal);
  assert.ok(!('next_evaluation_date' in ev), 'no field of the evaluation');
  assert.equal((await c.get(`${x.path}/goals/${x.goal}`)).evaluation_date, next);
  due = await dueFor(x.id);
  assert.ok(!due.some((d) => d.kind === 'goal_evaluation' && d.goal_id === x.goal), 'beyond the horizon: not due');
  // the move is in the plan's history
  const hist = (await c.get(`${x.path}/history?limit=500`)).items;
  assert.ok(hist.some((h) => h.object_type === 'goal' && h.object_id === x.goal && h.data.after.evaluation_date === next), 'history');
  // null: no next evaluation planned for the measure
  const m = await c.get(`${x.path}/measures/${x.measure}`);
  await c.patch(`${x.path}/measures/${x.measure}`, { evaluation_date: f.today }, m.version);
  await c.post(`${x.path}/evaluations`, { date: f.today, what: 'Tiltaket evaluert', measure_id: x.measure, next_evaluation_date: null });
  assert.equal((await c.get(`${x.path}/measures/${x.measure}`)).evaluation_date, null);
});

test('bad input, or a writer who may not change the goal or measure, writes nothing', async () => {
  const c = f.as('coordinator');
  const x = await extraPlan(f);
  const count = async () => (await c.get(`${x.path}/evaluations`)).items.length;
  const n = await count();
  for (const [body, code, field] of [
    [{ date: f.today, what: 'x', goal_id: x.goal, next_evaluation_date: '2027-02-30' }, 'invalid_date', 'next_evaluation_date'],
    [{ date: f.today, what: 'x', goal_id: x.goal, next_evaluation_date: 5 }, 'invalid_date', 'next_evaluation_date'],
    [{ date: f.today, what: 'x', next_evaluation_date: addDays(f.today, 10) }, 'required', 'next_evaluation_date'],
  ]) {
    const r = await c.api('POST', `${x.path}/evaluations`, { body });
    assert.deepEqual([r.status, r.body.error.code, r.body.error.field], [422, code, field], r.text);
  }
  assert.equal(await count(), n, 'no evaluation was written');
  // Kari records her own view of a measure, but does not move the measure's date
  const p = `/api/v1/plans/${f.ids.plans.active}`;
  const measure = f.ids.parts.active.measure;
  const before = (await c.get(`${p}/measures/${measure}`)).evaluation_date;
  const had = (await c.get(`${p}/evaluations`)).items.length;
  const r = await f.as('owner').api('POST', `${p}/evaluations`, { body: { date: f.today, what: 'Mitt syn', owner_view: 'Bra', measure_id: measure, next_evaluation_date: addDays(f.today, 5) } });
  assert.deepEqual([r.status, r.body.error.code, r.body.error.field], [403, 'forbidden', 'next_evaluation_date'], r.text);
  assert.equal((await c.get(`${p}/measures/${measure}`)).evaluation_date, before);
  assert.equal((await c.get(`${p}/evaluations`)).items.length, had, 'the evaluation was not written either');
});

test('an evaluation without the next date clears a due date, and leaves one further ahead or another writer\'s alone', async () => {
  const c = f.as('coordinator');
  const x = await extraPlan(f);
  // an overdue goal: evaluated with "Neste evaluering" left empty, it is no longer due
  const goal = await c.get(`${x.path}/goals/${x.goal}`);
  await c.patch(`${x.path}/goals/${x.goal}`, { evaluation_date: addDays(f.today, -2) }, goal.version);
  assert.ok((await dueFor(x.id)).some((d) => d.kind === 'goal_evaluation' && d.goal_id === x.goal));
  await c.post(`${x.path}/evaluations`, { date: f.today, what: 'Målet er evaluert', goal_id: x.goal });
  const g = await c.get(`${x.path}/goals/${x.goal}`);
  assert.equal(g.evaluation_date, null);
  assert.ok(!(g.flags || []).includes('evaluation_overdue'), JSON.stringify(g.flags));
  assert.ok(!(await dueFor(x.id)).some((d) => d.kind === 'goal_evaluation' && d.goal_id === x.goal), 'off the worklist');
  const hist = (await c.get(`${x.path}/history?limit=500`)).items;
  assert.ok(hist.some((h) => h.object_type === 'goal' && h.object_id === x.goal && h.data.after.evaluation_date === null), 'history');
  // a measure due this week, the same
  const m = await c.get(`${x.path}/measures/${x.measure}`);
  await c.patch(`${x.path}/measures/${x.measure}`, { evaluation_date: addDays(f.today, 3) }, m.version);
  assert.ok((await dueFor(x.id)).some((d) => d.kind === 'measure_evaluation' && d.measure_id === x.measure));
  await c.post(`${x.path}/evaluations`, { date: f.today, what: 'Tiltaket er evaluert', measure_id: x.measure });
  assert.equal((await c.get(`${x.path}/measures/${x.measure}`)).evaluation_date, null);
  assert.ok(!(await dueFor(x.id)).some((d) => d.kind === 'measure_evaluation' && d.measure_id === x.measure));
  // a date beyond the worklist's horizon is not answered by an evaluation now
  const later = addDays(f.today, 120);
  const m2 = await c.get(`${x.path}/measures/${x.measure}`);
  await c.patch(`${x.path}/measures/${x.measure}`, { evaluation_date: later }, m2.version);
  await c.post(`${x.path}/evaluations`, { date: f.today, what: 'En samtale', measure_id: x.measure });
  assert.equal((await c.get(`${x.path}/measures/${x.measure}`)).evaluation_date, later);
  // the owner's own view, without the next date, moves nothing and is written
  const p = `/api/v1/plans/${f.ids.plans.active}`;
  const measure = f.ids.parts.active.measure;
  const before = (await c.get(`${p}/measures/${measure}`)).evaluation_date;
  const r = await f.as('owner').api('POST', `${p}/evaluations`, { body: { date: f.today, what: 'Mitt syn', owner_view: 'Bra', measure_id: measure } });
  assert.equal(r.status, 201, r.text);
  assert.equal((await c.get(`${p}/measures/${measure}`)).evaluation_date, before);
});
