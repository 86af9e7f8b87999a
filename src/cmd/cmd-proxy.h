/* cmd-proxy: PROXY protocol headers (HAProxy's proxy-protocol.txt, v1 text and v2 binary), built for /proxy. */
#ifndef SMTPCON_CMD_PROXY_H
#define SMTPCON_CMD_PROXY_H
#include <stddef.h>
#include <stdint.h>

#define PROXY_MAX_HEADER 232u /* v1 is at most 107 bytes; v2 without TLVs 16 + 216 */

/*
 * Build a PROXY header into out (room for PROXY_MAX_HEADER bytes). version 1 or 2. src and dst are
 * "ADDR:PORT" or "[IPv6]:PORT" (both IPv4 or both IPv6); src NULL means v1 "UNKNOWN" / v2 "LOCAL" (a health
 * check: the server uses the real connection's addresses). Returns the length, or -1 with *err (static text).
 */
long proxy_header(int version, const char *src, const char *dst, uint8_t *out, const char **err);

#endif
