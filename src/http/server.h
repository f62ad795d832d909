/*
 * server.h - the HTTP server around libmicrohttpd.
 *
 * A thread pool of `threads` workers, each owning one database connection
 * (opened on first use, closed when the worker ends). Limits: body size
 * (413 beyond it), header memory per connection, idle connection time-out and a
 * connection cap. SIGINT and SIGTERM stop the server gracefully: it stops
 * accepting, lets requests in flight finish (up to `drain_seconds`), then exits.
 */
#ifndef HELHET_SERVER_H
#define HELHET_SERVER_H

#include <stddef.h>

#include "store/store.h"
#include "util/err.h"

typedef struct server_config {
    const char *db_url;
    const char *listen; /* "ADDR:PORT"; port 0 picks a free one */
    int threads;
    size_t max_body;                  /* bytes */
    size_t header_memory;             /* bytes per connection for headers */
    unsigned idle_timeout;            /* seconds a connection may send or read nothing */
    unsigned header_timeout;          /* seconds a request's head may take, in all */
    unsigned body_timeout;            /* seconds a request's body may take, in all */
    unsigned max_connections;         /* open connections at once */
    unsigned per_address_connections; /* open connections from one address; 0: any */
    unsigned drain_seconds;           /* grace period after SIGTERM */
    const char *metrics_listen;       /* "ADDR:PORT" for GET /metrics; NULL: none */
    int access_log;                   /* one log line per request */
    size_t plan_cache_bytes;          /* budget of the plan document cache; 0 disables */
    unsigned write_batch;             /* most requests per group commit; 0: writes run on workers */
    const char *web_root;
    const char *audit_journal; /* the reads' audit journal; NULL: "<database file>-audit" */
} server_config;

void server_config_defaults(server_config *c);

/* Serves until SIGINT or SIGTERM. Prints "listening on http://ADDR:PORT" to
 * stdout once the socket accepts connections. */
int server_run(const server_config *c, err *e);

/* The calling worker's database connection, opened on first use. */
store *server_worker_db(err *e);

#endif
