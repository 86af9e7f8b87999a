/* dnssec: the one DNS resolver of smtpcon, a validating one (libunbound, in process). Every answer says whether
 * DNSSEC proved it (secure), could not apply (insecure: no signed chain from a trust anchor down to the name) or
 * failed (bogus: a signature is broken, expired or missing where one is required), with the validator's reason
 * for bogus. Mail between servers depends on the difference: DANE (RFC 7672) applies only to secure answers, and
 * a validating sender defers mail whose DNS answers are bogus.
 *
 * Blocking: call it from a worker thread (core/mx.c does), never from the poll loop. One resolver per thread;
 * a resolver keeps its cache for its lifetime.
 *
 * Trust anchor: the DNSSEC root key of Debian's dns-root-data (DNS_ROOT_KEY_FILE). Queries go to the recursive
 * servers of /etc/resolv.conf, which must pass DNSSEC records through (most do; a stripping one makes signed
 * answers bogus, and the reason says "no signatures").
 *
 * Test hooks (environment; for the test suite, never for real use):
 *   SMTPCON_DNS_SERVER=ADDR[:PORT]    every query goes to that one server (IPv4, or [IPv6]:PORT), e.g. an nsd or
 *                                     dnsmasq on 127.0.0.1 that the test started; the system's resolvers and
 *                                     /etc/hosts are never asked.
 *   SMTPCON_DNS_TRUST_ANCHOR=FILE     DS or DNSKEY records in zone-file format (what ldns-signzone's .ds file or
 *                                     ldns-key2ds give) replace the root key: validation starts at those zones,
 *                                     and a name under none of them is insecure. With either hook the special-use
 *                                     zone "test." is resolved like any other (libunbound answers NXDOMAIN for it
 *                                     by default).
 */
#ifndef SMTPCON_DNSSEC_H
#define SMTPCON_DNSSEC_H
#include <stdbool.h>
#include <stddef.h>

#define DNS_ENV_SERVER "SMTPCON_DNS_SERVER"
#define DNS_ENV_TRUST_ANCHOR "SMTPCON_DNS_TRUST_ANCHOR"
#define DNS_ROOT_KEY_FILE "/usr/share/dns/root.key"

/* DNS record types asked for (RFC 1035, 3596, 6698). */
enum {
	DNS_T_A = 1,
	DNS_T_CNAME = 5,
	DNS_T_MX = 15,
	DNS_T_TXT = 16,
	DNS_T_AAAA = 28,
	DNS_T_TLSA = 52
};

enum dns_security {
	DNS_INSECURE, /* not signed, or no trust anchor above it: DNSSEC says nothing */
	DNS_SECURE,   /* validated from a trust anchor (also a proven "no such record") */
	DNS_BOGUS,    /* validation failed: why says how */
};

/* One answer: the records (rdata in wire format, as in the DNS message) and what DNSSEC made of them. */
struct dns_answer {
	enum dns_security sec;
	char *why;            /* for DNS_BOGUS: the validator's reason (libunbound's why_bogus), else NULL */
	bool nxdomain;        /* the name does not exist */
	int rcode;            /* DNS RCODE (0 NOERROR, 2 SERVFAIL, 3 NXDOMAIN, 5 REFUSED...) */
	size_t n;             /* records; 0 with rcode 0 and !nxdomain: the name exists, no record of the type */
	unsigned char **data; /* rdata of each record */
	size_t *len;
	char *canon;     /* the name the answer is for after CNAMEs (no trailing dot), or NULL */
	char *error;     /* when the look-up failed (no answer, SERVFAIL, REFUSED): one sentence, else NULL */
	char *error_loc; /* the same in the user's language (NULL when error is, or no translation is active) */
};

struct dns_resolver;

/* A resolver configured from the environment (the hooks above) or the system. NULL with *err (allocated) when a
 * hook is malformed or the trust anchor file cannot be read. A missing root key file is not an error: every
 * answer is then insecure, and dns_resolver_anchor says so. */
struct dns_resolver *dns_resolver_new(char **err);
/* The same servers without validation (libunbound's iterator only): for naming what a bogus answer held, in a
 * report, never for acting on it. Through a validating recursive server (the system's) a bogus answer stays a
 * SERVFAIL; the test server (SMTPCON_DNS_SERVER) gives the records. */
struct dns_resolver *dns_resolver_new_unvalidated(char **err);
void dns_resolver_free(struct dns_resolver *r);
/* Where validation starts, in words ("the DNSSEC root key (/usr/share/dns/root.key)", "the test trust anchor
 * FILE", or "no trust anchor (...): nothing can validate"). Owned by r. */
const char *dns_resolver_anchor(const struct dns_resolver *r);
/* The same in the user's language (the English when no translation is active). Owned by r. */
const char *dns_resolver_anchor_loc(const struct dns_resolver *r);

/* Ask name (A-label, with or without the trailing dot) for type. Returns 0 when the DNS answered (records,
 * no record, NXDOMAIN, or a bogus answer whose records are withheld), -1 when it did not (a->error). Either way
 * a is filled; release it with dns_answer_clear. */
int dns_query(struct dns_resolver *r, const char *name, int type, struct dns_answer *a);
void dns_answer_clear(struct dns_answer *a);

/* "secure", "insecure", "bogus". */
const char *dns_security_name(enum dns_security s);

/* Decode an uncompressed wire-format domain name at p (at most n bytes) into text without the trailing dot ("" for
 * the root) in out (size outsz). The bytes used, or 0 when the name is malformed or does not fit. Labels holding
 * bytes other than letters, digits, '-' and '_' are refused: these names end up on the terminal and in TLS SNI. */
size_t dns_name_from_wire(const unsigned char *p, size_t n, char *out, size_t outsz);

#endif
