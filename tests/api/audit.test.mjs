// audit.test.mjs - the audit log is append-only, hash-chained with a key the
// database does not hold, and anchored outside the database: `helhet audit
// verify` passes on an untouched log and names the first entry that was
// altered, removed, reordered or rebuilt, a log cut short, and a journal that
// lost answered reads (issue 3, point 6; issue 11, point 7). Tampering is done
// the way an intruder with write access to the database would: with the
// engine's own shell (sqlite3 or psql), on a copy of the database. The audit
// journal is a file here on both engines (PostgreSQL's default, a table in the
// database, is tested in cluster.test.mjs): journalArgs() names it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, existsSync, readdirSync, readFileSync, truncateSync, writeFileSync, chmodSync, statSync, rmSync } from 'node:fs';
import { basename } from 'node:path';
import blake from 'blakejs';
import {
  startServer, cli, makeDatabase, sql, trySql, rows, dropTrigger, copyDatabase, keyFile, anchorFile,
  journalFile, journalArgs, dbEnv, BIN, ENGINE,
} from './harness.mjs';

// `audit verify` on a copy of a database: the key and the anchor stay the
// original's (an intruder has the database, not the key; copyDatabase gives
// the copy its original's).
function verifyCopy(copy) {
  return cli(['audit', 'verify', '--db', copy]);
}

// `audit verify` with the database's own journal file.
function verify(db, args = []) {
  return cli(['audit', 'verify', '--db', db, ...journalArgs(db), ...args]);
}

// A server on an existing database with its journal file.
function restart(h) {
  return startServer({ database: { db: h.db, dir: h.dir, token: h.token }, args: journalArgs(h.db) });
}

// A fresh server with its journal in a file (the default beside SQLite).
async function journalledServer() {
  const d = makeDatabase();
  return startServer({ database: d, args: journalArgs(d.db) });
}

// The unkeyed hash of an entry, as trust/audit.c made it before issue 11: what
// an intruder without the key can compute.
const FIELDS = ['prev_hash', 'seq', 'at', 'tenant_id', 'account_id', 'staff_id', 'person_id', 'organisation_id', 'role', 'object', 'object_id', 'plan_id', 'section', 'action', 'outcome', 'code', 'reason', 'emergency', 'request_id'];
const INTS = new Set(['seq', 'tenant_id', 'account_id', 'staff_id', 'person_id', 'organisation_id', 'object_id', 'plan_id', 'emergency']);
function unkeyedHash(row) {
  const parts = [];
  for (const f of FIELDS) {
    let v = row[f];
    if (INTS.has(f)) v = String(v ?? 0);
    if (v === null || v === undefined) { parts.push(Buffer.from('-;')); continue; }
    const b = Buffer.from(String(v), 'utf8');
    parts.push(Buffer.from(`${b.length}:`), b, Buffer.from(';'));
  }
  return Buffer.from(blake.blake2b(Buffer.concat(parts), null, 32)).toString('hex');
}

// Rebuilds the chain from entry `from` on with the unkeyed hash (the triggers
// dropped first), as an intruder who removed entries would.
function rebuildUnkeyed(db, from) {
  const entries = rows(db, `SELECT * FROM audit_log WHERE seq >= ${from - 1} ORDER BY seq`);
  const stmts = [];
  let prev = entries[0].seq === from - 1 ? entries.shift().hash : '0'.repeat(64);
  for (const r of entries) {
    r.prev_hash = prev;
    r.hash = unkeyedHash(r);
    stmts.push(`UPDATE audit_log SET prev_hash = '${r.prev_hash}', hash = '${r.hash}' WHERE seq = ${r.seq};`);
    prev = r.hash;
  }
  sql(db, stmts.join('\n'));
}

// A copy of the database without the triggers that refuse changes.
function tamperable(h, name) {
  const copy = copyDatabase(h.db, h.dir, name);
  sql(copy, dropTrigger('audit_log_no_update', 'audit_log') + dropTrigger('audit_log_no_delete', 'audit_log'));
  return copy;
}

// A server that answered some requests and stopped (its database kept).
async function loggedDatabase(n = 12) {
  const h = await startServer();
  for (let i = 0; i < n; i++) assert.equal((await h.api('GET', '/api/v1/organisations')).status, 200);
  await h.stop({ keep: true });
  return { h };
}

// Waits until the database records that the writer took entries from the journal.
async function journalTaken(db) {
  for (;;) {
    const r = trySql(db, 'SELECT byte_offset FROM audit_journal');
    if (Number(r.stdout.trim()) > 48) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
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

  let r = cli(['audit', 'verify', '--db', h.db]);
  assert.equal(r.status, 0, r.stderr);
  const m = r.stdout.match(/intact: (\d+) entries/);
  assert.ok(m && Number(m[1]) >= 8, r.stdout);

  // append-only: the database itself refuses changes and deletions
  r = trySql(h.db, "UPDATE audit_log SET reason = '1' WHERE seq = 2");
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /append-only/);
  r = trySql(h.db, 'DELETE FROM audit_log WHERE seq = 2');
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /append-only/);

  // an intruder who drops the triggers: each kind of tampering is found
  const altered = tamperable(h, 'altered');
  sql(altered, "UPDATE audit_log SET action = 'delete' WHERE seq = 4");
  r = verifyCopy(altered);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /entry 4 fails verification: its content was altered/);

  const removed = tamperable(h, 'removed');
  sql(removed, 'DELETE FROM audit_log WHERE seq = 3');
  r = verifyCopy(removed);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /entry 4 fails verification: entries before it were removed/);

  const reordered = tamperable(h, 'reordered');
  // swap entries 2 and 3 (their content moves, each keeps its hash)
  sql(reordered, `UPDATE audit_log SET seq = -2 WHERE seq = 2; UPDATE audit_log SET seq = 2 WHERE seq = 3; UPDATE audit_log SET seq = 3 WHERE seq = -2;`);
  r = verifyCopy(reordered);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /entry 2 fails verification/);

  // the untouched original still verifies, and the copies changed nothing of it
  r = cli(['audit', 'verify', '--db', h.db]);
  assert.equal(r.status, 0, r.stderr);
});

test('a log rebuilt without the key is found: an entry removed and the chain hashed again', async () => {
  const { h } = await loggedDatabase();
  const file = keyFile(h.db).replace(/\.key$/, '');
  // entry 5 removed, the later ones renumbered and their hashes made again
  // with the algorithm anyone can run (BLAKE2b without the key)
  const rebuilt = tamperable(h, 'rebuilt');
  sql(rebuilt, 'DELETE FROM audit_log WHERE seq = 5; UPDATE audit_log SET seq = -(seq - 1) WHERE seq > 5; UPDATE audit_log SET seq = -seq WHERE seq < 0;');
  rebuildUnkeyed(rebuilt, 5);
  let r = verifyCopy(rebuilt);
  assert.equal(r.status, 1, r.stdout);
  assert.match(r.stderr, /entry 5 fails verification: its hash was made without the key file/);

  // the same with the key's start moved past the end, so that every entry
  // would be checked without the key: the anchor file knows where it starts
  const unkeyed = tamperable(h, 'unkeyed');
  sql(unkeyed, 'DELETE FROM audit_log WHERE seq = 5; UPDATE audit_log SET seq = -(seq - 1) WHERE seq > 5; UPDATE audit_log SET seq = -seq WHERE seq < 0;');
  sql(unkeyed, `${dropTrigger('audit_chain_no_update', 'audit_chain')} UPDATE audit_chain SET keyed_from = 1000000;`);
  rebuildUnkeyed(unkeyed, 1);
  r = verifyCopy(unkeyed);
  assert.equal(r.status, 1, r.stdout);
  assert.match(r.stderr, /the database says the keyed chain starts at entry 1000000, but line 1 of the anchor file/);

  // the log checked with another key file fails: the anchor file's lines first,
  // the entries when there is no anchor
  const other = `${file}.other.key`;
  writeFileSync(other, `helhet-key-1 ${'ab'.repeat(32)}\n`, { mode: 0o600 });
  r = cli(['audit', 'verify', '--db', h.db, '--key-file', other]);
  assert.equal(r.status, 1, r.stdout);
  assert.match(r.stderr, /line 1 of the anchor file .* is not signed with this key file/);
  r = cli(['audit', 'verify', '--db', h.db, '--key-file', other, '--audit-anchor', `${file}.none`]);
  assert.equal(r.status, 1, r.stdout);
  assert.match(r.stderr, /entry 1 fails verification: its content was altered, or the log was written with another key file/);
  // and a server refuses to extend the chain under another key
  r = spawnSync(BIN, ['serve', '--db', h.db, '--listen', '127.0.0.1:0', '--key-file', other],
    { encoding: 'utf8', timeout: 20000, env: { ...process.env, ...dbEnv(h.db) } });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /was not written with this key file/);
});

test('a log cut short at its end is found through the anchor file', async () => {
  const { h } = await loggedDatabase();
  const file = keyFile(h.db).replace(/\.key$/, '');
  const anchor = anchorFile(h.db);
  const anchors = readFileSync(anchor, 'utf8').trim().split('\n');
  // head, hash, the journal's generation ("-": PostgreSQL keeps the journal
  // in the database) and length, stopped, keyed from, time, signature
  const generation = ENGINE === 'sqlite' ? '[0-9a-f]{32}' : '-';
  assert.match(anchors.at(-1), new RegExp(`^A1 \\d+ [0-9a-f]{64} ${generation} \\d+ s 1 \\S+ [0-9a-f]{32}$`), anchors.at(-1));
  const head = Number(anchors.at(-1).split(' ')[1]);
  const cut = tamperable(h, 'cut');
  sql(cut, `DELETE FROM audit_log WHERE seq > ${head - 3}`);
  let r = verifyCopy(cut);
  assert.equal(r.status, 1, r.stdout);
  assert.match(r.stderr, new RegExp(`the log ends at entry ${head - 3}, but the anchor file \\(line \\d+, written \\S+\\) names entry ${head}`));

  // an anchor line changed without the key is refused
  const forged = `${file}.forged.anchor`;
  writeFileSync(forged, readFileSync(anchor, 'utf8').replace(/^A1 (\d+)/m, (m, n) => `A1 ${Number(n) + 1}`));
  r = cli(['audit', 'verify', '--db', h.db, '--audit-anchor', forged]);
  assert.equal(r.status, 1, r.stdout);
  assert.match(r.stderr, /line 1 of the anchor file .* is not signed with this key file/);

  // and so is a line that is not an anchor at all
  const garbage = `${file}.garbage.anchor`;
  writeFileSync(garbage, `${readFileSync(anchor, 'utf8')}A1 1 x\n`);
  r = cli(['audit', 'verify', '--db', h.db, '--audit-anchor', garbage]);
  assert.equal(r.status, 1, r.stdout);
  assert.match(r.stderr, /line \d+ of the anchor file .* is not signed with this key file/);

  // a removed anchor file is missed, not taken as a fresh start
  r = cli(['audit', 'verify', '--db', h.db, '--audit-anchor', `${file}.none`]);
  assert.equal(r.status, 1, r.stdout);
  assert.match(r.stderr, /the anchor file .*\.none is missing, but the log holds keyed entries/);

  // the original is intact
  r = cli(['audit', 'verify', '--db', h.db]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`intact: ${head} entries`));
});

test('a journal emptied after a kill -9 is found: by verify, and by the server, which records it', async () => {
  for (const who of ['verify', 'server']) {
    const h = await journalledServer();
    for (let i = 0; i < 10; i++) assert.equal((await h.api('GET', '/api/v1/organisations')).status, 200);
    await journalTaken(h.db);
    h.child.kill('SIGKILL');
    await new Promise((resolve) => h.child.on('exit', resolve));
    truncateSync(journalFile(h.db), 0);
    if (who === 'server') {
      // the server starts, and the log says what was lost
      const h2 = await restart(h);
      const r = await h2.api('GET', '/api/v1/audit?outcome=failed&limit=50');
      assert.equal(r.status, 200, r.text);
      const lost = r.body.items.find((x) => x.object === 'audit_journal');
      assert.ok(lost, r.text);
      assert.equal(lost.code, 'audit_journal_lost');
      assert.match(lost.reason, /missing or emptied/);
      assert.match(h2.stderr, /event=audit_journal_lost/);
      await h2.stop({ keep: true });
    }
    const v = verify(h.db);
    assert.equal(v.status, 1, v.stdout);
    const m = v.stderr.match(/entry (\d+) records an incident: the audit journal [0-9a-f]{32} is missing or emptied/);
    assert.ok(m, v.stderr);
    // and it stays reported, until the operator accepts it as looked into
    assert.equal(verify(h.db).status, 1);
    const ok = verify(h.db, ['--accept', m[1]]);
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, new RegExp(`1 recorded incident\\(s\\) at or before entry ${m[1]} accepted`));
    assert.equal(verify(h.db, ['--accept', String(Number(m[1]) - 1)]).status, 1);
  }
});

test('a journal cut short below what the anchor file saw written is found', async () => {
  const h = await journalledServer();
  for (let i = 0; i < 10; i++) assert.equal((await h.api('GET', '/api/v1/organisations')).status, 200);
  const anchor = anchorFile(h.db);
  // wait until an anchor line has seen the journal past its header
  for (;;) {
    const lines = existsSync(anchor) ? readFileSync(anchor, 'utf8').trim().split('\n') : [];
    if (lines.some((l) => Number(l.split(' ')[4]) > 300)) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  h.child.kill('SIGKILL');
  await new Promise((resolve) => h.child.on('exit', resolve));
  truncateSync(journalFile(h.db), 100);
  const v = verify(h.db);
  assert.equal(v.status, 1, v.stdout);
  assert.match(v.stderr, /the audit journal [0-9a-f]{32} holds 100 bytes, but \d+ were recorded: it was cut short/);
});

test('an anchor file removed (or left behind by a restore) is recorded by the next server', async () => {
  const { h } = await loggedDatabase(3);
  const anchor = anchorFile(h.db);
  // the intruder removes the anchor: verify misses it ...
  copyFileSync(anchor, `${anchor}.kept`);
  spawnSync('rm', [anchor]);
  let r = cli(['audit', 'verify', '--db', h.db]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /the anchor file .* is missing, but the log holds keyed entries/);
  // ... and a server started before anyone looked records it in the log
  const h2 = await startServer({ database: { db: h.db, dir: h.dir, token: h.token } });
  assert.match(h2.stderr, /event=audit_anchor_missing/);
  await h2.stop({ keep: true });
  r = cli(['audit', 'verify', '--db', h.db]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /records an incident: the anchor file was missing when a server started/);
});

test('a server stopped cleanly may lose its journal: nothing was pending', async () => {
  const h = await journalledServer();
  for (let i = 0; i < 3; i++) assert.equal((await h.api('GET', '/api/v1/organisations')).status, 200);
  await h.stop({ keep: true });
  truncateSync(journalFile(h.db), 0);
  const v = verify(h.db);
  assert.equal(v.status, 0, v.stderr);
});

test('the key file: made 0600 beside the database, refused when others may read it, required once used', async () => {
  const h = await journalledServer();
  for (let i = 0; i < 2; i++) assert.equal((await h.api('GET', '/api/v1/organisations')).status, 200);
  await h.stop({ keep: true });
  const key = keyFile(h.db);
  // the files beside the database (an SQLite database is one of them)
  const files = [key, anchorFile(h.db), journalFile(h.db), ...(ENGINE === 'sqlite' ? [h.db.replace(/^sqlite:/, '')] : [])];
  for (const f of files) assert.equal(statSync(f).mode & 0o777, 0o600, f);
  chmodSync(key, 0o640);
  let r = verify(h.db);
  assert.equal(r.status, 1);
  assert.match(r.stderr, new RegExp(`the key file .*${basename(key).replace('.', '\\.')} may be read by others \\(mode 640\\)`));
  chmodSync(key, 0o600);
  // the database holds keyed entries: a missing key file is not made anew
  r = verify(h.db, ['--key-file', `${key}.gone`]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /the key file .*\.gone is missing, but the database holds data written with a key/);
  assert.ok(!existsSync(`${key}.gone`));
  // HELHET_KEY_FILE names it too
  r = cli(['audit', 'verify', '--db', h.db, ...journalArgs(h.db)], { env: { HELHET_KEY_FILE: `${key}.gone` } });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /\.gone is missing/);
  r = cli(['audit', 'verify', '--db', h.db, ...journalArgs(h.db)], { env: { HELHET_KEY_FILE: key } });
  assert.equal(r.status, 0, r.stderr);
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
  const h = await journalledServer();
  const ids = [];
  for (let i = 0; i < 20; i++) {
    const r = await h.api('GET', '/api/v1/organisations');
    assert.equal(r.status, 200);
    ids.push(r.headers.get('x-request-id'));
  }
  h.child.kill('SIGKILL');
  await new Promise((resolve) => h.child.on('exit', resolve));
  const count = () => sql(h.db, `SELECT count(*) FROM audit_log WHERE request_id IN (${ids.map((x) => `'${x}'`).join(',')})`);
  // The reads' entries are in the journal beside the database; the writer may
  // not have moved them into the log before the kill. verify appends them.
  assert.ok(existsSync(journalFile(h.db)), 'the audit journal exists');
  const v = verify(h.db);
  assert.equal(v.status, 0, v.stderr);
  assert.match(v.stdout, /audit log intact/);
  assert.equal(count(), '20');
  // a second verify finds nothing more to append, and the chain still holds
  const again = verify(h.db);
  assert.equal(again.status, 0, again.stderr);
  assert.doesNotMatch(again.stdout, /appended/);
});

test('a server killed with reads in its journal appends them when it starts again', async () => {
  const h = await journalledServer();
  const ids = [];
  for (let i = 0; i < 10; i++) ids.push((await h.api('GET', '/api/v1/organisations')).headers.get('x-request-id'));
  h.child.kill('SIGKILL');
  await new Promise((resolve) => h.child.on('exit', resolve));
  // a torn last entry (a power loss in the middle of a write) is left out, not fatal
  appendFileSync(journalFile(h.db), Buffer.from([200, 0, 0, 0, 1, 2, 3, 4, 5]));
  const h2 = await restart(h);
  const r = await h2.api('GET', '/api/v1/audit?action=list&limit=500');
  assert.equal(r.status, 200, r.text);
  const seen = new Set(r.body.items.map((x) => x.request_id));
  for (const id of ids) assert.ok(seen.has(id), `entry of ${id} after the restart`);
  // one server per database: a second one is refused while the first runs
  const second = spawnSync(BIN, ['serve', '--db', h.db, '--listen', '127.0.0.1:0', ...journalArgs(h.db)],
    { encoding: 'utf8', timeout: 10000, env: { ...process.env, ...dbEnv(h.db) } });
  assert.notEqual(second.status, 0);
  assert.match(second.stderr, /another server is using the audit journal/);
  await h2.stop({ keep: true });
  const v = verify(h.db);
  assert.equal(v.status, 0, v.stderr);
});

test("a journal that is not the database's own is set aside, never appended", async () => {
  // a server leaves reads in its journal when it is killed ...
  const h = await journalledServer();
  const ids = [];
  for (let i = 0; i < 5; i++) ids.push((await h.api('GET', '/api/v1/organisations')).headers.get('x-request-id'));
  h.child.kill('SIGKILL');
  await new Promise((resolve) => h.child.on('exit', resolve));
  // ... and the database is put back from an earlier copy (a restore), with
  // the journal left beside it: the journal belongs to another state
  const other = await journalledServer();
  await other.stop({ keep: true });
  const before = sql(other.db, 'SELECT count(*) FROM audit_log');
  copyFileSync(journalFile(h.db), journalFile(other.db));
  const h2 = await restart(other);
  await h2.stop({ keep: true });
  assert.equal(sql(other.db, `SELECT count(*) FROM audit_log WHERE request_id IN (${ids.map((x) => `'${x}'`).join(',')})`), '0');
  assert.equal(sql(other.db, 'SELECT count(*) FROM audit_log'), before);
  assert.ok(readdirSync(other.dir).some((f) => /-audit\.unmatched-[0-9a-f]{32}$/.test(f)), readdirSync(other.dir).join(' '));
  assert.match(h2.stderr, /event=audit_journal_unmatched/);
  assert.equal(verify(other.db).status, 0);
});

test('audit verify beside a running server: the anchor lines it has not seen in the log yet do not count', async () => {
  const h = await journalledServer();
  let reading = true;
  const load = (async () => {
    while (reading) await h.api('GET', '/api/v1/organisations');
  })();
  try {
    for (let i = 0; i < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 1100)); // an anchor line per second
      const r = verify(h.db);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /a running server holds the audit journal/);
    }
  } finally {
    reading = false;
    await load;
    await h.stop();
  }
});

test('a database from before the key: its unkeyed entries stay, the keyed chain follows them and protects them', async () => {
  // a log as migration 011 finds it: entries hashed without a key, and
  // keyed_from just past them (what the migration writes)
  const d = makeDatabase();
  let prev = '0'.repeat(64);
  const stmts = [dropTrigger('audit_chain_no_update', 'audit_chain'), 'UPDATE audit_chain SET keyed_from = 6;'];
  for (let seq = 1; seq <= 5; seq++) {
    const row = { seq, at: `2026-01-0${seq}T10:00:00.000Z`, object: 'organisation', action: 'list', outcome: 'allowed', request_id: `old${seq}`, prev_hash: prev };
    row.hash = unkeyedHash(row);
    stmts.push(`INSERT INTO audit_log (seq, at, object, action, outcome, request_id, prev_hash, hash) VALUES (${seq}, '${row.at}', 'organisation', 'list', 'allowed', '${row.request_id}', '${prev}', '${row.hash}');`);
    prev = row.hash;
  }
  sql(d.db, stmts.join('\n'));
  const h = await startServer({ database: d });
  for (let i = 0; i < 3; i++) assert.equal((await h.api('GET', '/api/v1/organisations')).status, 200);
  await h.stop({ keep: true });
  let r = cli(['audit', 'verify', '--db', d.db]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /intact: 8 entries/);
  // an old entry removed and the old part rebuilt without the key: the first
  // keyed entry no longer follows it
  const rebuilt = tamperable(d, 'oldpart');
  sql(rebuilt, 'DELETE FROM audit_log WHERE seq = 2; UPDATE audit_log SET seq = -(seq - 1) WHERE seq > 2 AND seq < 6; UPDATE audit_log SET seq = -seq WHERE seq < 0;');
  sql(rebuilt, 'INSERT INTO audit_log (seq, at, object, action, outcome, prev_hash, hash) VALUES (5, \'2026-01-05T10:00:00.000Z\', \'organisation\', \'list\', \'allowed\', \'x\', \'x\');');
  let p = '0'.repeat(64);
  const fix = [];
  for (const row of rows(rebuilt, 'SELECT * FROM audit_log WHERE seq <= 5 ORDER BY seq')) {
    row.prev_hash = p;
    row.hash = unkeyedHash(row);
    fix.push(`UPDATE audit_log SET prev_hash = '${row.prev_hash}', hash = '${row.hash}' WHERE seq = ${row.seq};`);
    p = row.hash;
  }
  sql(rebuilt, fix.join('\n'));
  r = verifyCopy(rebuilt);
  assert.equal(r.status, 1, r.stdout);
  // the anchor line written when the server started names entry 5 ...
  assert.match(r.stderr, /entry 5 fails verification: it is not the entry the anchor file names at this place/);
  // ... and without the anchor file the keyed entry 6 is what finds it
  r = cli(['audit', 'verify', '--db', rebuilt, '--audit-anchor', `${anchorFile(d.db)}.none`]);
  assert.equal(r.status, 1, r.stdout);
  assert.match(r.stderr, /entry 6 fails verification: it does not follow the entry before it/);
  rmSync(d.dir, { recursive: true, force: true });
});
