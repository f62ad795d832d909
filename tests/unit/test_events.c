/*
 * test_events.c - the event bus (events/events.h) on whichever engine the
 * tests run (unit.h): in-process on SQLite, LISTEN/NOTIFY on PostgreSQL,
 * where a second listening connection (another server) hears it too.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "events/events.h"
#include "store/driver.h"
#include "unit.h"

static int heard;
static event last;

static void on_event(void *ctx, const event *ev)
{
    (void)ctx;
    __atomic_add_fetch(&heard, 1, __ATOMIC_SEQ_CST);
    last = *ev;
}

/* Waits until `heard` reaches n: a bounded number of short sleeps (the
 * listener's thread delivers), not a deadline. */
static void wait_heard(int n)
{
    for (int i = 0; i < 2000 && __atomic_load_n(&heard, __ATOMIC_SEQ_CST) < n; i++) usleep(5000);
    assert_int_equal(__atomic_load_n(&heard, __ATOMIC_SEQ_CST), n);
}

/* A listener's callback: keeps the first payload heard. */
static void copy(void *ctx, const char *payload)
{
    char *out = ctx;
    if (!out[0]) snprintf(out, 64, "%s", payload);
}

static void test_publish_reaches_subscribers(void **state)
{
    int64_t tenant;
    store *s = unit_open_db("events", &tenant);
    err e;
    err_clear(&e);
    char url[512];
    const char *pg = getenv("HELHET_TEST_PG");
    if (pg && *pg) {
        db_stmt *st = db_prepare(s, "SELECT current_database()", &e);
        assert_int_equal(db_step(st, &e), DB_ROW);
        snprintf(url, sizeof url, "%s%s", pg, db_column_text(st, 0));
        db_done(st);
    } else {
        snprintf(url, sizeof url, "sqlite::memory:");
    }
    assert_ok(events_start(url, &e), e);
    heard = 0;
    int h = events_subscribe(on_event, NULL);
    assert_true(h >= 0);
    event ev = {.tenant_id = tenant, .kind = "plan", .id = 42};
    events_publish(s, &ev);
    wait_heard(1);
    assert_int_equal(last.tenant_id, tenant);
    assert_string_equal(last.kind, "plan");
    assert_int_equal(last.id, 42);
    /* an unsubscribed view hears nothing more */
    events_unsubscribe(h);
    ev.id = 43;
    events_publish(s, &ev);
    uint64_t before = events_delivered();
    ev.id = 44;
    events_publish(s, &ev);
    for (int i = 0; i < 2000 && events_delivered() < before + 1; i++) usleep(5000);
    assert_int_equal(heard, 1);

    /* on PostgreSQL another server's listening connection hears it too */
    if (pg && *pg) {
        store_listener *other = NULL;
        assert_ok(store_listen(url, "helhet_events", &other, &e), e);
        assert_non_null(other);
        ev.id = 45;
        events_publish(s, &ev);
        char got[64] = "";
        for (int i = 0; i < 200 && !got[0]; i++)
            assert_ok(store_listen_wait(other, 50, copy, got, &e), e);
        char want[64];
        snprintf(want, sizeof want, "%lld plan 45", (long long)tenant);
        assert_string_equal(got, want);
        store_listen_close(other);
    }
    events_stop();
    store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_publish_reaches_subscribers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
