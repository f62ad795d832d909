/*
 * test_nid.c - national identity numbers (util/nid.h).
 *
 * Only synthetic numbers are used here (month + 40 as in NAV's test data, or
 * month + 80 as in Skatteetaten's Tenor), alone or with a D-number day (+ 40):
 * never a number that could belong to a real person.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "util/nid.h"

/* Writes the nine digits ddmmyyiii and a NUL into out[0..9]. */
static void prefix9(char out[12], int dd, int mm, int yy, int ind)
{
    char tmp[64];
    snprintf(tmp, sizeof tmp, "%02d%02d%02d%03d", dd, mm, yy, ind);
    assert_int_equal(strlen(tmp), 9);
    memcpy(out, tmp, 10);
}

/* Builds a number from day, month (as written in the number), two-digit year and
 * the first individual number in [ind_from, ind_to] that has valid control
 * digits. Fails the test when there is none in the range. */
static void make(char out[12], int dd, int mm, int yy, int ind_from, int ind_to)
{
    for (int ind = ind_from; ind <= ind_to; ind++) {
        prefix9(out, dd, mm, yy, ind);
        if (nid_complete(out) == 0) return;
    }
    fail_msg("no valid control digits for %02d%02d%02d with individual %d-%d", dd, mm, yy, ind_from,
             ind_to);
}

static void assert_parses(const char *s, nid_kind kind, int y, int m, int d)
{
    nid_info info;
    memset(&info, 0x55, sizeof info);
    const char *why = "untouched";
    if (nid_parse(s, &info, &why) != 0) fail_msg("%s rejected: %s", s, why);
    assert_int_equal(info.kind, kind);
    assert_int_equal(info.year, y);
    assert_int_equal(info.month, m);
    assert_int_equal(info.day, d);
}

static void assert_rejected(const char *s, const char *reason)
{
    nid_info info;
    const char *why = NULL;
    assert_int_equal(nid_parse(s, &info, &why), -1);
    assert_non_null(why);
    assert_string_equal(why, reason);
}

/* Numbers produced by the JavaScript generator of tests/api/harness.mjs: an
 * independent implementation of the same mod-11 rule. */
static void test_known_synthetic_numbers(void **state)
{
    assert_parses("01814010070", NID_SYNTHETIC, 1940, 1, 1);
    assert_parses("02814010786", NID_SYNTHETIC, 1940, 1, 2);
    assert_parses("17844040024", NID_SYNTHETIC, 1940, 4, 17);
    assert_parses("21924230018", NID_SYNTHETIC, 1942, 12, 21);
    assert_parses("17915430031", NID_SYNTHETIC, 1954, 11, 17);
}

static void test_month_plus_80(void **state)
{
    char s[12];
    make(s, 15, 3 + 80, 85, 0, 499);
    assert_parses(s, NID_SYNTHETIC, 1985, 3, 15);
    make(s, 31, 12 + 80, 99, 0, 499);
    assert_parses(s, NID_SYNTHETIC, 1999, 12, 31);
    make(s, 1, 1 + 80, 0, 0, 499);
    assert_parses(s, NID_SYNTHETIC, 1900, 1, 1);
}

static void test_month_plus_40(void **state)
{
    char s[12];
    make(s, 15, 3 + 40, 85, 0, 499);
    assert_parses(s, NID_SYNTHETIC, 1985, 3, 15);
    make(s, 30, 11 + 40, 72, 0, 499);
    assert_parses(s, NID_SYNTHETIC, 1972, 11, 30);
    make(s, 28, 2 + 40, 15, 500, 999);
    assert_parses(s, NID_SYNTHETIC, 2015, 2, 28);
}

static void test_d_number_with_synthetic_month(void **state)
{
    char s[12];
    /* day + 40 together with month + 80: synthetic, the real day */
    make(s, 15 + 40, 6 + 80, 77, 0, 499);
    assert_parses(s, NID_SYNTHETIC, 1977, 6, 15);
    /* day + 40 together with month + 40 */
    make(s, 31 + 40, 1 + 40, 90, 0, 499);
    assert_parses(s, NID_SYNTHETIC, 1990, 1, 31);
    make(s, 1 + 40, 12 + 80, 5, 500, 999);
    assert_parses(s, NID_SYNTHETIC, 2005, 12, 1);
    /* a D-number day past 31 + 40 is no date */
    make(s, 32 + 40, 1 + 80, 90, 0, 499);
    assert_rejected(s, "does not encode a real date of birth");
    /* day 40 is neither a day nor a D-number day */
    make(s, 40, 1 + 80, 90, 0, 499);
    assert_rejected(s, "does not encode a real date of birth");
}

/* The century follows from the individual number (Skatteetaten's ranges). */
static void test_century_rules(void **state)
{
    char s[12];
    /* 000-499: 1900-1999 */
    make(s, 10, 5 + 80, 5, 0, 499);
    assert_parses(s, NID_SYNTHETIC, 1905, 5, 10);
    make(s, 10, 5 + 80, 99, 400, 499);
    assert_parses(s, NID_SYNTHETIC, 1999, 5, 10);
    /* 500-749 with year 54-99: 1854-1899 */
    make(s, 10, 5 + 80, 60, 500, 749);
    assert_parses(s, NID_SYNTHETIC, 1860, 5, 10);
    make(s, 10, 5 + 80, 54, 500, 749);
    assert_parses(s, NID_SYNTHETIC, 1854, 5, 10);
    /* 500-749 with year 40-53: no century */
    make(s, 10, 5 + 80, 45, 500, 749);
    assert_rejected(s, "does not encode a real date of birth");
    make(s, 10, 5 + 80, 53, 500, 749);
    assert_rejected(s, "does not encode a real date of birth");
    /* 500-999 with year 00-39: 2000-2039 */
    make(s, 10, 5 + 80, 5, 500, 749);
    assert_parses(s, NID_SYNTHETIC, 2005, 5, 10);
    make(s, 10, 5 + 80, 39, 750, 899);
    assert_parses(s, NID_SYNTHETIC, 2039, 5, 10);
    make(s, 10, 5 + 80, 10, 900, 999);
    assert_parses(s, NID_SYNTHETIC, 2010, 5, 10);
    /* 750-899 with year 40-99: no century */
    make(s, 10, 5 + 80, 40, 750, 899);
    assert_rejected(s, "does not encode a real date of birth");
    make(s, 10, 5 + 80, 60, 750, 899);
    assert_rejected(s, "does not encode a real date of birth");
    /* 900-999 with year 40-99: 1940-1999 */
    make(s, 10, 5 + 80, 40, 900, 999);
    assert_parses(s, NID_SYNTHETIC, 1940, 5, 10);
    make(s, 10, 5 + 80, 60, 900, 999);
    assert_parses(s, NID_SYNTHETIC, 1960, 5, 10);
}

static void test_impossible_dates(void **state)
{
    char s[12];
    const char *date = "does not encode a real date of birth";
    make(s, 31, 2 + 80, 85, 0, 499); /* 31 February */
    assert_rejected(s, date);
    make(s, 30, 2 + 40, 84, 0, 499); /* 30 February in a leap year */
    assert_rejected(s, date);
    make(s, 31, 4 + 80, 85, 0, 499); /* 31 April */
    assert_rejected(s, date);
    make(s, 1, 13 + 80, 85, 0, 499); /* month 13 */
    assert_rejected(s, date);
    make(s, 1, 13 + 40, 85, 0, 499);
    assert_rejected(s, date);
    make(s, 1, 80, 85, 0, 499); /* month 0 (+80) */
    assert_rejected(s, date);
    make(s, 1, 40, 85, 0, 499); /* month 0 (+40) */
    assert_rejected(s, date);
    make(s, 0, 1 + 80, 85, 0, 499); /* day 0 */
    assert_rejected(s, date);
    make(s, 32, 1 + 80, 85, 0, 499); /* day 32 */
    assert_rejected(s, date);
}

static void test_leap_years_by_century(void **state)
{
    char s[12];
    make(s, 29, 2 + 80, 84, 0, 499); /* 1984: leap */
    assert_parses(s, NID_SYNTHETIC, 1984, 2, 29);
    make(s, 29, 2 + 80, 85, 0, 499); /* 1985: not */
    assert_rejected(s, "does not encode a real date of birth");
    make(s, 29, 2 + 80, 0, 0, 499); /* 1900: not a leap year */
    assert_rejected(s, "does not encode a real date of birth");
    make(s, 29, 2 + 80, 0, 500, 999); /* 2000: a leap year */
    assert_parses(s, NID_SYNTHETIC, 2000, 2, 29);
    make(s, 29, 2 + 40, 96, 500, 749); /* 1896: leap */
    assert_parses(s, NID_SYNTHETIC, 1896, 2, 29);
}

static void test_wrong_control_digits(void **state)
{
    char s[12];
    make(s, 15, 3 + 80, 85, 0, 499);
    for (int pos = 9; pos <= 10; pos++) {
        char bad[12];
        memcpy(bad, s, 12);
        bad[pos] = (char)('0' + (bad[pos] - '0' + 1) % 10);
        assert_rejected(bad, "has wrong control digits");
    }
    /* a changed birth date with the old control digits */
    char bad[12];
    memcpy(bad, s, 12);
    bad[0] = '2';
    assert_rejected(bad, "has wrong control digits");
    /* two neighbouring digits swapped */
    memcpy(bad, "01814010070", 12);
    bad[6] = '0';
    bad[7] = '1';
    assert_rejected(bad, "has wrong control digits");
    assert_rejected("01814010071", "has wrong control digits");
    assert_rejected("01814010060", "has wrong control digits");
}

static void test_wrong_length(void **state)
{
    const char *len = "must be exactly 11 digits";
    assert_rejected("", len);
    assert_rejected("0181401007", len);
    assert_rejected("018140100700", len);
    assert_rejected("01814010070 ", len);
    assert_rejected(" 01814010070", len);
    assert_rejected("018140-10070", len);
    const char *why = NULL;
    assert_int_equal(nid_parse(NULL, NULL, &why), -1);
    assert_string_equal(why, len);
}

static void test_non_digits(void **state)
{
    const char *digits = "must contain digits only";
    assert_rejected("0181401007a", digits);
    assert_rejected("a1814010070", digits);
    assert_rejected("018140 0070", digits);
    assert_rejected("+1814010070", digits);
    assert_rejected("-1814010070", digits);
    assert_rejected("018140.0070", digits);
    /* 11 bytes, but "ø" is two of them */
    assert_rejected("01814010\xc3\xb8"
                    "0",
                    digits);
}

static void test_null_out_parameters(void **state)
{
    assert_int_equal(nid_parse("01814010070", NULL, NULL), 0);
    assert_int_equal(nid_parse("01814010071", NULL, NULL), -1);
    nid_info info;
    assert_int_equal(nid_parse("01814010070", &info, NULL), 0);
    assert_int_equal(info.year, 1940);
}

static void test_complete(void **state)
{
    char s[12] = "018140100";
    assert_int_equal(nid_complete(s), 0);
    assert_string_equal(s, "01814010070");
    char t[12] = "219242300";
    assert_int_equal(nid_complete(t), 0);
    assert_string_equal(t, "21924230018");
    /* whatever is in positions 9..11 is overwritten */
    char u[12] = "17844040099";
    assert_int_equal(nid_complete(u), 0);
    assert_string_equal(u, "17844040024");

    /* every completed number parses, and roughly one in ten nine-digit
     * prefixes has no valid first or second control digit */
    int ok = 0, none = 0;
    for (int ind = 0; ind < 500; ind++) {
        char v[12];
        prefix9(v, 1 + ind % 28, 81 + ind % 12, 50 + ind % 50, ind);
        v[11] = 'x';
        if (nid_complete(v) == 0) {
            ok++;
            assert_int_equal(v[11], '\0');
            assert_int_equal(nid_parse(v, NULL, NULL), 0);
        } else {
            none++;
            /* a failed completion leaves the number as it was */
            assert_int_equal(v[11], 'x');
            assert_int_equal(v[9], '\0');
        }
    }
    assert_int_equal(ok + none, 500);
    assert_true(none > 0);
    assert_true(ok > 300);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_synthetic_numbers),
        cmocka_unit_test(test_month_plus_80),
        cmocka_unit_test(test_month_plus_40),
        cmocka_unit_test(test_d_number_with_synthetic_month),
        cmocka_unit_test(test_century_rules),
        cmocka_unit_test(test_impossible_dates),
        cmocka_unit_test(test_leap_years_by_century),
        cmocka_unit_test(test_wrong_control_digits),
        cmocka_unit_test(test_wrong_length),
        cmocka_unit_test(test_non_digits),
        cmocka_unit_test(test_null_out_parameters),
        cmocka_unit_test(test_complete),
    };
    return cmocka_run_group_tests_name("nid", tests, NULL, NULL);
}
