// plan-consent.js - /app/plans/{id}/consent-form: the consent to the plan on
// one printable A4 page, in the owner's own voice ("Jeg samtykker til ..."):
// the municipality (GET /me's tenant_name), the plan's person, every consent
// in force (plan-group.js consentsInForce: what is shared with whom, and for
// how long), how to withdraw it and how to reach the coordinator (her name,
// phone and e-mail from the plan answer), and lines for signature and date.
// ?consent={id} prints that one consent; with none in force a blank form with
// the responsibility group's members and a box per section the plan has.
// Nothing internal is shown (no ids, no enum codes, no state): it is signed.
// plan.css hides the application's frame in print. A reader who sees the plan
// but not its consents is told why (editor.consent_words.refused).
import { api } from '../api.js';
import { t, value, values, formatDate } from '../i18n.js';
import { h, replace, facts, back, problem } from '../dom.js';
import { fullName, joined } from '../util.js';
import { e } from './plan-form.js';
import { loadPlan, coordinatorName } from './plan.js';
import { OFFERED, participantName, grantName, consentsInForce } from './plan-group.js';
import { table } from './table.js';

const C = (key, p) => e(`consent_words.${key}`, p);

function pick(plan, query) {
  const wanted = Number(query.get('consent'));
  if (wanted) return (plan.consents || []).filter((c) => c.id === wanted);
  return consentsInForce(plan);
}

// One consent: whom it names, which parts each may see, and for how long.
function consentBlock(c, n, count) {
  const rows = (c.grants || []).map((g) => [grantName(g), values('section', g.sections)]);
  return h('section', { class: 'sheet-consent' },
    count > 1 ? h('h3', {}, C('consent_n', { n })) : null,
    h('p', {}, C('i_share')),
    rows.length
      ? table(e('form.shared'), [[e('form.who'), (r) => r[0]], [e('form.what'), (r) => r[1]]], rows, 'grants-table')
      : h('p', {}, e('no_grants')),
    h('p', {}, C('i_valid', { from: formatDate(c.valid_from), to: formatDate(c.valid_to) })));
}

function blankBlock(plan) {
  const rows = (plan.participants || []).filter((p) => !p.left_on && p.role !== 'owner' && p.role !== 'coordinator')
    .map((p) => [participantName(p), OFFERED.map((s) => `☐ ${value('section', s)}`).join('   ')]);
  return h('section', { class: 'sheet-consent' },
    h('p', { class: 'no-print' }, C('no_consent_form')),
    h('p', {}, C('i_share_blank')),
    rows.length
      ? table(e('form.shared'), [[e('form.who'), (r) => r[0]], [e('form.what'), (r) => r[1]]], rows, 'grants-table')
      : h('p', {}, e('no_grants')),
    h('p', {}, e('form.valid_blank')));
}

export async function consentFormView(main, ctx) {
  const id = ctx.params[0];
  const plan = await loadPlan(id);
  const up = back(`/app/plans/${id}`, e('back_to_plan'), 'back no-print');
  if (!plan) return problem(main, e('form.title'), t('plan.not_found'), up);
  // she sees the plan, but not its consents: say why (docs/security.md "A refusal says why")
  if (!('consents' in plan)) {
    problem(main, e('form.title'), C('refused'), up);
    main.append(h('p', { class: 'hint' }, C('refused_hint')));
    return e('form.title');
  }
  const [person, me] = await Promise.all([
    api('GET', `/api/v1/persons/${plan.person_id}`).catch(() => null),
    ctx.me && 'tenant_name' in ctx.me ? ctx.me : api('GET', '/api/v1/me').catch(() => null),
  ]);
  if (!ctx.current()) return null;
  const chosen = pick(plan, ctx.query);
  const municipality = (me && me.tenant_name) || null;
  const whom = municipality || C('the_municipality');
  const c = plan.coordinator;
  const coordinator = c ? joined(coordinatorName(plan), c.organisation_name) : null;
  const withdraw = coordinator
    ? C('i_withdraw', { coordinator })
    : C('i_withdraw_nobody', { municipality: whom });
  const line = (label) => h('div', { class: 'sign-line' }, h('span', { class: 'line' }), h('span', {}, label));
  replace(main,
    up,
    h('div', { class: 'buttons no-print' }, h('button', { type: 'button', class: 'primary', onclick: () => window.print() }, e('form.print'))),
    h('article', { class: 'consent-sheet' },
      h('h1', {}, e('form.title')),
      facts([
        [C('municipality'), municipality],
        [C('for_me'), person && fullName(person)],
        [e('form.birth_date'), person && formatDate(person.birth_date)],
        [e('form.plan'), plan.title || t('home.untitled')],
      ], 'facts sheet-facts'),
      h('p', {}, municipality ? C('i_consent', { municipality }) : C('i_consent_unknown')),
      h('h2', {}, chosen.length ? C('in_force', { count: chosen.length }) : e('form.shared')),
      chosen.length ? chosen.map((x, i) => consentBlock(x, i + 1, chosen.length)) : blankBlock(plan),
      h('p', {}, C('i_not_shared')),
      h('p', {}, withdraw),
      c ? h('section', { class: 'sheet-reach' },
        h('h2', {}, C('reach')),
        facts([
          [t('plan.coordinator'), coordinator],
          [C('phone'), c.phone || C('no_phone', { municipality: whom })],
          [C('email'), c.email],
        ], 'facts sheet-facts')) : null,
      h('h2', {}, e('form.signature')),
      h('div', { class: 'signatures' },
        line(e('form.place_date')),
        line(C('sign_me')),
        line(e('form.sign_coordinator')))));
  return e('form.title');
}
