// coordinators.test.mjs - GET /coordinators: whom the coordinating unit may
// appoint coordinator (issue 12 point 1): every active member of one of the
// municipality's own units, never an external partner or someone who left,
// each with the open plans she coordinates and the open cases she is the
// contact person of today. Read as /statistics is (the coordinating unit,
// leaders, the administrator); numbers and names, never content.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildFixture, staffMember } from './fixture.mjs';

let f;
before(async () => { f = await buildFixture(); });
after(async () => { await f.h.stop(); });

test('the municipality\'s own staff, each with her load; no partner, no one who left', async () => {
  const { items } = await f.as('ke').get('/api/v1/coordinators');
  const by = new Map(items.map((x) => [x.staff_id, x]));
  const ola = by.get(f.ids.staff.ola);
  assert.ok(ola, JSON.stringify(items.slice(0, 3)));
  assert.equal(ola.name, 'Ola Hansen');
  assert.match(ola.units, /Oppfølgingstjenesten/);
  // the fixture's six plans are Ola's; only those not closed count
  const open = (await f.as('ke').get('/api/v1/plans?limit=500')).items.filter((p) => p.coordinator_id === f.ids.staff.ola && p.status !== 'closed');
  assert.equal(ola.open_plans, open.length);
  assert.ok(by.get(f.ids.staff.cecilie).open_cases >= 1, 'Cecilie is the contact person of Kari\'s case');
  assert.equal(by.get(f.ids.staff.sara).open_plans, 0);
  for (const partner of ['nils', 'nora', 'gunnar', 'dina']) assert.ok(!by.has(f.ids.staff[partner]), `${partner} works for a partner, not the municipality`);
  // in name order
  const names = items.map((x) => x.name);
  assert.deepEqual(names, [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  // someone who left is no longer offered
  const leaver = await staffMember(f.h, { organisation: f.ids.org.followUp, given: 'Slutter', profession: 'nurse' });
  assert.ok((await f.as('ke').get('/api/v1/coordinators')).items.some((x) => x.staff_id === leaver.staffId));
  const admin = f.as('admin');
  const s = await admin.get(`/api/v1/staff/${leaver.staffId}`);
  await admin.patch(`/api/v1/staff/${leaver.staffId}`, { active: false }, s.version);
  assert.ok(!(await f.as('ke').get('/api/v1/coordinators')).items.some((x) => x.staff_id === leaver.staffId));
});

test('read by the coordinating unit, leaders and the administrator; others 403', async () => {
  for (const role of ['ke', 'leader', 'admin']) assert.equal((await f.as(role).api('GET', '/api/v1/coordinators')).status, 200, role);
  for (const role of ['coordinator', 'sara', 'nurse', 'nav', 'owner', 'representative']) {
    const r = await f.as(role).api('GET', '/api/v1/coordinators');
    assert.equal(r.status, 403, `${role}: ${r.text}`);
    assert.equal(r.body.error.code, 'forbidden');
  }
  const r = await f.as('ke').api('GET', '/api/v1/coordinators?limit=5');
  assert.deepEqual([r.status, r.body.error.field], [422, 'limit']);
});
