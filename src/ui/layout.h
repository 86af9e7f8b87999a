/* layout: the screen geometry as a pure function of the terminal size and the user's split (no curses), so it can
 * be unit-tested.
 *
 * From top to bottom: the panes (wire and decoded, side by side on wide terminals, stacked on narrow ones), the
 * status bar, the hint line, the prompt (one line, or more while the message editor is open) and, when the panes
 * are stacked and the screen has the rows, a key bar (htop's and mc's: "F1 Help  F4 Caps ..."). Below the
 * minimum size only a notice is shown.
 *
 * A docked lesson (/lesson) sits beside the session, never over it: side by side, under the decoded pane in its
 * column; stacked (80x24), in the decoded pane's place while it is shown, taking up to half the panes' rows. */
#ifndef SMTPCON_UI_LAYOUT_H
#define SMTPCON_UI_LAYOUT_H
#include <stdbool.h>

/* Smallest screen that can hold the panes, the status bar and a prompt. */
#define LAYOUT_MIN_COLS 40
#define LAYOUT_MIN_ROWS 10
/* From this width on, the two panes sit side by side (each then has 59 columns or more: narrower, a side-by-side
 * pane wraps or cuts more than a stacked one does). */
#define LAYOUT_WIDE_COLS 120
/* Columns the wire pane needs at most (its gutter and an SMTP line): on wider screens the rest goes to the
 * decoded pane, which never gets less than the wire. */
#define LAYOUT_WIRE_WANT_COLS 100
/* Narrowest a side-by-side pane may be made by moving the split. */
#define LAYOUT_PANE_MIN_COLS 24
/* Rows each pane keeps at the least (a title and two lines). */
#define LAYOUT_PANE_MIN_ROWS 3
/* From this height on, stacked panes leave a row for the key bar. */
#define LAYOUT_KEYBAR_ROWS 14

struct rect {
	int y, x, h, w;
};

/* What the user chose (the options wire-width, wire-rows and keybar); zeros: automatic. */
struct layout_prefs {
	int wire_cols; /* side by side: the wire pane's width in columns (0: automatic) */
	int wire_rows; /* stacked: the wire pane's height in rows, title included (0: automatic) */
	bool no_keybar;
	int lesson_rows; /* rows the docked lesson would like, title included (0: no lesson shown) */
};

struct layout {
	bool too_small; /* only the notice rectangle is valid */
	bool side_by_side;
	struct rect wire;    /* the wire log pane, title row included */
	struct rect replies; /* the decoded replies pane, title row included */
	struct rect status;  /* one row */
	struct rect hint;    /* one row */
	struct rect prompt;  /* prompt_rows rows (fewer when the screen is short) */
	struct rect keybar;  /* one row at the bottom, or h = 0 */
	struct rect lesson;  /* the docked lesson, title row included, or h = 0 (then replies.h = 0 when stacked) */
	struct rect notice;  /* the whole screen, when too_small */
	/* Where the split may go: side by side, the wire pane's width in [split_min, split_max]; stacked, its
	 * height. The mouse and the keys clamp to these. */
	int split_min, split_max;
};

/*
 * Compute the layout of a rows x cols screen with a prompt of prompt_rows rows (>= 1; clamped so that each pane
 * keeps at least three rows) and the user's prefs (NULL: automatic). A split the screen cannot honour is clamped.
 * Rectangles never overlap and never leave the screen.
 */
void layout_compute(int rows, int cols, int prompt_rows, const struct layout_prefs *prefs, struct layout *out);

/* The automatic width of the wire pane on a side-by-side screen cols wide. */
int layout_auto_wire_cols(int cols);

/* True when rect r contains the cell (y, x). */
bool rect_contains(const struct rect *r, int y, int x);

#endif
