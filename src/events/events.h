/*
 * events.h - the event bus: what changed, published after the change
 * commits, delivered to the subscribers of every server on the database.
 *
 * An event carries ids, never data (DESIGN principle 10): the tenant, a kind
 * ("plan", "case") and the object's id. A live view that hears one reads
 * again through the access policy, so nothing a reader may not see travels
 * through the bus, and a lost event costs a re-read, never a wrong answer.
 *
 * Two implementations behind these functions, chosen by the engine:
 *   in-process (SQLite: one server owns the file) - events_publish calls
 *     this process's subscribers at once;
 *   PostgreSQL LISTEN/NOTIFY (several servers) - events_publish sends a
 *     NOTIFY on the channel "helhet_events"; a thread of each server listens
 *     on a connection of its own and calls its subscribers, so a change made
 *     through one server reaches the views connected to another, the
 *     publishing server's own through the same path (one order for all).
 * Subscribers are called on the listening thread (in-process: the
 * publisher's); they must return quickly and may not publish.
 */
#ifndef HELHET_EVENTS_H
#define HELHET_EVENTS_H

#include <stdint.h>

#include "store/store.h"
#include "util/err.h"

typedef struct event {
    int64_t tenant_id;
    char kind[16]; /* "plan", "case" */
    int64_t id;
} event;

/* Starts the bus for the database at url (a listening thread on PostgreSQL). */
int events_start(const char *url, err *e);
/* Stops it; subscribers are called no more once it returns. */
void events_stop(void);
/* Publishes ev through s, after the transaction that made the change has
 * committed. A failure to publish is logged, never the caller's failure: the
 * change is stored, and views re-read on their next look. */
void events_publish(store *s, const event *ev);

typedef void (*event_fn)(void *ctx, const event *ev);
/* A handle (>= 0) for events_unsubscribe, or -1 when the table is full. */
int events_subscribe(event_fn fn, void *ctx);
void events_unsubscribe(int handle);

/* Events delivered to this process's subscribers since start (metrics, tests). */
uint64_t events_delivered(void);

#endif
