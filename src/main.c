/*
 * main.c - the `helhet` command: dispatches to the subcommands in src/cmd/.
 *
 *   helhet init | migrate | demo | serve | user add|totp|otp|deactivate|reactivate |
 *   token create|revoke | tenant add|list | routes | audit verify | copy
 *   helhet --version | --help
 */
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "trust/auth.h"
#include "util/timeutil.h"
#include "version.h"

static void usage(FILE *f)
{
    fputs("usage: helhet <command> [options]\n"
          "\n"
          "Helhet: coordinated municipal health, care and welfare services.\n"
          "\n"
          "commands:\n"
          "  init           create the database and the municipality (tenant)\n"
          "  migrate        apply database migrations\n"
          "  demo           create a demo municipality with synthetic people (--scale N)\n"
          "  serve          serve the JSON API over HTTP\n"
          "  user add       create a log-in account (--totp: with a one-time code secret)\n"
          "  user totp      give a user a new one-time code secret (prints it)\n"
          "  user otp       print a user's current one-time code\n"
          "  user deactivate  off-boarding: end a user's sessions, tokens and memberships\n"
          "  user reactivate  let a deactivated user log in again\n"
          "  token create   create an API token for a user (prints only the token)\n"
          "  token revoke   revoke a token, or every token of a user\n"
          "  tenant add     add a municipality (tenant) to the database\n"
          "  tenant list    list the municipalities (tenants) of the database\n"
          "  routes         list the HTTP routes the server answers\n"
          "  audit verify   check the audit log's hash chain\n"
          "  copy           copy a database into another (SQLite to PostgreSQL and back)\n"
          "\n"
          "common options: --db URL (default sqlite:var/helhet.db), --config FILE, --help\n"
          "`helhet <command> --help` describes each command's options.\n",
          f);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    const char *c = argv[1];
    if (!strcmp(c, "--version") || !strcmp(c, "version")) {
        printf("helhet %s\n", HELHET_VERSION);
        return 0;
    }
    if (!strcmp(c, "--help") || !strcmp(c, "-h") || !strcmp(c, "help")) {
        usage(stdout);
        return 0;
    }
    if (time_init_zone()) {
        fputs("helhet: HELHET_CLOCK_OFFSET_DAYS must be a whole number of days (within 100 "
              "years)\n",
              stderr);
        return 2;
    }
    /* every date decision moves with it: never silently */
    if (time_offset_days())
        fprintf(stderr,
                "helhet: warning: the clock runs %ld days from the real date "
                "(HELHET_CLOCK_OFFSET_DAYS), for tests that play another day; never set it "
                "where people use Helhet\n",
                time_offset_days());
    if (auth_init()) {
        fputs("helhet: cannot initialise libsodium\n", stderr);
        return 1;
    }
    static const struct {
        const char *name;
        int (*run)(int argc, char **argv);
    } commands[] = {
        {"init", cmd_init}, {"migrate", cmd_migrate}, {"demo", cmd_demo},     {"serve", cmd_serve},
        {"user", cmd_user}, {"token", cmd_token},     {"routes", cmd_routes}, {"audit", cmd_audit},
        {"copy", cmd_copy}, {"tenant", cmd_tenant},
    };
    int rc = -1;
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(c, commands[i].name)) rc = commands[i].run(argc - 1, argv + 1);
    if (rc < 0) {
        fprintf(stderr, "helhet: unknown command '%s'\n\n", c);
        usage(stderr);
        rc = 2;
    }
    cmd_free_config();
    return rc;
}
