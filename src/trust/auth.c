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
#include "store/offboarding_store.h"
#include "trust/actor_cache.h"
#include "trust/roles.h"
#include "trust/throttle.h"
#include "trust/totp.h"
#include "util/log.h"
#include "util/timeutil.h"

static auth_settings settings = {
    .session_idle = AUTH_SESSION_IDLE,
    .session_max = AUTH_SESSION_ABSOLUTE,
    .login_max_failures = AUTH_LOGIN_FAILURES,
    .login_address_failures = AUTH_ADDRESS_FAILURES,
    .login_lockout = AUTH_LOGIN_LOCKOUT,
};

void auth_settings_defaults(auth_settings *s)
{
    s->session_idle = AUTH_SESSION_IDLE;
    s->session_max = AUTH_SESSION_ABSOLUTE;
    s->login_max_failures = AUTH_LOGIN_FAILURES;
    s->login_address_failures = AUTH_ADDRESS_FAILURES;
    s->login_lockout = AUTH_LOGIN_LOCKOUT;
}

void auth_configure(const auth_settings *s)
{
    settings = *s;
    throttle_configure(s->login_max_failures, s->login_address_failures, s->login_lockout);
}

int auth_init(void)
{
    if (sodium_init() < 0 || totp_init()) return -1;
    return 0;
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
    char now[21], today[11], expires[21];
    time_now_iso(now);
    time_today(today);
    int64_t epoch;
    if (auth_store_epoch(s, &epoch, e)) return -1;
    if (actor_cache_get(h, epoch, today, now, a)) return 0;
    int found = auth_store_token_actor(s, h, now, a, expires, e);
    if (found < 0) return -1;
    if (!found) return unauthenticated(e);
    a->via = AUTH_TOKEN;
    if (roles_load(s, a, e)) return -1;
    actor_cache_put(h, epoch, today, expires, a);
    return 0;
}

static void iso_at(time_t t, char out[21])
{
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* A stored timestamp as time_t; 0 when it cannot be read. */
static time_t iso_parse(const char *s)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    if (!s || sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                     &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
        return 0;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return timegm(&tm);
}

int auth_session_actor(store *s, const char *cookie, actor *a, err *e)
{
    if (!cookie || strlen(cookie) > 128) return unauthenticated(e);
    char h[AUTH_HASH_LEN], now[21], idle_after[21], seen[21] = "";
    auth_secret_hash(cookie, h);
    time_t t = time_wall();
    iso_at(t, now);
    iso_at(t - settings.session_idle, idle_after);
    int found = auth_store_session_actor(s, h, now, idle_after, a, seen, e);
    if (found < 0) return -1;
    if (!found)
        return err_set(e, ERR_UNAUTHENTICATED, "session_expired", NULL,
                       "the session has ended or is not valid; log in again");
    a->via = AUTH_SESSION;
    /* Activity is written at most once a minute (or, for idle limits under two
     * minutes, every half of the limit), so reads stay reads. */
    int every = settings.session_idle >= 120 ? 60 : settings.session_idle / 2;
    if (t - iso_parse(seen) >= (every > 0 ? every : 1)) {
        /* A short write of its own; the caller's read transaction, if any, is
         * begun again afterwards. A failed refresh leaves the session valid: a
         * later request refreshes it. */
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

/* Ends an attempt in the throttle (a short write transaction of its own).
 * Returns the lockout it began, if any (1 the username from this address, 2
 * the address), with its end in *until. When the database fails, the answer
 * stays what it was: the reservation lapses (trust/throttle.h), and the
 * failure is logged. */
static int attempt_end(store *s, const auth_attempt *t, time_t now, throttle_outcome o,
                       time_t *until)
{
    *until = 0;
    err we;
    int began = throttle_login_end(s, t->username, t->client, now, o, until, &we);
    if (began < 0) {
        log_line(LOG_WARN, "event=login_throttle_failed account=%lld code=%s",
                 (long long)t->account_id, we.code);
        return THROTTLE_NONE;
    }
    return began;
}

static int too_many(auth_attempt *t, int wait, err *e)
{
    t->retry_after = wait > 0 ? wait : 1;
    int minutes = (t->retry_after + 59) / 60;
    return err_set(e, ERR_RATE, "too_many_attempts", NULL,
                   "too many failed log-ins; try again in %d minute%s", minutes,
                   minutes == 1 ? "" : "s");
}

/* A failed attempt: counted by the throttle (trust/throttle.h) and, for a known
 * account, in the database (a count, never a lock: a lock of the account is
 * what a stranger could use to keep its owner out). The same statement runs
 * for an unknown username (it changes no row), so the answer takes as long. */
static int failed(store *s, auth_attempt *t, time_t now, const char *code, const char *field,
                  const char *message, err *e)
{
    time_t until = 0;
    t->lockout = attempt_end(s, t, now, THROTTLE_FAILED, &until);
    err we;
    if (store_begin(s, STORE_WRITE, &we) || auth_store_login_failed(s, t->account_id, NULL, &we) ||
        store_commit(s, &we)) {
        store_rollback(s);
        log_line(LOG_WARN, "event=login_count_failed account=%lld code=%s",
                 (long long)t->account_id, we.code);
    }
    return err_set(e, ERR_UNAUTHENTICATED, code, field, "%s", message);
}

int auth_login(store *s, auth_attempt *t, actor *a, err *e)
{
    time_t now = time(NULL);
    t->account_id = t->tenant_id = 0;
    t->lockout = 0;
    t->retry_after = 0;
    if (!t->client) t->client = "";
    actor found_actor;
    auth_login_row row;
    memset(&found_actor, 0, sizeof found_actor);
    int found = auth_store_login_account(s, t->username, &found_actor, &row, e);
    if (found < 0) return -1;
    if (found) {
        t->account_id = found_actor.account_id;
        t->tenant_id = found_actor.tenant_id;
    }
    /* The limits first, the same for every name: no password is checked
     * while the username from this address, or the address, must wait. The
     * begin and each end are short write transactions of their own, so none
     * is held across the password check; a log-in runs outside any
     * transaction (a public route, on a worker, not in the writer's batch:
     * trust/throttle.c). */
    int wait = throttle_login_begin(s, t->username, t->client, now, e);
    if (wait < 0) return -1;
    if (wait) return too_many(t, wait, e);
    /* Verify against a dummy hash when the user is unknown, so the answer takes
     * as long and says the same as for a wrong password. */
    pthread_once(&dummy_once, make_dummy);
    int ok = auth_password_verify(found && row.hash[0] ? row.hash : dummy_hash,
                                  t->password ? t->password : "") == 0;
    if (!found || !ok)
        return failed(s, t, now, "login_failed", NULL, "the username or the password is wrong", e);
    /* The right password. Staff and administrators (and anyone enrolled) need
     * the one-time code as well. */
    int64_t step = -1;
    int needs_otp =
        found_actor.role == ROLE_STAFF || found_actor.role == ROLE_ADMIN || row.totp_secret[0];
    if (needs_otp) {
        time_t ignored;
        if (!row.totp_secret[0]) {
            attempt_end(s, t, now, THROTTLE_NEUTRAL, &ignored);
            return err_set(e, ERR_UNAUTHENTICATED, "otp_not_enrolled", "otp",
                           "this account needs a one-time code, but none is set up for it; "
                           "an administrator sets one up with `helhet user totp`");
        }
        if (!t->otp || !t->otp[0]) {
            attempt_end(s, t, now, THROTTLE_NEUTRAL, &ignored);
            return err_set(e, ERR_UNAUTHENTICATED, "otp_required", "otp",
                           "send the one-time code from the authenticator app in \"otp\"");
        }
        char secret[TOTP_SECRET_LEN];
        int match = totp_open(t->account_id, row.totp_secret, secret, e)
                        ? -1
                        : totp_check(secret, t->otp, now, &step, e);
        sodium_memzero(secret, sizeof secret);
        if (match < 0) {
            attempt_end(s, t, now, THROTTLE_NEUTRAL, &ignored);
            return -1;
        }
        if (!match)
            return failed(s, t, now, "otp_invalid", "otp", "the one-time code is wrong or too old",
                          e);
        if (step <= row.totp_last_step)
            return failed(s, t, now, "otp_replayed", "otp",
                          "this one-time code has been used already; wait for the next one", e);
    }
    /* Recording the code's step is what makes it single-use: of two log-ins
     * racing with the same code, only one changes the row. */
    int done = 0;
    if (store_begin(s, STORE_WRITE, e) ||
        (done = auth_store_login_succeeded(s, t->account_id, step, e)) < 0 || store_commit(s, e)) {
        store_rollback(s);
        time_t ignored;
        attempt_end(s, t, now, THROTTLE_NEUTRAL, &ignored);
        return -1;
    }
    if (!done)
        return failed(s, t, now, "otp_replayed", "otp",
                      "this one-time code has been used already; wait for the next one", e);
    time_t ignored;
    attempt_end(s, t, now, THROTTLE_SUCCEEDED, &ignored);
    *a = found_actor;
    return 0;
}

int auth_session_create(store *s, actor *a, const char *old_cookie,
                        char cookie_out[AUTH_SECRET_LEN], err *e)
{
    char h[AUTH_HASH_LEN], now[21], expires[21];
    if (old_cookie && strlen(old_cookie) <= 128) {
        auth_secret_hash(old_cookie, h);
        if (auth_store_session_delete_hash(s, h, e)) return -1;
    }
    auth_new_secret("", cookie_out);
    auth_secret_hash(cookie_out, h);
    auth_new_secret("", a->csrf);
    time_t t = time_wall();
    iso_at(t, now);
    iso_at(t + settings.session_max, expires);
    return auth_store_session_insert(s, a, h, now, expires, &a->session_id, e);
}

int auth_sessions_end_all(store *s, int64_t account_id, int64_t *n, err *e)
{
    return auth_store_sessions_delete_account(s, account_id, n, e);
}

int auth_session_delete(store *s, int64_t session_id, err *e)
{
    return auth_store_session_delete(s, session_id, e);
}

static int no_such_user(const char *username, err *e)
{
    return err_set(e, ERR_NOT_FOUND, "no_such_user", "user", "there is no user named '%s'",
                   username);
}

int auth_token_days_acceptable(long long days, err *e)
{
    if (days < 1 || days > AUTH_TOKEN_MAX_DAYS)
        return err_set(e, ERR_INVALID, "invalid_days", "days",
                       "--days must be a whole number of days from 1 to %d (default %d)",
                       AUTH_TOKEN_MAX_DAYS, AUTH_TOKEN_DAYS);
    return 0;
}

/* Not found among the active accounts: says so when the account exists but
 * is deactivated, so an operator learns why. */
static int no_active_user(store *s, const char *username, err *e)
{
    offboarding_account acc;
    int found = offboarding_store_account(s, 0, 0, username, &acc, e);
    if (found < 0) return -1;
    if (found)
        return err_set(e, ERR_CONFLICT, "account_inactive", "user",
                       "the account '%s' is deactivated; reactivate it with `helhet user "
                       "reactivate --user %s` first",
                       username, username);
    return no_such_user(username, e);
}

int auth_token_create(store *s, const char *username, const char *label, int days,
                      char out[AUTH_SECRET_LEN], err *e)
{
    if (auth_token_days_acceptable(days, e)) return -1;
    actor a;
    char hash[128];
    memset(&a, 0, sizeof a);
    int found = auth_store_account_by_username(s, username, &a, hash, e);
    if (found < 0) return -1;
    if (!found) return no_active_user(s, username, e);
    char h[AUTH_HASH_LEN], expires[21];
    auth_new_secret("hh_", out);
    auth_secret_hash(out, h);
    iso_at(time_wall() + (time_t)days * 86400, expires);
    return auth_store_token_insert(s, a.tenant_id, a.account_id, h, label, expires, e);
}

int auth_account_end_access(store *s, int64_t account_id, int64_t *sessions, int64_t *tokens,
                            err *e)
{
    char now[21];
    time_now_iso(now);
    return auth_store_sessions_delete_account(s, account_id, sessions, e) ||
           auth_store_token_revoke(s, NULL, account_id, now, tokens, e);
}

int auth_token_revoke(store *s, const char *token, const char *username, int64_t *n, err *e)
{
    char h[AUTH_HASH_LEN], now[21];
    time_now_iso(now);
    *n = 0;
    if (token) {
        if (strlen(token) > 128) return 0;
        auth_secret_hash(token, h);
        return auth_store_token_revoke(s, h, 0, now, n, e);
    }
    actor a;
    char hash[128];
    memset(&a, 0, sizeof a);
    int found = auth_store_account_by_username(s, username, &a, hash, e);
    if (found < 0) return -1;
    if (!found) return no_such_user(username, e);
    return auth_store_token_revoke(s, NULL, a.account_id, now, n, e);
}

int auth_totp_enrol(store *s, int64_t account_id, char secret_out[64], err *e)
{
    totp_new_secret(secret_out);
    if (!secret_out[0])
        return err_set(e, ERR_INTERNAL, "totp_failed", NULL, "cannot make a one-time code secret");
    char sealed[TOTP_SEALED_LEN];
    if (totp_seal(account_id, secret_out, sealed, e)) return -1;
    int rc = auth_store_totp_set(s, account_id, sealed, e);
    if (rc < 0) return -1;
    if (!rc) return err_set(e, ERR_NOT_FOUND, "no_such_user", "user", "there is no such account");
    return 0;
}

int auth_totp_enrol_user(store *s, const char *username, char secret_out[64], err *e)
{
    actor a;
    char hash[128];
    memset(&a, 0, sizeof a);
    int found = auth_store_account_by_username(s, username, &a, hash, e);
    if (found < 0) return -1;
    if (!found) return no_such_user(username, e);
    return auth_totp_enrol(s, a.account_id, secret_out, e);
}

int auth_totp_current(store *s, const char *username, char out[8], err *e)
{
    actor a;
    auth_login_row row;
    memset(&a, 0, sizeof a);
    int found = auth_store_login_account(s, username, &a, &row, e);
    if (found < 0) return -1;
    if (!found) return no_such_user(username, e);
    if (!row.totp_secret[0])
        return err_set(e, ERR_NOT_FOUND, "otp_not_enrolled", "user",
                       "the user '%s' has no one-time code; set one up with `helhet user totp`",
                       username);
    char secret[TOTP_SECRET_LEN];
    if (totp_open(a.account_id, row.totp_secret, secret, e)) return -1;
    int rc = totp_code(secret, time(NULL), out, e);
    sodium_memzero(secret, sizeof secret);
    return rc;
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
