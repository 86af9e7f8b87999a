/* fuzz-tlsa: libFuzzer target for DANE's TLSA records (core/dane.h). The input is an RRset as DNS carries it
 * (each record: a 2-byte big-endian length, then that many rdata bytes); every record is parsed, rendered as text
 * and matched against a "chain" whose one certificate is the input itself, so the matcher's DER walk over the
 * certificate a server sent (hostile bytes too) is fuzzed with it. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/dane.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define REQUIRE(cond)                                                                                                  \
	do {                                                                                                           \
		if (!(cond)) {                                                                                         \
			fprintf(stderr, "fuzz-tlsa: %s failed (line %d)\n", #cond, __LINE__);                          \
			abort();                                                                                       \
		}                                                                                                      \
	} while (0)

#define MAX_RECORDS 8

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct dane_tlsa recs[MAX_RECORDS];
	size_t n = 0, off = 0;
	while (off + 2 <= size && n < MAX_RECORDS) {
		size_t len = (size_t)data[off] << 8 | data[off + 1];
		off += 2;
		if (len > size - off)
			len = size - off;
		if (dane_tlsa_parse(data + off, len, &recs[n]) == 0) {
			REQUIRE(recs[n].len + 3 == len && recs[n].len <= DANE_MAX_DATA);
			char text[64];
			dane_tlsa_text(&recs[n], text, sizeof text);
			REQUIRE(strlen(text) < sizeof text);
			n++;
		}
		off += len;
	}
	uint8_t *copy = malloc(size ? size : 1);
	REQUIRE(copy != NULL);
	if (size)
		memcpy(copy, data, size);
	struct cert_info chain[2] = {{.der = copy, .der_len = size}, {.der = copy, .der_len = size}};
	struct dane_input in = {recs, n, chain, 2, "mx1.lab.test", "lab.test", 1700000000, NULL};
	struct dane_match m;
	dane_match(&in, &m);
	REQUIRE(m.verdict == DANE_VERIFIED || m.verdict == DANE_MISMATCH || m.verdict == DANE_UNUSABLE);
	REQUIRE(strlen(m.detail) < sizeof m.detail);
	char a[80], b[80];
	dane_publish(chain, 2, a, b);
	free(copy);
	return 0;
}
