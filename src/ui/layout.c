/* layout: terminal size -> rectangles. Pure arithmetic, no curses: the unit test drives it with any size. */
#include "ui/layout.h"

#include <string.h>

/* Rows each pane keeps at the least (a title and two lines). */
#define PANE_MIN_ROWS 3

bool rect_contains(const struct rect *r, int y, int x)
{
	return y >= r->y && y < r->y + r->h && x >= r->x && x < r->x + r->w;
}

void layout_compute(int rows, int cols, int prompt_rows, struct layout *out)
{
	memset(out, 0, sizeof *out);
	if (rows < LAYOUT_MIN_ROWS || cols < LAYOUT_MIN_COLS) {
		out->too_small = true;
		out->notice = (struct rect){0, 0, rows > 0 ? rows : 0, cols > 0 ? cols : 0};
		return;
	}
	out->side_by_side = cols >= LAYOUT_WIDE_COLS;

	/* The panes need PANE_MIN_ROWS each when stacked, PANE_MIN_ROWS in all when side by side. */
	int panes_min = out->side_by_side ? PANE_MIN_ROWS : 2 * PANE_MIN_ROWS;
	int fixed = 2; /* status + hint */
	int max_prompt = rows - fixed - panes_min;
	if (prompt_rows < 1)
		prompt_rows = 1;
	if (prompt_rows > max_prompt)
		prompt_rows = max_prompt;

	int panes_h = rows - fixed - prompt_rows;
	out->prompt = (struct rect){rows - prompt_rows, 0, prompt_rows, cols};
	out->hint = (struct rect){rows - prompt_rows - 1, 0, 1, cols};
	out->status = (struct rect){rows - prompt_rows - 2, 0, 1, cols};

	if (out->side_by_side) {
		/* The wire log gets the larger share: its lines are long. One column between the two is a border. */
		int ww = cols * 3 / 5;
		out->wire = (struct rect){0, 0, panes_h, ww};
		out->replies = (struct rect){0, ww + 1, panes_h, cols - ww - 1};
	} else {
		int wh = panes_h * 3 / 5;
		if (wh < PANE_MIN_ROWS)
			wh = PANE_MIN_ROWS;
		if (panes_h - wh < PANE_MIN_ROWS)
			wh = panes_h - PANE_MIN_ROWS;
		out->wire = (struct rect){0, 0, wh, cols};
		out->replies = (struct rect){wh, 0, panes_h - wh, cols};
	}
}
