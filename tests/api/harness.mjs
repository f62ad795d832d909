// harness.mjs - starts the real `helhet` server on a temporary database and a
// free port, and talks HTTP to it. Every API test file uses it.
//
// The database is a fresh SQLite file, or - when $HELHET_TEST_PG names a
// PostgreSQL server ("postgres://helhet@127.0.0.1:PORT/", started by
// scripts/pg-test.sh under `make test`) - a fresh PostgreSQL database on it.
// newDatabase(dir) names one; sql(db, text) changes or reads it behind the
// server's back, with the engine's own shell (sqlite3 or psql); rows(db,
// query) reads rows as objects; copyDatabase(db, dir, name) copies a database
// no server uses; keyFile(db), anchorFile(db) and journalArgs(db) name the
// files beside it; dropTrigger(name, table) is the statement an intruder with
// write access runs to remove one of the triggers that refuse changes.
//
//   const h = await startServer();          // init + admin user + token + serve
//   const r = await h.api('GET', '/api/v1/persons');   // Bearer admin token
//   r.status, r.body (parsed JSON or null), r.headers, r.text
//   await h.stop();   // SIGTERM; fails if the server exits non-zero or any
//                     // sanitizer (ASan/UBSan/LSan) reported anything
//   h.as(token)       // the same server, requests sent with another actor's token
//                     // (fixture.mjs makes actors with real roles)
//
// The binary is $HELHET_BIN (the sanitizer build under `make test`).
import net from 'node:net';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import assert from 'node:assert/strict';
import { after } from 'node:test';
import { totp, stepAt } from './totp.mjs';

// Servers still running when a test file ends - a test that failed between
// start and stop - are killed, so that the file ends with its failure instead
// of waiting for ever on the server's pipes. This hook runs before the file's
// own (it is registered first), so it only arms a timer that holds nothing
// open: servers the file stops themselves are gone long before it fires. Only
// under the test runner (bench/page.mjs uses this module too).
const running = new Set();
if (process.env.NODE_TEST_CONTEXT) {
  after(() => {
    setTimeout(() => {
      for (const child of running) child.kill('SIGKILL');
    }, 30000).unref();
  });
}

export const BIN = process.env.HELHET_BIN || new URL('../../build/asan/helhet', import.meta.url).pathname;
export const PASSWORD = 'test-passord-1';

const SANITIZER = /ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error:|UndefinedBehaviorSanitizer/;

// The PostgreSQL server the tests run on, or '' for SQLite.
export const PG = process.env.HELHET_TEST_PG || '';
export const ENGINE = PG ? 'postgres' : 'sqlite';

// What a PostgreSQL database needs that SQLite finds beside its file: the key
// file and the anchor file (for SQLite, "<file>.key" and "<file>.anchor"),
// by database URL. cli() and startServer() add them for the --db they are given.
const filesOf = new Map();

// A new database's URL, its files in `dir` (a test's temporary directory).
// `name` tells several databases of one test apart.
export function newDatabase(dir, name = 'test') {
  if (!PG) return `sqlite:${join(dir, `${name}.db`)}`;
  const db = `${PG}${`${basename(dir)}_${name}`.toLowerCase().replace(/[^a-z0-9]+/g, '_')}`;
  filesOf.set(db, {
    HELHET_KEY_FILE: join(dir, `${name}.key`),
    HELHET_AUDIT_ANCHOR: join(dir, `${name}.anchor`),
  });
  return db;
}

// The environment a database's files need (nothing for SQLite).
export function dbEnv(db) {
  return filesOf.get(db) || {};
}

// Runs SQL on a database behind the server's back (the engine's own shell),
// as someone who can write it would (an intruder, an operator, a test setting
// a clock); returns {status, stdout, stderr}, for a test that expects the
// database to refuse.
export function trySql(db, text) {
  return PG
    ? spawnSync('psql', ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-d', db, '-c', text], { encoding: 'utf8', maxBuffer: 1 << 28 })
    : spawnSync('sqlite3', ['-cmd', '.timeout 5000', sqlitePath(db), text], { encoding: 'utf8', maxBuffer: 1 << 28 });
}

// Runs SQL as trySql does; returns what the shell printed, trimmed. Fails on
// an error.
export function sql(db, text) {
  const r = trySql(db, text);
  assert.equal(r.status, 0, `${text}: ${r.stderr}`);
  return r.stdout.trim();
}

// The rows a query reads, as objects by column name (integers as numbers,
// NULL as null), with the engine's own shell.
export function rows(db, query) {
  if (PG) return JSON.parse(sql(db, `SELECT coalesce(json_agg(t), '[]') FROM (${query}) t`));
  const r = spawnSync('sqlite3', ['-cmd', '.timeout 5000', '-json', sqlitePath(db), query], { encoding: 'utf8', maxBuffer: 1 << 28 });
  assert.equal(r.status, 0, `${query}: ${r.stderr}`);
  return JSON.parse(r.stdout.trim() || '[]');
}

// Everything a database holds, as the engine's own dump tool writes it
// (sqlite3 .dump, pg_dump): what one who copies the database has.
export function dumpDatabase(db) {
  const r = PG
    ? spawnSync('pg_dump', ['--no-owner', '-d', db], { encoding: 'utf8', maxBuffer: 1 << 28 })
    : spawnSync('sqlite3', ['-cmd', '.timeout 5000', sqlitePath(db), '.dump'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

// Whether a database exists (a command that fails must create none).
export function databaseExists(db) {
  if (!PG) return existsSync(sqlitePath(db));
  return sql(`${PG}postgres`, `SELECT count(*) FROM pg_database WHERE datname = '${db.slice(PG.length)}'`) === '1';
}

// The statement that drops one of the triggers that keep a table append-only
// (the trigger names are the same on both engines).
export function dropTrigger(name, table) {
  return PG ? `DROP TRIGGER ${name} ON ${table};` : `DROP TRIGGER ${name};`;
}

function sqlitePath(db) {
  return db.replace(/^sqlite:/, '');
}

// The key file and the anchor file a database is used with: "<file>.key" and
// "<file>.anchor" beside an SQLite file (unless copyDatabase gave it its
// original's), the ones newDatabase chose for a PostgreSQL database.
export function keyFile(db) {
  return filesOf.get(db)?.HELHET_KEY_FILE || `${sqlitePath(db)}.key`;
}
export function anchorFile(db) {
  return filesOf.get(db)?.HELHET_AUDIT_ANCHOR || `${sqlitePath(db)}.anchor`;
}

// The audit journal as a file of the server's, and the arguments that make a
// server (and `audit verify`) use it: beside an SQLite file it is
// "<file>-audit", the default; PostgreSQL keeps it in the database unless
// told to use a file (--audit-journal FILE), which these arguments do.
export function journalFile(db) {
  return PG ? keyFile(db).replace(/\.key$/, '-audit') : `${sqlitePath(db)}-audit`;
}
export function journalArgs(db) {
  return PG ? ['--audit-journal', journalFile(db)] : [];
}

// A copy of a database that no server uses, named `name` in `dir`: the file
// copied (SQLite), or CREATE DATABASE ... TEMPLATE (PostgreSQL). The copy is
// used with its original's key file and anchor file (an intruder copies the
// database, not the key), unless `env` names others.
export function copyDatabase(db, dir, name, env = {}) {
  const copy = newDatabase(dir, name);
  if (PG) {
    const [from, to] = [db, copy].map((u) => `"${u.slice(PG.length)}"`);
    const r = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', `${PG}postgres`,
      '-c', `DROP DATABASE IF EXISTS ${to}`, '-c', `CREATE DATABASE ${to} TEMPLATE ${from}`], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  } else {
    copyFileSync(sqlitePath(db), sqlitePath(copy));
  }
  filesOf.set(copy, { HELHET_KEY_FILE: keyFile(db), HELHET_AUDIT_ANCHOR: anchorFile(db), ...env });
  return copy;
}

// Runs a helhet subcommand synchronously; returns {status, stdout, stderr}.
export function cli(args, { input, env } = {}) {
  const i = args.indexOf('--db');
  const r = spawnSync(BIN, args, {
    input,
    encoding: 'utf8',
    env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=1', ...(i >= 0 ? dbEnv(args[i + 1]) : {}), ...env },
  });
  if (SANITIZER.test(r.stderr || '')) {
    throw new Error(`sanitizer finding in helhet ${args.join(' ')}:\n${r.stderr}`);
  }
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// Creates a fresh database with a tenant, an admin account and its token.
export function makeDatabase() {
  const dir = mkdtempSync(join(tmpdir(), 'helhet-test-'));
  const db = newDatabase(dir);
  let r = cli(['init', '--db', db, '--name', 'Testkommune', '--tenant', 'test']);
  assert.equal(r.status, 0, r.stderr);
  r = cli(['user', 'add', '--db', db, '--username', 'admin', '--role', 'admin'], { input: PASSWORD + '\n' });
  assert.equal(r.status, 0, r.stderr);
  r = cli(['token', 'create', '--db', db, '--user', 'admin']);
  assert.equal(r.status, 0, r.stderr);
  return { dir, db, token: r.stdout.trim() };
}

// Starts `helhet serve` on a database (a fresh one unless given), in the
// directory `cwd` (default: this process's; the web root "web" is found there),
// with `env` added to this process's environment.
export async function startServer({ database, args = [], cwd, env } = {}) {
  const d = database || makeDatabase();
  const child = spawn(BIN, ['serve', '--db', d.db, '--listen', '127.0.0.1:0', '--threads', '2', ...args], {
    env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=1', ...dbEnv(d.db), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd,
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (c) => { stderr += c; });
  running.add(child);
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => {
    running.delete(child);
    resolve({ code, signal });
  }));
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${stderr}`)), 15000);
    child.stdout.on('data', (c) => {
      stdout += c;
      const m = stdout.match(/listening on (http:\/\/\S+)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    exited.then(({ code }) => { clearTimeout(timer); reject(new Error(`server exited (${code}) before listening:\n${stderr}`)); });
  });

  const h = {
    url, db: d.db, dir: d.dir, token: d.token, adminToken: d.token, child,
    get stderr() { return stderr; },
    // Sends a request. opts: {body (object, or string sent as-is), token (null: none),
    // headers, cookie}. Returns {status, headers, text, body}.
    async api(method, path, opts = {}) {
      const headers = { ...(opts.headers || {}) };
      const token = opts.token === undefined ? d.token : opts.token;
      if (token) headers.Authorization = `Bearer ${token}`;
      if (opts.cookie) headers.Cookie = opts.cookie;
      let body;
      if (opts.body !== undefined) {
        body = typeof opts.body === 'string' || opts.body instanceof Uint8Array ? opts.body : JSON.stringify(opts.body);
        if (!('Content-Type' in headers)) headers['Content-Type'] = 'application/json';
      }
      const res = await fetch(url + path, { method, headers, body });
      const text = await res.text();
      let parsed = null;
      try { parsed = text ? JSON.parse(text) : null; } catch { parsed = null; }
      return { status: res.status, headers: res.headers, text, body: parsed };
    },
    // The same server seen by another actor: api() sends `token` unless told
    // otherwise (the administrator's stays in h.token).
    as(token) {
      const base = this;
      return Object.assign(Object.create(base), {
        token,
        api: (method, path, opts = {}) => base.api(method, path, { token, ...opts }),
      });
    },
    // Stops with SIGTERM and checks a clean exit without sanitizer findings.
    async stop({ keep = false } = {}) {
      if (child.exitCode === null) child.kill('SIGTERM');
      const { code, signal } = await exited;
      if (!keep && !database) rmSync(d.dir, { recursive: true, force: true });
      if (SANITIZER.test(stderr)) throw new Error(`sanitizer finding in the server:\n${stderr}`);
      assert.equal(signal, null, `server died by ${signal}:\n${stderr}`);
      assert.equal(code, 0, `server exited with ${code}:\n${stderr}`);
    },
  };
  return h;
}

// Asserts an error answer: status, error.code, and (if given) error.field.
// A free loopback port (for a server whose address must be known before it starts).
export async function freePort() {
  const s = net.createServer();
  await new Promise((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address();
  await new Promise((resolve) => s.close(resolve));
  return port;
}

export function assertError(r, status, code, field) {
  assert.equal(r.status, status, `expected ${status} ${code}, got ${r.status}: ${r.text}`);
  assert.ok(r.body && r.body.error, `no error body: ${r.text}`);
  assert.equal(r.body.error.code, code, `expected code ${code}: ${r.text}`);
  assert.equal(typeof r.body.error.message, 'string');
  if (field !== undefined) assert.equal(r.body.error.field, field, r.text);
}

// Synthetic national ID numbers (Tenor style: month + 80), valid mod-11.
// n picks a different number for each call site; birth years 1940-1999.
export function syntheticNid(n) {
  const w1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
  const w2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
  for (let i = n; ; i++) {
    const day = 1 + (i % 28);
    const month = 1 + (Math.floor(i / 28) % 12);
    const year = 40 + (Math.floor(i / 336) % 60);
    const ind = 100 + (i * 7) % 400;
    const d = [...`${String(day).padStart(2, '0')}${String(month + 80).padStart(2, '0')}${String(year).padStart(2, '0')}${ind}`].map(Number);
    const k = (ds, w) => { const r = 11 - ds.reduce((s, x, j) => s + x * w[j], 0) % 11; return r === 11 ? 0 : r; };
    const k1 = k(d, w1);
    if (k1 === 10) continue;
    const k2 = k([...d, k1], w2);
    if (k2 === 10) continue;
    return d.join('') + k1 + k2;
  }
}

// ---- accounts with one-time codes (staff and administrators) ------------

// Creates an account with `helhet user add`; staff and administrators get a
// one-time code secret (--totp) unless totp is false. Returns {username,
// password, secret (or null), id}.
export function addUser(db, username, { role = 'staff', password = PASSWORD, totp: withTotp = role !== 'citizen', args = [] } = {}) {
  const r = cli(['user', 'add', '--db', db, '--username', username, '--role', role, ...(withTotp ? ['--totp'] : []), ...args],
    { input: password + '\n' });
  assert.equal(r.status, 0, r.stderr);
  const id = Number(r.stdout.match(/\(account (\d+),/)[1]);
  const m = r.stdout.match(/^secret +([A-Z2-7]+)$/m);
  assert.equal(Boolean(m), withTotp, r.stdout);
  return { username, password, secret: m ? m[1] : null, id };
}

// The last time step used per secret: the server accepts each step once, from
// the one before to the one after the current step. The tests use the current
// step and the next, so two log-ins of one account fit in 30 seconds; a third
// waits for the next step.
const usedSteps = new Map();

// A fresh one-time code for a secret (waits when the account used up the steps
// it may use now).
export async function freshCode(secret) {
  for (;;) {
    const now = stepAt();
    const step = Math.max(now, (usedSteps.get(secret) ?? -1) + 1);
    if (step <= now + 1) {
      usedSteps.set(secret, step);
      return totp(secret, step);
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

// Logs `user` (from addUser) in with its password and a fresh code. Returns
// {cookie, value, csrf, res}; fails unless the answer is 201.
export async function loginWithCode(h, user, { headers, cookie } = {}) {
  const body = { username: user.username, password: user.password };
  if (user.secret) body.otp = await freshCode(user.secret);
  const res = await h.api('POST', '/api/v1/session', { token: null, body, headers, cookie });
  assert.equal(res.status, 201, res.text);
  const m = res.headers.get('set-cookie').match(/^helhet_session=([^;]+)/);
  assert.ok(m, res.headers.get('set-cookie'));
  return { cookie: `helhet_session=${m[1]}`, value: m[1], csrf: res.body.csrf_token, res };
}
