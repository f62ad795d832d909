/*
 * test_record.c - the generic record operations (store/record.h) on an
 * in-memory migrated database: insert, get, update and delete with versions,
 * keyset pagination and filters, and tenant isolation.
 *
 * The record_defs here are the test's own, over tables of the real schema, so
 * the tests do not depend on a domain module's field list.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/record.h"
#include "util/timeutil.h"
#include "unit.h"

static const char *const professions[] = {"nurse", "physician", "other", NULL};

/* over the staff table; email is stored but never answered */
static const field_def staff_fields[] = {
    {"given_name", FT_TEXT, FF_REQUIRED, NULL, 0, 0, NULL},
    {"family_name", FT_TEXT, FF_REQUIRED, NULL, 0, 0, NULL},
    {"profession", FT_ENUM, FF_REQUIRED, professions, 0, 0, NULL},
    {"title", FT_TEXT, 0, NULL, 0, 0, NULL},
    {"email", FT_TEXT, FF_HIDDEN, NULL, 0, 0, NULL},
    {"active", FT_BOOL, 0, NULL, 0, 0, NULL},
};
static const record_def staff = {"staff member", "staff", staff_fields, 6, NULL, NULL};

static const char *const needs[] = {"hearing", "sight", "reading", "interpreter", NULL};

/* over the persons table, for list filters on dates, lists and booleans */
static const field_def person_fields[] = {
    {"national_id", FT_TEXT, 0, NULL, 0, 0, NULL},
    {"national_id_kind", FT_TEXT, 0, NULL, 0, 0, NULL},
    {"given_name", FT_TEXT, 0, NULL, 0, 0, NULL},
    {"family_name", FT_TEXT, 0, NULL, 0, 0, NULL},
    {"birth_date", FT_DATE, 0, NULL, 0, 0, NULL},
    {"phone", FT_TEXT, 0, NULL, 0, 0, NULL},
    {"communication_needs", FT_ENUM_LIST, 0, needs, 0, 0, NULL},
    {"entitled_to_plan", FT_BOOL, 0, NULL, 0, 0, NULL},
};
static const record_def person = {"person", "persons", person_fields, 8, NULL, NULL};

typedef struct fixture {
    store *s;
    int64_t t1, t2;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->s = unit_open_db("t1", &f->t1);
    err e;
    err_clear(&e);
    assert_ok(tenant_create(f->s, "t2", "Annen kommune", NULL, &f->t2, &e), e);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    store_close(f->s);
    free(f);
    return 0;
}

static int64_t insert_json(fixture *f, const record_def *d, int64_t tenant, json_t *v)
{
    err e;
    err_clear(&e);
    int64_t id = 0;
    assert_ok(rec_insert(f->s, d, tenant, v, &id, &e), e);
    json_decref(v);
    assert_true(id > 0);
    return id;
}

static int64_t add_staff(fixture *f, int64_t tenant, const char *given, const char *family)
{
    return insert_json(f, &staff, tenant,
                       json_pack("{s:s,s:s,s:s,s:s}", "given_name", given, "family_name", family,
                                 "profession", "nurse", "email", "hidden@example.org"));
}

static json_t *get(fixture *f, const record_def *d, int64_t tenant, int64_t id)
{
    err e;
    err_clear(&e);
    json_t *o = NULL;
    assert_ok(rec_get(f->s, d, tenant, id, &o, &e), e);
    return o;
}

static const char *str(json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    if (!json_is_string(v)) fail_msg("%s is not a string", k);
    return json_string_value(v);
}

static int64_t num(json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    if (!json_is_integer(v)) fail_msg("%s is not an integer", k);
    return json_integer_value(v);
}

static void test_insert_and_get(void **state)
{
    fixture *f = *state;
    int64_t id =
        insert_json(f, &staff, f->t1,
                    json_pack("{s:s,s:s,s:s,s:n,s:s,s:b}", "given_name", "M\xc3\xa1ret",
                              "family_name", "\xc4\x8ciek\xc4\x8d\xc3\xa1", "profession",
                              "physician", "title", "email", "m@example.org", "active", 0));
    json_t *o = get(f, &staff, f->t1, id);
    assert_int_equal(num(o, "id"), id);
    assert_string_equal(str(o, "given_name"), "M\xc3\xa1ret");
    assert_string_equal(str(o, "family_name"), "\xc4\x8ciek\xc4\x8d\xc3\xa1");
    assert_string_equal(str(o, "profession"), "physician");
    assert_true(json_is_null(json_object_get(o, "title")));
    assert_true(json_is_false(json_object_get(o, "active")));
    /* hidden fields are stored but not answered */
    assert_null(json_object_get(o, "email"));
    assert_int_equal(num(o, "version"), 1);
    assert_int_equal(time_valid_timestamp(str(o, "created_at")), 0);
    assert_string_equal(str(o, "created_at"), str(o, "updated_at"));
    /* id, 5 answered fields, version, created_at, updated_at */
    assert_int_equal(json_object_size(o), 9);
    json_decref(o);

    /* ids are distinct and increasing */
    int64_t id2 = add_staff(f, f->t1, "Kari", "Nordmann");
    assert_true(id2 > id);
    assert_int_equal(rec_exists(f->s, &staff, f->t1, id2, NULL), 1);
    assert_int_equal(rec_exists(f->s, &staff, f->t1, id2 + 1, NULL), 0);
}

static void test_get_missing(void **state)
{
    fixture *f = *state;
    err e;
    err_clear(&e);
    json_t *o = NULL;
    assert_err(rec_get(f->s, &staff, f->t1, 12345, &o, &e), e, ERR_NOT_FOUND, "not_found", NULL);
    assert_null(o);
}

static void test_json_types_round_trip(void **state)
{
    fixture *f = *state;
    int64_t id =
        insert_json(f, &person, f->t1,
                    json_pack("{s:s,s:s,s:s,s:s,s:s,s:[s,s],s:b}", "national_id", "01814010070",
                              "national_id_kind", "synthetic", "given_name", "Kari", "family_name",
                              "Nordmann", "birth_date", "1940-01-01", "communication_needs",
                              "hearing", "interpreter", "entitled_to_plan", 1));
    json_t *o = get(f, &person, f->t1, id);
    json_t *needs_v = json_object_get(o, "communication_needs");
    assert_true(json_is_array(needs_v));
    assert_int_equal(json_array_size(needs_v), 2);
    assert_string_equal(json_string_value(json_array_get(needs_v, 0)), "hearing");
    assert_string_equal(json_string_value(json_array_get(needs_v, 1)), "interpreter");
    assert_true(json_is_true(json_object_get(o, "entitled_to_plan")));
    assert_string_equal(str(o, "birth_date"), "1940-01-01");
    json_decref(o);
}

static void test_unique_violation_is_conflict(void **state)
{
    fixture *f = *state;
    json_t *v =
        json_pack("{s:s,s:s,s:s,s:s,s:s}", "national_id", "01814010070", "national_id_kind",
                  "synthetic", "given_name", "A", "family_name", "B", "birth_date", "1940-01-01");
    err e;
    err_clear(&e);
    int64_t id = 0;
    assert_ok(rec_insert(f->s, &person, f->t1, v, &id, &e), e);
    int64_t id2 = 0;
    assert_int_equal(rec_insert(f->s, &person, f->t1, v, &id2, &e), -1);
    assert_int_equal(e.kind, ERR_CONFLICT);
    /* the same number in another tenant is another person */
    assert_ok(rec_insert(f->s, &person, f->t2, v, &id2, &e), e);
    json_decref(v);
}

static void test_update_with_version(void **state)
{
    fixture *f = *state;
    int64_t id = add_staff(f, f->t1, "Kari", "Nordmann");
    err e;
    err_clear(&e);
    json_t *v = json_pack("{s:s}", "title", "Sykepleier");
    assert_ok(rec_update(f->s, &staff, f->t1, id, 1, v, &e), e);
    json_decref(v);
    json_t *o = get(f, &staff, f->t1, id);
    assert_int_equal(num(o, "version"), 2);
    assert_string_equal(str(o, "title"), "Sykepleier");
    assert_string_equal(str(o, "given_name"), "Kari"); /* untouched */
    json_decref(o);

    /* a stale version changes nothing */
    v = json_pack("{s:s}", "title", "Lege");
    assert_err(rec_update(f->s, &staff, f->t1, id, 1, v, &e), e, ERR_STALE, "stale_version", NULL);
    assert_err(rec_update(f->s, &staff, f->t1, id, 3, v, &e), e, ERR_STALE, "stale_version", NULL);
    o = get(f, &staff, f->t1, id);
    assert_int_equal(num(o, "version"), 2);
    assert_string_equal(str(o, "title"), "Sykepleier");
    json_decref(o);

    /* the current version works */
    err_clear(&e);
    assert_ok(rec_update(f->s, &staff, f->t1, id, 2, v, &e), e);
    json_decref(v);
    o = get(f, &staff, f->t1, id);
    assert_int_equal(num(o, "version"), 3);
    assert_string_equal(str(o, "title"), "Lege");
    json_decref(o);

    /* if_version 0: no check, still a new version; null clears a field */
    v = json_pack("{s:n}", "title");
    assert_ok(rec_update(f->s, &staff, f->t1, id, 0, v, &e), e);
    json_decref(v);
    o = get(f, &staff, f->t1, id);
    assert_int_equal(num(o, "version"), 4);
    assert_true(json_is_null(json_object_get(o, "title")));
    json_decref(o);
}

static void test_update_missing(void **state)
{
    fixture *f = *state;
    err e;
    err_clear(&e);
    json_t *v = json_pack("{s:s}", "title", "x");
    assert_err(rec_update(f->s, &staff, f->t1, 999, 1, v, &e), e, ERR_NOT_FOUND, "not_found", NULL);
    assert_err(rec_update(f->s, &staff, f->t1, 999, 0, v, &e), e, ERR_NOT_FOUND, "not_found", NULL);
    json_decref(v);
}

static void test_delete(void **state)
{
    fixture *f = *state;
    int64_t id = add_staff(f, f->t1, "Kari", "Nordmann");
    int64_t other = add_staff(f, f->t1, "Ola", "Nordmann");
    err e;
    err_clear(&e);
    assert_err(rec_delete(f->s, &staff, f->t1, id, 2, &e), e, ERR_STALE, "stale_version", NULL);
    assert_int_equal(rec_exists(f->s, &staff, f->t1, id, &e), 1);
    err_clear(&e);
    assert_ok(rec_delete(f->s, &staff, f->t1, id, 1, &e), e);
    assert_int_equal(rec_exists(f->s, &staff, f->t1, id, &e), 0);
    json_t *o = NULL;
    assert_err(rec_get(f->s, &staff, f->t1, id, &o, &e), e, ERR_NOT_FOUND, "not_found", NULL);
    assert_err(rec_delete(f->s, &staff, f->t1, id, 1, &e), e, ERR_NOT_FOUND, "not_found", NULL);
    assert_err(rec_delete(f->s, &staff, f->t1, id, 0, &e), e, ERR_NOT_FOUND, "not_found", NULL);
    /* the other record is still there; without a version it is deleted as is */
    assert_int_equal(rec_exists(f->s, &staff, f->t1, other, &e), 1);
    err_clear(&e);
    assert_ok(rec_delete(f->s, &staff, f->t1, other, 0, &e), e);
    assert_int_equal(rec_exists(f->s, &staff, f->t1, other, &e), 0);
}

static void test_tenant_isolation(void **state)
{
    fixture *f = *state;
    int64_t mine = add_staff(f, f->t1, "Kari", "Nordmann");
    int64_t theirs = add_staff(f, f->t2, "Nils", "Andre");
    err e;
    err_clear(&e);
    json_t *o = NULL;
    assert_err(rec_get(f->s, &staff, f->t1, theirs, &o, &e), e, ERR_NOT_FOUND, "not_found", NULL);
    assert_null(o);
    assert_int_equal(rec_exists(f->s, &staff, f->t1, theirs, &e), 0);
    json_t *v = json_pack("{s:s}", "title", "hacked");
    assert_err(rec_update(f->s, &staff, f->t1, theirs, 1, v, &e), e, ERR_NOT_FOUND, "not_found",
               NULL);
    assert_err(rec_update(f->s, &staff, f->t1, theirs, 0, v, &e), e, ERR_NOT_FOUND, "not_found",
               NULL);
    json_decref(v);
    assert_err(rec_delete(f->s, &staff, f->t1, theirs, 1, &e), e, ERR_NOT_FOUND, "not_found", NULL);
    assert_err(rec_delete(f->s, &staff, f->t1, theirs, 0, &e), e, ERR_NOT_FOUND, "not_found", NULL);
    /* their record is unchanged */
    o = get(f, &staff, f->t2, theirs);
    assert_int_equal(num(o, "version"), 1);
    assert_true(json_is_null(json_object_get(o, "title")));
    json_decref(o);
    /* lists show only the tenant's own */
    json_t *items = NULL;
    int64_t next = -1;
    err_clear(&e);
    assert_ok(rec_list(f->s, &staff, f->t1, NULL, 0, 0, 50, &items, &next, &e), e);
    assert_int_equal(json_array_size(items), 1);
    assert_int_equal(num(json_array_get(items, 0), "id"), mine);
    assert_int_equal(next, 0);
    json_decref(items);
    assert_ok(rec_list(f->s, &staff, f->t2, NULL, 0, 0, 50, &items, &next, &e), e);
    assert_int_equal(json_array_size(items), 1);
    assert_int_equal(num(json_array_get(items, 0), "id"), theirs);
    json_decref(items);
}

/* Lists with the filters and returns the ids, comma-separated, in out. */
static void list_ids(fixture *f, const record_def *d, const rec_filter *flt, int nf, int64_t after,
                     int limit, char *out, size_t size, int64_t *next)
{
    err e;
    err_clear(&e);
    json_t *items = NULL;
    assert_ok(rec_list(f->s, d, f->t1, flt, nf, after, limit, &items, next, &e), e);
    size_t n = 0;
    out[0] = '\0';
    for (size_t i = 0; i < json_array_size(items); i++)
        n += (size_t)snprintf(out + n, size - n, "%s%lld", i ? "," : "",
                              (long long)num(json_array_get(items, i), "id"));
    json_decref(items);
}

static void test_list_pagination(void **state)
{
    fixture *f = *state;
    int64_t ids[5];
    /* interleave another tenant's rows so ids are not contiguous */
    for (int i = 0; i < 5; i++) {
        ids[i] = add_staff(f, f->t1, "A", "B");
        add_staff(f, f->t2, "C", "D");
    }
    char got[256], want[256];
    int64_t next = -1;
    list_ids(f, &staff, NULL, 0, 0, 2, got, sizeof got, &next);
    snprintf(want, sizeof want, "%lld,%lld", (long long)ids[0], (long long)ids[1]);
    assert_string_equal(got, want);
    assert_int_equal(next, ids[1]);

    list_ids(f, &staff, NULL, 0, next, 2, got, sizeof got, &next);
    snprintf(want, sizeof want, "%lld,%lld", (long long)ids[2], (long long)ids[3]);
    assert_string_equal(got, want);
    assert_int_equal(next, ids[3]);

    list_ids(f, &staff, NULL, 0, next, 2, got, sizeof got, &next);
    snprintf(want, sizeof want, "%lld", (long long)ids[4]);
    assert_string_equal(got, want);
    assert_int_equal(next, 0);

    /* a last page that is exactly full has no next page */
    list_ids(f, &staff, NULL, 0, ids[2], 2, got, sizeof got, &next);
    snprintf(want, sizeof want, "%lld,%lld", (long long)ids[3], (long long)ids[4]);
    assert_string_equal(got, want);
    assert_int_equal(next, 0);

    /* one page holding everything */
    list_ids(f, &staff, NULL, 0, 0, 5, got, sizeof got, &next);
    snprintf(want, sizeof want, "%lld,%lld,%lld,%lld,%lld", (long long)ids[0], (long long)ids[1],
             (long long)ids[2], (long long)ids[3], (long long)ids[4]);
    assert_string_equal(got, want);
    assert_int_equal(next, 0);

    /* after the last id: empty, no next */
    list_ids(f, &staff, NULL, 0, ids[4], 2, got, sizeof got, &next);
    assert_string_equal(got, "");
    assert_int_equal(next, 0);

    /* limit 1 walks one by one */
    int64_t after = 0;
    for (int i = 0; i < 5; i++) {
        list_ids(f, &staff, NULL, 0, after, 1, got, sizeof got, &next);
        snprintf(want, sizeof want, "%lld", (long long)ids[i]);
        assert_string_equal(got, want);
        assert_int_equal(next, i < 4 ? ids[i] : 0);
        after = next;
    }
}

static int64_t add_person(fixture *f, const char *nid, const char *given, const char *family,
                          const char *birth, const char *phone, json_t *needs_v, int entitled)
{
    json_t *v = json_pack("{s:s,s:s,s:s,s:s,s:s,s:o,s:b}", "national_id", nid, "national_id_kind",
                          "synthetic", "given_name", given, "family_name", family, "birth_date",
                          birth, "communication_needs", needs_v, "entitled_to_plan", entitled);
    if (phone) json_object_set_new(v, "phone", json_string(phone));
    return insert_json(f, &person, f->t1, v);
}

static void test_list_filters(void **state)
{
    fixture *f = *state;
    int64_t a = add_person(f, "01814010070", "Kari", "Nordmann", "1940-01-01", "12345678",
                           json_pack("[s,s]", "hearing", "interpreter"), 1);
    int64_t b = add_person(f, "02814010786", "Ola", "nordby", "1940-01-02", NULL,
                           json_pack("[s]", "sight"), 0);
    int64_t c =
        add_person(f, "17844040024", "Per", "Hansen", "1940-04-17", "87654321", json_array(), 1);
    int64_t d = add_person(f, "21924230018", "Liv", "50%_rabatt", "1942-12-21", NULL,
                           json_pack("[s]", "reading"), 0);
    char got[256], want[256];
    int64_t next;

    json_t *t = json_true(), *s_nord = json_string("NORD"), *s_hear = json_string("hearing");
    json_t *s_sight = json_string("sight"), *date = json_string("1940-01-02");
    json_t *s_pct = json_string("50%"), *s_5 = json_string("5"), *s_x = json_string("50x");
    json_t *name = json_string("Per"), *hear_q = json_string("hear");

    rec_filter eq_bool = {"entitled_to_plan", RF_EQ, t};
    list_ids(f, &person, &eq_bool, 1, 0, 50, got, sizeof got, &next);
    snprintf(want, sizeof want, "%lld,%lld", (long long)a, (long long)c);
    assert_string_equal(got, want);

    rec_filter eq_text = {"given_name", RF_EQ, name};
    list_ids(f, &person, &eq_text, 1, 0, 50, got, sizeof got, &next);
    snprintf(want, sizeof want, "%lld", (long long)c);
    assert_string_equal(got, want);

    rec_filter ne_text = {"given_name", RF_NE, name};
    list_ids(f, &person, &ne_text, 1, 0, 50, got, sizeof got, &next);
    snprintf(want, sizeof want, "%lld,%lld,%lld", (long long)a, (long long)b, (long long)d);
    assert_string_equal(got, want);

    /* prefix, case-insensitive for ASCII */
    rec_filter prefix = {"family_name", RF_PREFIX, s_nord};
    list_ids(f, &person, &prefix, 1, 0, 50, got, sizeof got, &next);
    snprintf(want, sizeof want, "%lld,%lld", (long long)a, (long long)b);
    assert_string_equal(got, want);

    /* LIKE wildcards in the value are taken literally */
    rec_filter pct = {"family_name", RF_PREFIX, s_pct};
    list_ids(f, &person, &pct, 1, 0, 50, got, sizeof got, &next);
    snprintf(want, sizeof want, "%lld", (long long)d);
    assert_string_equal(got, want);
    rec_filter pct_x = {"family_name", RF_PREFIX, s_x};
    list_ids(f, &person, &pct_x, 1, 0, 50, got, sizeof got, &next);
    assert_string_equal(got, "");
    rec_filter five = {"family_name", RF_PREFIX, s_5};
    list_ids(f, &person, &five, 1, 0, 50, got, sizeof got, &next);
    snprintf(want, sizeof want, "%lld", (long long)d);
    assert_string_equal(got, want);

    /* a list containing a value: whole values only */
    rec_filter contains = {"communication_needs", RF_CONTAINS, s_hear};
    list_ids(f, &person, &contains, 1, 0, 50, got, sizeof got, &next);
    snprintf(want, sizeof want, "%lld", (long long)a);
    assert_string_equal(got, want);
    rec_filter contains_part = {"communication_needs", RF_CONTAINS, hear_q};
    list_ids(f, &person, &contains_part, 1, 0, 50, got, sizeof got, &next);
    assert_string_equal(got, "");

    rec_filter is_null = {"phone", RF_IS_NULL, NULL};
    list_ids(f, &person, &is_null, 1, 0, 50, got, sizeof got, &next);
    snprintf(want, sizeof want, "%lld,%lld", (long long)b, (long long)d);
    assert_string_equal(got, want);
    rec_filter not_null = {"phone", RF_NOT_NULL, NULL};
    list_ids(f, &person, &not_null, 1, 0, 50, got, sizeof got, &next);
    snprintf(want, sizeof want, "%lld,%lld", (long long)a, (long long)c);
    assert_string_equal(got, want);

    /* comparisons on dates */
    rec_filter lt = {"birth_date", RF_LT, date}, le = {"birth_date", RF_LE, date};
    rec_filter gt = {"birth_date", RF_GT, date}, ge = {"birth_date", RF_GE, date};
    list_ids(f, &person, &lt, 1, 0, 50, got, sizeof got, &next);
    snprintf(want, sizeof want, "%lld", (long long)a);
    assert_string_equal(got, want);
    list_ids(f, &person, &le, 1, 0, 50, got, sizeof got, &next);
    snprintf(want, sizeof want, "%lld,%lld", (long long)a, (long long)b);
    assert_string_equal(got, want);
    list_ids(f, &person, &gt, 1, 0, 50, got, sizeof got, &next);
    snprintf(want, sizeof want, "%lld,%lld", (long long)c, (long long)d);
    assert_string_equal(got, want);
    list_ids(f, &person, &ge, 1, 0, 50, got, sizeof got, &next);
    snprintf(want, sizeof want, "%lld,%lld,%lld", (long long)b, (long long)c, (long long)d);
    assert_string_equal(got, want);

    /* several filters together, with pagination */
    rec_filter two[2] = {{"birth_date", RF_GE, date}, {"entitled_to_plan", RF_EQ, t}};
    list_ids(f, &person, two, 2, 0, 50, got, sizeof got, &next);
    snprintf(want, sizeof want, "%lld", (long long)c);
    assert_string_equal(got, want);
    rec_filter not_sight[2] = {{"communication_needs", RF_CONTAINS, s_sight},
                               {"phone", RF_NOT_NULL, NULL}};
    list_ids(f, &person, not_sight, 2, 0, 50, got, sizeof got, &next);
    assert_string_equal(got, "");
    list_ids(f, &person, &ge, 1, 0, 1, got, sizeof got, &next);
    snprintf(want, sizeof want, "%lld", (long long)b);
    assert_string_equal(got, want);
    assert_int_equal(next, b);
    list_ids(f, &person, &ge, 1, next, 1, got, sizeof got, &next);
    snprintf(want, sizeof want, "%lld", (long long)c);
    assert_string_equal(got, want);
    assert_int_equal(next, c);
    list_ids(f, &person, &ge, 1, next, 1, got, sizeof got, &next);
    snprintf(want, sizeof want, "%lld", (long long)d);
    assert_string_equal(got, want);
    assert_int_equal(next, 0);

    json_decref(t);
    json_decref(s_nord);
    json_decref(s_hear);
    json_decref(s_sight);
    json_decref(date);
    json_decref(s_pct);
    json_decref(s_5);
    json_decref(s_x);
    json_decref(name);
    json_decref(hear_q);
}

static void test_field_lookup_and_columns(void **state)
{
    assert_ptr_equal(rec_field(&staff, "title"), &staff_fields[3]);
    assert_null(rec_field(&staff, "id"));
    assert_null(rec_field(&staff, "Title"));
    char cols[256];
    rec_columns(&staff, NULL, cols, sizeof cols);
    assert_string_equal(cols, "id, given_name, family_name, profession, title, email, active, "
                              "version, created_at, updated_at");
    rec_columns(&staff, "s.", cols, sizeof cols);
    assert_string_equal(cols, "s.id, s.given_name, s.family_name, s.profession, s.title, s.email, "
                              "s.active, s.version, s.created_at, s.updated_at");
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_insert_and_get),
        T(test_get_missing),
        T(test_json_types_round_trip),
        T(test_unique_violation_is_conflict),
        T(test_update_with_version),
        T(test_update_missing),
        T(test_delete),
        T(test_tenant_isolation),
        T(test_list_pagination),
        T(test_list_filters),
        cmocka_unit_test(test_field_lookup_and_columns),
    };
    return cmocka_run_group_tests_name("record", tests, NULL, NULL);
}
