// consent_replace.test.mjs - a new consent for the same recipients replaces
// the one in force (issue 12 point 7; docs/security.md "One consent per
// recipients"), and a refusal says why only to someone who sees the plan
// ("A refusal says why"): a section of a visible plan that the consent does
// not cover answers 404 section_not_consented, an invisible plan 404 not_found.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildFixture, extraPlan, consentBody, today, addDays } from './fixture.mjs';

let f;
before(async () => { f = await buildFixture(); });
after(async () => { await f?.h.stop(); });

const NAV_GM = () => [{ organisation_id: f.ids.org.nav, sections: ['goals', 'measures'] }];
const consentsOf = async (x) => (await f.as('coordinator').get(`${x.path}/consents`)).items;
const byId = (items, id) => items.find((c) => c.id === id);

test('a new consent for the same recipients ends the earlier one, in the history with a reason, and holds on the next request (R4)', async () => {
  const t = today();
  const x = await extraPlan(f, { grants: NAV_GM(), from: addDays(t, -30), to: addDays(t, 300), activate: true });
  const nav = f.as('nav');
  await nav.get(`${x.path}/measures`);
  const c = f.as('coordinator');
  const fresh = await c.post(`${x.path}/consents`, consentBody([{ organisation_id: f.ids.org.nav, sections: ['goals'] }], { from: t, to: addDays(t, 365) }));

  const items = await consentsOf(x);
  const old = byId(items, x.consent);
  assert.equal(old.state, 'replaced');
  assert.equal(old.replaced_by, fresh.id);
  assert.equal(old.valid_to, addDays(t, -1), 'the earlier one ends the day before the new one holds');
  assert.equal(byId(items, fresh.id).state, 'active');
  assert.equal(items.filter((k) => k.state === 'active' || k.state === 'not_yet_valid').length, 1, 'one consent in force');

  // the plan's history: the earlier consent's end, before -> after, with the reason
  const hist = (await c.get(`${x.path}/history?limit=200`)).items;
  const entry = hist.find((e) => e.object_type === 'consent' && e.object_id === x.consent && e.action === 'update');
  assert.ok(entry, JSON.stringify(hist.map((e) => [e.action, e.object_type, e.object_id])));
  assert.equal(entry.data.before.valid_to, addDays(t, 300));
  assert.equal(entry.data.after.valid_to, addDays(t, -1));
  assert.equal(entry.data.after.replaced_by, fresh.id);
  assert.match(entry.data.after.reason, /replaced by a new consent/);

  // R4: the narrower consent decides the very next request; R1: the plan is still active
  const r = await nav.api('GET', `${x.path}/measures`);
  assert.equal(r.status, 404, r.text);
  assert.equal(r.body.error.code, 'section_not_consented');
  await nav.get(`${x.path}/goals`);
  assert.equal((await c.get(x.path)).status, 'active');

  // a replaced consent is not changed afterwards
  const p = await c.api('PATCH', `${x.path}/consents/${x.consent}`, { body: { valid_to: addDays(t, 400) }, headers: { 'If-Match': `"${old.version}"` } });
  assert.equal(p.status, 409, p.text);
  assert.equal(p.body.error.code, 'consent_replaced');
});

test('different recipients do not replace: another agency, or a staff member instead of her agency', async () => {
  const t = today();
  const x = await extraPlan(f, { grants: NAV_GM(), participants: ['nils', 'gunnar'] });
  const c = f.as('coordinator');
  const gp = await c.post(`${x.path}/consents`, consentBody([{ staff_id: f.ids.staff.gunnar, sections: ['goals'] }], { from: t }));
  const person = await c.post(`${x.path}/consents`, consentBody([{ staff_id: f.ids.staff.nils, sections: ['goals'] }], { from: t }));
  const both = await c.post(`${x.path}/consents`, consentBody([
    { organisation_id: f.ids.org.nav, sections: ['goals'] }, { staff_id: f.ids.staff.gunnar, sections: ['goals'] }], { from: t }));
  const items = await consentsOf(x);
  for (const id of [x.consent, gp.id, person.id, both.id]) {
    assert.equal(byId(items, id).state, 'active', `consent ${id}`);
    assert.equal(byId(items, id).replaced_by, null, `consent ${id}`);
  }
  // the same recipients in another order, with other sections: replaces `both` only
  const again = await c.post(`${x.path}/consents`, consentBody([
    { staff_id: f.ids.staff.gunnar, sections: ['measures'] }, { organisation_id: f.ids.org.nav, sections: ['goals'] }], { from: t }));
  const later = await consentsOf(x);
  assert.equal(byId(later, both.id).replaced_by, again.id);
  for (const id of [x.consent, gp.id, person.id]) assert.equal(byId(later, id).replaced_by, null, `consent ${id}`);
});

test('a new consent from a later day: the earlier one holds until the day before (no day without one); one not yet begun never holds', async () => {
  const t = today();
  const x = await extraPlan(f, { grants: NAV_GM(), from: addDays(t, -10), to: addDays(t, 300) });
  const c = f.as('coordinator');
  const fresh = await c.post(`${x.path}/consents`, consentBody([{ organisation_id: f.ids.org.nav, sections: ['goals'] }], { from: addDays(t, 10), to: addDays(t, 400) }));
  let items = await consentsOf(x);
  assert.equal(byId(items, x.consent).valid_to, addDays(t, 9));
  assert.equal(byId(items, x.consent).state, 'active');
  assert.equal(byId(items, x.consent).replaced_by, fresh.id);
  assert.equal(byId(items, fresh.id).state, 'not_yet_valid');
  await f.as('nav').get(`${x.path}/measures`); // the earlier one still holds today
  // its end is no consent running out: "Mine saker" does not list it (nor the new one, not begun)
  const w = await c.get('/api/v1/worklist');
  assert.deepEqual(w.consents_expiring.filter((k) => k.plan_id === x.id), []);

  // a consent not begun yet, replaced by one from today: it never holds
  const y = await extraPlan(f, { grants: NAV_GM(), from: addDays(t, 5), to: addDays(t, 300) });
  const now = await c.post(`${y.path}/consents`, consentBody([{ organisation_id: f.ids.org.nav, sections: ['goals'] }], { from: t, to: addDays(t, 200) }));
  items = await consentsOf(y);
  assert.equal(byId(items, y.consent).state, 'replaced');
  assert.equal(byId(items, y.consent).valid_to, addDays(t, -1));
  assert.equal(byId(items, now.id).state, 'active');

  // a consent that has ended already, or one that ends before the earlier would hold, replaces nothing
  const z = await extraPlan(f, { grants: NAV_GM(), from: addDays(t, -10), to: addDays(t, 300) });
  await c.post(`${z.path}/consents`, consentBody([{ organisation_id: f.ids.org.nav, sections: ['goals'] }], { from: '2020-01-01', to: '2021-01-01' }));
  await c.post(`${z.path}/consents`, consentBody([{ organisation_id: f.ids.org.nav, sections: ['goals'] }], { from: addDays(t, 301), to: addDays(t, 500) }));
  items = await consentsOf(z);
  assert.equal(byId(items, z.consent).replaced_by, null);
  assert.equal(byId(items, z.consent).valid_to, addDays(t, 300));
});

test('a refusal says why only to a reader who sees the plan: section_not_consented for her, not_found for everyone else (R5)', async () => {
  const x = await extraPlan(f, { grants: [{ organisation_id: f.ids.org.nav, sections: ['goals'] }], activate: true });
  const code = async (who, path) => {
    const r = await f.as(who).api('GET', path);
    assert.equal(r.status, 404, `${who} ${path}: ${r.text}`);
    assert.doesNotMatch(r.text, /Ekstra|Person|Mål|Tiltak/, 'the refusal shows nothing of the plan');
    return r.body.error.code;
  };
  // NAV sees the plan (goals): each other section says why
  for (const s of ['measures', 'evaluations', 'participants', 'consents', 'history', 'messages', 'access-log']) {
    assert.equal(await code('nav', `${x.path}/${s}`), 'section_not_consented', s);
  }
  assert.equal(await code('nav', `${x.path}/measures/${x.measure}`), 'section_not_consented');
  // the coordinating unit sees the plan section only: told why as well
  assert.equal(await code('ke', `${x.path}/goals`), 'section_not_consented');
  // those who may not know of the plan: as if it did not exist, whatever they ask for
  for (const who of ['nav2', 'sara', 'nurse', 'otherCitizen']) {
    for (const s of ['', '/goals', '/measures', '/history', `/measures/${x.measure}`]) {
      assert.equal(await code(who, `${x.path}${s}`), 'not_found', `${who} ${s}`);
    }
  }
  // nor does a plan that is not there, or one whose consent ended
  assert.equal(await code('nav', '/api/v1/plans/999999/measures'), 'not_found');
  assert.equal(await code('nav', `/api/v1/plans/${f.ids.plans.withdrawn}/measures`), 'not_found');
  assert.equal(await code('nav', `/api/v1/plans/${f.ids.plans.expired}/goals`), 'not_found');
  // writes in a visible plan stay 403 forbidden
  const w = await f.as('nav').api('POST', `${x.path}/measures`, { body: { goal_id: x.goal, description: 'Nytt' } });
  assert.equal(w.status, 403, w.text);
  assert.equal(w.body.error.code, 'forbidden');
});

test('the printed form has what it needs: the municipality\'s name (GET /me) and how to reach the coordinator (GET /plans/{id})', async () => {
  const me = await f.as('coordinator').get('/api/v1/me');
  assert.equal(me.tenant_name, 'Testkommune');
  const admin = f.as('admin');
  const ola = await admin.get(`/api/v1/staff/${f.ids.staff.ola}`);
  await admin.patch(`/api/v1/staff/${f.ids.staff.ola}`, { phone: '+47 900 00 001', email: 'ola@example.no' }, ola.version);
  const plan = await f.as('owner').get(`/api/v1/plans/${f.ids.plans.active}`);
  assert.equal(plan.coordinator.staff_id, f.ids.staff.ola);
  assert.equal(plan.coordinator.phone, '+47 900 00 001');
  assert.equal(plan.coordinator.email, 'ola@example.no');
});
