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
 * (JSON array text copied into contributing[size]), person and the account
 * that registered it (0 if unknown). */
int access_store_case(store *s, int64_t tenant, int64_t case_id, int64_t *contact_staff_id,
                      int64_t *lead_org, char *contributing, size_t size, int64_t *person_id,
                      int64_t *created_by, err *e);
/* Calls fn with the grants of every consent valid today of the person's plans
 * that are not closed and in whose group the staff member currently takes part
 * (a partner's access to the person's cases, R13). */
int access_store_person_consent_grants(store *s, int64_t tenant, int64_t person_id,
                                       int64_t staff_id, const char *today,
                                       void (*fn)(void *ctx, const char *grants), void *ctx,
                                       err *e);

/*
 * Need-to-know for persons (SPEC R13): the relations through which a staff
 * member who is not in an intake unit sees a person. The policy fills the
 * scope (trust/policy.c: policy_person_scope); the store turns it into one SQL
 * condition, used both for one person and to filter a search.
 */
typedef struct person_scope {
    int64_t staff_id;
    int norgs; /* her current municipal units */
    int64_t orgs[ACTOR_MAX_UNITS];
    char today[11];
    char now[21]; /* emergency access in force until after now */
} person_scope;
/* The relation through which the scope sees the person: 1 and *kind one of
 * "contact_person", "case_unit", "coordinator", "participant", "measure",
 * "emergency" (emergency access in force to a plan of hers), the first of
 * these when there are several; 0 when there is none. */
int access_store_person_relation(store *s, int64_t tenant, int64_t person_id,
                                 const person_scope *sc, const char **kind, err *e);
/* Appends to sql[size] (at *len) " AND <alias>.id IN (...)": the persons the
 * scope sees; with `correlate`, the same relations as a condition on the row
 * (" AND (EXISTS ... OR ...)"), cheaper when the rest of the query leaves few
 * candidates (a search by name, street or national ID number).
 * access_store_scope_bind binds its values from position k on (the same for
 * both) and answers the next free position. */
void access_store_scope_sql(const person_scope *sc, const char *alias, int correlate, char *sql,
                            size_t size, size_t *len);
struct db_stmt;
int access_store_scope_bind(struct db_stmt *st, int k, int64_t tenant, const person_scope *sc);

/* What the policy needs about an approval request (domain/approval.h). */
typedef struct access_approval {
    char kind[16];
    int64_t requested_by, person_id;
} access_approval;
int access_store_approval(store *s, int64_t tenant, int64_t id, access_approval *ap, err *e);

/* The staff member's profession (copied into out[size]). */
int access_store_profession(store *s, int64_t tenant, int64_t staff_id, char *out, size_t size,
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
