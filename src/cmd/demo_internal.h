/*
 * demo_internal.h - what the two halves of `helhet demo` share: demo.c (the
 * command, organisations, staff, log-ins and persons) and demo_plans.c (cases,
 * individual plans and story S1). The generator's state, its random numbers,
 * small helpers, and the functions demo.c calls in demo_plans.c. Only those
 * two files include it.
 */
#ifndef HELHET_DEMO_INTERNAL_H
#define HELHET_DEMO_INTERNAL_H

#include <jansson.h>
#include <stdint.h>

#include "cmd/demo_data.h"
#include "store/store.h"
#include "trust/actor.h"
#include "util/timeutil.h"

/* The size of the municipality per step of --scale. */
#define PERSONS_PER_SCALE 2000
#define PLANS_PER_SCALE   200
#define CASES_PER_SCALE   150 /* cases without a plan, besides the plans' own */
#define MAX_SCALE         200

/* A staff member as created: `org` is the main unit (a DO_*). */
typedef struct staff_rec {
    int64_t id;
    int org;
    int coordinator;
} staff_rec;

/* A citizen as planned before it is written. */
typedef struct person_rec {
    int64_t id;
    const char *given, *family, *kin_given, *kin_family;
    const char *gp_name;
    char birth[11];
    short age;
    unsigned char female, origin, gp_org, entitled, cognitive;
    signed char profile; /* the plan profile when the person gets a plan, else -1 */
} person_rec;

/* What was created, for the summary. */
typedef struct counts {
    int orgs, staff, memberships, accounts, persons, addresses, kin, entitled_only;
    int cases, contact_changes, plans, by_status[4], overdue, coordinator_changes;
    int goals, measures, unowned, participants, consents, evaluations, linked;
} counts;

/* The generator: the open store, the random state and what exists so far. */
typedef struct demo {
    store *s;
    err e;
    const char *step; /* what was being built, for the error message */
    uint64_t rng;
    int scale;
    char today[11];
    int64_t tenant;
    /* --tenant: the slug (NULL: Fjordvik, in an empty database), its name, its
     * place name (the name without " kommune": it replaces "Fjordvik" in the
     * units' names) and the prefix of its log-ins ("slug-") */
    const char *slug, *name, *number;
    char place[200], prefix[48];
    uint64_t *prior; /* national IDs already in the database (other tenants') */
    size_t nprior;
    actor admin, ke, ola, kari;
    int64_t org[DO_COUNT];
    staff_rec *staff;
    int nstaff, staff_cap;
    int *members[DO_COUNT]; /* indexes into staff, per organisation */
    int nmembers[DO_COUNT];
    int *coord; /* indexes into staff of the coordinators */
    int ncoord;
    int people[DP_COUNT]; /* indexes into staff of the named demo people */
    person_rec *persons;
    int npersons;
    uint64_t *nids; /* open-addressing set of the national IDs handed out */
    size_t nid_cap;
    counts c;
} demo;

/* The statuses a demo plan is made in: draft, awaiting_consent, active,
 * closed (the index of counts.by_status). */
enum { ST_DRAFT, ST_AWAITING, ST_ACTIVE, ST_CLOSED };

/* ---- randomness (splitmix64: small, fast, and the same on every machine) */

static inline uint64_t rnd(demo *d)
{
    uint64_t z = (d->rng += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}
/* 0 <= r < n */
static inline int below(demo *d, int n)
{
    return n > 0 ? (int)(rnd(d) % (uint64_t)n) : 0;
}
static inline int chance(demo *d, int percent)
{
    return below(d, 100) < percent;
}
static inline const char *pick(demo *d, const char *const *list)
{
    return list[below(d, demo_count(list))];
}

/* ---- small helpers ---------------------------------------------------- */

static inline void days_from_today(demo *d, int days, char out[11])
{
    time_add_days(d->today, days, out);
}

static inline int fail(demo *d, const char *what)
{
    return err_set(&d->e, ERR_INTERNAL, "demo_failed", NULL, "%s", what);
}

static inline int64_t id_of(json_t *o)
{
    return json_integer_value(json_object_get(o, "id"));
}

/* ---- demo_plans.c ----------------------------------------------------- */

/* Story S1's plan for Kari (persons[0]), then a plan for each of the other
 * `n` - 1 owners, in every status. */
int demo_build_plans(demo *d, const int *owners, int n);
/* Cases that have no plan: every intake channel and status, some about
 * nobody known yet (anonymous worry reports). */
int demo_build_loose_cases(demo *d);

#endif
