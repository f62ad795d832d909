/*
 * nid.h - Norwegian national identity numbers.
 *
 * Accepts the fødselsnummer, the D-number (day + 40) and the synthetic test
 * numbers of Norwegian test environments (month + 40, as NAV's test data, or
 * month + 80, as Skatteetaten's Tenor), alone or combined with a D-number. All
 * carry two mod-11 control digits; the date they encode must be a real date.
 */
#ifndef HELHET_NID_H
#define HELHET_NID_H

typedef enum { NID_FNR, NID_DNR, NID_SYNTHETIC } nid_kind;

typedef struct nid_info {
    nid_kind kind;
    int year, month, day; /* the birth date encoded (for D-numbers: as registered) */
} nid_info;

/* 0 if `s` is a valid number (exactly 11 digits); fills *info (may be NULL).
 * On failure *reason (may be NULL) names what is wrong, for the error message. */
int nid_parse(const char *s, nid_info *info, const char **reason);

/* Writes the two control digits for the first nine digits in d[0..8] into d[9]
 * and d[10]. Returns -1 when no valid control digit exists for these nine. */
int nid_complete(char d[12]);

#endif
