/* pane-replies: the decoded pane. One entry per server reply (code, enhanced code, a one-line meaning, the first
 * line of text) and one per diagnosis, warning or error, each distinct. Selecting an entry shows its details
 * below the list and highlights the reply's lines in the wire pane. Entries are kept in a bounded ring. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/escape.h"
#include "lib/xmalloc.h"
#include "core/replycodes.h"
#include "ui/pane.h"

/* Entries kept (the oldest go first); each entry's text is capped too. */
#define REPLIES_MAX 100000
#define ENTRY_TEXT_MAX 2048

enum rkind { RK_REPLY, RK_DIAGNOSIS, RK_WARNING, RK_ERROR };

struct rentry {
	enum rkind kind;
	int code;
	char enhanced[16];
	uint32_t t_ms;
	unsigned flags;     /* enum reply_flag */
	bool tls;
	bool wvalid;
	size_t wfirst, wlast;
	size_t nlines;
	char *command;      /* the line it answers (our own, masked), or NULL */
	char *text;         /* reply lines joined by '\n' (server bytes: escaped when drawn) or the message */
	size_t textlen;
	char *hint;
	char *id;
	int severity;
};

struct replies {
	struct ui *ui;
	struct pane *pane;
	struct rentry **ring;
	size_t head, n;     /* entries: ring[(head + i) % REPLIES_MAX], i < n */
	size_t dropped;     /* entries dropped from the front (absolute numbering) */
	long sel;           /* absolute entry number selected, or -1: none (the list follows) */
	long top;           /* absolute number of the first row shown while selecting */
	int list_h;
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
	e->t_ms = (uint32_t)(ev->t_ns / 1000000u);
	e->text = capped_dup(ev->text ? ev->text : "");
	e->textlen = strlen(e->text);
	e->hint = capped_dup(ev->hint);
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

static const char *kind_label(enum rkind k)
{
	return k == RK_ERROR ? "error" : k == RK_WARNING ? "warning" : "note";
}

/* Length of the first line of e's text. */
static size_t first_line(const struct rentry *e)
{
	const char *nl = memchr(e->text, '\n', e->textlen);
	return nl ? (size_t)(nl - e->text) : e->textlen;
}

static void draw_entry(struct replies *r, WINDOW *w, const struct rentry *e, bool selected, int width)
{
	struct ui *ui = r->ui;
	attr_t sel = selected ? ui_attr(ui, ROLE_REPLY_SELECTED) : 0;
	if (selected)
		draw_fill(w, sel);
	char buf[64];
	snprintf(buf, sizeof buf, "%7.3f ", e->t_ms / 1000.0);
	int cols = draw_str(w, sel ? sel : ui_attr(ui, ROLE_WIRE_TIME), buf, strlen(buf), width);
	if (e->kind == RK_REPLY) {
		if (e->code >= 0)
			snprintf(buf, sizeof buf, "%03d", e->code);
		else
			snprintf(buf, sizeof buf, "???");
		cols += draw_str(w, ui_attr(ui, code_role(e->code)) | (selected ? A_REVERSE : 0), buf, strlen(buf),
		                 width - cols);
		if (e->enhanced[0]) {
			snprintf(buf, sizeof buf, " %s", e->enhanced);
			cols += draw_str(w, sel ? sel : ui_attr(ui, code_role(e->code)), buf, strlen(buf), width - cols);
		}
		attr_t a = sel ? sel : ui_attr(ui, ROLE_DEFAULT);
		cols += draw_str(w, a, " ", 1, width - cols);
		char mbuf[160];
		const char *m = replies_meaning(e->code, e->enhanced, mbuf, sizeof mbuf);
		cols += draw_str(w, a, m, strlen(m), width - cols);
		if (e->flags) {
			cols += draw_str(w, ui_attr(ui, ROLE_WIRE_ANOMALY), " !", 2, width - cols);
		}
		cols += draw_str(w, sel ? sel : ui_attr(ui, ROLE_HINT), ui->utf8 ? " \xc2\xb7 " : " - ", ui->utf8 ? 4 : 3,
		                 width - cols);
		/* The text after the enhanced code (already shown in its column). */
		size_t skip = 0, fl = first_line(e);
		if (e->enhanced[0] && fl > strlen(e->enhanced) && strncmp(e->text, e->enhanced, strlen(e->enhanced)) == 0)
			skip = strlen(e->enhanced) + 1;
		draw_untrusted(w, sel ? sel : ui_attr(ui, ROLE_HINT), (const uint8_t *)e->text + skip, fl - skip,
		               width - cols);
	} else {
		attr_t a = sel ? sel : ui_attr(ui, kind_role(e->kind));
		snprintf(buf, sizeof buf, "%s: ", kind_label(e->kind));
		cols += draw_str(w, a | A_BOLD, buf, strlen(buf), width - cols);
		draw_untrusted(w, a, (const uint8_t *)e->text, first_line(e), width - cols);
	}
}

/* Draw text wrapped at word boundaries over rows [*row, maxrow); untrusted text goes through the escape gate. */
static void draw_wrapped(WINDOW *w, attr_t a, const char *lead, const char *s, size_t n, int *row, int maxrow,
                         int width)
{
	struct buf b;
	buf_init(&b, n * 10 + 16);
	escape_bytes(&b, (const uint8_t *)s, n, 0);
	const char *t = buf_cstr(&b);
	size_t len = b.len, i = 0;
	int leadw = text_width(lead, strlen(lead));
	bool firstrow = true;
	while (*row < maxrow && (i < len || firstrow)) {
		wmove(w, *row, 0);
		int avail = width - leadw;
		if (avail < 8)
			avail = 8;
		draw_str(w, a, firstrow ? lead : "", firstrow ? strlen(lead) : 0, leadw);
		wmove(w, *row, leadw);
		/* Find how many bytes fit in avail columns, then back up to a space. */
		size_t j = i;
		int cols = 0;
		while (j < len) {
			int cw = text_width(t + j, 1);
			if ((unsigned char)t[j] >= 0x80) {
				size_t k = j + 1;
				while (k < len && ((unsigned char)t[k] & 0xc0) == 0x80)
					k++;
				cw = text_width(t + j, k - j);
				if (cols + cw > avail)
					break;
				cols += cw;
				j = k;
				continue;
			}
			if (cols + cw > avail)
				break;
			cols += cw;
			j++;
		}
		if (j < len) {
			size_t k = j;
			while (k > i && t[k] != ' ')
				k--;
			if (k > i)
				j = k + 1;
		}
		draw_str(w, a, t + i, j - i, avail);
		i = j;
		(*row)++;
		firstrow = false;
	}
	buf_free(&b);
}

static int draw_details(struct replies *r, WINDOW *w, const struct rentry *e, int row, int h, int width)
{
	struct ui *ui = r->ui;
	attr_t a = ui_attr(ui, ROLE_REPLY_DETAIL);
	wmove(w, row, 0);
	const char *hr = ui->utf8 ? "\xe2\x94\x80" : "-";
	for (int x = 0; x < width; x++)
		draw_str(w, ui_attr(ui, ROLE_BORDER), hr, strlen(hr), 1);
	row++;
	char buf[256];
	if (e->kind == RK_REPLY) {
		char mbuf[160];
		snprintf(buf, sizeof buf, "%03d%s%s: %s", e->code, e->enhanced[0] ? " " : "", e->enhanced,
			 replies_meaning(e->code, e->enhanced, mbuf, sizeof mbuf));
		draw_wrapped(w, ui_attr(ui, code_role(e->code)) | A_BOLD, "", buf, strlen(buf), &row, h, width);
		if (e->command)
			draw_wrapped(w, a, "answers: ", e->command, strlen(e->command), &row, h, width);
		else
			draw_wrapped(w, a, "answers: ", "(the connection: a greeting or an unsolicited reply)", 52, &row,
			             h, width);
		snprintf(buf, sizeof buf, "%zu line%s%s", e->nlines, e->nlines == 1 ? "" : "s",
		         e->tls ? ", inside TLS" : "");
		draw_wrapped(w, a, "", buf, strlen(buf), &row, h, width);
		if (e->flags) {
			char fl[256];
			reply_flags_describe(e->flags, fl, sizeof fl);
			draw_wrapped(w, ui_attr(ui, ROLE_WARNING), "anomalies: ", fl, strlen(fl), &row, h, width);
		}
		/* The reply's own text, line by line (escaped). */
		const char *s = e->text;
		size_t left = e->textlen;
		size_t shown = 0;
		while (left && row < h) {
			if (shown++ == 5) {
				wmove(w, row++, 0);
				snprintf(buf, sizeof buf, "  | (%zu more lines: see the wire pane)", e->nlines - 5);
				draw_str(w, ui_attr(ui, ROLE_HINT), buf, strlen(buf), width);
				break;
			}
			const char *nl = memchr(s, '\n', left);
			size_t len = nl ? (size_t)(nl - s) : left;
			wmove(w, row++, 0);
			int c = draw_str(w, ui_attr(ui, ROLE_HINT), "  | ", 4, width);
			draw_untrusted(w, ui_attr(ui, ROLE_WIRE_SERVER), (const uint8_t *)s, len, width - c);
			s += len + (nl ? 1 : 0);
			left -= len + (nl ? 1 : 0);
		}
		const char *act = replycodes_action(e->code);
		draw_wrapped(w, a, "", act, strlen(act), &row, h, width);
		const struct replycode_info *bi = e->code >= 0 ? replycodes_basic(e->code) : NULL;
		const struct enhanced_info *ei = e->enhanced[0] ? replycodes_enhanced(e->enhanced) : NULL;
		if (bi && bi->explain)
			draw_wrapped(w, a, "", bi->explain, strlen(bi->explain), &row, h, width);
		if (ei && ei->explain)
			draw_wrapped(w, a, "", ei->explain, strlen(ei->explain), &row, h, width);
		/* The code's own words for its class (greylisting for 4.7.1); the class's general verdict is the
		 * action line above already. */
		const char *verdict = ei ? replycodes_enhanced_verdict(ei, e->enhanced[0] - '0') : NULL;
		if (verdict && (verdict == ei->transient || verdict == ei->permanent))
			draw_wrapped(w, a, "", verdict, strlen(verdict), &row, h, width);
		if (e->code >= 400 && bi && bi->causes)
			draw_wrapped(w, a, "causes: ", bi->causes, strlen(bi->causes), &row, h, width);
		const char *todo = ei && ei->todo ? ei->todo : bi ? bi->todo : NULL;
		if (todo)
			draw_wrapped(w, ui_attr(ui, ROLE_HINT), "try: ", todo, strlen(todo), &row, h, width);
	} else {
		snprintf(buf, sizeof buf, "%s%s%s", kind_label(e->kind), e->id ? " " : "", e->id ? e->id : "");
		draw_wrapped(w, ui_attr(ui, kind_role(e->kind)) | A_BOLD, "", buf, strlen(buf), &row, h, width);
		draw_wrapped(w, a, "", e->text, e->textlen, &row, h, width);
		if (e->hint)
			draw_wrapped(w, ui_attr(ui, ROLE_HINT), "try: ", e->hint, strlen(e->hint), &row, h, width);
	}
	return row;
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
	char title[128];
	snprintf(title, sizeof title, " decoded  %zu entr%s%s", r->n, r->n == 1 ? "y" : "ies",
	         r->sel >= 0 ? "  Esc: follow" : "  M-Up: select");
	draw_str(w, ta, title, strlen(title), width);
	struct rentry *sel = r->sel >= 0 ? entry(r, r->sel) : NULL;
	if (sel == NULL)
		r->sel = -1;
	int list_h = h - 1;
	if (sel) {
		list_h = (h - 1) / 2 > 2 ? (h - 1) / 2 : (h - 1 > 2 ? 2 : h - 1);
		if ((size_t)list_h > r->n)
			list_h = (int)r->n; /* the details start right under a short list */
	}
	r->list_h = list_h;
	long first_abs = (long)r->dropped, end_abs = (long)(r->dropped + r->n);
	long top;
	if (sel == NULL) {
		top = end_abs - list_h;
	} else {
		if (r->top > r->sel)
			r->top = r->sel;
		if (r->sel >= r->top + list_h)
			r->top = r->sel - list_h + 1;
		top = r->top;
	}
	if (top < first_abs)
		top = first_abs;
	r->top = top;
	for (int row = 1; row <= list_h && top + row - 1 < end_abs; row++) {
		wmove(w, row, 0);
		draw_entry(r, w, entry(r, top + row - 1), top + row - 1 == r->sel, width);
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

void replies_select(struct pane *p, int delta)
{
	struct replies *r = p->data;
	long end_abs = (long)(r->dropped + r->n);
	if (delta == 0) {
		select_abs(r, end_abs); /* deselect: follow */
		return;
	}
	if (r->sel < 0)
		select_abs(r, delta < 0 ? end_abs - 1 : end_abs);
	else
		select_abs(r, r->sel + delta);
}

static void replies_scroll(void *data, int rows)
{
	struct replies *r = data;
	if (rows == INT_MIN)
		select_abs(r, (long)r->dropped);
	else if (rows == INT_MAX)
		select_abs(r, (long)(r->dropped + r->n));
	else
		replies_select(r->pane, rows);
}

static void replies_click(void *data, int y, int x)
{
	struct replies *r = data;
	(void)x;
	if (y < 1 || y > r->list_h)
		return;
	long abs = r->top + y - 1;
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
