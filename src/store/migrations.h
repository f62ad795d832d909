/* migrations.h - the numbered SQL migrations compiled into the binary by
 * scripts/embed-migrations.sh from src/store/migrations/<driver>/NNN_name.sql. */
#ifndef HELHET_MIGRATIONS_H
#define HELHET_MIGRATIONS_H

struct migration {
    int number;
    const char *name;
    const char *sql;
};

extern const struct migration migrations[];
extern const int migrations_count;

#endif
