/* mtasts: what MTA-STS (RFC 8461) and TLS-RPT (RFC 8460) say about mail to a domain, as a sending MTA finds it:
 * the _mta-sts.DOMAIN TXT record, the policy at https://mta-sts.DOMAIN/.well-known/mta-sts.txt, the
 * _smtp._tls.DOMAIN TLS-RPT record; and, per MX host, whether the policy lets a sender deliver there.
 *
 * This header is the plain result and the per-host verdict (pure: mtasts-verdict.c), for every view and for the
 * combined sender's verdict (DANE first, RFC 8461 §2). Fetching lives in mtasts-fetch.h.
 *
 * Semantics a sender follows (RFC 8461 §5): without a valid policy (no record, an invalid record, a fetch that
 * failed and nothing cached, a malformed policy) MTA-STS does not constrain delivery; smtpcon keeps no cache, so
 * it says what a sender without one would do. Mode none: no constraint. Mode testing: failures are reported
 * (TLS-RPT) but mail is delivered. Mode enforce: mail goes only to an MX that a policy pattern matches and whose
 * certificate is valid for the MX name under web-PKI rules (and only over TLS).
 */
#ifndef SMTPCON_MTASTS_H
#define SMTPCON_MTASTS_H
#include <stdbool.h>
#include <stddef.h>

#include "core/dnssec.h"
#include "core/mtasts-policy.h"
#include "core/tlsinfo.h"

enum mtasts_status {
	MTASTS_ST_NO_RECORD,      /* no _mta-sts TXT record starting v=STSv1: the domain does not use MTA-STS */
	MTASTS_ST_DNS_FAIL,       /* the TXT look-up failed (SERVFAIL, timeout, bogus) */
	MTASTS_ST_TXT_INVALID,    /* several STSv1 records, or a malformed one: treated as none (§3.1) */
	MTASTS_ST_FETCH_FAILED,   /* the HTTPS fetch failed (connection, certificate, status, redirect, size, time) */
	MTASTS_ST_POLICY_INVALID, /* fetched but malformed: treated as none */
	MTASTS_ST_POLICY,         /* a valid policy: its mode applies */
};

/* The result for one domain. Every string is owned by the result; text from the network is raw (views escape). */
struct mtasts_result {
	char *domain; /* A-label, no trailing dot */
	enum mtasts_status status;
	char *reason;               /* one sentence for every status but MTASTS_ST_POLICY (NULL then) */
	char *reason_loc;           /* the same in the user's language (NULL when reason is) */
	char id[MTASTS_ID_MAX + 1]; /* the TXT record's id, "" when none */
	char *txt;                  /* the _mta-sts TXT record's text, or NULL */
	enum dns_security txt_sec;  /* what DNSSEC said of the TXT answer (MTA-STS does not need it) */
	char *url;                  /* the policy URL asked, or NULL when not fetched */
	long http_status;           /* the HTTP status, 0 when none arrived */
	char *body;                 /* the policy body as fetched (NUL-terminated, may hold anything), or NULL */
	size_t body_len;
	struct mtasts_policy *policy; /* MTASTS_ST_POLICY only */
	/* TLS-RPT (_smtp._tls.DOMAIN): independent of the policy. */
	bool tlsrpt_found;           /* a record starting v=TLSRPTv1 exists */
	struct tlsrpt_record tlsrpt; /* its rua URIs when valid */
	char *tlsrpt_txt;            /* its text, or NULL */
	char *tlsrpt_error;          /* why it is invalid (several records, syntax), or NULL */
	char *tlsrpt_error_loc;      /* the same in the user's language */
	unsigned refs;               /* owners beyond the first (mtasts_result_ref) */
};

struct mtasts_result *mtasts_result_new(const char *domain);
/* One more owner (the result is shared, e.g. by /mta-sts and the /mx that follows it: fetched once); each owner
 * calls mtasts_result_free. Loop thread only. Returns r. */
struct mtasts_result *mtasts_result_ref(struct mtasts_result *r);
void mtasts_result_free(struct mtasts_result *r);

/* Take the text of d (lib/dtext.h: English and the user's language) into *en and *loc, freeing what they held;
 * d is freed. For reason/reason_loc and tlsrpt_error/tlsrpt_error_loc. */
struct dtext;
void mtasts_take_text(struct dtext *d, char **en, char **loc);

/* The mode a sender applies: the policy's when status is MTASTS_ST_POLICY, else MTASTS_MODE_NONE. */
enum mtasts_mode mtasts_effective_mode(const struct mtasts_result *r);
/* "no-record", "dns-fail", "txt-invalid", "fetch-failed", "policy-invalid", "valid". */
const char *mtasts_status_name(enum mtasts_status s);

/* ---- per MX host ---- */

enum mtasts_verdict {
	MTASTS_V_NO_POLICY,    /* no policy applies (see status) or mode none: MTA-STS adds nothing */
	MTASTS_V_OK,           /* listed and the certificate is valid for the MX name: the policy is met */
	MTASTS_V_UNCHECKED,    /* listed; the certificate was not seen (no connection, or not to this host) */
	MTASTS_V_MX_UNLISTED,  /* no mx pattern of the policy matches this host */
	MTASTS_V_CERT_INVALID, /* listed, but the certificate does not verify for the MX name under web PKI */
	MTASTS_V_NO_TLS,       /* listed, but the connection did not reach TLS (no STARTTLS, handshake failed) */
};

/* What the policy makes of one MX host. */
struct mtasts_host_view {
	enum mtasts_verdict verdict;
	bool mx_match;         /* a pattern matched (false when there is no policy) */
	const char *pattern;   /* the pattern that matched (owned by the result), or NULL */
	bool would_defer;      /* enforce mode and a failure (unlisted, certificate, no TLS): a sender defers */
	char reason[512];      /* one or two sentences in words, for the console and the JSON "reason" */
	char reason_loc[1024]; /* the same in the user's language, for screens ("" when no translation is active) */
};

/* How the connection to the host went, for the verdict: tls NULL when no TLS handshake with this host happened
 * (then tls_failed says whether one was tried and failed, e.g. no STARTTLS offered). The certificate counts as
 * valid when tls->verified and tls->checked_name is the MX host name (an MTA-STS sender checks the MX name with
 * web-PKI rules, §4.2): a check against an address or another name is not the check the policy asks for. */
void mtasts_host_check(const struct mtasts_result *r, const char *mx, const struct tls_info *tls, bool tls_failed,
		       struct mtasts_host_view *out);
/* "no-policy", "ok", "unchecked", "mx-unlisted", "certificate-invalid", "no-tls". */
const char *mtasts_verdict_name(enum mtasts_verdict v);

#endif
