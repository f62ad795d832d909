// cluster.test.mjs - several stateless servers on one PostgreSQL database,
// behind haproxy (issue 13 point 3). What a server keeps in memory stays
// correct when another server changes the data: the actor cache (a token
// revoked, a session ended), the plan cache (a goal added), consent withdrawn
// (R4: 404 on the next request); the audit log stays one gap-free chain when
// two servers write at once; and when one of two servers is killed under
// write load, haproxy sends the traffic to the other, every acknowledged
// write is there and `audit verify` passes.
import test from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCluster } from './cluster.mjs';
import { BIN, cli, addUser, dbEnv, loginWithCode, newDatabase, PG, sql } from './harness.mjs';
import { buildFixture } from './fixture.mjs';

const skip = !PG && 'several servers share a PostgreSQL database ($HELHET_TEST_PG; make test runs it in its PostgreSQL pass)';

test('what one server changes, the other sees on its next request', { skip }, async () => {
  const c = await startCluster({ servers: 2 });
  const [a, b] = c.servers;
  try {
    const f = await buildFixture({ h: a });
    const plan = `/api/v1/plans/${f.ids.plans.active}`;

    // the plan cache: both servers have the plan rendered; a goal added
    // through A is in B's next answer
    for (const s of [a, b]) assert.equal((await s.as(f.tokens.coordinator).api('GET', plan)).status, 200);
    const heard = await b.counter('helhet_events_delivered_total');
    const g = await a.as(f.tokens.coordinator).api('POST', `${plan}/goals`, {
      body: { kind: 'main', text: 'Møte NAV hver måned', domain: 'housing' },
    });
    assert.equal(g.status, 201, g.text);
    const after = await b.as(f.tokens.coordinator).api('GET', plan);
    assert.equal(after.status, 200);
    assert.ok(after.body.goals.some((x) => x.id === g.body.id), 'B answers the goal added through A');
    // and the change made through A is heard on B's event bus (LISTEN/NOTIFY),
    // where B's live views take it from
    let now = heard;
    for (let i = 0; i < 500 && now <= heard; i++) {
      await sleep(10);
      now = await b.counter('helhet_events_delivered_total');
    }
    assert.ok(now > heard, `B heard ${now - heard} events`);

    // consent: NAV reads through B, the owner's consent is withdrawn through
    // A, and B answers 404 on NAV's next request (R4)
    const nav = b.as(f.tokens.nav);
    assert.equal((await nav.api('GET', plan)).status, 200);
    for (const id of f.ids.parts.active.consents) {
      const w = await a.as(f.tokens.coordinator).api('POST', `${plan}/consents/${id}/withdraw`, { body: { reason: 'Trukket av eieren' } });
      assert.equal(w.status, 200, w.text);
    }
    assert.equal((await nav.api('GET', plan)).status, 404);

    // a token revoked (by the CLI, as an administrator does) is refused by
    // both servers on their next request, though each had it cached
    const tok = cli(['token', 'create', '--db', c.db, '--user', 'admin']).stdout.trim();
    for (const s of [a, b]) for (let i = 0; i < 3; i++) assert.equal((await s.api('GET', '/api/v1/me', { token: tok })).status, 200);
    const r = cli(['token', 'revoke', '--db', c.db, '--token', tok]);
    assert.equal(r.status, 0, r.stderr);
    for (const s of [a, b]) assert.equal((await s.api('GET', '/api/v1/me', { token: tok })).status, 401);

    // a session made on A works on B; ended on B, A refuses it
    const u = addUser(c.db, 'klynge', { role: 'admin', args: ['--tenant', 'test'] });
    const s = await loginWithCode(a, u);
    assert.equal((await b.api('GET', '/api/v1/me', { token: null, cookie: s.cookie })).status, 200);
    assert.equal((await a.api('GET', '/api/v1/me', { token: null, cookie: s.cookie })).status, 200);
    const out = await b.api('DELETE', '/api/v1/session', { token: null, cookie: s.cookie, headers: { 'X-CSRF-Token': s.csrf } });
    assert.ok(out.status === 204 || out.status === 200, out.text);
    assert.equal((await a.api('GET', '/api/v1/me', { token: null, cookie: s.cookie })).status, 401);
  } finally {
    await c.stop();
  }
});

// Creates organisations through `send` from `clients` loops at once until
// `until()`; returns the names acknowledged (201) and the count refused.
async function writeLoad(send, clients, until) {
  const acked = [];
  let refused = 0;
  let n = 0;
  await Promise.all(Array.from({ length: clients }, async (_, k) => {
    while (!until()) {
      const name = `Enhet ${k}-${n++}`;
      let r;
      try {
        r = await send('POST', '/api/v1/organisations', { body: { name, kind: 'unit', level: 'municipal' } });
      } catch {
        refused++;
        continue;
      }
      if (r.status === 201) acked.push(name);
      else refused++;
      // and a read, whose audit entry must reach the log too
      try { await send('GET', '/api/v1/organisations?limit=5'); } catch { /* the server died under it */ }
    }
  }));
  return { acked, refused };
}

// audit verify, against each server's anchor file in turn
function verify(c) {
  let r;
  for (const h of c.servers) {
    r = cli(['audit', 'verify', '--db', c.db, '--audit-anchor', h.anchor]);
    assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
  }
  const m = r.stdout.match(/intact: (\d+) entries/);
  assert.ok(m, r.stdout);
  return Number(m[1]);
}

test('two servers writing at once keep one gap-free audit chain', { skip }, async () => {
  const c = await startCluster({ servers: 2 });
  try {
    let count = 0;
    const [a, b] = c.servers;
    const one = writeLoad((m, p, o) => a.api(m, p, o), 4, () => count >= 200);
    const two = writeLoad((m, p, o) => b.api(m, p, o), 4, () => count >= 200);
    let ticks = 0;
    const tick = setInterval(() => {
      count = Number(sql(c.db, 'SELECT count(*) FROM organisations'));
      if (++ticks > 5000) count = Infinity; // bounded by count: the load ends, and the asserts say why
    }, 50);
    const [x, y] = await Promise.all([one, two]);
    clearInterval(tick);
    assert.equal(x.refused + y.refused, 0, 'no write was refused');
    await c.stop();
    const entries = verify(c);
    // every request left its entries: at least one per write and per read
    assert.ok(entries >= 2 * (x.acked.length + y.acked.length), `${entries} entries`);
    const seqs = sql(c.db, 'SELECT count(*), min(seq), max(seq) FROM audit_log').split('|').map(Number);
    assert.equal(seqs[0], seqs[2] - seqs[1] + 1, 'the sequence has no gap');
  } finally {
    await c.stop();
  }
});

test('one of two servers killed under write load: the other takes the traffic, every acknowledged write is there, audit verify passes', { skip }, async () => {
  const c = await startCluster({ servers: 2 });
  try {
    const [a] = c.servers;
    let stop = false;
    let killedAt = -1;
    const load = writeLoad(c.api, 6, () => stop);
    // kill one server once writes flow, then go on until the other has
    // acknowledged a good number alone
    const acked = () => Number(sql(c.db, 'SELECT count(*) FROM organisations'));
    const until = async (n, what) => {
      for (let i = 0; i < 5000 && acked() < n; i++) await sleep(20);
      assert.ok(acked() >= n, `${what}: ${acked()} writes stored, ${n} expected`);
    };
    await until(60, 'before the kill');
    a.child.kill('SIGKILL');
    killedAt = acked();
    await until(killedAt + 120, 'after the kill');
    stop = true;
    const { acked: names } = await load;
    assert.ok(names.length >= 150, `${names.length} writes acknowledged`);
    await c.stop();
    // every acknowledged write is stored
    const stored = new Set(JSON.parse(sql(c.db, "SELECT coalesce(json_agg(name), '[]') FROM organisations")));
    const lost = names.filter((n) => !stored.has(n));
    assert.deepEqual(lost, [], `${lost.length} acknowledged writes are missing`);
    // and the killed server's reads' entries reached the log through the
    // database's journal: the chain verifies whole
    verify(c);
  } finally {
    await c.stop();
  }
});

test('servers that start at once on a new schema migrate it once between them', { skip }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'helhet-migrate-'));
  try {
    const db = newDatabase(dir, 'together');
    sql(`${PG}postgres`, `CREATE DATABASE "${new URL(db).pathname.slice(1)}"`);
    const run = () => new Promise((resolve) => {
      const p = spawn(BIN, ['migrate', '--db', db], { env: { ...process.env, ...dbEnv(db) } });
      let out = '';
      p.stderr.on('data', (c) => { out += c; });
      p.on('exit', (code) => resolve({ code, out }));
    });
    const results = await Promise.all([run(), run(), run()]);
    for (const r of results) assert.equal(r.code, 0, r.out);
    const applied = results.map((r) => Number((r.out.match(/applied (\d+) migration/) || [0, 0])[1]));
    const files = readdirSync(new URL('../../src/store/migrations/postgres/', import.meta.url)).filter((f) => f.endsWith('.sql'));
    assert.equal(applied.reduce((a, b) => a + b, 0), files.length, `applied ${applied.join(' + ')}`);
    assert.equal(sql(db, 'SELECT count(*) FROM schema_migrations'), String(files.length));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
