// tenants.test.mjs - several municipalities in one database (issue 13, point 4).
//
// One server, one database, two tenants each holding the whole fixture
// municipality (fixture.mjs): A ("test") as every other test has it, B made
// with `helhet tenant add` and built by its own roles, every name and text it
// wrote ending in TAG. Then every actor of A probes every route the server has
// (`helhet routes`) with ids of B's objects of the matching kind:
//   PATH    every route with an {id}: B's ids in the path (and, for a part
//           addressed under a parent, A's parent the actor may see with B's
//           part); the answer is 404, or 403 where the role may not use the
//           route at all, never a success, and never shows anything of B
//   BODY    the writes that name other records in their body, with B's ids
//           there: refused (404/422), nothing made
//   LISTS   every list without an {id}: what each actor of A is answered is
//           the same before B existed and after (so no row of B is counted or
//           listed), also when filtered by B's ids, names and numbers
// and B's data, read by B's own roles, is the same before and after all of it.
// PATH runs the other way round too (B's actors, A's ids; A unchanged).
// EXEMPT names the routes that address no tenant's data, with the reason; a
// route in none of these fails "every route the server has is probed here".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, newDatabase, sql } from './harness.mjs';
import { buildFixture, client, consentBody, freshNid, addDays } from './fixture.mjs';

const V1 = '/api/v1';
const B_SLUG = 'bee';
const TAG = 'Zeta'; // every name and text of B ends in it
let A; // the fixture in tenant "test"
let B; // the same municipality in tenant B_SLUG
let Bx; // more of B's objects: {address, kin, grant, approval, nids}
const ROLES = ['admin', 'ke', 'ke2', 'coordinator', 'sara', 'nurse', 'emergency', 'leader', 'contact',
  'nav', 'nav2', 'gp', 'dps', 'owner', 'representative', 'repRead', 'otherCitizen'];
let aBefore; // A as its own roles read it, before any probe
let bBefore; // B as its own roles read it, before any probe
let listsBefore; // A's lists as every actor of A saw them before B existed
const stats = { probes: 0 };

// Sends one request as A's `role` (or with a token).
function send(token, m, path, { body, version } = {}) {
  const headers = version !== undefined ? { 'If-Match': `"${version}"` } : {};
  return A.h.api(m, path.startsWith('/api/') ? path : V1 + path, { token, body, headers });
}

// What no answer to A may hold: B's tag and B's persons' national ID numbers
// (and to B: A's numbers; A's names have no tag, and B's own contain them).
function leaks(text, target = 'B') {
  const found = [];
  if (target === 'B' && text.includes(TAG)) found.push(`"${TAG}"`);
  for (const nid of side(target).x.nids) if (text.includes(nid)) found.push(`${target}'s national ID ${nid}`);
  return found;
}
let Ax; // A's objects as Bx is B's
const side = (name) => (name === 'A' ? { F: A, x: Ax } : { F: B, x: Bx });

// ---------------------------------------------------------------------------
// The lists without an {id}: what each actor of A gets, and filters by B's ids
// ---------------------------------------------------------------------------
const LISTS = [
  '/me', '/organisations?limit=500', '/staff?limit=500', '/memberships?limit=500', '/accounts?limit=500',
  '/persons?limit=500', '/cases?limit=500', '/plans?limit=500', '/worklist', '/statistics', '/coordinators',
  '/approvals?limit=500',
];
// GET /audit grows with every request: only checked for B's marks
const GROWING = ['/audit?limit=500'];
async function readLists() {
  const out = {};
  for (const role of ROLES) {
    for (const path of LISTS) {
      const r = await send(A.tokens[role], 'GET', path);
      out[`${role} ${path}`] = `${r.status} ${r.text}`;
    }
  }
  return out;
}

// A tenant as its own roles read it: what no probe of the other may change.
const readB = () => readFix(B);
async function readFix(F) {
  const as = (role) => client(A.h, F.tokens[role], `${F === A ? 'A' : 'B'} ${role}`);
  const adm = as('admin'); const ke = as('ke'); const co = as('coordinator');
  const out = {};
  const get = async (c, path) => { out[`${c.name} ${path}`] = await c.get(`${V1}${path}`); };
  for (const p of ['/organisations?limit=500', '/staff?limit=500', '/memberships?limit=500', '/accounts?limit=500', '/approvals?limit=500']) await get(adm, p);
  for (const id of Object.values(F.ids.staff)) await get(adm, `/staff/${id}/memberships`);
  await get(ke, '/persons?limit=500');
  await get(ke, '/cases?limit=500');
  for (const id of Object.values(F.ids.person)) {
    for (const sub of ['', '/addresses', '/next-of-kin', '/representatives', '/address-access']) await get(ke, `/persons/${id}${sub}`);
  }
  for (const id of Object.values(F.ids.case)) for (const sub of ['', '/contact', '/history']) await get(ke, `/cases/${id}${sub}`);
  await get(co, '/plans?limit=500');
  for (const id of Object.values(F.ids.plans)) {
    for (const sub of ['', '/coordinator', '/history', '/goals', '/measures', '/evaluations', '/participants', '/consents', '/messages', '/linked-plans']) {
      await get(co, `/plans/${id}${sub}`);
    }
  }
  return out;
}

before(async () => {
  A = await buildFixture();
  Ax = await extras(A, '');
  listsBefore = await readLists();
  let r = cli(['tenant', 'add', '--db', A.h.db, '--slug', B_SLUG, '--name', `Bee kommune ${TAG}`, '--municipality-number', '1234']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^created tenant bee \(id \d+\)/);
  B = await buildFixture({ h: A.h, tenant: B_SLUG, tag: TAG, second: false });
  Bx = await extras(B, TAG);
  Bx.tenant = Number(cli(['tenant', 'list', '--db', A.h.db]).stdout.match(/^(\d+) +bee /m)[1]);
  bBefore = await readB();
  aBefore = await readFix(A);
  // reading twice answers the same: the comparison at the end means something
  assert.deepEqual(await readB(), bBefore);
});
after(async () => { await A.h.stop(); });

// What the fixture has no id for: an address, next of kin, a name on the
// address access list, a request waiting for approval, the persons' numbers.
async function extras(F, tag) {
  const ke = client(A.h, F.tokens.ke, 'ke');
  const kari = `${V1}/persons/${F.ids.person.kari}`;
  const x = {
    address: (await ke.get(`${kari}/addresses`)).items[0],
    kin: (await ke.get(`${kari}/next-of-kin`)).items[0],
    grant: await ke.post(`${kari}/address-access`, { staff_id: F.ids.staff.sara, reason: `Probe${tag}`, valid_from: '2098-01-01' }),
    nids: [],
  };
  for (const id of Object.values(F.ids.person)) x.nids.push((await ke.get(`${V1}/persons/${id}`)).national_id);
  // a membership of the coordinating unit waits for a second administrator
  const m = await client(A.h, F.tokens.admin, 'admin').post(`${V1}/memberships`, {
    staff_id: F.ids.staff.sara, organisation_id: F.ids.org.ke, position_percent: 10, valid_from: '2098-01-01',
  });
  assert.ok(m.pending && m.approval_id, JSON.stringify(m));
  x.approval = m.approval_id;
  return x;
}

test('tenant list shows the three tenants; tenant add refuses a slug taken and a bad number', () => {
  let r = cli(['tenant', 'list', '--db', A.h.db]);
  assert.equal(r.status, 0, r.stderr);
  for (const slug of ['test', 'andre', B_SLUG]) assert.match(r.stdout, new RegExp(`^\\d+ +${slug} `, 'm'), r.stdout);
  assert.match(r.stdout, / 1234 /);
  r = cli(['tenant', 'add', '--db', A.h.db, '--slug', B_SLUG, '--name', 'Igjen']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /tenant 'bee' exists already/);
  r = cli(['tenant', 'add', '--db', A.h.db, '--slug', 'ny', '--name', 'Ny', '--municipality-number', '12a4']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /municipality number is 4 digits/);
  r = cli(['tenant', 'add', '--db', A.h.db, '--slug', 'Ny kommune', '--name', 'Ny']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /slug must be/);
  r = cli(['tenant', 'list', '--db', A.h.db]);
  assert.doesNotMatch(r.stdout, / ny /, 'a refused tenant was made');
});

test('tenant add without --slug or --name exits 2; on a database that does not exist, 1', () => {
  let r = cli(['tenant', 'add', '--db', A.h.db, '--name', 'Uten slug']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--slug and --name are required/);
  const dir = mkdtempSync(join(tmpdir(), 'helhet-tenants-'));
  try {
    r = cli(['tenant', 'add', '--db', `sqlite:${join(dir, 'nope', 'x.db')}`, '--slug', 'x', '--name', 'X']);
    assert.equal(r.status, 1, r.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// ---------------------------------------------------------------------------
// PATH: every route with an {id}, with B's ids
// ---------------------------------------------------------------------------
// B's object of each kind a path segment names, and how to read its version
// (T: the target side, {F: fixture, x: extras})
const OBJECT = {
  organisations: (T) => T.F.ids.org.ke,
  staff: (T) => T.F.ids.staff.ola,
  memberships: (T) => T.F.ids.membership.ola,
  accounts: (T) => T.F.accounts.coordinator,
  persons: (T) => T.F.ids.person.kari,
  addresses: (T) => T.x.address.id,
  'next-of-kin': (T) => T.x.kin.id,
  representatives: (T) => T.F.ids.representative.lise,
  'address-access': (T) => T.x.grant.id,
  cases: (T) => T.F.ids.case.kari,
  plans: (T) => T.F.ids.plans.active,
  goals: (T) => T.F.ids.parts.active.goal,
  measures: (T) => T.F.ids.parts.active.measure,
  evaluations: (T) => T.F.ids.parts.active.evaluation,
  participants: (T) => T.F.ids.parts.active.navParticipant,
  consents: (T) => T.F.ids.parts.active.consent,
  messages: (T) => T.F.ids.parts.active.message,
  'linked-plans': (T) => T.F.ids.parts.active.linked,
  approvals: (T) => T.x.approval,
};
// A's parents the actors may see, for a part of B addressed under one of A's
const PARENT = { persons: (F) => F.ids.person.kari, plans: (F) => F.ids.plans.active };

// A body for each write route with an {id} (valid as far as the actor could
// know, so that only the tenant stands in the way); the version is B's own.
const PATH_BODIES = {
  'PATCH /organisations/{id}': { name: 'Overtatt' },
  'PATCH /staff/{id}': { active: false },
  'PATCH /memberships/{id}': { position_percent: 50 },
  'DELETE /memberships/{id}': undefined,
  'PATCH /accounts/{id}': { active: false },
  'PATCH /persons/{id}': { phone: '+47 400 00 000' },
  'PATCH /persons/{id}/protection': { protection_flag: 'municipal', protection_reason: 'Trusler' },
  'POST /persons/{id}/addresses': { street: 'Nygata 1' },
  'PATCH /persons/{id}/addresses/{id}': { city: 'Endret' },
  'DELETE /persons/{id}/addresses/{id}': undefined,
  'POST /persons/{id}/next-of-kin': { name: 'Venn', relation: 'friend' },
  'PATCH /persons/{id}/next-of-kin/{id}': { phone: '900' },
  'DELETE /persons/{id}/next-of-kin/{id}': undefined,
  'POST /persons/{id}/representatives': (F, T) => ({ account_id: F.accounts.nav, kind: 'authorised', scope: 'read', valid_from: '2098-01-01', valid_to: '2099-01-01', basis: 'Skriftlig fullmakt' }),
  'PATCH /persons/{id}/representatives/{id}': { valid_to: '2099-06-01', basis: 'Skriftlig fullmakt' },
  'DELETE /persons/{id}/representatives/{id}': undefined,
  'POST /persons/{id}/address-access': (F, T) => ({ staff_id: F.ids.staff.sara, reason: 'Probe', valid_from: '2098-01-01' }),
  'PATCH /persons/{id}/address-access/{id}': { reason: 'Endret' },
  'PATCH /cases/{id}': { urgency: 'high' },
  'PUT /cases/{id}/contact': (F, T) => ({ staff_id: F.ids.staff.sara, reason: 'Ny kontaktperson' }),
  'PATCH /plans/{id}': { resources: 'Overtatt', title: 'Overtatt' },
  'POST /plans/{id}/activate': undefined,
  'POST /plans/{id}/close': undefined,
  'POST /plans/{id}/reopen': undefined,
  'PUT /plans/{id}/coordinator': (F, T) => ({ staff_id: F.ids.staff.ola, reason: 'Overtatt' }),
  'POST /plans/{id}/emergency-access': { reason: 'Akutt innleggelse' },
  'POST /plans/{id}/goals': { kind: 'main', text: 'Mål' },
  'PATCH /plans/{id}/goals/{id}': { text: 'Mål' },
  'DELETE /plans/{id}/goals/{id}': undefined,
  'POST /plans/{id}/measures': (F, T) => ({ description: 'Tiltak', responsible_organisation_id: F.ids.org.nav }),
  'PATCH /plans/{id}/measures/{id}': { scope: '2 samtaler' },
  'DELETE /plans/{id}/measures/{id}': undefined,
  'POST /plans/{id}/evaluations': (F, T) => ({ date: F.today, what: 'Evaluering', outcome: 'Utfall' }),
  'PATCH /plans/{id}/evaluations/{id}': { outcome: 'Utfall' },
  'DELETE /plans/{id}/evaluations/{id}': undefined,
  'POST /plans/{id}/participants': { name: 'Deltaker', role: 'other' },
  'PATCH /plans/{id}/participants/{id}': { name: 'Deltaker' },
  'POST /plans/{id}/consents': (F, T) => consentBody([], { from: '2098-01-01', to: '2099-01-01' }),
  'PATCH /plans/{id}/consents/{id}': { note: 'Merknad' },
  'POST /plans/{id}/consents/{id}/withdraw': { reason: 'Trekker samtykket' },
  'POST /plans/{id}/messages': { kind: 'comment', text: 'Melding' },
  'PATCH /plans/{id}/messages/{id}': { handled_at: '2026-01-01T10:00:00Z' },
  'PUT /plans/{id}/messages/seen': (F, T) => ({ message_id: T.F.ids.parts.active.message }),
  'POST /plans/{id}/linked-plans': { kind: 'other', title: 'Lenke' },
  'PATCH /plans/{id}/linked-plans/{id}': { title: 'Lenke' },
  'DELETE /plans/{id}/linked-plans/{id}': undefined,
  'POST /approvals/{id}/approve': {},
  'POST /approvals/{id}/refuse': { reason: 'Nei' },
};

// The target's version of the object a path names (its last id), read by its roles.
async function versionIn(F, path) {
  for (const role of ['coordinator', 'ke', 'admin']) {
    const r = await A.h.api('GET', path, { token: F.tokens[role] });
    if (r.status === 200 && r.body?.version !== undefined) return r.body.version;
  }
  return 1;
}

// The paths a route pattern gives: B's ids throughout, and A's visible parent
// with B's part. Throws for a kind of object this file has none of.
function pathsFor(pattern, from, to) {
  const segs = pattern.split('/');
  const ids = [];
  segs.forEach((s, i) => { if (s === '{id}') ids.push(i); });
  const fill = (useParent) => segs.map((s, i) => {
    if (s !== '{id}') return s;
    const kind = segs[i - 1];
    const parent = useParent && i !== ids[ids.length - 1];
    const f = parent ? PARENT[kind] : OBJECT[kind];
    if (!f) throw new Error(`${pattern}: no object of kind '${kind}' of ${parent ? from : to} to probe with`);
    return String(parent ? f(side(from).F) : f(side(to)));
  }).join('/');
  const out = [{ variant: to, path: fill(false) }];
  if (ids.length > 1) out.push({ variant: `${from}'s parent, ${to}'s part`, path: fill(true) });
  return out;
}

function serverRoutes() {
  const r = cli(['routes']);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split('\n').filter((l) => l.trim() !== '');
}
const unV1 = (route) => route.replace(`${V1}/`, '/');

// Every route with an {id}, with `to`'s ids, as every actor of `from`.
async function probePaths(from, to) {
  const problems = [];
  const F = side(from).F; const T = side(to);
  const routes = serverRoutes().filter((x) => x.includes('{id}')).map(unV1);
  for (const route of routes) {
    const [m, pattern] = route.split(' ');
    let variants;
    try { variants = pathsFor(pattern, from, to); } catch (e) { problems.push(e.message); continue; }
    if (m !== 'GET' && !(route in PATH_BODIES)) { problems.push(`${route}: no body in PATH_BODIES`); continue; }
    const bodyOf = PATH_BODIES[route];
    for (const { variant, path } of variants) {
      // the target's own version, so that only the tenant stands in the way
      const version = m === 'GET' || m === 'POST' ? undefined : await versionIn(T.F, V1 + path.replace(/\/(protection|contact|coordinator|messages\/seen)$/, ''));
      for (const role of ROLES) {
        const body = typeof bodyOf === 'function' ? bodyOf(F, T) : bodyOf;
        const r = await send(F.tokens[role], m, path, { body, version });
        stats.probes += 1;
        const where = `${route} (${variant}: ${path}) as ${from}'s ${role}`;
        if (r.status !== 404 && r.status !== 403) problems.push(`${where}: want 404 or 403, got ${r.status} ${r.text.slice(0, 160)}`);
        // a section the actor may not read of her own plan is hidden before its part is looked for
        else if (!(r.status === 404 ? ['not_found', 'section_not_consented'] : ['forbidden']).includes(r.body?.error?.code)) problems.push(`${where}: ${r.status} with code ${r.body?.error?.code}`);
        const l = leaks(r.text, to);
        if (l.length) problems.push(`${where}: the answer shows ${l.join(', ')}`);
      }
    }
  }
  assert.deepEqual(problems, [], `${problems.length} problems:\n${problems.join('\n')}`);
}

test('PATH: every route with an {id}, given B\'s ids, answers every actor of A 404 or 403 and shows nothing of B', () => probePaths('A', 'B'));
test('PATH: and the other way round: B\'s actors with A\'s ids', () => probePaths('B', 'A'));

// ---------------------------------------------------------------------------
// BODY: writes that name other records, with B's ids in the body, made by the
// actor of A who could make them with A's ids
// ---------------------------------------------------------------------------
const BODY = [
  // [route, actor, path, body (function: built when run), the statuses that are right]
  ['POST /organisations', 'admin', '/organisations', () => ({ name: 'Under', kind: 'unit', level: 'municipal', parent_id: B.ids.org.ke })],
  ['PATCH /organisations/{id}', 'admin', () => `/organisations/${A.ids.org.followUp}`, () => ({ parent_id: B.ids.org.ke })],
  ['POST /memberships', 'admin', '/memberships', () => ({ staff_id: B.ids.staff.sara, organisation_id: A.ids.org.followUp, position_percent: 10 })],
  ['POST /memberships', 'admin', '/memberships', () => ({ staff_id: A.ids.staff.sara, organisation_id: B.ids.org.followUp, position_percent: 10 })],
  ['POST /persons', 'ke', '/persons', () => ({ national_id: freshNid(), given_name: 'Ny', family_name: 'Person', gp_organisation_id: B.ids.org.gpOffice })],
  ['PATCH /persons/{id}', 'ke', () => `/persons/${A.ids.person.per}`, () => ({ gp_organisation_id: B.ids.org.gpOffice })],
  ['POST /cases', 'ke', '/cases', () => ({ person_id: B.ids.person.kari, title: 'Sak', intake_channel: 'phone', intake_date: A.today, urgency: 'low' })],
  ['POST /cases', 'ke', '/cases', () => ({ person_id: A.ids.person.per, title: 'Sak', intake_channel: 'phone', intake_date: A.today, urgency: 'low', lead_organisation_id: B.ids.org.homeNursing })],
  ['POST /cases', 'ke', '/cases', () => ({ person_id: A.ids.person.per, title: 'Sak', intake_channel: 'phone', intake_date: A.today, urgency: 'low', contributing_organisation_ids: [B.ids.org.nav] })],
  ['POST /cases', 'ke', '/cases', () => ({ person_id: A.ids.person.per, title: 'Sak', intake_channel: 'phone', intake_date: A.today, urgency: 'low', contact_staff_id: B.ids.staff.cecilie })],
  ['PATCH /cases/{id}', 'ke', () => `/cases/${A.ids.case.per}`, () => ({ lead_organisation_id: B.ids.org.followUp })],
  ['PUT /cases/{id}/contact', 'ke', () => `/cases/${A.ids.case.per}/contact`, () => ({ staff_id: B.ids.staff.cecilie, reason: 'Ny' })],
  ['POST /plans', 'ke', '/plans', () => ({ person_id: B.ids.person.lise, title: 'Plan', revision_date: addDays(A.today, 180) })],
  ['POST /plans', 'ke', '/plans', () => ({ person_id: A.ids.person.lise, case_id: B.ids.case.kari, title: 'Plan', revision_date: addDays(A.today, 180) })],
  ['POST /plans', 'ke', '/plans', () => ({ person_id: A.ids.person.lise, coordinator_id: B.ids.staff.ola, title: 'Plan', revision_date: addDays(A.today, 180) })],
  ['PUT /plans/{id}/coordinator', 'ke', () => `/plans/${A.ids.plans.none}/coordinator`, () => ({ staff_id: B.ids.staff.ola, reason: 'Ny' })],
  ['POST /plans/{id}/participants', 'coordinator', () => `/plans/${A.ids.plans.none}/participants`, () => ({ staff_id: B.ids.staff.nils, organisation_id: A.ids.org.nav, role: 'nav' })],
  ['POST /plans/{id}/participants', 'coordinator', () => `/plans/${A.ids.plans.none}/participants`, () => ({ name: 'Etat', organisation_id: B.ids.org.nav, role: 'nav' })],
  ['POST /plans/{id}/goals', 'coordinator', () => `/plans/${A.ids.plans.none}/goals`, () => ({ kind: 'sub', text: 'Delmål', parent_id: B.ids.parts.none.goal })],
  ['POST /plans/{id}/measures', 'coordinator', () => `/plans/${A.ids.plans.none}/measures`, () => ({ description: 'Tiltak', goal_id: B.ids.parts.none.goal })],
  ['POST /plans/{id}/measures', 'coordinator', () => `/plans/${A.ids.plans.none}/measures`, () => ({ description: 'Tiltak', responsible_staff_id: B.ids.staff.nils })],
  ['POST /plans/{id}/measures', 'coordinator', () => `/plans/${A.ids.plans.none}/measures`, () => ({ description: 'Tiltak', responsible_organisation_id: B.ids.org.nav })],
  ['POST /plans/{id}/evaluations', 'coordinator', () => `/plans/${A.ids.plans.none}/evaluations`, () => ({ goal_id: B.ids.parts.none.goal, date: A.today, what: 'Evaluering' })],
  ['POST /plans/{id}/evaluations', 'coordinator', () => `/plans/${A.ids.plans.none}/evaluations`, () => ({ measure_id: B.ids.parts.none.measure, date: A.today, what: 'Evaluering' })],
  ['POST /plans/{id}/consents', 'coordinator', () => `/plans/${A.ids.plans.none}/consents`, () => consentBody([{ organisation_id: B.ids.org.nav, sections: ['goals'] }], { from: '2098-01-01', to: '2099-01-01' })],
  ['POST /plans/{id}/consents', 'coordinator', () => `/plans/${A.ids.plans.none}/consents`, () => consentBody([{ staff_id: B.ids.staff.nils, sections: ['goals'] }], { from: '2098-01-01', to: '2099-01-01' })],
  ['POST /plans/{id}/linked-plans', 'coordinator', () => `/plans/${A.ids.plans.none}/linked-plans`, () => ({ kind: 'other', title: 'Lenke', organisation_id: B.ids.org.nav })],
  ['PUT /plans/{id}/messages/seen', 'coordinator', () => `/plans/${A.ids.plans.none}/messages/seen`, () => ({ message_id: B.ids.parts.none.message })],
  ['POST /persons/{id}/representatives', 'owner', () => `/persons/${A.ids.person.kari}/representatives`, () => ({ account_id: B.accounts.representative, kind: 'authorised', scope: 'read', valid_from: '2098-01-01', valid_to: '2099-01-01' })],
  ['POST /persons/{id}/representatives', 'ke', () => `/persons/${A.ids.person.per}/representatives`, () => ({ account_id: B.accounts.representative, kind: 'authorised', scope: 'read', valid_from: '2098-01-01', valid_to: '2099-01-01', basis: 'Fullmakt' })],
  ['POST /persons/{id}/address-access', 'ke', () => `/persons/${A.ids.person.kari}/address-access`, () => ({ staff_id: B.ids.staff.sara, reason: 'Probe', valid_from: '2098-01-01' })],
];

test('BODY: B\'s ids in the body of a write by the actor of A who may make it are refused, and show nothing of B', async () => {
  const problems = [];
  for (const [route, role, p, bodyOf] of BODY) {
    const path = typeof p === 'function' ? p() : p;
    const [m] = route.split(' ');
    const version = m === 'PATCH' || m === 'PUT' ? await bVersionA(role, path.replace(/\/(contact|coordinator|messages\/seen)$/, '')) : undefined;
    const body = bodyOf();
    const r = await send(A.tokens[role], m, path, { body, version });
    stats.probes += 1;
    const where = `${route} (${path} ${JSON.stringify(body)}) as ${role}`;
    if (r.status !== 404 && r.status !== 422) problems.push(`${where}: want 422 or 404, got ${r.status} ${r.text.slice(0, 200)}`);
    const l = leaks(r.text);
    if (l.length) problems.push(`${where}: the answer shows ${l.join(', ')}`);
  }
  assert.deepEqual(problems, [], `${problems.length} problems:\n${problems.join('\n')}`);
});
async function bVersionA(role, path) {
  const r = await send(A.tokens[role], 'GET', path);
  return r.body?.version ?? 1;
}

// ---------------------------------------------------------------------------
// LISTS: what every actor of A is answered did not change when B came, and a
// list filtered by B's ids, names or numbers finds nothing
// ---------------------------------------------------------------------------
test('LISTS: every list answers every actor of A the same as before B existed, and nothing of B', async () => {
  const problems = [];
  const now = await readLists();
  for (const [k, v] of Object.entries(listsBefore)) {
    if (now[k] !== v) problems.push(`${k}: the answer changed when B came:\n  before ${v.slice(0, 300)}\n  after  ${now[k].slice(0, 300)}`);
  }
  const filtered = [
    `/persons?q=${TAG}`, `/persons?q=Nordmann${TAG}`, `/persons?national_id=${Bx.nids[0]}`, `/persons?q=${Bx.nids[0]}`,
    `/persons?address=Fjordgata`,
    `/cases?person_id=${B.ids.person.kari}`, `/plans?person_id=${B.ids.person.kari}`, `/plans?coordinator_id=${B.ids.staff.ola}`,
    `/memberships?staff_id=${B.ids.staff.ola}`, `/memberships?organisation_id=${B.ids.org.ke}`,
    `/staff?q=${TAG}`, `/organisations?q=${TAG}`,
    `/approvals?staff_id=${B.ids.staff.sara}&limit=500`, `/approvals?kind=membership&limit=500`,
    `/audit?plan_id=${B.ids.plans.active}&limit=500`, `/audit?person_id=${B.ids.person.kari}&limit=500`,
    `/audit?account_id=${B.accounts.coordinator}&limit=500`,
    ...GROWING, ...LISTS,
  ];
  for (const role of ROLES) {
    for (const path of filtered) {
      const r = await send(A.tokens[role], 'GET', path);
      stats.probes += 1;
      if (r.status >= 500) problems.push(`GET ${path} as ${role}: ${r.status} ${r.text.slice(0, 160)}`);
      const l = leaks(r.text);
      if (l.length) problems.push(`GET ${path} as ${role}: the answer shows ${l.join(', ')}`);
      // the audit log: A's own entries (also of A's requests naming B's ids), never B's
      if (r.status === 200 && path.startsWith('/audit')) {
        const bAccounts = new Set(Object.values(B.accounts));
        const theirs = r.body.items.filter((x) => x.tenant_id === Bx.tenant || bAccounts.has(x.account_id));
        if (theirs.length) problems.push(`GET ${path} as ${role}: ${theirs.length} entries of B, e.g. ${JSON.stringify(theirs[0])}`);
      } else if (r.status === 200 && Array.isArray(r.body?.items) && /person_id=|plan_id=|staff_id=|organisation_id=|account_id=|coordinator_id=/.test(path) && r.body.items.length) {
        problems.push(`GET ${path} as ${role}: ${r.body.items.length} items for an id of B`);
      }
    }
  }
  assert.deepEqual(problems, [], `${problems.length} problems:\n${problems.join('\n')}`);
});

// ---------------------------------------------------------------------------
// Every route is probed here, or exempt with its reason
// ---------------------------------------------------------------------------
const EXEMPT = [
  ['GET /healthz', 'answers without an account: no tenant\'s data'],
  ['POST /api/v1/session', 'log-in by username, which is unique across tenants (login.test.mjs); the session is the account\'s tenant\'s'],
  ['DELETE /api/v1/session', 'ends the caller\'s own session: no id'],
  ['POST /api/v1/session/logout-all', 'ends the caller\'s own sessions: no id'],
  ['GET /api/v1/oidc/providers', 'the configured providers: configuration, not a tenant\'s data'],
  ['GET /api/v1/oidc/{name}/login', '{name} is a configured provider, not a record (oidc.test.mjs)'],
  ['GET /api/v1/oidc/{name}/callback', '{name} is a configured provider, not a record (oidc.test.mjs)'],
  // creates whose body names no other record: what they make lands in the
  // caller's tenant, which "B is unchanged" below shows for B
  ['POST /api/v1/staff', 'its body names no other record; probed under "B is unchanged"'],
];

test('every route the server has is probed here, or exempt with its reason', () => {
  const routes = serverRoutes();
  const lists = new Set([...LISTS, ...GROWING].map((p) => `GET ${V1}${p.replace(/\?.*$/, '')}`));
  const body = new Set(BODY.map(([route]) => route.replace(' /', ` ${V1}/`)));
  const exempt = new Set(EXEMPT.map(([route]) => route));
  const problems = [];
  for (const route of routes) {
    const covered = route.includes('{id}') || lists.has(route) || body.has(route) || exempt.has(route);
    if (!covered) problems.push(`${route}: not probed with B's ids here, nor exempt`);
  }
  for (const route of [...lists, ...body, ...exempt]) if (!routes.includes(route)) problems.push(`${route} is named here but the server has no such route`);
  for (const route of Object.keys(PATH_BODIES)) if (!routes.includes(route.replace(' /', ` ${V1}/`))) problems.push(`PATH_BODIES names ${route}, which the server does not have`);
  assert.deepEqual(problems, [], problems.join('\n'));
});

// Last: nothing any probe did changed B, as B's own roles read it (the
// snapshot was taken in before(), after B was built; node:test runs a file's
// tests in order).
test('B is unchanged by every probe of A, as B\'s own roles read it', async () => {
  const now = await readB();
  const problems = [];
  for (const [k, v] of Object.entries(bBefore)) {
    const a = JSON.stringify(v); const b = JSON.stringify(now[k]);
    if (a !== b) problems.push(`${k}:\n  before ${a.slice(0, 400)}\n  after  ${b.slice(0, 400)}`);
  }
  assert.deepEqual(problems, [], `${problems.length} of B's answers changed:\n${problems.join('\n')}`);
});

test('A is unchanged by every probe of B, as A\'s own roles read it', async () => {
  const now = await readFix(A);
  const problems = [];
  for (const [k, v] of Object.entries(aBefore)) {
    const a = JSON.stringify(v); const b = JSON.stringify(now[k]);
    if (a !== b) problems.push(`${k}:\n  before ${a.slice(0, 400)}\n  after  ${b.slice(0, 400)}`);
  }
  assert.deepEqual(problems, [], `${problems.length} of A's answers changed:\n${problems.join('\n')}`);
});

test('the same person may be registered in two municipalities: B\'s number answers A as a new person, never "exists"', async () => {
  const r = await send(A.tokens.ke, 'POST', '/persons', { body: { national_id: Bx.nids[0], given_name: 'Samme', family_name: 'Person' } });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(leaks(r.text.replace(Bx.nids[0], '')), []);
});

// (last: it takes a while, and the server's connections wait meanwhile)
test('demo --tenant adds a second demo municipality beside the first: its own log-ins, names and national ID numbers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'helhet-tenants-'));
  try {
    const db = newDatabase(dir, 'demo');
    let r = cli(['demo', '--db', db]);
    assert.equal(r.status, 0, r.stderr);
    r = cli(['demo', '--db', db, '--tenant', 'nabo', '--municipality-number', '1234']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^Created Nabo kommune in /);
    assert.match(r.stdout, /^ {2}nabo-koordinator /m);
    r = cli(['user', 'otp', '--db', db, '--user', 'nabo-koordinator']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^\d{6}\n$/);
    // the first demo's log-ins are as they were
    assert.equal(cli(['user', 'otp', '--db', db, '--user', 'koordinator']).status, 0);
    const [all, distinct] = sql(db, 'SELECT COUNT(*), COUNT(DISTINCT national_id) FROM persons').split('|').map(Number);
    assert.ok(all >= 4000, `${all} persons`);
    assert.equal(distinct, all, 'a national ID number repeats across the two demo municipalities');
    assert.equal(sql(db, "SELECT COUNT(*) FROM organisations o JOIN tenants t ON t.id = o.tenant_id WHERE t.slug = 'nabo' AND o.name LIKE '%Fjordvik%'"), '0');
    assert.equal(sql(db, "SELECT o.name FROM organisations o JOIN tenants t ON t.id = o.tenant_id WHERE t.slug = 'nabo' AND o.name LIKE 'NAV %'"), 'NAV Nabo');
    // another seed: the second municipality's people are others
    const same = Number(sql(db, "SELECT COUNT(*) FROM persons a JOIN persons b ON a.given_name = b.given_name AND a.family_name = b.family_name AND a.birth_date = b.birth_date AND a.tenant_id < b.tenant_id"));
    assert.ok(same < 50, `${same} persons of the same name and birth date in both`);
    r = cli(['demo', '--db', db, '--tenant', 'nabo']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /tenant 'nabo' exists already.*nothing was written/);
    r = cli(['demo', '--db', db, '--tenant', 'Stor_Bokstav']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--tenant must be/);
    r = cli(['demo', '--db', db, '--name', 'Uten slug']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /go with --tenant/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('matrix size', (t) => {
  t.diagnostic(`probes: ${stats.probes}; actors of A: ${ROLES.length}; B's snapshot: ${Object.keys(bBefore).length} answers`);
});
