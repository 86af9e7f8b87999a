/* pane: the panes of the TUI as tables of functions (tmux's window modes): each pane file defines one const
 * struct pane_ops, and ui.c drives every pane through it. A new pane is a new pane-*.c plus one table. */
#ifndef SMTPCON_UI_PANE_H
#define SMTPCON_UI_PANE_H
#include <curses.h>
#include <stdbool.h>

#include "core/event.h"
#include "ui/ui-internal.h"

struct pane;

struct pane_ops {
	const char *name;
	/* Make the pane's state. */
	void *(*init)(struct ui *ui, struct pane *p);
	void (*free)(void *data);
	/* A session event (only mark dirty and store; drawing happens in draw). */
	void (*event)(void *data, const struct event *ev);
	/* Draw the whole pane into w (its size is the pane's rectangle; row 0 is the title). */
	void (*draw)(void *data, WINDOW *w, bool focused);
	/* Scroll by rows (negative: towards older lines); INT_MIN / INT_MAX: to the top / bottom (follow). */
	void (*scrollby)(void *data, int rows);
	/* A mouse click at (y, x) inside the pane. */
	void (*click)(void *data, int y, int x);
};

struct pane {
	const struct pane_ops *ops;
	void *data;
	struct ui *ui;
	int h, w; /* last drawn size */
};

extern const struct pane_ops pane_wire_ops;
extern const struct pane_ops pane_replies_ops;

/* ---- pane-wire.c: what other parts ask of the wire log ---- */
struct wirelog;
struct wirelog *wire_log(struct pane *p);
/* Highlight lines [first, last] (a reply's lines); first > last clears. */
void wire_mark(struct pane *p, size_t first, size_t last);
/* Line just past the newest one (the number the next line will get). */
size_t wire_end(struct pane *p);
/* After the latest EV_REPLY: the wire lines it took (false when unknown). */
bool wire_last_reply_lines(struct pane *p, size_t *first, size_t *last);
/* Show line n (a search match of len bytes at off): scroll to it (to the wrapped row, or sideways to the columns,
 * that hold the match) and mark it; follow mode ends. */
void wire_show_match(struct pane *p, size_t n, size_t off, size_t len);
/* Forget the search match highlight. */
void wire_unmatch(struct pane *p);
void wire_toggle_hex(struct pane *p);
void wire_set_hex(struct pane *p, bool on);
/* Long lines wrap (on) or are cut at the edge with a marker (off), then wire_hscroll scrolls them sideways by delta
 * columns. */
void wire_set_wrap(struct pane *p, bool on);
bool wire_wrapping(struct pane *p);
void wire_hscroll(struct pane *p, int delta);
bool wire_following(struct pane *p);
void wire_clear(struct pane *p);
/* The client shown alone changed (clients.h): rows of other clients take no room now, or again; follow the end. */
void wire_filter_changed(struct pane *p);

/* ---- pane-replies.c ---- */
/* Select the previous (-1) or next (+1) entry. */
void replies_select(struct pane *p, int delta);
/* The client shown alone changed: a selected entry of another client is let go (the list follows the end). */
void replies_filter_changed(struct pane *p);
/* The one-line meaning of a reply (core/replycodes.h), in buf (size bytes) or static text. */
const char *replies_meaning(int code, const char *enhanced, char *buf, size_t size);

#endif
