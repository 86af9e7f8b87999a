/* cmd-client: /client N | all | next, listen mode's "show one client alone". The TUI does it (it owns the panes
 * and knows the clients it has shown: ui/clients.h); here only what holds for every front end is checked. */
#include <string.h>

#include "cmd/cmd.h"

static enum cmd_result exec_client(struct console *c, int argc, char **argv)
{
	const struct config *cfg = console_config(c);
	if (cfg == NULL || cfg->listen == NULL) {
		console_error(c, "/client applies to listen mode (smtpcon --listen ADDR:PORT), where several clients "
				 "talk at once; this console has one session, its own");
		return CMD_FAIL;
	}
	if (console_view(c, "client", argc > 1 ? argv[1] : "all"))
		return CMD_DONE;
	/* Batch output has no panes to filter: every client's lines stay, each with its number. */
	console_error(c, "/client chooses whose rows the console's panes show; in batch output every line keeps its "
			 "client's number (\"client\" in --json)");
	return CMD_FAIL;
}

const struct cmd_entry cmd_client_entry = {
	"client",
	NULL,
	"[N|all|next]",
	N_("listen mode: show only client N's rows in the panes (all: every client; M-c cycles)"),
	0,
	1,
	exec_client,
};
