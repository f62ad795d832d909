/* history_store.c - see history_store.h. */
#include "store/history_store.h"

#include <stdlib.h>

#include "store/driver.h"
#include "store/record.h"

/* Who made a change, as people know them: the staff member's or the
 * citizen's name, the staff member's unit on the day of the change (her
 * largest membership then, else her latest), and the account's role. */
#define AUTHOR_UNIT(cond, order)                                                                   \
    "(SELECT o.name FROM memberships m JOIN organisations o ON o.id = m.organisation_id "          \
    "WHERE m.staff_id = s.id" cond " ORDER BY " order "m.position_percent DESC, m.id LIMIT 1)"
#define AUTHOR                                                                                     \
    "coalesce(s.given_name || ' ' || s.family_name, p.given_name || ' ' || p.family_name), "       \
    "coalesce(" AUTHOR_UNIT(                                                                       \
        " AND coalesce(m.valid_from, '') <= substr(h.at, 1, 10) AND "                              \
        "coalesce(m.valid_to, '9999') >= substr(h.at, 1, 10)",                                     \
        "") ", " AUTHOR_UNIT("", "coalesce(m.valid_to, '9999') DESC, ") "), a.role"
#define AUTHOR_JOIN                                                                                \
    "LEFT JOIN accounts a ON a.id = h.account_id "                                                 \
    "LEFT JOIN staff s ON s.id = a.staff_id AND s.tenant_id = h.tenant_id "                        \
    "LEFT JOIN persons p ON p.id = a.person_id AND p.tenant_id = h.tenant_id "

/* The statements of each table (the shapes are the same; the names are not). */
static const struct {
    const char *insert, *list;
} sql[] = {
    [HISTORY_PLAN] =
        {
            "INSERT INTO plan_history (tenant_id, plan_id, revision, at, account_id, action, "
            "object_type, object_id, data) VALUES (?1, ?2, CASE WHEN ?3 > 0 THEN ?3 ELSE "
            "(SELECT coalesce(max(revision), 0) + 1 FROM plan_history WHERE plan_id = ?2) END, "
            "?4, ?5, ?6, ?7, ?8, ?9)",
            "SELECT h.id, h.revision, h.at, h.account_id, a.username, h.action, h.object_type, "
            "h.object_id, h.data, " AUTHOR " FROM plan_history h " AUTHOR_JOIN
            "WHERE h.tenant_id = ? AND h.plan_id = ? AND h.id > ? ORDER BY h.id LIMIT ?",
        },
    [HISTORY_CASE] =
        {
            "INSERT INTO case_history (tenant_id, case_id, revision, at, account_id, action, "
            "object_type, object_id, data) VALUES (?1, ?2, CASE WHEN ?3 > 0 THEN ?3 ELSE "
            "(SELECT coalesce(max(revision), 0) + 1 FROM case_history WHERE case_id = ?2) END, "
            "?4, ?5, ?6, ?7, ?8, ?9)",
            "SELECT h.id, h.revision, h.at, h.account_id, a.username, h.action, h.object_type, "
            "h.object_id, h.data, " AUTHOR " FROM case_history h " AUTHOR_JOIN
            "WHERE h.tenant_id = ? AND h.case_id = ? AND h.id > ? ORDER BY h.id LIMIT ?",
        },
};

int history_store_add(store *s, history_of of, int64_t tenant, int64_t owner, int64_t revision,
                      int64_t account, const char *action, const char *object_type,
                      int64_t object_id, json_t *after, json_t *before, const char *now, err *e)
{
    db_stmt *st = db_prepare(s, sql[of].insert, e);
    if (!st) return -1;
    json_t *data = json_object();
    if (after) json_object_set(data, "after", after);
    if (before) json_object_set(data, "before", before);
    char *text = json_dumps(data, JSON_COMPACT);
    json_decref(data);
    if (!text) {
        db_done(st);
        return err_set(e, ERR_INTERNAL, "out_of_memory", NULL, "out of memory");
    }
    db_bind_int(st, 1, tenant);
    db_bind_int(st, 2, owner);
    db_bind_int(st, 3, revision);
    db_bind_str(st, 4, now);
    db_bind_id(st, 5, account);
    db_bind_str(st, 6, action);
    db_bind_str(st, 7, object_type);
    db_bind_int(st, 8, object_id);
    db_bind_str(st, 9, text);
    int rc = db_step(st, e);
    db_done(st);
    free(text);
    return rc == DB_ERROR ? -1 : 0;
}

/* One entry as JSON (columns as selected in sql[].list). */
static json_t *history_row(const void *ctx, db_stmt *st)
{
    json_t *data = json_loads(db_column_text(st, 8), JSON_DECODE_ANY, NULL);
    return json_pack(
        "{s:I,s:I,s:s,s:o,s:o,s:s,s:s,s:I,s:o,s:o,s:o,s:o}", "id", (json_int_t)db_column_int(st, 0),
        "revision", (json_int_t)db_column_int(st, 1), "at", db_column_text(st, 2), "account_id",
        db_column_is_null(st, 3) ? json_null() : json_integer(db_column_int(st, 3)), "author",
        db_column_is_null(st, 4) ? json_null() : json_string(db_column_text(st, 4)), "action",
        db_column_text(st, 5), "object_type", db_column_text(st, 6), "object_id",
        (json_int_t)db_column_int(st, 7), "data", data ? data : json_null(), "author_name",
        db_column_is_null(st, 9) ? json_null() : json_string(db_column_text(st, 9)),
        "author_organisation",
        db_column_is_null(st, 10) ? json_null() : json_string(db_column_text(st, 10)),
        "author_role",
        db_column_is_null(st, 11) ? json_null() : json_string(db_column_text(st, 11)));
}

int history_store_list(store *s, history_of of, int64_t tenant, int64_t owner, int64_t after,
                       int limit, json_t **items, int64_t *next, err *e)
{
    db_stmt *st = db_prepare(s, sql[of].list, e);
    if (!st) return -1;
    db_bind_int(st, 1, tenant);
    db_bind_int(st, 2, owner);
    db_bind_int(st, 3, after);
    db_bind_int(st, 4, limit + 1);
    return rec_collect_page(st, limit, history_row, NULL, items, next, e);
}
