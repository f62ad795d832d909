/* timeutil.c - see timeutil.h. */
#include "util/timeutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Seconds added to the wall clock: HELHET_CLOCK_OFFSET_DAYS (read once by
 * time_init_zone), so that a test can build and serve the demo as it would be
 * on another day. Zero in normal use. */
static time_t clock_offset;

time_t time_wall(void)
{
    return time(NULL) + clock_offset;
}

void time_now_iso(char out[21])
{
    time_t t = time_wall();
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void time_now_iso_ms(char out[25])
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_sec += clock_offset;
    struct tm tm;
    gmtime_r(&ts.tv_sec, &tm);
    char base[20];
    strftime(base, sizeof base, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(out, 25, "%s.%03dZ", base, (int)(ts.tv_nsec / 1000000));
}

int time_init_zone(void)
{
    setenv("TZ", "Europe/Oslo", 1);
    tzset();
    const char *days = getenv("HELHET_CLOCK_OFFSET_DAYS");
    if (days && *days) {
        char *end;
        long n = strtol(days, &end, 10);
        if (*end || n <= -36500 || n >= 36500) return -1;
        clock_offset = (time_t)n * 86400;
    }
    return 0;
}

long time_offset_days(void)
{
    return (long)(clock_offset / 86400);
}

void time_today(char out[11])
{
    time_t t = time_wall();
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

int time_valid_date(const char *s)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-') return -1;
    int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
    if (y < 1850 || y > 2200 || m < 1 || m > 12 || d < 1) return -1;
    static const int dim[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int max = dim[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
    return d <= max ? 0 : -1;
}

int time_valid_timestamp(const char *s)
{
    if (!s || strlen(s) != 20 || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z')
        return -1;
    char date[11];
    memcpy(date, s, 10);
    date[10] = '\0';
    if (time_valid_date(date)) return -1;
    int h = digits(s + 11, 2), mi = digits(s + 14, 2), se = digits(s + 17, 2);
    return (h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 60) ? -1 : 0;
}

uint64_t time_mono_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

int time_age_on(const char *birth, const char *date)
{
    int by = 0, bm = 0, bd = 0, y = 0, m = 0, d = 0;
    sscanf(birth, "%d-%d-%d", &by, &bm, &bd);
    sscanf(date, "%d-%d-%d", &y, &m, &d);
    int age = y - by;
    if (m < bm || (m == bm && d < bd)) age--;
    return age;
}

void time_add_days(const char *date, int days, char out[11])
{
    struct tm tm = {0};
    sscanf(date, "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday);
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    tm.tm_mday += days;
    tm.tm_hour = 12;
    time_t t = timegm(&tm);
    gmtime_r(&t, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}
