/* actor.c - see actor.h. */
#include "trust/actor.h"

#include <string.h>

static const char *const names[] = {"none", "admin", "staff", "citizen"};

const char *actor_role_name(account_role r)
{
    return (r >= ROLE_NONE && r <= ROLE_CITIZEN) ? names[r] : "none";
}

account_role actor_role_parse(const char *s)
{
    for (int i = ROLE_ADMIN; i <= ROLE_CITIZEN; i++)
        if (s && strcmp(s, names[i]) == 0) return (account_role)i;
    return ROLE_NONE;
}
