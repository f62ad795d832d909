/* auth_store.c - see auth_store.h. */
#include "store/auth_store.h"

#include <stdio.h>
#include <string.h>

#include "store/driver.h"
#include "util/timeutil.h"

#define ACTOR_COLS "a.id, a.tenant_id, a.staff_id, a.person_id, a.role, a.username"

static void read_actor(db_stmt *st, actor *a)
{
    a->account_id = db_column_int(st, 0);
    a->tenant_id = db_column_int(st, 1);
    a->staff_id = db_column_int(st, 2);
    a->person_id = db_column_int(st, 3);
    a->role = actor_role_parse(db_column_text(st, 4));
    snprintf(a->username, sizeof a->username, "%s", db_column_text(st, 5));
}

int auth_store_token_actor(store *s, const char *hash, const char *now, actor *a,
                           char expires_at[21], err *e)
{
    db_stmt *st = db_prepare(s,
                             "SELECT " ACTOR_COLS ", t.expires_at FROM tokens t JOIN accounts a "
                             "ON a.id = t.account_id WHERE t.token_hash = ? AND t.revoked_at IS "
                             "NULL AND (t.expires_at IS NULL OR t.expires_at > ?) AND a.active = 1",
                             e);
    if (!st) return -1;
    db_bind_str(st, 1, hash);
    db_bind_str(st, 2, now);
    int rc = db_step(st, e);
    if (rc == DB_ROW) {
        read_actor(st, a);
        snprintf(expires_at, 21, "%s", db_column_is_null(st, 6) ? "" : db_column_text(st, 6));
    }
    db_done(st);
    return rc == DB_ERROR ? -1 : rc == DB_ROW;
}

int auth_store_epoch(store *s, int64_t *epoch, err *e)
{
    db_stmt *st = db_prepare(s, "SELECT n FROM auth_epoch WHERE id = 1", e);
    if (!st) return -1;
    int rc = db_step(st, e);
    *epoch = rc == DB_ROW ? db_column_int(st, 0) : 0;
    db_done(st);
    return rc == DB_ERROR ? -1 : 0;
}

int auth_store_session_actor(store *s, const char *hash, const char *now, const char *idle_after,
                             actor *a, char last_seen[21], err *e)
{
    db_stmt *st = db_prepare(
        s,
        "SELECT " ACTOR_COLS ", se.id, se.csrf_token, se.last_seen_at FROM sessions se JOIN "
        "accounts a ON a.id = se.account_id WHERE se.session_hash = ? AND se.expires_at > ? AND "
        "se.last_seen_at > ? AND a.active = 1",
        e);
    if (!st) return -1;
    db_bind_str(st, 1, hash);
    db_bind_str(st, 2, now);
    db_bind_str(st, 3, idle_after);
    int rc = db_step(st, e);
    if (rc == DB_ROW) {
        read_actor(st, a);
        a->session_id = db_column_int(st, 6);
        snprintf(a->csrf, sizeof a->csrf, "%s", db_column_text(st, 7));
        snprintf(last_seen, 21, "%s", db_column_text(st, 8));
    }
    db_done(st);
    return rc == DB_ERROR ? -1 : rc == DB_ROW;
}

int auth_store_session_touch(store *s, int64_t session_id, const char *now, err *e)
{
    db_stmt *st = db_prepare(s, "UPDATE sessions SET last_seen_at = ? WHERE id = ?", e);
    if (!st) return -1;
    db_bind_str(st, 1, now);
    db_bind_int(st, 2, session_id);
    int rc = db_step(st, e);
    db_done(st);
    return rc == DB_ERROR ? -1 : 0;
}

int auth_store_account_by_username(store *s, const char *username, actor *a, char hash[128], err *e)
{
    db_stmt *st = db_prepare(s,
                             "SELECT " ACTOR_COLS ", a.password_hash FROM accounts a WHERE "
                             "a.username = ? AND a.active = 1",
                             e);
    if (!st) return -1;
    db_bind_str(st, 1, username ? username : "");
    int rc = db_step(st, e);
    if (rc == DB_ROW) {
        read_actor(st, a);
        const char *h = db_column_text(st, 6);
        snprintf(hash, 128, "%s", h ? h : "");
    }
    db_done(st);
    return rc == DB_ERROR ? -1 : rc == DB_ROW;
}

int auth_store_session_insert(store *s, const actor *a, const char *hash, const char *now,
                              const char *expires, int64_t *id, err *e)
{
    db_stmt *st = db_prepare(
        s,
        "INSERT INTO sessions (tenant_id, account_id, session_hash, csrf_token, expires_at, "
        "last_seen_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        e);
    if (!st) return -1;
    db_bind_int(st, 1, a->tenant_id);
    db_bind_int(st, 2, a->account_id);
    db_bind_str(st, 3, hash);
    db_bind_str(st, 4, a->csrf);
    db_bind_str(st, 5, expires);
    db_bind_str(st, 6, now);
    db_bind_str(st, 7, now);
    db_bind_str(st, 8, now);
    int rc = db_step(st, e);
    if (rc == DB_ROW) *id = db_column_int(st, 0);
    db_done(st);
    return rc == DB_ROW ? 0 : -1;
}

int auth_store_session_delete(store *s, int64_t id, err *e)
{
    db_stmt *st = db_prepare(s, "DELETE FROM sessions WHERE id = ?", e);
    if (!st) return -1;
    db_bind_int(st, 1, id);
    int rc = db_step(st, e);
    db_done(st);
    return rc == DB_ERROR ? -1 : 0;
}

int auth_store_token_insert(store *s, int64_t tenant, int64_t account, const char *hash,
                            const char *label, const char *expires, err *e)
{
    char now[21];
    time_now_iso(now);
    db_stmt *st = db_prepare(s,
                             "INSERT INTO tokens (tenant_id, account_id, token_hash, label, "
                             "expires_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                             e);
    if (!st) return -1;
    db_bind_int(st, 1, tenant);
    db_bind_int(st, 2, account);
    db_bind_str(st, 3, hash);
    db_bind_str(st, 4, label);
    db_bind_str(st, 5, expires);
    db_bind_str(st, 6, now);
    db_bind_str(st, 7, now);
    int rc = db_step(st, e);
    db_done(st);
    return rc == DB_ERROR ? -1 : 0;
}

int auth_store_account_insert(store *s, int64_t tenant, const char *username, const char *hash,
                              account_role role, int64_t staff_id, int64_t person_id, int64_t *id,
                              err *e)
{
    char now[21];
    time_now_iso(now);
    db_stmt *st = db_prepare(s,
                             "INSERT INTO accounts (tenant_id, username, password_hash, role, "
                             "staff_id, person_id, created_at, updated_at) VALUES "
                             "(?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                             e);
    if (!st) return -1;
    db_bind_int(st, 1, tenant);
    db_bind_str(st, 2, username);
    db_bind_str(st, 3, hash);
    db_bind_str(st, 4, actor_role_name(role));
    db_bind_id(st, 5, staff_id);
    db_bind_id(st, 6, person_id);
    db_bind_str(st, 7, now);
    db_bind_str(st, 8, now);
    int rc = db_step(st, e);
    if (rc == DB_ROW) *id = db_column_int(st, 0);
    db_done(st);
    if (rc == DB_ERROR && e && e->kind == ERR_CONFLICT)
        return err_set(e, ERR_CONFLICT, "username_taken", "username",
                       "the username '%s' is already taken", username);
    return rc == DB_ROW ? 0 : -1;
}

int auth_store_login_account(store *s, const char *username, actor *a, auth_login_row *row, err *e)
{
    db_stmt *st = db_prepare(s,
                             "SELECT " ACTOR_COLS ", a.password_hash, a.totp_secret, "
                             "a.locked_until, a.totp_last_step FROM accounts a WHERE "
                             "a.username = ? AND a.active = 1",
                             e);
    if (!st) return -1;
    db_bind_str(st, 1, username ? username : "");
    int rc = db_step(st, e);
    memset(row, 0, sizeof *row);
    row->totp_last_step = -1;
    if (rc == DB_ROW) {
        read_actor(st, a);
        const char *t;
        if ((t = db_column_text(st, 6))) snprintf(row->hash, sizeof row->hash, "%s", t);
        if ((t = db_column_text(st, 7)))
            snprintf(row->totp_secret, sizeof row->totp_secret, "%s", t);
        if ((t = db_column_text(st, 8)))
            snprintf(row->locked_until, sizeof row->locked_until, "%s", t);
        if (!db_column_is_null(st, 9)) row->totp_last_step = db_column_int(st, 9);
    }
    db_done(st);
    return rc == DB_ERROR ? -1 : rc == DB_ROW;
}

int auth_store_login_failed(store *s, int64_t id, const char *locked_until, err *e)
{
    db_stmt *st = db_prepare(s,
                             "UPDATE accounts SET failed_logins = failed_logins + 1, locked_until "
                             "= coalesce(?, locked_until) WHERE id = ?",
                             e);
    if (!st) return -1;
    db_bind_str(st, 1, locked_until);
    db_bind_int(st, 2, id);
    int rc = db_step(st, e);
    db_done(st);
    return rc == DB_ERROR ? -1 : 0;
}

int auth_store_login_succeeded(store *s, int64_t id, int64_t step, err *e)
{
    db_stmt *st;
    if (step >= 0) {
        st = db_prepare(s,
                        "UPDATE accounts SET failed_logins = 0, locked_until = NULL, "
                        "totp_last_step = ? WHERE id = ? AND "
                        "(totp_last_step IS NULL OR totp_last_step < ?)",
                        e);
        if (!st) return -1;
        db_bind_int(st, 1, step);
        db_bind_int(st, 2, id);
        db_bind_int(st, 3, step);
    } else {
        st = db_prepare(
            s, "UPDATE accounts SET failed_logins = 0, locked_until = NULL WHERE id = ?", e);
        if (!st) return -1;
        db_bind_int(st, 1, id);
    }
    int rc = db_step(st, e);
    db_done(st);
    if (rc == DB_ERROR) return -1;
    return db_changes(s) == 1;
}

int auth_store_totp_set(store *s, int64_t id, const char *secret, err *e)
{
    char now[21];
    time_now_iso(now);
    db_stmt *st = db_prepare(s,
                             "UPDATE accounts SET totp_secret = ?, totp_last_step = NULL, "
                             "version = version + 1, updated_at = ? WHERE id = ?",
                             e);
    if (!st) return -1;
    db_bind_str(st, 1, secret);
    db_bind_str(st, 2, now);
    db_bind_int(st, 3, id);
    int rc = db_step(st, e);
    db_done(st);
    if (rc == DB_ERROR) return -1;
    return db_changes(s) == 1;
}

/* Sealed secrets start with "x1:" (trust/totp.c); base32 never holds ':'. */
int auth_store_totp_each_clear(store *s, int (*fn)(void *ctx, int64_t id, const char *secret),
                               void *ctx, err *e)
{
    db_stmt *st = db_prepare(s,
                             "SELECT id, totp_secret FROM accounts WHERE totp_secret IS NOT NULL "
                             "AND totp_secret NOT LIKE 'x1:%' ORDER BY id",
                             e);
    if (!st) return -1;
    int rc, stop = 0;
    while (!stop && (rc = db_step(st, e)) == DB_ROW)
        stop = fn(ctx, db_column_int(st, 0), db_column_text(st, 1));
    db_done(st);
    if (stop) return stop;
    return rc == DB_ERROR ? -1 : 0;
}

int auth_store_totp_reseal(store *s, int64_t id, const char *sealed, err *e)
{
    db_stmt *st = db_prepare(s, "UPDATE accounts SET totp_secret = ? WHERE id = ?", e);
    if (!st) return -1;
    db_bind_str(st, 1, sealed);
    db_bind_int(st, 2, id);
    int rc = db_step(st, e);
    db_done(st);
    return rc == DB_ERROR ? -1 : 0;
}

int auth_store_totp_sealed(store *s, int64_t *n, err *e)
{
    db_stmt *st = db_prepare(s, "SELECT count(*) FROM accounts WHERE totp_secret LIKE 'x1:%'", e);
    if (!st) return -1;
    int rc = db_step(st, e);
    *n = rc == DB_ROW ? db_column_int(st, 0) : 0;
    db_done(st);
    return rc == DB_ERROR ? -1 : 0;
}

int auth_store_session_delete_hash(store *s, const char *hash, err *e)
{
    db_stmt *st = db_prepare(s, "DELETE FROM sessions WHERE session_hash = ?", e);
    if (!st) return -1;
    db_bind_str(st, 1, hash);
    int rc = db_step(st, e);
    db_done(st);
    return rc == DB_ERROR ? -1 : 0;
}

int auth_store_sessions_delete_account(store *s, int64_t account, int64_t *n, err *e)
{
    db_stmt *st = db_prepare(s, "DELETE FROM sessions WHERE account_id = ?", e);
    if (!st) return -1;
    db_bind_int(st, 1, account);
    int rc = db_step(st, e);
    db_done(st);
    if (rc == DB_ERROR) return -1;
    *n = db_changes(s);
    return 0;
}

int auth_store_token_revoke(store *s, const char *hash, int64_t account, const char *now,
                            int64_t *n, err *e)
{
    db_stmt *st;
    if (hash) {
        st = db_prepare(s,
                        "UPDATE tokens SET revoked_at = ?, version = version + 1, updated_at = ? "
                        "WHERE token_hash = ? AND revoked_at IS NULL",
                        e);
        if (!st) return -1;
        db_bind_str(st, 3, hash);
    } else {
        st = db_prepare(s,
                        "UPDATE tokens SET revoked_at = ?, version = version + 1, updated_at = ? "
                        "WHERE account_id = ? AND revoked_at IS NULL",
                        e);
        if (!st) return -1;
        db_bind_int(st, 3, account);
    }
    db_bind_str(st, 1, now);
    db_bind_str(st, 2, now);
    int rc = db_step(st, e);
    db_done(st);
    if (rc == DB_ERROR) return -1;
    *n = db_changes(s);
    return 0;
}
