/* worklist.c - see worklist.h. */
#include "domain/worklist.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/names.h"
#include "domain/offboarding.h"
#include "store/message_read_store.h"
#include "store/worklist_store.h"
#include "trust/policy.h"
#include "util/timeutil.h"

/* The plan sections the actor may read, asked of the policy once per plan and
 * remembered in `seen` (plan id -> section bits). */
static int sections_of(store *s, const actor *a, json_t *seen, int64_t plan, unsigned *sections,
                       err *e)
{
    char key[24];
    snprintf(key, sizeof key, "%lld", (long long)plan);
    json_t *known = json_object_get(seen, key);
    if (known) {
        *sections = (unsigned)json_integer_value(known);
        return 0;
    }
    policy_access acc;
    int found = policy_plan_access(s, a, plan, &acc, e);
    if (found < 0) return -1;
    *sections = found ? acc.sections : 0;
    json_object_set_new(seen, key, json_integer(*sections));
    return 0;
}

static int64_t id_of(json_t *row, const char *key)
{
    return json_integer_value(json_object_get(row, key));
}

/* Keeps the rows whose plan shows `section`; answers -1 on a database error. */
static int keep_visible(store *s, const actor *a, json_t *seen, json_t *rows, policy_section sec,
                        err *e)
{
    for (size_t i = json_array_size(rows); i-- > 0;) {
        unsigned sections;
        if (sections_of(s, a, seen, id_of(json_array_get(rows, i), "plan_id"), &sections, e))
            return -1;
        if (!(sections & SEC_BIT(sec))) json_array_remove(rows, i);
    }
    return 0;
}

static void add_due(json_t *due, const char *kind, json_t *row, const char *id_key,
                    const char *date, const char *today)
{
    json_t *text = json_object_get(row, "text");
    json_array_append_new(
        due,
        json_pack("{s:s,s:I,s:I,s:s,s:b,s:O}", "kind", kind, "plan_id",
                  (json_int_t)id_of(row, "plan_id"), id_key,
                  (json_int_t)id_of(row, strcmp(id_key, "plan_id") ? "id" : "plan_id"), "date",
                  date, "overdue", strcmp(date, today) < 0, "text", text ? text : json_null()));
}

static int by_date(const void *x, const void *y)
{
    json_t *a = *(json_t *const *)x, *b = *(json_t *const *)y;
    int c = strcmp(json_string_value(json_object_get(a, "date")),
                   json_string_value(json_object_get(b, "date")));
    if (c) return c;
    int64_t d = id_of(a, "plan_id") - id_of(b, "plan_id");
    if (d) return d < 0 ? -1 : 1;
    /* one order on every engine and every run: then by kind, then by the
     * whole item (its id is under a key of its kind's) */
    c = strcmp(json_string_value(json_object_get(a, "kind")),
               json_string_value(json_object_get(b, "kind")));
    if (c) return c;
    char *ja = json_dumps(a, JSON_SORT_KEYS | JSON_COMPACT);
    char *jb = json_dumps(b, JSON_SORT_KEYS | JSON_COMPACT);
    c = ja && jb ? strcmp(ja, jb) : 0;
    free(ja);
    free(jb);
    return c;
}

/* Orders the due items by date (the most overdue first), then by plan, kind
 * and item. */
static json_t *sorted(json_t *due)
{
    size_t n = json_array_size(due);
    json_t **v = n ? malloc(n * sizeof *v) : NULL;
    for (size_t i = 0; i < n; i++) v[i] = json_incref(json_array_get(due, i));
    if (n) qsort(v, n, sizeof *v, by_date);
    json_t *out = json_array();
    for (size_t i = 0; i < n; i++) json_array_append_new(out, v[i]);
    free(v);
    json_decref(due);
    return out;
}

static const char *str(json_t *row, const char *key)
{
    return json_string_value(json_object_get(row, key));
}

/* The coordinating unit's hand-overs: the open plans and cases whose
 * coordinator or contact person left (offboarding.h), as far as the policy
 * shows them, each naming who left. Empty arrays for everyone else. */
static int left_behind(store *s, const actor *a, json_t *seen, json_t **plans, json_t **cases,
                       err *e)
{
    if (!(a->unit_roles & UNIT_COORDINATING)) {
        *plans = json_array();
        *cases = json_array();
        return 0;
    }
    if (worklist_store_rows(s, WL_COORDINATOR_LEFT, a->tenant_id, a->staff_id, "", "", plans, e) ||
        worklist_store_rows(s, WL_CONTACT_LEFT, a->tenant_id, a->staff_id, "", "", cases, e))
        return -1;
    for (size_t i = json_array_size(*plans); i-- > 0;) {
        unsigned sections;
        if (sections_of(s, a, seen, id_of(json_array_get(*plans, i), "id"), &sections, e))
            return -1;
        if (!(sections & SEC_BIT(SEC_PLAN))) json_array_remove(*plans, i);
    }
    return offboarding_readable_cases(s, a, *cases, e) ||
           names_add(s, a, *plans, NAMES_STAFF, "coordinator_id", "coordinator_name", e) ||
           names_add(s, a, *cases, NAMES_STAFF, "contact_staff_id", "contact_name", e);
}

/* unread_messages on each of my plans whose messages the policy shows: the
 * messages after her marker that others wrote (consent requests only for
 * those who see the consents). Plans whose thread she may not read carry
 * no count. */
static int add_unread(store *s, const actor *a, json_t *seen, json_t *plans, err *e)
{
    json_t *ids = json_array();
    size_t i;
    json_t *p;
    json_array_foreach(plans, i, p)
    {
        unsigned sections;
        if (sections_of(s, a, seen, id_of(p, "id"), &sections, e)) {
            json_decref(ids);
            return -1;
        }
        if (!(sections & SEC_BIT(SEC_MESSAGES))) continue;
        json_object_set_new(p, "unread_messages", json_integer(0));
        json_array_append_new(ids, json_integer(id_of(p, "id")));
    }
    json_t *rows = NULL;
    char *text = json_array_size(ids) ? json_dumps(ids, JSON_COMPACT) : NULL;
    json_decref(ids);
    if (!text) return 0;
    int rc = message_read_unread(s, a->tenant_id, a->account_id, text, &rows, e);
    free(text);
    if (rc) return -1;
    json_t *r;
    json_array_foreach(rows, i, r)
    {
        size_t j;
        json_array_foreach(plans, j, p)
        {
            if (id_of(p, "id") != id_of(r, "plan_id")) continue;
            unsigned sections;
            if (sections_of(s, a, seen, id_of(p, "id"), &sections, e)) {
                json_decref(rows);
                return -1;
            }
            json_int_t n = json_integer_value(json_object_get(r, "comments"));
            if (sections & SEC_BIT(SEC_CONSENTS))
                n += json_integer_value(json_object_get(r, "requests"));
            json_object_set_new(p, "unread_messages", json_integer(n));
        }
    }
    json_decref(rows);
    return 0;
}

/* Whose plan each due item is about: every one is on one of my plans (the
 * dates are read for them alone), whose plan section is visible. */
static void name_due(json_t *due, json_t *plans)
{
    size_t i, j;
    json_t *d, *p;
    json_array_foreach(due, i, d)
    {
        json_object_set_new(d, "person_name", json_null());
        json_array_foreach(plans, j, p) if (id_of(p, "id") == id_of(d, "plan_id"))
        {
            /* the id too, so that those who read persons get a link to her */
            json_object_set(d, "person_id", json_object_get(p, "person_id"));
            json_object_set(d, "person_name", json_object_get(p, "person_name"));
            break;
        }
    }
}

/* The coordinator changes that concern her (WL_HANDOVERS), each told with
 * what she may still see: the title, whose plan it is (person_id, person_name)
 * and the reason only with the plan section. */
static int handovers(store *s, const actor *a, json_t *seen, const char *today, json_t **out,
                     err *e)
{
    char since[11];
    time_add_days(today, -WORKLIST_HANDOVER_DAYS, since);
    json_t *rows;
    if (worklist_store_rows(s, WL_HANDOVERS, a->tenant_id, a->staff_id, today, since, &rows, e))
        return -1;
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r)
    {
        unsigned sections = 0;
        if (sections_of(s, a, seen, id_of(r, "plan_id"), &sections, e)) {
            json_decref(rows);
            return -1;
        }
        if (!(sections & SEC_BIT(SEC_PLAN))) {
            json_object_set_new(r, "title", json_null());
            json_object_set_new(r, "reason", json_null());
            json_object_set_new(r, "person_id", json_null());
            json_object_set_new(r, "person_name", json_null());
        }
    }
    if (names_add(s, a, rows, NAMES_STAFF, "other_staff_id", "other_name", e)) {
        json_decref(rows);
        return -1;
    }
    *out = rows;
    return 0;
}

int worklist_get(store *s, const actor *a, json_t **out, err *e)
{
    char today[11], horizon[11];
    time_today(today);
    time_add_days(today, WORKLIST_HORIZON_DAYS, horizon);
    json_t *rows[6] = {0};
    json_t *seen = json_object(), *due = json_array();
    int rc = 0;
    for (int q = WL_CASES; q <= WL_CONSENTS && !rc; q++)
        rc = worklist_store_rows(s, (worklist_query)q, a->tenant_id, a->staff_id, today, horizon,
                                 &rows[q], e);
    json_t *cases = rows[WL_CASES], *plans = rows[WL_PLANS], *measures = rows[WL_MEASURES];
    if (!rc) {
        /* my plans: those whose plan section the policy shows */
        for (size_t i = json_array_size(plans); i-- > 0 && !rc;) {
            json_t *p = json_array_get(plans, i);
            unsigned sections;
            rc = sections_of(s, a, seen, id_of(p, "id"), &sections, e);
            if (rc) break;
            if (!(sections & SEC_BIT(SEC_PLAN))) {
                json_array_remove(plans, i);
                continue;
            }
            const char *rev = str(p, "revision_date");
            if (rev && strcmp(rev, horizon) <= 0) {
                json_t *r = json_pack("{s:I,s:O}", "plan_id", (json_int_t)id_of(p, "id"), "text",
                                      json_object_get(p, "title"));
                add_due(due, "plan_revision", r, "plan_id", rev, today);
                json_decref(r);
            }
        }
    }
    rc = rc || add_unread(s, a, seen, plans, e);
    rc = rc || keep_visible(s, a, seen, measures, SEC_MEASURES, e) ||
         keep_visible(s, a, seen, rows[WL_GOAL_DATES], SEC_GOALS, e) ||
         keep_visible(s, a, seen, rows[WL_MEASURE_DATES], SEC_MEASURES, e) ||
         keep_visible(s, a, seen, rows[WL_CONSENTS], SEC_CONSENTS, e);
    json_t *left_plans = NULL, *left_cases = NULL, *changes = NULL;
    rc = rc || left_behind(s, a, seen, &left_plans, &left_cases, e) ||
         handovers(s, a, seen, today, &changes, e);
    if (!rc) {
        size_t i;
        json_t *r;
        json_array_foreach(rows[WL_GOAL_DATES], i, r)
            add_due(due, "goal_evaluation", r, "goal_id", str(r, "date"), today);
        json_array_foreach(rows[WL_MEASURE_DATES], i, r)
        {
            const char *ev = str(r, "evaluation_date"), *dl = str(r, "deadline");
            if (ev && strcmp(ev, horizon) <= 0)
                add_due(due, "measure_evaluation", r, "measure_id", ev, today);
            if (dl && strcmp(dl, horizon) <= 0)
                add_due(due, "measure_deadline", r, "measure_id", dl, today);
        }
        name_due(due, plans);
        *out = json_pack("{s:s,s:s,s:O,s:O,s:O,s:o,s:O}", "today", today, "horizon", horizon,
                         "cases", cases, "plans", plans, "measures", measures, "due", sorted(due),
                         "consents_expiring", rows[WL_CONSENTS]);
        json_object_set(*out, "coordinator_left", left_plans);
        json_object_set(*out, "contact_person_left", left_cases);
        json_object_set(*out, "handovers", changes);
        due = NULL;
    }
    json_decref(left_plans);
    json_decref(left_cases);
    json_decref(changes);
    for (int q = 0; q < 6; q++) json_decref(rows[q]);
    json_decref(seen);
    json_decref(due);
    return rc ? -1 : 0;
}
