/* throttle_store.c - see throttle_store.h. */
#include "store/throttle_store.h"

#include <string.h>

#include "store/driver.h"

int throttle_store_get(store *s, int kind, const char *tag, throttle_row *r, err *e)
{
    memset(r, 0, sizeof *r);
    db_stmt *st = db_prepare(s,
                             "SELECT window_start, failures, locked_until, strikes, known, "
                             "inflight, inflight_until, last_at FROM login_throttle WHERE "
                             "kind = ? AND tag = ?",
                             e);
    if (!st) return -1;
    db_bind_int(st, 1, kind);
    db_bind_str(st, 2, tag);
    int rc = db_step(st, e);
    if (rc == DB_ROW) {
        r->window_start = db_column_int(st, 0);
        r->failures = db_column_int(st, 1);
        r->locked_until = db_column_int(st, 2);
        r->strikes = db_column_int(st, 3);
        r->known = db_column_int(st, 4);
        r->inflight = db_column_int(st, 5);
        r->inflight_until = db_column_int(st, 6);
        r->last = db_column_int(st, 7);
    }
    db_done(st);
    return rc == DB_ERROR ? -1 : rc == DB_ROW;
}

int throttle_store_put(store *s, int kind, const char *tag, const throttle_row *r, err *e)
{
    db_stmt *st = db_prepare(
        s,
        "INSERT INTO login_throttle (kind, tag, window_start, failures, locked_until, strikes, "
        "known, inflight, inflight_until, last_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (kind, tag) DO UPDATE SET window_start = excluded.window_start, "
        "failures = excluded.failures, locked_until = excluded.locked_until, "
        "strikes = excluded.strikes, known = excluded.known, inflight = excluded.inflight, "
        "inflight_until = excluded.inflight_until, last_at = excluded.last_at",
        e);
    if (!st) return -1;
    db_bind_int(st, 1, kind);
    db_bind_str(st, 2, tag);
    db_bind_int(st, 3, r->window_start);
    db_bind_int(st, 4, r->failures);
    db_bind_int(st, 5, r->locked_until);
    db_bind_int(st, 6, r->strikes);
    db_bind_int(st, 7, r->known);
    db_bind_int(st, 8, r->inflight);
    db_bind_int(st, 9, r->inflight_until);
    db_bind_int(st, 10, r->last);
    int rc = db_step(st, e);
    db_done(st);
    return rc == DB_ERROR ? -1 : 0;
}

int throttle_store_prune(store *s, int64_t now, int64_t idle_before, int64_t window_before,
                         int64_t known_before, int64_t *n, err *e)
{
    if (n) *n = 0;
    db_stmt *st = db_prepare(
        s,
        "DELETE FROM login_throttle WHERE last_at < ? AND locked_until <= ? AND (inflight = 0 "
        "OR inflight_until <= ?) AND ((known = 0 AND (failures = 0 OR window_start <= ?)) OR "
        "last_at < ?)",
        e);
    if (!st) return -1;
    db_bind_int(st, 1, idle_before);
    db_bind_int(st, 2, now);
    db_bind_int(st, 3, now);
    db_bind_int(st, 4, window_before);
    db_bind_int(st, 5, known_before);
    int rc = db_step(st, e);
    db_done(st);
    if (rc == DB_ERROR) return -1;
    if (n) *n = db_changes(s);
    return 0;
}

int throttle_store_clear(store *s, err *e)
{
    return db_exec(s, "DELETE FROM login_throttle", e);
}
