// offboarding.test.mjs - off-boarding ends access (issue 11, point 6;
// docs/security.md "Off-boarding"): deactivating a staff member (PATCH
// /staff/{id}), her account (PATCH /accounts/{id}) or the account with `helhet
// user deactivate` ends her sessions and tokens on the very next request, even
// a token whose actor every worker thread has cached; ends her memberships that
// day (history kept); flags her open plans and cases to the coordinating unit
// without handing them to anyone; and stops every log-in and every new token
// until she is reactivated (which restores log-in, not the memberships).
// Tokens get a default lifetime, and --days 0 or less is refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, cli, addUser, loginWithCode, freshCode, assertError, sql as dbSql } from './harness.mjs';
import { client, staffMember, freshNid, freshUsername, today, addDays } from './fixture.mjs';

let h;
let admin;
let ke; // a member of the coordinating unit
let org; // {ke, followUp, homeNursing}
let nurse; // municipal staff, not in the coordinating unit
let t;

before(async () => {
  h = await startServer();
  t = today();
  admin = client(h, h.adminToken, 'admin');
  const k = await staffMember(h, { name: 'Koordinerende enhet', given: 'Kine' });
  ke = client(h, k.token, 'ke');
  org = { ke: k.organisationId };
  for (const [key, name] of [['followUp', 'Oppfølgingstjenesten'], ['homeNursing', 'Hjemmesykepleien']]) {
    org[key] = (await admin.post('/api/v1/organisations', { name, kind: 'unit', level: 'municipal' })).id;
  }
  nurse = client(h, (await staffMember(h, { organisation: org.homeNursing, given: 'Nina' })).token, 'nurse');
});

after(async () => { await h.stop(); });

function sql(statement) {
  return dbSql(h.db, statement);
}

function tokenFor(username, extra = []) {
  const r = cli(['token', 'create', '--db', h.db, '--user', username, ...extra]);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

// A coordinator as a municipality has her: a staff member of the follow-up
// service (a membership open-ended, one ending in 2099, one ended long ago,
// one that begins in 30 days),
// an account with a password and a one-time code, a session and a token; the
// coordinator of a plan (appointed by the coordinating unit) and the contact
// person of a case. Returns what the test needs.
async function coordinator(given) {
  const staff = await admin.post('/api/v1/staff', { given_name: given, family_name: `Koordinator${freshUsername('')}`, profession: 'social_worker' });
  const memberships = {};
  memberships.open = (await admin.post('/api/v1/memberships', { staff_id: staff.id, organisation_id: org.followUp, position_percent: 80, valid_from: addDays(t, -400) })).id;
  memberships.later = (await admin.post('/api/v1/memberships', { staff_id: staff.id, organisation_id: org.homeNursing, position_percent: 20, valid_from: addDays(t, -10), valid_to: '2099-12-31' })).id;
  memberships.past = (await admin.post('/api/v1/memberships', { staff_id: staff.id, organisation_id: org.homeNursing, position_percent: 50, valid_from: '2019-01-01', valid_to: '2020-06-30' })).id;
  memberships.future = (await admin.post('/api/v1/memberships', { staff_id: staff.id, organisation_id: org.ke, position_percent: 10, valid_from: addDays(t, 30) })).id;
  const user = addUser(h.db, freshUsername(given), { role: 'staff', args: ['--staff-id', String(staff.id)] });
  const token = tokenFor(user.username);
  const person = await ke.post('/api/v1/persons', { national_id: freshNid(), given_name: 'Eier', family_name: `Av${given}` });
  const plan = await ke.post('/api/v1/plans', { person_id: person.id, title: `Planen til ${given}`, revision_date: addDays(t, 180) });
  await ke.put(`/api/v1/plans/${plan.id}/coordinator`, { staff_id: staff.id, reason: 'Ny plan' });
  const kase = await ke.post('/api/v1/cases', {
    person_id: person.id, title: `Saken til ${given}`, intake_channel: 'phone', intake_date: t, urgency: 'normal',
    lead_organisation_id: org.followUp, contact_staff_id: staff.id,
  });
  const session = await loginWithCode(h, user);
  const byToken = client(h, token, `${given} (token)`);
  const bySession = (method, path) => h.api(method, path, { token: null, cookie: session.cookie });
  // she reads her plan both ways, again and again, so that the worker threads have her token's actor cached
  for (let i = 0; i < 6; i++) {
    assert.equal((await byToken.api('GET', `/api/v1/plans/${plan.id}`)).status, 200);
    assert.equal((await bySession('GET', `/api/v1/plans/${plan.id}`)).status, 200);
  }
  const accounts = (await admin.get(`/api/v1/accounts?staff_id=${staff.id}`)).items;
  assert.equal(accounts.length, 1);
  assert.equal(accounts[0].username, user.username);
  assert.equal(accounts[0].active, true);
  return { staff, user, token, session, byToken, bySession, plan, kase, person, memberships, account: accounts[0] };
}

// Everything that must hold right after she was deactivated (on the very next request).
async function assertOffboarded(c, summary) {
  const plan = `/api/v1/plans/${c.plan.id}`;
  assertError(await c.byToken.api('GET', plan), 401, 'unauthenticated');
  assertError(await c.bySession('GET', plan), 401, 'session_expired');
  assertError(await c.byToken.api('GET', '/api/v1/me'), 401, 'unauthenticated');
  if (summary) {
    assert.deepEqual(summary, { sessions_ended: 1, tokens_revoked: 1, memberships_ended: 3, plans_flagged: 1, cases_flagged: 1 });
  }
  // both the staff member and the account are inactive
  assert.equal((await admin.get(`/api/v1/staff/${c.staff.id}`)).active, false);
  assert.equal((await admin.get(`/api/v1/accounts/${c.account.id}`)).active, false);
  // her memberships end today; the one that had ended stays as it was; the one
  // that had not begun ends on its first day (never before it); nothing is deleted
  const ms = (await admin.get(`/api/v1/staff/${c.staff.id}/memberships`)).items;
  const byId = Object.fromEntries(ms.map((m) => [m.id, m]));
  assert.equal(ms.length, 4);
  assert.deepEqual([byId[c.memberships.future].valid_from, byId[c.memberships.future].valid_to], [addDays(t, 30), addDays(t, 30)]);
  assert.equal(byId[c.memberships.open].valid_to, t);
  assert.equal(byId[c.memberships.later].valid_to, t);
  assert.equal(byId[c.memberships.past].valid_to, '2020-06-30');
  assert.equal(byId[c.memberships.open].valid_from, addDays(t, -400));
  // she cannot log in again, with the right password and a fresh one-time code
  assertError(await h.api('POST', '/api/v1/session', {
    token: null, body: { username: c.user.username, password: c.user.password, otp: await freshCode(c.user.secret) },
  }), 401, 'login_failed');
  // and gets no new token
  const r = cli(['token', 'create', '--db', h.db, '--user', c.user.username]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /deactivated/);
  // the plan keeps her as coordinator on record, and the case as contact person ...
  const coord = await ke.get(`${plan}/coordinator`);
  assert.equal(coord.current.staff_id, c.staff.id);
  assert.equal((await ke.get(`/api/v1/cases/${c.kase.id}`)).contact_staff_id, c.staff.id);
  // ... and the coordinating unit finds both flagged, in its statistics and its worklist
  const s = await ke.get('/api/v1/statistics');
  const flagged = s.plans.coordinator_left.find((p) => p.id === c.plan.id);
  assert.ok(flagged, `plan ${c.plan.id} is not flagged: ${JSON.stringify(s.plans.coordinator_left)}`);
  assert.equal(flagged.coordinator_id, c.staff.id);
  assert.match(flagged.coordinator_name, new RegExp(c.staff.given_name));
  assert.ok(s.open_coordinator_left >= 1);
  const kase = s.cases.contact_person_left.find((x) => x.id === c.kase.id);
  assert.ok(kase, `case ${c.kase.id} is not flagged: ${JSON.stringify(s.cases)}`);
  assert.equal(kase.contact_staff_id, c.staff.id);
  assert.match(kase.contact_name, new RegExp(c.staff.given_name));
  assert.ok(s.open_cases_contact_left >= 1);
  const w = await ke.get('/api/v1/worklist');
  assert.ok(w.coordinator_left.some((p) => p.id === c.plan.id && p.coordinator_id === c.staff.id), JSON.stringify(w.coordinator_left));
  assert.ok(w.contact_person_left.some((x) => x.id === c.kase.id && x.contact_staff_id === c.staff.id), JSON.stringify(w.contact_person_left));
  // staff outside the coordinating unit get no such lists filled
  const wn = await nurse.get('/api/v1/worklist');
  assert.deepEqual([wn.coordinator_left, wn.contact_person_left], [[], []]);
}

// Reactivation: log-in again, the memberships stay ended, the old token stays revoked.
async function assertReactivated(c) {
  const s = await loginWithCode(h, c.user);
  assert.equal((await h.api('GET', '/api/v1/me', { token: null, cookie: s.cookie })).status, 200);
  assertError(await c.byToken.api('GET', '/api/v1/me'), 401, 'unauthenticated');
  assertError(await c.bySession('GET', '/api/v1/me'), 401, 'session_expired');
  assert.equal((await client(h, tokenFor(c.user.username)).api('GET', '/api/v1/me')).status, 200);
  const ms = (await admin.get(`/api/v1/staff/${c.staff.id}/memberships`)).items;
  assert.deepEqual(ms.map((m) => m.valid_to).sort(), ['2020-06-30', t, t, addDays(t, 30)].sort());
  assert.equal((await admin.get(`/api/v1/staff/${c.staff.id}`)).active, true);
  assert.equal((await admin.get(`/api/v1/accounts/${c.account.id}`)).active, true);
  // no longer flagged: she is active again
  const st = await ke.get('/api/v1/statistics');
  assert.ok(!st.plans.coordinator_left.some((p) => p.id === c.plan.id));
}

test('deactivating the staff member ends her session and token at once, ends her memberships and flags her plan and case', async () => {
  const c = await coordinator('Anne');
  // not yet flagged
  assert.ok(!(await ke.get('/api/v1/statistics')).plans.coordinator_left.some((p) => p.id === c.plan.id));
  const out = await admin.patch(`/api/v1/staff/${c.staff.id}`, { active: false }, c.staff.version);
  assert.equal(out.active, false);
  await assertOffboarded(c, out.offboarding);
  // the audit log records the change
  const audit = (await admin.get(`/api/v1/audit?object_id=${c.staff.id}&limit=50`)).items;
  assert.ok(audit.some((a) => a.object === 'staff' && a.action === 'update' && a.outcome === 'allowed'), JSON.stringify(audit));
  // reactivation
  const cur = await admin.get(`/api/v1/staff/${c.staff.id}`);
  const back = await admin.patch(`/api/v1/staff/${c.staff.id}`, { active: true }, cur.version);
  assert.equal(back.offboarding, undefined);
  await assertReactivated(c);
  // the coordinating unit reassigns (R2): the plan is no longer flagged
  await admin.patch(`/api/v1/staff/${c.staff.id}`, { active: false }, (await admin.get(`/api/v1/staff/${c.staff.id}`)).version);
  const ola = await staffMember(h, { organisation: org.followUp, given: 'Ola' });
  await ke.put(`/api/v1/plans/${c.plan.id}/coordinator`, { staff_id: ola.staffId, reason: 'Anne har sluttet' });
  assert.ok(!(await ke.get('/api/v1/statistics')).plans.coordinator_left.some((p) => p.id === c.plan.id));
  const coord = await ke.get(`/api/v1/plans/${c.plan.id}/coordinator`);
  assert.equal(coord.current.staff_id, ola.staffId);
  assert.ok(coord.history.some((x) => x.staff_id === c.staff.id), 'the earlier coordinator is kept in the history');
});

test('deactivating the account does the same', async () => {
  const c = await coordinator('Bente');
  const out = await admin.patch(`/api/v1/accounts/${c.account.id}`, { active: false }, c.account.version);
  assert.equal(out.active, false);
  assert.equal(out.username, c.user.username);
  await assertOffboarded(c, out.offboarding);
  const cur = await admin.get(`/api/v1/accounts/${c.account.id}`);
  await admin.patch(`/api/v1/accounts/${c.account.id}`, { active: true }, cur.version);
  await assertReactivated(c);
});

test('helhet user deactivate does the same for operators', async () => {
  const c = await coordinator('Cato');
  let r = cli(['user', 'deactivate', '--db', h.db, '--user', c.user.username]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`^deactivated user ${c.user.username} \\(account ${c.account.id}\\): ended 1 session, revoked 1 token, ended 3 memberships; flagged to the coordinating unit: 1 open plan, 1 open case\\n$`));
  await assertOffboarded(c);
  r = cli(['user', 'deactivate', '--db', h.db, '--user', c.user.username]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /is already deactivated/);
  r = cli(['user', 'deactivate', '--db', h.db, '--user', 'finnes.ikke']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /no user named 'finnes.ikke'/);
  r = cli(['user', 'deactivate', '--db', h.db]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--user is required/);
  r = cli(['user', 'reactivate', '--db', h.db, '--user', c.user.username]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^reactivated user/);
  await assertReactivated(c);
});

test('an account that is no staff member\'s is deactivated alone; nobody deactivates her own account; only `active` changes', async () => {
  const other = addUser(h.db, freshUsername('admin'), { role: 'admin' });
  const otherToken = tokenFor(other.username);
  const otherAdmin = client(h, otherToken, 'other admin');
  for (let i = 0; i < 6; i++) assert.equal((await otherAdmin.api('GET', '/api/v1/me')).status, 200);
  const me = (await otherAdmin.get('/api/v1/me'));
  const acc = await admin.get(`/api/v1/accounts/${me.account_id}`);
  assert.deepEqual([acc.role, acc.staff_id, acc.active], ['admin', null, true]);
  assert.equal('password_hash' in acc || 'totp_secret' in acc, false, 'no secret is answered');
  // her own account: refused, and nothing changed
  assertError(await otherAdmin.api('PATCH', `/api/v1/accounts/${me.account_id}`, { body: { active: false }, headers: { 'If-Match': `"${acc.version}"` } }), 422, 'own_account', 'active');
  // only active may change
  assertError(await admin.api('PATCH', `/api/v1/accounts/${me.account_id}`, { body: { role: 'staff' }, headers: { 'If-Match': `"${acc.version}"` } }), 422, 'read_only_field', 'role');
  // If-Match is needed (R9)
  assert.equal((await admin.api('PATCH', `/api/v1/accounts/${me.account_id}`, { body: { active: false } })).status, 428);
  const out = await admin.patch(`/api/v1/accounts/${me.account_id}`, { active: false }, acc.version);
  assert.deepEqual(out.offboarding, { sessions_ended: 0, tokens_revoked: 1, memberships_ended: 0, plans_flagged: 0, cases_flagged: 0 });
  assertError(await otherAdmin.api('GET', '/api/v1/me'), 401, 'unauthenticated');
  // an account of another tenant is not found
  assertError(await admin.api('GET', '/api/v1/accounts/999999'), 404, 'not_found');
});

test('tokens expire after 90 days unless --days says otherwise; --days 0, negative or not a number is refused', async () => {
  const user = addUser(h.db, freshUsername('integrasjon'), { role: 'staff', totp: false });
  const before = Date.now();
  tokenFor(user.username);
  const exp = Date.parse(sql('SELECT expires_at FROM tokens ORDER BY id DESC LIMIT 1'));
  const day = 86400 * 1000;
  assert.ok(exp >= Math.floor(before / 1000) * 1000 + 90 * day && exp <= Date.now() + 90 * day + 1000, `expires ${new Date(exp).toISOString()}`);
  tokenFor(user.username, ['--days', '7']);
  const exp7 = Date.parse(sql('SELECT expires_at FROM tokens ORDER BY id DESC LIMIT 1'));
  assert.ok(Math.abs(exp7 - (Date.now() + 7 * day)) < 60 * 1000);
  const count = sql('SELECT count(*) FROM tokens');
  for (const days of ['0', '-1', '-90', 'abc', '', '3x', '731']) {
    const r = cli(['token', 'create', '--db', h.db, '--user', user.username, '--days', days]);
    assert.equal(r.status, 2, `--days ${days}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, /--days must be a whole number of days from 1 to 730 \(default 90\)/);
    assert.equal(r.stdout, '');
  }
  assert.equal(sql('SELECT count(*) FROM tokens'), count, 'a refused --days made no token');
  // token --help says so
  const help = cli(['token', '--help']);
  assert.match(help.stdout, /default 90/);
});
