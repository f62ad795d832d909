/*
 * err.h - errors as values (DESIGN principle 4).
 *
 * Every fallible function returns 0 on success or -1 on failure and fills an
 * `err`. The kind says what went wrong in terms the domain understands; the api
 * layer maps kinds to HTTP statuses, so no layer below api knows HTTP. `code` is
 * the stable snake_case code clients match on (rule violations name the rule,
 * e.g. "r1_consent_missing"); `field` is the JSON path of the offending input, or
 * empty.
 */
#ifndef HELHET_ERR_H
#define HELHET_ERR_H

typedef enum {
    ERR_NONE = 0,
    ERR_MALFORMED, /* the request could not be read at all (400) */
    ERR_UNAUTHENTICATED,
    ERR_FORBIDDEN,    /* authenticated but the request is not acceptable: CSRF (403) */
    ERR_NOT_FOUND,    /* absent or not visible to the actor (404) */
    ERR_METHOD,       /* method not allowed on this resource (405) */
    ERR_CONFLICT,     /* a rule R1-R12 or a uniqueness constraint (409) */
    ERR_STALE,        /* optimistic-concurrency version mismatch (412) */
    ERR_TOO_LARGE,    /* (413) */
    ERR_MEDIA_TYPE,   /* (415) */
    ERR_INVALID,      /* a field has a wrong type or value (422) */
    ERR_PRECONDITION, /* If-Match missing where required (428) */
    ERR_RATE,         /* (429) */
    ERR_INTERNAL,     /* a bug or an I/O failure (500) */
    ERR_UNAVAILABLE,  /* shutting down or the database is busy (503) */
    ERR_UPSTREAM,     /* a service we depend on failed: an identity provider (502) */
} err_kind;

typedef struct err {
    err_kind kind;
    char code[48];
    char field[96];
    char message[256];
} err;

/* Fills *e (if e is not NULL) and returns -1, so callers can `return err_set(...)`.
 * `field` may be NULL. */
int err_set(err *e, err_kind kind, const char *code, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Clears *e to "no error". */
void err_clear(err *e);

#endif
