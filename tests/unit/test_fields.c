/*
 * test_fields.c - validating client input against a field table
 * (domain/fields.h), on a record_def of the test's own with every field type
 * and flag. References are checked against an in-memory database.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "domain/fields.h"
#include "domain/organisation.h"
#include "unit.h"

static const char *const colours[] = {"red", "green", "blue", NULL};

static const field_def thing_fields[] = {
    {"title", FT_TEXT, FF_REQUIRED, NULL, 2, 5, NULL},
    {"note", FT_TEXT, 0, NULL, 0, 0, NULL},
    {"count", FT_INT, 0, NULL, 1, 100, NULL},
    {"big", FT_INT, 0, NULL, 0, 0, NULL},
    {"flag", FT_BOOL, FF_NOT_NULL, NULL, 0, 0, NULL},
    {"day", FT_DATE, 0, NULL, 0, 0, NULL},
    {"at", FT_TIMESTAMP, 0, NULL, 0, 0, NULL},
    {"colour", FT_ENUM, 0, colours, 0, 0, NULL},
    {"colours", FT_ENUM_LIST, 0, colours, 0, 0, NULL},
    {"org", FT_REF, 0, NULL, 0, 0, &organisation_def},
    {"serial", FT_TEXT, FF_READONLY, NULL, 0, 0, NULL},
    {"shape", FT_ENUM, FF_CREATE_ONLY, colours, 0, 0, NULL},
    {"secret", FT_TEXT, FF_HIDDEN, NULL, 0, 0, NULL},
    {"blob", FT_JSON, 0, NULL, 0, 0, NULL},
};
static const record_def thing_def = {"thing", "things", thing_fields, 14, NULL, NULL};

typedef struct fixture {
    store *s;
    int64_t t1, t2;
    int64_t org1; /* an organisation of tenant 1 */
    int64_t org2; /* an organisation of tenant 2 */
} fixture;

static int64_t add_org(store *s, int64_t tenant, const char *name)
{
    err e;
    err_clear(&e);
    json_t *v = json_pack("{s:s,s:s,s:s}", "name", name, "kind", "unit", "level", "municipal");
    int64_t id = 0;
    assert_ok(rec_insert(s, &organisation_def, tenant, v, &id, &e), e);
    json_decref(v);
    return id;
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->s = unit_open_db("t1", &f->t1);
    err e;
    err_clear(&e);
    assert_ok(tenant_create(f->s, "t2", "Annen kommune", NULL, &f->t2, &e), e);
    f->org1 = add_org(f->s, f->t1, "Hjemmesykepleien");
    f->org2 = add_org(f->s, f->t2, "Annen enhet");
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

/* Checks one value for one field of thing_def: 0 or the failure in e. */
static int check(fixture *f, const char *field, json_t *v, err *e)
{
    const field_def *fd = rec_field(&thing_def, field);
    assert_non_null(fd);
    err_clear(e);
    int rc = fields_check_value(f->s, f->t1, fd, v, field, e);
    json_decref(v);
    return rc;
}

static void ok(fixture *f, const char *field, json_t *v)
{
    err e;
    int rc = check(f, field, v, &e);
    assert_ok(rc, e);
}

static void bad(fixture *f, const char *field, json_t *v, const char *code)
{
    err e;
    int rc = check(f, field, v, &e);
    assert_err(rc, e, ERR_INVALID, code, field);
}

static void test_utf8_length(void **state)
{
    assert_int_equal(fields_utf8_length(""), 0);
    assert_int_equal(fields_utf8_length("abc"), 3);
    assert_int_equal(fields_utf8_length("\xc3\xa6\xc3\xb8\xc3\xa5"), 3);         /* æøå */
    assert_int_equal(fields_utf8_length("\xf0\x9f\x98\x80"), 1);                 /* 😀 */
    assert_int_equal(fields_utf8_length("e\xcc\x81"), 2);                        /* e + ◌́ */
    assert_int_equal(fields_utf8_length("\xd8\xb3\xd9\x84\xd8\xa7\xd9\x85"), 4); /* سلام */
    assert_int_equal(fields_utf8_length("M\xc3\xa1ret \xc3\x81nde \xc4\x8ciek\xc4\x8d\xc3\xa1"),
                     17); /* Máret Ánde Čiekčá */
}

static void test_text(void **state)
{
    fixture *f = *state;
    ok(f, "title", json_string("ab"));
    ok(f, "title", json_string("abcde"));
    bad(f, "title", json_string("a"), "too_short");
    bad(f, "title", json_string(""), "too_short");
    bad(f, "title", json_string("abcdef"), "too_long");
    /* length counts code points, not bytes */
    ok(f, "title", json_string("\xc3\xa6\xc3\xb8\xc3\xa5\xc3\x86\xc3\x98")); /* æøåÆØ: 10 bytes */
    bad(f, "title", json_string("\xc3\xa6\xc3\xb8\xc3\xa5\xc3\x86\xc3\x98\xc3\x85"), "too_long");
    ok(f, "title", json_string("\xf0\x9f\x98\x80\xf0\x9f\x98\x80")); /* two emoji, 8 bytes */
    bad(f, "title", json_string("\xf0\x9f\x98\x80"), "too_short");
    ok(f, "title",
       json_string("e\xcc\x81"
                   "e\xcc\x81")); /* é é written with combining accents: 4 */
    /* the default maximum of an unbounded text is 20000 characters */
    char *big = malloc(20002);
    memset(big, 'x', 20001);
    big[20001] = '\0';
    bad(f, "note", json_string(big), "too_long");
    big[20000] = '\0';
    ok(f, "note", json_string(big));
    free(big);
    ok(f, "note", json_string(""));
    /* wrong types */
    bad(f, "title", json_integer(12), "wrong_type");
    bad(f, "title", json_true(), "wrong_type");
    bad(f, "title", json_pack("[s]", "ab"), "wrong_type");
    bad(f, "title", json_object(), "wrong_type");
}

static void test_text_control_characters(void **state)
{
    fixture *f = *state;
    bad(f, "note", json_string("a\x01z"), "invalid_text");
    bad(f, "note", json_string("\x1b[31m"), "invalid_text");
    bad(f, "note", json_string("a\x7f"), "invalid_text");
    bad(f, "note", json_string("\x1f"), "invalid_text");
    bad(f, "note", json_string("bell\x07"), "invalid_text");
    ok(f, "note", json_string("line one\nline two\r\n\tindented"));
}

/* Bidirectional embeddings, overrides and isolates are refused in every text
 * field; right-to-left letters, Sami letters, emoji and combining marks stay. */
static void test_text_bidi_controls(void **state)
{
    fixture *f = *state;
    bad(f, "note",
        json_string("faktura\xE2\x80\xAE"
                    "fdp.exe"),
        "bidi_control");                                                       /* U+202E */
    bad(f, "note", json_string("\xE2\x80\xAAx"), "bidi_control");              /* U+202A */
    bad(f, "note", json_string("x\xE2\x81\xA6y\xE2\x81\xA9"), "bidi_control"); /* U+2066 */
    bad(f, "note", json_string("\xE2\x81\xA8"), "bidi_control");               /* U+2068 */
    bad(f, "title",
        json_string("a\xE2\x80\xAC"
                    "b"),
        "bidi_control"); /* U+202C */
    ok(f, "note", json_string("مرحبا بكم و שלום"));
    ok(f, "note", json_string("Áilu Čáhppes Ŋ æøå ÆØÅ"));
    ok(f, "note", json_string("\xF0\x9F\x98\x80 e\xCC\x81 \xE2\x80\x8F"));
}

static void test_int(void **state)
{
    fixture *f = *state;
    ok(f, "count", json_integer(1));
    ok(f, "count", json_integer(100));
    ok(f, "count", json_integer(57));
    bad(f, "count", json_integer(0), "out_of_range");
    bad(f, "count", json_integer(101), "out_of_range");
    bad(f, "count", json_integer(-1), "out_of_range");
    bad(f, "count", json_integer(INT64_MAX), "out_of_range");
    bad(f, "count", json_string("5"), "wrong_type");
    bad(f, "count", json_real(5.0), "wrong_type");
    bad(f, "count", json_real(5.5), "wrong_type");
    bad(f, "count", json_true(), "wrong_type");
    /* 0,0 means unbounded */
    ok(f, "big", json_integer(-5));
    ok(f, "big", json_integer(0));
    ok(f, "big", json_integer(INT64_MAX));
    err e;
    err_clear(&e);
    assert_int_equal(check(f, "count", json_integer(0), &e), -1);
    assert_non_null(strstr(e.message, "1"));
    assert_non_null(strstr(e.message, "100"));
}

static void test_bool(void **state)
{
    fixture *f = *state;
    ok(f, "flag", json_true());
    ok(f, "flag", json_false());
    bad(f, "flag", json_integer(1), "wrong_type");
    bad(f, "flag", json_integer(0), "wrong_type");
    bad(f, "flag", json_string("true"), "wrong_type");
    /* FF_NOT_NULL */
    bad(f, "flag", json_null(), "required");
}

static void test_date(void **state)
{
    fixture *f = *state;
    ok(f, "day", json_string("2024-02-29")); /* leap year */
    ok(f, "day", json_string("2000-02-29")); /* divisible by 400 */
    ok(f, "day", json_string("1996-02-29"));
    ok(f, "day", json_string("2023-12-31"));
    ok(f, "day", json_string("1850-01-01")); /* first day in range */
    ok(f, "day", json_string("2200-12-31")); /* last day in range */
    bad(f, "day", json_string("2023-02-29"), "invalid_date");
    bad(f, "day", json_string("1900-02-29"), "invalid_date"); /* divisible by 100 */
    bad(f, "day", json_string("2100-02-29"), "invalid_date");
    bad(f, "day", json_string("2024-02-30"), "invalid_date");
    bad(f, "day", json_string("2024-02-31"), "invalid_date");
    bad(f, "day", json_string("2024-04-31"), "invalid_date");
    bad(f, "day", json_string("2024-13-01"), "invalid_date");
    bad(f, "day", json_string("2024-00-10"), "invalid_date");
    bad(f, "day", json_string("2024-01-00"), "invalid_date");
    bad(f, "day", json_string("2024-01-32"), "invalid_date");
    bad(f, "day", json_string("1849-12-31"), "invalid_date");
    bad(f, "day", json_string("2201-01-01"), "invalid_date");
    bad(f, "day", json_string("0000-01-01"), "invalid_date");
    bad(f, "day", json_string("9999-12-31"), "invalid_date");
    bad(f, "day", json_string("2024-1-01"), "invalid_date");
    bad(f, "day", json_string("20240101"), "invalid_date");
    bad(f, "day", json_string("2024/01/01"), "invalid_date");
    bad(f, "day", json_string("2024-01-01T00:00:00Z"), "invalid_date");
    bad(f, "day", json_string("2024-0a-01"), "invalid_date");
    bad(f, "day", json_string("+024-01-01"), "invalid_date");
    bad(f, "day", json_string(""), "invalid_date");
    bad(f, "day", json_integer(20240101), "invalid_date");
    ok(f, "day", json_null());
}

static void test_timestamp(void **state)
{
    fixture *f = *state;
    ok(f, "at", json_string("2024-02-29T23:59:59Z"));
    ok(f, "at", json_string("2024-01-01T00:00:00Z"));
    bad(f, "at", json_string("2023-02-29T12:00:00Z"), "invalid_timestamp");
    bad(f, "at", json_string("2024-01-01T24:00:00Z"), "invalid_timestamp");
    bad(f, "at", json_string("2024-01-01T12:60:00Z"), "invalid_timestamp");
    bad(f, "at", json_string("2024-01-01T12:00:61Z"), "invalid_timestamp");
    bad(f, "at", json_string("2024-01-01T12:00:00"), "invalid_timestamp");
    bad(f, "at", json_string("2024-01-01T12:00:00+01:00"), "invalid_timestamp");
    bad(f, "at", json_string("2024-01-01 12:00:00Z"), "invalid_timestamp");
    bad(f, "at", json_string("2024-01-01T12:00:00.000Z"), "invalid_timestamp");
    bad(f, "at", json_string("2024-01-01"), "invalid_timestamp");
    bad(f, "at", json_string("1849-12-31T12:00:00Z"), "invalid_timestamp");
    bad(f, "at", json_integer(1700000000), "invalid_timestamp");
}

static void test_enum(void **state)
{
    fixture *f = *state;
    ok(f, "colour", json_string("red"));
    ok(f, "colour", json_string("blue"));
    bad(f, "colour", json_string("purple"), "invalid_enum");
    bad(f, "colour", json_string("Red"), "invalid_enum");
    bad(f, "colour", json_string(""), "invalid_enum");
    bad(f, "colour", json_string("red "), "invalid_enum");
    bad(f, "colour", json_integer(1), "wrong_type");
    bad(f, "colour", json_pack("[s]", "red"), "wrong_type");
    /* the message names the value and every allowed value */
    err e;
    assert_int_equal(check(f, "colour", json_string("purple"), &e), -1);
    assert_non_null(strstr(e.message, "purple"));
    assert_non_null(strstr(e.message, "red, green, blue"));
}

static void test_enum_list(void **state)
{
    fixture *f = *state;
    ok(f, "colours", json_array());
    ok(f, "colours", json_pack("[s]", "green"));
    ok(f, "colours", json_pack("[s,s,s]", "blue", "red", "green"));
    bad(f, "colours", json_pack("[s,s]", "red", "red"), "duplicate_value");
    bad(f, "colours", json_pack("[s,s,s]", "red", "blue", "red"), "duplicate_value");
    bad(f, "colours", json_pack("[s,s]", "red", "pink"), "invalid_enum");
    bad(f, "colours", json_pack("[i]", 1), "wrong_type");
    bad(f, "colours", json_pack("[s,n]", "red"), "wrong_type");
    bad(f, "colours", json_string("red"), "wrong_type");
    bad(f, "colours", json_object(), "wrong_type");
    err e;
    assert_int_equal(check(f, "colours", json_pack("[s,s]", "blue", "blue"), &e), -1);
    assert_non_null(strstr(e.message, "blue"));
    assert_int_equal(check(f, "colours", json_pack("[s]", "pink"), &e), -1);
    assert_non_null(strstr(e.message, "red, green, blue"));
}

static void test_ref(void **state)
{
    fixture *f = *state;
    ok(f, "org", json_integer(f->org1));
    ok(f, "org", json_null());
    bad(f, "org", json_integer(f->org1 + f->org2 + 1000), "unknown_reference");
    /* an organisation of another tenant does not exist for this one */
    bad(f, "org", json_integer(f->org2), "unknown_reference");
    bad(f, "org", json_integer(0), "wrong_type");
    bad(f, "org", json_integer(-1), "wrong_type");
    bad(f, "org", json_string("1"), "wrong_type");
    bad(f, "org", json_real(1.0), "wrong_type");
    err e;
    assert_int_equal(check(f, "org", json_integer(999999), &e), -1);
    assert_non_null(strstr(e.message, "organisation"));
    assert_non_null(strstr(e.message, "999999"));
}

static void test_path_names_the_field(void **state)
{
    fixture *f = *state;
    err e;
    err_clear(&e);
    json_t *v = json_string("x");
    int rc =
        fields_check_value(f->s, f->t1, rec_field(&thing_def, "title"), v, "items[2].title", &e);
    json_decref(v);
    assert_err(rc, e, ERR_INVALID, "too_short", "items[2].title");
}

/* Runs fields_validate on the JSON text `in`. */
static int validate(fixture *f, const char *in, int mode, const char *const *extra, json_t **out,
                    err *e)
{
    json_error_t je;
    json_t *v = json_loads(in, 0, &je);
    if (!v) fail_msg("bad test JSON %s: %s", in, je.text);
    err_clear(e);
    *out = NULL;
    int rc = fields_validate(f->s, f->t1, &thing_def, v, mode, extra, out, e);
    json_decref(v);
    return rc;
}

static void rejects(fixture *f, const char *in, int mode, const char *code, const char *field)
{
    json_t *out;
    err e;
    int rc = validate(f, in, mode, NULL, &out, &e);
    assert_err(rc, e, ERR_INVALID, code, field);
    assert_null(out);
}

static void test_validate_create(void **state)
{
    fixture *f = *state;
    json_t *out;
    err e;
    char in[512];
    snprintf(in, sizeof in,
             "{\"title\":\"Hei\",\"count\":3,\"flag\":true,\"day\":\"2024-02-29\","
             "\"colour\":\"red\",\"colours\":[\"red\",\"blue\"],\"org\":%lld,\"shape\":\"green\","
             "\"note\":null,\"blob\":{\"any\":[1,2]}}",
             (long long)f->org1);
    int rc = validate(f, in, FIELDS_CREATE, NULL, &out, &e);
    assert_ok(rc, e);
    assert_int_equal(json_object_size(out), 10);
    assert_string_equal(json_string_value(json_object_get(out, "title")), "Hei");
    assert_int_equal(json_integer_value(json_object_get(out, "count")), 3);
    assert_true(json_is_true(json_object_get(out, "flag")));
    assert_int_equal(json_integer_value(json_object_get(out, "org")), f->org1);
    assert_true(json_is_null(json_object_get(out, "note")));
    assert_int_equal(json_array_size(json_object_get(out, "colours")), 2);
    json_decref(out);

    /* only the required field */
    rc = validate(f, "{\"title\":\"Hei\"}", FIELDS_CREATE, NULL, &out, &e);
    assert_ok(rc, e);
    assert_int_equal(json_object_size(out), 1);
    json_decref(out);
}

static void test_validate_required(void **state)
{
    fixture *f = *state;
    rejects(f, "{}", FIELDS_CREATE, "required", "title");
    rejects(f, "{\"count\":3}", FIELDS_CREATE, "required", "title");
    rejects(f, "{\"title\":null}", FIELDS_CREATE, "required", "title");
    rejects(f, "{\"title\":\"ok\",\"flag\":null}", FIELDS_CREATE, "required", "flag");
    /* a patch needs no required field, but cannot empty one */
    json_t *out;
    err e;
    int rc = validate(f, "{\"count\":3}", FIELDS_PATCH, NULL, &out, &e);
    assert_ok(rc, e);
    assert_int_equal(json_object_size(out), 1);
    json_decref(out);
    rc = validate(f, "{}", FIELDS_PATCH, NULL, &out, &e);
    assert_ok(rc, e);
    assert_int_equal(json_object_size(out), 0);
    json_decref(out);
    rejects(f, "{\"title\":null}", FIELDS_PATCH, "required", "title");
}

static void test_validate_read_only(void **state)
{
    fixture *f = *state;
    rejects(f, "{\"title\":\"ok\",\"serial\":\"x\"}", FIELDS_CREATE, "read_only_field", "serial");
    rejects(f, "{\"serial\":\"x\"}", FIELDS_PATCH, "read_only_field", "serial");
    rejects(f, "{\"title\":\"ok\",\"secret\":\"x\"}", FIELDS_CREATE, "read_only_field", "secret");
    /* the implicit columns */
    rejects(f, "{\"title\":\"ok\",\"id\":5}", FIELDS_CREATE, "read_only_field", "id");
    rejects(f, "{\"id\":5}", FIELDS_PATCH, "read_only_field", "id");
    rejects(f, "{\"version\":2}", FIELDS_PATCH, "read_only_field", "version");
    rejects(f, "{\"created_at\":\"2024-01-01T00:00:00Z\"}", FIELDS_PATCH, "read_only_field",
            "created_at");
    rejects(f, "{\"updated_at\":\"2024-01-01T00:00:00Z\"}", FIELDS_PATCH, "read_only_field",
            "updated_at");
}

static void test_validate_create_only(void **state)
{
    fixture *f = *state;
    json_t *out;
    err e;
    int rc = validate(f, "{\"title\":\"ok\",\"shape\":\"red\"}", FIELDS_CREATE, NULL, &out, &e);
    assert_ok(rc, e);
    json_decref(out);
    rejects(f, "{\"shape\":\"red\"}", FIELDS_PATCH, "immutable_field", "shape");
}

static void test_validate_unknown_field(void **state)
{
    fixture *f = *state;
    rejects(f, "{\"title\":\"ok\",\"bogus\":1}", FIELDS_CREATE, "unknown_field", "bogus");
    rejects(f, "{\"Title\":\"ok\"}", FIELDS_PATCH, "unknown_field", "Title");
    rejects(f, "{\"tenant_id\":1}", FIELDS_PATCH, "unknown_field", "tenant_id");
    json_t *out;
    err e;
    assert_int_equal(validate(f, "{\"bogus\":1}", FIELDS_PATCH, NULL, &out, &e), -1);
    assert_non_null(strstr(e.message, "thing"));
    assert_non_null(strstr(e.message, "bogus"));
    /* members named in `extra` are left for the caller */
    const char *const extra[] = {"bogus", "also", NULL};
    int rc =
        validate(f, "{\"title\":\"ok\",\"bogus\":1,\"also\":[]}", FIELDS_CREATE, extra, &out, &e);
    assert_ok(rc, e);
    assert_int_equal(json_object_size(out), 1);
    assert_null(json_object_get(out, "bogus"));
    json_decref(out);
}

static void test_validate_value_errors_name_the_field(void **state)
{
    fixture *f = *state;
    rejects(f, "{\"title\":\"ok\",\"count\":\"3\"}", FIELDS_CREATE, "wrong_type", "count");
    rejects(f, "{\"title\":\"ok\",\"colour\":\"pink\"}", FIELDS_CREATE, "invalid_enum", "colour");
    rejects(f, "{\"day\":\"2023-02-29\"}", FIELDS_PATCH, "invalid_date", "day");
    rejects(f, "{\"org\":424242}", FIELDS_PATCH, "unknown_reference", "org");
    rejects(f, "{\"colours\":[\"red\",\"red\"]}", FIELDS_PATCH, "duplicate_value", "colours");
    rejects(f, "{\"title\":\"toolong\"}", FIELDS_PATCH, "too_long", "title");
    rejects(f, "{\"at\":\"now\"}", FIELDS_PATCH, "invalid_timestamp", "at");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_length),
        cmocka_unit_test_setup_teardown(test_text, setup, teardown),
        cmocka_unit_test_setup_teardown(test_text_control_characters, setup, teardown),
        cmocka_unit_test_setup_teardown(test_text_bidi_controls, setup, teardown),
        cmocka_unit_test_setup_teardown(test_int, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bool, setup, teardown),
        cmocka_unit_test_setup_teardown(test_date, setup, teardown),
        cmocka_unit_test_setup_teardown(test_timestamp, setup, teardown),
        cmocka_unit_test_setup_teardown(test_enum, setup, teardown),
        cmocka_unit_test_setup_teardown(test_enum_list, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ref, setup, teardown),
        cmocka_unit_test_setup_teardown(test_path_names_the_field, setup, teardown),
        cmocka_unit_test_setup_teardown(test_validate_create, setup, teardown),
        cmocka_unit_test_setup_teardown(test_validate_required, setup, teardown),
        cmocka_unit_test_setup_teardown(test_validate_read_only, setup, teardown),
        cmocka_unit_test_setup_teardown(test_validate_create_only, setup, teardown),
        cmocka_unit_test_setup_teardown(test_validate_unknown_field, setup, teardown),
        cmocka_unit_test_setup_teardown(test_validate_value_errors_name_the_field, setup, teardown),
    };
    return cmocka_run_group_tests_name("fields", tests, NULL, NULL);
}
