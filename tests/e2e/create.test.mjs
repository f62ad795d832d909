// create.test.mjs - issue 12 point 1 in the browser, played as the
// coordinating unit does its core job: it registers a person, changes her
// details and adds an address and next of kin, opens a case for her, and
// creates her individual plan from the case; the overview's number of persons
// entitled to a plan who have none opens that list, each with a way to start
// one. A staff member of a unit that does not receive requests is not offered
// the registration. axe on every new page and state; screenshots in
// build/e2e-artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, words } from './harness.mjs';
import { syntheticNid } from '../api/harness.mjs';

const nb = words('nb');
const c = nb.staff.create;
let app;
let ke;
let api;

before(async () => {
  app = await startApp();
  api = (method, path, body) => app.as('ke').api(method, `/api/v1${path}`, { body });
});

after(async () => {
  await app.stop();
});

const nid = syntheticNid(4242);
const shown = `${nid.slice(0, 6)} ${nid.slice(6)}`;
let personPath;

test('the coordinating unit registers a person, changes her details, adds an address and next of kin', async () => {
  ke = await app.page();
  await app.login(ke, 'ke');
  // every role she has is told in words (the unit that receives requests too)
  const roles = await ke.locator('ul.roles').textContent();
  assert.ok(!/role\./.test(roles), roles);
  assert.ok(roles.includes(nb.role.intake.split(' {')[0]), roles);
  await ke.goto('/app/persons');
  await ke.getByRole('button', { name: c.register }).click();
  await app.axe(ke, 'register a person: the form');
  // an empty required field is named, in words, and nothing is sent
  await ke.getByRole('button', { name: c.register_submit }).click();
  await ke.locator('.edit-form [role="alert"]').filter({ hasText: c.national_id }).waitFor();
  // a wrong national ID number is named by the form's label, never by the API's field name
  await ke.getByLabel(c.national_id).fill('01010112345');
  await ke.getByLabel(c.given_name).fill('Åse Ánde');
  await ke.getByLabel(c.family_name).fill('Nyregistrert-Øvre');
  await ke.getByRole('button', { name: c.register_submit }).click();
  const wrong = ke.locator('.edit-form [role="alert"]').filter({ hasText: nb.error.invalid.replace('{field}', c.national_id) });
  await wrong.waitFor();
  assert.ok(!/national_id|«\s*»/.test(await wrong.textContent()), await wrong.textContent());
  await ke.getByLabel(c.national_id).fill(shown); // typed with the usual space
  await ke.getByLabel(c.given_name).fill('Åse Ánde');
  await ke.getByLabel(c.family_name).fill('Nyregistrert-Øvre');
  await ke.getByLabel(c.phone, { exact: true }).fill('+47 400 12 345');
  await ke.getByRole('button', { name: c.register_submit }).click();
  await ke.locator('h1', { hasText: 'Åse Ánde Nyregistrert-Øvre' }).waitFor();
  personPath = new URL(ke.url()).pathname;
  assert.match(personPath, /^\/app\/persons\/\d+$/);
  await ke.getByText(c.registered).waitFor();
  await app.axe(ke, 'the registered person');

  // her details and communication needs
  await ke.getByRole('button', { name: c.edit }).click();
  // every language offered has a name, the Sami languages too, never a bare code
  const langs = await ke.getByLabel(c.language).locator('option').evaluateAll((os) => os.map((o) => [o.value, o.textContent]));
  assert.ok(langs.every(([v, l]) => !v || (l && l !== v && !/^[a-z]{2,3}$/.test(l))), JSON.stringify(langs));
  for (const code of ['se', 'smj', 'sma']) assert.equal(langs.find(([v]) => v === code)[1], nb.language[code]);
  assert.equal(nb.language.se, 'nordsamisk');
  await ke.getByLabel(c.email).fill('ase@example.org');
  await ke.getByLabel(nb.staff.need.interpreter, { exact: true }).check();
  await ke.getByLabel(c.communication_note).fill('Foretrekker telefon før kl. 12 – «ikke SMS»');
  await ke.getByRole('button', { name: c.save }).click();
  await ke.getByText(c.saved).waitFor();
  const facts = await ke.locator('#communication').textContent();
  assert.ok(facts.includes(nb.staff.need.interpreter) && facts.includes('«ikke SMS»'), facts);

  // an address and next of kin
  await ke.getByRole('button', { name: c.add_address }).click();
  await ke.getByLabel(c.street).fill('Nyveien 12 B');
  // a bad postal code is named by the form's label
  await ke.getByLabel(c.postal_code).fill('960');
  await ke.getByRole('button', { name: c.add, exact: true }).click();
  const badCode = ke.locator('.edit-form [role="alert"]').filter({ hasText: c.postal_code });
  await badCode.waitFor();
  assert.ok(!/postal_code/.test(await badCode.textContent()), await badCode.textContent());
  assert.equal(await ke.getByLabel(c.postal_code).getAttribute('aria-invalid'), 'true');
  await ke.getByLabel(c.postal_code).fill('9600');
  await ke.getByLabel(c.city).fill('Fjordvik');
  await ke.getByRole('button', { name: c.add, exact: true }).click();
  await ke.getByText(c.address_added).waitFor();
  assert.ok((await ke.locator('#addresses').textContent()).includes('Nyveien 12 B'));
  await ke.getByRole('button', { name: c.add_kin }).click();
  await ke.getByLabel(c.kin_name).fill('Ola Nyregistrert');
  await ke.getByLabel(c.relation).selectOption('sibling');
  // a field the form does not have, and the words do not know, is never shown by its name
  await ke.route((url) => /\/next-of-kin$/.test(url.pathname), (route) => route.fulfill({
    status: 422, contentType: 'application/json',
    body: JSON.stringify({ error: { code: 'invalid_value', message: 'x', field: 'zz_internal_name' } }),
  }), { times: 1 });
  await ke.getByRole('button', { name: c.add, exact: true }).click();
  const neutral = ke.locator('.edit-form [role="alert"]').filter({ hasText: nb.error.invalid_unnamed });
  await neutral.waitFor();
  assert.ok(!/zz_internal_name/.test(await neutral.textContent()));
  await ke.getByRole('button', { name: c.add, exact: true }).click();
  await ke.getByText(c.kin_added).waitFor();
  assert.ok((await ke.locator('#kin').textContent()).includes('Ola Nyregistrert'));
  await app.axe(ke, 'the person after changes');
  await app.shot(ke, 'create-person');

  // the API holds what was typed, the national ID number without the space
  const id = Number(personPath.split('/').pop());
  const p = (await api('GET', `/persons/${id}`)).body;
  assert.equal(p.national_id, nid);
  assert.deepEqual(p.communication_needs, ['interpreter']);
  assert.equal(p.email, 'ase@example.org');
  assert.deepEqual(ke.errors, []);
});

let casePath;

test('she opens a case for the person, and creates the individual plan from the case', async () => {
  await ke.getByRole('button', { name: c.open_case }).click();
  await app.axe(ke, 'open a case: the form');
  await ke.getByLabel(c.case_title).fill('Trenger hjelp med bolig og økonomi');
  await ke.getByLabel(c.channel).selectOption('phone');
  await ke.getByLabel(c.urgency).selectOption('high');
  // the lead units are the municipality's own (no NAV, no GP office): the form says "enhet"
  assert.equal(c.lead, 'Ansvarlig enhet');
  await ke.getByText(c.lead_hint).waitFor();
  const lead = ke.getByLabel(c.lead);
  await lead.locator('option', { hasText: 'Oppfølgingstjenesten' }).first().waitFor({ state: 'attached' });
  const options = await lead.locator('option').allTextContents();
  assert.ok(!options.some((o) => /NAV|legekontor/i.test(o)), options.join(' | '));
  await lead.selectOption({ label: options.find((o) => /Oppfølgingstjenesten/.test(o)) });
  await ke.getByRole('button', { name: c.open_case_submit }).click();
  await ke.locator('h1', { hasText: 'Trenger hjelp med bolig og økonomi' }).waitFor();
  casePath = new URL(ke.url()).pathname;
  assert.match(casePath, /^\/app\/cases\/\d+$/);
  await ke.getByText(c.case_opened).waitFor();
  // the case page, which may show any organisation, says "virksomhet"
  await ke.locator('main').getByText(nb.staff.lead, { exact: true }).first().waitFor();
  // the case's history starts with its opening, in words, by her name
  const hist = ke.locator('#case-history');
  await hist.getByText(nb.staff.case_history.action.create).first().waitFor();
  assert.ok((await hist.textContent()).includes('Hilde Strand'), await hist.textContent());
  await app.axe(ke, 'the new case');

  await ke.getByRole('button', { name: c.start_plan }).click();
  await ke.getByLabel(c.plan_title).fill('Plan for Åse – bolig og økonomi');
  await ke.getByRole('button', { name: c.start_plan_submit }).click();
  await ke.locator('h1', { hasText: 'Plan for Åse – bolig og økonomi' }).waitFor();
  assert.match(new URL(ke.url()).pathname, /^\/app\/plans\/\d+$/);
  await ke.getByText(c.plan_started).waitFor();
  // "Aktiver planen" says what is still missing before it is pressed
  const missing = ke.locator('.activation-missing');
  await missing.getByText(nb.editor.activation.missing).waitFor();
  for (const code of ['r1_consent_missing', 'r1_coordinator_missing', 'r8_revision_date_missing', 'plan_goal_missing']) {
    await missing.getByText(nb.editor.activation[code], { exact: true }).waitFor();
  }
  // a plan without a coordinator offers to appoint one, not to change one
  await ke.getByRole('button', { name: nb.editor.appoint_coordinator, exact: true }).waitFor();
  assert.equal(await ke.getByRole('button', { name: nb.editor.change_coordinator, exact: true }).count(), 0);
  await app.axe(ke, 'the new plan');
  await app.shot(ke, 'create-plan');
  // she appoints the coordinator from the municipality's own, each with her load
  await ke.getByRole('button', { name: nb.editor.appoint_coordinator, exact: true }).click();
  const choice = ke.locator('.form-slot form.edit-form').getByLabel(nb.editor.new_coordinator);
  const ola = choice.locator('option', { hasText: 'Ola' }).first();
  await ola.waitFor({ state: 'attached' });
  const olaText = await ola.textContent();
  assert.match(olaText, /\((1 plan|\d+ planer), (1 sak|\d+ saker)\)$/, olaText);
  await choice.selectOption({ label: olaText });
  await app.axe(ke, 'appoint the coordinator: the form');
  await ke.locator('.form-slot form.edit-form').getByRole('button', { name: nb.editor.appoint, exact: true }).click();
  await ke.locator('#plan-status', { hasText: nb.editor.coordinator_changed }).waitFor();
  await ke.getByRole('button', { name: nb.editor.change_coordinator, exact: true }).waitFor();
  assert.equal(await ke.locator('.activation-missing').getByText(nb.editor.activation.r1_coordinator_missing, { exact: true }).count(), 0, 'the coordinator is no longer missing');
  const planId = Number(new URL(ke.url()).pathname.split('/').pop());
  const plan = (await api('GET', `/plans/${planId}`)).body;
  assert.equal(plan.case_id, Number(casePath.split('/').pop()), 'the plan belongs to the case');
  assert.equal(plan.person_id, Number(personPath.split('/').pop()));
  // one open plan per person (R3): the case and the person page offer no second one
  await ke.goto(casePath);
  await ke.locator('h1').waitFor();
  assert.equal(await ke.getByRole('button', { name: c.start_plan }).count(), 0);
  await ke.goto(personPath);
  await ke.locator('#person-plans').waitFor();
  assert.equal(await ke.getByRole('button', { name: c.start_plan }).count(), 0);
  assert.deepEqual(ke.errors, []);
});

test('the overview\'s number of persons entitled to a plan who have none opens that list, with a way to start one', async () => {
  await ke.goto('/app/overview');
  const link = ke.getByRole('link', { name: /Personer med rett til plan som ikke har plan/ });
  const number = Number((await link.textContent()).match(/(\d+)/)[1]);
  assert.ok(number > 0);
  await link.click();
  await ke.locator('h1', { hasText: c.entitled_title }).waitFor();
  const first = ke.locator('ul.entitled > li').first();
  await first.waitFor();
  const name = await first.locator('a').first().textContent();
  const listed = await api('GET', '/persons?entitled_to_plan=true&without_plan=true&limit=500');
  assert.ok(listed.body.items.length >= Math.min(number, 20), 'the list holds the persons behind the number');
  await app.axe(ke, 'persons entitled to a plan without one');
  await first.getByRole('button', { name: c.start_plan_for.replace('{name}', name) }).click();
  await first.getByRole('button', { name: c.start_plan_submit }).click();
  await ke.getByText(c.plan_started).waitFor();
  await ke.goto('/app/overview');
  const after = Number((await ke.getByRole('link', { name: /Personer med rett til plan som ikke har plan/ }).textContent()).match(/(\d+)/)[1]);
  assert.equal(after, number - 1, 'the number counts one fewer');
  assert.deepEqual(ke.errors, []);
});

test('a coordinator of a unit that does not receive requests is not offered the registration', async () => {
  const page = await app.page();
  await app.login(page, 'koordinator');
  // Ola, appointed by the coordinating unit above, is told so in Mine saker
  const told = page.locator('#handovers');
  await told.getByText('Plan for Åse – bolig og økonomi').waitFor();
  // naming whose plan it is, and linking to it
  const planLink = told.getByRole('link', { name: /Plan for Åse – bolig og økonomi/ }).first();
  assert.match(await planLink.textContent(), /Åse Ánde Nyregistrert-Øvre/);
  assert.match(await planLink.getAttribute('href'), /^\/app\/plans\/\d+$/);
  assert.match(await told.textContent(), new RegExp(nb.staff.work.appointed));
  await app.axe(page, 'Mine saker: a new plan to coordinate');
  await page.goto('/app/persons');
  await page.locator('h1').waitFor();
  assert.equal(await page.getByRole('button', { name: c.register }).count(), 0);
  assert.deepEqual(page.errors, []);
});
