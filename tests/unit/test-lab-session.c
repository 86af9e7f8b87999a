/* test-lab-session: a whole session against the practice lab over loopback, the way the README's first command
 * does it: EHLO, STARTTLS (verified against the lab's CA), EHLO, AUTH, MAIL, RCPT, DATA, QUIT; then the message
 * must be in the Maildir with the lab's Received header, dot-unstuffed, and /mailbox must list and show it. Also
 * BDAT, PLAIN with a continuation, SMTPUTF8, size and line limits, bare LF, and the STARTTLS injection rule. */
#include "check.h"
#include "test-lab-client.h"
#include "lib/xmalloc.h"

static const char *ca;
static int port;

static void *full_session(void *arg)
{
	(void)arg;
	struct tc t;
	CHECK(tc_connect(&t, port));
	CHECK_INT(tc_reply(&t), 220);
	CHECK(strstr(t.reply, LAB_HOSTNAME) != NULL);
	CHECK_INT(tc_cmd(&t, "EHLO client.example"), 250);
	CHECK(strstr(t.reply, "STARTTLS") != NULL);
	CHECK(strstr(t.reply, "AUTH") == NULL); /* submission: AUTH only inside TLS */
	CHECK(strstr(t.reply, "PIPELINING") != NULL && strstr(t.reply, "CHUNKING") != NULL);
	CHECK(strstr(t.reply, "SMTPUTF8") != NULL && strstr(t.reply, "8BITMIME") != NULL);
	CHECK(strstr(t.reply, "ENHANCEDSTATUSCODES") != NULL && strstr(t.reply, "SIZE 10485760") != NULL);
	CHECK_INT(tc_cmd(&t, "MAIL FROM:<student@lab.test>"), 530);
	CHECK(strstr(t.reply, "5.7.0") != NULL);
	CHECK_INT(tc_cmd(&t, "AUTH PLAIN AHN0dWRlbnQAcHJhY3RpY2U="), 530);
	CHECK_INT(tc_cmd(&t, "STARTTLS"), 220);
	CHECK(tc_tls(&t, ca, LAB_HOSTNAME, NULL));
	CHECK_INT(t.verify_status, 0);
	CHECK_INT(tc_cmd(&t, "MAIL FROM:<student@lab.test>"), 503); /* EHLO again first */
	CHECK_INT(tc_cmd(&t, "EHLO client.example"), 250);
	CHECK(strstr(t.reply, "AUTH PLAIN LOGIN") != NULL);
	CHECK(strstr(t.reply, "STARTTLS") == NULL);
	CHECK_INT(tc_cmd(&t, "AUTH LOGIN"), 334);
	CHECK_INT(tc_cmd(&t, "c3R1ZGVudA=="), 334);
	CHECK_INT(tc_cmd(&t, "d3Jvbmc="), 535); /* "wrong" */
	CHECK(strstr(t.reply, "5.7.8") != NULL);
	CHECK_INT(tc_cmd(&t, "AUTH LOGIN c3R1ZGVudA=="), 334);
	CHECK_INT(tc_cmd(&t, "cHJhY3RpY2U="), 235);
	CHECK_INT(tc_cmd(&t, "MAIL FROM:<student@lab.test> SIZE=300 BODY=8BITMIME"), 250);
	CHECK_INT(tc_cmd(&t, "RCPT TO:<friend@example.com>"), 250);
	CHECK_INT(tc_cmd(&t, "RCPT TO:<student@lab.test>"), 250);
	CHECK_INT(tc_cmd(&t, "DATA"), 354);
	CHECK_INT(tc_cmd(&t, "Subject: lab test one\r\nFrom: student@lab.test\r\n\r\nHello.\r\n..leading dot\r\n"
	                     "."),
	          250);
	CHECK(strstr(t.reply, "2.0.0") != NULL);
	CHECK_INT(tc_cmd(&t, "QUIT"), 221);
	tc_close(&t);
	return NULL;
}

static void *pipelined_bdat(void *arg)
{
	(void)arg;
	struct tc t;
	CHECK(tc_connect(&t, port));
	CHECK_INT(tc_reply(&t), 220);
	CHECK_INT(tc_cmd(&t, "EHLO c"), 250);
	CHECK_INT(tc_cmd(&t, "STARTTLS"), 220);
	CHECK(tc_tls(&t, ca, LAB_HOSTNAME, NULL));
	CHECK_INT(tc_cmd(&t, "EHLO c"), 250);
	CHECK_INT(tc_cmd(&t, "AUTH PLAIN"), 334);
	CHECK_INT(tc_cmd(&t, "AHN0dWRlbnQAcHJhY3RpY2U="), 235);
	/* Pipelined MAIL, RCPT and two BDAT chunks in one write. */
	CHECK(tc_send(&t, "MAIL FROM:<b@lab.test>\r\nRCPT TO:<x@lab.test>\r\nBDAT 20\r\nSubject: chunked\r\n\r\n"
	                  "BDAT 9 LAST\r\n.no dot\r\n"));
	CHECK_INT(tc_reply(&t), 250);
	CHECK_INT(tc_reply(&t), 250);
	CHECK_INT(tc_reply(&t), 250);
	CHECK(strstr(t.reply, "20 octets") != NULL);
	CHECK_INT(tc_reply(&t), 250);
	CHECK(strstr(t.reply, "queued") != NULL);
	/* SMTPUTF8 addresses need the parameter. */
	CHECK_INT(tc_cmd(&t, "MAIL FROM:<jos\xc3\xa9@lab.test>"), 553);
	CHECK_INT(tc_cmd(&t, "MAIL FROM:<jos\xc3\xa9@lab.test> SMTPUTF8"), 250);
	CHECK_INT(tc_cmd(&t, "RCPT TO:<\xc3\xa9l\xc3\xa8ve@lab.test>"), 250);
	CHECK_INT(tc_cmd(&t, "RSET"), 250);
	CHECK_INT(tc_cmd(&t, "MAIL FROM:<a@lab.test> SIZE=99999999"), 552);
	CHECK_INT(tc_cmd(&t, "MAIL FROM:<a@lab.test> RET=FULL"), 555);
	CHECK_INT(tc_cmd(&t, "VRFY student"), 252);
	CHECK_INT(tc_cmd(&t, "NOOP"), 250);
	CHECK_INT(tc_cmd(&t, "HELP"), 214);
	CHECK_INT(tc_cmd(&t, "FROBNICATE"), 500);
	char longline[3000];
	memset(longline, 'x', sizeof longline - 1);
	longline[sizeof longline - 1] = '\0';
	CHECK_INT(tc_cmd(&t, longline), 500);
	CHECK(strstr(t.reply, "too long") != NULL);
	CHECK_INT(tc_cmd(&t, "NOOP"), 250); /* and the session goes on */
	/* A bare LF inside DATA is refused and the connection closed. */
	CHECK_INT(tc_cmd(&t, "MAIL FROM:<a@lab.test>"), 250);
	CHECK_INT(tc_cmd(&t, "RCPT TO:<student@lab.test>"), 250);
	CHECK_INT(tc_cmd(&t, "DATA"), 354);
	CHECK(tc_send(&t, "Subject: smuggle\r\n\r\nline\n.\nMAIL FROM:<evil@example.com>\r\n"));
	CHECK_INT(tc_reply(&t), 521);
	CHECK(strstr(t.reply, "bare <LF>") != NULL);
	CHECK(tc_eof(&t));
	tc_close(&t);
	return NULL;
}

static void *injection(void *arg)
{
	(void)arg;
	struct tc t;
	CHECK(tc_connect(&t, port));
	CHECK_INT(tc_reply(&t), 220);
	CHECK_INT(tc_cmd(&t, "EHLO c"), 250);
	/* A command smuggled behind STARTTLS in plain text must not be run inside TLS. */
	CHECK(tc_send(&t, "STARTTLS\r\nNOOP\r\n"));
	CHECK_INT(tc_reply(&t), 220);
	usleep(100 * 1000);
	CHECK(tc_tls(&t, ca, "127.0.0.1", NULL)); /* what the console checks when it connects by address */
	CHECK_INT(t.verify_status, 0);
	CHECK_INT(tc_cmd(&t, "EHLO c"), 250); /* the first reply inside TLS is for EHLO, not the NOOP */
	CHECK(strstr(t.reply, "Hello c") != NULL);
	CHECK_INT(tc_cmd(&t, "QUIT"), 221);
	tc_close(&t);
	return NULL;
}

int main(void)
{
	struct loop *loop = loop_new();
	char *err = NULL;
	struct lab_params p = {.scenario = "submission"};
	struct lab *lab = lab_new(loop, &p, &err);
	CHECK(lab != NULL);
	if (lab == NULL) {
		fprintf(stderr, "lab_new: %s\n", err);
		return 1;
	}
	ca = lab_ca_file(lab);
	port = lab_port(lab);
	CHECK(port > 0);
	CHECK(strstr(lab_describe(lab), LAB_USER) != NULL);
	CHECK(strstr(lab_describe(lab), lab_fingerprint(lab)) != NULL);

	tc_run(loop, 1, full_session, NULL, 0, 30000);
	struct buf b;
	buf_init(&b, 1 << 20);
	CHECK_INT(lab_mailbox_list(lab, &b), 1);
	CHECK(strstr(buf_cstr(&b), "lab test one") != NULL);
	CHECK(strstr(buf_cstr(&b), "<student@lab.test> -> <friend@example.com>, <student@lab.test>") != NULL);
	buf_reset(&b);
	CHECK_INT(lab_mailbox_show(lab, 1, &b), 0);
	const char *m = buf_cstr(&b);
	CHECK(strncmp(m, "Return-Path: <student@lab.test>\r\n", 33) == 0);
	CHECK(strstr(m, "Received: from client.example ([127.0.0.1])") != NULL);
	CHECK(strstr(m, "with ESMTPSA id") != NULL);
	CHECK(strstr(m, "\r\n\r\nHello.\r\n.leading dot\r\n") != NULL); /* unstuffed */
	CHECK(strstr(m, "\r\n.\r\n") == NULL);
	buf_reset(&b);
	CHECK_INT(lab_mailbox_show(lab, 2, &b), -1);

	tc_run(loop, 1, pipelined_bdat, NULL, 0, 30000);
	buf_reset(&b);
	CHECK_INT(lab_mailbox_list(lab, &b), 2);
	buf_reset(&b);
	CHECK_INT(lab_mailbox_show(lab, 2, &b), 0);
	CHECK(strstr(buf_cstr(&b), "Subject: chunked\r\n\r\n.no dot\r\n") != NULL); /* BDAT is never unstuffed */

	tc_run(loop, 1, injection, NULL, 0, 30000);

	struct lab_stats st;
	lab_get_stats(lab, &st);
	CHECK_INT(st.connections, 3);
	CHECK_INT(st.active, 0);
	CHECK_INT(st.messages, 2);
	CHECK_INT(st.tls, 3);

	char *dir = xstrdup(lab_dir(lab));
	buf_free(&b);
	lab_free(lab);
	CHECK(access(dir, F_OK) != 0); /* the fresh directory is gone */
	free(dir);
	loop_free(loop);
	return check_report();
}
