/*
 * sqlite.c - the SQLite driver: connection set-up, the prepared-statement cache,
 * the statement API of driver.h and transactions (engine.h).
 *
 * Each connection is opened with SQLITE_OPEN_NOMUTEX because exactly one thread
 * uses it (DESIGN principle 6). WAL mode lets readers proceed while one writer
 * commits; synchronous=NORMAL in WAL mode keeps every committed transaction when
 * the process is killed (only a power loss can take the last ones).
 */
#include <pthread.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "store/engine.h"

/* A statement as driver.h sees it: the engine's header, then SQLite's own. */
typedef struct sq_stmt {
    db_stmt base;
    sqlite3_stmt *st;
} sq_stmt;

typedef struct sq_store {
    store base;
    sqlite3 *db;
    int in_tx;          /* 0, STORE_READ + 1 or STORE_WRITE + 1 */
    int batch;          /* inside store_batch_begin .. store_batch_commit */
    int job_failed;     /* the current job asked for a rollback */
    engine_table cache; /* by SQL text */
    engine_table keyed; /* by caller-chosen shape key */
} sq_store;

#define SQ(s)  ((sq_store *)(s))
#define ST(st) (((sq_stmt *)(st))->st)

/* Writers in this process take turns here before asking SQLite for its write
 * lock. Without it, two workers wanting to write at once meet SQLite's busy
 * handler, which sleeps in growing steps (up to 100 ms), and write latency goes
 * from microseconds to a second. Other processes (the CLI) still meet the busy
 * handler. Held from BEGIN IMMEDIATE to COMMIT or ROLLBACK. */
static pthread_mutex_t write_turn = PTHREAD_MUTEX_INITIALIZER;

static int sqlite_err(sqlite3 *db, int rc, err *e)
{
    int primary = rc & 0xff;
    if (primary == SQLITE_CONSTRAINT)
        return err_set(e, ERR_CONFLICT, "constraint", NULL,
                       "the change conflicts with stored data");
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
        return err_set(e, ERR_UNAVAILABLE, "database_busy", NULL,
                       "the database is busy; try again");
    return err_set(e, ERR_INTERNAL, "database_error", NULL, "database error: %s",
                   db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
}

/* Process-wide settings, before SQLite's first use: no memory statistics,
 * whose global mutex every allocation of every connection would take. */
static pthread_once_t configured = PTHREAD_ONCE_INIT;
static void configure(void)
{
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static int sq_open(const char *url, int create, store **out, err *e)
{
    pthread_once(&configured, configure);
    const char *path = strncmp(url, "sqlite:", 7) == 0 ? url + 7 : url;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
    sqlite3 *db = NULL;
    int rc = sqlite3_open_v2(path, &db, flags, NULL);
    if (rc != SQLITE_OK) {
        err_set(e, ERR_INTERNAL, "database_open", "db", "cannot open database '%s': %s", path,
                db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
        sqlite3_close(db);
        return -1;
    }
    /* [file modes] national ID numbers and health text: the owner's only,
     * also for a database made 0644 before (its -wal and -shm files take its mode) */
    struct stat st;
    if (stat(path, &st) == 0 && (st.st_mode & 077)) chmod(path, st.st_mode & 0700);
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, 5000);
    const char *pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                          "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;"
                          "PRAGMA cache_size=-8000; PRAGMA journal_size_limit=67108864;";
    char *msg = NULL;
    if (sqlite3_exec(db, pragmas, NULL, NULL, &msg) != SQLITE_OK) {
        err_set(e, ERR_INTERNAL, "database_open", "db", "cannot configure database: %s",
                msg ? msg : "?");
        sqlite3_free(msg);
        sqlite3_close(db);
        return -1;
    }
    sq_store *s = calloc(1, sizeof *s);
    if (!s) {
        sqlite3_close(db);
        return err_set(e, ERR_INTERNAL, "out_of_memory", NULL, "out of memory");
    }
    s->base.engine = &sqlite_engine;
    s->db = db;
    *out = &s->base;
    return 0;
}

static int sq_file_moved(store *s)
{
    int moved = 0;
    if (sqlite3_file_control(SQ(s)->db, "main", SQLITE_FCNTL_HAS_MOVED, &moved) != SQLITE_OK)
        return 0;
    return moved != 0;
}

static void sq_rollback(store *s);

static void free_table(engine_table *t)
{
    for (size_t i = 0; i < t->cap; i++)
        if (t->slots[i].st) {
            sq_stmt *st = t->slots[i].st;
            sqlite3_finalize(st->st);
            free(st);
        }
    free(t->slots);
}

static void sq_close(store *base)
{
    sq_store *s = SQ(base);
    sq_rollback(base);
    free_table(&s->cache);
    free_table(&s->keyed);
    sqlite3_close(s->db);
    free(s);
}

/* Prepares `sql` and files it in `tab` under `h`. */
static db_stmt *prepare_into(sq_store *s, engine_table *tab, uint64_t h, const char *sql, err *e)
{
    sqlite3_stmt *raw = NULL;
    int rc = sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &raw, NULL);
    if (rc != SQLITE_OK) {
        sqlite_err(s->db, rc, e);
        return NULL;
    }
    sq_stmt *st = malloc(sizeof *st);
    if (!st || engine_table_put(tab, h, st)) {
        free(st);
        sqlite3_finalize(raw);
        err_set(e, ERR_INTERNAL, "out_of_memory", NULL, "out of memory");
        return NULL;
    }
    st->base.engine = &sqlite_engine;
    st->st = raw;
    return &st->base;
}

static db_stmt *sq_cached(store *base, uint64_t key)
{
    sq_stmt *st = engine_table_find(&SQ(base)->keyed, key, NULL, NULL);
    return st ? &st->base : NULL;
}

static db_stmt *sq_prepare_keyed(store *base, uint64_t key, const char *sql, err *e)
{
    sq_store *s = SQ(base);
    return prepare_into(s, &s->keyed, key, sql, e);
}

static int same_sql(void *st, const void *sql)
{
    return strcmp(sqlite3_sql(((sq_stmt *)st)->st), sql) == 0;
}

static db_stmt *sq_prepare(store *base, const char *sql, err *e)
{
    sq_store *s = SQ(base);
    uint64_t h = engine_hash(sql);
    sq_stmt *st = engine_table_find(&s->cache, h, same_sql, sql);
    return st ? &st->base : prepare_into(s, &s->cache, h, sql, e);
}

static void sq_bind_int(db_stmt *st, int i, int64_t v)
{
    sqlite3_bind_int64(ST(st), i, v);
}

static void sq_bind_text(db_stmt *st, int i, const char *v, size_t n)
{
    sqlite3_bind_text(ST(st), i, v, (int)n, SQLITE_TRANSIENT);
}

static void sq_bind_null(db_stmt *st, int i)
{
    sqlite3_bind_null(ST(st), i);
}

static int sq_step(db_stmt *st, err *e)
{
    sqlite3_stmt *s = ST(st);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) return DB_ROW;
    if (rc == SQLITE_DONE) return DB_DONE;
    sqlite_err(sqlite3_db_handle(s), rc, e);
    return DB_ERROR;
}

static int sq_column_is_null(db_stmt *st, int i)
{
    return sqlite3_column_type(ST(st), i) == SQLITE_NULL;
}

static int64_t sq_column_int(db_stmt *st, int i)
{
    return sqlite3_column_int64(ST(st), i);
}

static const char *sq_column_text(db_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(ST(st), i);
}

static size_t sq_column_bytes(db_stmt *st, int i)
{
    return (size_t)sqlite3_column_bytes(ST(st), i);
}

static void sq_done(db_stmt *st)
{
    sqlite3_reset(ST(st));
    sqlite3_clear_bindings(ST(st));
}

static int64_t sq_changes(store *s)
{
    return sqlite3_changes64(SQ(s)->db);
}

static int sq_exec(store *base, const char *sql, err *e)
{
    sq_store *s = SQ(base);
    char *msg = NULL;
    int rc = sqlite3_exec(s->db, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK) {
        if ((rc & 0xff) == SQLITE_CONSTRAINT || (rc & 0xff) == SQLITE_BUSY)
            sqlite_err(s->db, rc, e);
        else
            err_set(e, ERR_INTERNAL, "database_error", NULL, "database error: %s", msg ? msg : "?");
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

/* Runs a cached parameterless statement (BEGIN, COMMIT): prepared once per
 * connection instead of parsed on every transaction. */
static int step_once(store *s, const char *sql, err *e)
{
    db_stmt *st = sq_prepare(s, sql, e);
    if (!st) return -1;
    int rc = sq_step(st, e);
    sq_done(st);
    return rc == DB_ERROR ? -1 : 0;
}

static int sq_commit(store *s, err *e);

static int sq_begin(store *base, int mode, err *e)
{
    sq_store *s = SQ(base);
    if (mode == STORE_APPEND) mode = STORE_WRITE;          /* one writer holds the file */
    if (s->batch || s->in_tx == STORE_WRITE + 1) return 0; /* a write covers both */
    if (s->in_tx) {
        /* already reading: a read joins it; a write ends it and takes the lock */
        if (mode == STORE_READ) return 0;
        if (sq_commit(base, e)) return -1;
    }
    if (mode == STORE_WRITE) pthread_mutex_lock(&write_turn);
    if (step_once(base, mode == STORE_WRITE ? "BEGIN IMMEDIATE" : "BEGIN", e)) {
        if (mode == STORE_WRITE) pthread_mutex_unlock(&write_turn);
        return -1;
    }
    s->in_tx = mode + 1;
    return 0;
}

/* Ends the transaction's bookkeeping: a writer gives up its turn. */
static void tx_ended(sq_store *s)
{
    if (s->in_tx == STORE_WRITE + 1) pthread_mutex_unlock(&write_turn);
    s->in_tx = 0;
}

static int sq_commit(store *base, err *e)
{
    sq_store *s = SQ(base);
    if (!s->in_tx || s->batch) return 0;
    if (step_once(base, "COMMIT", e)) {
        sq_rollback(base);
        return -1;
    }
    tx_ended(s);
    return 0;
}

static void sq_rollback(store *base)
{
    sq_store *s = SQ(base);
    if (s->batch) {
        /* undo this job only; store_job_end releases the savepoint */
        if (!s->job_failed) sqlite3_exec(s->db, "ROLLBACK TO job", NULL, NULL, NULL);
        s->job_failed = 1;
        return;
    }
    if (!s->in_tx) return;
    sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    tx_ended(s);
}

static int sq_batch_begin(store *base, err *e)
{
    sq_store *s = SQ(base);
    if (s->in_tx && sq_commit(base, e)) return -1;
    if (sq_begin(base, STORE_WRITE, e)) return -1;
    s->batch = 1;
    return 0;
}

static int sq_job_begin(store *base, err *e)
{
    SQ(base)->job_failed = 0;
    return step_once(base, "SAVEPOINT job", e);
}

static int sq_job_end(store *base, int ok)
{
    sq_store *s = SQ(base);
    if (!ok && !s->job_failed) sqlite3_exec(s->db, "ROLLBACK TO job", NULL, NULL, NULL);
    s->job_failed = 0;
    /* Some errors (I/O, full disk, out of memory) make SQLite roll back the
     * whole transaction: then the savepoint is gone, and so is the batch. */
    if (sqlite3_get_autocommit(s->db)) return -1;
    return sqlite3_exec(s->db, "RELEASE job", NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

static int sq_batch_commit(store *base, err *e)
{
    sq_store *s = SQ(base);
    s->batch = 0;
    if (sqlite3_get_autocommit(s->db)) {
        tx_ended(s);
        return err_set(e, ERR_UNAVAILABLE, "write_failed", NULL,
                       "the change could not be stored; try again");
    }
    return sq_commit(base, e);
}

static int sq_manual_checkpoints(store *s, err *e)
{
    return sq_exec(s, "PRAGMA wal_autocheckpoint=0", e);
}

/* Frames in the log beyond which a checkpoint also restarts it (~16 MB). */
#define RESTART_FRAMES 4096

static int sq_checkpoint(store *base, err *e)
{
    sq_store *s = SQ(base);
    int log = 0, done = 0;
    int rc = sqlite3_wal_checkpoint_v2(s->db, NULL, SQLITE_CHECKPOINT_PASSIVE, &log, &done);
    if (rc != SQLITE_OK && rc != SQLITE_BUSY) return sqlite_err(s->db, rc, e);
    /* Under steady traffic some transaction is always open, so the log is copied
     * but never starts over and grows without end. Past the limit, RESTART waits
     * (through the busy handler) for readers to move on, holding new writers back
     * for that moment, so the next write starts the log from its beginning. */
    if (log > RESTART_FRAMES) {
        /* take the writers' turn, so they queue on the mutex, not in the busy handler */
        pthread_mutex_lock(&write_turn);
        rc = sqlite3_wal_checkpoint_v2(s->db, NULL, SQLITE_CHECKPOINT_RESTART, &log, &done);
        pthread_mutex_unlock(&write_turn);
        if (rc != SQLITE_OK && rc != SQLITE_BUSY) return sqlite_err(s->db, rc, e);
    }
    return 0;
}

const engine sqlite_engine = {
    .name = "sqlite",
    .migrations = sqlite_migrations,
    .migrations_count = &sqlite_migrations_count,
    .open = sq_open,
    .close = sq_close,
    .file_moved = sq_file_moved,
    .prepare = sq_prepare,
    .cached = sq_cached,
    .prepare_keyed = sq_prepare_keyed,
    .bind_int = sq_bind_int,
    .bind_text = sq_bind_text,
    .bind_null = sq_bind_null,
    .step = sq_step,
    .column_is_null = sq_column_is_null,
    .column_int = sq_column_int,
    .column_text = sq_column_text,
    .column_bytes = sq_column_bytes,
    .done = sq_done,
    .changes = sq_changes,
    .exec = sq_exec,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .batch_begin = sq_batch_begin,
    .job_begin = sq_job_begin,
    .job_end = sq_job_end,
    .batch_commit = sq_batch_commit,
    .manual_checkpoints = sq_manual_checkpoints,
    .checkpoint = sq_checkpoint,
};
