// plan-group.js - the ansvarsgruppe (participants: add a staff member, an
// organisation or a named person with a role; end a participation with
// left_on) and the samtykke (consents: one card per consent in force, with
// its state today; record one with who may see which sections, starting from
// the consent in force, which a new one for the same recipients replaces (the
// API ends it: docs/security.md), and offering only the sections the plan has;
// withdraw one with a reason; consents that ended are in the plan's history).
import { api } from '../api.js';
import { t, value, values, formatDate } from '../i18n.js';
import { h, facts, section, badge, cards } from '../dom.js';
import { today, joined, staffLabel, orgLabel } from '../util.js';
import { e, field, editForm, patch, opener, present, enumOptions, checkboxes } from './plan-form.js';
import { staffPicker } from './plan-people.js';
import { period } from './plan.js';

const ROLES = ['service', 'nav', 'gp', 'specialist', 'school', 'child_welfare', 'next_of_kin', 'representative', 'contact_person', 'other'];
// A consent that holds now or will (the API gives each its state today).
export const inForce = (c) => c.state === 'active' || c.state === 'not_yet_valid';

export const GRANTABLE = ['goals', 'resources_needs', 'measures', 'evaluations', 'participants', 'crisis_plan', 'messages', 'documents', 'history'];
// The sections a plan has today, and that the forms offer: the crisis plan and
// documents have no content yet (the API still accepts them in a grant).
export const OFFERED = GRANTABLE.filter((s) => s !== 'crisis_plan' && s !== 'documents');
const C = (key, p) => e(`consent_words.${key}`, p);

// The consents in force, one per recipients: a consent replaced from a later
// day (replaced_by) still holds until then, and is told on its successor's card.
export const consentsInForce = (plan) => (plan.consents || []).filter((c) => inForce(c) && !c.replaced_by);
// The consent a new one starts from: the newest in force.
export const currentConsent = (plan) => consentsInForce(plan).pop() || null;

// ---- participants ----------------------------------------------------------

function addParticipant(pc, close) {
  const picker = staffPicker({ orgLabel: t('plan.organisation'), staffLabel: e('staff_member'), staffEmpty: e('whole_org') });
  return editForm(pc, close, [
    field('role', t('plan.role'), 'select', { options: enumOptions('role', ROLES) }),
    picker,
    field('name', e('participant_name'), 'text', { maxlength: 200, hint: e('participant_name_hint') }),
    field('joined_on', t('plan.joined'), 'date', { value: today() }),
  ], e('add'), (v) => api('POST', `${pc.base}/participants`, present(v)), e('added'), 'participants-heading');
}

function endParticipation(pc, p, close) {
  return editForm(pc, close, [field('left_on', e('left_on'), 'date', { value: today(), required: true })], e('end_participation'),
    (v) => patch(`${pc.base}/participants/${p.id}`, v, p), e('saved'), 'participants-heading');
}

// A participant's name and organisation: "Kari Nordmann, NAV Bydel".
export const participantName = (p) => joined(p.name || staffLabel(null, p.staff_id), orgLabel(p.organisation_name, p.organisation_id));

// Whom a grant names.
// a staff member with their unit: the form says whom in which agency
export const grantName = (g) => (g.staff_id ? joined(staffLabel(g.name, g.staff_id), g.organisation_name) : orgLabel(g.name, g.organisation_id));

export function participants(pc) {
  const { plan } = pc;
  const all = plan.participants || [];
  const list = cards(all, (p) =>
    h('li', { class: p.left_on ? 'card left' : 'card' },
      h('h3', {}, p.name || staffLabel(null, p.staff_id) || orgLabel(p.organisation_name, p.organisation_id) || value('role', p.role)),
      facts([
        [t('plan.role'), value('role', p.role)],
        [t('plan.organisation'), orgLabel(p.organisation_name, p.organisation_id)],
        [t('plan.joined'), formatDate(p.joined_on)],
        [t('plan.left'), formatDate(p.left_on)],
      ]),
      pc.can.group && !p.left_on && p.role !== 'coordinator' && p.role !== 'owner'
        ? h('div', { class: 'controls' }, opener(e('end_participation'), (close) => endParticipation(pc, p, close)))
        : null), 'plan.no_participants');
  return section('participants', t('plan.participants'), list,
    pc.can.group ? opener(e('add_participant'), (close) => addParticipant(pc, close)) : null);
}

// ---- consents --------------------------------------------------------------

// Who a consent can name: each current participant who is a staff member (the
// person alone, or their whole organisation) or an organisation.
function recipients(pc) {
  const byKey = new Map();
  for (const p of pc.plan.participants || []) {
    const key = p.staff_id ? `s${p.staff_id}` : p.organisation_id && `o${p.organisation_id}`;
    if (key && !p.left_on && p.role !== 'owner' && p.role !== 'coordinator' && !byKey.has(key)) byKey.set(key, p);
  }
  return [...byKey.values()];
}

// The grant of `consent` that names participant p: her own, or her organisation's.
function grantFor(consent, p) {
  const grants = (consent && consent.grants) || [];
  return grants.find((g) => p.staff_id && g.staff_id === p.staff_id)
    || grants.find((g) => g.organisation_id && g.organisation_id === p.organisation_id) || null;
}

function grantRow(p, i, from) {
  const who = participantName(p);
  const g = grantFor(from, p);
  const boxes = checkboxes(`grant-${i}`, `${who} (${value('role', p.role)})`, OFFERED.map((s) => [s, value('section', s)]), g ? g.sections : []);
  let scope = null;
  if (p.staff_id && p.organisation_id) {
    scope = field(`scope-${i}`, e('grant_scope'), 'select', { options: [['staff', e('grant_person')], ['organisation', e('grant_org')]], value: g && g.organisation_id ? 'organisation' : 'staff' });
    scope.input.removeAttribute('name');
    boxes.append(scope);
  }
  boxes.grant = () => {
    const sections = boxes.values();
    if (!sections.length) return null;
    const org = !p.staff_id || (scope && scope.input.value === 'organisation');
    return org ? { organisation_id: p.organisation_id, sections } : { staff_id: p.staff_id, sections };
  };
  return boxes;
}

function addConsent(pc, close) {
  const from = currentConsent(pc.plan);
  const rows = recipients(pc).map((p, i) => grantRow(p, i, from));
  return editForm(pc, close, [
    h('p', { class: 'hint' }, e('consent_intro')),
    from ? h('p', { class: 'hint' }, C('form_starts', { period: period(from.valid_from, from.valid_to) })) : null,
    field('given_by', t('plan.given_by'), 'select', { options: enumOptions('given_by', ['owner', 'representative']), value: from && from.given_by }),
    field('representative_name', e('representative_name'), 'text', { maxlength: 200, hint: e('representative_hint'), value: from && from.representative_name }),
    field('child_view', e('child_view'), 'textarea', { maxlength: 4000, hint: e('child_view_hint') }),
    field('method', t('plan.method'), 'select', { options: enumOptions('method', ['in_person', 'paper_signed', 'digital']), value: from && from.method }),
    h('div', { class: 'row' },
      field('valid_from', e('valid_from'), 'date', { value: today(), required: true }),
      field('valid_to', e('valid_to'), 'date', { value: today(1), required: true })),
    h('div', { class: 'grants' }, h('h3', {}, t('plan.grants')), rows.length ? rows : h('p', { class: 'hint' }, e('no_recipients'))),
    field('note', t('plan.note'), 'textarea', { maxlength: 2000 }),
  ], e('record_consent'), (v) => api('POST', `${pc.base}/consents`, present({ ...v, grants: rows.map((r) => r.grant()).filter(Boolean) })),
  e('consent_recorded'), 'consents-heading', 'consent-form');
}

function withdrawForm(pc, c, close) {
  return editForm(pc, close, [field('reason', e('withdraw_reason'), 'textarea', { maxlength: 1000 })], e('withdraw'),
    (v) => api('POST', `${pc.base}/consents/${c.id}/withdraw`, { reason: v.reason }), e('withdrawn'), 'consents-heading');
}

// A consent's state in words (a replaced one: editor.consent_words).
const stateBadge = (c) => (c.state === 'replaced' ? h('span', { class: 'badge status-expired' }, C('state_replaced')) : badge('state', c.state));

// The consents that no longer hold (withdrawn, expired, replaced), one line
// each, folded: the plan's history tells each change in full.
function endedList(plan) {
  const all = plan.consents || [];
  const ended = all.filter((c) => !consentsInForce(plan).includes(c));
  if (!ended.length) return null;
  const successor = (c) => all.find((x) => x.id === c.replaced_by);
  return h('details', { class: 'ended-consents' },
    h('summary', {}, C('ended', { count: ended.length })),
    h('ul', {}, ended.map((c) => h('li', { id: `consent-${c.id}` },
      stateBadge(c), ' ',
      [period(c.valid_from, c.valid_to), (c.grants || []).map(grantName).join('; ')].filter(Boolean).join(': '),
      c.replaced_by && successor(c) ? ` ${C('replaced_by', { date: formatDate(successor(c).valid_from) })}` : null,
      c.withdrawn_reason ? ` ${e('withdraw_reason')}: ${c.withdrawn_reason}` : null))));
}

export function consents(pc) {
  const { plan } = pc;
  const all = consentsInForce(plan);
  const list = cards(all, (c) => {
    const grants = (c.grants || []).map((g) => h('li', {}, `${grantName(g)}: ${values('section', g.sections)}`));
    // an earlier consent for the same people that holds until this one does
    const before = (plan.consents || []).find((x) => x.replaced_by === c.id && inForce(x));
    return h('li', { class: 'card', id: `consent-${c.id}` },
      h('h3', {}, period(c.valid_from, c.valid_to) || t('plan.consents')),
      before ? h('p', { class: 'hint' }, C('replaces', { date: formatDate(before.valid_to) })) : null,
      facts([
        [t('plan.status'), stateBadge(c)],
        [t('plan.given_by'), [value('given_by', c.given_by), c.representative_name].filter(Boolean).join(': ')],
        [e('child_view'), c.child_view],
        [t('plan.method'), value('method', c.method)],
        [t('plan.grants'), grants.length ? h('ul', {}, grants) : e('no_grants')],
        [t('plan.note'), c.note],
        [e('withdrawn_at'), c.withdrawn_at ? formatDate(c.withdrawn_at) : null],
        [e('withdraw_reason'), c.withdrawn_reason],
      ]),
      h('div', { class: 'controls' },
        h('a', { href: `/app/plans/${plan.id}/consent-form?consent=${c.id}` }, e('form.print_link')),
        pc.can.withdraw && c.state !== 'withdrawn' ? opener(e('withdraw'), (close) => withdrawForm(pc, c, close)) : null));
  }, 'plan.no_consents');
  return section('consents', t('plan.consents'), [list, endedList(plan)],
    pc.can.group ? opener(e('add_consent'), (close) => addConsent(pc, close)) : null);
}
