/* scan: find line ends in bulk data many bytes at a time. Message bodies are millions of short lines; a memchr
 * call per line end (two, to catch a CR and an LF) cost more than the encryption. These look for both bytes in
 * one pass, sixteen bytes a step with SSE2 (every x86-64 has it), eight with plain 64-bit words elsewhere, and no
 * call per line. Inline: they sit in the innermost loops. */
#ifndef SMTPCON_LIB_SCAN_H
#define SMTPCON_LIB_SCAN_H
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

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
#ifdef __SSE2__
	const __m128i cr = _mm_set1_epi8('\r'), lf = _mm_set1_epi8('\n');
	for (; i + 16 <= n; i += 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
		int hit = _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(x, cr), _mm_cmpeq_epi8(x, lf)));
		if (hit)
			return i + (size_t)__builtin_ctz((unsigned)hit);
	}
#endif
	for (; i + 8 <= n; i += 8) {
		uint64_t x;
		memcpy(&x, p + i, 8); /* an unaligned load */
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
#ifdef __SSE2__
	const __m128i want = _mm_set1_epi8((char)b), zero = _mm_setzero_si128();
	while (i + 16 <= n) {
		/* Per-byte counters (a match is -1, subtracted), summed before any can pass 255. */
		__m128i acc = zero;
		for (int k = 0; k < 255 && i + 16 <= n; k++, i += 16) {
			__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
			acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(x, want));
		}
		__m128i sums = _mm_sad_epu8(acc, zero);
		count += (size_t)_mm_cvtsi128_si32(sums) + (size_t)_mm_cvtsi128_si32(_mm_srli_si128(sums, 8));
	}
#endif
	for (; i + 8 <= n; i += 8) {
		uint64_t x;
		memcpy(&x, p + i, 8);
		/* One bit per match, at the bottom of its byte; the multiply adds the eight bytes into the top one. */
		count += (size_t)((((scan_bytes_eq(x, b) >> 7) * SCAN_ONES) >> 56));
	}
	for (; i < n; i++)
		count += p[i] == b;
	return count;
}

#endif
