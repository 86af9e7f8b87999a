/* test-out-text: the transcript sink on synthetic events written to a memory FILE: one printed line per line of
 * data whatever the reads, CRLF hidden and bare LF shown, ESC and friends escaped, the TLS lock marker, and the
 * rendering of TLS results, capabilities, diffs, expects, errors, diagnoses and command output. */
#include <stdlib.h>
#include <string.h>

#include "batch/out-text.h"
#include "check.h"
#include "core/smtp.h"
#include "lib/json.h"

static FILE *mem;
static char *mem_text;
static size_t mem_len;
static struct out_text *sink;

static void start(unsigned flags)
{
	mem = open_memstream(&mem_text, &mem_len);
	sink = out_text_new(mem, flags | OUT_TEXT_NO_TIME);
}

/* Finish the sink and return everything it wrote (caller frees). */
static char *finish(void)
{
	out_text_free(sink);
	fclose(mem);
	return mem_text;
}

static void wire(enum event_type type, const char *bytes, size_t n, bool tls)
{
	struct event ev = {.type = type, .data = (const uint8_t *)bytes, .len = n, .tls = tls,
			   .dir = type == EV_SENT ? DIR_CLIENT : DIR_SERVER};
	out_text_event(sink, &ev);
}

#define RECV(lit) wire(EV_RECEIVED, lit, sizeof(lit) - 1, false)
#define SEND(lit) wire(EV_SENT, lit, sizeof(lit) - 1, false)
#define RECV_TLS(lit) wire(EV_RECEIVED, lit, sizeof(lit) - 1, true)
#define SEND_TLS(lit) wire(EV_SENT, lit, sizeof(lit) - 1, true)

#define EXPECT_OUTPUT(want)                                                                            \
	do {                                                                                           \
		char *got_ = finish();                                                                 \
		CHECK_STR(got_, want);                                                                 \
		free(got_);                                                                            \
	} while (0)

static void test_lines(void)
{
	start(0);
	RECV("220 mail.lab.test ESMTP Exim 4.96\r\n");
	SEND("EHLO host\r\n");
	RECV("250-mail.lab.test\r\n250-PIPELINING\r\n250 HELP\r\n");
	EXPECT_OUTPUT("S: 220 mail.lab.test ESMTP Exim 4.96\n"
		      "C: EHLO host\n"
		      "S: 250-mail.lab.test\n"
		      "S: 250-PIPELINING\n"
		      "S: 250 HELP\n");

	/* A line split across reads is still one line, wherever the split falls (even between CR and LF). */
	start(0);
	RECV("250-mail.l");
	RECV("ab.test\r\n250 ");
	RECV("OK\r");
	RECV("\n");
	RECV("\r");
	RECV("\n");
	EXPECT_OUTPUT("S: 250-mail.lab.test\nS: 250 OK\nS: \n");

	/* Another event cuts an unfinished line; the rest comes with "+". */
	start(0);
	RECV("250 par");
	SEND("QUIT\r\n");
	RECV("tial\r\n221 bye\r\n");
	EXPECT_OUTPUT("S: 250 par\nC: QUIT\nS+ tial\nS: 221 bye\n");

	/* A CRLF whose CR came before the cut: the line was complete, nothing more to show. */
	start(0);
	RECV("250 ok\r");
	SEND("NOOP\r\n");
	RECV("\n250 again\r\n");
	EXPECT_OUTPUT("S: 250 ok\nC: NOOP\nS: 250 again\n");
}

static void test_escaping(void)
{
	start(0);
	RECV("220 \x1b]0;evil\x07 hi\r\n");
	RECV("250-bare\n250-cr\rmid\r\n250 nul\0x\t\x7f\xc2\x9b\xe2\x80\xae\xff\r\n");
	RECV("\xe2\x82\xac ok \xc3\xa9\r\n");
	EXPECT_OUTPUT("S: 220 \\x1b]0;evil\\x07 hi\n"
		      "S: 250-bare\\n\n"
		      "S: 250-cr\\rmid\n"
		      "S: 250 nul\\0x\\t\\x7f\\u{009B}\\u{202E}\\xff\n"
		      "S: \xe2\x82\xac ok \xc3\xa9\n");

	start(OUT_TEXT_ASCII);
	RECV("caf\xc3\xa9\r\n");
	EXPECT_OUTPUT("S: caf\\xc3\\xa9\n");

	/* Invisible characters from the server are escaped; our own text stays text. */
	start(0);
	RECV("250 a\xe2\x80\x8b"
	     "b\xc2\xad"
	     "c\xe3\x80\x80"
	     "d\r\n");
	SEND("EHLO caf\xc3\xa9\r\n");
	EXPECT_OUTPUT("S: 250 a\\u{200B}b\\u{00AD}c\\u{3000}d\nC: EHLO caf\xc3\xa9\n");

	/* Bytes we sent that are not text (a ClientHello) show byte by byte: "\xcc\x8c" decodes to a combining
	 * U+030C, which must not appear as a character. */
	start(0);
	SEND("\x16\x03\x01\x00\x05\xcc\x8c\xd2\x96");
	EXPECT_OUTPUT("C: \\x16\\x03\\x01\\0\\x05\\xcc\\x8c\\xd2\\x96\n");

	/* A CR that no LF ever followed is shown when the connection ends. */
	start(0);
	RECV("abc\r");
	struct event closed = {.type = EV_CLOSED, .text = "server", .id = "eof"};
	out_text_event(sink, &closed);
	EXPECT_OUTPUT("S: abc\\r\n--- connection closed by server (eof)\n");

	/* Any byte soup: the transcript holds no control byte but LF, and is valid UTF-8. */
	start(0);
	char soup[4096];
	unsigned x = 12345;
	for (size_t i = 0; i < sizeof soup; i++) {
		x = x * 1103515245u + 12345u;
		soup[i] = (char)(x >> 16);
	}
	for (size_t off = 0; off < sizeof soup; off += 97)
		wire(off % 2 ? EV_SENT : EV_RECEIVED, soup + off, sizeof soup - off < 97 ? sizeof soup - off : 97,
		     off % 3 == 0);
	char *t = finish();
	size_t n = strlen(t);
	int bad = 0;
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)t[i] < 0x20 && t[i] != '\n') || t[i] == 0x7f)
			bad++;
	CHECK_INT(bad, 0);
	CHECK(utf8_valid((const uint8_t *)t, n));
	free(t);
}

static void test_tls_marker_and_secret(void)
{
	start(0);
	SEND("STARTTLS\r\n");
	RECV("220 go ahead\r\n");
	struct event ev = {.type = EV_TLS_START};
	out_text_event(sink, &ev);
	SEND_TLS("EHLO host\r\n");
	RECV_TLS("250 mail.lab.test\r\n");
	struct event sec = {.type = EV_SENT, .data = (const uint8_t *)"AUTH PLAIN ********\r\n", .len = 21,
			    .tls = true, .secret = true};
	out_text_event(sink, &sec);
	EXPECT_OUTPUT("C: STARTTLS\n"
		      "S: 220 go ahead\n"
		      "--- TLS handshake started ---\n"
		      "C:~ EHLO host\n"
		      "S:~ 250 mail.lab.test\n"
		      "C:~ AUTH PLAIN ********\n");
}

static void test_time(void)
{
	mem = open_memstream(&mem_text, &mem_len);
	sink = out_text_new(mem, 0);
	struct event ev = {.type = EV_RECEIVED, .t_ns = 12345678, .data = (const uint8_t *)"220 x\r\n", .len = 7};
	out_text_event(sink, &ev);
	ev.t_ns = 123456789012ull;
	ev.type = EV_SENT;
	ev.data = (const uint8_t *)"QUIT\r\n";
	ev.len = 6;
	out_text_event(sink, &ev);
	/* Written and flushed at once: a crash right now would lose nothing. */
	CHECK(mem_len > 0);
	/* Detail lines keep the time column blank, so they line up under the markers. */
	struct event warn = {.type = EV_WARNING, .t_ns = 123457000000ull, .id = "x", .text = "y", .hint = "z"};
	out_text_event(sink, &warn);
	EXPECT_OUTPUT("  0.012 S: 220 x\n123.456 C: QUIT\n123.457 !!  warning (x): y\n                hint: z\n");
}

static void test_tls_events(void)
{
	struct cert_info chain[1] = {{.subject = "CN=mail.lab.test", .issuer = "CN=Lab \x1b[31mCA",
				      .not_before = 1704067200, .not_after = 1767225600}};
	struct tls_info ok = {.version = "TLS1.3", .cipher = "AES-256-GCM", .kx_group = "X25519",
			      .verified = true, .checked_name = "mail.lab.test", .chain = chain, .nchain = 1};
	struct verify_reason reasons[2] = {
		{.id = "signer-not-found", .text = "The issuer is not a trusted CA.", .hint = "Pass --cafile."},
		{.id = "expired", .text = "The certificate has expired.", .hint = NULL},
	};
	struct tls_info bad = {.version = "TLS1.2", .cipher = "AES-128-GCM", .kx_group = "SECP256R1",
			       .verified = false, .verify_skipped = true, .checked_name = "mail.lab.test",
			       .reasons = reasons, .nreasons = 2};
	start(0);
	struct event ev = {.type = EV_TLS, .tls_info = &ok};
	out_text_event(sink, &ev);
	ev.tls_info = &bad;
	out_text_event(sink, &ev);
	EXPECT_OUTPUT("*** TLS1.3 AES-256-GCM X25519, certificate verified (mail.lab.test)\n"
		      "      certificate: CN=mail.lab.test\n"
		      "      issuer: CN=Lab \\x1b[31mCA\n"
		      "      valid: 2024-01-01 to 2026-01-01, chain of 1\n"
		      "*** TLS1.2 AES-128-GCM SECP256R1\n"
		      "*** certificate NOT verified for mail.lab.test: signer-not-found, expired\n"
		      "      - The issuer is not a trusted CA.\n"
		      "        hint: Pass --cafile.\n"
		      "      - The certificate has expired.\n"
		      "      (--insecure: continuing without verification)\n");
}

static void test_caps(void)
{
	struct cap v[3] = {{"PIPELINING", ""}, {"SIZE", "52428800"}, {"AUTH", "PLAIN LOGIN"}};
	struct caps c = {.domain = "mail.lab.test Hello host", .v = v, .n = 3};
	struct cap added[1] = {{"AUTH", "PLAIN LOGIN"}};
	struct cap removed[1] = {{"STARTTLS", ""}};
	struct cap_change changed[2] = {{"SIZE", "10485760", "52428800"}, {"X-NEW", "", "1"}};
	struct caps_diff d = {.added = added, .nadded = 1, .removed = removed, .nremoved = 1,
			      .changed = changed, .nchanged = 2, .nsame = 3};
	struct caps_diff none = {.nsame = 4};
	start(0);
	struct event ev = {.type = EV_CAPS, .caps = &c, .phase = CAPS_TLS};
	out_text_event(sink, &ev);
	ev = (struct event){.type = EV_CAPS_DIFF, .diff = &d, .phase_from = CAPS_PLAIN, .phase = CAPS_TLS};
	out_text_event(sink, &ev);
	ev.diff = &none;
	out_text_event(sink, &ev);
	EXPECT_OUTPUT("--- capabilities (tls): mail.lab.test Hello host\n"
		      "      PIPELINING\n"
		      "      SIZE 52428800\n"
		      "      AUTH PLAIN LOGIN\n"
		      "--- capabilities plain -> tls: 1 added, 1 removed, 2 changed, 3 same\n"
		      "      + AUTH PLAIN LOGIN\n"
		      "      - STARTTLS\n"
		      "      ~ SIZE 10485760 -> 52428800\n"
		      "      ~ X-NEW (none) -> 1\n"
		      "--- capabilities plain -> tls: no change\n");
}

static void test_other_events(void)
{
	start(0);
	struct event evs[] = {
		{.type = EV_INFO, .text = "resolving mail.lab.test"},
		{.type = EV_RESOLVED, .host = "xn--mll-hoa.test", .text = "m\xc3\xa4ll.test", .count = 2},
		{.type = EV_CONNECTING, .host = "mail.lab.test", .addr = "127.0.0.1", .port = 25},
		{.type = EV_CONNECTED, .host = "mail.lab.test", .addr = "::1", .port = 465, .tls = true},
		{.type = EV_EXPECT, .ok = true, .text = "250"},
		{.type = EV_EXPECT, .ok = false, .text = "2xx", .got = "550"},
		{.type = EV_ERROR, .id = "connect", .text = "Connection refused"},
		{.type = EV_WARNING, .id = "out-of-sequence", .text = "RCPT before MAIL", .hint = "send MAIL FROM first"},
		{.type = EV_DIAGNOSIS, .id = "bare-lf", .severity = SEV_WARNING, .text = "a line ended in LF",
		 .hint = "the server is not RFC 5321 compliant"},
		{.type = EV_STATE, .state_from = SMTP_GREETED, .state = SMTP_READY},
		{.type = EV_WAITING, .text = "reply", .timeout_ms = 30000},
		{.type = EV_IDLE},
		{.type = EV_RECORD, .dir = DIR_SERVER, .data = (const uint8_t *)"\x17\x03\x03", .len = 3},
		{.type = EV_OUTPUT, .text = "caps:\n\tPIPELINING\x1b[2J\n\tSIZE"},
		{.type = EV_CLOSED, .text = "client", .id = "quit"},
	};
	for (size_t i = 0; i < sizeof evs / sizeof evs[0]; i++)
		out_text_event(sink, &evs[i]);
	EXPECT_OUTPUT("--- resolving mail.lab.test\n"
		      "--- resolved xn--mll-hoa.test (m\xc3\xa4ll.test): 2 addresses\n"
		      "--- connecting to mail.lab.test [127.0.0.1]:25\n"
		      "--- connected to mail.lab.test [::1]:465 (TLS)\n"
		      "=== expect 250: ok\n"
		      "!!! expect 2xx: FAILED (got 550)\n"
		      "!!! error (connect): Connection refused\n"
		      "!!  warning (out-of-sequence): RCPT before MAIL\n"
		      "        hint: send MAIL FROM first\n"
		      ">>> warning bare-lf: a line ended in LF\n"
		      "        hint: the server is not RFC 5321 compliant\n"
		      "caps:\n\tPIPELINING\\x1b[2J\n\tSIZE\n"
		      "--- connection closed by client (quit)\n");

	/* Verbose shows state changes, waits and reply summaries; the hex flag shows TLS records. */
	start(OUT_TEXT_VERBOSE | OUT_TEXT_HEXDUMP);
	struct reply_line lines[1] = {{"OK", 2}};
	struct reply r = {.code = 250, .enhanced = "2.0.0", .lines = lines, .nlines = 1, .total_lines = 1,
			  .flags = REPLY_BARE_LF};
	struct event more[] = {
		{.type = EV_STATE, .state_from = SMTP_GREETED, .state = SMTP_READY},
		{.type = EV_WAITING, .text = "reply", .timeout_ms = 30000},
		{.type = EV_RECORD, .dir = DIR_SERVER, .data = (const uint8_t *)"\x17\x03\x03\x00\x13", .len = 5},
		{.type = EV_REPLY, .reply = &r, .command = "NOOP"},
	};
	for (size_t i = 0; i < sizeof more / sizeof more[0]; i++)
		out_text_event(sink, &more[i]);
	char *t = finish();
	CHECK(strstr(t, "    state greeted -> ready\n") != NULL);
	CHECK(strstr(t, "    waiting for reply (30000 ms)\n") != NULL);
	CHECK(strstr(t, "S# TLS record, 5 bytes\n      00000000  17 03 03 00 13 ") != NULL);
	CHECK(strstr(t, "    reply 250 2.0.0, 1 line, to NOOP [") != NULL);
	free(t);
}

/* --suppress-data: a body becomes one summary line; the final dot (split from its CRLF by a chunk boundary, or
 * not) is still shown, and a "..": stuffed line is not taken for the end. */
static void test_suppress_data(void)
{
	start(OUT_TEXT_SUPPRESS_DATA);
	SEND("DATA\r\n");
	struct reply_line l = {.text = (char *)"go ahead", .len = 8};
	struct reply r = {.code = 354, .lines = &l, .nlines = 1, .total_lines = 1};
	struct event ev = {.type = EV_REPLY, .reply = &r};
	RECV("354 go ahead\r\n");
	out_text_event(sink, &ev);
	SEND("Subject: x\r\n\r\n..not the end\r\n");
	SEND("second line\r\n");
	SEND(".\r\n");
	RECV("250 ok\r\n");
	EXPECT_OUTPUT("C: DATA\n"
	              "S: 354 go ahead\n"
	              "--- message body: 4 lines, 42 bytes (not shown: --suppress-data)\n"
	              "C: .\n"
	              "S: 250 ok\n");
}

int main(void)
{
	test_suppress_data();
	test_lines();
	test_escaping();
	test_tls_marker_and_secret();
	test_time();
	test_tls_events();
	test_caps();
	test_other_events();
	return check_report();
}
