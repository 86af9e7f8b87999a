/* replies-int: the decoded pane's entries, for the files that show them (pane-replies.c draws the list,
 * reader-reply.c builds the reader's page for one). Never included outside src/ui. */
#ifndef SMTPCON_UI_REPLIES_INT_H
#define SMTPCON_UI_REPLIES_INT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pane;

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
/* "note", "warning", "error". */
const char *replies_kind_label(enum rkind k);

#endif
