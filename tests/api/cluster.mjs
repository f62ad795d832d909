// cluster.mjs - several `helhet serve` processes on one database, behind a
// real haproxy (Debian's), as a hosting provider runs them (issue 13 point 3).
//
//   const c = await startCluster({ servers: 2 });
//   c.servers[0].api(...)          // one server, directly (harness.mjs's h)
//   c.api('GET', '/api/v1/me')     // through haproxy (round robin)
//   await c.servers[1].counter('helhet_events_delivered_total')   // its /metrics
//   await c.stop();
//
// The servers share the first one's database (made by makeDatabase: on
// PostgreSQL when $HELHET_TEST_PG is set); each has its own port. haproxy
// checks /healthz every 100 ms and takes a server that stops answering out of
// the rotation; a request it could not connect anywhere with is tried again on
// the other server (option redispatch), never one that was sent.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { startServer, makeDatabase, freePort } from './harness.mjs';

export const HAPROXY = process.env.HAPROXY || '/usr/sbin/haproxy';

async function listening(port) {
  for (let i = 0; i < 500; i++) {
    const ok = await new Promise((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => { s.destroy(); resolve(true); });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    await sleep(20);
  }
  throw new Error(`nothing listens on ${port}`);
}

export async function startCluster({ servers = 2, args = [] } = {}) {
  const d = makeDatabase();
  const list = [];
  const ports = [];
  for (let i = 0; i < servers; i++) {
    const port = await freePort();
    const mport = await freePort();
    ports.push(port);
    // each server writes the chain's head to an anchor file of its own
    const anchor = join(d.dir, `anchor-${i}`);
    const h = await startServer({
      database: d,
      args: ['--threads', '2', ...args, '--listen', `127.0.0.1:${port}`, '--metrics-listen', `127.0.0.1:${mport}`],
      env: { HELHET_AUDIT_ANCHOR: anchor },
    });
    h.anchor = anchor;
    // the server's Prometheus counters, by name
    h.counter = async (name) => {
      const text = await (await fetch(`http://127.0.0.1:${mport}/metrics`)).text();
      const m = text.match(new RegExp(`^${name} (\\d+)$`, 'm'));
      return m ? Number(m[1]) : NaN;
    };
    list.push(h);
  }
  const front = await freePort();
  const cfg = join(d.dir, 'haproxy.cfg');
  writeFileSync(cfg, [
    'global',
    '  maxconn 4096',
    'defaults',
    '  mode http',
    '  timeout connect 1s',
    '  timeout client 30s',
    '  timeout server 30s',
    '  retries 3',
    '  option redispatch',
    'frontend helhet',
    `  bind 127.0.0.1:${front}`,
    '  default_backend servers',
    'backend servers',
    '  balance roundrobin',
    '  option httpchk GET /healthz',
    '  http-check expect status 200',
    ...ports.map((p, i) => `  server s${i} 127.0.0.1:${p} check inter 100ms fall 1 rise 2`),
    '',
  ].join('\n'));
  const proxy = spawn(HAPROXY, ['-db', '-f', cfg], { stdio: ['ignore', 'pipe', 'pipe'] });
  let proxyErr = '';
  proxy.stderr.on('data', (c) => { proxyErr += c; });
  await listening(front);
  const url = `http://127.0.0.1:${front}`;
  const c = {
    url, db: d.db, dir: d.dir, token: d.token, servers: list, proxy,
    get proxyStderr() { return proxyErr; },
    async stop() {
      proxy.kill('SIGTERM');
      for (const h of list) if (h.child.exitCode === null && h.child.signalCode === null) await h.stop({ keep: true });
    },
  };
  // A request through haproxy, sent as harness.mjs's api() sends it.
  c.api = async (method, path, opts = {}) => {
    const headers = { ...(opts.headers || {}) };
    const token = opts.token === undefined ? d.token : opts.token;
    if (token) headers.Authorization = `Bearer ${token}`;
    if (opts.cookie) headers.Cookie = opts.cookie;
    let body;
    if (opts.body !== undefined) {
      body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
      if (!('Content-Type' in headers)) headers['Content-Type'] = 'application/json';
    }
    const res = await fetch(url + path, { method, headers, body });
    const text = await res.text();
    let parsed = null;
    try { parsed = text ? JSON.parse(text) : null; } catch { parsed = null; }
    return { status: res.status, headers: res.headers, text, body: parsed };
  };
  return c;
}
