/* test-ui-layout: the pure layout function: every size from tiny to huge gives rectangles inside the screen that
 * never overlap, side by side when wide, stacked when narrow, a notice below the minimum. */
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

static void check_size(int rows, int cols, int prompt)
{
	struct layout l;
	layout_compute(rows, cols, prompt, &l);
	if (rows < LAYOUT_MIN_ROWS || cols < LAYOUT_MIN_COLS) {
		CHECK(l.too_small);
		CHECK(inside(&l.notice, rows > 0 ? rows : 0, cols > 0 ? cols : 0));
		return;
	}
	CHECK(!l.too_small);
	const struct rect *all[] = {&l.wire, &l.replies, &l.status, &l.hint, &l.prompt};
	int area = 0;
	for (int i = 0; i < 5; i++) {
		CHECK(inside(all[i], rows, cols));
		area += all[i]->h * all[i]->w;
		for (int j = i + 1; j < 5; j++)
			CHECK(!overlap(all[i], all[j]));
	}
	/* Every cell is used, except the one-column border between side-by-side panes. */
	CHECK_INT(area, rows * cols - (l.side_by_side ? l.wire.h : 0));
	CHECK(l.wire.h >= 3);
	CHECK(l.replies.h >= 3);
	CHECK(l.status.h == 1 && l.hint.h == 1 && l.prompt.h >= 1);
	CHECK_INT(l.prompt.y + l.prompt.h, rows);
	CHECK_INT(l.side_by_side, cols >= LAYOUT_WIDE_COLS);
}

int main(void)
{
	for (int rows = 0; rows <= 80; rows++)
		for (int cols = 0; cols <= 260; cols += 7)
			for (int p = 0; p <= 14; p += 7)
				check_size(rows, cols, p);

	struct layout l;
	layout_compute(24, 80, 1, &l);
	CHECK(!l.too_small && !l.side_by_side);
	CHECK_INT(l.wire.w, 80);
	CHECK_INT(l.replies.y, l.wire.y + l.wire.h);
	CHECK_INT(l.status.y, 21);
	CHECK_INT(l.hint.y, 22);
	CHECK_INT(l.prompt.y, 23);

	layout_compute(30, 100, 1, &l);
	CHECK(l.side_by_side);
	CHECK_INT(l.wire.h, 27);
	CHECK_INT(l.replies.x, l.wire.w + 1);
	CHECK(l.wire.w > l.replies.w);

	/* The message editor asks for 12 rows on a short screen: the panes keep their minimum. */
	layout_compute(12, 60, 12, &l);
	CHECK(!l.too_small);
	CHECK(l.wire.h >= 3 && l.replies.h >= 3);
	CHECK_INT(l.prompt.h, 12 - 2 - 6);

	layout_compute(9, 200, 1, &l);
	CHECK(l.too_small);
	layout_compute(40, 39, 1, &l);
	CHECK(l.too_small);

	struct rect r = {2, 3, 4, 5};
	CHECK(rect_contains(&r, 2, 3));
	CHECK(rect_contains(&r, 5, 7));
	CHECK(!rect_contains(&r, 6, 7));
	CHECK(!rect_contains(&r, 5, 8));
	return check_report();
}
