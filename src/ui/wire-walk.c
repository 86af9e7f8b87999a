/* wire-walk: laying one line of the wire pane out in rows. A walk goes over a line's display units (a character,
 * an escape, a glyph: never split between rows), wrapping them at the pane's width or cutting them at its edge,
 * and either only measures (rows, the row and column of a byte) or draws the units that fall in the window asked
 * for. wire-draw.c scrolls and draws the pane with it. Every server byte goes through the escape gate here. */
#include <string.h>

#include "lib/i18n.h"
#include "lib/escape.h"
#include "ui/pane.h"
#include "ui/wire-int.h"

static const char *glyph(const struct wire *w, const char *utf8, const char *ascii)
{
	return w->ui->utf8 ? utf8 : ascii;
}

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

void wire_walk_init(struct walk *k, struct wire *w, WINDOW *win)
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
		wire_walk_init(&m, w, NULL);
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
bool wire_line_wraps(const struct wire *w, const struct wl_line *l)
{
	return w->wrap || l->kind != WL_DATA;
}

/* Walk line l (text view; data or our own lines). */
void wire_walk_line(struct walk *k, const struct wl_line *l, attr_t over)
{
	if (l->kind == WL_DATA)
		walk_data(k, l, over);
	else
		walk_note(k, l, over);
	buf_free(&k->esc);
}

/* Rows the text of l takes when wrapped. */
int wire_wrapped_rows(struct wire *w, const struct wl_line *l)
{
	struct walk k;
	wire_walk_init(&k, w, NULL);
	k.wrap = true;
	wire_walk_line(&k, l, 0);
	return k.row + 1;
}
