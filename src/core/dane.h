/* dane: DANE for SMTP (RFC 7672, with the usage rules of RFC 7671): does the certificate chain a mail server
 * presented match the TLSA records its DNSSEC-signed zone publishes at _PORT._tcp.MXHOST, and what would a
 * validating sender conclude about that host?
 *
 * Only the two usages RFC 7672 §3.1 gives SMTP are used:
 *   3 DANE-EE  the server's own certificate (selector 0) or public key (selector 1) matches; names, dates and the
 *              issuer are ignored (§3.1.1): a self-signed certificate is fine.
 *   2 DANE-TA  a certificate the server sent (its issuer, or one above) matches; the leaf must chain to it with
 *              valid signatures and dates, and the leaf must hold the MX host name or the next-hop domain (§3.2.2).
 *              The trust anchor's certificate must be in the chain the server sends (RFC 7671 §5.2.2), unless
 *              the record is 2 0 0 (it holds the whole CA certificate, which then stands in for it); a bare
 *              public key (2 1 0) the server does not send is not used here (OpenSSL's DANE accepts one). When
 *              no record matches and the server sends no CA, the mismatch says so, and how to fix it.
 * Usages 0 and 1 (PKIX-TA, PKIX-EE) are unusable for SMTP (§3.1.3), as are unknown selectors and matching types.
 * Matching types: 0 exact bytes, 1 SHA-256, 2 SHA-512. Hashes and the chain check are GnuTLS's; the selected
 * bytes are taken from the certificate as sent (the SubjectPublicKeyInfo is cut out of the DER, not re-encoded).
 *
 * Why not GnuTLS's own libgnutls-dane (dane_verify_crt_raw): it gives one yes/no for the whole RRset, without
 * which record matched which certificate; it accepts usages 0 and 1, which RFC 7672 excludes; and it does not
 * check a DANE-TA chain's leaf against the MX host and next-hop names. The report needs all three.
 */
#ifndef SMTPCON_DANE_H
#define SMTPCON_DANE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/dnssec.h"
#include "core/tlsinfo.h"

#define DANE_MAX_DATA 1024 /* bytes of certificate association data kept (a whole certificate with usage x 0 0) */

enum {
	DANE_USAGE_PKIX_TA = 0,
	DANE_USAGE_PKIX_EE = 1,
	DANE_USAGE_DANE_TA = 2,
	DANE_USAGE_DANE_EE = 3
};

/* One TLSA record (RFC 6698 §2.1). */
struct dane_tlsa {
	uint8_t usage, selector, mtype;
	size_t len;
	unsigned char data[DANE_MAX_DATA];
};

/* Parse one TLSA rdata (wire format: usage, selector, matching type, data). 0, or -1 when it is shorter than
 * four bytes, its data is longer than DANE_MAX_DATA, or a SHA-256 / SHA-512 record's data has the wrong length. */
int dane_tlsa_parse(const unsigned char *p, size_t n, struct dane_tlsa *out);
/* "3 1 1 <hex>" into out (size outsz, at least 16; long data is cut with "..."). */
void dane_tlsa_text(const struct dane_tlsa *t, char *out, size_t outsz);
/* Why a record cannot be used for SMTP (static text), or NULL when it can. */
const char *dane_tlsa_unusable(const struct dane_tlsa *t);

enum dane_verdict {
	DANE_VERIFIED,   /* a usable record matched: a DANE sender delivers, authenticated */
	DANE_MISMATCH,   /* usable records, none matched: a DANE sender defers the mail */
	DANE_NO_RECORDS, /* the signed zone proves there are no TLSA records: DANE does not apply */
	DANE_INSECURE,   /* an answer on the way was not signed: DANE does not apply */
	DANE_BOGUS,      /* an answer failed validation (or the TLSA look-up failed): a DANE sender defers */
	DANE_UNUSABLE,   /* records exist but none is usable for SMTP: encrypt, do not authenticate (§2.2) */
	DANE_NVERDICTS
};
/* "verified", "mismatch", "no-records", "insecure", "bogus", "unusable" (the JSON values). */
const char *dane_verdict_name(enum dane_verdict v);
/* The same verdict as a word in the user's language, for people (the inspector, /dane, the failure message). */
const char *dane_verdict_label(enum dane_verdict v);
/* Whether a DANE-validating sender would deliver to the host with this verdict (false: it defers). */
bool dane_verdict_delivers(enum dane_verdict v);

/* What was checked against. names: the reference identifiers for DANE-TA (the MX host name, then the next-hop
 * domain); either may be NULL. */
struct dane_input {
	const struct dane_tlsa *records;
	size_t nrecords;
	const struct cert_info *chain; /* as the server sent it, leaf first */
	size_t nchain;
	const char *mx_host;
	const char *domain;
	int64_t now; /* seconds since the epoch, for the dates of a DANE-TA chain */
	const char *base; /* the TLSA base domain when it differs from mx_host (a CNAME's target), or NULL */
};

/* The outcome of matching (dane_match). */
struct dane_match {
	enum dane_verdict verdict; /* DANE_VERIFIED, DANE_MISMATCH or DANE_UNUSABLE (no usable record) */
	int record;                /* the record that matched, or -1 */
	int depth;                 /* the certificate it matched (0 the leaf), or -1 */
	char detail[768];          /* one sentence: which record matched which certificate, or why none did */
	char detail_loc[1536];     /* the same in the user's language ("" when no translation is active) */
};

/* Match the records against the chain, as RFC 7672 says. Pure: no DNS, no network. */
void dane_match(const struct dane_input *in, struct dane_match *out);

/* The TLSA data to publish for what the server presents now: "3 1 1 <hex>" of the leaf and "2 1 1 <hex>" of
 * its issuer's certificate as sent (chain[1]); "" when there is none or the key cannot be read. */
void dane_publish(const struct cert_info *chain, size_t nchain, char out311[80], char out211[80]);

#endif
