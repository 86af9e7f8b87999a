/* layout: the screen geometry as a pure function of the terminal size (no curses), so it can be unit-tested.
 *
 * From top to bottom: the panes (wire and decoded, side by side on wide terminals, stacked on narrow ones), the
 * status bar, the hint line, and the prompt (one line, or more while the message editor is open). Below the
 * minimum size only a notice is shown. */
#ifndef SMTPCON_UI_LAYOUT_H
#define SMTPCON_UI_LAYOUT_H
#include <stdbool.h>

/* Smallest screen that can hold the panes, the status bar and a prompt. */
#define LAYOUT_MIN_COLS 40
#define LAYOUT_MIN_ROWS 10
/* From this width on, the two panes sit side by side. */
#define LAYOUT_WIDE_COLS 100

struct rect {
	int y, x, h, w;
};

struct layout {
	bool too_small;      /* only the notice rectangle is valid */
	bool side_by_side;
	struct rect wire;    /* the wire log pane, title row included */
	struct rect replies; /* the decoded replies pane, title row included */
	struct rect status;  /* one row */
	struct rect hint;    /* one row */
	struct rect prompt;  /* prompt_rows rows (fewer when the screen is short) */
	struct rect notice;  /* the whole screen, when too_small */
};

/*
 * Compute the layout of a rows x cols screen with a prompt of prompt_rows rows (>= 1; clamped so that each pane
 * keeps at least three rows). Rectangles never overlap and never leave the screen.
 */
void layout_compute(int rows, int cols, int prompt_rows, struct layout *out);

/* True when rect r contains the cell (y, x). */
bool rect_contains(const struct rect *r, int y, int x);

#endif
