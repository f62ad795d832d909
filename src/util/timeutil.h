/*
 * timeutil.h - time as Helhet stores it (DESIGN principle 7): timestamps in UTC
 * as ISO 8601 text ("2026-11-22T20:40:11Z"), dates as "YYYY-MM-DD".
 */
#ifndef HELHET_TIMEUTIL_H
#define HELHET_TIMEUTIL_H

#include <stdint.h>
#include <time.h>

/* The wall clock (seconds since the epoch) as Helhet keeps time: with the
 * offset of time_init_zone. Expiry of sessions and tokens counts on it; one-time
 * codes count on the real clock, as the authenticator app does. */
time_t time_wall(void);
/* The current UTC timestamp into out[21]. */
void time_now_iso(char out[21]);
/* The same with milliseconds: 2026-11-22T10:15:00.123Z into out[25]. */
void time_now_iso_ms(char out[25]);
/* Today's date in Norway (Europe/Oslo) into out[11]: the day a coordinator
 * means when a consent runs "until 31 October" or a revision is due. */
void time_today(char out[11]);
/* Makes Europe/Oslo the zone for time_today (call once at start-up; needs the
 * tzdata package, else dates fall back to UTC), and takes the clock offset
 * HELHET_CLOCK_OFFSET_DAYS (whole days, for tests that play another day) that
 * the three functions above add to the clock. -1 if that value is not a whole
 * number of days within 100 years. */
int time_init_zone(void);
/* The offset HELHET_CLOCK_OFFSET_DAYS set, in days (0 when none). */
long time_offset_days(void);
/* 0 if `s` is a real calendar date "YYYY-MM-DD" between 1850 and 2200. */
int time_valid_date(const char *s);
/* 0 if `s` is an ISO 8601 UTC timestamp "YYYY-MM-DDTHH:MM:SSZ". */
int time_valid_timestamp(const char *s);
/* Monotonic clock in microseconds, for durations. */
uint64_t time_mono_us(void);
/* A person's age in whole years on `date` (both valid dates "YYYY-MM-DD"):
 * a year older from the birthday itself; someone born on 29 February turns a
 * year older on 1 March in years without one. Negative when date < birth. */
int time_age_on(const char *birth, const char *date);
/* Adds `days` to a valid date; writes out[11]. */
void time_add_days(const char *date, int days, char out[11]);

#endif
