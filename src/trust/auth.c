/*
 * auth.c - see auth.h. The SQL for accounts, tokens and sessions is in
 * store/auth_store.c; this file holds the cryptography and the rules.
 */
#include "trust/auth.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "store/auth_store.h"
#include "util/timeutil.h"

int auth_init(void)
{
    return sodium_init() < 0 ? -1 : 0;
}

int auth_password_acceptable(const char *password, err *e)
{
    size_t n = password ? strlen(password) : 0;
    if (n < 8)
        return err_set(e, ERR_INVALID, "password_too_short", "password",
                       "the password must have at least 8 characters");
    if (n > 256)
        return err_set(e, ERR_INVALID, "password_too_long", "password",
                       "the password may have at most 256 characters");
    return 0;
}

int auth_password_hash(const char *password, char out[128], err *e)
{
    if (crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return err_set(e, ERR_INTERNAL, "out_of_memory", NULL, "cannot hash the password");
    return 0;
}

int auth_password_verify(const char *hash, const char *password)
{
    return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0 ? 0 : -1;
}

void auth_new_secret(const char *prefix, char out[AUTH_SECRET_LEN])
{
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    size_t pl = strlen(prefix);
    memcpy(out, prefix, pl);
    sodium_bin2base64(out + pl, AUTH_SECRET_LEN - pl, raw, sizeof raw,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

void auth_secret_hash(const char *secret, char out[AUTH_HASH_LEN])
{
    unsigned char h[32];
    crypto_generichash(h, sizeof h, (const unsigned char *)secret, strlen(secret), NULL, 0);
    sodium_bin2hex(out, AUTH_HASH_LEN, h, sizeof h);
}

static int unauthenticated(err *e)
{
    return err_set(e, ERR_UNAUTHENTICATED, "unauthenticated", NULL,
                   "log in, or send a valid Bearer token");
}

int auth_token_actor(store *s, const char *token, actor *a, err *e)
{
    if (!token || strlen(token) > 128) return unauthenticated(e);
    char h[AUTH_HASH_LEN];
    auth_secret_hash(token, h);
    char now[21];
    time_now_iso(now);
    int found = auth_store_token_actor(s, h, now, a, e);
    if (found < 0) return -1;
    if (!found) return unauthenticated(e);
    a->via = AUTH_TOKEN;
    return 0;
}

static void iso_at(time_t t, char out[21])
{
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int auth_session_actor(store *s, const char *cookie, actor *a, err *e)
{
    if (!cookie || strlen(cookie) > 128) return unauthenticated(e);
    char h[AUTH_HASH_LEN], now[21], idle_after[21];
    auth_secret_hash(cookie, h);
    time_t t = time(NULL);
    iso_at(t, now);
    iso_at(t - AUTH_SESSION_IDLE, idle_after);
    int stale = 0;
    int found = auth_store_session_actor(s, h, now, idle_after, a, &stale, e);
    if (found < 0) return -1;
    if (!found)
        return err_set(e, ERR_UNAUTHENTICATED, "session_expired", NULL,
                       "the session has ended or is not valid; log in again");
    a->via = AUTH_SESSION;
    if (stale) {
        /* A short write of its own (at most once a minute per session); the
         * caller's read transaction, if any, is begun again afterwards. A failed
         * refresh leaves the session valid: a later request refreshes it. */
        err ignored;
        if (store_begin(s, STORE_WRITE, &ignored) == 0) {
            if (auth_store_session_touch(s, a->session_id, now, &ignored) ||
                store_commit(s, &ignored))
                store_rollback(s);
        }
        if (store_begin(s, STORE_READ, e)) return -1;
    }
    return 0;
}

static char dummy_hash[128];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void make_dummy(void)
{
    char pw[AUTH_SECRET_LEN];
    auth_new_secret("", pw);
    if (auth_password_hash(pw, dummy_hash, NULL)) dummy_hash[0] = '\0';
}

int auth_login(store *s, const char *username, const char *password, actor *a, err *e)
{
    char hash[128] = "";
    int found = auth_store_account_by_username(s, username, a, hash, e);
    if (found < 0) return -1;
    /* Verify against a dummy hash when the user is unknown, so the answer takes
     * as long and says the same as for a wrong password. */
    pthread_once(&dummy_once, make_dummy);
    int ok =
        auth_password_verify(found && hash[0] ? hash : dummy_hash, password ? password : "") == 0;
    if (!found || !ok)
        return err_set(e, ERR_UNAUTHENTICATED, "login_failed", NULL,
                       "the username or the password is wrong");
    return 0;
}

int auth_session_create(store *s, actor *a, char cookie_out[AUTH_SECRET_LEN], err *e)
{
    char h[AUTH_HASH_LEN], now[21], expires[21];
    auth_new_secret("", cookie_out);
    auth_secret_hash(cookie_out, h);
    auth_new_secret("", a->csrf);
    time_t t = time(NULL);
    iso_at(t, now);
    iso_at(t + AUTH_SESSION_ABSOLUTE, expires);
    return auth_store_session_insert(s, a, h, now, expires, &a->session_id, e);
}

int auth_session_delete(store *s, int64_t session_id, err *e)
{
    return auth_store_session_delete(s, session_id, e);
}

int auth_token_create(store *s, const char *username, const char *label, int days,
                      char out[AUTH_SECRET_LEN], err *e)
{
    actor a;
    char hash[128];
    memset(&a, 0, sizeof a);
    int found = auth_store_account_by_username(s, username, &a, hash, e);
    if (found < 0) return -1;
    if (!found)
        return err_set(e, ERR_NOT_FOUND, "no_such_user", "user", "there is no user named '%s'",
                       username);
    char h[AUTH_HASH_LEN], expires[21] = "";
    auth_new_secret("hh_", out);
    auth_secret_hash(out, h);
    if (days > 0) iso_at(time(NULL) + (time_t)days * 86400, expires);
    return auth_store_token_insert(s, a.tenant_id, a.account_id, h, label,
                                   expires[0] ? expires : NULL, e);
}

int auth_account_create(store *s, int64_t tenant, const char *username, const char *password,
                        account_role role, int64_t staff_id, int64_t person_id, int64_t *id, err *e)
{
    if (!username || !*username || strlen(username) > 64)
        return err_set(e, ERR_INVALID, "invalid_username", "username",
                       "the username must have 1 to 64 characters");
    for (const char *p = username; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '.' || *p == '-' ||
              *p == '_'))
            return err_set(e, ERR_INVALID, "invalid_username", "username",
                           "the username may hold only a-z, 0-9, '.', '-' and '_'");
    if (role == ROLE_NONE)
        return err_set(e, ERR_INVALID, "invalid_role", "role",
                       "the role must be admin, staff or citizen");
    char hash[128] = "";
    if (password) {
        if (auth_password_acceptable(password, e) || auth_password_hash(password, hash, e))
            return -1;
    }
    return auth_store_account_insert(s, tenant, username, password ? hash : NULL, role, staff_id,
                                     person_id, id, e);
}
