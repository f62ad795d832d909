// whose.test.mjs - whose plan or case it is, in the browser (issue 12 point 2):
// the NAV caseworker's "Mine saker" names the person on every plan row (she
// cannot read the person record, and gets no link to it), the coordinator's
// list tells plans of the same title apart by name and birth date, the plan
// header names whose plan it is, a person search shows the real number of
// hits, each hit's birth date and the address it was found by with its
// period, a search with no hits says what else to try, and the national ID
// number is shown as "DDMMYY NNNNN". axe-core on each new state.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, words } from './harness.mjs';

const nb = words('nb');
const W = nb.staff.whose;
let app;
const get = (user, path) => app.as(user).get(path);

// "22. januar 1992", as the page writes a date in bokmål (i18n.js formatDate).
const date = (iso) => new Intl.DateTimeFormat('nb-NO', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${iso}T12:00:00Z`));
const personCell = (row) => row.locator(`td[data-label="${nb.staff.col.person}"]`);

before(async () => {
  app = await startApp();
});

after(async () => {
  await app.stop();
});

test('the NAV caseworker\'s Mine saker names the person on every plan, and the plan header names her', async () => {
  const page = await app.page();
  await app.login(page, 'nav');
  await page.locator('table.my-plans').waitFor();
  const w = await get('nav', '/api/v1/worklist');
  assert.ok(w.plans.length >= 2, `the NAV caseworker has plans (${w.plans.length})`);
  const rows = page.locator('table.my-plans tbody tr');
  assert.equal(await rows.count(), w.plans.length);
  for (let i = 0; i < w.plans.length; i++) {
    const p = w.plans[i];
    assert.ok(p.person_name, `plan ${p.id} names the person in the API`);
    const text = (await personCell(rows.nth(i)).textContent()).trim();
    assert.equal(text, `${p.person_name} ${W.born.replace('{date}', date(p.person_birth_date))}`, `row ${i + 1}`);
  }
  // her dates and measures name the person too; no link to a record she cannot read
  const due = page.locator('table.due tbody tr');
  for (let i = 0; i < w.due.length; i++) assert.ok((await personCell(due.nth(i)).textContent()).trim(), `due row ${i + 1}`);
  assert.equal(await page.locator('main a[href^="/app/persons/"]').count(), 0);
  // the plans she may see, below the worklist, name the person as well
  await page.locator('.plan-list li').first().waitFor();
  const list = await get('nav', '/api/v1/plans?limit=50');
  const cards = await page.locator('.plan-list li').allTextContents();
  assert.equal(cards.length, list.items.length);
  list.items.forEach((p, i) => assert.ok(p.person_name && cards[i].includes(`${p.person_name} ${W.born.replace('{date}', date(p.person_birth_date))}`), cards[i]));
  await app.axe(page, 'worklist naming the person, NAV');
  await app.shot(page, 'whose-worklist-nav');
  // the plan header
  const first = w.plans[0];
  await page.goto(`/app/plans/${first.id}`);
  const fact = page.locator('dl.plan-facts div', { has: page.locator('dt', { hasText: W.plan_for }) });
  await fact.waitFor();
  assert.equal((await fact.locator('dd').textContent()).trim(), first.person_name);
  await app.axe(page, 'plan header naming the person, NAV');
  assert.deepEqual(page.errors, []);
});

test('the coordinator\'s list tells plans of the same title apart', async () => {
  const page = await app.page();
  await app.login(page, 'koordinator');
  await page.locator('table.my-plans').waitFor();
  const w = await get('koordinator', '/api/v1/worklist');
  const byTitle = new Map();
  for (const p of w.plans) byTitle.set(p.title, [...(byTitle.get(p.title) || []), p]);
  const same = [...byTitle.values()].filter((ps) => ps.length > 1);
  assert.ok(same.length, 'the demo gives Ola plans of the same title');
  const rows = page.locator('table.my-plans tbody tr');
  for (const ps of same) {
    const cells = [];
    for (const p of ps) {
      const row = rows.filter({ has: page.locator(`a[href="/app/plans/${p.id}"]`) });
      const cell = (await personCell(row).textContent()).trim();
      assert.ok(cell.startsWith(p.person_name), `${p.id}: ${cell}`);
      assert.ok(cell.includes(date(p.person_birth_date)), `${p.id}: ${cell}`);
      // the coordinator reads persons: the name links to her overview
      assert.equal(await personCell(row).locator('a').getAttribute('href'), `/app/persons/${p.person_id}`);
      cells.push(cell);
    }
    assert.equal(new Set(cells).size, cells.length, `"${ps[0].title}": ${cells.join(' | ')}`);
  }
  await app.axe(page, 'worklist telling plans apart, coordinator');
  await app.shot(page, 'whose-worklist-coordinator');
  assert.deepEqual(page.errors, []);
});

test('a search shows the real number of hits, birth dates and the address found; no hits says what else to try', async () => {
  const page = await app.page();
  await app.login(page, 'ke');
  // a family name with more hits than a page holds (20), and one of its
  // persons with an address
  let api = null;
  let person = null;
  for (const p of (await get('ke', '/api/v1/persons?limit=50')).items) {
    const r = await get('ke', `/api/v1/persons?q=${encodeURIComponent(p.family_name)}&limit=20`);
    if (r.total > r.items.length && (await get('ke', `/api/v1/persons/${p.id}`)).addresses.length) {
      [api, person] = [r, p];
      break;
    }
  }
  assert.ok(api, 'the demo has a family name with more than 20 persons');
  const family = person.family_name;
  await page.goto(`/app/persons?q=${encodeURIComponent(family)}`);
  await page.locator('.results li').first().waitFor();
  const count = (await page.locator('p.count').textContent()).trim();
  assert.equal(count, W.hits_shown.replace('{count}', api.total).replace('{shown}', api.items.length));
  const items = await page.locator('.results li').allTextContents();
  assert.equal(items.length, api.items.length);
  api.items.forEach((p, i) => assert.ok(items[i].includes(W.born.replace('{date}', date(p.birth_date))), items[i]));
  await app.axe(page, 'search: the real count and birth dates');
  // one hit: "1 treff"; the national ID number shown with its space
  await page.goto(`/app/persons?q=${person.national_id}`);
  await page.locator('.results li').first().waitFor();
  assert.equal((await page.locator('p.count').textContent()).trim(), W.hits_one);
  await page.locator('.results a').first().click();
  const nid = page.locator('dl.person-facts div', { has: page.locator('dt', { hasText: nb.staff.national_id }) }).locator('dd');
  await nid.waitFor();
  assert.equal((await nid.textContent()).trim(), `${person.national_id.slice(0, 6)} ${person.national_id.slice(6)}`);
  // found by a street: the address with its period
  const full = await get('ke', `/api/v1/persons/${person.id}`);
  const address = full.addresses[0];
  assert.ok(address, 'the person has an address');
  await page.goto(`/app/persons?q=${encodeURIComponent(address.street)}`);
  await page.locator('.results li').first().waitFor();
  const hit = page.locator('.results li', { has: page.locator(`a[href="/app/persons/${person.id}"]`) });
  const text = await hit.locator('.matched').textContent();
  assert.ok(text.startsWith(W.matched), text);
  assert.ok(text.includes(address.street), text);
  if (address.valid_from) assert.ok(text.includes(date(address.valid_from)), text);
  await app.axe(page, 'search by address: the address and its period');
  await app.shot(page, 'whose-search-address');
  // no hits: what else to try
  await page.goto(`/app/persons?q=${encodeURIComponent('Zzzqqq finnes ikke')}`);
  await page.locator('p.count', { hasText: W.try }).waitFor();
  assert.equal((await page.locator('p.count').textContent()).trim(), `${W.no_hits.replace('{q}', 'Zzzqqq finnes ikke')} ${W.try}`);
  await app.axe(page, 'search with no hits');
  assert.deepEqual(page.errors, []);
});
