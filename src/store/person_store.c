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

int person_store_search(store *s, const record_def *d, int64_t tenant, const char *words,
                        const char *nid, const char *street, int entitled_only, int without_plan,
                        const person_scope *scope, const person_viewer *viewer, int64_t after,
                        int limit, json_t **items, int64_t *next, err *e)
{
    char *text = NULL, *addr = NULL;
    size_t text_len = 0, addr_len = 0;
    if ((words && fold_key(words, strlen(words), &text, &text_len, e)) ||
        (street && fold_key(street, strlen(street), &addr, &addr_len, e))) {
        free(text);
        return -1;
    }
    const char *w[MAX_WORDS];
    size_t wl[MAX_WORDS];
    int nw = 0;
    for (size_t i = 0; text && i < text_len && nw < MAX_WORDS; i++) {
        w[nw] = text + i;
        while (i < text_len && text[i] != ' ') i++;
        wl[nw] = (size_t)(text + i - w[nw]);
        nw++;
    }
    /* Searched by words or street, the ids the keys give lead: the unary plus
     * keeps SQLite from walking the whole tenant through an index on
     * tenant_id instead (16 ms for one name at scale 50; 0.4 ms this way). */
    const char *tenant_col = (nw || addr) && !nid ? "+p.tenant_id" : "p.tenant_id";
    char cols[1024], sql[8192];
    rec_columns(d, "p.", cols, sizeof cols);
    size_t len = (size_t)snprintf(
        sql, sizeof sql, "SELECT %s FROM persons p WHERE %s = ? AND p.id > ?", cols, tenant_col);
    if (nid) len += (size_t)snprintf(sql + len, sizeof sql - len, " AND p.national_id = ?");
    /* the words: every one a name word's prefix, or the whole text a street's
     * prefix (current or former address), or the national ID number */
    if (nw) {
        len += (size_t)snprintf(sql + len, sizeof sql - len, " AND p.id IN (" NAME_WORD);
        for (int i = 1; i < nw; i++)
            len += (size_t)snprintf(sql + len, sizeof sql - len, " INTERSECT " NAME_WORD);
        len += (size_t)snprintf(sql + len, sizeof sql - len,
                                " UNION " STREET " UNION SELECT n.id FROM persons n WHERE "
                                "n.tenant_id = ? AND n.national_id = ?)");
    }
    if (addr) len += (size_t)snprintf(sql + len, sizeof sql - len, " AND p.id IN (" STREET ")");
    if (entitled_only)
        len += (size_t)snprintf(sql + len, sizeof sql - len, " AND p.entitled_to_plan = 1");
    /* as GET /statistics counts entitled_without_plan */
    if (without_plan)
        len += (size_t)snprintf(sql + len, sizeof sql - len,
                                " AND NOT EXISTS (SELECT 1 FROM plans wp WHERE wp.person_id = p.id "
                                "AND wp.status <> 'closed')");
    /* a search whose words, street or number found few candidates checks each
     * one's relations; a walk through everyone filters by the set */
    if (scope) access_store_scope_sql(scope, "p", nw || addr || nid, sql, sizeof sql, &len);
    snprintf(sql + len, sizeof sql - len, " ORDER BY p.id LIMIT ?");
    db_stmt *st = db_prepare(s, sql, e);
    if (!st) {
        free(text);
        free(addr);
        return -1;
    }
    int k = 1, failed = 0;
    db_bind_int(st, k++, tenant);
    db_bind_int(st, k++, after);
    if (nid) db_bind_text(st, k++, nid, strlen(nid));
    for (int i = 0; i < nw; i++) failed |= bind_prefix(st, &k, tenant, w[i], wl[i], e);
    if (nw) {
        failed |= bind_prefix(st, &k, tenant, text, text_len, e);
        bind_viewer(st, &k, viewer);
        /* the national ID number as often written, "010190 12345" */
        char compact[16];
        size_t n = 0;
        for (size_t i = 0; i < text_len && n < sizeof compact - 1; i++)
            if (text[i] != ' ') compact[n++] = text[i];
        db_bind_int(st, k++, tenant);
        db_bind_text(st, k++, compact, n);
    }
    if (addr) {
        failed |= bind_prefix(st, &k, tenant, addr, addr_len, e);
        bind_viewer(st, &k, viewer);
    }
    if (scope) k = access_store_scope_bind(st, k, tenant, scope);
    db_bind_int(st, k, limit + 1);
    free(text);
    free(addr);
    if (failed) {
        db_done(st);
        return -1;
    }
    return rec_collect_page(st, limit, rec_row, d, items, next, e);
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
