/* statistics.c - see statistics.h. */
#include "domain/statistics.h"

#include "domain/names.h"
#include "domain/offboarding.h"
#include "store/stats_store.h"
#include "trust/policy.h"
#include "util/timeutil.h"

/* Keeps the plans whose plan section the policy shows the actor. */
static int visible_only(store *s, const actor *a, json_t *items, err *e)
{
    for (size_t i = json_array_size(items); i-- > 0;) {
        policy_access acc;
        int64_t id = json_integer_value(json_object_get(json_array_get(items, i), "id"));
        int found = policy_plan_access(s, a, id, &acc, e);
        if (found < 0) return -1;
        if (!found || !(acc.sections & SEC_BIT(SEC_PLAN))) json_array_remove(items, i);
    }
    return 0;
}

int statistics_plans(store *s, const actor *a, json_t **out, err *e)
{
    char today[11];
    time_today(today);
    if (stats_store_plans(s, a->tenant_id, today, out, e)) return -1;
    json_object_set_new(*out, "today", json_string(today));
    /* the plans behind the numbers, as far as the caller may see them: the
     * coordinating unit every one, others those they are related to; an
     * administrator, who sees no plans, gets none */
    static const struct {
        stats_list which;
        const char *key;
    } lists[] = {
        {STATS_WITHOUT_COORDINATOR, "without_coordinator"},
        {STATS_PAST_REVISION_DATE, "past_revision_date"},
        {STATS_UNOWNED_MEASURES, "with_measures_without_responsible"},
        {STATS_COORDINATOR_LEFT, "coordinator_left"},
    };
    json_t *plans = json_object();
    json_object_set_new(*out, "plans", plans);
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
        json_t *items;
        if (stats_store_plan_list(s, lists[i].which, a->tenant_id, today, &items, e)) goto fail;
        json_object_set_new(plans, lists[i].key, items);
        if (visible_only(s, a, items, e) ||
            names_add(s, a, items, NAMES_STAFF, "coordinator_id", "coordinator_name", e) ||
            names_add_persons(s, a, items, 1, e))
            goto fail;
    }
    json_t *cases;
    if (stats_store_cases_contact_left(s, a->tenant_id, &cases, e)) goto fail;
    json_object_set_new(*out, "cases", json_pack("{s:o}", "contact_person_left", cases));
    if (offboarding_readable_cases(s, a, cases, e) ||
        names_add(s, a, cases, NAMES_STAFF, "contact_staff_id", "contact_name", e) ||
        names_add_case_persons(s, a, cases, e))
        goto fail;
    return 0;
fail:
    json_decref(*out);
    *out = NULL;
    return -1;
}

int statistics_coordinators(store *s, const actor *a, json_t **out, err *e)
{
    char today[11];
    time_today(today);
    json_t *items;
    if (stats_store_coordinator_candidates(s, a->tenant_id, today, &items, e)) return -1;
    *out = json_pack("{s:o}", "items", items);
    return 0;
}
