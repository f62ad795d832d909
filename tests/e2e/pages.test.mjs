// pages.test.mjs - WCAG 2.1 AA on every page of the application, not only on
// the ones the stories pass through: for each page, as the user who works in
// it, at 1280 and at 320 CSS pixels wide (a 1280-pixel window at 400 % zoom,
// WCAG 1.4.10 Reflow), with and without large text:
//   - nothing scrolls sideways;
//   - axe-core finds no violation;
//   - Tab reaches every link, button and field of the main content in turn,
//     and each shows a visible focus ring (WCAG 2.4.7).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, assertFocusVisible } from './harness.mjs';

let app;
const pages = {};

before(async () => {
  app = await startApp();
});

after(async () => {
  for (const p of Object.values(pages)) assert.deepEqual(p.errors, [], 'no script errors in the page');
  await app.stop();
});

async function as(username) {
  if (!pages[username]) {
    pages[username] = await app.page();
    await app.login(pages[username], username);
  }
  return pages[username];
}

// Ids to visit, asked of the API with the page's own session.
const get = (page, path) => page.evaluate(async (p) => (await fetch(p)).json(), path);

// Every page and state: [who, path, what shows it is ready].
async function routes() {
  const sara = await as('koordinator');
  const plan = await get(sara, '/api/v1/plans/1');
  const cases = await get(sara, `/api/v1/cases?person_id=${plan.person_id}`);
  assert.ok(cases.items.length, 'the demo person has a case');
  return [
    ['koordinator', '/app', '.plan-list li'],
    ['koordinator', '/app/persons', '#main h1'],
    ['koordinator', `/app/persons/${plan.person_id}`, '#main h2'],
    ['koordinator', `/app/cases/${cases.items[0].id}`, '#main h1'],
    ['koordinator', '/app/plans/1', '.plan-facts'],
    ['koordinator', '/app/plans/1/history', '#main ol, #main .empty'],
    ['koordinator', '/app/plans/1/consent-form', '.consent-sheet'],
    ['koordinator', '/app/plans/1/print', '.plan-sheet'],
    ['ke', '/app/overview', '#main h2'],
    ['nav', '/app', '#main h1'],
    ['kari', '/app/plans/1', '#cz-goals'],
    ['kari', '/app', '#main h1'],
  ];
}

async function open(page, path, ready) {
  await page.goto(path);
  await page.locator(ready).first().waitFor();
}

async function noSidewaysScroll(page, label) {
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  assert.ok(scroll <= client, `${label}: scrolls sideways (${scroll} > ${client} CSS pixels)`);
}

// No word in a table is broken in the middle ("Perso/n", "Statu/s"): each
// word of every cell lies on one line (one client rect per word's range),
// unless the word alone is wider than its cell.
async function wholeWordsInTables(page, label) {
  const broken = await page.evaluate(() => {
    const out = [];
    for (const cell of document.querySelectorAll('table.data th, table.data td')) {
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (const m of node.data.matchAll(/\S+/g)) {
          const range = document.createRange();
          range.setStart(node, m.index);
          range.setEnd(node, m.index + m[0].length);
          const rects = [...range.getClientRects()].filter((r) => r.width > 0);
          const tops = new Set(rects.map((r) => Math.round(r.top)));
          if (tops.size > 1 && range.getBoundingClientRect().width < cell.clientWidth) out.push(m[0]);
        }
      }
    }
    return out;
  });
  assert.deepEqual(broken, [], `${label}: words broken in a table`);
}

// Tabs from the main content's start through every focusable element in it:
// each must be reached, in turn, with a visible focus ring.
async function tabThroughMain(page, label) {
  const count = await page.evaluate(() => {
    const main = document.getElementById('main');
    main.focus();
    window.reached = new Set();
    const all = main.querySelectorAll('a[href], button:not([disabled]), input:not([type="hidden"]), select, textarea, summary, [tabindex="0"]');
    return [...all].filter((el) => el.getClientRects().length > 0).length;
  });
  assert.ok(count > 0, `${label}: something to reach by keyboard`);
  for (let i = 0; i <= count; i++) {
    await page.keyboard.press('Tab');
    const where = await page.evaluate(() => {
      const el = document.activeElement;
      const inMain = !!el.closest('#main') && el.id !== 'main';
      if (inMain) window.reached.add(el);
      return { inMain, what: `${el.tagName.toLowerCase()} "${(el.textContent || el.id || '').trim().slice(0, 40)}"` };
    });
    if (!where.inMain) break;
    await assertFocusVisible(page, `${label}, Tab stop ${i + 1}: ${where.what}`);
  }
  const reached = await page.evaluate(() => window.reached.size);
  assert.equal(reached, count, `${label}: Tab reached ${reached} of the ${count} links, buttons and fields`);
}

test('every page, at 1280 and at 320 CSS pixels (400 % zoom), with and without large text: no sideways scrolling, no axe violation, every control reachable by Tab with a visible focus', async () => {
  for (const [who, path, ready] of await routes()) {
    const page = await as(who);
    for (const width of [1280, 320]) {
      await page.setViewportSize({ width, height: width === 320 ? 640 : 900 });
      await open(page, path, ready);
      for (const large of [false, true]) {
        const label = `${who} ${path} at ${width} px${large ? ', large text' : ''}`;
        if (large) await page.locator('#large-text').click();
        await noSidewaysScroll(page, label);
        await app.axe(page, label);
        if (width === 1280) await wholeWordsInTables(page, label);
        if (width === 1280 && !large) await tabThroughMain(page, label);
        if (large) await page.locator('#large-text').click();
      }
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  }
});
