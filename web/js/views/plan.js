// plan.js - one individual plan, and its editor (GET /api/v1/plans/{id}).
//
// The API leaves out the sections the reader may not see (docs/security.md:
// consent decides, section by section), so this page renders only the keys
// that are there: a NAV caseworker with consent to goals and measures sees the
// plan's frame, the goals and the measures, and nothing hints at the rest.
//
// Edit controls are shown for what the reader's relation to the plan allows
// (`can` below, after the policy table of docs/openapi.yaml); the API decides
// in the end, and its refusals are shown in words. Every change sends the
// item's version in If-Match; after it the plan is read again and the page
// re-rendered, and a status line says what happened. The parts live in
// plan-parts.js (goals, measures, evaluations), plan-group.js (ansvarsgruppe,
// samtykke), plan-status.js (plan fields, status, coordinator), plan-messages.js
// (the thread and the consent requests);
// /app/plans/{id}/history and /consent-form in plan-history.js and
// plan-consent.js; /print (the whole plan for paper) is plan-print.js, its
// own page (app.js).
import { t, value, formatDate } from '../i18n.js';
import { h, replace, facts, section, empty, badge, back, problem } from '../dom.js';
import { found, staffLabel } from '../util.js';
import { e } from './plan-form.js';
import { goals, measures, evaluations, linkedPlans } from './plan-parts.js';
import { participants, consents } from './plan-group.js';
import { planActions } from './plan-status.js';
import { historyView } from './plan-history.js';
import { consentFormView } from './plan-consent.js';
import { messages } from './plan-messages.js';

export const has = (plan, key) => Object.prototype.hasOwnProperty.call(plan, key);

export function period(from, to) {
  if (!from && !to) return null;
  if (!to) return t('plan.from_open', { from: formatDate(from) });
  return t('plan.from_to', { from: formatDate(from) || '…', to: formatDate(to) });
}

export function flagList(flags) {
  if (!Array.isArray(flags) || !flags.length) return null;
  return h('div', { class: 'attention' }, h('p', { class: 'attention-title' }, e('attention')),
    h('ul', { class: 'flags' }, flags.map((f) => h('li', {}, value('flag', f)))));
}

function text(v) {
  return v === null || v === undefined || v === '' ? t('plan.unknown') : String(v);
}

export function coordinatorName(plan) {
  const c = plan.coordinator;
  return staffLabel(c && c.name, c ? c.staff_id : plan.coordinator_id) || t('plan.no_coordinator');
}

// What the reader may change, as far as the page can tell (the API decides).
function permissions(plan, me) {
  const roles = (me && me.roles) || [];
  const citizen = me && me.role === 'citizen';
  const coordinator = !!(me && me.staff_id && plan.coordinator_id === me.staff_id);
  const unit = roles.some((r) => r.role === 'coordinating_unit');
  const open = plan.status !== 'closed';
  const sections = plan.sections || [];
  const content = ['goals', 'measures', 'evaluations'];
  return {
    coordinator,
    unit,
    editPlan: coordinator && open,
    status: (coordinator || unit) && open,
    reopen: unit && !open,
    appoint: (coordinator || unit) && open,
    write: (s) => open && (coordinator
      || (citizen && (s === 'goals' || s === 'evaluations'))
      || (!citizen && me && me.staff_id && content.includes(s) && sections.includes(s))),
    remove: coordinator && open,
    group: coordinator && open,
    withdraw: coordinator || citizen,
  };
}

function header(plan, ctx) {
  const links = [];
  if ((plan.sections || []).includes('history')) links.push(h('a', { href: `/app/plans/${plan.id}/history` }, e('history.title')));
  if (has(plan, 'consents')) links.push(h('a', { href: `/app/plans/${plan.id}/consent-form` }, e('form.title')));
  links.push(h('a', { href: `/app/plans/${plan.id}/print` }, e('print.link')));
  return [
    back(),
    h('h1', {}, plan.title || t('home.untitled')),
    facts([
      [t('staff.whose.plan_for'), plan.person_name],
      [t('plan.status'), badge('status', plan.status)],
      [t('plan.coordinator'), coordinatorName(plan)],
      [t('plan.period'), period(plan.period_from, plan.period_to)],
      // a closed plan is revised no more
      [t('plan.revision_date'), plan.status === 'closed' ? null : formatDate(plan.revision_date)],
      [e('close_reason'), plan.close_reason],
    ], 'facts plan-facts'),
    flagList(plan.flags),
    links.length ? h('ul', { class: 'plan-links' }, links.map((a) => h('li', {}, a))) : null,
    planActions(ctx),
  ];
}

function resourcesNeeds({ plan }) {
  const keys = ['resources', 'needs', 'owner_contribution', 'next_of_kin_contribution', 'services_contribution'].filter((k) => has(plan, k));
  return keys.length ? section('resources', t('plan.resources_needs'),
    facts(keys.map((k) => [t(`plan.${k}`), h('span', { class: 'prose' }, text(plan[k]))]))) : null;
}

// The crisis plan's shape is not settled yet (a later issue): its fields are
// shown as they come, as text.
function crisisPlan({ plan }) {
  const c = plan.crisis_plan;
  const show = (v) => (v !== null && typeof v === 'object' ? facts(Object.entries(v).map(([k, x]) => [k, show(x)])) : text(v));
  return section('crisis', t('plan.crisis_plan'), c === null ? empty('plan.unknown') : show(c));
}

// Reads the plan; null when the reader may not see it (404). (A page opened
// at a plan's address has asked for it already: early.js.)
export const loadPlan = (id) => found(`/api/v1/plans/${id}`);

// The page of a plan the reader may not see (or that is not there).
export const planNotFound = (main) => problem(main, t('home.untitled'), t('plan.not_found'), back());

function render(main, plan, ctx, status) {
  const can = permissions(plan, ctx.me);
  const pc = { plan, can, me: ctx.me, base: `/api/v1/plans/${plan.id}`, refresh: ctx.refresh };
  const parts = [...header(plan, pc)];
  const full = Array.isArray(plan.sections) && plan.sections.includes('consents');
  if (!full) parts.push(h('p', { class: 'note' }, t('plan.sections_shown')));
  parts.push(status);
  if (has(plan, 'cooperation')) parts.push(section('cooperation', t('plan.cooperation'), h('p', { class: 'prose' }, text(plan.cooperation))));
  parts.push(resourcesNeeds(pc));
  // each section the API answered, in the plan's order
  const sections = { goals, measures, evaluations, participants, consents, crisis_plan: crisisPlan, linked_plans: linkedPlans };
  for (const [key, part] of Object.entries(sections)) if (has(plan, key)) parts.push(part(pc));
  if ((plan.sections || []).includes('messages')) parts.push(messages(pc));
  replace(main, parts);
}

export async function planView(main, ctx) {
  const [id, sub] = ctx.params;
  if (sub === 'history') return historyView(main, ctx);
  if (sub === 'consent-form') return consentFormView(main, ctx);
  const plan = await loadPlan(id);
  if (!plan) return planNotFound(main);
  performance.mark('helhet:plan-read'); // bench/page.mjs
  if (!ctx.current()) return null;
  // one status line for the page's life, so a change is announced once
  const status = h('p', { class: 'status', role: 'status', id: 'plan-status' });
  const page = { ...ctx };
  page.refresh = async (message, focusId) => {
    const fresh = await loadPlan(id);
    if (!fresh) return ctx.navigate(`/app/plans/${id}`, { replace: true });
    render(main, fresh, page, status);
    replace(status, message || '');
    const target = focusId && document.getElementById(focusId);
    (target || main.querySelector('h1')).focus();
    document.title = `${fresh.title || t('home.untitled')} – ${t('app.name')}`;
  };
  render(main, plan, page, status);
  // an address with a part's anchor (#goal-7, from a due item): that part, in view and focused
  const target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
  if (target && main.contains(target)) {
    target.setAttribute('tabindex', '-1');
    target.scrollIntoView({ block: 'start' });
    target.focus({ preventScroll: true });
  }
  main.dataset.ready = plan.id;
  performance.mark('helhet:plan-ready');
  return plan.title || t('home.untitled');
}
