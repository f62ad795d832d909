// plan-form.js - the plan editor's forms: labelled fields, an error region
// tied to the field the API names, and a submit that sends the change and
// re-renders the plan.
//
// A form is closed behind a button (aria-expanded, aria-controls) until the
// user opens it; Escape closes it and gives the focus back to the button.
// Every field has a <label>; an error is shown in an alert inside the form and
// the field the API names (err.field) gets aria-invalid and
// aria-describedby pointing at it. A 412 stale_version says that someone else
// changed the plan and offers to load it again.
import { api, errorText } from '../api.js';
import { t, has, value } from '../i18n.js';
import { h, replace } from '../dom.js';

let seq = 0;
const uid = (p) => `${p}-${++seq}`;

// An editor string: editor.<key>.
export const e = (key, params) => t(`editor.${key}`, params);

// A field: kind is text, textarea, date, select, number, checkbox; opts.options is a
// list of [value, label] for selects. Answers the wrapper; .input is the control.
export function field(name, label, kind = 'text', opts = {}) {
  const id = uid(`f-${name}`);
  let input;
  if (kind === 'checkbox') {
    // one yes/no box (opts.value true: checked); values() gives true or false
    input = h('input', { id, name, type: 'checkbox', checked: opts.value === true, 'data-bool': '1' });
    const hintId = opts.hint ? `${id}-hint` : null;
    if (hintId) input.setAttribute('aria-describedby', hintId);
    const wrap = h('div', { class: 'field' }, h('div', { class: 'check' }, input, h('label', { for: id }, label)),
      hintId ? h('p', { class: 'hint', id: hintId }, opts.hint) : null);
    wrap.input = input;
    wrap.name = name;
    return wrap;
  }
  if (kind === 'textarea') input = h('textarea', { id, name, rows: opts.rows || 3 });
  else if (kind === 'select') {
    input = h('select', { id, name },
      opts.empty !== undefined ? h('option', { value: '' }, opts.empty) : null,
      (opts.options || []).map(([v, l]) => h('option', { value: String(v) }, l)));
  } else input = h('input', { id, name, type: kind });
  if (opts.required) input.required = true;
  if (opts.maxlength) input.setAttribute('maxlength', String(opts.maxlength));
  if (opts.int) input.dataset.int = '1';
  const hintId = opts.hint ? `${id}-hint` : null;
  if (hintId) input.setAttribute('aria-describedby', hintId);
  const v = opts.value;
  if (v !== undefined && v !== null) input.value = String(v);
  const wrap = h('div', { class: 'field' },
    h('label', { for: id }, label, opts.required ? h('span', { class: 'req' }, ` (${e('required')})`) : null),
    hintId ? h('p', { class: 'hint', id: hintId }, opts.hint) : null,
    input);
  wrap.input = input;
  wrap.name = name;
  return wrap;
}

// Options for an API enum: [[v, value(kind, v)], ...].
export const enumOptions = (kind, values) => values.map((v) => [v, value(kind, v)]);

// A group of checkboxes in a fieldset: answers the fieldset; .values() the checked ones.
export function checkboxes(name, legend, options, checked = []) {
  const boxes = options.map(([v, l]) => {
    const id = uid(`c-${name}`);
    const box = h('input', { type: 'checkbox', id, name, value: v, checked: checked.includes(v) });
    return h('div', { class: 'check' }, box, h('label', { for: id }, l));
  });
  const fs = h('fieldset', { class: 'checks' }, h('legend', {}, legend), boxes);
  fs.values = () => [...fs.querySelectorAll('input:checked')].map((b) => b.value);
  return fs;
}

// Plain words for an error of the editor: its rule codes first, then api.js's
// (`labelOf`: the form's label for a field the API names).
export function editorError(err, labelOf = null) {
  if (err && err.code && has(`editor.error.${err.code}`)) return e(`error.${err.code}`);
  return errorText(err, labelOf);
}

// The label form `f` shows for its control named `name`: a field's <label>
// (without the "(må fylles ut)" mark), a group of checkboxes' legend; null
// when the form has no such control.
export function labelIn(f, name) {
  const el = f.querySelector(`[name="${CSS.escape(name)}"]`);
  if (!el) return null;
  const label = el.id && f.querySelector(`label[for="${CSS.escape(el.id)}"]`);
  const fs = el.closest('fieldset');
  const text = el.type === 'checkbox' && !el.dataset.bool && fs ? fs.querySelector('legend')?.textContent
    : label ? label.firstChild.textContent : null;
  return text ? text.trim() : null;
}

// A form that sends `submit(values)` (an async function doing the API calls)
// and calls `done()` after success. `fields` are field() wrappers or other
// nodes; values() collects named controls: '' becomes null.
function form({ fields, submitLabel, submit, done, cancel, cls = '' }) {
  const alertId = uid('err');
  const alert = h('div', { id: alertId, class: 'alert', role: 'alert', hidden: true });
  const send = h('button', { type: 'submit', class: 'primary' }, submitLabel);
  const buttons = h('div', { class: 'buttons' }, send,
    cancel ? h('button', { type: 'button', onclick: cancel }, e('cancel')) : null);
  const f = h('form', { class: `edit-form ${cls}`, novalidate: true }, alert, fields, buttons);

  f.values = () => {
    const out = {};
    for (const el of f.querySelectorAll('input[name], textarea[name], select[name]')) {
      if (el.type === 'checkbox') {
        if (el.dataset.bool) out[el.name] = el.checked;
        continue;
      }
      const v = el.value.trim();
      out[el.name] = v === '' ? null : el.dataset.int ? Number(v) : v;
    }
    return out;
  };

  function clear() {
    alert.hidden = true;
    for (const el of f.querySelectorAll('[aria-invalid]')) {
      el.removeAttribute('aria-invalid');
      const d = (el.getAttribute('aria-describedby') || '').split(' ').filter((x) => x && x !== alertId);
      if (d.length) el.setAttribute('aria-describedby', d.join(' '));
      else el.removeAttribute('aria-describedby');
    }
  }

  f.showError = (err, text) => {
    clear();
    replace(alert, text || editorError(err, (name) => labelIn(f, name)));
    alert.hidden = false;
    if (err && err.status === 412) {
      alert.append(' ', h('button', { type: 'button', onclick: () => location.reload() }, e('reload')));
    }
    const name = err && err.field ? String(err.field).split(/[.[]/)[0] : null;
    const bad = name && f.querySelector(`[name="${CSS.escape(name)}"]`);
    const target = bad || f.querySelector('[required]:invalid');
    if (target) {
      target.setAttribute('aria-invalid', 'true');
      target.setAttribute('aria-describedby', [target.getAttribute('aria-describedby'), alertId].filter(Boolean).join(' '));
      target.focus();
    } else alert.setAttribute('tabindex', '-1'), alert.focus();
  };

  f.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const empty = [...f.querySelectorAll('[required]')].find((el) => !el.value.trim());
    if (empty) {
      const label = f.querySelector(`label[for="${empty.id}"]`);
      const name = label ? label.firstChild.textContent : empty.name;
      f.showError({ field: empty.name, status: 422 }, t('error.required', { field: name }));
      return;
    }
    send.disabled = true;
    try {
      await submit(f.values(), f);
    } catch (err) {
      if (err && err.status === 401) throw err;
      f.showError(err);
      return;
    } finally {
      send.disabled = false;
    }
    clear();
    await done();
  });
  f.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape' && cancel) cancel();
  });
  return f;
}

// A button that does an action at once (after the browser's confirm of
// `ask`, when given), with its own error line in the words of `failed`.
export function actionButton(label, run, cls = 'primary', failed = editorError, ask = null) {
  const err = h('p', { class: 'alert', role: 'alert', hidden: true, id: uid('err') });
  const b = h('button', { type: 'button', class: cls }, label);
  b.addEventListener('click', async () => {
    if (ask && !window.confirm(ask)) return;
    b.disabled = true;
    err.hidden = true;
    try {
      await run();
    } catch (x) {
      if (x && x.status === 401) throw x;
      err.textContent = failed(x);
      err.hidden = false;
      b.setAttribute('aria-describedby', err.id);
      b.disabled = false;
      b.focus();
    }
  });
  return h('div', { class: 'action' }, b, err);
}

// A form of the plan editor: sends `submit(values)`, then reads the plan
// again, says `said` in the page's status line and focuses `focusId`.
export function editForm(pc, close, fields, submitLabel, submit, said, focusId, cls) {
  return form({ fields, submitLabel, submit, cls, cancel: close, done: () => pc.refresh(said, focusId) });
}

// Sends to `url` what of `values` differs from `item` (PATCH with its
// version in If-Match; nothing when nothing changed).
export async function patch(url, values, item) {
  const diff = {};
  for (const [k, v] of Object.entries(values)) if (v !== (item[k] === undefined ? null : item[k])) diff[k] = v;
  if (Object.keys(diff).length) await api('PATCH', url, diff, ifMatch(item.version));
}

export const ifMatch = (version) => ({ 'If-Match': `"${version}"` });

// A form that changes `item` at `url`: the fields show the item's values.
// `send(url, values, item)` sends the change (patch unless given).
export function changeForm(pc, close, fields, url, item, focusId, send = patch) {
  const f = editForm(pc, close, fields, e('save'), (v) => send(url, v, item), e('saved'), focusId);
  for (const el of f.querySelectorAll('[name]')) {
    if (el.dataset.bool) el.checked = item[el.name] === true;
    else if (item[el.name] !== undefined && item[el.name] !== null) el.value = String(item[el.name]);
  }
  return f;
}

// The members that have a value (a POST leaves the others to the API).
export const present = (v) => Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null));

// A button that opens a form below it (the form is made when first opened).
// Answers a wrapper holding both.
export function opener(label, makeForm, { cls = '' } = {}) {
  const slot = h('div', { id: uid('form'), class: 'form-slot', hidden: true });
  const button = h('button', { type: 'button', class: `opener ${cls}`, 'aria-expanded': 'false', 'aria-controls': slot.id }, label);
  const close = () => {
    slot.hidden = true;
    replace(slot);
    button.setAttribute('aria-expanded', 'false');
    button.focus();
  };
  button.addEventListener('click', () => {
    if (!slot.hidden) return close();
    replace(slot, makeForm(close));
    slot.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    const first = slot.querySelector('input, textarea, select');
    if (first) first.focus();
  });
  return h('div', { class: 'opener-wrap' }, button, slot);
}
