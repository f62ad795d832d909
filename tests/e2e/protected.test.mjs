// protected.test.mjs - protected persons (R16) in the web application, on the
// demo municipality: the coordinating unit (ke, Kine) opens a strictly
// confidential person she is not named for and reads that the address is
// protected, with no street on the page; then a confidential person she is
// named for, whose addresses she sees with the reminder not to share them.
// In Norwegian bokmål, nynorsk and English; axe-core on each page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, words } from './harness.mjs';
import { cli } from '../api/harness.mjs';

let app;
let token;
async function get(path) {
  const res = await fetch(`${app.url}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(res.status, 200, path);
  return res.json();
}

before(async () => {
  app = await startApp();
  const r = cli(['token', 'create', '--db', app.db, '--user', 'ke']);
  assert.equal(r.status, 0, r.stderr);
  token = r.stdout.trim();
});
after(async () => { await app.stop(); });

// The demo's protected persons as Kine sees them (the first pages of the list).
async function protectedPersons() {
  const out = [];
  for (const p of (await get('/api/v1/persons?limit=200')).items) {
    if (p.address_protected) out.push(await get(`/api/v1/persons/${p.id}`));
  }
  return out;
}

test('the person page says the address is protected, and shows it only to the named', async () => {
  const persons = await protectedPersons();
  const hidden = persons.find((p) => p.protection_code === 'strictly_confidential');
  const named = persons.find((p) => p.protection_code === 'confidential' && p.addresses.length && p.addresses[0].street);
  const flagged = persons.find((p) => p.protection_flag === 'municipal');
  assert.ok(hidden && named && flagged, 'the demo has a strictly confidential, a confidential and a flagged person');
  const page = await app.page();
  await app.login(page, 'ke');
  for (const lang of ['nb', 'nn', 'en']) {
    const w = words(lang);
    await page.selectOption('#lang', lang);
    await page.waitForFunction((l) => document.documentElement.lang === l, lang);
    await page.goto(`/app/persons/${hidden.id}`);
    await page.locator('#addresses .protected-address').waitFor();
    const text = await page.locator('#main').textContent();
    assert.ok(text.includes(w.staff.address_protected), `${lang}: ${w.staff.address_protected}`);
    assert.ok(text.includes(w.staff.address_protected_hint));
    assert.ok(text.includes(w.staff.protection_code.strictly_confidential));
    assert.equal(await page.locator('table.addresses').count(), 0, 'no address table');
    await app.axe(page, `protected person, not named (${lang})`);
    if (lang === 'nb') await app.shot(page, 'person-protected');
    await page.goto(`/app/persons/${named.id}`);
    await page.locator('table.addresses').waitFor();
    const seen = await page.locator('#addresses').textContent();
    assert.ok(seen.includes(named.addresses[0].street), 'the named see the street');
    assert.ok(seen.includes(w.staff.address_named_hint));
    await app.axe(page, `protected person, named (${lang})`);
  }
  assert.deepEqual(page.errors, []);
});
