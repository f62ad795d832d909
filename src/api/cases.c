/*
 * cases.c - /cases and /cases/{id}/contact.
 *
 * The collection is served by generic_list (filters on status, urgency,
 * intake_channel, person_id, lead_organisation_id, contact_staff_id,
 * anonymous_reporter, and ?domains=x for "lists domain x"). Create, read and
 * change go through domain/case.h, because a case answers with its current
 * contact person embedded and creating one may open the contact history. The
 * contact person is changed only through PUT .../contact (R2), which answers
 * with the current holder and the whole dated history; the case's ETag covers
 * it (GET and PUT .../contact answer the case's version, PUT needs it in
 * If-Match). GET .../history pages every change, before -> after (R9).
 */
#include "api/api.h"
#include "api/generic.h"
#include "api/json_in.h"
#include "domain/case.h"
#include "domain/names.h"

/* The names of a case's person, contact person and units beside their ids. */
static int case_names(request *r, json_t *items, err *e)
{
    return names_add_case_persons(r->db, &r->actor, items, e) ||
                   names_add(r->db, &r->actor, items, NAMES_STAFF, "contact_staff_id",
                             "contact_name", e) ||
                   names_add(r->db, &r->actor, items, NAMES_ORGANISATIONS, "lead_organisation_id",
                             "lead_organisation_name", e) ||
                   names_add(r->db, &r->actor, items, NAMES_ORGANISATIONS,
                             "contributing_organisation_ids", "contributing_organisation_names", e)
               ? -1
               : 0;
}

/* The same for one case (out, when the step before it succeeded). */
static int case_named(request *r, json_t *out, err *e)
{
    json_t *one = json_pack("[O]", out);
    int rc = case_names(r, one, e);
    json_decref(one);
    return rc;
}

/* GET /cases: the coordinating unit sees every case; others the cases of
 * their units and those they are the contact person of (each item asked of
 * the policy, so a page may hold fewer than `limit`; `next` still continues). */
static int list_cases(request *r, err *e)
{
    if (generic_list(r, e)) return -1;
    json_t *items = json_object_get(r->out, "items");
    /* generic_list has ended its read: the checks and names in one of their own */
    if (store_begin(r->db, STORE_READ, e)) return -1;
    size_t i = r->actor.unit_roles & UNIT_COORDINATING ? 0 : json_array_size(items);
    while (i-- > 0) { /* the coordinating unit sees every case */
        int64_t id = json_integer_value(json_object_get(json_array_get(items, i), "id"));
        policy_access acc;
        if (policy_check(r->db, &r->actor, ACT_READ, OBJ_CASE, SEC_NONE, &id, 1, &acc, e)) {
            if (e->kind != ERR_NOT_FOUND) return -1;
            err_clear(e);
            json_array_remove(items, i);
        }
    }
    return case_names(r, items, e);
}

static int create_case(request *r, err *e)
{
    json_t *in, *out = NULL;
    if (req_body_object(r, 1, &in, e)) return -1;
    int rc = store_begin(r->db, STORE_WRITE, e) || case_create(r->db, &r->actor, in, &out, e) ||
             case_named(r, out, e) || store_commit(r->db, e);
    return generic_answer(r, rc, in, out, 201);
}

static int get_case(request *r, err *e)
{
    json_t *out = NULL;
    if (store_begin(r->db, STORE_READ, e) || case_get(r->db, &r->actor, r->ids[0], &out, e) ||
        case_named(r, out, e) || store_commit(r->db, e)) {
        json_decref(out);
        return -1;
    }
    respond_record(r, 200, out);
    return 0;
}

static int update_case(request *r, err *e)
{
    int64_t version;
    json_t *in, *out = NULL;
    if (req_if_match(r, &version, e) || req_body_object(r, 1, &in, e)) return -1;
    int rc = store_begin(r->db, STORE_WRITE, e) ||
             case_update(r->db, &r->actor, r->ids[0], version, in, &out, e) ||
             case_named(r, out, e) || store_commit(r->db, e);
    return generic_answer(r, rc, in, out, 200);
}

/* {"current": the open row or null, "history": every row, oldest first,
 * "version": the case's}, answered with the case's ETag. */
static int contact_answer(request *r, int status, err *e)
{
    json_t *history = NULL, *kase = NULL;
    if (case_contact_history(r->db, &r->actor, r->ids[0], &history, e) ||
        names_add(r->db, &r->actor, history, NAMES_STAFF, "staff_id", "name", e) ||
        case_get(r->db, &r->actor, r->ids[0], &kase, e)) {
        json_decref(history);
        return -1;
    }
    json_t *current = json_null(), *row;
    size_t i;
    json_array_foreach(history, i, row)
    {
        if (json_is_null(json_object_get(row, "to_at"))) current = row;
    }
    json_t *body = json_pack("{s:O,s:o,s:O}", "current", current, "history", history, "version",
                             json_object_get(kase, "version"));
    json_decref(kase);
    respond_record(r, status, body);
    return 0;
}

static int get_contact(request *r, err *e)
{
    return store_begin(r->db, STORE_READ, e) || contact_answer(r, 200, e) || store_commit(r->db, e)
               ? -1
               : 0;
}

static const char *const contact_input[] = {"staff_id", "reason", NULL};

/* PUT .../contact {staff_id, reason}: 200 with the contact history, or 202
 * with the approval request when she names herself (case_appoint_contact). */
static int set_contact(request *r, err *e)
{
    json_t *in, *row = NULL;
    int64_t staff_id, version;
    const char *reason;
    int pending = 0;
    if (req_if_match(r, &version, e) || req_body_object(r, 1, &in, e)) return -1;
    int rc = json_in_no_other(in, contact_input, e) ||
             json_in_id(in, "staff_id", 1, &staff_id, e) ||
             json_in_string(in, "reason", 0, &reason, e) || store_begin(r->db, STORE_WRITE, e) ||
             case_appoint_contact(r->db, &r->actor, r->ids[0], staff_id, reason, version, &row,
                                  &pending, e);
    if (!rc && pending) {
        rc = store_commit(r->db, e);
        if (!rc) respond_json(r, 202, json_incref(row));
    } else if (!rc) {
        rc = contact_answer(r, 200, e) || store_commit(r->db, e);
    }
    json_decref(in);
    json_decref(row);
    return rc ? -1 : 0;
}

static int get_history(request *r, err *e)
{
    int limit;
    int64_t after, next;
    json_t *items;
    if (req_page_only(r, &limit, &after, e) || store_begin(r->db, STORE_READ, e) ||
        case_history(r->db, &r->actor, r->ids[0], after, limit, &items, &next, e))
        return -1;
    if (names_history(r->db, &r->actor, items, e)) {
        json_decref(items);
        return -1;
    }
    respond_page(r, items, next);
    return 0;
}

#define C       OBJ_CASE
#define CONTACT "/api/v1/cases/{id}/contact"

const route api_case_routes[] = {
    {"GET", "/api/v1/cases", list_cases, 0, C, ACT_READ, 0, &case_def, NULL},
    {"POST", "/api/v1/cases", create_case, 0, C, ACT_CREATE, 0, &case_def, NULL},
    {"GET", "/api/v1/cases/{id}", get_case, 0, C, ACT_READ, 0, &case_def, NULL},
    {"PATCH", "/api/v1/cases/{id}", update_case, 0, C, ACT_UPDATE, 0, &case_def, NULL},
    {"GET", CONTACT, get_contact, 0, C, ACT_READ, 0, &case_contact_def, NULL},
    {"PUT", CONTACT, set_contact, 0, C, ACT_UPDATE, 0, &case_contact_def, NULL},
    {"GET", "/api/v1/cases/{id}/history", get_history, 0, C, ACT_READ, 0, NULL, NULL},
    {NULL, NULL, NULL, 0, 0, 0, 0, NULL, NULL},
};
