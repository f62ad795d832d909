/*
 * offboarding.h - accounts as the directory shows them, and what happens when
 * someone leaves (docs/security.md "Off-boarding").
 *
 * A staff member and her accounts are switched off together: setting
 * staff.active or account.active to false (PATCH /staff/{id}, PATCH
 * /accounts/{id}, `helhet user deactivate`) makes every account of hers
 * inactive, ends their sessions and revokes their tokens in the same
 * transaction (so the next request with any of them answers 401, as a
 * withdrawn consent takes effect on the next request: R4), and ends her
 * memberships on that day (valid_to = today where it was empty or later;
 * nothing is deleted). Her plans and cases are not handed to anyone: she stays
 * their coordinator or contact person on record, and the coordinating unit
 * finds them flagged ("coordinator left", "contact person left") in GET
 * /statistics and its worklist until it appoints someone (SPEC R2).
 * An account that is not a staff member's (an administrator's, a citizen's) is
 * switched off alone. Switching back on (active true) restores log-in, not the
 * ended memberships. Nobody switches off her own account.
 */
#ifndef HELHET_OFFBOARDING_H
#define HELHET_OFFBOARDING_H

#include <jansson.h>
#include <stdint.h>

#include "store/record.h"
#include "trust/actor.h"

/* accounts: username, role, staff_id, person_id (read-only) and active. No
 * secret of an account is a field. */
extern const record_def account_def;

/* What a deactivation ended, and what it left for the coordinating unit. */
typedef struct offboarding_result {
    int64_t account_id, staff_id; /* the account (CLI) and its staff member (0: none) */
    int64_t sessions, tokens, memberships;
    int64_t plans, cases; /* open plans she coordinates, open cases she is contact of */
} offboarding_result;

/* PATCH /staff/{id}: entity_update with the off-boarding above when `active`
 * changes. *out gets the staff member (with "offboarding" when deactivated). */
int offboarding_staff_update(store *s, const actor *a, int64_t id, int64_t if_version, json_t *in,
                             json_t **out, err *e);
/* PATCH /accounts/{id}: only `active` may change. */
int offboarding_account_update(store *s, const actor *a, int64_t id, int64_t if_version, json_t *in,
                               json_t **out, err *e);
/* `helhet user deactivate|reactivate --user NAME`. *changed 0 when the account
 * already was so. ERR_NOT_FOUND when there is no such user. */
int offboarding_user_set_active(store *s, const char *username, int active, int *changed,
                                offboarding_result *r, err *e);

/* Keeps the objects of `items` (cases, by "id") the policy lets `a` read: for
 * the "contact person left" lists of statistics.c and worklist.c. */
int offboarding_readable_cases(store *s, const actor *a, json_t *items, err *e);

#endif
