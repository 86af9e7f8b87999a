/* delivery: from what DNS said about an MX host and what its TLS handshake showed, the DANE report and the verdict
 * a sending MTA would reach (see delivery.h). Pure apart from the matcher's GnuTLS calls. */
#include "core/delivery.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/xmalloc.h"

/* ---- the target, from /mx ---- */

static void target_dns(struct mta_target *t, const struct mx_result *r, const struct mx_host *h)
{
	if (r->sec == DNS_BOGUS) {
		t->dns = DANE_BOGUS;
		t->dns_why = xasprintf("the MX answer is bogus (%s)", r->why ? r->why : "validation failed");
		return;
	}
	if (h->addr_sec == DNS_BOGUS) {
		t->dns = DANE_BOGUS;
		t->dns_why = xasprintf("the address answer of %s is bogus (%s)", h->name,
				       h->addr_why ? h->addr_why : "validation failed");
		return;
	}
	if (!h->tlsa_asked) {
		t->dns = DANE_INSECURE;
		t->dns_why = xasprintf("TLSA records were not asked: %s, so DANE does not apply (RFC 7672 §2.2)",
				       h->tlsa_skipped ? h->tlsa_skipped : "the answers on the way were not signed");
		return;
	}
	const struct dns_answer *a = &h->tlsa;
	if (a->sec == DNS_BOGUS) {
		t->dns = DANE_BOGUS;
		t->dns_why = xasprintf("the TLSA answer for _%d._tcp.%s is bogus (%s)", t->port, h->name,
				       a->why ? a->why : "validation failed");
	} else if (a->error) {
		t->dns = DANE_BOGUS;
		t->dns_why = xasprintf(
			"the TLSA look-up for _%d._tcp.%s failed (%s): a DANE sender cannot tell whether "
			"records exist, and defers (RFC 7672 §2.2)",
			t->port, h->name, a->error);
	} else if (a->sec == DNS_INSECURE) {
		t->dns = DANE_INSECURE;
		t->dns_why = xasprintf("the TLSA answer for _%d._tcp.%s is not DNSSEC-signed, so DANE does not apply",
				       t->port, h->name);
	} else if (a->n == 0) {
		t->dns = DANE_NO_RECORDS;
		t->dns_why = xasprintf("the signed zone proves there are no TLSA records at _%d._tcp.%s: DANE does not "
				       "apply",
				       t->port, h->name);
	} else {
		t->dns = DANE_MISMATCH; /* records: the handshake decides */
		t->records = xcalloc(a->n, sizeof *t->records);
		for (size_t i = 0; i < a->n; i++) {
			if (dane_tlsa_parse(a->data[i], a->len[i], &t->records[t->nrecords]) == 0)
				t->nrecords++;
			else
				t->nmalformed++;
		}
	}
}

struct mta_target *mta_target_from_mx(const struct mx_result *r, const struct mx_host *h, int port, bool strict)
{
	struct mta_target *t = xcalloc(1, sizeof *t);
	t->domain = xstrdup(r->alabel ? r->alabel : r->domain ? r->domain : h->name);
	t->host = xstrdup(h->name);
	t->port = port;
	t->strict = strict;
	target_dns(t, r, h);
	return t;
}

void mta_target_free(struct mta_target *t)
{
	if (t == NULL)
		return;
	free(t->domain);
	free(t->host);
	free(t->dns_why);
	free(t->records);
	mtasts_result_free(t->sts);
	free(t);
}

void mta_target_set_mtasts(struct mta_target *t, struct mtasts_result *sts)
{
	mtasts_result_free(t->sts);
	t->sts = sts;
}

/* ---- judging ---- */

void dane_report_clear(struct dane_report *rep)
{
	free(rep->records);
	memset(rep, 0, sizeof *rep);
}

static const char *const kinds[DELIVERY_NKINDS][2] = {
	[DELIVERY_DANE] = {"dane", "DANE-authenticated"},
	[DELIVERY_MTA_STS] = {"mta-sts", "MTA-STS-enforced"},
	[DELIVERY_OPPORTUNISTIC] = {"opportunistic", "opportunistic"},
	[DELIVERY_DEFER] = {"defer", "would defer"},
	[DELIVERY_PLAINTEXT] = {"plaintext", "plaintext only"},
};

const char *delivery_kind_name(enum delivery_kind k)
{
	return (unsigned)k < DELIVERY_NKINDS ? kinds[k][0] : "?";
}

const char *delivery_kind_text(enum delivery_kind k)
{
	return (unsigned)k < DELIVERY_NKINDS ? kinds[k][1] : "?";
}

/* The first web-PKI reason, for the opportunistic explanation. */
static const char *pkix_reason(const struct tls_info *ti)
{
	if (ti->nreasons && ti->reasons[0].text)
		return ti->reasons[0].text;
	return ti->nreasons && ti->reasons[0].id ? ti->reasons[0].id : "verification failed";
}

static void judge_dane(const struct mta_target *t, const struct tls_info *ti, int64_t now, struct dane_report *rep)
{
	rep->verdict = t->dns;
	if (t->dns != DANE_MISMATCH) {
		snprintf(rep->detail, sizeof rep->detail, "%s", t->dns_why ? t->dns_why : "");
		return;
	}
	rep->records = xcalloc(t->nrecords ? t->nrecords : 1, sizeof *rep->records);
	rep->nrecords = t->nrecords;
	for (size_t i = 0; i < t->nrecords; i++)
		dane_tlsa_text(&t->records[i], rep->records[i], sizeof rep->records[i]);
	struct dane_input in = {t->records, t->nrecords, ti ? ti->chain : NULL, ti ? ti->nchain : 0, t->host,
				t->domain,  now};
	struct dane_match m;
	dane_match(&in, &m);
	rep->verdict = m.verdict;
	rep->matched = m.record;
	rep->depth = m.depth;
	const char *malformed = t->nmalformed ? " (and malformed TLSA records were ignored)" : "";
	if (ti == NULL && m.verdict != DANE_UNUSABLE)
		snprintf(rep->detail, sizeof rep->detail,
			 "TLSA records are published, but no TLS session was made: a DANE sender requires TLS and "
			 "defers (RFC 7672 §2.2)%s",
			 malformed);
	else
		snprintf(rep->detail, sizeof rep->detail, "%s%s", m.detail, malformed);
}

/* Where DANE does not apply, an MTA-STS policy may (RFC 8461 §5): enforce makes a sender deliver only to a
 * listed MX with a certificate valid for its name under web PKI; testing only reports. */
static void judge_mtasts(const struct mta_target *t, const struct tls_info *ti, bool tls_failed,
			 struct delivery_view *view)
{
	enum mtasts_mode mode = mtasts_effective_mode(t->sts);
	view->mta_sts = mtasts_mode_name(mode);
	if (mode == MTASTS_MODE_NONE)
		return;
	struct mtasts_host_view hv;
	mtasts_host_check(t->sts, t->host, ti, tls_failed, &hv);
	if (hv.would_defer) {
		view->kind = DELIVERY_DEFER;
		snprintf(view->reason, sizeof view->reason, "MTA-STS (mode enforce): %s", hv.reason);
	} else if (mode == MTASTS_MODE_ENFORCE && hv.verdict == MTASTS_V_OK) {
		view->kind = DELIVERY_MTA_STS;
		snprintf(view->reason, sizeof view->reason,
			 "MTA-STS (mode enforce): %s; a sender delivers only to such a host, authenticated", hv.reason);
	} else {
		size_t n = strlen(view->reason);
		snprintf(view->reason + n, sizeof view->reason - n, "; MTA-STS (mode %s): %s", mtasts_mode_name(mode),
			 hv.reason);
	}
}

void delivery_judge(const struct mta_target *t, const struct tls_info *ti, bool tls_failed, int64_t now,
		    struct dane_report *rep, struct delivery_view *view)
{
	memset(rep, 0, sizeof *rep);
	memset(view, 0, sizeof *view);
	rep->host = t->host;
	rep->port = t->port;
	rep->matched = rep->depth = -1;
	judge_dane(t, ti, now, rep);
	if (ti && rep->verdict != DANE_VERIFIED)
		dane_publish(ti->chain, ti->nchain, rep->publish311, rep->publish211);

	view->domain = t->domain;
	view->host = t->host;
	view->pkix_verified = ti && ti->verified;
	view->dane = dane_verdict_name(rep->verdict);
	switch (rep->verdict) {
	case DANE_VERIFIED:
		view->kind = DELIVERY_DANE;
		snprintf(view->reason, sizeof view->reason,
			 "the certificate matches the domain's DANE TLSA records: a DANE-validating sender delivers, "
			 "authenticated%s",
			 view->pkix_verified ? "" : " (web-PKI verification does not matter under DANE)");
		break;
	case DANE_BOGUS:
		view->kind = DELIVERY_DEFER;
		snprintf(view->reason, sizeof view->reason,
			 "DNSSEC validation failed: %s; a validating sender keeps the mail queued", rep->detail);
		break;
	case DANE_MISMATCH:
		view->kind = DELIVERY_DEFER;
		snprintf(view->reason, sizeof view->reason,
			 "DANE: %s; a DANE-validating sender keeps the mail queued (RFC 7672 §2.2)", rep->detail);
		break;
	case DANE_UNUSABLE:
		if (ti == NULL) {
			view->kind = DELIVERY_DEFER;
			snprintf(view->reason, sizeof view->reason,
				 "TLSA records exist (none usable for SMTP), so a DANE sender requires TLS without "
				 "checking "
				 "the certificate (Postfix's \"encrypt\" level), and this server gave no TLS session");
			break;
		}
		view->kind = DELIVERY_OPPORTUNISTIC;
		snprintf(view->reason, sizeof view->reason,
			 "TLSA records exist but none is usable for SMTP: a DANE sender insists on TLS but accepts any "
			 "certificate");
		break;
	case DANE_INSECURE:
	case DANE_NO_RECORDS:
	case DANE_NVERDICTS:
		if (ti == NULL) {
			view->kind = DELIVERY_PLAINTEXT;
			snprintf(view->reason, sizeof view->reason,
				 "%s: without DANE or MTA-STS a sender delivers in plaintext (anyone on the path can "
				 "read "
				 "the mail)",
				 tls_failed ? "the TLS handshake failed" : "the server offers no STARTTLS");
		} else if (view->pkix_verified) {
			view->kind = DELIVERY_OPPORTUNISTIC;
			snprintf(view->reason, sizeof view->reason,
				 "no DANE (%s) and no MTA-STS: a sender encrypts but accepts any certificate; this one "
				 "also verifies under web-PKI rules",
				 dane_verdict_name(rep->verdict));
		} else {
			view->kind = DELIVERY_OPPORTUNISTIC;
			snprintf(view->reason, sizeof view->reason,
				 "the certificate does not verify under web-PKI rules (%s): that is a fact about the "
				 "certificate, but without DANE or MTA-STS senders accept any certificate and still "
				 "deliver, encrypted but not authenticated (opportunistic TLS, RFC 7435)",
				 pkix_reason(ti));
		}
		break;
	}
	if (t->sts && (rep->verdict == DANE_INSECURE || rep->verdict == DANE_NO_RECORDS))
		judge_mtasts(t, ti, tls_failed, view);
	view->delivers = view->kind != DELIVERY_DEFER;
}

/* ---- renderings ---- */

void dane_report_format(const struct dane_report *rep, struct buf *out)
{
	buf_printf(out, "DANE for %s port %d: %s\n  %s\n", rep->host, rep->port, dane_verdict_name(rep->verdict),
		   rep->detail);
	for (size_t i = 0; i < rep->nrecords; i++)
		buf_printf(out, "  TLSA %s%s\n", rep->records[i], (int)i == rep->matched ? "   <- matched" : "");
	if (rep->verdict != DANE_VERIFIED && rep->publish311[0]) {
		buf_printf(out, "  to publish for the certificate served now (in a DNSSEC-signed zone):\n");
		buf_printf(out, "    _%d._tcp.%s. IN TLSA %s\n", rep->port, rep->host, rep->publish311);
		if (rep->publish211[0])
			buf_printf(out,
				   "    _%d._tcp.%s. IN TLSA %s   (its issuer: survives a renewal with the same CA)\n",
				   rep->port, rep->host, rep->publish211);
	}
}

void delivery_view_format(const struct delivery_view *v, struct buf *out)
{
	buf_printf(out, "A sending MTA's view of %s (MX %s): %s\n  %s\n", v->domain, v->host,
		   delivery_kind_text(v->kind), v->reason);
}
