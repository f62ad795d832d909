/* common.c - what the subcommands share (see cmd.h): their common options,
 * settings resolution and database opening. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd/cmd.h"
#include "store/auth_store.h"
#include "trust/audit.h"
#include "trust/audit_anchor.h"
#include "trust/keys.h"
#include "trust/proxy.h"
#include "trust/totp.h"

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

/* The key file's and the anchor file's paths (cmd_common_config). */
static char key_path[4096], anchor_path[4096];
static int key_check = 1;

void cmd_no_key_check(void)
{
    key_check = 0;
}

const char *cmd_key_path(void)
{
    return key_path[0] ? key_path : NULL;
}

int cmd_beside_db(const char *url, const char *suffix, char *out, size_t cap)
{
    const char *path = strncmp(url, "sqlite:", 7) == 0 ? url + 7 : url;
    if (strstr(path, "://")) return -1;
    int n = snprintf(out, cap, "%s%s", path, suffix);
    return n > 0 && (size_t)n < cap ? 0 : -1;
}

static void resolve_paths(const char *url, const char *key_flag, const char *anchor_flag)
{
    const char *k = cmd_setting(key_flag, "HELHET_KEY_FILE", "key_file", NULL);
    if (k)
        snprintf(key_path, sizeof key_path, "%s", k);
    else if (cmd_beside_db(url, ".key", key_path, sizeof key_path))
        key_path[0] = '\0';
    const char *a = cmd_setting(anchor_flag, "HELHET_AUDIT_ANCHOR", "audit_anchor", NULL);
    if (a)
        snprintf(anchor_path, sizeof anchor_path, "%s", a);
    else if (cmd_beside_db(url, ".anchor", anchor_path, sizeof anchor_path))
        anchor_path[0] = '\0';
    audit_anchor_configure(anchor_path);
}

/* Whether the database holds anything written with a key: keyed audit
 * entries or sealed one-time code secrets (a database before migration 011
 * holds neither). */
static int holds_keyed_data(store *s)
{
    err e;
    int keyed = 0;
    int64_t sealed = 0;
    if (store_begin(s, STORE_READ, &e) == 0) {
        if (audit_keyed_entries(s, &keyed, &e)) keyed = 0;
        if (auth_store_totp_sealed(s, &sealed, &e)) sealed = 0;
    }
    store_rollback(s);
    return keyed || sealed > 0;
}

static int load_key(store *s, const char *url, int migrate)
{
    err e;
    err_clear(&e);
    if (!key_path[0] && !anchor_path[0]) resolve_paths(url, NULL, NULL);
    if (!key_path[0]) {
        fputs("helhet: name the key file with --key-file (the database URL names no file)\n",
              stderr);
        return -1;
    }
    struct stat st;
    int missing = stat(key_path, &st) != 0 && errno == ENOENT;
    if (missing && holds_keyed_data(s)) {
        fprintf(stderr,
                "helhet: the key file %s is missing, but the database holds data written with "
                "a key (the audit log, one-time code secrets): restore the key file from its "
                "backup, or name it with --key-file (docs/operations.md)\n",
                key_path);
        return -1;
    }
    int created = 0;
    if (keys_load(key_path, missing, &created, &e)) {
        fprintf(stderr, "helhet: %s\n", e.message);
        return -1;
    }
    if (created)
        fprintf(stderr,
                "helhet: created the key file %s (key %s, mode 0600); keep it apart from the "
                "database and back it up separately: without it the audit log cannot be "
                "verified and one-time codes stop working (docs/operations.md)\n",
                key_path, keys_id());
    if (!migrate) return 0;
    int sealed = 0;
    if (store_begin(s, STORE_WRITE, &e) || totp_seal_clear_secrets(s, &sealed, &e) ||
        store_commit(s, &e)) {
        store_rollback(s);
        fprintf(stderr, "helhet: cannot seal the one-time code secrets: %s\n", e.message);
        return -1;
    }
    if (sealed)
        fprintf(stderr, "helhet: sealed %d one-time code secret(s) with the key file\n", sealed);
    if (key_check && audit_check_key(s, &e)) {
        fprintf(stderr, "helhet: %s\n", e.message);
        return -1;
    }
    return 0;
}

store *cmd_open_db(const char *url, int create, int migrate)
{
    err e;
    err_clear(&e);
    store *s = NULL;
    /* the database, its -wal and -shm files (SQLite gives them the database's
     * mode), the audit journal, the anchor and the key: for the owner only */
    umask(077);
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
    if (load_key(s, url, migrate)) {
        store_close(s);
        return NULL;
    }
    return s;
}

int cmd_common_option(cmd_common *c, int opt)
{
    if (opt == 'd') c->db = optarg;
    if (opt == 'c') c->config = optarg;
    if (opt == 'K') c->key_file = optarg;
    if (opt == 'N') c->anchor = optarg;
    if (opt == 'X') c->trusted_proxy = optarg;
    if (opt == 'd' || opt == 'c' || opt == 'K' || opt == 'N' || opt == 'X') return -1;
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
    resolve_paths(c->url, c->key_file, c->anchor);
    err e;
    if (proxy_configure(
            cmd_setting(c->trusted_proxy, "HELHET_TRUSTED_PROXY", "trusted_proxy", NULL), &e)) {
        fprintf(stderr, "helhet: %s\n", e.message);
        return 2;
    }
    return 0;
}

int cmd_common_open(cmd_common *c, int create, int migrate, store **s)
{
    if (cmd_common_config(c)) return 2;
    *s = cmd_open_db(c->url, create, migrate);
    return *s ? 0 : 1;
}
