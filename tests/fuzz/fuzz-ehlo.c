/* fuzz-ehlo: libFuzzer target for EHLO capabilities. Parses the input as server data, turns each reply into a
 * capability list and diffs it against a fixed list (Exim's after STARTTLS), both ways and against itself,
 * checking that the counts add up. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ehlo.h"
#include "core/reply.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define REQUIRE(cond)                                                                 \
	do {                                                                          \
		if (!(cond)) {                                                        \
			fprintf(stderr, "fuzz-ehlo: %s failed (line %d)\n", #cond, __LINE__); \
			abort();                                                      \
		}                                                                     \
	} while (0)

static struct caps *fixed;

static void fixed_reply(void *arg, const struct reply *r)
{
	(void)arg;
	if (fixed == NULL)
		fixed = caps_from_reply(r);
}

static void check_diff(const struct caps *a, const struct caps *b)
{
	struct caps_diff *d = caps_diff(a, b);
	size_t na = a ? a->n : 0, nb = b ? b->n : 0;

	REQUIRE(d->nadded + d->nsame + d->nchanged == nb);
	REQUIRE(d->nremoved + d->nsame + d->nchanged == na);
	for (size_t i = 0; i < d->nchanged; i++)
		REQUIRE(strcmp(d->changed[i].from, d->changed[i].to) != 0);
	caps_diff_free(d);
}

static void on_reply(void *arg, const struct reply *r)
{
	struct caps *c = caps_from_reply(r), *dup;
	struct caps_diff *d;

	(void)arg;
	if (c == NULL) {
		REQUIRE(r->code < 200 || r->code > 299);
		return;
	}
	REQUIRE(c->n < (r->nlines ? r->nlines : 1));
	for (size_t i = 0; i < c->n; i++) {
		REQUIRE(c->v[i].name[0] != '\0');
		REQUIRE(caps_find(c, c->v[i].name) != NULL);
		REQUIRE(caps_has(c, c->v[i].name, NULL));
		/* Normalised: no leading, trailing or double space, no tab. */
		const char *s = c->v[i].params;
		size_t len = strlen(s);
		REQUIRE(len == 0 || (s[0] != ' ' && s[len - 1] != ' '));
		REQUIRE(strstr(s, "  ") == NULL && strchr(s, '\t') == NULL);
	}
	check_diff(fixed, c);
	check_diff(c, fixed);
	check_diff(NULL, c);
	dup = caps_dup(c);
	d = caps_diff(c, dup);
	REQUIRE(d->nsame == c->n && d->nadded == 0 && d->nremoved == 0 && d->nchanged == 0);
	caps_diff_free(d);
	caps_free(dup);
	caps_free(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char exim_tls[] = "250-mail.lab.test Hello client.lab.test [127.0.0.1]\r\n"
	                               "250-SIZE 52428800\r\n250-8BITMIME\r\n250-PIPELINING\r\n"
	                               "250-AUTH PLAIN LOGIN\r\n250-CHUNKING\r\n250-PRDR\r\n250 HELP\r\n";
	struct reply_parser *p;

	if (fixed == NULL) {
		p = reply_parser_new(512, 100);
		reply_parser_feed(p, (const uint8_t *)exim_tls, strlen(exim_tls), fixed_reply, NULL);
		reply_parser_free(p);
		REQUIRE(fixed != NULL && fixed->n == 7);
	}
	p = reply_parser_new(512, 200);
	reply_parser_feed(p, data, size, on_reply, NULL);
	reply_parser_flush(p, on_reply, NULL);
	reply_parser_free(p);
	return 0;
}
