// bench/page.mjs - run (p) of `make bench`: how soon the plan page is usable
// in a real browser (SPEC 7: <= 200 ms), measured by the browser's own clocks.
//
//   node bench/page.mjs BASE_URL USERNAME PASSWORD BIN DB [COUNT]
//
// Logs in through the log-in page as a coordinator of the bench database
// (password and the one-time code from `helhet user otp`), lists COUNT (20)
// of that coordinator's plans, and opens each at /app/plans/{id} as a fresh
// navigation (a full page load: the HTML, revalidated; the ES modules and
// stylesheets, from the browser's cache since the log-in loaded them at this
// version (src/http/static.c, versioned references); the words and the API
// calls; the rendering). For each it reads:
//   ready          navigation start -> the mark `helhet:plan-ready`, which
//                  views/plan.js sets when the plan is rendered with its
//                  controls enabled (performance.mark; the time is relative
//                  to the navigation's timeOrigin): "interactive"
//   domInteractive navigation start -> the HTML parsed (PerformanceNavigationTiming)
//   read           navigation start -> the plan answered (mark helhet:plan-read)
// Then "cold": 5 first visits, each in a new browser context with the
// session but an empty cache (every module and style fetched).
// It prints one line for run.sh:
//   BENCH name=p n=20 ready_p50_ms= ready_p95_ms= ready_max_ms= dom_p50_ms= dom_p95_ms=
//         read_p50_ms= cold_n=5 cold_p50_ms= cold_max_ms= assets_bytes= loaded_bytes= target_ms=200
// assets_bytes: every .js and .css under web/ as the server sends them (what
// budget.test.mjs counts); loaded_bytes: the JS and CSS one plan page loaded.
// Chromium: $CHROMIUM or /usr/bin/chromium, headless, as tests/e2e/harness.mjs.
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const require = createRequire(new URL('../tests/package.json', import.meta.url));
const playwright = await import(require.resolve('playwright-core'));
const chromium = playwright.chromium || playwright.default.chromium;

const [base, username, password, bin, db, countArg] = process.argv.slice(2);
if (!db) {
  console.error('usage: node bench/page.mjs BASE_URL USERNAME PASSWORD BIN DB [COUNT]');
  process.exit(2);
}
const count = Number(countArg || 20);
const WEB = new URL('../web/', import.meta.url).pathname;

function files(dir) {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}
// bytes as served (the server trims comments and indentation, static_trim)
const served = new Map();
async function servedBytes(path) {
  if (!served.has(path)) served.set(path, (await (await fetch(`${base}${path}`)).arrayBuffer()).byteLength);
  return served.get(path);
}
const assets = files(WEB).filter((f) => /\.(js|css)$/.test(f)).map((f) => `/${f.slice(WEB.length)}`);
let assetsBytes = 0;
for (const p of assets) assetsBytes += await servedBytes(p);

function quantile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: process.getuid && process.getuid() === 0 ? ['--no-sandbox'] : [],
});
try {
  const context = await browser.newContext({ baseURL: base, locale: 'nb-NO', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));

  await page.goto('/app/login');
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.locator('#password').press('Enter');
  await page.locator('#otp').waitFor({ state: 'visible' });
  const otp = execFileSync(bin, ['user', 'otp', '--db', db, '--user', username], { encoding: 'utf8' }).trim();
  await page.locator('#otp').fill(otp);
  await page.locator('#otp').press('Enter');
  await page.locator('#user-nav').waitFor({ state: 'visible' });

  const ids = await page.evaluate(async (n) => {
    const me = await (await fetch('/api/v1/me')).json();
    const r = await (await fetch(`/api/v1/plans?coordinator_id=${me.staff_id}&limit=${n}`)).json();
    return r.items.map((p) => p.id);
  }, count);
  if (!ids.length) throw new Error(`${username} coordinates no plans`);

  // One plan page as a new navigation: the browser's clocks for it.
  async function measure(pg, id) {
    await pg.goto(`/app/plans/${id}`);
    await pg.waitForFunction(() => performance.getEntriesByName('helhet:plan-ready').length > 0, null, { timeout: 10000 });
    return pg.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const mark = performance.getEntriesByName('helhet:plan-ready')[0];
      const assets = performance.getEntriesByType('resource').map((r) => new URL(r.name).pathname).filter((p) => /\.(js|css)$/.test(p));
      return { ready: mark.startTime, dom: nav.domInteractive, read: performance.getEntriesByName('helhet:plan-read')[0].startTime, assets };
    });
  }

  // warm: the browser has the application (it logged in through it)
  const ready = [];
  const dom = [];
  const read = [];
  let loaded = 0;
  for (const id of ids) {
    const t = await measure(page, id);
    ready.push(t.ready);
    dom.push(t.dom);
    read.push(t.read);
    let bytes = 0;
    for (const p of new Set(t.assets)) bytes += await servedBytes(p);
    loaded = Math.max(loaded, bytes);
  }
  // cold: a first visit, with the session but an empty cache (a new context each)
  const cold = [];
  const state = await context.storageState();
  for (const id of ids.slice(0, 5)) {
    const c = await browser.newContext({ baseURL: base, locale: 'nb-NO', viewport: { width: 1280, height: 900 }, storageState: state });
    const pg = await c.newPage();
    pg.on('pageerror', (e) => errors.push(e.message));
    cold.push((await measure(pg, id)).ready);
    await c.close();
  }
  if (errors.length) throw new Error(`script errors in the page: ${errors.join('; ')}`);
  const f = (x) => x.toFixed(1);
  console.log(`BENCH name=p n=${ids.length} ready_p50_ms=${f(quantile(ready, 0.5))} ready_p95_ms=${f(quantile(ready, 0.95))} `
    + `ready_max_ms=${f(Math.max(...ready))} dom_p50_ms=${f(quantile(dom, 0.5))} dom_p95_ms=${f(quantile(dom, 0.95))} `
    + `read_p50_ms=${f(quantile(read, 0.5))} cold_n=${cold.length} cold_p50_ms=${f(quantile(cold, 0.5))} cold_max_ms=${f(Math.max(...cold))} `
    + `assets_bytes=${assetsBytes} loaded_bytes=${loaded} target_ms=200`);
} finally {
  await browser.close();
}
