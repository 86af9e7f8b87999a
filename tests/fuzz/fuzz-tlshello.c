/* fuzz-tlshello: libFuzzer target for the parser of a server's answer to /tls scan's hand-built ClientHello
 * (core/tls-hello.h): hostile bytes from any server. The input is the answer as read; it is parsed whole and cut
 * at a point the input chooses (the answer must never depend on where a read ended: a prefix is either still
 * incomplete or already the same answer), and its tail is also used as the suites and SNI of a hello, whose
 * lengths are checked. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/tls-hello.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define REQUIRE(cond)                                                                                                  \
	do {                                                                                                           \
		if (!(cond)) {                                                                                         \
			fprintf(stderr, "fuzz-tlshello: %s failed (line %d)\n", #cond, __LINE__);                      \
			abort();                                                                                       \
		}                                                                                                      \
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tls_server_hello all, part;
	enum tls_hello_kind k = tls_hello_parse(data, size, &all);
	REQUIRE(k == all.kind);
	REQUIRE(k != TLS_HELLO_BAD || all.why != NULL);
	REQUIRE(k != TLS_HELLO_SERVER_HELLO || all.version >> 8 == 3);
	REQUIRE(k != TLS_HELLO_ALERT || all.alert_level == 1 || all.alert_level == 2);
	REQUIRE(k != TLS_HELLO_MORE || size < TLS_HELLO_MAX_INPUT);
	if (size) {
		size_t cut = data[size - 1] * size / 256;
		enum tls_hello_kind kp = tls_hello_parse(data, cut, &part);
		REQUIRE(kp == TLS_HELLO_MORE || kp == k);
		if (kp == TLS_HELLO_SERVER_HELLO)
			REQUIRE(part.version == all.version && memcmp(part.suite, all.suite, 2) == 0);
		if (kp == TLS_HELLO_ALERT)
			REQUIRE(part.alert == all.alert);
	}
	/* A hello from the input: suites from its first bytes, SNI from the rest (as text). */
	size_t ns = size / 2 > 300 ? 300 : size / 2;
	char sni[300];
	size_t sl = size - ns * 2 < sizeof sni - 1 ? size - ns * 2 : sizeof sni - 1;
	memcpy(sni, data + ns * 2, sl);
	sni[sl] = '\0';
	uint8_t rnd[32] = {0};
	size_t len = 0;
	unsigned version = TLS_HELLO_TLS10 + (size % 3);
	uint8_t *h = tls_hello_build(version, data, ns, sni, rnd, &len);
	REQUIRE((h != NULL) == (ns > 0 && ns <= TLS_HELLO_MAX_SUITES));
	if (h) {
		REQUIRE(len > 9 && ((size_t)h[3] << 8 | h[4]) == len - 5);
		REQUIRE(((size_t)h[6] << 16 | (size_t)h[7] << 8 | h[8]) == len - 9);
		REQUIRE(((size_t)h[44] << 8 | h[45]) == ns * 2 && memcmp(h + 46, data, ns * 2) == 0);
		free(h);
	}
	return 0;
}
