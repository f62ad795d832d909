/*
 * request.h - one HTTP request as the api layer sees it.
 *
 * The http layer fills a request (method, path, body, path ids, the actor, the
 * worker's database connection, an arena) and hands it to the route's handler.
 * A handler answers with respond_json()/respond_empty(), or returns -1 with an
 * err, which the http layer turns into the error body of SPEC section 6.
 * Handlers never see libmicrohttpd.
 */
#ifndef HELHET_REQUEST_H
#define HELHET_REQUEST_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "trust/actor.h"
#include "trust/audit.h"
#include "trust/policy.h"
#include "util/arena.h"
#include "util/err.h"

struct route;
struct MHD_Connection;

#define REQ_MAX_IDS     4
#define REQ_MAX_AUDIT   6
#define REQ_NAME_MAX    32 /* the longest {name} path segment */
#define REQ_MAX_HEADERS 8  /* further response headers (respond_header) */

/* A response header beyond those every answer gets. */
typedef struct req_header_field {
    const char *name;
    const char *value;
} req_header_field;

typedef struct request {
    arena *a;
    struct MHD_Connection *conn;
    const char *method;
    const char *path;
    const struct route *route;
    int64_t ids[REQ_MAX_IDS]; /* the {id} segments of the path, in order */
    int nids;
    char name_param[REQ_NAME_MAX + 1]; /* the {name} segment of the path, "" when none */
    char *body;                        /* the raw body (NUL-terminated), NULL when empty */
    size_t body_len;
    actor actor;
    policy_access acc; /* what the policy decided (sections a handler may show) */
    store *db;
    char request_id[20];
    const char *client; /* client address, for rate limits */
    /* the answer */
    int status;
    json_t *out;
    char etag[32];
    const char *location;
    const char *set_cookie;
    const char *text; /* a non-JSON answer (metrics), with its content type */
    size_t text_len;
    const char *text_type;
    const char *allow;       /* the Allow header for 405 answers */
    const char *retry_after; /* the Retry-After header (seconds) for 429 answers */
    /* further headers (the static files' caching and content security); a
     * Cache-Control among them replaces the default no-store */
    req_header_field headers[REQ_MAX_HEADERS];
    int nheaders;
    /* audit entries collected while the request runs; the http layer appends
     * them durably before the answer leaves (see trust/audit.h) */
    audit_entry audit[REQ_MAX_AUDIT];
    int naudit;
    int audit_done; /* already appended (with the change, in its transaction) */
} request;

/* A new audit entry for this request, filled with the actor and the request id
 * (outcome "allowed"); the caller sets object, action and the rest. When the
 * request already holds REQ_MAX_AUDIT entries the last one is reused. */
audit_entry *req_audit(request *r);

/* A request header's value, or NULL. */
const char *req_header(request *r, const char *name);
/* Every value of a header that may come several times, in the order
 * received, joined by ", " as one list (RFC 9110 5.3), or NULL when none
 * came. A proxy that adds its own X-Forwarded-For line beside the client's
 * makes two: only the whole list says which entry the proxy wrote. */
const char *req_header_list(request *r, const char *name);
/* A query-string argument's value, or NULL. */
const char *req_query(request *r, const char *name);
/* Calls fn for each query-string argument until it returns non-zero; returns
 * that value (0 when all were visited). */
int req_query_each(request *r, int (*fn)(void *ctx, const char *key, const char *value), void *ctx);
/* 422 "unknown_parameter" naming the first query argument not in the
 * NULL-terminated `allowed`. */
int req_query_only(request *r, const char *const *allowed, err *e);
/* A cookie's value, or NULL. */
const char *req_cookie(request *r, const char *name);

/* The body as a JSON object: 400 "malformed_json" / "invalid_utf8" /
 * "body_not_object", or 400 "body_required" when empty and `required`. With an
 * empty optional body, *out is an empty object. The caller owns *out. */
int req_body_object(request *r, int required, json_t **out, err *e);

/* The version in an If-Match header ("3" or W/"3"); 428 "if_match_required" when
 * missing, 400 "bad_if_match" when unreadable. */
int req_if_match(request *r, int64_t *version, err *e);

/* Pagination arguments ?limit=&after=: limit 1..500 (default 50). */
int req_page(request *r, int *limit, int64_t *after, err *e);
/* The same for a route that takes no other query parameter (422 unknown_parameter). */
int req_page_only(request *r, int *limit, int64_t *after, err *e);

/* Answers with `body` (stolen) and status. */
void respond_json(request *r, int status, json_t *body);
/* Answers a record: sets the ETag from its "version" field. */
void respond_record(request *r, int status, json_t *record);
/* Answers a collection page {"items": [...], "next": "<cursor>" | null}. */
void respond_page(request *r, json_t *items, int64_t next);
void respond_empty(request *r, int status);
/* Answers with text of the given content type (copied when the answer is sent). */
void respond_text(request *r, int status, const char *type, const char *text, size_t len);
/* Adds a response header; name and value must live until the answer is sent
 * (string literals, or the request's arena). A name added again replaces its
 * value; past REQ_MAX_HEADERS names the header is dropped (a bug: raise it). */
void respond_header(request *r, const char *name, const char *value);
/* The value of a header added with respond_header, or NULL. */
const char *respond_header_get(const request *r, const char *name);
/* The HTTP status for an error kind. */
int http_status_for(err_kind k);

#endif
