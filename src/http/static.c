/*
 * static.c - the browser application's files, loaded once and served from
 * memory (static.h says which path gets what).
 *
 * The table is an array sorted by URL path, searched with bsearch. Each file
 * carries its Content-Type, Cache-Control and a strong ETag: the first 16
 * bytes of its BLAKE2b hash (libsodium crypto_generichash), base64url-encoded,
 * so an unchanged file revalidates with 304 across restarts and servers.
 *
 * Text files (html, css, js, json, svg) are also compressed once at load
 * (zlib, gzip format, level 9); the compressed bytes are kept when smaller and
 * answered with Content-Encoding: gzip to a request whose Accept-Encoding
 * accepts gzip (static_accepts_gzip), under their own ETag (the plain one
 * with "-gz" inside the quotes), so a cache never mixes the two.
 */
#include "http/static.h"

#include <dirent.h>
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <zlib.h>

#include "http/router.h"
#include "util/log.h"

#define ETAG_HASH_BYTES 16 /* crypto_generichash_BYTES_MIN */
#define PATH_MAX_LEN    1024
#define MAX_DEPTH       8

typedef struct static_file {
    char *path; /* the URL path: "/js/app.js" */
    unsigned char *data;
    size_t len;
    const char *type;
    const char *cache;
    char etag[32];     /* "\"" + 22 base64url characters + "\"" */
    unsigned char *gz; /* the gzip-compressed bytes, NULL when not smaller (or not text) */
    size_t gz_len;
    char gz_etag[32]; /* the ETag with "-gz" inside the quotes */
} static_file;

static static_file *files;
static size_t nfiles, total_bytes, total_gz_bytes;
static char app_version[12]; /* the application's version, see versions_apply */

/* ---- the rules ---------------------------------------------------------- */

static const struct {
    const char *ext, *type;
    int revalidate; /* 1: no-cache (the modules and the shell must match after an upgrade) */
    int text;       /* 1: compressed with gzip for a browser that accepts it */
} kinds[] = {
    {".html", "text/html; charset=utf-8", 1, 1},
    {".css", "text/css; charset=utf-8", 1, 1},
    {".js", "text/javascript; charset=utf-8", 1, 1},
    {".mjs", "text/javascript; charset=utf-8", 1, 1},
    {".json", "application/json; charset=utf-8", 1, 1},
    {".svg", "image/svg+xml", 0, 1},
    {".png", "image/png", 0, 0}, /* png, woff2: compressed already */
    {".woff2", "font/woff2", 0, 0},
    {".ico", "image/x-icon", 0, 0},
};

/* Whether the n bytes at p end in ext and have something before it. */
static int ends_with(const char *p, size_t n, const char *ext)
{
    size_t l = strlen(ext);
    return n > l && memcmp(p + n - l, ext, l) == 0;
}

static int script(const char *name)
{
    size_t n = strlen(name);
    return ends_with(name, n, ".js") || ends_with(name, n, ".mjs");
}

static int kind_of(const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        size_t l = strlen(kinds[i].ext);
        /* "/.js" is a dot file, not a script */
        if (ends_with(name, n, kinds[i].ext) && name[n - l - 1] != '/') return (int)i;
    }
    return -1;
}

const char *static_content_type(const char *name)
{
    int k = kind_of(name);
    return k < 0 ? NULL : kinds[k].type;
}

const char *static_cache_control(const char *name)
{
    int k = kind_of(name);
    if (k < 0 || kinds[k].revalidate) return "no-cache";
    return "public, max-age=86400";
}

int static_compressible(const char *name)
{
    int k = kind_of(name);
    return k >= 0 && kinds[k].text;
}

/* Whether [p, p + n) is `word`, ignoring ASCII case. */
static int token_is(const char *p, size_t n, const char *word)
{
    return strlen(word) == n && strncasecmp(p, word, n) == 0;
}

/* The weight of a qvalue (RFC 9110 12.4.2: "0" ["." 0*3DIGIT] or "1" ["."
 * 0*3"0"]) in thousandths, or -1 when it is not one. */
static int qvalue(const char *p, size_t n)
{
    if (n == 0 || n > 5 || (p[0] != '0' && p[0] != '1')) return -1;
    if (n > 1 && p[1] != '.') return -1;
    int q = (p[0] - '0') * 1000, scale = 100;
    for (size_t i = 2; i < n; i++, scale /= 10) {
        if (p[i] < '0' || p[i] > '9') return -1;
        q += (p[i] - '0') * scale;
    }
    return q > 1000 ? -1 : q;
}

int static_accepts_gzip(const char *ae)
{
    if (!ae) return 0;
    int gzip = -1, star = -1; /* their weights, -1 while not listed */
    const char *p = ae;
    while (*p) {
        /* one element: coding *( OWS ";" OWS name "=" value ) */
        const char *end = strchr(p, ',');
        if (!end) end = p + strlen(p);
        while (p < end && (*p == ' ' || *p == '\t')) p++;
        const char *c = p;
        while (p < end && *p != ';' && *p != ' ' && *p != '\t') p++;
        size_t clen = (size_t)(p - c);
        int q = 1000;
        while (p < end) { /* the parameters: only q counts */
            while (p < end && (*p == ' ' || *p == '\t' || *p == ';')) p++;
            const char *name = p;
            while (p < end && *p != '=' && *p != ';' && *p != ' ' && *p != '\t') p++;
            size_t nlen = (size_t)(p - name);
            if (p < end && *p == '=') {
                const char *v = ++p;
                while (p < end && *p != ';' && *p != ' ' && *p != '\t') p++;
                if (token_is(name, nlen, "q")) q = qvalue(v, (size_t)(p - v));
            } /* a parameter without a value says nothing about the weight */
        }
        if (q >= 0) { /* an element with an unreadable weight is left out */
            if (token_is(c, clen, "gzip") || token_is(c, clen, "x-gzip"))
                gzip = q > gzip ? q : gzip;
            else if (token_is(c, clen, "*"))
                star = q > star ? q : star;
        }
        p = *end ? end + 1 : end;
    }
    /* a coding named decides; otherwise "*" stands for every coding not named */
    if (gzip >= 0) return gzip > 0;
    return star > 0;
}

int static_path_ok(const char *path, size_t len)
{
    if (len == 0 || len > PATH_MAX_LEN || path[0] != '/') return 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)path[i];
        if (c < 0x20 || c >= 0x7f || c == '\\' || c == '%') return 0;
    }
    /* segment by segment: no "", "." or ".." except an empty last one ("/app/") */
    const char *p = path + 1, *end = path + len;
    while (p < end) {
        const char *slash = memchr(p, '/', (size_t)(end - p));
        size_t seg = (size_t)((slash ? slash : end) - p);
        if (seg == 0 && slash) return 0;
        if (seg == 1 && p[0] == '.') return 0;
        if (seg == 2 && p[0] == '.' && p[1] == '.') return 0;
        if (!slash) break;
        p = slash + 1;
    }
    return 1;
}

static int under(const char *path, const char *prefix)
{
    size_t n = strlen(prefix);
    return strncmp(path, prefix, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

static_kind static_classify(const char *path)
{
    if (under(path, "/api") || under(path, "/healthz") || under(path, "/metrics"))
        return STATIC_NOT_OURS;
    if (under(path, STATIC_APP_PREFIX)) return STATIC_SHELL;
    return STATIC_ASSET;
}

int static_etag_matches(const char *inm, const char *etag)
{
    size_t tl = strlen(etag);
    const char *p = inm;
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == ',') p++;
        if (*p == '*') return 1;
        if (p[0] == 'W' && p[1] == '/') p += 2;
        const char *start = p;
        if (*p == '"') {
            const char *q = strchr(p + 1, '"');
            if (!q) return 0;
            p = q + 1;
        } else {
            while (*p && *p != ',' && *p != ' ' && *p != '\t') p++;
        }
        if ((size_t)(p - start) == tl && memcmp(start, etag, tl) == 0) return 1;
        while (*p && *p != ',') p++;
    }
    return 0;
}

/* ---- trimming ----------------------------------------------------------- */

/* Copies line [p, end) without its leading and trailing blanks to out, and
 * without its text if that is a `//` comment; the line itself stays, so the
 * browser's line numbers are the source's. Answers the new out. */
static char *keep_line(char *out, const char *p, const char *end, int js)
{
    while (p < end && (*p == ' ' || *p == '\t')) p++;
    while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r')) end--;
    if (!(js && end - p >= 2 && p[0] == '/' && p[1] == '/')) {
        memmove(out, p, (size_t)(end - p));
        out += end - p;
    }
    return out;
}

/* A script whose text may span lines (a template literal or a string
 * continued with a backslash) is left whole: its lines' blanks may matter. */
static int js_trimmable(const char *d, size_t len)
{
    size_t ticks = 0;
    for (size_t i = 0; i < len; i++) {
        if (d[i] == '`') ticks++;
        if (d[i] == '\n') {
            if (ticks % 2 || (i > 0 && d[i - 1] == '\\')) return 0;
        }
    }
    return ticks % 2 == 0;
}

size_t static_trim(const char *name, char *d, size_t len)
{
    int js = script(name), css = ends_with(name, strlen(name), ".css");
    if (!(js || css) || memchr(d, '\0', len) || (js && !js_trimmable(d, len))) return len;
    if (css) { /* comments out first (outside quoted strings) */
        size_t w = 0;
        char quote = 0;
        for (size_t i = 0; i < len; i++) {
            if (quote) {
                if (d[i] == '\\' && i + 1 < len)
                    d[w++] = d[i++];
                else if (d[i] == quote)
                    quote = 0;
            } else if (d[i] == '"' || d[i] == '\'') {
                quote = d[i];
            } else if (d[i] == '/' && i + 1 < len && d[i + 1] == '*') {
                const char *close = NULL;
                for (size_t j = i + 2; j + 1 < len && !close; j++)
                    if (d[j] == '*' && d[j + 1] == '/') close = d + j;
                if (!close) return len; /* unclosed: leave the file as it is */
                for (size_t j = i; j < (size_t)(close - d); j++)
                    if (d[j] == '\n') d[w++] = '\n'; /* the lines stay */
                i = (size_t)(close - d) + 1;
                continue;
            }
            d[w++] = d[i];
        }
        len = w;
    }
    char *out = d;
    const char *p = d, *end = d + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *stop = nl ? nl : end;
        out = keep_line(out, p, stop, js);
        if (nl) *out++ = '\n';
        p = stop + 1;
    }
    return (size_t)(out - d);
}

/* ---- loading ------------------------------------------------------------ */

static void file_free(static_file *f)
{
    free(f->path);
    free(f->data);
    free(f->gz);
}

void static_release(void)
{
    for (size_t i = 0; i < nfiles; i++) file_free(&files[i]);
    free(files);
    files = NULL;
    nfiles = 0;
    total_bytes = 0;
    total_gz_bytes = 0;
    app_version[0] = '\0';
}

size_t static_count(size_t *bytes, size_t *gz_bytes)
{
    if (bytes) *bytes = total_bytes;
    if (gz_bytes) *gz_bytes = total_gz_bytes;
    return nfiles;
}

typedef struct loader {
    static_file *v;
    size_t n, cap, bytes;
    err *e;
} loader;

static int read_file(const char *fs, size_t size, unsigned char **out, err *e)
{
    FILE *f = fopen(fs, "rb");
    if (!f)
        return err_set(e, ERR_INTERNAL, "web_root_unreadable", "web_root", "%s: %s", fs,
                       strerror(errno));
    unsigned char *d = malloc(size ? size : 1);
    if (!d) abort();
    size_t got = size ? fread(d, 1, size, f) : 0;
    int short_read = got != size || (size && ferror(f));
    fclose(f);
    if (short_read) {
        free(d);
        return err_set(e, ERR_INTERNAL, "web_root_unreadable", "web_root",
                       "%s changed while it was read", fs);
    }
    *out = d;
    return 0;
}

static int add_file(loader *l, const char *fs, const char *url, size_t size)
{
    if (l->n == STATIC_MAX_FILES)
        return err_set(l->e, ERR_INVALID, "web_root_too_large", "web_root",
                       "more than %d files under the web root", STATIC_MAX_FILES);
    if (size > STATIC_MAX_FILE_BYTES || l->bytes + size > STATIC_MAX_BYTES)
        return err_set(l->e, ERR_INVALID, "web_root_too_large", "web_root",
                       "%s: the web root may hold at most %u bytes, %u in one file", fs,
                       STATIC_MAX_BYTES, STATIC_MAX_FILE_BYTES);
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 64;
        l->v = realloc(l->v, l->cap * sizeof *l->v);
        if (!l->v) abort();
    }
    static_file *f = &l->v[l->n];
    memset(f, 0, sizeof *f);
    if (read_file(fs, size, &f->data, l->e)) return -1;
    f->path = strdup(url);
    if (!f->path) abort();
    f->len = static_trim(url, (char *)f->data, size);
    f->type = static_content_type(url);
    f->cache = static_cache_control(url);
    l->n++;
    l->bytes += f->len;
    return 0;
}

static int name_ok(const char *name)
{
    if (name[0] == '.' || name[0] == '\0') return 0;
    for (const char *p = name; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '.' || *p == '_' || *p == '-'))
            return 0;
    return 1;
}

/* Walks the directory `fs` (URL path `url`, "" for the root). */
static int walk(loader *l, const char *fs, const char *url, int depth)
{
    DIR *d = opendir(fs);
    if (!d)
        return err_set(l->e, ERR_INTERNAL, "web_root_unreadable", "web_root", "%s: %s", fs,
                       strerror(errno));
    int rc = 0;
    struct dirent *de;
    while (rc == 0 && (de = readdir(d))) {
        if (!name_ok(de->d_name)) continue; /* dot files, odd names: never served */
        char cfs[PATH_MAX_LEN * 2], curl[PATH_MAX_LEN + 1];
        int n1 = snprintf(cfs, sizeof cfs, "%s/%s", fs, de->d_name);
        int n2 = snprintf(curl, sizeof curl, "%s/%s", url, de->d_name);
        if (n1 < 0 || (size_t)n1 >= sizeof cfs || n2 < 0 || (size_t)n2 >= sizeof curl) continue;
        struct stat st;
        if (lstat(cfs, &st)) continue;
        if (S_ISDIR(st.st_mode)) {
            if (depth < MAX_DEPTH) rc = walk(l, cfs, curl, depth + 1);
        } else if (S_ISREG(st.st_mode) && static_content_type(curl) &&
                   static_path_ok(curl, strlen(curl))) {
            rc = add_file(l, cfs, curl, (size_t)st.st_size);
        }
        /* symbolic links and other kinds are skipped: only what is under the root */
    }
    closedir(d);
    return rc;
}

/* ---- versioned references ----------------------------------------------- */

/* A reference to version: a relative module path in a script's import or
 * export line, or a root path in an HTML attribute, naming a script, style
 * sheet or translation file. */
static int versionable(const char *p, size_t n)
{
    static const char *ends[] = {".js", ".mjs", ".css", ".json"};
    for (size_t i = 0; i < sizeof ends / sizeof ends[0]; i++)
        if (ends_with(p, n, ends[i])) return 1;
    return 0;
}

static void put(char **out, size_t *len, size_t *cap, const char *p, size_t n)
{
    if (*len + n + 1 > *cap) {
        *cap = (*len + n + 1) * 2;
        *out = realloc(*out, *cap);
        if (!*out) abort();
    }
    memcpy(*out + *len, p, n);
    *len += n;
}

/* Whether the line [p, end) is an import or export line of a script. */
static int import_line(const char *p, const char *end)
{
    size_t n = (size_t)(end - p);
    return (n > 7 && memcmp(p, "import ", 7) == 0) || (n > 7 && memcmp(p, "export ", 7) == 0);
}

char *static_versioned(const char *name, const char *d, size_t len, const char *version,
                       size_t *out_len)
{
    int js = script(name), html = ends_with(name, strlen(name), ".html");
    if (!js && !html) return NULL;
    char *out = NULL;
    size_t olen = 0, cap = 0, vlen = strlen(version), changed = 0;
    const char *p = d, *end = d + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *stop = nl ? nl + 1 : end;
        /* scripts: from './x.js' on an import/export line, and import('./x.js')
         * (a module loaded when its page is opened) on any line; HTML: ="/x.css" */
        static const struct {
            const char *open;
            size_t skip; /* the opening up to the path */
        } js_refs[] = {{"from '", 6}, {"import('", 8}}, html_ref = {"=\"/", 2};
        char close = js ? '\'' : '"';
        for (int k = 0; k < (js ? 2 : 1); k++) {
            const char *open = js ? js_refs[k].open : html_ref.open;
            size_t skip = js ? js_refs[k].skip : html_ref.skip;
            if (js && k == 0 && !import_line(p, stop)) continue;
            const char *at, *q = p;
            while ((at = memmem(q, (size_t)(stop - q), open, strlen(open)))) {
                const char *path = at + skip;
                const char *qe = memchr(path, close, (size_t)(stop - path));
                if (!qe) break;
                int relative = js ? path[0] == '.' : 1;
                if (relative && versionable(path, (size_t)(qe - path))) {
                    put(&out, &olen, &cap, p, (size_t)(qe - p));
                    put(&out, &olen, &cap, "?v=", 3);
                    put(&out, &olen, &cap, version, vlen);
                    p = qe;
                    changed++;
                }
                q = qe + 1;
            }
        }
        put(&out, &olen, &cap, p, (size_t)(stop - p));
        p = stop;
    }
    if (!changed) {
        free(out);
        return NULL;
    }
    *out_len = olen;
    return out;
}

static void set_etag(static_file *f)
{
    unsigned char h[ETAG_HASH_BYTES];
    crypto_generichash(h, sizeof h, f->data, f->len, NULL, 0);
    f->etag[0] = '"';
    sodium_bin2base64(f->etag + 1, sizeof f->etag - 2, h, sizeof h,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    strcat(f->etag, "\"");
}

/* Compresses a text file's bytes with gzip (level 9, no name and no time in
 * the header, so the bytes, and their ETag, are the same at every start) and
 * keeps them when smaller. Answers the compressed length (0: not kept). */
static size_t compress_file(static_file *f)
{
    if (!static_compressible(f->path) || f->len == 0) return 0;
    z_stream z;
    memset(&z, 0, sizeof z);
    /* 15 + 16: the largest window, gzip's header and trailer */
    if (deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) return 0;
    uLong cap = deflateBound(&z, (uLong)f->len);
    unsigned char *out = malloc(cap);
    if (!out) abort();
    z.next_in = f->data;
    z.avail_in = (uInt)f->len;
    z.next_out = out;
    z.avail_out = (uInt)cap;
    int rc = deflate(&z, Z_FINISH);
    size_t n = z.total_out;
    deflateEnd(&z);
    if (rc != Z_STREAM_END || n >= f->len) {
        free(out);
        return 0;
    }
    f->gz = out;
    f->gz_len = n;
    size_t l = strlen(f->etag); /* "\"...\"": the suffix goes inside the quotes */
    snprintf(f->gz_etag, sizeof f->gz_etag, "%.*s-gz\"", (int)(l - 1), f->etag);
    return n;
}

/* The application's version: BLAKE2b over every file's path and bytes (in
 * path order), 6 bytes in base64url. References carry it (?v=), so a
 * browser may keep what it fetched until the application changes. */
static void versions_apply(static_file *v, size_t n, size_t *bytes, size_t *gz_bytes)
{
    crypto_generichash_state st;
    unsigned char h[6];
    crypto_generichash_init(&st, NULL, 0, sizeof h);
    for (size_t i = 0; i < n; i++) {
        crypto_generichash_update(&st, (const unsigned char *)v[i].path, strlen(v[i].path) + 1);
        crypto_generichash_update(&st, v[i].data, v[i].len);
    }
    crypto_generichash_final(&st, h, sizeof h);
    sodium_bin2base64(app_version, sizeof app_version, h, sizeof h,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    for (size_t i = 0; i < n; i++) {
        size_t len;
        char *d = static_versioned(v[i].path, (const char *)v[i].data, v[i].len, app_version, &len);
        if (d) {
            *bytes += len - v[i].len;
            free(v[i].data);
            v[i].data = (unsigned char *)d;
            v[i].len = len;
        }
        set_etag(&v[i]);
        size_t gz = compress_file(&v[i]);
        *gz_bytes += gz ? gz : v[i].len;
    }
}

static int by_path(const void *a, const void *b)
{
    return strcmp(((const static_file *)a)->path, ((const static_file *)b)->path);
}

int static_load(const char *root, int required, err *e)
{
    static_release();
    struct stat st;
    if (stat(root, &st) || !S_ISDIR(st.st_mode)) {
        if (!required) {
            log_line(LOG_WARN, "event=web_root_missing path=\"%s\"", root);
            return 0;
        }
        return err_set(e, ERR_INVALID, "web_root_missing", "web_root",
                       "--web-root %s is not a directory", root);
    }
    if (sodium_init() < 0) return err_set(e, ERR_INTERNAL, "sodium", NULL, "libsodium failed");
    loader l = {.e = e};
    if (walk(&l, root, "", 0)) {
        for (size_t i = 0; i < l.n; i++) file_free(&l.v[i]);
        free(l.v);
        return -1;
    }
    if (l.n) qsort(l.v, l.n, sizeof *l.v, by_path);
    size_t gz_bytes = 0;
    versions_apply(l.v, l.n, &l.bytes, &gz_bytes);
    files = l.v;
    nfiles = l.n;
    total_bytes = l.bytes;
    total_gz_bytes = gz_bytes;
    return 0;
}

/* ---- serving ------------------------------------------------------------ */

static const static_file *find(const char *path)
{
    if (!nfiles) return NULL;
    static_file key = {.path = (char *)path};
    return bsearch(&key, files, nfiles, sizeof *files, by_path);
}

static void security_headers(request *r)
{
    respond_header(r, "Content-Security-Policy", STATIC_CSP);
    respond_header(r, "Referrer-Policy", "no-referrer");
}

static int refuse(request *r, err_kind kind, const char *code, const char *msg)
{
    err e;
    err_set(&e, kind, code, NULL, "%s", msg);
    router_answer_error(r, &e);
    security_headers(r);
    return 0;
}

const char *static_version(void)
{
    return app_version;
}

const unsigned char *static_bytes(const char *path, int gzip, size_t *len, const char **etag,
                                  int *encoded)
{
    const static_file *f = find(path);
    if (!f) return NULL;
    int gz = gzip && f->gz;
    if (len) *len = gz ? f->gz_len : f->len;
    if (etag) *etag = gz ? f->gz_etag : f->etag;
    if (encoded) *encoded = gz;
    return gz ? f->gz : f->data;
}

static int send_file(request *r, const static_file *f)
{
    security_headers(r);
    /* a file that has compressed bytes answers by the request's Accept-Encoding,
     * and says so to caches (also in the plain answer and the 304s) */
    int gz = f->gz && static_accepts_gzip(req_header(r, "Accept-Encoding"));
    if (f->gz) respond_header(r, "Vary", "Accept-Encoding");
    const char *etag = gz ? f->gz_etag : f->etag;
    /* asked for at this version: the bytes cannot change under that name */
    const char *v = req_query(r, "v");
    int pinned = v && app_version[0] && strcmp(v, app_version) == 0 &&
                 strcmp(f->cache, "no-cache") == 0 && strcmp(f->path, "/index.html") != 0;
    respond_header(r, "Cache-Control", pinned ? "public, max-age=31536000, immutable" : f->cache);
    snprintf(r->etag, sizeof r->etag, "%s", etag);
    const char *inm = req_header(r, "If-None-Match");
    if (inm && static_etag_matches(inm, etag)) {
        respond_empty(r, 304);
        return 0;
    }
    /* HEAD: libmicrohttpd sends these bytes' Content-Length and no body */
    if (gz) {
        respond_header(r, "Content-Encoding", "gzip");
        respond_text(r, 200, f->type, (const char *)f->gz, f->gz_len);
    } else
        respond_text(r, 200, f->type, (const char *)f->data, f->len);
    return 0;
}

const char *static_preload(arena *a, const char *path)
{
#define PRELOAD(p) "<" p ">; rel=preload; as=fetch; crossorigin=anonymous"
    static const char prefix[] = STATIC_APP_PREFIX "/plans/";
    static const char me[] = PRELOAD("/api/v1/me");
    if (strncmp(path, prefix, sizeof prefix - 1) != 0) return me;
    const char *id = path + sizeof prefix - 1;
    size_t n = strspn(id, "0123456789");
    if (n == 0 || n > 18 || id[0] == '0' || !(id[n] == '\0' || (id[n] == '/' && id[n + 1] == '\0')))
        return me;
    return arena_printf(a, "%s, " PRELOAD("/api/v1/plans/%.*s"), me, (int)n, id);
#undef PRELOAD
}

int static_serve(request *r)
{
    static_kind k = static_classify(r->path);
    if (k == STATIC_NOT_OURS) return -1;
    if (strcmp(r->method, "GET") && strcmp(r->method, "HEAD")) {
        r->allow = "GET, HEAD";
        return refuse(r, ERR_METHOD, "method_not_allowed",
                      "the application's files answer GET and HEAD only");
    }
    /* libmicrohttpd has decoded the path: what is left must be a plain one */
    if (!static_path_ok(r->path, strlen(r->path)))
        return refuse(r, ERR_MALFORMED, "invalid_path",
                      "the path may not hold '..', '.', '%', '\\', control characters or "
                      "empty segments");
    const static_file *f;
    if (k == STATIC_SHELL || strcmp(r->path, "/") == 0) {
        f = find("/index.html");
        respond_header(r, "Link", static_preload(r->a, r->path));
    } else
        f = find(r->path);
    if (!f) return refuse(r, ERR_NOT_FOUND, "not_found", "there is no such file");
    return send_file(r, f);
}
