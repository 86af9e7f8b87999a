/* mtasts-dns: the DNS half of MTA-STS and TLS-RPT discovery (RFC 8461 §3.1, RFC 8460 §3): the two TXT records
 * and the addresses of the policy host, through the validating resolver. Blocking: run from a worker thread. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/dnssec.h"
#include "core/mtasts-fetch.h"
#include "lib/xmalloc.h"

/* The TXT texts of name that start with the version tag (is_ours), joined per record. Returns how many (kept:
 * only the first in *first); -1 with *err on a DNS failure. *other counts records that are not ours. */
static int txt_records(struct dns_resolver *res, const char *name, bool (*is_ours)(const char *), char **first,
		       enum dns_security *sec, char **err)
{
	struct dns_answer a;
	int n = 0;

	*first = NULL;
	int rc = dns_query(res, name, DNS_T_TXT, &a);
	*sec = a.sec;
	if (rc < 0 || a.sec == DNS_BOGUS) {
		*err = a.sec == DNS_BOGUS
			       ? xasprintf("the TXT answer for %s is DNSSEC-bogus (%s)", name,
					   a.why ? a.why : "no reason given")
			       : xasprintf("the TXT look-up of %s failed: %s", name, a.error ? a.error : "no answer");
		dns_answer_clear(&a);
		return -1;
	}
	for (size_t i = 0; i < a.n; i++) {
		char *t = mtasts_txt_join(a.data[i], a.len[i]);
		if (t && is_ours(t)) {
			if (n++ == 0) {
				*first = t;
				continue;
			}
		}
		free(t);
	}
	dns_answer_clear(&a);
	return n;
}

static void policy_txt(struct dns_resolver *res, struct mtasts_result *r)
{
	char name[300], *err = NULL;

	snprintf(name, sizeof name, "_mta-sts.%s", r->domain);
	int n = txt_records(res, name, mtasts_txt_is_sts, &r->txt, &r->txt_sec, &err);
	if (n < 0) {
		r->status = MTASTS_ST_DNS_FAIL;
		r->reason = err;
	} else if (n == 0) {
		r->status = MTASTS_ST_NO_RECORD;
		r->reason = xasprintf("%s has no TXT record starting v=STSv1: the domain does not publish MTA-STS",
				      name);
	} else if (n > 1) {
		r->status = MTASTS_ST_TXT_INVALID;
		r->reason = xasprintf("%s has %d TXT records starting v=STSv1: exactly one is allowed, so senders "
				      "ignore them all (RFC 8461 §3.1)",
				      name, n);
	} else if (!mtasts_txt_parse(r->txt, r->id, sizeof r->id, &err)) {
		r->status = MTASTS_ST_TXT_INVALID;
		r->reason = xasprintf("the TXT record of %s is invalid (%s): senders ignore it (RFC 8461 §3.1)", name,
				      err);
		free(err);
	} else {
		r->status = MTASTS_ST_POLICY; /* so far: fetch next */
	}
}

static void tlsrpt_txt(struct dns_resolver *res, struct mtasts_result *r)
{
	char name[300], *err = NULL;
	enum dns_security sec;

	snprintf(name, sizeof name, "_smtp._tls.%s", r->domain);
	int n = txt_records(res, name, tlsrpt_txt_is_tlsrpt, &r->tlsrpt_txt, &sec, &err);
	if (n < 0) {
		r->tlsrpt_error = err;
		return;
	}
	r->tlsrpt_found = n > 0;
	if (n > 1)
		r->tlsrpt_error = xasprintf("%d records start with v=TLSRPTv1: exactly one is allowed (RFC 8460 §3)",
					    n);
	else if (n == 1 && !tlsrpt_parse(r->tlsrpt_txt, &r->tlsrpt, &err))
		r->tlsrpt_error = err;
}

static void policy_host_addrs(struct dns_resolver *res, struct mtasts_result *r, char **addrs, size_t *naddrs)
{
	static const int types[] = {DNS_T_A, DNS_T_AAAA};
	char name[300], *why = NULL;

	snprintf(name, sizeof name, "mta-sts.%s", r->domain);
	for (size_t t = 0; t < 2; t++) {
		struct dns_answer a;
		if (dns_query(res, name, types[t], &a) < 0 || a.sec == DNS_BOGUS) {
			if (!why)
				why = a.sec == DNS_BOGUS ? xasprintf("DNSSEC-bogus: %s", a.why ? a.why : "no reason")
							 : xstrdup(a.error ? a.error : "no answer");
		}
		for (size_t i = 0; a.sec != DNS_BOGUS && i < a.n && *naddrs < MTASTS_MAX_ADDRS; i++) {
			char buf[INET6_ADDRSTRLEN];
			int af = types[t] == DNS_T_A ? AF_INET : AF_INET6;
			if (a.len[i] != (af == AF_INET ? 4u : 16u) || !inet_ntop(af, a.data[i], buf, sizeof buf))
				continue;
			addrs[(*naddrs)++] = xstrdup(buf);
		}
		dns_answer_clear(&a);
	}
	if (*naddrs == 0) {
		r->status = MTASTS_ST_FETCH_FAILED;
		r->reason = xasprintf("the policy host %s has no address (%s): the policy cannot be fetched, so "
				      "senders without a cached policy deliver as if there were none (RFC 8461 §5)",
				      name, why ? why : "no A or AAAA record");
	}
	free(why);
}

void mtasts_dns_sync(struct mtasts_result *r, char **addrs, size_t *naddrs)
{
	char *err = NULL;
	struct dns_resolver *res = dns_resolver_new(&err);

	*naddrs = 0;
	if (!res) {
		r->status = MTASTS_ST_DNS_FAIL;
		r->reason = xasprintf("no DNS resolver: %s", err ? err : "unknown error");
		free(err);
		return;
	}
	policy_txt(res, r);
	tlsrpt_txt(res, r);
	if (r->status == MTASTS_ST_POLICY)
		policy_host_addrs(res, r, addrs, naddrs);
	dns_resolver_free(res);
}
