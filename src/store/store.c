/*
 * store.c - chooses the engine by the database URL and forwards the storage
 * interface (store.h, driver.h) to it; the migrations, which are the same
 * steps on every engine, live here.
 *
 *   sqlite:PATH, or a bare PATH      SQLite (sqlite.c)
 *   postgres://…, postgresql://…     PostgreSQL (postgres.c, libpq)
 */
#include <stdlib.h>
#include <string.h>

#include "store/engine.h"
#include "util/timeutil.h"

uint64_t engine_hash(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

int engine_table_put(engine_table *t, uint64_t h, void *st)
{
    if ((t->used + 1) * 2 > t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 128;
        engine_slot *n = calloc(cap, sizeof *n);
        if (!n) return -1;
        for (size_t i = 0; i < t->cap; i++) {
            if (!t->slots[i].st) continue;
            size_t j = t->slots[i].hash & (cap - 1);
            while (n[j].st) j = (j + 1) & (cap - 1);
            n[j] = t->slots[i];
        }
        free(t->slots);
        t->slots = n;
        t->cap = cap;
    }
    size_t j = h & (t->cap - 1);
    while (t->slots[j].st) j = (j + 1) & (t->cap - 1);
    t->slots[j].hash = h;
    t->slots[j].st = st;
    t->used++;
    return 0;
}

void *engine_table_find(const engine_table *t, uint64_t h, int (*same)(void *st, const void *key),
                        const void *key)
{
    if (!t->cap) return NULL;
    for (size_t j = h & (t->cap - 1); t->slots[j].st; j = (j + 1) & (t->cap - 1))
        if (t->slots[j].hash == h && (!same || same(t->slots[j].st, key))) return t->slots[j].st;
    return NULL;
}

static const engine *engine_for(const char *url)
{
    if (strncmp(url, "postgres://", 11) == 0 || strncmp(url, "postgresql://", 13) == 0)
        return &postgres_engine;
    if (strncmp(url, "sqlite:", 7) == 0 || !strstr(url, "://")) return &sqlite_engine;
    return NULL;
}

int store_open(const char *url, int create, store **out, err *e)
{
    const engine *en = engine_for(url);
    if (!en) {
        /* the scheme only: the rest of a URL may hold a password */
        int n = (int)(strstr(url, "://") - url);
        return err_set(e, ERR_INVALID, "unsupported_database", "db",
                       "unsupported database URL '%.*s://...' (use sqlite:PATH or "
                       "postgres://HOST/NAME)",
                       n > 20 ? 20 : n, url);
    }
    return en->open(url, create, out, e);
}

void store_close(store *s)
{
    if (s) s->engine->close(s);
}

int store_file_moved(store *s)
{
    return s->engine->file_moved(s);
}

const char *store_engine(store *s)
{
    return s->engine->name;
}

db_stmt *db_prepare(store *s, const char *sql, err *e)
{
    return s->engine->prepare(s, sql, e);
}

db_stmt *db_cached(store *s, uint64_t key)
{
    return s->engine->cached(s, key);
}

db_stmt *db_prepare_keyed(store *s, uint64_t key, const char *sql, err *e)
{
    return s->engine->prepare_keyed(s, key, sql, e);
}

void db_bind_int(db_stmt *st, int i, int64_t v)
{
    st->engine->bind_int(st, i, v);
}

void db_bind_text(db_stmt *st, int i, const char *v, size_t n)
{
    st->engine->bind_text(st, i, v, n);
}

void db_bind_null(db_stmt *st, int i)
{
    st->engine->bind_null(st, i);
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
    return st->engine->step(st, e);
}

int db_column_is_null(db_stmt *st, int i)
{
    return st->engine->column_is_null(st, i);
}

int64_t db_column_int(db_stmt *st, int i)
{
    return st->engine->column_int(st, i);
}

const char *db_column_text(db_stmt *st, int i)
{
    return st->engine->column_text(st, i);
}

size_t db_column_bytes(db_stmt *st, int i)
{
    return st->engine->column_bytes(st, i);
}

void db_done(db_stmt *st)
{
    st->engine->done(st);
}

int64_t db_changes(store *s)
{
    return s->engine->changes(s);
}

int db_exec(store *s, const char *sql, err *e)
{
    return s->engine->exec(s, sql, e);
}

int store_begin(store *s, int mode, err *e)
{
    return s->engine->begin(s, mode, e);
}

int store_commit(store *s, err *e)
{
    return s->engine->commit(s, e);
}

void store_rollback(store *s)
{
    s->engine->rollback(s);
}

int store_batch_begin(store *s, err *e)
{
    return s->engine->batch_begin(s, e);
}

int store_job_begin(store *s, err *e)
{
    return s->engine->job_begin(s, e);
}

int store_job_end(store *s, int ok)
{
    return s->engine->job_end(s, ok);
}

int store_batch_commit(store *s, err *e)
{
    return s->engine->batch_commit(s, e);
}

int store_manual_checkpoints(store *s, err *e)
{
    return s->engine->manual_checkpoints(s, e);
}

int store_checkpoint(store *s, err *e)
{
    return s->engine->checkpoint(s, e);
}

int store_notify(store *s, const char *channel, const char *payload, err *e)
{
    if (!s->engine->notify) return 1;
    return s->engine->notify(s, channel, payload, e);
}

int store_listen(const char *url, const char *channel, store_listener **out, err *e)
{
    *out = NULL;
    const engine *en = engine_for(url);
    if (!en || !en->listen) return 0;
    return en->listen(url, channel, out, e);
}

int store_listen_wait(store_listener *l, int timeout_ms, void (*fn)(void *ctx, const char *payload),
                      void *ctx, err *e)
{
    return l->engine->listen_wait(l, timeout_ms, fn, ctx, e);
}

void store_listen_close(store_listener *l)
{
    if (l) l->engine->listen_close(l);
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
    /* under the writers' lock from the first look: servers starting at once
     * on a new database would otherwise race to make schema_migrations */
    if (store_begin(s, STORE_WRITE, e) || store_schema_version(s, &current, e) ||
        store_commit(s, e)) {
        store_rollback(s);
        return -1;
    }
    const engine *en = s->engine;
    for (int i = 0; i < *en->migrations_count; i++) {
        const struct migration *m = &en->migrations[i];
        if (m->number <= current) continue;
        if (store_begin(s, STORE_WRITE, e)) return -1;
        /* under the writers' lock, again: another server starting at the
         * same time may have applied it meanwhile */
        if (store_schema_version(s, &current, e)) {
            store_rollback(s);
            return -1;
        }
        if (m->number <= current) {
            store_rollback(s);
            continue;
        }
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
