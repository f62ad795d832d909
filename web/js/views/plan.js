// plan.js - one individual plan, read-only (GET /api/v1/plans/{id}).
//
// The API leaves out the sections the reader may not see (docs/security.md:
// consent decides, section by section), so this page renders only the keys
// that are there: a NAV caseworker with consent to goals and measures sees the
// plan's frame, the goals and the measures, and nothing hints at the rest.
import { api } from '../api.js';
import { t, value, formatDate } from '../i18n.js';
import { h, replace, facts } from '../dom.js';
import { staffName, organisationName, names } from '../names.js';

const has = (plan, key) => Object.prototype.hasOwnProperty.call(plan, key);

function period(from, to) {
  if (!from && !to) return null;
  if (!to) return t('plan.from_open', { from: formatDate(from) });
  return t('plan.from_to', { from: formatDate(from) || '…', to: formatDate(to) });
}

function flagList(flags) {
  if (!Array.isArray(flags) || !flags.length) return null;
  return h('ul', { class: 'flags' }, flags.map((f) => h('li', {}, value('flag', f))));
}

function badge(kind, v) {
  return v ? h('span', { class: `badge status-${v}` }, value(kind, v)) : null;
}

function text(v) {
  return v === null || v === undefined || v === '' ? t('plan.unknown') : String(v);
}

function section(id, title, ...content) {
  return h('section', { class: 'plan-section', 'aria-labelledby': `${id}-heading` },
    h('h2', { id: `${id}-heading` }, title), ...content);
}

function empty(key) {
  return h('p', { class: 'empty' }, t(key));
}

// Names for every staff member and organisation the visible sections mention.
async function lookUpNames(plan) {
  const staff = [];
  const orgs = [];
  if (plan.coordinator) staff.push(plan.coordinator.staff_id);
  else staff.push(plan.coordinator_id);
  for (const m of plan.measures || []) {
    staff.push(m.responsible_staff_id);
    orgs.push(m.responsible_organisation_id, m.deciding_organisation_id);
  }
  for (const p of plan.participants || []) {
    staff.push(p.staff_id);
    orgs.push(p.organisation_id);
  }
  for (const c of plan.consents || []) {
    for (const g of c.grants || []) {
      staff.push(g.staff_id);
      orgs.push(g.organisation_id);
    }
  }
  for (const l of plan.linked_plans || []) orgs.push(l.organisation_id);
  const [s, o] = await Promise.all([names(staffName, staff), names(organisationName, orgs)]);
  return {
    staff: (id) => (id ? s.get(id) || t('plan.staff_number', { id }) : null),
    org: (id) => (id ? o.get(id) || t('role.organisation_number', { id }) : null),
  };
}

function header(plan, n) {
  const coordinatorId = plan.coordinator ? plan.coordinator.staff_id : plan.coordinator_id;
  return [
    h('p', { class: 'back' }, h('a', { href: '/app' }, t('plan.back'))),
    h('h1', {}, plan.title || t('home.untitled')),
    facts([
      [t('plan.status'), badge('status', plan.status)],
      [t('plan.coordinator'), coordinatorId ? n.staff(coordinatorId) : t('plan.no_coordinator')],
      [t('plan.period'), period(plan.period_from, plan.period_to)],
      [t('plan.revision_date'), formatDate(plan.revision_date)],
      [t('home.number'), String(plan.id)],
      [t('plan.flags'), flagList(plan.flags)],
    ], 'facts plan-facts'),
  ];
}

function resourcesNeeds(plan) {
  const keys = ['resources', 'needs', 'owner_contribution', 'next_of_kin_contribution', 'services_contribution'];
  const present = keys.filter((k) => has(plan, k));
  if (!present.length) return null;
  return section('resources', t('plan.resources_needs'),
    h('dl', { class: 'facts' }, present.map((k) => h('div', {}, h('dt', {}, t(`plan.${k}`)), h('dd', { class: 'prose' }, text(plan[k]))))));
}

function goal(g, subs) {
  return h('li', { class: 'card goal' },
    h('h3', {}, value('kind', g.kind)),
    h('p', { class: 'own-words' }, g.text),
    facts([
      [t('plan.written_by'), value('written_by', g.written_by)],
      [t('plan.domain'), value('domain', g.domain)],
      [t('plan.status'), badge('status', g.status)],
      [t('plan.evaluation_date'), formatDate(g.evaluation_date)],
    ]),
    flagList(g.flags),
    subs.length ? h('ul', { class: 'sub-goals', 'aria-label': t('plan.sub_goals') }, subs.map((s) => goal(s, []))) : null);
}

function goals(plan) {
  const all = plan.goals || [];
  if (!all.length) return section('goals', t('plan.goals'), empty('plan.no_goals'));
  const ids = new Set(all.map((g) => g.id));
  const roots = all.filter((g) => !g.parent_id || !ids.has(g.parent_id));
  return section('goals', t('plan.goals'),
    h('ul', { class: 'cards' }, roots.map((g) => goal(g, all.filter((s) => s.parent_id === g.id)))));
}

function measures(plan, n) {
  const all = plan.measures || [];
  if (!all.length) return section('measures', t('plan.measures'), empty('plan.no_measures'));
  return section('measures', t('plan.measures'), h('ul', { class: 'cards' }, all.map((m) => {
    const responsible = [n.staff(m.responsible_staff_id), n.org(m.responsible_organisation_id)].filter(Boolean).join(', ');
    const decision = m.decision_status
      ? [value('decision_status', m.decision_status), n.org(m.deciding_organisation_id)].filter(Boolean).join(', ')
      : null;
    return h('li', { class: 'card' },
      h('h3', {}, m.description),
      facts([
        [t('plan.status'), badge('status', m.status)],
        [t('plan.responsible'), responsible || t('plan.no_responsible')],
        [t('plan.scope'), m.scope],
        [t('plan.how'), m.how],
        [t('plan.measure_period'), period(m.start_date, m.end_date)],
        [t('plan.deadline'), formatDate(m.deadline)],
        [t('plan.decision'), decision],
        [t('plan.evaluation_date'), formatDate(m.evaluation_date)],
      ]),
      flagList(m.flags));
  })));
}

function evaluations(plan) {
  const all = plan.evaluations || [];
  if (!all.length) return section('evaluations', t('plan.evaluations'), empty('plan.no_evaluations'));
  return section('evaluations', t('plan.evaluations'), h('ul', { class: 'cards' }, all.map((e) =>
    h('li', { class: 'card' },
      h('h3', {}, formatDate(e.date)),
      facts([
        [t('plan.evaluated'), e.what],
        [t('plan.outcome'), e.outcome],
        [t('plan.owner_view'), e.owner_view],
      ])))));
}

function participants(plan, n) {
  const all = plan.participants || [];
  if (!all.length) return section('participants', t('plan.participants'), empty('plan.no_participants'));
  return section('participants', t('plan.participants'), h('ul', { class: 'cards' }, all.map((p) =>
    h('li', { class: 'card' },
      h('h3', {}, p.name || n.staff(p.staff_id) || value('role', p.role)),
      facts([
        [t('plan.role'), value('role', p.role)],
        [t('plan.organisation'), n.org(p.organisation_id)],
        [t('plan.joined'), formatDate(p.joined_on)],
        [t('plan.left'), formatDate(p.left_on)],
      ])))));
}

function consents(plan, n) {
  const all = plan.consents || [];
  if (!all.length) return section('consents', t('plan.consents'), empty('plan.no_consents'));
  return section('consents', t('plan.consents'), h('ul', { class: 'cards' }, all.map((c) => {
    const grants = (c.grants || []).map((g) =>
      h('li', {}, `${n.staff(g.staff_id) || n.org(g.organisation_id)}: ${(g.sections || []).map((s) => value('section', s)).join(', ')}`));
    return h('li', { class: 'card' },
      h('h3', {}, period(c.valid_from, c.valid_to) || t('plan.consents')),
      facts([
        [t('plan.status'), badge('state', c.state)],
        [t('plan.given_by'), value('given_by', c.given_by)],
        [t('plan.method'), value('method', c.method)],
        [t('plan.grants'), grants.length ? h('ul', {}, grants) : null],
        [t('plan.note'), c.note],
      ]));
  })));
}

function linkedPlans(plan, n) {
  const all = plan.linked_plans || [];
  if (!all.length) return section('linked', t('plan.linked_plans'), empty('plan.no_linked_plans'));
  return section('linked', t('plan.linked_plans'), h('ul', { class: 'cards' }, all.map((l) =>
    h('li', { class: 'card' },
      h('h3', {}, l.title),
      facts([
        [t('plan.kind'), value('linked_kind', l.kind)],
        [t('plan.organisation'), n.org(l.organisation_id)],
        [t('plan.reference'), l.reference],
      ])))));
}

// The crisis plan's shape is not settled yet (a later issue): its fields are
// shown as they come, as text.
function crisisPlan(plan) {
  const c = plan.crisis_plan;
  const show = (v) => (v !== null && typeof v === 'object'
    ? h('dl', { class: 'facts' }, Object.entries(v).map(([k, x]) => h('div', {}, h('dt', {}, k), h('dd', {}, show(x)))))
    : text(v));
  return section('crisis', t('plan.crisis_plan'), c === null ? empty('plan.unknown') : show(c));
}

export async function planView(main, ctx) {
  const id = ctx.params[0];
  let plan;
  try {
    plan = await api('GET', `/api/v1/plans/${id}`);
  } catch (err) {
    if (err.status !== 404) throw err;
    replace(main,
      h('p', { class: 'back' }, h('a', { href: '/app' }, t('plan.back'))),
      h('h1', {}, t('home.untitled')),
      h('p', { class: 'alert' }, t('plan.not_found')));
    return t('home.untitled');
  }
  const n = await lookUpNames(plan);
  const parts = [...header(plan, n)];
  const full = Array.isArray(plan.sections) && plan.sections.includes('consents');
  if (!full) parts.push(h('p', { class: 'note' }, t('plan.sections_shown')));
  if (has(plan, 'cooperation')) parts.push(section('cooperation', t('plan.cooperation'), h('p', { class: 'prose' }, text(plan.cooperation))));
  parts.push(resourcesNeeds(plan));
  if (has(plan, 'goals')) parts.push(goals(plan));
  if (has(plan, 'measures')) parts.push(measures(plan, n));
  if (has(plan, 'evaluations')) parts.push(evaluations(plan));
  if (has(plan, 'participants')) parts.push(participants(plan, n));
  if (has(plan, 'consents')) parts.push(consents(plan, n));
  if (has(plan, 'crisis_plan')) parts.push(crisisPlan(plan));
  if (has(plan, 'linked_plans')) parts.push(linkedPlans(plan, n));
  if (!ctx.current()) return null;
  replace(main, parts);
  return plan.title || t('home.untitled');
}
