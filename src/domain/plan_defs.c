/*
 * plan_defs.c - the field tables of the plan and its parts (see plan.h for the
 * § 19 mapping). The rules that span records live in plan.c.
 */
#include "domain/case.h"
#include "domain/organisation.h"
#include "domain/person.h"
#include "domain/plan.h"
#include "trust/policy.h"

const char *const plan_statuses[] = {"draft", "awaiting_consent", "active", "closed", NULL};

static const field_def plan_fields[] = {
    {"person_id", FT_REF, FF_REQUIRED | FF_CREATE_ONLY, NULL, 0, 0, &person_def},
    {"case_id", FT_REF, 0, NULL, 0, 0, &case_def},
    {"status", FT_ENUM, FF_NOT_NULL, plan_statuses, 0, 0, NULL},
    {"title", FT_TEXT, 0, NULL, 0, 200, NULL},
    {"resources", FT_TEXT, 0, NULL, 0, 0, NULL},
    {"needs", FT_TEXT, 0, NULL, 0, 0, NULL},
    {"owner_contribution", FT_TEXT, 0, NULL, 0, 0, NULL},
    {"next_of_kin_contribution", FT_TEXT, 0, NULL, 0, 0, NULL},
    {"services_contribution", FT_TEXT, 0, NULL, 0, 0, NULL},
    {"cooperation", FT_TEXT, 0, NULL, 0, 0, NULL},
    {"period_from", FT_DATE, 0, NULL, 0, 0, NULL},
    {"period_to", FT_DATE, 0, NULL, 0, 0, NULL},
    {"revision_date", FT_DATE, 0, NULL, 0, 0, NULL},
    {"coordinator_id", FT_REF, FF_CREATE_ONLY, NULL, 0, 0, &staff_def},
    {"revision", FT_INT, FF_READONLY, NULL, 0, 0, NULL},
    {"activated_at", FT_TIMESTAMP, FF_READONLY, NULL, 0, 0, NULL},
    {"closed_at", FT_TIMESTAMP, FF_READONLY, NULL, 0, 0, NULL},
    {"close_reason", FT_TEXT, FF_READONLY, NULL, 0, 0, NULL},
};
const record_def plan_def = {"plan", "plans", plan_fields, 18, NULL, NULL};

static const field_def coordinator_fields[] = {
    {"plan_id", FT_REF, FF_READONLY, NULL, 0, 0, &plan_def},
    {"staff_id", FT_REF, FF_REQUIRED, NULL, 0, 0, &staff_def},
    {"from_at", FT_TIMESTAMP, FF_READONLY, NULL, 0, 0, NULL},
    {"to_at", FT_TIMESTAMP, FF_READONLY, NULL, 0, 0, NULL},
    {"assigned_by", FT_INT, FF_READONLY, NULL, 0, 0, NULL},
    {"reason", FT_TEXT, 0, NULL, 0, 1000, NULL},
};
const record_def plan_coordinator_def = {
    "coordinator assignment", "plan_coordinators", coordinator_fields, 6, NULL, NULL};

static const char *const goal_kinds[] = {"main", "sub", NULL};
static const char *const writers[] = {"owner", "representative", "staff", NULL};
static const char *const goal_statuses[] = {"active", "achieved", "dropped", NULL};

static const field_def goal_fields[] = {
    {"plan_id", FT_REF, FF_READONLY, NULL, 0, 0, &plan_def},
    {"kind", FT_ENUM, FF_REQUIRED | FF_NOT_NULL, goal_kinds, 0, 0, NULL},
    {"parent_id", FT_REF, 0, NULL, 0, 0, &goal_def},
    {"text", FT_TEXT, FF_REQUIRED | FF_NOT_NULL, NULL, 1, 4000, NULL},
    /* set by the server from who is logged in (plan_parts.c), never by the client */
    {"written_by", FT_ENUM, FF_READONLY, writers, 0, 0, NULL},
    {"written_with_owner", FT_BOOL, FF_NOT_NULL, NULL, 0, 0, NULL},
    {"author_account_id", FT_INT, FF_READONLY, NULL, 0, 0, NULL},
    /* the staff member or the citizen (owner, representative) who wrote the
     * text, from the session (017_goal_authors) */
    {"author_staff_id", FT_INT, FF_READONLY, NULL, 0, 0, NULL},
    {"author_person_id", FT_INT, FF_READONLY, NULL, 0, 0, NULL},
    {"domain", FT_ENUM, 0, life_domains, 0, 0, NULL},
    {"status", FT_ENUM, FF_NOT_NULL, goal_statuses, 0, 0, NULL},
    {"evaluation_date", FT_DATE, 0, NULL, 0, 0, NULL},
    {"position", FT_INT, FF_NOT_NULL, NULL, 0, 10000, NULL},
};
const record_def goal_def = {"goal", "goals", goal_fields, 13, NULL, NULL};

static const char *const measure_statuses[] = {"planned", "active",    "paused",
                                               "ended",   "cancelled", NULL};
static const char *const decision_statuses[] = {"not_required", "pending",  "granted",
                                                "refused",      "appealed", NULL};

static const field_def measure_fields[] = {
    {"plan_id", FT_REF, FF_READONLY, NULL, 0, 0, &plan_def},
    {"goal_id", FT_REF, 0, NULL, 0, 0, &goal_def},
    {"description", FT_TEXT, FF_REQUIRED | FF_NOT_NULL, NULL, 1, 4000, NULL},
    {"scope", FT_TEXT, 0, NULL, 0, 1000, NULL},
    {"how", FT_TEXT, 0, NULL, 0, 4000, NULL},
    {"responsible_staff_id", FT_REF, 0, NULL, 0, 0, &staff_def},
    {"responsible_organisation_id", FT_REF, 0, NULL, 0, 0, &organisation_def},
    {"start_date", FT_DATE, 0, NULL, 0, 0, NULL},
    {"end_date", FT_DATE, 0, NULL, 0, 0, NULL},
    {"deadline", FT_DATE, 0, NULL, 0, 0, NULL},
    {"status", FT_ENUM, FF_NOT_NULL, measure_statuses, 0, 0, NULL},
    {"end_reason", FT_TEXT, 0, NULL, 0, 2000, NULL},
    {"deciding_organisation_id", FT_REF, 0, NULL, 0, 0, &organisation_def},
    {"decision_status", FT_ENUM, FF_NOT_NULL, decision_statuses, 0, 0, NULL},
    {"evaluation_date", FT_DATE, 0, NULL, 0, 0, NULL},
};
const record_def measure_def = {"measure", "measures", measure_fields, 15, NULL, NULL};

static const field_def evaluation_fields[] = {
    {"plan_id", FT_REF, FF_READONLY, NULL, 0, 0, &plan_def},
    {"goal_id", FT_REF, 0, NULL, 0, 0, &goal_def},
    {"measure_id", FT_REF, 0, NULL, 0, 0, &measure_def},
    {"date", FT_DATE, FF_REQUIRED | FF_NOT_NULL, NULL, 0, 0, NULL},
    {"what", FT_TEXT, FF_REQUIRED | FF_NOT_NULL, NULL, 1, 4000, NULL},
    {"outcome", FT_TEXT, 0, NULL, 0, 4000, NULL},
    {"owner_view", FT_TEXT, 0, NULL, 0, 4000, NULL},
    {"author_account_id", FT_INT, FF_READONLY, NULL, 0, 0, NULL},
};
const record_def evaluation_def = {"evaluation", "evaluations", evaluation_fields, 8, NULL, NULL};

static const char *const participant_roles[] = {
    "owner", "representative", "next_of_kin", "coordinator",   "contact_person", "service", "nav",
    "gp",    "specialist",     "school",      "child_welfare", "other",          NULL,
};
static const field_def participant_fields[] = {
    {"plan_id", FT_REF, FF_READONLY, NULL, 0, 0, &plan_def},
    {"staff_id", FT_REF, FF_CREATE_ONLY, NULL, 0, 0, &staff_def},
    {"organisation_id", FT_REF, 0, NULL, 0, 0, &organisation_def},
    {"name", FT_TEXT, 0, NULL, 0, 200, NULL},
    {"role", FT_ENUM, FF_REQUIRED | FF_NOT_NULL, participant_roles, 0, 0, NULL},
    {"joined_on", FT_DATE, FF_NOT_NULL, NULL, 0, 0, NULL},
    {"left_on", FT_DATE, 0, NULL, 0, 0, NULL},
};
const record_def participant_def = {"participant", "participants", participant_fields, 7, NULL,
                                    NULL};

static const char *const consent_givers[] = {"owner", "representative", NULL};
static const char *const consent_methods[] = {"in_person", "paper_signed", "digital", NULL};
static const field_def consent_fields[] = {
    {"plan_id", FT_REF, FF_READONLY, NULL, 0, 0, &plan_def},
    {"given_by", FT_ENUM, FF_REQUIRED | FF_CREATE_ONLY, consent_givers, 0, 0, NULL},
    {"representative_name", FT_TEXT, FF_CREATE_ONLY, NULL, 0, 200, NULL},
    /* R19: the view of a child of 12 to 15, heard when the parents consent */
    {"child_view", FT_TEXT, FF_CREATE_ONLY, NULL, 0, 4000, NULL},
    {"method", FT_ENUM, FF_REQUIRED | FF_CREATE_ONLY, consent_methods, 0, 0, NULL},
    {"valid_from", FT_DATE, FF_REQUIRED | FF_CREATE_ONLY, NULL, 0, 0, NULL},
    {"valid_to", FT_DATE, FF_REQUIRED | FF_NOT_NULL, NULL, 0, 0, NULL},
    {"grants", FT_JSON, FF_NOT_NULL, NULL, 0, 0, NULL},
    {"note", FT_TEXT, 0, NULL, 0, 2000, NULL},
    {"recorded_by", FT_INT, FF_READONLY, NULL, 0, 0, NULL},
    {"withdrawn_at", FT_TIMESTAMP, FF_READONLY, NULL, 0, 0, NULL},
    {"withdrawn_reason", FT_TEXT, FF_READONLY, NULL, 0, 0, NULL},
    /* the consent for the same recipients that replaced this one (018) */
    {"replaced_by", FT_INT, FF_READONLY, NULL, 0, 0, NULL},
};
const record_def consent_def = {"consent", "consents", consent_fields, 13, NULL, NULL};

/* The plan's message thread (section "messages"). A comment is for the group;
 * a consent request asks the coordinator to change or withdraw a consent and
 * is open until the coordinator sets handled_at. Text and kind are written
 * once; the author is who the actor was to the plan (set by the domain). */
const char *const message_kinds[] = {"comment", "consent_change_request",
                                     "consent_withdrawal_request", NULL};
static const field_def message_fields[] = {
    {"plan_id", FT_REF, FF_READONLY, NULL, 0, 0, &plan_def},
    {"kind", FT_ENUM, FF_REQUIRED | FF_NOT_NULL | FF_CREATE_ONLY, message_kinds, 0, 0, NULL},
    {"text", FT_TEXT, FF_REQUIRED | FF_NOT_NULL | FF_CREATE_ONLY, NULL, 1, 4000, NULL},
    {"consent_id", FT_REF, FF_CREATE_ONLY, NULL, 0, 0, &consent_def},
    {"author_role", FT_TEXT, FF_READONLY, NULL, 0, 0, NULL},
    {"author_account_id", FT_INT, FF_READONLY, NULL, 0, 0, NULL},
    {"author_person_id", FT_INT, FF_READONLY, NULL, 0, 0, NULL},
    {"author_staff_id", FT_INT, FF_READONLY, NULL, 0, 0, NULL},
    {"handled_at", FT_TIMESTAMP, 0, NULL, 0, 0, NULL},
    {"handled_by", FT_INT, FF_READONLY, NULL, 0, 0, NULL},
};
const record_def message_def = {"message", "messages", message_fields, 10, NULL, NULL};

static const char *const linked_kinds[] = {
    "nav_activity_plan", "care_plan", "school_plan", "rehabilitation_plan",
    "treatment_plan",    "other",     NULL};
static const field_def linked_fields[] = {
    {"plan_id", FT_REF, FF_READONLY, NULL, 0, 0, &plan_def},
    {"kind", FT_ENUM, FF_REQUIRED | FF_NOT_NULL, linked_kinds, 0, 0, NULL},
    {"title", FT_TEXT, FF_REQUIRED | FF_NOT_NULL, NULL, 1, 200, NULL},
    {"reference", FT_TEXT, 0, NULL, 0, 500, NULL},
    {"organisation_id", FT_REF, 0, NULL, 0, 0, &organisation_def},
};
const record_def linked_plan_def = {"linked plan", "linked_plans", linked_fields, 5, NULL, NULL};
