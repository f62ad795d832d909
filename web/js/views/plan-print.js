// plan-print.js - /app/plans/{id}/print: the whole plan as the reader may see
// it, on paper (until the reports issue's PDF replaces it). Only the sections
// the plan answer lists in `sections` and carries (the API leaves out what the
// reader may not see, docs/security.md), in the plan page's reading order:
// the plan's frame (whose plan, the municipality from GET /me's tenant_name,
// the coordinator "name, unit", period, next revision), cooperation,
// resources and needs, goals with their sub-goals, measures, evaluations, the
// responsibility group, the consents in force, the crisis plan and the linked
// plans; and the day it was printed. In plain words: no ids, no enum codes, no
// internal fields, no edit controls; people and units by the names the answer
// gives (a name it lacks is "en ansatt" / "en virksomhet", never a number).
// The messages are correspondence, not the plan, and are left out.
// plan.css's print rules hide the application's frame and the buttons, keep a
// card on one page and print black on white. A reader who may not see the
// plan gets the plan page's "not found".
import { api } from '../api.js';
import { t, has as hasWords, value, values, formatDate } from '../i18n.js';
import { h, replace, facts, section, empty, back, problem } from '../dom.js';
import { found, joined } from '../util.js';
import { writtenBy } from './history-words.js';

const P = (key, p) => t(`editor.print.${key}`, p);
const has = (o, key) => Object.prototype.hasOwnProperty.call(o, key);
const staff = (name, id) => (id ? name || P('a_staff_member') : null);
const org = (name, id) => (id ? name || P('an_organisation') : null);
const prose = (v) => h('span', { class: 'prose' }, v === null || v === undefined || v === '' ? t('plan.unknown') : String(v));

function period(from, to) {
  if (!from && !to) return null;
  if (!to) return t('plan.from_open', { from: formatDate(from) });
  return t('plan.from_to', { from: formatDate(from) || '…', to: formatDate(to) });
}

// The owner's name as the plan tells it (null when the reader may not know it).
function ownerName(plan) {
  const p = (plan.participants || []).find((x) => x.role === 'owner' && x.name);
  return (p && p.name) || (plan.goals || []).map((g) => g.written_with_name).find(Boolean) || plan.person_name || null;
}

const cardList = (items, card, none) => (items.length ? h('ul', { class: 'cards' }, items.map(card)) : empty(none));

// ---- the parts, each as the plan page has it, without its controls ---------

function goalCard(plan, g, subs) {
  return h('li', { class: 'card goal' },
    h('h3', {}, value('kind', g.kind)),
    h('p', { class: 'own-words' }, g.text),
    h('p', { class: 'note' }, writtenBy(g, { ownerName: ownerName(plan) })),
    facts([
      [t('plan.domain'), value('domain', g.domain)],
      [t('plan.status'), value('status', g.status)],
      [t('plan.evaluation_date'), formatDate(g.evaluation_date)],
    ]),
    subs.length ? h('ul', { class: 'sub-goals', 'aria-label': t('plan.sub_goals') }, subs.map((x) => goalCard(plan, x, []))) : null);
}

function goals(plan) {
  const all = plan.goals || [];
  const ids = new Set(all.map((g) => g.id));
  const tree = all.filter((g) => !ids.has(g.parent_id)).map((g) => [g, all.filter((x) => x.parent_id === g.id)]);
  return section('print-goals', t('plan.goals'), cardList(tree, ([g, subs]) => goalCard(plan, g, subs), 'plan.no_goals'));
}

// The evaluations `which` picks, newest first, one line each.
function evaluationLines(plan, which) {
  const list = (plan.evaluations || []).filter(which).sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
  return list.length ? h('ul', {}, list.map((ev) => h('li', {}, `${formatDate(ev.date)}: ${ev.what}`))) : null;
}

function measures(plan) {
  const goalText = new Map((plan.goals || []).map((g) => [g.id, g.text]));
  return section('print-measures', t('plan.measures'), cardList(plan.measures || [], (m) => h('li', { class: 'card' },
    h('h3', {}, m.description),
    facts([
      [t('plan.status'), value('status', m.status)],
      [t('editor.serves_goal'), goalText.get(m.goal_id)],
      [t('plan.responsible'), joined(staff(m.responsible_name, m.responsible_staff_id), org(m.responsible_organisation_name, m.responsible_organisation_id)) || t('plan.no_responsible')],
      [t('plan.scope'), m.scope],
      [t('plan.how'), m.how],
      [t('plan.measure_period'), period(m.start_date, m.end_date)],
      [t('plan.deadline'), formatDate(m.deadline)],
      [t('plan.decision'), m.decision_status ? joined(value('decision_status', m.decision_status), org(m.deciding_organisation_name, m.deciding_organisation_id)) : null],
      [t('plan.evaluation_date'), formatDate(m.evaluation_date)],
      [t('editor.end_reason'), m.end_reason],
      [t('editor.linked.measure_evaluations'), evaluationLines(plan, (ev) => ev.measure_id === m.id)],
    ])), 'plan.no_measures'));
}

function evaluations(plan) {
  const goal = (id) => id && (plan.goals || []).find((g) => g.id === id);
  const measure = (id) => id && (plan.measures || []).find((m) => m.id === id);
  return section('print-evaluations', t('plan.evaluations'), cardList(plan.evaluations || [], (ev) => h('li', { class: 'card' },
    h('h3', {}, formatDate(ev.date)),
    facts([
      [t('editor.linked.about_goal'), goal(ev.goal_id) ? goal(ev.goal_id).text : null],
      [t('editor.linked.about_measure'), measure(ev.measure_id) ? measure(ev.measure_id).description : null],
      [t('plan.evaluated'), ev.what],
      [t('plan.outcome'), ev.outcome],
      [t('plan.owner_view'), ev.owner_view],
    ])), 'plan.no_evaluations'));
}

function participants(plan) {
  return section('print-participants', t('plan.participants'), cardList(plan.participants || [], (p) => h('li', { class: 'card' },
    h('h3', {}, p.name || staff(null, p.staff_id) || org(p.organisation_name, p.organisation_id) || value('role', p.role)),
    facts([
      [t('plan.role'), value('role', p.role)],
      [t('plan.organisation'), org(p.organisation_name, p.organisation_id)],
      [t('plan.joined'), formatDate(p.joined_on)],
      [t('plan.left'), formatDate(p.left_on)],
    ])), 'plan.no_participants'));
}

// Whom a grant names: a staff member with her unit, or an organisation.
const grantName = (g) => (g.staff_id ? joined(staff(g.name, g.staff_id), g.organisation_name) : org(g.name, g.organisation_id));

// The consents in force (plan-group.js consentsInForce): the ones that ended
// are told in the plan's history.
function consents(plan) {
  const list = (plan.consents || []).filter((c) => (c.state === 'active' || c.state === 'not_yet_valid') && !c.replaced_by);
  return section('print-consents', t('plan.consents'), cardList(list, (c) => h('li', { class: 'card' },
    h('h3', {}, period(c.valid_from, c.valid_to) || t('plan.consents')),
    facts([
      [t('plan.status'), value('state', c.state)],
      [t('plan.given_by'), [value('given_by', c.given_by), c.representative_name].filter(Boolean).join(': ')],
      [t('editor.child_view'), c.child_view],
      [t('plan.method'), value('method', c.method)],
      [t('plan.grants'), (c.grants || []).length
        ? h('ul', {}, c.grants.map((g) => h('li', {}, `${grantName(g)}: ${values('section', g.sections)}`)))
        : t('editor.no_grants')],
      [t('plan.note'), c.note],
    ])), 'plan.no_consents'));
}

// The crisis plan's shape is not settled yet (a later issue): text as it is,
// an object's parts under their names in words.
function crisisPlan(plan) {
  const label = (k) => (hasWords(`editor.print.crisis.${k}`) ? P(`crisis.${k}`) : k.replace(/_/g, ' '));
  const show = (v) => (v !== null && typeof v === 'object' ? facts(Object.entries(v).map(([k, x]) => [label(k), show(x)])) : prose(v));
  return section('print-crisis', t('plan.crisis_plan'), plan.crisis_plan === null ? empty('plan.unknown') : show(plan.crisis_plan));
}

function linkedPlans(plan) {
  return section('print-linked-plans', t('plan.linked_plans'), cardList(plan.linked_plans || [], (l) => h('li', { class: 'card' },
    h('h3', {}, l.title),
    facts([
      [t('plan.kind'), value('linked_kind', l.kind)],
      [t('plan.organisation'), org(l.organisation_name, l.organisation_id)],
      [t('plan.reference'), l.reference],
    ])), 'plan.no_linked_plans'));
}

function resourcesNeeds(plan) {
  const keys = ['resources', 'needs', 'owner_contribution', 'next_of_kin_contribution', 'services_contribution'].filter((k) => has(plan, k));
  return keys.length ? section('print-resources', t('plan.resources_needs'), facts(keys.map((k) => [t(`plan.${k}`), prose(plan[k])]))) : null;
}

const cooperation = (plan) => section('print-cooperation', t('plan.cooperation'), h('p', { class: 'prose' }, plan.cooperation || t('plan.unknown')));

// The plan's parts in reading order: [the key the answer carries, the section
// of `sections` that lets the reader see it, the part].
const PARTS = [
  ['cooperation', 'plan', cooperation],
  ['resources', 'resources_needs', resourcesNeeds],
  ['goals', 'goals', goals],
  ['measures', 'measures', measures],
  ['evaluations', 'evaluations', evaluations],
  ['participants', 'participants', participants],
  ['consents', 'consents', consents],
  ['crisis_plan', 'crisis_plan', crisisPlan],
  ['linked_plans', 'plan', linkedPlans],
];

// The resources part shows whichever of its texts the answer carries.
const carries = (plan, key) => (key === 'resources'
  ? ['resources', 'needs', 'owner_contribution', 'next_of_kin_contribution', 'services_contribution'].some((k) => has(plan, k))
  : has(plan, key));

export async function printView(main, ctx) {
  const id = ctx.params[0];
  const plan = await found(`/api/v1/plans/${id}`);
  // the plan page's own "not found" (plan.js planNotFound)
  if (!plan) return problem(main, t('home.untitled'), t('plan.not_found'), back());
  const me = ctx.me && 'tenant_name' in ctx.me ? ctx.me : await api('GET', '/api/v1/me').catch(() => null);
  if (!ctx.current()) return null;
  const sections = Array.isArray(plan.sections) ? plan.sections : [];
  const c = plan.coordinator;
  const coordinator = c ? joined(staff(c.name, c.staff_id), c.organisation_name) : staff(null, plan.coordinator_id);
  const title = plan.title || t('home.untitled');
  replace(main,
    back(`/app/plans/${plan.id}`, t('editor.back_to_plan'), 'back no-print'),
    h('div', { class: 'buttons no-print' },
      h('button', { type: 'button', class: 'primary', onclick: () => window.print() }, P('button'))),
    h('article', { class: 'plan-sheet' },
      h('p', { class: 'sheet-kind' }, P('kind')),
      h('h1', {}, title),
      facts([
        [P('municipality'), me && me.tenant_name],
        [t('staff.whose.plan_for'), plan.person_name],
        [t('plan.status'), value('status', plan.status)],
        [t('plan.coordinator'), coordinator || t('plan.no_coordinator')],
        [t('plan.period'), period(plan.period_from, plan.period_to)],
        // a closed plan is revised no more
        [t('plan.revision_date'), plan.status === 'closed' ? null : formatDate(plan.revision_date)],
        [t('editor.close_reason'), plan.close_reason],
        [P('printed'), formatDate(new Date().toISOString())],
      ], 'facts sheet-facts'),
      sections.includes('consents') ? null : h('p', { class: 'note' }, P('partial')),
      PARTS.filter(([key, sec]) => sections.includes(sec) && carries(plan, key)).map(([, , part]) => part(plan))));
  main.dataset.ready = plan.id;
  return `${P('title')}: ${title}`;
}
