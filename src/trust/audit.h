/*
 * audit.h - the tamper-evident audit log (R6).
 *
 * Every request that an actor makes (and every refused attempt to become one)
 * leaves at least one entry: who (account, staff member or person, the role
 * the access was granted under, the agency they acted for), what (object, its
 * id, the plan and plan section it belongs to), the action, the outcome, a
 * reason where one was given (emergency access) and the request id.
 *
 * Entries are collected on the request while it runs (req_audit in
 * http/request.h) and appended by the http layer: in the same transaction as
 * the change for a successful write, and for reads through the audit journal
 * (trust/audit_journal.h) before the answer leaves, so an answered request's
 * entry is durable.
 *
 * The log is append-only (no code path updates or deletes entries; SQLite
 * triggers refuse it) and hash-chained: each entry's hash covers its own fields
 * and the previous entry's hash, keyed with a subkey of the key file the
 * database does not hold (trust/keys.h), and entries carry a gap-free sequence
 * number, so audit_verify finds the first entry that was altered, removed or
 * reordered, or rebuilt without the key. The chain's head is written outside
 * the database as well (trust/audit_anchor.h), so a log cut short is found.
 */
#ifndef HELHET_AUDIT_H
#define HELHET_AUDIT_H

#include <stdint.h>

#include "store/audit_store.h"
#include "store/store.h"
#include "util/err.h"

/* Appends entries in order inside the caller's write transaction, extending
 * the hash chain. Strings may be NULL. */
int audit_append(store *s, const audit_entry *entries, int n, err *e);

/* Walks the whole chain and the anchor file beside it. 0 when intact and
 * complete (*checked gets the number of entries, head_hash the last hash,
 * hex); -1 with ERR_CONFLICT: "audit_chain_broken" naming the first entry that
 * was altered, removed, reordered or rebuilt (its sequence number in
 * *bad_seq); "audit_log_shortened" when the anchor file names an entry past
 * the log's end; "audit_anchor_*" for an anchor file that is missing, forged,
 * rewound or disagrees with the database; "audit_entries_lost" when the log
 * holds an entry after accept_seq that records an incident: a journal's
 * entries lost (audit_journal.h), an anchor file started anew (*accepted
 * counts those at or before accept_seq). Inside a read transaction; needs
 * the key. */
int audit_verify(store *s, int64_t accept_seq, int64_t *checked, int64_t *bad_seq,
                 int64_t *accepted, char head_hash[65], err *e);

/* Checks that the log's last entry was written with the loaded key (the
 * server refuses to extend a chain under another key). Outside a transaction. */
int audit_check_key(store *s, err *e);
/* *yes = 1 when the log holds entries hashed with a key. Inside a transaction. */
int audit_keyed_entries(store *s, int *yes, err *e);

/* Reads for /audit and /plans/{id}/access-log (see audit_store.h). */
int audit_list(store *s, const audit_filter *f, int64_t before, int limit, json_t **items,
               int64_t *next, err *e);
int audit_plan_reads(store *s, int64_t tenant, int64_t plan_id, int64_t before, int limit,
                     json_t **items, int64_t *next, err *e);

#endif
