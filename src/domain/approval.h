/*
 * approval.h - four eyes (SPEC R14): a relation that opens content without the
 * owner's consent takes effect only when a second person approves it.
 *
 *   membership      of the coordinating unit or of a unit that receives
 *                   requests, recorded by an administrator: a second
 *                   administrator approves
 *   representative  a guardian, a parent or an authorisation recorded by
 *                   staff: a second member of the coordinating unit approves
 *                   (one the owner authorises herself is in force at once)
 *   coordinator     a member of the coordinating unit appointing herself: a
 *                   second member approves
 *   contact         a staff member naming herself a case's contact person
 *                   (outside the coordinating unit): a member of the
 *                   coordinating unit approves
 *   emergency       emergency access to a protected person: a second member
 *                   of the coordinating unit approves
 *
 * The relation is written at once, marked pending (memberships and
 * representatives) or not yet made (a coordinator, a contact person, emergency
 * access), with one approval record
 * naming who asked; the policy decides who may approve (trust/policy.c:
 * never the one who asked), and approval_decide puts it in force or drops it.
 */
#ifndef HELHET_APPROVAL_H
#define HELHET_APPROVAL_H

#include <jansson.h>

#include "store/record.h"
#include "trust/actor.h"

extern const record_def approval_def;

/* Records a request for approval of `kind` about `object_id` (see above);
 * person_id whose data it opens (0 if none), staff_id whom it concerns,
 * reason the requester's words. *out (may be NULL) gets the record. */
int approval_request(store *s, const actor *a, const char *kind, int64_t object_id,
                     int64_t person_id, int64_t staff_id, const char *reason, json_t **out, err *e);
/* Approves (approve 1) or refuses the open request `id`: the relation comes into
 * force, or is removed (a pending membership or representative is deleted; a
 * coordinator is not appointed). 409 approval_decided when it was decided. */
int approval_decide(store *s, const actor *a, int64_t id, int approve, const char *note,
                    json_t **out, err *e);
/* Marks a membership or a representative pending and asks for approval; adds
 * "pending": true and "approval_id" to `record`. An actor without an account
 * (the system: `helhet demo` building a municipality) writes in force. */
int approval_pend(store *s, const actor *a, const char *kind, json_t *record, int64_t person_id,
                  int64_t staff_id, const char *reason, err *e);

#endif
