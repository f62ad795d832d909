/*
 * router.c - matching a request to a route and running its phases (router.h).
 */
#include "http/router.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "events/events.h"
#include "http/server.h"
#include "http/static.h"
#include "util/log.h"
#include "trust/audit_journal.h"
#include "trust/auth.h"
#include "trust/roles.h"

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
    return router_match_name(pattern, path, ids, nids, NULL);
}

int router_match_name(const char *pattern, const char *path, int64_t *ids, int *nids, char *name)
{
    const char *p = pattern, *u = path;
    int n = 0;
    if (name) name[0] = '\0';
    while (*p) {
        if (*p != '{') {
            if (*p != *u) return 0;
            p++;
            u++;
            continue;
        }
        if (strncmp(p, "{name}", 6) == 0) {
            /* a provider name: lower-case letters, digits and '-' */
            size_t len = 0;
            while ((u[len] >= 'a' && u[len] <= 'z') || (u[len] >= '0' && u[len] <= '9') ||
                   u[len] == '-')
                if (++len > REQ_NAME_MAX) return 0;
            if (len == 0) return 0;
            if (name) {
                memcpy(name, u, len);
                name[len] = '\0';
            }
            u += len;
            p += 6;
            continue;
        }
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
        char name[REQ_NAME_MAX + 1];
        if (!router_match_name(routes[i].pattern, r->path, ids, &nids, name)) continue;
        if (strcmp(routes[i].method, r->method) == 0 ||
            (strcmp(r->method, "HEAD") == 0 && strcmp(routes[i].method, "GET") == 0)) {
            r->route = &routes[i];
            memcpy(r->ids, ids, sizeof ids);
            r->nids = nids;
            memcpy(r->name_param, name, sizeof name);
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
    r->nheaders = 0;
    r->text = NULL;
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
    if (r->route->flags & ROUTE_WRITER_TURN) return 1;
    return !(r->route->flags & ROUTE_PUBLIC) && strcmp(r->method, "GET") &&
           strcmp(r->method, "HEAD");
}

static const char *object_name(const route *rt)
{
    static const char *const names[] = {"none",   "directory",  "organisation", "staff",
                                        "person", "case",       "plan",         "account",
                                        "audit",  "statistics", "worklist",     "approval"};
    if (rt->def && rt->parent) return rt->def->name; /* a part: goal, address, ... */
    if (rt->object == OBJ_TENANT && rt->def) return rt->def->name;
    return rt->object <= OBJ_APPROVAL ? names[rt->object] : "unknown";
}

/* A collection of records: a record route whose path ends with the
 * collection (GET lists it, POST creates in it), at the top (/persons) or
 * under its parent (/persons/{id}/addresses); not a record's own sub-resource
 * (/cases/{id}/contact) or verb (/approvals/{id}/approve). */
static int is_collection(const route *rt)
{
    size_t n = strlen(rt->pattern);
    if (!rt->def || rt->pattern[n - 1] == '}') return 0;
    int ids = 0;
    for (const char *p = rt->pattern; (p = strstr(p, "{id}")); p += 4) ids++;
    return ids == (rt->parent ? 1 : 0);
}

static const char *action_name(const request *r)
{
    const route *rt = r->route;
    size_t n = strlen(rt->pattern);
    /* a read right that records something of the reader's own (PUT
     * /plans/{id}/messages/seen) is named by its path, not as a read */
    if (rt->action == ACT_READ && (!strcmp(r->method, "GET") || !strcmp(r->method, "HEAD")))
        return is_collection(rt) ? "list" : "read";
    if (rt->action == ACT_READ) return strrchr(rt->pattern, '/') + 1;
    /* a record written through its collection or its own path is created,
     * updated or deleted, whatever the policy calls the right it takes (adding
     * an address updates the person; recording a representative appoints) */
    if (is_collection(rt) && !strcmp(r->method, "POST")) return "create";
    if (rt->def && rt->pattern[n - 1] == '}') {
        if (!strcmp(r->method, "PATCH") || !strcmp(r->method, "PUT")) return "update";
        if (!strcmp(r->method, "DELETE")) return "delete";
    }
    switch (rt->action) {
    case ACT_READ:
        return "read";
    case ACT_CREATE:
        return "create";
    case ACT_UPDATE:
        return "update";
    case ACT_DELETE:
        return "delete";
    case ACT_MANAGE:
    case ACT_APPOINT:
    case ACT_STATUS:
    case ACT_WITHDRAW:
    case ACT_EMERGENCY:
        return strrchr(rt->pattern, '/') + 1; /* activate, close, reopen, coordinator, ... */
    }
    return "unknown";
}

/* The audit entry of the policy decision (docs/security.md). */
static audit_entry *decision_entry(request *r)
{
    const route *rt = r->route;
    audit_entry *a = req_audit(r);
    a->object = object_name(rt);
    a->action = action_name(r);
    a->section = rt->object == OBJ_PLAN && rt->section ? policy_section_names[rt->section] : NULL;
    a->object_id =
        rt->def && rt->parent ? (r->nids > 1 ? r->ids[1] : 0) : (r->nids ? r->ids[0] : 0);
    return a;
}

static void decision_fill(request *r, audit_entry *a, const err *e)
{
    const policy_access *acc = &r->acc;
    a->role = acc->basis;
    /* whose data it is, as the policy found it: the person of a person route,
     * the person of a case, a plan, an approval - also when it refused, since
     * the entry is shown only to those who review the log (never to her) */
    a->subject_person_id = acc->person_id;
    a->organisation_id = acc->organisation_id;
    a->plan_id = acc->plan_id;
    if (r->route->object == OBJ_PLAN && r->nids) a->plan_id = r->ids[0];
    a->emergency = acc->emergency;
    if (acc->emergency) a->reason = arena_strdup(r->a, acc->reason);
    if (e) {
        a->outcome = "denied";
        a->code = arena_strdup(r->a, e->code);
    }
}

/* After the handler: a record created through its collection names its new
 * id (not in the path) from the answer, and a new person, case or plan whose
 * data it is. */
static void created_fill(request *r, int entry)
{
    const route *rt = r->route;
    if (entry < 0 || entry >= r->naudit || r->status != 201 || !json_is_object(r->out) ||
        !is_collection(rt) || strcmp(r->method, "POST"))
        return;
    audit_entry *a = &r->audit[entry];
    json_t *id = json_object_get(r->out, "id"), *person = json_object_get(r->out, "person_id");
    if (!a->object_id && json_is_integer(id)) a->object_id = json_integer_value(id);
    if (a->subject_person_id) return;
    if (rt->object == OBJ_PERSON && !rt->parent)
        a->subject_person_id = a->object_id;
    else if ((rt->object == OBJ_CASE || rt->object == OBJ_PLAN) && json_is_integer(person))
        a->subject_person_id = json_integer_value(person);
}

/* A refused log-in token, session or CSRF header leaves an entry too (unless
 * the authentication code already wrote a more precise one). */
static void refused_entry(request *r, const err *e)
{
    if (r->naudit) return;
    audit_entry *a = req_audit(r);
    a->object = req_header(r, "Authorization") ? "token" : "session";
    if (!strncmp(e->code, "csrf", 4)) a->object = "csrf";
    a->action = "authenticate";
    a->outcome = "refused";
    a->code = arena_strdup(r->a, e->code);
}

int router_append_audit(request *r, store *s, err *e)
{
    if (!r->naudit || r->audit_done) return 0;
    /* joins the request's write transaction (or the writer's batch) */
    if (store_begin(s, STORE_WRITE, e) || audit_append(s, r->audit, r->naudit, e)) return -1;
    r->audit_done = 1;
    return 0;
}

void router_publish(request *r, store *s)
{
    const route *rt = r->route;
    if (!rt || !s || r->status >= 400 || !r->nids || !router_is_write(r)) return;
    const char *kind = rt->object == OBJ_PLAN ? "plan" : rt->object == OBJ_CASE ? "case" : NULL;
    if (!kind) return;
    event ev = {.tenant_id = r->actor.tenant_id, .id = r->ids[0]};
    snprintf(ev.kind, sizeof ev.kind, "%s", kind);
    events_publish(s, &ev);
}

int router_flush_audit(request *r)
{
    err e;
    if (!r->naudit || r->audit_done) return 0;
    if (audit_journal_is_open()) {
        store *j = r->db;
        if (!j && !(j = server_worker_db(&e))) goto fail;
        if (audit_journal_write(j, r->audit, r->naudit, &e)) goto fail;
        r->audit_done = 1;
        return 0;
    }
    store *s = r->db;
    if (!s && !(s = server_worker_db(&e))) goto fail;
    if (store_begin(s, STORE_WRITE, &e) || router_append_audit(r, s, &e) || store_commit(s, &e)) {
        store_rollback(s);
        goto fail;
    }
    return 0;
fail:
    log_line(LOG_ERROR, "event=audit_failed req=%s code=%s", r->request_id, e.code);
    err_set(&e, ERR_UNAVAILABLE, "audit_failed", NULL,
            "the access could not be recorded in the audit log; try again");
    router_answer_error(r, &e);
    return -1;
}

void router_dispatch(request *r)
{
    err e;
    err_clear(&e);
    if (!r->route && find_route(r, &e)) {
        /* no route at all: the browser application's files, unless the path
         * is in the API's space (static.h) */
        if (e.kind == ERR_NOT_FOUND && static_serve(r) == 0) return;
        goto fail;
    }
    const route *rt = r->route;
    if (!(rt->flags & ROUTE_NO_DB)) {
        if (!(r->db = server_worker_db(&e))) goto fail;
    }
    int writes = strcmp(r->method, "GET") && strcmp(r->method, "HEAD");
    if (!(rt->flags & ROUTE_PUBLIC)) {
        /* one transaction for the actor and the handler: a read for GET and
         * HEAD, a write for what changes data */
        if (store_begin(r->db, writes ? STORE_WRITE : STORE_READ, &e)) goto fail;
        if (authenticate(r, &e)) {
            refused_entry(r, &e);
            goto fail;
        }
        if (roles_load(r->db, &r->actor, &e)) goto fail;
    }
    if (check_media_type(r, &e)) goto fail;
    int entry = -1;
    if (!(rt->flags & ROUTE_PUBLIC)) {
        audit_entry *a = decision_entry(r);
        entry = (int)(a - r->audit);
        if (policy_check(r->db, &r->actor, rt->action, rt->object, rt->section, r->ids, r->nids,
                         &r->acc, &e)) {
            decision_fill(r, a, &e);
            goto fail;
        }
        decision_fill(r, a, NULL);
    }
    if (rt->handler(r, &e)) goto fail;
    created_fill(r, entry);
    /* a change and its audit entries are committed together */
    if (writes && !(rt->flags & ROUTE_PUBLIC) && router_append_audit(r, r->db, &e)) goto fail;
    /* a read's entries, where the journal is the database's, go in with the
     * read's own transaction and its commit (two round trips fewer); if that
     * fails, nothing of them is kept and the flush writes them again */
    if (!writes && r->db && r->naudit && audit_journal_in_database()) {
        if (audit_journal_write(r->db, r->audit, r->naudit, &e)) goto fail;
        r->audit_done = 1;
    }
    if (r->db && store_commit(r->db, &e)) goto fail;
    return;
fail:
    if (r->db) store_rollback(r->db);
    r->audit_done = 0;
    if (e.kind == ERR_NONE || e.kind == ERR_INTERNAL) {
        if (e.kind == ERR_NONE) err_set(&e, ERR_INTERNAL, "internal", NULL, "internal error");
    }
    router_answer_error(r, &e);
}
