/* test-advise: the teaching layer. The reply-rule table on synthetic replies, then a real session (on the poll
 * loop) against small scripted servers on 127.0.0.1 run in threads: out-of-sequence warnings in every state, and
 * the diagnoses for implicit TLS on a plaintext port, plaintext on an implicit-TLS port, STARTTLS missing, AUTH in
 * the clear, relaying denied, greylisting and unknown recipients. */
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
#include "core/advise.h"
#include "core/session.h"
#include "lib/loop.h"

/* ---- the rule table alone ---- */

static const char *match(int code, const char *enh, const char *text, const char *verb, unsigned conds)
{
	struct reply_line line = {(char *)text, strlen(text)};
	struct reply r = {.code = code, .lines = &line, .nlines = 1, .total_lines = 1};
	snprintf(r.enhanced, sizeof r.enhanced, "%s", enh);
	return advise_match_reply(&r, verb, conds);
}

static void test_rules(void)
{
	unsigned plain = ADVISE_PLAINTEXT | ADVISE_NOT_AUTHED;

	CHECK_STR(match(530, "5.7.0", "Must issue a STARTTLS command first", "MAIL", plain), "starttls-required");
	CHECK_STR(match(530, "5.7.0", "Authentication required", "MAIL", plain | ADVISE_PORT_587), "auth-required");
	CHECK_STR(match(530, "5.7.0", "Authentication required", "MAIL", plain), "auth-required");
	CHECK_STR(match(503, "5.5.1", "AUTH command used when not advertised", "AUTH",
	                plain | ADVISE_AUTH_UNOFFERED), "auth-needs-tls");
	CHECK(match(503, "5.5.1", "AUTH command used when not advertised", "AUTH", ADVISE_TLS) == NULL);
	CHECK_STR(match(550, "5.7.1", "Relaying denied", "RCPT", plain), "relay-denied");
	CHECK_STR(match(554, "5.7.1", "<x@y>: Relay access denied", "RCPT", plain), "relay-denied");
	CHECK_STR(match(550, "5.7.1", "Access denied", "RCPT", plain | ADVISE_PORT_25), "relay-denied");
	CHECK(match(550, "5.7.1", "Relaying denied", "RCPT", ADVISE_TLS) == NULL); /* authenticated */
	CHECK_STR(match(451, "4.7.1", "Greylisted, please try again in 300 seconds", "RCPT", plain), "greylisting");
	CHECK_STR(match(450, "4.2.0", "Recipient address rejected: Greylisted", "RCPT", plain), "greylisting");
	CHECK_STR(match(451, "4.7.1", "Please try later", "RCPT", plain), "greylisting");
	CHECK_STR(match(552, "5.3.4", "Message size exceeds fixed limit", ".", plain), "message-too-big");
	CHECK_STR(match(550, "5.1.1", "<nobody@example.org>: Recipient address rejected", "RCPT", plain),
	          "recipient-unknown");
	CHECK_STR(match(550, "", "No such user here", "RCPT", plain), "recipient-unknown");
	CHECK_STR(match(550, "5.7.23", "SPF validation failed", "MAIL", plain), "spf-rejected");
	CHECK_STR(match(550, "5.7.26", "Unauthenticated email is not accepted (DMARC)", ".", plain),
	          "dmarc-rejected");
	CHECK_STR(match(550, "5.7.1", "rejected due to DMARC policy", ".", plain), "dmarc-rejected");
	CHECK_STR(match(550, "5.7.1", "SPF fail - not authorized", "MAIL", plain), "spf-rejected");
	CHECK_STR(match(535, "5.7.8", "Authentication credentials invalid", "AUTH", ADVISE_TLS), "auth-failed");
	CHECK_STR(match(554, "", "SMTP synchronization error", "", plain), "talked-before-greeting");
	/* the strict-sync lab's reply to two commands in one write: pipelining without PIPELINING, not early talk */
	CHECK_STR(match(554, "5.5.0",
			"SMTP synchronization error: commands were pipelined, but this server did not offer PIPELINING",
			"MAIL", plain),
		  "pipelining-violation");
	CHECK_STR(match(554, "5.5.0", "SMTP synchronization error", "RCPT", plain), "pipelining-violation");
	CHECK(match(250, "2.0.0", "Ok", "MAIL", plain) == NULL);
	CHECK(match(-1, "", "garbage", "", plain) == NULL);
	CHECK(advise_match_reply(NULL, "MAIL", plain) == NULL);
}

/* ---- scripted servers ---- */

struct step {
	const char *expect; /* prefix of the client line (case-insensitive); NULL: any bytes at all (raw) */
	const char *reply;  /* bytes to send back; NULL: close */
	size_t reply_len;   /* 0: strlen(reply) */
};

struct server {
	int lfd;
	int port;
	const char *greeting; /* sent at once; NULL: say nothing first */
	unsigned greet_delay_ms; /* ... or after this long (a slow server, a tarpit) */
	const struct step *steps;
	size_t nsteps;
	pthread_t th;
	const struct step *steps2; /* a second connection, when not NULL (same greeting) */
	size_t nsteps2;
};

static void serve_one(struct server *sv);

static void *server_main(void *arg)
{
	struct server *sv = arg;
	serve_one(sv);
	if (sv->steps2) {
		sv->steps = sv->steps2;
		sv->nsteps = sv->nsteps2;
		serve_one(sv);
	}
	return NULL;
}

static void serve_one(struct server *sv)
{
	int fd = accept(sv->lfd, NULL, NULL);
	char in[8192];
	size_t len = 0, step = 0;

	if (fd < 0)
		return;
	struct timeval tv = {5, 0};
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	if (sv->greet_delay_ms)
		usleep(sv->greet_delay_ms * 1000u);
	if (sv->greeting)
		send(fd, sv->greeting, strlen(sv->greeting), MSG_NOSIGNAL);
	while (step < sv->nsteps) {
		ssize_t r = recv(fd, in + len, sizeof in - 1 - len, 0);
		if (r <= 0)
			break;
		len += (size_t)r;
		in[len] = '\0';
		for (;;) {
			const struct step *st = step < sv->nsteps ? &sv->steps[step] : NULL;
			if (!st)
				break;
			size_t used;
			if (st->expect == NULL) {
				used = len;
			} else {
				char *nl = memchr(in, '\n', len);
				if (!nl)
					break;
				used = (size_t)(nl - in) + 1;
				if (strncasecmp(in, st->expect, strlen(st->expect)) != 0)
					fprintf(stderr, "server: got \"%.*s\", expected \"%s\"\n", (int)used, in, st->expect);
			}
			memmove(in, in + used, len - used);
			len -= used;
			step++;
			if (!st->reply) {
				close(fd);
				return;
			}
			send(fd, st->reply, st->reply_len ? st->reply_len : strlen(st->reply), MSG_NOSIGNAL);
			if (len == 0)
				break;
		}
	}
	/* Keep the connection until the client goes (or 5 s pass). */
	while (recv(fd, in, sizeof in, 0) > 0)
		;
	close(fd);
}

static void server_start(struct server *sv)
{
	struct sockaddr_in sa = {.sin_family = AF_INET};
	socklen_t sl = sizeof sa;

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sv->lfd = socket(AF_INET, SOCK_STREAM, 0);
	CHECK(sv->lfd >= 0);
	CHECK(bind(sv->lfd, (struct sockaddr *)&sa, sizeof sa) == 0);
	CHECK(listen(sv->lfd, 1) == 0);
	getsockname(sv->lfd, (struct sockaddr *)&sa, &sl);
	sv->port = ntohs(sa.sin_port);
	pthread_create(&sv->th, NULL, server_main, sv);
}

static void server_stop(struct server *sv)
{
	pthread_join(sv->th, NULL);
	close(sv->lfd);
}

/* ---- a session and what it said ---- */

struct seen {
	char ids[64][48];
	size_t n;
	char last_hint[1200]; /* the hint of the last diagnosis or warning */
};

static void sink(void *ctx, const struct event *ev)
{
	struct seen *sn = ctx;
	if ((ev->type == EV_DIAGNOSIS || ev->type == EV_WARNING) && ev->id && sn->n < 64)
		snprintf(sn->ids[sn->n++], sizeof sn->ids[0], "%s", ev->id);
	if ((ev->type == EV_DIAGNOSIS || ev->type == EV_WARNING) && ev->hint)
		snprintf(sn->last_hint, sizeof sn->last_hint, "%s", ev->hint);
}

static int count_id(const struct seen *sn, const char *id)
{
	int c = 0;
	for (size_t i = 0; i < sn->n; i++)
		c += strcmp(sn->ids[i], id) == 0;
	return c;
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

static bool advised(const struct session *s, const char *line, const char *id)
{
	struct advice adv[8];
	size_t n = advisor_check_command(s, line, adv, 8);
	for (size_t i = 0; i < n; i++)
		if (strcmp(adv[i].id, id) == 0) {
			CHECK(adv[i].text[0] != '\0');
			return true;
		}
	fprintf(stderr, "no \"%s\" for \"%s\" (got %zu:", id, line, n);
	for (size_t i = 0; i < n; i++)
		fprintf(stderr, " %s", adv[i].id);
	fprintf(stderr, ")\n");
	return false;
}

static bool not_advised(const struct session *s, const char *line, const char *id)
{
	struct advice adv[8];
	size_t n = advisor_check_command(s, line, adv, 8);
	for (size_t i = 0; i < n; i++)
		if (strcmp(adv[i].id, id) == 0) {
			fprintf(stderr, "\"%s\" for \"%s\": %s\n", id, line, adv[i].text);
			return false;
		}
	return true;
}

static size_t advice_count(const struct session *s, const char *line)
{
	struct advice adv[8];
	return advisor_check_command(s, line, adv, 8);
}

struct fixture {
	struct loop *loop;
	struct session *s;
	struct advisor *a;
	struct seen seen;
};

static void fixture_init(struct fixture *f, unsigned timeout_ms)
{
	struct session_params p = {.ehlo_name = "client.test", .tls_verify = false, .timeout_ms = timeout_ms};
	memset(f, 0, sizeof *f);
	f->loop = loop_new();
	f->s = session_new(f->loop, &p);
	f->a = advisor_new();
	session_add_sink(f->s, sink, &f->seen);
	session_set_advisor(f->s, advisor_on_event, f->a);
}

static void fixture_free(struct fixture *f)
{
	session_free(f->s);
	advisor_free(f->a);
	loop_free(f->loop);
}

static const char caps_plain[] = "250-mx.test Hello\r\n250-SIZE 1000\r\n250-PIPELINING\r\n250 HELP\r\n";

static void test_plain_session(void)
{
	static const struct step steps[] = {
		{"EHLO", caps_plain, 0},
		{"AUTH PLAIN", "503 5.5.1 AUTH command used when not advertised\r\n", 0},
		{"MAIL FROM", "250 2.1.0 Ok\r\n", 0},
		{"RCPT TO:<a@elsewhere", "550 5.7.1 Relaying denied\r\n", 0},
		{"RCPT TO:<nobody", "550 5.1.1 <nobody@mx.test>: Recipient address rejected: no such user\r\n", 0},
		{"RCPT TO:<grey", "451 4.7.1 Greylisted, please try again in 300 seconds\r\n", 0},
		{"QUIT", "221 2.0.0 Bye\r\n", 0},
	};
	struct server sv = {.greeting = "220 mx.test ESMTP\r\n", .steps = steps, .nsteps = sizeof steps / sizeof steps[0]};
	struct fixture f;

	server_start(&sv);
	fixture_init(&f, 5000);
	CHECK(advised(f.s, "MAIL FROM:<a@b>", "not-connected"));
	CHECK_STR(advisor_next_step(f.s), "/connect HOST[:PORT]");
	CHECK(session_connect(f.s, "127.0.0.1", sv.port, false, false) == 0);
	run_until_idle(f.loop, f.s);
	CHECK_INT(session_smtp_state(f.s), SMTP_GREETED);
	CHECK(strstr(advisor_next_step(f.s), "EHLO") != NULL);
	CHECK(advised(f.s, "MAIL FROM:<a@b>", "mail-before-ehlo"));
	CHECK(advised(f.s, "RCPT TO:<a@b>", "rcpt-before-mail"));
	CHECK(advised(f.s, "DATA", "data-without-mail"));
	CHECK(advised(f.s, "AUTH PLAIN", "auth-before-ehlo"));
	CHECK(advised(f.s, "STARTTLS", "starttls-before-ehlo"));
	CHECK_INT(advice_count(f.s, "EHLO client.test"), 0);

	session_send_line(f.s, "EHLO client.test", 0, 0);
	run_until_idle(f.loop, f.s);
	CHECK_INT(session_smtp_state(f.s), SMTP_READY);
	CHECK_INT(count_id(&f.seen, "starttls-not-offered"), 1);
	CHECK(strstr(advisor_next_step(f.s), "MAIL FROM") != NULL);
	CHECK_INT(advice_count(f.s, "MAIL FROM:<a@b>"), 0);
	CHECK_INT(advice_count(f.s, "MAIL FROM:<a@b> SIZE=900"), 0);
	CHECK(advised(f.s, "MAIL FROM:<a@b> SIZE=5000", "size-too-big"));
	CHECK(advised(f.s, "MAIL FROM:<a@b> BODY=8BITMIME", "8bitmime-not-offered"));
	CHECK(advised(f.s, "MAIL FROM:<a@b> SMTPUTF8", "smtputf8-not-offered"));
	CHECK(advised(f.s, "MAIL FROM:<\xc3\xbc@b.test>", "smtputf8-needed"));
	CHECK(advised(f.s, "MAIL FROM:a@b", "address-brackets"));
	CHECK(advised(f.s, "MAIL <a@b>", "mail-syntax"));
	CHECK(advised(f.s, "RCPT TO:<a@b>", "rcpt-before-mail"));
	CHECK(advised(f.s, "DATA", "data-without-mail"));
	CHECK(advised(f.s, "BDAT 10 LAST", "chunking-not-offered"));
	/* Said once, when the EHLO reply came: not again before STARTTLS. */
	CHECK(not_advised(f.s, "STARTTLS", "starttls-not-offered"));
	CHECK(advised(f.s, "AUTH PLAIN", "auth-not-offered"));
	/* Credentials in the clear are said when they are sent, not before a bare AUTH. */
	CHECK(not_advised(f.s, "AUTH PLAIN", "auth-plaintext"));
	CHECK(not_advised(f.s, "AUTH PLAIN AGEAYg==", "auth-plaintext"));
	CHECK(advised(f.s, "EHL0 client.test", "unknown-command"));
	CHECK_INT(advice_count(f.s, "NOOP"), 0);
	CHECK_INT(advice_count(f.s, "HELP"), 0);
	{
		struct advice adv[4];
		CHECK_INT(advisor_check_pipeline(f.s, 3, adv, 4), 0); /* PIPELINING is offered */
		CHECK_INT(advisor_check_pipeline(f.s, 1, adv, 4), 0);
	}

	/* AUTH in the clear, refused because it is not advertised: two diagnoses. */
	session_send_line(f.s, "AUTH PLAIN AGEAYg==", 11, 8);
	run_until_idle(f.loop, f.s);
	CHECK_INT(count_id(&f.seen, "auth-plaintext"), 1);
	CHECK_INT(count_id(&f.seen, "auth-needs-tls"), 1);

	session_send_line(f.s, "MAIL FROM:<me@mx.test>", 0, 0);
	run_until_idle(f.loop, f.s);
	CHECK_INT(session_smtp_state(f.s), SMTP_MAIL);
	CHECK(strstr(advisor_next_step(f.s), "RCPT TO") != NULL);
	CHECK(advised(f.s, "DATA", "data-without-rcpt"));
	CHECK(advised(f.s, "MAIL FROM:<a@b>", "mail-in-transaction"));
	CHECK(advised(f.s, "STARTTLS", "starttls-in-transaction"));
	CHECK_INT(advice_count(f.s, "RCPT TO:<a@b>"), 0);

	session_send_line(f.s, "RCPT TO:<a@elsewhere.test>", 0, 0);
	run_until_idle(f.loop, f.s);
	CHECK_INT(count_id(&f.seen, "relay-denied"), 1);
	session_send_line(f.s, "RCPT TO:<nobody@mx.test>", 0, 0);
	run_until_idle(f.loop, f.s);
	CHECK_INT(count_id(&f.seen, "recipient-unknown"), 1);
	session_send_line(f.s, "RCPT TO:<grey@mx.test>", 0, 0);
	run_until_idle(f.loop, f.s);
	CHECK_INT(count_id(&f.seen, "greylisting"), 1);
	CHECK(advised(f.s, "DATA", "data-without-rcpt"));

	session_send_line(f.s, "QUIT", 0, 0);
	run_until_idle(f.loop, f.s);
	CHECK_INT(count_id(&f.seen, "starttls-not-offered"), 1); /* once per connection */
	fixture_free(&f);
	server_stop(&sv);
}

/* Implicit TLS to a plaintext server: our ClientHello is answered by a plaintext greeting or refusal. The hint
 * names what the server that answered logs: Exim's synchronization error, Postfix's improper pipelining, or
 * both when the answer does not say which server it is. */
static void implicit_on_plain(const char *answer, bool exim, bool postfix)
{
	const struct step steps[] = {
		{NULL, answer, 0},
		{NULL, NULL, 0},
	};
	struct server sv = {.greeting = NULL, .steps = steps, .nsteps = 2};
	struct fixture f;

	server_start(&sv);
	fixture_init(&f, 3000);
	CHECK(session_connect(f.s, "127.0.0.1", sv.port, true, false) == 0);
	run_until_idle(f.loop, f.s);
	CHECK_INT(count_id(&f.seen, "implicit-tls-on-plaintext-port"), 1);
	const char *h = f.seen.last_hint;
	if ((strstr(h, "Exim logs") != NULL) != exim || (strstr(h, "improper command pipelining") != NULL) != postfix) {
		fprintf(stderr, "answer \"%s\": hint \"%s\"\n", answer, h);
		CHECK(0);
	}
	fixture_free(&f);
	server_stop(&sv);
}

static void test_implicit_on_plain(void)
{
	implicit_on_plain("554 SMTP synchronization error\r\n", true, false);
	implicit_on_plain("220 mail.lab.test ESMTP Postfix (Debian/GNU)\r\n", false, true);
	implicit_on_plain("220 mail.lab.test ESMTP Exim 4.96 Sat, 05 Dec 2026 23:00:00 +0000\r\n", true, false);
	implicit_on_plain("220 mx.example ESMTP ready\r\n", true, true);
}

/* Plaintext to an implicit-TLS server: no greeting; a command gets a TLS alert record. */
static void test_plain_on_implicit(void)
{
	static const char alert[] = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x0a};
	static const struct step steps[] = {
		{NULL, alert, sizeof alert},
		{NULL, NULL, 0},
	};
	struct server sv = {.greeting = NULL, .steps = steps, .nsteps = 2};
	struct fixture f;

	/* First: the greeting never comes (the timeout says it). */
	server_start(&sv);
	fixture_init(&f, 1000);
	CHECK(session_connect(f.s, "127.0.0.1", sv.port, false, false) == 0);
	run_until_idle(f.loop, f.s);
	CHECK_INT(count_id(&f.seen, "plaintext-on-tls-port"), 1);
	/* Then a command: the server answers with a TLS alert; the diagnosis is not repeated. */
	session_send_line(f.s, "EHLO client.test", 0, 0);
	run_until_idle(f.loop, f.s);
	CHECK_INT(count_id(&f.seen, "plaintext-on-tls-port"), 1);
	fixture_free(&f);
	server_stop(&sv);

	/* With the loop, a slow greeting is hinted at before the timeout; a TLS alert to a command is recognised. */
	struct server sv2 = {.greeting = NULL, .steps = steps, .nsteps = 2};
	server_start(&sv2);
	fixture_init(&f, 20000);
	advisor_set_loop(f.a, f.loop);
	CHECK(session_connect(f.s, "127.0.0.1", sv2.port, false, true) == 0);
	for (int i = 0; i < 300 && count_id(&f.seen, "plaintext-on-tls-port") == 0; i++)
		loop_run_once(f.loop, 25);
	CHECK_INT(count_id(&f.seen, "plaintext-on-tls-port"), 1); /* the early hint */
	session_send_line(f.s, "EHLO client.test", 0, 0);
	for (int i = 0; i < 200 && count_id(&f.seen, "plaintext-on-tls-port") < 2; i++)
		loop_run_once(f.loop, 25);
	CHECK_INT(count_id(&f.seen, "plaintext-on-tls-port"), 2); /* then the certain one */
	fixture_free(&f);
	server_stop(&sv2);
}

/* A server that was only slow: the no-greeting guess names the timeout and both explanations, and is withdrawn
 * when the greeting comes after all (--lab=tarpit with --timeout 1). */
static void test_slow_greeting(void)
{
	static const struct step steps[] = {
		{"QUIT", "221 bye\r\n", 0},
	};
	struct server sv = {.greeting = "220 slow.test ESMTP\r\n", .greet_delay_ms = 1500, .steps = steps, .nsteps = 1};
	struct fixture f;

	server_start(&sv);
	fixture_init(&f, 1000);
	CHECK(session_connect(f.s, "127.0.0.1", sv.port, false, false) == 0);
	run_until_idle(f.loop, f.s);
	CHECK_INT(count_id(&f.seen, "plaintext-on-tls-port"), 1);
	CHECK(strstr(f.seen.last_hint, "slow") != NULL);
	CHECK_INT(count_id(&f.seen, "greeting-came-late"), 0);
	for (int i = 0; i < 120 && count_id(&f.seen, "greeting-came-late") == 0; i++)
		loop_run_once(f.loop, 25);
	CHECK_INT(count_id(&f.seen, "greeting-came-late"), 1);
	session_send_line(f.s, "QUIT", 0, 0);
	run_until_idle(f.loop, f.s);
	CHECK_INT(count_id(&f.seen, "greeting-came-late"), 1);
	fixture_free(&f);
	server_stop(&sv);
}

/* STARTTLS offered on one connection and missing on the next: a likely downgrade. Also the valid commands. */
static void test_starttls_vanishes(void)
{
	static const struct step first[] = {
		{"EHLO", "250-mx.test\r\n250-STARTTLS\r\n250 PIPELINING\r\n", 0},
		{"QUIT", "221 bye\r\n", 0},
	};
	static const struct step second[] = {
		{"EHLO", "250-mx.test\r\n250 PIPELINING\r\n", 0},
		{"QUIT", "221 bye\r\n", 0},
	};
	struct server sv = {.greeting = "220 mx.test ESMTP\r\n", .steps = first, .nsteps = 2, .steps2 = second,
	                    .nsteps2 = 2};
	struct fixture f;

	server_start(&sv);
	fixture_init(&f, 5000);
	CHECK(strstr(advisor_valid_commands(f.s), "not connected") != NULL);
	CHECK(session_connect(f.s, "127.0.0.1", sv.port, false, false) == 0);
	run_until_idle(f.loop, f.s);
	CHECK(strstr(advisor_valid_commands(f.s), "EHLO") != NULL);
	session_send_line(f.s, "EHLO client.test", 0, 0);
	run_until_idle(f.loop, f.s);
	CHECK(strstr(advisor_valid_commands(f.s), "MAIL") != NULL);
	CHECK(strstr(advisor_next_step(f.s), "STARTTLS") != NULL);
	CHECK(advised(f.s, "AUTH PLAIN", "auth-not-offered"));
	session_send_line(f.s, "QUIT", 0, 0);
	run_until_idle(f.loop, f.s);
	CHECK_INT(count_id(&f.seen, "starttls-not-offered"), 0);

	CHECK(session_connect(f.s, "127.0.0.1", sv.port, false, false) == 0);
	run_until_idle(f.loop, f.s);
	session_send_line(f.s, "EHLO client.test", 0, 0);
	run_until_idle(f.loop, f.s);
	CHECK_INT(count_id(&f.seen, "starttls-missing-now"), 1);
	CHECK_INT(count_id(&f.seen, "starttls-not-offered"), 0);
	session_send_line(f.s, "QUIT", 0, 0);
	run_until_idle(f.loop, f.s);
	fixture_free(&f);
	server_stop(&sv);
}

/* AUTH on a plaintext connection: "credentials readable" only once they are sent (not for a bare AUTH PLAIN, not
 * for a cancel), and for CRAM-MD5 only what is true: the user name is readable, the password is not sent. */
static void test_auth_said_when_true(void)
{
	static const char caps[] = "250-mx.test\r\n250-AUTH PLAIN LOGIN CRAM-MD5\r\n250 PIPELINING\r\n";
	static const struct step first[] = {
		{"EHLO", caps, 0},
		{"AUTH PLAIN", "334 \r\n", 0},
		{"*", "501 5.0.0 Authentication cancelled\r\n", 0},
		{"AUTH PLAIN", "334 \r\n", 0},
		{"AGEAYg==", "235 2.7.0 ok\r\n", 0},
		{"QUIT", "221 bye\r\n", 0},
	};
	static const struct step second[] = {
		{"EHLO", caps, 0},
		{"AUTH CRAM-MD5", "334 PDEyMzQ1QG14LnRlc3Q+\r\n", 0},
		{"dXNlciA", "235 2.7.0 ok\r\n", 0},
		{"QUIT", "221 bye\r\n", 0},
	};
	struct server sv = {
		.greeting = "220 mx.test ESMTP\r\n", .steps = first, .nsteps = 6, .steps2 = second, .nsteps2 = 4};
	struct fixture f;

	server_start(&sv);
	fixture_init(&f, 5000);
	CHECK(session_connect(f.s, "127.0.0.1", sv.port, false, false) == 0);
	run_until_idle(f.loop, f.s);
	session_send_line(f.s, "EHLO client.test", 0, 0);
	run_until_idle(f.loop, f.s);
	CHECK_INT(count_id(&f.seen, "starttls-not-offered"), 1);
	session_send_line(f.s, "AUTH PLAIN", 0, 0);
	run_until_idle(f.loop, f.s);
	CHECK_INT(count_id(&f.seen, "auth-plaintext"), 0); /* nothing secret sent yet */
	session_send_line(f.s, "*", 0, 0);
	run_until_idle(f.loop, f.s);
	CHECK_INT(count_id(&f.seen, "auth-plaintext"), 0); /* a cancel carries nothing */
	session_send_line(f.s, "AUTH PLAIN", 0, 0);
	run_until_idle(f.loop, f.s);
	session_send_line(f.s, "AGEAYg==", 0, 8);
	run_until_idle(f.loop, f.s);
	CHECK_INT(count_id(&f.seen, "auth-plaintext"), 1); /* now it was */
	CHECK_INT(count_id(&f.seen, "starttls-not-offered"), 1);
	session_send_line(f.s, "QUIT", 0, 0);
	run_until_idle(f.loop, f.s);

	CHECK(session_connect(f.s, "127.0.0.1", sv.port, false, false) == 0);
	run_until_idle(f.loop, f.s);
	session_send_line(f.s, "EHLO client.test", 0, 0);
	run_until_idle(f.loop, f.s);
	session_send_line(f.s, "AUTH CRAM-MD5", 0, 0);
	run_until_idle(f.loop, f.s);
	session_send_line(f.s, "dXNlciAwMTIzNDU2Nzg5YWJjZGVmMDEyMzQ1Njc4OWFiY2RlZg==", 0, 0);
	run_until_idle(f.loop, f.s);
	CHECK_INT(count_id(&f.seen, "auth-plaintext"), 1); /* not "credentials readable" for CRAM-MD5 */
	CHECK_INT(count_id(&f.seen, "auth-plaintext-user"), 1);
	session_send_line(f.s, "QUIT", 0, 0);
	run_until_idle(f.loop, f.s);
	fixture_free(&f);
	server_stop(&sv);
}

int main(void)
{
	test_rules();
	test_plain_session();
	test_implicit_on_plain();
	test_plain_on_implicit();
	test_starttls_vanishes();
	test_auth_said_when_true();
	test_slow_greeting();
	return check_report();
}
