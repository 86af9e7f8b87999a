/* mtasts-dns: the DNS half of MTA-STS and TLS-RPT discovery (RFC 8461 §3.1, RFC 8460 §3): the two TXT records
 * and the addresses of the policy host, through the validating resolver. Blocking: run from a worker thread. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/dnssec.h"
#include "core/mtasts-fetch.h"
#include "lib/dtext-split.h"
#include "lib/i18n.h"
#include "lib/xmalloc.h"

#define REASON_MAX 2048

/* The TXT texts of name that start with the version tag (is_ours), joined per record. Returns how many (kept:
 * only the first in *first); -1 with the reason appended to err on a DNS failure. */
static int txt_records(struct dns_resolver *res, const char *name, bool (*is_ours)(const char *), char **first,
		       enum dns_security *sec, struct dtext *err)
{
	struct dns_answer a;
	int n = 0;

	*first = NULL;
	int rc = dns_query(res, name, DNS_T_TXT, &a);
	*sec = a.sec;
	if (rc < 0 || a.sec == DNS_BOGUS) {
		/* a.why is the validator's own text (English); a.error has its translation in a.error_loc. */
		if (a.sec == DNS_BOGUS)
			dtext_printf(err, "the TXT answer for %s is DNSSEC-bogus (%s)", name,
				     a.why ? a.why : "no reason given");
		else {
			dtext_en_printf(err, "the TXT look-up of %s failed: %s", name, a.error ? a.error : "no answer");
			dtext_loc_printf(err, N_("the TXT look-up of %s failed: %s"), name,
					 a.error_loc ? a.error_loc
					 : a.error   ? a.error
						     : _("no answer"));
		}
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
	char name[300];
	struct dtext why;

	dtext_init(&why, REASON_MAX);
	snprintf(name, sizeof name, "_mta-sts.%s", r->domain);
	int n = txt_records(res, name, mtasts_txt_is_sts, &r->txt, &r->txt_sec, &why);
	if (n < 0) {
		r->status = MTASTS_ST_DNS_FAIL;
	} else if (n == 0) {
		r->status = MTASTS_ST_NO_RECORD;
		dtext_printf(&why, "%s has no TXT record starting v=STSv1: the domain does not publish MTA-STS", name);
	} else if (n > 1) {
		r->status = MTASTS_ST_TXT_INVALID;
		dtext_printf(
			&why,
			"%s has %d TXT records starting v=STSv1: exactly one is allowed, so senders ignore them all "
			"(RFC 8461 §3.1)",
			name, n);
	} else {
		struct dtext err;
		dtext_init(&err, REASON_MAX);
		if (!mtasts_txt_parse_d(r->txt, r->id, sizeof r->id, &err)) {
			r->status = MTASTS_ST_TXT_INVALID;
			dtext_en_printf(&why, "the TXT record of %s is invalid (%s): senders ignore it (RFC 8461 §3.1)",
					name, dtext_en(&err));
			dtext_loc_printf(&why,
					 N_("the TXT record of %s is invalid (%s): senders ignore it (RFC 8461 §3.1)"),
					 name, dtext_loc(&err));
		} else {
			r->status = MTASTS_ST_POLICY; /* so far: fetch next */
		}
		dtext_free(&err);
	}
	if (r->status != MTASTS_ST_POLICY)
		mtasts_take_text(&why, &r->reason, &r->reason_loc);
	else
		dtext_free(&why);
}

static void tlsrpt_txt(struct dns_resolver *res, struct mtasts_result *r)
{
	char name[300];
	enum dns_security sec;
	struct dtext err;

	dtext_init(&err, REASON_MAX);
	snprintf(name, sizeof name, "_smtp._tls.%s", r->domain);
	int n = txt_records(res, name, tlsrpt_txt_is_tlsrpt, &r->tlsrpt_txt, &sec, &err);
	if (n >= 0) {
		r->tlsrpt_found = n > 0;
		if (n > 1)
			dtext_printf(&err, "%d records start with v=TLSRPTv1: exactly one is allowed (RFC 8460 §3)", n);
		else if (n == 1)
			(void)tlsrpt_parse_d(r->tlsrpt_txt, &r->tlsrpt, &err);
	}
	if (dtext_en(&err)[0])
		mtasts_take_text(&err, &r->tlsrpt_error, &r->tlsrpt_error_loc);
	else
		dtext_free(&err);
}

static void policy_host_addrs(struct dns_resolver *res, struct mtasts_result *r, char **addrs, size_t *naddrs)
{
	static const int types[] = {DNS_T_A, DNS_T_AAAA};
	char name[300];
	struct dtext why;

	dtext_init(&why, REASON_MAX);
	snprintf(name, sizeof name, "mta-sts.%s", r->domain);
	for (size_t t = 0; t < 2; t++) {
		struct dns_answer a;
		if ((dns_query(res, name, types[t], &a) < 0 || a.sec == DNS_BOGUS) && !dtext_en(&why)[0]) {
			if (a.sec == DNS_BOGUS)
				dtext_printf(&why, "DNSSEC-bogus: %s", a.why ? a.why : "no reason");
			else if (a.error) {
				/* The two sides differ (the DNS error has its own translation). */
				buf_append_str(&why.en, a.error);
				if (i18n_translating())
					buf_append_str(&why.loc, a.error_loc ? a.error_loc : a.error);
			}
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
		if (!dtext_en(&why)[0])
			dtext_printf(&why, "no A or AAAA record");
		struct dtext d;
		dtext_init(&d, REASON_MAX);
		r->status = MTASTS_ST_FETCH_FAILED;
		dtext_en_printf(
			&d,
			"the policy host %s has no address (%s): the policy cannot be fetched, so senders without "
			"a cached policy deliver as if there were none (RFC 8461 §5)",
			name, dtext_en(&why));
		dtext_loc_printf(&d,
				 N_("the policy host %s has no address (%s): the policy cannot be fetched, so senders "
				    "without a cached policy deliver as if there were none (RFC 8461 §5)"),
				 name, dtext_loc(&why));
		mtasts_take_text(&d, &r->reason, &r->reason_loc);
	}
	dtext_free(&why);
}

void mtasts_dns_sync(struct mtasts_result *r, char **addrs, size_t *naddrs)
{
	char *err = NULL;
	struct dns_resolver *res = dns_resolver_new(&err);

	*naddrs = 0;
	if (!res) {
		struct dtext d;
		dtext_init(&d, REASON_MAX);
		r->status = MTASTS_ST_DNS_FAIL;
		/* err: the resolver's set-up error (about the test hooks), English. */
		dtext_printf(&d, "no DNS resolver: %s", err ? err : "unknown error");
		mtasts_take_text(&d, &r->reason, &r->reason_loc);
		free(err);
		return;
	}
	policy_txt(res, r);
	tlsrpt_txt(res, r);
	if (r->status == MTASTS_ST_POLICY)
		policy_host_addrs(res, r, addrs, naddrs);
	dns_resolver_free(res);
}
