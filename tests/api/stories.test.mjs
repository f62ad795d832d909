// stories.test.mjs - the acceptance stories S1-S5 of shared/scenarios.md played
// through the API by the actors who do them in a municipality: the coordinating
// unit, the coordinator, the citizen, NAV, the GP, the DPS therapist
// (docs/security.md gives each their access). The cast comes from fixture.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildFixture, client, account, freshNid, freshUsername, addDays, consentBody } from './fixture.mjs';

let f;
let ke;
let ola;
let admin;
let w; // the story's own units and staff
before(async () => {
  f = await buildFixture();
  ke = f.as('ke');
  ola = f.as('coordinator');
  admin = f.as('admin');
  w = {};
  w.economy = (await admin.post('/api/v1/organisations', { name: 'Økonomi og gjeld', kind: 'unit', level: 'municipal' })).id;
  w.housing = (await admin.post('/api/v1/organisations', { name: 'Boligkontoret', kind: 'unit', level: 'municipal' })).id;
  w.debt = (await admin.post('/api/v1/staff', { given_name: 'Per', family_name: 'Gjeld', profession: 'debt_adviser' })).id;
  await admin.post('/api/v1/memberships', { staff_id: w.debt, organisation_id: w.economy, position_percent: 100 });
});
after(async () => { await f.h.stop(); });

const sorted = (a) => [...a].sort();

// A citizen with an account, as in S1 step 1: the person, and Kari's log-in.
async function citizen(given) {
  const p = await ke.post('/api/v1/persons', { national_id: freshNid(), given_name: given, family_name: 'Nordmann' });
  const a = account(f.h.db, freshUsername(given), { role: 'citizen', personId: p.id });
  return { id: p.id, accountId: a.accountId, as: client(f.h, a.token, given) };
}

// Everything the plan's readers have been given, as they see it.
async function readAs(actor, path) {
  return actor.api('GET', path);
}

// A plan like Kari's after S1 (for the stories that start there): NAV (Nils),
// the GP (Gunnar) and the DPS therapist (Dina) in the group with consent to
// goals and measures; a main goal and a measure held by each of them.
async function karisPlan({ nav = 'nils' } = {}) {
  const kari = await citizen('Kari');
  const plan = await ke.post('/api/v1/plans', { person_id: kari.id, title: 'Karis plan', revision_date: addDays(f.today, 180) });
  const p = `/api/v1/plans/${plan.id}`;
  await ke.put(`${p}/coordinator`, { staff_id: f.ids.staff.ola });
  const parts = {};
  parts.nav = (await ola.post(`${p}/participants`, { staff_id: f.ids.staff[nav] || nav, organisation_id: f.ids.org.nav, role: 'nav' })).id;
  parts.gp = (await ola.post(`${p}/participants`, { staff_id: f.ids.staff.gunnar, organisation_id: f.ids.org.gpOffice, role: 'gp' })).id;
  parts.dps = (await ola.post(`${p}/participants`, { staff_id: f.ids.staff.dina, organisation_id: f.ids.org.dps, role: 'specialist' })).id;
  parts.consent = (await ola.post(`${p}/consents`, consentBody([
    { organisation_id: f.ids.org.nav, sections: ['goals', 'measures'] },
    { staff_id: f.ids.staff.gunnar, sections: ['goals', 'measures'] },
    { staff_id: f.ids.staff.dina, sections: ['goals', 'measures'] },
  ], { from: f.today, to: addDays(f.today, 364) }))).id;
  parts.goal = (await kari.as.post(`${p}/goals`, { kind: 'main', text: 'Å bo i egen leilighet og ha en jobb å gå til' })).id;
  parts.treatment = (await ola.post(`${p}/measures`, { goal_id: parts.goal, description: 'Poliklinisk behandling', scope: 'Annenhver uke', responsible_staff_id: f.ids.staff.dina, responsible_organisation_id: f.ids.org.dps, status: 'active' })).id;
  await ke.post(`${p}/activate`, undefined, 200);
  return { kari, id: plan.id, p, parts };
}

test('S1: an individual plan from request to first evaluation', async () => {
  // 1. the coordinating unit registers the request (source: the user herself) and appoints Ola
  const kari = await citizen('Kari');
  const kase = await ke.post('/api/v1/cases', {
    person_id: kari.id, title: 'Ønsker individuell plan', intake_channel: 'walk_in', intake_date: f.today, urgency: 'normal',
    domains: ['health', 'housing', 'economy'], lead_organisation_id: f.ids.org.followUp, contact_staff_id: f.ids.staff.ola,
    description: 'Kari ber selv om individuell plan',
  });
  let plan = await ke.post('/api/v1/plans', { person_id: kari.id, case_id: kase.id, title: 'Karis plan' });
  const p = `/api/v1/plans/${plan.id}`;
  const appointed = await ke.put(`${p}/coordinator`, { staff_id: f.ids.staff.ola, reason: 'Oppnevnt etter søknad' });
  assert.equal(appointed.current.staff_id, f.ids.staff.ola);
  // activation before consent fails naming the missing consent
  let r = await ke.api('POST', `${p}/activate`);
  assert.equal(r.status, 409, r.text);
  assert.equal(r.body.error.code, 'r1_consent_missing');
  assert.equal(r.body.error.field, 'consents');
  r = await ola.api('POST', `${p}/activate`);
  assert.equal(r.status, 409, r.text);
  assert.equal(r.body.error.code, 'r1_consent_missing');

  // 2. Kari consents in person: NAV (her caseworker), her GP and the DPS therapist
  //    may see goals and measures, not the crisis plan; valid for 12 months
  await ola.post(`${p}/participants`, { staff_id: f.ids.staff.nils, organisation_id: f.ids.org.nav, role: 'nav' });
  await ola.post(`${p}/participants`, { staff_id: f.ids.staff.gunnar, organisation_id: f.ids.org.gpOffice, role: 'gp' });
  await ola.post(`${p}/participants`, { staff_id: f.ids.staff.dina, organisation_id: f.ids.org.dps, role: 'specialist' });
  const consent = await ola.post(`${p}/consents`, {
    given_by: 'owner', method: 'in_person', valid_from: f.today, valid_to: addDays(f.today, 364),
    grants: [
      { staff_id: f.ids.staff.nils, sections: ['goals', 'measures'] },
      { staff_id: f.ids.staff.gunnar, sections: ['goals', 'measures'] },
      { staff_id: f.ids.staff.dina, sections: ['goals', 'measures'] },
    ],
  });
  assert.equal(consent.state, 'active');
  assert.equal(consent.recorded_by, f.accounts.coordinator);

  // 3. Kari writes her main goal in her own words and two sub-goals; Ola adds resources and needs
  const main = await kari.as.post(`${p}/goals`, { kind: 'main', text: 'Å bo i egen leilighet og ha en jobb å gå til', domain: 'housing' });
  assert.equal(main.author_account_id, kari.accountId);
  const debtGoal = await kari.as.post(`${p}/goals`, { kind: 'sub', parent_id: main.id, text: 'Få orden på gjelda', domain: 'economy' });
  const workGoal = await kari.as.post(`${p}/goals`, { kind: 'sub', parent_id: main.id, text: 'Komme i arbeidstrening', domain: 'work_activity' });
  plan = await ola.get(p);
  plan = await ola.patch(p, {
    resources: 'Sterk vilje, god kontakt med søsteren', needs: 'Bolig, gjeldsordning, behandling',
    owner_contribution: 'Møter til avtalte samtaler', services_contribution: 'Se tiltakene',
    period_from: f.today, period_to: addDays(f.today, 364), revision_date: addDays(f.today, 180),
  }, plan.version);

  // 4. measures: debt counselling (economy unit decides), housing application
  //    (decision pending), outpatient treatment - the DPS therapist writes her own
  const debt = await ola.post(`${p}/measures`, { goal_id: debtGoal.id, description: 'Gjeldsrådgivning', scope: '4 samtaler', responsible_staff_id: w.debt, deciding_organisation_id: w.economy, decision_status: 'granted' });
  const housing = await ola.post(`${p}/measures`, { goal_id: main.id, description: 'Søknad om kommunal bolig', responsible_organisation_id: w.housing, deciding_organisation_id: w.housing, decision_status: 'pending' });
  assert.deepEqual(housing.flags, ['decision_pending']);
  const treatment = await f.as('dps').post(`${p}/measures`, { goal_id: workGoal.id, description: 'Poliklinisk behandling', scope: 'Annenhver uke', responsible_staff_id: f.ids.staff.dina, responsible_organisation_id: f.ids.org.dps });
  assert.deepEqual(treatment.flags, []);

  // 5. activated only now, with consent and coordinator both in place
  plan = await ke.post(`${p}/activate`, undefined, 200);
  assert.equal(plan.status, 'active');

  // 6. evaluation dates; at the first evaluation Kari records her own view
  await ola.patch(`${p}/goals/${main.id}`, { evaluation_date: addDays(f.today, 90) }, main.version);
  await ola.patch(`${p}/measures/${debt.id}`, { evaluation_date: addDays(f.today, 90) }, debt.version);
  const ev = await ola.post(`${p}/evaluations`, { goal_id: main.id, measure_id: debt.id, date: f.today, what: 'Gjeldsrådgivning', outcome: 'Avtale med kreditorer' });
  const mine = await kari.as.patch(`${p}/evaluations/${ev.id}`, { owner_view: 'Jeg sover bedre nå' }, ev.version);
  assert.equal(mine.owner_view, 'Jeg sover bedre nå');

  // NAV sees goals and measures, not the crisis plan (nor anything else)
  const nav = f.as('nav');
  const seen = await nav.get(p);
  assert.deepEqual(sorted(seen.sections), ['goals', 'measures', 'plan']);
  assert.equal(seen.goals.length, 3);
  assert.equal(seen.measures.length, 3);
  for (const k of ['evaluations', 'participants', 'consents', 'resources', 'needs', 'crisis_plan']) assert.ok(!(k in seen), `NAV sees ${k}`);
  for (const s of ['evaluations', 'participants', 'consents', 'history']) assert.equal((await nav.api('GET', `${p}/${s}`)).status, 404, s);
  // so do the GP and the DPS therapist
  for (const who of ['gp', 'dps']) assert.deepEqual(sorted((await f.as(who).get(p)).sections), ['goals', 'measures', 'plan'], who);
  // the coordinating unit looks over its plans: the plan section only
  assert.deepEqual(sorted((await ke.get(p)).sections), ['access_log', 'plan']);
  // Kari sees all of it, and her access log shows every reader
  const own = await kari.as.get(p);
  assert.ok(own.sections.includes('crisis_plan') && own.sections.includes('consents'));
  assert.equal(own.evaluations[0].owner_view, 'Jeg sover bedre nå');
  const log = await kari.as.get(`${p}/access-log`);
  for (const [who, staff] of [['nav', 'nils'], ['gp', 'gunnar'], ['dps', 'dina'], ['coordinator', 'ola'], ['ke', 'kine']]) {
    const e = log.items.find((x) => x.account_id === f.accounts[who]);
    assert.ok(e, `${who} missing from the access log: ${JSON.stringify(log.items.slice(0, 5))}`);
    assert.equal(e.staff_id, f.ids.staff[staff]);
    assert.equal(typeof e.name, 'string');
    assert.match(e.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
  }
  const navRead = log.items.find((x) => x.account_id === f.accounts.nav);
  assert.equal(navRead.organisation_id, f.ids.org.nav);
  assert.equal(navRead.emergency, false);
  // those who did not read are not in it
  for (const who of ['nurse', 'nav2', 'sara']) assert.ok(!log.items.some((x) => x.account_id === f.accounts[who]), who);
});

test('S2: the coordinator leaves; the coordinating unit appoints Sara; nothing is lost', async () => {
  const k = await karisPlan();
  const before = await ola.get(k.p);
  const nav = f.as('nav');
  assert.equal((await nav.api('GET', `${k.p}/goals`)).status, 200);
  // Ola quits without handing over: the coordinating unit appoints Sara without him
  const c = await ke.put(`${k.p}/coordinator`, { staff_id: f.ids.staff.sara, reason: 'Ola har sluttet' });
  assert.equal(c.current.staff_id, f.ids.staff.sara);
  assert.equal(c.history.length, 2);
  assert.equal(c.history[0].staff_id, f.ids.staff.ola);
  assert.ok(c.history[0].from_at && c.history[0].to_at, 'the first period has both dates');
  assert.ok(c.history[0].to_at <= c.history[1].from_at);
  assert.equal(c.history[1].to_at, null);
  assert.equal(c.history[1].assigned_by, f.accounts.ke);
  // Ola's next request: as if the plan did not exist
  for (const path of [k.p, `${k.p}/goals`, `${k.p}/consents`, `${k.p}/history`]) {
    const r = await ola.api('GET', path);
    assert.equal(r.status, 404, `${path}: ${r.text}`);
    assert.equal(r.body.error.code, 'not_found');
  }
  assert.equal((await ola.api('POST', `${k.p}/goals`, { body: { kind: 'main', text: 'x' } })).status, 404);
  // Sara sees everything; nothing is lost
  const sara = f.as('sara');
  const now = await sara.get(k.p);
  assert.equal(now.coordinator_id, f.ids.staff.sara);
  assert.equal(now.status, 'active');
  assert.deepEqual(now.goals.map((x) => x.id), before.goals.map((x) => x.id));
  assert.deepEqual(now.measures.map((x) => x.id), before.measures.map((x) => x.id));
  assert.deepEqual(now.consents.map((x) => x.id), before.consents.map((x) => x.id));
  assert.ok(now.participants.find((x) => x.staff_id === f.ids.staff.nils && x.left_on === null), 'the group keeps its membership');
  // the group keeps its access
  assert.deepEqual(sorted((await nav.get(k.p)).sections), ['goals', 'measures', 'plan']);
  assert.equal((await f.as('dps').api('GET', `${k.p}/measures`)).status, 200);
  // the history shows both coordinators with dates
  const hist = await sara.get(`${k.p}/history`);
  const coordinators = hist.items.filter((x) => x.action === 'coordinator');
  assert.deepEqual(coordinators.map((x) => x.data.after.staff_id), [f.ids.staff.ola, f.ids.staff.sara]);
  assert.ok(coordinators.every((x) => /^\d{4}-\d\d-\d\dT/.test(x.at)));
  assert.ok(coordinators[0].at <= coordinators[1].at);
  // Sara now writes as the coordinator
  await sara.post(`${k.p}/goals`, { kind: 'sub', parent_id: k.parts.goal, text: 'Delmål fra Sara' });
});

test('S3: Kari withdraws consent for the DPS therapist; the therapist\'s next request answers 404; the audit log shows both', async () => {
  const k = await karisPlan();
  const dps = f.as('dps');
  assert.equal((await dps.api('GET', `${k.p}/measures`)).status, 200);
  // Kari withdraws the consent; Ola records at once the one she gives now, without the therapist
  const w1 = await k.kari.as.post(`${k.p}/consents/${k.parts.consent}/withdraw`, { reason: 'Vil ikke dele med DPS lenger' }, 200);
  assert.equal(w1.state, 'withdrawn');
  assert.ok(w1.withdrawn_at);
  const renewed = await ola.post(`${k.p}/consents`, consentBody([
    { organisation_id: f.ids.org.nav, sections: ['goals', 'measures'] },
    { staff_id: f.ids.staff.gunnar, sections: ['goals', 'measures'] },
  ], { from: f.today, to: addDays(f.today, 364) }));
  // the therapist's next request: as if the plan did not exist
  for (const path of [k.p, `${k.p}/measures`, `${k.p}/measures/${k.parts.treatment}`, `${k.p}/goals`]) {
    const r = await dps.api('GET', path);
    assert.equal(r.status, 404, `${path}: ${r.text}`);
    assert.equal(r.body.error.code, 'not_found');
    assert.ok(!/Karis plan|leilighet/.test(r.text));
  }
  const listed = await dps.get('/api/v1/plans?limit=500');
  assert.ok(!listed.items.some((x) => x.id === k.id), 'the plan is gone from the therapist\'s list');
  // the others keep what the new consent gives them
  assert.equal((await f.as('nav').api('GET', `${k.p}/measures`)).status, 200);
  assert.equal((await f.as('gp').api('GET', `${k.p}/goals`)).status, 200);
  // the audit log shows the withdrawal and the refused read
  const audit = await ke.get(`/api/v1/audit?plan_id=${k.id}&limit=500`);
  const withdrawal = audit.items.find((x) => x.account_id === k.kari.accountId && x.object_id === k.parts.consent && /withdraw/.test(x.action));
  assert.ok(withdrawal, `no withdrawal in ${JSON.stringify(audit.items.filter((x) => x.account_id === k.kari.accountId))}`);
  assert.notEqual(withdrawal.outcome, 'denied');
  assert.equal(withdrawal.person_id, k.kari.id);
  const denied = await ke.get(`/api/v1/audit?plan_id=${k.id}&account_id=${f.accounts.dps}&outcome=denied&limit=500`);
  assert.ok(denied.items.length >= 4, JSON.stringify(denied.items));
  assert.ok(denied.items.every((x) => x.outcome === 'denied' && x.account_id === f.accounts.dps && x.staff_id === f.ids.staff.dina));
  assert.ok(denied.items.some((x) => x.action === 'read'));
  assert.ok(denied.items[0].seq > withdrawal.seq, 'the refusals come after the withdrawal');
  assert.ok(renewed.id);
  // the administrator sees the same entries; nobody else reads the audit log
  const adm = await admin.get(`/api/v1/audit?plan_id=${k.id}&outcome=denied&account_id=${f.accounts.dps}&limit=500`);
  assert.deepEqual(adm.items.map((x) => x.seq), denied.items.map((x) => x.seq));
  assert.equal((await k.kari.as.api('GET', `/api/v1/audit?plan_id=${k.id}`)).status, 403);
});

test('S4: a NAV caseworker a month: the new one sees only what consent gives NAV; the old one loses access', async () => {
  // March's caseworker, with a dated membership, takes part and holds a measure
  const march = (await admin.post('/api/v1/staff', { given_name: 'Mats', family_name: 'Mars', profession: 'nav_advisor' })).id;
  const mm = await admin.post('/api/v1/memberships', { staff_id: march, organisation_id: f.ids.org.nav, position_percent: 100, valid_from: addDays(f.today, -30) });
  assert.equal(mm.valid_from, addDays(f.today, -30));
  const marchTok = client(f.h, account(f.h.db, freshUsername('mats'), { staffId: march }).token, 'mats');
  const kari = await citizen('Kari');
  const plan = await ke.post('/api/v1/plans', { person_id: kari.id, revision_date: addDays(f.today, 100) });
  const p = `/api/v1/plans/${plan.id}`;
  await ke.put(`${p}/coordinator`, { staff_id: f.ids.staff.ola });
  const oldPart = await ola.post(`${p}/participants`, { staff_id: march, organisation_id: f.ids.org.nav, role: 'nav' });
  await ola.post(`${p}/consents`, consentBody([{ organisation_id: f.ids.org.nav, sections: ['goals', 'measures'] }]));
  const goal = await kari.as.post(`${p}/goals`, { kind: 'main', text: 'Komme i jobb' });
  const measure = await ola.post(`${p}/measures`, { goal_id: goal.id, description: 'Arbeidsrettet oppfølging', responsible_staff_id: march });
  assert.equal((await marchTok.api('GET', `${p}/measures`)).status, 200);
  S4.flagsBefore = measure.flags;

  // April: NAV moves Mats on (membership ends yesterday) and assigns Nina-from-NAV from today
  await admin.patch(`/api/v1/memberships/${mm.id}`, { valid_to: addDays(f.today, -1) }, mm.version);
  const april = (await admin.post('/api/v1/staff', { given_name: 'Aud', family_name: 'April', profession: 'nav_advisor' })).id;
  const am = await admin.post('/api/v1/memberships', { staff_id: april, organisation_id: f.ids.org.nav, position_percent: 100, valid_from: f.today });
  assert.equal(am.valid_from, f.today, 'membership has dates');
  const aprilTok = client(f.h, account(f.h.db, freshUsername('aud'), { staffId: april }).token, 'aud');
  // before she joins the group she sees nothing
  assert.equal((await aprilTok.api('GET', p)).status, 404);
  await ola.patch(`${p}/participants/${oldPart.id}`, { left_on: f.today }, oldPart.version);
  await ola.post(`${p}/participants`, { staff_id: april, organisation_id: f.ids.org.nav, role: 'nav' });
  // the new caseworker sees only what the consent gives NAV
  const seen = await aprilTok.get(p);
  assert.deepEqual(sorted(seen.sections), ['goals', 'measures', 'plan']);
  for (const k of ['participants', 'consents', 'evaluations', 'resources']) assert.ok(!(k in seen), k);
  assert.equal((await aprilTok.api('GET', `${p}/participants`)).status, 404);
  // the old one no longer sees the plan
  assert.equal((await marchTok.api('GET', p)).status, 404);
  // a membership starting tomorrow gives nothing today
  const may = (await admin.post('/api/v1/staff', { given_name: 'Mai', family_name: 'Mai', profession: 'nav_advisor' })).id;
  await admin.post('/api/v1/memberships', { staff_id: may, organisation_id: f.ids.org.nav, position_percent: 100, valid_from: addDays(f.today, 1) });
  const mayTok = client(f.h, account(f.h.db, freshUsername('mai'), { staffId: may }).token, 'mai');
  await ola.post(`${p}/participants`, { staff_id: may, organisation_id: f.ids.org.nav, role: 'nav' });
  assert.equal((await mayTok.api('GET', p)).status, 404, 'a NAV membership from tomorrow is not current today');
  const me = await mayTok.get('/api/v1/me');
  assert.ok(!me.roles.some((x) => x.role === 'external_partner'), JSON.stringify(me.roles));
  // what the coordinator sees of the measure the old caseworker held
  const m = await ola.get(`${p}/measures/${measure.id}`);
  S4.measureFlags = m.flags;
  S4.planFlags = (await ola.get(p)).flags;
  S4.listFlags = (await ola.get(`${p}/measures`)).items.find((x) => x.id === measure.id).flags;
  // the coordinator gives the measure to the new caseworker
  const handed = await ola.patch(`${p}/measures/${measure.id}`, { responsible_staff_id: april }, m.version);
  S4.flagsAfter = handed.flags;
  S4.planFlagsAfter = (await ola.get(p)).flags;
});
const S4 = {};

test('S4: tasks held by the old caseworker are shown as needing a new owner', () => {
  assert.ok(S4.measureFlags, 'S4 ran');
  assert.deepEqual(S4.measureFlags, ['responsible_left_group']);
  assert.ok(S4.planFlags.includes('measure_needs_new_owner'), JSON.stringify(S4.planFlags));
  assert.deepEqual(S4.listFlags, ['responsible_left_group'], 'the measure list says the same');
  // while he was in the group the measure was not flagged
  assert.deepEqual(S4.flagsBefore, []);
  // handed to the new caseworker, the flag goes
  assert.deepEqual(S4.flagsAfter, []);
  assert.ok(!S4.planFlagsAfter.includes('measure_needs_new_owner'), JSON.stringify(S4.planFlagsAfter));
});

test('S5: the psychologist ends a measure with a reason; the coordinator sees the goal it served flagged', async () => {
  const k = await karisPlan();
  const dps = f.as('dps');
  let m = await dps.get(`${k.p}/measures/${k.parts.treatment}`);
  assert.deepEqual((await ola.get(`${k.p}/goals/${k.parts.goal}`)).flags, []);
  // the partner ends her own measure, with the reason
  m = await dps.patch(`${k.p}/measures/${m.id}`, { status: 'ended', end_reason: 'Uteblitt fra tre avtaler; behandlingen avsluttes', end_date: f.today }, m.version);
  assert.equal(m.status, 'ended');
  assert.equal(m.end_reason, 'Uteblitt fra tre avtaler; behandlingen avsluttes');
  // but she may not delete it (participants never delete)
  assert.equal((await dps.api('DELETE', `${k.p}/measures/${m.id}`, { headers: { 'If-Match': `"${m.version}"` } })).status, 403);
  // the coordinator is alerted: the goal it served has no measure with a responsible party
  const plan = await ola.get(k.p);
  const goal = plan.goals.find((x) => x.id === k.parts.goal);
  assert.deepEqual(goal.flags, ['no_responsible_measure']);
  assert.ok(plan.flags.includes('goal_without_responsible'), JSON.stringify(plan.flags));
  // the history names who ended it
  const hist = await ola.get(`${k.p}/history`);
  const change = hist.items.filter((x) => x.object_type === 'measure' && x.action === 'update').at(-1);
  assert.equal(change.data.after.status, 'ended');
  assert.equal(change.data.after.end_reason, 'Uteblitt fra tre avtaler; behandlingen avsluttes');
  assert.equal(change.author, f.usernames.dps);
  // Kari sees it too
  const own = await k.kari.as.get(`${k.p}/goals/${k.parts.goal}`);
  assert.deepEqual(own.flags, ['no_responsible_measure']);
});
