/* cmd-tlsscan: /tls scan, which TLS versions, cipher suites (and in which order) and key exchange groups the
 * server accepts, and which of them are weak, why. Every probe is a connection of its own (a temporary session on
 * the same loop, STARTTLS or implicit TLS as the console's session does), so the console's own connection is
 * never disturbed. */
#ifndef SMTPCON_CMD_TLSSCAN_H
#define SMTPCON_CMD_TLSSCAN_H
#include "cmd/cmd.h"
#include "core/tls-scan.h"

/* Start a scan of the host and port the console's session is connected (or was last connected) to. Returns
 * CMD_WAIT: the console holds its queue until the table of results is printed; CMD_FAIL when there is nothing to
 * scan or a scan is already running. */
enum cmd_result tlsscan_start(struct console *c);

/* cmd-tlsscan-out.c. Append to d, after the versions table, each accepted version's suites (in the server's order
 * as far as proven), groups, and the weak findings with why. */
void tlsscan_details(struct dtext *d, const struct tls_scan *plan);
/* One {"type":"tls_scan"} event per version on s (JSON Lines; the other views ignore it). host: the name the scan
 * used (SNI), or NULL. */
void tlsscan_emit(struct session *s, const struct tls_scan *plan, const char *host, const char *addr, int port);

#endif
