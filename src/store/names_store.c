/* names_store.c - see names_store.h. */
#include "store/names_store.h"

#include <stdio.h>

#include "store/driver.h"
#include "util/timeutil.h"

int names_store_rows(db_stmt *st, json_t *map, int with_unit, err *e)
{
    int rc;
    char key[24];
    while ((rc = db_step(st, e)) == DB_ROW) {
        snprintf(key, sizeof key, "%lld", (long long)db_column_int(st, 0));
        json_t *name = json_string(db_column_text(st, 1));
        if (!with_unit) {
            json_object_set_new(map, key, name);
            continue;
        }
        json_t *o = json_object();
        json_object_set_new(o, "name", name);
        json_object_set_new(o, "organisation_id",
                            db_column_is_null(st, 2) ? json_null()
                                                     : json_integer(db_column_int(st, 2)));
        json_object_set_new(o, "organisation_name",
                            db_column_is_null(st, 3) ? json_null()
                                                     : json_string(db_column_text(st, 3)));
        json_object_set_new(map, key, o);
    }
    db_done(st);
    return rc == DB_ERROR ? -1 : 0;
}

int names_store_of(store *s, names_kind kind, int64_t tenant, const char *ids_json, json_t **out,
                   err *e)
{
    static const char *const sql[] = {
        [NAMES_STAFF] =
            "SELECT id, given_name || ' ' || family_name FROM staff "
            "WHERE tenant_id = ? AND id IN (SELECT CAST(value AS BIGINT) FROM json_each(?))",
        [NAMES_ORGANISATIONS] =
            "SELECT id, name FROM organisations "
            "WHERE tenant_id = ? AND id IN (SELECT CAST(value AS BIGINT) FROM json_each(?))",
        [NAMES_STAFF_UNITS] =
            "SELECT s.id, s.given_name || ' ' || s.family_name, o.id, o.name FROM staff s "
            "LEFT JOIN organisations o ON o.id = (SELECT m.organisation_id FROM memberships m "
            "WHERE m.staff_id = s.id AND (m.valid_from IS NULL OR m.valid_from <= ?3) AND "
            "(m.valid_to IS NULL OR m.valid_to >= ?3) ORDER BY m.position_percent DESC, m.id "
            "LIMIT 1) WHERE s.tenant_id = ?1 AND s.id IN (SELECT CAST(value AS BIGINT) FROM "
            "json_each(?2))",
        /* led by the ids (CROSS JOIN keeps that order): with "id IN (...)"
         * SQLite may walk every person of the tenant instead */
        [NAMES_PERSONS] =
            "SELECT p.id, p.given_name || ' ' || p.family_name FROM json_each(?2) j "
            "CROSS JOIN persons p WHERE p.id = CAST(j.value AS BIGINT) AND p.tenant_id = ?1",
        [NAMES_BIRTH_DATES] =
            "SELECT p.id, p.birth_date FROM json_each(?2) j "
            "CROSS JOIN persons p WHERE p.id = CAST(j.value AS BIGINT) AND p.tenant_id = ?1",
    };
    *out = json_object();
    db_stmt *st = db_prepare(s, sql[kind], e);
    if (!st) return -1;
    db_bind_int(st, 1, tenant);
    db_bind_str(st, 2, ids_json);
    char today[11];
    if (kind == NAMES_STAFF_UNITS) {
        time_today(today);
        db_bind_str(st, 3, today);
    }
    return names_store_rows(st, *out, kind == NAMES_STAFF_UNITS, e);
}
