// audit_subject.test.mjs - every audit entry about person data names whose
// data it was (subject_person_id), the object's id (a create names the new
// record's id, which is not in the path) and the role the access rested on
// (issue 11, point 7). Every route about person data in `helhet routes` is
// requested once as a role that may, its entry found by the answer's
// X-Request-Id (GET /audit?request_id=); a route about person data that no
// case here covers fails the test, so a new route cannot be forgotten. Then
// `helhet audit verify` passes, also on a database whose log was written
// before migration 014 gave entries a subject.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cli, copyDatabase, dropTrigger, ENGINE, journalArgs, journalFile, makeDatabase, sql, startServer } from './harness.mjs';
import { addDays, buildFixture, citizenAccount, consentBody, freshNid, staffMember } from './fixture.mjs';

const V1 = '/api/v1';
// The routes about person data: a person and her parts, her cases, her plans
// and their parts, approvals (which concern a person or a membership).
const PERSON_DATA = /^\/api\/v1\/(persons|cases|plans|approvals)(\/|$)/;

let f;
const covered = new Set();

before(async () => {
  f = await buildFixture();
});
after(async () => {
  if (f) await f.h.stop();
});

// Sends one request as `actor`, asserts its status; answers {r, body}.
async function send(actor, method, path, { body, version, status } = {}) {
  const headers = version !== undefined ? { 'If-Match': `"${version}"` } : {};
  const r = await f.h.api(method, V1 + path, { token: f.tokens[actor], body, headers });
  const want = status ?? { GET: 200, POST: 201, PATCH: 200, PUT: 200, DELETE: 204 }[method];
  assert.equal(r.status, want, `${actor}: ${method} ${path} -> ${r.status} ${r.text}`);
  return r;
}

// The one audit entry of the answer r (the coordinating unit reads the log).
async function entryOf(r) {
  const id = r.headers.get('x-request-id');
  assert.match(id, /^[0-9a-f]+$/);
  const a = await f.h.api('GET', `${V1}/audit?request_id=${id}`, { token: f.tokens.ke });
  assert.equal(a.status, 200, a.text);
  assert.equal(a.body.items.length, 1, `one entry for request ${id}: ${a.text}`);
  return a.body.items[0];
}

// Sends the request of `route` ("METHOD /pattern" as `helhet routes` prints
// it) and checks its entry against `want` ({subject, object, object_id, role,
// action, outcome}; a key left out is not checked, object_id 'new' is the id
// the answer gives). Answers the response body.
async function check(route, actor, path, want, opts = {}) {
  const [method] = route.split(' ');
  const r = await send(actor, method, path, opts);
  const x = await entryOf(r);
  const where = `${route} as ${actor} (${path}): ${JSON.stringify(x)}`;
  if (!opts.status || opts.status < 400) covered.add(route);
  if ('subject' in want) assert.equal(x.subject_person_id, want.subject, `subject_person_id of ${where}`);
  if ('object' in want) assert.equal(x.object, want.object, `object of ${where}`);
  if ('object_id' in want) {
    const id = want.object_id === 'new' ? r.body.id : want.object_id;
    assert.ok(want.object_id !== 'new' || Number.isInteger(id), `${where}: the answer has an id`);
    assert.equal(x.object_id, id, `object_id of ${where}`);
  }
  if ('role' in want) assert.equal(x.role, want.role, `role of ${where}`);
  if ('action' in want) assert.equal(x.action, want.action, `action of ${where}`);
  assert.equal(x.outcome, want.outcome || 'allowed', `outcome of ${where}`);
  if ('organisation' in want) assert.equal(x.organisation_id, want.organisation, `organisation_id of ${where}`);
  return r.body;
}

const versionOf = async (actor, path) => (await send(actor, 'GET', path)).body.version;

test('persons and their parts: the person is the subject, a part its object, a create the new id', async () => {
  const ke = 'ke';
  const KE = { role: 'coordinating_unit' };
  // a new person: she is the subject of her own creation
  const p = await check('POST /api/v1/persons', ke, '/persons', { ...KE, object: 'person', action: 'create', object_id: 'new' },
    { body: { national_id: freshNid(), given_name: 'Siri', family_name: 'Subjekt' } });
  const P = p.id;
  let x = await entryOf(await send(ke, 'GET', `/persons/${P}`));
  assert.equal(x.subject_person_id, P);
  // the create's own entry: found by the account and the new id
  const created = await f.h.api('GET', `${V1}/audit?object=person&action=create&object_id=${P}`, { token: f.tokens.ke });
  assert.equal(created.body.items.length, 1, created.text);
  assert.equal(created.body.items[0].subject_person_id, P);

  // a search is about no one person
  await check('GET /api/v1/persons', ke, '/persons?q=Subjekt', { ...KE, subject: null, object_id: null, action: 'list' });
  await check('GET /api/v1/persons/{id}', ke, `/persons/${P}`, { ...KE, subject: P, object: 'person', object_id: P, action: 'read' });
  // the owner reads her own person
  await check('GET /api/v1/persons/{id}', 'owner', `/persons/${f.ids.person.kari}`, { role: 'owner', subject: f.ids.person.kari, object_id: f.ids.person.kari });
  await check('PATCH /api/v1/persons/{id}', ke, `/persons/${P}`, { ...KE, subject: P, object_id: P, action: 'update' },
    { body: { family_name: 'Subjektsen' }, version: await versionOf(ke, `/persons/${P}`) });

  // addresses and next of kin: created, listed, read, changed and deleted
  const parts = {
    addresses: { object: 'address', body: { street: 'Subjektveien 1', postal_code: '9600', city: 'Fjordvik', valid_from: '2020-01-01' }, change: { street: 'Subjektveien 2' } },
    'next-of-kin': { object: 'next of kin', body: { name: 'Pårørende Subjekt', relation: 'sibling' }, change: { name: 'Pårørende Subjektsen' } },
  };
  for (const [path, def] of Object.entries(parts)) {
    const base = `/api/v1/persons/{id}/${path}`;
    const part = await check(`POST ${base}`, ke, `/persons/${P}/${path}`, { ...KE, subject: P, object: def.object, object_id: 'new', action: 'create' }, { body: def.body });
    await check(`GET ${base}`, ke, `/persons/${P}/${path}`, { ...KE, subject: P, object: def.object, object_id: null, action: 'list' });
    await check(`GET ${base}/{id}`, ke, `/persons/${P}/${path}/${part.id}`, { ...KE, subject: P, object: def.object, object_id: part.id, action: 'read' });
    const changed = await check(`PATCH ${base}/{id}`, ke, `/persons/${P}/${path}/${part.id}`, { ...KE, subject: P, object_id: part.id, action: 'update' },
      { body: def.change, version: part.version });
    await check(`DELETE ${base}/{id}`, ke, `/persons/${P}/${path}/${part.id}`, { ...KE, subject: P, object_id: part.id, action: 'delete' },
      { version: changed.version });
  }

  // representatives: Kari authorises someone herself (the owner)
  const kari = f.ids.person.kari;
  const REP = '/api/v1/persons/{id}/representatives';
  const other = citizenAccount(f.h, P);
  const rep = await check(`POST ${REP}`, 'owner', `/persons/${kari}/representatives`, { role: 'owner', subject: kari, object: 'representative', object_id: 'new', action: 'create' },
    { body: { account_id: other.accountId, kind: 'authorised', scope: 'read' } });
  await check(`GET ${REP}`, 'owner', `/persons/${kari}/representatives`, { role: 'owner', subject: kari, object_id: null, action: 'list' });
  await check(`GET ${REP}/{id}`, 'owner', `/persons/${kari}/representatives/${rep.id}`, { role: 'owner', subject: kari, object_id: rep.id, action: 'read' });
  const repChanged = await check(`PATCH ${REP}/{id}`, 'owner', `/persons/${kari}/representatives/${rep.id}`, { role: 'owner', subject: kari, object_id: rep.id, action: 'update' },
    { body: { note: 'Min nabo' }, version: rep.version });
  await check(`DELETE ${REP}/{id}`, 'owner', `/persons/${kari}/representatives/${rep.id}`, { role: 'owner', subject: kari, object_id: rep.id, action: 'delete' },
    { version: repChanged.version });

  // protection and the address access list, on a person of their own
  const q = await send(ke, 'POST', '/persons', { body: { national_id: freshNid(), given_name: 'Vera', family_name: 'Vernet' } });
  const Q = q.body.id;
  await check('PATCH /api/v1/persons/{id}/protection', ke, `/persons/${Q}/protection`, { ...KE, subject: Q, object: 'person', object_id: Q },
    { body: { protection_flag: 'municipal', protection_reason: 'Trusler' }, version: q.body.version });
  const NAMED = '/api/v1/persons/{id}/address-access';
  const grant = await check(`POST ${NAMED}`, ke, `/persons/${Q}/address-access`, { ...KE, subject: Q, object: 'address access', object_id: 'new', action: 'create' },
    { body: { staff_id: f.ids.staff.ola, reason: 'Koordinator, hjemmebesøk' } });
  await check(`GET ${NAMED}`, ke, `/persons/${Q}/address-access`, { ...KE, subject: Q, object_id: null, action: 'list' });
  await check(`GET ${NAMED}/{id}`, ke, `/persons/${Q}/address-access/${grant.id}`, { ...KE, subject: Q, object_id: grant.id, action: 'read' });
  await check(`PATCH ${NAMED}/{id}`, ke, `/persons/${Q}/address-access/${grant.id}`, { ...KE, subject: Q, object_id: grant.id, action: 'update' },
    { body: { valid_to: addDays(f.today, 30) }, version: grant.version });
});

test('cases: the case\'s person is the subject; partners, contact persons and reporters are logged as such', async () => {
  const kari = f.ids.person.kari;
  const P = (await send('ke', 'POST', '/persons', { body: { national_id: freshNid(), given_name: 'Sander', family_name: 'Saksen' } })).body.id;
  const KE = { role: 'coordinating_unit' };
  const c = await check('POST /api/v1/cases', 'ke', '/cases', { ...KE, subject: P, object: 'case', object_id: 'new', action: 'create' }, {
    body: { person_id: P, title: 'Trenger hjelp', intake_channel: 'phone', intake_date: f.today, urgency: 'normal', lead_organisation_id: f.ids.org.followUp },
  });
  await check('GET /api/v1/cases', 'ke', '/cases', { ...KE, subject: null, object_id: null, action: 'list' });
  await check('GET /api/v1/cases/{id}', 'ke', `/cases/${c.id}`, { ...KE, subject: P, object: 'case', object_id: c.id, action: 'read' });
  await check('PATCH /api/v1/cases/{id}', 'ke', `/cases/${c.id}`, { ...KE, subject: P, object_id: c.id, action: 'update' },
    { body: { title: 'Trenger koordinert hjelp' }, version: c.version });
  const version = (await send('ke', 'GET', `/cases/${c.id}/contact`)).body.version;
  await check('PUT /api/v1/cases/{id}/contact', 'ke', `/cases/${c.id}/contact`, { ...KE, subject: P, object: 'case', object_id: c.id, action: 'update' },
    { body: { staff_id: f.ids.staff.cecilie, reason: 'Tildelt' }, version });
  await check('GET /api/v1/cases/{id}/contact', 'ke', `/cases/${c.id}/contact`, { ...KE, subject: P, object_id: c.id, action: 'read' });
  await check('GET /api/v1/cases/{id}/history', 'ke', `/cases/${c.id}/history`, { ...KE, subject: P, object: 'case', object_id: c.id, action: 'read' });

  // the roles the reads rest on
  const kariCase = f.ids.case.kari;
  await check('GET /api/v1/cases/{id}', 'nav', `/cases/${kariCase}`, { role: 'external_partner', organisation: f.ids.org.nav, subject: kari, object_id: kariCase });
  await check('GET /api/v1/cases/{id}', 'contact', `/cases/${kariCase}`, { role: 'contact_person', subject: kari, object_id: kariCase });
  await check('GET /api/v1/cases/{id}', 'coordinator', `/cases/${kariCase}`, { role: 'staff', organisation: f.ids.org.followUp, subject: kari });
  // a nurse of a unit with no part in it reports a worry, and keeps reading her own report
  const worry = await check('POST /api/v1/cases', 'nurse', '/cases', { role: 'staff', subject: P, object_id: 'new', action: 'create' }, {
    body: { person_id: P, title: 'Bekymring', intake_channel: 'worry_report', intake_date: f.today, urgency: 'high', lead_organisation_id: f.ids.org.followUp },
  });
  await check('GET /api/v1/cases/{id}', 'nurse', `/cases/${worry.id}`, { role: 'reporter', subject: P, object_id: worry.id });

  // refused: Nora (NAV, in no plan of Kari's) is answered as if the case did
  // not exist; the entry says denied, and whose case it was
  const refused = await send('nav2', 'GET', `/cases/${kariCase}`, { status: 404 });
  const none = await send('nav2', 'GET', '/cases/999999999', { status: 404 });
  assert.deepEqual(refused.body, none.body, 'a refused read tells nothing a missing case does not');
  const x = await entryOf(refused);
  assert.equal(x.outcome, 'denied');
  assert.equal(x.code, 'not_found');
  assert.equal(x.subject_person_id, kari);
  assert.equal(x.object_id, kariCase);
  const y = await entryOf(none);
  assert.equal(y.outcome, 'denied');
  assert.equal(y.subject_person_id, null);
  // and the log can be asked for everything about her
  const about = await f.h.api('GET', `${V1}/audit?subject_person_id=${kari}&outcome=denied&limit=500`, { token: f.tokens.ke });
  assert.equal(about.status, 200, about.text);
  assert.ok(about.body.items.some((i) => i.request_id === x.request_id), about.text);
  assert.ok(about.body.items.every((i) => i.subject_person_id === kari && i.outcome === 'denied'));
});

test('plans and every plan part: the plan\'s person is the subject', async () => {
  const P = (await send('ke', 'POST', '/persons', { body: { national_id: freshNid(), given_name: 'Pia', family_name: 'Plansen' } })).body.id;
  const KE = { role: 'coordinating_unit' };
  const CO = { role: 'coordinator', subject: P };
  const plan = await check('POST /api/v1/plans', 'ke', '/plans', { ...KE, subject: P, object: 'plan', object_id: 'new', action: 'create' },
    { body: { person_id: P, title: 'Plan for Pia', revision_date: addDays(f.today, 180) } });
  const id = plan.id;
  const p = `/plans/${id}`;
  const S = { subject: P, object: 'plan', object_id: id };
  await check('GET /api/v1/plans', 'ke', '/plans', { ...KE, subject: null, object_id: null, action: 'list' });
  await check('PUT /api/v1/plans/{id}/coordinator', 'ke', `${p}/coordinator`, { ...KE, ...S, action: 'coordinator' }, { body: { staff_id: f.ids.staff.ola } });
  await check('GET /api/v1/plans/{id}/coordinator', 'coordinator', `${p}/coordinator`, { ...CO, ...S, action: 'read' });
  await check('GET /api/v1/plans/{id}', 'coordinator', p, { ...CO, ...S, action: 'read' });
  await check('PATCH /api/v1/plans/{id}', 'coordinator', p, { ...CO, ...S, action: 'update' }, { body: { title: 'Pias plan' }, version: await versionOf('coordinator', p) });
  // R1: a plan is activated with the owner's consent in force and a goal of hers
  await send('coordinator', 'POST', `${p}/consents`, { body: consentBody([]) });
  await send('coordinator', 'POST', `${p}/goals`, { body: { kind: 'main', text: 'Trygg hverdag' } });
  await check('POST /api/v1/plans/{id}/activate', 'ke', `${p}/activate`, { ...KE, ...S, action: 'activate' }, { status: 200 });
  await check('POST /api/v1/plans/{id}/close', 'ke', `${p}/close`, { ...KE, ...S, action: 'close' }, { body: { reason: 'Ferdig' }, status: 200 });
  await check('POST /api/v1/plans/{id}/reopen', 'ke', `${p}/reopen`, { ...KE, ...S, action: 'reopen' }, { status: 200 });
  await check('GET /api/v1/plans/{id}/history', 'coordinator', `${p}/history`, { ...CO, ...S });
  await check('GET /api/v1/plans/{id}/access-log', 'coordinator', `${p}/access-log`, { ...CO, ...S });
  await check('POST /api/v1/plans/{id}/emergency-access', 'emergency', `${p}/emergency-access`, { role: 'health_personnel', ...S, action: 'emergency-access' },
    { body: { reason: 'Akutt, trenger kriseplanen' } });
  const read = await entryOf(await send('emergency', 'GET', p));
  assert.equal(read.role, 'emergency');
  assert.equal(read.emergency, true);
  assert.equal(read.subject_person_id, P);

  // the parts: made, listed, read, changed (and deleted where they may be)
  const partSpecs = {
    goals: { object: 'goal', body: { kind: 'main', text: 'Egen bolig' }, change: { text: 'Egen leilighet' }, del: true },
    measures: { object: 'measure', body: { description: 'Boligkontor', responsible_organisation_id: f.ids.org.nav }, change: { scope: '2 samtaler' }, del: true },
    evaluations: { object: 'evaluation', body: { date: f.today, what: 'Evaluering' }, change: { outcome: 'Bedre' }, del: true },
    participants: { object: 'participant', body: { name: 'Pårørende Plansen', role: 'next_of_kin' }, change: { name: 'Pårørende P.' } },
    consents: { object: 'consent', body: consentBody([], { from: '2098-01-01', to: '2099-01-01' }), change: { note: 'Merknad' } },
    messages: { object: 'message', body: { kind: 'comment', text: 'Hei' }, change: { handled_at: '2026-01-01T10:00:00Z' } },
    'linked-plans': { object: 'linked plan', body: { kind: 'other', title: 'Lenke' }, change: { title: 'Lenke 2' }, del: true },
  };
  for (const [path, spec] of Object.entries(partSpecs)) {
    const base = `/api/v1/plans/{id}/${path}`;
    const part = await check(`POST ${base}`, 'coordinator', `${p}/${path}`, { ...CO, object: spec.object, object_id: 'new', action: 'create' }, { body: spec.body });
    await check(`GET ${base}`, 'coordinator', `${p}/${path}`, { ...CO, object: spec.object, object_id: null, action: 'list' });
    await check(`GET ${base}/{id}`, 'coordinator', `${p}/${path}/${part.id}`, { ...CO, object: spec.object, object_id: part.id, action: 'read' });
    const changed = await check(`PATCH ${base}/{id}`, 'coordinator', `${p}/${path}/${part.id}`, { ...CO, object_id: part.id, action: 'update' },
      { body: spec.change, version: part.version });
    if (spec.del) {
      await check(`DELETE ${base}/{id}`, 'coordinator', `${p}/${path}/${part.id}`, { ...CO, object_id: part.id, action: 'delete' }, { version: changed.version });
    }
    if (path === 'messages') {
      await check('PUT /api/v1/plans/{id}/messages/seen', 'coordinator', `${p}/messages/seen`, { ...CO, action: 'seen' },
        { body: { message_id: part.id }, status: 200 });
    }
    if (path === 'consents') {
      await check('POST /api/v1/plans/{id}/consents/{id}/withdraw', 'coordinator', `${p}/consents/${part.id}/withdraw`,
        { ...CO, object: 'consent', object_id: part.id, action: 'withdraw' }, { body: { reason: 'Trukket' }, status: 200 });
    }
  }
  // a partner's read rests on her consented participation
  const active = f.ids.plans.active;
  await check('GET /api/v1/plans/{id}/goals', 'nav', `/plans/${active}/goals`, { role: 'participant', organisation: f.ids.org.nav, subject: f.ids.person.kari, action: 'list' });
  // the owner reads her own plan
  await check('GET /api/v1/plans/{id}', 'owner', `/plans/${active}`, { role: 'owner', subject: f.ids.person.kari, object_id: active });
  // refused: a nurse with no part in the plan; the entry names whose plan it was
  const refused = await send('nurse', 'GET', `/plans/${active}/goals`, { status: 404 });
  const x = await entryOf(refused);
  assert.equal(x.outcome, 'denied');
  assert.equal(x.subject_person_id, f.ids.person.kari);
});

test('approvals that concern a person name her', async () => {
  const P = (await send('ke', 'POST', '/persons', { body: { national_id: freshNid(), given_name: 'Gerd', family_name: 'Godkjent' } })).body.id;
  const guardian = citizenAccount(f.h, f.ids.person.per);
  const asked = [];
  for (const kind of ['guardian', 'parent']) {
    const rep = await check('POST /api/v1/persons/{id}/representatives', 'ke', `/persons/${P}/representatives`,
      { role: 'coordinating_unit', subject: P, object: 'representative', object_id: 'new', action: 'create' },
      { body: { account_id: guardian.accountId, kind, scope: 'act', basis: 'Vergemålsvedtak' } });
    assert.equal(rep.pending, true, JSON.stringify(rep));
    asked.push(rep.approval_id);
  }
  const KE2 = { role: 'coordinating_unit', subject: P, object: 'approval' };
  await check('GET /api/v1/approvals', 'ke2', '/approvals', { role: 'coordinating_unit', subject: null, object_id: null, action: 'list' });
  await check('GET /api/v1/approvals/{id}', 'ke2', `/approvals/${asked[0]}`, { ...KE2, object_id: asked[0], action: 'read' });
  await check('POST /api/v1/approvals/{id}/approve', 'ke2', `/approvals/${asked[0]}/approve`, { ...KE2, object_id: asked[0] }, { body: {}, status: 200 });
  await check('POST /api/v1/approvals/{id}/refuse', 'ke2', `/approvals/${asked[1]}/refuse`, { ...KE2, object_id: asked[1] }, { body: {}, status: 200 });
  // a membership's approval concerns no person
  const m = await f.h.api('POST', `${V1}/memberships`, { token: f.tokens.admin, body: { staff_id: f.ids.staff.sara, organisation_id: f.ids.org.ke, position_percent: 20 } });
  assert.equal(m.status, 201, m.text);
  assert.equal(m.body.pending, true);
  const a = await f.h.api('GET', `${V1}/approvals/${m.body.approval_id}`, { token: f.tokens.admin });
  assert.equal(a.status, 200, a.text);
  const x = await entryOf(a);
  assert.equal(x.object, 'approval');
  assert.equal(x.subject_person_id, null);
});

test('every route about person data is covered, and the log still verifies', async () => {
  const r = cli(['routes']);
  assert.equal(r.status, 0, r.stderr);
  const routes = r.stdout.trim().split('\n').filter((l) => PERSON_DATA.test(l.split(' ')[1]));
  assert.ok(routes.length > 70, `the routes about person data: ${routes.length}`);
  const missing = routes.filter((l) => !covered.has(l));
  assert.deepEqual(missing, [], 'routes about person data that this test does not cover (add a case for each)');
  const v = cli(['audit', 'verify', '--db', f.h.db]);
  assert.equal(v.status, 0, v.stdout + v.stderr);
  assert.match(v.stdout, /intact/);
});

test('/audit checks its new filters', async () => {
  for (const [q, field] of [['subject_person_id=0', 'subject_person_id'], ['subject_person_id=x', 'subject_person_id'], ['request_id=zz', 'request_id'], ['request_id=', 'request_id']]) {
    const a = await f.h.api('GET', `${V1}/audit?${q}`, { token: f.tokens.ke });
    assert.equal(a.status, 422, `${q}: ${a.text}`);
    assert.equal(a.body.error.code, 'invalid_filter');
    assert.equal(a.body.error.field, field);
  }
  // an object name as the log writes it, with spaces, is a filter too
  const kin = await f.h.api('GET', `${V1}/audit?object=${encodeURIComponent('next of kin')}&limit=50`, { token: f.tokens.ke });
  assert.equal(kin.status, 200, kin.text);
  assert.ok(kin.body.items.length > 0 && kin.body.items.every((x) => x.object === 'next of kin'), kin.text.slice(0, 300));
  const bad = await f.h.api('GET', `${V1}/audit?object=${encodeURIComponent('Plan;')}`, { token: f.tokens.ke });
  assert.deepEqual([bad.status, bad.body.error.code, bad.body.error.field], [422, 'invalid_filter', 'object']);
});

// The SQL that undoes the migrations numbered `from` and after, newest first.
// They only add (tables, columns, indexes, triggers; a back-fill is left as
// it is), so each addition is dropped: this holds for migrations not written
// yet. The engine's own migrations, undone the engine's way.
function undoMigrationsFrom(from) {
  const dir = new URL(`../../src/store/migrations/${ENGINE}/`, import.meta.url);
  const files = readdirSync(dir).filter((f) => /^\d{3}_.*\.sql$/.test(f) && Number(f.slice(0, 3)) >= from).sort().reverse();
  const undo = [];
  for (const f of files) {
    const text = readFileSync(new URL(f, dir), 'utf8').replace(/--.*$/gm, '');
    const steps = [];
    for (const m of text.matchAll(/CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)/gi)) steps.push(`DROP TABLE IF EXISTS ${m[1]};`);
    for (const m of text.matchAll(/CREATE\s+(?:UNIQUE\s+)?INDEX\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)/gi)) steps.push(`DROP INDEX IF EXISTS ${m[1]};`);
    for (const m of text.matchAll(/CREATE\s+TRIGGER\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)[^;]*?\sON\s+(\w+)/gi)) {
      steps.push(ENGINE === 'sqlite' ? `DROP TRIGGER IF EXISTS ${m[1]};` : `DROP TRIGGER IF EXISTS ${m[1]} ON ${m[2]};`);
    }
    for (const m of text.matchAll(/ALTER\s+TABLE\s+(\w+)\s+ADD\s+COLUMN\s+(\w+)/gi)) steps.push(`ALTER TABLE ${m[1]} DROP COLUMN ${m[2]};`);
    // indexes and triggers before the tables and columns they are on
    undo.push(...steps.filter((x) => /INDEX|TRIGGER/.test(x)), ...steps.filter((x) => !/INDEX|TRIGGER/.test(x)));
  }
  return undo.join(' ');
}

test('a log written before migration 014 still verifies after it, and the subject is in the hash from then on', async () => {
  const d = makeDatabase();
  const file = d.db;
  // a server answers some requests; then the database is put back as it was
  // before 014 (no subject column): its entries are what that server wrote
  let h = await startServer({ database: d });
  for (let i = 0; i < 4; i++) assert.equal((await h.api('GET', '/api/v1/organisations')).status, 200);
  await h.stop();
  assert.equal(sql(file, 'SELECT count(*) FROM audit_log WHERE subject_person_id IS NOT NULL'), '0');
  // (014 and every later migration undone, so that migrate applies them again)
  sql(file, `${undoMigrationsFrom(14)} DELETE FROM schema_migrations WHERE number >= 14;`);
  const old = Number(sql(file, 'SELECT max(seq) FROM audit_log'));
  assert.ok(old >= 4);
  let v = cli(['audit', 'verify', '--db', d.db]);
  assert.equal(v.status, 0, v.stdout + v.stderr);

  // migrated, and person data written and read with subjects
  const m = cli(['migrate', '--db', d.db]);
  assert.equal(m.status, 0, m.stderr);
  h = await startServer({ database: d });
  const ke = await staffMember(h);
  const p = await h.api('POST', '/api/v1/persons', { token: ke.token, body: { national_id: freshNid(), given_name: 'Mia', family_name: 'Migrert' } });
  assert.equal(p.status, 201, p.text);
  const addr = await h.api('POST', `/api/v1/persons/${p.body.id}/addresses`, { token: ke.token, body: { street: 'Gamleveien 1', postal_code: '9600', city: 'Fjordvik', valid_from: '2020-01-01' } });
  assert.equal(addr.status, 201, addr.text);
  assert.equal((await h.api('GET', `/api/v1/persons/${p.body.id}`, { token: ke.token })).status, 200);
  await h.stop();
  const withSubject = Number(sql(file, `SELECT count(*) FROM audit_log WHERE subject_person_id = ${p.body.id}`));
  assert.ok(withSubject >= 3, `entries naming the person: ${withSubject}`);
  v = cli(['audit', 'verify', '--db', d.db]);
  assert.equal(v.status, 0, v.stdout + v.stderr);
  assert.match(v.stdout, /intact/);

  // the subject is covered by the hash: changed on a new entry, or set on an
  // old one, verification names the entry
  const newSeq = Number(sql(file, `SELECT min(seq) FROM audit_log WHERE subject_person_id = ${p.body.id}`));
  for (const [name, change, seq] of [
    ['changed', `UPDATE audit_log SET subject_person_id = subject_person_id + 1 WHERE seq = ${newSeq}`, newSeq],
    ['removed', `UPDATE audit_log SET subject_person_id = NULL WHERE seq = ${newSeq}`, newSeq],
    ['added', `UPDATE audit_log SET subject_person_id = ${p.body.id} WHERE seq = 2`, 2],
  ]) {
    const copy = copyDatabase(d.db, d.dir, name);
    sql(copy, `${dropTrigger('audit_log_no_update', 'audit_log')} ${change};`);
    const bad = cli(['audit', 'verify', '--db', copy]);
    assert.equal(bad.status, 1, `${name}: ${bad.stdout}`);
    assert.match(bad.stderr, new RegExp(`entry ${seq} fails verification: its content was altered`), `${name}: ${bad.stderr}`);
  }
  rmSync(d.dir, { recursive: true, force: true });
});

// A record of the audit journal as the server before migration 014 wrote it
// ("J2": eight integers, no subject; trust/audit_journal.c).
function j2Record(ints, strings) {
  const parts = [];
  const n = Buffer.alloc(8 * ints.length);
  ints.forEach((v, i) => n.writeBigInt64LE(BigInt(v), 8 * i));
  parts.push(n);
  for (const s of strings) {
    const len = Buffer.alloc(4);
    if (s === null) { len.writeUInt32LE(0xffffffff); parts.push(len); continue; }
    const b = Buffer.from(s, 'utf8');
    len.writeUInt32LE(b.length);
    parts.push(len, b, Buffer.from([0]));
  }
  const payload = Buffer.concat(parts);
  let h = 2166136261;
  for (const b of payload) h = Math.imul(h ^ b, 16777619) >>> 0;
  const head = Buffer.alloc(8);
  head.writeUInt32LE(payload.length, 0);
  head.writeUInt32LE(h, 4);
  return Buffer.concat([head, payload]);
}

test('a journal left by the server before 014 is still taken into the log', async () => {
  // (a journal file: beside an SQLite file by default, named on PostgreSQL)
  const d = makeDatabase();
  const file = d.db;
  const header = Buffer.concat([Buffer.from('HELHET AUDIT J2\n'), Buffer.from('0123456789abcdef0123456789abcdef', 'hex'), Buffer.alloc(16)]);
  const rec = j2Record([1, 1, 0, 0, 0, 7, 0, 0], ['2026-01-01T10:00:00.000Z', 'administrator', 'organisation', null, 'read', 'allowed', null, null, 'j2entry']);
  writeFileSync(journalFile(d.db), Buffer.concat([header, rec]));
  const h = await startServer({ database: d, args: journalArgs(d.db) });
  await h.stop();
  assert.equal(sql(file, "SELECT object || ' ' || object_id || ' ' || action || ' ' || coalesce(CAST(subject_person_id AS TEXT), 'none') FROM audit_log WHERE request_id = 'j2entry'"), 'organisation 7 read none');
  const v = cli(['audit', 'verify', '--db', d.db, ...journalArgs(d.db)]);
  assert.equal(v.status, 0, v.stdout + v.stderr);
  rmSync(d.dir, { recursive: true, force: true });
});
