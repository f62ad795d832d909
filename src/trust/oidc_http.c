/*
 * oidc_http.c - talking to identity providers over HTTP with libcurl: the
 * discovery document, the key set (JWKS) and the token endpoint.
 *
 * Each call uses its own easy handle (libcurl handles are not shared between
 * threads), follows no redirects, speaks only HTTP(S) (and HTTP only where
 * oidc_url_ok allows it), verifies TLS certificates, and gives up after 5 s to
 * connect or 10 s in all, reading at most OIDC_MAX_BODY bytes. A provider that
 * cannot be reached answers ERR_UPSTREAM (502 oidc_provider_unavailable).
 *
 * Discovery and keys are cached per provider for OIDC_CACHE_TTL. The network
 * call is made without holding the provider's lock (a slow provider must not
 * stall log-ins waiting on the lock); the answer replaces the cache whole. If a
 * refresh fails while an older copy exists, the older copy is used.
 */
#include <curl/curl.h>
#include <jansson.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "trust/oidc_internal.h"
#include "version.h"

typedef struct body {
    char *data;
    size_t len, cap;
    int too_large;
} body;

static size_t on_data(char *ptr, size_t size, size_t n, void *ctx)
{
    body *b = ctx;
    size_t add = size * n;
    if (b->len + add > OIDC_MAX_BODY) {
        b->too_large = 1;
        return 0; /* stops the transfer */
    }
    if (b->len + add + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + add + 1) cap *= 2;
        char *d = realloc(b->data, cap);
        if (!d) return 0;
        b->data = d;
        b->cap = cap;
    }
    memcpy(b->data + b->len, ptr, add);
    b->len += add;
    b->data[b->len] = '\0';
    return add;
}

static int unavailable(const oidc_provider *p, const char *what, const char *why, err *e)
{
    return err_set(e, ERR_UPSTREAM, "oidc_provider_unavailable", NULL,
                   "the identity provider '%s' could not be used (%s): %s", p->name, what, why);
}

/* One HTTP exchange. `form` NULL: GET; else POST of that form with Basic client
 * authentication. *out (malloc'ed, NUL-terminated) and *status on success. */
static int exchange(const oidc_provider *p, const char *what, const char *url, const char *form,
                    const char *basic, long *status, char **out, err *e)
{
    if (!oidc_url_ok(url)) return unavailable(p, what, "the URL is not https", e);
    CURL *c = curl_easy_init();
    if (!c) return unavailable(p, what, "cannot start libcurl", e);
    body b = {0};
    struct curl_slist *h = curl_slist_append(NULL, "Accept: application/json");
    char auth[1200];
    if (form) {
        h = curl_slist_append(h, "Content-Type: application/x-www-form-urlencoded");
        snprintf(auth, sizeof auth, "Authorization: Basic %s", basic);
        h = curl_slist_append(h, auth);
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, form);
    }
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 10000L);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "helhet/" HELHET_VERSION);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
    CURLcode rc = curl_easy_perform(c);
    if (rc == CURLE_OK) curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, status);
    curl_easy_cleanup(c);
    curl_slist_free_all(h);
    sodium_memzero(auth, sizeof auth);
    if (rc != CURLE_OK) {
        free(b.data);
        return unavailable(p, what,
                           b.too_large ? "the answer is too large" : curl_easy_strerror(rc), e);
    }
    *out = b.data ? b.data : strdup("");
    if (!*out) return unavailable(p, what, "out of memory", e);
    return 0;
}

/* GET of a JSON object: 200 and an object, else ERR_UPSTREAM. The caller owns
 * *obj. */
static int get_json(const oidc_provider *p, const char *what, const char *url, json_t **obj, err *e)
{
    long status = 0;
    char *text = NULL;
    if (exchange(p, what, url, NULL, NULL, &status, &text, e)) return -1;
    *obj = status == 200 ? json_loads(text, 0, NULL) : NULL;
    free(text);
    if (*obj && json_is_object(*obj)) return 0;
    if (*obj) json_decref(*obj);
    char why[64];
    snprintf(why, sizeof why, status == 200 ? "the answer is not a JSON object" : "HTTP status %ld",
             status);
    return unavailable(p, what, why, e);
}

/* A string member that must be a usable URL; NULL if not. */
static const char *url_member(json_t *o, const char *key)
{
    const char *v = json_string_value(json_object_get(o, key));
    return v && oidc_url_ok(v) && strlen(v) < 1024 ? v : NULL;
}

static int fetch_discovery(oidc_provider *p, err *e)
{
    char url[600];
    size_t n = strlen(p->issuer);
    while (n && p->issuer[n - 1] == '/') n--;
    snprintf(url, sizeof url, "%.*s/.well-known/openid-configuration", (int)n, p->issuer);
    json_t *d;
    if (get_json(p, "discovery", url, &d, e)) return -1;
    /* OpenID Connect Discovery 1.0 section 4.3: the document's issuer must be
     * exactly the one configured */
    const char *iss = json_string_value(json_object_get(d, "issuer"));
    const char *authz = url_member(d, "authorization_endpoint");
    const char *token = url_member(d, "token_endpoint");
    const char *jwks = url_member(d, "jwks_uri");
    const char *why = NULL;
    if (!iss || strcmp(iss, p->issuer) != 0)
        why = "the discovery document names another issuer";
    else if (!authz || !token || !jwks)
        why = "the discovery document lacks an https authorization_endpoint, token_endpoint or "
              "jwks_uri";
    json_t *methods = json_object_get(d, "code_challenge_methods_supported");
    if (!why && json_is_array(methods)) {
        size_t i;
        json_t *m;
        int s256 = 0;
        json_array_foreach(methods, i, m) s256 |=
            json_is_string(m) && !strcmp(json_string_value(m), "S256");
        if (!s256) why = "the provider does not support PKCE with S256";
    }
    if (why) {
        json_decref(d);
        return unavailable(p, "discovery", why, e);
    }
    char *a = strdup(authz), *t = strdup(token), *j = strdup(jwks);
    json_decref(d);
    if (!a || !t || !j) {
        free(a);
        free(t);
        free(j);
        return unavailable(p, "discovery", "out of memory", e);
    }
    pthread_mutex_lock(&p->lock);
    free(p->authorization_endpoint);
    free(p->token_endpoint);
    free(p->jwks_uri);
    p->authorization_endpoint = a;
    p->token_endpoint = t;
    p->jwks_uri = j;
    p->discovered_at = time(NULL);
    pthread_mutex_unlock(&p->lock);
    return 0;
}

int oidc_discover(oidc_provider *p, arena *a, oidc_endpoints *out, err *e)
{
    pthread_mutex_lock(&p->lock);
    int fresh = p->token_endpoint && time(NULL) - p->discovered_at < OIDC_CACHE_TTL;
    pthread_mutex_unlock(&p->lock);
    if (!fresh && fetch_discovery(p, e)) {
        pthread_mutex_lock(&p->lock);
        int stale = p->token_endpoint != NULL;
        pthread_mutex_unlock(&p->lock);
        if (!stale) return -1;
    }
    pthread_mutex_lock(&p->lock);
    out->authorization = arena_strdup(a, p->authorization_endpoint);
    out->token = arena_strdup(a, p->token_endpoint);
    pthread_mutex_unlock(&p->lock);
    return 0;
}

int oidc_keys(oidc_provider *p, arena *a, int refresh, const char **jwks, err *e)
{
    oidc_endpoints ep;
    if (oidc_discover(p, a, &ep, e)) return -1;
    pthread_mutex_lock(&p->lock);
    int fresh = !refresh && p->jwks && time(NULL) - p->jwks_at < OIDC_CACHE_TTL;
    char *uri = p->jwks_uri ? arena_strdup(a, p->jwks_uri) : NULL;
    pthread_mutex_unlock(&p->lock);
    if (!fresh && uri) {
        json_t *set;
        if (get_json(p, "keys", uri, &set, e) == 0) {
            int ok = json_is_array(json_object_get(set, "keys"));
            char *text = ok ? json_dumps(set, JSON_COMPACT) : NULL;
            json_decref(set);
            if (!text) return unavailable(p, "keys", "the key set has no keys list", e);
            pthread_mutex_lock(&p->lock);
            free(p->jwks);
            p->jwks = text;
            p->jwks_at = time(NULL);
            pthread_mutex_unlock(&p->lock);
        }
    }
    pthread_mutex_lock(&p->lock);
    *jwks = p->jwks ? arena_strdup(a, p->jwks) : NULL;
    pthread_mutex_unlock(&p->lock);
    return *jwks ? 0 : -1; /* e was filled by the failed fetch */
}

int oidc_http_post_form(oidc_provider *p, arena *a, const char *url, const char *form, long *status,
                        char **body_out, err *e)
{
    /* RFC 6749 section 2.3.1: client id and secret are form-encoded before they
     * are joined and base64-encoded */
    char *cred = arena_printf(a, "%s:%s", oidc_url_encode(a, p->client_id),
                              oidc_url_encode(a, p->client_secret));
    size_t n = strlen(cred), bl = sodium_base64_encoded_len(n, sodium_base64_VARIANT_ORIGINAL);
    if (bl > 1100) return unavailable(p, "token", "the client credentials are too long", e);
    char *b64 = arena_alloc(a, bl);
    sodium_bin2base64(b64, bl, (const unsigned char *)cred, n, sodium_base64_VARIANT_ORIGINAL);
    char *text = NULL;
    int rc = exchange(p, "token", url, form, b64, status, &text, e);
    sodium_memzero(cred, n);
    sodium_memzero(b64, bl);
    if (rc) return -1;
    *body_out = arena_strdup(a, text);
    free(text);
    return 0;
}

char *oidc_url_encode(arena *a, const char *value)
{
    static const char hex[] = "0123456789ABCDEF";
    char *out = arena_alloc(a, 3 * strlen(value) + 1), *w = out;
    for (const unsigned char *v = (const unsigned char *)value; *v; v++) {
        if ((*v >= 'A' && *v <= 'Z') || (*v >= 'a' && *v <= 'z') || (*v >= '0' && *v <= '9') ||
            *v == '-' || *v == '.' || *v == '_' || *v == '~') {
            *w++ = (char)*v;
        } else {
            *w++ = '%';
            *w++ = hex[*v >> 4];
            *w++ = hex[*v & 15];
        }
    }
    *w = '\0';
    return out;
}

char *oidc_form_add(arena *a, const char *form, const char *key, const char *value)
{
    const char *v = oidc_url_encode(a, value);
    return form && *form ? arena_printf(a, "%s&%s=%s", form, key, v)
                         : arena_printf(a, "%s=%s", key, v);
}
