/* pane-wire: the wire log pane. Every byte each way as it happened: one display line per line piece (a read or a
 * write that ends mid-line shows as a piece of its own, so read/write boundaries stay visible), a time offset at
 * the start of each segment, the direction in two colours, a lock on TLS traffic, a rule at the STARTTLS
 * boundary, CR/LF faint and bare CR/LF highlighted, control bytes escaped, TLS records recognised on plaintext
 * connections, AUTH base64 decoded. Drawing walks only the visible lines (wirelog gives O(1) access by number). */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/smtp.h"
#include "lib/escape.h"
#include "lib/xmalloc.h"
#include "ui/pane.h"
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
};

static uint32_t ev_ms(const struct event *ev)
{
	uint64_t ms = ev->t_ns / 1000000u;
	return ms > UINT32_MAX ? UINT32_MAX : (uint32_t)ms;
}

static void note(struct wire *w, enum wl_kind kind, uint32_t t, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void note(struct wire *w, enum wl_kind kind, uint32_t t, const char *fmt, ...)
{
	char text[1024];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	size_t len = (size_t)n < sizeof text ? (size_t)n : sizeof text - 1;
	wirelog_append(w->log, kind, DIR_NONE, 0, t, (const uint8_t *)text, len);
}

static void ring_push(struct wire *w, size_t line, uint64_t end)
{
	if (w->ring_n == WIRE_RING) {
		w->ring_head = (w->ring_head + 1) % WIRE_RING;
		w->ring_n--;
	}
	w->ring[(w->ring_head + w->ring_n) % WIRE_RING] = (struct ring_entry){line, end};
	w->ring_n++;
}

static void ring_reset(struct wire *w)
{
	w->ring_n = 0;
	w->reply_pos = w->srv_pos;
}

/* A TLS record where plaintext SMTP was expected: say what it is (the classic "client spoke TLS to a plaintext
 * port" or "server answered with an alert"). */
static void recognise_tls_record(struct wire *w, const uint8_t *p, size_t n, uint32_t t)
{
	if (n < 5 || p[1] != 3 || p[2] > 4 || p[0] < 0x14 || p[0] > 0x17)
		return;
	static const char *const types[] = {"change_cipher_spec", "alert", "handshake", "application_data"};
	size_t rlen = (size_t)p[3] << 8 | p[4];
	char what[96] = "";
	if (p[0] == 0x16 && n > 5)
		snprintf(what, sizeof what, " (%s)", p[5] == 1 ? "ClientHello" : p[5] == 2 ? "ServerHello" : "handshake");
	else if (p[0] == 0x15 && n > 6)
		snprintf(what, sizeof what, " (%s, description %u)", p[5] == 2 ? "fatal" : "warning", p[6]);
	note(w, WL_ANNOT, t, "a TLS %s record%s, record version 3.%u, %zu bytes, on a plaintext connection",
	     types[p[0] - 0x14], what, p[2], rlen);
}

/* Decode base64 for the AUTH annotation; only shown when the result is text a person can read. */
static void annotate_base64(struct wire *w, const char *b64, size_t n, uint32_t t, const char *who)
{
	uint8_t out[512];
	while (n && (b64[n - 1] == '\r' || b64[n - 1] == '\n'))
		n--;
	if (n == 0 || n > 600)
		return;
	long k = base64_decode(b64, n, out, sizeof out);
	if (k < 0)
		return;
	char text[700];
	size_t tl = 0;
	/* Keep the decoded bytes raw: the draw step escapes them (SASL PLAIN separates fields with NUL). */
	tl = (size_t)snprintf(text, sizeof text, "%s base64: \"", who);
	for (long i = 0; i < k && tl < sizeof text - 2; i++)
		text[tl++] = (char)out[i];
	text[tl++] = '"';
	wirelog_append(w->log, WL_ANNOT, DIR_NONE, 0, t, (const uint8_t *)text, tl);
}

static void add_bytes(struct wire *w, const struct event *ev)
{
	int dir = ev->dir == DIR_CLIENT ? DIR_CLIENT : DIR_SERVER;
	const uint8_t *p = ev->data;
	size_t n = ev->len;
	uint32_t t = ev_ms(ev);
	unsigned base = (ev->tls ? WL_TLS : 0) | (ev->secret ? WL_SECRET : 0);
	bool first = true;
	size_t i = 0;
	while (i < n) {
		size_t j = i;
		bool lf = false;
		while (j < n && j - i < WIRELOG_MAX_LINE) {
			if (p[j++] == '\n') {
				lf = true;
				break;
			}
		}
		size_t len = j - i;
		unsigned flags = base | (first ? WL_SEG_START : 0) | (w->mid_line[dir] ? WL_CONT : 0);
		if (w->line_len[dir] >= WIRE_LINE_CAP) {
			/* Past the cap: count, and keep only the line ending so the line still ends visibly. */
			size_t keep = lf ? (len >= 2 && p[j - 2] == '\r' ? 2 : 1) : 0;
			w->cut[dir] += len - keep;
			if (lf) {
				size_t ln = wirelog_append(w->log, WL_DATA, dir, flags | WL_CUT, t, p + j - keep, keep);
				w->last_piece[dir] = ln;
				if (dir == DIR_SERVER)
					ring_push(w, ln, w->srv_pos + j);
				note(w, WL_ANNOT, t, "%zu bytes of this line not shown (longer than %d bytes)", w->cut[dir],
				     WIRE_LINE_CAP);
			} else if (dir == DIR_SERVER && w->ring_n) {
				w->ring[(w->ring_head + w->ring_n - 1) % WIRE_RING].end = w->srv_pos + j;
			}
		} else {
			if (p[i] == '\n' && w->mid_line[dir] && w->ends_cr[dir]) {
				flags |= WL_CR_SPLIT;
				wirelog_add_flags(w->log, w->last_piece[dir], WL_CR_SPLIT);
			}
			size_t ln = wirelog_append(w->log, WL_DATA, dir, flags, t, p + i, len);
			w->last_piece[dir] = ln;
			if (dir == DIR_SERVER)
				ring_push(w, ln, w->srv_pos + j);
		}
		w->line_len[dir] += len;
		w->ends_cr[dir] = p[j - 1] == '\r';
		w->mid_line[dir] = !lf;
		if (lf) {
			w->line_len[dir] = 0;
			w->cut[dir] = 0;
		}
		first = false;
		i = j;
	}
	if (dir == DIR_SERVER)
		w->srv_pos += n;
	if (!ev->tls)
		recognise_tls_record(w, p, n, t);
	/* AUTH: what the client sends inside the exchange is base64 (unless the core masked it). */
	if (dir == DIR_CLIENT && !ev->secret && n > 0) {
		if (w->smtp_state == SMTP_AUTH && n < 600 && p[0] != '*')
			annotate_base64(w, (const char *)p, n, t, "client");
		else if (n > 11 && strncasecmp((const char *)p, "AUTH ", 5) == 0) {
			const char *sp = memchr(p + 5, ' ', n - 5);
			if (sp)
				annotate_base64(w, sp + 1, n - (size_t)(sp + 1 - (const char *)p), t, "client");
		}
	}
}

static void on_reply(struct wire *w, const struct event *ev)
{
	const struct reply *r = ev->reply;
	uint64_t end = w->reply_pos + r->raw_len;
	w->lr_valid = false;
	bool have_first = false;
	while (w->ring_n) {
		struct ring_entry *e = &w->ring[w->ring_head];
		if (e->end <= w->reply_pos) { /* before this reply (dropped bytes) */
			w->ring_head = (w->ring_head + 1) % WIRE_RING;
			w->ring_n--;
			continue;
		}
		if (!have_first) {
			w->lr_first = e->line;
			have_first = true;
		}
		w->lr_last = e->line;
		if (e->end > end)
			break; /* this piece also holds the next reply: keep it */
		w->ring_head = (w->ring_head + 1) % WIRE_RING;
		w->ring_n--;
		if (e->end == end)
			break;
	}
	w->lr_valid = have_first;
	w->reply_pos = end;
	if (r->code == 334 && r->nlines > 0)
		annotate_base64(w, r->lines[0].text, r->lines[0].len, ev_ms(ev), "server");
}

static void wire_event(void *data, const struct event *ev)
{
	struct wire *w = data;
	uint32_t t = ev_ms(ev);
	switch (ev->type) {
	case EV_SENT:
	case EV_RECEIVED:
		add_bytes(w, ev);
		break;
	case EV_REPLY:
		on_reply(w, ev);
		break;
	case EV_INFO:
		note(w, WL_NOTE, t, "%s", ev->text ? ev->text : "");
		break;
	case EV_ERROR:
		note(w, WL_ERROR, t, "%s: %s", ev->id ? ev->id : "error", ev->text ? ev->text : "");
		break;
	case EV_RESOLVED:
		note(w, WL_NOTE, t, "resolved %s%s%s%s: %ld address%s", ev->host ? ev->host : "", ev->text ? " (" : "",
		     ev->text ? ev->text : "", ev->text ? ")" : "", ev->count, ev->count == 1 ? "" : "es");
		break;
	case EV_CONNECTING:
		note(w, WL_NOTE, t, "connecting to %s [%s]:%d", ev->host ? ev->host : "", ev->addr ? ev->addr : "?",
		     ev->port);
		break;
	case EV_CONNECTED:
		memset(w->mid_line, 0, sizeof w->mid_line);
		memset(w->line_len, 0, sizeof w->line_len);
		w->srv_pos = 0;
		ring_reset(w);
		note(w, WL_NOTE, t, "connected to [%s]:%d%s", ev->addr ? ev->addr : "?", ev->port,
		     ev->tls ? " with implicit TLS" : "");
		break;
	case EV_TLS_START:
		ring_reset(w);
		memset(w->mid_line, 0, sizeof w->mid_line);
		note(w, WL_RULE, t, "TLS handshake begins: everything below is encrypted");
		break;
	case EV_TLS:
		if (ev->tls_info) {
			const struct tls_info *ti = ev->tls_info;
			note(w, ti->verified ? WL_NOTE : WL_ERROR, t, "TLS established: %s %s, certificate %s%s",
			     ti->version ? ti->version : "?", ti->cipher ? ti->cipher : "?",
			     ti->verified ? "verified" : "NOT verified",
			     ti->nreasons && ti->reasons[0].text ? ti->reasons[0].text : "");
		}
		break;
	case EV_CLOSED:
		memset(w->mid_line, 0, sizeof w->mid_line);
		note(w, WL_RULE, t, "connection closed by %s%s%s", ev->text ? ev->text : "?", ev->id ? ": " : "",
		     ev->id ? ev->id : "");
		break;
	case EV_EXPECT:
		note(w, ev->ok ? WL_NOTE : WL_ERROR, t, "expect %s: %s (got %s)", ev->text ? ev->text : "",
		     ev->ok ? "ok" : "FAILED", ev->got ? ev->got : "nothing");
		break;
	case EV_OUTPUT:
		if (ev->text) {
			const char *s = ev->text;
			while (*s) {
				const char *nl = strchr(s, '\n');
				size_t len = nl ? (size_t)(nl - s) : strlen(s);
				wirelog_append(w->log, WL_NOTE, DIR_NONE, 0, t, (const uint8_t *)s, len);
				s += len + (nl ? 1 : 0);
			}
		}
		break;
	case EV_STATE:
		w->smtp_state = ev->state;
		return;
	default:
		return;
	}
	ui_mark(w->ui, DIRTY_WIRE);
}

/* ---- scrolling ---- */

static int line_height(const struct wire *w, size_t n)
{
	if (!w->hex)
		return 1;
	struct wl_line l;
	if (!wirelog_get(w->log, n, &l) || l.kind != WL_DATA || l.len == 0)
		return 1;
	return (int)((l.len + 15) / 16);
}

/* The top position that shows the newest line at the bottom of a view of h rows. */
static void bottom_top(const struct wire *w, int h, size_t *top, int *sub)
{
	size_t first = wirelog_first(w->log), end = wirelog_end(w->log);
	*top = end;
	*sub = 0;
	int rows = 0;
	while (*top > first && rows < h) {
		(*top)--;
		int lh = line_height(w, *top);
		rows += lh;
		if (rows > h)
			*sub = rows - h;
	}
}

/* True when the rows from (top, sub) to the end fit in h rows. */
static bool fits_from(const struct wire *w, size_t top, int sub, int h)
{
	int rows = -sub;
	for (size_t n = top; n < wirelog_end(w->log); n++) {
		rows += line_height(w, n);
		if (rows > h)
			return false;
	}
	return true;
}

static void wire_scroll(void *data, int delta)
{
	struct wire *w = data;
	int h = w->view_h > 0 ? w->view_h : 10;
	size_t first = wirelog_first(w->log);
	if (delta == INT_MIN) {
		w->follow = false;
		w->top = first;
		w->top_sub = 0;
	} else if (delta == INT_MAX) {
		w->follow = true;
	} else {
		if (w->follow)
			bottom_top(w, h, &w->top, &w->top_sub);
		w->follow = false;
		if (w->top < first) {
			w->top = first;
			w->top_sub = 0;
		}
		while (delta < 0) {
			if (w->top_sub > 0)
				w->top_sub--;
			else if (w->top > first) {
				w->top--;
				w->top_sub = line_height(w, w->top) - 1;
			} else
				break;
			delta++;
		}
		while (delta > 0 && !fits_from(w, w->top, w->top_sub, h)) {
			if (w->top_sub + 1 < line_height(w, w->top))
				w->top_sub++;
			else {
				w->top++;
				w->top_sub = 0;
			}
			delta--;
		}
		if (fits_from(w, w->top, w->top_sub, h))
			w->follow = true; /* back at the bottom: stick to it again */
	}
	ui_mark(w->ui, DIRTY_WIRE);
}

/* ---- drawing ---- */

static const char *glyph(const struct wire *w, const char *utf8, const char *ascii)
{
	return w->ui->utf8 ? utf8 : ascii;
}

static void draw_gutter(struct wire *w, WINDOW *win, const struct wl_line *l, bool show_time)
{
	struct ui *ui = w->ui;
	char tb[16] = "        ";
	if (show_time)
		snprintf(tb, sizeof tb, "%8.3f", l->t_ms / 1000.0);
	draw_str(win, ui_attr(ui, ROLE_WIRE_TIME), tb, strlen(tb), 8);
	draw_str(win, ui_attr(ui, ROLE_DEFAULT), " ", 1, 1);
	if (l->kind != WL_DATA) {
		draw_str(win, ui_attr(ui, ROLE_DEFAULT), "     ", 5, 5);
		return;
	}
	bool c = l->dir == DIR_CLIENT;
	draw_str(win, ui_attr(ui, c ? ROLE_WIRE_CLIENT : ROLE_WIRE_SERVER) | A_BOLD, c ? "C" : "S", 1, 1);
	if (l->flags & WL_TLS) {
		const char *lock = glyph(w, "\xf0\x9f\x94\x92", "T ");
		draw_str(win, ui_attr(ui, ROLE_WIRE_TLS), lock, strlen(lock), 2);
	} else {
		draw_str(win, ui_attr(ui, ROLE_DEFAULT), "  ", 2, 2);
	}
	const char *seg = (l->flags & WL_SEG_START) ? glyph(w, "\xe2\x96\xb8", ">") : glyph(w, "\xe2\x94\x82", "|");
	draw_str(win, ui_attr(ui, ROLE_WIRE_SEGMENT), seg, strlen(seg), 1);
	draw_str(win, ui_attr(ui, ROLE_DEFAULT), " ", 1, 1);
}

static bool is_ctl(uint8_t c)
{
	return c < 0x20 || c == 0x7f;
}

static void draw_data_text(struct wire *w, WINDOW *win, const struct wl_line *l, int maxcols, attr_t over)
{
	struct ui *ui = w->ui;
	attr_t base = over ? over : ui_attr(ui, l->dir == DIR_CLIENT ? ROLE_WIRE_CLIENT : ROLE_WIRE_SERVER);
	attr_t eol = over ? over : ui_attr(ui, ROLE_WIRE_EOL);
	attr_t bad = ui_attr(ui, ROLE_WIRE_ANOMALY);
	attr_t esc = over ? over | A_BOLD : ui_attr(ui, ROLE_WIRE_ESCAPE);
	const char *cr = glyph(w, "\xe2\x90\x8d", "\\r"), *lf = glyph(w, "\xe2\x90\x8a", "\\n");
	int cols = 0;
	if (l->flags & WL_CUT)
		cols += draw_str(win, bad, glyph(w, "\xe2\x80\xa6", "..."), w->ui->utf8 ? 3 : 3, maxcols - cols);
	size_t i = 0;
	const uint8_t *p = l->text;
	while (i < l->len && cols < maxcols) {
		if (p[i] == '\r' && i + 1 < l->len && p[i + 1] == '\n') {
			cols += draw_str(win, eol, cr, strlen(cr), maxcols - cols);
			cols += draw_str(win, eol, lf, strlen(lf), maxcols - cols);
			i += 2;
		} else if (p[i] == '\r') {
			bool split = i + 1 == l->len && (l->flags & WL_CR_SPLIT);
			cols += draw_str(win, split ? eol : bad, cr, strlen(cr), maxcols - cols);
			i++;
		} else if (p[i] == '\n') {
			bool split = i == 0 && (l->flags & WL_CR_SPLIT);
			cols += draw_str(win, split ? eol : bad, lf, strlen(lf), maxcols - cols);
			i++;
		} else {
			size_t j = i;
			bool ctl = is_ctl(p[i]);
			while (j < l->len && is_ctl(p[j]) == ctl && p[j] != '\r' && p[j] != '\n')
				j++;
			cols += draw_untrusted(win, ctl ? esc : base, p + i, j - i, maxcols - cols);
			i = j;
		}
	}
	if (l->flags & WL_SECRET)
		draw_str(win, ui_attr(ui, ROLE_WIRE_NOTE), glyph(w, "  (secret masked)", "  (secret masked)"), 17,
		         maxcols - cols);
}

/* One row of line n; sub is the hex row. */
static void draw_row(struct wire *w, WINDOW *win, size_t n, int sub, int width)
{
	struct ui *ui = w->ui;
	struct wl_line l;
	if (!wirelog_get(w->log, n, &l))
		return;
	bool marked = w->marked && n >= w->mark_first && n <= w->mark_last;
	bool match = w->has_match && n == w->match;
	attr_t over = match ? ui_attr(ui, ROLE_WIRE_MATCH) : marked ? ui_attr(ui, ROLE_WIRE_MARK) : 0;
	if (over)
		draw_fill(win, over);
	int avail = width - GUTTER;
	if (l.kind == WL_RULE) {
		attr_t a = ui_attr(ui, ROLE_WIRE_RULE);
		const char *h = glyph(w, "\xe2\x94\x80", "-");
		draw_gutter(w, win, &l, true);
		int cols = 0;
		for (int k = 0; k < 3; k++)
			cols += draw_str(win, a, h, strlen(h), avail - cols);
		cols += draw_str(win, a, " ", 1, avail - cols);
		cols += draw_untrusted(win, a, l.text, l.len, avail - cols);
		cols += draw_str(win, a, " ", 1, avail - cols);
		while (cols < avail)
			cols += draw_str(win, a, h, strlen(h), avail - cols) ? 1 : avail;
		return;
	}
	if (l.kind != WL_DATA) {
		enum ui_role r = l.kind == WL_ERROR ? ROLE_WIRE_ERROR : l.kind == WL_ANNOT ? ROLE_WIRE_ANNOT : ROLE_WIRE_NOTE;
		draw_gutter(w, win, &l, l.kind != WL_ANNOT);
		const char *lead = l.kind == WL_ANNOT ? glyph(w, "  \xe2\x86\xb3 ", "  -> ")
		                   : l.kind == WL_ERROR ? "! " : glyph(w, "\xc2\xb7 ", "* ");
		attr_t a = over ? over : ui_attr(ui, r);
		int cols = draw_str(win, a, lead, strlen(lead), avail);
		draw_untrusted(win, a, l.text, l.len, avail - cols);
		return;
	}
	draw_gutter(w, win, &l, sub == 0 && (l.flags & WL_SEG_START));
	if (!w->hex) {
		draw_data_text(w, win, &l, avail, over);
		return;
	}
	size_t off = (size_t)sub * 16;
	size_t k = l.len > off ? l.len - off : 0;
	if (k > 16)
		k = 16;
	struct buf b;
	buf_init(&b, 256);
	hexdump_row(&b, off, l.text + off, k);
	attr_t a = over ? over : ui_attr(ui, l.dir == DIR_CLIENT ? ROLE_WIRE_CLIENT : ROLE_WIRE_SERVER);
	draw_untrusted(win, a, b.data ? b.data : (const uint8_t *)"", b.len, avail);
	buf_free(&b);
}

static void wire_draw(void *data, WINDOW *win, bool focused)
{
	struct wire *w = data;
	struct ui *ui = w->ui;
	int h, width;
	getmaxyx(win, h, width);
	werase(win);
	/* Title row. */
	wmove(win, 0, 0);
	attr_t ta = ui_attr(ui, focused ? ROLE_TITLE_FOCUS : ROLE_TITLE);
	draw_fill(win, ta);
	char title[160];
	size_t nlines = wirelog_end(w->log) - wirelog_first(w->log);
	snprintf(title, sizeof title, " wire%s%s  %zu lines", w->hex ? " [hex]" : "",
	         w->follow ? " [follow]" : " [scrolled: C-End follows]", nlines);
	draw_str(win, ta, title, strlen(title), width);
	int view = h - 1;
	w->view_h = view;
	if (view <= 0)
		return;
	size_t top;
	int sub;
	if (w->follow) {
		bottom_top(w, view, &top, &sub);
	} else {
		if (w->top < wirelog_first(w->log)) {
			w->top = wirelog_first(w->log);
			w->top_sub = 0;
		}
		top = w->top;
		sub = w->top_sub;
	}
	int row = 1;
	for (size_t n = top; n < wirelog_end(w->log) && row <= view; n++) {
		int lh = line_height(w, n);
		for (int s = (n == top ? sub : 0); s < lh && row <= view; s++) {
			wmove(win, row, 0);
			draw_row(w, win, n, s, width);
			row++;
		}
	}
}

static void *wire_init(struct ui *ui, struct pane *p)
{
	(void)p;
	struct wire *w = xcalloc(1, sizeof *w);
	w->ui = ui;
	w->log = wirelog_new(0, 0);
	w->follow = true;
	return w;
}

static void wire_free(void *data)
{
	struct wire *w = data;
	wirelog_free(w->log);
	free(w);
}

static void wire_click(void *data, int y, int x)
{
	(void)data;
	(void)y;
	(void)x;
}

const struct pane_ops pane_wire_ops = {
	.name = "wire",
	.init = wire_init,
	.free = wire_free,
	.event = wire_event,
	.draw = wire_draw,
	.scrollby = wire_scroll,
	.click = wire_click,
};

/* ---- what other parts of the UI ask ---- */

struct wirelog *wire_log(struct pane *p)
{
	return ((struct wire *)p->data)->log;
}

size_t wire_end(struct pane *p)
{
	return wirelog_end(((struct wire *)p->data)->log);
}

bool wire_last_reply_lines(struct pane *p, size_t *first, size_t *last)
{
	struct wire *w = p->data;
	*first = w->lr_first;
	*last = w->lr_last;
	return w->lr_valid;
}

/* Scroll so that line n shows, a few lines below the top, unless it already shows. */
static void reveal(struct wire *w, size_t n)
{
	int h = w->view_h > 0 ? w->view_h : 10;
	size_t top;
	int sub;
	if (w->follow)
		bottom_top(w, h, &top, &sub);
	else
		top = w->top;
	if (n >= top && n < top + (size_t)h / 2)
		return;
	if (w->follow && n >= top)
		return;
	size_t first = wirelog_first(w->log);
	w->follow = false;
	w->top = n > first + 2 ? n - 2 : first;
	w->top_sub = 0;
	if (fits_from(w, w->top, 0, h))
		w->follow = true;
}

void wire_mark(struct pane *p, size_t first, size_t last)
{
	struct wire *w = p->data;
	w->marked = first <= last;
	w->mark_first = first;
	w->mark_last = last;
	if (w->marked)
		reveal(w, first);
	ui_mark(w->ui, DIRTY_WIRE);
}

void wire_show_match(struct pane *p, size_t n)
{
	struct wire *w = p->data;
	w->has_match = true;
	w->match = n;
	reveal(w, n);
	ui_mark(w->ui, DIRTY_WIRE);
}

void wire_unmatch(struct pane *p)
{
	struct wire *w = p->data;
	w->has_match = false;
	ui_mark(w->ui, DIRTY_WIRE);
}

void wire_toggle_hex(struct pane *p)
{
	struct wire *w = p->data;
	w->hex = !w->hex;
	w->top_sub = 0;
	ui_mark(w->ui, DIRTY_WIRE);
}

bool wire_following(struct pane *p)
{
	return ((struct wire *)p->data)->follow;
}

void wire_clear(struct pane *p)
{
	struct wire *w = p->data;
	wirelog_clear(w->log);
	w->marked = w->has_match = false;
	w->follow = true;
	ring_reset(w);
	ui_mark(w->ui, DIRTY_WIRE);
}
