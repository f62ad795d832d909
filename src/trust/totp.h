/*
 * totp.h - time-based one-time codes (RFC 6238) through liboath: HMAC-SHA1,
 * 30-second steps, 6 digits, the parameters every authenticator app assumes.
 * The second step of a password log-in for staff and administrators.
 *
 * A secret is 20 random bytes (160 bits, RFC 4226's recommendation), kept and
 * shown base32-encoded (32 characters).
 */
#ifndef HELHET_TOTP_H
#define HELHET_TOTP_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "util/err.h"

#define TOTP_SECRET_LEN 40 /* base32 of 20 bytes (32 characters) + NUL, with room */
#define TOTP_STEP       30 /* seconds */
#define TOTP_DIGITS     6
#define TOTP_WINDOW     1 /* steps accepted before and after the current one */

/* Once, before any other function here. */
int totp_init(void);

/* A new random secret, base32. */
void totp_new_secret(char out[TOTP_SECRET_LEN]);

/* The code for the time `t` into out[TOTP_DIGITS + 1]. */
int totp_code(const char *secret, time_t t, char out[TOTP_DIGITS + 1], err *e);

/* Checks a code against the steps from TOTP_WINDOW before to TOTP_WINDOW after
 * `now`. 1 when it matches (*step gets the matching step, unix time / 30), 0
 * when it does not (also for anything that is not 6 digits), -1 on error. */
int totp_check(const char *secret, const char *code, time_t now, int64_t *step, err *e);

/* The otpauth:// URI that authenticator apps read (often as a QR code). */
void totp_uri(const char *issuer, const char *account, const char *secret, char *out, size_t size);

#endif
