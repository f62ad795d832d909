// access_matrix.test.mjs - the access policy of docs/security.md, route by
// route, actor by actor, consent state by consent state (issue 3, point 7).
//
// The expectations are tables a reviewer can hold against docs/security.md:
//   WHO      the access each actor has to each fixture plan (security.md "Plans")
//   ACCESS   what each kind of access may read and write
//   PLAN_ROUTES  every plan route with the section it is addressed to
//   OBJECT_ROUTES  every other route, with the answer per kind of actor
//   TRANSITIONS  activate, close, reopen, appoint the coordinator
//   APPROVAL_ROUTES  the four-eyes requests: listed, read, approved, refused
//   RELATIONS  which relations that grant access each actor may create: in
//              force at once, pending a second person, or refused
// and expected() turns them into the one exact status each probe must get.
// "every route the server has is probed here" holds them against `helhet
// routes`: a new route fails it until a table has its row (or EXEMPT names it).
// Every probe of every actor runs, and each test lists all its mismatches at
// once. The fixture is built by the real roles (fixture.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cli } from './harness.mjs';
import { buildFixture, extraPlan, consentBody, freshNid, addDays, account, freshUsername, client, staffMember } from './fixture.mjs';

let f;
let C; // the coordinator (Ola), who sees everything of every fixture plan
before(async () => {
  f = await buildFixture();
  C = f.as('coordinator');
});
after(async () => { await f.h.stop(); });

const V1 = '/api/v1';
let counter = 0;
const n = () => ++counter;
export const stats = { requests: 0, probes: 0 };

// ---------------------------------------------------------------------------
// What docs/security.md gives each kind of access
// ---------------------------------------------------------------------------
const SECTIONS = ['plan', 'goals', 'resources_needs', 'measures', 'evaluations', 'participants', 'consents',
  'crisis_plan', 'messages', 'documents', 'history'];
// The access log is read like a section (security.md "Other objects": owner,
// representative, coordinator, coordinating unit); the server names it among
// the `sections` of GET /plans/{id} and answers 404 to others, as for a hidden
// section.
const WITH_LOG = [...SECTIONS, 'access_log'];
const CUD = ['create', 'update', 'delete'];
const ADMIN = 'ADMIN'; // "an administrator asking for persons, cases or plans gets 403"
const _ = null;        // rule 7: the plan does not exist (404)

const ACCESS = {
  // 1. owner / representative: every section (read); writes goals, evaluations,
  //    consent withdrawal ("writes" read as create and update: no deletes)
  //    and messages (create: the owner writes; only the coordinator marks a request handled)
  OWNER: { read: WITH_LOG, write: { goals: ['create', 'update'], evaluations: ['create', 'update'], consents: ['withdraw'], messages: ['create'] } },
  // 1. a representative with scope read reads only
  OWNER_READ: { read: WITH_LOG, write: {} },
  // 2. the coordinator: every section, read and write
  COORD: { read: WITH_LOG, write: Object.fromEntries(SECTIONS.map((s) => [s, [...CUD, 'withdraw']])) },
  // 3. participant with consent: `plan` + granted sections; create/update in granted
  //    goals, measures, evaluations; no deletes
  PART_GM: { read: ['plan', 'goals', 'measures'], write: { goals: ['create', 'update'], measures: ['create', 'update'] } },
  PART_G: { read: ['plan', 'goals'], write: { goals: ['create', 'update'] } },
  //    a consent that covers messages: read them and write comments (no update: handled_at is the coordinator's)
  PART_GMM: { read: ['plan', 'goals', 'measures', 'messages'], write: { goals: ['create', 'update'], measures: ['create', 'update'], messages: ['create'] } },
  // 4. emergency: what an acute situation needs (the plan section, the crisis
  //    plan, the measures, the group), no writes
  EMERGENCY: { read: ['plan', 'crisis_plan', 'measures', 'participants'], write: {} },
  // 5. coordinating unit: the plan section (and the access log); no content (transitions: see TRANSITIONS)
  KE: { read: ['plan', 'access_log'], write: {} },
  // 6. contact person of an open case of the plan's person: the plan section
  CONTACT: { read: ['plan'], write: {} },
};
const { OWNER, OWNER_READ, COORD, PART_GM, PART_G, PART_GMM, EMERGENCY, KE, CONTACT } = ACCESS;

// ---------------------------------------------------------------------------
// Who has which access to which plan (fixture.mjs describes the plans)
// ---------------------------------------------------------------------------
const PLANS = ['active', 'none', 'expired', 'withdrawn', 'partial', 'future'];
const WHO = {
  //                active      none       expired  withdrawn  partial  future
  admin:          [ADMIN,      ADMIN,     ADMIN,   ADMIN,     ADMIN,   ADMIN],
  ke:             [KE,         KE,        KE,      KE,        KE,      KE],
  coordinator:    [COORD,      COORD,     COORD,   COORD,     COORD,   COORD],
  sara:           [_,          _,         _,       _,         _,       _],
  nurse:          [_,          _,         _,       _,         _,       _],
  emergency:      [EMERGENCY,  EMERGENCY, _,       _,         _,       _],
  leader:         [_,          _,         _,       _,         _,       _],
  contact:        [CONTACT,    _,         _,       _,         _,       _],
  nav:            [PART_GM,    _,         _,       _,         PART_G,  _],
  nav2:           [_,          _,         _,       _,         _,       _], // NAV member, not a participant
  gp:             [PART_GMM,   _,         _,       _,         _,       _], // grant by staff id, with messages
  dps:            [PART_GM,    _,         _,       _,         _,       _], // grant to the DPS
  owner:          [OWNER,      _,         _,       _,         _,       _],
  representative: [OWNER,      _,         _,       _,         _,       _], // scope act
  repRead:        [OWNER_READ, _,         _,       _,         _,       _], // scope read
  otherCitizen:   [_,          OWNER,     _,       _,         _,       _], // Per owns the plan "none"
};
const ROLES = Object.keys(WHO);
const access = (role, plan) => WHO[role][PLANS.indexOf(plan)];

const SUCCESS = { read: 200, create: 201, update: 200, delete: 204, withdraw: 200 };

// The one status docs/security.md gives a probe.
function expected(acc, route) {
  if (acc === ADMIN) return 403;
  if (!acc) return 404;                                              // R5: as if it did not exist
  if (route.op === 'read') return acc.read.includes(route.section) ? 200 : 404; // hidden section: 404
  return (acc.write[route.section] || []).includes(route.op) ? SUCCESS[route.op] : 403; // visible plan: 403
}

// The actor knows the plan exists: she reads its plan section.
const sees = (acc) => !!acc && acc !== ADMIN && acc.read.includes('plan');

const citizen = (role) => ['owner', 'representative', 'repRead', 'otherCitizen'].includes(role);

// ---------------------------------------------------------------------------
// Every plan route (`helhet routes`), with its section and operation. `build`
// returns the path, the body and the If-Match version; it makes fresh objects
// (as the coordinator) for deletes and withdrawals so that no probe depends on
// another.
// ---------------------------------------------------------------------------
const R = (m, route, section, op, build) => ({ m, route, section, op, build });
const fresh = {
  goal: async (p) => C.post(`${p}/goals`, { kind: 'main', text: 'Til sletting' }),
  measure: async (p) => C.post(`${p}/measures`, { description: 'Til sletting', responsible_organisation_id: f.ids.org.nav }),
  evaluation: async (p) => C.post(`${p}/evaluations`, { date: f.today, what: 'Til sletting' }),
  consent: async (p) => C.post(`${p}/consents`, consentBody([], { from: '2098-01-01', to: '2099-01-01' })),
  linked: async (p) => C.post(`${p}/linked-plans`, { kind: 'other', title: 'Til sletting' }),
};
const versionOf = async (path) => (await C.get(path)).version;

const PLAN_ROUTES = [
  // reads
  R('GET', '/plans/{id}', 'plan', 'read', ({ p }) => ({ path: p })),
  R('GET', '/plans/{id}/coordinator', 'plan', 'read', ({ p }) => ({ path: `${p}/coordinator` })),
  R('GET', '/plans/{id}/linked-plans', 'plan', 'read', ({ p }) => ({ path: `${p}/linked-plans` })),
  R('GET', '/plans/{id}/linked-plans/{id}', 'plan', 'read', ({ p, parts }) => ({ path: `${p}/linked-plans/${parts.linked}` })),
  R('GET', '/plans/{id}/history', 'history', 'read', ({ p }) => ({ path: `${p}/history` })),
  R('GET', '/plans/{id}/goals', 'goals', 'read', ({ p }) => ({ path: `${p}/goals` })),
  R('GET', '/plans/{id}/goals/{id}', 'goals', 'read', ({ p, parts }) => ({ path: `${p}/goals/${parts.goal}` })),
  R('GET', '/plans/{id}/measures', 'measures', 'read', ({ p }) => ({ path: `${p}/measures` })),
  R('GET', '/plans/{id}/measures/{id}', 'measures', 'read', ({ p, parts }) => ({ path: `${p}/measures/${parts.measure}` })),
  R('GET', '/plans/{id}/evaluations', 'evaluations', 'read', ({ p }) => ({ path: `${p}/evaluations` })),
  R('GET', '/plans/{id}/evaluations/{id}', 'evaluations', 'read', ({ p, parts }) => ({ path: `${p}/evaluations/${parts.evaluation}` })),
  R('GET', '/plans/{id}/participants', 'participants', 'read', ({ p }) => ({ path: `${p}/participants` })),
  R('GET', '/plans/{id}/participants/{id}', 'participants', 'read', ({ p, parts }) => ({ path: `${p}/participants/${parts.kin}` })),
  R('GET', '/plans/{id}/consents', 'consents', 'read', ({ p }) => ({ path: `${p}/consents` })),
  R('GET', '/plans/{id}/consents/{id}', 'consents', 'read', ({ p, parts }) => (parts.consent ? { path: `${p}/consents/${parts.consent}` } : null)),
  R('GET', '/plans/{id}/access-log', 'access_log', 'read', ({ p }) => ({ path: `${p}/access-log` })),
  // the plan's own fields: § 19 g, i (plan) and a, d (resources_needs)
  R('PATCH', '/plans/{id}', 'plan', 'update', async ({ p }) => ({ path: p, body: { title: `Tittel ${n()}` }, version: await versionOf(p) })),
  R('PATCH', '/plans/{id}', 'resources_needs', 'update', async ({ p }) => ({ path: p, body: { needs: `Behov ${n()}` }, version: await versionOf(p) })),
  // goals
  R('POST', '/plans/{id}/goals', 'goals', 'create', ({ p, role }) => ({ path: `${p}/goals`, body: { kind: 'main', text: `Mål ${n()}` } })),
  R('PATCH', '/plans/{id}/goals/{id}', 'goals', 'update', async ({ p, parts }) => ({ path: `${p}/goals/${parts.goal}`, body: { text: `Mål ${n()}` }, version: await versionOf(`${p}/goals/${parts.goal}`) })),
  R('DELETE', '/plans/{id}/goals/{id}', 'goals', 'delete', async ({ p }) => { const g = await fresh.goal(p); return { path: `${p}/goals/${g.id}`, version: g.version }; }),
  // measures
  R('POST', '/plans/{id}/measures', 'measures', 'create', ({ p }) => ({ path: `${p}/measures`, body: { description: `Tiltak ${n()}`, responsible_organisation_id: f.ids.org.nav } })),
  R('PATCH', '/plans/{id}/measures/{id}', 'measures', 'update', async ({ p, parts }) => ({ path: `${p}/measures/${parts.measure}`, body: { scope: `${n()} samtaler` }, version: await versionOf(`${p}/measures/${parts.measure}`) })),
  R('DELETE', '/plans/{id}/measures/{id}', 'measures', 'delete', async ({ p }) => { const m = await fresh.measure(p); return { path: `${p}/measures/${m.id}`, version: m.version }; }),
  // evaluations (citizens write the owner's own view)
  R('POST', '/plans/{id}/evaluations', 'evaluations', 'create', ({ p, role }) => ({
    path: `${p}/evaluations`,
    body: citizen(role) ? { date: f.today, what: 'Min vurdering', owner_view: `Det går bedre ${n()}` } : { date: f.today, what: 'Evaluering', outcome: `Utfall ${n()}` },
  })),
  R('PATCH', '/plans/{id}/evaluations/{id}', 'evaluations', 'update', async ({ p, parts, role }) => ({
    path: `${p}/evaluations/${parts.evaluation}`,
    body: citizen(role) ? { owner_view: `Mitt syn ${n()}` } : { outcome: `Utfall ${n()}` },
    version: await versionOf(`${p}/evaluations/${parts.evaluation}`),
  })),
  R('DELETE', '/plans/{id}/evaluations/{id}', 'evaluations', 'delete', async ({ p }) => { const e = await fresh.evaluation(p); return { path: `${p}/evaluations/${e.id}`, version: e.version }; }),
  // participants (no DELETE route: a participant leaves with left_on)
  R('POST', '/plans/{id}/participants', 'participants', 'create', ({ p }) => ({ path: `${p}/participants`, body: { name: `Deltaker ${n()}`, role: 'other' } })),
  R('PATCH', '/plans/{id}/participants/{id}', 'participants', 'update', async ({ p, parts }) => ({ path: `${p}/participants/${parts.kin}`, body: { name: `Pårørende ${n()}` }, version: await versionOf(`${p}/participants/${parts.kin}`) })),
  // consents: recorded not-yet-valid and without grants, so that no probe changes anyone's access
  R('POST', '/plans/{id}/consents', 'consents', 'create', ({ p }) => ({ path: `${p}/consents`, body: consentBody([], { from: '2098-01-01', to: '2099-01-01' }) })),
  R('PATCH', '/plans/{id}/consents/{id}', 'consents', 'update', async ({ p }) => { const c = await fresh.consent(p); return { path: `${p}/consents/${c.id}`, body: { note: `Merknad ${n()}` }, version: c.version }; }),
  R('POST', '/plans/{id}/consents/{id}/withdraw', 'consents', 'withdraw', async ({ p }) => { const c = await fresh.consent(p); return { path: `${p}/consents/${c.id}/withdraw`, body: { reason: 'Trekker samtykket' } }; }),
  // messages: comments for the group; no DELETE route (the thread is kept)
  R('GET', '/plans/{id}/messages', 'messages', 'read', ({ p }) => ({ path: `${p}/messages` })),
  R('GET', '/plans/{id}/messages/{id}', 'messages', 'read', ({ p, parts }) => ({ path: `${p}/messages/${parts.message}` })),
  R('POST', '/plans/{id}/messages', 'messages', 'create', ({ p }) => ({ path: `${p}/messages`, body: { kind: 'comment', text: `Melding ${n()}` } })),
  // marking the thread seen takes the right to read it (no change to the plan)
  R('PUT', '/plans/{id}/messages/seen', 'messages', 'read', ({ p, parts }) => ({ path: `${p}/messages/seen`, body: { message_id: parts.message } })),
  R('PATCH', '/plans/{id}/messages/{id}', 'messages', 'update', async ({ p, parts }) => ({ path: `${p}/messages/${parts.message}`, body: { handled_at: '2026-01-01T10:00:00Z' }, version: await versionOf(`${p}/messages/${parts.message}`) })),
  // linked plans belong to the plan section (§ 19 i)
  R('POST', '/plans/{id}/linked-plans', 'plan', 'create', ({ p }) => ({ path: `${p}/linked-plans`, body: { kind: 'other', title: `Lenke ${n()}` } })),
  R('PATCH', '/plans/{id}/linked-plans/{id}', 'plan', 'update', async ({ p, parts }) => ({ path: `${p}/linked-plans/${parts.linked}`, body: { title: `Lenke ${n()}` }, version: await versionOf(`${p}/linked-plans/${parts.linked}`) })),
  R('DELETE', '/plans/{id}/linked-plans/{id}', 'plan', 'delete', async ({ p }) => { const l = await fresh.linked(p); return { path: `${p}/linked-plans/${l.id}`, version: l.version }; }),
];

// Sends one probe as `role`; answers the response.
async function send(role, m, path, { body, version } = {}) {
  stats.requests += 1;
  const headers = version !== undefined ? { 'If-Match': `"${version}"` } : {};
  return f.h.api(m, path.startsWith('/api/') ? path : V1 + path, { token: f.tokens[role], body, headers });
}

const describe = (role, plan, route, path, want, r) =>
  `${route.m} ${route.route}${route.section ? ` [${route.section}]` : ''} as ${role} on ${plan} (${path}): want ${want}, got ${r.status} ${r.text.slice(0, 160)}`;

// The keys of GET /plans/{id} that belong to each section (security.md): what
// a section an actor may not read must leave out of the answer.
const SECTION_KEYS = {
  goals: ['goals'], measures: ['measures'], evaluations: ['evaluations'], participants: ['participants'],
  consents: ['consents'], resources_needs: ['resources', 'needs', 'owner_contribution', 'next_of_kin_contribution', 'services_contribution'],
};

function checkPlanAnswer(acc, body, problems, where) {
  const want = [...acc.read].sort();
  const got = Array.isArray(body.sections) ? [...body.sections].sort() : body.sections;
  if (JSON.stringify(got) !== JSON.stringify(want)) problems.push(`${where}: sections ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
  for (const [section, keys] of Object.entries(SECTION_KEYS)) {
    for (const k of keys) {
      const present = Object.prototype.hasOwnProperty.call(body, k);
      if (acc.read.includes(section) && !present) problems.push(`${where}: key ${k} missing though ${section} is visible`);
      if (!acc.read.includes(section) && present) problems.push(`${where}: key ${k} present though ${section} is not visible`);
    }
  }
}

// The log of allowed reads, for the access-log check: plan -> [{role, section}].
const reads = {};
// How many probes each actor sent to each plan, by outcome: role -> plan -> {allowed, denied}.
const probed = {};

async function planMatrix(role) {
  const problems = [];
  for (const plan of PLANS) {
    const acc = access(role, plan);
    const parts = f.ids.parts[plan];
    const p = `${V1}/plans/${f.ids.plans[plan]}`;
    for (const route of PLAN_ROUTES) {
      const built = await route.build({ p, parts, role, plan });
      if (!built) continue;
      const want = expected(acc, route);
      const isWrite = route.m !== 'GET';
      const before = isWrite ? (await C.get(p)).revision : null;
      const r = await send(role, route.m, built.path, built);
      stats.probes += 1;
      const count = ((probed[role] ||= {})[plan] ||= { allowed: 0, denied: 0 });
      count[r.status < 400 ? 'allowed' : 'denied'] += 1;
      if (r.status !== want) {
        problems.push(describe(role, plan, route, built.path, want, r));
        continue;
      }
      if (want === 403 || want === 404) {
        // a hidden section of a plan the actor sees says why (security.md "A refusal
        // says why"); a plan she may not see answers as if it did not exist (R5)
        const code = want === 403 ? 'forbidden' : sees(acc) ? 'section_not_consented' : 'not_found';
        if (!r.body || !r.body.error || r.body.error.code !== code) problems.push(`${describe(role, plan, route, built.path, want, r)}: error code is not ${code}`);
        // R5: a refusal says nothing about the plan
        if (want === 404 && /Kari|Nordmann|leilighet|Aktivitetsplan/.test(r.text)) problems.push(`${describe(role, plan, route, built.path, want, r)}: the refusal shows content`);
        if (isWrite) {
          const after = (await C.get(p)).revision;
          if (after !== before) problems.push(`${describe(role, plan, route, built.path, want, r)}: refused, yet the plan's revision went ${before} -> ${after}`);
        }
      }
      if (r.status === 200 && route.m === 'GET') {
        (reads[plan] ||= []).push({ role, section: route.section, route: route.route });
        if (route.route === '/plans/{id}') checkPlanAnswer(acc, r.body, problems, `GET /plans/{id} as ${role} on ${plan}`);
      }
    }
  }
  return problems;
}

for (const role of ROLES) {
  test(`plan routes x consent states as ${role}`, async () => {
    const problems = await planMatrix(role);
    assert.deepEqual(problems, [], `${problems.length} mismatches with docs/security.md:\n${problems.join('\n')}`);
  });
}

test('R6: every probe left one audit entry naming the actor, the plan and the outcome', async () => {
  const problems = [];
  const ke = f.as('ke');
  for (const role of ['nav', 'nav2', 'owner', 'emergency', 'contact']) {
    for (const plan of ['active', 'partial']) {
      const want = { ...probed[role][plan] };
      // and Erik's own POST /plans/{id}/emergency-access when the fixture was built
      if (role === 'emergency' && f.ids.emergency[plan]) want.allowed += 1;
      const items = [];
      let after = '';
      for (let i = 0; i < 50; i++) {
        const page = await ke.get(`/api/v1/audit?plan_id=${f.ids.plans[plan]}&account_id=${f.accounts[role]}&limit=500${after}`);
        items.push(...page.items);
        if (!page.next) break;
        after = `&after=${encodeURIComponent(page.next)}`;
      }
      const got = { allowed: items.filter((x) => x.outcome === 'allowed').length, denied: items.filter((x) => x.outcome === 'denied').length };
      if (got.allowed !== want.allowed || got.denied !== want.denied) problems.push(`${role} on ${plan}: probes ${JSON.stringify(want)}, audit entries ${JSON.stringify(got)}`);
      if (items.some((x) => x.tenant_id !== items[0].tenant_id || !x.request_id || !x.at)) problems.push(`${role} on ${plan}: an entry without tenant, request id or time`);
    }
  }
  assert.deepEqual(problems, [], problems.join('\n'));
});

test('GET /plans lists exactly the plans where the actor has the plan section, with plan-section fields only', async () => {
  const problems = [];
  const ours = new Map(PLANS.map((k) => [f.ids.plans[k], k]));
  for (const role of ROLES) {
    const r = await send(role, 'GET', '/plans?limit=500');
    if (role === 'admin') {
      if (r.status !== 403) problems.push(`GET /plans as admin: want 403, got ${r.status}`);
      continue;
    }
    if (r.status !== 200) { problems.push(`GET /plans as ${role}: want 200, got ${r.status} ${r.text}`); continue; }
    const got = r.body.items.filter((x) => ours.has(x.id)).map((x) => ours.get(x.id)).sort();
    const want = PLANS.filter((k) => access(role, k)).sort();
    if (JSON.stringify(got) !== JSON.stringify(want)) problems.push(`GET /plans as ${role}: lists ${got}, want ${want}`);
    const leaked = r.body.items.filter((x) => !ours.has(x.id) && x.id !== f.ids.other.plan);
    if (role !== 'ke' && leaked.length) problems.push(`GET /plans as ${role}: lists plans outside the fixture ${leaked.map((x) => x.id)}`);
    if (r.body.items.some((x) => x.id === f.ids.other.plan)) problems.push(`GET /plans as ${role}: lists the other tenant's plan`);
    for (const x of r.body.items) {
      for (const k of ['goals', 'measures', 'evaluations', 'participants', 'consents', 'resources', 'needs', 'owner_contribution', 'next_of_kin_contribution', 'services_contribution']) {
        if (k in x) problems.push(`GET /plans as ${role}: item ${x.id} carries ${k}`);
      }
    }
  }
  assert.deepEqual(problems, [], problems.join('\n'));
});

// ---------------------------------------------------------------------------
// Plan transitions: create, activate, close, reopen, appoint the coordinator,
// emergency access. Refusals are probed on the shared plans (nothing
// changes); the allowed ones on plans of their own.
// ---------------------------------------------------------------------------
const TRANSITIONS = [
  ['POST', '/activate', undefined],
  ['POST', '/close', { reason: 'Avsluttes' }],
  ['POST', '/reopen', undefined],
  ['PUT', '/coordinator', { staff_id: 0 /* Sara, filled in below */, reason: 'Bytte' }],
];
// Only the coordinating unit and the coordinator change a plan's state.
const MAY_TRANSITION = ['ke', 'coordinator'];

test('transitions: every other actor is refused (403 on a visible plan, 404 otherwise) and nothing changes', async () => {
  const problems = [];
  for (const role of ROLES.filter((x) => !MAY_TRANSITION.includes(x))) {
    for (const plan of PLANS) {
      const acc = access(role, plan);
      const want = acc === ADMIN ? 403 : acc ? 403 : 404;
      const p = `${V1}/plans/${f.ids.plans[plan]}`;
      const before = await C.get(p);
      for (const [m, suffix, body] of TRANSITIONS) {
        const b = body && 'staff_id' in body ? { ...body, staff_id: f.ids.staff.sara } : body;
        const r = await send(role, m, p + suffix, { body: b });
        stats.probes += 1;
        if (r.status !== want) problems.push(`${m} /plans/{id}${suffix} as ${role} on ${plan}: want ${want}, got ${r.status} ${r.text.slice(0, 160)}`);
      }
      const after = await C.get(p);
      if (after.status !== before.status || after.coordinator_id !== before.coordinator_id || after.revision !== before.revision) {
        problems.push(`transitions as ${role} on ${plan} changed the plan: ${before.status}/${before.coordinator_id}/${before.revision} -> ${after.status}/${after.coordinator_id}/${after.revision}`);
      }
    }
  }
  assert.deepEqual(problems, [], problems.join('\n'));
});

test('transitions: the coordinating unit appoints, activates, closes and reopens; the coordinator activates and closes but does not reopen (R12)', async () => {
  const ke = f.as('ke');
  // the coordinating unit
  let x = await extraPlan(f, { grants: [{ organisation_id: f.ids.org.nav, sections: ['goals'] }] });
  assert.equal((await ke.put(`${x.path}/coordinator`, { staff_id: f.ids.staff.sara, reason: 'Bytte' })).current.staff_id, f.ids.staff.sara);
  assert.equal((await ke.put(`${x.path}/coordinator`, { staff_id: f.ids.staff.ola, reason: 'Tilbake' })).current.staff_id, f.ids.staff.ola);
  assert.equal((await ke.post(`${x.path}/activate`, undefined, 200)).status, 'active');
  assert.equal((await ke.post(`${x.path}/close`, { reason: 'Ferdig' }, 200)).status, 'closed');
  // back to active: the consent is valid and the coordinator in place
  assert.equal((await ke.post(`${x.path}/reopen`, undefined, 200)).status, 'active');
  // the coordinator
  x = await extraPlan(f, { grants: [{ organisation_id: f.ids.org.nav, sections: ['goals'] }] });
  const c = f.as('coordinator');
  assert.equal((await c.post(`${x.path}/activate`, undefined, 200)).status, 'active');
  assert.equal((await c.post(`${x.path}/close`, { reason: 'Ferdig' }, 200)).status, 'closed');
  // R12: only the coordinating unit reopens; for the coordinator a write the access does not allow: 403
  const r = await c.api('POST', `${x.path}/reopen`);
  assert.equal(r.status, 403, r.text);
  assert.equal(r.body.error.code, 'forbidden');
  // activation still needs a valid consent (R1), whoever asks
  for (const state of [{}, { grants: [{ organisation_id: f.ids.org.nav, sections: ['goals'] }], from: '2020-01-01', to: '2021-01-01' }]) {
    x = await extraPlan(f, state);
    const a = await ke.api('POST', `${x.path}/activate`);
    assert.equal(a.status, 409, a.text);
    assert.equal(a.body.error.code, 'r1_consent_missing');
  }
});

test('the coordinator may hand the plan over: the plan section holds the coordinator, and the coordinator writes every section', async () => {
  const x = await extraPlan(f, { grants: [{ organisation_id: f.ids.org.nav, sections: ['goals'] }] });
  const r = await f.as('coordinator').api('PUT', `${x.path}/coordinator`, { body: { staff_id: f.ids.staff.sara, reason: 'Overlevering' } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.current.staff_id, f.ids.staff.sara);
});

test('POST /plans: only the coordinating unit creates plans', async () => {
  const problems = [];
  const ke = f.as('ke');
  for (const role of ROLES) {
    const person = await ke.post('/api/v1/persons', { national_id: freshNid(), given_name: 'Ny', family_name: 'Plan' });
    const want = role === 'ke' ? 201 : 403;
    const r = await send(role, 'POST', '/plans', { body: { person_id: person.id } });
    stats.probes += 1;
    if (r.status !== want) problems.push(`POST /plans as ${role}: want ${want}, got ${r.status} ${r.text.slice(0, 160)}`);
  }
  assert.deepEqual(problems, [], problems.join('\n'));
});

test('emergency access: a reason is required; it opens the crisis plan, measures and group for reading only, and is flagged in the audit log', async () => {
  const nurse = f.as('nurse');
  const p = `${V1}/plans/${f.ids.plans.none}`;
  // before: nothing
  assert.equal((await nurse.api('GET', p)).status, 404);
  let r = await nurse.api('POST', `${p}/emergency-access`, { body: {} });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.body.error.field, 'reason');
  r = await nurse.api('POST', `${p}/emergency-access`, { body: { reason: '' } });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.body.error.field, 'reason');
  assert.equal((await nurse.api('GET', p)).status, 404, 'a refused emergency request opens nothing');
  const t0 = Date.now();
  const ea = await nurse.post(`${p}/emergency-access`, { reason: 'Funnet bevisstløs, trenger kriseplan' });
  assert.equal(ea.plan_id, f.ids.plans.none);
  assert.equal(ea.staff_id, f.ids.staff.nina);
  assert.equal(ea.reason, 'Funnet bevisstløs, trenger kriseplan');
  const minutes = (Date.parse(ea.expires_at) - t0) / 60000;
  assert.ok(minutes > 29 && minutes <= 31, `expires in ${minutes} minutes, want 30`);
  // reads what an acute situation needs, not the owner's goals or consents
  const plan = await nurse.get(p);
  const problems = [];
  checkPlanAnswer(EMERGENCY, plan, problems, 'GET /plans/{id} under emergency access');
  assert.deepEqual(problems, [], problems.join('\n'));
  assert.equal((await nurse.api('GET', `${p}/measures`)).status, 200);
  for (const s of ['goals', 'consents', 'evaluations', 'messages', 'history']) assert.equal((await nurse.api('GET', `${p}/${s}`)).status, 404, s);
  // the audit log flags each read with the reason
  const audit = await f.as('ke').get(`/api/v1/audit?plan_id=${f.ids.plans.none}&account_id=${f.accounts.nurse}&emergency=true&limit=500`);
  assert.ok(audit.items.length >= 2, JSON.stringify(audit));
  assert.ok(audit.items.every((x) => x.emergency === true && x.account_id === f.accounts.nurse && x.plan_id === f.ids.plans.none));
  assert.ok(audit.items.some((x) => x.action === 'read' && x.reason === 'Funnet bevisstløs, trenger kriseplan'), JSON.stringify(audit.items));
  // and the owner (Per) sees it in the access log
  const log = await f.as('otherCitizen').get(`${p}/access-log`);
  assert.ok(log.items.some((x) => x.account_id === f.accounts.nurse && x.emergency === true && x.reason === 'Funnet bevisstløs, trenger kriseplan'), JSON.stringify(log.items));
  // the administrator sees the flag, not the reason
  const adm = await f.as('admin').get(`/api/v1/audit?plan_id=${f.ids.plans.none}&account_id=${f.accounts.nurse}&emergency=true&limit=500`);
  assert.ok(adm.items.length >= 2 && adm.items.every((x) => x.emergency === true && x.reason === null && x.reason_withheld === true), JSON.stringify(adm.items.slice(0, 2)));
  // not for an administrator
  r = await f.h.api('POST', `${p}/emergency-access`, { token: f.tokens.admin, body: { reason: 'x' } });
  assert.equal(r.status, 403, r.text);
  // no writes: the plan is visible, so 403
  r = await nurse.api('POST', `${p}/goals`, { body: { kind: 'main', text: 'x' } });
  assert.equal(r.status, 403, r.text);
});

test('emergency access: municipal health personnel only; no one else learns whether a plan exists', async () => {
  const p = `${V1}/plans/${f.ids.plans.expired}`;
  const none = `${V1}/plans/999999`;
  // a citizen: as if it did not exist; the owner of a plan: 403
  for (const [role, path, want] of [['otherCitizen', p, 404], ['owner', p, 404], ['owner', `${V1}/plans/${f.ids.plans.active}`, 403]]) {
    const r = await send(role, 'POST', `${path}/emergency-access`, { body: { reason: 'Prøver' } });
    assert.equal(r.status, want, `${role}: ${r.text}`);
  }
  // a NAV caseworker outside the group, and a social worker of a municipal unit:
  // not health personnel; an existing plan and one that does not exist answer alike
  const social = await staffMember(f.h, { organisation: f.ids.org.homeNursing, profession: 'social_worker' });
  const nav2 = (m, path) => send('nav2', m, path, { body: { reason: 'Akutt, trenger kriseplanen' } });
  for (const [who, post] of [['nav2', (path) => nav2('POST', `${path}/emergency-access`)], ['social worker', (path) => f.h.api('POST', `${path}/emergency-access`, { token: social.token, body: { reason: 'Akutt' } })]]) {
    const a = await post(p);
    const b = await post(none);
    assert.equal(a.status, 404, `${who}: ${a.text}`);
    assert.deepEqual([a.status, a.body], [b.status, b.body], `${who}: the answers tell the plans apart`);
  }
  assert.equal((await send('nav2', 'GET', p)).status, 404, 'nothing opened');
  // a nurse of the municipality opens it: the acute sections, no writes, and
  // the person (R13: emergency access is a relation, flagged in the audit log)
  const eva = `/persons/${f.ids.person.expired}`;
  assert.equal((await send('leader', 'GET', eva)).status, 404, 'no relation to Eva before');
  const r = await send('leader', 'POST', `${p}/emergency-access`, { body: { reason: 'Akutt, trenger kriseplanen' } });
  assert.equal(r.status, 201, r.text);
  const seenEva = await send('leader', 'GET', eva);
  assert.equal(seenEva.status, 200, seenEva.text);
  const evaAudit = await f.as('ke').get(`/api/v1/audit?account_id=${f.accounts.leader}&emergency=true&limit=500`);
  assert.ok(evaAudit.items.some((x) => x.object === 'person' && x.object_id === f.ids.person.expired && x.role === 'emergency' && x.emergency === true), JSON.stringify(evaAudit.items.slice(0, 3)));
  const found = await send('leader', 'GET', `/persons?q=${encodeURIComponent('Utløpt')}`);
  assert.ok(found.body.items.some((x) => x.id === f.ids.person.expired), 'and finds her in a search');
  const g = await send('leader', 'GET', p);
  assert.equal(g.status, 200, g.text);
  assert.deepEqual([...g.body.sections].sort(), [...EMERGENCY.read].sort());
  const w = await send('leader', 'POST', `${p}/goals`, { body: { kind: 'main', text: 'x' } });
  assert.equal(w.status, 403, w.text);
});

test('representations and contact persons count only while current', async () => {
  const ke = f.as('ke');
  const kari = f.ids.person.kari;
  const plan = `${V1}/plans/${f.ids.plans.active}`;
  const ke2 = f.as('ke2');
  const basis = 'Vergemål: vedtak fra Statsforvalteren 2026/4711';
  for (const [from, to] of [['2098-01-01', '2099-01-01'], ['2020-01-01', addDays(f.today, -1)]]) {
    const a = account(f.h.db, freshUsername('rep'), { role: 'citizen' });
    const rep = await ke.post(`/api/v1/persons/${kari}/representatives`, { account_id: a.accountId, kind: 'guardian', scope: 'act', valid_from: from, valid_to: to, basis });
    assert.equal(rep.pending, true, 'a guardian recorded by staff waits for a second person (R14)');
    await ke2.post(`/api/v1/approvals/${rep.approval_id}/approve`, {}, 200);
    const c = client(f.h, a.token, 'rep');
    assert.equal((await c.api('GET', plan)).status, 404, `a representation ${from}..${to} is not current`);
    assert.equal((await c.api('GET', `/api/v1/persons/${kari}`)).status, 404);
    // made current, it waits for the second person again, then counts on the next request
    const made = await ke.patch(`/api/v1/persons/${kari}/representatives/${rep.id}`, { valid_from: addDays(f.today, -1), valid_to: null }, (await ke.get(`/api/v1/persons/${kari}/representatives/${rep.id}`)).version);
    assert.equal(made.pending, true);
    assert.equal((await c.api('GET', plan)).status, 404, 'a pending representation gives nothing');
    await ke2.post(`/api/v1/approvals/${made.approval_id}/approve`, {}, 200);
    assert.equal((await c.api('GET', plan)).status, 200);
    const cur = await ke.get(`/api/v1/persons/${kari}/representatives/${rep.id}`);
    await ke.del(`/api/v1/persons/${kari}/representatives/${rep.id}`, cur.version);
    assert.equal((await c.api('GET', plan)).status, 404, 'a deleted representation gives nothing');
  }
  // the contact person of a closed case does not see the plan
  const kase = await ke.post('/api/v1/cases', { person_id: f.ids.person.per, title: 'Kort sak', intake_channel: 'phone', intake_date: f.today, urgency: 'low', contact_staff_id: f.ids.staff.sara });
  const sara = f.as('sara');
  const perPlan = `${V1}/plans/${f.ids.plans.none}`;
  const seen = await sara.get(perPlan);
  assert.deepEqual(seen.sections, ['plan']);
  await ke.patch(`/api/v1/cases/${kase.id}`, { status: 'closed' }, kase.version);
  assert.equal((await sara.api('GET', perPlan)).status, 404, 'the contact person of a closed case');
});

// ---------------------------------------------------------------------------
// Ids that do not exist, parts of another plan, another tenant
// ---------------------------------------------------------------------------
test('ids that do not exist and parts addressed under another plan answer 404', async () => {
  const problems = [];
  const check = async (role, m, path, want, opts) => {
    const r = await send(role, m, path, opts);
    stats.probes += 1;
    if (r.status !== want) problems.push(`${m} ${path} as ${role}: want ${want}, got ${r.status} ${r.text.slice(0, 120)}`);
  };
  for (const role of ROLES) {
    const want = role === 'admin' ? 403 : 404;
    await check(role, 'GET', '/plans/999999', want);
    await check(role, 'GET', '/plans/999999/goals', want);
    await check(role, 'POST', '/plans/999999/goals', want, { body: { kind: 'main', text: 'x' } });
    await check(role, 'GET', '/plans/999999/access-log', want);
  }
  const A = f.ids.parts.active;
  const P = f.ids.parts.partial;
  const pa = `/plans/${f.ids.plans.active}`;
  const pp = `/plans/${f.ids.plans.partial}`;
  // the coordinator sees both plans: a part of one is not found under the other
  for (const [kind, id] of [['goals', P.goal], ['measures', P.measure], ['evaluations', P.evaluation], ['participants', P.kin], ['consents', P.consent], ['linked-plans', P.linked]]) {
    await check('coordinator', 'GET', `${pa}/${kind}/${id}`, 404);
    await check('coordinator', 'PATCH', `${pa}/${kind}/${id}`, 404, { body: kind === 'consents' ? { note: 'x' } : kind === 'participants' ? { name: 'x' } : kind === 'linked-plans' ? { title: 'x' } : kind === 'goals' ? { text: 'x' } : kind === 'measures' ? { scope: 'x' } : { outcome: 'x' }, version: 1 });
    await check('coordinator', 'GET', `${pa}/${kind}/999999`, 404);
  }
  for (const kind of ['goals', 'measures', 'evaluations', 'linked-plans']) {
    const id = { goals: P.goal, measures: P.measure, evaluations: P.evaluation, 'linked-plans': P.linked }[kind];
    await check('coordinator', 'DELETE', `${pa}/${kind}/${id}`, 404, { version: 1 });
  }
  await check('coordinator', 'POST', `${pa}/consents/${P.consent}/withdraw`, 404, { body: { reason: 'x' } });
  // NAV sees goals in both: the goal of one under the other is not found
  await check('nav', 'GET', `${pa}/goals/${P.goal}`, 404);
  await check('nav', 'GET', `${pp}/goals/${A.goal}`, 404);
  await check('nav', 'PATCH', `${pp}/goals/${A.goal}`, 404, { body: { text: 'x' }, version: 1 });
  await check('nav', 'GET', `${pa}/goals/999999`, 404);
  // and the owner
  await check('owner', 'GET', `${pa}/goals/${P.goal}`, 404);
  await check('owner', 'GET', `${pa}/evaluations/${P.evaluation}`, 404);
  // persons and cases that do not exist
  for (const role of ROLES) {
    const want = role === 'admin' ? 403 : 404;
    await check(role, 'GET', '/persons/999999', want);
    await check(role, 'GET', '/cases/999999', want);
  }
  assert.deepEqual(problems, [], problems.join('\n'));
});

test('an id from another tenant is never found', async () => {
  const problems = [];
  const o = f.ids.other;
  const check = async (role, m, path, want, opts) => {
    const r = await send(role, m, path, opts);
    stats.probes += 1;
    if (r.status !== want) problems.push(`${m} ${path} as ${role}: want ${want}, got ${r.status} ${r.text.slice(0, 120)}`);
  };
  for (const role of ROLES) {
    const adminKind = role === 'admin' ? 403 : 404; // persons, cases, plans: the administrator is refused outright
    await check(role, 'GET', `/plans/${o.plan}`, adminKind);
    await check(role, 'GET', `/plans/${o.plan}/goals/${o.goal}`, adminKind);
    await check(role, 'POST', `/plans/${o.plan}/goals`, adminKind, { body: { kind: 'main', text: 'x' } });
    await check(role, 'GET', `/persons/${o.person}`, adminKind);
    await check(role, 'GET', `/cases/${o.case}`, adminKind);
    await check(role, 'GET', `/organisations/${o.ke}`, 404);
    await check(role, 'GET', `/staff/${o.keStaff}`, 404);
    await check(role, 'GET', `/memberships/${o.keMembership}`, 404);
  }
  await check('admin', 'PATCH', `/organisations/${o.ke}`, 404, { body: { name: 'x' }, version: 1 });
  await check('admin', 'POST', '/memberships', 422, { body: { staff_id: o.keStaff, organisation_id: f.ids.org.ke, position_percent: 10 } });
  // and the other way round
  const ours = f.ids;
  for (const role of ['otherKe', 'otherCoordinator', 'otherAdmin']) {
    const adminKind = role === 'otherAdmin' ? 403 : 404;
    await check(role, 'GET', `/plans/${ours.plans.active}`, adminKind);
    await check(role, 'GET', `/plans/${ours.plans.active}/goals`, adminKind);
    await check(role, 'GET', `/persons/${ours.person.kari}`, adminKind);
    await check(role, 'GET', `/cases/${ours.case.kari}`, adminKind);
    await check(role, 'GET', `/organisations/${ours.org.nav}`, 404);
    await check(role, 'GET', `/staff/${ours.staff.ola}`, 404);
  }
  const list = await send('otherAdmin', 'GET', '/organisations?limit=500');
  assert.equal(list.status, 200);
  assert.deepEqual(list.body.items.map((x) => x.id).sort(), [o.ke, o.unit].sort());
  assert.deepEqual(problems, [], problems.join('\n'));
});

// ---------------------------------------------------------------------------
// The other objects: organisations, staff, memberships, persons, cases,
// statistics, audit (security.md "Other objects")
// ---------------------------------------------------------------------------
const GROUP = {
  admin: 'admin',
  ke: 'municipal', coordinator: 'municipal', sara: 'municipal', nurse: 'municipal', emergency: 'municipal', leader: 'municipal', contact: 'municipal',
  nav: 'external', nav2: 'external', gp: 'external', dps: 'external',
  owner: 'citizen', representative: 'citizen', repRead: 'citizen', otherCitizen: 'citizen',
};
// Who reads Kari's case (lead: follow-up service, contributing: NAV, contact: Cecilie)
// and Per's (lead: home nursing): the coordinating unit, the contact person, members
// of the lead or contributing municipal units; members of a contributing external
// agency (NAV) only while they take part in a plan of the person whose consent in
// force names them or their agency (Nils in Kari's plan; Nora, also of NAV, takes
// part in none), and they never change it (R15).
const KARI_CASE = ['ke', 'coordinator', 'sara', 'contact', 'nav'];
const PER_CASE = ['ke', 'nurse', 'emergency', 'leader'];
const PARTNERS = ['nav', 'nav2', 'gp', 'dps'];
const caseStatus = (readers, ok) => (role) => (role === 'admin' ? 403 : readers.includes(role) ? ok : 404);
const caseWrite = (readers, ok) => (role) => (readers.includes(role) && PARTNERS.includes(role) ? 403 : caseStatus(readers, ok)(role));

// [method, route, expected status: {admin, municipal, external, citizen, <role>: override} or (role) => status, build]
const O = (m, route, want, build) => ({ m, route, want, build });
const everyStaff = (ok, citizenStatus) => ({ admin: ok, municipal: ok, external: ok, citizen: citizenStatus });
const adminOnly = (ok, citizenStatus) => ({ admin: ok, municipal: 403, external: 403, citizen: citizenStatus });
// persons are need-to-know (R13): the coordinating unit reads and writes every
// person; other municipal staff only those they have a relation to: Kari through
// her plan (Ola coordinates), her case (lead: the follow-up service, Sara's unit)
// and its contact person (Cecilie); Per through his plan (Ola) and his case
// (lead: home nursing, Nina's, Erik's and Lars's unit). The owner reads her own
// person; external partners and other citizens: 404 (collections: 403);
// administrator: 403
const KARI_PERSON = ['ke', 'coordinator', 'sara', 'contact'];
// Erik stated a reason for emergency access to Kari's plan: he reads her person
// record too (R13, flagged), and changes nothing (403)
const KARI_PERSON_READ = [...KARI_PERSON, 'emergency'];
const PER_PERSON = ['ke', 'coordinator', 'nurse', 'emergency', 'leader'];
const personStatus = (readers, ok, ownerStatus) => (role) => {
  if (role === 'admin') return 403;
  if (GROUP[role] === 'municipal') return readers.includes(role) ? ok : 404;
  return role === ownerStatus[0] ? ownerStatus[1] : 404;
};
const personRead = personStatus(KARI_PERSON_READ, 200, ['owner', 200]);
// (security.md does not say how the owner's own writes are refused; the server answers 404)
const personWrite = (ok) => (role) => (role === 'emergency' ? 403 : personStatus(KARI_PERSON, ok, ['owner', 404])(role));
// representatives (R14): the coordinating unit and the owner; related staff 403
const repWrite = (ok) => (role) => (role === 'ke' || role === 'owner' ? ok : KARI_PERSON_READ.includes(role) ? 403 : personWrite(ok)(role));

let dummyAccount;
const kari = () => `/persons/${f.ids.person.kari}`;
const OBJECT_ROUTES = [
  O('GET', '/me', everyStaff(200, 200), () => ({ path: '/me' })),
  // organisations, staff, memberships: read by every staff member and the administrator; written by the administrator
  O('GET', '/organisations', everyStaff(200, 403), () => ({ path: '/organisations' })),
  O('GET', '/organisations/{id}', everyStaff(200, 404), () => ({ path: `/organisations/${f.ids.org.nav}` })),
  O('POST', '/organisations', adminOnly(201, 403), () => ({ path: '/organisations', body: { name: `Enhet ${n()}`, kind: 'team', level: 'municipal' } })),
  O('PATCH', '/organisations/{id}', adminOnly(200, 404), async () => ({ path: `/organisations/${f.ids.org.allocation}`, body: { short_name: `T${n()}` }, version: (await f.as('admin').get(`/api/v1/organisations/${f.ids.org.allocation}`)).version })),
  O('GET', '/staff', everyStaff(200, 403), () => ({ path: '/staff' })),
  O('GET', '/staff/{id}', everyStaff(200, 404), () => ({ path: `/staff/${f.ids.staff.ola}` })),
  O('GET', '/staff/{id}/memberships', everyStaff(200, 404), () => ({ path: `/staff/${f.ids.staff.ola}/memberships` })),
  O('POST', '/staff', adminOnly(201, 403), () => ({ path: '/staff', body: { given_name: 'Ny', family_name: `Ansatt${n()}`, profession: 'other' } })),
  O('PATCH', '/staff/{id}', adminOnly(200, 404), async () => ({ path: `/staff/${f.ids.staff.sara}`, body: { family_name: `Berg${n()}` }, version: (await f.as('admin').get(`/api/v1/staff/${f.ids.staff.sara}`)).version })),
  O('GET', '/memberships', everyStaff(200, 403), () => ({ path: '/memberships' })),
  O('GET', '/memberships/{id}', everyStaff(200, 404), () => ({ path: `/memberships/${f.ids.membership.ola}` })),
  O('POST', '/memberships', adminOnly(201, 403), async () => {
    const s = await f.as('admin').post('/api/v1/staff', { given_name: 'Midlertidig', family_name: `Ansatt${n()}`, profession: 'other' });
    return { path: '/memberships', body: { staff_id: s.id, organisation_id: f.ids.org.allocation, position_percent: 20 } };
  }),
  O('PATCH', '/memberships/{id}', adminOnly(200, 404), async () => ({ path: `/memberships/${f.ids.membership.sara}`, body: { role: `Rolle ${n()}` }, version: (await f.as('admin').get(`/api/v1/memberships/${f.ids.membership.sara}`)).version })),
  O('DELETE', '/memberships/{id}', adminOnly(204, 404), async () => {
    const s = await f.as('admin').post('/api/v1/staff', { given_name: 'Midlertidig', family_name: `Ansatt${n()}`, profession: 'other' });
    const m = await f.as('admin').post('/api/v1/memberships', { staff_id: s.id, organisation_id: f.ids.org.allocation, position_percent: 20 });
    return { path: `/memberships/${m.id}`, version: m.version };
  }),
  // accounts: the administrator only (staff 403, citizens 404 for an id); `active` false off-boards
  // (offboarding.test.mjs), so each probe deactivates an account or staff member made for it
  O('GET', '/accounts', adminOnly(200, 403), () => ({ path: '/accounts' })),
  O('GET', '/accounts/{id}', adminOnly(200, 404), () => ({ path: `/accounts/${dummyAccount}` })),
  O('PATCH', '/accounts/{id}', adminOnly(200, 404), async () => {
    const a = account(f.h.db, freshUsername('avgang'), { role: 'citizen' });
    return { path: `/accounts/${a.accountId}`, body: { active: false }, version: (await f.as('admin').get(`/api/v1/accounts/${a.accountId}`)).version };
  }),
  O('PATCH', '/staff/{id} (active: false)', adminOnly(200, 404), async () => {
    const s = await f.as('admin').post('/api/v1/staff', { given_name: 'Slutter', family_name: `Ansatt${n()}`, profession: 'other' });
    return { path: `/staff/${s.id}`, body: { active: false }, version: s.version };
  }),
  // persons and their addresses, next of kin, representatives
  O('GET', '/persons', { admin: 403, municipal: 200, external: 403, citizen: 403 }, () => ({ path: '/persons' })),
  // a person is registered by the units that receive requests and the coordinating unit
  O('POST', '/persons', { admin: 403, municipal: 403, ke: 201, external: 403, citizen: 403 }, () => ({ path: '/persons', body: { national_id: freshNid(), given_name: 'Ny', family_name: 'Person' } })),
  O('GET', '/persons/{id}', personRead, () => ({ path: kari() })),
  O('GET', '/persons/{id} (Per)', personStatus(PER_PERSON, 200, ['otherCitizen', 200]), () => ({ path: `/persons/${f.ids.person.per}` })),
  O('PATCH', '/persons/{id}', personWrite(200), async () => ({ path: kari(), body: { phone: `+47 400 00 ${String(n()).padStart(3, '0')}` }, version: (await C.get(`/api/v1${kari()}`)).version })),
  O('GET', '/persons/{id}/addresses', personRead, () => ({ path: `${kari()}/addresses` })),
  O('POST', '/persons/{id}/addresses', personWrite(201), () => ({ path: `${kari()}/addresses`, body: { street: `Nygata ${n()}` } })),
  O('GET', '/persons/{id}/addresses/{id}', personRead, async () => ({ path: `${kari()}/addresses/${(await C.get(`/api/v1${kari()}/addresses`)).items[0].id}` })),
  O('PATCH', '/persons/{id}/addresses/{id}', personWrite(200), async () => {
    const a = (await C.get(`/api/v1${kari()}/addresses`)).items[0];
    return { path: `${kari()}/addresses/${a.id}`, body: { city: `Fjordvik ${n()}` }, version: a.version };
  }),
  O('DELETE', '/persons/{id}/addresses/{id}', personWrite(204), async () => {
    const a = await C.post(`/api/v1${kari()}/addresses`, { street: 'Til sletting 1' });
    return { path: `${kari()}/addresses/${a.id}`, version: a.version };
  }),
  O('GET', '/persons/{id}/next-of-kin', personRead, () => ({ path: `${kari()}/next-of-kin` })),
  O('POST', '/persons/{id}/next-of-kin', personWrite(201), () => ({ path: `${kari()}/next-of-kin`, body: { name: `Venn ${n()}`, relation: 'friend' } })),
  O('GET', '/persons/{id}/next-of-kin/{id}', personRead, async () => ({ path: `${kari()}/next-of-kin/${(await C.get(`/api/v1${kari()}/next-of-kin`)).items[0].id}` })),
  O('PATCH', '/persons/{id}/next-of-kin/{id}', personWrite(200), async () => {
    const k = (await C.get(`/api/v1${kari()}/next-of-kin`)).items[0];
    return { path: `${kari()}/next-of-kin/${k.id}`, body: { phone: `9${n()}` }, version: k.version };
  }),
  O('DELETE', '/persons/{id}/next-of-kin/{id}', personWrite(204), async () => {
    const k = await C.post(`/api/v1${kari()}/next-of-kin`, { name: 'Til sletting', relation: 'other' });
    return { path: `${kari()}/next-of-kin/${k.id}`, version: k.version };
  }),
  // representations made here start in 2098, so that no probe makes anyone a representative today
  O('GET', '/persons/{id}/representatives', personRead, () => ({ path: `${kari()}/representatives` })),
  // representatives are recorded by the roles that keep the person register
  // (the coordinating unit; intake units) from a documented basis, pending a
  // second person (R14), and by the owner herself (her own authorisation);
  // staff related to her see them but are refused
  O('POST', '/persons/{id}/representatives', repWrite(201), (role) => ({ path: `${kari()}/representatives`, body: { account_id: dummyAccount, kind: 'authorised', scope: 'read', valid_from: '2098-01-01', valid_to: '2099-01-01', ...(role === 'owner' ? {} : { basis: 'Skriftlig fullmakt' }) } })),
  O('GET', '/persons/{id}/representatives/{id}', personRead, () => ({ path: `${kari()}/representatives/${f.ids.representative.lise}` })),
  O('PATCH', '/persons/{id}/representatives/{id}', repWrite(200), async () => {
    const r = await f.as('owner').post(`/api/v1${kari()}/representatives`, { account_id: dummyAccount, kind: 'authorised', scope: 'read', valid_from: '2098-01-01', valid_to: '2099-01-01' });
    return { path: `${kari()}/representatives/${r.id}`, body: { valid_to: '2099-06-01', basis: 'Skriftlig fullmakt' }, version: r.version };
  }),
  O('DELETE', '/persons/{id}/representatives/{id}', repWrite(204), async () => {
    const r = await f.as('owner').post(`/api/v1${kari()}/representatives`, { account_id: dummyAccount, kind: 'authorised', scope: 'read', valid_from: '2098-01-01', valid_to: '2099-01-01' });
    return { path: `${kari()}/representatives/${r.id}`, version: r.version };
  }),
  // protected persons (R16): the coordinating unit keeps the register code and the address
  // access list; the contact person of an open case sets the municipal flag and keeps the
  // list of a person without a register code; the person reads her own list. The probes
  // leave Kari unprotected (a code set to null; names that start in 2098).
  O('PATCH', '/persons/{id}/protection (flag)', personStatus(['ke', 'contact'], 200, ['owner', 404]), async () => {
    const p = await protectedPerson();
    return { path: `/persons/${p.id}/protection`, body: { protection_flag: 'municipal', protection_reason: 'Trusler' }, version: p.version };
  }),
  O('PATCH', '/persons/{id}/protection (code)', (role) => (['coordinator', 'sara', 'contact', 'emergency'].includes(role) ? 403 : personWrite(200)(role)),
    async () => ({ path: `${kari()}/protection`, body: { protection_code: null }, version: (await C.get(`/api/v1${kari()}`)).version })),
  O('GET', '/persons/{id}/address-access', namedList(200, 200), () => ({ path: `${kari()}/address-access` })),
  O('POST', '/persons/{id}/address-access', namedList(201, 404), () => ({ path: `${kari()}/address-access`, body: { staff_id: f.ids.staff.sara, reason: `Probe ${n()}`, valid_from: '2098-01-01' } })),
  O('GET', '/persons/{id}/address-access/{id}', namedList(200, 200), async () => ({ path: `${kari()}/address-access/${(await namedGrant()).id}` })),
  O('PATCH', '/persons/{id}/address-access/{id}', namedList(200, 404), async () => {
    const g = await namedGrant();
    return { path: `${kari()}/address-access/${g.id}`, body: { reason: `Endret ${n()}` }, version: g.version };
  }),
  // cases: the coordinating unit, the contact person, members of the lead or contributing units
  O('GET', '/cases', { admin: 403, municipal: 200, external: 403, citizen: 403 }, () => ({ path: '/cases' })),
  O('POST', '/cases', { admin: 403, municipal: 201, external: 403, citizen: 403 }, () => ({ path: '/cases', body: { person_id: f.ids.person.kari, title: `Sak ${n()}`, intake_channel: 'walk_in', intake_date: f.today, urgency: 'low' } })),
  O('GET', '/cases/{id} (Kari)', caseStatus(KARI_CASE, 200), () => ({ path: `/cases/${f.ids.case.kari}` })),
  O('GET', '/cases/{id} (Per)', caseStatus(PER_CASE, 200), () => ({ path: `/cases/${f.ids.case.per}` })),
  O('GET', '/cases/{id}/contact', caseStatus(KARI_CASE, 200), () => ({ path: `/cases/${f.ids.case.kari}/contact` })),
  O('PATCH', '/cases/{id}', caseWrite(KARI_CASE, 200), async () => {
    const c = await freshKariCase();
    return { path: `/cases/${c.id}`, body: { urgency: 'high' }, version: c.version };
  }),
  // naming Sara: in force at once, except when Sara names herself (R14: 202, a
  // request the coordinating unit approves; case_history.test.mjs)
  O('PUT', '/cases/{id}/contact', (role) => (role === 'sara' ? 202 : caseWrite(KARI_CASE, 200)(role)), async () => {
    const c = await freshKariCase();
    return { path: `/cases/${c.id}/contact`, body: { staff_id: f.ids.staff.sara, reason: 'Ny kontaktperson' }, version: c.version };
  }),
  O('GET', '/cases/{id}/history', caseStatus(KARI_CASE, 200), () => ({ path: `/cases/${f.ids.case.kari}/history` })),
  // statistics: leaders, the coordinating unit, the administrator; the audit log: the coordinating unit, the administrator
  O('GET', '/statistics', (role) => (['admin', 'ke', 'leader'].includes(role) ? 200 : 403), () => ({ path: '/statistics' })),
  // whom to appoint coordinator, with their load: read as the statistics are
  O('GET', '/coordinators', (role) => (['admin', 'ke', 'leader'].includes(role) ? 200 : 403), () => ({ path: '/coordinators' })),
  O('GET', '/audit', (role) => (['admin', 'ke'].includes(role) ? 200 : 403), () => ({ path: '/audit?limit=10' })),
  // the worklist: every staff member's own (what it holds is filtered item by item: worklist.test.mjs)
  O('GET', '/worklist', (role) => (['municipal', 'external'].includes(GROUP[role]) ? 200 : 403), () => ({ path: '/worklist' })),
];

// A person with an open case whose contact person is Cecilie (her unit, the
// allocation office, leads it): seen by the coordinating unit and Cecilie.
async function protectedPerson() {
  const ke = f.as('ke');
  const p = await ke.post('/api/v1/persons', { national_id: freshNid(), given_name: 'Skjermet', family_name: `Person${n()}` });
  await ke.post('/api/v1/cases', { person_id: p.id, title: 'Trusler', intake_channel: 'phone', intake_date: f.today, urgency: 'high', lead_organisation_id: f.ids.org.allocation, contact_staff_id: f.ids.staff.cecilie });
  return p;
}
// Kari's address access list: kept by the coordinating unit and her contact person
// (Kari has no register code), read by them and Kari; other staff who see her: 403
function namedList(ok, ownerStatus) {
  return (role) => (['coordinator', 'sara', 'emergency'].includes(role) ? 403 : role === 'contact' ? ok : personStatus(KARI_PERSON, ok, ['owner', ownerStatus])(role));
}
let matrixGrant;
async function namedGrant() {
  matrixGrant = matrixGrant || await f.as('ke').post(`/api/v1${kari()}/address-access`, { staff_id: f.ids.staff.nina, reason: 'Matrise', valid_from: '2098-01-01' });
  return f.as('ke').get(`/api/v1${kari()}/address-access/${matrixGrant.id}`);
}

// A case like Kari's, made by the coordinating unit, for probes that change it.
async function freshKariCase() {
  return f.as('ke').post('/api/v1/cases', {
    person_id: f.ids.person.kari, title: 'Kopi av Karis sak', intake_channel: 'application', intake_date: f.today, urgency: 'normal',
    lead_organisation_id: f.ids.org.followUp, contributing_organisation_ids: [f.ids.org.nav], contact_staff_id: f.ids.staff.cecilie,
  });
}

function objectWant(route, role) {
  if (typeof route.want === 'function') return route.want(role);
  return role in route.want ? route.want[role] : route.want[GROUP[role]];
}

test('other objects x every actor', async () => {
  dummyAccount = account(f.h.db, freshUsername('dummy'), { role: 'citizen' }).accountId;
  const problems = [];
  for (const route of OBJECT_ROUTES) {
    for (const role of ROLES) {
      const built = await route.build(role);
      const want = objectWant(route, role);
      const r = await send(role, route.m, built.path, built);
      stats.probes += 1;
      if (r.status !== want) problems.push(`${route.m} ${route.route} as ${role}: want ${want}, got ${r.status} ${r.text.slice(0, 160)}`);
      else if (want === 403 && r.body?.error?.code !== 'forbidden') problems.push(`${route.m} ${route.route} as ${role}: 403 without code forbidden: ${r.text}`);
      else if (want === 404 && r.body?.error?.code !== 'not_found') problems.push(`${route.m} ${route.route} as ${role}: 404 without code not_found: ${r.text}`);
    }
  }
  assert.deepEqual(problems, [], `${problems.length} mismatches with docs/security.md:\n${problems.join('\n')}`);
});

test('GET /cases lists only the cases the actor may read', async () => {
  const problems = [];
  for (const role of ROLES.filter((x) => GROUP[x] === 'municipal')) {
    const r = await send(role, 'GET', '/cases?limit=500');
    const got = r.body.items.map((x) => x.id);
    for (const [key, readers] of [['kari', KARI_CASE], ['per', PER_CASE]]) {
      if (got.includes(f.ids.case[key]) !== readers.includes(role)) problems.push(`GET /cases as ${role}: ${key}'s case ${got.includes(f.ids.case[key]) ? 'listed' : 'missing'}`);
    }
    if (got.includes(f.ids.other.case)) problems.push(`GET /cases as ${role}: lists the other tenant's case`);
  }
  assert.deepEqual(problems, [], problems.join('\n'));
});

test('a partner reads a case only under consent; the registering account keeps her own report', async () => {
  // a case of a new person whose plan gives NAV a consent, NAV contributing
  const x = await extraPlan(f, { grants: [{ organisation_id: f.ids.org.nav, sections: ['goals'] }] });
  const ke = f.as('ke');
  const kase = await ke.post('/api/v1/cases', { person_id: x.person, title: 'Sak med NAV', description: 'Helseopplysninger', intake_channel: 'phone', intake_date: f.today, urgency: 'normal', lead_organisation_id: f.ids.org.followUp, contributing_organisation_ids: [f.ids.org.nav] });
  const path = `/cases/${kase.id}`;
  assert.equal((await send('nav', 'GET', path)).status, 200, 'NAV reads under the consent');
  assert.equal((await send('nav', 'PATCH', path, { body: { urgency: 'acute', description: 'Overskrevet' }, version: kase.version })).status, 403, 'R15');
  assert.equal((await send('nav', 'PUT', `${path}/contact`, { body: { staff_id: f.ids.staff.nils } })).status, 403, 'R15: no partner makes herself contact person');
  const w = await send('coordinator', 'POST', `/plans/${x.id}/consents/${x.consent}/withdraw`, { body: { reason: 'Trukket' } });
  assert.equal(w.status, 200, w.text);
  const after = await send('nav', 'GET', path);
  assert.equal(after.status, 404, 'the next read after the withdrawal finds nothing');
  assert.ok(!after.text.includes('Helseopplysninger'));
  // Nina (home nursing, no relation to the person) registers a worry report:
  // she reads what she made, changes nothing, and lists it only by id
  const report = await send('nurse', 'POST', '/cases', { body: { person_id: x.person, title: 'Bekymringsmelding', intake_channel: 'worry_report', intake_date: f.today, urgency: 'high', lead_organisation_id: f.ids.org.followUp } });
  assert.equal(report.status, 201, report.text);
  assert.equal((await send('nurse', 'GET', `/cases/${report.body.id}`)).status, 200, 'her own report');
  assert.equal((await send('nurse', 'PATCH', `/cases/${report.body.id}`, { body: { urgency: 'low' }, version: report.body.version })).status, 403);
  assert.equal((await send('emergency', 'GET', `/cases/${report.body.id}`)).status, 404, 'not her colleague');
});

test('GET /persons finds only the persons the actor may read (R13), by every criterion', async () => {
  const problems = [];
  const kariP = await C.get(`/api/v1/persons/${f.ids.person.kari}`);
  const perP = await C.get(`/api/v1/persons/${f.ids.person.per}`);
  for (const role of ROLES.filter((x) => GROUP[x] === 'municipal')) {
    for (const [who, p, readers] of [['kari', kariP, KARI_PERSON_READ], ['per', perP, PER_PERSON]]) {
      const queries = ['limit=500', `q=${encodeURIComponent(p.given_name)}`, `q=${encodeURIComponent(p.family_name)}`, `national_id=${p.national_id}`, `q=${p.national_id}`];
      for (const query of queries) {
        const r = await send(role, 'GET', `/persons?${query}`);
        if (r.status !== 200) { problems.push(`GET /persons?${query} as ${role}: ${r.status}`); continue; }
        const found = r.body.items.some((x) => x.id === p.id);
        if (found !== readers.includes(role)) problems.push(`GET /persons?${query} as ${role}: ${who} ${found ? 'found' : 'missing'}`);
        if (r.body.items.some((x) => x.id === f.ids.other.person)) problems.push(`GET /persons?${query} as ${role}: the other tenant's person`);
      }
    }
  }
  assert.deepEqual(problems, [], problems.join('\n'));
});

test('GET /me names every role the actor has', async () => {
  const o = f.ids.org;
  // [required roles {role, organisation_id}], [roles that may also be named]
  const ROLES_OF = {
    admin: [[['administrator']], []],
    ke: [[['coordinating_unit', o.ke]], []],
    coordinator: [[['staff', o.followUp]], ['coordinator']],
    sara: [[['staff', o.followUp]], ['coordinator', 'contact_person']], // the hand-over test made her coordinator of a plan, the contact probes contact person of some cases
    nurse: [[['staff', o.homeNursing]], []],
    emergency: [[['staff', o.homeNursing]], []],
    leader: [[['staff', o.homeNursing], ['leader', o.homeNursing]], []],
    contact: [[['staff', o.allocation]], ['contact_person']],
    nav: [[['external_partner', o.nav]], []],
    nav2: [[['external_partner', o.nav]], []],
    gp: [[['external_partner', o.gpOffice]], []],
    dps: [[['external_partner', o.dps]], []],
    owner: [[['owner']], []],
    representative: [[['representative']], ['owner']], // owner: of her own person record
    repRead: [[['representative']], ['owner']],
    otherCitizen: [[['owner']], []],
  };
  const problems = [];
  for (const [role, scope] of [['representative', 'act'], ['repRead', 'read']]) {
    const me = (await send(role, 'GET', '/me')).body;
    if (!me.roles.some((x) => x.role === 'representative' && x.person_id === f.ids.person.kari && x.scope === scope)) problems.push(`${role}: /me does not name Kari with scope ${scope}: ${JSON.stringify(me.roles)}`);
  }
  for (const role of ROLES) {
    const me = (await send(role, 'GET', '/me')).body;
    const [required, optional] = ROLES_OF[role];
    if (!Array.isArray(me.roles)) { problems.push(`${role}: no roles in ${JSON.stringify(me)}`); continue; }
    for (const [name, org] of required) {
      if (!me.roles.some((x) => x.role === name && (org === undefined || x.organisation_id === org))) problems.push(`${role}: /me lacks ${name}${org ? ` in ${org}` : ''}: ${JSON.stringify(me.roles)}`);
    }
    for (const x of me.roles) {
      if (!required.some(([name]) => name === x.role) && !optional.includes(x.role)) problems.push(`${role}: /me names ${x.role} it does not have: ${JSON.stringify(me.roles)}`);
    }
  }
  assert.deepEqual(problems, [], problems.join('\n'));
});

// ---------------------------------------------------------------------------
// R4: withdrawal and expiry take effect on the next request; so do leaving
// the group and the end of a membership
// ---------------------------------------------------------------------------
test('R4: withdrawal, expiry, leaving the group and the end of a membership take effect on the next request', async () => {
  const nav = f.as('nav');
  const c = f.as('coordinator');
  const grants = [{ organisation_id: f.ids.org.nav, sections: ['goals', 'measures'] }];
  // withdrawal
  let x = await extraPlan(f, { grants });
  assert.equal((await nav.api('GET', `${x.path}/goals`)).status, 200);
  await c.post(`${x.path}/consents/${x.consent}/withdraw`, { reason: 'Trukket' }, 200);
  for (const path of [x.path, `${x.path}/goals`, `${x.path}/measures/${x.measure}`]) assert.equal((await nav.api('GET', path)).status, 404, path);
  // expiry: the consent's end moved to yesterday
  x = await extraPlan(f, { grants, from: '2020-01-01' });
  assert.equal((await nav.api('GET', `${x.path}/goals`)).status, 200);
  const cons = await c.get(`${x.path}/consents/${x.consent}`);
  await c.patch(`${x.path}/consents/${x.consent}`, { valid_to: addDays(f.today, -1) }, cons.version);
  assert.equal((await c.get(`${x.path}/consents/${x.consent}`)).state, 'expired');
  assert.equal((await nav.api('GET', `${x.path}/goals`)).status, 404);
  assert.equal((await nav.api('GET', x.path)).status, 404);
  // a consent ending today still holds today
  x = await extraPlan(f, { grants, from: '2020-01-01', to: f.today });
  assert.equal((await nav.api('GET', `${x.path}/goals`)).status, 200);
  // leaving the group
  x = await extraPlan(f, { grants });
  const part = await c.get(`${x.path}/participants/${x.participants.nils}`);
  await c.patch(`${x.path}/participants/${x.participants.nils}`, { left_on: f.today }, part.version);
  assert.equal((await nav.api('GET', x.path)).status, 404, 'left_on today: no longer a current participant');
  // a participant whose joined_on is in the future is not current yet
  x = await extraPlan(f, { grants, participants: [] });
  await c.post(`${x.path}/participants`, { staff_id: f.ids.staff.nils, organisation_id: f.ids.org.nav, role: 'nav', joined_on: addDays(f.today, 1) });
  assert.equal((await nav.api('GET', x.path)).status, 404, 'joined_on tomorrow');
  // the end of a membership: a new NAV caseworker whose membership ends
  const admin = f.as('admin');
  const s = await admin.post('/api/v1/staff', { given_name: 'Kortvarig', family_name: 'Navesen', profession: 'nav_advisor' });
  const m = await admin.post('/api/v1/memberships', { staff_id: s.id, organisation_id: f.ids.org.nav, position_percent: 100, valid_from: addDays(f.today, -30) });
  const a = account(f.h.db, freshUsername('kortvarig'), { staffId: s.id });
  const tmp = client(f.h, a.token, 'kortvarig');
  x = await extraPlan(f, { grants, participants: [] });
  await c.post(`${x.path}/participants`, { staff_id: s.id, organisation_id: f.ids.org.nav, role: 'nav' });
  assert.equal((await tmp.api('GET', `${x.path}/goals`)).status, 200);
  await admin.patch(`/api/v1/memberships/${m.id}`, { valid_to: addDays(f.today, -1) }, m.version);
  assert.equal((await tmp.api('GET', x.path)).status, 404, 'a grant to NAV needs a current NAV membership');
});

test('the owner\'s access log shows every allowed read of the plan, and only those', async () => {
  const plan = 'active';
  const p = `${V1}/plans/${f.ids.plans[plan]}/access-log`;
  const items = [];
  let after = '';
  for (let i = 0; i < 100; i++) {
    const page = await f.as('owner').get(`${p}?limit=500${after}`);
    items.push(...page.items);
    if (!page.next) break;
    after = `&after=${encodeURIComponent(page.next)}`;
  }
  const problems = [];
  const readers = new Set();
  for (const { role, section, route } of reads[plan] || []) {
    readers.add(role);
    const acct = f.accounts[role];
    if (!items.some((x) => x.account_id === acct)) problems.push(`${role} read ${route} but is not in the access log`);
    else if (section && section !== 'plan' && section !== 'access_log' && !items.some((x) => x.account_id === acct && x.section === section)) problems.push(`${role} read ${route} (${section}) but no entry names that section`);
  }
  // the emergency reads carry the flag and the reason
  const em = items.filter((x) => x.account_id === f.accounts.emergency);
  if (!em.length || !em.every((x) => x.emergency === true && x.reason === 'Akutt innleggelse, trenger kriseplanen')) problems.push(`emergency reads not flagged with the reason: ${JSON.stringify(em.slice(0, 3))}`);
  // an entry names the reader
  const nils = items.find((x) => x.account_id === f.accounts.nav);
  if (!nils || nils.staff_id !== f.ids.staff.nils || nils.organisation_id !== f.ids.org.nav || !/Nils/.test(nils.name || '') || !nils.organisation) problems.push(`NAV's entry does not name the reader: ${JSON.stringify(nils)}`);
  // those who read nothing are not in it
  for (const role of ['sara', 'nurse', 'nav2', 'leader', 'otherCitizen', 'admin']) {
    if (readers.has(role)) continue;
    if (items.some((x) => x.account_id === f.accounts[role])) problems.push(`${role} read nothing of the plan but is in the access log`);
  }
  assert.deepEqual(problems, [], problems.join('\n'));
});

// ---------------------------------------------------------------------------
// Four eyes: the approvals (security.md "Four eyes", R14). Administrators list
// and decide the requests about memberships; the coordinating unit those about
// representatives, coordinators and emergency access to protected persons;
// nobody decides her own request (403 four_eyes). Each probe asks a request of
// its own, as the fixture's roles would, so no probe depends on another:
//   representative  a guardian of Kari from a documented basis, recorded by
//                   Kine (ke) or Knut (ke2, the coordinating unit's second
//                   member), starting in 2098 (an approval opens nothing today)
//   membership      of the coordinating unit, recorded by the administrator or
//                   a second administrator, for a staff member without an account
//   coordinator     Kine or Knut appointing themselves coordinator of a plan of its own
//   emergency       Nina (home nursing) asking for emergency access to the plan
//                   of a protected person, a plan of its own
// ask[kind](who) answers the approval's id and state(): 'in force', 'waiting'
// (pending) or 'gone' (refused); a relation with no record of its own while
// it waits (coordinator, emergency) is 'in force' or 'not in force'.
// ---------------------------------------------------------------------------
let admin2Client; // a second administrator, made with the CLI as fixture.mjs does
const admin2 = () => (admin2Client ||= client(f.h, account(f.h.db, freshUsername('admin2'), { role: 'admin' }).token, 'admin2'));
const asker = (who) => (who === 'admin2' ? admin2() : f.as(who));
// the second person, for a request `who` asked
const secondPerson = (who) => ({ ke: f.as('ke2'), admin: admin2(), admin2: f.as('admin') }[who] || f.as('ke'));
const pendingState = (r) => (r.status === 404 ? 'gone' : r.body.pending === true ? 'waiting' : r.body.pending === false ? 'in force' : `${r.status} ${r.text.slice(0, 80)}`);
let guardianAccount;
const ask = {
  representative: async (who) => {
    guardianAccount ||= account(f.h.db, freshUsername('verge'), { role: 'citizen' }).accountId;
    const rep = await asker(who).post(`${V1}${kari()}/representatives`, { account_id: guardianAccount, kind: 'guardian', scope: 'read', valid_from: '2098-01-01', valid_to: '2099-01-01', basis: 'Vergemål: vedtak fra Statsforvalteren 2026/4711' });
    return { id: rep.approval_id, state: async () => pendingState(await f.as('ke').api('GET', `${V1}${kari()}/representatives/${rep.id}`)) };
  },
  membership: async (who) => {
    const s = await asker(who).post(`${V1}/staff`, { given_name: 'Ny', family_name: `Koordinator${n()}`, profession: 'nurse' });
    const m = await asker(who).post(`${V1}/memberships`, { staff_id: s.id, organisation_id: f.ids.org.ke, position_percent: 100 });
    return { id: m.approval_id, state: async () => pendingState(await f.as('admin').api('GET', `${V1}/memberships/${m.id}`)) };
  },
  coordinator: async (who) => {
    const x = await ownPlan();
    const staff = f.ids.staff[who === 'ke2' ? 'knut' : STAFF_OF[who]];
    const ap = await asker(who).put(`${x.path}/coordinator`, { staff_id: staff, reason: 'Tar planen selv' }, 202);
    return { id: ap.id, state: async () => ((await f.as('ke').get(x.path)).coordinator_id === staff ? 'in force' : 'not in force') };
  },
  emergency: async (who) => {
    const x = await protectedPlan();
    const ap = await asker(who).post(`${x.path}/emergency-access`, { reason: 'Funnet bevisstløs hjemme' }, 202);
    return { id: ap.id, state: async () => (await emergencyReads(x, who) ? 'in force' : 'not in force') };
  },
};
const DECIDES = { membership: 'admin', representative: 'ke', coordinator: 'ke', emergency: 'ke' };

const APPROVAL_ROUTES = [
  { m: 'GET', route: '/approvals' },
  ...[['representative', 'ke'], ['membership', 'admin'], ['coordinator', 'ke'], ['emergency', 'nurse']]
    .map(([kind, askedBy]) => ({ m: 'GET', route: `/approvals/{id} (${kind})`, kind, askedBy })),
  ...['approve', 'refuse'].flatMap((action) => [['representative', 'ke2'], ['representative', 'ke'], ['membership', 'admin2'], ['membership', 'admin'], ['coordinator', 'ke2'], ['coordinator', 'ke'], ['emergency', 'nurse']]
    .map(([kind, askedBy]) => ({ m: 'POST', route: `/approvals/{id}/${action} (${kind}, asked by ${askedBy})`, kind, askedBy, action }))),
];

// [status, error code]: the role that decides the kind 200, or 403 four_eyes
// for a decision on her own request; the role that decides the other kinds:
// as if it did not exist (404); other staff (the nurse who asked included) 403;
// citizens: the owner reads (and lists) the requests about her (R14: flagged to
// her) and decides none (403); others 404 (an id)
const CITIZEN_PERSON = { owner: 'kari', otherCitizen: 'per', representative: 'lise', repRead: 'tor' };
function approvalWant(row, role, about) {
  if (!row.kind) return ['admin', 'ke'].includes(role) || GROUP[role] === 'citizen' ? [200] : [403, 'forbidden'];
  if (role === DECIDES[row.kind]) return row.action && row.askedBy === role ? [403, 'four_eyes'] : [200];
  if (role === 'admin' || role === 'ke') return [404, 'not_found'];
  if (GROUP[role] === 'citizen') return about === f.ids.person[CITIZEN_PERSON[role]] ? (row.action ? [403, 'forbidden'] : [200]) : [404, 'not_found'];
  return [403, 'forbidden'];
}

test('approvals x every actor: listed, read and decided only by the role that decides the kind, never by the one who asked', async () => {
  const problems = [];
  for (const row of APPROVAL_ROUTES) {
    for (const role of ROLES) {
      const ap = row.kind ? await ask[row.kind](row.askedBy) : null;
      const about = ap ? (await (row.kind === 'membership' ? f.as('admin') : f.as('ke')).get(`${V1}/approvals/${ap.id}`)).person_id : null;
      const [want, code] = approvalWant(row, role, about);
      const where = `${row.m} ${row.route} as ${role}`;
      const path = ap ? `/approvals/${ap.id}${row.action ? `/${row.action}` : ''}` : '/approvals?limit=500';
      const r = await send(role, row.m, path, { body: row.m === 'POST' ? {} : undefined });
      stats.probes += 1;
      if (r.status !== want) { problems.push(`${where}: want ${want}${code ? ` ${code}` : ''}, got ${r.status} ${r.text.slice(0, 160)}`); continue; }
      if (code && r.body?.error?.code !== code) { problems.push(`${where}: ${want} without code ${code}: ${r.text.slice(0, 160)}`); continue; }
      if (!ap) {
        // the list holds the kinds the role decides
        if (GROUP[role] === 'citizen') {
          if (!r.body.items.every((x) => x.person_id === f.ids.person[CITIZEN_PERSON[role]])) problems.push(`${where}: lists requests about someone else`);
          if (role === 'owner' && !r.body.items.some((x) => x.kind === 'representative')) problems.push(`${where}: Kari does not see the guardians asked for her`);
        } else if (r.status === 200 && !r.body.items.every((x) => (x.kind === 'membership') === (role === 'admin'))) problems.push(`${where}: lists kinds it does not decide: ${[...new Set(r.body.items.map((x) => x.kind))]}`);
        continue;
      }
      // the request and the relation now, as the role that decides sees them
      const now = await (row.kind === 'membership' ? f.as('admin') : f.as('ke')).get(`${V1}/approvals/${ap.id}`);
      const decided = row.action && r.status === 200;
      const outcome = decided ? { approve: 'approved', refuse: 'refused' }[row.action] : null;
      if ((now.outcome || null) !== outcome || (now.decided_by || null) !== (decided ? f.accounts[role] : null)) problems.push(`${where}: answered ${r.status}, yet the request says ${now.outcome} by ${now.decided_by}`);
      const state = await ap.state();
      let wantState = !decided ? 'waiting' : row.action === 'approve' ? 'in force' : 'gone';
      if (['coordinator', 'emergency'].includes(row.kind) && wantState !== 'in force') wantState = 'not in force';
      if (state !== wantState) problems.push(`${where}: answered ${r.status}, yet the ${row.kind} is ${state}, want ${wantState}`);
    }
  }
  assert.deepEqual(problems, [], `${problems.length} mismatches with docs/security.md:\n${problems.join('\n')}`);
});

// ---------------------------------------------------------------------------
// Which relations each role may create (security.md "Four eyes", "Emergency
// access is narrow", "Protected persons"; SPEC R14, R16): for every relation
// that grants access and every actor, one of
//   IN_FORCE  2xx, and the account the relation is for has the access on the next request
//   PENDING   201 with pending: true, or 202 with the request: no access until a
//             second person approves it (the approval answers 200); then it has
//   REFUSED   the status (and its error code), nothing recorded, no access
// The access is checked by a real request of the account that would gain it,
// before the probe (it must not have it yet) and after. Each probe makes its
// own objects (a plan, a person, an account), so none depends on another.
//
// The contact person of a case (it shows the plan section of the person's plans):
// named by those who change the case; naming oneself waits for the coordinating
// unit, which names itself at once (security.md "Four eyes").
// ---------------------------------------------------------------------------
const IN_FORCE = 'in force';
const PENDING = 'pending';
const REFUSED = 'refused';
const STAFF_OF = { ke: 'kine', coordinator: 'ola', sara: 'sara', nurse: 'nina', emergency: 'erik', leader: 'lars', contact: 'cecilie', nav: 'nils', nav2: 'nora', gp: 'gunnar', dps: 'dina' };
// role -> [outcome, status, error code]: the listed roles, the others from rest(role)
const outcomes = (listed, rest) => Object.fromEntries(ROLES.map((role) => [role, listed[role] || rest(role)]));
// refused: the administrator 403 (no content); `visible` (who see the object) 403; others 404
const refused = (visible = []) => (role) => (role === 'admin' || visible.includes(role) ? [REFUSED, 403, 'forbidden'] : [REFUSED, 404, 'not_found']);
// municipal health personnel (emergency_eligible: a municipal unit and a health profession)
const HEALTH = ['sara', 'nurse', 'emergency', 'leader', 'contact'];

// The accounts the relations are for, made once as the administrator would.
let forWhom;
async function relationAccounts() {
  if (forWhom) return forWhom;
  const admin = f.as('admin');
  const intake = await admin.post(`${V1}/organisations`, { name: 'Tverrfaglig mottak', kind: 'unit', level: 'municipal' });
  await admin.patch(`${V1}/organisations/${intake.id}`, { receives_requests: true }, intake.version);
  forWhom = {
    intake: intake.id,
    siri: await staffMember(f.h, { organisation: f.ids.org.followUp, given: 'Siri', profession: 'social_worker' }), // a coordinator to be
    nadia: await staffMember(f.h, { organisation: f.ids.org.nav, given: 'Nadia', profession: 'nav_advisor' }),   // a participant to be
    anne: await staffMember(f.h, { organisation: f.ids.org.allocation, given: 'Anne', profession: 'social_worker' }), // named on an address list
  };
  return forWhom;
}
const by = (token) => (m, path) => f.h.api(m, V1 + path, { token });
// a plan of its own (Ola coordinates, Nils takes part); `coordinator`: KE appoints Siri instead
async function ownPlan(opts = {}, { coordinator } = {}) {
  const x = await extraPlan(f, opts);
  if (coordinator) await f.as('ke').put(`${x.path}/coordinator`, { staff_id: coordinator, reason: 'Bytte' });
  return { ...x, p: `/plans/${x.id}` };
}
// a plan of its own for a person with a strictly confidential address (R16)
async function protectedPlan() {
  const x = await ownPlan();
  const ke = f.as('ke');
  await ke.patch(`${V1}/persons/${x.person}/protection`, { protection_code: 'strictly_confidential' }, (await ke.get(`${V1}/persons/${x.person}`)).version);
  return x;
}
// the answer has exactly what emergency access opens: the actor rests on it
const emergencyReads = async (x, role) => {
  const r = await send(role, 'GET', x.p);
  return r.status === 200 && JSON.stringify([...r.body.sections].sort()) === JSON.stringify([...EMERGENCY.read].sort());
};
// every item of a list, page by page
async function every(c, path) {
  const items = [];
  for (let after = ''; ;) {
    const page = await c.get(`${path}${path.includes('?') ? '&' : '?'}limit=500${after}`);
    items.push(...page.items);
    if (!page.next) return items;
    after = `&after=${encodeURIComponent(page.next)}`;
  }
}
const requested = async (kind, x) => (await every(f.as('ke2'), `${V1}/approvals?kind=${kind}&person_id=${x.person}`)).some((a) => a.object_id === x.id);
const reps = () => every(f.as('ke'), `${V1}${kari()}/representatives`);

const RELATIONS = [
  {
    name: 'representative of Kari: a guardian, from a documented basis',
    route: 'POST /persons/{id}/representatives',
    // recorded by the coordinating unit (and intake units), waiting for a second
    // member; not Kari's to record (422 representative_kind); staff related to her
    // see her representatives and are refused (403), others do not find her
    who: outcomes({ ke: [PENDING, 201], owner: [REFUSED, 422, 'representative_kind'] }, refused(KARI_PERSON_READ)),
    setup: async () => ({ acct: account(f.h.db, freshUsername('verge'), { role: 'citizen' }) }),
    request: (x) => ({ m: 'POST', path: `${kari()}/representatives`, body: { account_id: x.acct.accountId, kind: 'guardian', scope: 'act', basis: 'Vergemål: vedtak fra Statsforvalteren 2026/4711' } }),
    gains: async (x) => (await by(x.acct.token)('GET', `/plans/${f.ids.plans.active}`)).status === 200,
    recorded: async (x) => (await reps()).some((r) => r.account_id === x.acct.accountId),
  },
  {
    name: 'representative of Kari: authorised by Kari herself (no basis)',
    route: 'POST /persons/{id}/representatives (authorised)',
    // her own consent, in force at once; staff record a representative only from
    // a documented basis (422 basis_required)
    who: outcomes({ owner: [IN_FORCE, 201], ke: [REFUSED, 422, 'basis_required'] }, refused(KARI_PERSON_READ)),
    setup: async () => ({ acct: account(f.h.db, freshUsername('venn'), { role: 'citizen' }) }),
    request: (x) => ({ m: 'POST', path: `${kari()}/representatives`, body: { account_id: x.acct.accountId, kind: 'authorised', scope: 'read' } }),
    gains: async (x) => (await by(x.acct.token)('GET', `/plans/${f.ids.plans.active}`)).status === 200,
    recorded: async (x) => (await reps()).some((r) => r.account_id === x.acct.accountId),
  },
  {
    name: 'coordinator of a plan: someone else (Siri)',
    route: 'PUT /plans/{id}/coordinator (someone else)',
    // the coordinating unit appoints, the coordinator hands over: at once
    who: outcomes({ ke: [IN_FORCE, 200], coordinator: [IN_FORCE, 200] }, refused()),
    setup: async () => ({ ...await ownPlan(), acc: await relationAccounts() }),
    request: (x) => ({ m: 'PUT', path: `${x.p}/coordinator`, body: { staff_id: x.acc.siri.staffId, reason: 'Bytte' } }),
    gains: async (x) => (await by(x.acc.siri.token)('GET', `${x.p}/goals`)).status === 200,
    recorded: async (x) => (await f.as('ke').get(V1 + x.p)).coordinator_id === x.acc.siri.staffId,
  },
  {
    name: 'coordinator of a plan: oneself (of a plan Siri coordinates)',
    route: 'PUT /plans/{id}/coordinator (oneself)',
    // a member of the coordinating unit appointing herself waits for a second
    // member (202); nobody else sees the plan (Ola no longer coordinates it,
    // Nils has no consent): 404. Without a staff id (the administrator,
    // citizens) the probe names Ola.
    who: outcomes({ ke: [PENDING, 202] }, refused()),
    setup: async () => { const acc = await relationAccounts(); return { ...await ownPlan({}, { coordinator: acc.siri.staffId }), acc }; },
    request: (x, role) => ({ m: 'PUT', path: `${x.p}/coordinator`, body: { staff_id: f.ids.staff[STAFF_OF[role] || 'ola'], reason: 'Tar planen selv' } }),
    gains: async (x, role) => (await send(role, 'GET', `${x.p}/goals`)).status === 200,
    recorded: async (x, role) => (await f.as('ke').get(V1 + x.p)).coordinator_id === f.ids.staff[STAFF_OF[role] || 'ola'] || requested('coordinator', x),
  },
  ...[['the coordinating unit', 'ke', 'POST /memberships (coordinating unit)'], ['a unit that receives requests', 'intake', 'POST /memberships (intake)']].map(([what, org, route]) => ({
    name: `membership of ${what}`,
    route,
    // the administrator, waiting for a second administrator; the role finds every person (R13)
    who: outcomes({ admin: [PENDING, 201] }, () => [REFUSED, 403, 'forbidden']),
    setup: async () => {
      const acc = await relationAccounts();
      const s = await f.as('admin').post(`${V1}/staff`, { given_name: 'Ny', family_name: `Mottaker${n()}`, profession: 'social_worker' });
      return { staff: s.id, org: org === 'ke' ? f.ids.org.ke : acc.intake, token: account(f.h.db, freshUsername('ny'), { staffId: s.id }).token };
    },
    request: (x) => ({ m: 'POST', path: '/memberships', body: { staff_id: x.staff, organisation_id: x.org, position_percent: 100 } }),
    gains: async (x) => (await by(x.token)('GET', kari())).status === 200,
    recorded: async (x) => (await every(f.as('admin'), `${V1}/staff/${x.staff}/memberships`)).length > 0,
  })),
  {
    name: 'participant in a plan whose consent grants NAV the goals (Nadia, NAV)',
    route: 'POST /plans/{id}/participants',
    // the coordinator builds the group, at once (the owner's consent decides what a
    // participant sees); the coordinating unit and Nils (a participant) see the plan: 403
    who: outcomes({ coordinator: [IN_FORCE, 201] }, refused(['ke', 'nav'])),
    setup: async () => ({ ...await ownPlan({ grants: [{ organisation_id: f.ids.org.nav, sections: ['goals'] }] }), acc: await relationAccounts() }),
    request: (x) => ({ m: 'POST', path: `${x.p}/participants`, body: { staff_id: x.acc.nadia.staffId, organisation_id: f.ids.org.nav, role: 'nav' } }),
    gains: async (x) => (await by(x.acc.nadia.token)('GET', `${x.p}/goals`)).status === 200,
    recorded: async (x) => (await C.get(`${V1}${x.p}/participants`)).items.some((p) => p.staff_id === x.acc.nadia.staffId),
  },
  // a name on the address access list of a protected person (R16): kept by the
  // coordinating unit, and for a person with only the municipal flag also by the
  // contact person of her open case (Cecilie); for a person with a register code
  // the contact person sees her and is refused (403); no one else finds her
  ...[['the municipal flag', 'flag', { protection_flag: 'municipal', protection_reason: 'Trusler' }, { ke: [IN_FORCE, 201], contact: [IN_FORCE, 201] }, refused()],
    ['a register code', 'code', { protection_code: 'confidential' }, { ke: [IN_FORCE, 201] }, refused(['contact'])]].map(([what, suffix, protection, listed, rest]) => ({
    name: `a name on the address access list of a person with ${what} (Anne)`,
    route: `POST /persons/{id}/address-access (${suffix})`,
    who: outcomes(listed, rest),
    setup: async () => {
      const acc = await relationAccounts();
      const p = await protectedPerson();
      const ke = f.as('ke');
      await ke.post(`${V1}/persons/${p.id}/addresses`, { street: 'Skjulestien 7' });
      await ke.patch(`${V1}/persons/${p.id}/protection`, protection, (await ke.get(`${V1}/persons/${p.id}`)).version);
      return { person: p.id, acc };
    },
    request: (x) => ({ m: 'POST', path: `/persons/${x.person}/address-access`, body: { staff_id: x.acc.anne.staffId, reason: 'Trenger adressen til hjemmebesøk', valid_from: f.today } }),
    // Anne (the allocation office, which leads the person's case) sees the person, not the address, until named
    gains: async (x) => {
      const r = await by(x.acc.anne.token)('GET', `/persons/${x.person}/addresses`);
      return r.status === 200 && r.body.items.some((a) => a.street === 'Skjulestien 7');
    },
    recorded: async (x) => (await every(f.as('ke'), `${V1}/persons/${x.person}/address-access`)).some((g) => g.staff_id === x.acc.anne.staffId),
  })),
  {
    name: 'contact person of a case like Kari\'s: someone else (a new member of the follow-up service)',
    route: 'PUT /cases/{id}/contact (someone else)',
    // those who change the case, at once: the coordinating unit, the contact person
    // (Cecilie), members of the lead unit (Ola, Sara); NAV reads it under Kari's
    // consent and never changes it (R15: 403); others do not find it
    who: outcomes({ ke: [IN_FORCE, 200], coordinator: [IN_FORCE, 200], sara: [IN_FORCE, 200], contact: [IN_FORCE, 200] }, refused(['nav'])),
    setup: async () => ({ kase: await freshKariCase(), to: await staffMember(f.h, { organisation: f.ids.org.followUp, given: 'Kontakt', profession: 'social_worker' }) }),
    request: (x) => ({ m: 'PUT', path: `/cases/${x.kase.id}/contact`, body: { staff_id: x.to.staffId, reason: 'Ny kontaktperson' }, version: x.kase.version }),
    gains: async (x) => {
      const r = await by(x.to.token)('GET', `/plans/${f.ids.plans.active}`);
      return r.status === 200 && JSON.stringify(r.body.sections) === JSON.stringify(['plan']);
    },
    recorded: async (x) => (await f.as('ke').get(`${V1}/cases/${x.kase.id}/contact`)).current?.staff_id === x.to.staffId,
  },
  {
    name: 'contact person of a case of Kari\'s without one: oneself',
    route: 'PUT /cases/{id}/contact (oneself)',
    // the coordinating unit at once; members of the lead unit (Ola, Sara) wait for
    // the coordinating unit (202, kind contact); NAV (contributing, under consent) 403;
    // others, Cecilie included (not of this case), do not find it. Without a staff id
    // (the administrator, citizens) the probe names Sara.
    who: outcomes({ ke: [IN_FORCE, 200], coordinator: [PENDING, 202], sara: [PENDING, 202] }, refused(['nav'])),
    setup: async () => {
      const c = await freshKariCase();
      const none = await f.as('ke').post(`${V1}/cases`, { person_id: f.ids.person.kari, title: 'Uten kontaktperson', intake_channel: 'application', intake_date: f.today, urgency: 'normal', lead_organisation_id: f.ids.org.followUp, contributing_organisation_ids: [f.ids.org.nav] });
      return { kase: none, other: c };
    },
    request: (x, role) => ({ m: 'PUT', path: `/cases/${x.kase.id}/contact`, body: { staff_id: f.ids.staff[STAFF_OF[role] || 'sara'], reason: 'Jeg tar den' }, version: x.kase.version }),
    gains: async (x, role) => (await f.as('ke').get(`${V1}/cases/${x.kase.id}/contact`)).current?.staff_id === f.ids.staff[STAFF_OF[role] || 'sara'],
    recorded: async (x, role) => (await f.as('ke').get(`${V1}/cases/${x.kase.id}/contact`)).current !== null || (await every(f.as('ke2'), `${V1}/approvals?kind=contact&person_id=${f.ids.person.kari}`)).some((a) => a.object_id === x.kase.id),
  },
  {
    name: 'emergency access to a plan',
    route: 'POST /plans/{id}/emergency-access',
    // municipal health personnel, at once; others as if the plan did not exist,
    // or 403 where they see it already (the coordinating unit, the coordinator)
    who: outcomes(Object.fromEntries(HEALTH.map((r) => [r, [IN_FORCE, 201]])), refused(['ke', 'coordinator'])),
    setup: () => ownPlan(),
    request: (x) => ({ m: 'POST', path: `${x.p}/emergency-access`, body: { reason: 'Akutt, trenger kriseplanen' } }),
    gains: emergencyReads,
  },
  {
    name: 'emergency access to the plan of a protected person',
    route: 'POST /plans/{id}/emergency-access (protected person)',
    // waits for a member of the coordinating unit (202, kind emergency); the 30 minutes start then
    who: outcomes(Object.fromEntries(HEALTH.map((r) => [r, [PENDING, 202]])), refused(['ke', 'coordinator'])),
    setup: () => protectedPlan(),
    request: (x) => ({ m: 'POST', path: `${x.p}/emergency-access`, body: { reason: 'Funnet bevisstløs hjemme' } }),
    gains: emergencyReads,
    recorded: (x) => requested('emergency', x),
  },
];

for (const rel of RELATIONS) {
  test(`who may create it: ${rel.name}`, async () => {
    const problems = [];
    for (const role of ROLES) {
      const [outcome, status, code] = rel.who[role];
      const where = `${rel.route} as ${role} (want ${outcome}, ${status})`;
      const x = await rel.setup(role);
      if (await rel.gains(x, role)) { problems.push(`${where}: the access is there before the probe`); continue; }
      const q = rel.request(x, role);
      const r = await send(role, q.m, q.path, { body: q.body, version: q.version });
      stats.probes += 1;
      if (r.status !== status) { problems.push(`${where}: got ${r.status} ${r.text.slice(0, 160)}`); continue; }
      const recorded = rel.recorded ? await rel.recorded(x, role) : undefined;
      const gains = await rel.gains(x, role);
      if (outcome === REFUSED) {
        if (r.body?.error?.code !== code) problems.push(`${where}: without code ${code}: ${r.text.slice(0, 160)}`);
        if (recorded) problems.push(`${where}: refused, yet recorded`);
        if (gains) problems.push(`${where}: refused, yet it gives access`);
      } else if (outcome === IN_FORCE) {
        if (r.body?.pending) problems.push(`${where}: in force, yet the answer says pending`);
        if (recorded === false) problems.push(`${where}: in force, yet not recorded`);
        if (!gains) problems.push(`${where}: in force, yet the next request finds no access`);
      } else {
        if (!(r.status === 202 || r.body?.pending === true)) problems.push(`${where}: pending, yet the answer says in force: ${r.text.slice(0, 160)}`);
        if (recorded === false) problems.push(`${where}: pending, yet nothing is recorded`);
        if (gains) { problems.push(`${where}: pending, yet it gives access before the approval`); continue; }
        const id = r.status === 202 ? r.body.id : r.body.approval_id;
        const d = await secondPerson(role).api('POST', `${V1}/approvals/${id}/approve`, { body: {} });
        if (d.status !== 200) { problems.push(`${where}: the second person's approval answered ${d.status} ${d.text.slice(0, 160)}`); continue; }
        if (!(await rel.gains(x, role))) problems.push(`${where}: approved by a second person, yet no access`);
      }
    }
    assert.deepEqual(problems, [], `${problems.length} mismatches with docs/security.md:\n${problems.join('\n')}`);
  });
}

// ---------------------------------------------------------------------------
// Every route of the server is probed here for every actor, or exempt
// ---------------------------------------------------------------------------
// Routes probed for every actor by tests of their own above
const OTHER_PROBES = [
  ['GET /plans', 'GET /plans lists exactly the plans where the actor has the plan section'],
  ['POST /plans', 'POST /plans: only the coordinating unit creates plans'],
];
// Routes that are not about roles: before any account, or about one's own session
const EXEMPT = [
  ['GET /healthz', 'smoke.test.mjs, server.test.mjs (no account)'],
  ['POST /api/v1/session', 'auth.test.mjs, login.test.mjs (log-in)'],
  ['DELETE /api/v1/session', 'auth.test.mjs (log-out of one\'s own session)'],
  ['POST /api/v1/session/logout-all', 'login.test.mjs (log-out of one\'s own sessions)'],
  ['GET /api/v1/oidc/providers', 'oidc.test.mjs (no account)'],
  ['GET /api/v1/oidc/{name}/login', 'oidc.test.mjs (log-in)'],
  ['GET /api/v1/oidc/{name}/callback', 'oidc.test.mjs (log-in)'],
];

test('every route the server has is probed here', () => {
  const r = cli(['routes']);
  assert.equal(r.status, 0, r.stderr);
  const routes = r.stdout.split('\n').filter((l) => l.trim() !== '');
  // a row's route without its suffix (" (Per)", " (flag)", ...), under /api/v1
  const api = (m, route) => `${m} ${V1}${route.replace(/ \([^)]*\)$/, '')}`;
  const named = (s) => api(s.slice(0, s.indexOf(' ')), s.slice(s.indexOf(' ') + 1));
  const probed = [
    ...PLAN_ROUTES.map((x) => ['PLAN_ROUTES', api(x.m, x.route)]),
    ...OBJECT_ROUTES.map((x) => ['OBJECT_ROUTES', api(x.m, x.route)]),
    ...TRANSITIONS.map(([m, suffix]) => ['TRANSITIONS', api(m, `/plans/{id}${suffix}`)]),
    ...APPROVAL_ROUTES.map((x) => ['APPROVAL_ROUTES', api(x.m, x.route)]),
    ...RELATIONS.map((x) => ['RELATIONS', named(x.route)]),
    ...OTHER_PROBES.map(([route]) => ['OTHER_PROBES', named(route)]),
    ...EXEMPT.map(([route]) => ['EXEMPT', route]),
  ];
  const covered = new Set(probed.map(([, route]) => route));
  const problems = [
    ...routes.filter((x) => !covered.has(x)).map((x) => `${x}: not probed here for every actor, nor exempt`),
    ...probed.filter(([, x]) => !routes.includes(x)).map(([table, x]) => `${table} names ${x}, which the server does not have`),
  ];
  assert.deepEqual(problems, [], problems.join('\n'));
});

test('matrix size', async (t) => {
  // one access log line per answered request (metrics have their own listener)
  const served = (f.h.stderr.match(/ req=\S+ method=/g) || []).length;
  t.diagnostic(`probes (each with one expected status): ${stats.probes}; requests the server answered in this file: ${served}; ` +
    `plan routes: ${PLAN_ROUTES.length} x ${PLANS.length} plans, other routes: ${OBJECT_ROUTES.length}, approval routes: ${APPROVAL_ROUTES.length}, relations: ${RELATIONS.length}, actors: ${ROLES.length}`);
});
