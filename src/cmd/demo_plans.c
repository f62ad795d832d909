/*
 * demo_plans.c - the second half of `helhet demo` (see demo.c): the cases,
 * with and without a plan, and the individual plans in every status - group,
 * goals, measures, consents, evaluations, coordinators - plus Kari's plan of
 * story S1. Reads the persons and staff demo.c has made; the tables of what
 * the plans say are in demo_data.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/demo_internal.h"
#include "domain/case.h"
#include "domain/plan.h"

#define CONTRIB_KEY "contributing_organisation_ids"

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
                             pick(d, demo_contact_reasons), 0, &out, &d->e))
            return -1;
        json_decref(out);
        d->c.contact_changes++;
    }
    return 0;
}

/* Cases that have no plan: every intake channel and status, some about
 * nobody known yet (anonymous worry reports). */
int demo_build_loose_cases(demo *d)
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
    int with_staff, with_org; /* a member the group must have (index, DO_*), or -1 */
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
    if (c->with_staff >= 0) {
        used[nused++] = d->staff[c->with_staff].id;
        if (add_participant(d, &d->ke, c, c->with_staff, c->with_org, NULL,
                            demo_orgs[c->with_org].participant_role))
            return -1;
    }
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
    json_t *in = json_pack("{s:s, s:s, s:s*, s:s, s:s*, s:i}", "kind", parent ? "sub" : "main",
                           "text", text, "domain", domain, "status", status, "evaluation_date",
                           eval_date(d, c, date), "position", position);
    if (in && parent) json_object_set_new(in, "parent_id", json_integer(parent));
    /* The server records who wrote a goal from the actor: the demo writes as
     * the owner or a representative (citizens without a log-in here). */
    actor as = *a;
    if (strcmp(by, "staff") != 0) {
        memset(&as, 0, sizeof as);
        as.tenant_id = a->tenant_id;
        as.role = ROLE_CITIZEN;
        as.person_id = strcmp(by, "owner") == 0 ? c->owner->id : 0;
    }
    int64_t id;
    if (part(d, &as, c->id, &goal_def, in, &id)) return -1;
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
    /* R19: under 16 on the first day the parents consent, from 12 with the child heard */
    int age = time_age_on(p->birth, from);
    int by_rep = c->pr->by_representative || p->cognitive || age < 16;
    char rep[200];
    snprintf(rep, sizeof rep, "%s %s", p->kin_given, p->age < 18 ? p->family : p->kin_family);
    static const char *const methods[] = {"in_person", "paper_signed", "digital", NULL};
    int method = below(d, 3);
    json_t *in = json_pack(
        "{s:s, s:s*, s:s, s:s, s:s, s:o, s:s*, s:s*}", "given_by",
        by_rep ? "representative" : "owner", "representative_name", by_rep ? rep : NULL, "method",
        methods[method], "valid_from", from, "valid_to", to, "grants", grants, "note",
        chance(d, 50) ? demo_consent_notes[method] : NULL, "child_view",
        age >= 12 && age < 16 ? "Vil være med på møtene selv, og vil at skolen bare får vite "
                                "det som trengs for å hjelpe."
                              : NULL);
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
 * coordinator, group, goals, measures, consent, activation, evaluations.
 * `ola_nav`: Ola coordinates it and the demo's NAV caseworker is in the group
 * (a situation the tests rely on whatever the day: see tests/e2e/situations.mjs). */
static int make_plan(demo *d, int owner, int status, int ola_nav)
{
    plan_ctx c = {0};
    c.owner = &d->persons[owner];
    c.pr = &demo_profiles[c.owner->profile];
    c.status = status;
    c.coordinator = -1;
    c.with_staff = ola_nav ? d->people[DP_NAV] : -1;
    c.with_org = ola_nav ? DO_NAV : -1;
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
        int first = ola_nav ? d->people[DP_OLA] : pick_coordinator(d);
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
    c.with_staff = c.with_org = -1;
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
    in = json_pack("{s:s, s:s, s:s, s:s, s:i}", "kind", "main", "text", g->text, "domain",
                   g->domain, "evaluation_date", eval, "position", 0);
    int64_t main_goal, sub[2];
    if (part(d, &d->kari, c.id, &goal_def, in, &main_goal)) return -1;
    static const char *const sub_domains[] = {"economy", "work_activity"};
    for (int i = 0; i < 2; i++) {
        in = json_pack("{s:s, s:I, s:s, s:s, s:s, s:i}", "kind", "sub", "parent_id",
                       (json_int_t)main_goal, "text", g->sub[i], "domain", sub_domains[i],
                       "evaluation_date", eval, "position", i + 1);
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

int demo_build_plans(demo *d, const int *owners, int n)
{
    if (make_kari_plan(d)) return -1;
    d->step = "creating the individual plans";
    for (int k = 1; k < n; k++) {
        int r = below(d, 100);
        int status = r < 12 ? ST_DRAFT : r < 22 ? ST_AWAITING : r < 85 ? ST_ACTIVE : ST_CLOSED;
        if (k < 4) status = k - 1; /* every status at every scale */
        /* the second waits for consent: Ola's, with NAV in the group, which
         * NAV may not read yet (R5) */
        if (make_plan(d, owners[k], status, k == 2)) return -1;
    }
    return 0;
}
