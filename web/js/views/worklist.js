// worklist.js - the staff's "Mine saker" (GET /worklist, one request): the
// dates due (overdue first), my measures, my plans (with the messages I have
// not seen in each), the cases I am the contact person of and the consents
// about to end, each a table under its heading.
// The API has already left out what the policy does not let me see.
import { api } from '../api.js';
import { t, value, formatDate } from '../i18n.js';
import { h, badge, replace, section, empty } from '../dom.js';
import { table, tableSection, col, planLink, caseLink, personLink, whose as named } from './table.js';

// A plan's unread messages in words ("1 ulest melding"), linking to its
// thread; nothing where the reader may not read the plan's messages.
function unread(p) {
  const n = p.unread_messages;
  if (!n) return n === 0 ? t('staff.messages.unread_none') : '';
  return h('a', { href: `/app/plans/${p.id}` }, h('strong', {}, t(`staff.messages.unread_${n === 1 ? 'one' : 'other'}`, { count: n })));
}

// Where a due item is about: the goal or measure's card in its plan (the plan
// page brings #goal-7 into view and focuses it), or the plan itself.
function dueHref(d) {
  const part = d.goal_id ? `#goal-${d.goal_id}` : d.measure_id ? `#measure-${d.measure_id}` : '';
  return `/app/plans/${d.plan_id}${part}`;
}

// The dates due, with what to show (all, overdue, this week), one plan or
// all, sorted by date or by plan: drawn again in place when a choice changes.
// A plan the list gives no title for, by whose it is ("Planen til Kari Nordmann").
const planOf = (d) => (d && d.person_name ? t('staff.plan_of', { name: d.person_name }) : t('staff.plan_untitled'));

// A plan in the plan filter, by whose it is: "Individuell plan – Kari
// Johansen", or "Planen til Kari Johansen" when it has no title.
const planOption = (title, d) => (title && d && d.person_name ? t('staff.work.plan_option', { title, name: d.person_name }) : title || planOf(d));

function dueSection(w, plan, whose) {
  const today = w.today;
  const week = new Date(`${today}T12:00:00Z`);
  week.setUTCDate(week.getUTCDate() + 7);
  const weekEnd = week.toISOString().slice(0, 10);
  const titles = new Map(w.plans.map((p) => [p.id, p.title || '']));
  const ids = [...new Set(w.due.map((d) => d.plan_id))];
  const choice = (name, label, options) => {
    const id = `due-${name}`;
    return h('div', { class: 'field' }, h('label', { for: id }, label),
      h('select', { id, name }, options.map(([v, l]) => h('option', { value: String(v) }, l))));
  };
  const show = choice('show', t('staff.work.show'), [['all', t('staff.work.all')], ['overdue', t('staff.overdue')], ['week', t('staff.work.week')]]);
  const which = choice('plan', t('staff.work.plan'), [['', t('staff.work.all_plans')], ...ids.map((id) => [id, planOption(titles.get(id), w.due.find((d) => d.plan_id === id))])]);
  const sort = choice('sort', t('staff.work.sort'), [['date', t('staff.work.by_date')], ['plan', t('staff.work.by_plan')]]);
  const slot = h('div', { class: 'due-table' });
  const cols = [
    [col('date'), (d) => h('span', {}, formatDate(d.date), d.overdue ? [' ', h('span', { class: 'badge overdue' }, t('staff.overdue'))] : null)],
    [col('what'), (d) => h('a', { href: dueHref(d) }, t(`staff.kind.${d.kind}`), d.kind === 'plan_revision' ? '' : `: ${d.text || ''}`)],
    [col('plan'), (d) => plan(d.plan_id)],
    [col('person'), whose],
  ];
  const draw = () => {
    const v = (el) => el.querySelector('select').value;
    let rows = w.due.filter((d) => (v(show) === 'overdue' ? d.overdue : v(show) === 'week' ? d.date >= today && d.date <= weekEnd : true))
      .filter((d) => !v(which) || String(d.plan_id) === v(which));
    if (v(sort) === 'plan') rows = [...rows].sort((a, b) => (titles.get(a.plan_id) || '').localeCompare(titles.get(b.plan_id) || '', 'nb') || a.plan_id - b.plan_id || (a.date < b.date ? -1 : 1));
    rows = rows.map((d) => ({ ...d, rowClass: d.overdue ? 'overdue-row' : null }));
    const count = h('p', { class: 'count', role: 'status' }, t('staff.work.shown', { count: rows.length }));
    replace(slot, count, rows.length ? table(t('staff.due'), cols, rows, 'due') : empty(w.due.length ? 'staff.work.none_chosen' : 'staff.no_due'));
  };
  const filters = h('div', { class: 'due-filters', role: 'group', 'aria-label': t('staff.work.filters') }, show, which, sort);
  for (const el of filters.querySelectorAll('select')) el.addEventListener('change', draw);
  draw();
  return section('due', t('staff.due'), w.due.length ? filters : null, slot);
}

// The changes of coordinator that concern me: "Du er ny koordinator for «…»
// fra 4. desember, etter Ola Haugland. Begrunnelse: …", or "… er ikke lenger
// din: Sara Eira er ny koordinator". None: no section.
function handoverSection(items) {
  if (!items || !items.length) return null;
  // the plan by its title and whose it is, linking to it; "en plan" only when
  // she may no longer read it
  const what = (x) => {
    if (!x.title && !x.person_name) return t('staff.work.a_plan');
    const text = x.title && x.person_name ? t('staff.work.plan_option', { title: x.title, name: x.person_name }) : x.title || planOf(x);
    return h('a', { href: `/app/plans/${x.plan_id}` }, text);
  };
  return section('handovers', t('staff.work.handovers'), h('ul', { class: 'cards' }, items.map((x) => h('li', { class: 'card' },
    h('p', {}, x.change === 'appointed'
      ? [t('staff.work.appointed'), ' ', what(x), ' ', t('staff.work.from', { date: formatDate(x.at) }),
        x.other_name ? ` ${t('staff.work.after', { name: x.other_name })}` : '', '.']
      : [t('staff.work.handed_over'), ' ', what(x), ' ', t('staff.work.from', { date: formatDate(x.at) }),
        x.other_name ? `: ${t('staff.work.new_one', { name: x.other_name })}` : '', '.']),
    x.reason ? h('p', { class: 'note' }, `${t('staff.work.reason')}: `, x.reason) : null))));
}

// `link`: the reader reads persons (municipal staff), so names link to them.
export async function worklistSections(link) {
  const w = await api('GET', '/api/v1/worklist');
  const whose = (x) => named(x, link);
  const titles = new Map(w.plans.map((p) => [p.id, p.title]));
  const plan = (id) => planLink(id, titles.get(id));
  return [
    handoverSection(w.handovers),
    dueSection(w, plan, whose),
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
