// overview.js - /app/overview, the coordinating unit's and leaders' page (S10):
// plans by status (the numbers, and each status's plans on demand), plans
// without a coordinator, plans past their revision date, each coordinator's
// number of open plans (more than 20 flagged), measures without a responsible
// party, and the plans and cases whose coordinator or contact person left
// (off-boarding: the unit appoints someone). The numbers are GET /statistics's;
// the lists hold only the plans and cases the reader may see (the coordinating
// unit: all).
import { api, errorText } from '../api.js';
import { t, value, formatDate } from '../i18n.js';
import { h, replace, section, empty, problem } from '../dom.js';
import { table, tableSection, col, planLink, caseLink, planColumns, whose, municipal } from './table.js';

const STATUSES = ['draft', 'awaiting_consent', 'active', 'closed'];
const HEAVY = 20;

// A status's plans, fetched when its <details> is first opened.
function statusPlans(status, n) {
  const body = h('div', { class: 'status-plans' });
  const details = h('details', {}, h('summary', {}, `${t('staff.status_list', { status: value('status', status) })} (${n})`), body);
  let loaded = false;
  details.addEventListener('toggle', async () => {
    if (!details.open || loaded) return;
    loaded = true;
    try {
      const page = await api('GET', `/api/v1/plans?status=${status}&limit=500`);
      replace(body, page.items.length ? h('ul', {}, page.items.map((p) => h('li', {}, planLink(p.id, p.title), ' – ', whose(p), ` – ${formatDate(p.revision_date)}`))) : empty('staff.none'));
    } catch (err) {
      replace(body, h('p', { class: 'alert', role: 'alert' }, errorText(err)));
    }
  });
  return details;
}

export async function overviewView(main, ctx) {
  let s;
  try {
    s = await api('GET', '/api/v1/statistics');
  } catch (err) {
    if (err.status === 401) throw err;
    return problem(main, t('staff.overview_title'), errorText(err));
  }
  const lists = s.plans;
  if (!ctx.current()) return null;
  // each plan comes with its coordinator's name (coordinator_name)
  const link = municipal(ctx.me);
  const planCols = planColumns(link);
  const byStatus = STATUSES.map((st) => ({ status: st, n: s.plans_by_status[st] || 0 }));
  const total = byStatus.reduce((sum, x) => sum + x.n, 0);
  replace(main,
    h('h1', {}, t('staff.overview_title')),
    section('status', t('staff.by_status'),
      table(t('staff.by_status'), [
        [col('status'), (x) => x.label],
        [col('count'), (x) => String(x.n)],
      ], [...byStatus.map((x) => ({ label: value('status', x.status), n: x.n })), { label: t('staff.total'), n: total }], 'by-status numbers'),
      byStatus.filter((x) => x.n).map((x) => statusPlans(x.status, x.n)),
      h('p', {}, h('a', { href: '/app/persons?entitled=1' }, t('staff.entitled', { count: s.entitled_without_plan })))),
    section('no-coordinator', `${t('staff.without_coordinator')} (${s.open_without_coordinator})`,
      lists.without_coordinator.length ? table(t('staff.without_coordinator'), planCols, lists.without_coordinator, 'without-coordinator') : empty('staff.none')),
    section('left', `${t('staff.left')} (${s.open_coordinator_left + s.open_cases_contact_left})`,
      lists.coordinator_left.length ? table(t('staff.coordinator_left'), planCols, lists.coordinator_left, 'coordinator-left') : null,
      s.cases.contact_person_left.length ? table(t('staff.contact_left'), [
        [col('case'), (c) => caseLink(c.id, c.title)],
        [col('person'), (c) => whose(c, link)],
        [col('contact'), (c) => c.contact_name || ''],
      ], s.cases.contact_person_left, 'contact-left') : null,
      lists.coordinator_left.length + s.cases.contact_person_left.length ? null : empty('staff.none')),
    section('late', `${t('staff.past_revision')} (${s.open_past_revision_date})`,
      lists.past_revision_date.length ? table(t('staff.past_revision'), planCols, lists.past_revision_date, 'past-revision') : empty('staff.none')),
    tableSection('coordinators', t('staff.coordinators'), s.coordinators.map((c) => ({ ...c, rowClass: c.plans > HEAVY ? 'heavy' : null })), [
      [col('coordinator'), (c) => c.name],
      [col('plans'), (c) => [String(c.plans), c.plans > HEAVY ? [' ', h('span', { class: 'badge overdue' }, t('staff.heavy'))] : '']],
    ], 'coordinators numbers', 'staff.none'),
    section('unowned', t('staff.unowned'),
      h('p', {}, t('staff.unowned_count', { count: s.measures_without_responsible })),
      lists.with_measures_without_responsible.length ? table(t('staff.unowned'), [
        planCols[0],
        planCols[1],
        planCols[3],
        [col('count'), (p) => String(p.measures_without_responsible)],
      ], lists.with_measures_without_responsible, 'unowned numbers') : null));
  return t('staff.overview_title');
}
