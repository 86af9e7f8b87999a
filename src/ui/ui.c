/* ui: the TUI's life cycle: terminal set-up and restoration (on every exit, fatal signals included), the theme
 * turned into curses attributes, the key dispatcher, the session sink, and the redraw hook. Handlers only mark
 * parts dirty; the screen is redrawn once per loop pass, in the loop's before-poll hook (tmux's model), so a
 * burst of a thousand events costs one redraw. */
#include "ui/ui.h"

#include <errno.h>
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "cmd/config.h"
#include "cmd/message.h"
#include "cmd/options.h"
#include "lib/escape.h"
#include "lib/i18n.h"
#include "lib/xmalloc.h"
#include "ui/overlay.h"
#include "ui/pane.h"
#include "ui/prompt.h"
#include "ui/reader.h"
#include "ui/wrap.h"
#include "ui/ui-internal.h"
#include "ui/wirelog.h"

/* Clock tick for the elapsed time and count-downs in the status bar. */
#define TICK_MS 500

/* When no theme file can be found: attributes only, so the screen still has structure. */
static const char fallback_theme[] =
	"title reverse\ntitle.focus reverse bold\nstatus reverse\nstatus.plain reverse\nstatus.tls reverse bold\n"
	"status.bad reverse bold\nstatus.wait reverse bold\nwire.eol dim\nwire.anomaly reverse bold\n"
	"wire.escape underline\nwire.rule bold\nwire.mark reverse\nwire.match standout\nreply.selected reverse\n"
	"overlay.title reverse bold\nerror bold\nnotice reverse bold\nwire.time dim\nhint dim\n";

/* ---- terminal restoration, reachable from atexit and signal handlers ---- */
static struct termios saved_tio;
static bool tio_saved;
static volatile sig_atomic_t curses_active;
static char restore_seq[512];
/* The UI outlives ui_run (the session keeps its sink until main.c frees it); a global root keeps it reachable. */
static struct ui *the_ui;
static size_t restore_len;

static void append_cap(const char *cap)
{
	char *s = tigetstr(cap);
	if (s == NULL || s == (char *)-1)
		return;
	size_t n = strlen(s);
	if (restore_len + n < sizeof restore_seq) {
		memcpy(restore_seq + restore_len, s, n);
		restore_len += n;
	}
}

/* Precompute what a signal handler writes: it may not call curses (not async-signal-safe), only write(2). */
static void prepare_restore(void)
{
	restore_len = 0;
	static const char mouse_off[] = "\033[?1000l\033[?1002l\033[?1003l\033[?1006l";
	memcpy(restore_seq, mouse_off, sizeof mouse_off - 1);
	restore_len = sizeof mouse_off - 1;
	append_cap("sgr0");
	append_cap("cnorm");
	append_cap("rmkx");
	append_cap("rmcup");
}

static void restore_terminal(void)
{
	if (curses_active) {
		curses_active = 0;
		input_set_mouse(false);
		endwin();
	}
}

static void fatal_signal(int sig)
{
	if (curses_active) {
		(void)!write(STDOUT_FILENO, restore_seq, restore_len);
		if (tio_saved)
			tcsetattr(STDIN_FILENO, TCSANOW, &saved_tio);
		curses_active = 0;
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

static void install_fatal_handlers(void)
{
	static const int sigs[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = fatal_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESETHAND | SA_NODEFER;
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		sigaction(sigs[i], &sa, NULL);
}

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

static void note(struct ui *ui, enum wl_kind kind, const char *text)
{
	wirelog_append(wire_log(ui->wire), kind, DIR_NONE, 0, 0, (const uint8_t *)text, strlen(text));
	ui_mark(ui, DIRTY_WIRE);
}

/* ---- theme -> curses ---- */

static attr_t curses_attrs(unsigned a)
{
	attr_t r = A_NORMAL;
	if (a & TA_BOLD)
		r |= A_BOLD;
	if (a & TA_DIM)
		r |= A_DIM;
	if (a & TA_UNDERLINE)
		r |= A_UNDERLINE;
	if (a & TA_REVERSE)
		r |= A_REVERSE;
	if (a & TA_ITALIC)
		r |= A_ITALIC;
	if (a & TA_STANDOUT)
		r |= A_STANDOUT;
	if (a & TA_BLINK)
		r |= A_BLINK;
	return r;
}

static void apply_theme(struct ui *ui)
{
	bool defaults = false;
	if (ui->colour) {
		start_color();
		defaults = use_default_colors() == OK;
	}
	for (int r = 0; r < ROLE_COUNT; r++) {
		const struct theme_style *st = &ui->theme.style[r];
		attr_t a = curses_attrs(st->attrs);
		if (ui->colour && (st->fg != THEME_COLOUR_DEFAULT || st->bg != THEME_COLOUR_DEFAULT) &&
		    r + 1 < COLOR_PAIRS) {
			short fg = theme_colour_for(st->fg, st->fg_fb, COLORS);
			short bg = theme_colour_for(st->bg, st->bg_fb, COLORS);
			if (!defaults) {
				if (fg < 0)
					fg = COLOR_WHITE;
				if (bg < 0)
					bg = COLOR_BLACK;
			}
			init_pair((short)(r + 1), fg, bg);
			a |= COLOR_PAIR(r + 1);
		}
		ui->attr[r] = a;
	}
}

/* Show a report (lines of "FILE:LINE: message") in the wire pane, each line prefixed. */
static void note_lines(struct ui *ui, const char *prefix, const char *s)
{
	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) : strlen(s);
		char line[400];
		snprintf(line, sizeof line, "%s%.*s", prefix, (int)(len < 360 ? len : 360), s);
		note(ui, WL_ERROR, line);
		s += len + (nl ? 1 : 0);
	}
}

/* Load theme name (NULL: --theme, else the config file's /set theme, else the default; NO_COLOR means mono). */
static void load_theme(struct ui *ui, const char *name)
{
	const char *nc = getenv("NO_COLOR");
	bool no_color = nc && nc[0];
	if (name == NULL)
		name = ui->cfg && ui->cfg->theme ? ui->cfg->theme : no_color ? "mono" : "default";
	theme_init(&ui->theme);
	struct buf errs;
	buf_init(&errs, 4096);
	int n = theme_load(&ui->theme, name, &errs);
	if (theme_unset_roles(&ui->theme) == ROLE_COUNT)
		theme_parse(&ui->theme, fallback_theme, sizeof fallback_theme - 1, "built-in", NULL);
	ui->colour = has_colors() && !no_color;
	apply_theme(ui);
	if (n)
		note_lines(ui, _("theme: "), buf_cstr(&errs)); /* what was wrong, one note per line of the report */
	buf_free(&errs);
}

/* ---- layout ---- */

static void drop_windows(struct ui *ui)
{
	WINDOW **ws[] = {&ui->win_wire, &ui->win_replies, &ui->win_status,
			 &ui->win_hint, &ui->win_prompt,  &ui->win_keybar};
	for (size_t i = 0; i < sizeof ws / sizeof ws[0]; i++) {
		if (*ws[i])
			delwin(*ws[i]);
		*ws[i] = NULL;
	}
}

static WINDOW *make(const struct rect *r)
{
	if (r->h <= 0 || r->w <= 0)
		return NULL;
	WINDOW *w = newwin(r->h, r->w, r->y, r->x);
	if (w)
		leaveok(w, TRUE);
	return w;
}

static void relayout(struct ui *ui)
{
	getmaxyx(stdscr, ui->rows, ui->cols);
	drop_windows(ui);
	struct layout_prefs prefs;
	split_prefs(&prefs);
	layout_compute(ui->rows, ui->cols, prompt_rows(ui->prompt), &prefs, &ui->lay);
	if (!ui->lay.too_small) {
		ui->win_keybar = make(&ui->lay.keybar);
		ui->win_wire = make(&ui->lay.wire);
		ui->win_replies = make(&ui->lay.replies);
		ui->win_status = make(&ui->lay.status);
		ui->win_hint = make(&ui->lay.hint);
		ui->win_prompt = make(&ui->lay.prompt);
		if (ui->win_prompt)
			leaveok(ui->win_prompt, FALSE);
	}
	ui->dirty = DIRTY_ALL;
}

/* Below the minimum size: a notice that fits whatever the size, its words wrapped to the width and centred, so
 * it is never itself cut (a word wider than the screen is the only thing cut). */
static void draw_notice(struct ui *ui)
{
	werase(stdscr);
	char msg[400];
	snprintf(msg, sizeof msg, _("smtpcon needs at least %dx%d (now %dx%d). Make the terminal larger. F10 quits."),
		 LAYOUT_MIN_COLS, LAYOUT_MIN_ROWS, ui->cols, ui->rows);
	/* Break into rows of at most cols columns, between words (wrap_row measures columns: translations carry
	 * accents). */
	const char *row[16];
	int len[16], wid[16], n = 0, width = ui->cols > 0 ? ui->cols : 1;
	size_t mlen = strlen(msg), off = 0;
	while (off < mlen && n < 16) {
		size_t next, take = wrap_row(msg + off, mlen - off, width, &next);
		row[n] = msg + off;
		len[n] = (int)take;
		wid[n++] = text_width(msg + off, take);
		off += next;
		while (off < mlen && msg[off] == ' ')
			off++;
	}
	int y = (ui->rows - n) / 2;
	if (y < 0)
		y = 0;
	for (int i = 0; i < n && y + i < ui->rows; i++) {
		wmove(stdscr, y + i, (width - wid[i]) / 2);
		draw_str(stdscr, ui_attr(ui, i == 0 ? ROLE_NOTICE : ROLE_DEFAULT), row[i], (size_t)len[i], width);
	}
	wnoutrefresh(stdscr);
}

static void draw_separator(struct ui *ui)
{
	werase(stdscr);
	if (ui->lay.side_by_side) {
		int x = ui->lay.replies.x - 1;
		const char *bar = ui->utf8 ? "\xe2\x94\x82" : "|";
		for (int y = ui->lay.wire.y; y < ui->lay.wire.y + ui->lay.wire.h; y++) {
			wmove(stdscr, y, x);
			draw_str(stdscr, ui_attr(ui, ROLE_BORDER), bar, strlen(bar), 1);
		}
	}
	wnoutrefresh(stdscr);
}

/* The before-poll hook: redraw what is dirty, once. */
static void redraw(void *arg)
{
	struct ui *ui = arg;
	if (!curses_active)
		return;
	struct session *s = ui->s;
	if (s && session_phase(s) == PHASE_TLS_HOLD) {
		if (!ui->hold_dismissed && ui->overlay != &overlay_hold)
			overlay_open(ui, &overlay_hold);
	} else {
		ui->hold_dismissed = false;
		if (ui->overlay == &overlay_hold)
			overlay_close(ui);
		ui->hold_dismissed = false;
	}
	if (!ui->lay.too_small && prompt_rows(ui->prompt) != ui->lay.prompt.h)
		ui->dirty |= DIRTY_LAYOUT;
	if (ui->dirty == 0)
		return;
	if (ui->dirty & DIRTY_LAYOUT) {
		relayout(ui);
		if (!ui->lay.too_small)
			draw_separator(ui);
	}
	if (ui->lay.too_small) {
		draw_notice(ui);
		doupdate();
		ui->dirty = 0;
		return;
	}
	bool any = false;
	if ((ui->dirty & DIRTY_WIRE) && ui->win_wire) {
		ui->wire->ops->draw(ui->wire->data, ui->win_wire, ui->focus == 0);
		wnoutrefresh(ui->win_wire);
		any = true;
	}
	if ((ui->dirty & DIRTY_REPLIES) && ui->win_replies) {
		ui->replies->ops->draw(ui->replies->data, ui->win_replies, ui->focus == 1);
		wnoutrefresh(ui->win_replies);
		any = true;
	}
	if ((ui->dirty & DIRTY_STATUS) && ui->win_status) {
		statusbar_draw(ui, ui->win_status);
		wnoutrefresh(ui->win_status);
		any = true;
	}
	if (ui->overlay && (any || (ui->dirty & DIRTY_OVERLAY)))
		overlay_draw(ui);
	if (ui->reader && (any || (ui->dirty & DIRTY_OVERLAY)))
		reader_draw(ui);
	if (ui->win_keybar && (ui->dirty & (DIRTY_STATUS | DIRTY_LAYOUT))) {
		keybar_draw(ui, ui->win_keybar);
		wnoutrefresh(ui->win_keybar);
	}
	if (ui->win_hint) {
		prompt_draw_hint(ui->prompt, ui->win_hint);
		wnoutrefresh(ui->win_hint);
	}
	if (ui->win_prompt) {
		prompt_draw(ui->prompt, ui->win_prompt);
		int y, x;
		prompt_cursor(ui->prompt, &y, &x);
		wmove(ui->win_prompt, y, x);
		wnoutrefresh(ui->win_prompt);
	}
	curs_set(1);
	doupdate();
	ui->dirty = 0;
}

/* ---- signals and the clock ---- */

static void on_winch(int sig, void *arg)
{
	struct ui *ui = arg;
	(void)sig;
	struct winsize ws;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
		resizeterm(ws.ws_row, ws.ws_col);
	ui_mark(ui, DIRTY_LAYOUT | DIRTY_ALL);
}

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

/* ---- the session sink and the console hooks ---- */

/* Append text to the wire pane as notes, each line broken at word boundaries to the room the pane has. */
static void wrapped_notes(struct ui *ui, const struct event *ev, int room)
{
	const char *s = event_text(ev);
	do {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) : strlen(s);
		char *e = escape_dup((const uint8_t *)s, len, 0);
		size_t n = strlen(e), i = 0;
		do {
			size_t next, k = wrap_row(e + i, n - i, room > 20 ? room : 20, &next);
			wirelog_append(wire_log(ui->wire), WL_NOTE, DIR_NONE, 0, (uint32_t)(ev->t_ns / 1000000u),
				       (const uint8_t *)e + i, k);
			i += next;
		} while (i < n);
		free(e);
		s += len + (nl ? 1 : 0);
	} while (*s);
	ui_mark(ui, DIRTY_WIRE);
}

/* Console output that does not fit on one row of the wire pane: the output of a command (several lines) goes to
 * the reader, where it wraps and scrolls, and a note in the wire pane keeps its place in the story; one long
 * sentence, or the notes of listen mode, become wire notes broken at word boundaries (a reader popping up for
 * them would cover what the user watches, or take the keys from someone typing). */
static bool output_to_reader(struct ui *ui, const struct event *ev)
{
	if (ev->type != EV_OUTPUT || ev->text == NULL || ui->lay.too_small)
		return false;
	const char *text = event_text(ev);
	/* The wire pane's gutter (time, direction, lead) takes 16 columns before a note's text. */
	int room = ui->lay.wire.w - 16;
	const char *name = ui->con ? console_current_command(ui->con) : NULL;
	if (strchr(text, '\n') == NULL || name == NULL || ev->id) {
		if (strchr(text, '\n') == NULL && text_width(text, strlen(text)) <= room)
			return false;
		wrapped_notes(ui, ev, room);
		return true;
	}
	char title[96];
	snprintf(title, sizeof title, "/%s", name);
	struct rdoc *d = rdoc_new(title);
	rdoc_add_lines(d, ROLE_OVERLAY, 4, text);
	size_t n = rdoc_lines(d);
	reader_open(ui, d);
	char line[160];
	snprintf(line, sizeof line,
		 P_("%s: %zu line of output, shown in the reader", "%s: %zu lines of output, shown in the reader", n),
		 title, n);
	wirelog_append(wire_log(ui->wire), WL_NOTE, DIR_NONE, 0, (uint32_t)(ev->t_ns / 1000000u), (const uint8_t *)line,
		       strlen(line));
	ui_mark(ui, DIRTY_WIRE);
	return true;
}

static void on_event(void *ctx, const struct event *ev)
{
	struct ui *ui = ctx;
	if (output_to_reader(ui, ev)) {
		ui_mark(ui, DIRTY_STATUS | DIRTY_PROMPT);
		return;
	}
	ui->wire->ops->event(ui->wire->data, ev);
	ui->replies->ops->event(ui->replies->data, ev);
	if (ev->client) { /* listen mode: a remote client's session, shown but not ours to act on */
		ui_mark(ui, DIRTY_STATUS | DIRTY_PROMPT);
		return;
	}
	progress_event(ui, ev);
	switch (ev->type) {
	case EV_REPLY:
		if (ev->reply) {
			compose_track(ui, ev->command, ev->reply->code);
			/* Our own DATA was accepted (in listen mode the 354 is the server's answer to a remote
			 * client: nothing for us to write). */
			bool ours = session_phase(ui->s) == PHASE_CONNECTED;
			if (ev->reply->code == 354 && ours && !ui->data_from_file && !prompt_editor_open(ui->prompt)) {
				char *text = editor_prefill(ui);
				prompt_open_editor(ui->prompt, text);
				free(text);
			}
		}
		break;
	case EV_CLOSED:
		if (prompt_editor_open(ui->prompt))
			prompt_cancel(ui->prompt);
		ui->data_from_file = false;
		break;
	case EV_STATE:
		if (ui->flash_until_state) { /* the late reply came: the footer shows where that led */
			ui->flash[0] = '\0';
			ui->flash_until_state = false;
		}
		break;
	case EV_TRANSACTION:
		if (ev->txn) { /* the footer says how it ended, replacing "waiting for the verdict" */
			char d[400];
			bool message = ev->txn->at == TXN_AT_MESSAGE && ev->txn->outcome != TXN_ABANDONED;
			/* TRANSLATORS: %s says how it ended ("accepted: 250 2.0.0 Ok"). */
			ui_flash(ui, message ? _("message %s") : _("mail transaction %s"),
				 txn_describe(ev->txn, d, sizeof d));
		}
		break;
	default:
		break;
	}
	ui_mark(ui, DIRTY_STATUS | DIRTY_PROMPT);
}

static void hook_ask_secret(void *ctx, const char *label, console_secret_fn done, void *arg)
{
	struct ui *ui = ctx;
	prompt_ask_secret(ui->prompt, label, done, arg);
}

/* /set NAME VALUE at the prompt: apply what the TUI can apply now. False: not a TUI option. */
static bool apply_option(struct ui *ui, const char *name)
{
	if (strcmp(name, "theme") == 0) {
		load_theme(ui, options_get("theme"));
		clearok(curscr, TRUE);
		ui_mark(ui, DIRTY_ALL | DIRTY_LAYOUT);
	} else if (strcmp(name, "hex") == 0) {
		wire_set_hex(ui->wire, options_flag("hex"));
	} else if (strcmp(name, "wrap") == 0) {
		wire_set_wrap(ui->wire, options_flag("wrap"));
	} else if (strcmp(name, "mouse") == 0) {
		input_set_mouse(options_flag("mouse"));
	} else if (strcmp(name, "wire-width") == 0 || strcmp(name, "wire-rows") == 0 || strcmp(name, "keybar") == 0) {
		ui_mark(ui, DIRTY_ALL | DIRTY_LAYOUT);
	} else if (strcmp(name, "history") == 0) {
		ui_flash(ui, "%s", _("history: takes effect at the next start"));
	} else {
		return false;
	}
	return true;
}

/* /help typed at the prompt: the F1 help's own lines (one source), in the reader where they wrap. */
static struct rdoc *help_doc(struct ui *ui)
{
	struct olines o = {.width = ui->cols - 2};
	overlay_help.build(ui, &o);
	struct rdoc *d = rdoc_new(overlay_help.title);
	for (size_t i = 0; i < o.n; i++) {
		const char *t = o.v[i].text ? o.v[i].text : "";
		/* The builder's hang ("  F1       help": past the key column), else under the text. */
		int indent = o.v[i].hang >= 0 ? o.v[i].hang : (int)strspn(t, " ") + 2;
		if (o.v[i].text2)
			rdoc_addf(d, o.v[i].role, indent, "%s  %s", t, o.v[i].text2);
		else
			rdoc_add(d, o.v[i].role, indent, t);
		free(o.v[i].text);
		free(o.v[i].text2);
	}
	free(o.v);
	return d;
}

static bool hook_view(void *ctx, const char *what, const char *arg)
{
	struct ui *ui = ctx;
	bool has_arg = arg && arg[0];
	if (strcmp(what, "compose") == 0)
		ui->data_from_file = false; /* /data alone: the message editor opens after 354 */
	else if (strcmp(what, "help") == 0 && !has_arg)
		reader_open(ui, help_doc(ui));
	else if (strcmp(what, "caps") == 0 || (strcmp(what, "diff") == 0 && !has_arg))
		overlay_open(ui, &overlay_caps);
	else if (strcmp(what, "lesson") == 0 && has_arg)
		reader_show_text(ui, "lesson", arg);
	else if (strcmp(what, "cert") == 0)
		overlay_cert_open(ui, arg);
	else if (strcmp(what, "hex") == 0)
		wire_toggle_hex(ui->wire);
	else if (strcmp(what, "clear") == 0)
		wire_clear(ui->wire);
	else if (strcmp(what, "set") == 0 && has_arg)
		return apply_option(ui, arg);
	else
		return false;
	return true;
}

static void hook_finished(void *ctx)
{
	ui_leave(ctx);
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

static bool start_curses(struct ui *ui)
{
	if (tcgetattr(STDIN_FILENO, &saved_tio) == 0)
		tio_saved = true;
	ui->screen = newterm(NULL, stdout, stdin);
	if (ui->screen == NULL)
		return false;
	set_term(ui->screen);
	curses_active = 1;
	atexit(restore_terminal);
	install_fatal_handlers();
	prepare_restore();
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	leaveok(stdscr, TRUE);
	input_set_mouse(options_flag("mouse"));
	mouseinterval(0);
	return true;
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

	ui->wire = pane_new(ui, &pane_wire_ops);
	ui->replies = pane_new(ui, &pane_replies_ops);
	ui->prompt = prompt_new(ui, options_flag("history") ? NULL : ""); /* "": memory only */
	if (!start_curses(ui)) {
		fprintf(stderr, _("smtpcon: cannot set up the terminal (TERM=%s)\n"),
			getenv("TERM") ? getenv("TERM") : "");
		prompt_free(ui->prompt);
		pane_free(ui->wire);
		pane_free(ui->replies);
		free(ui);
		return 2;
	}
	load_theme(ui, NULL);
	char hello[300];
	snprintf(hello, sizeof hello,
		 _("smtpcon %s: type SMTP commands or /commands; Tab completes; F1 help; F10 quits"), SMTPCON_VERSION);
	note(ui, WL_NOTE, hello);
	struct buf kerr;
	buf_init(&kerr, 4096);
	if (keys_init(&kerr))
		note_lines(ui, _("keys: "), buf_cstr(&kerr));
	buf_free(&kerr);
	if (config_startup_file()) {
		char line[600];
		snprintf(line, sizeof line, _("settings from %.500s (/set and /bind list them)"),
			 config_startup_file());
		note(ui, WL_NOTE, line);
	}
	note_lines(ui, _("config: "), config_startup_report());
	if (options_flag("hex"))
		wire_set_hex(ui->wire, true);

	struct console_hooks hooks = {
		.ask_secret = hook_ask_secret,
		.view = hook_view,
		.finished = hook_finished,
		.ctx = ui,
	};
	ui->con = console_new(loop, s, cfg, &hooks);
	session_add_sink(s, on_event, ui);
	loop_watch(loop, STDIN_FILENO, POLLIN, input_on_stdin, ui);
	loop_on_signal(loop, SIGWINCH, on_winch, ui);
	loop_on_signal(loop, SIGTERM, on_term, ui);
	loop_on_signal(loop, SIGHUP, on_term, ui);
	loop_on_signal(loop, SIGINT, on_term, ui);
	loop_set_before_poll(loop, redraw, ui);
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
	restore_terminal();
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
	free(ui);
}
