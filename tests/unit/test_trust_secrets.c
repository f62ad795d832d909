/*
 * test_trust_secrets.c - the key file's subkeys, sealed one-time code secrets,
 * trusted proxies and the log-in throttle (issue 11, points 7 and 8): the rules
 * that the API tests prove end to end, here case by case.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "store/driver.h"
#include "trust/keys.h"
#include "trust/proxy.h"
#include "trust/throttle.h"
#include "trust/totp.h"
#include "unit.h"

static void set_key(unsigned char fill)
{
    unsigned char k[KEYS_LEN];
    memset(k, fill, sizeof k);
    keys_set(k);
}

static void test_subkeys_differ_per_use_and_key(void **state)
{
    (void)state;
    set_key(1);
    unsigned char a[KEYS_LEN], t[KEYS_LEN];
    memcpy(a, keys_get(KEY_AUDIT), KEYS_LEN);
    memcpy(t, keys_get(KEY_TOTP), KEYS_LEN);
    assert_memory_not_equal(a, t, KEYS_LEN);
    char id1[17];
    snprintf(id1, sizeof id1, "%s", keys_id());
    set_key(2);
    assert_memory_not_equal(a, keys_get(KEY_AUDIT), KEYS_LEN);
    assert_string_not_equal(id1, keys_id());
    keys_forget();
    assert_null(keys_get(KEY_AUDIT));
    assert_string_equal(keys_id(), "");
}

static void test_totp_sealed_roundtrip_bound_to_account(void **state)
{
    (void)state;
    err e;
    char sealed[TOTP_SEALED_LEN], back[TOTP_SECRET_LEN];
    const char *secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    keys_forget();
    assert_int_equal(totp_seal(7, secret, sealed, &e), -1);
    assert_string_equal(e.code, "no_key");
    set_key(3);
    assert_int_equal(totp_seal(7, secret, sealed, &e), 0);
    assert_true(strncmp(sealed, "x1:", 3) == 0);
    assert_null(strstr(sealed, secret));
    assert_int_equal(totp_open(7, sealed, back, &e), 0);
    assert_string_equal(back, secret);
    /* another account, another key, a clear secret, a changed byte: refused */
    assert_int_equal(totp_open(8, sealed, back, &e), -1);
    assert_string_equal(e.code, "totp_secret_invalid");
    assert_int_equal(totp_open(7, secret, back, &e), -1);
    char changed[TOTP_SEALED_LEN];
    snprintf(changed, sizeof changed, "%s", sealed);
    changed[20] = changed[20] == 'A' ? 'B' : 'A';
    assert_int_equal(totp_open(7, changed, back, &e), -1);
    set_key(4);
    assert_int_equal(totp_open(7, sealed, back, &e), -1);
    /* two seals of one secret differ (a fresh nonce each) */
    char again[TOTP_SEALED_LEN];
    assert_int_equal(totp_seal(7, secret, again, &e), 0);
    assert_int_equal(totp_seal(7, secret, sealed, &e), 0);
    assert_string_not_equal(again, sealed);
    keys_forget();
}

static void test_proxy_client(void **state)
{
    (void)state;
    err e;
    char out[64];
    /* none trusted: the header is the client's claim */
    assert_int_equal(proxy_configure(NULL, &e), 0);
    assert_string_equal(proxy_client("127.0.0.1", "203.0.113.1", out, sizeof out), "127.0.0.1");
    assert_int_equal(proxy_configure("127.0.0.1, 192.0.2.10,::1", &e), 0);
    /* from a trusted proxy: the last entry that is not one of ours */
    assert_string_equal(proxy_client("127.0.0.1", "198.51.100.1, 203.0.113.7", out, sizeof out),
                        "203.0.113.7");
    assert_string_equal(
        proxy_client("127.0.0.1", "198.51.100.1, 203.0.113.7,192.0.2.10", out, sizeof out),
        "203.0.113.7");
    assert_string_equal(proxy_client("::ffff:127.0.0.1", "2001:db8::5", out, sizeof out),
                        "2001:db8::5");
    assert_string_equal(proxy_client("::1", "198.51.100.9", out, sizeof out), "198.51.100.9");
    /* from anyone else, or with rubbish in the header: the peer */
    assert_string_equal(proxy_client("198.51.100.2", "203.0.113.7", out, sizeof out),
                        "198.51.100.2");
    assert_string_equal(proxy_client("127.0.0.1", "203.0.113.7, bogus", out, sizeof out),
                        "127.0.0.1");
    assert_string_equal(proxy_client("127.0.0.1", NULL, out, sizeof out), "127.0.0.1");
    assert_string_equal(proxy_client("127.0.0.1", "", out, sizeof out), "127.0.0.1");
    assert_int_equal(proxy_configure("127.0.0.1,proxy.example", &e), -1);
    assert_string_equal(e.field, "trusted-proxy");
    proxy_configure(NULL, &e);
}

/* The throttle's counts live in the database (migration 019). */
static store *db;

/* One attempt that fails (1: it was allowed to run), or waits (0). */
static int fails(const char *user, const char *addr, time_t now)
{
    err e;
    int wait = throttle_login_begin(db, user, addr, now, &e);
    assert_true(wait >= 0);
    if (wait) return 0;
    assert_true(throttle_login_end(db, user, addr, now, THROTTLE_FAILED, NULL, &e) >= 0);
    return 1;
}

static int succeeds(const char *user, const char *addr, time_t now)
{
    err e;
    int wait = throttle_login_begin(db, user, addr, now, &e);
    assert_true(wait >= 0);
    if (wait) return 0;
    assert_true(throttle_login_end(db, user, addr, now, THROTTLE_SUCCEEDED, NULL, &e) >= 0);
    return 1;
}

static void clear(void)
{
    err e;
    assert_ok(throttle_clear(db, &e), e);
}

static void test_throttle_pair_not_user(void **state)
{
    (void)state;
    clear();
    throttle_configure(3, 0, 60);
    time_t now = 1000000;
    int n = 0;
    for (int i = 0; i < 10; i++) n += fails("ola", "203.0.113.66", now);
    assert_int_equal(n, 3);
    assert_int_equal(succeeds("ola", "203.0.113.66", now), 0);
    /* the same user elsewhere: not slowed */
    assert_int_equal(succeeds("ola", "198.51.100.20", now), 1);
    /* the wait ends, and doubles the next time */
    assert_int_equal(fails("ola", "203.0.113.66", now + 61), 1);
    n = 0;
    for (int i = 0; i < 3; i++) n += fails("ola", "203.0.113.66", now + 62);
    assert_int_equal(n, 2);
    assert_int_equal(fails("ola", "203.0.113.66", now + 62 + 61), 0);
    assert_int_equal(fails("ola", "203.0.113.66", now + 62 + 121), 1);
}

static void test_throttle_spread_attack(void **state)
{
    (void)state;
    clear();
    throttle_configure(3, 0, 60);
    time_t now = 2000000;
    char addr[32];
    int total = 0;
    for (int a = 0; a < 20; a++) {
        snprintf(addr, sizeof addr, "192.0.2.%d", a);
        for (int i = 0; i < 3; i++) total += fails("kari", addr, now);
    }
    /* four addresses use their 3 tries (12 = 4 x 3 failures); from the 13th
     * failure on, each further address gets one */
    assert_int_equal(total, 12 + 16);
    /* a fresh address with the right password still gets in */
    assert_int_equal(succeeds("kari", "198.51.100.1", now), 1);
}

static void test_throttle_address_spares_known_users(void **state)
{
    (void)state;
    clear();
    throttle_configure(100, 4, 60);
    time_t now = 3000000;
    const char *office = "203.0.113.7";
    assert_int_equal(succeeds("kollega", office, now), 1);
    char name[16];
    int n = 0;
    for (int i = 0; i < 8; i++) {
        snprintf(name, sizeof name, "navn%d", i);
        n += fails(name, office, now);
    }
    assert_int_equal(n, 4);
    assert_int_equal(succeeds("ny", office, now), 0);
    assert_int_equal(succeeds("kollega", office, now), 1);
    assert_int_equal(succeeds("ny", "203.0.113.8", now), 1);
    throttle_configure(5, 200, 900);
    clear();
}

/* The rows in the throttle's table (no name or address in clear). */
static int64_t rows(const char *needle)
{
    err e;
    db_stmt *st = db_prepare(db, "SELECT count(*) FROM login_throttle WHERE tag LIKE ?", &e);
    assert_non_null(st);
    char like[80];
    snprintf(like, sizeof like, "%%%s%%", needle);
    db_bind_str(st, 1, like);
    assert_int_equal(db_step(st, &e), DB_ROW);
    int64_t n = db_column_int(st, 0);
    db_done(st);
    return n;
}

static void test_throttle_reservation_lapses_rows_forgotten(void **state)
{
    (void)state;
    err e;
    clear();
    throttle_configure(2, 0, 60);
    time_t now = 4000000;
    /* two attempts begun and never ended (a server killed mid-attempt) */
    assert_int_equal(throttle_login_begin(db, "ola", "192.0.2.1", now, &e), 0);
    assert_int_equal(throttle_login_begin(db, "ola", "192.0.2.1", now, &e), 0);
    assert_true(throttle_login_begin(db, "ola", "192.0.2.1", now + 30, &e) > 0);
    /* they count for 60 s, no longer */
    assert_int_equal(succeeds("ola", "192.0.2.1", now + 61), 1);
    assert_int_equal(fails("kari", "192.0.2.2", now), 1);
    assert_int_equal(rows(""), 3); /* pair ola, pair kari, username kari */
    assert_int_equal(rows("ola"), 0);
    assert_int_equal(rows("192.0.2"), 0);
    /* a day later the failure's rows go; the known pair stays */
    int64_t n = -1;
    assert_ok(throttle_forget(db, now + 3600, &n, &e), e);
    assert_int_equal(n, 0);
    assert_ok(throttle_forget(db, now + 86400 + 62, &n, &e), e);
    assert_int_equal(n, 2);
    assert_int_equal(rows(""), 1);
    /* ... and the known pair after 90 days */
    assert_ok(throttle_forget(db, now + 91 * 86400, &n, &e), e);
    assert_int_equal(n, 1);
    /* a lockout is never forgotten while it holds: a second one (doubled)
     * lasts until now + 150000, past a day after the pair's last use */
    throttle_configure(1, 0, 50000);
    assert_int_equal(fails("per", "192.0.2.3", now), 1);
    assert_int_equal(fails("per", "192.0.2.3", now + 50000), 1);
    assert_ok(throttle_forget(db, now + 140000, &n, &e), e);
    assert_int_equal(n, 1); /* the username's row */
    assert_int_equal(fails("per", "192.0.2.3", now + 140000), 0);
    throttle_configure(5, 200, 900);
    clear();
}

int main(void)
{
    if (sodium_init() < 0) return 1;
    int64_t tenant;
    db = unit_open_db("throttle", &tenant);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_subkeys_differ_per_use_and_key),
        cmocka_unit_test(test_totp_sealed_roundtrip_bound_to_account),
        cmocka_unit_test(test_proxy_client),
        cmocka_unit_test(test_throttle_pair_not_user),
        cmocka_unit_test(test_throttle_spread_attack),
        cmocka_unit_test(test_throttle_address_spares_known_users),
        cmocka_unit_test(test_throttle_reservation_lapses_rows_forgotten),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    store_close(db);
    return rc;
}
