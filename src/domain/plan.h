/*
 * plan.h - the individual plan (individuell plan) with every item of § 19 of
 * the regulation, and the rules that guard it.
 *
 *   a. the owner's goals (main goals with sub-goals, in the owner's own words,
 *      with who wrote them), resources and needs      -> goals, plan.resources/needs
 *   b. who takes part in the plan work                 -> participants
 *   c. who is responsible for coordination             -> plan.coordinator_id + history
 *   d. what the owner, services and next of kin give   -> plan.*_contribution
 *   e. the measures, their scope, who is responsible   -> measures
 *   f. how the measures are carried out                -> measure.how
 *   g. the plan period and revision                    -> plan.period_*, revision_date
 *   h. the owner's consent                             -> consents
 *   i. cooperation with other services                 -> plan.cooperation, linked_plans
 * plus evaluations, and the history of every change (R9).
 *
 * Status moves draft -> awaiting_consent -> active -> closed. Rules enforced
 * here (each failure an ERR_CONFLICT whose code names the rule):
 *   R1  active only with a valid consent and exactly one coordinator;
 *   R2  one coordinator at a time, every change dated, reassignable by others;
 *   R3  one open plan per person per tenant;
 *   R7  a measure or goal without a responsible party is flagged;
 *   R8  a revision date is required to activate; overdue dates are flagged;
 *   R9  every change needs the version it was based on; every change is history;
 *   R12 a closed plan is read-only; only the coordinating unit reopens it.
 */
#ifndef HELHET_PLAN_H
#define HELHET_PLAN_H

#include <jansson.h>

#include "store/record.h"
#include "trust/actor.h"

extern const record_def plan_def;
extern const record_def goal_def;
extern const record_def measure_def;
extern const record_def evaluation_def;
extern const record_def participant_def;
extern const record_def consent_def;
extern const record_def linked_plan_def;
extern const record_def plan_coordinator_def;
extern const record_def message_def;
extern const char *const message_kinds[];

extern const char *const plan_statuses[];

/* Creates a plan in status draft (R3 checked). `in` may name a coordinator_id,
 * which opens the coordinator history. */
int plan_create(store *s, const actor *a, json_t *in, json_t **out, err *e);

/* The whole plan as its owner and group see it: the plan's fields, "flags"
 * (R7, R8; "consent_request_open" while a consent request waits for the
 * coordinator), "coordinator" (current history row with the staff member's
 * "name" and "organisation_name"), and the sections goals,
 * measures, evaluations, participants, consents and linked_plans, each item with
 * its own flags. */
int plan_get(store *s, const actor *a, int64_t id, json_t **out, err *e);

/* What identifies the content plan_get would answer: the plan's revision (every
 * change to the plan or its parts bumps it, see plan_record) and version, and
 * the date the flags were computed for. Equal stamps mean equal documents, so a
 * rendered plan may be reused while its stamp holds. ERR_NOT_FOUND if no plan. */
/* Plans the actor may be related to, ascending after `after` (at most `limit`
 * into ids, *n of them): the candidates for the policy when listing plans. */
int plan_candidates(store *s, const actor *a, const char *today, const char *now, int64_t after,
                    int64_t *ids, int limit, int *n, err *e);

/* Emergency access (domain/emergency.c): records the staff member's reason for
 * reading the plan without consent; in force for PLAN_EMERGENCY_MINUTES. */
#define PLAN_EMERGENCY_MINUTES 30
extern const record_def emergency_access_def;
int plan_emergency_open(store *s, const actor *a, int64_t plan_id, const char *reason, json_t **out,
                        err *e);
/* Emergency access to the plan of a protected person (R16) waits for a second
 * member of the coordinating unit: records the request (*out, domain/approval.h). */
int plan_emergency_request(store *s, const actor *a, int64_t plan_id, int64_t person_id,
                           const char *reason, json_t **out, err *e);
/* Grants the emergency access of an approved request: staff member `staff_id`,
 * who asked with `account_id`, from now on. */
int plan_emergency_grant(store *s, const actor *a, int64_t plan_id, int64_t staff_id,
                         int64_t account_id, const char *reason, err *e);

typedef struct plan_stamp {
    int64_t id, revision, version;
    int64_t names; /* the name epoch: names in the document are as of it */
    char today[11];
    unsigned view; /* which sections the document holds (set by the caller) */
} plan_stamp;
int plan_get_stamp(store *s, const actor *a, int64_t id, plan_stamp *st, err *e);
/* The stamp from a revision and version read earlier in the same transaction
 * (the access policy reads them). */
void plan_stamp_known(int64_t id, int64_t revision, int64_t version, int64_t names, plan_stamp *st);

/* Changes the plan's own fields at version if_version. status may move only
 * between draft and awaiting_consent here; see plan_activate/plan_close. */
int plan_update(store *s, const actor *a, int64_t id, int64_t if_version, json_t *in, json_t **out,
                err *e);

/* R1, R3, R8: draft/awaiting_consent -> active. *out is the whole plan. */
int plan_activate(store *s, const actor *a, int64_t id, json_t **out, err *e);
/* -> closed (archived, read-only: R12). */
int plan_close(store *s, const actor *a, int64_t id, const char *reason, json_t **out, err *e);
/* R12: closed -> active again; only the coordinating unit (or an administrator). */
int plan_reopen(store *s, const actor *a, int64_t id, json_t **out, err *e);

/* R2: makes staff_id the coordinator from now on, ending the previous holder's
 * period without needing them. *out gets the new history row. */
int plan_set_coordinator(store *s, const actor *a, int64_t plan_id, int64_t staff_id,
                         const char *reason, json_t **out, err *e);
/* As plan_set_coordinator, except that a staff member appointing herself
 * (a member of the coordinating unit) only asks for it: *out is then the
 * approval request (domain/approval.h) and *pending 1. */
int plan_appoint(store *s, const actor *a, int64_t plan_id, int64_t staff_id, const char *reason,
                 json_t **out, int *pending, err *e);
/* The coordinator history, oldest first. */
int plan_coordinators(store *s, const actor *a, int64_t plan_id, json_t **out, err *e);

/* The parts of a plan (goals, measures, evaluations, participants, consents,
 * linked plans, messages): create, change, delete, each checked against the plan's status
 * (R12), recorded in the history, and bumping the plan's revision. */
int plan_part_create(store *s, const actor *a, int64_t plan_id, const record_def *d, json_t *in,
                     json_t **out, err *e);
int plan_part_get(store *s, const actor *a, int64_t plan_id, const record_def *d, int64_t id,
                  json_t **out, err *e);
int plan_part_update(store *s, const actor *a, int64_t plan_id, const record_def *d, int64_t id,
                     int64_t if_version, json_t *in, json_t **out, err *e);
int plan_part_delete(store *s, const actor *a, int64_t plan_id, const record_def *d, int64_t id,
                     int64_t if_version, err *e);
/* Lists one kind of part of a plan, each with its flags and names: a
 * participant's "name" (the staff member's, when the row names none) and
 * "organisation_name"; a measure's "responsible_name",
 * "responsible_organisation_name" and "deciding_organisation_name"; a
 * message's "author_name". */
int plan_part_list(store *s, const actor *a, int64_t plan_id, const record_def *d, json_t **out,
                   err *e);

/* Records that the actor has seen the plan's thread up to message_id (a
 * message of the plan; a consent request only `with_requests`, for readers of
 * the consents: else 422 "unknown_reference" on message_id). The marker never
 * moves back: *out = {plan_id, message_id (the marker now), seen_at}. The
 * policy has let the actor read the messages. */
int plan_messages_seen(store *s, const actor *a, int64_t plan_id, int64_t message_id,
                       int with_requests, json_t **out, err *e);

/* R4: withdraws a consent from now on. */
int plan_consent_withdraw(store *s, const actor *a, int64_t plan_id, int64_t consent_id,
                          const char *reason, json_t **out, err *e);

/* The plan's history, oldest first, keyset-paginated by history id. */
int plan_history(store *s, const actor *a, int64_t plan_id, int64_t after, int limit,
                 json_t **items, int64_t *next, err *e);

#endif
