/* socks: the client side of SOCKS5 (RFC 1928) without authentication, as pure functions: the greeting, the
 * CONNECT request (the target host goes to the proxy as a name, so the proxy resolves it, like curl's socks5h),
 * and the proxy's replies checked byte by byte. The session drives them (session-io.c). */
#ifndef SMTPCON_SOCKS_H
#define SMTPCON_SOCKS_H
#include <stddef.h>
#include <stdint.h>

#define SOCKS5_MAX_REQUEST 262u /* 4 + 1 + 255 + 2 */

/* The method offer: "no authentication" only. Writes 3 bytes. */
size_t socks5_greeting(uint8_t out[3]);
/* CONNECT to host:port (an IPv4/IPv6 literal or a name of at most 255 bytes). Returns the length, 0 if the host
 * cannot be sent. */
size_t socks5_connect_request(const char *host, int port, uint8_t out[SOCKS5_MAX_REQUEST]);
/*
 * Check the proxy's answer to the greeting (step 1) or to CONNECT (step 2) in p[0..n). Returns the bytes it
 * takes when complete and fine, 0 when more bytes are needed, -1 with *err (static English text, an N_() msgid: show it with _()) when the proxy refuses
 * or answers something else.
 */
long socks5_check_reply(int step, const uint8_t *p, size_t n, const char **err);

#endif
