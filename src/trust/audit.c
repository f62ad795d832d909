/*
 * audit.c - the hash chain of the audit log (see audit.h).
 *
 * An entry's hash is BLAKE2b-256 over the previous entry's hash and the
 * entry's own fields, each written as "<length>:<bytes>;" (NULL as "-;") so
 * that no two different entries serialise alike. From the entry keyed_from on
 * (migration 011: 1 for a database made since) the BLAKE2b is keyed with the
 * key file's audit subkey (trust/keys.h), which the database does not hold:
 * whoever has only the database cannot make a hash that verifies. The first
 * entry's previous hash is 64 zeros. The subject person (whose data it was,
 * migration 014) is hashed after the request id when the entry has one:
 * entries written before 014 have none and keep their hashes. Verification
 * recomputes every hash in seq order and checks that seq runs without gaps and
 * that each entry names its predecessor's hash:
 *   - an altered entry no longer matches its own hash;
 *   - a removed entry leaves a gap in seq (and a broken link);
 *   - reordered entries break the links;
 *   - a log rebuilt without the key (removed entries, the rest renumbered and
 *     hashed again) fails at the first rebuilt entry: its hash is not keyed.
 * Removing entries from the end leaves a shorter valid chain: that is what the
 * anchor file (audit_anchor.h) finds, whose lines name heads the log must
 * still reach with the same hashes.
 */
#include "trust/audit.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "trust/audit_anchor.h"
#include "trust/keys.h"
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

/* The hash of a row (its seq, fields and prev_hash) into out[65], hex; keyed
 * with `key` (KEYS_LEN bytes) unless it is NULL. */
static void row_hash(const audit_row *row, const unsigned char *key, char out[65])
{
    crypto_generichash_state h;
    const audit_entry *x = &row->e;
    crypto_generichash_init(&h, key, key ? KEYS_LEN : 0, 32);
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
    /* whose data it was (migration 014): one more field when set, so that an
     * entry without a subject - every entry written before 014 - hashes as it
     * did; the fields are self-delimiting, so an entry with a subject never
     * serialises like one without */
    if (x->subject_person_id) put_int(&h, x->subject_person_id);
    unsigned char bin[32];
    crypto_generichash_final(&h, bin, sizeof bin);
    sodium_bin2hex(out, 65, bin, sizeof bin);
}

int audit_append(store *s, const audit_entry *entries, int n, err *e)
{
    if (n <= 0) return 0;
    const unsigned char *key = keys_get(KEY_AUDIT);
    if (!key)
        return err_set(e, ERR_INTERNAL, "no_key", NULL,
                       "no key file is loaded: the audit log cannot be written");
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
        row_hash(&row, key, hash);
        row.hash = hash;
        if (audit_store_insert(s, &row, e)) return -1;
        memcpy(prev, hash, sizeof prev);
    }
    return 0;
}

typedef struct verify_ctx {
    int64_t expect_seq, keyed_from;
    const unsigned char *key;
    char prev[65];
    int64_t bad_seq;
    const char *why;
    /* the anchor file, read alongside in seq order */
    FILE *anchors;
    long anchors_end; /* the file's size before the log was read: lines after it are newer */
    anchor_line anchor;
    int have_anchor;
    err anchor_err;
    int anchor_failed;
    /* the first entry after accept_seq that records an incident (lost journal
     * entries, an anchor file started anew), and how many are accepted */
    int64_t accept_seq, lost_seq, accepted;
    char lost_reason[240];
} verify_ctx;

/* The next anchor line into v->anchor; a line that fails, or names another
 * keyed_from, or goes back in seq, stops the walk (anchor_failed). */
static int next_anchor(verify_ctx *v)
{
    int64_t prev = v->have_anchor ? v->anchor.seq : 0;
    int rc = ftell(v->anchors) >= v->anchors_end
                 ? 0
                 : audit_anchor_read_next(v->anchors, &v->anchor, &v->anchor_err);
    v->have_anchor = rc == 1;
    if (rc < 0) v->anchor_failed = 1;
    if (rc != 1) return rc;
    if (v->anchor.keyed_from != v->keyed_from) {
        v->anchor_failed = 1;
        err_set(&v->anchor_err, ERR_CONFLICT, "audit_anchor_mismatch", NULL,
                "the database says the keyed chain starts at entry %" PRId64 ", but line %" PRId64
                " of the anchor file (written %s) says %" PRId64,
                v->keyed_from, v->anchor.lineno, v->anchor.at, v->anchor.keyed_from);
        return -1;
    }
    if (v->anchor.seq < prev) {
        v->anchor_failed = 1;
        err_set(&v->anchor_err, ERR_CONFLICT, "audit_anchor_rewound", NULL,
                "line %" PRId64 " of the anchor file (written %s) names entry %" PRId64
                " after an earlier line named entry %" PRId64
                ": the log was cut short and written again",
                v->anchor.lineno, v->anchor.at, v->anchor.seq, prev);
        return -1;
    }
    return 1;
}

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
    int keyed = row->seq >= v->keyed_from;
    row_hash(row, keyed ? v->key : NULL, h);
    if (strcmp(h, row->hash) != 0) {
        v->bad_seq = row->seq;
        v->why = "its content was altered";
        if (keyed) {
            row_hash(row, NULL, h);
            if (strcmp(h, row->hash) == 0)
                v->why = "its hash was made without the key file (the log was rebuilt by someone "
                         "who has the database but not the key)";
            else
                v->why = "its content was altered, or the log was written with another key file";
        }
        return 1;
    }
    while (v->have_anchor && v->anchor.seq <= row->seq) {
        if (v->anchor.seq == row->seq && strcmp(v->anchor.hash, row->hash) != 0) {
            v->bad_seq = row->seq;
            v->why = "it is not the entry the anchor file names at this place (the log was "
                     "rebuilt or entries before it were removed)";
            return 1;
        }
        if (next_anchor(v) < 0) return 1;
    }
    if (row->e.object && row->e.outcome && !strcmp(row->e.outcome, "failed") &&
        (!strcmp(row->e.object, "audit_journal") || !strcmp(row->e.object, "audit_anchor"))) {
        if (row->seq <= v->accept_seq) {
            v->accepted++;
        } else if (!v->lost_seq) {
            v->lost_seq = row->seq;
            snprintf(v->lost_reason, sizeof v->lost_reason, "%s",
                     row->e.reason ? row->e.reason : "entries were lost");
        }
    }
    memcpy(v->prev, row->hash, sizeof v->prev);
    v->expect_seq++;
    return 0;
}

int audit_verify(store *s, int64_t accept_seq, int64_t *checked, int64_t *bad_seq,
                 int64_t *accepted, char head_hash[65], err *e)
{
    verify_ctx v = {.expect_seq = 1, .key = keys_get(KEY_AUDIT), .accept_seq = accept_seq};
    snprintf(v.prev, sizeof v.prev, "%s", zero_hash);
    *checked = *bad_seq = 0;
    head_hash[0] = '\0';
    if (!v.key)
        return err_set(e, ERR_INTERNAL, "no_key", NULL,
                       "no key file is loaded: the keyed chain cannot be checked");
    /* the anchor file as it is before the log is first read: a running server
     * appends lines that name entries newer than this transaction sees */
    if (audit_anchor_read_open(&v.anchors, e)) return -1;
    if (v.anchors) {
        fseek(v.anchors, 0, SEEK_END);
        v.anchors_end = ftell(v.anchors);
        rewind(v.anchors);
    }
    if (audit_store_keyed_from(s, &v.keyed_from, e)) {
        if (v.anchors) fclose(v.anchors);
        return -1;
    }
    if (v.anchors) next_anchor(&v);
    int rc = v.anchor_failed ? 0 : audit_store_each(s, 0, verify_row, &v, e);
    /* lines written while the log was still empty name entry 0 */
    while (rc == 0 && !v.anchor_failed && v.have_anchor && v.anchor.seq == 0 && v.expect_seq == 1)
        next_anchor(&v);
    if (v.anchors) fclose(v.anchors);
    if (rc < 0) return -1;
    *checked = v.expect_seq - 1;
    *bad_seq = v.bad_seq;
    *accepted = v.accepted;
    snprintf(head_hash, 65, "%s", v.prev);
    if (v.bad_seq)
        return err_set(e, ERR_CONFLICT, "audit_chain_broken", NULL,
                       "audit entry %" PRId64 " fails verification: %s", v.bad_seq, v.why);
    if (v.anchor_failed) {
        *e = v.anchor_err;
        return -1;
    }
    if (v.have_anchor)
        return err_set(e, ERR_CONFLICT, "audit_log_shortened", NULL,
                       "the log ends at entry %" PRId64 ", but the anchor file (line %" PRId64
                       ", written %s) names entry %" PRId64 ": entries were removed from its end",
                       *checked, v.anchor.lineno, v.anchor.at, v.anchor.seq);
    if (!v.anchors && audit_anchor_path() && *checked >= v.keyed_from)
        return err_set(e, ERR_CONFLICT, "audit_anchor_missing", NULL,
                       "the anchor file %s is missing, but the log holds keyed entries (from "
                       "entry %" PRId64 "): it was removed, or --audit-anchor names another file",
                       audit_anchor_path(), v.keyed_from);
    if (v.lost_seq)
        return err_set(e, ERR_CONFLICT, "audit_entries_lost", NULL,
                       "entry %" PRId64 " records an incident: %s (once it has been looked "
                       "into, --accept %" PRId64 " accepts it)",
                       v.lost_seq, v.lost_reason, v.lost_seq);
    return 0;
}

/* The head entry's check for audit_check_key. */
typedef struct head_check {
    int64_t keyed_from;
    const unsigned char *key;
    int ok;
} head_check;

static void check_head(void *p, const audit_row *row)
{
    head_check *c = p;
    char h[65];
    row_hash(row, c->key, h);
    c->ok = row->seq < c->keyed_from || strcmp(h, row->hash) == 0;
}

int audit_check_key(store *s, err *e)
{
    head_check c = {.key = keys_get(KEY_AUDIT), .ok = 1};
    int64_t seq;
    char hash[65];
    if (!c.key)
        return err_set(e, ERR_INTERNAL, "no_key", NULL,
                       "no key file is loaded: the audit log cannot be written");
    if (store_begin(s, STORE_READ, e) || audit_store_keyed_from(s, &c.keyed_from, e) ||
        audit_store_head(s, &seq, hash, e) ||
        (seq >= c.keyed_from && audit_store_get(s, seq, check_head, &c, e) < 0)) {
        store_rollback(s);
        return -1;
    }
    store_rollback(s);
    if (!c.ok)
        return err_set(e, ERR_CONFLICT, "wrong_key_file", "key-file",
                       "the audit log's last entry (%" PRId64 ") was not written with this key "
                       "file (key %s): name the installation's key file with --key-file",
                       seq, keys_id());
    return 0;
}

int audit_keyed_entries(store *s, int *yes, err *e)
{
    int64_t seq, from;
    char hash[65];
    *yes = 0;
    if (audit_store_keyed_from(s, &from, e) || audit_store_head(s, &seq, hash, e)) return -1;
    *yes = seq >= from;
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
