/*
 * representative.c - representatives: a guardian (verge), the parent of a
 * child, or next of kin authorised by the owner, who act for or with the
 * person within a scope: `read` (sees what the owner sees) or `act` (also
 * writes what the owner may write). A representative logs in with an account
 * of their own; the link names that account. The access policy reads current
 * links (valid_from/valid_to around today) with the actor.
 */
#include <string.h>

#include "domain/approval.h"
#include "domain/fields.h"
#include "domain/person.h"

/* Accounts, for references only (their fields are managed by trust/auth). */
static const field_def account_fields[] = {
    {"username", FT_TEXT, FF_READONLY, NULL, 0, 0, NULL},
};
const record_def account_ref_def = {"account", "accounts", account_fields, 1, NULL, NULL};

static const char *const kinds[] = {"guardian", "parent", "authorised", NULL};
static const char *const scopes[] = {"read", "act", NULL};

/* valid_to, when given, is not before valid_from. */
static int representative_check(store *s, int64_t tenant, json_t *v, json_t *cur, err *e)
{
    return fields_check_period(v, cur, "valid_from", "valid_to", e);
}

static const field_def representative_fields[] = {
    {"person_id", FT_REF, FF_READONLY, NULL, 0, 0, &person_def},
    {"account_id", FT_REF, FF_REQUIRED | FF_CREATE_ONLY, NULL, 0, 0, &account_ref_def},
    {"kind", FT_ENUM, FF_REQUIRED | FF_NOT_NULL, kinds, 0, 0, NULL},
    {"scope", FT_ENUM, FF_REQUIRED | FF_NOT_NULL, scopes, 0, 0, NULL},
    {"valid_from", FT_DATE, 0, NULL, 0, 0, NULL},
    {"valid_to", FT_DATE, 0, NULL, 0, 0, NULL},
    {"note", FT_TEXT, 0, NULL, 0, 1000, NULL},
    {"basis", FT_TEXT, 0, NULL, 0, 1000, NULL},
    {"pending", FT_BOOL, FF_READONLY, NULL, 0, 0, NULL},
};

static int changed(json_t *rec, json_t *prev, const char *k)
{
    return !json_equal(json_object_get(rec, k), json_object_get(prev, k));
}

/*
 * Who records a representation decides what it takes (R14). The owner may
 * authorise someone herself (kind authorised): in force at once, it is her
 * own consent. Staff (the coordinating unit, intake) record a guardian, a
 * parent or an authorisation on paper from a documented basis, and it waits
 * for a second member of the coordinating unit; so does a change by staff of
 * whom it names, its scope or its period.
 */
static int representative_after(store *s, const actor *a, json_t *rec, json_t *prev, err *e)
{
    const char *kind = json_string_value(json_object_get(rec, "kind"));
    if (a->role == ROLE_CITIZEN) {
        if (kind && strcmp(kind, "authorised") != 0)
            return err_set(e, ERR_INVALID, "representative_kind", "kind",
                           "a guardian or a parent is recorded by the municipality from a "
                           "documented basis; you can authorise someone (kind authorised)");
        return 0;
    }
    const char *basis = json_string_value(json_object_get(rec, "basis"));
    if (!basis || !*basis)
        return err_set(e, ERR_INVALID, "basis_required", "basis",
                       "say what the representation rests on: the guardianship decision, the "
                       "parental responsibility, or the signed authorisation");
    if (prev && !changed(rec, prev, "scope") && !changed(rec, prev, "valid_from") &&
        !changed(rec, prev, "valid_to"))
        return 0;
    return approval_pend(s, a, "representative", rec,
                         json_integer_value(json_object_get(rec, "person_id")), 0, basis, e);
}

const record_def representative_def = {"representative",      "representatives",
                                       representative_fields, 9,
                                       representative_check,  representative_after};
