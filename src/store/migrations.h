/* migrations.h - the numbered SQL migrations compiled into the binary by
 * scripts/embed-migrations.sh from src/store/migrations/<engine>/NNN_name.sql.
 * Both engines carry the same numbers and names: migration N makes the same
 * tables, columns, indexes and constraints on each (tests/api/schema.test.mjs
 * compares them). */
#ifndef HELHET_MIGRATIONS_H
#define HELHET_MIGRATIONS_H

#include "store/store.h"

struct migration {
    int number;
    const char *name;
    const char *sql;
};

extern const struct migration sqlite_migrations[];
extern const int sqlite_migrations_count;
extern const struct migration postgres_migrations[];
extern const int postgres_migrations_count;

/* What migration `number` needs done in C after its SQL, in the same
 * transaction: a back-fill that needs a library SQL does not have
 * (009_search_keys folds the names and streets stored before it). The steps
 * are listed in store/migration_steps.c; a migration without one costs nothing. */
int migration_steps_run(store *s, int number, err *e);

#endif
