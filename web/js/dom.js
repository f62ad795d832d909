// dom.js - building the page safely, and the blocks every page is made of.
//
// h('a', { href: '/app' }, 'Mine saker') makes an element; strings among the
// children become text nodes, so text from the API is shown exactly and never
// parsed as HTML. Nothing in the application uses innerHTML (the Content
// Security Policy forbids inline script and style anyway). Attributes: `class`,
// `text`, boolean true/false, `on<event>` handlers, everything else by
// setAttribute.
import { t, value } from './i18n.js';

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (name === 'class') el.className = v;
    else if (name === 'text') el.textContent = v;
    else if (name.startsWith('on') && typeof v === 'function') el.addEventListener(name.slice(2), v);
    else el.setAttribute(name, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

// Replaces an element's content.
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

// A definition list of [term, description] pairs, leaving out empty ones.
export function facts(pairs, cls = 'facts') {
  const rows = pairs.filter(([, v]) => v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && !v.length));
  if (!rows.length) return null;
  return h('dl', { class: cls }, rows.map(([k, v]) => h('div', {}, h('dt', {}, k), h('dd', {}, v))));
}

// A section headed by an h2 with the id `${id}-heading` (its aria-labelledby;
// after a change the editor gives that heading the focus).
export function section(id, title, ...content) {
  return h('section', { id, 'aria-labelledby': `${id}-heading` },
    h('h2', { id: `${id}-heading`, tabindex: '-1' }, title), ...content);
}

// "Nothing here" in words.
export const empty = (key, params) => h('p', { class: 'empty' }, t(key, params));

// A list of cards, one per item (`card(item)` answers its <li>), or the
// words of `none` when there are none.
export const cards = (items, card, none) => (items.length ? h('ul', { class: 'cards' }, items.map(card)) : empty(none));

// An API value (a status, a consent's state) as a coloured badge.
export const badge = (kind, v) => (v ? h('span', { class: `badge status-${v}` }, value(kind, v)) : null);

// The way back, above a page's heading.
export const back = (href = '/app', label = t('plan.back'), cls = 'back') => h('p', { class: cls }, h('a', { href }, label));

// A page that could not be shown: its heading and why; answers the title.
export function problem(main, title, text, ...before) {
  replace(main, ...before, h('h1', {}, title), h('p', { class: 'alert', role: 'alert' }, text));
  return title;
}
