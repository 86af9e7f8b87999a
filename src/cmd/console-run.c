/* console-run: run the queue, one line at a time, whenever the session is idle: SMTP lines go to the server,
 * '/' lines to their command (cmd-table.c), message text inside DATA as typed. Also how a script stops after a
 * failure, and what may run while a certificate awaits the user's trust decision. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd/console-int.h"
#include "lib/xmalloc.h"

static console_line_filter_fn line_filter;
static void *line_filter_ctx;

void console_register_line_filter(console_line_filter_fn fn, void *ctx)
{
	line_filter = fn;
	line_filter_ctx = ctx;
}

bool console_line_is_blank(const char *line)
{
	line += strspn(line, " \t");
	return *line == '\0' || *line == '#';
}

static enum cmd_result run_line(struct console *c, const char *line)
{
	if (session_smtp_state(c->s) == SMTP_DATA && !c->collecting && line[0] != '/')
		return console_send_smtp(c, line); /* message text, as typed: blank lines and '#' included */
	if (console_line_is_blank(line))
		return CMD_DONE;
	if (line_filter && line_filter(line_filter_ctx, c, line))
		return CMD_DONE;
	if (c->collecting && strncasecmp(line, "/end", 4) != 0) {
		if (c->npipeline == CONSOLE_MAX_PIPELINE) {
			console_error(c, "a pipeline holds at most %u commands", CONSOLE_MAX_PIPELINE);
			return CMD_FAIL;
		}
		c->pipeline = xreallocarray(c->pipeline, c->npipeline + 1, sizeof *c->pipeline);
		c->pipeline[c->npipeline++] = xstrdup(line);
		return CMD_DONE;
	}
	if (line[0] != '/')
		return console_send_smtp(c, line);
	if (line[1] == '/')
		return console_send_smtp(c, line + 1); /* "//x" sends "/x": a way to send a line starting with '/' */
	char **argv = NULL;
	const char *err = NULL;
	int argc = cmd_split(line, &argv, &err);
	if (argc < 0) {
		console_error_raw(c, "%s: %s", line, err);
		return CMD_FAIL;
	}
	if (argc == 0) {
		cmd_free_argv(argc, argv);
		return CMD_DONE;
	}
	enum cmd_result r;
	const struct cmd_row *row = cmd_find_row(argv[0]);
	const struct cmd_entry *e = row ? row->entry : NULL;
	if (e == NULL) {
		console_error(c, "unknown command /%s (/help lists them; a line without '/' is sent as SMTP)", argv[0]);
		r = CMD_FAIL;
	} else if (argc - 1 < e->min_args || (e->max_args >= 0 && argc - 1 > e->max_args)) {
		console_error(c, "usage: /%s %s", e->name, e->args);
		r = CMD_FAIL;
	} else if ((row->flags & CMD_F_CONNECTED) && !console_plaintext_retry_due(c, argc, argv) &&
		   console_refuse_unconnected(c, line)) {
		r = CMD_FAIL;
	} else {
		c->current = e->name;
		r = e->exec(c, argc, argv);
		c->current = NULL;
	}
	cmd_free_argv(argc, argv);
	return r;
}

/* True when line is a console command that needs no working connection. */
bool console_line_is_local(const char *line)
{
	static const char *const local[] = {"/mailbox", "/lesson", "/explain", "/caps", "/diff",
					    "/tls",     "/cert",   "/help",    "/save"};
	for (size_t k = 0; k < sizeof local / sizeof local[0]; k++) {
		size_t n = strlen(local[k]);
		if (strncasecmp(line, local[k], n) == 0 && (line[n] == '\0' || line[n] == ' '))
			return true;
	}
	return false;
}

/* A line that decides about a held certificate, or only looks: it may run during the hold. */
bool console_line_is_hold(const char *line)
{
	static const char *const allowed[] = {"/trust", "/close", "/quit", "/leave",  "/cert",
					      "/tls",   "/help",  "/caps", "/explain"};
	for (size_t k = 0; k < sizeof allowed / sizeof allowed[0]; k++) {
		size_t n = strlen(allowed[k]);
		if (strncasecmp(line, allowed[k], n) == 0 && (line[n] == '\0' || line[n] == ' '))
			return true;
	}
	return false;
}

void console_run_queue(struct console *c)
{
	if (c->drop_reason) {
		const char *why = c->drop_reason;
		c->drop_reason = NULL;
		console_drop_server_lines(c, why);
	}
	while (!c->finished) {
		if (c->running || c->sleeping || c->waiting_secret)
			return;
		if (c->quitting) {
			if (!session_idle(c->s))
				return; /* EV_IDLE comes with the reply to QUIT, its timeout, or the close */
			console_polite_close_done(c);
			continue;
		}
		if (c->script_mode && session_phase(c->s) == PHASE_TLS_HOLD) {
			/* A script cannot decide about the certificate: the session ends here, politely (QUIT, its 221),
			 * and the console says what was sent (stopped_note). */
			console_set_status(c, 3);
			c->stopped_note = true;
			console_end_script(c);
			return;
		}
		if (c->script_mode && c->status == 3) {
			/* The connection failed or stopped answering: nothing more goes to the server but a polite QUIT,
			 * and no /expect judges a stale reply; commands that only look (/mailbox, /cert, /save ...) still
			 * run. */
			console_drop_until_local(c);
			if (console_polite_close(c))
				return;
			if (c->qlen == 0)
				break;
		}
		if (c->qlen == 0)
			break;
		if (!session_idle(c->s))
			return; /* EV_IDLE will bring us back */
		char *line;
		if (session_phase(c->s) == PHASE_TLS_HOLD) {
			/* The certificate awaits the user's decision: only the decision (and looking) may run now;
			 * the rest of the queue (the EHLO after STARTTLS...) waits for it. */
			line = console_take_hold_command(c);
			if (line == NULL)
				return;
		} else {
			line = console_pop_line(c);
		}
		enum cmd_result r = run_line(c, line);
		free(line);
		switch (r) {
		case CMD_DONE: continue;
		case CMD_WAIT: c->running = !session_idle(c->s) || c->sleeping || c->waiting_secret; continue;
		case CMD_FAIL:
			if (c->script_mode) {
				if (c->status == 0)
					console_set_status(c, session_had_failure(c->s) ? 3 : 1);
				console_end_script(c);
				return;
			}
			continue;
		case CMD_STOP:
			console_clear_queue(c);
			console_finish(c);
			return;
		}
	}
	if (c->script_loaded && c->qlen == 0 && !c->running && !c->sleeping && !c->waiting_secret && session_idle(c->s))
		console_script_done(c); /* QUIT first if the script left the session open, then finished */
}
