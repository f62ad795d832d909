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

/* Calls `each` with the national ID number of every person of EVERY tenant
 * (for `helhet demo --tenant`, so the synthetic numbers of a second demo
 * municipality never repeat the first's). 0, or -1 on error. */
int person_store_each_national_id(store *s, void (*each)(const char *nid, void *ctx), void *ctx,
                                  err *e);

/* Protected persons (R16): whether the person has a register code or the
 * municipal flag, and whether the staff member (0: none) is named for her
 * address on `today` (person_address_access). 1 found, 0 no such person. */
typedef struct person_protection {
    int code, flag, named;
} person_protection;
int person_store_protection(store *s, int64_t tenant, int64_t person_id, int64_t staff_id,
                            const char *today, person_protection *p, err *e);

/* Who searches, for R16: a protected person's streets find her only for the
 * staff named for her address. */
typedef struct person_viewer {
    int64_t staff_id; /* 0: none */
    char today[11];
} person_viewer;

/* Persons matching every given criterion (NULL: not used): `words` are
 * whitespace-separated prefixes of words of the given or family name (or the
 * whole text a street's prefix, or the national ID number, with or without
 * spaces); `street` a prefix of any current or former address. Both ignore
 * case as Unicode case folding does (util/fold.h). Ordered by id after
 * `after`. `d` is the person record's field table (the domain's), which the
 * rows are read with. `scope` (NULL: none) keeps only the persons a staff
 * member is related to (R13); `viewer` finds protected persons' streets only
 * where named (R16; NULL: nowhere). *total (NULL: not counted) gets the
 * number of every hit, not only this page's: one count with the same
 * conditions and scope. A hit found by a street (`street`, or `words` as a
 * street) carries "matched_address" {id, street, postal_code, city,
 * valid_from, valid_to}: the newest of her addresses that matched, under the
 * same R16 condition as the search. */
int person_store_search(store *s, const struct record_def *d, int64_t tenant, const char *words,
                        const char *nid, const char *street, int entitled_only, int without_plan,
                        const person_scope *scope, const person_viewer *viewer, int64_t after,
                        int limit, json_t **items, int64_t *next, int64_t *total, err *e);

/* The C step of migration 009_search_keys: folds the names and streets stored
 * before it into persons.name_keys and person_addresses.street_key (as the
 * domain does on every write), a batch of rows at a time. */
int person_store_fill_search_keys(store *s, err *e);

#endif
