/* auth-mech: client responses for the SASL mechanisms beyond PLAIN and LOGIN that the /auth helper speaks:
 * CRAM-MD5 (RFC 2195, HMAC through GnuTLS) and XOAUTH2 (Google's/Microsoft's OAuth 2.0 bearer format). Pure
 * functions: no I/O. Every intermediate buffer that held a secret is wiped; results are secrets too (free them
 * with auth_wipe). */
#ifndef SMTPCON_AUTH_MECH_H
#define SMTPCON_AUTH_MECH_H
#include <stdbool.h>
#include <stddef.h>

/* CRAM-MD5: the base64 answer to a 334 challenge (challenge_b64 as the server sent it, without "334 "):
 * base64(user " " hex(HMAC-MD5(password, challenge))). NULL when the challenge is not valid base64. */
char *auth_cram_md5_response(const char *user, const char *password, const char *challenge_b64);

/* XOAUTH2 initial response: base64("user=" user "\x01auth=Bearer " token "\x01\x01"). */
char *auth_xoauth2_response(const char *user, const char *token);

/* The text of a 334 reply line decoded from base64 for display, escaped and bounded (at most max bytes of
 * output, NUL-terminated in out). Returns false (with out describing why) when it is not base64. */
bool auth_decode_for_display(const char *b64, char *out, size_t max);

#endif
