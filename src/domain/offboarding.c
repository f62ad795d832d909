/* offboarding.c - see offboarding.h. */
#include "domain/offboarding.h"

#include <string.h>

#include "domain/entity.h"
#include "domain/organisation.h"
#include "domain/person.h"
#include "store/offboarding_store.h"
#include "trust/auth.h"
#include "trust/policy.h"
#include "util/timeutil.h"

static const char *const account_roles[] = {"admin", "staff", "citizen", NULL};

static const field_def account_fields[] = {
    {"username", FT_TEXT, FF_READONLY, NULL, 0, 0, NULL},
    {"role", FT_ENUM, FF_READONLY, account_roles, 0, 0, NULL},
    {"staff_id", FT_REF, FF_READONLY, NULL, 0, 0, &staff_def},
    {"person_id", FT_REF, FF_READONLY, NULL, 0, 0, &person_def},
    {"active", FT_BOOL, FF_NOT_NULL, NULL, 0, 0, NULL},
};
const record_def account_def = {"account", "accounts", account_fields, 5, NULL, NULL};

/* Switches the staff member (staff_id > 0) with all her accounts, or the one
 * account, on or off; switching off ends what offboarding.h says. */
static int set_active(store *s, int64_t tenant, int64_t staff_id, int64_t account_id, int active,
                      offboarding_result *r, err *e)
{
    memset(r, 0, sizeof *r);
    r->account_id = account_id;
    r->staff_id = staff_id;
    if (offboarding_store_set_active(s, tenant, staff_id, account_id, active, e)) return -1;
    if (active) return 0;
    int64_t ids[32], after = 0;
    int n = 1;
    if (!staff_id) ids[0] = account_id;
    for (;;) {
        if (staff_id &&
            offboarding_store_staff_accounts(s, tenant, staff_id, after, ids, 32, &n, e))
            return -1;
        for (int i = 0; i < n; i++) {
            int64_t sessions = 0, tokens = 0;
            if (auth_account_end_access(s, ids[i], &sessions, &tokens, e)) return -1;
            r->sessions += sessions;
            r->tokens += tokens;
        }
        if (!staff_id || n < 32) break;
        after = ids[n - 1];
    }
    if (!staff_id) return 0;
    char today[11];
    time_today(today);
    return offboarding_store_end_memberships(s, tenant, staff_id, today, &r->memberships, e) ||
           offboarding_store_left_behind(s, tenant, staff_id, &r->plans, &r->cases, e);
}

static json_t *summary(const offboarding_result *r)
{
    return json_pack("{s:I,s:I,s:I,s:I,s:I}", "sessions_ended", (json_int_t)r->sessions,
                     "tokens_revoked", (json_int_t)r->tokens, "memberships_ended",
                     (json_int_t)r->memberships, "plans_flagged", (json_int_t)r->plans,
                     "cases_flagged", (json_int_t)r->cases);
}

static int own(err *e)
{
    return err_set(e, ERR_INVALID, "own_account", "active",
                   "you cannot deactivate your own account; another administrator can");
}

/* The end of both PATCHes: off-boarding when `active` changed. */
static int after_update(store *s, const actor *a, int was, int64_t staff_id, int64_t account_id,
                        json_t *out, err *e)
{
    int now = json_is_true(json_object_get(out, "active"));
    if (now == was) return 0;
    offboarding_result r;
    if (set_active(s, a->tenant_id, staff_id, account_id, now, &r, e)) return -1;
    if (!now) json_object_set_new(out, "offboarding", summary(&r));
    return 0;
}

int offboarding_staff_update(store *s, const actor *a, int64_t id, int64_t if_version, json_t *in,
                             json_t **out, err *e)
{
    json_t *cur;
    if (rec_get(s, &staff_def, a->tenant_id, id, &cur, e)) return -1;
    int was = json_is_true(json_object_get(cur, "active"));
    json_decref(cur);
    if (json_is_false(json_object_get(in, "active")) && a->staff_id == id) return own(e);
    if (entity_update(s, a, &staff_def, id, if_version, in, out, e)) return -1;
    if (after_update(s, a, was, id, 0, *out, e)) {
        json_decref(*out);
        *out = NULL;
        return -1;
    }
    return 0;
}

int offboarding_account_update(store *s, const actor *a, int64_t id, int64_t if_version, json_t *in,
                               json_t **out, err *e)
{
    json_t *cur;
    if (rec_get(s, &account_def, a->tenant_id, id, &cur, e)) return -1;
    int was = json_is_true(json_object_get(cur, "active"));
    int64_t staff_id = json_integer_value(json_object_get(cur, "staff_id")); /* 0 when null */
    json_decref(cur);
    if (json_is_false(json_object_get(in, "active")) &&
        (a->account_id == id || (staff_id && a->staff_id == staff_id)))
        return own(e);
    if (entity_update(s, a, &account_def, id, if_version, in, out, e)) return -1;
    if (after_update(s, a, was, staff_id, id, *out, e)) {
        json_decref(*out);
        *out = NULL;
        return -1;
    }
    return 0;
}

int offboarding_user_set_active(store *s, const char *username, int active, int *changed,
                                offboarding_result *r, err *e)
{
    offboarding_account acc;
    memset(r, 0, sizeof *r);
    *changed = 0;
    int found = offboarding_store_account(s, 0, 0, username, &acc, e);
    if (found < 0) return -1;
    if (!found)
        return err_set(e, ERR_NOT_FOUND, "no_such_user", "user", "there is no user named '%s'",
                       username);
    r->account_id = acc.id;
    r->staff_id = acc.staff_id;
    if (acc.active == active) return 0;
    *changed = 1;
    return set_active(s, acc.tenant_id, acc.staff_id, acc.id, active, r, e);
}

int offboarding_readable_cases(store *s, const actor *a, json_t *items, err *e)
{
    for (size_t i = json_array_size(items); i-- > 0;) {
        policy_access acc;
        int64_t id = json_integer_value(json_object_get(json_array_get(items, i), "id"));
        err denied;
        if (policy_check(s, a, ACT_READ, OBJ_CASE, SEC_NONE, &id, 1, &acc, &denied) == 0) continue;
        if (denied.kind != ERR_NOT_FOUND && denied.kind != ERR_FORBIDDEN) {
            *e = denied;
            return -1;
        }
        json_array_remove(items, i);
    }
    return 0;
}
