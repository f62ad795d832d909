/*
 * person.h - the citizen: national identity number (validated, with the birth
 * date and kind derived from it), name, contact, language and needs for adapted
 * communication, GP, address history (so a worry report can be matched to former
 * residents too) and next of kin.
 */
#ifndef HELHET_PERSON_H
#define HELHET_PERSON_H

#include <jansson.h>

#include "store/access_store.h"
#include "store/record.h"
#include "trust/actor.h"

extern const record_def person_def;
extern const record_def address_def;
extern const record_def next_of_kin_def;

/* Every national ID number of every tenant (person_store_each_national_id):
 * for the demo only, which must not repeat another demo municipality's. */
int person_each_national_id(store *s, void (*each)(const char *nid, void *ctx), void *ctx, err *e);

/* The person with "addresses" (newest first) and "next_of_kin" embedded. */
int person_get_full(store *s, const actor *a, int64_t id, json_t **out, err *e);

typedef struct person_query {
    const char *q;             /* each word a prefix of a word of the given or family name, or
                                  the whole text a prefix of a current or former street
                                  address (both ignoring case: util/fold.h), or the national ID
                                  number (with or without spaces) */
    const char *national_id;   /* exact (spaces ignored) */
    const char *address;       /* a prefix of a current or former street address */
    int entitled_only;         /* only persons flagged as entitled to a plan */
    int without_plan;          /* only persons without a plan that is not closed */
    const person_scope *scope; /* only the persons the asker has a relation to (R13:
                                  policy_person_scope), NULL: every person */
} person_query;

/* Lists persons matching the query, ordered by id, keyset-paginated; *total
 * (NULL: not counted) the number of all hits (store/person_store.h), and
 * each hit found by a street its "matched_address". */
int person_search(store *s, const actor *a, const person_query *q, int64_t after, int limit,
                  json_t **items, int64_t *next, int64_t *total, err *e);

/* Representatives of a person (domain/representative.c), and accounts as a
 * reference target. */
extern const record_def representative_def;
extern const record_def account_ref_def;

#endif
