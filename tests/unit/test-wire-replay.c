/* test-wire-replay: the transcript reader: smtpcon's format with and without times, "C+" continuations, bare LF,
 * escapes, swaks' format, implicit TLS, masked secrets, BDAT chunks, and the script made from them. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "core/replay.h"

static struct replay *parse(const char *text)
{
	const char *err = NULL;
	return replay_parse((const uint8_t *)text, strlen(text), &err);
}

/* The client bytes read, as a string (NULs shown as '@'). */
static const char *bytes(const struct replay *r)
{
	static char out[4096];
	size_t n = 0;
	const uint8_t *p = replay_bytes(r, &n);
	if (n >= sizeof out)
		n = sizeof out - 1;
	for (size_t i = 0; i < n; i++)
		out[i] = p[i] ? (char)p[i] : '@';
	out[n] = '\0';
	return out;
}

static bool script_has(const struct replay *r, const char *line)
{
	char *s = replay_script(r, NULL);
	bool ok = strstr(s, line) != NULL;
	if (!ok)
		fprintf(stderr, "script lacks [%s]:\n%s", line, s);
	free(s);
	return ok;
}

int main(void)
{
	/* Times, server lines and milestones ignored; CRLF implied. */
	struct replay *r = parse("  0.000 --- connected to x\n"
				 "  0.004 S: 220 mail.lab.test ESMTP\n"
				 "  0.004 C: EHLO client.lab.test\n"
				 "  0.005 S: 250 ok\n"
				 "  0.006 C: STARTTLS\n"
				 "  0.010 C:~ EHLO client.lab.test\n"
				 "pipeline: collecting commands until /end\n");
	CHECK(r != NULL);
	CHECK_STR(bytes(r), "EHLO client.lab.test\r\nSTARTTLS\r\nEHLO client.lab.test\r\n");
	CHECK(!replay_implicit_tls(r));
	CHECK(replay_format(r) == REPLAY_FORMAT_SMTPCON);
	CHECK(script_has(r, "\nEHLO client.lab.test\nSTARTTLS\nEHLO client.lab.test\n"));
	replay_free(r);

	/* No time column; a cut line continued with C+; a bare LF; escapes; lines the console would misread. */
	r = parse("C: MAIL FROM:<a@b>\nS: 250 ok\nC+ \nC: NOOP\\n\nC: /etc\nC: \nC: #x\nC: a\\0b\\x1b\\u{202e}\\x41\n");
	CHECK(r != NULL);
	CHECK_STR(bytes(r), "MAIL FROM:<a@b>\r\nNOOP\n/etc\r\n\r\n#x\r\na@b\x1b\xe2\x80\xae\\x41\r\n");
	CHECK(script_has(r, "/raw \"NOOP\\n\"\n"));
	CHECK(script_has(r, "/raw \"/etc\\r\\n\"\n"));
	CHECK(script_has(r, "/raw \"\\r\\n\"\n"));
	CHECK(script_has(r, "/raw \"#x\\r\\n\"\n"));
	replay_free(r);

	/* A line cut before its end by the server's bytes: C+ continues it without a line ending. */
	r = parse("C: BDAT 10\nC: Subject: b\nS: 250 ok\nC+ BDAT 3 LAST\nC: abC: x\n");
	CHECK_STR(bytes(r), "BDAT 10\r\nSubject: bBDAT 3 LAST\r\nabC: x\r\n");
	/* The BDAT chunks become /bdat --text, the rest after the chunk goes out as it was. */
	CHECK(script_has(r, "/bdat --text \"Subject: b\" --exact --no-last\n/bdat --text \"abC\" --exact\n"));
	replay_free(r);

	/* Implicit TLS and masked secrets. */
	r = parse("  0.010 C:~ EHLO x\n  0.011 C:~ AUTH PLAIN ******\n  0.012 C:~ AUTH LOGIN\n  0.013 C:~ ****\n");
	CHECK(replay_implicit_tls(r));
	CHECK_INT(replay_masked(r), 2);
	CHECK(script_has(r, "implicit TLS"));
	CHECK(script_has(r, "# a secret was masked"));
	replay_free(r);

	/* swaks: " -> " and " ~> " lines; its DATA lines carry a CR, dropped. */
	r = parse("=== Trying 127.0.0.1:25...\n<-  220 x ESMTP\n -> EHLO c.example\n<-  250 ok\n -> STARTTLS\n"
		  " ~> EHLO c.example\n ~> DATA\n ~> Subject: hi\r\n ~> \r\n ~> .\r\n<~  250 ok\n");
	CHECK(r != NULL);
	CHECK(replay_format(r) == REPLAY_FORMAT_SWAKS);
	CHECK_STR(bytes(r), "EHLO c.example\r\nSTARTTLS\r\nEHLO c.example\r\nDATA\r\nSubject: hi\r\n\r\n.\r\n");
	CHECK(!replay_implicit_tls(r));
	replay_free(r);

	/* No client line: an error, not an empty script. */
	CHECK(parse("S: 220 hello\n--- closed\n") == NULL);
	CHECK(parse("") == NULL);
	/* Detail lines under events are indented: never client lines. */
	CHECK(parse("        C: not data\n") == NULL);
	return check_report();
}
