/* scan: find line ends in bulk data a word at a time. Message bodies are millions of short lines; a memchr call
 * per line end (two, to catch a CR and an LF) cost more than the encryption. These look for both bytes in one
 * pass, eight bytes per step, with no call per line. Inline: they sit in the innermost loops. */
#ifndef SMTPCON_LIB_SCAN_H
#define SMTPCON_LIB_SCAN_H
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define SCAN_ONES 0x0101010101010101ull
#define SCAN_HIGHS 0x8080808080808080ull

/* 0x80 in each byte of x that equals b, 0 elsewhere (exact: no false hits from borrows). */
static inline uint64_t scan_bytes_eq(uint64_t x, uint8_t b)
{
	uint64_t t = x ^ (SCAN_ONES * b);
	return ~(((t & ~SCAN_HIGHS) + ~SCAN_HIGHS) | t) & SCAN_HIGHS;
}

/* Offset of the first CR or LF in p[0..n), or n when there is none. */
static inline size_t scan_eol(const uint8_t *p, size_t n)
{
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t x;
		memcpy(&x, p + i, 8); /* an unaligned load, little-endian on every machine we build for */
		uint64_t hit = scan_bytes_eq(x, '\r') | scan_bytes_eq(x, '\n');
		if (hit) {
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			return i + (size_t)(__builtin_ctzll(hit) >> 3);
#else
			return i + (size_t)(__builtin_clzll(hit) >> 3);
#endif
		}
	}
	for (; i < n; i++)
		if (p[i] == '\r' || p[i] == '\n')
			return i;
	return n;
}

/* How many bytes of p[0..n) equal b. */
static inline size_t scan_count(const uint8_t *p, size_t n, uint8_t b)
{
	size_t i = 0, count = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t x;
		memcpy(&x, p + i, 8);
		count += (size_t)__builtin_popcountll(scan_bytes_eq(x, b));
	}
	for (; i < n; i++)
		count += p[i] == b;
	return count;
}

#endif
