/* access_store.c - see access_store.h. */
#include "store/access_store.h"

#include <stdio.h>
#include <string.h>

#include "store/driver.h"

int access_store_units(store *s, actor *a, const char *today, err *e)
{
    a->nunits = 0;
    a->unit_roles = 0;
    if (!a->staff_id) return 0;
    /* Ordered here, not by SQL: ORDER BY would sort in a temporary b-tree on
     * every request, for the few memberships a person has. */
    db_stmt *st =
        db_prepare(s,
                   "SELECT m.organisation_id, m.position_percent, o.kind, m.leader, m.id, "
                   "o.receives_requests "
                   "FROM memberships m JOIN organisations o ON o.id = m.organisation_id "
                   "WHERE m.tenant_id = ? AND m.staff_id = ? AND o.active = 1 AND m.pending = 0 "
                   "AND (m.valid_from IS NULL OR m.valid_from <= ?) "
                   "AND (m.valid_to IS NULL OR m.valid_to >= ?)",
                   e);
    if (!st) return -1;
    db_bind_int(st, 1, a->tenant_id);
    db_bind_int(st, 2, a->staff_id);
    db_bind_str(st, 3, today);
    db_bind_str(st, 4, today);
    int64_t ids[ACTOR_MAX_UNITS];
    int rc;
    while ((rc = db_step(st, e)) == DB_ROW) {
        actor_unit u = {.organisation_id = db_column_int(st, 0),
                        .percent = (int)db_column_int(st, 1)};
        int64_t id = db_column_int(st, 4);
        const char *kind = db_column_text(st, 2);
        u.roles = !strcmp(kind, "coordinating_unit") ? UNIT_COORDINATING
                  : !strcmp(kind, "external_agency") ? UNIT_EXTERNAL
                                                     : UNIT_STAFF;
        if (db_column_int(st, 3)) u.roles |= UNIT_LEADER;
        if (db_column_int(st, 5) && !(u.roles & UNIT_EXTERNAL)) u.roles |= UNIT_INTAKE;
        /* keep the ACTOR_MAX_UNITS largest positions, largest first, then
         * the oldest membership */
        int at = a->nunits;
        while (at > 0 && (a->units[at - 1].percent < u.percent ||
                          (a->units[at - 1].percent == u.percent && ids[at - 1] > id)))
            at--;
        if (at >= ACTOR_MAX_UNITS) continue;
        int last = a->nunits < ACTOR_MAX_UNITS ? a->nunits : ACTOR_MAX_UNITS - 1;
        memmove(&a->units[at + 1], &a->units[at], (size_t)(last - at) * sizeof a->units[0]);
        memmove(&ids[at + 1], &ids[at], (size_t)(last - at) * sizeof ids[0]);
        a->units[at] = u;
        ids[at] = id;
        if (a->nunits < ACTOR_MAX_UNITS) a->nunits++;
    }
    db_done(st);
    for (int i = 0; i < a->nunits; i++) a->unit_roles |= a->units[i].roles;
    return rc == DB_ERROR ? -1 : 0;
}

int access_store_represented(store *s, actor *a, const char *today, err *e)
{
    a->nrepresented = 0;
    db_stmt *st =
        db_prepare(s,
                   "SELECT person_id, scope FROM representatives WHERE tenant_id = ? "
                   "AND account_id = ? AND pending = 0 AND (valid_from IS NULL OR valid_from <= ?) "
                   "AND (valid_to IS NULL OR valid_to >= ?) ORDER BY id LIMIT ?",
                   e);
    if (!st) return -1;
    db_bind_int(st, 1, a->tenant_id);
    db_bind_int(st, 2, a->account_id);
    db_bind_str(st, 3, today);
    db_bind_str(st, 4, today);
    db_bind_int(st, 5, ACTOR_MAX_REPR);
    int rc;
    while ((rc = db_step(st, e)) == DB_ROW) {
        a->represented[a->nrepresented] = db_column_int(st, 0);
        a->represent_act[a->nrepresented] = strcmp(db_column_text(st, 1), "act") == 0;
        a->nrepresented++;
    }
    db_done(st);
    return rc == DB_ERROR ? -1 : 0;
}

int access_store_plan(store *s, int64_t tenant, int64_t plan_id, access_plan *p, err *e)
{
    db_stmt *st = db_prepare(s,
                             "SELECT person_id, coordinator_id, revision, version, "
                             "(SELECT n FROM name_epoch WHERE id = 1) FROM plans "
                             "WHERE tenant_id = ? AND id = ?",
                             e);
    if (!st) return -1;
    db_bind_int(st, 1, tenant);
    db_bind_int(st, 2, plan_id);
    int rc = db_step(st, e);
    if (rc == DB_ROW) {
        p->person_id = db_column_int(st, 0);
        p->coordinator_id = db_column_int(st, 1);
        p->revision = db_column_int(st, 2);
        p->version = db_column_int(st, 3);
        p->names = db_column_int(st, 4);
    }
    db_done(st);
    return rc == DB_ERROR ? -1 : rc == DB_ROW;
}

int access_store_participant(store *s, int64_t tenant, int64_t plan_id, int64_t staff_id,
                             const char *today, int64_t *organisation_id, err *e)
{
    db_stmt *st = db_prepare(s,
                             "SELECT organisation_id FROM participants WHERE plan_id = ? AND "
                             "tenant_id = ? AND staff_id = ? AND joined_on <= ? AND "
                             "(left_on IS NULL OR left_on > ?) ORDER BY id DESC LIMIT 1",
                             e);
    if (!st) return -1;
    db_bind_int(st, 1, plan_id);
    db_bind_int(st, 2, tenant);
    db_bind_int(st, 3, staff_id);
    db_bind_str(st, 4, today);
    db_bind_str(st, 5, today);
    int rc = db_step(st, e);
    if (rc == DB_ROW) *organisation_id = db_column_int(st, 0);
    db_done(st);
    return rc == DB_ERROR ? -1 : rc == DB_ROW;
}

int access_store_consent_grants(store *s, int64_t tenant, int64_t plan_id, const char *today,
                                void (*fn)(void *ctx, const char *grants), void *ctx, err *e)
{
    db_stmt *st = db_prepare(s,
                             "SELECT grants FROM consents WHERE plan_id = ? AND tenant_id = ? "
                             "AND withdrawn_at IS NULL AND valid_from <= ? AND valid_to >= ?",
                             e);
    if (!st) return -1;
    db_bind_int(st, 1, plan_id);
    db_bind_int(st, 2, tenant);
    db_bind_str(st, 3, today);
    db_bind_str(st, 4, today);
    int rc;
    while ((rc = db_step(st, e)) == DB_ROW) fn(ctx, db_column_text(st, 0));
    db_done(st);
    return rc == DB_ERROR ? -1 : 0;
}

int access_store_person_consent_grants(store *s, int64_t tenant, int64_t person_id,
                                       int64_t staff_id, const char *today,
                                       void (*fn)(void *ctx, const char *grants), void *ctx, err *e)
{
    db_stmt *st = db_prepare(
        s,
        "SELECT c.grants FROM consents c JOIN plans p ON p.id = c.plan_id "
        "WHERE p.person_id = ? AND p.tenant_id = ? AND p.status <> 'closed' "
        "AND c.withdrawn_at IS NULL AND c.valid_from <= ? AND c.valid_to >= ? AND EXISTS "
        "(SELECT 1 FROM participants pa WHERE pa.plan_id = p.id AND pa.staff_id = ? AND "
        "pa.joined_on <= ? AND (pa.left_on IS NULL OR pa.left_on > ?))",
        e);
    if (!st) return -1;
    db_bind_int(st, 1, person_id);
    db_bind_int(st, 2, tenant);
    db_bind_str(st, 3, today);
    db_bind_str(st, 4, today);
    db_bind_int(st, 5, staff_id);
    db_bind_str(st, 6, today);
    db_bind_str(st, 7, today);
    int rc;
    while ((rc = db_step(st, e)) == DB_ROW) fn(ctx, db_column_text(st, 0));
    db_done(st);
    return rc == DB_ERROR ? -1 : 0;
}

int access_store_emergency(store *s, int64_t tenant, int64_t plan_id, int64_t staff_id,
                           const char *now, char *reason, size_t size, err *e)
{
    db_stmt *st = db_prepare(s,
                             "SELECT reason FROM emergency_access WHERE plan_id = ? AND "
                             "tenant_id = ? AND staff_id = ? AND expires_at > ? "
                             "ORDER BY id DESC LIMIT 1",
                             e);
    if (!st) return -1;
    db_bind_int(st, 1, plan_id);
    db_bind_int(st, 2, tenant);
    db_bind_int(st, 3, staff_id);
    db_bind_str(st, 4, now);
    int rc = db_step(st, e);
    if (rc == DB_ROW) snprintf(reason, size, "%s", db_column_text(st, 0));
    db_done(st);
    return rc == DB_ERROR ? -1 : rc == DB_ROW;
}

int access_store_contact_of_person(store *s, int64_t tenant, int64_t person_id, int64_t staff_id,
                                   err *e)
{
    db_stmt *st = db_prepare(s,
                             "SELECT 1 FROM cases WHERE person_id = ? AND tenant_id = ? AND "
                             "contact_staff_id = ? AND status <> 'closed' LIMIT 1",
                             e);
    if (!st) return -1;
    db_bind_int(st, 1, person_id);
    db_bind_int(st, 2, tenant);
    db_bind_int(st, 3, staff_id);
    int rc = db_step(st, e);
    db_done(st);
    return rc == DB_ERROR ? -1 : rc == DB_ROW;
}

int access_store_case(store *s, int64_t tenant, int64_t case_id, int64_t *contact_staff_id,
                      int64_t *lead_org, char *contributing, size_t size, int64_t *person_id,
                      int64_t *created_by, err *e)
{
    db_stmt *st = db_prepare(s,
                             "SELECT contact_staff_id, lead_organisation_id, "
                             "contributing_organisation_ids, person_id, created_by FROM cases "
                             "WHERE tenant_id = ? AND id = ?",
                             e);
    if (!st) return -1;
    db_bind_int(st, 1, tenant);
    db_bind_int(st, 2, case_id);
    int rc = db_step(st, e);
    if (rc == DB_ROW) {
        *contact_staff_id = db_column_int(st, 0);
        *lead_org = db_column_int(st, 1);
        snprintf(contributing, size, "%s", db_column_text(st, 2));
        *person_id = db_column_int(st, 3);
        *created_by = db_column_int(st, 4);
    }
    db_done(st);
    return rc == DB_ERROR ? -1 : rc == DB_ROW;
}

int access_store_relations(store *s, int64_t tenant, int64_t staff_id, int64_t *plans,
                           int64_t *cases, err *e)
{
    /* "+tenant_id": without statistics SQLite walks the tenant's open plans
     * through the partial index plans_one_open (49 ms at 10 000 plans) instead
     * of the coordinator's few through plans_coordinator */
    db_stmt *st = db_prepare(s,
                             "SELECT (SELECT count(*) FROM plans WHERE +tenant_id = ?1 AND "
                             "coordinator_id = ?2 AND status <> 'closed'), (SELECT count(*) FROM "
                             "cases WHERE tenant_id = ?1 AND contact_staff_id = ?2 AND status <> "
                             "'closed')",
                             e);
    if (!st) return -1;
    db_bind_int(st, 1, tenant);
    db_bind_int(st, 2, staff_id);
    int rc = db_step(st, e);
    if (rc == DB_ROW) {
        *plans = db_column_int(st, 0);
        *cases = db_column_int(st, 1);
    }
    db_done(st);
    return rc == DB_ERROR ? -1 : 0;
}

int access_store_candidate_plans(store *s, const actor *a, const char *today, const char *now,
                                 int64_t after, int64_t *ids, int limit, int *n, err *e)
{
    db_stmt *st = db_prepare(
        s,
        "SELECT id FROM plans WHERE tenant_id = ?1 AND id > ?2 AND (coordinator_id = ?3 "
        "OR person_id = ?4 OR person_id IN (SELECT person_id FROM representatives WHERE "
        "tenant_id = ?1 AND account_id = ?5 AND (valid_from IS NULL OR valid_from <= ?6) AND "
        "(valid_to IS NULL OR valid_to >= ?6)) "
        "OR id IN (SELECT plan_id FROM participants WHERE staff_id = ?3 AND tenant_id = ?1 AND "
        "joined_on <= ?6 AND (left_on IS NULL OR left_on > ?6)) "
        "OR person_id IN (SELECT person_id FROM cases WHERE contact_staff_id = ?3 AND "
        "tenant_id = ?1 AND status <> 'closed') "
        "OR id IN (SELECT plan_id FROM emergency_access WHERE staff_id = ?3 AND tenant_id = ?1 "
        "AND expires_at > ?7)) ORDER BY id LIMIT ?8",
        e);
    if (!st) return -1;
    db_bind_int(st, 1, a->tenant_id);
    db_bind_int(st, 2, after);
    db_bind_int(st, 3, a->staff_id ? a->staff_id : -1);
    db_bind_int(st, 4, a->person_id ? a->person_id : -1);
    db_bind_int(st, 5, a->account_id);
    db_bind_str(st, 6, today);
    db_bind_str(st, 7, now);
    db_bind_int(st, 8, limit);
    int rc;
    *n = 0;
    while ((rc = db_step(st, e)) == DB_ROW) ids[(*n)++] = db_column_int(st, 0);
    db_done(st);
    return rc == DB_ERROR ? -1 : 0;
}

/* The persons related to a staff member, with the kind of relation: open cases
 * she is the contact person of or her units lead or contribute to (the JSON
 * list of contributing units is written compactly, "[3,7]", so a unit is found
 * as ",7," in ",3,7,"), open plans she coordinates or takes part in (joined,
 * not left), measures of open plans she is responsible for, and plans she has
 * emergency access to in force.
 *
 * One set of branches, written two ways with the same parameters in the same
 * order (access_store_scope_bind), so the two cannot disagree:
 *   correlate NULL   the set: "SELECT person_id, kind ... UNION ALL ...", to
 *                    filter a long walk (every person) or to ask for one person
 *   correlate "p.id" a condition on that person: "(EXISTS (...) OR ...)", each
 *                    branch led by her own rows (cases_person, plans_person),
 *                    for a search whose words already found few candidates -
 *                    the set of a unit that leads thousands of cases costs
 *                    more to build than the few candidates cost to check */
static void relations_sql(const person_scope *sc, const char *correlate, char *sql, size_t size,
                          size_t *len)
{
    /* the cases branch: its first parameter is the staff id the kind compares */
    char cases[1536];
    size_t n = (size_t)snprintf(cases, sizeof cases,
                                "FROM cases c WHERE c.tenant_id = ? AND c.status <> 'closed' AND "
                                "c.person_id IS NOT NULL AND (c.contact_staff_id = ?");
    for (int i = 0; i < sc->norgs && n < sizeof cases; i++)
        n += (size_t)snprintf(cases + n, sizeof cases - n,
                              " OR c.lead_organisation_id = ? OR (',' || "
                              "substr(c.contributing_organisation_ids, 2, "
                              "length(c.contributing_organisation_ids) - 2) || ',') LIKE ?");
    if (n < sizeof cases) snprintf(cases + n, sizeof cases - n, ")");
    static const struct {
        const char *kind, *person, *from;
    } plans[] = {
        {"coordinator", "pl.person_id",
         "FROM plans pl WHERE pl.tenant_id = ? AND pl.coordinator_id = ? AND pl.status <> "
         "'closed'"},
        {"participant", "pl.person_id",
         "FROM participants pa JOIN plans pl ON pl.id = pa.plan_id WHERE pa.tenant_id = ? AND "
         "pa.staff_id = ? AND pa.joined_on <= ? AND (pa.left_on IS NULL OR pa.left_on > ?) AND "
         "pl.status <> 'closed'"},
        {"measure", "pl.person_id",
         "FROM measures m JOIN plans pl ON pl.id = m.plan_id WHERE m.tenant_id = ? AND "
         "m.responsible_staff_id = ? AND m.status NOT IN ('ended', 'cancelled') AND pl.status "
         "<> 'closed'"},
        {"emergency", "pl.person_id",
         "FROM emergency_access ea JOIN plans pl ON pl.id = ea.plan_id WHERE ea.tenant_id = ? "
         "AND ea.staff_id = ? AND ea.expires_at > ?"},
    };
    n = *len;
    if (correlate) {
        /* the kind's parameter is selected and ignored, so the order holds */
        n += (size_t)snprintf(sql + n, size - n, "(EXISTS (SELECT ? %s AND c.person_id = %s)",
                              cases, correlate);
        for (size_t i = 0; i < sizeof plans / sizeof plans[0]; i++)
            n += (size_t)snprintf(sql + n, size - n, " OR EXISTS (SELECT 1 %s AND %s = %s)",
                                  plans[i].from, plans[i].person, correlate);
        n += (size_t)snprintf(sql + n, size - n, ")");
    } else {
        n += (size_t)snprintf(sql + n, size - n,
                              "SELECT c.person_id AS person_id, CASE WHEN c.contact_staff_id = ? "
                              "THEN 'contact_person' ELSE 'case_unit' END AS kind %s",
                              cases);
        for (size_t i = 0; i < sizeof plans / sizeof plans[0]; i++)
            n += (size_t)snprintf(sql + n, size - n, " UNION ALL SELECT %s, '%s' %s",
                                  plans[i].person, plans[i].kind, plans[i].from);
    }
    *len = n < size ? n : size - 1;
}

int access_store_scope_bind(db_stmt *st, int k, int64_t tenant, const person_scope *sc)
{
    db_bind_int(st, k++, sc->staff_id);
    db_bind_int(st, k++, tenant);
    db_bind_int(st, k++, sc->staff_id);
    for (int i = 0; i < sc->norgs; i++) {
        char pat[32];
        snprintf(pat, sizeof pat, "%%,%lld,%%", (long long)sc->orgs[i]);
        db_bind_int(st, k++, sc->orgs[i]);
        db_bind_text(st, k++, pat, strlen(pat));
    }
    db_bind_int(st, k++, tenant);
    db_bind_int(st, k++, sc->staff_id);
    db_bind_int(st, k++, tenant);
    db_bind_int(st, k++, sc->staff_id);
    db_bind_str(st, k++, sc->today);
    db_bind_str(st, k++, sc->today);
    db_bind_int(st, k++, tenant);
    db_bind_int(st, k++, sc->staff_id);
    db_bind_int(st, k++, tenant);
    db_bind_int(st, k++, sc->staff_id);
    db_bind_str(st, k++, sc->now);
    return k;
}

void access_store_scope_sql(const person_scope *sc, const char *alias, int correlate, char *sql,
                            size_t size, size_t *len)
{
    if (correlate) {
        char who[40];
        snprintf(who, sizeof who, "%s.id", alias);
        *len += (size_t)snprintf(sql + *len, size - *len, " AND ");
        relations_sql(sc, who, sql, size, len);
        return;
    }
    *len +=
        (size_t)snprintf(sql + *len, size - *len, " AND %s.id IN (SELECT person_id FROM (", alias);
    relations_sql(sc, NULL, sql, size, len);
    *len += (size_t)snprintf(sql + *len, size - *len, ") rel)");
    if (*len >= size) *len = size - 1;
}

int access_store_person_relation(store *s, int64_t tenant, int64_t person_id,
                                 const person_scope *sc, const char **kind, err *e)
{
    char sql[4096];
    size_t len = (size_t)snprintf(sql, sizeof sql, "SELECT kind FROM (");
    relations_sql(sc, NULL, sql, sizeof sql, &len);
    /* the strongest basis first, emergency access last */
    snprintf(sql + len, sizeof sql - len,
             ") rel WHERE person_id = ? ORDER BY CASE kind WHEN 'contact_person' THEN 1 WHEN "
             "'case_unit' THEN 2 WHEN 'coordinator' THEN 3 WHEN 'participant' THEN 4 WHEN "
             "'measure' THEN 5 ELSE 6 END LIMIT 1");
    db_stmt *st = db_prepare(s, sql, e);
    if (!st) return -1;
    int k = access_store_scope_bind(st, 1, tenant, sc);
    db_bind_int(st, k, person_id);
    int rc = db_step(st, e);
    if (rc == DB_ROW) {
        static const char *const kinds[] = {"contact_person", "case_unit", "coordinator",
                                            "participant",    "measure",   "emergency"};
        const char *got = db_column_text(st, 0);
        *kind = "case_unit";
        for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
            if (got && !strcmp(got, kinds[i])) *kind = kinds[i];
    }
    db_done(st);
    return rc == DB_ERROR ? -1 : rc == DB_ROW;
}

int access_store_approval(store *s, int64_t tenant, int64_t id, access_approval *ap, err *e)
{
    memset(ap, 0, sizeof *ap);
    db_stmt *st = db_prepare(s,
                             "SELECT kind, requested_by, person_id FROM approvals WHERE "
                             "tenant_id = ? AND id = ?",
                             e);
    if (!st) return -1;
    db_bind_int(st, 1, tenant);
    db_bind_int(st, 2, id);
    int rc = db_step(st, e);
    if (rc == DB_ROW) {
        snprintf(ap->kind, sizeof ap->kind, "%s", db_column_text(st, 0));
        ap->requested_by = db_column_int(st, 1);
        ap->person_id = db_column_int(st, 2);
    }
    db_done(st);
    return rc == DB_ERROR ? -1 : rc == DB_ROW;
}

int access_store_profession(store *s, int64_t tenant, int64_t staff_id, char *out, size_t size,
                            err *e)
{
    db_stmt *st = db_prepare(
        s, "SELECT profession FROM staff WHERE tenant_id = ? AND id = ? AND active = 1", e);
    if (!st) return -1;
    db_bind_int(st, 1, tenant);
    db_bind_int(st, 2, staff_id);
    int rc = db_step(st, e);
    if (rc == DB_ROW) snprintf(out, size, "%s", db_column_text(st, 0));
    db_done(st);
    return rc == DB_ERROR ? -1 : rc == DB_ROW;
}
