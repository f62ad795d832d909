/*
 * policy.h - the one choke point for access (DESIGN principle 1).
 *
 * Every API route declares the object it touches, the action and the plan
 * section; the router asks policy_check before the handler runs, so no handler
 * decides access on its own. A denied read of an object the actor may not see
 * answers ERR_NOT_FOUND (R5: never 403 with details).
 *
 * Today the policy knows tenants and account roles: administrators and staff may
 * do everything within their tenant; a citizen may read their own person record
 * and their own plan. Consent-scoped sections, per-unit roles and the audit entry
 * written at this same point come with the trust capability.
 */
#ifndef HELHET_POLICY_H
#define HELHET_POLICY_H

#include <stdint.h>

#include "store/store.h"
#include "trust/actor.h"
#include "util/err.h"

typedef enum {
    OBJ_NONE = 0, /* public or actor-only routes (/healthz, /session, /me) */
    OBJ_TENANT,   /* tenant-wide collections: organisations, staff, persons, cases, plans */
    OBJ_ORGANISATION,
    OBJ_STAFF,
    OBJ_PERSON,
    OBJ_CASE,
    OBJ_PLAN,
    OBJ_ACCOUNT,
} policy_object;

typedef enum { ACT_READ = 0, ACT_CREATE, ACT_UPDATE, ACT_DELETE, ACT_MANAGE } policy_action;

/* The sections of a plan: the unit of consent (SPEC section 3, issue 3). */
typedef enum {
    SEC_NONE = 0,
    SEC_PLAN, /* the plan itself: status, period, coordinator */
    SEC_GOALS,
    SEC_RESOURCES_NEEDS,
    SEC_MEASURES,
    SEC_EVALUATIONS,
    SEC_PARTICIPANTS,
    SEC_CONSENTS,
    SEC_CRISIS_PLAN,
    SEC_MESSAGES,
    SEC_DOCUMENTS,
    SEC_HISTORY,
} policy_section;

/* 0 if `a` may do `action` on the object (`id` is its id, 0 for collections).
 * Otherwise -1 with ERR_NOT_FOUND (not visible) or ERR_CONFLICT/ERR_INVALID as
 * fitting; the caller passes the error on unchanged. */
int policy_check(store *s, const actor *a, policy_action action, policy_object object, int64_t id,
                 policy_section section, err *e);

/* The names of the sections, as used in consents ("goals", "measures", ...);
 * NULL-terminated, without SEC_NONE and SEC_PLAN. */
extern const char *const policy_section_names[];

#endif
