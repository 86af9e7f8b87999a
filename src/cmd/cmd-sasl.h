/* cmd-sasl: AUTH by hand. "/auth raw MECH [INITIAL]" (reached through /auth) sends AUTH MECH, then shows each 334
 * challenge decoded from base64; /answer TEXT sends TEXT base64-encoded (or --b64 as typed), shows what it
 * decodes to (masked unless --show-secrets), and shows the next challenge. */
#ifndef SMTPCON_CMD_SASL_H
#define SMTPCON_CMD_SASL_H

#include "cmd/cmd.h"

/* /auth raw: argv[0] is "raw", argv[1] the mechanism, argv[2] an optional initial response (base64 or "=",
 * sent as typed). */
enum cmd_result cmd_auth_raw(struct console *c, int argc, char **argv);

#endif
