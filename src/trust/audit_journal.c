/*
 * audit_journal.c - the audit journal (see audit_journal.h).
 *
 * File layout: a 48-byte header (16 bytes of magic, 16 random bytes: the
 * generation, and the 16 bytes of the generation recorded in the database
 * when this one was made: its parent), then records. A record is a 4-byte payload length, a 4-byte
 * check (FNV-1a of the payload, to find a torn last record after a power
 * loss) and the payload: nine 64-bit integers (tenant, account, staff,
 * person, organisation, object id, plan id, emergency, subject person) and nine strings (at,
 * role, object, section, action, outcome, code, reason, request id), each a
 * 4-byte length (0xffffffff for NULL) and the bytes with a terminating NUL, so
 * a decoded entry points into the buffer. Numbers are in the machine's byte
 * order: a journal is read back by the same server on the same machine.
 * A journal of the format before the subject person ("J2": eight integers,
 * no subject) left by the server before an upgrade is still read at start.
 *
 * The in-memory queue holds the same bytes as the file, so one decoder serves
 * the queue and the recovery.
 */
#include "trust/audit_journal.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "trust/audit.h"
#include "trust/audit_anchor.h"
#include "util/log.h"
#include "util/timeutil.h"

#define MAGIC      "HELHET AUDIT J3\n"
#define MAGIC_J2   "HELHET AUDIT J2\n" /* before the subject person (migration 014) */
#define MAGIC_LEN  16
#define GEN_LEN    16
#define HEX_LEN    (2 * GEN_LEN + 1)
#define HEADER_LEN (MAGIC_LEN + 2 * GEN_LEN) /* magic, generation, parent */
#define NO_STRING  0xffffffffu
#define NINTS      9
#define NINTS_J2   8
#define NSTRINGS   9
/* The writer is woken early when this much waits in the queue. */
#define WAKE_BYTES (512u * 1024)
/* A journal is replaced once the log has caught up past this offset. */
#define ROTATE_BYTES (32 * 1024 * 1024)
/* Entries appended to the log per statement batch during recovery. */
#define RECOVER_CHUNK 4096

/* A growable byte string (malloc'd: it outlives requests). */
typedef struct bytes {
    char *data;
    size_t len, cap;
} bytes;

static int bytes_append(bytes *b, const void *p, size_t n)
{
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 64 * 1024;
        while (cap < b->len + n) cap *= 2;
        char *d = realloc(b->data, cap);
        if (!d) return -1;
        b->data = d;
        b->cap = cap;
    }
    memcpy(b->data + b->len, p, n);
    b->len += n;
    return 0;
}

static void bytes_free(bytes *b)
{
    free(b->data);
    memset(b, 0, sizeof *b);
}

static uint32_t fnv1a32(const unsigned char *p, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 16777619u;
    return h;
}

/* --- encoding ------------------------------------------------------------ */

static void put_u32(unsigned char **p, uint32_t v)
{
    memcpy(*p, &v, 4);
    *p += 4;
}

static void put_str(unsigned char **p, const char *s)
{
    if (!s) {
        put_u32(p, NO_STRING);
        return;
    }
    uint32_t n = (uint32_t)strlen(s);
    put_u32(p, n);
    memcpy(*p, s, n + 1);
    *p += n + 1;
}

/* String i of entry x; an entry without a time gets `at`. */
static const char *entry_string(const audit_entry *x, const char *at, int i)
{
    const char *v[NSTRINGS] = {x->at ? x->at : at, x->role, x->object, x->section,   x->action,
                               x->outcome,         x->code, x->reason, x->request_id};
    return v[i];
}

/* The size of entry x's record. */
static size_t record_size(const audit_entry *x, const char *at)
{
    size_t size = 8 + NINTS * 8;
    for (int i = 0; i < NSTRINGS; i++) {
        const char *s = entry_string(x, at, i);
        size += 4 + (s ? strlen(s) + 1 : 0);
    }
    return size;
}

/* Writes entry x's record (record_size(x, at) bytes) at rec; returns its size. */
static size_t encode(unsigned char *rec, const audit_entry *x, const char *at)
{
    unsigned char *p = rec + 8;
    int64_t ints[NINTS] = {x->tenant_id, x->account_id,        x->staff_id,
                           x->person_id, x->organisation_id,   x->object_id,
                           x->plan_id,   x->emergency ? 1 : 0, x->subject_person_id};
    memcpy(p, ints, sizeof ints);
    p += sizeof ints;
    for (int i = 0; i < NSTRINGS; i++) put_str(&p, entry_string(x, at, i));
    uint32_t len = (uint32_t)(p - rec - 8), check = fnv1a32(rec + 8, len);
    memcpy(rec, &len, 4);
    memcpy(rec + 4, &check, 4);
    return (size_t)(p - rec);
}

/* Reads one record at p (avail bytes) into x, whose strings then point into
 * p; nints is the format's number of integers (NINTS, or NINTS_J2 for a
 * journal from before the subject person). Returns the record's size, 0 when
 * the bytes end before the record does or it fails its check (a torn last
 * write), -1 when it is malformed. */
static long decode(char *p, size_t avail, audit_entry *x, int nints)
{
    uint32_t len, check;
    if (avail < 8) return 0;
    memcpy(&len, p, 4);
    memcpy(&check, p + 4, 4);
    if (len < (uint32_t)nints * 8 + NSTRINGS * 4) return -1;
    if (avail - 8 < len) return 0;
    if (fnv1a32((unsigned char *)p + 8, len) != check) return 0;
    int64_t ints[NINTS] = {0};
    memcpy(ints, p + 8, (size_t)nints * 8);
    memset(x, 0, sizeof *x);
    x->tenant_id = ints[0];
    x->account_id = ints[1];
    x->staff_id = ints[2];
    x->person_id = ints[3];
    x->organisation_id = ints[4];
    x->object_id = ints[5];
    x->plan_id = ints[6];
    x->emergency = ints[7] != 0;
    x->subject_person_id = ints[8];
    const char **dst[NSTRINGS] = {&x->at,      &x->role, &x->object, &x->section,   &x->action,
                                  &x->outcome, &x->code, &x->reason, &x->request_id};
    size_t off = 8 + (size_t)nints * 8, end = 8 + (size_t)len;
    for (int i = 0; i < NSTRINGS; i++) {
        uint32_t n;
        if (off + 4 > end) return -1;
        memcpy(&n, p + off, 4);
        off += 4;
        if (n == NO_STRING) {
            *dst[i] = NULL;
            continue;
        }
        if ((size_t)n + 1 > end - off || p[off + n] != '\0') return -1;
        *dst[i] = p + off;
        off += (size_t)n + 1;
    }
    return off == end ? (long)end : -1;
}

/* Appends the records in data[0..len) (of the format with nints integers) to
 * the log, in chunks of statements, inside the caller's write transaction.
 * *used gets the bytes consumed (whole records), *count the entries. A torn
 * record at the end stops the walk. */
static int append_records(store *s, char *data, size_t len, int nints, size_t *used, int *count,
                          err *e)
{
    audit_entry *batch = malloc(RECOVER_CHUNK * sizeof *batch);
    if (!batch) return err_set(e, ERR_INTERNAL, "out_of_memory", NULL, "out of memory");
    size_t off = 0;
    int n = 0, total = 0, rc = 0;
    while (off < len) {
        long r = decode(data + off, len - off, &batch[n], nints);
        if (r < 0) {
            rc = err_set(e, ERR_INTERNAL, "audit_journal_corrupt", NULL,
                         "the audit journal has a malformed entry at byte %zu", off);
            break;
        }
        if (r == 0) break;
        off += (size_t)r;
        if (++n == RECOVER_CHUNK) {
            if ((rc = audit_append(s, batch, n, e))) break;
            total += n;
            n = 0;
        }
    }
    if (!rc && n && !(rc = audit_append(s, batch, n, e))) total += n;
    free(batch);
    *used = off;
    *count = total;
    return rc;
}

/* --- the open journal ----------------------------------------------------- */

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static int fd = -1, lock_fd = -1;
static char jpath[4096];
static char gen[HEX_LEN];
static void (*wake_fn)(void);
/* Under mu: entries written to the file but not yet taken, and the file offset
 * just after the last one written. */
static bytes queue;
static int64_t written_end;
/* The writer's own: entries taken into an uncommitted transaction, and
 * the offset the log reaches when they are committed. */
static bytes inflight;
static int64_t inflight_end, committed_end;

int audit_journal_path(const char *db_url, char *out, size_t cap)
{
    const char *p = db_url;
    if (strncmp(p, "sqlite:", 7) == 0)
        p += 7;
    else if (strstr(p, "://"))
        return -1;
    int n = snprintf(out, cap, "%s-audit", p);
    return n > 0 && (size_t)n < cap ? 0 : -1;
}

static int sys_err(err *e, const char *what, const char *path)
{
    return err_set(e, ERR_INTERNAL, "audit_journal", NULL, "cannot %s the audit journal %s: %s",
                   what, path, strerror(errno));
}

static int write_all(int f, const char *p, size_t n)
{
    while (n) {
        ssize_t w = write(f, p, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Takes "<path>.lock": 0, 1 when another process holds it, -1 on error. */
static int take_lock(const char *path, int *out, err *e)
{
    char lp[sizeof jpath + 8];
    snprintf(lp, sizeof lp, "%s.lock", path);
    int f = open(lp, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (f < 0) return sys_err(e, "lock", lp);
    if (flock(f, LOCK_EX | LOCK_NB)) {
        int busy = errno == EWOULDBLOCK;
        close(f);
        if (busy) return 1;
        return sys_err(e, "lock", lp);
    }
    *out = f;
    return 0;
}

/* Reads the whole journal at path into *data (NULL, 0 when there is none or
 * it is shorter than a header), its generation and its parent (hex) into g
 * and parent. */
static int read_journal(const char *path, bytes *data, char g[HEX_LEN], char parent[HEX_LEN],
                        int *nints, err *e)
{
    memset(data, 0, sizeof *data);
    *nints = NINTS;
    g[0] = parent[0] = '\0';
    int f = open(path, O_RDONLY | O_CLOEXEC);
    if (f < 0) return errno == ENOENT ? 0 : sys_err(e, "open", path);
    char chunk[65536];
    for (;;) {
        ssize_t r = read(f, chunk, sizeof chunk);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) {
            close(f);
            bytes_free(data);
            return sys_err(e, "read", path);
        }
        if (r == 0) break;
        if (bytes_append(data, chunk, (size_t)r)) {
            close(f);
            bytes_free(data);
            return err_set(e, ERR_INTERNAL, "out_of_memory", NULL, "out of memory");
        }
    }
    close(f);
    if (data->len >= HEADER_LEN && memcmp(data->data, MAGIC_J2, MAGIC_LEN) == 0)
        *nints = NINTS_J2;
    else if (data->len < HEADER_LEN || memcmp(data->data, MAGIC, MAGIC_LEN) != 0) {
        if (data->len)
            log_line(LOG_WARN, "event=audit_journal_unreadable bytes=%zu (no journal header)",
                     data->len);
        bytes_free(data);
        return 0;
    }
    const unsigned char *h = (const unsigned char *)data->data + MAGIC_LEN;
    sodium_bin2hex(g, HEX_LEN, h, GEN_LEN);
    sodium_bin2hex(parent, HEX_LEN, h + GEN_LEN, GEN_LEN);
    return 0;
}

static int all_zero(const char *hex)
{
    for (; *hex; hex++)
        if (*hex != '0') return 0;
    return 1;
}

/* How far journal generation g must reach: what the database took from it
 * (rec_gen, rec_off) and what the anchor file saw written, made durable
 * first. *stopped is set when the anchor's last line for g was written by a
 * server that stopped cleanly (its journal taken in full). */
static int required_len(const char *g, const char *rec_gen, int64_t rec_off, int64_t *need,
                        int *stopped, err *e)
{
    *need = 0;
    *stopped = 0;
    if (!g[0]) return 0;
    if (!strcmp(g, rec_gen)) *need = rec_off;
    anchor_line a;
    int r = audit_anchor_last_for(g, &a, e);
    if (r < 0) return -1;
    if (r) {
        if (a.journal_bytes > *need) *need = a.journal_bytes;
        *stopped = a.stopped;
    }
    return 0;
}

/* Records in the log itself that answered requests' entries were lost (a
 * journal emptied, cut short or removed after the server was killed), so
 * `helhet audit verify` reports it from then on. In the caller's write
 * transaction. */
static int record_loss(store *s, const char *why, err *e)
{
    log_line(LOG_WARN, "event=audit_journal_lost reason=\"%s\"", why);
    audit_entry x = {.object = "audit_journal",
                     .action = "recover",
                     .outcome = "failed",
                     .code = "audit_journal_lost",
                     .reason = why};
    return audit_append(s, &x, 1, e);
}

/* Appends to the log what the journal at path holds past the recorded
 * position, in one transaction that also records the new position; the
 * generation recorded afterwards into recorded (hex, "" if none). A journal
 * that is neither the recorded one nor its direct successor belongs to
 * another state of the database (restored from a backup, or a copy): it is
 * set aside as "<path>.unmatched-<generation>", never appended. */
static int recover(store *s, const char *path, int *recovered, char recorded[HEX_LEN], err *e)
{
    bytes data;
    char g[HEX_LEN], parent[HEX_LEN], rec_gen[33], why[240] = "";
    int64_t rec_off = 0, need;
    int stopped, nints;
    *recovered = 0;
    if (read_journal(path, &data, g, parent, &nints, e)) return -1;
    if (store_begin(s, STORE_WRITE, e) || audit_store_journal_get(s, rec_gen, &rec_off, e))
        goto fail;
    snprintf(recorded, HEX_LEN, "%s", rec_gen);
    int own = data.len && (!strcmp(rec_gen, g) || !strcmp(rec_gen, parent) ||
                           (rec_gen[0] == '\0' && all_zero(parent)));
    if (own) {
        /* the recorded journal, or its successor: is it all there? */
        if (required_len(g, rec_gen, rec_off, &need, &stopped, e)) goto fail;
        if ((int64_t)data.len < need)
            snprintf(why, sizeof why,
                     "the audit journal %s holds %zu bytes, but %" PRId64
                     " were recorded: it was cut short",
                     g, data.len, need);
    } else if (rec_gen[0]) {
        /* the recorded journal is not there: harmless after a clean stop */
        if (required_len(rec_gen, rec_gen, rec_off, &need, &stopped, e)) goto fail;
        if (!stopped)
            snprintf(why, sizeof why,
                     "the audit journal %s is missing or emptied, and the server that wrote it "
                     "did not stop cleanly (the log holds its entries up to byte %" PRId64 ")",
                     rec_gen, rec_off);
    }
    if (!own && data.len) {
        /* another state's journal (restored from a backup, or copied) */
        char aside[sizeof jpath + 64];
        snprintf(aside, sizeof aside, "%s.unmatched-%s", path, g);
        if (rename(path, aside)) {
            sys_err(e, "set aside", path);
            goto fail;
        }
        log_line(LOG_WARN,
                 "event=audit_journal_unmatched generation=%s recorded=%s kept_as=\"%s\" "
                 "(the journal is not this database's: restored from a backup, or copied)",
                 g, rec_gen[0] ? rec_gen : "-", aside);
        bytes_free(&data);
    }
    size_t used = 0;
    if (own) {
        /* the recorded journal from where the log stands; its successor (made,
         * but not yet recorded, when the server stopped) from its start */
        int64_t from = HEADER_LEN;
        if (!strcmp(rec_gen, g) && rec_off > HEADER_LEN)
            from = rec_off > (int64_t)data.len ? (int64_t)data.len : rec_off;
        if (append_records(s, data.data + from, data.len - (size_t)from, nints, &used, recovered,
                           e) ||
            audit_store_journal_set(s, g, from + (int64_t)used, e))
            goto fail;
        snprintf(recorded, HEX_LEN, "%s", g);
        if ((size_t)from + used < data.len)
            log_line(LOG_WARN, "event=audit_journal_torn bytes=%zu (an incomplete last entry)",
                     data.len - (size_t)from - used);
    }
    /* A loss is recorded once: the log gets an entry saying so, and the
     * journal (what is left of it is in the log now) is set aside, so the next
     * start begins afresh. */
    if (why[0] && (record_loss(s, why, e) || audit_store_journal_set(s, "", 0, e))) goto fail;
    if (!why[0] && !own) {
        store_rollback(s);
        bytes_free(&data);
        return 0;
    }
    if (store_commit(s, e)) goto fail;
    if (why[0]) {
        recorded[0] = '\0';
        char aside[sizeof jpath + 64];
        snprintf(aside, sizeof aside, "%s.lost-%s", path, own ? g : rec_gen);
        if (own && rename(path, aside))
            log_line(LOG_WARN, "event=audit_journal_set_aside_failed errno=%d", errno);
    }
    bytes_free(&data);
    return 0;
fail:
    store_rollback(s);
    bytes_free(&data);
    return -1;
}

/* A server that starts with keyed entries in the log but no anchor file (it
 * was removed, or the database restored from a backup and the old anchor
 * moved aside) records that in the log before it starts a new anchor file:
 * what the old one would have proved is gone, and verify says so. */
/* A server that finds no anchor file where a log with keyed entries should
 * have one records that in the log as an incident - the file was removed, or
 * the database restored - whichever journal it uses. (A server added to
 * several on one database begins a file of its own: its first start on a
 * log with entries is such an incident too, which the operator who added it
 * accepts with `audit verify --accept`.) */
static int anchor_check(store *s, err *e)
{
    const char *ap = audit_anchor_path();
    struct stat st;
    int keyed = 0;
    if (!ap || stat(ap, &st) == 0 || errno != ENOENT) return 0;
    if (store_begin(s, STORE_WRITE, e) || audit_keyed_entries(s, &keyed, e)) goto fail;
    if (keyed) {
        char why[240];
        snprintf(why, sizeof why,
                 "the anchor file was missing when a server started; a new one was begun "
                 "(restored from a backup, or the file removed)");
        log_line(LOG_WARN, "event=audit_anchor_missing path=\"%s\"", ap);
        audit_entry x = {.object = "audit_anchor",
                         .action = "restart",
                         .outcome = "failed",
                         .code = "audit_anchor_missing",
                         .reason = why};
        if (audit_append(s, &x, 1, e) || store_commit(s, e)) goto fail;
        return 0;
    }
    store_rollback(s);
    return 0;
fail:
    store_rollback(s);
    return -1;
}

/* Writes a new journal file (new generation, child of `parent`, hex or "")
 * holding `keep` and puts it in place of the old one: written beside it and
 * renamed, so the path always names a whole journal. Returns the new
 * descriptor (and sets gen), or -1. */
static int new_generation(const char *parent, const bytes *keep, err *e)
{
    unsigned char header[HEADER_LEN] = {0};
    memcpy(header, MAGIC, MAGIC_LEN);
    randombytes_buf(header + MAGIC_LEN, GEN_LEN);
    size_t n = 0;
    if (parent[0] && (sodium_hex2bin(header + MAGIC_LEN + GEN_LEN, GEN_LEN, parent, strlen(parent),
                                     NULL, &n, NULL) ||
                      n != GEN_LEN))
        return err_set(e, ERR_INTERNAL, "audit_journal", NULL,
                       "the recorded journal generation '%s' is not valid", parent);
    char tmp[sizeof jpath + 8];
    snprintf(tmp, sizeof tmp, "%s.new", jpath);
    int f = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0600);
    if (f < 0) return sys_err(e, "create", tmp);
    if (write_all(f, (const char *)header, sizeof header) ||
        (keep->len && write_all(f, keep->data, keep->len)) || rename(tmp, jpath)) {
        sys_err(e, "write", tmp);
        close(f);
        unlink(tmp);
        return -1;
    }
    sodium_bin2hex(gen, sizeof gen, header + MAGIC_LEN, GEN_LEN);
    return f;
}

/* --- the journal in the database ------------------------------------------
 *
 * With several servers on one database a journal file on one machine is the
 * wrong place: a server that is killed and replaced takes its file with it.
 * So there the journal is a table (audit_queue, migration 020): a worker
 * appends a read's entries in a transaction of its own that takes no
 * writers' lock (STORE_APPEND), committed before the answer leaves, and any
 * server's writer moves what is queued - every server's - into the log and
 * deletes it, in its write transaction, so an entry is in the queue or in the
 * chain, never both and never neither. */

static int db_mode;         /* the journal is the audit_queue table */
static int db_queued;       /* this process queued entries since the last take */
static time_t db_last_take; /* when the writer last looked (others' entries) */
#define DB_TAKE_MAX 4096    /* entries moved per write transaction */
#define DB_LOOK_S   1       /* the writer looks for other servers' entries this often */

/* The queued entries being moved: copies, since the statement that reads
 * them ends before the chain is extended. */
typedef struct taken {
    audit_entry *x;
    int64_t *id;
    char **strings;
    int n, cap, nstrings;
} taken;

static char *keep_string(taken *t, const char *v)
{
    if (!v) return NULL;
    char *c = strdup(v);
    if (c) t->strings[t->nstrings++] = c;
    return c;
}

static int take_one(void *ctx, int64_t id, const audit_entry *x)
{
    taken *t = ctx;
    if (t->n == t->cap) return 1;
    audit_entry *y = &t->x[t->n];
    *y = *x;
    y->at = keep_string(t, x->at);
    y->role = keep_string(t, x->role);
    y->object = keep_string(t, x->object);
    y->section = keep_string(t, x->section);
    y->action = keep_string(t, x->action);
    y->outcome = keep_string(t, x->outcome);
    y->code = keep_string(t, x->code);
    y->reason = keep_string(t, x->reason);
    y->request_id = keep_string(t, x->request_id);
    t->id[t->n++] = id;
    return 0;
}

/* Inside a write transaction: moves up to DB_TAKE_MAX queued entries into
 * the log; *moved (may be NULL) gets how many. */
static int queue_take(store *s, int *moved, err *e)
{
    taken t = {0};
    t.cap = DB_TAKE_MAX;
    t.x = calloc((size_t)t.cap, sizeof *t.x);
    t.id = calloc((size_t)t.cap, sizeof *t.id);
    t.strings = calloc((size_t)t.cap * 9, sizeof *t.strings);
    int rc = -1;
    if (!t.x || !t.id || !t.strings) {
        err_set(e, ERR_INTERNAL, "out_of_memory", NULL, "out of memory");
        goto done;
    }
    if (audit_store_queue_each(s, t.cap, take_one, &t, e)) goto done;
    if (t.n && audit_append(s, t.x, t.n, e)) goto done;
    for (int i = 0; i < t.n; i++)
        if (audit_store_queue_delete(s, t.id[i], e)) goto done;
    if (moved) *moved = t.n;
    rc = 0;
done:
    for (int i = 0; i < t.nstrings; i++) free(t.strings[i]);
    free(t.strings);
    free(t.x);
    free(t.id);
    return rc;
}

/* A worker's read entries into the queue, committed before the answer. */
static int queue_write(store *s, const audit_entry *entries, int n, err *e)
{
    char at[25];
    time_now_iso_ms(at);
    if (store_begin(s, STORE_APPEND, e) || audit_store_queue_add(s, entries, n, at, e) ||
        store_commit(s, e)) {
        store_rollback(s);
        return -1;
    }
    __atomic_store_n(&db_queued, 1, __ATOMIC_RELAXED);
    return 0;
}

int audit_journal_recover_queue(store *s, int *recovered, err *e)
{
    *recovered = 0;
    for (;;) {
        int moved = 0;
        if (store_begin(s, STORE_WRITE, e) || queue_take(s, &moved, e) || store_commit(s, e)) {
            store_rollback(s);
            return -1;
        }
        *recovered += moved;
        if (moved < DB_TAKE_MAX) return 0;
    }
}

/* --- the journal file -------------------------------------------------- */

int audit_journal_open(store *s, const char *path, void (*wake)(void), int *recovered, err *e)
{
    if (fd >= 0 || db_mode) return err_set(e, ERR_INTERNAL, "audit_journal", NULL, "already open");
    if (!path) {
        /* the journal in the database: what stopped servers queued is taken
         * by the first batch, as every other server's entries are */
        if (anchor_check(s, e)) return -1;
        db_mode = 1;
        db_queued = 1;
        db_last_take = 0;
        wake_fn = wake;
        *recovered = 0;
        return 0;
    }
    if (strlen(path) >= sizeof jpath)
        return err_set(e, ERR_INVALID, "audit_journal", NULL, "the journal path is too long");
    int busy = take_lock(path, &lock_fd, e);
    if (busy < 0) return -1;
    if (busy)
        return err_set(e, ERR_CONFLICT, "audit_journal_in_use", NULL,
                       "another server is using the audit journal %s (and so this database)", path);
    snprintf(jpath, sizeof jpath, "%s", path);
    char recorded[HEX_LEN];
    if (anchor_check(s, e) || recover(s, path, recovered, recorded, e)) goto fail;
    /* a new journal, recorded at once: from now on a journal found at start
     * is this database's (or its successor) */
    bytes none = {0};
    if ((fd = new_generation(recorded, &none, e)) < 0) goto fail;
    if (store_begin(s, STORE_WRITE, e) || audit_store_journal_set(s, gen, HEADER_LEN, e) ||
        store_commit(s, e)) {
        store_rollback(s);
        close(fd);
        fd = -1;
        goto fail;
    }
    written_end = committed_end = HEADER_LEN;
    wake_fn = wake;
    return 0;
fail:
    close(lock_fd);
    lock_fd = -1;
    return -1;
}

int audit_journal_is_open(void)
{
    return fd >= 0 || db_mode;
}

int audit_journal_in_database(void)
{
    return db_mode;
}

int audit_journal_write(store *s, const audit_entry *entries, int n, err *e)
{
    if (db_mode) return queue_write(s, entries, n, e);
    char at[25];
    time_now_iso_ms(at);
    size_t size = 0;
    for (int i = 0; i < n; i++) size += record_size(&entries[i], at);
    if (size > UINT32_MAX) return err_set(e, ERR_INVALID, "too_large", NULL, "entry too large");
    unsigned char stack[2048];
    unsigned char *rec = size <= sizeof stack ? stack : malloc(size);
    if (!rec) return err_set(e, ERR_INTERNAL, "out_of_memory", NULL, "out of memory");
    for (size_t i = 0, off = 0; i < (size_t)n; i++) off += encode(rec + off, &entries[i], at);
    int rc = 0, wake = 0;
    pthread_mutex_lock(&mu);
    if (fd < 0 || write_all(fd, (const char *)rec, size)) {
        rc = sys_err(e, "write", jpath);
    } else if (bytes_append(&queue, rec, size)) {
        /* on disk but not queued: the next start appends it */
        rc = err_set(e, ERR_INTERNAL, "out_of_memory", NULL, "out of memory");
    } else {
        written_end += (int64_t)size;
        wake = queue.len >= WAKE_BYTES;
    }
    pthread_mutex_unlock(&mu);
    if (rec != stack) free(rec);
    if (wake && wake_fn) wake_fn();
    return rc;
}

int audit_journal_sync_position(char g[33], int64_t *written, err *e)
{
    g[0] = '\0';
    *written = 0;
    pthread_mutex_lock(&mu);
    int f = fd >= 0 ? dup(fd) : -1;
    if (fd >= 0) {
        snprintf(g, 33, "%s", gen);
        *written = written_end;
    }
    pthread_mutex_unlock(&mu);
    if (f < 0) return g[0] ? sys_err(e, "sync", jpath) : 0;
    int rc = fdatasync(f);
    close(f);
    return rc ? sys_err(e, "sync", jpath) : 0;
}

int audit_journal_pending(void)
{
    if (db_mode)
        return __atomic_load_n(&db_queued, __ATOMIC_RELAXED) ||
               time(NULL) - db_last_take >= DB_LOOK_S;
    pthread_mutex_lock(&mu);
    int n = queue.len > 0;
    pthread_mutex_unlock(&mu);
    return n || inflight.len > 0;
}

int audit_journal_take(store *s, err *e)
{
    if (db_mode) {
        /* cleared first: entries queued while this runs wake the next batch */
        __atomic_store_n(&db_queued, 0, __ATOMIC_RELAXED);
        db_last_take = time(NULL);
        int moved = 0;
        if (queue_take(s, &moved, e)) {
            __atomic_store_n(&db_queued, 1, __ATOMIC_RELAXED);
            return -1;
        }
        if (moved == DB_TAKE_MAX) __atomic_store_n(&db_queued, 1, __ATOMIC_RELAXED);
        return 0;
    }
    if (fd < 0) return 0;
    pthread_mutex_lock(&mu);
    if (queue.len) {
        if (!inflight.len) {
            bytes t = inflight;
            inflight = queue;
            queue = t;
            queue.len = 0;
        } else if (bytes_append(&inflight, queue.data, queue.len)) {
            pthread_mutex_unlock(&mu);
            return err_set(e, ERR_INTERNAL, "out_of_memory", NULL, "out of memory");
        } else {
            queue.len = 0;
        }
    }
    inflight_end = written_end;
    pthread_mutex_unlock(&mu);
    if (!inflight.len) return 0;
    size_t used;
    int count;
    if (append_records(s, inflight.data, inflight.len, NINTS, &used, &count, e)) return -1;
    if (used != inflight.len)
        return err_set(e, ERR_INTERNAL, "audit_journal_corrupt", NULL,
                       "a queued audit entry is incomplete");
    return audit_store_journal_set(s, gen, inflight_end, e);
}

void audit_journal_settle(int committed)
{
    if (!committed || !inflight.len) return;
    inflight.len = 0;
    committed_end = inflight_end;
}

void audit_journal_maybe_rotate(void)
{
    if (fd < 0 || committed_end < ROTATE_BYTES || inflight.len) return;
    err e;
    pthread_mutex_lock(&mu);
    /* What is queued is in the old file past the committed position; the new
     * file holds it too, so both a crash before and after the rename keep it. */
    char parent[HEX_LEN];
    snprintf(parent, sizeof parent, "%s", gen);
    int f = new_generation(parent, &queue, &e);
    if (f >= 0) {
        close(fd);
        fd = f;
        written_end = HEADER_LEN + (int64_t)queue.len;
        committed_end = HEADER_LEN;
    }
    pthread_mutex_unlock(&mu);
    if (f < 0) log_line(LOG_WARN, "event=audit_journal_rotate_failed code=%s", e.code);
}

void audit_journal_close(void)
{
    db_mode = 0;
    if (fd >= 0) close(fd);
    if (lock_fd >= 0) close(lock_fd);
    fd = lock_fd = -1;
    if (queue.len || inflight.len)
        log_line(LOG_WARN, "event=audit_journal_closed_with_pending bytes=%zu",
                 queue.len + inflight.len);
    bytes_free(&queue);
    bytes_free(&inflight);
    wake_fn = NULL;
}

int audit_journal_recover(store *s, const char *path, int *recovered, int *busy, err *e)
{
    int lf = -1;
    *recovered = 0;
    *busy = take_lock(path, &lf, e);
    if (*busy < 0) return -1;
    if (*busy) return 0;
    char recorded[HEX_LEN];
    int rc = recover(s, path, recovered, recorded, e);
    close(lf);
    return rc;
}
