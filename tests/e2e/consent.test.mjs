// consent.test.mjs - consent that reads clearly (issue 12 point 7), played in
// the demo: the coordinator (koordinator) records a new consent for the same
// recipients from the form that starts from the consent in force, and one
// card remains (the earlier one ended, told in the history); the printed form
// speaks in the owner's voice, names the municipality and how to reach the
// coordinator, and shows no internal values; NAV (nav) is told why when she
// asks for a part of the plan the consent does not give her. axe on each.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, words } from './harness.mjs';

const nb = words('nb');
const ed = nb.editor;
const cw = ed.consent_words;
let app;
let coordinator;
let plan;

before(async () => {
  app = await startApp();
  coordinator = (path) => app.as('koordinator').get(`/api/v1${path}`);
  plan = await coordinator('/plans/1'); // Kari's, coordinated by Ola
});

after(async () => {
  await app.stop();
});

const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const fill = (s, p) => s.replace(/\{(\w+)\}/g, (m, k) => (k in p ? String(p[k]) : m));

test('the coordinator records a new consent for the same recipients: the form starts from the one in force, and one card remains', async () => {
  const inForce = plan.consents.filter((c) => c.state === 'active');
  assert.equal(inForce.length, 1, 'the demo plan has one consent in force');
  const old = inForce[0];
  const page = await app.page();
  await app.login(page, 'koordinator');
  await page.goto('/app/plans/1');
  const section = page.locator('section[aria-labelledby="consents-heading"]');
  await section.waitFor();
  assert.equal(await section.locator('li.card').count(), 1);

  await section.getByRole('button', { name: ed.add_consent, exact: true }).click();
  const form = page.locator('.form-slot form.edit-form');
  await form.waitFor();
  assert.match(await form.textContent(), new RegExp(esc(cw.form_starts.split(' (')[0])));
  // Nina Berg (NAV) as in force: goals and measures; only the sections the plan has
  const nina = form.locator('fieldset', { hasText: 'Nina Berg' });
  assert.equal(await nina.getByLabel(nb.value.section.goals, { exact: true }).isChecked(), true);
  assert.equal(await nina.getByLabel(nb.value.section.measures, { exact: true }).isChecked(), true);
  assert.equal(await nina.getByLabel(nb.value.section.evaluations, { exact: true }).isChecked(), false);
  for (const gone of [nb.value.section.crisis_plan, nb.value.section.documents]) {
    assert.equal(await form.getByLabel(gone, { exact: true }).count(), 0, `${gone} is not offered`);
  }
  assert.equal(await form.locator('select[name="method"]').inputValue(), old.method);
  await app.axe(page, 'consent form, started from the consent in force');
  // Kari now shares only her goals with NAV
  await nina.getByLabel(nb.value.section.measures, { exact: true }).uncheck();
  await form.getByRole('button', { name: ed.record_consent, exact: true }).click();
  await page.locator('#plan-status', { hasText: ed.consent_recorded }).waitFor();

  assert.equal(await section.locator('li.card').count(), 1, 'one card: the earlier consent ended');
  assert.match(await section.locator('li.card').textContent(), /Nina Berg, NAV Fjordvik: Mål(?!, Tiltak)/);
  const ended = section.locator('details.ended-consents');
  assert.match(await ended.locator('summary').textContent(), /1 avsluttet samtykke/);
  assert.match(await ended.textContent(), new RegExp(cw.state_replaced));
  await app.axe(page, 'consents after a replacement');
  await app.shot(page, 'consent-replaced');

  const consents = (await coordinator('/plans/1/consents')).items;
  assert.equal(consents.find((c) => c.id === old.id).state, 'replaced');
  assert.equal(consents.filter((c) => c.state === 'active').length, 1);

  // the history tells why, in words
  await page.goto('/app/plans/1/history');
  const entry = page.locator('ol.history > li', { hasText: cw.replaced_reason }).first();
  await entry.waitFor();
  assert.match(await entry.textContent(), new RegExp(esc(ed.history.name.valid_to)));
  assert.deepEqual(page.errors, []);
});

test('the printed form: every consent in force, the municipality, the coordinator and how to reach her, in the owner\'s voice, no internal values', async () => {
  const page = await app.page();
  await app.login(page, 'koordinator');
  await page.goto('/app/plans/1/consent-form');
  const sheet = page.locator('.consent-sheet');
  await sheet.waitFor();
  const text = await sheet.textContent();
  const fresh = await coordinator('/plans/1');
  const me = await coordinator('/me');
  assert.equal(me.tenant_name, 'Fjordvik kommune');
  assert.match(text, new RegExp(esc(fill(cw.i_consent, { municipality: me.tenant_name }))));
  assert.match(text, new RegExp(esc(cw.i_share)));
  assert.match(text, /Nina Berg, NAV Fjordvik/);
  const coord = `${fresh.coordinator.name}, ${fresh.coordinator.organisation_name}`;
  assert.match(text, new RegExp(esc(fill(cw.i_withdraw, { coordinator: coord }))));
  assert.ok(fresh.coordinator.phone, 'the demo coordinator has a phone');
  assert.match(text, new RegExp(esc(fresh.coordinator.phone)));
  assert.match(text, new RegExp(esc(cw.sign_me)));
  // every consent in force, and only those
  const inForce = fresh.consents.filter((c) => (c.state === 'active' || c.state === 'not_yet_valid') && !c.replaced_by);
  assert.equal(await sheet.locator('.sheet-consent').count(), inForce.length);
  // nothing internal: no ids, no codes, no third-person wording of the old form
  assert.doesNotMatch(text, /\b(in_person|paper_signed|digital|owner|active|not_yet_valid|replaced|goals|measures)\b/);
  assert.doesNotMatch(text, new RegExp(`Plannummer|${esc(nb.plan.status)}:|${esc(ed.form.sign_owner)}`, 'i'));
  for (const id of [fresh.id, ...fresh.consents.map((c) => c.id)]) assert.doesNotMatch(text, new RegExp(`\\(\\D*${id}\\)|#${id}\\b`));
  await app.axe(page, 'printed consent form');
  await app.shot(page, 'consent-form-words');
  assert.deepEqual(page.errors, []);
});

test('NAV is told why for a part of the plan the consent does not give her, and a plan she cannot see still answers as if it did not exist', async () => {
  const page = await app.page();
  await app.login(page, 'nav');
  // the history is no part of her consent
  await page.goto('/app/plans/1/history');
  const alert = page.locator('[role="alert"]', { hasText: cw.refused });
  await alert.waitFor();
  assert.match(await page.locator('main').textContent(), new RegExp(esc(cw.refused_hint)));
  await app.axe(page, 'NAV asks for the history: refused, with the reason');
  await app.shot(page, 'consent-refused');
  // nor the consents (the printable form)
  await page.goto('/app/plans/1/consent-form');
  await page.locator('[role="alert"]', { hasText: cw.refused }).waitFor();
  // the plan itself she sees, without the measures the new consent left out
  await page.goto('/app/plans/1');
  await page.locator('.plan-facts').waitFor();
  assert.equal(await page.locator('section[aria-labelledby="measures-heading"]').count(), 0);
  // a plan she is no part of: the plain "not found", without the reason
  const [ke, nav] = [app.as('ke').token, app.as('nav').token];
  const all = (await app.server.api('GET', '/api/v1/plans?limit=500', { token: ke })).body.items;
  let stranger = null;
  for (const p of all) {
    const r = await app.server.api('GET', `/api/v1/plans/${p.id}/history`, { token: nav });
    if (r.status === 404 && r.body.error.code === 'not_found') { stranger = p; break; }
  }
  assert.ok(stranger, 'the demo has a plan NAV\'s Nina is no part of');
  await page.goto(`/app/plans/${stranger.id}/history`);
  await page.locator('[role="alert"]', { hasText: nb.plan.not_found }).waitFor();
  assert.doesNotMatch(await page.locator('main').textContent(), new RegExp(esc(cw.refused)));
  assert.deepEqual(page.errors, []);
});
