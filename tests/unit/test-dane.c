/* test-dane: the TLSA record parser and the DANE matcher of RFC 7672: DANE-EE matches the key or the certificate
 * whatever its names and dates; DANE-TA needs a chain to the matched certificate, valid dates and the MX host
 * name; PKIX usages are unusable for SMTP; and the records to publish are those of what the server presents.
 * Certificates are generated at run time (cert_generate); the expected digests are computed independently (the
 * SPKI re-encoded by GnuTLS, the existing /cert tlsa code), not by the matcher. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <gnutls/abstract.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "check.h"
#include "core/cert.h"
#include "core/dane.h"
#include "lib/xmalloc.h"

static char dir[] = "/tmp/smtpcon-test-dane-XXXXXX";
static int64_t now;

/* Generate a certificate (issued by issuer, or self-signed) and load it as struct cert_info. */
static void make(const char *name, const char *cn, const char *dns, bool ca, const char *issuer, int64_t nb, int64_t na,
		 struct cert_info *out)
{
	char *c = xasprintf("%s/%s.pem", dir, name), *k = xasprintf("%s/%s.key", dir, name);
	char *ic = issuer ? xasprintf("%s/%s.pem", dir, issuer) : NULL,
	     *ik = issuer ? xasprintf("%s/%s.key", dir, issuer) : NULL;
	const char *names[] = {dns};
	struct cert_gen g = {.cn = cn,
			     .dns_names = dns ? names : NULL,
			     .ndns = dns ? 1 : 0,
			     .ca = ca,
			     .not_before = nb,
			     .not_after = na,
			     .issuer_cert_file = ic,
			     .issuer_key_file = ik};
	char *err = NULL;
	CHECK_INT(cert_generate(&g, c, k, &err), 0);
	free(err);
	gnutls_datum_t pem = {NULL, 0}, der = {NULL, 0};
	gnutls_x509_crt_t crt;
	memset(out, 0, sizeof *out);
	if (gnutls_load_file(c, &pem) >= 0 && gnutls_x509_crt_init(&crt) >= 0) {
		if (gnutls_x509_crt_import(crt, &pem, GNUTLS_X509_FMT_PEM) >= 0 &&
		    gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_DER, &der) >= 0)
			CHECK_INT(cert_info_from_der(der.data, der.size, out), 0);
		gnutls_x509_crt_deinit(crt);
	}
	gnutls_free(der.data);
	gnutls_free(pem.data);
	free(c);
	free(k);
	free(ic);
	free(ik);
}

/* "3 1 1 hex" -> record. */
static struct dane_tlsa rec(const char *text)
{
	struct dane_tlsa t;
	unsigned u, s, m;
	int off = 0;
	unsigned char wire[4 + DANE_MAX_DATA];
	CHECK(sscanf(text, "%u %u %u %n", &u, &s, &m, &off) == 3);
	wire[0] = (unsigned char)u;
	wire[1] = (unsigned char)s;
	wire[2] = (unsigned char)m;
	size_t n = 3;
	for (const char *p = text + off; p[0] && p[1] && n < sizeof wire; p += 2) {
		unsigned b;
		sscanf(p, "%2x", &b);
		wire[n++] = (unsigned char)b;
	}
	CHECK_INT(dane_tlsa_parse(wire, n, &t), 0);
	return t;
}

/* The record "U S M" for certificate ci, computed without the matcher: selector 1 is GnuTLS's re-encoded SPKI. */
static struct dane_tlsa rec_for(const struct cert_info *ci, unsigned usage, unsigned sel, unsigned mtype)
{
	gnutls_datum_t d = {ci->der, (unsigned)ci->der_len}, spki = {NULL, 0};
	if (sel == 1) {
		gnutls_x509_crt_t crt;
		gnutls_pubkey_t pub;
		gnutls_x509_crt_init(&crt);
		gnutls_x509_crt_import(crt, &d, GNUTLS_X509_FMT_DER);
		gnutls_pubkey_init(&pub);
		gnutls_pubkey_import_x509(pub, crt, 0);
		gnutls_pubkey_export2(pub, GNUTLS_X509_FMT_DER, &spki);
		gnutls_pubkey_deinit(pub);
		gnutls_x509_crt_deinit(crt);
		d = spki;
	}
	struct dane_tlsa t = {.usage = (uint8_t)usage, .selector = (uint8_t)sel, .mtype = (uint8_t)mtype};
	if (mtype == 0) {
		t.len = d.size;
		memcpy(t.data, d.data, d.size);
	} else {
		t.len = mtype == 1 ? 32 : 64;
		gnutls_hash_fast(mtype == 1 ? GNUTLS_DIG_SHA256 : GNUTLS_DIG_SHA512, d.data, d.size, t.data);
	}
	gnutls_free(spki.data);
	return t;
}

static enum dane_verdict match(const struct dane_tlsa *r, size_t nr, const struct cert_info *chain, size_t nc,
			       const char *host, struct dane_match *m)
{
	struct dane_input in = {r, nr, chain, nc, host, "lab.test", now, NULL};
	dane_match(&in, m);
	return m->verdict;
}

static struct cert_info ca, leaf, other, expired, wrongname;

static void test_parse(void)
{
	struct dane_tlsa t;
	const unsigned char shortrec[] = {3, 1, 1};
	CHECK_INT(dane_tlsa_parse(shortrec, sizeof shortrec, &t), -1);
	unsigned char bad256[3 + 31] = {3, 1, 1};
	CHECK_INT(dane_tlsa_parse(bad256, sizeof bad256, &t), -1); /* SHA-256 data of 31 bytes */
	unsigned char bad512[3 + 32] = {3, 1, 2};
	CHECK_INT(dane_tlsa_parse(bad512, sizeof bad512, &t), -1);
	unsigned char ok[3 + 32] = {3, 1, 1, 0xab};
	CHECK_INT(dane_tlsa_parse(ok, sizeof ok, &t), 0);
	char text[160];
	dane_tlsa_text(&t, text, sizeof text);
	CHECK_STR(text, "3 1 1 ab00000000000000000000000000000000000000000000000000000000000000");
	dane_tlsa_text(&t, text, 20);
	CHECK(strlen(text) < 20 && strstr(text, "...") != NULL);
	unsigned char exact[3 + 5] = {2, 0, 0, 1, 2, 3, 4, 5};
	CHECK_INT(dane_tlsa_parse(exact, sizeof exact, &t), 0);
	CHECK_INT(t.len, 5);
	static unsigned char huge[4 + DANE_MAX_DATA];
	huge[0] = 3;
	CHECK_INT(dane_tlsa_parse(huge, sizeof huge, &t), -1);
	/* Usable for SMTP: usages 2 and 3, selectors 0/1, matching 0/1/2 only. */
	struct dane_tlsa u = {.usage = 1, .selector = 1, .mtype = 1};
	CHECK(dane_tlsa_unusable(&u) != NULL);
	u.usage = 0;
	CHECK(dane_tlsa_unusable(&u) != NULL);
	u.usage = 3;
	CHECK(dane_tlsa_unusable(&u) == NULL);
	u.selector = 2;
	CHECK(dane_tlsa_unusable(&u) != NULL);
	u.selector = 0;
	u.mtype = 3;
	CHECK(dane_tlsa_unusable(&u) != NULL);
}

static void test_ee(void)
{
	struct dane_match m;
	/* 3 1 1 as /cert tlsa writes it (independent code) matches the leaf. */
	char *rr = cert_tlsa_311(&leaf);
	CHECK(rr != NULL);
	struct dane_tlsa r = rec(rr ? rr : "3 1 1 00");
	free(rr);
	struct cert_info chain[] = {leaf, ca};
	CHECK_INT(match(&r, 1, chain, 2, "mx1.lab.test", &m), DANE_VERIFIED);
	CHECK_INT(m.record, 0);
	CHECK_INT(m.depth, 0);
	CHECK(strstr(m.detail, "DANE-EE") != NULL);
	/* Every selector and matching type. */
	for (unsigned s = 0; s <= 1; s++)
		for (unsigned mt = 0; mt <= 2; mt++) {
			struct dane_tlsa t = rec_for(&leaf, 3, s, mt);
			CHECK_INT(match(&t, 1, chain, 2, "mx1.lab.test", &m), DANE_VERIFIED);
		}
	/* Names and dates are ignored for DANE-EE: an expired certificate for another name still matches. */
	struct dane_tlsa e = rec_for(&expired, 3, 1, 1);
	CHECK_INT(match(&e, 1, &expired, 1, "elsewhere.test", &m), DANE_VERIFIED);
	/* Another key: mismatch. A DANE-EE record never matches the issuer. */
	struct dane_tlsa o = rec_for(&other, 3, 1, 1);
	CHECK_INT(match(&o, 1, chain, 2, "mx1.lab.test", &m), DANE_MISMATCH);
	CHECK_INT(m.record, -1);
	struct dane_tlsa onca = rec_for(&ca, 3, 1, 1);
	CHECK_INT(match(&onca, 1, chain, 2, "mx1.lab.test", &m), DANE_MISMATCH);
	/* The second record of the RRset matches: it is the one named. */
	struct dane_tlsa two[] = {o, rec_for(&leaf, 3, 1, 1)};
	CHECK_INT(match(two, 2, chain, 2, "mx1.lab.test", &m), DANE_VERIFIED);
	CHECK_INT(m.record, 1);
	/* No chain at all (no handshake): nothing matches. */
	CHECK_INT(match(two, 2, NULL, 0, "mx1.lab.test", &m), DANE_MISMATCH);
}

static void test_ta(void)
{
	struct dane_match m;
	struct cert_info chain[] = {leaf, ca};
	struct dane_tlsa t = rec_for(&ca, 2, 1, 1);
	CHECK_INT(match(&t, 1, chain, 2, "mx1.lab.test", &m), DANE_VERIFIED);
	CHECK_INT(m.depth, 1);
	CHECK(strstr(m.detail, "DANE-TA") != NULL);
	struct dane_tlsa full = rec_for(&ca, 2, 0, 2);
	CHECK_INT(match(&full, 1, chain, 2, "mx1.lab.test", &m), DANE_VERIFIED);
	/* The name: neither the MX host nor the domain (lab.test) is in the certificate. */
	CHECK_INT(match(&t, 1, chain, 2, "mx9.lab.test", &m), DANE_MISMATCH);
	CHECK(strstr(m.detail, "MX host name") != NULL);
	struct cert_info wn[] = {wrongname, ca};
	CHECK_INT(match(&t, 1, wn, 2, "mx1.lab.test", &m), DANE_MISMATCH);
	/* Dates count for DANE-TA. */
	struct cert_info ex[] = {expired, ca};
	CHECK_INT(match(&t, 1, ex, 2, "mx1.lab.test", &m), DANE_MISMATCH);
	CHECK(strstr(m.detail, "expired") != NULL);
	/* A leaf the CA did not issue, sent with the CA: no chain. */
	struct cert_info forged[] = {other, ca};
	CHECK_INT(match(&t, 1, forged, 2, "other.lab.test", &m), DANE_MISMATCH);
	/* The CA's record does not match when the server does not send the CA (RFC 7671 §5.2.2). */
	CHECK_INT(match(&t, 1, &leaf, 1, "mx1.lab.test", &m), DANE_MISMATCH);
	/* A DANE-TA record of the leaf itself is not a trust anchor above it. */
	struct dane_tlsa self = rec_for(&leaf, 2, 1, 1);
	CHECK_INT(match(&self, 1, chain, 2, "mx1.lab.test", &m), DANE_MISMATCH);
}

static void test_unusable(void)
{
	struct dane_match m;
	struct cert_info chain[] = {leaf, ca};
	/* PKIX-EE of the very certificate: still unusable for SMTP. */
	struct dane_tlsa pkix[] = {rec_for(&leaf, 1, 1, 1), rec_for(&ca, 0, 1, 1)};
	CHECK_INT(match(pkix, 2, chain, 2, "mx1.lab.test", &m), DANE_UNUSABLE);
	CHECK(strstr(m.detail, "not") != NULL || strstr(m.detail, "none") != NULL);
	/* One usable record among unusable ones decides: here a mismatch. */
	struct dane_tlsa mixed[] = {rec_for(&leaf, 1, 1, 1), rec_for(&other, 3, 1, 1)};
	CHECK_INT(match(mixed, 2, chain, 2, "mx1.lab.test", &m), DANE_MISMATCH);
}

static void test_publish(void)
{
	char p311[80], p211[80];
	struct cert_info chain[] = {leaf, ca};
	dane_publish(chain, 2, p311, p211);
	char *want = cert_tlsa_311(&leaf);
	CHECK_STR(p311, want ? want : "");
	free(want);
	CHECK(strncmp(p211, "2 1 1 ", 6) == 0 && strlen(p211) == 6 + 64);
	/* What is published matches. */
	struct dane_match m;
	struct dane_tlsa t = rec(p211);
	CHECK_INT(match(&t, 1, chain, 2, "mx1.lab.test", &m), DANE_VERIFIED);
	dane_publish(&leaf, 1, p311, p211);
	CHECK_STR(p211, "");
}

static void test_verdicts(void)
{
	for (int i = 0; i < DANE_NVERDICTS; i++) {
		CHECK(strcmp(dane_verdict_name((enum dane_verdict)i), "?") != 0);
		for (int k = 0; k < i; k++)
			CHECK(strcmp(dane_verdict_name((enum dane_verdict)i),
				     dane_verdict_name((enum dane_verdict)k)) != 0);
	}
	CHECK_STR(dane_verdict_name(DANE_NO_RECORDS), "no-records");
	CHECK(dane_verdict_delivers(DANE_VERIFIED) && dane_verdict_delivers(DANE_INSECURE));
	CHECK(!dane_verdict_delivers(DANE_MISMATCH) && !dane_verdict_delivers(DANE_BOGUS));
}

int main(void)
{
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	now = (int64_t)time(NULL);
	make("ca", "smtpcon test CA", NULL, true, NULL, 0, 0, &ca);
	make("leaf", "mx1.lab.test", "mx1.lab.test", false, "ca", 0, 0, &leaf);
	make("other", "other.lab.test", "other.lab.test", false, NULL, 0, 0, &other);
	make("expired", "mx1.lab.test", "mx1.lab.test", false, "ca", now - 86400 * 10, now - 86400, &expired);
	make("wrongname", "www.elsewhere.test", "www.elsewhere.test", false, "ca", 0, 0, &wrongname);
	test_parse();
	test_ee();
	test_ta();
	test_unusable();
	test_publish();
	test_verdicts();
	struct cert_info *all[] = {&ca, &leaf, &other, &expired, &wrongname};
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
		cert_info_clear(all[i]);
	const char *names[] = {"ca", "leaf", "other", "expired", "wrongname"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		char *a = xasprintf("%s/%s.pem", dir, names[i]), *b = xasprintf("%s/%s.key", dir, names[i]);
		unlink(a);
		unlink(b);
		free(a);
		free(b);
	}
	rmdir(dir);
	return check_report();
}
