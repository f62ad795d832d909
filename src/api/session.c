/*
 * session.c - log-in and log-out with a password and a one-time code
 * (POST/DELETE /api/v1/session), log-out of every session
 * (POST /api/v1/session/logout-all) and GET /api/v1/me, who the caller is (with
 * the name the browser application shows and, for a citizen, her preferred
 * language). The rules of a log-in (limits,
 * lockout, one-time codes) are in trust/auth.c.
 *
 * The session cookie is HttpOnly and SameSite=Strict (and Secure when the server
 * is reached over TLS, as told by X-Forwarded-Proto from the TLS proxy). The CSRF
 * token is answered in the body; the browser application sends it back in
 * X-CSRF-Token on every state-changing request.
 */
#include <string.h>

#include "api/api.h"
#include "api/json_in.h"
#include "domain/entity.h"
#include "domain/names.h"
#include "domain/organisation.h"
#include "domain/person.h"
#include "domain/tenant.h"
#include "trust/auth.h"
#include "trust/proxy.h"
#include "trust/roles.h"

static json_t *me_json(const actor *a)
{
    json_t *o = json_pack("{s:I,s:s,s:s,s:I}", "account_id", (json_int_t)a->account_id, "username",
                          a->username, "role", actor_role_name(a->role), "tenant_id",
                          (json_int_t)a->tenant_id);
    json_object_set_new(o, "staff_id", a->staff_id ? json_integer(a->staff_id) : json_null());
    json_object_set_new(o, "person_id", a->person_id ? json_integer(a->person_id) : json_null());
    json_object_set_new(o, "authenticated_by",
                        json_string(a->via == AUTH_SESSION ? "session" : "token"));
    return o;
}

/* The client's address for the log-in throttle: the peer's, or, when the peer
 * is a configured trusted proxy (--trusted-proxy), the address it put in
 * X-Forwarded-For (trust/proxy.h). A header from anyone else is ignored. */
static const char *client_address(request *r)
{
    char *out = arena_alloc(r->a, 64);
    return proxy_client(r->client, req_header_list(r, "X-Forwarded-For"), out, 64);
}

/* An audit entry for the session object; the ids are set by the caller. */
static audit_entry *session_audit(request *r, const char *action, const char *outcome,
                                  const char *code)
{
    audit_entry *a = req_audit(r);
    a->object = "session";
    a->action = action;
    a->outcome = outcome;
    a->code = code ? arena_strdup(r->a, code) : NULL;
    return a;
}

static int login(request *r, err *e)
{
    json_t *in;
    if (req_body_object(r, 1, &in, e)) return -1;
    auth_attempt t;
    memset(&t, 0, sizeof t);
    int rc = json_in_string(in, "username", 1, &t.username, e) ||
             json_in_string(in, "password", 1, &t.password, e) ||
             json_in_string(in, "otp", 0, &t.otp, e);
    if (!rc) rc = json_in_no_other(in, (const char *[]){"username", "password", "otp", NULL}, e);
    if (rc) {
        json_decref(in);
        return -1;
    }
    t.client = client_address(r);
    rc = auth_login(r->db, &t, &r->actor, e);
    json_decref(in);
    if (rc) {
        /* who tried is known only by the account's ids: never the name typed */
        memset(&r->actor, 0, sizeof r->actor);
        if (e->kind == ERR_RATE) r->retry_after = arena_printf(r->a, "%d", t.retry_after);
        if (e->kind == ERR_UNAUTHENTICATED || e->kind == ERR_RATE) {
            audit_entry *a = session_audit(r, "login", "refused", e->code);
            a->tenant_id = t.tenant_id;
            a->account_id = t.account_id;
            if (t.lockout) {
                a = session_audit(r, "lockout", "refused",
                                  t.lockout == 1 ? "too_many_attempts" : "address_locked");
                a->tenant_id = t.tenant_id;
                a->account_id = t.lockout == 1 ? t.account_id : 0;
            }
        }
        return -1;
    }
    char cookie[AUTH_SECRET_LEN];
    /* the password check (argon2id, slow on purpose) is done; the short write
     * takes the writers' turn like any other. A session cookie sent along is
     * ended: every log-in gets a new session id (no session fixation). */
    if (store_begin(r->db, STORE_WRITE, e) ||
        auth_session_create(r->db, &r->actor, req_cookie(r, "helhet_session"), cookie, e) ||
        store_commit(r->db, e))
        return -1;
    r->actor.via = AUTH_SESSION;
    session_audit(r, "login", "allowed", NULL)->object_id = r->actor.session_id;
    const char *proto = req_header(r, "X-Forwarded-Proto");
    int secure = proto && strcmp(proto, "https") == 0;
    r->set_cookie = arena_printf(r->a, "helhet_session=%s; Path=/; HttpOnly; SameSite=Strict%s",
                                 cookie, secure ? "; Secure" : "");
    json_t *o = me_json(&r->actor);
    json_object_set_new(o, "csrf_token", json_string(r->actor.csrf));
    respond_json(r, 201, o);
    return 0;
}

static const char *clear_cookie = "helhet_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0";

static int logout(request *r, err *e)
{
    if (r->actor.via == AUTH_SESSION && auth_session_delete(r->db, r->actor.session_id, e))
        return -1;
    session_audit(r, "logout", "allowed", NULL)->object_id = r->actor.session_id;
    r->set_cookie = clear_cookie;
    respond_empty(r, 204);
    return 0;
}

/* Ends every session of the caller's account, the current one included (a
 * lost laptop, a shared computer). Bearer tokens are not sessions: `helhet
 * token revoke` ends those. */
static int logout_all(request *r, err *e)
{
    int64_t n = 0;
    if (auth_sessions_end_all(r->db, r->actor.account_id, &n, e)) return -1;
    session_audit(r, "logout_all", "allowed", NULL);
    r->set_cookie = clear_cookie;
    respond_json(r, 200, json_pack("{s:I}", "sessions_ended", (json_int_t)n));
    return 0;
}

/* The caller's name for the browser application's header: the staff member's
 * or the citizen's (given and family name), or null (an administrator without a
 * staff record); for a citizen account also her preferred language (the
 * person's `preferred_language`, or null), which the browser application opens
 * in unless the reader chose another with its switcher. */
static int who(request *r, json_t **name, json_t **lang, err *e)
{
    const record_def *d = r->actor.staff_id ? &staff_def : r->actor.person_id ? &person_def : NULL;
    int64_t id = r->actor.staff_id ? r->actor.staff_id : r->actor.person_id;
    *name = json_null();
    *lang = NULL;
    if (!d) return 0;
    json_t *rec = NULL;
    if (entity_get(r->db, &r->actor, d, id, &rec, e)) {
        if (e->kind != ERR_NOT_FOUND) return -1;
        err_clear(e);
        if (d == &person_def) *lang = json_null();
        return 0;
    }
    const char *given = json_string_value(json_object_get(rec, "given_name"));
    const char *family = json_string_value(json_object_get(rec, "family_name"));
    if (given || family)
        *name = json_sprintf("%s%s%s", given ? given : "", given && family ? " " : "",
                             family ? family : "");
    if (d == &person_def) {
        const char *pl = json_string_value(json_object_get(rec, "preferred_language"));
        *lang = pl ? json_string(pl) : json_null();
    }
    json_decref(rec);
    return 0;
}

static int me(request *r, err *e)
{
    json_t *roles = NULL, *name, *lang;
    if (who(r, &name, &lang, e)) return -1;
    if (roles_json(r->db, &r->actor, &roles, e) ||
        names_add(r->db, &r->actor, roles, NAMES_ORGANISATIONS, "organisation_id",
                  "organisation_name", e)) {
        json_decref(name);
        json_decref(lang);
        json_decref(roles);
        return -1;
    }
    char tenant[256] = "";
    if (tenant_name(r->db, r->actor.tenant_id, tenant, sizeof tenant, e) < 0) {
        json_decref(name);
        json_decref(lang);
        json_decref(roles);
        return -1;
    }
    json_t *o = me_json(&r->actor);
    json_object_set_new(o, "name", name);
    if (lang) json_object_set_new(o, "preferred_language", lang);
    json_object_set_new(o, "tenant_name", tenant[0] ? json_string(tenant) : json_null());
    json_object_set_new(o, "roles", roles);
    respond_json(r, 200, o);
    return 0;
}

const route api_session_routes[] = {
    {"POST", "/api/v1/session", login, ROUTE_PUBLIC, OBJ_NONE, ACT_CREATE, SEC_NONE, NULL, NULL},
    {"DELETE", "/api/v1/session", logout, 0, OBJ_NONE, ACT_DELETE, SEC_NONE, NULL, NULL},
    {"POST", "/api/v1/session/logout-all", logout_all, 0, OBJ_NONE, ACT_DELETE, SEC_NONE, NULL,
     NULL},
    {"GET", "/api/v1/me", me, 0, OBJ_NONE, ACT_READ, SEC_NONE, NULL, NULL},
    {NULL, NULL, NULL, 0, 0, 0, 0, NULL, NULL},
};
