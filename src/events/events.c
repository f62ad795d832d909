/*
 * events.c - see events.h. The subscribers live in a small fixed table under
 * a mutex; on PostgreSQL one thread waits on the listening connection and
 * delivers what arrives. A payload is "tenant kind id", digits and a word:
 * nothing of a person in it.
 */
#include "events/events.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "util/log.h"

#define CHANNEL  "helhet_events"
#define MAX_SUBS 256
#define WAIT_MS  250 /* how often the listener looks whether it should stop */

static struct {
    event_fn fn;
    void *ctx;
} subs[MAX_SUBS];
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static uint64_t delivered;

static store_listener *listener;
static pthread_t thread;
static int running, stopping;

static void deliver(const event *ev)
{
    pthread_mutex_lock(&mu);
    for (int i = 0; i < MAX_SUBS; i++)
        if (subs[i].fn) subs[i].fn(subs[i].ctx, ev);
    delivered++;
    pthread_mutex_unlock(&mu);
}

static void on_payload(void *ctx, const char *payload)
{
    (void)ctx;
    event ev;
    memset(&ev, 0, sizeof ev);
    if (sscanf(payload, "%" SCNd64 " %15s %" SCNd64, &ev.tenant_id, ev.kind, &ev.id) != 3) {
        log_line(LOG_WARN, "event=event_unreadable");
        return;
    }
    deliver(&ev);
}

static void *listen_loop(void *arg)
{
    (void)arg;
    int lost = 0;
    while (!__atomic_load_n(&stopping, __ATOMIC_ACQUIRE)) {
        err e;
        err_clear(&e);
        if (store_listen_wait(listener, WAIT_MS, on_payload, NULL, &e)) {
            if (!lost) log_line(LOG_WARN, "event=events_listen_lost code=%s", e.code);
            lost = 1;
        } else if (lost) {
            log_line(LOG_INFO, "event=events_listen_back");
            lost = 0;
        }
    }
    return NULL;
}

int events_start(const char *url, err *e)
{
    if (running) return 0;
    if (store_listen(url, CHANNEL, &listener, e)) return -1;
    stopping = 0;
    if (listener && pthread_create(&thread, NULL, listen_loop, NULL)) {
        store_listen_close(listener);
        listener = NULL;
        return err_set(e, ERR_INTERNAL, "events_start", NULL, "cannot start the event listener");
    }
    running = 1;
    return 0;
}

void events_stop(void)
{
    if (!running) return;
    if (listener) {
        __atomic_store_n(&stopping, 1, __ATOMIC_RELEASE);
        pthread_join(thread, NULL);
        store_listen_close(listener);
        listener = NULL;
    }
    running = 0;
}

void events_publish(store *s, const event *ev)
{
    if (!listener) {
        deliver(ev);
        return;
    }
    char payload[64];
    snprintf(payload, sizeof payload, "%" PRId64 " %s %" PRId64, ev->tenant_id, ev->kind, ev->id);
    err e;
    err_clear(&e);
    int rc = store_notify(s, CHANNEL, payload, &e);
    if (rc < 0) log_line(LOG_WARN, "event=event_not_sent kind=%s code=%s", ev->kind, e.code);
    if (rc > 0) deliver(ev); /* the engine has no notifications after all */
}

int events_subscribe(event_fn fn, void *ctx)
{
    pthread_mutex_lock(&mu);
    int h = -1;
    for (int i = 0; i < MAX_SUBS && h < 0; i++)
        if (!subs[i].fn) {
            subs[i].fn = fn;
            subs[i].ctx = ctx;
            h = i;
        }
    pthread_mutex_unlock(&mu);
    return h;
}

void events_unsubscribe(int handle)
{
    if (handle < 0 || handle >= MAX_SUBS) return;
    pthread_mutex_lock(&mu);
    subs[handle].fn = NULL;
    subs[handle].ctx = NULL;
    pthread_mutex_unlock(&mu);
}

uint64_t events_delivered(void)
{
    pthread_mutex_lock(&mu);
    uint64_t n = delivered;
    pthread_mutex_unlock(&mu);
    return n;
}
