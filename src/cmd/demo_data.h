/*
 * demo_data.h - what `helhet demo` fills its municipality with: the units and
 * external agencies of the fictional Fjordvik kommune, the named demo people,
 * name lists (Norwegian, Sami and of immigrant background), streets, and the
 * goals, measures and texts of individual plans for five kinds of need.
 *
 * Only tables live here; demo.c decides how they are combined. Everything is
 * invented: any likeness to a real person or address is chance.
 */
#ifndef HELHET_DEMO_DATA_H
#define HELHET_DEMO_DATA_H

#define DEMO_PASSWORD "demo-passord"

/* The organisations, in the order they are created. */
enum {
    DO_DEPT, /* the department the municipal units belong to */
    DO_TILDELING,
    DO_HJEMMESYKEPLEIE,
    DO_PRAKTISK,
    DO_PSYKRUS,
    DO_BOLIG,
    DO_OKONOMI,
    DO_DAGSENTER,
    DO_FYSIOERGO,
    DO_OPPFOLGING,
    DO_KE,
    DO_NAV,
    DO_DPS,
    DO_SYKEHUS,
    DO_LEGE_SENTRUM,
    DO_LEGE_NORD,
    DO_LEGE_HAVN,
    DO_BARNEVERN,
    DO_PPT,
    DO_COUNT
};
#define DO_NONE (-1)

typedef struct demo_org_def {
    const char *name, *short_name, *kind, *level;
    int parent; /* a DO_* or DO_NONE */
    const char *phone, *email;
    /* Staff: `staff` at scale 1, times the scale for the municipality's own
     * units, growing by a fifth per extra scale step for external agencies;
     * most have `profession`, every third `profession2` when given. */
    const char *profession, *profession2;
    int staff;
    int coordinator_pct; /* share of its staff who act as coordinators */
    /* The role its staff take in a plan's responsibility group. */
    const char *participant_role;
} demo_org_def;

extern const demo_org_def demo_orgs[DO_COUNT];

/* Norwegian job title for a profession name from organisation.c's list. */
const char *demo_title(const char *profession);

/* The demo people with log-ins. `org` is their main unit, `org2` (DO_NONE
 * when none) a second unit for a split position of `percent`/100-`percent`. */
enum {
    DP_OLA,     /* coordinator in the follow-up service: "koordinator" */
    DP_SARA,    /* another coordinator */
    DP_NAV,     /* Kari's NAV caseworker */
    DP_DPS,     /* Kari's therapist at the DPS */
    DP_GP,      /* Kari's GP */
    DP_DEBT,    /* the debt adviser */
    DP_HOUSING, /* the housing officer */
    DP_KE,      /* the coordinating unit */
    DP_COUNT
};

typedef struct demo_person_def {
    const char *given, *family, *profession, *title, *username;
    int org, percent, org2;
    int coordinator;
} demo_person_def;

extern const demo_person_def demo_people[DP_COUNT];

/* Kari, the citizen of story S1. */
#define DEMO_KARI_GIVEN  "Kari"
#define DEMO_KARI_FAMILY "Johansen"
#define DEMO_KARI_AGE    34

/* Names by origin; the lists are NULL-terminated. */
typedef struct demo_origin {
    const char *const *female, *const *male, *const *family;
    const char *language;  /* ISO 639 code of the home language */
    int permille;          /* share of the population */
    int prefers_language;  /* percent of adults who prefer that language */
    int needs_interpreter; /* percent of adults who need an interpreter */
    int min_birth_year;    /* none born before (recent immigration) */
} demo_origin;

extern const demo_origin demo_origins[];
extern const int demo_norigins;

/* Streets, each in one postal area. */
typedef struct demo_place {
    const char *postal_code, *city;
} demo_place;
typedef struct demo_street {
    const char *name;
    int place;
} demo_street;

extern const demo_place demo_places[];
extern const demo_street demo_streets[];
extern const int demo_nstreets;

/* Short texts chosen at random; each list is NULL-terminated. */
extern const char *const demo_comm_notes_hearing[];
extern const char *const demo_comm_notes_other[];
extern const char *const demo_kin_notes[];
extern const char *const demo_gp_names[][4]; /* per GP office, 4 GPs each */
extern const char *const demo_contact_reasons[];
extern const char *const demo_close_reasons[];
extern const char *const demo_eval_outcomes[];
extern const char *const demo_eval_owner_views[];
extern const char *const demo_coordinator_reasons[];
extern const char *const demo_consent_notes[];
/* A case description per intake channel, in case.c's order of channels. */
extern const char *const demo_channel_notes[];

/* A main goal in the owner's own words, with up to three sub-goals. */
typedef struct demo_goal {
    const char *text, *domain;
    const char *sub[4];
} demo_goal;

/* A measure: `org` is responsible (DO_NONE: nobody yet), with a named staff
 * member when `staff`; `decider` decides it (DO_NONE: no decision needed). */
typedef struct demo_measure {
    const char *description, *scope, *how;
    int org, staff, decider;
} demo_measure;

/* One kind of need: who has it, what their case and plan say. */
typedef struct demo_profile {
    const char *name;
    int min_age, max_age, weight;
    int by_representative; /* goals and consent mostly by a representative */
    const char *plan_title;
    const char *case_titles[4];
    const char *domains[5];
    const char *channels[4];   /* the usual intake channels */
    int lead, contributing[5]; /* DO_*, contributing ended by DO_NONE */
    int participants[6];       /* organisations in the group, ended by DO_NONE */
    const demo_goal goals[6];  /* ended by a NULL text */
    const demo_measure measures[8];
    const char *resources[4], *needs[4];
    const char *owner_contribution[3], *kin_contribution[3], *services_contribution[3];
    const char *cooperation[3];
    const char *linked_kind, *linked_title;
    int linked_org;
} demo_profile;

extern const demo_profile demo_profiles[];
extern const int demo_nprofiles;

/* Kari's plan (story S1). */
extern const demo_goal demo_kari_goal;
extern const char *const demo_kari_resources, *const demo_kari_needs;

/* Number of entries in a NULL-terminated list. */
int demo_count(const char *const *list);

#endif
