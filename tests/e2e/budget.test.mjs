// budget.test.mjs - SPEC 7: the JavaScript and CSS one page loads stay
// within 100 KB as the real server serves them (it leaves out comment lines,
// blank lines and indentation, src/http/static.c static_trim, and sends text
// gzip-compressed to a browser that accepts it), because each page's modules
// are loaded when the page is opened (web/js/app.js); and none of it is inline
// or fetched from elsewhere.
//
// Each main page is opened in a fresh browser context (an empty cache) as the
// person who uses it, and the scripts and style sheets the browser fetched are
// summed: Resource Timing's encodedBodySize (the bytes as served, compressed:
// what the budget is about) and decodedBodySize (the same decoded), both in
// the report.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { WEB, startApp } from './harness.mjs';

const BUDGET = 100 * 1024;

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

let app;
before(async () => { app = await startApp(); });
after(async () => { await app.stop(); });

// The pages, by who opens them.
const PAGES = {
  koordinator: ['/app', '/app/plans/1', '/app/plans/1/history', '/app/plans/1/print', '/app/persons?q=kari', '/app/persons/1', '/app/cases/1'],
  ke: ['/app/overview', '/app/persons?entitled=1'],
  kari: ['/app/plans/1'],
};

test('the scripts and style sheets one page loads, as served, stay within 100 KB', async () => {
  const problems = [];
  const report = [];
  for (const [user, paths] of Object.entries(PAGES)) {
    const login = await app.page();
    await app.login(login, user);
    const state = await login.context().storageState();
    for (const path of paths) {
      const context = await app.browser.newContext({ baseURL: app.url, storageState: state, locale: 'nb-NO' });
      try {
        const page = await context.newPage();
        await page.goto(path);
        await page.locator('main h1').first().waitFor();
        await page.waitForLoadState('networkidle');
        const assets = await page.evaluate(() => performance.getEntriesByType('resource')
          .filter((r) => /\.(m?js|css)$/.test(new URL(r.name).pathname))
          .map((r) => [new URL(r.name).pathname, r.encodedBodySize, r.decodedBodySize]));
        const total = assets.reduce((sum, [, n]) => sum + n, 0);
        const decoded = assets.reduce((sum, [, , n]) => sum + n, 0);
        report.push(`${user} ${path}: ${total} bytes served (compressed), ${decoded} decoded, in ${assets.length} files`);
        if (!assets.some(([name]) => name === '/js/app.js')) problems.push(`${user} ${path}: app.js was not among the resources measured`);
        // the browser asks for gzip: what it loaded must have come compressed
        if (!(total < decoded)) problems.push(`${user} ${path}: ${total} bytes served for ${decoded} decoded: not compressed`);
        if (total > BUDGET) problems.push(`${user} ${path}: ${total} bytes > ${BUDGET}: ${assets.map(([f, n]) => `${f} ${n}`).join(', ')}`);
      } finally {
        await context.close();
      }
    }
  }
  console.log(`web JS + CSS per page (budget ${BUDGET} bytes as served):\n${report.join('\n')}`);
  assert.deepEqual(problems, [], problems.join('\n'));
});

test('no inline script or style, no innerHTML, nothing from another site', () => {
  for (const f of files(WEB)) {
    const text = readFileSync(f, 'utf8');
    const name = relative(WEB, f);
    if (name.endsWith('.html')) {
      assert.doesNotMatch(text, /<script(?![^>]*\bsrc=)[^>]*>/, `${name}: inline <script>`);
      assert.doesNotMatch(text, /<style|\sstyle=|\son[a-z]+=/i, `${name}: inline style or handler`);
    }
    if (/\.(js|mjs)$/.test(name)) {
      assert.doesNotMatch(text, /\.innerHTML|\.outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function/, `${name}: builds HTML from text`);
    }
    assert.doesNotMatch(text, /(src|href)=["']?(https?:)?\/\//i, `${name}: loads something from another site`);
    assert.doesNotMatch(text, /import\s[^;]*from\s+['"]https?:/, `${name}: imports from another site`);
  }
});
