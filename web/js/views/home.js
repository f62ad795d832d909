// home.js - "Mine saker": who is logged in (name and roles from GET /me), for
// staff their worklist (GET /worklist, see worklist.js: dates due, my
// measures, my plans, my cases, consents about to end), and the individual
// plans the user can see (GET /plans: each with its status, coordinator and
// next revision, linking to /app/plans/{id}). A citizen lands on her one
// plan, or gets a plain list of her plans (citizenHome).
import { api, errorText } from '../api.js';
import { t, value, formatDate } from '../i18n.js';
import { h, replace, facts, badge } from '../dom.js';
import { pager, orgLabel } from '../util.js';
import { worklistSections } from './worklist.js';
import { staffMember, municipal, coordinatorOf, whose } from './table.js';

const PAGE = 50;

function roleList(me) {
  const roles = me.roles || [];
  if (!roles.length) return h('p', {}, t('home.no_roles'));
  // each role's words take what they name: its unit, plans, cases or scope
  const text = (r) => {
    // a unit named as its role says it once: "Koordinerende enhet", not "Koordinerende enhet: Koordinerende enhet"
    if (r.role === 'coordinating_unit' && (r.organisation_name || '').trim().toLowerCase() === t('role.coordinating_unit_alone').toLowerCase()) return t('role.coordinating_unit_alone');
    return t(`role.${r.role}`, {
      organisation: orgLabel(r.organisation_name, r.organisation_id),
      count: r.role === 'coordinator' ? r.plans : r.cases,
      scope: t(r.scope === 'act' ? 'role.scope_act' : 'role.scope_read'),
    });
  };
  return h('ul', { class: 'roles' }, roles.map((r) => h('li', {}, text(r))));
}

function planItems(plans) {
  return plans.map((p) => {
    const title = p.title || t('home.untitled');
    return h('li', { class: 'card' },
      h('h3', {}, h('a', { href: `/app/plans/${p.id}` }, title)),
      facts([
        [t('staff.col.person'), whose(p)],
        [t('plan.status'), badge('status', p.status)],
        [t('plan.coordinator'), coordinatorOf(p)],
        [t('plan.revision_date'), formatDate(p.revision_date)],
      ]));
  });
}

// A citizen's start: with exactly one plan, that plan (her own view, in
// place of this address); with several, a plain list of them ("Planene
// dine"); with none, a sentence saying so.
async function citizenHome(main, ctx) {
  const page = await api('GET', '/api/v1/plans?limit=50');
  const items = page.items || [];
  if (items.length === 1 && !page.next) {
    await ctx.navigate(`/app/plans/${items[0].id}`, { replace: true });
    return null;
  }
  if (!ctx.current()) return t('home.citizen_title');
  replace(main,
    h('h1', {}, t('home.citizen_title')),
    items.length
      ? [h('p', {}, t('home.citizen_intro')),
        h('ul', { class: 'cards citizen-plans' }, items.map((p) => h('li', { class: 'card' },
          h('h2', {}, h('a', { href: `/app/plans/${p.id}` }, p.title || t('home.untitled'))),
          h('p', {}, t('home.citizen_status', { status: value('status', p.status) })),
          p.person_name && p.person_id !== ctx.me.person_id ? h('p', {}, t('home.citizen_whose', { name: p.person_name })) : null)))]
      : h('p', {}, t('home.citizen_none')));
  return t('home.citizen_title');
}

export async function homeView(main, ctx) {
  const me = ctx.me;
  if (me.role === 'citizen') return citizenHome(main, ctx);
  const plans = pager(ctx, `/api/v1/plans?limit=${PAGE}`, 'plan-list', 'home.plans_count', 'home.no_plans', t('home.more'), planItems);
  const roles = roleList(me);
  let work = null;
  if (staffMember(me)) {
    try {
      work = h('div', { class: 'worklist' }, await worklistSections(municipal(me)));
    } catch (err) {
      if (err.status === 401) throw err;
      work = h('p', { class: 'alert', role: 'alert' }, errorText(err));
    }
    if (!ctx.current()) return t('home.title');
  }
  replace(main,
    h('h1', {}, t('home.title')),
    h('section', { class: 'who', 'aria-labelledby': 'who-heading' },
      h('h2', { id: 'who-heading' }, t('home.who')),
      h('p', { class: 'name' }, me.name || me.username),
      h('h3', {}, t('home.roles')),
      roles),
    work,
    h('section', { 'aria-labelledby': 'plans-heading' }, h('h2', { id: 'plans-heading' }, t('home.plans')), plans.nodes));
  await plans.start();
  return t('home.title');
}
