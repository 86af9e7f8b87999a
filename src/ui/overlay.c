/* overlay: drawing, scrolling and closing of overlays (see overlay.h). */
#include "ui/overlay.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/escape.h"
#include "lib/xmalloc.h"

static struct oline *ol_push(struct olines *o)
{
	if (o->n == o->cap) {
		o->cap = o->cap ? o->cap * 2 : 32;
		o->v = xreallocarray(o->v, o->cap, sizeof *o->v);
	}
	struct oline *l = &o->v[o->n++];
	memset(l, 0, sizeof *l);
	return l;
}

void ol_add(struct olines *o, enum ui_role r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = NULL;
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	struct oline *l = ol_push(o);
	l->role = r;
	l->text = s ? s : xstrdup("");
}

void ol_add_untrusted(struct olines *o, enum ui_role r, const char *lead, const char *text)
{
	char *e = escape_dup((const uint8_t *)(text ? text : ""), text ? strlen(text) : 0, 0);
	ol_add(o, r, "%s%s", lead ? lead : "", e);
	free(e);
}

void ol_add2(struct olines *o, enum ui_role r1, const char *left, enum ui_role r2, const char *right)
{
	struct oline *l = ol_push(o);
	l->role = r1;
	l->text = xstrdup(left ? left : "");
	l->role2 = r2;
	l->text2 = xstrdup(right ? right : "");
}

static void ol_free(struct olines *o)
{
	for (size_t i = 0; i < o->n; i++) {
		free(o->v[i].text);
		free(o->v[i].text2);
	}
	free(o->v);
	memset(o, 0, sizeof *o);
}

/* Opening and closing redraw everything, the divider included (it is drawn on the screen itself, outside the
 * panes' windows): what the overlay covered comes back whole, and nothing of the last overlay stays behind. */
void overlay_open(struct ui *ui, const struct overlay_ops *ops)
{
	ui->overlay = ops;
	ui->overlay_scroll = 0;
	ui_mark(ui, DIRTY_ALL | DIRTY_LAYOUT);
}

void overlay_close(struct ui *ui)
{
	if (ui->overlay == &overlay_hold)
		ui->hold_dismissed = true;
	ui->overlay = NULL;
	ui_mark(ui, DIRTY_ALL | DIRTY_LAYOUT);
}

/* One row of the overlay's body: bytes [off, off + len) of a line, drawn from column indent. */
struct orow {
	const struct oline *l;
	size_t off, len;
	int indent;
};

/* Bytes of s[0..n) (safe UTF-8 text) that fit in cols columns. */
static size_t fit(const char *s, size_t n, int cols)
{
	size_t i = 0;
	int used = 0;
	while (i < n) {
		size_t k = 1;
		while (i + k < n && ((unsigned char)s[i + k] & 0xc0) == 0x80)
			k++;
		int cw = text_width(s + i, k);
		if (used + cw > cols)
			break;
		used += cw;
		i += k;
	}
	return i;
}

/* Break the overlay's lines into rows of width columns: a line wraps between words, its next rows indented
 * under its text ("  F7       wire pane: ..." goes on under "wire"); two-column lines stay one row each. */
static struct orow *layout_rows(const struct olines *o, int width, size_t *nrows)
{
	size_t cap = o->n + 16, n = 0;
	struct orow *rows = xreallocarray(NULL, cap, sizeof *rows);
	for (size_t i = 0; i < o->n; i++) {
		const struct oline *l = &o->v[i];
		const char *t = l->text;
		size_t len = strlen(t), off = 0;
		size_t lead = strspn(t, " ");
		size_t digits = strspn(t + lead, "0123456789");
		int indent = lead == 2 && len > 11 && t[10] == ' ' && t[11] != ' ' ? 11 /* a key and its note */
			     : digits && t[lead + digits] == '.' && t[lead + digits + 1] == ' '
				     ? (int)(lead + digits + 2) /* "2. RSET ..." goes on under "RSET" */
				     : (int)lead + 2;
		if (indent > width / 2)
			indent = 0;
		do {
			if (n == cap) {
				cap *= 2;
				rows = xreallocarray(rows, cap, sizeof *rows);
			}
			int ind = off ? indent : 0;
			size_t k = l->text2 ? len : fit(t + off, len - off, width - ind);
			if (off + k < len && !l->text2) {
				size_t b = k;
				while (b > 0 && t[off + b] != ' ')
					b--;
				if (b > 0)
					k = b; /* break at the last blank that fits */
				else if (k == 0)
					k = 1; /* always move on */
			}
			rows[n++] = (struct orow){l, off, k, ind};
			off += k;
			while (off < len && t[off] == ' ' && !l->text2)
				off++;
		} while (off < len && !l->text2);
	}
	*nrows = n;
	return rows;
}

void overlay_draw(struct ui *ui)
{
	const struct overlay_ops *ops = ui->overlay;
	if (ops == NULL || ui->lay.too_small)
		return;
	/* Over the panes only: the status bar, hint and prompt stay visible (and typing goes on). The overlay owns
	 * the panes' whole area, edge to edge: a margin would leave columns of the panes beneath showing (the ends of
	 * their words, or half of a wide character cut by the overlay's edge). */
	int H = ui->lay.status.y, W = ui->cols;
	int w = W, h = H, y = 0, x = 0;
	struct olines o = {.width = w - 2};
	ops->build(ui, &o);
	size_t nrows;
	struct orow *rows = layout_rows(&o, w - 2, &nrows);
	if (ops->dialog) {
		int want = (int)nrows + 3;
		if (want < h) {
			y += (h - want) / 2;
			h = want;
		}
	}
	WINDOW *win = newwin(h, w, y, x);
	if (win == NULL) {
		free(rows);
		ol_free(&o);
		return;
	}
	attr_t base = ui_attr(ui, ROLE_OVERLAY);
	wbkgdset(win, ' ' | base);
	werase(win);
	for (int r = 0; r < h; r++) {
		wmove(win, r, 0);
		draw_fill(win, base);
	}
	/* Title row and footer row. */
	attr_t ta = ui_attr(ui, ROLE_OVERLAY_TITLE);
	wmove(win, 0, 0);
	draw_fill(win, ta);
	char title[200];
	snprintf(title, sizeof title, " %s", ops->title);
	draw_str(win, ta, title, strlen(title), w);
	int body = h - 2;
	int maxscroll = (int)nrows - body;
	if (maxscroll < 0)
		maxscroll = 0;
	if (ui->overlay_scroll > maxscroll)
		ui->overlay_scroll = maxscroll;
	if (ui->overlay_scroll < 0)
		ui->overlay_scroll = 0;
	for (int r = 0; r < body && (size_t)(ui->overlay_scroll + r) < nrows; r++) {
		const struct orow *row = &rows[ui->overlay_scroll + r];
		const struct oline *l = row->l;
		wmove(win, 1 + r, 1 + row->indent);
		attr_t a = l->role == ROLE_OVERLAY ? base : ui_attr(ui, l->role);
		if (l->text2 == NULL) {
			draw_untrusted(win, a, (const uint8_t *)l->text + row->off, row->len, w - 2 - row->indent);
		} else {
			int colw = (w - 3) / 2;
			draw_untrusted(win, a, (const uint8_t *)l->text, strlen(l->text), colw);
			wmove(win, 1 + r, 2 + colw);
			attr_t a2 = l->role2 == ROLE_OVERLAY ? base : ui_attr(ui, l->role2);
			draw_untrusted(win, a2, (const uint8_t *)l->text2, strlen(l->text2), w - 3 - colw);
		}
	}
	wmove(win, h - 1, 0);
	draw_fill(win, ta);
	char foot[200];
	snprintf(foot, sizeof foot, " %s%s", ops->footer ? ops->footer : "Esc closes",
	         maxscroll ? "  PgUp/PgDn scroll" : "");
	draw_str(win, ta, foot, strlen(foot), w);
	wnoutrefresh(win);
	delwin(win);
	free(rows);
	ol_free(&o);
}

bool overlay_key(struct ui *ui, int key, bool is_key)
{
	const struct overlay_ops *ops = ui->overlay;
	if (ops == NULL)
		return false;
	ui_mark(ui, DIRTY_OVERLAY);
	if (ops->key && ops->key(ui, key, is_key))
		return true;
	if (!is_key && (key == 27 || key == 'q')) {
		overlay_close(ui);
		return true;
	}
	if (is_key) {
		int page = ui->rows > 6 ? ui->rows - 6 : 1;
		switch (key) {
		case KEY_UP: ui->overlay_scroll--; return true;
		case KEY_DOWN: ui->overlay_scroll++; return true;
		case KEY_PPAGE: ui->overlay_scroll -= page; return true;
		case KEY_NPAGE: ui->overlay_scroll += page; return true;
		case KEY_HOME: ui->overlay_scroll = 0; return true;
		case KEY_END: ui->overlay_scroll = INT_MAX / 2; return true;
		default: break;
		}
	}
	return false;
}

/* ---- a text overlay: what the console hands over to show (a lesson) ---- */

static char *text_title;
static char *text_body;

static void build_text(struct ui *ui, struct olines *o)
{
	(void)ui;
	const char *s = text_body ? text_body : "";
	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) : strlen(s);
		char *line = xstrndup(s, len);
		ol_add_untrusted(o, ROLE_OVERLAY, "", line);
		free(line);
		s += len + (nl ? 1 : 0);
	}
}

static struct overlay_ops overlay_text = {
	.title = "",
	.build = build_text,
};

void overlay_show_text(struct ui *ui, const char *title, const char *text)
{
	free(text_title);
	free(text_body);
	text_title = xstrdup(title);
	text_body = xstrdup(text);
	overlay_text.title = text_title;
	overlay_open(ui, &overlay_text);
}
