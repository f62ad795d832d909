/*
 * record.h - records described by tables of fields, and the generic operations
 * on them (get, list, insert, update, delete).
 *
 * A record_def says how one concept is stored: its table and its fields. Field
 * names are column names and JSON names at once, so one table serves the store
 * (which columns, which conversions), the domain (what is valid input) and the
 * api (what is answered). Every table also has the implicit columns id,
 * tenant_id, version, created_at and updated_at; every operation is scoped to a
 * tenant, so an id from another tenant is simply not found.
 *
 * Identifiers in the SQL these functions build come only from these static
 * tables, never from input; values are always bound as parameters.
 */
#ifndef HELHET_RECORD_H
#define HELHET_RECORD_H

#include <jansson.h>
#include <stdint.h>

#include "store/store.h"

typedef enum {
    FT_TEXT,      /* a string; min/max bound its length in characters */
    FT_INT,       /* an integer; min/max bound its value */
    FT_BOOL,      /* true or false (stored as 0/1) */
    FT_DATE,      /* "YYYY-MM-DD" */
    FT_TIMESTAMP, /* "YYYY-MM-DDTHH:MM:SSZ" (UTC) */
    FT_ENUM,      /* one of `values` */
    FT_ENUM_LIST, /* a JSON array of distinct `values` (stored as JSON text) */
    FT_REF,       /* the id of a `ref` record in the same tenant */
    FT_JSON,      /* any JSON, validated by the domain (stored as JSON text) */
} field_type;

#define FF_REQUIRED    1u  /* must be given when the record is created */
#define FF_READONLY    2u  /* set by the system only; clients may not send it */
#define FF_CREATE_ONLY 4u  /* may be given at creation, not changed afterwards */
#define FF_NOT_NULL    8u  /* may not be null once set */
#define FF_HIDDEN      16u /* stored but never answered (e.g. password hashes) */

struct record_def;

typedef struct field_def {
    const char *name;
    field_type type;
    unsigned flags;
    const char *const *values; /* FT_ENUM, FT_ENUM_LIST: NULL-terminated */
    int64_t min, max;          /* see field_type; 0,0 means unbounded */
    const struct record_def *ref;
} field_def;

struct actor;

typedef struct record_def {
    const char *name;  /* singular, for messages and history: "person" */
    const char *table; /* "persons" */
    const field_def *fields;
    int nfields;
    /* Optional domain rule run after field validation, before a write: `values`
     * are the accepted input (it may add derived fields), `current` the stored
     * record on update (NULL on create). Set by the domain; the store ignores it. */
    int (*check)(store *s, int64_t tenant, json_t *values, json_t *current, err *e);
    /* Optional domain step after a create or an update, in the same transaction,
     * knowing who wrote: `record` is the record as stored and answered (the
     * step may change it), `previous` the record before an update (NULL on
     * create). Used where who writes decides what the write means (four eyes). */
    int (*after)(store *s, const struct actor *a, json_t *record, json_t *previous, err *e);
} record_def;

/* The field named `name`, or NULL. */
const field_def *rec_field(const record_def *d, const char *name);

/* Reads one record as a JSON object (implicit columns included, FF_HIDDEN
 * fields left out). ERR_NOT_FOUND if there is none in this tenant. */
int rec_get(store *s, const record_def *d, int64_t tenant, int64_t id, json_t **out, err *e);

/* 1 if a record with this id exists in this tenant, 0 if not, -1 on error. */
int rec_exists(store *s, const record_def *d, int64_t tenant, int64_t id, err *e);

/* Inserts the fields present in `values` (already validated). Version starts at
 * 1, timestamps are set. *id gets the new id. */
int rec_insert(store *s, const record_def *d, int64_t tenant, json_t *values, int64_t *id, err *e);

/* As rec_insert, and *out gets the stored record (one statement: INSERT ...
 * RETURNING), defaults and timestamps included. */
int rec_insert_get(store *s, const record_def *d, int64_t tenant, json_t *values, json_t **out,
                   err *e);

/* Updates the fields present in `values` and bumps the version. With
 * if_version > 0 the update happens only at that version: ERR_STALE otherwise.
 * ERR_NOT_FOUND if the record does not exist in this tenant. */
int rec_update(store *s, const record_def *d, int64_t tenant, int64_t id, int64_t if_version,
               json_t *values, err *e);

/* Deletes a record (with the same version check as rec_update). */
int rec_delete(store *s, const record_def *d, int64_t tenant, int64_t id, int64_t if_version,
               err *e);

typedef enum {
    RF_EQ,
    RF_NE,
    RF_LT,
    RF_LE,
    RF_GT,
    RF_GE,
    RF_IS_NULL,
    RF_NOT_NULL,
    RF_PREFIX,   /* text starts with value, case-insensitive for ASCII */
    RF_CONTAINS, /* FT_ENUM_LIST contains value */
} rec_op;

typedef struct rec_filter {
    const char *field; /* a field of the record, or "id" */
    rec_op op;
    json_t *value; /* borrowed; ignored for RF_IS_NULL/RF_NOT_NULL */
} rec_filter;

/* Lists records matching every filter, ordered by id, starting after id `after`
 * (keyset pagination: the cost grows with the page, not the table). *items gets a
 * JSON array; *next the id to continue after, or 0 when this was the last page. */
int rec_list(store *s, const record_def *d, int64_t tenant, const rec_filter *f, int nf,
             int64_t after, int limit, json_t **items, int64_t *next, err *e);

/* Converts the current row of a statement whose columns are
 * id, <fields...>, version, created_at, updated_at into a JSON object. */
struct db_stmt;
json_t *rec_row_to_json(const record_def *d, struct db_stmt *st);

/* For named queries that page: steps `st` (whose LIMIT was bound to limit + 1),
 * turning up to `limit` rows into JSON with row(ctx, st) - each object must have
 * "id" -, into a new array *items; *next is the last id when more rows remain,
 * else 0. Releases the statement. rec_row adapts rec_row_to_json (ctx: the
 * record_def). */
int rec_collect_page(struct db_stmt *st, int limit,
                     json_t *(*row)(const void *ctx, struct db_stmt *st), const void *ctx,
                     json_t **items, int64_t *next, err *e);
json_t *rec_row(const void *def, struct db_stmt *st);

/* The SELECT column list for `d` ("id, a, b, version, created_at, updated_at"),
 * for named queries that return whole records. Written into out[size]. */
void rec_columns(const record_def *d, const char *prefix, char *out, size_t size);

#endif
