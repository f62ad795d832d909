/* arena.c - see arena.h. Blocks grow geometrically; large requests get a block
 * of their own so small ones keep packing into the current block. */
#include "util/arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct block {
    struct block *next;
    size_t size, used;
    max_align_t data[];
} block;

struct arena {
    block *head;  /* current block (newest) */
    block *first; /* kept across resets */
};

static block *block_new(size_t size)
{
    block *b = malloc(sizeof(block) + size);
    if (!b) {
        fputs("helhet: out of memory\n", stderr);
        abort();
    }
    b->next = NULL;
    b->size = size;
    b->used = 0;
    return b;
}

arena *arena_new(size_t initial)
{
    arena *a = malloc(sizeof *a);
    if (!a) {
        fputs("helhet: out of memory\n", stderr);
        abort();
    }
    a->first = a->head = block_new(initial < 256 ? 256 : initial);
    return a;
}

void *arena_alloc(arena *a, size_t n)
{
    const size_t align = sizeof(max_align_t);
    if (n > SIZE_MAX / 2) {
        fputs("helhet: arena allocation too large\n", stderr);
        abort();
    }
    n = (n + align - 1) & ~(align - 1);
    if (n == 0) n = align;
    block *b = a->head;
    if (b->size - b->used >= n) {
        void *p = (char *)b->data + b->used;
        b->used += n;
        return p;
    }
    if (n > b->size / 2) {
        /* A large request gets a block of its own behind the current one, so
         * small requests keep packing into the current block. */
        block *nb = block_new(n);
        nb->used = n;
        nb->next = b->next;
        b->next = nb;
        return nb->data;
    }
    block *nb = block_new(b->size * 2);
    nb->next = a->head;
    a->head = nb;
    nb->used = n;
    return nb->data;
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *arena_strdup(arena *a, const char *s)
{
    return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_printf(arena *a, const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *p = arena_alloc(a, (size_t)(n < 0 ? 0 : n) + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    return p;
}

void arena_reset(arena *a)
{
    /* large blocks may sit anywhere in the chain: free every block but the first */
    block *b = a->head;
    while (b) {
        block *next = b->next;
        if (b != a->first) free(b);
        b = next;
    }
    a->first->next = NULL;
    a->head = a->first;
    a->first->used = 0;
}

void arena_free(arena *a)
{
    if (!a) return;
    arena_reset(a);
    free(a->first);
    free(a);
}
