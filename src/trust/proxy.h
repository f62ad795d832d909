/*
 * proxy.h - which peers may say who the client is (X-Forwarded-For).
 *
 * Behind a TLS proxy every connection comes from the proxy, so the client's
 * own address - which the log-in throttle counts (trust/throttle.h) - is the
 * one the proxy appends to X-Forwarded-For. Only a configured proxy's header
 * is believed (`helhet serve --trusted-proxy ADDR[,ADDR]`, default none):
 * from anyone else the header is the client's own claim, and believing it
 * would let an attacker choose a fresh address for every guess, or another
 * user's address to have that user throttled.
 */
#ifndef HELHET_PROXY_H
#define HELHET_PROXY_H

#include <stddef.h>

#include "util/err.h"

#define PROXY_MAX 16

/* Sets the trusted proxies from "ADDR[,ADDR...]" (IPv4 or IPv6 literals; NULL
 * or "" for none). -1 with an error naming the entry that is not an address. */
int proxy_configure(const char *list, err *e);

/* The client's address for a connection from `peer` that sent X-Forwarded-For
 * `xff` (may be NULL): the peer itself unless it is a trusted proxy; then the
 * header's last entry that is not itself a trusted proxy (each proxy appends
 * the address it saw). An entry that is not an address leaves the peer. The
 * answer is peer, or written into out. */
const char *proxy_client(const char *peer, const char *xff, char *out, size_t cap);

#endif
