// server.test.mjs - what the HTTP server does around the API: Prometheus
// metrics on their own listener, a request id on every answer, and a graceful
// stop that finishes the request in flight and keeps what it wrote.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { startServer, makeDatabase, syntheticNid, freePort, cli } from './harness.mjs';
import { staffMember } from './fixture.mjs';

// A server seen by a member of the coordinating unit: municipal staff, who keep
// persons (docs/security.md); the administrator's token stays in h.adminToken.
async function startServerAsStaff(opts) {
  const server = await startServer(opts);
  return server.as((await staffMember(server)).token);
}

// The value of one sample line of the metrics text, or 0 when absent.
function sample(text, name, labels) {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}} `));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

// GET on the metrics listener: {status, headers, text}.
async function metricsGet(h, path = '/metrics', method = 'GET') {
  const res = await fetch(h.metricsUrl + path, { method });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

// Reads /metrics until `ready(text)` holds (metrics are recorded when an answer
// has been sent, which may be just after the client has it). Bounded by count,
// not by time.
async function metricsUntil(h, ready) {
  let last;
  for (let i = 0; i < 400; i++) {
    last = await metricsGet(h);
    assert.equal(last.status, 200);
    if (ready(last.text)) return last;
    await sleep(10);
  }
  assert.fail(`metrics never became ready:\n${last.text}`);
}

// A server with its metrics on a separate loopback port (h.metricsUrl).
async function startWithMetrics(opts = {}) {
  const port = await freePort();
  const h = await startServerAsStaff({ ...opts, args: ['--metrics-listen', `127.0.0.1:${port}`, ...(opts.args || [])] });
  h.metricsUrl = `http://127.0.0.1:${port}`;
  return h;
}

const HEALTH = 'route="/healthz",status="200"';

test('GET /metrics is Prometheus text counting requests by route and status', async () => {
  const h = await startWithMetrics();
  try {
    const first = await metricsGet(h);
    assert.equal(first.status, 200);
    assert.match(first.headers.get('content-type'), /^text\/plain/);
    assert.match(first.headers.get('content-type'), /version=0\.0\.4/);
    assert.match(first.text, /^# HELP helhet_http_requests_total /m);
    assert.match(first.text, /^# TYPE helhet_http_requests_total counter$/m);
    assert.match(first.text, /^# TYPE helhet_http_request_duration_seconds histogram$/m);
    const base = sample(first.text, 'helhet_http_requests_total', HEALTH);

    for (let i = 0; i < 5; i++) assert.equal((await h.api('GET', '/healthz', { token: null })).status, 200);
    const r = await metricsUntil(h, (t) => sample(t, 'helhet_http_requests_total', HEALTH) >= base + 5);
    const t = r.text;
    assert.equal(sample(t, 'helhet_http_requests_total', HEALTH), base + 5);

    // the histogram of /healthz: cumulative buckets ending in +Inf = _count
    const buckets = t.split('\n').filter((l) => l.startsWith('helhet_http_request_duration_seconds_bucket{route="/healthz",'));
    assert.ok(buckets.length >= 2, t);
    const counts = buckets.map((l) => Number(l.slice(l.lastIndexOf(' ') + 1)));
    for (let i = 1; i < counts.length; i++) assert.ok(counts[i] >= counts[i - 1], 'buckets are cumulative');
    assert.match(buckets.at(-1), /le="\+Inf"\} \d+$/);
    const count = sample(t, 'helhet_http_request_duration_seconds_count', 'route="/healthz"');
    assert.equal(counts.at(-1), count);
    assert.equal(count, base + 5);
    const sum = sample(t, 'helhet_http_request_duration_seconds_sum', 'route="/healthz"');
    assert.ok(sum >= 0 && Number.isFinite(sum), `sum ${sum}`);
    for (const b of buckets) assert.match(b, /le="(\d+(\.\d+)?(e-?\d+)?|\+Inf)"\} \d+$/);

    // other routes and statuses are counted apart, unmatched paths too
    await h.api('GET', '/api/v1/persons', { token: null });           // 401
    await h.api('GET', '/api/v1/persons');                            // 200
    await h.api('GET', '/no/such/thing', { token: null });            // 404
    // each is counted when its answer has gone, which may be just after the
    // client has it: wait for all three
    const r2 = await metricsUntil(h, (x) => ['route="/api/v1/persons",status="401"', 'route="/api/v1/persons",status="200"', 'route="unmatched",status="404"']
      .every((l) => sample(x, 'helhet_http_requests_total', l) >= 1));
    assert.equal(sample(r2.text, 'helhet_http_requests_total', 'route="/api/v1/persons",status="401"'), 1);
    assert.equal(sample(r2.text, 'helhet_http_requests_total', 'route="/api/v1/persons",status="200"'), 1);
    assert.equal(sample(r2.text, 'helhet_http_requests_total', 'route="unmatched",status="404"'), 1);
    assert.equal(sample(r2.text, 'helhet_http_requests_total', HEALTH), base + 5, 'nothing else counted as /healthz');
    // metrics answer without authentication and never as JSON
    assert.doesNotThrow(() => r2.text.split('\n'));
    assert.ok(!r2.text.trimStart().startsWith('{'));
  } finally {
    await h.stop();
  }
});

test('/metrics is served only on its own listener, never on the main address', async () => {
  const h = await startWithMetrics();
  try {
    const main = await h.api('GET', '/metrics', { token: null });
    assert.equal(main.status, 404, main.text);
    assert.equal(main.body.error.code, 'no_such_resource');
    // with a token neither: there is no such route
    assert.equal((await h.api('GET', '/metrics', { token: h.adminToken })).status, 404);
    // the metrics listener answers /metrics and nothing else
    assert.equal((await metricsGet(h)).status, 200);
    const other = await metricsGet(h, '/api/v1/me');
    assert.equal(other.status, 404);
    assert.equal((await metricsGet(h, '/healthz')).status, 404);
    const post = await metricsGet(h, '/metrics', 'POST');
    assert.equal(post.status, 405);
    assert.equal(post.headers.get('allow'), 'GET, HEAD');
  } finally {
    await h.stop();
  }
  // without --metrics-listen there are no metrics at all
  const plain = await startServer();
  try {
    assert.equal((await plain.api('GET', '/metrics', { token: null })).status, 404);
    assert.doesNotMatch(plain.stderr, /event=metrics_listen/);
  } finally {
    await plain.stop();
  }
  // a metrics address that cannot be parsed stops the server at start
  const d = makeDatabase();
  try {
    const r = cli(['serve', '--db', d.db, '--listen', '127.0.0.1:0', '--metrics-listen', 'nowhere']);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /--metrics-listen must be ADDR:PORT/);
  } finally {
    rmSync(d.dir, { recursive: true, force: true });
  }
});

test('every answer carries a distinct X-Request-Id', async () => {
  const h = await startServerAsStaff();
  try {
    const answers = [
      await h.api('GET', '/healthz', { token: null }),
      await h.api('GET', '/metrics', { token: null }),                   // 404 here
      await h.api('GET', '/api/v1/me'),
      await h.api('GET', '/api/v1/me', { token: null }),                 // 401
      await h.api('GET', '/api/v1/nothing'),                              // 404
      await h.api('DELETE', '/api/v1/persons'),                           // 405
      await h.api('POST', '/api/v1/persons', { body: '{' }),              // 400
      await h.api('POST', '/api/v1/persons', { body: 'x'.repeat(1100000) }), // 413
      await h.api('POST', '/api/v1/persons', { body: { national_id: syntheticNid(1), given_name: 'A', family_name: 'B' } }), // 201
      await h.api('HEAD', '/healthz', { token: null }),
    ];
    const ids = answers.map((r) => r.headers.get('x-request-id'));
    for (const [i, id] of ids.entries()) assert.match(id || '', /^[0-9a-f]{18}$/, `answer ${i} (${answers[i].status})`);
    assert.equal(new Set(ids).size, ids.length);
    assert.deepEqual(answers.map((r) => r.status), [200, 404, 200, 401, 404, 405, 400, 413, 201, 200]);
    // and the usual safety headers
    for (const r of answers) {
      assert.equal(r.headers.get('cache-control'), 'no-store');
      assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
    }
  } finally {
    await h.stop();
  }
});

// A raw connection whose received bytes can be awaited.
function connect(url) {
  const { hostname, port } = new URL(url);
  const sock = net.connect(Number(port), hostname);
  let data = '';
  let ended = false;
  const waiters = [];
  const check = () => {
    for (const w of [...waiters]) {
      if (w.pred(data, ended)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(data); }
    }
  };
  sock.setEncoding('utf8');
  sock.on('data', (c) => { data += c; check(); });
  sock.on('end', () => { ended = true; check(); });
  sock.on('close', () => { ended = true; check(); });
  return {
    sock,
    ready: new Promise((resolve, reject) => { sock.once('connect', resolve); sock.once('error', reject); }),
    until: (pred) => new Promise((resolve) => { waiters.push({ pred, resolve }); check(); }),
  };
}

// Resolves when `pred()` holds, checking often; bounded by count.
async function eventually(pred, what) {
  for (let i = 0; i < 3000; i++) {
    if (pred()) return;
    await sleep(5);
  }
  assert.fail(`never happened: ${what}`);
}

function refused(url) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const s = net.connect(Number(port), hostname);
    s.once('connect', () => { s.destroy(); resolve(false); });
    s.once('error', () => resolve(true));
  });
}

test('SIGTERM lets the request in flight finish; what it wrote is kept', async () => {
  const d = makeDatabase();
  try {
    const h = await startServerAsStaff({ database: d });
    let created;
    try {
      const nid = syntheticNid(77);
      const body = JSON.stringify({ national_id: nid, given_name: 'Måret', family_name: 'Ánde' });
      const cut = Math.floor(body.length / 2);
      const c = connect(h.url);
      await c.ready;
      c.sock.write(
        'POST /api/v1/persons HTTP/1.1\r\n' +
        `Host: ${new URL(h.url).host}\r\n` +
        `Authorization: Bearer ${h.token}\r\n` +
        'Content-Type: application/json\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Expect: 100-continue\r\n\r\n');
      // the server has the headers and has begun the request
      await c.until((x) => x.includes('100 Continue'));
      c.sock.write(body.slice(0, cut));
      h.child.kill('SIGTERM');
      await eventually(() => /event=stopping/.test(h.stderr), 'the server logs that it is stopping');
      assert.match(h.stderr, /event=stopping signal=15 in_flight=1/);
      // it takes no new connections while it drains
      let closed = false;
      for (let i = 0; i < 300 && !closed; i++) {
        closed = await refused(h.url);
        if (!closed) await sleep(10);
      }
      assert.ok(closed, 'the listening socket is closed while draining');
      assert.equal(h.child.exitCode, null, 'still running while a request is in flight');
      c.sock.write(body.slice(cut));
      // the answer comes, and then the server closes the connection
      const text = await c.until((x, ended) => ended);
      const final = text.slice(text.lastIndexOf('HTTP/1.1 '));
      assert.match(final, /^HTTP\/1\.1 201/, text);
      assert.match(final, /\r\nconnection: close\r\n/i, 'the answer tells the client the connection ends');
      created = JSON.parse(final.slice(final.indexOf('\r\n\r\n') + 4));
      assert.equal(created.national_id, nid);
      assert.equal(created.given_name, 'Måret');
      c.sock.destroy();
    } finally {
      await h.stop(); // exits 0 without sanitizer findings
    }
    assert.match(h.stderr, /event=stopped/);

    const h2 = (await startServer({ database: d })).as(h.token);
    try {
      const r = await h2.api('GET', `/api/v1/persons/${created.id}`);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body.national_id, created.national_id);
      assert.equal(r.body.family_name, 'Ánde');
      assert.equal(r.body.version, 1);
      const all = await h2.api('GET', '/api/v1/persons');
      assert.deepEqual(all.body.items.map((p) => p.id), [created.id]);
    } finally {
      await h2.stop();
    }
  } finally {
    rmSync(d.dir, { recursive: true, force: true });
  }
});

test('SIGTERM with nothing in flight stops at once and cleanly', async () => {
  const h = await startServer();
  assert.equal((await h.api('GET', '/healthz', { token: null })).status, 200);
  await h.stop();
  // in_flight counts requests whose completion libmicrohttpd has not reported
  // yet; the client may already hold the answer, so 0 or 1 are both right here
  assert.match(h.stderr, /event=stopping signal=15 in_flight=[01]\b/);
  assert.match(h.stderr, /event=stopped/);
});

test('SIGINT stops the server cleanly too', async () => {
  const h = await startServer();
  assert.equal((await h.api('GET', '/api/v1/me')).status, 200);
  h.child.kill('SIGINT');
  await h.stop();
  assert.match(h.stderr, /event=stopping signal=2 /);
});

test('the access log has one line per request, with ids and no personal data', async () => {
  const h = await startServerAsStaff();
  try {
    const nid = syntheticNid(123);
    const r = await h.api('POST', '/api/v1/persons', { body: { national_id: nid, given_name: 'Hemmelig', family_name: 'Navnesen' } });
    assert.equal(r.status, 201);
    const rid = r.headers.get('x-request-id');
    await eventually(() => h.stderr.includes(`req=${rid}`), 'the access log line');
    const line = h.stderr.split('\n').find((l) => l.includes(`req=${rid}`));
    assert.match(line, /method=POST route="\/api\/v1\/persons" status=201 /);
    assert.match(line, /account=\d+ tenant=\d+/);
    assert.ok(!h.stderr.includes(nid), 'no national ID number in the log');
    assert.ok(!h.stderr.includes('Hemmelig') && !h.stderr.includes('Navnesen'), 'no names in the log');
  } finally {
    await h.stop();
  }
});

// Headers beyond the per-connection memory limit (32 KiB) are refused by
// libmicrohttpd itself, before Helhet sees the request: the status is 431 but the
// body is libmicrohttpd's own HTML (docs/ARCHITECTURE.md, "Limits").
test('headers over the memory limit are refused with 431 and the server lives on', async () => {
  const h = await startServer();
  try {
    const r = await h.api('GET', '/api/v1/me', { headers: { 'X-Big': 'x'.repeat(40000) } });
    assert.equal(r.status, 431);
    assert.equal((await h.api('GET', '/healthz', { token: null })).status, 200, 'the server lives on');
    assert.equal((await h.api('GET', '/api/v1/me')).status, 200);
  } finally {
    await h.stop();
  }
});
