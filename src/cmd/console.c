/* console: the runner behind the prompt and scripts, its life and its state. Lines wait in a queue
 * (console-queue.c); one runs whenever the session is idle (console-run.c); a command that starts session work is
 * followed by the next line only after the session says EV_IDLE. The console is a session sink, and never calls the
 * session from inside an event: it defers with a 0 ms timer. Output is console-out.c, typed SMTP lines and their
 * secrets console-send.c, passwords console-password.c, the polite end console-close.c. */
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd-mtasts.h"
#include "cmd/cmd-save.h"
#include "cmd/console-int.h"
#include "cmd/options.h"
#include "lib/xmalloc.h"

static void deferred_run(void *arg)
{
	struct console *c = arg;
	c->defer_timer = 0;
	console_run_queue(c);
}

static void schedule(struct console *c)
{
	if (!c->defer_timer)
		c->defer_timer = loop_timer_add(c->loop, 0, deferred_run, c);
}

void console_kick(struct console *c)
{
	schedule(c);
}

static void on_event(void *ctx, const struct event *ev)
{
	struct console *c = ctx;
	/* Typed lines never go out after the console gave up on what they waited for (console_run_queue drops them). */
	if (!c->script_mode && c->qlen && ev->type == EV_ERROR && ev->id && strcmp(ev->id, "timeout") == 0) {
		c->drop_reason = N_("the console gave up waiting");
		schedule(c);
	} else if (!c->script_mode && c->qlen && ev->type == EV_CLOSED &&
		   !(ev->text && strcmp(ev->text, "client") == 0)) {
		/* (a close the console made itself, /close or /connect, is what the queue asked for: it goes on) */
		c->drop_reason = N_("the connection is closed");
		schedule(c);
	}
	if (ev->type == EV_IDLE) {
		if (c->running && !c->sleeping && !c->waiting_secret)
			c->running = false;
		schedule(c);
	} else if (ev->type == EV_ERROR && ev->id && strcmp(ev->id, "timeout") == 0) {
		c->timed_out = true;
	} else if (ev->type == EV_REPLY || ev->type == EV_CONNECTING) {
		c->timed_out = false;
	}
	if (ev->type == EV_REPLY && ev->reply && !ev->client) /* listen mode: a remote client's envelope, not ours */
		envelope_track(&c->env, ev->command, ev->reply->code);
	if (ev->type == EV_TLS && !ev->client)
		cmd_mtasts_on_tls(c, ev->tls_info); /* an MX of the last /mta-sts domain: its verdict */
	if (ev->type == EV_ERROR && c->script_mode && !c->quitting && !c->auth_cancelled) {
		/* In a script, a failure of the connection itself ends the run: nothing after it can mean much. A
		 * failure while closing politely (no 221 in time) does not change how the run is judged. */
		static const char *const fatal[] = {"resolve", "connect", "tls", "tls-verify", "delivery",
		                                     "timeout", "read", "write"};
		for (size_t i = 0; i < sizeof fatal / sizeof fatal[0]; i++)
			if (ev->id && strcmp(ev->id, fatal[i]) == 0)
				c->status = 3;
	}
}

struct console *console_new(struct loop *loop, struct session *s, const struct config *cfg,
                            const struct console_hooks *hooks)
{
	struct console *c = xcalloc(1, sizeof *c);
	c->loop = loop;
	c->s = s;
	c->cfg = cfg;
	if (hooks)
		c->hooks = *hooks;
	c->advisor = advisor_new();
	advisor_set_loop(c->advisor, loop);
	session_set_advisor(s, advisor_on_event, c->advisor);
	session_add_sink(s, on_event, c);
	save_attach(c); /* /save writes the transcript from the start */
	return c;
}

void console_free(struct console *c)
{
	if (c == NULL)
		return;
	if (c->defer_timer)
		loop_timer_cancel(c->loop, c->defer_timer);
	if (c->sleep_timer)
		loop_timer_cancel(c->loop, c->sleep_timer);
	console_clear_queue(c);
	cmd_mtasts_release();
	envelope_clear(&c->env);
	mime_attachments_clear(&c->attach);
	free(c->queue);
	for (size_t i = 0; i < c->npipeline; i++)
		free(c->pipeline[i]);
	free(c->pipeline);
	free(c->pending_mech);
	free(c->pending_user);
	save_detach(c);
	session_set_advisor(c->s, NULL, NULL);
	advisor_free(c->advisor);
	free(c);
}

void console_restart(struct console *c)
{
	console_cancel(c);
	for (size_t i = 0; i < c->npipeline; i++)
		free(c->pipeline[i]);
	c->npipeline = 0;
	free(c->pending_mech);
	free(c->pending_user);
	c->pending_mech = c->pending_user = NULL;
	c->waiting_secret = false;
	c->script_mode = c->script_loaded = c->finished = false;
	c->quitting = c->quit_sent = c->finish_after_quit = c->stopped_note = c->timed_out = false;
	c->auth_cancelled = false;
	c->status = 0;
	session_clear_failure(c->s);
}

int console_exit_status(const struct console *c)
{
	if (c->status)
		return c->status;
	return session_had_failure(c->s) ? 3 : 0;
}

const char *console_current_command(const struct console *c)
{
	return c->current;
}

const char *console_sender(const struct console *c)
{
	/* The config file and --from are copied into the options at start-up (config_startup), so a set option is the
	 * live value ("" after /set from "": none); --from stays the answer where no option was ever set (tests,
	 * programs that skip the config). */
	if (options_is_set("from")) {
		const char *opt = options_get("from");
		return opt && opt[0] ? opt : NULL;
	}
	return c->cfg->from;
}

struct session *console_session(const struct console *c)
{
	return c->s;
}

const struct config *console_config(const struct console *c)
{
	return c->cfg;
}

void console_set_status(struct console *c, int status)
{
	/* A network failure (3) outranks a failed expectation (1). */
	if (status > c->status)
		c->status = status;
}

bool console_view(struct console *c, const char *what, const char *arg)
{
	return c->hooks.view && c->hooks.view(c->hooks.ctx, what, arg);
}

void console_finish(struct console *c)
{
	if (c->finished)
		return;
	c->finished = true;
	if (c->hooks.finished)
		c->hooks.finished(c->hooks.ctx);
}
