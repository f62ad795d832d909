/*
 * approvals.c - /approvals: the requests for a second person's approval (four
 * eyes, R14; domain/approval.h). Administrators see and decide those about
 * memberships, the coordinating unit the others (representatives,
 * coordinators, contact persons, emergency access to protected persons); the
 * owner sees those about her and decides none; nobody decides her own request
 * (trust/policy.c).
 */
#include "api/api.h"
#include "api/generic.h"
#include "api/json_in.h"
#include "domain/approval.h"
#include "domain/names.h"

/* The requests, each with the name of the staff member it concerns
 * (staff_name), so that the owner, who reads no staff register, knows who. */
static int list_approvals(request *r, err *e)
{
    json_t *value;
    rec_filter where;
    if (r->actor.role == ROLE_CITIZEN) {
        /* the owner: the requests about her, whatever their kind */
        value = json_integer(r->actor.person_id);
        where = (rec_filter){"person_id", RF_EQ, value};
    } else {
        /* administrators: memberships; the coordinating unit: the others */
        value = json_string("membership");
        where = (rec_filter){
            "kind", policy_approval_kinds(&r->actor) & APPROVE_MEMBERSHIP ? RF_EQ : RF_NE, value};
    }
    int rc = generic_list_where(r, &where, e);
    json_decref(value);
    return rc || store_begin(r->db, STORE_READ, e) ||
                   names_add(r->db, &r->actor, json_object_get(r->out, "items"), NAMES_STAFF,
                             "staff_id", "staff_name", e)
               ? -1
               : 0;
}

/* POST /approvals/{id}/approve and /refuse, with an optional {"note": "..."} */
static int decide(request *r, int approve, err *e)
{
    json_t *in, *out = NULL;
    const char *note = NULL;
    if (req_body_object(r, 0, &in, e)) return -1;
    int rc = (in && (json_in_string(in, "note", 0, &note, e) ||
                     json_in_no_other(in, (const char *const[]){"note", NULL}, e))) ||
             store_begin(r->db, STORE_WRITE, e) ||
             approval_decide(r->db, &r->actor, r->ids[0], approve, note, &out, e) ||
             store_commit(r->db, e);
    return generic_answer(r, rc, in, out, 200);
}

static int approve(request *r, err *e)
{
    return decide(r, 1, e);
}

static int refuse(request *r, err *e)
{
    return decide(r, 0, e);
}

#define A OBJ_APPROVAL

const route api_approval_routes[] = {
    {"GET", "/api/v1/approvals", list_approvals, 0, A, ACT_READ, 0, &approval_def, NULL},
    {"GET", "/api/v1/approvals/{id}", generic_get, 0, A, ACT_READ, 0, &approval_def, NULL},
    {"POST", "/api/v1/approvals/{id}/approve", approve, 0, A, ACT_UPDATE, 0, &approval_def, NULL},
    {"POST", "/api/v1/approvals/{id}/refuse", refuse, 0, A, ACT_UPDATE, 0, &approval_def, NULL},
    {NULL, NULL, NULL, 0, 0, 0, 0, NULL, NULL},
};
