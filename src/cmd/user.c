/* user.c - `helhet user add`, `helhet user link` (an account's subject at an
 * OpenID Connect provider) and `helhet token create`. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "domain/tenant.h"
#include "trust/auth.h"
#include "trust/oidc.h"

static const char *user_help =
    "usage: helhet user add --username NAME [options]\n"
    "       helhet user link --username NAME --oidc-provider NAME --oidc-subject SUB\n"
    "\n"
    "add creates a log-in account. The password is read from standard input (one line)\n"
    "unless --password is given; an account without a password can still get tokens,\n"
    "or log in through an OpenID Connect provider it is linked to.\n"
    "link links an existing account to its subject at a staff provider (HelseID):\n"
    "whoever that provider logs in with that subject is logged in as the account.\n"
    "\n"
    "  --username NAME     a-z, 0-9, '.', '-', '_' (required)\n"
    "  --role ROLE         admin, staff or citizen (default staff)\n"
    "  --staff-id ID       the staff member this account belongs to\n"
    "  --person-id ID      the citizen (person) this account belongs to\n"
    "  --password PW       the password (visible in the process list: prefer stdin)\n"
    "  --no-password       create the account without a password\n"
    "  --oidc-provider NAME  the OpenID Connect provider (its name in `serve --oidc`)\n"
    "  --oidc-subject SUB  the account's subject (claim `sub`, or the provider's claim)\n"
    "                      at that provider; give both or neither\n"
    "  --tenant SLUG       the tenant (needed only when there are several)\n"
    "  --db URL            database (env HELHET_DB; default sqlite:var/helhet.db)\n"
    "  --config FILE       settings file (env HELHET_CONFIG)\n";

int cmd_user(int argc, char **argv)
{
    int link = argc >= 2 && !strcmp(argv[1], "link");
    int o, rc = link ? -1 : cmd_subcommand(argc, argv, "add", user_help);
    if (rc >= 0) return rc;
    const char *cmd = link ? "helhet user link" : "helhet user add";
    argc--;
    argv++;
    static const struct option opts[] = {
        {"username", required_argument, 0, 'u'},     {"role", required_argument, 0, 'r'},
        {"staff-id", required_argument, 0, 's'},     {"person-id", required_argument, 0, 'p'},
        {"password", required_argument, 0, 'w'},     {"no-password", no_argument, 0, 'n'},
        {"tenant", required_argument, 0, 't'},       {"oidc-provider", required_argument, 0, 'P'},
        {"oidc-subject", required_argument, 0, 'S'}, CMD_COMMON_OPTIONS,
    };
    cmd_common cc = {.help = user_help};
    const char *username = NULL, *role = "staff", *password = NULL, *tenant = NULL;
    const char *provider = NULL, *subject = NULL;
    long long staff_id = 0, person_id = 0;
    int no_password = 0, other = 0;
    optind = 1;
    while ((o = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (o) {
        case 'u':
            username = optarg;
            break;
        case 'r':
            role = optarg;
            other = 1;
            break;
        case 's':
            staff_id = atoll(optarg);
            other = 1;
            break;
        case 'p':
            person_id = atoll(optarg);
            other = 1;
            break;
        case 'w':
            password = optarg;
            other = 1;
            break;
        case 'n':
            no_password = 1;
            other = 1;
            break;
        case 't':
            tenant = optarg;
            break;
        case 'P':
            provider = optarg;
            break;
        case 'S':
            subject = optarg;
            break;
        default:
            if ((rc = cmd_common_option(&cc, o)) >= 0) return rc;
        }
    }
    if (!username) {
        fprintf(stderr, "%s: --username is required\n", cmd);
        return 2;
    }
    if (!provider != !subject || (link && !provider)) {
        fprintf(stderr, "%s: give --oidc-provider and --oidc-subject together\n", cmd);
        return 2;
    }
    if (link && other) {
        fprintf(stderr, "%s: takes only --username, --tenant and the --oidc options\n", cmd);
        return 2;
    }
    char line[300];
    if (!link && !password && !no_password) {
        if (!fgets(line, sizeof line, stdin)) {
            fprintf(stderr, "%s: give the password on standard input, or --no-password\n", cmd);
            return 2;
        }
        line[strcspn(line, "\r\n")] = '\0';
        password = line;
    }
    store *s;
    if ((rc = cmd_common_open(&cc, 0, 1, &s))) return rc;
    err e;
    err_clear(&e);
    int64_t tid, id = 0;
    /* an account and its link are one change: both or neither (the password is
     * hashed inside it then, which holds the write lock a little longer) */
    rc = (provider && store_begin(s, STORE_WRITE, &e)) || tenant_find(s, tenant, &tid, &e);
    if (!rc && !link)
        rc = auth_account_create(s, tid, username, no_password ? NULL : password,
                                 actor_role_parse(role), staff_id, person_id, &id, &e);
    if (!rc && provider) rc = oidc_link(s, tid, username, provider, subject, &e);
    if (!rc) rc = store_commit(s, &e);
    if (rc) store_rollback(s);
    store_close(s);
    if (rc) {
        fprintf(stderr, "%s: %s\n", cmd, e.message);
        return 1;
    }
    if (link)
        printf("linked user %s to its subject at %s\n", username, provider);
    else
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
