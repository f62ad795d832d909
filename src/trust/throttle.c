/*
 * throttle.c - see throttle.h. Three fixed tables of 1024 sets of 8 slots,
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
#define ATTACK      4 /* a username under attack: more than ATTACK x pair_failures failures */

typedef enum { T_PAIR = 0, T_USER, T_ADDRESS, T_KINDS } kind;

typedef struct slot {
    uint64_t tag; /* 0: free */
    time_t window_start;
    time_t locked_until;
    time_t last;
    int failures;
    int inflight;
    int strikes; /* lockouts without a success between */
    int known;   /* a pair that logged in successfully */
} slot;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static slot tables[T_KINDS][SETS][WAYS];
static int pair_limit = 5, address_limit = 200;
static int lockout_s = 900;
static unsigned char hash_key[crypto_shorthash_KEYBYTES];
static pthread_once_t key_once = PTHREAD_ONCE_INIT;

static void make_key(void)
{
    randombytes_buf(hash_key, sizeof hash_key);
}

void throttle_configure(int pair_failures, int address_failures, int lockout)
{
    pair_limit = pair_failures;
    address_limit = address_failures;
    lockout_s = lockout;
}

/* The tag of a key of kind k: the kind, the strings and their lengths, so that
 * no pair's key is a username's or another pair's. */
static uint64_t tag_of(kind k, const char *a, const char *b)
{
    pthread_once(&key_once, make_key);
    crypto_generichash_state st;
    unsigned char h[8], kb = (unsigned char)k;
    size_t la = strlen(a), lb = b ? strlen(b) : 0;
    crypto_generichash_init(&st, hash_key, sizeof hash_key, sizeof h);
    crypto_generichash_update(&st, &kb, 1);
    crypto_generichash_update(&st, (const unsigned char *)&la, sizeof la);
    crypto_generichash_update(&st, (const unsigned char *)a, la);
    if (b) crypto_generichash_update(&st, (const unsigned char *)b, lb);
    crypto_generichash_final(&st, h, sizeof h);
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
    return !s->locked_until && !s->inflight && !s->failures && !s->strikes && !s->known;
}

/* The key's slot; with `create`, a slot is made for it (NULL when every slot
 * of its set is locked or busy). */
static slot *find(kind k, uint64_t tag, time_t now, int create)
{
    slot *set = tables[k][tag % SETS];
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

/* The failures a pair may have: fewer while its username is under attack,
 * unless the pair has logged in before. */
static int limit_for(const slot *pair, const char *user, time_t now)
{
    if (pair->known) return pair_limit;
    slot *u = find(T_USER, tag_of(T_USER, user, NULL), now, 0);
    return u && u->failures > ATTACK * pair_limit ? 1 : pair_limit;
}

/* Seconds until a slot over its limit may try again. */
static int wait_of(const slot *s, time_t now)
{
    if (s->locked_until > now) return (int)(s->locked_until - now);
    time_t end = s->window_start + lockout_s;
    return end > now ? (int)(end - now) : 1;
}

/* A failure on s against `limit`: 1 when it began a lockout (*until). */
static int fail(slot *s, int limit, time_t now, time_t *until)
{
    if (!s->failures) s->window_start = now;
    if (++s->failures < limit) return 0;
    if (s->strikes < MAX_STRIKES) s->strikes++;
    s->locked_until = now + ((time_t)lockout_s << (s->strikes - 1));
    s->failures = 0;
    if (until) *until = s->locked_until;
    return 1;
}

int throttle_login_begin(const char *user, const char *address, time_t now)
{
    if (!user) user = "";
    if (!address) address = "";
    int wait = 0;
    pthread_mutex_lock(&lock);
    slot *p = pair_limit > 0 ? find(T_PAIR, tag_of(T_PAIR, user, address), now, 1) : NULL;
    slot *a = NULL;
    if (pair_limit > 0 && !p) {
        wait = 1;
        goto done;
    }
    if (p) {
        if (p->locked_until > now) {
            wait = wait_of(p, now);
            goto done;
        }
        if (p->failures + p->inflight >= limit_for(p, user, now)) {
            /* attempts in flight may still use up the rest */
            wait = p->failures ? wait_of(p, now) : 1;
            goto done;
        }
    }
    if (address_limit > 0 && !(p && p->known)) {
        a = find(T_ADDRESS, tag_of(T_ADDRESS, address, NULL), now, 1);
        if (!a)
            wait = 1;
        else if (a->locked_until > now)
            wait = wait_of(a, now);
        else if (a->failures + a->inflight >= address_limit)
            wait = 1;
        if (wait) goto done;
        a->inflight++;
        a->last = now;
    }
    if (p) {
        p->inflight++;
        p->last = now;
    }
done:
    pthread_mutex_unlock(&lock);
    return wait;
}

int throttle_login_end(const char *user, const char *address, time_t now, throttle_outcome o,
                       time_t *until)
{
    if (!user) user = "";
    if (!address) address = "";
    int began = THROTTLE_NONE;
    pthread_mutex_lock(&lock);
    /* an attempt in flight keeps its slots, so they are still there */
    slot *p = pair_limit > 0 ? find(T_PAIR, tag_of(T_PAIR, user, address), now, 1) : NULL;
    int known = p && p->known;
    slot *a = address_limit > 0 ? find(T_ADDRESS, tag_of(T_ADDRESS, address, NULL), now, 1) : NULL;
    if (p && p->inflight) p->inflight--;
    if (a && !known && a->inflight) a->inflight--;
    if (o == THROTTLE_FAILED) {
        int limit = p ? limit_for(p, user, now) : 0;
        slot *u = find(T_USER, tag_of(T_USER, user, NULL), now, 1);
        if (u) {
            if (!u->failures) u->window_start = now;
            u->failures++;
            u->last = now;
        }
        if (p && fail(p, limit, now, until)) began = THROTTLE_PAIR_LOCKED;
        if (a && fail(a, address_limit, now, began ? NULL : until) && !began)
            began = THROTTLE_ADDRESS_LOCKED;
    } else if (o == THROTTLE_SUCCEEDED && p) {
        p->failures = 0;
        p->strikes = 0;
        p->known = 1;
    }
    if (p) p->last = now;
    if (a) a->last = now;
    pthread_mutex_unlock(&lock);
    return began;
}

void throttle_clear(void)
{
    pthread_mutex_lock(&lock);
    memset(tables, 0, sizeof tables);
    pthread_mutex_unlock(&lock);
}
