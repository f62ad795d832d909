/*
 * actor.h - who is making a request. Every API request has one, resolved by
 * the http layer from a session cookie or a Bearer token before any handler runs.
 */
#ifndef HELHET_ACTOR_H
#define HELHET_ACTOR_H

#include <stdint.h>

typedef enum { AUTH_NONE = 0, AUTH_SESSION, AUTH_TOKEN } auth_via;
typedef enum { ROLE_NONE = 0, ROLE_ADMIN, ROLE_STAFF, ROLE_CITIZEN } account_role;

typedef struct actor {
    int64_t account_id;
    int64_t tenant_id;
    int64_t staff_id;  /* 0 when the account is not a staff member's */
    int64_t person_id; /* 0 when the account is not a citizen's */
    account_role role;
    auth_via via;
    int64_t session_id;
    char username[64];
    char csrf[48]; /* the session's CSRF token, for the header check */
} actor;

const char *actor_role_name(account_role r);
/* ROLE_NONE when `s` is not a role name. */
account_role actor_role_parse(const char *s);

#endif
