/*
 * actor.h - who is making a request. Every API request has one, resolved by
 * the http layer from a session cookie or a Bearer token before any handler runs.
 */
#ifndef HELHET_ACTOR_H
#define HELHET_ACTOR_H

#include <stdint.h>

typedef enum { AUTH_NONE = 0, AUTH_SESSION, AUTH_TOKEN } auth_via;
typedef enum { ROLE_NONE = 0, ROLE_ADMIN, ROLE_STAFF, ROLE_CITIZEN } account_role;

/* The role an actor holds in one unit (a current membership). */
typedef enum {
    UNIT_STAFF = 1,
    UNIT_EXTERNAL = 2,
    UNIT_COORDINATING = 4,
    UNIT_LEADER = 8,
    UNIT_INTAKE =
        16 /* a unit that receives and routes requests (organisations.receives_requests) */
} unit_role;

#define ACTOR_MAX_UNITS 8
#define ACTOR_MAX_REPR  4

typedef struct actor_unit {
    int64_t organisation_id;
    int percent;
    unsigned roles; /* unit_role bits */
} actor_unit;

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
    /* loaded with the actor (trust/roles.c): the staff member's current units,
     * largest position first, the union of their roles, and the persons this
     * account represents (scope act or only read) */
    int roles_loaded;
    int nunits;
    actor_unit units[ACTOR_MAX_UNITS];
    unsigned unit_roles;
    int nrepresented;
    int64_t represented[ACTOR_MAX_REPR];
    unsigned char represent_act[ACTOR_MAX_REPR];
} actor;

const char *actor_role_name(account_role r);
/* ROLE_NONE when `s` is not a role name. */
account_role actor_role_parse(const char *s);

#endif
