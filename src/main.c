/*
 * main.c - the `helhet` command: dispatches to the subcommands in src/cmd/.
 *
 *   helhet init | migrate | demo | serve | user add | token create
 *   helhet --version | --help
 */
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "trust/auth.h"
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
          "  user add       create a log-in account\n"
          "  token create   create an API token for a user (prints only the token)\n"
          "  routes         list the HTTP routes the server answers\n"
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
    if (auth_init()) {
        fputs("helhet: cannot initialise libsodium\n", stderr);
        return 1;
    }
    int rc;
    if (!strcmp(c, "init"))
        rc = cmd_init(argc - 1, argv + 1);
    else if (!strcmp(c, "migrate"))
        rc = cmd_migrate(argc - 1, argv + 1);
    else if (!strcmp(c, "demo"))
        rc = cmd_demo(argc - 1, argv + 1);
    else if (!strcmp(c, "serve"))
        rc = cmd_serve(argc - 1, argv + 1);
    else if (!strcmp(c, "user"))
        rc = cmd_user(argc - 1, argv + 1);
    else if (!strcmp(c, "token"))
        rc = cmd_token(argc - 1, argv + 1);
    else {
        fprintf(stderr, "helhet: unknown command '%s'\n\n", c);
        usage(stderr);
        rc = 2;
    }
    cmd_free_config();
    return rc;
}
