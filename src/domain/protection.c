/* protection.c - see protection.h. */
#include "domain/protection.h"

#include <string.h>

#include "domain/fields.h"
#include "domain/organisation.h"
#include "domain/person.h"
#include "util/timeutil.h"

static const char *const codes[] = {"confidential", "strictly_confidential", NULL};
static const char *const flags[] = {"municipal", NULL};

/* The municipal flag needs a reason; clearing the flag clears its reason. */
static int protection_check(store *s, int64_t tenant, json_t *v, json_t *cur, err *e)
{
    json_t *flag = json_object_get(v, "protection_flag");
    if (!flag && cur) flag = json_object_get(cur, "protection_flag");
    json_t *reason = json_object_get(v, "protection_reason");
    if (!reason && cur) reason = json_object_get(cur, "protection_reason");
    if (json_is_string(flag) && !json_is_string(reason))
        return err_set(e, ERR_INVALID, "required", "protection_reason",
                       "protection_reason must say why the municipality protects the person "
                       "(violence, threats)");
    if (json_is_null(flag) || (!flag && json_is_string(reason)))
        json_object_set_new(v, "protection_reason", json_null());
    return 0;
}

static const field_def protection_fields[] = {
    {"protection_code", FT_ENUM, 0, codes, 0, 0, NULL},
    {"protection_flag", FT_ENUM, 0, flags, 0, 0, NULL},
    {"protection_reason", FT_TEXT, 0, NULL, 1, 2000, NULL},
};
const record_def protection_def = {"person", "persons",        protection_fields,
                                   3,        protection_check, NULL};

/* valid_from is today unless given; valid_to, when given, is not before it. */
static int address_access_check(store *s, int64_t tenant, json_t *v, json_t *cur, err *e)
{
    if (!cur && !json_is_string(json_object_get(v, "valid_from"))) {
        char today[11];
        time_today(today);
        json_object_set_new(v, "valid_from", json_string(today));
    }
    return fields_check_period(v, cur, "valid_from", "valid_to", e);
}

static const field_def address_access_fields[] = {
    {"person_id", FT_REF, FF_READONLY, NULL, 0, 0, &person_def},
    {"staff_id", FT_REF, FF_REQUIRED | FF_CREATE_ONLY | FF_NOT_NULL, NULL, 0, 0, &staff_def},
    {"reason", FT_TEXT, FF_REQUIRED | FF_NOT_NULL, NULL, 1, 1000, NULL},
    {"granted_by", FT_REF, FF_READONLY, NULL, 0, 0, &staff_def},
    {"valid_from", FT_DATE, FF_NOT_NULL, NULL, 0, 0, NULL},
    {"valid_to", FT_DATE, 0, NULL, 0, 0, NULL},
};
const record_def address_access_def = {"address access",      "person_address_access",
                                       address_access_fields, 6,
                                       address_access_check,  NULL};

static json_t *masked(json_t *part)
{
    return json_pack("{s:O,s:O,s:b}", "id", json_object_get(part, "id"), "person_id",
                     json_object_get(part, "person_id"), "address_protected", 1);
}

static void filter_one(json_t *v, const char *kind)
{
    if (!strcmp(kind, "address")) {
        json_t *m = masked(v);
        json_object_clear(v);
        json_object_update(v, m);
        json_decref(m);
    } else {
        json_object_del(v, "note");
    }
}

void protection_filter_part(json_t *v, const char *kind)
{
    size_t i;
    json_t *x;
    if (!json_is_array(v)) {
        filter_one(v, kind);
        return;
    }
    json_array_foreach(v, i, x) filter_one(x, kind);
}

static int is_protected(json_t *p)
{
    return json_is_string(json_object_get(p, "protection_code")) ||
           json_is_string(json_object_get(p, "protection_flag"));
}

void protection_filter_person(json_t *p, unsigned rights)
{
    json_object_set_new(p, "address_protected", json_boolean(is_protected(p)));
    if (!(rights & (ADDR_SEE | ADDR_FLAG | ADDR_CODE))) json_object_del(p, "protection_reason");
    if (!is_protected(p) || (rights & ADDR_SEE)) return;
    json_t *addr = json_object_get(p, "addresses"), *kin = json_object_get(p, "next_of_kin");
    if (addr) protection_filter_part(addr, "address");
    if (kin) protection_filter_part(kin, "next of kin");
}

void protection_filter_persons(json_t *items)
{
    size_t i;
    json_t *p;
    json_array_foreach(items, i, p)
    {
        json_object_set_new(p, "address_protected", json_boolean(is_protected(p)));
        json_object_del(p, "protection_reason");
    }
}

int protection_may_write(unsigned rights, err *e)
{
    if (!(rights & ADDR_PROTECTED) || (rights & ADDR_SEE)) return 0;
    return err_set(e, ERR_FORBIDDEN, "address_protected", NULL,
                   "the address of this person is protected; only the staff named for it may "
                   "change her addresses and next of kin (ask the coordinating unit)");
}

int protection_may_change(unsigned rights, json_t *in, err *e)
{
    if (json_object_get(in, "protection_code") && !(rights & ADDR_CODE))
        return err_set(e, ERR_FORBIDDEN, "forbidden", "protection_code",
                       "only the coordinating unit records the population register's "
                       "protection code");
    if ((json_object_get(in, "protection_flag") || json_object_get(in, "protection_reason")) &&
        !(rights & ADDR_FLAG))
        return err_set(e, ERR_FORBIDDEN, "forbidden", "protection_flag",
                       "only the coordinating unit and the contact person of an open case of the "
                       "person set the municipal protection flag");
    if (!(rights & (ADDR_CODE | ADDR_FLAG)))
        return err_set(e, ERR_FORBIDDEN, "forbidden", NULL,
                       "only the coordinating unit and the person's contact person keep her "
                       "protection");
    return 0;
}

int protection_may_manage(unsigned rights, int read, int is_owner, err *e)
{
    if ((rights & ADDR_CODE) || ((rights & ADDR_FLAG) && !(rights & ADDR_REGISTER))) return 0;
    if (read && is_owner) return 0;
    return err_set(e, ERR_FORBIDDEN, "forbidden", NULL,
                   "only the coordinating unit (and, for a person with only the municipal "
                   "protection flag, her contact person) names who may see her address");
}
