// dom.js - building the page safely.
//
// h('a', { href: '/app' }, 'Mine saker') makes an element; strings among the
// children become text nodes, so text from the API is shown exactly and never
// parsed as HTML. Nothing in the application uses innerHTML (the Content
// Security Policy forbids inline script and style anyway). Attributes: `class`,
// `text`, boolean true/false, `on<event>` handlers, everything else by
// setAttribute.

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
