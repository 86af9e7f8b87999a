/* batch: run console commands from a script (or the default session) with no curses, printing a transcript or
 * JSON Lines; the exit status says how it went. */
#ifndef SMTPCON_BATCH_H
#define SMTPCON_BATCH_H

#include "cmd/cli.h"
#include "core/session.h"
#include "lib/loop.h"

/* Run until the script (or default session) is done. Returns the exit status (0, 1, 2, 3). */
int batch_run(struct loop *loop, struct session *s, const struct config *cfg);

#endif
