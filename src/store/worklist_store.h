/*
 * worklist_store.h - the queries behind GET /worklist ("Mine saker"): a staff
 * member's open cases, open plans, measures and the dates that fall due on
 * those plans. Each answers rows as JSON objects; the domain (worklist.c)
 * keeps only what the policy lets the caller see.
 *
 * "My plans" are the tenant's open plans (not closed) where the staff member is
 * the current coordinator or a current participant (joined_on <= today, left_on
 * empty or after today).
 */
#ifndef HELHET_WORKLIST_STORE_H
#define HELHET_WORKLIST_STORE_H

#include <jansson.h>
#include <stdint.h>

#include "store/store.h"

typedef enum {
    WL_CASES,         /* open cases with the staff member as contact person:
                         {id, person_id, person_name, title, status, urgency,
                         intake_date} */
    WL_PLANS,         /* my plans: {id, person_id, person_name, person_birth_date, title,
                         status, revision_date, coordinator_id, relation:
                         coordinator|participant} */
    WL_MEASURES,      /* open measures (not ended or cancelled) on open plans with the staff
                         member responsible: {id, plan_id, person_id, person_name,
                         description, status, start_date, end_date, deadline,
                         evaluation_date} */
    WL_GOAL_DATES,    /* active goals on my plans with an evaluation date up to the horizon:
                         {id, plan_id, date, text} */
    WL_MEASURE_DATES, /* open measures on my plans with an evaluation date or a deadline up to
                         the horizon: {id, plan_id, evaluation_date, deadline, text (the
                         description)} */
    WL_CONSENTS,      /* consents on my plans, in force today, ending between today and the
                         horizon: {id, plan_id, valid_to} */
    /* for the coordinating unit (not the staff member's own): the tenant's open
     * plans and cases whose current coordinator or contact person is no longer
     * active (domain/offboarding.h) */
    WL_COORDINATOR_LEFT, /* {id, person_id, person_name, title, status, coordinator_id} */
    WL_CONTACT_LEFT,     /* {id, person_id, person_name, title, status, urgency,
                            contact_staff_id} */
    /* the staff member's own coordinator changes since `horizon` (here the
     * first day looked back at): {plan_id, change: appointed|handed_over, at,
     * other_staff_id (the previous or the next coordinator), reason (given for
     * the appointment), title}, newest first */
    WL_HANDOVERS,
} worklist_query;

/* Runs one of the queries above for `staff_id` in `tenant`; *rows gets a new
 * array. `today` and `horizon` are Oslo dates (YYYY-MM-DD). */
int worklist_store_rows(store *s, worklist_query q, int64_t tenant, int64_t staff_id,
                        const char *today, const char *horizon, json_t **rows, err *e);

#endif
