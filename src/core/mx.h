/* mx: where mail for a domain goes, found as an MTA finds it (RFC 5321 §5.1): the domain's MX records in
 * preference order with each host's addresses; the domain itself when it has no MX (the "implicit MX"); nothing
 * when it publishes a null MX (RFC 7505). Internationalised domains are converted to their A-label with libidn2
 * (IDNA2008, non-transitional). The lookup runs in a worker thread through the validating resolver (core/dnssec.h:
 * MX, then A and AAAA of each host, each answer marked secure / insecure / bogus; and, when asked for a port,
 * the TLSA records of DANE, RFC 7672 §2.2, only where the MX and address answers were secure); the answer comes
 * back through a pipe the loop watches, so the console never freezes on a slow DNS server.
 *
 * Tests: SMTPCON_DNS_SERVER and SMTPCON_DNS_TRUST_ANCHOR (see core/dnssec.h) point every query at a test DNS
 * server and replace the root trust anchor.
 */
#ifndef SMTPCON_MX_H
#define SMTPCON_MX_H
#include <stddef.h>

#include "core/dnssec.h"
#include "lib/dtext.h"
#include "lib/loop.h"

#define MX_ENV_DNS_SERVER DNS_ENV_SERVER
#define MX_MAX_HOSTS 64 /* MX records kept (the rest are counted in more_hosts) */
#define MX_MAX_ADDRS 16 /* addresses kept per host */

enum mx_status {
	MX_OK,       /* hosts from MX records */
	MX_IMPLICIT, /* no MX records: the domain itself is the mail host (one host, pref -1) */
	MX_NULL,     /* "MX 0 .": the domain accepts no mail (RFC 7505) */
	MX_NXDOMAIN, /* the domain does not exist */
	MX_FAIL,     /* a bad name or a DNS failure (timeout, SERVFAIL): error says which */
};

struct mx_host {
	char *name;   /* A-label, no trailing dot */
	int pref;     /* MX preference, -1 for the implicit MX */
	char **addrs; /* numeric addresses, IPv4 first then IPv6, no duplicates; may be empty */
	size_t naddrs;
	char *error;                /* why there are no addresses, or NULL */
	char *error_loc;            /* the same in the user's language */
	enum dns_security addr_sec; /* the A and AAAA answers together: the weaker of the two */
	char *addr_why;             /* why bogus, or NULL */
	/* DANE (only when a port was asked for): the TLSA records at _PORT._tcp.NAME, asked only when the address
	 * answers were secure and the MX answer not bogus (RFC 7672 §2.2.1, §2.2.2: an insecure MX answer may
	 * still name a host in a signed zone). */
	char *cname;                /* the name the address answer was for after CNAMEs (RFC 7672 §2.2.2), or NULL */
	enum dns_security cname_sec; /* the CNAME chain: the address answer's when it was secure, else the CNAME
	                             * record's own (asked on its own, as Postfix does) */
	char *tlsa_base;            /* the TLSA base domain: cname when its TLSA answer decided (secure expansion,
	                             * records there or a failure), else name */
	bool tlsa_asked;
	struct dns_answer tlsa;
	const char *tlsa_skipped; /* why they were not asked (static English, an N_() msgid), or NULL */
};

struct mx_result {
	enum mx_status status;
	char *domain;          /* as asked */
	char *alabel;          /* the name queried (differs from domain for IDN) */
	struct mx_host *hosts; /* lowest preference first; equal preferences keep DNS order */
	size_t nhosts;
	size_t more_hosts;     /* MX records beyond MX_MAX_HOSTS, not kept */
	char *error;           /* for MX_FAIL / MX_NXDOMAIN: one sentence */
	char *error_loc;       /* the same in the user's language (the English when no translation is active) */
	bool direct;           /* a host given directly: no MX query, the one host is domain (status MX_IMPLICIT) */
	enum dns_security sec; /* the MX answer (or its proven absence) */
	char *why;             /* why bogus, or NULL */
	char *anchor;          /* where validation started (dns_resolver_anchor), or NULL */
	char *anchor_loc;      /* the same in the user's language */
	int port;              /* the port the TLSA records were asked for, 0: none asked */
	/* A bogus MX answer (status MX_FAIL, sec DNS_BOGUS): hosts holds the MX host names the answer gives when
	 * asked again without validation, so a report can name them; they are never connected to, and their
	 * addresses are not looked up. */
	bool unvalidated;
};

/* What to look up: domain's MX hosts (or, direct, the host domain itself) and their addresses; with port > 0
 * also each host's TLSA records for that port. */
struct mx_request {
	const char *domain;
	int port;
	bool direct;
};

/* Look domain up now, blocking (the worker's job; also for tests). Never NULL. Free with mx_result_free. */
struct mx_result *mx_lookup_sync(const char *domain);
struct mx_result *mx_query_sync(const struct mx_request *rq);
void mx_result_free(struct mx_result *r);

/* The best host to connect to: the first (lowest preference) with an address, else the first; NULL if none. */
const struct mx_host *mx_best(const struct mx_result *r);

/* Append a readable listing: "MX for example.org:" then one line per host ("  10 mx1.example.org  192.0.2.1");
 * explains the implicit and null MX cases and failures. */
void mx_result_format(const struct mx_result *r, struct dtext *out);
/* Append the DNSSEC chain: one line per answer (MX, A/AAAA of each host, TLSA when asked) marked secure /
 * insecure / bogus with the reason, and where validation started. */
void mx_result_format_dnssec(const struct mx_result *r, struct dtext *out);
/* "ok", "implicit", "null", "nxdomain", "fail". */
const char *mx_status_name(enum mx_status st);

/* ---- off the loop ---- */
struct mx_lookup;
/* Called from the loop with the result, which the callee owns (mx_result_free). */
typedef void (*mx_fn)(void *arg, struct mx_result *r);
/* Start a lookup in a worker thread. fn runs later from the loop, never inside mx_lookup_start. */
struct mx_lookup *mx_lookup_start(struct loop *loop, const char *domain, mx_fn fn, void *arg);
/* The same for a full request (copied). */
struct mx_lookup *mx_query_start(struct loop *loop, const struct mx_request *rq, mx_fn fn, void *arg);
/* Forget a lookup: fn will not run; the worker cleans up after itself when it finishes. Not from inside fn. */
void mx_lookup_cancel(struct mx_lookup *q);

#endif
