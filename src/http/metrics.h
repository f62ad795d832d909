/*
 * metrics.h - counters for GET /metrics (Prometheus text format): requests by
 * route and status, and a latency histogram per route. Counters are lock-free
 * atomics shared by the worker threads.
 */
#ifndef HELHET_METRICS_H
#define HELHET_METRICS_H

#include <stdint.h>

#include "util/buf.h"

/* Sizes the tables for `nroutes` routes (+1 for unmatched). Call once before serving. */
int metrics_init(int nroutes);
void metrics_free(void);
void metrics_observe(int route, int status, uint64_t micros);
/* One group commit of `jobs` requests by the writer. */
void metrics_batch(int jobs);
/* Appends the Prometheus exposition to b; `route_name(i)` names route i. */
void metrics_render(buf *b, const char *(*route_name)(int i));

#endif
