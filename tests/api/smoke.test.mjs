// smoke.test.mjs - the server starts, answers /healthz without authentication,
// refuses the API without an actor, and stops cleanly on SIGTERM.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertError } from './harness.mjs';

test('server starts, answers healthz, requires an actor, stops cleanly', async () => {
  const h = await startServer();
  try {
    const r = await h.api('GET', '/healthz', { token: null });
    assert.equal(r.status, 200);
    assert.equal(r.body.status, 'ok');
    assertError(await h.api('GET', '/api/v1/persons', { token: null }), 401, 'unauthenticated');
    assertError(await h.api('GET', '/api/v1/persons', { token: 'hh_forged' }), 401, 'unauthenticated');
    const me = await h.api('GET', '/api/v1/me');
    assert.equal(me.status, 200);
    assert.equal(me.body.username, 'admin');
    assert.equal(me.body.role, 'admin');
  } finally {
    await h.stop();
  }
});
