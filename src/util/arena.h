/*
 * arena.h - a region allocator: one per request (DESIGN principle 5).
 *
 * Everything a request allocates for itself (strings, SQL text, buffers) comes
 * from its arena and is released in one call when the answer has gone. Blocks are
 * chained; a reset keeps the first block for reuse, so a worker serving many small
 * requests does not go back to malloc.
 */
#ifndef HELHET_ARENA_H
#define HELHET_ARENA_H

#include <stddef.h>

typedef struct arena arena;

/* A new arena whose first block holds at least `initial` bytes. Aborts only on
 * out-of-memory at creation (the process cannot serve without it). */
arena *arena_new(size_t initial);
/* Memory aligned for any type, valid until arena_reset or arena_free. Never NULL. */
void *arena_alloc(arena *a, size_t n);
/* Copies of strings into the arena. */
char *arena_strdup(arena *a, const char *s);
char *arena_strndup(arena *a, const char *s, size_t n);
char *arena_printf(arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Releases everything but the first block. */
void arena_reset(arena *a);
void arena_free(arena *a);

#endif
