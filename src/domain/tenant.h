/*
 * tenant.h - the municipality (or inter-municipal cooperation) that owns data.
 */
#ifndef HELHET_TENANT_H
#define HELHET_TENANT_H

#include <stddef.h>
#include <stdint.h>

#include "store/record.h"
#include "store/tenant_store.h"

extern const record_def tenant_def;

/* Creates a tenant; ERR_INVALID "invalid_slug" unless the slug is 1 to 40 of
 * a-z, 0-9 and '-' starting with a letter, "invalid_name" for an empty name or
 * one over 200 bytes, "invalid_municipality_number" unless the number (NULL:
 * none) is 4 digits; ERR_CONFLICT "tenant_exists" when the slug is taken. */
int tenant_create(store *s, const char *slug, const char *name, const char *municipality_number,
                  int64_t *id, err *e);
/* Finds a tenant by slug, or, with slug NULL, the only tenant (ERR_INVALID when
 * there are several and none was named, ERR_NOT_FOUND when there is none). */
int tenant_find(store *s, const char *slug, int64_t *id, err *e);

/* 1 when `slug` is a tenant's short name as tenant_create takes it. */
int tenant_slug_valid(const char *slug);

/* Every tenant in id order (tenant_store_list). */
int tenant_list(store *s, int (*each)(const tenant_row *row, void *ctx), void *ctx, err *e);

/* The tenant's name (the municipality's, as shown on the printed consent
 * form) into out; 1 found, 0 not, -1 error. */
int tenant_name(store *s, int64_t id, char *out, size_t n, err *e);

#endif
