// budget.test.mjs - SPEC 7: all JavaScript and CSS of the browser application
// together stay within 100 KB (uncompressed), and none of it is inline or
// fetched from elsewhere.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { WEB } from './harness.mjs';

const BUDGET = 100 * 1024;

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

test('web/**/*.js and *.css together stay within 100 KB', () => {
  const assets = files(WEB).filter((f) => /\.(js|mjs|css)$/.test(f));
  assert.ok(assets.length >= 2, 'the application has scripts and styles');
  const sizes = assets.map((f) => [relative(WEB, f), statSync(f).size]);
  const total = sizes.reduce((sum, [, n]) => sum + n, 0);
  console.log(`web JS + CSS: ${total} bytes in ${assets.length} files (budget ${BUDGET})`);
  assert.ok(total <= BUDGET, `${total} bytes > ${BUDGET}: ${sizes.map(([f, n]) => `${f} ${n}`).join(', ')}`);
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
