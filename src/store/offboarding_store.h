/*
 * offboarding_store.h - the named queries of off-boarding (domain/offboarding.h):
 * an account and its staff member switched off or on together, her
 * memberships ended, and how many open plans and cases she leaves behind.
 * Found functions return 1, not found 0, failure -1.
 */
#ifndef HELHET_OFFBOARDING_STORE_H
#define HELHET_OFFBOARDING_STORE_H

#include <stdint.h>

#include "store/store.h"

/* One account, active or not: by id in `tenant` (username NULL), or by
 * username in any tenant (tenant 0). */
typedef struct offboarding_account {
    int64_t id, tenant_id, staff_id; /* staff_id 0 when not a staff member's */
    int active;
} offboarding_account;
int offboarding_store_account(store *s, int64_t tenant, int64_t id, const char *username,
                              offboarding_account *out, err *e);

/* The ids of the accounts of staff member `staff_id` above `after`, in order
 * (at most `max`; *n gets how many). */
int offboarding_store_staff_accounts(store *s, int64_t tenant, int64_t staff_id, int64_t after,
                                     int64_t *ids, int max, int *n, err *e);

/* Sets `active` on the staff member (staff_id > 0) and on every account of
 * hers, or (staff_id 0) on account `account_id` only. Rows that already have
 * it are left alone (their version stays). */
int offboarding_store_set_active(store *s, int64_t tenant, int64_t staff_id, int64_t account_id,
                                 int active, err *e);

/* Ends the staff member's memberships on `today`: valid_to = today where it is
 * empty or later (a membership that has not begun yet ends on its first day,
 * the shortest period a membership can have). *n gets how many changed. */
int offboarding_store_end_memberships(store *s, int64_t tenant, int64_t staff_id, const char *today,
                                      int64_t *n, err *e);

/* How many open plans she is the current coordinator of, and open cases she is
 * the contact person of. */
int offboarding_store_left_behind(store *s, int64_t tenant, int64_t staff_id, int64_t *plans,
                                  int64_t *cases, err *e);

#endif
