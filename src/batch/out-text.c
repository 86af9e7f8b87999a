/* out-text: the transcript sink. Wire data becomes one printed line per line of data, with the side, the TLS
 * lock marker and every control byte made visible; other events become short marked lines. */
#include "batch/out-text.h"
#include "batch/out-text-int.h"
#include "cmd/cmd-save.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/bodywatch.h"
#include "core/session.h"
#include "core/smtp.h"
#include "lib/buf.h"
#include "lib/escape.h"
#include "lib/i18n.h"
#include "lib/scan.h"
#include "lib/xmalloc.h"

struct out_text *out_text_new(FILE *f, unsigned flags)
{
	struct out_text *o = xcalloc(1, sizeof *o);
	o->f = f;
	o->flags = flags;
	o->esc = (flags & OUT_TEXT_ASCII) ? ESCAPE_ASCII : ESCAPE_DEFAULT;
	/* No limit of its own: one event's text is at most four times the event's bytes, which the core bounds. */
	buf_init(&o->b, 0);
	o->open = -1;
	return o;
}

void ot_put(struct out_text *o, const char *s)
{
	buf_append_str(&o->b, s);
}

/* An untrusted (or merely foreign) string, escaped; NULL shows as "?". */
void ot_put_esc(struct out_text *o, const char *s)
{
	if (s == NULL)
		s = "?";
	escape_bytes(&o->b, (const uint8_t *)s, strlen(s), o->esc);
}

static void put_time(struct out_text *o, uint64_t t_ns)
{
	if (o->flags & OUT_TEXT_NO_TIME)
		return;
	/* Integer arithmetic: printf("%f") would follow LC_NUMERIC and could print a decimal comma. */
	uint64_t ms = t_ns / 1000000u;
	if (o->time_len == 0 || ms != o->time_ms) {
		int n = snprintf(o->time_text, sizeof o->time_text, "%3" PRIu64 ".%03" PRIu64 " ", ms / 1000u,
				 ms % 1000u);
		o->time_len = n > 0 && (size_t)n < sizeof o->time_text ? (size_t)n : 0;
		o->time_ms = ms;
	}
	buf_append(&o->b, o->time_text, o->time_len);
}

/* The start of a detail line under an event: as wide as the time column, so details line up under markers. */
void ot_sub(struct out_text *o)
{
	if (!(o->flags & OUT_TEXT_NO_TIME))
		ot_put(o, "        ");
}

/* Listen mode: which client a line belongs to, on every line ("[2 127.0.0.1:40000] "). */
static void put_client(struct out_text *o, const struct event *ev)
{
	if (ev->client == 0)
		return;
	buf_printf(&o->b, "[%lu ", ev->client);
	ot_put_esc(o, ev->peer);
	ot_put(o, "] ");
}

/* The start of an event line: time, the client in listen mode, then the marker. */
void ot_begin(struct out_text *o, const struct event *ev, const char *marker)
{
	put_time(o, ev->t_ns);
	put_client(o, ev);
	ot_put(o, marker);
}

/* End a printed data line that another event interrupts; the side's next bytes continue it with "+". */
static void break_line(struct out_text *o)
{
	if (o->open < 0)
		return;
	ot_put(o, "\n");
	o->open = -1;
}

static void start_line(struct out_text *o, const struct event *ev, int side)
{
	if (o->open == side)
		return;
	break_line(o);
	put_time(o, ev->t_ns);
	put_client(o, ev);
	buf_append_byte(&o->b, side == SIDE_CLIENT ? 'C' : 'S');
	buf_append_byte(&o->b, o->cont[side] ? '+' : ':');
	ot_put(o, ev->tls ? "~ " : " ");
	o->open = side;
	o->cont[side] = true;
}

static void end_line(struct out_text *o, const struct event *ev, int side, bool bare_lf)
{
	/* The CRLF of a line already shown (and cut by another event) arrived: nothing left to show. */
	if (o->open != side && o->cont[side] && !bare_lf) {
		o->cont[side] = false;
		return;
	}
	start_line(o, ev, side);
	if (bare_lf)
		ot_put(o, "\\n");
	ot_put(o, "\n");
	o->open = -1;
	o->cont[side] = false;
}

static void show_data(struct out_text *o, const struct event *ev, int side)
{
	if (ev->client != o->client) {
		/* Another client's bytes: its lines are its own, never the continuation of the last client's. */
		break_line(o);
		o->cont[SIDE_CLIENT] = o->cont[SIDE_SERVER] = o->cr[SIDE_CLIENT] = o->cr[SIDE_SERVER] = false;
		o->client = ev->client;
	}
	const uint8_t *p = ev->data;
	size_t n = p ? ev->len : 0, i = 0;
	/* Bytes we sent that are not text (/hello-tls, /hex) are shown byte by byte, never as characters that
	 * happen to decode. */
	unsigned esc = side == SIDE_CLIENT && !escape_is_text(p, n) ? o->esc | ESCAPE_ASCII : o->esc;

	if (o->cr[side]) {
		o->cr[side] = false;
		if (n > 0 && p[0] == '\n') {
			end_line(o, ev, side, false);
			i = 1;
		} else {
			start_line(o, ev, side);
			ot_put(o, "\\r");
		}
	}
	while (i < n) {
		const uint8_t *lf = memchr(p + i, '\n', n - i);
		size_t end = lf ? (size_t)(lf - p) : n;
		size_t len = end - i;
		if (lf) {
			bool bare = !(len > 0 && p[end - 1] == '\r');
			if (!bare)
				len--;
			if (len > 0) {
				start_line(o, ev, side);
				escape_bytes(&o->b, p + i, len, esc);
			}
			end_line(o, ev, side, bare);
			i = end + 1;
		} else {
			if (p[n - 1] == '\r') {
				o->cr[side] = true;
				len--;
			}
			if (len > 0) {
				start_line(o, ev, side);
				escape_bytes(&o->b, p + i, len, esc);
			}
			i = n;
		}
	}
}

/* At the end of the connection: show a CR that no LF followed, and end any open line. */
static void finish_lines(struct out_text *o, const struct event *ev)
{
	for (int side = 0; side < NSIDES; side++) {
		if (!o->cr[side])
			continue;
		o->cr[side] = false;
		start_line(o, ev, side);
		ot_put(o, "\\r");
	}
	break_line(o);
	o->cont[SIDE_CLIENT] = o->cont[SIDE_SERVER] = false;
}

void ot_put_hint(struct out_text *o, const char *hint)
{
	if (hint == NULL || *hint == '\0')
		return;
	ot_sub(o);
	/* TRANSLATORS: the label before a next-step hint in the text transcript, indented under its event. */
	ot_put(o, _("        hint: "));
	ot_put_esc(o, hint);
	ot_put(o, "\n");
}

/* Our own multi-line text (command output): kept line by line, tabs kept for alignment, controls escaped. */
static void show_output(struct out_text *o, const char *text)
{
	if (text == NULL)
		return;
	const char *s = text;
	while (*s) {
		size_t len = strcspn(s, "\t\n");
		escape_bytes(&o->b, (const uint8_t *)s, len, o->esc);
		s += len;
		if (*s == '\t' || *s == '\n')
			buf_append_byte(&o->b, (uint8_t)*s++);
	}
	if (s > text && s[-1] != '\n')
		ot_put(o, "\n");
}

static void show_record(struct out_text *o, const struct event *ev)
{
	if (!(o->flags & OUT_TEXT_HEXDUMP))
		return;
	ot_begin(o, ev, ev->dir == DIR_CLIENT ? "C# " : "S# ");
	/* TRANSLATORS: --hexdump: a TLS record's header line, its hex rows follow. */
	buf_printf(&o->b, P_("TLS record, %zu byte", "TLS record, %zu bytes", ev->len), ev->len);
	ot_put(o, "\n");
	for (size_t off = 0; ev->data && off < ev->len; off += 16) {
		ot_sub(o);
		ot_put(o, "      ");
		hexdump_row(&o->b, off, ev->data + off, ev->len - off < 16 ? ev->len - off : 16);
		ot_put(o, "\n");
	}
}

static void show_reply(struct out_text *o, const struct event *ev)
{
	const struct reply *r = ev->reply;
	if (!(o->flags & OUT_TEXT_VERBOSE) || r == NULL)
		return;
	ot_begin(o, ev, "    ");
	/* One phrase per shape, each whole, the code (and enhanced code, from the server: escaped) and the command
	 * (escaped) put into it. */
	struct buf code, cmd;
	buf_init(&code, 256);
	buf_init(&cmd, 1u << 16);
	buf_printf(&code, "%d", r->code);
	if (r->enhanced[0]) {
		buf_append_str(&code, " ");
		escape_bytes(&code, (const uint8_t *)r->enhanced, strlen(r->enhanced), o->esc);
	}
	unsigned long n = (unsigned long)r->total_lines;
	if (ev->command) {
		const char *said = session_command_shown(ev->command);
		escape_bytes(&cmd, (const uint8_t *)said, strlen(said), o->esc);
		/* TRANSLATORS: the --verbose transcript, under a reply: %s its code ("250 2.0.0"), %zu its number of
		 * lines, %s the command it answers ("EHLO", "MAIL FROM:<a@example.org>"). */
		buf_printf(&o->b, P_("reply %s, %zu line, to %s", "reply %s, %zu lines, to %s", n), buf_cstr(&code),
			   r->total_lines, buf_cstr(&cmd));
	} else {
		/* TRANSLATORS: the --verbose transcript, under a reply that answers no command (the greeting): %s its
		 * code ("220"), %zu its number of lines. */
		buf_printf(&o->b, P_("reply %s, %zu line", "reply %s, %zu lines", n), buf_cstr(&code), r->total_lines);
	}
	buf_free(&cmd);
	buf_free(&code);
	if (r->flags) {
		char desc[256];
		reply_flags_describe(r->flags, desc, sizeof desc);
		ot_put(o, " [");
		ot_put_esc(o, desc);
		ot_put(o, "]");
	}
	ot_put(o, "\n");
}

/* The word after a diagnosis's ">>>" marker, in the user's language (the marker and the id stay as they are). */
static const char *severity_name(enum severity s)
{
	switch (s) {
	/* TRANSLATORS: the transcript: a diagnosis's severity, after ">>> " ("info", "warning", "error"). */
	case SEV_INFO: return _("info");
	case SEV_WARNING: return _("warning");
	case SEV_ERROR: return _("error");
	}
	return "?";
}

/* --suppress-data: count the body instead of showing it; the final dot line is shown after the summary. */
static void body_summary(struct out_text *o, const struct event *ev)
{
	char line[160];
	/* Two plurals, one sentence: the line count chooses the form; bytes are many in any sane body. */
	snprintf(line, sizeof line,
		 P_("message body: %lu line, %lu bytes (not shown: --suppress-data)",
		    "message body: %lu lines, %lu bytes (not shown: --suppress-data)", o->body_lines),
		 (unsigned long)o->body_lines, (unsigned long)o->body.bytes);
	break_line(o);
	ot_begin(o, ev, "--- ");
	ot_put(o, line);
	ot_put(o, "\n");
	o->body_lines = 0;
}

/* True when the event was body and is summarised (shown, for its final dot). */
static bool suppress_body(struct out_text *o, const struct event *ev)
{
	size_t body;
	enum body_step step = body_watch_event(&o->body, ev, &body);
	if (step == BODY_OUTSIDE)
		return false;
	if (step == BODY_BROKEN) {
		body_summary(o, ev); /* the server spoke, or the connection closed, before the end of the body */
		return false;
	}
	const uint8_t *p = ev->data;
	if (body > 0)
		o->body_lines += scan_count(p, body, '\n');
	if (step == BODY_PART)
		return true;
	body_summary(o, ev);
	struct event dot = *ev;
	dot.data = p + body;
	dot.len = ev->len - body;
	show_data(o, &dot, SIDE_CLIENT);
	return true;
}

/* A pipelined group begins: one line above its first command says how many travelled together, so the C: lines
 * that follow (in listen mode interleaved with the server's answers) read as the one write they were. */
static void group_marker(struct out_text *o, const struct event *ev)
{
	break_line(o);
	ot_begin(o, ev, "--- ");
	if (ev->client)
		buf_printf(&o->b,
			   /* TRANSLATORS: listen mode: a remote client sent several commands in one TCP read. */
			   P_("pipelined group %lu: %u command in one read",
			      "pipelined group %lu: %u commands in one read", ev->group_size),
			   ev->group, ev->group_size);
	else
		buf_printf(&o->b,
			   /* TRANSLATORS: smtpcon sent several commands in one write (PIPELINING). */
			   P_("pipelined group %lu: %u command in one write",
			      "pipelined group %lu: %u commands in one write", ev->group_size),
			   ev->group, ev->group_size);
	ot_put(o, "\n");
}

static void render(struct out_text *o, const struct event *ev)
{
	if ((o->flags & OUT_TEXT_SUPPRESS_DATA) && suppress_body(o, ev))
		return;
	switch (ev->type) {
	case EV_SENT:
		if (ev->group_start)
			group_marker(o, ev);
		show_data(o, ev, SIDE_CLIENT);
		return;
	case EV_RECEIVED: show_data(o, ev, SIDE_SERVER); return;
	case EV_IDLE: return;
	default: break;
	}
	/* Every other event stands on its own lines. */
	if (ev->type == EV_CLOSED)
		finish_lines(o, ev); /* before the break, so a held CR lands on its own line */
	break_line(o);
	switch (ev->type) {
	case EV_INFO:
		ot_begin(o, ev, "--- ");
		ot_put_esc(o, event_text(ev));
		ot_put(o, "\n");
		break;
	case EV_WARNING:
	case EV_ERROR:
		/* The marker stays ("!!!", "!! "), the word after it is the user's language's. */
		ot_begin(o, ev, ev->type == EV_ERROR ? "!!! " : "!!  ");
		ot_put(o, ev->type == EV_ERROR ? _("error") : _("warning"));
		if (ev->id) {
			ot_put(o, " (");
			ot_put_esc(o, ev->id);
			ot_put(o, ")");
		}
		ot_put(o, ": ");
		ot_put_esc(o, event_text(ev));
		ot_put(o, "\n");
		ot_put_hint(o, event_hint(ev));
		break;
	case EV_RESOLVED:
		ot_begin(o, ev, "--- ");
		/* TRANSLATORS: "resolved mail.example.org: 2 addresses" */
		ot_put(o, _("resolved "));
		ot_put_esc(o, ev->host);
		if (ev->text) {
			ot_put(o, " (");
			ot_put_esc(o, ev->text);
			ot_put(o, ")");
		}
		buf_printf(&o->b, P_(": %ld address\n", ": %ld addresses\n", (unsigned long)ev->count), ev->count);
		break;
	case EV_CONNECTING:
	case EV_CONNECTED:
		ot_begin(o, ev, "--- ");
		ot_put(o, ev->type == EV_CONNECTING ? _("connecting to ") : _("connected to "));
		ot_put_esc(o, ev->host);
		if (ev->addr) {
			ot_put(o, " [");
			ot_put_esc(o, ev->addr);
			ot_put(o, "]");
		}
		buf_printf(&o->b, ":%d%s\n", ev->port, ev->type == EV_CONNECTED && ev->tls ? " (TLS)" : "");
		break;
	case EV_RECORD: show_record(o, ev); break;
	case EV_REPLY: show_reply(o, ev); break;
	case EV_TLS_START:
		ot_begin(o, ev, "--- ");
		ot_put(o, _("TLS handshake started"));
		ot_put(o, " ---\n");
		break;
	case EV_TLS: ot_show_tls(o, ev); break;
	case EV_CAPS: ot_show_caps(o, ev); break;
	case EV_CAPS_DIFF: ot_show_caps_diff(o, ev); break;
	case EV_STATE:
		if (!(o->flags & OUT_TEXT_VERBOSE))
			break;
		ot_begin(o, ev, "    ");
		/* TRANSLATORS: the --verbose transcript: the SMTP state changed ("state greeted -> ready"); the two
		 * state names are ids (as in JSON Lines) and stay as they are. */
		buf_printf(&o->b, _("state %s -> %s"), smtp_state_name(ev->state_from), smtp_state_name(ev->state));
		ot_put(o, "\n");
		break;
	case EV_EXPECT: {
		/* The markers ("===", "!!!") stay; the line after them is one phrase ("expect" is the command's name). */
		ot_begin(o, ev, ev->ok ? "=== " : "!!! ");
		struct buf what, got;
		buf_init(&what, 0);
		buf_init(&got, 0);
		escape_bytes(&what, (const uint8_t *)(ev->text ? ev->text : "?"), strlen(ev->text ? ev->text : "?"),
			     o->esc);
		if (ev->got)
			escape_bytes(&got, (const uint8_t *)ev->got, strlen(ev->got), o->esc);
		if (ev->ok)
			/* TRANSLATORS: the transcript: an /expect held; %s what was expected ("250", "code 2xx"). */
			buf_printf(&o->b, _("expect %s: ok"), buf_cstr(&what));
		else
			buf_printf(&o->b, _("expect %s: FAILED (got %s)"), buf_cstr(&what),
				   ev->got ? buf_cstr(&got) : _("nothing"));
		ot_put(o, "\n");
		buf_free(&got);
		buf_free(&what);
		break;
	}
	case EV_DIAGNOSIS:
		ot_begin(o, ev, ">>> ");
		ot_put(o, severity_name(ev->severity));
		if (ev->id) {
			ot_put(o, " ");
			ot_put_esc(o, ev->id);
		}
		ot_put(o, ": ");
		ot_put_esc(o, event_text(ev));
		ot_put(o, "\n");
		ot_put_hint(o, event_hint(ev));
		break;
	case EV_CLOSED:
		ot_begin(o, ev, "--- ");
		/* One sentence per who ("fechada pelo servidor"), then why, both in the user's language. */
		char line[128];
		ot_put_esc(o, event_closed_line(ev, line, sizeof line));
		if (ev->id) {
			ot_put(o, " (");
			ot_put_esc(o, event_closed_reason(ev));
			ot_put(o, ")");
		}
		ot_put(o, "\n");
		break;
	case EV_WAITING: {
		if (!(o->flags & OUT_TEXT_VERBOSE))
			break;
		ot_begin(o, ev, "    ");
		const char *text = event_text(ev) ? event_text(ev) : "?";
		struct buf what;
		buf_init(&what, 512);
		escape_bytes(&what, (const uint8_t *)text, strlen(text), o->esc);
		/* TRANSLATORS: the verbose transcript; %s: what ("reply to EHLO", "greeting"), %lld: milliseconds */
		buf_printf(&o->b, _("waiting for %s (%lld ms)"), buf_cstr(&what), (long long)ev->timeout_ms);
		ot_put(o, "\n");
		buf_free(&what);
		break;
	}
	case EV_OUTPUT:
	case EV_DANE: /* the DANE report and the sender's verdict, in words (core/delivery.h) */
	case EV_DELIVERY: show_output(o, event_text(ev)); break;
	case EV_TRANSACTION:
		if (ev->txn) {
			char d[512];
			bool good = ev->txn->outcome == TXN_ACCEPTED;
			ot_begin(o, ev, good ? "=== " : "!!! ");
			struct buf what;
			buf_init(&what, sizeof d * 4);
			const char *said = txn_describe(ev->txn, d, sizeof d);
			escape_bytes(&what, (const uint8_t *)said, strlen(said), o->esc);
			/* TRANSLATORS: %s says how the mail transaction ended ("accepted: 250 2.0.0 Ok"). */
			buf_printf(&o->b, _("transaction %s"), buf_cstr(&what));
			ot_put(o, "\n");
			buf_free(&what);
		}
		break;
	default: break;
	}
}

/* Render one event and write it out; returns the bytes written. */
static size_t write_event(struct out_text *o, const struct event *ev)
{
	buf_reset(&o->b);
	o->last_ns = ev->t_ns;
	render(o, ev);
	size_t n = o->b.len;
	if (n) {
		fwrite(o->b.data, 1, n, o->f);
		if (!(o->flags & OUT_TEXT_CALLER_FLUSHES))
			fflush(o->f); /* --log must survive a crash: nothing stays in stdio's buffer */
	}
	/* Keep memory at the size of a typical event, not the largest one ever seen. */
	if (o->b.cap > 65536)
		buf_free(&o->b);
	return n;
}

void out_text_event(void *ctx, const struct event *ev)
{
	write_event(ctx, ev);
}

void out_text_free(struct out_text *o)
{
	if (o == NULL)
		return;
	buf_reset(&o->b);
	struct event ev = {.type = EV_IDLE, .t_ns = o->last_ns};
	finish_lines(o, &ev);
	if (o->b.len) {
		fwrite(o->b.data, 1, o->b.len, o->f);
		fflush(o->f);
	}
	buf_free(&o->b);
	free(o);
}

/* /save records the session with the same writer as --log. */
static void *save_open(FILE *f)
{
	/* The recording is private and /save fflush()es it before copying it: a write(2) per event here was two
	 * system calls per SMTP command for a transcript most sessions never save. */
	return out_text_new(f, OUT_TEXT_CALLER_FLUSHES);
}

static size_t save_event(void *w, const struct event *ev)
{
	return write_event(w, ev);
}

static void save_close(void *w)
{
	out_text_free(w);
}

void out_text_register_save(void)
{
	static const struct save_writer writer = {save_open, save_event, save_close};
	save_set_writer(&writer);
}
