/* approval.c - see approval.h. */
#include "domain/approval.h"

#include <string.h>

#include "domain/case.h"
#include "domain/fields.h"
#include "domain/organisation.h"
#include "domain/person.h"
#include "domain/plan.h"
#include "store/approval_store.h"
#include "util/timeutil.h"

static const char *const kinds[] = {"membership", "representative", "coordinator",
                                    "emergency",  "contact",        NULL};
static const char *const outcomes[] = {"approved", "refused", NULL};

/* Written by this file only: every field is read-only to clients. */
static const field_def approval_fields[] = {
    {"kind", FT_ENUM, FF_READONLY, kinds, 0, 0, NULL},
    {"object_id", FT_INT, FF_READONLY, NULL, 0, 0, NULL},
    {"person_id", FT_REF, FF_READONLY, NULL, 0, 0, &person_def},
    {"staff_id", FT_REF, FF_READONLY, NULL, 0, 0, &staff_def},
    {"reason", FT_TEXT, FF_READONLY, NULL, 0, 1000, NULL},
    {"requested_by", FT_INT, FF_READONLY, NULL, 0, 0, NULL},
    {"requested_at", FT_TIMESTAMP, FF_READONLY, NULL, 0, 0, NULL},
    {"decided_by", FT_INT, FF_READONLY, NULL, 0, 0, NULL},
    {"decided_at", FT_TIMESTAMP, FF_READONLY, NULL, 0, 0, NULL},
    {"outcome", FT_ENUM, FF_READONLY, outcomes, 0, 0, NULL},
    {"note", FT_TEXT, FF_READONLY, NULL, 0, 1000, NULL},
};
const record_def approval_def = {"approval", "approvals", approval_fields, 11, NULL, NULL};

static int64_t num(json_t *o, const char *k)
{
    return json_integer_value(json_object_get(o, k));
}

int approval_request(store *s, const actor *a, const char *kind, int64_t object_id,
                     int64_t person_id, int64_t staff_id, const char *reason, json_t **out, err *e)
{
    char now[21];
    time_now_iso(now);
    json_t *v = json_pack("{s:s, s:I, s:I, s:s}", "kind", kind, "object_id", (json_int_t)object_id,
                          "requested_by", (json_int_t)a->account_id, "requested_at", now);
    if (!v) return err_set(e, ERR_INTERNAL, "out_of_memory", NULL, "out of memory");
    if (person_id) json_object_set_new(v, "person_id", json_integer(person_id));
    if (staff_id) json_object_set_new(v, "staff_id", json_integer(staff_id));
    if (reason && *reason) json_object_set_new(v, "reason", json_string(reason));
    json_t *rec = NULL;
    int rc = rec_insert_get(s, &approval_def, a->tenant_id, v, &rec, e);
    json_decref(v);
    if (rc) return -1;
    if (out)
        *out = rec;
    else
        json_decref(rec);
    return 0;
}

int approval_pend(store *s, const actor *a, const char *kind, json_t *record, int64_t person_id,
                  int64_t staff_id, const char *reason, err *e)
{
    /* the commands that build a municipality from the shell (helhet demo)
     * write as the system, with no account: there is no person to ask a
     * second one, and the operator holds the database already */
    if (!a->account_id) return 0;
    int64_t id = num(record, "id");
    const char *table = !strcmp(kind, "membership") ? "memberships" : "representatives";
    json_t *ap;
    if (approval_store_set_pending(s, table, a->tenant_id, id, 1, e) < 0 ||
        approval_request(s, a, kind, id, person_id, staff_id, reason, &ap, e))
        return -1;
    json_object_set_new(record, "pending", json_true());
    json_object_set_new(record, "version", json_integer(num(record, "version") + 1));
    json_object_set_new(record, "approval_id", json_integer(num(ap, "id")));
    json_decref(ap);
    return 0;
}

/* Puts the relation of an approved request in force, or drops a refused one. */
static int apply(store *s, const actor *a, json_t *ap, int approve, err *e)
{
    const char *kind = json_string_value(json_object_get(ap, "kind"));
    int64_t object = num(ap, "object_id");
    if (!strcmp(kind, "emergency"))
        return approve ? plan_emergency_grant(s, a, object, num(ap, "staff_id"),
                                              num(ap, "requested_by"),
                                              json_string_value(json_object_get(ap, "reason")), e)
                       : 0;
    if (!strcmp(kind, "contact")) {
        if (!approve) return 0;
        return case_set_contact(s, a, object, num(ap, "staff_id"),
                                json_string_value(json_object_get(ap, "reason")), 0, NULL, e);
    }
    if (!strcmp(kind, "coordinator")) {
        if (!approve) return 0;
        json_t *row = NULL;
        int rc = plan_set_coordinator(s, a, object, num(ap, "staff_id"),
                                      json_string_value(json_object_get(ap, "reason")), &row, e);
        json_decref(row);
        return rc;
    }
    const record_def *d = !strcmp(kind, "membership") ? &membership_def : &representative_def;
    if (approve) {
        int rc = approval_store_set_pending(s, d->table, a->tenant_id, object, 0, e);
        if (rc < 0) return -1;
        if (!rc)
            return err_set(e, ERR_CONFLICT, "approval_stale", NULL,
                           "the %s this approval was for no longer exists", d->name);
        return 0;
    }
    json_t *cur;
    if (rec_get(s, d, a->tenant_id, object, &cur, e)) return e->kind == ERR_NOT_FOUND ? 0 : -1;
    int rc = rec_delete(s, d, a->tenant_id, object, num(cur, "version"), e);
    json_decref(cur);
    return rc;
}

int approval_decide(store *s, const actor *a, int64_t id, int approve, const char *note,
                    json_t **out, err *e)
{
    if (fields_check_text(note, "note", 1000, e)) return -1;
    json_t *ap;
    if (rec_get(s, &approval_def, a->tenant_id, id, &ap, e)) return -1;
    if (!json_is_null(json_object_get(ap, "decided_at")) && json_object_get(ap, "decided_at")) {
        json_decref(ap);
        return err_set(e, ERR_CONFLICT, "approval_decided", NULL, "this request was already %s",
                       json_string_value(json_object_get(ap, "outcome")));
    }
    char now[21];
    time_now_iso(now);
    json_t *v = json_pack("{s:I, s:s, s:s}", "decided_by", (json_int_t)a->account_id, "decided_at",
                          now, "outcome", approve ? "approved" : "refused");
    if (note && *note) json_object_set_new(v, "note", json_string(note));
    int rc = apply(s, a, ap, approve, e) ||
             rec_update(s, &approval_def, a->tenant_id, id, num(ap, "version"), v, e) ||
             rec_get(s, &approval_def, a->tenant_id, id, out, e);
    json_decref(v);
    json_decref(ap);
    return rc ? -1 : 0;
}
