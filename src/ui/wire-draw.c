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
#include "lib/escape.h"
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

/* ---- laying a line's text out in rows ---- */

/* A walk over the display units of one line (a character, an escape, a glyph: never split between rows). It
 * counts rows (wrapping) or columns (cut), and draws the units that fall in the window asked for. */
struct walk {
	struct wire *w;
	WINDOW *win; /* NULL: measure only */
	bool wrap;
	int width;            /* columns for text on a row */
	int indent;           /* continuation rows start here (under a note's text, after its lead) */
	int row, col;         /* where the next unit goes */
	int first, nrows, y0; /* wrap: draw rows [first, first + nrows) at window rows y0... */
	int from, y;          /* cut: draw columns [from, from + width) at window row y */
	bool more;            /* cut: something lies right of the window */
	bool left;            /* cut: something lies left of it */
	size_t byte;          /* source offset of the unit being put (for finding a search match) */
	size_t find;          /* measure: the source offset to locate */
	bool ascii;           /* escape all but printable ASCII (not text: a ClientHello we send) */
	int find_row, find_col;
	struct buf esc; /* scratch for escaping */
};

static void put(struct walk *k, attr_t a, const char *s, size_t n, int wd)
{
	if (wd <= 0)
		return;
	if (k->wrap && k->col > k->indent && k->col + wd > k->width) {
		k->row++;
		k->col = k->indent;
	}
	if (k->find_row < 0 && k->byte >= k->find) {
		k->find_row = k->row;
		k->find_col = k->col;
	}
	if (k->win) {
		if (k->wrap) {
			if (k->row >= k->first && k->row < k->first + k->nrows) {
				wmove(k->win, k->y0 + k->row - k->first, wire_gutter(k->w) + k->col);
				draw_str(k->win, a, s, n, k->width - k->col);
			}
		} else if (k->col >= k->from && k->col + wd <= k->from + k->width) {
			wmove(k->win, k->y, wire_gutter(k->w) + k->col - k->from);
			draw_str(k->win, a, s, n, wd);
		} else if (k->col + wd > k->from + k->width) {
			k->more = true;
		} else {
			k->left = true;
		}
	}
	k->col += wd;
}

static void put_str(struct walk *k, attr_t a, const char *s)
{
	put(k, a, s, strlen(s), text_width(s, strlen(s)));
}

/* A run of printable ASCII, placed and drawn a row's worth at a time (one curses call, not one a byte: this is
 * most of what a wire pane shows, and the redraw's cost). */
static void put_ascii(struct walk *k, attr_t a, const char *s, size_t n, size_t base)
{
	size_t i = 0;
	while (i < n) {
		if (k->wrap && k->col > k->indent && k->col >= k->width) {
			k->row++;
			k->col = k->indent;
		}
		size_t take = n - i;
		if (k->wrap) {
			int room = k->width - k->col;
			if (room < 1)
				room = 1; /* the indent leaves no room: a byte a row, never stuck */
			if (take > (size_t)room)
				take = (size_t)room;
		}
		if (k->find_row < 0 && k->find >= base + i && k->find < base + i + take) {
			k->find_row = k->row;
			k->find_col = k->col + (int)(k->find - base - i);
		}
		if (k->win) {
			if (k->wrap) {
				if (k->row >= k->first && k->row < k->first + k->nrows) {
					wmove(k->win, k->y0 + k->row - k->first, wire_gutter(k->w) + k->col);
					draw_str(k->win, a, s + i, take, (int)take);
				}
			} else {
				/* The part of [col, col + take) inside the window [from, from + width). */
				long lo = k->col, hi = (long)k->col + (long)take, wlo = k->from,
				     whi = (long)k->from + k->width;
				if (lo < wlo)
					k->left = true;
				if (hi > whi)
					k->more = true;
				long a0 = lo > wlo ? lo : wlo, a1 = hi < whi ? hi : whi;
				if (a1 > a0) {
					wmove(k->win, k->y, wire_gutter(k->w) + (int)(a0 - k->from));
					draw_str(k->win, a, s + i + (a0 - lo), (size_t)(a1 - a0), (int)(a1 - a0));
				}
			}
		}
		k->col += (int)take;
		i += take;
	}
}

/* Untrusted bytes p[0..n) (no CR or LF): printable ASCII in runs; anything else through the escape gate, one
 * character (or one escaped byte) a unit. */
static void put_bytes(struct walk *k, attr_t a, const uint8_t *p, size_t n, size_t base)
{
	unsigned flags = k->w->ui->utf8 && !k->ascii ? 0 : ESCAPE_ASCII;
	size_t i = 0;
	while (i < n) {
		k->byte = base + i;
		if (p[i] >= 0x20 && p[i] < 0x7f) {
			size_t j = i;
			while (j < n && p[j] >= 0x20 && p[j] < 0x7f)
				j++;
			put_ascii(k, a, (const char *)p + i, j - i, base + i);
			i = j;
			continue;
		}
		size_t len = 1;
		if (p[i] >= 0xc0 && p[i] < 0xf8) {
			size_t want = p[i] >= 0xf0 ? 4 : p[i] >= 0xe0 ? 3 : 2;
			while (len < want && i + len < n && (p[i + len] & 0xc0) == 0x80)
				len++;
			if (len < want)
				len = 1; /* broken: escape the lead byte alone */
		}
		buf_reset(&k->esc);
		escape_bytes(&k->esc, p + i, len, flags);
		const char *e = buf_cstr(&k->esc);
		put(k, a, e, k->esc.len, text_width(e, k->esc.len));
		i += len;
	}
}

static bool is_ctl(uint8_t c)
{
	return c < 0x20 || c == 0x7f;
}

static void walk_init(struct walk *k, struct wire *w, WINDOW *win)
{
	memset(k, 0, sizeof *k);
	k->w = w;
	k->win = win;
	k->wrap = w->wrap;
	k->width = w->text_w > 0 ? w->text_w : 86;
	k->find = SIZE_MAX;
	k->find_row = -1;
	buf_init(&k->esc, 64);
}

/* The units of a data line: an ellipsis when its start was cut, its bytes with CR and LF as glyphs, and the
 * note that a secret was masked. */
static void walk_data(struct walk *k, const struct wl_line *l, attr_t over)
{
	struct wire *w = k->w;
	struct ui *ui = w->ui;
	attr_t base = over ? over : ui_attr(ui, l->dir == DIR_CLIENT ? ROLE_WIRE_CLIENT : ROLE_WIRE_SERVER);
	attr_t eol = over ? over : ui_attr(ui, ROLE_WIRE_EOL);
	attr_t bad = ui_attr(ui, ROLE_WIRE_ANOMALY);
	attr_t esc = over ? over | A_BOLD : ui_attr(ui, ROLE_WIRE_ESCAPE);
	const char *cr = glyph(w, "\xe2\x90\x8d", "\\r"), *lf = glyph(w, "\xe2\x90\x8a", "\\n");
	k->ascii = (l->flags & WL_BINARY) != 0;
	if (l->flags & WL_CUT)
		put_str(k, bad, glyph(w, "\xe2\x80\xa6", "..."));
	size_t i = 0;
	const uint8_t *p = l->text;
	while (i < l->len) {
		k->byte = i;
		if (p[i] == '\r' && i + 1 < l->len && p[i + 1] == '\n') {
			put_str(k, eol, cr);
			k->byte = i + 1;
			put_str(k, eol, lf);
			i += 2;
		} else if (p[i] == '\r') {
			bool split = i + 1 == l->len && (l->flags & WL_CR_SPLIT);
			put_str(k, split ? eol : bad, cr);
			i++;
		} else if (p[i] == '\n') {
			bool split = i == 0 && (l->flags & WL_CR_SPLIT);
			put_str(k, split ? eol : bad, lf);
			i++;
		} else {
			size_t j = i;
			bool ctl = is_ctl(p[i]);
			while (j < l->len && is_ctl(p[j]) == ctl && p[j] != '\r' && p[j] != '\n')
				j++;
			put_bytes(k, ctl ? esc : base, p + i, j - i, i);
			i = j;
		}
	}
	k->byte = l->len;
	if (l->flags & WL_SECRET)
		put_str(k, ui_attr(ui, ROLE_WIRE_NOTE), _("  (secret masked)"));
}

/* Where the word at t[i] ends for wrapping, the blank after it included. A French ";" ":" "!" "?" "»" after a
 * blank, and the word after a function key's name ("F1 aide"), go with it: a row never starts with such a mark,
 * nor ends with a key parted from what it does (the same rule as wrap_row). */
static size_t unit_end(const uint8_t *t, size_t len, size_t i)
{
	size_t j = i;
	for (;;) {
		size_t s = j;
		while (j < len && t[j] != ' ')
			j++;
		bool fkey = t[s] == 'F' && j - s >= 2 && j - s <= 3 && t[s + 1] >= '1' && t[s + 1] <= '9' &&
			    (j - s == 2 || (t[s + 2] >= '0' && t[s + 2] <= '9'));
		if (j < len)
			j++; /* the blank after the word goes with it */
		if (j >= len)
			return j;
		if ((t[j] == ';' || t[j] == ':' || t[j] == '!' || t[j] == '?') && (j + 1 == len || t[j + 1] == ' '))
			continue;
		if (j + 1 < len && t[j] == 0xc2 && t[j + 1] == 0xbb) /* » */
			continue;
		if (fkey && t[j] != ' ')
			continue;
		return j;
	}
}

/* The units of our own lines (notes, errors, annotations): a lead, then the text (escaped: it may quote the
 * server); continuation rows line up under the text. */
static void walk_note(struct walk *k, const struct wl_line *l, attr_t over)
{
	struct wire *w = k->w;
	struct ui *ui = w->ui;
	enum ui_role r = l->kind == WL_ERROR ? ROLE_WIRE_ERROR : l->kind == WL_ANNOT ? ROLE_WIRE_ANNOT : ROLE_WIRE_NOTE;
	const char *lead = l->kind == WL_ANNOT   ? glyph(w, "  \xe2\x86\xb3 ", "  -> ")
			   : l->kind == WL_ERROR ? "! "
						 : glyph(w, "\xc2\xb7 ", "* ");
	attr_t a = over ? over : ui_attr(ui, r);
	put_str(k, a, lead);
	if (k->wrap && k->width > 2 * k->col)
		k->indent = k->col;
	if (!k->wrap) {
		put_bytes(k, a, l->text, l->len, 0);
		k->byte = l->len;
		return;
	}
	/* Our own sentences wrap between words (the server's bytes in data lines wrap anywhere: they are shown
	 * exactly, not reflowed); a word wider than a row still breaks where it must. */
	size_t i = 0;
	while (i < l->len) {
		size_t j = unit_end(l->text, l->len, i);
		struct walk m;
		walk_init(&m, w, NULL);
		m.wrap = false;
		put_bytes(&m, a, l->text + i, j - i - (j > i && l->text[j - 1] == ' ' ? 1 : 0), 0);
		buf_free(&m.esc);
		if (k->col > k->indent && k->col + m.col > k->width && m.col <= k->width - k->indent) {
			k->row++;
			k->col = k->indent;
		}
		bool blank = j > i && l->text[j - 1] == ' ';
		put_bytes(k, a, l->text + i, j - i - (blank ? 1 : 0), i);
		if (blank && k->col < k->width)
			put_bytes(k, a, l->text + j - 1, 1, j - 1); /* a blank at a row's end is where it wraps */
		i = j;
	}
	k->byte = l->len;
}

/* Our own lines (notes, errors, annotations) always wrap between words, re-wrapping to the pane's width on every
 * resize: F7 (cut and scroll sideways) is for the server's bytes, which are shown exactly. */
static bool line_wraps(const struct wire *w, const struct wl_line *l)
{
	return w->wrap || l->kind != WL_DATA;
}

/* Walk line l (text view; data or our own lines). */
static void walk_line(struct walk *k, const struct wl_line *l, attr_t over)
{
	if (l->kind == WL_DATA)
		walk_data(k, l, over);
	else
		walk_note(k, l, over);
	buf_free(&k->esc);
}

/* Rows the text of l takes when wrapped. */
static int wrapped_rows(struct wire *w, const struct wl_line *l)
{
	struct walk k;
	walk_init(&k, w, NULL);
	k.wrap = true;
	walk_line(&k, l, 0);
	return k.row + 1;
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
	if (!line_wraps(w, &l) || l.len == 0)
		return 1;
	if (w->hgen == 0)
		wire_heights_changed(w);
	size_t slot = n % (sizeof w->hcache / sizeof w->hcache[0]);
	if (w->hcache[slot].gen == w->hgen && w->hcache[slot].line == n)
		return w->hcache[slot].height;
	int h = wrapped_rows(w, &l);
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
	walk_init(&k, w, win);
	k.wrap = line_wraps(w, &l);
	if (k.wrap) {
		k.first = sub;
		k.nrows = nrows;
		k.y0 = y;
		walk_line(&k, &l, over);
		return;
	}
	k.from = w->hscroll;
	k.y = y;
	walk_line(&k, &l, over);
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
	walk_init(&k, w, NULL);
	k.wrap = line_wraps(w, &l);
	k.find = off;
	walk_line(&k, &l, 0);
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
