// messages.test.mjs - issue 4 through the API: the names plan answers carry
// (the coordinator, the group, the holders of measures, the authors of
// messages) and stay right in the plan cache when a name changes; the plan's
// message thread (/plans/{id}/messages): who writes, who reads, the consent
// requests the coordinator answers. The access matrix (access_matrix.test.mjs)
// checks the messages routes for every actor and consent state.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildFixture, client, account, freshNid, freshUsername, addDays, consentBody } from './fixture.mjs';

let f;
let ke;
let ola;
let admin;
before(async () => {
  f = await buildFixture();
  ke = f.as('ke');
  ola = f.as('coordinator');
  admin = f.as('admin');
});
after(async () => { await f.h.stop(); });

// A plan of its own: Kari-like owner with a log-in, NAV (Nils) and the DPS
// therapist (Dina) in the group; NAV's consent covers goals, measures and
// messages, the DPS's goals and measures.
async function ownPlan() {
  const person = await ke.post('/api/v1/persons', { national_id: freshNid(), given_name: 'Åse', family_name: 'Øvrebø' });
  const acc = account(f.h.db, freshUsername('ase'), { role: 'citizen', personId: person.id });
  const owner = client(f.h, acc.token, 'owner');
  const plan = await ke.post('/api/v1/plans', { person_id: person.id, title: 'Åses plan', revision_date: addDays(f.today, 180) });
  const p = `/api/v1/plans/${plan.id}`;
  await ke.put(`${p}/coordinator`, { staff_id: f.ids.staff.ola });
  const nav = (await ola.post(`${p}/participants`, { staff_id: f.ids.staff.nils, organisation_id: f.ids.org.nav, role: 'nav' })).id;
  const dps = (await ola.post(`${p}/participants`, { staff_id: f.ids.staff.dina, role: 'specialist' })).id;
  const kin = (await ola.post(`${p}/participants`, { name: 'Bror Øvrebø', role: 'next_of_kin' })).id;
  const consent = (await ola.post(`${p}/consents`, consentBody([
    { organisation_id: f.ids.org.nav, sections: ['goals', 'measures', 'messages'] },
    { organisation_id: f.ids.org.dps, sections: ['goals', 'measures'] },
  ], { from: f.today, to: addDays(f.today, 364) }))).id;
  const goal = (await owner.post(`${p}/goals`, { kind: 'main', text: 'Å bo trygt' })).id;
  const measure = (await ola.post(`${p}/measures`, {
    goal_id: goal, description: 'Samtaler', responsible_staff_id: f.ids.staff.dina, deciding_organisation_id: f.ids.org.dps,
  })).id;
  return { p, person, owner, accountId: acc.accountId, parts: { nav, dps, kin, consent, goal, measure } };
}

test('GET /plans/{id} names the coordinator, the group and the holders of measures, with their agencies', async () => {
  const k = await ownPlan();
  const plan = await ola.get(k.p);
  assert.equal(plan.coordinator.staff_id, f.ids.staff.ola);
  assert.equal(plan.coordinator.name, 'Ola Hansen');
  assert.equal(plan.coordinator.organisation_name, 'Oppfølgingstjenesten');
  const byId = Object.fromEntries(plan.participants.map((x) => [x.id, x]));
  assert.equal(byId[k.parts.nav].name, 'Nils Navesen');
  assert.equal(byId[k.parts.nav].organisation_name, 'NAV Fjordvik');
  // no organisation on the row: the unit the staff member mainly works in
  assert.equal(byId[k.parts.dps].name, 'Dina Terapeut');
  assert.equal(byId[k.parts.dps].organisation_name, 'DPS Fjordvik');
  // a named person without an account keeps their own name
  assert.equal(byId[k.parts.kin].name, 'Bror Øvrebø');
  assert.equal(byId[k.parts.kin].organisation_name, null);
  const m = plan.measures.find((x) => x.id === k.parts.measure);
  assert.equal(m.responsible_name, 'Dina Terapeut');
  assert.equal(m.responsible_organisation_name, 'DPS Fjordvik');
  assert.equal(m.deciding_organisation_name, 'DPS Fjordvik');
  // the parts' own routes carry the same names
  const list = await ola.get(`${k.p}/participants`);
  assert.equal(list.items.find((x) => x.id === k.parts.nav).name, 'Nils Navesen');
  assert.equal((await ola.get(`${k.p}/participants/${k.parts.dps}`)).organisation_name, 'DPS Fjordvik');
  assert.equal((await ola.get(`${k.p}/measures/${k.parts.measure}`)).responsible_name, 'Dina Terapeut');
  // the owner sees the same names (she cannot read /staff/{id})
  const mine = await k.owner.get(k.p);
  assert.equal(mine.coordinator.name, 'Ola Hansen');
  // Kari's group: the coordinator (added on appointment), NAV, the DPS, her brother
  assert.equal(mine.participants.length, 4);
  assert.equal(mine.participants.find((x) => x.role === 'coordinator').name, 'Ola Hansen');
  // NAV: goals and measures only - no participants, no names of the group
  const nav = await f.as('nav').get(k.p);
  assert.equal(nav.participants, undefined);
  assert.equal(nav.coordinator.name, 'Ola Hansen');
  assert.equal(nav.measures.find((x) => x.id === k.parts.measure).responsible_name, 'Dina Terapeut');
});

test('consent grants and linked plans carry the names of whom they name, in the plan and on their own routes', async () => {
  const k = await ownPlan();
  const staffGrant = await ola.post(`${k.p}/consents`, consentBody([
    { staff_id: f.ids.staff.dina, sections: ['goals'] },
  ], { from: f.today, to: addDays(f.today, 364) }));
  const linked = await ola.post(`${k.p}/linked-plans`, { kind: 'other', title: 'Avtale om bolig', organisation_id: f.ids.org.nav });
  const plan = await ola.get(k.p);
  const grants = plan.consents.find((c) => c.id === k.parts.consent).grants;
  assert.deepEqual(grants.map((g) => [g.name, g.organisation_name]), [['NAV Fjordvik', 'NAV Fjordvik'], ['DPS Fjordvik', 'DPS Fjordvik']]);
  const dina = plan.consents.find((c) => c.id === staffGrant.id).grants[0];
  assert.equal(dina.name, 'Dina Terapeut');
  assert.equal(dina.organisation_name, 'DPS Fjordvik');
  assert.equal(plan.linked_plans.find((l) => l.id === linked.id).organisation_name, 'NAV Fjordvik');
  // the parts' own routes and the write's answer say the same
  assert.equal(staffGrant.grants[0].name, 'Dina Terapeut');
  assert.equal((await ola.get(`${k.p}/consents/${staffGrant.id}`)).grants[0].name, 'Dina Terapeut');
  assert.equal((await ola.get(`${k.p}/linked-plans/${linked.id}`)).organisation_name, 'NAV Fjordvik');
  // the owner reads her consents with the names, though she cannot read /staff
  const mine = await k.owner.get(k.p);
  assert.equal(mine.consents.find((c) => c.id === staffGrant.id).grants[0].name, 'Dina Terapeut');
});

test('a changed name reaches cached plan documents on the next read (the name epoch is part of the stamp)', async () => {
  const k = await ownPlan();
  const before = await ola.get(k.p);
  const again = await ola.get(k.p); // served from the cache
  assert.deepEqual(again, before);
  const staff = await admin.get(`/api/v1/staff/${f.ids.staff.ola}`);
  await admin.patch(`/api/v1/staff/${f.ids.staff.ola}`, { family_name: 'Hansen-Ødegård' }, staff.version);
  try {
    const afterRename = await ola.get(k.p);
    assert.equal(afterRename.coordinator.name, 'Ola Hansen-Ødegård');
    assert.equal(afterRename.revision, before.revision, 'a name is not a change of the plan');
    assert.equal((await k.owner.get(k.p)).coordinator.name, 'Ola Hansen-Ødegård');
    const org = await admin.get(`/api/v1/organisations/${f.ids.org.nav}`);
    await admin.patch(`/api/v1/organisations/${f.ids.org.nav}`, { name: 'NAV Fjordvik og Omegn' }, org.version);
    const afterOrg = await ola.get(k.p);
    assert.equal(afterOrg.participants.find((x) => x.id === k.parts.nav).organisation_name, 'NAV Fjordvik og Omegn');
    const o2 = await admin.get(`/api/v1/organisations/${f.ids.org.nav}`);
    await admin.patch(`/api/v1/organisations/${f.ids.org.nav}`, { name: 'NAV Fjordvik' }, o2.version);
  } finally {
    const s2 = await admin.get(`/api/v1/staff/${f.ids.staff.ola}`);
    await admin.patch(`/api/v1/staff/${f.ids.staff.ola}`, { family_name: 'Hansen' }, s2.version);
  }
  assert.equal((await ola.get(k.p)).coordinator.name, 'Ola Hansen');
});

test('messages: the owner writes in her own words; the author is answered by name and role', async () => {
  const k = await ownPlan();
  const text = 'Jeg vil gjerne møte NAV før jul 🙂 – takk! Æ Ø Å, ŋ ŧ (sámegiella)\nNy linje.';
  const m = await k.owner.post(`${k.p}/messages`, { kind: 'comment', text });
  assert.equal(m.text, text);
  assert.equal(m.kind, 'comment');
  assert.equal(m.author_role, 'owner');
  assert.equal(m.author_person_id, k.person.id);
  assert.equal(m.author_account_id, k.accountId);
  assert.equal(m.author_staff_id, null);
  assert.equal(m.author_name, 'Åse Øvrebø');
  assert.equal(m.handled_at, null);
  assert.match(m.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  const c = await ola.post(`${k.p}/messages`, { kind: 'comment', text: 'Det ordner vi.' });
  assert.equal(c.author_role, 'coordinator');
  assert.equal(c.author_name, 'Ola Hansen');
  assert.equal(c.author_organisation_name, 'Oppfølgingstjenesten');
  // NAV's consent covers messages: reads the thread and writes a comment
  const n = await f.as('nav').post(`${k.p}/messages`, { kind: 'comment', text: 'Vi kan møtes 12. desember.' });
  assert.equal(n.author_role, 'participant');
  assert.equal(n.author_name, 'Nils Navesen');
  const list = await f.as('nav').get(`${k.p}/messages`);
  assert.deepEqual(list.items.map((x) => x.id), [m.id, c.id, n.id]);
  // the DPS's does not: the section does not exist for the therapist
  assert.equal((await f.as('dps').api('GET', `${k.p}/messages`)).status, 404);
  // (the plan itself is visible to her: a write outside her sections is 403)
  assert.equal((await f.as('dps').api('POST', `${k.p}/messages`, { body: { kind: 'comment', text: 'Hei' } })).status, 403);
  // history records the message
  const hist = await ola.get(`${k.p}/history?limit=200`);
  assert.ok(hist.items.some((x) => x.object_type === 'message' && x.object_id === m.id));
});

test('messages: bad input is refused with the field named, nothing written', async () => {
  const k = await ownPlan();
  const cases = [
    [{ kind: 'comment' }, 'text', 'required'],
    [{ kind: 'comment', text: '' }, 'text', null],
    [{ kind: 'comment', text: 'x'.repeat(4001) }, 'text', null],
    [{ kind: 'letter', text: 'Hei' }, 'kind', 'invalid_enum'],
    [{ text: 'Hei' }, 'kind', 'required'],
    [{ kind: 'comment', text: 'Hei', author_role: 'coordinator' }, 'author_role', null],
    [{ kind: 'comment', text: 'Hei', handled_at: '2026-01-01T00:00:00Z' }, 'handled_at', null],
    [{ kind: 'consent_withdrawal_request', text: 'Hei', consent_id: 999999 }, 'consent_id', null],
  ];
  for (const [body, field, code] of cases) {
    const r = await k.owner.api('POST', `${k.p}/messages`, { body });
    assert.equal(r.status, 422, `${JSON.stringify(body).slice(0, 80)} -> ${r.status} ${r.text}`);
    assert.equal(r.body.error.field, field, r.text);
    if (code) assert.equal(r.body.error.code, code, r.text);
  }
  // exactly 4000 characters (not bytes) is accepted
  assert.equal((await k.owner.post(`${k.p}/messages`, { kind: 'comment', text: 'ø'.repeat(4000) })).text.length, 4000);
  // staff do not ask about consent on the owner's behalf
  const r = await ola.api('POST', `${k.p}/messages`, { body: { kind: 'consent_change_request', text: 'Hei' } });
  assert.equal(r.status, 422);
  assert.equal(r.body.error.code, 'owner_only_kind');
  assert.equal((await ola.get(`${k.p}/messages`)).items.length, 1);
});

test('a consent request flags the plan for the coordinator until handled; others do not see it', async () => {
  const k = await ownPlan();
  const q = await k.owner.post(`${k.p}/messages`, {
    kind: 'consent_withdrawal_request', consent_id: k.parts.consent, text: 'Jeg vil ikke at DPS skal se planen lenger.',
  });
  assert.equal(q.consent_id, k.parts.consent);
  assert.ok((await ola.get(k.p)).flags.includes('consent_request_open'));
  assert.ok((await k.owner.get(k.p)).flags.includes('consent_request_open'));
  // NAV reads comments, not what the owner asks about consent
  const nav = f.as('nav');
  assert.ok(!(await nav.get(k.p)).flags.includes('consent_request_open'));
  assert.deepEqual((await nav.get(`${k.p}/messages`)).items, []);
  assert.equal((await nav.api('GET', `${k.p}/messages/${q.id}`)).status, 404);
  // the owner cannot mark it handled; the coordinator does
  assert.equal((await k.owner.api('PATCH', `${k.p}/messages/${q.id}`, { body: { handled_at: '2026-11-23T10:00:00Z' }, headers: { 'If-Match': `"${q.version}"` } })).status, 403);
  assert.equal((await nav.api('PATCH', `${k.p}/messages/${q.id}`, { body: { handled_at: '2026-11-23T10:00:00Z' }, headers: { 'If-Match': `"${q.version}"` } })).status, 403);
  // text and kind are written once
  const t = await ola.api('PATCH', `${k.p}/messages/${q.id}`, { body: { text: 'Endret' }, headers: { 'If-Match': `"${q.version}"` } });
  assert.equal(t.status, 422, t.text);
  const h = await ola.patch(`${k.p}/messages/${q.id}`, { handled_at: '2026-11-23T10:00:00Z' }, q.version);
  assert.equal(h.handled_at, '2026-11-23T10:00:00Z');
  assert.equal(h.handled_by, f.accounts.coordinator);
  assert.ok(!(await ola.get(k.p)).flags.includes('consent_request_open'));
  // R12: a closed plan's thread is read-only
  await ke.post(`${k.p}/close`, { reason: 'Test' }, 200);
  const closed = await k.owner.api('POST', `${k.p}/messages`, { body: { kind: 'comment', text: 'Hei' } });
  assert.equal(closed.status, 409);
  assert.equal(closed.body.error.code, 'r12_plan_closed');
});

test('the owner withdraws a consent herself; the therapist\'s next read is 404, her access log keeps the earlier read', async () => {
  const k = await ownPlan();
  await ke.post(`${k.p}/activate`, undefined, 200);
  const dps = f.as('dps');
  assert.equal((await dps.api('GET', k.p)).status, 200);
  const w = await k.owner.post(`${k.p}/consents/${k.parts.consent}/withdraw`, { reason: 'Jeg trekker samtykket' }, 200);
  assert.equal(w.state, 'withdrawn');
  assert.equal((await dps.api('GET', k.p)).status, 404);
  const log = await k.owner.get(`${k.p}/access-log?limit=100`);
  assert.ok(log.items.some((x) => x.name === 'Dina Terapeut'), JSON.stringify(log.items.map((x) => x.name)));
});
