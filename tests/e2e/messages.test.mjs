// messages.test.mjs - issue 12 point 3 in the browser, played as the people
// who do it: Kari writes in her plan's thread from her own page; the
// coordinator sees "1 ulest melding" in Mine saker, opens the plan, reads the
// message (who wrote it, when, the text) and answers it, and the count goes
// to none; Kari asks to change a consent, and the coordinator finds the
// request as an item to act on and marks it handled. The NAV caseworker,
// whose consent does not cover messages, sees no thread and no error. axe on
// every new state; screenshots in build/e2e-artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, words } from './harness.mjs';
import { cli } from '../api/harness.mjs';

const nb = words('nb');
const c = nb.citizen;
const m = nb.staff.messages;
let app;
let coordinator; // the API as the coordinator (Bearer token from the CLI)

const COMMENT = 'Jeg kan ikke komme på møtet 12. desember. Hilsen Kari';
const ANSWER = 'Takk for beskjed, Kari. Vi finner en ny dato – jeg ringer deg i morgen.';
const CHANGE = 'Fastlegen skal ikke lenger se tiltakene mine.';

before(async () => {
  app = await startApp();
  const r = cli(['token', 'create', '--db', app.db, '--user', 'koordinator']);
  assert.equal(r.status, 0, r.stderr);
  const token = r.stdout.trim();
  coordinator = async (method, path, body) => {
    const res = await app.server.api(method, `/api/v1${path}`, { token, body });
    assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${res.text}`);
    return res.body;
  };
  // the demo plan 1 is Kari's, and koordinator coordinates it; its thread starts empty
  const me = await coordinator('GET', '/me');
  const plan = await coordinator('GET', '/plans/1');
  assert.equal(plan.coordinator_id, me.staff_id);
  assert.equal((await coordinator('GET', '/plans/1/messages')).items.length, 0);
});

after(async () => {
  await app.stop();
});

let kari;
let ola;

// The coordinator's row for plan 1 in Mine saker.
const planRow = (page) => page.locator('table.my-plans tbody tr').filter({ has: page.locator('th a[href="/app/plans/1"]') });

async function mineSaker(page) {
  await page.goto('/app');
  await page.locator('table.my-plans').waitFor();
  return planRow(page);
}

// Opens plan 1 and waits until the thread is shown and marked seen.
async function openPlan(page) {
  const [seen] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/plans/1/messages/seen' && r.request().method() === 'PUT'),
    planRow(page).locator('th a').click(),
  ]);
  assert.equal(seen.status(), 200, await seen.text());
  await page.locator('#plan-messages .msg-thread').waitFor();
  return seen.json();
}

test('Kari writes in her plan\'s thread; the coordinator sees "1 ulest melding" in Mine saker', async () => {
  kari = await app.page();
  await app.login(kari, 'kari');
  await kari.goto('/app/plans/1');
  await kari.locator('#cz-comment-text').fill(COMMENT);
  await kari.locator('#cz-messages').getByRole('button', { name: c.send, exact: true }).click();
  await kari.locator('#cz-messages .own-words', { hasText: COMMENT }).waitFor();

  ola = await app.page();
  await app.login(ola, 'koordinator');
  const row = await mineSaker(ola);
  await row.getByText(m.unread_one, { exact: true }).waitFor();
  const w = await coordinator('GET', '/worklist');
  assert.equal(w.plans.find((p) => p.id === 1).unread_messages, 1);
  await app.axe(ola, 'Mine saker, one unread message');
  await app.shot(ola, 'messages-1-unread');
});

test('the coordinator opens the plan, reads the message and answers it; the count goes to none', async () => {
  const seen = await openPlan(ola);
  const thread = ola.locator('#plan-messages .msg-thread');
  const first = thread.locator('li').first();
  await first.getByText(COMMENT, { exact: true }).waitFor();
  assert.match(await first.locator('.msg-author').textContent(), /^Kari Johansen \(planeier\)$/);
  assert.match(await first.locator('.msg-by').textContent(), /\d{4}/, 'the message says when');
  const msgs = (await coordinator('GET', '/plans/1/messages')).items;
  assert.equal(seen.message_id, msgs[msgs.length - 1].id, 'the page marked the newest message seen');
  // the consent requests' section is there only when there are requests
  assert.equal(await ola.locator('#plan-requests').isVisible(), false);
  await app.axe(ola, 'the plan, its thread');

  await ola.getByLabel(m.answer).fill(ANSWER);
  await ola.getByRole('button', { name: m.send, exact: true }).click();
  await ola.locator('#plan-status', { hasText: m.sent }).waitFor();
  const answer = thread.locator('li').filter({ hasText: ANSWER });
  await answer.waitFor();
  assert.match(await answer.locator('.msg-author').textContent(), /^Ola .+, .+/, 'a staff member by name and unit');
  const stored = (await coordinator('GET', '/plans/1/messages')).items.find((x) => x.text === ANSWER);
  assert.equal(stored.kind, 'comment');
  assert.equal(stored.author_role, 'coordinator');
  await app.axe(ola, 'the plan, the answer sent');
  await app.shot(ola, 'messages-2-answered');

  const row = await mineSaker(ola);
  await row.getByText(m.unread_none, { exact: true }).waitFor();
  assert.equal((await coordinator('GET', '/worklist')).plans.find((p) => p.id === 1).unread_messages, 0);
  // Kari sees the answer on her page
  await kari.reload();
  await kari.locator('#cz-messages .own-words', { hasText: ANSWER }).waitFor();
});

test('Kari asks to change a consent; the coordinator finds the request as an item to act on and marks it handled', async () => {
  await kari.locator('#cz-consent').getByRole('button', { name: c.ask_change }).first().click();
  const text = kari.locator('#cz-consent textarea');
  await text.fill(CHANGE);
  await kari.locator('#cz-consent').getByRole('button', { name: c.send, exact: true }).click();
  // her page is drawn again and says the request is sent and open
  await kari.locator('#cz-consent', { hasText: c.request_open }).waitFor();
  await kari.locator('#cz-consent [role="status"]', { hasText: c.request_sent }).waitFor();
  const request = (await coordinator('GET', '/plans/1/messages')).items.find((x) => x.text === CHANGE);
  assert.equal(request.kind, 'consent_change_request');
  assert.equal(request.handled_at, null);

  const row = await mineSaker(ola);
  await row.getByText(m.unread_one, { exact: true }).waitFor();
  await openPlan(ola);
  const item = ola.locator(`#plan-requests #message-${request.id}`);
  await item.waitFor();
  await item.getByText(m.kind.consent_change_request).waitFor();
  await item.getByText(CHANGE, { exact: true }).waitFor();
  await item.getByText(m.open, { exact: true }).waitFor();
  await app.axe(ola, 'the plan, an open consent request');
  await app.shot(ola, 'messages-3-request');

  await item.getByRole('button', { name: m.mark_handled }).click();
  await ola.locator('#plan-status', { hasText: m.marked_handled }).waitFor();
  const done = ola.locator(`#plan-requests #message-${request.id}`);
  await done.getByText(/^Behandlet /).waitFor();
  assert.equal(await done.getByRole('button', { name: m.mark_handled }).count(), 0, 'a handled request has no button');
  const after = (await coordinator('GET', '/plans/1/messages')).items.find((x) => x.id === request.id);
  assert.ok(after.handled_at, 'handled_at is set');
  assert.ok(after.handled_by, 'handled_by is set');
  assert.ok(!((await coordinator('GET', '/plans/1')).flags || []).includes('consent_request_open'));
  await app.axe(ola, 'the plan, the request handled');
  await app.shot(ola, 'messages-4-handled');
  assert.deepEqual([...kari.errors, ...ola.errors], []);
});

test('the NAV caseworker, whose consent does not cover messages, sees no thread and no error', async () => {
  const nav = await app.page();
  await app.login(nav, 'nav');
  const [res] = await Promise.all([
    nav.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/plans/1' && r.request().method() === 'GET'),
    nav.goto('/app/plans/1'),
  ]);
  const plan = await res.json();
  assert.ok(!plan.sections.includes('messages'), JSON.stringify(plan.sections));
  await nav.locator('main h1').waitFor();
  await nav.locator('#goals').waitFor();
  assert.equal(await nav.locator('#plan-messages, #plan-requests').count(), 0);
  assert.equal(await nav.locator('main .alert:visible').count(), 0);
  assert.deepEqual(nav.errors, []);
});
