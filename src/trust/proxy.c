/*
 * proxy.c - trusted proxies (see proxy.h). Addresses are compared in binary
 * form, an IPv4-mapped IPv6 address ("::ffff:192.0.2.1") as its IPv4 address.
 */
#include "trust/proxy.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

typedef struct addr {
    int family;
    unsigned char b[16];
} addr;

static addr trusted[PROXY_MAX];
static int ntrusted;

/* Parses an address literal (n bytes of s) into a; 0, or -1 when it is none. */
static int parse(const char *s, size_t n, addr *a)
{
    char buf[64];
    while (n && (*s == ' ' || *s == '\t')) s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
    if (!n || n >= sizeof buf) return -1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    memset(a, 0, sizeof *a);
    if (inet_pton(AF_INET, buf, a->b) == 1) {
        a->family = AF_INET;
        return 0;
    }
    if (inet_pton(AF_INET6, buf, a->b) != 1) return -1;
    static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (!memcmp(a->b, mapped, 12)) {
        memmove(a->b, a->b + 12, 4);
        memset(a->b + 4, 0, 12);
        a->family = AF_INET;
    } else {
        a->family = AF_INET6;
    }
    return 0;
}

static int is_trusted(const addr *a)
{
    for (int i = 0; i < ntrusted; i++)
        if (trusted[i].family == a->family && !memcmp(trusted[i].b, a->b, 16)) return 1;
    return 0;
}

int proxy_configure(const char *list, err *e)
{
    ntrusted = 0;
    if (!list) return 0;
    const char *p = list;
    while (*p) {
        size_t n = strcspn(p, ",");
        addr a;
        int blank = strspn(p, " \t") == n;
        if (!blank) {
            if (parse(p, n, &a))
                return err_set(e, ERR_INVALID, "invalid_trusted_proxy", "trusted-proxy",
                               "--trusted-proxy: '%.*s' is not an IP address", (int)n, p);
            if (ntrusted == PROXY_MAX)
                return err_set(e, ERR_INVALID, "invalid_trusted_proxy", "trusted-proxy",
                               "--trusted-proxy names more than %d addresses", PROXY_MAX);
            trusted[ntrusted++] = a;
        }
        p += n;
        if (*p == ',') p++;
    }
    return 0;
}

const char *proxy_client(const char *peer, const char *xff, char *out, size_t cap)
{
    addr a;
    if (!peer || !xff || !ntrusted || parse(peer, strlen(peer), &a) || !is_trusted(&a))
        return peer ? peer : "";
    /* from the right: the first entry that is not one of our proxies */
    const char *end = xff + strlen(xff);
    while (end > xff) {
        const char *start = end;
        while (start > xff && start[-1] != ',') start--;
        if (parse(start, (size_t)(end - start), &a)) return peer;
        if (!is_trusted(&a) || start == xff) {
            char buf[INET6_ADDRSTRLEN];
            if (!inet_ntop(a.family, a.b, buf, sizeof buf)) return peer;
            snprintf(out, cap, "%s", buf);
            return out;
        }
        end = start - 1;
    }
    return peer;
}
