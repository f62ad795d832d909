/*
 * plan_cache.h - encoded plan documents kept between requests.
 *
 * Reading a whole plan takes eight queries and building and encoding a few
 * kilobytes of JSON; plans are read far more often than they change. A cached
 * document is served only while the plan's stamp (revision, version, today's
 * date - see plan_get_stamp) is exactly the one it was rendered at, which one
 * indexed query tells; any change to the plan bumps the revision, so a stale
 * document is never served. Documents are kept LZ4-compressed (JSON shrinks
 * about fivefold, and decompressing a few kilobytes takes microseconds), so a
 * large municipality's plans fit in a budget that keeps the server small. The
 * cache is bounded in bytes (direct-mapped slots, newest wins), shared by the
 * workers under striped locks.
 */
#ifndef HELHET_PLAN_CACHE_H
#define HELHET_PLAN_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "domain/plan.h"
#include "util/arena.h"

/* Sets the budget (0 disables the cache). Call before serving. */
void plan_cache_configure(size_t max_bytes);
/* 1 and a copy of the document in the arena when cached at exactly this stamp. */
int plan_cache_get(int64_t tenant, const plan_stamp *st, arena *a, const char **text, size_t *len);
/* Keeps a copy of the document rendered at this stamp (if the budget allows). */
void plan_cache_put(int64_t tenant, const plan_stamp *st, const char *text, size_t len);
/* Releases everything (at shutdown). */
void plan_cache_release(void);

#endif
