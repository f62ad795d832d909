// openapi.test.mjs - docs/openapi.yaml documents exactly the routes the server
// has: every route `helhet routes` prints is in the document with its method,
// every path and method in the document is a route, and every operation has
// responses. Fails when either side drifts. (Who may call each state-changing
// operation, its x-roles, is checked against the server by
// openapi_roles.test.mjs; `make openapi-lint` lints the whole document.)
//
// The `paths:` section is read line by line, which also holds the document
// to the layout it uses:
//   /api/v1/plans/{planId}:     path key, 2 spaces
//     parameters:               path-level (not an operation), 4 spaces
//     get:                      operation, 4 spaces
//       responses:              6 spaces
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { BIN, cli, startServer } from './harness.mjs';

const DOC = new URL('../../docs/openapi.yaml', import.meta.url);
const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace']);

// Template variables may be named ({planId}); the router's patterns say {id}
// for a numeric id and {name} for a name (an identity provider's), which the
// document calls {name} too.
const normalise = (path) => path.replace(/\{(?!name\})[^}/]+\}/g, '{id}');

// Returns {ops: Map("METHOD /path" -> {line, hasResponses}), problems: [..]}.
function documentedOperations(text) {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l === 'paths:');
  assert.notEqual(start, -1, 'docs/openapi.yaml has no top-level "paths:" line');
  const ops = new Map();
  const problems = [];
  let path = null;
  let op = null;
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i].replace(/\s+#.*$/, '').replace(/\s+$/, '');
    if (line === '' || /^\s*#/.test(line)) continue;
    if (/^\S/.test(line)) break; // the next top-level key ends paths
    let m;
    if ((m = line.match(/^ {2}(\S.*):$/))) {
      const key = m[1].replace(/^(['"])(.*)\1$/, '$2');
      if (!key.startsWith('/')) problems.push(`line ${i + 1}: path key "${key}" does not start with /`);
      path = key;
      op = null;
    } else if (/^ {2}\S/.test(line)) {
      problems.push(`line ${i + 1}: unexpected line at path level: ${line.trim()}`);
    } else if ((m = line.match(/^ {4}(\S+):/))) {
      op = null;
      const key = m[1];
      if (METHODS.has(key)) {
        assert.ok(path, `line ${i + 1}: method before any path`);
        const id = `${key.toUpperCase()} ${normalise(path)}`;
        if (ops.has(id)) problems.push(`line ${i + 1}: ${id} is documented twice`);
        op = { line: i + 1, hasResponses: false };
        ops.set(id, op);
      } else if (!['parameters', 'summary', 'description', 'servers'].includes(key)) {
        problems.push(`line ${i + 1}: unknown key "${key}" under ${path}`);
      }
    } else if (op && /^ {6}responses:$/.test(line)) {
      op.hasResponses = true;
    }
  }
  return { ops, problems };
}

function binaryRoutes() {
  const r = cli(['routes']);
  assert.equal(r.status, 0, `${BIN} routes failed:\n${r.stderr}`);
  const routes = r.stdout.split('\n').filter((l) => l.trim() !== '');
  for (const l of routes) assert.match(l, /^[A-Z]+ \/\S*$/, `unexpected line from helhet routes: ${l}`);
  return routes;
}

test('the OpenAPI document covers exactly the routes of the server', () => {
  const routes = binaryRoutes();
  assert.ok(routes.length > 10, `helhet routes printed only ${routes.length} routes`);
  assert.equal(new Set(routes).size, routes.length, 'helhet routes prints a route twice');
  const { ops, problems } = documentedOperations(readFileSync(DOC, 'utf8'));
  assert.deepEqual(problems, [], 'docs/openapi.yaml paths section is not in the expected layout');

  const missing = routes.filter((r) => !ops.has(r));
  assert.deepEqual(missing, [], 'routes of the server missing from docs/openapi.yaml');

  const known = new Set(routes);
  const extra = [...ops.keys()].filter((o) => !known.has(o));
  assert.deepEqual(extra, [], 'operations in docs/openapi.yaml that the server does not have');
});

test('every documented operation has responses', () => {
  const { ops } = documentedOperations(readFileSync(DOC, 'utf8'));
  assert.ok(ops.size > 0, 'no operations found in docs/openapi.yaml');
  const without = [...ops].filter(([, o]) => !o.hasResponses).map(([id, o]) => `${id} (line ${o.line})`);
  assert.deepEqual(without, [], 'operations without a responses block');
});

test('the document names the version the server reports', () => {
  const text = readFileSync(DOC, 'utf8');
  assert.match(text, /^openapi: 3\.0\.\d+$/m);
  const version = readFileSync(new URL('../../src/version.h', import.meta.url), 'utf8')
    .match(/#define HELHET_VERSION "([^"]+)"/)[1];
  const info = text.slice(text.indexOf('\ninfo:'), text.indexOf('\nservers:'));
  assert.match(info, new RegExp(`^  version: ['"]?${version.replace(/\./g, '\\.')}['"]?$`, 'm'),
    `info.version must be ${version} (src/version.h)`);
});

// The linter asks every operation for a 4XX answer; the one /healthz gives is
// 415 for a body that is not JSON (fetch sends no GET body). /metrics is served
// on its own listener only (--metrics-listen), outside the API.
test('/healthz answers 415 to a body that is not JSON, the 4XX the document names for it', async () => {
  const h = await startServer();
  try {
    for (const path of ['/healthz']) {
      const r = await new Promise((resolve, reject) => {
        const req = request(h.url + path, { method: 'GET', headers: { 'Content-Type': 'text/plain', 'Content-Length': 3 } }, (res) => {
          let text = '';
          res.on('data', (c) => { text += c; });
          res.on('end', () => resolve({ status: res.statusCode, text }));
        });
        req.on('error', reject);
        req.end('hei');
      });
      assert.equal(r.status, 415, `GET ${path} with a text body: ${r.text}`);
      assert.equal(JSON.parse(r.text).error.code, 'unsupported_media_type');
    }
  } finally {
    await h.stop();
  }
});
