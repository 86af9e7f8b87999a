/* ui-internal: what the files of the TUI share (never included outside src/ui). One struct ui holds the screen
 * state; panes, the prompt and overlays are separate modules that mark parts of the screen dirty, and ui-screen.c
 * redraws once per loop pass in the loop's before-poll hook (tmux's model). */
#ifndef SMTPCON_UI_INTERNAL_H
#define SMTPCON_UI_INTERNAL_H
#include <curses.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cmd/cli.h"
#include "cmd/console.h"
#include "cmd/message.h"
#include "core/event.h"
#include "core/session.h"
#include "lib/buf.h"
#include "lib/loop.h"
#include "ui/layout.h"
#include "ui/theme.h"
#include "ui/wirelog.h"

enum ui_dirty {
	DIRTY_WIRE = 1u << 0,
	DIRTY_REPLIES = 1u << 1,
	DIRTY_STATUS = 1u << 2,
	DIRTY_PROMPT = 1u << 3,
	DIRTY_OVERLAY = 1u << 4,
	DIRTY_LAYOUT = 1u << 5, /* sizes changed: windows are made again */
	DIRTY_LESSON = 1u << 6, /* the docked lesson (its ticks follow the session) */
	DIRTY_ALL = 0xff,
};

struct pane;
struct prompt;
struct overlay_ops;
struct reader;

/* Search state: the walk is incremental (a slice per loop pass), so a search over millions of lines never
 * freezes the keyboard. */
struct ui_search {
	char pattern[128];
	bool active;      /* n/N work */
	bool running;     /* a walk is under way */
	int dir;          /* -1 towards older lines, +1 towards newer */
	size_t cursor;    /* next line to look at */
	bool has_match;
	size_t match;     /* line of the last match */
	uint64_t timer;
	char message[96]; /* "not found", ... */
};

struct ui {
	struct loop *loop;
	struct session *s;
	const struct config *cfg;
	struct console *con;

	struct theme theme;
	attr_t attr[ROLE_COUNT];
	bool utf8;
	bool colour;

	SCREEN *screen;
	int rows, cols;
	struct layout lay;
	unsigned dirty;
	WINDOW *win_wire, *win_replies, *win_status, *win_hint, *win_prompt, *win_keybar;
	WINDOW *win_lesson; /* the docked lesson (lesson-dock.h), NULL when hidden */

	struct pane *wire;     /* the wire log pane */
	struct pane *replies;  /* the decoded pane */
	int focus;             /* 0 wire, 1 replies */
	struct prompt *prompt;

	const struct overlay_ops *overlay; /* the open overlay, or NULL */
	int overlay_scroll;
	bool hold_dismissed;   /* the user closed the TLS-hold question: do not reopen it for this hold */

	struct ui_search search;
	struct reader *reader; /* the full-screen reader (reader.h), or NULL when closed */
	struct clients *clients; /* listen mode's clients: peers, colours, the one shown alone (clients.h) */

	struct envelope env; /* the accepted MAIL FROM and RCPT TO, for the DATA editor's headers */

	bool data_from_file;   /* the last line typed was "/data [FILE]": the console sends the body, no editor */
	char data_path[512];   /* its FILE, for the progress bar */
	struct {
		bool active;
		uint64_t size, sent, t0_ns, now_ns;
	} progress;
	struct {
		bool dragging; /* button 1 went down on the divider: motion moves the split */
		long click_ms; /* time and cell of the last click, for the double-click */
		int click_y, click_x;
	} mouse;
	bool quitting;         /* F10 pressed once: a second press leaves at once */
	uint64_t tick;         /* the clock timer (elapsed time, count-downs) */
	char flash[160];       /* a one-off message in the hint line */
	bool flash_until_state; /* the flash is about a wait: the next SMTP state change replaces it with the hint */
};

/* ---- ui.c ---- */
void ui_mark(struct ui *ui, unsigned what);
attr_t ui_attr(const struct ui *ui, enum ui_role r);
/* Run a bound action by name ("help", "page-up", ...) or a console line when it starts with '/'. */
void ui_action(struct ui *ui, const char *action);
/* Leave now (the loop stops; ui_run restores the terminal). */
void ui_leave(struct ui *ui);
void ui_flash(struct ui *ui, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A note in the wire pane (enum wl_kind, wirelog.h), and a report of several lines, one note each, prefixed. */
void ui_note(struct ui *ui, enum wl_kind kind, const char *text);
void ui_note_lines(struct ui *ui, const char *prefix, const char *s);

/* ---- ui-term.c: the terminal's set-up, its restoration (atexit and fatal signals), and resizes ---- */
/* Curses on (raw keys, keypad, mouse as options say); false when the terminal cannot be set up. */
bool ui_term_start(struct ui *ui);
/* Give the terminal back as it was (idempotent; also run at exit). */
void ui_term_restore(void);
/* Curses is on: there is a screen to draw. */
bool ui_term_active(void);
/* The loop's SIGWINCH handler: take the new size, lay everything out again. */
void ui_term_on_winch(int sig, void *arg);

/* ---- ui-theme.c ---- */
/* Load theme name (NULL: --theme, else the config file's /set theme, else the default; NO_COLOR means mono) and
 * turn it into curses attributes (ui->attr); what was wrong in the file becomes notes. */
void ui_load_theme(struct ui *ui, const char *name);

/* ---- ui-screen.c: the loop's before-poll hook: lay out again if needed, redraw what is dirty, once ---- */
void ui_redraw(void *arg);

/* ---- ui-hooks.c: what the session and the console call into the TUI ---- */
/* The session sink: each event to the panes (console output too long for a row to the reader). */
void ui_on_event(void *ctx, const struct event *ev);
/* The console's hooks (a secret to ask, a view to open, the end), with ui as their context. */
void ui_console_hooks(struct ui *ui, struct console_hooks *out);

/* ---- input.c: the loop's callback for the terminal (keys, mouse, resize) ---- */
void input_on_stdin(int fd, short revents, void *arg);
/* Mouse reports on or off: SGR (1006) with button-event tracking, X10 through curses where SGR is missing. */
void input_set_mouse(bool on);

/* ---- draw.c: text output that never passes the window's right edge ---- */
/* Put UTF-8 text (already safe: our own or escaped) at the cursor, at most maxcols columns; returns columns used. */
int draw_str(WINDOW *w, attr_t a, const char *s, size_t n, int maxcols);
/* Escape untrusted bytes (lib/escape.h) and draw them like draw_str. */
int draw_untrusted(WINDOW *w, attr_t a, const uint8_t *p, size_t n, int maxcols);
/* The same, every non-ASCII byte as \xNN: for bytes that are not text (a ClientHello). */
int draw_untrusted_ascii(WINDOW *w, attr_t a, const uint8_t *p, size_t n, int maxcols);
/* Escape with ESCAPE_ASCII too (the terminal is not UTF-8). */
void draw_set_ascii(bool ascii);
/* Columns text s[0..n) takes on the screen. */
int text_width(const char *s, size_t n);
/* Fill from the cursor to the end of the row with attribute a. */
void draw_fill(WINDOW *w, attr_t a);
/* Draw like draw_str, but when s[0..n) is wider than width, end it with a sign that it was cut ("…", ">"
 * on a terminal that is not UTF-8) in its last column; returns columns used. */
int draw_fit(WINDOW *w, attr_t a, const char *s, size_t n, int width);
/* A panel over the panes (overlays, the reader): a new h x w window at y, x, every cell cleared, its first
 * title_rows and last foot_rows in the title attribute, the rest in the overlay's; NULL when it cannot be made.
 * The caller draws into it, then wnoutrefresh and delwin. */
WINDOW *draw_panel(struct ui *ui, int h, int w, int y, int x, int title_rows, int foot_rows);
/* Decode base64 (RFC 4648, padding optional, blanks ignored) into out; -1 when it is not base64. */
long base64_decode(const char *in, size_t n, uint8_t *out, size_t outsz);

/* ---- statusbar.c ---- */
void statusbar_draw(struct ui *ui, WINDOW *w);

/* ---- keybar.c: the stacked layout's F-key bar, from the live bindings ---- */
void keybar_draw(struct ui *ui, WINDOW *w);

/* ---- split.c: moving the divider between the panes (keys, mouse) and remembering it ---- */
/* The user's layout choices (options wire-width, wire-rows, keybar) for layout_compute. */
void split_prefs(struct layout_prefs *out);
/* Move the divider by delta columns (side by side) or rows (stacked); positive: the wire pane grows. */
void split_move(struct ui *ui, int delta);
/* Put the divider at column (side by side) or row (stacked) pos of the screen; remember says to write it to the
 * config file now (the end of a drag) rather than only apply it. */
void split_set(struct ui *ui, int pos, bool remember);

/* ---- keys.c ---- */
/* Load the built-in default bindings (/bind lines, cmd/config.h; the user's own bindings win) and resolve key
 * names to curses codes; call after the terminal is set up. Returns the number of errors in the defaults (0;
 * a unit test checks), appended to errs. */
int keys_init(struct buf *errs);
/* The built-in default bindings, as /bind lines. */
const char *keys_default_text(void);
/* The action bound to key (a UI action name or a console line starting with '/'), or NULL. */
const char *keys_lookup(int key);
/* The code keys_lookup takes for Alt (Meta) plus the character ch ("M-x"). */
int keys_meta_code(int ch);

/* ---- search.c ---- */
void search_start(struct ui *ui, const char *pattern);
void search_next(struct ui *ui, int dir);
void search_stop(struct ui *ui);

/* ---- progress.c: the /data FILE progress bar (bytes, rate, ETA) in the hint line ---- */
void progress_event(struct ui *ui, const struct event *ev);
/* Draw the bar into the hint window when a file is being sent; false when none is. */
bool progress_draw(struct ui *ui, WINDOW *w);

/* ---- compose.c: the message editor's starting text ---- */
/* Headers built from the session (From, To, Subject, Date, Message-ID), a blank line, and an empty body line. */
char *editor_prefill(struct ui *ui);
/* Learn MAIL FROM / RCPT TO addresses from an accepted reply to command. */
void compose_track(struct ui *ui, const char *command, int code);

#endif
