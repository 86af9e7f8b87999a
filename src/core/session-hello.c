/* session-hello: the handshake of a session given a hand-built ClientHello (session_params.tls_hello: /tls scan's
 * order probes). Those bytes go out as the ClientHello, and the server's answer is read only as far as its
 * ServerHello or alert (core/tls-hello.h parses it, bounded); nothing is negotiated, so the connection is closed
 * right after. The reads are the loop's like any others: nothing here waits. */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "core/session-int.h"

void io_hello_begin(struct session *s)
{
	s->phase = PHASE_HANDSHAKE;
	buf_reset(&s->hello_in);
	session_set_state(s, SMTP_HANDSHAKE);
	struct event ev = {.type = EV_TLS_START};
	session_emit(s, &ev);
	struct event rec = {.type = EV_RECORD,
			    .dir = DIR_CLIENT,
			    .tls = true,
			    .data = s->params.tls_hello,
			    .len = s->params.tls_hello_len};
	session_emit(s, &rec);
	session_arm_wait(s, N_("TLS handshake"));
}

/* One read: false when the answer is complete (or the connection is gone), or nothing more is there now. */
static bool read_once(struct session *s)
{
	/* The parser looks at TLS_HELLO_MAX_INPUT bytes at most and decides once they are there: never more room. */
	size_t room = TLS_HELLO_MAX_INPUT - s->hello_in.len;
	uint8_t *p = room ? buf_reserve(&s->hello_in, room) : NULL;
	if (p == NULL)
		return false;
	ssize_t r = recv(s->fd, p, room, 0);
	if (r < 0) {
		if (errno == EAGAIN || errno == EINTR)
			return false;
		session_fail(s, "read", "read from %s: %s", s->addr, strerror(errno));
		session_on_eof(s, "network", strerror(errno));
		return false;
	}
	if (r == 0) {
		session_on_eof(s, "server", NULL);
		return false;
	}
	buf_commit(&s->hello_in, (size_t)r);
	struct event rec = {.type = EV_RECORD, .dir = DIR_SERVER, .tls = true, .data = p, .len = (size_t)r};
	session_emit(s, &rec);
	struct tls_server_hello sh;
	if (tls_hello_parse(s->hello_in.data, s->hello_in.len, &sh) == TLS_HELLO_MORE)
		return true;
	session_disarm_wait(s);
	struct event ev = {.type = EV_TLS_HELLO, .tls_hello = &sh};
	session_emit(s, &ev);
	if (s->fd >= 0)
		session_on_eof(s, "client",
			       N_("the server's answer to the ClientHello was read: the probe ends there"));
	return false;
}

void io_hello_read(struct session *s)
{
	/* A few reads per wake-up (a server that writes its answer in small pieces), then back to the loop. */
	for (int rounds = 0; rounds < 16 && s->fd >= 0 && read_once(s); rounds++)
		;
}
