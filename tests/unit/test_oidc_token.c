/*
 * test_oidc_token.c - the ID token checks of trust/oidc_token.c, with tokens
 * signed here by cjose: RS256 and ES256 accepted; alg none, HMAC (also with a
 * key set that offers a shared key), keys of the wrong type, unknown key ids
 * and wrong keys refused; every claim check (iss, aud, azp, exp, iat, nonce,
 * sub) and malformed tokens and key sets refused without a crash.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <cjose/cjose.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "trust/oidc_token.h"

#define ISS    "https://idp.example"
#define CLIENT "helhet"
#define NONCE  "n-0S6_WzA2Mj"

static cjose_jwk_t *rsa, *rsa_other, *ec;
static char jwks[8192];
static long long now;

static void add_key(char *set, cjose_jwk_t *k)
{
    cjose_err ce;
    char *pub = cjose_jwk_to_json(k, false, &ce);
    assert_non_null(pub);
    strcat(set, set[strlen(set) - 1] == '[' ? "" : ",");
    strcat(set, pub);
    free(pub);
}

static int setup(void **state)
{
    cjose_err ce;
    static const uint8_t e65537[] = {1, 0, 1};
    rsa = cjose_jwk_create_RSA_random(2048, e65537, sizeof e65537, &ce);
    rsa_other = cjose_jwk_create_RSA_random(2048, e65537, sizeof e65537, &ce);
    ec = cjose_jwk_create_EC_random(CJOSE_JWK_EC_P_256, &ce);
    assert_true(rsa && rsa_other && ec);
    cjose_jwk_set_kid(rsa, "rsa-1", 5, &ce);
    cjose_jwk_set_kid(rsa_other, "rsa-1", 5, &ce); /* the same kid, another key */
    cjose_jwk_set_kid(ec, "ec-1", 4, &ce);
    strcpy(jwks, "{\"keys\":[");
    add_key(jwks, rsa);
    add_key(jwks, ec);
    strcat(jwks, "]}");
    now = (long long)time(NULL);
    return 0;
}

static int teardown(void **state)
{
    cjose_jwk_release(rsa);
    cjose_jwk_release(rsa_other);
    cjose_jwk_release(ec);
    return 0;
}

/* A token with the claims `json` signed by `key` as `alg` with `kid` (NULL: none). */
static char *sign(cjose_jwk_t *key, const char *alg, const char *kid, const char *json)
{
    cjose_err ce;
    cjose_header_t *h = cjose_header_new(&ce);
    cjose_header_set(h, CJOSE_HDR_ALG, alg, &ce);
    if (kid) cjose_header_set(h, CJOSE_HDR_KID, kid, &ce);
    cjose_jws_t *jws = cjose_jws_sign(key, h, (const uint8_t *)json, strlen(json), &ce);
    assert_non_null(jws);
    const char *ser = NULL;
    assert_true(cjose_jws_export(jws, &ser, &ce));
    char *out = strdup(ser);
    cjose_jws_release(jws);
    cjose_header_release(h);
    return out;
}

/* Good claims, with the members of the JSON fragment `fmt` replacing or adding. */
static char *claims(const char *fmt, ...)
{
    static char buf[2048];
    char extra[1024], wrapped[1100];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(extra, sizeof extra, fmt, ap);
    va_end(ap);
    snprintf(wrapped, sizeof wrapped, "{%s}", extra);
    json_t *o = json_pack("{s:s,s:s,s:s,s:s,s:I,s:I}", "iss", ISS, "aud", CLIENT, "sub", "abc",
                          "nonce", NONCE, "exp", (json_int_t)(now + 300), "iat", (json_int_t)now);
    json_t *x = json_loads(wrapped, 0, NULL);
    assert_non_null(x);
    json_object_update(o, x);
    char *d = json_dumps(o, JSON_COMPACT);
    snprintf(buf, sizeof buf, "%s", d);
    free(d);
    json_decref(x);
    json_decref(o);
    return buf;
}

static int check(const char *token, const char *set, err *e, int *no_key)
{
    oidc_expect x = {ISS, CLIENT, NONCE, now};
    json_t *c = NULL;
    int nk = 0;
    err_clear(e);
    int rc = oidc_token_check(token, set, &x, &c, &nk, e);
    if (no_key) *no_key = nk;
    if (rc == 0) {
        assert_non_null(c);
        assert_string_equal(json_string_value(json_object_get(c, "sub")), "abc");
        json_decref(c);
    } else {
        assert_null(c);
        assert_string_equal(e->code, "oidc_token_invalid");
        assert_int_equal(e->kind, ERR_UNAUTHENTICATED);
    }
    return rc;
}

static void refused(const char *token, const char *set, const char *word)
{
    err e;
    if (check(token, set, &e, NULL) == 0) fail_msg("accepted, expected '%s'", word);
    if (!strstr(e.message, word)) fail_msg("'%s' does not name '%s'", e.message, word);
}

static void test_good(void **state)
{
    err e;
    char *t = sign(rsa, "RS256", "rsa-1", claims(""));
    assert_int_equal(check(t, jwks, &e, NULL), 0);
    free(t);
    t = sign(ec, "ES256", "ec-1", claims(""));
    assert_int_equal(check(t, jwks, &e, NULL), 0);
    free(t);
    /* without a kid, the keys of the right type are tried */
    t = sign(rsa, "RS256", NULL, claims(""));
    assert_int_equal(check(t, jwks, &e, NULL), 0);
    free(t);
    /* several audiences with azp naming us; exp within the clock skew */
    t = sign(
        rsa, "RS256", "rsa-1",
        claims("\"aud\":[\"" CLIENT "\",\"x\"],\"azp\":\"" CLIENT "\",\"exp\":%lld", now - 30));
    assert_int_equal(check(t, jwks, &e, NULL), 0);
    free(t);
}

static void test_algorithms(void **state)
{
    /* alg none: header {"alg":"none"}, the claims, no signature */
    char none[2048], head[64], body[1500];
    const char *h = "{\"alg\":\"none\"}", *c = claims("");
    sodium_bin2base64(head, sizeof head, (const unsigned char *)h, strlen(h),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_bin2base64(body, sizeof body, (const unsigned char *)c, strlen(c),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    snprintf(none, sizeof none, "%s.%s.", head, body);
    refused(none, jwks, "none");

    /* HMAC with a shared key, even when the key set offers that very key */
    cjose_err ce;
    cjose_jwk_t *oct =
        cjose_jwk_create_oct_spec((const uint8_t *)"hemmelighet-hemmelighet-1234567", 31, &ce);
    cjose_jwk_set_kid(oct, "rsa-1", 5, &ce);
    char *t = sign(oct, "HS256", "rsa-1", claims(""));
    refused(t, jwks, "HMAC");
    char set[4096] = "{\"keys\":[";
    char *octjson = cjose_jwk_to_json(oct, true, &ce);
    strcat(set, octjson);
    strcat(set, "]}");
    free(octjson);
    refused(t, set, "HMAC");
    free(t);
    cjose_jwk_release(oct);

    /* other algorithms */
    t = sign(rsa, "PS256", "rsa-1", claims(""));
    refused(t, jwks, "only RS256 and ES256");
    free(t);
    t = sign(rsa, "RS512", "rsa-1", claims(""));
    refused(t, jwks, "only RS256 and ES256");
    free(t);
}

static void test_keys(void **state)
{
    err e;
    int no_key = 0;
    /* the kid is the provider's, the key is not */
    char *t = sign(rsa_other, "RS256", "rsa-1", claims(""));
    assert_int_equal(check(t, jwks, &e, &no_key), -1);
    assert_int_equal(no_key, 0);
    assert_non_null(strstr(e.message, "signature"));
    free(t);
    /* an unknown kid: the caller may fetch the keys again */
    t = sign(rsa, "RS256", "rsa-2", claims(""));
    assert_int_equal(check(t, jwks, &e, &no_key), -1);
    assert_int_equal(no_key, 1);
    assert_non_null(strstr(e.message, "kid"));
    free(t);
    /* an EC signature named by an RSA kid: no key of the right type */
    t = sign(ec, "ES256", "rsa-1", claims(""));
    assert_int_equal(check(t, jwks, &e, &no_key), -1);
    assert_int_equal(no_key, 1);
    free(t);
    /* broken key sets */
    t = sign(rsa, "RS256", "rsa-1", claims(""));
    refused(t, "not json", "signature");
    refused(t, "{\"keys\":5}", "signature");
    refused(t, "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"rsa-1\",\"n\":\"AQAB\",\"e\":\"AQAB\"}]}",
            "signature");
    refused(t, NULL, "signature");
    /* a key meant for encryption is not used to verify */
    cjose_err ce;
    char *pub = cjose_jwk_to_json(rsa, false, &ce);
    json_t *k = json_loads(pub, 0, NULL);
    free(pub);
    json_object_set_new(k, "use", json_string("enc"));
    json_t *set = json_pack("{s:[o]}", "keys", k);
    char *enc = json_dumps(set, JSON_COMPACT);
    json_decref(set);
    refused(t, enc, "signature");
    free(enc);
    free(t);
}

static void test_claims(void **state)
{
    struct {
        const char *extra;
        const char *word;
    } cases[] = {
        {"\"iss\":\"https://other.example\"", "issuer"},
        {"\"iss\":7", "issuer"},
        {"\"aud\":\"someone-else\"", "audience"},
        {"\"aud\":[\"someone-else\"]", "audience"},
        {"\"aud\":[\"" CLIENT "\",\"x\"]", "azp"},
        {"\"azp\":\"someone-else\"", "azp"},
        {"\"aud\":null", "audience"},
        {"\"nonce\":\"other\"", "nonce"},
        {"\"nonce\":null", "nonce"},
        {"\"sub\":\"\"", "subject"},
        {"\"sub\":12", "subject"},
        {"\"exp\":\"tomorrow\"", "expired"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *t = sign(rsa, "RS256", "rsa-1", claims("%s", cases[i].extra));
        refused(t, jwks, cases[i].word);
        free(t);
    }
    char *t = sign(rsa, "RS256", "rsa-1", claims("\"exp\":%lld", now - 3600));
    refused(t, jwks, "expired");
    free(t);
    t = sign(rsa, "RS256", "rsa-1", claims("\"iat\":%lld", now + 3600));
    refused(t, jwks, "future");
    free(t);
}

static void test_malformed(void **state)
{
    static const char *const bad[] = {
        "",
        "abc",
        "a.b",
        "a.b.c",
        ".b.c",
        "eyJhbGciOiJSUzI1NiJ9",
        "eyJhbGciOiJSUzI1NiJ9..",
        "WzFd.e30.c2ln",                                   /* header [1] */
        "bm90IGpzb24.e30.c2ln",                            /* header "not json" */
        "eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2ln",           /* payload not JSON, bad signature */
        "eyJhbGciOiJSUzI1NiIsImNyaXQiOlsieCJdfQ.e30.c2ln", /* crit */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) refused(bad[i], jwks, "signature");
    refused(NULL, jwks, "signature");
    char *huge = malloc(20000);
    memset(huge, 'A', 19999);
    huge[19999] = '\0';
    refused(huge, jwks, "signature");
    free(huge);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good),      cmocka_unit_test(test_algorithms),
        cmocka_unit_test(test_keys),      cmocka_unit_test(test_claims),
        cmocka_unit_test(test_malformed),
    };
    return cmocka_run_group_tests_name("oidc_token", tests, setup, teardown);
}
