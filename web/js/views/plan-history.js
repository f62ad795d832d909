// plan-history.js - /app/plans/{id}/history: the coordinators with their
// dates and reasons (GET /plans/{id}/coordinator) and every change to the plan
// and its parts (GET /plans/{id}/history, R9; the server leaves out the
// sections the reader may not see and names the staff and units of each
// entry), newest first, in words (history-words.js): who ("name, unit"), when,
// what (a goal by its text, ...), why, and for a change each field before ->
// after. Goals and measures are named from the plan and the history itself.
import { api, errorText } from '../api.js';
import { t } from '../i18n.js';
import { h, replace, section, back, problem, cards } from '../dom.js';
import { pages } from '../util.js';
import { e } from './plan-form.js';
import { loadPlan, period } from './plan.js';
import { historyList, staffOf } from './history-words.js';

export async function historyView(main, ctx) {
  const id = ctx.params[0];
  const plan = await loadPlan(id);
  const up = back(`/app/plans/${id}`, e('back_to_plan'));
  if (!plan) return problem(main, e('history.title'), t('plan.not_found'), up);
  let items;
  try {
    items = await pages(`/api/v1/plans/${id}/history`);
  } catch (err) {
    // she sees the plan but not its history: the API says why (section_not_consented)
    if (err.code === 'section_not_consented') {
      problem(main, e('history.title'), errorText(err), up);
      main.append(h('p', { class: 'hint' }, e('consent_words.refused_hint')));
      return e('history.title');
    }
    throw err;
  }
  const coord = await api('GET', `/api/v1/plans/${id}/coordinator`).then((c) => c.history, () => []);
  if (!ctx.current()) return null;
  // the texts of goals and measures, also of those deleted since
  const texts = new Map();
  for (const x of items) {
    const o = (x.data && (x.data.after || x.data.before)) || {};
    texts.set(`${x.object_type}${x.object_id}`, o.text || o.description);
  }
  for (const g of plan.goals || []) texts.set(`goal${g.id}`, g.text);
  for (const m of plan.measures || []) texts.set(`measure${m.id}`, m.description);
  // the owner's name, where the plan gives it to this reader (a goal written together with her)
  const owner = (plan.goals || []).map((g) => g.written_with_name).find(Boolean) || null;
  const words = { words: 'editor.history', text: (type, x) => texts.get(`${type}${x}`), owner };
  const who = (sid) => staffOf(items.find((x) => x.names?.staff[sid]) || {}, sid);
  const coordinators = section('coordinators', e('history.coordinators'), cards(coord, (c) => h('li', { class: 'card' },
    h('h3', {}, who(c.staff_id)),
    h('p', {}, period(c.from_at, c.to_at)),
    c.reason ? h('p', { class: 'hint' }, e('history.reason', { reason: c.reason })) : null), 'plan.no_coordinator'));
  replace(main, up, h('h1', {}, `${e('history.title')}: ${plan.title || t('home.untitled')}`), coordinators,
    section('changes', e('history.changes'), historyList(words, items)));
  return e('history.title');
}
