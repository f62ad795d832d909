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
/* The first bidirectional embedding, override or isolate control in s
 * (U+202A-U+202E, U+2066-U+2069: they reorder how text is shown, so a name or
 * a note can be made to read as something else), as a code point, with its
 * byte offset in *at (may be NULL); 0 if there is none. Other characters,
 * right-to-left letters and the marks U+200E/U+200F included, are not these. */
unsigned utf8_bidi_control(const char *s, size_t *at);
/* Rewrites s in place into valid UTF-8: each invalid byte becomes '?'. */
void utf8_scrub(char *s);

#endif
