/*
 * entity.h - the generic life of a record: create, read, change, delete, list.
 *
 * Used directly for the simple concepts (organisations, staff, memberships,
 * addresses, next of kin) and as the building block of the richer ones. Each
 * operation validates input against the record's field table (fields.h), runs
 * the record's own rule (record_def.check), and writes through the store. The
 * caller owns the transaction.
 */
#ifndef HELHET_ENTITY_H
#define HELHET_ENTITY_H

#include <jansson.h>

#include "store/record.h"
#include "trust/actor.h"

/* Creates a record from client input `in`. `fixed` (may be NULL) holds values
 * set by the system (a parent id, an author) that clients may not send. *out
 * gets the stored record. */
int entity_create(store *s, const actor *a, const record_def *d, json_t *in, json_t *fixed,
                  json_t **out, err *e);
/* Changes the fields present in `in`, only at version `if_version` (R9). */
int entity_update(store *s, const actor *a, const record_def *d, int64_t id, int64_t if_version,
                  json_t *in, json_t **out, err *e);
int entity_get(store *s, const actor *a, const record_def *d, int64_t id, json_t **out, err *e);
/* 0 when record `id` of kind d exists in the actor's tenant; else -1 with
 * ERR_NOT_FOUND ("case 7 not found"). */
int entity_require(store *s, const actor *a, const record_def *d, int64_t id, err *e);
/* Gets a record and checks that its `parent` field equals parent_id (so
 * /persons/1/addresses/7 is not found when address 7 is another person's). */
int entity_get_child(store *s, const actor *a, const record_def *d, const char *parent,
                     int64_t parent_id, int64_t id, json_t **out, err *e);
int entity_delete(store *s, const actor *a, const record_def *d, int64_t id, int64_t if_version,
                  err *e);

#endif
