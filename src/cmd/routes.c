/* routes.c - `helhet routes`: prints every HTTP route the server answers, one
 * "METHOD PATTERN" line each, from the same tables the router uses. Operators
 * use it to see the API; the tests use it to keep docs/openapi.yaml complete. */
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "http/router.h"

int cmd_routes(int argc, char **argv)
{
    if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        fputs("usage: helhet routes\n\nPrints every HTTP route the server answers, one\n"
              "'METHOD PATTERN' line each ({id} stands for a numeric id).\n",
              stdout);
        return 0;
    }
    if (argc > 1) {
        fprintf(stderr, "helhet routes: unexpected argument '%s'\n", argv[1]);
        return 2;
    }
    const route *r = router_routes();
    for (int i = 0; i < router_count(); i++) printf("%s %s\n", r[i].method, r[i].pattern);
    return 0;
}
