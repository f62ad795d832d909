/*
 * protection.h - protected persons (SPEC R16, docs/security.md "Protected
 * persons (R16)").
 *
 * A person is protected when the population register gives her a code
 * (protection_code "confidential" for `fortrolig`, "strictly_confidential"
 * for `strengtFortrolig`; set by the coordinating unit) or the municipality
 * flags her after violence or threats (protection_flag "municipal" with
 * protection_reason; set by the coordinating unit or the contact person of an
 * open case of the person). Her address - every person_addresses row, and the
 * notes of her next of kin, the one free text where an address gets written -
 * is shown only to herself and to the staff named in person_address_access
 * (the address access list, kept by the coordinating unit, and for a person
 * with only the municipal flag also by the contact person). Everyone else who
 * may see the person (R13) sees her, with "address_protected": true and each
 * address reduced to its id; her streets find her in no search (store). Who
 * may do what is the policy's (trust/policy.h policy_address_access); this
 * module holds the records and turns the policy's rights into answers.
 */
#ifndef HELHET_PROTECTION_H
#define HELHET_PROTECTION_H

#include <jansson.h>

#include "store/record.h"
#include "trust/policy.h"

/* The protection fields of a person (the persons table), changed through
 * PATCH /persons/{id}/protection. */
extern const record_def protection_def;
/* The named people: person_id, staff_id, reason, granted_by (set by the
 * server), valid_from (default today), valid_to. */
extern const record_def address_access_def;

/* A person record (with "addresses" and "next_of_kin" if embedded) as the
 * holder of `rights` may see it: "address_protected" set; without ADDR_SEE
 * each address reduced to {id, person_id, address_protected} and the next of
 * kin without their note; protection_reason only for those who see the
 * address or keep the protection. */
void protection_filter_person(json_t *person, unsigned rights);
/* The same for a list of persons (search hits): the reason is left out. */
void protection_filter_persons(json_t *items);
/* An address or next-of-kin record, or an array of them, for one without
 * ADDR_SEE of a protected person (`kind` "address" or "next of kin"). */
void protection_filter_part(json_t *v, const char *kind);

/* 0 when the holder of `rights` may write the addresses and next of kin of
 * the person (she sees the address, or the person is not protected); 403
 * "address_protected" otherwise. */
int protection_may_write(unsigned rights, err *e);
/* 0 when she may make the change `in` (protection_code: ADDR_CODE;
 * protection_flag, protection_reason: ADDR_FLAG), else 403. */
int protection_may_change(unsigned rights, json_t *in, err *e);
/* 0 when she may keep the address access list (ADDR_CODE, or ADDR_FLAG while
 * the person has no register code); `read` also lets the person herself read
 * it. Else 403. */
int protection_may_manage(unsigned rights, int read, int is_owner, err *e);

#endif
