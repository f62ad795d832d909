/*
 * audit.c - GET /audit (the tenant's audit log, for the coordinating unit and
 * administrators, with filters) and GET /statistics (numbers for leaders). Who
 * may ask is decided by the policy (OBJ_AUDIT, OBJ_STATISTICS).
 */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "domain/statistics.h"
#include "trust/audit.h"

static int id_param(request *r, const char *name, int64_t *out, err *e)
{
    const char *v = req_query(r, name);
    *out = 0;
    if (!v) return 0;
    char *end;
    long long n = strtoll(v, &end, 10);
    if (!*v || *end || n <= 0)
        return err_set(e, ERR_INVALID, "invalid_filter", name, "%s must be a positive integer",
                       name);
    *out = n;
    return 0;
}

static int enum_param(request *r, const char *name, const char *const *values, const char **out,
                      err *e)
{
    const char *v = req_query(r, name);
    *out = NULL;
    if (!v) return 0;
    for (int i = 0; values[i]; i++)
        if (!strcmp(values[i], v)) {
            *out = values[i];
            return 0;
        }
    return err_set(e, ERR_INVALID, "invalid_filter", name, "%s has no value '%.40s'", name, v);
}

/* A timestamp or a date ("2026-11-22" means from its start). */
static int time_param(request *r, const char *name, const char **out, err *e)
{
    const char *v = req_query(r, name);
    *out = v;
    if (!v) return 0;
    size_t n = strlen(v);
    int ok = (n == 10 || (n >= 20 && n <= 24)) && v[4] == '-' && v[7] == '-';
    for (size_t i = 0; ok && i < n; i++) ok = strchr("0123456789-:TZ.", v[i]) != NULL;
    if (!ok)
        return err_set(e, ERR_INVALID, "invalid_filter", name,
                       "%s must be a date (YYYY-MM-DD) or a UTC time (YYYY-MM-DDTHH:MM:SSZ)", name);
    return 0;
}

static int list_audit(request *r, err *e)
{
    static const char *const allowed[] = {
        "limit",    "after",     "plan_id",           "account_id",
        "staff_id", "person_id", "subject_person_id", "object_id",
        "object",   "action",    "outcome",           "emergency",
        "from",     "to",        "request_id",        NULL};
    static const char *const outcomes[] = {"allowed", "denied", "refused", "failed", NULL};
    static const char *const bools[] = {"true", "false", NULL};
    /* administrators also see the refusals that belong to no tenant (unknown
     * usernames, forged tokens and cookies) */
    audit_filter f = {.tenant_id = r->actor.tenant_id,
                      .emergency = -1,
                      .with_untenanted = r->actor.role == ROLE_ADMIN};
    const char *em;
    int limit;
    int64_t before, next;
    if (req_query_only(r, allowed, e) || req_page(r, &limit, &before, e) ||
        id_param(r, "plan_id", &f.plan_id, e) || id_param(r, "account_id", &f.account_id, e) ||
        id_param(r, "staff_id", &f.staff_id, e) || id_param(r, "person_id", &f.person_id, e) ||
        id_param(r, "object_id", &f.object_id, e) ||
        id_param(r, "subject_person_id", &f.subject_person_id, e) ||
        enum_param(r, "outcome", outcomes, &f.outcome, e) ||
        enum_param(r, "emergency", bools, &em, e) || time_param(r, "from", &f.from, e) ||
        time_param(r, "to", &f.to, e))
        return -1;
    if (em) f.emergency = !strcmp(em, "true");
    f.object = req_query(r, "object");
    f.action = req_query(r, "action");
    for (const char *k = "object"; k; k = strcmp(k, "object") ? NULL : "action") {
        const char *v = req_query(r, k);
        /* names as the log writes them: "plan", "next of kin", "linked plan" */
        if (v && (strlen(v) > 40 || strspn(v, "abcdefghijklmnopqrstuvwxyz_- ") != strlen(v)))
            return err_set(e, ERR_INVALID, "invalid_filter", k,
                           "%s must be a name like 'plan' or 'next of kin'", k);
    }
    /* a request id is the hexadecimal X-Request-Id of an answer (http/server.c) */
    f.request_id = req_query(r, "request_id");
    if (f.request_id && (!*f.request_id || strlen(f.request_id) >= sizeof r->request_id ||
                         strspn(f.request_id, "0123456789abcdef") != strlen(f.request_id)))
        return err_set(e, ERR_INVALID, "invalid_filter", "request_id",
                       "request_id must be the X-Request-Id of an answer (hexadecimal)");
    json_t *items;
    if (audit_list(r->db, &f, before, limit, &items, &next, e)) return -1;
    /* a stated reason (emergency access) is for those who review it - the
     * coordinating unit, and the owner in her access log - not for the
     * administrator who runs the system (docs/security.md "Emergency access") */
    if (r->actor.role == ROLE_ADMIN) {
        size_t i;
        json_t *x;
        json_array_foreach(items, i, x) if (json_is_true(json_object_get(x, "emergency")) &&
                                            json_is_string(json_object_get(x, "reason")))
        {
            json_object_set_new(x, "reason", json_null());
            json_object_set_new(x, "reason_withheld", json_true());
        }
    }
    respond_page(r, items, next);
    return 0;
}

static int get_statistics(request *r, err *e)
{
    static const char *const none[] = {NULL};
    json_t *out;
    if (req_query_only(r, none, e) || statistics_plans(r->db, &r->actor, &out, e)) return -1;
    respond_json(r, 200, out);
    return 0;
}

/* GET /coordinators: whom the coordinating unit may appoint, with their load. */
static int get_coordinators(request *r, err *e)
{
    static const char *const none[] = {NULL};
    json_t *out;
    if (req_query_only(r, none, e) || store_begin(r->db, STORE_READ, e) ||
        statistics_coordinators(r->db, &r->actor, &out, e))
        return -1;
    respond_json(r, 200, out);
    return 0;
}

const route api_audit_routes[] = {
    {"GET", "/api/v1/audit", list_audit, ROUTE_WRITER_TURN, OBJ_AUDIT, ACT_READ, SEC_NONE, NULL,
     NULL},
    {"GET", "/api/v1/statistics", get_statistics, 0, OBJ_STATISTICS, ACT_READ, SEC_NONE, NULL,
     NULL},
    {"GET", "/api/v1/coordinators", get_coordinators, 0, OBJ_STATISTICS, ACT_READ, SEC_NONE, NULL,
     NULL},
    {NULL, NULL, NULL, 0, 0, 0, 0, NULL, NULL},
};
