/*
 * fold.h - search keys: text folded so that searching ignores case for every
 * letter a person writes (Æ/æ, Ø/ø, Å/å, the Sami Č/č, Đ/đ, Ŋ/ŋ, Š/š, Ŧ/ŧ, Ž/ž,
 * Á/á, Ä/ä, Ö/ö, Ü/ü, Greek, Cyrillic, ...), through Unicode case folding from
 * utf8proc. Both what is stored (the domain, on every write; the store's
 * back-fill) and what is searched for (the store's query) are folded here, so
 * they always agree. Letters keep their accents: å is not a, č is not c.
 */
#ifndef HELHET_FOLD_H
#define HELHET_FOLD_H

#include <jansson.h>
#include <stddef.h>

#include "util/err.h"

/* Appended to a folded prefix, the smallest text greater than every key that
 * begins with it (U+10FFFF, which fold_key leaves out of keys), so that
 * `key >= prefix AND key < prefix || FOLD_PREFIX_END` is a prefix search an
 * index serves. */
#define FOLD_PREFIX_END "\xf4\x8f\xbf\xbf"

/* The search key of n bytes of UTF-8 text: Unicode normalisation form C, full
 * case folding, default-ignorable characters (soft hyphen, zero-width space,
 * direction marks) left out, every run of white space one ASCII space and none
 * at either end. *out gets a malloc'ed NUL-terminated string (free() it), *len
 * its length. -1 with e filled (invalid_utf8) when the text is not UTF-8. */
int fold_key(const char *s, size_t n, char **out, size_t *len, err *e);

/* The name words a name search matches, as a JSON array of distinct strings:
 * the folded words (split at white space) of each of the n names (NULL ones
 * skipped), and for a word with a hyphen each of its parts as well, so
 * "Anne-Lise Al-Hassan" gives "anne-lise", "anne", "lise", "al-hassan", "al",
 * "hassan". -1 with e filled when a name is not UTF-8. */
int fold_name_keys(const char *const *names, int n, json_t **out, err *e);

#endif
