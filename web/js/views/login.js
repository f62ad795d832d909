// login.js - the log-in page: username and password, and the one-time code.
//
// POST /api/v1/session answers 401 otp_required when the password was right
// and the account needs a code (staff and administrators, docs/security.md);
// only then is the code field shown, focused and required, and the same form
// is sent again with it. Citizens never see it. Every failure is shown in
// words from the translations, in an alert region above the form, and the
// field it names is marked invalid and described by it.
//
// Each identity provider (GET /api/v1/oidc/providers) gets a link to its
// log-in, which comes back to `next` logged in, or here with ?error=<code>.
import { api, logIn, errorText, ApiError } from '../api.js';
import { t, has } from '../i18n.js';
import { h, replace } from '../dom.js';

function field(id, label, attrs, hint) {
  const input = h('input', { id, name: id, ...attrs });
  const describedBy = hint ? `${id}-hint` : null;
  if (describedBy) input.setAttribute('aria-describedby', describedBy);
  return h('div', { class: 'field', id: `${id}-field` },
    h('label', { for: id }, label),
    hint ? h('p', { class: 'hint', id: describedBy }, hint) : null,
    input);
}

// A safe place to go after logging in: a path of this application only.
function nextPath(query) {
  const next = query.get('next') || '';
  return /^\/app(\/[A-Za-z0-9/_-]*)?(\?[A-Za-z0-9=&_%-]*)?$/.test(next) ? next : '/app';
}

export async function loginView(main, ctx) {
  const alert = h('div', { id: 'login-alert', class: 'alert', role: 'alert', tabindex: '-1', hidden: true });
  const status = h('p', { class: 'status', role: 'status' }, ctx.flash && ctx.flash.status ? ctx.flash.status : '');
  const username = field('username', t('login.username'), { type: 'text', autocomplete: 'username', required: true, autocapitalize: 'none', spellcheck: 'false' });
  const password = field('password', t('login.password'), { type: 'password', autocomplete: 'current-password', required: true });
  const otp = field('otp', t('login.otp'), { type: 'text', inputmode: 'numeric', autocomplete: 'one-time-code', pattern: '[0-9]{6}', maxlength: '6' }, t('login.otp_hint'));
  otp.hidden = true;
  const { items = [] } = await api('GET', '/api/v1/oidc/providers').catch(() => ({}));
  if (!ctx.current()) return null;
  const back = encodeURIComponent(nextPath(ctx.query));
  const providers = items.map(({ name }) => h('p', {},
    h('a', { class: 'button', href: `/api/v1/oidc/${name}/login?return_to=${back}` },
      t('login.with', { name: has(`login.provider.${name}`) ? t(`login.provider.${name}`) : name }))));
  const submit = h('button', { type: 'submit', class: 'primary' }, t('login.submit'));
  const form = h('form', { class: 'login' }, username, password, otp, submit);

  const input = (id) => form.querySelector(`#${id}`);
  const showOtp = () => {
    otp.hidden = false;
    input('otp').required = true;
  };

  function showError(err) {
    for (const el of form.querySelectorAll('[aria-invalid]')) {
      el.removeAttribute('aria-invalid');
      const d = (el.getAttribute('aria-describedby') || '').split(' ').filter((x) => x !== 'login-alert');
      if (d.length) el.setAttribute('aria-describedby', d.join(' '));
      else el.removeAttribute('aria-describedby');
    }
    replace(alert, errorText(err));
    alert.hidden = false;
    const f = err.field && input(err.field);
    if (f) {
      f.setAttribute('aria-invalid', 'true');
      f.setAttribute('aria-describedby', [f.getAttribute('aria-describedby'), 'login-alert'].filter(Boolean).join(' '));
    }
    return f;
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    submit.disabled = true;
    replace(submit, t('login.working'));
    replace(status, '');
    const code = otp.hidden ? undefined : input('otp').value.trim();
    try {
      await logIn(input('username').value.trim(), input('password').value, code);
      await ctx.loggedIn();
      await ctx.navigate(nextPath(ctx.query), { replace: true });
      return;
    } catch (err) {
      if (!ctx.current()) return;
      if (err.code === 'otp_required' && otp.hidden) {
        // the password was right: the next step, not an error
        showOtp();
        alert.hidden = true;
        replace(status, t('login.otp_step'));
        input('otp').focus();
        return;
      }
      if (err.code === 'otp_required' || err.code === 'otp_not_enrolled') showOtp();
      const f = showError(err);
      if (err.code && err.code.startsWith('otp_') && !otp.hidden) {
        input('otp').value = '';
        input('otp').focus();
      } else if (f) {
        f.focus();
      } else {
        input('password').value = '';
        input('password').focus();
      }
    } finally {
      submit.disabled = false;
      replace(submit, t('login.submit'));
    }
  });

  replace(main,
    h('div', { class: 'narrow' },
      h('h1', {}, t('login.title')),
      h('p', {}, t('login.intro')),
      status,
      alert,
      providers,
      form));
  const code = ctx.query.get('error') || '';
  if (ctx.flash && ctx.flash.error) showError(ctx.flash.error);
  else if (/^[a-z_]{1,40}$/.test(code)) showError(new ApiError(0, code));
  input('username').focus();
  return t('login.title');
}
