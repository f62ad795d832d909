/*
 * throttle.h - limits on failed log-in attempts, built so that a stranger
 * cannot use them to keep a real user out (issue 11, point 8;
 * docs/security.md, "Log-in throttling"). The counts are kept in the database
 * (migration 019, store/throttle_store.h), so they last across a restart and
 * every server on the database shares them: a lockout through one server
 * holds on every other, and tries through several servers add up (issue 13,
 * point 3). Every server must be given the same limits.
 *
 * Three counts, each over a window of `lockout` seconds from its first failure:
 *   - per (username as typed, client address) pair: after `pair_failures`
 *     failures that pair waits `lockout` seconds, doubling with each further
 *     lockout without a success between (up to 16 times). Only that pair: the
 *     same user from any other address is not slowed at all;
 *   - per username, over all addresses: never a lockout. While it holds more
 *     than 4 x pair_failures failures (an attack spread over many addresses),
 *     an address that has not logged in as that user before gets one try per
 *     window instead of pair_failures, so brute force spread over addresses is
 *     throttled too;
 *   - per client address, over all usernames: after `address_failures`
 *     failures (set high enough for an office behind one NAT address), the
 *     address waits - except for a username that has logged in from it
 *     before, so known colleagues behind the same address keep getting in.
 * A correct password (and code) from an address with no failures always gets
 * through. A success clears its pair's count and marks the pair known; it
 * never clears a username's or an address's count (or one account that works
 * would wash away an attacker's failures).
 *
 * The throttle knows nothing of accounts, so an unknown username is counted and
 * answered exactly like a known one. Attempts are reserved when they begin,
 * so parallel requests, through any server, cannot try more than the limits
 * allow. A key's reservations stop counting 60 seconds after the latest of
 * them began (an attempt takes a second or so), so one left by a server
 * killed mid-attempt does not block its key for ever. The database holds no
 * username and no address in clear, only keyed hashes (tags) under a subkey of
 * the key file, which the servers share. A key with nothing left to count is
 * forgotten a day after its last use, a known pair 90 days after (now and
 * then, on an end), so the table does not grow without end.
 *
 * Each begin and each end is one short write transaction of its own: call them
 * outside any transaction (never in the writer's batch), and never across the
 * password check (throttle.c says why that holds for a log-in).
 */
#ifndef HELHET_THROTTLE_H
#define HELHET_THROTTLE_H

#include <stdint.h>
#include <time.h>

#include "store/store.h"

typedef enum { THROTTLE_FAILED, THROTTLE_SUCCEEDED, THROTTLE_NEUTRAL } throttle_outcome;

/* What a failure began: nothing, a lockout of the (username, address) pair,
 * or of the address. */
enum { THROTTLE_NONE = 0, THROTTLE_PAIR_LOCKED = 1, THROTTLE_ADDRESS_LOCKED = 2 };

/* The limits: failures per (username, address) pair and per address (0: no
 * limit of that kind), and the first lockout in seconds. Before serving. */
void throttle_configure(int pair_failures, int address_failures, int lockout);

/* Begins a log-in attempt of `user` from `address`: 0 when it may go on (end
 * it with throttle_login_end), else the seconds until it may be tried again
 * (at least 1); -1 when the database failed (e filled; nothing reserved). */
int throttle_login_begin(store *s, const char *user, const char *address, time_t now, err *e);

/* Ends an attempt begun with throttle_login_begin. Returns what a failure
 * began (THROTTLE_PAIR_LOCKED, THROTTLE_ADDRESS_LOCKED; *until, when not NULL,
 * gets its end), else THROTTLE_NONE; -1 when the database failed (e filled;
 * the reservation then lapses after 60 seconds). */
int throttle_login_end(store *s, const char *user, const char *address, time_t now,
                       throttle_outcome o, time_t *until, err *e);

/* Deletes the keys with nothing left to count at `now` (what an end does now
 * and then); *n (may be NULL) gets how many. */
int throttle_forget(store *s, time_t now, int64_t *n, err *e);

/* Forgets every key (tests). */
int throttle_clear(store *s, err *e);

#endif
