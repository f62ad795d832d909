/*
 * oidc_internal.h - what the OpenID Connect files share (trust/oidc*.c): the
 * provider table, its caches and the HTTP calls. Not for use outside trust/.
 */
#ifndef HELHET_OIDC_INTERNAL_H
#define HELHET_OIDC_INTERNAL_H

#include <pthread.h>
#include <stddef.h>
#include <time.h>

#include "trust/oidc.h"

#define OIDC_CACHE_TTL (60 * 60)    /* seconds discovery and keys are kept */
#define OIDC_MAX_BODY  (256 * 1024) /* the largest answer read from a provider */

typedef struct oidc_provider {
    /* configuration: strings point into the loaded JSON file, read-only */
    const char *name, *issuer, *client_id, *client_secret, *redirect_uri, *tenant, *claim, *scope;
    oidc_kind kind;
    int64_t tenant_id;
    /* the caches, guarded by lock; malloc'ed, replaced whole */
    pthread_mutex_t lock;
    char *authorization_endpoint, *token_endpoint, *jwks_uri;
    time_t discovered_at;
    char *jwks;
    time_t jwks_at;
} oidc_provider;

/* The provider named `name`, or NULL. */
oidc_provider *oidc_find(const char *name);

/* 1 for an https URL, or an http URL on the loopback interface (tests and a
 * provider on the same host). */
int oidc_url_ok(const char *url);

/* The endpoints of a provider, from its cached discovery document (fetched
 * when missing or older than OIDC_CACHE_TTL); copies on the arena. */
typedef struct oidc_endpoints {
    const char *authorization, *token;
} oidc_endpoints;
int oidc_discover(oidc_provider *p, arena *a, oidc_endpoints *out, err *e);

/* The provider's key set (JWKS JSON text, on the arena), cached; `refresh`
 * fetches it again whatever the cache holds. */
int oidc_keys(oidc_provider *p, arena *a, int refresh, const char **jwks, err *e);

/* POSTs a form to the provider's token endpoint with HTTP Basic client
 * authentication. *status gets the HTTP status, *body the answer (on the
 * arena, NUL-terminated). ERR_UPSTREAM when the provider cannot be reached. */
int oidc_http_post_form(oidc_provider *p, arena *a, const char *url, const char *form, long *status,
                        char **body, err *e);

/* `value` percent-encoded: every byte but A-Z a-z 0-9 - . _ ~ (fit for a query
 * string and for application/x-www-form-urlencoded). */
char *oidc_url_encode(arena *a, const char *value);
/* form + "&key=value" (or "key=value" when form is NULL or empty), value
 * encoded. */
char *oidc_form_add(arena *a, const char *form, const char *key, const char *value);

#endif
