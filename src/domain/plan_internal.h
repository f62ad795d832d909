/*
 * plan_internal.h - what plan.c and plan_parts.c share; not for other modules.
 */
#ifndef HELHET_PLAN_INTERNAL_H
#define HELHET_PLAN_INTERNAL_H

#include "domain/plan.h"

/* Loads a plan of the actor's tenant (ERR_NOT_FOUND otherwise). */
int plan_load(store *s, const actor *a, int64_t id, json_t **plan, err *e);
/* R12: ERR_CONFLICT r12_plan_closed when the plan is closed. */
int plan_require_open(json_t *plan, err *e);
/* R9: records a change in the plan's history (bumping its revision). Every
 * change to what plan_get answers must come through here, in the same
 * transaction: the revision is what cached plan documents are checked against. `after`
 * and `before` may be NULL; neither is stolen. */
int plan_record(store *s, const actor *a, int64_t plan_id, const char *action,
                const char *object_type, int64_t object_id, json_t *after, json_t *before, err *e);
/* The raw rows of one kind of part of a plan, without flags. */
int plan_part_rows(store *s, const actor *a, int64_t plan_id, const record_def *d, json_t **out,
                   err *e);
/* The plan's group on a day, for measure flags: its current coordinator and
 * its participants (rows with staff_id, joined_on, left_on). */
typedef struct plan_group {
    json_t *participants;
    int64_t coordinator_id;
} plan_group;
/* The group of plan plan_id (for d == &measure_def; otherwise nothing is
 * loaded); `plan` is the plan's row when the caller has it, else NULL. Release
 * with plan_group_free. */
int plan_group_load(store *s, const actor *a, int64_t plan_id, json_t *plan, const record_def *d,
                    plan_group *g, err *e);
void plan_group_free(plan_group *g);
/* Adds "flags" to each item of a section (R7, R8) and "state" to consents.
 * `measures` is the plan's measure list (for goal flags); `group`, if not NULL,
 * the plan's group (a measure held by someone no longer in it is flagged). */
void plan_decorate(const record_def *d, json_t *items, json_t *measures, const plan_group *group,
                   const char *today);
/* Adds the display names (see plan_part_list) to the items of a section of
 * kind d (participants, measures, messages; others are left alone). */
int plan_names_add(store *s, const actor *a, int64_t plan_id, const record_def *d, json_t *items,
                   err *e);
/* The same for a whole plan document (plan_get): its coordinator, participants
 * and measures, from one load of the plan's names. */
int plan_names_add_plan(store *s, const actor *a, json_t *plan, err *e);
/* The values in `cur` of the keys present in `changes` (for history). */
json_t *plan_before(json_t *cur, json_t *changes);

#endif
