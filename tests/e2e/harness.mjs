// harness.mjs - the browser tests' world: a demo municipality in a temporary
// SQLite database (`helhet demo`), the real `helhet serve` on it (the sanitizer
// build, $HELHET_BIN, as the API tests use) serving the repository's web/, and
// Debian's Chromium driven headless by playwright-core.
//
//   const app = await startApp();            // demo database + server + browser
//                                            // ({args}: more `helhet serve` arguments)
//   const page = await app.page();           // a new browser context and page
//   await app.login(page, 'koordinator');    // by keyboard, with a fresh one-time code
//   await app.axe(page, 'home');             // zero WCAG 2.1 A/AA violations
//   await app.shot(page, 'home');            // build/e2e-artifacts/home.png
//   await app.stop();                        // browser closed, server stopped and
//                                            // checked for sanitizer findings
//
// Chromium: $CHROMIUM or /usr/bin/chromium (scripts/deps.sh test installs
// Debian's), always headless (no display is needed), with --no-sandbox only
// when running as root, where Chromium refuses to start with its sandbox.
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { startServer, cli, newDatabase } from '../api/harness.mjs';

const require = createRequire(import.meta.url);
export const REPO = new URL('../../', import.meta.url).pathname;
export const WEB = join(REPO, 'web');
export const ARTIFACTS = join(REPO, 'build/e2e-artifacts');
export const PASSWORD = 'demo-passord';
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

// The demo's log-ins (src/cmd/demo.c; README): staff need a one-time code.
export const USERS = {
  koordinator: { otp: true },
  sara: { otp: true },
  nav: { otp: true },
  ke: { otp: true },
  admin: { otp: true },
  kari: { otp: false },
};

// The translations, to assert on the words the user sees.
export function words(lang = 'nb') {
  return JSON.parse(readFileSync(join(WEB, `i18n/${lang}.json`), 'utf8'));
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// `args` are further `helhet serve` arguments (e.g. '--oidc', FILE); a later
// '--listen' replaces the harness's own.
export async function startApp({ viewport = { width: 1280, height: 900 }, args = [] } = {}) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), 'helhet-e2e-'));
  const db = newDatabase(dir, 'demo');
  const demo = cli(['demo', '--db', db]);
  assert.equal(demo.status, 0, demo.stderr);
  const server = await startServer({ database: { db, dir }, args: ['--web-root', WEB, ...args] });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: process.getuid && process.getuid() === 0 ? ['--no-sandbox'] : [],
  });
  const contexts = [];
  const tokens = new Map(); // username -> API token (app.as)
  // Each account's one-time code works once per 30-second step (the server
  // keeps the last step it accepted): the step each account used here.
  const usedStep = new Map();

  const app = {
    url: server.url,
    server,
    browser,
    db,

    // A fresh browser context (no cookies) and a page that fails the test on
    // any script error. `language` is the choice the reader made with the
    // language switcher (kept in localStorage; the tests assert on bokmål
    // words, and the demo's Kari prefers nynorsk, which she would get
    // otherwise); null gives an empty localStorage, a first visit.
    async page({ locale = 'nb-NO', size = viewport, language = 'nb' } = {}) {
      const context = await browser.newContext({ baseURL: server.url, locale, viewport: size });
      contexts.push(context);
      if (language) {
        await context.addInitScript((code) => {
          try {
            if (!localStorage.getItem('helhet.lang')) localStorage.setItem('helhet.lang', code);
          } catch {
            // a document without storage (about:blank)
          }
        }, language);
      }
      const page = await context.newPage();
      page.errors = [];
      page.on('pageerror', (e) => page.errors.push(e.message));
      return page;
    },

    // The current one-time code of a demo account (`helhet user otp`); waits
    // for the next step when this account already used the current one.
    async otp(username) {
      for (;;) {
        const step = Math.floor(Date.now() / 30000);
        if ((usedStep.get(username) ?? -1) < step) {
          const r = cli(['user', 'otp', '--db', db, '--user', username]);
          assert.equal(r.status, 0, r.stderr);
          usedStep.set(username, Math.max(step, Math.floor(Date.now() / 30000)));
          return r.stdout.trim();
        }
        await sleep(30000 - (Date.now() % 30000) + 200);
      }
    },

    // Logs in through the log-in page by keyboard alone: type, Tab, Enter.
    // Answers when the header shows the user (the page the log-in leads to
    // is the caller's to wait for).
    async login(page, username, { password = PASSWORD } = {}) {
      if (!/\/app\/login/.test(page.url())) await page.goto('/app/login');
      const user = page.locator('#username');
      await user.waitFor();
      await user.focus();
      await page.keyboard.type(username);
      await page.keyboard.press('Tab');
      assert.equal(await focusedId(page), 'password');
      await page.keyboard.type(password);
      await page.keyboard.press('Enter');
      if (USERS[username] && USERS[username].otp) {
        // the API asks for the code only after the right password
        await page.locator('#otp').waitFor({ state: 'visible' });
        assert.equal(await focusedId(page), 'otp', 'the code field takes the focus');
        await page.keyboard.type(await app.otp(username));
        await page.keyboard.press('Enter');
      }
      await page.locator('#user-nav').waitFor({ state: 'visible' });
    },

    // Runs axe-core in the page and fails on any WCAG 2.1 A or AA violation.
    //
    // The Content Security Policy (script-src 'self') blocks
    // page.addScriptTag, which injects an inline <script>; so axe's source is
    // run with page.evaluate, which the DevTools protocol executes outside the
    // page's CSP. The page keeps its real policy: nothing is bypassed.
    async axe(page, label) {
      await page.evaluate(AXE_SOURCE);
      const result = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }), WCAG);
      const found = result.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`);
      assert.deepEqual(found, [], `${label}: axe found WCAG 2.1 A/AA violations:\n${found.join('\n')}`);
      assert.ok(result.passes.length > 10, `${label}: axe checked the page`);
    },

    // A screenshot under build/e2e-artifacts/.
    async shot(page, name, { fullPage = true } = {}) {
      await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage });
    },

    // The API as a demo user, with a Bearer token from the CLI (made once per
    // user): as(user).api(method, '/api/v1/...', { body, headers }) answers
    // { status, body, text, headers }; as(user).get(path) the body of a 200.
    as(username) {
      if (!tokens.has(username)) {
        const r = cli(['token', 'create', '--db', db, '--user', username]);
        assert.equal(r.status, 0, r.stderr);
        tokens.set(username, r.stdout.trim());
      }
      const token = tokens.get(username);
      const api = (method, path, opts = {}) => server.api(method, path, { ...opts, token });
      return {
        token,
        api,
        async get(path) {
          const res = await api('GET', path);
          assert.equal(res.status, 200, `${username} GET ${path}: ${res.text}`);
          return res.body;
        },
      };
    },

    async stop() {
      for (const c of contexts) await c.close().catch(() => {});
      await browser.close();
      try {
        await server.stop();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
  return app;
}

// The id of the focused element.
export function focusedId(page) {
  return page.evaluate(() => document.activeElement && document.activeElement.id);
}

// Asserts that the focused element shows a focus ring (an outline of at least
// 2 px, as :focus-visible draws it).
export async function assertFocusVisible(page, what) {
  const ring = await page.evaluate(() => {
    const el = document.activeElement;
    const s = getComputedStyle(el);
    return { tag: el.tagName, visible: el.matches(':focus-visible'), style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
  });
  assert.ok(ring.visible && ring.style !== 'none' && ring.width >= 2, `${what}: no visible focus on ${ring.tag}: ${JSON.stringify(ring)}`);
}

// Presses Tab until `selector` has the focus (at most `max` times).
export async function tabTo(page, selector, max = 40) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement && document.activeElement.matches(s), selector)) return;
  }
  assert.fail(`Tab never reached ${selector}`);
}
