/* audit.c - `helhet audit verify`: walks the audit log's keyed hash chain and
 * the anchor file beside it, and names the first entry that was altered,
 * removed, reordered or rebuilt, a log cut short, and recorded losses of the
 * audit journal (trust/audit.h, trust/audit_anchor.h). */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "trust/audit.h"
#include "trust/audit_anchor.h"
#include "trust/audit_journal.h"

static const char *audit_help =
    "usage: helhet audit verify [options]\n"
    "\n"
    "Checks the audit log from the first entry to the last and exits 0 when it is\n"
    "intact and complete, printing the number of entries and the head (last seq\n"
    "and hash). Exits 1, naming what it found, when:\n"
    "  - an entry was altered, removed or reordered (its hash or its link to the\n"
    "    entry before it does not match);\n"
    "  - the log was rebuilt by someone without the key file: each entry's hash\n"
    "    is keyed with a subkey of the key file, which the database does not hold\n"
    "    (entries from before migration 011 keep their unkeyed hashes);\n"
    "  - the log is shorter than the anchor file says, or an anchored entry has\n"
    "    another hash (entries removed and the rest renumbered): the server\n"
    "    appends the chain's head to the anchor file about once a second, each\n"
    "    line signed with the key; a line that is not signed with this key file,\n"
    "    and a missing anchor file for a log with keyed entries, fail too;\n"
    "  - answered requests' entries were lost: the audit journal was cut short,\n"
    "    emptied or removed after a server was killed (shorter than the position\n"
    "    recorded in the database or in the anchor file). The loss is recorded in\n"
    "    the log itself when it is found, and reported from then on; so is an\n"
    "    anchor file that a server found missing and started anew (after a\n"
    "    restore from a backup, or its removal).\n"
    "\n"
    "Entries a stopped server left in its audit journal (reads answered just\n"
    "before it stopped or was killed) are first appended to the log, as the\n"
    "server does when it starts; a running server's journal is left to it.\n"
    "Pending migrations are applied first.\n"
    "\n"
    "  --db URL              database (env HELHET_DB; default sqlite:var/helhet.db)\n"
    "  --audit-journal FILE  the server's audit journal (default: the database\n"
    "                        file's name with -audit)\n"
    "  --accept SEQ          incidents recorded at or before entry SEQ have been looked\n"
    "                        into: they are listed, and no longer fail the check\n" CMD_KEY_HELP
    "  --config FILE         settings file (env HELHET_CONFIG)\n";

int cmd_audit(int argc, char **argv)
{
    int rc = cmd_subcommand(argc, argv, "verify", audit_help);
    if (rc >= 0) return rc;
    argc--;
    argv++;
    static const struct option opts[] = {{"audit-journal", required_argument, 0, 'J'},
                                         {"accept", required_argument, 0, 'A'},
                                         CMD_COMMON_OPTIONS};
    cmd_common cc = {.help = audit_help};
    const char *journal = NULL;
    long long accept = 0;
    char *end;
    int o;
    optind = 1;
    while ((o = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (o == 'J') {
            journal = optarg;
        } else if (o == 'A') {
            accept = strtoll(optarg, &end, 10);
            if (!*optarg || *end || accept < 0) {
                fputs("helhet audit verify: --accept must be an entry's seq\n", stderr);
                return 2;
            }
        } else if ((rc = cmd_common_option(&cc, o)) >= 0)
            return rc;
    }
    if (optind < argc) {
        fprintf(stderr, "helhet audit verify: unexpected argument '%s'\n", argv[optind]);
        return 2;
    }
    store *s;
    cmd_no_key_check();
    if ((rc = cmd_common_open(&cc, 0, 1, &s))) return rc;
    err e;
    err_clear(&e);
    char jp[4096];
    journal = cmd_setting(journal, NULL, "audit_journal", NULL);
    if (journal && strcmp(journal, "database") == 0)
        journal = NULL;
    else if (!journal && audit_journal_path(cc.url, jp, sizeof jp) == 0)
        journal = jp;
    /* what servers queued in the database first (the journal of servers that
     * share a database: safe while they run, the writers take turns) */
    int queued = 0;
    if (audit_journal_recover_queue(s, &queued, &e)) {
        fprintf(stderr, "helhet audit verify: %s\n", e.message);
        store_close(s);
        return 1;
    }
    if (queued) printf("appended %d entries queued in the database\n", queued);
    if (journal) {
        int recovered = 0, busy = 0;
        if (audit_journal_recover(s, journal, &recovered, &busy, &e)) {
            fprintf(stderr, "helhet audit verify: %s\n", e.message);
            store_close(s);
            return 1;
        }
        if (busy) printf("a running server holds the audit journal; it appends its entries\n");
        if (recovered)
            printf("appended %d entries from the audit journal of a stopped server\n", recovered);
    }
    int64_t checked = 0, bad = 0, accepted = 0;
    char head[65];
    rc = store_begin(s, STORE_READ, &e) ||
         audit_verify(s, (int64_t)accept, &checked, &bad, &accepted, head, &e);
    store_rollback(s);
    store_close(s);
    if (rc) {
        fprintf(stderr, "helhet audit verify: %s\n", e.message);
        if (bad)
            printf("broken at seq %" PRId64 " (%" PRId64 " entries before it are intact)\n", bad,
                   checked);
        return 1;
    }
    if (accepted)
        printf("%" PRId64 " recorded incident(s) at or before entry %lld accepted\n", accepted,
               accept);
    printf("audit log intact: %" PRId64 " entries, head seq %" PRId64 " hash %s\n", checked,
           checked, checked ? head : "-");
    if (!audit_anchor_path())
        printf("no anchor file was checked (the database URL names no file: give --audit-anchor); "
               "a log cut short at its end is found only against an anchor file\n");
    return 0;
}
