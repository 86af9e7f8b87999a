/* out-text: the transcript sink. Wire data becomes one printed line per line of data, with the side, the TLS
 * lock marker and every control byte made visible; other events become short marked lines. */
#include "batch/out-text.h"
#include "cmd/cmd-save.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/bodywatch.h"
#include "core/smtp.h"
#include "lib/buf.h"
#include "lib/escape.h"
#include "lib/i18n.h"
#include "lib/scan.h"
#include "lib/xmalloc.h"

enum { SIDE_CLIENT, SIDE_SERVER, NSIDES };

struct out_text {
	FILE *f;
	unsigned flags;
	unsigned esc;          /* escape flags for every untrusted string */
	struct buf b;          /* the text of the current event, written and flushed at its end */
	int open;              /* side whose line is printed but not yet ended, or -1 */
	bool cont[NSIDES];     /* the side has a line in progress (printed in part) */
	bool cr[NSIDES];       /* a CR ended the side's last read: held until we know whether LF follows */
	uint64_t last_ns;      /* time of the last event, for what out_text_free still prints */
	struct body_watch body; /* OUT_TEXT_SUPPRESS_DATA: between the 354 and the final dot */
	uint64_t body_lines;
	unsigned long client;  /* listen mode: the remote client of the line in progress (0: our own session) */
	uint64_t time_ms;      /* the time column last formatted (a big message prints it on every line) */
	char time_text[32];
	size_t time_len;
};

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

static void put(struct out_text *o, const char *s)
{
	buf_append_str(&o->b, s);
}

/* An untrusted (or merely foreign) string, escaped; NULL shows as "?". */
static void put_esc(struct out_text *o, const char *s)
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
		int n = snprintf(o->time_text, sizeof o->time_text, "%3" PRIu64 ".%03" PRIu64 " ", ms / 1000u, ms % 1000u);
		o->time_len = n > 0 && (size_t)n < sizeof o->time_text ? (size_t)n : 0;
		o->time_ms = ms;
	}
	buf_append(&o->b, o->time_text, o->time_len);
}

/* The start of a detail line under an event: as wide as the time column, so details line up under markers. */
static void sub(struct out_text *o)
{
	if (!(o->flags & OUT_TEXT_NO_TIME))
		put(o, "        ");
}

/* Listen mode: which client a line belongs to, on every line ("[2 127.0.0.1:40000] "). */
static void put_client(struct out_text *o, const struct event *ev)
{
	if (ev->client == 0)
		return;
	buf_printf(&o->b, "[%lu ", ev->client);
	put_esc(o, ev->peer);
	put(o, "] ");
}

/* The start of an event line: time, the client in listen mode, then the marker. */
static void begin(struct out_text *o, const struct event *ev, const char *marker)
{
	put_time(o, ev->t_ns);
	put_client(o, ev);
	put(o, marker);
}

/* End a printed data line that another event interrupts; the side's next bytes continue it with "+". */
static void break_line(struct out_text *o)
{
	if (o->open < 0)
		return;
	put(o, "\n");
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
	put(o, ev->tls ? "~ " : " ");
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
		put(o, "\\n");
	put(o, "\n");
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
			put(o, "\\r");
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
		put(o, "\\r");
	}
	break_line(o);
	o->cont[SIDE_CLIENT] = o->cont[SIDE_SERVER] = false;
}

static void put_hint(struct out_text *o, const char *hint)
{
	if (hint == NULL || *hint == '\0')
		return;
	sub(o);
	/* TRANSLATORS: the label before a next-step hint in the text transcript, indented under its event. */
	put(o, _("        hint: "));
	put_esc(o, hint);
	put(o, "\n");
}

static void put_date(struct out_text *o, int64_t t)
{
	struct tm tm;
	time_t tt = (time_t)t;
	char s[32];
	if (gmtime_r(&tt, &tm) == NULL || strftime(s, sizeof s, "%Y-%m-%d", &tm) == 0)
		put(o, "?");
	else
		put(o, s);
}

static void show_tls(struct out_text *o, const struct event *ev)
{
	const struct tls_info *ti = ev->tls_info;
	begin(o, ev, "*** ");
	if (ti == NULL) {
		put(o, _("TLS established (no details)\n"));
		return;
	}
	const char *parts[] = {ti->version, ti->cipher, ti->kx_group};
	bool any = false;
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		if (parts[i] == NULL || *parts[i] == '\0')
			continue;
		if (any)
			put(o, " ");
		put_esc(o, parts[i]);
		any = true;
	}
	if (!any)
		put(o, "TLS");
	if (ti->resumed)
		put(o, _(", resumed"));
	if (ti->verified) {
		put(o, _(", certificate verified ("));
		put_esc(o, ti->checked_name);
		put(o, ")\n");
	} else {
		put(o, "\n");
		begin(o, ev, "*** ");
		put(o, _("certificate NOT verified"));
		if (ti->checked_name) {
			/* TRANSLATORS: "certificate NOT verified for mail.example.org" */
			put(o, _(" for "));
			put_esc(o, ti->checked_name);
		}
		put(o, ":");
		for (size_t i = 0; i < ti->nreasons; i++) {
			put(o, i ? ", " : " ");
			put_esc(o, ti->reasons[i].id);
		}
		if (ti->nreasons == 0)
			put(o, _(" (no reason given)"));
		put(o, "\n");
		for (size_t i = 0; i < ti->nreasons; i++) {
			sub(o);
			put(o, "      - ");
			put_esc(o, ti->reasons[i].text ? verify_reason_text(&ti->reasons[i]) : ti->reasons[i].id);
			put(o, "\n");
			put_hint(o, verify_reason_hint(&ti->reasons[i]));
		}
		if (ti->verify_skipped) {
			sub(o);
			put(o, _("      (--insecure: continuing without verification)\n"));
		}
	}
	if (ti->nchain > 0) {
		const struct cert_info *c = &ti->chain[0];
		sub(o);
		put(o, _("      certificate: "));
		put_esc(o, c->subject);
		put(o, "\n");
		sub(o);
		put(o, _("      issuer: "));
		put_esc(o, c->issuer);
		put(o, c->self_signed ? _(" (self-signed)") : "");
		put(o, "\n");
		sub(o);
		put(o, _("      valid: "));
		put_date(o, c->not_before);
		/* TRANSLATORS: "valid: 2026-01-01 to 2027-01-01" */
		put(o, _(" to "));
		put_date(o, c->not_after);
		buf_printf(&o->b, _(", chain of %zu\n"), ti->nchain);
	}
}

static void show_caps(struct out_text *o, const struct event *ev)
{
	begin(o, ev, "--- ");
	/* TRANSLATORS: %s is the phase id, "plain" (before TLS) or "tls" (after): it stays as it is. */
	buf_printf(&o->b, _("capabilities (%s)"), caps_phase_name(ev->phase));
	if (ev->caps == NULL) {
		put(o, ": ");
		put(o, _("(none)"));
		put(o, "\n");
		return;
	}
	put(o, ": ");
	put_esc(o, ev->caps->domain);
	put(o, "\n");
	for (size_t i = 0; i < ev->caps->n; i++) {
		const struct cap *c = &ev->caps->v[i];
		sub(o);
		put(o, "      ");
		put_esc(o, c->name);
		if (c->params && *c->params) {
			put(o, " ");
			put_esc(o, c->params);
		}
		put(o, "\n");
	}
}

static void put_cap_line(struct out_text *o, const char *mark, const struct cap *c)
{
	sub(o);
	put(o, mark);
	put_esc(o, c->name);
	if (c->params && *c->params) {
		put(o, " ");
		put_esc(o, c->params);
	}
	put(o, "\n");
}

static void put_params(struct out_text *o, const char *params)
{
	if (params == NULL || *params == '\0')
		put(o, _("(none)"));
	else
		put_esc(o, params);
}

static void show_caps_diff(struct out_text *o, const struct event *ev)
{
	const struct caps_diff *d = ev->diff;
	begin(o, ev, "--- ");
	/* TRANSLATORS: "capabilities plain -> tls": the two phase ids stay as they are. */
	buf_printf(&o->b, _("capabilities %s -> %s"), caps_phase_name(ev->phase_from), caps_phase_name(ev->phase));
	if (d == NULL || d->nadded + d->nremoved + d->nchanged == 0) {
		put(o, _(": no change\n"));
		return;
	}
	buf_printf(&o->b, _(": %zu added, %zu removed, %zu changed, %zu same\n"), d->nadded, d->nremoved,
		   d->nchanged, d->nsame);
	for (size_t i = 0; i < d->nadded; i++)
		put_cap_line(o, "      + ", &d->added[i]);
	for (size_t i = 0; i < d->nremoved; i++)
		put_cap_line(o, "      - ", &d->removed[i]);
	for (size_t i = 0; i < d->nchanged; i++) {
		sub(o);
		put(o, "      ~ ");
		put_esc(o, d->changed[i].name);
		put(o, " ");
		put_params(o, d->changed[i].from);
		put(o, " -> ");
		put_params(o, d->changed[i].to);
		put(o, "\n");
	}
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
		put(o, "\n");
}

static void show_record(struct out_text *o, const struct event *ev)
{
	if (!(o->flags & OUT_TEXT_HEXDUMP))
		return;
	begin(o, ev, ev->dir == DIR_CLIENT ? "C# " : "S# ");
	buf_printf(&o->b, "TLS record, %zu bytes\n", ev->len);
	for (size_t off = 0; ev->data && off < ev->len; off += 16) {
		sub(o);
		put(o, "      ");
		hexdump_row(&o->b, off, ev->data + off, ev->len - off < 16 ? ev->len - off : 16);
		put(o, "\n");
	}
}

static void show_reply(struct out_text *o, const struct event *ev)
{
	const struct reply *r = ev->reply;
	if (!(o->flags & OUT_TEXT_VERBOSE) || r == NULL)
		return;
	begin(o, ev, "    reply ");
	buf_printf(&o->b, "%d", r->code);
	if (r->enhanced[0]) {
		put(o, " ");
		put_esc(o, r->enhanced);
	}
	buf_printf(&o->b, P_(", %zu line", ", %zu lines", r->total_lines), r->total_lines);
	if (ev->command) {
		put(o, ", to ");
		put_esc(o, ev->command);
	}
	if (r->flags) {
		char desc[256];
		reply_flags_describe(r->flags, desc, sizeof desc);
		put(o, " [");
		put_esc(o, desc);
		put(o, "]");
	}
	put(o, "\n");
}

static const char *severity_name(enum severity s)
{
	switch (s) {
	case SEV_INFO: return "info";
	case SEV_WARNING: return "warning";
	case SEV_ERROR: return "error";
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
	begin(o, ev, "--- ");
	put(o, line);
	put(o, "\n");
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

static void render(struct out_text *o, const struct event *ev)
{
	if ((o->flags & OUT_TEXT_SUPPRESS_DATA) && suppress_body(o, ev))
		return;
	switch (ev->type) {
	case EV_SENT:
		show_data(o, ev, SIDE_CLIENT);
		return;
	case EV_RECEIVED:
		show_data(o, ev, SIDE_SERVER);
		return;
	case EV_IDLE:
		return;
	default:
		break;
	}
	/* Every other event stands on its own lines. */
	if (ev->type == EV_CLOSED)
		finish_lines(o, ev); /* before the break, so a held CR lands on its own line */
	break_line(o);
	switch (ev->type) {
	case EV_INFO:
		begin(o, ev, "--- ");
		put_esc(o, event_text(ev));
		put(o, "\n");
		break;
	case EV_WARNING:
	case EV_ERROR:
		begin(o, ev, ev->type == EV_ERROR ? "!!! error" : "!!  warning");
		if (ev->id) {
			put(o, " (");
			put_esc(o, ev->id);
			put(o, ")");
		}
		put(o, ": ");
		put_esc(o, event_text(ev));
		put(o, "\n");
		put_hint(o, event_hint(ev));
		break;
	case EV_RESOLVED:
		begin(o, ev, "--- ");
		/* TRANSLATORS: "resolved mail.example.org: 2 addresses" */
		put(o, _("resolved "));
		put_esc(o, ev->host);
		if (ev->text) {
			put(o, " (");
			put_esc(o, ev->text);
			put(o, ")");
		}
		buf_printf(&o->b, P_(": %ld address\n", ": %ld addresses\n", (unsigned long)ev->count), ev->count);
		break;
	case EV_CONNECTING:
	case EV_CONNECTED:
		begin(o, ev, "--- ");
		put(o, ev->type == EV_CONNECTING ? _("connecting to ") : _("connected to "));
		put_esc(o, ev->host);
		if (ev->addr) {
			put(o, " [");
			put_esc(o, ev->addr);
			put(o, "]");
		}
		buf_printf(&o->b, ":%d%s\n", ev->port, ev->type == EV_CONNECTED && ev->tls ? " (TLS)" : "");
		break;
	case EV_RECORD:
		show_record(o, ev);
		break;
	case EV_REPLY:
		show_reply(o, ev);
		break;
	case EV_TLS_START:
		begin(o, ev, "--- ");
		put(o, _("TLS handshake started"));
		put(o, " ---\n");
		break;
	case EV_TLS:
		show_tls(o, ev);
		break;
	case EV_CAPS:
		show_caps(o, ev);
		break;
	case EV_CAPS_DIFF:
		show_caps_diff(o, ev);
		break;
	case EV_STATE:
		if (!(o->flags & OUT_TEXT_VERBOSE))
			break;
		begin(o, ev, "    state ");
		put(o, smtp_state_name(ev->state_from));
		put(o, " -> ");
		put(o, smtp_state_name(ev->state));
		put(o, "\n");
		break;
	case EV_EXPECT:
		begin(o, ev, ev->ok ? "=== expect " : "!!! expect ");
		put_esc(o, ev->text);
		if (ev->ok) {
			put(o, ": ok\n");
		} else {
			put(o, ": FAILED (got ");
			put_esc(o, ev->got ? ev->got : "nothing");
			put(o, ")\n");
		}
		break;
	case EV_DIAGNOSIS:
		begin(o, ev, ">>> ");
		put(o, severity_name(ev->severity));
		if (ev->id) {
			put(o, " ");
			put_esc(o, ev->id);
		}
		put(o, ": ");
		put_esc(o, event_text(ev));
		put(o, "\n");
		put_hint(o, event_hint(ev));
		break;
	case EV_CLOSED:
		begin(o, ev, "--- ");
		/* One sentence per who ("fechada pelo servidor"), then why, both in the user's language. */
		char line[128];
		put_esc(o, event_closed_line(ev, line, sizeof line));
		if (ev->id) {
			put(o, " (");
			put_esc(o, event_closed_reason(ev));
			put(o, ")");
		}
		put(o, "\n");
		break;
	case EV_WAITING: {
		if (!(o->flags & OUT_TEXT_VERBOSE))
			break;
		begin(o, ev, "    ");
		const char *text = event_text(ev) ? event_text(ev) : "?";
		struct buf what;
		buf_init(&what, 512);
		escape_bytes(&what, (const uint8_t *)text, strlen(text), o->esc);
		/* TRANSLATORS: the verbose transcript; %s: what ("reply to EHLO", "greeting"), %lld: milliseconds */
		buf_printf(&o->b, _("waiting for %s (%lld ms)"), buf_cstr(&what), (long long)ev->timeout_ms);
		put(o, "\n");
		buf_free(&what);
		break;
	}
	case EV_OUTPUT:
	case EV_DANE:     /* the DANE report and the sender's verdict, in words (core/delivery.h) */
	case EV_DELIVERY:
		show_output(o, event_text(ev));
		break;
	case EV_TRANSACTION:
		if (ev->txn) {
			char d[512];
			bool good = ev->txn->outcome == TXN_ACCEPTED;
			begin(o, ev, good ? "=== " : "!!! ");
			struct buf what;
			buf_init(&what, sizeof d * 4);
			const char *said = txn_describe(ev->txn, d, sizeof d);
			escape_bytes(&what, (const uint8_t *)said, strlen(said), o->esc);
			/* TRANSLATORS: %s says how the mail transaction ended ("accepted: 250 2.0.0 Ok"). */
			buf_printf(&o->b, _("transaction %s"), buf_cstr(&what));
			put(o, "\n");
			buf_free(&what);
		}
		break;
	default:
		break;
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
	return out_text_new(f, 0);
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
