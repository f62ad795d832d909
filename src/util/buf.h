/*
 * buf.h - a growable byte buffer on an arena, for building SQL text, response
 * bodies and log lines without fixed-size limits.
 */
#ifndef HELHET_BUF_H
#define HELHET_BUF_H

#include <stddef.h>

#include "util/arena.h"

typedef struct buf {
    arena *a;
    char *data;
    size_t len, cap;
} buf;

void buf_init(buf *b, arena *a, size_t cap);
void buf_append(buf *b, const char *s, size_t n);
void buf_puts(buf *b, const char *s);
void buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The contents as a NUL-terminated string (valid until the next append). */
const char *buf_cstr(buf *b);

#endif
