/*
 * plans.c - /plans and everything under /plans/{id}: the plan itself, its
 * status changes (activate, close, reopen), the coordinator (R2), its parts
 * (goals, measures, evaluations, participants, consents, linked plans) and its
 * history. Rules live in domain/plan.c; this file decodes, encodes and keeps
 * each request in one transaction.
 */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "api/generic.h"
#include "api/json_in.h"
#include "api/plan_cache.h"
#include "domain/plan.h"
#include "util/json_out.h"

static int create_plan(request *r, err *e)
{
    json_t *in, *out = NULL;
    if (req_body_object(r, 1, &in, e)) return -1;
    int rc = store_begin(r->db, STORE_WRITE, e) || plan_create(r->db, &r->actor, in, &out, e) ||
             store_commit(r->db, e);
    return generic_answer(r, rc, in, out, 201);
}

/* GET /plans/{id}: served from the plan cache while the plan's stamp holds,
 * otherwise read, encoded, answered and kept. */
static int get_plan(request *r, err *e)
{
    plan_stamp st;
    const char *text;
    size_t len;
    if (store_begin(r->db, STORE_READ, e) || plan_get_stamp(r->db, &r->actor, r->ids[0], &st, e))
        return -1;
    if (!plan_cache_get(r->actor.tenant_id, &st, r->a, &text, &len)) {
        json_t *out;
        if (plan_get(r->db, &r->actor, r->ids[0], &out, e)) return -1;
        buf b;
        buf_init(&b, r->a, 4096);
        json_out(&b, out);
        json_decref(out);
        text = b.data;
        len = b.len;
        plan_cache_put(r->actor.tenant_id, &st, text, len);
    }
    if (store_commit(r->db, e)) return -1;
    snprintf(r->etag, sizeof r->etag, "\"%lld\"", (long long)st.version);
    respond_text(r, 200, "application/json", text, len);
    return 0;
}

static int patch_plan(request *r, err *e)
{
    int64_t version;
    json_t *in, *out = NULL;
    if (req_if_match(r, &version, e) || req_body_object(r, 1, &in, e)) return -1;
    int rc = store_begin(r->db, STORE_WRITE, e) ||
             plan_update(r->db, &r->actor, r->ids[0], version, in, &out, e) ||
             store_commit(r->db, e);
    return generic_answer(r, rc, in, out, 200);
}

/* POST /plans/{id}/activate | close | reopen; close takes an optional reason. */
static int change_status(request *r, err *e)
{
    json_t *in, *out = NULL;
    if (req_body_object(r, 0, &in, e)) return -1;
    const char *reason = NULL;
    const char *action = strrchr(r->path, '/') + 1;
    int is_close = strcmp(action, "close") == 0;
    int rc = is_close ? (json_in_string(in, "reason", 0, &reason, e) ||
                         json_in_no_other(in, (const char *const[]){"reason", NULL}, e))
                      : json_in_no_other(in, (const char *const[]){NULL}, e);
    if (!rc) rc = store_begin(r->db, STORE_WRITE, e);
    if (!rc) {
        if (is_close)
            rc = plan_close(r->db, &r->actor, r->ids[0], reason, &out, e);
        else if (strcmp(action, "activate") == 0)
            rc = plan_activate(r->db, &r->actor, r->ids[0], &out, e);
        else
            rc = plan_reopen(r->db, &r->actor, r->ids[0], &out, e);
    }
    if (!rc) rc = store_commit(r->db, e);
    return generic_answer(r, rc, in, out, 200);
}

static int coordinator_answer(request *r, err *e)
{
    json_t *hist;
    if (plan_coordinators(r->db, &r->actor, r->ids[0], &hist, e)) return -1;
    json_t *current = json_null();
    size_t i;
    json_t *x;
    json_array_foreach(hist, i, x) if (json_is_null(json_object_get(x, "to_at"))) current = x;
    respond_json(r, 200, json_pack("{s:O,s:o}", "current", current, "history", hist));
    return 0;
}

static int get_coordinator(request *r, err *e)
{
    return store_begin(r->db, STORE_READ, e) || coordinator_answer(r, e) ? -1 : 0;
}

static int put_coordinator(request *r, err *e)
{
    json_t *in, *row = NULL;
    int64_t staff_id;
    const char *reason;
    if (req_body_object(r, 1, &in, e)) return -1;
    int rc = json_in_id(in, "staff_id", 1, &staff_id, e) ||
             json_in_string(in, "reason", 0, &reason, e) ||
             json_in_no_other(in, (const char *const[]){"staff_id", "reason", NULL}, e) ||
             store_begin(r->db, STORE_WRITE, e) ||
             plan_set_coordinator(r->db, &r->actor, r->ids[0], staff_id, reason, &row, e) ||
             coordinator_answer(r, e) || store_commit(r->db, e);
    json_decref(in);
    json_decref(row);
    return rc ? -1 : 0;
}

static int get_history(request *r, err *e)
{
    int limit;
    int64_t after, next;
    json_t *items;
    static const char *const allowed[] = {"limit", "after", NULL};
    if (req_query_only(r, allowed, e) || req_page(r, &limit, &after, e) ||
        store_begin(r->db, STORE_READ, e) ||
        plan_history(r->db, &r->actor, r->ids[0], after, limit, &items, &next, e))
        return -1;
    respond_page(r, items, next);
    return 0;
}

/* The parts: route->def says which. */
static const char *const no_params[] = {NULL};

static int list_parts(request *r, err *e)
{
    json_t *items;
    if (req_query_only(r, no_params, e) || store_begin(r->db, STORE_READ, e)) return -1;
    int ex = rec_exists(r->db, &plan_def, r->actor.tenant_id, r->ids[0], e);
    if (ex <= 0)
        return ex < 0 ? -1
                      : err_set(e, ERR_NOT_FOUND, "not_found", NULL, "plan %lld not found",
                                (long long)r->ids[0]);
    if (plan_part_list(r->db, &r->actor, r->ids[0], r->route->def, &items, e)) return -1;
    respond_page(r, items, 0);
    return 0;
}

static int create_part(request *r, err *e)
{
    json_t *in, *out = NULL;
    if (req_body_object(r, 1, &in, e)) return -1;
    int rc = store_begin(r->db, STORE_WRITE, e) ||
             plan_part_create(r->db, &r->actor, r->ids[0], r->route->def, in, &out, e) ||
             store_commit(r->db, e);
    return generic_answer(r, rc, in, out, 201);
}

static int get_part(request *r, err *e)
{
    json_t *out;
    if (store_begin(r->db, STORE_READ, e) ||
        plan_part_get(r->db, &r->actor, r->ids[0], r->route->def, r->ids[1], &out, e))
        return -1;
    respond_record(r, 200, out);
    return 0;
}

static int patch_part(request *r, err *e)
{
    int64_t version;
    json_t *in, *out = NULL;
    if (req_if_match(r, &version, e) || req_body_object(r, 1, &in, e)) return -1;
    int rc = store_begin(r->db, STORE_WRITE, e) ||
             plan_part_update(r->db, &r->actor, r->ids[0], r->route->def, r->ids[1], version, in,
                              &out, e) ||
             store_commit(r->db, e);
    return generic_answer(r, rc, in, out, 200);
}

static int delete_part(request *r, err *e)
{
    int64_t version;
    if (req_if_match(r, &version, e) || store_begin(r->db, STORE_WRITE, e) ||
        plan_part_delete(r->db, &r->actor, r->ids[0], r->route->def, r->ids[1], version, e) ||
        store_commit(r->db, e))
        return -1;
    respond_empty(r, 204);
    return 0;
}

static int withdraw_consent(request *r, err *e)
{
    json_t *in, *out = NULL;
    const char *reason;
    if (req_body_object(r, 0, &in, e)) return -1;
    int rc = json_in_string(in, "reason", 0, &reason, e) ||
             json_in_no_other(in, (const char *const[]){"reason", NULL}, e) ||
             store_begin(r->db, STORE_WRITE, e) ||
             plan_consent_withdraw(r->db, &r->actor, r->ids[0], r->ids[1], reason, &out, e) ||
             store_commit(r->db, e);
    return generic_answer(r, rc, in, out, 200);
}

#define P    OBJ_PLAN
#define PLAN "/api/v1/plans/{id}"

const route api_plan_routes[] = {
    {"GET", "/api/v1/plans", generic_list, 0, P, ACT_READ, SEC_PLAN, &plan_def, NULL},
    {"POST", "/api/v1/plans", create_plan, 0, P, ACT_CREATE, SEC_PLAN, &plan_def, NULL},
    {"GET", PLAN, get_plan, 0, P, ACT_READ, SEC_PLAN, &plan_def, NULL},
    {"PATCH", PLAN, patch_plan, 0, P, ACT_UPDATE, SEC_PLAN, &plan_def, NULL},
    {"POST", PLAN "/activate", change_status, 0, P, ACT_UPDATE, SEC_PLAN, NULL, NULL},
    {"POST", PLAN "/close", change_status, 0, P, ACT_UPDATE, SEC_PLAN, NULL, NULL},
    {"POST", PLAN "/reopen", change_status, 0, P, ACT_MANAGE, SEC_PLAN, NULL, NULL},
    {"GET", PLAN "/coordinator", get_coordinator, 0, P, ACT_READ, SEC_PLAN, NULL, NULL},
    {"PUT", PLAN "/coordinator", put_coordinator, 0, P, ACT_MANAGE, SEC_PLAN, NULL, NULL},
    {"GET", PLAN "/history", get_history, 0, P, ACT_READ, SEC_HISTORY, NULL, NULL},
    {NULL, NULL, NULL, 0, 0, 0, 0, NULL, NULL},
};

/* One block of routes per kind of part; `del` says whether it can be deleted. */
#define PART_ROUTES(path, sec, def)                                                                \
    {"GET", PLAN path, list_parts, 0, P, ACT_READ, sec, def, "plan_id"},                           \
        {"POST", PLAN path, create_part, 0, P, ACT_UPDATE, sec, def, "plan_id"},                   \
        {"GET", PLAN path "/{id}", get_part, 0, P, ACT_READ, sec, def, "plan_id"},                 \
    {                                                                                              \
        "PATCH", PLAN path "/{id}", patch_part, 0, P, ACT_UPDATE, sec, def, "plan_id"              \
    }
#define PART_DELETE(path, sec, def)                                                                \
    {                                                                                              \
        "DELETE", PLAN path "/{id}", delete_part, 0, P, ACT_UPDATE, sec, def, "plan_id"            \
    }

const route api_plan_part_routes[] = {
    PART_ROUTES("/goals", SEC_GOALS, &goal_def),
    PART_DELETE("/goals", SEC_GOALS, &goal_def),
    PART_ROUTES("/measures", SEC_MEASURES, &measure_def),
    PART_DELETE("/measures", SEC_MEASURES, &measure_def),
    PART_ROUTES("/evaluations", SEC_EVALUATIONS, &evaluation_def),
    PART_DELETE("/evaluations", SEC_EVALUATIONS, &evaluation_def),
    PART_ROUTES("/participants", SEC_PARTICIPANTS, &participant_def),
    PART_ROUTES("/consents", SEC_CONSENTS, &consent_def),
    {"POST", PLAN "/consents/{id}/withdraw", withdraw_consent, 0, P, ACT_UPDATE, SEC_CONSENTS,
     &consent_def, "plan_id"},
    PART_ROUTES("/linked-plans", SEC_PLAN, &linked_plan_def),
    PART_DELETE("/linked-plans", SEC_PLAN, &linked_plan_def),
    {NULL, NULL, NULL, 0, 0, 0, 0, NULL, NULL},
};
