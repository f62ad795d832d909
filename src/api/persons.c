/*
 * persons.c - /persons (search by name, national ID number or address),
 * /persons/{id} with addresses and next of kin embedded, and the nested
 * /persons/{id}/addresses and /persons/{id}/next-of-kin collections, and
 * protected persons (R16, domain/protection.h): /persons/{id}/protection and
 * the address access list /persons/{id}/address-access. Every answer that
 * holds a person's addresses or next of kin passes through the policy's
 * address rights (policy_address_access) and protection_filter_*.
 */
#include <string.h>

#include "api/api.h"
#include "api/generic.h"
#include "domain/entity.h"
#include "domain/names.h"
#include "domain/person.h"
#include "domain/protection.h"

/* The address a hit was found by, only for a reader who may see it (R16):
 * the store's street condition holds the same, and the policy decides it
 * again for each protected hit. */
static int matched_seen(request *r, json_t *items, err *e)
{
    size_t i;
    json_t *x;
    json_array_foreach(items, i, x)
    {
        if (!json_object_get(x, "matched_address")) continue;
        if (!json_is_string(json_object_get(x, "protection_code")) &&
            !json_is_string(json_object_get(x, "protection_flag")))
            continue;
        unsigned rights = 0;
        int found = policy_address_access(r->db, &r->actor,
                                          json_integer_value(json_object_get(x, "id")), &rights, e);
        if (found < 0) return -1;
        if (!found || !(rights & ADDR_SEE)) json_object_del(x, "matched_address");
    }
    return 0;
}

static int list_persons(request *r, err *e)
{
    int limit;
    int64_t after, next;
    static const char *const allowed[] = {
        "limit", "after", "q", "national_id", "address", "entitled_to_plan", "without_plan", NULL};
    if (req_query_only(r, allowed, e) || req_page(r, &limit, &after, e)) return -1;
    person_scope scope;
    person_query q = {req_query(r, "q"),
                      req_query(r, "national_id"),
                      req_query(r, "address"),
                      0,
                      0,
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
    static const char *const flags[] = {"entitled_to_plan", "without_plan"};
    for (int i = 0; i < 2; i++) {
        const char *v = req_query(r, flags[i]);
        if (v && strcmp(v, "true") != 0)
            return err_set(e, ERR_INVALID, "invalid_filter", flags[i], "%s can only be true",
                           flags[i]);
    }
    q.entitled_only = req_query(r, "entitled_to_plan") != NULL;
    q.without_plan = req_query(r, "without_plan") != NULL;
    json_t *items = NULL;
    int64_t total = 0;
    if (store_begin(r->db, STORE_READ, e) ||
        person_search(r->db, &r->actor, &q, after, limit, &items, &next, &total, e) ||
        matched_seen(r, items, e) || store_commit(r->db, e)) {
        json_decref(items);
        return -1;
    }
    protection_filter_persons(items);
    respond_page(r, items, next);
    json_object_set_new(r->out, "total", json_integer(total));
    return 0;
}

/* The policy's address rights of the actor for the person ids[0]; 404 when
 * there is no such person. */
static int address_rights(request *r, unsigned *rights, err *e)
{
    int found = policy_address_access(r->db, &r->actor, r->ids[0], rights, e);
    if (found < 0) return -1;
    if (!found)
        return err_set(e, ERR_NOT_FOUND, "not_found", NULL, "person %lld not found",
                       (long long)r->ids[0]);
    return 0;
}

/* A refusal the handler made from the address rights: the decision's audit
 * entry says so. */
static int refused(request *r, err *e)
{
    if (r->naudit) {
        r->audit[r->naudit - 1].outcome = "denied";
        r->audit[r->naudit - 1].code = arena_strdup(r->a, e->code);
    }
    return -1;
}

/* The person with addresses and next of kin, as the actor may see them. */
static int answer_person(request *r, unsigned rights, err *e)
{
    json_t *out;
    if (store_begin(r->db, STORE_READ, e) || person_get_full(r->db, &r->actor, r->ids[0], &out, e))
        return -1;
    if (names_add_one(r->db, &r->actor, out, NAMES_ORGANISATIONS, "gp_organisation_id",
                      "gp_organisation_name", e)) {
        json_decref(out);
        return -1;
    }
    protection_filter_person(out, rights);
    respond_record(r, 200, out);
    return 0;
}

static int get_person(request *r, err *e)
{
    unsigned rights;
    if (address_rights(r, &rights, e)) return -1;
    return answer_person(r, rights, e);
}

/* PATCH /persons/{id}: the changed person, with the protection fields as the
 * actor may see them. */
static int update_person(request *r, err *e)
{
    unsigned rights;
    if (address_rights(r, &rights, e) || generic_update(r, e)) return -1;
    if (r->out) protection_filter_person(r->out, rights);
    return 0;
}

/* PATCH /persons/{id}/protection {protection_code?, protection_flag?,
 * protection_reason?} with If-Match (the person's version): answers the
 * person as the actor sees her afterwards. */
static int patch_protection(request *r, err *e)
{
    int64_t version;
    unsigned rights;
    json_t *in, *out = NULL;
    if (req_if_match(r, &version, e) || req_body_object(r, 1, &in, e)) return -1;
    if (address_rights(r, &rights, e) || (protection_may_change(rights, in, e) && refused(r, e)) ||
        entity_update(r->db, &r->actor, &protection_def, r->ids[0], version, in, &out, e) ||
        address_rights(r, &rights, e)) {
        json_decref(in);
        json_decref(out);
        return -1;
    }
    json_decref(in);
    json_decref(out);
    return answer_person(r, rights, e);
}

/* The addresses and next of kin: read by whoever may see the person, shown
 * as protection_filter_part leaves them to one not named for a protected
 * person's address; written only by those who see it. */
static int filter_answer(request *r, unsigned rights)
{
    if (!(rights & ADDR_PROTECTED) || (rights & ADDR_SEE) || !r->out) return 0;
    const char *kind = r->route->def == &address_def ? "address" : "next of kin";
    json_t *items = json_object_get(r->out, "items");
    protection_filter_part(items ? items : r->out, kind);
    if (!items) r->etag[0] = '\0'; /* the version is not shown either */
    return 0;
}

static int part_list(request *r, err *e)
{
    unsigned rights;
    if (address_rights(r, &rights, e) || generic_list(r, e)) return -1;
    return filter_answer(r, rights);
}

static int part_get(request *r, err *e)
{
    unsigned rights;
    if (address_rights(r, &rights, e) || generic_get(r, e)) return -1;
    return filter_answer(r, rights);
}

static int part_write(request *r, err *e)
{
    unsigned rights;
    if (address_rights(r, &rights, e)) return -1;
    if (protection_may_write(rights, e)) return refused(r, e);
    if (!strcmp(r->method, "POST")) return generic_create(r, e);
    if (!strcmp(r->method, "PATCH")) return generic_update(r, e);
    return generic_delete(r, e);
}

/* The address access list: kept by the coordinating unit (and the contact
 * person of a person with only the municipal flag), read by them and by the
 * person herself. */
static int access_allowed(request *r, int read, err *e)
{
    unsigned rights;
    if (address_rights(r, &rights, e)) return -1;
    int owner = r->actor.role == ROLE_CITIZEN && r->actor.person_id == r->ids[0];
    if (protection_may_manage(rights, read, owner, e)) return refused(r, e);
    return 0;
}

static int access_list(request *r, err *e)
{
    return access_allowed(r, 1, e) || generic_list(r, e);
}

static int access_get(request *r, err *e)
{
    return access_allowed(r, 1, e) || generic_get(r, e);
}

static int access_update(request *r, err *e)
{
    return access_allowed(r, 0, e) || generic_update(r, e);
}

/* POST /persons/{id}/address-access {staff_id, reason, valid_from?, valid_to?}:
 * granted_by is the staff member who names. */
static int access_create(request *r, err *e)
{
    json_t *in, *out = NULL;
    if (access_allowed(r, 0, e) || req_body_object(r, 1, &in, e)) return -1;
    json_t *fixed = json_pack("{s:I,s:I}", "person_id", (json_int_t)r->ids[0], "granted_by",
                              (json_int_t)r->actor.staff_id);
    int rc = entity_create(r->db, &r->actor, &address_access_def, in, fixed, &out, e);
    json_decref(fixed);
    return generic_answer(r, rc, in, out, 201);
}

#define P     OBJ_PERSON
#define ADDR  "/api/v1/persons/{id}/addresses"
#define KIN   "/api/v1/persons/{id}/next-of-kin"
#define REP   "/api/v1/persons/{id}/representatives"
#define NAMED "/api/v1/persons/{id}/address-access"

const route api_person_routes[] = {
    {"GET", "/api/v1/persons", list_persons, 0, P, ACT_READ, 0, &person_def, NULL},
    {"POST", "/api/v1/persons", generic_create, 0, P, ACT_CREATE, 0, &person_def, NULL},
    {"GET", "/api/v1/persons/{id}", get_person, 0, P, ACT_READ, 0, &person_def, NULL},
    {"PATCH", "/api/v1/persons/{id}", update_person, 0, P, ACT_UPDATE, 0, &person_def, NULL},
    {"PATCH", "/api/v1/persons/{id}/protection", patch_protection, 0, P, ACT_MANAGE, 0, NULL, NULL},
    {"GET", ADDR, part_list, 0, P, ACT_READ, 0, &address_def, "person_id"},
    {"POST", ADDR, part_write, 0, P, ACT_UPDATE, 0, &address_def, "person_id"},
    {"GET", ADDR "/{id}", part_get, 0, P, ACT_READ, 0, &address_def, "person_id"},
    {"PATCH", ADDR "/{id}", part_write, 0, P, ACT_UPDATE, 0, &address_def, "person_id"},
    {"DELETE", ADDR "/{id}", part_write, 0, P, ACT_UPDATE, 0, &address_def, "person_id"},
    {"GET", KIN, part_list, 0, P, ACT_READ, 0, &next_of_kin_def, "person_id"},
    {"POST", KIN, part_write, 0, P, ACT_UPDATE, 0, &next_of_kin_def, "person_id"},
    {"GET", KIN "/{id}", part_get, 0, P, ACT_READ, 0, &next_of_kin_def, "person_id"},
    {"PATCH", KIN "/{id}", part_write, 0, P, ACT_UPDATE, 0, &next_of_kin_def, "person_id"},
    {"DELETE", KIN "/{id}", part_write, 0, P, ACT_UPDATE, 0, &next_of_kin_def, "person_id"},
    {"GET", REP, generic_list, 0, P, ACT_READ, 0, &representative_def, "person_id"},
    {"POST", REP, generic_create, 0, P, ACT_APPOINT, 0, &representative_def, "person_id"},
    {"GET", REP "/{id}", generic_get, 0, P, ACT_READ, 0, &representative_def, "person_id"},
    {"PATCH", REP "/{id}", generic_update, 0, P, ACT_APPOINT, 0, &representative_def, "person_id"},
    {"DELETE", REP "/{id}", generic_delete, 0, P, ACT_APPOINT, 0, &representative_def, "person_id"},
    {"GET", NAMED, access_list, 0, P, ACT_READ, 0, &address_access_def, "person_id"},
    {"POST", NAMED, access_create, 0, P, ACT_CREATE, 0, &address_access_def, "person_id"},
    {"GET", NAMED "/{id}", access_get, 0, P, ACT_READ, 0, &address_access_def, "person_id"},
    {"PATCH", NAMED "/{id}", access_update, 0, P, ACT_UPDATE, 0, &address_access_def, "person_id"},
    {NULL, NULL, NULL, 0, 0, 0, 0, NULL, NULL},
};
