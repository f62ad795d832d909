/* user.c - `helhet user add` and `helhet token create`. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "domain/tenant.h"
#include "trust/auth.h"

static const char *user_help =
    "usage: helhet user add --username NAME [options]\n"
    "\n"
    "Creates a log-in account. The password is read from standard input (one line)\n"
    "unless --password is given; an account without a password can still get tokens.\n"
    "\n"
    "  --username NAME     a-z, 0-9, '.', '-', '_' (required)\n"
    "  --role ROLE         admin, staff or citizen (default staff)\n"
    "  --staff-id ID       the staff member this account belongs to\n"
    "  --person-id ID      the citizen (person) this account belongs to\n"
    "  --password PW       the password (visible in the process list: prefer stdin)\n"
    "  --no-password       create the account without a password\n"
    "  --tenant SLUG       the tenant (needed only when there are several)\n"
    "  --db URL            database (env HELHET_DB; default sqlite:var/helhet.db)\n"
    "  --config FILE       settings file (env HELHET_CONFIG)\n";

int cmd_user(int argc, char **argv)
{
    int o, rc = cmd_subcommand(argc, argv, "add", user_help);
    if (rc >= 0) return rc;
    argc--;
    argv++;
    static const struct option opts[] = {
        {"username", required_argument, 0, 'u'}, {"role", required_argument, 0, 'r'},
        {"staff-id", required_argument, 0, 's'}, {"person-id", required_argument, 0, 'p'},
        {"password", required_argument, 0, 'w'}, {"no-password", no_argument, 0, 'n'},
        {"tenant", required_argument, 0, 't'},   CMD_COMMON_OPTIONS,
    };
    cmd_common cc = {.help = user_help};
    const char *username = NULL, *role = "staff", *password = NULL, *tenant = NULL;
    long long staff_id = 0, person_id = 0;
    int no_password = 0;
    optind = 1;
    while ((o = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (o) {
        case 'u':
            username = optarg;
            break;
        case 'r':
            role = optarg;
            break;
        case 's':
            staff_id = atoll(optarg);
            break;
        case 'p':
            person_id = atoll(optarg);
            break;
        case 'w':
            password = optarg;
            break;
        case 'n':
            no_password = 1;
            break;
        case 't':
            tenant = optarg;
            break;
        default:
            if ((rc = cmd_common_option(&cc, o)) >= 0) return rc;
        }
    }
    if (!username) {
        fputs("helhet user add: --username is required\n", stderr);
        return 2;
    }
    char line[300];
    if (!password && !no_password) {
        if (!fgets(line, sizeof line, stdin)) {
            fputs("helhet user add: give the password on standard input, or --no-password\n",
                  stderr);
            return 2;
        }
        line[strcspn(line, "\r\n")] = '\0';
        password = line;
    }
    store *s;
    if ((rc = cmd_common_open(&cc, 0, 1, &s))) return rc;
    err e;
    err_clear(&e);
    int64_t tid, id;
    rc = tenant_find(s, tenant, &tid, &e);
    if (!rc)
        rc = auth_account_create(s, tid, username, no_password ? NULL : password,
                                 actor_role_parse(role), staff_id, person_id, &id, &e);
    store_close(s);
    if (rc) {
        fprintf(stderr, "helhet user add: %s\n", e.message);
        return 1;
    }
    printf("created user %s (account %lld, role %s)\n", username, (long long)id, role);
    return 0;
}

static const char *token_help =
    "usage: helhet token create --user NAME [--label TEXT] [--days N] [--db URL]\n"
    "\n"
    "Creates an API token for the user and prints only the token, for\n"
    "`Authorization: Bearer <token>`. Only a hash of it is stored.\n"
    "\n"
    "  --user NAME    the account's username (required)\n"
    "  --label TEXT   what the token is for\n"
    "  --days N       days until it expires (default: never)\n"
    "  --db URL       database (env HELHET_DB; default sqlite:var/helhet.db)\n"
    "  --config FILE  settings file (env HELHET_CONFIG)\n";

int cmd_token(int argc, char **argv)
{
    int o, rc = cmd_subcommand(argc, argv, "create", token_help);
    if (rc >= 0) return rc;
    argc--;
    argv++;
    static const struct option opts[] = {
        {"user", required_argument, 0, 'u'},
        {"label", required_argument, 0, 'l'},
        {"days", required_argument, 0, 'n'},
        CMD_COMMON_OPTIONS,
    };
    cmd_common cc = {.help = token_help};
    const char *user = NULL, *label = NULL;
    int days = 0;
    optind = 1;
    while ((o = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (o) {
        case 'u':
            user = optarg;
            break;
        case 'l':
            label = optarg;
            break;
        case 'n':
            days = atoi(optarg);
            break;
        default:
            if ((rc = cmd_common_option(&cc, o)) >= 0) return rc;
        }
    }
    if (!user) {
        fputs("helhet token create: --user is required\n", stderr);
        return 2;
    }
    store *s;
    if ((rc = cmd_common_open(&cc, 0, 1, &s))) return rc;
    err e;
    err_clear(&e);
    char token[AUTH_SECRET_LEN];
    rc = auth_token_create(s, user, label, days, token, &e);
    store_close(s);
    if (rc) {
        fprintf(stderr, "helhet token create: %s\n", e.message);
        return 1;
    }
    printf("%s\n", token);
    return 0;
}
