/* test-ui-wirelog: the wire log holds a million lines with a bounded, small cost per line, gives any line back in
 * constant time, cuts long lines with a marker, and forgets the oldest lines (never the newest) at its limit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "ui/wirelog.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(void)
{
	struct wirelog *w = wirelog_new(0, 0);
	const size_t N = 1000000;
	char line[128];
	size_t text_bytes = 0;
	for (size_t i = 0; i < N; i++) {
		int n = snprintf(line, sizeof line, "250-line %zu of the session\r\n", i);
		text_bytes += (size_t)n;
		size_t ln = wirelog_append(w, WL_DATA, (int)(i % 2 + 1), i % 3 == 0 ? WL_SEG_START : 0, (uint32_t)i,
		                           (const uint8_t *)line, (size_t)n);
		if (ln != i) {
			CHECK_INT(ln, i);
			break;
		}
	}
	CHECK_INT(wirelog_first(w), 0);
	CHECK_INT(wirelog_end(w), N);
	/* Memory: the text plus a fixed index entry per line, with little slack (blocks and chunks). */
	size_t mem = wirelog_memory(w);
	double per_line = (double)(mem - text_bytes) / (double)N;
	printf("memory %zu bytes for %zu lines (%.1f bytes/line overhead)\n", mem, N, per_line);
	CHECK(per_line < 24.0);

	/* Random access: every line correct, and the time per access does not depend on where the line is. */
	srand(7);
	struct wl_line l;
	for (int k = 0; k < 100000; k++) {
		size_t i = (size_t)rand() % N;
		if (!wirelog_get(w, i, &l)) {
			CHECK(false);
			break;
		}
		int n = snprintf(line, sizeof line, "250-line %zu of the session\r\n", i);
		if (l.len != (size_t)n || memcmp(l.text, line, l.len) != 0 || l.t_ms != i || l.dir != (int)(i % 2 + 1) ||
		    l.kind != WL_DATA || ((l.flags & WL_SEG_START) != 0) != (i % 3 == 0)) {
			CHECK(false);
			break;
		}
	}
	double t0 = now();
	volatile size_t sink = 0;
	for (int k = 0; k < 200000; k++) {
		wirelog_get(w, (size_t)k % 100, &l);
		sink += l.len;
	}
	double t_front = now() - t0;
	t0 = now();
	for (int k = 0; k < 200000; k++) {
		wirelog_get(w, N - 1 - (size_t)k % 100, &l);
		sink += l.len;
	}
	double t_back = now() - t0;
	printf("access: %.3f s at the start, %.3f s at the end\n", t_front, t_back);
	CHECK(t_back < t_front * 5 + 0.05);
	CHECK(!wirelog_get(w, N, &l));

	/* Flags can be added later (split CRLF). */
	wirelog_add_flags(w, 5, WL_CR_SPLIT);
	CHECK(wirelog_get(w, 5, &l) && (l.flags & WL_CR_SPLIT));
	wirelog_free(w);

	/* A long line is cut, with the marker flag. */
	w = wirelog_new(100, 0);
	char big[1000];
	memset(big, 'x', sizeof big);
	size_t n = wirelog_append(w, WL_DATA, 2, 0, 0, (const uint8_t *)big, sizeof big);
	CHECK(wirelog_get(w, n, &l));
	CHECK_INT(l.len, 100);
	CHECK(l.flags & WL_CUT);
	/* Bytes are kept as they are, NUL and escapes included. */
	n = wirelog_append(w, WL_DATA, 2, 0, 0, (const uint8_t *)"a\0\x1b]0;x\x07", 8);
	CHECK(wirelog_get(w, n, &l) && l.len == 8 && memcmp(l.text, "a\0\x1b]0;x\x07", 8) == 0);
	wirelog_free(w);

	/* At the line limit the oldest chunk goes; numbering stays absolute. */
	w = wirelog_new(0, 2 * WIRELOG_CHUNK);
	for (size_t i = 0; i < 5 * WIRELOG_CHUNK + 10; i++) {
		int k = snprintf(line, sizeof line, "%zu", i);
		wirelog_append(w, WL_NOTE, 0, 0, 0, (const uint8_t *)line, (size_t)k);
	}
	CHECK_INT(wirelog_end(w), 5 * WIRELOG_CHUNK + 10);
	CHECK(wirelog_end(w) - wirelog_first(w) <= 2 * WIRELOG_CHUNK + WIRELOG_CHUNK);
	CHECK(!wirelog_get(w, 0, &l));
	size_t last = wirelog_end(w) - 1;
	CHECK(wirelog_get(w, last, &l));
	snprintf(line, sizeof line, "%zu", last);
	CHECK(l.len == strlen(line) && memcmp(l.text, line, l.len) == 0);
	CHECK(wirelog_get(w, wirelog_first(w), &l));
	snprintf(line, sizeof line, "%zu", wirelog_first(w));
	CHECK(l.len == strlen(line) && memcmp(l.text, line, l.len) == 0);

	/* Clear keeps numbers increasing. */
	size_t before = wirelog_end(w);
	wirelog_clear(w);
	CHECK(wirelog_first(w) == wirelog_end(w));
	CHECK(wirelog_end(w) >= before);
	n = wirelog_append(w, WL_NOTE, 0, 0, 0, (const uint8_t *)"x", 1);
	CHECK(n >= before);
	CHECK(wirelog_get(w, n, &l) && l.len == 1);
	wirelog_free(w);
	(void)sink;
	return check_report();
}
