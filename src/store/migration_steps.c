/* migration_steps.c - see migrations.h: the C steps of migrations, by number. */
#include "store/migrations.h"
#include "store/person_store.h"

static const struct {
    int number;
    int (*run)(store *s, err *e);
} steps[] = {
    {9, person_store_fill_search_keys}, /* 009_search_keys */
};

int migration_steps_run(store *s, int number, err *e)
{
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
        if (steps[i].number == number && steps[i].run(s, e)) return -1;
    return 0;
}
