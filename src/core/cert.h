/* cert: one X.509 certificate (DER, as a server sent it) turned into the plain struct cert_info of tlsinfo.h,
 * plus the other renderings a person asks for (GnuTLS's full text dump, PEM, a DANE TLSA record), and a small
 * certificate generator for the practice server and the tests.
 *
 * Every function here takes untrusted bytes and must survive any of them (tests/fuzz/fuzz-cert.c). Strings put
 * into struct cert_info are the certificate's own text, except that an embedded NUL byte is written as the four
 * characters "\x00" so that a name such as "good.test\0.evil.test" cannot be cut short; views must still escape
 * everything (lib/escape.h).
 */
#ifndef SMTPCON_CERT_H
#define SMTPCON_CERT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/tlsinfo.h"

/*
 * Parse the DER certificate der[0..len) and fill every field of *out (which is overwritten, not freed first).
 * Fields a certificate lacks are left empty: "" for key_usage/ext_key_usage, 0 counts, is_ca -1, path_len -1,
 * not_before/not_after -1, spki_sha256 "" when GnuTLS does not know the key type. Returns 0, or -1 when the
 * bytes are not a certificate GnuTLS can import (then *out is all zero). Free with cert_info_clear().
 */
int cert_info_from_der(const unsigned char *der, size_t len, struct cert_info *out);

/* GnuTLS's full human-readable description (gnutls_x509_crt_print, FULL) into a new allocation, or NULL when the
 * bytes do not parse. The text holds the certificate's own strings: escape before display. */
char *cert_text_dump(const unsigned char *der, size_t len);

/* The certificate as PEM ("-----BEGIN CERTIFICATE-----" ...), a new allocation, or NULL (len 0). The DER is
 * encoded as given, without being parsed. */
char *cert_pem(const unsigned char *der, size_t len);

/* DANE TLSA record data for usage 3 (end entity), selector 1 (SubjectPublicKeyInfo), matching 1 (SHA-256):
 * "3 1 1 <64 lower-case hex digits>", a new allocation, or NULL when ci->der does not parse or its key type is
 * unknown to GnuTLS. */
char *cert_tlsa_311(const struct cert_info *ci);

/* Whether a chain as sent is out of order: some certificate i+1 did not issue certificate i (RFC 8446 4.4.2
 * tolerates this, but older clients fail on it, so it is worth showing). False for fewer than two. */
bool cert_chain_out_of_order(const struct cert_info *chain, size_t n);

/* Append one verification reason to ti (id static; text and hint allocated, taken over). */
void cert_add_reason(struct tls_info *ti, const char *id, char *text, char *hint);

/* Append the reason for a verification that could not run (gnutls_certificate_verify_peers3 returned
 * gnutls_error < 0): "no-certificate" or "verify-error", its text GnuTLS's words (gnutls_strerror) in JSON, and
 * on screen in the user's language when GnuTLS's error is one smtpcon knows. */
void cert_verify_error(struct tls_info *ti, int gnutls_error);

/*
 * Turn a GnuTLS verification status (gnutls_certificate_verify_peers3) into ti->reasons: one reason per status
 * flag set, in a stable order, with details from ti->chain (how long ago a certificate expired, the not-before
 * date, the names the certificate holds when the host name did not match), ti->checked_name and
 * ti->trust_store. A self-signed leaf adds "self-signed" after "signer-not-found"; status 0 with no
 * checked_name adds "no-name-checked". now: the current time (a parameter so tests are repeatable).
 */
void cert_verify_reasons(struct tls_info *ti, unsigned status, int64_t now);

/* The stable id for one GnuTLS status flag (GNUTLS_CERT_EXPIRED -> "expired"), or NULL when the table has no
 * row for it. For tests and for a legend in the views. */
const char *cert_status_id(unsigned flag);

/* What cert_generate makes. All pointers may be NULL/0 unless noted. */
struct cert_gen {
	const char *cn;                   /* subject CN (required) */
	const char *const *dns_names;     /* subjectAltName dNSName entries */
	size_t ndns;
	const char *const *ip_addrs;      /* subjectAltName iPAddress entries, as text ("127.0.0.1", "::1") */
	size_t nip;
	int64_t not_before;               /* seconds since the epoch; 0: one hour ago */
	int64_t not_after;                /* 0: one year after not_before */
	bool ca;                          /* basicConstraints CA:TRUE + keyCertSign (else a TLS server/client leaf) */
	unsigned rsa_bits;                /* 0: an ECDSA P-256 key (fast); else an RSA key of that size */
	const char *issuer_cert_file;     /* PEM; NULL: self-signed */
	const char *issuer_key_file;      /* PEM key of the issuer, needed with issuer_cert_file */
};

/*
 * Make a key and a certificate as *g says and write both as PEM to cert_path and key_path (mode 0600 for the
 * key). Meant for the built-in practice server, test peers and tests, never for production use.
 * Returns 0, or -1 with *err (allocated, caller frees).
 */
int cert_generate(const struct cert_gen *g, const char *cert_path, const char *key_path, char **err);

#endif
