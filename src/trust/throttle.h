/*
 * throttle.h - in-memory limits on failed log-in attempts, built so that a
 * stranger cannot use them to keep a real user out (issue 11, point 8;
 * docs/security.md, "Log-in throttling").
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
 * so parallel requests cannot try more than the limits allow. The tables have
 * a fixed size (8192 keys of each kind); when a set is full, the least recently
 * used key that is not locked makes room. The counts are not kept across a
 * restart of the server.
 */
#ifndef HELHET_THROTTLE_H
#define HELHET_THROTTLE_H

#include <time.h>

typedef enum { THROTTLE_FAILED, THROTTLE_SUCCEEDED, THROTTLE_NEUTRAL } throttle_outcome;

/* What a failure began: nothing, a lockout of the (username, address) pair,
 * or of the address. */
enum { THROTTLE_NONE = 0, THROTTLE_PAIR_LOCKED = 1, THROTTLE_ADDRESS_LOCKED = 2 };

/* The limits: failures per (username, address) pair and per address (0: no
 * limit of that kind), and the first lockout in seconds. Before serving. */
void throttle_configure(int pair_failures, int address_failures, int lockout);

/* Begins a log-in attempt of `user` from `address`: 0 when it may go on (end
 * it with throttle_login_end), else the seconds until it may be tried again
 * (at least 1). */
int throttle_login_begin(const char *user, const char *address, time_t now);

/* Ends an attempt begun with throttle_login_begin. Returns what a failure
 * began (THROTTLE_PAIR_LOCKED, THROTTLE_ADDRESS_LOCKED; *until gets its end),
 * else THROTTLE_NONE. */
int throttle_login_end(const char *user, const char *address, time_t now, throttle_outcome o,
                       time_t *until);

/* Forgets every key (tests). */
void throttle_clear(void);

#endif
