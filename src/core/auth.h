/* auth: SASL encodings for the AUTH helpers (RFC 4954, RFC 4616 PLAIN, LOGIN) and base64 for views that annotate
 * 334 challenges, all through GnuTLS's base64 so no view needs its own. */
#ifndef SMTPCON_AUTH_H
#define SMTPCON_AUTH_H
#include <stddef.h>
#include <stdint.h>

/* base64 of p[0..n) (allocated). */
char *auth_b64_encode(const void *p, size_t n);
/* Decode base64 text into a new allocation; NULL when it is not valid base64. *outlen gets the length. */
uint8_t *auth_b64_decode(const char *text, size_t len, size_t *outlen);
/* PLAIN initial response: base64("\0" user "\0" password). The intermediate buffer is wiped. */
char *auth_plain_response(const char *user, const char *password);
/* Overwrite and free a secret string. */
void auth_wipe(char *s);

#endif
