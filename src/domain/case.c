/*
 * case.c - cases and their contact persons (case.h).
 *
 * A case is a plain record (entity.h) with one rule hook, case_check, that holds
 * what the field table cannot say: the defaults of a new case, the person a case
 * must have unless it is a worry report, the contributing units, and closed_at
 * following the status. The contact person (R2) lives in two places that move
 * together in one transaction: cases.contact_staff_id (the current holder, for
 * filtering) and the dated rows of case_contacts (the history, with at most one
 * open row per case, also guarded by the partial unique index
 * case_contacts_current).
 */
#include "domain/case.h"

#include <string.h>

#include "domain/approval.h"
#include "domain/entity.h"
#include "domain/fields.h"
#include "domain/names.h"
#include "domain/organisation.h"
#include "domain/person.h"
#include "store/history_store.h"
#include "trust/policy.h"
#include "util/timeutil.h"

/* More contributing units than this is a mistake, not a case. */
#define MAX_CONTRIBUTING 50

const char *const case_intake_channels[] = {
    "application", "gp_referral", "hospital_referral", "discharge_message", "worry_report",
    "walk_in",     "phone",       "crisis_centre",     "other_service",     "other",
    NULL,
};
const char *const life_domains[] = {"health",         "housing",         "economy", "work_activity",
                                    "social_network", "family_children", NULL};
static const char *const urgencies[] = {"low", "normal", "high", "acute", NULL};
static const char *const statuses[] = {"new", "in_progress", "waiting", "closed", NULL};

static int case_check(store *s, int64_t tenant, json_t *v, json_t *cur, err *e);
static int case_after(store *s, const actor *a, json_t *rec, json_t *prev, err *e);

static const field_def case_fields[] = {
    {"person_id", FT_REF, 0, NULL, 0, 0, &person_def},
    {"title", FT_TEXT, FF_REQUIRED | FF_NOT_NULL, NULL, 1, 200, NULL},
    {"description", FT_TEXT, 0, NULL, 0, 0, NULL},
    {"intake_channel", FT_ENUM, FF_REQUIRED | FF_NOT_NULL, case_intake_channels, 0, 0, NULL},
    {"intake_date", FT_DATE, FF_REQUIRED | FF_NOT_NULL, NULL, 0, 0, NULL},
    {"anonymous_reporter", FT_BOOL, FF_NOT_NULL, NULL, 0, 0, NULL},
    {"domains", FT_ENUM_LIST, FF_NOT_NULL, life_domains, 0, 0, NULL},
    {"urgency", FT_ENUM, FF_REQUIRED | FF_NOT_NULL, urgencies, 0, 0, NULL},
    {"status", FT_ENUM, FF_NOT_NULL, statuses, 0, 0, NULL},
    {"lead_organisation_id", FT_REF, 0, NULL, 0, 0, &organisation_def},
    {"contributing_organisation_ids", FT_JSON, FF_NOT_NULL, NULL, 0, 0, NULL},
    {"contact_staff_id", FT_REF, FF_CREATE_ONLY, NULL, 0, 0, &staff_def},
    {"closed_at", FT_TIMESTAMP, FF_READONLY, NULL, 0, 0, NULL},
    {"created_by", FT_INT, FF_READONLY, NULL, 0, 0, NULL},
};
const record_def case_def = {"case", "cases", case_fields, 14, case_check, case_after};

static const field_def contact_fields[] = {
    {"case_id", FT_REF, FF_READONLY, NULL, 0, 0, &case_def},
    {"staff_id", FT_REF, FF_REQUIRED, NULL, 0, 0, &staff_def},
    {"from_at", FT_TIMESTAMP, FF_READONLY, NULL, 0, 0, NULL},
    {"to_at", FT_TIMESTAMP, FF_READONLY, NULL, 0, 0, NULL},
    {"assigned_by", FT_INT, FF_READONLY, NULL, 0, 0, NULL},
    {"reason", FT_TEXT, 0, NULL, 0, 1000, NULL},
};
const record_def case_contact_def = {
    "contact person assignment", "case_contacts", contact_fields, 6, NULL, NULL};

#define CONTRIB "contributing_organisation_ids"

/* contributing_organisation_ids: a list of distinct ids of the tenant's
 * organisations. The column is free JSON to the store, so the rule is here. */
static int check_contributing(store *s, int64_t tenant, json_t *ids, err *e)
{
    if (!json_is_array(ids))
        return err_set(e, ERR_INVALID, "wrong_type", CONTRIB,
                       CONTRIB " must be a list of organisation ids");
    if (json_array_size(ids) > MAX_CONTRIBUTING)
        return err_set(e, ERR_INVALID, "too_long", CONTRIB, CONTRIB " may list at most %d units",
                       MAX_CONTRIBUTING);
    size_t i, j;
    json_t *x, *y;
    json_array_foreach(ids, i, x)
    {
        if (!json_is_integer(x) || json_integer_value(x) <= 0)
            return err_set(e, ERR_INVALID, "wrong_type", CONTRIB,
                           CONTRIB " must be a list of organisation ids");
        json_array_foreach(ids, j, y)
        {
            if (j >= i) break;
            if (json_integer_value(x) == json_integer_value(y))
                return err_set(e, ERR_INVALID, "duplicate_value", CONTRIB,
                               CONTRIB " lists organisation %lld twice",
                               (long long)json_integer_value(x));
        }
        int ex = rec_exists(s, &organisation_def, tenant, json_integer_value(x), e);
        if (ex < 0) return -1;
        if (!ex)
            return err_set(e, ERR_INVALID, "unknown_reference", CONTRIB,
                           CONTRIB ": there is no organisation %lld",
                           (long long)json_integer_value(x));
    }
    return 0;
}

/* The value a field will have after the write: the input's, else the stored one. */
static json_t *after_write(json_t *v, json_t *cur, const char *field)
{
    json_t *x = json_object_get(v, field);
    if (!x && cur) x = json_object_get(cur, field);
    return x;
}

static int is_string(json_t *x, const char *s)
{
    return json_is_string(x) && strcmp(json_string_value(x), s) == 0;
}

/* The rule hook of case_def (record.h): runs on create (cur NULL) and update. */
static int case_check(store *s, int64_t tenant, json_t *v, json_t *cur, err *e)
{
    if (!cur) {
        if (!json_object_get(v, "status")) json_object_set_new(v, "status", json_string("new"));
        if (!json_object_get(v, "domains")) json_object_set_new(v, "domains", json_array());
        if (!json_object_get(v, CONTRIB)) json_object_set_new(v, CONTRIB, json_array());
    }
    json_t *ids = json_object_get(v, CONTRIB);
    if (ids && check_contributing(s, tenant, ids, e)) return -1;

    /* A request is registered when it has come in: its intake date is not
     * ahead of today (in Norway). */
    json_t *intake = json_object_get(v, "intake_date");
    char today[11];
    time_today(today);
    if (json_is_string(intake) && strcmp(json_string_value(intake), today) > 0)
        return err_set(e, ERR_INVALID, "date_in_future", "intake_date",
                       "intake_date %s is in the future (today is %s): a case is registered "
                       "when the request has come in",
                       json_string_value(intake), today);

    /* Only a worry report may come in before we know who it is about (it may
     * be anonymous and name no one); everything else is about a person. */
    json_t *person = after_write(v, cur, "person_id");
    if ((!person || json_is_null(person)) &&
        !is_string(after_write(v, cur, "intake_channel"), "worry_report"))
        return err_set(e, ERR_INVALID, "required", "person_id",
                       "person_id is required unless the case is a worry report");

    /* closed_at records when the case was closed: set on entering "closed",
     * kept while it stays closed, cleared when it is reopened. */
    json_t *status = json_object_get(v, "status");
    if (status) {
        int was_closed = cur && is_string(json_object_get(cur, "status"), "closed");
        if (is_string(status, "closed") && !was_closed) {
            char now[21];
            time_now_iso(now);
            json_object_set_new(v, "closed_at", json_string(now));
        } else if (!is_string(status, "closed") && was_closed) {
            json_object_set_new(v, "closed_at", json_null());
        }
    }
    return 0;
}

/* Appends one entry to the case's history (R9): who, when, what, before -> after. */
static int record(store *s, const actor *a, int64_t case_id, const char *action,
                  const char *object_type, int64_t object_id, json_t *before, json_t *after, err *e)
{
    char now[21];
    time_now_iso(now);
    return history_store_add(s, HISTORY_CASE, a->tenant_id, case_id, 0, a->account_id, action,
                             object_type, object_id, after, before, now, e);
}

/* The after hook of case_def (record.h): a new case is kept whole, a change
 * as the fields it changed, each with its value before and after. */
static int case_after(store *s, const actor *a, json_t *rec, json_t *prev, err *e)
{
    int64_t id = json_integer_value(json_object_get(rec, "id"));
    json_t *before = json_object(), *after = json_object();
    for (int i = 0; i < case_def.nfields; i++) {
        const char *k = case_def.fields[i].name;
        json_t *now = json_object_get(rec, k), *was = prev ? json_object_get(prev, k) : NULL;
        if (!now) continue;
        if (prev && was && json_equal(was, now)) continue;
        json_object_set(after, k, now);
        if (prev) json_object_set(before, k, was ? was : json_null());
    }
    int rc = 0;
    if (!prev || json_object_size(after))
        rc = record(s, a, id, prev ? "update" : "create", "case", id, prev ? before : NULL, after,
                    e);
    json_decref(before);
    json_decref(after);
    return rc;
}

/* The contact rows of a case, oldest first (ids grow with time, and from_at
 * alone cannot order two changes within one second); with `open_only`, just the
 * open row, if any. */
static int contact_rows(store *s, int64_t tenant, int64_t case_id, int open_only, json_t **out,
                        err *e)
{
    json_t *id = json_integer(case_id);
    rec_filter f[2] = {{"case_id", RF_EQ, id}, {"to_at", RF_IS_NULL, NULL}};
    json_t *all = json_array();
    int64_t after = 0, next;
    int rc = 0;
    do {
        json_t *page;
        if ((rc = rec_list(s, &case_contact_def, tenant, f, open_only ? 2 : 1, after, 500, &page,
                           &next, e)))
            break;
        json_array_extend(all, page);
        json_decref(page);
        after = next;
    } while (next);
    json_decref(id);
    if (rc) {
        json_decref(all);
        return -1;
    }
    *out = all;
    return 0;
}

/* The open contact row of a case (a new reference), or JSON null. */
static int current_contact(store *s, int64_t tenant, int64_t case_id, json_t **out, err *e)
{
    json_t *rows;
    if (contact_rows(s, tenant, case_id, 1, &rows, e)) return -1;
    json_t *row = json_array_get(rows, 0);
    *out = row ? json_incref(row) : json_null();
    json_decref(rows);
    return 0;
}

/* Opens a contact period for staff_id from `now` (the caller has closed any
 * previous one). *out (may be NULL) gets the new row. */
static int open_contact(store *s, const actor *a, int64_t case_id, int64_t staff_id,
                        const char *reason, const char *now, json_t **out, err *e)
{
    json_t *row = json_pack("{s:I,s:I,s:s}", "case_id", (json_int_t)case_id, "staff_id",
                            (json_int_t)staff_id, "from_at", now);
    json_object_set_new(row, "assigned_by",
                        a->account_id > 0 ? json_integer(a->account_id) : json_null());
    json_object_set_new(row, "reason", reason ? json_string(reason) : json_null());
    int64_t id;
    int rc = rec_insert(s, &case_contact_def, a->tenant_id, row, &id, e) ||
             (out && rec_get(s, &case_contact_def, a->tenant_id, id, out, e));
    json_decref(row);
    return rc ? -1 : 0;
}

int case_get(store *s, const actor *a, int64_t id, json_t **out, err *e)
{
    json_t *c, *contact;
    if (rec_get(s, &case_def, a->tenant_id, id, &c, e)) return -1;
    if (current_contact(s, a->tenant_id, id, &contact, e)) {
        json_decref(c);
        return -1;
    }
    json_object_set_new(c, "contact", contact);
    *out = c;
    return 0;
}

/* The relations a case will name after the write, asked of the policy
 * (policy_case_relations): contact is the contact person it will have. */
static int relations_check(store *s, const actor *a, json_t *in, json_t *cur, int64_t contact,
                           err *e)
{
    json_t *person = after_write(in, cur, "person_id");
    json_t *lead = after_write(in, cur, "lead_organisation_id");
    json_t *ids = after_write(in, cur, CONTRIB), *x;
    int64_t contributing[MAX_CONTRIBUTING];
    int n = 0;
    size_t i;
    json_array_foreach(ids, i, x)
    {
        if (n < MAX_CONTRIBUTING && json_is_integer(x)) contributing[n++] = json_integer_value(x);
    }
    return policy_case_relations(s, a, json_is_integer(person) ? json_integer_value(person) : 0,
                                 json_is_integer(lead) ? json_integer_value(lead) : 0, contributing,
                                 n, contact, e);
}

/* A contact person (brukerkontakt) is an active member of one of the
 * municipality's own units: an external partner owns her agency's measures,
 * not the municipality's case. */
static int contact_check(store *s, const actor *a, int64_t staff_id, const char *field, err *e)
{
    if (staff_id <= 0)
        return err_set(e, ERR_INVALID, "wrong_type", field, "%s must be an id", field);
    return staff_check_active(s, a, staff_id, field, e) ||
                   staff_check_municipal(s, a, staff_id, field, "contact_not_municipal",
                                         "contact person", e)
               ? -1
               : 0;
}

/* Asks a second person to approve `staff_id` (the requester herself) as the
 * contact person of the case (R14). *out gets the approval request. */
static int request_contact(store *s, const actor *a, json_t *kase, int64_t staff_id,
                           const char *reason, json_t **out, err *e)
{
    json_t *person = json_object_get(kase, "person_id");
    return approval_request(s, a, "contact", json_integer_value(json_object_get(kase, "id")),
                            json_is_integer(person) ? json_integer_value(person) : 0, staff_id,
                            reason, out, e);
}

int case_create(store *s, const actor *a, json_t *in, json_t **out, err *e)
{
    json_t *staff = json_object_get(in, "contact_staff_id");
    int64_t contact = json_is_integer(staff) ? json_integer_value(staff) : 0;
    if (relations_check(s, a, in, NULL, contact, e)) return -1;
    if (contact && contact_check(s, a, contact, "contact_staff_id", e)) return -1;
    /* naming herself: the case now, the contact person when a second person approves */
    int pend = contact && contact == a->staff_id && policy_contact_needs_approval(a);
    json_t *body = pend ? json_copy(in) : json_incref(in);
    if (pend) json_object_del(body, "contact_staff_id");
    json_t *c, *fixed = json_pack("{s:I}", "created_by", (json_int_t)a->account_id);
    int made = entity_create(s, a, &case_def, body, fixed, &c, e);
    json_decref(fixed);
    json_decref(body);
    if (made) return -1;
    int64_t id = json_integer_value(json_object_get(c, "id"));
    json_t *approval = NULL;
    int rc = 0;
    if (pend) {
        rc = request_contact(s, a, c, contact, NULL, &approval, e);
    } else if (contact) {
        char now[21];
        time_now_iso(now);
        rc = open_contact(s, a, id, contact, NULL, now, NULL, e);
    }
    json_decref(c);
    if (rc || case_get(s, a, id, out, e)) {
        json_decref(approval);
        return -1;
    }
    if (approval)
        json_object_set_new(*out, "contact_approval_id",
                            json_integer(json_integer_value(json_object_get(approval, "id"))));
    json_decref(approval);
    return 0;
}

int case_update(store *s, const actor *a, int64_t id, int64_t if_version, json_t *in, json_t **out,
                err *e)
{
    /* The field table would call this immutable; say where it is changed. */
    if (json_object_get(in, "contact_staff_id"))
        return err_set(e, ERR_INVALID, "immutable_field", "contact_staff_id",
                       "the contact person is changed with PUT /api/v1/cases/%lld/contact, "
                       "which keeps the dated history (R2)",
                       (long long)id);
    if (json_object_get(in, "person_id") || json_object_get(in, "lead_organisation_id") ||
        json_object_get(in, CONTRIB)) {
        json_t *cur;
        if (rec_get(s, &case_def, a->tenant_id, id, &cur, e)) return -1;
        json_t *holder = json_object_get(cur, "contact_staff_id");
        int rc = relations_check(s, a, in, cur,
                                 json_is_integer(holder) ? json_integer_value(holder) : 0, e);
        json_decref(cur);
        if (rc) return -1;
    }
    json_t *c;
    if (entity_update(s, a, &case_def, id, if_version, in, &c, e)) return -1;
    json_decref(c);
    return case_get(s, a, id, out, e);
}

/* The case (for its version and person) and the checks every change of its
 * contact person passes; *cur gets the open contact row or JSON null. */
static int contact_change_check(store *s, const actor *a, int64_t case_id, int64_t staff_id,
                                const char *reason, json_t **kase, json_t **cur, err *e)
{
    if (rec_get(s, &case_def, a->tenant_id, case_id, kase, e)) return -1;
    int rc = contact_check(s, a, staff_id, "staff_id", e);
    if (!rc && reason) {
        json_t *r = json_string(reason);
        rc = !r ? err_set(e, ERR_INVALID, "invalid_utf8", "reason", "reason is not valid UTF-8")
                : fields_check_value(s, a->tenant_id, rec_field(&case_contact_def, "reason"), r,
                                     "reason", e);
        json_decref(r);
    }
    if (!rc && !(rc = current_contact(s, a->tenant_id, case_id, cur, e)) && json_is_object(*cur) &&
        json_integer_value(json_object_get(*cur, "staff_id")) == (json_int_t)staff_id) {
        json_decref(*cur);
        rc = err_set(e, ERR_CONFLICT, "r2_already_contact", "staff_id",
                     "staff member %lld is already the contact person of this case",
                     (long long)staff_id);
    }
    if (rc) {
        json_decref(*kase);
        *kase = NULL;
    }
    return rc ? -1 : 0;
}

int case_set_contact(store *s, const actor *a, int64_t case_id, int64_t staff_id,
                     const char *reason, int64_t if_version, json_t **out, err *e)
{
    json_t *kase, *cur;
    if (contact_change_check(s, a, case_id, staff_id, reason, &kase, &cur, e)) return -1;
    json_decref(kase);

    /* One instant ends the old period and starts the new one, so the history
     * has neither a gap nor an overlap (R2). The previous holder takes no part.
     * The case's version moves with it: its ETag covers the contact person. */
    char now[21];
    time_now_iso(now);
    json_t *holder = json_pack("{s:I}", "contact_staff_id", (json_int_t)staff_id);
    int rc = rec_update(s, &case_def, a->tenant_id, case_id, if_version, holder, e);
    json_decref(holder);
    if (!rc && json_is_object(cur)) {
        json_t *end = json_pack("{s:s}", "to_at", now);
        rc = rec_update(s, &case_contact_def, a->tenant_id,
                        json_integer_value(json_object_get(cur, "id")),
                        json_integer_value(json_object_get(cur, "version")), end, e);
        json_decref(end);
    }
    json_t *row = NULL;
    rc = rc || open_contact(s, a, case_id, staff_id, reason, now, &row, e);
    if (!rc) {
        json_t *was = json_object_get(cur, "staff_id");
        json_t *before = json_pack("{s:O}", "staff_id", was ? was : json_null());
        json_t *after = json_pack("{s:I,s:O}", "staff_id", (json_int_t)staff_id, "reason",
                                  json_object_get(row, "reason"));
        rc = record(s, a, case_id, "contact", "contact",
                    json_integer_value(json_object_get(row, "id")), before, after, e);
        json_decref(before);
        json_decref(after);
    }
    json_decref(cur);
    if (rc || !out)
        json_decref(row);
    else
        *out = row;
    return rc ? -1 : 0;
}

int case_appoint_contact(store *s, const actor *a, int64_t case_id, int64_t staff_id,
                         const char *reason, int64_t if_version, json_t **out, int *pending, err *e)
{
    *pending = 0;
    if (staff_id != a->staff_id || !policy_contact_needs_approval(a))
        return case_set_contact(s, a, case_id, staff_id, reason, if_version, out, e);
    /* naming herself: the same checks now, the change when a second person
     * approves it (R14) */
    json_t *kase, *cur;
    if (contact_change_check(s, a, case_id, staff_id, reason, &kase, &cur, e)) return -1;
    json_decref(cur);
    int rc = 0;
    if (if_version > 0 && json_integer_value(json_object_get(kase, "version")) != if_version)
        rc = err_set(e, ERR_STALE, "stale_version", NULL,
                     "the case was changed by someone else; reload it and try again");
    rc = rc || request_contact(s, a, kase, staff_id, reason, out, e);
    json_decref(kase);
    if (!rc) *pending = 1;
    return rc ? -1 : 0;
}

int case_contact_history(store *s, const actor *a, int64_t case_id, json_t **out, err *e)
{
    if (entity_require(s, a, &case_def, case_id, e)) return -1;
    return contact_rows(s, a->tenant_id, case_id, 0, out, e);
}

int case_history(store *s, const actor *a, int64_t case_id, int64_t after, int limit,
                 json_t **items, int64_t *next, err *e)
{
    if (entity_require(s, a, &case_def, case_id, e)) return -1;
    if (history_store_list(s, HISTORY_CASE, a->tenant_id, case_id, after, limit, items, next, e))
        return -1;
    names_history_authors(a, *items);
    return 0;
}
