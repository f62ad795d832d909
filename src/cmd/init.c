/* init.c - `helhet init` (create the database and the tenant) and
 * `helhet migrate` (apply pending migrations). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "domain/tenant.h"

static const char *init_help =
    "usage: helhet init [options]\n"
    "\n"
    "Creates the database (if missing), applies the migrations and creates the\n"
    "municipality (tenant). Add an administrator afterwards with `helhet user add`.\n"
    "\n"
    "  --db URL                 database (env HELHET_DB; default sqlite:var/helhet.db)\n"
    "  --tenant SLUG            short name of the tenant (default: kommune)\n"
    "  --name NAME              the municipality's name (default: Kommunen)\n"
    "  --municipality-number N  four-digit municipality number\n"
    "  --config FILE            settings file (env HELHET_CONFIG)\n";

int cmd_init(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, 0, 'd'},
        {"tenant", required_argument, 0, 't'},
        {"name", required_argument, 0, 'n'},
        {"municipality-number", required_argument, 0, 'm'},
        {"config", required_argument, 0, 'c'},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0},
    };
    const char *db = NULL, *slug = "kommune", *name = "Kommunen", *number = NULL, *config = NULL;
    int o;
    optind = 1;
    while ((o = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (o) {
        case 'd':
            db = optarg;
            break;
        case 't':
            slug = optarg;
            break;
        case 'n':
            name = optarg;
            break;
        case 'm':
            number = optarg;
            break;
        case 'c':
            config = optarg;
            break;
        case 'h':
            fputs(init_help, stdout);
            return 0;
        default:
            fputs(init_help, stderr);
            return 2;
        }
    }
    if (cmd_load_config(config)) return 2;
    store *s = cmd_open_db(cmd_setting(db, "HELHET_DB", "db", CMD_DEFAULT_DB), 1, 1);
    if (!s) return 1;
    err e;
    err_clear(&e);
    int64_t id;
    int rc = tenant_create(s, slug, name, number, &id, &e);
    store_close(s);
    if (rc) {
        fprintf(stderr, "helhet init: %s\n", e.message);
        return 1;
    }
    printf("created tenant %s (id %lld)\n", slug, (long long)id);
    return 0;
}

static const char *migrate_help = "usage: helhet migrate [--db URL] [--config FILE]\n"
                                  "\n"
                                  "Applies the database migrations this binary carries that the\n"
                                  "database has not had yet, each in its own transaction.\n";

int cmd_migrate(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, 0, 'd'},
        {"config", required_argument, 0, 'c'},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0},
    };
    const char *db = NULL, *config = NULL;
    int o;
    optind = 1;
    while ((o = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (o) {
        case 'd':
            db = optarg;
            break;
        case 'c':
            config = optarg;
            break;
        case 'h':
            fputs(migrate_help, stdout);
            return 0;
        default:
            fputs(migrate_help, stderr);
            return 2;
        }
    }
    if (cmd_load_config(config)) return 2;
    store *s = cmd_open_db(cmd_setting(db, "HELHET_DB", "db", CMD_DEFAULT_DB), 0, 1);
    if (!s) return 1;
    int v = 0;
    err e;
    store_schema_version(s, &v, &e);
    printf("schema version %d\n", v);
    store_close(s);
    return 0;
}
