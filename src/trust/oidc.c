/*
 * oidc.c - the OpenID Connect log-in flow (see oidc.h): beginning it, finishing
 * it at the callback, and mapping the provider's user to an account.
 *
 * Secrets of a log-in in flight: the state goes to the browser (in the
 * provider's redirect and in a cookie binding it to this browser) and only its
 * BLAKE2b hash is stored; the nonce and the PKCE code_verifier are stored and
 * never leave the server except to the provider (the nonce inside the
 * authorization request, the verifier with the code at the token endpoint).
 */
#include "trust/oidc.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "store/oidc_store.h"
#include "trust/auth.h"
#include "trust/oidc_internal.h"
#include "trust/oidc_token.h"
#include "util/log.h"

static void iso_at(time_t t, char out[21])
{
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int unknown_provider(const char *name, err *e)
{
    return err_set(e, ERR_NOT_FOUND, "oidc_unknown_provider", NULL,
                   "there is no identity provider named '%s'", name);
}

int oidc_return_to_ok(const char *r, err *e)
{
    if (!r || !*r) return 0;
    const char *why = NULL;
    if (strlen(r) > 512)
        why = "is longer than 512 characters";
    else if (r[0] != '/' || r[1] == '/' || r[1] == '\\')
        why = "must be a path on this site, starting with a single '/'";
    for (const char *p = r; !why && *p; p++)
        if ((unsigned char)*p <= ' ' || *p == 0x7f || *p == '\\' || *p == '#')
            why = "may not hold spaces, control characters, '\\' or '#' (percent-encode them)";
    if (why) return err_set(e, ERR_INVALID, "invalid_return_to", "return_to", "return_to %s", why);
    return 0;
}

/* A random base64url secret of 32 bytes (43 characters). */
static void secret(char out[AUTH_SECRET_LEN])
{
    auth_new_secret("", out);
}

int oidc_begin(store *s, arena *a, const char *name, const char *return_to, const char **url,
               const char **state_out, int64_t *tenant, err *e)
{
    oidc_provider *p = oidc_find(name);
    if (!p) return unknown_provider(name, e);
    *tenant = p->tenant_id;
    if (oidc_return_to_ok(return_to, e)) return -1;
    if (!return_to || !*return_to) return_to = "/";
    oidc_endpoints ep;
    if (oidc_discover(p, a, &ep, e)) return -1; /* network, before any transaction */

    char state[AUTH_SECRET_LEN], nonce[AUTH_SECRET_LEN], verifier[AUTH_SECRET_LEN];
    char hash[AUTH_HASH_LEN], challenge[AUTH_SECRET_LEN];
    secret(state);
    secret(nonce);
    secret(verifier); /* RFC 7636: 43 characters of the unreserved set */
    auth_secret_hash(state, hash);
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, (const unsigned char *)verifier, strlen(verifier));
    sodium_bin2base64(challenge, sizeof challenge, digest, sizeof digest,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);

    char now[21], expires[21], purge[21];
    time_t t = time(NULL);
    iso_at(t, now);
    iso_at(t + OIDC_STATE_TTL, expires);
    iso_at(t - 24 * 60 * 60, purge);
    if (store_begin(s, STORE_WRITE, e) || oidc_store_state_purge(s, purge, e) ||
        oidc_store_state_insert(s, p->name, hash, nonce, verifier, return_to, now, expires, e) ||
        store_commit(s, e)) {
        store_rollback(s);
        return -1;
    }

    char *q = oidc_form_add(a, NULL, "response_type", "code");
    q = oidc_form_add(a, q, "client_id", p->client_id);
    q = oidc_form_add(a, q, "redirect_uri", p->redirect_uri);
    q = oidc_form_add(a, q, "scope", p->scope);
    q = oidc_form_add(a, q, "state", state);
    q = oidc_form_add(a, q, "nonce", nonce);
    q = oidc_form_add(a, q, "code_challenge", challenge);
    q = oidc_form_add(a, q, "code_challenge_method", "S256");
    *url =
        arena_printf(a, "%s%c%s", ep.authorization, strchr(ep.authorization, '?') ? '&' : '?', q);
    *state_out = arena_strdup(a, state);
    return 0;
}

static int state_invalid(err *e, const char *why)
{
    return err_set(e, ERR_MALFORMED, "oidc_state_invalid", "state",
                   "the log-in cannot be finished: %s; start the log-in again", why);
}

/* Takes the state in a short write transaction of its own: from here on it is
 * used, whatever happens at the provider. */
static int take_state(store *s, const oidc_provider *p, const oidc_callback *cb,
                      oidc_state_row *row, err *e)
{
    if (!cb->state || !*cb->state) return state_invalid(e, "the state is missing");
    if (strlen(cb->state) > 128) return state_invalid(e, "the state is not one of ours");
    if (!cb->binding || strcmp(cb->binding, cb->state) != 0)
        return state_invalid(e, "it was not begun in this browser");
    char hash[AUTH_HASH_LEN], now[21];
    auth_secret_hash(cb->state, hash);
    iso_at(time(NULL), now);
    oidc_state_problem problem = 0;
    int taken;
    if (store_begin(s, STORE_WRITE, e) ||
        (taken = oidc_store_state_take(s, hash, now, row, &problem, e)) < 0 || store_commit(s, e)) {
        store_rollback(s);
        return -1;
    }
    if (!taken)
        return state_invalid(e, problem == OIDC_STATE_USED      ? "it has been used already"
                                : problem == OIDC_STATE_EXPIRED ? "it has expired"
                                                                : "the state is not one of ours");
    if (strcmp(row->provider, p->name))
        return state_invalid(e, "it was begun at another identity provider");
    return 0;
}

/* A provider's error code, reduced to characters safe to show. */
static const char *safe_code(arena *a, const char *s)
{
    char *out = arena_strndup(a, s, strnlen(s, 64));
    for (char *c = out; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
              *c == '_' || *c == '-' || *c == '.'))
            *c = '?';
    return out;
}

/* Exchanges the code for tokens; *id_token gets the ID token. */
static int redeem(oidc_provider *p, arena *a, const oidc_endpoints *ep, const char *code,
                  const char *verifier, const char **id_token, err *e)
{
    char *form = oidc_form_add(a, NULL, "grant_type", "authorization_code");
    form = oidc_form_add(a, form, "code", code);
    form = oidc_form_add(a, form, "redirect_uri", p->redirect_uri);
    form = oidc_form_add(a, form, "code_verifier", verifier);
    long status = 0;
    char *text = NULL;
    if (oidc_http_post_form(p, a, ep->token, form, &status, &text, e)) return -1;
    json_t *o = json_loads(text, 0, NULL);
    const char *tok = json_string_value(json_object_get(o, "id_token"));
    const char *error = json_string_value(json_object_get(o, "error"));
    int rc = 0;
    if (status == 200 && tok)
        *id_token = arena_strdup(a, tok);
    else if (status >= 400 && status < 500 && error)
        /* RFC 6749 section 5.2: invalid_grant for a used, expired or foreign code
         * or a wrong code_verifier; invalid_client for our own credentials */
        rc = err_set(e, ERR_UNAUTHENTICATED, "oidc_token_exchange_failed", NULL,
                     "the identity provider '%s' refused the code: %s", p->name,
                     safe_code(a, error));
    else
        rc = err_set(e, ERR_UPSTREAM, "oidc_provider_unavailable", NULL,
                     "the identity provider '%s' gave no ID token (HTTP status %ld)", p->name,
                     status);
    if (o) json_decref(o);
    return rc;
}

/* The value of the provider's mapped claim: a string of 1..255 printable
 * characters. */
static int mapped_claim(const oidc_provider *p, arena *a, json_t *claims, const char **out, err *e)
{
    const char *v = json_string_value(json_object_get(claims, p->claim));
    size_t n = v ? strlen(v) : 0;
    int printable = n > 0 && n <= 255;
    for (size_t i = 0; printable && i < n; i++) printable = (unsigned char)v[i] >= ' ';
    if (!printable)
        return err_set(e, ERR_UNAUTHENTICATED, "oidc_token_invalid", NULL,
                       "the ID token failed the claim check: it has no usable '%s' claim",
                       p->claim);
    *out = arena_strdup(a, v);
    return 0;
}

int oidc_finish(store *s, arena *a, const char *name, const oidc_callback *cb, oidc_identity *id,
                int64_t *tenant, err *e)
{
    oidc_provider *p = oidc_find(name);
    if (!p) return unknown_provider(name, e);
    *tenant = p->tenant_id;
    oidc_state_row row;
    if (take_state(s, p, cb, &row, e)) return -1;
    if (cb->error)
        return err_set(e, ERR_UNAUTHENTICATED, "oidc_provider_error", NULL,
                       "the identity provider '%s' did not log you in: %s", p->name,
                       safe_code(a, cb->error));
    /* RFC 9207: a provider that names itself must be the one asked */
    if (cb->iss && strcmp(cb->iss, p->issuer))
        return err_set(e, ERR_UNAUTHENTICATED, "oidc_provider_error", "iss",
                       "the answer names another identity provider than '%s'", p->name);
    if (!cb->code || !*cb->code || strlen(cb->code) > 2048)
        return err_set(e, ERR_MALFORMED, "oidc_code_missing", "code",
                       "the identity provider sent no authorization code");

    /* network: no transaction is open here */
    oidc_endpoints ep;
    const char *token, *jwks;
    if (oidc_discover(p, a, &ep, e) || redeem(p, a, &ep, cb->code, row.code_verifier, &token, e) ||
        oidc_keys(p, a, 0, &jwks, e))
        return -1;
    oidc_expect x = {p->issuer, p->client_id, row.nonce, (long long)time(NULL)};
    json_t *claims = NULL;
    int no_key = 0;
    int rc = oidc_token_check(token, jwks, &x, &claims, &no_key, e);
    if (rc && no_key) {
        /* the provider may have rolled its keys: fetch them again, once */
        if (oidc_keys(p, a, 1, &jwks, e)) return -1;
        rc = oidc_token_check(token, jwks, &x, &claims, &no_key, e);
    }
    if (rc) return -1;
    rc = mapped_claim(p, a, claims, &id->subject, e);
    json_decref(claims);
    if (rc) return -1;
    id->provider = p->name;
    id->kind = p->kind;
    id->tenant_id = p->tenant_id;
    id->return_to = arena_strdup(a, row.return_to);
    return 0;
}

static int no_account(err *e, const char *why)
{
    return err_set(e, ERR_UNAUTHENTICATED, "oidc_no_account", NULL, "%s", why);
}

static int citizen_account(store *s, const oidc_identity *id, actor *out, err *e)
{
    int64_t person = 0;
    int active = 0;
    int found = oidc_store_person_by_nid(s, id->tenant_id, id->subject, &person, e);
    if (found < 0) return -1;
    if (!found)
        return no_account(e, "no person in this municipality has the national ID number the "
                             "identity provider gave; ask the municipality to register you");
    found = oidc_store_citizen_account(s, id->tenant_id, person, out, &active, e);
    if (found < 0) return -1;
    if (found) return active ? 0 : no_account(e, "your account has been deactivated");
    /* the first log-in: a citizen account without a password */
    char username[64];
    int64_t account;
    snprintf(username, sizeof username, "citizen-%lld", (long long)person);
    if (auth_account_create(s, id->tenant_id, username, NULL, ROLE_CITIZEN, 0, person, &account,
                            e)) {
        if (e->kind != ERR_CONFLICT) return -1;
        char suffix[AUTH_SECRET_LEN];
        secret(suffix);
        for (char *c = suffix; *c; c++)
            if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9'))) *c = 'x';
        snprintf(username, sizeof username, "citizen-%lld-%.8s", (long long)person, suffix);
        if (auth_account_create(s, id->tenant_id, username, NULL, ROLE_CITIZEN, 0, person, &account,
                                e))
            return -1;
    }
    log_line(LOG_INFO, "event=oidc_citizen_account account=%lld person=%lld tenant=%lld",
             (long long)account, (long long)person, (long long)id->tenant_id);
    found = oidc_store_citizen_account(s, id->tenant_id, person, out, &active, e);
    return found == 1 ? 0 : found < 0 ? -1 : no_account(e, "the account could not be created");
}

int oidc_account(store *s, const oidc_identity *id, actor *out, err *e)
{
    if (id->kind == OIDC_CITIZEN) return citizen_account(s, id, out, e);
    int active = 0;
    int found = oidc_store_account_by_subject(s, id->provider, id->subject, out, &active, e);
    if (found < 0) return -1;
    if (!found || (id->tenant_id && out->tenant_id != id->tenant_id))
        return no_account(e, "no account is linked to you at this identity provider; an "
                             "administrator links it with `helhet user link`");
    return active ? 0 : no_account(e, "your account has been deactivated");
}

int oidc_link(store *s, int64_t tenant, const char *username, const char *provider,
              const char *subject, err *e)
{
    size_t n = provider ? strlen(provider) : 0;
    int ok = n > 0 && n <= OIDC_NAME_MAX;
    for (size_t i = 0; ok && i < n; i++)
        ok = (provider[i] >= 'a' && provider[i] <= 'z') ||
             (provider[i] >= '0' && provider[i] <= '9') || provider[i] == '-';
    if (!ok)
        return err_set(e, ERR_INVALID, "invalid_oidc_provider", "oidc_provider",
                       "the provider name must have 1 to 32 of a-z, 0-9 and '-'");
    n = subject ? strlen(subject) : 0;
    ok = n > 0 && n <= 255;
    for (size_t i = 0; ok && i < n; i++) ok = (unsigned char)subject[i] >= ' ';
    if (!ok)
        return err_set(e, ERR_INVALID, "invalid_oidc_subject", "oidc_subject",
                       "the subject must have 1 to 255 printable characters");
    int found = oidc_store_account_link(s, tenant, username, provider, subject, e);
    if (found < 0) return -1;
    if (!found)
        return err_set(e, ERR_NOT_FOUND, "no_such_user", "username", "there is no user named '%s'",
                       username);
    return 0;
}
