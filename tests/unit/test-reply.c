/* test-reply: the incremental SMTP reply parser: shapes, anomaly flags, limits, and that any split of the input
 * gives the same replies as feeding it whole. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "core/reply.h"
#include "lib/xmalloc.h"

#define MAXR 64

/* Replies collected from the callback (deep copies). */
struct got {
	struct reply *r[MAXR];
	size_t n;
	size_t dropped;  /* replies past MAXR */
};

static void collect(void *arg, const struct reply *r)
{
	struct got *g = arg;

	if (g->n < MAXR)
		g->r[g->n++] = reply_dup(r);
	else
		g->dropped++;
}

static void got_free(struct got *g)
{
	size_t i;

	for (i = 0; i < g->n; i++)
		reply_free(g->r[i]);
	memset(g, 0, sizeof(*g));
}

/* Parse s[0..n) fed in pieces of `step` bytes (0: whole), then flush if asked. */
static void parse(struct got *g, const void *s, size_t n, size_t step, size_t max_line, size_t max_lines,
                  bool flush)
{
	struct reply_parser *p = reply_parser_new(max_line, max_lines);
	const uint8_t *d = s;
	size_t i;

	memset(g, 0, sizeof(*g));
	if (step == 0)
		step = n ? n : 1;
	for (i = 0; i < n; i += step)
		reply_parser_feed(p, d + i, n - i < step ? n - i : step, collect, g);
	if (flush)
		reply_parser_flush(p, collect, g);
	reply_parser_free(p);
}

static bool reply_equal(const struct reply *a, const struct reply *b)
{
	size_t i;

	if (a->code != b->code || strcmp(a->enhanced, b->enhanced) != 0 || a->nlines != b->nlines ||
	    a->total_lines != b->total_lines || a->flags != b->flags || a->raw_len != b->raw_len)
		return false;
	for (i = 0; i < a->nlines; i++)
		if (a->lines[i].len != b->lines[i].len || memcmp(a->lines[i].text, b->lines[i].text, a->lines[i].len) ||
		    a->lines[i].text[a->lines[i].len] != '\0')
			return false;
	return true;
}

static bool got_equal(const struct got *a, const struct got *b)
{
	size_t i;

	if (a->n != b->n || a->dropped != b->dropped)
		return false;
	for (i = 0; i < a->n; i++)
		if (!reply_equal(a->r[i], b->r[i]))
			return false;
	return true;
}

/* Byte at a time, every 2-way split and a few step sizes all equal one-shot feeding. */
static void check_splits(const char *s, size_t n, size_t max_line, size_t max_lines)
{
	struct got whole, part;
	size_t cut, step;
	bool ok = true;

	parse(&whole, s, n, 0, max_line, max_lines, true);
	for (step = 1; step <= 7; step++) {
		parse(&part, s, n, step, max_line, max_lines, true);
		ok = ok && got_equal(&whole, &part);
		got_free(&part);
	}
	for (cut = 1; cut < n; cut++) {
		struct reply_parser *p = reply_parser_new(max_line, max_lines);

		memset(&part, 0, sizeof(part));
		reply_parser_feed(p, (const uint8_t *)s, cut, collect, &part);
		reply_parser_feed(p, (const uint8_t *)s + cut, n - cut, collect, &part);
		reply_parser_flush(p, collect, &part);
		reply_parser_free(p);
		ok = ok && got_equal(&whole, &part);
		got_free(&part);
	}
	CHECK(ok);
	if (!ok)
		fprintf(stderr, "  split mismatch for input of %zu bytes: %.40s\n", n, s);
	got_free(&whole);
}

#define S(lit) lit, sizeof(lit) - 1

static void test_single(void)
{
	struct got g;

	parse(&g, S("220 mail.lab.test ESMTP Exim 4.96\r\n"), 0, 512, 100, false);
	CHECK_INT(g.n, 1);
	CHECK_INT(g.r[0]->code, 220);
	CHECK_INT(g.r[0]->nlines, 1);
	CHECK_INT(g.r[0]->total_lines, 1);
	CHECK_STR(g.r[0]->lines[0].text, "mail.lab.test ESMTP Exim 4.96");
	CHECK_INT(g.r[0]->flags, 0);
	CHECK_INT(g.r[0]->raw_len, 35);
	CHECK_STR(g.r[0]->enhanced, "");
	got_free(&g);

	/* "NNN" alone is a final line with empty text. */
	parse(&g, S("250\r\n"), 0, 512, 100, false);
	CHECK_INT(g.n, 1);
	CHECK_INT(g.r[0]->code, 250);
	CHECK_INT(g.r[0]->lines[0].len, 0);
	CHECK_STR(g.r[0]->lines[0].text, "");
	CHECK_INT(g.r[0]->flags, 0);
	got_free(&g);
}

static const char ehlo_exim[] = "250-mail.lab.test Hello client.lab.test [127.0.0.1]\r\n"
                                "250-SIZE 52428800\r\n"
                                "250-8BITMIME\r\n"
                                "250-PIPELINING\r\n"
                                "250-CHUNKING\r\n"
                                "250-STARTTLS\r\n"
                                "250-PRDR\r\n"
                                "250 HELP\r\n";

static void test_multi(void)
{
	struct got g;

	parse(&g, ehlo_exim, strlen(ehlo_exim), 0, 512, 100, false);
	CHECK_INT(g.n, 1);
	CHECK_INT(g.r[0]->code, 250);
	CHECK_INT(g.r[0]->nlines, 8);
	CHECK_INT(g.r[0]->total_lines, 8);
	CHECK_STR(g.r[0]->lines[0].text, "mail.lab.test Hello client.lab.test [127.0.0.1]");
	CHECK_STR(g.r[0]->lines[1].text, "SIZE 52428800");
	CHECK_STR(g.r[0]->lines[7].text, "HELP");
	CHECK_INT(g.r[0]->flags, 0);
	CHECK_INT(g.r[0]->raw_len, strlen(ehlo_exim));
	got_free(&g);
	check_splits(ehlo_exim, strlen(ehlo_exim), 512, 100);
}

static void test_pipelined(void)
{
	static const char in[] = "250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n550 5.1.1 <x@lab.test>: Recipient address rejected\r\n"
	                         "354 End data with <CR><LF>.<CR><LF>\r\n";
	struct got g;

	parse(&g, S(in), 0, 512, 100, false);
	CHECK_INT(g.n, 4);
	CHECK_INT(g.r[0]->code, 250);
	CHECK_STR(g.r[0]->enhanced, "2.1.0");
	CHECK_STR(g.r[1]->enhanced, "2.1.5");
	CHECK_INT(g.r[2]->code, 550);
	CHECK_STR(g.r[2]->enhanced, "5.1.1");
	CHECK_STR(g.r[2]->lines[0].text, "5.1.1 <x@lab.test>: Recipient address rejected");
	CHECK_INT(g.r[3]->code, 354);
	CHECK_STR(g.r[3]->enhanced, "");
	CHECK_INT(g.r[0]->flags | g.r[1]->flags | g.r[2]->flags | g.r[3]->flags, 0);
	got_free(&g);
	check_splits(S(in), 512, 100);
}

static void test_line_endings(void)
{
	struct got g;

	parse(&g, S("250-a\n250 b\r\n"), 0, 512, 100, false);
	CHECK_INT(g.n, 1);
	CHECK_INT(g.r[0]->flags, REPLY_BARE_LF);
	CHECK_STR(g.r[0]->lines[0].text, "a");
	CHECK_INT(g.r[0]->raw_len, 13);
	got_free(&g);

	/* A CR inside a line stays and is flagged; the line ends only at LF. */
	parse(&g, S("250 a\rb\r\n"), 0, 512, 100, false);
	CHECK_INT(g.n, 1);
	CHECK_INT(g.r[0]->flags, REPLY_BARE_CR);
	CHECK_INT(g.r[0]->lines[0].len, 3);
	CHECK(memcmp(g.r[0]->lines[0].text, "a\rb", 3) == 0);
	got_free(&g);

	/* CR then CRLF: the first CR is bare. */
	parse(&g, S("250 a\r\r\n"), 0, 512, 100, false);
	CHECK_INT(g.r[0]->flags, REPLY_BARE_CR);
	CHECK_INT(g.r[0]->lines[0].len, 2);
	got_free(&g);
	check_splits(S("250-a\r\r\n250-b\rc\r\n250 d\n"), 512, 100);

	/* NUL bytes are kept, with the length. */
	parse(&g, S("250 a\0b\r\n"), 0, 512, 100, false);
	CHECK_INT(g.r[0]->flags, REPLY_NUL);
	CHECK_INT(g.r[0]->lines[0].len, 3);
	CHECK(memcmp(g.r[0]->lines[0].text, "a\0b", 4) == 0);
	got_free(&g);
	check_splits(S("250-\0\r\n250 x\0\r\n"), 512, 100);
}

static void test_code_mismatch(void)
{
	struct got g;

	parse(&g, S("250-a\r\n251-b\r\n252 c\r\n220 next\r\n"), 0, 512, 100, false);
	CHECK_INT(g.n, 2);
	CHECK_INT(g.r[0]->code, 250);
	CHECK_INT(g.r[0]->nlines, 3);
	CHECK_INT(g.r[0]->flags, REPLY_CODE_MISMATCH);
	CHECK_STR(g.r[0]->lines[2].text, "c");
	CHECK_INT(g.r[1]->code, 220);
	CHECK_INT(g.r[1]->flags, 0);
	got_free(&g);
}

static void test_malformed(void)
{
	struct got g;

	/* Outside a reply: a reply by itself, whole line as text. */
	parse(&g, S("hello there\r\n250 ok\r\n"), 0, 512, 100, false);
	CHECK_INT(g.n, 2);
	CHECK_INT(g.r[0]->code, -1);
	CHECK_INT(g.r[0]->flags, REPLY_MALFORMED);
	CHECK_STR(g.r[0]->lines[0].text, "hello there");
	CHECK_INT(g.r[1]->code, 250);
	CHECK_INT(g.r[1]->flags, 0);
	got_free(&g);

	/* Shapes that are not a code: too short, a 4th digit, a letter, a bad separator, an empty line. */
	parse(&g, S("25 x\r\n2500 x\r\n25a x\r\n250+x\r\n\r\n"), 0, 512, 100, false);
	CHECK_INT(g.n, 5);
	CHECK_STR(g.r[0]->lines[0].text, "25 x");
	CHECK_STR(g.r[1]->lines[0].text, "2500 x");
	CHECK_STR(g.r[3]->lines[0].text, "250+x");
	CHECK_STR(g.r[4]->lines[0].text, "");
	for (size_t i = 0; i < g.n; i++) {
		CHECK_INT(g.r[i]->code, -1);
		CHECK_INT(g.r[i]->flags, REPLY_MALFORMED);
	}
	got_free(&g);

	/* Inside a multi-line reply: joins it, flags it, and does not end it (see reply.h). */
	parse(&g, S("250-mail.lab.test\r\ngarbage\r\n250 HELP\r\n221 bye\r\n"), 0, 512, 100, false);
	CHECK_INT(g.n, 2);
	CHECK_INT(g.r[0]->code, 250);
	CHECK_INT(g.r[0]->nlines, 3);
	CHECK_INT(g.r[0]->flags, REPLY_MALFORMED);
	CHECK_STR(g.r[0]->lines[1].text, "garbage");
	CHECK_STR(g.r[0]->lines[2].text, "HELP");
	CHECK_INT(g.r[1]->code, 221);
	got_free(&g);
	check_splits(S("x\r\n250-a\r\n\r\n250 b\r\nyy\n"), 512, 100);
}

static void test_bad_code(void)
{
	static const struct {
		const char *in;
		int code;
		bool bad;
	} t[] = {
		{"199 x\r\n", 199, true}, {"600 x\r\n", 600, true}, {"260 x\r\n", 260, true},
		{"000 x\r\n", 0, true},   {"259 x\r\n", 259, false}, {"554 x\r\n", 554, false},
	};
	struct got g;

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		parse(&g, t[i].in, strlen(t[i].in), 0, 512, 100, false);
		CHECK_INT(g.n, 1);
		CHECK_INT(g.r[0]->code, t[i].code);
		CHECK_INT(!!(g.r[0]->flags & REPLY_BAD_CODE), t[i].bad);
		got_free(&g);
	}
}

static void test_enhanced(void)
{
	static const struct {
		const char *in;
		size_t used;
		const char *out;
	} t[] = {
		{"5.7.1", 5, "5.7.1"},
		{"5.7.1 Relay denied", 5, "5.7.1"},
		{"2.0.0\tok", 5, "2.0.0"},
		{"4.999.999 x", 9, "4.999.999"},
		{"5.7", 0, ""},
		{"9.1.1 x", 0, ""},
		{"3.1.1 x", 0, ""},
		{"5.1234.1 x", 0, ""},
		{"5.1.1234 x", 0, ""},
		{"5.7.1x", 0, ""},
		{"5..1 x", 0, ""},
		{"5.7. x", 0, ""},
		{"", 0, ""},
		{"Ok", 0, ""},
	};
	char out[16];
	struct got g;

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		memset(out, 'X', sizeof(out));
		CHECK_INT(enhanced_code_parse(t[i].in, strlen(t[i].in), out), t[i].used);
		CHECK_STR(out, t[i].out);
	}
	/* n bounds the parse: "5.7.1" cut to 4 characters is no code. */
	CHECK_INT(enhanced_code_parse("5.7.1", 4, out), 0);

	parse(&g, S("550-5.7.1 Relaying denied\r\n550 5.7.1 more\r\n"), 0, 512, 100, false);
	CHECK_STR(g.r[0]->enhanced, "5.7.1");
	CHECK_INT(g.r[0]->flags, 0);
	got_free(&g);
	parse(&g, S("550 2.0.0 odd\r\n250 5.7.1 odder\r\n550 9.1.1 no\r\n550 5.7 no\r\n"), 0, 512, 100, false);
	CHECK_INT(g.n, 4);
	CHECK_STR(g.r[0]->enhanced, "2.0.0");
	CHECK_INT(g.r[0]->flags, REPLY_ENH_MISMATCH);
	CHECK_INT(g.r[1]->flags, REPLY_ENH_MISMATCH);
	CHECK_STR(g.r[2]->enhanced, "");
	CHECK_INT(g.r[2]->flags, 0);
	CHECK_STR(g.r[3]->enhanced, "");
	got_free(&g);
	/* Only the first line counts. */
	parse(&g, S("550-denied\r\n550 5.7.1 x\r\n"), 0, 512, 100, false);
	CHECK_STR(g.r[0]->enhanced, "");
	got_free(&g);
	/* A first line cut right after "5.7.1" might have been "5.7.12...": not trusted. */
	parse(&g, S("550 5.7.12345\r\n"), 0, 9, 100, false);
	CHECK_STR(g.r[0]->enhanced, "");
	CHECK_INT(g.r[0]->flags, REPLY_LINE_TOO_LONG);
	got_free(&g);
}

static void test_overlong(void)
{
	struct reply_parser *p = reply_parser_new(64, 100);
	uint8_t chunk[4096];
	struct got g;
	size_t i;

	/* 8 MiB without LF, then the line ends: kept 64 bytes, the rest dropped, raw_len counts everything. */
	memset(&g, 0, sizeof(g));
	memset(chunk, 'A', sizeof(chunk));
	memcpy(chunk, "550 ", 4);
	reply_parser_feed(p, chunk, sizeof(chunk), collect, &g);
	memcpy(chunk, "AAAA", 4);
	for (i = 1; i < 2048; i++)
		reply_parser_feed(p, chunk, sizeof(chunk), collect, &g);
	CHECK_INT(g.n, 0);
	CHECK(reply_parser_pending(p));
	CHECK(reply_parser_memory(p) <= 64 + 1 + 1024);
	reply_parser_feed(p, (const uint8_t *)"\r\n250 ok\r\n", 10, collect, &g);
	CHECK_INT(g.n, 2);
	CHECK_INT(g.r[0]->code, 550);
	CHECK_INT(g.r[0]->lines[0].len, 60);
	CHECK_INT(g.r[0]->flags, REPLY_LINE_TOO_LONG | REPLY_OVER_512);
	CHECK_INT(g.r[0]->raw_len, 2048 * 4096 + 2);
	CHECK_INT(g.r[1]->flags, 0);
	CHECK_STR(g.r[1]->lines[0].text, "ok");
	got_free(&g);
	reply_parser_free(p);

	/* max_line counts the whole line; a CR at the limit is the line ending, not excess. */
	parse(&g, S("250 ab\r\n250 abc\r\n"), 0, 6, 100, false);
	CHECK_INT(g.n, 2);
	CHECK_STR(g.r[0]->lines[0].text, "ab");
	CHECK_INT(g.r[0]->flags, 0);
	CHECK_STR(g.r[1]->lines[0].text, "ab");
	CHECK_INT(g.r[1]->flags, REPLY_LINE_TOO_LONG);
	got_free(&g);

	/* Tiny max_line: the code is still read. */
	parse(&g, S("250-abc\r\n250 def\r\n"), 0, 2, 100, false);
	CHECK_INT(g.n, 1);
	CHECK_INT(g.r[0]->code, 250);
	CHECK_INT(g.r[0]->nlines, 2);
	CHECK_INT(g.r[0]->lines[0].len, 0);
	got_free(&g);
	check_splits(S("250-abcdefghijkl\r\n250-x\r\n\r\nlong garbage line\r\n250 end\r\n"), 7, 100);

	/* RFC 5321's 512 octets include the CRLF: 510 of text is fine, 511 is over. */
	{
		char line[600];

		memset(line, 'x', sizeof(line));
		memcpy(line, "250 ", 4);
		memcpy(line + 510, "\r\n", 2);
		parse(&g, line, 512, 0, 1000, 100, false);
		CHECK_INT(g.r[0]->flags, 0);
		got_free(&g);
		line[510] = 'x';
		memcpy(line + 511, "\r\n", 2);
		parse(&g, line, 513, 0, 1000, 100, false);
		CHECK_INT(g.r[0]->flags, REPLY_OVER_512);
		got_free(&g);
	}
}

static void test_too_many_lines(void)
{
	size_t n = 200000, i, len = 0;
	char *in = xmalloc(n * 12 + 16);
	struct got g;

	for (i = 0; i < n - 1; i++)
		len += (size_t)sprintf(in + len, "250-%06zu\r\n", i);
	len += (size_t)sprintf(in + len, "250 end\r\n");
	parse(&g, in, len, 0, 512, 100, false);
	CHECK_INT(g.n, 1);
	CHECK_INT(g.r[0]->nlines, 100);
	CHECK_INT(g.r[0]->total_lines, n);
	CHECK_INT(g.r[0]->flags, REPLY_TOO_MANY_LINES);
	CHECK_STR(g.r[0]->lines[99].text, "000099");
	CHECK_INT(g.r[0]->raw_len, len);
	got_free(&g);
	/* Same in odd pieces, and the memory held stays within 100 lines of 512 bytes. */
	{
		struct reply_parser *p = reply_parser_new(512, 100);

		reply_parser_feed(p, (const uint8_t *)in, len - 9, collect, &g);
		CHECK_INT(g.n, 0);
		CHECK(reply_parser_pending(p));
		CHECK(reply_parser_memory(p) <= 100 * 513 + 100 * 64 + 1024);
		reply_parser_free(p);
		got_free(&g);
	}
	parse(&g, in, len, 4093, 512, 100, false);
	CHECK_INT(g.n, 1);
	CHECK_INT(g.r[0]->nlines, 100);
	CHECK_INT(g.r[0]->total_lines, n);
	got_free(&g);
	free(in);

	/* max_lines 0: nothing kept, everything counted. */
	parse(&g, S("250-a\r\n250 b\r\n"), 0, 512, 0, false);
	CHECK_INT(g.n, 1);
	CHECK_INT(g.r[0]->nlines, 0);
	CHECK_INT(g.r[0]->total_lines, 2);
	CHECK_INT(g.r[0]->flags, REPLY_TOO_MANY_LINES);
	got_free(&g);
	check_splits(S("250-a\r\n250-b\r\n250-c\r\n250 d\r\nx\r\n221-a\r\n221 b\r\n"), 512, 2);
}

static void test_flush(void)
{
	struct reply_parser *p = reply_parser_new(512, 100);
	struct got g;

	memset(&g, 0, sizeof(g));
	reply_parser_flush(p, collect, &g);
	CHECK_INT(g.n, 0);
	CHECK(!reply_parser_pending(p));
	reply_parser_feed(p, (const uint8_t *)"250-a\r\n250-b", 12, collect, &g);
	CHECK_INT(g.n, 0);
	CHECK(reply_parser_pending(p));
	reply_parser_flush(p, collect, &g);
	CHECK_INT(g.n, 1);
	CHECK_INT(g.r[0]->code, 250);
	CHECK_INT(g.r[0]->nlines, 2);
	CHECK_STR(g.r[0]->lines[1].text, "b");
	CHECK_INT(g.r[0]->flags, REPLY_INCOMPLETE);
	CHECK_INT(g.r[0]->raw_len, 12);
	CHECK(!reply_parser_pending(p));
	got_free(&g);

	/* A whole line but no line end; a held CR; an open reply with no partial line. */
	reply_parser_feed(p, (const uint8_t *)"221 bye", 7, collect, &g);
	reply_parser_flush(p, collect, &g);
	reply_parser_feed(p, (const uint8_t *)"221 bye\r", 8, collect, &g);
	reply_parser_flush(p, collect, &g);
	reply_parser_feed(p, (const uint8_t *)"250-a\r\n", 7, collect, &g);
	reply_parser_flush(p, collect, &g);
	reply_parser_feed(p, (const uint8_t *)"junk", 4, collect, &g);
	reply_parser_flush(p, collect, &g);
	CHECK_INT(g.n, 4);
	CHECK_INT(g.r[0]->flags, REPLY_INCOMPLETE);
	CHECK_STR(g.r[0]->lines[0].text, "bye");
	CHECK_INT(g.r[1]->flags, REPLY_INCOMPLETE | REPLY_BARE_CR);
	CHECK_INT(g.r[2]->flags, REPLY_INCOMPLETE);
	CHECK_INT(g.r[2]->nlines, 1);
	CHECK_INT(g.r[3]->code, -1);
	CHECK_INT(g.r[3]->flags, REPLY_INCOMPLETE | REPLY_MALFORMED);
	got_free(&g);
	reply_parser_free(p);
}

struct pause_ctx {
	struct reply_parser *p;
	struct got g;
	bool reset;
};

static void pause_at_220(void *arg, const struct reply *r)
{
	struct pause_ctx *c = arg;

	collect(&c->g, r);
	if (r->code == 220) {
		reply_parser_pause(c->p);
		if (c->reset)
			reply_parser_reset(c->p);
	}
}

static void test_pause_reset(void)
{
	static const char in[] = "220 2.0.0 Ready to start TLS\r\n250-injected\r\n250 x\r\n";
	struct pause_ctx c;

	memset(&c, 0, sizeof(c));
	c.p = reply_parser_new(512, 100);
	reply_parser_feed(c.p, (const uint8_t *)in, strlen(in), pause_at_220, &c);
	CHECK_INT(c.g.n, 1);
	CHECK_INT(reply_parser_consumed(c.p), 30);
	CHECK(!reply_parser_pending(c.p));
	/* Pausing outside a callback does nothing. */
	reply_parser_pause(c.p);
	reply_parser_feed(c.p, (const uint8_t *)in + 30, strlen(in) - 30, pause_at_220, &c);
	CHECK_INT(reply_parser_consumed(c.p), strlen(in) - 30);
	CHECK_INT(c.g.n, 2);
	CHECK_INT(c.g.r[1]->nlines, 2);
	got_free(&c.g);

	/* Reset from the callback, and reset of a held partial reply. */
	c.reset = true;
	reply_parser_feed(c.p, (const uint8_t *)"250-held\r\n250-b", 15, pause_at_220, &c);
	CHECK(reply_parser_pending(c.p));
	reply_parser_reset(c.p);
	CHECK(!reply_parser_pending(c.p));
	reply_parser_feed(c.p, (const uint8_t *)in, strlen(in), pause_at_220, &c);
	reply_parser_feed(c.p, (const uint8_t *)"221 bye\r\n", 9, pause_at_220, &c);
	CHECK_INT(c.g.n, 2);
	CHECK_INT(c.g.r[0]->code, 220);
	CHECK_INT(c.g.r[1]->code, 221);
	CHECK_INT(c.g.r[1]->flags, 0);
	got_free(&c.g);
	reply_parser_free(c.p);
}

static void test_flags_describe(void)
{
	char out[512], all[512];
	const char *names[16];
	size_t i, j, n = 0;

	/* Every flag has a name of its own (the table follows the enum). */
	for (i = 0; i <= 10; i++) {
		reply_flags_describe(1u << i, out, sizeof(out));
		CHECK(out[0] != '\0' && strncmp(out, "flag 0x", 7) != 0);
		names[n++] = xstrdup(out);
	}
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			CHECK(strcmp(names[i], names[j]) != 0);
	for (i = 0; i < n; i++)
		free((char *)names[i]);

	reply_flags_describe(REPLY_BARE_LF | REPLY_NUL, out, sizeof(out));
	CHECK_STR(out, "bare LF, NUL byte");
	reply_flags_describe(0, out, sizeof(out));
	CHECK_STR(out, "");
	reply_flags_describe(1u << 20, out, sizeof(out));
	CHECK_STR(out, "flag 0x100000");
	/* Truncation stays NUL-terminated. */
	reply_flags_describe(~0u, all, sizeof(all));
	reply_flags_describe(~0u, out, 10);
	CHECK(strlen(out) < 10);
	CHECK(strncmp(out, all, strlen(out)) == 0);
}

static void test_dup(void)
{
	struct got g;
	struct reply *d;

	parse(&g, S("550-5.7.1 a\0b\r\n550 c\r\n"), 0, 512, 100, false);
	d = reply_dup(g.r[0]);
	CHECK(reply_equal(d, g.r[0]));
	CHECK(d->lines != g.r[0]->lines && d->lines[0].text != g.r[0]->lines[0].text);
	reply_free(d);
	reply_free(NULL);
	got_free(&g);
}

int main(void)
{
	test_single();
	test_multi();
	test_pipelined();
	test_line_endings();
	test_code_mismatch();
	test_malformed();
	test_bad_code();
	test_enhanced();
	test_overlong();
	test_too_many_lines();
	test_flush();
	test_pause_reset();
	test_flags_describe();
	test_dup();
	return check_report();
}
