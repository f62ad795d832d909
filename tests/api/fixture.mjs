// fixture.mjs - a realistic municipality built through the real API and CLI,
// as the real roles would build it (docs/security.md), for the access-matrix
// test, the stories and every API test that needs more than an administrator.
//
//   const f = await buildFixture();       // starts its own server
//   f.as('nav').api('GET', `/api/v1/plans/${f.ids.plans.active}`)
//   f.tokens.coordinator, f.ids.staff.ola, f.accounts.owner ...
//   await f.h.stop();
//
// Who is who (tenant "test", Fjordvik-like):
//   admin         account role admin: units, staff, memberships, accounts
//   ke            Kine, member of Koordinerende enhet (coordinating_unit)
//   ke2           Knut, also of Koordinerende enhet: the second pair of eyes (R14;
//                 not one of the access matrix's actors)
//   coordinator   Ola, Oppfølgingstjenesten; coordinator of every fixture plan
//   sara          Sara, Oppfølgingstjenesten, no part in any plan
//   nurse         Nina, Hjemmesykepleien: municipal staff with no relation to the plans
//   emergency     Erik, Hjemmesykepleien; stated a reason for emergency access to
//                 plans.active and plans.none when the fixture was built
//   leader        Lars, Hjemmesykepleien with leader: true
//   contact       Cecilie, Tildelingskontoret; contact person of Kari's open case
//   nav           Nils, NAV caseworker; participant in every fixture plan
//   nav2          Nora, NAV caseworker, not a participant in any plan
//   gp            Gunnar, Fjordvik legekontor; participant in plans.active (staff grant)
//   dps           Dina, DPS therapist; participant in plans.active (DPS grant)
//   owner         Kari (citizen), owner of plans.active
//   representative Lise (citizen), Kari's representative with scope act
//   repRead       Tor (citizen), Kari's representative with scope read
//   otherCitizen  Per (citizen), owner of plans.none
//
// Plans (one per person, R3), each coordinated by Ola with Nils (NAV) as a
// participant, and a goal, a measure, an evaluation, a name-only participant
// (next of kin) and a linked plan made by the coordinator:
//   active   Kari's, activated: consent valid today for NAV (goals, measures),
//            for Gunnar by staff id (goals, measures), for DPS (goals, measures)
//   none     Per's, no consent at all
//   expired  consent for NAV (goals, measures) valid 2020-01-01..2021-01-01
//   withdrawn consent for NAV (goals, measures) valid today, withdrawn
//   partial  consent valid today for NAV covering goals only
//   future   consent for NAV (goals, measures) valid from 2098
//
// A second tenant ("andre") with its own administrator, coordinating unit,
// person, case and plan shows that ids of another tenant are never found.
import assert from 'node:assert/strict';
import { startServer, cli, syntheticNid } from './harness.mjs';

export const TENANT = 'test';
export const OTHER_TENANT = 'andre';

// Today's date in Europe/Oslo (the policy's clock), and days from it.
export function today() {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Oslo' }).format(new Date());
}
export function addDays(date, n) {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

// Creates an account with the CLI and a Bearer token for it.
// Returns {token, accountId}.
export function account(db, username, { role = 'staff', staffId, personId, tenant = TENANT } = {}) {
  const args = ['user', 'add', '--db', db, '--username', username, '--role', role, '--no-password', '--tenant', tenant];
  if (staffId) args.push('--staff-id', String(staffId));
  if (personId) args.push('--person-id', String(personId));
  let r = cli(args);
  assert.equal(r.status, 0, `user add ${username}: ${r.stderr}`);
  const m = r.stdout.match(/\(account (\d+),/);
  assert.ok(m, r.stdout);
  r = cli(['token', 'create', '--db', db, '--user', username]);
  assert.equal(r.status, 0, `token create ${username}: ${r.stderr}`);
  return { token: r.stdout.trim(), accountId: Number(m[1]), username };
}

// A client bound to one token: api(method, path, opts) as h.api, and helpers
// that assert the status and answer the body.
export function client(h, token, name = 'actor') {
  const api = (method, path, opts = {}) => h.api(method, path, { ...opts, token });
  const expect = async (status, method, path, opts) => {
    const r = await api(method, path, opts);
    assert.equal(r.status, status, `${name}: ${method} ${path} -> ${r.status} ${r.text}`);
    return r.body;
  };
  return {
    name, token, api,
    get: (path) => expect(200, 'GET', path),
    post: (path, body, status = 201) => expect(status, 'POST', path, { body }),
    put: (path, body, status = 200) => expect(status, 'PUT', path, { body }),
    patch: (path, body, version, status = 200) =>
      expect(status, 'PATCH', path, { body, headers: { 'If-Match': `"${version}"` } }),
    del: (path, version, status = 204) => expect(status, 'DELETE', path, { headers: { 'If-Match': `"${version}"` } }),
    expect,
  };
}

let userSeq = 0;

// A staff member with an account and a token, made as in a municipality: the
// administrator creates the staff member and the membership (in `organisation`,
// or in a new organisation of `kind`), the CLI the account and token. The
// default is a member of a coordinating unit: municipal staff who may create
// persons, cases and plans, reads every case and every plan's plan section,
// appoints coordinators and reopens plans (docs/security.md).
// Returns {token, staffId, organisationId, accountId, username}.
export async function staffMember(h, {
  organisation, kind = 'coordinating_unit', level = 'municipal', name, given = 'Test', family, profession = 'social_worker',
  leader = false, validFrom, validTo, tenant = TENANT,
} = {}) {
  const admin = (method, path, body) => h.api(method, path, { token: h.adminToken, body });
  let r;
  let organisationId = organisation;
  if (!organisationId) {
    r = await admin('POST', '/api/v1/organisations', { name: name || `${kind} ${++userSeq}`, kind, level });
    assert.equal(r.status, 201, r.text);
    organisationId = r.body.id;
  }
  r = await admin('POST', '/api/v1/staff', { given_name: given, family_name: family || `Ansatt${++userSeq}`, profession });
  assert.equal(r.status, 201, r.text);
  const staffId = r.body.id;
  r = await admin('POST', '/api/v1/memberships', {
    staff_id: staffId, organisation_id: organisationId, position_percent: 100, leader,
    ...(validFrom ? { valid_from: validFrom } : {}), ...(validTo ? { valid_to: validTo } : {}),
  });
  assert.equal(r.status, 201, r.text);
  await approveMembership(h, r.body, { tenant });
  const a = account(h.db, freshUsername(`${given}.${kind}`), { staffId, tenant });
  return { token: a.token, staffId, organisationId, accountId: a.accountId, username: a.username, membershipId: r.body.id };
}

// Four eyes (R14): a membership of the coordinating unit or of a unit that
// receives requests waits for a second administrator. approveMembership asks
// one (made once per server with the CLI) to approve `membership` (a record
// as GET or POST /memberships answer it) if it is pending; answers the
// approval or null.
const secondAdmins = new WeakMap();
export async function approveMembership(h, membership, { tenant = TENANT } = {}) {
  if (!membership.pending) return null;
  const key = `${tenant}`;
  let tokens = secondAdmins.get(h);
  if (!tokens) secondAdmins.set(h, (tokens = {}));
  if (!tokens[key]) tokens[key] = account(h.db, freshUsername('admin2'), { role: 'admin', tenant }).token;
  let id = membership.approval_id;
  if (!id) {
    const open = await h.api('GET', `/api/v1/approvals?kind=membership&staff_id=${membership.staff_id}&limit=200`, { token: tokens[key] });
    assert.equal(open.status, 200, open.text);
    id = open.body.items.find((x) => x.object_id === membership.id && !x.outcome).id;
  }
  const r = await h.api('POST', `/api/v1/approvals/${id}/approve`, { token: tokens[key], body: {} });
  assert.equal(r.status, 200, `approving membership ${membership.id}: ${r.text}`);
  return r.body;
}

// A citizen account for a person (made with the CLI); returns {token, accountId, username}.
export function citizenAccount(h, personId, { tenant = TENANT } = {}) {
  return account(h.db, freshUsername('innbygger'), { role: 'citizen', personId, tenant });
}

let nidSeq = 30000;
const usedNids = new Set();
// A fresh synthetic national ID number (distinct within the process).
export function freshNid() {
  let nid;
  do nid = syntheticNid(nidSeq += 13); while (usedNids.has(nid));
  usedNids.add(nid);
  return nid;
}

// A username not used before in this process.
export function freshUsername(base) {
  userSeq += 1;
  return `${base}${userSeq}`.toLowerCase().replace(/[^a-z0-9._-]/g, '');
}

// A consent body for the coordinator to record.
export function consentBody(grants, { from, to, by = 'owner', method = 'in_person' } = {}) {
  const t = today();
  return { given_by: by, method, valid_from: from || addDays(t, -30), valid_to: to || addDays(t, 335), grants };
}

// Builds the fixture on a fresh server (or on `h` if given). With `tenant`
// (made before, e.g. by `helhet tenant add`) the same municipality is built in
// that tenant, its administrator made with the CLI, and `tag` appended to every
// name and text it writes (so that a test can tell the two apart); `second`
// false leaves out the small second tenant below.
export async function buildFixture({ h: given, args, tenant = TENANT, tag = '', second = true } = {}) {
  const h = given || await startServer({ args });
  const t = today();
  const tokens = { admin: tenant === TENANT ? h.token : account(h.db, freshUsername(`admin-${tenant}`), { role: 'admin', tenant }).token };
  const accounts = {};
  const usernames = { admin: 'admin' };
  const as = (name) => client(h, tokens[name], name);
  const admin = as('admin');
  const ids = { org: {}, staff: {}, membership: {}, person: {}, case: {}, plans: {}, parts: {}, other: {} };

  // --- the administrator: units, agencies, staff, memberships -------------
  const org = async (key, name, kind, level) => {
    ids.org[key] = (await admin.post('/api/v1/organisations', { name: `${name}${tag}`, kind, level })).id;
  };
  await org('ke', 'Koordinerende enhet', 'coordinating_unit', 'municipal');
  await org('followUp', 'Oppfølgingstjenesten', 'unit', 'municipal');
  await org('homeNursing', 'Hjemmesykepleien', 'unit', 'municipal');
  await org('allocation', 'Tildelingskontoret', 'unit', 'municipal');
  await org('nav', 'NAV Fjordvik', 'external_agency', 'state');
  await org('gpOffice', 'Fjordvik legekontor', 'external_agency', 'municipal');
  await org('dps', 'DPS Fjordvik', 'external_agency', 'specialist');

  const staff = async (key, given, family, profession) => {
    ids.staff[key] = (await admin.post('/api/v1/staff', { given_name: given, family_name: `${family}${tag}`, profession })).id;
  };
  await staff('kine', 'Kine', 'Koordinator-Enhet', 'social_worker');
  await staff('ola', 'Ola', 'Hansen', 'social_worker');
  await staff('sara', 'Sara', 'Berg', 'nurse');
  await staff('nina', 'Nina', 'Sykepleier', 'nurse');
  await staff('erik', 'Erik', 'Akutt', 'nurse');
  await staff('lars', 'Lars', 'Leder', 'nurse');
  await staff('cecilie', 'Cecilie', 'Kontakt', 'social_educator');
  await staff('nils', 'Nils', 'Navesen', 'nav_advisor');
  await staff('nora', 'Nora', 'Navesen', 'nav_advisor');
  await staff('gunnar', 'Gunnar', 'Lege', 'physician');
  await staff('dina', 'Dina', 'Terapeut', 'psychologist');
  await staff('knut', 'Knut', 'Koordinator-Enhet', 'nurse');

  const member = async (key, staffKey, orgKey, extra = {}) => {
    const m = await admin.post('/api/v1/memberships', {
      staff_id: ids.staff[staffKey], organisation_id: ids.org[orgKey], position_percent: 100,
      valid_from: addDays(t, -400), ...extra,
    });
    await approveMembership(h, m, { tenant });
    ids.membership[key] = m.id;
  };
  await member('kine', 'kine', 'ke');
  await member('ola', 'ola', 'followUp');
  await member('sara', 'sara', 'followUp');
  await member('nina', 'nina', 'homeNursing');
  await member('erik', 'erik', 'homeNursing');
  await member('lars', 'lars', 'homeNursing', { leader: true, role: 'Enhetsleder' });
  await member('cecilie', 'cecilie', 'allocation');
  await member('nils', 'nils', 'nav');
  await member('nora', 'nora', 'nav');
  await member('gunnar', 'gunnar', 'gpOffice');
  await member('dina', 'dina', 'dps');
  await member('knut', 'knut', 'ke');

  // --- staff accounts and their tokens (CLI) -------------------------------
  for (const [name, staffKey] of [['ke', 'kine'], ['coordinator', 'ola'], ['sara', 'sara'], ['nurse', 'nina'],
    ['emergency', 'erik'], ['leader', 'lars'], ['contact', 'cecilie'], ['nav', 'nils'], ['nav2', 'nora'],
    ['gp', 'gunnar'], ['dps', 'dina'], ['ke2', 'knut']]) {
    const a = account(h.db, freshUsername(name), { staffId: ids.staff[staffKey], tenant });
    tokens[name] = a.token;
    accounts[name] = a.accountId;
    usernames[name] = a.username;
  }
  accounts.admin = (await admin.get('/api/v1/me')).account_id;
  const ke = as('ke');

  // --- the coordinating unit: persons, cases and plans ----------------------
  const person = async (key, given, family) => {
    ids.person[key] = (await ke.post('/api/v1/persons', { national_id: freshNid(), given_name: given, family_name: `${family}${tag}` })).id;
  };
  await person('kari', 'Kari', 'Nordmann');
  await person('per', 'Per', 'Pedersen');
  await person('lise', 'Lise', 'Nordmann');
  await person('tor', 'Tor', 'Nordmann');
  await person('expired', 'Eva', 'Utløpt');
  await person('withdrawn', 'Wenche', 'Trukket');
  await person('partial', 'Pål', 'Delvis');
  await person('future', 'Frida', 'Fremtid');
  await ke.post(`/api/v1/persons/${ids.person.kari}/addresses`, { street: `Fjordgata 3${tag}`, postal_code: '9600', city: 'Fjordvik', valid_from: '2020-01-01' });
  await ke.post(`/api/v1/persons/${ids.person.kari}/next-of-kin`, { name: `Lise Nordmann${tag}`, relation: 'sibling' });

  // citizens' accounts
  for (const [name, personKey] of [['owner', 'kari'], ['otherCitizen', 'per'], ['representative', 'lise'], ['repRead', 'tor']]) {
    const a = account(h.db, freshUsername(name), { role: 'citizen', personId: ids.person[personKey], tenant });
    tokens[name] = a.token;
    accounts[name] = a.accountId;
    usernames[name] = a.username;
  }
  // Kari authorises her sister Lise to act for her, and her father Tor to read:
  // her own authorisations, in force at once (R14: staff would need a second
  // person's approval)
  const kariSelf = as('owner');
  ids.representative = {
    lise: (await kariSelf.post(`/api/v1/persons/${ids.person.kari}/representatives`, { account_id: accounts.representative, kind: 'authorised', scope: 'act' })).id,
    tor: (await kariSelf.post(`/api/v1/persons/${ids.person.kari}/representatives`, { account_id: accounts.repRead, kind: 'authorised', scope: 'read', valid_from: addDays(t, -10) })).id,
  };

  // Kari's case: led by the follow-up service, NAV contributes, Cecilie is the contact
  ids.case.kari = (await ke.post('/api/v1/cases', {
    person_id: ids.person.kari, title: `Trenger koordinerte tjenester${tag}`, intake_channel: 'application',
    intake_date: addDays(t, -60), urgency: 'normal', domains: ['health', 'housing', 'economy'],
    lead_organisation_id: ids.org.followUp, contributing_organisation_ids: [ids.org.nav],
    contact_staff_id: ids.staff.cecilie,
  })).id;
  // Per's case: home nursing leads, no contact person
  ids.case.per = (await ke.post('/api/v1/cases', {
    person_id: ids.person.per, title: `Hjemmetjenester${tag}`, intake_channel: 'phone', intake_date: addDays(t, -20),
    urgency: 'low', lead_organisation_id: ids.org.homeNursing,
  })).id;

  const coordinator = as('coordinator');
  // the plans of the consent states
  const grantsGM = (sections = ['goals', 'measures']) => [{ organisation_id: ids.org.nav, sections }];
  const planSpecs = {
    active: { person: 'kari', case: 'kari', consents: [consentBody([
      ...grantsGM(),
      { staff_id: ids.staff.gunnar, sections: ['goals', 'measures', 'messages'] },
      { organisation_id: ids.org.dps, sections: ['goals', 'measures'] },
    ])] },
    none: { person: 'per', consents: [] },
    expired: { person: 'expired', consents: [consentBody(grantsGM(), { from: '2020-01-01', to: '2021-01-01' })] },
    withdrawn: { person: 'withdrawn', consents: [consentBody(grantsGM())], withdraw: true },
    partial: { person: 'partial', consents: [consentBody(grantsGM(['goals']))] },
    future: { person: 'future', consents: [consentBody(grantsGM(), { from: '2098-01-01', to: '2099-01-01' })] },
  };
  for (const [key, spec] of Object.entries(planSpecs)) {
    const plan = await ke.post('/api/v1/plans', {
      person_id: ids.person[spec.person], title: `Plan ${key}${tag}`, revision_date: addDays(t, 180),
      ...(spec.case ? { case_id: ids.case[spec.case] } : {}),
    });
    const p = `/api/v1/plans/${plan.id}`;
    ids.plans[key] = plan.id;
    // the coordinating unit appoints the coordinator
    await ke.put(`${p}/coordinator`, { staff_id: ids.staff.ola, reason: 'Oppnevnt av koordinerende enhet' });
    // the coordinator builds the group, records consents and writes the content
    const parts = ids.parts[key] = {};
    parts.navParticipant = (await coordinator.post(`${p}/participants`, { staff_id: ids.staff.nils, organisation_id: ids.org.nav, role: 'nav' })).id;
    if (key === 'active') {
      parts.gpParticipant = (await coordinator.post(`${p}/participants`, { staff_id: ids.staff.gunnar, organisation_id: ids.org.gpOffice, role: 'gp' })).id;
      parts.dpsParticipant = (await coordinator.post(`${p}/participants`, { staff_id: ids.staff.dina, organisation_id: ids.org.dps, role: 'specialist' })).id;
    }
    parts.kin = (await coordinator.post(`${p}/participants`, { name: `Pårørende Nordmann${tag}`, role: 'next_of_kin' })).id;
    parts.consents = [];
    for (const c of spec.consents) parts.consents.push((await coordinator.post(`${p}/consents`, c)).id);
    parts.consent = parts.consents[0] || null;
    if (spec.withdraw) await coordinator.post(`${p}/consents/${parts.consent}/withdraw`, { reason: 'Trukket av eieren' }, 200);
    parts.goal = (await coordinator.post(`${p}/goals`, { kind: 'main', text: `Å bo i egen leilighet${tag}`, domain: 'housing' })).id;
    parts.measure = (await coordinator.post(`${p}/measures`, {
      goal_id: parts.goal, description: `Oppfølging fra NAV${tag}`, responsible_staff_id: ids.staff.nils, responsible_organisation_id: ids.org.nav,
    })).id;
    parts.evaluation = (await coordinator.post(`${p}/evaluations`, { goal_id: parts.goal, date: addDays(t, -1), what: `Første evaluering${tag}` })).id;
    parts.linked = (await coordinator.post(`${p}/linked-plans`, { kind: 'nav_activity_plan', title: `Aktivitetsplan${tag}`, organisation_id: ids.org.nav })).id;
    parts.message = (await coordinator.post(`${p}/messages`, { kind: 'comment', text: `Velkommen til planen${tag}` })).id;
    const cur = await coordinator.get(p);
    await coordinator.patch(p, { resources: `Sterk vilje${tag}`, needs: `Bolig og arbeid${tag}`, owner_contribution: `Møter opp${tag}` }, cur.version);
  }
  // Kari's plan is activated by the coordinating unit
  await ke.post(`/api/v1/plans/${ids.plans.active}/activate`, undefined, 200);

  // Erik (home nursing) states a reason for emergency access to two plans
  const emergency = as('emergency');
  ids.emergency = {};
  for (const key of ['active', 'none']) {
    ids.emergency[key] = await emergency.post(`/api/v1/plans/${ids.plans[key]}/emergency-access`, { reason: 'Akutt innleggelse, trenger kriseplanen' });
  }
  if (!second) return { h, tokens, accounts, usernames, ids, as, today: t, tenant };

  // --- a second tenant ------------------------------------------------------
  let r = cli(['init', '--db', h.db, '--tenant', OTHER_TENANT, '--name', 'Andre kommune']);
  assert.equal(r.status, 0, r.stderr);
  const admin2 = account(h.db, freshUsername('admin-andre'), { role: 'admin', tenant: OTHER_TENANT });
  tokens.otherAdmin = admin2.token;
  accounts.otherAdmin = admin2.accountId;
  const a2 = as('otherAdmin');
  const o = ids.other;
  o.ke = (await a2.post('/api/v1/organisations', { name: 'Koordinerende enhet', kind: 'coordinating_unit', level: 'municipal' })).id;
  o.unit = (await a2.post('/api/v1/organisations', { name: 'Oppfølging', kind: 'unit', level: 'municipal' })).id;
  o.keStaff = (await a2.post('/api/v1/staff', { given_name: 'Ane', family_name: 'Andre', profession: 'social_worker' })).id;
  o.coordStaff = (await a2.post('/api/v1/staff', { given_name: 'Bo', family_name: 'Andre', profession: 'nurse' })).id;
  const keM = await a2.post('/api/v1/memberships', { staff_id: o.keStaff, organisation_id: o.ke, position_percent: 100 });
  await approveMembership(h, keM, { tenant: OTHER_TENANT });
  o.keMembership = keM.id;
  await a2.post('/api/v1/memberships', { staff_id: o.coordStaff, organisation_id: o.unit, position_percent: 100 });
  const ke2 = account(h.db, freshUsername('ke-andre'), { staffId: o.keStaff, tenant: OTHER_TENANT });
  tokens.otherKe = ke2.token;
  accounts.otherKe = ke2.accountId;
  const k2 = as('otherKe');
  o.person = (await k2.post('/api/v1/persons', { national_id: freshNid(), given_name: 'Anna', family_name: 'Andre' })).id;
  o.case = (await k2.post('/api/v1/cases', { person_id: o.person, title: 'Sak', intake_channel: 'phone', intake_date: t, urgency: 'normal', lead_organisation_id: o.unit })).id;
  o.plan = (await k2.post('/api/v1/plans', { person_id: o.person, coordinator_id: o.coordStaff })).id;
  const coord2 = account(h.db, freshUsername('coord-andre'), { staffId: o.coordStaff, tenant: OTHER_TENANT });
  tokens.otherCoordinator = coord2.token;
  o.goal = (await client(h, coord2.token).post(`/api/v1/plans/${o.plan}/goals`, { kind: 'main', text: 'Mål' })).id;

  return { h, tokens, accounts, usernames, ids, as, today: t };
}

// A plan for a new person in the fixture's tenant, made as the real roles
// would: the coordinating unit creates it and appoints Ola; Ola adds Nils
// (NAV) and, if `consent` is given (a list of grants), records it. For tests
// that change a plan's state without disturbing the shared plans.
export async function extraPlan(f, { grants, from, to, participants = ['nils'], activate = false } = {}) {
  const ke = f.as('ke');
  const t = today();
  const person = await ke.post('/api/v1/persons', { national_id: freshNid(), given_name: 'Ekstra', family_name: 'Person' });
  const plan = await ke.post('/api/v1/plans', { person_id: person.id, title: 'Ekstra plan', revision_date: addDays(t, 180) });
  const p = `/api/v1/plans/${plan.id}`;
  await ke.put(`${p}/coordinator`, { staff_id: f.ids.staff.ola });
  const c = f.as('coordinator');
  const out = { id: plan.id, person: person.id, path: p, participants: {} };
  const orgOf = { nils: 'nav', nora: 'nav', gunnar: 'gpOffice', dina: 'dps' };
  for (const s of participants) {
    out.participants[s] = (await c.post(`${p}/participants`, { staff_id: f.ids.staff[s], organisation_id: f.ids.org[orgOf[s] || 'nav'], role: s === 'dina' ? 'specialist' : 'nav' })).id;
  }
  if (grants) out.consent = (await c.post(`${p}/consents`, consentBody(grants, { from, to }))).id;
  out.goal = (await c.post(`${p}/goals`, { kind: 'main', text: 'Mål' })).id;
  out.measure = (await c.post(`${p}/measures`, { goal_id: out.goal, description: 'Tiltak', responsible_organisation_id: f.ids.org.nav })).id;
  if (activate) await ke.post(`${p}/activate`, undefined, 200);
  return out;
}
