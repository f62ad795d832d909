/*
 * user.c - `helhet user add | link | totp | otp | deactivate | reactivate`
 * (accounts, their subject at an OpenID Connect provider, their one-time code
 * secrets, off-boarding) and `helhet token create | revoke`.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "domain/offboarding.h"
#include "domain/tenant.h"
#include "trust/auth.h"
#include "trust/oidc.h"
#include "trust/totp.h"

/* The help on stdout for --help or -h (exit 0), else on stderr (exit 2). */
static int usage(int argc, char **argv, const char *help)
{
    int asked = argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"));
    fputs(help, asked ? stdout : stderr);
    return asked ? 0 : 2;
}

/* Prints a one-time code secret and the otpauth:// URI for an authenticator. */
static void print_secret(const char *username, const char *secret)
{
    char uri[256];
    totp_uri(AUTH_TOTP_ISSUER, username, secret, uri, sizeof uri);
    printf("secret  %s\nuri     %s\n", secret, uri);
}

static const char *user_help =
    "usage: helhet user add --username NAME [options]\n"
    "       helhet user link --username NAME --oidc-provider NAME --oidc-subject SUB\n"
    "       helhet user totp --user NAME [--db URL]\n"
    "       helhet user otp --user NAME [--db URL]\n"
    "       helhet user deactivate --user NAME [--db URL]\n"
    "       helhet user reactivate --user NAME [--db URL]\n"
    "\n"
    "add   creates a log-in account. The password is read from standard input (one\n"
    "      line) unless --password is given; an account without a password can still\n"
    "      get tokens. Staff and administrators log in with a password AND a one-time\n"
    "      code: give them --totp (or run `user totp` later).\n"
    "link  links an existing account to its subject at a staff provider (HelseID):\n"
    "      whoever that provider logs in with that subject is logged in as the account.\n"
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
    "  --totp              also create a one-time code secret (prints it, see totp)\n"
    "  --tenant SLUG       the tenant (needed only when there are several)\n"
    "\n"
    "totp  creates a new one-time code (TOTP, RFC 6238: 6 digits, 30 s) secret for\n"
    "      the user and prints it in base32 and as an otpauth:// URI for an\n"
    "      authenticator app. A secret the user had before stops working.\n"
    "otp   prints the user's current one-time code (for the demo and operators).\n"
    "deactivate  off-boarding: the account can no longer log in (password, one-time\n"
    "      code, OpenID Connect) or get tokens; its sessions end and its tokens are\n"
    "      revoked at once. For a staff member's account the staff member and all\n"
    "      her accounts are deactivated, her memberships end today, and the open\n"
    "      plans and cases she coordinates or is contact person of are flagged to\n"
    "      the coordinating unit (they keep her on record until it appoints\n"
    "      someone). The same as PATCH /api/v1/accounts/{id} {\"active\": false}.\n"
    "reactivate  lets the account log in again; ended memberships stay ended.\n"
    "\n"
    "  --user NAME         the account's username (totp, otp, deactivate, reactivate;\n"
    "                      required)\n"
    "  --db URL            database (env HELHET_DB; default sqlite:var/helhet.db)\n"
    "  --config FILE       settings file (env HELHET_CONFIG)\n" CMD_KEY_HELP;

static int user_add(int argc, char **argv, int link)
{
    int o, rc;
    const char *cmd = link ? "helhet user link" : "helhet user add";
    static const struct option opts[] = {
        {"username", required_argument, 0, 'u'},
        {"role", required_argument, 0, 'r'},
        {"staff-id", required_argument, 0, 's'},
        {"person-id", required_argument, 0, 'p'},
        {"password", required_argument, 0, 'w'},
        {"no-password", no_argument, 0, 'n'},
        {"tenant", required_argument, 0, 't'},
        {"totp", no_argument, 0, 'o'},
        {"oidc-provider", required_argument, 0, 'P'},
        {"oidc-subject", required_argument, 0, 'S'},
        CMD_COMMON_OPTIONS,
    };
    cmd_common cc = {.help = user_help};
    const char *username = NULL, *role = "staff", *password = NULL, *tenant = NULL;
    const char *provider = NULL, *subject = NULL;
    long long staff_id = 0, person_id = 0;
    int no_password = 0, other = 0, totp = 0;
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
        case 'o':
            totp = 1;
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
    char secret[64] = "";
    /* an account, its link and its code secret are one change: all or none */
    rc = store_begin(s, STORE_WRITE, &e) || tenant_find(s, tenant, &tid, &e);
    if (!rc && !link)
        rc = auth_account_create(s, tid, username, no_password ? NULL : password,
                                 actor_role_parse(role), staff_id, person_id, &id, &e) ||
             (totp && auth_totp_enrol(s, id, secret, &e));
    if (!rc && provider) rc = oidc_link(s, tid, username, provider, subject, &e);
    if (!rc) rc = store_commit(s, &e);
    if (rc) store_rollback(s);
    store_close(s);
    if (rc) {
        fprintf(stderr, "%s: %s\n", cmd, e.message);
        return 1;
    }
    if (link) {
        printf("linked user %s to its subject at %s\n", username, provider);
        return 0;
    }
    printf("created user %s (account %lld, role %s)\n", username, (long long)id, role);
    if (totp) print_secret(username, secret);
    return 0;
}

/* The subcommands that take --user NAME and the common options: parses them
 * and opens the database. 0 with *user and *s set; otherwise 1 and the command
 * ends with *exit (0 after --help). */
static int user_open(int argc, char **argv, const char *name, const char **user, store **s,
                     int *exit)
{
    static const struct option opts[] = {
        {"user", required_argument, 0, 'u'},
        CMD_COMMON_OPTIONS,
    };
    cmd_common cc = {.help = user_help};
    int o, rc;
    *user = NULL;
    optind = 1;
    while ((o = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (o == 'u') {
            *user = optarg;
        } else if ((rc = cmd_common_option(&cc, o)) >= 0) {
            *exit = rc;
            return 1;
        }
    }
    if (!*user) {
        fprintf(stderr, "%s: --user is required\n", name);
        *exit = 2;
        return 1;
    }
    *exit = cmd_common_open(&cc, 0, 1, s);
    return *exit != 0;
}

/* `user totp` (otp 0) and `user otp` (otp 1): both take --user NAME. */
static int user_code(int argc, char **argv, int otp)
{
    const char *name = otp ? "helhet user otp" : "helhet user totp";
    const char *user;
    store *s;
    int rc;
    if (user_open(argc, argv, name, &user, &s, &rc)) return rc;
    err e;
    err_clear(&e);
    char out[64] = "";
    if (otp)
        rc = auth_totp_current(s, user, out, &e);
    else
        rc = auth_totp_enrol_user(s, user, out, &e);
    store_close(s);
    if (rc) {
        fprintf(stderr, "%s: %s\n", name, e.message);
        return 1;
    }
    if (otp)
        printf("%s\n", out);
    else
        print_secret(user, out);
    return 0;
}

/* `user deactivate` (active 0) and `user reactivate` (active 1). */
static int user_active(int argc, char **argv, int active)
{
    const char *name = active ? "helhet user reactivate" : "helhet user deactivate";
    const char *user;
    store *s;
    int rc;
    if (user_open(argc, argv, name, &user, &s, &rc)) return rc;
    err e;
    err_clear(&e);
    offboarding_result r;
    int changed = 0;
    rc = store_begin(s, STORE_WRITE, &e) ||
         offboarding_user_set_active(s, user, active, &changed, &r, &e) || store_commit(s, &e);
    if (rc) store_rollback(s);
    store_close(s);
    if (rc) {
        fprintf(stderr, "%s: %s\n", name, e.message);
        return 1;
    }
    if (!changed) {
        printf("user %s (account %lld) is already %s\n", user, (long long)r.account_id,
               active ? "active" : "deactivated");
        return 0;
    }
    if (active) {
        printf("reactivated user %s (account %lld); ended memberships stay ended\n", user,
               (long long)r.account_id);
        return 0;
    }
    printf("deactivated user %s (account %lld): ended %lld session%s, revoked %lld token%s", user,
           (long long)r.account_id, (long long)r.sessions, r.sessions == 1 ? "" : "s",
           (long long)r.tokens, r.tokens == 1 ? "" : "s");
    if (r.staff_id)
        printf(", ended %lld membership%s; flagged to the coordinating unit: %lld open plan%s, "
               "%lld open case%s",
               (long long)r.memberships, r.memberships == 1 ? "" : "s", (long long)r.plans,
               r.plans == 1 ? "" : "s", (long long)r.cases, r.cases == 1 ? "" : "s");
    printf("\n");
    return 0;
}

int cmd_user(int argc, char **argv)
{
    if (argc >= 2 && !strcmp(argv[1], "deactivate")) return user_active(argc - 1, argv + 1, 0);
    if (argc >= 2 && !strcmp(argv[1], "reactivate")) return user_active(argc - 1, argv + 1, 1);
    if (argc >= 2 && !strcmp(argv[1], "add")) return user_add(argc - 1, argv + 1, 0);
    if (argc >= 2 && !strcmp(argv[1], "link")) return user_add(argc - 1, argv + 1, 1);
    if (argc >= 2 && !strcmp(argv[1], "totp")) return user_code(argc - 1, argv + 1, 0);
    if (argc >= 2 && !strcmp(argv[1], "otp")) return user_code(argc - 1, argv + 1, 1);
    return usage(argc, argv, user_help);
}

static const char *token_help =
    "usage: helhet token create --user NAME [--label TEXT] [--days N] [--db URL]\n"
    "       helhet token revoke (--token TOKEN | --user NAME) [--db URL]\n"
    "\n"
    "create  makes an API token for the user and prints only the token, for\n"
    "        `Authorization: Bearer <token>`. Only a hash of it is stored. Every\n"
    "        token expires: after 90 days unless --days says otherwise. A\n"
    "        deactivated account gets no token.\n"
    "revoke  ends the token given (read from standard input when TOKEN is '-'),\n"
    "        or every token of the user; prints how many were revoked. A revoked\n"
    "        token is refused from the next request on.\n"
    "\n"
    "  --user NAME    the account's username\n"
    "  --label TEXT   what the token is for (create)\n"
    "  --days N       days until it expires (create; 1 to 730, default 90)\n"
    "  --token TOKEN  the token to revoke (revoke)\n"
    "  --db URL       database (env HELHET_DB; default sqlite:var/helhet.db)\n"
    "  --config FILE  settings file (env HELHET_CONFIG)\n" CMD_KEY_HELP;

static int token_revoke(int argc, char **argv)
{
    static const struct option opts[] = {
        {"user", required_argument, 0, 'u'},
        {"token", required_argument, 0, 'k'},
        CMD_COMMON_OPTIONS,
    };
    cmd_common cc = {.help = token_help};
    const char *user = NULL, *token = NULL;
    int o, rc;
    optind = 1;
    while ((o = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (o == 'u')
            user = optarg;
        else if (o == 'k')
            token = optarg;
        else if ((rc = cmd_common_option(&cc, o)) >= 0)
            return rc;
    }
    if (!user == !token) {
        fputs("helhet token revoke: give --token TOKEN or --user NAME\n\n", stderr);
        fputs(token_help, stderr);
        return 2;
    }
    char line[300];
    if (token && !strcmp(token, "-")) {
        if (!fgets(line, sizeof line, stdin)) {
            fputs("helhet token revoke: no token on standard input\n", stderr);
            return 2;
        }
        line[strcspn(line, "\r\n")] = '\0';
        token = line;
    }
    store *s;
    if ((rc = cmd_common_open(&cc, 0, 1, &s))) return rc;
    err e;
    err_clear(&e);
    int64_t n = 0;
    rc = auth_token_revoke(s, token, user, &n, &e);
    store_close(s);
    if (rc) {
        fprintf(stderr, "helhet token revoke: %s\n", e.message);
        return 1;
    }
    if (token && n == 0) {
        fputs("helhet token revoke: no live token matches\n", stderr);
        return 1;
    }
    printf("revoked %lld token%s\n", (long long)n, n == 1 ? "" : "s");
    return 0;
}

int cmd_token(int argc, char **argv)
{
    if (argc >= 2 && !strcmp(argv[1], "revoke")) return token_revoke(argc - 1, argv + 1);
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
    int days = AUTH_TOKEN_DAYS;
    optind = 1;
    while ((o = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (o) {
        case 'u':
            user = optarg;
            break;
        case 'l':
            label = optarg;
            break;
        case 'n': {
            char *end;
            long long v = strtoll(optarg, &end, 10);
            err de;
            if (!*optarg || *end || auth_token_days_acceptable(v, &de)) {
                fprintf(stderr,
                        "helhet token create: --days must be a whole number of days "
                        "from 1 to %d (default %d)\n",
                        AUTH_TOKEN_MAX_DAYS, AUTH_TOKEN_DAYS);
                return 2;
            }
            days = (int)v;
            break;
        }
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
