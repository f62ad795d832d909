// throttle_shared.test.mjs - the log-in throttle counted across servers (issue
// 13, point 3): two `helhet serve` processes on the same database share the
// counts (trust/throttle.h, migration 019). Failures through A and through B
// add up to one lockout, a pair locked through A is refused through B, and a
// server started again still holds the lockout. The database holds neither
// the username as typed nor the client address, only keyed tags.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { startServer, makeDatabase, addUser, assertError, freshCode, sql, syntheticNid } from './harness.mjs';

// A long first lockout, so that the attempts (argon2id under the sanitizers,
// on a loaded machine) and a restart all fall inside it.
const LIMITS = ['--login-max-failures', '4', '--login-lockout', '120'];

function attempt(h, body) {
  return h.api('POST', '/api/v1/session', { token: null, body });
}

test('two servers on one database count log-in failures together; a lockout holds on both and across a restart', async () => {
  const d = makeDatabase();
  const servers = [];
  try {
    const a = await startServer({ database: d, args: LIMITS });
    servers.push(a);
    const b = await startServer({ database: d, args: [...LIMITS, '--audit-journal', join(d.dir, 'journal-b')] });
    servers.push(b);
    const u = addUser(d.db, 'ola', { role: 'staff' });
    const wrong = { username: 'ola', password: 'feil-passord-1' };
    // an unknown username (it might be a national ID number typed in the
    // username field) is counted the same way
    const nid = syntheticNid(1);
    const unknown = { username: nid, password: 'feil-passord-1' };

    // four failures, two through each server: one lockout, not two half ones
    for (const [h, body] of [[a, wrong], [b, wrong], [a, unknown], [b, unknown], [b, wrong], [a, unknown], [a, wrong], [b, unknown]])
      assertError(await attempt(h, body), 401, 'login_failed');
    for (const h of [a, b]) {
      for (const body of [wrong, unknown]) {
        const r = await attempt(h, body);
        assertError(r, 429, 'too_many_attempts');
        assert.ok(Number(r.headers.get('retry-after')) > 60, r.headers.get('retry-after'));
      }
    }

    // a pair locked through A alone is refused through B, even with the right
    // password and code
    const other = { username: 'kari', password: 'feil-passord-2' };
    addUser(d.db, 'kari', { role: 'staff' });
    for (let i = 0; i < 4; i++) assertError(await attempt(a, other), 401, 'login_failed');
    assertError(await attempt(b, other), 429, 'too_many_attempts');
    assertError(await attempt(b, { username: 'ola', password: u.password, otp: await freshCode(u.secret) }), 429, 'too_many_attempts');

    // the table holds tags, never the name as typed or the address
    const rows = sql(d.db, 'SELECT kind, tag FROM login_throttle ORDER BY kind, tag');
    assert.ok(rows.length > 0);
    for (const clear of ['ola', 'kari', nid, '127.0.0.1']) assert.ok(!rows.includes(clear), rows);
    assert.ok(rows.split('\n').every((l) => /^[0-2]\|[0-9a-f]{32}$/.test(l)), rows);

    // a server started again keeps the lockout
    await a.stop({ keep: true });
    servers.shift();
    const a2 = await startServer({ database: d, args: LIMITS });
    servers.unshift(a2);
    assertError(await attempt(a2, wrong), 429, 'too_many_attempts');
    assertError(await attempt(a2, other), 429, 'too_many_attempts');
  } finally {
    for (const h of servers) await h.stop();
    rmSync(d.dir, { recursive: true, force: true });
  }
});
