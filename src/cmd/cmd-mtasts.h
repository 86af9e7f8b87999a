/* cmd-mtasts: the /mta-sts console command (cmd-mtasts.c) and its link with later TLS sessions. */
#ifndef SMTPCON_CMD_MTASTS_H
#define SMTPCON_CMD_MTASTS_H
#include "cmd/console.h"
#include "core/tlsinfo.h"

/* A TLS handshake finished (EV_TLS): when its certificate was checked against an MX host name of the last
 * /mta-sts domain, print and emit ({"type":"mta_sts"}) that host's verdict with the certificate, and set the exit
 * status to 3 when an enforce policy makes a sender defer. Otherwise nothing. */
void cmd_mtasts_on_tls(struct console *c, const struct tls_info *ti);
/* The result of the last /mta-sts when it was for domain (an A-label), shared (mtasts_result_ref: free it), with
 * its age in seconds in *age; else NULL. /mx uses it instead of fetching the policy again (--mx --mta-sts). */
struct mtasts_result *cmd_mtasts_shared(const char *domain, long *age);
/* Forget the pending look-up and the last result (the console is freed). */
void cmd_mtasts_release(void);

#endif
