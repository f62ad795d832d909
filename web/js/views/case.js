// case.js - /app/cases/{id}: one case (GET /cases/{id}): why the municipality
// is involved, the person, the lead and contributing organisations, the contact person
// and their history (GET .../contact), and the case's individual plan.
import { api, errorText } from '../api.js';
import { t, values, formatDate } from '../i18n.js';
import { h, replace, facts, section, problem } from '../dom.js';
import { orgLabel, pages } from '../util.js';
import { tableSection, col, planColumns, contactOf, whose, municipal } from './table.js';
import { startPlan, coordinatingUnit } from './person-forms.js';
import { caseHistory } from './history-words.js';

export async function caseView(main, ctx) {
  const id = ctx.params[0];
  let c;
  let contact;
  let plans;
  let history;
  try {
    [c, contact, plans, history] = await Promise.all([
      api('GET', `/api/v1/cases/${id}`),
      api('GET', `/api/v1/cases/${id}/contact`),
      api('GET', `/api/v1/plans?case_id=${id}&limit=50`).then((p) => p.items),
      pages(`/api/v1/cases/${id}/history`),
    ]);
  } catch (err) {
    if (err.status === 401) throw err;
    return problem(main, t('staff.case_title'), errorText(err));
  }
  // the case and its contact rows carry their names (person_name, contact_name, name, ...)
  if (!ctx.current()) return null;
  const link = municipal(ctx.me);
  const contributing = c.contributing_organisation_names || [];
  replace(main,
    h('h1', {}, c.title),
    section('case', t('staff.case_facts'),
      facts([
        [t('staff.person_link'), c.person_name ? whose(c, link) : c.anonymous_reporter ? t('staff.anonymous') : ''],
        [col('status'), t(`staff.case_status.${c.status}`)],
        [col('urgency'), t(`staff.urgency.${c.urgency}`)],
        [t('staff.intake'), `${t(`staff.channel.${c.intake_channel}`)}, ${formatDate(c.intake_date)}`],
        [t('staff.domains'), values('domain', c.domains)],
        [t('staff.lead'), orgLabel(c.lead_organisation_name, c.lead_organisation_id)],
        [t('staff.contributing'), c.contributing_organisation_ids.map((o, i) => orgLabel(contributing[i], o)).join(', ')],
        [col('contact'), contactOf(c.contact_name, c.contact_staff_id)],
      ]),
      c.description ? h('p', { class: 'prose' }, c.description) : null),
    tableSection('case-plans', t('staff.case_plans'), plans, planColumns(link), '', 'staff.no_plans'),
    // the coordinating unit starts the person's plan from her case (one open plan each: R3)
    coordinatingUnit(ctx.me) && c.person_id && c.status !== 'closed' && !plans.some((x) => x.status !== 'closed')
      ? startPlan(c.person_id, [], ctx, c.id) : null,
    tableSection('contact', t('staff.contact_history'), contact.history, [
      [col('contact'), (x) => contactOf(x.name, x.staff_id)],
      [col('from'), (x) => formatDate(x.from_at)],
      [col('to'), (x) => formatDate(x.to_at)],
    ], '', 'staff.no_contact'),
    // every change, before and after, with who and when (R9)
    section('case-history', t('staff.case_history.title'), caseHistory(history)));
  return c.title;
}
