/*
 * stats_store.h - counting queries for /statistics: numbers about plans, never
 * their content.
 */
#ifndef HELHET_STATS_STORE_H
#define HELHET_STATS_STORE_H

#include <jansson.h>
#include <stdint.h>

#include "store/store.h"

/* {"plans_by_status": {...}, "open_without_coordinator": n,
 *  "open_past_revision_date": n, "measures_without_responsible": n,
 *  "entitled_without_plan": n, "coordinators": [{staff_id, name, plans}]} */
int stats_store_plans(store *s, int64_t tenant, const char *today, json_t **out, err *e);

#endif
