/* fuzz-reply: libFuzzer target for the SMTP reply parser. The first three bytes pick the limits and how the rest
 * is split; the rest is server data. Checks that limits hold, that every byte is accounted for, and that feeding
 * in pieces (or byte by byte) gives exactly the replies of feeding it whole. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/reply.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define REQUIRE(cond)                                                                  \
	do {                                                                           \
		if (!(cond)) {                                                         \
			fprintf(stderr, "fuzz-reply: %s failed (line %d)\n", #cond, __LINE__); \
			abort();                                                       \
		}                                                                      \
	} while (0)

struct run {
	size_t max_line, max_lines;
	uint64_t hash;   /* of every reply, in order */
	size_t nreplies;
	size_t raw;      /* sum of raw_len */
};

static uint64_t mix(uint64_t h, const void *p, size_t n)
{
	const uint8_t *b = p;

	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 0x100000001b3ull;
	return h;
}

static void on_reply(void *arg, const struct reply *r)
{
	struct run *run = arg;
	char desc[256], enh[16];
	uint64_t h = run->hash;

	REQUIRE(r->nlines <= run->max_lines);
	REQUIRE(r->nlines <= r->total_lines);
	REQUIRE(r->total_lines >= 1);
	REQUIRE(r->code >= -1 && r->code <= 999);
	REQUIRE(strlen(r->enhanced) < sizeof(r->enhanced));
	REQUIRE(!!(r->flags & REPLY_TOO_MANY_LINES) == (r->total_lines > r->nlines));
	for (size_t i = 0; i < r->nlines; i++) {
		REQUIRE(r->lines[i].len <= run->max_line);
		REQUIRE(r->lines[i].text[r->lines[i].len] == '\0');
		h = mix(h, &r->lines[i].len, sizeof(r->lines[i].len));
		h = mix(h, r->lines[i].text, r->lines[i].len);
		enhanced_code_parse(r->lines[i].text, r->lines[i].len, enh);
	}
	if (r->enhanced[0] != '\0') {
		REQUIRE(r->nlines > 0);
		REQUIRE(enhanced_code_parse(r->lines[0].text, r->lines[0].len, enh) == strlen(r->enhanced));
		REQUIRE(strcmp(enh, r->enhanced) == 0);
	}
	reply_flags_describe(r->flags, desc, sizeof(desc));
	reply_flags_describe(r->flags, desc, 7);
	h = mix(h, &r->code, sizeof(r->code));
	h = mix(h, &r->flags, sizeof(r->flags));
	h = mix(h, &r->total_lines, sizeof(r->total_lines));
	h = mix(h, &r->raw_len, sizeof(r->raw_len));
	h = mix(h, r->enhanced, strlen(r->enhanced));
	run->hash = h;
	run->nreplies++;
	run->raw += r->raw_len;

	struct reply *d = reply_dup(r);
	REQUIRE(d->nlines == r->nlines && d->code == r->code);
	reply_free(d);
}

/* Feed data in pieces whose sizes come from the step table, then flush. */
static void run_split(struct run *run, const uint8_t *data, size_t n, const uint8_t *steps, size_t nsteps)
{
	struct reply_parser *p = reply_parser_new(run->max_line, run->max_lines);
	size_t i = 0, k = 0;

	run->hash = 0xcbf29ce484222325ull;
	while (i < n) {
		size_t step = nsteps ? (size_t)steps[k++ % nsteps] % 17 + 1 : n;

		if (step > n - i)
			step = n - i;
		reply_parser_feed(p, data + i, step, on_reply, run);
		REQUIRE(reply_parser_consumed(p) == step);
		/* Bounded whatever arrives: kept lines, one line being read, and their bookkeeping. */
		REQUIRE(reply_parser_memory(p) <=
		        512 + (run->max_lines + 1) * (run->max_line + 1) + run->max_lines * 2 * sizeof(struct reply_line));
		i += step;
	}
	REQUIRE(run->raw <= n);
	REQUIRE(reply_parser_pending(p) == (run->raw < n));
	reply_parser_flush(p, on_reply, run);
	REQUIRE(!reply_parser_pending(p));
	REQUIRE(run->raw == n);  /* every byte belongs to exactly one reply */
	reply_parser_free(p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t line_limits[] = {0, 1, 3, 4, 5, 8, 16, 64, 512, 1000};
	struct run whole, part, bytes;
	uint8_t one = 0;

	if (size < 3)
		return 0;
	memset(&whole, 0, sizeof(whole));
	whole.max_line = line_limits[data[0] % (sizeof(line_limits) / sizeof(line_limits[0]))];
	whole.max_lines = data[1] % 9;
	part = whole;
	bytes = whole;

	run_split(&whole, data + 3, size - 3, NULL, 0);
	/* Steps taken from the input itself vary with it, so every split pattern is reachable. */
	run_split(&part, data + 3, size - 3, data + 2, size - 2 < 64 ? size - 2 : 64);
	REQUIRE(part.hash == whole.hash && part.nreplies == whole.nreplies);
	if (size < 2048) {
		run_split(&bytes, data + 3, size - 3, &one, 1);
		REQUIRE(bytes.hash == whole.hash && bytes.nreplies == whole.nreplies);
	}
	return 0;
}
