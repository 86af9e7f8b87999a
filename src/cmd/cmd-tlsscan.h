/* cmd-tlsscan: /tls scan, which TLS versions the server accepts. Each of TLS 1.0, 1.1, 1.2 and 1.3 is tried in a
 * connection of its own (a temporary session on the same loop, STARTTLS or implicit TLS as the console's session
 * does), so the console's own connection is never disturbed. */
#ifndef SMTPCON_CMD_TLSSCAN_H
#define SMTPCON_CMD_TLSSCAN_H
#include "cmd/cmd.h"

/* Start a scan of the host and port the console's session is connected (or was last connected) to. Returns
 * CMD_WAIT: the console holds its queue until the table of results is printed; CMD_FAIL when there is nothing to
 * scan or a scan is already running. */
enum cmd_result tlsscan_start(struct console *c);

#endif
