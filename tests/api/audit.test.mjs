// audit.test.mjs - the audit log is append-only and hash-chained: `helhet
// audit verify` passes on an untouched log and names the first entry that was
// altered, removed or reordered (issue 3, point 6). Tampering is done the way
// an intruder with the database file would: with the sqlite3 program.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, existsSync, readdirSync } from 'node:fs';
import { startServer, cli } from './harness.mjs';

function sql(file, text) {
  return spawnSync('sqlite3', [file, text], { encoding: 'utf8' });
}

test('audit verify: intact, then altered, removed and reordered entries are named', async () => {
  const h = await startServer();
  // every authenticated request leaves an entry, refused ones too
  for (let i = 0; i < 5; i++) assert.equal((await h.api('GET', '/api/v1/organisations')).status, 200);
  assert.equal((await h.api('GET', '/api/v1/persons')).status, 403);
  assert.equal((await h.api('GET', '/api/v1/me', { token: 'hh_forged' })).status, 401);
  const audit = await h.api('GET', '/api/v1/audit?limit=500');
  assert.equal(audit.status, 200, audit.text);
  // the refused token has no tenant; the administrator sees the tenant's entries
  assert.ok(audit.body.items.length >= 6, audit.text);
  const denied = audit.body.items.find((x) => x.outcome === 'denied');
  assert.equal(denied.object, 'person');
  assert.equal(denied.code, 'forbidden');
  await h.stop({ keep: true });

  const file = h.db.replace(/^sqlite:/, '');
  let r = cli(['audit', 'verify', '--db', h.db]);
  assert.equal(r.status, 0, r.stderr);
  const m = r.stdout.match(/intact: (\d+) entries/);
  assert.ok(m && Number(m[1]) >= 8, r.stdout);

  // append-only: the database itself refuses changes and deletions
  r = sql(file, 'UPDATE audit_log SET reason = 1 WHERE seq = 2');
  assert.match(r.stderr, /append-only/);
  r = sql(file, 'DELETE FROM audit_log WHERE seq = 2');
  assert.match(r.stderr, /append-only/);

  // an intruder who drops the triggers: each kind of tampering is found
  const copy = (name) => { const f = `${file}.${name}`; copyFileSync(file, f); sql(f, 'DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;'); return f; };
  const altered = copy('altered');
  sql(altered, "UPDATE audit_log SET action = 'delete' WHERE seq = 4");
  r = cli(['audit', 'verify', '--db', `sqlite:${altered}`]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /entry 4 fails verification: its content was altered/);

  const removed = copy('removed');
  sql(removed, 'DELETE FROM audit_log WHERE seq = 3');
  r = cli(['audit', 'verify', '--db', `sqlite:${removed}`]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /entry 4 fails verification: entries before it were removed/);

  const reordered = copy('reordered');
  // swap entries 2 and 3 (their content moves, each keeps its hash)
  sql(reordered, `UPDATE audit_log SET seq = -2 WHERE seq = 2; UPDATE audit_log SET seq = 2 WHERE seq = 3; UPDATE audit_log SET seq = 3 WHERE seq = -2;`);
  r = cli(['audit', 'verify', '--db', `sqlite:${reordered}`]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /entry 2 fails verification/);
});

test('audit filters are checked and named', async () => {
  const h = await startServer();
  for (const [q, field] of [['plan_id=x', 'plan_id'], ['outcome=maybe', 'outcome'], ['emergency=yes', 'emergency'], ['from=yesterday', 'from'], ['object=DROP%20TABLE', 'object'], ['bogus=1', 'bogus']]) {
    const r = await h.api('GET', `/api/v1/audit?${q}`);
    assert.equal(r.status, 422, `${q}: ${r.text}`);
    assert.equal(r.body.error.field, field, r.text);
  }
  const r = await h.api('GET', '/api/v1/audit?outcome=denied&object=person&limit=5');
  assert.equal(r.status, 200, r.text);
  await h.stop();
});

test('an answered read has its audit entry on disk, even when the server is killed at once', async () => {
  const h = await startServer();
  const ids = [];
  for (let i = 0; i < 20; i++) {
    const r = await h.api('GET', '/api/v1/organisations');
    assert.equal(r.status, 200);
    ids.push(r.headers.get('x-request-id'));
  }
  h.child.kill('SIGKILL');
  await new Promise((resolve) => h.child.on('exit', resolve));
  const file = h.db.replace(/^sqlite:/, '');
  const count = () => sql(file, `SELECT count(*) FROM audit_log WHERE request_id IN (${ids.map((x) => `'${x}'`).join(',')})`).stdout.trim();
  // The reads' entries are in the journal beside the database; the writer may
  // not have moved them into the log before the kill. verify appends them.
  assert.ok(existsSync(`${file}-audit`), 'the audit journal exists');
  const v = cli(['audit', 'verify', '--db', h.db]);
  assert.equal(v.status, 0, v.stderr);
  assert.match(v.stdout, /audit log intact/);
  assert.equal(count(), '20');
  // a second verify finds nothing more to append, and the chain still holds
  const again = cli(['audit', 'verify', '--db', h.db]);
  assert.equal(again.status, 0, again.stderr);
  assert.doesNotMatch(again.stdout, /appended/);
});

test('a server killed with reads in its journal appends them when it starts again', async () => {
  const h = await startServer();
  const ids = [];
  for (let i = 0; i < 10; i++) ids.push((await h.api('GET', '/api/v1/organisations')).headers.get('x-request-id'));
  h.child.kill('SIGKILL');
  await new Promise((resolve) => h.child.on('exit', resolve));
  const file = h.db.replace(/^sqlite:/, '');
  // a torn last entry (a power loss in the middle of a write) is left out, not fatal
  appendFileSync(`${file}-audit`, Buffer.from([200, 0, 0, 0, 1, 2, 3, 4, 5]));
  const h2 = await startServer({ database: { db: h.db, dir: h.dir, token: h.token } });
  const r = await h2.api('GET', '/api/v1/audit?action=list&limit=500');
  assert.equal(r.status, 200, r.text);
  const seen = new Set(r.body.items.map((x) => x.request_id));
  for (const id of ids) assert.ok(seen.has(id), `entry of ${id} after the restart`);
  // one server per database: a second one is refused while the first runs
  const second = spawnSync(process.env.HELHET_BIN, ['serve', '--db', h.db, '--listen', '127.0.0.1:0'], { encoding: 'utf8', timeout: 10000 });
  assert.notEqual(second.status, 0);
  assert.match(second.stderr, /another server is using the audit journal/);
  await h2.stop({ keep: true });
  const v = cli(['audit', 'verify', '--db', h.db]);
  assert.equal(v.status, 0, v.stderr);
});

test("a journal that is not the database's own is set aside, never appended", async () => {
  // a server leaves reads in its journal when it is killed ...
  const h = await startServer();
  const ids = [];
  for (let i = 0; i < 5; i++) ids.push((await h.api('GET', '/api/v1/organisations')).headers.get('x-request-id'));
  h.child.kill('SIGKILL');
  await new Promise((resolve) => h.child.on('exit', resolve));
  const file = h.db.replace(/^sqlite:/, '');
  // ... and the database is put back from an earlier copy (a restore), with
  // the journal left beside it: the journal belongs to another state
  const other = await startServer();
  await other.stop({ keep: true });
  const otherFile = other.db.replace(/^sqlite:/, '');
  const before = sql(otherFile, 'SELECT count(*) FROM audit_log').stdout.trim();
  copyFileSync(`${file}-audit`, `${otherFile}-audit`);
  const h2 = await startServer({ database: { db: other.db, dir: other.dir, token: other.token } });
  await h2.stop({ keep: true });
  assert.equal(sql(otherFile, `SELECT count(*) FROM audit_log WHERE request_id IN (${ids.map((x) => `'${x}'`).join(',')})`).stdout.trim(), '0');
  assert.equal(sql(otherFile, 'SELECT count(*) FROM audit_log').stdout.trim(), before);
  assert.ok(readdirSync(other.dir).some((f) => /-audit\.unmatched-[0-9a-f]{32}$/.test(f)), readdirSync(other.dir).join(' '));
  assert.match(h2.stderr, /event=audit_journal_unmatched/);
  assert.equal(cli(['audit', 'verify', '--db', other.db]).status, 0);
});
