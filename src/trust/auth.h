/*
 * auth.h - who is asking: passwords, Bearer tokens and sessions.
 *
 * Passwords are hashed with argon2id (libsodium crypto_pwhash_str). Tokens and
 * session ids are 32 random bytes, base64url-encoded; only their BLAKE2b hash is
 * stored, so a copy of the database does not let anyone in.
 */
#ifndef HELHET_AUTH_H
#define HELHET_AUTH_H

#include <stdint.h>

#include "store/store.h"
#include "trust/actor.h"
#include "util/err.h"

#define AUTH_HASH_LEN   65 /* hex BLAKE2b-256 + NUL */
#define AUTH_SECRET_LEN 48 /* "hh_" + base64url(32 bytes) + NUL, with room */

/* Must be called once before any other function here (initialises libsodium). */
int auth_init(void);

/* argon2id hash of `password` into out[128]. */
int auth_password_hash(const char *password, char out[128], err *e);
/* 0 if `password` matches `hash`. */
int auth_password_verify(const char *hash, const char *password);
/* 422 naming "password" when a password is too short or too long. */
int auth_password_acceptable(const char *password, err *e);

/* A new random secret with the given prefix ("hh_" for tokens) into out. */
void auth_new_secret(const char *prefix, char out[AUTH_SECRET_LEN]);
/* Hex BLAKE2b-256 of a secret. */
void auth_secret_hash(const char *secret, char out[AUTH_HASH_LEN]);

/* Resolves a Bearer token to an actor: ERR_UNAUTHENTICATED when unknown,
 * revoked, expired, or its account is inactive. */
int auth_token_actor(store *s, const char *token, actor *a, err *e);
/* Resolves a session cookie value; also refreshes last_seen (idle time-out). */
int auth_session_actor(store *s, const char *cookie, actor *a, err *e);

/* A log-in attempt: what the client sent and where from. */
typedef struct auth_attempt {
    const char *username, *password;
    const char *otp;    /* the one-time code, NULL when not sent */
    const char *client; /* the client's address, for the per-address limit */
    /* filled also when the attempt fails, for the audit entry: */
    int64_t account_id, tenant_id; /* 0 when the username is unknown */
    int lockout;     /* 1: this failure made the username wait at this address, 2: the address */
    int retry_after; /* seconds, with ERR_RATE */
} auth_attempt;

/* Checks a log-in (see docs/security.md, "Log-in"). Fills *a on success.
 * Refusals: ERR_RATE "too_many_attempts" (t->retry_after) while the username
 * from this address, or the address, must wait (trust/throttle.h); ERR_UNAUTHENTICATED
 * "login_failed" for an unknown user and a wrong password alike (same work, same answer); after a
 * right password, for an account that needs a one-time code (staff, administrators, and anyone
 * enrolled): "otp_required" when none was sent, "otp_not_enrolled" when the account has no secret,
 * "otp_invalid" for a wrong one and "otp_replayed" for one already used. Failures count towards the
 * lockout; missing codes do not. Writes the account's failure count in its own short transaction.
 */
int auth_login(store *s, auth_attempt *t, actor *a, err *e);

/* Creates a session for the actor's account; cookie_out gets the cookie value,
 * a->csrf the CSRF token the client must send back in X-CSRF-Token. A session
 * whose cookie is `old_cookie` (sent with the log-in; may be NULL) is ended: a
 * log-in always begins a new session id. */
int auth_session_create(store *s, actor *a, const char *old_cookie,
                        char cookie_out[AUTH_SECRET_LEN], err *e);
int auth_session_delete(store *s, int64_t session_id, err *e);
/* Ends every session of the account; *n gets how many. */
int auth_sessions_end_all(store *s, int64_t account_id, int64_t *n, err *e);

/* Creates an API token for the active account named `username`, valid for
 * `days` days (auth_token_days_acceptable); out gets the token. A deactivated
 * account gets none: ERR_CONFLICT "account_inactive". */
int auth_token_create(store *s, const char *username, const char *label, int days,
                      char out[AUTH_SECRET_LEN], err *e);
/* 422 "invalid_days" unless 1 <= days <= AUTH_TOKEN_MAX_DAYS. */
int auth_token_days_acceptable(long long days, err *e);
#define AUTH_TOKEN_DAYS     90  /* a token's lifetime when none is asked for */
#define AUTH_TOKEN_MAX_DAYS 730 /* the longest lifetime a token can have */

/* Off-boarding (docs/security.md "Off-boarding"): ends every session of the
 * account and revokes every live token of it, in the caller's transaction;
 * *sessions and *tokens get how many. */
int auth_account_end_access(store *s, int64_t account_id, int64_t *sessions, int64_t *tokens,
                            err *e);

/* Revokes the token `token`, or (token NULL) every live token of the account
 * named `username`; *n gets how many were revoked. */
int auth_token_revoke(store *s, const char *token, const char *username, int64_t *n, err *e);

/* Gives the account a new one-time code secret (base32 into secret_out),
 * replacing any it had. */
int auth_totp_enrol(store *s, int64_t account_id, char secret_out[64], err *e);
/* The same for the account named `username`. */
int auth_totp_enrol_user(store *s, const char *username, char secret_out[64], err *e);
/* The current one-time code of the account named `username` into out[7]. */
int auth_totp_current(store *s, const char *username, char out[8], err *e);

/* Creates an account. `role` is admin, staff or citizen; staff_id/person_id may be 0. */
int auth_account_create(store *s, int64_t tenant, const char *username, const char *password,
                        account_role role, int64_t staff_id, int64_t person_id, int64_t *id,
                        err *e);

/* The limits `helhet serve` may change (--session-idle, --session-max,
 * --login-max-failures, --login-address-failures, --login-lockout). */
typedef struct auth_settings {
    int session_idle;           /* seconds without a request that end a session */
    int session_max;            /* seconds a session lasts at most */
    int login_max_failures;     /* failed log-ins per (username, address) before it waits */
    int login_address_failures; /* failed log-ins per client address before it waits (0: off) */
    int login_lockout;          /* seconds of the first wait; doubles for each further one */
} auth_settings;

#define AUTH_SESSION_IDLE     (30 * 60)
#define AUTH_SESSION_ABSOLUTE (12 * 60 * 60)
#define AUTH_LOGIN_FAILURES   5
#define AUTH_ADDRESS_FAILURES 200
#define AUTH_LOGIN_LOCKOUT    (15 * 60)
#define AUTH_TOTP_ISSUER      "Helhet"

/* The defaults above; auth_configure makes settings current (before serving). */
void auth_settings_defaults(auth_settings *s);
void auth_configure(const auth_settings *s);

#endif
