/*
 * policy.h - the one choke point for access (DESIGN principle 1;
 * docs/security.md says the rules in words).
 *
 * Every API route declares the object it touches, the action and the plan
 * section; the router asks policy_check before the handler runs, so no handler
 * decides access on its own. The decision is also what the audit entry records:
 * the role the access rested on, the agency the actor acted for, and whether it
 * rested on an emergency reason. A denied read of an object the actor may not
 * see answers ERR_NOT_FOUND (R5: never 403 with details) with the code
 * "not_found", and a section of a plan she does see but may not read
 * ERR_NOT_FOUND "section_not_consented" (the web says why); a write the actor's
 * role does not allow, on something they can see, answers ERR_FORBIDDEN.
 *
 * Decisions are made from the database on every request, inside the request's
 * transaction: a withdrawn or expired consent takes effect on the next request
 * (R4).
 */
#ifndef HELHET_POLICY_H
#define HELHET_POLICY_H

#include <stdint.h>

#include "store/access_store.h"
#include "store/store.h"
#include "trust/actor.h"
#include "util/err.h"

typedef enum {
    OBJ_NONE = 0, /* public or actor-only routes (/healthz, /session, /me) */
    OBJ_TENANT,   /* tenant-wide directory collections */
    OBJ_ORGANISATION,
    OBJ_STAFF,
    OBJ_PERSON,
    OBJ_CASE,
    OBJ_PLAN,
    OBJ_ACCOUNT,
    OBJ_AUDIT,      /* the tenant's audit log */
    OBJ_STATISTICS, /* numbers, not content */
    OBJ_WORKLIST,   /* a staff member's own items ("Mine saker"), each filtered by the policy */
    OBJ_APPROVAL,   /* a request for a second person's approval (four eyes, R14) */
} policy_object;

typedef enum {
    ACT_READ = 0,
    ACT_CREATE,
    ACT_UPDATE,
    ACT_DELETE,
    ACT_MANAGE,    /* reopen a closed plan (coordinating unit, R12) */
    ACT_APPOINT,   /* appoint the coordinator (coordinating unit; the coordinator hands over);
                      record a representative of a person (coordinating unit, intake, the owner) */
    ACT_STATUS,    /* activate or close a plan */
    ACT_WITHDRAW,  /* withdraw a consent */
    ACT_EMERGENCY, /* open a plan without consent, stating a reason */
} policy_action;

/* The sections of a plan: the unit of consent (SPEC section 3, issue 3). */
typedef enum {
    SEC_NONE = 0,
    SEC_PLAN, /* the plan itself: existence, status, period, coordinator, linked plans */
    SEC_GOALS,
    SEC_RESOURCES_NEEDS,
    SEC_MEASURES,
    SEC_EVALUATIONS,
    SEC_PARTICIPANTS,
    SEC_CONSENTS, /* not grantable: owner, representative, coordinator */
    SEC_CRISIS_PLAN,
    SEC_MESSAGES,
    SEC_DOCUMENTS,
    SEC_HISTORY,
    SEC_ACCESS_LOG, /* who read the plan: owner, representative, coordinator, coordinating unit */
    SEC_COUNT,
} policy_section;

#define SEC_BIT(s) (1u << (s))
/* Every section of a plan's content. */
#define SEC_ALL_BITS (((1u << SEC_COUNT) - 1) & ~1u)

/* What the policy decided, for the handler (which sections it may show) and the
 * audit entry (on what the access rested). */
typedef struct policy_access {
    unsigned sections;       /* the plan sections the actor may read (SEC_BIT) */
    const char *basis;       /* owner, representative, coordinator, participant, emergency,
                                coordinating_unit, contact_person, staff, external_partner,
                                leader, administrator, citizen */
    int64_t organisation_id; /* the agency the actor acted for, 0 if none */
    int64_t plan_id;         /* the plan the request is about, 0 if none */
    int64_t person_id;       /* the plan's person (the owner), 0 if none */
    int64_t plan_revision;   /* the plan's revision and version as the policy read them */
    int64_t plan_version;    /* (0 when no plan was read) */
    int64_t plan_names;      /* and the name epoch (plan_stamp.names) */
    int emergency;           /* 1 when the access rests on an emergency reason */
    char reason[1024];       /* that reason */
} policy_access;

/* 0 if `a` may do `action` on the object (ids[0] names it, ids[1] a part of it;
 * nids 0 for collections), filling *acc. Otherwise -1 with ERR_NOT_FOUND (not
 * visible) or ERR_FORBIDDEN (visible, but not this action); *acc still says
 * what could be decided, for the audit entry. */
int policy_check(store *s, const actor *a, policy_action action, policy_object object,
                 policy_section section, const int64_t *ids, int nids, policy_access *acc, err *e);

/* The plan access of `a` to plan `id`, as policy_check decides it for reads
 * (acc->sections 0 when the plan is not visible). 1 if the plan exists. */
int policy_plan_access(store *s, const actor *a, int64_t id, policy_access *acc, err *e);

/* The persons `a` may find (R13): 0 when she finds every person of the tenant
 * (the coordinating unit, units that receive requests); otherwise 1 with *sc
 * filled, to filter a search with (store/access_store.h). */
int policy_person_scope(const actor *a, person_scope *sc);
/* The kinds of approval requests `a` decides (APPROVE_* bits): administrators
 * memberships, the coordinating unit representatives and coordinators. */
enum {
    APPROVE_MEMBERSHIP = 1,
    APPROVE_REPRESENTATIVE = 2,
    APPROVE_COORDINATOR = 4,
    APPROVE_EMERGENCY = 8, /* emergency access to a protected person (R16) */
    APPROVE_CONTACT = 16   /* a staff member naming herself a case's contact person */
};
unsigned policy_approval_kinds(const actor *a);
/* The relations a case names (R13, R14), checked before it is written: a
 * staff member who may not read the person registers a request about her (a
 * worry report, a referral to another unit) and may not name herself as its
 * contact person, nor a unit she belongs to as its lead or a contributing
 * unit: that would open the person to her without a need anyone else saw.
 * person_id 0 (an anonymous report) opens no one. 0 allowed; -1 with
 * ERR_FORBIDDEN "case_relation_not_yours" naming the field. */
int policy_case_relations(store *s, const actor *a, int64_t person_id, int64_t lead,
                          const int64_t *contributing, int ncontributing, int64_t contact, err *e);
/* 1 when `a` naming herself a case's contact person needs a second person's
 * approval (R14): every staff member but the coordinating unit's, which sees
 * every case and every plan's plan section already. */
int policy_contact_needs_approval(const actor *a);
/* Protected persons (R16, docs/security.md): what `a`, who may see person
 * `person_id` (policy_check), may do with her address. ADDR_SEE: she sees
 * the addresses (the person herself, a staff member named for it in
 * person_address_access today, anyone when the person is not protected);
 * ADDR_FLAG: she sets the municipal protection flag (the coordinating unit,
 * the contact person of an open case of the person); ADDR_CODE: she sets the
 * register's code and names people always (the coordinating unit). The facts
 * ADDR_PROTECTED (a code or the flag) and ADDR_REGISTER (a code) come along. */
#define ADDR_SEE       1u
#define ADDR_FLAG      2u
#define ADDR_CODE      4u
#define ADDR_PROTECTED 8u
#define ADDR_REGISTER  16u
/* 1 with *rights filled, 0 when there is no such person. */
int policy_address_access(store *s, const actor *a, int64_t person_id, unsigned *rights, err *e);

/* The names of the sections ("goals", "measures", ...), indexed by
 * policy_section (NULL for SEC_NONE). */
extern const char *const policy_section_names[SEC_COUNT];
/* The sections a consent may grant, NULL-terminated. */
extern const char *const policy_grantable_sections[];

/* The section named `name`, or SEC_NONE. */
policy_section policy_section_parse(const char *name);

#endif
