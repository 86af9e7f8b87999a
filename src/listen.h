/* listen: listen mode, the console on the server side. The practice server (src/lab) accepts real clients; this
 * module turns what it sees into the session events every view already shows, so the same panes and
 * transcripts show what a client sends, how the server answers, and the client's mistakes. */
#ifndef SMTPCON_LISTEN_H
#define SMTPCON_LISTEN_H
#include <stdbool.h>

#include "cmd/cli.h"
#include "core/session.h"
#include "lab/lab.h"

struct listen;

/* Start the lab on cfg->listen with cfg->lab_scenario, reporting into session s (which never connects). With
 * cfg->manual, every reply waits for the person at the console (/accept, or a typed reply). NULL with *err. */
struct listen *listen_start(struct loop *loop, struct session *s, const struct config *cfg, char **err);
void listen_free(struct listen *l);
/* The practice server behind it (for /mailbox). */
struct lab *listen_lab(const struct listen *l);

#endif
