/*
 * totp.h - time-based one-time codes (RFC 6238) through liboath: HMAC-SHA1,
 * 30-second steps, 6 digits, the parameters every authenticator app assumes.
 * The second step of a password log-in for staff and administrators.
 *
 * A secret is 20 random bytes (160 bits, RFC 4226's recommendation), shown
 * base32-encoded (32 characters). At rest it is sealed (totp_seal): encrypted
 * and authenticated with XChaCha20-Poly1305 under the key file's TOTP subkey
 * (trust/keys.h), bound to its account's id, so a copy of the database holds
 * no usable secret and one account's sealed secret does not open as
 * another's.
 */
#ifndef HELHET_TOTP_H
#define HELHET_TOTP_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "store/store.h"
#include "util/err.h"

#define TOTP_SECRET_LEN 40 /* base32 of 20 bytes (32 characters) + NUL, with room */
#define TOTP_STEP       30 /* seconds */
#define TOTP_DIGITS     6
#define TOTP_WINDOW     1   /* steps accepted before and after the current one */
#define TOTP_SEALED_LEN 160 /* "x1:" + base64(nonce, secret, tag) + NUL, with room */

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

/* Seals a base32 secret of account `account` for storage into out; opens a
 * stored one into a base32 secret. Errors: no key file loaded; a stored
 * secret that is not sealed, or not with this key for this account. */
int totp_seal(int64_t account, const char *secret, char out[TOTP_SEALED_LEN], err *e);
int totp_open(int64_t account, const char *stored, char out[TOTP_SECRET_LEN], err *e);
/* Seals every secret still stored in clear (from before sealing existed), in
 * the caller's write transaction; *n gets how many. */
int totp_seal_clear_secrets(store *s, int *n, err *e);

/* The otpauth:// URI that authenticator apps read (often as a QR code). */
void totp_uri(const char *issuer, const char *account, const char *secret, char *out, size_t size);

#endif
