// case_history.test.mjs - cases keep their history and open no relation
// without need (issue 11 points 1 and 2; docs/security.md "Cases"):
//   - every change to a case is kept, before -> after, with author and time
//     (R9 for cases), and GET /cases/{id}/history pages it for those who read
//     the case and no one else;
//   - every case part answers an ETag and every write needs it (If-Match);
//   - a staff member naming herself a case's contact person waits for a second
//     person (R14): the contact person sees a plan's plan section;
//   - a staff member with no relation to a person registers a request about
//     her, not a case that opens the person to herself or her unit.
// The fixture is built by the real roles (fixture.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildFixture } from './fixture.mjs';

let f;
before(async () => { f = await buildFixture(); });
after(async () => { await f.h.stop(); });

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

function kariCase(extra = {}) {
  return {
    person_id: f.ids.person.kari, title: 'Trenger hjelp med bolig', description: 'Første beskrivelse',
    intake_channel: 'application', intake_date: f.today, urgency: 'normal', lead_organisation_id: f.ids.org.followUp, ...extra,
  };
}

async function history(who, id) {
  const items = [];
  let after = '';
  for (;;) {
    const page = await f.as(who).get(`/api/v1/cases/${id}/history?limit=2${after}`);
    items.push(...page.items);
    if (!page.next) return items;
    after = `&after=${page.next}`;
  }
}

async function putContact(who, id, body) {
  const cur = await f.as(who).api('GET', `/api/v1/cases/${id}/contact`);
  return f.as(who).api('PUT', `/api/v1/cases/${id}/contact`, { body, headers: { 'If-Match': cur.headers.get('etag') } });
}

test('every change to a case is kept, before -> after, with author and time; a refused change adds nothing', async () => {
  const ke = f.as('ke');
  const c = await ke.post('/api/v1/cases', kariCase());
  // Sara's unit leads it: she overwrites the description, then changes the urgency
  const sara = f.as('sara');
  let cur = await sara.patch(`/api/v1/cases/${c.id}`, { description: 'Ny beskrivelse – «æøå» 🙂' }, c.version);
  cur = await sara.patch(`/api/v1/cases/${c.id}`, { urgency: 'high', status: 'in_progress' }, cur.version);
  // a stale write, a partner's write and bad input change nothing and add no entry
  assert.equal((await sara.api('PATCH', `/api/v1/cases/${c.id}`, { body: { urgency: 'low' }, headers: { 'If-Match': `"${c.version}"` } })).status, 412);
  assert.equal((await sara.api('PATCH', `/api/v1/cases/${c.id}`, { body: { urgency: 'sometime' }, headers: { 'If-Match': `"${cur.version}"` } })).status, 422);
  // the coordinating unit names a contact person
  const r = await putContact('ke', c.id, { staff_id: f.ids.staff.cecilie, reason: 'Tildelt' });
  assert.equal(r.status, 200, r.text);

  const h = await history('sara', c.id);
  assert.deepEqual(h.map((x) => [x.revision, x.action, x.object_type]), [[1, 'create', 'case'], [2, 'update', 'case'], [3, 'update', 'case'], [4, 'contact', 'contact']]);
  for (const x of h) {
    assert.match(x.at, ISO);
    assert.ok(x.author, 'each entry names its author');
  }
  assert.equal(h[0].account_id, f.accounts.ke);
  assert.equal(h[0].data.after.description, 'Første beskrivelse', 'the case as made');
  assert.equal(h[0].data.after.title, 'Trenger hjelp med bolig');
  assert.equal(h[1].account_id, f.accounts.sara);
  assert.deepEqual(h[1].data, { before: { description: 'Første beskrivelse' }, after: { description: 'Ny beskrivelse – «æøå» 🙂' } }, 'the overwritten description is kept');
  assert.deepEqual(h[2].data.before, { urgency: 'normal', status: 'new' });
  assert.deepEqual(h[2].data.after, { urgency: 'high', status: 'in_progress' });
  assert.equal(h[3].account_id, f.accounts.ke);
  assert.deepEqual(h[3].data, { before: { staff_id: null }, after: { staff_id: f.ids.staff.cecilie, reason: 'Tildelt' } });
  // read by those who read the case, not by others
  assert.equal((await f.as('contact').api('GET', `/api/v1/cases/${c.id}/history`)).status, 200, 'the contact person');
  for (const role of ['nurse', 'nav2', 'owner', 'otherCitizen']) assert.equal((await f.as(role).api('GET', `/api/v1/cases/${c.id}/history`)).status, 404, role);
  assert.equal((await f.as('admin').api('GET', `/api/v1/cases/${c.id}/history`)).status, 403);
  assert.equal((await ke.api('GET', '/api/v1/cases/999999/history')).status, 404);
  const bad = await ke.api('GET', `/api/v1/cases/${c.id}/history?limit=0`);
  assert.deepEqual([bad.status, bad.body.error.code, bad.body.error.field], [422, 'invalid_limit', 'limit']);
});

test('every case part answers an ETag; every write needs it', async () => {
  const ke = f.as('ke');
  const c = await ke.post('/api/v1/cases', kariCase());
  const g = await ke.api('GET', `/api/v1/cases/${c.id}`);
  assert.equal(g.headers.get('etag'), `"${c.version}"`);
  const contact = await ke.api('GET', `/api/v1/cases/${c.id}/contact`);
  assert.equal(contact.headers.get('etag'), `"${c.version}"`, 'the contact person is a part of the case');
  assert.equal(contact.body.version, c.version);
  // no ETag, an old one: refused, nothing written
  let r = await ke.api('PUT', `/api/v1/cases/${c.id}/contact`, { body: { staff_id: f.ids.staff.lars } });
  assert.equal(r.status, 428, r.text);
  r = await ke.api('PATCH', `/api/v1/cases/${c.id}`, { body: { urgency: 'high' } });
  assert.equal(r.status, 428, r.text);
  r = await ke.api('PUT', `/api/v1/cases/${c.id}/contact`, { body: { staff_id: f.ids.staff.lars }, headers: { 'If-Match': '"99"' } });
  assert.equal(r.status, 412, r.text);
  assert.equal(r.body.error.code, 'stale_version');
  // the right one: the answer carries the new ETag, and the case's version moved with it
  r = await ke.api('PUT', `/api/v1/cases/${c.id}/contact`, { body: { staff_id: f.ids.staff.lars }, headers: { 'If-Match': contact.headers.get('etag') } });
  assert.equal(r.status, 200, r.text);
  const now = await ke.api('GET', `/api/v1/cases/${c.id}`);
  assert.equal(r.headers.get('etag'), now.headers.get('etag'));
  assert.equal(now.body.version, c.version + 1);
  // a PATCH with the ETag read before the contact person changed is stale
  r = await ke.api('PATCH', `/api/v1/cases/${c.id}`, { body: { urgency: 'high' }, headers: { 'If-Match': `"${c.version}"` } });
  assert.equal(r.status, 412, r.text);
  assert.equal((await history('ke', c.id)).length, 2, 'create and contact; nothing refused was recorded');
});

test('a staff member naming herself contact person waits for a second person (R14)', async () => {
  const ke = f.as('ke');
  const sara = f.as('sara');
  const plan = `/api/v1/plans/${f.ids.plans.active}`;
  assert.equal((await sara.api('GET', plan)).status, 404, 'Sara has no part in Kari\'s plan');
  // on a case of her unit, by PUT .../contact
  const c = await ke.post('/api/v1/cases', kariCase());
  let r = await putContact('sara', c.id, { staff_id: f.ids.staff.sara, reason: 'Jeg følger henne opp' });
  assert.equal(r.status, 202, r.text);
  assert.equal(r.body.kind, 'contact');
  assert.equal(r.body.object_id, c.id);
  assert.equal(r.body.staff_id, f.ids.staff.sara);
  assert.equal(r.body.person_id, f.ids.person.kari, 'whose data it opens');
  const approval = r.body.id;
  assert.equal((await sara.get(`/api/v1/cases/${c.id}/contact`)).current, null, 'not yet the contact person');
  assert.equal((await sara.api('GET', plan)).status, 404, 'a pending contact person sees nothing more');
  // not by herself, and not by a colleague outside the coordinating unit
  r = await sara.api('POST', `/api/v1/approvals/${approval}/approve`, { body: {} });
  assert.equal(r.status, 403, r.text);
  assert.equal((await f.as('coordinator').api('POST', `/api/v1/approvals/${approval}/approve`, { body: {} })).status, 403);
  // the coordinating unit sees the request and approves it
  const list = await ke.get('/api/v1/approvals?limit=500');
  assert.ok(list.items.some((x) => x.id === approval && x.kind === 'contact'), 'listed to the coordinating unit');
  await ke.post(`/api/v1/approvals/${approval}/approve`, { note: 'Greit' }, 200);
  const contact = await sara.get(`/api/v1/cases/${c.id}/contact`);
  assert.equal(contact.current.staff_id, f.ids.staff.sara);
  assert.equal(contact.current.reason, 'Jeg følger henne opp');
  assert.equal(contact.current.assigned_by, f.accounts.ke, 'the approver assigned her');
  const seen = await sara.get(plan);
  assert.deepEqual(seen.sections, ['plan'], 'the contact person sees the plan section');
  const h = await history('sara', c.id);
  assert.deepEqual(h.map((x) => x.action), ['create', 'contact']);
  assert.equal(h[1].account_id, f.accounts.ke);

  // naming herself when she registers a case: the case at once, the contact person on approval
  r = await sara.api('POST', '/api/v1/cases', { body: kariCase({ contact_staff_id: f.ids.staff.sara, title: 'Egen sak' }) });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.contact_staff_id, null);
  assert.equal(r.body.contact, null);
  assert.ok(r.body.contact_approval_id, r.text);
  const refused = r.body.contact_approval_id;
  await f.as('ke2').post(`/api/v1/approvals/${refused}/refuse`, { note: 'Nei' }, 200);
  assert.equal((await sara.get(`/api/v1/cases/${r.body.id}/contact`)).current, null, 'refused: no contact person');
  // naming someone else is in force at once (the one who gains is not the one who asks)
  const other = await sara.post('/api/v1/cases', kariCase({ contact_staff_id: f.ids.staff.ola, title: 'Sak for Ola' }));
  assert.equal(other.contact_staff_id, f.ids.staff.ola);
  assert.equal(other.contact_approval_id, undefined);
  // and the coordinating unit, which sees every case already, names itself at once
  const own = await ke.post('/api/v1/cases', kariCase({ contact_staff_id: f.ids.staff.kine, title: 'KE sin sak' }));
  assert.equal(own.contact_staff_id, f.ids.staff.kine);
});

test('a staff member with no relation to the person registers a request, not a relation for herself (R13)', async () => {
  const nina = f.as('nurse'); // home nursing: no relation to Kari
  const kari = `/api/v1/persons/${f.ids.person.kari}`;
  assert.equal((await nina.api('GET', kari)).status, 404);
  const post = (extra) => nina.api('POST', '/api/v1/cases', { body: kariCase({ intake_channel: 'worry_report', ...extra }) });
  for (const [extra, field] of [
    [{ lead_organisation_id: f.ids.org.homeNursing }, 'lead_organisation_id'],
    [{ lead_organisation_id: f.ids.org.allocation, contributing_organisation_ids: [f.ids.org.homeNursing] }, 'contributing_organisation_ids'],
    [{ lead_organisation_id: f.ids.org.allocation, contact_staff_id: f.ids.staff.nina }, 'contact_staff_id'],
  ]) {
    const r = await post(extra);
    assert.equal(r.status, 403, r.text);
    assert.equal(r.body.error.code, 'case_relation_not_yours');
    assert.equal(r.body.error.field, field);
  }
  assert.equal((await nina.api('GET', kari)).status, 404, 'nothing refused opened her');
  // a worry report to the allocation office: made, hers to read, the person still closed to her
  const r = await post({ lead_organisation_id: f.ids.org.allocation });
  assert.equal(r.status, 201, r.text);
  assert.equal((await nina.api('GET', `/api/v1/cases/${r.body.id}`)).status, 200, 'her own report');
  assert.equal((await nina.api('GET', kari)).status, 404, 'reporting is no relation to the person');
  // a lead unit's member does not move its case to a person she has no relation to
  const sara = f.as('sara');
  const c = await f.as('ke').post('/api/v1/cases', kariCase());
  const moved = await sara.api('PATCH', `/api/v1/cases/${c.id}`, { body: { person_id: f.ids.person.per }, headers: { 'If-Match': `"${c.version}"` } });
  assert.equal(moved.status, 403, moved.text);
  assert.equal(moved.body.error.code, 'case_relation_not_yours');
  assert.equal((await sara.api('GET', `/api/v1/persons/${f.ids.person.per}`)).status, 404);
  assert.equal((await sara.get(`/api/v1/cases/${c.id}`)).person_id, f.ids.person.kari, 'nothing written');
  // the coordinating unit, which receives and routes requests, may (an anonymous report identified)
  const moved2 = await f.as('ke').patch(`/api/v1/cases/${c.id}`, { person_id: f.ids.person.per }, c.version);
  assert.equal(moved2.person_id, f.ids.person.per);
});
