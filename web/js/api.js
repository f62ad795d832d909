// api.js - the JSON API from the browser.
//
// Every call sends and expects JSON, rides on the session cookie (HttpOnly,
// set by POST /api/v1/session) and, when it changes data, sends the session's
// CSRF token in X-CSRF-Token (docs/security.md). The token is answered once,
// at log-in; it is kept in localStorage, beside the cookie's lifetime and scope
// (one browser, every tab), and dropped at log-out. Failures become ApiError
// with the API's {"error": {code, message, field}}; errorText() turns one into
// plain words in the user's language.
import { t, has } from './i18n.js';
import { started } from './early.js';

const CSRF_KEY = 'helhet.csrf';

export class ApiError extends Error {
  constructor(status, code, message, field = null, retryAfter = null) {
    super(message || code);
    this.status = status;
    this.code = code;
    this.field = field;
    this.retryAfter = retryAfter;
  }
}

function csrf() {
  try {
    return localStorage.getItem(CSRF_KEY);
  } catch {
    return null;
  }
}

function setCsrf(token) {
  try {
    if (token) localStorage.setItem(CSRF_KEY, token);
    else localStorage.removeItem(CSRF_KEY);
  } catch {
    // storage refused: state-changing calls will answer csrf_missing
  }
}

// A log-in through an identity provider ends at return_to#csrf_token=...
// (src/api/oidc.c): keep the token and take it out of the address.
const fromProvider = /^#csrf_token=([\w-]+)$/.exec(location.hash);
if (fromProvider) {
  setCsrf(fromProvider[1]);
  history.replaceState(null, '', location.pathname + location.search);
}

// The answer early.js started for a GET of `path`, taken once, in the page's
// first seconds, and not a 401 (the log-in may have come since).
async function earlyAnswer(method, path) {
  const answer = method === 'GET' && started.get(path);
  if (!answer) return null;
  started.delete(path);
  try {
    const res = await answer;
    return res.status !== 401 && performance.now() < 10000 ? res : null;
  } catch {
    return null;
  }
}

// Calls the API; answers the parsed body (null for 204). `extra` adds
// headers (If-Match for the plan editor).
export async function api(method, path, body, extra = {}) {
  const headers = { Accept: 'application/json', ...extra };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD') {
    const token = csrf();
    if (token) headers['X-CSRF-Token'] = token;
  }
  let res = await earlyAnswer(method, path);
  try {
    res = res || await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, 'network', 'network error');
  }
  if (res.status === 204) return null;
  let data = null;
  try {
    data = await res.json();
  } catch {
    data = null;
  }
  if (!res.ok) {
    const e = (data && data.error) || {};
    throw new ApiError(res.status, e.code || `http_${res.status}`, e.message || '', e.field || null, res.headers.get('Retry-After'));
  }
  return data;
}

// Logs in; answers the account (as GET /me, without roles).
export async function logIn(username, password, otp) {
  const body = { username, password };
  if (otp) body.otp = otp;
  const me = await api('POST', '/api/v1/session', body);
  setCsrf(me.csrf_token);
  return me;
}

// Ends the session; the token goes whatever the server answered.
export async function logOut() {
  try {
    await api('DELETE', '/api/v1/session');
  } finally {
    setCsrf(null);
  }
}

// The words for the field an error names: the label the form shows for it
// (`labelOf(name)`, from the form that was sent), else field.<name>, else
// null (never the API's internal name). "persons[0].name" is "persons".
function fieldWords(err, labelOf) {
  if (!err.field) return null;
  const name = String(err.field).split(/[.[]/)[0];
  const shown = labelOf ? labelOf(name) : null;
  if (shown) return shown;
  return has(`field.${name}`) ? t(`field.${name}`) : null;
}

// Plain words for an error, in the current language; `labelOf(name)` answers
// the label of the form's field `name` (plan-form.js), when there is a form.
export function errorText(err, labelOf = null) {
  if (!(err instanceof ApiError)) return t('error.generic', { code: 'client' });
  const code = err.code;
  if (code === 'too_many_attempts') {
    const minutes = Math.max(1, Math.ceil(Number(err.retryAfter || 60) / 60));
    return t('error.too_many_attempts', { minutes });
  }
  // a part of a plan she sees, that the consent does not cover (docs/security.md)
  if (code === 'section_not_consented') return t('editor.consent_words.refused');
  const field = fieldWords(err, labelOf);
  if (code === 'required' || code === 'invalid') return field ? t(`error.${code}`, { field }) : t(`error.${code}_unnamed`);
  if (has(`error.${code}`)) return t(`error.${code}`, { field: field || '' });
  if (err.status === 422) return field ? t('error.invalid', { field }) : t('error.invalid_unnamed');
  if (err.status === 503) return t('error.unavailable');
  return t('error.generic', { code });
}
