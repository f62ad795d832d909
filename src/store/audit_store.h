/*
 * audit_store.h - the audit log's table (see trust/audit.h for the log's
 * rules: append-only, hash-chained). Only appends and reads are here; there is
 * no update and no delete.
 */
#ifndef HELHET_AUDIT_STORE_H
#define HELHET_AUDIT_STORE_H

#include <jansson.h>
#include <stdint.h>

#include "store/store.h"
#include "util/err.h"

typedef struct audit_entry {
    /* the actor (0 when not known, e.g. a forged cookie); person_id is the
     * actor's own person (a citizen), never whose data it was */
    int64_t tenant_id;
    int64_t account_id;
    int64_t staff_id;
    int64_t person_id;
    int64_t organisation_id; /* the agency the actor acted for, 0 if none */
    const char *role;        /* the basis of the access: owner, coordinator, participant, ... */
    /* the object */
    const char *object; /* plan, person, case, organisation, staff, session, token, ... */
    int64_t object_id;
    int64_t plan_id; /* set for everything inside a plan (the owner's access log) */
    /* whose data it was: the person the request was about (her record and its
     * parts, her cases, plans, approvals), 0 when it was about no one person
     * (migration 014) */
    int64_t subject_person_id;
    const char *section; /* plan section, or NULL */
    const char *action;  /* read, list, create, update, delete, login, logout, authenticate, ... */
    const char *outcome; /* allowed, denied (policy), refused (authentication), failed */
    const char *code;    /* the error code when not allowed, else NULL */
    const char *reason;  /* a stated reason (emergency access), else NULL */
    int emergency;       /* 1 when access rests on an emergency reason */
    const char *request_id;
    const char *at; /* when, UTC with milliseconds; NULL: at the append */
} audit_entry;

/* One stored entry: the entry with its place in the chain. */
typedef struct audit_row {
    int64_t seq;
    const char *at;
    audit_entry e;
    const char *prev_hash;
    const char *hash;
} audit_row;

/* The last entry's seq and hash (0 and "" when the log is empty). */
int audit_store_head(store *s, int64_t *seq, char hash[65], err *e);
int audit_store_insert(store *s, const audit_row *row, err *e);
/* The first entry hashed with the key (migration 011; trust/audit.c). */
int audit_store_keyed_from(store *s, int64_t *seq, err *e);
/* One entry by seq: fn is called with it (1 returned), or 0 when there is none. */
int audit_store_get(store *s, int64_t seq, void (*fn)(void *ctx, const audit_row *row), void *ctx,
                    err *e);

/* Where the log stands in the audit journal (trust/audit_journal.c): the
 * journal's generation (hex, "" when none is recorded) and the byte offset up
 * to which its entries are in the log. Set inside a write transaction. */
int audit_store_journal_get(store *s, char generation[33], int64_t *offset, err *e);
int audit_store_journal_set(store *s, const char *generation, int64_t offset, err *e);
/* The audit journal in the database (migration 020, trust/audit_journal.h):
 * a read's entries queued, not yet chained. queue_add appends them (entries
 * without a time get `at`) in the caller's transaction, which needs no
 * writers' lock (store_begin STORE_APPEND); queue_each calls fn for up to
 * `limit` queued entries, oldest first (the entry's strings live during the
 * call), until fn returns non-zero; queue_delete removes one, in the write
 * transaction that chained it. */
int audit_store_queue_add(store *s, const audit_entry *entries, int n, const char *at, err *e);
int audit_store_queue_each(store *s, int limit,
                           int (*fn)(void *ctx, int64_t id, const audit_entry *x), void *ctx,
                           err *e);
int audit_store_queue_delete(store *s, int64_t id, err *e);

/* Calls fn for every entry in seq order, from after_seq on, until fn returns
 * non-zero (that value is returned) or the log ends (0). -1 on error. */
int audit_store_each(store *s, int64_t after_seq, int (*fn)(void *ctx, const audit_row *row),
                     void *ctx, err *e);

/* Filters for audit_store_list; zero/NULL fields do not filter. */
typedef struct audit_filter {
    int64_t tenant_id; /* required */
    int64_t plan_id, account_id, staff_id, person_id, object_id, subject_person_id;
    const char *object, *action, *outcome, *from, *to, *request_id;
    int emergency;       /* -1 any, 0 not flagged, 1 flagged */
    int with_untenanted; /* also entries without a tenant (refused unknown log-ins) */
} audit_filter;

/* A page of entries, newest first, with seq < before (0: from the newest).
 * *next gets the cursor for the following page, 0 at the end. */
int audit_store_list(store *s, const audit_filter *f, int64_t before, int limit, json_t **items,
                     int64_t *next, err *e);

/* The reads of a plan for its owner: who (name, agency), when, in which role,
 * which section; newest first. */
int audit_store_plan_reads(store *s, int64_t tenant, int64_t plan_id, int64_t before, int limit,
                           json_t **items, int64_t *next, err *e);

#endif
