/*
 * copy_store.h - the queries of `helhet copy` (cmd/copy.c): a whole database
 * copied table by table from one store into another, of either engine.
 *
 * copy_tables lists every table of the schema in an order that puts parents
 * before their children (foreign keys are checked as each row goes in on
 * PostgreSQL), with what the copy does with it. copy_store_check_tables
 * compares the list with the schema of a database, so a migration that adds
 * a table and forgets the list makes every copy (and tests/api/copy.test.mjs)
 * fail instead of leaving the table behind.
 */
#ifndef HELHET_COPY_STORE_H
#define HELHET_COPY_STORE_H

#include <stdint.h>

#include "store/store.h"

enum {
    COPY_ROWS,    /* every row, every column by name, ids kept */
    COPY_DERIVED, /* made on the target by a trigger as the rows it derives from go in */
    COPY_CHAIN,   /* audit_chain: the one row its migration made, set to the source's */
    COPY_OWN      /* the target keeps its own: migrations, counters, the journal's position */
};

typedef struct copy_table {
    const char *name;
    int kind;
    const char *why; /* for COPY_DERIVED and COPY_OWN: shown beside the counts */
} copy_table;

extern const copy_table copy_tables[];
extern const int copy_tables_count;

/* The schema version this binary's migrations reach on s's engine. */
int copy_store_binary_version(store *s);

/* 0 when every table of s's schema is in copy_tables and every listed table
 * exists; -1 naming the first that is not. Inside a transaction. */
int copy_store_check_tables(store *s, err *e);

/* COUNT(*) of a listed table; with tenant > 0 only that municipality's rows
 * (tables without tenant_id count whole). Inside a transaction. */
int copy_store_count(store *s, const char *table, int64_t tenant, int64_t *n, err *e);

/* The number of municipalities, and the id of the one named slug (0 when
 * none has that slug). Inside a transaction. */
int copy_store_tenants(store *s, const char *slug, int64_t *count, int64_t *id, err *e);

/* The first COPY_ROWS table of the target that holds a row, into *table
 * (NULL when all are empty). Inside a transaction. */
int copy_store_first_nonempty(store *s, const char **table, err *e);

/* Copies one table's rows from src (in a read transaction) into dst (in a
 * write transaction): every column by name, values as text or NULL (each
 * engine stores them by the column's type), ids kept. Columns that refer to
 * rows of the same table (a consent's replaced_by names a later consent) are
 * set after all rows are in. With tenant > 0, only that municipality's rows
 * of the tables that have a tenant_id. *rows gets the number copied. */
int copy_store_table(store *src, store *dst, const char *table, int64_t tenant, int64_t *rows,
                     err *e);

/* audit_chain: sets the target's keyed_from to the source's (its migration
 * made the row, and its triggers refuse a change, so they are set aside for
 * that one update). Inside dst's write transaction. */
int copy_store_chain(store *src, store *dst, err *e);

/* After the rows, on PostgreSQL: every identity column's sequence continues
 * after the highest id copied. Nothing on SQLite (a rowid continues by
 * itself). Inside dst's write transaction. */
int copy_store_sequences(store *dst, err *e);

#endif
