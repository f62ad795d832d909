/*
 * worklist.c - GET /worklist: the caller's "Mine saker" in one request (cases,
 * plans, measures, dates due, consents ending; see domain/worklist.h). The
 * route's object (OBJ_WORKLIST) lets the policy admit staff members only, and
 * the router writes the read's audit entry like every other.
 */
#include "api/api.h"
#include "domain/worklist.h"

static int get_worklist(request *r, err *e)
{
    static const char *const none[] = {NULL};
    json_t *out = NULL;
    if (req_query_only(r, none, e) || store_begin(r->db, STORE_READ, e) ||
        worklist_get(r->db, &r->actor, &out, e) || store_commit(r->db, e)) {
        json_decref(out);
        return -1;
    }
    respond_json(r, 200, out);
    return 0;
}

const route api_worklist_routes[] = {
    {"GET", "/api/v1/worklist", get_worklist, 0, OBJ_WORKLIST, ACT_READ, SEC_NONE, NULL, NULL},
    {NULL, NULL, NULL, 0, 0, 0, 0, NULL, NULL},
};
