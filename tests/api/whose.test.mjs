// whose.test.mjs - whose plan or case it is (issue 12 point 2): every list of
// plans or cases and the plan itself name the person, for every reader of
// the plan's `plan` section or of the case; a partner who cannot read the
// person record is told her name and birth date and nothing else of it; a
// stranger is told nothing. Person search answers the real number of hits,
// and for a hit found by a street that address with its period, only to a
// reader who may see the address (R16).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildFixture, freshNid, addDays } from './fixture.mjs';

let f;
let kari;
const P = '/api/v1/persons';

// The person record's fields that are not her name or birth date: none of
// them may appear in an answer about a plan to a reader who cannot read her.
// (A coordinator's work phone and e-mail are staff data, not hers: her own
// phone and e-mail are looked for by value.)
const PERSON_ONLY = ['national_id', 'addresses', 'street', 'gp_name', 'communication_needs', 'protection_code'];
const KARI_PHONE = '+47 911 22 333';
const KARI_EMAIL = 'kari.nordmann@example.org';

function noPersonRecord(value, where) {
  const text = JSON.stringify(value);
  for (const k of PERSON_ONLY) assert.ok(!text.includes(`"${k}"`), `${where}: no ${k}`);
  assert.ok(!text.includes('Fjordgata'), `${where}: no address`);
  assert.ok(!text.includes(KARI_PHONE) && !text.includes(KARI_EMAIL), `${where}: not her phone or e-mail`);
}

before(async () => {
  f = await buildFixture();
  const ke = f.as('ke');
  const cur = await ke.get(`${P}/${f.ids.person.kari}`);
  kari = await ke.patch(`${P}/${f.ids.person.kari}`, { phone: KARI_PHONE, email: KARI_EMAIL }, cur.version);
});
after(() => f.h.stop());

test('the NAV caseworker is told whose plan it is on the plans she sees, and nothing else of the person', async () => {
  const nav = f.as('nav');
  const { active, partial } = f.ids.plans;
  // she cannot read the person record
  assert.equal((await nav.api('GET', `${P}/${f.ids.person.kari}`)).status, 404);
  const list = await nav.get('/api/v1/plans?limit=100');
  assert.deepEqual(list.items.map((p) => p.id).sort((a, b) => a - b), [active, partial].sort((a, b) => a - b));
  const item = list.items.find((p) => p.id === active);
  assert.equal(item.person_name, 'Kari Nordmann');
  assert.equal(item.person_birth_date, kari.birth_date);
  noPersonRecord(list, 'GET /plans');
  const plan = await nav.get(`/api/v1/plans/${active}`);
  assert.equal(plan.person_name, 'Kari Nordmann');
  noPersonRecord(plan, 'GET /plans/{id}');
  const w = await nav.get('/api/v1/worklist');
  assert.equal(w.plans.find((p) => p.id === active).person_name, 'Kari Nordmann');
  assert.equal(w.plans.find((p) => p.id === active).person_birth_date, kari.birth_date);
  assert.ok(w.due.length > 0 || w.measures.length > 0);
  for (const m of w.measures) assert.equal(m.person_name, 'Kari Nordmann');
  for (const d of w.due) assert.equal(typeof d.person_name, 'string', `${d.kind} names the person`);
  noPersonRecord(w, 'GET /worklist');
  // the plans she does not see name no one: not listed, not found
  for (const key of ['none', 'expired', 'withdrawn', 'future']) {
    assert.ok(!list.items.some((p) => p.id === f.ids.plans[key]));
    assert.equal((await nav.api('GET', `/api/v1/plans/${f.ids.plans[key]}`)).status, 404);
  }
  assert.ok(!JSON.stringify(w).includes('Pedersen'), 'Per\'s plan (no consent) names no one');
});

test('a stranger gets nothing: no plan, no name, no case', async () => {
  // Nora (NAV, in no group) and Nina (home nursing, no relation to Kari)
  for (const who of ['nav2', 'nurse']) {
    const a = f.as(who);
    const list = await a.get('/api/v1/plans?limit=100');
    assert.ok(!JSON.stringify(list).includes('Nordmann'), `${who}: GET /plans names no one`);
    assert.equal((await a.api('GET', `/api/v1/plans/${f.ids.plans.active}`)).status, 404);
    assert.equal((await a.api('GET', `/api/v1/cases/${f.ids.case.kari}`)).status, 404);
    const w = await a.get('/api/v1/worklist');
    assert.ok(!JSON.stringify(w).includes('Nordmann'), `${who}: the worklist names no one`);
  }
});

test('the coordinator, the coordinating unit and the plan answer name the person', async () => {
  for (const who of ['coordinator', 'ke']) {
    const list = await f.as(who).get('/api/v1/plans?limit=100');
    const byId = new Map(list.items.map((p) => [p.id, p]));
    assert.equal(byId.get(f.ids.plans.active).person_name, 'Kari Nordmann');
    assert.equal(byId.get(f.ids.plans.none).person_name, 'Per Pedersen');
    assert.match(byId.get(f.ids.plans.none).person_birth_date, /^\d{4}-\d{2}-\d{2}$/);
    assert.equal((await f.as(who).get(`/api/v1/plans/${f.ids.plans.none}`)).person_name, 'Per Pedersen');
  }
  // the owner sees her own plan's name too
  assert.equal((await f.as('owner').get(`/api/v1/plans/${f.ids.plans.active}`)).person_name, 'Kari Nordmann');
  // a rename is seen at once (the cached plan is stamped with the name epoch)
  const ke = f.as('ke');
  const per = await ke.get(`${P}/${f.ids.person.per}`);
  const renamed = await ke.patch(`${P}/${per.id}`, { given_name: 'Peder' }, per.version);
  assert.equal((await f.as('coordinator').get(`/api/v1/plans/${f.ids.plans.none}`)).person_name, 'Peder Pedersen');
  await ke.patch(`${P}/${per.id}`, { given_name: 'Per' }, renamed.version);
});

test('the plans behind the overview\'s numbers name the person for those who see them', async () => {
  const ke = f.as('ke');
  const person = await ke.post(P, { national_id: freshNid(), given_name: 'Uten', family_name: 'Koordinator' });
  const plan = await ke.post('/api/v1/plans', { person_id: person.id, title: 'Plan uten koordinator', revision_date: addDays(f.today, 90) });
  const stats = await ke.get('/api/v1/statistics');
  const item = stats.plans.without_coordinator.find((p) => p.id === plan.id);
  assert.equal(item.person_name, 'Uten Koordinator');
  assert.equal(item.person_birth_date, person.birth_date);
  // a leader with no relation to it is not shown the plan at all
  const lars = await f.as('leader').get('/api/v1/statistics');
  assert.ok(!JSON.stringify(lars.plans).includes('Uten Koordinator'));
});

test('cases name the person for those who read them; the registering account alone is not told', async () => {
  const cecilie = await f.as('contact').get(`/api/v1/cases/${f.ids.case.kari}`);
  assert.equal(cecilie.person_name, 'Kari Nordmann');
  const list = await f.as('ke').get('/api/v1/cases?limit=100');
  assert.equal(list.items.find((c) => c.id === f.ids.case.kari).person_name, 'Kari Nordmann');
  assert.equal(list.items.find((c) => c.id === f.ids.case.per).person_name, 'Per Pedersen');
  // Nina (home nursing, no relation to Kari) registers a worry report about her:
  // she reads what she registered, but learns no name from the id she gave
  const nina = f.as('nurse');
  assert.equal((await nina.api('GET', `${P}/${f.ids.person.kari}`)).status, 404);
  const kase = await nina.post('/api/v1/cases', { person_id: f.ids.person.kari, title: 'Bekymring', intake_channel: 'worry_report', intake_date: f.today, urgency: 'normal' });
  assert.equal(kase.person_name, null);
  assert.equal((await nina.get(`/api/v1/cases/${kase.id}`)).person_name, null);
  const mine = await nina.get('/api/v1/cases?limit=100');
  assert.ok(mine.items.some((c) => c.id === kase.id));
  assert.ok(!JSON.stringify(mine).includes('Kari'), 'her list names no one she may not know');
  // her unit leads Per's case: that one names him
  assert.equal(mine.items.find((c) => c.id === f.ids.case.per).person_name, 'Per Pedersen');
  // the coordinating unit, which reads every case, is told
  assert.equal((await f.as('ke').get(`/api/v1/cases/${kase.id}`)).person_name, 'Kari Nordmann');
});

// Every hit of a search, page by page: the items and the total of each page.
async function walk(who, query, limit) {
  const seen = [];
  const totals = new Set();
  let after = null;
  for (let i = 0; i < 200; i++) {
    const r = await f.as(who).get(`${P}?${query}&limit=${limit}${after ? `&after=${after}` : ''}`);
    seen.push(...r.items.map((p) => p.id));
    totals.add(r.total);
    if (!r.next) break;
    after = r.next;
  }
  return { seen, totals: [...totals] };
}

test('a search answers the real number of hits, not the page size, with and without need-to-know scope', async () => {
  // the coordinating unit (every person) and Ola (only the persons he is related to)
  for (const [who, query] of [['ke', 'q=Nordmann'], ['ke', 'q='], ['ke', 'address=Fjord'], ['coordinator', 'q=Nordmann'], ['coordinator', 'q='], ['contact', 'q=']]) {
    const { seen, totals } = await walk(who, query, 1);
    assert.deepEqual(totals, [seen.length], `${who} ${query}: every page's total is the number of hits walked`);
    const all = await f.as(who).get(`${P}?${query}&limit=200`);
    assert.equal(all.total, all.items.length);
    assert.deepEqual(all.items.map((p) => p.id), seen);
  }
  // the scope keeps the count honest: Ola counts fewer than the coordinating unit
  const ke = (await f.as('ke').get(`${P}?q=Nordmann&limit=1`)).total;
  const ola = (await f.as('coordinator').get(`${P}?q=Nordmann&limit=1`)).total;
  assert.ok(ke >= 3, `the coordinating unit finds Kari, Lise and Tor Nordmann (${ke})`);
  assert.ok(ola < ke, `Ola finds only those he is related to (${ola} < ${ke})`);
  const none = await f.as('ke').get(`${P}?q=Ingensomhelst&limit=5`);
  assert.deepEqual([none.items, none.total], [[], 0]);
  // Cecilie (contact person of Kari's case) counts Kari alone
  const cecilie = await f.as('contact').get(`${P}?q=Nordmann&limit=5`);
  assert.deepEqual([cecilie.items.map((p) => p.id), cecilie.total], [[f.ids.person.kari], 1]);
});

test('a hit found by a street carries that address with its period, only for a reader who may see it', async () => {
  const ke = f.as('ke');
  for (const query of ['address=Fjordgata', 'q=fjordgata']) {
    const r = await ke.get(`${P}?${query}&limit=10`);
    const hit = r.items.find((p) => p.id === f.ids.person.kari);
    assert.ok(hit, query);
    assert.deepEqual(
      [hit.matched_address.street, hit.matched_address.postal_code, hit.matched_address.city, hit.matched_address.valid_from, hit.matched_address.valid_to],
      ['Fjordgata 3', '9600', 'Fjordvik', '2020-01-01', null],
    );
  }
  // found by name: no address given
  const byName = await ke.get(`${P}?q=Kari%20Nordmann&limit=10`);
  assert.ok(byName.items.length >= 1);
  assert.ok(byName.items.every((p) => !('matched_address' in p)));
  // a protected person whose street begins like her name: the name finds her
  // for everyone who may see her, the street's address only for the named
  const person = await ke.post(P, { national_id: freshNid(), given_name: 'Markør', family_name: 'Skjermet' });
  await ke.post(`${P}/${person.id}/addresses`, { street: 'Markørveien 7', postal_code: '9600', city: 'Fjordvik', valid_from: '2021-03-01', valid_to: '2024-05-31' });
  const plan = await ke.post('/api/v1/plans', { person_id: person.id, title: 'Plan', revision_date: addDays(f.today, 90) });
  await ke.put(`/api/v1/plans/${plan.id}/coordinator`, { staff_id: f.ids.staff.ola });
  const cur = await ke.get(`${P}/${person.id}`);
  await ke.patch(`${P}/${person.id}/protection`, { protection_code: 'confidential' }, cur.version);
  await ke.post(`${P}/${person.id}/address-access`, { staff_id: f.ids.staff.ola, reason: 'Koordinator, hjemmebesøk' });
  const mine = await f.as('coordinator').get(`${P}?q=Mark%C3%B8r&limit=10`);
  const hit = mine.items.find((p) => p.id === person.id);
  assert.deepEqual([hit.matched_address.street, hit.matched_address.valid_from, hit.matched_address.valid_to], ['Markørveien 7', '2021-03-01', '2024-05-31']);
  const theirs = await ke.get(`${P}?q=Mark%C3%B8r&limit=10`);
  assert.ok(theirs.items.some((p) => p.id === person.id), 'the coordinating unit finds her by name');
  assert.ok(!JSON.stringify(theirs).includes('Markørveien'), 'but is not given her address');
  assert.equal((await ke.get(`${P}?address=Mark%C3%B8rveien&limit=10`)).total, 0, 'her street finds her for nobody but the named');
});
