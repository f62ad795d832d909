/* statistics.c - see statistics.h. */
#include "domain/statistics.h"

#include "store/stats_store.h"
#include "util/timeutil.h"

int statistics_plans(store *s, const actor *a, json_t **out, err *e)
{
    char today[11];
    time_today(today);
    if (stats_store_plans(s, a->tenant_id, today, out, e)) return -1;
    json_object_set_new(*out, "today", json_string(today));
    return 0;
}
