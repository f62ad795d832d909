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

/* The open plans behind three of those numbers, each row {id, title, status,
 * revision_date, coordinator_id} (+ measures_without_responsible for the
 * third): the domain keeps those the caller may see. */
typedef enum {
    STATS_WITHOUT_COORDINATOR,
    STATS_PAST_REVISION_DATE, /* revision_date before `today` */
    STATS_UNOWNED_MEASURES,   /* open measures with neither a staff member nor an agency */
} stats_list;

int stats_store_plan_list(store *s, stats_list which, int64_t tenant, const char *today,
                          json_t **items, err *e);

#endif
