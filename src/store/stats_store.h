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
 *  "open_coordinator_left": n, "open_cases_contact_left": n (open plans and
 *  cases whose current coordinator or contact person is no longer active:
 *  domain/offboarding.h), "entitled_without_plan": n,
 *  "coordinators": [{staff_id, name, plans}]} */
int stats_store_plans(store *s, int64_t tenant, const char *today, json_t **out, err *e);

/* The open plans behind three of those numbers, each row {id, title, status,
 * revision_date, coordinator_id, person_id} (+ measures_without_responsible for the
 * third): the domain keeps those the caller may see. */
typedef enum {
    STATS_WITHOUT_COORDINATOR,
    STATS_PAST_REVISION_DATE, /* revision_date before `today` */
    STATS_UNOWNED_MEASURES,   /* open measures with neither a staff member nor an agency */
    STATS_COORDINATOR_LEFT,   /* the current coordinator's staff member is inactive */
} stats_list;

int stats_store_plan_list(store *s, stats_list which, int64_t tenant, const char *today,
                          json_t **items, err *e);

/* The open cases whose contact person is no longer active, each {id, title,
 * status, urgency, contact_staff_id, person_id}: the domain keeps those the caller may see. */
int stats_store_cases_contact_left(store *s, int64_t tenant, json_t **items, err *e);

/* The municipality's possible coordinators: active staff with a membership in
 * force of one of its own units (not an external agency), by name, each
 * {staff_id, name, units (their own units' names, ", "-joined), open_plans (open
 * plans they coordinate), open_cases (open cases they are the contact person
 * of)}. Numbers, never content. */
int stats_store_coordinator_candidates(store *s, int64_t tenant, const char *today, json_t **items,
                                       err *e);

#endif
