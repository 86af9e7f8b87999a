/* overlay: drawing, scrolling and closing of overlays (see overlay.h). */
#include "ui/overlay.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/escape.h"
#include "lib/i18n.h"
#include "lib/xmalloc.h"
#include "ui/wrap.h"

static struct oline *ol_push(struct olines *o)
{
	if (o->n == o->cap) {
		o->cap = o->cap ? o->cap * 2 : 32;
		o->v = xreallocarray(o->v, o->cap, sizeof *o->v);
	}
	struct oline *l = &o->v[o->n++];
	memset(l, 0, sizeof *l);
	l->hang = -1;
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

void ol_hang(struct olines *o, int cols)
{
	if (o->n)
		o->v[o->n - 1].hang = cols;
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

/* One piece of a row of the overlay's body: bytes [off, off + len) of text, drawn from column x of the body in
 * at most w columns. A row has one piece, or two side by side (the columns of a two-column view). */
struct ocell {
	const char *text;
	size_t off, len;
	enum ui_role role;
	int x, w;
};

struct orow {
	struct ocell c[2];
	int n;
};

struct orows {
	struct orow *v;
	size_t n, cap;
};

static struct orow *orows_push(struct orows *rs)
{
	if (rs->n == rs->cap) {
		rs->cap = rs->cap ? rs->cap * 2 : 64;
		rs->v = xreallocarray(rs->v, rs->cap, sizeof *rs->v);
	}
	struct orow *r = &rs->v[rs->n++];
	memset(r, 0, sizeof *r);
	return r;
}

/* Where the rows after the first of a wrapped line start: the line's own hang when its builder gave one, else
 * under its text ("  - a point" goes on under "a"; "2. RSET ..." under "RSET"). */
static int hang_of(const struct oline *l, int width)
{
	const char *t = l->text;
	size_t lead = strspn(t, " ");
	size_t digits = strspn(t + lead, "0123456789");
	int hang = l->hang >= 0                                                       ? l->hang
		   : digits && t[lead + digits] == '.' && t[lead + digits + 1] == ' ' ? (int)(lead + digits + 2)
										      : (int)lead + 2;
	/* A deep hang on a narrow screen would leave too little room: come out to the left instead. */
	if (hang > width - 16)
		hang = width > 16 ? width - 16 : 0;
	return hang;
}

/* Wrap text (safe UTF-8) between words into cells of width columns from column x, the rows after the first
 * hang columns further in; cells go to slot col of rows first, first + 1, ... (made as needed). Returns the
 * number of rows it took. */
static size_t wrap_cells(struct orows *rs, size_t first, int col, const char *text, enum ui_role role, int x, int width,
			 int hang)
{
	size_t len = strlen(text), off = 0, k = 0;
	do {
		int ind = off ? hang : 0;
		size_t next;
		size_t n = wrap_row(text + off, len - off, width - ind, &next);
		if (first + k == rs->n)
			orows_push(rs);
		struct orow *r = &rs->v[first + k];
		r->c[col] = (struct ocell){text, off, n, role, x + ind, width - ind};
		if (r->n < col + 1)
			r->n = col + 1;
		off += next;
		k++;
	} while (off < len);
	return k;
}

/* Widest word of text, in columns. */
static int widest_word(const char *t)
{
	int best = 0;
	while (*t) {
		size_t n = strcspn(t, " ");
		int w = text_width(t, n);
		if (w > best)
			best = w;
		t += n + strspn(t + n, " ");
	}
	return best;
}

/* Lines [i, j) are a two-column block (a heading pair, then pairs). Side by side when every word fits in its
 * column, each column wrapping on its own; else stacked: the left column whole, then the right one, so no word
 * is ever cut (capability names are long and cannot break). */
static void layout_pairs(struct orows *rs, const struct olines *o, size_t i, size_t j, int width)
{
	int colw = (width - 1) / 2, colw2 = width - 1 - colw;
	bool fits = true;
	for (size_t k = i; k < j && fits; k++)
		fits = widest_word(o->v[k].text) <= colw - 2 && widest_word(o->v[k].text2) <= colw2 - 2;
	if (fits) {
		for (size_t k = i; k < j; k++) {
			const struct oline *l = &o->v[k];
			size_t first = rs->n;
			wrap_cells(rs, first, 0, l->text, l->role, 0, colw, 2);
			wrap_cells(rs, first, 1, l->text2, l->role2, colw + 1, colw2, 2);
		}
		return;
	}
	for (int side = 0; side < 2; side++) {
		if (side)
			orows_push(rs); /* a blank row between the two lists */
		for (size_t k = i; k < j; k++) {
			const struct oline *l = &o->v[k];
			const char *t = side ? l->text2 : l->text;
			if (k > i && t[0] == '\0')
				continue; /* the shorter list's padding */
			wrap_cells(rs, rs->n, 0, t, side ? l->role2 : l->role, 0, width, 2);
		}
	}
}

/* Break the overlay's lines into rows of width columns: a line wraps between words, its next rows indented
 * (hang_of); a block of two-column lines is laid out by layout_pairs. */
static void layout_rows(struct orows *rs, const struct olines *o, int width)
{
	for (size_t i = 0; i < o->n;) {
		const struct oline *l = &o->v[i];
		if (l->text2 == NULL) {
			wrap_cells(rs, rs->n, 0, l->text, l->role, 0, width, hang_of(l, width));
			i++;
			continue;
		}
		size_t j = i;
		while (j < o->n && o->v[j].text2)
			j++;
		layout_pairs(rs, o, i, j, width);
		i = j;
	}
}

/* The footer's pieces (runs of two or more blanks separate them: "Esc closes   + added") are kept whole on a
 * row when they fit, several to a row; a piece wider than the row wraps between words. */
static void layout_footer(struct orows *rs, const char *foot, int width)
{
	const char *p = foot + strspn(foot, " ");
	int used = -1; /* columns taken on the last row; -1: no row yet */
	while (*p) {
		const char *e = strstr(p, "  ");
		size_t n = e ? (size_t)(e - p) : strlen(p);
		int w = text_width(p, n);
		if (used >= 0 && used + 2 + w <= width) {
			struct ocell *c = &rs->v[rs->n - 1].c[0];
			c->len = (size_t)(p + n - (c->text + c->off));
			used += 2 + w;
		} else if (w <= width) {
			struct orow *r = orows_push(rs);
			r->c[0] = (struct ocell){foot, (size_t)(p - foot), n, ROLE_OVERLAY_TITLE, 0, width};
			r->n = 1;
			used = w;
		} else {
			char *piece = xstrndup(p, n);
			size_t off = 0, next;
			/* The piece's bytes are the footer's own: cells point into foot, not into the copy. */
			while (off < n) {
				size_t k = wrap_row(piece + off, n - off, width, &next);
				struct orow *r = orows_push(rs);
				r->c[0] = (struct ocell){foot, (size_t)(p - foot) + off, k, ROLE_OVERLAY_TITLE, 0,
							 width};
				r->n = 1;
				used = text_width(piece + off, k);
				off += next;
			}
			free(piece);
		}
		p += n;
		p += strspn(p, " ");
	}
	if (used < 0) {
		struct orow *r = orows_push(rs);
		r->c[0] = (struct ocell){foot, 0, 0, ROLE_OVERLAY_TITLE, 0, width};
		r->n = 1;
	}
}

/* Draw the cells of row at row y of win, the body starting at column x0. */
static void draw_orow(struct ui *ui, WINDOW *win, int y, int x0, const struct orow *row, attr_t base)
{
	for (int i = 0; i < row->n; i++) {
		const struct ocell *c = &row->c[i];
		if (c->text == NULL)
			continue;
		wmove(win, y, x0 + c->x);
		attr_t a = c->role == ROLE_OVERLAY ? base : ui_attr(ui, c->role);
		draw_untrusted(win, a, (const uint8_t *)c->text + c->off, c->len, c->w);
	}
}

void overlay_draw(struct ui *ui)
{
	const struct overlay_ops *ops = ui->overlay;
	if (ops == NULL || ui->lay.too_small)
		return;
	/* Over the panes only: the status bar, hint and prompt stay visible (and typing goes on). The overlay owns
	 * the panes' whole area, edge to edge: a margin would leave columns of the panes beneath showing (the ends of
	 * their words, or half of a wide character cut by the overlay's edge). Inside, one column of margin each
	 * side; the title, the body and the footer all wrap to that width, so nothing is cut at any size. */
	int H = ui->lay.status.y, W = ui->cols;
	int w = W, h = H, y = 0, x = 0, tw = W - 2;
	struct olines o = {.width = tw};
	ops->build(ui, &o);
	struct orows title = {0}, body = {0}, foot = {0};
	wrap_cells(&title, 0, 0, _(ops->title), ROLE_OVERLAY_TITLE, 0, tw, 2);
	layout_rows(&body, &o, tw);
	/* The footer says how to scroll only when there is something to scroll: lay it out once without, and again
	 * with it when the body does not fit in what is left. */
	/* TRANSLATORS: overlay footers are pieces separated by runs of two or more blanks ("Esc closes   + added");
	 * a piece is kept whole on a row, so keep those double blanks between pieces in the translation. */
	const char *fbase = ops->footer ? _(ops->footer) : _("Esc closes");
	char fmore[320];
	snprintf(fmore, sizeof fmore, "%s  %s", fbase, _("PgUp/PgDn scroll"));
	layout_footer(&foot, fbase, tw);
	bool scrolls = (int)(title.n + body.n + foot.n) > h;
	if (scrolls) {
		foot.n = 0;
		layout_footer(&foot, fmore, tw);
	}
	int ntitle = (int)title.n, nfoot = (int)foot.n;
	if (ops->dialog) {
		int want = ntitle + (int)body.n + nfoot + 1;
		if (want < h) {
			y += (h - want) / 2;
			h = want;
		}
	}
	WINDOW *win = draw_panel(ui, h, w, y, x, ntitle, nfoot);
	if (win == NULL)
		goto out;
	attr_t base = ui_attr(ui, ROLE_OVERLAY), ta = ui_attr(ui, ROLE_OVERLAY_TITLE);
	/* On a screen too short for its title and footer, the title keeps its first row and the footer its last. */
	if (ntitle + nfoot + 1 > h) {
		ntitle = h > 1 ? 1 : h;
		nfoot = h > 2 ? 1 : 0;
	}
	for (int r = 0; r < ntitle; r++)
		draw_orow(ui, win, r, 1, &title.v[r], ta);
	int bh = h - ntitle - nfoot;
	int maxscroll = (int)body.n - bh;
	if (maxscroll < 0)
		maxscroll = 0;
	if (ui->overlay_scroll > maxscroll)
		ui->overlay_scroll = maxscroll;
	if (ui->overlay_scroll < 0)
		ui->overlay_scroll = 0;
	for (int r = 0; r < bh && (size_t)(ui->overlay_scroll + r) < body.n; r++)
		draw_orow(ui, win, ntitle + r, 1, &body.v[ui->overlay_scroll + r], base);
	for (int r = 0; r < nfoot; r++)
		draw_orow(ui, win, h - nfoot + r, 1, &foot.v[foot.n - (size_t)nfoot + (size_t)r], ta);
	wnoutrefresh(win);
	delwin(win);
out:
	free(title.v);
	free(body.v);
	free(foot.v);
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
