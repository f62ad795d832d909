/*
 * router.h - the route table type and dispatch.
 *
 * Routes and their access declaration stand together in one table per api
 * module (see api/routes.c): method, path pattern, handler, and what the policy
 * must allow. A pattern's "{id}" segments match positive integers and land in
 * request.ids; a "{name}" segment (at most one) matches [a-z0-9-]{1,32} and lands
 * in request.name_param (identity provider names). Dispatch runs the request's phases in order:
 * match, authenticate (session cookie with CSRF header, or Bearer token), open the worker's
 * database, ask the policy, run the handler.
 */
#ifndef HELHET_ROUTER_H
#define HELHET_ROUTER_H

#include "http/request.h"
#include "store/record.h"
#include "trust/policy.h"

#define ROUTE_PUBLIC 1u /* no actor needed */
#define ROUTE_NO_DB  2u /* answered without the database (health, metrics) */
/* runs in the writer's turn although it only reads: it reads the audit log,
 * which the writer first completes from the journal (trust/audit_journal.h) */
#define ROUTE_WRITER_TURN 4u

typedef struct route {
    const char *method;
    const char *pattern;
    int (*handler)(request *r, err *e);
    unsigned flags;
    policy_object object; /* what ids[0] names; OBJ_TENANT for collections */
    policy_action action;
    policy_section section;
    /* for the generic handlers of api/generic.h: the record, and the field that
     * links it to the parent named by ids[0] ("person_id" under /persons/{id}) */
    const struct record_def *def;
    const char *parent;
} route;

/* All routes, in match order, ending with a route whose method is NULL. Built
 * once at start-up from the api modules' tables. */
const route *router_routes(void);
int router_count(void);

/* 1 if `path` matches `pattern`, with the {id} segments (positive integers of at
 * most 18 digits) in ids[0..*nids); 0 if not. */
int router_match(const char *pattern, const char *path, int64_t *ids, int *nids);
/* router_match that also matches a {name} segment (1 to REQ_NAME_MAX of a-z,
 * 0-9 and '-') and copies it into name[REQ_NAME_MAX + 1] when name is not NULL
 * ("" when the pattern has none). */
int router_match_name(const char *pattern, const char *path, int64_t *ids, int *nids, char *name);

/* Runs the request through its phases and leaves the answer in r. */
void router_dispatch(request *r);

/* 1 if the request changes data for an actor (a matched, non-public route with
 * a method other than GET and HEAD) or reads the audit log (ROUTE_WRITER_TURN):
 * such requests are run by the server's writer in a group commit. */
int router_is_write(request *r);
/* After a change has committed: publishes what it changed (a plan's or a
 * case's id) on the event bus (events/events.h). */
void router_publish(request *r, store *s);

/* Appends the request's audit entries in s's open write transaction (once). */
int router_append_audit(request *r, store *s, err *e);
/* Makes the request's pending audit entries durable: written to the audit
 * journal when the server has one, else appended in a transaction of their
 * own. When that fails the answer becomes 503 "audit_failed" (an answer never
 * leaves without its entry). */
int router_flush_audit(request *r);

/* Replaces whatever answer r holds by the error answer for e. */
void router_answer_error(request *r, const err *e);

/* The index of r->route in router_routes(), or router_count() for unmatched
 * requests (used by metrics). */
int router_index(const request *r);

#endif
