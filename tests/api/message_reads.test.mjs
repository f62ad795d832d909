// message_reads.test.mjs - issue 12 point 3 through the API: what each reader
// has seen of a plan's thread (PUT /plans/{id}/messages/seen) and the unread
// counts "Mine saker" shows per plan (GET /worklist, plans[].unread_messages):
// only messages others wrote after her marker, consent requests only for those
// who see the consents, no count where the reader may not read the messages,
// and a read of the thread marks nothing. The access matrix
// (access_matrix.test.mjs) probes the route as every actor.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildFixture, client, account, freshNid, freshUsername, addDays, consentBody } from './fixture.mjs';

let f;
let ke;
let ola;
let nav;
let dps;
before(async () => {
  f = await buildFixture();
  ke = f.as('ke');
  ola = f.as('coordinator');
  nav = f.as('nav');
  dps = f.as('dps');
});
after(async () => { await f.h.stop(); });

// A plan of its own: an owner with a log-in, Ola coordinating, NAV (Nils)
// whose consent covers messages and the DPS therapist (Dina) whose consent
// does not.
async function ownPlan() {
  const person = await ke.post('/api/v1/persons', { national_id: freshNid(), given_name: 'Siri', family_name: 'Lesestad' });
  const acc = account(f.h.db, freshUsername('siri'), { role: 'citizen', personId: person.id });
  const owner = client(f.h, acc.token, 'owner');
  const plan = await ke.post('/api/v1/plans', { person_id: person.id, title: 'Siris plan', revision_date: addDays(f.today, 180) });
  const p = `/api/v1/plans/${plan.id}`;
  await ke.put(`${p}/coordinator`, { staff_id: f.ids.staff.ola });
  await ola.post(`${p}/participants`, { staff_id: f.ids.staff.nils, organisation_id: f.ids.org.nav, role: 'nav' });
  await ola.post(`${p}/participants`, { staff_id: f.ids.staff.dina, role: 'specialist' });
  const consent = (await ola.post(`${p}/consents`, consentBody([
    { organisation_id: f.ids.org.nav, sections: ['goals', 'measures', 'messages'] },
    { organisation_id: f.ids.org.dps, sections: ['goals', 'measures'] },
  ], { from: f.today, to: addDays(f.today, 364) }))).id;
  return { id: plan.id, p, owner, consent };
}

// The plan's row in the reader's worklist.
async function row(who, id) {
  const w = await who.get('/api/v1/worklist');
  const r = w.plans.find((x) => x.id === id);
  assert.ok(r, `${who.name}: plan ${id} is in the worklist`);
  return r;
}
const unread = async (who, id) => (await row(who, id)).unread_messages;

test('unread counts: messages others wrote, consent requests only for readers of the consents, none without the messages', async () => {
  const k = await ownPlan();
  assert.equal(await unread(ola, k.id), 0, 'a thread with nothing in it: 0');
  await k.owner.post(`${k.p}/messages`, { kind: 'comment', text: 'Jeg kan ikke komme på møtet 12. desember' });
  assert.equal(await unread(ola, k.id), 1);
  assert.equal(await unread(nav, k.id), 1);
  await k.owner.post(`${k.p}/messages`, { kind: 'consent_change_request', consent_id: k.consent, text: 'NAV skal ikke se tiltakene' });
  assert.equal(await unread(ola, k.id), 2, 'the coordinator sees the consent request');
  assert.equal(await unread(nav, k.id), 1, 'a participant does not: requests are about consent');
  await ola.post(`${k.p}/messages`, { kind: 'comment', text: 'Vi flytter møtet' });
  assert.equal(await unread(ola, k.id), 2, 'her own message is not unread for her');
  assert.equal(await unread(nav, k.id), 2);
  // Dina's consent does not cover messages: the plan is hers to see, its thread not
  const d = await row(dps, k.id);
  assert.equal(Object.prototype.hasOwnProperty.call(d, 'unread_messages'), false, JSON.stringify(d));
  // reading the thread marks nothing (a GET stays a read)
  await ola.get(`${k.p}/messages`);
  assert.equal(await unread(ola, k.id), 2);
});

test('PUT /messages/seen moves her marker forward only, and the count follows', async () => {
  const k = await ownPlan();
  const first = await k.owner.post(`${k.p}/messages`, { kind: 'comment', text: 'Første' });
  const second = await k.owner.post(`${k.p}/messages`, { kind: 'comment', text: 'Andre' });
  assert.equal(await unread(ola, k.id), 2);
  const seen = await ola.put(`${k.p}/messages/seen`, { message_id: first.id });
  assert.equal(seen.plan_id, k.id);
  assert.equal(seen.message_id, first.id);
  assert.match(seen.seen_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.equal(await unread(ola, k.id), 1);
  assert.equal((await ola.put(`${k.p}/messages/seen`, { message_id: second.id })).message_id, second.id);
  assert.equal(await unread(ola, k.id), 0);
  // an older page does not make seen messages unread again
  assert.equal((await ola.put(`${k.p}/messages/seen`, { message_id: first.id })).message_id, second.id);
  assert.equal(await unread(ola, k.id), 0);
  // one reader's marker is hers alone
  assert.equal(await unread(nav, k.id), 2);
  await k.owner.post(`${k.p}/messages`, { kind: 'comment', text: 'Tredje' });
  assert.equal(await unread(ola, k.id), 1);
  assert.equal(await unread(nav, k.id), 3);
  // the owner marks her own reading too (she reads the thread)
  assert.equal((await k.owner.put(`${k.p}/messages/seen`, { message_id: second.id })).message_id, second.id);
  // the plan did not change: the marker is no part of it
  const before = (await ola.get(k.p)).revision;
  await nav.put(`${k.p}/messages/seen`, { message_id: second.id });
  assert.equal((await ola.get(k.p)).revision, before);
  assert.equal(await unread(nav, k.id), 1);
});

test('PUT /messages/seen names what was wrong, and refuses those who may not read the thread', async () => {
  const k = await ownPlan();
  const other = await ownPlan();
  const mine = await k.owner.post(`${k.p}/messages`, { kind: 'comment', text: 'Hei' });
  const request = await k.owner.post(`${k.p}/messages`, { kind: 'consent_withdrawal_request', text: 'Trekk NAV' });
  const theirs = await other.owner.post(`${other.p}/messages`, { kind: 'comment', text: 'Annen plan' });
  const err = async (who, body, status, code, field) => {
    const r = await who.api('PUT', `${k.p}/messages/seen`, { body });
    assert.equal(r.status, status, r.text);
    assert.equal(r.body.error.code, code, r.text);
    if (field !== undefined) assert.equal(r.body.error.field, field, r.text);
  };
  await err(ola, { message_id: theirs.id }, 422, 'unknown_reference', 'message_id');
  await err(ola, { message_id: 999999999 }, 422, 'unknown_reference', 'message_id');
  await err(ola, {}, 422, 'required', 'message_id');
  await err(ola, { message_id: 'x' }, 422, 'wrong_type', 'message_id');
  await err(ola, { message_id: 0 }, 422, 'wrong_type', 'message_id');
  await err(ola, { message_id: mine.id, also: 1 }, 422, 'unknown_field', 'also');
  // a consent request is no message of NAV's thread
  await err(nav, { message_id: request.id }, 422, 'unknown_reference', 'message_id');
  assert.equal((await nav.put(`${k.p}/messages/seen`, { message_id: mine.id })).message_id, mine.id);
  // the coordinator sees it, and marks up to it
  assert.equal((await ola.put(`${k.p}/messages/seen`, { message_id: request.id })).message_id, request.id);
  // Dina and the coordinating unit see the plan but read no messages of it (told why:
  // security.md "A refusal says why"), Sara nothing of it (R5: as if it did not exist)
  await err(dps, { message_id: mine.id }, 404, 'section_not_consented');
  await err(f.as('sara'), { message_id: mine.id }, 404, 'not_found');
  await err(f.as('ke'), { message_id: mine.id }, 404, 'section_not_consented');
  // a GET of the marker's path is no read of it
  assert.equal((await ola.api('GET', `${k.p}/messages/seen`)).status, 405);
});

test('marking the thread seen leaves its audit entry (action seen, section messages) and no entry in her access log', async () => {
  const k = await ownPlan();
  const m = await k.owner.post(`${k.p}/messages`, { kind: 'comment', text: 'Logg' });
  await nav.put(`${k.p}/messages/seen`, { message_id: m.id });
  const audit = await ke.get(`/api/v1/audit?account_id=${f.accounts.nav}&limit=500`);
  const entry = audit.items.find((x) => x.action === 'seen' && x.plan_id === k.id);
  assert.ok(entry, JSON.stringify(audit.items.slice(0, 3)));
  assert.equal(entry.section, 'messages');
  assert.equal(entry.object, 'plan');
  const log = await k.owner.get(`${k.p}/access-log?limit=100`);
  assert.equal(log.items.filter((x) => x.account_id === f.accounts.nav).length, 0, JSON.stringify(log.items));
});
