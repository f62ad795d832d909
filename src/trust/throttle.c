/*
 * throttle.c - see throttle.h. Two fixed tables of 1024 sets of 8 slots, each
 * under one mutex (log-ins are rare next to the argon2id work they guard).
 * Keys are SipHash tags under a random per-process key, so nobody can choose
 * names that crowd one set.
 */
#include "trust/throttle.h"

#include <pthread.h>
#include <sodium.h>
#include <stdint.h>
#include <string.h>

#define SETS        1024
#define WAYS        8
#define MAX_STRIKES 5 /* the lockout doubles at most 4 times: 16 x the first */

typedef struct slot {
    uint64_t tag; /* 0: free */
    time_t window_start;
    time_t locked_until;
    time_t last;
    int failures;
    int inflight;
    int strikes; /* lockouts without a success between */
} slot;

typedef struct table {
    pthread_mutex_t lock;
    slot slots[SETS][WAYS];
} table;

static table tables[THROTTLE_KINDS] = {
    {.lock = PTHREAD_MUTEX_INITIALIZER},
    {.lock = PTHREAD_MUTEX_INITIALIZER},
};
static int limits[THROTTLE_KINDS] = {5, 50};
static int lockout_s = 900;
static unsigned char hash_key[crypto_shorthash_KEYBYTES];
static pthread_once_t key_once = PTHREAD_ONCE_INIT;

static void make_key(void)
{
    randombytes_buf(hash_key, sizeof hash_key);
}

void throttle_configure(int user_failures, int address_failures, int lockout)
{
    limits[THROTTLE_USER] = user_failures;
    limits[THROTTLE_ADDRESS] = address_failures;
    lockout_s = lockout;
}

static uint64_t tag_of(const char *key)
{
    pthread_once(&key_once, make_key);
    unsigned char h[crypto_shorthash_BYTES];
    crypto_shorthash(h, (const unsigned char *)key, strlen(key), hash_key);
    uint64_t t;
    memcpy(&t, h, sizeof t);
    return t | 1;
}

/* Brings a slot up to `now`: an ended lockout or an old window counts no more. */
static void age(slot *s, time_t now)
{
    if (s->locked_until && s->locked_until <= now) {
        s->locked_until = 0;
        s->failures = 0;
    }
    if (s->failures && now - s->window_start >= lockout_s) s->failures = 0;
    /* strikes are forgotten after a day without a lockout */
    if (s->strikes && !s->locked_until && now - s->last >= 86400) s->strikes = 0;
}

static int idle(const slot *s)
{
    return !s->locked_until && !s->inflight && !s->failures && !s->strikes;
}

/* The key's slot; with `create`, a slot is made for it (NULL when every slot
 * of its set is locked or busy). */
static slot *find(table *t, uint64_t tag, time_t now, int create)
{
    slot *set = t->slots[tag % SETS];
    for (int i = 0; i < WAYS; i++)
        if (set[i].tag == tag) {
            age(&set[i], now);
            return &set[i];
        }
    if (!create) return NULL;
    slot *pick = NULL;
    for (int i = 0; i < WAYS; i++) {
        if (set[i].tag) age(&set[i], now);
        if (!set[i].tag || idle(&set[i])) {
            pick = &set[i];
            break;
        }
    }
    /* full: the least recently used slot that is neither locked nor busy */
    for (int i = 0; !pick && i < WAYS; i++)
        if (!set[i].locked_until && !set[i].inflight) {
            pick = &set[i];
            for (int j = i + 1; j < WAYS; j++)
                if (!set[j].locked_until && !set[j].inflight && set[j].last < pick->last)
                    pick = &set[j];
        }
    if (!pick) return NULL;
    memset(pick, 0, sizeof *pick);
    pick->tag = tag;
    pick->last = now;
    return pick;
}

int throttle_begin(throttle_kind k, const char *key, time_t now)
{
    if (limits[k] <= 0) return 0;
    table *t = &tables[k];
    uint64_t tag = tag_of(key ? key : "");
    int wait = 0;
    pthread_mutex_lock(&t->lock);
    slot *s = find(t, tag, now, 1);
    if (!s)
        wait = 1;
    else if (s->locked_until > now)
        wait = (int)(s->locked_until - now);
    else if (s->failures + s->inflight >= limits[k])
        wait = 1; /* attempts in flight may still use up the rest */
    else {
        s->inflight++;
        s->last = now;
    }
    pthread_mutex_unlock(&t->lock);
    return wait;
}

int throttle_end(throttle_kind k, const char *key, time_t now, throttle_outcome o, time_t *until)
{
    if (limits[k] <= 0) return 0;
    table *t = &tables[k];
    uint64_t tag = tag_of(key ? key : "");
    int locked = 0;
    pthread_mutex_lock(&t->lock);
    /* an attempt in flight keeps its slot, so it is still there */
    slot *s = find(t, tag, now, 1);
    if (s) {
        if (s->inflight) s->inflight--;
        s->last = now;
        if (o == THROTTLE_FAILED) {
            if (!s->failures) s->window_start = now;
            if (++s->failures >= limits[k]) {
                if (s->strikes < MAX_STRIKES) s->strikes++;
                s->locked_until = now + ((time_t)lockout_s << (s->strikes - 1));
                s->failures = 0;
                locked = 1;
                if (until) *until = s->locked_until;
            }
        } else if (o == THROTTLE_SUCCEEDED && k == THROTTLE_USER) {
            s->failures = 0;
            s->strikes = 0;
        }
    }
    pthread_mutex_unlock(&t->lock);
    return locked;
}

void throttle_lock(throttle_kind k, const char *key, time_t until)
{
    if (limits[k] <= 0) return;
    table *t = &tables[k];
    uint64_t tag = tag_of(key ? key : "");
    time_t now = time(NULL);
    pthread_mutex_lock(&t->lock);
    slot *s = find(t, tag, now, 1);
    if (s && s->locked_until < until) s->locked_until = until;
    pthread_mutex_unlock(&t->lock);
}

void throttle_clear(void)
{
    for (int k = 0; k < THROTTLE_KINDS; k++) {
        pthread_mutex_lock(&tables[k].lock);
        memset(tables[k].slots, 0, sizeof tables[k].slots);
        pthread_mutex_unlock(&tables[k].lock);
    }
}
