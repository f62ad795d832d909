/*
 * fold.c - see fold.h. utf8proc does the Unicode work (normalisation, case
 * folding, which characters are ignorable or space); this file only decides
 * what a key is made of.
 */
#include "util/fold.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

static int is_space(utf8proc_int32_t c)
{
    if (c == ' ' || (c >= 0x09 && c <= 0x0d) || c == 0x85) return 1;
    utf8proc_category_t k = utf8proc_category(c);
    return k == UTF8PROC_CATEGORY_ZS || k == UTF8PROC_CATEGORY_ZL || k == UTF8PROC_CATEGORY_ZP;
}

int fold_key(const char *s, size_t n, char **out, size_t *len, err *e)
{
    utf8proc_uint8_t *m = NULL;
    utf8proc_ssize_t r =
        utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &m,
                     UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD | UTF8PROC_IGNORE);
    if (r < 0)
        return err_set(e, ERR_INVALID, "invalid_utf8", NULL, "the text is not valid UTF-8 (%s)",
                       utf8proc_errmsg(r));
    /* white space to single spaces, in place (the key is never longer) */
    size_t k = 0;
    int space = 0;
    for (utf8proc_ssize_t i = 0; i < r;) {
        utf8proc_int32_t c;
        utf8proc_ssize_t l = utf8proc_iterate(m + i, r - i, &c);
        if (l <= 0) { /* utf8proc's own output: cannot happen */
            free(m);
            return err_set(e, ERR_INTERNAL, "fold_failed", NULL, "case folding gave invalid UTF-8");
        }
        if (is_space(c)) {
            space = k > 0;
        } else if (c != 0x10ffff) {
            if (space) m[k++] = ' ';
            space = 0;
            memmove(m + k, m + i, (size_t)l);
            k += (size_t)l;
        }
        i += l;
    }
    m[k] = '\0';
    *out = (char *)m;
    *len = k;
    return 0;
}

/* Appends the n bytes at w to the array unless they are in it already. */
static void add_word(json_t *arr, const char *w, size_t n)
{
    if (n == 0) return;
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v)
    {
        if (json_string_length(v) == n && memcmp(json_string_value(v), w, n) == 0) return;
    }
    json_array_append_new(arr, json_stringn(w, n));
}

int fold_name_keys(const char *const *names, int n, json_t **out, err *e)
{
    json_t *arr = json_array();
    for (int i = 0; i < n; i++) {
        if (!names[i]) continue;
        char *key;
        size_t len;
        if (fold_key(names[i], strlen(names[i]), &key, &len, e)) {
            json_decref(arr);
            return -1;
        }
        for (const char *p = key, *end = key + len; p < end;) {
            const char *w = p;
            while (p < end && *p != ' ') p++;
            add_word(arr, w, (size_t)(p - w));
            if (memchr(w, '-', (size_t)(p - w)))
                for (const char *q = w; q < p;) {
                    const char *part = q;
                    while (q < p && *q != '-') q++;
                    add_word(arr, part, (size_t)(q - part));
                    if (q < p) q++;
                }
            if (p < end) p++;
        }
        free(key);
    }
    *out = arr;
    return 0;
}
