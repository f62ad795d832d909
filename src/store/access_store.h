/*
 * access_store.h - the named queries the access policy asks (trust/policy.c,
 * trust/roles.c). Finders return 1 found, 0 not found, -1 error.
 */
#ifndef HELHET_ACCESS_STORE_H
#define HELHET_ACCESS_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "trust/actor.h"

/* The staff member's current memberships (largest position first) with their
 * organisation's kind, into a->units; sets a->unit_roles. */
int access_store_units(store *s, actor *a, const char *today, err *e);
/* The persons the account currently represents, into a->represented. */
int access_store_represented(store *s, actor *a, const char *today, err *e);

/* What the policy needs about a plan: its person and current coordinator,
 * and its revision and version (the plan cache's stamp, read once). */
typedef struct access_plan {
    int64_t person_id, coordinator_id, revision, version;
    int64_t names; /* the name epoch (migration 007), also part of the stamp */
} access_plan;
int access_store_plan(store *s, int64_t tenant, int64_t plan_id, access_plan *p, err *e);
/* The organisation of the staff member's current participation in the plan
 * (0 when the participant row names none). */
int access_store_participant(store *s, int64_t tenant, int64_t plan_id, int64_t staff_id,
                             const char *today, int64_t *organisation_id, err *e);
/* Calls fn with the grants (JSON text) of every consent of the plan valid today. */
int access_store_consent_grants(store *s, int64_t tenant, int64_t plan_id, const char *today,
                                void (*fn)(void *ctx, const char *grants), void *ctx, err *e);
/* The reason of the staff member's emergency access to the plan still in force
 * at `now` (copied into reason[size]). */
int access_store_emergency(store *s, int64_t tenant, int64_t plan_id, int64_t staff_id,
                           const char *now, char *reason, size_t size, err *e);
/* 1 if the staff member is the contact person of an open case of the person. */
int access_store_contact_of_person(store *s, int64_t tenant, int64_t person_id, int64_t staff_id,
                                   err *e);
/* What the policy needs about a case: contact, lead and contributing units
 * (JSON array text copied into contributing[size]) and person. */
int access_store_case(store *s, int64_t tenant, int64_t case_id, int64_t *contact_staff_id,
                      int64_t *lead_org, char *contributing, size_t size, int64_t *person_id,
                      err *e);

/* How many open plans the staff member coordinates and how many open cases
 * they are the contact person of. */
int access_store_relations(store *s, int64_t tenant, int64_t staff_id, int64_t *plans,
                           int64_t *cases, err *e);
/* The ids of plans an actor may be related to (coordinator, participant, owner
 * or represented person, contact person of the person's open case, emergency
 * access in force), ascending, after `after`, at most `limit` (the caller asks
 * the policy about each). n gets the count. */
int access_store_candidate_plans(store *s, const actor *a, const char *today, const char *now,
                                 int64_t after, int64_t *ids, int limit, int *n, err *e);

#endif
