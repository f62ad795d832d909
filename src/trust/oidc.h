/*
 * oidc.h - log-in through OpenID Connect identity providers: ID-porten for
 * citizens, HelseID for health personnel, or any provider of either kind.
 *
 * The authorization-code flow with PKCE (S256):
 *
 *   oidc_begin     a new single-use `state` (only its hash is stored, with the
 *                  nonce, the PKCE code_verifier and where to go afterwards; 10
 *                  minutes to live) and the URL of the provider's authorization
 *                  endpoint to send the browser to
 *   oidc_finish    at the callback: takes the state (marks it used), exchanges
 *                  the code at the token endpoint (client_secret_basic, with the
 *                  code_verifier), checks the ID token (signature by the
 *                  provider's published key, RS256 or ES256; iss, aud/azp,
 *                  exp/iat, nonce) and gives the identity it names
 *   oidc_account   maps the identity to an account: for a `citizen` provider the
 *                  national ID claim names a person of the provider's tenant,
 *                  whose citizen account is found or created; for a `staff`
 *                  provider the subject must be linked to an account
 *                  (helhet user link)
 *
 * The provider's discovery document and key set are fetched with libcurl and
 * kept (an hour; the keys are fetched again at once when an ID token names a
 * key not in them). No network call is made while a database transaction is
 * open: oidc_begin and oidc_finish open their own short write transactions
 * between the calls, and must be called outside one.
 *
 * Providers are configured once at start-up (oidc_configure) and read-only
 * afterwards; the caches are guarded per provider.
 */
#ifndef HELHET_OIDC_H
#define HELHET_OIDC_H

#include <stdint.h>

#include "store/store.h"
#include "trust/actor.h"
#include "util/arena.h"
#include "util/err.h"

typedef enum { OIDC_CITIZEN = 1, OIDC_STAFF } oidc_kind;

#define OIDC_STATE_TTL (10 * 60) /* seconds a begun log-in may take */
#define OIDC_NAME_MAX  32        /* a provider name: 1 to 32 of a-z, 0-9 and '-' */

/* Loads the providers from the JSON file at `path` (see docs/security.md) and
 * resolves their tenants in `s`. ERR_INVALID naming the file and the field
 * (e.g. "providers[1].issuer") when the file is wrong. Call once, before any
 * thread uses the functions below; oidc_release frees everything. */
int oidc_configure(const char *path, store *s, err *e);
void oidc_release(void);

/* The configured providers, for the log-in page. */
int oidc_provider_count(void);
const char *oidc_provider_name(int i);
const char *oidc_provider_kind(int i); /* "citizen" or "staff" */

/* Checks a return_to path: a same-origin relative path ("/plans?x=1"), not
 * "//host", no backslash, no fragment, no spaces or control characters, at
 * most 512 bytes. NULL or "" means "/". ERR_INVALID "invalid_return_to". */
int oidc_return_to_ok(const char *return_to, err *e);

/* Begins a log-in at provider `name` (ERR_NOT_FOUND "oidc_unknown_provider").
 * *url gets the authorization URL to redirect to and *state the state, both on
 * the arena; *tenant the provider's tenant as soon as it is known (for the
 * audit entry of a refusal). */
int oidc_begin(store *s, arena *a, const char *name, const char *return_to, const char **url,
               const char **state, int64_t *tenant, err *e);

/* What the provider sent back to the callback (query arguments; NULL when
 * absent) and the state-binding cookie the browser brought. */
typedef struct oidc_callback {
    const char *state, *code, *iss, *error;
    const char *binding;
} oidc_callback;

/* Who the provider says logged in. Strings are on the arena. */
typedef struct oidc_identity {
    const char *provider;
    oidc_kind kind;
    int64_t tenant_id;   /* the provider's tenant; 0 for a staff provider without one */
    const char *subject; /* the mapped claim's value: a national ID number or a subject */
    const char *return_to;
} oidc_identity;

/* Finishes a log-in at provider `name`. Errors: 404 oidc_unknown_provider,
 * 400 oidc_state_invalid (missing, unknown, used, expired, begun in another
 * browser or at another provider), 401 oidc_provider_error (the provider
 * answered with an error), 400 oidc_code_missing, 401
 * oidc_token_exchange_failed (the provider refused the code), 502
 * oidc_provider_unavailable, 401 oidc_token_invalid (names the check that
 * failed). *tenant gets the provider's tenant as soon as it is known (for the
 * audit entry of a refusal). */
int oidc_finish(store *s, arena *a, const char *name, const oidc_callback *cb, oidc_identity *id,
                int64_t *tenant, err *e);

/* Finds (or, for citizens, creates) the account of an identity, inside the
 * caller's write transaction; fills *out. 401 oidc_no_account when there is
 * none, or it is deactivated. */
int oidc_account(store *s, const oidc_identity *id, actor *out, err *e);

/* Links the tenant's account `username` to `subject` at provider `provider`
 * (for `staff` providers). ERR_INVALID naming oidc_provider or oidc_subject for
 * a malformed value, ERR_NOT_FOUND "no_such_user", ERR_CONFLICT
 * "oidc_subject_taken". Needs no configured providers (the CLI). */
int oidc_link(store *s, int64_t tenant, const char *username, const char *provider,
              const char *subject, err *e);

#endif
