// abuse.test.mjs - the server stays reachable under abuse, and refuses request
// heads that a proxy and the server could frame differently
// (docs/security.md, "Abuse and shutdown").
//
// Slow clients bind source addresses 127.0.0.2 and up (all of 127.0.0.0/8 is
// the loopback interface on Linux), so the per-address limit tells them apart
// from the normal client on 127.0.0.1. The assertions are about answers and
// closed connections, never about how fast they come; the waits are bounded
// generously.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, makeDatabase, cli, freePort } from './harness.mjs';

// Polls `cond` every 50 ms, at most `ms`.
async function until(cond, ms, what) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return;
    await sleep(50);
  }
  assert.fail(`never happened within ${ms} ms: ${what}`);
}

// A server with its metrics on a separate loopback port; h.metric(name,
// labels) reads one sample.
async function startWithMetrics(args) {
  const port = await freePort();
  const h = await startServer({ args: [...args, '--metrics-listen', `127.0.0.1:${port}`] });
  h.metric = async (name, labels = '') => {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ''} `));
    assert.ok(line, `no ${name} in the metrics:\n${text}`);
    return Number(line.slice(line.lastIndexOf(' ') + 1));
  };
  return h;
}

// One GET from 127.0.0.1 on a fresh connection; resolves {status, text}.
function normalGet(h, path, token) {
  const { hostname, port } = new URL(h.url);
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: hostname, port: Number(port), path, method: 'GET', agent: false,
      localAddress: '127.0.0.1', headers: token ? { Authorization: `Bearer ${token}` } : {},
      timeout: 60000,
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { text += c; });
      res.on('end', () => resolve({ status: res.statusCode, text }));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer to GET ${path}`)));
    req.on('error', reject);
    req.end();
  });
}

// Opens `n` connections, spread over `addresses` source addresses, each
// sending `first` and then one more byte every `dripMs`. Returns the sockets'
// states and a stop function.
async function slowClients(h, { n, addresses, first, dripMs = 500 }) {
  const { hostname, port } = new URL(h.url);
  const conns = [];
  const opening = [];
  for (let i = 0; i < n; i++) {
    const localAddress = `127.0.0.${2 + (i % addresses)}`;
    const c = { closed: false, data: '' };
    c.sock = net.connect({ host: hostname, port: Number(port), localAddress });
    c.sock.on('data', (d) => { c.data += d; });
    c.sock.on('error', () => {});
    c.sock.on('close', () => { c.closed = true; });
    opening.push(new Promise((resolve) => {
      // a server that no longer accepts leaves the connection pending: give up
      const timer = setTimeout(() => { c.sock.destroy(); resolve(); }, 30000);
      c.sock.once('connect', () => { clearTimeout(timer); c.sock.write(first, () => {}); resolve(); });
      c.sock.once('close', () => { clearTimeout(timer); resolve(); });
    }));
    conns.push(c);
    if (opening.length >= 100) await Promise.all(opening.splice(0));
  }
  await Promise.all(opening);
  const drip = setInterval(() => {
    for (const c of conns) if (!c.closed && c.sock.writable) c.sock.write('a', () => {});
  }, dripMs);
  return {
    conns,
    open: () => conns.filter((c) => !c.closed).length,
    closed: () => conns.filter((c) => c.closed).length,
    stop: () => { clearInterval(drip); for (const c of conns) c.sock.destroy(); },
  };
}

const SLOW_HEAD = 'GET /api/v1/me HTTP/1.1\r\nHost: x\r\nX-Slow: ';
const SLOW_BODY = 'POST /api/v1/organisations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
  'Content-Length: 100000\r\n\r\n{"name":"';

test('2 000 slow connections from many addresses: the normal client keeps getting answers', { timeout: 600000 }, async () => {
  // deadlines long enough that the slow clients are all held while the
  // normal client asks; --drain-seconds 1 so the stop does not wait for them
  const h = await startServer({ args: ['--header-timeout', '600', '--body-timeout', '600', '--drain-seconds', '1'] });
  let slow;
  try {
    // 40 addresses x 50: each under the per-address limit (default 256)
    slow = await slowClients(h, { n: 2000, addresses: 40, first: SLOW_HEAD });
    const bodies = await slowClients(h, { n: 200, addresses: 40, first: SLOW_BODY });
    try {
      for (let i = 0; i < 10; i++) {
        const a = await normalGet(h, '/healthz');
        assert.equal(a.status, 200, a.text);
        const b = await normalGet(h, '/api/v1/me', h.token);
        assert.equal(b.status, 200, b.text);
      }
      // the slow clients were held all along, none answered
      assert.equal(slow.open(), 2000, 'the server holds every slow connection');
      assert.equal(bodies.open(), 200, 'and every slow body');
      assert.ok(slow.conns.every((c) => c.data === ''), 'no slow client got an answer');
    } finally {
      bodies.stop();
    }
  } finally {
    if (slow) slow.stop();
    await h.stop();
  }
});

test('connections from one address beyond the limit are refused; other addresses are served', { timeout: 600000 }, async () => {
  const h = await startServer({ args: ['--per-address-connections', '64', '--header-timeout', '600', '--drain-seconds', '1'] });
  let slow;
  try {
    // 2 000 connections from 4 addresses: at most 4 x 64 are kept
    slow = await slowClients(h, { n: 2000, addresses: 4, first: SLOW_HEAD });
    await until(() => slow.closed() >= 2000 - 4 * 64, 120000, 'the connections over the limit are closed');
    for (let i = 0; i < 10; i++) {
      const a = await normalGet(h, '/api/v1/me', h.token);
      assert.equal(a.status, 200, a.text);
    }
    assert.ok(slow.open() <= 4 * 64, `${slow.open()} slow connections kept`);
    assert.ok(slow.open() > 0, 'connections under the limit are kept');
  } finally {
    if (slow) slow.stop();
    await h.stop();
  }
});

test('more slow clients than connections: the longest waiting make room, the normal client is served', { timeout: 600000 }, async () => {
  // 1 000 slow heads from 40 addresses (25 each, under the per-address limit)
  // against room for 300: without room made, the normal client would wait in
  // the listen backlog for ever
  const h = await startWithMetrics(['--max-connections', '300', '--header-timeout', '600', '--drain-seconds', '1']);
  let slow;
  try {
    slow = await slowClients(h, { n: 1000, addresses: 40, first: SLOW_HEAD });
    for (let i = 0; i < 10; i++) {
      const a = await normalGet(h, '/api/v1/me', h.token);
      assert.equal(a.status, 200, a.text);
    }
    await until(() => slow.closed() >= 1000 - 300, 120000, 'the slow connections beyond the room are closed');
    assert.ok(slow.conns.every((c) => c.data === ''), 'no slow client got an answer');
    await until(() => /event=deadline_cut connections=\d+ evicted=[1-9]/.test(h.stderr), 30000, 'the evictions are logged');
    assert.ok(await h.metric('helhet_http_connections_closed_total', 'reason="room"') >= 1000 - 300);
    assert.ok(await h.metric('helhet_http_connections_open') <= 300);
  } finally {
    if (slow) slow.stop();
    await h.stop();
  }
});

test('a head or a body trickled a byte at a time is cut at its deadline, not kept alive by the bytes', { timeout: 600000 }, async () => {
  // the bytes come every 200 ms, far inside the idle time-out (30 s): only a
  // total deadline ends these connections
  const h = await startWithMetrics(['--header-timeout', '2', '--body-timeout', '2', '--drain-seconds', '1']);
  let heads, bodies;
  try {
    heads = await slowClients(h, { n: 300, addresses: 10, first: SLOW_HEAD, dripMs: 200 });
    bodies = await slowClients(h, { n: 100, addresses: 10, first: SLOW_BODY.replace('/api/v1/organisations', '/healthz'), dripMs: 200 });
    await until(() => heads.closed() === 300 && bodies.closed() === 100, 120000,
      'every trickling connection is cut by the server');
    assert.ok(heads.conns.every((c) => c.data === ''), 'no slow head was answered');
    assert.ok(bodies.conns.every((c) => !/^HTTP\/1\.1 [2-4]/.test(c.data)), 'no slow body was answered');
    await until(() => /event=deadline_cut connections=[1-9]\d* evicted=\d+/.test(h.stderr), 30000, 'the cuts are logged');
    assert.equal(await h.metric('helhet_http_connections_closed_total', 'reason="deadline"'), 400);
    const a = await normalGet(h, '/healthz');
    assert.equal(a.status, 200);
  } finally {
    if (heads) heads.stop();
    if (bodies) bodies.stop();
    await h.stop();
  }
});

// Sends raw bytes on a fresh connection; resolves {data, closed} once the
// server has closed the connection, or after `ms` (closed: false).
function raw(h, bytes, ms = 3000) {
  const { hostname, port } = new URL(h.url);
  return new Promise((resolve) => {
    const s = net.connect(Number(port), hostname);
    let data = '';
    const timer = setTimeout(() => { s.destroy(); resolve({ data, closed: false }); }, ms);
    s.on('data', (d) => { data += d; });
    s.on('error', () => {});
    s.on('close', () => { clearTimeout(timer); resolve({ data, closed: true }); });
    s.write(bytes);
  });
}

// The second request that a differently framing parser would see.
const SMUGGLED = 'GET /api/v1/me HTTP/1.1\r\nHost: x\r\n\r\n';

const REFUSED = {
  'two Content-Length headers': `POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nContent-Length: ${SMUGGLED.length}\r\n\r\n${SMUGGLED}`,
  'two equal Content-Length headers': 'POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc',
  'Content-Length with Transfer-Encoding': `POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n${SMUGGLED}`,
  'Transfer-Encoding with Content-Length': `POST /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n${SMUGGLED}`,
  'a Transfer-Encoding other than chunked': 'POST /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n',
  'whitespace before a colon': 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Foo : bar\r\n\r\n',
  'whitespace before the colon of Content-Length': `POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length : ${SMUGGLED.length}\r\n\r\n${SMUGGLED}`,
  'a tab before a colon': 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Foo\t: bar\r\n\r\n',
  'bare LF line ends': 'GET /healthz HTTP/1.1\nHost: x\n\n',
  'a bare LF between headers': 'GET /healthz HTTP/1.1\r\nHost: x\nX-Foo: bar\r\n\r\n',
  'a bare LF after the request line': 'GET /healthz HTTP/1.1\nHost: x\r\n\r\n',
  'a bare LF ending the head': 'GET /healthz HTTP/1.1\r\nHost: x\r\n\n',
  'a bare CR in a header': 'GET /healthz HTTP/1.1\r\nHost: x\rX-Foo: bar\r\n\r\n',
  'a folded header line': 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Foo: bar\r\n baz\r\n\r\n',
  'a NUL in a header': 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Foo: a\0b\r\n\r\n',
  'two Host headers': 'GET /healthz HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n',
};

for (const [name, bytes] of Object.entries(REFUSED)) {
  test(`refused with 400 and the connection closed: ${name}`, async () => {
    const h = await startWithMetrics([]);
    try {
      const r = await raw(h, bytes);
      assert.ok(r.closed, `the server closes the connection:\n${r.data}`);
      const answers = r.data.match(/HTTP\/1\.1 \d{3}/g) || [];
      assert.deepEqual(answers, ['HTTP/1.1 400'], r.data);
      assert.match(r.data, /"code":"malformed_request"/);
      assert.equal(await h.metric('helhet_http_malformed_requests_total'), 1);
      // and the server lives on
      assert.equal((await h.api('GET', '/healthz', { token: null })).status, 200);
    } finally {
      await h.stop();
    }
  });
}

test('well-formed heads that look unusual are served', async () => {
  const h = await startServer();
  try {
    const cases = {
      'trailing whitespace in values': ['GET /healthz HTTP/1.1\r\nHost: x  \r\nX-Foo: bar \t\r\n\r\n', ['200']],
      'no space after the colon': ['GET /healthz HTTP/1.1\r\nHost:x\r\nX-Foo:bar\r\n\r\n', ['200']],
      'empty values': ['GET /healthz HTTP/1.1\r\nHost: x\r\nX-Foo:\r\nX-Bar: \r\n\r\n', ['200']],
      'an empty line before the request': ['\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n', ['200']],
      'two requests pipelined': ['GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n', ['200', '200']],
      'a body, then the next request': ['POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabcGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n', ['405', '200']],
      'a chunked body': ['POST /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n', ['405', '200']],
      'UTF-8 in a value': ['GET /healthz HTTP/1.1\r\nHost: x\r\nX-Name: Åse Ærø\r\n\r\n', ['200']],
    };
    for (const [name, [bytes, want]] of Object.entries(cases)) {
      const r = await raw(h, bytes, 1500);
      const got = (r.data.match(/HTTP\/1\.1 (\d{3})/g) || []).map((x) => x.slice(9));
      assert.deepEqual(got, want, `${name}:\n${r.data}`);
    }
  } finally {
    await h.stop();
  }
});

test('body bytes never reach the server log, in good requests or refused ones', async () => {
  const h = await startServer();
  try {
    const MARK = 'BODYMARKER7f3a';
    // a good request with the marker in its body
    const ok = await h.api('POST', '/api/v1/organisations', { body: { name: `${MARK} enhet`, kind: 'unit' } });
    assert.ok(ok.status < 500, ok.text);
    // bodies that a confused parser would read as requests
    await raw(h, `POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 40\r\n\r\n${MARK} /${MARK} HTTP/1.1\r\nHost: x\r\n\r\n`);
    await raw(h, `POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length : 9\r\n\r\n${MARK} /${MARK} HTTP/1.1\r\nHost: x\r\n\r\n`);
    // a refused body (too large for a JSON field, wrong type) and a body after which
    // the client sends garbage where the next request should be
    await h.api('POST', '/api/v1/persons', { body: `{"given_name": "${MARK}", "national_id": 12` });
    await raw(h, `POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nabcde${MARK} /${MARK} HTTP/1.1\r\nHost: x\r\n\r\n`, 1500);
    await raw(h, `${MARK}\r\n\r\n`, 1500);
    // the requests above were logged (their lines are there) ...
    await until(() => (h.stderr.match(/ route="-" status=/g) || []).length >= 2, 30000, 'the access log lines');
    assert.match(h.stderr, /method=other route="-"/);
    // ... and the marker is in none of the server's output
    assert.ok(!h.stderr.includes(MARK), h.stderr.split('\n').filter((l) => l.includes(MARK)).join('\n'));
  } finally {
    await h.stop();
  }
});

test('the limits come from flags, HELHET_* variables and the config file; bad values are refused', async () => {
  const d = makeDatabase();
  try {
    const serve = (args, env) => cli(['serve', '--db', d.db, '--listen', '127.0.0.1:0', ...args], { env });
    for (const [flag, bad] of [['--header-timeout', '0'], ['--body-timeout', 'x'], ['--max-connections', '3'],
      ['--per-address-connections', '-1'], ['--drain-seconds', '99999']]) {
      const r = serve([flag, bad]);
      assert.equal(r.status, 2, `${flag} ${bad}: ${r.stderr}`);
      assert.match(r.stderr, new RegExp(`${flag} must be a whole number from`));
    }
    const env = serve([], { HELHET_PER_ADDRESS_CONNECTIONS: 'many' });
    assert.equal(env.status, 2, env.stderr);
    assert.match(env.stderr, /--per-address-connections must be/);
    const conf = join(d.dir, 'helhet.conf');
    writeFileSync(conf, 'body_timeout = 0\n');
    const file = serve(['--config', conf]);
    assert.equal(file.status, 2, file.stderr);
    assert.match(file.stderr, /--body-timeout must be/);

    // and good ones apply: the head's deadline from the config file, the
    // body's from the environment
    writeFileSync(conf, 'header_timeout = 1\n');
    const saved = process.env.HELHET_BODY_TIMEOUT;
    process.env.HELHET_BODY_TIMEOUT = '1';
    let h;
    try {
      h = await startServer({ database: d, args: ['--config', conf] });
    } finally {
      if (saved === undefined) delete process.env.HELHET_BODY_TIMEOUT; else process.env.HELHET_BODY_TIMEOUT = saved;
    }
    let heads, bodies;
    try {
      heads = await slowClients(h, { n: 5, addresses: 1, first: SLOW_HEAD, dripMs: 200 });
      bodies = await slowClients(h, { n: 5, addresses: 1, first: SLOW_BODY.replace('/api/v1/organisations', '/healthz'), dripMs: 200 });
      await until(() => heads.closed() === 5 && bodies.closed() === 5, 60000, 'both deadlines apply');
    } finally {
      if (heads) heads.stop();
      if (bodies) bodies.stop();
      await h.stop({ keep: true });
    }
  } finally {
    rmSync(d.dir, { recursive: true, force: true });
  }
});
