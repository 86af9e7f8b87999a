/* Unit tests for the certificate inspector's text (src/cmd/cmd-cert.c, certv_*): hostile certificate strings
 * never produce a control byte, a bidi control or a line break; days left / expired / not yet valid; the chain
 * relations and the incomplete-chain rule; limits on listed names; real certificates made by cert_generate. */
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "cmd/cmd-cert.h"
#include "core/cert.h"
#include "lib/xmalloc.h"

struct lines {
	char **v;
	int *role;
	size_t n;
};

static void collect(void *ctx, enum certv_role role, const struct dtext *text)
{
	struct lines *l = ctx;
	const char *line = dtext_en(text);
	l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
	l->role = xreallocarray(l->role, l->n + 1, sizeof *l->role);
	l->v[l->n] = xstrdup(line);
	l->role[l->n++] = (int)role;
}

static void lines_free(struct lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	free(l->role);
	memset(l, 0, sizeof *l);
}

static bool has(const struct lines *l, const char *needle)
{
	for (size_t i = 0; i < l->n; i++)
		if (strstr(l->v[i], needle))
			return true;
	return false;
}

static size_t count(const struct lines *l, const char *needle)
{
	size_t n = 0;
	for (size_t i = 0; i < l->n; i++)
		n += strstr(l->v[i], needle) != NULL;
	return n;
}

/* No C0/DEL, no C1 (U+0080..U+009F as UTF-8), no bidi override/isolate, no line separators, no newline. */
static bool safe(const struct lines *l)
{
	for (size_t i = 0; i < l->n; i++) {
		const unsigned char *p = (const unsigned char *)l->v[i];
		for (; *p; p++) {
			if (*p < 0x20 || *p == 0x7f)
				return false;
			if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
				return false;
			if (p[0] == 0xe2 && p[1] == 0x80 && ((p[2] >= 0xaa && p[2] <= 0xae) || p[2] == 0xa8 || p[2] == 0xa9))
				return false;
			if (p[0] == 0xe2 && p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9)
				return false;
		}
	}
	return true;
}

static const char hostile[] = "CN=evil\x1b]0;pwned\x07\n250 OK\r\xe2\x80\xae\xc2\x9b\xff";

static void fake_cert(struct cert_info *c, const char *subject, const char *issuer, bool self)
{
	memset(c, 0, sizeof *c);
	c->subject = xstrdup(subject);
	c->issuer = xstrdup(issuer);
	c->not_before = 1000;
	c->not_after = 2000000000;
	c->serial = xstrdup("01:02");
	c->pk_algo = xstrdup("RSA\x1b[2J");
	c->pk_bits = 2048;
	c->sig_algo = xstrdup("RSA-SHA256");
	c->key_usage = xstrdup("");
	c->ext_key_usage = xstrdup("serverAuth\n250 fake");
	c->is_ca = self ? 1 : 0;
	c->path_len = -1;
	c->self_signed = self;
	snprintf(c->sha256, sizeof c->sha256, "AA:BB");
	snprintf(c->spki_sha256, sizeof c->spki_sha256, "pin=");
	c->der = xmalloc(3);
	memcpy(c->der, "\x30\x01\x00", 3);
	c->der_len = 3;
}

static void test_hostile(void)
{
	struct tls_info *ti = xcalloc(1, sizeof *ti);
	ti->nchain = 2;
	ti->chain = xcalloc(2, sizeof *ti->chain);
	fake_cert(&ti->chain[0], hostile, "CN=issuer\x1b[31m", false);
	fake_cert(&ti->chain[1], "CN=issuer\x1b[31m", "CN=issuer\x1b[31m", true);
	ti->chain[0].nsans = 2;
	ti->chain[0].sans = xcalloc(2, sizeof *ti->chain[0].sans);
	ti->chain[0].sans[0] = xstrdup("DNS:good.test\0.evil");
	ti->chain[0].sans[1] = xstrdup("DNS:a\nb\x1b");
	ti->chain[0].nocsp_urls = 1;
	ti->chain[0].ocsp_urls = xcalloc(1, sizeof *ti->chain[0].ocsp_urls);
	ti->chain[0].ocsp_urls[0] = xstrdup("http://x/\x1b]52;c;AAAA\x07");
	ti->version = xstrdup("TLS1.3\n");
	ti->suite = xstrdup("TLS_AES_128_GCM_SHA256\x1b");
	ti->checked_name = xstrdup("mail\x1b.test");
	ti->trust_store = xstrdup("/tmp/ca\n.pem");
	ti->ocsp_stapled = true;
	ti->ocsp_status = xstrdup("good\x1b[0m");
	cert_add_reason(ti, "hostname-mismatch", xstrdup("not valid for mail\x1b.test: it holds DNS:a\nb"),
	                xstrdup("hint\r\n250 OK"));

	struct lines l = {0};
	int64_t now = 1700000000;
	certv_session(ti, collect, &l);
	certv_verdict(ti, now, collect, &l);
	certv_chain_list(ti, now, collect, &l);
	certv_cert(ti, 0, now, collect, &l);
	certv_cert(ti, 1, now, collect, &l);
	certv_dump(&ti->chain[0], collect, &l); /* not a certificate: a note, no crash */
	CHECK(l.n > 20);
	CHECK(safe(&l));
	CHECK(has(&l, "CN=evil\\x1b]0;pwned\\x07\\n250 OK\\r"));
	CHECK(has(&l, "\\u{202E}"));
	CHECK(has(&l, "DNS:a\\nb\\x1b"));
	CHECK(has(&l, "http://x/\\x1b]52;c;AAAA\\x07"));
	CHECK(has(&l, "certificate NOT verified for mail\\x1b.test: 1 reason"));
	CHECK(has(&l, "cause and fix: hint\\r\\n250 OK"));
	CHECK(has(&l, "GnuTLS cannot describe this certificate"));
	CHECK(has(&l, "(issued by [1], the next certificate sent)"));
	CHECK(has(&l, "root CA (self-signed)"));
	CHECK(has(&l, "key usage:    (not restricted)"));
	CHECK(has(&l, "CA:           yes, path length unlimited"));
	/* Not incomplete: the last certificate is self-signed. */
	CHECK(!certv_chain_incomplete(ti));
	CHECK(!has(&l, "INCOMPLETE"));
	lines_free(&l);

	/* Drop the root: the intermediate-less chain with signer-not-found is incomplete. */
	ti->nchain = 1;
	CHECK(!certv_chain_incomplete(ti));
	cert_add_reason(ti, "signer-not-found", xstrdup("not issued by any authority"), xstrdup("fix"));
	CHECK(certv_chain_incomplete(ti));
	certv_verdict(ti, now, collect, &l);
	CHECK(has(&l, "chain INCOMPLETE for this trust store"));
	CHECK(has(&l, "missing: CN=issuer\\x1b[31m"));
	CHECK(has(&l, "issuer the client could not find: CN=issuer\\x1b[31m"));
	CHECK(safe(&l));
	lines_free(&l);
	ti->nchain = 2;

	/* Out of range: nothing. */
	certv_cert(ti, 2, now, collect, &l);
	CHECK_INT(l.n, 0);
	certv_session(NULL, collect, &l);
	CHECK(has(&l, "no TLS on this connection"));
	lines_free(&l);
	tls_info_free(ti);
}

/* certv_days into s (the English side: no language is chosen here). */
static void days(int64_t nb, int64_t na, int64_t now, char *s, size_t n)
{
	struct dtext d;
	dtext_init(&d, 0);
	certv_days(nb, na, now, &d);
	snprintf(s, n, "%s", dtext_en(&d));
	dtext_free(&d);
}

static void test_days(void)
{
	char s[80];
	int64_t day = 86400, now = 1700000000;
	days(now - day, now + 41 * day + 5, now, s, sizeof s);
	CHECK_STR(s, "valid, 41 days left");
	days(now - day, now + day + 5, now, s, sizeof s);
	CHECK_STR(s, "valid, 1 day left");
	days(now - 10 * day, now - 3 * day - 5, now, s, sizeof s);
	CHECK_STR(s, "EXPIRED 3 days ago");
	days(now - 10 * day, now - 5, now, s, sizeof s);
	CHECK_STR(s, "EXPIRED today");
	days(now + 2 * day, now + 20 * day, now, s, sizeof s);
	CHECK_STR(s, "NOT VALID YET (starts in 2 days)");
	days(now + 5, now + 20 * day, now, s, sizeof s);
	CHECK_STR(s, "NOT VALID YET (starts in 1 day)");
	days(-1, -1, now, s, sizeof s);
	CHECK_STR(s, "validity unknown");
}

static void test_many_names(void)
{
	struct tls_info *ti = xcalloc(1, sizeof *ti);
	ti->nchain = 1;
	ti->chain = xcalloc(1, sizeof *ti->chain);
	fake_cert(&ti->chain[0], "CN=many", "CN=ca", false);
	ti->chain[0].nsans = 500;
	ti->chain[0].sans = xcalloc(500, sizeof *ti->chain[0].sans);
	for (size_t i = 0; i < 500; i++)
		ti->chain[0].sans[i] = xasprintf("DNS:n%zu.test", i);
	struct lines l = {0};
	certv_cert(ti, 0, 1700000000, collect, &l);
	CHECK_INT(count(&l, "DNS:n"), 200);
	CHECK(has(&l, "... and 300 more"));
	CHECK(has(&l, "(its issuer was not sent: it must be in the trust store)"));
	lines_free(&l);
	tls_info_free(ti);
}

static unsigned char *pem_to_der(const char *file, size_t *len)
{
	gnutls_datum_t pem = {NULL, 0}, der = {NULL, 0};
	gnutls_x509_crt_t crt;
	unsigned char *out = NULL;
	if (gnutls_load_file(file, &pem) < 0)
		return NULL;
	gnutls_x509_crt_init(&crt);
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

/* A real chain from cert_generate: a CA, a leaf it issued, and an unrelated CA. */
static void test_real(void)
{
	char dir[] = "/tmp/test-cert-view.XXXXXX";
	if (mkdtemp(dir) == NULL) {
		CHECK(!"mkdtemp");
		return;
	}
	char ca[64], cak[64], leaf[64], leafk[64], other[64], otherk[64];
	snprintf(ca, sizeof ca, "%s/ca.pem", dir);
	snprintf(cak, sizeof cak, "%s/ca.key", dir);
	snprintf(leaf, sizeof leaf, "%s/leaf.pem", dir);
	snprintf(leafk, sizeof leafk, "%s/leaf.key", dir);
	snprintf(other, sizeof other, "%s/other.pem", dir);
	snprintf(otherk, sizeof otherk, "%s/other.key", dir);
	char *err = NULL;
	const char *dns[] = {"mail.lab.test"};
	struct cert_gen g_ca = {.cn = "View CA", .ca = true};
	struct cert_gen g_other = {.cn = "Other CA", .ca = true};
	struct cert_gen g_leaf = {.cn = "mail.lab.test", .dns_names = dns, .ndns = 1, .issuer_cert_file = ca,
	                          .issuer_key_file = cak};
	CHECK_INT(cert_generate(&g_ca, ca, cak, &err), 0);
	CHECK_INT(cert_generate(&g_other, other, otherk, &err), 0);
	CHECK_INT(cert_generate(&g_leaf, leaf, leafk, &err), 0);
	free(err);

	const char *files[] = {leaf, ca, other};
	struct tls_info *ti = xcalloc(1, sizeof *ti);
	ti->chain = xcalloc(3, sizeof *ti->chain);
	for (size_t i = 0; i < 3; i++) {
		size_t len = 0;
		unsigned char *der = pem_to_der(files[i], &len);
		CHECK(der != NULL);
		if (der)
			CHECK_INT(cert_info_from_der(der, len, &ti->chain[i]), 0);
		free(der);
	}
	ti->nchain = 2;
	ti->checked_name = xstrdup("mail.lab.test");
	ti->verified = true;
	int64_t now = (int64_t)time(NULL);
	struct lines l = {0};
	certv_verdict(ti, now, collect, &l);
	CHECK(l.n > 0 && strcmp(l.v[0], "certificate VERIFIED for mail.lab.test") == 0 && l.role[0] == CERTV_GOOD);
	certv_cert(ti, 0, now, collect, &l);
	certv_cert(ti, 1, now, collect, &l);
	CHECK(has(&l, "[0] certificate 1 of 2: server certificate (leaf)"));
	CHECK(has(&l, "names (SAN):  DNS:mail.lab.test"));
	CHECK(has(&l, "(issued by [1], the next certificate sent)"));
	CHECK(has(&l, "ext. usage:   serverAuth"));
	CHECK(has(&l, "CA:           no"));
	CHECK(has(&l, "[1] certificate 2 of 2: root CA (self-signed)"));
	CHECK(has(&l, "CA:           yes"));
	CHECK(has(&l, "public key:   EC/ECDSA, 256 bits"));
	CHECK(has(&l, "validity:     valid, "));
	CHECK(safe(&l));
	lines_free(&l);

	/* The leaf followed by a CA that did not issue it: said so. */
	struct cert_info tmp = ti->chain[1];
	ti->chain[1] = ti->chain[2];
	ti->chain[2] = tmp;
	certv_cert(ti, 0, now, collect, &l);
	CHECK(has(&l, "(NOT issued by [1], the next certificate sent: out of order)"));
	lines_free(&l);

	certv_dump(&ti->chain[0], collect, &l);
	CHECK(l.n > 10);
	CHECK(has(&l, "X.509 Certificate Information:"));
	CHECK(has(&l, "DNSname: mail.lab.test"));
	CHECK(safe(&l)); /* GnuTLS's tabs are expanded */
	lines_free(&l);

	ti->nchain = 3;
	tls_info_free(ti);
	unlink(ca), unlink(cak), unlink(leaf), unlink(leafk), unlink(other), unlink(otherk);
	rmdir(dir);
}

int main(void)
{
	test_hostile();
	test_days();
	test_many_names();
	test_real();
	return check_report();
}
