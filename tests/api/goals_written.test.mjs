// goals_written.test.mjs - who wrote a goal (issue 12 point 6): the server
// records the writer from the session (the owner, her representative, a staff
// member alone, or a staff member together with the owner), names them in
// every answer that carries the goal, and no client chooses another writer.
// A citizen's name reaches only readers who may know persons by name (not an
// external partner); the history keeps the writer by id, never by name.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { assertError } from './harness.mjs';
import { buildFixture } from './fixture.mjs';

let f;
let p;
let goals; // text -> the goal as created
before(async () => {
  f = await buildFixture();
  p = `/api/v1/plans/${f.ids.plans.active}`;
  goals = {
    own: await f.as('owner').post(`${p}/goals`, { kind: 'main', text: 'Kari skrev selv' }),
    rep: await f.as('representative').post(`${p}/goals`, { kind: 'main', text: 'Lise skrev for Kari' }),
    staff: await f.as('coordinator').post(`${p}/goals`, { kind: 'main', text: 'Ola skrev alene' }),
    together: await f.as('coordinator').post(`${p}/goals`, { kind: 'main', text: 'Ola og Kari skrev sammen', written_with_owner: true }),
  };
});
after(async () => { await f.h.stop(); });

// [written_by, written_with_owner, author_staff_id, author_person_id, author_name, written_with_name]
const who = (g) => [g.written_by, g.written_with_owner, g.author_staff_id, g.author_person_id, g.author_name, g.written_with_name];
const expected = () => ({
  own: ['owner', false, null, f.ids.person.kari, 'Kari Nordmann', null],
  rep: ['representative', false, null, f.ids.person.lise, 'Lise Nordmann', null],
  staff: ['staff', false, f.ids.staff.ola, null, 'Ola Hansen', null],
  together: ['staff', true, f.ids.staff.ola, null, 'Ola Hansen', 'Kari Nordmann'],
});

test('each kind of writer is recorded from the session and named in the answer that created it', () => {
  assert.deepEqual(Object.fromEntries(Object.entries(goals).map(([k, g]) => [k, who(g)])), expected());
  assert.equal(goals.own.author_account_id, f.accounts.owner);
  assert.equal(goals.rep.author_account_id, f.accounts.representative);
  assert.equal(goals.together.author_account_id, f.accounts.coordinator);
});

test('the plan, the list of goals and one goal say who wrote it, to staff and to the owner', async () => {
  for (const reader of ['coordinator', 'owner', 'representative', 'repRead']) {
    const c = f.as(reader);
    const doc = await c.get(p);
    const list = (await c.get(`${p}/goals`)).items;
    for (const [k, g] of Object.entries(goals)) {
      assert.deepEqual(who(doc.goals.find((x) => x.id === g.id)), expected()[k], `${reader}: plan, ${k}`);
      assert.deepEqual(who(list.find((x) => x.id === g.id)), expected()[k], `${reader}: list, ${k}`);
      assert.deepEqual(who(await c.get(`${p}/goals/${g.id}`)), expected()[k], `${reader}: one, ${k}`);
    }
  }
});

test('an external partner reads who wrote it without a citizen\'s name (and the plan cache keeps the views apart)', async () => {
  const coord = await f.as('coordinator').get(p); // cached in the municipal view first
  assert.equal(coord.goals.find((x) => x.id === goals.together.id).written_with_name, 'Kari Nordmann');
  const nav = f.as('nav');
  for (const doc of [await nav.get(p), { goals: (await nav.get(`${p}/goals`)).items }]) {
    const g = (k) => who(doc.goals.find((x) => x.id === goals[k].id));
    assert.deepEqual(g('own'), ['owner', false, null, f.ids.person.kari, null, null]);
    assert.deepEqual(g('rep'), ['representative', false, null, f.ids.person.lise, null, null]);
    assert.deepEqual(g('staff'), expected().staff);
    assert.deepEqual(g('together'), ['staff', true, f.ids.staff.ola, null, 'Ola Hansen', null]);
  }
});

test('no client chooses the writer: written_by, author_* and the names are refused; together is staff\'s to say', async () => {
  const coord = f.as('coordinator');
  const owner = f.as('owner');
  const rep = f.as('representative');
  for (const c of [coord, owner, rep]) {
    for (const [k, v] of [['written_by', 'owner'], ['written_by', 'staff'], ['author_staff_id', f.ids.staff.sara],
      ['author_person_id', f.ids.person.kari], ['author_account_id', f.accounts.owner]]) {
      assertError(await c.api('POST', `${p}/goals`, { body: { kind: 'main', text: 'x', [k]: v } }), 422, 'read_only_field', k);
      const g = await c.get(`${p}/goals/${goals.staff.id}`);
      assertError(await c.api('PATCH', `${p}/goals/${g.id}`, { body: { text: 'y', [k]: v }, headers: { 'If-Match': `"${g.version}"` } }),
        422, 'read_only_field', k);
    }
    for (const k of ['author_name', 'written_with_name'])
      assertError(await c.api('POST', `${p}/goals`, { body: { kind: 'main', text: 'x', [k]: 'Kari Nordmann' } }), 422, 'unknown_field', k);
  }
  // staff cannot pass their words off as the owner's: "together" is a staff goal
  assertError(await owner.api('POST', `${p}/goals`, { body: { kind: 'main', text: 'x', written_with_owner: true } }), 422, 'written_with_owner', 'written_with_owner');
  assertError(await rep.api('POST', `${p}/goals`, { body: { kind: 'main', text: 'x', written_with_owner: true } }), 422, 'written_with_owner', 'written_with_owner');
  const own = await coord.get(`${p}/goals/${goals.own.id}`);
  assertError(await coord.api('PATCH', `${p}/goals/${own.id}`, { body: { written_with_owner: true }, headers: { 'If-Match': `"${own.version}"` } }),
    422, 'written_with_owner', 'written_with_owner');
  // nothing was changed by the refusals
  assert.deepEqual(who(await coord.get(`${p}/goals/${goals.staff.id}`)), expected().staff);
});

test('whoever rewrites the text becomes its writer; the history keeps the writer by id, not by name', async () => {
  const coord = f.as('coordinator');
  const owner = f.as('owner');
  const base = await owner.post(`${p}/goals`, { kind: 'main', text: 'Først mine ord' });
  let g = await coord.patch(`${p}/goals/${base.id}`, { status: 'achieved' }, base.version);
  assert.deepEqual(who(g).slice(0, 5), ['owner', false, null, f.ids.person.kari, 'Kari Nordmann']);
  g = await coord.patch(`${p}/goals/${base.id}`, { text: 'Skrevet om med Kari', written_with_owner: true }, g.version);
  assert.deepEqual(who(g), ['staff', true, f.ids.staff.ola, null, 'Ola Hansen', 'Kari Nordmann']);
  g = await owner.patch(`${p}/goals/${base.id}`, { text: 'Mine ord igjen' }, g.version);
  assert.deepEqual(who(g), ['owner', false, null, f.ids.person.kari, 'Kari Nordmann', null]);
  const hist = (await coord.get(`${p}/history?limit=200`)).items.filter((x) => x.object_type === 'goal' && x.object_id === base.id);
  assert.deepEqual(hist.map((x) => x.action), ['create', 'update', 'update', 'update']);
  for (const x of hist) {
    assert.equal(JSON.stringify(x.data).includes('Kari Nordmann'), false, 'no citizen name in the history data');
    assert.ok(!('author_name' in x.data.after) && !('written_with_name' in x.data.after));
  }
  assert.deepEqual([hist[0].data.after.author_person_id, hist[2].data.after.author_staff_id, hist[2].data.before.author_person_id],
    [f.ids.person.kari, f.ids.staff.ola, f.ids.person.kari]);
  // the staff member's name and unit come with the entry's names
  assert.equal(hist[2].names.staff[f.ids.staff.ola].name, 'Ola Hansen');
});
