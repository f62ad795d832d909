/*
 * postgres.c - the PostgreSQL driver (libpq): connection set-up and
 * re-connection, the prepared-statement cache, the statement API of
 * driver.h and transactions (engine.h).
 *
 * SQL above the driver is written for both engines with SQLite's `?` and
 * `?NNN` placeholders; a statement is translated to `$N` once and prepared
 * once per connection (PQprepare), then executed with its parameters as
 * text (the server converts them to the column's type). A result is read
 * whole (PQexecPrepared), so statements may be stepped while others run.
 *
 * Transactions keep SQLite's meaning, so the code above cannot tell the
 * engines apart: a write transaction takes one advisory lock
 * (pg_advisory_xact_lock) before anything else and so runs alone, across
 * every server on the database, as BEGIN IMMEDIATE does in one SQLite file;
 * it reads at READ COMMITTED, which after the lock sees every earlier write.
 * A read transaction is REPEATABLE READ: one snapshot for all its queries.
 *
 * A lost connection fails the statement in flight with ERR_UNAVAILABLE
 * "database_unavailable" (503); the transaction it was in is gone, so
 * nothing of it is written. The next transaction re-opens the connection
 * (PQreset) and prepares its statements again.
 */
#include <ctype.h>
#include <libpq-fe.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/engine.h"
#include "util/log.h"

/* The advisory lock every write transaction holds: one key for all writes. */
#define WRITE_LOCK "7262466"

typedef struct pg_store pg_store;

typedef struct pg_stmt {
    db_stmt base;
    pg_store *s;
    char *sql;     /* as written above the driver: the cache's key */
    char *text;    /* as sent: $N placeholders */
    char name[16]; /* the prepared statement's name on the connection */
    unsigned gen;  /* connection generation it was prepared on; 0: none */
    int nparams;
    char *buf; /* bound values, each NUL-terminated */
    size_t buf_len, buf_cap;
    size_t *off;      /* nparams offsets into buf */
    int *len;         /* nparams lengths, -1 for NULL */
    const char **ptr; /* nparams, filled when executed */
    PGresult *res;
    int row, nrows;
} pg_stmt;

struct pg_store {
    store base;
    PGconn *conn;
    unsigned gen;   /* bumped when the connection is (re-)opened */
    int broken;     /* the connection was lost; re-open before the next transaction */
    unsigned names; /* statements named so far */
    int in_tx;      /* 0, STORE_READ + 1 or STORE_WRITE + 1 */
    int batch;
    int job_failed;
    int64_t changes;
    engine_table cache; /* by SQL text */
    engine_table keyed; /* by caller-chosen shape key */
};

#define PG(s)   ((pg_store *)(s))
#define PST(st) ((pg_stmt *)(st))

static int unavailable(err *e)
{
    return err_set(e, ERR_UNAVAILABLE, "database_unavailable", NULL,
                   "the database cannot be reached; try again");
}

/* The first line of a libpq message, without its "ERROR:  " prefix. */
static void first_line(const char *msg, char *out, size_t cap)
{
    if (!msg) msg = "?";
    if (strncmp(msg, "ERROR:  ", 8) == 0) msg += 8;
    size_t n = strcspn(msg, "\n");
    if (n >= cap) n = cap - 1;
    memcpy(out, msg, n);
    out[n] = 0;
}

/* Fills e from a failed result (r may be NULL: then from the connection).
 * Messages that could carry stored values (a duplicate key names it) are
 * replaced by ours: logs carry identifiers, never names or ID numbers. */
static int pg_err(pg_store *s, const PGresult *r, err *e)
{
    if (PQstatus(s->conn) != CONNECTION_OK) {
        s->broken = 1;
        return unavailable(e);
    }
    const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
    if (state && strncmp(state, "23", 2) == 0)
        return err_set(e, ERR_CONFLICT, "constraint", NULL,
                       "the change conflicts with stored data");
    if (state && (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
                  strcmp(state, "55P03") == 0 || strcmp(state, "57014") == 0))
        return err_set(e, ERR_UNAVAILABLE, "database_busy", NULL,
                       "the database is busy; try again");
    if (state && (strncmp(state, "08", 2) == 0 || strncmp(state, "57P", 3) == 0)) {
        s->broken = 1;
        return unavailable(e);
    }
    if (state && strncmp(state, "22", 2) == 0)
        return err_set(e, ERR_INTERNAL, "database_error", NULL,
                       "database error: a value does not fit its column (SQLSTATE %s)", state);
    char line[200];
    first_line(r ? PQresultErrorMessage(r) : PQerrorMessage(s->conn), line, sizeof line);
    return err_set(e, ERR_INTERNAL, "database_error", NULL, "database error: %s", line);
}

/* SQLite's placeholders into PostgreSQL's: `?NNN` is $NNN, a bare `?` one
 * more than the highest so far (SQLite's rule). Quoted text and comments are
 * copied as they are. */
static char *translate(const char *sql, int *nparams)
{
    size_t n = strlen(sql);
    char *out = malloc(n * 5 + 1);
    if (!out) return NULL;
    size_t o = 0;
    int max = 0;
    char quote = 0;
    for (const char *p = sql; *p; p++) {
        char c = *p;
        if (quote) {
            out[o++] = c;
            if (c == quote) quote = 0;
            continue;
        }
        if (c == '\'' || c == '"') {
            quote = c;
            out[o++] = c;
            continue;
        }
        if (c == '-' && p[1] == '-') {
            while (*p && *p != '\n') out[o++] = *p++;
            if (!*p) break;
            out[o++] = '\n';
            continue;
        }
        if (c != '?') {
            out[o++] = c;
            continue;
        }
        int k;
        if (isdigit((unsigned char)p[1])) {
            char *end;
            k = (int)strtol(p + 1, &end, 10);
            p = end - 1;
        } else {
            k = max + 1;
        }
        if (k > max) max = k;
        o += (size_t)sprintf(out + o, "$%d", k);
    }
    out[o] = 0;
    *nparams = max;
    return out;
}

static void silent(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

/* After a connection is (re-)opened: notices stay out of stderr, and every
 * statement is prepared again on first use. */
static void connected(pg_store *s)
{
    PQsetNoticeProcessor(s->conn, silent, NULL);
    /* a lock held too long elsewhere (a psql session, a stuck server) makes
     * a request wait at most this long, then answer 503 database_busy, as
     * SQLite's busy timeout does */
    PQclear(PQexec(s->conn, "SET lock_timeout = '10s'"));
    s->gen++;
    s->broken = 0;
}

static PGconn *connect_to(const char *url, const char *dbname)
{
    const char *keys[] = {"connect_timeout", "fallback_application_name", "dbname", NULL, NULL};
    const char *vals[] = {"5", "helhet", url, NULL, NULL};
    if (dbname) {
        keys[3] = "dbname";
        vals[3] = dbname;
    }
    return PQconnectdbParams(keys, vals, 1);
}

/* Makes the database the URL names, connected to the server's "postgres". */
static int create_database(const char *url, err *e)
{
    char *msg = NULL;
    PQconninfoOption *opts = PQconninfoParse(url, &msg);
    if (!opts) {
        PQfreemem(msg);
        return err_set(e, ERR_INVALID, "unsupported_database", "db",
                       "the PostgreSQL URL cannot be read");
    }
    const char *name = NULL;
    for (PQconninfoOption *o = opts; o->keyword; o++)
        if (strcmp(o->keyword, "dbname") == 0) name = o->val;
    int rc = -1;
    PGconn *c = name ? connect_to(url, "postgres") : NULL;
    if (!name) {
        err_set(e, ERR_INVALID, "unsupported_database", "db",
                "the PostgreSQL URL names no database (postgres://HOST/NAME)");
    } else if (PQstatus(c) != CONNECTION_OK) {
        char line[200];
        first_line(PQerrorMessage(c), line, sizeof line);
        err_set(e, ERR_INTERNAL, "database_open", "db", "cannot connect to PostgreSQL: %s", line);
    } else {
        char *ident = PQescapeIdentifier(c, name, strlen(name));
        char sql[300];
        /* UTF-8, and text compared and cased byte by byte as SQLite does
         * (search keys end their prefix ranges with U+10FFFF) */
        snprintf(sql, sizeof sql,
                 "CREATE DATABASE %s TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' "
                 "LC_CTYPE 'C'",
                 ident ? ident : "\"\"");
        PQfreemem(ident);
        PGresult *r = PQexec(c, sql);
        const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
        if (PQresultStatus(r) == PGRES_COMMAND_OK || (state && strcmp(state, "42P04") == 0)) {
            rc = 0; /* made, or made by someone else meanwhile */
        } else {
            char line[200];
            first_line(PQresultErrorMessage(r), line, sizeof line);
            err_set(e, ERR_INTERNAL, "database_open", "db", "cannot create the database: %s", line);
        }
        PQclear(r);
    }
    PQfinish(c);
    PQconninfoFree(opts);
    return rc;
}

static int pg_open(const char *url, int create, store **out, err *e)
{
    PGconn *c = connect_to(url, NULL);
    if (PQstatus(c) != CONNECTION_OK && create && strstr(PQerrorMessage(c), "does not exist")) {
        PQfinish(c);
        if (create_database(url, e)) return -1;
        c = connect_to(url, NULL);
    }
    if (PQstatus(c) != CONNECTION_OK) {
        char line[200];
        first_line(PQerrorMessage(c), line, sizeof line);
        PQfinish(c);
        return err_set(e, ERR_INTERNAL, "database_open", "db", "cannot connect to PostgreSQL: %s",
                       line);
    }
    pg_store *s = calloc(1, sizeof *s);
    if (!s) {
        PQfinish(c);
        return err_set(e, ERR_INTERNAL, "out_of_memory", NULL, "out of memory");
    }
    s->base.engine = &postgres_engine;
    s->conn = c;
    connected(s);
    *out = &s->base;
    return 0;
}

/* Re-opens a lost connection; -1 (e filled) while the server cannot be reached. */
static int ensure_connected(pg_store *s, err *e)
{
    if (!s->broken && PQstatus(s->conn) == CONNECTION_OK) return 0;
    PQreset(s->conn);
    if (PQstatus(s->conn) != CONNECTION_OK) {
        s->broken = 1;
        return unavailable(e);
    }
    connected(s);
    return 0;
}

static int pg_file_moved(store *s)
{
    (void)s;
    return 0;
}

static void stmt_free(pg_stmt *st)
{
    if (!st) return;
    PQclear(st->res);
    free(st->sql);
    free(st->text);
    free(st->buf);
    free(st->off);
    free(st->len);
    free(st->ptr);
    free(st);
}

static void free_table(engine_table *t)
{
    for (size_t i = 0; i < t->cap; i++) stmt_free(t->slots[i].st);
    free(t->slots);
}

static void pg_rollback(store *s);

static void pg_close(store *base)
{
    pg_store *s = PG(base);
    pg_rollback(base);
    free_table(&s->cache);
    free_table(&s->keyed);
    PQfinish(s->conn);
    free(s);
}

/* A new statement for `sql`, filed in `tab` under `h`; prepared on the
 * server when first stepped. */
static db_stmt *stmt_new(pg_store *s, engine_table *tab, uint64_t h, const char *sql, err *e)
{
    pg_stmt *st = calloc(1, sizeof *st);
    if (st) {
        st->base.engine = &postgres_engine;
        st->s = s;
        st->sql = strdup(sql);
        st->text = translate(sql, &st->nparams);
        snprintf(st->name, sizeof st->name, "h%u", ++s->names);
        size_t np = st->nparams ? (size_t)st->nparams : 1;
        st->off = calloc(np, sizeof *st->off);
        st->len = malloc(np * sizeof *st->len);
        st->ptr = calloc(np, sizeof *st->ptr);
    }
    if (!st || !st->sql || !st->text || !st->off || !st->len || !st->ptr ||
        engine_table_put(tab, h, st)) {
        stmt_free(st);
        err_set(e, ERR_INTERNAL, "out_of_memory", NULL, "out of memory");
        return NULL;
    }
    for (int i = 0; i < st->nparams; i++) st->len[i] = -1;
    return &st->base;
}

static db_stmt *pg_cached(store *base, uint64_t key)
{
    pg_stmt *st = engine_table_find(&PG(base)->keyed, key, NULL, NULL);
    return st ? &st->base : NULL;
}

static db_stmt *pg_prepare_keyed(store *base, uint64_t key, const char *sql, err *e)
{
    pg_store *s = PG(base);
    return stmt_new(s, &s->keyed, key, sql, e);
}

static int same_sql(void *st, const void *sql)
{
    return strcmp(((pg_stmt *)st)->sql, sql) == 0;
}

static db_stmt *pg_prepare(store *base, const char *sql, err *e)
{
    pg_store *s = PG(base);
    uint64_t h = engine_hash(sql);
    pg_stmt *st = engine_table_find(&s->cache, h, same_sql, sql);
    return st ? &st->base : stmt_new(s, &s->cache, h, sql, e);
}

/* Copies a parameter's value into the statement's buffer. */
static void bind(pg_stmt *st, int i, const char *v, size_t n)
{
    if (i < 1 || i > st->nparams) return;
    if (st->buf_len + n + 1 > st->buf_cap) {
        size_t cap = st->buf_cap ? st->buf_cap : 256;
        while (cap < st->buf_len + n + 1) cap *= 2;
        char *b = realloc(st->buf, cap);
        if (!b) return; /* left unbound: the statement fails with NULL there */
        st->buf = b;
        st->buf_cap = cap;
    }
    memcpy(st->buf + st->buf_len, v, n);
    st->buf[st->buf_len + n] = 0;
    st->off[i - 1] = st->buf_len;
    st->len[i - 1] = (int)n;
    st->buf_len += n + 1;
}

static void pg_bind_int(db_stmt *st, int i, int64_t v)
{
    char num[24];
    int n = snprintf(num, sizeof num, "%lld", (long long)v);
    bind(PST(st), i, num, (size_t)n);
}

static void pg_bind_text(db_stmt *st, int i, const char *v, size_t n)
{
    bind(PST(st), i, v, n);
}

static void pg_bind_null(db_stmt *st, int i)
{
    pg_stmt *p = PST(st);
    if (i >= 1 && i <= p->nparams) p->len[i - 1] = -1;
}

/* Rows changed, from the command tag ("UPDATE 3", "INSERT 0 1"). */
static void note_changes(pg_store *s, const PGresult *r)
{
    const char *tag = PQcmdStatus((PGresult *)r);
    if (strncmp(tag, "INSERT", 6) == 0 || strncmp(tag, "UPDATE", 6) == 0 ||
        strncmp(tag, "DELETE", 6) == 0)
        s->changes = strtoll(PQcmdTuples((PGresult *)r), NULL, 10);
}

/* A statement failed: e as pg_err says; a failure that is a bug here (not a
 * conflict, not a lost connection) is logged with the statement's text, which
 * holds placeholders, never values. */
static void fail_of(pg_stmt *st, const PGresult *r, err *e)
{
    pg_err(st->s, r, e);
    if (e && e->kind == ERR_INTERNAL) {
        const char *state = PQresultErrorField((PGresult *)r, PG_DIAG_SQLSTATE);
        log_line(LOG_ERROR, "event=sql_failed engine=postgres sqlstate=%s sql=\"%.300s\"",
                 state ? state : "-", st->text);
    }
}

static int pg_step(db_stmt *base, err *e)
{
    pg_stmt *st = PST(base);
    pg_store *s = st->s;
    if (st->res) return ++st->row < st->nrows ? DB_ROW : DB_DONE;
    if (s->broken) {
        unavailable(e);
        return DB_ERROR;
    }
    if (st->gen != s->gen) {
        PGresult *r = PQprepare(s->conn, st->name, st->text, st->nparams, NULL);
        int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
        if (!ok) fail_of(st, r, e);
        PQclear(r);
        if (!ok) return DB_ERROR;
        st->gen = s->gen;
    }
    for (int i = 0; i < st->nparams; i++) st->ptr[i] = st->len[i] < 0 ? NULL : st->buf + st->off[i];
    PGresult *r = PQexecPrepared(s->conn, st->name, st->nparams, st->ptr, st->len, NULL, 0);
    ExecStatusType t = PQresultStatus(r);
    if (t != PGRES_TUPLES_OK && t != PGRES_COMMAND_OK) {
        fail_of(st, r, e);
        PQclear(r);
        return DB_ERROR;
    }
    note_changes(s, r);
    st->res = r;
    st->row = 0;
    st->nrows = PQntuples(r);
    return st->nrows > 0 ? DB_ROW : DB_DONE;
}

static int pg_column_is_null(db_stmt *st, int i)
{
    pg_stmt *p = PST(st);
    return !p->res || p->row >= p->nrows || PQgetisnull(p->res, p->row, i);
}

static int64_t pg_column_int(db_stmt *st, int i)
{
    if (pg_column_is_null(st, i)) return 0;
    pg_stmt *p = PST(st);
    const char *v = PQgetvalue(p->res, p->row, i);
    if (v[0] == 't' && !v[1]) return 1; /* a boolean expression */
    return strtoll(v, NULL, 10);
}

static const char *pg_column_text(db_stmt *st, int i)
{
    if (pg_column_is_null(st, i)) return NULL;
    pg_stmt *p = PST(st);
    return PQgetvalue(p->res, p->row, i);
}

static size_t pg_column_bytes(db_stmt *st, int i)
{
    if (pg_column_is_null(st, i)) return 0;
    pg_stmt *p = PST(st);
    return (size_t)PQgetlength(p->res, p->row, i);
}

static void pg_done(db_stmt *st)
{
    pg_stmt *p = PST(st);
    PQclear(p->res);
    p->res = NULL;
    p->buf_len = 0;
    for (int i = 0; i < p->nparams; i++) p->len[i] = -1;
}

static int64_t pg_changes(store *s)
{
    return PG(s)->changes;
}

/* Runs SQL without parameters (one or several statements). */
static int run(pg_store *s, const char *sql, err *e)
{
    if (s->broken) return unavailable(e);
    PGresult *r = PQexec(s->conn, sql);
    ExecStatusType t = PQresultStatus(r);
    int rc = 0;
    if (t == PGRES_COMMAND_OK || t == PGRES_TUPLES_OK)
        note_changes(s, r);
    else
        rc = pg_err(s, r, e);
    PQclear(r);
    return rc;
}

static int pg_exec(store *s, const char *sql, err *e)
{
    return run(PG(s), sql, e);
}

static int pg_commit(store *s, err *e);

static int pg_begin(store *base, int mode, err *e)
{
    pg_store *s = PG(base);
    if (s->batch || s->in_tx == STORE_WRITE + 1) return 0; /* a write covers both */
    if (s->in_tx) {
        /* rows appended to a queue need no lock: a read takes them too */
        if (mode == STORE_READ || mode == STORE_APPEND) return 0;
        if (pg_commit(base, e)) return -1;
    }
    const char *sql = mode == STORE_WRITE    ? "BEGIN; SELECT pg_advisory_xact_lock(" WRITE_LOCK ")"
                      : mode == STORE_APPEND ? "BEGIN"
                                             : "BEGIN ISOLATION LEVEL REPEATABLE READ";
    /* A connection found lost at BEGIN had nothing of this transaction yet:
     * it is re-opened and the BEGIN tried once more. */
    for (int attempt = 0;; attempt++) {
        if (ensure_connected(s, e)) return -1;
        if (run(s, sql, e) == 0) break;
        if (!s->broken) {
            run(s, "ROLLBACK", NULL);
            return -1;
        }
        if (attempt) return -1;
    }
    /* an append is a read as far as later begins go: a write ends it first */
    s->in_tx = (mode == STORE_WRITE ? STORE_WRITE : STORE_READ) + 1;
    return 0;
}

static int pg_commit(store *base, err *e)
{
    pg_store *s = PG(base);
    if (!s->in_tx || s->batch) return 0;
    if (s->broken) {
        s->in_tx = 0;
        return unavailable(e);
    }
    PGresult *r = PQexec(s->conn, "COMMIT");
    int rc = 0;
    if (PQresultStatus(r) != PGRES_COMMAND_OK)
        rc = pg_err(s, r, e);
    else if (strcmp(PQcmdStatus(r), "COMMIT") != 0)
        /* a statement of the transaction had failed: the server rolled it back */
        rc = err_set(e, ERR_UNAVAILABLE, "write_failed", NULL,
                     "the change could not be stored; try again");
    PQclear(r);
    if (rc && !s->broken && PQtransactionStatus(s->conn) != PQTRANS_IDLE) run(s, "ROLLBACK", NULL);
    s->in_tx = 0;
    return rc;
}

static void pg_rollback(store *base)
{
    pg_store *s = PG(base);
    if (s->batch) {
        if (!s->job_failed && !s->broken) run(s, "ROLLBACK TO job", NULL);
        s->job_failed = 1;
        return;
    }
    if (!s->in_tx) return;
    if (!s->broken) run(s, "ROLLBACK", NULL);
    s->in_tx = 0;
}

static int pg_batch_begin(store *base, err *e)
{
    pg_store *s = PG(base);
    if (s->in_tx && pg_commit(base, e)) return -1;
    if (pg_begin(base, STORE_WRITE, e)) return -1;
    s->batch = 1;
    return 0;
}

static int pg_job_begin(store *base, err *e)
{
    PG(base)->job_failed = 0;
    return run(PG(base), "SAVEPOINT job", e);
}

static int pg_job_end(store *base, int ok)
{
    pg_store *s = PG(base);
    if (s->broken) return -1;
    /* a failed statement leaves the transaction refusing all but ROLLBACK TO:
     * a job that says it went well cannot have had one */
    if (ok && PQtransactionStatus(s->conn) == PQTRANS_INERROR) return -1;
    if (!ok && !s->job_failed && run(s, "ROLLBACK TO job", NULL)) return -1;
    s->job_failed = 0;
    if (PQtransactionStatus(s->conn) != PQTRANS_INTRANS) return -1;
    return run(s, "RELEASE job", NULL);
}

static int pg_batch_commit(store *base, err *e)
{
    pg_store *s = PG(base);
    s->batch = 0;
    if (s->broken || PQtransactionStatus(s->conn) != PQTRANS_INTRANS) {
        if (!s->broken) run(s, "ROLLBACK", NULL);
        s->in_tx = 0;
        return s->broken ? unavailable(e)
                         : err_set(e, ERR_UNAVAILABLE, "write_failed", NULL,
                                   "the change could not be stored; try again");
    }
    return pg_commit(base, e);
}

/* PostgreSQL checkpoints by itself (checkpoint_timeout, max_wal_size). */
static int pg_manual_checkpoints(store *s, err *e)
{
    (void)s;
    (void)e;
    return 0;
}

static int pg_checkpoint(store *s, err *e)
{
    (void)s;
    (void)e;
    return 0;
}

/* --- notifications (events/events.h): NOTIFY and LISTEN ------------------ */

static int pg_notify(store *base, const char *channel, const char *payload, err *e)
{
    pg_store *s = PG(base);
    if (!s->in_tx && ensure_connected(s, e)) return -1;
    db_stmt *st = pg_prepare(base, "SELECT pg_notify(?, ?)", e);
    if (!st) return -1;
    pg_bind_text(st, 1, channel, strlen(channel));
    pg_bind_text(st, 2, payload, strlen(payload));
    int rc = pg_step(st, e);
    pg_done(st);
    return rc == DB_ERROR ? -1 : 0;
}

typedef struct pg_listener {
    store_listener base;
    char *url, *channel;
    PGconn *conn;
} pg_listener;

static int listen_connect(pg_listener *l, err *e)
{
    l->conn = connect_to(l->url, NULL);
    if (PQstatus(l->conn) != CONNECTION_OK) {
        PQfinish(l->conn);
        l->conn = NULL;
        return unavailable(e);
    }
    PQsetNoticeProcessor(l->conn, silent, NULL);
    char *ident = PQescapeIdentifier(l->conn, l->channel, strlen(l->channel));
    char sql[200];
    snprintf(sql, sizeof sql, "LISTEN %s", ident ? ident : "\"\"");
    PQfreemem(ident);
    PGresult *r = PQexec(l->conn, sql);
    int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    PQclear(r);
    if (ok) return 0;
    PQfinish(l->conn);
    l->conn = NULL;
    return unavailable(e);
}

static void pg_listen_close(store_listener *base)
{
    pg_listener *l = (pg_listener *)base;
    PQfinish(l->conn);
    free(l->url);
    free(l->channel);
    free(l);
}

static int pg_listen(const char *url, const char *channel, store_listener **out, err *e)
{
    pg_listener *l = calloc(1, sizeof *l);
    if (!l || !(l->url = strdup(url)) || !(l->channel = strdup(channel))) {
        if (l) pg_listen_close(&l->base);
        return err_set(e, ERR_INTERNAL, "out_of_memory", NULL, "out of memory");
    }
    l->base.engine = &postgres_engine;
    if (listen_connect(l, e)) {
        pg_listen_close(&l->base);
        return -1;
    }
    *out = &l->base;
    return 0;
}

static int pg_listen_wait(store_listener *base, int timeout_ms,
                          void (*fn)(void *ctx, const char *payload), void *ctx, err *e)
{
    pg_listener *l = (pg_listener *)base;
    if (!l->conn && listen_connect(l, e)) {
        poll(NULL, 0, timeout_ms); /* the database is away: wait before trying again */
        return -1;
    }
    struct pollfd p = {.fd = PQsocket(l->conn), .events = POLLIN};
    if (poll(&p, 1, timeout_ms) < 0) return 0; /* a signal: the caller looks again */
    if (!PQconsumeInput(l->conn)) {
        PQfinish(l->conn);
        l->conn = NULL;
        return unavailable(e);
    }
    PGnotify *n;
    while ((n = PQnotifies(l->conn))) {
        fn(ctx, n->extra);
        PQfreemem(n);
    }
    return 0;
}

const engine postgres_engine = {
    .name = "postgres",
    .migrations = postgres_migrations,
    .migrations_count = &postgres_migrations_count,
    .open = pg_open,
    .close = pg_close,
    .file_moved = pg_file_moved,
    .prepare = pg_prepare,
    .cached = pg_cached,
    .prepare_keyed = pg_prepare_keyed,
    .bind_int = pg_bind_int,
    .bind_text = pg_bind_text,
    .bind_null = pg_bind_null,
    .step = pg_step,
    .column_is_null = pg_column_is_null,
    .column_int = pg_column_int,
    .column_text = pg_column_text,
    .column_bytes = pg_column_bytes,
    .done = pg_done,
    .changes = pg_changes,
    .exec = pg_exec,
    .begin = pg_begin,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .batch_begin = pg_batch_begin,
    .job_begin = pg_job_begin,
    .job_end = pg_job_end,
    .batch_commit = pg_batch_commit,
    .manual_checkpoints = pg_manual_checkpoints,
    .checkpoint = pg_checkpoint,
    .notify = pg_notify,
    .listen = pg_listen,
    .listen_wait = pg_listen_wait,
    .listen_close = pg_listen_close,
};
