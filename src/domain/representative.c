/*
 * representative.c - representatives: a guardian (verge), the parent of a
 * child, or next of kin authorised by the owner, who act for or with the
 * person within a scope: `read` (sees what the owner sees) or `act` (also
 * writes what the owner may write). A representative logs in with an account
 * of their own; the link names that account. The access policy reads current
 * links (valid_from/valid_to around today) with the actor.
 */
#include "domain/fields.h"
#include "domain/person.h"

/* Accounts, for references only (their fields are managed by trust/auth). */
static const field_def account_fields[] = {
    {"username", FT_TEXT, FF_READONLY, NULL, 0, 0, NULL},
};
const record_def account_ref_def = {"account", "accounts", account_fields, 1, NULL};

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
};
const record_def representative_def = {"representative", "representatives", representative_fields,
                                       7, representative_check};
