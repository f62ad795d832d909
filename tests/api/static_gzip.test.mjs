// static_gzip.test.mjs - the application's text files served compressed
// (src/http/static.c): gzip to a request whose Accept-Encoding accepts it, the
// plain bytes otherwise, Vary: Accept-Encoding on both, an ETag of each
// encoding's own (so caches never mix them), 304 with either, HEAD's
// Content-Length of what GET would send. Images and fonts, files too small to
// gain, and the API's JSON are never compressed.
//
// node:http is used rather than fetch: it neither asks for nor decodes gzip,
// so the test sees the bytes on the wire.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from './harness.mjs';

const lines = (n, f) => Array.from({ length: n }, (_, i) => f(i)).join('\n') + '\n';
const FILES = {
  'index.html': `<!doctype html><html lang="nb"><title>Helhet</title>\n${lines(40, (i) => `<p class="x">Avsnitt ${i}</p>`)}</html>\n`,
  'js/big.js': lines(200, (i) => `export const verdi${i} = 'tekst nummer ${i}';`),
  'css/big.css': lines(100, (i) => `.klasse-${i} { margin: 0; padding: ${i}px; }`),
  'i18n/nb.json': `{${lines(100, (i) => `"nokkel${i}": "Tekst ${i}"`).trim().split('\n').join(',')}}\n`,
  'img/logo.svg': `<svg xmlns="http://www.w3.org/2000/svg">${lines(50, (i) => `<rect x="${i}" y="0" width="1" height="1"/>`)}</svg>\n`,
  'js/tiny.js': 'export const x = 1;\n',
  'img/big.png': Buffer.from(lines(200, () => 'not a real png, but compressible')),
};
const TEXT = ['/js/big.js', '/css/big.css', '/i18n/nb.json', '/img/logo.svg', '/index.html'];

let h;
let root;

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'helhet-gzip-'));
  for (const d of ['css', 'js', 'i18n', 'img']) mkdirSync(join(root, d));
  for (const [name, body] of Object.entries(FILES)) writeFileSync(join(root, name), body);
  h = await startServer({ args: ['--web-root', root] });
});

after(async () => {
  await h.stop();
  rmSync(root, { recursive: true, force: true });
});

// One request as written: {status, headers (lower-case names), body (Buffer)}.
function req(path, headers = {}, method = 'GET') {
  return new Promise((resolve, reject) => {
    const r = http.request(h.url + path, { method, headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    r.on('error', reject);
    r.end();
  });
}

test('a text file is answered gzip-compressed to a request that accepts gzip, plain to one that does not', async () => {
  for (const path of TEXT) {
    const plain = await req(path);
    assert.equal(plain.status, 200, path);
    assert.equal(plain.headers['content-encoding'], undefined, path);
    assert.equal(plain.headers.vary, 'Accept-Encoding', `${path}: caches must know the answer varies`);
    assert.equal(Number(plain.headers['content-length']), plain.body.length, path);

    const gz = await req(path, { 'Accept-Encoding': 'gzip, deflate, br' });
    assert.equal(gz.status, 200, path);
    assert.equal(gz.headers['content-encoding'], 'gzip', path);
    assert.equal(gz.headers.vary, 'Accept-Encoding', path);
    assert.equal(gz.headers['content-type'], plain.headers['content-type'], path);
    assert.equal(gz.headers['cache-control'], plain.headers['cache-control'], path);
    assert.equal(gz.headers['content-security-policy'], plain.headers['content-security-policy'], path);
    assert.equal(Number(gz.headers['content-length']), gz.body.length, path);
    assert.ok(gz.body.length < plain.body.length, `${path}: ${gz.body.length} >= ${plain.body.length}`);
    assert.deepEqual(gunzipSync(gz.body), plain.body, `${path}: the compressed bytes are the plain ones`);

    // each encoding its own tag: the plain one with -gz inside the quotes
    assert.match(plain.headers.etag, /^"[A-Za-z0-9_-]{22}"$/, path);
    assert.equal(gz.headers.etag, plain.headers.etag.replace(/"$/, '-gz"'), path);
  }
});

test('Accept-Encoding is read properly: weights, "*", case', async () => {
  const cases = [
    ['gzip', true], ['GZIP', true], ['deflate, gzip;q=0.5', true], ['x-gzip', true], ['*', true],
    ['identity, *;q=0.3', true],
    ['gzip;q=0', false], ['gzip; q=0.000', false], ['*;q=0', false], ['gzip;q=0, *', false],
    ['deflate, br', false], ['identity', false], ['', false],
  ];
  for (const [ae, yes] of cases) {
    const res = await req('/js/big.js', { 'Accept-Encoding': ae });
    assert.equal(res.status, 200, ae);
    assert.equal(res.headers['content-encoding'], yes ? 'gzip' : undefined, `Accept-Encoding: ${ae}`);
    assert.equal(res.headers.vary, 'Accept-Encoding', ae);
    assert.equal(res.headers.etag.endsWith('-gz"'), yes, ae);
  }
});

test('If-None-Match: 304 with the tag of the encoding asked for; the other encoding\'s tag gets the file', async () => {
  const gzHeaders = { 'Accept-Encoding': 'gzip' };
  const gz = await req('/js/big.js', gzHeaders);
  const plain = await req('/js/big.js');
  const gzTag = gz.headers.etag;
  const plainTag = plain.headers.etag;
  assert.notEqual(gzTag, plainTag);

  for (const inm of [gzTag, `W/${gzTag}`, `"other", ${gzTag}`]) {
    const res = await req('/js/big.js', { ...gzHeaders, 'If-None-Match': inm });
    assert.equal(res.status, 304, inm);
    assert.equal(res.body.length, 0);
    assert.equal(res.headers.etag, gzTag);
    assert.equal(res.headers.vary, 'Accept-Encoding');
    assert.equal(res.headers['content-security-policy'] !== undefined, true);
  }
  const plain304 = await req('/js/big.js', { 'If-None-Match': plainTag });
  assert.equal(plain304.status, 304);
  assert.equal(plain304.headers.etag, plainTag);

  // a cache holding the compressed answer, asking without gzip, gets the plain bytes
  const mixed = await req('/js/big.js', { 'If-None-Match': gzTag });
  assert.equal(mixed.status, 200);
  assert.equal(mixed.headers['content-encoding'], undefined);
  assert.deepEqual(mixed.body, plain.body);
  // and the other way round
  const mixed2 = await req('/js/big.js', { ...gzHeaders, 'If-None-Match': plainTag });
  assert.equal(mixed2.status, 200);
  assert.equal(mixed2.headers['content-encoding'], 'gzip');
  assert.deepEqual(gunzipSync(mixed2.body), plain.body);
});

test('HEAD answers the Content-Length of the encoding GET would send, without a body', async () => {
  const gz = await req('/css/big.css', { 'Accept-Encoding': 'gzip' });
  const plain = await req('/css/big.css');
  const headGz = await req('/css/big.css', { 'Accept-Encoding': 'gzip' }, 'HEAD');
  assert.equal(headGz.status, 200);
  assert.equal(headGz.headers['content-encoding'], 'gzip');
  assert.equal(Number(headGz.headers['content-length']), gz.body.length);
  assert.equal(headGz.headers.etag, gz.headers.etag);
  assert.equal(headGz.body.length, 0);
  const headPlain = await req('/css/big.css', {}, 'HEAD');
  assert.equal(headPlain.headers['content-encoding'], undefined);
  assert.equal(Number(headPlain.headers['content-length']), plain.body.length);
  assert.equal(headPlain.body.length, 0);
});

test('the shell under /app is compressed too and keeps its preload Link', async () => {
  const res = await req('/app/plans/12', { 'Accept-Encoding': 'gzip' });
  assert.equal(res.status, 200);
  assert.equal(res.headers['content-encoding'], 'gzip');
  assert.equal(res.headers.vary, 'Accept-Encoding');
  assert.match(res.headers.link, /<\/api\/v1\/plans\/12>; rel=preload/);
  assert.equal(gunzipSync(res.body).toString(), FILES['index.html']);
});

test('images, files too small to gain and the API\'s answers are never compressed', async () => {
  for (const path of ['/img/big.png', '/js/tiny.js']) {
    const res = await req(path, { 'Accept-Encoding': 'gzip' });
    assert.equal(res.status, 200, path);
    assert.equal(res.headers['content-encoding'], undefined, path);
    assert.equal(res.headers.vary, undefined, `${path}: one encoding only, nothing varies`);
    assert.deepEqual(res.body, Buffer.from(FILES[path.slice(1)]), path);
  }
  for (const path of ['/healthz', '/api/v1/nope']) {
    const res = await req(path, { 'Accept-Encoding': 'gzip' });
    assert.equal(res.headers['content-encoding'], undefined, path);
    JSON.parse(res.body.toString());
  }
});
