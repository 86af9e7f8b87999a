/* input: the keyboard and the mouse. Keys go, in order, to the password prompt (which takes everything but
 * Ctrl-C), an open overlay, search mode (n/N), the default bindings (keys.c), and finally the prompt. Reading is
 * bounded per loop pass so a huge paste never starves the network or the screen. */
#include <limits.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include "ui/overlay.h"
#include "ui/pane.h"
#include "ui/prompt.h"
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
			ui_flash(ui, "QUIT sent; leaving when the server answers (F10 again leaves at once)");
		}
	} else if (strcmp(a, "cancel") == 0) {
		if (prompt_cancel(ui->prompt))
			return;
		if (ui->search.active) {
			search_stop(ui);
			return;
		}
		if (ui->con)
			console_cancel(ui->con);
		prompt_key(ui->prompt, 21, false, false); /* C-u: the line goes too, as in a shell */
		ui_flash(ui, "cancelled");
	} else if (strcmp(a, "redraw") == 0) {
		clearok(curscr, TRUE);
		ui_mark(ui, DIRTY_ALL);
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
		ui->focus = !ui->focus;
		ui_mark(ui, DIRTY_WIRE | DIRTY_REPLIES | DIRTY_STATUS);
	} else if (strcmp(a, "select-prev") == 0) {
		replies_select(ui->replies, -1);
	} else if (strcmp(a, "select-next") == 0) {
		replies_select(ui->replies, +1);
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

static void on_mouse(struct ui *ui)
{
	MEVENT me;
	if (getmouse(&me) != OK || ui->lay.too_small || ui->overlay)
		return;
	const struct rect *r = NULL;
	struct pane *p = pane_at(ui, me.y, me.x, &r);
	if (p == NULL)
		return;
	if (me.bstate & BUTTON4_PRESSED)
		p->ops->scrollby(p->data, -3);
#ifdef BUTTON5_PRESSED
	else if (me.bstate & BUTTON5_PRESSED)
		p->ops->scrollby(p->data, 3);
#endif
	else if (me.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED)) {
		ui->focus = p == ui->replies;
		p->ops->click(p->data, me.y - r->y, me.x - r->x);
		ui_mark(ui, DIRTY_ALL);
	}
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
