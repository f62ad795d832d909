/* request.c - the request helpers of request.h. */
#include "http/request.h"

#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *req_header(request *r, const char *name)
{
    return r->conn ? MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name) : NULL;
}

typedef struct list_ctx {
    request *r;
    const char *name;
    char *joined;
} list_ctx;

static enum MHD_Result join_cb(void *cls, enum MHD_ValueKind kind, const char *key,
                               const char *value)
{
    list_ctx *c = cls;
    if (strcasecmp(key, c->name) != 0 || !value) return MHD_YES;
    if (!c->joined) {
        c->joined = arena_strdup(c->r->a, value);
        return MHD_YES;
    }
    size_t a = strlen(c->joined), b = strlen(value);
    char *n = arena_alloc(c->r->a, a + b + 3);
    if (!n) return MHD_NO;
    memcpy(n, c->joined, a);
    memcpy(n + a, ", ", 2);
    memcpy(n + a + 2, value, b + 1);
    c->joined = n;
    return MHD_YES;
}

const char *req_header_list(request *r, const char *name)
{
    list_ctx c = {r, name, NULL};
    if (r->conn) MHD_get_connection_values(r->conn, MHD_HEADER_KIND, join_cb, &c);
    return c.joined;
}

const char *req_query(request *r, const char *name)
{
    return r->conn ? MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name) : NULL;
}

typedef struct each_ctx {
    int (*fn)(void *, const char *, const char *);
    void *ctx;
    int rc;
} each_ctx;

static enum MHD_Result each_cb(void *cls, enum MHD_ValueKind kind, const char *key,
                               const char *value)
{
    each_ctx *c = cls;
    c->rc = c->fn(c->ctx, key, value ? value : "");
    return c->rc ? MHD_NO : MHD_YES;
}

int req_query_each(request *r, int (*fn)(void *ctx, const char *key, const char *value), void *ctx)
{
    each_ctx c = {fn, ctx, 0};
    if (r->conn) MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, each_cb, &c);
    return c.rc;
}

typedef struct only_ctx {
    const char *const *allowed;
    err *e;
} only_ctx;

static int check_allowed(void *p, const char *key, const char *value)
{
    only_ctx *c = p;
    for (int i = 0; c->allowed[i]; i++)
        if (strcmp(c->allowed[i], key) == 0) return 0;
    return err_set(c->e, ERR_INVALID, "unknown_parameter", key,
                   "this resource takes no query parameter '%s'", key);
}

int req_query_only(request *r, const char *const *allowed, err *e)
{
    only_ctx c = {allowed, e};
    return req_query_each(r, check_allowed, &c) ? -1 : 0;
}

const char *req_cookie(request *r, const char *name)
{
    return r->conn ? MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name) : NULL;
}

int req_body_object(request *r, int required, json_t **out, err *e)
{
    if (!r->body || r->body_len == 0) {
        if (required)
            return err_set(e, ERR_MALFORMED, "body_required", NULL,
                           "this request needs a JSON object in its body");
        *out = json_object();
        return 0;
    }
    json_error_t je;
    json_t *v = json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &je);
    if (!v) {
        if (json_error_code(&je) == json_error_invalid_utf8)
            return err_set(e, ERR_MALFORMED, "invalid_utf8", NULL,
                           "the body is not valid UTF-8 (at byte %d)", je.position);
        if (json_error_code(&je) == json_error_duplicate_key)
            return err_set(e, ERR_MALFORMED, "duplicate_key", NULL, "the body repeats a key: %s",
                           je.text);
        return err_set(e, ERR_MALFORMED, "malformed_json", NULL,
                       "the body is not valid JSON: %s (line %d, column %d)", je.text, je.line,
                       je.column);
    }
    if (!json_is_object(v)) {
        json_decref(v);
        return err_set(e, ERR_MALFORMED, "body_not_object", NULL, "the body must be a JSON object");
    }
    *out = v;
    return 0;
}

int req_if_match(request *r, int64_t *version, err *e)
{
    const char *h = req_header(r, "If-Match");
    if (!h)
        return err_set(e, ERR_PRECONDITION, "if_match_required", NULL,
                       "send the ETag you read in an If-Match header, so no change is overwritten");
    if (strncmp(h, "W/", 2) == 0) h += 2;
    if (*h == '"') h++;
    char *end;
    long long v = strtoll(h, &end, 10);
    if (end == h || v <= 0 || (*end != '"' && *end != '\0'))
        return err_set(e, ERR_MALFORMED, "bad_if_match", NULL,
                       "If-Match must be an ETag this server gave, like \"3\"");
    *version = v;
    return 0;
}

int req_page(request *r, int *limit, int64_t *after, err *e)
{
    const char *l = req_query(r, "limit"), *a = req_query(r, "after");
    *limit = 50;
    *after = 0;
    char *end;
    if (l) {
        long v = strtol(l, &end, 10);
        if (*l == '\0' || *end || v < 1 || v > 500)
            return err_set(e, ERR_INVALID, "invalid_limit", "limit",
                           "limit must be a whole number from 1 to 500");
        *limit = (int)v;
    }
    if (a) {
        long long v = strtoll(a, &end, 10);
        if (*a == '\0' || *end || v < 0)
            return err_set(e, ERR_INVALID, "invalid_cursor", "after",
                           "after must be the 'next' value of a previous page");
        *after = v;
    }
    return 0;
}

int req_page_only(request *r, int *limit, int64_t *after, err *e)
{
    static const char *const allowed[] = {"limit", "after", NULL};
    return req_query_only(r, allowed, e) || req_page(r, limit, after, e) ? -1 : 0;
}

void respond_json(request *r, int status, json_t *body)
{
    if (r->out) json_decref(r->out);
    r->status = status;
    r->out = body;
}

void respond_record(request *r, int status, json_t *record)
{
    json_t *v = json_object_get(record, "version");
    if (json_is_integer(v))
        snprintf(r->etag, sizeof r->etag, "\"%lld\"", (long long)json_integer_value(v));
    respond_json(r, status, record);
}

void respond_page(request *r, json_t *items, int64_t next)
{
    json_t *o = json_object();
    json_object_set_new(o, "items", items);
    json_object_set_new(o, "next", next ? json_sprintf("%lld", (long long)next) : json_null());
    respond_json(r, 200, o);
}

void respond_empty(request *r, int status)
{
    respond_json(r, status, NULL);
}

void respond_text(request *r, int status, const char *type, const char *text, size_t len)
{
    r->status = status;
    r->text = text;
    r->text_len = len;
    r->text_type = type;
}

void respond_header(request *r, const char *name, const char *value)
{
    for (int i = 0; i < r->nheaders; i++)
        if (strcasecmp(r->headers[i].name, name) == 0) {
            r->headers[i].value = value;
            return;
        }
    if (r->nheaders == REQ_MAX_HEADERS) return;
    r->headers[r->nheaders].name = name;
    r->headers[r->nheaders].value = value;
    r->nheaders++;
}

const char *respond_header_get(const request *r, const char *name)
{
    for (int i = 0; i < r->nheaders; i++)
        if (strcasecmp(r->headers[i].name, name) == 0) return r->headers[i].value;
    return NULL;
}

int http_status_for(err_kind k)
{
    switch (k) {
    case ERR_MALFORMED:
        return 400;
    case ERR_UNAUTHENTICATED:
        return 401;
    case ERR_FORBIDDEN:
        return 403;
    case ERR_NOT_FOUND:
        return 404;
    case ERR_METHOD:
        return 405;
    case ERR_CONFLICT:
        return 409;
    case ERR_STALE:
        return 412;
    case ERR_TOO_LARGE:
        return 413;
    case ERR_MEDIA_TYPE:
        return 415;
    case ERR_INVALID:
        return 422;
    case ERR_PRECONDITION:
        return 428;
    case ERR_RATE:
        return 429;
    case ERR_UNAVAILABLE:
        return 503;
    case ERR_UPSTREAM:
        return 502;
    default:
        return 500;
    }
}

audit_entry *req_audit(request *r)
{
    if (r->naudit == REQ_MAX_AUDIT) r->naudit--;
    audit_entry *a = &r->audit[r->naudit++];
    memset(a, 0, sizeof *a);
    a->tenant_id = r->actor.tenant_id;
    a->account_id = r->actor.account_id;
    a->staff_id = r->actor.staff_id;
    a->person_id = r->actor.person_id;
    a->outcome = "allowed";
    a->request_id = r->request_id;
    return a;
}
