// cli.test.mjs - the `helhet` command: version and help for every command,
// exit codes, and clear failures for the mistakes an operator makes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, existsSync, statSync, chmodSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { cli, makeDatabase, startServer, newDatabase, databaseExists, dbEnv, keyFile, anchorFile, ENGINE } from './harness.mjs';

function tempDir() {
  return mkdtempSync(join(tmpdir(), 'helhet-cli-'));
}

// Runs a test body with a fresh database and removes it afterwards.
async function withDatabase(fn) {
  const d = makeDatabase();
  try {
    await fn(d);
  } finally {
    rmSync(d.dir, { recursive: true, force: true });
  }
}

test('--version prints the version and exits 0', () => {
  const r = cli(['--version']);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /^helhet \d+\.\d+\.\d+\S*\n$/);
  assert.equal(r.stderr, '');
});

test('--help lists every command and exits 0', () => {
  for (const flag of ['--help', '-h', 'help']) {
    const r = cli([flag]);
    assert.equal(r.status, 0, flag);
    for (const c of ['init', 'migrate', 'demo', 'serve', 'user add', 'token create', 'tenant add', 'tenant list', '--db']) {
      assert.ok(r.stdout.includes(c), `${flag}: ${c} missing from\n${r.stdout}`);
    }
  }
});

const HELP = {
  init: [['init', '--help'], ['--db', '--tenant', '--name', '--municipality-number', '--config']],
  migrate: [['migrate', '--help'], ['--db', '--config']],
  serve: [['serve', '--help'], ['--db', '--listen', '--threads', '--max-body', '--idle-timeout', '--log-level', '--no-access-log', '--config']],
  user: [['user', '--help'], ['add', '--username', '--role', '--staff-id', '--person-id', '--password', '--no-password', '--tenant', '--db', '--config']],
  'user add': [['user', 'add', '--help'], ['--username', '--role', '--password', '--db']],
  'user deactivate': [['user', 'deactivate', '--help'], ['deactivate', 'reactivate', '--user', '--db']],
  token: [['token', '--help'], ['create', '--user', '--label', '--days', '--db', '--config']],
  'token create': [['token', 'create', '--help'], ['--user', '--label', '--days', '--db']],
  tenant: [['tenant', '--help'], ['add', 'list', '--slug', '--name', '--municipality-number', '--db', '--config']],
  'tenant add': [['tenant', 'add', '--help'], ['--slug', '--name', '--municipality-number', '--db']],
  'tenant list': [['tenant', 'list', '--help'], ['list', '--db']],
};

for (const [name, [args, options]] of Object.entries(HELP)) {
  test(`${name} --help exits 0 and names its options`, () => {
    const r = cli(args);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^usage: helhet /);
    for (const o of options) assert.ok(r.stdout.includes(o), `${o} missing from\n${r.stdout}`);
    // -h too
    const short = cli([...args.slice(0, -1), '-h']);
    assert.equal(short.status, 0);
    assert.equal(short.stdout, r.stdout);
  });
}

test('demo --help exits 0 and names its options', () => {
  const r = cli(['demo', '--help']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^usage: helhet demo/);
  for (const o of ['--db', '--scale']) assert.ok(r.stdout.includes(o), `${o} missing from\n${r.stdout}`);
});

test('demo creates Fjordvik kommune once; a second run on that database fails clearly', () => {
  const dir = tempDir();
  try {
    const db = newDatabase(dir, 'demo');
    let r = cli(['demo', '--db', db]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^Created Fjordvik kommune in /);
    assert.match(r.stdout, /Demo log-ins \(password for all: demo-passord\)/);
    for (const login of ['admin', 'koordinator', 'ke', 'nav', 'kari']) {
      assert.match(r.stdout, new RegExp(`^  ${login} `, 'm'), `log-in ${login} missing from\n${r.stdout}`);
    }
    r = cli(['demo', '--db', db]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /already holds a municipality.*nothing was written/);
    assert.equal(r.stdout, '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('demo --scale outside 1 to 200 exits 2 and creates nothing', () => {
  const dir = tempDir();
  try {
    const db = newDatabase(dir, 'demo');
    for (const scale of ['0', '201']) {
      const r = cli(['demo', '--db', db, '--scale', scale]);
      assert.equal(r.status, 2, `--scale ${scale}: ${r.stderr}`);
      assert.match(r.stderr, /--scale must be a whole number from 1 to 200/);
      assert.ok(!databaseExists(db), `--scale ${scale} created the database`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an unknown command or option exits 2 with the usage on stderr', () => {
  let r = cli(['frobnicate']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unknown command 'frobnicate'/);
  assert.match(r.stderr, /usage: helhet/);
  assert.equal(r.stdout, '');
  r = cli([]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /usage: helhet/);
  for (const args of [['init', '--bogus'], ['migrate', '--bogus'], ['serve', '--bogus'], ['user', 'add', '--bogus'],
    ['token', 'create', '--bogus'], ['user', 'remove'], ['token', 'revoke'], ['user'], ['token'],
    ['tenant'], ['tenant', 'remove'], ['tenant', 'add', '--bogus'], ['tenant', 'list', '--bogus']]) {
    r = cli(args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /usage: helhet/, args.join(' '));
  }
  r = cli(['serve', 'extra']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unexpected argument 'extra'/);
});

test('token create prints only the token', async () => {
  await withDatabase((d) => {
    const r = cli(['token', 'create', '--db', d.db, '--user', 'admin', '--label', 'test', '--days', '30']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^hh_[A-Za-z0-9_-]{43}\n$/);
    assert.equal(r.stdout.trim().split('\n').length, 1);
    assert.equal(r.stderr, '');
    const again = cli(['token', 'create', '--db', d.db, '--user', 'admin']);
    assert.notEqual(again.stdout, r.stdout);
    // the harness's token came the same way
    assert.match(d.token, /^hh_[A-Za-z0-9_-]{43}$/);
    const none = cli(['token', 'create', '--db', d.db]);
    assert.equal(none.status, 2);
    assert.match(none.stderr, /--user is required/);
  });
});

test('user add: a taken username fails with a clear message', async () => {
  await withDatabase((d) => {
    const r = cli(['user', 'add', '--db', d.db, '--username', 'admin', '--role', 'staff', '--password', 'passord-123']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /username 'admin' is already taken/);
    assert.equal(r.stdout, '');
    const ok = cli(['user', 'add', '--db', d.db, '--username', 'ola.nordmann', '--role', 'citizen', '--password', 'passord-123']);
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /created user ola\.nordmann \(account \d+, role citizen\)/);
  });
});

test('user add: bad usernames, roles and passwords fail clearly', async () => {
  await withDatabase((d) => {
    const add = (args, input) => cli(['user', 'add', '--db', d.db, ...args], { input });
    let r = add(['--username', 'Ola Nordmann', '--password', 'passord-123']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /username may hold only/);
    r = add(['--username', 'x'.repeat(65), '--password', 'passord-123']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /1 to 64 characters/);
    r = add(['--username', 'sjef', '--role', 'boss', '--password', 'passord-123']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /role must be admin, staff or citizen/);
    r = add(['--username', 'kort', '--password', 'kort']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /at least 8 characters/);
    r = add(['--username', 'kort'], 'kort\n');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /at least 8 characters/);
    r = add(['--username', 'tom'], '');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /password on standard input, or --no-password/);
    r = cli(['user', 'add', '--db', d.db, '--password', 'passord-123']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--username is required/);
    r = add(['--username', 'maskin', '--no-password']);
    assert.equal(r.status, 0, r.stderr);
  });
});

test('init twice on one database fails clearly; migrate says the schema version', async () => {
  const dir = tempDir();
  try {
    // (an SQLite file in a directory that is not there yet)
    const db = ENGINE === 'sqlite' ? `sqlite:${join(dir, 'sub', 'helhet.db')}` : newDatabase(dir, 'helhet');
    const env = dbEnv(db);
    let r = cli(['init', '--db', db, '--tenant', 'alta', '--name', 'Alta kommune', '--municipality-number', '5601']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /created tenant alta \(id \d+\)/);
    assert.match(r.stderr, /applied \d+ migration/);
    assert.ok(databaseExists(db), 'init creates the database (and the directory of an SQLite file)');

    r = cli(['init', '--db', db, '--tenant', 'alta', '--name', 'Alta kommune']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /tenant 'alta' exists already/);
    assert.equal(r.stdout, '');

    r = cli(['migrate', '--db', db]);
    assert.equal(r.status, 0, r.stderr);
    const m = r.stdout.match(/^schema version (\d+)\n$/);
    assert.ok(m, r.stdout);
    assert.ok(Number(m[1]) >= 1);
    assert.doesNotMatch(r.stderr, /applied/);
    const again = cli(['migrate', '--db', db]);
    assert.equal(again.stdout, r.stdout);

    // settings: flag over environment over config file
    const conf = join(dir, 'helhet.conf');
    writeFileSync(conf, `# test\ndb = ${db}\n`);
    r = cli(['migrate', '--config', conf], { env });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, again.stdout);
    r = cli(['migrate'], { env: { ...env, HELHET_DB: db } });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, again.stdout);
    const missing = newDatabase(dir, 'missing');
    r = cli(['migrate', '--config', conf], { env: { ...env, HELHET_DB: missing } });
    assert.notEqual(r.status, 0, 'the environment wins over the config file');
    r = cli(['migrate', '--db', db], { env: { HELHET_DB: missing } });
    assert.equal(r.status, 0, 'the flag wins over the environment');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('commands on a database that does not exist fail clearly and create nothing', () => {
  const dir = tempDir();
  try {
    const missing = newDatabase(dir, 'missing');
    for (const args of [['migrate'], ['user', 'add', '--username', 'x', '--no-password'], ['token', 'create', '--user', 'x'],
      ['serve', '--listen', '127.0.0.1:0']]) {
      const r = cli([...args, '--db', missing]);
      assert.equal(r.status, 1, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, ENGINE === 'sqlite' ? /cannot open database/ : /cannot connect to PostgreSQL: .*database "\w+" does not exist/);
      assert.ok(!databaseExists(missing), `${args.join(' ')} created the database`);
    }
    const r = cli(['migrate', '--db', 'mysql://helhet:hemmelig@localhost/helhet']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /unsupported database URL 'mysql:\/\/\.\.\.' \(use sqlite:PATH or postgres:\/\/HOST\/NAME\)/);
    assert.doesNotMatch(r.stderr, /hemmelig/, 'a password in the URL is never printed');
    // a PostgreSQL server that is not there: said plainly, once
    const p = cli(['migrate', '--db', 'postgres://127.0.0.1:1/helhet']);
    assert.equal(p.status, 1);
    assert.match(p.stderr, /cannot connect to PostgreSQL: .*127\.0\.0\.1.*refused/);
    const c = cli(['migrate', '--config', join(dir, 'nope.conf')]);
    assert.equal(c.status, 2);
    assert.match(c.stderr, /cannot read config file/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('serve refuses bad settings before listening', async () => {
  await withDatabase((d) => {
    for (const [args, re] of [
      [['--threads', '0'], /--threads must be from 1 to 256/],
      [['--threads', '300'], /--threads must be from 1 to 256/],
      [['--max-body', '10'], /--max-body must be/],
      [['--log-level', 'loud'], /unknown log level 'loud'/],
    ]) {
      const r = cli(['serve', '--db', d.db, '--listen', '127.0.0.1:0', ...args]);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, re);
    }
    for (const listen of ['nonsense', '127.0.0.1:99999', '999.1.1.1:80']) {
      const r = cli(['serve', '--db', d.db, '--listen', listen]);
      assert.equal(r.status, 1, `${listen}: ${r.stderr}`);
      assert.match(r.stderr, /--listen must be|invalid port|invalid address/);
    }
  });
});

// ---- files for the owner only, and the key file (issue 11, points 7 and 8) --

const mode = (f) => (statSync(f).mode & 0o777).toString(8);

// The files beside a database that belong to its owner only: an SQLite
// database is a file (with its -wal, -shm and the audit journal -audit beside
// it); a PostgreSQL database is its server's, and only the key file and the
// anchor file are Helhet's.
test('init, demo and serve make the database, its -wal and -shm, the journal, the key and the anchor 0600', async () => {
  const dir = tempDir();
  const sqlite = ENGINE === 'sqlite';
  const named = (db) => (sqlite ? [db.replace(/^sqlite:/, '')] : []);
  const esc = (f) => basename(f).replace(/\./g, '\\.');
  try {
    // init: the database and the key file, with a message naming the key
    let db = newDatabase(dir, 'a');
    let r = cli(['init', '--db', db]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`created the key file .*${esc(keyFile(db))} \\(key [0-9a-f]{16}, mode 0600\\); keep it apart from the database`));
    for (const f of [...named(db), keyFile(db)]) assert.equal(mode(f), '600', f);
    // demo
    const d = newDatabase(dir, 'd');
    r = cli(['demo', '--db', d]);
    assert.equal(r.status, 0, r.stderr);
    for (const f of [...named(d), keyFile(d)]) assert.equal(mode(f), '600', f);
    // serve: while it runs, every file beside the database
    const h = await startServer({ database: { db: d, dir, token: null } });
    try {
      for (let i = 0; i < 50 && !existsSync(anchorFile(d)); i++) await new Promise((res) => setTimeout(res, 100));
      const prefix = basename(keyFile(d)).replace(/\.key$/, '');
      const files = readdirSync(dir).filter((f) => f.startsWith(prefix));
      const expected = sqlite ? ['d.db', 'd.db-wal', 'd.db-shm', 'd.db-audit', 'd.db.key', 'd.db.anchor'] : ['d.key', 'd.anchor'];
      for (const f of expected) assert.ok(files.includes(f), `${f} in ${files}`);
      for (const f of files) assert.equal(mode(join(dir, f)), '600', f);
    } finally {
      await h.stop();
    }
    // a database file made 0644 by an earlier version is made 0600 when opened
    if (sqlite) {
      chmodSync(join(dir, 'a.db'), 0o644);
      r = cli(['migrate', '--db', db]);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(mode(join(dir, 'a.db')), '600');
    }
    // the key file elsewhere: --key-file, HELHET_KEY_FILE or the config's key_file
    db = newDatabase(dir, 'b');
    r = cli(['init', '--db', db, '--key-file', join(dir, 'elsewhere.key')]);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(!existsSync(keyFile(db)));
    assert.equal(mode(join(dir, 'elsewhere.key')), '600');
    writeFileSync(join(dir, 'helhet.conf'), `key_file = ${join(dir, 'elsewhere.key')}\n`);
    // (without the HELHET_KEY_FILE the harness sets for a PostgreSQL database)
    r = cli(['migrate', '--db', db, '--config', join(dir, 'helhet.conf')], { env: { HELHET_KEY_FILE: undefined } });
    assert.equal(r.status, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /created the key file/);
    // a key file others may read is refused
    chmodSync(join(dir, 'elsewhere.key'), 0o604);
    r = cli(['migrate', '--db', db], { env: { HELHET_KEY_FILE: join(dir, 'elsewhere.key') } });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /may be read by others \(mode 604\); only its owner may read it/);
    // and one that is not a key file
    writeFileSync(join(dir, 'bad.key'), 'not a key\n', { mode: 0o600 });
    r = cli(['migrate', '--db', db, '--key-file', join(dir, 'bad.key')]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /is not a Helhet key file/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--key-file and --audit-anchor are documented', () => {
  for (const cmd of [['init'], ['migrate'], ['serve'], ['audit', 'verify']]) {
    const r = cli([...cmd, '--help']);
    assert.equal(r.status, 0, r.stderr);
    for (const o of ['--key-file', '--audit-anchor']) assert.ok(r.stdout.includes(o), `${cmd.join(' ')}: ${o}`);
  }
  const v = cli(['audit', 'verify', '--help']).stdout;
  for (const w of ['rebuilt', 'anchor file', 'key file', 'cut short', 'journal']) assert.ok(v.includes(w), w);
});
