/*
 * oidc_config.c - the identity providers of `helhet serve --oidc FILE`: reading
 * and checking the file, the provider table, and its release.
 *
 *   {"providers": [{"name": "idporten", "kind": "citizen",
 *                   "issuer": "https://idporten.no", "client_id": "...",
 *                   "client_secret": "...",
 *                   "redirect_uri": "https://helhet.example/api/v1/oidc/idporten/callback",
 *                   "tenant": "fjordvik", "claim": "pid", "scope": "openid profile"}]}
 *
 * Every mistake is reported with the file and the field ("providers[0].issuer")
 * so that start-up fails with a message an operator can act on. The parsed JSON
 * is kept for the life of the server: the provider table points into it.
 */
#include <curl/curl.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "store/tenant_store.h"
#include "trust/oidc_internal.h"

static json_t *config;
static oidc_provider *providers;
static int nproviders;
static int curl_ready;

#define MAX_PROVIDERS 16

static const char *const fields[] = {
    "name",         "kind",   "issuer", "client_id", "client_secret",
    "redirect_uri", "tenant", "claim",  "scope",     NULL};

typedef struct reader {
    const char *path;
    json_t *obj;
    int index;
    err *e;
} reader;

static int bad(reader *r, const char *field, const char *what)
{
    char f[64];
    snprintf(f, sizeof f, "providers[%d].%s", r->index, field);
    return err_set(r->e, ERR_INVALID, "oidc_config_invalid", f, "%s: %s %s", r->path, f, what);
}

/* A string member of 1..max bytes; NULL in *out when absent and not required. */
static int str(reader *r, const char *field, int required, size_t max, const char **out)
{
    json_t *v = json_object_get(r->obj, field);
    *out = NULL;
    if (!v || json_is_null(v)) return required ? bad(r, field, "is required") : 0;
    if (!json_is_string(v)) return bad(r, field, "must be a string");
    size_t n = json_string_length(v);
    if (n == 0 || n > max || strlen(json_string_value(v)) != n) {
        char what[64];
        snprintf(what, sizeof what, "must have 1 to %zu characters", max);
        return bad(r, field, what);
    }
    *out = json_string_value(v);
    return 0;
}

static int valid_name(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > OIDC_NAME_MAX) return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-')) return 0;
    return 1;
}

int oidc_url_ok(const char *url)
{
    if (strncmp(url, "https://", 8) == 0) return url[8] != '\0' && url[8] != '/';
    static const char *const loopback[] = {"http://127.0.0.1", "http://localhost", "http://[::1]",
                                           NULL};
    for (int i = 0; loopback[i]; i++) {
        size_t n = strlen(loopback[i]);
        if (strncmp(url, loopback[i], n) == 0 && (url[n] == '\0' || url[n] == ':' || url[n] == '/'))
            return 1;
    }
    return 0;
}

/* 1 if the space-separated list `scope` holds "openid". */
static int has_openid(const char *scope)
{
    for (const char *p = scope; (p = strstr(p, "openid")); p += 6)
        if ((p == scope || p[-1] == ' ') && (p[6] == '\0' || p[6] == ' ')) return 1;
    return 0;
}

static int read_provider(reader *r, store *s, oidc_provider *p)
{
    if (!json_is_object(r->obj)) {
        char f[32];
        snprintf(f, sizeof f, "providers[%d]", r->index);
        return err_set(r->e, ERR_INVALID, "oidc_config_invalid", f, "%s: %s must be an object",
                       r->path, f);
    }
    const char *key;
    json_t *v;
    json_object_foreach(r->obj, key, v)
    {
        int known = 0;
        for (int i = 0; fields[i]; i++) known |= !strcmp(key, fields[i]);
        if (!known) return bad(r, key, "is not a known field");
    }
    const char *kind;
    if (str(r, "name", 1, 64, &p->name) || str(r, "kind", 1, 16, &kind) ||
        str(r, "issuer", 1, 512, &p->issuer) || str(r, "client_id", 1, 255, &p->client_id) ||
        str(r, "client_secret", 1, 512, &p->client_secret) ||
        str(r, "redirect_uri", 1, 512, &p->redirect_uri) || str(r, "tenant", 0, 64, &p->tenant) ||
        str(r, "claim", 0, 64, &p->claim) || str(r, "scope", 0, 256, &p->scope))
        return -1;
    if (!valid_name(p->name)) return bad(r, "name", "must have 1 to 32 of a-z, 0-9 and '-'");
    if (!strcmp(kind, "citizen"))
        p->kind = OIDC_CITIZEN;
    else if (!strcmp(kind, "staff"))
        p->kind = OIDC_STAFF;
    else
        return bad(r, "kind", "must be citizen or staff");
    if (!oidc_url_ok(p->issuer))
        return bad(r, "issuer", "must be an https URL (http only on the loopback interface)");
    if (!oidc_url_ok(p->redirect_uri))
        return bad(r, "redirect_uri", "must be an https URL (http only on the loopback interface)");
    char tail[64];
    snprintf(tail, sizeof tail, "/api/v1/oidc/%s/callback", p->name);
    size_t rl = strlen(p->redirect_uri), tl = strlen(tail);
    if (rl < tl || strcmp(p->redirect_uri + rl - tl, tail) != 0) {
        char what[96];
        snprintf(what, sizeof what, "must end with %s", tail);
        return bad(r, "redirect_uri", what);
    }
    if (!p->claim) p->claim = p->kind == OIDC_CITIZEN ? "pid" : "sub";
    if (!p->scope) p->scope = "openid";
    if (!has_openid(p->scope)) return bad(r, "scope", "must include openid");
    if (p->kind == OIDC_CITIZEN && !p->tenant)
        return bad(r, "tenant", "is required for a citizen provider (persons belong to a tenant)");
    if (p->tenant) {
        int count = 0;
        int found = tenant_store_find(s, p->tenant, &p->tenant_id, &count, r->e);
        if (found < 0) return -1;
        if (!found) return bad(r, "tenant", "names no tenant of this database");
    }
    return 0;
}

int oidc_configure(const char *path, store *s, err *e)
{
    oidc_release();
    if (!path) return 0;
    json_error_t je;
    config = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
    if (!config && je.line < 1) /* not read at all: the text names the file */
        return err_set(e, ERR_INVALID, "oidc_config_invalid", NULL, "%s", je.text);
    if (!config)
        return err_set(e, ERR_INVALID, "oidc_config_invalid", NULL, "%s:%d: %s", path, je.line,
                       je.text);
    json_t *list = json_object_get(config, "providers");
    if (json_is_object(config) && json_object_size(config) != (list ? 1u : 0u)) {
        oidc_release();
        return err_set(e, ERR_INVALID, "oidc_config_invalid", NULL,
                       "%s: the only top-level field is providers", path);
    }
    if (!json_is_array(list) || json_array_size(list) == 0 ||
        json_array_size(list) > MAX_PROVIDERS) {
        oidc_release();
        return err_set(e, ERR_INVALID, "oidc_config_invalid", "providers",
                       "%s: providers must be a list of 1 to %d providers", path, MAX_PROVIDERS);
    }
    int n = (int)json_array_size(list);
    providers = calloc((size_t)n, sizeof *providers);
    if (!providers) {
        oidc_release();
        return err_set(e, ERR_INTERNAL, "out_of_memory", NULL, "out of memory");
    }
    for (int i = 0; i < n; i++) {
        reader r = {path, json_array_get(list, (size_t)i), i, e};
        if (read_provider(&r, s, &providers[i])) {
            oidc_release();
            return -1;
        }
        for (int j = 0; j < i; j++)
            if (!strcmp(providers[j].name, providers[i].name)) {
                int rc = bad(&r, "name", "is used by an earlier provider");
                oidc_release();
                return rc;
            }
        pthread_mutex_init(&providers[i].lock, NULL);
        nproviders = i + 1;
    }
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        oidc_release();
        return err_set(e, ERR_INTERNAL, "oidc_curl", NULL, "cannot initialise libcurl");
    }
    curl_ready = 1;
    return 0;
}

void oidc_release(void)
{
    for (int i = 0; i < nproviders; i++) {
        oidc_provider *p = &providers[i];
        free(p->authorization_endpoint);
        free(p->token_endpoint);
        free(p->jwks_uri);
        free(p->jwks);
        pthread_mutex_destroy(&p->lock);
    }
    if (curl_ready) curl_global_cleanup();
    curl_ready = 0;
    free(providers);
    providers = NULL;
    nproviders = 0;
    if (config) json_decref(config);
    config = NULL;
}

int oidc_provider_count(void)
{
    return nproviders;
}

const char *oidc_provider_name(int i)
{
    return i >= 0 && i < nproviders ? providers[i].name : NULL;
}

const char *oidc_provider_kind(int i)
{
    if (i < 0 || i >= nproviders) return NULL;
    return providers[i].kind == OIDC_CITIZEN ? "citizen" : "staff";
}

oidc_provider *oidc_find(const char *name)
{
    for (int i = 0; i < nproviders; i++)
        if (!strcmp(providers[i].name, name)) return &providers[i];
    return NULL;
}
