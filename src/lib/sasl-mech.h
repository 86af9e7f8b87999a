/* sasl-mech: is a client's word a SASL mechanism's name? Listen mode shows and decodes what a remote client put
 * after AUTH; a name is only taken (shown, used to decode the exchange) when it could be one. */
#ifndef SMTPCON_SASL_MECH_H
#define SMTPCON_SASL_MECH_H
#include <stddef.h>

#define SASL_MECH_MAX 20 /* RFC 4422 3.1 */

/* p[0, n) as a mechanism name (RFC 4422 3.1: 1 to 20 characters of A-Z, 0-9, '-' and '_'), written upper case to
 * out (room for SASL_MECH_MAX + 1 bytes). Lower-case letters are taken and raised: SMTP servers match the name
 * without regard to case (RFC 4954 says nothing else), and a client that writes "auth plain" still runs PLAIN.
 * Returns n, or 0 with out "" when it is none: empty, over 20 characters, or any other byte (a control, an
 * escape sequence, UTF-8, a '*'). */
size_t sasl_mech_name(const char *p, size_t n, char *out);

#endif
