/* metrics.c - see metrics.h. */
#include "http/metrics.h"

#include <stdatomic.h>
#include <stdlib.h>

#include "events/events.h"

static const int statuses[] = {200, 201, 204, 400, 401, 403, 404, 405, 409,
                               412, 413, 415, 422, 428, 429, 431, 500, 503};
#define NSTATUS ((int)(sizeof statuses / sizeof statuses[0]))
static const double bounds[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                0.05,   0.1,   0.25,   0.5,   1.0,  2.5};
#define NBUCKET ((int)(sizeof bounds / sizeof bounds[0]))

typedef struct route_stats {
    atomic_ullong by_status[NSTATUS + 1]; /* last slot: any other status */
    atomic_ullong buckets[NBUCKET + 1];   /* last slot: +Inf */
    atomic_ullong sum_us;
    atomic_ullong count;
} route_stats;

static route_stats *stats;
static atomic_ullong batches, batch_jobs;
static int nstats;

int metrics_init(int nroutes)
{
    nstats = nroutes + 1;
    stats = calloc((size_t)nstats, sizeof *stats);
    return stats ? 0 : -1;
}

void metrics_free(void)
{
    free(stats);
    stats = NULL;
}

void metrics_observe(int route, int status, uint64_t micros)
{
    if (!stats || route < 0 || route >= nstats) return;
    route_stats *rs = &stats[route];
    int si = NSTATUS;
    for (int i = 0; i < NSTATUS; i++)
        if (statuses[i] == status) si = i;
    atomic_fetch_add_explicit(&rs->by_status[si], 1, memory_order_relaxed);
    double secs = (double)micros / 1e6;
    int b = NBUCKET;
    for (int i = 0; i < NBUCKET; i++)
        if (secs <= bounds[i]) {
            b = i;
            break;
        }
    atomic_fetch_add_explicit(&rs->buckets[b], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&rs->sum_us, micros, memory_order_relaxed);
    atomic_fetch_add_explicit(&rs->count, 1, memory_order_relaxed);
}

void metrics_batch(int jobs)
{
    atomic_fetch_add_explicit(&batches, 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&batch_jobs, (unsigned long long)jobs, memory_order_relaxed);
}

void metrics_render(buf *b, const char *(*route_name)(int i))
{
    buf_printf(b,
               "# HELP helhet_write_batches_total Transactions the writer committed (group "
               "commit).\n# TYPE helhet_write_batches_total counter\n"
               "helhet_write_batches_total %llu\n"
               "# HELP helhet_write_batch_requests_total Requests run in those transactions.\n"
               "# TYPE helhet_write_batch_requests_total counter\n"
               "helhet_write_batch_requests_total %llu\n",
               (unsigned long long)atomic_load(&batches),
               (unsigned long long)atomic_load(&batch_jobs));
    buf_printf(b,
               "# HELP helhet_events_delivered_total Changes heard on the event bus (from any "
               "server on the database) and given to this server's live views.\n"
               "# TYPE helhet_events_delivered_total counter\nhelhet_events_delivered_total %llu\n",
               (unsigned long long)events_delivered());
    buf_puts(b, "# HELP helhet_http_requests_total HTTP requests answered, by route and status.\n"
                "# TYPE helhet_http_requests_total counter\n");
    for (int r = 0; r < nstats; r++)
        for (int i = 0; i <= NSTATUS; i++) {
            unsigned long long v = atomic_load(&stats[r].by_status[i]);
            if (!v) continue;
            if (i < NSTATUS)
                buf_printf(b, "helhet_http_requests_total{route=\"%s\",status=\"%d\"} %llu\n",
                           route_name(r), statuses[i], v);
            else
                buf_printf(b, "helhet_http_requests_total{route=\"%s\",status=\"other\"} %llu\n",
                           route_name(r), v);
        }
    buf_puts(b, "# HELP helhet_http_request_duration_seconds Time from request start to answer.\n"
                "# TYPE helhet_http_request_duration_seconds histogram\n");
    for (int r = 0; r < nstats; r++) {
        unsigned long long count = atomic_load(&stats[r].count);
        if (!count) continue;
        unsigned long long cum = 0;
        const char *name = route_name(r);
        for (int i = 0; i <= NBUCKET; i++) {
            cum += atomic_load(&stats[r].buckets[i]);
            if (i < NBUCKET)
                buf_printf(b,
                           "helhet_http_request_duration_seconds_bucket{route=\"%s\",le=\"%g\"} "
                           "%llu\n",
                           name, bounds[i], cum);
            else
                buf_printf(b,
                           "helhet_http_request_duration_seconds_bucket{route=\"%s\",le=\"+Inf\"} "
                           "%llu\n",
                           name, cum);
        }
        buf_printf(b, "helhet_http_request_duration_seconds_sum{route=\"%s\"} %.6f\n", name,
                   (double)atomic_load(&stats[r].sum_us) / 1e6);
        buf_printf(b, "helhet_http_request_duration_seconds_count{route=\"%s\"} %llu\n", name,
                   count);
    }
}
