// openapi_roles.test.mjs - docs/openapi.yaml says who may call each
// state-changing operation (POST, PUT, PATCH, DELETE) in `x-roles`, and the
// server agrees (issue 11, point 13).
//
// For every such operation of the document there is one probe below (PROBES,
// by operationId), and every operation is called as each actor of the fixture
// (fixture.mjs). Each actor holds some of the roles of docs/security.md toward
// the object the probe addresses (ROLES_TOWARD: the tenant, Kari's person
// record, a case like Kari's, Kari's plan). An actor holding a role that
// x-roles lists must pass the policy: not 401, 403, 404 (nor 405 or 5xx); a
// validation answer (400, 409, 412, 422, 428) counts as passing. An actor
// holding none must be refused with 403 `forbidden` or 404 `not_found` (or
// `section_not_consented` for a section of a plan it sees). Every
// status answered must be among the operation's documented responses.
//
// The test fails when an operation lacks x-roles or its "Who may call it"
// sentence, names a role that is not one of docs/security.md, has no probe
// here, or a probe names an operation the document does not have.
// tests/api/openapi.test.mjs holds that the document's routes are exactly the
// server's (`helhet routes`), so a route of the server missing from the
// document, or the reverse, fails there.
//
// When the policy changes, the failures name the operation, the actor and the
// roles it holds: change x-roles (and the sentence) to what the server does.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { buildFixture, consentBody, freshNid, addDays, account, freshUsername, client } from './fixture.mjs';

const DOC = new URL('../../docs/openapi.yaml', import.meta.url);
const WRITES = ['post', 'put', 'patch', 'delete'];
// The roles of docs/security.md ("Roles"), as x-roles spells them.
const ROLE_NAMES = ['administrator', 'coordinating_unit', 'staff', 'external_partner', 'leader', 'intake', 'related_staff', 'health_personnel', 'coordinator',
  'contact_person', 'participant', 'owner', 'representative', 'citizen'];
// The sections a consent may grant (src/trust/policy.c policy_grantable_sections).
const GRANTABLE = ['goals', 'resources_needs', 'measures', 'evaluations', 'participants', 'crisis_plan', 'messages',
  'documents', 'history'];

// The document's state-changing operations: [{id, method, path, roles, description}].
function writeOperations() {
  const doc = parse(readFileSync(DOC, 'utf8'));
  const ops = [];
  for (const [path, item] of Object.entries(doc.paths || {})) {
    for (const method of WRITES) {
      const op = item[method];
      if (!op) continue;
      ops.push({
        id: op.operationId, method: method.toUpperCase(), path, roles: op['x-roles'], description: op.description || '',
        statuses: Object.keys(op.responses || {}),
      });
    }
  }
  return ops;
}

// ---------------------------------------------------------------------------
// The actors and the roles each holds toward the object a probe addresses
// ---------------------------------------------------------------------------
const ACTORS = ['admin', 'ke', 'coordinator', 'sara', 'nurse', 'emergency', 'leader', 'contact', 'nav', 'nav2',
  'owner', 'representative', 'repRead', 'otherCitizen'];

// A representative with scope `read` changes nothing (security.md): toward a
// person or a plan Tor (repRead) holds no write role beyond `citizen`, and
// x-roles' `representative` means scope `act`.
const TENANT = {
  admin: ['administrator'],
  ke: ['coordinating_unit'],                 // Kine, Koordinerende enhet
  coordinator: ['staff'],                    // Ola, Oppfølgingstjenesten
  sara: ['staff'],                           // Sara, Oppfølgingstjenesten
  nurse: ['staff'],                          // Nina, Hjemmesykepleien
  emergency: ['staff'],                      // Erik, Hjemmesykepleien
  leader: ['staff', 'leader'],               // Lars, Hjemmesykepleien, leader: true
  contact: ['staff'],                        // Cecilie, Tildelingskontoret
  nav: ['external_partner'],                 // Nils, NAV
  nav2: ['external_partner'],                // Nora, NAV
  owner: ['citizen'],                        // Kari
  representative: ['citizen'],               // Lise
  repRead: ['citizen'],                      // Tor
  otherCitizen: ['citizen'],                 // Per
};
const ROLES_TOWARD = {
  // collections, the directory, the caller's own session
  tenant: TENANT,
  // Kari's person record: Kari is its owner, Lise represents her (scope act);
  // Ola coordinates her plan, Sara's unit leads her case, Cecilie is its contact
  // person (R13: related staff); Nina, Erik and Lars have no relation to her
  person: {
    ...TENANT, coordinator: ['staff', 'related_staff'], sara: ['staff', 'related_staff'], contact: ['staff', 'related_staff'],
    owner: ['citizen', 'owner'], representative: ['citizen', 'representative'],
  },
  // a representative's approval request made by Knut: Kine of the coordinating
  // unit decides it; administrators decide memberships only
  approval: { ...TENANT, admin: [] },
  // Kari's protection and address access list (R16): as her person record, and
  // Cecilie, the contact person of her open case, keeps them (Kari has no
  // register code, which only the coordinating unit sets)
  protection: {
    ...TENANT, coordinator: ['staff', 'related_staff'], sara: ['staff', 'related_staff'],
    contact: ['staff', 'related_staff', 'contact_person'], owner: ['citizen', 'owner'], representative: ['citizen', 'representative'],
  },
  // a case like Kari's: led by Oppfølgingstjenesten (Ola, Sara), NAV contributes
  // (Nils, Nora), Cecilie is its contact person. On a case, staff and external
  // partners count only as members of its lead or contributing units
  // (openapi.yaml "Access"): Nina, Erik, Lars are none of these.
  case: {
    ...TENANT, nurse: [], emergency: [], leader: [], contact: ['contact_person'],
    owner: ['citizen', 'owner'], representative: ['citizen', 'representative'],
  },
  // Kari's plan (plans.active, or a fresh plan set up alike): Ola coordinates,
  // Nils takes part under a consent valid today granting every grantable
  // section, Cecilie is the contact person of an open case of Kari's, Erik has
  // an emergency reason in force (which opens reads, no writes)
  // health personnel of municipal units (emergency access): Sara, Nina, Erik and
  // Lars are nurses, Cecilie a vernepleier; Ola and Kine are social workers
  plan: {
    ...TENANT, coordinator: ['staff', 'coordinator'], contact: ['staff', 'contact_person', 'health_personnel'],
    sara: ['staff', 'health_personnel'], nurse: ['staff', 'health_personnel'], emergency: ['staff', 'health_personnel'],
    leader: ['staff', 'leader', 'health_personnel'],
    nav: ['external_partner', 'participant'], owner: ['citizen', 'owner'], representative: ['citizen', 'representative'],
  },
};
// Kari's plan, for what takes only the right to read its thread (marking it
// seen): x-roles' `representative` then holds for Tor (scope read) too.
ROLES_TOWARD.thread = { ...ROLES_TOWARD.plan, repRead: ['citizen', 'representative'] };

// ---------------------------------------------------------------------------
// One probe per state-changing operation: the object it addresses and how to
// build the request (path, body, If-Match version; token to call with another
// account than the actor's). Probes that would change what the others rely on
// work on objects of their own.
// ---------------------------------------------------------------------------
let f;
let C; // the coordinator (Ola): reads every part of every fixture plan
let K; // the coordinating unit (Kine)
let A; // the administrator
let dummyAccount;
let counter = 0;
const n = () => ++counter;
const V1 = '/api/v1';
const plan = () => `${V1}/plans/${f.ids.plans.active}`;
const parts = () => f.ids.parts.active;
const kari = () => `${V1}/persons/${f.ids.person.kari}`;
const citizen = (actor) => TENANT[actor].includes('citizen');
const version = async (client, path) => (await client.get(path)).version;
const future = () => consentBody([], { from: '2098-01-01', to: '2099-01-01' }); // changes nobody's access

// A case like Kari's, made by the coordinating unit.
const kariCase = () => K.post(`${V1}/cases`, {
  person_id: f.ids.person.kari, title: 'Kopi av Karis sak', intake_channel: 'application', intake_date: f.today,
  urgency: 'normal', lead_organisation_id: f.ids.org.followUp, contributing_organisation_ids: [f.ids.org.nav],
  contact_staff_id: f.ids.staff.cecilie,
});

// A representative of Kari recorded by Knut (coordinating unit), waiting for a
// second member (R14).
async function pendingRepresentative() {
  const a = account(f.h.db, freshUsername('verge'), { role: 'citizen' });
  return f.as('ke2').post(`${kari()}/representatives`, { account_id: a.accountId, kind: 'guardian', scope: 'read', valid_from: '2098-01-01', basis: 'Vergemål' });
}

// A plan set up like Kari's for a new person, for probes that change the plan
// itself (close, a new coordinator). The owner and the representatives of the
// new person are new accounts: answers the token `actor` calls with.
async function freshPlan(actor) {
  const person = await K.post(`${V1}/persons`, { national_id: freshNid(), given_name: 'Fersk', family_name: 'Plan' });
  const p = await K.post(`${V1}/plans`, { person_id: person.id, title: 'Fersk plan', revision_date: addDays(f.today, 180) });
  const path = `${V1}/plans/${p.id}`;
  await K.put(`${path}/coordinator`, { staff_id: f.ids.staff.ola, reason: 'Oppnevnt' });
  await C.post(`${path}/participants`, { staff_id: f.ids.staff.nils, organisation_id: f.ids.org.nav, role: 'nav' });
  await C.post(`${path}/consents`, consentBody([{ organisation_id: f.ids.org.nav, sections: GRANTABLE }]));
  await K.post(`${V1}/cases`, {
    person_id: person.id, title: 'Sak', intake_channel: 'phone', intake_date: f.today, urgency: 'low',
    contact_staff_id: f.ids.staff.cecilie,
  });
  let token;
  const owner = () => account(f.h.db, freshUsername('eier'), { role: 'citizen', personId: person.id }).token;
  if (actor === 'owner') token = owner();
  if (actor === 'representative' || actor === 'repRead') {
    // her own authorisation (R14: in force at once)
    const a = account(f.h.db, freshUsername('fullmakt'), { role: 'citizen' });
    await client(f.h, owner()).post(`${V1}/persons/${person.id}/representatives`, { account_id: a.accountId, kind: 'authorised', scope: actor === 'repRead' ? 'read' : 'act' });
    token = a.token;
  }
  return { path, token };
}

const P = (target, build) => ({ target, build });
const PROBES = {
  // session
  login: P('tenant', () => ({ path: `${V1}/session`, body: {}, token: null })), // public: no token
  logout: P('tenant', () => ({ path: `${V1}/session` })),
  logoutAll: P('tenant', () => ({ path: `${V1}/session/logout-all` })),
  // the directory
  createOrganisation: P('tenant', () => ({ path: `${V1}/organisations`, body: { name: `Enhet ${n()}`, kind: 'team', level: 'municipal' } })),
  updateOrganisation: P('tenant', async () => {
    const path = `${V1}/organisations/${f.ids.org.allocation}`;
    return { path, body: { short_name: `T${n()}` }, version: await version(A, path) };
  }),
  createStaff: P('tenant', () => ({ path: `${V1}/staff`, body: { given_name: 'Ny', family_name: `Ansatt${n()}`, profession: 'other' } })),
  // an account of its own, reactivated (already active: nothing changes)
  updateAccount: P('tenant', async () => {
    const { accountId } = account(f.h.db, freshUsername('konto'), { role: 'citizen' });
    return { path: `${V1}/accounts/${accountId}`, body: { active: true }, version: await version(A, `${V1}/accounts/${accountId}`) };
  }),
  updateStaff: P('tenant', async () => {
    const s = await A.post(`${V1}/staff`, { given_name: 'Midlertidig', family_name: `Ansatt${n()}`, profession: 'other' });
    return { path: `${V1}/staff/${s.id}`, body: { family_name: `Endret${n()}` }, version: s.version };
  }),
  createMembership: P('tenant', async () => {
    const s = await A.post(`${V1}/staff`, { given_name: 'Midlertidig', family_name: `Ansatt${n()}`, profession: 'other' });
    return { path: `${V1}/memberships`, body: { staff_id: s.id, organisation_id: f.ids.org.allocation, position_percent: 20 } };
  }),
  updateMembership: P('tenant', async () => {
    const s = await A.post(`${V1}/staff`, { given_name: 'Midlertidig', family_name: `Ansatt${n()}`, profession: 'other' });
    const m = await A.post(`${V1}/memberships`, { staff_id: s.id, organisation_id: f.ids.org.allocation, position_percent: 20 });
    return { path: `${V1}/memberships/${m.id}`, body: { role: `Rolle ${n()}` }, version: m.version };
  }),
  deleteMembership: P('tenant', async () => {
    const s = await A.post(`${V1}/staff`, { given_name: 'Midlertidig', family_name: `Ansatt${n()}`, profession: 'other' });
    const m = await A.post(`${V1}/memberships`, { staff_id: s.id, organisation_id: f.ids.org.allocation, position_percent: 20 });
    return { path: `${V1}/memberships/${m.id}`, version: m.version };
  }),
  // persons
  createPerson: P('tenant', () => ({ path: `${V1}/persons`, body: { national_id: freshNid(), given_name: 'Ny', family_name: 'Person' } })),
  updatePerson: P('person', async () => ({ path: kari(), body: { phone: `+47 400 00 ${String(n() % 1000).padStart(3, '0')}` }, version: await version(C, kari()) })),
  createAddress: P('person', () => ({ path: `${kari()}/addresses`, body: { street: `Nygata ${n()}` } })),
  updateAddress: P('person', async () => {
    const a = await C.post(`${kari()}/addresses`, { street: `Endres ${n()}` });
    return { path: `${kari()}/addresses/${a.id}`, body: { city: `Fjordvik ${n()}` }, version: a.version };
  }),
  deleteAddress: P('person', async () => {
    const a = await C.post(`${kari()}/addresses`, { street: 'Til sletting 1' });
    return { path: `${kari()}/addresses/${a.id}`, version: a.version };
  }),
  createNextOfKin: P('person', () => ({ path: `${kari()}/next-of-kin`, body: { name: `Venn ${n()}`, relation: 'friend' } })),
  updateNextOfKin: P('person', async () => {
    const k = await C.post(`${kari()}/next-of-kin`, { name: 'Endres', relation: 'other' });
    return { path: `${kari()}/next-of-kin/${k.id}`, body: { phone: `9${n()}` }, version: k.version };
  }),
  deleteNextOfKin: P('person', async () => {
    const k = await C.post(`${kari()}/next-of-kin`, { name: 'Til sletting', relation: 'other' });
    return { path: `${kari()}/next-of-kin/${k.id}`, version: k.version };
  }),
  // representations made here start in 2098: no probe makes anyone a representative today
  // protected persons (R16): the probes leave Kari unprotected (the flag set to
  // null) and name people from 2098 on
  updateProtection: P('protection', async () => ({ path: `${kari()}/protection`, body: { protection_flag: null }, version: await version(C, kari()) })),
  createAddressAccess: P('protection', () => ({ path: `${kari()}/address-access`, body: { staff_id: f.ids.staff.sara, reason: `Probe ${n()}`, valid_from: '2098-01-01' } })),
  updateAddressAccess: P('protection', async () => {
    const g = await K.post(`${kari()}/address-access`, { staff_id: f.ids.staff.nina, reason: 'Probe', valid_from: '2098-01-01' });
    return { path: `${kari()}/address-access/${g.id}`, body: { reason: `Endret ${n()}` }, version: g.version };
  }),
  createRepresentative: P('person', () => ({ path: `${kari()}/representatives`, body: { account_id: dummyAccount, kind: 'authorised', scope: 'read', valid_from: '2098-01-01', valid_to: '2099-01-01', basis: 'Skriftlig fullmakt' } })),
  updateRepresentative: P('person', async () => {
    const r = await f.as('owner').post(`${kari()}/representatives`, { account_id: dummyAccount, kind: 'authorised', scope: 'read', valid_from: '2098-01-01', valid_to: '2099-01-01' });
    return { path: `${kari()}/representatives/${r.id}`, body: { valid_to: '2099-06-01', basis: 'Skriftlig fullmakt' }, version: r.version };
  }),
  deleteRepresentative: P('person', async () => {
    const r = await f.as('owner').post(`${kari()}/representatives`, { account_id: dummyAccount, kind: 'authorised', scope: 'read', valid_from: '2098-01-01', valid_to: '2099-01-01' });
    return { path: `${kari()}/representatives/${r.id}`, version: r.version };
  }),
  // four eyes: a representative Knut (the coordinating unit) recorded, pending;
  // Kine, also of the coordinating unit, decides it
  approveRequest: P('approval', async () => ({ path: `${V1}/approvals/${(await pendingRepresentative()).approval_id}/approve`, body: {} })),
  refuseRequest: P('approval', async () => ({ path: `${V1}/approvals/${(await pendingRepresentative()).approval_id}/refuse`, body: { note: 'Nei' } })),
  // cases
  createCase: P('tenant', () => ({ path: `${V1}/cases`, body: { person_id: f.ids.person.kari, title: `Sak ${n()}`, intake_channel: 'walk_in', intake_date: f.today, urgency: 'low' } })),
  updateCase: P('case', async () => {
    const c = await kariCase();
    return { path: `${V1}/cases/${c.id}`, body: { urgency: 'high' }, version: c.version };
  }),
  setCaseContact: P('case', async () => {
    const c = await kariCase();
    return { path: `${V1}/cases/${c.id}/contact`, body: { staff_id: f.ids.staff.sara, reason: 'Ny kontaktperson' }, version: c.version };
  }),
  // plans: Kari's is active, so activating and reopening it change nothing (409)
  createPlan: P('tenant', async () => {
    const person = await K.post(`${V1}/persons`, { national_id: freshNid(), given_name: 'Ny', family_name: 'Plan' });
    return { path: `${V1}/plans`, body: { person_id: person.id } };
  }),
  updatePlan: P('plan', async () => ({ path: plan(), body: { title: `Tittel ${n()}` }, version: await version(C, plan()) })),
  activatePlan: P('plan', () => ({ path: `${plan()}/activate` })),
  closePlan: P('plan', async (actor) => {
    const x = await freshPlan(actor);
    return { path: `${x.path}/close`, body: { reason: 'Avsluttes' }, token: x.token };
  }),
  reopenPlan: P('plan', () => ({ path: `${plan()}/reopen` })),
  setPlanCoordinator: P('plan', async (actor) => {
    const x = await freshPlan(actor);
    return { path: `${x.path}/coordinator`, body: { staff_id: f.ids.staff.sara, reason: 'Bytte' }, token: x.token };
  }),
  // plan parts
  createGoal: P('plan', () => ({ path: `${plan()}/goals`, body: { kind: 'main', text: `Mål ${n()}` } })),
  updateGoal: P('plan', async () => {
    const path = `${plan()}/goals/${parts().goal}`;
    return { path, body: { text: `Mål ${n()}` }, version: await version(C, path) };
  }),
  deleteGoal: P('plan', async () => {
    const g = await C.post(`${plan()}/goals`, { kind: 'main', text: 'Til sletting' });
    return { path: `${plan()}/goals/${g.id}`, version: g.version };
  }),
  createMeasure: P('plan', () => ({ path: `${plan()}/measures`, body: { description: `Tiltak ${n()}`, responsible_organisation_id: f.ids.org.nav } })),
  updateMeasure: P('plan', async () => {
    const path = `${plan()}/measures/${parts().measure}`;
    return { path, body: { scope: `${n()} samtaler` }, version: await version(C, path) };
  }),
  deleteMeasure: P('plan', async () => {
    const m = await C.post(`${plan()}/measures`, { description: 'Til sletting', responsible_organisation_id: f.ids.org.nav });
    return { path: `${plan()}/measures/${m.id}`, version: m.version };
  }),
  // citizens write the owner's own view
  createEvaluation: P('plan', (actor) => ({
    path: `${plan()}/evaluations`,
    body: citizen(actor) ? { date: f.today, what: 'Min vurdering', owner_view: `Det går bedre ${n()}` } : { date: f.today, what: 'Evaluering', outcome: `Utfall ${n()}` },
  })),
  updateEvaluation: P('plan', async (actor) => {
    const path = `${plan()}/evaluations/${parts().evaluation}`;
    return { path, body: citizen(actor) ? { owner_view: `Mitt syn ${n()}` } : { outcome: `Utfall ${n()}` }, version: await version(C, path) };
  }),
  deleteEvaluation: P('plan', async () => {
    const e = await C.post(`${plan()}/evaluations`, { date: f.today, what: 'Til sletting' });
    return { path: `${plan()}/evaluations/${e.id}`, version: e.version };
  }),
  // a participant by name only: gives nobody access
  createParticipant: P('plan', () => ({ path: `${plan()}/participants`, body: { name: `Deltaker ${n()}`, role: 'other' } })),
  updateParticipant: P('plan', async () => {
    const path = `${plan()}/participants/${parts().kin}`;
    return { path, body: { name: `Pårørende ${n()}` }, version: await version(C, path) };
  }),
  // consents made here start in 2098 and grant nothing
  createConsent: P('plan', () => ({ path: `${plan()}/consents`, body: future() })),
  updateConsent: P('plan', async () => {
    const c = await C.post(`${plan()}/consents`, future());
    return { path: `${plan()}/consents/${c.id}`, body: { note: `Merknad ${n()}` }, version: c.version };
  }),
  withdrawConsent: P('plan', async () => {
    const c = await C.post(`${plan()}/consents`, future());
    return { path: `${plan()}/consents/${c.id}/withdraw`, body: { reason: 'Trekker samtykket' } };
  }),
  createMessage: P('plan', () => ({ path: `${plan()}/messages`, body: { kind: 'comment', text: `Melding ${n()}` } })),
  updateMessage: P('plan', async () => {
    const path = `${plan()}/messages/${parts().message}`;
    return { path, body: { handled_at: '2026-01-01T10:00:00Z' }, version: await version(C, path) };
  }),
  // whoever reads the thread marks it seen: Tor's scope read holds for it
  markMessagesSeen: P('thread', () => ({ path: `${plan()}/messages/seen`, body: { message_id: parts().message } })),
  createLinkedPlan: P('plan', () => ({ path: `${plan()}/linked-plans`, body: { kind: 'other', title: `Lenke ${n()}` } })),
  updateLinkedPlan: P('plan', async () => {
    const path = `${plan()}/linked-plans/${parts().linked}`;
    return { path, body: { title: `Lenke ${n()}` }, version: await version(C, path) };
  }),
  deleteLinkedPlan: P('plan', async () => {
    const l = await C.post(`${plan()}/linked-plans`, { kind: 'other', title: 'Til sletting' });
    return { path: `${plan()}/linked-plans/${l.id}`, version: l.version };
  }),
  // last: an emergency reason opens reads for 30 minutes (no writes)
  openEmergencyAccess: P('plan', () => ({ path: `${plan()}/emergency-access`, body: { reason: 'Akutt innleggelse, trenger kriseplanen' } })),
};

// ---------------------------------------------------------------------------
// What the document says, without a server
// ---------------------------------------------------------------------------
test('every state-changing operation names who may call it, with roles of docs/security.md, and has a probe here', () => {
  const ops = writeOperations();
  assert.ok(ops.length > 10, `only ${ops.length} state-changing operations found in docs/openapi.yaml`);
  const problems = [];
  for (const op of ops) {
    const where = `${op.method} ${op.path} (${op.id || 'no operationId'})`;
    if (!op.id) problems.push(`${where}: has no operationId`);
    if (!Array.isArray(op.roles) || op.roles.length === 0) problems.push(`${where}: has no x-roles (a list of the roles that may call it)`);
    else {
      for (const r of op.roles) if (!ROLE_NAMES.includes(r)) problems.push(`${where}: x-roles names "${r}", not a role of docs/security.md (${ROLE_NAMES.join(', ')})`);
      if (new Set(op.roles).size !== op.roles.length) problems.push(`${where}: x-roles names a role twice`);
    }
    if (!/Who may call it: \S/.test(op.description)) problems.push(`${where}: its description has no "Who may call it: ..." sentence`);
    if (op.id && !PROBES[op.id]) problems.push(`${where}: no probe in tests/api/openapi_roles.test.mjs (add one to PROBES)`);
  }
  const documented = new Set(ops.map((o) => o.id));
  for (const id of Object.keys(PROBES)) {
    if (!documented.has(id)) problems.push(`probe ${id}: docs/openapi.yaml has no state-changing operation with this operationId`);
  }
  for (const [id, p] of Object.entries(PROBES)) {
    if (!ROLES_TOWARD[p.target]) problems.push(`probe ${id}: unknown target ${p.target}`);
  }
  assert.deepEqual(problems, [], `${problems.length} problems:\n${problems.join('\n')}`);
});

// ---------------------------------------------------------------------------
// What the server does
// ---------------------------------------------------------------------------
before(async () => {
  f = await buildFixture();
  C = f.as('coordinator');
  K = f.as('ke');
  A = f.as('admin');
  dummyAccount = account(f.h.db, freshUsername('dummy'), { role: 'citizen' }).accountId;
  // Nils (NAV) may write every section a consent can grant in Kari's plan
  await C.post(`${plan()}/consents`, consentBody([{ organisation_id: f.ids.org.nav, sections: GRANTABLE }]));
});
after(async () => { await f?.h.stop(); });

const tally = { allowed: 0, refused: 0 }; // probes by what x-roles says
const PASSES = (status) => status < 500 && ![401, 403, 404, 405].includes(status);

const ops = writeOperations().filter((o) => o.id && PROBES[o.id]);
// in the order of PROBES (emergency access last)
ops.sort((a, b) => Object.keys(PROBES).indexOf(a.id) - Object.keys(PROBES).indexOf(b.id));

for (const op of ops) {
  test(`${op.id}: ${op.method} ${op.path} as every actor`, async () => {
    const probe = PROBES[op.id];
    const listed = Array.isArray(op.roles) ? op.roles : [];
    const problems = [];
    for (const actor of ACTORS) {
      const held = ROLES_TOWARD[probe.target][actor];
      const allowed = held.some((r) => listed.includes(r));
      const built = await probe.build(actor);
      const token = built.token === undefined ? f.tokens[actor] : built.token;
      const headers = built.version !== undefined ? { 'If-Match': `"${built.version}"` } : {};
      const r = await f.h.api(op.method, built.path, { token, body: built.body, headers });
      const who = `${op.id} (${op.method} ${op.path}) as ${actor} [holds ${held.length ? held.join(', ') : 'no role'} toward the ${probe.target}]`;
      const got = `got ${r.status} ${r.text.slice(0, 160)}`;
      tally[allowed ? 'allowed' : 'refused'] += 1;
      if (!op.statuses.includes(String(r.status))) {
        problems.push(`${who}: answered ${r.status}, which is not among the operation's responses in docs/openapi.yaml (${op.statuses.join(', ')}): ${got}`);
      }
      if (allowed && !PASSES(r.status)) {
        problems.push(`${who}: x-roles [${listed.join(', ')}] lets it in, but the server refused: ${got}`);
      } else if (!allowed && PASSES(r.status)) {
        problems.push(`${who}: x-roles [${listed.join(', ')}] names none of its roles, but the server let it in: ${got}`);
      } else if (!allowed && ![403, 404].includes(r.status)) {
        problems.push(`${who}: refused, but not with 403 or 404: ${got}`);
      } else if (!allowed) {
        // a hidden section of a plan the actor sees: section_not_consented
        // (security.md "A refusal says why"; access_matrix.test.mjs decides who gets it)
        const codes = r.status === 403 ? ['forbidden'] : ['not_found', 'section_not_consented'];
        if (!codes.includes(r.body?.error?.code)) problems.push(`${who}: ${r.status} without code ${codes.join(' or ')}: ${got}`);
      }
    }
    assert.deepEqual(problems, [], `${problems.length} mismatches between x-roles and the server:\n${problems.join('\n')}`);
  });
}

test('probes', (t) => {
  t.diagnostic(`${ops.length} operations x ${ACTORS.length} actors: ${tally.allowed} probes x-roles lets in, ${tally.refused} it refuses`);
  assert.ok(tally.allowed > 0 && tally.refused > 0, 'no probe ran');
});
