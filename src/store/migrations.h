/* migrations.h - the numbered SQL migrations compiled into the binary by
 * scripts/embed-migrations.sh from src/store/migrations/<driver>/NNN_name.sql. */
#ifndef HELHET_MIGRATIONS_H
#define HELHET_MIGRATIONS_H

#include "store/store.h"

struct migration {
    int number;
    const char *name;
    const char *sql;
};

extern const struct migration migrations[];
extern const int migrations_count;

/* What migration `number` needs done in C after its SQL, in the same
 * transaction: a back-fill that needs a library SQL does not have
 * (009_search_keys folds the names and streets stored before it). The steps
 * are listed in store/migration_steps.c; a migration without one costs nothing. */
int migration_steps_run(store *s, int number, err *e);

#endif
