/*
 * organisation.h - the tenant's units and departments and the external agencies
 * it works with (NAV, DPS, hospital, GP office), each with a level; staff
 * accounts with their profession; memberships of staff in units with a position
 * fraction (one person can be 80 % in one unit and 20 % in a team).
 */
#ifndef HELHET_ORGANISATION_H
#define HELHET_ORGANISATION_H

#include "store/record.h"
#include "trust/actor.h"

extern const record_def organisation_def;
extern const record_def staff_def;
extern const record_def membership_def;

/* Staff member staff_id as one who may be named to a relation (coordinator,
 * contact person): she exists (422 unknown_reference on `field`) and is active
 * (422 staff_inactive). */
int staff_check_active(store *s, const actor *a, int64_t staff_id, const char *field, err *e);
/* ... and is a current member of one of the municipality's own units, not
 * only an external agency's (hol. § 7-2: a partner owns measures, not the
 * municipality's plan or case): else 422 `code` on `field`, naming the `role`. */
int staff_check_municipal(store *s, const actor *a, int64_t staff_id, const char *field,
                          const char *code, const char *role, err *e);

extern const char *const organisation_levels[];
extern const char *const professions[];

#endif
