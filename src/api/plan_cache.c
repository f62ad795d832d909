/* plan_cache.c - see plan_cache.h. */
#include "api/plan_cache.h"

#include <lz4.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS 16384 /* a power of two; ids map directly, so 16k plans never collide */
#define LOCKS 64

typedef struct slot {
    int64_t tenant;
    plan_stamp stamp;
    char *text;  /* LZ4-compressed document */
    size_t len;  /* compressed length */
    size_t size; /* the document's length */
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

/* Views of one plan (the sections different readers may see) get different
 * slots, so a coordinator's and a partner's reads do not evict each other. */
static size_t index_of(int64_t tenant, const plan_stamp *st)
{
    return ((uint64_t)st->id * 0x9E3779B1u + (uint64_t)tenant + (uint64_t)st->view * 0x85EBCA6Bu) &
           (SLOTS - 1);
}

static int same(const slot *s, int64_t tenant, const plan_stamp *st)
{
    return s->text && s->tenant == tenant && s->stamp.id == st->id &&
           s->stamp.revision == st->revision && s->stamp.version == st->version &&
           s->stamp.names == st->names && s->stamp.view == st->view &&
           strcmp(s->stamp.today, st->today) == 0;
}

int plan_cache_get(int64_t tenant, const plan_stamp *st, arena *a, const char **text, size_t *len)
{
    if (!budget) return 0;
    size_t i = index_of(tenant, st);
    pthread_mutex_t *m = &locks[i % LOCKS];
    int hit = 0;
    pthread_mutex_lock(m);
    if (same(&slots[i], tenant, st)) {
        char *out = arena_alloc(a, slots[i].size + 1);
        int n = LZ4_decompress_safe(slots[i].text, out, (int)slots[i].len, (int)slots[i].size);
        if (n == (int)slots[i].size) {
            out[n] = '\0';
            *text = out;
            *len = (size_t)n;
            hit = 1;
        }
    }
    pthread_mutex_unlock(m);
    return hit;
}

void plan_cache_put(int64_t tenant, const plan_stamp *st, const char *text, size_t len)
{
    if (!budget || len > (size_t)LZ4_MAX_INPUT_SIZE) return;
    /* compress into scratch, keep an exact-size copy */
    int bound = LZ4_compressBound((int)len);
    char *scratch = malloc((size_t)bound);
    if (!scratch) return;
    int clen = LZ4_compress_default(text, scratch, (int)len, bound);
    char *copy = clen > 0 ? malloc((size_t)clen) : NULL;
    if (copy) memcpy(copy, scratch, (size_t)clen);
    free(scratch);
    if (!copy) return;
    size_t size = len;
    len = (size_t)clen;
    size_t i = index_of(tenant, st);
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
    s->size = size;
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
