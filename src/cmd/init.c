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
    "  --municipality-number N  four-digit municipality number\n" CMD_KEY_HELP
    "  --config FILE            settings file (env HELHET_CONFIG)\n"
    "\n"
    "The key file is made (0600) when it does not exist: keep it apart from the\n"
    "database and back it up separately (docs/operations.md). The database and\n"
    "every file beside it are made readable by their owner only.\n";

int cmd_init(int argc, char **argv)
{
    static const struct option opts[] = {
        {"tenant", required_argument, 0, 't'},
        {"name", required_argument, 0, 'n'},
        {"municipality-number", required_argument, 0, 'm'},
        CMD_COMMON_OPTIONS,
    };
    cmd_common cc = {.help = init_help};
    const char *slug = "kommune", *name = "Kommunen", *number = NULL;
    int o, rc;
    optind = 1;
    while ((o = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (o) {
        case 't':
            slug = optarg;
            break;
        case 'n':
            name = optarg;
            break;
        case 'm':
            number = optarg;
            break;
        default:
            if ((rc = cmd_common_option(&cc, o)) >= 0) return rc;
        }
    }
    store *s;
    if ((rc = cmd_common_open(&cc, 1, 1, &s))) return rc;
    err e;
    err_clear(&e);
    int64_t id;
    rc = tenant_create(s, slug, name, number, &id, &e);
    store_close(s);
    if (rc) {
        fprintf(stderr, "helhet init: %s\n", e.message);
        return 1;
    }
    printf("created tenant %s (id %lld)\n", slug, (long long)id);
    return 0;
}

static const char *migrate_help =
    "usage: helhet migrate [--db URL] [--config FILE] [--key-file FILE]\n"
    "\n"
    "Applies the database migrations this binary carries that the\n"
    "database has not had yet, each in its own transaction, then seals the\n"
    "one-time code secrets still stored in clear with the key file.\n"
    "\n" CMD_KEY_HELP;

int cmd_migrate(int argc, char **argv)
{
    static const struct option opts[] = {CMD_COMMON_OPTIONS};
    cmd_common cc = {.help = migrate_help};
    int o, rc;
    optind = 1;
    while ((o = getopt_long(argc, argv, "h", opts, NULL)) != -1)
        if ((rc = cmd_common_option(&cc, o)) >= 0) return rc;
    store *s;
    if ((rc = cmd_common_open(&cc, 0, 1, &s))) return rc;
    int v = 0;
    err e;
    store_schema_version(s, &v, &e);
    printf("schema version %d\n", v);
    store_close(s);
    return 0;
}
