/*
 * audit_anchor.h - the audit log's anchor: where the chain's head is written
 * outside the database, so a log that was cut short or rebuilt is found.
 *
 * The anchor file (default "<database file>.anchor"; --audit-anchor) is
 * append-only: once a second, when the log or the audit journal moved on, the
 * server's checkpointer appends one line naming the chain's head (seq and
 * hash), the audit journal's generation and how far it is written (made
 * durable with fdatasync first), the first keyed entry (keyed_from) and the
 * time, and fsyncs it; a last line marked "stopped" when the server stops
 * after its journal was taken in full. Each line carries a MAC under a subkey
 * of the key file, so lines cannot be forged without the key; cutting lines
 * off the end is what the file's append-only attribute (chattr +a) or a copy
 * in the server's log (event=audit_anchor, at every anchor) answers.
 *
 *   A1 <seq> <hash> <journal generation|-> <journal bytes> <r|s> <keyed_from> <time> <mac>
 *
 * `helhet audit verify` reads every line: each must carry a valid MAC, name
 * the same keyed_from as the database, and its seq must not go backwards; the
 * log must reach every anchored seq with the anchored hash. So it finds a log
 * rebuilt with another key or none, one cut short at its end, and one from
 * which entries were removed and the rest renumbered.
 */
#ifndef HELHET_AUDIT_ANCHOR_H
#define HELHET_AUDIT_ANCHOR_H

#include <stdint.h>
#include <stdio.h>

#include "store/store.h"
#include "util/err.h"

/* The anchor file's path (NULL: none is written or checked). */
void audit_anchor_configure(const char *path);
const char *audit_anchor_path(void);

/* Appends a line when the head or the journal moved since the last one, or
 * always with `stop` (then the file is closed). Outside a transaction. */
int audit_anchor_tick(store *s, int stop, err *e);

typedef struct anchor_line {
    int64_t seq;
    char hash[65];
    char gen[33]; /* "" when no journal */
    int64_t journal_bytes;
    int stopped;
    int64_t keyed_from;
    char at[32];
    int64_t lineno;
} anchor_line;

/* Reading the file in order: audit_anchor_read_open gives NULL in *f when the
 * file does not exist. audit_anchor_read_next: 1 with a line, 0 at the end (a
 * torn last line without its newline is left out), -1 with an error naming
 * the line when one is malformed or its MAC does not match the key. Start
 * with a zeroed line: its lineno counts the lines read. */
int audit_anchor_read_open(FILE **f, err *e);
int audit_anchor_read_next(FILE *f, anchor_line *l, err *e);

/* The last line naming journal generation `gen` (only the file's last 1 MiB
 * is searched: the current generation is named at its end). 1, 0, -1. */
int audit_anchor_last_for(const char *gen, anchor_line *l, err *e);

#endif
