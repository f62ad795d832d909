/*
 * plan.c - the life of an individual plan: create, read, change, activate,
 * close, reopen, coordinator turnover and history (see plan.h for the rules).
 * The parts of a plan (goals, measures, ...) are in plan_parts.c.
 */
#include "domain/plan.h"

#include <string.h>

#include "domain/approval.h"
#include "domain/entity.h"
#include "domain/case.h"
#include "domain/fields.h"
#include "domain/names.h"
#include "domain/organisation.h"
#include "domain/plan_internal.h"
#include "store/access_store.h"
#include "store/plan_store.h"
#include "util/timeutil.h"

static const char *str(json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

static int64_t num(json_t *o, const char *k)
{
    return json_integer_value(json_object_get(o, k));
}

int plan_load(store *s, const actor *a, int64_t id, json_t **plan, err *e)
{
    return rec_get(s, &plan_def, a->tenant_id, id, plan, e);
}

int plan_require_open(json_t *plan, err *e)
{
    const char *st = str(plan, "status");
    if (st && strcmp(st, "closed") == 0)
        return err_set(e, ERR_CONFLICT, "r12_plan_closed", NULL,
                       "the plan is closed and archived; only the coordinating unit can reopen it");
    return 0;
}

json_t *plan_before(json_t *cur, json_t *changes)
{
    json_t *b = json_object();
    const char *k;
    json_t *v;
    json_object_foreach(changes, k, v)
    {
        json_t *old = json_object_get(cur, k);
        json_object_set(b, k, old ? old : json_null());
    }
    return b;
}

int plan_record(store *s, const actor *a, int64_t plan_id, const char *action,
                const char *object_type, int64_t object_id, json_t *after, json_t *before, err *e)
{
    char now[21];
    time_now_iso(now);
    return plan_store_history_add(s, a->tenant_id, plan_id, a->account_id, action, object_type,
                                  object_id, after, before, now, e);
}

static int check_new_status(json_t *values, json_t *cur, err *e)
{
    const char *st = str(values, "status");
    if (!st || (cur && strcmp(st, str(cur, "status")) == 0)) return 0;
    if (strcmp(st, "draft") && strcmp(st, "awaiting_consent"))
        return err_set(e, ERR_CONFLICT, "status_transition", "status",
                       "status becomes %s only through POST /plans/{id}/%s", st,
                       strcmp(st, "active") == 0 ? "activate" : "close");
    if (cur && strcmp(str(cur, "status"), "active") == 0)
        return err_set(e, ERR_CONFLICT, "status_transition", "status",
                       "an active plan cannot go back to %s; close it instead", st);
    return 0;
}

static int r3_check(store *s, const actor *a, int64_t person, int64_t except, err *e)
{
    int64_t other = 0;
    int found = plan_store_open_plan_of(s, a->tenant_id, person, except, &other, e);
    if (found < 0) return -1;
    if (found)
        return err_set(e, ERR_CONFLICT, "r3_open_plan_exists", "person_id",
                       "the person already has an individual plan that is not closed (plan "
                       "%lld); a person has one plan, shared across services",
                       (long long)other);
    return 0;
}

/* A plan's case is about the plan's person: the case_id in `values` (if any,
 * and not null) names a case whose person_id is `person`. */
static int case_check(store *s, const actor *a, json_t *values, int64_t person, err *e)
{
    json_t *id = json_object_get(values, "case_id");
    if (!json_is_integer(id)) return 0;
    json_t *c;
    if (rec_get(s, &case_def, a->tenant_id, json_integer_value(id), &c, e)) return -1;
    int64_t of = num(c, "person_id");
    json_decref(c);
    if (of != person)
        return err_set(e, ERR_INVALID, "case_not_of_person", "case_id",
                       "case_id: case %lld is not about the plan's person; a plan's case "
                       "belongs to the same person",
                       (long long)json_integer_value(id));
    return 0;
}

/* R2: the staff member exists and is not already the coordinator. */
static int coordinator_check(store *s, const actor *a, json_t *plan, int64_t staff_id, err *e)
{
    if (staff_check_active(s, a, staff_id, "staff_id", e)) return -1;
    if (plan && num(plan, "coordinator_id") == staff_id)
        return err_set(e, ERR_CONFLICT, "r2_already_coordinator", "staff_id",
                       "staff member %lld is already the coordinator", (long long)staff_id);
    return staff_check_municipal(s, a, staff_id, "staff_id", "coordinator_not_municipal",
                                 "coordinator", e);
}

/* The coordinator is a participant of the group (§ 19 b): the new one joins,
 * the previous one's coordinator membership ends. Other roles they hold stay. */
static int coordinator_participation(store *s, const actor *a, int64_t plan_id, int64_t old_id,
                                     int64_t new_id, err *e)
{
    char today[11];
    time_today(today);
    json_t *rows;
    int64_t next;
    json_t *pid = json_integer(plan_id), *role = json_string("coordinator");
    rec_filter f[3] = {
        {"plan_id", RF_EQ, pid}, {"role", RF_EQ, role}, {"left_on", RF_IS_NULL, NULL}};
    int rc = rec_list(s, &participant_def, a->tenant_id, f, 3, 0, 100, &rows, &next, e);
    json_decref(pid);
    json_decref(role);
    if (rc) return -1;
    size_t i;
    json_t *p;
    int have_new = 0;
    json_array_foreach(rows, i, p)
    {
        int64_t sid = num(p, "staff_id");
        if (sid == new_id) {
            have_new = 1;
            continue;
        }
        if (old_id && sid != old_id) continue;
        json_t *ch = json_pack("{s:s}", "left_on", today);
        rc = rec_update(s, &participant_def, a->tenant_id, num(p, "id"), 0, ch, e);
        json_decref(ch);
        if (rc) break;
    }
    json_decref(rows);
    if (rc || have_new) return rc;
    json_t *v = json_pack("{s:I,s:I,s:s,s:s}", "plan_id", (json_int_t)plan_id, "staff_id",
                          (json_int_t)new_id, "role", "coordinator", "joined_on", today);
    /* with the unit, so a consent granted to the coordinator's agency covers the row */
    int64_t unit = 0;
    int found = plan_store_main_unit(s, a->tenant_id, new_id, today, &unit, e);
    if (found < 0) {
        json_decref(v);
        return -1;
    }
    if (found) json_object_set_new(v, "organisation_id", json_integer(unit));
    int64_t id;
    rc = rec_insert(s, &participant_def, a->tenant_id, v, &id, e);
    json_decref(v);
    return rc;
}

/* R2: makes staff_id the coordinator from now on and records it in the
 * history; *row (may be NULL) gets the new assignment. */
static int appoint(store *s, const actor *a, json_t *plan, int64_t staff_id, const char *reason,
                   json_t **row, err *e)
{
    char now[21];
    time_now_iso(now);
    int64_t plan_id = num(plan, "id"), row_id;
    json_t *r = NULL;
    int rc =
        plan_store_set_coordinator(s, a->tenant_id, plan_id, staff_id, a->account_id, reason, now,
                                   &row_id, e) ||
        coordinator_participation(s, a, plan_id, num(plan, "coordinator_id"), staff_id, e) ||
        rec_get(s, &plan_coordinator_def, a->tenant_id, row_id, &r, e) ||
        plan_record(s, a, plan_id, "coordinator", "coordinator_assignment", row_id, r, NULL, e);
    if (rc || !row)
        json_decref(r);
    else
        *row = r;
    return rc ? -1 : 0;
}

int plan_create(store *s, const actor *a, json_t *in, json_t **out, err *e)
{
    json_t *v, *plan = NULL;
    if (fields_validate(s, a->tenant_id, &plan_def, in, FIELDS_CREATE, NULL, &v, e)) return -1;
    int64_t coordinator = num(v, "coordinator_id"), id;
    json_object_del(v, "coordinator_id"); /* set below, with its history */
    if (!json_object_get(v, "status")) json_object_set_new(v, "status", json_string("draft"));
    int rc = check_new_status(v, NULL, e) ||
             fields_check_period(v, NULL, "period_from", "period_to", e) ||
             case_check(s, a, v, num(v, "person_id"), e) ||
             r3_check(s, a, num(v, "person_id"), 0, e) ||
             (coordinator && coordinator_check(s, a, NULL, coordinator, e)) ||
             rec_insert(s, &plan_def, a->tenant_id, v, &id, e) || plan_load(s, a, id, &plan, e) ||
             plan_record(s, a, id, "create", "plan", id, plan, NULL, e) ||
             (coordinator && appoint(s, a, plan, coordinator, NULL, NULL, e)) ||
             plan_get(s, a, id, out, e);
    json_decref(v);
    json_decref(plan);
    return rc ? -1 : 0;
}

static json_t *plan_flags(json_t *plan, json_t *measures, json_t *goals, const char *today)
{
    json_t *f = json_array();
    const char *st = str(plan, "status"), *rev = str(plan, "revision_date");
    int open = strcmp(st, "closed") != 0;
    if (open && !rev) json_array_append_new(f, json_string("no_revision_date"));
    if (open && rev && strcmp(rev, today) < 0)
        json_array_append_new(f, json_string("revision_overdue"));
    if (open && json_is_null(json_object_get(plan, "coordinator_id")))
        json_array_append_new(f, json_string("no_coordinator"));
    /* the period the plan was made for is over, and it is still open */
    const char *to = str(plan, "period_to");
    if (open && to && strcmp(to, today) < 0) json_array_append_new(f, json_string("period_ended"));
    size_t i;
    json_t *x;
    int unowned = 0, overdue = 0, left = 0;
    json_array_foreach(measures, i, x)
    {
        json_t *fl = json_object_get(x, "flags");
        size_t j;
        json_t *y;
        json_array_foreach(fl, j, y)
        {
            if (!strcmp(json_string_value(y), "no_responsible_party")) unowned = 1;
            if (!strcmp(json_string_value(y), "responsible_left_group")) left = 1;
            if (!strcmp(json_string_value(y), "evaluation_overdue")) overdue = 1;
        }
    }
    json_array_foreach(goals, i, x)
    {
        json_t *fl = json_object_get(x, "flags");
        size_t j;
        json_t *y;
        json_array_foreach(fl, j, y)
        {
            if (!strcmp(json_string_value(y), "no_responsible_measure")) unowned |= 2;
            if (!strcmp(json_string_value(y), "evaluation_overdue")) overdue = 1;
        }
    }
    if (open && (unowned & 1)) json_array_append_new(f, json_string("measure_without_responsible"));
    if (open && (unowned & 2)) json_array_append_new(f, json_string("goal_without_responsible"));
    if (open && overdue) json_array_append_new(f, json_string("evaluation_overdue"));
    if (open && left) json_array_append_new(f, json_string("measure_needs_new_owner"));
    return f;
}

static int current_coordinator(store *s, const actor *a, int64_t plan_id, json_t **out, err *e)
{
    json_t *pid = json_integer(plan_id), *rows;
    rec_filter f[2] = {{"plan_id", RF_EQ, pid}, {"to_at", RF_IS_NULL, NULL}};
    int64_t next;
    int rc = rec_list(s, &plan_coordinator_def, a->tenant_id, f, 2, 0, 1, &rows, &next, e);
    json_decref(pid);
    if (rc) return -1;
    json_t *c = json_array_get(rows, 0);
    *out = c ? json_incref(c) : json_null();
    json_decref(rows);
    /* how to reach her: her work phone and e-mail (the printed consent form,
     * the citizen's page) */
    json_t *st = NULL;
    if (c && rec_get(s, &staff_def, a->tenant_id, num(c, "staff_id"), &st, e) == 0) {
        json_object_set(c, "phone",
                        json_object_get(st, "phone") ? json_object_get(st, "phone") : json_null());
        json_object_set(c, "email",
                        json_object_get(st, "email") ? json_object_get(st, "email") : json_null());
        json_decref(st);
    } else if (c) {
        if (e->kind != ERR_NOT_FOUND) {
            json_decref(*out);
            return -1;
        }
        err_clear(e);
    }
    return 0;
}

/* What a plan that is not active yet still needs before it can be activated,
 * as the codes plan_activate answers (R1, R8, § 19 a): a consent in force, a
 * coordinator, a revision date, a goal. Facts, never content: the plan section
 * carries them, so that "Aktiver planen" can say what is missing before it is
 * pressed. Empty for an active or closed plan. */
static json_t *activation_missing(json_t *plan)
{
    json_t *m = json_array();
    const char *st = str(plan, "status");
    if (!strcmp(st, "active") || !strcmp(st, "closed")) return m;
    int consent = 0;
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(plan, "consents"), i, c)
    {
        if (!strcmp(str(c, "state"), "active")) consent = 1;
    }
    if (!consent) json_array_append_new(m, json_string("r1_consent_missing"));
    if (json_is_null(json_object_get(plan, "coordinator_id")))
        json_array_append_new(m, json_string("r1_coordinator_missing"));
    if (!str(plan, "revision_date"))
        json_array_append_new(m, json_string("r8_revision_date_missing"));
    if (!json_array_size(json_object_get(plan, "goals")))
        json_array_append_new(m, json_string("plan_goal_missing"));
    return m;
}

int plan_get(store *s, const actor *a, int64_t id, json_t **out, err *e)
{
    static const struct {
        const char *key;
        const record_def *def;
    } sections[] = {
        {"goals", &goal_def},
        {"measures", &measure_def},
        {"evaluations", &evaluation_def},
        {"participants", &participant_def},
        {"consents", &consent_def},
        {"linked_plans", &linked_plan_def},
    };
    json_t *plan, *coord;
    if (plan_load(s, a, id, &plan, e)) return -1;
    if (current_coordinator(s, a, id, &coord, e)) {
        json_decref(plan);
        return -1;
    }
    json_object_set_new(plan, "coordinator", coord);
    for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++) {
        json_t *items;
        if (plan_part_rows(s, a, id, sections[i].def, &items, e)) {
            json_decref(plan);
            return -1;
        }
        json_object_set_new(plan, sections[i].key, items);
    }
    char today[11];
    time_today(today);
    json_t *measures = json_object_get(plan, "measures");
    plan_group g = {json_object_get(plan, "participants"), num(plan, "coordinator_id")};
    for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++)
        plan_decorate(sections[i].def, json_object_get(plan, sections[i].key), measures, &g, today);
    json_t *flags =
        plan_flags(plan, json_object_get(plan, "measures"), json_object_get(plan, "goals"), today);
    json_object_set_new(plan, "flags", flags);
    int open = plan_store_open_requests(s, a->tenant_id, id, e);
    if (open < 0 || plan_names_add_plan(s, a, plan, e)) {
        json_decref(plan);
        return -1;
    }
    if (open) json_array_append_new(flags, json_string("consent_request_open"));
    json_object_set_new(plan, "activation_missing", activation_missing(plan));
    *out = plan;
    return 0;
}

int plan_get_stamp(store *s, const actor *a, int64_t id, plan_stamp *st, err *e)
{
    int found = plan_store_stamp(s, a->tenant_id, id, &st->revision, &st->version, &st->names, e);
    if (found < 0) return -1;
    if (!found)
        return err_set(e, ERR_NOT_FOUND, "not_found", NULL, "plan %lld not found", (long long)id);
    st->id = id;
    time_today(st->today);
    return 0;
}

void plan_stamp_known(int64_t id, int64_t revision, int64_t version, int64_t names, plan_stamp *st)
{
    st->id = id;
    st->names = names;
    st->revision = revision;
    st->version = version;
    time_today(st->today);
}

int plan_update(store *s, const actor *a, int64_t id, int64_t if_version, json_t *in, json_t **out,
                err *e)
{
    json_t *cur, *v = NULL, *after = NULL, *before = NULL;
    if (plan_load(s, a, id, &cur, e)) return -1;
    int rc = plan_require_open(cur, e) ||
             fields_validate(s, a->tenant_id, &plan_def, in, FIELDS_PATCH, NULL, &v, e) ||
             check_new_status(v, cur, e) ||
             fields_check_period(v, cur, "period_from", "period_to", e) ||
             case_check(s, a, v, num(cur, "person_id"), e) ||
             rec_update(s, &plan_def, a->tenant_id, id, if_version, v, e) ||
             plan_load(s, a, id, &after, e);
    if (!rc) {
        before = plan_before(cur, v);
        rc = plan_record(s, a, id, "update", "plan", id, after, before, e) ||
             plan_get(s, a, id, out, e);
    }
    json_decref(cur);
    json_decref(v);
    json_decref(after);
    json_decref(before);
    return rc ? -1 : 0;
}

int plan_activate(store *s, const actor *a, int64_t id, json_t **out, err *e)
{
    json_t *plan;
    if (plan_load(s, a, id, &plan, e)) return -1;
    char now[21];
    time_now_iso(now);
    int rc = plan_require_open(plan, e);
    if (!rc && strcmp(str(plan, "status"), "active") == 0)
        rc = err_set(e, ERR_CONFLICT, "already_active", NULL, "the plan is already active");
    /* what it still needs, as "Aktiver planen" told it (activation_missing):
     * the first of them refuses */
    json_t *whole = NULL;
    rc = rc || plan_get(s, a, id, &whole, e);
    const char *first =
        rc ? NULL
           : json_string_value(json_array_get(json_object_get(whole, "activation_missing"), 0));
    if (first && !strcmp(first, "r1_consent_missing"))
        rc = err_set(e, ERR_CONFLICT, first, "consents",
                     "the plan can be activated only with a valid consent from its owner "
                     "(record one at /plans/%lld/consents)",
                     (long long)id);
    else if (first && !strcmp(first, "r1_coordinator_missing"))
        rc = err_set(e, ERR_CONFLICT, first, "coordinator_id",
                     "the plan can be activated only with exactly one coordinator (appoint one "
                     "at /plans/%lld/coordinator)",
                     (long long)id);
    else if (first && !strcmp(first, "r8_revision_date_missing"))
        rc = err_set(e, ERR_CONFLICT, first, "revision_date",
                     "the plan needs a revision date before it can be activated");
    else if (first)
        rc = err_set(e, ERR_CONFLICT, first, "goals",
                     "the plan can be activated only with at least one goal of the owner's "
                     "(§ 19 a of the regulation on individual plans; add one at "
                     "/plans/%lld/goals)",
                     (long long)id);
    json_decref(whole);
    if (!rc)
        rc = r3_check(s, a, num(plan, "person_id"), id, e) ||
             plan_store_set_status(s, a->tenant_id, id, "active", now, NULL, NULL, now, e) ||
             plan_record(s, a, id, "activate", "plan", id, NULL, NULL, e) ||
             plan_get(s, a, id, out, e);
    json_decref(plan);
    return rc ? -1 : 0;
}

/* A plan that closes ends the measures still under way (planned, active,
 * paused): today, with the plan's closing reason where a measure had none;
 * each change in the plan's history. */
static int end_open_measures(store *s, const actor *a, int64_t plan_id, const char *reason, err *e)
{
    char today[11];
    time_today(today);
    json_t *pid = json_integer(plan_id), *rows = NULL;
    rec_filter f = {"plan_id", RF_EQ, pid};
    int64_t after = 0, next;
    int rc = 0;
    do {
        if ((rc = rec_list(s, &measure_def, a->tenant_id, &f, 1, after, 500, &rows, &next, e)))
            break;
        size_t i;
        json_t *m;
        json_array_foreach(rows, i, m)
        {
            const char *st = str(m, "status");
            if (!st || !strcmp(st, "ended") || !strcmp(st, "cancelled")) continue;
            json_t *end = json_pack("{s:s,s:s}", "status", "ended", "end_date", today);
            if (json_is_null(json_object_get(m, "end_reason")) && reason)
                json_object_set_new(end, "end_reason", json_string(reason));
            json_t *before = plan_before(m, end);
            int64_t mid = num(m, "id");
            rc = rec_update(s, &measure_def, a->tenant_id, mid, 0, end, e) ||
                 plan_record(s, a, plan_id, "update", "measure", mid, end, before, e);
            json_decref(end);
            json_decref(before);
            if (rc) break;
        }
        json_decref(rows);
        rows = NULL;
        after = next;
    } while (!rc && next);
    json_decref(pid);
    return rc ? -1 : 0;
}

int plan_close(store *s, const actor *a, int64_t id, const char *reason, json_t **out, err *e)
{
    json_t *plan;
    if (plan_load(s, a, id, &plan, e)) return -1;
    char now[21];
    time_now_iso(now);
    json_t *why = json_pack("{s:s?}", "reason", reason);
    int rc = fields_check_text(reason, "reason", 2000, e) || plan_require_open(plan, e) ||
             end_open_measures(s, a, id, reason, e) ||
             plan_store_set_status(s, a->tenant_id, id, "closed", NULL, now, reason, now, e) ||
             plan_record(s, a, id, "close", "plan", id, why, NULL, e) || plan_get(s, a, id, out, e);
    json_decref(why);
    json_decref(plan);
    return rc ? -1 : 0;
}

int plan_reopen(store *s, const actor *a, int64_t id, json_t **out, err *e)
{
    json_t *plan;
    if (plan_load(s, a, id, &plan, e)) return -1;
    char today[11], now[21];
    time_today(today);
    time_now_iso(now);
    int rc = 0;
    if (strcmp(str(plan, "status"), "closed") != 0)
        rc = err_set(e, ERR_CONFLICT, "not_closed", NULL, "only a closed plan can be reopened");
    if (!rc && a->role != ROLE_ADMIN) {
        int in_unit = a->staff_id
                          ? plan_store_in_coordinating_unit(s, a->tenant_id, a->staff_id, today, e)
                          : 0;
        if (in_unit < 0)
            rc = -1;
        else if (!in_unit)
            rc = err_set(e, ERR_CONFLICT, "r12_reopen_not_allowed", NULL,
                         "only the coordinating unit can reopen a closed plan");
    }
    if (!rc) rc = r3_check(s, a, num(plan, "person_id"), id, e);
    if (!rc) {
        int consents = plan_store_valid_consents(s, a->tenant_id, id, today, e);
        int goals = consents < 0 ? 0 : plan_store_count_refs(s, "goals", "plan_id", id, e);
        int ready =
            consents > 0 && goals > 0 && !json_is_null(json_object_get(plan, "coordinator_id"));
        rc = consents < 0 || goals < 0 ||
             plan_store_set_status(s, a->tenant_id, id, ready ? "active" : "awaiting_consent", NULL,
                                   NULL, NULL, now, e) ||
             plan_record(s, a, id, "reopen", "plan", id, NULL, NULL, e) ||
             plan_get(s, a, id, out, e);
    }
    json_decref(plan);
    return rc ? -1 : 0;
}

int plan_set_coordinator(store *s, const actor *a, int64_t plan_id, int64_t staff_id,
                         const char *reason, json_t **out, err *e)
{
    json_t *plan, *row = NULL;
    if (plan_load(s, a, plan_id, &plan, e)) return -1;
    int rc = fields_check_text(reason, "reason", 1000, e) || plan_require_open(plan, e) ||
             coordinator_check(s, a, plan, staff_id, e) ||
             appoint(s, a, plan, staff_id, reason, &row, e);
    json_decref(plan);
    if (rc) return -1;
    *out = row;
    return 0;
}

int plan_appoint(store *s, const actor *a, int64_t plan_id, int64_t staff_id, const char *reason,
                 json_t **out, int *pending, err *e)
{
    *pending = 0;
    if (!a->staff_id || staff_id != a->staff_id)
        return plan_set_coordinator(s, a, plan_id, staff_id, reason, out, e);
    /* appointing herself: the same checks now, the appointment when a second
     * member of the coordinating unit approves it (R14) */
    json_t *plan;
    if (plan_load(s, a, plan_id, &plan, e)) return -1;
    int rc = fields_check_text(reason, "reason", 1000, e) || plan_require_open(plan, e) ||
             coordinator_check(s, a, plan, staff_id, e) ||
             approval_request(s, a, "coordinator", plan_id, num(plan, "person_id"), staff_id,
                              reason, out, e);
    json_decref(plan);
    if (!rc) *pending = 1;
    return rc ? -1 : 0;
}

int plan_coordinators(store *s, const actor *a, int64_t plan_id, json_t **out, err *e)
{
    if (entity_require(s, a, &plan_def, plan_id, e)) return -1;
    json_t *pid = json_integer(plan_id);
    rec_filter f = {"plan_id", RF_EQ, pid};
    int64_t next;
    int rc = rec_list(s, &plan_coordinator_def, a->tenant_id, &f, 1, 0, 500, out, &next, e);
    json_decref(pid);
    return rc;
}

int plan_history(store *s, const actor *a, int64_t plan_id, int64_t after, int limit,
                 json_t **items, int64_t *next, err *e)
{
    if (entity_require(s, a, &plan_def, plan_id, e)) return -1;
    if (plan_store_history(s, a->tenant_id, plan_id, after, limit, items, next, e)) return -1;
    names_history_authors(a, *items);
    return 0;
}

int plan_candidates(store *s, const actor *a, const char *today, const char *now, int64_t after,
                    int64_t *ids, int limit, int *n, err *e)
{
    return access_store_candidate_plans(s, a, today, now, after, ids, limit, n, e);
}
