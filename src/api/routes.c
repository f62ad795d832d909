/* routes.c - every api module's route table, in match order. A new resource
 * file adds its table here and in api.h. */
#include "api/api.h"
#include "api/plan_cache.h"

/* one table a line (clang-format would pack them into columns, and every
 * new resource would then move its neighbours) */
/* clang-format off */
const route *const api_route_tables[] = {
    api_system_routes,
    api_session_routes,
    api_oidc_routes,
    api_organisation_routes,
    api_staff_routes,
    api_person_routes,
    api_case_routes,
    api_worklist_routes,
    api_plan_routes,
    api_plan_part_routes,
    api_audit_routes,
    api_approval_routes,
    NULL,
};
/* clang-format on */

void api_start(size_t plan_cache_bytes)
{
    plan_cache_configure(plan_cache_bytes);
}

void api_stop(void)
{
    plan_cache_release();
}
