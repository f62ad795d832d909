// worklist.test.mjs - GET /worklist ("Mine saker"): each staff member's own
// cases, plans, measures, dates due and consents ending, in one request, and
// only what the policy lets them see. Nils (NAV) takes part in every fixture
// plan and is responsible for a measure in each, but only Kari's plan
// ("active") has a consent giving NAV its measures ("partial" gives goals
// only): the plans without consent, with an expired, withdrawn or future one
// must leave nothing in his worklist.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { assertError } from './harness.mjs';
import { buildFixture, extraPlan, addDays } from './fixture.mjs';

let f;
let t;
const W = '/api/v1/worklist';

// Sets dates on a plan part as its coordinator (Ola).
async function patchPart(path, body) {
  const ola = f.as('coordinator');
  const cur = await ola.get(path);
  return ola.patch(path, body, cur.version);
}

before(async () => {
  f = await buildFixture();
  t = f.today;
  const p = (key) => `/api/v1/plans/${f.ids.plans[key]}`;
  // dates on Kari's plan: a measure evaluation in 10 days, a deadline passed
  // 3 days ago, a goal evaluation in 5 days, and a measure evaluation far ahead
  // (outside the 30 days) on nothing else
  await patchPart(`${p('active')}/measures/${f.ids.parts.active.measure}`, { evaluation_date: addDays(t, 10), deadline: addDays(t, -3) });
  await patchPart(`${p('active')}/goals/${f.ids.parts.active.goal}`, { evaluation_date: addDays(t, 5) });
  // the same dates on the plans NAV has no consent for: they must not show
  for (const key of ['none', 'expired', 'withdrawn', 'partial', 'future']) {
    await patchPart(`${p(key)}/measures/${f.ids.parts[key].measure}`, { evaluation_date: addDays(t, 10), deadline: addDays(t, -3) });
  }
  // Per's plan is past its revision date
  await patchPart(p('none'), { revision_date: addDays(t, -1) });
});

after(async () => {
  await f.h.stop();
});

// Every plan id a worklist mentions, anywhere.
function planIds(w) {
  return new Set([
    ...w.plans.map((p) => p.id), ...w.measures.map((m) => m.plan_id),
    ...w.due.map((d) => d.plan_id), ...w.consents_expiring.map((c) => c.plan_id),
  ]);
}

test('the coordinator: her plans, the dates due (overdue first) and no measures of her own', async () => {
  const w = await f.as('coordinator').get(W);
  assert.equal(w.today, t);
  assert.equal(w.horizon, addDays(t, 30));
  const mine = Object.values(f.ids.plans).sort((a, b) => a - b);
  assert.deepEqual(w.plans.map((p) => p.id), mine);
  for (const p of w.plans) {
    assert.equal(p.relation, 'coordinator');
    assert.equal(p.coordinator_id, f.ids.staff.ola);
    assert.equal(typeof p.person_name, 'string', 'municipal staff see the person\'s name');
  }
  assert.equal(w.plans.find((p) => p.id === f.ids.plans.active).person_name, 'Kari Nordmann');
  assert.deepEqual(w.measures, [], 'Ola is responsible for no measure');
  assert.deepEqual(w.cases, [], 'Ola is no contact person');
  // the dates: Per's revision (overdue), every measure's deadline (overdue), Kari's
  // goal evaluation and every measure's evaluation; sorted by date
  const active = f.ids.plans.active;
  const find = (kind, plan) => w.due.find((d) => d.kind === kind && d.plan_id === plan);
  assert.deepEqual(find('plan_revision', f.ids.plans.none), {
    kind: 'plan_revision', plan_id: f.ids.plans.none, date: addDays(t, -1), overdue: true, text: 'Plan none', person_name: 'Per Pedersen', person_id: f.ids.person.per,
  });
  assert.deepEqual(find('measure_deadline', active), {
    kind: 'measure_deadline', plan_id: active, measure_id: f.ids.parts.active.measure, date: addDays(t, -3), overdue: true, text: 'Oppfølging fra NAV', person_name: 'Kari Nordmann', person_id: f.ids.person.kari,
  });
  assert.deepEqual(find('goal_evaluation', active), {
    kind: 'goal_evaluation', plan_id: active, goal_id: f.ids.parts.active.goal, date: addDays(t, 5), overdue: false, text: 'Å bo i egen leilighet', person_name: 'Kari Nordmann', person_id: f.ids.person.kari,
  });
  assert.equal(find('measure_evaluation', active).date, addDays(t, 10));
  assert.equal(w.due.length, 1 + 6 + 1 + 6, JSON.stringify(w.due));
  const dates = w.due.map((d) => d.date);
  assert.deepEqual(dates, [...dates].sort());
  assert.deepEqual(w.consents_expiring, []);
});

test('consents about to end on the coordinator\'s plans, and only hers', async () => {
  const x = await extraPlan(f, { grants: [{ organisation_id: f.ids.org.nav, sections: ['goals', 'measures'] }], to: addDays(t, 20) });
  const w = await f.as('coordinator').get(W);
  assert.deepEqual(w.consents_expiring, [{ id: x.consent, plan_id: x.id, valid_to: addDays(t, 20) }]);
  // Nils takes part in the plan and its consent covers him, but consents are
  // not his to see (owner, representative, coordinator)
  const nav = await f.as('nav').get(W);
  assert.deepEqual(nav.consents_expiring, []);
  assert.ok(nav.plans.some((p) => p.id === x.id));
  // withdrawn: gone from Ola's list and the plan from Nils's at once (R4)
  await f.as('coordinator').post(`${x.path}/consents/${x.consent}/withdraw`, { reason: 'Trukket' }, 200);
  assert.deepEqual((await f.as('coordinator').get(W)).consents_expiring, []);
  assert.ok(!planIds(await f.as('nav').get(W)).has(x.id));
});

test('the NAV caseworker: the plans whose consent covers him, measures only where it gives measures', async () => {
  const w = await f.as('nav').get(W);
  const { active, partial } = f.ids.plans;
  assert.deepEqual(w.plans.map((p) => p.id), [active, partial]);
  for (const p of w.plans) {
    assert.equal(p.relation, 'participant');
    // whose plan it is: the plan section's readers are told her name and
    // birth date, and nothing else of the person record (tests/api/whose.test.mjs)
    assert.equal(typeof p.person_name, 'string', 'the NAV caseworker is told whose plan it is');
    assert.ok(!('national_id' in p) && !('address' in p));
  }
  // his measure on Kari's plan; the one on "partial" (goals only) is not shown
  assert.deepEqual(w.measures.map((m) => [m.id, m.plan_id]), [[f.ids.parts.active.measure, active]]);
  assert.equal(w.measures[0].description, 'Oppfølging fra NAV');
  // dates: Kari's measure's deadline and evaluation and her goal's evaluation
  // (the consent gives goals and measures); nothing from "partial" but its goals
  assert.deepEqual(w.due.map((d) => `${d.kind}:${d.plan_id}`).sort(), [
    `goal_evaluation:${active}`, `measure_deadline:${active}`, `measure_evaluation:${active}`,
  ].sort());
  for (const key of ['none', 'expired', 'withdrawn', 'future']) {
    assert.ok(!planIds(w).has(f.ids.plans[key]), `nothing of plan ${key}`);
  }
  assert.deepEqual(w.cases, []);
  assert.deepEqual(w.consents_expiring, []);
});

test('a partner without consent or part sees nothing; the contact person sees her case', async () => {
  const nora = await f.as('nav2').get(W);
  assert.deepEqual([nora.cases, nora.plans, nora.measures, nora.due, nora.consents_expiring], [[], [], [], [], []]);
  const dina = await f.as('dps').get(W);
  assert.deepEqual(dina.plans.map((p) => p.id), [f.ids.plans.active]);
  assert.deepEqual(dina.measures, []);
  const cecilie = await f.as('contact').get(W);
  assert.deepEqual(cecilie.cases.map((c) => [c.id, c.person_name, c.title]), [[f.ids.case.kari, 'Kari Nordmann', 'Trenger koordinerte tjenester']]);
  assert.deepEqual(cecilie.plans, [], 'the contact person takes no part in the plan');
});

test('citizens and administrators are refused; arguments are refused; the read is audited', async () => {
  for (const who of ['owner', 'representative']) await assertError(await f.as(who).api('GET', W), 403, 'forbidden');
  await assertError(await f.h.api('GET', W), 403, 'forbidden');
  const r = await f.as('nav').api('GET', `${W}?all=1`);
  assert.equal(r.status, 422, r.text);
  await f.as('nav').get(W);
  const audit = await f.as('ke').get(`/api/v1/audit?object=worklist&account_id=${f.accounts.nav}&limit=500`);
  assert.ok(audit.items.length >= 2, JSON.stringify(audit.items));
  assert.ok(audit.items.every((e) => e.object === 'worklist'));
  assert.ok(audit.items.some((e) => e.outcome === 'allowed'));
});

test('a change of coordinator is told to the new and the old one, each with what she may still see', async () => {
  const x = await extraPlan(f);
  const before = (await f.as('sara').get('/api/v1/worklist')).handovers.length;
  await f.as('ke').put(`${x.path}/coordinator`, { staff_id: f.ids.staff.sara, reason: 'Ola går ned i stilling' });
  const sara = (await f.as('sara').get('/api/v1/worklist')).handovers;
  assert.equal(sara.length, before + 1);
  const mine = sara.find((h) => h.plan_id === x.id && h.change === 'appointed');
  assert.deepEqual({ ...mine, at: undefined }, {
    plan_id: x.id, change: 'appointed', at: undefined, other_staff_id: f.ids.staff.ola, other_name: 'Ola Hansen',
    reason: 'Ola går ned i stilling', title: 'Ekstra plan', person_id: x.person, person_name: 'Ekstra Person',
  });
  assert.match(mine.at, /^\d{4}-\d{2}-\d{2}T/);
  // Ola no longer sees the plan: he is told that it went to Sara, not its title or why
  const ola = (await f.as('coordinator').get('/api/v1/worklist')).handovers.find((h) => h.plan_id === x.id && h.change === 'handed_over');
  assert.deepEqual({ ...ola, at: undefined }, {
    plan_id: x.id, change: 'handed_over', at: undefined, other_staff_id: f.ids.staff.sara, other_name: 'Sara Berg', reason: null, title: null,
    person_id: null, person_name: null,
  });
  // nobody else is told
  assert.ok(!(await f.as('nurse').get('/api/v1/worklist')).handovers.some((h) => h.plan_id === x.id));
});
