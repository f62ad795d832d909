// citizen_read.test.mjs - issue 12 point 9 in the browser: the citizen's page
// is for someone who reads poorly. Kari (who prefers nynorsk in the demo) gets
// nynorsk on her first visit, with nothing in localStorage, and keeps the
// language she then chooses with the switcher; "Kven har lese planen min"
// gives one line per reader and day (twelve reads by her coordinator are one
// line with the count), an emergency read stays apart with its reason; her
// coordinator's phone and the dates ahead are shown; a measure's name is
// explained in plain words under what staff wrote; her own words are upright;
// read aloud reads the plan's content in order, not the page's buttons or
// labels. axe on each state; screenshots in build/e2e-artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startApp, words, ARTIFACTS } from './harness.mjs';

const nb = words('nb');
const nn = words('nn');
const c = nn.citizen;
const READS = 12;
const REASON = 'Funnen forvirra heime, treng kriseplanen';
let app;
let plan;
let kari;
let meAnswer;

const token = (user) => app.as(user).token;

before(async () => {
  app = await startApp();
  const ola = token('koordinator');
  const as = async (tok, method, path, body, want) => {
    const res = await app.server.api(method, `/api/v1${path}`, { token: tok, body });
    assert.equal(res.status, want, `${method} ${path}: ${res.text}`);
    return res.body;
  };
  // an afternoon of work on her plan: the coordinator opens it again and again
  for (let i = 0; i < READS; i++) plan = await as(ola, 'GET', '/plans/1', undefined, 200);
  const olaMe = await as(ola, 'GET', '/me', undefined, 200);
  assert.ok(!('preferred_language' in olaMe), 'a staff account is not given a preferred language');
  // a nurse of the municipality opens it in an emergency, with a reason
  const sara = token('sara');
  await as(sara, 'POST', '/plans/1/emergency-access', { reason: REASON }, 201);
  await as(sara, 'GET', '/plans/1', undefined, 200);
});

after(async () => {
  await app.stop();
});

// The date (Oslo) of a timestamp or a date, as the page writes it in nynorsk.
const nnDate = (page, iso) => page.evaluate((d) => new Intl.DateTimeFormat('nn-NO', {
  dateStyle: 'long', timeZone: /^\d{4}-\d{2}-\d{2}$/.test(d) ? 'UTC' : 'Europe/Oslo',
}).format(new Date(/^\d{4}-\d{2}-\d{2}$/.test(d) ? `${d}T12:00:00Z` : d)), iso);

test('Kari\'s first visit, with nothing in localStorage, is in nynorsk, her preferred language', async () => {
  kari = await app.page({ language: null });
  await kari.addInitScript(() => {
    window.spoken = [];
    window.speechSynthesis.speak = (u) => window.spoken.push({ text: u.text, lang: u.lang });
  });
  await kari.goto('/app/login');
  assert.equal(await kari.evaluate(() => document.documentElement.lang), 'nb', 'before she is known: bokmål');
  const me = kari.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/me' && r.status() === 200);
  await app.login(kari, 'kari');
  meAnswer = await (await me).json();
  assert.equal(meAnswer.preferred_language, 'nn');
  // she lands on her one plan (no list first)
  await kari.locator('.citizen-plan').waitFor();
  assert.equal(new URL(kari.url()).pathname, '/app/plans/1');
  assert.equal(await kari.evaluate(() => document.documentElement.lang), 'nn');
  assert.equal(await kari.locator('#lang').inputValue(), 'nn');
  // a reload (a new start of the application) opens in nynorsk too
  await kari.goto('/app/plans/1');
  await kari.locator('.citizen-plan').waitFor();
  assert.equal(await kari.evaluate(() => document.documentElement.lang), 'nn');
  assert.equal(await kari.locator('h1').textContent(), c.title);
  assert.equal(await kari.evaluate(() => localStorage.getItem('helhet.lang')), null, 'her preference is not taken for a choice');
  const headings = await kari.locator('main h2').allTextContents();
  assert.deepEqual(headings.slice(0, 4), [c.dates, c.goals, c.measures, c.group]);
  await app.axe(kari, 'the citizen\'s plan in nynorsk');
  await app.shot(kari, 'citizen-plan-nn');
  assert.deepEqual(kari.errors, []);
});

test('who has read her plan: one line per reader and day, the emergency read apart with its reason', async () => {
  const log = (await app.server.api('GET', '/api/v1/plans/1/access-log?limit=500', { token: token('kari') })).body.items;
  const name = plan.coordinator.name;
  const day = await nnDate(kari, log.find((r) => r.name === name).at);
  const days = await Promise.all(log.map((r) => nnDate(kari, r.at)));
  const olaToday = log.filter((r, i) => r.name === name && !r.emergency && days[i] === day).length;
  assert.ok(olaToday >= READS, `${olaToday} reads by the coordinator today`);
  const cards = kari.locator('#cz-reads .cz-read');
  const ola = cards.filter({ hasText: name });
  assert.equal(await ola.count(), 1, 'all of the coordinator\'s reads of the day are one line');
  assert.equal(await ola.locator('.cz-name').textContent(), `${name}, ${plan.coordinator.organisation_name}`);
  assert.match(await ola.textContent(), new RegExp(c.reads_times.other.replace('{date}', day).replace('{count}', olaToday)));
  assert.ok((await cards.count()) < log.length, 'fewer lines than reads');
  // the emergency: apart, marked, with the reason, first
  const emergency = kari.locator('#cz-reads .cz-emergency');
  assert.equal(await emergency.count(), 1);
  const text = await emergency.textContent();
  assert.ok(text.includes('Sara Eira') && text.includes(c.emergency) && text.includes(REASON), text);
  assert.equal(await cards.first().getAttribute('class'), 'card cz-read cz-emergency');
  assert.equal(await kari.locator('#cz-reads .cz-read:not(.cz-emergency)', { hasText: 'Sara Eira' }).count(), 0);
  await kari.locator('#cz-reads').screenshot({ path: join(ARTIFACTS, 'citizen-reads-grouped.png') });
  assert.deepEqual(kari.errors, []);
});

test('her coordinator\'s phone and the dates ahead are shown', async () => {
  const contact = kari.locator('.cz-contact');
  assert.ok(plan.coordinator.phone, 'the demo coordinator has a work phone');
  const phone = contact.getByRole('link', { name: plan.coordinator.phone });
  assert.equal(await phone.getAttribute('href'), `tel:${plan.coordinator.phone.replace(/[^+0-9]/g, '')}`);
  assert.ok((await contact.textContent()).includes(`${c.phone}${plan.coordinator.phone}`));
  assert.equal(await contact.getByRole('link', { name: plan.coordinator.email }).getAttribute('href'), `mailto:${plan.coordinator.email}`);
  const today = await kari.evaluate(() => new Date().toISOString().slice(0, 10));
  const going = (x) => !['cancelled', 'ended', 'achieved', 'dropped'].includes(x.status);
  const next = [...plan.goals, ...plan.measures].filter((x) => going(x) && x.evaluation_date >= today).map((x) => x.evaluation_date).sort()[0];
  assert.ok(next && plan.revision_date && plan.period_to, 'the demo plan has dates ahead');
  const dates = kari.locator('#cz-dates dl div');
  assert.deepEqual(await dates.allTextContents(), [
    `${c.date_evaluation}${await nnDate(kari, next)}`,
    `${c.date_revision}${await nnDate(kari, plan.revision_date)}`,
    `${c.date_period_end}${await nnDate(kari, plan.period_to)}`,
  ]);
  assert.deepEqual(kari.errors, []);
});

test('a measure\'s name is explained in plain words, under what staff wrote; her own words are upright', async () => {
  const dps = plan.measures.find((m) => m.description === 'Poliklinisk behandling ved DPS');
  assert.ok(dps, 'the demo plan has the DPS measure');
  const card = kari.locator('#cz-measures li', { has: kari.locator('h3', { hasText: dps.description }) });
  assert.equal(await card.locator('h3').textContent(), dps.description, 'what staff wrote, as written');
  assert.equal(await card.locator('.cz-plain').textContent(), `${c.plain_means}: ${c.plain_words['poliklinisk behandling ved dps']}`);
  const styles = await kari.locator('.citizen-plan .own-words').evaluateAll((els) => els.map((e) => getComputedStyle(e).fontStyle));
  assert.ok(styles.length >= 1);
  assert.deepEqual([...new Set(styles)], ['normal'], 'no italics for her own words');
  assert.deepEqual(kari.errors, []);
});

test('read aloud reads the plan\'s content in reading order, not the buttons or the form labels', async () => {
  await kari.locator('#read-aloud').focus();
  await kari.keyboard.press('Enter');
  const spoken = await kari.evaluate(() => window.spoken);
  assert.equal(spoken.length, 1);
  assert.equal(spoken[0].lang, 'nb-NO');
  const text = spoken[0].text;
  const goal = plan.goals.find((g) => g.kind === 'main').text;
  const order = [c.title, plan.coordinator.name, plan.coordinator.phone, c.dates, c.goals, goal, c.measures,
    'Poliklinisk behandling ved DPS', c.plain_words['poliklinisk behandling ved dps'], c.group, c.reads, c.consent];
  const at = order.map((x) => text.indexOf(x));
  for (let i = 0; i < order.length; i++) assert.ok(at[i] >= 0, `read aloud includes «${order[i]}»`);
  for (let i = 1; i < order.length; i++) assert.ok(at[i - 1] < at[i], `«${order[i - 1]}» before «${order[i]}»`);
  const lines = text.split('\n');
  for (const control of [c.save_goal, c.send, c.withdraw, c.ask_change, c.write_goal, c.write_comment, nn.plan.back, nn.app.read_aloud]) {
    assert.ok(!text.includes(control), `read aloud says the control «${control}»`);
  }
  assert.ok(lines.every((l) => l.trim()), 'no empty pieces');
  await app.axe(kari, 'the citizen\'s plan in nynorsk, reading aloud');
  assert.deepEqual(kari.errors, []);
});

test('a language she chooses with the switcher wins over her preferred one, also after a reload', async () => {
  await kari.selectOption('#lang', 'nb');
  await kari.locator('h1', { hasText: nb.citizen.title }).waitFor();
  await kari.reload();
  await kari.locator('.citizen-plan').waitFor();
  assert.equal(await kari.evaluate(() => document.documentElement.lang), 'nb');
  assert.equal(await kari.locator('#cz-dates h2').textContent(), nb.citizen.dates);
  const dps = kari.locator('#cz-measures .cz-plain').first();
  assert.ok((await dps.textContent()).startsWith(`${nb.citizen.plain_means}: `));
  await app.axe(kari, 'the citizen\'s plan, bokmål chosen');
  assert.deepEqual(kari.errors, []);
});
