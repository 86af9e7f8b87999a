/* replies-int: the decoded pane's entries, for the files that show them (pane-replies.c lays out the list,
 * replies-draw.c draws an entry and its details, reader-reply.c builds the reader's page for one). Never included
 * outside src/ui. */
#ifndef SMTPCON_UI_REPLIES_INT_H
#define SMTPCON_UI_REPLIES_INT_H
#include <curses.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pane;
struct ui;

/* Bytes of text kept per entry (a reply's lines joined, or a message). */
#define ENTRY_TEXT_MAX 2048

enum rkind {
	RK_REPLY,
	RK_DIAGNOSIS,
	RK_WARNING,
	RK_ERROR
};

struct rentry {
	enum rkind kind;
	int code;
	char enhanced[16];
	uint32_t t_ms;
	unsigned flags; /* enum reply_flag */
	bool tls;
	bool wvalid;
	size_t wfirst, wlast;
	size_t nlines;
	char *command; /* the line it answers (our own, masked), or NULL */
	char *text;    /* reply lines joined by '\n' (server bytes: escaped when drawn) or the message */
	size_t textlen;
	char *hint;
	char *id;
	int severity;
	unsigned long client; /* listen mode: the remote client it is about (0: our own session) */
};

/* The selected entry's number, or -1 when none is selected (the list follows the newest). */
long replies_selected(struct pane *p);
/* Entry number abs, or NULL when there is no such entry (dropped from the ring, or not yet made). */
const struct rentry *replies_entry(struct pane *p, long abs);
/* "note", "warning", "error" (translated). */
const char *replies_kind_label(enum rkind k);

/* The rows entry e takes in the list at this width: 0 when its client is hidden (listen mode, /client N). */
int replies_entry_rows(struct ui *ui, const struct rentry *e, int width);
/* Draw entry e's summary in w from row y, at most maxrows rows, rows after the first under its code; a cut entry
 * ends with a sign. Returns the rows used (0 when its client is hidden). */
int replies_draw_entry(struct ui *ui, WINDOW *w, const struct rentry *e, bool selected, int y, int maxrows, int width);
/* Draw the selected entry's details in w: a rule on row `row`, then the details down to row h - 1; when they do
 * not all fit, the last row says there is more and that Enter reads it all. */
void replies_draw_details(struct ui *ui, WINDOW *w, const struct rentry *e, int row, int h, int width);

#endif
