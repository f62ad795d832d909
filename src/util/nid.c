/* nid.c - see nid.h. The weights are Skatteetaten's published mod-11 weights. */
#include "util/nid.h"

#include <string.h>

static const int w1[9] = {3, 7, 6, 1, 8, 9, 4, 5, 2};
static const int w2[10] = {5, 4, 3, 2, 7, 6, 5, 4, 3, 2};

static int control(const int *digits, const int *w, int n)
{
    int sum = 0;
    for (int i = 0; i < n; i++) sum += digits[i] * w[i];
    int k = 11 - sum % 11;
    if (k == 11) k = 0;
    return k; /* 10 means no valid control digit */
}

static int days_in_month(int y, int m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
    return d[m - 1];
}

static int century_year(int yy, int individual)
{
    if (individual < 500) return 1900 + yy;
    if (individual < 750 && yy >= 54) return 1800 + yy;
    if (yy < 40) return 2000 + yy;
    if (individual >= 900) return 1900 + yy;
    return -1;
}

int nid_parse(const char *s, nid_info *info, const char **reason)
{
    const char *why = NULL;
    int d[11];
    if (!s || strlen(s) != 11) {
        why = "must be exactly 11 digits";
        goto bad;
    }
    for (int i = 0; i < 11; i++) {
        if (s[i] < '0' || s[i] > '9') {
            why = "must contain digits only";
            goto bad;
        }
        d[i] = s[i] - '0';
    }
    if (control(d, w1, 9) != d[9] || control(d, w2, 10) != d[10]) {
        why = "has wrong control digits";
        goto bad;
    }
    int day = d[0] * 10 + d[1], month = d[2] * 10 + d[3], yy = d[4] * 10 + d[5];
    int individual = d[6] * 100 + d[7] * 10 + d[8];
    nid_kind kind = NID_FNR;
    if (day > 40) {
        day -= 40;
        kind = NID_DNR;
    }
    if (month > 80) {
        month -= 80;
        kind = NID_SYNTHETIC;
    } else if (month > 40) {
        month -= 40;
        kind = NID_SYNTHETIC;
    }
    int year = century_year(yy, individual);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) {
        why = "does not encode a real date of birth";
        goto bad;
    }
    if (info) {
        info->kind = kind;
        info->year = year;
        info->month = month;
        info->day = day;
    }
    return 0;
bad:
    if (reason) *reason = why;
    return -1;
}

int nid_complete(char s[12])
{
    int d[11];
    for (int i = 0; i < 9; i++) d[i] = s[i] - '0';
    int k1 = control(d, w1, 9);
    if (k1 == 10) return -1;
    d[9] = k1;
    int k2 = control(d, w2, 10);
    if (k2 == 10) return -1;
    s[9] = (char)('0' + k1);
    s[10] = (char)('0' + k2);
    s[11] = '\0';
    return 0;
}
