/* input: the keyboard and the mouse. Keys go, in order, to the password prompt (which takes everything but
 * Ctrl-C), an open overlay, search mode (n/N), the default bindings (keys.c), and finally the prompt. Reading is
 * bounded per loop pass so a huge paste never starves the network or the screen.
 *
 * The mouse speaks SGR (1006) reports, ESC [ < b ; x ; y M (press) or m (release), which have no column limit
 * (the old X10 reports stop at column 223); on a terminal without SGR the X10 reports still arrive through
 * curses' getmouse. Both end in one handler: the wheel scrolls the pane under it, a click selects, a second
 * click on the same entry opens it, and a drag of the divider moves the split. */
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/i18n.h"
#include "cmd/cmd-lab.h"
#include "cmd/options.h"
#include "ui/clients.h"
#include "ui/overlay.h"
#include "ui/pane.h"
#include "ui/prompt.h"
#include "ui/reader.h"
#include "ui/ui-internal.h"

/* ---- keys and mouse ---- */

static struct pane *focused(struct ui *ui)
{
	return ui->focus == 0 ? ui->wire : ui->replies;
}

static int page(struct ui *ui)
{
	const struct rect *r = ui->focus == 0 ? &ui->lay.wire : &ui->lay.replies;
	return r->h > 3 ? r->h - 2 : 1;
}

void ui_action(struct ui *ui, const char *a)
{
	struct pane *p = focused(ui);
	if (a[0] == '/') {
		if (ui->con)
			console_submit(ui->con, a);
	} else if (strcmp(a, "help") == 0) {
		if (ui->overlay == &overlay_help)
			overlay_close(ui);
		else
			overlay_open(ui, &overlay_help);
	} else if (strcmp(a, "caps") == 0) {
		overlay_open(ui, &overlay_caps);
	} else if (strcmp(a, "cert") == 0) {
		overlay_open(ui, &overlay_cert);
	} else if (strcmp(a, "hex") == 0) {
		wire_toggle_hex(ui->wire);
	} else if (strcmp(a, "quit") == 0) {
		enum session_phase ph = ui->s ? session_phase(ui->s) : PHASE_IDLE;
		if (ph == PHASE_IDLE || ui->quitting || ui->con == NULL) {
			ui_leave(ui);
		} else {
			ui->quitting = true;
			console_submit(ui->con, "/quit");
			ui_flash(ui, "%s", _("QUIT sent; leaving when the server answers (F10 again leaves at once)"));
		}
	} else if (strcmp(a, "cancel") == 0) {
		if (prompt_cancel(ui->prompt))
			return;
		if (ui->search.active) {
			search_stop(ui);
			return;
		}
		/* First the lines typed ahead (the wait goes on; Ctrl-C again stops it), then the wait itself. */
		size_t dropped = ui->con ? console_drop_typed(ui->con) : 0;
		bool replying = dropped == 0 && ui->s && session_waiting_for(ui->s) &&
				session_phase(ui->s) == PHASE_CONNECTED;
		if (ui->con && dropped == 0)
			console_cancel(ui->con);
		prompt_key(ui->prompt, 21, false, false); /* C-u: the line goes too, as in a shell */
		if (dropped)
			ui_flash(ui,
				 P_("dropped %zu queued line, never sent; still waiting (Ctrl-C again stops)",
				    "dropped %zu queued lines, never sent; still waiting (Ctrl-C again stops)", dropped),
				 dropped);
		else if (replying) { /* the command went out: the server may still answer, and that answer counts */
			ui_flash(ui, "%s", _("cancelled the wait: a late reply will still be shown and applied"));
			ui->flash_until_state = true;
		} else
			ui_flash(ui, "%s", _("cancelled"));
	} else if (strcmp(a, "redraw") == 0) {
		clearok(curscr, TRUE);
		ui_mark(ui, DIRTY_ALL | DIRTY_LAYOUT);
	} else if (strcmp(a, "page-up") == 0) {
		p->ops->scrollby(p->data, -page(ui));
	} else if (strcmp(a, "page-down") == 0) {
		p->ops->scrollby(p->data, page(ui));
	} else if (strcmp(a, "line-up") == 0) {
		p->ops->scrollby(p->data, -1);
	} else if (strcmp(a, "line-down") == 0) {
		p->ops->scrollby(p->data, 1);
	} else if (strcmp(a, "top") == 0) {
		p->ops->scrollby(p->data, INT_MIN);
	} else if (strcmp(a, "bottom") == 0) {
		p->ops->scrollby(p->data, INT_MAX);
	} else if (strcmp(a, "focus") == 0) {
		/* (a docked lesson may have the decoded pane's place: the wire keeps the focus then) */
		ui->focus = !ui->focus && ui->lay.replies.h > 0;
		ui_mark(ui, DIRTY_WIRE | DIRTY_REPLIES | DIRTY_STATUS);
	} else if (strcmp(a, "lesson") == 0) {
		/* Show or hide the docked lesson (/lesson, /lesson off): the layout makes room for it or gives it back. */
		if (console_lesson() == NULL) {
			ui_flash(ui, "%s", _("no lesson here: lessons come with the practice server (smtpcon --lab)"));
			return;
		}
		console_lesson_set_docked(!console_lesson_docked());
		ui_mark(ui, DIRTY_ALL | DIRTY_LAYOUT);
	} else if (strcmp(a, "client-next") == 0) {
		clients_cycle(ui); /* listen mode: every client, #1, #2 ... alone, every client again */
	} else if (strcmp(a, "select-prev") == 0) {
		replies_select(ui->replies, -1);
	} else if (strcmp(a, "select-next") == 0) {
		replies_select(ui->replies, +1);
	} else if (strcmp(a, "wrap") == 0) {
		bool on = !wire_wrapping(ui->wire);
		wire_set_wrap(ui->wire, on);
		ui_flash(ui, "%s",
			 on ? _("wire pane: long lines wrap (F7: cut them and scroll sideways)")
			    : _("wire pane: long lines cut at the edge; S-Left / S-Right scroll sideways (F7: wrap)"));
	} else if (strcmp(a, "scroll-left") == 0 || strcmp(a, "scroll-right") == 0) {
		if (wire_wrapping(ui->wire))
			ui_flash(ui, "%s", _("long lines wrap: nothing to scroll sideways (F7 cuts them instead)"));
		wire_hscroll(ui->wire, (a[7] == 'l' ? -1 : 1) * (ui->lay.wire.w > 40 ? ui->lay.wire.w / 4 : 8));
	} else if (strcmp(a, "split-wire-narrower") == 0 || strcmp(a, "split-wire-wider") == 0) {
		int step = ui->lay.side_by_side ? 4 : 1;
		split_move(ui, strcmp(a, "split-wire-wider") == 0 ? step : -step);
	} else if (strcmp(a, "open") == 0) {
		/* Open the selected decoded entry full-screen, in the reader. */
		struct rdoc *d = reader_doc_for_selection(ui);
		if (d)
			reader_open(ui, d);
	} else if (strcmp(a, "search") == 0) {
		prompt_search(ui->prompt);
	} else if (strcmp(a, "search-next") == 0) {
		search_next(ui, -1);
	} else if (strcmp(a, "search-prev") == 0) {
		search_next(ui, +1);
	}
	ui_mark(ui, DIRTY_STATUS | DIRTY_PROMPT);
}

static struct pane *pane_at(struct ui *ui, int y, int x, const struct rect **r)
{
	if (rect_contains(&ui->lay.wire, y, x)) {
		*r = &ui->lay.wire;
		return ui->wire;
	}
	if (rect_contains(&ui->lay.replies, y, x)) {
		*r = &ui->lay.replies;
		return ui->replies;
	}
	return NULL;
}

/* The mouse report's kind. */
enum mkind {
	M_PRESS,
	M_RELEASE,
	M_MOTION,
	M_WHEEL_UP,
	M_WHEEL_DOWN
};

/* True when (y, x) is on the divider: the border column side by side, the decoded pane's title row stacked. */
static bool on_divider(const struct ui *ui, int y, int x)
{
	const struct layout *l = &ui->lay;
	if (l->side_by_side)
		return x == l->replies.x - 1 && y >= l->wire.y && y < l->wire.y + l->wire.h;
	return y == l->replies.y && x >= 0 && x < l->replies.w;
}

/* One mouse report at the 0-based cell (y, x). */
static void mouse_event(struct ui *ui, enum mkind kind, int y, int x)
{
	if (ui->lay.too_small)
		return;
	bool side = ui->lay.side_by_side;
	if (ui->mouse.dragging) {
		if (kind == M_MOTION || kind == M_RELEASE) {
			/* The divider follows the pointer: the wire pane ends where it is. */
			split_set(ui, side ? x : y, kind == M_RELEASE);
			if (kind == M_RELEASE)
				ui->mouse.dragging = false;
		}
		return;
	}
	if (ui->reader) {
		/* The wheel scrolls the reader wherever the pointer is; clicks do nothing there. */
		if (kind == M_WHEEL_UP || kind == M_WHEEL_DOWN)
			reader_scroll(ui, kind == M_WHEEL_UP ? -3 : 3);
		return;
	}
	if (ui->overlay || kind == M_MOTION || kind == M_RELEASE)
		return;
	if (kind == M_PRESS && on_divider(ui, y, x)) {
		ui->mouse.dragging = true;
		ui->mouse.click_ms = 0;
		ui_flash(ui, "%s", _("moving the divider: release where the wire pane should end"));
		return;
	}
	const struct rect *r = NULL;
	struct pane *p = pane_at(ui, y, x, &r);
	if (p == NULL)
		return;
	if (kind == M_WHEEL_UP || kind == M_WHEEL_DOWN) {
		p->ops->scrollby(p->data, kind == M_WHEEL_UP ? -3 : 3);
		ui->mouse.click_ms = 0;
		return;
	}
	ui->focus = p == ui->replies;
	p->ops->click(p->data, y - r->y, x - r->x);
	ui_mark(ui, DIRTY_ALL);
	/* A second click on the same entry (a double click, or a click on the selected one) opens it. */
	bool again = ui->mouse.click_ms && ui->mouse.click_y == y && p == ui->replies && y > r->y;
	ui->mouse.click_ms = p == ui->replies ? 1 : 0;
	ui->mouse.click_y = y;
	ui->mouse.click_x = x;
	if (again) {
		ui->mouse.click_ms = 0;
		ui_action(ui, "open");
	}
}

/* X10 reports, through curses (a terminal without SGR mouse support). */
static void on_mouse(struct ui *ui)
{
	MEVENT me;
	if (getmouse(&me) != OK)
		return;
	enum mkind k;
	if (me.bstate & BUTTON4_PRESSED)
		k = M_WHEEL_UP;
#ifdef BUTTON5_PRESSED
	else if (me.bstate & BUTTON5_PRESSED)
		k = M_WHEEL_DOWN;
#endif
	else if (me.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED))
		k = M_PRESS;
	else if (me.bstate & BUTTON1_RELEASED)
		k = M_RELEASE;
	else if (me.bstate & REPORT_MOUSE_POSITION)
		k = M_MOTION;
	else
		return;
	mouse_event(ui, k, me.y, me.x);
}

/* The code curses returns for ESC [ < (the start of an SGR mouse report); we read the rest ourselves. */
#define KEY_SGR_MOUSE (KEY_MAX + 900)

/* The rest of an SGR report after ESC [ <: "b;x;y" then M or m. Bytes that do not fit the form are dropped. */
static void on_sgr_mouse(struct ui *ui)
{
	int v[3] = {0, 0, 0}, n = 0;
	for (int i = 0; i < 24; i++) {
		wint_t c;
		if (wget_wch(stdscr, &c) != OK)
			return;
		if (c >= '0' && c <= '9' && n < 3) {
			if (v[n] < 100000)
				v[n] = v[n] * 10 + (int)(c - '0');
		} else if (c == ';' && n < 2) {
			n++;
		} else if ((c == 'M' || c == 'm') && n == 2) {
			int b = v[0], x = v[1] - 1, y = v[2] - 1;
			if (!options_flag("mouse") || x < 0 || y < 0)
				return;
			enum mkind k;
			if (b & 64)
				k = (b & 1) ? M_WHEEL_DOWN : M_WHEEL_UP;
			else if (b & 32)
				k = M_MOTION;
			else if ((b & 3) != 0)
				return; /* the middle and right buttons do nothing */
			else
				k = c == 'M' ? M_PRESS : M_RELEASE;
			mouse_event(ui, k, y, x);
			return;
		} else {
			return;
		}
	}
}

void input_set_mouse(bool on)
{
	mmask_t m = BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON1_RELEASED | BUTTON4_PRESSED | REPORT_MOUSE_POSITION
#ifdef BUTTON5_PRESSED
		    | BUTTON5_PRESSED
#endif
		;
	mousemask(on ? m : 0, NULL);
	if (on) {
		/* Teach curses the start of an SGR report, unless its terminfo already parses them (kmous = ESC [ <). */
		if (key_defined("\033[<") == 0)
			define_key("\033[<", KEY_SGR_MOUSE);
		/* Button-event tracking (drags) with SGR coordinates: any column, any row. */
		putp("\033[?1002h\033[?1006h");
	} else {
		putp("\033[?1006l\033[?1002l");
	}
	fflush(stdout);
}

/* Enter on an empty prompt opens the reader: on the selected decoded entry, else on the search match's line. */
static bool open_reader_key(struct ui *ui, int key, bool is_key)
{
	bool enter = (!is_key && (key == '\r' || key == '\n')) || (is_key && key == KEY_ENTER);
	if (!enter || ui->overlay || prompt_mode(ui->prompt) != PM_COMMAND || !prompt_empty(ui->prompt))
		return false;
	struct rdoc *d = reader_doc_for_selection(ui);
	if (d == NULL && ui->search.active && ui->search.has_match)
		d = reader_doc_for_wire_line(ui, ui->search.match);
	if (d == NULL)
		return false;
	reader_open(ui, d);
	return true;
}

static void on_key(struct ui *ui, int key, bool is_key, bool alt)
{
	if (is_key && key == KEY_RESIZE) {
		ui_mark(ui, DIRTY_LAYOUT | DIRTY_ALL);
		return;
	}
	if (is_key && key == KEY_MOUSE) {
		on_mouse(ui);
		return;
	}
	if (is_key && key == KEY_SGR_MOUSE) {
		on_sgr_mouse(ui);
		return;
	}
	ui->mouse.click_ms = 0; /* a key between two clicks: not a double click */
	bool was_flash = ui->flash[0] != '\0';
	ui->flash[0] = '\0';
	if (was_flash)
		ui_mark(ui, DIRTY_PROMPT);
	const char *action = (is_key || (key < 32 && !alt)) ? keys_lookup(key) : NULL;
	if (action && strcmp(action, "quit") != 0)
		ui->quitting = false;
	/* The password prompt takes every key but Ctrl-C: nothing typed there may trigger anything else. */
	if (prompt_mode(ui->prompt) == PM_SECRET) {
		if (action && strcmp(action, "cancel") == 0)
			prompt_cancel(ui->prompt);
		else
			prompt_key(ui->prompt, key, is_key, alt);
		return;
	}
	if (ui->reader) {
		/* The reader takes the keys; F10 still quits, keys bound to console lines run them, and F1 F4 F5 leave it
		 * for their own views. */
		if (reader_key(ui, key, is_key))
			return;
		if (action &&
		    (strcmp(action, "help") == 0 || strcmp(action, "caps") == 0 || strcmp(action, "cert") == 0))
			reader_close(ui);
		else if (action == NULL || (action[0] != '/' && strcmp(action, "quit") != 0 &&
					    strcmp(action, "cancel") != 0 && strcmp(action, "redraw") != 0))
			return;
	}
	if (open_reader_key(ui, key, is_key))
		return;
	if (ui->overlay) {
		if (action && (strcmp(action, "help") == 0 || strcmp(action, "quit") == 0 ||
		               strcmp(action, "caps") == 0 || strcmp(action, "cert") == 0)) {
			if (strcmp(action, "help") != 0)
				overlay_close(ui);
			ui_action(ui, action);
			return;
		}
		if (overlay_key(ui, key, is_key))
			return;
	}
	if (ui->search.active && !is_key && !alt && prompt_empty(ui->prompt)) {
		if (key == 'n' || key == 'N') {
			search_next(ui, key == 'n' ? -1 : +1);
			return;
		}
		if (key == 27) {
			search_stop(ui);
			return;
		}
	}
	if (action) {
		if ((strcmp(action, "top-if-empty") == 0 || strcmp(action, "bottom-if-empty") == 0)) {
			if (!prompt_empty(ui->prompt)) {
				prompt_key(ui->prompt, key, is_key, alt);
				return;
			}
			action = action[0] == 't' ? "top" : "bottom";
		}
		ui_action(ui, action);
		return;
	}
	if (!alt && !is_key && key == 27 && prompt_empty(ui->prompt)) {
		/* Esc with nothing typed: back to following the newest reply. */
		replies_select(ui->replies, 0);
		return;
	}
	prompt_key(ui->prompt, key, is_key, alt);
}

void input_on_stdin(int fd, short revents, void *arg)
{
	struct ui *ui = arg;
	(void)fd;
	/* Bounded: a paste of a megabyte is taken a slice per loop pass, so redraws and the network go on. */
	for (int i = 0; i < 4096; i++) {
		wint_t ch;
		int r = wget_wch(stdscr, &ch);
		if (r == ERR)
			break;
		bool is_key = r == KEY_CODE_YES;
		bool alt = false;
		if (!is_key && ch == 27) {
			wint_t c2;
			int r2 = wget_wch(stdscr, &c2);
			if (r2 == OK && c2 > 0x20 && c2 < 0x7f && keys_lookup(keys_meta_code((int)c2))) {
				ch = (wint_t)keys_meta_code((int)c2); /* a bound M-x: the binding wins */
				is_key = true;
			} else if (r2 == OK && (c2 == 'b' || c2 == 'f' || c2 == 'd' || c2 == 127 || c2 == 8)) {
				alt = true; /* the Meta keys the line editor knows */
				ch = c2;
			} else if (r2 == OK) {
				/* Esc then a key typed fast (or sent by a script): two keys, not Meta. */
				on_key(ui, 27, false, false);
				ch = c2;
			} else if (r2 == KEY_CODE_YES) {
				on_key(ui, 27, false, false);
				ch = c2;
				is_key = true;
			}
		}
		on_key(ui, (int)ch, is_key, alt);
		if (loop_stopped(ui->loop))
			return;
	}
	if ((revents & (POLLHUP | POLLERR | POLLNVAL)) && !(revents & POLLIN))
		ui_leave(ui); /* the terminal went away */
}
