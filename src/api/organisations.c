/* organisations.c - /organisations, /staff and /staff/{id}/memberships: plain
 * records served by the generic handlers (api/generic.h); and /accounts. A
 * change of `active` on a staff member or an account goes through off-boarding
 * (domain/offboarding.h): switched off, her sessions and tokens end at once. */
#include "api/api.h"
#include "api/generic.h"
#include "domain/offboarding.h"
#include "domain/organisation.h"

#define ORG OBJ_ORGANISATION
#define STF OBJ_STAFF
#define ACC OBJ_ACCOUNT

const route api_organisation_routes[] = {
    {"GET", "/api/v1/organisations", generic_list, 0, ORG, ACT_READ, 0, &organisation_def, NULL},
    {"POST", "/api/v1/organisations", generic_create, 0, ORG, ACT_CREATE, 0, &organisation_def,
     NULL},
    {"GET", "/api/v1/organisations/{id}", generic_get, 0, ORG, ACT_READ, 0, &organisation_def,
     NULL},
    {"PATCH", "/api/v1/organisations/{id}", generic_update, 0, ORG, ACT_UPDATE, 0,
     &organisation_def, NULL},
    {NULL, NULL, NULL, 0, 0, 0, 0, NULL, NULL},
};

/* PATCH /staff/{id} and PATCH /accounts/{id}: as generic_update, through
 * off-boarding. */
static int update_active(request *r, err *e)
{
    int64_t version;
    json_t *in, *out = NULL;
    if (req_if_match(r, &version, e) || req_body_object(r, 1, &in, e)) return -1;
    int64_t id = r->ids[0];
    int rc = store_begin(r->db, STORE_WRITE, e) ||
             (r->route->def == &account_def
                  ? offboarding_account_update(r->db, &r->actor, id, version, in, &out, e)
                  : offboarding_staff_update(r->db, &r->actor, id, version, in, &out, e)) ||
             store_commit(r->db, e);
    return generic_answer(r, rc, in, out, 200);
}

const route api_staff_routes[] = {
    {"GET", "/api/v1/staff", generic_list, 0, STF, ACT_READ, 0, &staff_def, NULL},
    {"POST", "/api/v1/staff", generic_create, 0, STF, ACT_CREATE, 0, &staff_def, NULL},
    {"GET", "/api/v1/staff/{id}", generic_get, 0, STF, ACT_READ, 0, &staff_def, NULL},
    {"PATCH", "/api/v1/staff/{id}", update_active, 0, STF, ACT_UPDATE, 0, &staff_def, NULL},
    {"GET", "/api/v1/staff/{id}/memberships", generic_list, 0, STF, ACT_READ, 0, &membership_def,
     "staff_id"},
    {"GET", "/api/v1/memberships", generic_list, 0, STF, ACT_READ, 0, &membership_def, NULL},
    {"POST", "/api/v1/memberships", generic_create, 0, STF, ACT_CREATE, 0, &membership_def, NULL},
    {"GET", "/api/v1/memberships/{id}", generic_get, 0, STF, ACT_READ, 0, &membership_def, NULL},
    {"PATCH", "/api/v1/memberships/{id}", generic_update, 0, STF, ACT_UPDATE, 0, &membership_def,
     NULL},
    {"DELETE", "/api/v1/memberships/{id}", generic_delete, 0, STF, ACT_DELETE, 0, &membership_def,
     NULL},
    /* accounts: administrators only (policy OBJ_ACCOUNT) */
    {"GET", "/api/v1/accounts", generic_list, 0, ACC, ACT_READ, 0, &account_def, NULL},
    {"GET", "/api/v1/accounts/{id}", generic_get, 0, ACC, ACT_READ, 0, &account_def, NULL},
    {"PATCH", "/api/v1/accounts/{id}", update_active, 0, ACC, ACT_UPDATE, 0, &account_def, NULL},
    {NULL, NULL, NULL, 0, 0, 0, 0, NULL, NULL},
};
