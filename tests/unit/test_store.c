/*
 * test_store.c - the driver contract (store/driver.h, store/store.h) that the
 * code above the store relies on, on whichever engine the tests run
 * (unit.h): placeholders, NULLs, text, booleans, changed rows, constraint
 * errors, the group commit's jobs, read snapshots, and - on PostgreSQL - a
 * connection lost in the middle of a transaction.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/driver.h"
#include "unit.h"

static store *open_empty(const char *name)
{
    store *s = NULL;
    err e;
    err_clear(&e);
    if (store_open(unit_db_url(name), 1, &s, &e)) fail_msg("store_open: %s", e.message);
    assert_ok(db_exec(s,
                      "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, "
                      "n INTEGER)",
                      &e),
              e);
    return s;
}

/* The first column of the one row `sql` answers, as text ("NULL" for NULL). */
static const char *one(store *s, const char *sql, char *out, size_t cap)
{
    err e;
    err_clear(&e);
    db_stmt *st = db_prepare(s, sql, &e);
    if (!st) fail_msg("prepare %s: %s", sql, e.message);
    int rc = db_step(st, &e);
    if (rc != DB_ROW) fail_msg("step %s: %d %s", sql, rc, e.message);
    snprintf(out, cap, "%s", db_column_is_null(st, 0) ? "NULL" : db_column_text(st, 0));
    db_done(st);
    return out;
}

static void insert(store *s, int64_t id, const char *name, int64_t n, int want, err *e)
{
    db_stmt *st = db_prepare(s, "INSERT INTO t (id, name, n) VALUES (?, ?, ?)", e);
    assert_non_null(st);
    db_bind_int(st, 1, id);
    db_bind_str(st, 2, name);
    db_bind_int(st, 3, n);
    assert_int_equal(db_step(st, e), want);
    db_done(st);
}

static void test_placeholders_and_values(void **state)
{
    store *s = open_empty("values");
    err e;
    err_clear(&e);
    /* ?NNN by number; a bare ? is one more than the highest so far; a ?
     * inside quotes is text */
    db_stmt *st = db_prepare(s, "SELECT ?2, ?1, ?, '?', coalesce(?, 'x') = 'x', 1 = 1, 1 = 2", &e);
    assert_non_null(st);
    db_bind_str(st, 1, "a");
    db_bind_str(st, 2, "b");
    db_bind_str(st, 3, "c");
    db_bind_null(st, 4);
    assert_int_equal(db_step(st, &e), DB_ROW);
    assert_string_equal(db_column_text(st, 0), "b");
    assert_string_equal(db_column_text(st, 1), "a");
    assert_string_equal(db_column_text(st, 2), "c");
    assert_string_equal(db_column_text(st, 3), "?");
    assert_int_equal(db_column_int(st, 4), 1); /* booleans read as 1 and 0 */
    assert_int_equal(db_column_int(st, 5), 1);
    assert_int_equal(db_column_int(st, 6), 0);
    assert_int_equal(db_step(st, &e), DB_DONE);
    db_done(st);

    /* every character a person may write comes back as it went in */
    const char *text = "Åse Ødegård-Ærø «sitat» 'enkelt' \"dobbelt\" \\ 😀 ∑ 𝄞 tab\there";
    assert_ok(store_begin(s, STORE_WRITE, &e), e);
    insert(s, 1, text, 0, DB_DONE, &e);
    assert_ok(store_commit(s, &e), e);
    st = db_prepare(s, "SELECT name, n, length(name) FROM t WHERE id = ?", &e);
    db_bind_int(st, 1, 1);
    assert_int_equal(db_step(st, &e), DB_ROW);
    assert_string_equal(db_column_text(st, 0), text);
    assert_int_equal(db_column_bytes(st, 0), strlen(text));
    assert_false(db_column_is_null(st, 1));
    db_done(st);

    /* a 64-bit integer keeps every bit; NULL reads as NULL */
    char buf[64];
    st = db_prepare(s, "SELECT ?, CAST(NULL AS INTEGER)", &e);
    db_bind_int(st, 1, INT64_MAX);
    assert_int_equal(db_step(st, &e), DB_ROW);
    assert_true(db_column_int(st, 0) == INT64_MAX);
    assert_true(db_column_is_null(st, 1));
    assert_null(db_column_text(st, 1));
    db_done(st);
    assert_string_equal(one(s, "SELECT count(*) FROM t", buf, sizeof buf), "1");
    store_close(s);
}

static void test_changes_and_conflicts(void **state)
{
    store *s = open_empty("changes");
    err e;
    err_clear(&e);
    assert_ok(store_begin(s, STORE_WRITE, &e), e);
    for (int i = 1; i <= 3; i++) {
        char name[16];
        snprintf(name, sizeof name, "n%d", i);
        insert(s, i, name, i, DB_DONE, &e);
    }
    db_stmt *st = db_prepare(s, "UPDATE t SET n = n + 10 WHERE n >= ?", &e);
    db_bind_int(st, 1, 2);
    assert_int_equal(db_step(st, &e), DB_DONE);
    db_done(st);
    assert_int_equal(db_changes(s), 2);
    assert_ok(store_commit(s, &e), e);

    /* a uniqueness conflict is ERR_CONFLICT; after the rollback the
     * connection works and nothing of the failed transaction is kept */
    assert_ok(store_begin(s, STORE_WRITE, &e), e);
    insert(s, 10, "n10", 0, DB_DONE, &e);
    insert(s, 11, "n1", 0, DB_ERROR, &e);
    assert_int_equal(e.kind, ERR_CONFLICT);
    assert_string_equal(e.code, "constraint");
    store_rollback(s);
    char buf[64];
    assert_string_equal(one(s, "SELECT count(*) FROM t", buf, sizeof buf), "3");

    /* RETURNING answers the stored row */
    assert_ok(store_begin(s, STORE_WRITE, &e), e);
    st = db_prepare(s, "INSERT INTO t (id, name, n) VALUES (?, ?, NULL) RETURNING id, n", &e);
    db_bind_int(st, 1, 20);
    db_bind_str(st, 2, "n20");
    assert_int_equal(db_step(st, &e), DB_ROW);
    assert_int_equal(db_column_int(st, 0), 20);
    assert_true(db_column_is_null(st, 1));
    db_done(st);
    assert_ok(store_commit(s, &e), e);
    store_close(s);
}

static void test_batch_jobs(void **state)
{
    store *s = open_empty("batch");
    err e;
    err_clear(&e);
    assert_ok(store_batch_begin(s, &e), e);
    /* job 1 keeps its row; job 2 fails on a conflict after writing one row and
     * keeps nothing; job 3, after it, still works and keeps its row */
    assert_ok(store_job_begin(s, &e), e);
    insert(s, 1, "a", 0, DB_DONE, &e);
    assert_int_equal(store_job_end(s, 1), 0);
    assert_ok(store_job_begin(s, &e), e);
    insert(s, 2, "b", 0, DB_DONE, &e);
    insert(s, 3, "a", 0, DB_ERROR, &e);
    assert_int_equal(e.kind, ERR_CONFLICT);
    store_rollback(s); /* a handler's rollback undoes its job only */
    assert_int_equal(store_job_end(s, 0), 0);
    assert_ok(store_job_begin(s, &e), e);
    assert_ok(store_begin(s, STORE_WRITE, &e), e); /* joins the batch */
    insert(s, 4, "c", 0, DB_DONE, &e);
    assert_ok(store_commit(s, &e), e); /* the batch commits, not the job */
    assert_int_equal(store_job_end(s, 1), 0);
    assert_ok(store_batch_commit(s, &e), e);
    char names[16] = "";
    db_stmt *st = db_prepare(s, "SELECT name FROM t ORDER BY id", &e);
    while (db_step(st, &e) == DB_ROW) strncat(names, db_column_text(st, 0), 1);
    db_done(st);
    assert_string_equal(names, "ac");
    store_close(s);
}

/* Two connections to one new database: a file for SQLite (an in-memory
 * database has one connection only), a database on the server for PostgreSQL. */
static void open_two(const char *name, store **a, store **b, char *path, size_t cap)
{
    err e;
    err_clear(&e);
    const char *pg = getenv("HELHET_TEST_PG");
    char url[512];
    path[0] = 0;
    if (pg && *pg) {
        *a = open_empty(name);
        db_stmt *st = db_prepare(*a, "SELECT current_database()", &e);
        assert_int_equal(db_step(st, &e), DB_ROW);
        snprintf(url, sizeof url, "%s%s", pg, db_column_text(st, 0));
        db_done(st);
    } else {
        snprintf(path, cap, "/tmp/helhet-unit-%ld-%s.db", (long)getpid(), name);
        snprintf(url, sizeof url, "sqlite:%s", path);
        assert_ok(store_open(url, 1, a, &e), e);
        assert_ok(db_exec(*a,
                          "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, "
                          "n INTEGER)",
                          &e),
                  e);
    }
    assert_ok(store_open(url, 0, b, &e), e);
}

static void close_two(store *a, store *b, const char *path)
{
    store_close(b);
    store_close(a);
    if (!path[0]) return;
    char f[600];
    const char *suffix[] = {"", "-wal", "-shm"};
    for (int i = 0; i < 3; i++) {
        snprintf(f, sizeof f, "%s%s", path, suffix[i]);
        unlink(f);
    }
}

static void test_read_snapshot(void **state)
{
    store *a, *b;
    char path[256];
    open_two("snapshot", &a, &b, path, sizeof path);
    err e;
    err_clear(&e);
    assert_ok(store_begin(a, STORE_WRITE, &e), e);
    insert(a, 1, "a", 0, DB_DONE, &e);
    assert_ok(store_commit(a, &e), e);
    char buf[64];
    assert_ok(store_begin(a, STORE_READ, &e), e);
    assert_string_equal(one(a, "SELECT count(*) FROM t", buf, sizeof buf), "1");
    assert_ok(store_begin(b, STORE_WRITE, &e), e);
    insert(b, 2, "b", 0, DB_DONE, &e);
    assert_ok(store_commit(b, &e), e);
    /* a read transaction keeps its snapshot; the next one sees the write */
    assert_string_equal(one(a, "SELECT count(*) FROM t", buf, sizeof buf), "1");
    assert_ok(store_commit(a, &e), e);
    assert_string_equal(one(a, "SELECT count(*) FROM t", buf, sizeof buf), "2");
    close_two(a, b, path);
}

/* Ends connection a's session on the server, from connection b. */
static void terminate(store *a, store *b)
{
    err e;
    err_clear(&e);
    char pid[32];
    one(a, "SELECT pg_backend_pid()", pid, sizeof pid);
    db_stmt *st = db_prepare(b, "SELECT pg_terminate_backend(CAST(? AS INTEGER))", &e);
    db_bind_str(st, 1, pid);
    assert_int_equal(db_step(st, &e), DB_ROW);
    db_done(st);
}

static void test_lost_connection(void **state)
{
    const char *pg = getenv("HELHET_TEST_PG");
    if (!pg || !*pg) skip(); /* an SQLite file has no connection to lose */
    store *a, *b;
    char path[256];
    open_two("lost", &a, &b, path, sizeof path);
    err e;
    err_clear(&e);
    /* lost inside a transaction: the statement in flight fails with
     * database_unavailable, nothing of the transaction is written, and the
     * next transaction works on a new connection */
    assert_ok(store_begin(a, STORE_WRITE, &e), e);
    insert(a, 1, "a", 0, DB_DONE, &e);
    terminate(a, b);
    err_clear(&e);
    insert(a, 2, "b", 0, DB_ERROR, &e);
    assert_int_equal(e.kind, ERR_UNAVAILABLE);
    assert_string_equal(e.code, "database_unavailable");
    store_rollback(a);
    char buf[64];
    assert_ok(store_begin(a, STORE_READ, &e), e);
    assert_string_equal(one(a, "SELECT count(*) FROM t", buf, sizeof buf), "0");
    store_rollback(a);
    /* lost between transactions: BEGIN re-opens it, and prepared statements
     * are prepared again on the new connection */
    terminate(a, b);
    assert_ok(store_begin(a, STORE_WRITE, &e), e);
    insert(a, 3, "c", 0, DB_DONE, &e);
    assert_ok(store_commit(a, &e), e);
    assert_string_equal(one(b, "SELECT count(*) FROM t", buf, sizeof buf), "1");

    /* a writer that waits too long for the writers' lock (another server's
     * transaction holds it) gives up with database_busy, and nothing else */
    assert_ok(store_begin(a, STORE_WRITE, &e), e);
    assert_ok(db_exec(b, "SET lock_timeout = '100ms'", &e), e);
    err_clear(&e);
    assert_int_equal(store_begin(b, STORE_WRITE, &e), -1);
    assert_int_equal(e.kind, ERR_UNAVAILABLE);
    assert_string_equal(e.code, "database_busy");
    store_rollback(a);
    assert_ok(store_begin(b, STORE_WRITE, &e), e);
    store_rollback(b);
    close_two(a, b, path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_placeholders_and_values),
        cmocka_unit_test(test_changes_and_conflicts),
        cmocka_unit_test(test_batch_jobs),
        cmocka_unit_test(test_read_snapshot),
        cmocka_unit_test(test_lost_connection),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
