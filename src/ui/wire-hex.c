/* wire-hex: the wire pane's hex view (F6): how many bytes a row holds at the pane's width (16, 8 or 4, always
 * with the ASCII column), the rows of a data line and of a raw TLS record, and their drawing. A masked secret is
 * a labelled note, never the mask's bytes; the notes (a record's label, the secret's, what a cut record did not
 * keep) wrap at the pane's width rather than being cut. wire-draw.c asks for rows and draws through here. */
#include <stdio.h>
#include <string.h>

#include "lib/i18n.h"
#include "ui/wire-int.h"
#include "ui/wrap.h"

/* ---- the hex view's rows ---- */

/* Bytes per hex row: as many of 16, 8 or 4 as fit with the offset and the ASCII column (the 4-byte row of a
 * narrow pane gives its offset 4 digits: a stored piece is at most WIRELOG_MAX_LINE bytes, a record WREC_KEEP). */
static size_t hex_bpr(const struct wire *w)
{
	int avail = w->text_w > 0 ? w->text_w : 86;
	if (avail >= 9 + 16 * 3 + 1 + 3 + 16)
		return 16;
	if (avail >= 9 + 8 * 3 + 3 + 8)
		return 8;
	return 4;
}

/* "00000010  32 32 30 20 ...  |220 ...|": one row of bpr bytes (the 16-byte row has a gap after the eighth). */
static void hex_row(struct buf *b, size_t off, const uint8_t *p, size_t n, size_t bpr)
{
	if (bpr == 4)
		buf_printf(b, "%04zx ", off & 0xffff);
	else
		buf_printf(b, "%08zx ", off);
	for (size_t i = 0; i < bpr; i++) {
		if (i == 8 && bpr == 16)
			buf_append_byte(b, ' ');
		if (i < n)
			buf_printf(b, " %02x", p[i]);
		else
			buf_append(b, "   ", 3);
	}
	buf_append(b, "  |", 3);
	for (size_t i = 0; i < n; i++)
		buf_append_byte(b, p[i] >= 0x20 && p[i] < 0x7f ? p[i] : '.');
	buf_append_byte(b, '|');
}

static int rows_of(size_t n, size_t bpr)
{
	return (int)((n + bpr - 1) / bpr);
}

/* The mask of a secret line: the core put a run of '*' where the secret was (the last such run). */
static bool secret_span(const struct wl_line *l, size_t *a, size_t *b)
{
	if (!(l->flags & WL_SECRET))
		return false;
	size_t e = l->len;
	while (e > 0 && l->text[e - 1] != '*')
		e--;
	if (e == 0)
		return false;
	size_t s = e;
	while (s > 0 && l->text[s - 1] == '*')
		s--;
	*a = s;
	*b = e;
	return true;
}

/* The notes of the hex view (a record's label, a secret's mask, what a cut record did not keep) wrap at the
 * pane's width rather than being cut: the rows after the first start hang columns further in. Returns the rows
 * note s takes at avail columns; *off and *len get row `row` of it. */
static int note_layout(const char *s, int avail, int hang, int row, size_t *off, size_t *len)
{
	size_t n = strlen(s), i = 0;
	int r = 0;
	if (hang > avail / 2)
		hang = 0;
	do {
		size_t next, k = wrap_row(s + i, n - i, r ? avail - hang : avail, &next);
		if (r == row) {
			*off = i;
			*len = k;
		}
		i += next;
		r++;
	} while (i < n);
	return r;
}

static int note_rows(const struct wire *w, const char *s, int hang)
{
	size_t off, len;
	return note_layout(s, w->text_w > 0 ? w->text_w : 86, hang, -1, &off, &len);
}

/* The label of a masked secret: at its offset, the number of bytes hidden ("0000000b  [secret: 24 bytes,
 * hidden]"); its rows after the first go on under "secret". */
static int secret_label(const struct wire *w, size_t a, size_t b, char *out, size_t n)
{
	bool narrow = hex_bpr(w) == 4;
	char what[64];
	/* TRANSLATORS: in the hex view (F6), in brackets after the offset; %zu: how many bytes were not shown. */
	snprintf(what, sizeof what, P_("secret: %zu byte, hidden", "secret: %zu bytes, hidden", (unsigned long)(b - a)),
		 b - a);
	snprintf(out, n, narrow ? "%04zx  [%s]" : "%08zx  [%s]", narrow ? a & 0xffff : a, what);
	return narrow ? 7 : 11;
}

/* What a record cut at WREC_KEEP bytes did not keep. */
static void record_more(const struct wl_line *l, char *out, size_t n)
{
	size_t total = l->len >= 5 ? 5 + ((size_t)l->text[3] << 8 | l->text[4]) : l->len;
	size_t more = total > l->len ? total - l->len : 0;
	/* TRANSLATORS: in the hex view (F6), under a TLS record cut at %u bytes; %zu: the bytes not kept. */
	snprintf(out, n,
		 P_("... %zu more byte of this record (only the first %u are kept)",
		    "... %zu more bytes of this record (only the first %u are kept)", (unsigned long)more),
		 more, WREC_KEEP);
}

#define LABEL_HANG 2 /* a record label's next rows */
#define MORE_HANG 4  /* under the text after "... " */

/* Rows of a data line in the hex view: its bytes, but a masked secret is a labelled note, never bytes. */
int wire_hex_rows(const struct wire *w, const struct wl_line *l)
{
	size_t bpr = hex_bpr(w), a, b;
	if (l->len == 0)
		return 1;
	if (secret_span(l, &a, &b)) {
		char label[96];
		int hang = secret_label(w, a, b, label, sizeof label);
		return rows_of(a, bpr) + note_rows(w, label, hang) + rows_of(l->len - b, bpr);
	}
	return rows_of(l->len, bpr);
}

/* Rows of a raw TLS record in the hex view: its label, its kept bytes, and a note when it was cut. */
int wire_record_rows(const struct wire *w, const struct wl_line *l)
{
	char label[240], more[96];
	wrec_label(l->text, l->len, l->flags, label, sizeof label);
	int n = note_rows(w, label, LABEL_HANG) + rows_of(l->len, hex_bpr(w));
	if (l->flags & WREC_CUT) {
		record_more(l, more, sizeof more);
		n += note_rows(w, more, MORE_HANG);
	}
	return n;
}

/* ---- drawing ---- */

/* A hex row of bytes p[0..n) at offset off. */
static void draw_hex_bytes(struct wire *w, WINDOW *win, attr_t a, size_t off, const uint8_t *p, size_t n, int avail)
{
	struct buf b;
	buf_init(&b, 256);
	hex_row(&b, off, p, n, hex_bpr(w));
	draw_untrusted(win, a, b.data ? b.data : (const uint8_t *)"", b.len, avail);
	buf_free(&b);
}

/* Row `row` of a wrapped note, after its gutter (the rows after the first carry the continuation mark). */
static void draw_note_row(struct wire *w, WINDOW *win, const struct wl_line *l, attr_t a, const char *s, int hang,
			  int row, int avail, bool show_time)
{
	size_t off = 0, len = 0;
	note_layout(s, avail, hang, row, &off, &len);
	wire_draw_gutter(w, win, l, show_time && row == 0, row > 0);
	if (row > 0 && hang <= avail / 2)
		for (int i = 0; i < hang; i++)
			draw_str(win, a, " ", 1, 1);
	draw_str(win, a, s + off, len, avail);
}

/* Row sub of a raw TLS record: the label, its bytes (offsets count from the record header), and how much was not
 * kept. */
void wire_draw_record_row(struct wire *w, WINDOW *win, const struct wl_line *l, int sub, int avail, attr_t over)
{
	struct ui *ui = w->ui;
	attr_t a = over ? over : ui_attr(ui, l->dir == DIR_CLIENT ? ROLE_WIRE_CLIENT : ROLE_WIRE_SERVER);
	size_t bpr = hex_bpr(w);
	char label[240];
	wrec_label(l->text, l->len, l->flags, label, sizeof label);
	int lr = note_rows(w, label, LABEL_HANG);
	int data_rows = rows_of(l->len, bpr);
	if (sub < lr) {
		draw_note_row(w, win, l, over ? over : ui_attr(ui, ROLE_WIRE_ANNOT) | A_BOLD, label, LABEL_HANG, sub,
			      avail, true);
	} else if (sub < lr + data_rows) {
		wire_draw_gutter(w, win, l, false, false);
		size_t off = (size_t)(sub - lr) * bpr;
		size_t k = l->len - off < bpr ? l->len - off : bpr;
		draw_hex_bytes(w, win, a, off, l->text + off, k, avail);
	} else {
		char more[96];
		record_more(l, more, sizeof more);
		draw_note_row(w, win, l, ui_attr(ui, ROLE_WIRE_NOTE), more, MORE_HANG, sub - lr - data_rows, avail,
			      false);
	}
}

/* Hex row sub of a data line; a masked secret's rows say how many bytes were hidden instead of showing the
 * mask's '*' as if they had been sent. */
void wire_draw_hex_row(struct wire *w, WINDOW *win, const struct wl_line *l, int sub, int avail, attr_t over)
{
	struct ui *ui = w->ui;
	attr_t a = over ? over : ui_attr(ui, l->dir == DIR_CLIENT ? ROLE_WIRE_CLIENT : ROLE_WIRE_SERVER);
	size_t bpr = hex_bpr(w), sa, sb;
	bool first = sub == 0 && (l->flags & WL_SEG_START);
	if (secret_span(l, &sa, &sb)) {
		int before = rows_of(sa, bpr);
		char label[96];
		int hang = secret_label(w, sa, sb, label, sizeof label);
		int lr = note_rows(w, label, hang);
		if (sub >= before && sub < before + lr) {
			draw_note_row(w, win, l, over ? over : ui_attr(ui, ROLE_WIRE_NOTE), label, hang, sub - before,
				      avail, first);
			return;
		}
		wire_draw_gutter(w, win, l, first, false);
		if (sub >= before + lr) {
			size_t off = sb + (size_t)(sub - before - lr) * bpr;
			size_t k = l->len - off < bpr ? l->len - off : bpr;
			draw_hex_bytes(w, win, a, off, l->text + off, k, avail);
			return;
		}
		size_t off = (size_t)sub * bpr;
		draw_hex_bytes(w, win, a, off, l->text + off, sa - off < bpr ? sa - off : bpr, avail);
		return;
	}
	wire_draw_gutter(w, win, l, first, false);
	size_t off = (size_t)sub * bpr;
	size_t k = l->len > off ? l->len - off : 0;
	draw_hex_bytes(w, win, a, off, l->text + off, k < bpr ? k : bpr, avail);
}
