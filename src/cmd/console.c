/* console: the runner behind the prompt and scripts. Lines wait in a queue; one runs whenever the session is
 * idle; a command that starts session work is followed by the next line only after the session says EV_IDLE.
 * The console is a session sink, and never calls the session from inside an event: it defers with a 0 ms timer. */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd/cmd-mtasts.h"
#include "cmd/cmd-save.h"
#include "cmd/console-int.h"
#include "cmd/options.h"
#include "core/auth.h"
#include "core/model.h"
#include "lib/dtext.h"
#include "lib/xmalloc.h"

static void run_queue(struct console *c);
static bool is_comment_or_blank(const char *line);
static bool is_hold_command(const char *line);

static void deferred_run(void *arg)
{
	struct console *c = arg;
	c->defer_timer = 0;
	run_queue(c);
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
	/* Typed lines never go out after the console gave up on what they waited for (run_queue drops them). */
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
	if (ev->type == EV_REPLY && ev->reply)
		envelope_track(&c->env, ev->command, ev->reply->code);
	if (ev->type == EV_TLS && !ev->client)
		cmd_mtasts_on_tls(c, ev->tls_info); /* an MX of the last /mta-sts domain: its verdict */
	if (ev->type == EV_ERROR && c->script_mode && !c->quitting) {
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

/* A queued line as views may show it: a secret (AUTH payload, /auth with a password) is masked. */
static void shown_line(const char *line, char *out, size_t n)
{
	if (console_line_is_secret(line)) {
		size_t verb = strcspn(line + strspn(line, " "), " ") + strspn(line, " ");
		snprintf(out, n, "%.*s ********", (int)(verb < 40 ? verb : 40), line);
	} else {
		snprintf(out, n, "%.200s", line);
	}
}

/* Tell the session model which typed lines wait (the footer and status read it from there). */
static void report_typed(struct console *c)
{
	if (c->typed > c->qlen)
		c->typed = c->qlen;
	char first[256] = "";
	if (c->typed)
		shown_line(c->queue[(c->qhead + c->qlen - c->typed) % c->qcap], first, sizeof first);
	session_set_queued(c->s, c->typed, c->typed ? first : NULL);
}

void console_clear_queue(struct console *c)
{
	while (c->qlen) {
		free(c->queue[c->qhead]);
		c->qhead = (c->qhead + 1) % c->qcap;
		c->qlen--;
	}
	report_typed(c);
}

/* Lines that would reach the server (SMTP lines, and the commands that send): the ones that must not go out once
 * the wait they were queued behind was given up. */
static bool sends_to_server(const char *line)
{
	static const char *const senders[] = {"/ehlo", "/starttls", "/auth",     "/answer",    "/data",   "/raw",
					      "/hex",  "/bdat",     "/pipeline", "/hello-tls", "/expect", "/probe"};
	line += strspn(line, " \t");
	if (line[0] != '/' || line[1] == '/')
		return line[0] != '\0' && line[0] != '#';
	for (size_t k = 0; k < sizeof senders / sizeof senders[0]; k++) {
		size_t n = strlen(senders[k]);
		if (strncasecmp(line, senders[k], n) == 0 && (line[n] == '\0' || line[n] == ' '))
			return true;
	}
	return false;
}

/* Say a queued line was dropped: why is an English msgid (N_), NULL for Ctrl-C. */
static void emit_dropped(struct console *c, const char *why, const char *shown)
{
	struct dtext d;
	dtext_init(&d, 1024);
	if (why) {
		struct dtext reason;
		dtext_init(&reason, 256);
		dtext_puts(&reason, why);
		dtext_printf(&d, "not sent, dropped (%s): %s", dtext_en(&reason), shown);
		/* the translated side quotes the translated reason */
		if (i18n_translating()) {
			buf_reset(&d.loc);
			buf_printf(&d.loc, _("not sent, dropped (%s): %s"), dtext_loc(&reason), shown);
		}
		dtext_free(&reason);
	} else {
		dtext_printf(&d, "not sent, dropped (Ctrl-C): %s", shown);
	}
	session_emit_textd(c->s, EV_INFO, "dropped", &d, NULL);
	dtext_free(&d);
}

/* Drop queued lines (every one, or only those that would reach the server), saying each. */
static size_t drop_lines(struct console *c, bool only_server, const char *why)
{
	size_t kept = 0, dropped = 0, n = c->qlen;
	for (size_t i = 0; i < n; i++) {
		char *line = c->queue[(c->qhead + i) % c->qcap];
		if (only_server && !sends_to_server(line)) {
			c->queue[(c->qhead + kept++) % c->qcap] = line;
			continue;
		}
		char shown[256];
		shown_line(line, shown, sizeof shown);
		emit_dropped(c, why, shown);
		free(line);
		dropped++;
	}
	c->qlen = kept;
	if (c->typed > kept)
		c->typed = kept;
	report_typed(c);
	return dropped;
}

size_t console_drop_typed(struct console *c)
{
	if (c->typed == 0)
		return 0;
	/* Only the typed lines (the tail); steps the console queued itself (after /starttls...) stay. */
	size_t keep = c->qlen - c->typed, n = c->typed;
	for (size_t i = keep; i < c->qlen; i++) {
		char *line = c->queue[(c->qhead + i) % c->qcap];
		char shown[256];
		shown_line(line, shown, sizeof shown);
		emit_dropped(c, NULL, shown);
		free(line);
	}
	c->qlen = keep;
	c->typed = 0;
	report_typed(c);
	return n;
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

static void queue_grow(struct console *c)
{
	size_t cap = c->qcap ? c->qcap * 2 : 16;
	char **q = xcalloc(cap, sizeof *q);
	for (size_t i = 0; i < c->qlen; i++)
		q[i] = c->queue[(c->qhead + i) % c->qcap];
	free(c->queue);
	c->queue = q;
	c->qcap = cap;
	c->qhead = 0;
}

static void queue_push_back(struct console *c, const char *line)
{
	if (c->qlen >= CONSOLE_MAX_QUEUE) {
		console_error(c, "too many queued lines (limit %u); dropped: %.40s", CONSOLE_MAX_QUEUE, line);
		return;
	}
	if (c->qlen == c->qcap)
		queue_grow(c);
	c->queue[(c->qhead + c->qlen) % c->qcap] = xstrdup(line);
	c->qlen++;
}

void console_push_front(struct console *c, const char *const *lines, size_t n)
{
	for (size_t k = n; k-- > 0;) {
		if (c->qlen == c->qcap)
			queue_grow(c);
		c->qhead = (c->qhead + c->qcap - 1) % c->qcap;
		c->queue[c->qhead] = xstrdup(lines[k]);
		c->qlen++;
	}
}

/* True when a line submitted now would have to wait (something runs, or is waited for, or lines are ahead). */
static bool must_wait(const struct console *c)
{
	return c->qlen > 1 || c->running || c->sleeping || c->waiting_secret || !session_idle(c->s) ||
	       session_phase(c->s) == PHASE_TLS_HOLD;
}

static bool must_wait_line(const struct console *c, const char *line)
{
	if (session_phase(c->s) == PHASE_TLS_HOLD && is_hold_command(line))
		return false; /* the decision itself, or a look: runs at once */
	return must_wait(c);
}

void console_submit(struct console *c, const char *line)
{
	size_t before = c->qlen;
	queue_push_back(c, line);
	if (c->qlen == before)
		return;
	if (!c->script_mode && must_wait_line(c, line) && !is_comment_or_blank(line)) {
		/* Typed while the session waits: show it at once, and what it waits for, so nothing is held in secret. */
		c->typed++;
		char shown[256];
		shown_line(line, shown, sizeof shown);
		struct session_model m;
		char what[128];
		session_get_model(c->s, &m);
		struct dtext d;
		dtext_init(&d, 1024);
		dtext_printf(&d, "queued, not sent yet: %s (waits for %s; Ctrl-C drops it)", shown,
			     model_queue_waits_for(&m, what, sizeof what));
		session_emit_textd(c->s, EV_INFO, "queued", &d, NULL);
		dtext_free(&d);
		report_typed(c);
	}
	schedule(c);
}

int console_load_script(struct console *c, FILE *f, const char *name)
{
	(void)name;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	c->script_mode = true;
	while ((n = getline(&line, &cap, f)) >= 0) {
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		/* Blank and '#' lines are kept: inside a DATA body they are message lines (the blank line between
		 * headers and body!); elsewhere run_line skips them as comments. */
		queue_push_back(c, line);
	}
	free(line);
	c->script_loaded = true;
	schedule(c);
	return 0;
}

void console_end_of_input(struct console *c)
{
	c->script_mode = true;
	c->script_loaded = true;
	schedule(c);
}

bool console_idle(const struct console *c)
{
	return c->qlen == 0 && !c->running && session_idle(c->s);
}

void console_cancel(struct console *c)
{
	console_clear_queue(c);
	if (c->sleep_timer) {
		loop_timer_cancel(c->loop, c->sleep_timer);
		c->sleep_timer = 0;
	}
	c->sleeping = false;
	c->running = false;
	c->collecting = false;
	session_cancel(c->s);
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

void console_print(struct console *c, const char *fmt, ...)
{
	/* Console output reaches JSON (English) and screens (translated): fmt is an English msgid. Output can be
	 * long (/help, /explain, /cert), so the bound is generous. */
	struct dtext text;
	dtext_init(&text, 1u << 20);
	va_list ap;
	va_start(ap, fmt);
	dtext_vprintf(&text, fmt, ap);
	va_end(ap);
	session_emit_textd(c->s, EV_OUTPUT, NULL, &text, NULL);
	dtext_free(&text);
}

void console_printd(struct console *c, const struct dtext *text)
{
	session_emit_textd(c->s, EV_OUTPUT, NULL, text, NULL);
}

static void emit_raw(struct console *c, enum event_type type, const char *id, const char *fmt, va_list ap)
{
	char *s = NULL;
	if (vasprintf(&s, fmt, ap) < 0)
		return;
	struct dtext d;
	dtext_init(&d, 1u << 20);
	dtext_raw(&d, s);
	free(s);
	session_emit_textd(c->s, type, id, &d, NULL);
	dtext_free(&d);
}

void console_print_raw(struct console *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	emit_raw(c, EV_OUTPUT, NULL, fmt, ap);
	va_end(ap);
}

void console_error_raw(struct console *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	emit_raw(c, EV_ERROR, "console", fmt, ap);
	va_end(ap);
}

void console_printn(struct console *c, const char *one, const char *many, unsigned long n, ...)
{
	struct dtext d;
	dtext_init(&d, 1u << 20);
	char *s = NULL;
	va_list ap;
	va_start(ap, n);
	if (vasprintf(&s, n == 1 ? one : many, ap) >= 0)
		buf_append_str(&d.en, s);
	va_end(ap);
	free(s);
	if (i18n_translating()) {
		s = NULL;
		va_start(ap, n);
		/* the catalog keeps the msgid's conversions in each form (msgfmt --check) */
		if (vasprintf(&s, P_(one, many, n), ap) >= 0)
			buf_append_str(&d.loc, s);
		va_end(ap);
		free(s);
	}
	session_emit_textd(c->s, EV_OUTPUT, NULL, &d, NULL);
	dtext_free(&d);
}

void console_errord(struct console *c, const struct dtext *msg)
{
	session_emit_textd(c->s, EV_ERROR, "console", msg, NULL);
}

void console_error(struct console *c, const char *fmt, ...)
{
	struct dtext msg;
	dtext_init(&msg, 4096);
	va_list ap;
	va_start(ap, fmt);
	dtext_vprintf(&msg, fmt, ap);
	va_end(ap);
	session_emit_textd(c->s, EV_ERROR, "console", &msg, NULL);
	dtext_free(&msg);
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

/* Secret handling: where the password comes from, in order: --auth-password-file, SMTPCON_PASSWORD, asking. */
static char *read_password_file(struct console *c, const char *path)
{
	FILE *f = fopen(path, "r");
	if (f == NULL) {
		console_error(c, "cannot read the password file %s", path);
		return NULL;
	}
	char *line = NULL;
	size_t cap = 0;
	ssize_t n = getline(&line, &cap, f);
	fclose(f);
	if (n < 0) {
		free(line);
		return xstrdup("");
	}
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	return line;
}

void console_get_password(struct console *c, const char *prompt, console_secret_fn done, void *arg)
{
	char *pw = NULL;
	if (c->cfg->auth_password_file)
		pw = read_password_file(c, c->cfg->auth_password_file);
	else if (getenv("SMTPCON_PASSWORD"))
		pw = xstrdup(getenv("SMTPCON_PASSWORD"));
	if (pw || c->cfg->auth_password_file) {
		done(c, pw, arg);
		auth_wipe(pw);
		return;
	}
	if (c->hooks.ask_secret) {
		c->hooks.ask_secret(c->hooks.ctx, prompt, done, arg);
		return;
	}
	console_error(c, "no password: give --auth-password-file FILE or set SMTPCON_PASSWORD");
	done(c, NULL, arg);
}

/* Where the initial response of "AUTH MECH RESPONSE" starts in line (leading blanks allowed): past the first
 * five characters (the caller has seen "AUTH "), the mechanism and the blanks around it; "" when there is none. */
static const char *auth_initial_response(const char *line)
{
	const char *p = line;
	while (*p == ' ')
		p++;
	p += 5;
	while (*p == ' ')
		p++;
	while (*p && *p != ' ')
		p++;
	while (*p == ' ')
		p++;
	return p;
}

bool console_line_is_secret(const char *line)
{
	while (*line == ' ')
		line++;
	/* "AUTH PLAIN <initial response>" carries the password; "AUTH LOGIN" alone does not. */
	if (strncasecmp(line, "AUTH ", 5) == 0)
		return *auth_initial_response(line) != '\0';
	/* Answers to AUTH challenges typed by hand, and /auth raw with an initial response, carry secrets. */
	if (strncasecmp(line, "/answer", 7) == 0)
		return true;
	if (strncasecmp(line, "/auth raw ", 10) == 0 && strchr(line + 10 + strspn(line + 10, " "), ' ') != NULL)
		return true;
	return strncasecmp(line, "/auth", 5) == 0 && strchr(line + 5, '=') != NULL;
}

bool console_refuse_unconnected(struct console *c, const char *line)
{
	struct session_model m;
	session_get_model(c->s, &m);
	if (m.conn != MC_IDLE && m.conn != MC_CLOSED)
		return false;
	/* In the console a slip, not a network failure: said once, with what became of the line and the way on; the
	 * console stays and the exit status is not touched. */
	char shown[256], next[200];
	if (line)
		shown_line(line, shown, sizeof shown);
	model_next_step(&m, next, sizeof next);
	struct dtext d;
	dtext_init(&d, 1024);
	if (line)
		dtext_printf(&d, "not connected: %s was not sent. Next: %s", shown, next);
	else
		dtext_printf(&d, "not connected: the command was not sent. Next: %s", next);
	if (m.host == NULL) {
		dtext_raw(&d, " ");
		dtext_printf(&d, "(smtpcon --lab starts a practice server)");
	}
	session_emit_textd(c->s, EV_ERROR, "console", &d, NULL);
	dtext_free(&d);
	if (c->script_mode)
		console_set_status(
			c, 3); /* a script's connection is gone (the server closed it): nothing more reaches it */
	return true;
}

enum cmd_result console_send_smtp(struct console *c, const char *line)
{
	if (console_refuse_unconnected(c, line))
		return CMD_FAIL;
	struct advice adv[8];
	size_t n = advisor_check_command(c->s, line, adv, 8);
	for (size_t i = 0; i < n; i++)
		advisor_emit_advice(c->s, &adv[i]);
	size_t off = 0, len = 0;
	if (session_smtp_state(c->s) == SMTP_AUTH) {
		len = strlen(line); /* an answer to a 334 challenge may be a password */
	} else if (console_line_is_secret(line)) {
		const char *p = auth_initial_response(line);
		off = (size_t)(p - line);
		len = strlen(p);
	}
	if (session_send_line(c->s, line, off, len) < 0)
		return CMD_FAIL;
	return CMD_WAIT;
}

static console_line_filter_fn line_filter;
static void *line_filter_ctx;

void console_register_line_filter(console_line_filter_fn fn, void *ctx)
{
	line_filter = fn;
	line_filter_ctx = ctx;
}

static bool is_comment_or_blank(const char *line)
{
	line += strspn(line, " \t");
	return *line == '\0' || *line == '#';
}

/* Commands that talk on the open connection (those that open one themselves, /connect and /probe, are
 * not here): refused before they start when there is none. */
static bool needs_connection(const char *name)
{
	static const char *const talkers[] = {"ehlo", "starttls", "auth",      "answer",   "data",     "raw",
					      "hex",  "bdat",     "bdat-next", "pipeline", "hello-tls"};
	for (size_t k = 0; k < sizeof talkers / sizeof talkers[0]; k++)
		if (strcmp(name, talkers[k]) == 0)
			return true;
	return false;
}

static enum cmd_result run_line(struct console *c, const char *line)
{
	if (session_smtp_state(c->s) == SMTP_DATA && !c->collecting && line[0] != '/')
		return console_send_smtp(c, line); /* message text, as typed: blank lines and '#' included */
	if (is_comment_or_blank(line))
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
	const struct cmd_entry *e = cmd_find(argv[0]);
	if (e == NULL) {
		console_error(c, "unknown command /%s (/help lists them; a line without '/' is sent as SMTP)", argv[0]);
		r = CMD_FAIL;
	} else if (argc - 1 < e->min_args || (e->max_args >= 0 && argc - 1 > e->max_args)) {
		console_error(c, "usage: /%s %s", e->name, e->args);
		r = CMD_FAIL;
	} else if (needs_connection(e->name) && console_refuse_unconnected(c, line)) {
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
static bool is_local_command(const char *line)
{
	static const char *const local[] = {"/mailbox", "/lesson", "/explain", "/caps", "/diff", "/tls", "/cert",
	                                    "/help", "/save"};
	for (size_t k = 0; k < sizeof local / sizeof local[0]; k++) {
		size_t n = strlen(local[k]);
		if (strncasecmp(line, local[k], n) == 0 && (line[n] == '\0' || line[n] == ' '))
			return true;
	}
	return false;
}

/* After a failure in a script: drop queued lines up to the next local command. */
static void drop_until_local(struct console *c)
{
	while (c->qlen && !is_local_command(c->queue[c->qhead])) {
		free(c->queue[c->qhead]);
		c->qhead = (c->qhead + 1) % c->qcap;
		c->qlen--;
	}
}

/* A line that decides about a held certificate, or only looks: it may run during the hold. */
static bool is_hold_command(const char *line)
{
	static const char *const allowed[] = {"/trust", "/close", "/quit", "/leave", "/cert", "/tls", "/help", "/caps",
	                                      "/explain"};
	for (size_t k = 0; k < sizeof allowed / sizeof allowed[0]; k++) {
		size_t n = strlen(allowed[k]);
		if (strncasecmp(line, allowed[k], n) == 0 && (line[n] == '\0' || line[n] == ' '))
			return true;
	}
	return false;
}

/* While a certificate awaits a decision: take the first queued line that decides or only looks. */
static char *take_hold_command(struct console *c)
{
	for (size_t i = 0; i < c->qlen; i++) {
		size_t at = (c->qhead + i) % c->qcap;
		if (!is_hold_command(c->queue[at]))
			continue;
		if (i >= c->qlen - c->typed)
			c->typed--; /* it was typed: no longer waiting */
		char *taken = c->queue[at];
		/* Close the gap: shift the lines before it one place towards the tail. */
		for (size_t j = i; j > 0; j--)
			c->queue[(c->qhead + j) % c->qcap] = c->queue[(c->qhead + j - 1) % c->qcap];
		c->qhead = (c->qhead + 1) % c->qcap;
		c->qlen--;
		report_typed(c);
		return taken;
	}
	return NULL;
}

static void run_queue(struct console *c)
{
	if (c->drop_reason) {
		const char *why = c->drop_reason;
		c->drop_reason = NULL;
		drop_lines(c, true, why);
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
		if (c->script_mode && c->status == 3) {
			/* The connection failed or stopped answering: nothing more goes to the server but a polite QUIT,
			 * and no /expect judges a stale reply; commands that only look (/mailbox, /cert, /save ...) still
			 * run. */
			drop_until_local(c);
			if (console_polite_close(c))
				return;
			if (c->qlen == 0)
				break;
		}
		if (c->script_mode && session_phase(c->s) == PHASE_TLS_HOLD) {
			console_set_status(c, 3);
			console_clear_queue(c);
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
			line = take_hold_command(c);
			if (line == NULL)
				return;
		} else {
			line = c->queue[c->qhead];
			c->qhead = (c->qhead + 1) % c->qcap;
			c->qlen--;
		}
		if (c->typed > c->qlen) /* the typed lines are the tail: this was one of them */
			report_typed(c);
		enum cmd_result r = run_line(c, line);
		free(line);
		switch (r) {
		case CMD_DONE:
			continue;
		case CMD_WAIT:
			c->running = !session_idle(c->s) || c->sleeping || c->waiting_secret;
			continue;
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
	if (c->script_loaded && c->qlen == 0 && !c->running && !c->sleeping && !c->waiting_secret &&
	    session_idle(c->s))
		console_finish(c);
}
