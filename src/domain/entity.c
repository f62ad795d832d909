/* entity.c - see entity.h. */
#include "domain/entity.h"

#include "domain/fields.h"

int entity_create(store *s, const actor *a, const record_def *d, json_t *in, json_t *fixed,
                  json_t **out, err *e)
{
    json_t *v;
    if (fields_validate(s, a->tenant_id, d, in, FIELDS_CREATE, NULL, &v, e)) return -1;
    if (fixed) json_object_update(v, fixed);
    *out = NULL;
    int rc = (d->check && d->check(s, a->tenant_id, v, NULL, e)) ||
             rec_insert_get(s, d, a->tenant_id, v, out, e) ||
             (d->after && d->after(s, a, *out, NULL, e));
    json_decref(v);
    if (rc) {
        json_decref(*out);
        *out = NULL;
    }
    return rc ? -1 : 0;
}

int entity_update(store *s, const actor *a, const record_def *d, int64_t id, int64_t if_version,
                  json_t *in, json_t **out, err *e)
{
    json_t *cur, *v;
    if (rec_get(s, d, a->tenant_id, id, &cur, e)) return -1;
    if (fields_validate(s, a->tenant_id, d, in, FIELDS_PATCH, NULL, &v, e)) {
        json_decref(cur);
        return -1;
    }
    *out = NULL;
    int rc = (d->check && d->check(s, a->tenant_id, v, cur, e)) ||
             rec_update(s, d, a->tenant_id, id, if_version, v, e) ||
             rec_get(s, d, a->tenant_id, id, out, e) || (d->after && d->after(s, a, *out, cur, e));
    json_decref(cur);
    json_decref(v);
    if (rc) {
        json_decref(*out);
        *out = NULL;
    }
    return rc ? -1 : 0;
}

int entity_get(store *s, const actor *a, const record_def *d, int64_t id, json_t **out, err *e)
{
    return rec_get(s, d, a->tenant_id, id, out, e);
}

int entity_require(store *s, const actor *a, const record_def *d, int64_t id, err *e)
{
    int ex = rec_exists(s, d, a->tenant_id, id, e);
    if (ex < 0) return -1;
    return ex ? 0
              : err_set(e, ERR_NOT_FOUND, "not_found", NULL, "%s %lld not found", d->name,
                        (long long)id);
}

int entity_get_child(store *s, const actor *a, const record_def *d, const char *parent,
                     int64_t parent_id, int64_t id, json_t **out, err *e)
{
    json_t *o;
    if (rec_get(s, d, a->tenant_id, id, &o, e)) return -1;
    if (json_integer_value(json_object_get(o, parent)) != parent_id) {
        json_decref(o);
        return err_set(e, ERR_NOT_FOUND, "not_found", NULL, "%s %lld not found", d->name,
                       (long long)id);
    }
    *out = o;
    return 0;
}

int entity_delete(store *s, const actor *a, const record_def *d, int64_t id, int64_t if_version,
                  err *e)
{
    return rec_delete(s, d, a->tenant_id, id, if_version, e);
}
