/*
 * plan_parts.c - the parts of an individual plan: goals, measures,
 * evaluations, participants, consents, linked plans and messages. Each change checks the
 * plan's status (R12), the part's own rules, and is written to the plan's
 * history (R9). Flags (R7, R8) are computed when parts are read.
 */
#include <stdio.h>
#include <string.h>

#include "domain/fields.h"
#include "domain/names.h"
#include "domain/organisation.h"
#include "domain/person.h"
#include "domain/names.h"
#include "domain/plan_internal.h"
#include "domain/worklist.h"
#include "store/message_read_store.h"
#include "store/plan_store.h"
#include "trust/policy.h"
#include "util/timeutil.h"

static const char *str(json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

static int64_t num(json_t *o, const char *k)
{
    return json_integer_value(json_object_get(o, k));
}

/* The value a field will have after the change: the new one if given, else the
 * stored one. */
static json_t *merged(json_t *values, json_t *cur, const char *k)
{
    json_t *v = json_object_get(values, k);
    if (!v && cur) v = json_object_get(cur, k);
    return v && !json_is_null(v) ? v : NULL;
}

/* A reference to another part must stay inside the same plan. A part of
 * another plan is answered exactly as an id that does not exist (the words of
 * fields.c's unknown_reference), so the answer does not tell that it exists
 * elsewhere. */
static int same_plan(store *s, const actor *a, const record_def *d, json_t *values,
                     const char *field, int64_t plan_id, json_t **part, err *e)
{
    json_t *v = json_object_get(values, field);
    if (part) *part = NULL;
    if (!json_is_integer(v)) return 0;
    json_t *p = NULL;
    int rc = rec_get(s, d, a->tenant_id, json_integer_value(v), &p, e);
    if (rc && e->kind != ERR_NOT_FOUND) return -1;
    if (rc || num(p, "plan_id") != plan_id) {
        json_decref(p);
        return err_set(e, ERR_INVALID, "unknown_reference", field, "%s: there is no %s %lld", field,
                       d->name, (long long)json_integer_value(v));
    }
    if (part)
        *part = p;
    else
        json_decref(p);
    return 0;
}

static void set_default(json_t *values, const char *k, json_t *v)
{
    if (!json_object_get(values, k)) json_object_set(values, k, v);
    json_decref(v);
}

/* Who the actor is to the plan when writing its goals (§ 19 a: the owner's
 * goals, with who wrote them): the owner, her representative, or staff. The
 * access policy has already let the actor write. */
static int writer_of(store *s, const actor *a, int64_t plan_id, const char **who, err *e)
{
    *who = "staff";
    if (a->role != ROLE_CITIZEN) return 0;
    json_t *plan;
    if (plan_load(s, a, plan_id, &plan, e)) return -1;
    *who = a->person_id && a->person_id == num(plan, "person_id") ? "owner" : "representative";
    json_decref(plan);
    return 0;
}

/* written_by is never the client's: it says who wrote the goal's text, and
 * the server knows who is logged in. */
static int client_fields(const record_def *d, json_t *in, err *e)
{
    if (d == &goal_def && json_object_get(in, "written_by"))
        return err_set(e, ERR_INVALID, "read_only_field", "written_by",
                       "written_by is set by the server from who is logged in: the owner, her "
                       "representative or staff (staff writing together with the owner send "
                       "written_with_owner: true)");
    return 0;
}

static int goal_check(store *s, const actor *a, int64_t plan_id, json_t *v, json_t *cur, err *e)
{
    if (!cur) set_default(v, "status", json_string("active"));
    /* Whoever writes the text is its writer; a change of status or dates
     * leaves the writer as it was. */
    json_t *text = json_object_get(v, "text");
    if (!cur || (text && !json_equal(text, json_object_get(cur, "text")))) {
        const char *who;
        if (writer_of(s, a, plan_id, &who, e)) return -1;
        json_object_set_new(v, "written_by", json_string(who));
        json_object_set_new(v, "author_account_id",
                            a->account_id > 0 ? json_integer(a->account_id) : json_null());
        /* who that is, by the session: the staff member, or the citizen */
        int staff = strcmp(who, "staff") == 0;
        json_object_set_new(v, "author_staff_id",
                            staff && a->staff_id > 0 ? json_integer(a->staff_id) : json_null());
        json_object_set_new(v, "author_person_id",
                            !staff && a->person_id > 0 ? json_integer(a->person_id) : json_null());
        set_default(v, "written_with_owner", json_false());
    }
    const char *by = json_string_value(merged(v, cur, "written_by"));
    if (json_is_true(merged(v, cur, "written_with_owner")) && strcmp(by, "staff") != 0)
        return err_set(e, ERR_INVALID, "written_with_owner", "written_with_owner",
                       "written_with_owner is for staff writing together with the owner; this "
                       "goal's text is the %s's own",
                       by);
    json_t *parent = NULL;
    if (same_plan(s, a, &goal_def, v, "parent_id", plan_id, &parent, e)) return -1;
    const char *kind = json_string_value(merged(v, cur, "kind"));
    json_t *pid = merged(v, cur, "parent_id");
    int rc = 0;
    if (strcmp(kind, "sub") == 0 && !pid)
        rc = err_set(e, ERR_INVALID, "required", "parent_id",
                     "a sub-goal needs parent_id: the main goal it serves");
    else if (strcmp(kind, "main") == 0 && pid)
        rc = err_set(e, ERR_INVALID, "main_goal_parent", "parent_id",
                     "a main goal has no parent; use kind \"sub\"");
    else if (parent && strcmp(str(parent, "kind"), "main") != 0)
        rc = err_set(e, ERR_INVALID, "parent_not_main", "parent_id",
                     "a sub-goal's parent must be a main goal");
    else if (cur && pid && json_integer_value(pid) == num(cur, "id"))
        rc = err_set(e, ERR_INVALID, "parent_cycle", "parent_id", "a goal cannot serve itself");
    json_decref(parent);
    return rc;
}

static int measure_check(store *s, const actor *a, int64_t plan_id, json_t *v, json_t *cur, err *e)
{
    if (!cur) {
        set_default(v, "status", json_string("planned"));
        set_default(v, "decision_status", json_string("not_required"));
    }
    if (same_plan(s, a, &goal_def, v, "goal_id", plan_id, NULL, e) ||
        fields_check_period(v, cur, "start_date", "end_date", e))
        return -1;
    const char *st = json_string_value(merged(v, cur, "status"));
    if (strcmp(st, "cancelled") == 0 && !merged(v, cur, "end_reason"))
        return err_set(e, ERR_INVALID, "required", "end_reason",
                       "say why the measure is cancelled in end_reason");
    return 0;
}

static int evaluation_check(store *s, const actor *a, int64_t plan_id, json_t *v, json_t *cur,
                            err *e)
{
    if (!cur) json_object_set_new(v, "author_account_id", json_integer(a->account_id));
    return same_plan(s, a, &goal_def, v, "goal_id", plan_id, NULL, e) ||
           same_plan(s, a, &measure_def, v, "measure_id", plan_id, NULL, e);
}

static int participant_check(store *s, const actor *a, int64_t plan_id, json_t *v, json_t *cur,
                             err *e)
{
    if (!cur) {
        char today[11];
        time_today(today);
        set_default(v, "joined_on", json_string(today));
    }
    if (!merged(v, cur, "staff_id") && !merged(v, cur, "organisation_id") &&
        !merged(v, cur, "name"))
        return err_set(e, ERR_INVALID, "required", "staff_id",
                       "a participant is a staff member (staff_id), an agency "
                       "(organisation_id) or a named person (name)");
    if (fields_check_period(v, cur, "joined_on", "left_on", e)) return -1;
    json_t *sid = json_object_get(v, "staff_id");
    if (!cur && json_is_integer(sid)) {
        int64_t other;
        int found = plan_store_active_participant(s, a->tenant_id, plan_id, json_integer_value(sid),
                                                  &other, e);
        if (found < 0) return -1;
        if (found)
            return err_set(e, ERR_CONFLICT, "participant_exists", "staff_id",
                           "staff member %lld already takes part (participant %lld)",
                           (long long)json_integer_value(sid), (long long)other);
    }
    return 0;
}

static int is_section(const char *name)
{
    for (int i = 0; policy_grantable_sections[i]; i++)
        if (strcmp(policy_grantable_sections[i], name) == 0) return 1;
    return 0;
}

/* grants: [{"organisation_id": N | "staff_id": N, "sections": ["goals", ...]}] */
static int grants_check(store *s, const actor *a, json_t *grants, err *e)
{
    char path[64];
    if (!json_is_array(grants))
        return err_set(e, ERR_INVALID, "wrong_type", "grants",
                       "grants must be a list of {organisation_id or staff_id, sections}");
    size_t i;
    json_t *g;
    json_array_foreach(grants, i, g)
    {
        snprintf(path, sizeof path, "grants[%zu]", i);
        if (!json_is_object(g))
            return err_set(e, ERR_INVALID, "wrong_type", path, "%s must be an object", path);
        json_t *org = json_object_get(g, "organisation_id"), *st = json_object_get(g, "staff_id");
        json_t *secs = json_object_get(g, "sections");
        if (json_object_size(g) != 2 || !secs || (!org == !st))
            return err_set(e, ERR_INVALID, "invalid_grant", path,
                           "%s must have exactly one of organisation_id or staff_id, and sections",
                           path);
        field_def ref = {org ? "organisation_id" : "staff_id", FT_REF, FF_REQUIRED, NULL, 0, 0,
                         org ? &organisation_def : &staff_def};
        snprintf(path, sizeof path, "grants[%zu].%s", i, ref.name);
        if (fields_check_value(s, a->tenant_id, &ref, org ? org : st, path, e)) return -1;
        snprintf(path, sizeof path, "grants[%zu].sections", i);
        if (!json_is_array(secs) || json_array_size(secs) == 0)
            return err_set(e, ERR_INVALID, "required", path, "%s must list at least one section",
                           path);
        size_t j, k;
        json_t *x, *y;
        json_array_foreach(secs, j, x)
        {
            if (!json_is_string(x) || !is_section(json_string_value(x)))
                return err_set(
                    e, ERR_INVALID, "invalid_enum", path,
                    "%s: '%s' is not a section a consent can grant (goals, resources_needs, "
                    "measures, evaluations, participants, crisis_plan, messages, "
                    "documents, history)",
                    path, json_is_string(x) ? json_string_value(x) : "?");
            json_array_foreach(secs, k, y) if (k < j && json_equal(x, y)) return err_set(
                e, ERR_INVALID, "duplicate_value", path, "%s lists '%s' twice", path,
                json_string_value(x));
        }
    }
    return 0;
}

/* R19: consent for a child follows pasient- og brukerrettighetsloven §§ 4-3
 * and 4-4, by the owner's age on the day the consent is valid from (from her
 * birth date): under 16 the parents or guardian consent (given_by
 * representative, with representative_name), and from 12 the child's own view
 * is heard and recorded (child_view); from 16 the owner consents herself, or a
 * representative for her, and there is no child's view to record. */
static int r19_check(store *s, const actor *a, int64_t plan_id, json_t *v, err *e)
{
    json_t *plan, *person;
    if (plan_load(s, a, plan_id, &plan, e)) return -1;
    int rc = rec_get(s, &person_def, a->tenant_id, num(plan, "person_id"), &person, e);
    json_decref(plan);
    if (rc) return -1;
    const char *birth = str(person, "birth_date"), *from = str(v, "valid_from");
    int age = birth && from ? time_age_on(birth, from) : 99;
    json_decref(person);
    const char *by = str(v, "given_by");
    int view = merged(v, NULL, "child_view") != NULL;
    if (age < 16 && by && strcmp(by, "owner") == 0)
        return err_set(e, ERR_CONFLICT, "r19_child_consent", "given_by",
                       "the owner is %d on valid_from %s: under 16 the parents or guardian "
                       "consent for her (pasient- og brukerrettighetsloven § 4-4); record "
                       "given_by representative with representative_name",
                       age < 0 ? 0 : age, from);
    if (age >= 12 && age < 16 && !view)
        return err_set(e, ERR_CONFLICT, "r19_child_consent", "child_view",
                       "the owner is %d on valid_from %s: from 12 the child's own view is heard "
                       "and given great weight (pasient- og brukerrettighetsloven § 4-4); "
                       "record it in child_view",
                       age, from);
    if (age >= 16 && view)
        return err_set(e, ERR_CONFLICT, "r19_child_consent", "child_view",
                       "the owner is %d on valid_from %s: from 16 she consents herself "
                       "(pasient- og brukerrettighetsloven § 4-3); child_view is for a child "
                       "of 12 to 15",
                       age, from);
    return 0;
}

static int consent_check(store *s, const actor *a, int64_t plan_id, json_t *v, json_t *cur, err *e)
{
    if (cur && !json_is_null(json_object_get(cur, "withdrawn_at")))
        return err_set(e, ERR_CONFLICT, "consent_withdrawn", NULL,
                       "a withdrawn consent cannot be changed; record a new one");
    if (cur && !json_is_null(json_object_get(cur, "replaced_by")))
        return err_set(e, ERR_CONFLICT, "consent_replaced", NULL,
                       "a consent that a newer one replaced cannot be changed; change the newer "
                       "one, or record a new one");
    if (!cur) {
        json_object_set_new(v, "recorded_by", json_integer(a->account_id));
        set_default(v, "grants", json_array());
    }
    json_t *g = json_object_get(v, "grants");
    if (g && grants_check(s, a, g, e)) return -1;
    const char *by = json_string_value(merged(v, cur, "given_by"));
    if (by && strcmp(by, "representative") == 0 && !merged(v, cur, "representative_name"))
        return err_set(e, ERR_INVALID, "required", "representative_name",
                       "name the representative who gave the consent");
    json_t *f = merged(v, cur, "valid_from"), *t = merged(v, cur, "valid_to");
    if (f && t && strcmp(json_string_value(t), json_string_value(f)) <= 0)
        return err_set(e, ERR_INVALID, "invalid_period", "valid_to",
                       "valid_to must be after valid_from");
    return cur ? 0 : r19_check(s, a, plan_id, v, e);
}

/* Messages: the author is who the actor is to the plan (the policy has let
 * them write); only the owner or a representative asks about consent; the
 * coordinator marks a request handled. */
static int message_check(store *s, const actor *a, int64_t plan_id, json_t *v, json_t *cur, err *e)
{
    if (cur) {
        json_t *h = json_object_get(v, "handled_at");
        if (h)
            json_object_set_new(v, "handled_by",
                                json_is_null(h) ? json_null() : json_integer(a->account_id));
        return 0;
    }
    json_t *plan;
    if (plan_load(s, a, plan_id, &plan, e)) return -1;
    int citizen = a->role == ROLE_CITIZEN;
    const char *role =
        citizen
            ? (a->person_id && a->person_id == num(plan, "person_id") ? "owner" : "representative")
            : (a->staff_id == num(plan, "coordinator_id") ? "coordinator" : "participant");
    json_decref(plan);
    const char *kind = str(v, "kind");
    if (!citizen && strcmp(kind, "comment") != 0)
        return err_set(e, ERR_INVALID, "owner_only_kind", "kind",
                       "only the plan's owner or a representative asks to change or withdraw "
                       "a consent; staff write comments");
    if (json_object_get(v, "handled_at"))
        return err_set(e, ERR_INVALID, "read_only_field", "handled_at",
                       "a message is marked handled afterwards, by the coordinator");
    json_object_set_new(v, "author_role", json_string(role));
    json_object_set_new(v, "author_account_id", json_integer(a->account_id));
    if (a->person_id) json_object_set_new(v, "author_person_id", json_integer(a->person_id));
    if (a->staff_id) json_object_set_new(v, "author_staff_id", json_integer(a->staff_id));
    return same_plan(s, a, &consent_def, v, "consent_id", plan_id, NULL, e);
}

int plan_messages_seen(store *s, const actor *a, int64_t plan_id, int64_t message_id,
                       int with_requests, json_t **out, err *e)
{
    json_t *m = NULL;
    int rc = rec_get(s, &message_def, a->tenant_id, message_id, &m, e);
    if (rc && e->kind != ERR_NOT_FOUND) return -1;
    /* a message of another plan, or a consent request the reader does not
     * see, is no message of this thread to her */
    const char *kind = rc ? NULL : str(m, "kind");
    int known =
        !rc && num(m, "plan_id") == plan_id && kind && (with_requests || !strcmp(kind, "comment"));
    json_decref(m);
    if (!known)
        return err_set(e, ERR_INVALID, "unknown_reference", "message_id",
                       "message_id: there is no message %lld in this plan's thread",
                       (long long)message_id);
    char now[21];
    time_now_iso(now);
    int64_t seen;
    if (message_read_mark(s, a->tenant_id, plan_id, a->account_id, message_id, now, &seen, e))
        return -1;
    *out = json_pack("{s:I,s:I,s:s}", "plan_id", (json_int_t)plan_id, "message_id",
                     (json_int_t)seen, "seen_at", now);
    return 0;
}

static int part_check(store *s, const actor *a, const record_def *d, int64_t plan_id, json_t *v,
                      json_t *cur, err *e)
{
    if (d == &message_def) return message_check(s, a, plan_id, v, cur, e);
    if (d == &goal_def) return goal_check(s, a, plan_id, v, cur, e);
    if (d == &measure_def) return measure_check(s, a, plan_id, v, cur, e);
    if (d == &evaluation_def) return evaluation_check(s, a, plan_id, v, cur, e);
    if (d == &participant_def) return participant_check(s, a, plan_id, v, cur, e);
    if (d == &consent_def) return consent_check(s, a, plan_id, v, cur, e);
    return 0;
}

/* The kind of object a part is, in history entries. */
static const char *object_type(const record_def *d)
{
    if (d == &goal_def) return "goal";
    if (d == &measure_def) return "measure";
    if (d == &evaluation_def) return "evaluation";
    if (d == &participant_def) return "participant";
    if (d == &consent_def) return "consent";
    if (d == &message_def) return "message";
    return "linked_plan";
}

/* Whom a consent's grants name, as a set: 1 when `x` and `y` name the same
 * staff members and organisations (whatever sections each grant lists). */
static int grant_names(json_t *grants, json_t *g)
{
    size_t i;
    json_t *x;
    json_array_foreach(grants, i, x)
    {
        json_t *st = json_object_get(g, "staff_id"), *org = json_object_get(g, "organisation_id");
        if (st ? json_equal(st, json_object_get(x, "staff_id"))
               : json_equal(org, json_object_get(x, "organisation_id")))
            return 1;
    }
    return 0;
}

static int same_recipients(json_t *x, json_t *y)
{
    size_t i;
    json_t *g;
    json_array_foreach(x, i, g) if (!grant_names(y, g)) return 0;
    json_array_foreach(y, i, g) if (!grant_names(x, g)) return 0;
    return 1;
}

/* A new consent replaces each consent in force (not withdrawn, not replaced,
 * valid today or later) whose grants name the same recipients, when the new
 * one holds before that one would have ended and has not ended itself: the
 * earlier one ends on the day before the new one holds, or yesterday when the
 * new one holds from today or before (never later than it would have ended),
 * so that no day has two consents for the same people and none is left
 * without one (R1, R4). Each is recorded in the plan's history with a reason.
 * Runs in the request's transaction, with the insert of the new one. */
static int consent_replace(store *s, const actor *a, int64_t plan_id, json_t *fresh, err *e)
{
    char today[11], yesterday[11], end[11];
    time_today(today);
    time_add_days(today, -1, yesterday);
    const char *from = str(fresh, "valid_from"), *to = str(fresh, "valid_to");
    int64_t fresh_id = num(fresh, "id");
    if (!from || !to || strcmp(to, today) < 0) return 0;
    time_add_days(from, -1, end);
    if (strcmp(end, yesterday) < 0) memcpy(end, yesterday, sizeof end);
    json_t *rows;
    if (plan_part_rows(s, a, plan_id, &consent_def, &rows, e)) return -1;
    int rc = 0;
    size_t i;
    json_t *c;
    json_array_foreach(rows, i, c)
    {
        int64_t id = num(c, "id");
        const char *old_to = str(c, "valid_to");
        if (id == fresh_id || !json_is_null(json_object_get(c, "withdrawn_at")) ||
            !json_is_null(json_object_get(c, "replaced_by")) || !old_to ||
            strcmp(old_to, today) < 0 || strcmp(from, old_to) > 0 ||
            !same_recipients(json_object_get(c, "grants"), json_object_get(fresh, "grants")))
            continue;
        json_t *before = json_pack("{s:s,s:n}", "valid_to", old_to, "replaced_by");
        json_t *v = json_pack("{s:s,s:I}", "valid_to", end, "replaced_by", (json_int_t)fresh_id);
        json_t *after = NULL;
        rc = rec_update(s, &consent_def, a->tenant_id, id, 0, v, e) ||
             plan_part_get(s, a, plan_id, &consent_def, id, &after, e);
        if (!rc) {
            char why[160];
            snprintf(why, sizeof why,
                     "replaced by a new consent for the same recipients, valid from %s", from);
            json_object_set_new(after, "reason", json_string(why));
            rc = plan_record(s, a, plan_id, "update", "consent", id, after, before, e);
        }
        json_decref(before);
        json_decref(v);
        json_decref(after);
        if (rc) break;
    }
    json_decref(rows);
    return rc ? -1 : 0;
}

int plan_part_get(store *s, const actor *a, int64_t plan_id, const record_def *d, int64_t id,
                  json_t **out, err *e)
{
    json_t *p;
    if (rec_get(s, d, a->tenant_id, id, &p, e)) return -1;
    if (num(p, "plan_id") != plan_id) {
        json_decref(p);
        return err_set(e, ERR_NOT_FOUND, "not_found", NULL, "%s %lld not found", d->name,
                       (long long)id);
    }
    char today[11];
    time_today(today);
    json_t *one = json_array();
    json_array_append(one, p);
    json_t *measures = NULL;
    plan_group g = {0};
    if ((d == &goal_def && plan_part_rows(s, a, plan_id, &measure_def, &measures, e)) ||
        plan_group_load(s, a, plan_id, NULL, d, &g, e)) {
        json_decref(one);
        json_decref(p);
        json_decref(measures);
        return -1;
    }
    plan_decorate(d, one, measures, &g, today);
    plan_group_free(&g);
    json_decref(measures);
    int rc = plan_names_add(s, a, plan_id, d, one, e);
    json_decref(one);
    if (rc) {
        json_decref(p);
        return -1;
    }
    *out = p;
    return 0;
}

/* An evaluation recorded with "next_evaluation_date" (a date, or null: none
 * planned) moves the evaluated goal's or measure's evaluation date to it in the
 * same transaction, so the due item it answered leaves the worklist or comes
 * back on the next date. The writer must be allowed to change that goal or
 * measure. `next` is taken out of `in` (it is no field of the evaluation). */
static int take_next_date(json_t *in, json_t **next, err *e)
{
    *next = NULL;
    json_t *x = json_object_get(in, "next_evaluation_date");
    if (!x) return 0;
    if (!json_is_null(x) && (!json_is_string(x) || time_valid_date(json_string_value(x))))
        return err_set(e, ERR_INVALID, "invalid_date", "next_evaluation_date",
                       "next_evaluation_date must be a date YYYY-MM-DD, or null for none");
    *next = json_incref(x);
    json_object_del(in, "next_evaluation_date");
    return 0;
}

/* `next` NULL: no next_evaluation_date was sent. Then an evaluation of a goal
 * or measure whose evaluation date is due (on or before the worklist's horizon,
 * so shown in the worklist) answers that date: it becomes null (none planned),
 * when the writer may change the goal or measure; otherwise nothing moves. */
static int apply_next_date(store *s, const actor *a, int64_t plan_id, json_t *evaluation,
                           json_t *next, err *e)
{
    json_t *goal = json_object_get(evaluation, "goal_id"),
           *measure = json_object_get(evaluation, "measure_id");
    if (!json_is_integer(goal) && !json_is_integer(measure)) {
        if (!next) return 0;
        return err_set(e, ERR_INVALID, "required", "next_evaluation_date",
                       "next_evaluation_date moves the date of the goal or measure evaluated: "
                       "name one in goal_id or measure_id");
    }
    const record_def *d = json_is_integer(goal) ? &goal_def : &measure_def;
    int64_t ids[2] = {plan_id, json_integer_value(json_is_integer(goal) ? goal : measure)};
    policy_access acc;
    if (policy_check(s, a, ACT_UPDATE, OBJ_PLAN, d == &goal_def ? SEC_GOALS : SEC_MEASURES, ids, 2,
                     &acc, e)) {
        if (e->kind == ERR_FORBIDDEN || e->kind == ERR_NOT_FOUND) {
            if (!next) {
                err_clear(e);
                return 0;
            }
            err_set(e, ERR_FORBIDDEN, "forbidden", "next_evaluation_date",
                    "you may record the evaluation but not move the %s's evaluation date", d->name);
        }
        return -1;
    }
    json_t *cur;
    if (rec_get(s, d, a->tenant_id, ids[1], &cur, e)) return -1;
    if (!next) {
        char today[11], horizon[11];
        time_today(today);
        time_add_days(today, WORKLIST_HORIZON_DAYS, horizon);
        const char *date = json_string_value(json_object_get(cur, "evaluation_date"));
        if (!date || strcmp(date, horizon) > 0) {
            json_decref(cur);
            return 0;
        }
    }
    json_t *change =
        next ? json_pack("{s:O}", "evaluation_date", next) : json_pack("{s:n}", "evaluation_date");
    json_t *before = plan_before(cur, change);
    int rc = rec_update(s, d, a->tenant_id, ids[1], 0, change, e) ||
             plan_record(s, a, plan_id, "update", object_type(d), ids[1], change, before, e);
    json_decref(change);
    json_decref(before);
    json_decref(cur);
    return rc ? -1 : 0;
}

int plan_part_create(store *s, const actor *a, int64_t plan_id, const record_def *d, json_t *in,
                     json_t **out, err *e)
{
    json_t *plan, *v = NULL, *next = NULL;
    if (plan_load(s, a, plan_id, &plan, e)) return -1;
    int rc = plan_require_open(plan, e) || (d == &evaluation_def && take_next_date(in, &next, e)) ||
             client_fields(d, in, e) ||
             fields_validate(s, a->tenant_id, d, in, FIELDS_CREATE, NULL, &v, e);
    if (!rc) {
        json_object_set_new(v, "plan_id", json_integer(plan_id));
        rc = part_check(s, a, d, plan_id, v, NULL, e) ||
             rec_insert_get(s, d, a->tenant_id, v, out, e);
    }
    if (!rc) {
        /* A new goal has no measures yet, and a new measure is judged on its own
         * (and against the group). */
        char today[11];
        time_today(today);
        plan_group g = {0};
        rc = plan_group_load(s, a, plan_id, plan, d, &g, e);
        json_t *one = json_array(), *none = json_array();
        json_array_append(one, *out);
        plan_decorate(d, one, d == &measure_def ? one : none, &g, today);
        plan_group_free(&g);
        json_decref(none);
        rc = rc ||
             plan_record(s, a, plan_id, "create", object_type(d),
                         json_integer_value(json_object_get(*out, "id")), *out, NULL, e) ||
             (d == &consent_def && consent_replace(s, a, plan_id, *out, e)) ||
             (d == &evaluation_def && apply_next_date(s, a, plan_id, *out, next, e)) ||
             plan_names_add(s, a, plan_id, d, one, e);
        json_decref(one);
        if (rc) {
            json_decref(*out);
            *out = NULL;
        }
    }
    json_decref(plan);
    json_decref(v);
    json_decref(next);
    return rc ? -1 : 0;
}

int plan_part_update(store *s, const actor *a, int64_t plan_id, const record_def *d, int64_t id,
                     int64_t if_version, json_t *in, json_t **out, err *e)
{
    json_t *plan, *cur = NULL, *v = NULL, *before = NULL;
    if (plan_load(s, a, plan_id, &plan, e)) return -1;
    int rc = plan_require_open(plan, e) || plan_part_get(s, a, plan_id, d, id, &cur, e) ||
             client_fields(d, in, e) ||
             fields_validate(s, a->tenant_id, d, in, FIELDS_PATCH, NULL, &v, e) ||
             part_check(s, a, d, plan_id, v, cur, e) ||
             rec_update(s, d, a->tenant_id, id, if_version, v, e) ||
             plan_part_get(s, a, plan_id, d, id, out, e);
    if (!rc) {
        before = plan_before(cur, v);
        /* the history keeps who wrote a goal by id, never a citizen's name */
        json_t *after = json_copy(*out);
        json_object_del(after, "author_name");
        json_object_del(after, "written_with_name");
        rc = plan_record(s, a, plan_id, "update", object_type(d), id, after, before, e);
        json_decref(after);
    }
    json_decref(plan);
    json_decref(cur);
    json_decref(v);
    json_decref(before);
    return rc ? -1 : 0;
}

int plan_part_delete(store *s, const actor *a, int64_t plan_id, const record_def *d, int64_t id,
                     int64_t if_version, err *e)
{
    json_t *plan, *cur = NULL;
    if (plan_load(s, a, plan_id, &plan, e)) return -1;
    int rc = plan_require_open(plan, e) || plan_part_get(s, a, plan_id, d, id, &cur, e);
    if (!rc && d == &goal_def) {
        int n1 = plan_store_count_refs(s, "goals", "parent_id", id, e);
        int n2 = plan_store_count_refs(s, "measures", "goal_id", id, e);
        int n3 = plan_store_count_refs(s, "evaluations", "goal_id", id, e);
        /* § 19 a: an active plan keeps at least one goal */
        int all = strcmp(str(plan, "status"), "active") == 0
                      ? plan_store_count_refs(s, "goals", "plan_id", plan_id, e)
                      : 2;
        if (n1 < 0 || n2 < 0 || n3 < 0 || all < 0)
            rc = -1;
        else if (n1 + n2 + n3)
            rc = err_set(e, ERR_CONFLICT, "goal_in_use", NULL,
                         "the goal has sub-goals, measures or evaluations; mark it dropped "
                         "instead");
        else if (all <= 1)
            rc = err_set(e, ERR_CONFLICT, "plan_goal_missing", "goals",
                         "an active plan keeps at least one goal of the owner's (§ 19 a of the "
                         "regulation on individual plans); mark it achieved or dropped instead");
    }
    if (!rc && d == &measure_def) {
        int n = plan_store_count_refs(s, "evaluations", "measure_id", id, e);
        if (n < 0)
            rc = -1;
        else if (n)
            rc = err_set(e, ERR_CONFLICT, "measure_in_use", NULL,
                         "the measure has evaluations; end or cancel it instead");
    }
    if (!rc)
        rc = rec_delete(s, d, a->tenant_id, id, if_version, e) ||
             plan_record(s, a, plan_id, "delete", object_type(d), id, NULL, cur, e);
    json_decref(plan);
    json_decref(cur);
    return rc ? -1 : 0;
}

int plan_part_rows(store *s, const actor *a, int64_t plan_id, const record_def *d, json_t **out,
                   err *e)
{
    json_t *pid = json_integer(plan_id);
    rec_filter f = {"plan_id", RF_EQ, pid};
    int64_t next;
    int rc = rec_list(s, d, a->tenant_id, &f, 1, 0, 1000, out, &next, e);
    json_decref(pid);
    return rc;
}

int plan_part_list(store *s, const actor *a, int64_t plan_id, const record_def *d, json_t **out,
                   err *e)
{
    if (plan_part_rows(s, a, plan_id, d, out, e)) return -1;
    char today[11];
    time_today(today);
    json_t *measures = NULL;
    plan_group g = {0};
    if ((d == &goal_def && plan_part_rows(s, a, plan_id, &measure_def, &measures, e)) ||
        plan_group_load(s, a, plan_id, NULL, d, &g, e)) {
        json_decref(*out);
        json_decref(measures);
        return -1;
    }
    plan_decorate(d, *out, d == &measure_def ? *out : measures, &g, today);
    plan_group_free(&g);
    json_decref(measures);
    if (plan_names_add(s, a, plan_id, d, *out, e)) {
        json_decref(*out);
        *out = NULL;
        return -1;
    }
    return 0;
}

static int has_responsible(json_t *m)
{
    const char *st = str(m, "status");
    if (st && (strcmp(st, "ended") == 0 || strcmp(st, "cancelled") == 0)) return 0;
    return !json_is_null(json_object_get(m, "responsible_staff_id")) ||
           !json_is_null(json_object_get(m, "responsible_organisation_id"));
}

static int overdue(json_t *o, const char *k, const char *today)
{
    const char *d = str(o, k);
    return d && strcmp(d, today) < 0;
}

/* R7: a goal is covered when a current measure with a responsible party serves
 * it or one of its sub-goals. */
static int goal_covered(json_t *goal, json_t *goals, json_t *measures)
{
    int64_t gid = num(goal, "id");
    size_t i, j;
    json_t *m, *g;
    json_array_foreach(measures, i, m)
    {
        if (!has_responsible(m)) continue;
        int64_t mg = num(m, "goal_id");
        if (mg == gid) return 1;
        json_array_foreach(goals, j, g)
        {
            if (num(g, "id") == mg && num(g, "parent_id") == gid) return 1;
        }
    }
    return 0;
}

int plan_group_load(store *s, const actor *a, int64_t plan_id, json_t *plan, const record_def *d,
                    plan_group *g, err *e)
{
    memset(g, 0, sizeof *g);
    if (d != &measure_def) return 0;
    json_t *loaded = NULL;
    if (!plan && plan_load(s, a, plan_id, &loaded, e)) return -1;
    g->coordinator_id = num(plan ? plan : loaded, "coordinator_id");
    json_decref(loaded);
    return plan_part_rows(s, a, plan_id, &participant_def, &g->participants, e);
}

void plan_group_free(plan_group *g)
{
    json_decref(g->participants);
    g->participants = NULL;
}

/* S4: the staff member has left the group: a participation of theirs has
 * ended, none is current, and they are not the coordinator. (Someone who
 * never joined - a measure set up before its holder is added - has not left.) */
static int left_group(const plan_group *g, int64_t staff_id, const char *today)
{
    if (staff_id == g->coordinator_id) return 0;
    int left = 0;
    size_t i;
    json_t *p;
    json_array_foreach(g->participants, i, p)
    {
        if (num(p, "staff_id") != staff_id) continue;
        const char *from = str(p, "joined_on"), *to = str(p, "left_on");
        if (to && strcmp(to, today) <= 0)
            left = 1;
        else if (!from || strcmp(from, today) <= 0)
            return 0; /* current */
    }
    return left;
}

void plan_decorate(const record_def *d, json_t *items, json_t *measures, const plan_group *group,
                   const char *today)
{
    size_t i;
    json_t *x;
    json_array_foreach(items, i, x)
    {
        json_t *f = json_array();
        if (d == &goal_def && strcmp(str(x, "status"), "active") == 0) {
            if (measures && !goal_covered(x, items, measures))
                json_array_append_new(f, json_string("no_responsible_measure"));
            if (overdue(x, "evaluation_date", today))
                json_array_append_new(f, json_string("evaluation_overdue"));
        } else if (d == &measure_def) {
            const char *st = str(x, "status");
            int current = strcmp(st, "ended") && strcmp(st, "cancelled");
            if (current && !has_responsible(x))
                json_array_append_new(f, json_string("no_responsible_party"));
            int64_t holder = num(x, "responsible_staff_id");
            if (current && holder && group && group->participants &&
                left_group(group, holder, today))
                json_array_append_new(f, json_string("responsible_left_group"));
            if (current && overdue(x, "evaluation_date", today))
                json_array_append_new(f, json_string("evaluation_overdue"));
            if (strcmp(st, "planned") == 0 && overdue(x, "deadline", today))
                json_array_append_new(f, json_string("deadline_passed"));
            if (current && strcmp(str(x, "decision_status"), "pending") == 0)
                json_array_append_new(f, json_string("decision_pending"));
        } else if (d == &consent_def) {
            const char *state = "active";
            json_t *by = json_object_get(x, "replaced_by");
            if (!json_is_null(json_object_get(x, "withdrawn_at")))
                state = "withdrawn";
            else if (by && !json_is_null(by) &&
                     (strcmp(str(x, "valid_to"), today) < 0 ||
                      strcmp(str(x, "valid_to"), str(x, "valid_from")) < 0))
                state = "replaced";
            else if (strcmp(str(x, "valid_from"), today) > 0)
                state = "not_yet_valid";
            else if (strcmp(str(x, "valid_to"), today) < 0)
                state = "expired";
            json_object_set_new(x, "state", json_string(state));
        }
        json_object_set_new(x, "flags", f);
    }
}

int plan_consent_withdraw(store *s, const actor *a, int64_t plan_id, int64_t consent_id,
                          const char *reason, json_t **out, err *e)
{
    json_t *cur;
    if (plan_part_get(s, a, plan_id, &consent_def, consent_id, &cur, e)) return -1;
    int rc = fields_check_text(reason, "reason", 2000, e);
    if (!rc && !json_is_null(json_object_get(cur, "withdrawn_at")))
        rc = err_set(e, ERR_CONFLICT, "consent_withdrawn", NULL,
                     "the consent was withdrawn already");
    /* Withdrawal is always possible (R4), also on a closed plan. */
    char now[21];
    time_now_iso(now);
    json_t *v = json_pack("{s:s,s:s?}", "withdrawn_at", now, "withdrawn_reason", reason);
    if (!rc)
        rc = rec_update(s, &consent_def, a->tenant_id, consent_id, 0, v, e) ||
             plan_part_get(s, a, plan_id, &consent_def, consent_id, out, e) ||
             plan_record(s, a, plan_id, "withdraw", "consent", consent_id, *out, NULL, e);
    json_decref(v);
    json_decref(cur);
    return rc ? -1 : 0;
}

/* The name of id in one of the name maps (NULL if none). */
static json_t *named(json_t *map, json_t *id)
{
    char key[24];
    if (!json_is_integer(id)) return NULL;
    snprintf(key, sizeof key, "%lld", (long long)json_integer_value(id));
    return json_object_get(map, key);
}

static void set_name(json_t *o, const char *k, json_t *v)
{
    json_object_set(o, k, v ? v : json_null());
}

/* A staff member's name and main unit onto o (a coordinator row). */
static void staff_names(json_t *o, json_t *staff, json_t *id)
{
    json_t *st = named(staff, id);
    set_name(o, "name", json_object_get(st, "name"));
    set_name(o, "organisation_name", json_object_get(st, "organisation_name"));
}

/* Names onto items of kind d; citizens' names (a goal's writer, the owner it
 * was written with) only when the reader may know persons by name. */
static void names_apply(json_t *names, const record_def *d, json_t *items, int persons_ok)
{
    json_t *staff = json_object_get(names, "staff"),
           *orgs = json_object_get(names, "organisations");
    json_t *persons = json_object_get(names, "persons");
    json_t *owner = json_object_iter_value(json_object_iter(json_object_get(names, "owner")));
    size_t i;
    json_t *x;
    json_array_foreach(items, i, x)
    {
        if (d == &goal_def) {
            /* who wrote the text: the staff member, or the owner or her
             * representative; and whom staff wrote it together with */
            json_t *st = named(staff, json_object_get(x, "author_staff_id"));
            json_t *p = named(persons, json_object_get(x, "author_person_id"));
            set_name(x, "author_name", st ? json_object_get(st, "name") : persons_ok ? p : NULL);
            set_name(x, "written_with_name",
                     persons_ok && json_is_true(json_object_get(x, "written_with_owner")) ? owner
                                                                                          : NULL);
        } else if (d == &participant_def) {
            json_t *st = named(staff, json_object_get(x, "staff_id"));
            json_t *org = named(orgs, json_object_get(x, "organisation_id"));
            if (json_is_null(json_object_get(x, "name")) && st)
                json_object_set(x, "name", json_object_get(st, "name"));
            set_name(x, "organisation_name", org ? org : json_object_get(st, "organisation_name"));
        } else if (d == &measure_def) {
            json_t *st = named(staff, json_object_get(x, "responsible_staff_id"));
            json_t *org = named(orgs, json_object_get(x, "responsible_organisation_id"));
            set_name(x, "responsible_name", json_object_get(st, "name"));
            set_name(x, "responsible_organisation_name",
                     org ? org : json_object_get(st, "organisation_name"));
            set_name(x, "deciding_organisation_name",
                     named(orgs, json_object_get(x, "deciding_organisation_id")));
        } else if (d == &consent_def) {
            size_t j;
            json_t *g;
            json_array_foreach(json_object_get(x, "grants"), j, g)
            {
                json_t *st = named(staff, json_object_get(g, "staff_id"));
                json_t *org = named(orgs, json_object_get(g, "organisation_id"));
                set_name(g, "name", st ? json_object_get(st, "name") : org);
                set_name(g, "organisation_name",
                         st ? json_object_get(st, "organisation_name") : org);
            }
        } else if (d == &linked_plan_def) {
            set_name(x, "organisation_name", named(orgs, json_object_get(x, "organisation_id")));
        } else if (d == &message_def) {
            json_t *st = named(staff, json_object_get(x, "author_staff_id"));
            json_t *p = named(persons, json_object_get(x, "author_person_id"));
            set_name(x, "author_name", st ? json_object_get(st, "name") : p);
            set_name(x, "author_organisation_name", json_object_get(st, "organisation_name"));
        }
    }
}

static int names_load(store *s, const actor *a, int64_t plan_id, json_t **names, err *e)
{
    char today[11];
    time_today(today);
    if (plan_store_names(s, a->tenant_id, plan_id, today, names, e)) {
        json_decref(*names);
        *names = NULL;
        return -1;
    }
    return 0;
}

int plan_names_add(store *s, const actor *a, int64_t plan_id, const record_def *d, json_t *items,
                   err *e)
{
    if (d != &participant_def && d != &measure_def && d != &message_def && d != &consent_def &&
        d != &linked_plan_def && d != &goal_def)
        return 0;
    json_t *names;
    if (names_load(s, a, plan_id, &names, e)) return -1;
    names_apply(names, d, items, names_knows_persons(a));
    json_decref(names);
    return 0;
}

int plan_names_add_plan(store *s, const actor *a, json_t *plan, err *e)
{
    json_t *names;
    if (names_load(s, a, num(plan, "id"), &names, e)) return -1;
    json_t *c = json_object_get(plan, "coordinator");
    if (json_is_object(c))
        staff_names(c, json_object_get(names, "staff"), json_object_get(c, "staff_id"));
    int persons_ok = names_knows_persons(a);
    names_apply(names, &goal_def, json_object_get(plan, "goals"), persons_ok);
    names_apply(names, &participant_def, json_object_get(plan, "participants"), persons_ok);
    names_apply(names, &measure_def, json_object_get(plan, "measures"), persons_ok);
    names_apply(names, &consent_def, json_object_get(plan, "consents"), persons_ok);
    names_apply(names, &linked_plan_def, json_object_get(plan, "linked_plans"), persons_ok);
    json_decref(names);
    /* whose plan it is: part of the plan section (her name, nothing else of
     * the person record); a rename moves the name epoch, which the cached
     * document is stamped with (a birth date would not: lists carry it) */
    json_t *one = json_pack("[O]", plan);
    int rc = names_add_persons(s, a, one, 0, e);
    json_decref(one);
    return rc;
}
