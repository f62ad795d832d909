// plans.test.mjs - individual plans through the API: every § 19 item, the
// rules R1, R2, R3, R7, R8, R9 and R12 (each test fails when its rule is
// broken), the history, and stories S1 and S2 from shared/scenarios.md.
//
// Each request is made by the role that does it in a municipality
// (docs/security.md): the administrator keeps units and staff; Kine, a member
// of the coordinating unit, registers persons, creates plans, appoints the
// coordinator, activates, closes and reopens; Ola, the coordinator, records
// consents and writes the plan's content.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertError, syntheticNid, cli } from './harness.mjs';
import { buildFixture, approveMembership } from './fixture.mjs';

let h;
let n = 500;
let ke;   // the coordinating unit (Kine), per world()
let ola;  // the coordinator, per world()
const ok = (r, status = 200) => { assert.equal(r.status, status, r.text); return r.body; };
// as the coordinator
const post = async (path, body, status = 201) => ok(await ola.api('POST', path, { body }), status);
const patch = async (path, body, version, status = 200) =>
  ok(await ola.api('PATCH', path, { body, headers: { 'If-Match': `"${version}"` } }), status);
// as the coordinating unit, and as the administrator
const kePost = async (path, body, status = 201) => ok(await ke.api('POST', path, { body }), status);
const adminPost = async (path, body, status = 201) => ok(await h.api('POST', path, { body }), status);

let accounts = 0;
// An account and token for a staff member (CLI); answers the server as that actor.
function actor(staffId, name) {
  const username = `${name}${++accounts}`.toLowerCase();
  const r = cli(['user', 'add', '--db', h.db, '--username', username, '--role', 'staff', '--staff-id', String(staffId), '--no-password']);
  assert.equal(r.status, 0, r.stderr);
  const t = cli(['token', 'create', '--db', h.db, '--user', username]);
  assert.equal(t.status, 0, t.stderr);
  return Object.assign(h.as(t.stdout.trim()), { username });
}

// A small municipality: units, agencies, staff, and a person without a plan;
// Kine in the coordinating unit and Ola (coordinator to be) with log-ins.
async function world() {
  const w = {};
  w.followUp = await adminPost('/api/v1/organisations', { name: 'Oppfølgingstjenesten', kind: 'unit', level: 'municipal' });
  w.ke = await adminPost('/api/v1/organisations', { name: 'Koordinerende enhet', kind: 'coordinating_unit', level: 'municipal' });
  w.nav = await adminPost('/api/v1/organisations', { name: 'NAV Fjordvik', kind: 'external_agency', level: 'state' });
  w.dps = await adminPost('/api/v1/organisations', { name: 'DPS Fjordvik', kind: 'external_agency', level: 'specialist' });
  w.economy = await adminPost('/api/v1/organisations', { name: 'Økonomi og gjeld', kind: 'unit', level: 'municipal' });
  w.housing = await adminPost('/api/v1/organisations', { name: 'Boligkontoret', kind: 'unit', level: 'municipal' });
  w.kine = await adminPost('/api/v1/staff', { given_name: 'Kine', family_name: 'Enhet', profession: 'social_worker' });
  w.ola = await adminPost('/api/v1/staff', { given_name: 'Ola', family_name: 'Hansen', profession: 'social_worker' });
  w.sara = await adminPost('/api/v1/staff', { given_name: 'Sara', family_name: 'Berg', profession: 'nurse' });
  w.debt = await adminPost('/api/v1/staff', { given_name: 'Per', family_name: 'Gjeld', profession: 'debt_adviser' });
  w.therapist = await adminPost('/api/v1/staff', { given_name: 'Nora', family_name: 'Terapeut', profession: 'psychologist' });
  await approveMembership(h, await adminPost('/api/v1/memberships', { staff_id: w.kine.id, organisation_id: w.ke.id, position_percent: 100 }));
  // coordinators are the municipality's own staff
  for (const s of [w.ola, w.sara]) await adminPost('/api/v1/memberships', { staff_id: s.id, organisation_id: w.followUp.id, position_percent: 100 });
  ke = actor(w.kine.id, 'kine');
  ola = actor(w.ola.id, 'ola');
  return w;
}

const used = new Set();
// Registered by the coordinating unit.
async function person(name = 'Kari') {
  let nid;
  do nid = syntheticNid(n++); while (used.has(nid));
  used.add(nid);
  return kePost('/api/v1/persons', { national_id: nid, given_name: name, family_name: 'Nordmann' });
}

const consent = (w, extra = {}) => ({
  given_by: 'owner', method: 'in_person', valid_from: '2026-01-01', valid_to: '2099-12-31',
  grants: [{ organisation_id: w.nav.id, sections: ['goals', 'measures'] }], ...extra,
});

before(async () => { h = await startServer(); });
after(async () => { await h.stop(); });

test('R1: a plan becomes active only with a valid consent and exactly one coordinator', async () => {
  const w = await world();
  const p = await person();
  let plan = await kePost('/api/v1/plans', { person_id: p.id, revision_date: '2099-06-01' });
  assert.equal(plan.status, 'draft');
  assertError(await ke.api('POST', `/api/v1/plans/${plan.id}/activate`), 409, 'r1_consent_missing', 'consents');
  // Without a coordinator no one may record a consent (docs/security.md: the
  // coordinator writes consents; the coordinating unit and the owner do not),
  // so "a valid consent but no coordinator" (409 r1_coordinator_missing) cannot
  // be reached through the API any more: the plan without one is flagged.
  assertError(await ke.api('POST', `/api/v1/plans/${plan.id}/consents`, { body: consent(w) }), 403, 'forbidden');
  assert.ok(ok(await ke.api('GET', `/api/v1/plans/${plan.id}`)).flags.includes('no_coordinator'));
  ok(await ke.api('PUT', `/api/v1/plans/${plan.id}/coordinator`, { body: { staff_id: w.ola.id } }));
  // still no consent: the coordinator alone is not enough
  assertError(await ke.api('POST', `/api/v1/plans/${plan.id}/activate`), 409, 'r1_consent_missing', 'consents');
  // an expired consent does not count
  await post(`/api/v1/plans/${plan.id}/consents`, consent(w, { valid_from: '2020-01-01', valid_to: '2021-01-01' }));
  assertError(await ke.api('POST', `/api/v1/plans/${plan.id}/activate`), 409, 'r1_consent_missing');
  // a withdrawn consent does not count
  const c = await post(`/api/v1/plans/${plan.id}/consents`, consent(w));
  ok(await ola.api('POST', `/api/v1/plans/${plan.id}/consents/${c.id}/withdraw`, { body: { reason: 'Ombestemte seg' } }));
  assertError(await ke.api('POST', `/api/v1/plans/${plan.id}/activate`), 409, 'r1_consent_missing');
  await post(`/api/v1/plans/${plan.id}/consents`, consent(w));
  await post(`/api/v1/plans/${plan.id}/goals`, { kind: 'main', text: 'Mål' }); // § 19 a
  plan = ok(await ke.api('POST', `/api/v1/plans/${plan.id}/activate`));
  assert.equal(plan.status, 'active');
  assert.equal(plan.coordinator_id, w.ola.id);
  assert.ok(plan.activated_at);
});

test('R8: a revision date is required to activate; overdue dates are flagged', async () => {
  const w = await world();
  const p = await person();
  const plan = await kePost('/api/v1/plans', { person_id: p.id, coordinator_id: w.ola.id });
  await post(`/api/v1/plans/${plan.id}/consents`, consent(w));
  assertError(await ke.api('POST', `/api/v1/plans/${plan.id}/activate`), 409, 'r8_revision_date_missing', 'revision_date');
  let cur = ok(await ola.api('GET', `/api/v1/plans/${plan.id}`));
  assert.ok(cur.flags.includes('no_revision_date'));
  cur = await patch(`/api/v1/plans/${plan.id}`, { revision_date: '2020-01-01' }, cur.version);
  assert.ok(cur.flags.includes('revision_overdue'), JSON.stringify(cur.flags));
  cur = await patch(`/api/v1/plans/${plan.id}`, { revision_date: '2099-01-01' }, cur.version);
  assert.ok(!cur.flags.includes('revision_overdue'));
  const g = await post(`/api/v1/plans/${plan.id}/goals`, { kind: 'main', text: 'Mål', evaluation_date: '2020-02-02' });
  assert.deepEqual(g.flags, ['no_responsible_measure', 'evaluation_overdue']);
  const m = await post(`/api/v1/plans/${plan.id}/measures`, { description: 'Tiltak', responsible_staff_id: w.sara.id, goal_id: g.id, evaluation_date: '2020-02-02' });
  assert.deepEqual(m.flags, ['evaluation_overdue']);
  cur = ok(await ola.api('GET', `/api/v1/plans/${plan.id}`));
  assert.ok(cur.flags.includes('evaluation_overdue'));
});

test('R3: one open plan per person', async () => {
  const w = await world();
  const p = await person();
  const first = await kePost('/api/v1/plans', { person_id: p.id });
  assertError(await ke.api('POST', '/api/v1/plans', { body: { person_id: p.id } }), 409, 'r3_open_plan_exists', 'person_id');
  ok(await ke.api('POST', `/api/v1/plans/${first.id}/close`, { body: { reason: 'Flyttet' } }));
  const second = await kePost('/api/v1/plans', { person_id: p.id, coordinator_id: w.ola.id });
  // the closed one cannot be reopened while another is open
  assertError(await ke.api('POST', `/api/v1/plans/${first.id}/reopen`), 409, 'r3_open_plan_exists');
  assert.notEqual(second.id, first.id);
});

test('R7: a measure or goal without a responsible party is flagged', async () => {
  const w = await world();
  const p = await person();
  // no coordinator yet: flagged (R7/R8 flags of the plan itself)
  const plan = await kePost('/api/v1/plans', { person_id: p.id });
  assert.deepEqual(ok(await ke.api('GET', `/api/v1/plans/${plan.id}`)).flags, ['no_revision_date', 'no_coordinator']);
  ok(await ke.api('PUT', `/api/v1/plans/${plan.id}/coordinator`, { body: { staff_id: w.ola.id } }));
  const main = await post(`/api/v1/plans/${plan.id}/goals`, { kind: 'main', text: 'Egen bolig' });
  const sub = await post(`/api/v1/plans/${plan.id}/goals`, { kind: 'sub', parent_id: main.id, text: 'Søke bolig' });
  let m = await post(`/api/v1/plans/${plan.id}/measures`, { description: 'Boligsøknad', goal_id: sub.id });
  assert.deepEqual(m.flags, ['no_responsible_party']);
  let cur = ok(await ola.api('GET', `/api/v1/plans/${plan.id}`));
  assert.ok(cur.flags.includes('measure_without_responsible'));
  assert.ok(cur.flags.includes('goal_without_responsible'));
  assert.deepEqual(cur.goals.find((g) => g.id === main.id).flags, ['no_responsible_measure']);
  m = await patch(`/api/v1/plans/${plan.id}/measures/${m.id}`, { responsible_organisation_id: w.housing.id }, m.version);
  assert.deepEqual(m.flags, []);
  cur = ok(await ola.api('GET', `/api/v1/plans/${plan.id}`));
  assert.deepEqual(cur.flags, ['no_revision_date']);
  assert.deepEqual(cur.goals.map((g) => g.flags), [[], []]);
  // S5: the partner ends the measure with a reason: the goal loses its responsible party
  assertError(await ola.api('PATCH', `/api/v1/plans/${plan.id}/measures/${m.id}`, { body: { status: 'cancelled' }, headers: { 'If-Match': `"${m.version}"` } }), 422, 'required', 'end_reason');
  m = await patch(`/api/v1/plans/${plan.id}/measures/${m.id}`, { status: 'cancelled', end_reason: 'Avsluttet etter uteblitte timer' }, m.version);
  cur = ok(await ola.api('GET', `/api/v1/plans/${plan.id}`));
  assert.ok(cur.flags.includes('goal_without_responsible'));
  assert.deepEqual(cur.goals.find((g) => g.id === sub.id).flags, ['no_responsible_measure']);
});

test('R9: every plan resource has an ETag; stale or missing If-Match changes nothing', async () => {
  const w = await world();
  const p = await person();
  const created = await ke.api('POST', '/api/v1/plans', { body: { person_id: p.id, title: 'Plan', coordinator_id: w.ola.id } });
  assert.equal(created.status, 201);
  assert.equal(created.headers.get('etag'), `"${created.body.version}"`);
  assert.equal(created.headers.get('location'), `/api/v1/plans/${created.body.id}`);
  const plan = created.body;
  assertError(await ola.api('PATCH', `/api/v1/plans/${plan.id}`, { body: { title: 'Uten If-Match' } }), 428, 'if_match_required');
  const a = await patch(`/api/v1/plans/${plan.id}`, { title: 'Første endring' }, plan.version);
  assertError(await ola.api('PATCH', `/api/v1/plans/${plan.id}`, { body: { title: 'Gammel versjon' }, headers: { 'If-Match': `"${plan.version}"` } }), 412, 'stale_version');
  const now = ok(await ola.api('GET', `/api/v1/plans/${plan.id}`));
  assert.equal(now.title, 'Første endring');
  assert.equal(now.version, a.version);
  const g = await ola.api('POST', `/api/v1/plans/${plan.id}/goals`, { body: { kind: 'main', text: 'Mål' } });
  assert.equal(g.headers.get('etag'), '"1"');
  await patch(`/api/v1/plans/${plan.id}/goals/${g.body.id}`, { text: 'Nytt mål' }, 1);
  assertError(await ola.api('PATCH', `/api/v1/plans/${plan.id}/goals/${g.body.id}`, { body: { text: 'x' }, headers: { 'If-Match': '"1"' } }), 412, 'stale_version');
  assertError(await ola.api('DELETE', `/api/v1/plans/${plan.id}/goals/${g.body.id}`, { headers: { 'If-Match': '"1"' } }), 412, 'stale_version');
  // the history shows every version, with author and time: the coordinating
  // unit created the plan and appointed Ola, Ola changed it
  const hist = ok(await ola.api('GET', `/api/v1/plans/${plan.id}/history`));
  assert.deepEqual(hist.items.map((x) => [x.action, x.object_type]), [
    ['create', 'plan'], ['coordinator', 'coordinator_assignment'], ['update', 'plan'], ['create', 'goal'], ['update', 'goal'],
  ]);
  assert.deepEqual(hist.items.map((x) => x.revision), [1, 2, 3, 4, 5]);
  assert.equal(hist.items[2].data.before.title, 'Plan');
  assert.equal(hist.items[2].data.after.title, 'Første endring');
  assert.deepEqual(hist.items.map((x) => x.author), [ke.username, ke.username, ola.username, ola.username, ola.username]);
  assert.ok(hist.items.every((x) => /Z$/.test(x.at)));
});

test('R12: a closed plan is read-only; only the coordinating unit reopens it', async () => {
  const w = await world();
  const p = await person();
  const plan = await kePost('/api/v1/plans', { person_id: p.id, coordinator_id: w.ola.id });
  // before activation the plan says what it still needs; a goal takes one off the list
  assert.deepEqual(ok(await ola.api('GET', `/api/v1/plans/${plan.id}`)).activation_missing, ['r1_consent_missing', 'r8_revision_date_missing', 'plan_goal_missing']);
  const g = await post(`/api/v1/plans/${plan.id}/goals`, { kind: 'main', text: 'Mål' });
  assert.deepEqual(ok(await ola.api('GET', `/api/v1/plans/${plan.id}`)).activation_missing, ['r1_consent_missing', 'r8_revision_date_missing']);
  // measures under way end with the plan; an ended or cancelled one stays as it was
  const going = await post(`/api/v1/plans/${plan.id}/measures`, { description: 'Samtaler', status: 'active', start_date: '2025-01-01' });
  const done = await post(`/api/v1/plans/${plan.id}/measures`, { description: 'Kurs', status: 'ended', end_date: '2025-06-01', end_reason: 'Fullført' });
  const closed = ok(await ola.api('POST', `/api/v1/plans/${plan.id}/close`, { body: { reason: 'Målene er nådd' } }));
  assert.equal(closed.status, 'closed');
  assert.equal(closed.close_reason, 'Målene er nådd');
  const byId = new Map(closed.measures.map((m) => [m.id, m]));
  assert.equal(byId.get(going.id).status, 'ended');
  assert.equal(byId.get(going.id).end_reason, 'Målene er nådd');
  assert.match(byId.get(going.id).end_date, /^\d{4}-\d{2}-\d{2}$/);
  assert.deepEqual([byId.get(done.id).status, byId.get(done.id).end_date, byId.get(done.id).end_reason], ['ended', '2025-06-01', 'Fullført']);
  const hist = ok(await ola.api('GET', `/api/v1/plans/${plan.id}/history?limit=500`)).items;
  assert.ok(hist.some((x) => x.object_type === 'measure' && x.object_id === going.id && x.data.after.status === 'ended' && x.data.before.status === 'active'), 'the ending is in the history');
  assert.deepEqual(closed.flags, [], 'a closed plan needs no attention');
  assert.deepEqual(closed.activation_missing, []);
  // the coordinator's changes, and the coordinating unit's
  const tries = [
    ola.api('PATCH', `/api/v1/plans/${plan.id}`, { body: { title: 'x' }, headers: { 'If-Match': `"${closed.version}"` } }),
    ola.api('POST', `/api/v1/plans/${plan.id}/goals`, { body: { kind: 'main', text: 'x' } }),
    ola.api('PATCH', `/api/v1/plans/${plan.id}/goals/${g.id}`, { body: { text: 'x' }, headers: { 'If-Match': '"1"' } }),
    ola.api('DELETE', `/api/v1/plans/${plan.id}/goals/${g.id}`, { headers: { 'If-Match': '"1"' } }),
    ola.api('POST', `/api/v1/plans/${plan.id}/measures`, { body: { description: 'x' } }),
    ke.api('PUT', `/api/v1/plans/${plan.id}/coordinator`, { body: { staff_id: w.sara.id } }),
    ola.api('POST', `/api/v1/plans/${plan.id}/close`),
    ke.api('POST', `/api/v1/plans/${plan.id}/close`),
    ola.api('POST', `/api/v1/plans/${plan.id}/activate`),
    ke.api('POST', `/api/v1/plans/${plan.id}/activate`),
  ];
  for (const r of await Promise.all(tries)) assertError(r, 409, 'r12_plan_closed');
  // a staff member outside the coordinating unit may not reopen, not even the
  // coordinator: the access policy refuses (docs/security.md: only the
  // coordinating unit reopens; a write the access does not allow is 403)
  assertError(await ola.api('POST', `/api/v1/plans/${plan.id}/reopen`), 403, 'forbidden');
  assert.equal(ok(await ola.api('GET', `/api/v1/plans/${plan.id}`)).status, 'closed');
  // a member of the coordinating unit may
  await approveMembership(h, await adminPost('/api/v1/memberships', { staff_id: w.sara.id, organisation_id: w.ke.id, position_percent: 100 }));
  const sara = actor(w.sara.id, 'sara');
  const reopened = ok(await sara.api('POST', `/api/v1/plans/${plan.id}/reopen`));
  assert.equal(reopened.status, 'awaiting_consent');
  assert.equal(reopened.closed_at, null);
});

test('S1: an individual plan from request to first evaluation, every § 19 item', async () => {
  const w = await world();
  const kari = await person('Kari');
  await adminPost('/api/v1/memberships', { staff_id: w.ola.id, organisation_id: w.followUp.id, position_percent: 80 });
  await approveMembership(h, await adminPost('/api/v1/memberships', { staff_id: w.ola.id, organisation_id: w.ke.id, position_percent: 20 }));
  // 1. registered by the coordinating unit, coordinator appointed
  let plan = await kePost('/api/v1/plans', { person_id: kari.id, title: 'Karis plan', coordinator_id: w.ola.id });
  // trying to activate before consent fails naming the missing consent
  assertError(await ke.api('POST', `/api/v1/plans/${plan.id}/activate`), 409, 'r1_consent_missing');
  // 2. consent in person: NAV, GP, DPS see goals and measures, not the crisis plan; 12 months
  const c = await post(`/api/v1/plans/${plan.id}/consents`, {
    given_by: 'owner', method: 'in_person', valid_from: '2026-11-01', valid_to: '2027-10-31',
    grants: [
      { organisation_id: w.nav.id, sections: ['goals', 'measures'] },
      { organisation_id: w.dps.id, sections: ['goals', 'measures'] },
      { staff_id: w.therapist.id, sections: ['goals', 'measures'] },
    ],
  });
  assert.equal(c.state, 'active');
  assert.ok(!c.grants.some((g) => g.sections.includes('crisis_plan')));
  // 3. goals in her own words; Ola adds resources and needs
  const main = await post(`/api/v1/plans/${plan.id}/goals`, { kind: 'main', text: 'Å bo i egen leilighet og ha en jobb å gå til', domain: 'housing', written_with_owner: true });
  const sub1 = await post(`/api/v1/plans/${plan.id}/goals`, { kind: 'sub', parent_id: main.id, text: 'Få orden på gjelda', domain: 'economy' });
  const sub2 = await post(`/api/v1/plans/${plan.id}/goals`, { kind: 'sub', parent_id: main.id, text: 'Komme i arbeidstrening', domain: 'work_activity' });
  plan = ok(await ola.api('GET', `/api/v1/plans/${plan.id}`));
  plan = await patch(`/api/v1/plans/${plan.id}`, {
    resources: 'Sterk vilje, god kontakt med søsteren', needs: 'Bolig, gjeldsordning, behandling',
    owner_contribution: 'Møter til avtalte samtaler', next_of_kin_contribution: 'Søsteren hjelper med flytting',
    services_contribution: 'Se tiltakene', cooperation: 'Samarbeid med NAV og DPS',
    period_from: '2026-11-01', period_to: '2027-10-31', revision_date: '2027-05-01',
  }, plan.version);
  // 4. measures
  const debt = await post(`/api/v1/plans/${plan.id}/measures`, { goal_id: sub1.id, description: 'Gjeldsrådgivning', scope: '4 samtaler', how: 'Samtaler på servicekontoret', responsible_staff_id: w.debt.id, deciding_organisation_id: w.economy.id, decision_status: 'granted' });
  const housing = await post(`/api/v1/plans/${plan.id}/measures`, { goal_id: main.id, description: 'Søknad om kommunal bolig', responsible_organisation_id: w.housing.id, deciding_organisation_id: w.housing.id, decision_status: 'pending' });
  await post(`/api/v1/plans/${plan.id}/measures`, { goal_id: sub2.id, description: 'Poliklinisk behandling', scope: 'Annenhver uke', responsible_staff_id: w.therapist.id, responsible_organisation_id: w.dps.id });
  assert.deepEqual(housing.flags, ['decision_pending']);
  assert.deepEqual(debt.flags, []);
  await post(`/api/v1/plans/${plan.id}/participants`, { staff_id: w.debt.id, organisation_id: w.economy.id, role: 'service' });
  await post(`/api/v1/plans/${plan.id}/participants`, { organisation_id: w.nav.id, role: 'nav' });
  await post(`/api/v1/plans/${plan.id}/participants`, { name: 'Lise Nordmann', role: 'next_of_kin' });
  await post(`/api/v1/plans/${plan.id}/linked-plans`, { kind: 'nav_activity_plan', title: 'Aktivitetsplan i NAV', organisation_id: w.nav.id });
  // 5. activated only now
  plan = ok(await ke.api('POST', `/api/v1/plans/${plan.id}/activate`));
  assert.equal(plan.status, 'active');
  assert.deepEqual(plan.flags, []);
  // 6. evaluation dates, and the first evaluation with Kari's own view
  await patch(`/api/v1/plans/${plan.id}/goals/${main.id}`, { evaluation_date: '2027-02-01' }, main.version);
  const ev = await post(`/api/v1/plans/${plan.id}/evaluations`, { goal_id: main.id, measure_id: debt.id, date: '2027-02-01', what: 'Gjeldsrådgivning', outcome: 'Avtale med kreditorer', owner_view: 'Jeg sover bedre nå' });
  assert.equal(ev.owner_view, 'Jeg sover bedre nå');
  plan = ok(await ola.api('GET', `/api/v1/plans/${plan.id}`));
  // every § 19 item is in the plan document
  for (const k of ['goals', 'resources', 'needs', 'participants', 'coordinator', 'owner_contribution', 'next_of_kin_contribution',
    'services_contribution', 'measures', 'period_from', 'period_to', 'revision_date', 'consents', 'cooperation', 'linked_plans', 'evaluations']) {
    assert.ok(plan[k] !== undefined && plan[k] !== null, `missing ${k}`);
  }
  assert.equal(plan.goals.length, 3);
  // Ola wrote them with her: recorded as staff writing with the owner
  assert.equal(plan.goals[0].written_by, 'staff');
  assert.equal(plan.goals[0].written_with_owner, true);
  assert.equal(plan.measures.length, 3);
  assert.equal(plan.measures[0].scope, '4 samtaler');
  assert.equal(plan.participants.length, 4); // Ola as coordinator + three
  const coordinator = plan.participants.find((x) => x.role === 'coordinator');
  assert.equal(coordinator.staff_id, w.ola.id);
  assert.equal(coordinator.organisation_id, w.followUp.id, 'the coordinator takes part for their main unit');
  assert.equal(plan.coordinator.staff_id, w.ola.id);
});

test('S2: the coordinator leaves; the coordinating unit appoints another; nothing is lost', async () => {
  const w = await world();
  const p = await person();
  let plan = await kePost('/api/v1/plans', { person_id: p.id, coordinator_id: w.ola.id, revision_date: '2099-01-01' });
  await post(`/api/v1/plans/${plan.id}/consents`, consent(w));
  await post(`/api/v1/plans/${plan.id}/participants`, { organisation_id: w.nav.id, role: 'nav' });
  await post(`/api/v1/plans/${plan.id}/goals`, { kind: 'main', text: 'Mål' });
  plan = ok(await ke.api('POST', `/api/v1/plans/${plan.id}/activate`));
  assertError(await ke.api('PUT', `/api/v1/plans/${plan.id}/coordinator`, { body: { staff_id: w.ola.id } }), 409, 'r2_already_coordinator');
  const c = ok(await ke.api('PUT', `/api/v1/plans/${plan.id}/coordinator`, { body: { staff_id: w.sara.id, reason: 'Ola har sluttet' } }));
  // from now on the plan is Sara's; Ola no longer sees it
  const sara = actor(w.sara.id, 'sara');
  assertError(await ola.api('GET', `/api/v1/plans/${plan.id}`), 404, 'not_found');
  assert.equal(c.current.staff_id, w.sara.id);
  assert.equal(c.history.length, 2);
  assert.equal(c.history[0].staff_id, w.ola.id);
  assert.ok(c.history[0].to_at, 'the previous period is closed');
  assert.equal(c.history[0].to_at <= c.history[1].from_at, true);
  assert.equal(c.history.filter((x) => x.to_at === null).length, 1, 'exactly one current coordinator');
  plan = ok(await sara.api('GET', `/api/v1/plans/${plan.id}`));
  assert.equal(plan.coordinator_id, w.sara.id);
  assert.equal(plan.status, 'active');
  // the group keeps its membership; Ola's coordinator participation ended
  const parts = plan.participants;
  assert.ok(parts.find((x) => x.organisation_id === w.nav.id && x.left_on === null));
  assert.ok(parts.find((x) => x.staff_id === w.ola.id && x.left_on !== null));
  assert.ok(parts.find((x) => x.staff_id === w.sara.id && x.left_on === null && x.role === 'coordinator'));
  assert.equal(plan.consents.length, 1);
  const hist = ok(await sara.api('GET', `/api/v1/plans/${plan.id}/history`));
  assert.deepEqual(hist.items.filter((x) => x.action === 'coordinator').map((x) => x.data.after.staff_id), [w.ola.id, w.sara.id]);
});

test('lists of plans name each plan\'s coordinator, and follow a change of coordinator', async () => {
  const w = await world();
  const p = await person('Liv');
  const plan = await kePost('/api/v1/plans', { person_id: p.id, coordinator_id: w.ola.id, title: 'Med koordinator' });
  const other = await kePost('/api/v1/plans', { person_id: (await person('Siv')).id, title: 'Uten koordinator' });
  const item = async (who, id) => ok(await who.api('GET', `/api/v1/plans?limit=500&person_id=${id === plan.id ? p.id : other.person_id}`)).items.find((x) => x.id === id);
  // the coordinating unit (every plan) and the coordinator (her plans) alike
  assert.equal((await item(ke, plan.id)).coordinator_name, 'Ola Hansen');
  assert.equal((await item(ola, plan.id)).coordinator_name, 'Ola Hansen');
  assert.equal((await item(ke, other.id)).coordinator_name, null);
  ok(await ke.api('PUT', `/api/v1/plans/${plan.id}/coordinator`, { body: { staff_id: w.sara.id } }));
  assert.equal((await item(ke, plan.id)).coordinator_name, 'Sara Berg');
  // the plan itself says the same
  assert.equal(ok(await ke.api('GET', `/api/v1/plans/${plan.id}`)).coordinator.name, 'Sara Berg');
});

test('plan parts: goal structure, cross-plan references and in-use deletes are refused', async () => {
  const w = await world();
  const a = await kePost('/api/v1/plans', { person_id: (await person()).id, coordinator_id: w.ola.id });
  const b = await kePost('/api/v1/plans', { person_id: (await person()).id, coordinator_id: w.ola.id });
  const ga = await post(`/api/v1/plans/${a.id}/goals`, { kind: 'main', text: 'A' });
  assertError(await ola.api('POST', `/api/v1/plans/${b.id}/goals`, { body: { kind: 'sub', parent_id: ga.id, text: 'B' } }), 422, 'unknown_reference', 'parent_id');
  assertError(await ola.api('POST', `/api/v1/plans/${a.id}/goals`, { body: { kind: 'sub', text: 'B' } }), 422, 'required', 'parent_id');
  assertError(await ola.api('POST', `/api/v1/plans/${a.id}/goals`, { body: { kind: 'main', text: '' } }), 422, 'required', 'text');
  assertError(await ola.api('POST', `/api/v1/plans/${a.id}/goals`, { body: { kind: 'major', text: 'x' } }), 422, 'invalid_enum', 'kind');
  assertError(await ola.api('GET', `/api/v1/plans/${b.id}/goals/${ga.id}`), 404, 'not_found');
  assertError(await ola.api('POST', `/api/v1/plans/${a.id}/measures`, { body: { description: 'M', goal_id: ga.id, start_date: '2027-01-01', end_date: '2026-01-01' } }), 422, 'invalid_period', 'end_date');
  const m = await post(`/api/v1/plans/${a.id}/measures`, { description: 'M', goal_id: ga.id, responsible_organisation_id: w.nav.id });
  assertError(await ola.api('DELETE', `/api/v1/plans/${a.id}/goals/${ga.id}`, { headers: { 'If-Match': '"1"' } }), 409, 'goal_in_use');
  const r = await ola.api('DELETE', `/api/v1/plans/${a.id}/measures/${m.id}`, { headers: { 'If-Match': '"1"' } });
  assert.equal(r.status, 204);
  assert.equal((await ola.api('DELETE', `/api/v1/plans/${a.id}/goals/${ga.id}`, { headers: { 'If-Match': '"1"' } })).status, 204);
  assertError(await ola.api('POST', `/api/v1/plans/${a.id}/consents`, { body: consent(w, { grants: [{ organisation_id: w.nav.id, sections: ['everything'] }] }) }), 422, 'invalid_enum', 'grants[0].sections');
  assertError(await ola.api('POST', `/api/v1/plans/${a.id}/consents`, { body: consent(w, { grants: [{ organisation_id: 999999, sections: ['goals'] }] }) }), 422, 'unknown_reference', 'grants[0].organisation_id');
  assertError(await ola.api('POST', `/api/v1/plans/${a.id}/consents`, { body: consent(w, { given_by: 'representative' }) }), 422, 'required', 'representative_name');
  assertError(await ola.api('POST', `/api/v1/plans/${a.id}/participants`, { body: { role: 'nav' } }), 422, 'required', 'staff_id');
  assertError(await ola.api('GET', '/api/v1/plans/999999'), 404, 'not_found');
  assertError(await ola.api('GET', '/api/v1/plans/999999/goals'), 404, 'not_found');
  assertError(await ola.api('POST', `/api/v1/plans/${a.id}/activate`, { body: { force: true } }), 422, 'unknown_field', 'force');
  const list = ok(await ola.api('GET', `/api/v1/plans?person_id=${a.person_id}`));
  assert.deepEqual(list.items.map((x) => x.id), [a.id]);
});

// ---- data that cannot lie (docs/security.md) ------------------------------

test('a plan\'s case belongs to the same person: 422 case_not_of_person naming case_id, on create and on change', async () => {
  const w = await world();
  const kari = await person('Kari');
  const per = await person('Per');
  const caseOf = async (p, extra = {}) => kePost('/api/v1/cases', { person_id: p, title: 'Sak', intake_channel: 'phone', intake_date: '2025-05-05', urgency: 'normal', ...extra });
  const kariCase = await caseOf(kari.id);
  const perCase = await caseOf(per.id);
  const worry = await caseOf(null, { intake_channel: 'worry_report', anonymous_reporter: true });
  for (const c of [perCase, worry]) {
    const r = await ke.api('POST', '/api/v1/plans', { body: { person_id: kari.id, case_id: c.id, coordinator_id: w.ola.id } });
    assertError(r, 422, 'case_not_of_person', 'case_id');
    assert.match(r.body.error.message, /same person/);
  }
  assert.deepEqual(ok(await ke.api('GET', `/api/v1/plans?person_id=${kari.id}`)).items, []);
  const plan = await kePost('/api/v1/plans', { person_id: kari.id, case_id: kariCase.id, coordinator_id: w.ola.id });
  assert.equal(plan.case_id, kariCase.id);
  assertError(await ola.api('PATCH', `/api/v1/plans/${plan.id}`, { body: { case_id: perCase.id }, headers: { 'If-Match': `"${plan.version}"` } }),
    422, 'case_not_of_person', 'case_id');
  assertError(await ola.api('PATCH', `/api/v1/plans/${plan.id}`, { body: { case_id: worry.id }, headers: { 'If-Match': `"${plan.version}"` } }),
    422, 'case_not_of_person', 'case_id');
  assert.equal(ok(await ola.api('GET', `/api/v1/plans/${plan.id}`)).case_id, kariCase.id);
  // a case that does not exist stays unknown_reference; no case at all is fine
  assertError(await ola.api('PATCH', `/api/v1/plans/${plan.id}`, { body: { case_id: 999999 }, headers: { 'If-Match': `"${plan.version}"` } }),
    422, 'unknown_reference', 'case_id');
  const cleared = await patch(`/api/v1/plans/${plan.id}`, { case_id: null }, plan.version);
  assert.equal(cleared.case_id, null);
  await patch(`/api/v1/plans/${plan.id}`, { case_id: kariCase.id }, cleared.version);
});

test('§ 19 a: a plan becomes active only with at least one goal, and an active plan keeps one (409 plan_goal_missing)', async () => {
  const w = await world();
  let plan = await kePost('/api/v1/plans', { person_id: (await person()).id, coordinator_id: w.ola.id, revision_date: '2099-06-01' });
  await post(`/api/v1/plans/${plan.id}/consents`, consent(w));
  const r = await ke.api('POST', `/api/v1/plans/${plan.id}/activate`);
  assertError(r, 409, 'plan_goal_missing', 'goals');
  assert.match(r.body.error.message, /§ 19 a/);
  assertError(await ola.api('POST', `/api/v1/plans/${plan.id}/activate`), 409, 'plan_goal_missing', 'goals');
  assert.equal(ok(await ola.api('GET', `/api/v1/plans/${plan.id}`)).status, 'draft');
  const g1 = await post(`/api/v1/plans/${plan.id}/goals`, { kind: 'main', text: 'Egen bolig' });
  plan = ok(await ke.api('POST', `/api/v1/plans/${plan.id}/activate`));
  assert.equal(plan.status, 'active');
  // the only goal of an active plan is not deleted (it may be marked achieved or dropped)
  assertError(await ola.api('DELETE', `/api/v1/plans/${plan.id}/goals/${g1.id}`, { headers: { 'If-Match': `"${g1.version}"` } }), 409, 'plan_goal_missing', 'goals');
  const g2 = await post(`/api/v1/plans/${plan.id}/goals`, { kind: 'main', text: 'Jobb' });
  assert.equal((await ola.api('DELETE', `/api/v1/plans/${plan.id}/goals/${g1.id}`, { headers: { 'If-Match': `"${g1.version}"` } })).status, 204);
  assertError(await ola.api('DELETE', `/api/v1/plans/${plan.id}/goals/${g2.id}`, { headers: { 'If-Match': `"${g2.version}"` } }), 409, 'plan_goal_missing', 'goals');
  assert.deepEqual(ok(await ola.api('GET', `/api/v1/plans/${plan.id}`)).goals.map((g) => g.id), [g2.id]);
  // a plan closed before it had a goal is not reopened as active
  const draft = await kePost('/api/v1/plans', { person_id: (await person()).id, coordinator_id: w.ola.id, revision_date: '2099-06-01' });
  await post(`/api/v1/plans/${draft.id}/consents`, consent(w));
  ok(await ke.api('POST', `/api/v1/plans/${draft.id}/close`, { body: { reason: 'Feil' } }));
  assert.equal(ok(await ke.api('POST', `/api/v1/plans/${draft.id}/reopen`)).status, 'awaiting_consent');
});

test('who wrote a goal is set by the server from who is logged in; a client-sent written_by is refused', async () => {
  const f = await buildFixture();
  try {
    const p = `/api/v1/plans/${f.ids.plans.active}`;
    const owner = f.as('owner');
    const rep = f.as('representative');
    const coord = f.as('coordinator');
    const mine = await owner.post(`${p}/goals`, { kind: 'main', text: 'Mitt eget mål' });
    assert.equal(mine.written_by, 'owner');
    assert.equal(mine.written_with_owner, false);
    assert.equal(mine.author_account_id, f.accounts.owner);
    const lise = await rep.post(`${p}/goals`, { kind: 'main', text: 'Skrevet av Lise' });
    assert.equal(lise.written_by, 'representative');
    assert.equal(lise.author_account_id, f.accounts.representative);
    const ola = await coord.post(`${p}/goals`, { kind: 'main', text: 'Skrevet av Ola' });
    assert.equal(ola.written_by, 'staff');
    assert.equal(ola.written_with_owner, false);
    const together = await coord.post(`${p}/goals`, { kind: 'main', text: 'Skrevet sammen med Kari', written_with_owner: true });
    assert.equal(together.written_by, 'staff');
    assert.equal(together.written_with_owner, true);
    // no one chooses written_by: not staff passing words off as the owner's, not the owner
    for (const [who, by] of [[coord, 'owner'], [coord, 'staff'], [owner, 'owner'], [rep, 'owner']]) {
      const r = await who.api('POST', `${p}/goals`, { body: { kind: 'main', text: 'x', written_by: by } });
      assertError(r, 422, 'read_only_field', 'written_by');
      assert.match(r.body.error.message, /set by the server from who is logged in/);
      assertError(await who.api('PATCH', `${p}/goals/${mine.id}`, { body: { written_by: by }, headers: { 'If-Match': `"${mine.version}"` } }),
        422, 'read_only_field', 'written_by');
    }
    // written_with_owner is staff's to say
    assertError(await owner.api('POST', `${p}/goals`, { body: { kind: 'main', text: 'x', written_with_owner: true } }), 422, 'written_with_owner', 'written_with_owner');
    assertError(await coord.api('PATCH', `${p}/goals/${mine.id}`, { body: { written_with_owner: true }, headers: { 'If-Match': `"${mine.version}"` } }),
      422, 'written_with_owner', 'written_with_owner');
    // a change of status keeps the writer; whoever rewrites the text becomes it
    let g = await coord.patch(`${p}/goals/${mine.id}`, { status: 'achieved' }, mine.version);
    assert.equal(g.written_by, 'owner');
    assert.equal(g.author_account_id, f.accounts.owner);
    g = await coord.patch(`${p}/goals/${mine.id}`, { text: 'Omskrevet av Ola' }, g.version);
    assert.equal(g.written_by, 'staff');
    assert.equal(g.author_account_id, f.accounts.coordinator);
    g = await owner.patch(`${p}/goals/${mine.id}`, { text: 'Mine egne ord igjen' }, g.version);
    assert.equal(g.written_by, 'owner');
    const doc = await coord.get(p);
    assert.deepEqual(Object.fromEntries(doc.goals.filter((x) => x.id >= mine.id).map((x) => [x.text, [x.written_by, x.written_with_owner]])), {
      'Mine egne ord igjen': ['owner', false], 'Skrevet av Lise': ['representative', false],
      'Skrevet av Ola': ['staff', false], 'Skrevet sammen med Kari': ['staff', true],
    });
  } finally {
    await f.h.stop();
  }
});

// A synthetic national ID (Tenor style, month + 80) for a birth date of this
// century; `seq` picks another individual number for the same date.
function nidBorn(date, seq = 0) {
  const [y, m, d] = date.split('-');
  const w1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
  const w2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
  const k = (ds, w) => { const r = 11 - ds.reduce((s, x, j) => s + x * w[j], 0) % 11; return r === 11 ? 0 : r; };
  for (let ind = 500 + seq * 40; ind < 1000; ind++) {
    const digits = [...`${d}${Number(m) + 80}${y.slice(2)}${ind}`].map(Number);
    const k1 = k(digits, w1);
    if (k1 === 10) continue;
    const k2 = k([...digits, k1], w2);
    if (k2 === 10) continue;
    return digits.join('') + k1 + k2;
  }
  throw new Error(`no synthetic number for ${date}`);
}

test('R19: consent for a child follows pasient- og brukerrettighetsloven §§ 4-3 and 4-4, by her age on valid_from', async () => {
  const w = await world();
  let seq = 0;
  const child = async (birth) => {
    const p = await kePost('/api/v1/persons', { national_id: nidBorn(birth, seq++), given_name: 'Barn', family_name: 'Nordmann' });
    assert.equal(p.birth_date, birth);
    return kePost('/api/v1/plans', { person_id: p.id, coordinator_id: w.ola.id });
  };
  const parents = { given_by: 'representative', representative_name: 'Lise Nordmann' };
  const view = { child_view: 'Vil være med på møtene selv' };
  const refused = async (plan, extra, field, law) => {
    const r = await ola.api('POST', `/api/v1/plans/${plan.id}/consents`, { body: consent(w, { valid_from: '2026-01-01', ...extra }) });
    assertError(r, 409, 'r19_child_consent', field);
    assert.match(r.body.error.message, law);
    return r;
  };
  const given = (plan, extra) => post(`/api/v1/plans/${plan.id}/consents`, consent(w, { valid_from: '2026-01-01', ...extra }));
  // 10 years old: the parents consent; the owner alone cannot
  const ten = await child('2015-06-01');
  const r = await refused(ten, {}, 'given_by', /§ 4-4/);
  assert.match(r.body.error.message, /is 10 on valid_from 2026-01-01/);
  assert.equal((await given(ten, parents)).child_view, null);
  // 13: the parents consent and the child's view is heard and recorded
  const thirteen = await child('2012-03-01');
  await refused(thirteen, {}, 'given_by', /under 16/);
  await refused(thirteen, parents, 'child_view', /from 12 the child's own view/);
  const c = await given(thirteen, { ...parents, ...view });
  assert.equal(c.child_view, view.child_view);
  assert.equal(c.given_by, 'representative');
  assert.equal(ok(await ola.api('GET', `/api/v1/plans/${thirteen.id}`)).consents.length, 1);
  // 12 from the birthday itself; 11 the day before
  const twelve = await child('2014-01-01');
  await refused(twelve, parents, 'child_view', /is 12/);
  await given(twelve, { ...parents, valid_from: '2025-12-31' });
  // 16 on the birthday: she consents herself, and there is no child's view to record
  const sixteen = await child('2010-01-01');
  await refused(sixteen, { child_view: 'x' }, 'child_view', /§ 4-3/);
  assert.equal((await given(sixteen, {})).given_by, 'owner');
  // the age is the one on valid_from, not today's: 15 on 1 January, 16 on 2 January
  const almost = await child('2010-01-02');
  await refused(almost, {}, 'given_by', /is 15/);
  assert.equal((await given(almost, { valid_from: '2026-01-02' })).given_by, 'owner');
  // child_view is kept as given: create-only
  assertError(await ola.api('PATCH', `/api/v1/plans/${thirteen.id}/consents/${c.id}`, { body: { child_view: 'Endret' }, headers: { 'If-Match': `"${c.version}"` } }),
    422, 'immutable_field', 'child_view');
});

test('an id of another plan is answered exactly as an id that does not exist', async () => {
  const w = await world();
  const a = await kePost('/api/v1/plans', { person_id: (await person()).id, coordinator_id: w.ola.id });
  const b = await kePost('/api/v1/plans', { person_id: (await person()).id, coordinator_id: w.ola.id });
  const goal = await post(`/api/v1/plans/${a.id}/goals`, { kind: 'main', text: 'A' });
  const measure = await post(`/api/v1/plans/${a.id}/measures`, { description: 'M', goal_id: goal.id, responsible_organisation_id: w.nav.id });
  const cons = await post(`/api/v1/plans/${a.id}/consents`, consent(w));
  const bGoal = await post(`/api/v1/plans/${b.id}/goals`, { kind: 'main', text: 'B' });
  const bMeasure = await post(`/api/v1/plans/${b.id}/measures`, { description: 'M', responsible_organisation_id: w.nav.id });
  const missing = 999999;
  const pb = `/api/v1/plans/${b.id}`;
  const tries = [
    ['POST', `${pb}/goals`, (id) => ({ kind: 'sub', parent_id: id, text: 'x' }), goal.id],
    ['POST', `${pb}/measures`, (id) => ({ description: 'x', goal_id: id }), goal.id],
    ['PATCH', `${pb}/measures/${bMeasure.id}`, (id) => ({ goal_id: id }), goal.id, bMeasure.version],
    ['PATCH', `${pb}/goals/${bGoal.id}`, (id) => ({ kind: 'sub', parent_id: id }), goal.id, bGoal.version],
    ['POST', `${pb}/evaluations`, (id) => ({ date: '2026-01-01', what: 'x', goal_id: id }), goal.id],
    ['POST', `${pb}/evaluations`, (id) => ({ date: '2026-01-01', what: 'x', measure_id: id }), measure.id],
    ['POST', `${pb}/messages`, (id) => ({ kind: 'comment', text: 'x', consent_id: id }), cons.id],
  ];
  const norm = (r, id) => ({ status: r.status, body: JSON.parse(r.text.split(String(id)).join('N')) });
  for (const [method, path, body, other, version] of tries) {
    const headers = version ? { 'If-Match': `"${version}"` } : {};
    const there = await ola.api(method, path, { body: body(other), headers });
    const nowhere = await ola.api(method, path, { body: body(missing), headers });
    assert.equal(there.status, 422, `${method} ${path}: ${there.text}`);
    assert.equal(there.body.error.code, 'unknown_reference');
    assert.deepEqual(norm(there, other), norm(nowhere, missing), `${method} ${path} ${JSON.stringify(body(other))}`);
    assert.doesNotMatch(there.text, /another plan|other_plan/);
  }
  // reading or changing a part of another plan through this one: 404, as for none
  for (const [path, id] of [[`${pb}/goals`, goal.id], [`${pb}/measures`, measure.id], [`${pb}/consents`, cons.id]]) {
    assert.deepEqual(norm(await ola.api('GET', `${path}/${id}`), id), norm(await ola.api('GET', `${path}/${missing}`), missing));
    assert.deepEqual(norm(await ola.api('PATCH', `${path}/${id}`, { body: { note: 'x' }, headers: { 'If-Match': '"1"' } }), id),
      norm(await ola.api('PATCH', `${path}/${missing}`, { body: { note: 'x' }, headers: { 'If-Match': '"1"' } }), missing));
  }
  // nothing of plan a changed
  const doc = ok(await ola.api('GET', `/api/v1/plans/${a.id}`));
  assert.equal(doc.goals.length, 1);
  assert.equal(doc.measures.length, 1);
});
