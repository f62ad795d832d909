/*
 * totp.c - see totp.h. liboath computes and compares the codes; libsodium gives
 * the random secret.
 */
#include "trust/totp.h"

#include <inttypes.h>

#include <liboath/oath.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/auth_store.h"
#include "trust/keys.h"

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

#define SEAL_PREFIX "x1:"
#define NONCE_LEN   crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define TAG_LEN     crypto_aead_xchacha20poly1305_ietf_ABYTES

/* The additional data a sealed secret is bound to: its account. */
static size_t seal_ad(int64_t account, char ad[40])
{
    return (size_t)snprintf(ad, 40, "helhet totp %" PRId64, account);
}

static int no_key(err *e)
{
    return err_set(e, ERR_INTERNAL, "no_key", NULL,
                   "no key file is loaded: one-time code secrets cannot be used");
}

int totp_seal(int64_t account, const char *secret, char out[TOTP_SEALED_LEN], err *e)
{
    const unsigned char *k = keys_get(KEY_TOTP);
    if (!k) return no_key(e);
    size_t n = strlen(secret);
    if (n >= TOTP_SECRET_LEN)
        return err_set(e, ERR_INTERNAL, "totp_secret_invalid", NULL, "the secret is too long");
    unsigned char buf[NONCE_LEN + TOTP_SECRET_LEN + TAG_LEN];
    char ad[40];
    size_t adlen = seal_ad(account, ad);
    unsigned long long clen = 0;
    randombytes_buf(buf, NONCE_LEN);
    crypto_aead_xchacha20poly1305_ietf_encrypt(buf + NONCE_LEN, &clen,
                                               (const unsigned char *)secret, n,
                                               (const unsigned char *)ad, adlen, NULL, buf, k);
    memcpy(out, SEAL_PREFIX, 3);
    sodium_bin2base64(out + 3, TOTP_SEALED_LEN - 3, buf, NONCE_LEN + (size_t)clen,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return 0;
}

int totp_open(int64_t account, const char *stored, char out[TOTP_SECRET_LEN], err *e)
{
    const unsigned char *k = keys_get(KEY_TOTP);
    if (!k) return no_key(e);
    unsigned char buf[NONCE_LEN + TOTP_SECRET_LEN + TAG_LEN];
    size_t blen = 0;
    char ad[40];
    size_t adlen = seal_ad(account, ad);
    unsigned long long mlen = 0;
    if (!stored || strncmp(stored, SEAL_PREFIX, 3) != 0 ||
        sodium_base642bin(buf, sizeof buf, stored + 3, strlen(stored + 3), NULL, &blen, NULL,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING) ||
        blen < NONCE_LEN + TAG_LEN ||
        crypto_aead_xchacha20poly1305_ietf_decrypt((unsigned char *)out, &mlen, NULL,
                                                   buf + NONCE_LEN, blen - NONCE_LEN,
                                                   (const unsigned char *)ad, adlen, buf, k) ||
        mlen >= TOTP_SECRET_LEN)
        return err_set(e, ERR_INTERNAL, "totp_secret_invalid", NULL,
                       "the account's one-time code secret cannot be opened with this key file");
    out[mlen] = '\0';
    return 0;
}

/* Collected first, sealed after: no update while the SELECT runs. */
typedef struct clear_list {
    int64_t *ids;
    char (*secrets)[TOTP_SECRET_LEN];
    int n, cap;
} clear_list;

static int collect_clear(void *p, int64_t id, const char *secret)
{
    clear_list *l = p;
    if (l->n == l->cap) {
        int cap = l->cap ? l->cap * 2 : 64;
        int64_t *ids = realloc(l->ids, (size_t)cap * sizeof *ids);
        if (!ids) return 1;
        l->ids = ids;
        char(*sec)[TOTP_SECRET_LEN] = realloc(l->secrets, (size_t)cap * sizeof *sec);
        if (!sec) return 1;
        l->secrets = sec;
        l->cap = cap;
    }
    l->ids[l->n] = id;
    snprintf(l->secrets[l->n], TOTP_SECRET_LEN, "%s", secret);
    l->n++;
    return 0;
}

int totp_seal_clear_secrets(store *s, int *n, err *e)
{
    clear_list l = {0};
    *n = 0;
    int rc = auth_store_totp_each_clear(s, collect_clear, &l, e);
    if (rc > 0) rc = err_set(e, ERR_INTERNAL, "out_of_memory", NULL, "out of memory");
    for (int i = 0; !rc && i < l.n; i++) {
        char sealed[TOTP_SEALED_LEN];
        rc = totp_seal(l.ids[i], l.secrets[i], sealed, e) ||
             auth_store_totp_reseal(s, l.ids[i], sealed, e);
        if (!rc) (*n)++;
    }
    if (l.secrets) sodium_memzero(l.secrets, (size_t)l.cap * sizeof *l.secrets);
    free(l.ids);
    free(l.secrets);
    return rc ? -1 : 0;
}
