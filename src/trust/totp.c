/*
 * totp.c - see totp.h. liboath computes and compares the codes; libsodium gives
 * the random secret.
 */
#include "trust/totp.h"

#include <liboath/oath.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int totp_init(void)
{
    return oath_init() == OATH_OK ? 0 : -1;
}

void totp_new_secret(char out[TOTP_SECRET_LEN])
{
    unsigned char raw[20];
    randombytes_buf(raw, sizeof raw);
    char *b32 = NULL;
    size_t n = 0;
    out[0] = '\0';
    if (oath_base32_encode((const char *)raw, sizeof raw, &b32, &n) == OATH_OK &&
        n < TOTP_SECRET_LEN)
        snprintf(out, TOTP_SECRET_LEN, "%.*s", (int)n, b32);
    free(b32);
    sodium_memzero(raw, sizeof raw);
}

/* The raw key of a base32 secret; the caller frees *key. */
static int decode(const char *secret, char **key, size_t *len, err *e)
{
    *key = NULL;
    if (!secret || !*secret || oath_base32_decode(secret, strlen(secret), key, len) != OATH_OK) {
        free(*key);
        *key = NULL;
        return err_set(e, ERR_INTERNAL, "totp_secret_invalid", NULL,
                       "the account's one-time code secret cannot be read");
    }
    return 0;
}

int totp_code(const char *secret, time_t t, char out[TOTP_DIGITS + 1], err *e)
{
    char *key;
    size_t len;
    if (decode(secret, &key, &len, e)) return -1;
    int rc =
        oath_totp_generate(key, len, t, TOTP_STEP, OATH_TOTP_DEFAULT_START_TIME, TOTP_DIGITS, out);
    sodium_memzero(key, len);
    free(key);
    if (rc != OATH_OK)
        return err_set(e, ERR_INTERNAL, "totp_failed", NULL, "cannot compute the code: %s",
                       oath_strerror(rc));
    return 0;
}

int totp_check(const char *secret, const char *code, time_t now, int64_t *step, err *e)
{
    if (!code || strlen(code) != TOTP_DIGITS) return 0;
    for (const char *p = code; *p; p++)
        if (*p < '0' || *p > '9') return 0;
    char *key;
    size_t len;
    if (decode(secret, &key, &len, e)) return -1;
    int pos = 0;
    uint64_t counter = 0;
    int rc = oath_totp_validate3(key, len, now, TOTP_STEP, OATH_TOTP_DEFAULT_START_TIME,
                                 TOTP_WINDOW, &pos, &counter, code);
    sodium_memzero(key, len);
    free(key);
    if (rc < 0) return 0; /* OATH_INVALID_OTP, or a code outside the window */
    *step = (int64_t)counter;
    return 1;
}

void totp_uri(const char *issuer, const char *account, const char *secret, char *out, size_t size)
{
    /* usernames hold only a-z, 0-9, '.', '-' and '_': nothing to escape */
    snprintf(out, size,
             "otpauth://totp/%s:%s?secret=%s&issuer=%s&algorithm=SHA1&digits=%d&period=%d", issuer,
             account, secret, issuer, TOTP_DIGITS, TOTP_STEP);
}
