/* layout: terminal size -> rectangles. Pure arithmetic, no curses: the unit test drives it with any size. */
#include "ui/layout.h"

#include <string.h>

bool rect_contains(const struct rect *r, int y, int x)
{
	return y >= r->y && y < r->y + r->h && x >= r->x && x < r->x + r->w;
}

static int clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

int layout_auto_wire_cols(int cols)
{
	/* Half the screen (the decoded pane gets the odd column), never more than the wire needs: the teaching half
	 * gets the rest of a wide screen. */
	int w = (cols - 1) / 2;
	return w > LAYOUT_WIRE_WANT_COLS ? LAYOUT_WIRE_WANT_COLS : w;
}

void layout_compute(int rows, int cols, int prompt_rows, const struct layout_prefs *prefs, struct layout *out)
{
	static const struct layout_prefs automatic;
	if (prefs == NULL)
		prefs = &automatic;
	memset(out, 0, sizeof *out);
	if (rows < LAYOUT_MIN_ROWS || cols < LAYOUT_MIN_COLS) {
		out->too_small = true;
		out->notice = (struct rect){0, 0, rows > 0 ? rows : 0, cols > 0 ? cols : 0};
		return;
	}
	out->side_by_side = cols >= LAYOUT_WIDE_COLS;
	bool keybar = !out->side_by_side && !prefs->no_keybar && rows >= LAYOUT_KEYBAR_ROWS;

	/* The panes need LAYOUT_PANE_MIN_ROWS each when stacked, that many in all when side by side. */
	int panes_min = out->side_by_side ? LAYOUT_PANE_MIN_ROWS : 2 * LAYOUT_PANE_MIN_ROWS;
	int fixed = 2 + (keybar ? 1 : 0); /* status + hint (+ key bar) */
	int max_prompt = rows - fixed - panes_min;
	if (prompt_rows < 1)
		prompt_rows = 1;
	if (prompt_rows > max_prompt)
		prompt_rows = max_prompt;

	int bottom = rows - (keybar ? 1 : 0);
	int panes_h = bottom - 2 - prompt_rows;
	if (keybar)
		out->keybar = (struct rect){rows - 1, 0, 1, cols};
	out->prompt = (struct rect){bottom - prompt_rows, 0, prompt_rows, cols};
	out->hint = (struct rect){bottom - prompt_rows - 1, 0, 1, cols};
	out->status = (struct rect){bottom - prompt_rows - 2, 0, 1, cols};

	if (out->side_by_side) {
		/* One column between the two is a border. */
		out->split_min = LAYOUT_PANE_MIN_COLS;
		out->split_max = cols - 1 - LAYOUT_PANE_MIN_COLS;
		int ww = prefs->wire_cols > 0 ? prefs->wire_cols : layout_auto_wire_cols(cols);
		ww = clamp(ww, out->split_min, out->split_max);
		out->wire = (struct rect){0, 0, panes_h, ww};
		out->replies = (struct rect){0, ww + 1, panes_h, cols - ww - 1};
		if (prefs->lesson_rows > 0 && panes_h >= 2 * LAYOUT_PANE_MIN_ROWS) {
			/* Under the decoded pane, which keeps half its column at least. */
			int lh = clamp(prefs->lesson_rows, LAYOUT_PANE_MIN_ROWS, panes_h / 2);
			out->replies.h = panes_h - lh;
			out->lesson = (struct rect){panes_h - lh, ww + 1, lh, cols - ww - 1};
		} else if (prefs->lesson_rows > 0) {
			/* Too short to share the column: the lesson has it while it is shown. */
			out->lesson = out->replies;
			out->replies.h = 0;
		}
	} else {
		out->split_min = LAYOUT_PANE_MIN_ROWS;
		out->split_max = panes_h - LAYOUT_PANE_MIN_ROWS;
		int wh = prefs->wire_rows > 0 ? prefs->wire_rows : panes_h * 3 / 5;
		wh = clamp(wh, out->split_min, out->split_max);
		out->wire = (struct rect){0, 0, wh, cols};
		out->replies = (struct rect){wh, 0, panes_h - wh, cols};
		if (prefs->lesson_rows > 0) {
			/* In the decoded pane's place (it comes back when the lesson is hidden), with up to half the
			 * rows when it needs them: the wire stays, and the prompt below it. */
			int lh = panes_h - wh;
			int want = prefs->lesson_rows < panes_h / 2 ? prefs->lesson_rows : panes_h / 2;
			if (want > lh)
				lh = want;
			out->wire.h = panes_h - lh;
			out->lesson = (struct rect){panes_h - lh, 0, lh, cols};
			out->replies = (struct rect){panes_h - lh, 0, 0, cols};
			out->split_min = out->split_max = out->wire.h;
		}
	}
}
