/* tenant.c - see tenant.h. */
#include "domain/tenant.h"

#include <string.h>

#include "store/tenant_store.h"

static const field_def fields[] = {
    {"slug", FT_TEXT, FF_REQUIRED | FF_CREATE_ONLY, NULL, 1, 40, NULL},
    {"name", FT_TEXT, FF_REQUIRED, NULL, 1, 200, NULL},
    {"municipality_number", FT_TEXT, 0, NULL, 4, 4, NULL},
};
const record_def tenant_def = {"tenant", "tenants", fields, 3, NULL, NULL};

int tenant_slug_valid(const char *slug)
{
    size_t n = slug ? strlen(slug) : 0;
    int ok = n >= 1 && n <= 40 && slug[0] >= 'a' && slug[0] <= 'z';
    for (size_t i = 0; ok && i < n; i++)
        ok = (slug[i] >= 'a' && slug[i] <= 'z') || (slug[i] >= '0' && slug[i] <= '9') ||
             slug[i] == '-';
    return ok;
}

int tenant_create(store *s, const char *slug, const char *name, const char *municipality_number,
                  int64_t *id, err *e)
{
    int ok = tenant_slug_valid(slug);
    if (!ok)
        return err_set(e, ERR_INVALID, "invalid_slug", "slug",
                       "the slug must be 1 to 40 of a-z, 0-9 and '-', starting with a letter");
    if (!name || !name[0] || strlen(name) > 200)
        return err_set(e, ERR_INVALID, "invalid_name", "name",
                       "the name must be 1 to 200 characters");
    if (municipality_number) {
        ok = strlen(municipality_number) == 4;
        for (int i = 0; ok && i < 4; i++)
            ok = municipality_number[i] >= '0' && municipality_number[i] <= '9';
    }
    if (!ok)
        return err_set(e, ERR_INVALID, "invalid_municipality_number", "municipality_number",
                       "a municipality number is 4 digits");
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

int tenant_list(store *s, int (*each)(const tenant_row *row, void *ctx), void *ctx, err *e)
{
    return tenant_store_list(s, each, ctx, e);
}
