// person-forms.js - what staff create and change about a person, as forms
// behind buttons (plan-form.js's opener and fields): register a person (the
// coordinating unit and the units that receive requests), change her details
// and communication needs, add an address or next of kin, open a case for her,
// and start her individual plan (the coordinating unit) from her page or from
// a case. The API decides who may (docs/security.md); the buttons are offered
// to the roles it allows, and a refusal is shown in words like any error.
import { api } from '../api.js';
import { t, languageName } from '../i18n.js';
import { h } from '../dom.js';
import { today } from '../util.js';
import { field, checkboxes, opener, patch, present, editForm } from './plan-form.js';

const c = (key, params) => t(`staff.create.${key}`, params);
const roleSet = (me) => new Set(((me && me.roles) || []).map((r) => r.role));
// The coordinating unit and the units that receive requests register persons (R13).
export const registrar = (me) => ['coordinating_unit', 'intake'].some((r) => roleSet(me).has(r));
// Only the coordinating unit creates plans.
export const coordinatingUnit = (me) => roleSet(me).has('coordinating_unit');

const CHANNELS = ['application', 'gp_referral', 'hospital_referral', 'discharge_message', 'worry_report', 'walk_in', 'phone',
  'crisis_centre', 'other_service', 'other'];
const URGENCIES = ['low', 'normal', 'high', 'acute'];
const RELATIONS = ['parent', 'child', 'spouse', 'partner', 'sibling', 'guardian', 'friend', 'other'];
const NEEDS = ['hearing', 'sight', 'reading', 'interpreter', 'speech', 'cognitive', 'sign_language'];
const LANGUAGES = ['nb', 'nn', 'se', 'smj', 'sma', 'en', 'pl', 'lt', 'ar', 'so', 'ti', 'uk', 'fa'];
const languageOptions = () => LANGUAGES.map((code) => [code, languageName(code)]);

// The municipality's own units (not external agencies), for a case's lead unit.
async function municipalUnits() {
  const page = await api('GET', '/api/v1/organisations?limit=500');
  return page.items.filter((o) => o.level === 'municipal' && o.kind !== 'external_agency')
    .map((o) => [o.id, o.name]);
}

// A form that is not about a plan: refresh() after success is the page's.
const pageForm = (page, close, fields, label, submit, said, focusId) =>
  editForm({ refresh: page.refresh }, close, fields, label, submit, said, focusId);

// /app/persons: "Registrer en person" for the roles that may.
export function registerPerson(ctx) {
  if (!registrar(ctx.me)) return null;
  return opener(c('register'), (close) => pageForm({ refresh: async () => {} }, close, [
    field('national_id', c('national_id'), 'text', { required: true, maxlength: 13, hint: c('national_id_hint') }),
    field('given_name', c('given_name'), 'text', { required: true, maxlength: 200 }),
    field('family_name', c('family_name'), 'text', { required: true, maxlength: 200 }),
    field('phone', c('phone'), 'tel', { maxlength: 40 }),
    field('email', c('email'), 'email', { maxlength: 200 }),
  ], c('register_submit'), async (v) => {
    const p = await api('POST', '/api/v1/persons', present({ ...v, national_id: (v.national_id || '').replace(/\s/g, '') }));
    await ctx.navigate(`/app/persons/${p.id}`, { flash: { notice: c('registered') } });
  }, '', null), { cls: 'primary' });
}

// The person page's forms; `page.refresh(said, focusId)` draws the page again.
export function personActions(p, cases, plans, ctx, page) {
  const actions = [];
  // her details and communication needs
  actions.push(opener(c('edit'), (close) => {
    const needs = checkboxes('communication_needs', c('needs'), NEEDS.map((n) => [n, t(`staff.need.${n}`)]), p.communication_needs || []);
    const fields = [
      field('phone', c('phone'), 'tel', { maxlength: 40, value: p.phone }),
      field('email', c('email'), 'email', { maxlength: 200, value: p.email }),
      field('preferred_language', c('language'), 'select', { empty: c('none_chosen'), options: languageOptions(), value: p.preferred_language }),
      field('interpreter_language', c('interpreter'), 'select', { empty: c('no_interpreter'), options: languageOptions(), value: p.interpreter_language }),
      needs,
      field('communication_note', c('communication_note'), 'textarea', { maxlength: 2000, value: p.communication_note }),
      field('gp_name', c('gp_name'), 'text', { maxlength: 200, value: p.gp_name }),
    ];
    return pageForm(page, close, fields, c('save'), async (v) => {
      await patch(`/api/v1/persons/${p.id}`, { ...v, communication_needs: needs.values() }, {
        ...p, communication_needs: p.communication_needs || [],
      });
    }, c('saved'), 'person-heading');
  }));
  actions.push(opener(c('add_address'), (close) => pageForm(page, close, [
    field('street', c('street'), 'text', { required: true, maxlength: 200 }),
    field('postal_code', c('postal_code'), 'text', { maxlength: 4, hint: c('postal_code_hint') }),
    field('city', c('city'), 'text', { maxlength: 100 }),
    field('valid_from', c('valid_from'), 'date', { value: today() }),
  ], c('add'), (v) => api('POST', `/api/v1/persons/${p.id}/addresses`, present(v)), c('address_added'), 'addresses-heading')));
  actions.push(opener(c('add_kin'), (close) => pageForm(page, close, [
    field('name', c('kin_name'), 'text', { required: true, maxlength: 200 }),
    field('relation', c('relation'), 'select', { required: true, empty: c('choose'), options: RELATIONS.map((r) => [r, t(`staff.kin.${r}`)]) }),
    field('phone', c('phone'), 'tel', { maxlength: 40 }),
  ], c('add'), (v) => api('POST', `/api/v1/persons/${p.id}/next-of-kin`, present(v)), c('kin_added'), 'kin-heading')));
  actions.push(openCase(p, ctx));
  const open = plans.find((x) => x.status !== 'closed');
  if (coordinatingUnit(ctx.me) && !open) actions.push(startPlan(p.id, cases.filter((x) => x.status !== 'closed'), ctx));
  return h('div', { class: 'person-actions' }, actions);
}

// "Opprett sak": why the municipality is involved, from which channel, how
// urgent, which unit leads it; on success the new case's page.
function openCase(p, ctx) {
  return opener(c('open_case'), (close) => {
    const lead = field('lead_organisation_id', c('lead'), 'select', { empty: c('lead_none'), int: true, hint: c('lead_hint') });
    municipalUnits().then((units) => {
      for (const [id, name] of units) lead.input.append(h('option', { value: String(id) }, name));
    }).catch(() => {});
    return pageForm({ refresh: async () => {} }, close, [
      field('title', c('case_title'), 'text', { required: true, maxlength: 200, hint: c('case_title_hint') }),
      field('intake_channel', c('channel'), 'select', { required: true, empty: c('choose'), options: CHANNELS.map((x) => [x, t(`staff.channel.${x}`)]) }),
      field('intake_date', c('intake_date'), 'date', { required: true, value: today() }),
      field('urgency', c('urgency'), 'select', { required: true, options: URGENCIES.map((x) => [x, t(`staff.urgency.${x}`)]), value: 'normal' }),
      lead,
      field('description', c('description'), 'textarea', { maxlength: 4000 }),
    ], c('open_case_submit'), async (v) => {
      const made = await api('POST', '/api/v1/cases', present({ ...v, person_id: p.id }));
      await ctx.navigate(`/app/cases/${made.id}`, { flash: { notice: c('case_opened') } });
    }, '', null);
  });
}

// "Opprett individuell plan" (the coordinating unit): for the person, tied to
// one of her open cases when there is one; on success the new plan's page,
// where the coordinator is appointed.
export function startPlan(personId, openCases, ctx, caseId = null, label = c('start_plan')) {
  return opener(label, (close) => {
    const fields = [];
    if (!caseId && openCases.length) {
      fields.push(field('case_id', c('plan_case'), 'select', { empty: c('no_case'), int: true, options: openCases.map((x) => [x.id, x.title]) }));
    }
    fields.push(field('title', c('plan_title'), 'text', { maxlength: 200, hint: c('plan_title_hint') }));
    return pageForm({ refresh: async () => {} }, close, fields, c('start_plan_submit'), async (v) => {
      const made = await api('POST', '/api/v1/plans', present({ ...v, person_id: personId, case_id: caseId || v.case_id || null }));
      await ctx.navigate(`/app/plans/${made.id}`, { flash: { notice: c('plan_started') } });
    }, '', null);
  }, { cls: 'primary' });
}
