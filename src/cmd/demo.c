/*
 * demo.c - `helhet demo`: builds one fictional municipality, Fjordvik kommune,
 * with units, external agencies, staff, synthetic citizens, cases and
 * individual plans in every status, plus the people of story S1 (Kari, her
 * coordinator Ola, her NAV caseworker, GP and DPS therapist) with log-ins.
 *
 * Everything goes through the domain functions (entity_create, case_create,
 * plan_create, plan_part_create, ...), so the data obeys the same rules as data
 * entered through the API, and it is all written in one transaction: a failure
 * leaves nothing half-written. The content is deterministic for a given --seed
 * and day (dates are relative to today, so "overdue" stays overdue).
 *
 * The order matters: staff accounts exist before the plans, because the plan
 * functions record who did what; persons are planned in memory first, so that
 * a person is created already flagged as entitled to a plan.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "cmd/demo_data.h"
#include "domain/case.h"
#include "domain/entity.h"
#include "domain/organisation.h"
#include "domain/person.h"
#include "domain/plan.h"
#include "domain/tenant.h"
#include "trust/auth.h"
#include "util/nid.h"
#include "util/timeutil.h"

#define PERSONS_PER_SCALE 2000
#define PLANS_PER_SCALE   200
#define CASES_PER_SCALE   150 /* cases without a plan, besides the plans' own */
#define MAX_SCALE         200
#define CONTRIB_KEY       "contributing_organisation_ids"

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

typedef struct counts {
    int orgs, staff, memberships, accounts, persons, addresses, kin, entitled_only;
    int cases, contact_changes, plans, by_status[4], overdue, coordinator_changes;
    int goals, measures, unowned, participants, consents, evaluations, linked;
} counts;

typedef struct demo {
    store *s;
    err e;
    const char *step; /* what was being built, for the error message */
    uint64_t rng;
    int scale;
    char today[11];
    int64_t tenant;
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

enum { ST_DRAFT, ST_AWAITING, ST_ACTIVE, ST_CLOSED };

/* ---- randomness (splitmix64: small, fast, and the same on every machine) */

static uint64_t rnd(demo *d)
{
    uint64_t z = (d->rng += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}
/* 0 <= r < n */
static int below(demo *d, int n)
{
    return n > 0 ? (int)(rnd(d) % (uint64_t)n) : 0;
}
static int chance(demo *d, int percent)
{
    return below(d, 100) < percent;
}
static const char *pick(demo *d, const char *const *list)
{
    return list[below(d, demo_count(list))];
}

/* ---- small helpers ---------------------------------------------------- */

static void days_from_today(demo *d, int days, char out[11])
{
    time_add_days(d->today, days, out);
}

static int fail(demo *d, const char *what)
{
    return err_set(&d->e, ERR_INTERNAL, "demo_failed", NULL, "%s", what);
}

static int64_t id_of(json_t *o)
{
    return json_integer_value(json_object_get(o, "id"));
}

/* Creates a record; consumes `in` and `fixed` (NULL `in` means json_pack
 * failed, a bug in this file). *id (may be NULL) gets the new id. */
static int create(demo *d, const actor *a, const record_def *def, json_t *in, json_t *fixed,
                  int64_t *id)
{
    json_t *out = NULL;
    int rc = in ? entity_create(d->s, a, def, in, fixed, &out, &d->e) : fail(d, "bad demo record");
    if (!rc && id) *id = id_of(out);
    json_decref(in);
    json_decref(fixed);
    json_decref(out);
    return rc;
}

/* Creates a part of a plan; consumes `in`. */
static int part(demo *d, const actor *a, int64_t plan, const record_def *def, json_t *in,
                int64_t *id)
{
    json_t *out = NULL;
    int rc =
        in ? plan_part_create(d->s, a, plan, def, in, &out, &d->e) : fail(d, "bad demo plan part");
    if (!rc && id) *id = id_of(out);
    json_decref(in);
    json_decref(out);
    return rc;
}

/* Lower-case ASCII for e-mail addresses: æ -> ae, ø -> o, å -> a, other
 * letters outside ASCII dropped, spaces -> '.'. */
static void ascii_slug(const char *s, char *out, size_t size)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p && n + 3 < size; p++) {
        if (*p >= 'A' && *p <= 'Z')
            out[n++] = (char)(*p - 'A' + 'a');
        else if ((*p >= 'a' && *p <= 'z') || *p == '-')
            out[n++] = (char)*p;
        else if (*p == ' ')
            out[n++] = '.';
        else if (p[0] == 0xc3 && (p[1] == 0xa6 || p[1] == 0x86)) { /* æ Æ */
            out[n++] = 'a';
            out[n++] = 'e';
            p++;
        } else if (p[0] == 0xc3 && (p[1] == 0xb8 || p[1] == 0x98 || p[1] == 0xa5 || p[1] == 0x85 ||
                                    p[1] == 0xa1 || p[1] == 0xb3)) {
            out[n++] = (p[1] == 0xa5 || p[1] == 0x85 || p[1] == 0xa1) ? 'a' : 'o';
            p++;
        }
    }
    out[n] = '\0';
}

static void make_phone(demo *d, char out[20])
{
    snprintf(out, 20, "+47 %d%02d %02d %03d", chance(d, 60) ? 4 : 9, below(d, 100), below(d, 100),
             below(d, 1000));
}

/* ---- organisations and staff ------------------------------------------ */

static int add_member(demo *d, int staff, int org)
{
    int *m = realloc(d->members[org], sizeof *m * (size_t)(d->nmembers[org] + 1));
    if (!m) return fail(d, "out of memory");
    m[d->nmembers[org]++] = staff;
    d->members[org] = m;
    return 0;
}

static int membership(demo *d, int staff, int org, int percent, const char *role, const char *from,
                      const char *to)
{
    json_t *in =
        json_pack("{s:I, s:I, s:i, s:s*, s:s*, s:s*}", "staff_id", (json_int_t)d->staff[staff].id,
                  "organisation_id", (json_int_t)d->org[org], "position_percent", percent, "role",
                  role, "valid_from", from, "valid_to", to);
    if (create(d, &d->admin, &membership_def, in, NULL, NULL)) return -1;
    d->c.memberships++;
    return to ? 0 : add_member(d, staff, org);
}

/* Creates a staff member with a membership in `org` (and `org2` for a split
 * position) that ended on `until` (NULL: current); returns its index in
 * d->staff, or -1. */
static int add_staff(demo *d, const char *given, const char *family, const char *profession,
                     const char *title, int org, int percent, int org2, int coordinator,
                     const char *role, const char *until)
{
    if (d->nstaff == d->staff_cap) {
        int cap = d->staff_cap ? d->staff_cap * 2 : 256;
        staff_rec *n = realloc(d->staff, sizeof *n * (size_t)cap);
        if (!n) return fail(d, "out of memory");
        d->staff = n;
        d->staff_cap = cap;
    }
    char email[160] = "", g[60], f[60], phone[20];
    if (strcmp(demo_orgs[org].kind, "external_agency")) { /* a municipal e-mail address */
        ascii_slug(given, g, sizeof g);
        ascii_slug(family, f, sizeof f);
        snprintf(email, sizeof email, "%s.%s@fjordvik.kommune.example", g, f);
    }
    make_phone(d, phone);
    json_t *in = json_pack("{s:s, s:s, s:s, s:s*, s:s*, s:s}", "given_name", given, "family_name",
                           family, "profession", profession, "title", title, "email",
                           email[0] ? email : NULL, "phone", phone);
    int64_t id;
    if (create(d, &d->admin, &staff_def, in, NULL, &id)) return -1;
    int i = d->nstaff++;
    d->staff[i] = (staff_rec){id, org, coordinator};
    d->c.staff++;
    char from[11];
    if (until)
        time_add_days(until, -165, from);
    else
        days_from_today(d, -30 - below(d, 15 * 365), from);
    if (membership(d, i, org, percent, role, from, until)) return -1;
    if (org2 != DO_NONE && membership(d, i, org2, 100 - percent, role, from, until)) return -1;
    if (coordinator) {
        int *c = realloc(d->coord, sizeof *c * (size_t)(d->ncoord + 1));
        if (!c) return fail(d, "out of memory");
        c[d->ncoord++] = i;
        d->coord = c;
    }
    return i;
}

static int build_orgs(demo *d)
{
    d->step = "creating the organisations";
    for (int o = 0; o < DO_COUNT; o++) {
        const demo_org_def *g = &demo_orgs[o];
        json_t *in = json_pack("{s:s, s:s, s:s, s:s, s:s*, s:s*}", "name", g->name, "short_name",
                               g->short_name, "kind", g->kind, "level", g->level, "phone", g->phone,
                               "email", g->email);
        if (in && g->parent != DO_NONE)
            json_object_set_new(in, "parent_id", json_integer(d->org[g->parent]));
        if (create(d, &d->admin, &organisation_def, in, NULL, &d->org[o])) return -1;
        d->c.orgs++;
    }
    return 0;
}

/* A unit's second unit for a split 80/20 position, or DO_NONE. */
static int split_partner(int org)
{
    switch (org) {
    case DO_HJEMMESYKEPLEIE:
    case DO_FYSIOERGO:
        return DO_DAGSENTER;
    case DO_PSYKRUS:
        return DO_OPPFOLGING;
    case DO_TILDELING:
        return DO_KE;
    case DO_PRAKTISK:
        return DO_HJEMMESYKEPLEIE;
    default:
        return DO_NONE;
    }
}

static int build_staff(demo *d)
{
    d->step = "creating the staff";
    for (int p = 0; p < DP_COUNT; p++) {
        const demo_person_def *n = &demo_people[p];
        d->people[p] =
            add_staff(d, n->given, n->family, n->profession, n->title, n->org, n->percent, n->org2,
                      n->coordinator, n->coordinator ? "koordinator" : NULL, NULL);
        if (d->people[p] < 0) return -1;
    }
    /* S4: NAV's previous caseworker, whose period at NAV ended last month. */
    char ended[11];
    days_from_today(d, -35, ended);
    if (add_staff(d, "Tor", "Evensen", "nav_advisor", "NAV-veileder", DO_NAV, 100, DO_NONE, 0, NULL,
                  ended) < 0)
        return -1;
    const demo_origin *nor = &demo_origins[0];
    for (int o = 0; o < DO_COUNT; o++) {
        const demo_org_def *g = &demo_orgs[o];
        /* The municipality's own staff grow with the population; the
         * agencies send only some of theirs to work with it. */
        int external = !strcmp(g->kind, "external_agency");
        int n = external ? g->staff + g->staff * (d->scale - 1) / 5 : g->staff * d->scale;
        for (int k = 0; k < n; k++) {
            /* one in ten staff members has a name of another origin */
            const demo_origin *origin =
                chance(d, 10) ? &demo_origins[1 + below(d, demo_norigins - 1)] : nor;
            int female = chance(d, o == DO_HJEMMESYKEPLEIE || o == DO_PRAKTISK ? 85 : 65);
            const char *prof = g->profession2 && k % 3 == 2 ? g->profession2 : g->profession;
            const char *title =
                o >= DO_LEGE_SENTRUM && o <= DO_LEGE_HAVN ? "Fastlege" : demo_title(prof);
            int leader = k == 0 && !external && o != DO_DEPT;
            int coordinator = !leader && below(d, 100) < g->coordinator_pct;
            int org2 = DO_NONE, percent = 100;
            if (chance(d, 15) && (org2 = split_partner(o)) != DO_NONE)
                percent = 80;
            else if (chance(d, 12))
                percent = 50 + 10 * below(d, 4);
            const char *role = leader ? "leder" : coordinator ? "koordinator" : NULL;
            if (add_staff(d, pick(d, female ? origin->female : origin->male),
                          pick(d, origin->family), prof, title, o, percent, org2, coordinator, role,
                          NULL) < 0)
                return -1;
        }
    }
    return 0;
}

static int account(demo *d, const char *username, account_role role, int staff, int64_t person,
                   actor *a)
{
    int64_t id;
    int64_t staff_id = staff >= 0 ? d->staff[staff].id : 0;
    if (auth_account_create(d->s, d->tenant, username, DEMO_PASSWORD, role, staff_id, person, &id,
                            &d->e))
        return -1;
    d->c.accounts++;
    if (a) {
        memset(a, 0, sizeof *a);
        a->account_id = id;
        a->tenant_id = d->tenant;
        a->staff_id = staff_id;
        a->person_id = person;
        a->role = role;
        snprintf(a->username, sizeof a->username, "%s", username);
    }
    return 0;
}

static int build_accounts(demo *d)
{
    d->step = "creating the demo log-ins";
    /* Argon2id on purpose only for these few: it is slow by design. */
    if (account(d, "admin", ROLE_ADMIN, -1, 0, &d->admin)) return -1;
    for (int p = 0; p < DP_COUNT; p++) {
        actor *a = p == DP_OLA ? &d->ola : p == DP_KE ? &d->ke : NULL;
        if (account(d, demo_people[p].username, ROLE_STAFF, d->people[p], 0, a)) return -1;
    }
    return 0;
}

/* ---- persons ---------------------------------------------------------- */

static int nid_add(demo *d, uint64_t v)
{
    size_t mask = d->nid_cap - 1, i = (size_t)(v * 0x9e3779b97f4a7c15ull) & mask;
    while (d->nids[i]) {
        if (d->nids[i] == v) return 0;
        i = (i + 1) & mask;
    }
    d->nids[i] = v;
    return 1;
}

/* A synthetic (Tenor style: month + 80) national ID for the birth date, never
 * handed out before; the individual number's parity follows the sex. About 200
 * numbers exist per date and sex, so the bound is never reached in practice. */
static int make_nid(demo *d, const person_rec *p, char out[12])
{
    int y = atoi(p->birth), m = atoi(p->birth + 5), day = atoi(p->birth + 8);
    int lo = y >= 2000 ? 500 : 0; /* the individual number encodes the century */
    for (int tries = 0; tries < 10000; tries++) {
        int ind = lo + below(d, 500);
        ind = (ind & ~1) | (p->female ? 0 : 1);
        if (ind >= lo + 500) ind -= 2;
        int v[9] = {day / 10, day % 10,  (m + 80) / 10, m % 10,  y % 100 / 10,
                    y % 10,   ind / 100, ind / 10 % 10, ind % 10};
        for (int k = 0; k < 9; k++) out[k] = (char)('0' + v[k]);
        if (nid_complete(out)) continue;
        if (nid_add(d, strtoull(out, NULL, 10))) return 0;
    }
    return fail(d, "ran out of synthetic national ID numbers for one birth date");
}

/* Ages follow a rough Norwegian population pyramid, 0 to 95. */
static int pick_age(demo *d)
{
    for (;;) {
        int age = below(d, 96), keep = age < 67 ? 100 : age < 80 ? 80 : age < 90 ? 45 : 15;
        if (chance(d, keep)) return age;
    }
}

static void plan_person(demo *d, person_rec *p, int age, int female, int origin)
{
    const demo_origin *o = &demo_origins[origin];
    p->age = (short)age;
    p->female = (unsigned char)female;
    p->origin = (unsigned char)origin;
    days_from_today(d, -(int)(age * 365.25) - below(d, 365), p->birth);
    p->given = pick(d, female ? o->female : o->male);
    p->family = pick(d, o->family);
    p->kin_given = pick(d, female ^ chance(d, 70) ? o->female : o->male);
    p->kin_family = chance(d, 60) ? p->family : pick(d, o->family);
    int r = below(d, 100);
    p->gp_org = (unsigned char)(r < 50 ? 0 : r < 75 ? 1 : 2);
    p->gp_name = demo_gp_names[p->gp_org][below(d, 4)];
    p->cognitive = age >= 80 && chance(d, 15);
    p->profile = -1;
}

static int plan_persons(demo *d)
{
    d->npersons = PERSONS_PER_SCALE * d->scale;
    d->persons = calloc((size_t)d->npersons, sizeof *d->persons);
    d->nid_cap = 1024;
    while (d->nid_cap < (size_t)d->npersons * 3) d->nid_cap *= 2;
    d->nids = calloc(d->nid_cap, sizeof *d->nids);
    if (!d->persons || !d->nids) return fail(d, "out of memory");
    /* Kari (S1) is the first. */
    plan_person(d, &d->persons[0], DEMO_KARI_AGE, 1, 0);
    d->persons[0].given = DEMO_KARI_GIVEN;
    d->persons[0].family = DEMO_KARI_FAMILY;
    d->persons[0].kin_given = "Line";
    d->persons[0].kin_family = DEMO_KARI_FAMILY;
    d->persons[0].gp_org = 0;
    d->persons[0].gp_name = "Amir Haddad";
    int total = 0;
    for (int i = 0; i < demo_norigins; i++) total += demo_origins[i].permille;
    for (int i = 1; i < d->npersons; i++) {
        int age = pick_age(d), r = below(d, total), origin = 0;
        while (r >= demo_origins[origin].permille) r -= demo_origins[origin++].permille;
        /* families of recent immigration have no very old members here */
        int year = atoi(d->today) - age;
        if (year < demo_origins[origin].min_birth_year) origin = 0;
        plan_person(d, &d->persons[i], age, chance(d, 50), origin);
    }
    return 0;
}

/* Picks a person of the profile's ages who has no plan yet, or -1. */
static int pick_owner(demo *d, const demo_profile *p)
{
    for (int tries = 0; tries < 300; tries++) {
        int i = 1 + below(d, d->npersons - 1);
        person_rec *r = &d->persons[i];
        if (r->profile < 0 && r->age >= p->min_age && r->age <= p->max_age) return i;
    }
    for (int i = 1; i < d->npersons; i++) {
        person_rec *r = &d->persons[i];
        if (r->profile < 0 && r->age >= p->min_age && r->age <= p->max_age) return i;
    }
    return -1;
}

static int demo_profile_named(const char *name)
{
    for (int i = 0; i < demo_nprofiles; i++)
        if (!strcmp(demo_profiles[i].name, name)) return i;
    return 0;
}

static int pick_profile(demo *d)
{
    int total = 0, k = 0;
    for (int i = 0; i < demo_nprofiles; i++) total += demo_profiles[i].weight;
    int r = below(d, total);
    while (r >= demo_profiles[k].weight) r -= demo_profiles[k++].weight;
    return k;
}

/* Whose plans there will be: persons[i].profile set for each owner; returns
 * the owners' indexes in plan order (Kari first) in *owners. */
static int choose_owners(demo *d, int **owners, int *n)
{
    int want = PLANS_PER_SCALE * d->scale;
    int *o = malloc(sizeof *o * (size_t)want);
    if (!o) return fail(d, "out of memory");
    d->persons[0].profile = (signed char)demo_profile_named("mental_health_substance");
    d->persons[0].entitled = 1;
    o[0] = 0;
    int k = 1;
    while (k < want) {
        int prof = pick_profile(d), i = pick_owner(d, &demo_profiles[prof]);
        if (i < 0) break; /* nobody left of those ages: fewer plans */
        d->persons[i].profile = (signed char)prof;
        d->persons[i].entitled = 1;
        o[k++] = i;
    }
    /* Some are entitled to a plan but have none (S10 counts them). */
    for (int j = 0; j < d->npersons / 40; j++) {
        person_rec *r = &d->persons[1 + below(d, d->npersons - 1)];
        if (r->profile < 0 && !r->entitled) {
            r->entitled = 1;
            d->c.entitled_only++;
        }
    }
    *owners = o;
    *n = k;
    return 0;
}

static int add_address(demo *d, int64_t person, const char *from, const char *to, int care_home)
{
    const demo_street *st =
        care_home ? &demo_streets[demo_nstreets - 1] : &demo_streets[below(d, demo_nstreets - 1)];
    char street[120];
    if (care_home)
        snprintf(street, sizeof street, "%s, leil. %d", st->name, 101 + below(d, 40));
    else if (chance(d, 15))
        snprintf(street, sizeof street, "%s %d%c", st->name, 1 + below(d, 120), 'A' + below(d, 4));
    else
        snprintf(street, sizeof street, "%s %d", st->name, 1 + below(d, 120));
    const demo_place *pl = &demo_places[st->place];
    json_t *in = json_pack("{s:s, s:s, s:s, s:s*, s:s*}", "street", street, "postal_code",
                           pl->postal_code, "city", pl->city, "valid_from", from, "valid_to", to);
    json_t *fixed = json_pack("{s:I}", "person_id", (json_int_t)person);
    if (create(d, &d->admin, &address_def, in, fixed, NULL)) return -1;
    d->c.addresses++;
    return 0;
}

static int add_kin(demo *d, const person_rec *p, const char *given, const char *family,
                   const char *relation, int guardian)
{
    char name[200], phone[20];
    snprintf(name, sizeof name, "%s %s", given, family);
    make_phone(d, phone);
    json_t *in =
        json_pack("{s:s, s:s, s:s, s:b, s:s*}", "name", name, "relation", relation, "phone", phone,
                  "is_guardian", guardian, "note", chance(d, 20) ? pick(d, demo_kin_notes) : NULL);
    json_t *fixed = json_pack("{s:I}", "person_id", (json_int_t)p->id);
    if (create(d, &d->admin, &next_of_kin_def, in, fixed, NULL)) return -1;
    d->c.kin++;
    return 0;
}

static int person_kin(demo *d, const person_rec *p)
{
    const demo_origin *o = &demo_origins[p->origin];
    if (p->age < 18) { /* both parents, with parental responsibility */
        return add_kin(d, p, p->kin_given, p->family, "parent", 1) ||
               (chance(d, 80) && add_kin(d, p, pick(d, p->female ? o->male : o->female),
                                         p->kin_family, "parent", 1));
    }
    if (p->age >= 67 ? !chance(d, 85) : !chance(d, 45)) return 0;
    static const char *const adult[] = {"partner", "spouse", "sibling", "parent", "friend", NULL};
    const char *rel = p->age >= 67 ? (chance(d, 70) ? "child" : "spouse") : pick(d, adult);
    if (p == d->persons) rel = "sibling"; /* Kari's sister */
    return add_kin(d, p, p->kin_given, p->kin_family, rel, p->cognitive && chance(d, 50));
}

/* Communication needs, a note and languages for one person, into `in`. */
static void person_needs(demo *d, const person_rec *p, json_t *in)
{
    const demo_origin *o = &demo_origins[p->origin];
    json_t *needs = json_array();
    int interpreter = p->origin && p->age >= 16 && chance(d, o->needs_interpreter);
    if (p->age >= 80 ? chance(d, 35) : chance(d, 2))
        json_array_append_new(needs, json_string("hearing"));
    if (p->age >= 80 && chance(d, 12)) json_array_append_new(needs, json_string("sight"));
    if (p->cognitive) json_array_append_new(needs, json_string("cognitive"));
    if (p->age >= 10 && chance(d, 3)) json_array_append_new(needs, json_string("reading"));
    if (interpreter) json_array_append_new(needs, json_string("interpreter"));
    int sign = chance(d, 1) && chance(d, 30);
    if (sign) json_array_append_new(needs, json_string("sign_language"));
    const char *note = NULL;
    if (json_array_size(needs) && chance(d, 60)) {
        const char *first = json_string_value(json_array_get(needs, 0));
        note = !strcmp(first, "hearing")   ? pick(d, demo_comm_notes_hearing)
               : interpreter               ? demo_comm_notes_other[2]
               : sign                      ? demo_comm_notes_other[5]
               : !strcmp(first, "reading") ? demo_comm_notes_other[3]
                                           : demo_comm_notes_other[below(d, 2) ? 1 : 4];
    }
    json_object_set_new(in, "communication_needs", needs);
    if (note) json_object_set_new(in, "communication_note", json_string(note));
    if (interpreter) json_object_set_new(in, "interpreter_language", json_string(o->language));
    const char *lang = "nb";
    if (p->origin && p->age >= 18 && chance(d, o->prefers_language))
        lang = o->language;
    else if (!p->origin && chance(d, 12))
        lang = "nn";
    json_object_set_new(in, "preferred_language", json_string(lang));
}

static int build_persons(demo *d)
{
    d->step = "creating the persons";
    for (int i = 0; i < d->npersons; i++) {
        person_rec *p = &d->persons[i];
        char nid[12], phone[20], email[160] = "", g[60], f[60];
        if (make_nid(d, p, nid)) return -1;
        int has_phone = p->age >= 12 && chance(d, 90);
        if (has_phone) make_phone(d, phone);
        if (p->age >= 18 && p->age < 80 && chance(d, 35)) {
            ascii_slug(p->given, g, sizeof g);
            ascii_slug(p->family, f, sizeof f);
            snprintf(email, sizeof email, "%s.%s%d@example.com", g, f, below(d, 100));
        }
        json_t *in =
            json_pack("{s:s, s:s, s:s, s:s*, s:s*, s:I, s:s, s:b}", "national_id", nid,
                      "given_name", p->given, "family_name", p->family, "phone",
                      has_phone ? phone : NULL, "email", email[0] ? email : NULL,
                      "gp_organisation_id", (json_int_t)d->org[DO_LEGE_SENTRUM + p->gp_org],
                      "gp_name", p->gp_name, "entitled_to_plan", p->entitled);
        if (in) person_needs(d, p, in);
        if (create(d, &d->admin, &person_def, in, NULL, &p->id)) return -1;
        d->c.persons++;
        /* A current address (a few have none: no fixed abode), some a former one. */
        if (i == 0 || chance(d, 99)) {
            char from[11], before[11], moved[11];
            int lived = below(d, p->age * 365 + 1);
            days_from_today(d, -lived, from);
            if (lived > 400 && chance(d, 25)) {
                days_from_today(d, -lived - 1, before);
                days_from_today(d, -lived - 200 - below(d, 3000), moved);
                if (strcmp(moved, p->birth) < 0) memcpy(moved, p->birth, 11);
                if (add_address(d, p->id, moved, before, 0)) return -1;
            }
            if (add_address(d, p->id, from, NULL, p->age >= 85 && chance(d, 20))) return -1;
        }
        if (person_kin(d, p)) return -1;
    }
    return 0;
}

/* ---- cases ------------------------------------------------------------ */

/* A random current member of an organisation (index into d->staff), or -1. */
static int member(demo *d, int org)
{
    return d->nmembers[org] ? d->members[org][below(d, d->nmembers[org])] : -1;
}

/* Most plans are spread evenly, but a few coordinators carry many (S10 asks
 * which carry more than 20). */
static int pick_coordinator(demo *d)
{
    int heavy = d->ncoord / 20 > 0 ? d->ncoord / 20 : 1;
    return d->coord[chance(d, 10) ? below(d, heavy) : below(d, d->ncoord)];
}

static const char *pick_urgency(demo *d)
{
    int r = below(d, 100);
    return r < 20 ? "low" : r < 75 ? "normal" : r < 93 ? "high" : "acute";
}

static const char *channel_note(const char *channel)
{
    for (int i = 0; case_intake_channels[i]; i++)
        if (!strcmp(case_intake_channels[i], channel)) return demo_channel_notes[i];
    return NULL;
}

/* Creates a case about person p (NULL: an unknown person, only for worry
 * reports), with a contact person from the lead unit, sometimes changed since. */
static int make_case(demo *d, const person_rec *p, const demo_profile *pr, const char *channel,
                     const char *status, int64_t *case_id)
{
    json_t *domains = json_array(), *contrib = json_array();
    for (int i = 0; pr->domains[i]; i++)
        if (i == 0 || chance(d, 75)) json_array_append_new(domains, json_string(pr->domains[i]));
    for (int i = 0; pr->contributing[i] != DO_NONE; i++)
        if (chance(d, 70))
            json_array_append_new(contrib, json_integer(d->org[pr->contributing[i]]));
    int ntitles = 0;
    while (ntitles < 4 && pr->case_titles[ntitles]) ntitles++;
    char intake[11];
    days_from_today(d, -below(d, strcmp(status, "new") ? 1000 : 20), intake);
    int anonymous = !strcmp(channel, "worry_report") && (!p || chance(d, 40));
    json_t *in =
        json_pack("{s:s, s:s*, s:s, s:s, s:b, s:o, s:s, s:s, s:I, s:o}", "title",
                  pr->case_titles[below(d, ntitles)], "description", channel_note(channel),
                  "intake_channel", channel, "intake_date", intake, "anonymous_reporter", anonymous,
                  "domains", domains, "urgency", pick_urgency(d), "status", status,
                  "lead_organisation_id", (json_int_t)d->org[pr->lead], CONTRIB_KEY, contrib);
    int contact = member(d, pr->lead);
    if (in && p) json_object_set_new(in, "person_id", json_integer(p->id));
    if (in && contact >= 0)
        json_object_set_new(in, "contact_staff_id", json_integer(d->staff[contact].id));
    json_t *out = NULL;
    int rc = in ? case_create(d->s, &d->ke, in, &out, &d->e) : fail(d, "bad demo case");
    json_decref(in);
    if (rc) return -1;
    *case_id = id_of(out);
    json_decref(out);
    d->c.cases++;
    /* R2: some have had another contact person since. */
    int next = chance(d, 15) ? member(d, pr->lead) : -1;
    if (next >= 0 && next != contact) {
        if (case_set_contact(d->s, &d->ke, *case_id, d->staff[next].id,
                             pick(d, demo_contact_reasons), &out, &d->e))
            return -1;
        json_decref(out);
        d->c.contact_changes++;
    }
    return 0;
}

/* Cases that have no plan: every intake channel and status, some about
 * nobody known yet (anonymous worry reports). */
static int build_loose_cases(demo *d)
{
    d->step = "creating the cases";
    static const char *const statuses[] = {"new", "in_progress", "waiting", "closed"};
    int n = CASES_PER_SCALE * d->scale, nchannels = demo_count(case_intake_channels);
    for (int k = 0; k < n; k++) {
        person_rec *p = &d->persons[1 + below(d, d->npersons - 1)];
        int fits[8], nfits = 0;
        for (int i = 0; i < demo_nprofiles && nfits < 8; i++)
            if (p->age >= demo_profiles[i].min_age && p->age <= demo_profiles[i].max_age)
                fits[nfits++] = i;
        const demo_profile *pr = &demo_profiles[nfits ? fits[below(d, nfits)] : 0];
        const char *channel = k < nchannels   ? case_intake_channels[k]
                              : chance(d, 70) ? pr->channels[below(d, 4)]
                                              : case_intake_channels[below(d, nchannels)];
        if (!strcmp(channel, "worry_report") && chance(d, 30)) p = NULL;
        int r = below(d, 100), st = r < 25 ? 0 : r < 60 ? 1 : r < 75 ? 2 : 3;
        int64_t id;
        if (make_case(d, p, pr, channel, k < 4 ? statuses[k] : statuses[st], &id)) return -1;
    }
    return 0;
}

/* ---- individual plans ------------------------------------------------- */

typedef struct plan_ctx {
    int64_t id, case_id;
    int status, coordinator;
    const person_rec *owner;
    const demo_profile *pr;
    char from[11];
    int64_t goals[8];
    int ngoals;
    int64_t measures[8];
    int nmeasures;
    int orgs[8]; /* organisations in the group, for the consent */
    int norgs;
} plan_ctx;

static int add_participant(demo *d, const actor *a, plan_ctx *c, int staff, int org,
                           const char *name, const char *role)
{
    json_t *in = json_pack("{s:s, s:s, s:s*}", "role", role, "joined_on", c->from, "name", name);
    if (in && staff >= 0) json_object_set_new(in, "staff_id", json_integer(d->staff[staff].id));
    if (in && org != DO_NONE) json_object_set_new(in, "organisation_id", json_integer(d->org[org]));
    if (part(d, a, c->id, &participant_def, in, NULL)) return -1;
    d->c.participants++;
    if (org != DO_NONE && c->norgs < 8) c->orgs[c->norgs++] = org;
    return 0;
}

/* The owner (or a parent), the services of the profile, the GP, and for some
 * a next of kin. The coordinator joins by being appointed. */
static int plan_group(demo *d, plan_ctx *c)
{
    const person_rec *p = c->owner;
    char name[200];
    snprintf(name, sizeof name, "%s %s", p->given, p->family);
    if (add_participant(d, &d->ke, c, -1, DO_NONE, name, "owner")) return -1;
    if (c->pr->by_representative || p->cognitive) {
        snprintf(name, sizeof name, "%s %s", p->kin_given, p->age < 18 ? p->family : p->kin_family);
        if (add_participant(d, &d->ke, c, -1, DO_NONE, name,
                            p->age < 18 ? "representative" : "next_of_kin"))
            return -1;
    }
    int64_t used[8];
    int nused = 0;
    if (c->coordinator >= 0) used[nused++] = d->staff[c->coordinator].id;
    for (int i = 0; c->pr->participants[i] != DO_NONE && nused < 8; i++) {
        int org = c->pr->participants[i];
        if (i >= 2 && !chance(d, 70)) continue;
        int st = member(d, org);
        for (int k = 0; k < nused && st >= 0; k++)
            if (used[k] == d->staff[st].id) st = -1;
        if (st < 0) continue;
        used[nused++] = d->staff[st].id;
        if (add_participant(d, &d->ke, c, st, org, NULL, demo_orgs[org].participant_role))
            return -1;
    }
    if (chance(d, 60) &&
        add_participant(d, &d->ke, c, -1, DO_LEGE_SENTRUM + p->gp_org, p->gp_name, "gp"))
        return -1;
    return 0;
}

static const char *writer(demo *d, const plan_ctx *c)
{
    if (c->pr->by_representative || c->owner->cognitive) return "representative";
    return chance(d, 75) ? "owner" : "staff";
}

/* An evaluation date: for current plans mostly ahead, some overdue (R8). */
static const char *eval_date(demo *d, const plan_ctx *c, char out[11])
{
    if (c->status != ST_ACTIVE || chance(d, 40)) return NULL;
    days_from_today(d, chance(d, 12) ? -1 - below(d, 60) : 7 + below(d, 120), out);
    return out;
}

static int add_goal(demo *d, const actor *a, plan_ctx *c, const char *text, const char *domain,
                    int64_t parent, const char *by, int position)
{
    char date[11];
    const char *status = c->status == ST_CLOSED && chance(d, 50) ? "achieved" : "active";
    json_t *in = json_pack("{s:s, s:s, s:s, s:s*, s:s, s:s*, s:i}", "kind", parent ? "sub" : "main",
                           "text", text, "written_by", by, "domain", domain, "status", status,
                           "evaluation_date", eval_date(d, c, date), "position", position);
    if (in && parent) json_object_set_new(in, "parent_id", json_integer(parent));
    int64_t id;
    if (part(d, a, c->id, &goal_def, in, &id)) return -1;
    d->c.goals++;
    if (!parent && c->ngoals < 8) c->goals[c->ngoals++] = id;
    return 0;
}

static int plan_goals(demo *d, plan_ctx *c)
{
    int n = 0;
    while (n < 6 && c->pr->goals[n].text) n++;
    int first = below(d, n), count = 1 + chance(d, 55), pos = 0;
    for (int k = 0; k < count; k++) {
        const demo_goal *g = &c->pr->goals[(first + k) % n];
        if (add_goal(d, &d->ke, c, g->text, g->domain, 0, writer(d, c), pos++)) return -1;
        int64_t main = c->goals[c->ngoals - 1];
        for (int j = 0; g->sub[j]; j++)
            if ((j == 0 || chance(d, 70)) &&
                add_goal(d, &d->ke, c, g->sub[j], g->domain, main, writer(d, c), pos++))
                return -1;
    }
    return 0;
}

static int add_measure(demo *d, plan_ctx *c, const demo_measure *m)
{
    char start[11], end[11], date[11], deadline[11];
    int offset = below(d, 45);
    time_add_days(c->from, offset, start);
    const char *status = "planned", *decision = "not_required", *end_reason = NULL;
    if (c->status == ST_CLOSED) {
        status = "ended";
    } else if (c->status == ST_ACTIVE && strcmp(start, d->today) <= 0) {
        int r = below(d, 100);
        status = r < 75 ? "active" : r < 85 ? "planned" : r < 92 ? "paused" : "ended";
    }
    if (m->decider != DO_NONE) {
        int r = below(d, 100);
        decision = c->status < ST_ACTIVE    ? "pending"
                   : c->status == ST_CLOSED ? "granted"
                   : r < 65                 ? "granted"
                   : r < 90                 ? "pending"
                   : r < 95                 ? "refused"
                                            : "appealed";
        if (!strcmp(decision, "refused")) {
            status = "cancelled";
            end_reason = "Søknaden ble avslått";
        }
    }
    int ends = !strcmp(status, "ended") || !strcmp(status, "cancelled");
    if (ends) {
        time_add_days(start, 30 + below(d, 300), end);
        if (strcmp(end, d->today) > 0) memcpy(end, d->today, 11);
        if (strcmp(end, start) < 0) memcpy(end, start, 11);
    }
    /* R7: a few have lost their responsible party (or never had one). */
    int org = m->org, staff = -1;
    if (chance(d, 4)) org = DO_NONE;
    if (org != DO_NONE && m->staff) staff = member(d, org);
    int specialist = org == DO_DPS || org == DO_SYKEHUS;
    int has_deadline = specialist && !strcmp(status, "planned") && chance(d, 50);
    if (has_deadline) days_from_today(d, 20 + below(d, 150), deadline);
    json_t *in = json_pack(
        "{s:s, s:s*, s:s*, s:s, s:s*, s:s, s:s*, s:s, s:s*, s:s*}", "description", m->description,
        "scope", m->scope, "how", m->how, "start_date", start, "end_date", ends ? end : NULL,
        "status", status, "end_reason", end_reason, "decision_status", decision, "evaluation_date",
        ends ? NULL : eval_date(d, c, date), "deadline", has_deadline ? deadline : NULL);
    if (!in) return fail(d, "bad demo measure");
    if (c->ngoals) json_object_set_new(in, "goal_id", json_integer(c->goals[below(d, c->ngoals)]));
    if (org != DO_NONE)
        json_object_set_new(in, "responsible_organisation_id", json_integer(d->org[org]));
    if (staff >= 0)
        json_object_set_new(in, "responsible_staff_id", json_integer(d->staff[staff].id));
    if (m->decider != DO_NONE)
        json_object_set_new(in, "deciding_organisation_id", json_integer(d->org[m->decider]));
    int64_t id;
    if (part(d, &d->ke, c->id, &measure_def, in, &id)) return -1;
    d->c.measures++;
    if (org == DO_NONE && !ends) d->c.unowned++;
    if (c->nmeasures < 8) c->measures[c->nmeasures++] = id;
    return 0;
}

static int plan_measures(demo *d, plan_ctx *c)
{
    int n = 0;
    while (n < 8 && c->pr->measures[n].description) n++;
    int want = 2 + below(d, 3), first = below(d, n);
    for (int k = 0; k < n && c->nmeasures < want; k++) {
        const demo_measure *m = &c->pr->measures[(first + k) % n];
        /* measures nobody has taken on yet are the exception */
        if (m->org == DO_NONE && !chance(d, 35)) continue;
        if (add_measure(d, c, m)) return -1;
    }
    return 0;
}

/* The sections a kind of participant is usually given. */
static json_t *sections_for(const char *role)
{
    if (!strcmp(role, "nav") || !strcmp(role, "school"))
        return json_pack("[s, s]", "goals", "measures");
    if (!strcmp(role, "gp")) return json_pack("[s, s, s]", "goals", "resources_needs", "measures");
    if (!strcmp(role, "specialist"))
        return json_pack("[s, s, s, s]", "goals", "measures", "evaluations", "crisis_plan");
    if (!strcmp(role, "child_welfare"))
        return json_pack("[s, s, s]", "goals", "measures", "participants");
    return json_pack("[s, s, s, s, s]", "goals", "resources_needs", "measures", "evaluations",
                     "participants");
}

static int add_consent(demo *d, plan_ctx *c, const char *from, const char *to, json_t *grants)
{
    const person_rec *p = c->owner;
    int by_rep = c->pr->by_representative || p->cognitive;
    char rep[200];
    snprintf(rep, sizeof rep, "%s %s", p->kin_given, p->age < 18 ? p->family : p->kin_family);
    static const char *const methods[] = {"in_person", "paper_signed", "digital", NULL};
    int method = below(d, 3);
    json_t *in =
        json_pack("{s:s, s:s*, s:s, s:s, s:s, s:o, s:s*}", "given_by",
                  by_rep ? "representative" : "owner", "representative_name", by_rep ? rep : NULL,
                  "method", methods[method], "valid_from", from, "valid_to", to, "grants", grants,
                  "note", chance(d, 50) ? demo_consent_notes[method] : NULL);
    if (part(d, &d->ke, c->id, &consent_def, in, NULL)) return -1;
    d->c.consents++;
    return 0;
}

static int plan_consents(demo *d, plan_ctx *c)
{
    json_t *grants = json_array();
    for (int i = 0; i < c->norgs; i++) {
        int dup = 0;
        for (int k = 0; k < i; k++) dup |= c->orgs[k] == c->orgs[i];
        if (dup) continue;
        json_t *g = json_pack("{s:I, s:o}", "organisation_id", (json_int_t)d->org[c->orgs[i]],
                              "sections", sections_for(demo_orgs[c->orgs[i]].participant_role));
        json_array_append_new(grants, g);
    }
    char from[11], to[11];
    /* The consent runs a year; it must be valid today for the plan to be active. */
    days_from_today(d, -below(d, 300), from);
    if (strcmp(from, c->from) < 0) memcpy(from, c->from, 11);
    time_add_days(from, 365, to);
    if (chance(d, 10)) { /* an earlier consent that has run out (R4) */
        char old_from[11], old_to[11];
        time_add_days(from, -400, old_from);
        time_add_days(from, -35, old_to);
        if (add_consent(d, c, old_from, old_to, json_deep_copy(grants))) {
            json_decref(grants);
            return -1;
        }
    }
    return add_consent(d, c, from, to, grants);
}

static int plan_evaluations(demo *d, plan_ctx *c)
{
    int n = c->status == ST_CLOSED ? 1 + chance(d, 60) : chance(d, 45) + chance(d, 20);
    for (int k = 0; k < n; k++) {
        char date[11];
        time_add_days(c->from, 30 + below(d, 400), date);
        if (strcmp(date, d->today) > 0) memcpy(date, d->today, 11);
        int on_goal = c->ngoals && (!c->nmeasures || chance(d, 50));
        json_t *in =
            json_pack("{s:s, s:s, s:s, s:s*}", "date", date, "what",
                      on_goal ? "Evaluering av mål i ansvarsgruppemøte" : "Evaluering av tiltak",
                      "outcome", pick(d, demo_eval_outcomes), "owner_view",
                      chance(d, 70) ? pick(d, demo_eval_owner_views) : NULL);
        if (in && on_goal)
            json_object_set_new(in, "goal_id", json_integer(c->goals[below(d, c->ngoals)]));
        else if (in && c->nmeasures)
            json_object_set_new(in, "measure_id",
                                json_integer(c->measures[below(d, c->nmeasures)]));
        if (part(d, &d->ke, c->id, &evaluation_def, in, NULL)) return -1;
        d->c.evaluations++;
    }
    return 0;
}

static int plan_linked(demo *d, plan_ctx *c)
{
    if (!chance(d, 30)) return 0;
    char ref[40];
    snprintf(ref, sizeof ref, "%d/%05d", atoi(c->from), 1 + below(d, 99999));
    json_t *in =
        json_pack("{s:s, s:s, s:s, s:I}", "kind", c->pr->linked_kind, "title", c->pr->linked_title,
                  "reference", ref, "organisation_id", (json_int_t)d->org[c->pr->linked_org]);
    if (part(d, &d->ke, c->id, &linked_plan_def, in, NULL)) return -1;
    d->c.linked++;
    return 0;
}

static int appoint(demo *d, const actor *a, int64_t plan, int staff, const char *reason)
{
    json_t *out = NULL;
    if (plan_set_coordinator(d->s, a, plan, d->staff[staff].id, reason, &out, &d->e)) return -1;
    json_decref(out);
    return 0;
}

/* Status changes through the plan's own functions; *out is dropped. */
static int plan_step(demo *d, const actor *a, int64_t plan, const char *what, const char *reason)
{
    json_t *out = NULL;
    int rc;
    if (!strcmp(what, "activate"))
        rc = plan_activate(d->s, a, plan, &out, &d->e);
    else if (!strcmp(what, "close"))
        rc = plan_close(d->s, a, plan, reason, &out, &d->e);
    else {
        json_t *in = json_pack("{s:s}", "status", what);
        rc = plan_update(d->s, a, plan, 0, in, &out, &d->e);
        json_decref(in);
    }
    json_decref(out);
    return rc;
}

/* One of the first n entries of a list that may end early with NULL. */
static const char *any_of(demo *d, const char *const *list, int n)
{
    int k = 0;
    while (k < n && list[k]) k++;
    return k ? list[below(d, k)] : NULL;
}

/* One plan in the given status, built the way the work goes: case, plan,
 * coordinator, group, goals, measures, consent, activation, evaluations. */
static int make_plan(demo *d, int owner, int status)
{
    plan_ctx c = {0};
    c.owner = &d->persons[owner];
    c.pr = &demo_profiles[c.owner->profile];
    c.status = status;
    c.coordinator = -1;
    const demo_profile *pr = c.pr;
    static const char *const case_status[] = {"in_progress", "waiting", "in_progress", "closed"};
    if (make_case(d, c.owner, pr, pr->channels[below(d, 4)], case_status[status], &c.case_id))
        return -1;
    char to[11], revision[11];
    days_from_today(d, status >= ST_ACTIVE ? -30 - below(d, 870) : -below(d, 60), c.from);
    time_add_days(c.from, 365 * (1 + below(d, 3)), to);
    int overdue = status == ST_ACTIVE && chance(d, 12);
    if (overdue)
        days_from_today(d, -1 - below(d, 120), revision);
    else if (status == ST_ACTIVE)
        days_from_today(d, 14 + below(d, 320), revision);
    else
        time_add_days(c.from, 180, revision);
    json_t *in = json_pack(
        "{s:I, s:I, s:s, s:s*, s:s*, s:s*, s:s*, s:s*, s:s*, s:s, s:s, s:s}", "person_id",
        (json_int_t)c.owner->id, "case_id", (json_int_t)c.case_id, "title", pr->plan_title,
        "resources", any_of(d, pr->resources, 4), "needs", any_of(d, pr->needs, 4),
        "owner_contribution", any_of(d, pr->owner_contribution, 3), "next_of_kin_contribution",
        chance(d, 60) ? any_of(d, pr->kin_contribution, 3) : NULL, "services_contribution",
        any_of(d, pr->services_contribution, 3), "cooperation", any_of(d, pr->cooperation, 3),
        "period_from", c.from, "period_to", to, "revision_date", revision);
    json_t *out = NULL;
    int rc = in ? plan_create(d->s, &d->ke, in, &out, &d->e) : fail(d, "bad demo plan");
    json_decref(in);
    if (rc) return -1;
    c.id = id_of(out);
    json_decref(out);
    d->c.plans++;
    d->c.by_status[status]++;
    d->c.overdue += overdue;
    /* A draft may still wait for its coordinator; the others have one, and
     * some have had another before (S2). */
    if (status != ST_DRAFT || chance(d, 70)) {
        int first = pick_coordinator(d);
        if (appoint(d, &d->ke, c.id, first, demo_coordinator_reasons[0])) return -1;
        c.coordinator = first;
        int second = status >= ST_ACTIVE && chance(d, 8) ? pick_coordinator(d) : first;
        if (second != first) {
            if (appoint(d, &d->ke, c.id, second, demo_coordinator_reasons[1 + below(d, 2)]))
                return -1;
            c.coordinator = second;
            d->c.coordinator_changes++;
        }
    }
    if (plan_group(d, &c) || plan_goals(d, &c) || plan_measures(d, &c) || plan_linked(d, &c))
        return -1;
    if (status == ST_AWAITING) return plan_step(d, &d->ke, c.id, "awaiting_consent", NULL);
    if (status == ST_DRAFT) return 0;
    if (plan_consents(d, &c) || plan_step(d, &d->ke, c.id, "activate", NULL) ||
        plan_evaluations(d, &c))
        return -1;
    return status == ST_CLOSED ? plan_step(d, &d->ke, c.id, "close", pick(d, demo_close_reasons))
                               : 0;
}

/* Story S1: Kari's plan, as the coordinating unit, Ola and Kari made it. */
static int make_kari_plan(demo *d)
{
    d->step = "creating Kari's plan (story S1)";
    plan_ctx c = {0};
    c.owner = &d->persons[0];
    c.pr = &demo_profiles[c.owner->profile];
    c.status = ST_ACTIVE;
    const staff_rec *ola = &d->staff[d->people[DP_OLA]];
    /* 1. The coordinating unit registers her own request and appoints Ola. */
    json_t *contrib =
        json_pack("[I, I, I, I]", (json_int_t)d->org[DO_OKONOMI], (json_int_t)d->org[DO_BOLIG],
                  (json_int_t)d->org[DO_NAV], (json_int_t)d->org[DO_DPS]);
    char intake[11], to[11], revision[11], eval[11], consent_to[11];
    days_from_today(d, -21, intake);
    days_from_today(d, -14, c.from);
    time_add_days(c.from, 365, to);
    time_add_days(c.from, 365, consent_to); /* 12 months */
    days_from_today(d, 166, revision);
    days_from_today(d, 46, eval);
    json_t *in = json_pack(
        "{s:I, s:s, s:s, s:s, s:s, s:b, s:[s, s, s, s], s:s, s:s, s:I, s:o, s:I}", "person_id",
        (json_int_t)c.owner->id, "title", "Søknad om individuell plan", "description",
        "Kari ber selv om individuell plan. Hun har gjeld og står i fare for å miste "
        "leiligheten, og får hjelp fra psykisk helse og rus og fra DPS.",
        "intake_channel", "application", "intake_date", intake, "anonymous_reporter", 0, "domains",
        "health", "housing", "economy", "work_activity", "urgency", "high", "status", "in_progress",
        "lead_organisation_id", (json_int_t)d->org[DO_PSYKRUS], CONTRIB_KEY, contrib,
        "contact_staff_id", (json_int_t)ola->id);
    json_t *out = NULL;
    int rc = in ? case_create(d->s, &d->ke, in, &out, &d->e) : fail(d, "bad demo case");
    json_decref(in);
    if (rc) return -1;
    c.case_id = id_of(out);
    json_decref(out);
    d->c.cases++;
    in = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s}", "person_id", (json_int_t)c.owner->id,
                   "case_id", (json_int_t)c.case_id, "title",
                   "Individuell plan - bolig, økonomi og helse", "period_from", c.from, "period_to",
                   to, "revision_date", revision, "cooperation",
                   "NAV, fastlegen og DPS deltar i ansvarsgruppen. Kriseplanen deles ikke med "
                   "NAV.",
                   "owner_contribution", "Jeg møter til avtalene og sier fra når det går dårlig.");
    rc = in ? plan_create(d->s, &d->ke, in, &out, &d->e) : fail(d, "bad demo plan");
    json_decref(in);
    if (rc) return -1;
    c.id = id_of(out);
    json_decref(out);
    d->c.plans++;
    d->c.by_status[ST_ACTIVE]++;
    if (appoint(d, &d->ke, c.id, d->people[DP_OLA], demo_coordinator_reasons[0])) return -1;
    /* The group: Kari, her NAV caseworker, GP and DPS therapist, the debt
     * adviser and the housing officer (Ola joined when appointed). */
    static const struct {
        int who, org;
        const char *role;
    } group[] = {
        {DP_NAV, DO_NAV, "nav"},           {DP_GP, DO_LEGE_SENTRUM, "gp"},
        {DP_DPS, DO_DPS, "specialist"},    {DP_DEBT, DO_OKONOMI, "service"},
        {DP_HOUSING, DO_BOLIG, "service"},
    };
    if (add_participant(d, &d->ola, &c, -1, DO_NONE, "Kari Johansen", "owner")) return -1;
    for (size_t i = 0; i < sizeof group / sizeof group[0]; i++)
        if (add_participant(d, &d->ola, &c, d->people[group[i].who], group[i].org, NULL,
                            group[i].role))
            return -1;
    /* 2. Consent in person: NAV, GP and DPS see goals and measures (not the
     * crisis plan), for 12 months. */
    json_t *grants = json_array();
    for (int i = 0; i < 3; i++)
        json_array_append_new(grants, json_pack("{s:I, s:[s, s]}", "staff_id",
                                                (json_int_t)d->staff[d->people[group[i].who]].id,
                                                "sections", "goals", "measures"));
    in =
        json_pack("{s:s, s:s, s:s, s:s, s:o, s:s}", "given_by", "owner", "method", "in_person",
                  "valid_from", c.from, "valid_to", consent_to, "grants", grants, "note",
                  "Samtykket gitt muntlig i møte med koordinator. Kriseplanen deles ikke med NAV.");
    if (part(d, &d->ola, c.id, &consent_def, in, NULL)) return -1;
    d->c.consents++;
    /* 3. Kari's own goal and sub-goals; Ola adds resources and needs. */
    const demo_goal *g = &demo_kari_goal;
    in = json_pack("{s:s, s:s, s:s, s:s, s:s, s:i}", "kind", "main", "text", g->text, "written_by",
                   "owner", "domain", g->domain, "evaluation_date", eval, "position", 0);
    int64_t main_goal, sub[2];
    if (part(d, &d->kari, c.id, &goal_def, in, &main_goal)) return -1;
    static const char *const sub_domains[] = {"economy", "work_activity"};
    for (int i = 0; i < 2; i++) {
        in = json_pack("{s:s, s:I, s:s, s:s, s:s, s:s, s:i}", "kind", "sub", "parent_id",
                       (json_int_t)main_goal, "text", g->sub[i], "written_by", "owner", "domain",
                       sub_domains[i], "evaluation_date", eval, "position", i + 1);
        if (part(d, &d->kari, c.id, &goal_def, in, &sub[i])) return -1;
    }
    d->c.goals += 3;
    in = json_pack("{s:s, s:s}", "resources", demo_kari_resources, "needs", demo_kari_needs);
    rc = in ? plan_update(d->s, &d->ola, c.id, 0, in, &out, &d->e) : fail(d, "bad demo plan");
    json_decref(in);
    if (rc) return -1;
    json_decref(out);
    /* 4. The measures. */
    struct {
        const char *desc, *scope, *how, *status, *decision;
        int staff, org, decider;
        int64_t goal;
    } ms[] = {
        {"Gjeldsrådgivning", "4 samtaler",
         "Samtaler med gjeldsrådgiver: oversikt over gjelda, budsjett og søknad om gjeldsordning",
         "active", "granted", d->people[DP_DEBT], DO_OKONOMI, DO_OKONOMI, sub[0]},
        {"Søknad om kommunal bolig", NULL,
         "Boligkontoret behandler søknaden; Ola hjelper Kari med dokumentasjonen", "planned",
         "pending", -1, DO_BOLIG, DO_BOLIG, main_goal},
        {"Poliklinisk behandling ved DPS", "Annenhver uke",
         "Samtaler med behandler ved DPS Fjordvik, poliklinikken", "active", "not_required",
         d->people[DP_DPS], DO_DPS, DO_NONE, main_goal},
    };
    for (size_t i = 0; i < sizeof ms / sizeof ms[0]; i++) {
        in = json_pack("{s:I, s:s, s:s*, s:s, s:s, s:s, s:I, s:s, s:s}", "goal_id",
                       (json_int_t)ms[i].goal, "description", ms[i].desc, "scope", ms[i].scope,
                       "how", ms[i].how, "status", ms[i].status, "decision_status", ms[i].decision,
                       "responsible_organisation_id", (json_int_t)d->org[ms[i].org], "start_date",
                       c.from, "evaluation_date", eval);
        if (in && ms[i].staff >= 0)
            json_object_set_new(in, "responsible_staff_id", json_integer(d->staff[ms[i].staff].id));
        if (in && ms[i].decider != DO_NONE)
            json_object_set_new(in, "deciding_organisation_id",
                                json_integer(d->org[ms[i].decider]));
        if (part(d, &d->ola, c.id, &measure_def, in, NULL)) return -1;
        d->c.measures++;
    }
    /* 5. Activated now that consent and coordinator are in place. */
    return plan_step(d, &d->ola, c.id, "activate", NULL);
}

static int build_plans(demo *d, const int *owners, int n)
{
    if (make_kari_plan(d)) return -1;
    d->step = "creating the individual plans";
    for (int k = 1; k < n; k++) {
        int r = below(d, 100);
        int status = r < 12 ? ST_DRAFT : r < 22 ? ST_AWAITING : r < 85 ? ST_ACTIVE : ST_CLOSED;
        if (k < 4) status = k - 1; /* every status at every scale */
        if (make_plan(d, owners[k], status)) return -1;
    }
    return 0;
}

/* ---- the command ------------------------------------------------------ */

static const char *help =
    "usage: helhet demo [options]\n"
    "\n"
    "Creates a demo municipality, Fjordvik kommune, with units, external agencies,\n"
    "staff, synthetic citizens (test national ID numbers only), cases and individual\n"
    "plans in every status, and the log-ins admin, koordinator, ke, nav and kari\n"
    "(password: " DEMO_PASSWORD "). Creates the database if it is missing; refuses\n"
    "a database that already holds a municipality. All in one transaction.\n"
    "\n"
    "  --db URL       database (env HELHET_DB; default sqlite:var/helhet.db)\n"
    "  --scale N      size, 1 to 200: about 2000*N persons and 200*N plans (default 1)\n"
    "  --seed S       seed of the generator; the same seed gives the same data (default 1)\n"
    "  --config FILE  settings file (env HELHET_CONFIG)\n";

static void print_summary(const demo *d, const char *url, double secs)
{
    const counts *c = &d->c;
    printf("Created Fjordvik kommune in %s in %.1f s (scale %d):\n", url, secs, d->scale);
    printf("  organisations %d, staff %d (memberships %d), log-ins %d\n", c->orgs, c->staff,
           c->memberships, c->accounts);
    printf("  persons %d (addresses %d, next of kin %d, entitled without a plan %d)\n", c->persons,
           c->addresses, c->kin, c->entitled_only);
    printf("  cases %d (contact person changed on %d)\n", c->cases, c->contact_changes);
    printf("  plans %d: draft %d, awaiting_consent %d, active %d, closed %d; revision overdue "
           "%d, coordinator changed %d\n",
           c->plans, c->by_status[0], c->by_status[1], c->by_status[2], c->by_status[3], c->overdue,
           c->coordinator_changes);
    printf("  goals %d, measures %d (%d without a responsible party), participants %d,\n"
           "  consents %d, evaluations %d, linked plans %d\n",
           c->goals, c->measures, c->unowned, c->participants, c->consents, c->evaluations,
           c->linked);
    printf("\nDemo log-ins (password for all: %s):\n"
           "  admin        administrator\n"
           "  koordinator  Ola, coordinator in the follow-up service\n"
           "  ke           the coordinating unit (koordinerende enhet)\n"
           "  nav          Kari's NAV caseworker\n"
           "  kari         Kari, a citizen with an active individual plan\n"
           "  also: sara (coordinator), terapeut (DPS), lege (GP), gjeld (debt adviser),\n"
           "        bolig (housing office)\n",
           DEMO_PASSWORD);
}

static int build(demo *d)
{
    int *owners = NULL, nowners = 0;
    d->step = "checking the database";
    int64_t existing;
    if (tenant_find(d->s, NULL, &existing, &d->e) == 0 || d->e.kind == ERR_INVALID)
        return err_set(&d->e, ERR_CONFLICT, "not_empty", NULL,
                       "the database already holds a municipality; the demo needs an empty "
                       "database (give another --db)");
    if (d->e.kind != ERR_NOT_FOUND) return -1;
    d->step = "creating the tenant";
    if (tenant_create(d->s, "fjordvik", "Fjordvik kommune", "4699", &d->tenant, &d->e)) return -1;
    /* The administrator's actor writes the organisations and staff; accounts
     * come after staff, so its account id is filled in then. */
    d->admin.tenant_id = d->tenant;
    d->admin.role = ROLE_ADMIN;
    int rc = build_orgs(d) || build_staff(d) || build_accounts(d);
    if (!rc) {
        d->step = "planning the persons";
        rc = plan_persons(d) || choose_owners(d, &owners, &nowners) || build_persons(d);
    }
    if (!rc) {
        d->step = "creating Kari's log-in";
        rc = account(d, "kari", ROLE_CITIZEN, -1, d->persons[0].id, &d->kari);
    }
    if (!rc) rc = build_plans(d, owners, nowners) || build_loose_cases(d);
    free(owners);
    return rc;
}

int cmd_demo(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, 0, 'd'},   {"scale", required_argument, 0, 's'},
        {"seed", required_argument, 0, 'r'}, {"config", required_argument, 0, 'c'},
        {"help", no_argument, 0, 'h'},       {0, 0, 0, 0},
    };
    const char *db = NULL, *config = NULL;
    long scale = 1;
    unsigned long long seed = 1;
    char *end;
    int o;
    optind = 1;
    while ((o = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (o) {
        case 'd':
            db = optarg;
            break;
        case 's':
            scale = strtol(optarg, &end, 10);
            if (*end || scale < 1 || scale > MAX_SCALE) {
                fprintf(stderr, "helhet demo: --scale must be a whole number from 1 to %d\n",
                        MAX_SCALE);
                return 2;
            }
            break;
        case 'r':
            seed = strtoull(optarg, &end, 10);
            if (*end || !*optarg) {
                fputs("helhet demo: --seed must be a whole number\n", stderr);
                return 2;
            }
            break;
        case 'c':
            config = optarg;
            break;
        case 'h':
            fputs(help, stdout);
            return 0;
        default:
            fputs(help, stderr);
            return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "helhet demo: unexpected argument '%s'\n", argv[optind]);
        return 2;
    }
    if (cmd_load_config(config)) return 2;
    const char *url = cmd_setting(db, "HELHET_DB", "db", CMD_DEFAULT_DB);
    uint64_t t0 = time_mono_us();
    store *s = cmd_open_db(url, 1, 1);
    if (!s) return 1;
    demo *d = calloc(1, sizeof *d);
    if (!d) {
        store_close(s);
        fputs("helhet demo: out of memory\n", stderr);
        return 1;
    }
    d->s = s;
    d->scale = (int)scale;
    d->rng = seed;
    time_today(d->today);
    err_clear(&d->e);
    int rc = store_begin(s, STORE_WRITE, &d->e);
    if (!rc) {
        rc = build(d) || store_commit(s, &d->e);
        if (rc) store_rollback(s);
    }
    if (rc && d->e.field[0])
        fprintf(stderr, "helhet demo: %s: %s (field %s); nothing was written\n",
                d->step ? d->step : "starting", d->e.message, d->e.field);
    else if (rc)
        fprintf(stderr, "helhet demo: %s: %s; nothing was written\n",
                d->step ? d->step : "starting", d->e.message);
    if (!rc) print_summary(d, url, (double)(time_mono_us() - t0) / 1e6);
    for (int i = 0; i < DO_COUNT; i++) free(d->members[i]);
    free(d->staff);
    free(d->coord);
    free(d->persons);
    free(d->nids);
    free(d);
    store_close(s);
    return rc ? 1 : 0;
}
