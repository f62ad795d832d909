/* organisation.c - organisations, staff and memberships (organisation.h). */
#include "domain/organisation.h"

#include <string.h>

#include "domain/approval.h"
#include "domain/fields.h"
#include "store/approval_store.h"
#include "util/timeutil.h"
#include "util/orgnr.h"

static const char *const kinds[] = {
    "unit", "department", "team", "coordinating_unit", "external_agency", NULL};
const char *const organisation_levels[] = {"municipal", "specialist", "state", "other", NULL};
const char *const professions[] = {
    "nurse",
    "social_worker",
    "social_educator",
    "psychologist",
    "physician",
    "physiotherapist",
    "occupational_therapist",
    "peer_worker",
    "health_worker",
    "child_welfare_worker",
    "teacher",
    "nav_advisor",
    "debt_adviser",
    "housing_adviser",
    "administrative",
    "other",
    NULL,
};

/* An organisation number carries a valid control digit; a unit may not be its
 * own ancestor. */
static int organisation_check(store *s, int64_t tenant, json_t *v, json_t *cur, err *e)
{
    json_t *number = json_object_get(v, "org_number");
    const char *why = NULL;
    if (json_is_string(number) && orgnr_check(json_string_value(number), &why))
        return err_set(e, ERR_INVALID, "invalid_org_number", "org_number",
                       "org_number %s (the Brønnøysund register's mod-11 check)", why);
    json_t *parent = json_object_get(v, "parent_id");
    if (!cur || !json_is_integer(parent)) return 0;
    int64_t self = json_integer_value(json_object_get(cur, "id"));
    int64_t p = json_integer_value(parent);
    for (int depth = 0; p && depth < 64; depth++) {
        if (p == self)
            return err_set(e, ERR_INVALID, "parent_cycle", "parent_id",
                           "an organisation cannot be placed under itself");
        json_t *o;
        if (rec_get(s, &organisation_def, tenant, p, &o, e)) return -1;
        p = json_integer_value(json_object_get(o, "parent_id")); /* 0 when null */
        json_decref(o);
    }
    return 0;
}

static const field_def org_fields[] = {
    {"name", FT_TEXT, FF_REQUIRED | FF_NOT_NULL, NULL, 1, 200, NULL},
    {"short_name", FT_TEXT, 0, NULL, 0, 60, NULL},
    {"kind", FT_ENUM, FF_REQUIRED | FF_NOT_NULL, kinds, 0, 0, NULL},
    {"level", FT_ENUM, FF_REQUIRED | FF_NOT_NULL, organisation_levels, 0, 0, NULL},
    {"parent_id", FT_REF, 0, NULL, 0, 0, &organisation_def},
    {"org_number", FT_TEXT, 0, NULL, 9, 9, NULL},
    {"phone", FT_TEXT, 0, NULL, 0, 40, NULL},
    {"email", FT_TEXT, 0, NULL, 0, 200, NULL},
    {"active", FT_BOOL, FF_NOT_NULL, NULL, 0, 0, NULL},
    {"receives_requests", FT_BOOL, FF_NOT_NULL, NULL, 0, 0, NULL},
};
/* Members of the coordinating unit and of a unit that receives requests see
 * every person (and the coordinating unit every plan's plan section): such a
 * membership takes effect only when a second administrator approves it (R14). */
static int opens_everyone(json_t *org)
{
    const char *kind = json_string_value(json_object_get(org, "kind"));
    return (kind && !strcmp(kind, "coordinating_unit")) ||
           json_is_true(json_object_get(org, "receives_requests"));
}

static int pend_member(void *ctx, int64_t id, int64_t staff_id)
{
    void **c = ctx;
    store *s = c[0];
    const actor *a = c[1];
    err *e = c[2];
    return approval_request(s, a, "membership", id, 0, staff_id, NULL, NULL, e);
}

/* A unit that becomes one whose members see everyone: its current members'
 * memberships wait for a second administrator, as new ones do. */
static int organisation_after(store *s, const actor *a, json_t *rec, json_t *prev, err *e)
{
    if (!prev || !opens_everyone(rec) || opens_everyone(prev)) return 0;
    char today[11];
    time_today(today);
    void *ctx[3] = {s, (void *)a, e};
    return approval_store_pend_members(s, a->tenant_id,
                                       json_integer_value(json_object_get(rec, "id")), today,
                                       pend_member, ctx, e);
}

const record_def organisation_def = {"organisation",     "organisations",   org_fields, 10,
                                     organisation_check, organisation_after};

static const field_def staff_fields[] = {
    {"given_name", FT_TEXT, FF_REQUIRED | FF_NOT_NULL, NULL, 1, 200, NULL},
    {"family_name", FT_TEXT, FF_REQUIRED | FF_NOT_NULL, NULL, 1, 200, NULL},
    {"profession", FT_ENUM, FF_REQUIRED | FF_NOT_NULL, professions, 0, 0, NULL},
    {"title", FT_TEXT, 0, NULL, 0, 200, NULL},
    {"email", FT_TEXT, 0, NULL, 0, 200, NULL},
    {"phone", FT_TEXT, 0, NULL, 0, 40, NULL},
    {"active", FT_BOOL, FF_NOT_NULL, NULL, 0, 0, NULL},
};
const record_def staff_def = {"staff member", "staff", staff_fields, 7, NULL, NULL};

/* valid_to, when given, is not before valid_from. */
static int membership_check(store *s, int64_t tenant, json_t *v, json_t *cur, err *e)
{
    return fields_check_period(v, cur, "valid_from", "valid_to", e);
}

static const field_def membership_fields[] = {
    {"staff_id", FT_REF, FF_REQUIRED | FF_CREATE_ONLY, NULL, 0, 0, &staff_def},
    {"organisation_id", FT_REF, FF_REQUIRED | FF_CREATE_ONLY, NULL, 0, 0, &organisation_def},
    {"position_percent", FT_INT, FF_REQUIRED | FF_NOT_NULL, NULL, 1, 100, NULL},
    {"role", FT_TEXT, 0, NULL, 0, 100, NULL},
    {"valid_from", FT_DATE, 0, NULL, 0, 0, NULL},
    {"valid_to", FT_DATE, 0, NULL, 0, 0, NULL},
    {"leader", FT_BOOL, FF_NOT_NULL, NULL, 0, 0, NULL},  /* leads the unit: sees its numbers */
    {"pending", FT_BOOL, FF_READONLY, NULL, 0, 0, NULL}, /* waits for a second person (R14) */
};

static int membership_after(store *s, const actor *a, json_t *rec, json_t *prev, err *e)
{
    if (prev) return 0;
    json_t *org;
    if (rec_get(s, &organisation_def, a->tenant_id,
                json_integer_value(json_object_get(rec, "organisation_id")), &org, e))
        return -1;
    int four_eyes = opens_everyone(org);
    json_decref(org);
    return four_eyes ? approval_pend(s, a, "membership", rec, 0,
                                     json_integer_value(json_object_get(rec, "staff_id")), NULL, e)
                     : 0;
}

const record_def membership_def = {"membership",     "memberships",   membership_fields, 8,
                                   membership_check, membership_after};

int staff_check_active(store *s, const actor *a, int64_t staff_id, const char *field, err *e)
{
    json_t *st;
    if (rec_get(s, &staff_def, a->tenant_id, staff_id, &st, e)) {
        if (e->kind == ERR_NOT_FOUND)
            err_set(e, ERR_INVALID, "unknown_reference", field, "%s: there is no staff member %lld",
                    field, (long long)staff_id);
        return -1;
    }
    int active = json_is_true(json_object_get(st, "active"));
    json_decref(st);
    if (!active)
        return err_set(e, ERR_INVALID, "staff_inactive", field,
                       "%s: staff member %lld is no longer active", field, (long long)staff_id);
    return 0;
}

int staff_check_municipal(store *s, const actor *a, int64_t staff_id, const char *field,
                          const char *code, const char *role, err *e)
{
    char today[11];
    time_today(today);
    int municipal = approval_store_municipal(s, a->tenant_id, staff_id, today, e);
    if (municipal < 0) return -1;
    if (!municipal)
        return err_set(e, ERR_INVALID, code, field,
                       "%s: the %s must be a current member of one of the municipality's own "
                       "units; staff member %lld is not",
                       field, role, (long long)staff_id);
    return 0;
}
