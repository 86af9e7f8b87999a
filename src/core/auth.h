/* auth: base64 for the AUTH helpers (RFC 4954) and for views that annotate 334 challenges, through GnuTLS's
 * base64 so no view needs its own; the SASL mechanisms are in core/sasl.h. */
#ifndef SMTPCON_AUTH_H
#define SMTPCON_AUTH_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* base64 of p[0..n) (allocated). */
char *auth_b64_encode(const void *p, size_t n);
/* Decode base64 text into a new allocation; NULL when it is not valid base64. *outlen gets the length. */
uint8_t *auth_b64_decode(const char *text, size_t len, size_t *outlen);
/* The text of a 334 reply line decoded from base64 for display, escaped and bounded (at most max bytes of
 * output, NUL-terminated in out). Returns false (with out describing why) when it is not base64. */
bool auth_decode_for_display(const char *b64, char *out, size_t max);
/* A copy of line (allocated) with bytes [off, off+len) replaced by '*', one for each: the mask every view shows
 * in place of an AUTH secret (and finds again as the last run of '*'), for our own AUTH lines as for a listening
 * client's. */
char *auth_mask(const char *line, size_t off, size_t len);
/* Overwrite and free a secret string. */
void auth_wipe(char *s);

#endif
