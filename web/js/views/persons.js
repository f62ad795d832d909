// persons.js - finding a person and seeing them whole, for municipal staff.
//   /app/persons?q=...   one labelled search field: name, national ID number
//                        or address (GET /persons?q= matches all three, former
//                        addresses too); the results are links
//   /app/persons/{id}    the person in one view: details, communication needs,
//                        GP, addresses, next of kin, every case (with its
//                        contact person) and the individual plan; of a
//                        protected person (R16) the addresses only for the
//                        staff named for them: the others see that the
//                        address is protected, never where she lives
import { api, errorText } from '../api.js';
import { t, formatDate, languageName } from '../i18n.js';
import { h, replace, facts, section, problem } from '../dom.js';
import { joined, fullName, pages, pager } from '../util.js';
import { tableSection, col, planColumns, caseLink, contactOf, nidText } from './table.js';
import { registerPerson, personActions, startPlan, coordinatingUnit } from './person-forms.js';

const PAGE = 20;

// The count line of a search: the real number of hits ("1 treff", "23 treff,
// 20 vist"); with none, what else to try.
const hits = (total, shown) => (shown < total ? t('staff.whose.hits_shown', { count: total, shown })
  : t(`staff.whose.hits_${total === 1 ? 'one' : 'other'}`, { count: total }));
const noHits = (q) => () => `${t('staff.whose.no_hits', { q })} ${t('staff.whose.try')}`;

// The address a hit was found by, with its period (the API gives it only to
// those who may see it).
function matched(a) {
  if (!a) return null;
  const where = joined(a.street, [a.postal_code, a.city].filter(Boolean).join(' '));
  const when = a.valid_to ? t('staff.whose.period', { from: formatDate(a.valid_from) || '…', to: formatDate(a.valid_to) })
    : a.valid_from ? t('staff.whose.since', { from: formatDate(a.valid_from) }) : '';
  return h('span', { class: 'matched' }, `${t('staff.whose.matched')} ${where}${when ? ` (${when})` : ''}`);
}

// A hit: her name (a link), her birth date and the address that matched.
const hit = (p, extra) => h('li', {},
  h('a', { href: `/app/persons/${p.id}` }, fullName(p)), ' ',
  h('span', { class: 'note' }, t('staff.whose.born', { date: formatDate(p.birth_date) })),
  p.matched_address ? [' ', matched(p.matched_address)] : null, extra || null);

// /app/persons?entitled=1: the persons entitled to a plan who have none (the
// overview's number), each with a way to start one (the coordinating unit).
async function entitledView(main, ctx) {
  const ke = coordinatingUnit(ctx.me);
  const results = pager(ctx, `/api/v1/persons?entitled_to_plan=true&without_plan=true&limit=${PAGE}`, 'results entitled', hits, 'staff.none', t('staff.more_results'),
    (items) => items.map((p) => hit(p, ke ? startPlan(p.id, [], ctx, null, t('staff.create.start_plan_for', { name: fullName(p) })) : null)));
  replace(main, h('h1', {}, t('staff.create.entitled_title')), h('p', {}, t('staff.create.entitled_intro')), results.nodes);
  await results.start();
  return t('staff.create.entitled_title');
}

export async function personsView(main, ctx) {
  if (ctx.query.get('entitled') === '1') return entitledView(main, ctx);
  const q = (ctx.query.get('q') || '').trim();
  const input = h('input', { id: 'person-search', type: 'search', name: 'q', value: q, autocomplete: 'off', 'aria-describedby': 'person-search-hint', maxlength: 200 });
  const results = pager(ctx, `/api/v1/persons?q=${encodeURIComponent(q)}&limit=${PAGE}`, 'results', hits, noHits(q), t('staff.more_results'),
    (items) => items.map((p) => hit(p)));
  const form = h('form', { role: 'search', class: 'search', 'aria-label': t('staff.persons_title') },
    h('div', { class: 'field' },
      h('label', { for: 'person-search' }, t('staff.search_label')),
      h('p', { id: 'person-search-hint', class: 'hint' }, t('staff.search_hint')),
      input),
    h('button', { type: 'submit', class: 'primary' }, t('staff.search')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const v = input.value.trim();
    if (v) ctx.navigate(`/app/persons?q=${encodeURIComponent(v)}`);
  });
  replace(main, h('h1', {}, t('staff.persons_title')), registerPerson(ctx), form, results.nodes);
  if (!q) return t('staff.persons_title');
  await results.start();
  return `${q} – ${t('staff.persons_title')}`;
}

export async function personView(main, ctx) {
  const id = ctx.params[0];
  let p;
  let cases;
  let plans;
  try {
    [p, cases, plans] = await Promise.all([
      api('GET', `/api/v1/persons/${id}`),
      pages(`/api/v1/cases?person_id=${id}`),
      pages(`/api/v1/plans?person_id=${id}`),
    ]);
  } catch (err) {
    if (err.status === 401) throw err;
    return problem(main, t('staff.persons_title'), errorText(err));
  }
  // the person, the cases and the plans carry their names (gp_organisation_name, ...)
  if (!ctx.current()) return null;
  const needs = p.communication_needs || [];
  const kin = p.next_of_kin || [];
  const addresses = p.addresses || [];
  const gp = joined(p.gp_name, p.gp_organisation_name);
  // R16: the server leaves out the street for anyone not named for it
  const hidden = p.address_protected && addresses.some((a) => a.address_protected);
  const protection = [p.protection_code && t(`staff.protection_code.${p.protection_code}`),
    p.protection_flag && t(`staff.protection_flag.${p.protection_flag}`)].filter(Boolean).join(', ');
  const addressSection = hidden || (p.address_protected && !addresses.length)
    ? section('addresses', t('staff.addresses'),
      h('p', { class: 'alert protected-address' }, h('strong', {}, t('staff.address_protected')), ' ', t('staff.address_protected_hint')))
    : tableSection('addresses', t('staff.addresses'), addresses, [
      [col('address'), (a) => [joined(a.street, [a.postal_code, a.city].filter(Boolean).join(' ')),
        !a.valid_to ? ` (${t('staff.current')})` : '']],
      [col('from'), (a) => formatDate(a.valid_from)],
      [col('to'), (a) => formatDate(a.valid_to)],
    ], 'addresses', 'staff.no_addresses');
  if (p.address_protected && !hidden && addresses.length) {
    addressSection.insertBefore(h('p', { class: 'alert protected-address' }, h('strong', {}, t('staff.address_protected')), ' ', t('staff.address_named_hint')),
      addressSection.children[1] || null);
  }
  // after a change: the page again, the status said, the focus where it was
  const status = h('p', { class: 'status', role: 'status' });
  const page = {
    refresh: async (said, focusId) => {
      await personView(main, ctx);
      const s = main.querySelector('p.status[role="status"]');
      if (s) replace(s, said || '');
      const target = focusId && document.getElementById(focusId);
      (target || main.querySelector('h1')).focus();
    },
  };
  replace(main,
    h('h1', { id: 'person-heading', tabindex: '-1' }, fullName(p)),
    status,
    personActions(p, cases, plans, ctx, page),
    section('person', t('staff.person_facts'),
      facts([
        [t('staff.national_id'), nidText(p.national_id)],
        [col('birth_date'), formatDate(p.birth_date)],
        [t('staff.phone'), p.phone],
        [t('staff.email'), p.email],
        [t('staff.language'), languageName(p.preferred_language)],
        [t('staff.gp'), gp || t('staff.no_gp')],
        [t('staff.protection'), protection],
      ], 'facts person-facts')),
    section('communication', t('staff.communication'),
      facts([
        [t('staff.needs'), needs.length ? needs.map((n) => t(`staff.need.${n}`)).join(', ') : t('staff.no_needs')],
        [t('staff.interpreter'), languageName(p.interpreter_language)],
        [t('plan.note'), p.communication_note],
      ])),
    tableSection('services', t('staff.services'), cases, [
      [col('case'), (c) => caseLink(c.id, c.title)],
      [col('status'), (c) => t(`staff.case_status.${c.status}`)],
      [t('staff.lead'), (c) => c.lead_organisation_name || ''],
      [col('contact'), (c) => contactOf(c.contact_name, c.contact_staff_id)],
    ], 'services', 'staff.no_services'),
    tableSection('person-plans', t('staff.plans'), plans, planColumns(), 'person-plans', 'staff.no_plans'),
    tableSection('kin', t('staff.next_of_kin'), kin, [
      [col('name'), (k) => [k.name, k.is_guardian ? ` (${t('staff.guardian')})` : '']],
      [t('plan.role'), (k) => t(`staff.kin.${k.relation}`)],
      [t('staff.phone'), (k) => k.phone || ''],
    ], 'kin', 'staff.no_next_of_kin'),
    addressSection);
  return fullName(p);
}
