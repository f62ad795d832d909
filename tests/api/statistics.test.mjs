// statistics.test.mjs - GET /statistics (S10, the coordinating unit's
// overview): every number matches the data as the coordinating unit reads it
// through GET /plans, and the plans behind the numbers are listed only as far
// as the caller may see them (the coordinating unit all, a leader related to
// none of them nothing, the administrator nothing).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildFixture, extraPlan, addDays, freshNid } from './fixture.mjs';

let f;
let t;
const extra = {};

before(async () => {
  f = await buildFixture();
  t = f.today;
  const ke = f.as('ke');
  const ola = f.as('coordinator');
  // a plan without a coordinator
  const person = await ke.post('/api/v1/persons', { national_id: freshNid(), given_name: 'Uten', family_name: 'Koordinator', entitled_to_plan: true });
  extra.noCoordinator = (await ke.post('/api/v1/plans', { person_id: person.id, title: 'Uten koordinator' })).id;
  // a plan past its revision date with two measures nobody is responsible for
  const x = await extraPlan(f);
  extra.late = x.id;
  extra.latePerson = x.person;
  const cur = await ola.get(x.path);
  await ola.patch(x.path, { revision_date: addDays(t, -2) }, cur.version);
  for (const d of ['Uten ansvarlig 1', 'Uten ansvarlig 2']) await ola.post(`${x.path}/measures`, { goal_id: x.goal, description: d });
  // a person entitled to a plan who has none
  await ke.post('/api/v1/persons', { national_id: freshNid(), given_name: 'Har', family_name: 'Rett', entitled_to_plan: true });
});

after(async () => {
  await f.h.stop();
});

async function allPlans() {
  const items = [];
  let after = '';
  for (;;) {
    const page = await f.as('ke').get(`/api/v1/plans?limit=500${after}`);
    items.push(...page.items);
    if (!page.next) return items;
    after = `&after=${page.next}`;
  }
}

test('the coordinating unit: the numbers match the plans, the lists match the numbers', async () => {
  const s = await f.as('ke').get('/api/v1/statistics');
  const plans = await allPlans();
  const open = plans.filter((p) => p.status !== 'closed');
  const byStatus = {};
  for (const p of plans) byStatus[p.status] = (byStatus[p.status] || 0) + 1;
  assert.deepEqual(s.plans_by_status, byStatus);
  assert.equal(s.today, t);
  const noCoord = open.filter((p) => !p.coordinator_id).map((p) => p.id);
  assert.deepEqual(s.plans.without_coordinator.map((p) => p.id), noCoord);
  assert.equal(s.open_without_coordinator, noCoord.length);
  assert.ok(noCoord.includes(extra.noCoordinator));
  const late = open.filter((p) => p.revision_date && p.revision_date < t).map((p) => p.id);
  assert.deepEqual(s.plans.past_revision_date.map((p) => p.id), late);
  assert.equal(s.open_past_revision_date, late.length);
  assert.deepEqual(late, [extra.late]);
  const latePerson = await f.as('ke').get(`/api/v1/persons/${extra.latePerson}`);
  assert.deepEqual(s.plans.past_revision_date[0], {
    id: extra.late, title: 'Ekstra plan', status: 'draft', revision_date: addDays(t, -2), coordinator_id: f.ids.staff.ola, coordinator_name: 'Ola Hansen',
    person_id: extra.latePerson, person_name: 'Ekstra Person', person_birth_date: latePerson.birth_date,
  });
  // a plan without a coordinator names none
  assert.equal(s.plans.without_coordinator.find((p) => p.id === extra.noCoordinator).coordinator_name, null);
  // the fixture's measures all have a responsible party; the extra plan has two without
  assert.equal(s.measures_without_responsible, 2);
  assert.deepEqual(s.plans.with_measures_without_responsible.map((p) => [p.id, p.measures_without_responsible]), [[extra.late, 2]]);
  // every open plan's coordinator, with the count of their open plans
  const load = {};
  for (const p of open) if (p.coordinator_id) load[p.coordinator_id] = (load[p.coordinator_id] || 0) + 1;
  assert.deepEqual(Object.fromEntries(s.coordinators.map((c) => [c.staff_id, c.plans])), load);
  assert.equal(s.coordinators.find((c) => c.staff_id === f.ids.staff.ola).name, 'Ola Hansen');
  // entitled: the person without a coordinator has a plan; the other has none
  assert.equal(s.entitled_without_plan, 1);
});

test('a leader and the administrator get the numbers, not plans they may not see', async () => {
  for (const who of ['leader', null]) {
    const s = who ? await f.as(who).get('/api/v1/statistics') : (await f.h.api('GET', '/api/v1/statistics')).body;
    assert.equal(s.open_past_revision_date, 1);
    assert.deepEqual(s.plans, { without_coordinator: [], past_revision_date: [], with_measures_without_responsible: [], coordinator_left: [] }, who || 'admin');
  }
});
