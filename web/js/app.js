// app.js - the Helhet browser application: start-up, the router and the page
// frame (header with the user, log-out, language, large text, read aloud).
//
// Routes are client-side under /app (the server answers index.html for every
// /app/... path, see src/http/static.h):
//   /app                 Mine saker: who is logged in, the plans they can see
//   /app/login           log-in (username, password, and the one-time code for staff)
//   /app/plans/{id}      one plan and its editor, the sections the API answers
//                        (citizens: their own plan in plain words, views/citizen.js)
//   /app/plans/{id}/history, /app/plans/{id}/consent-form  (views/plan-*.js)
//   /app/plans/{id}/print  the whole plan as the reader may see it, for paper
//   /app/persons         search for persons; /app/persons/{id} a person whole
//   /app/cases/{id}      one case
//   /app/overview        the coordinating unit's and leaders' overview
// Links inside the application are ordinary <a href> elements; a click is
// taken over with the history API, so the back button, a reload and a
// bookmark all work.
import { api, logOut, ApiError } from './api.js';
import { t, setLanguage, initialLanguage, chosenLanguage, language } from './i18n.js';
import { initPreferences, stopReading } from './prefs.js';
import { municipal, overseer } from './views/table.js';
import { h, replace, back } from './dom.js';

// Each page's module is loaded when the page is first opened (import()), so
// that one page loads only its own JavaScript (SPEC 7: at most 100 KB). The
// paths are written out, so that the server versions them (?v=, static.c)
// like the static imports and every module is one instance.
const lazy = (load, name) => async (el, ctx) => (await load())[name](el, ctx);
const routes = [
  { pattern: /^\/app\/?$/, view: lazy(() => import('./views/home.js'), 'homeView') },
  { pattern: /^\/app\/login\/?$/, view: lazy(() => import('./views/login.js'), 'loginView'), open: true, login: true },
  {
    pattern: /^\/app\/plans\/([1-9][0-9]{0,17})(?:\/(history|consent-form))?\/?$/,
    view: (el, ctx) => (ctx.me.role === 'citizen' && !ctx.params[1] ? lazy(() => import('./views/citizen.js'), 'citizenView') : lazy(() => import('./views/plan.js'), 'planView'))(el, ctx),
  },
  { pattern: /^\/app\/plans\/([1-9][0-9]{0,17})\/print\/?$/, view: lazy(() => import('./views/plan-print.js'), 'printView') },
  { pattern: /^\/app\/persons\/?$/, view: lazy(() => import('./views/persons.js'), 'personsView') },
  { pattern: /^\/app\/persons\/([1-9][0-9]{0,17})\/?$/, view: lazy(() => import('./views/persons.js'), 'personView') },
  { pattern: /^\/app\/cases\/([1-9][0-9]{0,17})\/?$/, view: lazy(() => import('./views/case.js'), 'caseView') },
  { pattern: /^\/app\/overview\/?$/, view: lazy(() => import('./views/overview.js'), 'overviewView') },
];

const state = { me: null, checked: false, flash: null };
let renderSeq = 0;

const main = () => document.getElementById('main');

// Goes to `path` (pushing a history entry unless `replace`) and renders it.
export function navigate(path, { replace: rep = false, flash = null } = {}) {
  if (flash) state.flash = flash;
  if (rep) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  return render({ focus: true });
}

let asking = null;

// GET /me once (null without a session), shared by whoever asks meanwhile.
function whoAmI() {
  if (state.checked) return Promise.resolve(state.me);
  asking = asking || api('GET', '/api/v1/me').catch((err) => {
    if (!(err instanceof ApiError) || err.status !== 401) throw err;
    return null;
  }).then((me) => {
    state.me = me;
    state.checked = true;
    return me;
  }).finally(() => { asking = null; });
  return asking;
}

// Called by the log-in view; the roles and name come from GET /me, and with
// them a citizen's preferred language, which the page now takes unless the
// reader chose one with the switcher.
export async function loggedIn() {
  state.checked = false;
  await whoAmI();
  const code = initialLanguage(state.me);
  if (code !== language()) {
    await setLanguage(code, { remember: false });
    document.getElementById('lang').value = code;
  }
  updateHeader();
}

// Nobody is logged in any more: to the log-in page.
function signedOut(path, options) {
  state.me = null;
  state.checked = true;
  updateHeader();
  return navigate(path, options);
}

// Called when the API answers 401 in a view: the session ended.
export const sessionEnded = (err) =>
  signedOut(`/app/login?next=${encodeURIComponent(location.pathname + location.search)}`, { replace: true, flash: { error: err } });

function updateHeader() {
  const nav = document.getElementById('user-nav');
  nav.hidden = !state.me;
  // the main menu offers what the roles allow (the API decides regardless)
  document.getElementById('menu-persons').hidden = !municipal(state.me);
  document.getElementById('menu-overview').hidden = !overseer(state.me);
  for (const a of nav.querySelectorAll('ul a')) {
    const here = a.pathname === '/app' ? location.pathname.replace(/\/$/, '') === '/app' : location.pathname.startsWith(a.pathname);
    if (here) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  const who = document.getElementById('who');
  replace(who, state.me ? h('span', {}, h('span', { class: 'visually-hidden' }, `${t('home.who')}: `), state.me.name || state.me.username) : '');
}

async function render({ focus = false } = {}) {
  const seq = ++renderSeq;
  stopReading();
  // another address in place of this one, rendered at once
  const instead = (to) => {
    history.replaceState(null, '', to);
    return render({ focus });
  };
  const path = location.pathname;
  if (path === '/' || path === '/index.html') return instead('/app');
  const route = routes.find((r) => r.pattern.test(path));
  const el = main();
  let me;
  try {
    me = await whoAmI();
  } catch (err) {
    me = null;
    state.flash = { error: err };
  }
  if (seq !== renderSeq) return;
  updateHeader();
  if (route && !route.open && !me) return instead(`/app/login${path === '/app' ? '' : `?next=${encodeURIComponent(path + location.search)}`}`);
  if (route && route.login && me) return instead('/app');
  const flash = state.flash;
  state.flash = null;
  const ctx = {
    me,
    flash,
    params: route ? path.match(route.pattern).slice(1) : [],
    query: new URLSearchParams(location.search),
    navigate,
    loggedIn,
    sessionEnded,
    current: () => seq === renderSeq,
  };
  el.setAttribute('aria-busy', 'true');
  let title;
  try {
    title = route ? await route.view(el, ctx) : notFound(el);
  } catch (err) {
    if (err instanceof ApiError && err.status === 401 && route && !route.open) return sessionEnded(err);
    throw err;
  } finally {
    if (seq === renderSeq) el.removeAttribute('aria-busy');
  }
  if (seq !== renderSeq) return;
  // what the step before this page did ("Personen er registrert")
  if (flash && flash.notice) {
    const h1 = el.querySelector('h1');
    if (h1) h1.after(h('p', { class: 'status notice', role: 'status' }, flash.notice));
  }
  document.title = title ? `${title} – ${t('app.name')}` : t('app.name');
  if (focus) {
    // after a navigation, the new page's heading takes the focus, so a screen
    // reader announces it and the next Tab starts from there
    const h1 = el.querySelector('h1');
    if (h1 && !el.contains(document.activeElement)) {
      h1.setAttribute('tabindex', '-1');
      h1.focus();
    }
  }
}

function notFound(el) {
  replace(el, h('h1', {}, t('error.page_not_found')), back());
  return t('error.page_not_found');
}

// Plain clicks on links inside the application are handled here; modified
// clicks (new tab, download) and other sites' links are left to the browser.
function onClick(e) {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const a = e.target.closest('a[href]');
  if (!a || a.target || a.hasAttribute('download') || a.getAttribute('href').startsWith('#')) return;
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin || !url.pathname.startsWith('/app')) return;
  e.preventDefault();
  navigate(url.pathname + url.search + url.hash);
}

function languageSwitcher() {
  // index.html lists the languages
  const select = document.getElementById('lang');
  select.value = language();
  select.addEventListener('change', async () => {
    await setLanguage(select.value);
    updateHeader();
    await render();
    select.focus();
  });
}

async function start() {
  // who is logged in is asked while the words load, not after them
  const me = whoAmI().catch(() => null);
  // the language may be the citizen's own (GET /me, preloaded): the words of
  // the one chosen with the switcher need not wait for it
  await setLanguage(initialLanguage(chosenLanguage() ? null : await me), { remember: false });
  await me;
  languageSwitcher();
  initPreferences();
  document.addEventListener('click', onClick);
  window.addEventListener('popstate', () => render({ focus: true }));
  document.getElementById('log-out').addEventListener('click', async () => {
    try {
      await logOut();
    } catch {
      // the session is gone on this side whatever the server said
    }
    signedOut('/app/login', { flash: { status: t('login.logged_out') } });
  });
  await render();
}

start();
