/* batch: the console without curses. The same console runner as the TUI, fed from a script; the output sinks
 * are the text transcript or JSON Lines on stdout. */
#include "batch/batch.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch/out-json.h"
#include "batch/out-text.h"
#include "cmd/cmd-save.h"
#include "cmd/console.h"
#include "lib/xmalloc.h"

/* Without --script: what swaks does by default, one step at a time. */
static void queue_default_session(struct console *c, const struct config *cfg)
{
	if (!cfg->tls_required && !cfg->tls_optional)
		console_submit(c, "/ehlo");
	if (cfg->auth_user) {
		char *l = xasprintf("/auth auto %s", cfg->auth_user);
		console_submit(c, l);
		free(l);
		console_submit(c, "/expect 235");
	}
	if (cfg->to) {
		char *l = xasprintf("MAIL FROM:<%s>", cfg->from ? cfg->from : "");
		console_submit(c, l);
		free(l);
		console_submit(c, "/expect 2xx");
		l = xasprintf("RCPT TO:<%s>", cfg->to);
		console_submit(c, l);
		free(l);
		console_submit(c, "/expect 2xx");
		console_submit(c, "/data");
		console_submit(c, "/expect 2xx");
	}
	console_submit(c, "/quit");
}

struct batch {
	struct loop *loop;
	bool done;
};

static void on_finished(void *ctx)
{
	struct batch *b = ctx;
	b->done = true;
	loop_stop(b->loop);
}

static void on_signal(int sig, void *arg)
{
	(void)sig;
	struct batch *b = arg;
	loop_stop(b->loop);
}

int batch_run(struct loop *loop, struct session *s, const struct config *cfg)
{
	struct out_text *text = NULL;
	struct out_json *json = NULL;
	if (cfg->json) {
		json = out_json_new(stdout, 0);
		session_add_sink(s, out_json_event, json);
	} else {
		text = out_text_new(stdout, (cfg->verbose ? OUT_TEXT_VERBOSE : 0) |
		                                (cfg->suppress_data ? OUT_TEXT_SUPPRESS_DATA : 0));
		session_add_sink(s, out_text_event, text);
	}
	struct batch b = {.loop = loop};
	struct console_hooks hooks = {.finished = on_finished, .ctx = &b};
	struct console *c = console_new(loop, s, cfg, &hooks);
	loop_on_signal(loop, SIGINT, on_signal, &b);
	loop_on_signal(loop, SIGTERM, on_signal, &b);

	console_queue_preamble(c, cfg);
	int status = 0;
	if (cfg->script) {
		FILE *f = strcmp(cfg->script, "-") == 0 ? stdin : fopen(cfg->script, "r");
		if (f == NULL) {
			fprintf(stderr, "smtpcon: cannot open script %s\n", cfg->script);
			status = 2;
		} else {
			console_load_script(c, f, cfg->script);
			if (f != stdin)
				fclose(f);
		}
	} else if (cfg->replay) {
		char *line = xasprintf("/replay '%s'", cfg->replay);
		console_submit(c, line);
		free(line);
		console_end_of_input(c);
	} else {
		if (cfg->listen) {
			/* Listen mode without a script: show what clients do until interrupted. */
		} else if (cfg->host == NULL && cfg->mx == NULL && cfg->socket == NULL) {
			fprintf(stderr, "smtpcon: --batch needs a server or a --script (see --help)\n");
			status = 2;
		} else {
			queue_default_session(c, cfg);
			console_end_of_input(c);
		}
	}
	if (status == 0) {
		loop_run(loop);
		status = console_exit_status(c);
		if (!b.done && status == 0 && !cfg->listen)
			status = 3; /* interrupted */
	}
	if (session_phase(s) != PHASE_IDLE)
		session_close(s);
	console_free(c);
	out_text_free(text);
	if (json)
		out_json_free(json);
	return status;
}
