// plan-status.js - the plan's own fields (§ 19 a, d, g, i: PATCH /plans/{id}
// with If-Match), its status (POST activate, close with a reason, reopen) and
// the coordinator (PUT /plans/{id}/coordinator). The API's rule errors
// (r1_consent_missing, r8_revision_date_missing, ...) are shown in words.
import { api } from '../api.js';
import { t, value } from '../i18n.js';
import { h, replace } from '../dom.js';
import { e, field, editForm, changeForm, opener, enumOptions, actionButton } from './plan-form.js';
import { staffPicker } from './plan-people.js';

const TEXTS = ['resources', 'needs', 'owner_contribution', 'next_of_kin_contribution', 'services_contribution'];

function planFields(pc, close) {
  const { plan } = pc;
  const fields = [field('title', e('plan_title'), 'text', { maxlength: 200 })];
  if (plan.status === 'draft' || plan.status === 'awaiting_consent') {
    fields.push(field('status', t('plan.status'), 'select', { options: enumOptions('status', ['draft', 'awaiting_consent']) }));
  }
  fields.push(
    h('div', { class: 'row' }, field('period_from', e('period_from'), 'date'), field('period_to', e('period_to'), 'date')),
    field('revision_date', t('plan.revision_date'), 'date', { hint: e('revision_hint') }),
  );
  for (const k of [...TEXTS.filter((x) => x in plan), 'cooperation']) fields.push(field(k, t(`plan.${k}`), 'textarea', { maxlength: 20000, hint: e(`hint.${k}`) }));
  return changeForm(pc, close, fields, pc.base, plan, 'plan-status');
}

function closeForm(pc, close) {
  return editForm(pc, close, [field('reason', e('close_reason'), 'textarea', { required: true, maxlength: 1000, hint: e('close_hint') })], e('close'),
    (v) => api('POST', `${pc.base}/close`, { reason: v.reason }), e('closed'), 'plan-status');
}

// "Sara Eira – Psykisk helse og rus (3 planer, 1 sak)": whom, where, and the load she carries.
const load = (x) => `${x.name}${x.units ? ` – ${x.units}` : ''} (${e(x.open_plans === 1 ? 'load_plans_one' : 'load_plans_other', { count: x.open_plans })}, ${e(x.open_cases === 1 ? 'load_cases_one' : 'load_cases_other', { count: x.open_cases })})`;

// The municipality's possible coordinators with their load (GET /coordinators,
// for the coordinating unit and leaders); for anyone else (the coordinator
// handing over) the choice by unit.
function coordinatorChoice(pc) {
  const choice = field('staff_id', e('new_coordinator'), 'select', { empty: e('choose'), int: true, required: true, hint: e('coordinator_load_hint') });
  const status = h('p', { class: 'hint', role: 'status' }, e('loading_staff'));
  const wrap = h('div', { class: 'coordinator-choice' }, choice, status);
  api('GET', '/api/v1/coordinators').then(({ items }) => {
    choice.input.append(...items.filter((x) => x.staff_id !== pc.plan.coordinator_id).map((x) => h('option', { value: String(x.staff_id) }, load(x))));
    replace(status, '');
  }, () => replace(wrap, staffPicker({ org: null, orgLabel: e('coordinator_unit'), staffLabel: e('new_coordinator'), staffRequired: true })));
  return wrap;
}

function coordinatorForm(pc, close) {
  return editForm(pc, close, [coordinatorChoice(pc), field('reason', e('reason'), 'textarea', { maxlength: 1000 })], e('appoint'),
    (v) => api('PUT', `${pc.base}/coordinator`, { staff_id: v.staff_id, reason: v.reason }), e('coordinator_changed'), 'plan-status');
}

// The editor's controls for the plan as a whole (none when the reader may change nothing).
export function planActions(pc) {
  const { plan, can } = pc;
  const items = [];
  if (can.editPlan) items.push(opener(e('edit_plan'), (close) => planFields(pc, close)));
  if (can.status && plan.status !== 'active') {
    // what is still missing, said before the button is pressed
    const missing = plan.activation_missing || [];
    const hintId = 'activation-missing';
    const button = actionButton(e('activate'), async () => {
      await api('POST', `${pc.base}/activate`, {});
      await pc.refresh(e('activated'), 'plan-status');
    });
    if (missing.length) {
      button.querySelector('button').setAttribute('aria-describedby', hintId);
      items.push(h('div', { class: 'activation' }, button,
        h('div', { id: hintId, class: 'note activation-missing' },
          h('p', {}, e('activation.missing')),
          h('ul', {}, missing.map((code) => h('li', {}, e(`activation.${code}`)))))));
    } else items.push(button);
  }
  if (can.status) items.push(opener(e('close'), (close) => closeForm(pc, close)));
  if (can.reopen) {
    items.push(actionButton(e('reopen'), async () => {
      await api('POST', `${pc.base}/reopen`, {});
      await pc.refresh(e('reopened'), 'plan-status');
    }));
  }
  // "Oppnevn" the first, "Bytt" the next
  if (can.appoint) items.push(opener(e(plan.coordinator_id ? 'change_coordinator' : 'appoint_coordinator'), (close) => coordinatorForm(pc, close)));
  if (!items.length) return null;
  return h('div', { class: 'plan-actions', role: 'group', 'aria-label': e('actions', { status: value('status', plan.status) }) }, items);
}
