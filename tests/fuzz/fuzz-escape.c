/* fuzz-escape: libFuzzer target for the display gate. The first byte picks the flags and an output limit; the
 * rest is untrusted bytes. Checks the promises of lib/escape.h: the output is valid UTF-8 with no C0, DEL, C1 or
 * invisible character (escape_cp_unsafe); ESCAPE_ASCII output is printable ASCII; reversible output reads back through unescape_c to the
 * exact input; a bounded output is a prefix of the unbounded one. Also throws the raw input at unescape_c and
 * hexdump_row. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/escape.h"
#include "lib/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define REQUIRE(cond)                                                                          \
	do {                                                                                   \
		if (!(cond)) {                                                                 \
			fprintf(stderr, "fuzz-escape: %s failed (line %d)\n", #cond, __LINE__); \
			abort();                                                               \
		}                                                                              \
	} while (0)

static void require_display_safe(const uint8_t *s, size_t n, unsigned flags)
{
	REQUIRE(utf8_valid(s, n));
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		REQUIRE(k > 0);
		REQUIRE(!escape_cp_unsafe(cp));
		if (flags & ESCAPE_ASCII)
			REQUIRE(cp >= 0x20 && cp < 0x7f);
		i += k;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	unsigned flags = data[0] & (ESCAPE_ASCII | ESCAPE_REVERSIBLE);
	size_t limit = data[0] >> 2; /* 0..63: a small limit, to exercise the cut */
	const uint8_t *p = data + 1;
	size_t n = size - 1;

	struct buf full;
	buf_init(&full, 0);
	escape_bytes(&full, p, n, flags);
	require_display_safe(full.data ? full.data : (const uint8_t *)"", full.len, flags);
	REQUIRE(full.len >= n); /* nothing vanishes */

	if (flags & ESCAPE_REVERSIBLE) {
		uint8_t *back = malloc(full.len + 1);
		const char *err = NULL;
		long k = unescape_c(buf_cstr(&full), back, &err);
		REQUIRE(k == (long)n);
		REQUIRE(n == 0 || memcmp(back, p, n) == 0);
		free(back);
	}

	struct buf cut;
	buf_init(&cut, limit ? limit : 1);
	escape_bytes(&cut, p, n, flags);
	REQUIRE(cut.len <= (limit ? limit : 1));
	REQUIRE(cut.len <= full.len);
	REQUIRE(cut.len == 0 || memcmp(cut.data, full.data, cut.len) == 0);
	require_display_safe(cut.data ? cut.data : (const uint8_t *)"", cut.len, flags);
	buf_free(&cut);

	char *dup = escape_dup(p, n, flags);
	REQUIRE(strlen(dup) == full.len && memcmp(dup, buf_cstr(&full), full.len) == 0);
	free(dup);
	buf_free(&full);

	/* unescape_c on arbitrary text: never writes past strlen(in), never crashes. */
	char *in = malloc(n + 1);
	memcpy(in, p, n);
	in[n] = '\0';
	size_t inlen = strlen(in);
	uint8_t *out = malloc(inlen + 1);
	const char *err = NULL;
	long k = unescape_c(in, out, &err);
	REQUIRE(k == -1 ? err != NULL : (k >= 0 && (size_t)k <= inlen));
	free(out);
	free(in);

	/* The hex dump is plain ASCII whatever the bytes. */
	struct buf hd;
	buf_init(&hd, 0);
	for (size_t off = 0; off < n; off += 16)
		hexdump_row(&hd, off, p + off, n - off < 16 ? n - off : 16);
	for (size_t i = 0; i < hd.len; i++)
		REQUIRE(hd.data[i] >= 0x20 && hd.data[i] < 0x7f);
	buf_free(&hd);
	return 0;
}
