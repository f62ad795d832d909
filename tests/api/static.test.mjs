// static.test.mjs - the browser application's files served by `helhet serve`
// (src/http/static.c): content types, caching and ETags with 304, HEAD, the
// application shell for client-side routes under /app, 404 for unknown assets,
// traversal refused, the security headers on every static answer, and the API's
// space left to the API.
//
// A web root of its own (--web-root) holds one file of every kind; the last
// test serves the repository's web/ (the default root).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, symlinkSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';
import { startServer, makeDatabase, cli } from './harness.mjs';

const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
  "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; " +
  "frame-ancestors 'none'";

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
  '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');

const FILES = {
  'index.html': ['<!doctype html><html lang="nb"><title>Helhet</title></html>\n', 'text/html; charset=utf-8', 'no-cache'],
  'css/app.css': ['body { margin: 0; }\n', 'text/css; charset=utf-8', 'no-cache'],
  'js/app.js': ['export const x = 1;\n', 'text/javascript; charset=utf-8', 'no-cache'],
  'i18n/nb.json': ['{"hei": "Hei"}\n', 'application/json; charset=utf-8', 'no-cache'],
  'img/logo.svg': ['<svg xmlns="http://www.w3.org/2000/svg"/>\n', 'image/svg+xml', 'public, max-age=86400'],
  'img/pixel.png': [PNG, 'image/png', 'public, max-age=86400'],
  'fonts/f.woff2': [Buffer.from('wOF2fake'), 'font/woff2', 'public, max-age=86400'],
  'favicon.ico': [Buffer.from([0, 0, 1, 0]), 'image/x-icon', 'public, max-age=86400'],
};

let h;
let root;

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'helhet-web-'));
  for (const d of ['css', 'js', 'i18n', 'img', 'fonts', '.git']) mkdirSync(join(root, d));
  for (const [name, [body]] of Object.entries(FILES)) writeFileSync(join(root, name), body);
  writeFileSync(join(root, '.git/config'), 'secret');
  writeFileSync(join(root, '.env'), 'secret');
  writeFileSync(join(root, 'README.md'), 'not for the browser');
  writeFileSync(join(root, 'js/app.js.map'), '{}');
  symlinkSync('/etc/passwd', join(root, 'js/passwd.js'));
  h = await startServer({ args: ['--web-root', root] });
});

after(async () => {
  await h.stop();
  rmSync(root, { recursive: true, force: true });
});

function get(path, headers = {}, method = 'GET') {
  return fetch(h.url + path, { method, headers });
}

// Sends a request line exactly as written (fetch would normalise "..", "%2e%2e"
// and more); answers {status, headers (lower-case names), body}.
function raw(path, method = 'GET') {
  const { hostname, port } = new URL(h.url);
  return new Promise((resolve, reject) => {
    const s = net.connect(Number(port), hostname, () => {
      s.write(`${method} ${path} HTTP/1.1\r\nHost: ${hostname}\r\nConnection: close\r\n\r\n`);
    });
    const chunks = [];
    s.on('data', (c) => chunks.push(c));
    s.on('error', reject);
    s.on('end', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const [head, ...rest] = text.split('\r\n\r\n');
      const lines = head.split('\r\n');
      const headers = {};
      for (const l of lines.slice(1)) {
        const i = l.indexOf(':');
        headers[l.slice(0, i).toLowerCase()] = l.slice(i + 1).trim();
      }
      resolve({ status: Number(lines[0].split(' ')[1]), headers, body: rest.join('\r\n\r\n') });
    });
  });
}

function assertSecurityHeaders(res, what) {
  const hd = (n) => (res.headers.get ? res.headers.get(n) : res.headers[n]);
  assert.equal(hd('content-security-policy'), CSP, what);
  assert.equal(hd('x-content-type-options'), 'nosniff', what);
  assert.equal(hd('referrer-policy'), 'no-referrer', what);
}

test('every kind of file is served with its type, caching, a strong ETag and the security headers', async () => {
  for (const [name, [body, type, cache]] of Object.entries(FILES)) {
    const res = await get(`/${name}`);
    assert.equal(res.status, 200, name);
    assert.equal(res.headers.get('content-type'), type, name);
    assert.equal(res.headers.get('cache-control'), cache, name);
    assert.match(res.headers.get('etag'), /^"[A-Za-z0-9_-]{22}"$/, name);
    assertSecurityHeaders(res, name);
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), Buffer.from(body), name);
  }
});

test('If-None-Match answers 304 without a body; another tag gets the file', async () => {
  const first = await get('/js/app.js');
  const etag = first.headers.get('etag');
  await first.arrayBuffer();
  for (const inm of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
    const res = await get('/js/app.js', { 'If-None-Match': inm });
    assert.equal(res.status, 304, inm);
    assert.equal(await res.text(), '');
    assert.equal(res.headers.get('etag'), etag);
    assertSecurityHeaders(res, '304');
  }
  const res = await get('/js/app.js', { 'If-None-Match': '"other"' });
  assert.equal(res.status, 200);
  assert.equal(await res.text(), FILES['js/app.js'][0]);
  // every file has its own tag
  const tags = new Set();
  for (const name of Object.keys(FILES)) {
    const r = await get(`/${name}`);
    await r.arrayBuffer();
    tags.add(r.headers.get('etag'));
  }
  assert.equal(tags.size, Object.keys(FILES).length);
});

test('HEAD answers the headers of GET without a body', async () => {
  const res = await raw('/css/app.css', 'HEAD');
  assert.equal(res.status, 200);
  assert.equal(res.headers['content-type'], 'text/css; charset=utf-8');
  assert.equal(Number(res.headers['content-length']), FILES['css/app.css'][0].length);
  assert.equal(res.body, '');
  assertSecurityHeaders(res, 'HEAD');
});

test('/, /app and client-side routes under /app get the application shell', async () => {
  const shell = FILES['index.html'][0];
  for (const path of ['/', '/app', '/app/', '/app/plans/12', '/app/plans/12/measures', '/app/login?next=/app']) {
    const res = await get(path);
    assert.equal(res.status, 200, path);
    assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8', path);
    assert.equal(res.headers.get('cache-control'), 'no-cache', path);
    assertSecurityHeaders(res, path);
    assert.equal(await res.text(), shell, path);
  }
});

test('unknown assets and paths outside /app are 404, never the shell', async () => {
  for (const path of ['/js/nope.js', '/css/nope.css', '/nope', '/plans/12', '/apps', '/js/', '/js',
    '/index.htm', '/README.md', '/.env', '/.git/config', '/js/app.js.map', '/js/passwd.js']) {
    const res = await get(path);
    assert.equal(res.status, 404, path);
    const body = await res.json();
    assert.equal(body.error.code, 'not_found', path);
    assertSecurityHeaders(res, path);
  }
});

test('traversal is refused: "..", "%2e%2e", double encoding, backslashes, "." segments', async () => {
  for (const path of ['/../etc/passwd', '/js/../index.html', '/%2e%2e/etc/passwd', '/js/%2E%2E/%2e%2e/etc/passwd',
    '/%252e%252e/etc/passwd', '/js/..%2findex.html', '/js/%5c..%5cindex.html', '/./index.html', '//etc/passwd',
    '/app/../js/app.js', '/app/%2e%2e/index.html']) {
    const res = await raw(path);
    assert.equal(res.status, 400, `${path}: ${res.status} ${res.body}`);
    assert.equal(JSON.parse(res.body).error.code, 'invalid_path', path);
    assertSecurityHeaders(res, path);
  }
});

// libmicrohttpd decodes the path before the server sees it and would stop the
// text at a decoded NUL ("/js/app.js%00.png" would arrive as "/js/app.js");
// server.c's unescape callback leaves a path with %00 encoded instead.
test('a NUL in the path is refused', async () => {
  const res = await raw('/js/app.js%00.png');
  assert.equal(res.status, 400, `${res.status} ${res.headers['content-type']}`);
  assert.equal((await raw('/healthz%00x')).status, 400, 'no route matches a path with a NUL; the path check refuses it');
});

test('whatever a %00 path answers stays inside the web root and keeps its type', async () => {
  for (const [path, type] of [['/js/app.js%00.png', 'text/javascript; charset=utf-8'], ['/%00/../../etc/passwd', null]]) {
    const res = await raw(path);
    assert.ok(!res.body.includes('root:'), path);
    if (type && res.status === 200) assert.equal(res.headers['content-type'], type, path);
  }
});

test('the files answer GET and HEAD only', async () => {
  for (const [method, path] of [['POST', '/app/plans/1'], ['PUT', '/js/app.js'], ['DELETE', '/'], ['PATCH', '/index.html']]) {
    const res = await get(path, {}, method);
    assert.equal(res.status, 405, `${method} ${path}`);
    assert.equal(res.headers.get('allow'), 'GET, HEAD');
    assert.equal((await res.json()).error.code, 'method_not_allowed');
  }
});

test('the API keeps its space: JSON 404s without the page headers, /healthz as before', async () => {
  // /metrics is served only on its own listener (--metrics-listen)
  for (const path of ['/api', '/api/', '/api/v1/nope', '/api/v1/plans/x', '/api/index.html', '/metrics', '/metrics/x']) {
    const res = await get(path);
    assert.equal(res.status, 404, path);
    assert.equal((await res.json()).error.code, 'no_such_resource', path);
    assert.equal(res.headers.get('content-security-policy'), null, path);
    assert.equal(res.headers.get('cache-control'), 'no-store', path);
  }
  const health = await get('/healthz');
  assert.equal(health.status, 200);
  assert.equal((await health.json()).status, 'ok');
  // API answers stay uncached
  const me = await h.api('GET', '/api/v1/me');
  assert.equal(me.status, 200);
  assert.equal(me.headers.get('cache-control'), 'no-store');
});

test('--web-root naming a missing directory stops the server at start', () => {
  const d = makeDatabase();
  try {
    const r = cli(['serve', '--db', d.db, '--listen', '127.0.0.1:0', '--web-root', join(d.dir, 'nope')]);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /--web-root .*nope is not a directory/);
    const env = cli(['serve', '--db', d.db, '--listen', '127.0.0.1:0'], { env: { HELHET_WEB_ROOT: join(d.dir, 'nope') } });
    assert.equal(env.status, 2, env.stderr);
  } finally {
    rmSync(d.dir, { recursive: true, force: true });
  }
});
test('the default web root is the repository\'s web/, when the server starts in the repository', async () => {
  const repo = new URL('../../', import.meta.url).pathname;
  const d = await startServer({ cwd: repo });
  try {
    const index = readFileSync(join(repo, 'web/index.html'), 'utf8');
    const res = await fetch(d.url + '/app/plans/1');
    assert.equal(res.status, 200);
    // the same page, its references pinned to the application's version
    assert.equal((await res.text()).replace(/\?v=[A-Za-z0-9_-]{8}"/g, '"'), index);
  } finally {
    await d.stop();
  }
});

test('references carry the application\'s version: a file asked for at it is cacheable for a year, otherwise revalidated', async () => {
  const repo = new URL('../../', import.meta.url).pathname;
  const d = await startServer({ cwd: repo });
  try {
    const page = await (await fetch(d.url + '/app')).text();
    const refs = [...page.matchAll(/(?:href|src)="(\/[^"]+\.(?:js|css|json))(\?v=[^"]*)?"/g)];
    assert.ok(refs.length > 10, 'the shell names its scripts and styles');
    const versions = new Set(refs.map((m) => m[2]));
    assert.equal(versions.size, 1, `one version for all: ${[...versions].join(' ')}`);
    const [v] = versions;
    assert.match(v, /^\?v=[A-Za-z0-9_-]{8}$/);
    // the shell itself is never pinned
    assert.equal((await fetch(`${d.url}/app${v}`)).headers.get('cache-control'), 'no-cache');
    const pinned = await fetch(`${d.url}/js/app.js${v}`);
    assert.equal(pinned.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    // a module's relative imports carry the same version, so the browser asks for one URL per file
    const imports = [...(await pinned.text()).matchAll(/^import .* from '(\.{1,2}\/[^']+)';$/gm)].map((m) => m[1]);
    assert.ok(imports.length > 3);
    for (const i of imports) assert.ok(i.endsWith(`.js${v}`), i);
    // another version (an older page), or none: revalidated as before
    assert.equal((await fetch(`${d.url}/js/app.js?v=AAAAAAAA`)).headers.get('cache-control'), 'no-cache');
    const plain = await fetch(`${d.url}/js/app.js`);
    assert.equal(plain.headers.get('cache-control'), 'no-cache');
    assert.equal(plain.headers.get('etag'), pinned.headers.get('etag'), 'the same bytes either way');
    assert.equal((await fetch(`${d.url}/i18n/nb.json${v}`)).headers.get('cache-control'), 'public, max-age=31536000, immutable');
  } finally {
    await d.stop();
  }
});
