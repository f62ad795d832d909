// plan-parts.js - goals (main and sub-goals in the owner's own words),
// measures (tiltak), evaluations and the other plans linked to this one (NAV's
// activity plan, a care plan: linked, not copied), with their editor: add,
// change (PATCH with If-Match), end or cancel a measure, delete (the
// coordinator).
// The API's flags on each item are shown as "needs attention" notes.
import { api } from '../api.js';
import { t, value, formatDate } from '../i18n.js';
import { h, facts, section, badge, cards } from '../dom.js';
import { today, joined, staffLabel, orgLabel } from '../util.js';
import { e, field, editForm, changeForm, patch, ifMatch, opener, present, enumOptions, editorError, actionButton } from './plan-form.js';
import { orgSelect } from './plan-people.js';
import { flagList, period } from './plan.js';
import { writtenBy } from './history-words.js';

const DOMAINS = ['health', 'housing', 'economy', 'work_activity', 'social_network', 'family_children'];
const MEASURE_STATUS = ['planned', 'active', 'paused', 'ended', 'cancelled'];
const DECISIONS = ['not_required', 'pending', 'granted', 'refused', 'appealed'];

// Delete with If-Match, after the browser's own confirm.
function removeButton(pc, path, item, what) {
  return actionButton(e('delete'), async () => {
    await api('DELETE', `${pc.base}/${path}/${item.id}`, undefined, ifMatch(item.version));
    await pc.refresh(e('deleted'), `${path}-heading`);
  }, 'danger', (err) => e('delete_failed', { reason: editorError(err) }), e('confirm_delete', { what }));
}

// Changes an item of `path` (sent by `send`, patch unless given), or adds one
// (POST, with `create`).
function saveForm(pc, path, fields, item, close, create, send) {
  return item ? changeForm(pc, close, fields, `${pc.base}/${path}/${item.id}`, item, `${path}-heading`, send)
    : editForm(pc, close, fields, e('add'), (v) => api('POST', `${pc.base}/${path}`, { ...present(v), ...create }), e('added'), `${path}-heading`);
}

// The items of `path` as cards under their heading, and the button that adds
// one (fields(null) is the new item's form; `create` goes with it).
function part(pc, path, title, items, card, none, addLabel, fields, create) {
  return section(path, title,
    cards(items, card, none),
    pc.can.write(path) ? opener(addLabel, (close) => saveForm(pc, path, fields(null), null, close, create)) : null);
}

// An item's controls: edit (and `more`) for who may write, delete for the
// coordinator.
function controls(pc, path, item, fields, what, ...more) {
  const c = pc.can.write(path) ? [opener(e('edit'), (close) => saveForm(pc, path, fields(item), item, close)), ...more] : [];
  if (pc.can.remove) c.push(removeButton(pc, path, item, what));
  return c.length ? h('div', { class: 'controls' }, c) : null;
}

// ---- goals -----------------------------------------------------------------

// The owner's name as the plan tells it: her row in the group, or a goal
// written together with her (null when the reader may not know it).
function ownerName(plan) {
  const p = (plan.participants || []).find((x) => x.role === 'owner' && x.name);
  return (p && p.name) || (plan.goals || []).map((g) => g.written_with_name).find(Boolean) || null;
}

// (an edit form takes the values from the item, changeForm). Who wrote a goal
// is not asked: the server records it from who is logged in. Staff say only
// whether they write it together with the owner, in her words, never that she
// wrote it.
function goalFields(pc, g) {
  const owner = ownerName(pc.plan) || t('editor.written.the_owner');
  return [
    field('text', t('editor.written.text'), 'textarea', { required: true, maxlength: 4000, hint: t('editor.written.hint') }),
    field('written_with_owner', t('editor.written.together', { owner }), 'checkbox', { hint: t('editor.written.together_hint') }),
    field('domain', t('plan.domain'), 'select', { empty: e('none'), options: enumOptions('domain', DOMAINS) }),
    g ? field('status', t('plan.status'), 'select', { options: enumOptions('status', ['active', 'achieved', 'dropped']) }) : null,
    field('evaluation_date', t('plan.evaluation_date'), 'date'),
  ];
}

// A new text goes with whether it was written together (the server takes a
// new text as written alone unless told).
const goalPatch = (url, v, g) => patch(url, v, v.text !== g.text ? { ...g, written_with_owner: undefined } : g);

function goalCard(pc, g, subs) {
  const fields = (x) => goalFields(pc, x);
  const sub = g.kind === 'main' && pc.can.write('goals')
    ? opener(e('add_sub_goal'), (close) => saveForm(pc, 'goals', fields(null), null, close, { kind: 'sub', parent_id: g.id }))
    : null;
  return h('li', { class: 'card goal', id: `goal-${g.id}` },
    h('h3', {}, value('kind', g.kind)),
    h('p', { class: 'own-words' }, g.text),
    h('p', { class: 'note written-by' }, writtenBy(g, { ownerName: ownerName(pc.plan) })),
    facts([
      [t('plan.domain'), value('domain', g.domain)],
      [t('plan.status'), badge('status', g.status)],
      [t('plan.evaluation_date'), formatDate(g.evaluation_date)],
      [e('linked.goal_evaluations'), evaluationLinks(pc.plan, (ev) => ev.goal_id === g.id)],
    ]),
    flagList(g.flags),
    goalControls(pc, g, fields, sub),
    subs.length ? h('ul', { class: 'sub-goals', 'aria-label': t('plan.sub_goals') }, subs.map((x) => goalCard(pc, x, []))) : null);
}

// Goals from the top: [goal, its sub-goals] (a sub-goal whose goal is not
// there stands alone).
export function goalTree(goals) {
  const all = goals || [];
  const ids = new Set(all.map((g) => g.id));
  return all.filter((g) => !ids.has(g.parent_id)).map((g) => [g, all.filter((x) => x.parent_id === g.id)]);
}

// A goal's controls, as controls() with the goal's own patch.
function goalControls(pc, g, fields, sub) {
  const c = pc.can.write('goals') ? [opener(e('edit'), (close) => saveForm(pc, 'goals', fields(g), g, close, undefined, goalPatch)), sub] : [];
  if (pc.can.remove) c.push(removeButton(pc, 'goals', g, value('kind', g.kind)));
  return c.length ? h('div', { class: 'controls' }, c) : null;
}

export function goals(pc) {
  return part(pc, 'goals', t('plan.goals'), goalTree(pc.plan.goals), ([g, subs]) => goalCard(pc, g, subs),
    'plan.no_goals', e('add_main_goal'), (x) => goalFields(pc, x), { kind: 'main' });
}

// ---- measures --------------------------------------------------------------

function goalOptions(plan) {
  return (plan.goals || []).map((g) => [g.id, `${value('kind', g.kind)}: ${g.text.length > 60 ? `${g.text.slice(0, 60)}…` : g.text}`]);
}

// The staff who may hold a measure: the group's current staff members.
function staffOptions({ plan }) {
  const names = new Map((plan.participants || []).filter((p) => p.staff_id && !p.left_on).map((p) => [p.staff_id, p.name]));
  if (plan.coordinator_id && !names.has(plan.coordinator_id)) names.set(plan.coordinator_id, plan.coordinator && plan.coordinator.name);
  return [...names].map(([id, name]) => [id, staffLabel(name, id)]);
}

function measureFields(pc, m) {
  return [
    field('description', e('measure_description'), 'text', { required: true, maxlength: 4000 }),
    'goals' in pc.plan ? field('goal_id', e('serves_goal'), 'select', { empty: e('none'), options: goalOptions(pc.plan), int: true }) : null,
    field('scope', t('plan.scope'), 'text', { maxlength: 1000, hint: e('scope_hint') }),
    field('how', t('plan.how'), 'textarea', { maxlength: 4000 }),
    field('responsible_staff_id', e('responsible_staff'), 'select', { empty: e('none'), options: staffOptions(pc), int: true, hint: e('responsible_hint') }),
    // organisations arrive later than the form's values: they mark their own
    orgSelect('responsible_organisation_id', e('responsible_org'), m && m.responsible_organisation_id),
    orgSelect('deciding_organisation_id', e('deciding_org'), m && m.deciding_organisation_id),
    field('decision_status', e('decision_status'), 'select', { value: 'not_required', options: enumOptions('decision_status', DECISIONS) }),
    field('status', t('plan.status'), 'select', { value: 'planned', options: enumOptions('status', MEASURE_STATUS) }),
    h('div', { class: 'row' }, field('start_date', e('start_date'), 'date'), field('end_date', e('end_date'), 'date')),
    h('div', { class: 'row' }, field('deadline', t('plan.deadline'), 'date'), field('evaluation_date', t('plan.evaluation_date'), 'date')),
    field('end_reason', e('end_reason'), 'textarea', { maxlength: 2000, hint: e('end_reason_hint') }),
  ];
}

function endForm(pc, m, close) {
  return editForm(pc, close, [
    field('status', e('end_how'), 'select', { value: 'ended', options: enumOptions('status', ['ended', 'cancelled']) }),
    field('end_date', e('end_date'), 'date', { value: today(), required: true }),
    field('end_reason', e('end_reason'), 'textarea', { required: true, maxlength: 2000 }),
  ], e('end_measure'), (v) => patch(`${pc.base}/measures/${m.id}`, v, m), e('saved'), 'measures-heading');
}

export function measures(pc) {
  const { plan } = pc;
  const goalText = new Map((plan.goals || []).map((g) => [g.id, g.text]));
  const fields = (m) => measureFields(pc, m);
  return part(pc, 'measures', t('plan.measures'), plan.measures || [], (m) => h('li', { class: 'card', id: `measure-${m.id}` },
    h('h3', {}, m.description),
    facts([
      [t('plan.status'), badge('status', m.status)],
      [e('serves_goal'), goalText.get(m.goal_id)],
      [t('plan.responsible'), joined(staffLabel(m.responsible_name, m.responsible_staff_id), orgLabel(m.responsible_organisation_name, m.responsible_organisation_id)) || t('plan.no_responsible')],
      [t('plan.scope'), m.scope],
      [t('plan.how'), m.how],
      [t('plan.measure_period'), period(m.start_date, m.end_date)],
      [t('plan.deadline'), formatDate(m.deadline)],
      [t('plan.decision'), m.decision_status ? joined(value('decision_status', m.decision_status), orgLabel(m.deciding_organisation_name, m.deciding_organisation_id)) : null],
      [t('plan.evaluation_date'), formatDate(m.evaluation_date)],
      [e('end_reason'), m.end_reason],
      // the evaluations of this measure, newest first, each a link to it
      [e('linked.measure_evaluations'), evaluationLinks(plan, (ev) => ev.measure_id === m.id)],
    ]),
    flagList(m.flags),
    controls(pc, 'measures', m, fields, m.description,
      m.status !== 'ended' && m.status !== 'cancelled' ? opener(e('end_measure'), (close) => endForm(pc, m, close)) : null)),
  'plan.no_measures', e('add_measure'), fields);
}

// ---- evaluations -----------------------------------------------------------

// A new evaluation may also set the next one's date for the goal or measure it
// evaluates (next_evaluation_date, sent only when given): the worklist's due
// item then leaves, or comes back on that date. `about` preselects a goal or
// measure ({goal_id} or {measure_id}) when the form is opened from a due item.
function evaluationFields(pc, item, about = {}) {
  return [
    field('date', e('evaluation_day'), 'date', { value: today(), required: true }),
    field('what', t('plan.evaluated'), 'textarea', { required: true, maxlength: 4000 }),
    'goals' in pc.plan ? field('goal_id', e('about_goal'), 'select', { empty: e('none'), options: goalOptions(pc.plan), int: true, value: about.goal_id }) : null,
    'measures' in pc.plan ? field('measure_id', e('about_measure'), 'select', { empty: e('none'), options: (pc.plan.measures || []).map((m) => [m.id, m.description]), int: true, value: about.measure_id }) : null,
    field('outcome', t('plan.outcome'), 'textarea', { maxlength: 4000 }),
    field('owner_view', t('plan.owner_view'), 'textarea', { maxlength: 4000, hint: e('owner_view_hint') }),
    item ? null : field('next_evaluation_date', e('linked.next_evaluation'), 'date', { hint: e('linked.next_evaluation_hint') }),
  ];
}

// The evaluations of a plan that `which` picks, newest first, as links to
// their cards ("4. desember 2026: Samtale om boligen"); null when none.
function evaluationLinks(plan, which) {
  const list = (plan.evaluations || []).filter(which).sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : b.id - a.id));
  if (!list.length) return null;
  return h('ul', { class: 'links' }, list.map((ev) => h('li', {}, h('a', { href: `#evaluation-${ev.id}` }, `${formatDate(ev.date)}: ${ev.what}`))));
}

// What an evaluation evaluated: the goal or the measure, as a link to its card.
function evaluatedPart(plan, ev) {
  const goal = ev.goal_id && (plan.goals || []).find((g) => g.id === ev.goal_id);
  const measure = ev.measure_id && (plan.measures || []).find((m) => m.id === ev.measure_id);
  return [
    goal ? [e('linked.about_goal'), h('a', { href: `#goal-${goal.id}` }, goal.text)] : [null, null],
    measure ? [e('linked.about_measure'), h('a', { href: `#measure-${measure.id}` }, measure.description)] : [null, null],
  ];
}

export function evaluations(pc) {
  return part(pc, 'evaluations', t('plan.evaluations'), pc.plan.evaluations || [], (ev) => h('li', { class: 'card', id: `evaluation-${ev.id}` },
    h('h3', {}, formatDate(ev.date)),
    facts([
      ...evaluatedPart(pc.plan, ev),
      [t('plan.evaluated'), ev.what],
      [t('plan.outcome'), ev.outcome],
      [t('plan.owner_view'), ev.owner_view],
    ]),
    controls(pc, 'evaluations', ev, (x) => evaluationFields(pc, x), formatDate(ev.date))),
  'plan.no_evaluations', e('add_evaluation'), (x) => evaluationFields(pc, x));
}

// ---- linked plans (§ 19 i) -------------------------------------------------

const LINKED_KINDS = ['nav_activity_plan', 'care_plan', 'school_plan', 'rehabilitation_plan', 'treatment_plan', 'other'];

function linkedFields(l) {
  return [
    field('kind', t('plan.kind'), 'select', { options: enumOptions('linked_kind', LINKED_KINDS) }),
    field('title', e('linked_title'), 'text', { required: true, maxlength: 200 }),
    orgSelect('organisation_id', t('plan.organisation'), l && l.organisation_id),
    field('reference', t('plan.reference'), 'text', { maxlength: 500, hint: e('reference_hint') }),
  ];
}

export function linkedPlans(pc) {
  return part(pc, 'linked-plans', t('plan.linked_plans'), pc.plan.linked_plans || [], (l) => h('li', { class: 'card', id: `linked-${l.id}` },
    h('h3', {}, l.title),
    facts([
      [t('plan.kind'), value('linked_kind', l.kind)],
      [t('plan.organisation'), orgLabel(l.organisation_name, l.organisation_id)],
      [t('plan.reference'), l.reference],
    ]),
    controls(pc, 'linked-plans', l, linkedFields, l.title)),
  'plan.no_linked_plans', e('add_linked_plan'), linkedFields);
}
