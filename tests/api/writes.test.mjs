// writes.test.mjs - requests that change data are run by the server's writer,
// many to a transaction (group commit), each under its own savepoint. These
// tests hold it to what a client may rely on, with the writer on (default) and
// off (--write-batch 0): every answered change is stored and visible to the next
// request; a refused request in the same batch as others leaves nothing behind
// and does not take the others with it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, syntheticNid, freePort } from './harness.mjs';
import { staffMember } from './fixture.mjs';

function uniqueNids(count, start) {
  const seen = new Set();
  const out = [];
  for (let i = start; out.length < count; i++) {
    const nid = syntheticNid(i);
    if (!seen.has(nid)) { seen.add(nid); out.push(nid); }
  }
  return out;
}

// metrics are served on their own listener (--metrics-listen)
async function counter(h, name) {
  const text = await (await fetch(`${h.metricsUrl}/metrics`)).text();
  const m = text.match(new RegExp(`^${name} (\\d+)$`, 'm'));
  assert.ok(m, `no ${name} in /metrics`);
  return Number(m[1]);
}

async function concurrentWrites(args, batched) {
  const port = await freePort();
  const server = await startServer({ args: [...args, '--metrics-listen', `127.0.0.1:${port}`] });
  // persons are kept by municipal staff: a member of the coordinating unit
  const h = server.as((await staffMember(server)).token);
  h.metricsUrl = `http://127.0.0.1:${port}`;
  const batches0 = await counter(h, 'helhet_write_batches_total');
  const requests0 = await counter(h, 'helhet_write_batch_requests_total');
  try {
    const nids = uniqueNids(30, 7000);
    // 30 distinct persons, and each national ID number sent twice more: 90
    // requests at once, of which exactly 30 can succeed
    const bodies = [...nids, ...nids, ...nids].map((nid, i) => ({
      national_id: nid, given_name: `Person ${i}`, family_name: 'Samtidig',
    }));
    const answers = await Promise.all(bodies.map((body) => h.api('POST', '/api/v1/persons', { body })));
    const created = answers.filter((r) => r.status === 201);
    const refused = answers.filter((r) => r.status === 409);
    assert.equal(created.length, 30, answers.map((r) => r.status).join(','));
    assert.equal(refused.length, 60);
    assert.ok(refused.every((r) => r.body.error.code === 'national_id_taken'));
    // each created person is there at once, on another connection
    for (const r of created) {
      const got = await h.api('GET', `/api/v1/persons/${r.body.id}`);
      assert.equal(got.status, 200);
      assert.equal(got.body.given_name, r.body.given_name);
    }
    // and nothing else was written
    const all = await h.api('GET', '/api/v1/persons?q=Samtidig&limit=500');
    assert.equal(all.body.items.length, 30);
    assert.deepEqual(new Set(all.body.items.map((p) => p.national_id)), new Set(nids));

    // concurrent changes of one record at one version: exactly one wins
    const p = created[0].body;
    const patches = await Promise.all(Array.from({ length: 10 }, (_, i) =>
      h.api('PATCH', `/api/v1/persons/${p.id}`, { body: { phone: `+47 4000 00${i}` }, headers: { 'If-Match': `"${p.version}"` } })));
    assert.equal(patches.filter((r) => r.status === 200).length, 1);
    assert.equal(patches.filter((r) => r.status === 412).length, 9);
    const after = await h.api('GET', `/api/v1/persons/${p.id}`);
    assert.equal(after.body.version, p.version + 1);
    assert.equal(after.body.phone, patches.find((r) => r.status === 200).body.phone);
    // counted from after the set-up (the administrator's three writes)
    const batches = await counter(h, 'helhet_write_batches_total') - batches0;
    const requests = await counter(h, 'helhet_write_batch_requests_total') - requests0;
    if (batched) {
      // every change went through the writer; the 32 reads above (30
      // persons, the list, the last GET) did not: their audit entries went
      // through the journal
      assert.equal(requests, 90 + 10, 'every change went through the writer, and no read');
      assert.ok(batches < requests, `some batch held several requests (${batches} batches)`);
    } else {
      assert.equal(batches, 0);
      assert.equal(requests, 0);
    }
  } finally {
    await h.stop();
  }
}

test('group commit: concurrent changes, some refused, each answered change stored at once', async () => {
  await concurrentWrites([], true);
});

test('without the writer (--write-batch 0) the same holds', async () => {
  await concurrentWrites(['--write-batch', '0'], false);
});
