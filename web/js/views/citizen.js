// citizen.js - the plan as its owner (or her representative) sees it, in plain
// language for someone who reads poorly: how to reach her coordinator, the
// dates ahead, her goals, what will happen and who does it (a measure's name
// explained in plain words), who takes part, who has read the plan (one line
// per reader and day), what she has consented to - and her own words: goals,
// comments, and asking to change or withdraw a consent.
//
// app.js chooses this view for citizen accounts at /app/plans/{id}; a citizen
// sees only plans she owns or represents. Everything comes from the API's
// answers: names from the plan answer (coordinator, participants, measures),
// the reads from /access-log, the thread from /messages. Text from the API is
// put in the page as text nodes (dom.js).
import { api, errorText } from '../api.js';
import { t, value, values, formatDate, tree } from '../i18n.js';
import { h, replace, section, back, cards, facts } from '../dom.js';
import { today, joined, found } from '../util.js';
import { goalTree } from './plan-parts.js';
import { writtenBy } from './history-words.js';
import { loadPlan, planNotFound } from './plan.js';
import { actionButton } from './plan-form.js';
import { inForce } from './plan-group.js';

// A form with one text field and a button; onSend(text) does the work and
// answers a status text. Errors are shown in words by the field.
function textForm(id, label, button, onSend) {
  const field = h('textarea', { id: `${id}-text`, name: 'text', rows: 3, maxlength: 4000, required: true });
  const status = h('p', { id: `${id}-status`, role: 'status' });
  const form = h('form', { novalidate: true },
    h('div', { class: 'field' }, h('label', { for: field.id }, label), field),
    h('button', { type: 'submit' }, button), status);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const text = field.value.trim();
    if (!text) {
      status.textContent = t('citizen.write_something');
      field.setAttribute('aria-invalid', 'true');
      field.setAttribute('aria-describedby', status.id);
      field.focus();
      return;
    }
    field.removeAttribute('aria-invalid');
    try {
      const done = await onSend(text);
      field.value = '';
      // the page may have been drawn again: say it in the form now shown
      (document.getElementById(status.id) || status).textContent = done;
    } catch (err) {
      status.textContent = errorText(err);
    }
  });
  return form;
}

// Each goal says who wrote it: "Skrevet av deg.", "Skrevet av Ola Hansen
// sammen med deg." (her own part is "deg").
function goalsSection(plan, reload, me) {
  const tree = goalTree(plan.goals);
  const by = { self: me && me.person_id, owner: plan.person_id };
  const item = ([g, subs]) => h('li', { class: 'card' },
    h('p', { class: 'own-words' }, g.text),
    h('p', { class: 'note written-by' }, `${writtenBy(g, by)}.`),
    g.status && g.status !== 'active' ? h('p', { class: 'note' }, value('status', g.status)) : null,
    subs.map((s) => h('p', { class: 'cz-sub' }, `${t('citizen.sub_goal')}: `, h('span', { class: 'own-words' }, s.text))));
  return section('cz-goals', t('citizen.goals'),
    cards(tree, item, 'citizen.no_goals'),
    textForm('cz-goal', t('citizen.write_goal'), t('citizen.save_goal'), async (text) => {
      // the server records who wrote it from who is logged in
      await api('POST', `/api/v1/plans/${plan.id}/goals`, { kind: 'main', text });
      await reload('#cz-goals-heading');
      return t('citizen.goal_saved');
    }));
}

// Plain words for a measure's name ("Poliklinisk behandling ved DPS"): the
// explanation of the longest known phrase it contains, from the translations
// (citizen.plain_words: phrase in lower case -> explanation); null when none.
// Shown under what staff wrote, never instead of it.
export function plainWords(description) {
  const table = tree('citizen.plain_words');
  if (!table || !description) return null;
  const text = description.toLowerCase();
  let best = null;
  for (const phrase of Object.keys(table)) if (text.includes(phrase) && (!best || phrase.length > best.length)) best = phrase;
  return best ? table[best] : null;
}

function measuresSection(plan) {
  const all = (plan.measures || []).filter((m) => m.status !== 'cancelled');
  return section('cz-measures', t('citizen.measures'),
    cards(all, (m) => {
      const plain = plainWords(m.description);
      return h('li', { class: 'card' },
        h('h3', {}, m.description),
        plain ? h('p', { class: 'cz-plain' }, `${t('citizen.plain_means')}: ${plain}`) : null,
        h('p', {}, `${t('citizen.responsible')}: `,
          joined(m.responsible_name, m.responsible_organisation_name) || t('citizen.nobody_yet')),
        m.scope ? h('p', {}, `${t('citizen.how_often')}: ${m.scope}`) : null,
        h('p', { class: 'note' }, value('status', m.status)));
    }, 'citizen.no_measures'));
}

// How to reach her coordinator: the work phone (a link that calls) and e-mail
// the plan answer carries with the coordinator.
function contact(c) {
  if (!c) return null;
  const rows = [
    c.phone ? [t('citizen.phone'), h('a', { href: `tel:${c.phone.replace(/[^+0-9]/g, '')}` }, c.phone)] : null,
    c.email ? [t('citizen.email'), h('a', { href: `mailto:${c.email}` }, c.email)] : null,
  ].filter(Boolean);
  return rows.length ? facts(rows, 'facts cz-contact') : null;
}

// The dates ahead that exist: the next evaluation of a goal or measure still
// going on, the revision of the plan and the end of its period (a closed plan
// has none). Meetings join them when the plan's meetings are in the API.
function datesSection(plan) {
  if (plan.status === 'closed') return null;
  const now = today();
  const going = (x) => !['cancelled', 'ended', 'achieved', 'dropped'].includes(x.status);
  const next = [...(plan.goals || []), ...(plan.measures || [])]
    .filter((x) => going(x) && x.evaluation_date && x.evaluation_date >= now)
    .map((x) => x.evaluation_date).sort()[0];
  const rows = [
    next ? [t('citizen.date_evaluation'), formatDate(next)] : null,
    plan.revision_date ? [t('citizen.date_revision'), formatDate(plan.revision_date)] : null,
    plan.period_to ? [t('citizen.date_period_end'), formatDate(plan.period_to)] : null,
  ].filter(Boolean);
  return section('cz-dates', t('citizen.dates'), rows.length ? facts(rows, 'facts cz-dates') : h('p', { class: 'empty' }, t('citizen.no_dates')));
}

function groupSection(plan, own) {
  const now = today();
  const all = (plan.participants || []).filter((p) => !p.left_on || p.left_on > now);
  return section('cz-group', t('citizen.group'),
    cards(all, (p) => h('li', { class: 'card' },
      h('p', { class: 'cz-name' }, p.role === 'owner' && own ? t('citizen.you') : p.name || value('role', p.role)),
      h('p', {}, joined(value('role', p.role), p.organisation_name))), 'citizen.no_group'));
}

// Others' reads, one line per reader and day ("Ola Haugland,
// Oppfølgingstjenesten - 4. desember 2026, 12 ganger"): her own opening of
// the plan is not news to her. Reads that rest on an emergency access are
// never put with the others: each reader, day and reason is a line of its
// own, marked, with the reason, and comes first. The log is newest first, so
// the groups are too.
export function groupReads(items) {
  const groups = new Map();
  for (const r of items) {
    const day = formatDate(r.at);
    const key = JSON.stringify([r.emergency ? 1 : 0, r.account_id ?? r.name, day, r.emergency ? r.reason : null]);
    const g = groups.get(key);
    if (g) g.count += 1;
    else groups.set(key, { ...r, day, count: 1 });
  }
  const all = [...groups.values()];
  return [...all.filter((g) => g.emergency), ...all.filter((g) => !g.emergency)];
}

function readsSection(log, me) {
  const items = log ? log.items.filter((r) => r.account_id !== me.account_id) : [];
  return section('cz-reads', t('citizen.reads'),
    h('p', {}, t('citizen.reads_intro')),
    cards(groupReads(items), (r) => h('li', { class: `card cz-read${r.emergency ? ' cz-emergency' : ''}` },
      h('p', { class: 'cz-name' }, joined(r.name || t('citizen.someone'), r.organisation)),
      h('p', {}, r.count === 1 ? formatDate(r.at, true) : t('citizen.reads_times', { date: r.day, count: r.count })),
      r.emergency ? h('p', {}, h('strong', {}, `${t('citizen.emergency')}: `), r.reason || '') : null), 'citizen.no_reads'),
    log && log.next ? h('p', { class: 'note' }, t('citizen.reads_older')) : null);
}

// Relations that open her information without her consent (four eyes, R14):
// shown to her while they wait and once decided.
function accessSection(requests) {
  const items = requests ? requests.items.filter((a) => a.kind !== 'membership') : [];
  const state = (a) => (a.outcome === 'approved' ? t('citizen.access_approved')
    : a.outcome === 'refused' ? t('citizen.access_refused') : t('citizen.access_waiting'));
  return section('cz-access', t('citizen.access'),
    h('p', {}, t('citizen.access_intro')),
    cards(items, (a) => h('li', { class: 'card' },
      h('h3', {}, t(`citizen.access_kind.${a.kind}`)),
      a.staff_name ? h('p', {}, `${t('citizen.access_for')}: `, h('span', { class: 'cz-name' }, a.staff_name)) : null,
      h('p', {}, h('strong', {}, state(a))),
      h('p', { class: 'note' }, formatDate(a.requested_at, true))), 'citizen.no_access'));
}

// Whom a grant names, in her words: "Kari Nordmann, NAV Bydel" or "NAV Bydel".
const grantee = (g) => (g.staff_id ? joined(g.name, g.organisation_name) : g.name) || t('citizen.a_service');

function consentCard(plan, c, reload) {
  const grants = (c.grants || []).map((g) => h('li', {},
    h('span', { class: 'cz-name' }, grantee(g)), ` ${t('citizen.may_see')} `,
    values('section', g.sections).toLowerCase()));
  const actions = h('div', { class: 'cz-actions' });
  const card = h('li', { class: 'card cz-consent' },
    h('h3', {}, t('citizen.consent_until', { date: formatDate(c.valid_to) })),
    grants.length ? h('ul', { class: 'cz-grants' }, grants) : h('p', {}, t('citizen.shares_nothing')),
    actions);
  const change = h('button', { type: 'button', class: 'secondary' }, t('citizen.ask_change'));
  const withdraw = h('button', { type: 'button', class: 'danger' }, t('citizen.withdraw'));
  const idle = () => replace(actions, change, withdraw);
  change.addEventListener('click', () => {
    const form = textForm(`cz-change-${c.id}`, t('citizen.change_what'), t('citizen.send'), async (text) => {
      await api('POST', `/api/v1/plans/${plan.id}/messages`, { kind: 'consent_change_request', consent_id: c.id, text });
      // the page is drawn again without this form: the words go with it
      await reload('#cz-consent-heading', t('citizen.request_sent'));
      return t('citizen.request_sent');
    });
    replace(actions, form, h('button', { type: 'button', class: 'secondary', onclick: () => { idle(); change.focus(); } }, t('citizen.cancel')));
    form.querySelector('textarea').focus();
  });
  withdraw.addEventListener('click', () => {
    const question = h('p', { id: `cz-confirm-${c.id}`, class: 'cz-confirm', tabindex: '-1' }, t('citizen.withdraw_confirm'));
    const yes = actionButton(t('citizen.withdraw_yes'), async () => {
      await api('POST', `/api/v1/plans/${plan.id}/consents/${c.id}/withdraw`, { reason: t('citizen.withdraw_reason') });
      await reload('#cz-consent-heading', t('citizen.withdrawn'));
    }, 'danger', errorText);
    const no = h('button', { type: 'button', class: 'secondary', onclick: () => { idle(); withdraw.focus(); } }, t('citizen.withdraw_no'));
    replace(actions, h('div', { role: 'group', 'aria-labelledby': question.id }, question, yes, no));
    question.focus();
  });
  idle();
  return card;
}

function consentSection(plan, reload, notice) {
  const current = (plan.consents || []).filter(inForce);
  return section('cz-consent', t('citizen.consent'),
    h('p', {}, t('citizen.consent_intro')),
    notice ? h('p', { class: 'status', role: 'status' }, notice) : null,
    (plan.flags || []).includes('consent_request_open') ? h('p', { class: 'status' }, t('citizen.request_open')) : null,
    cards(current, (c) => consentCard(plan, c, reload), 'citizen.no_consent'));
}

function messagesSection(plan, messages, reload, me) {
  const items = messages ? messages.items : [];
  return section('cz-messages', t('citizen.messages'),
    cards(items, (m) => h('li', { class: 'card' },
      h('p', { class: 'note' }, joined(m.author_account_id === me.account_id ? t('citizen.you') : m.author_name, formatDate(m.created_at, true))),
      m.kind !== 'comment' ? h('p', { class: 'note' }, t(`citizen.message_kind.${m.kind}`)) : null,
      h('p', { class: 'own-words' }, m.text)), 'citizen.no_messages'),
    textForm('cz-comment', t('citizen.write_comment'), t('citizen.send'), async (text) => {
      await api('POST', `/api/v1/plans/${plan.id}/messages`, { kind: 'comment', text });
      await reload('#cz-messages-heading');
      return t('citizen.comment_sent');
    }));
}

export async function citizenView(main, ctx) {
  const id = ctx.params[0];
  const p = `/api/v1/plans/${id}`;
  const [plan, log, messages, requests] = await Promise.all([loadPlan(id), found(`${p}/access-log?limit=500`), found(`${p}/messages`),
    found('/api/v1/approvals?limit=100')]);
  if (!plan) return planNotFound(main);
  if (!ctx.current()) return null;
  const own = ctx.me && plan.person_id === ctx.me.person_id;
  // after a change: render again and put the focus back where the reader was
  const reload = async (focus, notice) => {
    await citizenView(main, { ...ctx, notice });
    const el = main.querySelector(focus);
    if (el) el.focus();
  };
  const c = plan.coordinator;
  replace(main, h('div', { class: 'citizen-plan' },
    back(),
    h('h1', {}, own ? t('citizen.title') : t('citizen.title_representative')),
    h('p', { class: 'cz-lead' }, c && c.name
      ? t('citizen.coordinator_is', { name: joined(c.name, c.organisation_name) })
      : t('citizen.no_coordinator')),
    c && c.name ? contact(c) : null,
    plan.status !== 'active' ? h('p', { class: 'note' }, `${t('plan.status')}: ${value('status', plan.status)}`) : null,
    datesSection(plan),
    goalsSection(plan, reload, ctx.me),
    measuresSection(plan),
    groupSection(plan, own),
    readsSection(log, ctx.me),
    own ? accessSection(requests) : null,
    consentSection(plan, reload, ctx.notice),
    messagesSection(plan, messages, reload, ctx.me)));
  return own ? t('citizen.title') : t('citizen.title_representative');
}
