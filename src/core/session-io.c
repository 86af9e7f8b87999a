/* session-io: the session's transport: non-blocking connect over each resolved address, reads and writes driven
 * by poll(), and GnuTLS plugged in through our own push/pull so every raw record passes through here. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/delivery.h"
#include "core/session-int.h"
#include "core/socks.h"
#include "lib/xmalloc.h"

static void on_socket(int fd, short revents, void *arg);

static void emit_record(struct session *s, enum event_dir dir, const void *p, size_t n)
{
	struct event ev = {.type = EV_RECORD, .dir = dir, .tls = true, .data = p, .len = n};
	session_emit(s, &ev);
}

/* Bytes for the socket: written at once when nothing is waiting before them (no copy, no extra poll() round),
 * the rest kept in rawout for POLLOUT. A write error is left for the next send from rawout to report. Under
 * /chunk everything waits for flush_out, which writes one piece per call so the boundaries are real. */
static void out_bytes(struct session *s, const uint8_t *p, size_t n)
{
	if (s->rawout.len == 0 && !s->chunk && !s->out_gather && s->fd >= 0 && s->phase != PHASE_CONNECTING) {
		ssize_t w = send(s->fd, p, n, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (w > 0) {
			p += w;
			n -= (size_t)w;
		}
	}
	if (n)
		buf_append(&s->rawout, p, n);
}

/* GnuTLS hands us encrypted records: they go to the socket. */
static ssize_t tls_push(void *io, const void *data, size_t n)
{
	struct session *s = io;
	emit_record(s, DIR_CLIENT, data, n);
	out_bytes(s, data, n);
	return (ssize_t)n;
}

static ssize_t tls_pull(void *io, void *data, size_t n)
{
	struct session *s = io;
	ssize_t r = recv(s->fd, data, n, 0);
	if (r < 0)
		return -1; /* errno EAGAIN tells GnuTLS to come back */
	if (r == 0)
		return 0;
	/* ACK at once: a server that sent TLS 1.3 session tickets after its Finished holds its next small reply
	 * (Nagle) until they are acknowledged, and our delayed ACK would make that a ~40 ms stall per session. */
	int one = 1;
	setsockopt(s->fd, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof one);
	if (s->phase == PHASE_HANDSHAKE && !s->handshake_first_byte_seen) {
		s->handshake_first_byte_seen = true;
		const uint8_t *b = data;
		/* A TLS record starts with 0x14..0x18. Anything else (a "220 ..." banner, a "554" refusal) is
		 * plaintext: show it as such, so the user sees what the server really said. */
		if (b[0] < 0x14 || b[0] > 0x18) {
			/* GnuTLS asked only for a record header; read what else the server said, so the whole line
			 * ("220 mail.example.org ESMTP") is shown. The handshake fails on these bytes anyway. */
			uint8_t more[1024];
			size_t have = (size_t)r < sizeof more ? (size_t)r : sizeof more;
			memcpy(more, data, have);
			ssize_t extra = recv(s->fd, more + have, sizeof more - have, MSG_DONTWAIT);
			if (extra > 0)
				have += (size_t)extra;
			s->handshake_saw_plain = true;
			struct event ev = {.type = EV_RECEIVED, .dir = DIR_SERVER, .data = more, .len = have};
			session_emit(s, &ev);
			return r;
		}
	}
	emit_record(s, DIR_SERVER, data, (size_t)r);
	return r;
}

/* One address refused or failed: a note, and the next address is tried. */
static void connect_note(struct session *s, int err)
{
	struct dtext msg;
	dtext_init(&msg, 256);
	dtext_printf(&msg, "connect to %s port %d: %s", s->addr, s->port, strerror(err));
	session_emit_textd(s, EV_INFO, NULL, &msg, NULL);
	dtext_free(&msg);
}

/* fmt: an English msgid (N_()) with one %s for the TLS layer's error, which exists in both languages;
 * none: what %s says when the TLS layer left no error (an N_() msgid). stage "tls-handshake": the handshake
 * failed (the JSON stage is then "tls"). */
static void tls_fail(struct session *s, const char *stage, const char *fmt, const char *none)
{
	const char *e = tls_error(s->tls), *el = tls_error_loc(s->tls);
	struct dtext msg;
	dtext_init(&msg, 1024);
	dtext_en_printf(&msg, fmt, e ? e : none);
	dtext_loc_printf(&msg, fmt, el ? el : _(none));
	/* On a connection judged as a sending MTA judges it, a failed STARTTLS handshake is a fact about the server,
	 * not a failure: a sender falls back to plaintext (or defers where DANE or MTA-STS require TLS), and the
	 * delivery view that follows decides the exit status. */
	if (strcmp(stage, "tls-handshake") == 0 && session_mta_handshake_soft(s))
		session_mta_handshake_note(s, &msg);
	else
		session_faild(s, strcmp(stage, "tls-handshake") == 0 ? "tls" : stage, &msg);
	dtext_free(&msg);
}

static void try_connect(struct session *s)
{
	struct addrinfo *ai = s->next_addr;
	s->next_addr = ai->ai_next;
	s->socks_step = 0;
	s->socks_len = 0;
	char host[INET6_ADDRSTRLEN] = "?";
	if (ai->ai_family == AF_INET)
		inet_ntop(AF_INET, &((struct sockaddr_in *)ai->ai_addr)->sin_addr, host, sizeof host);
	else if (ai->ai_family == AF_INET6)
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)ai->ai_addr)->sin6_addr, host, sizeof host);
	else if (ai->ai_family == AF_UNIX)
		snprintf(host, sizeof host, "unix");
	snprintf(s->addr, sizeof s->addr, "%s", host);

	struct event ev = {.type = EV_CONNECTING, .host = s->host, .addr = s->addr, .port = s->port};
	session_emit(s, &ev);

	s->fd = socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (s->fd < 0) {
		session_emit_text(s, EV_INFO, NULL, N_("socket() failed"), strerror(errno));
		io_connect_next(s);
		return;
	}
	/* Every command is written whole; Nagle only adds delay (the ~40 ms TLS 1.3 stall). */
	int one = 1;
	if (ai->ai_family != AF_UNIX)
		setsockopt(s->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	if (connect(s->fd, ai->ai_addr, ai->ai_addrlen) < 0 && errno != EINPROGRESS) {
		int e = errno;
		close(s->fd);
		s->fd = -1;
		connect_note(s, e);
		io_connect_next(s);
		return;
	}
	s->phase = PHASE_CONNECTING;
	loop_watch(s->loop, s->fd, POLLOUT, on_socket, s);
	struct dtext what;
	dtext_init(&what, 96);
	/* TRANSLATORS: what the console waits for. */
	dtext_printf(&what, "TCP connect to %s port %d", s->addr, s->port);
	session_arm_waitd(s, &what);
	dtext_free(&what);
}

void io_free_addrs(struct session *s)
{
	if (s->addrs == NULL)
		return;
	if (s->addrs_local)
		free(s->addrs);
	else
		freeaddrinfo(s->addrs);
	s->addrs = s->next_addr = NULL;
	s->addrs_local = false;
}

void io_connect_next(struct session *s)
{
	if (s->next_addr == NULL) {
		io_free_addrs(s);
		s->phase = PHASE_IDLE;
		session_set_state(s, SMTP_DISCONNECTED);
		session_fail(s, "connect", "could not connect to %s port %d (last address tried: %s)", s->host, s->port,
		             s->addr[0] ? s->addr : "none");
		session_check_idle(s);
		return;
	}
	try_connect(s);
}

void io_close(struct session *s)
{
	if (s->fd >= 0) {
		loop_unwatch(s->loop, s->fd);
		close(s->fd);
		s->fd = -1;
	}
	if (s->tls) {
		tls_free(s->tls);
		s->tls = NULL;
	}
	s->tls_active = false;
	buf_reset(&s->rawout);
	while (s->seg_head) {
		struct segment *g = s->seg_head;
		s->seg_head = g->next;
		free(g->data);
		free(g->shown);
		free(g);
	}
	s->seg_tail = NULL;
	if (s->write_timer) {
		loop_timer_cancel(s->loop, s->write_timer);
		s->write_timer = 0;
	}
	s->write_delayed = false;
	s->socks_step = 0;
	s->socks_len = 0;
	if (s->msg_file) {
		fclose(s->msg_file);
		s->msg_file = NULL;
	}
	s->msg_active = false;
	free(s->msg_copy);
	s->msg_copy = NULL;
	s->msg_mem = NULL;
	io_free_addrs(s);
}

void io_queue(struct session *s, const uint8_t *p, size_t n, const uint8_t *shown, bool secret)
{
	size_t piece = s->chunk ? s->chunk : n;
	if (piece == 0)
		piece = n;
	size_t off = 0;
	do {
		size_t len = n - off < piece ? n - off : piece;
		struct segment *g = xcalloc(1, sizeof *g);
		g->data = (uint8_t *)xmemdup0(p + off, len);
		g->len = len;
		if (shown)
			g->shown = (uint8_t *)xmemdup0(shown + off, len);
		g->secret = secret;
		g->delay_ms = (s->chunk && off > 0) ? s->chunk_delay : 0;
		g->group = s->queue_group;
		g->group_size = s->queue_group_size;
		g->group_start = s->queue_group && off == 0;
		if (s->seg_tail)
			s->seg_tail->next = g;
		else
			s->seg_head = g;
		s->seg_tail = g;
		off += len;
	} while (off < n);
	io_update_watch(s);
}

static void on_write_delay(void *arg)
{
	struct session *s = arg;
	s->write_timer = 0;
	s->write_delayed = true; /* the head segment has waited its delay */
	io_update_watch(s);
}

/* One piece handed to the transport: one EV_SENT (showing `shown`, a mask, in place of a secret). */
static void transmit(struct session *s, const struct segment *g)
{
	const uint8_t *data = g->data;
	size_t len = g->len;
	struct event ev = {.type = EV_SENT,
			   .dir = DIR_CLIENT,
			   .tls = s->tls_active,
			   .secret = g->secret,
			   .data = g->shown ? g->shown : data,
			   .len = len,
			   .group = g->group,
			   .group_size = g->group_size,
			   .group_start = g->group_start};
	if (s->tls_active) {
		/* The records of one write leave in one send(), not one each: a quarter of the system calls for a
		 * message body, and bigger segments on the wire. */
		s->out_gather = true;
		if (tls_write(s->tls, data, len) < 0)
			tls_fail(s, "write", N_("TLS write failed: %s"), "?");
		s->out_gather = false;
	} else {
		out_bytes(s, data, len);
	}
	session_emit(s, &ev);
}

/* Write what the socket takes now; the rest waits in rawout for POLLOUT. False when the connection broke. */
static bool send_rawout(struct session *s)
{
	while (s->rawout.len > 0 && s->fd >= 0) {
		ssize_t w = send(s->fd, s->rawout.data, s->rawout.len, MSG_NOSIGNAL);
		if (w < 0) {
			if (errno == EAGAIN || errno == EINTR)
				break;
			session_fail(s, "write", "write to %s: %s", s->addr, strerror(errno));
			session_on_eof(s, "network", N_("write error"));
			return false;
		}
		buf_consume(&s->rawout, (size_t)w);
		if (s->chunk)
			break;
	}
	return true;
}

/* Queued segments go out when connected; during a certificate hold only the QUIT session_send_quit let through
 * (can_send refuses every other line then, so it is the only segment queued). */
static bool may_flush(const struct session *s)
{
	return s->phase == PHASE_CONNECTED || (s->phase == PHASE_TLS_HOLD && s->hold_quit);
}

/* Hand queued segments to the transport (each one is one EV_SENT), write what we can to the socket, then produce
 * more of a message body while the socket takes it. */
static void flush_out(struct session *s)
{
	while (s->seg_head && s->rawout.len < SESSION_OUT_HIGH && may_flush(s)) {
		struct segment *g = s->seg_head;
		if (g->delay_ms && !s->write_delayed) {
			if (!s->write_timer)
				s->write_timer = loop_timer_add(s->loop, g->delay_ms, on_write_delay, s);
			break;
		}
		s->write_delayed = false;
		s->seg_head = g->next;
		if (s->seg_head == NULL)
			s->seg_tail = NULL;
		transmit(s, g);
		explicit_bzero(g->data, g->len);
		free(g->data);
		free(g->shown);
		free(g);
		if (s->chunk)
			break; /* one piece per write, so the boundaries are real on the wire */
	}
	if (!send_rawout(s))
		return;
	/* A few chunks per pass, not the whole body: poll() must still see a server that answers early. */
	for (int i = 0; i < SESSION_MSG_CHUNKS_PER_PASS && s->msg_active && s->seg_head == NULL && s->fd >= 0 &&
	                s->rawout.len < SESSION_OUT_HIGH / 2;
	     i++) {
		io_pump_message(s);
		if (!send_rawout(s) || s->rawout.len > 0)
			break; /* the socket is full: POLLOUT brings us back */
	}
}

void io_update_watch(struct session *s)
{
	if (s->fd < 0)
		return;
	short ev = POLLIN;
	if (s->phase == PHASE_CONNECTING)
		ev = POLLOUT;
	else if (s->rawout.len > 0 || (s->seg_head && may_flush(s) && !s->write_timer) ||
		 (s->msg_active && s->phase == PHASE_CONNECTED))
		ev |= POLLOUT;
	loop_set_events(s->loop, s->fd, ev);
}

static void do_handshake(struct session *s)
{
	enum tls_step st = tls_handshake(s->tls);
	if (st == TLS_AGAIN) {
		io_update_watch(s);
		return;
	}
	if (st == TLS_FAILED) {
		if (s->handshake_saw_plain)
			tls_fail(
				s, "tls-handshake",
				N_("TLS handshake failed: the server answered in plaintext where a TLS ServerHello was "
				   "expected (%s)"),
				N_("no TLS"));
		else
			tls_fail(s, "tls-handshake", N_("TLS handshake failed: %s"), N_("unknown error"));
		session_mta_tls_lost(s, false); /* a connection /mx made: what a sender does now */
		session_on_eof(s, "client", N_("TLS handshake failed"));
		return;
	}
	session_on_handshake_done(s);
}

static void read_plain(struct session *s)
{
	uint8_t buf[SESSION_READ_CHUNK];
	for (int rounds = 0; rounds < 16 && s->fd >= 0; rounds++) {
		ssize_t r = recv(s->fd, buf, sizeof buf, 0);
		if (r < 0) {
			if (errno == EAGAIN || errno == EINTR)
				return;
			session_fail(s, "read", "read from %s: %s", s->addr, strerror(errno));
			session_on_eof(s, "network", strerror(errno));
			return;
		}
		if (r == 0) {
			session_on_eof(s, "server", NULL);
			return;
		}
		session_on_bytes(s, buf, (size_t)r);
		/* STARTTLS accepted: the rest belongs to the handshake, which reads for itself. */
		if (s->phase != PHASE_CONNECTED || s->tls)
			return;
	}
}

static void read_tls(struct session *s)
{
	uint8_t buf[SESSION_READ_CHUNK];
	for (int rounds = 0; s->tls; rounds++) {
		/* Decrypted records already inside GnuTLS do not wake poll(): keep reading while any are held. */
		if (rounds >= 64 && !tls_pending(s->tls))
			return;
		ssize_t r = tls_read(s->tls, buf, sizeof buf);
		if (r < 0) {
			if (errno == EAGAIN)
				return;
			tls_fail(s, "tls", N_("TLS error while reading: %s"), "?");
			session_on_eof(s, "network", N_("TLS error"));
			return;
		}
		if (r == 0) {
			session_on_eof(s, "server", tls_error(s->tls));
			return;
		}
		session_on_bytes(s, buf, (size_t)r);
	}
}

/* The SOCKS5 proxy refused, or the connection to it broke: the attempt is over. */
static void socks_fail(struct session *s, const char *why)
{
	loop_unwatch(s->loop, s->fd);
	close(s->fd);
	s->fd = -1;
	s->socks_step = 0;
	io_free_addrs(s);
	session_disarm_wait(s);
	s->phase = PHASE_IDLE;
	session_set_state(s, SMTP_DISCONNECTED);
	struct dtext msg;
	dtext_init(&msg, 512);
	/* why: a constant msgid (N_()) or strerror's words, which _() leaves as they are. */
	dtext_en_printf(&msg, "SOCKS5 proxy %s: %s (the target was %s port %d)", s->params.socks5, why, s->host,
			s->port);
	dtext_loc_printf(&msg, N_("SOCKS5 proxy %s: %s (the target was %s port %d)"), s->params.socks5, _(why), s->host,
			 s->port);
	session_faild(s, "connect", &msg);
	dtext_free(&msg);
	session_check_idle(s);
}

/* Connected to the proxy: offer "no authentication", then ask it to CONNECT to the target. */
static void socks_begin(struct session *s)
{
	uint8_t g[3];
	size_t n = socks5_greeting(g);
	s->socks_step = 1;
	s->socks_len = 0;
	if (send(s->fd, g, n, MSG_NOSIGNAL) != (ssize_t)n) {
		socks_fail(s, N_("cannot write to the proxy"));
		return;
	}
	loop_set_events(s->loop, s->fd, POLLIN);
	session_arm_wait(s, N_("SOCKS5 proxy"));
}

static void socks_read(struct session *s)
{
	ssize_t r = recv(s->fd, s->socks_in + s->socks_len, sizeof s->socks_in - s->socks_len, 0);
	if (r < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (r <= 0) {
		socks_fail(s, r == 0 ? N_("the proxy closed the connection") : strerror(errno));
		return;
	}
	s->socks_len += (size_t)r;
	const char *err = NULL;
	long used = socks5_check_reply(s->socks_step, s->socks_in, s->socks_len, &err);
	if (used < 0) {
		socks_fail(s, err);
		return;
	}
	if (used == 0) {
		if (s->socks_len == sizeof s->socks_in)
			socks_fail(s, N_("the proxy's reply is too long"));
		return;
	}
	size_t rest = s->socks_len - (size_t)used;
	memmove(s->socks_in, s->socks_in + used, rest);
	s->socks_len = rest;
	if (s->socks_step == 1) {
		uint8_t req[SOCKS5_MAX_REQUEST];
		size_t n = socks5_connect_request(s->host, s->port, req);
		if (n == 0 || send(s->fd, req, n, MSG_NOSIGNAL) != (ssize_t)n) {
			socks_fail(s, n == 0 ? N_("the target cannot be named in a SOCKS5 request")
					     : N_("cannot write to the proxy"));
			return;
		}
		s->socks_step = 2;
		return;
	}
	s->socks_step = 0;
	struct dtext msg;
	dtext_init(&msg, 256);
	dtext_printf(&msg, "SOCKS5 proxy %s connected us to %s port %d", s->params.socks5, s->host, s->port);
	session_emit_textd(s, EV_INFO, "socks5", &msg, NULL);
	dtext_free(&msg);
	io_free_addrs(s);
	session_disarm_wait(s);
	session_on_connected(s);
	if (rest && s->fd >= 0) {
		/* The server's first bytes came with the proxy's reply. */
		uint8_t early[sizeof s->socks_in];
		memcpy(early, s->socks_in, rest);
		s->socks_len = 0;
		session_on_bytes(s, early, rest);
	}
}

static void on_socket(int fd, short revents, void *arg)
{
	struct session *s = arg;
	(void)fd;
	if (s->phase == PHASE_CONNECTING && s->socks_step) {
		socks_read(s);
		return;
	}
	if (s->phase == PHASE_CONNECTING) {
		int err = 0;
		socklen_t len = sizeof err;
		getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &err, &len);
		if (err != 0 || (revents & (POLLERR | POLLHUP))) {
			connect_note(s, err ? err : ECONNREFUSED);
			loop_unwatch(s->loop, s->fd);
			close(s->fd);
			s->fd = -1;
			session_disarm_wait(s);
			io_connect_next(s);
			return;
		}
		if (s->params.socks5) {
			session_disarm_wait(s);
			socks_begin(s);
			return;
		}
		io_free_addrs(s);
		session_disarm_wait(s);
		session_on_connected(s);
		return;
	}
	if (s->phase == PHASE_HANDSHAKE) {
		if (revents & POLLOUT)
			flush_out(s);
		if (s->fd >= 0 && (revents & (POLLIN | POLLHUP | POLLERR))) {
			if (s->params.tls_hello)
				io_hello_read(s);
			else
				do_handshake(s);
		}
		if (s->fd >= 0 && s->phase == PHASE_HANDSHAKE && s->rawout.len)
			flush_out(s);
		if (s->fd >= 0)
			io_update_watch(s);
		return;
	}
	if (revents & (POLLIN | POLLHUP | POLLERR)) {
		if (s->tls)
			read_tls(s);
		else
			read_plain(s);
	}
	if (s->fd >= 0 && (revents & POLLOUT))
		flush_out(s);
	/* During a handshake started by this read, send the ClientHello at once. */
	if (s->fd >= 0 && s->phase == PHASE_HANDSHAKE && s->rawout.len)
		flush_out(s);
	if (s->fd >= 0)
		io_update_watch(s);
}

int io_begin_tls(struct session *s)
{
	const struct session_params *p = &s->params;
	if (p->tls_hello) {
		io_hello_begin(s);
		buf_append(&s->rawout, p->tls_hello, p->tls_hello_len);
		flush_out(s);
		if (s->fd >= 0)
			io_update_watch(s);
		return 0;
	}
	struct tls_config cfg = {
		/* A connection /mx made: the MX host name, even when it went to an address (RFC 7672 §2.3.1). */
		/* A sending MTA's SNI is the TLSA base domain (RFC 7672 §8.1): a CNAME'd MX host's target. */
		.sni = p->tls_sni ? p->tls_sni : s->mta ? (s->mta->base ? s->mta->base : s->mta->host) : s->host[0] == '/' ? NULL : s->host,
		.verify_name = p->tls_sni ? p->tls_sni : s->mta ? s->mta->host : s->host[0] == '/' ? NULL : s->host,
		.ca_file = p->tls_ca_path,
		.priority = p->tls_priority,
		.cert_file = p->tls_cert,
		.key_file = p->tls_key,
		.verify = p->tls_verify,
	};
	char *err = NULL;
	s->tls = tls_client_new(&cfg, tls_push, tls_pull, s, &err);
	if (s->tls == NULL) {
		session_fail(s, "tls", "cannot set up TLS: %s", err ? err : "?");
		free(err);
		return -1;
	}
	s->phase = PHASE_HANDSHAKE;
	s->handshake_saw_plain = false;
	s->handshake_first_byte_seen = false;
	session_set_state(s, SMTP_HANDSHAKE);
	struct event ev = {.type = EV_TLS_START};
	session_emit(s, &ev);
	session_arm_wait(s, N_("TLS handshake"));
	do_handshake(s);
	if (s->fd >= 0 && s->rawout.len)
		flush_out(s);
	if (s->fd >= 0)
		io_update_watch(s);
	return 0;
}

/* Produce the next piece of a DATA body when the socket has room: constant memory whatever the size. */
void io_pump_message(struct session *s)
{
	static uint8_t in[SESSION_MSG_CHUNK];
	static uint8_t out[2 * SESSION_MSG_CHUNK + 8];
	size_t n;
	if (s->msg_file) {
		n = fread(in, 1, sizeof in, s->msg_file);
		if (n == 0 && ferror(s->msg_file)) {
			session_fail(s, "data", "reading the message file: %s", strerror(errno));
			n = 0;
		}
	} else {
		n = s->msg_len - s->msg_off < sizeof in ? s->msg_len - s->msg_off : sizeof in;
		memcpy(in, s->msg_mem + s->msg_off, n);
		s->msg_off += n;
	}
	size_t o = dotstuff_encode(&s->ds, in, n, out);
	if (n == 0) {
		o += dotstuff_finish(&s->ds, out + o);
		s->msg_active = false;
		if (s->msg_file) {
			fclose(s->msg_file);
			s->msg_file = NULL;
		}
		s->msg_mem = NULL;
		free(s->msg_copy);
		s->msg_copy = NULL;
		for (int i = 0, k = session_end_replies(s); i < k; i++)
			session_expect_reply(s, "(end of message)", ".");
		session_set_state(s, SMTP_DATA_DONE);
		txn_on_message_sent(&s->txn);
		session_arm_wait(s, N_("reply to the end of the message"));
	}
	if (o == 0)
		return;
	if (s->chunk)
		io_queue(s, out, o, NULL, false); /* /chunk shapes the body's writes too */
	else
		transmit(s,
			 &(struct segment){.data = out, .len = o}); /* straight to the transport: no queue, no copy */
}
