/*
 * case.h - the case (sak): why the municipality is involved with a person.
 *
 * Intake channel (application, referral, discharge message, worry report -
 * possibly anonymous -, walk-in, ...), life domains touched, urgency, status,
 * the lead unit and contributing units, and exactly one contact person
 * (brukerkontakt) at a time with a dated history (R2).
 */
#ifndef HELHET_CASE_H
#define HELHET_CASE_H

#include <jansson.h>

#include "store/record.h"
#include "trust/actor.h"

extern const record_def case_def;
extern const record_def case_contact_def;

extern const char *const case_intake_channels[];
extern const char *const life_domains[];

/* Creates a case. `in` may name the first contact person in contact_staff_id;
 * that opens the contact history, unless she names herself: then a second
 * person approves it first (R14) and *out has "contact_approval_id". Refused
 * (policy_case_relations) when the creator names relations to a person she
 * has none to. Every case keeps its history from here (case_history). */
int case_create(store *s, const actor *a, json_t *in, json_t **out, err *e);
/* The case with "contact" (the current contact person's history row or null). */
int case_get(store *s, const actor *a, int64_t id, json_t **out, err *e);
/* Changes a case (contact_staff_id is not changed here: see case_set_contact). */
int case_update(store *s, const actor *a, int64_t id, int64_t if_version, json_t *in, json_t **out,
                err *e);
/* R2: makes staff_id (an active member of a municipal unit) the contact
 * person from now on, closing the previous holder's period; does not need the
 * previous holder. Only at the case's version if_version (> 0; 0: any). *out
 * (may be NULL) gets the new contact row. */
int case_set_contact(store *s, const actor *a, int64_t case_id, int64_t staff_id,
                     const char *reason, int64_t if_version, json_t **out, err *e);
/* The same on a request: a staff member naming herself (outside the
 * coordinating unit) asks a second person instead (R14): *pending = 1 and
 * *out gets the approval request; approving it calls case_set_contact. */
int case_appoint_contact(store *s, const actor *a, int64_t case_id, int64_t staff_id,
                         const char *reason, int64_t if_version, json_t **out, int *pending,
                         err *e);
/* The dated history of contact persons, oldest first. */
int case_contact_history(store *s, const actor *a, int64_t case_id, json_t **out, err *e);
/* R9: every change to the case and its contact person, oldest first, after
 * entry id `after`: {id, revision, at, account_id, author, action (create,
 * update, contact), object_type, object_id, data {before, after}}. */
int case_history(store *s, const actor *a, int64_t case_id, int64_t after, int limit,
                 json_t **items, int64_t *next, err *e);

#endif
