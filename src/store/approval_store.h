/*
 * approval_store.h - the named queries of four-eyes approvals
 * (domain/approval.c): marking a relation pending or in force, and finding the
 * current memberships of a unit that has just become one whose members need
 * approval. Finders return 1 found, 0 not found, -1 error.
 */
#ifndef HELHET_APPROVAL_STORE_H
#define HELHET_APPROVAL_STORE_H

#include <stdint.h>

#include "store/store.h"
#include "util/err.h"

/* Sets `pending` (0 or 1) of row `id` of `table` ("memberships" or
 * "representatives"), bumping its version. 0 when no such row. */
int approval_store_set_pending(store *s, const char *table, int64_t tenant, int64_t id, int pending,
                               err *e);
/* Marks pending every membership of the organisation that is in force and
 * current or still to come on `today`; calls fn with each one's id and staff. */
int approval_store_pend_members(store *s, int64_t tenant, int64_t organisation_id,
                                const char *today,
                                int (*fn)(void *ctx, int64_t id, int64_t staff_id), void *ctx,
                                err *e);
/* 1 if the staff member has a current membership (in force) of a unit that is
 * not an external agency: the municipality's own staff. */
int approval_store_municipal(store *s, int64_t tenant, int64_t staff_id, const char *today, err *e);

#endif
