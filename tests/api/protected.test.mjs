// protected.test.mjs - protected persons (SPEC R16, docs/security.md
// "Protected persons (R16)").
//
// Kari (fixture.mjs) is marked strictly confidential by the coordinating unit,
// which names Ola (her coordinator) for her address; Ola writes a marker
// address (a street, postcode and city found nowhere else) and a next-of-kin
// note that names it. Then every actor of the fixture asks every GET route the
// server has (`helhet routes`, ids from the fixture) and the searches: the
// marker is in no answer to anyone but Ola and Kari herself, and the address
// search for it finds Kari only for Ola. Last, neither the server's log nor
// the audit log (GET /audit, and the audit_log table read with the engine's shell) nor
// the audit journal holds it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildFixture, freshNid, addDays } from './fixture.mjs';
import { cli, assertError, rows as dbRows, ENGINE } from './harness.mjs';

const MARKER = { street: 'Hemmeligveien 4242', postal_code: '9797', city: 'Skjulvika' };
// what must not leak: the street, and the city (the postcode alone is too short to look for)
const LEAKS = ['Hemmeligveien', 'hemmeligveien', 'Skjulvika'];
const leaks = (text) => LEAKS.filter((m) => text.includes(m));

let f;
let kari;       // /api/v1/persons/{Kari}
let address;    // the marker address
let kin;        // the next of kin whose note names it
let grant;      // Ola's place on the address access list
let approvalId; // one of the fixture's approval requests
before(async () => {
  f = await buildFixture();
  kari = `/api/v1/persons/${f.ids.person.kari}`;
  const ke = f.as('ke');
  const p = await ke.get(kari);
  await ke.patch(`${kari}/protection`, { protection_code: 'strictly_confidential' }, p.version);
  grant = await ke.post(`${kari}/address-access`, { staff_id: f.ids.staff.ola, reason: 'Koordinator, hjemmebesøk' });
  const ola = f.as('coordinator');
  address = await ola.post(`${kari}/addresses`, { ...MARKER, valid_from: '2024-05-01' });
  kin = await ola.post(`${kari}/next-of-kin`, { name: 'Søster Nordmann', relation: 'sibling', note: `Bor hos Kari i ${MARKER.street}, ${MARKER.city}` });
  // an approval request of the fixture (Kine's membership of the coordinating unit)
  approvalId = (await f.as('admin').get('/api/v1/approvals?kind=membership')).items[0].id;
});
after(async () => { await f.h.stop(); });

// Every fixture actor; the ones named for Kari's address see it.
const ACTORS = ['admin', 'ke', 'coordinator', 'sara', 'nurse', 'emergency', 'leader', 'contact', 'nav', 'nav2', 'gp', 'dps',
  'owner', 'representative', 'repRead', 'otherCitizen', 'otherAdmin', 'otherKe', 'otherCoordinator'];
const NAMED = ['coordinator', 'owner'];

// The concrete paths of a GET route pattern, with the fixture's ids (Kari's
// person, case and plan and their parts).
function pathsOf(pattern) {
  const ids = f.ids;
  const parts = ids.parts.active;
  const child = {
    addresses: address.id, 'next-of-kin': kin.id, representatives: ids.representative.lise, 'address-access': grant.id,
    goals: parts.goal, measures: parts.measure, evaluations: parts.evaluation, participants: parts.navParticipant,
    consents: parts.consent, messages: parts.message, 'linked-plans': parts.linked,
  };
  const top = {
    persons: ids.person.kari, cases: ids.case.kari, plans: ids.plans.active, organisations: ids.org.ke,
    staff: ids.staff.ola, memberships: ids.membership.ola, accounts: f.accounts.owner, approvals: approvalId,
  };
  const segs = pattern.split('/');
  const out = segs.map((s, i) => {
    if (s === '{name}') return 'test';
    if (s !== '{id}') return s;
    const owner = segs[i - 1];
    const id = i <= 4 ? top[owner] : child[owner];
    assert.ok(id, `no fixture id for ${owner} in ${pattern}`);
    return String(id);
  }).join('/');
  const paths = [out];
  // the collections that search or list, asked for everything they hold
  if (pattern === '/api/v1/persons') {
    paths.push('/api/v1/persons?limit=500', '/api/v1/persons?q=Hemmeligveien', '/api/v1/persons?q=hemmeligveien%204242',
      '/api/v1/persons?address=Hemmeligveien', '/api/v1/persons?address=Hemmeligveien%204242', '/api/v1/persons?q=Kari',
      `/api/v1/persons?q=Kari&address=Hemmeligveien`);
  }
  if (['/api/v1/cases', '/api/v1/plans', '/api/v1/worklist', '/api/v1/audit'].includes(pattern)) paths.push(`${pattern}?limit=500`);
  return paths;
}

function getRoutes() {
  const r = cli(['routes']);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim().split('\n').filter((l) => l.startsWith('GET ')).map((l) => l.slice(4));
}

test('the marker address is in no answer of any GET route to an actor who is not named for it', async () => {
  const routes = getRoutes();
  assert.ok(routes.includes('/api/v1/persons/{id}/address-access'), 'the routes include the address access list');
  const problems = [];
  let asked = 0;
  const seenBy = new Set();
  for (const role of ACTORS) {
    for (const pattern of routes) {
      for (const path of pathsOf(pattern)) {
        const r = await f.h.api('GET', path, { token: f.tokens[role] });
        asked += 1;
        const found = leaks(r.text);
        if (found.length && !NAMED.includes(role)) problems.push(`${role} GET ${path} -> ${r.status} shows ${found.join(', ')}`);
        if (found.length) seenBy.add(role);
      }
    }
  }
  // (not deepEqual: its diff of a long list takes minutes)
  assert.ok(problems.length === 0, `${problems.length} leaks of the protected address:\n${problems.slice(0, 40).join('\n')}`);
  // the check can fail: the named ones do get the address
  assert.deepEqual([...seenBy].sort(), [...NAMED].sort());
  assert.ok(asked > ACTORS.length * routes.length, `asked ${asked}`);
});

test('the named see the address; the others see the person with the address marked protected', async () => {
  for (const role of NAMED) {
    const p = await f.as(role).get(kari);
    assert.equal(p.address_protected, true);
    assert.equal(p.protection_code, 'strictly_confidential');
    assert.equal(p.addresses[0].street, MARKER.street, role);
    assert.match(p.next_of_kin.find((k) => k.id === kin.id).note, /Hemmeligveien/);
  }
  // Ola's address list and item
  const list = await f.as('coordinator').get(`${kari}/addresses`);
  assert.ok(list.items.some((a) => a.street === MARKER.street));
  for (const role of ['ke', 'sara', 'contact']) {
    const c = f.as(role);
    const p = await c.get(kari);
    assert.equal(p.given_name, 'Kari', `${role} still sees the person (R13)`);
    assert.equal(p.address_protected, true);
    assert.equal(p.protection_code, 'strictly_confidential');
    assert.ok(p.addresses.length >= 2, 'every address is there, as a marker');
    for (const a of p.addresses) {
      assert.deepEqual(Object.keys(a).sort(), ['address_protected', 'id', 'person_id'], `${role}: ${JSON.stringify(a)}`);
      assert.equal(a.address_protected, true);
    }
    assert.equal(p.next_of_kin.find((k) => k.id === kin.id).note, undefined);
    assert.equal(p.next_of_kin.find((k) => k.id === kin.id).name, 'Søster Nordmann');
    const item = await c.get(`${kari}/addresses/${address.id}`);
    assert.deepEqual(item, { id: address.id, person_id: f.ids.person.kari, address_protected: true });
  }
  // an unprotected person's address is there for her readers, unmarked
  const per = await f.as('ke').post(`/api/v1/persons/${f.ids.person.per}/addresses`, { street: 'Åpen gate 1' });
  const seen = await f.as('nurse').get(`/api/v1/persons/${f.ids.person.per}`);
  assert.equal(seen.address_protected, false);
  assert.equal(seen.addresses.find((a) => a.id === per.id).street, 'Åpen gate 1');
});

test('the address search finds the protected person only for the named', async () => {
  const search = async (role, query) => (await f.as(role).get(`/api/v1/persons?${query}`)).items.map((p) => p.id);
  for (const query of ['address=Hemmeligveien', 'q=Hemmeligveien%204242', 'q=hemmeligv', 'address=hemmeligveien%204242']) {
    for (const role of ['ke', 'sara', 'contact']) {
      assert.ok(!(await search(role, query)).includes(f.ids.person.kari), `${role} ${query} finds Kari`);
    }
    assert.ok((await search('coordinator', query)).includes(f.ids.person.kari), `Ola ${query} does not find Kari`);
  }
  // her former address in Fjordgata is hidden as well; her name still finds her
  assert.ok(!(await search('ke', 'address=Fjordgata')).includes(f.ids.person.kari));
  assert.ok((await search('ke', 'q=Kari%20Nordmann')).includes(f.ids.person.kari));
  const hit = (await f.as('ke').get('/api/v1/persons?q=Kari%20Nordmann')).items.find((p) => p.id === f.ids.person.kari);
  assert.equal(hit.address_protected, true);
});

test('only the named write a protected person\'s addresses and next of kin', async () => {
  const sara = f.as('sara');
  assertError(await sara.api('POST', `${kari}/addresses`, { body: { street: 'Ny gate 1' } }), 403, 'address_protected');
  assertError(await sara.api('PATCH', `${kari}/addresses/${address.id}`, { body: { city: 'X' }, headers: { 'If-Match': '"1"' } }), 403, 'address_protected');
  assertError(await sara.api('DELETE', `${kari}/addresses/${address.id}`, { headers: { 'If-Match': '"1"' } }), 403, 'address_protected');
  assertError(await sara.api('POST', `${kari}/next-of-kin`, { body: { name: 'Ny', relation: 'friend' } }), 403, 'address_protected');
  // the coordinating unit keeps the protection and the list, but is not named for the address
  assertError(await f.as('ke').api('POST', `${kari}/addresses`, { body: { street: 'Ny gate 2' } }), 403, 'address_protected');
  // the refusal is in the audit log as denied
  const audit = await f.as('admin').get('/api/v1/audit?limit=20&outcome=denied');
  assert.ok(audit.items.some((a) => a.code === 'address_protected' && a.object === 'address'), JSON.stringify(audit.items.slice(0, 3)));
  // a named one writes (Ola: a city for the marker address)
  const ola = f.as('coordinator');
  const cur = await ola.get(`${kari}/addresses/${address.id}`);
  await ola.patch(`${kari}/addresses/${address.id}`, { city: MARKER.city }, cur.version);
});

test('the address access list: who is named, for how long, kept by the coordinating unit', async () => {
  const ke = f.as('ke');
  const list = await ke.get(`${kari}/address-access`);
  const ola = list.items.find((g) => g.id === grant.id);
  assert.equal(ola.staff_id, f.ids.staff.ola);
  assert.equal(ola.granted_by, f.ids.staff.kine);
  assert.equal(ola.valid_from, f.today);
  // Kari reads who may see her address; the contact person does not keep the
  // list of a person with a register code, nor does a related staff member
  assert.ok((await f.as('owner').get(`${kari}/address-access`)).items.some((g) => g.id === grant.id));
  assertError(await f.as('contact').api('GET', `${kari}/address-access`), 403, 'forbidden');
  assertError(await f.as('sara').api('POST', `${kari}/address-access`, { body: { staff_id: f.ids.staff.sara, reason: 'x' } }), 403, 'forbidden');
  assertError(await f.as('contact').api('PATCH', `${kari}/protection`, { body: { protection_code: null }, headers: { 'If-Match': '"1"' } }), 403, 'forbidden');
  // a grant that starts in the future or has ended names nobody today
  const later = await ke.post(`${kari}/address-access`, { staff_id: f.ids.staff.sara, reason: 'Fra neste år', valid_from: addDays(f.today, 1) });
  const ended = await ke.post(`${kari}/address-access`, { staff_id: f.ids.staff.cecilie, reason: 'Var kontakt', valid_from: '2020-01-01', valid_to: addDays(f.today, -1) });
  assert.equal(leaks(JSON.stringify(await f.as('sara').get(kari))).length, 0);
  assert.equal(leaks(JSON.stringify(await f.as('contact').get(kari))).length, 0);
  // valid today: Sara sees it; ended today by the coordinating unit: she no longer does
  const v = (await ke.patch(`${kari}/address-access/${later.id}`, { valid_from: f.today }, later.version)).version;
  assert.match(JSON.stringify(await f.as('sara').get(kari)), /Hemmeligveien/);
  await ke.patch(`${kari}/address-access/${later.id}`, { valid_to: addDays(f.today, -1), valid_from: '2020-01-01' }, v);
  assert.equal(leaks(JSON.stringify(await f.as('sara').get(kari))).length, 0);
  assert.ok(ended.id);
  // the staff member must exist; the period must be a period
  assertError(await ke.api('POST', `${kari}/address-access`, { body: { staff_id: 999999, reason: 'x' } }), 422, 'unknown_reference', 'staff_id');
  assertError(await ke.api('POST', `${kari}/address-access`, { body: { staff_id: f.ids.staff.sara } }), 422, 'required', 'reason');
  assertError(await ke.api('POST', `${kari}/address-access`, { body: { staff_id: f.ids.staff.sara, reason: 'x', granted_by: f.ids.staff.sara } }), 422, 'read_only_field', 'granted_by');
});

test('the contact person flags a person after threats and names who sees her address', async () => {
  const ke = f.as('ke');
  const contact = f.as('contact');
  const person = await ke.post('/api/v1/persons', { national_id: freshNid(), given_name: 'Trine', family_name: 'Trusselutsatt' });
  const p = `/api/v1/persons/${person.id}`;
  await ke.post('/api/v1/cases', {
    person_id: person.id, title: 'Vold i nære relasjoner', intake_channel: 'phone', intake_date: f.today, urgency: 'high',
    lead_organisation_id: f.ids.org.allocation, contact_staff_id: f.ids.staff.cecilie,
  });
  await contact.post(`${p}/addresses`, { street: 'Hemmeligveien 7', city: 'Skjulvika' });
  let cur = await contact.get(p);
  // a reason is required; a register code is the coordinating unit's
  assertError(await contact.api('PATCH', `${p}/protection`, { body: { protection_flag: 'municipal' }, headers: { 'If-Match': `"${cur.version}"` } }), 422, 'required', 'protection_reason');
  assertError(await contact.api('PATCH', `${p}/protection`, { body: { protection_code: 'confidential' }, headers: { 'If-Match': `"${cur.version}"` } }), 403, 'forbidden');
  assertError(await contact.api('PATCH', `${p}/protection`, { body: { protection_flag: 'secret', protection_reason: 'x' }, headers: { 'If-Match': `"${cur.version}"` } }), 422, 'invalid_enum', 'protection_flag');
  cur = await contact.patch(`${p}/protection`, { protection_flag: 'municipal', protection_reason: 'Trusler fra tidligere partner' }, cur.version);
  assert.equal(cur.protection_flag, 'municipal');
  assert.equal(cur.address_protected, true);
  assert.equal(cur.addresses[0].street, undefined, 'the contact person is not named until she names herself');
  assert.equal(cur.protection_reason, 'Trusler fra tidligere partner', 'she keeps the protection and sees why');
  // a protection field cannot be written through the person itself
  assertError(await contact.api('PATCH', p, { body: { protection_flag: null }, headers: { 'If-Match': `"${cur.version}"` } }), 422, 'read_only_field', 'protection_flag');
  await contact.post(`${p}/address-access`, { staff_id: f.ids.staff.cecilie, reason: 'Kontaktperson' });
  assert.equal((await contact.get(p)).addresses[0].street, 'Hemmeligveien 7');
  // staff who see the person without keeping the protection do not see the reason,
  // neither in a search hit nor in the answer to a change they make
  const nurse = f.as('nurse');
  await ke.post(`/api/v1/cases`, { person_id: person.id, title: 'Hjemmetjenester', intake_channel: 'phone', intake_date: f.today, urgency: 'low', lead_organisation_id: f.ids.org.homeNursing });
  const changed = await nurse.patch(p, { phone: '+47 400 00 001' }, (await nurse.get(p)).version);
  assert.equal(changed.address_protected, true);
  assert.equal(changed.protection_reason, undefined);
  assert.equal((await nurse.get(p)).protection_reason, undefined);
  const found = (await ke.get(`/api/v1/persons?q=Trine`)).items.find((x) => x.id === person.id);
  assert.equal(found.protection_reason, undefined);
  assert.equal(found.address_protected, true);
  // clearing the flag clears its reason, and the address is open again
  cur = await contact.get(p);
  cur = await contact.patch(`${p}/protection`, { protection_flag: null }, cur.version);
  assert.equal(cur.protection_reason, null);
  assert.equal(cur.address_protected, false);
  assert.equal((await ke.get(p)).addresses[0].street, 'Hemmeligveien 7');
});

test('the server log, the audit log and the audit journal hold no protected address', async () => {
  // once more through the searches, so that the log has seen them
  for (const role of ACTORS) await f.h.api('GET', '/api/v1/persons?address=Hemmeligveien%204242', { token: f.tokens[role] });
  assert.deepEqual(leaks(f.h.stderr), [], 'the server log');
  assert.match(f.h.stderr, /route="\/api\/v1\/persons\/\{id\}\/address-access"/, 'the log has lines of the routes used');
  const admin = f.as('admin');
  let text = '';
  let entries = 0;
  for (let next = null, first = true; first || next; first = false) {
    const page = await admin.get(`/api/v1/audit?limit=500${next ? `&after=${next}` : ''}`);
    text += JSON.stringify(page.items);
    entries += page.items.length;
    next = page.next;
  }
  assert.ok(entries > 1000, `the audit log holds the requests (${entries})`);
  assert.deepEqual(leaks(text), [], 'GET /audit');
  const log = dbRows(f.h.db, 'SELECT * FROM audit_log');
  assert.ok(log.length > 1000);
  assert.deepEqual(leaks(JSON.stringify(log)), [], 'the audit_log table');
  // the entries waiting for the log in the database (PostgreSQL's journal)
  assert.deepEqual(leaks(JSON.stringify(dbRows(f.h.db, 'SELECT * FROM audit_queue'))), [], 'the audit_queue table');
  // the check can fail: the database does hold the address
  assert.match(JSON.stringify(dbRows(f.h.db, 'SELECT street FROM person_addresses')), /Hemmeligveien/);
  // the journal file beside an SQLite database, the anchor file beside both
  const journals = readdirSync(f.h.dir).filter((n) => /audit|journal|anchor/.test(n));
  assert.ok(journals.length, `an audit journal or anchor beside the database: ${readdirSync(f.h.dir).join(', ')}`);
  if (ENGINE === 'sqlite') assert.ok(journals.some((n) => /-audit$/.test(n)), journals.join(', '));
  for (const name of journals) {
    assert.deepEqual(leaks(readFileSync(join(f.h.dir, name), 'latin1')), [], name);
  }
});
