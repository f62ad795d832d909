/*
 * engine.h - what a database engine's driver implements (sqlite.c,
 * postgres.c), seen only by the drivers and by store.c, which chooses one by
 * the URL's scheme and forwards the functions of store.h and driver.h to it.
 *
 * A driver's connection struct starts with a `store` and its statement
 * struct with a `db_stmt`, so one pointer serves both views; the `engine`
 * pointer in each tells store.c whose functions to call. Two engines can be
 * open in one process at once (`helhet copy` reads one and writes the other).
 */
#ifndef HELHET_ENGINE_H
#define HELHET_ENGINE_H

#include "store/driver.h"
#include "store/migrations.h"

struct engine;

struct store {
    const struct engine *engine;
};

struct db_stmt {
    const struct engine *engine;
};

typedef struct engine {
    const char *name; /* "sqlite", "postgres" */
    const struct migration *migrations;
    const int *migrations_count;

    int (*open)(const char *url, int create, store **out, err *e);
    void (*close)(store *s);
    int (*file_moved)(store *s);

    db_stmt *(*prepare)(store *s, const char *sql, err *e);
    db_stmt *(*cached)(store *s, uint64_t key);
    db_stmt *(*prepare_keyed)(store *s, uint64_t key, const char *sql, err *e);
    void (*bind_int)(db_stmt *st, int i, int64_t v);
    void (*bind_text)(db_stmt *st, int i, const char *v, size_t n);
    void (*bind_null)(db_stmt *st, int i);
    int (*step)(db_stmt *st, err *e);
    int (*column_is_null)(db_stmt *st, int i);
    int64_t (*column_int)(db_stmt *st, int i);
    const char *(*column_text)(db_stmt *st, int i);
    size_t (*column_bytes)(db_stmt *st, int i);
    void (*done)(db_stmt *st);
    int64_t (*changes)(store *s);
    int (*exec)(store *s, const char *sql, err *e);

    int (*begin)(store *s, int mode, err *e);
    int (*commit)(store *s, err *e);
    void (*rollback)(store *s);
    int (*batch_begin)(store *s, err *e);
    int (*job_begin)(store *s, err *e);
    int (*job_end)(store *s, int ok);
    int (*batch_commit)(store *s, err *e);
    int (*manual_checkpoints)(store *s, err *e);
    int (*checkpoint)(store *s, err *e);

    /* NULL where the engine has no notifications (store.h) */
    int (*notify)(store *s, const char *channel, const char *payload, err *e);
    int (*listen)(const char *url, const char *channel, store_listener **out, err *e);
    int (*listen_wait)(store_listener *l, int timeout_ms,
                       void (*fn)(void *ctx, const char *payload), void *ctx, err *e);
    void (*listen_close)(store_listener *l);
} engine;

struct store_listener {
    const struct engine *engine;
};

extern const engine sqlite_engine;
extern const engine postgres_engine;

/* FNV-1a of a string: the drivers' statement caches hash SQL text with it. */
uint64_t engine_hash(const char *s);

/* The drivers' statement caches: open addressing with linear probing on a
 * 64-bit hash (of the SQL text, or a caller's shape key), grown at half full.
 * A slot's statement is the driver's own. */
typedef struct engine_slot {
    uint64_t hash;
    void *st;
} engine_slot;
typedef struct engine_table {
    engine_slot *slots;
    size_t cap, used;
} engine_table;
/* 0, or -1 when out of memory (nothing changed). */
int engine_table_put(engine_table *t, uint64_t h, void *st);
/* The statement under h for which same(st, key) holds (same NULL: the hash
 * alone decides), or NULL. */
void *engine_table_find(const engine_table *t, uint64_t h, int (*same)(void *st, const void *key),
                        const void *key);

#endif
