/* oidc_store.c - see oidc_store.h. */
#include "store/oidc_store.h"

#include <stdio.h>
#include <string.h>

#include "store/driver.h"
#include "util/timeutil.h"

#define ACTOR_COLS "a.id, a.tenant_id, a.staff_id, a.person_id, a.role, a.username, a.active"

static void read_actor(db_stmt *st, actor *a, int *active)
{
    memset(a, 0, sizeof *a);
    a->account_id = db_column_int(st, 0);
    a->tenant_id = db_column_int(st, 1);
    a->staff_id = db_column_int(st, 2);
    a->person_id = db_column_int(st, 3);
    a->role = actor_role_parse(db_column_text(st, 4));
    snprintf(a->username, sizeof a->username, "%s", db_column_text(st, 5));
    *active = (int)db_column_int(st, 6);
}

int oidc_store_state_insert(store *s, const char *provider, const char *state_hash,
                            const char *nonce, const char *code_verifier, const char *return_to,
                            const char *now, const char *expires, err *e)
{
    db_stmt *st = db_prepare(s,
                             "INSERT INTO oidc_states (provider, state_hash, nonce, code_verifier, "
                             "return_to, expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                             e);
    if (!st) return -1;
    db_bind_str(st, 1, provider);
    db_bind_str(st, 2, state_hash);
    db_bind_str(st, 3, nonce);
    db_bind_str(st, 4, code_verifier);
    db_bind_str(st, 5, return_to);
    db_bind_str(st, 6, expires);
    db_bind_str(st, 7, now);
    int rc = db_step(st, e);
    db_done(st);
    return rc == DB_ERROR ? -1 : 0;
}

int oidc_store_state_purge(store *s, const char *before, err *e)
{
    db_stmt *st = db_prepare(s, "DELETE FROM oidc_states WHERE expires_at < ?", e);
    if (!st) return -1;
    db_bind_str(st, 1, before);
    int rc = db_step(st, e);
    db_done(st);
    return rc == DB_ERROR ? -1 : 0;
}

int oidc_store_state_take(store *s, const char *state_hash, const char *now, oidc_state_row *row,
                          oidc_state_problem *problem, err *e)
{
    /* one statement marks it used and reads it: two callbacks with the same
     * state cannot both succeed */
    db_stmt *st = db_prepare(s,
                             "UPDATE oidc_states SET used_at = ? WHERE state_hash = ? AND used_at "
                             "IS NULL AND expires_at > ? RETURNING provider, nonce, code_verifier, "
                             "return_to",
                             e);
    if (!st) return -1;
    db_bind_str(st, 1, now);
    db_bind_str(st, 2, state_hash);
    db_bind_str(st, 3, now);
    int rc = db_step(st, e);
    if (rc == DB_ROW) {
        snprintf(row->provider, sizeof row->provider, "%s", db_column_text(st, 0));
        snprintf(row->nonce, sizeof row->nonce, "%s", db_column_text(st, 1));
        snprintf(row->code_verifier, sizeof row->code_verifier, "%s", db_column_text(st, 2));
        snprintf(row->return_to, sizeof row->return_to, "%s", db_column_text(st, 3));
    }
    db_done(st);
    if (rc == DB_ERROR) return -1;
    if (rc == DB_ROW) return 1;
    st = db_prepare(s, "SELECT used_at IS NOT NULL FROM oidc_states WHERE state_hash = ?", e);
    if (!st) return -1;
    db_bind_str(st, 1, state_hash);
    rc = db_step(st, e);
    *problem = OIDC_STATE_UNKNOWN;
    if (rc == DB_ROW) *problem = db_column_int(st, 0) ? OIDC_STATE_USED : OIDC_STATE_EXPIRED;
    db_done(st);
    return rc == DB_ERROR ? -1 : 0;
}

int oidc_store_person_by_nid(store *s, int64_t tenant, const char *national_id, int64_t *person,
                             err *e)
{
    db_stmt *st =
        db_prepare(s, "SELECT id FROM persons WHERE tenant_id = ? AND national_id = ?", e);
    if (!st) return -1;
    db_bind_int(st, 1, tenant);
    db_bind_str(st, 2, national_id);
    int rc = db_step(st, e);
    if (rc == DB_ROW) *person = db_column_int(st, 0);
    db_done(st);
    return rc == DB_ERROR ? -1 : rc == DB_ROW;
}

int oidc_store_citizen_account(store *s, int64_t tenant, int64_t person, actor *a, int *active,
                               err *e)
{
    db_stmt *st = db_prepare(s,
                             "SELECT " ACTOR_COLS " FROM accounts a WHERE a.tenant_id = ? AND "
                             "a.person_id = ? AND a.role = 'citizen' ORDER BY a.active DESC, a.id "
                             "LIMIT 1",
                             e);
    if (!st) return -1;
    db_bind_int(st, 1, tenant);
    db_bind_int(st, 2, person);
    int rc = db_step(st, e);
    if (rc == DB_ROW) read_actor(st, a, active);
    db_done(st);
    return rc == DB_ERROR ? -1 : rc == DB_ROW;
}

int oidc_store_account_by_subject(store *s, const char *provider, const char *subject, actor *a,
                                  int *active, err *e)
{
    db_stmt *st = db_prepare(s,
                             "SELECT " ACTOR_COLS " FROM accounts a WHERE a.oidc_provider = ? AND "
                             "a.oidc_subject = ?",
                             e);
    if (!st) return -1;
    db_bind_str(st, 1, provider);
    db_bind_str(st, 2, subject);
    int rc = db_step(st, e);
    if (rc == DB_ROW) read_actor(st, a, active);
    db_done(st);
    return rc == DB_ERROR ? -1 : rc == DB_ROW;
}

int oidc_store_account_link(store *s, int64_t tenant, const char *username, const char *provider,
                            const char *subject, err *e)
{
    char now[21];
    time_now_iso(now);
    db_stmt *st = db_prepare(s,
                             "UPDATE accounts SET oidc_provider = ?, oidc_subject = ?, version = "
                             "version + 1, updated_at = ? WHERE tenant_id = ? AND username = ?",
                             e);
    if (!st) return -1;
    db_bind_str(st, 1, provider);
    db_bind_str(st, 2, subject);
    db_bind_str(st, 3, now);
    db_bind_int(st, 4, tenant);
    db_bind_str(st, 5, username);
    int rc = db_step(st, e);
    db_done(st);
    if (rc == DB_ERROR && e && e->kind == ERR_CONFLICT)
        return err_set(e, ERR_CONFLICT, "oidc_subject_taken", "oidc_subject",
                       "another account is already linked to this subject at '%s'", provider);
    if (rc == DB_ERROR) return -1;
    return db_changes(s) > 0;
}
