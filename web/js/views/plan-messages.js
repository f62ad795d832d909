// plan-messages.js - the plan's thread in the staff plan view (GET
// /plans/{id}/messages, the `messages` section): who wrote each message (a
// staff member by name and unit, the owner as "Kari Johansen (planeier)"),
// when, and the text; a form to answer (POST kind comment); and the owner's
// requests to change or withdraw a consent as items to act on (their own
// section, open ones first), which the coordinator marks handled (PATCH
// handled_at with If-Match). Once the thread is shown the page records how far
// the reader has seen it (PUT /messages/seen), which empties her unread count
// in "Mine saker". A reader without the section gets nothing (the API answers
// 404 to her). Kept small: the whole application has a budget of 100 KB.
import { api } from '../api.js';
import { t, formatDate } from '../i18n.js';
import { h, replace, section, empty } from '../dom.js';
import { found, joined } from '../util.js';
import { field, editForm, actionButton, ifMatch } from './plan-form.js';

const m = (k, p) => t(`staff.messages.${k}`, p);
// after a change the plan is drawn again: the heading to focus once the thread is read
let focus = null;

function author(x) {
  const name = x.author_name || m('someone');
  return /^(owner|representative)$/.test(x.author_role) ? `${name} (${m(`role.${x.author_role}`)})` : joined(name, x.author_organisation_name);
}

function item(pc, x) {
  const ask = x.kind !== 'comment';
  const c = ask && (pc.plan.consents || []).find((k) => k.id === x.consent_id);
  const handle = async () => {
    await api('PATCH', `${pc.base}/messages/${x.id}`, { handled_at: new Date().toISOString().replace(/\.\d+/, '') }, ifMatch(x.version));
    focus = 'plan-requests-heading';
    await pc.refresh(m('marked_handled'));
  };
  return h('li', { class: 'card', id: `message-${x.id}` },
    ask ? h('h3', {}, m(`kind.${x.kind}`)) : null,
    h('p', { class: 'note msg-by' }, h('span', { class: 'msg-author' }, author(x)), ` – ${formatDate(x.created_at, true)}`),
    c ? h('p', { class: 'note' }, m('about_consent', { date: formatDate(c.valid_to) })) : null,
    h('p', { class: 'prose' }, x.text),
    ask ? h('p', {}, h('strong', {}, x.handled_at ? m('handled', { date: formatDate(x.handled_at, true) }) : m('open'))) : null,
    ask && !x.handled_at && pc.can.coordinator ? actionButton(m('mark_handled'), handle) : null);
}

// The consent requests (a section shown when there are any) and the thread.
export function messages(pc) {
  const asks = h('div');
  const slot = h('div', { 'aria-busy': 'true' }, h('p', { class: 'note' }, m('loading')));
  const req = section('plan-requests', m('requests'), asks);
  const sec = section('plan-messages', m('title'), slot);
  req.hidden = true;
  (async () => {
    const list = await found(`${pc.base}/messages`);
    if (!list) return sec.remove();
    const all = list.items;
    const open = (x) => (x.handled_at ? 1 : 0);
    const requests = all.filter((x) => x.kind !== 'comment').sort((a, b) => open(a) - open(b) || a.id - b.id);
    const comments = all.filter((x) => x.kind === 'comment');
    if (requests.length) replace(asks, h('p', {}, m('requests_intro')), h('ul', { class: 'cards' }, requests.map((x) => item(pc, x))));
    req.hidden = !requests.length;
    replace(slot,
      comments.length ? h('ol', { class: 'cards msg-thread', 'aria-label': m('thread') }, comments.map((x) => item(pc, x))) : empty('staff.messages.none'),
      pc.plan.status !== 'closed' && pc.me && pc.me.staff_id ? editForm(pc, null,
        [field('text', m('answer'), 'textarea', { required: true, maxlength: 4000, rows: 4 })], m('send'), async (v) => {
          await api('POST', `${pc.base}/messages`, { kind: 'comment', text: v.text });
          focus = 'plan-messages-heading';
        }, m('sent')) : null);
    slot.removeAttribute('aria-busy');
    const target = focus && document.getElementById(focus);
    focus = null;
    if (target) target.focus();
    const last = Math.max(0, ...all.map((x) => x.id));
    if (last) await api('PUT', `${pc.base}/messages/seen`, { message_id: last });
  })().catch((err) => {
    if (err && err.status === 401) throw err;
    replace(slot, h('p', { class: 'alert', role: 'alert' }, m('failed')));
  });
  return [req, sec];
}
