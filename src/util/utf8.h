/*
 * utf8.h - keeping text valid UTF-8 where it is cut or echoed: error messages
 * quote client input and are cut to fixed buffers, and JSON must stay valid.
 */
#ifndef HELHET_UTF8_H
#define HELHET_UTF8_H

#include <stddef.h>

/* Length of the next valid UTF-8 sequence at s (1-4), or 0 if the bytes there
 * are not one (overlong, surrogate, beyond U+10FFFF, cut short, or NUL). */
size_t utf8_sequence(const unsigned char *s);
/* Rewrites s in place into valid UTF-8: each invalid byte becomes '?'. */
void utf8_scrub(char *s);

#endif
