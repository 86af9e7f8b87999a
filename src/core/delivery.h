/* delivery: the sending MTA's view of one MX host. Mail between servers (port 25, found through MX records) is
 * judged by other rules than a submission client's: a sender encrypts when it can and accepts any certificate
 * (opportunistic TLS, RFC 7435), unless the receiving domain publishes DANE TLSA records in a DNSSEC-signed zone
 * (RFC 7672: then the certificate must match them, or mail waits in the queue) or an MTA-STS policy in enforce
 * mode (RFC 8461; DANE takes precedence where TLSA records exist, §2). This module holds what /mx found for the
 * host connected to (struct mta_target), and turns it plus the TLS handshake into two plain results every view
 * can show without GnuTLS: the DANE report and the delivery view ("would a sender deliver, and how securely?").
 */
#ifndef SMTPCON_DELIVERY_H
#define SMTPCON_DELIVERY_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/dane.h"
#include "core/mtasts.h"
#include "core/mx.h"
#include "core/tlsinfo.h"
#include "lib/buf.h"
#include "lib/dtext.h"

/* What DNS said about one MX host, before any connection: the host, the domain, the port, the DANE state of the
 * DNS answers and the TLSA records when they were secure. */
struct mta_target {
	char *domain; /* the next-hop domain (A-label), or the host itself when given directly */
	char *host;   /* the MX host name: TLSA owner and TLS SNI unless base says otherwise, DANE-TA reference name */
	char *base;   /* the TLSA base domain (RFC 7672 §2.2.2: the CNAME-expanded name where its records decided,
	               * else host): TLSA owner, SNI (§8.1), a DANE-TA reference name besides host and domain */
	int port;
	bool mx_secure;            /* the MX answer was DNSSEC-secure (or the host was given directly, no MX): a DANE
	                           * match is then "verified"; through an insecure MX answer only "trusted" (RFC 7672
	                           * §2.2.1: a forged MX could only point at another host with valid TLSA records) */
	bool strict;               /* web-PKI verification still holds the session (--tls-verify given, or a
	                           * submission port): the sender's rules do not relax it */
	enum dane_verdict dns;     /* DANE_INSECURE, DANE_BOGUS, DANE_NO_RECORDS, or DANE_MISMATCH meaning "records
	                           * to match" (the handshake decides) */
	char *dns_why;             /* one sentence for insecure / bogus / no-records */
	char *dns_why_loc;         /* the same in the user's language (NULL when no translation is active) */
	struct dane_tlsa *records; /* parsed records (DANE_MISMATCH only) */
	size_t nrecords;
	size_t nmalformed;         /* TLSA records that did not parse (wrong digest length...) */
	struct mtasts_result *sts; /* the domain's MTA-STS result (owned), or NULL when not looked up */
};

/* The target for host h of r (h one of r->hosts). Never NULL. port: where the connection goes. */
struct mta_target *mta_target_from_mx(const struct mx_result *r, const struct mx_host *h, int port, bool strict);
void mta_target_free(struct mta_target *t);
/* Attach the domain's MTA-STS result (taken over; replaces one attached before). It counts only where DANE does
 * not apply (RFC 8461 §2: TLSA records take precedence). */
void mta_target_set_mtasts(struct mta_target *t, struct mtasts_result *sts);

/* The DANE result for one host (JSON "type":"dane"). */
struct dane_report {
	const char *host;
	const char *base; /* the TLSA base domain (host, or the CNAME's target: RFC 7672 §2.2.2; JSON "tlsa_base") */
	int port;
	enum dane_verdict verdict;
	char detail[1024];     /* one or two sentences */
	char detail_loc[2048]; /* the same in the user's language ("" when no translation is active) */
	char (*records)[160];  /* each record as text ("3 1 1 <hex>"), owned */
	size_t nrecords;
	bool mx_secure;      /* the target's mx_secure (JSON "mx_secure") */
	bool trusted;        /* verified, but through an insecure MX answer: Postfix's "Trusted" (JSON "level") */
	int matched;         /* index into records, or -1 */
	int depth;           /* the certificate matched (0: the server's own), or -1 */
	char publish311[80]; /* for mismatch / no-records / insecure: what to publish for what is served now */
	char publish211[80];
};
void dane_report_clear(struct dane_report *rep);

enum delivery_kind {
	DELIVERY_DANE,          /* DANE-authenticated: a sender delivers, certificate checked against TLSA */
	DELIVERY_MTA_STS,       /* MTA-STS-enforced: a sender delivers only to a listed MX with a valid cert */
	DELIVERY_OPPORTUNISTIC, /* encrypted, any certificate accepted: delivered, not authenticated */
	DELIVERY_DEFER,         /* a sender would keep the mail queued (DANE mismatch or bogus, enforce failure) */
	DELIVERY_PLAINTEXT,     /* no TLS: delivered in clear text */
	DELIVERY_NKINDS
};

/* The sender's verdict for one host (JSON "type":"delivery_view"). */
struct delivery_view {
	const char *domain;
	const char *host;
	enum delivery_kind kind;
	bool delivers;         /* false for DELIVERY_DEFER */
	bool pkix_verified;    /* the certificate verified under web-PKI rules (a fact, shown either way) */
	const char *dane;      /* the DANE verdict name */
	bool mx_secure;        /* the MX answer was DNSSEC-secure (JSON "mx_secure") */
	const char *mta_sts;   /* the MTA-STS mode a sender applies ("enforce", "testing", "none"), or NULL when it
	                      * was not looked up or DANE took precedence */
	char reason[1536];     /* why, in words */
	char reason_loc[3072]; /* the same in the user's language ("" when no translation is active) */
};
/* "DANE-authenticated", "MTA-STS-enforced", "opportunistic", "would defer", "plaintext only". */
const char *delivery_kind_text(enum delivery_kind k);
/* "dane", "mta-sts", "opportunistic", "defer", "plaintext" (the JSON "verdict" values). */
const char *delivery_kind_name(enum delivery_kind k);

/* Why a connection to the host has no TLS session (delivery_judge with ti NULL). */
enum delivery_no_tls {
	DELIVERY_TLS_UNTRIED,     /* no connection (yet): the DNS answers alone are judged */
	DELIVERY_TLS_NOT_OFFERED, /* the server's EHLO reply did not offer STARTTLS */
	DELIVERY_TLS_REFUSED,     /* STARTTLS was answered with an error reply (454...) */
	DELIVERY_TLS_FAILED,      /* the STARTTLS handshake failed (a sender retries in plaintext) */
	DELIVERY_TLS_NO_FALLBACK, /* the handshake failed where TLS starts on connect: no plaintext to fall back to */
};

/* Judge target t after a TLS handshake whose result is ti (NULL when no TLS happened; then notls says why: a
 * sender delivers in plaintext unless DANE or MTA-STS requires TLS, then it defers). now: for DANE-TA dates.
 * Fills rep (clear it with dane_report_clear) and view (whose pointers point into t and rep). */
void delivery_judge(const struct mta_target *t, const struct tls_info *ti, enum delivery_no_tls notls, int64_t now,
		    struct dane_report *rep, struct delivery_view *view);

/* Readable renderings for the console: the DANE report (records, which matched, what to publish) and the view,
 * appended to out in English (JSON) and in the user's language. */
void dane_report_format(const struct dane_report *rep, struct dtext *out);
void delivery_view_format(const struct delivery_view *v, struct dtext *out);

#endif
