/*
 * audit.c - the hash chain of the audit log (see audit.h).
 *
 * An entry's hash is BLAKE2b-256 over the previous entry's hash and the
 * entry's own fields, each written as "<length>:<bytes>;" (NULL as "-;") so
 * that no two different entries serialise alike. The first entry's previous
 * hash is 64 zeros. Verification recomputes every hash in seq order and checks
 * that seq runs without gaps and that each entry names its predecessor's hash:
 *   - an altered entry no longer matches its own hash;
 *   - a removed entry leaves a gap in seq (and a broken link);
 *   - reordered entries break the links.
 * Removing entries from the end leaves a shorter valid chain; `helhet audit
 * verify` prints the head (seq and hash) so an operator can compare it with
 * one noted earlier (docs/security.md).
 */
#include "trust/audit.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "util/timeutil.h"

static const char zero_hash[] = "0000000000000000000000000000000000000000000000000000000000000000";

/* Writes u in decimal just before end, as printf would, without its cost per
 * field; returns where the digits start. */
static char *decimal(char *end, uint64_t u)
{
    do *--end = (char)('0' + u % 10);
    while (u /= 10);
    return end;
}

static void put_str(crypto_generichash_state *h, const char *v)
{
    char len[24];
    if (!v) {
        crypto_generichash_update(h, (const unsigned char *)"-;", 2);
        return;
    }
    size_t n = strlen(v);
    len[sizeof len - 1] = ':';
    char *p = decimal(len + sizeof len - 1, n);
    crypto_generichash_update(h, (const unsigned char *)p, (size_t)(len + sizeof len - p));
    crypto_generichash_update(h, (const unsigned char *)v, n);
    crypto_generichash_update(h, (const unsigned char *)";", 1);
}

static void put_int(crypto_generichash_state *h, int64_t v)
{
    char s[24];
    s[sizeof s - 1] = '\0';
    char *p = decimal(s + sizeof s - 1, v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v);
    if (v < 0) *--p = '-';
    put_str(h, p);
}

/* The hash of a row (its seq, fields and prev_hash) into out[65], hex. */
static void row_hash(const audit_row *row, char out[65])
{
    crypto_generichash_state h;
    const audit_entry *x = &row->e;
    crypto_generichash_init(&h, NULL, 0, 32);
    put_str(&h, row->prev_hash);
    put_int(&h, row->seq);
    put_str(&h, row->at);
    put_int(&h, x->tenant_id);
    put_int(&h, x->account_id);
    put_int(&h, x->staff_id);
    put_int(&h, x->person_id);
    put_int(&h, x->organisation_id);
    put_str(&h, x->role);
    put_str(&h, x->object);
    put_int(&h, x->object_id);
    put_int(&h, x->plan_id);
    put_str(&h, x->section);
    put_str(&h, x->action);
    put_str(&h, x->outcome);
    put_str(&h, x->code);
    put_str(&h, x->reason);
    put_int(&h, x->emergency ? 1 : 0);
    put_str(&h, x->request_id);
    unsigned char bin[32];
    crypto_generichash_final(&h, bin, sizeof bin);
    sodium_bin2hex(out, 65, bin, sizeof bin);
}

int audit_append(store *s, const audit_entry *entries, int n, err *e)
{
    if (n <= 0) return 0;
    int64_t seq;
    char prev[65], hash[65], at[25];
    if (audit_store_head(s, &seq, prev, e)) return -1;
    if (!prev[0]) snprintf(prev, sizeof prev, "%s", zero_hash);
    time_now_iso_ms(at);
    for (int i = 0; i < n; i++) {
        audit_row row = {.seq = seq + 1 + i,
                         .at = entries[i].at ? entries[i].at : at,
                         .e = entries[i],
                         .prev_hash = prev};
        if (!row.e.object) row.e.object = "unknown";
        if (!row.e.action) row.e.action = "unknown";
        if (!row.e.outcome) row.e.outcome = "allowed";
        row_hash(&row, hash);
        row.hash = hash;
        if (audit_store_insert(s, &row, e)) return -1;
        memcpy(prev, hash, sizeof prev);
    }
    return 0;
}

typedef struct verify_ctx {
    int64_t expect_seq;
    char prev[65];
    int64_t bad_seq;
    const char *why;
} verify_ctx;

static int verify_row(void *p, const audit_row *row)
{
    verify_ctx *v = p;
    char h[65];
    if (row->seq != v->expect_seq) {
        v->bad_seq = row->seq;
        v->why = row->seq > v->expect_seq ? "entries before it were removed"
                                          : "the entries are out of order";
        return 1;
    }
    if (strcmp(row->prev_hash, v->prev) != 0) {
        v->bad_seq = row->seq;
        v->why = "it does not follow the entry before it (removed or reordered entries)";
        return 1;
    }
    row_hash(row, h);
    if (strcmp(h, row->hash) != 0) {
        v->bad_seq = row->seq;
        v->why = "its content was altered";
        return 1;
    }
    memcpy(v->prev, row->hash, sizeof v->prev);
    v->expect_seq++;
    return 0;
}

int audit_verify(store *s, int64_t *checked, int64_t *bad_seq, char head_hash[65], err *e)
{
    verify_ctx v = {.expect_seq = 1};
    snprintf(v.prev, sizeof v.prev, "%s", zero_hash);
    int rc = audit_store_each(s, 0, verify_row, &v, e);
    if (rc < 0) return -1;
    *checked = v.expect_seq - 1;
    *bad_seq = v.bad_seq;
    snprintf(head_hash, 65, "%s", v.prev);
    if (rc > 0)
        return err_set(e, ERR_CONFLICT, "audit_chain_broken", NULL,
                       "audit entry %" PRId64 " fails verification: %s", v.bad_seq, v.why);
    return 0;
}

int audit_list(store *s, const audit_filter *f, int64_t before, int limit, json_t **items,
               int64_t *next, err *e)
{
    return audit_store_list(s, f, before, limit, items, next, e);
}

int audit_plan_reads(store *s, int64_t tenant, int64_t plan_id, int64_t before, int limit,
                     json_t **items, int64_t *next, err *e)
{
    return audit_store_plan_reads(s, tenant, plan_id, before, limit, items, next, e);
}
