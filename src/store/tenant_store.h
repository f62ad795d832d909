/* tenant_store.h - the named queries for tenants (the one table without a
 * tenant_id). Finders return 1 found, 0 not found, -1 error. */
#ifndef HELHET_TENANT_STORE_H
#define HELHET_TENANT_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

/* ERR_CONFLICT when the slug is taken. */
int tenant_store_insert(store *s, const char *slug, const char *name,
                        const char *municipality_number, int64_t *id, err *e);
/* The tenant with this slug, or with slug NULL the first one; *count gets how
 * many tenants there are (at most 2 are counted when slug is NULL). */
int tenant_store_find(store *s, const char *slug, int64_t *id, int *count, err *e);

/* One tenant as listed by tenant_store_list. */
typedef struct tenant_row {
    int64_t id;
    const char *slug, *name, *municipality_number, *created_at; /* number may be NULL */
    int64_t accounts;                                           /* its log-in accounts */
} tenant_row;

/* Calls `each` for every tenant in id order (the row's strings live until it
 * returns); a non-zero return stops the listing. 0, or -1 on error. */
int tenant_store_list(store *s, int (*each)(const tenant_row *row, void *ctx), void *ctx, err *e);

/* The name of tenant `id` into out (at most n bytes with the NUL). */
int tenant_store_name(store *s, int64_t id, char *out, size_t n, err *e);

#endif
