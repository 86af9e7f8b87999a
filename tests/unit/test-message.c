/* test-message: the generated test message and its envelope. The Message-ID keeps every digit of the time (a
 * leading zero of the nanoseconds was lost before), and the message's From:/To: are the envelope the server
 * accepted (batch /data wrote "To: postmaster" while the TUI editor used the envelope). */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "cmd/message.h"
#include "cmd/mime.h"

static void test_message_id(void)
{
	char id[128];

	message_id_format(id, sizeof id, 1733443200, 123, 42, "client.lab.test");
	CHECK_STR(id, "<1733443200.000000123.42@client.lab.test>");
	message_id_format(id, sizeof id, 1733443200, 999999999, 42, "[127.0.0.1]");
	CHECK_STR(id, "<1733443200.999999999.42@smtpcon.invalid>");
	message_id_format(id, sizeof id, 1, 0, 7, NULL);
	CHECK_STR(id, "<1.000000000.7@smtpcon.invalid>");
}

static void test_envelope(void)
{
	struct envelope e = {0};

	envelope_track(&e, "MAIL FROM:<me@lab.test>", 250);
	envelope_track(&e, "RCPT TO:<a@lab.test>", 250);
	envelope_track(&e, "RCPT TO:<nobody@lab.test>", 550); /* refused: not in To: */
	envelope_track(&e, "RCPT TO:<b@lab.test> NOTIFY=NEVER", 250);
	CHECK_STR(e.from, "me@lab.test");
	CHECK_STR(e.to, "a@lab.test, b@lab.test");

	char err[200];
	size_t len;
	struct mime_spec spec = {.from = e.from, .to = e.to, .ehlo_name = "client.lab.test"};
	char *m = mime_build(&spec, &len, err, sizeof err);
	CHECK(strstr(m, "From: me@lab.test\r\n") != NULL);
	CHECK(strstr(m, "To: a@lab.test, b@lab.test\r\n") != NULL);
	CHECK(strstr(m, "\r\n\r\nThis is a test message") != NULL); /* the blank line between headers and body */
	free(m);

	envelope_track(&e, "RSET", 250);
	CHECK(e.from == NULL && e.to == NULL);
	envelope_track(&e, "MAIL FROM:<>", 250);
	CHECK_STR(e.from, "");
	envelope_clear(&e);

	struct mime_spec none = {0};
	m = mime_build(&none, &len, err, sizeof err);
	CHECK(strstr(m, "To: postmaster\r\n") != NULL);
	free(m);

	/* SMTPUTF8 accepted with MAIL FROM: the message may carry raw UTF-8 headers; a new MAIL FROM without it
	 * takes that back. */
	envelope_track(&e, "MAIL FROM:<me@lab.test> SMTPUTF8", 250);
	CHECK(e.smtputf8);
	envelope_track(&e, "MAIL FROM:<me@lab.test> BODY=8BITMIME", 250);
	CHECK(!e.smtputf8);
	envelope_track(&e, "MAIL FROM:<smtputf8@lab.test>", 250);
	CHECK(!e.smtputf8); /* the word inside the address is no parameter */
	envelope_track(&e, "MAIL FROM:<me@lab.test> SMTPUTF8 SIZE=10", 250);
	CHECK(e.smtputf8);
	envelope_track(&e, "RSET", 250);
	CHECK(!e.smtputf8);
	envelope_clear(&e);
}

int main(void)
{
	test_message_id();
	test_envelope();
	return check_report();
}
