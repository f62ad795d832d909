/* person.c - see person.h. */
#include "domain/person.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/organisation.h"
#include "store/person_store.h"
#include "util/fold.h"
#include "util/nid.h"
#include "util/timeutil.h"

static const char *const nid_kinds[] = {"fnr", "dnr", "synthetic", NULL};
static const char *const needs[] = {"hearing", "sight",     "reading",       "interpreter",
                                    "speech",  "cognitive", "sign_language", NULL};

/* The search keys of a person's name (util/fold.h), written with every change
 * of either name: the hidden field name_keys, which the store's triggers turn
 * into the rows the name search looks up. */
static int person_name_keys(json_t *v, json_t *cur, err *e)
{
    json_t *given = json_object_get(v, "given_name"), *family = json_object_get(v, "family_name");
    if (!given && !family) return 0;
    if (!given && cur) given = json_object_get(cur, "given_name");
    if (!family && cur) family = json_object_get(cur, "family_name");
    const char *names[] = {json_string_value(given), json_string_value(family)};
    json_t *keys;
    if (fold_name_keys(names, 2, &keys, e)) return -1;
    json_object_set_new(v, "name_keys", keys);
    return 0;
}

/* Validates the national ID number and derives birth_date and kind from it;
 * folds the name for search. */
static int person_check(store *s, int64_t tenant, json_t *v, json_t *cur, err *e)
{
    if (person_name_keys(v, cur, e)) return -1;
    json_t *nid = json_object_get(v, "national_id");
    if (!nid) return 0;
    const char *why = NULL;
    nid_info info;
    if (nid_parse(json_string_value(nid), &info, &why))
        return err_set(e, ERR_INVALID, "invalid_national_id", "national_id", "national_id %s", why);
    char date[11];
    snprintf(date, sizeof date, "%04d-%02d-%02d", info.year, info.month, info.day);
    json_object_set_new(v, "birth_date", json_string(date));
    json_object_set_new(v, "national_id_kind", json_string(nid_kinds[info.kind]));
    int64_t other = 0;
    int found = person_store_find_national_id(s, tenant, json_string_value(nid), &other, e);
    if (found < 0) return -1;
    if (found && (!cur || other != json_integer_value(json_object_get(cur, "id"))))
        return err_set(e, ERR_CONFLICT, "national_id_taken", "national_id",
                       "another person (id %lld) has this national ID number", (long long)other);
    return 0;
}

static const field_def person_fields[] = {
    {"national_id", FT_TEXT, FF_REQUIRED | FF_NOT_NULL, NULL, 11, 11, NULL},
    {"national_id_kind", FT_ENUM, FF_READONLY, nid_kinds, 0, 0, NULL},
    {"given_name", FT_TEXT, FF_REQUIRED | FF_NOT_NULL, NULL, 1, 200, NULL},
    {"family_name", FT_TEXT, FF_REQUIRED | FF_NOT_NULL, NULL, 1, 200, NULL},
    {"birth_date", FT_DATE, FF_READONLY, NULL, 0, 0, NULL},
    {"phone", FT_TEXT, 0, NULL, 0, 40, NULL},
    {"email", FT_TEXT, 0, NULL, 0, 200, NULL},
    {"preferred_language", FT_TEXT, 0, NULL, 0, 60, NULL},
    {"communication_needs", FT_ENUM_LIST, FF_NOT_NULL, needs, 0, 0, NULL},
    {"communication_note", FT_TEXT, 0, NULL, 0, 2000, NULL},
    {"interpreter_language", FT_TEXT, 0, NULL, 0, 60, NULL},
    {"gp_organisation_id", FT_REF, 0, NULL, 0, 0, &organisation_def},
    {"gp_name", FT_TEXT, 0, NULL, 0, 200, NULL},
    {"entitled_to_plan", FT_BOOL, FF_NOT_NULL, NULL, 0, 0, NULL},
    {"name_keys", FT_JSON, FF_READONLY | FF_HIDDEN, NULL, 0, 0, NULL},
    /* R16: changed through protection_def (domain/protection.h) */
    {"protection_code", FT_TEXT, FF_READONLY, NULL, 0, 0, NULL},
    {"protection_flag", FT_TEXT, FF_READONLY, NULL, 0, 0, NULL},
    {"protection_reason", FT_TEXT, FF_READONLY, NULL, 0, 0, NULL},
};
const record_def person_def = {"person", "persons", person_fields, 18, person_check, NULL};

/* A Norwegian postal code is four digits; the street's search key
 * (util/fold.h) is written with every change of the street. */
static int address_check(store *s, int64_t tenant, json_t *v, json_t *cur, err *e)
{
    json_t *code = json_object_get(v, "postal_code");
    if (json_is_string(code)) {
        const char *c = json_string_value(code);
        for (int i = 0; i < 4; i++)
            if (c[i] < '0' || c[i] > '9')
                return err_set(e, ERR_INVALID, "invalid_postal_code", "postal_code",
                               "postal_code must be four digits");
    }
    json_t *street = json_object_get(v, "street");
    if (!json_is_string(street)) return 0;
    char *key;
    size_t len;
    if (fold_key(json_string_value(street), json_string_length(street), &key, &len, e)) return -1;
    json_object_set_new(v, "street_key", json_stringn(key, len));
    free(key);
    return 0;
}

static const field_def address_fields[] = {
    {"person_id", FT_REF, FF_READONLY, NULL, 0, 0, &person_def},
    {"street", FT_TEXT, FF_REQUIRED | FF_NOT_NULL, NULL, 1, 200, NULL},
    {"postal_code", FT_TEXT, 0, NULL, 4, 4, NULL},
    {"city", FT_TEXT, 0, NULL, 0, 100, NULL},
    {"valid_from", FT_DATE, 0, NULL, 0, 0, NULL},
    {"valid_to", FT_DATE, 0, NULL, 0, 0, NULL},
    {"street_key", FT_TEXT, FF_READONLY | FF_HIDDEN, NULL, 0, 0, NULL},
};
const record_def address_def = {"address", "person_addresses", address_fields,
                                7,         address_check,      NULL};

static const char *const relations[] = {"parent",   "child",  "spouse", "partner", "sibling",
                                        "guardian", "friend", "other",  NULL};
static const field_def kin_fields[] = {
    {"person_id", FT_REF, FF_READONLY, NULL, 0, 0, &person_def},
    {"name", FT_TEXT, FF_REQUIRED | FF_NOT_NULL, NULL, 1, 200, NULL},
    {"relation", FT_ENUM, FF_REQUIRED | FF_NOT_NULL, relations, 0, 0, NULL},
    {"phone", FT_TEXT, 0, NULL, 0, 40, NULL},
    {"email", FT_TEXT, 0, NULL, 0, 200, NULL},
    {"is_guardian", FT_BOOL, FF_NOT_NULL, NULL, 0, 0, NULL},
    {"note", FT_TEXT, 0, NULL, 0, 2000, NULL},
};
const record_def next_of_kin_def = {"next of kin", "next_of_kin", kin_fields, 7, NULL, NULL};

static int children(store *s, const actor *a, const record_def *d, int64_t person_id, json_t **out,
                    err *e)
{
    json_t *v = json_integer(person_id);
    rec_filter f = {"person_id", RF_EQ, v};
    int64_t next;
    int rc = rec_list(s, d, a->tenant_id, &f, 1, 0, 500, out, &next, e);
    json_decref(v);
    return rc;
}

int person_get_full(store *s, const actor *a, int64_t id, json_t **out, err *e)
{
    json_t *p, *addr = NULL, *kin = NULL;
    if (rec_get(s, &person_def, a->tenant_id, id, &p, e)) return -1;
    if (children(s, a, &address_def, id, &addr, e) ||
        children(s, a, &next_of_kin_def, id, &kin, e)) {
        json_decref(p);
        json_decref(addr);
        return -1;
    }
    /* newest first: the current address leads, former ones follow */
    json_t *newest = json_array();
    for (size_t i = json_array_size(addr); i > 0; i--)
        json_array_append(newest, json_array_get(addr, i - 1));
    json_decref(addr);
    json_object_set_new(p, "addresses", newest);
    json_object_set_new(p, "next_of_kin", kin);
    *out = p;
    return 0;
}

int person_search(store *s, const actor *a, const person_query *q, int64_t after, int limit,
                  json_t **items, int64_t *next, int64_t *total, err *e)
{
    /* a national ID number as often written, "010190 12345", is the number */
    char nid[16];
    if (q->national_id) {
        size_t n = 0;
        for (const char *p = q->national_id; *p && n < sizeof nid - 1; p++)
            if (*p != ' ') nid[n++] = *p;
        nid[n] = '\0';
        const char *why;
        if (nid_parse(nid, NULL, &why))
            return err_set(e, ERR_INVALID, "invalid_national_id", "national_id", "national_id %s",
                           why);
    }
    person_viewer viewer = {a->role == ROLE_STAFF ? a->staff_id : 0, ""};
    time_today(viewer.today);
    return person_store_search(s, &person_def, a->tenant_id, q->q, q->national_id ? nid : NULL,
                               q->address, q->entitled_only, q->without_plan, q->scope, &viewer,
                               after, limit, items, next, total, e);
}

int person_each_national_id(store *s, void (*each)(const char *nid, void *ctx), void *ctx, err *e)
{
    return person_store_each_national_id(s, each, ctx, e);
}
