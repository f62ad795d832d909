// history-words.js - one history entry (GET /plans/{id}/history, GET
// /cases/{id}/history) in plain words: what changed, named as a person knows it
// (a goal by its text, a measure by its description, an evaluation by its date
// and what, a participant by name and role, a consent by its period and
// recipients), who changed it ("name, unit", from the entry's author_name and
// author_organisation, never the username), when, why (the reason where the
// change had one), and for a change each field before -> after.
//
// Only fields with a name in the translations are shown (<words>.name.<field>:
// editor.history.name for plans, staff.case_history.name for cases), so ids,
// ordering numbers, versions, revisions and bookkeeping timestamps never are.
// Staff and units in the values are named from the entry's `names` (the API
// names every staff and organisation id of an entry: "name, unit"); goals and
// measures by ctx.text(type, id) (a goal's text, a measure's description),
// which the page builds from what it already has and the history itself;
// ctx.words is editor.history or staff.case_history. An id that
// cannot be named becomes "en ansatt" / "en virksomhet", never the number.
//
// Imports nothing that touches the page at load (only i18n.js and dom.js), so
// that node can import it (tests/e2e/history.test.mjs).
import { t, has, value, formatDate } from '../i18n.js';
import { h, empty } from '../dom.js';

const H = 'editor.history';
const w = (key, p) => t(`${H}.${key}`, p);
const cut = (s) => `«${s.length > 80 ? `${s.slice(0, 80)}…` : s}»`;
const list = (a) => a.filter(Boolean).join(', ');
// enum values whose words live elsewhere than value.<field>
const ENUMS = { 'linked_plan.kind': 'value.linked_kind', 'message.kind': `${H}.message_kind`, intake_channel: 'staff.channel', urgency: 'staff.urgency', 'case.status': 'staff.case_status', domains: 'value.domain' };

// A person who made a change: "name, unit" (the API's author_name and
// author_organisation), a citizen whose name the reader may not know, or the system.
export function author(x) {
  if (x.author_name) return list([x.author_name, x.author_organisation]);
  return w(x.author_role === 'citizen' ? 'citizen' : x.account_id ? 'someone' : 'system');
}

// A staff member or an organisation an entry holds, by the entry's names.
export function staffOf(x, id) {
  const s = x.names?.staff[id];
  return s ? list([s.name, s.organisation_name]) : w('someone');
}
const orgOf = (x, id) => x.names?.organisations[id] || w('some_unit');
const party = (x, g) => (g.staff_id ? staffOf(x, g.staff_id) : orgOf(x, g.organisation_id));

function enumWord(type, k, v) {
  const kind = ENUMS[`${type}.${k}`] || ENUMS[k] || `value.${k}`;
  return has(`${kind}.${v}`) ? t(`${kind}.${v}`) : null;
}

// A field's value in words.
export function show(ctx, x, k, v) {
  const type = x.object_type;
  if (v == null || v.length === 0) return w('empty');
  if (/staff_id$|coordinator_id$/.test(k)) return staffOf(x, v);
  if (/organisation_ids?$/.test(k)) return [].concat(v).map((o) => orgOf(x, o)).join(', ');
  if (/^(goal|parent|measure)_id$/.test(k)) return cut(ctx.text(k[0] === 'm' ? 'measure' : 'goal', v) || '…');
  if (k === 'grants') return v.map((g) => `${party(x, g)}: ${g.sections.map((s) => value('section', s)).join(', ')}`).join('; ');
  if (typeof v === 'boolean') return w(v ? 'yes' : 'no');
  if (Array.isArray(v)) return v.map((x) => enumWord(type, k, x) || x).join(', ');
  if (/^\d{4}-\d\d-\d\d(T[\d:.]+Z)?$/.test(v)) return formatDate(v);
  return enumWord(type, k, v) || String(v);
}

// What an entry is about, as a person knows it ("Mål «Å bo i egen leilighet»").
export function about(ctx, x) {
  const d = x.data || {};
  const o = d.after || d.before || {};
  const type = x.object_type;
  let name = null;
  if (['goal', 'measure', 'linked_plan', 'message'].includes(type)) name = cut(o.text || o.description || o.title || ctx.text(type, x.object_id) || '');
  else if (type === 'evaluation') name = list([formatDate(o.date), o.what && cut(o.what)]);
  else if (type === 'participant') name = `${o.name || party(x, o)} (${value('role', o.role)})`;
  else if (type === 'consent' && o.valid_from) name = list([t('plan.from_to', { from: formatDate(o.valid_from), to: formatDate(o.valid_to) }), w('to', { who: (o.grants || []).map((g) => party(x, g)).join('; ') })]);
  const kind = t(`${ctx.words}.object.${type}`);
  if (!name || name === '«»') return kind;
  return name[0] === '«' ? `${kind} ${name}` : `${kind}: ${name}`;
}

const W = (key, p) => t(`editor.written.${key}`, p);

// Who wrote a goal, in words (editor.written): "Ola Hansen", "Kari Nordmann",
// "Ola Hansen sammen med Kari Nordmann", from the goal's written_by,
// written_with_owner, author_name and written_with_name. A name the reader may
// not know is said by its part ("planeier", "en representant"); `self` (the
// reader's person id) and `owner` (the plan's) make her own part "deg".
export function writer(g, { self = null, owner = null, ownerName = null } = {}) {
  const you = (id) => self != null && id === self;
  let who;
  if (g.written_by === 'staff') who = g.author_name || W('staff');
  else if (you(g.author_person_id) || (g.written_by === 'owner' && you(owner))) who = W('you');
  else who = g.author_name || W(g.written_by === 'owner' ? 'the_owner' : 'representative');
  if (g.written_by !== 'staff' || !g.written_with_owner) return who;
  return W('with', { who, owner: you(owner) ? W('you') : g.written_with_name || ownerName || W('the_owner') });
}

// "Skrevet av Ola Hansen sammen med Kari Nordmann"
export const writtenBy = (g, opts) => W('by', { who: writer(g, opts) });

// A goal's writer as one side of a history entry holds it: a staff member by
// the entry's names; a citizen by the entry's author when it is the side the
// entry wrote (`current`), else by her part.
function writerIn(ctx, x, o, current) {
  const st = o.written_by === 'staff' ? x.names?.staff[o.author_staff_id] : null;
  const author = (st && st.name) || (current ? x.author_name : null);
  return writer({ ...o, author_name: author, written_with_name: ctx.owner || null });
}

// The reason a change was given, where it had one.
export function reason(x) {
  const a = (x.data && x.data.after) || {};
  const b = (x.data && x.data.before) || {};
  // a consent that a new one for the same recipients replaced (the API's reason is for API readers)
  if (x.object_type === 'consent' && a.replaced_by && b.replaced_by === null) return w('reason', { reason: t('editor.consent_words.replaced_reason') });
  const r = x.action === 'withdraw' ? a.withdrawn_reason : a.reason;
  return r ? w('reason', { reason: r }) : null;
}

// The fields an entry shows: [[field in words, before or null, after]].
export function fields(ctx, x) {
  const d = x.data || {};
  const before = d.before || {};
  const after = d.after || {};
  const names = `${ctx.words}.name`;
  const change = x.action === 'update' || x.action === 'contact';
  let keys = [];
  if (change) keys = Object.keys(before);
  else if (x.action === 'create') keys = Object.keys(after).filter((k) => show(ctx, x, k, after[k]) !== w('empty'));
  // a goal's writer in words, "together" included ("Ola Hansen sammen med Kari Nordmann")
  const goalWriter = x.object_type === 'goal' && keys.includes('written_by');
  if (goalWriter) keys = keys.filter((k) => k !== 'written_with_owner');
  const val = (k, o, current) => (goalWriter && k === 'written_by' ? writerIn(ctx, x, o, current) : show(ctx, x, k, o[k]));
  return keys.filter((k) => has(`${names}.${k}`))
    .map((k) => [t(`${names}.${k}`), change ? val(k, { ...after, ...before }, false) : null, val(k, after, true)]);
}

// The heading of an entry: "Endret: Mål «...»", "Ny koordinator: Sara Eira, Psykisk helse og rus".
export function title(ctx, x) {
  const o = (x.data && x.data.after) || {};
  const who = ['coordinator_assignment', 'contact'].includes(x.object_type);
  return `${t(`${ctx.words}.action.${x.action}`)}: ${who ? staffOf(x, o.staff_id) : about(ctx, x)}`;
}

// "Ola Haugland, Oppfølgingstjenesten, 4. desember 2026 kl. 10:15"
export const by = (x) => w('by', { who: author(x), when: formatDate(x.at, true) });

// The list of entries, newest first, or "no changes yet" (`none`: its key).
export function historyList(ctx, items, none = `${H}.none`) {
  if (!items.length) return empty(none);
  return h('ol', { class: 'history', reversed: true }, items.slice().reverse().map((x) => {
    const rows = fields(ctx, x);
    const change = rows.some((r) => r[1] !== null);
    const head = [w('field'), ...(change ? [w('before'), w('after')] : [w('value')])];
    return h('li', { class: 'card' },
      h('h3', {}, title(ctx, x)),
      h('p', { class: 'hint' }, by(x)),
      reason(x) ? h('p', {}, reason(x)) : null,
      rows.length ? h('table', { class: 'data changes', 'aria-label': w('fields') },
        h('thead', {}, h('tr', {}, head.map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, rows.map((r) => h('tr', {}, r.filter((c, i) => change || i !== 1).map((c, i) =>
          h(i ? 'td' : 'th', { scope: i ? null : 'row', class: change && i === 1 ? 'before' : null, 'data-label': head[i] }, c)))))) : null);
  }));
}

// A case's history (GET /cases/{id}/history, every page) for case.js.
export const caseHistory = (items) => historyList({ words: 'staff.case_history', text: () => null }, items, 'staff.case_history.none');
