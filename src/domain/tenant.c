/* tenant.c - see tenant.h. */
#include "domain/tenant.h"

#include "store/tenant_store.h"

static const field_def fields[] = {
    {"slug", FT_TEXT, FF_REQUIRED | FF_CREATE_ONLY, NULL, 1, 40, NULL},
    {"name", FT_TEXT, FF_REQUIRED, NULL, 1, 200, NULL},
    {"municipality_number", FT_TEXT, 0, NULL, 4, 4, NULL},
};
const record_def tenant_def = {"tenant", "tenants", fields, 3, NULL, NULL};

int tenant_create(store *s, const char *slug, const char *name, const char *municipality_number,
                  int64_t *id, err *e)
{
    if (tenant_store_insert(s, slug, name, municipality_number, id, e) == 0) return 0;
    if (e && e->kind == ERR_CONFLICT)
        return err_set(e, ERR_CONFLICT, "tenant_exists", "slug", "a tenant '%s' exists already",
                       slug);
    return -1;
}

int tenant_find(store *s, const char *slug, int64_t *id, err *e)
{
    int n = 0;
    if (tenant_store_find(s, slug, id, &n, e) < 0) return -1;
    if (n == 0)
        return slug ? err_set(e, ERR_NOT_FOUND, "no_such_tenant", "tenant",
                              "there is no tenant '%s'", slug)
                    : err_set(e, ERR_NOT_FOUND, "no_tenant", "tenant",
                              "the database has no municipality yet; run `helhet init`");
    if (n > 1)
        return err_set(e, ERR_INVALID, "tenant_required", "tenant",
                       "the database holds several tenants; name one with --tenant");
    return 0;
}

int tenant_name(store *s, int64_t id, char *out, size_t n, err *e)
{
    return tenant_store_name(s, id, out, n, e);
}
