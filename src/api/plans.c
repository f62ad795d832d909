/*
 * plans.c - /plans and everything under /plans/{id}: the plan itself, its
 * status changes (activate, close, reopen), the coordinator (R2), its parts
 * (goals, measures, evaluations, participants, consents, linked plans,
 * messages) and its history. Rules live in domain/plan.c; this file decodes, encodes and keeps
 * each request in one transaction.
 */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "api/generic.h"
#include "api/json_in.h"
#include "api/plan_cache.h"
#include "domain/names.h"
#include "domain/plan.h"
#include "trust/audit.h"
#include "util/json_out.h"
#include "util/timeutil.h"

/*
 * Views. A reader gets only the sections the policy gave them
 * (r->acc.sections): the keys of other sections are left out of the answer,
 * not sent empty (docs/security.md). The plan row's own fields belong to the
 * "plan" section except the owner's resources, needs and contributions.
 */
static const char *const resources_needs_keys[] = {
    "resources", "needs", "owner_contribution", "next_of_kin_contribution", "services_contribution",
    NULL};

static const struct {
    const char *key;
    policy_section section;
} part_keys[] = {
    {"goals", SEC_GOALS},
    {"measures", SEC_MEASURES},
    {"evaluations", SEC_EVALUATIONS},
    {"participants", SEC_PARTICIPANTS},
    {"consents", SEC_CONSENTS},
};

/* Plan flags that tell about a section's content. */
static const struct {
    const char *flag;
    policy_section section;
} flag_sections[] = {
    {"measure_without_responsible", SEC_MEASURES},
    {"goal_without_responsible", SEC_GOALS},
    {"evaluation_overdue", SEC_EVALUATIONS},
    {"consent_request_open", SEC_CONSENTS},
};

static void view_filter(json_t *doc, unsigned sections)
{
    if (!(sections & SEC_BIT(SEC_RESOURCES_NEEDS)))
        for (int i = 0; resources_needs_keys[i]; i++) json_object_del(doc, resources_needs_keys[i]);
    for (size_t i = 0; i < sizeof part_keys / sizeof part_keys[0]; i++)
        if (!(sections & SEC_BIT(part_keys[i].section))) json_object_del(doc, part_keys[i].key);
    json_t *flags = json_object_get(doc, "flags");
    for (size_t i = json_array_size(flags); i-- > 0;) {
        const char *f = json_string_value(json_array_get(flags, i));
        for (size_t j = 0; f && j < sizeof flag_sections / sizeof flag_sections[0]; j++)
            if (!strcmp(f, flag_sections[j].flag) &&
                !(sections & SEC_BIT(flag_sections[j].section))) {
                json_array_remove(flags, i); /* frees f */
                break;
            }
    }
    json_t *names = json_array();
    for (int s = SEC_PLAN; s < SEC_COUNT; s++)
        if (sections & SEC_BIT(s))
            json_array_append_new(names, json_string(policy_section_names[s]));
    json_object_set_new(doc, "sections", names);
}

/* The answer to a change of the plan itself, in the changer's view. */
static int plan_answer(request *r, int rc, json_t *in, json_t *out, int status)
{
    if (!rc && out) {
        policy_access acc;
        err ignored;
        if (policy_plan_access(r->db, &r->actor, json_integer_value(json_object_get(out, "id")),
                               &acc, &ignored) <= 0)
            acc.sections = SEC_BIT(SEC_PLAN);
        view_filter(out, acc.sections | SEC_BIT(SEC_PLAN));
    }
    return generic_answer(r, rc, in, out, status);
}

static int create_plan(request *r, err *e)
{
    json_t *in, *out = NULL;
    if (req_body_object(r, 1, &in, e)) return -1;
    int rc = store_begin(r->db, STORE_WRITE, e) || plan_create(r->db, &r->actor, in, &out, e);
    return plan_answer(r, rc, in, out, 201);
}

/* GET /plans: the plans the actor may see at least the plan section of, each
 * in that section's fields, its coordinator's name and whose plan it is
 * (person_name, person_birth_date: the plan section's readers may know it). The coordinating unit
 * sees every plan; everyone else the plans they are related to (asked one by one of the policy). */
static int keep_item(json_t *item, const rec_filter *f, int nf)
{
    for (int i = 0; i < nf; i++)
        if (!json_equal(json_object_get(item, f[i].field), f[i].value)) return 0;
    return 1;
}

static int list_plans(request *r, err *e)
{
    if (r->actor.unit_roles & UNIT_COORDINATING) {
        if (generic_list(r, e)) return -1;
        size_t i;
        json_t *x;
        json_array_foreach(json_object_get(r->out, "items"), i, x)
        {
            view_filter(x, SEC_BIT(SEC_PLAN));
            json_object_del(x, "sections");
        }
        /* generic_list has ended its read: the names in one of their own */
        return store_begin(r->db, STORE_READ, e) ||
                       names_add(r->db, &r->actor, json_object_get(r->out, "items"), NAMES_STAFF,
                                 "coordinator_id", "coordinator_name", e) ||
                       names_add_persons(r->db, &r->actor, json_object_get(r->out, "items"), 1, e)
                   ? -1
                   : 0;
    }
    int limit, nf = 0, n = 0;
    int64_t after, next = 0;
    static const char *const allowed[] = {"limit",          "after",   "status", "person_id",
                                          "coordinator_id", "case_id", NULL};
    rec_filter f[8];
    json_t *keep = json_array();
    if (req_query_only(r, allowed, e) || req_page(r, &limit, &after, e) ||
        generic_filters(r, &plan_def, f, 8, &nf, keep, e) || store_begin(r->db, STORE_READ, e)) {
        json_decref(keep);
        return -1;
    }
    json_t *items = json_array();
    int64_t ids[64];
    char today[11], now[21];
    time_today(today);
    time_now_iso(now);
    int rc = 0;
    while (!rc && json_array_size(items) < (size_t)limit) {
        rc = plan_candidates(r->db, &r->actor, today, now, after, ids, 64, &n, e);
        if (rc || n == 0) break;
        for (int i = 0; i < n && !rc; i++) {
            after = ids[i];
            policy_access acc;
            json_t *row;
            int vis = policy_plan_access(r->db, &r->actor, ids[i], &acc, e);
            if (vis < 0) rc = -1;
            if (vis <= 0 || !(acc.sections & SEC_BIT(SEC_PLAN))) continue;
            if (rec_get(r->db, &plan_def, r->actor.tenant_id, ids[i], &row, e)) {
                rc = -1;
                break;
            }
            if (!keep_item(row, f, nf)) {
                json_decref(row);
                continue;
            }
            if (json_array_size(items) == (size_t)limit) {
                json_decref(row);
                next = json_integer_value(json_object_get(json_array_get(items, limit - 1), "id"));
                break;
            }
            view_filter(row, SEC_BIT(SEC_PLAN));
            json_object_del(row, "sections");
            json_array_append_new(items, row);
        }
        if (next || n < 64) break;
    }
    json_decref(keep);
    if (rc ||
        names_add(r->db, &r->actor, items, NAMES_STAFF, "coordinator_id", "coordinator_name", e) ||
        names_add_persons(r->db, &r->actor, items, 1, e)) {
        json_decref(items);
        return -1;
    }
    respond_page(r, items, next);
    return 0;
}

/* GET /plans/{id}: served from the plan cache while the plan's stamp holds,
 * otherwise read, encoded, answered and kept. Each view of a plan is cached on
 * its own. */
static int get_plan(request *r, err *e)
{
    plan_stamp st;
    const char *text;
    size_t len;
    if (store_begin(r->db, STORE_READ, e)) return -1;
    if (r->acc.plan_id == r->ids[0] && r->acc.plan_version)
        plan_stamp_known(r->ids[0], r->acc.plan_revision, r->acc.plan_version, r->acc.plan_names,
                         &st);
    else if (plan_get_stamp(r->db, &r->actor, r->ids[0], &st, e))
        return -1;
    /* a reader who may not know citizens by name gets a goal's writer
     * without them (names_knows_persons): a view of its own */
    st.view = r->acc.sections | (names_knows_persons(&r->actor) ? 0 : 1u << 31);
    if (!plan_cache_get(r->actor.tenant_id, &st, r->a, &text, &len)) {
        json_t *out;
        if (plan_get(r->db, &r->actor, r->ids[0], &out, e)) return -1;
        view_filter(out, r->acc.sections);
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
             plan_update(r->db, &r->actor, r->ids[0], version, in, &out, e);
    return plan_answer(r, rc, in, out, 200);
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
    return plan_answer(r, rc, in, out, 200);
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
    int pending = 0;
    if (req_body_object(r, 1, &in, e)) return -1;
    int rc = json_in_id(in, "staff_id", 1, &staff_id, e) ||
             json_in_string(in, "reason", 0, &reason, e) ||
             json_in_no_other(in, (const char *const[]){"staff_id", "reason", NULL}, e) ||
             store_begin(r->db, STORE_WRITE, e) ||
             plan_appoint(r->db, &r->actor, r->ids[0], staff_id, reason, &row, &pending, e);
    if (!rc && pending) {
        /* four eyes: 202 with the request a second member must approve */
        rc = store_commit(r->db, e);
        if (!rc) respond_json(r, 202, json_incref(row));
    } else if (!rc) {
        rc = coordinator_answer(r, e) || store_commit(r->db, e);
    }
    json_decref(in);
    json_decref(row);
    return rc ? -1 : 0;
}

/* The section a history entry's object belongs to. */
static policy_section history_section(const char *type)
{
    static const struct {
        const char *type;
        policy_section section;
    } map[] = {
        {"plan", SEC_PLAN},
        {"coordinator_assignment", SEC_PLAN},
        {"linked_plan", SEC_PLAN},
        {"goal", SEC_GOALS},
        {"measure", SEC_MEASURES},
        {"evaluation", SEC_EVALUATIONS},
        {"participant", SEC_PARTICIPANTS},
        {"consent", SEC_CONSENTS},
        {"message", SEC_MESSAGES},
    };
    for (size_t i = 0; type && i < sizeof map / sizeof map[0]; i++)
        if (!strcmp(map[i].type, type)) return map[i].section;
    return SEC_NONE;
}

/* A consent request is about consent: only those who see the consents (the
 * owner, a representative, the coordinator) see it; comments are for all who
 * see the messages. */
static int message_visible(json_t *m, unsigned sections)
{
    const char *kind = json_string_value(json_object_get(m, "kind"));
    return (kind && !strcmp(kind, "comment")) || (sections & SEC_BIT(SEC_CONSENTS));
}

/* Leaves out of a history page what the reader's sections do not cover. */
static void history_filter(json_t *items, unsigned sections)
{
    for (size_t i = json_array_size(items); i-- > 0;) {
        json_t *x = json_array_get(items, i);
        policy_section sec = history_section(json_string_value(json_object_get(x, "object_type")));
        if (sec == SEC_NONE || !(sections & SEC_BIT(sec)) ||
            (sec == SEC_MESSAGES &&
             !message_visible(json_object_get(json_object_get(x, "data"), "after"), sections))) {
            json_array_remove(items, i);
            continue;
        }
        if (sec == SEC_PLAN && !(sections & SEC_BIT(SEC_RESOURCES_NEEDS))) {
            json_t *data = json_object_get(x, "data");
            json_t *parts[] = {data, json_object_get(data, "before"),
                               json_object_get(data, "after")};
            for (size_t j = 0; j < 3; j++)
                for (int k = 0; json_is_object(parts[j]) && resources_needs_keys[k]; k++)
                    json_object_del(parts[j], resources_needs_keys[k]);
        }
    }
}

static int get_history(request *r, err *e)
{
    int limit;
    int64_t after, next;
    json_t *items;
    if (req_page_only(r, &limit, &after, e) || store_begin(r->db, STORE_READ, e) ||
        plan_history(r->db, &r->actor, r->ids[0], after, limit, &items, &next, e))
        return -1;
    history_filter(items, r->acc.sections);
    if (names_history(r->db, &r->actor, items, e)) {
        json_decref(items);
        return -1;
    }
    respond_page(r, items, next);
    return 0;
}

/* POST /plans/{id}/emergency-access {reason}: a staff member without consent
 * opens the plan for a while, stating why; every read on it is flagged. */
static int open_emergency(request *r, err *e)
{
    json_t *in, *out = NULL;
    const char *reason;
    if (req_body_object(r, 1, &in, e)) return -1;
    unsigned rights = 0;
    int rc = json_in_string(in, "reason", 1, &reason, e) ||
             json_in_no_other(in, (const char *const[]){"reason", NULL}, e) ||
             policy_address_access(r->db, &r->actor, r->acc.person_id, &rights, e) < 0;
    if (!rc && (rights & ADDR_PROTECTED) && !(rights & ADDR_SEE)) {
        /* a protected person (R16): a second member of the coordinating unit
         * decides; 202 with the request */
        rc = plan_emergency_request(r->db, &r->actor, r->ids[0], r->acc.person_id, reason, &out, e);
        if (!rc && r->naudit) r->audit[r->naudit - 1].emergency = 1;
        rc = generic_answer(r, rc, in, out, 202);
        r->location = NULL;
        return rc;
    }
    rc = rc || plan_emergency_open(r->db, &r->actor, r->ids[0], reason, &out, e);
    if (!rc && r->naudit) r->audit[r->naudit - 1].reason = arena_strdup(r->a, reason);
    if (!rc && r->naudit) r->audit[r->naudit - 1].emergency = 1;
    rc = generic_answer(r, rc, in, out, 201);
    r->location = NULL; /* the access is not a resource of its own */
    return rc;
}

/* GET /plans/{id}/access-log: who read the plan, when, by name and agency. */
static int get_access_log(request *r, err *e)
{
    int limit;
    int64_t before, next;
    json_t *items;
    if (req_page_only(r, &limit, &before, e) ||
        audit_plan_reads(r->db, r->actor.tenant_id, r->ids[0], before, limit, &items, &next, e))
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
    if (r->route->def == &message_def)
        for (size_t i = json_array_size(items); i-- > 0;)
            if (!message_visible(json_array_get(items, i), r->acc.sections))
                json_array_remove(items, i);
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
    if (r->route->def == &message_def && !message_visible(out, r->acc.sections)) {
        json_decref(out);
        return err_set(e, ERR_NOT_FOUND, "not_found", NULL, "message %lld not found",
                       (long long)r->ids[1]);
    }
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

/* PUT /plans/{id}/messages/seen {message_id}: the reader has seen the thread
 * up to that message (the page calls it when it shows the thread; a GET stays
 * a read). The policy lets in whoever reads the messages; a consent request
 * counts only for those who see the consents. */
static int put_messages_seen(request *r, err *e)
{
    json_t *in, *out = NULL;
    int64_t message_id;
    if (req_body_object(r, 1, &in, e)) return -1;
    int rc = json_in_id(in, "message_id", 1, &message_id, e) ||
             json_in_no_other(in, (const char *const[]){"message_id", NULL}, e) ||
             store_begin(r->db, STORE_WRITE, e) ||
             plan_messages_seen(r->db, &r->actor, r->ids[0], message_id,
                                (r->acc.sections & SEC_BIT(SEC_CONSENTS)) != 0, &out, e) ||
             store_commit(r->db, e);
    return generic_answer(r, rc, in, out, 200);
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
    {"GET", "/api/v1/plans", list_plans, 0, P, ACT_READ, SEC_PLAN, &plan_def, NULL},
    {"POST", "/api/v1/plans", create_plan, 0, P, ACT_CREATE, SEC_PLAN, &plan_def, NULL},
    {"GET", PLAN, get_plan, 0, P, ACT_READ, SEC_PLAN, &plan_def, NULL},
    {"PATCH", PLAN, patch_plan, 0, P, ACT_UPDATE, SEC_PLAN, &plan_def, NULL},
    {"POST", PLAN "/activate", change_status, 0, P, ACT_STATUS, SEC_PLAN, NULL, NULL},
    {"POST", PLAN "/close", change_status, 0, P, ACT_STATUS, SEC_PLAN, NULL, NULL},
    {"POST", PLAN "/reopen", change_status, 0, P, ACT_MANAGE, SEC_PLAN, NULL, NULL},
    {"GET", PLAN "/coordinator", get_coordinator, 0, P, ACT_READ, SEC_PLAN, NULL, NULL},
    {"PUT", PLAN "/coordinator", put_coordinator, 0, P, ACT_APPOINT, SEC_PLAN, NULL, NULL},
    {"GET", PLAN "/history", get_history, 0, P, ACT_READ, SEC_HISTORY, NULL, NULL},
    {"POST", PLAN "/emergency-access", open_emergency, 0, P, ACT_EMERGENCY, SEC_PLAN, NULL, NULL},
    {"GET", PLAN "/access-log", get_access_log, ROUTE_WRITER_TURN, P, ACT_READ, SEC_ACCESS_LOG,
     NULL, NULL},
    {NULL, NULL, NULL, 0, 0, 0, 0, NULL, NULL},
};

/* One block of routes per kind of part; `del` says whether it can be deleted. */
#define PART_ROUTES(path, sec, def)                                                                \
    {"GET", PLAN path, list_parts, 0, P, ACT_READ, sec, def, "plan_id"},                           \
        {"POST", PLAN path, create_part, 0, P, ACT_CREATE, sec, def, "plan_id"},                   \
        {"GET", PLAN path "/{id}", get_part, 0, P, ACT_READ, sec, def, "plan_id"},                 \
    {                                                                                              \
        "PATCH", PLAN path "/{id}", patch_part, 0, P, ACT_UPDATE, sec, def, "plan_id"              \
    }
#define PART_DELETE(path, sec, def)                                                                \
    {                                                                                              \
        "DELETE", PLAN path "/{id}", delete_part, 0, P, ACT_DELETE, sec, def, "plan_id"            \
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
    {"POST", PLAN "/consents/{id}/withdraw", withdraw_consent, 0, P, ACT_WITHDRAW, SEC_CONSENTS,
     &consent_def, "plan_id"},
    PART_ROUTES("/messages", SEC_MESSAGES, &message_def),
    {"PUT", PLAN "/messages/seen", put_messages_seen, 0, P, ACT_READ, SEC_MESSAGES, NULL, NULL},
    PART_ROUTES("/linked-plans", SEC_PLAN, &linked_plan_def),
    PART_DELETE("/linked-plans", SEC_PLAN, &linked_plan_def),
    {NULL, NULL, NULL, 0, 0, 0, 0, NULL, NULL},
};
