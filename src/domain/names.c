/* names.c - see names.h. */
#include "domain/names.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trust/policy.h"

/* Adds an id (an integer) or each id of an array of them to ids. */
static void collect(json_t *ids, json_t *v)
{
    size_t i;
    json_t *x;
    if (json_is_integer(v)) json_array_append(ids, v);
    json_array_foreach(v, i, x) if (json_is_integer(x)) json_array_append(ids, x);
}

/* The name of id in names, or null. */
static json_t *name_of(json_t *names, json_t *id)
{
    char key[24];
    json_t *name = NULL;
    if (json_is_integer(id)) {
        snprintf(key, sizeof key, "%lld", (long long)json_integer_value(id));
        name = json_object_get(names, key);
    }
    return name ? json_incref(name) : json_null();
}

int names_add(store *s, const actor *a, json_t *items, names_kind kind, const char *id_key,
              const char *name_key, err *e)
{
    json_t *ids = json_array(), *names = NULL;
    size_t i, j;
    json_t *x, *id;
    json_array_foreach(items, i, x) collect(ids, json_object_get(x, id_key));
    int rc = 0;
    if (json_array_size(ids)) {
        char *text = json_dumps(ids, JSON_COMPACT);
        rc = text ? names_store_of(s, kind, a->tenant_id, text, &names, e)
                  : err_set(e, ERR_INTERNAL, "out_of_memory", NULL, "cannot list the names");
        free(text);
    }
    json_decref(ids);
    if (!rc) json_array_foreach(items, i, x)
        {
            json_t *v = json_object_get(x, id_key);
            if (!v) continue;
            if (!json_is_array(v)) {
                json_object_set_new(x, name_key, name_of(names, v));
                continue;
            }
            json_t *list = json_array();
            json_array_foreach(v, j, id) json_array_append_new(list, name_of(names, id));
            json_object_set_new(x, name_key, list);
        }
    json_decref(names);
    return rc ? -1 : 0;
}

int names_add_one(store *s, const actor *a, json_t *obj, names_kind kind, const char *id_key,
                  const char *name_key, err *e)
{
    json_t *one = json_pack("[O]", obj);
    int rc = names_add(s, a, one, kind, id_key, name_key, e);
    json_decref(one);
    return rc;
}

int names_knows_persons(const actor *a)
{
    return a->role != ROLE_STAFF ||
           (a->roles_loaded && (a->unit_roles & (UNIT_STAFF | UNIT_COORDINATING)));
}

void names_history_authors(const actor *a, json_t *items)
{
    if (names_knows_persons(a)) return;
    size_t i;
    json_t *x;
    json_array_foreach(items, i, x)
    {
        const char *role = json_string_value(json_object_get(x, "author_role"));
        if (role && !strcmp(role, "citizen")) json_object_set_new(x, "author_name", json_null());
    }
}

static int ends_with(const char *k, const char *tail)
{
    size_t n = strlen(k), m = strlen(tail);
    return n >= m && !strcmp(k + n - m, tail);
}

/* The staff and organisation ids of one entry's data, added to staff, orgs. */
static void entry_ids(json_t *x, json_t *staff, json_t *orgs)
{
    json_t *data = json_object_get(x, "data");
    json_t *parts[] = {json_object_get(data, "before"), json_object_get(data, "after")};
    for (int p = 0; p < 2; p++) {
        const char *k;
        json_t *v;
        if (!json_is_object(parts[p])) continue;
        json_object_foreach(parts[p], k, v)
        {
            size_t i;
            json_t *g;
            if (ends_with(k, "staff_id") || !strcmp(k, "coordinator_id"))
                collect(staff, v);
            else if (ends_with(k, "organisation_id") || ends_with(k, "organisation_ids"))
                collect(orgs, v);
            else if (!strcmp(k, "grants"))
                json_array_foreach(v, i, g)
                {
                    collect(staff, json_object_get(g, "staff_id"));
                    collect(orgs, json_object_get(g, "organisation_id"));
                }
        }
    }
}

static int lookup(store *s, const actor *a, names_kind kind, json_t *ids, json_t **out, err *e)
{
    if (!json_array_size(ids)) {
        *out = json_object();
        return 0;
    }
    char *text = json_dumps(ids, JSON_COMPACT);
    int rc = text ? names_store_of(s, kind, a->tenant_id, text, out, e)
                  : err_set(e, ERR_INTERNAL, "out_of_memory", NULL, "cannot list the names");
    free(text);
    return rc;
}

/* {"<id>": names[id]} for the ids that names holds. */
static json_t *subset(json_t *names, json_t *ids)
{
    json_t *o = json_object(), *id;
    size_t i;
    char key[24];
    json_array_foreach(ids, i, id)
    {
        snprintf(key, sizeof key, "%lld", (long long)json_integer_value(id));
        json_t *n = json_object_get(names, key);
        if (n) json_object_set(o, key, n);
    }
    return o;
}

int names_history(store *s, const actor *a, json_t *items, err *e)
{
    json_t *staff = json_array(), *orgs = json_array(), *sn = NULL, *on = NULL, *x;
    size_t i;
    json_array_foreach(items, i, x) entry_ids(x, staff, orgs);
    int rc = lookup(s, a, NAMES_STAFF_UNITS, staff, &sn, e) ||
             lookup(s, a, NAMES_ORGANISATIONS, orgs, &on, e);
    json_decref(staff);
    json_decref(orgs);
    if (!rc) json_array_foreach(items, i, x)
        {
            json_t *es = json_array(), *eo = json_array();
            entry_ids(x, es, eo);
            json_object_set_new(
                x, "names",
                json_pack("{s:o,s:o}", "staff", subset(sn, es), "organisations", subset(on, eo)));
            json_decref(es);
            json_decref(eo);
        }
    json_decref(sn);
    json_decref(on);
    return rc ? -1 : 0;
}

int names_add_persons(store *s, const actor *a, json_t *items, int birth_date, err *e)
{
    return names_add(s, a, items, NAMES_PERSONS, "person_id", "person_name", e) ||
                   (birth_date &&
                    names_add(s, a, items, NAMES_BIRTH_DATES, "person_id", "person_birth_date", e))
               ? -1
               : 0;
}

int names_add_case_persons(store *s, const actor *a, json_t *cases, err *e)
{
    if (names_add_persons(s, a, cases, 0, e)) return -1;
    size_t i;
    json_t *x;
    json_array_foreach(cases, i, x)
    {
        json_t *by = json_object_get(x, "created_by");
        if (json_is_integer(by) && json_integer_value(by) != a->account_id) continue;
        int64_t id = json_integer_value(json_object_get(x, "id"));
        policy_access acc;
        err ignored;
        if (policy_check(s, a, ACT_READ, OBJ_CASE, SEC_NONE, &id, 1, &acc, &ignored) ||
            !acc.basis || !strcmp(acc.basis, "reporter"))
            json_object_set_new(x, "person_name", json_null());
    }
    return 0;
}
