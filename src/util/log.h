/*
 * log.h - structured log lines to stderr (DESIGN principle 9).
 *
 * One line per event, key=value pairs, identifiers only: never names or national
 * ID numbers. Callers pass only ids and codes; there is no API for free text about
 * a person.
 */
#ifndef HELHET_LOG_H
#define HELHET_LOG_H

typedef enum { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR, LOG_OFF } log_level;

void log_set_level(log_level l);
log_level log_get_level(void);
/* Parses "debug|info|warn|error|off"; -1 if unknown. */
int log_parse_level(const char *s, log_level *out);
/* Writes "ts=... level=... " followed by the formatted key=value pairs. */
void log_line(log_level l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
