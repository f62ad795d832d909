#!/usr/bin/env node
// Schema-drift checker: compares the schema of a SQLite database with that of
// a PostgreSQL database, as the migrations of both engines leave them.
//
//   node scripts/schema-compare.mjs [-q] SQLITE_FILE POSTGRES_URL
//
// Prints a normalised description of both schemas (unless -q) and then every
// difference; exits 0 when they match, 1 when they differ, 2 on error.
//
// Compared per table: columns (type INTEGER<->bigint, TEXT<->text,
// REAL<->double precision, BLOB<->bytea; nullability; default; an
// auto-numbered key: SQLite's INTEGER PRIMARY KEY <-> an identity column),
// the primary key, unique constraints, foreign keys, indexes (name,
// uniqueness, columns, partial WHERE), CHECK constraints (count and
// normalised expression) and triggers (name, timing, event, UPDATE OF
// columns). Skipped: schema_migrations, SQLite's internal tables, and
// functions (PostgreSQL's compatibility and trigger functions).
//
// Needs the sqlite3 and psql command-line tools; no npm packages.
import { execFileSync } from 'node:child_process';

const SKIP_TABLES = new Set(['schema_migrations']);

function usage() {
    console.error('usage: node scripts/schema-compare.mjs [-q] SQLITE_FILE POSTGRES_URL');
    process.exit(2);
}

const args = process.argv.slice(2);
const quiet = args[0] === '-q';
if (quiet) args.shift();
if (args.length !== 2) usage();
const [sqliteFile, pgUrl] = args;

function run(cmd, argv) {
    try {
        return execFileSync(cmd, argv, { encoding: 'utf8', maxBuffer: 64 << 20 });
    } catch (err) {
        console.error(`schema-compare: ${cmd} failed: ${err.stderr || err.message}`);
        process.exit(2);
    }
}

// ---- normalisation shared by both engines

// Removes comments and collapses whitespace outside string literals,
// lowercases outside them, drops PostgreSQL casts (::text, ::bigint, ...).
function normSql(sql) {
    let out = '';
    for (let i = 0; i < sql.length; i++) {
        const c = sql[i];
        if (c === "'") {
            let j = i + 1;
            for (;;) {
                if (j >= sql.length) break;
                if (sql[j] === "'") {
                    if (sql[j + 1] === "'") j += 2;
                    else break;
                } else j++;
            }
            out += sql.slice(i, j + 1);
            i = j;
        } else if (c === '"') {
            // quoted identifier: keep its name, drop the quotes
            const j = sql.indexOf('"', i + 1);
            out += sql.slice(i + 1, j < 0 ? sql.length : j).toLowerCase();
            i = j < 0 ? sql.length : j;
        } else if (c === '-' && sql[i + 1] === '-') {
            const j = sql.indexOf('\n', i);
            out += ' ';
            i = j < 0 ? sql.length : j;
        } else {
            out += /\s/.test(c) ? ' ' : c.toLowerCase();
        }
    }
    out = out.replace(/::[a-z_]+( [a-z_]+)*(\[\])?/g, '');
    // x = any (array[a, b]) -> x in (a, b)  (PostgreSQL's form of IN lists)
    out = out.replace(/([a-z_][a-z_0-9.]*) = any \(array\[([^\]]*)\]\)/g, '$1 in ($2)');
    out = out.replace(/([a-z_][a-z_0-9.]*) <> all \(array\[([^\]]*)\]\)/g, '$1 not in ($2)');
    // a one-value IN list is an equality to PostgreSQL
    out = out.replace(/([a-z_][a-z_0-9.]*) in \(('(?:[^']|'')*'|-?\d+)\)/g, '$1 = $2');
    out = out.replace(/\s+/g, ' ').replace(/\( /g, '(').replace(/ \)/g, ')');
    out = out.replace(/ ?, ?/g, ', ').trim();
    return stripParens(out);
}

// Index of the parenthesis closing the one at `open`, outside string literals.
function closing(s, open) {
    let depth = 0;
    for (let i = open; i < s.length; i++) {
        if (s[i] === "'") {
            i++;
            while (i < s.length && !(s[i] === "'" && s[i + 1] !== "'")) i += s[i] === "'" ? 2 : 1;
        } else if (s[i] === '(') depth++;
        else if (s[i] === ')' && --depth === 0) return i;
    }
    return -1;
}

// Drops parentheses around the whole expression and around each operand of
// a top-level comparison ((a = 1) and (b = 2) stays as written otherwise).
function stripParens(s) {
    s = s.trim();
    while (s.startsWith('(') && closing(s, 0) === s.length - 1) s = s.slice(1, -1).trim();
    return s;
}

function normDefault(d) {
    if (d === null || d === undefined) return null;
    let v = normSql(String(d));
    if (/^-?\d+(\.\d+)?$/.test(v)) v = String(Number(v));
    return v;
}

// ---- SQLite

function sqliteQuery(sql) {
    const out = run('sqlite3', ['-readonly', '-json', sqliteFile, sql]).trim();
    return out ? JSON.parse(out) : [];
}

// SQLite's declared types by their PostgreSQL names (INTEGER is read and
// bound as 64 bits, so its counterpart is bigint, not integer).
const SQLITE_TYPES = { INTEGER: 'bigint', TEXT: 'text', REAL: 'double precision', BLOB: 'bytea' };

// The CHECK expressions of a CREATE TABLE statement, normalised.
function sqliteChecks(sql) {
    const s = normSql(sql);
    const checks = [];
    const re = /\bcheck ?\(/g;
    let m;
    while ((m = re.exec(s))) {
        const open = m.index + m[0].length - 1;
        const close = closing(s, open);
        checks.push(stripParens(s.slice(open + 1, close)));
        re.lastIndex = close;
    }
    return checks;
}

function sqliteSchema() {
    const tables = {};
    const master = sqliteQuery(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'",
    );
    for (const t of master.filter((r) => r.type === 'table')) {
        if (SKIP_TABLES.has(t.name)) continue;
        const q = t.name.replace(/'/g, "''");
        const cols = sqliteQuery(`SELECT * FROM pragma_table_xinfo('${q}') ORDER BY cid`);
        const checks = sqliteChecks(t.sql);
        const pkCols = cols.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
        // A single INTEGER PRIMARY KEY is the rowid: numbered automatically,
        // except in a one-row table (CHECK (id = 1)), where it never is.
        const rowid =
            pkCols.length === 1 && pkCols[0].type.toUpperCase() === 'INTEGER'
                ? pkCols[0].name
                : null;
        const singleton = rowid && checks.some((c) => c === `${rowid} = 1`);
        const info = {
            columns: cols.map((c) => ({
                name: c.name,
                type: SQLITE_TYPES[c.type.toUpperCase()] ?? `sqlite:${c.type || 'none'}`,
                notnull: Boolean(c.notnull || c.pk),
                default: normDefault(c.dflt_value),
                auto: c.name === rowid && !singleton,
            })),
            pk: pkCols.map((c) => c.name),
            uniques: [],
            fks: [],
            indexes: [],
            checks,
            triggers: [],
        };
        for (const ix of sqliteQuery(`SELECT * FROM pragma_index_list('${q}')`)) {
            const ixq = ix.name.replace(/'/g, "''");
            const icols = sqliteQuery(
                `SELECT name FROM pragma_index_info('${ixq}') ORDER BY seqno`,
            ).map((r) => r.name ?? '<expr>');
            if (ix.origin === 'u') info.uniques.push(icols);
            else if (ix.origin === 'c') {
                const sql = master.find((r) => r.type === 'index' && r.name === ix.name)?.sql ?? '';
                const n = normSql(sql);
                const w = n.match(/\bwhere (.*)$/);
                info.indexes.push({
                    name: ix.name,
                    unique: Boolean(ix.unique),
                    columns: icols,
                    where: w ? stripParens(w[1]) : null,
                });
            }
        }
        const fkRows = sqliteQuery(`SELECT * FROM pragma_foreign_key_list('${q}')`);
        const byId = new Map();
        for (const r of fkRows) {
            if (!byId.has(r.id)) byId.set(r.id, []);
            byId.get(r.id).push(r);
        }
        for (const rows of byId.values()) {
            rows.sort((a, b) => a.seq - b.seq);
            info.fks.push({
                from: rows.map((r) => r.from),
                table: rows[0].table,
                to: rows.map((r) => r.to), // null: the referenced table's key, resolved below
                onUpdate: rows[0].on_update.toLowerCase(),
                onDelete: rows[0].on_delete.toLowerCase(),
            });
        }
        tables[t.name] = info;
    }
    for (const info of Object.values(tables))
        for (const fk of info.fks)
            if (fk.to.some((c) => c === null)) fk.to = tables[fk.table]?.pk ?? fk.to;
    for (const tr of master.filter((r) => r.type === 'trigger')) {
        const info = tables[tr.tbl_name];
        if (!info) continue;
        const n = normSql(tr.sql);
        const m = n.match(
            /\b(before|after|instead of) (insert|update|delete)(?: of ([a-z_0-9, ]+?))? on /,
        );
        info.triggers.push({
            name: tr.name,
            timing: m ? m[1] : '?',
            event: m ? m[2] : '?',
            columns: m && m[3] ? m[3].split(',').map((c) => c.trim()) : [],
        });
    }
    return tables;
}

// ---- PostgreSQL

function pgQuery(sql) {
    const out = run('psql', [pgUrl, '-XAtq', '-v', 'ON_ERROR_STOP=1', '-c', sql]).trim();
    return out ? JSON.parse(out) : [];
}

function pgSchema() {
    const skip = [...SKIP_TABLES].map((t) => `'${t}'`).join(', ');
    const rel = `c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') AND c.relname NOT IN (${skip})`;
    const cols = pgQuery(`SELECT coalesce(json_agg(x ORDER BY x.tbl, x.pos), '[]') FROM (
        SELECT c.relname AS tbl, a.attnum AS pos, a.attname AS name,
               format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS notnull,
               pg_get_expr(d.adbin, d.adrelid) AS "default", a.attidentity <> '' AS auto
        FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
        WHERE ${rel}) x`);
    const cons = pgQuery(`SELECT coalesce(json_agg(x), '[]') FROM (
        SELECT c.relname AS tbl, k.contype AS type, k.conname AS name,
               (SELECT array_agg(a.attname ORDER BY u.n) FROM unnest(k.conkey) WITH ORDINALITY u (att, n)
                JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.att) AS cols,
               f.relname AS ftable,
               (SELECT array_agg(a.attname ORDER BY u.n) FROM unnest(k.confkey) WITH ORDINALITY u (att, n)
                JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.att) AS fcols,
               k.confupdtype AS upd, k.confdeltype AS del,
               CASE k.contype WHEN 'c' THEN pg_get_expr(k.conbin, k.conrelid) END AS expr
        FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
        LEFT JOIN pg_class f ON f.oid = k.confrelid
        WHERE ${rel}) x`);
    const idx = pgQuery(`SELECT coalesce(json_agg(x), '[]') FROM (
        SELECT c.relname AS tbl, i.relname AS name, x.indisunique AS "unique",
               (SELECT array_agg(pg_get_indexdef(x.indexrelid, k, true) ORDER BY k)
                FROM generate_series(1, x.indnkeyatts) k) AS cols,
               pg_get_expr(x.indpred, x.indrelid) AS "where"
        FROM pg_index x JOIN pg_class c ON c.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid
        WHERE ${rel} AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid
                                     AND k.conrelid = x.indrelid)) x`);
    const trg = pgQuery(`SELECT coalesce(json_agg(x), '[]') FROM (
        SELECT c.relname AS tbl, t.tgname AS name, t.tgtype AS type,
               (SELECT array_agg(a.attname ORDER BY u.n) FROM unnest(t.tgattr::int2[]) WITH ORDINALITY u (att, n)
                JOIN pg_attribute a ON a.attrelid = t.tgrelid AND a.attnum = u.att) AS cols
        FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
        WHERE ${rel} AND NOT t.tgisinternal) x`);

    const tables = {};
    for (const c of cols) {
        tables[c.tbl] ??= {
            columns: [],
            pk: [],
            uniques: [],
            fks: [],
            indexes: [],
            checks: [],
            triggers: [],
        };
        tables[c.tbl].columns.push({
            name: c.name,
            type: c.type,
            notnull: c.notnull,
            default: normDefault(c.default),
            auto: c.auto,
        });
    }
    const ACTIONS = { a: 'no action', r: 'restrict', c: 'cascade', n: 'set null', d: 'set default' };
    for (const k of cons) {
        const t = tables[k.tbl];
        if (k.type === 'p') t.pk = k.cols;
        else if (k.type === 'u') t.uniques.push(k.cols);
        else if (k.type === 'f')
            t.fks.push({
                from: k.cols,
                table: k.ftable,
                to: k.fcols,
                onUpdate: ACTIONS[k.upd],
                onDelete: ACTIONS[k.del],
            });
        else if (k.type === 'c') t.checks.push(normSql(k.expr));
        else t.checks.push(`<constraint ${k.type} ${k.name}>`);
    }
    for (const i of idx)
        tables[i.tbl].indexes.push({
            name: i.name,
            unique: i.unique,
            columns: i.cols.map((c) => normSql(c)),
            where: i.where ? normSql(i.where) : null,
        });
    for (const t of trg) {
        // tgtype bits: 1 row, 2 before, 4 insert, 8 delete, 16 update, 32 truncate, 64 instead
        const timing = t.type & 64 ? 'instead of' : t.type & 2 ? 'before' : 'after';
        const events = [];
        if (t.type & 4) events.push('insert');
        if (t.type & 16) events.push('update');
        if (t.type & 8) events.push('delete');
        if (t.type & 32) events.push('truncate');
        tables[t.tbl].triggers.push({
            name: t.name,
            timing: (t.type & 1 ? '' : 'statement ') + timing,
            event: events.join(' or '),
            columns: t.cols ?? [],
        });
    }
    return tables;
}

// ---- description and comparison

// One line per fact, in a stable order; facts are compared as lines.
function describe(tables) {
    const out = new Map();
    for (const name of Object.keys(tables).sort()) {
        const t = tables[name];
        const lines = [];
        for (const c of t.columns)
            lines.push(
                `column ${c.name} ${c.type}${c.notnull ? ' not null' : ''}` +
                    `${c.default !== null ? ` default ${c.default}` : ''}${c.auto ? ' auto' : ''}`,
            );
        if (t.pk.length) lines.push(`primary key (${t.pk.join(', ')})`);
        for (const u of [...t.uniques].map((u) => u.join(', ')).sort()) lines.push(`unique (${u})`);
        for (const f of t.fks
            .map(
                (f) =>
                    `foreign key (${f.from.join(', ')}) references ${f.table} (${f.to.join(', ')})` +
                    ` on update ${f.onUpdate} on delete ${f.onDelete}`,
            )
            .sort())
            lines.push(f);
        for (const i of [...t.indexes].sort((a, b) => a.name.localeCompare(b.name)))
            lines.push(
                `index ${i.name}${i.unique ? ' unique' : ''} (${i.columns.join(', ')})` +
                    `${i.where ? ` where ${i.where}` : ''}`,
            );
        lines.push(`checks ${t.checks.length}`);
        for (const c of [...t.checks].sort()) lines.push(`check ${c}`);
        for (const tr of [...t.triggers].sort((a, b) => a.name.localeCompare(b.name)))
            lines.push(
                `trigger ${tr.name} ${tr.timing} ${tr.event}` +
                    `${tr.columns.length ? ` of ${tr.columns.join(', ')}` : ''}`,
            );
        out.set(name, lines);
    }
    return out;
}

function print(title, desc) {
    console.log(`== ${title}`);
    for (const [name, lines] of desc) {
        console.log(`table ${name}`);
        for (const l of lines) console.log(`  ${l}`);
    }
}

const lite = describe(sqliteSchema());
const pg = describe(pgSchema());
if (!quiet) {
    print(`sqlite ${sqliteFile}`, lite);
    print(`postgres ${pgUrl.replace(/\/\/[^@/]*@/, '//')}`, pg);
}

const diffs = [];
for (const name of [...new Set([...lite.keys(), ...pg.keys()])].sort()) {
    const a = lite.get(name);
    const b = pg.get(name);
    if (!a) {
        diffs.push(`table ${name}: only in postgres`);
        continue;
    }
    if (!b) {
        diffs.push(`table ${name}: only in sqlite`);
        continue;
    }
    const sa = new Set(a);
    const sb = new Set(b);
    for (const l of a) if (!sb.has(l)) diffs.push(`table ${name}: only in sqlite:   ${l}`);
    for (const l of b) if (!sa.has(l)) diffs.push(`table ${name}: only in postgres: ${l}`);
}
if (diffs.length) {
    console.log(`== ${diffs.length} difference(s)`);
    for (const d of diffs) console.log(d);
    process.exit(1);
}
console.log(`== the schemas match (${lite.size} tables)`);
