/*
 * record.c - the generic record operations of record.h.
 *
 * SQL is assembled from the static record_def into a stack buffer and then
 * prepared through the statement cache, which keys on the text: the second time a
 * shape is used it costs a hash lookup.
 */
#include "store/record.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "store/driver.h"
#include "util/timeutil.h"

#define SQL_MAX 4096

enum { OP_GET = 1, OP_EXISTS, OP_INSERT, OP_INSERT_GET, OP_UPDATE, OP_DELETE, OP_LIST };

/* The statement cache key of one SQL shape: the record, the operation and
 * what varies within it (which fields, which filters). */
static uint64_t shape_key(const record_def *d, int op, uint64_t extra)
{
    uint64_t h = 1469598103934665603ull;
    h = (h ^ (uint64_t)(uintptr_t)d) * 1099511628211ull;
    h = (h ^ (uint64_t)op) * 1099511628211ull;
    for (int i = 0; i < 8; i++) h = (h ^ ((extra >> (8 * i)) & 0xff)) * 1099511628211ull;
    return h;
}

static uint64_t str_hash(uint64_t h, const char *s)
{
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return (h ^ 0xff) * 1099511628211ull;
}

const field_def *rec_field(const record_def *d, const char *name)
{
    for (int i = 0; i < d->nfields; i++)
        if (strcmp(d->fields[i].name, name) == 0) return &d->fields[i];
    return NULL;
}

void rec_columns(const record_def *d, const char *prefix, char *out, size_t size)
{
    size_t n = 0;
    const char *p = prefix ? prefix : "";
    n += (size_t)snprintf(out + n, size - n, "%sid", p);
    for (int i = 0; i < d->nfields && n < size; i++)
        n += (size_t)snprintf(out + n, size - n, ", %s%s", p, d->fields[i].name);
    if (n < size) snprintf(out + n, size - n, ", %sversion, %screated_at, %supdated_at", p, p, p);
}

json_t *rec_row_to_json(const record_def *d, struct db_stmt *st)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(db_column_int(st, 0)));
    for (int i = 0; i < d->nfields; i++) {
        const field_def *f = &d->fields[i];
        int c = i + 1;
        if (f->flags & FF_HIDDEN) continue;
        json_t *v;
        if (db_column_is_null(st, c)) {
            v = json_null();
        } else {
            switch (f->type) {
            case FT_INT:
            case FT_REF:
                v = json_integer(db_column_int(st, c));
                break;
            case FT_BOOL:
                v = json_boolean(db_column_int(st, c));
                break;
            case FT_ENUM_LIST:
            case FT_JSON:
                v = json_loadb(db_column_text(st, c), db_column_bytes(st, c), 0, NULL);
                if (!v) v = json_null();
                break;
            default:
                v = json_stringn(db_column_text(st, c), db_column_bytes(st, c));
                break;
            }
        }
        json_object_set_new(o, f->name, v);
    }
    int c = d->nfields + 1;
    json_object_set_new(o, "version", json_integer(db_column_int(st, c)));
    json_object_set_new(o, "created_at", json_string(db_column_text(st, c + 1)));
    json_object_set_new(o, "updated_at", json_string(db_column_text(st, c + 2)));
    return o;
}

json_t *rec_row(const void *def, struct db_stmt *st)
{
    return rec_row_to_json(def, st);
}

int rec_collect_page(struct db_stmt *st, int limit,
                     json_t *(*row)(const void *ctx, struct db_stmt *st), const void *ctx,
                     json_t **items, int64_t *next, err *e)
{
    json_t *arr = json_array();
    int rc, n = 0;
    int64_t last = 0;
    *next = 0;
    while ((rc = db_step(st, e)) == DB_ROW) {
        if (n == limit) {
            *next = last;
            break;
        }
        json_t *o = row(ctx, st);
        last = json_integer_value(json_object_get(o, "id"));
        json_array_append_new(arr, o);
        n++;
    }
    db_done(st);
    if (rc == DB_ERROR) {
        json_decref(arr);
        return -1;
    }
    *items = arr;
    return 0;
}

/* Binds a validated JSON value for field f at parameter i. */
static void bind_value(db_stmt *st, int i, const field_def *f, json_t *v)
{
    if (!v || json_is_null(v)) {
        db_bind_null(st, i);
        return;
    }
    switch (f ? f->type : FT_INT) {
    case FT_INT:
    case FT_REF:
        db_bind_int(st, i, json_integer_value(v));
        break;
    case FT_BOOL:
        db_bind_int(st, i, json_is_true(v));
        break;
    case FT_ENUM_LIST:
    case FT_JSON: {
        char *text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
        db_bind_text(st, i, text, strlen(text));
        free(text);
        break;
    }
    default:
        if (json_is_integer(v))
            db_bind_int(st, i, json_integer_value(v));
        else
            db_bind_text(st, i, json_string_value(v), json_string_length(v));
        break;
    }
}

int rec_get(store *s, const record_def *d, int64_t tenant, int64_t id, json_t **out, err *e)
{
    uint64_t key = shape_key(d, OP_GET, 0);
    db_stmt *st = db_cached(s, key);
    if (!st) {
        char cols[SQL_MAX / 2], sql[SQL_MAX];
        rec_columns(d, NULL, cols, sizeof cols);
        snprintf(sql, sizeof sql, "SELECT %s FROM %s WHERE tenant_id = ? AND id = ?", cols,
                 d->table);
        if (!(st = db_prepare_keyed(s, key, sql, e))) return -1;
    }
    db_bind_int(st, 1, tenant);
    db_bind_int(st, 2, id);
    int rc = db_step(st, e);
    if (rc == DB_ROW) *out = rec_row_to_json(d, st);
    db_done(st);
    if (rc == DB_ERROR) return -1;
    if (rc == DB_DONE)
        return err_set(e, ERR_NOT_FOUND, "not_found", NULL, "%s %lld not found", d->name,
                       (long long)id);
    return 0;
}

int rec_exists(store *s, const record_def *d, int64_t tenant, int64_t id, err *e)
{
    uint64_t key = shape_key(d, OP_EXISTS, 0);
    db_stmt *st = db_cached(s, key);
    if (!st) {
        char sql[256];
        snprintf(sql, sizeof sql, "SELECT 1 FROM %s WHERE tenant_id = ? AND id = ?", d->table);
        if (!(st = db_prepare_keyed(s, key, sql, e))) return -1;
    }
    db_bind_int(st, 1, tenant);
    db_bind_int(st, 2, id);
    int rc = db_step(st, e);
    db_done(st);
    return rc == DB_ERROR ? -1 : rc == DB_ROW;
}

/* INSERT of the fields present in `values`; with `whole`, RETURNING the whole
 * row into *out, else RETURNING id into *id. */
static int insert(store *s, const record_def *d, int64_t tenant, json_t *values, int whole,
                  int64_t *id, json_t **out, err *e)
{
    const field_def *used[64];
    json_t *vals[64];
    int n = 0;
    uint64_t mask = 0;
    for (int i = 0; i < d->nfields && i < 64; i++) {
        json_t *v = json_object_get(values, d->fields[i].name);
        if (!v) continue;
        used[n] = &d->fields[i];
        vals[n++] = v;
        mask |= 1ull << i;
    }
    uint64_t key = shape_key(d, whole ? OP_INSERT_GET : OP_INSERT, mask);
    db_stmt *st = db_cached(s, key);
    if (!st) {
        char sql[SQL_MAX], cols[SQL_MAX / 2] = "id";
        if (whole) rec_columns(d, NULL, cols, sizeof cols);
        size_t len = (size_t)snprintf(sql, sizeof sql, "INSERT INTO %s (tenant_id", d->table);
        for (int i = 0; i < n; i++)
            len += (size_t)snprintf(sql + len, sizeof sql - len, ", %s", used[i]->name);
        len += (size_t)snprintf(sql + len, sizeof sql - len,
                                ", version, created_at, updated_at) VALUES (?");
        for (int i = 0; i < n; i++) len += (size_t)snprintf(sql + len, sizeof sql - len, ", ?");
        snprintf(sql + len, sizeof sql - len, ", 1, ?, ?) RETURNING %s", cols);
        if (!(st = db_prepare_keyed(s, key, sql, e))) return -1;
    }
    char now[21];
    time_now_iso(now);
    db_bind_int(st, 1, tenant);
    for (int i = 0; i < n; i++) bind_value(st, i + 2, used[i], vals[i]);
    db_bind_text(st, n + 2, now, 20);
    db_bind_text(st, n + 3, now, 20);
    int rc = db_step(st, e);
    if (rc == DB_ROW) {
        if (whole)
            *out = rec_row_to_json(d, st);
        else
            *id = db_column_int(st, 0);
    }
    db_done(st);
    return rc == DB_ROW ? 0 : -1;
}

int rec_insert(store *s, const record_def *d, int64_t tenant, json_t *values, int64_t *id, err *e)
{
    return insert(s, d, tenant, values, 0, id, NULL, e);
}

int rec_insert_get(store *s, const record_def *d, int64_t tenant, json_t *values, json_t **out,
                   err *e)
{
    return insert(s, d, tenant, values, 1, NULL, out, e);
}

/* After an UPDATE/DELETE touched no row: was it missing or at another version? */
static int explain_miss(store *s, const record_def *d, int64_t tenant, int64_t id, err *e)
{
    int ex = rec_exists(s, d, tenant, id, e);
    if (ex < 0) return -1;
    if (!ex)
        return err_set(e, ERR_NOT_FOUND, "not_found", NULL, "%s %lld not found", d->name,
                       (long long)id);
    return err_set(e, ERR_STALE, "stale_version", NULL,
                   "the %s was changed by someone else; reload it and try again", d->name);
}

int rec_update(store *s, const record_def *d, int64_t tenant, int64_t id, int64_t if_version,
               json_t *values, err *e)
{
    const field_def *used[64];
    json_t *vals[64];
    int n = 0;
    uint64_t mask = if_version > 0 ? 1ull << 63 : 0;
    for (int i = 0; i < d->nfields && i < 63; i++) {
        json_t *v = json_object_get(values, d->fields[i].name);
        if (!v) continue;
        used[n] = &d->fields[i];
        vals[n++] = v;
        mask |= 1ull << i;
    }
    uint64_t key = shape_key(d, OP_UPDATE, mask);
    db_stmt *st = db_cached(s, key);
    if (!st) {
        char sql[SQL_MAX];
        size_t len = (size_t)snprintf(sql, sizeof sql, "UPDATE %s SET ", d->table);
        for (int i = 0; i < n; i++)
            len += (size_t)snprintf(sql + len, sizeof sql - len, "%s = ?, ", used[i]->name);
        len += (size_t)snprintf(sql + len, sizeof sql - len,
                                "version = version + 1, updated_at = ? WHERE tenant_id = ? AND "
                                "id = ?");
        if (if_version > 0) snprintf(sql + len, sizeof sql - len, " AND version = ?");
        if (!(st = db_prepare_keyed(s, key, sql, e))) return -1;
    }
    char now[21];
    time_now_iso(now);
    for (int i = 0; i < n; i++) bind_value(st, i + 1, used[i], vals[i]);
    db_bind_text(st, n + 1, now, 20);
    db_bind_int(st, n + 2, tenant);
    db_bind_int(st, n + 3, id);
    if (if_version > 0) db_bind_int(st, n + 4, if_version);
    int rc = db_step(st, e);
    db_done(st);
    if (rc == DB_ERROR) return -1;
    if (db_changes(s) == 0) return explain_miss(s, d, tenant, id, e);
    return 0;
}

int rec_delete(store *s, const record_def *d, int64_t tenant, int64_t id, int64_t if_version,
               err *e)
{
    uint64_t key = shape_key(d, OP_DELETE, if_version > 0);
    db_stmt *st = db_cached(s, key);
    if (!st) {
        char sql[256];
        snprintf(sql, sizeof sql, "DELETE FROM %s WHERE tenant_id = ? AND id = ?%s", d->table,
                 if_version > 0 ? " AND version = ?" : "");
        if (!(st = db_prepare_keyed(s, key, sql, e))) return -1;
    }
    db_bind_int(st, 1, tenant);
    db_bind_int(st, 2, id);
    if (if_version > 0) db_bind_int(st, 3, if_version);
    int rc = db_step(st, e);
    db_done(st);
    if (rc == DB_ERROR) return -1;
    if (db_changes(s) == 0) return explain_miss(s, d, tenant, id, e);
    return 0;
}

static const char *op_sql(rec_op op)
{
    switch (op) {
    case RF_EQ:
        return "=";
    case RF_NE:
        return "<>";
    case RF_LT:
        return "<";
    case RF_LE:
        return "<=";
    case RF_GT:
        return ">";
    case RF_GE:
        return ">=";
    default:
        return "=";
    }
}

int rec_list(store *s, const record_def *d, int64_t tenant, const rec_filter *f, int nf,
             int64_t after, int limit, json_t **items, int64_t *next, err *e)
{
    uint64_t shape = (uint64_t)nf;
    for (int i = 0; i < nf; i++) shape = str_hash(shape * 31 + (uint64_t)f[i].op, f[i].field);
    uint64_t key = shape_key(d, OP_LIST, shape);
    db_stmt *st = db_cached(s, key);
    if (!st) {
        char cols[SQL_MAX / 2], sql[SQL_MAX];
        rec_columns(d, NULL, cols, sizeof cols);
        size_t len = (size_t)snprintf(
            sql, sizeof sql, "SELECT %s FROM %s WHERE tenant_id = ? AND id > ?", cols, d->table);
        for (int i = 0; i < nf; i++) {
            const char *c = f[i].field;
            switch (f[i].op) {
            case RF_IS_NULL:
                len += (size_t)snprintf(sql + len, sizeof sql - len, " AND %s IS NULL", c);
                break;
            case RF_NOT_NULL:
                len += (size_t)snprintf(sql + len, sizeof sql - len, " AND %s IS NOT NULL", c);
                break;
            case RF_PREFIX:
                len += (size_t)snprintf(sql + len, sizeof sql - len,
                                        " AND lower(%s) LIKE lower(?) ESCAPE '\\'", c);
                break;
            case RF_CONTAINS:
                len +=
                    (size_t)snprintf(sql + len, sizeof sql - len, " AND %s LIKE ? ESCAPE '\\'", c);
                break;
            default:
                len += (size_t)snprintf(sql + len, sizeof sql - len, " AND %s %s ?", c,
                                        op_sql(f[i].op));
            }
        }
        snprintf(sql + len, sizeof sql - len, " ORDER BY id LIMIT ?");
        if (!(st = db_prepare_keyed(s, key, sql, e))) return -1;
    }
    int p = 1;
    db_bind_int(st, p++, tenant);
    db_bind_int(st, p++, after);
    for (int i = 0; i < nf; i++) {
        if (f[i].op == RF_IS_NULL || f[i].op == RF_NOT_NULL) continue;
        if (f[i].op == RF_PREFIX || f[i].op == RF_CONTAINS) {
            /* escape LIKE wildcards in the value, then add our own */
            const char *v = json_string_value(f[i].value);
            char pat[512];
            size_t k = 0;
            if (f[i].op == RF_CONTAINS) {
                k += (size_t)snprintf(pat, sizeof pat, "%%\"");
            }
            for (; v && *v && k < sizeof pat - 8; v++) {
                if (*v == '%' || *v == '_' || *v == '\\') pat[k++] = '\\';
                pat[k++] = *v;
            }
            if (f[i].op == RF_CONTAINS) pat[k++] = '"';
            pat[k++] = '%';
            db_bind_text(st, p++, pat, k);
            continue;
        }
        bind_value(st, p++, rec_field(d, f[i].field), f[i].value);
    }
    db_bind_int(st, p, limit + 1);
    return rec_collect_page(st, limit, rec_row, d, items, next, e);
}
