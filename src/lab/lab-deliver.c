/* lab-deliver: the message side of the practice lab: DATA decoding (dot-unstuffing, CRLF rules), BDAT chunks,
 * greylisting, the Received header and delivery into the Maildir (or counting only, in discard mode).
 *
 * DATA is decoded as a byte stream, never as lines, so no line length limit is needed and the terminating
 * <CRLF>.<CRLF> is recognised exactly as RFC 5321 says. A bare LF or bare CR is refused at once with 521 and a
 * hang-up (Postfix's smtpd_forbid_bare_newline): servers that disagree on where a line or the message ends are
 * what SMTP smuggling exploits, so modern servers no longer guess. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "lab/lab-smtp.h"
#include "lib/escape.h"
#include "lib/i18n.h"
#include "lib/scan.h"
#include "lib/xmalloc.h"

#define GREY_MAX 4096   /* remembered triplets; the oldest is forgotten first */
#define GREY_KEY 600

struct grey_entry {
	char key[GREY_KEY];
	uint64_t first_ms;
};

struct greylist {
	struct grey_entry *v;
	size_t n;
};

void lab_greylist_free(struct greylist *g)
{
	if (g == NULL)
		return;
	free(g->v);
	free(g);
}

int lab_greylist_check(struct lab_smtp *s, const char *rcpt)
{
	struct lab_ctx *x = s->x;
	if (x->grey == NULL) {
		x->grey = xcalloc(1, sizeof *x->grey);
		x->grey->v = xcalloc(GREY_MAX, sizeof *x->grey->v);
	}
	struct greylist *g = x->grey;
	char key[GREY_KEY];
	snprintf(key, sizeof key, "%s|%s|%s", lab_client_ip(s->c), s->from, rcpt);
	for (char *p = key; *p; p++) /* addresses compare without case, close enough for a lab */
		*p = (char)((*p >= 'A' && *p <= 'Z') ? *p + 32 : *p);
	uint64_t now = loop_now_ms(), delay = (uint64_t)x->greylist_seconds * 1000u;
	for (size_t i = 0; i < g->n; i++) {
		if (strcmp(g->v[i].key, key) != 0)
			continue;
		uint64_t age = now - g->v[i].first_ms;
		return age >= delay ? 0 : (int)((delay - age + 999) / 1000);
	}
	if (g->n == GREY_MAX) {
		memmove(g->v, g->v + 1, (GREY_MAX - 1) * sizeof *g->v);
		g->n--;
	}
	snprintf(g->v[g->n].key, GREY_KEY, "%s", key);
	g->v[g->n++].first_ms = now;
	lab_logf(x, N_("%s: greylisted a new sender/recipient pair"), lab_client_name(s->c));
	return x->greylist_seconds > 0 ? x->greylist_seconds : 0;
}

bool lab_is_local(const char *addr)
{
	const char *at = strrchr(addr, '@');
	if (at == NULL)
		return strcasecmp(addr, "postmaster") == 0;
	return strcasecmp(at + 1, LAB_DOMAIN) == 0 || strcasecmp(at + 1, LAB_HOSTNAME) == 0;
}

void lab_data_begin(struct lab_smtp *s)
{
	struct lab_ctx *x = s->x;
	x->data_attempts++;
	s->flaky_drop = lab_smtp_has(s, LAB_F_FLAKY) && (x->data_attempts % 2) == 1;
}

/* The flaky scenario loses the connection as soon as message bytes flow: no reply, nothing delivered. */
static bool flaky(struct lab_smtp *s)
{
	if (!s->flaky_drop)
		return false;
	lab_logf(s->x, N_("%s: flaky: dropping the connection in the middle of the message"), lab_client_name(s->c));
	lab_smtp_set_state(s, LS_CLOSED);
	lab_client_abort(s->c);
	return true;
}

static void emit(struct lab_smtp *s, const void *p, size_t n)
{
	s->msg_bytes += n;
	if (s->x->discard || s->too_big)
		return;
	if (!buf_append(&s->msg, p, n)) {
		s->too_big = true;
		buf_free(&s->msg);
		buf_init(&s->msg, LAB_MAX_MESSAGE);
	}
}

/* RFC 5322 date in English whatever the locale (the console may have called setlocale). */
static void rfc5322_date(char *out, size_t n)
{
	static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	long off = tm.tm_gmtoff / 60;
	snprintf(out, n, "%s, %02d %s %04d %02d:%02d:%02d %c%02ld%02ld", days[tm.tm_wday % 7], tm.tm_mday,
	         months[tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec, off < 0 ? '-' : '+',
	         labs(off) / 60, labs(off) % 60);
}

/* The trace header the lab adds on top, the way Exim's appendfile does: Return-Path, Envelope-to, Received. */
static void trace_header(struct lab_smtp *s, const char *id, struct buf *h)
{
	char date[64];
	rfc5322_date(date, sizeof date);
	const char *tls = lab_client_tls(s->c);
	/* RFC 3848 / 6531 "with" keywords: ESMTP + S (TLS) + A (authenticated); UTF8SMTP for SMTPUTF8. */
	const char *with = s->esmtp ? (s->smtputf8 ? "UTF8SMTP" : "ESMTP") : "SMTP";
	buf_printf(h, "Return-Path: <%s>\r\nEnvelope-to: ", s->from);
	for (size_t i = 0; i < s->nrcpts; i++)
		buf_printf(h, "%s<%s>", i ? ", " : "", s->rcpts[i]);
	buf_printf(h, "\r\nReceived: from %s ([%s])\r\n", s->helo[0] ? s->helo : "unknown", lab_client_ip(s->c));
	if (tls)
		buf_printf(h, "\t(using %s)\r\n", tls);
	if (s->authed)
		buf_printf(h, "\t(authenticated as %s)\r\n", LAB_USER);
	buf_printf(h, "\tby %s (smtpcon practice lab) with %s%s%s id %s\r\n", LAB_HOSTNAME, with, tls ? "S" : "",
	           s->authed ? "A" : "", id);
	if (s->nrcpts == 1)
		buf_printf(h, "\tfor <%s>", s->rcpts[0]);
	buf_printf(h, "; %s\r\n", date);
}

/* The end of a message: check, store, reply, forget the transaction. */
static void finish(struct lab_smtp *s)
{
	struct lab_ctx *x = s->x;
	lab_smtp_set_state(s, LS_CMD);
	lab_who_message(s, s->msg.data, s->msg.len);
	lab_smtp_answers(s, ".");
	if (s->too_big) {
		lab_smtp_reply(s, "552 5.3.4 Message size exceeds fixed limit (SIZE %u)", LAB_MAX_MESSAGE);
		lab_smtp_reset_tx(s);
		return;
	}
	char id[32];
	/* Time first so ids differ between runs of the lab, then a counter so they differ within one. */
	snprintf(id, sizeof id, "%06llX%04lX", (unsigned long long)time(NULL) & 0xffffffu, ++x->next_id & 0xffffu);
	if (x->discard) {
		lab_smtp_reply(s, "250 2.0.0 Ok: %zu octets counted and discarded (benchmark mode) id %s", s->msg_bytes,
		               id);
	} else {
		struct buf h;
		char *err = NULL;
		buf_init(&h, 64 * 1024);
		trace_header(s, id, &h);
		if (lab_maildir_store(x->maildir, id, h.data, h.len, s->msg.data, s->msg.len, &err) < 0) {
			lab_logf(x, N_("delivery failed: %s"), err);
			lab_smtp_reply(s, "451 4.3.0 Local delivery failed, try again later");
			free(err);
			buf_free(&h);
			lab_smtp_reset_tx(s);
			return;
		}
		buf_free(&h);
		char *from = escape_dup((const uint8_t *)s->from, strlen(s->from), ESCAPE_DEFAULT);
		lab_logf(x,
			 s->nrcpts == 1 ? N_("%s: delivered %s from <%s> to %zu recipient (%zu bytes)")
					: N_("%s: delivered %s from <%s> to %zu recipients (%zu bytes)"),
			 lab_client_name(s->c), id, from, s->nrcpts, s->msg_bytes);
		free(from);
		lab_smtp_reply(s, "250 2.0.0 Ok: queued as %s", id);
	}
	lab_client_event(s->c, LAB_EV_DELIVERED, NULL, s->msg_bytes, false, id, NULL);
	x->stats.messages++;
	x->stats.bytes += s->msg_bytes;
	lab_smtp_reset_tx(s);
}

static void bare(struct lab_smtp *s, const char *what)
{
	lab_client_diag(s->c, strcmp(what, "<LF>") == 0 ? "bare-lf-data" : "bare-cr-data",
			N_("a line of the message ended with a bare %s instead of CRLF"), what);
	lab_smtp_reset_tx(s);
	lab_smtp_reply(s, "521 5.5.2 %s Error: bare %s received: every line must end with CRLF. Servers that guess "
	                  "where a line ends can be tricked into seeing a second message (SMTP smuggling), so this "
	                  "one refuses", LAB_HOSTNAME, what);
	/* After the reply (a client that already hung up is why it ended), so that the close event says that the
	 * server hung up, and why, rather than leaving it to the catch-all "smtpcon stopped". */
	lab_client_close_reason(s->c, "server",
				N_("a line of its message ended with a bare %s: refused with 521, and the connection "
				   "closed (SMTP smuggling)"),
				what);
	lab_smtp_set_state(s, LS_CLOSED);
	lab_client_close(s->c);
}

/* The end of the run of clean lines that starts at p, a line start: lines that end in CRLF, hold no other CR or
 * LF, and do not begin with a dot. They need no unstuffing and none can be the end marker, so they go into the
 * message as they are, with one scan per line and no step of the state machine. A dot line, an unfinished line
 * (split across reads) or a bare CR or LF stops the run: the byte-wise decoder below takes those, so they are
 * diagnosed and refused exactly where they always were. Returns p itself when the first line is such a line. */
static const uint8_t *clean_run(const uint8_t *p, const uint8_t *end)
{
	while (p < end && *p != '.') {
		size_t n = (size_t)(end - p), k = scan_eol(p, n);
		if (n - k < 2 || p[k] != '\r' || p[k + 1] != '\n')
			break;
		p += k + 2;
	}
	return p;
}

bool lab_data_feed(struct lab_smtp *s)
{
	struct buf *in = lab_client_input(s->c);
	if (in->len == 0)
		return false;
	if (s->flaky_drop) {
		lab_client_event(s->c, LAB_EV_RECV, in->data, in->len, false, NULL, NULL);
		flaky(s);
		return true;
	}
	const uint8_t *p = in->data, *end = in->data + in->len;
	while (p < end) {
		uint8_t c = *p;
		switch (s->dpos) {
		case LD_MID: {
			/* Copy the run up to the next CR or LF in one go. */
			size_t k = scan_eol(p, (size_t)(end - p));
			emit(s, p, k);
			p += k;
			if (p == end)
				break;
			if (*p == '\n')
				goto bare_lf;
			s->dpos = LD_CR;
			p++;
			break;
		}
		case LD_BOL: {
			/* Nearly every line is clean: deliver whole runs of them at once, byte for byte. */
			const uint8_t *q = clean_run(p, end);
			if (q != p) {
				emit(s, p, (size_t)(q - p));
				p = q;
				break; /* still at the start of a line */
			}
			p++;
			if (c == '.') {
				s->dpos = LD_DOT;
			} else if (c == '\r') {
				s->dpos = LD_CR;
			} else if (c == '\n') {
				goto bare_lf;
			} else {
				emit(s, &c, 1);
				s->dpos = LD_MID;
			}
			break;
		}
		case LD_DOT: /* a leading dot is removed; the line it starts is either the end or an ordinary line */
			p++;
			if (c == '\r') {
				s->dpos = LD_DOTCR;
			} else if (c == '\n') {
				goto bare_lf;
			} else {
				if (c != '.')
					lab_client_diag(s->c, "dot-stuffing",
							N_("a message line began with a single dot: the client did not "
							   "double it "
							   "(dot-stuffing), so the server removed it and the line lost "
							   "its dot"));
				emit(s, &c, 1);
				s->dpos = LD_MID;
			}
			break;
		case LD_DOTCR:
			p++;
			if (c != '\n')
				goto bare_cr;
			lab_client_event(s->c, LAB_EV_RECV, in->data, (size_t)(p - in->data), false, NULL, NULL);
			buf_consume(in, (size_t)(p - in->data));
			finish(s);
			return true;
		case LD_CR:
			p++;
			if (c != '\n')
				goto bare_cr;
			emit(s, "\r\n", 2);
			s->dpos = LD_BOL;
			break;
		}
	}
	lab_client_event(s->c, LAB_EV_RECV, in->data, in->len, false, NULL, NULL);
	buf_consume(in, in->len);
	return true;
bare_lf:
	lab_client_event(s->c, LAB_EV_RECV, in->data, in->len, false, NULL, NULL);
	buf_reset(in);
	bare(s, "<LF>");
	return true;
bare_cr:
	lab_client_event(s->c, LAB_EV_RECV, in->data, in->len, false, NULL, NULL);
	buf_reset(in);
	bare(s, "<CR>");
	return true;
}

bool lab_bdat_feed(struct lab_smtp *s)
{
	struct buf *in = lab_client_input(s->c);
	if (s->bdat_left > 0) {
		if (in->len == 0)
			return false;
		if (!s->bdat_bad && flaky(s))
			return true;
		size_t n = in->len < s->bdat_left ? in->len : s->bdat_left;
		lab_client_event(s->c, LAB_EV_RECV, in->data, n, false, NULL, NULL);
		if (!s->bdat_bad)
			emit(s, in->data, n);
		buf_consume(in, n);
		s->bdat_left -= n;
		if (s->bdat_left > 0)
			return true;
	}
	/* The whole chunk is in. */
	lab_smtp_set_state(s, LS_CMD);
	if (s->bdat_bad) {
		s->bdat_used = false;
		lab_smtp_reply(s, "503 5.5.1 Need MAIL and RCPT before BDAT (chunk discarded)");
	} else if (s->too_big) {
		lab_smtp_reply(s, "552 5.3.4 Message size exceeds fixed limit (SIZE %u)", LAB_MAX_MESSAGE);
		lab_smtp_reset_tx(s);
	} else if (s->bdat_last) {
		finish(s);
	} else {
		lab_smtp_reply(s, "250 2.0.0 %zu octets received", s->msg_bytes);
	}
	return true;
}
