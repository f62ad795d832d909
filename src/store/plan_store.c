/* plan_store.c - see plan_store.h. */
#include "store/plan_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/driver.h"
#include "store/history_store.h"
#include "store/names_store.h"
#include "store/record.h"

/* Runs a statement expected to return one integer; -1 on error. */
static int one_int(db_stmt *st, int64_t *out, err *e)
{
    int rc = db_step(st, e);
    if (rc == DB_ROW) *out = db_column_int(st, 0);
    db_done(st);
    return rc == DB_ERROR ? -1 : rc == DB_ROW;
}

int plan_store_stamp(store *s, int64_t tenant, int64_t plan_id, int64_t *revision, int64_t *version,
                     int64_t *names, err *e)
{
    db_stmt *st = db_prepare(s,
                             "SELECT revision, version, (SELECT n FROM name_epoch WHERE id = 1) "
                             "FROM plans WHERE tenant_id = ? AND id = ?",
                             e);
    if (!st) return -1;
    db_bind_int(st, 1, tenant);
    db_bind_int(st, 2, plan_id);
    int rc = db_step(st, e);
    if (rc == DB_ROW) {
        *revision = db_column_int(st, 0);
        *version = db_column_int(st, 1);
        *names = db_column_int(st, 2);
    }
    db_done(st);
    return rc == DB_ERROR ? -1 : rc == DB_ROW;
}

int plan_store_owner(store *s, int64_t tenant, int64_t plan_id, int64_t *person_id, err *e)
{
    db_stmt *st = db_prepare(s, "SELECT person_id FROM plans WHERE tenant_id = ? AND id = ?", e);
    if (!st) return -1;
    db_bind_int(st, 1, tenant);
    db_bind_int(st, 2, plan_id);
    return one_int(st, person_id, e);
}

int plan_store_open_plan_of(store *s, int64_t tenant, int64_t person_id, int64_t except,
                            int64_t *found, err *e)
{
    db_stmt *st = db_prepare(s,
                             "SELECT id FROM plans WHERE tenant_id = ? AND person_id = ? AND "
                             "status <> 'closed' AND id <> ? LIMIT 1",
                             e);
    if (!st) return -1;
    db_bind_int(st, 1, tenant);
    db_bind_int(st, 2, person_id);
    db_bind_int(st, 3, except);
    return one_int(st, found, e);
}

/* Counts a plan's rows: sql takes ?1 the tenant, ?2 the plan and, when today
 * is given, ?3 the day. Answers the count, or -1 on error. */
static int plan_count(store *s, const char *sql, int64_t tenant, int64_t plan_id, const char *today,
                      err *e)
{
    db_stmt *st = db_prepare(s, sql, e);
    if (!st) return -1;
    db_bind_int(st, 1, tenant);
    db_bind_int(st, 2, plan_id);
    if (today) db_bind_str(st, 3, today);
    int64_t n = 0;
    return one_int(st, &n, e) < 0 ? -1 : (int)n;
}

int plan_store_valid_consents(store *s, int64_t tenant, int64_t plan_id, const char *today, err *e)
{
    return plan_count(s,
                      "SELECT count(*) FROM consents WHERE tenant_id = ?1 AND plan_id = ?2 "
                      "AND withdrawn_at IS NULL AND valid_from <= ?3 AND valid_to >= ?3",
                      tenant, plan_id, today, e);
}

int plan_store_set_coordinator(store *s, int64_t tenant, int64_t plan_id, int64_t staff_id,
                               int64_t account, const char *reason, const char *now,
                               int64_t *row_id, err *e)
{
    db_stmt *st = db_prepare(s,
                             "UPDATE plan_coordinators SET to_at = ?, updated_at = ?, version = "
                             "version + 1 WHERE tenant_id = ? AND plan_id = ? AND to_at IS NULL",
                             e);
    if (!st) return -1;
    db_bind_str(st, 1, now);
    db_bind_str(st, 2, now);
    db_bind_int(st, 3, tenant);
    db_bind_int(st, 4, plan_id);
    int rc = db_step(st, e);
    db_done(st);
    if (rc == DB_ERROR) return -1;
    st = db_prepare(s,
                    "INSERT INTO plan_coordinators (tenant_id, plan_id, staff_id, from_at, "
                    "assigned_by, reason, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                    "RETURNING id",
                    e);
    if (!st) return -1;
    db_bind_int(st, 1, tenant);
    db_bind_int(st, 2, plan_id);
    db_bind_int(st, 3, staff_id);
    db_bind_str(st, 4, now);
    db_bind_id(st, 5, account);
    db_bind_str(st, 6, reason);
    db_bind_str(st, 7, now);
    db_bind_str(st, 8, now);
    if (one_int(st, row_id, e) <= 0) return -1;
    st = db_prepare(s,
                    "UPDATE plans SET coordinator_id = ?, version = version + 1, updated_at = ? "
                    "WHERE tenant_id = ? AND id = ?",
                    e);
    if (!st) return -1;
    db_bind_int(st, 1, staff_id);
    db_bind_str(st, 2, now);
    db_bind_int(st, 3, tenant);
    db_bind_int(st, 4, plan_id);
    rc = db_step(st, e);
    db_done(st);
    return rc == DB_ERROR ? -1 : 0;
}

int plan_store_history_add(store *s, int64_t tenant, int64_t plan_id, int64_t account,
                           const char *action, const char *object_type, int64_t object_id,
                           json_t *after, json_t *before, const char *now, err *e)
{
    db_stmt *st = db_prepare(s,
                             "UPDATE plans SET revision = revision + 1, updated_at = ? WHERE "
                             "tenant_id = ? AND id = ? RETURNING revision",
                             e);
    if (!st) return -1;
    db_bind_str(st, 1, now);
    db_bind_int(st, 2, tenant);
    db_bind_int(st, 3, plan_id);
    int64_t revision = 0;
    if (one_int(st, &revision, e) <= 0) return -1;
    return history_store_add(s, HISTORY_PLAN, tenant, plan_id, revision, account, action,
                             object_type, object_id, after, before, now, e);
}

int plan_store_history(store *s, int64_t tenant, int64_t plan_id, int64_t after, int limit,
                       json_t **items, int64_t *next, err *e)
{
    return history_store_list(s, HISTORY_PLAN, tenant, plan_id, after, limit, items, next, e);
}

int plan_store_set_status(store *s, int64_t tenant, int64_t plan_id, const char *status,
                          const char *activated_at, const char *closed_at, const char *reason,
                          const char *now, err *e)
{
    db_stmt *st = db_prepare(
        s,
        "UPDATE plans SET status = ?, activated_at = coalesce(?, activated_at), closed_at = ?, "
        "close_reason = ?, version = version + 1, updated_at = ? WHERE tenant_id = ? AND id = ?",
        e);
    if (!st) return -1;
    db_bind_str(st, 1, status);
    db_bind_str(st, 2, activated_at);
    db_bind_str(st, 3, closed_at);
    db_bind_str(st, 4, reason);
    db_bind_str(st, 5, now);
    db_bind_int(st, 6, tenant);
    db_bind_int(st, 7, plan_id);
    int rc = db_step(st, e);
    db_done(st);
    return rc == DB_ERROR ? -1 : 0;
}

int plan_store_in_coordinating_unit(store *s, int64_t tenant, int64_t staff_id, const char *today,
                                    err *e)
{
    db_stmt *st = db_prepare(
        s,
        "SELECT count(*) FROM memberships m JOIN organisations o ON o.id = m.organisation_id "
        "WHERE m.tenant_id = ? AND m.staff_id = ? AND o.kind = 'coordinating_unit' AND "
        "(m.valid_from IS NULL OR m.valid_from <= ?) AND (m.valid_to IS NULL OR m.valid_to >= ?)",
        e);
    if (!st) return -1;
    db_bind_int(st, 1, tenant);
    db_bind_int(st, 2, staff_id);
    db_bind_str(st, 3, today);
    db_bind_str(st, 4, today);
    int64_t n = 0;
    return one_int(st, &n, e) < 0 ? -1 : n > 0;
}

int plan_store_main_unit(store *s, int64_t tenant, int64_t staff_id, const char *today,
                         int64_t *organisation_id, err *e)
{
    db_stmt *st = db_prepare(s,
                             "SELECT organisation_id FROM memberships WHERE tenant_id = ? AND "
                             "staff_id = ? AND (valid_from IS NULL OR valid_from <= ?) AND "
                             "(valid_to IS NULL OR valid_to >= ?) ORDER BY position_percent DESC, "
                             "id LIMIT 1",
                             e);
    if (!st) return -1;
    db_bind_int(st, 1, tenant);
    db_bind_int(st, 2, staff_id);
    db_bind_str(st, 3, today);
    db_bind_str(st, 4, today);
    return one_int(st, organisation_id, e);
}

int plan_store_count_refs(store *s, const char *table, const char *column, int64_t id, err *e)
{
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s WHERE %s = ?", table, column);
    db_stmt *st = db_prepare(s, sql, e);
    if (!st) return -1;
    db_bind_int(st, 1, id);
    int64_t n = 0;
    return one_int(st, &n, e) < 0 ? -1 : (int)n;
}

int plan_store_active_participant(store *s, int64_t tenant, int64_t plan_id, int64_t staff_id,
                                  int64_t *found, err *e)
{
    db_stmt *st = db_prepare(s,
                             "SELECT id FROM participants WHERE tenant_id = ? AND plan_id = ? AND "
                             "staff_id = ? AND left_on IS NULL LIMIT 1",
                             e);
    if (!st) return -1;
    db_bind_int(st, 1, tenant);
    db_bind_int(st, 2, plan_id);
    db_bind_int(st, 3, staff_id);
    return one_int(st, found, e);
}

int plan_store_names(store *s, int64_t tenant, int64_t plan_id, const char *today, json_t **out,
                     err *e)
{
    json_t *staff = json_object(), *orgs = json_object(), *persons = json_object(),
           *owner = json_object();
    *out = json_pack("{s:o,s:o,s:o,s:o}", "staff", staff, "organisations", orgs, "persons", persons,
                     "owner", owner);
    db_stmt *st = db_prepare(
        s,
        "SELECT s.id, s.given_name || ' ' || s.family_name, o.id, o.name FROM staff s "
        "LEFT JOIN organisations o ON o.id = (SELECT m.organisation_id FROM memberships m "
        "WHERE m.staff_id = s.id AND (m.valid_from IS NULL OR m.valid_from <= ?) AND "
        "(m.valid_to IS NULL OR m.valid_to >= ?) ORDER BY m.position_percent DESC, m.id LIMIT 1) "
        "WHERE s.tenant_id = ? AND s.id IN (SELECT staff_id FROM participants WHERE plan_id = ? "
        "UNION SELECT staff_id FROM plan_coordinators WHERE plan_id = ? "
        "UNION SELECT responsible_staff_id FROM measures WHERE plan_id = ? "
        "UNION SELECT author_staff_id FROM messages WHERE plan_id = ? "
        "UNION SELECT author_staff_id FROM goals WHERE plan_id = ? "
        "UNION SELECT CAST(json_extract(g.value, '$.staff_id') AS BIGINT) FROM consents c, "
        "json_each(c.grants) g "
        "WHERE c.plan_id = ?)",
        e);
    if (!st) return -1;
    db_bind_str(st, 1, today);
    db_bind_str(st, 2, today);
    db_bind_int(st, 3, tenant);
    for (int i = 4; i <= 9; i++) db_bind_int(st, i, plan_id);
    if (names_store_rows(st, staff, 1, e)) return -1;
    st = db_prepare(
        s,
        "SELECT id, name FROM organisations WHERE tenant_id = ? AND id IN "
        "(SELECT organisation_id FROM participants WHERE plan_id = ? "
        "UNION SELECT responsible_organisation_id FROM measures WHERE plan_id = ? "
        "UNION SELECT deciding_organisation_id FROM measures WHERE plan_id = ? "
        "UNION SELECT organisation_id FROM linked_plans WHERE plan_id = ? "
        "UNION SELECT CAST(json_extract(g.value, '$.organisation_id') AS BIGINT) FROM consents c, "
        "json_each(c.grants) g WHERE c.plan_id = ?)",
        e);
    if (!st) return -1;
    db_bind_int(st, 1, tenant);
    for (int i = 2; i <= 6; i++) db_bind_int(st, i, plan_id);
    if (names_store_rows(st, orgs, 0, e)) return -1;
    /* driven from the plan's messages and goals (CROSS JOIN keeps that
     * order): with "id IN (...)" SQLite may walk every person of the tenant
     * instead */
    st = db_prepare(s,
                    "SELECT DISTINCT p.id, p.given_name || ' ' || p.family_name FROM "
                    "(SELECT author_person_id AS pid FROM messages WHERE plan_id = ?1 "
                    "UNION SELECT author_person_id FROM goals WHERE plan_id = ?1) w "
                    "CROSS JOIN persons p WHERE p.id = w.pid AND p.tenant_id = ?2",
                    e);
    if (!st) return -1;
    db_bind_int(st, 1, plan_id);
    db_bind_int(st, 2, tenant);
    if (names_store_rows(st, persons, 0, e)) return -1;
    st = db_prepare(s,
                    "SELECT p.id, p.given_name || ' ' || p.family_name FROM plans pl "
                    "JOIN persons p ON p.id = pl.person_id WHERE pl.id = ? AND p.tenant_id = ?",
                    e);
    if (!st) return -1;
    db_bind_int(st, 1, plan_id);
    db_bind_int(st, 2, tenant);
    return names_store_rows(st, owner, 0, e);
}

int plan_store_open_requests(store *s, int64_t tenant, int64_t plan_id, err *e)
{
    return plan_count(s,
                      "SELECT count(*) FROM messages WHERE tenant_id = ?1 AND plan_id = ?2 "
                      "AND kind <> 'comment' AND handled_at IS NULL",
                      tenant, plan_id, NULL, e);
}
