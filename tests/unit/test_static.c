/*
 * test_static.c - the browser application's files (http/static.h): which
 * paths may name a file (traversal, encodings, NUL, control characters), which
 * part of the URL space a path is in, content types and caching by extension,
 * If-None-Match, and loading a web root and answering from it (dot files,
 * symbolic links and unknown kinds never served; the shell for /app/...; 404
 * for an unknown asset), Accept-Encoding, and the gzip bytes kept beside the
 * plain ones.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

#include "http/static.h"
#include "util/arena.h"

#define OK(p)  assert_int_equal(static_path_ok((p), strlen(p)), 1)
#define BAD(p) assert_int_equal(static_path_ok((p), strlen(p)), 0)

static void test_path_ok(void **state)
{
    OK("/");
    OK("/index.html");
    OK("/js/app.js");
    OK("/app/plans/12");
    OK("/app/");
    OK("/i18n/nb.json");
    OK("/a.b.c/d-e_f.css");
    OK("/..a/b.."); /* dots inside a name are names */
    OK("/.well-known");
    /* traversal, in every form libmicrohttpd can hand us once decoded */
    BAD("/..");
    BAD("/../etc/passwd");
    BAD("/js/../index.html");
    BAD("/js/..");
    BAD("/js/./app.js");
    BAD("/.");
    BAD("/js/.");
    BAD("/%2e%2e/x"); /* double-encoded: "%252e" decodes to "%2e" */
    BAD("/js/%2fapp.js");
    BAD("/js\\..\\x");
    BAD("//etc/passwd");
    BAD("/js//app.js");
    /* not a path */
    BAD("");
    BAD("index.html");
    BAD("js/app.js");
    /* control characters, DEL and bytes outside ASCII */
    BAD("/a\tb");
    BAD("/a\nb");
    BAD("/a\rb");
    BAD("/a\x7f");
    BAD("/caf\xc3\xa9.js");
    /* a NUL inside the length is refused, wherever it is */
    assert_int_equal(static_path_ok("/js/app.js\0.png", 15), 0);
    assert_int_equal(static_path_ok("/\0", 2), 0);
    /* at most 1024 bytes */
    char longp[1100];
    longp[0] = '/';
    memset(longp + 1, 'a', sizeof longp - 1);
    assert_int_equal(static_path_ok(longp, 1024), 1);
    assert_int_equal(static_path_ok(longp, 1025), 0);
}

static void test_classify(void **state)
{
    assert_int_equal(static_classify("/api"), STATIC_NOT_OURS);
    assert_int_equal(static_classify("/api/"), STATIC_NOT_OURS);
    assert_int_equal(static_classify("/api/v1/plans"), STATIC_NOT_OURS);
    assert_int_equal(static_classify("/healthz"), STATIC_NOT_OURS);
    assert_int_equal(static_classify("/metrics"), STATIC_NOT_OURS);
    assert_int_equal(static_classify("/metrics/x"), STATIC_NOT_OURS);
    assert_int_equal(static_classify("/app"), STATIC_SHELL);
    assert_int_equal(static_classify("/app/"), STATIC_SHELL);
    assert_int_equal(static_classify("/app/plans/12"), STATIC_SHELL);
    assert_int_equal(static_classify("/apps"), STATIC_ASSET);
    assert_int_equal(static_classify("/apix"), STATIC_ASSET);
    assert_int_equal(static_classify("/healthzz"), STATIC_ASSET);
    assert_int_equal(static_classify("/"), STATIC_ASSET);
    assert_int_equal(static_classify("/js/app.js"), STATIC_ASSET);
}

static void test_types(void **state)
{
    assert_string_equal(static_content_type("/index.html"), "text/html; charset=utf-8");
    assert_string_equal(static_content_type("/css/app.css"), "text/css; charset=utf-8");
    assert_string_equal(static_content_type("/js/app.js"), "text/javascript; charset=utf-8");
    assert_string_equal(static_content_type("/i18n/nb.json"), "application/json; charset=utf-8");
    assert_string_equal(static_content_type("/logo.svg"), "image/svg+xml");
    assert_string_equal(static_content_type("/a.png"), "image/png");
    assert_string_equal(static_content_type("/f.woff2"), "font/woff2");
    assert_string_equal(static_content_type("/favicon.ico"), "image/x-icon");
    assert_null(static_content_type("/README.md"));
    assert_null(static_content_type("/x.htm"));
    assert_null(static_content_type("/.js"));
    assert_null(static_content_type("/js"));
    assert_null(static_content_type("/app.js.map"));
    assert_string_equal(static_cache_control("/index.html"), "no-cache");
    assert_string_equal(static_cache_control("/i18n/en.json"), "no-cache");
    assert_string_equal(static_cache_control("/js/app.js"), "no-cache");
    assert_string_equal(static_cache_control("/css/app.css"), "no-cache");
    assert_string_equal(static_cache_control("/a.png"), "public, max-age=86400");
    assert_string_equal(static_cache_control("/f.woff2"), "public, max-age=86400");
}

static void test_etag(void **state)
{
    const char *t = "\"abc\"";
    assert_int_equal(static_etag_matches("\"abc\"", t), 1);
    assert_int_equal(static_etag_matches("W/\"abc\"", t), 1);
    assert_int_equal(static_etag_matches("*", t), 1);
    assert_int_equal(static_etag_matches("\"x\", \"abc\"", t), 1);
    assert_int_equal(static_etag_matches("\"x\",W/\"abc\"", t), 1);
    assert_int_equal(static_etag_matches("\"abcd\"", t), 0);
    assert_int_equal(static_etag_matches("\"ab\"", t), 0);
    assert_int_equal(static_etag_matches("abc", t), 0);
    assert_int_equal(static_etag_matches("", t), 0);
    assert_int_equal(static_etag_matches("\"abc", t), 0);
    assert_int_equal(static_etag_matches(",,,", t), 0);
}

/* ---- trimming for serving ----------------------------------------------- */

static void trimmed(const char *name, const char *in, const char *want)
{
    char buf[512];
    size_t n = strlen(in);
    memcpy(buf, in, n);
    size_t got = static_trim(name, buf, n);
    buf[got] = '\0';
    assert_string_equal(buf, want);
}

static void test_trim(void **state)
{
    (void)state;
    /* scripts: comments and indentation go, the lines stay; code stays */
    trimmed("/js/a.js",
            "// a.js - header\n//\nimport { h } from './dom.js';\n\n  // why\n"
            "  const u = 'http://x'; // kept: not a comment line\n\tif (a) {\n    b();\n  }\n",
            "\n\nimport { h } from './dom.js';\n\n\nconst u = 'http://x'; // kept: not a "
            "comment line\nif (a) {\nb();\n}\n");
    trimmed("/js/a.mjs", "  x();  \r\n  y()", "x();\ny()");
    trimmed("/js/a.js", "", "");
    /* a template literal or a string spanning lines: the file is left whole */
    trimmed("/js/t.js", "const s = `a\n  // b\n`;\n", "const s = `a\n  // b\n`;\n");
    trimmed("/js/t.js", "const s = 'a\\\n  b';\n", "const s = 'a\\\n  b';\n");
    trimmed("/js/t.js", "  const s = `one line`;\n", "const s = `one line`;\n");
    /* style sheets: block comments (not inside strings) and indentation go */
    trimmed("/css/a.css", "/* head\n * more */\nbody {\n  color: red; /* x */\n}\n",
            "\n\nbody {\ncolor: red;\n}\n");
    trimmed("/css/a.css", "a::before { content: \"/* no */\"; }\n",
            "a::before { content: \"/* no */\"; }\n");
    trimmed("/css/a.css", "a { color: red; } /* never closed\n",
            "a { color: red; } /* never closed\n");
    /* other kinds are served as they are */
    trimmed("/index.html", "  <p>\n\n  // x\n", "  <p>\n\n  // x\n");
    trimmed("/i18n/nb.json", "{\n  \"a\": \"// b\"\n}\n", "{\n  \"a\": \"// b\"\n}\n");
}

static void versioned(const char *name, const char *in, const char *want)
{
    size_t n = 0;
    char *out = static_versioned(name, in, strlen(in), "V1", &n);
    if (!want) {
        assert_null(out);
        return;
    }
    assert_non_null(out);
    assert_int_equal(n, strlen(want));
    assert_memory_equal(out, want, n);
    free(out);
}

static void test_versioned(void **state)
{
    (void)state;
    /* scripts: relative module paths on import and export lines */
    versioned("/js/a.js",
              "import { h } from './dom.js';\nimport { t } from '../i18n.js';\nconst x = 'from "
              "./y.js';\nexport { a } from './b.mjs';\nimport x from '/abs.js';\n",
              "import { h } from './dom.js?v=V1';\nimport { t } from '../i18n.js?v=V1';\nconst x "
              "= 'from ./y.js';\nexport { a } from './b.mjs?v=V1';\nimport x from '/abs.js';\n");
    versioned("/js/a.js", "const a = 1;\n", NULL);
    versioned("/js/a.js", "import { h } from './dom.js'", "import { h } from './dom.js?v=V1'");
    /* a module loaded when its page is opened: import('./x.js') on any line */
    versioned("/js/a.js",
              "const v = lazy(() => import('./views/home.js'), 'h');\nimport('/abs.js');\n"
              "x(import(name));\n",
              "const v = lazy(() => import('./views/home.js?v=V1'), 'h');\nimport('/abs.js');\n"
              "x(import(name));\n");
    /* HTML: root paths of scripts, styles and words; other links stay */
    versioned("/index.html",
              "<link href=\"/css/a.css\"><script src=\"/js/app.js\"></script><a "
              "href=\"/app\">x</a><link href=\"/i18n/nb.json\"><link href=\"/f.svg\">\n",
              "<link href=\"/css/a.css?v=V1\"><script src=\"/js/app.js?v=V1\"></script><a "
              "href=\"/app\">x</a><link href=\"/i18n/nb.json?v=V1\"><link href=\"/f.svg\">\n");
    versioned("/css/a.css", "@import \"/css/b.css\";\n", NULL);
    versioned("/i18n/nb.json", "{\"a\": \"=\\\"/x.js\\\"\"}", NULL);
}

/* ---- a web root on disk ------------------------------------------------- */

static char root[64];

static void put(const char *rel, const char *text)
{
    char p[256];
    snprintf(p, sizeof p, "%s/%s", root, rel);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int make_root(void **state)
{
    snprintf(root, sizeof root, "/tmp/helhet-static-XXXXXX");
    assert_non_null(mkdtemp(root));
    char p[256];
    const char *dirs[] = {"js", "css", ".git", "deep"};
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        snprintf(p, sizeof p, "%s/%s", root, dirs[i]);
        assert_int_equal(mkdir(p, 0700), 0);
    }
    put("index.html", "<!doctype html><title>Helhet</title>");
    put("js/app.js", "export const a = 1;\n");
    put("css/app.css", "body{}\n");
    put(".git/config", "secret");
    put(".hidden.js", "secret");
    put("README.md", "not served");
    put("deep/x y.js", "odd name");
    snprintf(p, sizeof p, "%s/js/passwd.js", root);
    assert_int_equal(symlink("/etc/passwd", p), 0);
    return 0;
}

static int remove_root(void **state)
{
    static_release();
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    return system(cmd) == 0 ? 0 : -1;
}

static arena *scratch; /* a request's arena, as the server gives each */

static void get(request *r, const char *method, const char *path)
{
    memset(r, 0, sizeof *r);
    r->a = scratch;
    r->method = method;
    r->path = path;
}

static void done(request *r)
{
    if (r->out) json_decref(r->out);
    r->out = NULL;
}

static const char *error_code(request *r)
{
    return json_string_value(json_object_get(json_object_get(r->out, "error"), "code"));
}

static void test_load_and_serve(void **state)
{
    err e;
    err_clear(&e);
    assert_int_equal(static_load(root, 1, &e), 0);
    size_t bytes = 0;
    /* index.html, js/app.js, css/app.css: not the dot files, README, the odd name
     * or the link */
    assert_int_equal(static_count(&bytes, NULL), 3);
    assert_int_equal(bytes, strlen("<!doctype html><title>Helhet</title>") +
                                strlen("export const a = 1;\n") + strlen("body{}\n"));

    request r;
    get(&r, "GET", "/js/app.js");
    assert_int_equal(static_serve(&r), 0);
    assert_int_equal(r.status, 200);
    assert_string_equal(r.text_type, "text/javascript; charset=utf-8");
    assert_int_equal(r.text_len, strlen("export const a = 1;\n"));
    assert_memory_equal(r.text, "export const a = 1;\n", r.text_len);
    assert_string_equal(respond_header_get(&r, "Cache-Control"), "no-cache");
    assert_string_equal(respond_header_get(&r, "Content-Security-Policy"), STATIC_CSP);
    assert_string_equal(respond_header_get(&r, "Referrer-Policy"), "no-referrer");
    /* a strong ETag: 16 bytes of BLAKE2b in base64url, quoted */
    assert_int_equal(strlen(r.etag), 24);
    assert_true(r.etag[0] == '"' && r.etag[23] == '"');
    char etag[32];
    snprintf(etag, sizeof etag, "%s", r.etag);

    /* the shell: /, /app and client-side routes get index.html */
    const char *shell[] = {"/", "/index.html", "/app", "/app/", "/app/plans/12"};
    for (size_t i = 0; i < sizeof shell / sizeof shell[0]; i++) {
        get(&r, i % 2 ? "HEAD" : "GET", shell[i]);
        assert_int_equal(static_serve(&r), 0);
        assert_int_equal(r.status, 200);
        assert_string_equal(r.text_type, "text/html; charset=utf-8");
        assert_memory_equal(r.text, "<!doctype", 9);
        /* the reads the page waits for start with its answer (static_preload) */
        if (strcmp(shell[i], "/index.html") == 0)
            assert_null(respond_header_get(&r, "Link")); /* the file itself, not a page */
        else
            assert_string_equal(respond_header_get(&r, "Link"), static_preload(scratch, shell[i]));
    }
    get(&r, "GET", "/js/app.js");
    assert_int_equal(static_serve(&r), 0);
    assert_null(respond_header_get(&r, "Link"));

    /* an unknown asset never gets the shell; nor do the files left out */
    const char *missing[] = {"/js/nope.js",   "/nope",        "/js/",
                             "/README.md",    "/.git/config", "/.hidden.js",
                             "/js/passwd.js", "/deep/x y.js", "/css"};
    for (size_t i = 0; i < sizeof missing / sizeof missing[0]; i++) {
        get(&r, "GET", missing[i]);
        assert_int_equal(static_serve(&r), 0);
        assert_int_equal(r.status, 404);
        assert_string_equal(error_code(&r), "not_found");
        assert_null(r.text);
        assert_string_equal(respond_header_get(&r, "Content-Security-Policy"), STATIC_CSP);
        done(&r);
    }

    /* traversal is refused before any look-up */
    get(&r, "GET", "/js/../index.html");
    assert_int_equal(static_serve(&r), 0);
    assert_int_equal(r.status, 400);
    assert_string_equal(error_code(&r), "invalid_path");
    done(&r);

    /* GET and HEAD only */
    get(&r, "POST", "/app/plans/1");
    assert_int_equal(static_serve(&r), 0);
    assert_int_equal(r.status, 405);
    assert_string_equal(r.allow, "GET, HEAD");
    done(&r);

    /* the API's space is not ours */
    const char *api[] = {"/api/v1/nope", "/api", "/healthz", "/metrics"};
    for (size_t i = 0; i < sizeof api / sizeof api[0]; i++) {
        get(&r, "GET", api[i]);
        assert_int_equal(static_serve(&r), -1);
        assert_int_equal(r.status, 0);
    }

    /* loading again gives the same ETag: it is the content's */
    assert_int_equal(static_load(root, 1, &e), 0);
    get(&r, "GET", "/js/app.js");
    assert_int_equal(static_serve(&r), 0);
    assert_string_equal(r.etag, etag);
    /* and a changed file a new one */
    put("js/app.js", "export const a = 2;\n");
    assert_int_equal(static_load(root, 1, &e), 0);
    get(&r, "GET", "/js/app.js");
    assert_int_equal(static_serve(&r), 0);
    assert_string_not_equal(r.etag, etag);
}

static void test_accept_encoding(void **state)
{
    (void)state;
    const char *yes[] = {"gzip",
                         "GZIP",
                         "gzip, deflate, br",
                         "deflate, gzip;q=0.5",
                         "br;q=1.0, Gzip ; Q=0.001",
                         "x-gzip",
                         "*",
                         "*;q=0.1",
                         "identity, *",
                         "gzip;q=1",
                         "gzip;q=1.000",
                         " gzip ",
                         "deflate,,gzip",
                         "gzip;q=bad, *"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
        if (!static_accepts_gzip(yes[i])) fail_msg("should accept gzip: \"%s\"", yes[i]);
    }
    const char *no[] = {NULL,
                        "",
                        "identity",
                        "deflate, br",
                        "gzip;q=0",
                        "gzip;q=0.0",
                        "gzip;q=0.000",
                        "GZIP; q=0",
                        "*;q=0",
                        "gzip;q=0, *", /* the coding named decides */
                        "gzip;q=0, *;q=1",
                        "gzipx",
                        "xgzip",
                        "gzip;q=bad", /* an unreadable weight: left out */
                        "gzip;q=1.5",
                        "gzip;q=0.0001",
                        "gzip;q=2",
                        "deflate;q=0.5, identity"};
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++) {
        if (static_accepts_gzip(no[i])) fail_msg("should refuse gzip: \"%s\"", no[i]);
    }
    /* the kinds that are compressed: text */
    assert_int_equal(static_compressible("/js/app.js"), 1);
    assert_int_equal(static_compressible("/m.mjs"), 1);
    assert_int_equal(static_compressible("/css/app.css"), 1);
    assert_int_equal(static_compressible("/index.html"), 1);
    assert_int_equal(static_compressible("/i18n/nb.json"), 1);
    assert_int_equal(static_compressible("/img/logo.svg"), 1);
    assert_int_equal(static_compressible("/img/p.png"), 0);
    assert_int_equal(static_compressible("/f.woff2"), 0);
    assert_int_equal(static_compressible("/favicon.ico"), 0);
}

/* The n bytes of gzip at gz inflated (malloc'ed, *out_len bytes), or NULL. */
static unsigned char *gunzip(const unsigned char *gz, size_t n, size_t *out_len)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, 15 + 16) != Z_OK) return NULL; /* gzip only */
    size_t cap = 1 << 20;
    unsigned char *out = malloc(cap);
    z.next_in = (unsigned char *)gz;
    z.avail_in = (uInt)n;
    z.next_out = out;
    z.avail_out = (uInt)cap;
    int rc = inflate(&z, Z_FINISH);
    *out_len = z.total_out;
    int rest = z.avail_in; /* nothing may follow the gzip member */
    inflateEnd(&z);
    if (rc != Z_STREAM_END || rest) {
        free(out);
        return NULL;
    }
    return out;
}

static void test_gzip(void **state)
{
    /* text large enough to compress, and a png that is never compressed */
    char big[8192] = "";
    for (int i = 0; strlen(big) < sizeof big - 64; i++)
        snprintf(big + strlen(big), sizeof big - strlen(big), "export const v%d = 'verdi %d';\n", i,
                 i);
    put("js/big.js", big);
    put("css/big.css", "main { margin: 0; padding: 0; }\nmain { margin: 0; padding: 0; }\n"
                       "main { margin: 0; padding: 0; }\nmain { margin: 0; padding: 0; }\n");
    put("logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><g></g><g></g><g></g><g></g>"
                    "<g></g><g></g><g></g><g></g><g></g><g></g><g></g><g></g></svg>\n");
    put("big.png", big);
    err e;
    err_clear(&e);
    assert_int_equal(static_load(root, 1, &e), 0);

    const char *text[] = {"/js/big.js", "/css/big.css", "/logo.svg"};
    for (size_t i = 0; i < sizeof text / sizeof text[0]; i++) {
        size_t plain_len, gz_len, back_len;
        const char *plain_etag, *gz_etag;
        int enc = -1;
        const unsigned char *plain = static_bytes(text[i], 0, &plain_len, &plain_etag, &enc);
        assert_non_null(plain);
        assert_int_equal(enc, 0);
        const unsigned char *gz = static_bytes(text[i], 1, &gz_len, &gz_etag, &enc);
        assert_non_null(gz);
        assert_int_equal(enc, 1);
        assert_true(gz_len < plain_len);
        /* the compressed bytes are the plain ones (as served: trimmed, versioned) */
        unsigned char *back = gunzip(gz, gz_len, &back_len);
        assert_non_null(back);
        assert_int_equal(back_len, plain_len);
        assert_memory_equal(back, plain, plain_len);
        free(back);
        /* their own ETag: the plain one with -gz inside the quotes */
        assert_string_not_equal(gz_etag, plain_etag);
        assert_int_equal(strlen(gz_etag), strlen(plain_etag) + 3);
        assert_memory_equal(gz_etag, plain_etag, strlen(plain_etag) - 1);
        assert_string_equal(gz_etag + strlen(plain_etag) - 1, "-gz\"");
    }
    /* too small to gain, or not text: the plain bytes either way */
    const char *plain_only[] = {"/js/app.js", "/big.png"};
    for (size_t i = 0; i < sizeof plain_only / sizeof plain_only[0]; i++) {
        size_t a, b;
        const char *ea, *eb;
        int enc = -1;
        const unsigned char *pa = static_bytes(plain_only[i], 0, &a, &ea, NULL);
        const unsigned char *pb = static_bytes(plain_only[i], 1, &b, &eb, &enc);
        assert_non_null(pa);
        assert_ptr_equal(pa, pb);
        assert_int_equal(enc, 0);
        assert_string_equal(ea, eb);
    }
    assert_null(static_bytes("/js/nope.js", 1, NULL, NULL, NULL));
    size_t bytes, gz_bytes;
    static_count(&bytes, &gz_bytes);
    assert_true(gz_bytes < bytes);

    /* a request without Accept-Encoding: the plain bytes, and Vary for caches */
    request r;
    get(&r, "GET", "/js/big.js");
    assert_int_equal(static_serve(&r), 0);
    assert_int_equal(r.status, 200);
    assert_int_equal(r.text_len, strlen(big));
    assert_string_equal(respond_header_get(&r, "Vary"), "Accept-Encoding");
    assert_null(respond_header_get(&r, "Content-Encoding"));
    /* a file that is never compressed does not vary */
    get(&r, "GET", "/js/app.js");
    assert_int_equal(static_serve(&r), 0);
    assert_null(respond_header_get(&r, "Vary"));
}

static void test_preload(void **state)
{
    (void)state;
#define ME       "</api/v1/me>; rel=preload; as=fetch; crossorigin=anonymous"
#define PLAN(id) ME ", </api/v1/plans/" id ">; rel=preload; as=fetch; crossorigin=anonymous"
    /* every page asks who is logged in; a plan's page its plan too */
    assert_string_equal(static_preload(scratch, "/app"), ME);
    assert_string_equal(static_preload(scratch, "/app/"), ME);
    assert_string_equal(static_preload(scratch, "/app/persons"), ME);
    assert_string_equal(static_preload(scratch, "/app/plans/12"), PLAN("12"));
    assert_string_equal(static_preload(scratch, "/app/plans/12/"), PLAN("12"));
    assert_string_equal(static_preload(scratch, "/app/plans/123456789012345678"),
                        PLAN("123456789012345678"));
    /* what early.js would not read as a plan page is not preloaded for a plan */
    const char *not_plan[] = {"/app/plans/",
                              "/app/plans/0",
                              "/app/plans/012",
                              "/app/plans/12/history",
                              "/app/plans/12x",
                              "/app/plans/-1",
                              "/app/plans/1234567890123456789",
                              "/app/plansx/12",
                              "/app/plans//12"};
    for (size_t i = 0; i < sizeof not_plan / sizeof not_plan[0]; i++)
        assert_string_equal(static_preload(scratch, not_plan[i]), ME);
#undef PLAN
#undef ME
}

static void test_missing_root(void **state)
{
    err e;
    err_clear(&e);
    assert_int_equal(static_load("/nonexistent/helhet-web", 1, &e), -1);
    assert_string_equal(e.code, "web_root_missing");
    assert_string_equal(e.field, "web_root");
    /* the default root may be missing: then only the API is served */
    assert_int_equal(static_load("/nonexistent/helhet-web", 0, &e), 0);
    assert_int_equal(static_count(NULL, NULL), 0);
    request r;
    get(&r, "GET", "/app");
    assert_int_equal(static_serve(&r), 0);
    assert_int_equal(r.status, 404);
    done(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_path_ok),
        cmocka_unit_test(test_classify),
        cmocka_unit_test(test_types),
        cmocka_unit_test(test_etag),
        cmocka_unit_test(test_trim),
        cmocka_unit_test(test_versioned),
        cmocka_unit_test_setup_teardown(test_load_and_serve, make_root, remove_root),
        cmocka_unit_test(test_missing_root),
        cmocka_unit_test(test_accept_encoding),
        cmocka_unit_test_setup_teardown(test_gzip, make_root, remove_root),
        cmocka_unit_test(test_preload),
    };
    scratch = arena_new(4096);
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    arena_free(scratch);
    return failed;
}
