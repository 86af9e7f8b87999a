/* test-dotstuff: DATA bodies: CRLF normalisation, dot-stuffing and the end marker, for any chunking. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "core/dotstuff.h"

/* Encode text in chunks of size step; return the result as a NUL-terminated string (static). */
static const char *encode(const char *text, size_t step)
{
	static char out[4096];
	struct dotstuff d;
	dotstuff_init(&d);
	size_t n = strlen(text), o = 0;
	for (size_t i = 0; i < n; i += step) {
		size_t len = n - i < step ? n - i : step;
		o += dotstuff_encode(&d, (const uint8_t *)text + i, len, (uint8_t *)out + o);
	}
	o += dotstuff_finish(&d, (uint8_t *)out + o);
	out[o] = '\0';
	return out;
}

/* The rules byte by byte, as RFC 5321 states them: the reference the fast encoder must match. */
static size_t reference(const uint8_t *in, size_t n, uint8_t *out)
{
	size_t o = 0;
	bool line_start = true, after_cr = false;
	for (size_t i = 0; i < n; i++) {
		uint8_t c = in[i];
		if (after_cr) {
			after_cr = false;
			if (c == '\n')
				continue;
		}
		if (c == '\r' || c == '\n') {
			out[o++] = '\r';
			out[o++] = '\n';
			line_start = true;
			after_cr = c == '\r';
			continue;
		}
		if (line_start && c == '.')
			out[o++] = '.';
		line_start = false;
		out[o++] = c;
	}
	if (!line_start) {
		out[o++] = '\r';
		out[o++] = '\n';
	}
	memcpy(out + o, ".\r\n", 3);
	return o + 3;
}

/* Random texts rich in CR, LF and dots, encoded in random chunks, against the reference. */
static void random_texts(void)
{
	static const uint8_t alphabet[] = {'a', '.', '\r', '\n', 'b', '.', '\n', 'x'};
	uint8_t in[512], want[2 * sizeof in + 8], got[2 * sizeof in + 8];
	unsigned seed = 12345;
	for (int round = 0; round < 2000; round++) {
		size_t n = (seed = seed * 1103515245u + 12345u) % sizeof in;
		for (size_t i = 0; i < n; i++)
			in[i] = alphabet[(seed = seed * 1103515245u + 12345u) >> 16 & 7];
		size_t wn = reference(in, n, want);
		struct dotstuff d;
		dotstuff_init(&d);
		size_t o = 0;
		for (size_t i = 0; i < n;) {
			size_t step = 1 + ((seed = seed * 1103515245u + 12345u) >> 16) % 17;
			if (step > n - i)
				step = n - i;
			o += dotstuff_encode(&d, in + i, step, got + o);
			i += step;
		}
		o += dotstuff_finish(&d, got + o);
		CHECK(o == wn && memcmp(got, want, wn) == 0);
	}
}

int main(void)
{
	random_texts();
	static const struct {
		const char *in;
		const char *out;
	} cases[] = {
		{"Subject: x\r\n\r\nhello\r\n", "Subject: x\r\n\r\nhello\r\n.\r\n"},
		{"bare\nlf\n", "bare\r\nlf\r\n.\r\n"},
		{"bare\rcr", "bare\r\ncr\r\n.\r\n"},
		{"no final newline", "no final newline\r\n.\r\n"},
		{".starts with dot\r\n", "..starts with dot\r\n.\r\n"},
		{"a\r\n.\r\nb\r\n", "a\r\n..\r\nb\r\n.\r\n"},
		{"a\n..\n", "a\r\n...\r\n.\r\n"},
		{"", ".\r\n"},
		{"x.\r\n", "x.\r\n.\r\n"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		for (size_t step = 1; step <= 8; step++)
			CHECK_STR(encode(cases[i].in, step), cases[i].out);
	return check_report();
}
