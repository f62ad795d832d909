// history.test.mjs - the plan's history in words (issue 12, point 5), played
// by the demo's coordinator: he changes a goal's text and a measure, then hands
// the plan to Sara Eira with a reason; the history page (his, then hers) names
// the goal by its text and the measure by its description, the people by name
// and unit, gives the reason, and shows no id, no username, no "revisjon N"
// and no field name in English. axe on both pages. Then history-words.js on
// its own (node imports it: it touches no page at load) over every entry of
// the demo's plan and case histories as the API answers them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli } from '../api/harness.mjs';
import { startApp, words, WEB } from './harness.mjs';
import { kariPlan } from './situations.mjs';

const nb = words('nb');
const ed = nb.editor;
const hw = ed.history;
let app;
let plan;
const tokens = {};

// (Ola hands the plan over to Sara in the first test; she reads it after)
const get = async (path, who = 'koordinator') => {
  const r = await app.server.api('GET', path, { token: tokens[who] });
  assert.equal(r.status, 200, `GET ${path}: ${r.text}`);
  return r.body;
};

before(async () => {
  app = await startApp();
  for (const u of ['koordinator', 'sara', 'ke']) {
    const r = cli(['token', 'create', '--db', app.db, '--user', u]);
    assert.equal(r.status, 0, r.stderr);
    tokens[u] = r.stdout.trim();
  }
  plan = await kariPlan({ get: (user, path) => get(path) });
  assert.ok(plan, 'the demo has Kari\'s plan 1 with goals, measures and a group');
});

after(async () => {
  await app.stop();
});

const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const label = (scope, text) => scope.getByLabel(new RegExp(`^${esc(text)}( \\(${esc(ed.required)}\\))?$`));
const USERNAMES = ['sara', 'ke', 'kari', 'nav', 'admin'];
const GOAL_OLD = 'Få orden på gjelda så jeg kan leie en leilighet';
const GOAL_NEW = 'Få orden på gjelda, så jeg kan leie en leilighet selv';
const REASON = 'Ola går over til barnevernet fra januar';

// What a reader of the history page sees: no id, username, revision number,
// nor a field's name as the API spells it.
async function assertPlain(page, entries) {
  const text = await page.locator('main').innerText();
  assert.doesNotMatch(text, /revisjon \d/i, 'no revision numbers');
  assert.doesNotMatch(text, /\bnr\. \d/, 'no "ansatt nr. N"');
  for (const u of USERNAMES) assert.doesNotMatch(text, new RegExp(`(?<!\\p{L})${u}(?!\\p{L})`, 'u'), `no username ${u}`);
  for (const line of text.split('\n')) assert.doesNotMatch(line, /^\s*([^:\d]*:)?\s*\d{1,5}\s*$/, `a bare number: ${line}`);
  const keys = new Set();
  for (const x of entries) for (const o of [x.data && x.data.before, x.data && x.data.after]) for (const k of Object.keys(o || {})) keys.add(k);
  for (const k of keys) {
    if (/^[A-ZÆØÅ]/.test(k) || ['status', 'plan', 'note'].includes(k)) continue;
    assert.doesNotMatch(text, new RegExp(`(^|\\s)${esc(k)}(\\s|:|$)`, 'm'), `no field name "${k}"`);
  }
  // each author line says who by name (and unit), never the account
  for (const by of await page.locator('ol.history > li > p.hint').allTextContents()) {
    assert.doesNotMatch(by, /^koordinator\b/, by);
  }
}

test('the coordinator changes a goal and a measure; his history names them and him', async () => {
  const page = await app.page();
  await app.login(page, 'koordinator');
  await page.goto(`/app/plans/${plan.id}`);
  await page.locator('.plan-facts').waitFor();
  // the sub-goal's text
  const goal = page.locator('section[aria-labelledby="goals-heading"] li', { hasText: GOAL_OLD }).last();
  await goal.getByRole('button', { name: ed.edit, exact: true }).first().click();
  let f = page.locator('.form-slot form.edit-form');
  await label(f, ed.written.text).fill(GOAL_NEW);
  await f.getByRole('button', { name: ed.save, exact: true }).click();
  await f.waitFor({ state: 'detached' });
  // the debt counselling's scope
  const measure = page.locator('#measures-heading + ul > li', { hasText: 'Gjeldsrådgivning' });
  await measure.getByRole('button', { name: ed.edit, exact: true }).first().click();
  f = page.locator('.form-slot form.edit-form');
  await label(f, nb.plan.scope).fill('6 samtaler');
  await f.getByRole('button', { name: ed.save, exact: true }).click();
  await f.waitFor({ state: 'detached' });

  await page.getByRole('link', { name: hw.title }).click();
  await page.locator('h1', { hasText: hw.title }).waitFor();
  const newest = page.locator('ol.history > li');
  const m = newest.nth(0);
  assert.equal(await m.locator('h3').textContent(), `${hw.action.update}: ${hw.object.measure} «Gjeldsrådgivning»`);
  assert.match(await m.locator('p.hint').textContent(), /^Ola Haugland, Oppfølgingstjenesten, /);
  assert.match(await m.locator('table').innerText(), new RegExp(`${hw.name.scope}\\s+4 samtaler\\s+6 samtaler`));
  const g = newest.nth(1);
  assert.equal(await g.locator('h3').textContent(), `${hw.action.update}: ${hw.object.goal} «${GOAL_NEW}»`);
  assert.match(await g.locator('table').innerText(), new RegExp(`${hw.name.text}\\s+${esc(GOAL_OLD)}\\s+${esc(GOAL_NEW)}`));
  // Kari wrote her goals herself: the citizen by her name
  assert.ok(await page.locator('ol.history > li p.hint', { hasText: /^Kari Johansen, / }).count() >= 1);
  // a participant by name and role, a consent by its period and recipients
  assert.ok(await page.locator('ol.history > li h3', { hasText: `${hw.object.participant}: Nina Berg, NAV Fjordvik (${nb.value.role.nav})` }).count() === 1);
  const consent = await page.locator('ol.history > li h3', { hasText: `${hw.action.create}: ${hw.object.consent}` }).first().textContent();
  assert.match(consent, /Nina Berg, NAV Fjordvik; .*Jonas Lie/);
  // a measure's responsible person and unit in words
  assert.ok(await page.locator('ol.history > li td', { hasText: 'Ingrid Solheim, Økonomi- og gjeldsrådgivning' }).count() >= 1);
  await assertPlain(page, (await get(`/api/v1/plans/${plan.id}/history`)).items);
  await app.axe(page, 'plan history, coordinator');
  await app.shot(page, 'history-words');

  // he hands the plan over, with a reason
  await page.goto(`/app/plans/${plan.id}`);
  await page.locator('.plan-facts').waitFor();
  await page.getByRole('button', { name: ed.change_coordinator, exact: true }).click();
  f = page.locator('.form-slot form.edit-form');
  await f.getByLabel(ed.coordinator_unit).selectOption({ label: 'Psykisk helse og rus' });
  const staff = f.getByLabel(ed.new_coordinator);
  await staff.locator('option', { hasText: 'Sara Eira' }).waitFor({ state: 'attached' });
  await staff.selectOption({ label: 'Sara Eira' });
  await label(f, ed.reason).fill(REASON);
  await f.getByRole('button', { name: ed.appoint, exact: true }).click();
  await page.locator('#plan-status', { hasText: ed.coordinator_changed }).waitFor();
  assert.deepEqual(page.errors, []);
});

test('the new coordinator reads the hand-over: who, to whom, and why', async () => {
  const sara = await app.page();
  await app.login(sara, 'sara');
  await sara.goto(`/app/plans/${plan.id}/history`);
  await sara.locator('h1', { hasText: hw.title }).waitFor();
  const first = sara.locator('ol.history > li').first();
  assert.equal(await first.locator('h3').textContent(), `${hw.action.coordinator}: Sara Eira, Psykisk helse og rus`);
  assert.match(await first.locator('p.hint').textContent(), /^Ola Haugland, Oppfølgingstjenesten, /);
  assert.equal(await first.locator('p:not(.hint)').textContent(), `Begrunnelse: ${REASON}`);
  // the coordinators with their reasons
  const cards = await sara.locator('section[aria-labelledby="coordinators-heading"] li').allInnerTexts();
  assert.equal(cards.length, 2);
  assert.match(cards[0], /^Ola Haugland/);
  assert.match(cards[1], new RegExp(`^Sara Eira, Psykisk helse og rus[\\s\\S]*${esc(REASON)}`));
  await assertPlain(sara, []);
  await app.axe(sara, 'plan history, new coordinator');
  assert.deepEqual(sara.errors, []);
});

// history-words.js in node: words from web/i18n (the page's fetch and <html>
// are stood in for while they load; nothing else of the page is needed).
async function loadWords() {
  const i18n = await import('../../web/js/i18n.js');
  const realFetch = globalThis.fetch;
  globalThis.fetch = async (url) => ({ ok: true, json: async () => JSON.parse(readFileSync(join(WEB, String(url).split('?')[0]), 'utf8')) });
  globalThis.document = { documentElement: {}, querySelectorAll: () => [] };
  try {
    await i18n.setLanguage('nb', { remember: false });
  } finally {
    globalThis.fetch = realFetch;
    delete globalThis.document;
  }
  return import('../../web/js/views/history-words.js');
}

test('history-words: every entry of the demo\'s histories in words, no key or id', async () => {
  const hwm = await loadWords();
  const none = { words: 'editor.history', text: () => null };
  const planItems = (await get(`/api/v1/plans/${plan.id}/history?limit=200`, 'sara')).items;
  const kase = (await get(`/api/v1/cases?person_id=${plan.person_id}`, 'ke')).items[0];
  const caseItems = (await get(`/api/v1/cases/${kase.id}/history`, 'ke')).items;
  assert.ok(planItems.length > 10 && caseItems.length >= 1);
  for (const [items, ctx] of [[planItems, none], [caseItems, { ...none, words: 'staff.case_history' }]]) {
    for (const x of items) {
      // the API names every staff and organisation id an entry holds
      for (const o of [x.data && x.data.before, x.data && x.data.after]) {
        for (const [k, v] of Object.entries(o || {})) {
          if (/staff_id$/.test(k) && v) assert.ok(x.names.staff[v].name, `${x.object_type} ${k}`);
          if (/organisation_id$/.test(k) && v) assert.ok(x.names.organisations[v], `${x.object_type} ${k}`);
        }
      }
      const title = hwm.title(ctx, x);
      assert.doesNotMatch(title, /_|undefined|: \d+$/, title);
      for (const [f, b, a] of hwm.fields(ctx, x)) {
        assert.doesNotMatch(f, /_|^[a-z]/, `field name in words: ${f}`);
        for (const v of [b, a]) if (v !== null) assert.doesNotMatch(String(v), /undefined|\[object|^\d+$/, `${f}: ${v}`);
      }
      const who = hwm.by(x);
      assert.doesNotMatch(who, /koordinator|(?<!\p{L})(ke|kari)(?!\p{L})/u, who);
    }
  }
  // internal fields are never shown: ordering, version, revision, ids, bookkeeping
  const goal = planItems.find((x) => x.object_type === 'goal');
  const shown = hwm.fields(none, goal).map(([f]) => f);
  for (const k of ['position', 'version', 'id', 'plan_id', 'created_at', 'author_account_id']) assert.ok(!shown.includes(k));
  assert.ok(shown.includes(hw.name.text) && shown.includes(hw.name.domain), shown.join(', '));
  // an update names the goal from the page's goals when the entry lacks it, the ids in the values in words
  const upd = { action: 'update', object_type: 'measure', object_id: 9, at: '2026-01-05T09:00:00Z', account_id: 2, author_name: 'Ola Haugland', author_organisation: 'Oppfølgingstjenesten', data: { before: { goal_id: 1, responsible_staff_id: 6, version: 1 } }, names: { staff: { 6: { name: 'Ingrid Solheim', organisation_name: 'Økonomi- og gjeldsrådgivning' } }, organisations: {} } };
  const ctx = { words: 'editor.history', text: (type, id) => ({ goal1: 'Å bo i egen leilighet', measure9: 'Gjeldsrådgivning' })[`${type}${id}`] };
  assert.equal(hwm.title(ctx, upd), `${hw.action.update}: ${hw.object.measure} «Gjeldsrådgivning»`);
  assert.deepEqual(hwm.fields(ctx, upd), [[hw.name.goal_id, '«Å bo i egen leilighet»', hw.empty], [hw.name.responsible_staff_id, 'Ingrid Solheim, Økonomi- og gjeldsrådgivning', hw.empty]]);
  assert.match(hwm.by(upd), /^Ola Haugland, Oppfølgingstjenesten, 5\. januar 2026 kl\. 10:00$/);
  // a citizen the reader may not know by name, and the system
  assert.equal(hwm.author({ author_role: 'citizen', account_id: 10 }), hw.citizen);
  assert.equal(hwm.author({ account_id: null }), hw.system);
  // the reasons: closing, withdrawing, a new contact person
  assert.equal(hwm.reason({ action: 'close', data: { after: { reason: 'Målene er nådd' } } }), 'Begrunnelse: Målene er nådd');
  assert.equal(hwm.reason({ action: 'withdraw', data: { after: { withdrawn_reason: 'Vil ikke dele' } } }), 'Begrunnelse: Vil ikke dele');
  const contact = { action: 'contact', object_type: 'contact', object_id: 3, data: { before: { staff_id: 1 }, after: { staff_id: 2, reason: 'Ferie' } }, names: { staff: { 1: { name: 'Ola Haugland' }, 2: { name: 'Sara Eira', organisation_name: 'Psykisk helse og rus' } }, organisations: {} } };
  const cctx = { ...none, words: 'staff.case_history' };
  assert.equal(hwm.title(cctx, contact), `${nb.staff.case_history.action.contact}: Sara Eira, Psykisk helse og rus`);
  assert.deepEqual(hwm.fields(cctx, contact), [[nb.staff.case_history.name.staff_id, 'Ola Haugland', 'Sara Eira, Psykisk helse og rus']]);
  assert.equal(hwm.reason(contact), 'Begrunnelse: Ferie');
  // a case's enums and units in words
  const upd2 = { action: 'update', object_type: 'case', object_id: 1, data: { before: { urgency: 'normal', status: 'new', contributing_organisation_ids: [7] }, after: { urgency: 'high', status: 'in_progress', contributing_organisation_ids: [7, 99] } }, names: { staff: {}, organisations: { 7: 'Boligkontoret' } } };
  const c2 = { ...none, words: 'staff.case_history' };
  assert.deepEqual(hwm.fields(c2, upd2).map((r) => r.slice(1)), [[nb.staff.urgency.normal, nb.staff.urgency.high], [nb.staff.case_status.new, nb.staff.case_status.in_progress], ['Boligkontoret', `Boligkontoret, ${hw.some_unit}`]]);
});
