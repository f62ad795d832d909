/*
 * names_store.h - display names for ids: a staff member's given and family
 * name, an organisation's name, for the answers that name the ids they carry
 * (domain/names.h, plan_store_names).
 */
#ifndef HELHET_NAMES_STORE_H
#define HELHET_NAMES_STORE_H

#include <jansson.h>
#include <stdint.h>

#include "store/store.h"

typedef enum {
    NAMES_STAFF,         /* staff.id -> "<given> <family>" */
    NAMES_ORGANISATIONS, /* organisations.id -> name */
    NAMES_STAFF_UNITS,   /* staff.id -> {name, organisation_id, organisation_name}: her
                            largest current membership's unit (null when she has none) */
    NAMES_PERSONS,       /* persons.id -> "<given> <family>" (whose plan or case it is) */
    NAMES_BIRTH_DATES,   /* persons.id -> birth_date, to tell two of one name apart */
} names_kind;

/* *out = {"<id>": "<name>"} for the tenant's rows of `kind` whose ids
 * ids_json (a JSON array of integers) holds, in one query. A person's name
 * and birth date are for the answers whose reader may know whose plan or
 * case it is (the caller decides: domain/names.h); never her address. */
int names_store_of(store *s, names_kind kind, int64_t tenant, const char *ids_json, json_t **out,
                   err *e);

struct db_stmt;
/* Steps a statement whose rows are (id, name[, organisation_id, organisation
 * name]) into map under the id, and finishes it. */
int names_store_rows(struct db_stmt *st, json_t *map, int with_unit, err *e);

#endif
