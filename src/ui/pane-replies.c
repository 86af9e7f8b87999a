/* pane-replies: the decoded pane. One entry per server reply (code, enhanced code, a one-line meaning, the first
 * line of text) and one per diagnosis, warning or error, each distinct. Selecting an entry shows its details
 * below the list and highlights the reply's lines in the wire pane. Entries are kept in a bounded ring. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/i18n.h"
#include "lib/escape.h"
#include "lib/i18n.h"
#include "lib/xmalloc.h"
#include "core/replycodes.h"
#include "ui/clients.h"
#include "ui/pane.h"
#include "ui/replies-int.h"
#include "ui/wrap.h"

/* Entries kept (the oldest go first); each entry's text is capped too. */
#define REPLIES_MAX 100000
#define ENTRY_TEXT_MAX 2048

struct replies {
	struct ui *ui;
	struct pane *pane;
	struct rentry **ring;
	size_t head, n;     /* entries: ring[(head + i) % REPLIES_MAX], i < n */
	size_t dropped;     /* entries dropped from the front (absolute numbering) */
	long sel;           /* absolute entry number selected, or -1: none (the list follows) */
	long top;           /* absolute number of the first row shown while selecting */
	int list_h;
	long *rowmap;  /* rows 1..list_h of the last draw: entry number + 1 there, 0 none (for clicks) */
	bool overflow; /* the last detail did not all fit */
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
		add_message(r, ev->severity == SEV_ERROR ? RK_ERROR : ev->severity == SEV_WARNING ? RK_WARNING
		                                                                                   : RK_DIAGNOSIS,
		            ev);
		break;
	case EV_WARNING:
		add_message(r, RK_WARNING, ev);
		break;
	case EV_ERROR:
		add_message(r, RK_ERROR, ev);
		break;
	default:
		break;
	}
}

static enum ui_role code_role(int code)
{
	switch (code / 100) {
	case 2: return ROLE_REPLY_2XX;
	case 3: return ROLE_REPLY_3XX;
	case 4: return ROLE_REPLY_4XX;
	case 5: return ROLE_REPLY_5XX;
	default: return ROLE_REPLY_BAD;
	}
}

static enum ui_role kind_role(enum rkind k)
{
	return k == RK_ERROR ? ROLE_ERROR : k == RK_WARNING ? ROLE_WARNING : ROLE_DIAGNOSIS;
}

const char *replies_kind_label(enum rkind k)
{
	return k == RK_ERROR ? _("error") : k == RK_WARNING ? _("warning") : _("note");
}

/* Length of the first line of e's text. */
static size_t first_line(const struct rentry *e)
{
	const char *nl = memchr(e->text, '\n', e->textlen);
	return nl ? (size_t)(nl - e->text) : e->textlen;
}

/* An entry's one-line summary as safe text with attribute spans, so it can wrap like any text. */
#define SUMMARY_SPANS 10
#define SUMMARY_INDENT 8 /* rows after the first start under the code, past the time */
struct summary {
	struct buf b;
	size_t end[SUMMARY_SPANS];
	attr_t attr[SUMMARY_SPANS];
	int n;
};

static void sum_add(struct summary *s, attr_t a, const char *text, size_t n, bool untrusted)
{
	if (untrusted)
		escape_bytes(&s->b, (const uint8_t *)text, n, 0);
	else
		buf_append(&s->b, text, n);
	if (s->n > 0 && s->attr[s->n - 1] == a) {
		s->end[s->n - 1] = s->b.len;
	} else if (s->n < SUMMARY_SPANS) {
		s->end[s->n] = s->b.len;
		s->attr[s->n++] = a;
	} else {
		s->end[s->n - 1] = s->b.len;
	}
}

static void summary_build(struct replies *r, const struct rentry *e, bool selected, struct summary *s)
{
	struct ui *ui = r->ui;
	attr_t sel = selected ? ui_attr(ui, ROLE_REPLY_SELECTED) : 0;
	buf_init(&s->b, ENTRY_TEXT_MAX * 10 + 256);
	s->n = 0;
	char buf[64];
	snprintf(buf, sizeof buf, "%7.3f ", e->t_ms / 1000.0);
	sum_add(s, sel ? sel : ui_attr(ui, ROLE_WIRE_TIME), buf, strlen(buf), false);
	if (e->client) { /* listen mode: which client it is about, as in the wire pane */
		snprintf(buf, sizeof buf, "#%lu ", e->client);
		sum_add(s, sel ? sel : clients_attr(ui, e->client), buf, strlen(buf), false);
	}
	if (e->kind == RK_REPLY) {
		if (e->code >= 0)
			snprintf(buf, sizeof buf, "%03d", e->code);
		else
			snprintf(buf, sizeof buf, "???");
		sum_add(s, ui_attr(ui, code_role(e->code)) | (selected ? A_REVERSE : 0), buf, strlen(buf), false);
		if (e->enhanced[0]) {
			snprintf(buf, sizeof buf, " %s", e->enhanced);
			sum_add(s, sel ? sel : ui_attr(ui, code_role(e->code)), buf, strlen(buf), false);
		}
		attr_t a = sel ? sel : ui_attr(ui, ROLE_DEFAULT);
		char mbuf[160];
		const char *m = replies_meaning(e->code, e->enhanced, mbuf, sizeof mbuf);
		sum_add(s, a, " ", 1, false);
		sum_add(s, a, m, strlen(m), false);
		if (e->flags)
			sum_add(s, ui_attr(ui, ROLE_WIRE_ANOMALY), " !", 2, false);
		sum_add(s, sel ? sel : ui_attr(ui, ROLE_HINT), ui->utf8 ? " \xc2\xb7 " : " - ", ui->utf8 ? 4 : 3,
			false);
		/* The text after the enhanced code (already shown in its column). */
		size_t skip = 0, fl = first_line(e);
		if (e->enhanced[0] && fl > strlen(e->enhanced) && strncmp(e->text, e->enhanced, strlen(e->enhanced)) == 0)
			skip = strlen(e->enhanced) + 1;
		sum_add(s, sel ? sel : ui_attr(ui, ROLE_HINT), e->text + skip, fl - skip, true);
	} else {
		attr_t a = sel ? sel : ui_attr(ui, kind_role(e->kind));
		/* TRANSLATORS: a diagnosis in the decoded pane: its kind ("warning", "note") and the colon before its
		 * text (French puts a space before the colon). */
		snprintf(buf, sizeof buf, _("%s: "), replies_kind_label(e->kind));
		sum_add(s, a | A_BOLD, buf, strlen(buf), false);
		sum_add(s, a, e->text, first_line(e), true);
	}
}

/* Where row k of a summary wrapped to width starts and ends; false past the last row. */
static bool summary_row(const struct summary *s, int width, int k, size_t *rs, size_t *re)
{
	size_t i = 0;
	for (int row = 0;; row++) {
		int w = row == 0 ? width : width - SUMMARY_INDENT;
		if (w < 8)
			w = 8;
		size_t next, len = wrap_row((const char *)s->b.data + i, s->b.len - i, w, &next);
		if (row == k) {
			*rs = i;
			*re = i + len;
			return true;
		}
		i += next;
		if (i >= s->b.len)
			return false;
	}
}

static int summary_rows(const struct summary *s, int width)
{
	int n = 0;
	size_t a, b;
	while (summary_row(s, width, n, &a, &b))
		n++;
	return n;
}

static void summary_draw_row(WINDOW *w, const struct summary *s, size_t rs, size_t re, int width)
{
	size_t start = 0;
	int cols = 0;
	for (int k = 0; k < s->n && start < re; k++) {
		size_t a = start > rs ? start : rs, b = s->end[k] < re ? s->end[k] : re;
		if (b > a)
			cols += draw_str(w, s->attr[k], (const char *)s->b.data + a, b - a, width - cols);
		start = s->end[k];
	}
}

/* The rows entry e takes in the list at this width. */
static int entry_rows(struct replies *r, const struct rentry *e, int width)
{
	if (!clients_visible(r->ui, e->client))
		return 0; /* listen mode: another client than the one shown alone (/client N) */
	struct summary s;
	summary_build(r, e, false, &s);
	int n = summary_rows(&s, width);
	buf_free(&s.b);
	return n;
}

/* Draw entry e from row y, at most maxrows rows; a cut entry ends with a sign. Returns the rows used. */
static int draw_entry(struct replies *r, WINDOW *w, const struct rentry *e, bool selected, int y, int maxrows,
		      int width)
{
	struct ui *ui = r->ui;
	if (!clients_visible(ui, e->client))
		return 0;
	struct summary s;
	summary_build(r, e, selected, &s);
	int k = 0;
	size_t rs, re;
	while (k < maxrows && summary_row(&s, width, k, &rs, &re)) {
		wmove(w, y + k, 0);
		if (selected)
			draw_fill(w, ui_attr(ui, ROLE_REPLY_SELECTED));
		int x = k ? SUMMARY_INDENT : 0;
		wmove(w, y + k, x);
		summary_draw_row(w, &s, rs, re, width - x);
		k++;
	}
	if (k == maxrows && summary_row(&s, width, k, &rs, &re) && width > 1) {
		const char *more = ui->utf8 ? "\xe2\x80\xa6" : ">";
		wmove(w, y + k - 1, width - 1);
		draw_str(w, ui_attr(ui, ROLE_HINT) | (selected ? A_REVERSE : 0), more, strlen(more), 1);
	}
	buf_free(&s.b);
	return k;
}

/* Draw text wrapped at word boundaries over rows [*row, maxrow), rows after the first under the text (past the
 * lead); untrusted text goes through the escape gate. Sets r->overflow when it did not all fit. */
static void draw_wrapped(struct replies *r, WINDOW *w, attr_t a, const char *lead, const char *s, size_t n, int *row,
			 int maxrow, int width)
{
	struct buf b;
	buf_init(&b, n * 10 + 16);
	escape_bytes(&b, (const uint8_t *)s, n, 0);
	const char *t = buf_cstr(&b);
	size_t len = b.len, i = 0;
	int leadw = text_width(lead, strlen(lead));
	if (leadw > width / 2)
		leadw = 0; /* a narrow pane: the lead takes its own columns on the first row only */
	bool firstrow = true;
	while (i < len || firstrow) {
		if (*row >= maxrow) {
			r->overflow = true;
			break;
		}
		int x = 0;
		wmove(w, *row, 0);
		if (firstrow)
			x = draw_str(w, a, lead, strlen(lead), width);
		else
			x = leadw;
		wmove(w, *row, x);
		size_t next, rl = wrap_row(t + i, len - i, width - x > 1 ? width - x : 1, &next);
		draw_str(w, a, t + i, rl, width - x);
		i += next;
		(*row)++;
		firstrow = false;
	}
	buf_free(&b);
}

static void draw_details(struct replies *r, WINDOW *w, const struct rentry *e, int row, int h, int width)
{
	struct ui *ui = r->ui;
	attr_t a = ui_attr(ui, ROLE_REPLY_DETAIL);
	wmove(w, row, 0);
	const char *hr = ui->utf8 ? "\xe2\x94\x80" : "-";
	for (int x = 0; x < width; x++)
		draw_str(w, ui_attr(ui, ROLE_BORDER), hr, strlen(hr), 1);
	row++;
	r->overflow = false;
	char buf[256];
	if (e->kind == RK_REPLY) {
		char mbuf[160];
		/* TRANSLATORS: the selected reply's first row: "530 5.7.0: Authentication required"; keep the three
		 * conversions in this order (French puts a space before the colon). */
		snprintf(buf, sizeof buf, _("%03d%s%s: %s"), e->code, e->enhanced[0] ? " " : "", e->enhanced,
			 replies_meaning(e->code, e->enhanced, mbuf, sizeof mbuf));
		draw_wrapped(r, w, ui_attr(ui, code_role(e->code)) | A_BOLD, "", buf, strlen(buf), &row, h, width);
		const char *conn = _("(the connection: a greeting or an unsolicited reply)");
		if (e->command)
			draw_wrapped(r, w, a, _("answers: "), e->command, strlen(e->command), &row, h, width);
		else
			draw_wrapped(r, w, a, _("answers: "), conn, strlen(conn), &row, h, width);
		snprintf(buf, sizeof buf,
			 e->tls ? P_("%zu line, inside TLS", "%zu lines, inside TLS", e->nlines)
				: P_("%zu line", "%zu lines", e->nlines),
			 e->nlines);
		draw_wrapped(r, w, a, "", buf, strlen(buf), &row, h, width);
		if (e->flags) {
			char fl[256];
			reply_flags_describe(e->flags, fl, sizeof fl);
			draw_wrapped(r, w, ui_attr(ui, ROLE_WARNING), _("anomalies: "), fl, strlen(fl), &row, h, width);
		}
		/* The reply's own text, line by line (escaped), wrapped. */
		const char *s = e->text;
		size_t left = e->textlen;
		size_t shown = 0;
		while (left && row < h) {
			if (shown++ == 5) {
				r->overflow = true; /* the rest is in the reader */
				break;
			}
			const char *nl = memchr(s, '\n', left);
			size_t len = nl ? (size_t)(nl - s) : left;
			draw_wrapped(r, w, ui_attr(ui, ROLE_WIRE_SERVER), "  | ", s, len, &row, h, width);
			s += len + (nl ? 1 : 0);
			left -= len + (nl ? 1 : 0);
		}
		if (left)
			r->overflow = true;
		/* The tables hold English msgids: translated here, where a person reads them. */
		const char *act = _(replycodes_action(e->code));
		draw_wrapped(r, w, a, "", act, strlen(act), &row, h, width);
		const struct replycode_info *bi = e->code >= 0 ? replycodes_basic(e->code) : NULL;
		const struct enhanced_info *ei = e->enhanced[0] ? replycodes_enhanced(e->enhanced) : NULL;
		const char *bx = bi && bi->explain ? _(bi->explain) : NULL;
		const char *ex = ei && ei->explain ? _(ei->explain) : NULL;
		if (bx)
			draw_wrapped(r, w, a, "", bx, strlen(bx), &row, h, width);
		if (ex)
			draw_wrapped(r, w, a, "", ex, strlen(ex), &row, h, width);
		/* The code's own words for its class (greylisting for 4.7.1); the class's general verdict is the
		 * action line above already. */
		const char *verdict = ei ? replycodes_enhanced_verdict(ei, e->enhanced[0] - '0') : NULL;
		if (verdict && (verdict == ei->transient || verdict == ei->permanent)) {
			verdict = _(verdict);
			draw_wrapped(r, w, a, "", verdict, strlen(verdict), &row, h, width);
		}
		if (e->code >= 400 && bi && bi->causes) {
			const char *causes = _(bi->causes);
			draw_wrapped(r, w, a, _("causes: "), causes, strlen(causes), &row, h, width);
		}
		const char *todo = ei && ei->todo ? ei->todo : bi ? bi->todo : NULL;
		if (todo)
			todo = _(todo);
		if (todo)
			draw_wrapped(r, w, ui_attr(ui, ROLE_HINT), _("try: "), todo, strlen(todo), &row, h, width);
	} else {
		snprintf(buf, sizeof buf, "%s%s%s", replies_kind_label(e->kind), e->id ? " " : "", e->id ? e->id : "");
		draw_wrapped(r, w, ui_attr(ui, kind_role(e->kind)) | A_BOLD, "", buf, strlen(buf), &row, h, width);
		draw_wrapped(r, w, a, "", e->text, e->textlen, &row, h, width);
		if (e->hint)
			draw_wrapped(r, w, ui_attr(ui, ROLE_HINT), _("try: "), e->hint, strlen(e->hint), &row, h,
				     width);
	}
	if (r->overflow && h > 0) {
		/* Never cut without a sign: the last row says there is more, and where it is. */
		char more[160];
		snprintf(more, sizeof more, "%s %s", ui->utf8 ? "\xe2\x80\xa6" : "...", _("more: Enter reads it all"));
		wmove(w, h - 1, 0);
		wclrtoeol(w);
		draw_str(w, ui_attr(ui, ROLE_HINT) | A_BOLD, more, strlen(more), width);
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
			need += entry_rows(r, entry(r, i), width);
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
			int k = entry_rows(r, entry(r, top - 1), width);
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
				used += entry_rows(r, entry(r, i), width);
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
		int k = draw_entry(r, w, entry(r, i), i == r->sel, row, list_h + 1 - row, width);
		for (int j = 0; j < k; j++)
			r->rowmap[row + j - 1] = i + 1; /* 0: no entry on that row */
		row += k;
	}
	if (sel)
		draw_details(r, w, sel, 1 + list_h, h, width);
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
