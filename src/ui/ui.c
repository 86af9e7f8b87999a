/* ui: the TUI's loop glue: ui_run builds the panes and the prompt, sets up the terminal (ui-term.c) and the theme
 * (ui-theme.c), plugs the session sink and the console hooks (ui-hooks.c), the keyboard (input.c), the signals,
 * the clock and the redraw hook (ui-screen.c) into the loop, runs it, and takes it all down again; plus the
 * small helpers every file of the TUI shares. */
#include "ui/ui.h"

#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/config.h"
#include "cmd/message.h"
#include "cmd/options.h"
#include "lib/i18n.h"
#include "lib/xmalloc.h"
#include "ui/clients.h"
#include "ui/pane.h"
#include "ui/prompt.h"
#include "ui/reader.h"
#include "ui/ui-internal.h"
#include "ui/wirelog.h"

/* Clock tick for the elapsed time and count-downs in the status bar. */
#define TICK_MS 500

/* The UI outlives ui_run (the session keeps its sink until main.c frees it); a global root keeps it reachable. */
static struct ui *the_ui;

/* ---- small shared helpers ---- */

void ui_mark(struct ui *ui, unsigned what)
{
	ui->dirty |= what;
}

attr_t ui_attr(const struct ui *ui, enum ui_role r)
{
	return (unsigned)r < ROLE_COUNT ? ui->attr[r] : A_NORMAL;
}

void ui_leave(struct ui *ui)
{
	loop_stop(ui->loop);
}

void ui_flash(struct ui *ui, const char *fmt, ...)
{
	ui->flash_until_state = false;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(ui->flash, sizeof ui->flash, fmt, ap);
	va_end(ap);
	ui_mark(ui, DIRTY_PROMPT);
}

void ui_note(struct ui *ui, enum wl_kind kind, const char *text)
{
	/* Our own note, about no client (in listen mode the log still holds the last event's client). */
	wirelog_set_client(wire_log(ui->wire), 0);
	wirelog_append(wire_log(ui->wire), kind, DIR_NONE, 0, 0, (const uint8_t *)text, strlen(text));
	ui_mark(ui, DIRTY_WIRE);
}

/* Show a report (lines of "FILE:LINE: message") in the wire pane, each line prefixed. */
void ui_note_lines(struct ui *ui, const char *prefix, const char *s)
{
	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) : strlen(s);
		char line[400];
		snprintf(line, sizeof line, "%s%.*s", prefix, (int)(len < 360 ? len : 360), s);
		ui_note(ui, WL_ERROR, line);
		s += len + (nl ? 1 : 0);
	}
}

/* ---- signals and the clock ---- */

static void on_term(int sig, void *arg)
{
	(void)sig;
	ui_leave(arg);
}

static void on_tick(void *arg)
{
	struct ui *ui = arg;
	ui->tick = loop_timer_add(ui->loop, TICK_MS, on_tick, ui);
	ui_mark(ui, DIRTY_STATUS);
}

/* ---- set-up and teardown ---- */

static struct pane *pane_new(struct ui *ui, const struct pane_ops *ops)
{
	struct pane *p = xcalloc(1, sizeof *p);
	p->ops = ops;
	p->ui = ui;
	p->data = ops->init(ui, p);
	return p;
}

static void pane_free(struct pane *p)
{
	if (p == NULL)
		return;
	p->ops->free(p->data);
	free(p);
}

int ui_run(struct loop *loop, struct session *s, const struct config *cfg)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "smtpcon: %s\n", _("the console needs a terminal (use --batch for scripts and pipes)"));
		return 2;
	}
	setlocale(LC_CTYPE, "");
	struct ui *ui = xcalloc(1, sizeof *ui);
	the_ui = ui;
	ui->loop = loop;
	ui->s = s;
	ui->cfg = cfg;
	const char *cs = nl_langinfo(CODESET);
	ui->utf8 = cs && strcmp(cs, "UTF-8") == 0;
	draw_set_ascii(!ui->utf8);

	ui->clients = clients_new();
	ui->wire = pane_new(ui, &pane_wire_ops);
	ui->replies = pane_new(ui, &pane_replies_ops);
	ui->prompt = prompt_new(ui, options_flag("history") ? NULL : ""); /* "": memory only */
	if (!ui_term_start(ui)) {
		fprintf(stderr, _("smtpcon: cannot set up the terminal (TERM=%s)\n"),
			getenv("TERM") ? getenv("TERM") : "");
		prompt_free(ui->prompt);
		pane_free(ui->wire);
		pane_free(ui->replies);
		clients_free(ui->clients);
		free(ui);
		return 2;
	}
	ui_load_theme(ui, NULL);
	char hello[300];
	snprintf(hello, sizeof hello,
		 _("smtpcon %s: type SMTP commands or /commands; Tab completes; F1 help; F10 quits"), SMTPCON_VERSION);
	ui_note(ui, WL_NOTE, hello);
	struct buf kerr;
	buf_init(&kerr, 4096);
	if (keys_init(&kerr))
		ui_note_lines(ui, _("keys: "), buf_cstr(&kerr));
	buf_free(&kerr);
	if (config_startup_file()) {
		char line[600];
		snprintf(line, sizeof line, _("settings from %.500s (/set and /bind list them)"),
			 config_startup_file());
		ui_note(ui, WL_NOTE, line);
	}
	ui_note_lines(ui, _("config: "), config_startup_report());
	if (options_flag("hex"))
		wire_set_hex(ui->wire, true);

	struct console_hooks hooks;
	ui_console_hooks(ui, &hooks);
	ui->con = console_new(loop, s, cfg, &hooks);
	session_add_sink(s, ui_on_event, ui);
	loop_watch(loop, STDIN_FILENO, POLLIN, input_on_stdin, ui);
	loop_on_signal(loop, SIGWINCH, ui_term_on_winch, ui);
	loop_on_signal(loop, SIGTERM, on_term, ui);
	loop_on_signal(loop, SIGHUP, on_term, ui);
	loop_on_signal(loop, SIGINT, on_term, ui);
	loop_set_before_poll(loop, ui_redraw, ui);
	ui->tick = loop_timer_add(loop, TICK_MS, on_tick, ui);
	ui->dirty = DIRTY_ALL | DIRTY_LAYOUT;

	if (cfg) {
		console_queue_preamble(ui->con, cfg);
		if (cfg->replay) {
			char *line = xasprintf("/replay '%s'", cfg->replay);
			console_submit(ui->con, line);
			free(line);
		}
	}

	loop_run(loop);

	loop_set_before_poll(loop, NULL, NULL);
	loop_unwatch(loop, STDIN_FILENO);
	loop_timer_cancel(loop, ui->tick);
	if (ui->search.timer)
		loop_timer_cancel(loop, ui->search.timer);
	ui_term_restore();
	int status = console_exit_status(ui->con);
	/* The session still holds our sink: keep the struct ui alive but inert (its panes stay valid) until the
	 * session is freed by main.c; free the console, which only we own. */
	console_free(ui->con);
	ui->con = NULL;
	delscreen(ui->screen);
	ui->screen = NULL;
	return status;
}

void ui_release(void)
{
	struct ui *ui = the_ui;
	if (ui == NULL)
		return;
	the_ui = NULL;
	reader_close(ui);
	envelope_clear(&ui->env);
	prompt_free(ui->prompt);
	pane_free(ui->wire);
	pane_free(ui->replies);
	clients_free(ui->clients);
	free(ui);
}
