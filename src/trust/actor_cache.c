/* actor_cache.c - see actor_cache.h. A small direct-mapped table per thread,
 * indexed by the token hash's first characters (hex: already uniform). */
#include "trust/actor_cache.h"

#include <stdio.h>
#include <string.h>

#include "trust/auth.h"

#define SLOTS 64

typedef struct slot {
    char hash[AUTH_HASH_LEN];
    uint64_t version;
    char today[11];
    char expires_at[21];
    actor a;
} slot;

static _Thread_local slot slots[SLOTS];

static slot *slot_for(const char *hash)
{
    unsigned v = 0;
    for (int i = 0; i < 4 && hash[i]; i++) v = v * 16 + (unsigned)(hash[i] & 0x0f);
    return &slots[v % SLOTS];
}

int actor_cache_get(const char *token_hash, uint64_t version, const char *today, const char *now,
                    actor *out)
{
    slot *s = slot_for(token_hash);
    if (s->version != version || strcmp(s->hash, token_hash) != 0 || strcmp(s->today, today) != 0)
        return 0;
    if (s->expires_at[0] && strcmp(s->expires_at, now) <= 0) return 0;
    *out = s->a;
    return 1;
}

void actor_cache_put(const char *token_hash, uint64_t version, const char *today,
                     const char *expires_at, const actor *a)
{
    if (!a->roles_loaded || strlen(token_hash) >= AUTH_HASH_LEN) return;
    slot *s = slot_for(token_hash);
    snprintf(s->hash, sizeof s->hash, "%s", token_hash);
    s->version = version;
    snprintf(s->today, sizeof s->today, "%s", today);
    snprintf(s->expires_at, sizeof s->expires_at, "%s", expires_at);
    s->a = *a;
}
