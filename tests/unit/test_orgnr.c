/*
 * test_orgnr.c - organisation numbers (util/orgnr.h): the mod-11 control digit
 * with the Brønnøysund register's weights 3 2 7 6 5 4 3 2. The numbers named
 * here are public: the register centre's own and the NAV directorate's.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "util/orgnr.h"

static void assert_rejected(const char *s, const char *reason)
{
    const char *why = NULL;
    if (orgnr_check(s, &why) != -1) fail_msg("%s accepted", s ? s : "(null)");
    assert_non_null(why);
    assert_string_equal(why, reason);
}

static void test_known_numbers(void **state)
{
    assert_int_equal(orgnr_check("974760673", NULL), 0); /* Brønnøysundregistrene */
    assert_int_equal(orgnr_check("889640782", NULL), 0); /* Arbeids- og velferdsdirektoratet */
    assert_rejected("974760674", "has a wrong control digit");
    assert_rejected("123456789", "has a wrong control digit");
    assert_int_equal(orgnr_check("123456785", NULL), 0);
}

static void test_form(void **state)
{
    assert_rejected(NULL, "must be exactly 9 digits");
    assert_rejected("", "must be exactly 9 digits");
    assert_rejected("97476067", "must be exactly 9 digits");
    assert_rejected("9747606730", "must be exactly 9 digits");
    assert_rejected("974 760 6", "must contain digits only");
    assert_rejected("97476067x", "must contain digits only");
    assert_rejected("-74760673", "must contain digits only");
}

/* Sum 0 mod 11 gives control digit 0; sum 1 mod 11 gives none (10). */
static void test_control_digit_edges(void **state)
{
    char s[10] = "00000000";
    assert_int_equal(orgnr_complete(s), 0);
    assert_string_equal(s, "000000000");
    /* 1*3 + 6*2 = 15 = 11 + 4: control 7 */
    memcpy(s, "16000000", 9);
    assert_int_equal(orgnr_complete(s), 0);
    assert_string_equal(s, "160000007");
    /* 4*3 = 12 = 11 + 1: no control digit, and no ninth digit makes it valid */
    memcpy(s, "40000000", 9);
    assert_int_equal(orgnr_complete(s), -1);
    char t[10];
    for (char c = '0'; c <= '9'; c++) {
        snprintf(t, sizeof t, "40000000%c", c);
        assert_int_equal(orgnr_check(t, NULL), -1);
    }
}

/* Every number completed is accepted, and each change of one digit of it is
 * refused (the weights are all below 11 and none is 0). */
static void test_single_digit_errors_are_caught(void **state)
{
    int completed = 0;
    for (unsigned n = 80000000; n < 80000000 + 30000; n += 7) {
        char s[10];
        snprintf(s, sizeof s, "%08u", n % 100000000u);
        if (orgnr_complete(s)) continue;
        completed++;
        assert_int_equal(orgnr_check(s, NULL), 0);
        for (int i = 0; i < 9; i++) {
            char t[10];
            memcpy(t, s, sizeof t);
            for (char c = '0'; c <= '9'; c++) {
                if (c == s[i]) continue;
                t[i] = c;
                if (orgnr_check(t, NULL) == 0) fail_msg("%s accepted (from %s)", t, s);
            }
        }
    }
    assert_true(completed > 3500);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_numbers),
        cmocka_unit_test(test_form),
        cmocka_unit_test(test_control_digit_edges),
        cmocka_unit_test(test_single_digit_errors_are_caught),
    };
    return cmocka_run_group_tests_name("orgnr", tests, NULL, NULL);
}
