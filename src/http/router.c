/*
 * router.c - matching a request to a route and running its phases (router.h).
 */
#include "http/router.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "http/server.h"
#include "trust/auth.h"

static route *all;
static int nall;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void build(void)
{
    int n = 0;
    for (int t = 0; api_route_tables[t]; t++)
        for (const route *r = api_route_tables[t]; r->method; r++) n++;
    all = calloc((size_t)n + 1, sizeof *all);
    if (!all) abort();
    for (int t = 0; api_route_tables[t]; t++)
        for (const route *r = api_route_tables[t]; r->method; r++) all[nall++] = *r;
}

const route *router_routes(void)
{
    pthread_once(&once, build);
    return all;
}

int router_count(void)
{
    pthread_once(&once, build);
    return nall;
}

int router_index(const request *r)
{
    return r->route ? (int)(r->route - all) : nall;
}

int router_match(const char *pattern, const char *path, int64_t *ids, int *nids)
{
    const char *p = pattern, *u = path;
    int n = 0;
    while (*p) {
        if (strncmp(p, "{id}", 4) == 0) {
            /* a positive integer of at most 18 digits, without leading zeros */
            int64_t v = 0;
            int digits = 0;
            if (*u == '0') return 0;
            while (*u >= '0' && *u <= '9') {
                if (++digits > 18) return 0;
                v = v * 10 + (*u - '0');
                u++;
            }
            if (digits == 0) return 0;
            if (n < REQ_MAX_IDS) ids[n++] = v;
            p += 4;
            continue;
        }
        if (*p != *u) return 0;
        p++;
        u++;
    }
    if (*u) return 0;
    *nids = n;
    return 1;
}

static int find_route(request *r, err *e)
{
    const route *routes = router_routes();
    static _Thread_local char allow[128];
    allow[0] = '\0';
    for (int i = 0; i < nall; i++) {
        int64_t ids[REQ_MAX_IDS];
        int nids = 0;
        if (!router_match(routes[i].pattern, r->path, ids, &nids)) continue;
        if (strcmp(routes[i].method, r->method) == 0 ||
            (strcmp(r->method, "HEAD") == 0 && strcmp(routes[i].method, "GET") == 0)) {
            r->route = &routes[i];
            memcpy(r->ids, ids, sizeof ids);
            r->nids = nids;
            return 0;
        }
        size_t l = strlen(allow);
        snprintf(allow + l, sizeof allow - l, "%s%s", l ? ", " : "", routes[i].method);
    }
    if (allow[0]) {
        r->allow = allow;
        return err_set(e, ERR_METHOD, "method_not_allowed", NULL,
                       "%s is not allowed here; allowed: %s", r->method, allow);
    }
    return err_set(e, ERR_NOT_FOUND, "no_such_resource", NULL, "there is nothing at %s", r->path);
}

static int authenticate_actor(request *r, err *e)
{
    const char *h = req_header(r, "Authorization");
    if (h) {
        if (strncasecmp(h, "Bearer ", 7) != 0)
            return err_set(e, ERR_UNAUTHENTICATED, "unauthenticated", NULL,
                           "the Authorization header must be 'Bearer <token>'");
        return auth_token_actor(r->db, h + 7, &r->actor, e);
    }
    const char *c = req_cookie(r, "helhet_session");
    if (!c)
        return err_set(e, ERR_UNAUTHENTICATED, "unauthenticated", NULL,
                       "log in, or send a valid Bearer token");
    if (auth_session_actor(r->db, c, &r->actor, e)) return -1;
    /* A state-changing request riding on a cookie must prove it came from our
     * own page: the CSRF token is in the session, never in a cookie. */
    if (strcmp(r->method, "GET") && strcmp(r->method, "HEAD")) {
        const char *t = req_header(r, "X-CSRF-Token");
        if (!t)
            return err_set(e, ERR_FORBIDDEN, "csrf_missing", NULL,
                           "requests that change data need the X-CSRF-Token header");
        if (strcmp(t, r->actor.csrf) != 0)
            return err_set(e, ERR_FORBIDDEN, "csrf_mismatch", NULL,
                           "the X-CSRF-Token header does not match this session");
    }
    return 0;
}

/* Refused credentials leave an audit entry; a request that sent none is
 * answered 401 without one. */
static int authenticate(request *r, err *e)
{
    if (authenticate_actor(r, e) == 0) return 0;
    if (e->kind != ERR_UNAUTHENTICATED && e->kind != ERR_FORBIDDEN) return -1;
    int csrf = !strncmp(e->code, "csrf_", 5), token = req_header(r, "Authorization") != NULL;
    if (!csrf && !token && !req_cookie(r, "helhet_session")) return -1;
    if (!csrf) memset(&r->actor, 0, sizeof r->actor);
    audit_entry *a = req_audit(r);
    a->object = csrf ? "csrf" : token ? "token" : "session";
    a->action = "authenticate";
    a->outcome = "refused";
    a->code = arena_strdup(r->a, e->code);
    return -1;
}

static int check_media_type(request *r, err *e)
{
    if (!r->body_len) return 0;
    const char *ct = req_header(r, "Content-Type");
    size_t n = strlen("application/json");
    if (ct && strncasecmp(ct, "application/json", n) == 0 && (ct[n] == '\0' || ct[n] == ';'))
        return 0;
    return err_set(e, ERR_MEDIA_TYPE, "unsupported_media_type", NULL,
                   "send the body as application/json (got %s)", ct ? ct : "no Content-Type");
}

void router_answer_error(request *r, const err *e)
{
    json_t *o = json_pack("{s:{s:s,s:s,s:o}}", "error", "code", e->code, "message", e->message,
                          "field", e->field[0] ? json_string(e->field) : json_null());
    if (!o) /* unreachable while err_set keeps texts valid UTF-8; never answer empty */
        o = json_pack("{s:{s:s,s:s,s:n}}", "error", "code", "internal", "message",
                      "the error could not be described", "field");
    r->etag[0] = '\0';
    r->location = NULL;
    respond_json(r, http_status_for(e->kind), o);
}

int router_is_write(request *r)
{
    err e;
    if (!r->route && find_route(r, &e)) {
        r->route = NULL;
        r->allow = NULL;
        return 0;
    }
    return !(r->route->flags & ROUTE_PUBLIC) && strcmp(r->method, "GET") &&
           strcmp(r->method, "HEAD");
}

void router_dispatch(request *r)
{
    err e;
    err_clear(&e);
    if (!r->route && find_route(r, &e)) goto fail;
    const route *rt = r->route;
    if (!(rt->flags & ROUTE_NO_DB)) {
        if (!(r->db = server_worker_db(&e))) goto fail;
    }
    if (!(rt->flags & ROUTE_PUBLIC)) {
        /* one transaction for the actor and the handler: a read for GET and
         * HEAD, a write for what changes data */
        int mode =
            (!strcmp(r->method, "GET") || !strcmp(r->method, "HEAD")) ? STORE_READ : STORE_WRITE;
        if (store_begin(r->db, mode, &e) || authenticate(r, &e)) goto fail;
    }
    if (check_media_type(r, &e)) goto fail;
    if (!(rt->flags & ROUTE_PUBLIC) && policy_check(r->db, &r->actor, rt->action, rt->object,
                                                    r->nids ? r->ids[0] : 0, rt->section, &e))
        goto fail;
    if (rt->handler(r, &e)) goto fail;
    if (r->db && store_commit(r->db, &e)) goto fail;
    return;
fail:
    if (r->db) store_rollback(r->db);
    if (e.kind == ERR_NONE || e.kind == ERR_INTERNAL) {
        if (e.kind == ERR_NONE) err_set(&e, ERR_INTERNAL, "internal", NULL, "internal error");
    }
    router_answer_error(r, &e);
}
