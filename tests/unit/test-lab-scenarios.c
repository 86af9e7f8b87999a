/* test-lab-scenarios: each scenario of the practice lab behaves as its lesson says, checked over loopback with a
 * small blocking client per thread while the lab runs on the main loop. Timings are shortened through the
 * lab_params overrides so the whole file runs in a few seconds. Also checks the scenario table itself. */
#include <gnutls/x509.h>
#include <time.h>

#include "check.h"
#include "test-lab-client.h"
#include "lab/lab-int.h"

static struct lab *lab;
static int port;

static struct lab *start(struct loop *loop, struct lab_params p)
{
	char *err = NULL;
	struct lab *l = lab_new(loop, &p, &err);
	if (l == NULL) {
		fprintf(stderr, "lab_new(%s): %s\n", p.scenario, err);
		exit(1);
	}
	port = lab_port(l);
	return l;
}

static int open_ehlo(struct tc *t)
{
	if (!tc_connect(t, port) || tc_reply(t) != 220)
		return -1;
	return tc_cmd(t, "EHLO c.example");
}

static void *delivery(void *arg)
{
	(void)arg;
	struct tc t;
	CHECK_INT(open_ehlo(&t), 250);
	CHECK(strstr(t.reply, "AUTH") == NULL);
	CHECK(strstr(t.reply, "STARTTLS") != NULL);
	CHECK_INT(tc_cmd(&t, "AUTH PLAIN AHN0dWRlbnQAcHJhY3RpY2U="), 503);
	CHECK_INT(tc_cmd(&t, "MAIL FROM:<someone@example.org>"), 250);
	CHECK_INT(tc_cmd(&t, "RCPT TO:<friend@example.com>"), 550);
	CHECK(strstr(t.reply, "550 5.7.1") != NULL);
	CHECK_INT(tc_cmd(&t, "RCPT TO:<Student@LAB.TEST>"), 250);
	CHECK_INT(tc_cmd(&t, "DATA"), 354);
	CHECK_INT(tc_cmd(&t, "Subject: hi\r\n\r\nbody\r\n."), 250);
	CHECK_INT(tc_cmd(&t, "QUIT"), 221);
	tc_close(&t);
	/* A TLS ClientHello on this plain-text port: the SSL/TLS-on-a-STARTTLS-port mistake, explained. */
	CHECK(tc_connect(&t, port));
	CHECK_INT(tc_reply(&t), 220);
	CHECK(tc_write(&t, "\x16\x03\x01\x00\x05hello", 10));
	CHECK_INT(tc_reply(&t), 554);
	CHECK(strstr(t.reply, "TLS handshake") != NULL);
	CHECK(tc_eof(&t));
	tc_close(&t);
	return NULL;
}

static void *implicit(void *arg)
{
	(void)arg;
	struct tc t;
	CHECK(tc_connect(&t, port));
	CHECK(tc_tls(&t, lab_ca_file(lab), LAB_HOSTNAME, NULL));
	CHECK_INT(t.verify_status, 0);
	CHECK_INT(tc_reply(&t), 220);
	CHECK_INT(tc_cmd(&t, "EHLO c"), 250);
	CHECK(strstr(t.reply, "AUTH PLAIN LOGIN") != NULL);
	CHECK(strstr(t.reply, "STARTTLS") == NULL);
	CHECK_INT(tc_cmd(&t, "MAIL FROM:<a@lab.test>"), 530);
	CHECK_INT(tc_cmd(&t, "AUTH PLAIN AHN0dWRlbnQAcHJhY3RpY2U="), 235);
	CHECK_INT(tc_cmd(&t, "MAIL FROM:<a@lab.test>"), 250);
	CHECK_INT(tc_cmd(&t, "QUIT"), 221);
	tc_close(&t);
	/* A plain-text client gets no greeting: the handshake fails and the lab hangs up. */
	CHECK(tc_connect(&t, port));
	CHECK(tc_send(&t, "EHLO c\r\n"));
	CHECK(tc_reply(&t) <= 0); /* EOF, or the bytes of a TLS alert: never a 220 */
	tc_close(&t);
	return NULL;
}

static void *no_starttls(void *arg)
{
	(void)arg;
	struct tc t;
	CHECK_INT(open_ehlo(&t), 250);
	CHECK(strstr(t.reply, "STARTTLS") == NULL);
	CHECK(strstr(t.reply, "AUTH PLAIN LOGIN") != NULL);
	CHECK_INT(tc_cmd(&t, "STARTTLS"), 502);
	CHECK_INT(tc_cmd(&t, "MAIL FROM:<a@lab.test>"), 530);
	CHECK_INT(tc_cmd(&t, "AUTH PLAIN AHN0dWRlbnQAcHJhY3RpY2U="), 235); /* in plain text: the risk */
	CHECK_INT(tc_cmd(&t, "MAIL FROM:<a@lab.test>"), 250);
	tc_close(&t);
	return NULL;
}

static void *bad_cert(void *arg)
{
	(void)arg;
	struct tc t;
	CHECK_INT(open_ehlo(&t), 250);
	CHECK_INT(tc_cmd(&t, "STARTTLS"), 220);
	CHECK(tc_tls(&t, lab_ca_file(lab), LAB_HOSTNAME, NULL));
	CHECK((t.verify_status & GNUTLS_CERT_EXPIRED) != 0);
	CHECK((t.verify_status & GNUTLS_CERT_UNEXPECTED_OWNER) != 0);
	CHECK((t.verify_status & GNUTLS_CERT_SIGNER_NOT_FOUND) == 0); /* the CA is trusted: only the two lessons */
	CHECK_INT(tc_cmd(&t, "EHLO c"), 250);
	tc_close(&t);
	return NULL;
}

static void *old_tls(void *arg)
{
	(void)arg;
	struct tc t;
	CHECK_INT(open_ehlo(&t), 250);
	CHECK_INT(tc_cmd(&t, "STARTTLS"), 220);
	CHECK(tc_tls(&t, lab_ca_file(lab), LAB_HOSTNAME, NULL));
	CHECK_INT(gnutls_protocol_get_version(t.tls), GNUTLS_TLS1_2);
	tc_close(&t);
	CHECK_INT(open_ehlo(&t), 250);
	CHECK_INT(tc_cmd(&t, "STARTTLS"), 220);
	CHECK(!tc_tls(&t, lab_ca_file(lab), LAB_HOSTNAME, "NORMAL:-VERS-ALL:+VERS-TLS1.3"));
	tc_close(&t);
	return NULL;
}

static void *greylist(void *arg)
{
	(void)arg;
	struct tc t;
	CHECK_INT(open_ehlo(&t), 250);
	CHECK_INT(tc_cmd(&t, "MAIL FROM:<new@example.org>"), 250);
	CHECK_INT(tc_cmd(&t, "RCPT TO:<student@lab.test>"), 451);
	CHECK(strstr(t.reply, "451 4.7.1") != NULL);
	CHECK_INT(tc_cmd(&t, "RCPT TO:<student@lab.test>"), 451); /* too soon */
	CHECK_INT(tc_cmd(&t, "RSET"), 250);
	usleep(1200 * 1000);
	CHECK_INT(tc_cmd(&t, "MAIL FROM:<new@example.org>"), 250);
	CHECK_INT(tc_cmd(&t, "RCPT TO:<student@lab.test>"), 250);
	CHECK_INT(tc_cmd(&t, "RCPT TO:<other@lab.test>"), 451); /* another triplet starts its own wait */
	tc_close(&t);
	return NULL;
}

static void *strict_sync(void *arg)
{
	(void)arg;
	struct tc t;
	/* Talking before the greeting. */
	CHECK(tc_connect(&t, port));
	CHECK(tc_send(&t, "EHLO early\r\n"));
	CHECK_INT(tc_reply(&t), 554);
	CHECK(strstr(t.reply, "without waiting for greeting") != NULL);
	CHECK(tc_eof(&t));
	tc_close(&t);
	/* Pipelining without PIPELINING. */
	CHECK_INT(open_ehlo(&t), 250);
	CHECK(strstr(t.reply, "PIPELINING") == NULL);
	CHECK_INT(tc_cmd(&t, "MAIL FROM:<a@example.org>"), 250);
	CHECK(tc_send(&t, "RCPT TO:<student@lab.test>\r\nDATA\r\n"));
	CHECK_INT(tc_reply(&t), 554);
	CHECK(strstr(t.reply, "PIPELINING") != NULL);
	CHECK(tc_eof(&t));
	tc_close(&t);
	/* Waiting for each reply works. */
	CHECK_INT(open_ehlo(&t), 250);
	CHECK_INT(tc_cmd(&t, "MAIL FROM:<a@example.org>"), 250);
	CHECK_INT(tc_cmd(&t, "RCPT TO:<student@lab.test>"), 250);
	CHECK_INT(tc_cmd(&t, "DATA"), 354);
	CHECK_INT(tc_cmd(&t, "Subject: patient\r\n\r\nok\r\n."), 250);
	tc_close(&t);
	return NULL;
}

static uint64_t ms_now(void)
{
	return loop_now_ms();
}

static void *tarpit(void *arg)
{
	(void)arg;
	struct tc t;
	uint64_t t0 = ms_now();
	CHECK(tc_connect(&t, port));
	CHECK_INT(tc_reply(&t), 220);
	CHECK(ms_now() - t0 >= 190);
	t0 = ms_now();
	CHECK_INT(tc_cmd(&t, "NOOP"), 250);
	CHECK(ms_now() - t0 >= 190);
	t0 = ms_now();
	CHECK(tc_send(&t, "NOOP\r\nNOOP\r\n")); /* pipelined: each reply is held back in turn */
	CHECK_INT(tc_reply(&t), 250);
	CHECK_INT(tc_reply(&t), 250);
	CHECK(ms_now() - t0 >= 380);
	t0 = ms_now();
	CHECK_INT(tc_cmd(&t, "QUIT"), 221); /* slow to the very end */
	CHECK(ms_now() - t0 >= 190);
	CHECK(tc_eof(&t));
	tc_close(&t);
	return NULL;
}

static void *flaky(void *arg)
{
	(void)arg;
	for (int attempt = 0; attempt < 2; attempt++) {
		struct tc t;
		CHECK_INT(open_ehlo(&t), 250);
		CHECK_INT(tc_cmd(&t, "MAIL FROM:<a@example.org>"), 250);
		CHECK_INT(tc_cmd(&t, "RCPT TO:<student@lab.test>"), 250);
		CHECK_INT(tc_cmd(&t, "DATA"), 354);
		int code = tc_cmd(&t, "Subject: try\r\n\r\nbody\r\n.");
		CHECK_INT(code, attempt == 0 ? -1 : 250); /* first: dropped without a reply */
		tc_close(&t);
	}
	return NULL;
}

static void *busy(void *arg)
{
	(void)arg;
	struct tc a, b, c;
	CHECK(tc_connect(&a, port));
	CHECK_INT(tc_reply(&a), 220);
	CHECK(tc_connect(&b, port));
	CHECK_INT(tc_reply(&b), 220);
	CHECK(tc_connect(&c, port));
	CHECK_INT(tc_reply(&c), 421);
	tc_close(&a);
	tc_close(&b);
	tc_close(&c);
	return NULL;
}

static int messages(void)
{
	struct buf b;
	buf_init(&b, 1 << 20);
	int n = lab_mailbox_list(lab, &b);
	buf_free(&b);
	return n;
}

static void run(struct loop *loop, struct lab_params p, void *(*fn)(void *), int want_messages)
{
	lab = start(loop, p);
	tc_run(loop, 1, fn, NULL, 0, 30000);
	if (want_messages >= 0)
		CHECK_INT(messages(), want_messages);
	struct lab_stats st;
	lab_get_stats(lab, &st);
	CHECK_INT(st.active, 0);
	lab_free(lab);
	lab = NULL;
}

static void table(void)
{
	size_t n;
	const struct lab_scenario *t = lab_scenario_table(&n);
	const char *const *names = lab_scenarios();
	size_t nn = 0;
	for (; names[nn]; nn++) {
		CHECK(lab_scenario_find(names[nn]) != NULL);
		CHECK(lab_scenario_summary(names[nn]) != NULL);
		CHECK(lab_lesson(names[nn]) != NULL);
	}
	CHECK_INT(nn, n);
	for (size_t i = 0; i < n; i++) {
		for (size_t j = i + 1; j < n; j++)
			CHECK(strcmp(t[i].name, t[j].name) != 0);
		CHECK(t[i].summary && t[i].port_hint && t[i].lesson);
		/* the lesson starts with its own name, so /lesson never shows the wrong one */
		CHECK(strncmp(t[i].lesson, t[i].name, strlen(t[i].name)) == 0);
		/* a scenario that requires AUTH for MAIL must offer AUTH */
		CHECK(!(t[i].flags & LAB_F_MAIL_NEEDS_AUTH) || (t[i].flags & LAB_F_AUTH));
	}
	CHECK(lab_scenario_find(LAB_DEFAULT_SCENARIO) != NULL);
	CHECK(lab_scenario_summary("nope") == NULL);
	CHECK(lab_lesson(NULL) == NULL);
	/* The lessons spell the lab's names out (a macro inside a msgid would hide the rest from xgettext): they
	 * must still be the names the lab uses. */
	CHECK(strstr(lab_lesson("delivery"), "RCPT TO:<student@" LAB_DOMAIN ">") != NULL);
	CHECK(strstr(lab_scenario_summary("delivery"), "mail only for " LAB_DOMAIN ",") != NULL);
	CHECK(strstr(lab_lesson("submission"), "/auth plain " LAB_USER " ") != NULL);
	CHECK(strstr(lab_lesson("submission"), "(password: " LAB_PASSWORD ")") != NULL);
	CHECK(strstr(lab_lesson("implicit"), "/auth login " LAB_USER " ") != NULL);
	CHECK(strstr(lab_lesson("implicit"), "(password " LAB_PASSWORD ")") != NULL);
	CHECK(strstr(lab_lesson("bad-cert"), "the console asked for " LAB_HOSTNAME ")") != NULL);
	CHECK(strstr(lab_lesson("flaky"), "student@" LAB_DOMAIN ":") != NULL);
	CHECK(strstr(lab_lesson("strict-sync"), "RCPT TO:<student@" LAB_DOMAIN ">") != NULL);
	CHECK(strstr(lab_lesson("greylist"), "RCPT TO:<student@" LAB_DOMAIN ">") != NULL);
}

int main(void)
{
	struct loop *loop = loop_new();
	table();
	char *err = NULL;
	struct lab_params bad = {.scenario = "nope"};
	CHECK(lab_new(loop, &bad, &err) == NULL);
	CHECK(err && strstr(err, "nope"));
	free(err);

	run(loop, (struct lab_params){.scenario = "delivery"}, delivery, 1);
	run(loop, (struct lab_params){.scenario = "implicit"}, implicit, 0);
	run(loop, (struct lab_params){.scenario = "no-starttls"}, no_starttls, 0);
	run(loop, (struct lab_params){.scenario = "bad-cert"}, bad_cert, 0);
	run(loop, (struct lab_params){.scenario = "old-tls"}, old_tls, 0);
	run(loop, (struct lab_params){.scenario = "greylist", .greylist_seconds = 1}, greylist, 0);
	run(loop, (struct lab_params){.scenario = "strict-sync", .greet_delay_ms = 300}, strict_sync, 1);
	run(loop, (struct lab_params){.scenario = "tarpit", .reply_delay_ms = 200}, tarpit, 0);
	run(loop, (struct lab_params){.scenario = "flaky"}, flaky, 1);
	run(loop, (struct lab_params){.scenario = "delivery", .discard = true}, delivery, 0);
	run(loop, (struct lab_params){.scenario = "delivery", .max_clients = 2}, busy, -1);
	loop_free(loop);
	return check_report();
}
