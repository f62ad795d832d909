// plan-history.js - /app/plans/{id}/history: the coordinators with their
// dates (GET /plans/{id}/coordinator) and every change to the plan and its
// parts (GET /plans/{id}/history, R9), newest first: who, when, what, and for
// a change each field that changed, before -> after.
import { api } from '../api.js';
import { t, value, values, formatDate, has as hasKey } from '../i18n.js';
import { h, replace, section, empty, back, problem, cards } from '../dom.js';
import { pages, staffLabel, orgLabel } from '../util.js';
import { staffName, organisationName, names } from '../names.js';
import { e } from './plan-form.js';
import { loadPlan, period } from './plan.js';
import { table } from './table.js';

const SKIP = new Set(['flags', 'id', 'plan_id', 'version', 'created_at', 'updated_at', 'author_account_id', 'recorded_by', 'assigned_by']);
const STAFF = new Set(['staff_id', 'responsible_staff_id', 'coordinator_id']);
const ORGS = new Set(['organisation_id', 'responsible_organisation_id', 'deciding_organisation_id', 'gp_organisation_id']);
// fields whose values are API enums, in words from value.<field>
const ENUMS = new Set(['status', 'kind', 'written_by', 'domain', 'decision_status', 'role', 'given_by', 'method', 'state']);

function fieldName(k) {
  if (hasKey(`editor.field.${k}`)) return e(`field.${k}`);
  if (hasKey(`plan.${k}`)) return t(`plan.${k}`);
  return k;
}

function show(k, v, nm) {
  if (v === null || v === undefined || v === '') return e('history.empty');
  if (STAFF.has(k)) return nm.staff(v);
  if (ORGS.has(k)) return nm.org(v);
  if (ENUMS.has(k)) return value(k, v);
  if (k === 'grants' && Array.isArray(v)) return v.map((g) => `${g.staff_id ? nm.staff(g.staff_id) : nm.org(g.organisation_id)}: ${values('section', g.sections)}`).join('; ');
  if (Array.isArray(v)) return v.join(', ');
  if (typeof v === 'object') return JSON.stringify(v);
  if (/^\d{4}-\d{2}-\d{2}(T[\d:]+Z)?$/.test(String(v))) return formatDate(v);
  return String(v);
}

// The label of the object an entry is about ("Tiltak «Gjeldsrådgivning»").
function objectLabel(entry) {
  const o = (entry.data && (entry.data.after || entry.data.before)) || {};
  const name = o.text || o.description || o.what || o.title || o.name;
  const kind = e(`history.object.${entry.object_type}`);
  return name ? `${kind} «${name.length > 80 ? `${name.slice(0, 80)}…` : name}»` : kind;
}

function changes(entry, nm) {
  const d = entry.data || {};
  const before = d.before || {};
  const after = d.after || {};
  let keys;
  if (entry.action === 'update') keys = Object.keys(before);
  else if (entry.action === 'delete') keys = [];
  else keys = Object.keys(after).filter((k) => after[k] !== null && !(Array.isArray(after[k]) && !after[k].length));
  keys = keys.filter((k) => !SKIP.has(k));
  if (entry.action === 'close' && d.reason) return h('p', {}, `${e('close_reason')}: ${d.reason}`);
  if (!keys.length) return null;
  const update = entry.action === 'update';
  return table(e('history.fields'), [
    [e('history.field'), fieldName],
    update ? [e('history.before'), (k) => h('span', { class: 'before' }, show(k, before[k], nm))] : null,
    [update ? e('history.after') : e('history.value'), (k) => show(k, after[k], nm)],
  ].filter(Boolean), keys, 'changes');
}

function collectIds(items, coord) {
  const staff = coord.map((c) => c.staff_id);
  const orgs = [];
  for (const it of items) {
    for (const o of [it.data && it.data.before, it.data && it.data.after]) {
      if (!o) continue;
      for (const [k, v] of Object.entries(o)) {
        if (STAFF.has(k)) staff.push(v);
        if (ORGS.has(k)) orgs.push(v);
        if (k === 'grants' && Array.isArray(v)) for (const g of v) { staff.push(g.staff_id); orgs.push(g.organisation_id); }
      }
    }
  }
  return { staff, orgs };
}

export async function historyView(main, ctx) {
  const id = ctx.params[0];
  const plan = await loadPlan(id);
  const up = back(`/app/plans/${id}`, e('back_to_plan'));
  if (!plan || !(plan.sections || []).includes('history')) return problem(main, e('history.title'), t('plan.not_found'), up);
  const [items, coord] = await Promise.all([pages(`/api/v1/plans/${id}/history`), api('GET', `/api/v1/plans/${id}/coordinator`).then((c) => c.history, () => [])]);
  const ids = collectIds(items, coord);
  const [s, o] = await Promise.all([names(staffName, ids.staff), names(organisationName, ids.orgs)]);
  const nm = { staff: (id) => staffLabel(s.get(id), id), org: (id) => orgLabel(o.get(id), id) };
  if (!ctx.current()) return null;
  const coordinators = section('coordinators', e('history.coordinators'), cards(coord, (c) => h('li', { class: 'card' },
      h('h3', {}, nm.staff(c.staff_id)),
      h('p', {}, period(c.from_at, c.to_at)),
      c.reason ? h('p', { class: 'hint' }, c.reason) : null), 'plan.no_coordinator'));
  const list = section('changes', e('history.changes'), items.length
    ? h('ol', { class: 'history', reversed: true }, items.slice().reverse().map((it) => h('li', { class: 'card' },
      h('h3', {}, `${e(`history.action.${it.action}`)}: ${objectLabel(it)}`),
      h('p', { class: 'hint' }, e('history.by', { who: it.author || e('history.system'), when: formatDate(it.at), time: new Date(it.at).toLocaleTimeString('nb-NO', { timeZone: 'Europe/Oslo', hour: '2-digit', minute: '2-digit' }), revision: it.revision })),
      changes(it, nm))))
    : empty('editor.history.none'));
  replace(main, up, h('h1', {}, `${e('history.title')}: ${plan.title || t('home.untitled')}`), coordinators, list);
  return e('history.title');
}
