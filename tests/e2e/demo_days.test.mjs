// demo_days.test.mjs - the demo holds every situation the browser tests rely
// on whatever day it is built and served: the demo and the server are run as
// they would be today, in 40 days and in 400 days (HELHET_CLOCK_OFFSET_DAYS
// moves both clocks), and each finder of situations.mjs must find its
// situation. A test that needs a new situation adds its finder there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, cli, newDatabase } from '../api/harness.mjs';
import { SITUATIONS } from './situations.mjs';

for (const days of [0, 40, 400]) {
  test(`the demo built and served ${days} days from today has every situation the tests need`, async () => {
    const env = { HELHET_CLOCK_OFFSET_DAYS: String(days) };
    const dir = mkdtempSync(join(tmpdir(), 'helhet-days-'));
    const db = newDatabase(dir, 'demo');
    const demo = cli(['demo', '--db', db], { env });
    assert.equal(demo.status, 0, demo.stderr);
    // an offset clock is never silent
    if (days) assert.match(demo.stderr, new RegExp(`the clock runs ${days} days from the real date`));
    else assert.doesNotMatch(demo.stderr, /the clock runs/);
    const server = await startServer({ database: { db, dir }, env });
    const tokens = {};
    const ask = async (user, path) => {
      if (!tokens[user]) {
        const r = cli(['token', 'create', '--db', db, '--user', user], { env });
        assert.equal(r.status, 0, r.stderr);
        tokens[user] = r.stdout.trim();
      }
      return server.as(tokens[user]).api('GET', path);
    };
    const api = {
      async get(user, path) {
        const r = await ask(user, path);
        assert.equal(r.status, 200, `${user} GET ${path}: ${r.text}`);
        return r.body;
      },
      status: async (user, path) => (await ask(user, path)).status,
    };
    try {
      // the server's today is the day played (the date in Norway, asked
      // before and after, in case midnight passes in between)
      const day = () => new Date(Date.now() + days * 86400000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Oslo' });
      const before = day();
      const { today } = await api.get('ke', '/api/v1/statistics');
      assert.ok([before, day()].includes(today), `the server's today ${today}, the day played ${before}`);
      const missing = [];
      for (const [name, find] of Object.entries(SITUATIONS)) if (!(await find(api))) missing.push(name);
      assert.deepEqual(missing, [], `situations missing ${days} days from today`);
    } finally {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('a clock offset that is not a whole number of days is refused', () => {
  for (const bad of ['x', '1.5', '40d', '99999']) {
    const r = cli(['demo', '--help'], { env: { HELHET_CLOCK_OFFSET_DAYS: bad } });
    assert.equal(r.status, 2, bad);
    assert.match(r.stderr, /HELHET_CLOCK_OFFSET_DAYS must be a whole number of days/);
  }
});
