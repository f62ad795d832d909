// organisations.test.mjs - /organisations (levels, parents, no cycles), /staff
// with professions, /memberships with position fractions and periods,
// /staff/{id}/memberships, and what a staff-role account may do with them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { totp } from './totp.mjs';
import { startServer, cli, assertError } from './harness.mjs';
import { approveMembership } from './fixture.mjs';

let h;
before(async () => { h = await startServer(); });
after(async () => { await h.stop(); });

async function create(path, body) {
  const r = await h.api('POST', path, { body });
  assert.equal(r.status, 201, `${path}: ${r.text}`);
  return r.body;
}
const org = (name, over = {}) => create('/api/v1/organisations', { name, kind: 'unit', level: 'municipal', ...over });
const staff = (given, over = {}) => create('/api/v1/staff', { given_name: given, family_name: 'Berg', profession: 'nurse', ...over });

test('organisations with every level; an unknown level is refused', async () => {
  const made = {};
  for (const level of ['municipal', 'specialist', 'state', 'other']) {
    const o = await org(`Enhet ${level}`, { level, kind: 'external_agency', short_name: level.slice(0, 3), org_number: '974760673' });
    assert.equal(o.level, level);
    assert.equal(o.kind, 'external_agency');
    assert.equal(o.org_number, '974760673');
    assert.equal(o.active, true);
    assert.equal(o.parent_id, null);
    assert.equal(o.version, 1);
    made[level] = o;
  }
  assertError(await h.api('POST', '/api/v1/organisations', { body: { name: 'Fylket', kind: 'unit', level: 'county' } }),
    422, 'invalid_enum', 'level');
  assertError(await h.api('POST', '/api/v1/organisations', { body: { name: 'Fylket', kind: 'office', level: 'state' } }),
    422, 'invalid_enum', 'kind');
  // filter the collection by level
  const st = await h.api('GET', '/api/v1/organisations?level=state');
  assert.equal(st.status, 200);
  assert.deepEqual(st.body.items.map((o) => o.id), [made.state.id]);
  const sp = await h.api('GET', '/api/v1/organisations?level=specialist&active=true');
  assert.deepEqual(sp.body.items.map((o) => o.id), [made.specialist.id]);
  // and GET one
  const g = await h.api('GET', `/api/v1/organisations/${made.other.id}`);
  assert.equal(g.status, 200);
  assert.deepEqual(g.body, made.other);
  assert.equal(g.headers.get('etag'), '"1"');
});

test('parents: a tree is fine, a cycle is refused with 422 parent_cycle', async () => {
  const a = await org('Helse og omsorg');
  const b = await org('Hjemmetjenesten', { parent_id: a.id });
  const c = await org('Hjemmesykepleien sone nord', { parent_id: b.id, kind: 'team' });
  assert.equal(b.parent_id, a.id);
  assert.equal(c.parent_id, b.id);
  const children = await h.api('GET', `/api/v1/organisations?parent_id=${a.id}`);
  assert.deepEqual(children.body.items.map((o) => o.id), [b.id]);

  assertError(await h.api('PATCH', `/api/v1/organisations/${a.id}`, { body: { parent_id: c.id }, headers: { 'If-Match': '"1"' } }),
    422, 'parent_cycle', 'parent_id');
  assertError(await h.api('PATCH', `/api/v1/organisations/${a.id}`, { body: { parent_id: b.id }, headers: { 'If-Match': '"1"' } }),
    422, 'parent_cycle', 'parent_id');
  assertError(await h.api('PATCH', `/api/v1/organisations/${a.id}`, { body: { parent_id: a.id }, headers: { 'If-Match': '"1"' } }),
    422, 'parent_cycle', 'parent_id');
  assertError(await h.api('PATCH', `/api/v1/organisations/${b.id}`, { body: { parent_id: c.id }, headers: { 'If-Match': '"1"' } }),
    422, 'parent_cycle', 'parent_id');
  // nothing changed
  for (const o of [a, b, c]) assert.deepEqual((await h.api('GET', `/api/v1/organisations/${o.id}`)).body, o);

  // moving a subtree elsewhere is fine; so is taking the parent away
  const d = await org('Koordinerende enhet', { kind: 'coordinating_unit' });
  const moved = await h.api('PATCH', `/api/v1/organisations/${b.id}`, { body: { parent_id: d.id }, headers: { 'If-Match': '"1"' } });
  assert.equal(moved.status, 200, moved.text);
  assert.equal(moved.body.parent_id, d.id);
  // now a may go under c (c's chain is c -> b -> d)
  const under = await h.api('PATCH', `/api/v1/organisations/${a.id}`, { body: { parent_id: c.id }, headers: { 'If-Match': '"1"' } });
  assert.equal(under.status, 200, under.text);
  const root = await h.api('PATCH', `/api/v1/organisations/${b.id}`, { body: { parent_id: null }, headers: { 'If-Match': '"2"' } });
  assert.equal(root.status, 200, root.text);
  assert.equal(root.body.parent_id, null);
  assertError(await h.api('POST', '/api/v1/organisations', { body: { name: 'X', kind: 'unit', level: 'other', parent_id: 999999 } }),
    422, 'unknown_reference', 'parent_id');
});

test('staff with a profession', async () => {
  const s = await staff('Siri', { profession: 'social_worker', title: 'Miljøterapeut', email: 'siri@example.org' });
  assert.equal(s.profession, 'social_worker');
  assert.equal(s.title, 'Miljøterapeut');
  assert.equal(s.active, true);
  for (const p of ['nurse', 'psychologist', 'physician', 'peer_worker', 'nav_advisor', 'other']) {
    assert.equal((await staff(`Ansatt ${p}`, { profession: p })).profession, p);
  }
  assertError(await h.api('POST', '/api/v1/staff', { body: { given_name: 'X', family_name: 'Y', profession: 'wizard' } }),
    422, 'invalid_enum', 'profession');
  assertError(await h.api('POST', '/api/v1/staff', { body: { given_name: 'X', family_name: 'Y' } }), 422, 'required', 'profession');
  const list = await h.api('GET', '/api/v1/staff?profession=psychologist');
  assert.equal(list.status, 200);
  assert.deepEqual(list.body.items.map((x) => x.profession), ['psychologist']);
  const u = await h.api('PATCH', `/api/v1/staff/${s.id}`, { body: { profession: 'social_educator', active: false }, headers: { 'If-Match': '"1"' } });
  assert.equal(u.status, 200, u.text);
  assert.equal(u.body.profession, 'social_educator');
  assert.equal(u.body.active, false);
});

test('memberships: position_percent from 1 to 100, and a period that does not run backwards', async () => {
  const s = await staff('Per');
  const unit = await org('Psykisk helse og rus');
  const team = await org('FACT-teamet', { kind: 'team' });
  const m = (over) => ({ staff_id: s.id, organisation_id: unit.id, position_percent: 50, ...over });

  for (const pct of [0, 101, -5, 1000]) {
    assertError(await h.api('POST', '/api/v1/memberships', { body: m({ position_percent: pct }) }), 422, 'out_of_range', 'position_percent');
  }
  assertError(await h.api('POST', '/api/v1/memberships', { body: m({ position_percent: 50.5 }) }), 422, 'wrong_type', 'position_percent');
  assertError(await h.api('POST', '/api/v1/memberships', { body: m({ position_percent: '80' }) }), 422, 'wrong_type', 'position_percent');
  assertError(await h.api('POST', '/api/v1/memberships', { body: { staff_id: s.id, organisation_id: unit.id } }), 422, 'required', 'position_percent');
  assertError(await h.api('POST', '/api/v1/memberships', { body: m({ valid_from: '2024-02-01', valid_to: '2024-01-31' }) }),
    422, 'invalid_period', 'valid_to');
  assertError(await h.api('POST', '/api/v1/memberships', { body: m({ staff_id: 999999 }) }), 422, 'unknown_reference', 'staff_id');
  assertError(await h.api('POST', '/api/v1/memberships', { body: m({ organisation_id: 999999 }) }), 422, 'unknown_reference', 'organisation_id');
  assert.deepEqual((await h.api('GET', `/api/v1/staff/${s.id}/memberships`)).body.items, []);

  // 80 % in one unit and 20 % in a team; 1 and 100 are the bounds
  const m80 = await create('/api/v1/memberships', m({ position_percent: 80, role: 'Miljøterapeut', valid_from: '2024-01-01' }));
  const m20 = await create('/api/v1/memberships', m({ organisation_id: team.id, position_percent: 20, valid_from: '2024-01-01', valid_to: '2024-01-01' }));
  assert.equal(m80.position_percent, 80);
  assert.equal(m80.staff_id, s.id);
  assert.equal(m20.valid_to, '2024-01-01');
  const other = await staff('Pål');
  const m1 = await create('/api/v1/memberships', { staff_id: other.id, organisation_id: unit.id, position_percent: 1 });
  const m100 = await create('/api/v1/memberships', { staff_id: other.id, organisation_id: team.id, position_percent: 100 });
  assert.equal(m1.position_percent, 1);
  assert.equal(m100.position_percent, 100);

  // a change that would end the period before it starts is refused, counting the stored dates
  assertError(await h.api('PATCH', `/api/v1/memberships/${m80.id}`, { body: { valid_to: '2023-12-31' }, headers: { 'If-Match': '"1"' } }),
    422, 'invalid_period', 'valid_to');
  assertError(await h.api('PATCH', `/api/v1/memberships/${m20.id}`, { body: { valid_from: '2024-01-02' }, headers: { 'If-Match': '"1"' } }),
    422, 'invalid_period', 'valid_to');
  assertError(await h.api('PATCH', `/api/v1/memberships/${m80.id}`, { body: { position_percent: 0 }, headers: { 'If-Match': '"1"' } }),
    422, 'out_of_range', 'position_percent');
  // who and where are fixed once made
  assertError(await h.api('PATCH', `/api/v1/memberships/${m80.id}`, { body: { staff_id: other.id }, headers: { 'If-Match': '"1"' } }),
    422, 'immutable_field', 'staff_id');
  const ok = await h.api('PATCH', `/api/v1/memberships/${m80.id}`, { body: { position_percent: 60, valid_to: '2024-12-31' }, headers: { 'If-Match': '"1"' } });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.body.position_percent, 60);
  assert.equal(ok.body.version, 2);

  // GET /staff/{id}/memberships lists one staff member's
  const mine = await h.api('GET', `/api/v1/staff/${s.id}/memberships`);
  assert.equal(mine.status, 200);
  assert.deepEqual(mine.body.items.map((x) => x.id), [m80.id, m20.id]);
  assert.deepEqual(mine.body.items.map((x) => x.organisation_id), [unit.id, team.id]);
  assert.deepEqual(mine.body.items[0], ok.body);
  const theirs = await h.api('GET', `/api/v1/staff/${other.id}/memberships?limit=1`);
  assert.deepEqual(theirs.body.items.map((x) => x.id), [m1.id]);
  assert.equal(theirs.body.next, String(m1.id));
  const page2 = await h.api('GET', `/api/v1/staff/${other.id}/memberships?limit=1&after=${theirs.body.next}`);
  assert.deepEqual(page2.body.items.map((x) => x.id), [m100.id]);
  assert.equal(page2.body.next, null);
  const byOrg = await h.api('GET', `/api/v1/memberships?organisation_id=${team.id}`);
  assert.deepEqual(byOrg.body.items.map((x) => x.id), [m20.id, m100.id]);
  assertError(await h.api('GET', `/api/v1/staff/${other.id + 1000}/memberships`), 404, 'not_found');

  // delete with If-Match
  assertError(await h.api('DELETE', `/api/v1/memberships/${m20.id}`), 428, 'if_match_required');
  const d = await h.api('DELETE', `/api/v1/memberships/${m20.id}`, { headers: { 'If-Match': '"1"' } });
  assert.equal(d.status, 204, d.text);
  assert.deepEqual((await h.api('GET', `/api/v1/staff/${s.id}/memberships`)).body.items.map((x) => x.id), [m80.id]);
});

test('a staff-role account may read organisations and staff but not change them', async () => {
  // Eva works in the allocation office (a municipal unit): she is municipal staff
  const o = await org('Tildelingskontoret');
  const s = await staff('Eva');
  await create('/api/v1/memberships', { staff_id: s.id, organisation_id: o.id, position_percent: 100 });
  const add = cli(['user', 'add', '--db', h.db, '--username', 's1', '--role', 'staff', '--staff-id', String(s.id), '--password', 'passord-123']);
  assert.equal(add.status, 0, add.stderr);
  const t = cli(['token', 'create', '--db', h.db, '--user', 's1']);
  assert.equal(t.status, 0, t.stderr);
  const token = t.stdout.trim();
  const me = await h.api('GET', '/api/v1/me', { token });
  assert.equal(me.body.role, 'staff');
  assert.equal(me.body.name, `${s.given_name} ${s.family_name}`, 'the name the application shows');
  // each unit role names its unit, so the application need not look it up
  assert.deepEqual(me.body.roles, [{ role: 'staff', organisation_id: o.id, organisation_name: o.name }]);
  assert.equal((await h.api('GET', '/api/v1/me')).body.name, null, 'the administrator has no staff record');

  const before = await h.api('GET', '/api/v1/organisations?limit=500');

  assertError(await h.api('POST', '/api/v1/organisations', { token, body: { name: 'Ny', kind: 'unit', level: 'municipal' } }), 403, 'forbidden');
  assertError(await h.api('PATCH', `/api/v1/organisations/${o.id}`, { token, body: { name: 'Endret' }, headers: { 'If-Match': '"1"' } }), 403, 'forbidden');
  assertError(await h.api('POST', '/api/v1/staff', { token, body: { given_name: 'X', family_name: 'Y', profession: 'nurse' } }), 403, 'forbidden');
  assertError(await h.api('PATCH', `/api/v1/staff/${s.id}`, { token, body: { title: 'Sjef' }, headers: { 'If-Match': '"1"' } }), 403, 'forbidden');
  assertError(await h.api('POST', '/api/v1/memberships', { token, body: { staff_id: s.id, organisation_id: o.id, position_percent: 10 } }), 403, 'forbidden');
  assert.deepEqual((await h.api('GET', '/api/v1/organisations?limit=500')).body, before.body);

  const list = await h.api('GET', '/api/v1/organisations?limit=500', { token });
  assert.equal(list.status, 200, list.text);
  assert.deepEqual(list.body, before.body);
  const one = await h.api('GET', `/api/v1/organisations/${o.id}`, { token });
  assert.equal(one.status, 200);
  assert.equal(one.body.name, 'Tildelingskontoret');
  assert.equal((await h.api('GET', `/api/v1/staff/${s.id}`, { token })).status, 200);
  assert.equal((await h.api('GET', `/api/v1/staff/${s.id}/memberships`, { token })).status, 200);
  // a staff account of a municipal unit finds only the persons she is related
  // to (R13) and registers none; once her unit receives and routes requests,
  // she finds and registers every person
  const person = { national_id: '01814010070', given_name: 'Kari', family_name: 'Nordmann' };
  assertError(await h.api('POST', '/api/v1/persons', { token, body: person }), 403, 'forbidden');
  const cur = (await h.api('GET', `/api/v1/organisations/${o.id}`)).body;
  assert.equal(cur.receives_requests, false, 'a unit does not receive requests unless set');
  const set = await h.api('PATCH', `/api/v1/organisations/${o.id}`, { body: { receives_requests: true }, headers: { 'If-Match': `"${cur.version}"` } });
  assert.equal(set.status, 200, set.text);
  // her membership now waits for a second administrator (R14: four_eyes.test.mjs)
  assert.deepEqual((await h.api('GET', '/api/v1/me', { token })).body.roles, []);
  const mine = (await h.api('GET', `/api/v1/staff/${s.id}/memberships`)).body.items[0];
  await approveMembership(h, mine);
  assert.deepEqual((await h.api('GET', '/api/v1/me', { token })).body.roles.map((x) => x.role), ['staff', 'intake']);
  const p = await h.api('POST', '/api/v1/persons', { token, body: person });
  assert.equal(p.status, 201, p.text);
});

test('the password given to `user add` logs in', async () => {
  const add = cli(['user', 'add', '--db', h.db, '--username', 's2', '--role', 'staff', '--totp'], { input: 'passord-456\n' });
  assert.equal(add.status, 0, add.stderr);
  const otp = totp(add.stdout.match(/^secret +([A-Z2-7]+)$/m)[1]);
  const r = await h.api('POST', '/api/v1/session', { token: null, body: { username: 's2', password: 'passord-456', otp } });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.role, 'staff');
});

test('another tenant in the same database sees none of it', async () => {
  const o = await org('Bare for test-kommunen');
  const init = cli(['init', '--db', h.db, '--tenant', 'nabo', '--name', 'Nabokommunen']);
  assert.equal(init.status, 0, init.stderr);
  const add = cli(['user', 'add', '--db', h.db, '--tenant', 'nabo', '--username', 'nabo-admin', '--role', 'admin', '--no-password']);
  assert.equal(add.status, 0, add.stderr);
  const t = cli(['token', 'create', '--db', h.db, '--user', 'nabo-admin']);
  assert.equal(t.status, 0, t.stderr);
  const token = t.stdout.trim();
  const list = await h.api('GET', '/api/v1/organisations', { token });
  assert.equal(list.status, 200);
  assert.deepEqual(list.body.items, []);
  assertError(await h.api('GET', `/api/v1/organisations/${o.id}`, { token }), 404, 'not_found');
  assertError(await h.api('PATCH', `/api/v1/organisations/${o.id}`, { token, body: { name: 'Tatt' }, headers: { 'If-Match': '"1"' } }), 404, 'not_found');
  assertError(await h.api('POST', '/api/v1/organisations', { token, body: { name: 'Under', kind: 'unit', level: 'municipal', parent_id: o.id } }),
    422, 'unknown_reference', 'parent_id');
  const mine = await h.api('POST', '/api/v1/organisations', { token, body: { name: 'Nabo-enhet', kind: 'unit', level: 'municipal' } });
  assert.equal(mine.status, 201, mine.text);
  assertError(await h.api('GET', `/api/v1/organisations/${mine.body.id}`), 404, 'not_found');
  assert.equal((await h.api('GET', `/api/v1/organisations/${o.id}`)).body.name, 'Bare for test-kommunen');
  // a user add without --tenant is now ambiguous
  const amb = cli(['user', 'add', '--db', h.db, '--username', 'hvem', '--no-password']);
  assert.equal(amb.status, 1);
  assert.match(amb.stderr, /several tenants/);
});

test('an organisation number has a valid mod-11 control digit (weights 3 2 7 6 5 4 3 2), on create and on change', async () => {
  // 974760673 is the Brønnøysund Register Centre's own number; one digit off is refused
  for (const bad of ['974760674', '974760683', '123456789', '000000001']) {
    assertError(await h.api('POST', '/api/v1/organisations', { body: { name: 'Feil', kind: 'unit', level: 'municipal', org_number: bad } }),
      422, 'invalid_org_number', 'org_number');
  }
  assertError(await h.api('POST', '/api/v1/organisations', { body: { name: 'Feil', kind: 'unit', level: 'municipal', org_number: '97476067a' } }),
    422, 'invalid_org_number', 'org_number');
  const o = await org('Riktig nummer', { org_number: '889640782' });
  assert.equal(o.org_number, '889640782');
  const r = await h.api('PATCH', `/api/v1/organisations/${o.id}`, { body: { org_number: '889640781' }, headers: { 'If-Match': `"${o.version}"` } });
  assertError(r, 422, 'invalid_org_number', 'org_number');
  assert.match(r.body.error.message, /control digit/);
  assert.equal((await h.api('GET', `/api/v1/organisations/${o.id}`)).body.org_number, '889640782');
  // no number at all stays allowed
  const none = await h.api('PATCH', `/api/v1/organisations/${o.id}`, { body: { org_number: null }, headers: { 'If-Match': `"${o.version}"` } });
  assert.equal(none.status, 200, none.text);
});
