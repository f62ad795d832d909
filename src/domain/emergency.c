/*
 * emergency.c - emergency access: a staff member without consent opens a plan
 * by stating a reason (issue 3, docs/security.md). The reason is kept with an
 * expiry; while it is in force the policy lets the staff member read the plan
 * (not its consents, and no writes), and every such read is flagged in the
 * audit log with the reason, where the owner and the coordinating unit see it.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "domain/approval.h"
#include "domain/entity.h"
#include "domain/fields.h"
#include "domain/organisation.h"
#include "domain/plan.h"
#include "util/timeutil.h"

static const field_def emergency_fields[] = {
    {"plan_id", FT_REF, FF_READONLY, NULL, 0, 0, &plan_def},
    {"staff_id", FT_REF, FF_READONLY, NULL, 0, 0, &staff_def},
    {"account_id", FT_INT, FF_READONLY, NULL, 0, 0, NULL},
    {"reason", FT_TEXT, FF_REQUIRED | FF_NOT_NULL, NULL, 3, 1000, NULL},
    {"expires_at", FT_TIMESTAMP, FF_READONLY, NULL, 0, 0, NULL},
};
const record_def emergency_access_def = {
    "emergency_access", "emergency_access", emergency_fields, 5, NULL, NULL};

/* The emergency access of staff member `staff_id` (account `account_id`) to the
 * plan, in force for PLAN_EMERGENCY_MINUTES from now. */
static int grant(store *s, const actor *a, int64_t plan_id, int64_t staff_id, int64_t account_id,
                 const char *reason, json_t **out, err *e)
{
    char expires[21];
    time_t t = time_wall() + PLAN_EMERGENCY_MINUTES * 60;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(expires, sizeof expires, "%Y-%m-%dT%H:%M:%SZ", &tm);
    json_t *in = json_pack("{s:s?}", "reason", reason);
    json_t *fixed = json_pack("{s:I,s:I,s:I,s:s}", "plan_id", (json_int_t)plan_id, "staff_id",
                              (json_int_t)staff_id, "account_id", (json_int_t)account_id,
                              "expires_at", expires);
    int rc = entity_create(s, a, &emergency_access_def, in, fixed, out, e);
    json_decref(in);
    json_decref(fixed);
    return rc;
}

int plan_emergency_open(store *s, const actor *a, int64_t plan_id, const char *reason, json_t **out,
                        err *e)
{
    if (!a->staff_id)
        return err_set(e, ERR_FORBIDDEN, "forbidden", NULL,
                       "only staff members can open a plan with an emergency reason");
    return grant(s, a, plan_id, a->staff_id, a->account_id, reason, out, e);
}

int plan_emergency_request(store *s, const actor *a, int64_t plan_id, int64_t person_id,
                           const char *reason, json_t **out, err *e)
{
    if (!a->staff_id)
        return err_set(e, ERR_FORBIDDEN, "forbidden", NULL,
                       "only staff members can open a plan with an emergency reason");
    if (!reason || strlen(reason) < 3)
        return err_set(e, ERR_INVALID, "too_short", "reason",
                       "reason must have at least 3 characters");
    if (fields_check_text(reason, "reason", 1000, e)) return -1;
    return approval_request(s, a, "emergency", plan_id, person_id, a->staff_id, reason, out, e);
}

int plan_emergency_grant(store *s, const actor *a, int64_t plan_id, int64_t staff_id,
                         int64_t account_id, const char *reason, err *e)
{
    json_t *out = NULL;
    int rc = grant(s, a, plan_id, staff_id, account_id, reason, &out, e);
    json_decref(out);
    return rc;
}
