// plan-consent.js - /app/plans/{id}/consent-form: the consent to the plan on
// one printable A4 page: the plan's person, what is shared with whom, the
// validity, and lines for signature and date. ?consent={id} prints a recorded
// consent; without it the newest valid one, or else a blank form with the
// responsibility group's members and a box per section. plan.css hides the
// application's frame in print.
import { api } from '../api.js';
import { t, value, values, formatDate } from '../i18n.js';
import { h, replace, facts, back, problem } from '../dom.js';
import { fullName } from '../util.js';
import { e } from './plan-form.js';
import { loadPlan, coordinatorName } from './plan.js';
import { GRANTABLE, participantName, grantName, inForce } from './plan-group.js';
import { table } from './table.js';

function pick(plan, query) {
  const all = plan.consents || [];
  const wanted = Number(query.get('consent'));
  if (wanted) return all.find((c) => c.id === wanted) || null;
  return all.filter(inForce).pop() || null;
}

export async function consentFormView(main, ctx) {
  const id = ctx.params[0];
  const plan = await loadPlan(id);
  const up = back(`/app/plans/${id}`, e('back_to_plan'), 'back no-print');
  if (!plan || !('consents' in plan)) return problem(main, e('form.title'), t('plan.not_found'), up);
  const person = await api('GET', `/api/v1/persons/${plan.person_id}`).catch(() => null);
  if (!ctx.current()) return null;
  const consent = pick(plan, ctx.query);
  const owner = person && fullName(person);
  let rows;
  if (consent) {
    rows = (consent.grants || []).map((g) => [grantName(g), values('section', g.sections)]);
  } else {
    rows = (plan.participants || []).filter((p) => !p.left_on && p.role !== 'owner' && p.role !== 'coordinator')
      .map((p) => [participantName(p), GRANTABLE.map((s) => `☐ ${value('section', s)}`).join('   ')]);
  }
  const line = (label) => h('div', { class: 'sign-line' }, h('span', { class: 'line' }), h('span', {}, label));
  replace(main,
    up,
    h('div', { class: 'buttons no-print' }, h('button', { type: 'button', class: 'primary', onclick: () => window.print() }, e('form.print'))),
    h('article', { class: 'consent-sheet' },
      h('h1', {}, e('form.title')),
      h('p', {}, e('form.intro')),
      facts([
        [e('form.owner'), owner],
        [e('form.birth_date'), person && formatDate(person.birth_date)],
        [e('form.plan'), `${plan.title || t('home.untitled')} (${t('home.number').toLowerCase()} ${plan.id})`],
        [t('plan.coordinator'), coordinatorName(plan)],
      ], 'facts sheet-facts'),
      h('h2', {}, e('form.shared')),
      h('p', {}, e('form.shared_intro')),
      rows.length
        ? table(e('form.shared'), [[e('form.who'), (r) => r[0]], [e('form.what'), (r) => r[1]]], rows, 'grants-table')
        : h('p', {}, e('no_grants')),
      h('p', {}, e('form.not_shared')),
      h('h2', {}, e('form.validity')),
      h('p', {}, consent
        ? e('form.valid', { from: formatDate(consent.valid_from), to: formatDate(consent.valid_to) })
        : e('form.valid_blank')),
      consent ? h('p', {}, `${t('plan.method')}: ${value('method', consent.method)}. ${t('plan.status')}: ${value('state', consent.state)}.`) : null,
      h('p', {}, e('form.withdraw_any_time')),
      h('h2', {}, e('form.signature')),
      h('div', { class: 'signatures' },
        line(e('form.place_date')),
        line(e('form.sign_owner')),
        line(e('form.sign_coordinator')))));
  return e('form.title');
}
