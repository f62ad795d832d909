/*
 * cmd.h - the subcommands of the `helhet` program (main.c dispatches).
 *
 * Every subcommand takes --db URL and --config FILE, and --help. Settings are
 * resolved in the order of DESIGN principle 8: flags, then environment (HELHET_DB,
 * HELHET_LISTEN, HELHET_THREADS, HELHET_LOG_LEVEL, HELHET_CONFIG), then the config
 * file ("key = value" lines: db, listen, threads, max_body, log_level,
 * access_log), then defaults.
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

/* A setting: the flag's value if given, else HELHET_<NAME>, else the config
 * file's `key`, else `def`. */
const char *cmd_setting(const char *flag, const char *env, const char *key, const char *def);
/* Loads the config file named by --config / HELHET_CONFIG (NULL: none). */
int cmd_load_config(const char *path);
void cmd_free_config(void);

/* Opens the database, creating it when `create` and applying migrations when
 * `migrate`. Prints the error and returns NULL on failure. */
store *cmd_open_db(const char *url, int create, int migrate);

/* The default database URL. */
#define CMD_DEFAULT_DB "sqlite:var/helhet.db"

#endif
