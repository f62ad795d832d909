/*
 * server.c - libmicrohttpd set-up, the request life cycle and graceful stop.
 *
 * Life of a request inside libmicrohttpd's access handler, which is called
 * several times per request:
 *   1. first call: a request context with its arena; an announced body larger
 *      than the limit is refused at once with 413;
 *   2. body chunks: appended to the context (413 once past the limit);
 *   3. last call: router_dispatch() runs the phases and the answer is queued.
 * The completion callback records metrics, writes the access log line and frees
 * the context. Workers keep one spare arena each, so steady traffic does not
 * allocate per request.
 */
#include "http/server.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "api/api.h"
#include "events/events.h"
#include "http/metrics.h"
#include "http/router.h"
#include "trust/audit_anchor.h"
#include "trust/audit_journal.h"
#include "util/buf.h"
#include "util/json_out.h"
#include "util/log.h"
#include "util/timeutil.h"

static const server_config *cfg;
static pthread_key_t db_key;
static atomic_long in_flight;
static atomic_int stopping;
static atomic_ullong request_counter;
static unsigned request_epoch;

typedef struct req_ctx {
    request r;
    uint64_t started_us;
    int too_large;
    size_t cap;
    int answered_by_writer; /* the writer ran it; the answer waits in r */
    int close_after;        /* refused head: the connection ends with the answer */
    struct conn_slot *slot; /* its connection's deadline */
    struct req_ctx *next;   /* in the writer's queue */
} req_ctx;

void server_config_defaults(server_config *c)
{
    memset(c, 0, sizeof *c);
    c->db_url = "sqlite:var/helhet.db";
    c->listen = "127.0.0.1:8080";
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    c->threads = n > 0 ? (int)n : 2;
    c->max_body = 1024 * 1024;
    c->header_memory = 32 * 1024;
    c->idle_timeout = 30;
    c->header_timeout = 20;
    c->body_timeout = 60;
    c->max_connections = 4096;
    c->per_address_connections = 256;
    c->drain_seconds = 10;
    c->access_log = 1;
    c->plan_cache_bytes = 32u * 1024 * 1024;
    c->write_batch = 64;
    c->web_root = "web";
}

/* What a worker thread owns: its database connection and one spare arena.
 * Released by the key's destructor when libmicrohttpd ends the thread. */
typedef struct worker {
    store *db;
    arena *spare;
} worker;

static void worker_free(void *p)
{
    worker *w = p;
    store_close(w->db);
    arena_free(w->spare);
    free(w);
}

static worker *this_worker(void)
{
    worker *w = pthread_getspecific(db_key);
    if (!w) {
        w = calloc(1, sizeof *w);
        if (!w) abort();
        pthread_setspecific(db_key, w);
    }
    return w;
}

store *server_worker_db(err *e)
{
    worker *w = this_worker();
    if (w->db) return w->db;
    if (store_open(cfg->db_url, 0, &w->db, e)) {
        /* the path stays out of the answer; the writer's log line has the code */
        err_set(e, ERR_UNAVAILABLE, "database_unavailable", NULL,
                "the database cannot be opened; try again later");
        return NULL;
    }
    if (store_manual_checkpoints(w->db, e)) {
        store_close(w->db);
        w->db = NULL;
        return NULL;
    }
    return w->db;
}

/* The checkpointer: copies the write-ahead log into the database once a second
 * on its own connection, off the request path (workers have automatic
 * checkpoints turned off). Stops when `stopping` is set, after a last pass. */
static pthread_t checkpointer;
static int checkpointer_running;

static void *checkpoint_loop(void *arg)
{
    store *s = arg;
    err e;
    /* the audit anchor first: it makes the journal durable before the
     * checkpoint makes the log's record of it so (trust/audit_anchor.h) */
    if (audit_anchor_tick(s, 0, &e)) log_line(LOG_WARN, "event=audit_anchor code=%s", e.code);
    while (!atomic_load(&stopping)) {
        for (int i = 0; i < 20 && !atomic_load(&stopping); i++) usleep(50000);
        if (audit_anchor_tick(s, 0, &e)) log_line(LOG_WARN, "event=audit_anchor code=%s", e.code);
        if (store_checkpoint(s, &e)) log_line(LOG_WARN, "event=checkpoint code=%s", e.code);
    }
    store_close(s);
    return NULL;
}

static void start_checkpointer(void)
{
    store *s;
    err e;
    if (store_open(cfg->db_url, 0, &s, &e)) {
        log_line(LOG_WARN, "event=checkpointer_not_started code=%s", e.code);
        return;
    }
    if (pthread_create(&checkpointer, NULL, checkpoint_loop, s) == 0)
        checkpointer_running = 1;
    else
        store_close(s);
}

static arena *take_arena(void)
{
    worker *w = this_worker();
    arena *a = w->spare;
    if (a) {
        w->spare = NULL;
        return a;
    }
    return arena_new(16 * 1024);
}

static void give_arena(arena *a)
{
    worker *w = this_worker();
    if (w->spare) {
        arena_free(a);
        return;
    }
    arena_reset(a);
    w->spare = a;
}

/*
 * Deadlines. libmicrohttpd's own time-out (--idle-timeout) restarts with every
 * byte, so a client that trickles a byte every few seconds would keep its
 * connection for ever; a thousand such clients once took every connection.
 * Each connection therefore has one deadline at a time, counted in all:
 *   its request's head within header_timeout of the connection's start or of
 *   its previous answer; the body within body_timeout of the head; the answer
 *   within body_timeout of being queued; none while the request is processed.
 * The reaper looks at the deadlines a few times a second and ends connections
 * past theirs with shutdown(2), so libmicrohttpd sees the connection end and
 * closes it in its own thread. A slot leaves the list (under the lock) in the
 * connection's CLOSED notification, before libmicrohttpd closes the socket, so
 * the reaper never touches a socket number that now names another connection.
 */
typedef struct conn_slot {
    int fd;
    int cut;                  /* shut down once already */
    atomic_ullong deadline;   /* monotonic microseconds; 0: none */
    atomic_ullong head_since; /* waiting for a request's head since; 0: not */
    struct conn_slot *prev, *next;
} conn_slot;

static pthread_mutex_t slot_lock = PTHREAD_MUTEX_INITIALIZER;
static conn_slot *slots;
static unsigned nslots, evict_at;
static pthread_t reaper;
static int reaper_running;
static atomic_ullong cut_total;       /* connections cut at a deadline */
static atomic_ullong evicted_total;   /* connections closed to make room */
static atomic_ullong malformed_total; /* heads refused as malformed */

static void slot_deadline(conn_slot *sl, unsigned seconds)
{
    if (sl)
        atomic_store(&sl->deadline, seconds ? time_mono_us() + (uint64_t)seconds * 1000000u : 0);
}

/* A head is awaited (1) or has arrived (0): only a connection waiting for a
 * head can be closed to make room. */
static void slot_awaits_head(conn_slot *sl, int waiting)
{
    if (sl) atomic_store(&sl->head_since, waiting ? time_mono_us() : 0);
}

/*
 * Room for new connections. Deadlines bound how long one connection can be
 * held, but clients from many addresses (each under the per-address limit) can
 * open connections as fast as the deadlines close them. So when the
 * connections reach evict_at (15/16 of --max-connections), each new one closes
 * the connection that has waited longest for a request's head: a real client
 * sends its head within milliseconds of connecting (or of its previous
 * answer), so the longest waiting are slow clients or idle keep-alive
 * connections, which a browser opens again. Requests being received,
 * processed or answered are never closed this way. Called with slot_lock held.
 */
static void evict_one(const conn_slot *keep)
{
    conn_slot *oldest = NULL;
    uint64_t since = UINT64_MAX;
    for (conn_slot *sl = slots; sl; sl = sl->next) {
        uint64_t h = atomic_load(&sl->head_since);
        if (sl == keep || sl->cut || !h || h >= since) continue;
        since = h;
        oldest = sl;
    }
    if (!oldest) return;
    shutdown(oldest->fd, SHUT_RDWR);
    oldest->cut = 1;
    atomic_fetch_add(&evicted_total, 1);
}

static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
    (void)cls;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
        conn_slot *sl = calloc(1, sizeof *sl);
        if (!sl || !ci) {
            free(sl);
            *socket_context = NULL;
            return;
        }
        sl->fd = ci->connect_fd;
        slot_deadline(sl, cfg->header_timeout);
        slot_awaits_head(sl, 1);
        pthread_mutex_lock(&slot_lock);
        sl->next = slots;
        if (slots) slots->prev = sl;
        slots = sl;
        if (++nslots > evict_at) evict_one(sl);
        pthread_mutex_unlock(&slot_lock);
        *socket_context = sl;
        return;
    }
    conn_slot *sl = *socket_context;
    if (!sl) return;
    pthread_mutex_lock(&slot_lock);
    if (sl->prev)
        sl->prev->next = sl->next;
    else
        slots = sl->next;
    if (sl->next) sl->next->prev = sl->prev;
    nslots--;
    pthread_mutex_unlock(&slot_lock);
    free(sl);
    *socket_context = NULL;
}

static void *reaper_loop(void *arg)
{
    (void)arg;
    uint64_t next_report = 0;
    unsigned long long reported = 0, reported_evicted = 0;
    while (!atomic_load(&stopping)) {
        usleep(200000);
        uint64_t now = time_mono_us();
        pthread_mutex_lock(&slot_lock);
        for (conn_slot *sl = slots; sl; sl = sl->next) {
            uint64_t d = atomic_load(&sl->deadline);
            if (!d || now < d || sl->cut) continue;
            shutdown(sl->fd, SHUT_RDWR);
            sl->cut = 1;
            atomic_fetch_add(&cut_total, 1);
        }
        pthread_mutex_unlock(&slot_lock);
        /* one line at most every 10 s, with how many were cut and how many
         * closed to make room since the last */
        unsigned long long total = atomic_load(&cut_total), ev = atomic_load(&evicted_total);
        if ((total != reported || ev != reported_evicted) && now >= next_report) {
            log_line(LOG_WARN, "event=deadline_cut connections=%llu evicted=%llu", total - reported,
                     ev - reported_evicted);
            reported = total;
            reported_evicted = ev;
            next_report = now + 10000000u;
        }
    }
    return NULL;
}

/*
 * Request smuggling. Behind a proxy, a request that two parsers frame
 * differently lets one client's bytes become another request. libmicrohttpd
 * 0.9.75 (Debian 12) refuses a Content-Length that is not a number and, with
 * MHD_OPTION_STRICT_FOR_CLIENT, an HTTP/1.1 request without Host and a first
 * header line starting with whitespace, but it takes two Content-Length
 * headers, Content-Length with Transfer-Encoding, whitespace before a colon
 * (the name then ends in it: "Content-Length " is not Content-Length to it),
 * a bare LF as a line end, a folded line, a CR inside a value and two Host
 * headers. The head is checked here, once libmicrohttpd has parsed it, before
 * any body byte is read; a refused head is answered 400 and the connection
 * closed, so its body is never read as a request.
 *
 * Line ends are checked on libmicrohttpd's own copy of the head: 0.9.x parses
 * it in place, ending each line with NULs (two for CRLF, one for a bare LF) and
 * leaving the names and values where they were received. check_layout says
 * whether the library is a 0.9 release; with another, the line-end checks are
 * skipped and a warning says so at start. A 0.9 head not laid out like that
 * (the version text outside it) is refused rather than let through unchecked.
 */
static int check_layout;

typedef struct head_scan {
    const char *start, *end; /* the head as received, parsed in place */
    const char *prev;        /* where the previous line's text ended */
    int content_length, transfer_encoding, te_chunked, host;
    const char *why;
} head_scan;

static int nuls2(const head_scan *h, const char *p)
{
    return p + 2 <= h->end && p[0] == '\0' && p[1] == '\0';
}

static enum MHD_Result scan_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                   size_t key_size, const char *value, size_t value_size)
{
    (void)kind;
    head_scan *h = cls;
    if (!key_size || key[key_size - 1] == ' ' || key[key_size - 1] == '\t') {
        h->why = "whitespace before a header's colon";
        return MHD_NO;
    }
    for (size_t i = 0; value && i < value_size; i++) {
        unsigned char c = (unsigned char)value[i];
        if ((c < 0x20 && c != '\t') || c == 0x7f) {
            h->why = "a control character in a header";
            return MHD_NO;
        }
    }
    if (check_layout) {
        /* the line begins right after the previous one's CRLF; then the name,
         * its colon (now a NUL), optional whitespace and the value */
        const char *p = key + key_size;
        if (key != h->prev + 2 || !nuls2(h, h->prev) || p >= h->end || *p != '\0' || !value ||
            value < p || value + value_size > h->end) {
            h->why = "a line not ended by CRLF";
            return MHD_NO;
        }
        for (p++; p < value; p++)
            if (*p != ' ' && *p != '\t') {
                h->why = "a malformed header line";
                return MHD_NO;
            }
        const char *q = value + value_size;
        while (q < h->end && (*q == ' ' || *q == '\t')) q++;
        h->prev = q;
    }
    if (key_size == 4 && strncasecmp(key, "Host", 4) == 0) h->host++;
    if (key_size == 14 && strncasecmp(key, "Content-Length", 14) == 0) h->content_length++;
    if (key_size == 17 && strncasecmp(key, "Transfer-Encoding", 17) == 0) {
        h->transfer_encoding++;
        h->te_chunked = value_size == 7 && strncasecmp(value, "chunked", 7) == 0;
    }
    return MHD_YES;
}

/* NULL when the head may be served, else why it is refused. */
static const char *head_refused(struct MHD_Connection *conn, const char *method,
                                const char *version)
{
    head_scan h = {0};
    int layout = check_layout;
    if (layout) {
        const union MHD_ConnectionInfo *hs =
            MHD_get_connection_info(conn, MHD_CONNECTION_INFO_REQUEST_HEADER_SIZE);
        h.start = method;
        h.end = hs ? method + hs->header_size : method;
        size_t vl = version ? strlen(version) : 0;
        if (!vl || version < h.start || version + vl + 2 > h.end) return "a malformed request line";
        h.prev = version + vl;
    }
    MHD_get_connection_values_n(conn, MHD_HEADER_KIND, scan_header, &h);
    if (h.why) return h.why;
    if (layout && (h.prev + 4 != h.end || !nuls2(&h, h.prev) || !nuls2(&h, h.prev + 2)))
        return "a line not ended by CRLF";
    if (h.content_length > 1) return "more than one Content-Length";
    if (h.host > 1) return "more than one Host";
    if (h.transfer_encoding && h.content_length) return "Content-Length with Transfer-Encoding";
    if (h.transfer_encoding > 1 || (h.transfer_encoding && !h.te_chunked))
        return "a Transfer-Encoding other than chunked";
    return NULL;
}

/* The method for the log: one of HTTP's, never a client's text. */
static const char *log_method(const char *m)
{
    static const char *const known[] = {"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"};
    for (size_t i = 0; i < sizeof known / sizeof *known; i++)
        if (m && strcmp(m, known[i]) == 0) return known[i];
    return "other";
}

static enum MHD_Result queue_answer(struct MHD_Connection *conn, req_ctx *ctx)
{
    request *r = &ctx->r;
    char *body = NULL;
    size_t len = 0;
    const char *type = "application/json";
    if (r->text) {
        body = (char *)r->text;
        len = r->text_len;
        type = r->text_type;
    } else if (r->out) {
        buf b;
        buf_init(&b, r->a, 4096);
        json_out(&b, r->out);
        body = b.data;
        len = b.len;
    }
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(len, body ? body : (char *)"", MHD_RESPMEM_MUST_COPY);
    if (!resp) return MHD_NO;
    if (body) MHD_add_response_header(resp, "Content-Type", type);
    if (!respond_header_get(r, "Cache-Control"))
        MHD_add_response_header(resp, "Cache-Control", "no-store");
    for (int i = 0; i < r->nheaders; i++)
        MHD_add_response_header(resp, r->headers[i].name, r->headers[i].value);
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "X-Request-Id", r->request_id);
    if (r->etag[0]) MHD_add_response_header(resp, "ETag", r->etag);
    if (r->location) MHD_add_response_header(resp, "Location", r->location);
    if (r->set_cookie) MHD_add_response_header(resp, "Set-Cookie", r->set_cookie);
    if (r->allow) MHD_add_response_header(resp, "Allow", r->allow);
    if (r->retry_after) MHD_add_response_header(resp, "Retry-After", r->retry_after);
    if (atomic_load(&stopping) || ctx->close_after)
        MHD_add_response_header(resp, "Connection", "close");
    /* the answer must leave within body_timeout, however slowly it is read */
    slot_deadline(ctx->slot, cfg->body_timeout);
    enum MHD_Result rc = MHD_queue_response(conn, (unsigned)r->status, resp);
    MHD_destroy_response(resp);
    return rc;
}

static void answer_error(request *r, err_kind kind, const char *code, const char *msg)
{
    err e;
    err_set(&e, kind, code, NULL, "%s", msg);
    json_t *o =
        json_pack("{s:{s:s,s:s,s:n}}", "error", "code", e.code, "message", e.message, "field");
    respond_json(r, http_status_for(kind), o);
}

/*
 * The writer: group commit for requests that change data.
 *
 * A worker suspends such a request's connection and queues it; the writer takes
 * everything queued (up to write_batch), runs each request's phases under its
 * own savepoint inside one transaction, commits once, and resumes the
 * connections; the workers then send the answers. So SQLite's per-transaction
 * cost (locks, the log's frames for pages several requests touched) is paid once
 * per batch, and an answer leaves only after its change is committed. If the
 * commit fails, every request of the batch is answered 503 and nothing of it is
 * kept.
 */
static pthread_mutex_t wq_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wq_cond;
static req_ctx *wq_head, *wq_tail;
static int wq_stop;
static pthread_t writer;
static int writer_running;

/* The journal asks for an early turn when its queue has grown. */
static void writer_wake(void)
{
    pthread_mutex_lock(&wq_lock);
    pthread_cond_signal(&wq_cond);
    pthread_mutex_unlock(&wq_lock);
}

static void writer_enqueue(req_ctx *c)
{
    pthread_mutex_lock(&wq_lock);
    c->next = NULL;
    if (wq_tail)
        wq_tail->next = c;
    else
        wq_head = c;
    wq_tail = c;
    pthread_cond_signal(&wq_cond);
    pthread_mutex_unlock(&wq_lock);
}

/* Answers every request of a failed batch with `e`. */
static void fail_batch(req_ctx **jobs, int n, const err *e)
{
    for (int i = 0; i < n; i++) router_answer_error(&jobs[i]->r, e);
}

/* How often the writer moves the journal's entries into the log. */
#define JOURNAL_MS 50

/* The writer's buffer for the audit entries of a batch: room for every job's. */
static audit_entry *pend;

/* Ends this thread's connection when its database file was removed or renamed
 * under the running server: what it wrote there would be lost and what it read
 * would be a copy no one else sees, so the next request opens the database
 * again (and is answered 503 while it is missing). Only between requests: no
 * one holds the connection then. */
static void check_file(void)
{
    worker *w = this_worker();
    if (w->db && store_file_moved(w->db)) {
        log_line(LOG_ERROR, "event=database_moved");
        store_close(w->db);
        w->db = NULL;
    }
}

/* Runs a batch; -1 when the database could not be opened or the batch could
 * not be stored (every job was then answered with the error). */
static int run_batch(req_ctx **jobs, int n, err *e)
{
    err_clear(e);
    check_file();
    store *s = server_worker_db(e);
    if (!s || store_batch_begin(s, e)) {
        fail_batch(jobs, n, e);
        return -1;
    }
    /* First the reads' entries from the journal, so the jobs that read the
     * audit log see every answered request. */
    int lost = audit_journal_take(s, e) != 0;
    for (int i = 0; i < n && !lost; i++) {
        request *r = &jobs[i]->r;
        if (store_job_begin(s, e)) {
            lost = 1;
            break;
        }
        router_dispatch(r);
        if (store_job_end(s, r->status < 400)) lost = 1;
    }
    /* Entries not yet kept - the reads' and those of refused changes (their
     * savepoints were rolled back) - are appended together: one look at the
     * chain's head and one statement per entry. If that fails, the batch does. */
    if (!lost) {
        int np = 0;
        for (int i = 0; i < n; i++) {
            request *r = &jobs[i]->r;
            if (r->audit_done || !r->naudit) continue;
            memcpy(pend + np, r->audit, (size_t)r->naudit * sizeof *pend);
            np += r->naudit;
            r->audit_done = 1;
        }
        if (np && audit_append(s, pend, np, e)) lost = 1;
    }
    int failed = lost || store_batch_commit(s, e);
    audit_journal_settle(!failed);
    if (!failed) audit_journal_maybe_rotate();
    if (failed) {
        if (lost) {
            err ignored;
            store_batch_commit(s, &ignored); /* ends the abandoned transaction */
            err_set(e, ERR_UNAVAILABLE, "write_failed", NULL,
                    "the change could not be stored; try again");
        }
        fail_batch(jobs, n, e);
        return -1;
    }
    for (int i = 0; i < n; i++) router_publish(&jobs[i]->r, s);
    return 0;
}

/* After a failed batch the writer waits before it tries the journal's entries
 * again: RETRY_FIRST_MS, doubling up to RETRY_MAX_MS. Queued changes do not
 * wait (each is answered at once, with 503 while the database stays away). */
#define RETRY_FIRST_MS 50
#define RETRY_MAX_MS   5000

static void deadline_after_ms(struct timespec *t, long ms)
{
    clock_gettime(CLOCK_MONOTONIC, t);
    t->tv_sec += ms / 1000;
    t->tv_nsec += (ms % 1000) * 1000000L;
    if (t->tv_nsec >= 1000000000L) {
        t->tv_sec++;
        t->tv_nsec -= 1000000000L;
    }
}

static void *writer_loop(void *arg)
{
    req_ctx **jobs = calloc(cfg->write_batch, sizeof *jobs);
    pend = calloc((size_t)cfg->write_batch * REQ_MAX_AUDIT, sizeof *pend);
    if (!jobs || !pend) abort();
    int failures = 0; /* batches failed in a row */
    long retry_ms = 0;
    for (;;) {
        pthread_mutex_lock(&wq_lock);
        /* Wakes for queued changes, and at least every JOURNAL_MS to move the
         * reads' audit entries from the journal into the log (after a failure,
         * every retry_ms). */
        if (!wq_head && !wq_stop) {
            struct timespec until;
            deadline_after_ms(&until, failures ? retry_ms : JOURNAL_MS);
            pthread_cond_timedwait(&wq_cond, &wq_lock, &until);
        }
        int n = 0;
        while (wq_head && n < (int)cfg->write_batch) {
            jobs[n++] = wq_head;
            wq_head = wq_head->next;
        }
        if (!wq_head) wq_tail = NULL;
        int stop = wq_stop && !wq_head;
        pthread_mutex_unlock(&wq_lock);
        if (!n && !audit_journal_pending()) {
            if (stop) break;
            continue;
        }
        /* Stopping with entries the database would not take: they stay in the
         * journal, and the next start appends them. */
        if (!n && stop && failures) break;
        err e;
        if (run_batch(jobs, n, &e)) {
            failures++;
            retry_ms = retry_ms ? retry_ms * 2 : RETRY_FIRST_MS;
            if (retry_ms > RETRY_MAX_MS) retry_ms = RETRY_MAX_MS;
            /* the first failure and then every doubling: a line a few seconds
             * at most while the database stays away */
            if ((failures & (failures - 1)) == 0)
                log_line(LOG_ERROR, "event=batch_failed jobs=%d code=%s failures=%d retry_ms=%ld",
                         n, e.code, failures, retry_ms);
        } else if (failures) {
            log_line(LOG_INFO, "event=batch_recovered failures=%d", failures);
            failures = 0;
            retry_ms = 0;
        }
        if (n) metrics_batch(n);
        for (int i = 0; i < n; i++) {
            jobs[i]->answered_by_writer = 1;
            MHD_resume_connection(jobs[i]->r.conn);
        }
    }
    free(jobs);
    free(pend);
    pend = NULL;
    return NULL;
}

static void start_writer(void)
{
    wq_stop = 0;
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&wq_cond, &ca);
    pthread_condattr_destroy(&ca);
    if (cfg->write_batch && pthread_create(&writer, NULL, writer_loop, NULL) == 0)
        writer_running = 1;
}

/* Lets the writer finish what is queued, then ends it. */
static void stop_writer(void)
{
    if (!writer_running) return;
    pthread_mutex_lock(&wq_lock);
    wq_stop = 1;
    pthread_cond_signal(&wq_cond);
    pthread_mutex_unlock(&wq_lock);
    pthread_join(writer, NULL);
    writer_running = 0;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    req_ctx *ctx = *con_cls;
    if (!ctx) {
        arena *a = take_arena();
        ctx = arena_alloc(a, sizeof *ctx);
        memset(ctx, 0, sizeof *ctx);
        ctx->r.a = a;
        ctx->r.conn = conn;
        ctx->r.method = method;
        ctx->r.path = url;
        ctx->started_us = time_mono_us();
        unsigned long long n = atomic_fetch_add(&request_counter, 1) + 1;
        snprintf(ctx->r.request_id, sizeof ctx->r.request_id, "%08x%010llx", request_epoch, n);
        /* [login] the client's address, for the per-address log-in limit */
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
        const struct sockaddr *sa = ci ? ci->client_addr : NULL;
        if (sa && (sa->sa_family == AF_INET || sa->sa_family == AF_INET6)) {
            char *ip = arena_alloc(a, INET6_ADDRSTRLEN);
            const void *in = sa->sa_family == AF_INET
                                 ? (const void *)&((const struct sockaddr_in *)sa)->sin_addr
                                 : (const void *)&((const struct sockaddr_in6 *)sa)->sin6_addr;
            if (inet_ntop(sa->sa_family, in, ip, INET6_ADDRSTRLEN)) ctx->r.client = ip;
        }
        /* [login] end */
        atomic_fetch_add(&in_flight, 1);
        *con_cls = ctx;
        const union MHD_ConnectionInfo *sc =
            MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
        ctx->slot = sc ? sc->socket_context : NULL;
        slot_awaits_head(ctx->slot, 0);
        const char *why = head_refused(conn, method, version);
        if (why) {
            atomic_fetch_add(&malformed_total, 1);
            ctx->close_after = 1;
            char msg[128];
            snprintf(msg, sizeof msg, "the request is malformed: %s", why);
            answer_error(&ctx->r, ERR_MALFORMED, "malformed_request", msg);
            return queue_answer(conn, ctx);
        }
        /* the body, if any, within body_timeout of the head */
        slot_deadline(ctx->slot, cfg->body_timeout);
        const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
        if (cl && strtoull(cl, NULL, 10) > cfg->max_body) ctx->too_large = 1;
        return MHD_YES;
    }
    request *r = &ctx->r;
    if (*upload_data_size) {
        size_t n = *upload_data_size;
        *upload_data_size = 0;
        if (ctx->too_large || r->body_len + n > cfg->max_body) {
            ctx->too_large = 1;
            return MHD_YES;
        }
        if (r->body_len + n + 1 > ctx->cap) {
            size_t cap = ctx->cap ? ctx->cap * 2 : 4096;
            while (cap < r->body_len + n + 1) cap *= 2;
            char *nb = arena_alloc(r->a, cap);
            if (r->body_len) memcpy(nb, r->body, r->body_len);
            r->body = nb;
            ctx->cap = cap;
        }
        memcpy(r->body + r->body_len, upload_data, n);
        r->body_len += n;
        r->body[r->body_len] = '\0';
        return MHD_YES;
    }
    if (ctx->answered_by_writer) return queue_answer(conn, ctx);
    if (ctx->close_after) return MHD_YES; /* answered at the head */
    slot_deadline(ctx->slot, 0);          /* processing: no deadline */
    if (ctx->too_large) {
        char msg[128];
        snprintf(msg, sizeof msg, "the body is larger than the limit of %zu bytes", cfg->max_body);
        answer_error(r, ERR_TOO_LARGE, "body_too_large", msg);
    } else if (writer_running && router_is_write(r)) {
        MHD_suspend_connection(conn);
        writer_enqueue(ctx);
        return MHD_YES;
    } else {
        check_file();
        router_dispatch(r);
        router_publish(r, r->db);
        /* the answer leaves once its audit entries are durable */
        router_flush_audit(r);
    }
    return queue_answer(conn, ctx);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    req_ctx *ctx = *con_cls;
    if (!ctx) return;
    request *r = &ctx->r;
    uint64_t dur = time_mono_us() - ctx->started_us;
    int idx = router_index(r);
    int status = r->status ? r->status : 499;
    metrics_observe(idx, status, dur);
    if (cfg->access_log)
        log_line(LOG_INFO,
                 "req=%s method=%s route=\"%s\" status=%d dur_us=%llu account=%lld tenant=%lld%s",
                 r->request_id, log_method(r->method), r->route ? r->route->pattern : "-", status,
                 (unsigned long long)dur, (long long)r->actor.account_id,
                 (long long)r->actor.tenant_id,
                 toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " aborted=1");
    /* a next request on this connection: its head within header_timeout */
    slot_deadline(ctx->slot, cfg->header_timeout);
    slot_awaits_head(ctx->slot, 1);
    if (r->out) json_decref(r->out);
    give_arena(r->a);
    *con_cls = NULL;
    atomic_fetch_sub(&in_flight, 1);
}

/* libmicrohttpd decodes %XX in the path in place and would cut it at a
 * decoded NUL ("/js/app.js%00.png" would arrive as "/js/app.js"). A text with
 * an encoded NUL is left undecoded instead: no route matches it and the
 * static files refuse the '%' (400 invalid_path). */
static size_t unescape(void *cls, struct MHD_Connection *conn, char *uri)
{
    (void)cls;
    (void)conn;
    for (const char *p = uri; (p = strchr(p, '%')) != NULL; p++)
        if (p[1] == '0' && p[2] == '0') return strlen(uri);
    return MHD_http_unescape(uri);
}

static int parse_listen(const char *s, struct sockaddr_storage *ss, socklen_t *len, err *e)
{
    char host[128];
    const char *colon = strrchr(s, ':');
    if (!colon || colon == s || (size_t)(colon - s) >= sizeof host)
        return err_set(e, ERR_INVALID, "invalid_listen", "listen",
                       "--listen must be ADDR:PORT, like 127.0.0.1:8080");
    memcpy(host, s, (size_t)(colon - s));
    host[colon - s] = '\0';
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (*end || port < 0 || port > 65535)
        return err_set(e, ERR_INVALID, "invalid_listen", "listen", "invalid port in '%s'", s);
    memset(ss, 0, sizeof *ss);
    size_t hl = strlen(host);
    if (host[0] == '[' && hl > 2 && host[hl - 1] == ']') {
        host[hl - 1] = '\0';
        struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;
        a6->sin6_family = AF_INET6;
        a6->sin6_port = htons((uint16_t)port);
        if (inet_pton(AF_INET6, host + 1, &a6->sin6_addr) != 1)
            return err_set(e, ERR_INVALID, "invalid_listen", "listen", "invalid address '%s'", s);
        *len = sizeof *a6;
        return 0;
    }
    struct sockaddr_in *a4 = (struct sockaddr_in *)ss;
    a4->sin_family = AF_INET;
    a4->sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, strcmp(host, "localhost") == 0 ? "127.0.0.1" : host, &a4->sin_addr) != 1)
        return err_set(e, ERR_INVALID, "invalid_listen", "listen", "invalid address '%s'", s);
    *len = sizeof *a4;
    return 0;
}

/* libmicrohttpd's messages, at most MHD_LOG_PER_S a second: a client that
 * opens and drops thousands of connections must not fill the disk. What was
 * left out is counted in the next line that is written. */
#define MHD_LOG_PER_S 20
static atomic_ullong mhd_log_second, mhd_log_count, mhd_log_dropped;

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    unsigned long long sec = time_mono_us() / 1000000u;
    if (atomic_exchange(&mhd_log_second, sec) != sec) atomic_store(&mhd_log_count, 0);
    if (atomic_fetch_add(&mhd_log_count, 1) >= MHD_LOG_PER_S) {
        atomic_fetch_add(&mhd_log_dropped, 1);
        return;
    }
    unsigned long long dropped = atomic_exchange(&mhd_log_dropped, 0);
    if (dropped) log_line(LOG_WARN, "event=mhd_suppressed messages=%llu", dropped);
    char msg[256];
    vsnprintf(msg, sizeof msg, fmt, ap);
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == '\r')) msg[--n] = '\0';
    for (char *p = msg; *p; p++)
        if (*p == '"') *p = '\'';
    log_line(LOG_WARN, "event=mhd msg=\"%s\"", msg);
}

/*
 * GET /metrics has its own listener (--metrics-listen), never the main one:
 * the counters tell who uses which route how often, which is nobody's business
 * on the network the users reach, and a monitoring system keeps its view while
 * the main address is under attack. It answers GET (and HEAD) /metrics and
 * 404 for everything else, with one thread and a few connections.
 */
static const char *route_name(int i)
{
    return i < router_count() ? router_routes()[i].pattern : "unmatched";
}

static enum MHD_Result metrics_request(void *cls, struct MHD_Connection *conn, const char *url,
                                       const char *method, const char *version,
                                       const char *upload_data, size_t *upload_data_size,
                                       void **con_cls)
{
    (void)cls;
    (void)version;
    (void)upload_data;
    if (!*con_cls) {
        *con_cls = conn; /* the head is here; answer once the body (ignored) is */
        return MHD_YES;
    }
    if (*upload_data_size) {
        *upload_data_size = 0;
        return MHD_YES;
    }
    arena *a = arena_new(16 * 1024);
    buf b;
    buf_init(&b, a, 16 * 1024);
    unsigned status = 200;
    const char *type = "text/plain; version=0.0.4; charset=utf-8";
    if (strcmp(url, "/metrics") != 0) {
        status = 404;
        type = "text/plain; charset=utf-8";
        buf_puts(&b, "only /metrics is served here\n");
    } else if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
        status = 405;
        type = "text/plain; charset=utf-8";
        buf_puts(&b, "only GET\n");
    } else {
        metrics_render(&b, route_name);
        pthread_mutex_lock(&slot_lock);
        unsigned open = nslots;
        pthread_mutex_unlock(&slot_lock);
        buf_printf(&b,
                   "# HELP helhet_http_connections_open Connections open on the main address.\n"
                   "# TYPE helhet_http_connections_open gauge\n"
                   "helhet_http_connections_open %u\n"
                   "# HELP helhet_http_connections_closed_total Connections the server ended "
                   "early: past a deadline, or to make room.\n"
                   "# TYPE helhet_http_connections_closed_total counter\n"
                   "helhet_http_connections_closed_total{reason=\"deadline\"} %llu\n"
                   "helhet_http_connections_closed_total{reason=\"room\"} %llu\n"
                   "# HELP helhet_http_malformed_requests_total Request heads refused with 400 "
                   "malformed_request.\n"
                   "# TYPE helhet_http_malformed_requests_total counter\n"
                   "helhet_http_malformed_requests_total %llu\n",
                   open, atomic_load(&cut_total), atomic_load(&evicted_total),
                   atomic_load(&malformed_total));
    }
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(b.len, b.data, MHD_RESPMEM_MUST_COPY);
    arena_free(a);
    if (!resp) return MHD_NO;
    MHD_add_response_header(resp, "Content-Type", type);
    MHD_add_response_header(resp, "Cache-Control", "no-store");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    if (status == 405) MHD_add_response_header(resp, "Allow", "GET, HEAD");
    enum MHD_Result rc = MHD_queue_response(conn, status, resp);
    MHD_destroy_response(resp);
    return rc;
}

static struct MHD_Daemon *start_metrics(const char *listen, err *e)
{
    struct sockaddr_storage ss;
    socklen_t sslen;
    if (parse_listen(listen, &ss, &sslen, e)) {
        err_set(e, ERR_INVALID, "invalid_listen", "metrics-listen",
                "--metrics-listen must be ADDR:PORT, like 127.0.0.1:9090 ('%s')", listen);
        return NULL;
    }
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG;
    if (ss.ss_family == AF_INET6) flags |= MHD_USE_IPv6;
    struct MHD_Daemon *d = MHD_start_daemon(
        flags, 0, NULL, NULL, metrics_request, NULL, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss, MHD_OPTION_CONNECTION_LIMIT, (unsigned)32,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)10, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
        (size_t)(16 * 1024), MHD_OPTION_STRICT_FOR_CLIENT, (int)1, MHD_OPTION_END);
    if (!d) {
        err_set(e, ERR_INTERNAL, "listen_failed", "metrics-listen",
                "cannot listen on %s (in use, or not allowed)", listen);
        return NULL;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    char host[64];
    snprintf(host, sizeof host, "%.*s", (int)(strrchr(listen, ':') - listen), listen);
    printf("metrics on http://%s:%u/metrics\n", host, info ? info->port : 0);
    log_line(LOG_INFO, "event=metrics_listen port=%u", info ? info->port : 0);
    return d;
}

/* File descriptors beyond the connections: database files, the journal, the
 * listening sockets, the threads' wake-up pipes. */
#define SPARE_FILES 256

/* Raises the open-files limit to fit `want` connections; returns how many fit. */
static unsigned open_files_for(unsigned want)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl)) return want;
    rlim_t need = (rlim_t)want + SPARE_FILES;
    if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < need) {
        rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max >= need ? need : rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
        getrlimit(RLIMIT_NOFILE, &rl);
    }
    if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur >= need) return want;
    unsigned fit = rl.rlim_cur > SPARE_FILES + 16 ? (unsigned)(rl.rlim_cur - SPARE_FILES) : 16;
    log_line(LOG_WARN, "event=max_connections_lowered from=%u to=%u open_files=%llu", want, fit,
             (unsigned long long)rl.rlim_cur);
    return fit;
}

int server_run(const server_config *c, err *e)
{
    cfg = c;
    struct sockaddr_storage ss;
    socklen_t sslen;
    if (parse_listen(c->listen, &ss, &sslen, e)) return -1;

    /* Check the database before accepting anyone. */
    store *probe;
    if (store_open(c->db_url, 0, &probe, e)) return -1;
    /* The journal for reads' audit entries belongs to the writer; without one
     * (--write-batch 0) each read commits its entries itself. */
    if (c->write_batch) {
        /* a file (the default beside an SQLite file), or "database": the
         * audit_queue table, the default where the URL names no file
         * (PostgreSQL, several servers) */
        char jp[4096];
        const char *path = c->audit_journal;
        if (path && strcmp(path, "database") == 0)
            path = NULL;
        else if (!path && audit_journal_path(c->db_url, jp, sizeof jp) == 0)
            path = jp;
        int recovered = 0;
        if (audit_journal_open(probe, path, writer_wake, &recovered, e)) {
            store_close(probe);
            return -1;
        }
        if (recovered) log_line(LOG_INFO, "event=audit_journal_recovered entries=%d", recovered);
    }
    store_close(probe);

    if (!audit_anchor_path())
        log_line(LOG_WARN, "event=audit_anchor_none hint=\"give --audit-anchor: without an anchor "
                           "file a log cut short at its end is not found\"");
    request_epoch = (unsigned)time(NULL);
    pthread_key_create(&db_key, worker_free);
    if (metrics_init(router_count())) return err_set(e, ERR_INTERNAL, "oom", NULL, "out of memory");
    api_start(c->plan_cache_bytes);

    /* Signals go to this thread only: block them before the workers start. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
    /* after the mask: the event listener's thread inherits it, so SIGTERM
     * reaches the thread that waits for it, not one that would die of it */
    if (events_start(c->db_url, e)) {
        audit_journal_close();
        api_stop();
        metrics_free();
        pthread_key_delete(db_key);
        return -1;
    }

    unsigned max_conn = open_files_for(c->max_connections);
    evict_at = max_conn - max_conn / 16;
    check_layout = strncmp(MHD_get_version(), "0.9.", 4) == 0;
    if (!check_layout)
        log_line(LOG_WARN, "event=http_line_ends_unchecked libmicrohttpd=%s", MHD_get_version());

    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_TURBO |
                     MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME;
    if (ss.ss_family == AF_INET6) flags |= MHD_USE_IPv6;
    struct MHD_Daemon *d = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, NULL, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss, MHD_OPTION_THREAD_POOL_SIZE,
        (unsigned)c->threads, MHD_OPTION_CONNECTION_MEMORY_LIMIT, c->header_memory,
        MHD_OPTION_CONNECTION_TIMEOUT, c->idle_timeout, MHD_OPTION_CONNECTION_LIMIT, max_conn,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, c->per_address_connections,
        MHD_OPTION_NOTIFY_CONNECTION, on_connection, NULL, MHD_OPTION_NOTIFY_COMPLETED,
        on_completed, NULL, MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)1024,
        MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL, MHD_OPTION_STRICT_FOR_CLIENT, (int)1,
        MHD_OPTION_END);
    if (!d) {
        events_stop();
        audit_journal_close();
        metrics_free();
        pthread_key_delete(db_key);
        return err_set(e, ERR_INTERNAL, "listen_failed", "listen",
                       "cannot listen on %s (in use, or not allowed)", c->listen);
    }
    struct MHD_Daemon *md = NULL;
    if (c->metrics_listen && !(md = start_metrics(c->metrics_listen, e))) {
        MHD_stop_daemon(d);
        events_stop();
        audit_journal_close();
        api_stop();
        metrics_free();
        pthread_key_delete(db_key);
        return -1;
    }
    start_checkpointer();
    start_writer();
    if (pthread_create(&reaper, NULL, reaper_loop, NULL) == 0) reaper_running = 1;
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    char host[64];
    snprintf(host, sizeof host, "%.*s", (int)(strrchr(c->listen, ':') - c->listen), c->listen);
    printf("listening on http://%s:%u\n", host, info ? info->port : 0);
    fflush(stdout);
    log_line(LOG_INFO, "event=start threads=%d port=%u", c->threads, info ? info->port : 0);

    int sig = 0;
    sigwait(&set, &sig);
    log_line(LOG_INFO, "event=stopping signal=%d in_flight=%ld", sig, atomic_load(&in_flight));
    atomic_store(&stopping, 1);
    MHD_socket ls = MHD_quiesce_daemon(d);
    if (ls != MHD_INVALID_SOCKET) close(ls);
    uint64_t deadline = time_mono_us() + (uint64_t)c->drain_seconds * 1000000u;
    while (atomic_load(&in_flight) > 0 && time_mono_us() < deadline) usleep(5000);
    stop_writer(); /* before the daemon: it resumes connections the daemon owns */
    /* the last anchor, marked stopped: the journal has been taken in full */
    store *last;
    if (store_open(c->db_url, 0, &last, e) == 0) {
        if (audit_anchor_tick(last, 1, e))
            log_line(LOG_WARN, "event=audit_anchor code=%s", e->code);
        store_close(last);
    }
    err_clear(e);
    audit_journal_close();
    MHD_stop_daemon(d);
    if (md) MHD_stop_daemon(md);
    events_stop();
    if (checkpointer_running) pthread_join(checkpointer, NULL);
    if (reaper_running) pthread_join(reaper, NULL);
    reaper_running = 0;
    api_stop();
    metrics_free();
    pthread_key_delete(db_key);
    log_line(LOG_INFO, "event=stopped");
    return 0;
}
