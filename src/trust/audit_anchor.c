/*
 * audit_anchor.c - the anchor file (see audit_anchor.h).
 */
#include "trust/audit_anchor.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/audit_store.h"
#include "trust/audit_journal.h"
#include "trust/keys.h"
#include "util/log.h"

#define MAC_LEN         16
#define ANCHOR_LINE_MAX 400
#define TAIL            (1024 * 1024)

static char path[4096];
static int have_path;
/* The writer's state (one thread writes: the checkpointer, then the stop). */
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static int fd = -1;
static int64_t last_seq = -1, last_bytes = -1;
static char last_gen[33];
static int stopped; /* the stop line is written: nothing may follow it */

void audit_anchor_configure(const char *p)
{
    have_path = p && *p && strlen(p) < sizeof path;
    if (have_path) snprintf(path, sizeof path, "%s", p);
}

const char *audit_anchor_path(void)
{
    return have_path ? path : NULL;
}

/* The MAC of a line's text (without " <mac>\n"), hex. */
static int line_mac(const char *text, size_t n, char out[2 * MAC_LEN + 1])
{
    const unsigned char *k = keys_get(KEY_ANCHOR);
    if (!k) return -1;
    unsigned char m[MAC_LEN];
    crypto_generichash(m, sizeof m, (const unsigned char *)text, n, k, KEYS_LEN);
    sodium_bin2hex(out, 2 * MAC_LEN + 1, m, sizeof m);
    return 0;
}

static int write_all(int f, const char *p, size_t n)
{
    while (n) {
        ssize_t w = write(f, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w < 0) return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

static int anchor_err(err *e, const char *what)
{
    return err_set(e, ERR_INTERNAL, "audit_anchor", NULL, "cannot %s the audit anchor file %s: %s",
                   what, path, strerror(errno));
}

int audit_anchor_tick(store *s, int stop, err *e)
{
    if (!have_path) return 0;
    if (!keys_get(KEY_ANCHOR))
        return err_set(e, ERR_INTERNAL, "no_key", NULL, "no key file is loaded");
    int64_t seq, keyed_from, bytes = 0;
    char hash[65], gen[33] = "";
    if (store_begin(s, STORE_READ, e) || audit_store_head(s, &seq, hash, e) ||
        audit_store_keyed_from(s, &keyed_from, e)) {
        store_rollback(s);
        return -1;
    }
    store_rollback(s);
    if (audit_journal_sync_position(gen, &bytes, e)) return -1;
    int rc = 0;
    pthread_mutex_lock(&mu);
    if (stopped) goto done;
    if (!stop && seq == last_seq && bytes == last_bytes && !strcmp(gen, last_gen)) goto done;
    if (fd < 0 && (fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600)) < 0) {
        rc = anchor_err(e, "open");
        goto done;
    }
    time_t now = time(NULL);
    struct tm tm;
    char at[32];
    gmtime_r(&now, &tm);
    strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", &tm);
    char line[ANCHOR_LINE_MAX], mac[2 * MAC_LEN + 1];
    int n =
        snprintf(line, sizeof line, "A1 %" PRId64 " %s %s %" PRId64 " %c %" PRId64 " %s", seq,
                 hash[0] ? hash : "-", gen[0] ? gen : "-", bytes, stop ? 's' : 'r', keyed_from, at);
    line_mac(line, (size_t)n, mac);
    n += snprintf(line + n, sizeof line - (size_t)n, " %s\n", mac);
    if (write_all(fd, line, (size_t)n) || fsync(fd)) {
        rc = anchor_err(e, "write");
        goto done;
    }
    last_seq = seq;
    last_bytes = bytes;
    stopped = stop;
    snprintf(last_gen, sizeof last_gen, "%s", gen);
    log_line(LOG_INFO, "event=audit_anchor seq=%" PRId64 " hash=%s journal=%s bytes=%" PRId64 "%s",
             seq, hash[0] ? hash : "-", gen[0] ? gen : "-", bytes, stop ? " stopped=1" : "");
done:
    if (stop && fd >= 0) {
        close(fd);
        fd = -1;
    }
    pthread_mutex_unlock(&mu);
    return rc;
}

/* Parses and checks one line (without its newline). */
static int parse(char *text, int64_t lineno, anchor_line *l, err *e)
{
    memset(l, 0, sizeof *l);
    l->lineno = lineno;
    char *sp = strrchr(text, ' ');
    char mac[2 * MAC_LEN + 1];
    if (!sp || line_mac(text, (size_t)(sp - text), mac))
        return err_set(e, ERR_CONFLICT, "audit_anchor_bad", NULL,
                       "line %" PRId64 " of the anchor file %s is not an anchor", lineno, path);
    if (strlen(sp + 1) != sizeof mac - 1 || sodium_memcmp(sp + 1, mac, sizeof mac - 1) != 0)
        return err_set(e, ERR_CONFLICT, "audit_anchor_forged", NULL,
                       "line %" PRId64 " of the anchor file %s is not signed with this key file "
                       "(forged, or written with another key)",
                       lineno, path);
    *sp = '\0';
    char hash[65], gen[33], flag;
    if (sscanf(text, "A1 %" SCNd64 " %64s %32s %" SCNd64 " %c %" SCNd64 " %31s", &l->seq, hash, gen,
               &l->journal_bytes, &flag, &l->keyed_from, l->at) != 7)
        return err_set(e, ERR_CONFLICT, "audit_anchor_bad", NULL,
                       "line %" PRId64 " of the anchor file %s cannot be read", lineno, path);
    snprintf(l->hash, sizeof l->hash, "%s", strcmp(hash, "-") ? hash : "");
    snprintf(l->gen, sizeof l->gen, "%s", strcmp(gen, "-") ? gen : "");
    l->stopped = flag == 's';
    return 0;
}

int audit_anchor_read_open(FILE **f, err *e)
{
    *f = NULL;
    if (!have_path) return 0;
    *f = fopen(path, "re");
    if (!*f && errno != ENOENT) return anchor_err(e, "read");
    return 0;
}

int audit_anchor_read_next(FILE *f, anchor_line *l, err *e)
{
    int64_t lineno = l->lineno;
    char text[ANCHOR_LINE_MAX + 2];
    if (!fgets(text, sizeof text, f)) return 0;
    lineno++;
    size_t n = strlen(text);
    if (!n || text[n - 1] != '\n') {
        if (feof(f)) return 0; /* a torn last line: the write did not finish */
        return err_set(e, ERR_CONFLICT, "audit_anchor_bad", NULL,
                       "line %" PRId64 " of the anchor file %s is too long", lineno, path);
    }
    text[n - 1] = '\0';
    return parse(text, lineno, l, e) ? -1 : 1;
}

int audit_anchor_last_for(const char *gen, anchor_line *l, err *e)
{
    if (!have_path || !gen[0]) return 0;
    int f = open(path, O_RDONLY | O_CLOEXEC);
    if (f < 0) return errno == ENOENT ? 0 : anchor_err(e, "read");
    struct stat st;
    if (fstat(f, &st)) {
        close(f);
        return anchor_err(e, "read");
    }
    off_t from = st.st_size > TAIL ? st.st_size - TAIL : 0;
    size_t len = (size_t)(st.st_size - from);
    char *buf = malloc(len + 1);
    ssize_t r = buf ? pread(f, buf, len, from) : -1;
    close(f);
    if (r < 0) {
        free(buf);
        return anchor_err(e, "read");
    }
    buf[r] = '\0';
    int found = 0;
    /* lines from the end; the first (possibly cut) line of the tail is skipped */
    char *end = buf + r;
    while (end > buf && !found) {
        if (end[-1] == '\n') end--;
        char *start = end;
        while (start > buf && start[-1] != '\n') start--;
        if (start == buf && from > 0) break;
        *end = '\0';
        anchor_line a;
        err ignored;
        /* a line that does not verify is verify's to report; it does not count here */
        if (end > start && parse(start, 0, &a, &ignored) == 0 && !strcmp(a.gen, gen)) {
            *l = a;
            found = 1;
        }
        end = start;
    }
    free(buf);
    return found;
}
