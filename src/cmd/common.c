/* common.c - what the subcommands share (see cmd.h): their common options,
 * settings resolution and database opening. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd/cmd.h"

#define MAX_KEYS 32
static char *keys[MAX_KEYS], *vals[MAX_KEYS];
static int nkeys;

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t') s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

int cmd_load_config(const char *path)
{
    if (!path) path = getenv("HELHET_CONFIG");
    if (!path) return 0;
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "helhet: cannot read config file %s: %s\n", path, strerror(errno));
        return -1;
    }
    char line[1024];
    int lineno = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        char *l = trim(line);
        if (!*l || *l == '#') continue;
        char *eq = strchr(l, '=');
        if (!eq || nkeys == MAX_KEYS) {
            fprintf(stderr, "helhet: %s:%d: expected 'key = value'\n", path, lineno);
            fclose(f);
            return -1;
        }
        *eq = '\0';
        keys[nkeys] = strdup(trim(l));
        vals[nkeys] = strdup(trim(eq + 1));
        nkeys++;
    }
    fclose(f);
    return 0;
}

void cmd_free_config(void)
{
    for (int i = 0; i < nkeys; i++) {
        free(keys[i]);
        free(vals[i]);
    }
    nkeys = 0;
}

const char *cmd_setting(const char *flag, const char *env, const char *key, const char *def)
{
    if (flag) return flag;
    const char *v = env ? getenv(env) : NULL;
    if (v && *v) return v;
    for (int i = 0; i < nkeys; i++)
        if (strcmp(keys[i], key) == 0) return vals[i];
    return def;
}

/* Creates the directory holding a SQLite file, so `make run` on a fresh checkout
 * needs no mkdir. */
static void ensure_parent_dir(const char *url)
{
    const char *path = strncmp(url, "sqlite:", 7) == 0 ? url + 7 : url;
    char dir[1024];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (!slash || slash == dir) return;
    *slash = '\0';
    mkdir(dir, 0750);
}

store *cmd_open_db(const char *url, int create, int migrate)
{
    err e;
    err_clear(&e);
    store *s = NULL;
    if (create) ensure_parent_dir(url);
    if (store_open(url, create, &s, &e)) {
        fprintf(stderr, "helhet: %s\n", e.message);
        return NULL;
    }
    if (migrate) {
        int applied = 0;
        if (store_migrate(s, &applied, &e)) {
            fprintf(stderr, "helhet: %s\n", e.message);
            store_close(s);
            return NULL;
        }
        if (applied) fprintf(stderr, "helhet: applied %d migration(s)\n", applied);
    }
    return s;
}

int cmd_common_option(cmd_common *c, int opt)
{
    if (opt == 'd') c->db = optarg;
    if (opt == 'c') c->config = optarg;
    if (opt == 'd' || opt == 'c') return -1;
    fputs(c->help, opt == 'h' ? stdout : stderr);
    return opt == 'h' ? 0 : 2;
}

int cmd_subcommand(int argc, char **argv, const char *name, const char *help)
{
    if (argc >= 2 && !strcmp(argv[1], name)) return -1;
    int asked = argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"));
    fputs(help, asked ? stdout : stderr);
    return asked ? 0 : 2;
}

int cmd_common_config(cmd_common *c)
{
    if (cmd_load_config(c->config)) return 2;
    c->url = cmd_setting(c->db, "HELHET_DB", "db", CMD_DEFAULT_DB);
    return 0;
}

int cmd_common_open(cmd_common *c, int create, int migrate, store **s)
{
    if (cmd_common_config(c)) return 2;
    *s = cmd_open_db(c->url, create, migrate);
    return *s ? 0 : 1;
}
