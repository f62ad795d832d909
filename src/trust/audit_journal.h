/*
 * audit_journal.h - the audit journal: how a read's audit entry becomes
 * durable before its answer leaves, without a database commit per read.
 *
 * A worker that answered a read writes the read's entries to an append-only
 * file (one write(2), no fsync: like SQLite's synchronous=NORMAL, what has been
 * written survives the process being killed) and queues them in memory. The
 * server's writer moves the queue into audit_log - extending the hash chain -
 * in its next transaction (at least every 50 ms) and records in the same
 * transaction how far the log has come in the journal (table audit_journal:
 * the journal's generation and a byte offset). A server that starts, and
 * `helhet audit verify`, first append what a stopped server left in the
 * journal, so every answered read's entry reaches the log exactly once.
 *
 * The file starts with a header naming its generation (random) and its
 * parent (the generation recorded when it was made). A server that starts
 * makes a new journal and records it at once; when the log has caught up past
 * a size limit, the writer replaces the file by a new generation holding only
 * the entries not yet in the log. So at start a journal of the recorded
 * generation is read from the recorded offset, one whose parent is the
 * recorded generation (made, not yet recorded) from its start, and any other
 * (the database was restored from a backup, or copied without its journal)
 * is set aside as "<journal>.unmatched-<generation>" and never appended.
 *
 * A journal that is shorter than recorded - the database took entries up to
 * a byte offset, or the anchor file saw more written - or missing after a
 * server that did not stop cleanly, lost entries of answered requests: the
 * recovery records that in the log itself (object audit_journal, outcome
 * failed, code audit_journal_lost), and `helhet audit verify` reports it.
 *
 * One server at a time owns a journal: it holds an exclusive lock on
 * "<journal>.lock" while it runs.
 */
#ifndef HELHET_AUDIT_JOURNAL_H
#define HELHET_AUDIT_JOURNAL_H

#include <stddef.h>
#include <stdint.h>

#include "store/audit_store.h"
#include "store/store.h"
#include "util/err.h"

/* The journal's path for a database URL ("sqlite:PATH" -> "PATH-audit") into
 * out; -1 when the URL names no file. */
int audit_journal_path(const char *db_url, char *out, size_t cap);

/* Takes the journal at path for this process (its lock), appends what a
 * stopped server left in it to the log, and starts a new journal file. With
 * path NULL the journal is the database's audit_queue table (migration 020),
 * for servers that share a database: a read's entries are committed there
 * before its answer leaves, and every server's writer moves what any server
 * queued into the log (audit_journal.c, "the journal in the database").
 * *recovered gets the number of entries appended. wake, if not NULL, is called
 * when the queue has grown large, to hurry the writer. */
int audit_journal_open(store *s, const char *path, void (*wake)(void), int *recovered, err *e);
/* 1 while a journal is open in this process. */
int audit_journal_is_open(void);
/* 1 when it is the database's (audit_queue): a read's entries may then be
 * written in the read's own transaction, committed with it. */
int audit_journal_in_database(void);
/* Writes a request's entries to the journal and queues them for the log.
 * Entries without a time get the current one. Safe from any thread; s is the
 * calling worker's connection (the journal in the database writes through it,
 * outside any transaction of the caller's). */
int audit_journal_write(store *s, const audit_entry *entries, int n, err *e);
/* The open journal's generation (hex; "" when none is open) and how far it is
 * written, made durable with fdatasync before this returns (for the anchor
 * file: trust/audit_anchor.h). */
int audit_journal_sync_position(char g[33], int64_t *written, err *e);
/* 1 when entries wait in the queue. */
int audit_journal_pending(void);
/* The writer, inside its write transaction: appends the queued entries to the
 * log and records the journal position. audit_journal_settle() after the
 * commit (1) or rollback (0); entries of a rolled-back transaction are kept
 * and appended by the next call. */
int audit_journal_take(store *s, err *e);
void audit_journal_settle(int committed);
/* The writer, outside a transaction, after a commit: replaces the journal by
 * a new generation once the log has caught up past the size limit. */
void audit_journal_maybe_rotate(void);
/* Ends this process's use of the journal (the queue must be empty). */
void audit_journal_close(void);

/* For `helhet audit verify`: moves what servers queued in the database
 * (audit_queue) into the log, in write transactions of its own. */
int audit_journal_recover_queue(store *s, int *recovered, err *e);
/* For `helhet audit verify`: appends what a stopped server left in the
 * journal at path. *recovered gets the number appended; *busy is set (and
 * nothing done) when a running server holds the journal. */
int audit_journal_recover(store *s, const char *path, int *recovered, int *busy, err *e);

#endif
