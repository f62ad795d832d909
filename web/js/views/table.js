// table.js - what the staff's views share: a data table with column headers
// (each cell also carries its header in data-label, so that below 40rem the
// rows stack as labelled blocks instead of scrolling sideways), a section
// holding one, links to plans, cases and persons, and the staff roles that
// decide which views and menu items are offered (GET /me).
import { t, formatDate } from '../i18n.js';
import { h, section, empty, badge } from '../dom.js';
import { staffLabel } from '../util.js';

// [[header, cell => content], ...] over rows; `label` names the table.
export function table(label, cols, rows, cls = '') {
  return h('table', { class: `data ${cls}`, 'aria-label': label },
    h('thead', {}, h('tr', {}, cols.map(([head]) => h('th', { scope: 'col' }, head)))),
    h('tbody', {}, rows.map((row) => h('tr', { class: row.rowClass || null },
      cols.map(([head, cell], i) => h(i ? 'td' : 'th', { scope: i ? null : 'row', 'data-label': head }, cell(row)))))));
}

// A section headed `title` with the table of `rows`, or the words of
// `none` when there are none.
export const tableSection = (id, title, rows, cols, cls, none) =>
  section(id, title, rows.length ? table(title, cols, rows, cls) : empty(none));

// A column header: staff.col.<key>.
export const col = (key) => t(`staff.col.${key}`);

// A plan without a title (one the reader may not read) is named by its kind, never its id.
export const planLink = (id, title) => h('a', { href: `/app/plans/${id}` }, title || t('staff.plan_untitled'));
export const caseLink = (id, title) => h('a', { href: `/app/cases/${id}` }, title || t('staff.case_title'));
export const personLink = (id, name) => (id ? h('a', { href: `/app/persons/${id}` }, name || t('staff.person_link')) : '');

// A plan's coordinator (the list carries coordinator_name), in words.
export const coordinatorOf = (p) => (p.coordinator_id ? p.coordinator_name || t('plan.coordinator_set') : t('plan.no_coordinator'));

// A case's contact person, in words.
export const contactOf = (name, id) => staffLabel(name, id) || t('staff.no_contact');

// A national ID number as it is usually written: "DDMMYY NNNNN".
export const nidText = (nid) => (nid && /^\d{11}$/.test(nid) ? `${nid.slice(0, 6)} ${nid.slice(6)}` : nid || '');

// Whose plan or case it is: her name (a link for those who read persons)
// and, where the list gives it, her birth date, which tells two of one name
// apart (every reader of the plan is told these two; nothing else of her).
export const whose = (p, link) => (p.person_name ? [link ? personLink(p.person_id, p.person_name) : p.person_name,
  p.person_birth_date ? [' ', h('span', { class: 'note' }, t('staff.whose.born', { date: formatDate(p.person_birth_date) }))] : ''] : '');

// The columns of a list of plans (`link`: the person's name links to her).
export const planColumns = (link) => [
  [col('plan'), (p) => planLink(p.id, p.title)],
  [col('person'), (p) => whose(p, link)],
  [col('status'), (p) => badge('status', p.status)],
  [col('coordinator'), coordinatorOf],
  [t('plan.revision_date'), (p) => formatDate(p.revision_date)],
];

const roleSet = (me) => new Set(((me && me.roles) || []).map((r) => r.role));
// Municipal staff read persons and cases (docs/security.md).
export const municipal = (me) => ['staff', 'coordinating_unit'].some((r) => roleSet(me).has(r));
// Any staff member has a worklist.
export const staffMember = (me) => municipal(me) || ['external_partner', 'leader'].some((r) => roleSet(me).has(r));
// The overview is the coordinating unit's and the leaders'.
export const overseer = (me) => ['coordinating_unit', 'leader'].some((r) => roleSet(me).has(r));
