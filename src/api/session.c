/*
 * session.c - log-in and log-out with a password (POST/DELETE /api/v1/session)
 * and GET /api/v1/me, who the caller is.
 *
 * The session cookie is HttpOnly and SameSite=Strict (and Secure when the server
 * is reached over TLS, as told by X-Forwarded-Proto from the TLS proxy). The CSRF
 * token is answered in the body; the browser application sends it back in
 * X-CSRF-Token on every state-changing request.
 */
#include <string.h>

#include "api/api.h"
#include "api/json_in.h"
#include "trust/auth.h"
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

static int login(request *r, err *e)
{
    json_t *in;
    if (req_body_object(r, 1, &in, e)) return -1;
    const char *user, *pass;
    int rc =
        json_in_string(in, "username", 1, &user, e) || json_in_string(in, "password", 1, &pass, e);
    if (!rc) rc = json_in_no_other(in, (const char *[]){"username", "password", NULL}, e);
    if (!rc) rc = auth_login(r->db, user, pass, &r->actor, e);
    json_decref(in);
    if (rc) return -1;
    char cookie[AUTH_SECRET_LEN];
    /* the password check (argon2id, slow on purpose) is done; the short write
     * takes the writers' turn like any other */
    if (store_begin(r->db, STORE_WRITE, e) || auth_session_create(r->db, &r->actor, cookie, e) ||
        store_commit(r->db, e))
        return -1;
    r->actor.via = AUTH_SESSION;
    const char *proto = req_header(r, "X-Forwarded-Proto");
    int secure = proto && strcmp(proto, "https") == 0;
    r->set_cookie = arena_printf(r->a, "helhet_session=%s; Path=/; HttpOnly; SameSite=Strict%s",
                                 cookie, secure ? "; Secure" : "");
    json_t *o = me_json(&r->actor);
    json_object_set_new(o, "csrf_token", json_string(r->actor.csrf));
    respond_json(r, 201, o);
    return 0;
}

static int logout(request *r, err *e)
{
    if (r->actor.via == AUTH_SESSION && auth_session_delete(r->db, r->actor.session_id, e))
        return -1;
    r->set_cookie = "helhet_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0";
    respond_empty(r, 204);
    return 0;
}

static int me(request *r, err *e)
{
    json_t *roles;
    if (roles_json(r->db, &r->actor, &roles, e)) return -1;
    json_t *o = me_json(&r->actor);
    json_object_set_new(o, "roles", roles);
    respond_json(r, 200, o);
    return 0;
}

const route api_session_routes[] = {
    {"POST", "/api/v1/session", login, ROUTE_PUBLIC, OBJ_NONE, ACT_CREATE, SEC_NONE, NULL, NULL},
    {"DELETE", "/api/v1/session", logout, 0, OBJ_NONE, ACT_DELETE, SEC_NONE, NULL, NULL},
    {"GET", "/api/v1/me", me, 0, OBJ_NONE, ACT_READ, SEC_NONE, NULL, NULL},
    {NULL, NULL, NULL, 0, 0, 0, 0, NULL, NULL},
};
