// bad_input.test.mjs - every kind of bad input of SPEC section 9 on /persons
// and /organisations gets a clear error naming what was wrong, and nothing is
// half-written: after each rejected request the whole stored state (every
// collection and every item) is exactly as before. Text in any script is
// stored and answered exactly.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startServer, assertError, syntheticNid } from './harness.mjs';
import { staffMember } from './fixture.mjs';

// Each request goes as the role that may make it (docs/security.md): persons
// (and their addresses and next of kin) as a member of the coordinating unit,
// organisations, staff and memberships as the administrator.
let h;
let tokenFor; // path -> token
let person;   // a stored person (with an address and a next of kin)
let org;      // a stored organisation
let address;  // the person's address
let keToken;  // the coordinating unit's member (cases and plans)

before(async () => {
  const server = await startServer();
  const ke = await staffMember(server);
  keToken = ke.token;
  tokenFor = (path) => (/^\/api\/v1\/persons/.test(path) ? ke.token : server.adminToken);
  h = Object.assign(Object.create(server), {
    api: (method, path, opts = {}) => server.api(method, path, { token: tokenFor(path), ...opts }),
  });
  org = (await h.api('POST', '/api/v1/organisations', {
    body: { name: 'Legekontoret', kind: 'external_agency', level: 'other' },
  })).body;
  assert.ok(org.id);
  const p = await h.api('POST', '/api/v1/persons', {
    body: { national_id: syntheticNid(11), given_name: 'Kari', family_name: 'Nordmann', gp_organisation_id: org.id },
  });
  assert.equal(p.status, 201, p.text);
  const a = await h.api('POST', `/api/v1/persons/${p.body.id}/addresses`, { body: { street: 'Storgata 1', postal_code: '0155' } });
  assert.equal(a.status, 201, a.text);
  address = a.body;
  const k = await h.api('POST', `/api/v1/persons/${p.body.id}/next-of-kin`, { body: { name: 'Ola Nordmann', relation: 'sibling' } });
  assert.equal(k.status, 201, k.text);
  person = (await h.api('GET', `/api/v1/persons/${p.body.id}`)).body;
});
after(async () => { await h.stop(); });

// Everything the API can show: every collection, and every item of it.
async function snapshot() {
  const out = {};
  for (const c of ['/api/v1/persons', '/api/v1/organisations', '/api/v1/staff', '/api/v1/memberships']) {
    const list = await h.api('GET', `${c}?limit=500`);
    assert.equal(list.status, 200, list.text);
    assert.equal(list.body.next, null);
    out[c] = list.body.items;
    for (const it of list.body.items) {
      const one = await h.api('GET', `${c}/${it.id}`);
      assert.equal(one.status, 200, one.text);
      out[`${c}/${it.id}`] = { body: one.body, etag: one.headers.get('etag') };
    }
  }
  for (const p of out['/api/v1/persons']) {
    for (const sub of ['addresses', 'next-of-kin']) {
      out[`${p.id}/${sub}`] = (await h.api('GET', `/api/v1/persons/${p.id}/${sub}`)).body;
    }
  }
  return out;
}

// Sends a request that must be refused, checks the error and that nothing changed.
async function refused(method, path, opts, status, code, field) {
  const before = await snapshot();
  const r = await h.api(method, path, opts);
  assertError(r, status, code, field);
  assert.ok(r.body.error.message.length > 0);
  assert.equal(r.headers.get('etag'), null, 'an error has no ETag');
  assert.equal(r.headers.get('location'), null, 'an error has no Location');
  assert.deepEqual(await snapshot(), before, `${method} ${path} changed stored data`);
  return r;
}

const personBody = (over = {}) => ({ national_id: syntheticNid(500), given_name: 'Per', family_name: 'Hansen', ...over });
const orgBody = (over = {}) => ({ name: 'NAV Sentrum', kind: 'external_agency', level: 'state', ...over });

test('malformed JSON: 400 malformed_json', async () => {
  for (const [path, text] of [
    ['/api/v1/persons', '{"given_name": '],
    ['/api/v1/persons', "{'given_name': 'Kari'}"],
    ['/api/v1/persons', '{"given_name": "Kari",}'],
    ['/api/v1/persons', '{"given_name": "Kari"} trailing'],
    ['/api/v1/organisations', 'not json'],
    ['/api/v1/organisations', '   '],
    ['/api/v1/organisations', '{"name": "A\u0000"}'.replace('\u0000', '\\u0000')],
    ['/api/v1/organisations', '{"name": "\\ud800"}'],
  ]) {
    const r = await refused('POST', path, { body: text }, 400, 'malformed_json', null);
    assert.match(r.body.error.message, /JSON/);
  }
  await refused('PATCH', `/api/v1/persons/${person.id}`, { body: '{', headers: { 'If-Match': `"${person.version}"` } },
    400, 'malformed_json');
  await refused('PATCH', `/api/v1/organisations/${org.id}`, { body: '{"name" "x"}', headers: { 'If-Match': '"1"' } },
    400, 'malformed_json');
});

test('numbers and nesting beyond what JSON parsing allows: 400, no crash', async () => {
  const deep = '['.repeat(100000) + ']'.repeat(100000);
  for (const text of [
    '{"given_name": 1e400}',
    '{"given_name": 123456789012345678901234567890}',
    `{"given_name": ${deep}}`,
  ]) {
    const r = await refused('POST', '/api/v1/persons', { body: text }, 400, 'malformed_json');
    assert.ok(r.body.error.message.length < 1000);
  }
});

test('invalid UTF-8 in the body: 400 invalid_utf8', async () => {
  const enc = new TextEncoder();
  const bytes = (...parts) => {
    const chunks = parts.map((p) => (typeof p === 'string' ? enc.encode(p) : Uint8Array.from(p)));
    const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
    let i = 0;
    for (const c of chunks) { out.set(c, i); i += c.length; }
    return out;
  };
  for (const [path, body] of [
    ['/api/v1/persons', bytes('{"given_name": "K', [0xff], 'ri", "family_name": "N", "national_id": "', syntheticNid(501), '"}')],
    ['/api/v1/persons', bytes('{"given_name": "', [0xc3], '"}')],              // truncated sequence
    ['/api/v1/persons', bytes('{"given_name": "', [0xc0, 0xaf], '"}')],        // overlong
    ['/api/v1/persons', bytes('{"given_name": "', [0xed, 0xa0, 0x80], '"}')],  // encoded surrogate
    ['/api/v1/organisations', bytes('{"name": "', [0xf8, 0x88, 0x80, 0x80, 0x80], '", "kind": "unit", "level": "other"}')],
    ['/api/v1/organisations', bytes('{"na', [0x80], 'me": "x"}')],             // in a key
  ]) {
    await refused('POST', path, { body }, 400, 'invalid_utf8', null);
  }
  await refused('PATCH', `/api/v1/persons/${person.id}`, {
    body: bytes('{"given_name": "', [0xfe], '"}'), headers: { 'If-Match': `"${person.version}"` },
  }, 400, 'invalid_utf8');
});

test('a body that is a JSON array: 400 body_not_object', async () => {
  for (const text of ['[]', '[{"name": "x"}]', '[1, 2]']) {
    await refused('POST', '/api/v1/persons', { body: text }, 400, 'body_not_object', null);
    await refused('POST', '/api/v1/organisations', { body: text }, 400, 'body_not_object', null);
  }
  await refused('PATCH', `/api/v1/organisations/${org.id}`, { body: '[]', headers: { 'If-Match': '"1"' } }, 400, 'body_not_object');
});

test('a body that is a JSON scalar: 400 body_not_object', async () => {
  for (const text of ['"x"', '42', 'null', 'true']) {
    await refused('POST', '/api/v1/persons', { body: text }, 400, 'body_not_object', null);
    await refused('POST', '/api/v1/organisations', { body: text }, 400, 'body_not_object', null);
  }
});

test('an empty body where one is needed: 400 body_required', async () => {
  await refused('POST', '/api/v1/persons', {}, 400, 'body_required');
  await refused('POST', '/api/v1/organisations', {}, 400, 'body_required');
});

test('duplicate keys: 400 duplicate_key', async () => {
  const nid = syntheticNid(502);
  await refused('POST', '/api/v1/persons', {
    body: `{"national_id": "${nid}", "given_name": "Per", "given_name": "Pål", "family_name": "Hansen"}`,
  }, 400, 'duplicate_key');
  await refused('POST', '/api/v1/organisations', {
    body: '{"name": "A", "kind": "unit", "level": "state", "level": "municipal"}',
  }, 400, 'duplicate_key');
  await refused('PATCH', `/api/v1/organisations/${org.id}`, {
    body: '{"name": "A", "name": "A"}', headers: { 'If-Match': '"1"' },
  }, 400, 'duplicate_key');
});

test('wrong types: 422 wrong_type naming the field', async () => {
  for (const [over, field] of [
    [{ given_name: 5 }, 'given_name'],
    [{ family_name: ['Hansen'] }, 'family_name'],
    [{ national_id: 1814010070 }, 'national_id'],
    [{ entitled_to_plan: 'yes' }, 'entitled_to_plan'],
    [{ entitled_to_plan: 1 }, 'entitled_to_plan'],
    [{ communication_needs: 'hearing' }, 'communication_needs'],
    [{ communication_needs: [1] }, 'communication_needs'],
    [{ gp_organisation_id: String(org.id) }, 'gp_organisation_id'],
    [{ gp_organisation_id: 0 }, 'gp_organisation_id'],
    [{ phone: 12345678 }, 'phone'],
  ]) {
    await refused('POST', '/api/v1/persons', { body: personBody(over) }, 422, 'wrong_type', field);
  }
  for (const [over, field] of [
    [{ name: { nb: 'x' } }, 'name'],
    [{ active: 'true' }, 'active'],
    [{ parent_id: 1.5 }, 'parent_id'],
    [{ parent_id: -1 }, 'parent_id'],
    [{ level: 3 }, 'level'],
  ]) {
    await refused('POST', '/api/v1/organisations', { body: orgBody(over) }, 422, 'wrong_type', field);
  }
  await refused('PATCH', `/api/v1/persons/${person.id}`, {
    body: { entitled_to_plan: 'true' }, headers: { 'If-Match': `"${person.version}"` },
  }, 422, 'wrong_type', 'entitled_to_plan');
});

test('required fields and null: 422 required naming the field', async () => {
  await refused('POST', '/api/v1/persons', { body: { given_name: 'Per', family_name: 'Hansen' } }, 422, 'required', 'national_id');
  await refused('POST', '/api/v1/persons', { body: personBody({ family_name: null }) }, 422, 'required', 'family_name');
  await refused('POST', '/api/v1/persons', { body: personBody({ given_name: '' }) }, 422, 'required', 'given_name');
  await refused('POST', '/api/v1/organisations', { body: { name: 'X', kind: 'unit' } }, 422, 'required', 'level');
  await refused('PATCH', `/api/v1/persons/${person.id}`, {
    body: { given_name: null }, headers: { 'If-Match': `"${person.version}"` },
  }, 422, 'required', 'given_name');
  await refused('PATCH', `/api/v1/persons/${person.id}`, {
    body: { communication_needs: null }, headers: { 'If-Match': `"${person.version}"` },
  }, 422, 'required', 'communication_needs');
});

test('unknown enum values: 422 invalid_enum naming the field and the allowed values', async () => {
  let r = await refused('POST', '/api/v1/organisations', { body: orgBody({ level: 'county' }) }, 422, 'invalid_enum', 'level');
  assert.match(r.body.error.message, /county/);
  assert.match(r.body.error.message, /municipal, specialist, state, other/);
  await refused('POST', '/api/v1/organisations', { body: orgBody({ level: 'Municipal' }) }, 422, 'invalid_enum', 'level');
  await refused('POST', '/api/v1/organisations', { body: orgBody({ kind: '' }) }, 422, 'invalid_enum', 'kind');
  r = await refused('POST', '/api/v1/persons', { body: personBody({ communication_needs: ['hearing', 'telepathy'] }) },
    422, 'invalid_enum', 'communication_needs');
  assert.match(r.body.error.message, /telepathy/);
  await refused('POST', '/api/v1/persons', { body: personBody({ communication_needs: ['hearing', 'hearing'] }) },
    422, 'duplicate_value', 'communication_needs');
  await refused('PATCH', `/api/v1/organisations/${org.id}`, { body: { level: 'federal' }, headers: { 'If-Match': '"1"' } },
    422, 'invalid_enum', 'level');
  await refused('POST', `/api/v1/persons/${person.id}/next-of-kin`, { body: { name: 'X', relation: 'cousin' } },
    422, 'invalid_enum', 'relation');
  // a postal code is four digits, not any four characters
  for (const postal_code of ['AB12', '12 4', '١٢٣٤']) {
    await refused('POST', `/api/v1/persons/${person.id}/addresses`, { body: { street: 'Storgata 2', postal_code } },
      422, 'invalid_postal_code', 'postal_code');
  }
});

test('invalid national ID numbers: 422 invalid_national_id on national_id', async () => {
  const good = syntheticNid(503);
  const wrongControl = good.slice(0, 10) + String((Number(good[10]) + 1) % 10);
  const nonDigit = good.slice(0, 10) + 'x';
  // 31 February (synthetic month 82), with valid control digits
  const w1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
  const w2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
  const k = (ds, w) => { const x = 11 - ds.reduce((s, d, j) => s + d * w[j], 0) % 11; return x === 11 ? 0 : x; };
  let feb31;
  for (let ind = 100; !feb31; ind++) {
    const d = [...`318285${ind}`].map(Number);
    const k1 = k(d, w1);
    if (k1 === 10) continue;
    const k2 = k([...d, k1], w2);
    if (k2 === 10) continue;
    feb31 = d.join('') + k1 + k2;
  }
  for (const nid of [wrongControl, nonDigit, feb31, '00000000000'.replace(/0$/, '1')]) {
    const r = await refused('POST', '/api/v1/persons', { body: personBody({ national_id: nid }) }, 422, 'invalid_national_id', 'national_id');
    assert.ok(!r.body.error.message.includes(nid), 'the message does not repeat the number');
  }
  // wrong lengths are refused on the same field
  for (const nid of ['', good.slice(0, 10), good + '0', ' ' + good.slice(1)]) {
    const r = await h.api('POST', '/api/v1/persons', { body: personBody({ national_id: nid }) });
    assert.equal(r.status, 422, r.text);
    assert.equal(r.body.error.field, 'national_id', r.text);
  }
  await refused('PATCH', `/api/v1/persons/${person.id}`, {
    body: { national_id: wrongControl }, headers: { 'If-Match': `"${person.version}"` },
  }, 422, 'invalid_national_id', 'national_id');
  // searching by an invalid number is refused too
  assertError(await h.api('GET', `/api/v1/persons?national_id=${wrongControl}`), 422, 'invalid_national_id', 'national_id');
});

test('impossible dates: 422 invalid_date naming the field', async () => {
  for (const d of ['2023-02-29', '2024-02-30', '2024-13-01', '1849-12-31', '2201-01-01', '2024-1-1', '01.02.2024', '2024-04-31']) {
    await refused('POST', `/api/v1/persons/${person.id}/addresses`, { body: { street: 'Nygata 2', valid_from: d } },
      422, 'invalid_date', 'valid_from');
  }
  await refused('PATCH', `/api/v1/persons/${person.id}/addresses/${address.id}`, {
    body: { valid_to: '2023-02-29' }, headers: { 'If-Match': `"${address.version}"` },
  }, 422, 'invalid_date', 'valid_to');
  const s = await h.api('POST', '/api/v1/staff', { body: { given_name: 'Siri', family_name: 'Lie', profession: 'nurse' } });
  assert.equal(s.status, 201, s.text);
  await refused('POST', '/api/v1/memberships', {
    body: { staff_id: s.body.id, organisation_id: org.id, position_percent: 50, valid_from: '2023-02-29' },
  }, 422, 'invalid_date', 'valid_from');
});

test('unknown fields: 422 unknown_field naming it', async () => {
  await refused('POST', '/api/v1/persons', { body: personBody({ nickname: 'Kari' }) }, 422, 'unknown_field', 'nickname');
  await refused('POST', '/api/v1/persons', { body: personBody({ tenant_id: 2 }) }, 422, 'unknown_field', 'tenant_id');
  await refused('POST', '/api/v1/organisations', { body: orgBody({ Name: 'x' }) }, 422, 'unknown_field', 'Name');
  await refused('PATCH', `/api/v1/organisations/${org.id}`, { body: { colour: 'blue' }, headers: { 'If-Match': '"1"' } },
    422, 'unknown_field', 'colour');
  // addresses and next of kin are separate resources, not fields of the person
  await refused('POST', '/api/v1/persons', { body: personBody({ addresses: [] }) }, 422, 'unknown_field', 'addresses');
});

test('read-only fields: 422 read_only_field naming it', async () => {
  for (const [over, field] of [
    [{ id: 99 }, 'id'],
    [{ birth_date: '1980-01-01' }, 'birth_date'],
    [{ national_id_kind: 'fnr' }, 'national_id_kind'],
    [{ version: 1 }, 'version'],
    [{ created_at: '2024-01-01T00:00:00Z' }, 'created_at'],
    [{ updated_at: '2024-01-01T00:00:00Z' }, 'updated_at'],
  ]) {
    await refused('POST', '/api/v1/persons', { body: personBody(over) }, 422, 'read_only_field', field);
  }
  await refused('PATCH', `/api/v1/persons/${person.id}`, { body: { birth_date: '1980-01-01' }, headers: { 'If-Match': `"${person.version}"` } },
    422, 'read_only_field', 'birth_date');
  await refused('PATCH', `/api/v1/persons/${person.id}`, { body: { id: person.id }, headers: { 'If-Match': `"${person.version}"` } },
    422, 'read_only_field', 'id');
  await refused('POST', '/api/v1/organisations', { body: orgBody({ id: 5 }) }, 422, 'read_only_field', 'id');
  await refused('PATCH', `/api/v1/organisations/${org.id}`, { body: { version: 7 }, headers: { 'If-Match': '"1"' } },
    422, 'read_only_field', 'version');
  // the parent of a nested record comes from the path
  await refused('POST', `/api/v1/persons/${person.id}/addresses`, { body: { street: 'X', person_id: person.id } },
    422, 'read_only_field', 'person_id');
});

test('bad references: 422 unknown_reference naming the field', async () => {
  await refused('POST', '/api/v1/persons', { body: personBody({ gp_organisation_id: 999999 }) }, 422, 'unknown_reference', 'gp_organisation_id');
  await refused('POST', '/api/v1/organisations', { body: orgBody({ parent_id: 999999 }) }, 422, 'unknown_reference', 'parent_id');
});

test('text too long or with control characters: 422 naming the field', async () => {
  await refused('POST', '/api/v1/persons', { body: personBody({ given_name: 'x'.repeat(201) }) }, 422, 'too_long', 'given_name');
  // 200 characters of two bytes each are allowed: length is counted in characters
  const r = await h.api('POST', '/api/v1/persons', { body: personBody({ national_id: syntheticNid(504), given_name: 'ø'.repeat(200) }) });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.given_name, 'ø'.repeat(200));
  await refused('POST', '/api/v1/persons', { body: personBody({ given_name: 'Kari\u0007' }) }, 422, 'invalid_text', 'given_name');
  await refused('POST', '/api/v1/organisations', { body: orgBody({ name: 'A\u001bB' }) }, 422, 'invalid_text', 'name');
  await refused('POST', '/api/v1/organisations', { body: orgBody({ org_number: '12345' }) }, 422, 'too_short', 'org_number');
});

test('a body over 1 MiB: 413 body_too_large', async () => {
  const big = JSON.stringify(personBody({ communication_note: 'x'.repeat(1024 * 1024 + 10) }));
  await refused('POST', '/api/v1/persons', { body: big }, 413, 'body_too_large', null);
  await refused('POST', '/api/v1/organisations', { body: JSON.stringify(orgBody({ name: 'y'.repeat(2 * 1024 * 1024) })) }, 413, 'body_too_large');
  await refused('PATCH', `/api/v1/persons/${person.id}`, { body: big, headers: { 'If-Match': `"${person.version}"` } }, 413, 'body_too_large');
  // also when the size is not announced (chunked)
  const before = await snapshot();
  const r = await raw('POST', '/api/v1/persons', { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' },
    [big.slice(0, 600000), big.slice(600000)]);
  assert.equal(r.status, 413, r.text);
  assert.equal(JSON.parse(r.text).error.code, 'body_too_large');
  assert.deepEqual(await snapshot(), before);
  // just under the limit is read (and then judged on its content)
  const under = JSON.stringify(personBody({ communication_note: 'x'.repeat(1024 * 1024 - 200) }));
  assert.ok(Buffer.byteLength(under) < 1024 * 1024);
  await refused('POST', '/api/v1/persons', { body: under }, 422, 'too_long', 'communication_note');
});

// A request through node:http, for what fetch will not send (no Content-Type,
// chunked bodies).
function raw(method, path, headers, chunks = []) {
  return new Promise((resolve, reject) => {
    const req = http.request(h.url + path, { method, headers: { Authorization: `Bearer ${tokenFor(path)}`, ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { text += c; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text }));
    });
    req.on('error', reject);
    for (const c of chunks) req.write(c);
    req.end();
  });
}

test('a body that is not application/json: 415 unsupported_media_type', async () => {
  const body = JSON.stringify(personBody({ national_id: syntheticNid(505) }));
  for (const ct of ['text/plain', 'application/x-www-form-urlencoded', 'application/jsonx', 'multipart/form-data; boundary=x', 'json']) {
    await refused('POST', '/api/v1/persons', { body, headers: { 'Content-Type': ct } }, 415, 'unsupported_media_type', null);
  }
  await refused('POST', '/api/v1/organisations', { body: JSON.stringify(orgBody()), headers: { 'Content-Type': 'text/json' } },
    415, 'unsupported_media_type');
  await refused('PATCH', `/api/v1/organisations/${org.id}`, { body: '{"name":"Ny"}', headers: { 'Content-Type': 'text/plain', 'If-Match': '"1"' } },
    415, 'unsupported_media_type');
  const before = await snapshot();
  const r = await raw('POST', '/api/v1/persons', {}, [body]);
  assert.equal(r.status, 415, r.text);
  assert.equal(JSON.parse(r.text).error.code, 'unsupported_media_type');
  assert.deepEqual(await snapshot(), before);
  // parameters after the type are fine
  const ok = await h.api('POST', '/api/v1/persons', { body, headers: { 'Content-Type': 'application/json; charset=utf-8' } });
  assert.equal(ok.status, 201, ok.text);
});

test('PATCH without If-Match: 428; with a stale or unreadable one: 412 / 400', async () => {
  const cur = (await h.api('GET', `/api/v1/persons/${person.id}`)).body;
  await refused('PATCH', `/api/v1/persons/${person.id}`, { body: { given_name: 'Kári' } }, 428, 'if_match_required', null);
  await refused('PATCH', `/api/v1/organisations/${org.id}`, { body: { name: 'Nytt navn' } }, 428, 'if_match_required');
  await refused('PATCH', `/api/v1/persons/${person.id}/addresses/${address.id}`, { body: { city: 'Oslo' } }, 428, 'if_match_required');
  await refused('DELETE', `/api/v1/persons/${person.id}/addresses/${address.id}`, {}, 428, 'if_match_required');
  for (const stale of [`"${cur.version + 1}"`, `"${cur.version + 100}"`, `W/"${cur.version + 1}"`]) {
    await refused('PATCH', `/api/v1/persons/${person.id}`, { body: { given_name: 'Kári' }, headers: { 'If-Match': stale } },
      412, 'stale_version', null);
  }
  await refused('DELETE', `/api/v1/persons/${person.id}/addresses/${address.id}`, { headers: { 'If-Match': `"${address.version + 1}"` } },
    412, 'stale_version');
  for (const bad of ['abc', '"0"', '"-1"', '"1x"', '*']) {
    await refused('PATCH', `/api/v1/persons/${person.id}`, { body: { given_name: 'Kári' }, headers: { 'If-Match': bad } },
      400, 'bad_if_match');
  }
  // the current version works, and then it is stale
  const ok = await h.api('PATCH', `/api/v1/organisations/${org.id}`, { body: { short_name: 'LK' }, headers: { 'If-Match': '"1"' } });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.headers.get('etag'), '"2"');
  await refused('PATCH', `/api/v1/organisations/${org.id}`, { body: { short_name: 'XX' }, headers: { 'If-Match': '"1"' } }, 412, 'stale_version');
  org = ok.body;
});

test('unknown routes: 404; a wrong method: 405 with Allow', async () => {
  // (paths outside /api are the browser application's: static.test.mjs)
  for (const path of ['/api/v1/nothing', '/api/v1/persons/', '/api/v1/persons/0', '/api/v1/persons/abc',
    '/api/v1/persons/1/2', '/api/v2/persons', '/api', '/api/v1/persons/1/addresses/0']) {
    const r = await h.api('GET', path);
    assert.equal(r.status, 404, `${path}: ${r.text}`);
    assert.equal(r.body.error.code, 'no_such_resource');
  }
  assertError(await h.api('GET', `/api/v1/persons/${person.id + 1000}`), 404, 'not_found');
  assertError(await h.api('GET', `/api/v1/organisations/${org.id + 1000}`), 404, 'not_found');
  await refused('PATCH', `/api/v1/persons/${person.id + 1000}`, { body: { given_name: 'X' }, headers: { 'If-Match': '"1"' } }, 404, 'not_found');
  let r = await refused('DELETE', '/api/v1/persons', {}, 405, 'method_not_allowed', null);
  assert.deepEqual(r.headers.get('allow').split(/,\s*/).sort(), ['GET', 'POST']);
  r = await refused('PUT', `/api/v1/persons/${person.id}`, { body: personBody() }, 405, 'method_not_allowed');
  assert.deepEqual(r.headers.get('allow').split(/,\s*/).sort(), ['GET', 'PATCH']);
  r = await refused('DELETE', `/api/v1/organisations/${org.id}`, {}, 405, 'method_not_allowed');
  assert.deepEqual(r.headers.get('allow').split(/,\s*/).sort(), ['GET', 'PATCH']);
  r = await refused('POST', '/healthz', { body: {} }, 405, 'method_not_allowed');
  assert.equal(r.headers.get('allow'), 'GET');
  // a 405 says so before asking who you are
  r = await h.api('PUT', '/api/v1/organisations', { token: null });
  assertError(r, 405, 'method_not_allowed');
});

test('the text "{id}" is not an id', async () => {
  // fetch sends the braces percent-encoded; the server decodes them
  for (const path of ['/api/v1/persons/{id}', '/api/v1/persons/%7Bid%7D', `/api/v1/persons/${person.id}/addresses/{id}`]) {
    const r = await h.api('GET', path);
    assert.equal(r.status, 404, `${path}: ${r.status} ${r.text}`);
  }
});

test('bad paging and filters: 422 naming the parameter', async () => {
  for (const c of ['/api/v1/persons', '/api/v1/organisations']) {
    for (const l of ['0', '501', '-1', 'abc', '', '10x', '1.5', '99999999999999999999']) {
      assertError(await h.api('GET', `${c}?limit=${l}`), 422, 'invalid_limit', 'limit');
    }
    for (const a of ['-1', 'x', '', '1.0']) {
      assertError(await h.api('GET', `${c}?after=${a}`), 422, 'invalid_cursor', 'after');
    }
    assert.equal((await h.api('GET', `${c}?limit=500`)).status, 200);
    assert.equal((await h.api('GET', `${c}?limit=1`)).status, 200);
  }
  assertError(await h.api('GET', '/api/v1/organisations?colour=blue'), 422, 'unknown_filter', 'colour');
  assertError(await h.api('GET', '/api/v1/organisations?name=x'), 422, 'unknown_filter', 'name');
  assertError(await h.api('GET', '/api/v1/organisations?level=county'), 422, 'invalid_enum', 'level');
  assertError(await h.api('GET', '/api/v1/organisations?active=yes'), 422, 'invalid_filter', 'active');
  assertError(await h.api('GET', '/api/v1/organisations?parent_id=x'), 422, 'invalid_filter', 'parent_id');
  assertError(await h.api('GET', '/api/v1/persons?entitled_to_plan=yes'), 422, 'invalid_filter', 'entitled_to_plan');
});

test('a rule broken at write time leaves nothing behind: 409 national_id_taken', async () => {
  await refused('POST', '/api/v1/persons', { body: personBody({ national_id: person.national_id }) }, 409, 'national_id_taken', 'national_id');
  await refused('POST', `/api/v1/persons/${person.id + 1000}/addresses`, { body: { street: 'Ingen' } }, 404, 'not_found');
});

test('text in any script is stored and answered exactly', async () => {
  const names = [
    ['Máret Ánde', 'Čiekčá'],                               // Northern Sami
    ['Åse Ærøy', 'Øvergård-Ødegård'],                     // æøå
    ['محمد', 'العلي'],                                      // Arabic, right to left
    ['Ола 😀', '🏳️‍🌈 Nørd'],                                 // Cyrillic, emoji with ZWJ and variation selector
    ['Zoe\u0308 Ba\u030Aard', 'Nguyê\u0303n'],              // combining characters (NFD), kept as sent
    ['Zoë Båard', 'Nguyễn'],                                // the same names precomposed (NFC)
    ["O'Brien \"Kid\"", 'Back\\slash <b>&amp;</b>'],       // quotes, backslash, markup
    ['Ŋunnar Đuoddar Šuolggat', 'Žárka Ŧávri'],             // more Sami letters
    ['李', '王小明'],
  ];
  const ids = [];
  for (let i = 0; i < names.length; i++) {
    const [given_name, family_name] = names[i];
    const r = await h.api('POST', '/api/v1/persons', {
      body: { national_id: syntheticNid(600 + i * 3), given_name, family_name, communication_note: `${given_name}\n\t${family_name}` },
    });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.given_name, given_name);
    assert.equal(r.body.family_name, family_name);
    assert.ok(r.text.includes(JSON.stringify(given_name).slice(1, -1)), 'answered as raw UTF-8, byte for byte');
    const g = await h.api('GET', `/api/v1/persons/${r.body.id}`);
    assert.equal(g.body.given_name, given_name);
    assert.equal(g.body.family_name, family_name);
    assert.equal(g.body.communication_note, `${given_name}\n\t${family_name}`);
    assert.equal(Buffer.compare(Buffer.from(g.body.given_name), Buffer.from(given_name)), 0);
    ids.push(r.body.id);
  }
  // NFD and NFC are different bytes and stay different
  const nfd = (await h.api('GET', `/api/v1/persons/${ids[4]}`)).body.given_name;
  const nfc = (await h.api('GET', `/api/v1/persons/${ids[5]}`)).body.given_name;
  assert.notEqual(nfd, nfc);
  assert.equal(nfd.normalize('NFC'), nfc);
  // escaped input is the same text
  const esc = await h.api('POST', '/api/v1/organisations', {
    body: '{"name": "\\u00c5lesund \\ud83d\\ude00 \\u010ciek\\u010d\\u00e1", "kind": "unit", "level": "municipal"}',
  });
  assert.equal(esc.status, 201, esc.text);
  assert.equal(esc.body.name, 'Ålesund 😀 Čiekčá');
  // a PATCH keeps it exactly too
  const org2 = esc.body;
  const p = await h.api('PATCH', `/api/v1/organisations/${org2.id}`, {
    body: { short_name: 'Ávjovárgeaidnu 😀' }, headers: { 'If-Match': `"${org2.version}"` },
  });
  assert.equal(p.status, 200, p.text);
  assert.equal(p.body.short_name, 'Ávjovárgeaidnu 😀');
  assert.equal(p.body.name, 'Ålesund 😀 Čiekčá');
  // and the listing shows the same
  const list = (await h.api('GET', '/api/v1/persons?limit=500')).body.items;
  for (let i = 0; i < names.length; i++) {
    const it = list.find((x) => x.id === ids[i]);
    assert.equal(it.given_name, names[i][0]);
    assert.equal(it.family_name, names[i][1]);
  }
});

test('an error answer always has its JSON body, whatever bytes the input held', async () => {
  for (const [method, path, body, status] of [
    ['GET', '/api/v1/%FF', undefined, 404],
    ['GET', '/api/v1/persons/%C3', undefined, 404],
    ['GET', '/api/v1/organisations?%FF=1', undefined, 422],
    ['POST', '/api/v1/organisations', { name: 'x', kind: 'unit', level: 'a' + 'æ'.repeat(30) }, 422],
    ['POST', '/api/v1/organisations', { ['æ'.repeat(200)]: 1 }, 422],
  ]) {
    const r = await h.api(method, path, body === undefined ? {} : { body });
    assert.equal(r.status, status, `${method} ${path}: ${r.status}`);
    assert.ok(r.body && r.body.error && r.body.error.code, `${method} ${path} ${JSON.stringify(body)}: empty or broken body ${JSON.stringify(r.text)}`);
  }
});

test('an id of 19 or more digits is not found, and does not crash the server', async () => {
  const h2 = await startServer();
  try {
    for (const id of ['1000000000000000000', '9999999999999999999', '99999999999999999999999']) {
      const r = await h2.api('GET', `/api/v1/persons/${id}`);
      assert.equal(r.status, 404, r.text);
    }
  } finally {
    await h2.stop();
  }
});

test('bidirectional control characters (U+202A-U+202E, U+2066-U+2069) are refused in every kind of text field: 422 bidi_control naming the field', async () => {
  const controls = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069'];
  // "Kari" shown as "Kari fdp.exe" reversed: the classic disguise
  for (const c of controls) {
    const r = await refused('POST', '/api/v1/persons', { body: personBody({ given_name: `Kari${c}exe.pdf` }) }, 422, 'bidi_control', 'given_name');
    assert.match(r.body.error.message, new RegExp(`U\\+${c.charCodeAt(0).toString(16).toUpperCase()}`));
  }
  // a field of each kind of record, on create and on change
  await refused('POST', '/api/v1/persons', { body: personBody({ communication_note: 'Tolk\u2067 trengs' }) }, 422, 'bidi_control', 'communication_note');
  await refused('PATCH', `/api/v1/persons/${person.id}`, { body: { family_name: 'Nord\u202Emann' }, headers: { 'If-Match': `"${person.version}"` } }, 422, 'bidi_control', 'family_name');
  await refused('POST', `/api/v1/persons/${person.id}/addresses`, { body: { street: 'Storgata\u202D 1' } }, 422, 'bidi_control', 'street');
  await refused('POST', `/api/v1/persons/${person.id}/next-of-kin`, { body: { name: 'Ola\u2066', relation: 'sibling' } }, 422, 'bidi_control', 'name');
  await refused('POST', '/api/v1/organisations', { body: orgBody({ name: 'NAV\u202B Sentrum' }) }, 422, 'bidi_control', 'name');
  await refused('PATCH', `/api/v1/organisations/${org.id}`, { body: { short_name: '\u2068Lege' }, headers: { 'If-Match': `"${org.version}"` } }, 422, 'bidi_control', 'short_name');
  await refused('POST', '/api/v1/staff', { body: { given_name: 'Sara', family_name: 'Berg', profession: 'nurse', title: 'Sykepleier\u202A' } }, 422, 'bidi_control', 'title');
  // cases, plans and a free-text reason, as the coordinating unit
  const as = { token: keToken };
  assertError(await h.api('POST', '/api/v1/cases', { ...as, body: { person_id: person.id, title: 'Sak\u202E', intake_channel: 'phone', intake_date: '2025-01-02', urgency: 'low' } }), 422, 'bidi_control', 'title');
  assertError(await h.api('POST', '/api/v1/plans', { ...as, body: { person_id: person.id, title: 'Plan\u2069' } }), 422, 'bidi_control', 'title');
  const plan = await h.api('POST', '/api/v1/plans', { ...as, body: { person_id: person.id, title: 'Plan' } });
  assert.equal(plan.status, 201, plan.text);
  assertError(await h.api('POST', `/api/v1/plans/${plan.body.id}/close`, { ...as, body: { reason: 'Flyttet\u202E' } }), 422, 'bidi_control', 'reason');
  assert.equal((await h.api('GET', `/api/v1/plans/${plan.body.id}`, as)).body.status, 'draft');
  // what a person writes stays: right-to-left letters, the marks U+200E/U+200F, Sami, emoji, combining marks
  for (const text of ['שלום עליכם', 'مرحبا\u200F 12', 'A\u200Eb', 'Čáhppes Ŋ 😀', 'Zoe\u0308']) {
    const r = await h.api('POST', '/api/v1/persons', { body: personBody({ national_id: syntheticNid(700 + text.length * 5), given_name: text }) });
    assert.equal(r.status, 201, `${JSON.stringify(text)}: ${r.text}`);
    assert.equal(r.body.given_name, text);
  }
});
