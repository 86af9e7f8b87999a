/* wire-int: the wire pane's state, shared by its two files: pane-wire.c (taking events in, the pane's API) and
 * wire-draw.c (scrolling and drawing). Not for use outside those two. */
#ifndef SMTPCON_UI_WIRE_INT_H
#define SMTPCON_UI_WIRE_INT_H
#include <curses.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ui/ui-internal.h"
#include "ui/wire-record.h"
#include "ui/wirelog.h"

/* Longest logical line kept: bytes past this are counted and shown as a marker, not stored. */
#define WIRE_LINE_CAP 8192
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
	/* Raw TLS records per direction (EV_RECORD), reassembled for the hex view. */
	struct wrec rec[3];
	uint32_t rec_t;
	int rec_dir;
};

/* wire-draw.c */
void wire_scroll(void *data, int delta);
void wire_draw(void *data, WINDOW *win, bool focused);
/* Scroll so that line n shows, unless it already does. */
void wire_reveal(struct wire *w, size_t n);

#endif
