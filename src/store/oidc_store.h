/*
 * oidc_store.h - the named queries of OpenID Connect log-in (trust/oidc.c): the
 * log-ins begun and not yet finished (oidc_states), and finding the account an
 * identity provider's user maps to. Finders return 1 found, 0 not found, -1
 * failure.
 */
#ifndef HELHET_OIDC_STORE_H
#define HELHET_OIDC_STORE_H

#include <stdint.h>

#include "store/store.h"
#include "trust/actor.h"

/* What a begun log-in keeps until its callback. */
typedef struct oidc_state_row {
    char provider[33];
    char nonce[64];
    char code_verifier[64];
    char return_to[520];
} oidc_state_row;

/* Why a state could not be taken. */
typedef enum { OIDC_STATE_UNKNOWN = 1, OIDC_STATE_USED, OIDC_STATE_EXPIRED } oidc_state_problem;

int oidc_store_state_insert(store *s, const char *provider, const char *state_hash,
                            const char *nonce, const char *code_verifier, const char *return_to,
                            const char *now, const char *expires, err *e);
/* Deletes states that expired before `before`. */
int oidc_store_state_purge(store *s, const char *before, err *e);
/* Marks the state used, if it is unused and has not expired at `now`, and
 * fills *row: 1. Otherwise 0 with *problem saying why. */
int oidc_store_state_take(store *s, const char *state_hash, const char *now, oidc_state_row *row,
                          oidc_state_problem *problem, err *e);

/* The person with this national ID number in the tenant. */
int oidc_store_person_by_nid(store *s, int64_t tenant, const char *national_id, int64_t *person,
                             err *e);
/* The citizen account of a person (an active one first); *active tells. */
int oidc_store_citizen_account(store *s, int64_t tenant, int64_t person, actor *a, int *active,
                               err *e);
/* The account linked to `subject` at the provider; *active tells. */
int oidc_store_account_by_subject(store *s, const char *provider, const char *subject, actor *a,
                                  int *active, err *e);
/* Links the tenant's account `username` to a provider's subject: 1 done, 0 no
 * such account; ERR_CONFLICT "oidc_subject_taken" when another account has it. */
int oidc_store_account_link(store *s, int64_t tenant, const char *username, const char *provider,
                            const char *subject, err *e);

#endif
