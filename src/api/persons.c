/*
 * persons.c - /persons (search by name, national ID number or address),
 * /persons/{id} with addresses and next of kin embedded, and the nested
 * /persons/{id}/addresses and /persons/{id}/next-of-kin collections.
 */
#include <string.h>

#include "api/api.h"
#include "api/generic.h"
#include "domain/names.h"
#include "domain/person.h"

static int list_persons(request *r, err *e)
{
    int limit;
    int64_t after, next;
    static const char *const allowed[] = {
        "limit", "after", "q", "national_id", "address", "entitled_to_plan", NULL};
    if (req_query_only(r, allowed, e) || req_page(r, &limit, &after, e)) return -1;
    person_scope scope;
    person_query q = {req_query(r, "q"), req_query(r, "national_id"), req_query(r, "address"), 0,
                      policy_person_scope(&r->actor, &scope) ? &scope : NULL};
    const char *texts[] = {"q", "address"};
    for (int i = 0; i < 2; i++) {
        const char *v = req_query(r, texts[i]);
        json_t *t = v ? json_string(v) : NULL; /* NULL for invalid UTF-8 */
        if (v && !t)
            return err_set(e, ERR_MALFORMED, "invalid_utf8", texts[i], "%s is not valid UTF-8",
                           texts[i]);
        json_decref(t);
        if (v && strlen(v) > 200)
            return err_set(e, ERR_INVALID, "too_long", texts[i], "%s may have at most 200 bytes",
                           texts[i]);
    }
    const char *ent = req_query(r, "entitled_to_plan");
    if (ent) {
        if (strcmp(ent, "true") != 0)
            return err_set(e, ERR_INVALID, "invalid_filter", "entitled_to_plan",
                           "entitled_to_plan can only be true");
        q.entitled_only = 1;
    }
    json_t *items;
    if (store_begin(r->db, STORE_READ, e) ||
        person_search(r->db, &r->actor, &q, after, limit, &items, &next, e) ||
        store_commit(r->db, e))
        return -1;
    respond_page(r, items, next);
    return 0;
}

static int get_person(request *r, err *e)
{
    json_t *out;
    if (store_begin(r->db, STORE_READ, e) || person_get_full(r->db, &r->actor, r->ids[0], &out, e))
        return -1;
    if (names_add_one(r->db, &r->actor, out, NAMES_ORGANISATIONS, "gp_organisation_id",
                      "gp_organisation_name", e)) {
        json_decref(out);
        return -1;
    }
    respond_record(r, 200, out);
    return 0;
}

#define P    OBJ_PERSON
#define ADDR "/api/v1/persons/{id}/addresses"
#define KIN  "/api/v1/persons/{id}/next-of-kin"
#define REP  "/api/v1/persons/{id}/representatives"

const route api_person_routes[] = {
    {"GET", "/api/v1/persons", list_persons, 0, P, ACT_READ, 0, &person_def, NULL},
    {"POST", "/api/v1/persons", generic_create, 0, P, ACT_CREATE, 0, &person_def, NULL},
    {"GET", "/api/v1/persons/{id}", get_person, 0, P, ACT_READ, 0, &person_def, NULL},
    {"PATCH", "/api/v1/persons/{id}", generic_update, 0, P, ACT_UPDATE, 0, &person_def, NULL},
    {"GET", ADDR, generic_list, 0, P, ACT_READ, 0, &address_def, "person_id"},
    {"POST", ADDR, generic_create, 0, P, ACT_UPDATE, 0, &address_def, "person_id"},
    {"GET", ADDR "/{id}", generic_get, 0, P, ACT_READ, 0, &address_def, "person_id"},
    {"PATCH", ADDR "/{id}", generic_update, 0, P, ACT_UPDATE, 0, &address_def, "person_id"},
    {"DELETE", ADDR "/{id}", generic_delete, 0, P, ACT_UPDATE, 0, &address_def, "person_id"},
    {"GET", KIN, generic_list, 0, P, ACT_READ, 0, &next_of_kin_def, "person_id"},
    {"POST", KIN, generic_create, 0, P, ACT_UPDATE, 0, &next_of_kin_def, "person_id"},
    {"GET", KIN "/{id}", generic_get, 0, P, ACT_READ, 0, &next_of_kin_def, "person_id"},
    {"PATCH", KIN "/{id}", generic_update, 0, P, ACT_UPDATE, 0, &next_of_kin_def, "person_id"},
    {"DELETE", KIN "/{id}", generic_delete, 0, P, ACT_UPDATE, 0, &next_of_kin_def, "person_id"},
    {"GET", REP, generic_list, 0, P, ACT_READ, 0, &representative_def, "person_id"},
    {"POST", REP, generic_create, 0, P, ACT_APPOINT, 0, &representative_def, "person_id"},
    {"GET", REP "/{id}", generic_get, 0, P, ACT_READ, 0, &representative_def, "person_id"},
    {"PATCH", REP "/{id}", generic_update, 0, P, ACT_APPOINT, 0, &representative_def, "person_id"},
    {"DELETE", REP "/{id}", generic_delete, 0, P, ACT_APPOINT, 0, &representative_def, "person_id"},
    {NULL, NULL, NULL, 0, 0, 0, 0, NULL, NULL},
};
