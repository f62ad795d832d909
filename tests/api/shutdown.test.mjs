// shutdown.test.mjs - the server stops when asked, whatever happened to its
// files: a database folder removed under a running server is reported and
// retried with backoff, and SIGTERM still ends the server within its grace
// period (docs/security.md, "Abuse and shutdown").
//
// The bound on the exit (10 s) is a deadline, not a measure of speed: a server
// that does not stop never exits at all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { startServer, makeDatabase, sql, ENGINE, PG } from './harness.mjs';

// PostgreSQL's counterpart: the database cannot be reached (its sessions
// ended, new ones refused), then is back. Requests are answered 503
// database_unavailable meanwhile, nothing is half-written, and the server
// goes on without a restart once the database takes connections again.
test('a PostgreSQL database that goes away and comes back: 503 meanwhile, then the same server goes on', { skip: !PG && 'needs PostgreSQL' }, async () => {
  const d = makeDatabase();
  const h = await startServer({ database: d, args: ['--threads', '2'] });
  const name = new URL(d.db).pathname.slice(1);
  const admin = `${PG}postgres`;
  const cut = () => sql(admin, `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '${name}' AND pid <> pg_backend_pid()`);
  try {
    const before = await h.api('POST', '/api/v1/organisations', { body: { name: 'Før', kind: 'unit', level: 'municipal' } });
    assert.equal(before.status, 201, before.text);
    // sessions ended: a connection found lost at BEGIN is opened again at once
    cut();
    const again = await h.api('GET', '/api/v1/organisations?limit=100');
    assert.equal(again.status, 200, again.text);
    // the database refuses new sessions and the old ones end
    sql(admin, `ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
    cut();
    const w = await h.api('POST', '/api/v1/organisations', { body: { name: 'Under', kind: 'unit', level: 'municipal' } });
    assert.equal(w.status, 503, w.text);
    assert.equal(w.body.error.code, 'database_unavailable', w.text);
    const r = await h.api('GET', '/api/v1/organisations?limit=100');
    assert.equal(r.status, 503, r.text);
    assert.equal(r.body.error.code, 'database_unavailable', r.text);
    // back: the same server answers, and what it refused was not written
    sql(admin, `ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`);
    let after;
    for (let i = 0; i < 200; i++) {
      after = await h.api('GET', '/api/v1/organisations?limit=100');
      if (after.status === 200) break;
      await sleep(25);
    }
    assert.equal(after.status, 200, after.text);
    const names = after.body.items.map((o) => o.name);
    assert.ok(names.includes('Før'), names.join(', '));
    assert.ok(!names.includes('Under'), names.join(', '));
    const later = await h.api('POST', '/api/v1/organisations', { body: { name: 'Etter', kind: 'unit', level: 'municipal' } });
    assert.equal(later.status, 201, later.text);
  } finally {
    sql(admin, `ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`);
    await h.stop();
  }
});

const EXIT_DEADLINE_MS = 10000;

// Waits for the child's exit, at most `ms`; returns {code, signal} or null.
function exitWithin(child, ms) {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), ms);
    child.once('exit', (code, signal) => { clearTimeout(timer); resolve({ code, signal }); });
  });
}

// Polls `cond` (bounded by count, not by time).
async function eventually(cond, what) {
  for (let i = 0; i < 1000; i++) {
    if (cond()) return;
    await sleep(10);
  }
  assert.fail(`never happened: ${what}`);
}

const FILE_ONLY = ENGINE !== 'sqlite' && 'an SQLite file removed under the server; PostgreSQL has no file to remove (its lost server is tested below)';

test('SIGTERM ends a server whose database folder was removed under it', { skip: FILE_ONLY }, async () => {
  const d = makeDatabase();
  const h = await startServer({ database: d, args: ['--threads', '1'] });
  try {
    // The worker opens its connection (a token check, no audit entry) while
    // the file is there; the writer has had nothing to do yet.
    assert.equal((await h.api('GET', '/api/v1/me', { token: 'not-a-token' })).status, 401);
    // A read leaves an audit entry in the journal for the writer, which takes
    // the journal's entries every 50 ms: the folder goes at once, so the
    // writer almost always meets a database it cannot open with entries it
    // must place (the state in which the server once never stopped).
    assert.equal((await h.api('GET', '/api/v1/staff')).status, 200);
    rmSync(d.dir, { recursive: true, force: true });
    // while the database is away, changes and reads are refused, not lost
    const w = await h.api('POST', '/api/v1/organisations', { body: { name: 'Ny enhet', kind: 'unit' } });
    assert.equal(w.status, 503, w.text);
    assert.equal(w.body.error.code, 'database_unavailable', w.text);
    const r = await h.api('GET', '/api/v1/staff');
    assert.equal(r.status, 503, r.text);
    await eventually(() => /event=batch_failed jobs=\d+ code=database_unavailable failures=1 /.test(h.stderr),
      'the writer reports the database it cannot open');
    // the report names no path, no person, only codes and counts
    const line = h.stderr.split('\n').find((l) => l.includes('event=batch_failed'));
    assert.ok(!line.includes(d.dir), line);

    h.child.kill('SIGTERM');
    const exit = await exitWithin(h.child, EXIT_DEADLINE_MS);
    assert.ok(exit, `the server did not exit within ${EXIT_DEADLINE_MS} ms of SIGTERM:\n${h.stderr.slice(-2000)}`);
    assert.equal(exit.signal, null, h.stderr);
    assert.equal(exit.code, 0, h.stderr);
    await eventually(() => /event=stopped/.test(h.stderr), 'the last log line');
    // backoff: the retries are few and spaced (doubling from 50 ms to 5 s), so
    // the failure is reported a handful of times, not once per spin
    const reports = h.stderr.split('\n').filter((l) => l.includes('event=batch_failed')).length;
    assert.ok(reports >= 1 && reports < 20, `${reports} failure reports`);
  } finally {
    if (h.child.exitCode === null) h.child.kill('SIGKILL');
    await h.stop({ keep: true }).catch(() => {});
    rmSync(d.dir, { recursive: true, force: true });
  }
});

test('a database file removed under the server is noticed: changes and reads are refused until it is back', { skip: FILE_ONLY }, async () => {
  const d = makeDatabase();
  const h = await startServer({ database: d, args: ['--threads', '1'] });
  try {
    // the writer opens its connection while the file is there
    const ok = await h.api('POST', '/api/v1/organisations', { body: { name: 'Før', kind: 'unit' } });
    assert.ok(ok.status < 500, ok.text);
    rmSync(d.dir, { recursive: true, force: true });
    // its connection would still write, into a file no one will ever open again
    const w = await h.api('POST', '/api/v1/organisations', { body: { name: 'Etter', kind: 'unit' } });
    assert.ok(w.status >= 500, `a change into a removed file: ${w.status} ${w.text}`);
    await eventually(() => /event=database_moved/.test(h.stderr), 'the writer reports the moved file');
    // and reads are not answered from the removed file either
    const r = await h.api('GET', '/api/v1/staff');
    assert.equal(r.status, 503, r.text);
    assert.equal(r.body.error.code, 'database_unavailable');
  } finally {
    await h.stop({ keep: true });
    rmSync(d.dir, { recursive: true, force: true });
  }
});

test('SIGTERM ends the server within its grace period while clients trickle', async () => {
  const h = await startServer({ args: ['--drain-seconds', '2'] });
  const socks = [];
  try {
    const { hostname, port } = new URL(h.url);
    // one client trickles a request head, another a body it announced
    const open = () => new Promise((resolve, reject) => {
      const s = net.connect(Number(port), hostname, () => resolve(s));
      s.on('error', reject);
    });
    const head = await open();
    head.write('GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ');
    const body = await open();
    body.write(`POST /api/v1/organisations HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${h.token}\r\n` +
      'Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"name":"');
    socks.push(head, body);
    for (const s of socks) s.on('error', () => {});
    const drip = setInterval(() => { for (const s of socks) if (!s.destroyed) s.write('a'); }, 200);
    await sleep(300);
    h.child.kill('SIGTERM');
    const exit = await exitWithin(h.child, EXIT_DEADLINE_MS);
    clearInterval(drip);
    assert.ok(exit, `the server did not exit within ${EXIT_DEADLINE_MS} ms of SIGTERM:\n${h.stderr.slice(-2000)}`);
    assert.equal(exit.code, 0, h.stderr);
    // the announced body was being received: one request in flight at the signal
    await eventually(() => /event=stopped/.test(h.stderr), 'the last log line');
    assert.match(h.stderr, /event=stopping signal=15 in_flight=1\b/);
  } finally {
    for (const s of socks) s.destroy();
    await h.stop();
  }
});
