// worklist.js - the staff's "Mine saker" (GET /worklist, one request): the
// dates due (overdue first), my measures, my plans, the cases I am the contact
// person of and the consents about to end, each a table under its heading.
// The API has already left out what the policy does not let me see.
import { api } from '../api.js';
import { t, value, formatDate } from '../i18n.js';
import { h } from '../dom.js';
import { table, section, planLink, caseLink, personLink } from './table.js';

function dateCell(date, overdue) {
  return h('span', {}, formatDate(date), overdue ? [' ', h('span', { class: 'badge overdue' }, t('staff.overdue'))] : null);
}

export async function worklistSections() {
  const w = await api('GET', '/api/v1/worklist');
  const titles = new Map(w.plans.map((p) => [p.id, p.title]));
  const plan = (id) => planLink(id, titles.get(id));
  const col = (k) => t(`staff.col.${k}`);
  return [
    section('due-heading', t('staff.due'), w.due, (rows) => table(t('staff.due'), [
      [col('date'), (d) => dateCell(d.date, d.overdue)],
      [col('what'), (d) => [t(`staff.kind.${d.kind}`), d.kind === 'plan_revision' ? '' : `: ${d.text || ''}`]],
      [col('plan'), (d) => plan(d.plan_id)],
    ], rows.map((d) => ({ ...d, rowClass: d.overdue ? 'overdue-row' : null })), 'due'), t('staff.no_due')),
    section('measures-mine-heading', t('staff.my_measures'), w.measures, (rows) => table(t('staff.my_measures'), [
      [col('measure'), (m) => m.description],
      [col('plan'), (m) => plan(m.plan_id)],
      [col('status'), (m) => value('status', m.status)],
      [t('plan.deadline'), (m) => formatDate(m.deadline)],
      [t('plan.evaluation_date'), (m) => formatDate(m.evaluation_date)],
    ], rows, 'measures'), t('staff.no_measures')),
    section('plans-mine-heading', t('staff.my_plans'), w.plans, (rows) => table(t('staff.my_plans'), [
      [col('plan'), (p) => plan(p.id)],
      [col('person'), (p) => (p.person_name ? personLink(p.person_id, p.person_name) : '')],
      [col('status'), (p) => h('span', { class: `badge status-${p.status}` }, value('status', p.status))],
      [col('role'), (p) => t(`staff.relation.${p.relation}`)],
      [t('plan.revision_date'), (p) => formatDate(p.revision_date)],
    ], rows, 'my-plans'), t('staff.no_my_plans')),
    section('cases-mine-heading', t('staff.my_cases'), w.cases, (rows) => table(t('staff.my_cases'), [
      [col('case'), (c) => caseLink(c.id, c.title)],
      [col('person'), (c) => personLink(c.person_id, c.person_name)],
      [col('status'), (c) => t(`staff.case_status.${c.status}`)],
      [col('urgency'), (c) => t(`staff.urgency.${c.urgency}`)],
    ], rows, 'my-cases'), t('staff.no_cases')),
    section('consents-heading', t('staff.consents'), w.consents_expiring, (rows) => table(t('staff.consents'), [
      [col('plan'), (c) => plan(c.plan_id)],
      [col('valid_to'), (c) => formatDate(c.valid_to)],
    ], rows, 'consents'), t('staff.no_consents')),
  ];
}
