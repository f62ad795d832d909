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

/* Checks a username and password: the same ERR_UNAUTHENTICATED answer for an
 * unknown user and a wrong password. Fills *a on success. */
int auth_login(store *s, const char *username, const char *password, actor *a, err *e);

/* Creates a session for the actor's account; cookie_out gets the cookie value,
 * a->csrf the CSRF token the client must send back in X-CSRF-Token. */
int auth_session_create(store *s, actor *a, char cookie_out[AUTH_SECRET_LEN], err *e);
int auth_session_delete(store *s, int64_t session_id, err *e);

/* Creates an API token for the account named `username`; out gets the token. */
int auth_token_create(store *s, const char *username, const char *label, int days,
                      char out[AUTH_SECRET_LEN], err *e);

/* Creates an account. `role` is admin, staff or citizen; staff_id/person_id may be 0. */
int auth_account_create(store *s, int64_t tenant, const char *username, const char *password,
                        account_role role, int64_t staff_id, int64_t person_id, int64_t *id,
                        err *e);

/* Session lifetime limits, in seconds. */
#define AUTH_SESSION_IDLE     (30 * 60)
#define AUTH_SESSION_ABSOLUTE (12 * 60 * 60)

#endif
