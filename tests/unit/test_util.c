/*
 * test_util.c - the arena, the growable buffer, time helpers, errors and log
 * levels (src/util).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdalign.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/log.h"
#include "util/timeutil.h"
#include "util/utf8.h"

#define ALIGN alignof(max_align_t)

static void test_arena_many_allocations(void **state)
{
    arena *a = arena_new(256);
    enum { N = 5000 };
    unsigned char **p = malloc(N * sizeof *p);
    for (int i = 0; i < N; i++) {
        size_t n = (size_t)(i % 97) + 1;
        p[i] = arena_alloc(a, n);
        assert_non_null(p[i]);
        assert_int_equal((uintptr_t)p[i] % ALIGN, 0);
        memset(p[i], i & 0xff, n);
    }
    /* nothing overwrote anything */
    for (int i = 0; i < N; i++) {
        size_t n = (size_t)(i % 97) + 1;
        for (size_t k = 0; k < n; k++)
            if (p[i][k] != (i & 0xff)) fail_msg("allocation %d byte %zu was overwritten", i, k);
    }
    free(p);
    arena_free(a);
}

static void test_arena_zero_and_distinct(void **state)
{
    arena *a = arena_new(0);
    void *x = arena_alloc(a, 0), *y = arena_alloc(a, 0), *z = arena_alloc(a, 1);
    assert_non_null(x);
    assert_non_null(y);
    assert_true(x != y);
    assert_true(y != z);
    assert_int_equal((uintptr_t)x % ALIGN, 0);
    assert_int_equal((uintptr_t)z % ALIGN, 0);
    /* odd sizes keep later allocations aligned */
    for (size_t n = 1; n < 3 * ALIGN; n++) {
        void *q = arena_alloc(a, n);
        assert_int_equal((uintptr_t)q % ALIGN, 0);
    }
    arena_free(a);
}

static void test_arena_large_blocks(void **state)
{
    arena *a = arena_new(1024);
    char *small = arena_alloc(a, 10);
    memcpy(small, "før stor", 10);
    size_t big = 3u * 1024 * 1024;
    char *p = arena_alloc(a, big);
    assert_non_null(p);
    assert_int_equal((uintptr_t)p % ALIGN, 0);
    memset(p, 0xab, big);
    assert_int_equal((unsigned char)p[0], 0xab);
    assert_int_equal((unsigned char)p[big - 1], 0xab);
    char *q = arena_alloc(a, big * 2);
    memset(q, 0xcd, big * 2);
    assert_int_equal((unsigned char)p[big - 1], 0xab);
    assert_memory_equal(small, "før stor", 10);
    /* many blocks in a row */
    for (int i = 0; i < 50; i++) {
        char *r = arena_alloc(a, 100000);
        memset(r, i, 100000);
    }
    assert_memory_equal(small, "før stor", 10);
    arena_free(a);
}

/* arena.c: "large requests get a block of their own so small ones keep packing
 * into the current block". */
static void test_arena_small_after_large_stays_in_block(void **state)
{
    arena *a = arena_new(4096);
    char *first = arena_alloc(a, 16);
    char *big = arena_alloc(a, 1024 * 1024);
    memset(big, 1, 1024 * 1024);
    char *next = arena_alloc(a, 16);
    int same_block = next > first && next < first + 4096;
    arena_free(a);
    /* the small allocation after the large one lands in the first block */
    assert_true(same_block);
}

static void test_arena_reset(void **state)
{
    arena *a = arena_new(512);
    char *first = arena_alloc(a, 100);
    for (int i = 0; i < 100; i++) arena_alloc(a, 1000); /* several blocks */
    arena_reset(a);
    /* the first block is kept and reused from its start */
    char *again = arena_alloc(a, 100);
    assert_ptr_equal(again, first);
    memset(again, 'x', 100);
    for (int round = 0; round < 20; round++) {
        for (int i = 0; i < 50; i++) {
            char *p = arena_alloc(a, 3000);
            memset(p, round, 3000);
        }
        arena_reset(a);
    }
    assert_ptr_equal(arena_alloc(a, 8), first);
    arena_reset(a);
    arena_reset(a); /* twice is harmless */
    arena_free(a);
    arena_free(NULL);
}

static void test_arena_strings(void **state)
{
    arena *a = arena_new(256);
    assert_string_equal(arena_strdup(a, "Tromsø"), "Tromsø");
    assert_null(arena_strdup(a, NULL));
    assert_string_equal(arena_strdup(a, ""), "");
    assert_string_equal(arena_strndup(a, "abcdef", 3), "abc");
    assert_string_equal(arena_strndup(a, "abcdef", 0), "");
    assert_string_equal(arena_printf(a, "%s-%d-%lld", "x", 42, (long long)-7), "x-42--7");
    assert_string_equal(arena_printf(a, "%s", ""), "");
    /* longer than any block so far */
    char *long_s = malloc(10001);
    memset(long_s, 'q', 10000);
    long_s[10000] = '\0';
    char *p = arena_printf(a, "[%s]", long_s);
    assert_int_equal(strlen(p), 10002);
    assert_int_equal(p[0], '[');
    assert_int_equal(p[10001], ']');
    assert_int_equal(p[5000], 'q');
    free(long_s);
    arena_free(a);
}

static void test_buf_growth(void **state)
{
    arena *a = arena_new(256);
    buf b;
    buf_init(&b, a, 0);
    assert_int_equal(b.len, 0);
    assert_true(b.cap >= 64);
    assert_string_equal(buf_cstr(&b), "");
    char want[8192];
    size_t n = 0;
    for (int i = 0; i < 1000; i++) {
        char piece[16];
        int k = snprintf(piece, sizeof piece, "%d,", i);
        buf_append(&b, piece, (size_t)k);
        memcpy(want + n, piece, (size_t)k);
        n += (size_t)k;
        assert_true(b.cap > b.len);
    }
    want[n] = '\0';
    assert_int_equal(b.len, n);
    assert_int_equal(strlen(buf_cstr(&b)), n);
    assert_string_equal(buf_cstr(&b), want);
    arena_free(a);
}

static void test_buf_puts_printf(void **state)
{
    arena *a = arena_new(256);
    buf b;
    buf_init(&b, a, 16);
    buf_puts(&b, "SELECT ");
    buf_printf(&b, "%s, %d", "id", 7);
    buf_puts(&b, "");
    buf_printf(&b, "%s", "");
    assert_string_equal(buf_cstr(&b), "SELECT id, 7");
    assert_int_equal(b.len, 12);
    /* a single printf far beyond the capacity */
    char big[5000];
    memset(big, 'z', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    buf_printf(&b, "<%s>", big);
    assert_int_equal(b.len, 12 + 2 + 4999);
    assert_int_equal(buf_cstr(&b)[12], '<');
    assert_int_equal(buf_cstr(&b)[b.len - 1], '>');
    assert_int_equal(buf_cstr(&b)[b.len], '\0');
    /* bytes with NUL inside are kept; len counts them */
    buf c;
    buf_init(&c, a, 64);
    buf_append(&c, "a\0b", 3);
    assert_int_equal(c.len, 3);
    assert_memory_equal(c.data, "a\0b", 4);
    /* UTF-8 passes through unchanged */
    buf_puts(&c, "æøå😀");
    assert_int_equal(c.len, 3 + 6 + 4);
    assert_memory_equal(c.data + 3, "æøå😀", 11);
    arena_free(a);
}

static void test_time_valid_date(void **state)
{
    assert_int_equal(time_valid_date("2024-02-29"), 0);
    assert_int_equal(time_valid_date("2000-02-29"), 0);
    assert_int_equal(time_valid_date("1850-01-01"), 0);
    assert_int_equal(time_valid_date("2200-12-31"), 0);
    assert_int_equal(time_valid_date("2023-11-30"), 0);
    assert_int_equal(time_valid_date("2023-02-29"), -1);
    assert_int_equal(time_valid_date("1900-02-29"), -1);
    assert_int_equal(time_valid_date("2200-02-29"), -1);
    assert_int_equal(time_valid_date("2023-11-31"), -1);
    assert_int_equal(time_valid_date("2023-06-31"), -1);
    assert_int_equal(time_valid_date("2023-00-01"), -1);
    assert_int_equal(time_valid_date("2023-13-01"), -1);
    assert_int_equal(time_valid_date("2023-01-00"), -1);
    assert_int_equal(time_valid_date("1849-12-31"), -1);
    assert_int_equal(time_valid_date("2201-01-01"), -1);
    assert_int_equal(time_valid_date("2023-1-1"), -1);
    assert_int_equal(time_valid_date("2023-01-01 "), -1);
    assert_int_equal(time_valid_date("2023_01_01"), -1);
    assert_int_equal(time_valid_date("20a3-01-01"), -1);
    assert_int_equal(time_valid_date("-023-01-01"), -1);
    assert_int_equal(time_valid_date("2023--1-01"), -1);
    assert_int_equal(time_valid_date(""), -1);
    assert_int_equal(time_valid_date(NULL), -1);
}

static void test_time_valid_timestamp(void **state)
{
    assert_int_equal(time_valid_timestamp("2024-02-29T23:59:59Z"), 0);
    assert_int_equal(time_valid_timestamp("1850-01-01T00:00:00Z"), 0);
    assert_int_equal(time_valid_timestamp("2023-02-29T12:00:00Z"), -1);
    assert_int_equal(time_valid_timestamp("2024-01-01T24:00:00Z"), -1);
    assert_int_equal(time_valid_timestamp("2024-01-01T23:60:00Z"), -1);
    assert_int_equal(time_valid_timestamp("2024-01-01T23:59:61Z"), -1);
    assert_int_equal(time_valid_timestamp("2024-01-01T2a:00:00Z"), -1);
    assert_int_equal(time_valid_timestamp("2024-01-01t12:00:00Z"), -1);
    assert_int_equal(time_valid_timestamp("2024-01-01T12:00:00z"), -1);
    assert_int_equal(time_valid_timestamp("2024-01-01T12:00:00"), -1);
    assert_int_equal(time_valid_timestamp("2024-01-01T12:00Z"), -1);
    assert_int_equal(time_valid_timestamp("2024-01-01T12-00-00Z"), -1);
    assert_int_equal(time_valid_timestamp("2024-01-01T12:00:00+00:00"), -1);
    assert_int_equal(time_valid_timestamp("2024-01-01"), -1);
    assert_int_equal(time_valid_timestamp(""), -1);
    assert_int_equal(time_valid_timestamp(NULL), -1);
}

static void add(const char *date, int days, const char *want)
{
    char out[11];
    memset(out, '#', sizeof out);
    time_add_days(date, days, out);
    assert_string_equal(out, want);
}

static void test_time_add_days(void **state)
{
    add("2024-02-28", 0, "2024-02-28");
    add("2024-02-28", 1, "2024-02-29");
    add("2024-02-28", 2, "2024-03-01");
    add("2023-02-28", 1, "2023-03-01");
    add("2023-12-31", 1, "2024-01-01");
    add("2024-01-01", -1, "2023-12-31");
    add("2024-03-01", -1, "2024-02-29");
    add("2024-01-01", 365, "2024-12-31");
    add("2024-01-01", 366, "2025-01-01");
    add("2024-01-31", 30, "2024-03-01");
    /* across the end of summer time in Norway: dates are dates */
    add("2024-10-26", 1, "2024-10-27");
    add("2024-10-27", 1, "2024-10-28");
    add("2024-03-30", 1, "2024-03-31");
    add("2000-02-28", 1, "2000-02-29");
    add("1900-02-28", 1, "1900-03-01");
    add("2024-06-15", 36524, "2124-06-15"); /* 24 leap days: 2100 is none */
    add("2024-06-15", -36525, "1924-06-15");
}

static void test_time_age_on(void **state)
{
    assert_int_equal(time_age_on("2010-06-15", "2026-06-14"), 15);
    assert_int_equal(time_age_on("2010-06-15", "2026-06-15"), 16); /* from the birthday */
    assert_int_equal(time_age_on("2010-06-15", "2026-12-31"), 16);
    assert_int_equal(time_age_on("2014-01-01", "2025-12-31"), 11);
    assert_int_equal(time_age_on("2014-01-01", "2026-01-01"), 12);
    assert_int_equal(time_age_on("2026-03-01", "2026-03-01"), 0);
    assert_int_equal(time_age_on("2026-03-02", "2026-03-01"), -1);
    assert_true(time_age_on("2030-01-01", "2026-03-01") < 0);
    /* 29 February: a year older on 1 March when the year has no 29th */
    assert_int_equal(time_age_on("2012-02-29", "2028-02-28"), 15);
    assert_int_equal(time_age_on("2012-02-29", "2028-02-29"), 16);
    assert_int_equal(time_age_on("2012-02-29", "2027-02-28"), 14);
    assert_int_equal(time_age_on("2012-02-29", "2027-03-01"), 15);
    assert_int_equal(time_age_on("1850-01-01", "2200-12-31"), 350);
}

static void test_time_now(void **state)
{
    char ts[21], day[11];
    time_now_iso(ts);
    time_today(day);
    assert_int_equal(time_valid_timestamp(ts), 0);
    assert_int_equal(time_valid_date(day), 0);
    uint64_t a = time_mono_us(), b = time_mono_us();
    assert_true(b >= a);
}

static void test_err(void **state)
{
    err e;
    err_clear(&e);
    assert_int_equal(e.kind, ERR_NONE);
    assert_string_equal(e.code, "");
    assert_string_equal(e.field, "");
    assert_int_equal(err_set(&e, ERR_INVALID, "too_long", "given_name", "%s is %d long", "x", 3),
                     -1);
    assert_int_equal(e.kind, ERR_INVALID);
    assert_string_equal(e.code, "too_long");
    assert_string_equal(e.field, "given_name");
    assert_string_equal(e.message, "x is 3 long");
    assert_int_equal(err_set(&e, ERR_NOT_FOUND, "not_found", NULL, "gone"), -1);
    assert_string_equal(e.field, "");
    assert_string_equal(e.message, "gone");
    assert_int_equal(err_set(NULL, ERR_INTERNAL, "x", NULL, "y"), -1);
    /* an over-long message is cut, not overflowed */
    char big[1000];
    memset(big, 'm', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    err_set(&e, ERR_INVALID, "c", "f", "%s", big);
    assert_int_equal(strlen(e.message), sizeof e.message - 1);
    err_clear(&e);
    assert_int_equal(e.kind, ERR_NONE);
    assert_string_equal(e.message, "");
}

/* 1 if s is well-formed UTF-8 (RFC 3629), checked independently of src/. */
static int valid_utf8(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned c = *p;
        int n = c < 0x80                 ? 1
                : c >= 0xC2 && c <= 0xDF ? 2
                : c >= 0xE0 && c <= 0xEF ? 3
                : c >= 0xF0 && c <= 0xF4 ? 4
                                         : 0;
        if (!n) return 0;
        unsigned cp = n == 1 ? c : n == 2 ? c & 0x1F : n == 3 ? c & 0x0F : c & 0x07;
        for (int i = 1; i < n; i++) {
            if ((p[i] & 0xC0) != 0x80) return 0;
            cp = (cp << 6) | (p[i] & 0x3F);
        }
        if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        p += n;
    }
    return 1;
}

/* Errors quote client input and are cut to fixed buffers; what they hold must
 * stay valid UTF-8, or the JSON error body cannot be written. */
static void test_err_stays_utf8(void **state)
{
    char ae[200];
    size_t n = 0;
    ae[n++] = 'a'; /* ae + 1 starts with "æ": a cut at an odd byte count lands inside one */
    while (n + 2 < sizeof ae) {
        ae[n++] = (char)0xc3;
        ae[n++] = (char)0xa6;
    }
    ae[n] = '\0';
    assert_true(valid_utf8(ae));
    err e;
    err_set(&e, ERR_INVALID, "unknown_field", ae + 1, "a thing has no field '%s'", ae + 1);
    assert_true(strlen(e.field) > 0 && strlen(e.field) < sizeof e.field);
    assert_true(valid_utf8(e.field));
    assert_true(valid_utf8(e.message));
    for (int cut = 1; cut < 300; cut++) {
        err_set(&e, ERR_INVALID, "x", NULL, "%.*s%s", cut,
                "________________________________"
                "________________________________"
                "________________________________"
                "________________________________"
                "________________________________"
                "________________________________"
                "________________________________"
                "________________________________"
                "________________________________"
                "________________________________",
                ae);
        if (!valid_utf8(e.message)) fail_msg("message cut inside a character (prefix %d)", cut);
    }
    /* invalid bytes given as a field do not survive either */
    err_set(&e, ERR_INVALID, "x", "bad\xff\xc3", "value \xfe here");
    assert_true(valid_utf8(e.field));
    assert_true(valid_utf8(e.message));
    assert_int_equal(strncmp(e.field, "bad", 3), 0);
}

/* The bidirectional embeddings, overrides and isolates are found wherever
 * they stand; everything else a person writes is not one of them. */
static void test_utf8_bidi_control(void **state)
{
    static const unsigned controls[] = {0x202A, 0x202B, 0x202C, 0x202D, 0x202E,
                                        0x2066, 0x2067, 0x2068, 0x2069};
    for (size_t i = 0; i < sizeof controls / sizeof controls[0]; i++) {
        unsigned cp = controls[i];
        char s[32];
        snprintf(s, sizeof s, "ab%c%c%ccd", (char)(0xE0 | (cp >> 12)),
                 (char)(0x80 | ((cp >> 6) & 0x3F)), (char)(0x80 | (cp & 0x3F)));
        size_t at = 99;
        assert_int_equal(utf8_bidi_control(s, &at), cp);
        assert_int_equal(at, 2);
        assert_int_equal(utf8_bidi_control(s + 2, NULL), cp);
    }
    /* neighbours of the ranges, and what people write */
    static const char *const fine[] = {
        "\xE2\x80\xA9",              /* U+2029 paragraph separator */
        "\xE2\x80\xAF",              /* U+202F narrow no-break space */
        "\xE2\x81\xA5",              /* U+2065 */
        "\xE2\x81\xAA",              /* U+206A */
        "\xE2\x80\x8E\xE2\x80\x8F",  /* LRM, RLM */
        "\xE2\x80\x94 \xE2\x82\xAC", /* em dash, euro sign */
        "Æsa Øvre Åsen",
        "Máret Ánde Čáhppes Šiellá Ŋ", /* Sami letters */
        "Ахмед مرحبا שלום 你好",
        "e\xCC\x81 n\xCC\x83",                                           /* combining marks */
        "\xF0\x9F\x98\x80 \xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7", /* emoji, ZWJ */
        "",
        "\xE2",
        "\xE2\x80",
    };
    for (size_t i = 0; i < sizeof fine / sizeof fine[0]; i++)
        if (utf8_bidi_control(fine[i], NULL)) fail_msg("'%s' taken for a bidi control", fine[i]);
}

static void test_log_levels(void **state)
{
    log_level l = LOG_OFF;
    assert_int_equal(log_parse_level("debug", &l), 0);
    assert_int_equal(l, LOG_DEBUG);
    assert_int_equal(log_parse_level("info", &l), 0);
    assert_int_equal(l, LOG_INFO);
    assert_int_equal(log_parse_level("warn", &l), 0);
    assert_int_equal(l, LOG_WARN);
    assert_int_equal(log_parse_level("error", &l), 0);
    assert_int_equal(l, LOG_ERROR);
    assert_int_equal(log_parse_level("off", &l), 0);
    assert_int_equal(l, LOG_OFF);
    assert_int_equal(log_parse_level("loud", &l), -1);
    assert_int_equal(log_parse_level("", &l), -1);
    log_level before = log_get_level();
    log_set_level(LOG_ERROR);
    assert_int_equal(log_get_level(), LOG_ERROR);
    log_set_level(before);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_arena_many_allocations),
        cmocka_unit_test(test_arena_zero_and_distinct),
        cmocka_unit_test(test_arena_large_blocks),
        cmocka_unit_test(test_arena_small_after_large_stays_in_block),
        cmocka_unit_test(test_arena_reset),
        cmocka_unit_test(test_arena_strings),
        cmocka_unit_test(test_buf_growth),
        cmocka_unit_test(test_buf_puts_printf),
        cmocka_unit_test(test_time_valid_date),
        cmocka_unit_test(test_time_valid_timestamp),
        cmocka_unit_test(test_time_add_days),
        cmocka_unit_test(test_time_now),
        cmocka_unit_test(test_err),
        cmocka_unit_test(test_err_stays_utf8),
        cmocka_unit_test(test_time_age_on),
        cmocka_unit_test(test_utf8_bidi_control),
        cmocka_unit_test(test_log_levels),
    };
    return cmocka_run_group_tests_name("util", tests, NULL, NULL);
}
