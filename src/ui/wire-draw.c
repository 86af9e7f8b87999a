/* wire-draw: scrolling and drawing of the wire pane. Only the visible lines are walked (O(screen) whatever the
 * log's size): follow mode finds the top by walking back from the newest line. A line is never cut without a
 * sign: by default a long line wraps (continuation rows carry a mark in the gutter), or, with wrapping off (F7),
 * a data line is cut at the pane's edge with a marker and the pane scrolls sideways (our own notes wrap either
 * way). Wrapping is measured lazily, for the lines a redraw looks at, and cached. The hex view (wire-hex.c) makes
 * a line as tall as its rows and shows the raw TLS records the text view hides. Every byte is drawn through the
 * escape gate, CR LF faintly, bare CR/LF as anomalies. */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "lib/i18n.h"
#include "ui/clients.h"
#include "ui/pane.h"
#include "ui/wire-int.h"

/* Lines a walk for one screen may look at: hidden lines (raw TLS records outside the hex view) take no row, so
 * a peer that sent a flood of tiny records must not turn one redraw into a walk over the whole log. */
#define WALK_MAX 200000

static const char *glyph(const struct wire *w, const char *utf8, const char *ascii)
{
	return w->ui->utf8 ? utf8 : ascii;
}

/* ---- heights and scrolling ---- */

void wire_heights_changed(struct wire *w)
{
	w->hgen++;
	if (w->hgen == 0)
		w->hgen = 1; /* 0 marks an empty cache slot */
}

/* Rows line n takes: 0 for a raw TLS record outside the hex view. */
static int line_height(struct wire *w, size_t n)
{
	struct wl_line l;
	if (!wirelog_get(w->log, n, &l))
		return 1;
	if (!clients_visible(w->ui, l.client))
		return 0; /* listen mode: another client than the one shown alone (/client N) */
	if (l.kind == WL_RECORD)
		return w->hex ? wire_record_rows(w, &l) : 0;
	if (l.kind == WL_RULE)
		return 1;
	if (w->hex && l.kind == WL_DATA)
		return wire_hex_rows(w, &l);
	if (!wire_line_wraps(w, &l) || l.len == 0)
		return 1;
	if (w->hgen == 0)
		wire_heights_changed(w);
	size_t slot = n % (sizeof w->hcache / sizeof w->hcache[0]);
	if (w->hcache[slot].gen == w->hgen && w->hcache[slot].line == n)
		return w->hcache[slot].height;
	int h = wire_wrapped_rows(w, &l);
	w->hcache[slot].line = n;
	w->hcache[slot].height = h;
	w->hcache[slot].gen = w->hgen;
	return h;
}

/* The top position that shows the newest line at the bottom of a view of h rows. */
static void bottom_top(struct wire *w, int h, size_t *top, int *sub)
{
	size_t first = wirelog_first(w->log), end = wirelog_end(w->log);
	*top = end;
	*sub = 0;
	int rows = 0;
	size_t steps = 0;
	while (*top > first && rows < h && steps++ < WALK_MAX) {
		(*top)--;
		int lh = line_height(w, *top);
		rows += lh;
		if (rows > h)
			*sub = rows - h;
	}
}

/* True when the rows from (top, sub) to the end fit in h rows. */
static bool fits_from(struct wire *w, size_t top, int sub, int h)
{
	int rows = -sub;
	size_t end = wirelog_end(w->log);
	if (end - top > WALK_MAX)
		end = top + WALK_MAX;
	for (size_t n = top; n < end; n++) {
		rows += line_height(w, n);
		if (rows > h)
			return false;
	}
	return end == wirelog_end(w->log); /* a walk cut short proves nothing */
}

void wire_scroll(void *data, int delta)
{
	struct wire *w = data;
	int h = w->view_h > 0 ? w->view_h : 10;
	size_t first = wirelog_first(w->log);
	if (delta == INT_MIN) {
		w->follow = false;
		w->top = first;
		w->top_sub = 0;
	} else if (delta == INT_MAX) {
		w->follow = true;
	} else {
		if (w->follow)
			bottom_top(w, h, &w->top, &w->top_sub);
		w->follow = false;
		if (w->top < first) {
			w->top = first;
			w->top_sub = 0;
		}
		while (delta < 0) {
			if (w->top_sub > 0)
				w->top_sub--;
			else if (w->top > first) {
				w->top--;
				int lh = line_height(w, w->top);
				if (lh == 0)
					continue; /* hidden (a raw record outside the hex view): not a row */
				w->top_sub = lh - 1;
			} else
				break;
			delta++;
		}
		while (delta > 0 && !fits_from(w, w->top, w->top_sub, h)) {
			if (w->top_sub + 1 < line_height(w, w->top))
				w->top_sub++;
			else {
				w->top++;
				w->top_sub = 0;
				while (w->top + 1 < wirelog_end(w->log) && line_height(w, w->top) == 0)
					w->top++;
			}
			delta--;
		}
		if (fits_from(w, w->top, w->top_sub, h))
			w->follow = true; /* back at the bottom: stick to it again */
	}
	ui_mark(w->ui, DIRTY_WIRE);
}

/* ---- drawing ---- */

/* Draw rows [sub, sub + nrows) of line n at window rows y... */
static void draw_line(struct wire *w, WINDOW *win, size_t n, int sub, int nrows, int y, int width)
{
	struct ui *ui = w->ui;
	struct wl_line l;
	if (!wirelog_get(w->log, n, &l))
		return;
	bool marked = w->marked && n >= w->mark_first && n <= w->mark_last;
	bool match = w->has_match && n == w->match;
	attr_t over = match ? ui_attr(ui, ROLE_WIRE_MATCH) : marked ? ui_attr(ui, ROLE_WIRE_MARK) : 0;
	int avail = width - wire_gutter(w);
	for (int r = 0; r < nrows; r++) {
		wmove(win, y + r, 0);
		if (over)
			draw_fill(win, over);
	}
	if (l.kind == WL_RULE) {
		attr_t a = ui_attr(ui, ROLE_WIRE_RULE);
		const char *h = glyph(w, "\xe2\x94\x80", "-");
		wmove(win, y, 0);
		wire_draw_gutter(w, win, &l, true, false);
		int cols = 0;
		for (int k = 0; k < 3; k++)
			cols += draw_str(win, a, h, strlen(h), avail - cols);
		cols += draw_str(win, a, " ", 1, avail - cols);
		cols += draw_untrusted(win, a, l.text, l.len, avail - cols);
		cols += draw_str(win, a, " ", 1, avail - cols);
		while (cols < avail)
			cols += draw_str(win, a, h, strlen(h), avail - cols) ? 1 : avail;
		return;
	}
	if (l.kind == WL_RECORD || (w->hex && l.kind == WL_DATA)) {
		for (int r = 0; r < nrows; r++) {
			wmove(win, y + r, 0);
			if (l.kind == WL_RECORD)
				wire_draw_record_row(w, win, &l, sub + r, avail, over);
			else
				wire_draw_hex_row(w, win, &l, sub + r, avail, over);
		}
		return;
	}
	bool show_time = l.kind == WL_DATA ? (l.flags & WL_SEG_START) != 0 : l.kind != WL_ANNOT;
	for (int r = 0; r < nrows; r++) {
		wmove(win, y + r, 0);
		wire_draw_gutter(w, win, &l, show_time, sub + r > 0);
	}
	struct walk k;
	wire_walk_init(&k, w, win);
	k.wrap = wire_line_wraps(w, &l);
	if (k.wrap) {
		k.first = sub;
		k.nrows = nrows;
		k.y0 = y;
		wire_walk_line(&k, &l, over);
		return;
	}
	k.from = w->hscroll;
	k.y = y;
	wire_walk_line(&k, &l, over);
	/* Cut: say that the line goes on, at the edge where it does. */
	attr_t ma = ui_attr(ui, ROLE_WIRE_ANOMALY);
	if (k.more) {
		const char *m = glyph(w, "\xe2\x80\xba", ">");
		wmove(win, y, width - 1);
		draw_str(win, ma, m, strlen(m), 1);
	}
	if (k.left) {
		const char *m = glyph(w, "\xe2\x80\xb9", "<");
		wmove(win, y, wire_gutter(w));
		draw_str(win, ma, m, strlen(m), 1);
	}
}

void wire_draw(void *data, WINDOW *win, bool focused)
{
	struct wire *w = data;
	struct ui *ui = w->ui;
	int h, width;
	getmaxyx(win, h, width);
	werase(win);
	if (width - wire_gutter(w) != w->text_w) {
		w->text_w = width - wire_gutter(w) > 1 ? width - wire_gutter(w) : 1;
		wire_heights_changed(w);
	}
	/* Title row. */
	wmove(win, 0, 0);
	attr_t ta = ui_attr(ui, focused ? ROLE_TITLE_FOCUS : ROLE_TITLE);
	draw_fill(win, ta);
	char title[240], cut[64] = "";
	size_t nlines = wirelog_end(w->log) - wirelog_first(w->log);
	if (!w->wrap && !w->hex)
		snprintf(cut, sizeof cut, w->hscroll ? _(" [cut, col %d]") : _(" [cut]"), w->hscroll + 1);
	/* TRANSLATORS: the wire pane's title: " wire [hex] [cut] [follow]  12 lines"; keep it short (the pane may
	 * be 40 columns wide). */
	snprintf(title, sizeof title, P_("%s%s%s%s  %zu line", "%s%s%s%s  %zu lines", nlines), _(" wire"),
		 w->hex ? " [hex]" : "", cut, w->follow ? _(" [follow]") : _(" [scrolled: C-End follows]"), nlines);
	char tag[48];
	size_t tl = strlen(title); /* listen mode: " [#2 only]" while /client N shows one client */
	snprintf(title + tl, sizeof title - tl, "%s", clients_title(ui, tag, sizeof tag));
	draw_fit(win, ta, title, strlen(title), width);
	int view = h - 1;
	w->view_h = view;
	if (view <= 0)
		return;
	size_t top;
	int sub;
	if (w->follow) {
		bottom_top(w, view, &top, &sub);
	} else {
		if (w->top < wirelog_first(w->log)) {
			w->top = wirelog_first(w->log);
			w->top_sub = 0;
		}
		/* The rest fits (lines got shorter: the hex view or wrapping went off): show the end and follow it,
		 * rather than a few lines over empty rows. */
		if (fits_from(w, w->top, w->top_sub, view) && w->top > wirelog_first(w->log))
			w->follow = true;
		top = w->top;
		sub = w->top_sub;
		if (w->follow)
			bottom_top(w, view, &top, &sub);
	}
	int row = 1;
	for (size_t n = top; n < wirelog_end(w->log) && row <= view; n++) {
		int lh = line_height(w, n);
		int s = n == top ? sub : 0;
		if (s >= lh)
			continue;
		int take = lh - s < view - row + 1 ? lh - s : view - row + 1;
		draw_line(w, win, n, s, take, row, width);
		row += take;
	}
}

/* Scroll so that line n shows, a few rows below the top, unless it already shows in the top half (or anywhere,
 * when following). Counted in rows: a line in the hex view or a wrapped one is several. */
void wire_reveal(struct wire *w, size_t n)
{
	int h = w->view_h > 0 ? w->view_h : 10;
	size_t top;
	int sub;
	if (w->follow) {
		bottom_top(w, h, &top, &sub);
	} else {
		top = w->top;
		sub = w->top_sub;
	}
	if (n >= top) {
		int before = -sub;
		for (size_t m = top; m < n && before < h; m++)
			before += line_height(w, m);
		if (before < h / 2 || (w->follow && before < h))
			return;
	}
	size_t first = wirelog_first(w->log);
	w->follow = false;
	w->top = n;
	w->top_sub = 0;
	/* Up to two lines of context above, if they take no more than a third of the view. */
	int ctx = 0;
	for (int k = 0; k < 2 && w->top > first; k++) {
		int lh = line_height(w, w->top - 1);
		if (ctx + lh > h / 3)
			break;
		ctx += lh;
		w->top--;
	}
	if (fits_from(w, w->top, 0, h))
		w->follow = true;
}

void wire_reveal_at(struct wire *w, size_t n, size_t off)
{
	struct wl_line l;
	if (w->hex || !wirelog_get(w->log, n, &l) ||
	    (l.kind != WL_DATA && l.kind != WL_NOTE && l.kind != WL_ANNOT && l.kind != WL_ERROR)) {
		wire_reveal(w, n);
		return;
	}
	struct walk k;
	wire_walk_init(&k, w, NULL);
	k.wrap = wire_line_wraps(w, &l);
	k.find = off;
	wire_walk_line(&k, &l, 0);
	int row = k.find_row < 0 ? k.row : k.find_row, col = k.find_row < 0 ? k.col : k.find_col;
	int h = w->view_h > 0 ? w->view_h : 10;
	if (!k.wrap) {
		/* Cut: bring the match's columns into view, with some context on its left. */
		int width = w->text_w > 0 ? w->text_w : 86;
		if (col < w->hscroll || col >= w->hscroll + width - 8)
			w->hscroll = col > width / 3 ? col - width / 3 : 0;
		wire_reveal(w, n);
		return;
	}
	if (row < h / 2) {
		wire_reveal(w, n);
		return;
	}
	/* Deep inside a long wrapped line: put the match's row a third of the way down the view. */
	w->follow = false;
	w->top = n;
	w->top_sub = row - h / 3;
	if (fits_from(w, w->top, w->top_sub, h))
		w->follow = true;
}
