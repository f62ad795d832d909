/*
 * worklist.h - "Mine saker", a staff member's worklist (GET /worklist): in one
 * answer, the open cases they are the contact person of, the open plans they
 * coordinate or take part in, the measures they are responsible for, the dates
 * that fall due on their plans within 30 days or are overdue (plan revisions,
 * goal and measure evaluations, measure deadlines), and the consents on their
 * plans that end within 30 days. For members of the coordinating unit also
 * the plans and cases left behind by someone who was off-boarded
 * (offboarding.h): "coordinator_left" and "contact_person_left", each naming
 * who left, for the unit to appoint someone (empty for everyone else). Each
 * of my plans whose messages the caller may read carries "unread_messages":
 * the messages others wrote after the last one she marked seen (PUT
 * /plans/{id}/messages/seen), consent requests only with the consents.
 * "handovers": the last WORKLIST_HANDOVER_DAYS days' changes of coordinator
 * that made her the coordinator of a plan or ended her being one, each with
 * the other coordinator's name; the plan's title and the reason only while
 * she may still read the plan section.
 *
 * Only the caller's own items, and of those only what the policy lets them see
 * (trust/policy.h): a plan is listed when the caller may read its plan
 * section, measures and measure dates only when they may read its measures,
 * goal dates only with its goals, consents only with its consents (owner,
 * representative, coordinator). Whose plan it is (person_name, on plans also
 * person_birth_date; on measures and due dates person_name) goes with every
 * plan the caller sees the plan section of, an external partner's too: the
 * name and birth date, never anything else of the person record.
 */
#ifndef HELHET_WORKLIST_H
#define HELHET_WORKLIST_H

#include <jansson.h>

#include "store/store.h"
#include "trust/actor.h"

/* Days ahead a date counts as due. */
#define WORKLIST_HORIZON_DAYS 30
/* Days back a change of coordinator is told to the new and the old one. */
#define WORKLIST_HANDOVER_DAYS 14

int worklist_get(store *s, const actor *a, json_t **out, err *e);

#endif
