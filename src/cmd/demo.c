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
 *
 * This file is the command and the first half: organisations, staff, log-ins
 * and persons. demo_plans.c makes the cases and plans, demo_internal.h is what
 * the two share, and demo_data.c holds the tables of names and texts.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "cmd/demo_internal.h"
#include "domain/entity.h"
#include "domain/organisation.h"
#include "domain/person.h"
#include "domain/protection.h"
#include "domain/tenant.h"
#include "trust/auth.h"
#include "trust/roles.h"
#include "util/nid.h"
#include "util/timeutil.h"

/* ---- small helpers ---------------------------------------------------- */

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

/* `in` with "Fjordvik" replaced by the demo's place and "fjordvik" (e-mail
 * domains) by its slug, into out: the units of a second demo municipality
 * carry its own name. */
static const char *local(const demo *d, const char *in, char *out, size_t size)
{
    if (!in || !d->slug) return in;
    size_t n = 0;
    for (const char *p = in; *p && n + 1 < size;) {
        const char *with = !strncmp(p, "Fjordvik", 8)   ? d->place
                           : !strncmp(p, "fjordvik", 8) ? d->slug
                                                        : NULL;
        if (with) {
            n += (size_t)snprintf(out + n, size - n, "%s", with);
            if (n >= size) n = size - 1;
            p += 8;
        } else {
            out[n++] = *p++;
        }
    }
    out[n] = '\0';
    return out;
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
    json_t *in = json_pack(
        "{s:I, s:I, s:i, s:s*, s:s*, s:s*, s:b}", "staff_id", (json_int_t)d->staff[staff].id,
        "organisation_id", (json_int_t)d->org[org], "position_percent", percent, "role", role,
        "valid_from", from, "valid_to", to, "leader", role && !strcmp(role, "leder"));
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
        snprintf(email, sizeof email, "%s.%s@%s.kommune.example", g, f,
                 d->slug ? d->slug : "fjordvik");
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
        char name[300], email[300];
        json_t *in = json_pack("{s:s, s:s, s:s, s:s, s:s*, s:s*}", "name",
                               local(d, g->name, name, sizeof name), "short_name", g->short_name,
                               "kind", g->kind, "level", g->level, "phone", g->phone, "email",
                               local(d, g->email, email, sizeof email));
        if (in && g->parent != DO_NONE)
            json_object_set_new(in, "parent_id", json_integer(d->org[g->parent]));
        /* the allocation office receives and routes requests: its staff find
         * every person (R13) */
        if (in && o == DO_TILDELING) json_object_set_new(in, "receives_requests", json_true());
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
    char name[96];
    snprintf(name, sizeof name, "%s%s", d->prefix, username);
    username = name;
    if (auth_account_create(d->s, d->tenant, username, DEMO_PASSWORD, role, staff_id, person, &id,
                            &d->e))
        return -1;
    /* staff and administrators log in with a one-time code as well; `helhet
     * user otp --user NAME` prints the current one */
    char secret[64];
    if (role != ROLE_CITIZEN && auth_totp_enrol(d->s, id, secret, &d->e)) return -1;
    d->c.accounts++;
    if (a) {
        memset(a, 0, sizeof *a);
        a->account_id = id;
        a->tenant_id = d->tenant;
        a->staff_id = staff_id;
        a->person_id = person;
        a->role = role;
        snprintf(a->username, sizeof a->username, "%.63s", username);
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
        /* the demo acts as them: with their units' roles, as the policy sees them */
        if (a && roles_load(d->s, a, &d->e)) return -1;
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
    while (d->nid_cap < ((size_t)d->npersons + d->nprior) * 3) d->nid_cap *= 2;
    d->nids = calloc(d->nid_cap, sizeof *d->nids);
    if (!d->persons || !d->nids) return fail(d, "out of memory");
    /* the numbers other tenants' persons have are taken */
    for (size_t i = 0; i < d->nprior; i++) nid_add(d, d->prior[i]);
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

/* ---- protected persons (R16) ------------------------------------------ */

/* Sets a protection on a person as the coordinating unit does, and names
 * Kine (the demo's coordinating unit) for the address when `name_ke`. */
static int protect(demo *d, int64_t person, json_t *in, int name_ke)
{
    json_t *out = NULL;
    int rc = in ? entity_update(d->s, &d->ke, &protection_def, person, 0, in, &out, &d->e)
                : fail(d, "bad demo protection");
    json_decref(in);
    json_decref(out);
    if (rc || !name_ke) return rc;
    int64_t kine = d->staff[d->people[DP_KE]].id;
    return create(
        d, &d->ke, &address_access_def,
        json_pack("{s:I, s:s}", "staff_id", (json_int_t)kine, "reason",
                  "Koordinerende enhet følger opp boforholdet"),
        json_pack("{s:I, s:I}", "person_id", (json_int_t)person, "granted_by", (json_int_t)kine),
        NULL);
}

/* Four adults without a plan: one strictly confidential (nobody named: the
 * register gives no address), two confidential (Kine named for one), and one
 * the municipality flagged after threats (Kine named). */
static int build_protected(demo *d)
{
    d->step = "protecting addresses";
    int found = 0;
    for (int i = 1; i < d->npersons && found < 4; i++) {
        const person_rec *p = &d->persons[i];
        if (p->profile >= 0 || p->age < 18) continue;
        json_t *in = found == 0  ? json_pack("{s:s}", "protection_code", "strictly_confidential")
                     : found < 3 ? json_pack("{s:s}", "protection_code", "confidential")
                                 : json_pack("{s:s, s:s}", "protection_flag", "municipal",
                                             "protection_reason",
                                             "Trusler fra tidligere partner; politiet er varslet");
        if (protect(d, p->id, in, found >= 2)) return -1;
        found++;
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
    "With --tenant SLUG it adds another demo municipality to a database that may\n"
    "hold others (`helhet tenant add` without the data): named by --name (default:\n"
    "the slug with \" kommune\"), which replaces \"Fjordvik\" in its units' names,\n"
    "with log-ins SLUG-admin, SLUG-koordinator, SLUG-kari, ..., a seed of its own\n"
    "(unless --seed) and national ID numbers no other tenant's person has.\n"
    "\n"
    "  --db URL       database (env HELHET_DB; default sqlite:var/helhet.db)\n"
    "  --tenant SLUG  add the demo as a new tenant SLUG (a-z, 0-9, '-')\n"
    "  --name NAME    with --tenant: the municipality's name\n"
    "  --municipality-number N  with --tenant: its four-digit number\n"
    "  --scale N      size, 1 to 200: about 2000*N persons and 200*N plans (default 1)\n"
    "  --seed S       seed of the generator; the same seed gives the same data (default 1)\n"
    "  --config FILE  settings file (env HELHET_CONFIG)\n" CMD_KEY_HELP;

static void print_summary(const demo *d, const char *url, double secs)
{
    const counts *c = &d->c;
    printf("Created %s in %s in %.1f s (scale %d):\n", d->slug ? d->name : "Fjordvik kommune", url,
           secs, d->scale);
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
    const char *p = d->prefix;
    printf("\nDemo log-ins (password for all: %s):\n"
           "  %sadmin        administrator\n"
           "  %skoordinator  Ola, coordinator in the follow-up service\n"
           "  %ske           the coordinating unit (koordinerende enhet)\n"
           "  %snav          Kari's NAV caseworker\n"
           "  %skari         Kari, a citizen with an active individual plan\n"
           "  also: %ssara (coordinator), %sterapeut (DPS), %slege (GP), %sgjeld (debt\n"
           "        adviser), %sbolig (housing office)\n",
           DEMO_PASSWORD, p, p, p, p, p, p, p, p, p, p);
}

/* person_each_national_id's callback: collects the numbers into d->prior
 * (nprior (size_t)-1: out of memory). */
static void prior_nid(const char *nid, void *ctx)
{
    demo *d = ctx;
    if (d->nprior == (size_t)-1) return;
    if ((d->nprior & (d->nprior - 1)) == 0) { /* 0, 1, 2, 4, ...: grow */
        uint64_t *n = realloc(d->prior, sizeof *n * (d->nprior ? d->nprior * 2 : 1024));
        if (!n) {
            d->nprior = (size_t)-1;
            return;
        }
        d->prior = n;
    }
    d->prior[d->nprior++] = strtoull(nid, NULL, 10);
}

static int build(demo *d)
{
    int *owners = NULL, nowners = 0;
    d->step = "checking the database";
    int64_t existing;
    if (d->slug) {
        /* another demo municipality beside the ones there are */
        if (tenant_find(d->s, d->slug, &existing, &d->e) == 0)
            return err_set(&d->e, ERR_CONFLICT, "tenant_exists", "tenant",
                           "a tenant '%s' exists already; the demo makes a new one (give "
                           "another --tenant)",
                           d->slug);
        if (d->e.kind != ERR_NOT_FOUND) return -1;
        if (person_each_national_id(d->s, prior_nid, d, &d->e)) return -1;
        if (d->nprior == (size_t)-1) return fail(d, "out of memory");
    } else {
        if (tenant_find(d->s, NULL, &existing, &d->e) == 0 || d->e.kind == ERR_INVALID)
            return err_set(&d->e, ERR_CONFLICT, "not_empty", NULL,
                           "the database already holds a municipality; the demo needs an empty "
                           "database (give another --db, or add it beside them with --tenant)");
        if (d->e.kind != ERR_NOT_FOUND) return -1;
    }
    d->step = "creating the tenant";
    if (d->slug ? tenant_create(d->s, d->slug, d->name, d->number, &d->tenant, &d->e)
                : tenant_create(d->s, "fjordvik", "Fjordvik kommune", "4699", &d->tenant, &d->e))
        return -1;
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
    if (!rc)
        rc =
            demo_build_plans(d, owners, nowners) || demo_build_loose_cases(d) || build_protected(d);
    free(owners);
    return rc;
}

int cmd_demo(int argc, char **argv)
{
    static const struct option opts[] = {
        {"scale", required_argument, 0, 's'},
        {"seed", required_argument, 0, 'r'},
        {"tenant", required_argument, 0, 't'},
        {"name", required_argument, 0, 'n'},
        {"municipality-number", required_argument, 0, 'm'},
        CMD_COMMON_OPTIONS,
    };
    cmd_common cc = {.help = help};
    long scale = 1;
    unsigned long long seed = 1;
    int seeded = 0;
    const char *slug = NULL, *name = NULL, *number = NULL;
    char *end;
    int o, rc;
    optind = 1;
    while ((o = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (o) {
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
            seeded = 1;
            break;
        case 't':
            slug = optarg;
            break;
        case 'n':
            name = optarg;
            break;
        case 'm':
            number = optarg;
            break;
        default:
            if ((rc = cmd_common_option(&cc, o)) >= 0) return rc;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "helhet demo: unexpected argument '%s'\n", argv[optind]);
        return 2;
    }
    if (slug && !tenant_slug_valid(slug)) {
        fputs("helhet demo: --tenant must be 1 to 40 of a-z, 0-9 and '-', starting with a letter\n",
              stderr);
        return 2;
    }
    if ((name || number) && !slug) {
        fputs("helhet demo: --name and --municipality-number go with --tenant\n", stderr);
        return 2;
    }
    if (cmd_common_config(&cc)) return 2;
    uint64_t t0 = time_mono_us();
    store *s = cmd_open_db(cc.url, 1, 1);
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
    char def[200]; /* the default name, used until the end */
    if (slug) {
        d->slug = slug;
        snprintf(d->prefix, sizeof d->prefix, "%.40s-", slug);
        snprintf(def, sizeof def, "%c%.40s kommune",
                 slug[0] >= 'a' && slug[0] <= 'z' ? slug[0] - 32 : slug[0], slug + 1);
        snprintf(d->place, sizeof d->place, "%s", name ? name : def);
        d->name = name ? name : def;
        /* the place: the name without " kommune" */
        size_t n = strlen(d->place);
        if (n > 8 && !strcmp(d->place + n - 8, " kommune")) d->place[n - 8] = '\0';
        d->number = number;
        /* a seed of its own, so its people are not the first demo's */
        if (!seeded) {
            uint64_t h = 1469598103934665603ull; /* FNV-1a */
            for (const char *p = slug; *p; p++) h = (h ^ (unsigned char)*p) * 1099511628211ull;
            d->rng = h;
        }
    }
    time_today(d->today);
    err_clear(&d->e);
    rc = store_begin(s, STORE_WRITE, &d->e);
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
    if (!rc) print_summary(d, cc.url, (double)(time_mono_us() - t0) / 1e6);
    for (int i = 0; i < DO_COUNT; i++) free(d->members[i]);
    free(d->staff);
    free(d->coord);
    free(d->persons);
    free(d->nids);
    free(d->prior);
    free(d);
    store_close(s);
    return rc ? 1 : 0;
}
