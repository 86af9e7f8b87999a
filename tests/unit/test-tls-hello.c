/* test-tls-hello: the hand-built ClientHello of /tls scan's order probes (core/tls-hello.h) says exactly what it
 * should (every length consistent, the suites in the given order, SNI only for a DNS name, no TLS 1.3), and the
 * parser of the server's answer gets the chosen suite right however the answer is cut into records and reads,
 * and refuses every malformed answer instead of guessing. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "core/tls-hello.h"

static const uint8_t rnd[32] = {1, 2, 3};

static unsigned g16(const uint8_t *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

/* The extension of type t in a ClientHello built here (its data, length in *len), or NULL. */
static const uint8_t *find_ext(const uint8_t *h, size_t n, unsigned t, size_t *len)
{
	size_t off = 5 + 4 + 2 + 32;
	off += 1 + h[off];
	off += 2 + g16(h + off);
	off += 1 + h[off];
	size_t end = off + 2 + g16(h + off);
	CHECK(end == n);
	for (off += 2; off + 4 <= end; off += 4 + g16(h + off + 2))
		if (g16(h + off) == t) {
			*len = g16(h + off + 2);
			return h + off + 4;
		}
	return NULL;
}

static void test_build(void)
{
	const uint8_t suites[] = {0xc0, 0x2f, 0x00, 0x9c, 0xc0, 0x13};
	size_t n = 0, el = 0;
	uint8_t *h = tls_hello_build(TLS_HELLO_TLS12, suites, 3, "mail.lab.test", rnd, &n);
	CHECK(h != NULL);
	CHECK(h[0] == 22 && h[1] == 3 && h[2] == 1);
	CHECK_INT(g16(h + 3), n - 5);
	CHECK(h[5] == 1); /* ClientHello */
	CHECK_INT((size_t)h[6] << 16 | (size_t)h[7] << 8 | h[8], n - 9);
	CHECK_INT(g16(h + 9), 0x0303);
	CHECK(memcmp(h + 11, rnd, 32) == 0);
	CHECK(h[43] == 0);                     /* no session id */
	CHECK_INT(g16(h + 44), 6);             /* three suites */
	CHECK(memcmp(h + 46, suites, 6) == 0); /* in the order given */
	const uint8_t *sni = find_ext(h, n, 0x0000, &el);
	CHECK(sni && el == 13 + 5 && memcmp(sni + 5, "mail.lab.test", 13) == 0);
	CHECK(find_ext(h, n, 0x000a, &el) != NULL);
	CHECK(find_ext(h, n, 0x000d, &el) != NULL); /* signature_algorithms in TLS 1.2 */
	CHECK(find_ext(h, n, 0x002b, &el) == NULL); /* no supported_versions: no TLS 1.3 */
	CHECK(find_ext(h, n, 0xff01, &el) != NULL && el == 1);
	free(h);

	h = tls_hello_build(TLS_HELLO_TLS10, suites, 3, "127.0.0.1", rnd, &n);
	CHECK(h && g16(h + 9) == 0x0301);
	CHECK(find_ext(h, n, 0x0000, &el) == NULL); /* no SNI for an address literal */
	CHECK(find_ext(h, n, 0x000d, &el) == NULL); /* nor signature_algorithms before TLS 1.2 */
	free(h);
	h = tls_hello_build(TLS_HELLO_TLS11, suites, 1, "::1", rnd, &n);
	CHECK(h && find_ext(h, n, 0x0000, &el) == NULL);
	free(h);
	h = tls_hello_build(TLS_HELLO_TLS12, suites, 1, "mx.example.", rnd, &n);
	CHECK(h && (sni = find_ext(h, n, 0x0000, &el)) != NULL && el == 10 + 5 &&
	      memcmp(sni + 5, "mx.example", 10) == 0);
	free(h);
	CHECK(tls_hello_build(TLS_HELLO_TLS12, suites, 0, NULL, rnd, &n) == NULL);
	CHECK(tls_hello_build(0x0304, suites, 1, NULL, rnd, &n) == NULL);
	CHECK(tls_hello_build(TLS_HELLO_TLS12, suites, TLS_HELLO_MAX_SUITES + 1, NULL, rnd, &n) == NULL);
}

/* A ServerHello message (handshake header included) choosing suite, with extensions ext (elen bytes, or none
 * when elen is 0 and ext NULL). */
static size_t server_hello(uint8_t *out, unsigned version, const uint8_t suite[2], const uint8_t *ext, size_t elen)
{
	size_t o = 4;
	out[o++] = (uint8_t)(version >> 8), out[o++] = (uint8_t)version;
	memset(out + o, 0x5a, 32), o += 32;
	out[o++] = 32;
	memset(out + o, 0x11, 32), o += 32;
	out[o++] = suite[0], out[o++] = suite[1], out[o++] = 0;
	if (ext) {
		out[o++] = (uint8_t)(elen >> 8), out[o++] = (uint8_t)elen;
		memcpy(out + o, ext, elen), o += elen;
	}
	out[0] = 2, out[1] = 0, out[2] = (uint8_t)((o - 4) >> 8), out[3] = (uint8_t)(o - 4);
	return o;
}

/* Wrap msg in records of at most piece bytes each. */
static size_t records(uint8_t *out, unsigned type, const uint8_t *msg, size_t n, size_t piece)
{
	size_t o = 0;
	for (size_t off = 0; off < n; off += piece) {
		size_t k = n - off < piece ? n - off : piece;
		out[o++] = (uint8_t)type, out[o++] = 3, out[o++] = 3;
		out[o++] = (uint8_t)(k >> 8), out[o++] = (uint8_t)k;
		memcpy(out + o, msg + off, k), o += k;
	}
	return o;
}

static void test_parse(void)
{
	static uint8_t msg[512], in[4096];
	struct tls_server_hello sh;
	const uint8_t suite[2] = {0xc0, 0x30};
	/* renegotiation_info and extended_master_secret, as a server answers them */
	const uint8_t ext[] = {0xff, 0x01, 0, 1, 0, 0x00, 0x17, 0, 0};
	size_t m = server_hello(msg, 0x0303, suite, ext, sizeof ext);
	for (size_t piece = 1; piece <= m; piece += piece < 8 ? 1 : 37) {
		size_t n = records(in, 22, msg, m, piece), nsh = n;
		/* A certificate record follows in the same read: never looked at. */
		n += records(in + n, 22, (const uint8_t[]){11, 0, 0, 3, 0, 0, 0}, 7, 7);
		CHECK_INT(tls_hello_parse(in, n, &sh), TLS_HELLO_SERVER_HELLO);
		CHECK(sh.version == 0x0303 && memcmp(sh.suite, suite, 2) == 0 && sh.compression == 0);
		/* Every shorter read asks for more: the answer never depends on where a read ends. */
		bool more = true;
		for (size_t k = 0; k < nsh; k++)
			more &= tls_hello_parse(in, k, &sh) == TLS_HELLO_MORE;
		CHECK(more);
	}
	size_t n = records(in, 22, msg, m, m);
	CHECK_INT(tls_hello_parse(in, n - 1, &sh), TLS_HELLO_MORE);

	/* No extensions at all (TLS 1.0 servers). */
	m = server_hello(msg, 0x0301, suite, NULL, 0);
	n = records(in, 22, msg, m, m);
	CHECK_INT(tls_hello_parse(in, n, &sh), TLS_HELLO_SERVER_HELLO);
	CHECK_INT(sh.version, 0x0301);

	/* supported_versions decides the version. */
	const uint8_t sv[] = {0x00, 0x2b, 0, 2, 3, 4};
	m = server_hello(msg, 0x0303, suite, sv, sizeof sv);
	n = records(in, 22, msg, m, m);
	CHECK_INT(tls_hello_parse(in, n, &sh), TLS_HELLO_SERVER_HELLO);
	CHECK_INT(sh.version, 0x0304);

	/* A fatal alert: none of the suites offered. */
	n = records(in, 21, (const uint8_t[]){2, 40}, 2, 2);
	CHECK_INT(tls_hello_parse(in, n, &sh), TLS_HELLO_ALERT);
	CHECK(sh.alert_level == 2 && sh.alert == 40);
	CHECK_INT(tls_hello_parse(in, n - 1, &sh), TLS_HELLO_MORE);
	/* A warning (unrecognized_name), then the ServerHello. */
	n = records(in, 21, (const uint8_t[]){1, 112}, 2, 2);
	m = server_hello(msg, 0x0303, suite, ext, sizeof ext);
	n += records(in + n, 22, msg, m, m);
	CHECK_INT(tls_hello_parse(in, n, &sh), TLS_HELLO_SERVER_HELLO);
	/* close_notify ends it too. */
	n = records(in, 21, (const uint8_t[]){1, 0}, 2, 2);
	CHECK_INT(tls_hello_parse(in, n, &sh), TLS_HELLO_ALERT);
	CHECK_INT(sh.alert, 0);

	/* A plaintext answer (a busy server's 421 on an implicit-TLS port). */
	CHECK_INT(tls_hello_parse((const uint8_t *)"421 busy\r\n", 10, &sh), TLS_HELLO_PLAINTEXT);
	CHECK_INT(tls_hello_parse(in, 0, &sh), TLS_HELLO_MORE);
}

/* Each malformed answer is refused (BAD), never read as a choice. */
static void test_refuse(void)
{
	static uint8_t msg[512], in[70000];
	struct tls_server_hello sh;
	const uint8_t suite[2] = {0x00, 0x9c};
	size_t m = server_hello(msg, 0x0303, suite, NULL, 0), n;

#define REFUSED(buf, len) CHECK(tls_hello_parse((buf), (len), &sh) == TLS_HELLO_BAD && sh.why != NULL)
	/* session id longer than 32 */
	msg[38] = 33;
	n = records(in, 22, msg, m, m);
	REFUSED(in, n);
	msg[38] = 32;
	/* the message ends inside the cipher suite */
	msg[3] -= 2;
	n = records(in, 22, msg, m - 2, m);
	REFUSED(in, n);
	msg[3] += 2;
	/* extensions: a length that does not match, an extension longer than what is left, a duplicate */
	const uint8_t e1[] = {0xff, 0x01, 0, 1}; /* says 1 byte, holds 0 */
	m = server_hello(msg, 0x0303, suite, e1, sizeof e1);
	REFUSED(in, records(in, 22, msg, m, m));
	const uint8_t e2[] = {0x00, 0x17, 0, 0, 0x00, 0x17, 0, 0};
	m = server_hello(msg, 0x0303, suite, e2, sizeof e2);
	REFUSED(in, records(in, 22, msg, m, m));
	const uint8_t e3[] = {0x00, 0x2b, 0, 3, 3, 3, 3};
	m = server_hello(msg, 0x0303, suite, e3, sizeof e3);
	REFUSED(in, records(in, 22, msg, m, m));
	m = server_hello(msg, 0x0303, suite, NULL, 0);
	msg[m] = 0; /* one stray byte where the extensions' length belongs */
	msg[3]++;
	REFUSED(in, records(in, 22, msg, m + 1, m + 1));
	/* a HelloRetryRequest */
	static const uint8_t hrr[32] = {0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c,
					0x02, 0x1e, 0x65, 0xb8, 0x91, 0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb,
					0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c};
	m = server_hello(msg, 0x0303, suite, NULL, 0);
	memcpy(msg + 6, hrr, 32);
	REFUSED(in, records(in, 22, msg, m, m));
	/* not a ServerHello first; a ChangeCipherSpec first; application data; a bad record version; an odd alert;
	 * an empty handshake record; an oversized record */
	m = server_hello(msg, 0x0303, suite, NULL, 0);
	msg[0] = 11;
	REFUSED(in, records(in, 22, msg, m, m));
	REFUSED(in, records(in, 20, (const uint8_t[]){1}, 1, 1));
	REFUSED(in, records(in, 23, (const uint8_t[]){1, 2}, 2, 2));
	n = records(in, 21, (const uint8_t[]){2, 40}, 2, 2);
	in[1] = 2;
	REFUSED(in, n);
	REFUSED(in, records(in, 21, (const uint8_t[]){2, 40, 2}, 3, 3));
	REFUSED(in, records(in, 21, (const uint8_t[]){3, 40}, 2, 2));
	static const uint8_t empty[] = {22, 3, 3, 0, 0}, huge[] = {22, 3, 3, 0x40, 0x01};
	REFUSED(empty, 5);
	REFUSED(huge, 5);
	/* a ServerHello that says it is longer than anything the parser reads */
	REFUSED(in, records(in, 22, (const uint8_t[]){2, 1, 0, 0}, 4, 4));
	/* warnings that never end: refused once the reading bound is reached */
	n = 0;
	while (n < sizeof in - 8)
		n += records(in + n, 21, (const uint8_t[]){1, 112}, 2, 2);
	REFUSED(in, n);
	CHECK_INT(tls_hello_parse(in, 1000, &sh), TLS_HELLO_MORE);
#undef REFUSED
}

int main(void)
{
	test_build();
	test_parse();
	test_refuse();
	return check_report();
}
