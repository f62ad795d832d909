// i18n.js - the interface's words, from /i18n/{nb,nn,en}.json.
//
// Bokmål is the default; a citizen's preferred language (GET /me) comes
// before it, and a choice made with the language switcher, kept in
// localStorage, before both (initialLanguage); the language sets <html lang>. t('plan.goals') looks a key up in the
// current language, then in bokmål, and answers the key itself when both lack
// it (so a missing string shows, rather than an empty space). Parameters fill
// "{name}" places: t('role.staff', { organisation: 'NAV' }); params.count picks
// the plural form of a string that has them (find, below).

// (index.html's language switcher lists the same three)
const LANGUAGES = [
  { code: 'nb', locale: 'nb-NO', speech: 'nb-NO' },
  { code: 'nn', locale: 'nn-NO', speech: 'nb-NO' },
  { code: 'en', locale: 'en-GB', speech: 'en-GB' },
];
const STORE_KEY = 'helhet.lang';
// the server versions module paths (?v=, src/http/static.c): the words go with them
const VERSION = new URL(import.meta.url).search;
const loaded = new Map();
let current = 'nb';

// The reader's settings kept in localStorage (the language here, large text
// in prefs.js); where storage is refused (private mode) they last for this
// page only.
export function setting(key) {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function saveSetting(key, v) {
  try {
    if (v) localStorage.setItem(key, v);
    else localStorage.removeItem(key);
  } catch {
    // kept for this page only
  }
}

async function load(code) {
  if (!loaded.has(code)) {
    const res = await fetch(`/i18n/${code}.json${VERSION}`, { credentials: 'same-origin' });
    if (!res.ok) throw new Error(`no translations for ${code}`);
    loaded.set(code, await res.json());
  }
  return loaded.get(code);
}

// A string with grammatical number is an object of the language's plural
// forms ({"one": "1 plan", "other": "{count} planer"}), chosen by params.count.
const plural = (v) => v !== null && typeof v === 'object' && typeof v.other === 'string';

// The string at `key` in the current language, else in bokmål (with `count`,
// the plural form for it).
function find(key, count) {
  for (const code of [current, 'nb']) {
    let v = loaded.get(code);
    for (const part of key.split('.')) v = v !== null && typeof v === 'object' ? v[part] : undefined;
    if (typeof v === 'string') return v;
    if (plural(v)) {
      const form = typeof count === 'number' ? new Intl.PluralRules(languageInfo(code).locale).select(count) : 'other';
      return typeof v[form] === 'string' ? v[form] : v.other;
    }
  }
  return undefined;
}

// The text of `key` with `params` filled in: t('role.coordinator', { count: 1 })
// is "Koordinator for 1 plan".
export function t(key, params = {}) {
  const text = find(key, params.count);
  if (text === undefined) return key;
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
}

// 1 when the key exists (in the current language or bokmål).
export const has = (key) => find(key) !== undefined;

// The text for an API value (status, role, ...), or the value itself.
export function value(kind, v) {
  if (v === null || v === undefined) return '';
  const key = `value.${kind}.${v}`;
  return has(key) ? t(key) : String(v);
}

// A list of API values in words: "Mål, Tiltak".
export const values = (kind, list) => (list || []).map((v) => value(kind, v)).join(', ');

export function language() {
  return current;
}

export function languageInfo(code = current) {
  return LANGUAGES.find((l) => l.code === code) || LANGUAGES[0];
}

// Loads bokmål and the chosen (or stored) language and makes it current.
export async function setLanguage(code, { remember = true } = {}) {
  if (!LANGUAGES.some((l) => l.code === code)) code = 'nb';
  await load('nb');
  await load(code);
  current = code;
  document.documentElement.lang = code;
  if (remember) saveSetting(STORE_KEY, code);
  applyStatic();
}

// The language a choice made with the switcher kept; null when none was made.
export function chosenLanguage() {
  const code = setting(STORE_KEY);
  return LANGUAGES.some((l) => l.code === code) ? code : null;
}

// The language the interface opens in: the reader's own choice with the
// switcher, else a citizen's preferred language from GET /me when it is one
// of ours (a person who prefers nynorsk gets nynorsk), else bokmål.
export function initialLanguage(me) {
  const preferred = me && me.role === 'citizen' ? me.preferred_language : null;
  return chosenLanguage() || (LANGUAGES.some((l) => l.code === preferred) ? preferred : 'nb');
}

// The raw tree at `key` (an object of words, such as the table of plain
// words for measures) in the current language, else in bokmål; null if none.
export function tree(key) {
  for (const code of [current, 'nb']) {
    let v = loaded.get(code);
    for (const part of key.split('.')) v = v !== null && typeof v === 'object' ? v[part] : undefined;
    if (v !== null && typeof v === 'object' && !plural(v)) return v;
  }
  return null;
}

// Fills elements of the page shell that carry data-i18n (text) or
// data-i18n-label (aria-label).
function applyStatic() {
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of document.querySelectorAll('[data-i18n-label]')) el.setAttribute('aria-label', t(el.dataset.i18nLabel));
}

// A language code from the API (nb, se, ar, uk) in the reader's language:
// language.<code> in the words (the Sami languages and the others the forms
// offer, which Intl.DisplayNames may lack), else Intl.DisplayNames when it
// knows a name (not just the code back), else "språkkode xx"; never a bare code.
export function languageName(code) {
  if (!code) return '';
  if (has(`language.${code}`)) return t(`language.${code}`);
  try {
    const name = new Intl.DisplayNames([languageInfo().locale], { type: 'language', fallback: 'none' }).of(code);
    if (name && name.toLowerCase() !== String(code).toLowerCase()) return name;
  } catch {
    // not a well-formed code
  }
  return t('language_unknown', { code });
}

// Dates for people: "8. mai 2027", with `time` "8. mai 2027 kl. 10:15" (Oslo
// time for timestamps).
export function formatDate(iso, time = false) {
  if (!iso) return '';
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(iso);
  const d = new Date(dateOnly ? `${iso}T12:00:00Z` : iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(languageInfo().locale, { dateStyle: 'long', timeStyle: time ? 'short' : undefined, timeZone: dateOnly ? 'UTC' : 'Europe/Oslo' }).format(d);
}
