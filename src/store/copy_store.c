/* copy_store.c - see copy_store.h. The only place where the copy's SQL
 * differs by engine (the schema's catalogue, sequences, a trigger set aside):
 * store_engine chooses. */
#include "store/copy_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/driver.h"
#include "store/migrations.h"

/* Parents before children: each table after every table its foreign keys
 * name (migrations 001-020; accounts.person_id came later than accounts, so
 * the order of creation is not enough). */
const copy_table copy_tables[] = {
    {"tenants", COPY_ROWS, NULL},
    {"organisations", COPY_ROWS, NULL},
    {"staff", COPY_ROWS, NULL},
    {"memberships", COPY_ROWS, NULL},
    {"persons", COPY_ROWS, NULL},
    {"person_name_keys", COPY_DERIVED, "made from persons.name_keys by a trigger"},
    {"accounts", COPY_ROWS, NULL},
    {"tokens", COPY_ROWS, NULL},
    {"sessions", COPY_ROWS, NULL},
    {"person_addresses", COPY_ROWS, NULL},
    {"next_of_kin", COPY_ROWS, NULL},
    {"cases", COPY_ROWS, NULL},
    {"case_contacts", COPY_ROWS, NULL},
    {"case_history", COPY_ROWS, NULL},
    {"plans", COPY_ROWS, NULL},
    {"plan_coordinators", COPY_ROWS, NULL},
    {"goals", COPY_ROWS, NULL},
    {"measures", COPY_ROWS, NULL},
    {"evaluations", COPY_ROWS, NULL},
    {"participants", COPY_ROWS, NULL},
    {"consents", COPY_ROWS, NULL},
    {"linked_plans", COPY_ROWS, NULL},
    {"plan_history", COPY_ROWS, NULL},
    {"representatives", COPY_ROWS, NULL},
    {"emergency_access", COPY_ROWS, NULL},
    {"messages", COPY_ROWS, NULL},
    {"message_reads", COPY_ROWS, NULL},
    {"approvals", COPY_ROWS, NULL},
    {"person_address_access", COPY_ROWS, NULL},
    {"oidc_states", COPY_ROWS, NULL},
    {"login_throttle", COPY_ROWS, NULL},
    {"audit_log", COPY_ROWS, NULL},
    {"audit_queue", COPY_ROWS, NULL},
    {"audit_chain", COPY_CHAIN, NULL},
    {"schema_migrations", COPY_OWN, "the target's own migrations"},
    {"auth_epoch", COPY_OWN, "a counter for caches: the target's own"},
    {"name_epoch", COPY_OWN, "a counter for caches: the target's own"},
    {"audit_journal", COPY_OWN, "the source's journal file's position: not the target's"},
};
const int copy_tables_count = (int)(sizeof copy_tables / sizeof copy_tables[0]);

static int is_pg(store *s)
{
    return strcmp(store_engine(s), "postgres") == 0;
}

int copy_store_binary_version(store *s)
{
    const struct migration *m = is_pg(s) ? postgres_migrations : sqlite_migrations;
    int n = is_pg(s) ? postgres_migrations_count : sqlite_migrations_count;
    return n ? m[n - 1].number : 0;
}

static const copy_table *find_table(const char *name)
{
    for (int i = 0; i < copy_tables_count; i++)
        if (!strcmp(copy_tables[i].name, name)) return &copy_tables[i];
    return NULL;
}

int copy_store_check_tables(store *s, err *e)
{
    db_stmt *st = db_prepare(s,
                             is_pg(s) ? "SELECT table_name FROM information_schema.tables "
                                        "WHERE table_schema = current_schema() AND "
                                        "table_type = 'BASE TABLE'"
                                      : "SELECT name FROM sqlite_master WHERE type = 'table' "
                                        "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
                             e);
    if (!st) return -1;
    int rc, seen = 0, unknown = 0;
    char name[128] = "";
    while ((rc = db_step(st, e)) == DB_ROW) {
        const char *t = db_column_text(st, 0);
        if (find_table(t))
            seen++;
        else if (!unknown++)
            snprintf(name, sizeof name, "%s", t);
    }
    db_done(st);
    if (rc == DB_ERROR) return -1;
    if (unknown)
        return err_set(e, ERR_INTERNAL, "copy_unknown_table", NULL,
                       "the table %s is not in the copy's list (store/copy_store.c): this "
                       "binary cannot copy it",
                       name);
    if (seen != copy_tables_count)
        return err_set(e, ERR_INTERNAL, "copy_missing_table", NULL,
                       "the database has %d of the %d tables the copy knows: its schema is "
                       "not this binary's",
                       seen, copy_tables_count);
    return 0;
}

/* The columns of a table, in order, as a NULL-ended array of strdup'ed names
 * (free with free_names). */
static char **columns(store *s, const char *table, int *n, err *e)
{
    db_stmt *st = db_prepare(s,
                             is_pg(s) ? "SELECT column_name FROM information_schema.columns "
                                        "WHERE table_schema = current_schema() AND "
                                        "table_name = ? ORDER BY ordinal_position"
                                      : "SELECT name FROM pragma_table_info(?) ORDER BY cid",
                             e);
    if (!st) return NULL;
    db_bind_str(st, 1, table);
    char **v = calloc(129, sizeof *v);
    int rc = DB_DONE, k = 0;
    while (v && (rc = db_step(st, e)) == DB_ROW && k < 128) v[k++] = strdup(db_column_text(st, 0));
    db_done(st);
    if (!v || rc == DB_ERROR || k == 0 || k == 128) {
        for (int i = 0; v && i < k; i++) free(v[i]);
        free(v);
        if (rc != DB_ERROR)
            err_set(e, ERR_INTERNAL, "copy_columns", NULL, "cannot list the columns of %s", table);
        return NULL;
    }
    *n = k;
    return v;
}

static void free_names(char **v)
{
    for (int i = 0; v && v[i]; i++) free(v[i]);
    free(v);
}

static int has(char **v, const char *name)
{
    for (int i = 0; v[i]; i++)
        if (!strcmp(v[i], name)) return 1;
    return 0;
}

/* " WHERE ..." for a tenant's rows of table (cols: its columns), or "". */
static const char *tenant_filter(const char *table, char **cols, int64_t tenant)
{
    if (tenant <= 0) return "";
    if (!strcmp(table, "tenants")) return " WHERE id = ?";
    return has(cols, "tenant_id") ? " WHERE tenant_id = ?" : "";
}

int copy_store_count(store *s, const char *table, int64_t tenant, int64_t *n, err *e)
{
    if (!find_table(table))
        return err_set(e, ERR_INTERNAL, "copy_unknown_table", NULL, "no table %s", table);
    int ncols;
    char **cols = columns(s, table, &ncols, e);
    if (!cols) return -1;
    const char *where = tenant_filter(table, cols, tenant);
    free_names(cols);
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM \"%s\"%s", table, where);
    db_stmt *st = db_prepare(s, sql, e);
    if (!st) return -1;
    if (*where) db_bind_int(st, 1, tenant);
    int rc = db_step(st, e);
    if (rc == DB_ROW) *n = db_column_int(st, 0);
    db_done(st);
    return rc == DB_ROW ? 0 : -1;
}

int copy_store_tenants(store *s, const char *slug, int64_t *count, int64_t *id, err *e)
{
    db_stmt *st = db_prepare(s,
                             "SELECT COUNT(*), COALESCE(SUM(CASE WHEN slug = ? THEN id END), 0) "
                             "FROM tenants",
                             e);
    if (!st) return -1;
    db_bind_str(st, 1, slug ? slug : "");
    int rc = db_step(st, e);
    if (rc == DB_ROW) {
        *count = db_column_int(st, 0);
        *id = db_column_int(st, 1);
    }
    db_done(st);
    return rc == DB_ROW ? 0 : -1;
}

int copy_store_first_nonempty(store *s, const char **table, err *e)
{
    *table = NULL;
    for (int i = 0; i < copy_tables_count && !*table; i++) {
        if (copy_tables[i].kind != COPY_ROWS && copy_tables[i].kind != COPY_DERIVED) continue;
        int64_t n;
        if (copy_store_count(s, copy_tables[i].name, 0, &n, e)) return -1;
        if (n) *table = copy_tables[i].name;
    }
    return 0;
}

/* The columns of table that refer to the table itself (a foreign key to its
 * own id): set after every row is in. */
static char **self_refs(store *s, const char *table, err *e)
{
    db_stmt *st =
        db_prepare(s,
                   is_pg(s) ? "SELECT a.attname FROM pg_constraint c JOIN pg_attribute a "
                              "ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey) "
                              "WHERE c.contype = 'f' AND c.conrelid = c.confrelid "
                              "AND c.conrelid = to_regclass(?)"
                            : "SELECT \"from\" FROM pragma_foreign_key_list(?) WHERE \"table\" = ?",
                   e);
    if (!st) return NULL;
    db_bind_str(st, 1, table);
    if (!is_pg(s)) db_bind_str(st, 2, table);
    char **v = calloc(9, sizeof *v);
    int rc = DB_DONE, k = 0;
    while (v && (rc = db_step(st, e)) == DB_ROW && k < 8) v[k++] = strdup(db_column_text(st, 0));
    db_done(st);
    if (!v || rc == DB_ERROR) {
        free_names(v);
        return NULL;
    }
    return v;
}

/* Appends to buf (cap bytes; -1 when it does not fit). */
static int put(char *buf, size_t cap, size_t *len, const char *s)
{
    size_t n = strlen(s);
    if (*len + n + 1 > cap) return -1;
    memcpy(buf + *len, s, n + 1);
    *len += n;
    return 0;
}

/* The later update of the self-referring columns: for each, the rows whose
 * value is not NULL get it (by id). */
static int copy_self_refs(store *src, store *dst, const char *table, char **refs, const char *where,
                          int64_t tenant, err *e)
{
    for (int r = 0; refs[r]; r++) {
        char sel[512], upd[256];
        snprintf(sel, sizeof sel, "SELECT id, \"%s\" FROM \"%s\"%s%s \"%s\" IS NOT NULL", refs[r],
                 table, where, *where ? " AND" : " WHERE", refs[r]);
        snprintf(upd, sizeof upd, "UPDATE \"%s\" SET \"%s\" = ? WHERE id = ?", table, refs[r]);
        db_stmt *st = db_prepare(src, sel, e);
        if (!st) return -1;
        if (*where) db_bind_int(st, 1, tenant);
        int rc;
        while ((rc = db_step(st, e)) == DB_ROW) {
            db_stmt *u = db_prepare(dst, upd, e);
            if (!u) {
                rc = DB_ERROR;
                break;
            }
            db_bind_text(u, 1, db_column_text(st, 1), db_column_bytes(st, 1));
            db_bind_text(u, 2, db_column_text(st, 0), db_column_bytes(st, 0));
            int urc = db_step(u, e);
            db_done(u);
            if (urc == DB_ERROR) {
                rc = DB_ERROR;
                break;
            }
        }
        db_done(st);
        if (rc == DB_ERROR) return -1;
    }
    return 0;
}

/* At most this many values, and this many rows, in one INSERT. */
#define BATCH_PARAMS 2000
#define BATCH_ROWS   200

/* One value read from the source, kept until its batch goes in. */
typedef struct value {
    char *text;
    size_t len;
    int null;
} value;

/* INSERT (head: "INSERT INTO t (...) VALUES ") of k rows of n values; the
 * statement for each k is prepared once and cached. Frees the values. */
static int insert_rows(store *dst, const char *head, size_t hl, int n, int k, value *vals, err *e)
{
    size_t cap = hl + (size_t)k * ((size_t)n * 3 + 4) + 1, len = 0;
    char *sql = malloc(cap);
    if (!sql) return err_set(e, ERR_INTERNAL, "oom", NULL, "out of memory");
    memcpy(sql, head, hl);
    len = hl;
    for (int r = 0; r < k; r++) {
        sql[len++] = r ? ',' : ' ';
        sql[len++] = '(';
        for (int i = 0; i < n; i++) {
            if (i) sql[len++] = ',';
            sql[len++] = '?';
        }
        sql[len++] = ')';
    }
    sql[len] = '\0';
    db_stmt *in = db_prepare(dst, sql, e);
    free(sql);
    int rc = in ? 0 : -1;
    for (int j = 0; in && j < k * n; j++) {
        if (vals[j].null)
            db_bind_null(in, j + 1);
        else
            db_bind_text(in, j + 1, vals[j].text, vals[j].len);
    }
    if (in && db_step(in, e) == DB_ERROR) rc = -1;
    if (in) db_done(in);
    for (int j = 0; j < k * n; j++) {
        free(vals[j].text);
        vals[j].text = NULL;
    }
    return rc;
}

int copy_store_table(store *src, store *dst, const char *table, int64_t tenant, int64_t *rows,
                     err *e)
{
    *rows = 0;
    int n, nd;
    char **cols = columns(src, table, &n, e);
    if (!cols) return -1;
    char **dcols = columns(dst, table, &nd, e);
    char **refs = dcols ? self_refs(src, table, e) : NULL;
    int rc = -1;
    char *late = NULL;
    value *vals = NULL;
    if (!dcols || !refs) goto out;
    int same = n == nd;
    for (int i = 0; same && cols[i]; i++) same = has(dcols, cols[i]);
    if (!same) {
        err_set(e, ERR_INTERNAL, "copy_columns_differ", NULL,
                "the table %s has other columns on the target than on the source", table);
        goto out;
    }
    const char *where = tenant_filter(table, cols, tenant);
    /* SELECT "a", "b" FROM t [WHERE] ORDER BY 1 and INSERT INTO t ("a", "b") VALUES (?, ?) */
    char sel[8192], head[8192];
    size_t sl = 0, hl = 0;
    int bad = put(sel, sizeof sel, &sl, "SELECT ");
    bad |= put(head, sizeof head, &hl, "INSERT INTO \"");
    bad |= put(head, sizeof head, &hl, table);
    bad |= put(head, sizeof head, &hl, "\" (");
    for (int i = 0; cols[i]; i++) {
        const char *sep = i ? ", " : "";
        bad |= put(sel, sizeof sel, &sl, sep) | put(sel, sizeof sel, &sl, "\"") |
               put(sel, sizeof sel, &sl, cols[i]) | put(sel, sizeof sel, &sl, "\"");
        bad |= put(head, sizeof head, &hl, sep) | put(head, sizeof head, &hl, "\"") |
               put(head, sizeof head, &hl, cols[i]) | put(head, sizeof head, &hl, "\"");
    }
    bad |= put(sel, sizeof sel, &sl, " FROM \"") | put(sel, sizeof sel, &sl, table) |
           put(sel, sizeof sel, &sl, "\"") | put(sel, sizeof sel, &sl, where) |
           put(sel, sizeof sel, &sl, " ORDER BY 1");
    bad |= put(head, sizeof head, &hl, ") VALUES ");
    if (bad) {
        err_set(e, ERR_INTERNAL, "copy_sql", NULL, "the table %s has too many columns", table);
        goto out;
    }
    /* rows go in BATCH_PARAMS values at a time, in one INSERT of several rows
     * (a round trip per row is what a PostgreSQL target would wait for) */
    int batch = BATCH_PARAMS / n;
    if (batch < 1) batch = 1;
    if (batch > BATCH_ROWS) batch = BATCH_ROWS;
    late = calloc((size_t)n, 1);
    vals = calloc((size_t)(batch * n), sizeof *vals);
    if (!late || !vals) {
        err_set(e, ERR_INTERNAL, "oom", NULL, "out of memory");
        goto out;
    }
    for (int i = 0; cols[i]; i++) late[i] = (char)has(refs, cols[i]);
    db_stmt *st = db_prepare(src, sel, e);
    if (!st) goto out;
    if (*where) db_bind_int(st, 1, tenant);
    int step, k = 0;
    while ((step = db_step(st, e)) == DB_ROW) {
        for (int i = 0; i < n; i++) {
            value *v = &vals[k * n + i];
            v->null = late[i] || db_column_is_null(st, i);
            if (v->null) continue;
            v->len = db_column_bytes(st, i);
            v->text = malloc(v->len + 1);
            if (!v->text) {
                step = DB_ERROR;
                err_set(e, ERR_INTERNAL, "oom", NULL, "out of memory");
                break;
            }
            memcpy(v->text, db_column_text(st, i), v->len);
        }
        if (step == DB_ERROR) break;
        if (++k == batch) {
            if (insert_rows(dst, head, hl, n, k, vals, e)) {
                step = DB_ERROR;
                break;
            }
            *rows += k;
            k = 0;
        }
    }
    if (step != DB_ERROR && k) {
        if (insert_rows(dst, head, hl, n, k, vals, e))
            step = DB_ERROR;
        else
            *rows += k;
    }
    for (int i = 0; i < batch * n; i++) free(vals[i].text);
    db_done(st);
    if (step == DB_ERROR) goto out;
    rc = refs[0] ? copy_self_refs(src, dst, table, refs, where, tenant, e) : 0;
out:
    free(late);
    free(vals);
    free_names(cols);
    free_names(dcols);
    free_names(refs);
    return rc;
}

static int keyed_from(store *s, int64_t *v, err *e)
{
    db_stmt *st = db_prepare(s, "SELECT keyed_from FROM audit_chain WHERE id = 1", e);
    if (!st) return -1;
    int rc = db_step(st, e);
    if (rc == DB_ROW) *v = db_column_int(st, 0);
    db_done(st);
    if (rc == DB_DONE)
        return err_set(e, ERR_INTERNAL, "copy_chain", NULL, "audit_chain has no row");
    return rc == DB_ROW ? 0 : -1;
}

int copy_store_chain(store *src, store *dst, err *e)
{
    int64_t from, to;
    if (keyed_from(src, &from, e) || keyed_from(dst, &to, e)) return -1;
    if (from == to) return 0;
    char upd[128];
    snprintf(upd, sizeof upd, "UPDATE audit_chain SET keyed_from = %lld WHERE id = 1",
             (long long)from);
    if (is_pg(dst)) {
        char sql[512];
        snprintf(sql, sizeof sql,
                 "ALTER TABLE audit_chain DISABLE TRIGGER audit_chain_no_update; %s; "
                 "ALTER TABLE audit_chain ENABLE TRIGGER audit_chain_no_update",
                 upd);
        return db_exec(dst, sql, e);
    }
    /* SQLite: the trigger is dropped and made again from its own text */
    db_stmt *st = db_prepare(
        dst,
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'audit_chain_no_update'",
        e);
    if (!st) return -1;
    char *trigger = NULL;
    int rc = db_step(st, e);
    if (rc == DB_ROW) trigger = strdup(db_column_text(st, 0));
    db_done(st);
    if (!trigger)
        return rc == DB_ERROR ? -1
                              : err_set(e, ERR_INTERNAL, "copy_chain", NULL,
                                        "the trigger audit_chain_no_update is missing");
    rc = db_exec(dst, "DROP TRIGGER audit_chain_no_update", e) || db_exec(dst, upd, e) ||
         db_exec(dst, trigger, e);
    free(trigger);
    return rc ? -1 : 0;
}

int copy_store_sequences(store *dst, err *e)
{
    if (!is_pg(dst)) return 0;
    db_stmt *st = db_prepare(dst,
                             "SELECT table_name, column_name FROM information_schema.columns "
                             "WHERE table_schema = current_schema() AND is_identity = 'YES' "
                             "ORDER BY table_name",
                             e);
    if (!st) return -1;
    char(*names)[2][128] = calloc(64, sizeof *names);
    int rc = DB_DONE, k = 0;
    while (names && (rc = db_step(st, e)) == DB_ROW && k < 64) {
        snprintf(names[k][0], 128, "%s", db_column_text(st, 0));
        snprintf(names[k][1], 128, "%s", db_column_text(st, 1));
        k++;
    }
    db_done(st);
    if (!names || rc == DB_ERROR) {
        free(names);
        return -1;
    }
    /* the next value is one past the highest id (1 for an empty table) */
    for (int i = 0; i < k && rc != DB_ERROR; i++) {
        char sql[1024];
        snprintf(sql, sizeof sql,
                 "SELECT setval(pg_get_serial_sequence('\"%s\"', '%s'), "
                 "COALESCE(MAX(\"%s\"), 0) + 1, false) FROM \"%s\"",
                 names[i][0], names[i][1], names[i][1], names[i][0]);
        db_stmt *q = db_prepare(dst, sql, e);
        if (!q) {
            rc = DB_ERROR;
            break;
        }
        rc = db_step(q, e);
        db_done(q);
    }
    free(names);
    return rc == DB_ERROR ? -1 : 0;
}
