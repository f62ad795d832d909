/* actor_cache.c - see actor_cache.h. A direct-mapped table per thread,
 * indexed by the token hash's first characters (hex: already uniform), made
 * on the thread's first use and freed when the thread ends. 1024 slots of
 * about 500 bytes: room for the integrations and coordinators of a large
 * municipality (the bench has 700 coordinators) in half a megabyte per
 * thread. */
#include "trust/actor_cache.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trust/auth.h"

#define SLOTS 1024

typedef struct slot {
    char hash[AUTH_HASH_LEN];
    int64_t epoch;
    char today[11];
    char expires_at[21];
    actor a;
} slot;

static pthread_key_t key;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void make_key(void)
{
    pthread_key_create(&key, free);
}

/* The thread's slot for hash; NULL when the table cannot be made. */
static slot *slot_for(const char *hash)
{
    pthread_once(&once, make_key);
    slot *slots = pthread_getspecific(key);
    if (!slots) {
        slots = calloc(SLOTS, sizeof *slots);
        if (!slots || pthread_setspecific(key, slots)) {
            free(slots);
            return NULL;
        }
    }
    unsigned v = 0;
    for (int i = 0; i < 4 && hash[i]; i++) {
        char c = hash[i];
        v = v * 16 + (unsigned)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
    }
    return &slots[v % SLOTS];
}

int actor_cache_get(const char *token_hash, int64_t epoch, const char *today, const char *now,
                    actor *out)
{
    slot *s = slot_for(token_hash);
    if (!s || s->epoch != epoch || strcmp(s->hash, token_hash) != 0 || strcmp(s->today, today) != 0)
        return 0;
    if (s->expires_at[0] && strcmp(s->expires_at, now) <= 0) return 0;
    *out = s->a;
    return 1;
}

void actor_cache_put(const char *token_hash, int64_t epoch, const char *today,
                     const char *expires_at, const actor *a)
{
    if (!a->roles_loaded || strlen(token_hash) >= AUTH_HASH_LEN) return;
    slot *s = slot_for(token_hash);
    if (!s) return;
    snprintf(s->hash, sizeof s->hash, "%s", token_hash);
    s->epoch = epoch;
    snprintf(s->today, sizeof s->today, "%s", today);
    snprintf(s->expires_at, sizeof s->expires_at, "%s", expires_at);
    s->a = *a;
}
