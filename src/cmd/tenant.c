/*
 * tenant.c - `helhet tenant add | list`: the municipalities (tenants) of one
 * database, for the operators of a hosting provider. `helhet init` makes the
 * first; `tenant add` the next ones, each starting empty (its first
 * administrator comes from `helhet user add --tenant SLUG --role admin`).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "domain/tenant.h"

static const char *tenant_help =
    "usage: helhet tenant add --slug SLUG --name NAME [--municipality-number NNNN]\n"
    "       helhet tenant list [--db URL]\n"
    "\n"
    "add   adds a municipality (tenant) to an existing database (made by `helhet\n"
    "      init`). It starts empty: give it its first administrator with\n"
    "      `helhet user add --tenant SLUG --role admin --username NAME --totp`.\n"
    "      Every query of the server is bounded by the tenant of the account asking.\n"
    "list  lists the tenants: id, slug, municipality number, log-in accounts, name.\n"
    "\n"
    "  --slug SLUG              short name: 1 to 40 of a-z, 0-9 and '-', starting\n"
    "                           with a letter (add; required, unique)\n"
    "  --name NAME              the municipality's name (add; required)\n"
    "  --municipality-number N  four-digit municipality number (add)\n"
    "  --db URL                 database (env HELHET_DB; default sqlite:var/helhet.db)\n"
    "  --config FILE            settings file (env HELHET_CONFIG)\n" CMD_KEY_HELP;

static int tenant_add(int argc, char **argv)
{
    static const struct option opts[] = {
        {"slug", required_argument, 0, 't'},
        {"name", required_argument, 0, 'n'},
        {"municipality-number", required_argument, 0, 'm'},
        CMD_COMMON_OPTIONS,
    };
    cmd_common cc = {.help = tenant_help};
    const char *slug = NULL, *name = NULL, *number = NULL;
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
    if (optind < argc) {
        fprintf(stderr, "helhet tenant add: unexpected argument '%s'\n", argv[optind]);
        return 2;
    }
    if (!slug || !name) {
        fputs("helhet tenant add: --slug and --name are required\n", stderr);
        return 2;
    }
    store *s;
    if ((rc = cmd_common_open(&cc, 0, 1, &s))) return rc;
    err e;
    err_clear(&e);
    int64_t id;
    rc = tenant_create(s, slug, name, number, &id, &e);
    store_close(s);
    if (rc) {
        fprintf(stderr, "helhet tenant add: %s\n", e.message);
        return 1;
    }
    printf("created tenant %s (id %lld)\n"
           "its first administrator: helhet user add --tenant %s --role admin --username NAME "
           "--totp\n",
           slug, (long long)id, slug);
    return 0;
}

static int print_row(const tenant_row *t, void *ctx)
{
    int *n = ctx;
    if (!(*n)++) printf("%-6s %-20s %-6s %-8s %s\n", "id", "slug", "number", "accounts", "name");
    printf("%-6lld %-20s %-6s %-8lld %s\n", (long long)t->id, t->slug,
           t->municipality_number ? t->municipality_number : "-", (long long)t->accounts, t->name);
    return 0;
}

static int tenant_list_cmd(int argc, char **argv)
{
    static const struct option opts[] = {CMD_COMMON_OPTIONS};
    cmd_common cc = {.help = tenant_help};
    int o, rc;
    optind = 1;
    while ((o = getopt_long(argc, argv, "h", opts, NULL)) != -1)
        if ((rc = cmd_common_option(&cc, o)) >= 0) return rc;
    if (optind < argc) {
        fprintf(stderr, "helhet tenant list: unexpected argument '%s'\n", argv[optind]);
        return 2;
    }
    store *s;
    if ((rc = cmd_common_open(&cc, 0, 1, &s))) return rc;
    err e;
    err_clear(&e);
    int n = 0;
    rc = tenant_list(s, print_row, &n, &e);
    store_close(s);
    if (rc) {
        fprintf(stderr, "helhet tenant list: %s\n", e.message);
        return 1;
    }
    if (!n) fputs("no tenants yet: run `helhet init`\n", stderr);
    return 0;
}

int cmd_tenant(int argc, char **argv)
{
    if (argc >= 2 && !strcmp(argv[1], "list")) return tenant_list_cmd(argc - 1, argv + 1);
    int rc = cmd_subcommand(argc, argv, "add", tenant_help);
    if (rc >= 0) return rc;
    return tenant_add(argc - 1, argv + 1);
}
