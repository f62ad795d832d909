/*
 * actor_cache.h - the actors of Bearer tokens, remembered per worker thread.
 *
 * Finding a token's actor and loading its roles are two queries on every
 * request of an integration. An entry is used again only while
 *   - nothing that makes an actor has changed since it was read: the auth
 *     epoch (auth_store_epoch, read in the request's own read transaction),
 *     which triggers move on every change to tokens, accounts, memberships,
 *     organisations and representatives, by any process,
 *   - the day is the same (memberships and representations are dated), and
 *   - the token has not expired,
 * so a revoked token, a deactivated account or an ended membership acts on the
 * next request exactly as without the cache (R4). Thread-local: no locks.
 */
#ifndef HELHET_ACTOR_CACHE_H
#define HELHET_ACTOR_CACHE_H

#include <stdint.h>

#include "trust/actor.h"

/* 1 and *out filled when an entry for the token hash holds at epoch, today
 * and now; else 0. */
int actor_cache_get(const char *token_hash, int64_t epoch, const char *today, const char *now,
                    actor *out);
/* Remembers a (with its roles loaded) for the token hash. expires_at "" when
 * the token does not expire. */
void actor_cache_put(const char *token_hash, int64_t epoch, const char *today,
                     const char *expires_at, const actor *a);

#endif
