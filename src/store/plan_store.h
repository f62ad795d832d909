/*
 * plan_store.h - the named queries behind the plan rules. Counting functions
 * return the count (>= 0) or -1; finders return 1 found, 0 not found, -1 error.
 */
#ifndef HELHET_PLAN_STORE_H
#define HELHET_PLAN_STORE_H

#include <jansson.h>
#include <stdint.h>

#include "store/store.h"

/* The plan's content stamp: revision (bumped by every change to the plan or its
 * parts), version (bumped by every change to the plan row) and the name epoch
 * (moved by every change to a name or a membership, migration 007). 1 found,
 * 0 not. */
int plan_store_stamp(store *s, int64_t tenant, int64_t plan_id, int64_t *revision, int64_t *version,
                     int64_t *names, err *e);
/* The display names a plan answer carries: *out gets
 *   {"staff": {"<id>": {"name", "organisation_id", "organisation_name"}},
 *    "organisations": {"<id>": "<name>"}, "persons": {"<id>": "<name>"},
 *    "owner": {"<id>": "<name>"}}
 * for the staff members the plan names (coordinators, participants, holders
 * of measures, authors of messages and goals; organisation: the unit they
 * mainly work in on `today`), the organisations its participants and measures
 * name, the persons who wrote its messages and goals, and the plan's owner. */
int plan_store_names(store *s, int64_t tenant, int64_t plan_id, const char *today, json_t **out,
                     err *e);
/* The plan's consent requests (messages of a consent kind) not yet handled. */
int plan_store_open_requests(store *s, int64_t tenant, int64_t plan_id, err *e);
/* The person whose plan it is. 1 found, 0 not. */
int plan_store_owner(store *s, int64_t tenant, int64_t plan_id, int64_t *person_id, err *e);
/* R3: an open (not closed) plan of the person other than `except`. */
int plan_store_open_plan_of(store *s, int64_t tenant, int64_t person_id, int64_t except,
                            int64_t *found, err *e);
/* R1/R4: consents of the plan valid on `today` (not withdrawn, within dates). */
int plan_store_valid_consents(store *s, int64_t tenant, int64_t plan_id, const char *today, err *e);
/* R2: closes the open coordinator row (to_at = now), opens one for staff_id,
 * and points plans.coordinator_id at it (bumping the plan's version). */
int plan_store_set_coordinator(store *s, int64_t tenant, int64_t plan_id, int64_t staff_id,
                               int64_t account, const char *reason, const char *now,
                               int64_t *row_id, err *e);
/* R9: bumps the plan's revision and appends a history entry with it. */
int plan_store_history_add(store *s, int64_t tenant, int64_t plan_id, int64_t account,
                           const char *action, const char *object_type, int64_t object_id,
                           json_t *after, json_t *before, const char *now, err *e);
/* History entries after id `after`, oldest first. */
int plan_store_history(store *s, int64_t tenant, int64_t plan_id, int64_t after, int limit,
                       json_t **items, int64_t *next, err *e);
/* Sets status and the matching timestamps; bumps the version. */
int plan_store_set_status(store *s, int64_t tenant, int64_t plan_id, const char *status,
                          const char *activated_at, const char *closed_at, const char *reason,
                          const char *now, err *e);
/* 1 if the staff member currently belongs to a coordinating unit. */
int plan_store_in_coordinating_unit(store *s, int64_t tenant, int64_t staff_id, const char *today,
                                    err *e);
/* The organisation a staff member mainly works in today (the current membership
 * with the largest position). 1 found, 0 none. */
int plan_store_main_unit(store *s, int64_t tenant, int64_t staff_id, const char *today,
                         int64_t *organisation_id, err *e);
/* The number of records of `table` whose `column` equals id (for "in use" checks). */
int plan_store_count_refs(store *s, const char *table, const char *column, int64_t id, err *e);
/* The current participant row of a staff member in the plan (left_on null). */
int plan_store_active_participant(store *s, int64_t tenant, int64_t plan_id, int64_t staff_id,
                                  int64_t *found, err *e);

#endif
