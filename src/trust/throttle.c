/*
 * throttle.c - see throttle.h. The rules (age, fail, limit_for) are here; the
 * rows are loaded and stored by store/throttle_store.c, one row per key.
 *
 * Transactions. Each begin and each end is one short write transaction of its
 * own (store_begin(STORE_WRITE) ... store_commit): the rows of a key are read
 * and written under the writers' lock (SQLite BEGIN IMMEDIATE, PostgreSQL's
 * advisory write lock, store/postgres.c), so two servers, or two workers of
 * one, never both take the last try of a pair. The slow password check
 * (argon2id) runs between the two, outside any transaction.
 *
 * That holds because of how a log-in runs (checked for issue 13): POST
 * /api/v1/session is a ROUTE_PUBLIC route (api/session.c), so
 * router_is_write() is 0 for it and the server (http/server.c) runs it on a
 * worker thread, never in the writer's group-commit batch; router_dispatch
 * (http/router.c) opens no transaction for a public route, and the account is
 * read by auth_login outside one. So store_begin here really begins and
 * store_commit really commits: a reservation is visible to every server before
 * the password is checked. Were auth_login ever run inside a batch or a
 * caller's write transaction, store_begin would join it and store_commit
 * would do nothing: the write lock would be held across argon2id and the counts
 * would be seen by others only when the caller commits. Do not do that.
 *
 * Keys are tags: BLAKE2b under a subkey of the key file (KEY_THROTTLE,
 * trust/keys.h), which every server on the database shares, of the kind, the
 * strings and their lengths. Without a key file (unit tests) a random key of
 * this process is used.
 */
#include "trust/throttle.h"

#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>

#include "store/throttle_store.h"
#include "trust/keys.h"
#include "util/log.h"

#define MAX_STRIKES  5     /* the lockout doubles at most 4 times: 16 x the first */
#define ATTACK       4     /* a username under attack: more than ATTACK x pair_failures failures */
#define RESERVED     60    /* seconds a reservation counts (a server killed mid-attempt) */
#define FORGET_IDLE  86400 /* rows with nothing to count are deleted a day after last use */
#define FORGET_KNOWN (90 * 86400) /* known pairs, 90 days after their last use */
#define PRUNE_EVERY  64           /* ends between two prunes (per server) */
#define TAG_BYTES    16

typedef enum { T_PAIR = 0, T_USER, T_ADDRESS } kind;

/* A key's row as loaded, with whether it must be written back. */
typedef struct slot {
    kind k;
    char tag[TAG_BYTES * 2 + 1];
    throttle_row r;
    int used;  /* loaded */
    int dirty; /* to be written */
} slot;

static int pair_limit = 5, address_limit = 200;
static int lockout_s = 900;
static unsigned char own_key[crypto_generichash_KEYBYTES];
static pthread_once_t key_once = PTHREAD_ONCE_INIT;
static atomic_uint ends;

static void make_key(void)
{
    randombytes_buf(own_key, sizeof own_key);
}

void throttle_configure(int pair_failures, int address_failures, int lockout)
{
    pair_limit = pair_failures;
    address_limit = address_failures;
    lockout_s = lockout;
}

static void put_len(crypto_generichash_state *st, size_t n)
{
    unsigned char b[8];
    for (int i = 0; i < 8; i++) b[i] = (unsigned char)((uint64_t)n >> (8 * i));
    crypto_generichash_update(st, b, sizeof b);
}

/* The tag of a key of kind k: the kind, the strings and their lengths, so that
 * no pair's key is a username's or another pair's. Hex, so it is plain text
 * on both engines. */
static void tag_of(kind k, const char *a, const char *b, char out[TAG_BYTES * 2 + 1])
{
    const unsigned char *key = keys_get(KEY_THROTTLE);
    if (!key) {
        pthread_once(&key_once, make_key);
        key = own_key;
    }
    crypto_generichash_state st;
    unsigned char h[TAG_BYTES], kb = (unsigned char)k;
    size_t la = strlen(a), lb = b ? strlen(b) : 0;
    crypto_generichash_init(&st, key, KEYS_LEN, sizeof h);
    crypto_generichash_update(&st, &kb, 1);
    put_len(&st, la);
    crypto_generichash_update(&st, (const unsigned char *)a, la);
    if (b) {
        put_len(&st, lb);
        crypto_generichash_update(&st, (const unsigned char *)b, lb);
    }
    crypto_generichash_final(&st, h, sizeof h);
    sodium_bin2hex(out, TAG_BYTES * 2 + 1, h, sizeof h);
}

/* Brings a row up to `now`: an ended lockout, an old window or a reservation
 * that stopped counting counts no more. */
static void age(throttle_row *s, time_t now)
{
    if (s->locked_until && s->locked_until <= now) {
        s->locked_until = 0;
        s->failures = 0;
    }
    if (s->failures && now - s->window_start >= lockout_s) s->failures = 0;
    /* strikes are forgotten after a day without a lockout */
    if (s->strikes && !s->locked_until && now - s->last >= 86400) s->strikes = 0;
    /* a reservation whose attempt never ended (a server killed mid-attempt) */
    if (s->inflight && s->inflight_until <= now) s->inflight = 0;
}

/* Loads the key's row (a new one when there is none), brought up to now. */
static int load(store *db, slot *s, kind k, const char *a, const char *b, time_t now, err *e)
{
    s->k = k;
    tag_of(k, a, b, s->tag);
    int found = throttle_store_get(db, k, s->tag, &s->r, e);
    if (found < 0) return -1;
    if (!found) s->r.last = now;
    s->used = 1;
    age(&s->r, now);
    return 0;
}

static int save(store *db, const slot *s, err *e)
{
    return s->used && s->dirty ? throttle_store_put(db, s->k, s->tag, &s->r, e) : 0;
}

/* The failures a pair may have: fewer while its username is under attack,
 * unless the pair has logged in before. u is the username's slot, loaded
 * here when it is not yet. */
static int limit_for(store *db, const slot *pair, slot *u, const char *user, time_t now, int *limit,
                     err *e)
{
    *limit = pair_limit;
    if (pair->r.known) return 0;
    if (!u->used && load(db, u, T_USER, user, NULL, now, e)) return -1;
    if (u->r.failures > ATTACK * pair_limit) *limit = 1;
    return 0;
}

/* Seconds until a row over its limit may try again. */
static int wait_of(const throttle_row *s, time_t now)
{
    if (s->locked_until > now) return (int)(s->locked_until - now);
    time_t end = (time_t)s->window_start + lockout_s;
    return end > now ? (int)(end - now) : 1;
}

/* A failure on s against `limit`: 1 when it began a lockout (*until). */
static int fail(throttle_row *s, int limit, time_t now, time_t *until)
{
    if (!s->failures) s->window_start = now;
    if (++s->failures < limit) return 0;
    if (s->strikes < MAX_STRIKES) s->strikes++;
    s->locked_until = now + ((int64_t)lockout_s << (s->strikes - 1));
    s->failures = 0;
    if (until) *until = (time_t)s->locked_until;
    return 1;
}

/* Reserves an attempt on s. */
static void reserve(slot *s, time_t now)
{
    s->r.inflight++;
    s->r.inflight_until = now + RESERVED;
    s->r.last = now;
    s->dirty = 1;
}

int throttle_login_begin(store *db, const char *user, const char *address, time_t now, err *e)
{
    if (!user) user = "";
    if (!address) address = "";
    slot p = {0}, a = {0}, u = {0};
    int wait = 0, limit;
    if (store_begin(db, STORE_WRITE, e)) return -1;
    if (pair_limit > 0) {
        if (load(db, &p, T_PAIR, user, address, now, e)) goto fail;
        if (p.r.locked_until > now) {
            wait = wait_of(&p.r, now);
            goto done;
        }
        if (limit_for(db, &p, &u, user, now, &limit, e)) goto fail;
        if (p.r.failures + p.r.inflight >= limit) {
            /* attempts in flight may still use up the rest */
            wait = p.r.failures ? wait_of(&p.r, now) : 1;
            goto done;
        }
    }
    if (address_limit > 0 && !(p.used && p.r.known)) {
        if (load(db, &a, T_ADDRESS, address, NULL, now, e)) goto fail;
        if (a.r.locked_until > now)
            wait = wait_of(&a.r, now);
        else if (a.r.failures + a.r.inflight >= address_limit)
            wait = 1;
        if (wait) goto done;
        reserve(&a, now);
    }
    if (p.used) reserve(&p, now);
done:
    if (save(db, &p, e) || save(db, &a, e) || store_commit(db, e)) goto fail;
    return wait;
fail:
    store_rollback(db);
    return -1;
}

static int forget(store *db, time_t now, int64_t *n, err *e)
{
    return throttle_store_prune(db, now, now - FORGET_IDLE, now - lockout_s, now - FORGET_KNOWN, n,
                                e);
}

/* Now and then, deletes the rows that have nothing left to count, so the
 * table does not grow without end (in the end's transaction). */
static int prune(store *db, time_t now, err *e)
{
    if (atomic_fetch_add(&ends, 1) % PRUNE_EVERY) return 0;
    int64_t n = 0;
    if (forget(db, now, &n, e)) return -1;
    if (n) log_line(LOG_INFO, "event=login_throttle_pruned rows=%lld", (long long)n);
    return 0;
}

int throttle_login_end(store *db, const char *user, const char *address, time_t now,
                       throttle_outcome o, time_t *until, err *e)
{
    if (!user) user = "";
    if (!address) address = "";
    int began = THROTTLE_NONE;
    slot p = {0}, a = {0}, u = {0};
    if (store_begin(db, STORE_WRITE, e)) return -1;
    if (pair_limit > 0 && load(db, &p, T_PAIR, user, address, now, e)) goto fail;
    int known = p.used && p.r.known;
    if (address_limit > 0 && load(db, &a, T_ADDRESS, address, NULL, now, e)) goto fail;
    if (p.used && p.r.inflight) p.r.inflight--;
    if (a.used && !known && a.r.inflight) a.r.inflight--;
    if (o == THROTTLE_FAILED) {
        int limit = 0;
        if (p.used && limit_for(db, &p, &u, user, now, &limit, e)) goto fail;
        if (!u.used && load(db, &u, T_USER, user, NULL, now, e)) goto fail;
        if (!u.r.failures) u.r.window_start = now;
        u.r.failures++;
        u.r.last = now;
        u.dirty = 1;
        if (p.used && fail(&p.r, limit, now, until)) began = THROTTLE_PAIR_LOCKED;
        if (a.used && fail(&a.r, address_limit, now, began ? NULL : until) && !began)
            began = THROTTLE_ADDRESS_LOCKED;
    } else if (o == THROTTLE_SUCCEEDED && p.used) {
        p.r.failures = 0;
        p.r.strikes = 0;
        p.r.known = 1;
    }
    p.r.last = a.r.last = now;
    p.dirty = a.dirty = 1;
    if (save(db, &p, e) || save(db, &a, e) || save(db, &u, e) || prune(db, now, e) ||
        store_commit(db, e))
        goto fail;
    return began;
fail:
    store_rollback(db);
    return -1;
}

int throttle_forget(store *db, time_t now, int64_t *n, err *e)
{
    if (store_begin(db, STORE_WRITE, e) || forget(db, now, n, e) || store_commit(db, e)) {
        store_rollback(db);
        return -1;
    }
    return 0;
}

int throttle_clear(store *db, err *e)
{
    if (store_begin(db, STORE_WRITE, e) || throttle_store_clear(db, e) || store_commit(db, e)) {
        store_rollback(db);
        return -1;
    }
    return 0;
}
