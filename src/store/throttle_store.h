/*
 * throttle_store.h - the log-in throttle's rows (migration 019; the rules are
 * in trust/throttle.c). One row per key: its kind (0 a pair, 1 a username, 2
 * an address) and its tag (a keyed hash in hex: never a username or an address
 * in clear). Times are seconds since 1970, 0 for none. The caller holds a
 * write transaction around a get and the puts that follow it.
 */
#ifndef HELHET_THROTTLE_STORE_H
#define HELHET_THROTTLE_STORE_H

#include <stdint.h>

#include "store/store.h"

typedef struct throttle_row {
    int64_t window_start;   /* the first failure of the current window */
    int64_t failures;       /* in the current window */
    int64_t locked_until;   /* 0: not locked */
    int64_t strikes;        /* lockouts without a success between */
    int64_t known;          /* a pair that logged in successfully */
    int64_t inflight;       /* attempts begun, not yet ended */
    int64_t inflight_until; /* when those reservations stop counting */
    int64_t last;           /* last use */
} throttle_row;

/* The row of (kind, tag) into *r: 1 found, 0 not (*r zeroed), -1. */
int throttle_store_get(store *s, int kind, const char *tag, throttle_row *r, err *e);
/* Writes the row of (kind, tag), made or replaced. */
int throttle_store_put(store *s, int kind, const char *tag, const throttle_row *r, err *e);
/* Deletes the rows with nothing left to count at `now`: last used before
 * `idle_before`, not known, not locked, no failure in a window that began at
 * or after `window_before`, no reservation still counting; and the known pairs
 * last used before `known_before`. *n (may be NULL) gets how many. */
int throttle_store_prune(store *s, int64_t now, int64_t idle_before, int64_t window_before,
                         int64_t known_before, int64_t *n, err *e);
/* Deletes every row (tests). */
int throttle_store_clear(store *s, err *e);

#endif
