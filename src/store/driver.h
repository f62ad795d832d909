/*
 * driver.h - the dialect-neutral statement API that record.c and the named
 * queries use. SQL text uses `?` placeholders and the common ground of SQLite
 * 3.40 and PostgreSQL 15 (DESIGN principle 3); a driver translates what differs.
 *
 * Statements are prepared once per connection and cached by their text, so a
 * query in a hot path costs a hash lookup, not a parse.
 */
#ifndef HELHET_DRIVER_H
#define HELHET_DRIVER_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

typedef struct db_stmt db_stmt;

enum { DB_ROW = 1, DB_DONE = 0, DB_ERROR = -1 };

/* A cached prepared statement for `sql`, reset and with bindings cleared. NULL on
 * error (e filled). Do not finalize it; db_done() releases it back to the cache. */
db_stmt *db_prepare(store *s, const char *sql, err *e);
/* Statements for SQL generated from static tables (record.c) are cached under a
 * key the caller derives from the shape (record, operation, fields), so a hot
 * path neither formats nor hashes SQL text. db_cached gives NULL until
 * db_prepare_keyed has stored one under that key. */
db_stmt *db_cached(store *s, uint64_t key);
db_stmt *db_prepare_keyed(store *s, uint64_t key, const char *sql, err *e);
void db_bind_int(db_stmt *st, int i, int64_t v); /* i counts from 1 */
void db_bind_text(db_stmt *st, int i, const char *v, size_t n);
void db_bind_null(db_stmt *st, int i);
/* A C string, or NULL as SQL NULL. */
void db_bind_str(db_stmt *st, int i, const char *v);
/* An id, or 0 as SQL NULL (for optional references). */
void db_bind_id(db_stmt *st, int i, int64_t v);
/* DB_ROW, DB_DONE, or DB_ERROR (e filled: a constraint is ERR_CONFLICT). */
int db_step(db_stmt *st, err *e);
int db_column_is_null(db_stmt *st, int i); /* i counts from 0 */
int64_t db_column_int(db_stmt *st, int i);
const char *db_column_text(db_stmt *st, int i);
size_t db_column_bytes(db_stmt *st, int i);
/* Releases the statement for reuse. */
void db_done(db_stmt *st);
/* Rows changed by the last INSERT/UPDATE/DELETE on this connection. */
int64_t db_changes(store *s);
/* Runs SQL without results (several statements allowed). */
int db_exec(store *s, const char *sql, err *e);

#endif
