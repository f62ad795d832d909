// persons.test.mjs - /persons: create with derived fields, uniqueness of the
// national ID number, the nested addresses and next-of-kin collections, the
// embedded view of one person, search, and keyset pagination.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertError, syntheticNid } from './harness.mjs';
import { staffMember } from './fixture.mjs';

// The administrator registers the GP office; persons are kept by municipal
// staff: every request below is made by a member of the coordinating unit.
let h;
let gp;
before(async () => {
  const server = await startServer();
  const r = await server.api('POST', '/api/v1/organisations', { body: { name: 'Sentrum legesenter', kind: 'external_agency', level: 'other' } });
  assert.equal(r.status, 201, r.text);
  gp = r.body;
  h = server.as((await staffMember(server)).token);
});
after(async () => { await h.stop(); });

let seq = 2000;
const nextNid = () => syntheticNid(seq += 7);

// The birth date a harness number encodes (month + 80, individual 100-499: 1900s).
function birthDate(nid) {
  return `19${nid.slice(4, 6)}-${String(Number(nid.slice(2, 4)) - 80).padStart(2, '0')}-${nid.slice(0, 2)}`;
}

async function createPerson(over = {}) {
  const body = { national_id: nextNid(), given_name: 'Kari', family_name: 'Nordmann', ...over };
  const r = await h.api('POST', '/api/v1/persons', { body });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

test('create a person: stored fields, derived birth date and kind, ETag and Location', async () => {
  const nid = nextNid();
  const body = {
    national_id: nid, given_name: 'Máret', family_name: 'Čiekčá', phone: '+47 912 34 567',
    email: 'maret@example.org', preferred_language: 'se', communication_needs: ['interpreter', 'hearing'],
    interpreter_language: 'nordsamisk', communication_note: 'Foretrekker tolk på telefon',
    gp_organisation_id: gp.id, gp_name: 'Dr. Lie', entitled_to_plan: true,
  };
  const r = await h.api('POST', '/api/v1/persons', { body });
  assert.equal(r.status, 201, r.text);
  for (const [k, v] of Object.entries(body)) assert.deepEqual(r.body[k], v, k);
  assert.equal(r.body.birth_date, birthDate(nid));
  assert.equal(r.body.national_id_kind, 'synthetic');
  assert.equal(r.body.version, 1);
  assert.equal(typeof r.body.id, 'number');
  assert.match(r.body.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.equal(r.headers.get('etag'), '"1"');
  assert.equal(r.headers.get('location'), `/api/v1/persons/${r.body.id}`);
  assert.match(r.headers.get('content-type'), /^application\/json/);
  // the Location answers the same record
  const g = await h.api('GET', r.headers.get('location'));
  assert.equal(g.status, 200);
  assert.equal(g.headers.get('etag'), '"1"');
  for (const [k, v] of Object.entries(r.body)) assert.deepEqual(g.body[k], v, k);
  // and names the GP's practice, so the person overview need not look it up
  assert.equal(g.body.gp_organisation_name, gp.name);
});

test('defaults: no needs, not entitled, no GP', async () => {
  const p = await createPerson();
  assert.deepEqual(p.communication_needs, []);
  assert.equal(p.entitled_to_plan, false);
  assert.equal(p.gp_organisation_id, null);
  assert.equal(p.phone, null);
});

test('a national ID number is unique: 409 national_id_taken', async () => {
  const a = await createPerson();
  const b = await createPerson();
  assertError(await h.api('POST', '/api/v1/persons', { body: { national_id: a.national_id, given_name: 'X', family_name: 'Y' } }),
    409, 'national_id_taken', 'national_id');
  assertError(await h.api('PATCH', `/api/v1/persons/${b.id}`, { body: { national_id: a.national_id }, headers: { 'If-Match': '"1"' } }),
    409, 'national_id_taken', 'national_id');
  // unchanged
  assert.equal((await h.api('GET', `/api/v1/persons/${b.id}`)).body.national_id, b.national_id);
  // sending one's own number again is fine
  const same = await h.api('PATCH', `/api/v1/persons/${a.id}`, { body: { national_id: a.national_id }, headers: { 'If-Match': '"1"' } });
  assert.equal(same.status, 200, same.text);
});

test('PATCH changes what is sent, bumps the version and derives the birth date again', async () => {
  const p = await createPerson({ phone: '11111111' });
  const nid = nextNid();
  const r = await h.api('PATCH', `/api/v1/persons/${p.id}`, {
    body: { given_name: 'Kári', national_id: nid, entitled_to_plan: true }, headers: { 'If-Match': '"1"' },
  });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.version, 2);
  assert.equal(r.headers.get('etag'), '"2"');
  assert.equal(r.body.given_name, 'Kári');
  assert.equal(r.body.family_name, 'Nordmann');
  assert.equal(r.body.phone, '11111111');
  assert.equal(r.body.national_id, nid);
  assert.equal(r.body.birth_date, birthDate(nid));
  assert.equal(r.body.entitled_to_plan, true);
  assert.equal(r.body.created_at, p.created_at);
  // a weak ETag works as well; null clears an optional field
  const r2 = await h.api('PATCH', `/api/v1/persons/${p.id}`, { body: { phone: null }, headers: { 'If-Match': 'W/"2"' } });
  assert.equal(r2.status, 200, r2.text);
  assert.equal(r2.body.phone, null);
  assert.equal(r2.body.version, 3);
  assertError(await h.api('PATCH', `/api/v1/persons/${p.id}`, { body: { phone: '2' }, headers: { 'If-Match': '"2"' } }),
    412, 'stale_version');
});

test('addresses: create, list, get, patch with If-Match, delete', async () => {
  const p = await createPerson();
  const base = `/api/v1/persons/${p.id}/addresses`;
  const c = await h.api('POST', base, { body: { street: 'Kirkegata 5', postal_code: '9600', city: 'Hammerfest', valid_from: '2020-01-01' } });
  assert.equal(c.status, 201, c.text);
  assert.equal(c.body.person_id, p.id);
  assert.equal(c.body.street, 'Kirkegata 5');
  assert.equal(c.headers.get('location'), `${base}/${c.body.id}`);
  assert.equal(c.headers.get('etag'), '"1"');
  const c2 = await h.api('POST', base, { body: { street: 'Strandveien 1' } });
  assert.equal(c2.status, 201, c2.text);

  const list = await h.api('GET', base);
  assert.equal(list.status, 200);
  assert.deepEqual(list.body.items.map((a) => a.id), [c.body.id, c2.body.id]);
  assert.equal(list.body.next, null);

  const g = await h.api('GET', `${base}/${c.body.id}`);
  assert.equal(g.status, 200);
  assert.deepEqual(g.body, c.body);

  assertError(await h.api('PATCH', `${base}/${c.body.id}`, { body: { valid_to: '2024-06-30' } }), 428, 'if_match_required');
  const u = await h.api('PATCH', `${base}/${c.body.id}`, { body: { valid_to: '2024-06-30' }, headers: { 'If-Match': '"1"' } });
  assert.equal(u.status, 200, u.text);
  assert.equal(u.body.valid_to, '2024-06-30');
  assert.equal(u.body.street, 'Kirkegata 5');
  assert.equal(u.body.version, 2);
  assertError(await h.api('PATCH', `${base}/${c.body.id}`, { body: { city: 'Alta' }, headers: { 'If-Match': '"1"' } }), 412, 'stale_version');

  assertError(await h.api('DELETE', `${base}/${c2.body.id}`, { headers: { 'If-Match': '"2"' } }), 412, 'stale_version');
  const d = await h.api('DELETE', `${base}/${c2.body.id}`, { headers: { 'If-Match': '"1"' } });
  assert.equal(d.status, 204, d.text);
  assert.equal(d.text, '');
  assertError(await h.api('GET', `${base}/${c2.body.id}`), 404, 'not_found');
  assertError(await h.api('DELETE', `${base}/${c2.body.id}`, { headers: { 'If-Match': '"1"' } }), 404, 'not_found');
  assert.deepEqual((await h.api('GET', base)).body.items.map((a) => a.id), [c.body.id]);
});

test('next of kin: create, list, get, patch with If-Match, delete', async () => {
  const p = await createPerson();
  const base = `/api/v1/persons/${p.id}/next-of-kin`;
  const c = await h.api('POST', base, { body: { name: 'Ánde Čiekčá', relation: 'parent', phone: '99887766', is_guardian: true } });
  assert.equal(c.status, 201, c.text);
  assert.equal(c.body.person_id, p.id);
  assert.equal(c.body.relation, 'parent');
  assert.equal(c.body.is_guardian, true);
  assertError(await h.api('POST', base, { body: { name: 'X' } }), 422, 'required', 'relation');
  const list = await h.api('GET', base);
  assert.deepEqual(list.body.items.map((k) => k.id), [c.body.id]);
  const g = await h.api('GET', `${base}/${c.body.id}`);
  assert.deepEqual(g.body, c.body);
  const u = await h.api('PATCH', `${base}/${c.body.id}`, { body: { relation: 'guardian', note: 'Verge fra 2024' }, headers: { 'If-Match': '"1"' } });
  assert.equal(u.status, 200, u.text);
  assert.equal(u.body.relation, 'guardian');
  assert.equal(u.body.name, 'Ánde Čiekčá');
  assert.equal(u.body.version, 2);
  const d = await h.api('DELETE', `${base}/${c.body.id}`, { headers: { 'If-Match': '"2"' } });
  assert.equal(d.status, 204);
  assert.deepEqual((await h.api('GET', base)).body.items, []);
});

test('GET /persons/{id} embeds the addresses and next of kin', async () => {
  const p = await createPerson();
  const a1 = (await h.api('POST', `/api/v1/persons/${p.id}/addresses`, { body: { street: 'Gamleveien 1', valid_to: '2019-12-31' } })).body;
  const a2 = (await h.api('POST', `/api/v1/persons/${p.id}/addresses`, { body: { street: 'Nyveien 2', valid_from: '2020-01-01' } })).body;
  const k = (await h.api('POST', `/api/v1/persons/${p.id}/next-of-kin`, { body: { name: 'Per', relation: 'child' } })).body;
  // another person's do not show
  const other = await createPerson();
  await h.api('POST', `/api/v1/persons/${other.id}/addresses`, { body: { street: 'Annen gate 3' } });
  await h.api('POST', `/api/v1/persons/${other.id}/next-of-kin`, { body: { name: 'Ola', relation: 'friend' } });

  const g = await h.api('GET', `/api/v1/persons/${p.id}`);
  assert.equal(g.status, 200, g.text);
  assert.equal(g.headers.get('etag'), '"1"');
  assert.equal(g.body.given_name, 'Kari');
  assert.deepEqual(g.body.addresses.map((a) => a.id).sort((x, y) => x - y), [a1.id, a2.id]);
  assert.deepEqual(g.body.addresses.find((a) => a.id === a1.id), a1);
  assert.deepEqual(g.body.next_of_kin, [k]);
  // a person without any
  const bare = await h.api('GET', `/api/v1/persons/${other.id + 0}`);
  assert.equal(bare.body.addresses.length, 1);
  const none = await createPerson();
  const gn = await h.api('GET', `/api/v1/persons/${none.id}`);
  assert.deepEqual(gn.body.addresses, []);
  assert.deepEqual(gn.body.next_of_kin, []);
  // the collection itself does not embed
  const list = await h.api('GET', `/api/v1/persons?national_id=${p.national_id}`);
  assert.equal(list.body.items.length, 1);
  assert.equal(list.body.items[0].addresses, undefined);
});

test('embedded addresses are newest first', async () => {
  const p = await createPerson();
  const old = (await h.api('POST', `/api/v1/persons/${p.id}/addresses`, { body: { street: 'Gamleveien 1', valid_from: '2010-01-01', valid_to: '2019-12-31' } })).body;
  const cur = (await h.api('POST', `/api/v1/persons/${p.id}/addresses`, { body: { street: 'Nyveien 2', valid_from: '2020-01-01' } })).body;
  const g = await h.api('GET', `/api/v1/persons/${p.id}`);
  assert.deepEqual(g.body.addresses.map((a) => a.id), [cur.id, old.id]);
});

test('a nested id under another person is not found', async () => {
  const a = await createPerson();
  const b = await createPerson();
  const addr = (await h.api('POST', `/api/v1/persons/${a.id}/addresses`, { body: { street: 'Torget 1' } })).body;
  const kin = (await h.api('POST', `/api/v1/persons/${a.id}/next-of-kin`, { body: { name: 'Liv', relation: 'spouse' } })).body;
  for (const [sub, id] of [['addresses', addr.id], ['next-of-kin', kin.id]]) {
    const path = `/api/v1/persons/${b.id}/${sub}/${id}`;
    assertError(await h.api('GET', path), 404, 'not_found');
    assertError(await h.api('PATCH', path, { body: sub === 'addresses' ? { city: 'X' } : { note: 'X' }, headers: { 'If-Match': '"1"' } }), 404, 'not_found');
    assertError(await h.api('DELETE', path, { headers: { 'If-Match': '"1"' } }), 404, 'not_found');
    // still there, unchanged, under its own person
    const own = await h.api('GET', `/api/v1/persons/${a.id}/${sub}/${id}`);
    assert.equal(own.status, 200);
    assert.equal(own.body.version, 1);
  }
  // collections of a person that does not exist
  const missing = b.id + 10000;
  assertError(await h.api('GET', `/api/v1/persons/${missing}/addresses`), 404, 'not_found');
  assertError(await h.api('GET', `/api/v1/persons/${missing}/next-of-kin`), 404, 'not_found');
  assertError(await h.api('POST', `/api/v1/persons/${missing}/addresses`, { body: { street: 'X' } }), 404, 'not_found');
  assertError(await h.api('GET', `/api/v1/persons/${missing}`), 404, 'not_found');
});

// The ids of a search, following every page.
async function search(query) {
  const ids = [];
  let after = null;
  for (let pages = 0; pages < 100; pages++) {
    const r = await h.api('GET', `/api/v1/persons?${query ? `${query}&` : ''}limit=500${after ? `&after=${after}` : ''}`);
    assert.equal(r.status, 200, `${query}: ${r.text}`);
    ids.push(...r.body.items.map((p) => p.id));
    after = r.body.next;
    if (after === null) return ids;
  }
  throw new Error('too many pages');
}

test('search by name: every word is a prefix of a name word, case-insensitive for ASCII', async () => {
  const tag = 'Zq';
  const kari = await createPerson({ given_name: `${tag}kari`, family_name: `${tag}nordmann` });
  const anne = await createPerson({ given_name: `Anne ${tag}marie`, family_name: `${tag}hansen` });
  const ola = await createPerson({ given_name: `${tag}ola`, family_name: `${tag}nordby` });
  assert.deepEqual(await search(`q=${tag}kari`), [kari.id]);
  assert.deepEqual(await search(`q=${tag.toLowerCase()}KAR`), [kari.id]);
  assert.deepEqual(await search(`q=${tag}nord`), [kari.id, ola.id]);
  assert.deepEqual(await search(`q=${encodeURIComponent(`${tag}kari ${tag}nord`)}`), [kari.id]);
  assert.deepEqual(await search(`q=${encodeURIComponent(`${tag}nord ${tag}ola`)}`), [ola.id]);
  assert.deepEqual(await search(`q=${tag}marie`), [anne.id], 'the second word of a given name');
  assert.deepEqual(await search(`q=${encodeURIComponent(`  ${tag}hansen   Anne `)}`), [anne.id]);
  assert.deepEqual(await search(`q=ari${tag}`), []);
  assert.deepEqual(await search(`q=${tag}kari${tag}`), []);
  // wildcards are literal
  assert.deepEqual(await search(`q=${tag}%25`), []);
  assert.deepEqual(await search(`q=${tag}_ari`), []);
  // non-ASCII names are found as written
  const maret = await createPerson({ given_name: 'Máret Zqánde', family_name: 'Zqčiekčá' });
  assert.deepEqual(await search(`q=${encodeURIComponent('Zqčiekč')}`), [maret.id]);
  assert.deepEqual(await search(`q=${encodeURIComponent('Zqánde')}`), [maret.id]);
});

test('search by name finds the second word of a family name', async () => {
  const p = await createPerson({ given_name: 'Zwkari', family_name: 'Zwnordmann Zwhansen' });
  assert.deepEqual(await search('q=Zwhansen'), [p.id]);
});

test('search by national ID number: exact; an invalid one is refused', async () => {
  const a = await createPerson();
  await createPerson();
  assert.deepEqual(await search(`national_id=${a.national_id}`), [a.id]);
  assert.deepEqual(await search(`national_id=${nextNid()}`), []);
  assertError(await h.api('GET', `/api/v1/persons?national_id=${a.national_id.slice(0, 10)}`), 422, 'invalid_national_id', 'national_id');
  assertError(await h.api('GET', `/api/v1/persons?national_id=${a.national_id.slice(0, 10)}${(Number(a.national_id[10]) + 1) % 10}`),
    422, 'invalid_national_id', 'national_id');
  assertError(await h.api('GET', '/api/v1/persons?national_id=abc'), 422, 'invalid_national_id', 'national_id');
});

test('search by address also finds former residents', async () => {
  const now = await createPerson();
  const former = await createPerson();
  const elsewhere = await createPerson();
  await h.api('POST', `/api/v1/persons/${now.id}/addresses`, { body: { street: 'Zqelvegata 12', valid_from: '2023-01-01' } });
  await h.api('POST', `/api/v1/persons/${former.id}/addresses`, { body: { street: 'Zqelvegata 12', valid_from: '2015-01-01', valid_to: '2022-12-31' } });
  await h.api('POST', `/api/v1/persons/${former.id}/addresses`, { body: { street: 'Fjellveien 3', valid_from: '2023-01-01' } });
  await h.api('POST', `/api/v1/persons/${elsewhere.id}/addresses`, { body: { street: 'Zqelveien 1' } });
  assert.deepEqual(await search(`address=${encodeURIComponent('Zqelvegata 12')}`), [now.id, former.id]);
  assert.deepEqual(await search(`address=${encodeURIComponent('zqelvegata')}`), [now.id, former.id]);
  assert.deepEqual(await search(`address=Zqelve`), [now.id, former.id, elsewhere.id]);
  assert.deepEqual(await search(`address=${encodeURIComponent('Zqelvegata 13')}`), []);
  // a person with two matching addresses appears once
  await h.api('POST', `/api/v1/persons/${now.id}/addresses`, { body: { street: 'Zqelvegata 12B' } });
  assert.deepEqual(await search(`address=${encodeURIComponent('Zqelvegata 12')}`), [now.id, former.id]);
  // together with a name
  const named = await createPerson({ given_name: 'Zqsigrid' });
  await h.api('POST', `/api/v1/persons/${named.id}/addresses`, { body: { street: 'Zqelvegata 12' } });
  assert.deepEqual(await search(`address=Zqelvegata&q=Zqsigrid`), [named.id]);
});

test('the search field (q) also finds by street, current or former, and by national ID number', async () => {
  const p = await createPerson({ given_name: 'Zysolveig' });
  const moved = await createPerson({ given_name: 'Zyrolf' });
  await h.api('POST', `/api/v1/persons/${p.id}/addresses`, { body: { street: 'Zyfjordgata 7', valid_from: '2023-01-01' } });
  await h.api('POST', `/api/v1/persons/${moved.id}/addresses`, { body: { street: 'Zyfjordgata 9', valid_from: '2010-01-01', valid_to: '2019-12-31' } });
  assert.deepEqual(await search(`q=${encodeURIComponent('Zyfjordgata 7')}`), [p.id]);
  assert.deepEqual(await search(`q=${encodeURIComponent('zyfjordgata')}`), [p.id, moved.id]);
  assert.deepEqual(await search(`q=${p.national_id}`), [p.id]);
  assert.deepEqual(await search(`q=${encodeURIComponent(' Zysolveig ')}`), [p.id]);
  // a street's prefix, not a word inside it; LIKE wildcards are plain text
  assert.deepEqual(await search(`q=${encodeURIComponent('fjordgata 7')}`), []);
  assert.deepEqual(await search(`q=${encodeURIComponent('Zyfjord%')}`), []);
});

test('search for persons entitled to a plan', async () => {
  const yes = await createPerson({ given_name: 'Zxentitled', entitled_to_plan: true });
  await createPerson({ given_name: 'Zxentitled', entitled_to_plan: false });
  const yes2 = await createPerson({ given_name: 'Zxentitled' });
  await h.api('PATCH', `/api/v1/persons/${yes2.id}`, { body: { entitled_to_plan: true }, headers: { 'If-Match': '"1"' } });
  assert.deepEqual(await search('q=Zxentitled&entitled_to_plan=true'), [yes.id, yes2.id]);
  assert.equal((await search('q=Zxentitled')).length, 3);
  const all = await search('entitled_to_plan=true');
  assert.ok(all.includes(yes.id) && all.includes(yes2.id));
  for (const id of all) assert.equal((await h.api('GET', `/api/v1/persons/${id}`)).body.entitled_to_plan, true);
  // without a plan that is not closed: the list behind the overview's number
  const plan = await h.api('POST', '/api/v1/plans', { body: { person_id: yes.id } });
  assert.equal(plan.status, 201, plan.text);
  assert.deepEqual(await search('q=Zxentitled&entitled_to_plan=true&without_plan=true'), [yes2.id]);
  const bad = await h.api('GET', '/api/v1/persons?without_plan=yes');
  assert.deepEqual([bad.status, bad.body.error.code, bad.body.error.field], [422, 'invalid_filter', 'without_plan']);
});

test('pagination with ?limit=2 walks every person exactly once', async () => {
  for (let i = 0; i < 5; i++) await createPerson({ given_name: `Zpage${i}` });
  const all = await search('');
  assert.ok(all.length >= 5);
  const seen = [];
  let after = null;
  let pages = 0;
  for (;;) {
    const r = await h.api('GET', `/api/v1/persons?limit=2${after ? `&after=${after}` : ''}`);
    assert.equal(r.status, 200, r.text);
    pages++;
    assert.ok(r.body.items.length <= 2);
    seen.push(...r.body.items.map((p) => p.id));
    if (r.body.next === null) break;
    assert.equal(r.body.items.length, 2);
    assert.equal(typeof r.body.next, 'string');
    after = r.body.next;
    assert.ok(pages < 1000);
  }
  assert.deepEqual(seen, all);
  assert.equal(new Set(seen).size, seen.length);
  assert.deepEqual([...seen].sort((a, b) => a - b), seen, 'ordered by id');
  assert.equal(pages, Math.ceil(all.length / 2));
  // paging a search
  const q = [];
  after = null;
  do {
    const r = await h.api('GET', `/api/v1/persons?q=Zpage&limit=2${after ? `&after=${after}` : ''}`);
    q.push(...r.body.items.map((p) => p.given_name));
    after = r.body.next;
  } while (after !== null);
  assert.deepEqual(q, ['Zpage0', 'Zpage1', 'Zpage2', 'Zpage3', 'Zpage4']);
});

test('concurrent PATCHes with the same If-Match: exactly one wins, the rest are 412', async () => {
  const p = await createPerson();
  const rs = await Promise.all(Array.from({ length: 8 }, (_, i) => h.api('PATCH', `/api/v1/persons/${p.id}`, {
    body: { phone: `4000000${i}` }, headers: { 'If-Match': '"1"' },
  })));
  const won = rs.filter((r) => r.status === 200);
  assert.equal(won.length, 1, rs.map((r) => `${r.status} ${r.text}`).join('\n'));
  for (const r of rs.filter((x) => x.status !== 200)) assertError(r, 412, 'stale_version');
  const g = (await h.api('GET', `/api/v1/persons/${p.id}`)).body;
  assert.equal(g.version, 2);
  assert.equal(g.phone, won[0].body.phone);
});

test('concurrent creates with one national ID number: one person, the rest 409', async () => {
  const nid = nextNid();
  const rs = await Promise.all(Array.from({ length: 8 }, (_, i) => h.api('POST', '/api/v1/persons', {
    body: { national_id: nid, given_name: `Samtidig${i}`, family_name: 'Person' },
  })));
  assert.equal(rs.filter((r) => r.status === 201).length, 1, rs.map((r) => `${r.status} ${r.text}`).join('\n'));
  for (const r of rs.filter((x) => x.status !== 201)) assertError(r, 409, 'national_id_taken', 'national_id');
  assert.equal((await search(`national_id=${nid}`)).length, 1);
});

// ---- search folds case for every letter (util/fold.c, utf8proc) -------------
// The names below are used by no other test in this file, so every search
// names exactly the persons it must find. The lower- and upper-case forms come
// from JavaScript's own Unicode case mapping, not from the server's.

// Every word of each name, as written, in lower case, in upper case, and its
// first three letters in either case, finds exactly that person.
async function assertFoundByEveryWord(person) {
  const words = `${person.given_name} ${person.family_name}`.split(/[\s-]+/).filter(Boolean);
  for (const word of words) {
    const first3 = [...word].slice(0, 3).join('');
    for (const form of [word, word.toLowerCase(), word.toUpperCase(), first3.toLowerCase(), first3.toUpperCase()]) {
      assert.deepEqual(await search(`q=${encodeURIComponent(form)}`), [person.id],
        `${form} (from ${person.given_name} ${person.family_name})`);
    }
  }
}

test('search by name ignores case for æ, ø, å and Sami letters', async () => {
  const people = [
    { given_name: 'Åsmund', family_name: 'Øyjordsæter' },
    { given_name: 'Ærlendis', family_name: 'Åsebråten' },
    { given_name: 'Øydis', family_name: 'Ærfuglholmen' },
    { given_name: 'Čeavččá', family_name: 'Đuottarjávri' },
    { given_name: 'Ŋuolláš', family_name: 'Šuoššjávri' },
    { given_name: 'Ŧiehtasiidu', family_name: 'Žuvvárašš' },
    { given_name: 'Áhkkávárri', family_name: 'Ŋeahkkeđis' },
  ];
  const created = [];
  for (const p of people) created.push(await createPerson(p));
  for (const p of created) await assertFoundByEveryWord(p);
  // two words, mixed case, in either order
  const [asmund, , , ceavcca] = created;
  assert.deepEqual(await search(`q=${encodeURIComponent('øyjordsæter ÅSMUND')}`), [asmund.id]);
  assert.deepEqual(await search(`q=${encodeURIComponent('ČEAVČ đuottar')}`), [ceavcca.id]);
  // a letter is its own letter: å is not a, ø is not o, č is not c
  for (const q of ['asmund', 'oyjord', 'Aasmund', 'ceavcca', 'duottar', 'suoss']) {
    assert.deepEqual(await search(`q=${q}`), [], q);
  }
});

test('search by name ignores case for other letters: ä ö ü, Polish, Greek, Cyrillic', async () => {
  const people = [
    { given_name: 'Jürgen', family_name: 'Öztürkälä' },
    { given_name: 'Łucjańska', family_name: 'Wójcikówna' },
    { given_name: 'Σοφία', family_name: 'Παπαδοπούλου' },
    { given_name: 'Жанна', family_name: 'Кузнецова' },
  ];
  for (const p of people) await assertFoundByEveryWord(await createPerson(p));
});

test('search by name: decomposed letters, white space and hyphenated names', async () => {
  const p = await createPerson({ given_name: 'Åsny-Lisbeth', family_name: 'Grønnæsodden' });
  // Å typed as A + combining ring above (as some keyboards send it)
  assert.deepEqual(await search(`q=${encodeURIComponent('A\u030Asny')}`), [p.id]);
  // any white space, no-break space included, separates words
  assert.deepEqual(await search(`q=${encodeURIComponent('\u00A0grønnæs\tlisb ')}`), [p.id]);
  // each part of a hyphenated name, and the whole
  for (const q of ['lisbeth', 'LISB', 'åsny', 'åsny-lis', 'Åsny-Lisbeth']) {
    assert.deepEqual(await search(`q=${encodeURIComponent(q)}`), [p.id], q);
  }
  // the search keys are the server's own: never answered, never accepted
  const g = await h.api('GET', `/api/v1/persons/${p.id}`);
  assert.equal(g.status, 200);
  assert.equal('name_keys' in g.body, false);
  assertError(await h.api('PATCH', `/api/v1/persons/${p.id}`, { body: { name_keys: ['zz'] }, headers: { 'If-Match': '"1"' } }),
    422, 'read_only_field', 'name_keys');
  assertError(await h.api('POST', `/api/v1/persons/${p.id}/addresses`, { body: { street: 'X', street_key: 'x' } }),
    422, 'read_only_field', 'street_key');
});

test('search by address ignores case for every letter, in address= and in q', async () => {
  const now = await createPerson();
  const former = await createPerson();
  const other = await createPerson();
  await h.api('POST', `/api/v1/persons/${now.id}/addresses`, { body: { street: 'Ærfuglvegen 4', valid_from: '2023-01-01' } });
  await h.api('POST', `/api/v1/persons/${former.id}/addresses`, { body: { street: 'Ærfuglvegen 4', valid_from: '2010-01-01', valid_to: '2019-12-31' } });
  const a = await h.api('POST', `/api/v1/persons/${other.id}/addresses`, { body: { street: 'Šuoššgeaidnu 2' } });
  assert.equal(a.status, 201, a.text);
  assert.equal('street_key' in a.body, false);
  for (const form of ['Ærfuglvegen 4', 'ærfuglvegen 4', 'ÆRFUGLVEGEN', 'ærfuglv']) {
    assert.deepEqual(await search(`address=${encodeURIComponent(form)}`), [now.id, former.id], form);
    assert.deepEqual(await search(`q=${encodeURIComponent(form)}`), [now.id, former.id], form);
  }
  for (const form of ['šuoššgeaidnu', 'ŠUOŠŠGEAIDNU 2', 'šuoššg']) {
    assert.deepEqual(await search(`address=${encodeURIComponent(form)}`), [other.id], form);
    assert.deepEqual(await search(`q=${encodeURIComponent(form)}`), [other.id], form);
  }
  assert.deepEqual(await search(`address=${encodeURIComponent('ærfuglvegen 5')}`), []);
  assert.deepEqual(await search(`address=${encodeURIComponent('suossgeaidnu')}`), []);
  // a street changed, or an address removed, is no longer found
  const moved = await h.api('PATCH', `/api/v1/persons/${other.id}/addresses/${a.body.id}`, {
    body: { street: 'Čáhppesjávregeaidnu 9' }, headers: { 'If-Match': '"1"' },
  });
  assert.equal(moved.status, 200, moved.text);
  assert.deepEqual(await search(`address=${encodeURIComponent('šuoššgeaidnu')}`), []);
  assert.deepEqual(await search(`address=${encodeURIComponent('ČÁHPPES')}`), [other.id]);
  const del = await h.api('DELETE', `/api/v1/persons/${other.id}/addresses/${a.body.id}`, { headers: { 'If-Match': '"2"' } });
  assert.equal(del.status, 204, del.text);
  assert.deepEqual(await search(`address=${encodeURIComponent('čáhppes')}`), []);
});

test('search by national ID number with or without the usual space', async () => {
  const p = await createPerson();
  await createPerson();
  const spaced = `${p.national_id.slice(0, 6)} ${p.national_id.slice(6)}`;
  assert.deepEqual(await search(`q=${p.national_id}`), [p.id]);
  assert.deepEqual(await search(`q=${encodeURIComponent(spaced)}`), [p.id]);
  assert.deepEqual(await search(`q=${encodeURIComponent(` ${spaced}  `)}`), [p.id]);
  assert.deepEqual(await search(`national_id=${p.national_id}`), [p.id]);
  assert.deepEqual(await search(`national_id=${encodeURIComponent(spaced)}`), [p.id]);
  // only the whole number: not its birth date, not the number with a digit changed
  assert.deepEqual(await search(`q=${p.national_id.slice(0, 6)}`), []);
  const wrong = `${p.national_id.slice(0, 10)}${(Number(p.national_id[10]) + 1) % 10}`;
  assert.deepEqual(await search(`q=${wrong}`), []);
  assertError(await h.api('GET', `/api/v1/persons?national_id=${encodeURIComponent(`${p.national_id.slice(0, 6)} 1234`)}`),
    422, 'invalid_national_id', 'national_id');
});

test('a person renamed after creation is found by the new name, not the old', async () => {
  const p = await createPerson({ given_name: 'Ørjasæter', family_name: 'Gammelgårdsbråten' });
  assert.deepEqual(await search(`q=${encodeURIComponent('ørjasæter gammelgårds')}`), [p.id]);
  // the family name alone: the given name keeps being found
  let r = await h.api('PATCH', `/api/v1/persons/${p.id}`, { body: { family_name: 'Nyløkkjæra' }, headers: { 'If-Match': '"1"' } });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(await search(`q=${encodeURIComponent('gammelgårds')}`), []);
  assert.deepEqual(await search(`q=${encodeURIComponent('NYLØKK')}`), [p.id]);
  assert.deepEqual(await search(`q=${encodeURIComponent('ørjasæter nyløkkjæra')}`), [p.id]);
  // then the given name alone: the new family name stays
  r = await h.api('PATCH', `/api/v1/persons/${p.id}`, { body: { given_name: 'Åshild-Ŋuvvá' }, headers: { 'If-Match': '"2"' } });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(await search(`q=${encodeURIComponent('ørjasæter')}`), []);
  assert.deepEqual(await search(`q=${encodeURIComponent('ŋuvvá nyløkkjæra')}`), [p.id]);
  assert.deepEqual(await search(`q=${encodeURIComponent('ÅSHILD')}`), [p.id]);
  // a change of something else leaves the name's keys as they are
  r = await h.api('PATCH', `/api/v1/persons/${p.id}`, { body: { phone: '+47 400 00 000' }, headers: { 'If-Match': '"3"' } });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(await search(`q=${encodeURIComponent('åshild nyløkkjæra')}`), [p.id]);
});
