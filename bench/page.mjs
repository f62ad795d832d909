// bench/page.mjs - run (p) of `make bench`: how soon the plan page is usable
// in a real browser (SPEC 7: <= 200 ms), measured by the browser's own clocks.
//
//   node bench/page.mjs BASE_URL USERNAME PASSWORD BIN DB [COUNT [CITIZEN CITIZEN_PASSWORD]]
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
// Then the bytes of each main page: Mine saker (/app), the plan page, the
// person page (the first plan's person) as the coordinator, and the citizen's
// own plan page (CITIZEN, a citizen account with a password and no one-time
// code, e.g. the demo's kari), each opened in a new browser context with the
// session and an empty cache; the scripts and style sheets it loaded are
// summed as budget.test.mjs does (Resource Timing's encodedBodySize: the
// bytes as served, gzip-compressed; decodedBodySize: decoded).
// It prints one line for run.sh:
//   BENCH name=p n=20 ready_p50_ms= ready_p95_ms= ready_max_ms= dom_p50_ms= dom_p95_ms=
//         read_p50_ms= cold_n=5 cold_p50_ms= cold_max_ms= assets_bytes= assets_gz_bytes=
//         loaded_bytes= loaded_gz_bytes= page_home= page_plan= page_person= page_citizen=
//         target_ms=200
// assets_bytes / assets_gz_bytes: every .js and .css under web/ as the server
// sends them (trimmed), plain / gzip-compressed; loaded_bytes /
// loaded_gz_bytes: the JS and CSS one plan page loaded, the same two ways;
// page_<name>=<compressed>/<decoded>/<files>: one main page's JS and CSS
// ("-" when it could not be measured: no CITIZEN given).
// Chromium: $CHROMIUM or /usr/bin/chromium, headless, as tests/e2e/harness.mjs.
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const require = createRequire(new URL('../tests/package.json', import.meta.url));
const playwright = await import(require.resolve('playwright-core'));
const chromium = playwright.chromium || playwright.default.chromium;

const [base, username, password, bin, db, countArg, citizen, citizenPassword] = process.argv.slice(2);
if (!db) {
  console.error('usage: node bench/page.mjs BASE_URL USERNAME PASSWORD BIN DB [COUNT [CITIZEN CITIZEN_PASSWORD]]');
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
// bytes as served (the server trims comments and indentation, static_trim),
// [plain, gzip-compressed]: fetch asks for gzip and decodes it; the
// Content-Length is what came over the wire
const served = new Map();
async function servedBytes(path) {
  if (!served.has(path)) {
    const res = await fetch(`${base}${path}`, { headers: { 'Accept-Encoding': 'gzip' } });
    const plain = (await res.arrayBuffer()).byteLength;
    const gz = res.headers.get('content-encoding') === 'gzip' ? Number(res.headers.get('content-length')) : plain;
    served.set(path, [plain, gz]);
  }
  return served.get(path);
}
const assets = files(WEB).filter((f) => /\.(js|css)$/.test(f)).map((f) => `/${f.slice(WEB.length)}`);
let assetsBytes = 0;
let assetsGzBytes = 0;
for (const p of assets) {
  const [plain, gz] = await servedBytes(p);
  assetsBytes += plain;
  assetsGzBytes += gz;
}

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

  const { ids, person } = await page.evaluate(async (n) => {
    const me = await (await fetch('/api/v1/me')).json();
    const r = await (await fetch(`/api/v1/plans?coordinator_id=${me.staff_id}&limit=${n}`)).json();
    return { ids: r.items.map((p) => p.id), person: r.items.length ? r.items[0].person_id : null };
  }, count);
  if (!ids.length) throw new Error(`${username} coordinates no plans`);
  if (!person) throw new Error(`plan ${ids[0]} names no person_id`);

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
  let loadedGz = 0;
  for (const id of ids) {
    const t = await measure(page, id);
    ready.push(t.ready);
    dom.push(t.dom);
    read.push(t.read);
    let bytes = 0;
    let gzBytes = 0;
    for (const p of new Set(t.assets)) {
      const [plain, gz] = await servedBytes(p);
      bytes += plain;
      gzBytes += gz;
    }
    loaded = Math.max(loaded, bytes);
    loadedGz = Math.max(loadedGz, gzBytes);
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
  // The main pages' bytes, each a first visit with the session (an empty cache).
  async function pageBytes(storageState, path) {
    const c = await browser.newContext({ baseURL: base, locale: 'nb-NO', viewport: { width: 1280, height: 900 }, storageState });
    try {
      const pg = await c.newPage();
      pg.on('pageerror', (e) => errors.push(e.message));
      await pg.goto(path);
      await pg.locator('main h1').first().waitFor();
      await pg.waitForLoadState('networkidle');
      const got = await pg.evaluate(() => performance.getEntriesByType('resource')
        .filter((r) => /\.(m?js|css)$/.test(new URL(r.name).pathname))
        .map((r) => [r.encodedBodySize, r.decodedBodySize]));
      const sum = (i) => got.reduce((n, r) => n + r[i], 0);
      return `${sum(0)}/${sum(1)}/${got.length}`;
    } finally {
      await c.close();
    }
  }
  const pages = {
    home: await pageBytes(state, '/app'),
    plan: await pageBytes(state, `/app/plans/${ids[0]}`),
    person: await pageBytes(state, `/app/persons/${person}`),
    citizen: '-',
  };
  if (citizen) {
    const c = await browser.newContext({ baseURL: base, locale: 'nb-NO' });
    const pg = await c.newPage();
    await pg.goto('/app/login');
    await pg.locator('#username').fill(citizen);
    await pg.locator('#password').fill(citizenPassword);
    await pg.locator('#password').press('Enter');
    await pg.locator('#user-nav').waitFor({ state: 'visible' });
    const own = await pg.evaluate(async () => (await (await fetch('/api/v1/plans?limit=1')).json()).items.map((p) => p.id));
    const citizenState = await c.storageState();
    await c.close();
    if (!own.length) throw new Error(`${citizen} has no plan`);
    pages.citizen = await pageBytes(citizenState, `/app/plans/${own[0]}`);
  }
  if (errors.length) throw new Error(`script errors in the page: ${errors.join('; ')}`);
  const f = (x) => x.toFixed(1);
  console.log(`BENCH name=p n=${ids.length} ready_p50_ms=${f(quantile(ready, 0.5))} ready_p95_ms=${f(quantile(ready, 0.95))} `
    + `ready_max_ms=${f(Math.max(...ready))} dom_p50_ms=${f(quantile(dom, 0.5))} dom_p95_ms=${f(quantile(dom, 0.95))} `
    + `read_p50_ms=${f(quantile(read, 0.5))} cold_n=${cold.length} cold_p50_ms=${f(quantile(cold, 0.5))} cold_max_ms=${f(Math.max(...cold))} `
    + `assets_bytes=${assetsBytes} assets_gz_bytes=${assetsGzBytes} loaded_bytes=${loaded} loaded_gz_bytes=${loadedGz} `
    + `${Object.entries(pages).map(([k, v]) => `page_${k}=${v}`).join(' ')} target_ms=200`);
} finally {
  await browser.close();
}
