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

#include "domain/entity.h"
#include "domain/organisation.h"
#include "domain/plan.h"

static const field_def emergency_fields[] = {
    {"plan_id", FT_REF, FF_READONLY, NULL, 0, 0, &plan_def},
    {"staff_id", FT_REF, FF_READONLY, NULL, 0, 0, &staff_def},
    {"account_id", FT_INT, FF_READONLY, NULL, 0, 0, NULL},
    {"reason", FT_TEXT, FF_REQUIRED | FF_NOT_NULL, NULL, 3, 1000, NULL},
    {"expires_at", FT_TIMESTAMP, FF_READONLY, NULL, 0, 0, NULL},
};
const record_def emergency_access_def = {
    "emergency_access", "emergency_access", emergency_fields, 5, NULL, NULL};

int plan_emergency_open(store *s, const actor *a, int64_t plan_id, const char *reason, json_t **out,
                        err *e)
{
    (void)reason; /* validated from `in` by entity_create below */
    if (!a->staff_id)
        return err_set(e, ERR_FORBIDDEN, "forbidden", NULL,
                       "only staff members can open a plan with an emergency reason");
    char expires[21];
    time_t t = time(NULL) + PLAN_EMERGENCY_MINUTES * 60;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(expires, sizeof expires, "%Y-%m-%dT%H:%M:%SZ", &tm);
    json_t *in = json_pack("{s:s}", "reason", reason);
    json_t *fixed = json_pack("{s:I,s:I,s:I,s:s}", "plan_id", (json_int_t)plan_id, "staff_id",
                              (json_int_t)a->staff_id, "account_id", (json_int_t)a->account_id,
                              "expires_at", expires);
    int rc = entity_create(s, a, &emergency_access_def, in, fixed, out, e);
    json_decref(in);
    json_decref(fixed);
    return rc;
}
