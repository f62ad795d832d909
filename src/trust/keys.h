/*
 * keys.h - the installation's secret key, kept in a file apart from the
 * database (docs/operations.md, "The key file").
 *
 * One key file holds 32 random bytes (as "helhet-key-1 <64 hex digits>"). The
 * database never holds the key, so a copy of the database, or write access to
 * it, gives no way to rebuild the audit log's keyed hash chain or to read the
 * one-time code secrets. Each use gets its own subkey, derived with libsodium's
 * crypto_kdf (BLAKE2b), so no two uses share key material.
 *
 * A key file readable by the group or others is refused: it must be 0600 (or
 * 0400). keys_load creates a missing file (0600) only when asked to; the
 * caller decides that (src/cmd/common.c: only when the database holds nothing
 * written with a key).
 */
#ifndef HELHET_KEYS_H
#define HELHET_KEYS_H

#include "util/err.h"

#define KEYS_LEN 32

typedef enum {
    KEY_AUDIT = 1,    /* the audit log's hash chain (trust/audit.c) */
    KEY_ANCHOR = 2,   /* the lines of the audit anchor file (trust/audit_anchor.c) */
    KEY_TOTP = 3,     /* one-time code secrets at rest (trust/totp.c) */
    KEY_THROTTLE = 4, /* the log-in throttle's tags of usernames and addresses (trust/throttle.c) */
    KEY_USES = 5
} key_use;

/* Loads the key file at path. When it does not exist and `may_create`, a new
 * random key is written there (0600, never over an existing file) and
 * *created is set. Refused: a file readable by group or others, one that is
 * not a key file. */
int keys_load(const char *path, int may_create, int *created, err *e);
/* The subkey for a use (KEYS_LEN bytes), NULL when no key is loaded. */
const unsigned char *keys_get(key_use u);
/* A short fingerprint of the loaded key (16 hex digits), "" when none: names
 * the key in logs and the anchor file without revealing it. */
const char *keys_id(void);
/* Wipes the key from memory. */
void keys_forget(void);
/* For tests: loads a key from 32 bytes. */
void keys_set(const unsigned char key[KEYS_LEN]);

#endif
