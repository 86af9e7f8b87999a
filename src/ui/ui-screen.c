/* ui-screen: the windows made from the layout, the too-small notice, the divider, and the redraw hook: handlers
 * only mark parts dirty; the screen is redrawn once per loop pass, in the loop's before-poll hook (tmux's
 * model), so a burst of a thousand events costs one redraw. */
#include <stdio.h>
#include <string.h>

#include "lib/i18n.h"
#include "ui/lesson-dock.h"
#include "ui/overlay.h"
#include "ui/pane.h"
#include "ui/prompt.h"
#include "ui/reader.h"
#include "ui/ui-internal.h"
#include "ui/wrap.h"

/* ---- layout ---- */

static void drop_windows(struct ui *ui)
{
	WINDOW **ws[] = {&ui->win_wire,   &ui->win_replies, &ui->win_status, &ui->win_hint,
			 &ui->win_prompt, &ui->win_keybar,  &ui->win_lesson};
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
	/* A docked lesson: the rows it wants at the width it gets (the decoded pane's), then the layout again. */
	prefs.lesson_rows = lesson_dock_rows(ui->lay.replies.w);
	if (prefs.lesson_rows > 0)
		layout_compute(ui->rows, ui->cols, prompt_rows(ui->prompt), &prefs, &ui->lay);
	if (ui->lay.replies.h == 0)
		ui->focus = 0; /* the decoded pane gave its place to the lesson */
	if (!ui->lay.too_small) {
		ui->win_keybar = make(&ui->lay.keybar);
		ui->win_lesson = make(&ui->lay.lesson);
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
void ui_redraw(void *arg)
{
	struct ui *ui = arg;
	if (!ui_term_active())
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
	if ((ui->dirty & (DIRTY_LESSON | DIRTY_LAYOUT)) && ui->win_lesson) {
		lesson_dock_draw(ui, ui->win_lesson);
		wnoutrefresh(ui->win_lesson);
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
