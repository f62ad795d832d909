/* organisations.c - /organisations, /staff and /staff/{id}/memberships: plain
 * records served by the generic handlers (api/generic.h). */
#include "api/api.h"
#include "api/generic.h"
#include "domain/organisation.h"

#define ORG OBJ_ORGANISATION
#define STF OBJ_STAFF

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

const route api_staff_routes[] = {
    {"GET", "/api/v1/staff", generic_list, 0, STF, ACT_READ, 0, &staff_def, NULL},
    {"POST", "/api/v1/staff", generic_create, 0, STF, ACT_CREATE, 0, &staff_def, NULL},
    {"GET", "/api/v1/staff/{id}", generic_get, 0, STF, ACT_READ, 0, &staff_def, NULL},
    {"PATCH", "/api/v1/staff/{id}", generic_update, 0, STF, ACT_UPDATE, 0, &staff_def, NULL},
    {"GET", "/api/v1/staff/{id}/memberships", generic_list, 0, STF, ACT_READ, 0, &membership_def,
     "staff_id"},
    {"GET", "/api/v1/memberships", generic_list, 0, STF, ACT_READ, 0, &membership_def, NULL},
    {"POST", "/api/v1/memberships", generic_create, 0, STF, ACT_CREATE, 0, &membership_def, NULL},
    {"GET", "/api/v1/memberships/{id}", generic_get, 0, STF, ACT_READ, 0, &membership_def, NULL},
    {"PATCH", "/api/v1/memberships/{id}", generic_update, 0, STF, ACT_UPDATE, 0, &membership_def,
     NULL},
    {"DELETE", "/api/v1/memberships/{id}", generic_delete, 0, STF, ACT_DELETE, 0, &membership_def,
     NULL},
    {NULL, NULL, NULL, 0, 0, 0, 0, NULL, NULL},
};
