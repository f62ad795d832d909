/*
 * test_fold.c - search keys (util/fold.h), and the back-fill of migration
 * 009_search_keys (store/person_store.h) that folds what was stored before it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/entity.h"
#include "domain/person.h"
#include "store/person_store.h"
#include "util/fold.h"
#include "util/nid.h"
#include "unit.h"

/* Asserts that `in` folds to `want`. */
static void folds(const char *in, const char *want)
{
    char *out = NULL;
    size_t len = 0;
    err e;
    err_clear(&e);
    assert_ok(fold_key(in, strlen(in), &out, &len, &e), e);
    assert_string_equal(out, want);
    assert_int_equal(len, strlen(want));
    free(out);
}

static void test_norwegian_letters(void **state)
{
    folds("Åse", "åse");
    folds("åse", "åse");
    folds("ÆRLIG ØYVIND ÅSHEIM", "ærlig øyvind åsheim");
    folds("Bjørkeveien", "bjørkeveien");
    /* the letters stay letters of their own: å is not a, ø is not o */
    folds("Aase Oeyvind", "aase oeyvind");
}

static void test_sami_letters(void **state)
{
    folds("ČĐŊŠŦŽÁ", "čđŋšŧžá");
    folds("čđŋšŧžá", "čđŋšŧžá");
    folds("Máret Čiekčá", "máret čiekčá");
}

static void test_other_scripts(void **state)
{
    folds("ÄÖÜ Jürgen", "äöü jürgen");
    folds("Wójcik ŁUKASZ", "wójcik łukasz");
    folds("ΣΟΦΊΑ Σοφία", "σοφία σοφία");
    folds("ΟΔΥΣΣΕΥΣ", "οδυσσευσ"); /* final sigma folds as sigma */
    folds("ЖАННА Жанна", "жанна жанна");
    folds("Straße", "strasse"); /* full folding: ß is ss */
}

static void test_normalisation_and_space(void **state)
{
    /* decomposed input (A + combining ring above) is the composed letter */
    folds("A\xcc\x8a"
          "se",
          "åse");
    folds("  Kongens \t gate  ", "kongens gate");
    folds("Kongens\xc2\xa0gate", "kongens gate"); /* no-break space */
    folds("Kris\xc2\xad"
          "tian",
          "kristian");                 /* soft hyphen */
    folds("Ola\xe2\x80\x8b", "ola");   /* zero-width space */
    folds("x\xf4\x8f\xbf\xbfy", "xy"); /* U+10FFFF never in a key */
    folds("", "");
    folds("   ", "");
}

static void test_invalid_utf8(void **state)
{
    char *out = NULL;
    size_t len = 0;
    err e;
    err_clear(&e);
    assert_err(fold_key("\xff"
                        "abc",
                        4, &out, &len, &e),
               e, ERR_INVALID, "invalid_utf8", NULL);
    assert_null(out);
    const char *names[] = {"Kari", "\xc3"};
    json_t *keys = NULL;
    assert_err(fold_name_keys(names, 2, &keys, &e), e, ERR_INVALID, "invalid_utf8", NULL);
    assert_null(keys);
}

/* Asserts the name keys of the n names, as compact JSON. */
static void name_keys(const char *const *names, int n, const char *want)
{
    json_t *keys = NULL;
    err e;
    err_clear(&e);
    assert_ok(fold_name_keys(names, n, &keys, &e), e);
    char *text = json_dumps(keys, JSON_COMPACT);
    assert_string_equal(text, want);
    free(text);
    json_decref(keys);
}

static void test_name_keys(void **state)
{
    const char *a[] = {"Anne-Lise  Marie", "Al-Hassan"};
    name_keys(a, 2, "[\"anne-lise\",\"anne\",\"lise\",\"marie\",\"al-hassan\",\"al\",\"hassan\"]");
    const char *b[] = {"ÅSE Åse", "åse"};
    name_keys(b, 2, "[\"åse\"]");
    const char *c[] = {NULL, "Čiekčá"};
    name_keys(c, 2, "[\"čiekčá\"]");
    const char *d[] = {"-Ola-", " "};
    name_keys(d, 2, "[\"-ola-\",\"ola\"]");
}

/* The prefix bound is above every key that begins with the prefix and below
 * every key that does not, where keys compare as bytes (SQL's binary order). */
static void test_prefix_end(void **state)
{
    const char *prefix = "ås";
    char hi[16];
    snprintf(hi, sizeof hi, "%s%s", prefix, FOLD_PREFIX_END);
    const char *inside[] = {"ås", "åse", "åsveien", "ås\xf4\x8f\xbf\xbe"};
    for (size_t i = 0; i < sizeof inside / sizeof inside[0]; i++) {
        assert_true(strcmp(inside[i], prefix) >= 0);
        assert_true(strcmp(inside[i], hi) < 0);
    }
    const char *outside[] = {"år", "åt", "å", "b", "ase"};
    for (size_t i = 0; i < sizeof outside / sizeof outside[0]; i++)
        assert_true(strcmp(outside[i], prefix) < 0 || strcmp(outside[i], hi) >= 0);
}

/* A synthetic national ID number (month + 40), one for each n below 10. */
static void synthetic_nid(unsigned n, char out[12])
{
    for (unsigned ind = 0; ind < 1000; ind++) {
        char tmp[32];
        snprintf(tmp, sizeof tmp, "0145%02u%03u", 80 + n % 10, ind);
        memcpy(out, tmp, 10);
        if (nid_complete(out) == 0) return;
    }
    fail_msg("no synthetic national ID number");
}

/* The ids a search finds, as "1,2,3". */
static void found(store *s, int64_t tenant, const char *q, const char *street, char *out,
                  size_t size)
{
    json_t *items;
    int64_t next;
    err e;
    err_clear(&e);
    assert_ok(person_store_search(s, &person_def, tenant, q, NULL, street, 0, 0, NULL, NULL, 0, 100,
                                  &items, &next, NULL, &e),
              e);
    size_t n = 0, i;
    json_t *v;
    out[0] = '\0';
    json_array_foreach(items, i, v)
    {
        n += (size_t)snprintf(out + n, size - n, "%s%lld", i ? "," : "",
                              (long long)json_integer_value(json_object_get(v, "id")));
    }
    json_decref(items);
}

/* Rows written before 009_search_keys have no keys; its C step folds them. */
static void test_backfill(void **state)
{
    int64_t tenant;
    store *s = unit_open_db("fold", &tenant);
    actor a = {.tenant_id = tenant};
    err e;
    err_clear(&e);
    assert_ok(store_begin(s, STORE_WRITE, &e), e);
    int64_t ids[3];
    const char *given[] = {"Åse", "Máret", "Anne-Lise"};
    const char *family[] = {"Ødegård", "Čiekčá", "Berg Hansen"};
    for (int i = 0; i < 3; i++) {
        char nid[12];
        synthetic_nid((unsigned)i, nid);
        json_t *in = json_pack("{s:s,s:s,s:s}", "national_id", nid, "given_name", given[i],
                               "family_name", family[i]);
        json_t *out;
        assert_ok(entity_create(s, &a, &person_def, in, NULL, &out, &e), e);
        ids[i] = json_integer_value(json_object_get(out, "id"));
        json_decref(in);
        json_decref(out);
    }
    json_t *addr = json_pack("{s:s}", "street", "Åsveien 3");
    json_t *fixed = json_pack("{s:I}", "person_id", (json_int_t)ids[0]);
    json_t *out;
    assert_ok(entity_create(s, &a, &address_def, addr, fixed, &out, &e), e);
    int64_t addr_id = json_integer_value(json_object_get(out, "id"));
    json_decref(addr);
    json_decref(fixed);
    json_decref(out);

    char got[64], want[64];
    snprintf(want, sizeof want, "%lld", (long long)ids[0]);
    found(s, tenant, "åse", NULL, got, sizeof got);
    assert_string_equal(got, want);
    found(s, tenant, NULL, "ÅSVEIEN", got, sizeof got);
    assert_string_equal(got, want);

    /* as stored before the migration: no keys */
    json_t *none = json_pack("{s:n}", "name_keys");
    for (int i = 0; i < 3; i++)
        assert_ok(rec_update(s, &person_def, tenant, ids[i], 0, none, &e), e);
    json_decref(none);
    none = json_pack("{s:n}", "street_key");
    assert_ok(rec_update(s, &address_def, tenant, addr_id, 0, none, &e), e);
    json_decref(none);
    found(s, tenant, "åse", NULL, got, sizeof got);
    assert_string_equal(got, "");
    found(s, tenant, NULL, "åsveien", got, sizeof got);
    assert_string_equal(got, "");

    assert_ok(person_store_fill_search_keys(s, &e), e);
    found(s, tenant, "åse", NULL, got, sizeof got);
    assert_string_equal(got, want);
    found(s, tenant, "ØDEGÅ", NULL, got, sizeof got);
    assert_string_equal(got, want);
    found(s, tenant, NULL, "åsveien", got, sizeof got);
    assert_string_equal(got, want);
    snprintf(want, sizeof want, "%lld", (long long)ids[1]);
    found(s, tenant, "čiekčá máret", NULL, got, sizeof got);
    assert_string_equal(got, want);
    snprintf(want, sizeof want, "%lld", (long long)ids[2]);
    found(s, tenant, "lise hansen", NULL, got, sizeof got);
    assert_string_equal(got, want);
    assert_ok(store_commit(s, &e), e);
    store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_norwegian_letters), cmocka_unit_test(test_sami_letters),
        cmocka_unit_test(test_other_scripts),     cmocka_unit_test(test_normalisation_and_space),
        cmocka_unit_test(test_invalid_utf8),      cmocka_unit_test(test_name_keys),
        cmocka_unit_test(test_prefix_end),        cmocka_unit_test(test_backfill),
    };
    return cmocka_run_group_tests_name("fold", tests, NULL, NULL);
}
