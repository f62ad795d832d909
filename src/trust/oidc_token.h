/*
 * oidc_token.h - checking an OpenID Connect ID token (OpenID Connect Core 1.0,
 * section 3.1.3.7) against the provider's key set, with cjose.
 *
 * Only RS256 and ES256 signatures are accepted: `none` and the HMAC algorithms
 * (which would make the client secret, or a public key mistaken for one, a
 * signing key) are refused before any key is looked at, and the key must be of
 * the algorithm's own type (RSA, or EC on P-256). Then: iss is the provider's
 * issuer, aud contains the client id (and azp names it when there are several
 * audiences, or whenever azp is present), exp has not passed and iat is not in
 * the future (OIDC_CLOCK_SKEW either way), nonce is the one sent, sub is there.
 *
 * Every refusal is ERR_UNAUTHENTICATED "oidc_token_invalid" with a message that
 * names the check: signature, issuer, audience, expired, issued, nonce, subject.
 */
#ifndef HELHET_OIDC_TOKEN_H
#define HELHET_OIDC_TOKEN_H

#include <jansson.h>

#include "util/err.h"

#define OIDC_CLOCK_SKEW 60 /* seconds of clock difference tolerated */

typedef struct oidc_expect {
    const char *issuer;
    const char *client_id;
    const char *nonce;
    long long now; /* seconds since the epoch */
} oidc_expect;

/* Checks the compact-serialised ID token `token` with the keys of `jwks` (a
 * JWK Set, JSON text). On success *claims gets the payload (the caller owns
 * it). When no key of the set fits the token (an unknown kid), *no_key is set
 * as well as the error, so the caller may fetch the keys again and retry. */
int oidc_token_check(const char *token, const char *jwks, const oidc_expect *x, json_t **claims,
                     int *no_key, err *e);

#endif
