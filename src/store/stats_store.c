/* stats_store.c - see stats_store.h. */
#include "store/stats_store.h"

#include "store/driver.h"

static int count(store *s, const char *sql, int64_t tenant, const char *today, int64_t *n, err *e)
{
    db_stmt *st = db_prepare(s, sql, e);
    if (!st) return -1;
    db_bind_int(st, 1, tenant);
    if (today) db_bind_str(st, 2, today);
    int rc = db_step(st, e);
    *n = rc == DB_ROW ? db_column_int(st, 0) : 0;
    db_done(st);
    return rc == DB_ERROR ? -1 : 0;
}

int stats_store_plans(store *s, int64_t tenant, const char *today, json_t **out, err *e)
{
    json_t *o = json_object(), *by = json_object(), *coords = json_array();
    json_object_set_new(o, "plans_by_status", by);
    json_object_set_new(o, "coordinators", coords);
    db_stmt *st =
        db_prepare(s, "SELECT status, count(*) FROM plans WHERE tenant_id = ? GROUP BY status", e);
    if (!st) goto fail;
    db_bind_int(st, 1, tenant);
    int rc;
    while ((rc = db_step(st, e)) == DB_ROW)
        json_object_set_new(by, db_column_text(st, 0), json_integer(db_column_int(st, 1)));
    db_done(st);
    if (rc == DB_ERROR) goto fail;
    static const struct {
        const char *key, *sql;
        int dated;
    } counts[] = {
        {"open_without_coordinator",
         "SELECT count(*) FROM plans WHERE tenant_id = ? AND status <> 'closed' AND "
         "coordinator_id IS NULL",
         0},
        {"open_past_revision_date",
         "SELECT count(*) FROM plans WHERE tenant_id = ? AND status <> 'closed' AND "
         "revision_date < ?",
         1},
        {"measures_without_responsible",
         "SELECT count(*) FROM measures m JOIN plans p ON p.id = m.plan_id WHERE m.tenant_id = ? "
         "AND p.status <> 'closed' AND m.status NOT IN ('ended', 'cancelled') AND "
         "m.responsible_staff_id IS NULL AND m.responsible_organisation_id IS NULL",
         0},
        {"open_coordinator_left",
         "SELECT count(*) FROM plans p JOIN staff st ON st.id = p.coordinator_id WHERE "
         "p.tenant_id = ? AND p.status <> 'closed' AND st.active = 0",
         0},
        {"open_cases_contact_left",
         "SELECT count(*) FROM cases c JOIN staff st ON st.id = c.contact_staff_id WHERE "
         "c.tenant_id = ? AND c.status <> 'closed' AND st.active = 0",
         0},
        {"entitled_without_plan",
         "SELECT count(*) FROM persons pe WHERE pe.tenant_id = ? AND pe.entitled_to_plan = 1 AND "
         "NOT EXISTS (SELECT 1 FROM plans p WHERE p.person_id = pe.id AND p.status <> 'closed')",
         0},
    };
    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) {
        int64_t n;
        if (count(s, counts[i].sql, tenant, counts[i].dated ? today : NULL, &n, e)) goto fail;
        json_object_set_new(o, counts[i].key, json_integer(n));
    }
    st = db_prepare(s,
                    "SELECT st.id, st.given_name || ' ' || st.family_name, count(*) FROM plans p "
                    "JOIN staff st ON st.id = p.coordinator_id WHERE p.tenant_id = ? AND "
                    "p.status <> 'closed' GROUP BY st.id ORDER BY count(*) DESC, st.id",
                    e);
    if (!st) goto fail;
    db_bind_int(st, 1, tenant);
    while ((rc = db_step(st, e)) == DB_ROW)
        json_array_append_new(
            coords, json_pack("{s:I,s:s,s:I}", "staff_id", (json_int_t)db_column_int(st, 0), "name",
                              db_column_text(st, 1), "plans", (json_int_t)db_column_int(st, 2)));
    db_done(st);
    if (rc == DB_ERROR) goto fail;
    *out = o;
    return 0;
fail:
    json_decref(o);
    return -1;
}

static const char *const list_sql[] = {
    [STATS_WITHOUT_COORDINATOR] =
        "SELECT p.id, p.title, p.status, p.revision_date, p.coordinator_id, 0, p.person_id FROM "
        "plans p WHERE "
        "p.tenant_id = ? AND p.status <> 'closed' AND p.coordinator_id IS NULL "
        "ORDER BY p.id",
    [STATS_PAST_REVISION_DATE] = "SELECT p.id, p.title, p.status, p.revision_date, "
                                 "p.coordinator_id, 0, p.person_id FROM plans p WHERE "
                                 "p.tenant_id = ? AND p.status <> 'closed' AND p.revision_date < ? "
                                 "ORDER BY p.revision_date, p.id",
    [STATS_UNOWNED_MEASURES] =
        "SELECT p.id, p.title, p.status, p.revision_date, p.coordinator_id, count(*), p.person_id "
        "FROM "
        "measures m JOIN plans p ON p.id = m.plan_id WHERE m.tenant_id = ? AND p.status <> "
        "'closed' AND m.status NOT IN ('ended', 'cancelled') AND m.responsible_staff_id IS NULL "
        "AND m.responsible_organisation_id IS NULL GROUP BY p.id ORDER BY p.id",
    [STATS_COORDINATOR_LEFT] =
        "SELECT p.id, p.title, p.status, p.revision_date, p.coordinator_id, 0, p.person_id FROM "
        "plans p "
        "JOIN staff st ON st.id = p.coordinator_id WHERE p.tenant_id = ? AND p.status <> "
        "'closed' AND st.active = 0 ORDER BY p.id",
};

int stats_store_plan_list(store *s, stats_list which, int64_t tenant, const char *today,
                          json_t **items, err *e)
{
    db_stmt *st = db_prepare(s, list_sql[which], e);
    if (!st) return -1;
    db_bind_int(st, 1, tenant);
    if (which == STATS_PAST_REVISION_DATE) db_bind_str(st, 2, today);
    json_t *arr = json_array();
    int rc;
    while ((rc = db_step(st, e)) == DB_ROW) {
        json_t *o = json_pack("{s:I,s:s?,s:s,s:s?}", "id", (json_int_t)db_column_int(st, 0),
                              "title", db_column_text(st, 1), "status", db_column_text(st, 2),
                              "revision_date", db_column_text(st, 3));
        json_object_set_new(o, "coordinator_id",
                            db_column_is_null(st, 4) ? json_null()
                                                     : json_integer(db_column_int(st, 4)));
        json_object_set_new(o, "person_id", json_integer(db_column_int(st, 6)));
        if (which == STATS_UNOWNED_MEASURES)
            json_object_set_new(o, "measures_without_responsible",
                                json_integer(db_column_int(st, 5)));
        json_array_append_new(arr, o);
    }
    db_done(st);
    if (rc == DB_ERROR) {
        json_decref(arr);
        return -1;
    }
    *items = arr;
    return 0;
}

int stats_store_cases_contact_left(store *s, int64_t tenant, json_t **items, err *e)
{
    db_stmt *st = db_prepare(s,
                             "SELECT c.id, c.title, c.status, c.urgency, c.contact_staff_id, "
                             "c.person_id FROM "
                             "cases c JOIN staff st ON st.id = c.contact_staff_id WHERE "
                             "c.tenant_id = ? AND c.status <> 'closed' AND st.active = 0 "
                             "ORDER BY c.id",
                             e);
    if (!st) return -1;
    db_bind_int(st, 1, tenant);
    json_t *arr = json_array();
    int rc;
    while ((rc = db_step(st, e)) == DB_ROW)
        json_array_append_new(
            arr,
            json_pack("{s:I,s:s?,s:s,s:s,s:I,s:o}", "id", (json_int_t)db_column_int(st, 0), "title",
                      db_column_text(st, 1), "status", db_column_text(st, 2), "urgency",
                      db_column_text(st, 3), "contact_staff_id", (json_int_t)db_column_int(st, 4),
                      "person_id",
                      db_column_is_null(st, 5) ? json_null() : json_integer(db_column_int(st, 5))));
    db_done(st);
    if (rc == DB_ERROR) {
        json_decref(arr);
        return -1;
    }
    *items = arr;
    return 0;
}

int stats_store_coordinator_candidates(store *s, int64_t tenant, const char *today, json_t **items,
                                       err *e)
{
    /* a membership in force of a unit of the municipality's own (as
     * approval_store_municipal) */
#define OWN_UNIT                                                                                   \
    "m.pending = 0 AND o.active = 1 AND o.kind <> 'external_agency' AND (m.valid_from IS NULL OR " \
    "m.valid_from <= ?2) AND (m.valid_to IS NULL OR m.valid_to >= ?2)"
    db_stmt *st = db_prepare(
        s,
        "SELECT st.id, st.given_name || ' ' || st.family_name AS name, (SELECT "
        "group_concat(o.name, "
        "', ') FROM memberships m JOIN organisations o ON o.id = m.organisation_id WHERE "
        "m.staff_id = st.id AND " OWN_UNIT "), (SELECT count(*) FROM plans p WHERE p.tenant_id = "
        "?1 AND p.coordinator_id = st.id AND p.status <> 'closed'), (SELECT count(*) FROM cases c "
        "WHERE c.tenant_id = ?1 AND c.contact_staff_id = st.id AND c.status <> 'closed') FROM "
        "staff st WHERE st.tenant_id = ?1 AND st.active = 1 AND EXISTS (SELECT 1 FROM memberships "
        "m JOIN organisations o ON o.id = m.organisation_id WHERE m.staff_id = st.id AND " OWN_UNIT
        ") ORDER BY name, st.id",
        e);
#undef OWN_UNIT
    if (!st) return -1;
    db_bind_int(st, 1, tenant);
    db_bind_str(st, 2, today);
    json_t *arr = json_array();
    int rc;
    while ((rc = db_step(st, e)) == DB_ROW)
        json_array_append_new(arr, json_pack("{s:I,s:s,s:s?,s:I,s:I}", "staff_id",
                                             (json_int_t)db_column_int(st, 0), "name",
                                             db_column_text(st, 1), "units", db_column_text(st, 2),
                                             "open_plans", (json_int_t)db_column_int(st, 3),
                                             "open_cases", (json_int_t)db_column_int(st, 4)));
    db_done(st);
    if (rc == DB_ERROR) {
        json_decref(arr);
        return -1;
    }
    *items = arr;
    return 0;
}
