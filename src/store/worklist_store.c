/* worklist_store.c - see worklist_store.h. */
#include "store/worklist_store.h"

#include <string.h>

#include "store/driver.h"

/* My plans (see the header); its parameters bind as "TSSDD" (below). */
#define MY_PLANS                                                                                   \
    "SELECT p.id FROM plans p WHERE p.tenant_id = ? AND p.status <> 'closed' AND "                 \
    "(p.coordinator_id = ? OR EXISTS (SELECT 1 FROM participants pa WHERE pa.plan_id = p.id "      \
    "AND pa.staff_id = ? AND pa.joined_on <= ? AND (pa.left_on IS NULL OR pa.left_on > ?)))"

static const struct {
    const char *sql;
    const char *binds;   /* one letter per `?`, in order: T tenant, S staff, D today, H horizon */
    const char *columns; /* name:type pairs, type i (integer) or s (text) */
} queries[] = {
    [WL_CASES] = {"SELECT c.id, c.person_id, pe.given_name || ' ' || pe.family_name, c.title, "
                  "c.status, c.urgency, c.intake_date FROM cases c LEFT JOIN persons pe ON pe.id "
                  "= c.person_id WHERE c.tenant_id = ? AND c.contact_staff_id = ? AND c.status <> "
                  "'closed' ORDER BY c.id",
                  "TS", "id:i person_id:i person_name:s title:s status:s urgency:s intake_date:s"},
    [WL_PLANS] =
        {"SELECT p.id, p.person_id, pe.given_name || ' ' || pe.family_name, pe.birth_date, "
         "p.title, p.status, p.revision_date, p.coordinator_id, "
         "CASE WHEN p.coordinator_id = ? THEN 'coordinator' ELSE 'participant' END "
         "FROM plans p JOIN persons pe ON pe.id = p.person_id WHERE p.id IN (" MY_PLANS ") "
         "ORDER BY p.id",
         "STSSDD",
         "id:i person_id:i person_name:s person_birth_date:s title:s status:s revision_date:s "
         "coordinator_id:i relation:s"},
    [WL_MEASURES] = {"SELECT m.id, m.plan_id, p.person_id, pe.given_name || ' ' || "
                     "pe.family_name, m.description, m.status, m.start_date, m.end_date, "
                     "m.deadline, m.evaluation_date FROM measures m JOIN plans p ON p.id = "
                     "m.plan_id JOIN persons pe ON pe.id = p.person_id WHERE m.tenant_id = ? AND "
                     "m.responsible_staff_id = ? AND m.status NOT IN ('ended', 'cancelled') AND "
                     "p.status <> 'closed' ORDER BY m.plan_id, m.id",
                     "TS",
                     "id:i plan_id:i person_id:i person_name:s description:s status:s "
                     "start_date:s end_date:s deadline:s evaluation_date:s"},
    [WL_GOAL_DATES] =
        {"SELECT g.id, g.plan_id, g.evaluation_date, g.text FROM goals g WHERE g.tenant_id = "
         "? AND g.status = 'active' AND g.evaluation_date <= ? AND g.plan_id IN "
         "(" MY_PLANS ") ORDER BY g.evaluation_date, g.id",
         "THTSSDD", "id:i plan_id:i date:s text:s"},
    [WL_MEASURE_DATES] =
        {"SELECT m.id, m.plan_id, m.evaluation_date, m.deadline, m.description FROM "
         "measures m "
         "WHERE m.tenant_id = ? AND m.status NOT IN ('ended', 'cancelled') AND "
         "(m.evaluation_date <= ? OR m.deadline <= ?) AND m.plan_id IN "
         "(" MY_PLANS ") ORDER BY m.plan_id, m.id",
         "THHTSSDD", "id:i plan_id:i evaluation_date:s deadline:s text:s"},
    [WL_CONSENTS] = {"SELECT c.id, c.plan_id, c.valid_to FROM consents c WHERE c.tenant_id = ? AND "
                     "c.withdrawn_at IS NULL AND c.replaced_by IS NULL AND c.valid_from <= ? AND "
                     "c.valid_to >= ? AND "
                     "c.valid_to <= ? AND c.plan_id IN (" MY_PLANS ") ORDER BY c.valid_to, c.id",
                     "TDDHTSSDD", "id:i plan_id:i valid_to:s"},
    [WL_COORDINATOR_LEFT] = {"SELECT p.id, p.person_id, pe.given_name || ' ' || pe.family_name, "
                             "p.title, p.status, p.coordinator_id FROM plans p JOIN persons pe "
                             "ON pe.id = p.person_id JOIN staff st ON st.id = p.coordinator_id "
                             "WHERE p.tenant_id = ? AND p.status <> 'closed' AND st.active = 0 "
                             "ORDER BY p.id",
                             "T",
                             "id:i person_id:i person_name:s title:s status:s coordinator_id:i"},
    [WL_CONTACT_LEFT] = {"SELECT c.id, c.person_id, pe.given_name || ' ' || pe.family_name, "
                         "c.title, c.status, c.urgency, c.contact_staff_id FROM cases c JOIN "
                         "staff st ON st.id = c.contact_staff_id LEFT JOIN persons pe ON pe.id = "
                         "c.person_id WHERE c.tenant_id = ? AND c.status <> 'closed' AND "
                         "st.active = 0 ORDER BY c.id",
                         "T",
                         "id:i person_id:i person_name:s title:s status:s urgency:s "
                         "contact_staff_id:i"},
    [WL_HANDOVERS] =
        {"SELECT pc.plan_id, 'appointed', pc.from_at, prev.staff_id, pc.reason, "
         "pl.title, pl.person_id, pe.given_name || ' ' || pe.family_name FROM plan_coordinators "
         "pc JOIN plans pl ON pl.id = pc.plan_id JOIN persons pe ON pe.id = pl.person_id "
         "LEFT JOIN plan_coordinators prev ON prev.plan_id = pc.plan_id AND "
         "prev.to_at = pc.from_at AND prev.id <> pc.id WHERE pc.tenant_id = ? AND pc.staff_id = ? "
         "AND "
         "pc.from_at >= ? UNION ALL SELECT pc.plan_id, 'handed_over', pc.to_at, "
         "nxt.staff_id, nxt.reason, pl.title, pl.person_id, pe.given_name || ' ' || "
         "pe.family_name FROM plan_coordinators pc JOIN plans pl ON pl.id = pc.plan_id JOIN "
         "persons pe ON pe.id = pl.person_id LEFT JOIN plan_coordinators nxt ON nxt.plan_id = "
         "pc.plan_id AND nxt.from_at = pc.to_at AND nxt.id <> pc.id WHERE pc.tenant_id = ? AND "
         "pc.staff_id = ? AND pc.to_at >= ? ORDER BY 3 DESC, 1, 2",
         "TSHTSH",
         "plan_id:i change:s at:s other_staff_id:i reason:s title:s person_id:i person_name:s"},
};

/* One row as an object named by `columns` ("a:i b:s"); NULL columns are null. */
static json_t *row_object(db_stmt *st, const char *columns)
{
    json_t *o = json_object();
    char name[64];
    int col = 0;
    for (const char *p = columns; *p; col++) {
        const char *colon = strchr(p, ':');
        size_t n = (size_t)(colon - p);
        memcpy(name, p, n);
        name[n] = '\0';
        char type = colon[1];
        p = colon + 2;
        while (*p == ' ') p++;
        if (db_column_is_null(st, col))
            json_object_set_new(o, name, json_null());
        else if (type == 'i')
            json_object_set_new(o, name, json_integer(db_column_int(st, col)));
        else
            json_object_set_new(o, name,
                                json_stringn(db_column_text(st, col), db_column_bytes(st, col)));
    }
    return o;
}

int worklist_store_rows(store *s, worklist_query q, int64_t tenant, int64_t staff_id,
                        const char *today, const char *horizon, json_t **rows, err *e)
{
    db_stmt *st = db_prepare(s, queries[q].sql, e);
    if (!st) return -1;
    int k = 1;
    for (const char *b = queries[q].binds; *b; b++, k++) {
        if (*b == 'T')
            db_bind_int(st, k, tenant);
        else if (*b == 'S')
            db_bind_int(st, k, staff_id);
        else
            db_bind_str(st, k, *b == 'D' ? today : horizon);
    }
    json_t *arr = json_array();
    int rc;
    while ((rc = db_step(st, e)) == DB_ROW)
        json_array_append_new(arr, row_object(st, queries[q].columns));
    db_done(st);
    if (rc == DB_ERROR) {
        json_decref(arr);
        return -1;
    }
    *rows = arr;
    return 0;
}
