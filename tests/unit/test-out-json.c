/* test-out-json: the JSON Lines sink on synthetic events written to a memory FILE: one valid JSON object per
 * line whatever the bytes (ESC, invalid UTF-8 with data_hex), the secret flag, every event type's fields, and
 * the reply flag names table. */
#include <stdlib.h>
#include <string.h>

#include "batch/out-json.h"
#include "check.h"
#include "core/smtp.h"
#include "lib/json.h"

static FILE *mem;
static char *mem_text;
static size_t mem_len;
static struct out_json *sink;

static void start(unsigned flags)
{
	mem = open_memstream(&mem_text, &mem_len);
	sink = out_json_new(mem, flags | OUT_JSON_NO_TIME);
}

/* Every line of s is one valid JSON object; returns the number of lines, or -1. */
static int valid_lines(const char *s)
{
	int n = 0;
	while (*s) {
		const char *nl = strchr(s, '\n');
		if (nl == NULL || s[0] != '{' || !json_valid((const uint8_t *)s, (size_t)(nl - s)))
			return -1;
		n++;
		s = nl + 1;
	}
	return n;
}

/* Finish the sink, check every line, return the text (caller frees). */
static char *finish(void)
{
	out_json_free(sink);
	fclose(mem);
	CHECK(valid_lines(mem_text) >= 0);
	return mem_text;
}

static void emit(const struct event *ev)
{
	out_json_event(sink, ev);
}

#define EXPECT_OUTPUT(want)                                                                            \
	do {                                                                                           \
		char *got_ = finish();                                                                 \
		CHECK_STR(got_, want);                                                                 \
		free(got_);                                                                            \
	} while (0)

static void test_wire(void)
{
	start(0);
	emit(&(struct event){.type = EV_RECEIVED, .data = (const uint8_t *)"220 \x1b]0;evil\x07\r\n", .len = 15});
	emit(&(struct event){.type = EV_SENT, .data = (const uint8_t *)"EHLO h\r\n", .len = 8, .tls = true});
	emit(&(struct event){.type = EV_RECEIVED, .data = (const uint8_t *)"250 \xff\xc0\x8a\xc3\xa9\r\n", .len = 11});
	emit(&(struct event){.type = EV_SENT, .data = (const uint8_t *)"AUTH PLAIN ****\r\n", .len = 17,
			     .secret = true, .tls = true});
	emit(&(struct event){.type = EV_RECEIVED, .data = (const uint8_t *)"a\0\"\\\xe2\x80\xae", .len = 7});
	EXPECT_OUTPUT("{\"type\":\"received\",\"data\":\"220 \\u001b]0;evil\\u0007\\r\\n\",\"tls\":false}\n"
		      "{\"type\":\"sent\",\"data\":\"EHLO h\\r\\n\",\"tls\":true}\n"
		      "{\"type\":\"received\",\"data\":\"250 \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xc3\xa9\\r\\n\","
		      "\"data_hex\":\"32353020ffc08ac3a90d0a\",\"tls\":false}\n"
		      "{\"type\":\"sent\",\"data\":\"AUTH PLAIN ****\\r\\n\",\"tls\":true,\"secret\":true}\n"
		      "{\"type\":\"received\",\"data\":\"a\\u0000\\\"\\\\\\u202e\",\"tls\":false}\n");

	/* The time, three decimals; records only with the flag; idle never. */
	mem = open_memstream(&mem_text, &mem_len);
	sink = out_json_new(mem, OUT_JSON_RECORDS);
	emit(&(struct event){.type = EV_TLS_START, .t_ns = 12345678});
	emit(&(struct event){.type = EV_IDLE, .t_ns = 13000000});
	emit(&(struct event){.type = EV_RECORD, .t_ns = 2000000000, .dir = DIR_CLIENT,
			     .data = (const uint8_t *)"\x16\x03\x01", .len = 3});
	CHECK(mem_len > 0); /* flushed per event */
	EXPECT_OUTPUT("{\"type\":\"tls_start\",\"t\":0.012}\n"
		      "{\"type\":\"record\",\"t\":2.000,\"dir\":\"client\",\"len\":3,\"data_hex\":\"160301\"}\n");
	start(0);
	emit(&(struct event){.type = EV_RECORD, .dir = DIR_CLIENT, .data = (const uint8_t *)"\x16", .len = 1});
	EXPECT_OUTPUT("");
}

static void test_reply(void)
{
	struct reply_line lines[2] = {{"mail.lab.test", 13}, {"bad\xff\0x", 6}};
	struct reply r = {.code = 250, .enhanced = "2.0.0", .lines = lines, .nlines = 2, .total_lines = 3,
			  .flags = REPLY_BARE_LF | REPLY_NUL | REPLY_TOO_MANY_LINES | (1u << 20)};
	struct reply_line ok_lines[1] = {{"OK", 2}};
	struct reply ok = {.code = 221, .lines = ok_lines, .nlines = 1, .total_lines = 1};
	start(0);
	emit(&(struct event){.type = EV_REPLY, .reply = &r, .command = "EHLO h"});
	emit(&(struct event){.type = EV_REPLY, .reply = &ok});
	EXPECT_OUTPUT("{\"type\":\"reply\",\"code\":250,\"enhanced\":\"2.0.0\",\"lines\":[\"mail.lab.test\","
		      "\"bad\xef\xbf\xbd\\u0000x\"],\"lines_hex\":[\"6d61696c2e6c61622e74657374\",\"626164ff0078\"],"
		      "\"total_lines\":3,\"flags\":[\"bare_lf\",\"nul\",\"too_many_lines\",\"flag_0x100000\"],"
		      "\"command\":\"EHLO h\"}\n"
		      "{\"type\":\"reply\",\"code\":221,\"enhanced\":\"\",\"lines\":[\"OK\"],\"total_lines\":1,"
		      "\"flags\":[],\"command\":null}\n");
}

static void test_reply_flag_names(void)
{
	/* Every flag of reply.h has a name, names are unique, and nothing beyond the last flag has one. */
	unsigned all = REPLY_MALFORMED | REPLY_CODE_MISMATCH | REPLY_BARE_LF | REPLY_BARE_CR | REPLY_NUL |
		       REPLY_LINE_TOO_LONG | REPLY_TOO_MANY_LINES | REPLY_OVER_512 | REPLY_BAD_CODE |
		       REPLY_ENH_MISMATCH | REPLY_INCOMPLETE;
	int missing = 0, dup = 0, extra = 0;
	for (unsigned i = 0; i < 32; i++) {
		const char *a = out_json_reply_flag_name(1u << i);
		if ((all & (1u << i)) && a == NULL)
			missing++;
		if (!(all & (1u << i)) && a != NULL)
			extra++;
		for (unsigned j = 0; a && j < i; j++) {
			const char *b = out_json_reply_flag_name(1u << j);
			if (b && strcmp(a, b) == 0)
				dup++;
		}
	}
	CHECK_INT(missing, 0);
	CHECK_INT(dup, 0);
	CHECK_INT(extra, 0);
	CHECK_STR(out_json_reply_flag_name(REPLY_BARE_LF), "bare_lf");
	CHECK(out_json_reply_flag_name(3) == NULL);
}

static void test_tls(void)
{
	char *sans[2] = {"DNS:mail.lab.test", "IP:127.0.0.1"};
	struct cert_info chain[2] = {
		{.subject = "CN=mail.lab.test", .issuer = "CN=Lab CA\x1b[2J", .sans = sans, .nsans = 2,
		 .not_before = 1704067200, .not_after = 1767225600, .sha256 = "AA:BB", .is_ca = 0},
		{.subject = "CN=Lab CA\x1b[2J", .issuer = "CN=Lab CA\x1b[2J", .not_before = 0, .not_after = -1,
		 .sha256 = "CC:DD", .is_ca = 1, .self_signed = true},
	};
	struct verify_reason reasons[1] = {{.id = "signer-not-found", .text = "not trusted", .hint = "--cafile"}};
	struct tls_info ti = {.version = "TLS1.3", .cipher = "AES-256-GCM", .suite = "TLS_AES_256_GCM_SHA384",
			      .kx_group = "X25519", .sig_scheme = "RSA-PSS-RSAE-SHA256", .verified = false,
			      .verify_skipped = true, .reasons = reasons, .nreasons = 1, .checked_name = "mail.lab.test",
			      .sni = "mail.lab.test", .trust_store = "system trust store", .chain = chain, .nchain = 2};
	start(0);
	emit(&(struct event){.type = EV_TLS, .tls_info = &ti});
	char *t = finish();
	CHECK(strstr(t, "\"version\":\"TLS1.3\",\"cipher\":\"AES-256-GCM\",\"suite\":\"TLS_AES_256_GCM_SHA384\","
			"\"group\":\"X25519\",\"sig_scheme\":\"RSA-PSS-RSAE-SHA256\"") != NULL);
	CHECK(strstr(t, "\"resumed\":false,\"verified\":false,\"insecure\":true") != NULL);
	CHECK(strstr(t, "\"reasons\":[{\"id\":\"signer-not-found\",\"text\":\"not trusted\",\"hint\":\"--cafile\"}]")
	      != NULL);
	CHECK(strstr(t, "\"checked_name\":\"mail.lab.test\",\"sni\":\"mail.lab.test\","
			"\"trust_store\":\"system trust store\"") != NULL);
	CHECK(strstr(t, "\"peer\":{\"subject\":\"CN=mail.lab.test\",\"issuer\":\"CN=Lab CA\\u001b[2J\","
			"\"not_before\":\"2024-01-01T00:00:00Z\",\"not_after\":\"2026-01-01T00:00:00Z\","
			"\"sans\":[\"DNS:mail.lab.test\",\"IP:127.0.0.1\"]}") != NULL);
	CHECK(strstr(t, "\"not_before\":\"1970-01-01T00:00:00Z\",\"not_after\":\"1969-12-31T23:59:59Z\"") != NULL);
	CHECK(strstr(t, "\"sha256\":\"CC:DD\"") != NULL);
	CHECK(strstr(t, "\"is_ca\":true") != NULL);
	CHECK(strstr(t, "\"self_signed\":true") != NULL);
	CHECK(strchr(t, '\x1b') == NULL);
	free(t);
}

static void test_caps(void)
{
	struct cap v[2] = {{"PIPELINING", ""}, {"AUTH", "PLAIN LOGIN"}};
	struct caps c = {.domain = "mail.lab.test Hello", .v = v, .n = 2};
	struct cap added[1] = {{"AUTH", "PLAIN LOGIN"}};
	struct cap removed[1] = {{"STARTTLS", ""}};
	struct cap_change changed[1] = {{"SIZE", "10485760", "52428800"}};
	struct caps_diff d = {.added = added, .nadded = 1, .removed = removed, .nremoved = 1,
			      .changed = changed, .nchanged = 1, .nsame = 2};
	start(0);
	emit(&(struct event){.type = EV_CAPS, .caps = &c, .phase = CAPS_PLAIN});
	emit(&(struct event){.type = EV_CAPS_DIFF, .diff = &d, .phase_from = CAPS_PLAIN, .phase = CAPS_TLS});
	EXPECT_OUTPUT("{\"type\":\"caps\",\"phase\":\"plain\",\"domain\":\"mail.lab.test Hello\",\"caps\":["
		      "{\"name\":\"PIPELINING\",\"params\":\"\"},{\"name\":\"AUTH\",\"params\":\"PLAIN LOGIN\"}]}\n"
		      "{\"type\":\"caps_diff\",\"from\":\"plain\",\"to\":\"tls\","
		      "\"added\":[{\"name\":\"AUTH\",\"params\":\"PLAIN LOGIN\"}],"
		      "\"removed\":[{\"name\":\"STARTTLS\",\"params\":\"\"}],"
		      "\"changed\":[{\"name\":\"SIZE\",\"from\":\"10485760\",\"to\":\"52428800\"}],\"same\":2}\n");
}

static void test_other_events(void)
{
	start(0);
	struct event evs[] = {
		{.type = EV_INFO, .text = "resolving mail.lab.test"},
		{.type = EV_RESOLVED, .host = "xn--mll-hoa.test", .text = "m\xc3\xa4ll.test", .count = 2},
		{.type = EV_CONNECTING, .host = "mail.lab.test", .addr = "127.0.0.1", .port = 25},
		{.type = EV_CONNECTED, .host = "mail.lab.test", .addr = "::1", .port = 465, .tls = true},
		{.type = EV_EXPECT, .ok = false, .text = "2xx", .got = "550"},
		{.type = EV_ERROR, .id = "connect", .text = "Connection refused"},
		{.type = EV_WARNING, .id = "out-of-sequence", .text = "RCPT before MAIL", .hint = "MAIL first"},
		{.type = EV_DIAGNOSIS, .id = "bare-lf", .severity = SEV_ERROR, .text = "LF", .hint = NULL},
		{.type = EV_STATE, .state_from = SMTP_GREETED, .state = SMTP_READY},
		{.type = EV_WAITING, .text = "reply", .timeout_ms = 30000},
		{.type = EV_OUTPUT, .text = "line 1\nline\t2"},
		{.type = EV_CLOSED, .text = "server", .id = "eof"},
	};
	for (size_t i = 0; i < sizeof evs / sizeof evs[0]; i++)
		emit(&evs[i]);
	EXPECT_OUTPUT("{\"type\":\"info\",\"message\":\"resolving mail.lab.test\"}\n"
		      "{\"type\":\"resolved\",\"host\":\"xn--mll-hoa.test\",\"ulabel\":\"m\xc3\xa4ll.test\",\"count\":2}\n"
		      "{\"type\":\"connecting\",\"host\":\"mail.lab.test\",\"port\":25,\"address\":\"127.0.0.1\"}\n"
		      "{\"type\":\"connected\",\"host\":\"mail.lab.test\",\"port\":465,\"address\":\"::1\",\"tls\":true}\n"
		      "{\"type\":\"expect\",\"ok\":false,\"wanted\":\"2xx\",\"got\":\"550\"}\n"
		      "{\"type\":\"error\",\"stage\":\"connect\",\"message\":\"Connection refused\"}\n"
		      "{\"type\":\"warning\",\"id\":\"out-of-sequence\",\"message\":\"RCPT before MAIL\","
		      "\"hint\":\"MAIL first\"}\n"
		      "{\"type\":\"diagnosis\",\"id\":\"bare-lf\",\"severity\":\"error\",\"message\":\"LF\",\"hint\":null}\n"
		      "{\"type\":\"state\",\"from\":\"greeted\",\"to\":\"ready\"}\n"
		      "{\"type\":\"waiting\",\"what\":\"reply\",\"timeout_ms\":30000}\n"
		      "{\"type\":\"output\",\"message\":\"line 1\\nline\\t2\"}\n"
		      "{\"type\":\"closed\",\"by\":\"server\",\"reason\":\"eof\"}\n");
}

/* Byte soup of every kind still gives one valid line per event, with no raw control byte. */
static void test_soup(void)
{
	uint8_t soup[2048];
	unsigned x = 777;
	for (size_t i = 0; i < sizeof soup; i++) {
		x = x * 1103515245u + 12345u;
		soup[i] = (uint8_t)(x >> 16);
	}
	start(0);
	int events = 0;
	for (size_t off = 0; off < sizeof soup; off += 61, events++) {
		size_t n = sizeof soup - off < 61 ? sizeof soup - off : 61;
		emit(&(struct event){.type = off % 2 ? EV_SENT : EV_RECEIVED, .data = soup + off, .len = n});
	}
	char *t = finish();
	CHECK_INT(valid_lines(t), events);
	int bad = 0;
	for (const char *s = t; *s; s++)
		if (((unsigned char)*s < 0x20 && *s != '\n') || *s == 0x7f)
			bad++;
	CHECK_INT(bad, 0);
	free(t);
}

int main(void)
{
	test_wire();
	test_reply();
	test_reply_flag_names();
	test_tls();
	test_caps();
	test_other_events();
	test_soup();
	return check_report();
}
