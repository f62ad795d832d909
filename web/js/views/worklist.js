// worklist.js - the staff's "Mine saker" (GET /worklist, one request): the
// dates due (overdue first), my measures, my plans (with the messages I have
// not seen in each), the cases I am the contact person of and the consents
// about to end, each a table under its heading.
// The API has already left out what the policy does not let me see.
import { api } from '../api.js';
import { t, value, formatDate } from '../i18n.js';
import { h, badge } from '../dom.js';
import { tableSection, col, planLink, caseLink, personLink, whose as named } from './table.js';

// A plan's unread messages in words ("1 ulest melding"), linking to its
// thread; nothing where the reader may not read the plan's messages.
function unread(p) {
  const n = p.unread_messages;
  if (!n) return n === 0 ? t('staff.messages.unread_none') : '';
  return h('a', { href: `/app/plans/${p.id}` }, h('strong', {}, t(`staff.messages.unread_${n === 1 ? 'one' : 'other'}`, { count: n })));
}

// `link`: the reader reads persons (municipal staff), so names link to them.
export async function worklistSections(link) {
  const w = await api('GET', '/api/v1/worklist');
  const whose = (x) => named(x, link);
  const titles = new Map(w.plans.map((p) => [p.id, p.title]));
  const plan = (id) => planLink(id, titles.get(id));
  return [
    tableSection('due', t('staff.due'), w.due.map((d) => ({ ...d, rowClass: d.overdue ? 'overdue-row' : null })), [
      [col('date'), (d) => h('span', {}, formatDate(d.date), d.overdue ? [' ', h('span', { class: 'badge overdue' }, t('staff.overdue'))] : null)],
      [col('what'), (d) => [t(`staff.kind.${d.kind}`), d.kind === 'plan_revision' ? '' : `: ${d.text || ''}`]],
      [col('plan'), (d) => plan(d.plan_id)],
      [col('person'), whose],
    ], 'due', 'staff.no_due'),
    tableSection('measures-mine', t('staff.my_measures'), w.measures, [
      [col('measure'), (m) => m.description],
      [col('plan'), (m) => plan(m.plan_id)],
      [col('person'), whose],
      [col('status'), (m) => value('status', m.status)],
      [t('plan.deadline'), (m) => formatDate(m.deadline)],
      [t('plan.evaluation_date'), (m) => formatDate(m.evaluation_date)],
    ], 'measures', 'staff.no_measures'),
    tableSection('plans-mine', t('staff.my_plans'), w.plans, [
      [col('plan'), (p) => plan(p.id)],
      [col('person'), whose],
      [col('status'), (p) => badge('status', p.status)],
      [col('role'), (p) => t(`staff.relation.${p.relation}`)],
      [t('plan.revision_date'), (p) => formatDate(p.revision_date)],
      [t('staff.messages.unread'), unread],
    ], 'my-plans', 'staff.no_my_plans'),
    tableSection('cases-mine', t('staff.my_cases'), w.cases, [
      [col('case'), (c) => caseLink(c.id, c.title)],
      [col('person'), (c) => personLink(c.person_id, c.person_name)],
      [col('status'), (c) => t(`staff.case_status.${c.status}`)],
      [col('urgency'), (c) => t(`staff.urgency.${c.urgency}`)],
    ], 'my-cases', 'staff.no_cases'),
    tableSection('consents-ending', t('staff.consents'), w.consents_expiring, [
      [col('plan'), (c) => plan(c.plan_id)],
      [col('valid_to'), (c) => formatDate(c.valid_to)],
    ], 'consents', 'staff.no_consents'),
  ];
}
