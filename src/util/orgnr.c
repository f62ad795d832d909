/* orgnr.c - see orgnr.h. */
#include "util/orgnr.h"

#include <string.h>

static const int weights[8] = {3, 2, 7, 6, 5, 4, 3, 2};

/* The control digit for s[0..7] (all digits), or 10 when there is none. */
static int control(const char *s)
{
    int sum = 0;
    for (int i = 0; i < 8; i++) sum += (s[i] - '0') * weights[i];
    int k = 11 - sum % 11;
    return k == 11 ? 0 : k;
}

int orgnr_check(const char *s, const char **reason)
{
    const char *why = NULL;
    if (!s || strlen(s) != 9)
        why = "must be exactly 9 digits";
    else if (strspn(s, "0123456789") != 9)
        why = "must contain digits only";
    else if (control(s) != s[8] - '0')
        why = "has a wrong control digit";
    if (!why) return 0;
    if (reason) *reason = why;
    return -1;
}

int orgnr_complete(char s[10])
{
    int k = control(s);
    if (k == 10) return -1;
    s[8] = (char)('0' + k);
    s[9] = '\0';
    return 0;
}
