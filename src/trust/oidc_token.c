/*
 * oidc_token.c - see oidc_token.h. The header is read (base64url + JSON) before
 * cjose sees the token, so the algorithm is decided here and not by the token:
 * cjose_jws_verify would otherwise verify with whatever algorithm the header
 * names, using the key it is given.
 */
#include "trust/oidc_token.h"

#include <cjose/cjose.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TOKEN 16384

static int refuse(err *e, const char *check, const char *why)
{
    return err_set(e, ERR_UNAUTHENTICATED, "oidc_token_invalid", NULL,
                   "the ID token failed the %s check: %s", check, why);
}

/* The token's header as JSON, or NULL. */
static json_t *read_header(const char *token)
{
    const char *dot = strchr(token, '.');
    if (!dot || dot == token) return NULL;
    size_t n = (size_t)(dot - token), len = 0;
    unsigned char *raw = malloc(n);
    if (!raw) return NULL;
    json_t *h = NULL;
    if (sodium_base642bin(raw, n, token, n, NULL, &len, NULL,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING) == 0)
        h = json_loadb((const char *)raw, len, JSON_REJECT_DUPLICATES, NULL);
    free(raw);
    if (h && !json_is_object(h)) {
        json_decref(h);
        h = NULL;
    }
    return h;
}

/* 1 if key `k` of the set may verify a token of algorithm `alg` with key id
 * `kid` (NULL: any). */
static int key_fits(json_t *k, const char *alg, const char *kid)
{
    const char *kty = json_string_value(json_object_get(k, "kty"));
    const char *use = json_string_value(json_object_get(k, "use"));
    const char *kalg = json_string_value(json_object_get(k, "alg"));
    const char *kkid = json_string_value(json_object_get(k, "kid"));
    if (!kty || (use && strcmp(use, "sig")) || (kalg && strcmp(kalg, alg))) return 0;
    if (kid && (!kkid || strcmp(kid, kkid))) return 0;
    if (json_object_get(k, "d")) return 0; /* a private key has no place in a public set */
    if (!strcmp(alg, "RS256")) return !strcmp(kty, "RSA");
    const char *crv = json_string_value(json_object_get(k, "crv"));
    return !strcmp(kty, "EC") && crv && !strcmp(crv, "P-256");
}

/* 1 if one of the fitting keys verifies the signature, 0 if none does; *fits
 * counts the keys tried. */
static int verify(cjose_jws_t *jws, json_t *keys, const char *alg, const char *kid, int *fits)
{
    size_t i;
    json_t *k;
    *fits = 0;
    json_array_foreach(keys, i, k)
    {
        if (!key_fits(k, alg, kid)) continue;
        (*fits)++;
        char *text = json_dumps(k, JSON_COMPACT);
        if (!text) continue;
        cjose_err ce;
        cjose_jwk_t *jwk = cjose_jwk_import(text, strlen(text), &ce);
        free(text);
        if (!jwk) continue;
        int ok = cjose_jws_verify(jws, jwk, &ce);
        cjose_jwk_release(jwk);
        if (ok) return 1;
    }
    return 0;
}

static int number(json_t *claims, const char *name, long long *out)
{
    json_t *v = json_object_get(claims, name);
    if (json_is_integer(v)) {
        *out = json_integer_value(v);
        return 0;
    }
    if (json_is_real(v) && json_real_value(v) > -1e15 && json_real_value(v) < 1e15) {
        *out = (long long)json_real_value(v);
        return 0;
    }
    return -1;
}

static int check_audience(json_t *claims, const char *client_id, err *e)
{
    json_t *aud = json_object_get(claims, "aud");
    const char *azp = json_string_value(json_object_get(claims, "azp"));
    size_t n = 0;
    int ours = 0;
    if (json_is_string(aud)) {
        n = 1;
        ours = !strcmp(json_string_value(aud), client_id);
    } else if (json_is_array(aud)) {
        size_t i;
        json_t *v;
        n = json_array_size(aud);
        json_array_foreach(aud, i, v) ours |=
            json_is_string(v) && !strcmp(json_string_value(v), client_id);
    }
    if (!ours) return refuse(e, "audience", "it was not issued to this client (aud)");
    if (n > 1 && !azp)
        return refuse(e, "audience", "it has several audiences and no authorized party (azp)");
    if (json_object_get(claims, "azp") && (!azp || strcmp(azp, client_id)))
        return refuse(e, "audience", "its authorized party (azp) is another client");
    return 0;
}

static int check_claims(json_t *claims, const oidc_expect *x, err *e)
{
    const char *iss = json_string_value(json_object_get(claims, "iss"));
    if (!iss || strcmp(iss, x->issuer))
        return refuse(e, "issuer", "it was issued by another issuer (iss)");
    if (check_audience(claims, x->client_id, e)) return -1;
    long long exp, iat;
    if (number(claims, "exp", &exp)) return refuse(e, "expired", "it has no expiry time (exp)");
    if (x->now > exp + OIDC_CLOCK_SKEW) return refuse(e, "expired", "it has expired (exp)");
    if (number(claims, "iat", &iat)) return refuse(e, "issued", "it has no issue time (iat)");
    if (iat > x->now + OIDC_CLOCK_SKEW)
        return refuse(e, "issued", "it was issued in the future (iat)");
    const char *nonce = json_string_value(json_object_get(claims, "nonce"));
    if (!nonce || strcmp(nonce, x->nonce))
        return refuse(e, "nonce", "it does not carry the nonce of this log-in");
    const char *sub = json_string_value(json_object_get(claims, "sub"));
    if (!sub || !*sub || strlen(sub) > 255)
        return refuse(e, "subject", "it names no subject (sub)");
    return 0;
}

int oidc_token_check(const char *token, const char *jwks, const oidc_expect *x, json_t **claims,
                     int *no_key, err *e)
{
    *claims = NULL;
    *no_key = 0;
    size_t len = token ? strlen(token) : 0;
    if (len == 0 || len > MAX_TOKEN) return refuse(e, "signature", "it is empty or too long");
    json_t *h = read_header(token);
    if (!h) return refuse(e, "signature", "it is not a signed JWT");
    const char *alg = json_string_value(json_object_get(h, "alg"));
    const char *kid = json_string_value(json_object_get(h, "kid"));
    int rc = 0;
    if (!alg || !strcmp(alg, "none"))
        rc = refuse(e, "signature", "it is not signed (alg none is refused)");
    else if (!strncmp(alg, "HS", 2))
        rc = refuse(e, "signature", "HMAC signatures (shared secrets) are refused");
    else if (strcmp(alg, "RS256") && strcmp(alg, "ES256"))
        rc = refuse(e, "signature", "only RS256 and ES256 signatures are accepted");
    else if (json_object_get(h, "crit"))
        rc = refuse(e, "signature", "critical header extensions are not understood");
    if (rc) {
        json_decref(h);
        return -1;
    }
    json_t *set = json_loads(jwks ? jwks : "", 0, NULL);
    json_t *keys = json_object_get(set, "keys");
    cjose_err ce;
    cjose_jws_t *jws = cjose_jws_import(token, len, &ce);
    int fits = 0, ok = jws && json_is_array(keys) && verify(jws, keys, alg, kid, &fits);
    if (!ok) {
        if (!jws)
            rc = refuse(e, "signature", "it is not a well-formed JWS");
        else if (!fits) {
            *no_key = 1;
            rc = refuse(e, "signature", "no key of the provider fits it (kid)");
        } else
            rc = refuse(e, "signature", "the signature does not verify with the provider's key");
    }
    uint8_t *plain = NULL;
    size_t plain_len = 0;
    if (!rc && !cjose_jws_get_plaintext(jws, &plain, &plain_len, &ce))
        rc = refuse(e, "signature", "its payload cannot be read");
    if (!rc) {
        *claims = json_loadb((const char *)plain, plain_len, JSON_REJECT_DUPLICATES, NULL);
        if (!*claims || !json_is_object(*claims))
            rc = refuse(e, "signature", "its payload is not a JSON object");
        else
            rc = check_claims(*claims, x, e);
        if (rc && *claims) {
            json_decref(*claims);
            *claims = NULL;
        }
    }
    if (jws) cjose_jws_release(jws);
    if (set) json_decref(set);
    json_decref(h);
    return rc ? -1 : 0;
}
