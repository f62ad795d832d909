/*
 * auth_store.h - the named queries for accounts, tokens and sessions. Found
 * functions return 1, not found 0, failure -1.
 */
#ifndef HELHET_AUTH_STORE_H
#define HELHET_AUTH_STORE_H

#include <stdint.h>

#include "store/store.h"
#include "trust/actor.h"

/* The counter every change to tokens, accounts, memberships, organisations
 * and representatives moves (migration 006; trust/actor_cache.h). */
int auth_store_epoch(store *s, int64_t *epoch, err *e);
/* The actor of an unrevoked, unexpired token of an active account; the
 * token's expiry into expires_at ("" when it has none). 1 found, 0 not, -1. */
int auth_store_token_actor(store *s, const char *hash, const char *now, actor *a,
                           char expires_at[21], err *e);
/* Finds a live session (expiring after `now`, last seen after `idle_after`);
 * last_seen gets its last activity. */
int auth_store_session_actor(store *s, const char *hash, const char *now, const char *idle_after,
                             actor *a, char last_seen[21], err *e);
/* Sets the session's last_seen (for the idle time-out). */
int auth_store_session_touch(store *s, int64_t session_id, const char *now, err *e);
int auth_store_account_by_username(store *s, const char *username, actor *a, char hash[128],
                                   err *e);
int auth_store_session_insert(store *s, const actor *a, const char *hash, const char *now,
                              const char *expires, int64_t *id, err *e);
int auth_store_session_delete(store *s, int64_t id, err *e);
/* What a log-in checks of the account named `username` (active accounts only). */
typedef struct auth_login_row {
    char hash[128];         /* argon2id; empty when the account has no password */
    char totp_secret[160];  /* sealed (trust/totp.h); empty when not enrolled */
    char locked_until[21];  /* empty when not locked */
    int64_t totp_last_step; /* -1 when no code was accepted yet */
} auth_login_row;
int auth_store_login_account(store *s, const char *username, actor *a, auth_login_row *row, err *e);
/* Counts a failed log-in of account `id` (0: nobody; the statement runs all the
 * same); `locked_until`, when not NULL, locks the account until then. */
int auth_store_login_failed(store *s, int64_t id, const char *locked_until, err *e);
/* Clears the failures and lock of account `id` and, when step >= 0, records the
 * step of the accepted one-time code. Returns 1, or 0 when a code of that step
 * or a later one was accepted meanwhile (a replay). */
int auth_store_login_succeeded(store *s, int64_t id, int64_t step, err *e);
/* Sets (or, with NULL, removes) the account's one-time code secret; the codes
 * of the new secret start afresh. 1 when the account exists, else 0. */
int auth_store_totp_set(store *s, int64_t id, const char *secret, err *e);
/* The one-time code secrets not yet sealed with the key file (stored before
 * issue 11): fn is called for each (account id, secret) until it returns
 * non-zero. Then auth_store_totp_reseal replaces one without touching the
 * codes already used. auth_store_totp_sealed counts the sealed ones. */
int auth_store_totp_each_clear(store *s, int (*fn)(void *ctx, int64_t id, const char *secret),
                               void *ctx, err *e);
int auth_store_totp_reseal(store *s, int64_t id, const char *sealed, err *e);
int auth_store_totp_sealed(store *s, int64_t *n, err *e);
/* Ends the session whose cookie hashes to `hash`, if any. */
int auth_store_session_delete_hash(store *s, const char *hash, err *e);
/* Ends every session of an account; *n gets how many. */
int auth_store_sessions_delete_account(store *s, int64_t account, int64_t *n, err *e);
/* Revokes the token with this hash (account 0), or every live token of the
 * account (hash NULL); *n gets how many were revoked. */
int auth_store_token_revoke(store *s, const char *hash, int64_t account, const char *now,
                            int64_t *n, err *e);
int auth_store_token_insert(store *s, int64_t tenant, int64_t account, const char *hash,
                            const char *label, const char *expires, err *e);
int auth_store_account_insert(store *s, int64_t tenant, const char *username, const char *hash,
                              account_role role, int64_t staff_id, int64_t person_id, int64_t *id,
                              err *e);

#endif
