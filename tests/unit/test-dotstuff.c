/* test-dotstuff: DATA bodies: CRLF normalisation, dot-stuffing and the end marker, for any chunking. */
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

int main(void)
{
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
