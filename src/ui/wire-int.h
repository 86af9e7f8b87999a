/* wire-int: the wire pane's state, shared by its files: pane-wire.c (taking events in, the pane's API),
 * wire-draw.c (scrolling and drawing), wire-walk.c (laying one line out in rows) and wire-hex.c (the hex view).
 * Not for use outside them. */
#ifndef SMTPCON_UI_WIRE_INT_H
#define SMTPCON_UI_WIRE_INT_H
#include <curses.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/buf.h"
#include "ui/ui-internal.h"
#include "ui/wire-record.h"
#include "ui/wirelog.h"

/* Longest logical line kept: bytes past this are counted and shown as a marker, not stored. Large enough that a
 * hostile multi-megabyte line is kept whole (it wraps, or scrolls sideways); the log's total is bounded anyway
 * (WIRELOG_MAX_BYTES). */
#define WIRE_LINE_CAP (16u * 1024u * 1024u)
/* Pieces kept for matching replies to their wire lines (replies longer than this lose their highlight). */
#define WIRE_RING 1024
/* Width of the gutter: time (8) space dir (1) lock (2) segment (1) space. */
#define GUTTER 14

struct ring_entry {
	size_t line;
	uint64_t end; /* server stream offset just past this piece */
};

struct wire {
	struct ui *ui;
	struct wirelog *log;
	bool follow;
	size_t top;
	int top_sub;
	int view_h;
	bool hex;
	bool marked;
	size_t mark_first, mark_last;
	bool has_match;
	size_t match;
	size_t match_off, match_len; /* the matched bytes inside line match */
	/* Long lines: wrapped (the default) or cut with a sideways scroll of hscroll columns. */
	bool wrap;
	int hscroll;
	int text_w; /* columns for a line's text at the last draw (pane width less the gutter) */
	/* Heights of recently measured lines (wrapping costs a walk over the line), valid for one width and mode. */
	struct {
		size_t line;
		int height;
		unsigned gen;
	} hcache[256];
	unsigned hgen;
	/* Per direction: where the current logical line stands. */
	bool mid_line[3];
	size_t line_len[3];
	size_t cut[3];
	bool ends_cr[3];
	size_t last_piece[3];
	/* Matching replies to wire lines through the server byte stream. */
	uint64_t srv_pos, reply_pos;
	struct ring_entry ring[WIRE_RING];
	size_t ring_head, ring_n;
	bool lr_valid;
	size_t lr_first, lr_last;
	int smtp_state;
	/* Our session's TLS handshake began (EV_TLS_START) and has not finished (EV_TLS) yet: a close now means it
	 * never did, and the pane says that nothing went encrypted. */
	bool handshaking;
	/* Raw TLS records per direction (EV_RECORD), reassembled for the hex view. */
	struct wrec rec[3];
	uint32_t rec_t;
	int rec_dir;
};

/* wire-gutter.c */
/* The gutter's width: listen mode adds the client's number ("#12 ") after the time. */
int wire_gutter(const struct wire *w);
/* The gutter of a row: time (show_time), direction, lock, segment mark; a continuation row (cont) its mark. */
void wire_draw_gutter(struct wire *w, WINDOW *win, const struct wl_line *l, bool show_time, bool cont);
/* wire-walk.c */
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
/* Start a walk over one line for w: it measures only when win is NULL. The caller then sets what it wants (wrap,
 * the rows or columns to draw, find) and calls wire_walk_line once, which frees the walk's scratch. */
void wire_walk_init(struct walk *k, struct wire *w, WINDOW *win);
/* Walk line l (text view; data or our own lines); over: an attribute laid over every unit (mark, match), or 0. */
void wire_walk_line(struct walk *k, const struct wl_line *l, attr_t over);
/* Whether l wraps: data lines unless wrapping is off (F7); our own lines (notes, errors, annotations) always. */
bool wire_line_wraps(const struct wire *w, const struct wl_line *l);
/* Rows the text of l takes when wrapped at the pane's last text width. */
int wire_wrapped_rows(struct wire *w, const struct wl_line *l);
/* wire-draw.c */
void wire_scroll(void *data, int delta);
void wire_draw(void *data, WINDOW *win, bool focused);
/* Scroll so that line n shows, unless it already does. */
void wire_reveal(struct wire *w, size_t n);
/* Scroll so that byte off of line n shows: its wrapped row, or (lines cut) the columns around it. */
void wire_reveal_at(struct wire *w, size_t n, size_t off);
/* wire-hex.c: the hex view */
/* Rows a data line takes in the hex view (its bytes; a masked secret as a labelled note). */
int wire_hex_rows(const struct wire *w, const struct wl_line *l);
/* Rows a raw TLS record takes in the hex view: its label, its kept bytes, a note when it was cut. */
int wire_record_rows(const struct wire *w, const struct wl_line *l);
/* Draw row sub of a record / of a data line in the hex view at the cursor, gutter included. */
void wire_draw_record_row(struct wire *w, WINDOW *win, const struct wl_line *l, int sub, int avail, attr_t over);
void wire_draw_hex_row(struct wire *w, WINDOW *win, const struct wl_line *l, int sub, int avail, attr_t over);
/* Forget measured line heights (the width, wrapping or the hex view changed). */
void wire_heights_changed(struct wire *w);

#endif
