/* person_store.h - the named queries for persons. */
#ifndef HELHET_PERSON_STORE_H
#define HELHET_PERSON_STORE_H

#include <jansson.h>
#include <stdint.h>

#include "store/access_store.h"
#include "store/record.h"
#include "store/store.h"

/* 1 and *id when a person in the tenant has this number, 0 when none. */
int person_store_find_national_id(store *s, int64_t tenant, const char *nid, int64_t *id, err *e);

/* Persons matching every given criterion (NULL: not used): `words` are
 * whitespace-separated prefixes of the given or family name; `street` a prefix of
 * any current or former address. Ordered by id after `after`. `d` is the person
 * record's field table (the domain's), which the rows are read with. `scope`
 * (NULL: none) keeps only the persons a staff member is related to (R13). */
int person_store_search(store *s, const struct record_def *d, int64_t tenant, const char *words,
                        const char *nid, const char *street, int entitled_only,
                        const person_scope *scope, int64_t after, int limit, json_t **items,
                        int64_t *next, err *e);

#endif
