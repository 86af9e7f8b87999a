/* test-tls-scan-weak: the table /tls scan flags weak suites with: unique ids, every row with a why, and the rows a
 * user relies on match what they claim (and do not match good suites: an AEAD ECDHE suite in TLS 1.2/1.3 is clean). */
#include <string.h>

#include "check.h"
#include "core/tls-scan-weak.h"

/* The ids a suite gets, space separated, in table order. */
static const char *ids(const char *version, const char *kx, const char *cipher, const char *mac)
{
	static char out[256];
	const struct tls_weak *w[8];
	size_t n = tls_weak_suite(version, kx, cipher, mac, w, 8);
	out[0] = '\0';
	for (size_t i = 0; i < n && i < 8; i++) {
		if (i)
			strcat(out, " ");
		strcat(out, w[i]->id);
	}
	return out;
}

int main(void)
{
	size_t n;
	const struct tls_weak *t = tls_weak_table(&n);
	CHECK(n >= 10);
	for (size_t i = 0; i < n; i++) {
		CHECK(t[i].id && *t[i].id);
		CHECK(t[i].why && strlen(t[i].why) > 10);
		CHECK(t[i].version || t[i].kx || t[i].cipher || t[i].mac); /* a row that matches everything */
		for (size_t k = i + 1; k < n; k++)
			CHECK(strcmp(t[i].id, t[k].id) != 0);
	}

	/* Versions: 1.0 and 1.1 are deprecated (RFC 8996), 1.2 and 1.3 are not. */
	CHECK(tls_weak_version("TLS1.0") && strstr(tls_weak_version("TLS1.0")->why, "RFC 8996"));
	CHECK(tls_weak_version("TLS1.1") != NULL);
	CHECK(tls_weak_version("TLS1.2") == NULL);
	CHECK(tls_weak_version("TLS1.3") == NULL);

	/* Clean suites. */
	CHECK_STR(ids("TLS1.2", "ECDHE-RSA", "AES-256-GCM", "AEAD"), "");
	CHECK_STR(ids("TLS1.2", "ECDHE-ECDSA", "CHACHA20-POLY1305", "AEAD"), "");
	CHECK_STR(ids("TLS1.2", "DHE-RSA", "AES-128-CCM", "AEAD"), "");
	CHECK_STR(ids("TLS1.3", NULL, "AES-128-GCM", "AEAD"), "");
	CHECK_STR(ids("TLS1.2", "ECDHE-RSA", "AES-128-CBC", "SHA256"), ""); /* CBC with SHA-256 in 1.2: not flagged */

	/* Each weakness, with its why. */
	CHECK_STR(ids("TLS1.2", "RSA", "AES-128-GCM", "AEAD"), "no-forward-secrecy");
	CHECK_STR(ids("TLS1.2", "ECDHE-RSA", "3DES-CBC", "SHA1"), "sweet32 cbc-sha1");
	CHECK_STR(ids("TLS1.2", "ECDHE-RSA", "ARCFOUR-128", "SHA1"), "rc4");
	CHECK_STR(ids("TLS1.0", "RSA", "3DES-CBC", "SHA1"), "sweet32 cbc-beast cbc-sha1 no-forward-secrecy");
	CHECK_STR(ids("TLS1.1", "DHE-RSA", "AES-256-CBC", "SHA1"), "cbc-lucky13 cbc-sha1");
	CHECK_STR(ids("TLS1.2", "RSA", "NULL", "MD5"), "null-cipher md5-mac no-forward-secrecy");
	CHECK_STR(ids("TLS1.2", "ANON-DH", "AES-128-GCM", "AEAD"), "anonymous");
	CHECK_STR(ids("TLS1.2", "RSA-EXPORT", "ARCFOUR-40", "MD5"), "export rc4 md5-mac");
	/* TLS 1.3 has no static RSA whatever kx is passed. */
	CHECK_STR(ids("TLS1.3", "RSA", "AES-256-GCM", "AEAD"), "");

	/* Diffie-Hellman primes. */
	CHECK(tls_weak_dh(1024) && strcmp(tls_weak_dh(1024)->id, "dh-small") == 0);
	CHECK(tls_weak_dh(2047) != NULL);
	CHECK(tls_weak_dh(2048) == NULL);
	CHECK(tls_weak_dh(0) == NULL);

	/* max bounds what is written, not what is counted. */
	const struct tls_weak *one[1];
	CHECK_INT(tls_weak_suite("TLS1.0", "RSA", "3DES-CBC", "SHA1", one, 1), 4);
	return check_report();
}
