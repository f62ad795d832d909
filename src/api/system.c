/* system.c - GET /healthz and GET /metrics: no authentication, no database. */
#include <string.h>

#include "api/api.h"
#include "http/metrics.h"
#include "util/buf.h"
#include "version.h"

static int healthz(request *r, err *e)
{
    respond_json(r, 200, json_pack("{s:s,s:s}", "status", "ok", "version", HELHET_VERSION));
    return 0;
}

static const char *route_name(int i)
{
    return i < router_count() ? router_routes()[i].pattern : "unmatched";
}

static int metrics(request *r, err *e)
{
    buf b;
    buf_init(&b, r->a, 16 * 1024);
    metrics_render(&b, route_name);
    respond_text(r, 200, "text/plain; version=0.0.4; charset=utf-8", b.data, b.len);
    return 0;
}

const route api_system_routes[] = {
    {"GET", "/healthz", healthz, ROUTE_PUBLIC | ROUTE_NO_DB, OBJ_NONE, ACT_READ, SEC_NONE, NULL,
     NULL},
    {"GET", "/metrics", metrics, ROUTE_PUBLIC | ROUTE_NO_DB, OBJ_NONE, ACT_READ, SEC_NONE, NULL,
     NULL},
    {NULL, NULL, NULL, 0, 0, 0, 0, NULL, NULL},
};
