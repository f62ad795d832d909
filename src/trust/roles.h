/*
 * roles.h - the roles of an actor (SPEC section 2, docs/security.md): unit
 * roles from current memberships (coordinating unit, staff, external partner,
 * leader), the persons a representative acts for, and for /me the relations
 * (coordinator of N plans, contact person of N cases).
 */
#ifndef HELHET_ROLES_H
#define HELHET_ROLES_H

#include <jansson.h>

#include "store/store.h"
#include "trust/actor.h"
#include "util/err.h"

/* Loads a->units, a->unit_roles and a->represented (once per request). */
int roles_load(store *s, actor *a, err *e);

/* The actor's roles as shown at GET /me: [{"role": ..., "organisation_id": ...}]. */
int roles_json(store *s, const actor *a, json_t **out, err *e);

#endif
