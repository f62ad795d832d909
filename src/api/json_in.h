/*
 * json_in.h - small readers for ad-hoc JSON inputs (log-in, actions). Record
 * bodies are validated against their field tables by domain/fields.h instead.
 * Each returns 0, or -1 with a 422 naming the field.
 */
#ifndef HELHET_JSON_IN_H
#define HELHET_JSON_IN_H

#include <jansson.h>
#include <stdint.h>

#include "util/err.h"

/* A string member; with `required` 0 a missing or null member gives *out NULL. */
int json_in_string(json_t *o, const char *key, int required, const char **out, err *e);
/* A positive integer id; with `required` 0 a missing or null member gives 0. */
int json_in_id(json_t *o, const char *key, int required, int64_t *out, err *e);
/* 422 "unknown_field" for a member not in the NULL-terminated `known`. */
int json_in_no_other(json_t *o, const char *const *known, err *e);

#endif
