/* plan_cache.c - see plan_cache.h. */
#include "api/plan_cache.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS 16384 /* a power of two; ids map directly, so 16k plans never collide */
#define LOCKS 64

typedef struct slot {
    int64_t tenant;
    plan_stamp stamp;
    char *text;
    size_t len;
} slot;

static slot slots[SLOTS];
static pthread_mutex_t locks[LOCKS];
static pthread_once_t once = PTHREAD_ONCE_INIT;
static atomic_size_t used;
static size_t budget;

static void init_locks(void)
{
    for (int i = 0; i < LOCKS; i++) pthread_mutex_init(&locks[i], NULL);
}

void plan_cache_configure(size_t max_bytes)
{
    pthread_once(&once, init_locks);
    budget = max_bytes;
}

static size_t index_of(int64_t tenant, int64_t id)
{
    return ((uint64_t)id * 0x9E3779B1u + (uint64_t)tenant) & (SLOTS - 1);
}

static int same(const slot *s, int64_t tenant, const plan_stamp *st)
{
    return s->text && s->tenant == tenant && s->stamp.id == st->id &&
           s->stamp.revision == st->revision && s->stamp.version == st->version &&
           strcmp(s->stamp.today, st->today) == 0;
}

int plan_cache_get(int64_t tenant, const plan_stamp *st, arena *a, const char **text, size_t *len)
{
    if (!budget) return 0;
    size_t i = index_of(tenant, st->id);
    pthread_mutex_t *m = &locks[i % LOCKS];
    int hit = 0;
    pthread_mutex_lock(m);
    if (same(&slots[i], tenant, st)) {
        *text = arena_strndup(a, slots[i].text, slots[i].len);
        *len = slots[i].len;
        hit = 1;
    }
    pthread_mutex_unlock(m);
    return hit;
}

void plan_cache_put(int64_t tenant, const plan_stamp *st, const char *text, size_t len)
{
    if (!budget) return;
    char *copy = malloc(len);
    if (!copy) return;
    memcpy(copy, text, len);
    size_t i = index_of(tenant, st->id);
    pthread_mutex_t *m = &locks[i % LOCKS];
    pthread_mutex_lock(m);
    slot *s = &slots[i];
    size_t freed = s->text ? s->len : 0;
    if (atomic_load(&used) - freed + len > budget) {
        pthread_mutex_unlock(m);
        free(copy);
        return;
    }
    free(s->text);
    atomic_fetch_sub(&used, freed);
    s->tenant = tenant;
    s->stamp = *st;
    s->text = copy;
    s->len = len;
    atomic_fetch_add(&used, len);
    pthread_mutex_unlock(m);
}

void plan_cache_release(void)
{
    pthread_once(&once, init_locks);
    for (size_t i = 0; i < SLOTS; i++) {
        pthread_mutex_lock(&locks[i % LOCKS]);
        free(slots[i].text);
        slots[i].text = NULL;
        pthread_mutex_unlock(&locks[i % LOCKS]);
    }
    atomic_store(&used, 0);
}
