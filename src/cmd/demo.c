/* demo.c - placeholder until the demo generator lands. */
#include <stdio.h>

#include "cmd/cmd.h"

int cmd_demo(int argc, char **argv)
{
    fputs("helhet demo: not built yet\n", stderr);
    return 1;
}
