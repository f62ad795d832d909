/* log.c - see log.h. A line is formatted into a stack buffer and written with
 * one write(2), so lines from worker threads never interleave. */
#include "util/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "util/timeutil.h"

static log_level current = LOG_INFO;
static const char *names[] = {"debug", "info", "warn", "error", "off"};

void log_set_level(log_level l)
{
    current = l;
}

log_level log_get_level(void)
{
    return current;
}

int log_parse_level(const char *s, log_level *out)
{
    for (int i = 0; i <= LOG_OFF; i++)
        if (strcmp(s, names[i]) == 0) {
            *out = (log_level)i;
            return 0;
        }
    return -1;
}

void log_line(log_level l, const char *fmt, ...)
{
    if (l < current || current == LOG_OFF) return;
    char line[1024], ts[21];
    time_now_iso(ts);
    int n = snprintf(line, sizeof line, "ts=%s level=%s ", ts, names[l]);
    va_list ap;
    va_start(ap, fmt);
    int m = vsnprintf(line + n, sizeof line - (size_t)n - 1, fmt, ap);
    va_end(ap);
    size_t len = (size_t)n + (m < 0 ? 0 : (size_t)m);
    if (len > sizeof line - 2) len = sizeof line - 2;
    line[len++] = '\n';
    ssize_t w = write(STDERR_FILENO, line, len);
    (void)w;
}
