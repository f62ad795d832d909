/*
 * api.h - the route tables of the api modules, one per resource file, joined in
 * api/routes.c. Each handler decodes and validates its input, calls the domain
 * and encodes the answer; access has already been decided by the router through
 * the policy (DESIGN: http -> router -> api -> access -> domain -> store).
 */
#ifndef HELHET_API_H
#define HELHET_API_H

#include "http/router.h"

extern const route api_system_routes[];
extern const route api_session_routes[];
extern const route api_oidc_routes[];
extern const route api_organisation_routes[];
extern const route api_staff_routes[];
extern const route api_person_routes[];
extern const route api_case_routes[];
extern const route api_worklist_routes[];
extern const route api_plan_routes[];
extern const route api_plan_part_routes[];
extern const route api_audit_routes[];
extern const route api_approval_routes[];

/* Prepares what the api modules keep between requests (the plan cache, with a
 * budget in bytes; 0 disables it), and releases it at shutdown. */
void api_start(size_t plan_cache_bytes);
void api_stop(void);

/* NULL-terminated list of the tables above. */
extern const route *const api_route_tables[];

#endif
