/*
 * test_router.c - path matching (router_match in http/router.h): literal
 * patterns, {id} segments holding positive integers of at most 18 digits, {name}
 * segments holding 1 to 32 of a-z, 0-9 and '-', and everything else rejected.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "http/router.h"

#define ONE "/api/v1/persons/{id}"
#define TWO "/api/v1/persons/{id}/addresses/{id}"

static void no_match(const char *pattern, const char *path)
{
    int64_t ids[REQ_MAX_IDS] = {0};
    int nids = -7;
    if (router_match(pattern, path, ids, &nids)) fail_msg("'%s' matched '%s'", path, pattern);
}

static void test_literal(void **state)
{
    int64_t ids[REQ_MAX_IDS] = {0};
    int nids = -7;
    assert_int_equal(router_match("/api/v1/persons", "/api/v1/persons", ids, &nids), 1);
    assert_int_equal(nids, 0);
    nids = -7;
    assert_int_equal(router_match("/healthz", "/healthz", ids, &nids), 1);
    assert_int_equal(nids, 0);
    no_match("/api/v1/persons", "/api/v1/person");
    no_match("/api/v1/persons", "/api/v1/personsx");
    no_match("/api/v1/persons", "/api/v1/persons/");
    no_match("/api/v1/persons", "/api/v1/persons/1");
    no_match("/api/v1/persons", "/api/v1/Persons");
    no_match("/api/v1/persons", "/api/v2/persons");
    no_match("/api/v1/persons", "api/v1/persons");
    no_match("/api/v1/persons", "//api/v1/persons");
    no_match("/api/v1/persons", "");
    no_match("/healthz", "/healthz?x=1");
}

static void test_one_id(void **state)
{
    int64_t ids[REQ_MAX_IDS] = {0};
    int nids = -7;
    assert_int_equal(router_match(ONE, "/api/v1/persons/42", ids, &nids), 1);
    assert_int_equal(nids, 1);
    assert_int_equal(ids[0], 42);
    assert_int_equal(router_match(ONE, "/api/v1/persons/1", ids, &nids), 1);
    assert_int_equal(ids[0], 1);
    /* 18 digits is the most */
    assert_int_equal(router_match(ONE, "/api/v1/persons/999999999999999999", ids, &nids), 1);
    assert_int_equal(nids, 1);
    assert_int_equal(ids[0], 999999999999999999LL);
    assert_int_equal(router_match(ONE, "/api/v1/persons/123456789012345678", ids, &nids), 1);
    assert_int_equal(ids[0], 123456789012345678LL);
}

static void test_id_rejected(void **state)
{
    no_match(ONE, "/api/v1/persons/0");
    no_match(ONE, "/api/v1/persons/00");
    no_match(ONE, "/api/v1/persons/");
    no_match(ONE, "/api/v1/persons");
    no_match(ONE, "/api/v1/persons/-1");
    no_match(ONE, "/api/v1/persons/+1");
    no_match(ONE, "/api/v1/persons/ 1");
    no_match(ONE, "/api/v1/persons/x1");
    no_match(ONE, "/api/v1/persons/abc");
    no_match(ONE, "/api/v1/persons/1x");
    no_match(ONE, "/api/v1/persons/1.0");
    no_match(ONE, "/api/v1/persons/1e3");
    no_match(ONE, "/api/v1/persons/0x10");
    no_match(ONE, "/api/v1/persons/1%20");
    /* trailing slash and extra segments */
    no_match(ONE, "/api/v1/persons/5/");
    no_match(ONE, "/api/v1/persons/5/addresses");
    no_match(ONE, "/api/v1/persons/5/6");
    no_match(ONE, "/api/v1/persons/5//");
    /* the pattern's own text is not an id */
    no_match(ONE, "/api/v1/persons/{id}");
    no_match(ONE, "/api/v1/persons/{id");
}

/* 19 and more digits. Kept last: an overflow while reading the digits would
 * stop this binary under UBSan. */
static void test_id_too_long(void **state)
{
    no_match(ONE, "/api/v1/persons/1000000000000000000");
    no_match(ONE, "/api/v1/persons/0000000000000000001");
    no_match(ONE, "/api/v1/persons/9223372036854775807");
    no_match(ONE, "/api/v1/persons/9999999999999999999");
    no_match(ONE, "/api/v1/persons/99999999999999999999");
    no_match(ONE, "/api/v1/persons/123456789012345678901234567890");
    no_match(TWO, "/api/v1/persons/9999999999999999999/addresses/1");
}

static void test_two_ids(void **state)
{
    int64_t ids[REQ_MAX_IDS] = {0};
    int nids = -7;
    assert_int_equal(router_match(TWO, "/api/v1/persons/7/addresses/9", ids, &nids), 1);
    assert_int_equal(nids, 2);
    assert_int_equal(ids[0], 7);
    assert_int_equal(ids[1], 9);
    no_match(TWO, "/api/v1/persons/7/addresses");
    no_match(TWO, "/api/v1/persons/7/addresses/");
    no_match(TWO, "/api/v1/persons/7/addresses/0");
    no_match(TWO, "/api/v1/persons/0/addresses/9");
    no_match(TWO, "/api/v1/persons/7/addresses/9/");
    no_match(TWO, "/api/v1/persons/7/addresses/9/x");
    no_match(TWO, "/api/v1/persons/7/next-of-kin/9");
    no_match(TWO, "/api/v1/persons/7x/addresses/9");
    no_match(TWO, "/api/v1/persons//addresses/9");
    no_match(TWO, "/api/v1/persons/{id}/addresses/{id}");
    no_match(TWO, "/api/v1/persons/7/addresses/{id}");
    /* an id in the middle with trailing text */
    no_match("/api/v1/plans/{id}/activate", "/api/v1/plans/3/activatex");
    assert_int_equal(
        router_match("/api/v1/plans/{id}/activate", "/api/v1/plans/3/activate", ids, &nids), 1);
    assert_int_equal(nids, 1);
    assert_int_equal(ids[0], 3);
}

#define NAMED "/api/v1/oidc/{name}/callback"

static void no_name(const char *pattern, const char *path)
{
    int64_t ids[REQ_MAX_IDS] = {0};
    int nids = -7;
    char name[REQ_NAME_MAX + 1];
    if (router_match_name(pattern, path, ids, &nids, name))
        fail_msg("'%s' matched '%s'", path, pattern);
}

static void test_name(void **state)
{
    int64_t ids[REQ_MAX_IDS] = {0};
    int nids = -7;
    char name[REQ_NAME_MAX + 1] = "x";
    assert_int_equal(router_match_name(NAMED, "/api/v1/oidc/idporten/callback", ids, &nids, name),
                     1);
    assert_string_equal(name, "idporten");
    assert_int_equal(nids, 0);
    assert_int_equal(router_match_name(NAMED, "/api/v1/oidc/a/callback", ids, &nids, name), 1);
    assert_string_equal(name, "a");
    assert_int_equal(router_match_name(NAMED, "/api/v1/oidc/helse-id-2/callback", ids, &nids, name),
                     1);
    assert_string_equal(name, "helse-id-2");
    /* 32 characters is the most */
    const char *longest = "/api/v1/oidc/abcdefghijklmnopqrstuvwxyz012345/callback";
    assert_int_equal(router_match_name(NAMED, longest, ids, &nids, name), 1);
    assert_int_equal(strlen(name), REQ_NAME_MAX);
    no_name(NAMED, "/api/v1/oidc/abcdefghijklmnopqrstuvwxyz0123456/callback");
    /* without a name buffer it still matches; a pattern without {name} clears it */
    assert_int_equal(router_match(NAMED, "/api/v1/oidc/idporten/callback", ids, &nids), 1);
    assert_int_equal(router_match_name(ONE, "/api/v1/persons/3", ids, &nids, name), 1);
    assert_string_equal(name, "");
    assert_int_equal(ids[0], 3);
    /* a name with an id after it */
    assert_int_equal(router_match_name("/x/{name}/{id}", "/x/ab/12", ids, &nids, name), 1);
    assert_string_equal(name, "ab");
    assert_int_equal(nids, 1);
    assert_int_equal(ids[0], 12);
}

static void test_name_rejected(void **state)
{
    no_name(NAMED, "/api/v1/oidc//callback");
    no_name(NAMED, "/api/v1/oidc/callback");
    no_name(NAMED, "/api/v1/oidc/IdPorten/callback");
    no_name(NAMED, "/api/v1/oidc/id_porten/callback");
    no_name(NAMED, "/api/v1/oidc/id.porten/callback");
    no_name(NAMED, "/api/v1/oidc/id%20porten/callback");
    no_name(NAMED, "/api/v1/oidc/idporten/x/callback");
    no_name(NAMED, "/api/v1/oidc/idporten/callback/");
    no_name(NAMED, "/api/v1/oidc/idporten/callbackx");
    no_name(NAMED, "/api/v1/oidc/idporten");
    no_name(NAMED, "/api/v1/oidc/{name}/callback");
    no_name(NAMED, "/api/v1/oidc/\xc3\xa6/callback");
    /* {id} stays numeric beside it */
    no_name("/x/{name}/{id}", "/x/ab/cd");
}

static void test_route_table(void **state)
{
    /* every route has a method, a pattern starting with '/' and a handler, and
     * no two routes share method and pattern */
    const route *r = router_routes();
    int n = router_count();
    assert_true(n > 10);
    assert_null(r[n].method);
    for (int i = 0; i < n; i++) {
        assert_non_null(r[i].method);
        assert_non_null(r[i].pattern);
        assert_non_null(r[i].handler);
        assert_int_equal(r[i].pattern[0], '/');
        for (int j = 0; j < i; j++)
            if (!strcmp(r[i].method, r[j].method) && !strcmp(r[i].pattern, r[j].pattern))
                fail_msg("route %s %s appears twice", r[i].method, r[i].pattern);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_literal),     cmocka_unit_test(test_one_id),
        cmocka_unit_test(test_id_rejected), cmocka_unit_test(test_two_ids),
        cmocka_unit_test(test_name),        cmocka_unit_test(test_name_rejected),
        cmocka_unit_test(test_route_table), cmocka_unit_test(test_id_too_long),
    };
    return cmocka_run_group_tests_name("router", tests, NULL, NULL);
}
