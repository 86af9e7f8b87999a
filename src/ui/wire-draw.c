/* wire-draw: scrolling and drawing of the wire pane. Only the visible lines are walked (O(screen) whatever the
 * log's size): follow mode finds the top by walking back from the newest line; hex mode makes a line as tall as
 * its 16-byte rows, and shows the raw TLS records (a label row, then their bytes) that the text view hides.
 * Every byte is drawn through the escape gate, CR LF faintly, bare CR/LF as anomalies. */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "lib/escape.h"
#include "ui/pane.h"
#include "ui/wire-int.h"

/* ---- scrolling ---- */

/* Lines a walk for one screen may look at: hidden lines (raw TLS records outside the hex view) take no row, so
 * a peer that sent a flood of tiny records must not turn one redraw into a walk over the whole log. */
#define WALK_MAX 200000

/* Rows of a raw TLS record in the hex view: its label, its kept bytes, and a note when it was cut. */
static int record_rows(const struct wl_line *l)
{
	return 1 + (int)((l->len + 15) / 16) + ((l->flags & WREC_CUT) ? 1 : 0);
}

/* Rows line n takes: 0 for a raw TLS record outside the hex view. */
static int line_height(const struct wire *w, size_t n)
{
	struct wl_line l;
	if (!wirelog_get(w->log, n, &l))
		return 1;
	if (l.kind == WL_RECORD)
		return w->hex ? record_rows(&l) : 0;
	if (!w->hex || l.kind != WL_DATA || l.len == 0)
		return 1;
	return (int)((l.len + 15) / 16);
}

/* The top position that shows the newest line at the bottom of a view of h rows. */
static void bottom_top(const struct wire *w, int h, size_t *top, int *sub)
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
static bool fits_from(const struct wire *w, size_t top, int sub, int h)
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

static const char *glyph(const struct wire *w, const char *utf8, const char *ascii)
{
	return w->ui->utf8 ? utf8 : ascii;
}

static void draw_gutter(struct wire *w, WINDOW *win, const struct wl_line *l, bool show_time)
{
	struct ui *ui = w->ui;
	char tb[16] = "        ";
	if (show_time)
		snprintf(tb, sizeof tb, "%8.3f", l->t_ms / 1000.0);
	draw_str(win, ui_attr(ui, ROLE_WIRE_TIME), tb, strlen(tb), 8);
	draw_str(win, ui_attr(ui, ROLE_DEFAULT), " ", 1, 1);
	if (l->kind != WL_DATA && l->kind != WL_RECORD) {
		draw_str(win, ui_attr(ui, ROLE_DEFAULT), "     ", 5, 5);
		return;
	}
	bool c = l->dir == DIR_CLIENT;
	draw_str(win, ui_attr(ui, c ? ROLE_WIRE_CLIENT : ROLE_WIRE_SERVER) | A_BOLD, c ? "C" : "S", 1, 1);
	if (l->kind == WL_DATA && (l->flags & WL_TLS)) {
		const char *lock = glyph(w, "\xf0\x9f\x94\x92", "T ");
		draw_str(win, ui_attr(ui, ROLE_WIRE_TLS), lock, strlen(lock), 2);
	} else {
		draw_str(win, ui_attr(ui, ROLE_DEFAULT), "  ", 2, 2);
	}
	const char *seg = (l->flags & WL_SEG_START) ? glyph(w, "\xe2\x96\xb8", ">") : glyph(w, "\xe2\x94\x82", "|");
	draw_str(win, ui_attr(ui, ROLE_WIRE_SEGMENT), seg, strlen(seg), 1);
	draw_str(win, ui_attr(ui, ROLE_DEFAULT), " ", 1, 1);
}

static bool is_ctl(uint8_t c)
{
	return c < 0x20 || c == 0x7f;
}

static void draw_data_text(struct wire *w, WINDOW *win, const struct wl_line *l, int maxcols, attr_t over)
{
	struct ui *ui = w->ui;
	attr_t base = over ? over : ui_attr(ui, l->dir == DIR_CLIENT ? ROLE_WIRE_CLIENT : ROLE_WIRE_SERVER);
	attr_t eol = over ? over : ui_attr(ui, ROLE_WIRE_EOL);
	attr_t bad = ui_attr(ui, ROLE_WIRE_ANOMALY);
	attr_t esc = over ? over | A_BOLD : ui_attr(ui, ROLE_WIRE_ESCAPE);
	const char *cr = glyph(w, "\xe2\x90\x8d", "\\r"), *lf = glyph(w, "\xe2\x90\x8a", "\\n");
	int cols = 0;
	if (l->flags & WL_CUT) {
		const char *ellipsis = glyph(w, "\xe2\x80\xa6", "...");
		cols += draw_str(win, bad, ellipsis, strlen(ellipsis), maxcols - cols);
	}
	size_t i = 0;
	const uint8_t *p = l->text;
	while (i < l->len && cols < maxcols) {
		if (p[i] == '\r' && i + 1 < l->len && p[i + 1] == '\n') {
			cols += draw_str(win, eol, cr, strlen(cr), maxcols - cols);
			cols += draw_str(win, eol, lf, strlen(lf), maxcols - cols);
			i += 2;
		} else if (p[i] == '\r') {
			bool split = i + 1 == l->len && (l->flags & WL_CR_SPLIT);
			cols += draw_str(win, split ? eol : bad, cr, strlen(cr), maxcols - cols);
			i++;
		} else if (p[i] == '\n') {
			bool split = i == 0 && (l->flags & WL_CR_SPLIT);
			cols += draw_str(win, split ? eol : bad, lf, strlen(lf), maxcols - cols);
			i++;
		} else {
			size_t j = i;
			bool ctl = is_ctl(p[i]);
			while (j < l->len && is_ctl(p[j]) == ctl && p[j] != '\r' && p[j] != '\n')
				j++;
			if (l->flags & WL_BINARY)
				cols += draw_untrusted_ascii(win, ctl ? esc : base, p + i, j - i, maxcols - cols);
			else
				cols += draw_untrusted(win, ctl ? esc : base, p + i, j - i, maxcols - cols);
			i = j;
		}
	}
	if (l->flags & WL_SECRET)
		draw_str(win, ui_attr(ui, ROLE_WIRE_NOTE), glyph(w, "  (secret masked)", "  (secret masked)"), 17,
		         maxcols - cols);
}

/* Row sub of a raw TLS record: the label, its bytes 16 a row (offsets count from the record header), and how
 * much was not kept. */
static void draw_record_row(struct wire *w, WINDOW *win, const struct wl_line *l, int sub, int avail, attr_t over)
{
	struct ui *ui = w->ui;
	attr_t a = over ? over : ui_attr(ui, l->dir == DIR_CLIENT ? ROLE_WIRE_CLIENT : ROLE_WIRE_SERVER);
	draw_gutter(w, win, l, sub == 0);
	int data_rows = (int)((l->len + 15) / 16);
	if (sub == 0) {
		char label[240];
		wrec_label(l->text, l->len, l->flags, label, sizeof label);
		draw_str(win, over ? over : ui_attr(ui, ROLE_WIRE_ANNOT) | A_BOLD, label, strlen(label), avail);
	} else if (sub <= data_rows) {
		size_t off = (size_t)(sub - 1) * 16;
		size_t k = l->len - off < 16 ? l->len - off : 16;
		struct buf b;
		buf_init(&b, 256);
		hexdump_row(&b, off, l->text + off, k);
		draw_untrusted(win, a, b.data ? b.data : (const uint8_t *)"", b.len, avail);
		buf_free(&b);
	} else {
		size_t total = l->len >= 5 ? 5 + ((size_t)l->text[3] << 8 | l->text[4]) : l->len;
		char more[96];
		snprintf(more, sizeof more, "... %zu more bytes of this record (only the first %u are kept)",
		         total > l->len ? total - l->len : 0, WREC_KEEP);
		draw_str(win, ui_attr(ui, ROLE_WIRE_NOTE), more, strlen(more), avail);
	}
}

/* One row of line n; sub is the hex row. */
static void draw_row(struct wire *w, WINDOW *win, size_t n, int sub, int width)
{
	struct ui *ui = w->ui;
	struct wl_line l;
	if (!wirelog_get(w->log, n, &l))
		return;
	bool marked = w->marked && n >= w->mark_first && n <= w->mark_last;
	bool match = w->has_match && n == w->match;
	attr_t over = match ? ui_attr(ui, ROLE_WIRE_MATCH) : marked ? ui_attr(ui, ROLE_WIRE_MARK) : 0;
	if (over)
		draw_fill(win, over);
	int avail = width - GUTTER;
	if (l.kind == WL_RULE) {
		attr_t a = ui_attr(ui, ROLE_WIRE_RULE);
		const char *h = glyph(w, "\xe2\x94\x80", "-");
		draw_gutter(w, win, &l, true);
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
	if (l.kind == WL_RECORD) {
		draw_record_row(w, win, &l, sub, avail, over);
		return;
	}
	if (l.kind != WL_DATA) {
		enum ui_role r = l.kind == WL_ERROR ? ROLE_WIRE_ERROR : l.kind == WL_ANNOT ? ROLE_WIRE_ANNOT : ROLE_WIRE_NOTE;
		draw_gutter(w, win, &l, l.kind != WL_ANNOT);
		const char *lead = l.kind == WL_ANNOT ? glyph(w, "  \xe2\x86\xb3 ", "  -> ")
		                   : l.kind == WL_ERROR ? "! " : glyph(w, "\xc2\xb7 ", "* ");
		attr_t a = over ? over : ui_attr(ui, r);
		int cols = draw_str(win, a, lead, strlen(lead), avail);
		draw_untrusted(win, a, l.text, l.len, avail - cols);
		return;
	}
	draw_gutter(w, win, &l, sub == 0 && (l.flags & WL_SEG_START));
	if (!w->hex) {
		draw_data_text(w, win, &l, avail, over);
		return;
	}
	size_t off = (size_t)sub * 16;
	size_t k = l.len > off ? l.len - off : 0;
	if (k > 16)
		k = 16;
	struct buf b;
	buf_init(&b, 256);
	hexdump_row(&b, off, l.text + off, k);
	attr_t a = over ? over : ui_attr(ui, l.dir == DIR_CLIENT ? ROLE_WIRE_CLIENT : ROLE_WIRE_SERVER);
	draw_untrusted(win, a, b.data ? b.data : (const uint8_t *)"", b.len, avail);
	buf_free(&b);
}

void wire_draw(void *data, WINDOW *win, bool focused)
{
	struct wire *w = data;
	struct ui *ui = w->ui;
	int h, width;
	getmaxyx(win, h, width);
	werase(win);
	/* Title row. */
	wmove(win, 0, 0);
	attr_t ta = ui_attr(ui, focused ? ROLE_TITLE_FOCUS : ROLE_TITLE);
	draw_fill(win, ta);
	char title[160];
	size_t nlines = wirelog_end(w->log) - wirelog_first(w->log);
	snprintf(title, sizeof title, " wire%s%s  %zu lines", w->hex ? " [hex]" : "",
	         w->follow ? " [follow]" : " [scrolled: C-End follows]", nlines);
	draw_str(win, ta, title, strlen(title), width);
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
		top = w->top;
		sub = w->top_sub;
	}
	int row = 1;
	for (size_t n = top; n < wirelog_end(w->log) && row <= view; n++) {
		int lh = line_height(w, n);
		for (int s = (n == top ? sub : 0); s < lh && row <= view; s++) {
			wmove(win, row, 0);
			draw_row(w, win, n, s, width);
			row++;
		}
	}
}

/* Scroll so that line n shows, a few lines below the top, unless it already shows. */
void wire_reveal(struct wire *w, size_t n)
{
	int h = w->view_h > 0 ? w->view_h : 10;
	size_t top;
	int sub;
	if (w->follow)
		bottom_top(w, h, &top, &sub);
	else
		top = w->top;
	if (n >= top && n < top + (size_t)h / 2)
		return;
	if (w->follow && n >= top)
		return;
	size_t first = wirelog_first(w->log);
	w->follow = false;
	w->top = n > first + 2 ? n - 2 : first;
	w->top_sub = 0;
	if (fits_from(w, w->top, 0, h))
		w->follow = true;
}
