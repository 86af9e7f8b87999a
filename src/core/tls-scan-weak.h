/* tls-scan-weak: what /tls scan flags as weak, and why, as a table (one row per weakness; tests/unit/
 * test-tls-scan-weak.c checks it). Names are GnuTLS's ("TLS1.0", "ECDHE-RSA", "3DES-CBC", "SHA1"), so the table
 * needs no GnuTLS itself. */
#ifndef SMTPCON_TLS_SCAN_WEAK_H
#define SMTPCON_TLS_SCAN_WEAK_H
#include <stddef.h>

/* The smallest Diffie-Hellman prime /tls scan accepts silently (Logjam class below it). */
#define TLS_WEAK_DH_MIN_BITS 2048u

struct tls_weak {
	const char *id; /* stable short id for JSON: "sweet32", "rc4", "no-forward-secrecy" ... */
	/* What a row matches: each non-NULL field is an fnmatch(3) pattern on that name; a row with only a
	 * version is about the protocol version itself (tls_weak_version), the others about a suite. */
	const char *version;
	const char *kx;
	const char *cipher;
	const char *mac;
	const char *why; /* English msgid (N_): views translate it with _() */
};

/* The row for a protocol version that is weak in itself ("TLS1.0"), or NULL. */
const struct tls_weak *tls_weak_version(const char *version);

/* The rows a suite matches, in table order, at most max of them into out; returns how many matched (which may be
 * more than max). version, kx, cipher, mac: GnuTLS names; kx is ignored for TLS 1.3 (NULL is fine). */
size_t tls_weak_suite(const char *version, const char *kx, const char *cipher, const char *mac,
		      const struct tls_weak **out, size_t max);

/* The row for a Diffie-Hellman prime of bits (0: unknown) when it is too small, else NULL. */
const struct tls_weak *tls_weak_dh(unsigned bits);

/* The whole table, for its test. */
const struct tls_weak *tls_weak_table(size_t *n);

#endif
