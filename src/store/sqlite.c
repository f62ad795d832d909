/*
 * sqlite.c - the SQLite driver: connection set-up, the prepared-statement cache,
 * the statement API of driver.h, transactions and migrations.
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

#include "store/driver.h"
#include "store/migrations.h"
#include "util/timeutil.h"

typedef struct cache_entry {
    uint64_t hash;
    sqlite3_stmt *st;
} cache_entry;

struct store {
    sqlite3 *db;
    int in_tx;          /* 0, STORE_READ + 1 or STORE_WRITE + 1 */
    int batch;          /* inside store_batch_begin .. store_batch_commit */
    int job_failed;     /* the current job asked for a rollback */
    cache_entry *cache; /* by SQL text */
    size_t cache_cap, cache_used;
    cache_entry *keyed; /* by caller-chosen shape key */
    size_t keyed_cap, keyed_used;
};

/* Writers in this process take turns here before asking SQLite for its write
 * lock. Without it, two workers wanting to write at once meet SQLite's busy
 * handler, which sleeps in growing steps (up to 100 ms), and write latency goes
 * from microseconds to a second. Other processes (the CLI) still meet the busy
 * handler. Held from BEGIN IMMEDIATE to COMMIT or ROLLBACK. */
static pthread_mutex_t write_turn = PTHREAD_MUTEX_INITIALIZER;

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

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

int store_open(const char *url, int create, store **out, err *e)
{
    pthread_once(&configured, configure);
    const char *path = url;
    if (strncmp(url, "sqlite:", 7) == 0)
        path = url + 7;
    else if (strstr(url, "://"))
        return err_set(e, ERR_INVALID, "unsupported_database", "db",
                       "unsupported database URL '%s' (use sqlite:PATH)", url);
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
    store *s = calloc(1, sizeof *s);
    if (!s) {
        sqlite3_close(db);
        return err_set(e, ERR_INTERNAL, "out_of_memory", NULL, "out of memory");
    }
    s->db = db;
    *out = s;
    return 0;
}

int store_file_moved(store *s)
{
    int moved = 0;
    if (sqlite3_file_control(s->db, "main", SQLITE_FCNTL_HAS_MOVED, &moved) != SQLITE_OK) return 0;
    return moved != 0;
}

void store_close(store *s)
{
    if (!s) return;
    store_rollback(s);
    for (size_t i = 0; i < s->cache_cap; i++)
        if (s->cache[i].st) sqlite3_finalize(s->cache[i].st);
    for (size_t i = 0; i < s->keyed_cap; i++)
        if (s->keyed[i].st) sqlite3_finalize(s->keyed[i].st);
    free(s->cache);
    free(s->keyed);
    sqlite3_close(s->db);
    free(s);
}

/* Open addressing with linear probing; grows at half full. */
static int table_put(cache_entry **tab, size_t *cap_io, size_t *used, uint64_t h, sqlite3_stmt *st)
{
    if ((*used + 1) * 2 > *cap_io) {
        size_t cap = *cap_io ? *cap_io * 2 : 128;
        cache_entry *n = calloc(cap, sizeof *n);
        if (!n) return -1;
        for (size_t i = 0; i < *cap_io; i++) {
            if (!(*tab)[i].st) continue;
            size_t j = (*tab)[i].hash & (cap - 1);
            while (n[j].st) j = (j + 1) & (cap - 1);
            n[j] = (*tab)[i];
        }
        free(*tab);
        *tab = n;
        *cap_io = cap;
    }
    size_t j = h & (*cap_io - 1);
    while ((*tab)[j].st) j = (j + 1) & (*cap_io - 1);
    (*tab)[j].hash = h;
    (*tab)[j].st = st;
    (*used)++;
    return 0;
}

static int cache_put(store *s, uint64_t h, sqlite3_stmt *st)
{
    return table_put(&s->cache, &s->cache_cap, &s->cache_used, h, st);
}

db_stmt *db_cached(store *s, uint64_t key)
{
    if (!s->keyed_cap) return NULL;
    size_t j = key & (s->keyed_cap - 1);
    while (s->keyed[j].st) {
        if (s->keyed[j].hash == key) return (db_stmt *)s->keyed[j].st;
        j = (j + 1) & (s->keyed_cap - 1);
    }
    return NULL;
}

db_stmt *db_prepare_keyed(store *s, uint64_t key, const char *sql, err *e)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
    if (rc != SQLITE_OK) {
        sqlite_err(s->db, rc, e);
        return NULL;
    }
    if (table_put(&s->keyed, &s->keyed_cap, &s->keyed_used, key, st)) {
        sqlite3_finalize(st);
        err_set(e, ERR_INTERNAL, "out_of_memory", NULL, "out of memory");
        return NULL;
    }
    return (db_stmt *)st;
}

db_stmt *db_prepare(store *s, const char *sql, err *e)
{
    uint64_t h = fnv1a(sql);
    if (s->cache_cap) {
        size_t j = h & (s->cache_cap - 1);
        while (s->cache[j].st) {
            if (s->cache[j].hash == h && strcmp(sqlite3_sql(s->cache[j].st), sql) == 0)
                return (db_stmt *)s->cache[j].st;
            j = (j + 1) & (s->cache_cap - 1);
        }
    }
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
    if (rc != SQLITE_OK) {
        sqlite_err(s->db, rc, e);
        return NULL;
    }
    if (cache_put(s, h, st)) {
        sqlite3_finalize(st);
        err_set(e, ERR_INTERNAL, "out_of_memory", NULL, "out of memory");
        return NULL;
    }
    return (db_stmt *)st;
}

void db_bind_int(db_stmt *st, int i, int64_t v)
{
    sqlite3_bind_int64((sqlite3_stmt *)st, i, v);
}

void db_bind_text(db_stmt *st, int i, const char *v, size_t n)
{
    sqlite3_bind_text((sqlite3_stmt *)st, i, v, (int)n, SQLITE_TRANSIENT);
}

void db_bind_null(db_stmt *st, int i)
{
    sqlite3_bind_null((sqlite3_stmt *)st, i);
}

void db_bind_str(db_stmt *st, int i, const char *v)
{
    if (v)
        db_bind_text(st, i, v, strlen(v));
    else
        db_bind_null(st, i);
}

void db_bind_id(db_stmt *st, int i, int64_t v)
{
    if (v)
        db_bind_int(st, i, v);
    else
        db_bind_null(st, i);
}

int db_step(db_stmt *st, err *e)
{
    sqlite3_stmt *s = (sqlite3_stmt *)st;
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) return DB_ROW;
    if (rc == SQLITE_DONE) return DB_DONE;
    sqlite_err(sqlite3_db_handle(s), rc, e);
    return DB_ERROR;
}

int db_column_is_null(db_stmt *st, int i)
{
    return sqlite3_column_type((sqlite3_stmt *)st, i) == SQLITE_NULL;
}

int64_t db_column_int(db_stmt *st, int i)
{
    return sqlite3_column_int64((sqlite3_stmt *)st, i);
}

const char *db_column_text(db_stmt *st, int i)
{
    return (const char *)sqlite3_column_text((sqlite3_stmt *)st, i);
}

size_t db_column_bytes(db_stmt *st, int i)
{
    return (size_t)sqlite3_column_bytes((sqlite3_stmt *)st, i);
}

void db_done(db_stmt *st)
{
    sqlite3_reset((sqlite3_stmt *)st);
    sqlite3_clear_bindings((sqlite3_stmt *)st);
}

int64_t db_changes(store *s)
{
    return sqlite3_changes64(s->db);
}

int db_exec(store *s, const char *sql, err *e)
{
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
    db_stmt *st = db_prepare(s, sql, e);
    if (!st) return -1;
    int rc = db_step(st, e);
    db_done(st);
    return rc == DB_ERROR ? -1 : 0;
}

int store_begin(store *s, int mode, err *e)
{
    if (s->batch || s->in_tx == STORE_WRITE + 1) return 0; /* a write covers both */
    if (s->in_tx) {
        /* already reading: a read joins it; a write ends it and takes the lock */
        if (mode == STORE_READ) return 0;
        if (store_commit(s, e)) return -1;
    }
    if (mode == STORE_WRITE) pthread_mutex_lock(&write_turn);
    if (step_once(s, mode == STORE_WRITE ? "BEGIN IMMEDIATE" : "BEGIN", e)) {
        if (mode == STORE_WRITE) pthread_mutex_unlock(&write_turn);
        return -1;
    }
    s->in_tx = mode + 1;
    return 0;
}

/* Ends the transaction's bookkeeping: a writer gives up its turn. */
static void tx_ended(store *s)
{
    if (s->in_tx == STORE_WRITE + 1) pthread_mutex_unlock(&write_turn);
    s->in_tx = 0;
}

int store_commit(store *s, err *e)
{
    if (!s->in_tx || s->batch) return 0;
    if (step_once(s, "COMMIT", e)) {
        store_rollback(s);
        return -1;
    }
    tx_ended(s);
    return 0;
}

void store_rollback(store *s)
{
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

int store_batch_begin(store *s, err *e)
{
    if (s->in_tx && store_commit(s, e)) return -1;
    if (store_begin(s, STORE_WRITE, e)) return -1;
    s->batch = 1;
    return 0;
}

int store_job_begin(store *s, err *e)
{
    s->job_failed = 0;
    return step_once(s, "SAVEPOINT job", e);
}

int store_job_end(store *s, int ok)
{
    if (!ok && !s->job_failed) sqlite3_exec(s->db, "ROLLBACK TO job", NULL, NULL, NULL);
    s->job_failed = 0;
    /* Some errors (I/O, full disk, out of memory) make SQLite roll back the
     * whole transaction: then the savepoint is gone, and so is the batch. */
    if (sqlite3_get_autocommit(s->db)) return -1;
    return sqlite3_exec(s->db, "RELEASE job", NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

int store_batch_commit(store *s, err *e)
{
    s->batch = 0;
    if (sqlite3_get_autocommit(s->db)) {
        tx_ended(s);
        return err_set(e, ERR_UNAVAILABLE, "write_failed", NULL,
                       "the change could not be stored; try again");
    }
    return store_commit(s, e);
}

int store_manual_checkpoints(store *s, err *e)
{
    return db_exec(s, "PRAGMA wal_autocheckpoint=0", e);
}

/* Frames in the log beyond which a checkpoint also restarts it (~16 MB). */
#define RESTART_FRAMES 4096

int store_checkpoint(store *s, err *e)
{
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

int store_schema_version(store *s, int *version, err *e)
{
    if (db_exec(s,
                "CREATE TABLE IF NOT EXISTS schema_migrations (number INTEGER PRIMARY KEY,"
                " name TEXT NOT NULL, applied_at TEXT NOT NULL)",
                e))
        return -1;
    int64_t v = 0;
    db_stmt *st = db_prepare(s, "SELECT coalesce(max(number), 0) FROM schema_migrations", e);
    if (!st) return -1;
    int rc = db_step(st, e);
    if (rc == DB_ROW) v = db_column_int(st, 0);
    db_done(st);
    if (rc == DB_ERROR) return -1;
    *version = (int)v;
    return 0;
}

int store_migrate(store *s, int *applied, err *e)
{
    int current = 0, n = 0;
    if (store_schema_version(s, &current, e)) return -1;
    for (int i = 0; i < migrations_count; i++) {
        const struct migration *m = &migrations[i];
        if (m->number <= current) continue;
        if (store_begin(s, STORE_WRITE, e)) return -1;
        if (db_exec(s, m->sql, e) || migration_steps_run(s, m->number, e)) {
            store_rollback(s);
            char msg[sizeof e->message];
            memcpy(msg, e->message, sizeof msg);
            return err_set(e, ERR_INTERNAL, "migration_failed", NULL, "migration %s failed: %s",
                           m->name, msg);
        }
        char now[21];
        time_now_iso(now);
        db_stmt *st = db_prepare(
            s, "INSERT INTO schema_migrations (number, name, applied_at) VALUES (?, ?, ?)", e);
        if (!st) {
            store_rollback(s);
            return -1;
        }
        db_bind_int(st, 1, m->number);
        db_bind_text(st, 2, m->name, strlen(m->name));
        db_bind_text(st, 3, now, strlen(now));
        int rc = db_step(st, e);
        db_done(st);
        if (rc == DB_ERROR || store_commit(s, e)) {
            store_rollback(s);
            return -1;
        }
        n++;
    }
    if (applied) *applied = n;
    return 0;
}
