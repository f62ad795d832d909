/*
 * message_read_store.h - how far each account has read a plan's message thread
 * (table message_reads): the marker PUT /plans/{id}/messages/seen moves, and
 * the unread counts "Mine saker" shows per plan (domain/worklist.h). Access is
 * the policy's and the domain's: these only read and write rows.
 */
#ifndef HELHET_MESSAGE_READ_STORE_H
#define HELHET_MESSAGE_READ_STORE_H

#include <jansson.h>
#include <stdint.h>

#include "store/store.h"

/* Moves the account's marker in the plan to message_id, never backwards;
 * *seen gets the marker as it stands after the write. `now` is an ISO
 * timestamp. */
int message_read_mark(store *s, int64_t tenant, int64_t plan_id, int64_t account_id,
                      int64_t message_id, const char *now, int64_t *seen, err *e);

/* *rows = [{plan_id, comments, requests}] for the plans ids_json (a JSON array
 * of integers) names that have messages after the account's marker written by
 * someone else: `comments` counts the comments, `requests` the consent
 * requests. Plans with none are left out. */
int message_read_unread(store *s, int64_t tenant, int64_t account_id, const char *ids_json,
                        json_t **rows, err *e);

#endif
