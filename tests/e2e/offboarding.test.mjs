// offboarding.test.mjs - the coordinating unit's overview after someone left
// (docs/security.md "Off-boarding"): on the demo municipality, before Ola (the
// demo's `koordinator`) is deactivated the overview's section "Koordinator
// eller kontaktperson har sluttet" lists nothing; after `helhet user
// deactivate --user koordinator` it lists exactly the open plans GET
// /statistics flags, each naming Ola, and the page passes axe-core.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, words } from './harness.mjs';
import { cli } from '../api/harness.mjs';

const nb = words('nb');
let app;

before(async () => {
  app = await startApp();
});

after(async () => {
  await app.stop();
});

test('the overview shows the plans whose coordinator left', async () => {
  const r = cli(['token', 'create', '--db', app.db, '--user', 'ke']);
  assert.equal(r.status, 0, r.stderr);
  const stats = async () => (await fetch(`${app.url}/api/v1/statistics`, { headers: { Authorization: `Bearer ${r.stdout.trim()}` } })).json();
  const page = await app.page();
  await app.login(page, 'ke');
  await page.goto('/app/overview');
  await page.locator('#left-heading').waitFor();
  assert.equal(await page.locator('#left-heading').textContent(), `${nb.staff.left} (0)`);
  assert.equal(await page.locator('#left .empty').textContent(), nb.staff.none);

  const off = cli(['user', 'deactivate', '--db', app.db, '--user', 'koordinator']);
  assert.equal(off.status, 0, off.stderr);
  const s = await stats();
  const flagged = s.plans.coordinator_left;
  assert.ok(flagged.length > 0, 'Ola coordinates open plans in the demo');
  assert.equal(flagged.length, s.open_coordinator_left);
  await page.reload();
  await page.locator('table.coordinator-left').waitFor();
  assert.equal(await page.locator('#left-heading').textContent(), `${nb.staff.left} (${s.open_coordinator_left + s.open_cases_contact_left})`);
  const rows = page.locator('table.coordinator-left tbody tr');
  assert.equal(await rows.count(), flagged.length);
  // each row links the plan (and, since issue 12 point 2, the person whose it is)
  const hrefs = await page.locator('table.coordinator-left tbody a[href^="/app/plans/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.deepEqual(hrefs, flagged.map((p) => `/app/plans/${p.id}`));
  assert.match(await rows.first().textContent(), /Ola Haugland/);
  assert.equal(await page.locator('#left .empty').count(), 0);
  await app.axe(page, 'overview, coordinator left');
  await app.shot(page, 'overview-coordinator-left');
  assert.deepEqual(page.errors, []);
});
