/* audit_store.c - see audit_store.h. */
#include "store/audit_store.h"

#include <stdio.h>
#include <string.h>

#include "store/driver.h"

#define COLUMNS                                                                                    \
    "seq, at, tenant_id, account_id, staff_id, person_id, organisation_id, role, object, "         \
    "object_id, plan_id, section, action, outcome, code, reason, emergency, request_id, "          \
    "prev_hash, hash, subject_person_id"

int audit_store_head(store *s, int64_t *seq, char hash[65], err *e)
{
    db_stmt *st = db_prepare(s, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", e);
    if (!st) return -1;
    int rc = db_step(st, e);
    *seq = 0;
    hash[0] = '\0';
    if (rc == DB_ROW) {
        *seq = db_column_int(st, 0);
        snprintf(hash, 65, "%s", db_column_text(st, 1));
    }
    db_done(st);
    return rc == DB_ERROR ? -1 : 0;
}

/* An entry's fields from tenant_id to request_id, in the columns' order, as
 * parameters first.. first + 15 (missing names as stored: "unknown",
 * "allowed"). */
static void bind_fields(db_stmt *st, int first, const audit_entry *x)
{
    int k = first;
    db_bind_id(st, k++, x->tenant_id);
    db_bind_id(st, k++, x->account_id);
    db_bind_id(st, k++, x->staff_id);
    db_bind_id(st, k++, x->person_id);
    db_bind_id(st, k++, x->organisation_id);
    db_bind_str(st, k++, x->role);
    db_bind_str(st, k++, x->object ? x->object : "unknown");
    db_bind_id(st, k++, x->object_id);
    db_bind_id(st, k++, x->plan_id);
    db_bind_str(st, k++, x->section);
    db_bind_str(st, k++, x->action ? x->action : "unknown");
    db_bind_str(st, k++, x->outcome ? x->outcome : "allowed");
    db_bind_str(st, k++, x->code);
    db_bind_str(st, k++, x->reason);
    db_bind_int(st, k++, x->emergency ? 1 : 0);
    db_bind_str(st, k, x->request_id);
}

int audit_store_insert(store *s, const audit_row *row, err *e)
{
    db_stmt *st = db_prepare(s,
                             "INSERT INTO audit_log (" COLUMNS ") VALUES "
                             "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                             e);
    if (!st) return -1;
    const audit_entry *x = &row->e;
    db_bind_int(st, 1, row->seq);
    db_bind_str(st, 2, row->at);
    bind_fields(st, 3, x);
    db_bind_str(st, 19, row->prev_hash);
    db_bind_str(st, 20, row->hash);
    db_bind_id(st, 21, x->subject_person_id);
    int rc = db_step(st, e);
    db_done(st);
    return rc == DB_ERROR ? -1 : 0;
}

#define QUEUE_COLUMNS                                                                              \
    "at, tenant_id, account_id, staff_id, person_id, organisation_id, role, object, object_id, "   \
    "plan_id, section, action, outcome, code, reason, emergency, request_id, subject_person_id"

int audit_store_queue_add(store *s, const audit_entry *entries, int n, const char *at, err *e)
{
    for (int i = 0; i < n; i++) {
        db_stmt *st = db_prepare(s,
                                 "INSERT INTO audit_queue (" QUEUE_COLUMNS ") VALUES "
                                 "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                 e);
        if (!st) return -1;
        const audit_entry *x = &entries[i];
        db_bind_str(st, 1, x->at ? x->at : at);
        bind_fields(st, 2, x);
        db_bind_id(st, 18, x->subject_person_id);
        int rc = db_step(st, e);
        db_done(st);
        if (rc == DB_ERROR) return -1;
    }
    return 0;
}

static const char *opt_text(db_stmt *st, int i)
{
    return db_column_is_null(st, i) ? NULL : db_column_text(st, i);
}

int audit_store_queue_each(store *s, int limit,
                           int (*fn)(void *ctx, int64_t id, const audit_entry *x), void *ctx,
                           err *e)
{
    db_stmt *st =
        db_prepare(s, "SELECT id, " QUEUE_COLUMNS " FROM audit_queue ORDER BY id LIMIT ?", e);
    if (!st) return -1;
    db_bind_int(st, 1, limit);
    int rc = DB_DONE, stop = 0;
    while (!stop && (rc = db_step(st, e)) == DB_ROW) {
        audit_entry x = {
            .at = opt_text(st, 1),
            .tenant_id = db_column_int(st, 2),
            .account_id = db_column_int(st, 3),
            .staff_id = db_column_int(st, 4),
            .person_id = db_column_int(st, 5),
            .organisation_id = db_column_int(st, 6),
            .role = opt_text(st, 7),
            .object = opt_text(st, 8),
            .object_id = db_column_int(st, 9),
            .plan_id = db_column_int(st, 10),
            .section = opt_text(st, 11),
            .action = opt_text(st, 12),
            .outcome = opt_text(st, 13),
            .code = opt_text(st, 14),
            .reason = opt_text(st, 15),
            .emergency = (int)db_column_int(st, 16),
            .request_id = opt_text(st, 17),
            .subject_person_id = db_column_int(st, 18),
        };
        stop = fn(ctx, db_column_int(st, 0), &x);
    }
    db_done(st);
    if (!stop && rc == DB_ERROR) return -1;
    return stop < 0 ? -1 : 0;
}

int audit_store_queue_delete(store *s, int64_t id, err *e)
{
    db_stmt *st = db_prepare(s, "DELETE FROM audit_queue WHERE id = ?", e);
    if (!st) return -1;
    db_bind_int(st, 1, id);
    int rc = db_step(st, e);
    db_done(st);
    return rc == DB_ERROR ? -1 : 0;
}

int audit_store_keyed_from(store *s, int64_t *seq, err *e)
{
    db_stmt *st = db_prepare(s, "SELECT keyed_from FROM audit_chain WHERE id = 1", e);
    if (!st) return -1;
    int rc = db_step(st, e);
    *seq = rc == DB_ROW ? db_column_int(st, 0) : 1;
    db_done(st);
    return rc == DB_ERROR ? -1 : 0;
}

int audit_store_journal_get(store *s, char generation[33], int64_t *offset, err *e)
{
    db_stmt *st =
        db_prepare(s, "SELECT generation, byte_offset FROM audit_journal WHERE id = 1", e);
    if (!st) return -1;
    int rc = db_step(st, e);
    generation[0] = '\0';
    *offset = 0;
    if (rc == DB_ROW) {
        snprintf(generation, 33, "%s", db_column_text(st, 0));
        *offset = db_column_int(st, 1);
    }
    db_done(st);
    return rc == DB_ERROR ? -1 : 0;
}

int audit_store_journal_set(store *s, const char *generation, int64_t offset, err *e)
{
    db_stmt *st = db_prepare(s,
                             "INSERT INTO audit_journal (id, generation, byte_offset) "
                             "VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                             "generation = excluded.generation, byte_offset = excluded.byte_offset",
                             e);
    if (!st) return -1;
    db_bind_str(st, 1, generation);
    db_bind_int(st, 2, offset);
    int rc = db_step(st, e);
    db_done(st);
    return rc == DB_ERROR ? -1 : 0;
}

static const char *text_or_null(db_stmt *st, int i)
{
    return db_column_is_null(st, i) ? NULL : db_column_text(st, i);
}

/* Fills row from a statement selecting COLUMNS; the strings live until the
 * statement steps again. */
static void read_row(db_stmt *st, audit_row *row)
{
    memset(row, 0, sizeof *row);
    row->seq = db_column_int(st, 0);
    row->at = db_column_text(st, 1);
    audit_entry *x = &row->e;
    x->tenant_id = db_column_int(st, 2);
    x->account_id = db_column_int(st, 3);
    x->staff_id = db_column_int(st, 4);
    x->person_id = db_column_int(st, 5);
    x->organisation_id = db_column_int(st, 6);
    x->role = text_or_null(st, 7);
    x->object = text_or_null(st, 8);
    x->object_id = db_column_int(st, 9);
    x->plan_id = db_column_int(st, 10);
    x->section = text_or_null(st, 11);
    x->action = text_or_null(st, 12);
    x->outcome = text_or_null(st, 13);
    x->code = text_or_null(st, 14);
    x->reason = text_or_null(st, 15);
    x->emergency = (int)db_column_int(st, 16);
    x->request_id = text_or_null(st, 17);
    row->prev_hash = db_column_text(st, 18);
    row->hash = db_column_text(st, 19);
    x->subject_person_id = db_column_int(st, 20);
}

int audit_store_each(store *s, int64_t after_seq, int (*fn)(void *ctx, const audit_row *row),
                     void *ctx, err *e)
{
    db_stmt *st = db_prepare(s, "SELECT " COLUMNS " FROM audit_log WHERE seq > ? ORDER BY seq", e);
    if (!st) return -1;
    db_bind_int(st, 1, after_seq);
    int rc = DB_DONE, stop = 0;
    while (!stop && (rc = db_step(st, e)) == DB_ROW) {
        audit_row row;
        read_row(st, &row);
        stop = fn(ctx, &row);
    }
    db_done(st);
    if (stop) return stop;
    return rc == DB_ERROR ? -1 : 0;
}

int audit_store_get(store *s, int64_t seq, void (*fn)(void *ctx, const audit_row *row), void *ctx,
                    err *e)
{
    db_stmt *st = db_prepare(s, "SELECT " COLUMNS " FROM audit_log WHERE seq = ?", e);
    if (!st) return -1;
    db_bind_int(st, 1, seq);
    int rc = db_step(st, e);
    if (rc == DB_ROW) {
        audit_row row;
        read_row(st, &row);
        fn(ctx, &row);
    }
    db_done(st);
    return rc == DB_ERROR ? -1 : rc == DB_ROW;
}

static void set_id(json_t *o, const char *k, int64_t v)
{
    json_object_set_new(o, k, v ? json_integer(v) : json_null());
}

static void set_str(json_t *o, const char *k, const char *v)
{
    json_object_set_new(o, k, v ? json_string(v) : json_null());
}

static json_t *row_json(const audit_row *row)
{
    const audit_entry *x = &row->e;
    json_t *o = json_object();
    json_object_set_new(o, "seq", json_integer(row->seq));
    set_str(o, "at", row->at);
    set_id(o, "tenant_id", x->tenant_id);
    set_id(o, "account_id", x->account_id);
    set_id(o, "staff_id", x->staff_id);
    set_id(o, "person_id", x->person_id);
    set_id(o, "organisation_id", x->organisation_id);
    set_str(o, "role", x->role);
    set_str(o, "object", x->object);
    set_id(o, "object_id", x->object_id);
    set_id(o, "plan_id", x->plan_id);
    set_id(o, "subject_person_id", x->subject_person_id);
    set_str(o, "section", x->section);
    set_str(o, "action", x->action);
    set_str(o, "outcome", x->outcome);
    set_str(o, "code", x->code);
    set_str(o, "reason", x->reason);
    json_object_set_new(o, "emergency", json_boolean(x->emergency));
    set_str(o, "request_id", x->request_id);
    set_str(o, "hash", row->hash);
    return o;
}

/* Steps st (LIMIT bound to limit + 1) into items, newest first. */
static int collect(db_stmt *st, int limit, json_t *(*conv)(db_stmt *st, int64_t *seq),
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
        json_array_append_new(arr, conv(st, &last));
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

static json_t *list_row(db_stmt *st, int64_t *seq)
{
    audit_row row;
    read_row(st, &row);
    *seq = row.seq;
    return row_json(&row);
}

int audit_store_list(store *s, const audit_filter *f, int64_t before, int limit, json_t **items,
                     int64_t *next, err *e)
{
    /* One statement shape: each filter is "column = ?N OR ?N IS NULL" (the
     * column first, so PostgreSQL knows the parameter's type), so unset
     * filters cost nothing and the text (and its cached statement) is fixed. */
    db_stmt *st =
        db_prepare(s,
                   "SELECT " COLUMNS " FROM audit_log WHERE (tenant_id = ?1 OR (?15 = 1 AND "
                   "tenant_id IS NULL)) AND seq < ?2 "
                   "AND (plan_id = ?3 OR ?3 IS NULL) AND (account_id = ?4 OR ?4 IS NULL) "
                   "AND (staff_id = ?5 OR ?5 IS NULL) AND (person_id = ?6 OR ?6 IS NULL) "
                   "AND (object_id = ?7 OR ?7 IS NULL) AND (object = ?8 OR ?8 IS NULL) "
                   "AND (action = ?9 OR ?9 IS NULL) AND (outcome = ?10 OR ?10 IS NULL) "
                   "AND (at >= ?11 OR ?11 IS NULL) AND (at < ?12 OR ?12 IS NULL) "
                   "AND (emergency = ?13 OR ?13 IS NULL) "
                   "AND (subject_person_id = ?16 OR ?16 IS NULL) "
                   "AND (request_id = ?17 OR ?17 IS NULL) "
                   "ORDER BY seq DESC LIMIT ?14",
                   e);
    if (!st) return -1;
    db_bind_int(st, 1, f->tenant_id);
    db_bind_int(st, 2, before > 0 ? before : INT64_MAX);
    db_bind_id(st, 3, f->plan_id);
    db_bind_id(st, 4, f->account_id);
    db_bind_id(st, 5, f->staff_id);
    db_bind_id(st, 6, f->person_id);
    db_bind_id(st, 7, f->object_id);
    db_bind_str(st, 8, f->object);
    db_bind_str(st, 9, f->action);
    db_bind_str(st, 10, f->outcome);
    db_bind_str(st, 11, f->from);
    db_bind_str(st, 12, f->to);
    if (f->emergency < 0)
        db_bind_null(st, 13);
    else
        db_bind_int(st, 13, f->emergency);
    db_bind_int(st, 14, limit + 1);
    db_bind_int(st, 15, f->with_untenanted ? 1 : 0);
    db_bind_id(st, 16, f->subject_person_id);
    db_bind_str(st, 17, f->request_id);
    return collect(st, limit, list_row, items, next, e);
}

static json_t *read_row_json(db_stmt *st, int64_t *seq)
{
    *seq = db_column_int(st, 0);
    json_t *o = json_object();
    json_object_set_new(o, "at", json_string(db_column_text(st, 1)));
    set_id(o, "account_id", db_column_int(st, 2));
    set_id(o, "staff_id", db_column_int(st, 3));
    set_str(o, "name", text_or_null(st, 4));
    set_id(o, "organisation_id", db_column_int(st, 5));
    set_str(o, "organisation", text_or_null(st, 6));
    set_str(o, "role", text_or_null(st, 7));
    set_str(o, "action", text_or_null(st, 8));
    set_str(o, "section", text_or_null(st, 9));
    json_object_set_new(o, "emergency", json_boolean(db_column_int(st, 10)));
    set_str(o, "reason", text_or_null(st, 11));
    return o;
}

int audit_store_plan_reads(store *s, int64_t tenant, int64_t plan_id, int64_t before, int limit,
                           json_t **items, int64_t *next, err *e)
{
    /* Every allowed read of the plan (the owner's own included): staff by
     * their name and agency, citizens by their person's name, others by
     * username. */
    db_stmt *st = db_prepare(
        s,
        "SELECT a.seq, a.at, a.account_id, a.staff_id, "
        "COALESCE(st.given_name || ' ' || st.family_name, p.given_name || ' ' || p.family_name, "
        "ac.username), a.organisation_id, o.name, a.role, a.action, a.section, a.emergency, "
        "a.reason FROM audit_log a LEFT JOIN staff st ON st.id = a.staff_id "
        "LEFT JOIN organisations o ON o.id = a.organisation_id "
        "LEFT JOIN accounts ac ON ac.id = a.account_id "
        "LEFT JOIN persons p ON p.id = a.person_id "
        "WHERE a.plan_id = ? AND a.tenant_id = ? AND a.seq < ? AND a.outcome = 'allowed' "
        "AND a.action IN ('read', 'list', 'emergency-access') "
        "ORDER BY a.seq DESC LIMIT ?",
        e);
    if (!st) return -1;
    db_bind_int(st, 1, plan_id);
    db_bind_int(st, 2, tenant);
    db_bind_int(st, 3, before > 0 ? before : INT64_MAX);
    db_bind_int(st, 4, limit + 1);
    return collect(st, limit, read_row_json, items, next, e);
}
