// schema.test.mjs - the two engines' schemas do not drift apart: after
// `helhet init` on SQLite and on PostgreSQL (each applying its own numbered
// migrations), scripts/schema-compare.mjs finds the same tables, columns
// (types mapped), keys, foreign keys, indexes, CHECK constraints and triggers.
// Runs where the tests have a PostgreSQL server ($HELHET_TEST_PG: the
// PostgreSQL pass of `make test`).
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, newDatabase, PG } from './harness.mjs';

const COMPARE = new URL('../../scripts/schema-compare.mjs', import.meta.url).pathname;
const MIGRATIONS = new URL('../../src/store/migrations/', import.meta.url).pathname;
const skip = PG ? false : 'needs PostgreSQL ($HELHET_TEST_PG; make test runs it in its PostgreSQL pass)';

test('both engines carry the same migrations, by number and name', () => {
  const sqlite = readdirSync(join(MIGRATIONS, 'sqlite')).filter((f) => f.endsWith('.sql')).sort();
  const postgres = readdirSync(join(MIGRATIONS, 'postgres')).filter((f) => f.endsWith('.sql')).sort();
  assert.deepEqual(postgres, sqlite);
});

test('after init, the SQLite and the PostgreSQL schema match', { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'helhet-schema-'));
  try {
    const file = join(dir, 'schema.db');
    let r = cli(['init', '--db', `sqlite:${file}`, '--name', 'Testkommune', '--tenant', 'test']);
    assert.equal(r.status, 0, r.stderr);
    const pg = newDatabase(dir, 'schema');
    r = cli(['init', '--db', pg, '--name', 'Testkommune', '--tenant', 'test']);
    assert.equal(r.status, 0, r.stderr);
    const c = spawnSync('node', [COMPARE, '-q', file, pg], { encoding: 'utf8' });
    assert.equal(c.status, 0, `the schemas differ:\n${c.stdout}${c.stderr}`);
    assert.match(c.stdout, /the schemas match \(\d+ tables\)/);

    // and the checker is not blind: a column and an index gone on one side
    // are both named
    const q = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', pg, '-c',
      'ALTER TABLE goals DROP COLUMN author_person_id; DROP INDEX audit_log_tenant;'], { encoding: 'utf8' });
    assert.equal(q.status, 0, q.stderr);
    const d = spawnSync('node', [COMPARE, '-q', file, pg], { encoding: 'utf8' });
    assert.equal(d.status, 1, d.stdout + d.stderr);
    assert.match(d.stdout + d.stderr, /author_person_id/);
    assert.match(d.stdout + d.stderr, /audit_log_tenant/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
