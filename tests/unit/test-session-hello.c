/* test-session-hello: a session given a hand-built ClientHello (session_params.tls_hello, /tls scan's order
 * probes) on the real poll loop against a scripted server on 127.0.0.1 (a thread): after STARTTLS's 220, and at
 * once with implicit TLS, the exact bytes go out as the ClientHello; the server's answer, cut into several
 * writes, is read as far as its ServerHello and reported (EV_TLS_HELLO) with the suite it chose; the session then
 * hangs up by itself. A fatal alert, a plaintext answer, an endless stream of warning alerts (refused at the
 * parser's bound, no hang, no unbounded memory) and a silent server (the usual timeout) are each reported for
 * what they are. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "check.h"
#include "core/session.h"
#include "core/tls-hello.h"
#include "lib/loop.h"

enum answer {
	A_HELLO_IN_PIECES,
	A_ALERT,
	A_PLAINTEXT,
	A_WARNINGS_FOREVER,
	A_SILENT
};

static int lfd, port;
static enum answer mode;
static bool starttls;
static uint8_t *hello;
static size_t hello_len;
static bool hello_seen; /* the server read exactly our bytes as its first record */
static bool client_closed;

static bool read_line(int fd, const char *prefix)
{
	char line[512];
	size_t n = 0;
	while (n < sizeof line - 1) {
		if (recv(fd, line + n, 1, 0) != 1)
			return false;
		if (line[n++] == '\n')
			break;
	}
	line[n] = '\0';
	return strncasecmp(line, prefix, strlen(prefix)) == 0;
}

static bool read_exact(int fd, uint8_t *p, size_t n)
{
	for (size_t got = 0; got < n;) {
		ssize_t r = recv(fd, p + got, n - got, 0);
		if (r <= 0)
			return false;
		got += (size_t)r;
	}
	return true;
}

static void say(int fd, const void *p, size_t n)
{
	send(fd, p, n, MSG_NOSIGNAL);
}

static void *server(void *arg)
{
	(void)arg;
	int fd = accept(lfd, NULL, NULL);
	if (fd < 0)
		return NULL;
	struct timeval tv = {5, 0};
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	if (starttls) {
		say(fd, "220 mx.test ESMTP\r\n", 19);
		if (!read_line(fd, "EHLO"))
			goto out;
		say(fd, "250-mx.test\r\n250 STARTTLS\r\n", 27);
		if (!read_line(fd, "STARTTLS"))
			goto out;
		say(fd, "220 2.0.0 go ahead\r\n", 20);
	}
	uint8_t in[4096];
	if (!read_exact(fd, in, 5) || ((size_t)in[3] << 8 | in[4]) + 5 != hello_len ||
	    !read_exact(fd, in + 5, hello_len - 5))
		goto out;
	hello_seen = memcmp(in, hello, hello_len) == 0;
	/* A ServerHello choosing c0 2f, with renegotiation_info, then the start of a Certificate. */
	static const uint8_t sh[] = {22,   3,    3,    0,    0x39, 2,    0,    0,    0x35, 3,    3,    0x5a,
				     0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a,
				     0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a,
				     0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0,    0xc0, 0x2f, 0,    0,
				     0x0d, 0xff, 0x01, 0,    1,    0,    0x00, 0x0b, 0,    4,    3,    0,
				     1,    2,    22,   3,    3,    0,    4,    11,   0,    0x40, 0};
	static const uint8_t alert[] = {21, 3, 3, 0, 2, 2, 40};
	static const uint8_t warning[] = {21, 3, 3, 0, 2, 1, 112};
	switch (mode) {
	case A_HELLO_IN_PIECES:
		/* Three writes: inside the record header, inside the message, the rest (and more records). */
		say(fd, sh, 3);
		usleep(50000);
		say(fd, sh + 3, 20);
		usleep(50000);
		say(fd, sh + 23, sizeof sh - 23);
		break;
	case A_ALERT: say(fd, alert, sizeof alert); break;
	case A_PLAINTEXT: say(fd, "421 4.3.2 busy\r\n", 16); break;
	case A_WARNINGS_FOREVER:
		for (int i = 0; i < 20000; i++)
			if (send(fd, warning, sizeof warning, MSG_NOSIGNAL) < 0)
				break; /* the client hung up: what it must do */
		break;
	case A_SILENT: break;
	}
	/* Wait for the client to hang up (it must, by itself). */
	char c;
	while (recv(fd, &c, 1, 0) > 0)
		;
	client_closed = true;
out:
	close(fd);
	return NULL;
}

static struct tls_server_hello got;
static int hellos, closes;
static char error_id[32];

static void sink(void *ctx, const struct event *ev)
{
	(void)ctx;
	if (ev->type == EV_TLS_HELLO) {
		got = *ev->tls_hello;
		hellos++;
	}
	if (ev->type == EV_CLOSED)
		closes++;
	if (ev->type == EV_ERROR && ev->id)
		snprintf(error_id, sizeof error_id, "%s", ev->id);
}

/* Run the loop until done, for 10 s at most (wall clock: a busy server wakes the loop far more often). */
static void run_until(struct loop *l, struct session *s, bool (*done)(struct session *))
{
	struct timeval t0, t;
	gettimeofday(&t0, NULL);
	do {
		loop_run_once(l, 25);
		gettimeofday(&t, NULL);
	} while (!done(s) && (t.tv_sec - t0.tv_sec) * 1000 + (t.tv_usec - t0.tv_usec) / 1000 < 10000);
}

static bool is_idle(struct session *s)
{
	return session_idle(s);
}

static bool is_closed(struct session *s)
{
	return closes > 0 && session_idle(s);
}

/* One connection: the server answers mode; returns after the session closed. */
static void one(enum answer m, bool use_starttls, unsigned timeout_ms)
{
	mode = m;
	starttls = use_starttls;
	hello_seen = client_closed = false;
	hellos = closes = 0;
	error_id[0] = '\0';
	memset(&got, 0, sizeof got);
	pthread_t th;
	pthread_create(&th, NULL, server, NULL);
	struct loop *l = loop_new();
	struct session_params p = {
		.ehlo_name = "client.test", .timeout_ms = timeout_ms, .tls_hello = hello, .tls_hello_len = hello_len};
	struct session *s = session_new(l, &p);
	session_add_sink(s, sink, NULL);
	CHECK(session_connect(s, "127.0.0.1", port, !use_starttls, false) == 0);
	if (use_starttls) {
		run_until(l, s, is_idle);
		session_send_line(s, "EHLO client.test", 0, 0);
		run_until(l, s, is_idle);
		session_send_line(s, "STARTTLS", 0, 0);
	}
	run_until(l, s, is_closed);
	CHECK(closes == 1);
	CHECK(session_phase(s) == PHASE_IDLE);
	session_free(s);
	loop_free(l);
	pthread_join(th, NULL);
}

int main(void)
{
	struct sockaddr_in sa = {.sin_family = AF_INET};
	socklen_t sl = sizeof sa;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	CHECK(bind(lfd, (struct sockaddr *)&sa, sizeof sa) == 0);
	CHECK(listen(lfd, 4) == 0);
	getsockname(lfd, (struct sockaddr *)&sa, &sl);
	port = ntohs(sa.sin_port);
	static const uint8_t suites[] = {0xc0, 0x30, 0xc0, 0x2f, 0x00, 0x9c};
	static const uint8_t rnd[32] = {7};
	hello = tls_hello_build(TLS_HELLO_TLS12, suites, 3, "mx.test", rnd, &hello_len);
	CHECK(hello != NULL);

	/* STARTTLS: the exact bytes after the 220; the ServerHello in three writes; the session hangs up. */
	one(A_HELLO_IN_PIECES, true, 5000);
	CHECK(hello_seen);
	CHECK_INT(hellos, 1);
	CHECK_INT(got.kind, TLS_HELLO_SERVER_HELLO);
	CHECK(got.version == TLS_HELLO_TLS12 && got.suite[0] == 0xc0 && got.suite[1] == 0x2f);
	CHECK(client_closed);
	/* Implicit TLS: the same, at once after connect. */
	one(A_HELLO_IN_PIECES, false, 5000);
	CHECK(hello_seen);
	CHECK(hellos == 1 && got.kind == TLS_HELLO_SERVER_HELLO && got.suite[1] == 0x2f);

	/* handshake_failure: none of the suites offered */
	one(A_ALERT, true, 5000);
	CHECK(hellos == 1 && got.kind == TLS_HELLO_ALERT && got.alert == 40);
	/* a busy server's plaintext answer */
	one(A_PLAINTEXT, false, 5000);
	CHECK(hellos == 1 && got.kind == TLS_HELLO_PLAINTEXT);
	/* warnings that never end: refused at the parser's bound, and the session hangs up */
	one(A_WARNINGS_FOREVER, false, 5000);
	CHECK(hellos == 1 && got.kind == TLS_HELLO_BAD);
	CHECK(client_closed);
	/* silence: the usual timeout, no answer reported. The timeout also bounds the greeting and EHLO waits before
	 * it, which a loaded machine (CI runs tests in parallel) can stretch past a few hundred milliseconds. */
	one(A_SILENT, true, 2000);
	CHECK_INT(hellos, 0);
	CHECK_STR(error_id, "timeout");
	CHECK(client_closed);

	free(hello);
	close(lfd);
	return check_report();
}
