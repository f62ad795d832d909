/* tenant_store.c - see tenant_store.h. */
#include "store/tenant_store.h"

#include <stdio.h>

#include "store/driver.h"
#include "util/timeutil.h"

int tenant_store_insert(store *s, const char *slug, const char *name,
                        const char *municipality_number, int64_t *id, err *e)
{
    db_stmt *st = db_prepare(s,
                             "INSERT INTO tenants (slug, name, municipality_number, created_at, "
                             "updated_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
                             e);
    if (!st) return -1;
    char now[21];
    time_now_iso(now);
    db_bind_str(st, 1, slug);
    db_bind_str(st, 2, name);
    db_bind_str(st, 3, municipality_number);
    db_bind_str(st, 4, now);
    db_bind_str(st, 5, now);
    int rc = db_step(st, e);
    if (rc == DB_ROW) *id = db_column_int(st, 0);
    db_done(st);
    return rc == DB_ROW ? 0 : -1;
}

int tenant_store_find(store *s, const char *slug, int64_t *id, int *count, err *e)
{
    db_stmt *st = db_prepare(s,
                             slug ? "SELECT id FROM tenants WHERE slug = ?"
                                  : "SELECT id FROM tenants ORDER BY id LIMIT 2",
                             e);
    if (!st) return -1;
    if (slug) db_bind_str(st, 1, slug);
    int n = 0, rc;
    while ((rc = db_step(st, e)) == DB_ROW) {
        if (n == 0) *id = db_column_int(st, 0);
        n++;
    }
    db_done(st);
    if (rc == DB_ERROR) return -1;
    *count = n;
    return n > 0;
}

int tenant_store_name(store *s, int64_t id, char *out, size_t n, err *e)
{
    db_stmt *st = db_prepare(s, "SELECT name FROM tenants WHERE id = ?", e);
    if (!st) return -1;
    db_bind_int(st, 1, id);
    int rc = db_step(st, e);
    if (rc == DB_ROW) {
        const char *name = db_column_text(st, 0);
        snprintf(out, n, "%s", name ? name : "");
    }
    db_done(st);
    if (rc == DB_ERROR) return -1;
    return rc == DB_ROW;
}

int tenant_store_list(store *s, int (*each)(const tenant_row *row, void *ctx), void *ctx, err *e)
{
    db_stmt *st = db_prepare(s,
                             "SELECT t.id, t.slug, t.name, t.municipality_number, t.created_at, "
                             "(SELECT COUNT(*) FROM accounts a WHERE a.tenant_id = t.id) "
                             "FROM tenants t ORDER BY t.id",
                             e);
    if (!st) return -1;
    int rc;
    while ((rc = db_step(st, e)) == DB_ROW) {
        tenant_row row = {db_column_int(st, 0),  db_column_text(st, 1), db_column_text(st, 2),
                          db_column_text(st, 3), db_column_text(st, 4), db_column_int(st, 5)};
        if (each(&row, ctx)) break;
    }
    db_done(st);
    return rc == DB_ERROR ? -1 : 0;
}
