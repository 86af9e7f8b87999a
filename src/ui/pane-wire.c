/* pane-wire: the wire log pane. Every byte each way as it happened: one display line per line piece (a read or a
 * write that ends mid-line shows as a piece of its own, so read/write boundaries stay visible), a time offset at
 * the start of each segment, the direction in two colours, a lock on TLS traffic, a rule at the STARTTLS
 * boundary, CR/LF faint and bare CR/LF highlighted, control bytes escaped, TLS records recognised on plaintext
 * connections, AUTH base64 decoded. This file takes events in; wire-draw.c scrolls and draws. */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd/options.h"
#include "core/smtp.h"
#include "lib/i18n.h"
#include "lib/escape.h"
#include "lib/xmalloc.h"
#include "ui/pane.h"
#include "ui/wire-int.h"
#include "ui/wirelog.h"

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
		snprintf(what, sizeof what, _(" (%s, description %u)"), p[5] == 2 ? "fatal" : "warning", p[6]);
	/* TRANSLATORS: the first %s is a TLS record type (handshake, alert: protocol words), the second what it
	 * holds ("(ClientHello)"), then the record version and its length. */
	note(w, WL_ANNOT, t, _("a TLS %s record%s, record version 3.%u, %zu bytes, on a plaintext connection"),
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
	/* TRANSLATORS: a label before the decoded text of a base64 AUTH line ("client base64: "PLAIN..."). */
	tl = (size_t)snprintf(text, sizeof text, "%s \"",
			      strcmp(who, "client") == 0 ? _("client base64:") : _("server base64:"));
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
	unsigned base = (ev->tls ? WL_TLS : 0) | (ev->secret ? WL_SECRET : 0) | (ev->group ? WL_GROUP : 0);
	if (dir == DIR_CLIENT && !escape_is_text(p, n))
		base |= WL_BINARY;
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
				note(w, WL_ANNOT, t,
				     P_("%zu byte of this line not shown (longer than %u bytes)",
					"%zu bytes of this line not shown (longer than %u bytes)", w->cut[dir]),
				     w->cut[dir], WIRE_LINE_CAP);
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

/* A finished raw TLS record: one log line, shown by the hex view only. */
static void on_record(void *ctx, const uint8_t *rec, size_t kept, unsigned flags)
{
	struct wire *w = ctx;
	wirelog_append(w->log, WL_RECORD, w->rec_dir, flags, w->rec_t, rec, kept);
}

static void records_flush(struct wire *w)
{
	for (int d = DIR_CLIENT; d <= DIR_SERVER; d++) {
		w->rec_dir = d;
		wrec_flush(&w->rec[d], on_record, w);
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
	wirelog_set_client(w->log, ev->client);
	switch (ev->type) {
	case EV_SENT:
	case EV_RECEIVED:
		if (ev->group_start) /* the group's commands carry a bracket in the gutter below this note */
			note(w, WL_NOTE, t,
			     ev->client ? P_("pipelined group %lu: %u command in one read",
					     "pipelined group %lu: %u commands in one read", ev->group_size)
					: P_("pipelined group %lu: %u command in one write",
					     "pipelined group %lu: %u commands in one write", ev->group_size),
			     ev->group, ev->group_size);
		add_bytes(w, ev);
		break;
	case EV_REPLY:
		on_reply(w, ev);
		break;
	case EV_RECORD:
		w->rec_dir = ev->dir == DIR_CLIENT ? DIR_CLIENT : DIR_SERVER;
		w->rec_t = t;
		wrec_feed(&w->rec[w->rec_dir], ev->data, ev->len, on_record, w);
		if (!w->hex)
			return; /* nothing the text view shows */
		break;
	case EV_INFO:
		note(w, WL_NOTE, t, "%s", ev->text ? event_text(ev) : "");
		break;
	case EV_ERROR:
		note(w, WL_ERROR, t, "%s: %s", ev->id ? ev->id : _("error"), ev->text ? event_text(ev) : "");
		break;
	case EV_RESOLVED:
		/* ev->text is the host's U-label (a name, not words): shown as it is. */
		if (ev->text)
			note(w, WL_NOTE, t,
			     P_("resolved %s (%s): %ld address", "resolved %s (%s): %ld addresses",
				(unsigned long)ev->count),
			     ev->host ? ev->host : "", ev->text, ev->count);
		else
			note(w, WL_NOTE, t,
			     P_("resolved %s: %ld address", "resolved %s: %ld addresses", (unsigned long)ev->count),
			     ev->host ? ev->host : "", ev->count);
		break;
	case EV_CONNECTING:
		w->handshaking = false;
		w->rec_t = t;
		records_flush(w);
		wrec_reset(&w->rec[DIR_CLIENT]);
		wrec_reset(&w->rec[DIR_SERVER]);
		note(w, WL_NOTE, t, _("connecting to %s [%s]:%d"), ev->host ? ev->host : "", ev->addr ? ev->addr : "?",
		     ev->port);
		break;
	case EV_CONNECTED:
		memset(w->mid_line, 0, sizeof w->mid_line);
		memset(w->line_len, 0, sizeof w->line_len);
		w->srv_pos = 0;
		ring_reset(w);
		note(w, WL_NOTE, t, ev->tls ? _("connected to [%s]:%d with implicit TLS") : _("connected to [%s]:%d"),
		     ev->addr ? ev->addr : "?", ev->port);
		break;
	case EV_TLS_START:
		wrec_reset(&w->rec[DIR_CLIENT]);
		wrec_reset(&w->rec[DIR_SERVER]);
		ring_reset(w);
		memset(w->mid_line, 0, sizeof w->mid_line);
		/* Nothing is encrypted yet, and may never be: the rule that ends the handshake says which (EV_TLS, or
		 * the close while it is still under way). */
		note(w, WL_RULE, t, "%s", _("TLS handshake begins"));
		w->handshaking = true;
		break;
	case EV_TLS:
		w->handshaking = false;
		note(w, WL_RULE, t, "%s", _("TLS established: the rest of this connection is encrypted"));
		if (ev->tls_info) {
			const struct tls_info *ti = ev->tls_info;
			note(w, ti->verified ? WL_NOTE : WL_ERROR, t,
			     ti->verified ? _("TLS established: %s %s, certificate verified")
					  : _("TLS established: %s %s, certificate NOT verified"),
			     ti->version ? ti->version : "?", ti->cipher ? ti->cipher : "?");
			for (size_t i = 0; !ti->verified && i < ti->nreasons; i++) /* every reason, one line each */
				note(w, WL_ERROR, t, "  - %s",
				     ti->reasons[i].text ? verify_reason_text(&ti->reasons[i])
				     : ti->reasons[i].id ? ti->reasons[i].id
							 : "?");
		}
		break;
	case EV_TRANSACTION:
		if (ev->txn) {
			char d[400];
			/* TRANSLATORS: %s says how the mail transaction ended ("accepted: 250 2.0.0 Ok"). */
			note(w, ev->txn->outcome == TXN_ACCEPTED ? WL_NOTE : WL_ERROR, t, _("transaction %s"),
			     txn_describe(ev->txn, d, sizeof d));
		}
		break;
	case EV_CLOSED: {
		char line[128];
		w->rec_t = t;
		records_flush(w);
		memset(w->mid_line, 0, sizeof w->mid_line);
		/* A rule is one row, cut at the pane's edge: who closed goes on it, why on a note below, which wraps. */
		note(w, WL_RULE, t, "%s", event_closed_line(ev, line, sizeof line));
		if (ev->id) /* why, in the user's language (JSON keeps the English id) */
			note(w, WL_NOTE, t, _("closed: %s"), event_closed_reason(ev));
		/* The handshake failed, timed out or was cancelled: no TLS session ever existed on this connection. */
		if (w->handshaking && !ev->client) {
			note(w, WL_NOTE, t, "%s",
			     _("the TLS handshake did not finish: no TLS session, so no command or reply on this "
			       "connection was encrypted"));
			w->handshaking = false;
		}
		break;
	}
	case EV_EXPECT:
		note(w, ev->ok ? WL_NOTE : WL_ERROR, t,
		     ev->ok ? _("expect %s: ok (got %s)") : _("expect %s: FAILED (got %s)"), ev->text ? ev->text : "",
		     ev->got ? ev->got : _("nothing"));
		break;
	case EV_OUTPUT:
	case EV_DANE: /* the DANE report and the sender's verdict, in words */
	case EV_DELIVERY:
		if (ev->text) {
			const char *s = event_text(ev);
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

static void *wire_init(struct ui *ui, struct pane *p)
{
	(void)p;
	struct wire *w = xcalloc(1, sizeof *w);
	w->ui = ui;
	w->log = wirelog_new(0, 0);
	w->follow = true;
	w->wrap = options_flag("wrap");
	wire_heights_changed(w);
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

void wire_mark(struct pane *p, size_t first, size_t last)
{
	struct wire *w = p->data;
	w->marked = first <= last;
	w->mark_first = first;
	w->mark_last = last;
	if (w->marked)
		wire_reveal(w, first);
	ui_mark(w->ui, DIRTY_WIRE);
}

void wire_show_match(struct pane *p, size_t n, size_t off, size_t len)
{
	struct wire *w = p->data;
	w->has_match = true;
	w->match = n;
	w->match_off = off;
	w->match_len = len;
	wire_reveal_at(w, n, off);
	ui_mark(w->ui, DIRTY_WIRE);
}

void wire_unmatch(struct pane *p)
{
	struct wire *w = p->data;
	w->has_match = false;
	ui_mark(w->ui, DIRTY_WIRE);
}

void wire_set_hex(struct pane *p, bool on)
{
	struct wire *w = p->data;
	w->hex = on;
	w->top_sub = 0;
	wire_heights_changed(w);
	ui_mark(w->ui, DIRTY_WIRE);
}

void wire_set_wrap(struct pane *p, bool on)
{
	struct wire *w = p->data;
	w->wrap = on;
	w->hscroll = 0;
	w->top_sub = 0;
	wire_heights_changed(w);
	ui_mark(w->ui, DIRTY_WIRE);
}

bool wire_wrapping(struct pane *p)
{
	return ((struct wire *)p->data)->wrap;
}

void wire_hscroll(struct pane *p, int delta)
{
	struct wire *w = p->data;
	if (w->wrap || w->hex)
		return;
	long h = (long)w->hscroll + delta;
	w->hscroll = h < 0 ? 0 : h > 1000000000L ? 1000000000 : (int)h;
	ui_mark(w->ui, DIRTY_WIRE);
}

void wire_toggle_hex(struct pane *p)
{
	wire_set_hex(p, !((struct wire *)p->data)->hex);
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

void wire_filter_changed(struct pane *p)
{
	struct wire *w = p->data;
	w->follow = true; /* the old top may be a hidden row: start again from the newest shown */
	ui_mark(w->ui, DIRTY_WIRE);
}
