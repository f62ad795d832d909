/*
 * policy.c - the access decision (see policy.h).
 *
 * Tenancy is enforced twice: here every decision is for the actor's own tenant,
 * and below every query is scoped by tenant_id, so an id from another tenant is
 * never found. Roles today: admin manages the tenant's organisation, staff and
 * accounts; staff work with persons, cases and plans; a citizen reads their own
 * person record and plan. The trust capability refines this by unit roles and
 * consent-scoped sections at this same point.
 */
#include "trust/policy.h"

#include "store/plan_store.h"

const char *const policy_section_names[] = {
    "goals",       "resources_needs", "measures",  "evaluations", "participants", "consents",
    "crisis_plan", "messages",        "documents", "history",     NULL,
};

static int hidden(err *e)
{
    return err_set(e, ERR_NOT_FOUND, "not_found", NULL, "not found");
}

static int forbidden(err *e)
{
    return err_set(e, ERR_FORBIDDEN, "forbidden", NULL,
                   "your role does not allow this; ask an administrator");
}

static int citizen_owns_plan(store *s, const actor *a, int64_t plan_id, err *e)
{
    int64_t person = 0;
    int found = plan_store_owner(s, a->tenant_id, plan_id, &person, e);
    if (found < 0) return -1;
    return found && person == a->person_id;
}

int policy_check(store *s, const actor *a, policy_action action, policy_object object, int64_t id,
                 policy_section section, err *e)
{
    (void)section;
    if (a->tenant_id <= 0) return hidden(e);
    if (object == OBJ_NONE) return 0;
    switch (a->role) {
    case ROLE_ADMIN:
        return 0;
    case ROLE_STAFF:
        if ((object == OBJ_ORGANISATION || object == OBJ_STAFF || object == OBJ_ACCOUNT) &&
            action != ACT_READ)
            return forbidden(e);
        return 0;
    case ROLE_CITIZEN:
        if (action != ACT_READ || a->person_id <= 0) return id ? hidden(e) : forbidden(e);
        if (object == OBJ_PERSON && id == a->person_id) return 0;
        if (object == OBJ_PLAN && id) {
            int owns = citizen_owns_plan(s, a, id, e);
            if (owns < 0) return -1;
            if (owns) return 0;
        }
        return id ? hidden(e) : forbidden(e);
    default:
        return hidden(e);
    }
}
