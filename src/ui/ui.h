/* ui: the split-pane curses console (the TUI): the public entry point main.c calls when not in batch mode. */
#ifndef SMTPCON_UI_H
#define SMTPCON_UI_H

#include "cmd/cli.h"
#include "core/session.h"
#include "lib/loop.h"

/*
 * Run the TUI on loop until the user leaves: creates the console (console_new with its hooks), registers itself
 * as a session sink, reads the keyboard through the loop (loop_watch on STDIN), connects to cfg->host if given.
 * Call it after creating loop + session; free them afterwards. The terminal is restored before it returns (and
 * on fatal signals and exit()). Returns the exit status (console_exit_status; 2 when stdin/stdout are not a
 * terminal).
 */
int ui_run(struct loop *loop, struct session *s, const struct config *cfg);

/*
 * Free what ui_run() kept alive for the session's sink (the panes, the prompt, the struct). Call it after the
 * session is freed; safe when ui_run() never ran.
 */
void ui_release(void);

#endif
