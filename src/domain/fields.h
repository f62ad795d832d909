/*
 * fields.h - validating client input against a record's field table.
 *
 * The one place where "is this value acceptable for this field" is decided for
 * every resource: types, enum values, lengths, dates, required fields, read-only
 * and create-only fields, unknown fields, and references that must exist in the
 * same tenant. Each failure is a 422 naming the field (SPEC section 9).
 */
#ifndef HELHET_FIELDS_H
#define HELHET_FIELDS_H

#include <jansson.h>

#include "store/record.h"

enum { FIELDS_CREATE, FIELDS_PATCH };

/* Validates `in` for creating (FIELDS_CREATE) or changing (FIELDS_PATCH) a `d`
 * record. Members named in `extra` (NULL-terminated, may be NULL) are left for
 * the caller. *out gets a new object with the accepted fields (caller owns it). */
int fields_validate(store *s, int64_t tenant, const record_def *d, json_t *in, int mode,
                    const char *const *extra, json_t **out, err *e);

/* Validates one value for one field (used for nested input). `path` names it in
 * errors. */
int fields_check_value(store *s, int64_t tenant, const field_def *f, json_t *v, const char *path,
                       err *e);

/* Checks a free text given outside a record (a reason for an action): control
 * characters and at most `max` characters. NULL is accepted. */
int fields_check_text(const char *text, const char *path, int max, err *e);

/* Dates must run forwards where a record has a period: 422 "invalid_period"
 * naming `to` when the value `to` will have after the change (given in
 * `values`, else stored in `cur`, which may be NULL) is before `from`'s. */
int fields_check_period(json_t *values, json_t *cur, const char *from, const char *to, err *e);

/* Length of a UTF-8 string in code points. */
size_t fields_utf8_length(const char *s);

#endif
