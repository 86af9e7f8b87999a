/* test-ui-record: raw TLS records split back out of the socket's pieces (a byte at a time, several at once), kept
 * bounded, flagged (cut, encrypted after ChangeCipherSpec, cut off by the close, not TLS at all), and labelled. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "ui/wire-record.h"

struct got {
	int n;
	size_t kept[16];
	unsigned flags[16];
	uint8_t first[16][8];
};

static void on_rec(void *ctx, const uint8_t *rec, size_t kept, unsigned flags)
{
	struct got *g = ctx;
	if (g->n < 16) {
		g->kept[g->n] = kept;
		g->flags[g->n] = flags;
		memcpy(g->first[g->n], rec, kept < 8 ? kept : 8);
	}
	g->n++;
}

/* A record of type t with body b[0..n). */
static size_t make(uint8_t *out, uint8_t t, uint8_t minor, const uint8_t *b, size_t n)
{
	out[0] = t;
	out[1] = 3;
	out[2] = minor;
	out[3] = (uint8_t)(n >> 8);
	out[4] = (uint8_t)n;
	memcpy(out + 5, b, n);
	return n + 5;
}

static void test_split(void)
{
	static const uint8_t hello[] = {1, 0, 0, 3, 3, 3, 0xaa};          /* ClientHello, 3 bytes */
	static const uint8_t ccs[] = {1};
	static const uint8_t app[] = {0xde, 0xad, 0xbe, 0xef};
	uint8_t stream[256];
	size_t n = make(stream, 0x16, 1, hello, sizeof hello);
	n += make(stream + n, 0x14, 3, ccs, sizeof ccs);
	n += make(stream + n, 0x16, 3, app, sizeof app); /* after CCS: an encrypted Finished */
	n += make(stream + n, 0x17, 3, app, sizeof app);

	/* All at once and a byte at a time give the same four records. */
	for (int mode = 0; mode < 2; mode++) {
		struct wrec r;
		struct got g = {0};
		wrec_reset(&r);
		if (mode == 0)
			wrec_feed(&r, stream, n, on_rec, &g);
		else
			for (size_t i = 0; i < n; i++)
				wrec_feed(&r, stream + i, 1, on_rec, &g);
		CHECK_INT(g.n, 4);
		CHECK_INT(g.kept[0], 5 + sizeof hello);
		CHECK_INT(g.flags[0], 0);
		CHECK_INT(g.first[1][0], 0x14);
		CHECK_INT(g.flags[1], 0);
		CHECK_INT(g.flags[2], WREC_ENCRYPTED);
		CHECK_INT(g.flags[3], WREC_ENCRYPTED);
		wrec_flush(&r, on_rec, &g);
		CHECK_INT(g.n, 4); /* nothing pending */
	}
}

static void test_bounds(void)
{
	/* A 16 KiB record keeps WREC_KEEP bytes and says it was cut. */
	size_t big = 16384;
	uint8_t *rec = calloc(1, big + 5);
	uint8_t *body = calloc(1, big);
	size_t n = make(rec, 0x17, 3, body, big);
	struct wrec r;
	struct got g = {0};
	wrec_reset(&r);
	for (size_t i = 0; i < n; i += 1000)
		wrec_feed(&r, rec + i, n - i < 1000 ? n - i : 1000, on_rec, &g);
	CHECK_INT(g.n, 1);
	CHECK_INT(g.kept[0], WREC_KEEP);
	CHECK(g.flags[0] & WREC_CUT);
	char label[240];
	wrec_label(rec, WREC_KEEP, g.flags[0], label, sizeof label);
	CHECK_STR(label, "TLS record: application data (encrypted), version 3.3 = TLS 1.2, 16384 bytes");

	/* The close in the middle of a record. */
	g.n = 0;
	wrec_reset(&r);
	wrec_feed(&r, rec, 100, on_rec, &g);
	CHECK_INT(g.n, 0);
	wrec_flush(&r, on_rec, &g);
	CHECK_INT(g.n, 1);
	CHECK(g.flags[0] & WREC_PARTIAL);
	CHECK(!(g.flags[0] & WREC_CUT));
	wrec_label(rec, 100, g.flags[0], label, sizeof label);
	CHECK(strstr(label, "cut off by the close") != NULL);
	/* ... or inside its header. */
	g.n = 0;
	wrec_feed(&r, rec, 3, on_rec, &g);
	wrec_flush(&r, on_rec, &g);
	CHECK_INT(g.n, 1);
	wrec_label(rec, 3, g.flags[0], label, sizeof label);
	CHECK_STR(label, "a TLS record header cut off by the close (3 bytes)");

	/* Plaintext where records were expected: shown once, bounded, then this direction is ignored. */
	g.n = 0;
	wrec_reset(&r);
	static const char plain[] = "220 mail.example.org ESMTP\r\n";
	wrec_feed(&r, (const uint8_t *)plain, sizeof plain - 1, on_rec, &g);
	wrec_feed(&r, rec, n, on_rec, &g);
	CHECK_INT(g.n, 1);
	CHECK(g.flags[0] & WREC_NOT_TLS);
	CHECK_INT(g.kept[0], sizeof plain - 1);
	wrec_label((const uint8_t *)plain, sizeof plain - 1, g.flags[0], label, sizeof label);
	CHECK_STR(label, "not a TLS record (28 bytes)");
	/* A length past what TLS allows is not a record either. */
	g.n = 0;
	wrec_reset(&r);
	static const uint8_t huge[] = {0x17, 3, 3, 0xff, 0xff, 0};
	wrec_feed(&r, huge, sizeof huge, on_rec, &g);
	CHECK_INT(g.n, 1);
	CHECK(g.flags[0] & WREC_NOT_TLS);
	free(rec);
	free(body);
}

static void test_labels(void)
{
	char label[240];
	uint8_t rec[64];
	/* Several handshake messages in one TLS 1.2 record. */
	static const uint8_t msgs[] = {2, 0, 0, 1, 0, 11, 0, 0, 2, 0, 0, 14, 0, 0, 0};
	size_t n = make(rec, 0x16, 3, msgs, sizeof msgs);
	wrec_label(rec, n, 0, label, sizeof label);
	CHECK_STR(label, "TLS record: handshake (ServerHello, Certificate, ServerHelloDone), version 3.3 = TLS 1.2, "
	                 "15 bytes");
	/* Kept bytes that stop inside a message say so. */
	wrec_label(rec, 5 + 9, WREC_CUT, label, sizeof label);
	CHECK(strstr(label, "(ServerHello, Certificate, ...)") != NULL);
	static const uint8_t ch[] = {1, 0, 1, 0xfc};
	n = make(rec, 0x16, 1, ch, sizeof ch);
	wrec_label(rec, n, 0, label, sizeof label);
	CHECK_STR(label, "TLS record: handshake (ClientHello, ...), version 3.1 = TLS 1.0, 4 bytes");
	static const uint8_t alert[] = {2, 40};
	n = make(rec, 0x15, 3, alert, sizeof alert);
	wrec_label(rec, n, 0, label, sizeof label);
	CHECK_STR(label, "TLS record: alert (fatal, handshake_failure), version 3.3 = TLS 1.2, 2 bytes");
	wrec_label(rec, n, WREC_ENCRYPTED, label, sizeof label);
	CHECK_STR(label, "TLS record: alert (encrypted), version 3.3 = TLS 1.2, 2 bytes");
	static const uint8_t one[] = {1};
	n = make(rec, 0x14, 3, one, 1);
	wrec_label(rec, n, 0, label, sizeof label);
	CHECK_STR(label, "TLS record: change_cipher_spec, version 3.3 = TLS 1.2, 1 byte");
	/* Labels are plain ASCII whatever the bytes. */
	uint8_t junk[40];
	bool ascii = true;
	for (int seed = 0; seed < 2000; seed++) {
		srand((unsigned)seed);
		for (size_t i = 0; i < sizeof junk; i++)
			junk[i] = (uint8_t)rand();
		junk[0] = (uint8_t)(0x14 + seed % 5);
		junk[1] = 3;
		junk[2] = (uint8_t)(seed % 5);
		wrec_label(junk, (size_t)(seed % 41), (unsigned)(seed % 16), label, sizeof label);
		for (const char *p = label; *p; p++)
			ascii = ascii && (unsigned char)*p >= 0x20 && (unsigned char)*p < 0x7f;
	}
	CHECK(ascii);
}

int main(void)
{
	test_split();
	test_bounds();
	test_labels();
	return check_report();
}
