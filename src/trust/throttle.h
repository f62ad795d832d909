/*
 * throttle.h - in-memory limits on failed log-in attempts, per key: the
 * username as typed, and the client's address.
 *
 * The throttle knows nothing of accounts, so an unknown username is counted,
 * locked out and answered exactly like a known one: the answers do not tell
 * whether a name exists. A key that reaches `max_failures` failures within
 * `lockout` seconds of its first failure is locked for `lockout` seconds; each
 * further lockout without a success in between doubles that, up to 16 times
 * as long. A success clears a username's count (never an address's, or one
 * account that works would wash away an attacker's failures).
 *
 * Attempts are reserved when they begin, so parallel requests cannot try more
 * than the limit allows while the first ones are still checking passwords.
 * The tables have a fixed size (8192 keys of each kind); when a table is full,
 * the least recently used key that is not locked makes room.
 */
#ifndef HELHET_THROTTLE_H
#define HELHET_THROTTLE_H

#include <time.h>

typedef enum { THROTTLE_USER = 0, THROTTLE_ADDRESS, THROTTLE_KINDS } throttle_kind;
typedef enum { THROTTLE_FAILED, THROTTLE_SUCCEEDED, THROTTLE_NEUTRAL } throttle_outcome;

/* The limits: failures per username and per address (0: no limit of that
 * kind), and the first lockout in seconds. Call before serving. */
void throttle_configure(int user_failures, int address_failures, int lockout);

/* Begins an attempt for `key`: 0 when it may go on (end it with
 * throttle_end), else the seconds until it may be tried again (at least 1). */
int throttle_begin(throttle_kind k, const char *key, time_t now);

/* Ends an attempt begun with throttle_begin. Returns 1 when this failure began
 * a lockout (*until gets its end), else 0. */
int throttle_end(throttle_kind k, const char *key, time_t now, throttle_outcome o, time_t *until);

/* Locks a key until `until` (a lockout remembered in the database). */
void throttle_lock(throttle_kind k, const char *key, time_t until);

/* Forgets every key (tests). */
void throttle_clear(void);

#endif
