/* tls-scan-weak: the weaknesses /tls scan flags, with why, as data. A suite gets every row it matches (3DES-CBC
 * in TLS 1.0 is Sweet32 and BEAST at once); a version only its own row. */
#include "core/tls-scan-weak.h"

#include <fnmatch.h>
#include <stdbool.h>

#include "lib/i18n.h"

static const struct tls_weak table[] = {
	/* The versions themselves. */
	{"tls1.0", "TLS1.0", NULL, NULL, NULL,
	 N_("TLS 1.0 is deprecated (RFC 8996, 2021): no modern AEAD suites, SHA-1/MD5 in the handshake")},
	{"tls1.1", "TLS1.1", NULL, NULL, NULL,
	 N_("TLS 1.1 is deprecated (RFC 8996, 2021): no modern AEAD suites, SHA-1/MD5 in the handshake")},
	{"ssl3", "SSL3.0", NULL, NULL, NULL, N_("SSL 3.0 is broken (POODLE, RFC 7568)")},
	/* No encryption or no authentication at all. */
	{"null-cipher", NULL, NULL, "NULL", NULL, N_("no encryption at all (NULL cipher)")},
	{"anonymous", NULL, "*ANON*", NULL, NULL,
	 N_("anonymous key exchange: the server is not authenticated (anyone in the middle can read everything)")},
	{"export", NULL, "*EXPORT*", NULL, NULL, N_("export-grade key exchange (FREAK/Logjam): breakable keys")},
	/* Broken ciphers. */
	{"rc4", NULL, NULL, "ARCFOUR*", NULL, N_("RC4 is prohibited (RFC 7465): its keystream biases leak plaintext")},
	{"sweet32", NULL, NULL, "3DES*", NULL,
	 N_("3DES has a 64-bit block: Sweet32 birthday attack on long connections (CVE-2016-2183)")},
	{"des", NULL, NULL, "DES-CBC", NULL, N_("single DES: a 56-bit key, brute-forced in hours")},
	/* CBC where the protocol makes it attackable. */
	{"cbc-beast", "TLS1.0", NULL, "*-CBC", NULL,
	 N_("CBC in TLS 1.0: predictable IVs (BEAST) and padding oracles (Lucky13 class)")},
	{"cbc-lucky13", "TLS1.1", NULL, "*-CBC", NULL,
	 N_("CBC in TLS 1.1: MAC-then-encrypt padding oracles (Lucky13 class)")},
	{"cbc-sha1", NULL, NULL, "*-CBC", "SHA1",
	 N_("CBC with HMAC-SHA1: MAC-then-encrypt (Lucky13 class); prefer an AEAD suite (GCM, CHACHA20-POLY1305)")},
	{"md5-mac", NULL, NULL, NULL, "MD5", N_("HMAC-MD5 as the record MAC")},
	/* Key exchange. */
	{"no-forward-secrecy", NULL, "RSA", NULL, NULL,
	 N_("static RSA key exchange: no forward secrecy (a stolen server key decrypts every recorded session)")},
};
#define NTABLE (sizeof table / sizeof table[0])

static const struct tls_weak dh_row = {
	"dh-small", NULL, NULL,
	NULL,       NULL, N_("Diffie-Hellman group under 2048 bits (Logjam class: precomputation makes it breakable)")};

static bool match(const char *pattern, const char *name)
{
	return pattern == NULL || (name && fnmatch(pattern, name, 0) == 0);
}

static bool version_only(const struct tls_weak *w)
{
	return w->version && !w->kx && !w->cipher && !w->mac;
}

const struct tls_weak *tls_weak_version(const char *version)
{
	for (size_t i = 0; i < NTABLE; i++)
		if (version_only(&table[i]) && match(table[i].version, version))
			return &table[i];
	return NULL;
}

size_t tls_weak_suite(const char *version, const char *kx, const char *cipher, const char *mac,
		      const struct tls_weak **out, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < NTABLE; i++) {
		const struct tls_weak *w = &table[i];
		if (version_only(w) || !match(w->version, version) || !match(w->cipher, cipher) || !match(w->mac, mac))
			continue;
		/* TLS 1.3 negotiates the key exchange apart from the suite, and always with forward secrecy. */
		if (w->kx && (kx == NULL || (version && fnmatch("TLS1.3", version, 0) == 0) || !match(w->kx, kx)))
			continue;
		if (n < max)
			out[n] = w;
		n++;
	}
	return n;
}

const struct tls_weak *tls_weak_dh(unsigned bits)
{
	return bits && bits < TLS_WEAK_DH_MIN_BITS ? &dh_row : NULL;
}

const struct tls_weak *tls_weak_table(size_t *n)
{
	*n = NTABLE;
	return table;
}
