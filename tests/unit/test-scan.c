/* test-scan: the word-at-a-time line-end search and byte count agree with a byte-by-byte loop on every length and
 * alignment, with bytes that differ from CR/LF by one bit or carry a high bit (where a sloppy bit trick errs). */
#include <stdint.h>
#include <stdlib.h>

#include "check.h"
#include "lib/scan.h"

static uint8_t pick(unsigned r)
{
	static const uint8_t tricky[] = {'\r', '\n', 0x8d, 0x8a, 0x0c, 0x0e, 0x0b, 0x09, 0xff, 0x00, 0x80, 0x7f};
	return r % 3 ? tricky[r % sizeof tricky] : (uint8_t)(r >> 8);
}

int main(void)
{
	uint8_t buf[300];
	unsigned seed = 12345;
	int bad_eol = 0, bad_count = 0;
	for (int round = 0; round < 100000; round++) {
		size_t off = (size_t)round % 8, n = (size_t)(round * 7 % 200);
		uint8_t *p = buf + off;
		for (size_t i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			/* Mostly ordinary text, so line ends fall at every offset inside a word. */
			p[i] = (seed >> 16) % 16 ? (uint8_t)('a' + (seed >> 20) % 26) : pick(seed >> 8);
		}
		size_t want = n, lf = 0;
		for (size_t i = 0; i < n; i++) {
			if (want == n && (p[i] == '\r' || p[i] == '\n'))
				want = i;
			lf += p[i] == '\n';
		}
		bad_eol += scan_eol(p, n) != want;
		bad_count += scan_count(p, n, '\n') != lf;
	}
	CHECK_INT(bad_eol, 0);
	CHECK_INT(bad_count, 0);
	CHECK_INT(scan_eol((const uint8_t *)"no line end here at all", 23), 23);
	CHECK_INT(scan_eol((const uint8_t *)"0123456789abcdef\r\n", 18), 16);
	CHECK_INT(scan_count((const uint8_t *)"a\nb\nc\r\n\n", 8, '\n'), 4);
	return check_report();
}
