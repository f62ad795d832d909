// four_eyes.test.mjs - relations that open content without the owner's consent
// take effect only when a second person approves them (SPEC R14, issue 11
// point 1; docs/security.md "Four eyes"): memberships of the coordinating unit
// and of units that receive requests, representatives recorded by staff, and a
// member of the coordinating unit appointing herself coordinator. Nobody
// approves her own request, and each relation is created only by the role that
// owns it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildFixture, extraPlan, account, freshUsername, client, TENANT } from './fixture.mjs';
import { assertError } from './harness.mjs';

let f;
let admin2;
before(async () => {
  f = await buildFixture();
  admin2 = client(f.h, account(f.h.db, freshUsername('admin-to'), { role: 'admin', tenant: TENANT }).token, 'admin2');
});
after(async () => { await f.h.stop(); });

const roles = async (c) => (await c.get('/api/v1/me')).roles.map((r) => r.role);

test('a membership of the coordinating unit waits for a second administrator', async () => {
  const admin = f.as('admin');
  const s = await admin.post('/api/v1/staff', { given_name: 'Ny', family_name: 'Koordinator', profession: 'nurse' });
  const a = account(f.h.db, freshUsername('ny-ke'), { staffId: s.id });
  const me = client(f.h, a.token, 'ny-ke');
  const m = await admin.post('/api/v1/memberships', { staff_id: s.id, organisation_id: f.ids.org.ke, position_percent: 100 });
  assert.equal(m.pending, true);
  assert.deepEqual(await roles(me), [], 'a pending membership gives no role');
  assertError(await me.api('GET', `/api/v1/persons/${f.ids.person.kari}`), 404, 'not_found');
  // the administrator who asked cannot approve it; another can
  assertError(await admin.api('POST', `/api/v1/approvals/${m.approval_id}/approve`, { body: {} }), 403, 'four_eyes');
  const list = await admin2.get('/api/v1/approvals');
  assert.ok(list.items.some((x) => x.id === m.approval_id && x.kind === 'membership' && !x.outcome));
  assert.ok(list.items.every((x) => x.kind === 'membership'), 'administrators see memberships only');
  const ok = await admin2.post(`/api/v1/approvals/${m.approval_id}/approve`, { note: 'Ansatt i KE fra i dag' }, 200);
  assert.equal(ok.outcome, 'approved');
  assert.equal(ok.decided_by, (await admin2.get('/api/v1/me')).account_id);
  assert.deepEqual(await roles(me), ['coordinating_unit']);
  assertError(await admin2.api('POST', `/api/v1/approvals/${m.approval_id}/approve`, { body: {} }), 409, 'approval_decided');
  // a membership of an ordinary unit takes effect at once
  const plain = await admin.post('/api/v1/memberships', { staff_id: s.id, organisation_id: f.ids.org.homeNursing, position_percent: 20 });
  assert.equal(plain.pending, false);
});

test('a unit that starts receiving requests: its members wait for a second administrator', async () => {
  const admin = f.as('admin');
  const o = await admin.post('/api/v1/organisations', { name: 'Tverrfaglig mottak', kind: 'unit', level: 'municipal' });
  const s = await admin.post('/api/v1/staff', { given_name: 'Mia', family_name: 'Mottak', profession: 'social_worker' });
  const m = await admin.post('/api/v1/memberships', { staff_id: s.id, organisation_id: o.id, position_percent: 100 });
  assert.equal(m.pending, false);
  const me = client(f.h, account(f.h.db, freshUsername('mottak'), { staffId: s.id }).token, 'mottak');
  assert.deepEqual(await roles(me), ['staff']);
  await admin.patch(`/api/v1/organisations/${o.id}`, { receives_requests: true }, o.version);
  assert.deepEqual(await roles(me), [], 'her membership now waits');
  const open = (await admin2.get('/api/v1/approvals')).items.filter((x) => x.object_id === m.id && !x.outcome);
  assert.equal(open.length, 1);
  assertError(await admin.api('POST', `/api/v1/approvals/${open[0].id}/approve`, { body: {} }), 403, 'four_eyes');
  await admin2.post(`/api/v1/approvals/${open[0].id}/approve`, {}, 200);
  assert.deepEqual(await roles(me), ['staff', 'intake']);
});

test('representatives: recorded by the coordinating unit from a documented basis and approved by a second member, or authorised by the owner herself', async () => {
  const ke = f.as('ke');
  const ke2 = f.as('ke2');
  const kari = f.ids.person.kari;
  const plan = `/api/v1/plans/${f.ids.plans.active}`;
  const reps = `/api/v1/persons/${kari}/representatives`;
  const guardian = account(f.h.db, freshUsername('verge'), { role: 'citizen' });
  const g = client(f.h, guardian.token, 'verge');
  // no basis: refused, nothing written
  assertError(await ke.api('POST', reps, { body: { account_id: guardian.accountId, kind: 'guardian', scope: 'act' } }), 422, 'basis_required', 'basis');
  const rep = await ke.post(reps, { account_id: guardian.accountId, kind: 'guardian', scope: 'act', basis: 'Vergemål: vedtak fra Statsforvalteren 2026/4711' });
  assert.equal(rep.pending, true);
  assert.equal((await g.api('GET', plan)).status, 404, 'pending: nothing yet');
  // flagged to the owner: she sees it, with its basis, waiting
  const seen = (await f.as('owner').get(reps)).items.find((x) => x.id === rep.id);
  assert.equal(seen.pending, true);
  assert.equal(seen.basis, 'Vergemål: vedtak fra Statsforvalteren 2026/4711');
  assertError(await ke.api('POST', `/api/v1/approvals/${rep.approval_id}/approve`, { body: {} }), 403, 'four_eyes');
  assertError(await f.as('admin').api('POST', `/api/v1/approvals/${rep.approval_id}/approve`, { body: {} }), 404, 'not_found');
  assertError(await f.as('coordinator').api('POST', `/api/v1/approvals/${rep.approval_id}/approve`, { body: {} }), 403, 'forbidden');
  const ap = await ke2.get(`/api/v1/approvals/${rep.approval_id}`);
  assert.equal(ap.person_id, kari, 'the request names whose data it opens');
  await ke2.post(`/api/v1/approvals/${rep.approval_id}/approve`, {}, 200);
  assert.equal((await g.api('GET', plan)).status, 200, 'approved: in force on the next request');
  // a refused one is gone
  const other = account(f.h.db, freshUsername('forelder'), { role: 'citizen' });
  const r2 = await ke.post(reps, { account_id: other.accountId, kind: 'parent', scope: 'read', basis: 'Foreldreansvar (Folkeregisteret)' });
  await ke2.post(`/api/v1/approvals/${r2.approval_id}/refuse`, { note: 'Kari er voksen' }, 200);
  assertError(await ke.api('GET', `${reps}/${r2.id}`), 404, 'not_found');
  // the owner authorises someone herself: in force at once; a guardian is not hers to record
  const friend = account(f.h.db, freshUsername('venn'), { role: 'citizen' });
  const own = await f.as('owner').post(reps, { account_id: friend.accountId, kind: 'authorised', scope: 'read' });
  assert.equal(own.pending, false);
  assert.equal((await client(f.h, friend.token).api('GET', plan)).status, 200);
  assertError(await f.as('owner').api('POST', reps, { body: { account_id: friend.accountId, kind: 'guardian', scope: 'act' } }), 422, 'representative_kind', 'kind');
  // who may create the relation: staff related to Kari see it and are refused,
  // others do not find her, a representative does not make representatives
  for (const [who, status] of [['coordinator', 403], ['sara', 403], ['contact', 403], ['nurse', 404], ['nav', 404], ['representative', 404], ['admin', 403]]) {
    const r = await f.as(who).api('POST', reps, { body: { account_id: friend.accountId, kind: 'authorised', scope: 'read', basis: 'x' } });
    assert.equal(r.status, status, `${who}: ${r.text}`);
  }
});

test('the coordinating unit appointing itself coordinator waits for a second member; an external partner is never coordinator', async () => {
  const x = await extraPlan(f, {});
  const ke = f.as('ke');
  const kine = f.ids.staff.kine;
  const r = await ke.api('PUT', `${x.path}/coordinator`, { body: { staff_id: kine, reason: 'Tar planen selv' } });
  assert.equal(r.status, 202, r.text);
  assert.equal(r.body.kind, 'coordinator');
  assert.equal((await ke.get(x.path)).coordinator_id, f.ids.staff.ola, 'nothing changed yet');
  assertError(await ke.api('POST', `/api/v1/approvals/${r.body.id}/approve`, { body: {} }), 403, 'four_eyes');
  await f.as('ke2').post(`/api/v1/approvals/${r.body.id}/approve`, {}, 200);
  assert.equal((await ke.get(x.path)).coordinator_id, kine);
  const hist = await ke.get(`${x.path}/coordinator`);
  assert.ok(hist.history.some((h) => h.staff_id === kine), JSON.stringify(hist));
  // appointing someone else takes effect at once; an external partner is refused
  assert.equal((await ke.api('PUT', `${x.path}/coordinator`, { body: { staff_id: f.ids.staff.sara } })).status, 200);
  assertError(await ke.api('PUT', `${x.path}/coordinator`, { body: { staff_id: f.ids.staff.nils } }), 422, 'coordinator_not_municipal', 'staff_id');
});

test('approvals are listed and decided only by the roles that decide them', async () => {
  for (const who of ['coordinator', 'nurse', 'nav']) assertError(await f.as(who).api('GET', '/api/v1/approvals'), 403, 'forbidden');
  const ke = (await f.as('ke2').get('/api/v1/approvals')).items;
  assert.ok(ke.length >= 2 && ke.every((x) => x.kind !== 'membership'), 'the coordinating unit: representatives and coordinators');
  // the owner sees every request about her, open or decided (R14: flagged to
  // her), and decides none; another citizen sees none of them
  const mine = (await f.as('owner').get('/api/v1/approvals?limit=500')).items;
  const aboutKari = ke.filter((x) => x.person_id === f.ids.person.kari);
  assert.ok(aboutKari.length >= 1, 'the tests above asked for guardians of Kari');
  assert.deepEqual(mine.map((x) => x.id).sort(), (await f.as('ke2').get(`/api/v1/approvals?person_id=${f.ids.person.kari}&limit=500`)).items.map((x) => x.id).sort());
  assert.ok(mine.every((x) => x.person_id === f.ids.person.kari));
  assert.equal((await f.as('owner').get(`/api/v1/approvals/${mine[0].id}`)).id, mine[0].id);
  assertError(await f.as('owner').api('POST', `/api/v1/approvals/${mine[0].id}/approve`, { body: {} }), 403, 'forbidden');
  assert.deepEqual((await f.as('otherCitizen').get('/api/v1/approvals?limit=500')).items.filter((x) => x.person_id === f.ids.person.kari), []);
  assertError(await f.as('otherCitizen').api('GET', `/api/v1/approvals/${mine[0].id}`), 404, 'not_found');
});

test('emergency access to a protected person waits for a second member of the coordinating unit', async () => {
  // Per (plans.none) gets a strictly confidential address
  const ke = f.as('ke');
  const per = `/api/v1/persons/${f.ids.person.per}`;
  const cur = await ke.get(per);
  await ke.patch(`${per}/protection`, { protection_code: 'strictly_confidential' }, cur.version);
  const p = `/api/v1/plans/${f.ids.plans.none}`;
  const lars = f.as('leader'); // a nurse of the municipality, no relation to Per
  const r = await lars.api('POST', `${p}/emergency-access`, { body: { reason: 'Funnet bevisstløs hjemme' } });
  assert.equal(r.status, 202, r.text);
  assert.equal(r.body.kind, 'emergency');
  assert.equal(r.body.person_id, f.ids.person.per);
  assert.equal((await lars.api('GET', p)).status, 404, 'nothing opens before the approval');
  // he cannot approve his own request; the coordinating unit can
  assertError(await lars.api('POST', `/api/v1/approvals/${r.body.id}/approve`, { body: {} }), 403, 'forbidden');
  await ke.post(`/api/v1/approvals/${r.body.id}/approve`, { note: 'Bekreftet med legevakten' }, 200);
  const g = await lars.api('GET', p);
  assert.equal(g.status, 200, g.text);
  assert.deepEqual([...g.body.sections].sort(), ['crisis_plan', 'measures', 'participants', 'plan']);
  // the reads are flagged, with the reason, for the coordinating unit
  const audit = await ke.get(`/api/v1/audit?plan_id=${f.ids.plans.none}&emergency=true&limit=200`);
  assert.ok(audit.items.some((x) => x.staff_id === f.ids.staff.lars && x.action === 'read' && x.reason === 'Funnet bevisstløs hjemme'), JSON.stringify(audit.items.slice(0, 3)));
});
