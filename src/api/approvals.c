/*
 * approvals.c - /approvals: the requests for a second person's approval (four
 * eyes, R14; domain/approval.h). Administrators see and decide those about
 * memberships, the coordinating unit those about representatives and
 * coordinators; nobody decides her own request (trust/policy.c).
 */
#include "api/api.h"
#include "api/generic.h"
#include "api/json_in.h"
#include "domain/approval.h"

static int list_approvals(request *r, err *e)
{
    int limit;
    int64_t after, next;
    if (req_page(r, &limit, &after, e)) return -1;
    unsigned kinds = policy_approval_kinds(&r->actor);
    json_t *keep = json_array();
    json_array_append_new(keep, json_string("membership"));
    rec_filter f[12];
    int n = 0;
    /* administrators: memberships; the coordinating unit: the others */
    f[n++] =
        (rec_filter){"kind", kinds & APPROVE_MEMBERSHIP ? RF_EQ : RF_NE, json_array_get(keep, 0)};
    json_t *items = NULL;
    int rc =
        generic_filters(r, &approval_def, f, 12, &n, keep, e) ||
        store_begin(r->db, STORE_READ, e) ||
        rec_list(r->db, &approval_def, r->actor.tenant_id, f, n, after, limit, &items, &next, e) ||
        store_commit(r->db, e);
    json_decref(keep);
    if (rc) {
        json_decref(items);
        return -1;
    }
    respond_page(r, items, next);
    return 0;
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
