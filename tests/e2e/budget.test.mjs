// budget.test.mjs - SPEC 7: all JavaScript and CSS of the browser application
// together stay within 100 KB (uncompressed) as the browser receives them from
// the real server (which leaves out comment lines, blank lines and
// indentation, src/http/static.c static_trim), and none of it is inline or
// fetched from elsewhere.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { WEB } from './harness.mjs';
import { startServer } from '../api/harness.mjs';

const BUDGET = 100 * 1024;

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

test('every script and style sheet together, as served, stays within 100 KB', async () => {
  const assets = files(WEB).filter((f) => /\.(js|mjs|css)$/.test(f));
  assert.ok(assets.length >= 2, 'the application has scripts and styles');
  const h = await startServer({ args: ['--web-root', WEB] });
  try {
    let source = 0;
    const sizes = [];
    for (const f of assets) {
      const path = `/${relative(WEB, f)}`;
      const res = await fetch(`${h.url}${path}`);
      assert.equal(res.status, 200, path);
      const served = Buffer.from(await res.arrayBuffer()).length;
      source += statSync(f).size;
      sizes.push([path, served]);
    }
    const total = sizes.reduce((sum, [, n]) => sum + n, 0);
    console.log(`web JS + CSS: ${total} bytes served (${source} in the source files) in ${assets.length} files (budget ${BUDGET})`);
    assert.ok(total <= BUDGET, `${total} bytes > ${BUDGET}: ${sizes.map(([f, n]) => `${f} ${n}`).join(', ')}`);
  } finally {
    await h.stop();
  }
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
