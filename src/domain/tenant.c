/* tenant.c - see tenant.h. */
#include "domain/tenant.h"

#include <string.h>

#include "store/driver.h"
#include "util/timeutil.h"

static const field_def fields[] = {
    {"slug", FT_TEXT, FF_REQUIRED | FF_CREATE_ONLY, NULL, 1, 40, NULL},
    {"name", FT_TEXT, FF_REQUIRED, NULL, 1, 200, NULL},
    {"municipality_number", FT_TEXT, 0, NULL, 4, 4, NULL},
};
const record_def tenant_def = {"tenant", "tenants", fields, 3, NULL};

int tenant_create(store *s, const char *slug, const char *name, const char *municipality_number,
                  int64_t *id, err *e)
{
    /* tenants are the one table without tenant_id: written directly */
    db_stmt *st = db_prepare(s,
                             "INSERT INTO tenants (slug, name, municipality_number, created_at, "
                             "updated_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
                             e);
    if (!st) return -1;
    char now[21];
    time_now_iso(now);
    db_bind_text(st, 1, slug, strlen(slug));
    db_bind_text(st, 2, name, strlen(name));
    if (municipality_number)
        db_bind_text(st, 3, municipality_number, strlen(municipality_number));
    else
        db_bind_null(st, 3);
    db_bind_text(st, 4, now, 20);
    db_bind_text(st, 5, now, 20);
    int rc = db_step(st, e);
    if (rc == DB_ROW) *id = db_column_int(st, 0);
    db_done(st);
    if (rc == DB_ERROR && e && e->kind == ERR_CONFLICT)
        return err_set(e, ERR_CONFLICT, "tenant_exists", "slug", "a tenant '%s' exists already",
                       slug);
    return rc == DB_ROW ? 0 : -1;
}

int tenant_find(store *s, const char *slug, int64_t *id, err *e)
{
    db_stmt *st = db_prepare(s,
                             slug ? "SELECT id FROM tenants WHERE slug = ?"
                                  : "SELECT id FROM tenants ORDER BY id LIMIT 2",
                             e);
    if (!st) return -1;
    if (slug) db_bind_text(st, 1, slug, strlen(slug));
    int n = 0, rc;
    while ((rc = db_step(st, e)) == DB_ROW) {
        if (n == 0) *id = db_column_int(st, 0);
        n++;
    }
    db_done(st);
    if (rc == DB_ERROR) return -1;
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
