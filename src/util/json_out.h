/*
 * json_out.h - compact JSON encoding of jansson values into a buf.
 *
 * Why not json_dump: jansson 2.14 guards every object and array it encodes
 * against reference loops by formatting the pointer into a string and hashing it,
 * which cost a fifth of a plan read in profiles. Our values are trees built per
 * request, so this encoder walks them directly. Output is UTF-8 (not \u-escaped),
 * object members in insertion order, as json_dump(JSON_COMPACT) gives.
 */
#ifndef HELHET_JSON_OUT_H
#define HELHET_JSON_OUT_H

#include <jansson.h>

#include "util/buf.h"

void json_out(buf *b, const json_t *v);
/* Appends s (n bytes of valid UTF-8) as a JSON string literal, quotes included. */
void json_out_string(buf *b, const char *s, size_t n);

#endif
