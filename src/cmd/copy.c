/* copy.c - `helhet copy`: copies a database into another, of either engine
 * (SQLite to PostgreSQL to move a municipality onto a shared server, and back
 * for an exit or an archive), the audit log with its hash chain included,
 * and checks the copy: row counts per table on both sides, and the audit
 * log's chain and anchor on the target (issue 13 point 5). The SQL is in
 * store/copy_store.c. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "store/copy_store.h"
#include "trust/audit.h"
#include "trust/audit_anchor.h"
#include "trust/audit_journal.h"

static const char *copy_help =
    "usage: helhet copy --from URL --to URL [options]\n"
    "\n"
    "Copies the database at --from into the one at --to, every table and every\n"
    "row with its id, the audit log and its hash chain included, in one\n"
    "transaction on the target; then checks the copy and exits 0 only when the\n"
    "row counts of every table are the same on both sides and the audit log on\n"
    "the target verifies (as helhet audit verify does). Either URL may be SQLite\n"
    "(sqlite:PATH) or PostgreSQL (postgres://...): from SQLite to PostgreSQL to\n"
    "move onto a shared server, from PostgreSQL to an SQLite file for an exit or\n"
    "an archive.\n"
    "\n"
    "The target must not exist (it is created) or hold no municipality; it is\n"
    "migrated to the source's schema version, which must be this binary's (run\n"
    "helhet migrate on the source first). Stop the servers on the source: what a\n"
    "stopped server left in its audit journal is first appended to the source's\n"
    "log (as helhet audit verify does), and the source's log must verify.\n"
    "\n"
    "The copy's audit log is hashed with the source's key file, so servers on\n"
    "the target use the same key file. The target's anchor file starts as a\n"
    "copy of the source's (its lines are signed with that key and name entries\n"
    "the copy holds); servers on the target append to it from there.\n"
    "\n"
    "  --from URL            the database copied (required)\n"
    "  --to URL              the database made (required)\n"
    "  --tenant SLUG         the municipality to copy. The audit log chains every\n"
    "                        municipality's entries together, so this is refused\n"
    "                        when the source holds others too: copying one of\n"
    "                        several is possible once the chain is per municipality\n"
    "  --to-audit-anchor FILE  the target's anchor file, made here (default: the\n"
    "                        target database file's name with .anchor; required\n"
    "                        for a PostgreSQL target); must not exist\n"
    "  --to-key-file FILE    where to write a copy of the key file for servers on\n"
    "                        the target (default for an SQLite target: its file's\n"
    "                        name with .key; none for PostgreSQL: name the source's\n"
    "                        key file with --key-file there)\n"
    "  --audit-journal FILE  the source's audit journal (default: the source\n"
    "                        database file's name with -audit)\n"
    "  --accept SEQ          incidents recorded in the audit log at or before entry\n"
    "                        SEQ have been looked into (see helhet audit --help)\n"
    "  --key-file FILE       the source's key file (env HELHET_KEY_FILE; config\n"
    "                        key_file; default: the source file's name with .key)\n"
    "  --audit-anchor FILE   the source's anchor file (env HELHET_AUDIT_ANCHOR;\n"
    "                        config audit_anchor; default: the source file's name\n"
    "                        with .anchor)\n"
    "  --config FILE         settings file (env HELHET_CONFIG)\n";

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Reads a whole (small) file; NULL with errno when it cannot. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    size_t r;
    while (buf && (r = fread(buf + n, 1, cap - n, f)) > 0) {
        n += r;
        if (n == cap) {
            char *b = realloc(buf, cap * 2);
            if (!b) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = b;
            cap *= 2;
        }
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

/* Writes data into a new file (0600, never over an existing one), durably. */
static int write_new(const char *path, const char *data, size_t len)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) return -1;
    size_t off = 0;
    while (off < len) {
        ssize_t w = write(fd, data + off, len - off);
        if (w < 0 && errno == EINTR) continue;
        if (w < 0) {
            close(fd);
            return -1;
        }
        off += (size_t)w;
    }
    if (fsync(fd)) {
        close(fd);
        return -1;
    }
    return close(fd);
}

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* What the copy found and did, for the table printed at the end. */
typedef struct counted {
    int64_t source, target;
} counted;

static int fail(const char *msg, const err *e)
{
    fprintf(stderr, "helhet copy: %s%s%s\n", msg, e ? ": " : "", e ? e->message : "");
    return 1;
}

int cmd_copy(int argc, char **argv)
{
    static const struct option opts[] = {
        {"from", required_argument, 0, 'F'},        {"to", required_argument, 0, 'T'},
        {"tenant", required_argument, 0, 't'},      {"to-audit-anchor", required_argument, 0, 'n'},
        {"to-key-file", required_argument, 0, 'k'}, {"audit-journal", required_argument, 0, 'J'},
        {"accept", required_argument, 0, 'A'},      CMD_COMMON_OPTIONS};
    cmd_common cc = {.help = copy_help};
    const char *from = NULL, *to = NULL, *slug = NULL, *to_anchor = NULL, *to_key = NULL,
               *journal = NULL;
    long long accept = 0;
    char *end;
    int o, rc;
    optind = 1;
    while ((o = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (o == 'F')
            from = optarg;
        else if (o == 'T')
            to = optarg;
        else if (o == 't')
            slug = optarg;
        else if (o == 'n')
            to_anchor = optarg;
        else if (o == 'k')
            to_key = optarg;
        else if (o == 'J')
            journal = optarg;
        else if (o == 'A') {
            accept = strtoll(optarg, &end, 10);
            if (!*optarg || *end || accept < 0) {
                fputs("helhet copy: --accept must be an entry's seq\n", stderr);
                return 2;
            }
        } else if (o == 'd') {
            fputs("helhet copy: name the databases with --from and --to, not --db\n", stderr);
            return 2;
        } else if ((rc = cmd_common_option(&cc, o)) >= 0)
            return rc;
    }
    if (optind < argc) {
        fprintf(stderr, "helhet copy: unexpected argument '%s'\n", argv[optind]);
        return 2;
    }
    if (!from || !to) {
        fputs("helhet copy: both --from URL and --to URL are required\n\n", stderr);
        fputs(copy_help, stderr);
        return 2;
    }
    if (!strcmp(from, to)) {
        fputs("helhet copy: --from and --to name the same database\n", stderr);
        return 2;
    }

    /* the target's files, checked before anything is opened or written */
    char anchor_to[4096] = "", key_to[4096] = "";
    if (to_anchor)
        snprintf(anchor_to, sizeof anchor_to, "%s", to_anchor);
    else if (cmd_beside_db(to, ".anchor", anchor_to, sizeof anchor_to)) {
        fputs("helhet copy: name the target's anchor file with --to-audit-anchor (the target "
              "URL names no file)\n",
              stderr);
        return 2;
    }
    if (to_key)
        snprintf(key_to, sizeof key_to, "%s", to_key);
    else if (cmd_beside_db(to, ".key", key_to, sizeof key_to))
        key_to[0] = '\0';
    if (exists(anchor_to)) {
        fprintf(stderr,
                "helhet copy: the target's anchor file %s exists already (another "
                "database's?): move it aside, or name another with --to-audit-anchor\n",
                anchor_to);
        return 1;
    }

    /* the source, its key and anchor (resolved as for every command, with
     * --from as the database) */
    cc.db = from;
    if (cmd_common_config(&cc)) return 2;
    char anchor_from[4096] = "";
    if (audit_anchor_path()) snprintf(anchor_from, sizeof anchor_from, "%s", audit_anchor_path());
    if (anchor_from[0] && !strcmp(anchor_from, anchor_to)) {
        fputs("helhet copy: the source and the target would share one anchor file\n", stderr);
        return 2;
    }
    store *src = cmd_open_db(from, 0, 0);
    if (!src) return 1;
    err e;
    err_clear(&e);
    store *dst = NULL;
    char *key_data = NULL;
    rc = 1;
    int version = 0, want = copy_store_binary_version(src);
    if (store_schema_version(src, &version, &e)) {
        fail("cannot read the source's schema version", &e);
        goto out;
    }
    if (version != want) {
        fprintf(stderr,
                "helhet copy: the source's schema is at version %d, this binary's at %d: run "
                "helhet migrate on the source first (with the binary that matches it)\n",
                version, want);
        goto out;
    }
    const char *key_from = cmd_key_path();
    size_t key_len = 0;
    if (key_to[0] && key_from && strcmp(key_to, key_from)) {
        if (!(key_data = slurp(key_from, &key_len))) {
            fprintf(stderr, "helhet copy: cannot read the key file %s: %s\n", key_from,
                    strerror(errno));
            goto out;
        }
        if (exists(key_to)) {
            size_t l2;
            char *other = slurp(key_to, &l2);
            int same = other && l2 == key_len && !memcmp(other, key_data, l2);
            free(other);
            if (!same) {
                fprintf(stderr,
                        "helhet copy: %s exists and is another key file: the copy's audit "
                        "log is hashed with %s; move it aside or name another with "
                        "--to-key-file\n",
                        key_to, key_from);
                goto out;
            }
            free(key_data);
            key_data = NULL; /* already there */
        }
    }

    /* what stopped servers left in the source's audit journal first, as
     * helhet audit verify does: the copy's log is then complete */
    char jp[4096];
    if (journal && !strcmp(journal, "database"))
        journal = NULL;
    else if (!journal && audit_journal_path(from, jp, sizeof jp) == 0)
        journal = jp;
    int queued = 0, recovered = 0, busy = 0;
    if (audit_journal_recover_queue(src, &queued, &e) ||
        (journal && audit_journal_recover(src, journal, &recovered, &busy, &e))) {
        fail("cannot take in the source's audit journal", &e);
        goto out;
    }
    if (busy) {
        fputs("helhet copy: a server is running on the source (it holds the audit journal): "
              "stop it first\n",
              stderr);
        goto out;
    }
    if (queued + recovered)
        printf("appended %d entries that stopped servers left to the source's audit log\n",
               queued + recovered);

    /* one snapshot of the source for the check, the copy and the counts */
    int64_t tenants = 0, tenant = 0, checked = 0, bad = 0, accepted = 0;
    char head[65];
    if (store_begin(src, STORE_READ, &e) || copy_store_check_tables(src, &e) ||
        copy_store_tenants(src, slug, &tenants, &tenant, &e)) {
        fail("cannot read the source", &e);
        goto out;
    }
    if (tenants == 0) {
        fputs("helhet copy: the source holds no municipality\n", stderr);
        goto out;
    }
    if (slug && !tenant) {
        fprintf(stderr, "helhet copy: the source holds no municipality '%s'\n", slug);
        goto out;
    }
    if (slug && tenants > 1) {
        fprintf(stderr,
                "helhet copy: the source holds %" PRId64 " municipalities; the audit log chains "
                "every municipality's entries together; copying one of several is possible "
                "once the chain is per municipality\n",
                tenants);
        goto out;
    }
    if (audit_verify(src, (int64_t)accept, &checked, &bad, &accepted, head, &e)) {
        fail("the source's audit log does not verify (helhet audit verify names what it "
             "found); nothing was copied",
             &e);
        goto out;
    }

    /* the target: new, or without a municipality; migrated to the same version */
    if (store_open(to, 1, &dst, &e)) {
        fail("cannot open the target", &e);
        goto out;
    }
    int tversion = 0;
    if (store_schema_version(dst, &tversion, &e)) {
        fail("cannot read the target's schema version", &e);
        goto out;
    }
    if (tversion > want) {
        fprintf(stderr,
                "helhet copy: the target's schema (version %d) is newer than this binary's (%d)\n",
                tversion, want);
        goto out;
    }
    if (tversion > 0) {
        int64_t tt = 0, tid;
        int r = store_begin(dst, STORE_READ, &e) || copy_store_tenants(dst, NULL, &tt, &tid, &e);
        store_rollback(dst);
        if (r) {
            fail("cannot read the target", &e);
            goto out;
        }
        if (tt) {
            fprintf(stderr,
                    "helhet copy: the target holds %" PRId64 " municipality(ies) already: copy "
                    "into a new database or an empty one; nothing was written\n",
                    tt);
            goto out;
        }
    }
    int applied = 0;
    if (store_migrate(dst, &applied, &e)) {
        fail("cannot migrate the target", &e);
        goto out;
    }
    double t0 = now_s();
    const char *full = NULL;
    if (store_begin(dst, STORE_WRITE, &e) || copy_store_check_tables(dst, &e) ||
        copy_store_first_nonempty(dst, &full, &e)) {
        fail("cannot read the target", &e);
        goto out;
    }
    if (full) {
        fprintf(stderr,
                "helhet copy: the target's table %s holds rows already: copy into a new "
                "database or an empty one; nothing was written\n",
                full);
        goto out;
    }
    int64_t copied = 0;
    for (int i = 0; i < copy_tables_count; i++) {
        const copy_table *t = &copy_tables[i];
        int64_t n = 0;
        if (t->kind == COPY_ROWS && copy_store_table(src, dst, t->name, tenant, &n, &e)) {
            fprintf(stderr, "helhet copy: cannot copy the table %s: %s; nothing was written\n",
                    t->name, e.message);
            goto out;
        }
        copied += n;
    }
    if (copy_store_chain(src, dst, &e) || copy_store_sequences(dst, &e) || store_commit(dst, &e)) {
        fail("cannot finish the copy; nothing was written", &e);
        goto out;
    }
    double t1 = now_s();
    printf("copied %" PRId64 " rows from %s (%s) to %s (%s) in %.2f s\n", copied, store_engine(src),
           from, store_engine(dst), to, t1 - t0);

    /* the anchor and the key the target's servers use */
    size_t alen = 0;
    char *adata = anchor_from[0] ? slurp(anchor_from, &alen) : NULL;
    if (!adata && anchor_from[0] && errno != ENOENT) {
        fprintf(stderr, "helhet copy: cannot read the anchor file %s: %s\n", anchor_from,
                strerror(errno));
        goto out;
    }
    if (adata) {
        int w = write_new(anchor_to, adata, alen);
        free(adata);
        if (w) {
            fprintf(stderr, "helhet copy: cannot write the anchor file %s: %s\n", anchor_to,
                    strerror(errno));
            goto out;
        }
        printf("anchor file: %s (a copy of %s)\n", anchor_to, anchor_from);
    } else {
        printf("anchor file: %s (none yet: the source had none)\n", anchor_to);
    }
    if (key_data) {
        if (write_new(key_to, key_data, key_len)) {
            fprintf(stderr, "helhet copy: cannot write the key file %s: %s\n", key_to,
                    strerror(errno));
            goto out;
        }
        printf("key file: %s (a copy of %s)\n", key_to, key_from);
    } else if (!key_to[0]) {
        printf("key file: servers on the target use %s (--key-file)\n", key_from);
    }

    /* the check: row counts in the source's snapshot and in the target */
    int ok = 1;
    if (store_begin(dst, STORE_READ, &e)) {
        fail("cannot read the target", &e);
        goto out;
    }
    printf("\n%-24s %10s %10s\n", "table", "source", "target");
    for (int i = 0; i < copy_tables_count; i++) {
        const copy_table *t = &copy_tables[i];
        counted c = {0, 0};
        if (copy_store_count(src, t->name, tenant, &c.source, &e) ||
            copy_store_count(dst, t->name, 0, &c.target, &e)) {
            fail("cannot count the rows", &e);
            goto out;
        }
        int compared = t->kind != COPY_OWN;
        int differs = compared && c.source != c.target;
        if (differs) ok = 0;
        printf("%-24s %10" PRId64 " %10" PRId64 "%s", t->name, c.source, c.target,
               differs ? "  DIFFERS" : "");
        if (t->why) printf("  (%s%s)", compared ? "" : "not compared: ", t->why);
        putchar('\n');
    }
    store_rollback(src);

    /* the audit log on the target, against its anchor file */
    audit_anchor_configure(anchor_to);
    int64_t tchecked = 0, tbad = 0, taccepted = 0;
    char thead[65];
    int vr = audit_verify(dst, (int64_t)accept, &tchecked, &tbad, &taccepted, thead, &e);
    store_rollback(dst);
    if (vr) {
        fprintf(stderr, "helhet copy: the copy's audit log does not verify: %s\n", e.message);
        ok = 0;
    } else if (tchecked != checked || strcmp(thead, head)) {
        fprintf(stderr,
                "helhet copy: the copy's audit log ends at entry %" PRId64
                ", the source's at %" PRId64 "\n",
                tchecked, checked);
        ok = 0;
    } else {
        printf("\naudit log intact on the target: %" PRId64 " entries, head seq %" PRId64
               " hash %s (the same as the source's)\n",
               tchecked, tchecked, tchecked ? thead : "-");
    }
    if (!ok) {
        fputs("helhet copy: the copy does not match the source (see above)\n", stderr);
        goto out;
    }
    rc = 0;
out:
    free(key_data);
    store_rollback(src);
    store_close(src);
    if (dst) {
        store_rollback(dst);
        store_close(dst);
    }
    return rc;
}
