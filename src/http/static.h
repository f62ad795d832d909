/*
 * static.h - the browser application's files (web/), served from memory.
 *
 * `helhet serve` loads every servable file under the web root once, before it
 * listens (they are small: the whole application stays below 100 KB of
 * JavaScript and CSS as served, see static_trim), and never touches the file system for a request.
 * The router hands a GET or HEAD it has no route for to static_serve():
 *
 *   /api, /api/..., /healthz, /metrics   not ours: the router answers its JSON 404
 *   a path naming a loaded file          that file (200, or 304 on If-None-Match)
 *   /                                    web/index.html
 *   /app and /app/...                    web/index.html, the application shell:
 *                                        client-side routes (/app/plans/12)
 *   anything else                        404 (an unknown asset never gets the shell)
 *
 * Text files (html, css, js, json, svg) are kept gzip-compressed beside the
 * plain bytes when that is smaller, and answered compressed (Content-Encoding:
 * gzip, Vary: Accept-Encoding, an ETag of their own) to a request whose
 * Accept-Encoding accepts gzip. API answers are never compressed.
 *
 * Every answer carries a strict Content-Security-Policy, nosniff and
 * Referrer-Policy: no-referrer (docs/security.md). The table is built before
 * the workers start and only read afterwards, so it needs no lock.
 */
#ifndef HELHET_STATIC_H
#define HELHET_STATIC_H

#include <stddef.h>

#include "http/request.h"
#include "util/err.h"

/* The Content-Security-Policy of every static answer. */
#define STATIC_CSP                                                                                 \
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "              \
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "                    \
    "form-action 'self'; frame-ancestors 'none'"

/* The prefix of the application's client-side routes: /app and /app/... */
#define STATIC_APP_PREFIX "/app"

/* Limits of what is loaded: a larger web root is a mistake, not an application. */
#define STATIC_MAX_FILES      2048
#define STATIC_MAX_FILE_BYTES (4u * 1024 * 1024)
#define STATIC_MAX_BYTES      (32u * 1024 * 1024)

typedef enum {
    STATIC_NOT_OURS = 0, /* API space: /api, /healthz, /metrics */
    STATIC_SHELL,        /* /app, /app/...: the application shell */
    STATIC_ASSET,        /* anything else: a file or 404 */
} static_kind;

/* Loads every servable file under `root` (regular files with a known
 * extension; dot files, symbolic links and names outside [A-Za-z0-9._-] are
 * skipped). Replaces what was loaded before. When `required` is 0 a missing
 * root is not an error: nothing is served (the API alone). */
int static_load(const char *root, int required, err *e);
/* Frees what static_load loaded. */
void static_release(void);
/* The number of files loaded, their size in bytes, and the bytes as sent to a
 * browser that accepts gzip (each file compressed when that is smaller). */
size_t static_count(size_t *bytes, size_t *gz_bytes);

/* 1 if `path` (len bytes, as libmicrohttpd decoded it) may name a file: it
 * starts with '/', holds no NUL, control character, backslash, '%' (left
 * after decoding: a double-encoded path) or byte outside ASCII, no "." or ".."
 * segment, no empty segment other than a trailing one, and is at most 1024
 * bytes long. 0 otherwise. */
int static_path_ok(const char *path, size_t len);
/* Trims a script or style sheet in place for serving: every line's leading
 * and trailing blanks, and comments (lines starting with `//` in .js and
 * .mjs, block comments in .css) go, but not the lines themselves (line
 * numbers stay the source's); other kinds, and a script with text spanning
 * lines, are left as they are. Answers the new length. */
size_t static_trim(const char *name, char *data, size_t len);
/* The references of a script or HTML page with ?v=<version> added: in a
 * script, relative module paths on import/export lines (from './dom.js');
 * in HTML, attribute values that are root paths of scripts, style sheets or
 * translation files (href="/css/app.css"). NULL when nothing changes (or for
 * another kind); else a malloc'ed copy of *out_len bytes. */
char *static_versioned(const char *name, const char *data, size_t len, const char *version,
                       size_t *out_len);
/* The loaded application's version ("" before static_load): a file asked for
 * with ?v=<it> is answered as cacheable for a year (immutable). */
const char *static_version(void);

/* Which part of the URL space `path` belongs to (see above). */
static_kind static_classify(const char *path);

/* The Content-Type served for a file name by its extension, or NULL when
 * files of that kind are not served. */
const char *static_content_type(const char *name);
/* The Cache-Control of a file name: no-cache (revalidate with the ETag) for
 * html, json, js and css; a day for images, icons and fonts. */
const char *static_cache_control(const char *name);

/* 1 if files of this name's kind are compressed (html, css, js, mjs, json,
 * svg): text; images and fonts are compressed already. */
int static_compressible(const char *name);
/* 1 if an Accept-Encoding header value (NULL: none sent) accepts gzip: "gzip"
 * or "x-gzip" listed with a weight above 0 ("gzip;q=0" refuses), or, when
 * neither is named, "*" with a weight above 0. Codings are case-insensitive;
 * an element whose weight is not a qvalue is left out. */
int static_accepts_gzip(const char *accept_encoding);
/* The bytes static_serve answers for the loaded file at `path`: compressed
 * when `gzip` and the file has compressed bytes (*encoded says which); *len
 * and *etag (either may be NULL) are theirs. NULL when no file has the path. */
const unsigned char *static_bytes(const char *path, int gzip, size_t *len, const char **etag,
                                  int *encoded);

/* 1 if an If-None-Match header value matches the strong ETag `etag` (a
 * quoted tag): "*", or any listed tag, weak (W/) or not (RFC 9110 13.1.2
 * compares weakly). */
int static_etag_matches(const char *if_none_match, const char *etag);

/* The Link header of the shell page at `path`: it preloads the API reads the
 * page waits for (/me, and at /app/plans/{id} the plan). */
const char *static_preload(arena *a, const char *path);
/* Answers r from the loaded files, as the table above says; returns 0 when it
 * answered and -1 when the path is not ours (the caller answers). */
int static_serve(request *r);

#endif
