/*
 * unit.h - helpers shared by the cmocka unit tests: a fresh database with the
 * schema and one tenant, and an assertion on an err value.
 *
 * The database is SQLite in memory, or - when $HELHET_TEST_PG names a
 * PostgreSQL server (scripts/with-pg.sh) - a new database on that server.
 *
 * Include after the cmocka prerequisites (stdarg.h, stddef.h, stdint.h,
 * setjmp.h, cmocka.h).
 */
#ifndef HELHET_TEST_UNIT_H
#define HELHET_TEST_UNIT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "domain/tenant.h"
#include "store/store.h"
#include "util/err.h"

/* The URL of a new, empty database: SQLite in memory, or a database named
 * after this process and `name` on $HELHET_TEST_PG. */
static inline const char *unit_db_url(const char *name)
{
    static char url[512];
    static unsigned n;
    const char *pg = getenv("HELHET_TEST_PG");
    if (!pg || !*pg) return "sqlite::memory:";
    snprintf(url, sizeof url, "%sunit_%ld_%u_%s", pg, (long)getpid(), ++n, name);
    return url;
}

/* Opens a fresh database, applies every migration and creates the tenant
 * `slug`; *tenant gets its id. Fails the test on any error. */
static inline store *unit_open_db(const char *slug, int64_t *tenant)
{
    store *s = NULL;
    err e;
    err_clear(&e);
    if (store_open(unit_db_url(slug), 1, &s, &e)) fail_msg("store_open: %s", e.message);
    int applied = 0;
    if (store_migrate(s, &applied, &e)) fail_msg("store_migrate: %s", e.message);
    assert_true(applied >= 1);
    if (tenant_create(s, slug, "Testkommune", NULL, tenant, &e))
        fail_msg("tenant_create: %s", e.message);
    return s;
}

/* Asserts that an operation failed with -1 and filled e with kind, code and
 * field (field NULL: the error names no field). */
#define assert_err(rc, e, k, c, f)                                                                 \
    do {                                                                                           \
        int rc_ = (rc);                                                                            \
        if (rc_ != -1) fail_msg("expected failure %s, got %d", (c), rc_);                          \
        assert_int_equal((e).kind, (k));                                                           \
        assert_string_equal((e).code, (c));                                                        \
        const char *f_ = (f);                                                                      \
        assert_string_equal((e).field, f_ ? f_ : "");                                              \
        assert_true((e).message[0] != '\0');                                                       \
    } while (0)

/* Asserts success and prints the error message otherwise. */
#define assert_ok(rc, e)                                                                           \
    do {                                                                                           \
        int rc_ = (rc);                                                                            \
        if (rc_ != 0) fail_msg("expected success, got %d: %s (%s)", rc_, (e).message, (e).code);   \
    } while (0)

#endif
