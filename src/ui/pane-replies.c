/* pane-replies: the decoded pane. One entry per server reply (code, enhanced code, a one-line meaning, the first
 * line of text) and one per diagnosis, warning or error, each distinct. Selecting an entry shows its details
 * below the list and highlights the reply's lines in the wire pane. Entries are kept in a bounded ring. This file
 * keeps the entries, lays out the list (following or scrolled to the selection) and handles selection;
 * replies-draw.c draws one entry and the details. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/i18n.h"
#include "lib/xmalloc.h"
#include "core/replycodes.h"
#include "ui/clients.h"
#include "ui/pane.h"
#include "ui/replies-int.h"

/* Entries kept (the oldest go first); each entry's text is capped too (ENTRY_TEXT_MAX, replies-int.h). */
#define REPLIES_MAX 100000

struct replies {
	struct ui *ui;
	struct pane *pane;
	struct rentry **ring;
	size_t head, n; /* entries: ring[(head + i) % REPLIES_MAX], i < n */
	size_t dropped; /* entries dropped from the front (absolute numbering) */
	long sel;       /* absolute entry number selected, or -1: none (the list follows) */
	long top;       /* absolute number of the first row shown while selecting */
	int list_h;
	long *rowmap; /* rows 1..list_h of the last draw: entry number + 1 there, 0 none (for clicks) */
};

const char *replies_meaning(int code, const char *enhanced, char *buf, size_t size)
{
	return replycodes_oneline(code, enhanced, buf, size);
}

static struct rentry *entry(const struct replies *r, long abs)
{
	if (abs < (long)r->dropped || abs >= (long)(r->dropped + r->n))
		return NULL;
	return r->ring[(r->head + (size_t)abs - r->dropped) % REPLIES_MAX];
}

static void entry_free(struct rentry *e)
{
	if (e == NULL)
		return;
	free(e->command);
	free(e->text);
	free(e->hint);
	free(e->id);
	free(e);
}

static void push(struct replies *r, struct rentry *e)
{
	if (r->n == REPLIES_MAX) {
		entry_free(r->ring[r->head]);
		r->head = (r->head + 1) % REPLIES_MAX;
		r->n--;
		r->dropped++;
	}
	r->ring[(r->head + r->n) % REPLIES_MAX] = e;
	r->n++;
	ui_mark(r->ui, DIRTY_REPLIES);
}

static char *capped_dup(const char *s)
{
	if (s == NULL)
		return NULL;
	size_t n = strnlen(s, ENTRY_TEXT_MAX);
	return xmemdup0(s, n);
}

static void add_reply(struct replies *r, const struct event *ev)
{
	const struct reply *rp = ev->reply;
	struct rentry *e = xcalloc(1, sizeof *e);
	e->kind = RK_REPLY;
	e->client = ev->client;
	e->code = rp->code;
	memcpy(e->enhanced, rp->enhanced, sizeof e->enhanced);
	e->enhanced[sizeof e->enhanced - 1] = '\0';
	e->t_ms = (uint32_t)(ev->t_ns / 1000000u);
	e->flags = rp->flags;
	e->tls = ev->tls;
	e->nlines = rp->total_lines;
	e->command = capped_dup(ev->command);
	struct buf b;
	buf_init(&b, ENTRY_TEXT_MAX);
	for (size_t i = 0; i < rp->nlines; i++) {
		if (i && !buf_append_byte(&b, '\n'))
			break;
		size_t room = ENTRY_TEXT_MAX - b.len;
		buf_append(&b, rp->lines[i].text, rp->lines[i].len < room ? rp->lines[i].len : room);
	}
	e->text = buf_detach(&b, &e->textlen);
	if (e->text == NULL)
		e->text = xstrdup("");
	e->wvalid = wire_last_reply_lines(r->ui->wire, &e->wfirst, &e->wlast);
	push(r, e);
}

static void add_message(struct replies *r, enum rkind kind, const struct event *ev)
{
	struct rentry *e = xcalloc(1, sizeof *e);
	e->kind = kind;
	e->client = ev->client;
	e->t_ms = (uint32_t)(ev->t_ns / 1000000u);
	/* Kept for people only (the decoded pane and the reader): in their language. */
	e->text = capped_dup(event_text(ev) ? event_text(ev) : "");
	e->textlen = strlen(e->text);
	e->hint = capped_dup(event_hint(ev));
	e->id = capped_dup(ev->id);
	e->severity = ev->severity;
	push(r, e);
}

static void replies_event(void *data, const struct event *ev)
{
	struct replies *r = data;
	switch (ev->type) {
	case EV_REPLY:
		if (ev->reply)
			add_reply(r, ev);
		break;
	case EV_DIAGNOSIS:
		add_message(r,
			    ev->severity == SEV_ERROR     ? RK_ERROR
			    : ev->severity == SEV_WARNING ? RK_WARNING
							  : RK_DIAGNOSIS,
			    ev);
		break;
	case EV_WARNING: add_message(r, RK_WARNING, ev); break;
	case EV_ERROR: add_message(r, RK_ERROR, ev); break;
	default: break;
	}
}

static void replies_draw(void *data, WINDOW *w, bool focused)
{
	struct replies *r = data;
	struct ui *ui = r->ui;
	int h, width;
	getmaxyx(w, h, width);
	werase(w);
	wmove(w, 0, 0);
	attr_t ta = ui_attr(ui, focused ? ROLE_TITLE_FOCUS : ROLE_TITLE);
	draw_fill(w, ta);
	char title[160];
	/* TRANSLATORS: the decoded pane's title: keep it short (the pane may be 40 columns wide). */
	snprintf(title, sizeof title, P_(" decoded  %zu entry", " decoded  %zu entries", r->n), r->n);
	char tag[48];
	size_t tl0 = strlen(title); /* listen mode: " [#2 only]" while /client N shows one client */
	snprintf(title + tl0, sizeof title - tl0, "%s", clients_title(ui, tag, sizeof tag));
	/* Key hints are added whole or not at all: a title is never cut mid-word. */
	const char *keys = r->sel >= 0 ? _("  Enter: read  Esc: follow") : _("  M-Up: select");
	const char *read = _("  Enter: read");
	size_t tl = strlen(title);
	if (text_width(title, tl) + text_width(keys, strlen(keys)) <= width)
		snprintf(title + tl, sizeof title - tl, "%s", keys);
	else if (r->sel >= 0 && text_width(title, tl) + text_width(read, strlen(read)) <= width)
		snprintf(title + tl, sizeof title - tl, "%s", read);
	draw_fit(w, ta, title, strlen(title), width);
	struct rentry *sel = r->sel >= 0 ? entry(r, r->sel) : NULL;
	if (sel == NULL)
		r->sel = -1;
	int list_h = h - 1;
	if (sel) {
		list_h = (h - 1) / 2 > 2 ? (h - 1) / 2 : (h - 1 > 2 ? 2 : h - 1);
		/* The details start right under a short list. */
		int need = 0;
		for (long i = (long)r->dropped; i < (long)(r->dropped + r->n) && need < list_h; i++)
			need += replies_entry_rows(ui, entry(r, i), width);
		if (need < list_h)
			list_h = need;
	}
	if (list_h < 0)
		list_h = 0;
	r->list_h = list_h;
	free(r->rowmap);
	r->rowmap = xcalloc((size_t)list_h + 1, sizeof *r->rowmap);
	long first_abs = (long)r->dropped, end_abs = (long)(r->dropped + r->n);
	long top;
	if (sel == NULL) {
		/* Following: the newest entries fill the list from the bottom, whole entries only. */
		int used = 0;
		top = end_abs;
		while (top > first_abs) {
			int k = replies_entry_rows(ui, entry(r, top - 1), width);
			if (used + k > list_h && top < end_abs)
				break;
			used += k;
			top--;
			if (used >= list_h)
				break;
		}
	} else {
		if (r->top > r->sel)
			r->top = r->sel;
		if (r->top < first_abs)
			r->top = first_abs;
		/* Move down until the selected entry is whole on the screen (or is the first shown). */
		for (;;) {
			int used = 0;
			for (long i = r->top; i <= r->sel; i++)
				used += replies_entry_rows(ui, entry(r, i), width);
			if (used <= list_h || r->top >= r->sel)
				break;
			r->top++;
		}
		top = r->top;
	}
	if (top < first_abs)
		top = first_abs;
	r->top = top;
	int row = 1;
	for (long i = top; i < end_abs && row <= list_h; i++) {
		int k = replies_draw_entry(ui, w, entry(r, i), i == r->sel, row, list_h + 1 - row, width);
		for (int j = 0; j < k; j++)
			r->rowmap[row + j - 1] = i + 1; /* 0: no entry on that row */
		row += k;
	}
	if (sel)
		replies_draw_details(ui, w, sel, 1 + list_h, h, width);
}

static void select_abs(struct replies *r, long abs)
{
	long first_abs = (long)r->dropped, end_abs = (long)(r->dropped + r->n);
	if (r->n == 0 || abs >= end_abs) {
		r->sel = -1;
		wire_mark(r->ui->wire, 1, 0);
	} else {
		if (abs < first_abs)
			abs = first_abs;
		r->sel = abs;
		struct rentry *e = entry(r, abs);
		if (e && e->wvalid)
			wire_mark(r->ui->wire, e->wfirst, e->wlast);
		else
			wire_mark(r->ui->wire, 1, 0);
	}
	ui_mark(r->ui, DIRTY_REPLIES);
}

/* The entry |delta| shown entries away from from (older when delta < 0), stepping over the entries of clients
 * not shown (/client N): past the newest, end (the list follows); before the oldest, the oldest shown. */
static long step_shown(struct replies *r, long from, long delta)
{
	long first = (long)r->dropped, end = (long)(r->dropped + r->n), at = from, found = from;
	int dir = delta < 0 ? -1 : 1;
	for (long left = delta < 0 ? -delta : delta; left > 0;) {
		at += dir;
		if (at < first)
			return found;
		if (at >= end)
			return end;
		const struct rentry *e = entry(r, at);
		if (e && clients_visible(r->ui, e->client)) {
			found = at;
			left--;
		}
	}
	return found;
}

void replies_select(struct pane *p, int delta)
{
	struct replies *r = p->data;
	long end_abs = (long)(r->dropped + r->n);
	if (delta == 0) {
		select_abs(r, end_abs); /* deselect: follow */
		return;
	}
	if (r->sel < 0)
		select_abs(r, delta < 0 ? step_shown(r, end_abs, -1) : end_abs);
	else
		select_abs(r, step_shown(r, r->sel, delta));
}

void replies_filter_changed(struct pane *p)
{
	struct replies *r = p->data;
	const struct rentry *e = r->sel >= 0 ? entry(r, r->sel) : NULL;
	if (e && !clients_visible(r->ui, e->client))
		select_abs(r, (long)(r->dropped + r->n)); /* its client is hidden now: follow the newest shown */
	ui_mark(r->ui, DIRTY_REPLIES);
}

long replies_selected(struct pane *p)
{
	const struct replies *r = p->data;
	return r->sel >= 0 && entry(r, r->sel) ? r->sel : -1;
}

const struct rentry *replies_entry(struct pane *p, long abs)
{
	return entry(p->data, abs);
}

static void replies_scroll(void *data, int rows)
{
	struct replies *r = data;
	if (rows == INT_MIN)
		select_abs(r, step_shown(r, (long)r->dropped - 1, 1)); /* the oldest shown */
	else if (rows == INT_MAX)
		select_abs(r, (long)(r->dropped + r->n));
	else
		replies_select(r->pane, rows);
}

static void replies_click(void *data, int y, int x)
{
	struct replies *r = data;
	(void)x;
	if (y < 1 || y > r->list_h || r->rowmap == NULL || r->rowmap[y - 1] == 0)
		return;
	long abs = r->rowmap[y - 1] - 1;
	if (abs >= (long)r->dropped && abs < (long)(r->dropped + r->n))
		select_abs(r, abs);
}

static void *replies_init(struct ui *ui, struct pane *p)
{
	struct replies *r = xcalloc(1, sizeof *r);
	r->ui = ui;
	r->pane = p;
	r->ring = xcalloc(REPLIES_MAX, sizeof *r->ring);
	r->sel = -1;
	return r;
}

static void replies_free(void *data)
{
	struct replies *r = data;
	for (size_t i = 0; i < r->n; i++)
		entry_free(r->ring[(r->head + i) % REPLIES_MAX]);
	free(r->ring);
	free(r->rowmap);
	free(r);
}

const struct pane_ops pane_replies_ops = {
	.name = "decoded",
	.init = replies_init,
	.free = replies_free,
	.event = replies_event,
	.draw = replies_draw,
	.scrollby = replies_scroll,
	.click = replies_click,
};
