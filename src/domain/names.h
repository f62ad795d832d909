/*
 * names.h - the names that go with the ids an answer carries, so that the
 * browser application need not look each one up: a list of plans names their
 * coordinators and persons, GET /me the units of the caller's roles, a case its contact
 * person and units, a person their GP office.
 */
#ifndef HELHET_NAMES_H
#define HELHET_NAMES_H

#include <jansson.h>

#include "store/names_store.h"
#include "store/store.h"
#include "trust/actor.h"

/* Sets name_key on each object of items that has id_key: the name of that id
 * (null when the id is null or is not the tenant's), or for an array of ids the
 * array of their names in the same order, with one look-up for them all. */
int names_add(store *s, const actor *a, json_t *items, names_kind kind, const char *id_key,
              const char *name_key, err *e);
/* Whose plan or case each item (with "person_id") is: person_name, and with
 * birth_date also person_birth_date. Only for items the reader may know
 * that of (the plan section of a plan, a case she reads: the caller asks the
 * policy); nothing else of the person record. */
int names_add_persons(store *s, const actor *a, json_t *items, int birth_date, err *e);
/* Whose case each case (with "person_id", "id", "created_by") is:
 * person_name, for a reader of the case; null for the account that
 * registered it with no other relation (basis `reporter`), who could
 * otherwise learn a name for any person id she registers a case about (R13). */
int names_add_case_persons(store *s, const actor *a, json_t *cases, err *e);
/* The same for one object. */
int names_add_one(store *s, const actor *a, json_t *obj, names_kind kind, const char *id_key,
                  const char *name_key, err *e);
/* 1 when the reader may know citizens by name: citizens, administrators and
 * municipal staff (the worklist's rule, docs/security.md); 0 for an external
 * partner, and while the reader's units are not loaded. */
int names_knows_persons(const actor *a);
/* A page of history (plans, cases) names its authors (author_name,
 * author_organisation, author_role); a citizen author's name only for readers
 * who may know persons by name (municipal staff, citizens: as the worklist,
 * docs/security.md), null for an external partner (and while the reader's
 * units are not loaded). */
void names_history_authors(const actor *a, json_t *items);
/* Sets "names" on each history entry: {"staff": {"<id>": {name, organisation_id,
 * organisation_name}}, "organisations": {"<id>": name}} for the staff and
 * organisation ids its data holds (keys ending in staff_id, coordinator_id,
 * organisation_id(s), and the grants), with one look-up of each kind for the
 * page; ids that are not the tenant's are left out. */
int names_history(store *s, const actor *a, json_t *items, err *e);

#endif
