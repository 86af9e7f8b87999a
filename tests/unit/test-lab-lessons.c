/* test-lab-lessons: the lesson tables (core/lesson-data.c) and the ticks a learner sees. The tables: one lesson per
 * lab scenario, in the lab's order; every step says what to do and what to look at on the wire, and has a
 * condition. The ticks: each lesson walked as the tutorial does it, through the models the session goes through,
 * each step ticking when (and only when) it is done, and staying ticked. */
#include <string.h>

#include "check.h"
#include "core/lesson-int.h"
#include "core/lesson.h"
#include "lab/lab.h"

static char buf[2048];

static bool has_condition(const struct lesson_when *w)
{
	return w->conn || w->tls || w->cert || w->auth || w->starttls || w->outcome || w->caps || w->refused ||
	       w->min_rcpts || w->code || w->verb || w->error;
}

static void test_tables(void)
{
	const char *const *lab = lab_scenarios();
	const char *const *mine = lesson_names();
	size_t i = 0;
	for (; lab[i]; i++) {
		CHECK_STR(mine[i], lab[i]); /* every scenario has its lesson, in the tutorial's order */
		const struct lesson *l = lesson_find(lab[i]);
		CHECK(l != NULL);
		if (l == NULL)
			continue;
		CHECK(lesson_nsteps(l) >= 2 && lesson_nsteps(l) <= 16);
		size_t n;
		const struct lesson *t = lesson_table(&n);
		const struct lesson *row = &t[i];
		for (size_t k = 0; k < row->n; k++) {
			const struct lesson_step *st = &row->steps[k];
			CHECK(st->todo && *st->todo && st->wire && *st->wire);
			CHECK(has_condition(&st->when));
			CHECK(!(k == 0 && st->when.after)); /* the first step has none before it */
			CHECK(strlen(st->todo) <= 74);      /* one line of the dock at 80 columns */
		}
	}
	CHECK(mine[i] == NULL);
	CHECK(lesson_find("nope") == NULL);
	CHECK(lesson_find(NULL) == NULL);
}

static void test_place(void)
{
	struct lesson_run *r = lesson_run_new(lesson_find("implicit"));
	CHECK_STR(lesson_step_do(r, 1, false, buf, sizeof buf), "/connect HOST:PORT tls");
	lesson_run_set_place(r, "127.0.0.1:40123", "/run/lab/ca.pem");
	CHECK_STR(lesson_step_do(r, 1, false, buf, sizeof buf), "/connect 127.0.0.1:40123 tls");
	CHECK_STR(lesson_step_do(r, 99, false, buf, sizeof buf), "");
	lesson_run_free(r);
	r = lesson_run_new(lesson_find("bad-cert"));
	lesson_run_set_place(r, "127.0.0.1:40123", "/run/lab/ca.pem");
	CHECK(strstr(lesson_step_wire(r, 0, false, buf, sizeof buf), "(/run/lab/ca.pem)") != NULL);
	char tiny[8];
	CHECK_STR(lesson_step_do(r, 0, false, tiny, sizeof tiny), "EHLO me"); /* cut, terminated */
	lesson_run_free(r);
}

/* A model at a given place: connected, greeted, no reply yet. */
static struct session_model ready(void)
{
	struct session_model m = {.conn = MC_READY, .smtp = SMTP_GREETED, .auth = MA_UNKNOWN, .host = "127.0.0.1"};
	return m;
}

static void reply(struct session_model *m, int code, const char *verb)
{
	m->reply_code = code;
	m->reply_verb = verb;
}

static void test_delivery(void)
{
	struct lesson_run *r = lesson_run_new(lesson_find("delivery"));
	struct session_model m = ready();
	reply(&m, 220, "");
	CHECK_INT(lesson_run_observe(r, &m), 0); /* greeted: nothing done yet */
	CHECK_INT(lesson_run_current(r), 0);
	m.smtp = SMTP_READY;
	m.auth = MA_NOT_OFFERED;
	m.starttls_offered = true;
	reply(&m, 250, "EHLO");
	CHECK_INT(lesson_run_observe(r, &m), 1);
	CHECK(lesson_run_done(r, 0));
	CHECK_INT(lesson_run_observe(r, &m), 0); /* a tick happens once */
	m.tls = MT_STARTTLS;
	m.cert = MCERT_VERIFIED;
	m.auth = MA_UNKNOWN; /* the handshake: capabilities forgotten until EHLO again */
	CHECK_INT(lesson_run_observe(r, &m), 0);
	m.auth = MA_NOT_OFFERED;
	CHECK_INT(lesson_run_observe(r, &m), 1);
	reply(&m, 250, "MAIL");
	m.txn = TXN_MAIL;
	CHECK_INT(lesson_run_observe(r, &m), 1);
	reply(&m, 550, "RCPT"); /* the relay attempt first, as the tutorial does */
	CHECK_INT(lesson_run_observe(r, &m), 1);
	CHECK(lesson_run_done(r, 3) && !lesson_run_done(r, 4));
	CHECK_INT(lesson_run_current(r), 4);
	reply(&m, 250, "RCPT");
	m.rcpts = 1;
	CHECK_INT(lesson_run_observe(r, &m), 1);
	struct txn_result lost = {.outcome = TXN_LOST, .at = TXN_AT_MESSAGE};
	m.last = &lost;
	CHECK_INT(lesson_run_observe(r, &m), 0); /* a lost message is not the accepted one */
	struct txn_result ok = {.outcome = TXN_ACCEPTED, .at = TXN_AT_MESSAGE, .code = 250};
	m.last = &ok;
	reply(&m, 250, ".");
	CHECK_INT(lesson_run_observe(r, &m), 1);
	reply(&m, 221, "QUIT");
	m.conn = MC_CLOSING;
	CHECK_INT(lesson_run_observe(r, &m), 1);
	CHECK_INT(lesson_run_ticked(r), lesson_run_steps(r));
	CHECK_INT(lesson_run_current(r), lesson_run_steps(r));
	m = ready(); /* ticks stay after the connection is gone */
	m.conn = MC_CLOSED;
	lesson_run_observe(r, &m);
	CHECK_INT(lesson_run_ticked(r), lesson_run_steps(r));
	lesson_run_free(r);
}

static void test_submission(void)
{
	struct lesson_run *r = lesson_run_new(lesson_find("submission"));
	struct session_model m = ready();
	m.smtp = SMTP_READY;
	m.auth = MA_NOT_OFFERED;
	m.starttls_offered = true;
	reply(&m, 250, "EHLO");
	CHECK_INT(lesson_run_observe(r, &m), 1);
	reply(&m, 530, "MAIL");
	CHECK_INT(lesson_run_observe(r, &m), 1);
	reply(&m, 530, "RCPT"); /* the same code to another command is not that step */
	m.tls = MT_STARTTLS;
	m.auth = MA_OFFERED;
	reply(&m, 250, "EHLO");
	CHECK_INT(lesson_run_observe(r, &m), 1);
	CHECK(lesson_run_done(r, 2));
	/* the message before the login: DATA's step waits for the one before it */
	struct txn_result ok = {.outcome = TXN_ACCEPTED, .at = TXN_AT_MESSAGE, .code = 250};
	m.last = &ok;
	CHECK_INT(lesson_run_observe(r, &m), 0);
	m.last = NULL;
	m.auth = MA_DONE;
	reply(&m, 235, "AUTH");
	CHECK_INT(lesson_run_observe(r, &m), 1);
	m.rcpts = 1;
	CHECK_INT(lesson_run_observe(r, &m), 1);
	m.rcpts = 0;
	m.last = &ok;
	CHECK_INT(lesson_run_observe(r, &m), 1);
	CHECK_INT(lesson_run_ticked(r), lesson_run_steps(r));
	lesson_run_free(r);
}

static void test_failures(void)
{
	/* implicit: a plain connection to the TLS port waits for a greeting that never comes */
	struct lesson_run *r = lesson_run_new(lesson_find("implicit"));
	struct session_model m = {.conn = MC_READY, .smtp = SMTP_GREETED, .tls = MT_IMPLICIT};
	CHECK_INT(lesson_run_observe(r, &m), 0); /* --lab connected with TLS: yours to do after the plain try */
	m = (struct session_model){.conn = MC_GREETING, .smtp = SMTP_GREETING};
	CHECK_INT(lesson_run_observe(r, &m), 1);
	m.tls = MT_IMPLICIT; /* the handshake under way is not yet the TLS session */
	m.conn = MC_TLS_HANDSHAKE;
	CHECK_INT(lesson_run_observe(r, &m), 0);
	m.conn = MC_READY;
	CHECK_INT(lesson_run_observe(r, &m), 1);
	lesson_run_free(r);

	/* tarpit: the wait that timed out; strict-sync: 554 in place of the greeting, then to a pipeline */
	r = lesson_run_new(lesson_find("tarpit"));
	m = ready();
	m.error = "connect";
	CHECK_INT(lesson_run_observe(r, &m), 0);
	m.error = "timeout";
	CHECK_INT(lesson_run_observe(r, &m), 1);
	CHECK(lesson_run_done(r, 1) && !lesson_run_done(r, 0));
	lesson_run_free(r);

	r = lesson_run_new(lesson_find("strict-sync"));
	m = (struct session_model){.conn = MC_GREETING, .smtp = SMTP_GREETING};
	reply(&m, 554, "");
	CHECK_INT(lesson_run_observe(r, &m), 1);
	m = ready();
	m.smtp = SMTP_READY;
	m.auth = MA_OFFERED;
	reply(&m, 250, "EHLO");
	CHECK_INT(lesson_run_observe(r, &m), 1);
	reply(&m, 554, "MAIL");
	CHECK_INT(lesson_run_observe(r, &m), 1);
	CHECK_INT(lesson_run_ticked(r), 3);
	lesson_run_free(r);

	/* greylist: the retry counts only after the 451; flaky: the resend only after the loss */
	r = lesson_run_new(lesson_find("greylist"));
	m = ready();
	m.rcpts = 1;
	CHECK_INT(lesson_run_observe(r, &m), 0);
	m.rcpts = 0;
	reply(&m, 451, "RCPT");
	CHECK_INT(lesson_run_observe(r, &m), 1);
	m.rcpts = 1;
	reply(&m, 250, "RCPT");
	CHECK_INT(lesson_run_observe(r, &m), 1);
	lesson_run_free(r);

	r = lesson_run_new(lesson_find("flaky"));
	struct txn_result ok = {.outcome = TXN_ACCEPTED, .at = TXN_AT_MESSAGE}, lost = {.outcome = TXN_LOST};
	m = ready();
	m.last = &ok;
	CHECK_INT(lesson_run_observe(r, &m), 0);
	m.last = &lost;
	CHECK_INT(lesson_run_observe(r, &m), 1);
	m.last = &ok;
	CHECK_INT(lesson_run_observe(r, &m), 1);
	lesson_run_free(r);

	/* bad-cert: the hold, then /trust; no-starttls: --tls stopping the session */
	r = lesson_run_new(lesson_find("bad-cert"));
	m = ready();
	m.cert = MCERT_HOLD;
	CHECK_INT(lesson_run_observe(r, &m), 1);
	m.cert = MCERT_TRUSTED;
	m.tls = MT_STARTTLS;
	CHECK_INT(lesson_run_observe(r, &m), 1);
	CHECK(!lesson_run_done(r, 0));
	lesson_run_free(r);
	r = lesson_run_new(lesson_find("no-starttls"));
	m = ready();
	m.smtp = SMTP_READY;
	m.auth = MA_OFFERED;
	m.starttls_offered = true;
	CHECK_INT(lesson_run_observe(r, &m), 0); /* STARTTLS offered: not this lesson's server */
	m.starttls_offered = false;
	CHECK_INT(lesson_run_observe(r, &m), 1);
	reply(&m, 502, "STARTTLS");
	m.error = "tls";
	CHECK_INT(lesson_run_observe(r, &m), 2);
	lesson_run_free(r);
}

int main(void)
{
	test_tables();
	test_place();
	test_delivery();
	test_submission();
	test_failures();
	return check_report();
}
