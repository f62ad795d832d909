/*
 * organisation.h - the tenant's units and departments and the external agencies
 * it works with (NAV, DPS, hospital, GP office), each with a level; staff
 * accounts with their profession; memberships of staff in units with a position
 * fraction (one person can be 80 % in one unit and 20 % in a team).
 */
#ifndef HELHET_ORGANISATION_H
#define HELHET_ORGANISATION_H

#include "store/record.h"

extern const record_def organisation_def;
extern const record_def staff_def;
extern const record_def membership_def;

extern const char *const organisation_levels[];
extern const char *const professions[];

#endif
