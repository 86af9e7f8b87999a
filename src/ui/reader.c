/* reader: the full-screen text view (see reader.h). A document is a list of logical lines of safe text; the
 * reader wraps them into rows for the width it has and keeps its place as a (line, byte) anchor, so a resize
 * re-wraps everything and the same text stays at the top. */
#include "ui/reader.h"

#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/escape.h"
#include "lib/i18n.h"
#include "lib/xmalloc.h"
#include "ui/wrap.h"

/* Lines one document holds (long output beyond it ends with a note saying so). */
#define RDOC_MAX_LINES 200000u

struct rline {
	enum ui_role role;
	int indent;
	char *text; /* safe UTF-8 */
	size_t len;
};

struct rdoc {
	char *title;
	struct rline *v;
	size_t n, cap;
	bool full; /* RDOC_MAX_LINES reached: the rest was left out (and a line says so) */
};

struct rrow {
	size_t line, off, len;
};

struct reader {
	struct rdoc *doc;
	struct rrow *rows;
	size_t nrows, cap;
	int wrapped_w;    /* width the rows were made for (0: make them again) */
	size_t wrapped_n; /* lines the rows cover */
	size_t top_line;  /* the anchor: the row holding this (line, byte) is the top row */
	size_t top_off;
	int body_h;  /* rows of text on the screen at the last draw */
	bool typing; /* the search prompt is open in the footer */
	char input[128];
	size_t inlen;
	char pattern[128];
	bool has_match;
	size_t match_line, match_off;
	char msg[96];
};

/* ---- documents ---- */

struct rdoc *rdoc_new(const char *title)
{
	struct rdoc *d = xcalloc(1, sizeof *d);
	d->title = xstrdup(title ? title : "");
	return d;
}

void rdoc_free(struct rdoc *d)
{
	if (d == NULL)
		return;
	for (size_t i = 0; i < d->n; i++)
		free(d->v[i].text);
	free(d->v);
	free(d->title);
	free(d);
}

static void push_owned(struct rdoc *d, enum ui_role r, int indent, char *text)
{
	if (d->full) {
		free(text);
		return;
	}
	if (d->n + 1 >= RDOC_MAX_LINES) {
		free(text);
		text = xstrdup(_("(the rest is left out: the reader holds at most 200000 lines)"));
		r = ROLE_WARNING;
		d->full = true;
	}
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 64;
		d->v = xreallocarray(d->v, d->cap, sizeof *d->v);
	}
	struct rline *l = &d->v[d->n++];
	l->role = r;
	l->indent = indent;
	l->text = text;
	l->len = strlen(text);
}

void rdoc_add(struct rdoc *d, enum ui_role r, int indent, const char *text)
{
	push_owned(d, r, indent, xstrdup(text ? text : ""));
}

void rdoc_addf(struct rdoc *d, enum ui_role r, int indent, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = NULL;
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	push_owned(d, r, indent, s ? s : xstrdup(""));
}

void rdoc_add_untrusted(struct rdoc *d, enum ui_role r, int indent, const char *lead, const uint8_t *p, size_t n)
{
	struct buf b;
	buf_init(&b, 0);
	buf_append_str(&b, lead ? lead : "");
	escape_bytes(&b, p, n, 0);
	size_t len;
	char *s = buf_detach(&b, &len);
	push_owned(d, r, indent, s ? s : xstrdup(""));
}

void rdoc_add_lines(struct rdoc *d, enum ui_role r, int indent, const char *text)
{
	const char *s = text ? text : "";
	do {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) : strlen(s);
		rdoc_add_untrusted(d, r, indent, "", (const uint8_t *)s, len);
		s += len + (nl ? 1 : 0);
	} while (*s);
}

size_t rdoc_lines(const struct rdoc *d)
{
	return d->n;
}

/* ---- rows ---- */

static void rows_push(struct reader *rd, size_t line, size_t off, size_t len)
{
	if (rd->nrows == rd->cap) {
		rd->cap = rd->cap ? rd->cap * 2 : 256;
		rd->rows = xreallocarray(rd->rows, rd->cap, sizeof *rd->rows);
	}
	rd->rows[rd->nrows++] = (struct rrow){line, off, len};
}

/* Make the rows for width (text columns), when the width or the document changed. */
static void rewrap(struct reader *rd, int width)
{
	if (rd->wrapped_w == width && rd->wrapped_n == rd->doc->n)
		return;
	rd->nrows = 0;
	for (size_t i = 0; i < rd->doc->n; i++) {
		const struct rline *l = &rd->doc->v[i];
		size_t off = 0;
		bool first = true;
		do {
			int w = first ? width : width - l->indent;
			if (w < 8)
				w = width < 8 ? width : 8;
			size_t next, len = wrap_row(l->text + off, l->len - off, w, &next);
			rows_push(rd, i, off, len);
			off += next;
			first = false;
		} while (off < l->len);
	}
	rd->wrapped_w = width;
	rd->wrapped_n = rd->doc->n;
}

/* The row that holds (line, off): the last row starting at or before it. */
static size_t row_of(const struct reader *rd, size_t line, size_t off)
{
	size_t lo = 0, hi = rd->nrows;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		const struct rrow *r = &rd->rows[mid];
		if (r->line < line || (r->line == line && r->off <= off))
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

static size_t max_top(const struct reader *rd)
{
	size_t h = rd->body_h > 0 ? (size_t)rd->body_h : 1;
	return rd->nrows > h ? rd->nrows - h : 0;
}

static void set_top_row(struct reader *rd, size_t row)
{
	if (rd->nrows == 0) {
		rd->top_line = rd->top_off = 0;
		return;
	}
	if (row > max_top(rd))
		row = max_top(rd);
	rd->top_line = rd->rows[row].line;
	rd->top_off = rd->rows[row].off;
}

/* ---- open and close ---- */

void reader_open(struct ui *ui, struct rdoc *doc)
{
	if (ui->reader == NULL)
		ui->reader = xcalloc(1, sizeof *ui->reader);
	struct reader *rd = ui->reader;
	rdoc_free(rd->doc);
	free(rd->rows);
	memset(rd, 0, sizeof *rd);
	rd->doc = doc;
	ui_mark(ui, DIRTY_ALL);
}

void reader_open_or_append(struct ui *ui, struct rdoc *doc)
{
	struct reader *rd = ui->reader;
	if (rd == NULL || rd->doc == NULL || strcmp(rd->doc->title, doc->title) != 0) {
		reader_open(ui, doc);
		return;
	}
	rdoc_add(rd->doc, ROLE_OVERLAY, 0, "");
	for (size_t i = 0; i < doc->n; i++) {
		push_owned(rd->doc, doc->v[i].role, doc->v[i].indent, doc->v[i].text);
		doc->v[i].text = NULL;
	}
	rdoc_free(doc);
	ui_mark(ui, DIRTY_OVERLAY);
}

void reader_show_text(struct ui *ui, const char *title, const char *text)
{
	struct rdoc *d = rdoc_new(title);
	rdoc_add_lines(d, ROLE_OVERLAY, 4, text);
	reader_open(ui, d);
}

void reader_close(struct ui *ui)
{
	struct reader *rd = ui->reader;
	if (rd == NULL)
		return;
	rdoc_free(rd->doc);
	free(rd->rows);
	free(rd);
	ui->reader = NULL;
	ui_mark(ui, DIRTY_ALL);
}

bool reader_is_open(const struct ui *ui)
{
	return ui->reader != NULL;
}

/* ---- search ---- */

/* First case-insensitive match of pat in l at or after byte from (dir > 0) or before it (dir < 0). */
static bool line_find(const struct rline *l, const char *pat, size_t from, int dir, size_t *at)
{
	size_t pn = strlen(pat);
	if (pn == 0 || l->len < pn)
		return false;
	size_t last = l->len - pn;
	if (dir > 0) {
		for (size_t i = from; i <= last; i++)
			if (strncasecmp(l->text + i, pat, pn) == 0) {
				*at = i;
				return true;
			}
	} else {
		size_t i = from < last + 1 ? from : last + 1;
		while (i-- > 0)
			if (strncasecmp(l->text + i, pat, pn) == 0) {
				*at = i;
				return true;
			}
	}
	return false;
}

/* Find the next match after (dir > 0) or before the current one, or from the top row when there is none. */
static void find(struct reader *rd, int dir)
{
	if (rd->pattern[0] == '\0') {
		snprintf(rd->msg, sizeof rd->msg, "%s", _("no search yet: / to search"));
		return;
	}
	size_t line, from;
	if (rd->has_match) {
		line = rd->match_line;
		from = dir > 0 ? rd->match_off + 1 : rd->match_off;
	} else {
		/* No match yet: start at the top row shown, in either direction (a match on it counts). */
		line = rd->top_line;
		from = rd->top_off;
	}
	for (size_t n = 0; n < rd->doc->n; n++) {
		size_t at;
		if (line < rd->doc->n && line_find(&rd->doc->v[line], rd->pattern, from, dir, &at)) {
			rd->has_match = true;
			rd->match_line = line;
			rd->match_off = at;
			rd->msg[0] = '\0';
			/* Show the match's row, with two rows of what leads to it when there is room. */
			size_t row = row_of(rd, line, at);
			set_top_row(rd, row > 2 ? row - 2 : 0);
			return;
		}
		if (dir > 0) {
			if (++line >= rd->doc->n)
				break;
			from = 0;
		} else {
			if (line-- == 0)
				break;
			from = SIZE_MAX;
		}
	}
	snprintf(rd->msg, sizeof rd->msg, "%s", dir > 0 ? _("no further match") : _("no earlier match"));
}

/* ---- keys ---- */

static void scroll_rows(struct reader *rd, long delta)
{
	if (rd->nrows == 0)
		return;
	long row = (long)row_of(rd, rd->top_line, rd->top_off) + delta;
	if (row < 0)
		row = 0;
	set_top_row(rd, (size_t)row);
}

void reader_scroll(struct ui *ui, int rows)
{
	if (ui->reader == NULL)
		return;
	scroll_rows(ui->reader, rows);
	ui_mark(ui, DIRTY_OVERLAY);
}

static bool typing_key(struct reader *rd, int key, bool is_key)
{
	if (!is_key && key == 27) {
		rd->typing = false;
	} else if ((!is_key && (key == '\r' || key == '\n')) || (is_key && key == KEY_ENTER)) {
		rd->typing = false;
		if (rd->inlen) {
			snprintf(rd->pattern, sizeof rd->pattern, "%s", rd->input);
			rd->has_match = false;
		}
		find(rd, +1);
	} else if ((is_key && key == KEY_BACKSPACE) || (!is_key && (key == 127 || key == 8))) {
		while (rd->inlen > 0 && ((unsigned char)rd->input[rd->inlen - 1] & 0xc0) == 0x80)
			rd->inlen--; /* a whole UTF-8 character */
		if (rd->inlen > 0)
			rd->inlen--;
		rd->input[rd->inlen] = '\0';
	} else if (!is_key && key >= 0x20 && key != 0x7f) {
		char mb[8];
		int k = 0;
		unsigned c = (unsigned)key;
		if (c < 0x80) {
			mb[k++] = (char)c;
		} else if (c < 0x800) {
			mb[k++] = (char)(0xc0 | (c >> 6));
			mb[k++] = (char)(0x80 | (c & 0x3f));
		} else if (c < 0x10000) {
			mb[k++] = (char)(0xe0 | (c >> 12));
			mb[k++] = (char)(0x80 | ((c >> 6) & 0x3f));
			mb[k++] = (char)(0x80 | (c & 0x3f));
		}
		if (k && rd->inlen + (size_t)k < sizeof rd->input) {
			memcpy(rd->input + rd->inlen, mb, (size_t)k);
			rd->inlen += (size_t)k;
			rd->input[rd->inlen] = '\0';
		}
	}
	return true;
}

bool reader_key(struct ui *ui, int key, bool is_key)
{
	struct reader *rd = ui->reader;
	if (rd == NULL)
		return false;
	ui_mark(ui, DIRTY_OVERLAY);
	if (rd->typing)
		return typing_key(rd, key, is_key);
	long page = rd->body_h > 1 ? rd->body_h - 1 : 1;
	rd->msg[0] = '\0';
	if (is_key) {
		switch (key) {
		case KEY_UP: scroll_rows(rd, -1); return true;
		case KEY_DOWN: scroll_rows(rd, 1); return true;
		case KEY_PPAGE: scroll_rows(rd, -page); return true;
		case KEY_NPAGE: scroll_rows(rd, page); return true;
		case KEY_HOME: set_top_row(rd, 0); return true;
		case KEY_END: set_top_row(rd, SIZE_MAX); return true;
		case KEY_LEFT:
		case KEY_RIGHT: return true; /* nothing is ever cut: there is nothing to the side */
		default: return false;       /* F-keys: the bindings (F10 still quits) */
		}
	}
	switch (key) {
	case 27:
	case 'q': reader_close(ui); return true;
	case '/':
	case 6: /* C-f, as in the panes */
		rd->typing = true;
		rd->inlen = 0;
		rd->input[0] = '\0';
		return true;
	case 'n': find(rd, +1); return true;
	case 'N': find(rd, -1); return true;
	case ' ': scroll_rows(rd, page); return true;
	case 'b': scroll_rows(rd, -page); return true;
	case 'j': scroll_rows(rd, 1); return true;
	case 'k': scroll_rows(rd, -1); return true;
	case 'g': set_top_row(rd, 0); return true;
	case 'G': set_top_row(rd, SIZE_MAX); return true;
	case 3: return false;  /* C-c: cancel what is pending, as everywhere */
	case 12: return false; /* C-l: redraw */
	default: return true;  /* the reader is modal: typing goes nowhere until Esc */
	}
}

/* ---- drawing ---- */

/* One row: text[off..off+len) of line l, matches of the search pattern in standout. */
static void draw_row(struct ui *ui, struct reader *rd, WINDOW *w, const struct rline *l, size_t off, size_t len,
		     int width)
{
	attr_t a = l->role == ROLE_OVERLAY ? ui_attr(ui, ROLE_OVERLAY) : ui_attr(ui, l->role);
	attr_t hi = ui_attr(ui, ROLE_WIRE_MATCH) | A_STANDOUT;
	size_t pn = strlen(rd->pattern);
	size_t i = off, end = off + len;
	/* A match may begin on the row before (a wrapped match): look from pn - 1 bytes back. */
	size_t from = pn && off + 1 > pn ? off + 1 - pn : 0;
	int cols = 0;
	while (i < end && cols < width) {
		size_t at;
		if (pn == 0 || !line_find(l, rd->pattern, from, +1, &at) || at >= end) {
			draw_str(w, a, l->text + i, end - i, width - cols);
			break;
		}
		size_t ms = at < i ? i : at, me = at + pn < end ? at + pn : end;
		if (ms > i)
			cols += draw_str(w, a, l->text + i, ms - i, width - cols);
		cols += draw_str(w, hi, l->text + ms, me - ms, width - cols);
		i = me;
		from = at + pn;
	}
}

/* The footer: where we are and the keys, as many pieces as fit (a piece is shown whole or not at all). */
static void draw_footer(struct ui *ui, struct reader *rd, WINDOW *w, int row, int W, size_t top)
{
	attr_t ta = ui_attr(ui, ROLE_OVERLAY_TITLE);
	wmove(w, row, 0);
	draw_fill(w, ta);
	char buf[300];
	if (rd->typing) {
		snprintf(buf, sizeof buf, _(" search: %s"), rd->input);
		draw_fit(w, ta, buf, strlen(buf), W);
		return;
	}
	size_t h = rd->body_h > 0 ? (size_t)rd->body_h : 1;
	size_t last = top + h < rd->nrows ? top + h : rd->nrows;
	char pos[160];
	if (rd->nrows <= h)
		snprintf(pos, sizeof pos, P_("all %zu row", "all %zu rows", rd->nrows), rd->nrows);
	else
		snprintf(pos, sizeof pos, _("rows %zu-%zu of %zu%s"), top + 1, last, rd->nrows,
			 last < rd->nrows ? (ui->utf8 ? " \xe2\x86\x93" : _(" (more)")) : _(" (end)"));
	const char *pieces[6];
	int np = 0;
	pieces[np++] = pos;
	if (rd->msg[0])
		pieces[np++] = rd->msg;
	/* TRANSLATORS: reader footer pieces, each shown whole or left out: keep them short. */
	pieces[np++] = _("Esc back");
	pieces[np++] = _("/ search, n N");
	pieces[np++] = rd->nrows > h ? "PgUp PgDn Home End" : "";
	size_t o = 0;
	buf[0] = '\0';
	for (int i = 0; i < np; i++) {
		if (pieces[i][0] == '\0')
			continue;
		char next[300];
		snprintf(next, sizeof next, "%s %s%s", buf, o ? " " : "", pieces[i]);
		if (text_width(next, strlen(next)) > W)
			continue;
		snprintf(buf, sizeof buf, "%s", next);
		o++;
	}
	draw_str(w, ta, buf, strlen(buf), W);
}

void reader_draw(struct ui *ui)
{
	struct reader *rd = ui->reader;
	if (rd == NULL || ui->lay.too_small)
		return;
	/* Over the panes: from the top of the higher pane to the bottom of the lower one, the whole width. */
	const struct rect *a = &ui->lay.wire, *b = &ui->lay.replies, *c = &ui->lay.lesson;
	int y0 = a->y < b->y ? a->y : b->y;
	int y1 = a->y + a->h > b->y + b->h ? a->y + a->h : b->y + b->h;
	if (c->h > 0 && c->y + c->h > y1) /* a docked lesson in the decoded pane's place (stacked) */
		y1 = c->y + c->h;
	int H = y1 - y0, W = ui->cols;
	if (H < 3 || W < 10)
		return;
	WINDOW *win = draw_panel(ui, H, W, y0, 0, 1, 1);
	if (win == NULL)
		return;
	attr_t ta = ui_attr(ui, ROLE_OVERLAY_TITLE);
	char title[400];
	snprintf(title, sizeof title, " %s", rd->doc->title);
	wmove(win, 0, 0);
	draw_fit(win, ta, title, strlen(title), W);

	int textw = W - 2; /* one column of margin each side */
	rd->body_h = H - 2;
	rewrap(rd, textw);
	size_t top = rd->nrows ? row_of(rd, rd->top_line, rd->top_off) : 0;
	if (top > max_top(rd)) {
		top = max_top(rd);
		set_top_row(rd, top);
	}
	for (int r = 0; r < rd->body_h && top + (size_t)r < rd->nrows; r++) {
		const struct rrow *row = &rd->rows[top + (size_t)r];
		const struct rline *l = &rd->doc->v[row->line];
		int x = 1 + (row->off > 0 ? l->indent : 0);
		if (x > W / 2)
			x = 1;
		wmove(win, 1 + r, x);
		draw_row(ui, rd, win, l, row->off, row->len, W - 1 - x);
	}
	draw_footer(ui, rd, win, H - 1, W, top);
	wnoutrefresh(win);
	delwin(win);
}
