/*
 * cmd.h - the subcommands of the `helhet` program (main.c dispatches).
 *
 * Every subcommand takes --db URL, --config FILE, --key-file FILE,
 * --audit-anchor FILE and --help. Settings are resolved in the order of DESIGN
 * principle 8: flags, then environment (HELHET_DB, HELHET_LISTEN,
 * HELHET_THREADS, HELHET_LOG_LEVEL, HELHET_CONFIG, HELHET_OIDC, HELHET_WEB_ROOT,
 * HELHET_KEY_FILE, HELHET_AUDIT_ANCHOR, HELHET_TRUSTED_PROXY), then the config
 * file ("key = value" lines: db, listen, threads, max_body, log_level,
 * access_log, oidc, web_root, key_file, audit_anchor, trusted_proxy), then
 * defaults.
 */
#ifndef HELHET_CMD_H
#define HELHET_CMD_H

#include "store/store.h"

int cmd_init(int argc, char **argv);
int cmd_migrate(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_token(int argc, char **argv);
int cmd_routes(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_copy(int argc, char **argv);
int cmd_tenant(int argc, char **argv);

/* A setting: the flag's value if given, else HELHET_<NAME>, else the config
 * file's `key`, else `def`. */
const char *cmd_setting(const char *flag, const char *env, const char *key, const char *def);
/* Loads the config file named by --config / HELHET_CONFIG (NULL: none). */
int cmd_load_config(const char *path);
void cmd_free_config(void);

/* Opens the database, creating it when `create` and applying migrations when
 * `migrate`, and loads the key file (trust/keys.h; the path resolved by
 * cmd_common_config, default "<database file>.key"). A missing key file is
 * created (0600, with a message) when the database holds nothing written with
 * a key, and is an error otherwise. With `migrate`, one-time code secrets
 * still in clear are sealed and the audit log's head is checked against the
 * key. Every file made from here on is 0600 (umask 077). Prints the error and
 * returns NULL on failure. */
store *cmd_open_db(const char *url, int create, int migrate);
/* For `helhet audit verify`: cmd_open_db leaves the head's key check to it. */
void cmd_no_key_check(void);
/* The key file's path resolved by cmd_common_config or cmd_open_db (NULL:
 * none yet). */
const char *cmd_key_path(void);
/* "<database file><suffix>" into out; -1 when the URL names no file (a
 * PostgreSQL URL). */
int cmd_beside_db(const char *url, const char *suffix, char *out, size_t cap);

/* The options every subcommand shares: --db URL, --config FILE and --help/-h.
 * A command ends its getopt_long table with CMD_COMMON_OPTIONS, has a case for
 * each of its own options and hands every other option code to
 * cmd_common_option. */
typedef struct cmd_common {
    const char *help;        /* the command's --help text */
    const char *db, *config; /* the flags, NULL when not given */
    const char *key_file, *anchor;
    const char *trusted_proxy; /* serve's --trusted-proxy (option code 'X') */
    const char *url;           /* the database URL, set by cmd_common_config */
} cmd_common;

/* The last entries of every command's getopt_long table: --db, --config,
 * --help and the table's end. (clang-format would spread the end over five
 * lines.) */
/* clang-format off */
#define CMD_COMMON_OPTIONS                                                                         \
    {"db", required_argument, 0, 'd'}, {"config", required_argument, 0, 'c'},                      \
    {"key-file", required_argument, 0, 'K'}, {"audit-anchor", required_argument, 0, 'N'},          \
    {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}
/* clang-format on */

/* The lines every command's --help ends with for --key-file and --audit-anchor. */
#define CMD_KEY_HELP                                                                               \
    "  --key-file FILE       the installation's secret key (env HELHET_KEY_FILE; config\n"         \
    "                        key_file; default: the database file's name with .key); made\n"       \
    "                        0600 when missing; keep it apart from the database\n"                 \
    "  --audit-anchor FILE   where the audit log's head is anchored (env\n"                        \
    "                        HELHET_AUDIT_ANCHOR; config audit_anchor; default: the\n"             \
    "                        database file's name with .anchor)\n"

/* Takes an option code from getopt_long: stores --db and --config and returns
 * -1 (go on); prints the help on stdout for --help and returns 0; prints it on
 * stderr for anything else and returns 2. */
int cmd_common_option(cmd_common *c, int opt);
/* For `helhet user add` and `helhet token create`: -1 when argv[1] is `name`,
 * else prints the help (stdout for --help or -h) and returns the exit code. */
int cmd_subcommand(int argc, char **argv, const char *name, const char *help);
/* Loads the config file and resolves the database URL into c->url, and the key
 * file's and the anchor file's paths (for cmd_open_db). Returns 0,
 * or the exit code 2 when the config file cannot be read. */
int cmd_common_config(cmd_common *c);
/* cmd_common_config, then cmd_open_db(c->url, create, migrate) into *s.
 * Returns 0, or the exit code: 2 for a bad config file, 1 when the database
 * cannot be opened. */
int cmd_common_open(cmd_common *c, int create, int migrate, store **s);

/* The default database URL. */
#define CMD_DEFAULT_DB "sqlite:var/helhet.db"

#endif
