// citizen.test.mjs - issue 4 in the browser: Kari's own plan in plain language
// (her goal, what will happen and who does it, who takes part, who has read
// the plan, her consents), S3 played through the page (she withdraws the DPS
// therapist's consent; his next look at the plan is the "not found" page; her
// access log keeps his earlier read), the NAV caseworker's answer holding
// nothing that the consent does not cover (the JSON the browser received, not
// only the page), her own goal and comment in her own words, and the large
// text and read-aloud buttons by keyboard. axe on every state; screenshots in
// build/e2e-artifacts/.
//
// The demo gives Kari one consent for NAV, the GP and the therapist together;
// the test records it again as two (the therapist's on its own), through the
// API as the coordinator, so that withdrawing his leaves NAV's in force.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startApp, words, USERS, ARTIFACTS } from './harness.mjs';
import { cli } from '../api/harness.mjs';

const nb = words('nb');
const c = nb.citizen;
USERS.terapeut = { otp: true }; // the DPS therapist (demo), a staff log-in
let app;
let coordinator; // API calls as the coordinator (Bearer token from the CLI)
let plan;
let therapistConsent;

const GOAL = 'Å få en hund 🐕 og gå tur på Ørnefjellet hver søndag – æøå ÆØÅ';
const COMMENT = 'Jeg kan ikke komme på tirsdager. Hilsen Kari 😊';

before(async () => {
  app = await startApp();
  const r = cli(['token', 'create', '--db', app.db, '--user', 'koordinator']);
  assert.equal(r.status, 0, r.stderr);
  const token = r.stdout.trim();
  coordinator = async (method, path, body, want) => {
    const res = await app.server.api(method, `/api/v1${path}`, { token, body });
    if (want) assert.equal(res.status, want, `${method} ${path}: ${res.text}`);
    return res.body;
  };
  plan = await coordinator('GET', '/plans/1', undefined, 200);
  const old = plan.consents.find((x) => x.state === 'active');
  const staffOf = (role) => plan.participants.find((p) => p.role === role).staff_id;
  const grant = (role) => ({ staff_id: staffOf(role), sections: ['goals', 'measures'] });
  const base = { given_by: 'owner', method: 'in_person', valid_from: old.valid_from, valid_to: old.valid_to };
  await coordinator('POST', '/plans/1/consents', { ...base, grants: [grant('nav'), grant('gp')] }, 201);
  therapistConsent = (await coordinator('POST', '/plans/1/consents', { ...base, grants: [grant('specialist')] }, 201)).id;
  await coordinator('POST', `/plans/1/consents/${old.id}/withdraw`, { reason: 'Delt i to samtykker' }, 200);
  plan = await coordinator('GET', '/plans/1', undefined, 200);
  // the coordinating unit's Hilde asks to coordinate Kari's plan herself: it
  // waits for a second member (four eyes, R14), and Kari is shown the request
  const ke = cli(['token', 'create', '--db', app.db, '--user', 'ke']);
  assert.equal(ke.status, 0, ke.stderr);
  const me = await app.server.api('GET', '/api/v1/me', { token: ke.stdout.trim() });
  const asked = await app.server.api('PUT', '/api/v1/plans/1/coordinator', { token: ke.stdout.trim(), body: { staff_id: me.body.staff_id, reason: 'Tar over' } });
  assert.equal(asked.status, 202, asked.text);
  selfAppointed = me.body.name || `${me.body.given_name} ${me.body.family_name}`;
});
let selfAppointed;

after(async () => {
  await app.stop();
});

// Waits for the answer to GET /api/v1/plans/1 while `action` runs.
async function planAnswer(page, action) {
  const [res] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/plans/1' && r.request().method() === 'GET'),
    action(),
  ]);
  return res;
}

let therapist;
const therapistName = () => plan.participants.find((p) => p.role === 'specialist').name;

test('the DPS therapist reads the plan while the consent holds', async () => {
  therapist = await app.page();
  await app.login(therapist, 'terapeut');
  const res = await planAnswer(therapist, () => therapist.goto('/app/plans/1'));
  assert.equal(res.status(), 200);
  await therapist.locator('.plan-facts').waitFor();
  assert.deepEqual(therapist.errors, []);
});

test('the NAV caseworker\'s browser receives goals and measures, and nothing else of the plan', async () => {
  const page = await app.page();
  await app.login(page, 'nav');
  const res = await planAnswer(page, () => page.goto('/app/plans/1'));
  await page.locator('.plan-facts').waitFor();
  const body = await res.json();
  assert.deepEqual([...body.sections].sort(), ['goals', 'measures', 'plan']);
  for (const key of ['participants', 'consents', 'crisis_plan', 'evaluations', 'messages', 'resources', 'needs',
    'owner_contribution', 'next_of_kin_contribution', 'services_contribution']) {
    assert.ok(!(key in body), `the answer to NAV holds ${key}`);
  }
  const text = await res.text();
  // whose plan it is, she is told (issue 12 point 2); the consents and their state, not
  for (const secret of ['grants', 'withdrawn_at']) assert.ok(!text.includes(secret), `the answer to NAV mentions ${secret}`);
  assert.equal(body.person_name, 'Kari Johansen');
  const headings = await page.locator('main h2').allTextContents();
  assert.ok(!headings.includes(nb.plan.participants) && !headings.includes(nb.plan.crisis_plan), headings.join(' | '));
  await app.axe(page, 'plan, NAV (issue 4)');
  assert.deepEqual(page.errors, []);
});

let kari;

test('Kari sees her plan in plain words: her goal, what will happen, who takes part, who has read it', async () => {
  kari = await app.page();
  await kari.addInitScript(() => {
    window.spoken = [];
    window.speechSynthesis.speak = (u) => window.spoken.push({ text: u.text, lang: u.lang });
  });
  await app.login(kari, 'kari');
  // with one plan, she lands on it
  await kari.locator('.citizen-plan').waitFor();
  assert.equal(new URL(kari.url()).pathname, '/app/plans/1');
  assert.equal(await kari.locator('h1').textContent(), c.title);
  const headings = await kari.locator('main h2').allTextContents();
  assert.deepEqual(headings, [c.dates, c.goals, c.measures, c.group, c.reads, c.access, c.consent, c.messages]);
  // the request that would open her plan without her consent, in her words
  const access = await kari.locator('#cz-access').textContent();
  assert.ok(access.includes(c.access_kind.coordinator) && access.includes(c.access_waiting) && access.includes(selfAppointed), access);
  assert.equal(await kari.locator('.cz-lead').textContent(), c.coordinator_is.replace('{name}', `${plan.coordinator.name}, ${plan.coordinator.organisation_name}`));
  assert.match(await kari.locator('#cz-goals .own-words').first().textContent(), /Å bo i egen leilighet/);
  // measures with who is responsible, by name
  const measures = await kari.locator('#cz-measures').textContent();
  const named = plan.measures.find((m) => m.responsible_name);
  assert.ok(measures.includes(named.responsible_name), measures);
  // the group, with names and agencies
  const group = await kari.locator('#cz-group').textContent();
  assert.ok(group.includes(therapistName()), group);
  // the therapist's read is in her access log
  const reads = kari.locator('#cz-reads');
  await reads.getByText(therapistName()).first().waitFor();
  await app.axe(kari, 'the citizen\'s plan');
  await app.shot(kari, 'citizen-plan');
  await reads.screenshot({ path: join(ARTIFACTS, 'citizen-access-log.png') });
  assert.deepEqual(kari.errors, []);
});

test('Kari writes a goal in her own words and a comment; both are kept exactly', async () => {
  await kari.locator('#cz-goal-text').fill(GOAL);
  await kari.getByRole('button', { name: c.save_goal }).click();
  await kari.locator('#cz-goals .own-words', { hasText: GOAL }).waitFor();
  await kari.locator('#cz-goal-status', { hasText: c.goal_saved }).waitFor();
  const goals = (await coordinator('GET', '/plans/1/goals', undefined, 200)).items;
  const mine = goals.find((g) => g.text === GOAL);
  assert.ok(mine, 'the goal is stored exactly');
  assert.equal(mine.written_by, 'owner');
  // an empty comment is named, not sent
  await kari.getByRole('button', { name: c.send }).click();
  await kari.locator('#cz-comment-status', { hasText: c.write_something }).waitFor();
  assert.equal(await kari.locator('#cz-comment-text').getAttribute('aria-invalid'), 'true');
  await kari.locator('#cz-comment-text').fill(COMMENT);
  await kari.getByRole('button', { name: c.send }).click();
  await kari.locator('#cz-messages .own-words', { hasText: COMMENT }).waitFor();
  const messages = (await coordinator('GET', '/plans/1/messages', undefined, 200)).items;
  const m = messages.find((x) => x.text === COMMENT);
  assert.equal(m.author_role, 'owner');
  assert.equal(m.author_name, 'Kari Johansen');
  await app.axe(kari, 'the citizen\'s plan, goal and comment written');
  assert.deepEqual(kari.errors, []);
});

test('S3: Kari withdraws the therapist\'s consent (after a confirmation); his next look is "not found"; her log keeps his read', async () => {
  const card = kari.locator('.cz-consent', { hasText: therapistName() });
  await card.getByRole('button', { name: c.withdraw }).click();
  const question = card.locator('.cz-confirm');
  await question.waitFor();
  assert.equal(await kari.evaluate(() => document.activeElement.className), 'cz-confirm', 'the question takes the focus');
  await app.axe(kari, 'withdrawal, confirmation');
  await kari.locator('#cz-consent').screenshot({ path: join(ARTIFACTS, 'citizen-consent.png') });
  // "no" leaves it as it was
  await card.getByRole('button', { name: c.withdraw_no }).click();
  assert.equal((await coordinator('GET', `/plans/1/consents/${therapistConsent}`, undefined, 200)).state, 'active');
  await card.getByRole('button', { name: c.withdraw }).click();
  await card.getByRole('button', { name: c.withdraw_yes }).click();
  await kari.locator('#cz-consent .status', { hasText: c.withdrawn }).waitFor();
  assert.equal(await kari.locator('.cz-consent', { hasText: therapistName() }).count(), 0);
  assert.equal((await coordinator('GET', `/plans/1/consents/${therapistConsent}`, undefined, 200)).state, 'withdrawn');
  await app.axe(kari, 'withdrawal done');

  // the therapist: the plan does not exist for him any more (R5)
  const res = await planAnswer(therapist, () => therapist.goto('/app/plans/1'));
  assert.equal(res.status(), 404);
  await therapist.locator('.alert', { hasText: nb.plan.not_found }).waitFor();
  assert.ok(!(await res.text()).includes('Kari'), 'the refusal shows nothing of the plan');
  await app.axe(therapist, 'plan not found, therapist');
  assert.deepEqual(therapist.errors, []);

  // Kari's access log still shows his earlier read
  await kari.reload();
  await kari.locator('#cz-reads').getByText(therapistName()).first().waitFor();
  assert.deepEqual(kari.errors, []);
});

test('large text and read aloud work on her page by keyboard', async () => {
  const size = () => kari.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  const normal = await size();
  await kari.locator('#large-text').focus();
  await kari.keyboard.press('Enter');
  assert.equal(await kari.locator('#large-text').getAttribute('aria-pressed'), 'true');
  assert.ok((await size()) >= normal * 1.25);
  const buttonHeight = await kari.getByRole('button', { name: c.save_goal }).evaluate((b) => b.getBoundingClientRect().height);
  assert.ok(buttonHeight >= 48, `large touch targets (${buttonHeight} px)`);
  await app.axe(kari, 'the citizen\'s plan, large text');
  await app.shot(kari, 'citizen-plan-large-text');
  await kari.keyboard.press('Space');
  assert.equal(await kari.locator('#large-text').getAttribute('aria-pressed'), 'false');
  await kari.locator('#read-aloud').focus();
  await kari.keyboard.press('Enter');
  const spoken = await kari.evaluate(() => window.spoken);
  assert.equal(spoken.length, 1);
  assert.equal(spoken[0].lang, 'nb-NO');
  assert.ok(spoken[0].text.includes(c.goals) && spoken[0].text.includes(GOAL), 'reads her page, her words included');
  assert.deepEqual(kari.errors, []);
});
