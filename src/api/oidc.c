/*
 * oidc.c - log-in through OpenID Connect providers (trust/oidc.h):
 *
 *   GET /api/v1/oidc/providers            the configured providers, for the log-in page
 *   GET /api/v1/oidc/{name}/login         302 to the provider's authorization endpoint
 *   GET /api/v1/oidc/{name}/callback      where the provider sends the browser back:
 *                                          302 to return_to with a new session
 *
 * The routes are public (there is no actor yet). /login sets a short cookie
 * holding the state, SameSite=Lax so that it comes back on the provider's
 * cross-site redirect to /callback; the callback refuses a state this browser
 * did not begin (log-in CSRF: someone else's callback URL must not log you in
 * as them). The session cookie is the one password log-in sets (HttpOnly,
 * SameSite=Strict); the browser stores it from the callback's answer and sends
 * it on the application's own requests. The CSRF token, answered in the body by
 * password log-in, travels here in the fragment of the redirect
 * (return_to#csrf_token=...), which never reaches a server.
 *
 * A refused /login or callback answers the JSON error to a program; a browser
 * navigation (its Accept names text/html, as every browser's does when it
 * follows a redirect; fetch, curl and the API tests do not) is sent to the
 * log-in page instead, 302 /app/login?error=<code>, which shows the error in
 * words: the user must not land on a raw JSON page.
 *
 * Each callback, and each refused /login, leaves an audit entry (object
 * "session", action "oidc_login").
 */
#include <string.h>

#include "api/api.h"
#include "trust/auth.h"
#include "trust/oidc.h"

#define STATE_COOKIE "helhet_oidc_state"

static int secure(request *r)
{
    const char *proto = req_header(r, "X-Forwarded-Proto");
    return proto && strcmp(proto, "https") == 0;
}

static void audit(request *r, int refused, const char *code, int64_t tenant)
{
    audit_entry *a = req_audit(r);
    a->object = "session";
    a->action = "oidc_login";
    a->outcome = refused ? "refused" : "allowed";
    /* the entry is appended after the handler returns: copy the error's code */
    a->code = refused ? arena_strdup(r->a, code) : NULL;
    if (!a->tenant_id) a->tenant_id = tenant;
    a->object_id = r->actor.session_id;
}

static int providers(request *r, err *e)
{
    if (req_query_only(r, (const char *[]){NULL}, e)) return -1;
    json_t *items = json_array();
    for (int i = 0; i < oidc_provider_count(); i++)
        json_array_append_new(items, json_pack("{s:s,s:s}", "name", oidc_provider_name(i), "kind",
                                               oidc_provider_kind(i)));
    respond_json(r, 200, json_pack("{s:o}", "items", items));
    return 0;
}

static int navigation(request *r)
{
    const char *accept = req_header(r, "Accept");
    return accept && strstr(accept, "text/html");
}

/* A refusal: the JSON error for a program (-1), or for a browser navigation
 * 302 to the log-in page, which says it in words. */
static int refused(request *r, err *e)
{
    if (!navigation(r)) return -1;
    /* the code is one of ours ([a-z_]), safe in a query as it is */
    r->location = arena_printf(r->a, "/app/login?error=%s", e->code);
    err_clear(e);
    respond_empty(r, 302);
    return 0;
}

static int login(request *r, err *e)
{
    const char *url, *state;
    int64_t tenant = 0;
    if (req_query_only(r, (const char *[]){"return_to", NULL}, e) ||
        oidc_begin(r->db, r->a, r->name_param, req_query(r, "return_to"), &url, &state, &tenant,
                   e)) {
        audit(r, 1, e->code, tenant);
        return refused(r, e);
    }
    r->set_cookie = arena_printf(r->a,
                                 STATE_COOKIE "=%s; Path=/api/v1/oidc/%s/callback; Max-Age=%d; "
                                              "HttpOnly; SameSite=Lax%s",
                                 state, r->name_param, OIDC_STATE_TTL, secure(r) ? "; Secure" : "");
    r->location = url;
    respond_empty(r, 302);
    return 0;
}

static int finish(request *r, int64_t *tenant, err *e)
{
    oidc_callback cb = {
        .state = req_query(r, "state"),
        .code = req_query(r, "code"),
        .iss = req_query(r, "iss"),
        .error = req_query(r, "error"),
        .binding = req_cookie(r, STATE_COOKIE),
    };
    oidc_identity id;
    if (oidc_finish(r->db, r->a, r->name_param, &cb, &id, tenant, e)) return -1;
    char cookie[AUTH_SECRET_LEN];
    if (store_begin(r->db, STORE_WRITE, e) || oidc_account(r->db, &id, &r->actor, e) ||
        auth_session_create(r->db, &r->actor, req_cookie(r, "helhet_session"), cookie, e) ||
        store_commit(r->db, e)) {
        store_rollback(r->db);
        return -1;
    }
    r->actor.via = AUTH_SESSION;
    r->set_cookie = arena_printf(r->a, "helhet_session=%s; Path=/; HttpOnly; SameSite=Strict%s",
                                 cookie, secure(r) ? "; Secure" : "");
    r->location = arena_printf(r->a, "%s#csrf_token=%s", id.return_to, r->actor.csrf);
    respond_empty(r, 302);
    return 0;
}

static int callback(request *r, err *e)
{
    int64_t tenant = 0;
    int rc = finish(r, &tenant, e);
    audit(r, rc != 0, e->code, tenant);
    return rc ? refused(r, e) : 0;
}

const route api_oidc_routes[] = {
    {"GET", "/api/v1/oidc/providers", providers, ROUTE_PUBLIC | ROUTE_NO_DB, OBJ_NONE, ACT_READ,
     SEC_NONE, NULL, NULL},
    {"GET", "/api/v1/oidc/{name}/login", login, ROUTE_PUBLIC, OBJ_NONE, ACT_READ, SEC_NONE, NULL,
     NULL},
    {"GET", "/api/v1/oidc/{name}/callback", callback, ROUTE_PUBLIC, OBJ_NONE, ACT_READ, SEC_NONE,
     NULL, NULL},
    {NULL, NULL, NULL, 0, 0, 0, 0, NULL, NULL},
};
