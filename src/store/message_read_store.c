/* message_read_store.c - see message_read_store.h. */
#include "store/message_read_store.h"

#include "store/driver.h"

int message_read_mark(store *s, int64_t tenant, int64_t plan_id, int64_t account_id,
                      int64_t message_id, const char *now, int64_t *seen, err *e)
{
    db_stmt *st = db_prepare(
        s,
        "INSERT INTO message_reads (tenant_id, plan_id, account_id, message_id, seen_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (plan_id, account_id) DO UPDATE SET "
        "message_id = CASE WHEN excluded.message_id > message_reads.message_id THEN "
        "excluded.message_id ELSE message_reads.message_id END, seen_at = "
        "excluded.seen_at",
        e);
    if (!st) return -1;
    db_bind_int(st, 1, tenant);
    db_bind_int(st, 2, plan_id);
    db_bind_int(st, 3, account_id);
    db_bind_int(st, 4, message_id);
    db_bind_str(st, 5, now);
    int rc = db_step(st, e);
    db_done(st);
    if (rc == DB_ERROR) return -1;
    st = db_prepare(s,
                    "SELECT message_id FROM message_reads WHERE tenant_id = ?1 AND plan_id = ?2 "
                    "AND account_id = ?3",
                    e);
    if (!st) return -1;
    db_bind_int(st, 1, tenant);
    db_bind_int(st, 2, plan_id);
    db_bind_int(st, 3, account_id);
    rc = db_step(st, e);
    *seen = rc == DB_ROW ? db_column_int(st, 0) : message_id;
    db_done(st);
    return rc == DB_ERROR ? -1 : 0;
}

int message_read_unread(store *s, int64_t tenant, int64_t account_id, const char *ids_json,
                        json_t **rows, err *e)
{
    db_stmt *st = db_prepare(
        s,
        "SELECT m.plan_id, sum(CASE WHEN m.kind = 'comment' THEN 1 ELSE 0 END), "
        "sum(CASE WHEN m.kind <> 'comment' THEN 1 ELSE 0 END) FROM messages m "
        "LEFT JOIN message_reads r ON r.plan_id = m.plan_id AND r.account_id = ?2 "
        "WHERE m.tenant_id = ?1 AND m.plan_id IN (SELECT CAST(value AS BIGINT) FROM json_each(?3)) "
        "AND m.author_account_id <> ?2 AND m.id > coalesce(r.message_id, 0) "
        "GROUP BY m.plan_id ORDER BY m.plan_id",
        e);
    if (!st) return -1;
    db_bind_int(st, 1, tenant);
    db_bind_int(st, 2, account_id);
    db_bind_str(st, 3, ids_json);
    json_t *arr = json_array();
    int rc;
    while ((rc = db_step(st, e)) == DB_ROW)
        json_array_append_new(arr, json_pack("{s:I,s:I,s:I}", "plan_id",
                                             (json_int_t)db_column_int(st, 0), "comments",
                                             (json_int_t)db_column_int(st, 1), "requests",
                                             (json_int_t)db_column_int(st, 2)));
    db_done(st);
    if (rc == DB_ERROR) {
        json_decref(arr);
        return -1;
    }
    *rows = arr;
    return 0;
}
