/* system.c - GET /healthz: no authentication, no database. GET /metrics is not
 * a route: it has its own listener (http/server.c, --metrics-listen). */
#include <string.h>

#include "api/api.h"
#include "version.h"

static int healthz(request *r, err *e)
{
    respond_json(r, 200, json_pack("{s:s,s:s}", "status", "ok", "version", HELHET_VERSION));
    return 0;
}

const route api_system_routes[] = {
    {"GET", "/healthz", healthz, ROUTE_PUBLIC | ROUTE_NO_DB, OBJ_NONE, ACT_READ, SEC_NONE, NULL,
     NULL},
    {NULL, NULL, NULL, 0, 0, 0, 0, NULL, NULL},
};
