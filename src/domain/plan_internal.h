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
/* Adds "flags" to each item of a section (R7, R8) and "state" to consents.
 * `measures` is the plan's measure list (for goal flags). */
void plan_decorate(const record_def *d, json_t *items, json_t *measures, const char *today);
/* The values in `cur` of the keys present in `changes` (for history). */
json_t *plan_before(json_t *cur, json_t *changes);

#endif
