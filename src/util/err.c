/* err.c - see err.h. */
#include "util/err.h"
#include "util/utf8.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int err_set(err *e, err_kind kind, const char *code, const char *field, const char *fmt, ...)
{
    if (!e) return -1;
    e->kind = kind;
    snprintf(e->code, sizeof e->code, "%s", code ? code : "error");
    snprintf(e->field, sizeof e->field, "%s", field ? field : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->message, sizeof e->message, fmt, ap);
    va_end(ap);
    /* messages quote input and are cut to size: keep them valid UTF-8 for JSON */
    utf8_scrub(e->message);
    utf8_scrub(e->field);
    return -1;
}

void err_clear(err *e)
{
    if (e) memset(e, 0, sizeof *e);
}
