/*
 * history_store.h - the change history (R9) of plans and of cases: every
 * change with author, time and the values before and after, append-only.
 *
 * Two tables of one shape: plan_history (a plan and its parts, numbered by the
 * plan's revision) and case_history (a case and its contact persons, numbered
 * per case). The domain decides what an entry holds (domain/plan.c,
 * domain/case.c); this file writes and pages them.
 */
#ifndef HELHET_HISTORY_STORE_H
#define HELHET_HISTORY_STORE_H

#include <jansson.h>
#include <stdint.h>

#include "store/store.h"
#include "util/err.h"

typedef enum { HISTORY_PLAN, HISTORY_CASE } history_of;

/* Appends one entry about `owner` (the plan or the case). revision > 0 is the
 * plan's new revision; 0 numbers the entry after the owner's last one. The
 * entry's data is {"after": after, "before": before} (either may be NULL:
 * left out); account 0: the system. */
int history_store_add(store *s, history_of of, int64_t tenant, int64_t owner, int64_t revision,
                      int64_t account, const char *action, const char *object_type,
                      int64_t object_id, json_t *after, json_t *before, const char *now, err *e);
/* Entries of `owner` after id `after`, oldest first: {id, revision, at,
 * account_id, author, action, object_type, object_id, data}. */
int history_store_list(store *s, history_of of, int64_t tenant, int64_t owner, int64_t after,
                       int limit, json_t **items, int64_t *next, err *e);

#endif
