/* serve.c - `helhet serve`: apply pending migrations, then serve HTTP. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cmd/cmd.h"
#include "http/server.h"
#include "http/static.h"
#include "trust/oidc.h"
#include "trust/auth.h"
#include "util/log.h"

static const char *help =
    "usage: helhet serve [options]\n"
    "\n"
    "Serves the Helhet JSON API (and the web application) over HTTP/1.1.\n"
    "Applies pending database migrations first. SIGINT or SIGTERM stops it\n"
    "gracefully: requests in flight finish before it exits.\n"
    "\n"
    "  --db URL            database (env HELHET_DB; default sqlite:var/helhet.db)\n"
    "  --listen ADDR:PORT  address to listen on (env HELHET_LISTEN; default 127.0.0.1:8080;\n"
    "                      port 0 picks a free port, printed at start)\n"
    "  --threads N         worker threads, each with its own database connection\n"
    "                      (env HELHET_THREADS; default: the number of cores)\n"
    "  --max-body BYTES    largest request body accepted (default 1048576)\n"
    "  --idle-timeout S    seconds a connection may send or read nothing (default 30)\n"
    "  --header-timeout S  seconds a request's head (request line and headers) may take\n"
    "                      in all, however its bytes trickle, counted from the\n"
    "                      connection's start or its previous answer (env\n"
    "                      HELHET_HEADER_TIMEOUT; default 20)\n"
    "  --body-timeout S    seconds a request's body may take in all after its head\n"
    "                      (env HELHET_BODY_TIMEOUT; default 60)\n"
    "  --max-connections N open connections at once (env HELHET_MAX_CONNECTIONS;\n"
    "                      default 4096; the open-files limit is raised to fit, or N\n"
    "                      lowered to what it allows; near it, the connection waiting\n"
    "                      longest for a request head is closed for a new one)\n"
    "  --per-address-connections N\n"
    "                      open connections from one client address (env\n"
    "                      HELHET_PER_ADDRESS_CONNECTIONS; default 256; 0: no limit;\n"
    "                      behind a reverse proxy every connection comes from the proxy)\n"
    "  --drain-seconds S   grace period after SIGTERM or SIGINT for requests in flight\n"
    "                      (env HELHET_DRAIN_SECONDS; default 10)\n"
    "  --metrics-listen ADDR:PORT\n"
    "                      serve GET /metrics on this separate address, and only there\n"
    "                      (env HELHET_METRICS_LISTEN; config key metrics_listen;\n"
    "                      default: no metrics)\n"
    "  --log-level LEVEL   debug, info, warn, error or off (env HELHET_LOG_LEVEL; default info)\n"
    "  --no-access-log     no log line per request\n"
    "  --plan-cache-mb MB  memory for rendered plans served while unchanged (default 32;\n"
    "                      0 turns the cache off)\n"
    "  --write-batch N     most changing requests committed together by the writer\n"
    "                      (group commit; default 64; 0 runs each in its own transaction)\n"
    "  --audit-journal FILE|database\n"
    "                      where reads' audit entries are made durable before the writer\n"
    "                      moves them into the log: a file of this server's, or\n"
    "                      \"database\", a table every server on the database shares\n"
    "                      (config key audit_journal; default: for an SQLite file, the\n"
    "                      file's name with -audit; for PostgreSQL, database)\n"
    "  --oidc FILE         OpenID Connect identity providers (ID-porten, HelseID), a JSON\n"
    "                      file {\"providers\": [{name, kind (citizen|staff), issuer,\n"
    "                      client_id, client_secret, redirect_uri, tenant, claim, scope}]}\n"
    "                      (env HELHET_OIDC; config key oidc; default: none; see\n"
    "                      docs/security.md)\n"
    "  --session-idle S    seconds without a request that end a session (default 1800)\n"
    "  --session-max S     seconds a session lasts at most (default 43200)\n"
    "  --login-max-failures N\n"
    "                      failed log-ins of one username from one client address before\n"
    "                      that pair waits (default 5; unknown usernames are counted the\n"
    "                      same way; the same user from another address is not slowed)\n"
    "  --login-address-failures N\n"
    "                      failed log-ins from one client address before it waits, except\n"
    "                      for usernames that logged in from it before (default 200;\n"
    "                      0: no limit per address)\n"
    "  --login-lockout S   seconds of a first wait; each further one without a\n"
    "                      successful log-in between doubles, up to 16 times (default 900)\n"
    "  --trusted-proxy ADDR[,ADDR]\n"
    "                      the TLS proxies whose X-Forwarded-For names the client\n"
    "                      (env HELHET_TRUSTED_PROXY; config trusted_proxy; default none:\n"
    "                      the header is ignored and the peer's address counts)\n"
    "  --web-root DIR      the browser application's files, loaded at start and served\n"
    "                      from memory (env HELHET_WEB_ROOT; config key web_root;\n"
    "                      default web; when the default is missing only the API is served)\n"
    "  --key-file FILE     the installation's secret key (env HELHET_KEY_FILE; config\n"
    "                      key_file; default: the database file's name with .key); made\n"
    "                      0600 when missing and the database holds nothing keyed\n"
    "  --audit-anchor FILE where the audit log's head is anchored once a second (env\n"
    "                      HELHET_AUDIT_ANCHOR; config audit_anchor; default: the\n"
    "                      database file's name with .anchor; see helhet audit --help)\n"
    "  --config FILE       settings file, 'key = value' lines (env HELHET_CONFIG)\n";

/* A whole-number setting: the flag's value (NULL: not given), else the
 * environment variable `env` (may be NULL), else the config file's `key`.
 * 0 with *out set, 1 when not set anywhere, -1 (said on stderr) when it is
 * not a whole number from lo to hi. */
static int whole_setting(const char *flag, const char *env, const char *key, const char *name,
                         long lo, long hi, long *out)
{
    const char *v = cmd_setting(flag, env, key, NULL);
    if (!v) return 1;
    char *end;
    long n = strtol(v, &end, 10);
    if (!*v || *end || n < lo || n > hi) {
        fprintf(stderr, "helhet serve: --%s must be a whole number from %ld to %ld\n", name, lo,
                hi);
        return -1;
    }
    *out = n;
    return 0;
}

/* The session and log-in limits from the flags in `flag` (session-idle,
 * session-max, login-max-failures, login-address-failures, login-lockout) or the
 * config file's keys of the same names with '_'. */
static int auth_limits(const char *const flag[5], auth_settings *as)
{
    static const struct {
        const char *name, *key;
        long lo, hi;
    } opt[5] = {
        {"session-idle", "session_idle", 1, 86400},
        {"session-max", "session_max", 1, 30 * 86400},
        {"login-max-failures", "login_max_failures", 1, 1000},
        {"login-address-failures", "login_address_failures", 0, 1000000},
        {"login-lockout", "login_lockout", 1, 86400},
    };
    int *field[5] = {&as->session_idle, &as->session_max, &as->login_max_failures,
                     &as->login_address_failures, &as->login_lockout};
    for (int i = 0; i < 5; i++) {
        long n;
        int rc = whole_setting(flag[i], NULL, opt[i].key, opt[i].name, opt[i].lo, opt[i].hi, &n);
        if (rc < 0) return -1;
        if (!rc) *field[i] = (int)n;
    }
    return 0;
}

/* The connection limits from the flags in `flag` (header-timeout,
 * body-timeout, max-connections, per-address-connections, drain-seconds), the
 * HELHET_* variables or the config file's keys of the same names with '_'. */
enum { NLIMIT = 5 };
static int connection_limits(const char *const flag[NLIMIT], server_config *c)
{
    static const struct {
        const char *name, *env, *key;
        long lo, hi;
    } opt[NLIMIT] = {
        {"header-timeout", "HELHET_HEADER_TIMEOUT", "header_timeout", 1, 3600},
        {"body-timeout", "HELHET_BODY_TIMEOUT", "body_timeout", 1, 86400},
        {"max-connections", "HELHET_MAX_CONNECTIONS", "max_connections", 16, 1000000},
        {"per-address-connections", "HELHET_PER_ADDRESS_CONNECTIONS", "per_address_connections", 0,
         1000000},
        {"drain-seconds", "HELHET_DRAIN_SECONDS", "drain_seconds", 0, 3600},
    };
    unsigned *field[NLIMIT] = {&c->header_timeout, &c->body_timeout, &c->max_connections,
                               &c->per_address_connections, &c->drain_seconds};
    for (int i = 0; i < NLIMIT; i++) {
        long n;
        int rc =
            whole_setting(flag[i], opt[i].env, opt[i].key, opt[i].name, opt[i].lo, opt[i].hi, &n);
        if (rc < 0) return -1;
        if (!rc) *field[i] = (unsigned)n;
    }
    return 0;
}

int cmd_serve(int argc, char **argv)
{
    static const struct option opts[] = {
        {"listen", required_argument, 0, 'l'},
        {"threads", required_argument, 0, 't'},
        {"max-body", required_argument, 0, 'b'},
        {"idle-timeout", required_argument, 0, 'i'},
        {"log-level", required_argument, 0, 'v'},
        {"no-access-log", no_argument, 0, 'n'},
        {"plan-cache-mb", required_argument, 0, 'p'},
        {"write-batch", required_argument, 0, 'w'},
        {"session-idle", required_argument, 0, 'I'},
        {"session-max", required_argument, 0, 'M'},
        {"login-max-failures", required_argument, 0, 'F'},
        {"login-address-failures", required_argument, 0, 'A'},
        {"login-lockout", required_argument, 0, 'L'},
        {"oidc", required_argument, 0, 'o'},
        {"audit-journal", required_argument, 0, 'J'},
        {"web-root", required_argument, 0, 'W'},
        {"trusted-proxy", required_argument, 0, 'X'},
        {"header-timeout", required_argument, 0, 1000},
        {"body-timeout", required_argument, 0, 1001},
        {"max-connections", required_argument, 0, 1002},
        {"per-address-connections", required_argument, 0, 1003},
        {"drain-seconds", required_argument, 0, 1004},
        {"metrics-listen", required_argument, 0, 1005},
        CMD_COMMON_OPTIONS,
    };
    cmd_common cc = {.help = help};
    const char *listen = NULL, *threads = NULL, *max_body = NULL, *idle = NULL, *level = NULL,
               *cache_mb = NULL, *batch = NULL, *limit[5] = {NULL, NULL, NULL, NULL, NULL},
               *oidc = NULL, *journal = NULL, *web_root = NULL, *metrics_listen = NULL,
               *conn_limit[NLIMIT] = {NULL, NULL, NULL, NULL, NULL};
    int no_access_log = 0, o, rc;
    optind = 1;
    while ((o = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (o) {
        case 'l':
            listen = optarg;
            break;
        case 't':
            threads = optarg;
            break;
        case 'b':
            max_body = optarg;
            break;
        case 'i':
            idle = optarg;
            break;
        case 'v':
            level = optarg;
            break;
        case 'n':
            no_access_log = 1;
            break;
        case 'p':
            cache_mb = optarg;
            break;
        case 'w':
            batch = optarg;
            break;
        case 'o':
            oidc = optarg;
            break;
        case 'J':
            journal = optarg;
            break;
        case 'W':
            web_root = optarg;
            break;
        case 1000:
        case 1001:
        case 1002:
        case 1003:
        case 1004:
            conn_limit[o - 1000] = optarg;
            break;
        case 1005:
            metrics_listen = optarg;
            break;
        case 'I':
            limit[0] = optarg;
            break;
        case 'M':
            limit[1] = optarg;
            break;
        case 'F':
            limit[2] = optarg;
            break;
        case 'A':
            limit[3] = optarg;
            break;
        case 'L':
            limit[4] = optarg;
            break;
        default:
            if ((rc = cmd_common_option(&cc, o)) >= 0) return rc;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "helhet serve: unexpected argument '%s'\n", argv[optind]);
        return 2;
    }
    if (cmd_common_config(&cc)) return 2;
    server_config c;
    server_config_defaults(&c);
    c.db_url = cc.url;
    c.listen = cmd_setting(listen, "HELHET_LISTEN", "listen", c.listen);
    const char *t = cmd_setting(threads, "HELHET_THREADS", "threads", NULL);
    if (t) {
        c.threads = atoi(t);
        if (c.threads < 1 || c.threads > 256) {
            fputs("helhet serve: --threads must be from 1 to 256\n", stderr);
            return 2;
        }
    }
    const char *mb = cmd_setting(max_body, NULL, "max_body", NULL);
    if (mb) {
        long long v = atoll(mb);
        if (v < 1024 || v > 1024LL * 1024 * 1024) {
            fputs("helhet serve: --max-body must be from 1024 to 1073741824\n", stderr);
            return 2;
        }
        c.max_body = (size_t)v;
    }
    const char *wb = cmd_setting(batch, NULL, "write_batch", NULL);
    if (wb) {
        char *end;
        long v = strtol(wb, &end, 10);
        if (!*wb || *end || v < 0 || v > 4096) {
            fputs("helhet serve: --write-batch must be from 0 to 4096\n", stderr);
            return 2;
        }
        c.write_batch = (unsigned)v;
    }
    c.audit_journal = cmd_setting(journal, NULL, "audit_journal", NULL);
    const char *pc = cmd_setting(cache_mb, NULL, "plan_cache_mb", NULL);
    if (pc) {
        long v = atol(pc);
        if (v < 0 || v > 4096) {
            fputs("helhet serve: --plan-cache-mb must be from 0 to 4096\n", stderr);
            return 2;
        }
        c.plan_cache_bytes = (size_t)v * 1024 * 1024;
    }
    const char *it = cmd_setting(idle, NULL, "idle_timeout", NULL);
    if (it) c.idle_timeout = (unsigned)atoi(it);
    if (connection_limits(conn_limit, &c)) return 2;
    c.metrics_listen = cmd_setting(metrics_listen, "HELHET_METRICS_LISTEN", "metrics_listen", NULL);
    const char *lv = cmd_setting(level, "HELHET_LOG_LEVEL", "log_level", "info");
    log_level l;
    if (log_parse_level(lv, &l)) {
        fprintf(stderr, "helhet serve: unknown log level '%s'\n", lv);
        return 2;
    }
    log_set_level(l);
    const char *al = cmd_setting(NULL, NULL, "access_log", "on");
    c.access_log = !no_access_log && !(al[0] == 'o' && al[1] == 'f');

    auth_settings as;
    auth_settings_defaults(&as);
    if (auth_limits(limit, &as)) return 2;
    auth_configure(&as);

    store *s = cmd_open_db(c.db_url, 0, 1);
    if (!s) return 1;
    err e;
    err_clear(&e);
    /* the providers' tenants are looked up in the database just migrated */
    const char *oidc_file = cmd_setting(oidc, "HELHET_OIDC", "oidc", NULL);
    rc = oidc_configure(oidc_file, s, &e);
    store_close(s);
    if (rc) {
        fprintf(stderr, "helhet serve: --oidc %s\n", e.message);
        return 2;
    }
    /* the application's files: a root named by the operator must be there */
    c.web_root = cmd_setting(web_root, "HELHET_WEB_ROOT", "web_root", NULL);
    int required = c.web_root != NULL;
    if (!c.web_root) c.web_root = "web";
    if (static_load(c.web_root, required, &e)) {
        oidc_release();
        fprintf(stderr, "helhet serve: %s\n", e.message);
        return 2;
    }
    size_t web_bytes, web_gz_bytes, web_files = static_count(&web_bytes, &web_gz_bytes);
    log_line(LOG_INFO, "event=web_root files=%zu bytes=%zu gzip_bytes=%zu", web_files, web_bytes,
             web_gz_bytes);
    rc = server_run(&c, &e);
    static_release();
    oidc_release();
    if (rc) {
        fprintf(stderr, "helhet serve: %s\n", e.message);
        return 1;
    }
    return 0;
}
