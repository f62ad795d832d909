/*
 * statistics.h - numbers for leaders and the coordinating unit (S10): how many
 * plans by status, without a coordinator, past their revision date, measures
 * without a responsible party, persons entitled without a plan, and each
 * coordinator's number of open plans; and the open plans and cases whose
 * coordinator or contact person was off-boarded (domain/offboarding.h).
 * Numbers, never content.
 */
#ifndef HELHET_STATISTICS_H
#define HELHET_STATISTICS_H

#include <jansson.h>

#include "store/store.h"
#include "trust/actor.h"

int statistics_plans(store *s, const actor *a, json_t **out, err *e);
/* Whom to appoint coordinator (GET /coordinators): {"items": [{staff_id, name,
 * units, open_plans, open_cases}]}, every active member of one of the
 * municipality's own units, with the load each carries today. */
int statistics_coordinators(store *s, const actor *a, json_t **out, err *e);

#endif
