/* offboarding_store.c - see offboarding_store.h. */
#include "store/offboarding_store.h"

#include <string.h>

#include "store/driver.h"
#include "util/timeutil.h"

int offboarding_store_account(store *s, int64_t tenant, int64_t id, const char *username,
                              offboarding_account *out, err *e)
{
    db_stmt *st = db_prepare(s,
                             username ? "SELECT id, tenant_id, staff_id, active FROM accounts "
                                        "WHERE username = ?"
                                      : "SELECT id, tenant_id, staff_id, active FROM accounts "
                                        "WHERE id = ? AND tenant_id = ?",
                             e);
    if (!st) return -1;
    if (username) {
        db_bind_str(st, 1, username);
    } else {
        db_bind_int(st, 1, id);
        db_bind_int(st, 2, tenant);
    }
    int rc = db_step(st, e);
    memset(out, 0, sizeof *out);
    if (rc == DB_ROW) {
        out->id = db_column_int(st, 0);
        out->tenant_id = db_column_int(st, 1);
        out->staff_id = db_column_is_null(st, 2) ? 0 : db_column_int(st, 2);
        out->active = (int)db_column_int(st, 3);
    }
    db_done(st);
    return rc == DB_ERROR ? -1 : rc == DB_ROW;
}

int offboarding_store_staff_accounts(store *s, int64_t tenant, int64_t staff_id, int64_t after,
                                     int64_t *ids, int max, int *n, err *e)
{
    db_stmt *st = db_prepare(s,
                             "SELECT id FROM accounts WHERE tenant_id = ? AND staff_id = ? AND "
                             "id > ? ORDER BY id LIMIT ?",
                             e);
    if (!st) return -1;
    db_bind_int(st, 1, tenant);
    db_bind_int(st, 2, staff_id);
    db_bind_int(st, 3, after);
    db_bind_int(st, 4, max);
    int rc;
    *n = 0;
    while ((rc = db_step(st, e)) == DB_ROW && *n < max) ids[(*n)++] = db_column_int(st, 0);
    db_done(st);
    return rc == DB_ERROR ? -1 : 0;
}

static int run(store *s, const char *sql, int64_t active, int64_t id, int64_t tenant,
               const char *now, err *e)
{
    db_stmt *st = db_prepare(s, sql, e);
    if (!st) return -1;
    db_bind_int(st, 1, active);
    db_bind_str(st, 2, now);
    db_bind_int(st, 3, id);
    db_bind_int(st, 4, tenant);
    int rc = db_step(st, e);
    db_done(st);
    return rc == DB_ERROR ? -1 : 0;
}

int offboarding_store_set_active(store *s, int64_t tenant, int64_t staff_id, int64_t account_id,
                                 int active, err *e)
{
    char now[21];
    time_now_iso(now);
    if (!staff_id)
        return run(s,
                   "UPDATE accounts SET active = ?1, version = version + 1, updated_at = ?2 "
                   "WHERE id = ?3 AND tenant_id = ?4 AND active <> ?1",
                   active, account_id, tenant, now, e);
    return run(s,
               "UPDATE staff SET active = ?1, version = version + 1, updated_at = ?2 "
               "WHERE id = ?3 AND tenant_id = ?4 AND active <> ?1",
               active, staff_id, tenant, now, e) ||
           run(s,
               "UPDATE accounts SET active = ?1, version = version + 1, updated_at = ?2 "
               "WHERE staff_id = ?3 AND tenant_id = ?4 AND active <> ?1",
               active, staff_id, tenant, now, e);
}

/* A membership's last day when it ends on ?1: that day, or its first day when
 * it begins later (valid_from NULL: it has begun). */
#define LAST_DAY "(CASE WHEN valid_from > ?1 THEN valid_from ELSE ?1 END)"

int offboarding_store_end_memberships(store *s, int64_t tenant, int64_t staff_id, const char *today,
                                      int64_t *n, err *e)
{
    char now[21];
    time_now_iso(now);
    db_stmt *st = db_prepare(
        s,
        "UPDATE memberships SET valid_to = " LAST_DAY ", version = version + 1, updated_at = ?2 "
        "WHERE tenant_id = ?3 AND staff_id = ?4 AND (valid_to IS NULL OR valid_to > ?1) AND "
        "valid_to IS DISTINCT FROM " LAST_DAY,
        e);
    if (!st) return -1;
    db_bind_str(st, 1, today);
    db_bind_str(st, 2, now);
    db_bind_int(st, 3, tenant);
    db_bind_int(st, 4, staff_id);
    int rc = db_step(st, e);
    db_done(st);
    if (rc == DB_ERROR) return -1;
    *n = db_changes(s);
    return 0;
}

static int count(store *s, const char *sql, int64_t tenant, int64_t staff_id, int64_t *n, err *e)
{
    db_stmt *st = db_prepare(s, sql, e);
    if (!st) return -1;
    db_bind_int(st, 1, tenant);
    db_bind_int(st, 2, staff_id);
    int rc = db_step(st, e);
    *n = rc == DB_ROW ? db_column_int(st, 0) : 0;
    db_done(st);
    return rc == DB_ERROR ? -1 : 0;
}

int offboarding_store_left_behind(store *s, int64_t tenant, int64_t staff_id, int64_t *plans,
                                  int64_t *cases, err *e)
{
    return count(s,
                 "SELECT count(*) FROM plans WHERE tenant_id = ? AND coordinator_id = ? AND "
                 "status <> 'closed'",
                 tenant, staff_id, plans, e) ||
           count(s,
                 "SELECT count(*) FROM cases WHERE tenant_id = ? AND contact_staff_id = ? AND "
                 "status <> 'closed'",
                 tenant, staff_id, cases, e);
}
