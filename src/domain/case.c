/* case.c - cases and their contact persons (case.h). */
#include "domain/case.h"

#include "domain/organisation.h"
#include "domain/person.h"

const char *const case_intake_channels[] = {
    "application", "gp_referral", "hospital_referral", "discharge_message", "worry_report",
    "walk_in",     "phone",       "crisis_centre",     "other_service",     "other",
    NULL,
};
const char *const life_domains[] = {"health",         "housing",         "economy", "work_activity",
                                    "social_network", "family_children", NULL};
static const char *const urgencies[] = {"low", "normal", "high", "acute", NULL};
static const char *const statuses[] = {"new", "in_progress", "waiting", "closed", NULL};

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
};
const record_def case_def = {"case", "cases", case_fields, 13, NULL};

static const field_def contact_fields[] = {
    {"case_id", FT_REF, FF_READONLY, NULL, 0, 0, &case_def},
    {"staff_id", FT_REF, FF_REQUIRED, NULL, 0, 0, &staff_def},
    {"from_at", FT_TIMESTAMP, FF_READONLY, NULL, 0, 0, NULL},
    {"to_at", FT_TIMESTAMP, FF_READONLY, NULL, 0, 0, NULL},
    {"assigned_by", FT_INT, FF_READONLY, NULL, 0, 0, NULL},
    {"reason", FT_TEXT, 0, NULL, 0, 1000, NULL},
};
const record_def case_contact_def = {"contact person assignment", "case_contacts", contact_fields,
                                     6, NULL};
