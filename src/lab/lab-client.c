/* lab-client: one practice-lab connection on the shared poll loop, its life cycle: accepted, read, written,
 * upgraded to TLS, timed out when idle, closed with who closed it and why. Each client owns a bounded input buffer
 * (what arrived and the SMTP code has not consumed), a bounded output buffer (what the socket has not yet taken;
 * TLS records included, since GnuTLS pushes into it) and a held-back reply for the tarpit. What the client says
 * and is told (events, diagnoses, replies) is lab-client-dialogue.c's. A client is only ever freed at the end of
 * one of its own loop callbacks (or by lab_free), never in the middle of SMTP code. */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lab/lab-client-int.h"
#include "lab/lab-smtp.h"
#include "lib/dtext.h"
#include "lib/dtext-split.h"
#include "lib/i18n.h"
#include "lib/xmalloc.h"

#define IN_MAX (64 * 1024)   /* unconsumed input; reading stops when it is full */
#define OUT_HIGH (64 * 1024) /* stop answering while this much is unsent (a pipelining client that never reads) */
#define HELD_MAX (64 * 1024)
#define IDLE_MINUTES 5 /* RFC 5321 4.5.3.2.7: five minutes for a command */
#define IDLE_MS (IDLE_MINUTES * 60 * 1000)
#define READS_PER_PASS 16
#define HELLO_WAIT_MS 4000 /* implicit TLS: a client silent this long is waiting for a greeting */
/* Lingering after the server hangs up (linger_start). A client such as curl streams the whole message before it
 * reads a reply, so after a 521 that refuses a message mid-upload it may still have up to a whole message to send:
 * the byte bound is the largest message the lab accepts (SIZE) plus room for the envelope. Throwing those bytes
 * away costs only the reads. The time bound (Apache's lingering close waits 2 s too) caps a client that keeps
 * sending, or never hangs up; past either bound the socket is closed anyway. */
#define LINGER_MS 2000
#define LINGER_MAX ((size_t)LAB_MAX_MESSAGE + 64 * 1024)
#define LINGER_READ (16 * 1024)

void lab_client_close_reason(struct lab_client *c, const char *by, const char *fmt, ...)
{
	if (c->close_by)
		return;
	c->close_by = by;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->close_why, sizeof c->close_why, fmt, ap);
	va_end(ap);
	if (i18n_translating()) {
		va_start(ap, fmt);
		vsnprintf(c->close_why_loc, sizeof c->close_why_loc, _(fmt), ap);
		va_end(ap);
	}
}

/* The same, with the reason already built in both languages (a plural). */
static void close_reasond(struct lab_client *c, const char *by, const struct dtext *why)
{
	if (c->close_by)
		return;
	c->close_by = by;
	snprintf(c->close_why, sizeof c->close_why, "%s", dtext_en(why));
	snprintf(c->close_why_loc, sizeof c->close_why_loc, "%s", dtext_loc_or_null(why) ? dtext_loc(why) : "");
}

/* ---- the client side of the internal interface ---- */

struct buf *lab_client_input(struct lab_client *c)
{
	return &c->in;
}
/* A reply is held back: by the tarpit's timer, or for the person at the console (manual mode). */
bool lab_client_waiting(const struct lab_client *c)
{
	return c->held_timer != 0 || c->manual_hold;
}
const char *lab_client_ip(const struct lab_client *c)
{
	return c->ip;
}
const char *lab_client_name(const struct lab_client *c)
{
	return c->name;
}

const char *lab_client_ca_file(const struct lab_client *c)
{
	return c->lab->certs.ca_file;
}
struct lab_ctx *lab_client_ctx(struct lab_client *c)
{
	return &c->lab->x;
}
struct lab_smtp *lab_client_smtp(struct lab_client *c)
{
	return c->smtp;
}

const char *lab_client_tls(struct lab_client *c)
{
	return c->tls_up ? lab_tls_describe(c->tls) : NULL;
}

void lab_client_start_tls(struct lab_client *c)
{
	c->want_tls = true;
}

void lab_client_close(struct lab_client *c)
{
	/* A held-back goodbye still goes out on time (a tarpit is slow to the end); pump sends close_notify and
	 * hangs up once it has. */
	c->closing = true;
}

void lab_client_abort(struct lab_client *c)
{
	lab_client_close_reason(c, "server", N_("the scenario dropped the connection on purpose"));
	c->dead = true;
}

/* ---- I/O ---- */

static ssize_t tls_push(void *io, const void *data, size_t n)
{
	struct lab_client *c = io;
	if (!buf_append(&c->out, data, n)) {
		errno = ENOBUFS;
		return -1;
	}
	return (ssize_t)n;
}

static ssize_t tls_pull(void *io, void *data, size_t n)
{
	struct lab_client *c = io;
	ssize_t r;
	do
		r = recv(c->fd, data, n, 0);
	while (r < 0 && errno == EINTR);
	if (r > 0 && c->first_byte < 0)
		c->first_byte = *(const unsigned char *)data;
	return r;
}

static void flush(struct lab_client *c)
{
	while (c->out.len > 0 && !c->dead) {
		ssize_t w = send(c->fd, c->out.data, c->out.len, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		if (w <= 0) {
			if (w < 0 && c->eof && (errno == EPIPE || errno == ECONNRESET))
				lab_client_close_reason(c, "client", N_("it hung up without reading its replies"));
			if (w < 0)
				lab_client_close_reason(c, "network", N_("sending failed: %s"), strerror(errno));
			else
				lab_client_close_reason(c, "network", N_("sending failed: nothing sent"));
			c->dead = true;
			return;
		}
		buf_consume(&c->out, (size_t)w);
	}
}

/* Read what the socket has (through TLS when it is up) into c->in; true if anything arrived. A plain read takes
 * all the room there is (up to IN_MAX) in one call; a TLS read still returns at most one record. */
static bool read_input(struct lab_client *c)
{
	bool got = false;
	for (int i = 0; i < READS_PER_PASS && !c->eof && !c->dead && c->in.len < IN_MAX; i++) {
		/* Straight into c->in's free space: message bytes are copied once (by the kernel or by GnuTLS's
		 * decryption), not a second time out of a bounce buffer. */
		size_t room = IN_MAX - c->in.len;
		uint8_t *dst = buf_reserve(&c->in, room);
		if (dst == NULL)
			break;
		ssize_t r = c->tls_up ? lab_tls_read(c->tls, dst, room) : tls_pull(c, dst, room);
		if (r > 0) {
			/* A plain read that did not fill the room took all the kernel had; a TLS read returns one
			 * record, and GnuTLS may hold more: only its EAGAIN says there is nothing left. */
			bool all = !c->tls_up && (size_t)r < room;
			size_t before = c->in.len;
			buf_commit(&c->in, (size_t)r);
			lab_client_group_read(c, before);
			got = true;
			if (all) {
				c->drained = true;
				break;
			}
			continue;
		}
		if (r == 0) {
			c->eof = true;
		} else if (errno == EAGAIN || errno == EWOULDBLOCK) {
			c->drained = true;
		} else {
			if (c->tls_up)
				lab_logf(&c->lab->x, N_("%s: TLS error: %s"), c->name, lab_tls_error(c->tls));
			lab_client_close_reason(c, "network", "%s",
						c->tls_up ? lab_tls_error(c->tls) : strerror(errno));
			c->dead = true;
		}
		break;
	}
	if (got) {
		loop_timer_cancel(c->lab->x.loop, c->idle_timer);
		c->idle_timer = 0;
	}
	return got;
}

static void begin_tls(struct lab_client *c)
{
	char *err = NULL;
	c->want_tls = false;
	if (c->in.len > 0) {
		/* Bytes that followed STARTTLS in plain text would otherwise be taken as sent inside TLS
		 * (CVE-2011-0411, the STARTTLS command injection). */
		lab_client_event(c, LAB_EV_RECV, c->in.data, c->in.len, false, NULL, NULL);
		lab_client_diag(
			c, "starttls-injection",
			N_("%zu bytes were sent after STARTTLS without waiting for its 220; they are thrown away "
			   "(run inside TLS they would be a command injection, CVE-2011-0411)"),
			c->in.len);
		buf_reset(&c->in);
	}
	c->tls = lab_tls_new(c->lab->creds, tls_push, tls_pull, c, &err);
	if (c->tls == NULL) {
		lab_logf(&c->lab->x, "%s: %s", c->name, err);
		lab_client_close_reason(c, "server", N_("TLS could not be set up: %s"), err);
		free(err);
		c->dead = true;
		return;
	}
	c->handshaking = true;
}

/* A handshake that failed for none of the known reasons: GnuTLS's words, and the scenario's when it is the one
 * that restricts TLS (its summary is a msgid: English in the event's text, translated beside it). */
static void tls_failed_other(struct lab_client *c, const struct lab_scenario *sc)
{
	struct dtext d;
	dtext_init(&d, 512);
	if (!sc->priority) {
		dtext_printf(&d, "the TLS handshake failed: %s", lab_tls_error(c->tls));
	} else {
		const char *fmt = N_("the TLS handshake failed: %s (this scenario: %s)");
		buf_printf(&d.en, fmt, lab_tls_error(c->tls), sc->summary);
		if (i18n_translating())
			buf_printf(&d.loc, _(fmt), lab_tls_error(c->tls), _(sc->summary));
	}
	lab_client_diagd(c, "tls-failed", &d);
	dtext_free(&d);
}

/* Why a handshake failed, in the words of the mistake behind it (listen mode shows these to the person watching). */
static void tls_failed_diag(struct lab_client *c)
{
	char alert[64];
	const struct lab_scenario *sc = c->lab->x.sc;
	if (c->implicit && c->first_byte >= 0 && c->first_byte != 0x16) {
		lab_client_diag(
			c, "plain-on-tls-port",
			N_("the client spoke plain text on this implicit-TLS port (its first byte was not a TLS "
			   "handshake record): it is set to STARTTLS or no encryption where SSL/TLS (port 465) "
			   "belongs"));
	} else if (c->implicit && c->first_byte < 0) {
		lab_client_diag(
			c, "no-clienthello",
			N_("the client hung up without sending a TLS ClientHello: on an implicit-TLS port it must "
			   "start the handshake; it was probably waiting for a greeting (set to STARTTLS)"));
	} else if (!sc->priority && lab_tls_alert_name(c->tls, alert, sizeof alert) &&
		   (strcmp(alert, "unknown_ca") == 0 || strcmp(alert, "bad_certificate") == 0 ||
		    strcmp(alert, "certificate_unknown") == 0)) {
		/* The alert's text: GnuTLS's name for it, or our words for one it does not name (two languages). */
		if (!lab_who_diag_loc(c->smtp, "client-rejected-certificate", LAB_WHO_TRUST, c->lab->certs.ca_file,
				      N_("the client does not trust this server's certificate (its alert: %s, \"%s\"): "
					 "give %s the lab CA: %s"),
				      alert, lab_tls_alert_text(c->tls), lab_tls_alert_text_loc(c->tls))) {
			const char *fmt = N_("the client does not trust this server's certificate (its alert: %s, "
					     "\"%s\"): give it the lab CA (%s) or fix its trust store");
			struct dtext d;
			dtext_init(&d, 1024);
			dtext_en_printf(&d, fmt, alert, lab_tls_alert_text(c->tls), c->lab->certs.ca_file);
			dtext_loc_printf(&d, fmt, alert, lab_tls_alert_text_loc(c->tls), c->lab->certs.ca_file);
			lab_client_diagd(c, "client-rejected-certificate", &d);
			dtext_free(&d);
		}
	} else if (!sc->priority && strstr(lab_tls_error(c->tls), "Decryption has failed")) {
		/* TLS 1.3: a client that rejects the certificate answers the server's flight with an alert encrypted
		 * under keys GnuTLS has not switched to yet, so it shows as a decryption failure: its reason cannot
		 * be read here, but this is what it almost always means. */
		if (!lab_who_diag(c->smtp, "client-aborted-handshake", LAB_WHO_TRUST, c->lab->certs.ca_file,
				  N_("the client ended the TLS handshake with an encrypted alert after it saw this "
				     "server's certificate: most likely it does not trust it. Give %s the lab CA: %s"),
				  NULL, NULL))
			lab_client_diag(
				c, "client-aborted-handshake",
				N_("the client ended the TLS handshake with an encrypted alert after it saw this "
				   "server's certificate: most likely it does not trust it. Give it the lab CA (%s) or "
				   "fix its trust store"),
				c->lab->certs.ca_file);
	} else {
		tls_failed_other(c, sc);
	}
}

/* Who ended a failed handshake, for the close event: "closed by server" after the client's own alert would
 * send the person watching to look for the fault in the wrong program. */
static void tls_failed_close(struct lab_client *c)
{
	char alert[64];
	if (c->implicit && c->first_byte >= 0 && c->first_byte != 0x16) {
		lab_client_close_reason(c, "server",
					N_("the client's first bytes were not TLS on this implicit-TLS port"));
		return;
	}
	switch (lab_tls_ended_by(c->tls)) {
	case LAB_TLS_BY_CLIENT_ALERT:
		if (lab_tls_alert_name(c->tls, alert, sizeof alert))
			lab_client_close_reason(c, "client", N_("it aborted the TLS handshake with the alert %s"),
						alert);
		else
			lab_client_close_reason(
				c, "client",
				N_("it aborted the TLS handshake (an encrypted TLS 1.3 alert, most likely "
				   "about the certificate)"));
		break;
	case LAB_TLS_BY_CLIENT_HANGUP:
		lab_client_close_reason(c, "client", N_("it hung up during the TLS handshake"));
		break;
	case LAB_TLS_BY_NETWORK:
		lab_client_close_reason(c, "network", N_("during the TLS handshake: %s"), lab_tls_error(c->tls));
		break;
	case LAB_TLS_BY_SERVER:
		lab_client_close_reason(c, "server", N_("the TLS handshake failed: %s"), lab_tls_error(c->tls));
		break;
	}
}

static void handshake(struct lab_client *c)
{
	switch (lab_tls_handshake(c->tls)) {
	case LAB_TLS_AGAIN: return;
	case LAB_TLS_FAILED:
		lab_logf(&c->lab->x, N_("%s: TLS handshake failed: %s"), c->name, lab_tls_error(c->tls));
		tls_failed_diag(c);
		tls_failed_close(c);
		c->handshaking = false;
		c->closing = true; /* send the alert GnuTLS queued, then hang up */
		lab_smtp_set_state(c->smtp, LS_CLOSED);
		return;
	case LAB_TLS_DONE:
		c->handshaking = false;
		c->tls_up = true;
		c->drained = false; /* the client's first command may have come with its Finished */
		c->lab->x.stats.tls++;
		lab_logf(&c->lab->x, N_("%s: TLS up: %s"), c->name, lab_tls_describe_loc(c->tls));
		lab_client_event_loc(c, LAB_EV_TLS, NULL, 0, false, NULL, lab_tls_describe(c->tls),
				     i18n_translating() ? lab_tls_describe_loc(c->tls) : NULL);
		lab_smtp_tls_done(c->smtp);
		return;
	}
}

static void on_client(int fd, short revents, void *arg);
static void on_idle(void *arg);
static void on_resume(void *arg);
static void on_linger(void *arg);

/* The CLOSE event, once: when the server hangs up (before lingering) or when the socket is closed. */
static void tell_closed(struct lab_client *c)
{
	if (c->close_told)
		return;
	c->close_told = true;
	lab_client_close_reason(c, "server", N_("smtpcon stopped"));
	lab_client_event_loc(c, LAB_EV_CLOSE, NULL, 0, false, c->close_why, c->close_by,
			     c->close_why_loc[0] ? c->close_why_loc : NULL);
}

/* Everything queued is sent, the last reply included: hang up our half (FIN after that reply) but keep reading.
 * Closing now, with input the client sent after the reply still unread, would make the kernel answer with a
 * reset, and a client that had not read the reply yet (curl, still uploading the message a 521 refused) then
 * reports "connection reset" instead of the reply. What arrives is thrown away, within LINGER_MS and LINGER_MAX;
 * the client hanging up too ends it. The connection is closed for SMTP from here: the event says so now. */
static void linger_start(struct lab_client *c)
{
	c->lingering = true;
	tell_closed(c);
	if (c->eof) { /* the client hung up already: nothing unread can come after its FIN */
		c->dead = true;
		return;
	}
	(void)shutdown(c->fd, SHUT_WR);
	c->linger_timer = loop_timer_add(c->lab->x.loop, LINGER_MS, on_linger, c);
}

/* Read and throw away what the client still sends (a few reads a pass: the loop serves the others between);
 * its hang-up, an error or the byte bound ends the lingering (c->dead). */
static void linger_drain(struct lab_client *c)
{
	uint8_t sink[LINGER_READ];
	for (int i = 0; i < READS_PER_PASS; i++) {
		ssize_t r = recv(c->fd, sink, sizeof sink, MSG_DONTWAIT);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		if (r <= 0 || (c->lingered += (size_t)r) > LINGER_MAX) {
			c->dead = true;
			return;
		}
	}
}

void lab_client_destroy(struct lab_client *c)
{
	struct lab *lab = c->lab;
	tell_closed(c);
	loop_unwatch(lab->x.loop, c->fd);
	close(c->fd);
	loop_timer_cancel(lab->x.loop, c->held_timer);
	loop_timer_cancel(lab->x.loop, c->idle_timer);
	loop_timer_cancel(lab->x.loop, c->resume_timer);
	loop_timer_cancel(lab->x.loop, c->hello_timer);
	loop_timer_cancel(lab->x.loop, c->linger_timer);
	if (c->prev)
		c->prev->next = c->next;
	else
		lab->clients = c->next;
	if (c->next)
		c->next->prev = c->prev;
	lab->x.stats.active--;
	lab_smtp_free(c->smtp);
	lab_tls_free(c->tls);
	buf_free(&c->in);
	buf_free(&c->out);
	buf_free(&c->held);
	free(c);
}

/* Called at the end of every callback: do everything that can be done now, then decide what to wait for. */
void lab_client_pump(struct lab_client *c)
{
	struct loop *loop = c->lab->x.loop;
	for (int guard = 0; guard < 1000 && !c->dead && !c->closing; guard++) {
		bool progress = false;
		if (!c->handshaking && !c->want_tls && !c->drained && c->out.len < OUT_HIGH)
			progress = read_input(c);
		if (c->dead)
			break;
		if (lab_client_waiting(c)) {
			if (c->in.len)
				lab_smtp_early_input(c->smtp);
			if (c->manual_hold && c->eof) {
				/* Gone while the person at the console decides: say so now, not at the next /accept, and
				 * close the socket (it would sit in CLOSE-WAIT until smtpcon exits). */
				lab_client_close_reason(c, "client", N_("it hung up while its reply waited for you"));
				c->dead = true;
				break;
			}
			if (progress)
				continue;
			break;
		}
		if (c->want_tls)
			begin_tls(c);
		if (c->handshaking) {
			handshake(c);
			if (c->handshaking || c->closing || c->dead)
				break;
			continue;
		}
		if (c->out.len >= OUT_HIGH)
			break;
		if (lab_smtp_input(c->smtp))
			progress = true;
		if (!progress) {
			if (c->eof && !c->eof_told) {
				c->eof_told = true;
				lab_smtp_eof(c->smtp);
			}
			break;
		}
	}
	if (c->closing && !lab_client_waiting(c) && !c->bye_sent && !c->dead) {
		c->bye_sent = true;
		if (c->tls_up && !c->replies_lost)
			lab_tls_bye(c->tls);
	}
	flush(c);
	if (!c->dead && c->bye_sent && c->out.len == 0 && !c->lingering)
		linger_start(c);
	if (c->lingering && !c->dead)
		linger_drain(c);
	if (c->dead) {
		lab_client_destroy(c);
		return;
	}
	if (c->lingering) {
		loop_set_events(loop, c->fd, POLLIN);
		return;
	}
	/* Decrypted data GnuTLS holds does not wake poll(): come back for it. */
	if (c->tls_up && !c->closing && c->in.len < IN_MAX && lab_tls_pending(c->tls) && !c->resume_timer)
		c->resume_timer = loop_timer_add(loop, 0, on_resume, c);
	short ev = 0;
	if (c->handshaking || (!c->closing && !c->eof && c->in.len < IN_MAX && c->out.len < OUT_HIGH))
		ev |= POLLIN;
	if (c->out.len > 0)
		ev |= POLLOUT;
	loop_set_events(loop, c->fd, ev);
	if (c->idle_timer == 0)
		c->idle_timer = loop_timer_add(loop, IDLE_MS, on_idle, c);
}

static void on_client(int fd, short revents, void *arg)
{
	(void)fd;
	struct lab_client *c = arg;
	if (revents & (POLLIN | POLLHUP | POLLERR))
		c->drained = false;
	if (revents & (POLLERR | POLLNVAL)) {
		/* A client that rejects the certificate sends its alert and closes with our flight unread, which
		 * resets the connection: read the alert that came before the reset, so the close is explained. */
		if ((revents & POLLERR) && c->handshaking && !c->dead)
			handshake(c);
		lab_client_close_reason(c, "network", N_("the socket reported an error (connection reset?)"));
		c->dead = true;
	}
	if (revents & POLLOUT)
		flush(c);
	lab_client_pump(c);
}

static void on_idle(void *arg)
{
	struct lab_client *c = arg;
	c->idle_timer = 0;
	if (c->manual_hold) { /* the person at the console is still thinking */
		lab_client_pump(c);
		return;
	}
	lab_logf(&c->lab->x, N_("%s: idle for too long"), c->name);
	/* A client that neither talks nor reads what is queued for it (so it never gets the 421) is dropped. */
	if (c->handshaking || c->want_tls || c->closing || c->out.len > 0) {
		struct dtext why;
		dtext_init(&why, sizeof c->close_why_loc);
		dtext_nprintf(&why, "idle for %d minute", "idle for %d minutes", IDLE_MINUTES, IDLE_MINUTES);
		close_reasond(c, "server", &why);
		dtext_free(&why);
		c->dead = true;
	} else
		lab_smtp_timeout(c->smtp);
	lab_client_pump(c);
}

/* Implicit TLS: the client has been silent since it connected. It is not wrong yet (it may be slow), but the
 * usual reason is a client set to STARTTLS, waiting for a greeting that never comes on this port. */
static void on_hello_wait(void *arg)
{
	struct lab_client *c = arg;
	c->hello_timer = 0;
	if (c->handshaking && c->first_byte < 0)
		lab_client_diag(
			c, "no-clienthello",
			N_("the client has sent nothing for %d s: on an implicit-TLS port it must begin with a TLS "
			   "ClientHello; it is probably waiting for a 220 greeting (set to STARTTLS instead of "
			   "SSL/TLS)"),
			HELLO_WAIT_MS / 1000);
}

static void on_linger(void *arg)
{
	struct lab_client *c = arg;
	c->linger_timer = 0;
	c->dead = true; /* it kept sending or stayed connected for LINGER_MS: close anyway */
	lab_client_pump(c);
}

static void on_resume(void *arg)
{
	struct lab_client *c = arg;
	c->resume_timer = 0;
	c->drained = false; /* GnuTLS holds decrypted bytes: read them */
	lab_client_pump(c);
}

/* ---- a new connection ---- */

void lab_client_accept(struct lab *lab, int fd, const struct sockaddr_storage *ss)
{
	struct lab_client *c = xcalloc(1, sizeof *c);
	c->lab = lab;
	c->fd = fd;
	c->first_byte = -1;
	char port[16] = "";
	getnameinfo((const struct sockaddr *)ss, sizeof *ss, c->ip, sizeof c->ip, port, sizeof port,
		    NI_NUMERICHOST | NI_NUMERICSERV);
	snprintf(c->name, sizeof c->name, ss->ss_family == AF_INET6 ? "[%s]:%s" : "%s:%s", c->ip, port);
	buf_init(&c->in, IN_MAX);
	buf_init(&c->out, LAB_CLIENT_OUT_MAX);
	buf_init(&c->held, HELD_MAX);
	c->smtp = lab_smtp_new(c);
	c->next = lab->clients;
	if (lab->clients)
		lab->clients->prev = c;
	lab->clients = c;
	c->num = ++lab->x.stats.connections;
	lab->x.stats.active++;
	lab_logf(&lab->x, N_("%s: connected"), c->name);
	lab_client_event(c, LAB_EV_CONNECT, NULL, 0, false, NULL, NULL);
	loop_watch(lab->x.loop, fd, POLLIN, on_client, c);
	if (lab->x.sc->flags & LAB_F_IMPLICIT) {
		c->want_tls = true; /* the greeting comes after the handshake */
		c->implicit = true;
		c->hello_timer = loop_timer_add(lab->x.loop, HELLO_WAIT_MS, on_hello_wait, c);
	} else {
		/* Bytes already waiting before the greeting goes out: Exim's "input sent without waiting for
		 * greeting". A TLS ClientHello among them is diagnosed more precisely when it is read. */
		unsigned char peek[2];
		ssize_t r = recv(fd, peek, sizeof peek, MSG_PEEK | MSG_DONTWAIT);
		c->drained = r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK); /* poll() says when it talks */
		if (r > 0 && !(r == 2 && peek[0] == 0x16 && peek[1] == 0x03))
			lab_client_diag(c, "early-talker",
					N_("the client sent data before the server's greeting; SMTP "
					   "clients must wait for the 220 first"));
		lab_smtp_start(c->smtp);
	}
	lab_client_pump(c);
}
