// staff.test.mjs - the staff's navigation on the demo municipality: the
// coordinator's "Mine saker" worklist (her plans and the dates due, as GET
// /worklist answers them), the main menu, searching for a person by name,
// national ID number and address, the person overview (cases with contact
// person, plan, next of kin, GP), a case, the coordinating unit's overview
// (numbers as GET /statistics and GET /plans give them), and the NAV
// caseworker, who sees only what consent allows. axe-core on every page and
// state, keyboard-only paths, 320 px reflow; screenshots in build/e2e-artifacts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, words, tabTo, assertFocusVisible } from './harness.mjs';
import { olaWorklist, olaPerson, navHiddenPlans } from './situations.mjs';

const nb = words('nb');
let app;

// The API as a demo user (app.as: a Bearer token made with the CLI).
const api = (user, path) => app.as(user).api('GET', path);

async function get(user, path) {
  const r = await api(user, path);
  assert.equal(r.status, 200, `${user} GET ${path}: ${JSON.stringify(r.body)}`);
  return r.body;
}
// for the finders of situations.mjs
const demo = { get, status: async (user, path) => (await api(user, path)).status };

const rows = (page, cls) => page.locator(`table.${cls} tbody tr`);
const hrefs = (page, selector) => page.locator(selector).evaluateAll((as) => as.map((a) => a.getAttribute('href')));

async function noSidewaysScroll(page, what) {
  const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  assert.ok(scroll <= client, `${what}: ${scroll} > ${client}`);
}

before(async () => {
  app = await startApp();
});

after(async () => {
  await app.stop();
});

let page;
let person;

test('the coordinator\'s worklist: her plans, her cases and the dates due, as the API answers them', async () => {
  page = await app.page();
  await app.login(page, 'koordinator');
  await page.locator('table.my-plans').waitFor();
  const w = await olaWorklist(demo);
  assert.ok(w, 'the demo gives Ola plans and dates due');
  assert.equal(await rows(page, 'my-plans').count(), w.plans.length);
  assert.deepEqual(await hrefs(page, 'table.my-plans tbody th a'), w.plans.map((p) => `/app/plans/${p.id}`));
  assert.equal(await rows(page, 'due').count(), w.due.length);
  assert.equal(await page.locator('table.due .badge.overdue').count(), w.due.filter((d) => d.overdue).length);
  assert.equal(await rows(page, 'my-cases').count(), w.cases.length);
  // Kari's plan, coordinated by Ola, with Kari's name linking to her overview
  const kari = page.locator('table.my-plans tbody tr', { has: page.locator('a[href="/app/plans/1"]') });
  assert.match(await kari.textContent(), /Kari Johansen/);
  assert.equal(await kari.locator(`td[data-label="${nb.staff.col.role}"]`).textContent(), nb.staff.relation.coordinator);
  // the main menu: Mine saker (current) and Personer; the overview is not hers
  assert.equal(await page.locator('#user-nav a[aria-current="page"]').textContent(), nb.home.title);
  assert.ok(await page.locator('#menu-persons').isVisible());
  assert.equal(await page.locator('#menu-overview').isVisible(), false);
  await app.axe(page, 'worklist, coordinator');
  await app.shot(page, 'staff-worklist');
  // by keyboard: the first plan with a date due opens
  await page.locator('#main:not([aria-busy])').waitFor();
  await tabTo(page, 'table.due tbody a', 80);
  await assertFocusVisible(page, 'a due plan');
  const href = await page.evaluate(() => document.activeElement.getAttribute('href'));
  await page.keyboard.press('Enter');
  await page.locator('.plan-facts').waitFor();
  assert.equal(new URL(page.url()).pathname, href);
  assert.deepEqual(page.errors, []);
});

test('search for a person by name, national ID number and address; results are links', async () => {
  await page.goto('/app');
  await page.locator('table.my-plans').waitFor();
  await page.locator('#main:not([aria-busy])').waitFor();
  // by keyboard through the main menu
  await tabTo(page, '#menu-persons a');
  await assertFocusVisible(page, 'menu: Personer');
  await page.keyboard.press('Enter');
  const field = page.getByLabel(nb.staff.search_label);
  await field.waitFor();
  await app.axe(page, 'person search, empty');
  // a person of Ola's plans with next of kin, a GP, an address and a case he
  // may see (with a contact person), found through the API
  person = await olaPerson(demo);
  assert.ok(person, 'the demo has such a person');
  const street = person.addresses[0].street;
  for (const q of [`${person.given_name} ${person.family_name}`, person.national_id, street]) {
    await field.focus();
    await field.fill('');
    await page.keyboard.type(q);
    // the new page's results, not the last search's (which stay until it renders)
    await page.evaluate(() => document.querySelectorAll('.results').forEach((r) => r.setAttribute('data-old', '')));
    await page.keyboard.press('Enter');
    await page.locator(`.results:not([data-old]) a[href="/app/persons/${person.id}"]`).waitFor();
    assert.equal(new URL(page.url()).searchParams.get('q'), q);
    const links = await hrefs(page, '.results a');
    assert.ok(links.includes(`/app/persons/${person.id}`), `${q}: ${links}`);
    assert.match(await page.locator('.count').textContent(), /\d+ treff/);
    await app.axe(page, `person search: ${q === person.national_id ? 'national ID' : q}`);
  }
  await app.shot(page, 'staff-search');
  await field.fill('Zzzqqq finnes ikke');
  await field.press('Enter');
  await page.locator('.count', { hasText: nb.staff.whose.no_hits.replace('{q}', 'Zzzqqq finnes ikke') }).waitFor();
  await app.axe(page, 'person search, nothing found');
  assert.deepEqual(page.errors, []);
});

test('the person overview: cases with contact person, the plan, next of kin, GP, addresses', async () => {
  await page.goto(`/app/persons?q=${encodeURIComponent(person.national_id)}`);
  await page.locator('.results a').waitFor();
  await tabTo(page, '.results a');
  await page.keyboard.press('Enter');
  await page.locator('table.services').waitFor();
  assert.equal(await page.locator('h1').textContent(), `${person.given_name} ${person.family_name}`);
  const cases = await get('koordinator', `/api/v1/cases?person_id=${person.id}`);
  const plans = await get('koordinator', `/api/v1/plans?person_id=${person.id}`);
  assert.ok(cases.items.length >= 1 && plans.items.length >= 1);
  assert.equal(await rows(page, 'services').count(), cases.items.length);
  assert.deepEqual(await hrefs(page, 'table.services tbody th a'), cases.items.map((c) => `/app/cases/${c.id}`));
  const withContact = cases.items.findIndex((c) => c.contact_staff_id);
  const contact = await get('koordinator', `/api/v1/staff/${cases.items[withContact].contact_staff_id}`);
  assert.equal(await rows(page, 'services').nth(withContact).locator(`td[data-label="${nb.staff.col.contact}"]`).textContent(), `${contact.given_name} ${contact.family_name}`);
  assert.deepEqual(await hrefs(page, 'table.person-plans tbody th a'), plans.items.map((p) => `/app/plans/${p.id}`));
  assert.equal(await rows(page, 'kin').count(), person.next_of_kin.length);
  assert.ok(person.next_of_kin.length >= 1);
  assert.match(await rows(page, 'kin').first().textContent(), new RegExp(person.next_of_kin[0].name));
  assert.match(await page.locator('.person-facts').textContent(), new RegExp(person.gp_name));
  // the preferred language in words, not as a code
  assert.ok(person.preferred_language, 'the demo person has a preferred language');
  const langName = nb.language[person.preferred_language];
  assert.ok(langName && langName !== person.preferred_language, person.preferred_language);
  assert.match(await page.locator('.person-facts').textContent(), new RegExp(langName, 'i'));
  assert.equal(await rows(page, 'addresses').count(), person.addresses.length);
  await app.axe(page, 'person overview');
  await app.shot(page, 'staff-person');
  // a case, from the overview
  await page.locator('table.services tbody th a').first().click();
  await page.locator('h1', { hasText: cases.items[0].title }).waitFor();
  assert.match(await page.locator('.facts').first().textContent(), new RegExp(`${person.given_name} ${person.family_name}`));
  await app.axe(page, 'case');
  await app.shot(page, 'staff-case');
  // 320 CSS pixels: the tables stack, nothing scrolls sideways
  await page.setViewportSize({ width: 320, height: 640 });
  for (const path of ['/app', `/app/persons/${person.id}`, `/app/persons?q=${encodeURIComponent(person.family_name)}`]) {
    await page.goto(path);
    await page.locator('h1').waitFor();
    await page.locator('table.data, .results li').first().waitFor();
    await noSidewaysScroll(page, path);
    await app.axe(page, `${path} at 320 px`);
  }
  await app.shot(page, 'staff-320px');
  await page.setViewportSize({ width: 1280, height: 900 });
  assert.deepEqual(page.errors, []);
});

test('the coordinating unit\'s overview: the numbers match the API and the data', async () => {
  const ke = await app.page();
  await app.login(ke, 'ke');
  await ke.locator('#menu-overview').waitFor();
  // once "Mine saker" has rendered (and its heading has taken the focus), from the top
  await ke.locator('.worklist').waitFor();
  await ke.locator('#main:not([aria-busy])').waitFor();
  await ke.locator('.skip-link').focus();
  await tabTo(ke, '#menu-overview a');
  await ke.keyboard.press('Enter');
  await ke.locator('table.by-status').waitFor();
  const s = await get('ke', '/api/v1/statistics');
  // by status: each count, and the total, as GET /statistics and as the plans themselves
  let all = [];
  for (let after = ''; ;) {
    const p = await get('ke', `/api/v1/plans?limit=500${after}`);
    all = all.concat(p.items);
    if (!p.next) break;
    after = `&after=${p.next}`;
  }
  const cells = await ke.locator(`table.by-status td[data-label="${nb.staff.col.count}"]`).allTextContents();
  const want = ['draft', 'awaiting_consent', 'active', 'closed'].map((st) => all.filter((p) => p.status === st).length);
  assert.deepEqual(cells.map(Number), [...want, all.length]);
  assert.deepEqual(want, ['draft', 'awaiting_consent', 'active', 'closed'].map((st) => s.plans_by_status[st] || 0));
  const open = all.filter((p) => p.status !== 'closed');
  assert.equal(await rows(ke, 'without-coordinator').count(), open.filter((p) => !p.coordinator_id).length);
  assert.equal(s.open_without_coordinator, open.filter((p) => !p.coordinator_id).length);
  assert.equal(await rows(ke, 'past-revision').count(), s.open_past_revision_date);
  assert.equal(s.open_past_revision_date, open.filter((p) => p.revision_date && p.revision_date < s.today).length);
  // coordinators: the load of each, more than 20 flagged (Ola carries 28 in the demo)
  const load = {};
  for (const p of open) if (p.coordinator_id) load[p.coordinator_id] = (load[p.coordinator_id] || 0) + 1;
  assert.equal(await rows(ke, 'coordinators').count(), Object.keys(load).length);
  const heavy = Object.values(load).filter((n) => n > 20).length;
  assert.ok(heavy >= 1);
  assert.equal(await ke.locator('table.coordinators tr.heavy').count(), heavy);
  assert.match(await ke.locator('table.coordinators tr.heavy').first().textContent(), new RegExp(nb.staff.heavy));
  const unowned = await ke.locator(`table.unowned td[data-label="${nb.staff.col.count}"]`).allTextContents();
  assert.equal(unowned.map(Number).reduce((a, b) => a + b, 0), s.measures_without_responsible);
  await app.axe(ke, 'overview');
  await app.shot(ke, 'staff-overview');
  // a status's plans open by keyboard
  const summary = ke.locator('details summary').first();
  await summary.focus();
  await assertFocusVisible(ke, 'details summary');
  await ke.keyboard.press('Enter');
  await ke.locator('details[open] li').first().waitFor();
  const first = ['draft', 'awaiting_consent', 'active', 'closed'].find((st) => s.plans_by_status[st]);
  assert.equal(await ke.locator('details[open] li').count(), s.plans_by_status[first]);
  await app.axe(ke, 'overview, a status opened');
  assert.deepEqual(ke.errors, []);
});

test('the NAV caseworker sees only what consent allows: no plan without it, no persons', async () => {
  const nav = await app.page();
  await app.login(nav, 'nav');
  await nav.locator('table.my-plans').waitFor();
  const w = await get('nav', '/api/v1/worklist');
  assert.deepEqual(await hrefs(nav, 'table.my-plans tbody th a'), w.plans.map((p) => `/app/plans/${p.id}`));
  assert.equal(await nav.locator('table.my-plans a[href^="/app/persons/"]').count(), 0, 'no person links for an external partner');
  assert.equal(await nav.locator('#menu-persons').isVisible(), false);
  assert.equal(await nav.locator('#menu-overview').isVisible(), false);
  // a plan of Ola's where NAV takes part without a consent: nowhere on the page
  const hidden = await navHiddenPlans(demo);
  assert.ok(hidden, 'the demo has a plan with NAV in the group and no consent');
  const linked = await hrefs(nav, 'main a');
  for (const id of hidden) assert.ok(!linked.includes(`/app/plans/${id}`), `plan ${id} is not shown`);
  // every plan the worklist links to is one NAV may read, and its measures are NAV's by consent
  for (const id of new Set(linked.filter((l) => /^\/app\/plans\/\d+$/.test(l)))) {
    assert.equal((await api('nav', `/api/v1${id.slice(4)}`)).status, 200, id);
  }
  for (const m of w.measures) assert.equal((await api('nav', `/api/v1/plans/${m.plan_id}/measures`)).status, 200);
  await app.axe(nav, 'worklist, NAV');
  await app.shot(nav, 'staff-worklist-nav');
  // the hidden plan, asked for directly, does not exist for her; persons are refused
  await nav.goto(`/app/plans/${hidden[0]}`);
  await nav.locator('main p').first().waitFor();
  await nav.locator('main', { hasText: nb.plan.not_found }).waitFor();
  await app.axe(nav, 'hidden plan, NAV');
  await nav.goto('/app/persons?q=Kari');
  await nav.locator('.count', { hasText: nb.error.forbidden }).waitFor();
  await app.axe(nav, 'person search, NAV');
  assert.deepEqual(nav.errors, []);
});
