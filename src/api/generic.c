/* generic.c - see generic.h. */
#include "api/generic.h"

#include <stdlib.h>
#include <string.h>

#include "domain/entity.h"
#include "domain/fields.h"
#include "http/router.h"

const char *generic_location(request *r, json_t *record)
{
    return arena_printf(r->a, "%s/%lld", r->path,
                        (long long)json_integer_value(json_object_get(record, "id")));
}

int generic_answer(request *r, int rc, json_t *in, json_t *out, int status)
{
    json_decref(in);
    if (rc) {
        json_decref(out);
        return -1;
    }
    if (status == 201) r->location = generic_location(r, out);
    respond_record(r, status, out);
    return 0;
}

typedef struct filter_ctx {
    request *r;
    const record_def *d;
    rec_filter *f;
    int max, n;
    json_t *keep;
    err *e;
} filter_ctx;

static int add_filter(void *p, const char *key, const char *value)
{
    filter_ctx *c = p;
    if (!strcmp(key, "limit") || !strcmp(key, "after")) return 0;
    const field_def *f = rec_field(c->d, key);
    if (!f || (f->flags & FF_HIDDEN) ||
        (f->type != FT_ENUM && f->type != FT_REF && f->type != FT_BOOL && f->type != FT_ENUM_LIST))
        return err_set(c->e, ERR_INVALID, "unknown_filter", key, "cannot filter %s by '%s'",
                       c->d->table, key);
    if (c->n == c->max)
        return err_set(c->e, ERR_INVALID, "too_many_filters", key, "too many filters");
    json_t *v;
    if (f->type == FT_REF) {
        char *end;
        long long id = strtoll(value, &end, 10);
        if (!*value || *end || id <= 0)
            return err_set(c->e, ERR_INVALID, "invalid_filter", key, "%s must be an id", key);
        v = json_integer(id);
    } else if (f->type == FT_BOOL) {
        if (strcmp(value, "true") && strcmp(value, "false"))
            return err_set(c->e, ERR_INVALID, "invalid_filter", key, "%s must be true or false",
                           key);
        v = json_boolean(!strcmp(value, "true"));
    } else {
        v = json_string(value);
        if (!v) return err_set(c->e, ERR_MALFORMED, "invalid_utf8", key, "%s is not UTF-8", key);
        field_def one = *f;
        one.type = FT_ENUM;
        one.flags = 0;
        if (fields_check_value(NULL, 0, &one, v, key, c->e)) {
            json_decref(v);
            return -1;
        }
    }
    json_array_append_new(c->keep, v);
    c->f[c->n].field = f->name;
    c->f[c->n].op = f->type == FT_ENUM_LIST ? RF_CONTAINS : RF_EQ;
    c->f[c->n].value = v;
    c->n++;
    return 0;
}

int generic_filters(request *r, const record_def *d, rec_filter *f, int max, int *n, json_t *keep,
                    err *e)
{
    filter_ctx c = {r, d, f, max, *n, keep, e};
    int rc = req_query_each(r, add_filter, &c);
    *n = c.n;
    return rc ? -1 : 0;
}

int generic_list(request *r, err *e)
{
    return generic_list_where(r, NULL, e);
}

int generic_list_where(request *r, const rec_filter *where, err *e)
{
    const route *rt = r->route;
    int limit;
    int64_t after, next;
    if (req_page(r, &limit, &after, e)) return -1;
    rec_filter f[12];
    int n = 0;
    if (where) f[n++] = *where;
    json_t *keep = json_array();
    if (rt->parent) {
        json_array_append_new(keep, json_integer(r->ids[0]));
        f[n++] = (rec_filter){rt->parent, RF_EQ, json_array_get(keep, 0)};
    }
    json_t *items = NULL;
    int rc = generic_filters(r, rt->def, f, 12, &n, keep, e) || store_begin(r->db, STORE_READ, e);
    if (!rc && rt->parent && rt->object != OBJ_NONE) {
        /* the parent must exist: an empty list would hide a wrong id */
        const field_def *pf = rec_field(rt->def, rt->parent);
        int ex = pf && pf->ref ? rec_exists(r->db, pf->ref, r->actor.tenant_id, r->ids[0], e) : 1;
        if (ex <= 0) {
            if (ex == 0)
                err_set(e, ERR_NOT_FOUND, "not_found", NULL, "%s %lld not found", pf->ref->name,
                        (long long)r->ids[0]);
            rc = -1;
        }
    }
    if (!rc)
        rc = rec_list(r->db, rt->def, r->actor.tenant_id, f, n, after, limit, &items, &next, e) ||
             store_commit(r->db, e);
    json_decref(keep);
    if (rc) {
        json_decref(items);
        return -1;
    }
    respond_page(r, items, next);
    return 0;
}

int generic_create(request *r, err *e)
{
    const route *rt = r->route;
    json_t *in, *out = NULL, *fixed = NULL;
    if (req_body_object(r, 1, &in, e)) return -1;
    if (rt->parent) {
        if (json_object_get(in, rt->parent)) {
            json_decref(in);
            return err_set(e, ERR_INVALID, "read_only_field", rt->parent, "%s is given by the path",
                           rt->parent);
        }
        fixed = json_pack("{s:I}", rt->parent, (json_int_t)r->ids[0]);
    }
    int rc = store_begin(r->db, STORE_WRITE, e);
    if (!rc && rt->parent) {
        const field_def *pf = rec_field(rt->def, rt->parent);
        int ex = rec_exists(r->db, pf->ref, r->actor.tenant_id, r->ids[0], e);
        if (ex == 0)
            err_set(e, ERR_NOT_FOUND, "not_found", NULL, "%s %lld not found", pf->ref->name,
                    (long long)r->ids[0]);
        rc = ex <= 0;
    }
    if (!rc)
        rc = entity_create(r->db, &r->actor, rt->def, in, fixed, &out, e) || store_commit(r->db, e);
    json_decref(fixed);
    return generic_answer(r, rc, in, out, 201);
}

static int get_item(request *r, json_t **out, err *e)
{
    const route *rt = r->route;
    if (rt->parent)
        return entity_get_child(r->db, &r->actor, rt->def, rt->parent, r->ids[0],
                                r->ids[r->nids - 1], out, e);
    return entity_get(r->db, &r->actor, rt->def, r->ids[0], out, e);
}

int generic_get(request *r, err *e)
{
    json_t *out;
    if (get_item(r, &out, e)) return -1;
    respond_record(r, 200, out);
    return 0;
}

int generic_update(request *r, err *e)
{
    int64_t version;
    json_t *in, *cur = NULL, *out = NULL;
    if (req_if_match(r, &version, e) || req_body_object(r, 1, &in, e)) return -1;
    int rc =
        store_begin(r->db, STORE_WRITE, e) || get_item(r, &cur, e) ||
        entity_update(r->db, &r->actor, r->route->def, r->ids[r->nids - 1], version, in, &out, e) ||
        store_commit(r->db, e);
    json_decref(cur);
    return generic_answer(r, rc, in, out, 200);
}

int generic_delete(request *r, err *e)
{
    int64_t version;
    json_t *cur = NULL;
    if (req_if_match(r, &version, e)) return -1;
    int rc = store_begin(r->db, STORE_WRITE, e) || get_item(r, &cur, e) ||
             entity_delete(r->db, &r->actor, r->route->def, r->ids[r->nids - 1], version, e) ||
             store_commit(r->db, e);
    json_decref(cur);
    if (rc) return -1;
    respond_empty(r, 204);
    return 0;
}
