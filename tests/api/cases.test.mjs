// cases.test.mjs - /cases and /cases/{id}/contact against a real server:
// create, read, change and list cases with their filters, the anonymous worry
// report, the contact person rule R2 (one holder at a time, every change dated,
// reassignment without the previous holder), bad input answered with the field
// named and nothing half-written, and optimistic concurrency (R9).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertError, syntheticNid } from './harness.mjs';
import { staffMember } from './fixture.mjs';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

// Runs fn(h) against a fresh server and always stops it (which fails the test
// on a non-zero exit or any sanitizer report). Each request goes as the role
// that may make it (docs/security.md): persons and cases as a member of the
// coordinating unit (who reads every case and is nobody's contact person),
// organisations and staff as the administrator.
async function withServer(fn) {
  const server = await startServer();
  try {
    const ke = await staffMember(server);
    const h = Object.assign(Object.create(server), {
      ke,
      api: (method, path, opts = {}) =>
        server.api(method, path, { token: /^\/api\/v1\/(persons|cases)/.test(path) ? ke.token : server.adminToken, ...opts }),
    });
    await fn(h);
  } finally {
    await server.stop();
  }
}

// PUT /cases/{id}/contact at the case's current version (its ETag covers the
// contact person).
async function putContact(h, id, body) {
  const cur = await h.api('GET', `/api/v1/cases/${id}/contact`);
  const version = cur.body?.version ?? 1;
  return h.api('PUT', `/api/v1/cases/${id}/contact`, { body, headers: { 'If-Match': `"${version}"` } });
}

async function created(h, path, body) {
  const r = await h.api('POST', path, { body });
  assert.equal(r.status, 201, `POST ${path}: ${r.text}`);
  return r.body;
}

// Two units and three staff members made by the administrator, two persons by
// the coordinating unit.
async function seed(h) {
  const home = await created(h, '/api/v1/organisations', { name: 'Hjemmetjenesten', kind: 'unit', level: 'municipal' });
  const nav = await created(h, '/api/v1/organisations', { name: 'NAV Testkommune', kind: 'external_agency', level: 'state' });
  const staff = [];
  for (const [given, profession] of [['Åse', 'nurse'], ['Ánde', 'social_worker'], ['Øystein', 'nav_advisor']]) {
    const st = await created(h, '/api/v1/staff', { given_name: given, family_name: 'Testesen', profession });
    // a contact person is a member of one of the municipality's own units
    await created(h, '/api/v1/memberships', { staff_id: st.id, organisation_id: home.id, position_percent: 100 });
    staff.push(st);
  }
  const p1 = await created(h, '/api/v1/persons', { national_id: syntheticNid(101), given_name: 'Kari', family_name: 'Prøvesen' });
  const p2 = await created(h, '/api/v1/persons', { national_id: syntheticNid(202), given_name: 'Máret', family_name: 'Eksempel' });
  return { home: home.id, nav: nav.id, staff: staff.map((s) => s.id), persons: [p1.id, p2.id] };
}

function caseBody(s, extra = {}) {
  return {
    person_id: s.persons[0],
    title: 'Trenger koordinerte tjenester',
    intake_channel: 'application',
    intake_date: '2025-03-14',
    urgency: 'normal',
    ...extra,
  };
}

async function listIds(h, query = '') {
  const r = await h.api('GET', `/api/v1/cases${query}`);
  assert.equal(r.status, 200, r.text);
  return r.body.items.map((c) => c.id);
}

test('create, get, patch and list cases with filters', async () => {
  await withServer(async (h) => {
    const s = await seed(h);
    const title = 'Bekymring: Áŋŋá Čoavddáš – æøå ÆØÅ, 中文, 🙂';
    const r = await h.api('POST', '/api/v1/cases', {
      body: caseBody(s, {
        title,
        description: 'Linje 1\nLinje 2 med «sitat» og ŋ',
        domains: ['health', 'housing'],
        urgency: 'high',
        lead_organisation_id: s.home,
        contributing_organisation_ids: [s.nav],
      }),
    });
    assert.equal(r.status, 201, r.text);
    const c = r.body;
    assert.equal(r.headers.get('location'), `/api/v1/cases/${c.id}`);
    assert.equal(r.headers.get('etag'), '"1"');
    assert.equal(c.title, title, 'text keeps any Unicode exactly');
    assert.equal(c.description, 'Linje 1\nLinje 2 med «sitat» og ŋ');
    assert.equal(c.status, 'new', 'status defaults to new');
    assert.deepEqual(c.domains, ['health', 'housing']);
    assert.deepEqual(c.contributing_organisation_ids, [s.nav]);
    assert.equal(c.contact_staff_id, null);
    assert.equal(c.contact, null);
    assert.equal(c.closed_at, null);
    assert.equal(c.anonymous_reporter, false);
    assert.equal(c.version, 1);

    // defaults of a minimal case
    const m = await created(h, '/api/v1/cases', caseBody(s, { person_id: s.persons[1], intake_channel: 'phone', urgency: 'low' }));
    assert.equal(m.status, 'new');
    assert.deepEqual(m.domains, []);
    assert.deepEqual(m.contributing_organisation_ids, []);

    const g = await h.api('GET', `/api/v1/cases/${c.id}`);
    assert.equal(g.status, 200);
    assert.equal(g.headers.get('etag'), '"1"');
    assert.deepEqual(g.body, c);

    // PATCH: status moves, closed_at follows
    let p = await h.api('PATCH', `/api/v1/cases/${c.id}`, { headers: { 'If-Match': '"1"' }, body: { status: 'in_progress', domains: ['economy'] } });
    assert.equal(p.status, 200, p.text);
    assert.equal(p.headers.get('etag'), '"2"');
    assert.equal(p.body.status, 'in_progress');
    assert.deepEqual(p.body.domains, ['economy']);
    assert.equal(p.body.title, title, 'fields not sent are kept');
    assert.ok('contact' in p.body);
    p = await h.api('PATCH', `/api/v1/cases/${c.id}`, { headers: { 'If-Match': '"2"' }, body: { status: 'closed' } });
    assert.equal(p.status, 200, p.text);
    assert.match(p.body.closed_at, ISO, 'closing sets closed_at');
    const closedAt = p.body.closed_at;
    p = await h.api('PATCH', `/api/v1/cases/${c.id}`, { headers: { 'If-Match': '"3"' }, body: { status: 'closed', urgency: 'low' } });
    assert.equal(p.status, 200, p.text);
    assert.equal(p.body.closed_at, closedAt, 'staying closed keeps the first closed_at');
    p = await h.api('PATCH', `/api/v1/cases/${c.id}`, { headers: { 'If-Match': 'W/"4"' }, body: { status: 'waiting' } });
    assert.equal(p.status, 200, p.text);
    assert.equal(p.body.closed_at, null, 'reopening clears closed_at');
    assert.equal(p.body.version, 5);

    // the contact person is not changed by PATCH, and the error says where it is
    const cc = await h.api('PATCH', `/api/v1/cases/${c.id}`, { headers: { 'If-Match': '"5"' }, body: { contact_staff_id: s.staff[0] } });
    assertError(cc, 422, 'immutable_field', 'contact_staff_id');
    assert.match(cc.body.error.message, /PUT \/api\/v1\/cases\/\d+\/contact/);
    assertError(await h.api('PATCH', `/api/v1/cases/${c.id}`, { body: { urgency: 'low' } }), 428, 'if_match_required');
    assertError(await h.api('PATCH', `/api/v1/cases/${c.id}`, { headers: { 'If-Match': 'banan' }, body: { urgency: 'low' } }), 400, 'bad_if_match');

    // list and filters
    const withContact = await created(h, '/api/v1/cases', caseBody(s, { contact_staff_id: s.staff[1], intake_channel: 'gp_referral', domains: ['housing'] }));
    assert.deepEqual(await listIds(h), [c.id, m.id, withContact.id]);
    assert.deepEqual(await listIds(h, '?status=waiting'), [c.id]);
    assert.deepEqual(await listIds(h, '?status=new'), [m.id, withContact.id]);
    assert.deepEqual(await listIds(h, '?urgency=low'), [c.id, m.id]);
    assert.deepEqual(await listIds(h, `?person_id=${s.persons[1]}`), [m.id]);
    assert.deepEqual(await listIds(h, `?lead_organisation_id=${s.home}`), [c.id]);
    assert.deepEqual(await listIds(h, `?contact_staff_id=${s.staff[1]}`), [withContact.id]);
    // a read names the ids it carries: contact person and units, in the list and alone
    const listed = (await h.api('GET', '/api/v1/cases')).body.items;
    assert.equal(listed.find((x) => x.id === withContact.id).contact_name, 'Ánde Testesen');
    assert.equal(listed.find((x) => x.id === c.id).contact_name, null);
    const one = (await h.api('GET', `/api/v1/cases/${c.id}`)).body;
    assert.equal(one.lead_organisation_name, 'Hjemmetjenesten');
    assert.deepEqual(one.contributing_organisation_names, ['NAV Testkommune']);
    assert.deepEqual(listed.find((x) => x.id === c.id).contributing_organisation_names, ['NAV Testkommune']);
    assert.deepEqual(await listIds(h, '?intake_channel=phone'), [m.id]);
    assert.deepEqual(await listIds(h, '?domains=housing'), [withContact.id]);
    assert.deepEqual(await listIds(h, '?domains=economy&status=waiting'), [c.id]);
    assert.deepEqual(await listIds(h, '?domains=family_children'), []);
    const page = await h.api('GET', '/api/v1/cases?limit=2');
    assert.deepEqual(page.body.items.map((x) => x.id), [c.id, m.id]);
    assert.equal(page.body.next, String(m.id));
    assert.deepEqual(await listIds(h, `?limit=2&after=${page.body.next}`), [withContact.id]);
    assertError(await h.api('GET', '/api/v1/cases?status=finished'), 422, 'invalid_enum', 'status');
    assertError(await h.api('GET', '/api/v1/cases?title=x'), 422, 'unknown_filter', 'title');
    assertError(await h.api('GET', '/api/v1/cases?person_id=abc'), 422, 'invalid_filter', 'person_id');

    assertError(await h.api('GET', '/api/v1/cases/999999'), 404, 'not_found');
    assertError(await h.api('PATCH', '/api/v1/cases/999999', { headers: { 'If-Match': '"1"' }, body: { urgency: 'low' } }), 404, 'not_found');
  });
});

test('an anonymous worry report may have no person; other cases must have one', async () => {
  await withServer(async (h) => {
    const s = await seed(h);
    const worry = await created(h, '/api/v1/cases', {
      title: 'Bekymringsmelding fra nabo',
      intake_channel: 'worry_report',
      intake_date: '2025-02-01',
      urgency: 'high',
      anonymous_reporter: true,
    });
    assert.equal(worry.person_id, null);
    assert.equal(worry.anonymous_reporter, true);
    assert.equal(worry.status, 'new');

    const noPerson = { ...caseBody(s) };
    delete noPerson.person_id;
    assertError(await h.api('POST', '/api/v1/cases', { body: noPerson }), 422, 'required', 'person_id');
    assertError(await h.api('POST', '/api/v1/cases', { body: caseBody(s, { person_id: null }) }), 422, 'required', 'person_id');

    // turning the worry report into another channel needs a person first
    assertError(
      await h.api('PATCH', `/api/v1/cases/${worry.id}`, { headers: { 'If-Match': '"1"' }, body: { intake_channel: 'phone' } }),
      422, 'required', 'person_id');
    const p = await h.api('PATCH', `/api/v1/cases/${worry.id}`, { headers: { 'If-Match': '"1"' }, body: { person_id: s.persons[0], intake_channel: 'phone' } });
    assert.equal(p.status, 200, p.text);
    assert.equal(p.body.person_id, s.persons[0]);
    // and a case with a person cannot lose it
    assertError(
      await h.api('PATCH', `/api/v1/cases/${worry.id}`, { headers: { 'If-Match': '"2"' }, body: { person_id: null } }),
      422, 'required', 'person_id');
  });
});

test('R2: one contact person at a time, every change dated, no previous holder needed', async () => {
  await withServer(async (h) => {
    const s = await seed(h);
    const [a, b, c] = s.staff;
    const k = await created(h, '/api/v1/cases', caseBody(s, { contact_staff_id: a }));
    assert.equal(k.contact_staff_id, a);
    assert.equal(k.contact.staff_id, a);
    assert.equal(k.contact.to_at, null);
    assert.match(k.contact.from_at, ISO);
    assert.equal(k.contact.assigned_by, h.ke.accountId, 'the assigning account is recorded');

    let r = await h.api('GET', `/api/v1/cases/${k.id}/contact`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.current.staff_id, a);
    assert.equal(r.body.history.length, 1);

    // Two reassignments by the coordinating unit, which is neither holder.
    const reason = 'Koordinator slutter – overført til Ánde (ŋ, æøå)';
    r = await putContact(h, k.id, { staff_id: b, reason });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.current.staff_id, b);
    assert.equal(r.body.current.reason, reason);
    r = await putContact(h, k.id, { staff_id: c });
    assert.equal(r.status, 200, r.text);

    const check = (body) => {
      const hist = body.history;
      assert.equal(hist.length, 3, 'every change is kept');
      assert.deepEqual(hist.map((x) => x.staff_id), [a, b, c], 'oldest first');
      const open = hist.filter((x) => x.to_at === null);
      assert.equal(open.length, 1, 'exactly one open contact period');
      assert.equal(open[0].staff_id, c);
      assert.deepEqual(body.current, open[0]);
      for (let i = 0; i < hist.length; i++) {
        assert.equal(hist[i].case_id, k.id);
        assert.match(hist[i].from_at, ISO);
        if (i < hist.length - 1) {
          assert.match(hist[i].to_at, ISO, `the period of holder ${i} is closed`);
          assert.equal(hist[i].to_at, hist[i + 1].from_at, 'no gap and no overlap between holders');
          assert.ok(hist[i].from_at <= hist[i].to_at);
        }
      }
    };
    check(r.body);
    check((await h.api('GET', `/api/v1/cases/${k.id}/contact`)).body);

    const g = await h.api('GET', `/api/v1/cases/${k.id}`);
    assert.equal(g.body.contact_staff_id, c);
    assert.equal(g.body.contact.staff_id, c);
    // every period names its holder; the case its contact person
    assert.deepEqual(r.body.history.map((x) => x.name), ['Åse Testesen', 'Ánde Testesen', 'Øystein Testesen']);
    assert.equal(g.body.contact_name, 'Øystein Testesen');
    assert.equal(g.body.version, 3, 'each change of contact person is a new version of the case');
    assert.equal(g.headers.get('etag'), '"3"');
    assert.deepEqual(await listIds(h, `?contact_staff_id=${c}`), [k.id]);
    assert.deepEqual(await listIds(h, `?contact_staff_id=${a}`), []);

    // The current holder again: a conflict, and nothing written.
    assertError(await putContact(h, k.id, { staff_id: c }), 409, 'r2_already_contact');
    r = await h.api('GET', `/api/v1/cases/${k.id}/contact`);
    check(r.body);
    assert.equal((await h.api('GET', `/api/v1/cases/${k.id}`)).body.version, 3);

    // A former holder may come back; the history grows.
    r = await putContact(h, k.id, { staff_id: a });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.history.length, 4);
    assert.equal(r.body.history.filter((x) => x.to_at === null).length, 1);
    assert.equal(r.body.current.staff_id, a);

    // A case without a contact person gets its first one the same way.
    const n = await created(h, '/api/v1/cases', caseBody(s, { person_id: s.persons[1] }));
    r = await h.api('GET', `/api/v1/cases/${n.id}/contact`);
    assert.deepEqual(r.body, { current: null, history: [], version: n.version });
    assert.equal(r.headers.get('etag'), `"${n.version}"`, 'the contact person is a part of the case: its ETag is the case\'s');
    r = await putContact(h, n.id, { staff_id: b });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.history.length, 1);
    assert.equal(r.body.current.staff_id, b);

    // bad input to PUT .../contact
    const put = (body, id = n.id) => putContact(h, id, body);
    assertError(await put({ staff_id: 999999 }), 422, 'unknown_reference', 'staff_id');
    assertError(await put({ staff_id: 'b' }), 422, 'wrong_type', 'staff_id');
    assertError(await put({ staff_id: -3 }), 422, 'wrong_type', 'staff_id');
    assertError(await put({ reason: 'ingen' }), 422, 'required', 'staff_id');
    assertError(await put({ staff_id: c, from_at: '2020-01-01T00:00:00Z' }), 422, 'unknown_field', 'from_at');
    assertError(await put({ staff_id: c, reason: 42 }), 422, 'wrong_type', 'reason');
    assertError(await put({ staff_id: c, reason: 'x'.repeat(1001) }), 422, 'too_long', 'reason');
    assertError(await put({ staff_id: c }, 999999), 404, 'not_found');
    assertError(await h.api('GET', '/api/v1/cases/999999/contact'), 404, 'not_found');
    assertError(await h.api('PUT', `/api/v1/cases/${n.id}/contact`, { body: '{"staff_id": ', headers: { 'If-Match': '"1"' } }), 400, 'malformed_json');
    // the ETag: none, or one from before a change, writes nothing
    assertError(await h.api('PUT', `/api/v1/cases/${n.id}/contact`, { body: { staff_id: c } }), 428, 'if_match_required');
    assertError(await h.api('PUT', `/api/v1/cases/${n.id}/contact`, { body: { staff_id: c }, headers: { 'If-Match': `"${n.version}"` } }), 412, 'stale_version');
    // and a contact person outside the municipality's own units is refused
    const navStaff = await created(h, '/api/v1/staff', { given_name: 'Nils', family_name: 'Navesen', profession: 'nav_advisor' });
    await created(h, '/api/v1/memberships', { staff_id: navStaff.id, organisation_id: s.nav, position_percent: 100 });
    assertError(await put({ staff_id: navStaff.id }), 422, 'contact_not_municipal', 'staff_id');
    // and one who has left (off-boarded) is no one's new contact person
    const leaver = await created(h, '/api/v1/staff', { given_name: 'Siste', family_name: 'Dag', profession: 'nurse' });
    await created(h, '/api/v1/memberships', { staff_id: leaver.id, organisation_id: s.home, position_percent: 100 });
    const off = await h.api('PATCH', `/api/v1/staff/${leaver.id}`, { body: { active: false }, headers: { 'If-Match': `"${leaver.version}"` } });
    assert.equal(off.status, 200, off.text);
    assertError(await put({ staff_id: leaver.id }), 422, 'staff_inactive', 'staff_id');
    assertError(await h.api('POST', '/api/v1/cases', { body: caseBody(s, { contact_staff_id: leaver.id }) }), 422, 'staff_inactive', 'contact_staff_id');
    assertError(await h.api('POST', '/api/v1/cases', { body: caseBody(s, { contact_staff_id: navStaff.id }) }), 422, 'contact_not_municipal', 'contact_staff_id');
    r = await h.api('GET', `/api/v1/cases/${n.id}/contact`);
    assert.equal(r.body.history.length, 1, 'rejected changes wrote nothing');
    assert.equal(r.body.current.staff_id, b);
  });
});

test('bad input is refused with the field named, and nothing is written', async () => {
  await withServer(async (h) => {
    const s = await seed(h);
    const post = (extra) => h.api('POST', '/api/v1/cases', { body: caseBody(s, extra) });
    assertError(await post({ urgency: 'whenever' }), 422, 'invalid_enum', 'urgency');
    assertError(await post({ status: 'done' }), 422, 'invalid_enum', 'status');
    assertError(await post({ intake_channel: 'pigeon' }), 422, 'invalid_enum', 'intake_channel');
    assertError(await post({ domains: ['health', 'astrology'] }), 422, 'invalid_enum', 'domains');
    assertError(await post({ domains: ['health', 'health'] }), 422, 'duplicate_value', 'domains');
    assertError(await post({ domains: 'health' }), 422, 'wrong_type', 'domains');
    assertError(await post({ title: 42 }), 422, 'wrong_type', 'title');
    assertError(await post({ title: '' }), 422, 'required', 'title');
    assertError(await post({ title: 'x'.repeat(201) }), 422, 'too_long', 'title');
    assertError(await post({ anonymous_reporter: 'yes' }), 422, 'wrong_type', 'anonymous_reporter');
    assertError(await post({ person_id: '1' }), 422, 'wrong_type', 'person_id');
    assertError(await post({ person_id: 999999 }), 422, 'unknown_reference', 'person_id');
    assertError(await post({ lead_organisation_id: 999999 }), 422, 'unknown_reference', 'lead_organisation_id');
    assertError(await post({ contact_staff_id: 999999 }), 422, 'unknown_reference', 'contact_staff_id');
    assertError(await post({ intake_date: '2025-02-30' }), 422, 'invalid_date', 'intake_date');
    assertError(await post({ contributing_organisation_ids: [s.nav, 999999] }), 422, 'unknown_reference', 'contributing_organisation_ids');
    assertError(await post({ contributing_organisation_ids: [s.nav, s.nav] }), 422, 'duplicate_value', 'contributing_organisation_ids');
    assertError(await post({ contributing_organisation_ids: [String(s.nav)] }), 422, 'wrong_type', 'contributing_organisation_ids');
    assertError(await post({ contributing_organisation_ids: [0] }), 422, 'wrong_type', 'contributing_organisation_ids');
    assertError(await post({ contributing_organisation_ids: { a: 1 } }), 422, 'wrong_type', 'contributing_organisation_ids');
    assertError(await post({ contributing_organisation_ids: s.nav }), 422, 'wrong_type', 'contributing_organisation_ids');
    assertError(await post({ contributing_organisation_ids: null }), 422, 'required', 'contributing_organisation_ids');
    assertError(await post({ priority: 'high' }), 422, 'unknown_field', 'priority');
    assertError(await post({ closed_at: '2025-01-01T00:00:00Z' }), 422, 'read_only_field', 'closed_at');
    assertError(await post({ version: 7 }), 422, 'read_only_field', 'version');
    const noTitle = caseBody(s);
    delete noTitle.title;
    assertError(await h.api('POST', '/api/v1/cases', { body: noTitle }), 422, 'required', 'title');
    assertError(await h.api('POST', '/api/v1/cases', { body: '{"title": "x",' }), 400, 'malformed_json');
    assertError(await h.api('POST', '/api/v1/cases', { body: '[1]' }), 400, 'body_not_object');
    assertError(await h.api('POST', '/api/v1/cases', { body: caseBody(s), headers: { 'Content-Type': 'text/plain' } }), 415, 'unsupported_media_type');
    assert.deepEqual(await listIds(h), [], 'no rejected case was written');
    // no contact row was left behind by a rejected case with a contact person either
    const ok = await created(h, '/api/v1/cases', caseBody(s));
    assert.deepEqual((await h.api('GET', `/api/v1/cases/${ok.id}/contact`)).body.history, []);
  });
});

test('R9: a stale or rejected change leaves the case as it was', async () => {
  await withServer(async (h) => {
    const s = await seed(h);
    const k = await created(h, '/api/v1/cases', caseBody(s, { contributing_organisation_ids: [s.home] }));
    const patch = (version, body) => h.api('PATCH', `/api/v1/cases/${k.id}`, { headers: { 'If-Match': `"${version}"` }, body });
    let r = await patch(1, { title: 'Første endring' });
    assert.equal(r.status, 200, r.text);
    const before = (await h.api('GET', `/api/v1/cases/${k.id}`)).body;
    assert.equal(before.version, 2);

    // someone else's edit on version 1 would overwrite this one
    assertError(await patch(1, { title: 'Utdatert endring' }), 412, 'stale_version');
    // rejected changes at the right version
    assertError(await patch(2, { title: 'Gyldig tittel', urgency: 'someday' }), 422, 'invalid_enum', 'urgency');
    assertError(await patch(2, { title: 'Gyldig tittel', contributing_organisation_ids: [s.home, 999999] }), 422, 'unknown_reference', 'contributing_organisation_ids');
    assertError(await patch(2, { title: 'Gyldig tittel', status: 'closed', nonsense: 1 }), 422, 'unknown_field', 'nonsense');
    assertError(await patch(2, { id: 5 }), 422, 'read_only_field', 'id');
    assertError(await patch(2, { closed_at: '2025-01-01T00:00:00Z' }), 422, 'read_only_field', 'closed_at');
    assertError(await patch(2, { title: null }), 422, 'required', 'title');
    assertError(await patch(2, { domains: null }), 422, 'required', 'domains');

    const after = await h.api('GET', `/api/v1/cases/${k.id}`);
    assert.equal(after.headers.get('etag'), '"2"');
    assert.deepEqual(after.body, before, 'the case is unchanged');

    // the right version still works, and moves the version on
    r = await patch(2, { contributing_organisation_ids: [s.nav, s.home] });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.contributing_organisation_ids, [s.nav, s.home]);
    assert.equal(r.body.version, 3);
    assertError(await patch(2, { title: 'For sent' }), 412, 'stale_version');
  });
});

test('an intake date is not in the future: 422 date_in_future naming intake_date, on create and on change', async () => {
  await withServer(async (h) => {
    const s = await seed(h);
    // two days ahead of the UTC clock is ahead of today in Norway too, whatever the hour
    const ahead = new Date(Date.now() + 2 * 86400e3).toISOString().slice(0, 10);
    const behind = new Date(Date.now() - 2 * 86400e3).toISOString().slice(0, 10);
    for (const d of [ahead, '2199-12-31']) {
      const r = await h.api('POST', '/api/v1/cases', { body: caseBody(s, { intake_date: d }) });
      assertError(r, 422, 'date_in_future', 'intake_date');
      assert.match(r.body.error.message, new RegExp(d));
    }
    assert.deepEqual((await h.api('GET', '/api/v1/cases')).body.items, []);
    const c = await created(h, '/api/v1/cases', caseBody(s, { intake_date: behind }));
    assert.equal(c.intake_date, behind);
    assertError(await h.api('PATCH', `/api/v1/cases/${c.id}`, { body: { intake_date: ahead }, headers: { 'If-Match': `"${c.version}"` } }),
      422, 'date_in_future', 'intake_date');
    assert.equal((await h.api('GET', `/api/v1/cases/${c.id}`)).body.intake_date, behind);
    // a change of something else keeps working
    const p = await h.api('PATCH', `/api/v1/cases/${c.id}`, { body: { urgency: 'high' }, headers: { 'If-Match': `"${c.version}"` } });
    assert.equal(p.status, 200, p.text);
  });
});
