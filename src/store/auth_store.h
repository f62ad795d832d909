/*
 * auth_store.h - the named queries for accounts, tokens and sessions. Found
 * functions return 1, not found 0, failure -1.
 */
#ifndef HELHET_AUTH_STORE_H
#define HELHET_AUTH_STORE_H

#include <stdint.h>

#include "store/store.h"
#include "trust/actor.h"

int auth_store_token_actor(store *s, const char *hash, const char *now, actor *a, err *e);
/* Finds a live session; *stale is set when last_seen is older than a minute. */
int auth_store_session_actor(store *s, const char *hash, const char *now, const char *idle_after,
                             actor *a, int *stale, err *e);
/* Sets the session's last_seen (for the idle time-out). */
int auth_store_session_touch(store *s, int64_t session_id, const char *now, err *e);
int auth_store_account_by_username(store *s, const char *username, actor *a, char hash[128],
                                   err *e);
int auth_store_session_insert(store *s, const actor *a, const char *hash, const char *now,
                              const char *expires, int64_t *id, err *e);
int auth_store_session_delete(store *s, int64_t id, err *e);
int auth_store_token_insert(store *s, int64_t tenant, int64_t account, const char *hash,
                            const char *label, const char *expires, err *e);
int auth_store_account_insert(store *s, int64_t tenant, const char *username, const char *hash,
                              account_role role, int64_t staff_id, int64_t person_id, int64_t *id,
                              err *e);

#endif
