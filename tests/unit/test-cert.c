/* test-cert: certificate parsing into struct cert_info, PEM/TLSA renderings, the verification reason table, and
 * robustness against bytes that are not a certificate. Certificates are generated at run time (cert_generate). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "check.h"
#include "core/cert.h"
#include "lib/xmalloc.h"

static char dir[] = "/tmp/smtpcon-test-cert-XXXXXX";

static char *path(const char *name)
{
	return xasprintf("%s/%s", dir, name);
}

/* PEM file -> DER bytes (caller frees). */
static unsigned char *pem_to_der(const char *file, size_t *len)
{
	gnutls_datum_t pem = {NULL, 0}, der = {NULL, 0};
	gnutls_x509_crt_t crt;
	unsigned char *out = NULL;
	*len = 0;
	if (gnutls_load_file(file, &pem) < 0 || gnutls_x509_crt_init(&crt) < 0)
		return NULL;
	if (gnutls_x509_crt_import(crt, &pem, GNUTLS_X509_FMT_PEM) >= 0 &&
	    gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_DER, &der) >= 0) {
		out = xmalloc(der.size);
		memcpy(out, der.data, der.size);
		*len = der.size;
	}
	gnutls_free(der.data);
	gnutls_free(pem.data);
	gnutls_x509_crt_deinit(crt);
	return out;
}

static size_t count_reason(const struct tls_info *ti, const char *id)
{
	size_t n = 0;
	for (size_t i = 0; i < ti->nreasons; i++)
		n += strcmp(ti->reasons[i].id, id) == 0;
	return n;
}

static const struct verify_reason *find_reason(const struct tls_info *ti, const char *id)
{
	for (size_t i = 0; i < ti->nreasons; i++)
		if (strcmp(ti->reasons[i].id, id) == 0)
			return &ti->reasons[i];
	return NULL;
}

static void test_leaf(void)
{
	const char *dns[] = {"mail.lab.test", "smtp.lab.test"};
	const char *ips[] = {"127.0.0.1", "::1"};
	int64_t nb = 1700000000, na = 1700000000 + 30 * 86400;
	struct cert_gen g = {.cn = "mail.lab.test", .dns_names = dns, .ndns = 2, .ip_addrs = ips, .nip = 2,
	                     .not_before = nb, .not_after = na};
	char *c = path("leaf.pem"), *k = path("leaf.key"), *err = NULL;
	CHECK_INT(cert_generate(&g, c, k, &err), 0);
	CHECK(err == NULL);
	CHECK(access(k, R_OK) == 0);

	size_t len;
	unsigned char *der = pem_to_der(c, &len);
	CHECK(der != NULL);
	struct cert_info ci;
	CHECK_INT(cert_info_from_der(der, len, &ci), 0);
	CHECK_STR(ci.subject, "CN=mail.lab.test");
	CHECK_STR(ci.issuer, "CN=mail.lab.test");
	CHECK_INT(ci.nsans, 4);
	if (ci.nsans == 4) {
		CHECK_STR(ci.sans[0], "DNS:mail.lab.test");
		CHECK_STR(ci.sans[1], "DNS:smtp.lab.test");
		CHECK_STR(ci.sans[2], "IP:127.0.0.1");
		CHECK_STR(ci.sans[3], "IP:::1");
	}
	CHECK_INT(ci.not_before, nb);
	CHECK_INT(ci.not_after, na);
	CHECK(ci.serial && strlen(ci.serial) == 16 * 3 - 1 && ci.serial[2] == ':');
	CHECK_STR(ci.pk_algo, "EC/ECDSA");
	CHECK_INT(ci.pk_bits, 256);
	CHECK_STR(ci.sig_algo, "ECDSA-SHA256");
	CHECK_STR(ci.key_usage, "digitalSignature");
	CHECK_STR(ci.ext_key_usage, "serverAuth, clientAuth");
	CHECK_INT(ci.is_ca, 0);
	CHECK_INT(ci.path_len, -1);
	CHECK(ci.self_signed);
	CHECK_INT(strlen(ci.sha256), 95);
	{
		/* The fingerprint is the SHA-256 of the DER, the same as GnuTLS's own, in colon-separated hex. */
		unsigned char fp[32];
		size_t fplen = sizeof fp;
		gnutls_x509_crt_t crt;
		gnutls_datum_t d = {der, (unsigned)len};
		CHECK(gnutls_x509_crt_init(&crt) == 0);
		CHECK(gnutls_x509_crt_import(crt, &d, GNUTLS_X509_FMT_DER) == 0);
		CHECK(gnutls_x509_crt_get_fingerprint(crt, GNUTLS_DIG_SHA256, fp, &fplen) == 0);
		char hex[96];
		for (size_t i = 0; i < sizeof fp; i++)
			snprintf(hex + 3 * i, 4, i + 1 < sizeof fp ? "%02X:" : "%02X", fp[i]);
		CHECK(strcasecmp(hex, ci.sha256) == 0);
		gnutls_x509_crt_deinit(crt);
	}
	CHECK_INT(strlen(ci.spki_sha256), 44);
	CHECK(ci.spki_sha256[43] == '=');
	CHECK_INT(ci.nocsp_urls, 0);
	CHECK_INT(ci.ncrl_urls, 0);
	CHECK(ci.der_len == len && memcmp(ci.der, der, len) == 0);

	/* The fingerprint agrees with GnuTLS's own, in upper-case colon form. */
	unsigned char fp[32];
	size_t fplen = sizeof fp;
	gnutls_datum_t d = {der, (unsigned)len};
	CHECK(gnutls_fingerprint(GNUTLS_DIG_SHA256, &d, fp, &fplen) == 0);
	char hex[8];
	snprintf(hex, sizeof hex, "%02X:%02X", fp[0], fp[1]);
	CHECK(strncmp(ci.sha256, hex, 5) == 0);

	/* TLSA 3 1 1: SHA-256 of the DER SubjectPublicKeyInfo, which is what GnuTLS's SHA-256 key id hashes. */
	char *tlsa = cert_tlsa_311(&ci);
	CHECK(tlsa && strlen(tlsa) == 6 + 64 && strncmp(tlsa, "3 1 1 ", 6) == 0);
	gnutls_x509_crt_t crt;
	unsigned char kid[32];
	size_t kidlen = sizeof kid;
	gnutls_x509_crt_init(&crt);
	gnutls_x509_crt_import(crt, &d, GNUTLS_X509_FMT_DER);
	CHECK(gnutls_x509_crt_get_key_id(crt, GNUTLS_KEYID_USE_SHA256, kid, &kidlen) == 0 && kidlen == 32);
	char want[65];
	for (size_t i = 0; i < 32; i++)
		snprintf(want + 2 * i, 3, "%02x", kid[i]);
	CHECK_STR(tlsa ? tlsa + 6 : NULL, want);
	free(tlsa);

	/* PEM round trip. */
	char *pem = cert_pem(der, len);
	CHECK(pem && strncmp(pem, "-----BEGIN CERTIFICATE-----\n", 28) == 0);
	gnutls_x509_crt_t back;
	gnutls_datum_t pd = {(unsigned char *)pem, pem ? (unsigned)strlen(pem) : 0}, bd = {NULL, 0};
	gnutls_x509_crt_init(&back);
	CHECK(gnutls_x509_crt_import(back, &pd, GNUTLS_X509_FMT_PEM) == 0);
	CHECK(gnutls_x509_crt_export2(back, GNUTLS_X509_FMT_DER, &bd) == 0);
	CHECK(bd.size == len && memcmp(bd.data, der, len) == 0);
	gnutls_free(bd.data);
	gnutls_x509_crt_deinit(back);
	gnutls_x509_crt_deinit(crt);
	free(pem);

	char *dump = cert_text_dump(der, len);
	CHECK(dump && strstr(dump, "Subject: CN=mail.lab.test"));
	free(dump);

	cert_info_clear(&ci);
	free(der);
	free(c), free(k);
}

static void test_ca_chain(void)
{
	const char *dns[] = {"mx.lab.test"};
	struct cert_gen ca = {.cn = "Lab CA", .ca = true, .rsa_bits = 2048};
	char *cc = path("ca.pem"), *ck = path("ca.key"), *lc = path("mx.pem"), *lk = path("mx.key"), *err = NULL;
	CHECK_INT(cert_generate(&ca, cc, ck, &err), 0);
	free(err);
	struct cert_gen leaf = {.cn = "mx.lab.test", .dns_names = dns, .ndns = 1, .issuer_cert_file = cc,
	                        .issuer_key_file = ck};
	CHECK_INT(cert_generate(&leaf, lc, lk, &err), 0);
	free(err);

	size_t len;
	unsigned char *der = pem_to_der(cc, &len);
	struct cert_info ci;
	CHECK_INT(cert_info_from_der(der, len, &ci), 0);
	CHECK_STR(ci.pk_algo, "RSA");
	CHECK_INT(ci.pk_bits, 2048);
	CHECK_STR(ci.sig_algo, "RSA-SHA256");
	CHECK_INT(ci.is_ca, 1);
	CHECK(strstr(ci.key_usage, "keyCertSign") != NULL);
	CHECK_STR(ci.ext_key_usage, "");
	CHECK_INT(ci.nsans, 0);
	CHECK(ci.self_signed);
	cert_info_clear(&ci);
	free(der);

	struct cert_info chain[3];
	der = pem_to_der(lc, &len);
	CHECK_INT(cert_info_from_der(der, len, &chain[0]), 0);
	free(der);
	CHECK_STR(chain[0].issuer, "CN=Lab CA");
	CHECK(!chain[0].self_signed);
	CHECK_STR(chain[0].sig_algo, "RSA-SHA256");
	der = pem_to_der(cc, &len);
	CHECK_INT(cert_info_from_der(der, len, &chain[1]), 0);
	free(der);
	char *other = path("leaf.pem");
	der = pem_to_der(other, &len);
	CHECK_INT(cert_info_from_der(der, len, &chain[2]), 0);
	free(der);
	free(other);

	/* Chain order as sent: leaf then its CA is in order; CA then leaf, or an unrelated certificate, is not. */
	CHECK(!cert_chain_out_of_order(chain, 2));
	CHECK(!cert_chain_out_of_order(chain, 1));
	CHECK(cert_chain_out_of_order(chain, 3));
	struct cert_info rev[2] = {chain[1], chain[0]};
	CHECK(cert_chain_out_of_order(rev, 2));
	for (size_t i = 0; i < 3; i++)
		cert_info_clear(&chain[i]);

	/* A generator error is reported, not fatal. */
	struct cert_gen bad = {.cn = "x", .issuer_cert_file = "/nonexistent/ca.pem", .issuer_key_file = ck};
	CHECK_INT(cert_generate(&bad, lc, lk, &err), -1);
	CHECK(err && strstr(err, "issuer"));
	free(err);
	free(cc), free(ck), free(lc), free(lk);
}

/* A certificate with AIA, CRL distribution points and a dNSName holding a NUL, made with the API directly. */
static void test_urls_and_nul(void)
{
	gnutls_x509_privkey_t key;
	gnutls_x509_crt_t crt;
	gnutls_datum_t der = {NULL, 0};
	gnutls_datum_t ocsp = {(unsigned char *)"http://ocsp.lab.test/", 21};
	static const char evil[] = "good.test.evil.test";
	gnutls_x509_privkey_init(&key);
	gnutls_x509_privkey_generate(key, GNUTLS_PK_ECDSA, GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP256R1), 0);
	gnutls_x509_crt_init(&crt);
	gnutls_x509_crt_set_version(crt, 3);
	gnutls_x509_crt_set_serial(crt, "\x01\x02", 2);
	gnutls_x509_crt_set_activation_time(crt, 1700000000);
	gnutls_x509_crt_set_expiration_time(crt, 1800000000);
	gnutls_x509_crt_set_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, 0, "urls", 4);
	gnutls_x509_crt_set_key(crt, key);
	CHECK(gnutls_x509_crt_set_authority_info_access(crt, GNUTLS_IA_OCSP_URI, &ocsp) == 0);
	CHECK(gnutls_x509_crt_set_crl_dist_points(crt, GNUTLS_SAN_URI, "http://crl.lab.test/ca.crl", 0) == 0);
	CHECK(gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_DNSNAME, evil, sizeof evil - 1,
	                                           GNUTLS_FSAN_APPEND) == 0);
	CHECK(gnutls_x509_crt_sign2(crt, crt, key, GNUTLS_DIG_SHA256, 0) == 0);
	CHECK(gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_DER, &der) == 0);

	/* GnuTLS will not write a NUL into a name, so patch one in: "good.test\0evil.test" (the signature no longer
	 * matches, which parsing does not look at). */
	unsigned char *hit = memmem(der.data, der.size, evil, sizeof evil - 1);
	CHECK(hit != NULL);
	if (hit)
		hit[9] = '\0';
	struct cert_info ci;
	CHECK_INT(cert_info_from_der(der.data, der.size, &ci), 0);
	CHECK_INT(ci.nocsp_urls, 1);
	if (ci.nocsp_urls)
		CHECK_STR(ci.ocsp_urls[0], "http://ocsp.lab.test/");
	CHECK_INT(ci.ncrl_urls, 1);
	if (ci.ncrl_urls)
		CHECK_STR(ci.crl_urls[0], "http://crl.lab.test/ca.crl");
	CHECK_STR(ci.serial, "01:02");
	CHECK_INT(ci.is_ca, -1);
	/* Either shown in full with the NUL visible, or dropped as malformed: never cut short to "good.test". */
	for (size_t i = 0; i < ci.nsans; i++)
		CHECK_STR(ci.sans[i], "DNS:good.test\\x00evil.test");
	cert_info_clear(&ci);
	gnutls_free(der.data);
	gnutls_x509_crt_deinit(crt);
	gnutls_x509_privkey_deinit(key);
}

static void test_garbage(void)
{
	struct cert_info ci;
	unsigned char junk[512];
	for (size_t i = 0; i < sizeof junk; i++)
		junk[i] = (unsigned char)(i * 37 + 11);
	CHECK_INT(cert_info_from_der(junk, sizeof junk, &ci), -1);
	CHECK(ci.subject == NULL && ci.der == NULL);
	CHECK_INT(cert_info_from_der(NULL, 0, &ci), -1);
	CHECK(cert_text_dump(junk, sizeof junk) == NULL);
	CHECK(cert_pem(NULL, 0) == NULL);
	CHECK(cert_tlsa_311(&ci) == NULL);

	/* Every truncation of a real certificate. */
	char *c = path("leaf.pem");
	size_t len;
	unsigned char *der = pem_to_der(c, &len);
	int parsed = 0;
	for (size_t n = 0; der && n < len; n++) {
		if (cert_info_from_der(der, n, &ci) == 0) {
			parsed++;
			cert_info_clear(&ci);
		}
		free(cert_text_dump(der, n));
	}
	CHECK_INT(parsed, 0);
	free(der);
	free(c);
}

static void test_reasons(void)
{
	/* The table: every flag has one id, ids are unique, each flag set gives exactly one reason. */
	const char *ids[32] = {0};
	size_t nids = 0;
	for (unsigned bit = 0; bit < 32; bit++) {
		const char *id = cert_status_id(1u << bit);
		if (id == NULL)
			continue;
		for (size_t i = 0; i < nids; i++)
			CHECK(strcmp(ids[i], id) != 0);
		ids[nids++] = id;
		struct tls_info *ti = xcalloc(1, sizeof *ti);
		cert_verify_reasons(ti, GNUTLS_CERT_INVALID | (1u << bit), 1700000000);
		CHECK_INT(ti->nreasons, 1);
		CHECK(ti->nreasons && strcmp(ti->reasons[0].id, id) == 0 && ti->reasons[0].text && ti->reasons[0].hint);
		tls_info_free(ti);
	}
	CHECK_INT(nids, 16);
	CHECK_STR(cert_status_id(GNUTLS_CERT_SIGNER_NOT_FOUND), "signer-not-found");
	CHECK_STR(cert_status_id(GNUTLS_CERT_UNEXPECTED_OWNER), "hostname-mismatch");
	CHECK_STR(cert_status_id(GNUTLS_CERT_EXPIRED), "expired");

	/* Details come from the chain. */
	int64_t now = 1700000000;
	struct tls_info *ti = xcalloc(1, sizeof *ti);
	ti->chain = xcalloc(1, sizeof *ti->chain);
	ti->nchain = 1;
	ti->chain[0].subject = xstrdup("CN=mail.lab.test");
	ti->chain[0].sans = xcalloc(3, sizeof(char *));
	ti->chain[0].sans[0] = xstrdup("DNS:mail.lab.test");
	ti->chain[0].sans[1] = xstrdup("email:postmaster@lab.test");
	ti->chain[0].sans[2] = xstrdup("IP:127.0.0.1");
	ti->chain[0].nsans = 3;
	ti->chain[0].not_before = now - 100 * 86400;
	ti->chain[0].not_after = now - 3 * 86400 - 5;
	ti->chain[0].self_signed = true;
	ti->chain[0].der = xmalloc(1);
	ti->chain[0].der_len = 1;
	ti->checked_name = xstrdup("wrong.lab.test");
	ti->trust_store = xstrdup("system trust store");
	cert_verify_reasons(ti, GNUTLS_CERT_INVALID | GNUTLS_CERT_SIGNER_NOT_FOUND | GNUTLS_CERT_EXPIRED |
	                            GNUTLS_CERT_UNEXPECTED_OWNER, now);
	CHECK_INT(ti->nreasons, 4);
	CHECK_INT(count_reason(ti, "self-signed"), 1);
	const struct verify_reason *r = find_reason(ti, "expired");
	CHECK(r && strstr(r->text, "expired 3 days ago") && strstr(r->text, "UTC"));
	r = find_reason(ti, "hostname-mismatch");
	CHECK(r && strstr(r->text, "wrong.lab.test") && strstr(r->text, "DNS:mail.lab.test, IP:127.0.0.1") &&
	      !strstr(r->text, "email:"));
	r = find_reason(ti, "signer-not-found");
	CHECK(r && strstr(r->text, "system trust store") && strstr(r->hint, "--tls-ca-path"));
	tls_info_free(ti);

	ti = xcalloc(1, sizeof *ti);
	ti->chain = xcalloc(1, sizeof *ti->chain);
	ti->nchain = 1;
	ti->chain[0].not_before = now + 7200;
	ti->chain[0].not_after = now + 86400;
	ti->chain[0].der = xmalloc(1);
	cert_verify_reasons(ti, GNUTLS_CERT_INVALID | GNUTLS_CERT_NOT_ACTIVATED | (1u << 30), now);
	r = find_reason(ti, "not-activated");
	CHECK(r && strstr(r->text, "2023-11-15 00:13:20 UTC") && strstr(r->hint, "clock"));
	CHECK_INT(count_reason(ti, "unknown-status"), 1);
	tls_info_free(ti);

	ti = xcalloc(1, sizeof *ti);
	cert_verify_reasons(ti, GNUTLS_CERT_INVALID, now);
	CHECK_INT(count_reason(ti, "invalid"), 1);
	tls_info_free(ti);

	ti = xcalloc(1, sizeof *ti);
	cert_verify_reasons(ti, 0, now);
	CHECK_INT(ti->nreasons, 1);
	CHECK_INT(count_reason(ti, "no-name-checked"), 1);
	tls_info_free(ti);

	ti = xcalloc(1, sizeof *ti);
	ti->checked_name = xstrdup("mail.lab.test");
	cert_verify_reasons(ti, 0, now);
	CHECK_INT(ti->nreasons, 0);
	tls_info_free(ti);
}

/* A verification GnuTLS could not run: one reason, GnuTLS's words with exactly one full stop (JSON Lines keep
 * them; the screen translates the errors core/cert-reasons.c knows). */
static void test_verify_error(void)
{
	struct tls_info *ti = xcalloc(1, sizeof *ti);
	cert_verify_error(ti, GNUTLS_E_NO_CERTIFICATE_FOUND);
	CHECK_INT(ti->nreasons, 1);
	CHECK(ti->nreasons && strcmp(ti->reasons[0].id, "no-certificate") == 0);
	CHECK_STR(ti->reasons[0].text, "The certificate could not be verified: No certificate was found.");
	CHECK_STR(ti->reasons[0].hint, "the peer sent no certificate");
	tls_info_free(ti);

	ti = xcalloc(1, sizeof *ti);
	cert_verify_error(ti, GNUTLS_E_CONSTRAINT_ERROR);
	CHECK(ti->nreasons == 1 && strcmp(ti->reasons[0].id, "verify-error") == 0);
	CHECK_STR(ti->reasons[0].text, "The certificate could not be verified: Some constraint limits were reached.");
	CHECK_STR(ti->reasons[0].hint, "see the certificate pane for the chain");
	tls_info_free(ti);

	/* An error the table does not know: still GnuTLS's words, one full stop whether GnuTLS ends with one or not. */
	ti = xcalloc(1, sizeof *ti);
	cert_verify_error(ti, GNUTLS_E_CERTIFICATE_LIST_UNSORTED);
	char want[512];
	snprintf(want, sizeof want, "The certificate could not be verified: %s",
		 gnutls_strerror(GNUTLS_E_CERTIFICATE_LIST_UNSORTED));
	size_t n = strlen(want);
	if (want[n - 1] != '.')
		snprintf(want + n, sizeof want - n, ".");
	CHECK(ti->nreasons == 1 && strcmp(ti->reasons[0].id, "verify-error") == 0);
	CHECK_STR(ti->reasons[0].text, want);
	CHECK(strstr(ti->reasons[0].text, "..") == NULL);
	tls_info_free(ti);
}

int main(void)
{
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	test_leaf();
	test_ca_chain();
	test_urls_and_nul();
	test_garbage();
	test_reasons();
	test_verify_error();

	const char *files[] = {"leaf.pem", "leaf.key", "ca.pem", "ca.key", "mx.pem", "mx.key"};
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		char *p = path(files[i]);
		unlink(p);
		free(p);
	}
	rmdir(dir);
	return check_report();
}
