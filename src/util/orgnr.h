/*
 * orgnr.h - Norwegian organisation numbers (organisasjonsnummer) as the
 * Brønnøysund Register Centre issues them: nine digits, the last a mod-11
 * control digit over the first eight with the weights 3 2 7 6 5 4 3 2.
 */
#ifndef HELHET_ORGNR_H
#define HELHET_ORGNR_H

/* 0 if `s` is a valid organisation number (exactly nine digits, the right
 * control digit). On failure *reason (may be NULL) names what is wrong, for
 * the error message. */
int orgnr_check(const char *s, const char **reason);

/* Writes the control digit for the eight digits in s[0..7] into s[8] and a NUL
 * into s[9]. Returns -1 when no control digit exists for these eight (the
 * register does not issue such numbers). */
int orgnr_complete(char s[10]);

#endif
