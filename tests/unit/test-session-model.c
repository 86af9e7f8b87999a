/* test-session-model: the session model on a real session (the poll loop, a scripted server on 127.0.0.1 in a
 * thread), one transition at a time: idle -> connecting -> greeted -> a wait the user stops -> the late reply
 * applied (ready, capabilities, auth not offered) -> mail -> rcpt -> data -> accepted with the queue id ->
 * lost when the server hangs up before its verdict -> closed, with the way back. */
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
#include "core/model.h"
#include "core/session.h"
#include "lib/loop.h"

struct step {
	const char *expect; /* prefix of the client line; "." waits for the end of a message */
	const char *reply;  /* NULL: hang up */
	unsigned delay_ms;  /* hold the reply back this long */
};

static const struct step steps[] = {
	{"EHLO", "250-mx.test Hello\r\n250-PIPELINING\r\n250 8BITMIME\r\n", 600},
	{"MAIL", "250 2.1.0 Ok\r\n", 0},
	{"RCPT", "250 2.1.5 Ok\r\n", 0},
	{"DATA", "354 go ahead\r\n", 0},
	{".", "250 OK id=1abc-000001-XY\r\n", 0},
	{"MAIL", "250 2.1.0 Ok\r\n", 0},
	{"RCPT", "250 2.1.5 Ok\r\n", 0},
	{"DATA", "354 go ahead\r\n", 0},
	{".", NULL, 0},
};

static int lfd, port;

static void *server(void *arg)
{
	(void)arg;
	int fd = accept(lfd, NULL, NULL);
	if (fd < 0)
		return NULL;
	struct timeval tv = {5, 0};
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	send(fd, "220 mx.test ESMTP\r\n", 19, MSG_NOSIGNAL);
	char in[16384];
	size_t len = 0, step = 0;
	while (step < sizeof steps / sizeof steps[0]) {
		char *nl;
		while ((nl = memchr(in, '\n', len)) == NULL) {
			ssize_t r = recv(fd, in + len, sizeof in - len, 0);
			if (r <= 0)
				goto out;
			len += (size_t)r;
		}
		size_t used = (size_t)(nl - in) + 1;
		bool match = strcmp(steps[step].expect, ".") == 0
				     ? used == 3 && in[0] == '.'
				     : strncasecmp(in, steps[step].expect, strlen(steps[step].expect)) == 0;
		memmove(in, in + used, len - used);
		len -= used;
		if (!match)
			continue; /* a message line */
		const struct step *st = &steps[step++];
		if (st->delay_ms)
			usleep(st->delay_ms * 1000u);
		if (st->reply == NULL)
			break;
		send(fd, st->reply, strlen(st->reply), MSG_NOSIGNAL);
	}
out:
	close(fd);
	return NULL;
}

static struct txn_result txns[4];
static size_t ntxn;

static void sink(void *ctx, const struct event *ev)
{
	(void)ctx;
	if (ev->type == EV_TRANSACTION && ntxn < 4)
		txns[ntxn++] = *ev->txn;
}

static void run(struct loop *l, int ms)
{
	for (int i = 0; i < ms / 10; i++)
		loop_run_once(l, 10);
}

static void run_until_idle(struct loop *l, struct session *s)
{
	for (int i = 0; i < 400; i++) {
		loop_run_once(l, 25);
		if (session_idle(s) && i > 2)
			return;
	}
	fprintf(stderr, "session did not become idle\n");
}

static struct session_model m;
static char next[512];

static void look(struct session *s)
{
	session_get_model(s, &m);
	model_next_step(&m, next, sizeof next);
}

int main(void)
{
	struct sockaddr_in sa = {.sin_family = AF_INET};
	socklen_t sl = sizeof sa;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	CHECK(bind(lfd, (struct sockaddr *)&sa, sizeof sa) == 0);
	CHECK(listen(lfd, 1) == 0);
	getsockname(lfd, (struct sockaddr *)&sa, &sl);
	port = ntohs(sa.sin_port);
	pthread_t th;
	pthread_create(&th, NULL, server, NULL);

	struct loop *l = loop_new();
	struct session_params p = {.ehlo_name = "client.test", .timeout_ms = 5000};
	struct session *s = session_new(l, &p);
	session_add_sink(s, sink, NULL);

	/* idle: never connected */
	look(s);
	CHECK_INT(m.conn, MC_IDLE);
	CHECK_STR(next, "/connect HOST[:PORT]");

	/* connecting -> greeted */
	CHECK(session_connect(s, "127.0.0.1", port, false, false) == 0);
	look(s);
	CHECK_INT(m.conn, MC_CONNECTING);
	run_until_idle(l, s);
	look(s);
	CHECK_INT(m.conn, MC_READY);
	CHECK_INT(m.smtp, SMTP_GREETED);
	CHECK_INT(m.auth, MA_UNKNOWN);
	CHECK(strstr(next, "EHLO") != NULL);

	/* EHLO, the user stops waiting, the late reply is applied */
	session_send_line(s, "EHLO client.test", 0, 0);
	run(l, 100);
	look(s);
	CHECK_STR(m.waiting_for, "reply to EHLO");
	CHECK(!session_idle(s));
	session_cancel(s);
	look(s);
	CHECK(m.waiting_for == NULL);
	CHECK(session_idle(s));
	CHECK_INT(m.smtp, SMTP_GREETED);
	run(l, 900);
	look(s);
	CHECK_INT(m.smtp, SMTP_READY);
	CHECK(session_current_caps(s) != NULL);
	CHECK_INT(m.auth, MA_NOT_OFFERED);
	CHECK(strstr(next, "MAIL FROM") != NULL);
	CHECK(strstr(next, "AUTH") == NULL);

	/* a transaction: mail -> rcpt -> data -> verdict -> accepted with Exim's id */
	session_send_line(s, "MAIL FROM:<a@example.org>", 0, 0);
	run_until_idle(l, s);
	look(s);
	CHECK_INT(m.txn, TXN_MAIL);
	session_send_line(s, "RCPT TO:<b@mx.test>", 0, 0);
	run_until_idle(l, s);
	look(s);
	CHECK_INT(m.txn, TXN_RCPT);
	CHECK_INT(m.rcpts, 1);
	session_send_line(s, "DATA", 0, 0);
	run_until_idle(l, s);
	look(s);
	CHECK_INT(m.txn, TXN_DATA);
	static const char msg[] = "Subject: t\n\nhello\n";
	session_send_message(s, NULL, msg, sizeof msg - 1);
	run_until_idle(l, s);
	look(s);
	CHECK_INT(ntxn, 1);
	CHECK_INT(txns[0].outcome, TXN_ACCEPTED);
	CHECK_STR(txns[0].queue_id, "1abc-000001-XY");
	CHECK_INT(m.txn, TXN_NONE);
	CHECK(m.last != NULL && m.last->outcome == TXN_ACCEPTED);

	/* the next one is lost: the server hangs up instead of answering the final dot */
	session_send_line(s, "MAIL FROM:<a@example.org>", 0, 0);
	run_until_idle(l, s);
	session_send_line(s, "RCPT TO:<b@mx.test>", 0, 0);
	run_until_idle(l, s);
	session_send_line(s, "DATA", 0, 0);
	run_until_idle(l, s);
	session_send_message(s, NULL, msg, sizeof msg - 1);
	run_until_idle(l, s);
	look(s);
	CHECK_INT(ntxn, 2);
	CHECK_INT(txns[1].outcome, TXN_LOST);
	CHECK_INT(m.conn, MC_CLOSED);
	CHECK_INT(m.auth, MA_UNKNOWN);
	char want[64];
	snprintf(want, sizeof want, "/connect 127.0.0.1:%d to start again", port);
	CHECK_STR(next, want);
	char last[64];
	CHECK_STR(model_last_outcome(&m, last, sizeof last), "lost");

	session_free(s);
	loop_free(l);
	pthread_join(th, NULL);
	close(lfd);
	return check_report();
}
