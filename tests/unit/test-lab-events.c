/* test-lab-events: what a server-side view (listen mode, a classroom log) learns from the lab: every byte both
 * ways in order, TLS, deliveries, and a diagnosis for each classic client mistake: talking before the greeting,
 * a ClientHello on a STARTTLS port, STARTTLS injection, no EHLO after TLS, AUTH before STARTTLS, a password in
 * clear text, bare LF, broken dot-stuffing, pipelining past a group end and without PIPELINING. */
#include "check.h"
#include "test-lab-client.h"
#include "lib/buf.h"

static int port;
static const char *ca;

struct seen {
	struct buf diags;  /* " id id ... " */
	struct buf recv, send;
	int connects, closes, tls, delivered, secrets;
	char proposal[16][512]; /* manual mode: replies waiting for an answer */
	unsigned long proposal_client[16];
	int nproposals;
};
static struct seen seen;

static void on_event(void *arg, const struct lab_event *ev)
{
	struct seen *s = arg;
	switch (ev->kind) {
	case LAB_EV_CONNECT: s->connects++; break;
	case LAB_EV_CLOSE: s->closes++; break;
	case LAB_EV_TLS: s->tls++; CHECK(ev->text && strstr(ev->text, "TLS")); break;
	case LAB_EV_DELIVERED: s->delivered++; CHECK(ev->id && ev->len > 0); break;
	case LAB_EV_DIAG: buf_printf(&s->diags, " %s ", ev->id); CHECK(ev->text && *ev->text); break;
	case LAB_EV_RECV:
		if (ev->secret) {
			s->secrets++;
			break;
		}
		buf_append(&s->recv, ev->data, ev->len);
		break;
	case LAB_EV_SEND: buf_append(&s->send, ev->data, ev->len); break;
	case LAB_EV_NOTE: CHECK(ev->id && ev->text && *ev->text); break;
	case LAB_EV_PROPOSE:
		if (s->nproposals < 16) {
			s->proposal_client[s->nproposals] = ev->client;
			snprintf(s->proposal[s->nproposals++], sizeof s->proposal[0], "%.*s", (int)ev->len,
			         (const char *)ev->data);
		}
		break;
	}
	CHECK(ev->client > 0 && ev->peer != NULL);
}

static bool diag(const char *id)
{
	char k[64];
	snprintf(k, sizeof k, " %s ", id);
	return strstr(buf_cstr(&seen.diags), k) != NULL;
}

static void *mistakes(void *arg)
{
	(void)arg;
	struct tc t;
	/* Talk before the greeting (the lab peeks at accept, which may come first or not). */
	CHECK(tc_connect(&t, port));
	CHECK(tc_send(&t, "EHLO early\r\n"));
	usleep(200 * 1000);
	CHECK_INT(tc_reply(&t), 220);
	CHECK_INT(tc_reply(&t), 250);
	/* Bare LF in a command; AUTH before STARTTLS; pipelining past EHLO. */
	CHECK(tc_send(&t, "NOOP\n"));
	CHECK_INT(tc_reply(&t), 250);
	CHECK_INT(tc_cmd(&t, "AUTH PLAIN AHN0dWRlbnQAcHJhY3RpY2U="), 530);
	CHECK(tc_send(&t, "EHLO again\r\nNOOP\r\n"));
	CHECK_INT(tc_reply(&t), 250);
	CHECK_INT(tc_reply(&t), 250);
	/* STARTTLS with a command behind it, then no EHLO inside TLS. */
	CHECK(tc_send(&t, "STARTTLS\r\nNOOP\r\n"));
	CHECK_INT(tc_reply(&t), 220);
	usleep(100 * 1000);
	CHECK(tc_tls(&t, ca, LAB_HOSTNAME, NULL));
	CHECK_INT(tc_cmd(&t, "AUTH PLAIN AHN0dWRlbnQAcHJhY3RpY2U="), 503);
	CHECK_INT(tc_cmd(&t, "EHLO c"), 250);
	CHECK_INT(tc_cmd(&t, "AUTH PLAIN AHN0dWRlbnQAcHJhY3RpY2U="), 235);
	CHECK_INT(tc_cmd(&t, "MAIL FROM:<student@lab.test>"), 250);
	CHECK_INT(tc_cmd(&t, "RCPT TO:<student@lab.test>"), 250);
	CHECK_INT(tc_cmd(&t, "DATA"), 354);
	CHECK_INT(tc_cmd(&t, "Subject: x\r\n\r\n.unstuffed line\r\n."), 250);
	CHECK_INT(tc_cmd(&t, "QUIT"), 221);
	tc_close(&t);
	/* A ClientHello on the plain port. */
	CHECK(tc_connect(&t, port));
	CHECK_INT(tc_reply(&t), 220);
	CHECK(tc_write(&t, "\x16\x03\x01\x00\x05hello", 10));
	CHECK_INT(tc_reply(&t), 554);
	tc_close(&t);
	return NULL;
}

static void *cleartext(void *arg)
{
	(void)arg;
	struct tc t;
	CHECK(tc_connect(&t, port));
	CHECK_INT(tc_reply(&t), 220);
	CHECK_INT(tc_cmd(&t, "EHLO c"), 250);
	CHECK_INT(tc_cmd(&t, "AUTH LOGIN"), 334);
	CHECK_INT(tc_cmd(&t, "c3R1ZGVudA=="), 334);
	CHECK_INT(tc_cmd(&t, "cHJhY3RpY2U="), 235);
	CHECK_INT(tc_cmd(&t, "MAIL FROM:<a@lab.test>"), 250);
	CHECK_INT(tc_cmd(&t, "RCPT TO:<student@lab.test>"), 250);
	CHECK_INT(tc_cmd(&t, "DATA"), 354);
	CHECK(tc_send(&t, "Subject: y\r\n\r\nbare\nlf\r\n.\r\n"));
	CHECK_INT(tc_reply(&t), 521);
	tc_close(&t);
	return NULL;
}

static void *unannounced(void *arg)
{
	(void)arg;
	struct tc t;
	CHECK(tc_connect(&t, port));
	CHECK(tc_send(&t, "EHLO early\r\n"));
	CHECK_INT(tc_reply(&t), 554);
	tc_close(&t);
	CHECK(tc_connect(&t, port));
	CHECK_INT(tc_reply(&t), 220);
	CHECK(tc_send(&t, "EHLO c\r\nNOOP\r\n"));
	CHECK_INT(tc_reply(&t), 554);
	tc_close(&t);
	return NULL;
}

/* The person at the console, in manual mode: rewrites the greeting and the answer to MAIL, lets the rest through. */
static struct lab *manual_lab;
static int answered;

static void answer_pending(void *arg)
{
	struct loop *loop = arg;
	for (int i = 0; i < seen.nproposals; i++) {
		const char *p = seen.proposal[i];
		const char *text = strncmp(p, "220 " LAB_HOSTNAME, 17) == 0 ? "220 hand.example ESMTP typed by a person"
		                   : strncmp(p, "250 2.1.0", 9) == 0        ? "550 5.7.1 Not from you, today"
		                                                            : NULL;
		CHECK_INT(lab_answer(manual_lab, seen.proposal_client[i], text), 0);
		CHECK_INT(lab_answer(manual_lab, seen.proposal_client[i], NULL), -1); /* nothing held any more */
		answered++;
	}
	seen.nproposals = 0;
	loop_timer_add(loop, 5, answer_pending, loop);
}

static void *by_hand(void *arg)
{
	(void)arg;
	struct tc t;
	CHECK(tc_connect(&t, port));
	CHECK_INT(tc_reply(&t), 220);
	CHECK(strstr(t.reply, "typed by a person") != NULL);
	CHECK_INT(tc_cmd(&t, "EHLO c"), 250);
	CHECK(strstr(t.reply, "PIPELINING") != NULL);
	CHECK_INT(tc_cmd(&t, "MAIL FROM:<a@example.org>"), 550);
	CHECK(strstr(t.reply, "Not from you") != NULL);
	CHECK_INT(tc_cmd(&t, "QUIT"), 221);
	CHECK(tc_eof(&t));
	tc_close(&t);
	return NULL;
}

static struct lab *start(struct loop *loop, const char *scenario)
{
	char *err = NULL;
	struct lab_params p = {.scenario = scenario, .on_event = on_event, .event_arg = &seen, .greet_delay_ms = 200};
	struct lab *lab = lab_new(loop, &p, &err);
	if (lab == NULL) {
		fprintf(stderr, "%s\n", err);
		exit(1);
	}
	port = lab_port(lab);
	ca = lab_ca_file(lab);
	buf_init(&seen.diags, 0);
	buf_init(&seen.recv, 0);
	buf_init(&seen.send, 0);
	return lab;
}

static void stop(struct lab *lab)
{
	lab_free(lab);
	buf_free(&seen.diags);
	buf_free(&seen.recv);
	buf_free(&seen.send);
	memset(&seen, 0, sizeof seen);
}

int main(void)
{
	struct loop *loop = loop_new();
	struct lab *lab = start(loop, "submission");
	tc_run(loop, 1, mistakes, NULL, 0, 30000);
	CHECK_INT(seen.connects, 2);
	CHECK_INT(seen.closes, 2);
	CHECK_INT(seen.tls, 1);
	CHECK_INT(seen.delivered, 1);
	CHECK_INT(seen.secrets, 3); /* the three AUTH PLAIN lines with credentials, never in recv */
	CHECK(strstr(buf_cstr(&seen.recv), "AHN0dWRlbnQ") == NULL);
	/* (early-talker is best effort here: it races with accept(); strict-sync below catches it for sure.) */
	const char *ids[] = {"bare-lf", "auth-before-starttls", "pipelining-group",
	                     "starttls-injection", "no-ehlo-after-tls", "dot-stuffing", "tls-on-plain-port"};
	for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
		if (!diag(ids[i]))
			fprintf(stderr, "missing diagnosis %s (got:%s)\n", ids[i], buf_cstr(&seen.diags));
		CHECK(diag(ids[i]));
	}
	CHECK(!diag("auth-in-cleartext"));
	/* Both directions, in order, including bytes inside TLS and message data as sent (still stuffed). */
	CHECK(strstr(buf_cstr(&seen.recv), "EHLO early\r\nNOOP\nAUTH") == NULL); /* AUTH line is secret */
	CHECK(strstr(buf_cstr(&seen.recv), "EHLO early\r\nNOOP\n") != NULL);
	CHECK(strstr(buf_cstr(&seen.recv), "STARTTLS\r\nNOOP\r\n") != NULL);
	CHECK(strstr(buf_cstr(&seen.recv), "Subject: x\r\n\r\n.unstuffed line\r\n.\r\nQUIT\r\n") != NULL);
	CHECK(strstr(buf_cstr(&seen.send), "220 2.0.0 Ready to start TLS\r\n503 5.5.1 Send EHLO") != NULL);
	CHECK(strstr(buf_cstr(&seen.send), "235 2.7.0") != NULL);
	stop(lab);

	lab = start(loop, "no-starttls");
	tc_run(loop, 1, cleartext, NULL, 0, 30000);
	CHECK(diag("auth-in-cleartext"));
	CHECK(diag("bare-lf-data"));
	CHECK_INT(seen.secrets, 2); /* the two LOGIN responses */
	CHECK(strstr(buf_cstr(&seen.recv), "AUTH LOGIN\r\n") != NULL);
	stop(lab);

	/* Without PIPELINING on offer, sending two commands at once is diagnosed (and refused). */
	lab = start(loop, "strict-sync");
	tc_run(loop, 1, unannounced, NULL, 0, 30000);
	CHECK(diag("pipelining-unadvertised"));
	CHECK(diag("early-talker"));
	stop(lab);

	/* Manual mode: each reply waits for the person at the console. */
	char *err = NULL;
	struct lab_params mp = {.scenario = "delivery", .on_event = on_event, .event_arg = &seen, .manual = true};
	manual_lab = lab_new(loop, &mp, &err);
	CHECK(manual_lab != NULL);
	port = lab_port(manual_lab);
	buf_init(&seen.diags, 0);
	buf_init(&seen.recv, 0);
	buf_init(&seen.send, 0);
	uint64_t tid = loop_timer_add(loop, 5, answer_pending, loop);
	tc_run(loop, 1, by_hand, NULL, 0, 30000);
	CHECK_INT(answered, 4);
	CHECK(lab_answer(manual_lab, 999, NULL) == -1);
	(void)tid;
	stop(manual_lab);
	loop_free(loop);
	return check_report();
}
