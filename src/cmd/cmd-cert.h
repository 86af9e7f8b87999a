/* cmd-cert: the certificate inspector's text, shared by /cert, /tls (batch text) and the TUI overlay
 * (src/ui/overlay-cert.c), so every view says the same thing in the same words.
 *
 * Each function calls fn once per display line, built in two languages (lib/dtext.h): views for people show
 * dtext_loc(line), JSON keeps dtext_en(line). Lines are safe text: every string that came from a certificate
 * or from GnuTLS about it has already gone through lib/escape.h (no control byte, no bidi control, no newline),
 * so a view may print or draw them as they are. A line pointer is valid only during the call.
 * None of these functions touch GnuTLS types: the overlay may use them.
 */
#ifndef SMTPCON_CMD_CERT_H
#define SMTPCON_CMD_CERT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/tlsinfo.h"
#include "lib/dtext.h"

/* What a line is, so a view can colour it (the text view ignores it). */
enum certv_role {
	CERTV_TEXT,   /* a field */
	CERTV_TITLE,  /* a heading ("certificate 1 of 3: leaf") */
	CERTV_GOOD,   /* verified, valid */
	CERTV_BAD,    /* not verified, expired, a reason */
	CERTV_WARN,   /* worth a look (out of order, stapling missing) */
	CERTV_HINT,   /* cause and fix under a reason */
	CERTV_DIM,    /* secondary detail (fingerprints, URLs) */
};

typedef void (*certv_fn)(void *ctx, enum certv_role role, const struct dtext *line);

/* A certv_fn for the text views: appends line to the struct dtext that ctx points to, after a '\n' unless it is
 * empty; the role is ignored. */
void certv_to_dtext(void *ctx, enum certv_role role, const struct dtext *line);

/* The negotiated parameters: version, cipher suite, key exchange group, signature scheme, resumption, SNI. */
void certv_session(const struct tls_info *ti, certv_fn fn, void *ctx);

/* The verdict: verified or not, each reason with its cause and fix, the name checked, the trust store, chain
 * order, a missing intermediate, and OCSP stapling. now: seconds since the epoch. */
void certv_verdict(const struct tls_info *ti, int64_t now, certv_fn fn, void *ctx);

/* One line per certificate of the chain as sent: index, role, subject, validity in days. */
void certv_chain_list(const struct tls_info *ti, int64_t now, certv_fn fn, void *ctx);

/* Every field of certificate i of the chain (subject, issuer, SANs, validity with days left, serial, key,
 * signature, key usage, CA flag and path length, SHA-256 fingerprint, SPKI pin, OCSP and CRL URLs) and how it
 * relates to its neighbours in the chain. Nothing when i is out of range. */
void certv_cert(const struct tls_info *ti, size_t i, int64_t now, certv_fn fn, void *ctx);

/* GnuTLS's full text dump of certificate ci, one escaped line per line; a note when it does not parse. */
void certv_dump(const struct cert_info *ci, certv_fn fn, void *ctx);

/* The chain misses an intermediate: its last certificate is not self-signed and its issuer was not found in
 * the trust store (a "signer-not-found" reason). */
bool certv_chain_incomplete(const struct tls_info *ti);

/* Append "valid, 41 days left", "EXPIRED 3 days ago", "NOT VALID YET (starts in 2 days)" to out, in both
 * languages (plural forms by each language's rule). */
void certv_days(int64_t not_before, int64_t not_after, int64_t now, struct dtext *out);

#endif
