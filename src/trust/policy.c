/*
 * policy.c - the access decision (see policy.h and docs/security.md).
 *
 * Tenancy is enforced twice: here every decision is for the actor's own tenant,
 * and below every query is scoped by tenant_id, so an id from another tenant is
 * never found. The actor's unit roles (coordinating unit, staff, external
 * partner, leader) and represented persons were loaded with the actor
 * (trust/roles.c); relations to a plan (owner, coordinator, participant with a
 * consent, emergency reason, contact person) are read here, per request.
 */
#include "trust/policy.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "store/access_store.h"
#include "store/person_store.h"
#include "util/timeutil.h"

const char *const policy_section_names[SEC_COUNT] = {
    NULL,          "plan",         "goals",      "resources_needs", "measures",
    "evaluations", "participants", "consents",   "crisis_plan",     "messages",
    "documents",   "history",      "access_log",
};

const char *const policy_grantable_sections[] = {
    "goals",       "resources_needs", "measures",  "evaluations", "participants",
    "crisis_plan", "messages",        "documents", "history",     NULL,
};

policy_section policy_section_parse(const char *name)
{
    for (int i = 1; name && i < SEC_COUNT; i++)
        if (strcmp(policy_section_names[i], name) == 0) return (policy_section)i;
    return SEC_NONE;
}

static int hidden(err *e)
{
    return err_set(e, ERR_NOT_FOUND, "not_found", NULL, "not found");
}

/* A section of a plan the actor sees (she has its plan section) that her
 * access does not cover: still 404, as for an invisible plan, but with its own
 * code, so that the application can say why (docs/security.md "A refusal says
 * why"). Only someone who already knows the plan exists ever gets it (R5). */
static int not_consented(err *e)
{
    return err_set(e, ERR_NOT_FOUND, "section_not_consented", NULL,
                   "the consent in force does not give you access to this part of the plan");
}

static int forbidden(err *e)
{
    return err_set(e, ERR_FORBIDDEN, "forbidden", NULL,
                   "your role does not allow this here; ask your coordinator or the "
                   "coordinating unit");
}

#define ALL_CONTENT (SEC_ALL_BITS & ~SEC_BIT(SEC_ACCESS_LOG))
#define MUNICIPAL   (UNIT_STAFF | UNIT_COORDINATING)

/* The agency an actor acts for by default: their largest current unit. */
static int64_t main_unit(const actor *a)
{
    return a->nunits ? a->units[0].organisation_id : 0;
}

/* The actor's largest current unit holding `role` (a unit_role bit), 0 if none. */
static int64_t unit_with(const actor *a, unsigned role)
{
    for (int i = 0; i < a->nunits; i++)
        if (a->units[i].roles & role) return a->units[i].organisation_id;
    return 0;
}

static int member_of(const actor *a, int64_t org)
{
    for (int i = 0; i < a->nunits; i++)
        if (a->units[i].organisation_id == org) return 1;
    return 0;
}

/* Collects the sections the valid consents grant to the actor. */
typedef struct grant_ctx {
    const actor *a;
    unsigned sections;
    int64_t via_org; /* the organisation a grant named, if one did */
} grant_ctx;

static void add_grants(void *p, const char *text)
{
    grant_ctx *g = p;
    json_t *arr = json_loads(text, 0, NULL);
    size_t i;
    json_t *x;
    json_array_foreach(arr, i, x)
    {
        json_int_t staff = json_integer_value(json_object_get(x, "staff_id"));
        json_int_t org = json_integer_value(json_object_get(x, "organisation_id"));
        int match = (staff && staff == g->a->staff_id) || (org && member_of(g->a, org));
        if (!match) continue;
        if (org && !g->via_org) g->via_org = org;
        size_t j;
        json_t *s;
        json_array_foreach(json_object_get(x, "sections"), j, s)
        {
            policy_section sec = policy_section_parse(json_string_value(s));
            if (sec != SEC_NONE && sec != SEC_CONSENTS && sec != SEC_ACCESS_LOG)
                g->sections |= SEC_BIT(sec);
        }
    }
    json_decref(arr);
}

static int represents(const actor *a, int64_t person, int *act)
{
    for (int i = 0; i < a->nrepresented; i++)
        if (a->represented[i] == person) {
            *act = a->represent_act[i];
            return 1;
        }
    return 0;
}

/*
 * The plan access of an actor, strongest basis first (docs/security.md):
 * owner or representative, coordinator, participant with a valid consent,
 * emergency reason, coordinating unit, contact person. Sets acc->sections (0:
 * not visible) and acc->basis. *writer_role tells which write rules apply.
 */
typedef enum { W_NONE, W_OWNER, W_COORDINATOR, W_PARTICIPANT, W_COORDINATING } write_role;

static int plan_access(store *s, const actor *a, int64_t id, policy_access *acc, write_role *w,
                       err *e)
{
    access_plan p = {0};
    *w = W_NONE;
    acc->plan_id = id;
    int found = access_store_plan(s, a->tenant_id, id, &p, e);
    if (found <= 0) return found;
    int64_t person = p.person_id, coordinator = p.coordinator_id;
    acc->person_id = person;
    acc->plan_revision = p.revision;
    acc->plan_version = p.version;
    acc->plan_names = p.names;
    char today[11];
    time_today(today);

    if (a->role == ROLE_CITIZEN) {
        int act = 1;
        if (a->person_id && person == a->person_id) {
            acc->basis = "owner";
        } else if (represents(a, person, &act)) {
            acc->basis = "representative";
        } else {
            return 1;
        }
        acc->sections = ALL_CONTENT | SEC_BIT(SEC_ACCESS_LOG);
        *w = act ? W_OWNER : W_NONE;
        return 1;
    }
    if (a->role != ROLE_STAFF || !a->staff_id) return 1; /* administrators: no content */

    acc->organisation_id = main_unit(a);
    if (coordinator == a->staff_id) {
        acc->basis = "coordinator";
        acc->sections = ALL_CONTENT | SEC_BIT(SEC_ACCESS_LOG);
        *w = W_COORDINATOR;
        return 1;
    }
    int64_t part_org = 0;
    int part = access_store_participant(s, a->tenant_id, id, a->staff_id, today, &part_org, e);
    if (part < 0) return -1;
    if (part) {
        grant_ctx g = {a, 0, 0};
        if (access_store_consent_grants(s, a->tenant_id, id, today, add_grants, &g, e)) return -1;
        if (g.sections) {
            acc->basis = "participant";
            acc->sections = g.sections | SEC_BIT(SEC_PLAN);
            acc->organisation_id = g.via_org ? g.via_org : part_org ? part_org : main_unit(a);
            *w = W_PARTICIPANT;
        }
    }
    if (a->unit_roles & UNIT_COORDINATING) {
        if (!acc->basis) {
            acc->basis = "coordinating_unit";
            acc->organisation_id = unit_with(a, UNIT_COORDINATING);
        }
        acc->sections |= SEC_BIT(SEC_PLAN) | SEC_BIT(SEC_ACCESS_LOG);
        if (*w == W_NONE) *w = W_COORDINATING;
    }
    if (!acc->sections) {
        int c = access_store_contact_of_person(s, a->tenant_id, person, a->staff_id, e);
        if (c < 0) return -1;
        if (c) {
            acc->basis = "contact_person";
            acc->sections = SEC_BIT(SEC_PLAN);
        }
    }
    return 1;
}

/* Emergency access in force adds every content section but consents. */
/* What emergency access opens (docs/security.md "Emergency access"): what
 * health personnel need in an acute situation - the crisis plan, the measures
 * and who is in the group to call - not the owner's goals, resources,
 * evaluations, messages, documents, history or consents. */
#define EMERGENCY_SECTIONS                                                                         \
    (SEC_BIT(SEC_PLAN) | SEC_BIT(SEC_CRISIS_PLAN) | SEC_BIT(SEC_MEASURES) |                        \
     SEC_BIT(SEC_PARTICIPANTS))

static int emergency(store *s, const actor *a, int64_t id, policy_access *acc, err *e)
{
    if (a->role != ROLE_STAFF || !a->staff_id) return 0;
    /* an access that already covers what emergency access would give does
     * not rest on it (the plan's coordinator) */
    unsigned gives = EMERGENCY_SECTIONS;
    if ((acc->sections & gives) == gives) return 0;
    char now[21];
    time_now_iso(now);
    int rc = access_store_emergency(s, a->tenant_id, id, a->staff_id, now, acc->reason,
                                    sizeof acc->reason, e);
    if (rc <= 0) return rc;
    acc->emergency = 1;
    acc->basis = "emergency";
    acc->sections |= EMERGENCY_SECTIONS;
    return 1;
}

/* Who may open emergency access: health personnel (helsepersonelloven § 48) of
 * the municipality's own units, in an acute situation. Not external partners
 * (NAV, the hospital: they work from their own records), not the coordinating
 * unit's administrative work, not professions outside health care. */
static int emergency_eligible(store *s, const actor *a, err *e)
{
    if (a->role != ROLE_STAFF || !a->staff_id || !(a->unit_roles & UNIT_STAFF)) return 0;
    char profession[40] = "";
    int rc =
        access_store_profession(s, a->tenant_id, a->staff_id, profession, sizeof profession, e);
    if (rc <= 0) return rc;
    static const char *const health[] = {"nurse",
                                         "physician",
                                         "psychologist",
                                         "physiotherapist",
                                         "occupational_therapist",
                                         "health_worker",
                                         "social_educator",
                                         NULL};
    for (int i = 0; health[i]; i++)
        if (!strcmp(profession, health[i])) return 1;
    return 0;
}

int policy_plan_access(store *s, const actor *a, int64_t id, policy_access *acc, err *e)
{
    write_role w;
    memset(acc, 0, sizeof *acc);
    int found = plan_access(s, a, id, acc, &w, e);
    if (found <= 0) return found;
    if (emergency(s, a, id, acc, e) < 0) return -1;
    return 1;
}

/* May a writer of this kind do `action` in `section`? */
static int plan_write_allowed(write_role w, policy_action action, policy_section section,
                              unsigned sections)
{
    int content = section == SEC_GOALS || section == SEC_MEASURES || section == SEC_EVALUATIONS;
    switch (w) {
    case W_COORDINATOR:
        return action != ACT_MANAGE && action != ACT_EMERGENCY; /* hands over: ACT_APPOINT */
    case W_OWNER:
        if (action == ACT_WITHDRAW) return section == SEC_CONSENTS;
        if (section == SEC_MESSAGES) return action == ACT_CREATE;
        return (action == ACT_CREATE || action == ACT_UPDATE) &&
               (section == SEC_GOALS || section == SEC_EVALUATIONS);
    case W_PARTICIPANT:
        /* messages: write when the consent covers them; only the coordinator
         * marks a request handled */
        if (section == SEC_MESSAGES)
            return action == ACT_CREATE && (sections & SEC_BIT(SEC_MESSAGES));
        return (action == ACT_CREATE || action == ACT_UPDATE) && content &&
               (sections & SEC_BIT(section));
    case W_COORDINATING:
        return action == ACT_MANAGE || action == ACT_APPOINT || action == ACT_STATUS;
    default:
        return 0;
    }
}

static int check_plan(store *s, const actor *a, policy_action action, policy_section section,
                      int64_t id, policy_access *acc, err *e)
{
    write_role w;
    int found = plan_access(s, a, id, acc, &w, e);
    if (found < 0) return -1;
    if (!found) return hidden(e);
    /* the coordinating unit appoints and reopens even when it also holds
     * another relation to the plan */
    if ((action == ACT_MANAGE || action == ACT_APPOINT || action == ACT_STATUS) &&
        (a->unit_roles & UNIT_COORDINATING))
        return 0;
    if (action == ACT_EMERGENCY) {
        /* not eligible: a plan she cannot see answers as if it did not exist,
         * whether it does or not (no existence oracle) */
        int ok = emergency_eligible(s, a, e);
        if (ok < 0) return -1;
        if (!ok) return acc->sections ? forbidden(e) : hidden(e);
        /* the opening rests on her being health personnel, whatever else she is */
        acc->basis = "health_personnel";
        if (!acc->organisation_id) acc->organisation_id = main_unit(a);
        return 0;
    }
    if (action == ACT_READ) {
        if (!(acc->sections & SEC_BIT(section))) {
            if (emergency(s, a, id, acc, e) < 0) return -1;
        } else if (section == SEC_PLAN &&
                   acc->sections != (ALL_CONTENT | SEC_BIT(SEC_ACCESS_LOG))) {
            /* the whole plan: an emergency reason in force widens it, flagged */
            if (emergency(s, a, id, acc, e) < 0) return -1;
        }
        if (!(acc->sections & SEC_BIT(section))) {
            int visible = (acc->sections & SEC_BIT(SEC_PLAN)) != 0;
            acc->sections = 0;
            return visible ? not_consented(e) : hidden(e);
        }
        return 0;
    }
    if (!acc->sections) {
        /* an emergency reason in force: the actor knows the plan exists */
        policy_access probe = *acc;
        int em = emergency(s, a, id, &probe, e);
        if (em < 0) return -1;
        return em ? forbidden(e) : hidden(e);
    }
    return plan_write_allowed(w, action, section, acc->sections) ? 0 : forbidden(e);
}

/* The actor's roles in her current unit `org` (never 0 for a member: each
 * unit gives one of staff, external partner, coordinating unit), 0 when she
 * is not a member. */
static unsigned unit_roles_in(const actor *a, int64_t org)
{
    for (int i = 0; i < a->nunits; i++)
        if (a->units[i].organisation_id == org) return a->units[i].roles;
    return 0;
}

/*
 * Cases (R13, R15): the coordinating unit, the contact person and members of
 * the lead or a contributing municipal unit read and change them. A member of
 * a contributing external agency (a partner) reads a case only while she takes
 * part in a plan of the person whose consent in force names her or her agency
 * (as for the plan itself), and never changes it.
 * The account that registered a case keeps reading it (her own report).
 */
static int check_case(store *s, const actor *a, policy_action action, int64_t id,
                      policy_access *acc, err *e)
{
    if (!id) {
        if (!(a->unit_roles & MUNICIPAL)) return forbidden(e);
        acc->basis = a->unit_roles & UNIT_COORDINATING ? "coordinating_unit" : "staff";
        return 0;
    }
    int64_t contact = 0, lead = 0, person = 0, created_by = 0;
    char contributing[1024];
    int found = access_store_case(s, a->tenant_id, id, &contact, &lead, contributing,
                                  sizeof contributing, &person, &created_by, e);
    if (found < 0) return -1;
    if (!found) return hidden(e);
    acc->person_id = person;
    if (contact == a->staff_id) {
        acc->basis = "contact_person";
        return 0;
    }
    if (a->unit_roles & UNIT_COORDINATING) {
        acc->basis = "coordinating_unit";
        return 0;
    }
    unsigned in_lead = lead ? unit_roles_in(a, lead) : 0;
    if (in_lead && !(in_lead & UNIT_EXTERNAL)) {
        acc->basis = "staff";
        acc->organisation_id = lead;
        return 0;
    }
    json_t *arr = json_loads(contributing, 0, NULL);
    size_t i;
    json_t *x;
    int64_t municipal = 0, partner = in_lead ? lead : 0;
    json_array_foreach(arr, i, x)
    {
        unsigned r = unit_roles_in(a, json_integer_value(x));
        if (r && !(r & UNIT_EXTERNAL)) municipal = json_integer_value(x);
        if (r & UNIT_EXTERNAL) partner = json_integer_value(x);
    }
    json_decref(arr);
    if (municipal) {
        acc->basis = "staff";
        acc->organisation_id = municipal;
        return 0;
    }
    if (partner && person) {
        char today[11];
        time_today(today);
        grant_ctx g = {a, 0, 0};
        if (access_store_person_consent_grants(s, a->tenant_id, person, a->staff_id, today,
                                               add_grants, &g, e))
            return -1;
        if (g.sections) {
            acc->basis = "external_partner";
            acc->organisation_id = partner;
            return action == ACT_READ ? 0 : forbidden(e); /* R15 */
        }
    }
    if (created_by && created_by == a->account_id) {
        acc->basis = "reporter";
        return action == ACT_READ ? 0 : forbidden(e);
    }
    return hidden(e);
}

int policy_person_scope(const actor *a, person_scope *sc)
{
    if (a->unit_roles & (UNIT_INTAKE | UNIT_COORDINATING)) return 0;
    memset(sc, 0, sizeof *sc);
    sc->staff_id = a->staff_id;
    for (int i = 0; i < a->nunits; i++)
        if (a->units[i].roles & UNIT_STAFF) sc->orgs[sc->norgs++] = a->units[i].organisation_id;
    time_today(sc->today);
    time_now_iso(sc->now);
    return 1;
}

/* Persons are need-to-know (R13): the coordinating unit and the units that
 * receive requests find everyone and register new persons; other municipal
 * staff see a person through a relation (access_store_person_relation) and
 * find only those; the owner reads her own; external partners, other
 * citizens and administrators nothing. */
static int check_person(store *s, const actor *a, policy_action action, int64_t id,
                        policy_access *acc, err *e)
{
    acc->person_id = id;
    if (a->role == ROLE_ADMIN) return forbidden(e); /* administrators: no content */
    if (a->role == ROLE_CITIZEN) {
        /* the owner reads her own person and authorises representatives */
        if (id && id == a->person_id && (action == ACT_READ || action == ACT_APPOINT)) {
            acc->basis = "owner";
            return 0;
        }
        return id ? hidden(e) : forbidden(e);
    }
    if (a->role != ROLE_STAFF || !(a->unit_roles & MUNICIPAL)) return id ? hidden(e) : forbidden(e);
    person_scope sc;
    int everyone = !policy_person_scope(a, &sc);
    /* representatives are recorded by the roles that keep the person register
     * (and the owner, above): related staff see them, and are refused */
    if (action == ACT_APPOINT && !everyone) {
        const char *kind = NULL;
        int rel = access_store_person_relation(s, a->tenant_id, id, &sc, &kind, e);
        if (rel < 0) return -1;
        acc->basis = rel ? kind : acc->basis;
        return rel ? forbidden(e) : hidden(e);
    }
    if (everyone) {
        int intake = !(a->unit_roles & UNIT_COORDINATING);
        acc->basis = intake ? "intake" : "coordinating_unit";
        acc->organisation_id = unit_with(a, intake ? UNIT_INTAKE : UNIT_COORDINATING);
        return 0;
    }
    if (!id) return action == ACT_READ ? 0 : forbidden(e); /* a search: filtered by the scope */
    const char *kind = NULL;
    int rel = access_store_person_relation(s, a->tenant_id, id, &sc, &kind, e);
    if (rel < 0) return -1;
    if (!rel) return hidden(e);
    acc->basis = kind;
    /* emergency access to one of her plans opens her too, flagged (R13),
     * for reading: whom to call and where she lives, not to change her record */
    acc->emergency = !strcmp(kind, "emergency");
    return acc->emergency && action != ACT_READ ? forbidden(e) : 0;
}

unsigned policy_approval_kinds(const actor *a)
{
    if (a->role == ROLE_ADMIN) return APPROVE_MEMBERSHIP;
    if (a->role == ROLE_STAFF && (a->unit_roles & UNIT_COORDINATING))
        return APPROVE_REPRESENTATIVE | APPROVE_COORDINATOR | APPROVE_EMERGENCY | APPROVE_CONTACT;
    return 0;
}

/* Four eyes (R14): the approvals a role decides are listed to it, and each is
 * decided by another account than the one that asked. */
static int check_approval(store *s, const actor *a, policy_action action, int64_t id,
                          policy_access *acc, err *e)
{
    unsigned mine = policy_approval_kinds(a);
    if (a->role == ROLE_CITIZEN) {
        /* the owner sees the requests about her (a relation that opens her data
         * without her consent is flagged to her, R14) and decides none */
        acc->basis = "owner";
        if (!id) return action == ACT_READ ? 0 : forbidden(e);
        access_approval ap;
        int found = access_store_approval(s, a->tenant_id, id, &ap, e);
        if (found < 0) return -1;
        if (!found || !a->person_id || ap.person_id != a->person_id) return hidden(e);
        acc->person_id = ap.person_id;
        return action == ACT_READ ? 0 : forbidden(e);
    }
    if (!mine) return forbidden(e);
    if (a->role == ROLE_STAFF) {
        acc->basis = "coordinating_unit";
        acc->organisation_id = unit_with(a, UNIT_COORDINATING);
    }
    if (!id) return action == ACT_READ ? 0 : forbidden(e);
    access_approval ap;
    int found = access_store_approval(s, a->tenant_id, id, &ap, e);
    if (found < 0) return -1;
    unsigned kind = !strcmp(ap.kind, "membership")       ? APPROVE_MEMBERSHIP
                    : !strcmp(ap.kind, "representative") ? APPROVE_REPRESENTATIVE
                    : !strcmp(ap.kind, "emergency")      ? APPROVE_EMERGENCY
                    : !strcmp(ap.kind, "contact")        ? APPROVE_CONTACT
                                                         : APPROVE_COORDINATOR;
    if (!found || !(mine & kind)) return hidden(e);
    acc->person_id = ap.person_id;
    if (action != ACT_READ && ap.requested_by == a->account_id)
        return err_set(e, ERR_FORBIDDEN, "four_eyes", NULL,
                       "a second person must approve this: you asked for it yourself");
    return 0;
}

int policy_case_relations(store *s, const actor *a, int64_t person_id, int64_t lead,
                          const int64_t *contributing, int ncontributing, int64_t contact, err *e)
{
    /* the system (helhet demo, with no account) builds a municipality in force */
    if (!person_id || a->role != ROLE_STAFF || !a->staff_id || a->account_id <= 0) return 0;
    policy_access acc = {0};
    err why = {0};
    if (check_person(s, a, ACT_READ, person_id, &acc, &why) == 0) return 0;
    if (why.kind != ERR_NOT_FOUND && why.kind != ERR_FORBIDDEN) {
        *e = why;
        return -1;
    }
    static const char *const tail =
        "you have no relation to this person, so the case you register goes to the unit that "
        "receives it, which names its contact person and the units that take part";
    if (contact && contact == a->staff_id)
        return err_set(e, ERR_FORBIDDEN, "case_relation_not_yours", "contact_staff_id",
                       "contact_staff_id may not name yourself: %s", tail);
    if (lead && unit_roles_in(a, lead))
        return err_set(e, ERR_FORBIDDEN, "case_relation_not_yours", "lead_organisation_id",
                       "lead_organisation_id may not name a unit you belong to: %s", tail);
    for (int i = 0; i < ncontributing; i++)
        if (unit_roles_in(a, contributing[i]))
            return err_set(
                e, ERR_FORBIDDEN, "case_relation_not_yours", "contributing_organisation_ids",
                "contributing_organisation_ids may not name a unit you belong to: %s", tail);
    return 0;
}

int policy_contact_needs_approval(const actor *a)
{
    return a->account_id > 0 && a->role == ROLE_STAFF && !(a->unit_roles & UNIT_COORDINATING);
}

int policy_address_access(store *s, const actor *a, int64_t person_id, unsigned *rights, err *e)
{
    char today[11];
    time_today(today);
    person_protection p = {0};
    int64_t staff = a->role == ROLE_STAFF ? a->staff_id : 0;
    int found = person_store_protection(s, a->tenant_id, person_id, staff, today, &p, e);
    if (found < 0) return -1;
    *rights = (p.code || p.flag ? ADDR_PROTECTED : 0) | (p.code ? ADDR_REGISTER : 0);
    if (!found) return 0;
    /* the person herself, the named staff, and everyone who sees an
     * unprotected person */
    if (!p.code && !p.flag) *rights |= ADDR_SEE;
    if (a->role == ROLE_CITIZEN && a->person_id == person_id) *rights |= ADDR_SEE;
    if (p.named) *rights |= ADDR_SEE;
    if (!staff || !(a->unit_roles & MUNICIPAL)) return 1;
    if (a->unit_roles & UNIT_COORDINATING) {
        *rights |= ADDR_CODE | ADDR_FLAG;
        return 1;
    }
    int c = access_store_contact_of_person(s, a->tenant_id, person_id, staff, e);
    if (c < 0) return -1;
    if (c) *rights |= ADDR_FLAG;
    return 1;
}

static const char *staff_basis(const actor *a)
{
    if (a->unit_roles & UNIT_COORDINATING) return "coordinating_unit";
    if (a->unit_roles & UNIT_STAFF) return "staff";
    if (a->unit_roles & UNIT_EXTERNAL) return "external_partner";
    if (a->unit_roles & UNIT_LEADER) return "leader";
    return "staff";
}

int policy_check(store *s, const actor *a, policy_action action, policy_object object,
                 policy_section section, const int64_t *ids, int nids, policy_access *acc, err *e)
{
    memset(acc, 0, sizeof *acc);
    int64_t id = nids ? ids[0] : 0;
    if (a->tenant_id <= 0) return hidden(e);
    acc->basis = a->role == ROLE_ADMIN     ? "administrator"
                 : a->role == ROLE_CITIZEN ? "citizen"
                                           : staff_basis(a);
    acc->organisation_id = main_unit(a);
    switch (object) {
    case OBJ_NONE:
        return 0;
    case OBJ_TENANT:
    case OBJ_ORGANISATION:
    case OBJ_STAFF:
    case OBJ_ACCOUNT:
        /* the directory: read by staff and administrators, kept by administrators */
        if (a->role == ROLE_ADMIN) return 0;
        if (a->role == ROLE_STAFF && action == ACT_READ && object != OBJ_ACCOUNT) return 0;
        return a->role == ROLE_CITIZEN && id ? hidden(e) : forbidden(e);
    case OBJ_PERSON:
        return check_person(s, a, action, id, acc, e);
    case OBJ_CASE:
        if (a->role == ROLE_ADMIN) return forbidden(e);
        if (a->role != ROLE_STAFF) return id ? hidden(e) : forbidden(e);
        if (!id && action == ACT_CREATE) {
            if (!(a->unit_roles & MUNICIPAL)) return forbidden(e);
            return 0;
        }
        return check_case(s, a, action, id, acc, e);
    case OBJ_PLAN:
        if (a->role == ROLE_ADMIN) return forbidden(e);
        if (!id) {
            /* the list is filtered by the handler through policy_plan_access;
             * the coordinating unit registers new plans */
            if (action == ACT_READ) return 0;
            if (a->role == ROLE_STAFF && (a->unit_roles & UNIT_COORDINATING)) {
                acc->basis = "coordinating_unit";
                return 0;
            }
            return forbidden(e);
        }
        return check_plan(s, a, action, section, id, acc, e);
    case OBJ_AUDIT:
        if (a->role == ROLE_ADMIN) return 0;
        if (a->role == ROLE_STAFF && (a->unit_roles & UNIT_COORDINATING)) {
            acc->basis = "coordinating_unit";
            return 0;
        }
        return forbidden(e);
    case OBJ_STATISTICS:
        if (a->role == ROLE_ADMIN) return 0;
        if (a->role == ROLE_STAFF && (a->unit_roles & (UNIT_COORDINATING | UNIT_LEADER))) {
            acc->basis = a->unit_roles & UNIT_LEADER ? "leader" : "coordinating_unit";
            return 0;
        }
        return forbidden(e);
    case OBJ_APPROVAL:
        return check_approval(s, a, action, id, acc, e);
    case OBJ_WORKLIST:
        /* staff only; what it lists is asked of the policy item by item */
        if (a->role == ROLE_STAFF && a->staff_id && action == ACT_READ) return 0;
        return forbidden(e);
    }
    return hidden(e);
}
