/*
 * person_store.c - see person_store.h.
 *
 * Name and address search compares lower()-cased prefixes. `q` (the search
 * field) matches a person whose names begin with each of its words, or who
 * has lived at a street beginning with it, or whose national ID number it is. SQLite's lower()
 * folds ASCII only, so "Ø" matches "Ø" but not "ø"; PostgreSQL's folds all.
 */
#include "store/person_store.h"

#include <stdio.h>
#include <string.h>

#include "store/access_store.h"
#include "store/driver.h"
#include "store/record.h"

int person_store_find_national_id(store *s, int64_t tenant, const char *nid, int64_t *id, err *e)
{
    db_stmt *st =
        db_prepare(s, "SELECT id FROM persons WHERE tenant_id = ? AND national_id = ?", e);
    if (!st) return -1;
    db_bind_int(st, 1, tenant);
    db_bind_text(st, 2, nid, strlen(nid));
    int rc = db_step(st, e);
    if (rc == DB_ROW) *id = db_column_int(st, 0);
    db_done(st);
    return rc == DB_ERROR ? -1 : rc == DB_ROW;
}

/* "word" -> "word%" with LIKE wildcards escaped; `lead` prepends a string. */
static void like_prefix(const char *w, size_t n, const char *lead, char *out, size_t size)
{
    size_t k = (size_t)snprintf(out, size, "%s", lead);
    for (size_t i = 0; i < n && k < size - 3; i++) {
        if (w[i] == '%' || w[i] == '_' || w[i] == '\\') out[k++] = '\\';
        out[k++] = w[i];
    }
    out[k++] = '%';
    out[k] = '\0';
}

#define MAX_WORDS 4

int person_store_search(store *s, const record_def *d, int64_t tenant, const char *words,
                        const char *nid, const char *street, int entitled_only,
                        const person_scope *scope, int64_t after, int limit, json_t **items,
                        int64_t *next, err *e)
{
    char cols[1024], sql[4096];
    rec_columns(d, "p.", cols, sizeof cols);
    size_t len = (size_t)snprintf(
        sql, sizeof sql, "SELECT %s FROM persons p WHERE p.tenant_id = ? AND p.id > ?", cols);
    const char *w[MAX_WORDS];
    size_t wl[MAX_WORDS];
    int nw = 0;
    for (const char *p = words; p && *p && nw < MAX_WORDS;) {
        while (*p == ' ') p++;
        const char *start = p;
        while (*p && *p != ' ') p++;
        if (p > start) {
            w[nw] = start;
            wl[nw++] = (size_t)(p - start);
        }
    }
    if (nid) len += (size_t)snprintf(sql + len, sizeof sql - len, " AND p.national_id = ?");
    /* the words: every one a name's prefix, or the whole text a street's
     * prefix (current or former address), or the national ID number */
    if (nw) len += (size_t)snprintf(sql + len, sizeof sql - len, " AND ((1 = 1");
    for (int i = 0; i < nw; i++)
        len += (size_t)snprintf(
            sql + len, sizeof sql - len,
            " AND (lower(p.given_name) LIKE lower(?) ESCAPE '\\' OR lower(p.family_name) LIKE "
            "lower(?) ESCAPE '\\' OR lower(p.given_name) LIKE lower(?) ESCAPE '\\' OR "
            "lower(p.family_name) LIKE lower(?) ESCAPE '\\')");
    if (nw)
        len += (size_t)snprintf(sql + len, sizeof sql - len,
                                ") OR EXISTS (SELECT 1 FROM person_addresses a WHERE a.person_id = "
                                "p.id AND lower(a.street) LIKE lower(?) ESCAPE '\\') OR "
                                "p.national_id = ?)");
    if (street)
        len += (size_t)snprintf(sql + len, sizeof sql - len,
                                " AND EXISTS (SELECT 1 FROM person_addresses a WHERE a.person_id "
                                "= p.id AND lower(a.street) LIKE lower(?) ESCAPE '\\')");
    if (entitled_only)
        len += (size_t)snprintf(sql + len, sizeof sql - len, " AND p.entitled_to_plan = 1");
    if (scope) access_store_scope_sql(scope, "p", sql, sizeof sql, &len);
    snprintf(sql + len, sizeof sql - len, " ORDER BY p.id LIMIT ?");
    db_stmt *st = db_prepare(s, sql, e);
    if (!st) return -1;
    int k = 1;
    db_bind_int(st, k++, tenant);
    db_bind_int(st, k++, after);
    if (nid) db_bind_text(st, k++, nid, strlen(nid));
    char pat[256];
    for (int i = 0; i < nw; i++) {
        like_prefix(w[i], wl[i], "", pat, sizeof pat);
        db_bind_text(st, k++, pat, strlen(pat));
        db_bind_text(st, k++, pat, strlen(pat));
        like_prefix(w[i], wl[i], "% ", pat, sizeof pat);
        db_bind_text(st, k++, pat, strlen(pat));
        db_bind_text(st, k++, pat, strlen(pat));
    }
    if (nw) {
        /* the text as typed, without the spaces around it */
        const char *from = w[0];
        const char *to = w[nw - 1] + wl[nw - 1];
        like_prefix(from, (size_t)(to - from), "", pat, sizeof pat);
        db_bind_text(st, k++, pat, strlen(pat));
        db_bind_text(st, k++, from, (size_t)(to - from));
    }
    if (street) {
        like_prefix(street, strlen(street), "", pat, sizeof pat);
        db_bind_text(st, k++, pat, strlen(pat));
    }
    if (scope) k = access_store_scope_bind(st, k, tenant, scope);
    db_bind_int(st, k, limit + 1);
    return rec_collect_page(st, limit, rec_row, d, items, next, e);
}
