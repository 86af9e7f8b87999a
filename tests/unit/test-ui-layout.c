/* test-ui-layout: the pure layout function: every size from tiny to huge gives rectangles inside the screen that
 * never overlap, side by side when wide, stacked when narrow (with a key bar when there are rows for it), a notice
 * below the minimum; on wide screens the decoded pane gets at least the wire pane's width; the user's split is
 * honoured within bounds. A docked lesson takes the decoded pane's place when stacked and the bottom of its column
 * side by side, never anything else. */
#include "check.h"
#include "ui/layout.h"

static bool inside(const struct rect *r, int rows, int cols)
{
	return r->y >= 0 && r->x >= 0 && r->h >= 0 && r->w >= 0 && r->y + r->h <= rows && r->x + r->w <= cols;
}

static bool overlap(const struct rect *a, const struct rect *b)
{
	if (a->h == 0 || a->w == 0 || b->h == 0 || b->w == 0)
		return false;
	return a->x < b->x + b->w && b->x < a->x + a->w && a->y < b->y + b->h && b->y < a->y + a->h;
}

static void check_size(int rows, int cols, int prompt, const struct layout_prefs *prefs)
{
	struct layout l;
	layout_compute(rows, cols, prompt, prefs, &l);
	if (rows < LAYOUT_MIN_ROWS || cols < LAYOUT_MIN_COLS) {
		CHECK(l.too_small);
		CHECK(inside(&l.notice, rows > 0 ? rows : 0, cols > 0 ? cols : 0));
		return;
	}
	CHECK(!l.too_small);
	const struct rect *all[] = {&l.wire, &l.replies, &l.status, &l.hint, &l.prompt, &l.keybar, &l.lesson};
	int area = 0;
	for (int i = 0; i < 7; i++) {
		CHECK(inside(all[i], rows, cols));
		area += all[i]->h * all[i]->w;
		for (int j = i + 1; j < 7; j++)
			CHECK(!overlap(all[i], all[j]));
	}
	bool lesson = prefs && prefs->lesson_rows > 0;
	CHECK_INT(l.lesson.h > 0, lesson);
	if (lesson) {
		CHECK(l.lesson.h >= 3);
		/* stacked (or too short to share the column): in the decoded pane's place */
		CHECK(l.side_by_side && rows - l.prompt.h - 2 >= 6 ? l.replies.h >= 3 : l.replies.h == 0);
		CHECK_INT(l.lesson.x, l.replies.x);
		CHECK_INT(l.lesson.w, l.replies.w);
	}
	/* Every cell is used, except the one-column border between side-by-side panes. */
	CHECK_INT(area, rows * cols - (l.side_by_side ? l.wire.h : 0));
	CHECK(l.wire.h >= 3);
	CHECK(l.replies.h >= 3 || (lesson && l.replies.h == 0));
	CHECK(l.status.h == 1 && l.hint.h == 1 && l.prompt.h >= 1);
	CHECK_INT(l.prompt.y + l.prompt.h + l.keybar.h, rows);
	CHECK_INT(l.side_by_side, cols >= LAYOUT_WIDE_COLS);
	CHECK(l.keybar.h == 0 || (l.keybar.h == 1 && l.keybar.y == rows - 1 && !l.side_by_side));
	if (l.side_by_side) {
		CHECK(l.wire.w >= LAYOUT_PANE_MIN_COLS && l.replies.w >= LAYOUT_PANE_MIN_COLS);
		if (prefs == NULL || prefs->wire_cols == 0)
			CHECK(l.replies.w >= l.wire.w); /* the teaching half never gets less than the wire */
	}
}

int main(void)
{
	const struct layout_prefs odd[] = {{0, 0, false, 0},   {30, 4, false, 0}, {1000, 1000, true, 0},
					   {1, 1, false, 0},   {0, 0, false, 12}, {30, 4, true, 1},
					   {0, 0, false, 1000}};
	for (int rows = 0; rows <= 80; rows++)
		for (int cols = 0; cols <= 260; cols += 7)
			for (int p = 0; p <= 14; p += 7) {
				check_size(rows, cols, p, NULL);
				for (size_t k = 0; k < sizeof odd / sizeof odd[0]; k++)
					check_size(rows, cols, p, &odd[k]);
			}

	/* 80x24: stacked, full width, the key bar on the last row under the prompt. */
	struct layout l;
	layout_compute(24, 80, 1, NULL, &l);
	CHECK(!l.too_small && !l.side_by_side);
	CHECK_INT(l.wire.w, 80);
	CHECK_INT(l.replies.y, l.wire.y + l.wire.h);
	CHECK_INT(l.status.y, 20);
	CHECK_INT(l.hint.y, 21);
	CHECK_INT(l.prompt.y, 22);
	CHECK_INT(l.keybar.y, 23);
	CHECK_INT(l.keybar.w, 80);
	/* Without it (/set keybar off) the prompt is the last row again. */
	struct layout_prefs nokb = {0, 0, true, 0};
	layout_compute(24, 80, 1, &nokb, &l);
	CHECK_INT(l.keybar.h, 0);
	CHECK_INT(l.prompt.y, 23);

	/* 100x30: still stacked, each pane the full width; 120x30: side by side, without the key bar. */
	layout_compute(30, 100, 1, NULL, &l);
	CHECK(!l.side_by_side);
	CHECK_INT(l.wire.w, 100);
	CHECK_INT(l.keybar.h, 1);
	layout_compute(30, 120, 1, NULL, &l);
	CHECK(l.side_by_side);
	CHECK_INT(l.wire.h, 27);
	CHECK_INT(l.keybar.h, 0);
	CHECK_INT(l.replies.x, l.wire.w + 1);
	CHECK(l.replies.w >= l.wire.w);

	/* 120x40: the decoded pane got 47 columns once; now half the screen. */
	layout_compute(40, 120, 1, NULL, &l);
	CHECK(l.side_by_side);
	CHECK_INT(l.wire.w, 59);
	CHECK_INT(l.replies.w, 60);
	/* 200x50: the wire takes what it needs (100 columns at most), the decoded pane at least as much. */
	layout_compute(50, 200, 1, NULL, &l);
	CHECK_INT(l.wire.w, 99);
	CHECK_INT(l.replies.w, 100);
	/* 250x60: the wire stops at 100 columns; the decoded pane takes the other 149. */
	layout_compute(60, 250, 1, NULL, &l);
	CHECK_INT(l.wire.w, LAYOUT_WIRE_WANT_COLS);
	CHECK_INT(l.replies.x, 101);
	CHECK_INT(l.replies.w, 149);
	CHECK_INT(layout_auto_wire_cols(250), 100);

	/* The user's split is kept where it fits, clamped where it does not. */
	struct layout_prefs mine = {140, 12, false, 0};
	layout_compute(60, 250, 1, &mine, &l);
	CHECK_INT(l.wire.w, 140);
	CHECK_INT(l.replies.w, 109);
	layout_compute(40, 120, 1, &mine, &l);
	CHECK_INT(l.wire.w, 120 - 1 - LAYOUT_PANE_MIN_COLS);
	CHECK_INT(l.split_max, 120 - 1 - LAYOUT_PANE_MIN_COLS);
	CHECK_INT(l.split_min, LAYOUT_PANE_MIN_COLS);
	layout_compute(24, 80, 1, &mine, &l);
	CHECK_INT(l.wire.h, 12);
	CHECK_INT(l.replies.y, 12);
	mine.wire_rows = 40;
	layout_compute(24, 80, 1, &mine, &l);
	CHECK_INT(l.replies.h, LAYOUT_PANE_MIN_ROWS);

	/* The lesson at 80x24: the decoded pane's place, half the panes' rows when it wants them; at 200x50 under
	 * the decoded pane, which keeps half its column. */
	struct layout_prefs lesson = {0, 0, false, 15};
	layout_compute(24, 80, 1, &lesson, &l);
	CHECK_INT(l.lesson.h, 10);
	CHECK_INT(l.wire.h, 10);
	CHECK_INT(l.lesson.y, 10);
	CHECK_INT(l.replies.h, 0);
	lesson.lesson_rows = 4; /* a short lesson: the decoded pane's rows all the same */
	layout_compute(24, 80, 1, &lesson, &l);
	CHECK_INT(l.lesson.h, 8);
	lesson.lesson_rows = 15;
	layout_compute(50, 200, 1, &lesson, &l);
	CHECK_INT(l.wire.h, 47);
	CHECK_INT(l.lesson.h, 15);
	CHECK_INT(l.replies.h, 32);
	CHECK_INT(l.lesson.y, 32);
	CHECK_INT(l.lesson.x, 100);

	/* The message editor asks for 12 rows on a short screen: the panes keep their minimum. */
	layout_compute(12, 60, 12, NULL, &l);
	CHECK(!l.too_small);
	CHECK(l.wire.h >= 3 && l.replies.h >= 3);
	CHECK_INT(l.prompt.h, 12 - 2 - 6);

	layout_compute(9, 200, 1, NULL, &l);
	CHECK(l.too_small);
	layout_compute(40, 39, 1, NULL, &l);
	CHECK(l.too_small);

	struct rect r = {2, 3, 4, 5};
	CHECK(rect_contains(&r, 2, 3));
	CHECK(rect_contains(&r, 5, 7));
	CHECK(!rect_contains(&r, 6, 7));
	CHECK(!rect_contains(&r, 5, 8));
	return check_report();
}
