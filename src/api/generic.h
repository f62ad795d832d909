/*
 * generic.h - route handlers for records that need nothing beyond their field
 * table: they read route->def (and route->parent for nested collections such as
 * /persons/{id}/addresses) and run the entity operations in one transaction.
 *
 *   GET    collection  -> 200 {"items": [...], "next": ...}; ?limit, ?after, and
 *                         equality filters on any enum, ref or bool field
 *   POST   collection  -> 201 record, Location, ETag
 *   GET    item        -> 200 record, ETag
 *   PATCH  item        -> 200 record, ETag; needs If-Match (R9)
 *   DELETE item        -> 204; needs If-Match
 */
#ifndef HELHET_GENERIC_H
#define HELHET_GENERIC_H

#include "http/request.h"
#include "store/record.h"

int generic_list(request *r, err *e);
/* The same with one more condition the handler sets (`where` and its value
 * stay the caller's). */
int generic_list_where(request *r, const rec_filter *where, err *e);
int generic_create(request *r, err *e);
int generic_get(request *r, err *e);
int generic_update(request *r, err *e);
int generic_delete(request *r, err *e);

/* The end of a handler that wrote a record: releases `in`; with rc 0 answers
 * `out` (stolen) with `status` (a 201 also gets Location), otherwise releases
 * `out` and returns -1. */
int generic_answer(request *r, int rc, json_t *in, json_t *out, int status);

/* The collection path of a created record, for Location: the request path + "/" + id. */
const char *generic_location(request *r, json_t *record);

/* Builds equality filters from query arguments that name enum, ref or bool
 * fields of d ("?status=active&lead_organisation_id=3"); 422 for bad values.
 * Fills f[0..*n) (values owned by `keep`, an array the caller frees). */
int generic_filters(request *r, const struct record_def *d, rec_filter *f, int max, int *n,
                    json_t *keep, err *e);

#endif
