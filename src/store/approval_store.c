/* approval_store.c - see approval_store.h. */
#include "store/approval_store.h"

#include <stdlib.h>
#include <string.h>

#include "store/driver.h"
#include "util/timeutil.h"

int approval_store_set_pending(store *s, const char *table, int64_t tenant, int64_t id, int pending,
                               err *e)
{
    /* the table is one of two fixed names, never input */
    int members = strcmp(table, "memberships") == 0;
    char now[25];
    time_now_iso_ms(now);
    db_stmt *st = db_prepare(s,
                             members ? "UPDATE memberships SET pending = ?, version = version + 1, "
                                       "updated_at = ? WHERE tenant_id = ? AND id = ?"
                                     : "UPDATE representatives SET pending = ?, version = version "
                                       "+ 1, updated_at = ? WHERE tenant_id = ? AND id = ?",
                             e);
    if (!st) return -1;
    db_bind_int(st, 1, pending);
    db_bind_str(st, 2, now);
    db_bind_int(st, 3, tenant);
    db_bind_int(st, 4, id);
    int rc = db_step(st, e);
    db_done(st);
    if (rc == DB_ERROR) return -1;
    return db_changes(s) > 0;
}

int approval_store_pend_members(store *s, int64_t tenant, int64_t organisation_id,
                                const char *today,
                                int (*fn)(void *ctx, int64_t id, int64_t staff_id), void *ctx,
                                err *e)
{
    db_stmt *st = db_prepare(s,
                             "SELECT id, staff_id FROM memberships WHERE tenant_id = ? AND "
                             "organisation_id = ? AND pending = 0 AND (valid_to IS NULL OR "
                             "valid_to >= ?) ORDER BY id",
                             e);
    if (!st) return -1;
    db_bind_int(st, 1, tenant);
    db_bind_int(st, 2, organisation_id);
    db_bind_str(st, 3, today);
    /* collected first: each one is then written */
    int64_t *rows = NULL;
    size_t n = 0, cap = 0;
    int rc;
    while ((rc = db_step(st, e)) == DB_ROW) {
        if (n + 2 > cap) {
            size_t c = cap ? cap * 2 : 32;
            int64_t *grown = realloc(rows, c * sizeof *rows);
            if (!grown) {
                db_done(st);
                free(rows);
                return err_set(e, ERR_INTERNAL, "out_of_memory", NULL, "out of memory");
            }
            rows = grown;
            cap = c;
        }
        rows[n++] = db_column_int(st, 0);
        rows[n++] = db_column_int(st, 1);
    }
    db_done(st);
    int failed = rc == DB_ERROR;
    for (size_t i = 0; i < n && !failed; i += 2)
        failed = approval_store_set_pending(s, "memberships", tenant, rows[i], 1, e) < 0 ||
                 fn(ctx, rows[i], rows[i + 1]);
    free(rows);
    return failed ? -1 : 0;
}

int approval_store_municipal(store *s, int64_t tenant, int64_t staff_id, const char *today, err *e)
{
    db_stmt *st = db_prepare(s,
                             "SELECT 1 FROM memberships m JOIN organisations o ON o.id = "
                             "m.organisation_id WHERE m.tenant_id = ? AND m.staff_id = ? AND "
                             "m.pending = 0 AND o.active = 1 AND o.kind <> 'external_agency' AND "
                             "(m.valid_from IS NULL OR m.valid_from <= ?) AND (m.valid_to IS NULL "
                             "OR m.valid_to >= ?) LIMIT 1",
                             e);
    if (!st) return -1;
    db_bind_int(st, 1, tenant);
    db_bind_int(st, 2, staff_id);
    db_bind_str(st, 3, today);
    db_bind_str(st, 4, today);
    int rc = db_step(st, e);
    db_done(st);
    return rc == DB_ERROR ? -1 : rc == DB_ROW;
}
