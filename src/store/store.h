/*
 * store.h - the storage interface. All SQL in Helhet lives below this line.
 *
 * A `store` is one database connection, owned by one thread (a server worker or
 * the CLI). Above it, domain code calls the record operations in record.h and the
 * named queries in the store_*.h headers; it never sees SQL. Below it, the driver
 * functions (db_* in driver.h) hide the engine: SQLite (store/sqlite.c) or
 * PostgreSQL (store/postgres.c), chosen by the URL's scheme (store/store.c).
 *
 * Transactions: store_begin(s, STORE_WRITE) takes the write lock up front (SQLite
 * BEGIN IMMEDIATE) so that two writers never deadlock on upgrade; read
 * transactions give a consistent snapshot across several queries.
 * store_begin means "be in a transaction of at least this mode": the router
 * opens one per request before it looks up the actor (a read for GET, a write
 * for requests that change data), because starting a transaction costs lock
 * calls; a handler's store_begin then joins it. A write begun while a read is
 * open ends the read first; a read or write begun inside a write joins it.
 */
#ifndef HELHET_STORE_H
#define HELHET_STORE_H

#include <stdint.h>

#include "util/err.h"

typedef struct store store;

/* STORE_APPEND: a transaction that only adds rows to a table no other
 * transaction changes (the audit queue, migration 020), so it needs no turn
 * among the writers where the engine can tell: on PostgreSQL it takes no
 * lock (and a read joins it), on SQLite, whose one writer holds the file,
 * it is a write. */
enum { STORE_READ = 0, STORE_WRITE = 1, STORE_APPEND = 2 };

/* Opens the database named by `url`: "sqlite:PATH" or a bare path, or
 * "postgres://[USER@]HOST[:PORT]/NAME" ("postgresql://" too, with libpq's
 * parameters after "?"). With `create` 0, a missing database is an error;
 * with 1, SQLite makes the file and PostgreSQL the database (CREATE DATABASE,
 * when the role may). */
int store_open(const char *url, int create, store **out, err *e);
void store_close(store *s);
/* The engine's name: "sqlite" or "postgres". */
const char *store_engine(store *s);
/* 1 when the database file has been removed or renamed since it was opened:
 * the connection still works on the old file, but nothing written there would
 * be found by the next process that opens the database. */
int store_file_moved(store *s);

int store_begin(store *s, int mode, err *e);
int store_commit(store *s, err *e);
/* Rolls back if a transaction is open; safe to call when none is. */
void store_rollback(store *s);

/* Group commit. One writer runs many requests' writes in one transaction (a
 * batch), each request (a job) under its own savepoint, and commits once: the
 * per-transaction cost of SQLite is paid once per batch instead of per request.
 * Inside a batch, store_begin joins, store_commit does nothing (the batch
 * commits), and store_rollback undoes only the current job.
 *   store_batch_begin   BEGIN IMMEDIATE, holding the writers' turn
 *   store_job_begin     SAVEPOINT
 *   store_job_end       RELEASE, or ROLLBACK TO + RELEASE when the job failed;
 *                       -1 when SQLite had to abandon the whole transaction
 *                       (then nothing of the batch is kept)
 *   store_batch_commit  COMMIT (or ROLLBACK if it fails), giving up the turn */
int store_batch_begin(store *s, err *e);
int store_job_begin(store *s, err *e);
int store_job_end(store *s, int ok);
int store_batch_commit(store *s, err *e);

/* Write-ahead log checkpoints. A server turns off automatic checkpoints on its
 * worker connections (store_manual_checkpoints) and runs store_checkpoint from a
 * background thread, so no request pays for copying the log into the database.
 * store_checkpoint is passive: it never waits for readers or writers. */
int store_manual_checkpoints(store *s, err *e);
int store_checkpoint(store *s, err *e);

/* Notifications between the servers on one database (events/events.h).
 * store_notify sends `payload` on `channel` outside any transaction of the
 * caller's (it commits at once); store_listen opens a connection of its own
 * that receives them. On PostgreSQL they are NOTIFY and LISTEN: delivered to
 * every listening connection, the sender's own server's too, after commit, in
 * commit order. SQLite has no such thing (one process owns its file):
 * store_notify is then 1 ("not sent": deliver in-process) and store_listen
 * gives *out NULL. */
typedef struct store_listener store_listener;
int store_notify(store *s, const char *channel, const char *payload, err *e);
int store_listen(const char *url, const char *channel, store_listener **out, err *e);
/* Waits up to timeout_ms, then calls fn for each notification received. 0, or
 * -1 with e filled when the connection was lost: the next call opens it again
 * (notifications sent meanwhile are not received: listeners re-read). */
int store_listen_wait(store_listener *l, int timeout_ms, void (*fn)(void *ctx, const char *payload),
                      void *ctx, err *e);
void store_listen_close(store_listener *l);

/* The highest migration recorded in the database, 0 for an empty database. */
int store_schema_version(store *s, int *version, err *e);
/* Applies every migration above the recorded version, each in its own
 * transaction; *applied (may be NULL) gets how many ran. */
int store_migrate(store *s, int *applied, err *e);

#endif
