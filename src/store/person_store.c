/*
 * person_store.c - see person_store.h.
 *
 * Name and address search compares folded prefixes (util/fold.h: Unicode case
 * folding, so "åse" finds "Åse" and "čiekčá" finds "Čiekčá"). `q` (the search
 * field) matches a person who has a name word beginning with each of its
 * words, or who has lived at a street beginning with it, or whose national ID
 * number it is (with or without the space after the birth date). The folded
 * keys are written with every name and address (persons.name_keys, copied by
 * triggers into person_name_keys one word a row; person_addresses.street_key;
 * migration 009) and searched as index ranges, never folded per row.
 */
#include "store/person_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/access_store.h"
#include "store/driver.h"
#include "store/record.h"
#include "util/fold.h"

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

int person_store_protection(store *s, int64_t tenant, int64_t person_id, int64_t staff_id,
                            const char *today, person_protection *p, err *e)
{
    db_stmt *st = db_prepare(
        s,
        "SELECT p.protection_code, p.protection_flag, EXISTS (SELECT 1 FROM person_address_access "
        "g WHERE g.person_id = p.id AND g.staff_id = ? AND g.valid_from <= ? AND (g.valid_to IS "
        "NULL OR g.valid_to >= ?)) FROM persons p WHERE p.tenant_id = ? AND p.id = ?",
        e);
    if (!st) return -1;
    db_bind_int(st, 1, staff_id);
    db_bind_text(st, 2, today, strlen(today));
    db_bind_text(st, 3, today, strlen(today));
    db_bind_int(st, 4, tenant);
    db_bind_int(st, 5, person_id);
    int rc = db_step(st, e);
    if (rc == DB_ROW) {
        p->code = !db_column_is_null(st, 0);
        p->flag = !db_column_is_null(st, 1);
        p->named = staff_id && db_column_int(st, 2);
    }
    db_done(st);
    return rc == DB_ERROR ? -1 : rc == DB_ROW;
}

/* Binds tenant, prefix and prefix || FOLD_PREFIX_END at *k onwards: the three
 * parameters of "tenant_id = ? AND key >= ? AND key < ?". */
static int bind_prefix(db_stmt *st, int *k, int64_t tenant, const char *w, size_t n, err *e)
{
    char *hi = malloc(n + sizeof FOLD_PREFIX_END);
    if (!hi) return err_set(e, ERR_INTERNAL, "out_of_memory", NULL, "out of memory");
    memcpy(hi, w, n);
    memcpy(hi + n, FOLD_PREFIX_END, sizeof FOLD_PREFIX_END);
    db_bind_int(st, (*k)++, tenant);
    db_bind_text(st, (*k)++, w, n);
    db_bind_text(st, (*k)++, hi, n + sizeof FOLD_PREFIX_END - 1);
    free(hi);
    return 0;
}

#define MAX_WORDS 4
#define NAME_WORD                                                                                  \
    "SELECT k.person_id FROM person_name_keys k WHERE k.tenant_id = ? AND k.name_key >= ? AND "    \
    "k.name_key < ?"
/* R16: a protected person's streets find her only for the staff named for
 * her address (three more parameters: staff id, today, today) */
#define STREET                                                                                     \
    "SELECT a.person_id FROM person_addresses a WHERE a.tenant_id = ? AND a.street_key >= ? AND "  \
    "a.street_key < ? AND (NOT EXISTS (SELECT 1 FROM persons x WHERE x.id = a.person_id AND "      \
    "(x.protection_code IS NOT NULL OR x.protection_flag IS NOT NULL)) OR EXISTS (SELECT 1 FROM "  \
    "person_address_access g WHERE g.person_id = a.person_id AND g.staff_id = ? AND "              \
    "g.valid_from <= ? AND (g.valid_to IS NULL OR g.valid_to >= ?)))"

/* The viewer's parameters of STREET (NULL: nobody is named). */
static void bind_viewer(db_stmt *st, int *k, const person_viewer *v)
{
    const char *today = v ? v->today : "0000-00-00";
    db_bind_int(st, (*k)++, v ? v->staff_id : 0);
    db_bind_text(st, (*k)++, today, strlen(today));
    db_bind_text(st, (*k)++, today, strlen(today));
}

/* A search's criteria, folded, and what binds its parameters. */
typedef struct search {
    int64_t tenant;
    const char *nid;
    char *text, *addr; /* folded words and street (NULL: not used) */
    size_t text_len, addr_len;
    const char *w[MAX_WORDS];
    size_t wl[MAX_WORDS];
    int nw;
    const person_scope *scope;
    const person_viewer *viewer;
} search;

/* " FROM persons p WHERE ... " with every condition of the search (the first
 * two parameters: tenant, after), appended at sql + *len. */
static void search_where(const search *q, int entitled_only, int without_plan, char *sql,
                         size_t size, size_t *len)
{
    /* Searched by words or street, the ids the keys give lead: the unary plus
     * keeps SQLite from walking the whole tenant through an index on
     * tenant_id instead (16 ms for one name at scale 50; 0.4 ms this way). */
    const char *tenant_col = (q->nw || q->addr) && !q->nid ? "+p.tenant_id" : "p.tenant_id";
    *len += (size_t)snprintf(sql + *len, size - *len, " FROM persons p WHERE %s = ? AND p.id > ?",
                             tenant_col);
    if (q->nid) *len += (size_t)snprintf(sql + *len, size - *len, " AND p.national_id = ?");
    /* the words: every one a name word's prefix, or the whole text a street's
     * prefix (current or former address), or the national ID number */
    if (q->nw) {
        *len += (size_t)snprintf(sql + *len, size - *len, " AND p.id IN (" NAME_WORD);
        for (int i = 1; i < q->nw; i++)
            *len += (size_t)snprintf(sql + *len, size - *len, " INTERSECT " NAME_WORD);
        *len += (size_t)snprintf(sql + *len, size - *len,
                                 " UNION " STREET " UNION SELECT n.id FROM persons n WHERE "
                                 "n.tenant_id = ? AND n.national_id = ?)");
    }
    if (q->addr) *len += (size_t)snprintf(sql + *len, size - *len, " AND p.id IN (" STREET ")");
    if (entitled_only)
        *len += (size_t)snprintf(sql + *len, size - *len, " AND p.entitled_to_plan = 1");
    /* as GET /statistics counts entitled_without_plan */
    if (without_plan)
        *len += (size_t)snprintf(sql + *len, size - *len,
                                 " AND NOT EXISTS (SELECT 1 FROM plans wp WHERE wp.person_id = "
                                 "p.id AND wp.status <> 'closed')");
    /* a search whose words, street or number found few candidates checks each
     * one's relations; a walk through everyone filters by the set */
    if (q->scope) access_store_scope_sql(q->scope, "p", q->nw || q->addr || q->nid, sql, size, len);
}

/* Binds the parameters of search_where; answers the next index, -1 on error. */
static int search_bind(db_stmt *st, const search *q, int64_t after, err *e)
{
    int k = 1, failed = 0;
    db_bind_int(st, k++, q->tenant);
    db_bind_int(st, k++, after);
    if (q->nid) db_bind_text(st, k++, q->nid, strlen(q->nid));
    for (int i = 0; i < q->nw; i++) failed |= bind_prefix(st, &k, q->tenant, q->w[i], q->wl[i], e);
    if (q->nw) {
        failed |= bind_prefix(st, &k, q->tenant, q->text, q->text_len, e);
        bind_viewer(st, &k, q->viewer);
        /* the national ID number as often written, "010190 12345"; text
         * that is not digits and spaces is no number (and is not cut in the
         * middle of a letter: PostgreSQL takes only whole UTF-8) */
        char compact[16];
        size_t n = 0;
        for (size_t i = 0; i < q->text_len && n < sizeof compact - 1; i++) {
            if (q->text[i] == ' ') continue;
            if (q->text[i] < '0' || q->text[i] > '9') {
                n = 0;
                break;
            }
            compact[n++] = q->text[i];
        }
        db_bind_int(st, k++, q->tenant);
        db_bind_text(st, k++, compact, n);
    }
    if (q->addr) {
        failed |= bind_prefix(st, &k, q->tenant, q->addr, q->addr_len, e);
        bind_viewer(st, &k, q->viewer);
    }
    if (q->scope) k = access_store_scope_bind(st, k, q->tenant, q->scope);
    return failed ? -1 : k;
}

/* The hits' number: the same conditions, the same scope, counted. */
static int search_count(store *s, const search *q, int entitled_only, int without_plan,
                        int64_t *total, err *e)
{
    char sql[8192] = "SELECT count(*)";
    size_t len = strlen(sql);
    search_where(q, entitled_only, without_plan, sql, sizeof sql, &len);
    db_stmt *st = db_prepare(s, sql, e);
    if (!st) return -1;
    if (search_bind(st, q, 0, e) < 0) {
        db_done(st);
        return -1;
    }
    int rc = db_step(st, e);
    if (rc == DB_ROW) *total = db_column_int(st, 0);
    db_done(st);
    return rc == DB_ROW ? 0 : -1;
}

/* For a hit found by a street, that address with its period (the newest
 * that matches), as "matched_address". The street's R16 condition holds
 * here too: a protected person's address comes only for the named. */
static int matched_addresses(store *s, const search *q, json_t *items, err *e)
{
    const char *key = q->addr ? q->addr : q->nw ? q->text : NULL;
    size_t key_len = q->addr ? q->addr_len : q->text_len;
    if (!key || !key_len) return 0; /* no street searched: nothing matched */
    size_t i;
    json_t *x;
    json_array_foreach(items, i, x)
    {
        db_stmt *st = db_prepare(
            s,
            "SELECT a.id, a.street, a.postal_code, a.city, a.valid_from, a.valid_to FROM "
            "person_addresses a WHERE a.person_id = ? AND a.tenant_id = ? AND a.street_key >= ? "
            "AND a.street_key < ? AND (NOT EXISTS (SELECT 1 FROM persons x WHERE x.id = "
            "a.person_id AND (x.protection_code IS NOT NULL OR x.protection_flag IS NOT NULL)) OR "
            "EXISTS (SELECT 1 FROM person_address_access g WHERE g.person_id = a.person_id AND "
            "g.staff_id = ? AND g.valid_from <= ? AND (g.valid_to IS NULL OR g.valid_to >= ?))) "
            "ORDER BY a.valid_to IS NOT NULL, a.valid_to DESC, a.id DESC LIMIT 1",
            e);
        if (!st) return -1;
        int k = 1;
        db_bind_int(st, k++, json_integer_value(json_object_get(x, "id")));
        if (bind_prefix(st, &k, q->tenant, key, key_len, e)) {
            db_done(st);
            return -1;
        }
        bind_viewer(st, &k, q->viewer);
        int rc = db_step(st, e);
        if (rc == DB_ROW) {
            json_t *a = json_object();
            static const char *const cols[] = {"street", "postal_code", "city", "valid_from",
                                               "valid_to"};
            json_object_set_new(a, "id", json_integer(db_column_int(st, 0)));
            for (int c = 0; c < 5; c++)
                json_object_set_new(a, cols[c],
                                    db_column_is_null(st, c + 1)
                                        ? json_null()
                                        : json_string(db_column_text(st, c + 1)));
            json_object_set_new(x, "matched_address", a);
        }
        db_done(st);
        if (rc == DB_ERROR) return -1;
    }
    return 0;
}

int person_store_search(store *s, const record_def *d, int64_t tenant, const char *words,
                        const char *nid, const char *street, int entitled_only, int without_plan,
                        const person_scope *scope, const person_viewer *viewer, int64_t after,
                        int limit, json_t **items, int64_t *next, int64_t *total, err *e)
{
    search q = {.tenant = tenant, .nid = nid, .scope = scope, .viewer = viewer};
    *items = NULL;
    if ((words && fold_key(words, strlen(words), &q.text, &q.text_len, e)) ||
        (street && fold_key(street, strlen(street), &q.addr, &q.addr_len, e))) {
        free(q.text);
        return -1;
    }
    for (size_t i = 0; q.text && i < q.text_len && q.nw < MAX_WORDS; i++) {
        q.w[q.nw] = q.text + i;
        while (i < q.text_len && q.text[i] != ' ') i++;
        q.wl[q.nw] = (size_t)(q.text + i - q.w[q.nw]);
        q.nw++;
    }
    char cols[1024], sql[8192];
    rec_columns(d, "p.", cols, sizeof cols);
    size_t len = (size_t)snprintf(sql, sizeof sql, "SELECT %s", cols);
    search_where(&q, entitled_only, without_plan, sql, sizeof sql, &len);
    snprintf(sql + len, sizeof sql - len, " ORDER BY p.id LIMIT ?");
    db_stmt *st = db_prepare(s, sql, e);
    int k = st ? search_bind(st, &q, after, e) : -1;
    int rc = -1;
    if (k > 0) {
        db_bind_int(st, k, limit + 1);
        rc = rec_collect_page(st, limit, rec_row, d, items, next, e);
        st = NULL;
    }
    if (st) db_done(st);
    if (!rc && total) rc = search_count(s, &q, entitled_only, without_plan, total, e);
    if (!rc) rc = matched_addresses(s, &q, *items, e);
    if (rc && k > 0) {
        json_decref(*items);
        *items = NULL;
    }
    free(q.text);
    free(q.addr);
    return rc;
}

/* One batch of the back-fill: up to FILL_BATCH rows after *last of `select`
 * (id, then the texts to fold), their keys written with `update` (key, id). */
#define FILL_BATCH 500
static int fill_batch(store *s, const char *select, int ntexts, int names, const char *update,
                      int64_t *last, int *done, err *e)
{
    int64_t ids[FILL_BATCH];
    char *keys[FILL_BATCH];
    int n = 0, rc;
    db_stmt *st = db_prepare(s, select, e);
    if (!st) return -1;
    db_bind_int(st, 1, *last);
    db_bind_int(st, 2, FILL_BATCH);
    while ((rc = db_step(st, e)) == DB_ROW) {
        const char *texts[2] = {NULL, NULL};
        for (int i = 0; i < ntexts; i++) texts[i] = db_column_text(st, i + 1);
        ids[n] = db_column_int(st, 0);
        size_t len;
        if (names) {
            json_t *arr;
            if (fold_name_keys(texts, ntexts, &arr, e)) break;
            keys[n] = json_dumps(arr, JSON_COMPACT);
            json_decref(arr);
        } else if (fold_key(texts[0], strlen(texts[0]), &keys[n], &len, e)) {
            break;
        }
        n++;
    }
    db_done(st);
    int failed = rc != DB_DONE;
    for (int i = 0; i < n; i++) {
        if (!failed) {
            db_stmt *u = db_prepare(s, update, e);
            if (!u) {
                failed = 1;
            } else {
                db_bind_text(u, 1, keys[i], strlen(keys[i]));
                db_bind_int(u, 2, ids[i]);
                failed = db_step(u, e) == DB_ERROR;
                db_done(u);
            }
        }
        free(keys[i]);
    }
    if (failed) return -1;
    if (n) *last = ids[n - 1];
    *done = n < FILL_BATCH;
    return 0;
}

int person_store_fill_search_keys(store *s, err *e)
{
    int done = 0;
    for (int64_t last = 0; !done;)
        if (fill_batch(s,
                       "SELECT id, given_name, family_name FROM persons WHERE id > ? ORDER BY id "
                       "LIMIT ?",
                       2, 1, "UPDATE persons SET name_keys = ? WHERE id = ?", &last, &done, e))
            return -1;
    done = 0;
    for (int64_t last = 0; !done;)
        if (fill_batch(
                s, "SELECT id, street FROM person_addresses WHERE id > ? ORDER BY id LIMIT ?", 1, 0,
                "UPDATE person_addresses SET street_key = ? WHERE id = ?", &last, &done, e))
            return -1;
    return 0;
}

int person_store_each_national_id(store *s, void (*each)(const char *nid, void *ctx), void *ctx,
                                  err *e)
{
    db_stmt *st = db_prepare(s, "SELECT national_id FROM persons", e);
    if (!st) return -1;
    int rc;
    while ((rc = db_step(st, e)) == DB_ROW) {
        const char *nid = db_column_text(st, 0);
        if (nid) each(nid, ctx);
    }
    db_done(st);
    return rc == DB_ERROR ? -1 : 0;
}
