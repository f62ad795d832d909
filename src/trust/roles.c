/* roles.c - see roles.h. */
#include "trust/roles.h"

#include "store/access_store.h"
#include "util/timeutil.h"

int roles_load(store *s, actor *a, err *e)
{
    if (a->roles_loaded) return 0;
    char today[11];
    time_today(today);
    if (a->staff_id && access_store_units(s, a, today, e)) return -1;
    if (a->role == ROLE_CITIZEN && access_store_represented(s, a, today, e)) return -1;
    a->roles_loaded = 1;
    return 0;
}

static void add(json_t *arr, const char *role, int64_t org, const char *count_key, int64_t n)
{
    json_t *o = json_pack("{s:s}", "role", role);
    if (org) json_object_set_new(o, "organisation_id", json_integer(org));
    if (count_key) json_object_set_new(o, count_key, json_integer(n));
    json_array_append_new(arr, o);
}

int roles_json(store *s, const actor *a, json_t **out, err *e)
{
    json_t *arr = json_array();
    if (a->role == ROLE_ADMIN) add(arr, "administrator", 0, NULL, 0);
    for (int i = 0; i < a->nunits; i++) {
        const actor_unit *u = &a->units[i];
        if (u->roles & UNIT_COORDINATING)
            add(arr, "coordinating_unit", u->organisation_id, NULL, 0);
        if (u->roles & UNIT_STAFF) add(arr, "staff", u->organisation_id, NULL, 0);
        if (u->roles & UNIT_EXTERNAL) add(arr, "external_partner", u->organisation_id, NULL, 0);
        if (u->roles & UNIT_LEADER) add(arr, "leader", u->organisation_id, NULL, 0);
        if (u->roles & UNIT_INTAKE) add(arr, "intake", u->organisation_id, NULL, 0);
    }
    if (a->staff_id) {
        int64_t plans = 0, cases = 0;
        if (access_store_relations(s, a->tenant_id, a->staff_id, &plans, &cases, e)) {
            json_decref(arr);
            return -1;
        }
        if (plans) add(arr, "coordinator", 0, "plans", plans);
        if (cases) add(arr, "contact_person", 0, "cases", cases);
    }
    if (a->role == ROLE_CITIZEN && a->person_id) {
        json_t *o = json_pack("{s:s,s:I}", "role", "owner", "person_id", (json_int_t)a->person_id);
        json_array_append_new(arr, o);
    }
    for (int i = 0; i < a->nrepresented; i++) {
        json_t *o =
            json_pack("{s:s,s:I,s:s}", "role", "representative", "person_id",
                      (json_int_t)a->represented[i], "scope", a->represent_act[i] ? "act" : "read");
        json_array_append_new(arr, o);
    }
    *out = arr;
    return 0;
}
