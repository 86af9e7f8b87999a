/* delivery: from what DNS said about an MX host and what its TLS handshake showed, the DANE report and the verdict
 * a sending MTA would reach (see delivery.h). Pure apart from the matcher's GnuTLS calls. */
#include "core/delivery.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/dtext-split.h"
#include "lib/i18n.h"
#include "lib/xmalloc.h"

/* ---- the target, from /mx ---- */

/* t->dns_why in English and, when translating, in the user's language: fmt is an N_() msgid; its arguments
 * are names, numbers and DNS words (the resolver's own), the same in both. */
static void why(struct mta_target *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void why(struct mta_target *t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (vasprintf(&t->dns_why, fmt, ap) < 0)
		t->dns_why = NULL;
	va_end(ap);
	if (i18n_translating()) {
		va_start(ap, fmt);
		if (vasprintf(&t->dns_why_loc, _(fmt), ap) < 0)
			t->dns_why_loc = NULL;
		va_end(ap);
	}
}

static void target_dns(struct mta_target *t, const struct mx_result *r, const struct mx_host *h)
{
	if (r->sec == DNS_BOGUS) {
		t->dns = DANE_BOGUS;
		why(t, N_("the MX answer is bogus (%s)"), r->why ? r->why : "validation failed");
		return;
	}
	if (h->addr_sec == DNS_BOGUS) {
		t->dns = DANE_BOGUS;
		why(t, N_("the address answer of %s is bogus (%s)"), h->name,
		    h->addr_why ? h->addr_why : "validation failed");
		return;
	}
	if (!h->tlsa_asked) {
		t->dns = DANE_INSECURE;
		/* tlsa_skipped: an N_() msgid of mx.c. */
		const char *f = N_("TLSA records were not asked: %s, so DANE does not apply (RFC 7672 §2.2)");
		const char *skip = h->tlsa_skipped ? h->tlsa_skipped : N_("the answers on the way were not signed");
		t->dns_why = xasprintf(f, skip);
		if (i18n_translating())
			t->dns_why_loc = xasprintf(_(f), _(skip));
		return;
	}
	const struct dns_answer *a = &h->tlsa;
	const char *base = h->tlsa_base ? h->tlsa_base : h->name;
	if (a->sec == DNS_BOGUS) {
		t->dns = DANE_BOGUS;
		why(t, N_("the TLSA answer for _%d._tcp.%s is bogus (%s)"), t->port, base,
		    a->why ? a->why : "validation failed");
	} else if (a->error) {
		t->dns = DANE_BOGUS;
		why(t,
		    N_("the TLSA look-up for _%d._tcp.%s failed (%s): a DANE sender cannot tell whether records exist, "
		       "and defers (RFC 7672 §2.2)"),
		    t->port, base, a->error);
	} else if (a->sec == DNS_INSECURE) {
		t->dns = DANE_INSECURE;
		why(t, N_("the TLSA answer for _%d._tcp.%s is not DNSSEC-signed, so DANE does not apply"), t->port,
		    h->name);
	} else if (a->n == 0) {
		t->dns = DANE_NO_RECORDS;
		why(t, N_("the signed zone proves there are no TLSA records at _%d._tcp.%s: DANE does not apply"),
		    t->port, base);
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
	t->base = xstrdup(h->tlsa_base ? h->tlsa_base : h->name);
	t->port = port;
	t->strict = strict;
	t->mx_secure = r->direct || r->sec == DNS_SECURE;
	target_dns(t, r, h);
	return t;
}

void mta_target_free(struct mta_target *t)
{
	if (t == NULL)
		return;
	free(t->domain);
	free(t->host);
	free(t->base);
	free(t->dns_why);
	free(t->dns_why_loc);
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
	[DELIVERY_DANE] = {"dane", N_("DANE-authenticated")},
	[DELIVERY_MTA_STS] = {"mta-sts", N_("MTA-STS-enforced")},
	[DELIVERY_OPPORTUNISTIC] = {"opportunistic", N_("opportunistic")},
	[DELIVERY_DEFER] = {"defer", N_("would defer")},
	[DELIVERY_PLAINTEXT] = {"plaintext", N_("plaintext only")},
};

const char *delivery_kind_name(enum delivery_kind k)
{
	return (unsigned)k < DELIVERY_NKINDS ? kinds[k][0] : "?";
}

const char *delivery_kind_text(enum delivery_kind k)
{
	return (unsigned)k < DELIVERY_NKINDS ? kinds[k][1] : "?";
}

/* view->reason in English and, when translating, in the user's language: fmt is an N_() msgid with at most one
 * %s, given as arg (English) and arg_loc (translated). */
static void reason(struct delivery_view *v, const char *fmt, const char *arg, const char *arg_loc)
{
	/* fmt varies by caller (one %s or none): a caller without %s passes an argument snprintf ignores. */
	/* cppcheck-suppress wrongPrintfScanfArgNum */
	snprintf(v->reason, sizeof v->reason, fmt, arg);
	if (i18n_translating())
		snprintf(v->reason_loc, sizeof v->reason_loc, _(fmt), arg_loc);
}

/* The detail of a report in the user's language, or its English when there is none. */
static const char *detail_loc(const struct dane_report *rep)
{
	return rep->detail_loc[0] ? rep->detail_loc : rep->detail;
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
		if (i18n_translating())
			snprintf(rep->detail_loc, sizeof rep->detail_loc, "%s",
				 t->dns_why_loc ? t->dns_why_loc
				 : t->dns_why   ? t->dns_why
						: "");
		return;
	}
	rep->records = xcalloc(t->nrecords ? t->nrecords : 1, sizeof *rep->records);
	rep->nrecords = t->nrecords;
	for (size_t i = 0; i < t->nrecords; i++)
		dane_tlsa_text(&t->records[i], rep->records[i], sizeof rep->records[i]);
	struct dane_input in = {t->records, t->nrecords, ti ? ti->chain : NULL, ti ? ti->nchain : 0, t->host,
				t->domain,  now, t->base};
	struct dane_match m;
	dane_match(&in, &m);
	rep->verdict = m.verdict;
	rep->matched = m.record;
	rep->depth = m.depth;
	/* One sentence per case, so that a translation words each whole. */
	const char *f;
	if (ti == NULL && m.verdict != DANE_UNUSABLE)
		f = t->nmalformed
			    ? N_("TLSA records are published, but no TLS session was made: a DANE sender requires "
				 "TLS and defers (RFC 7672 §2.2) (and malformed TLSA records were ignored)")
			    : N_("TLSA records are published, but no TLS session was made: a DANE sender requires "
				 "TLS and defers (RFC 7672 §2.2)");
	else
		f = t->nmalformed ? N_("%s (and malformed TLSA records were ignored)") : "%s";
	snprintf(rep->detail, sizeof rep->detail, f, m.detail);
	if (i18n_translating())
		snprintf(rep->detail_loc, sizeof rep->detail_loc, _(f), m.detail_loc[0] ? m.detail_loc : m.detail);
}

/* Where DANE does not apply, an MTA-STS policy may (RFC 8461 §5): enforce makes a sender deliver only to a
 * listed MX with a certificate valid for its name under web PKI; testing only reports. */
static void judge_mtasts(const struct mta_target *t, const struct tls_info *ti, enum delivery_no_tls notls,
			 struct delivery_view *view)
{
	enum mtasts_mode mode = mtasts_effective_mode(t->sts);
	view->mta_sts = mtasts_mode_name(mode);
	if (mode == MTASTS_MODE_NONE)
		return;
	struct mtasts_host_view hv;
	/* No STARTTLS offered, refused or failed: TLS was wanted and did not happen (enforce defers). */
	mtasts_host_check(t->sts, t->host, ti, ti == NULL && notls != DELIVERY_TLS_UNTRIED, &hv);
	const char *hv_loc = hv.reason_loc[0] ? hv.reason_loc : hv.reason;
	if (hv.would_defer && hv.verdict == MTASTS_V_NO_TLS &&
	    (notls == DELIVERY_TLS_FAILED || notls == DELIVERY_TLS_NO_FALLBACK)) {
		/* "TLS did not happen" is true of a missing STARTTLS too: here the handshake itself failed, before
		 * any certificate was presented, and enforce allows no plaintext fallback. */
		view->kind = DELIVERY_DEFER;
		reason(view,
		       N_("MTA-STS (mode enforce): the policy lists %s, but the TLS handshake failed, so no "
			  "certificate could be checked; a sender does not fall back to plaintext: it defers or "
			  "tries another MX (RFC 8461 §5)"),
		       t->host, t->host);
	} else if (hv.would_defer) {
		view->kind = DELIVERY_DEFER;
		reason(view, N_("MTA-STS (mode enforce): %s"), hv.reason, hv_loc);
	} else if (mode == MTASTS_MODE_ENFORCE && hv.verdict == MTASTS_V_OK) {
		view->kind = DELIVERY_MTA_STS;
		reason(view, N_("MTA-STS (mode enforce): %s; a sender delivers only to such a host, authenticated"),
		       hv.reason, hv_loc);
	} else {
		/* Appended to the DANE reason: the mode name is the policy's own word. */
		size_t n = strlen(view->reason);
		snprintf(view->reason + n, sizeof view->reason - n, "; MTA-STS (mode %s): %s", mtasts_mode_name(mode),
			 hv.reason);
		if (i18n_translating()) {
			n = strlen(view->reason_loc);
			snprintf(view->reason_loc + n, sizeof view->reason_loc - n, _("; MTA-STS (mode %s): %s"),
				 mtasts_mode_name(mode), hv_loc);
		}
	}
}

void delivery_judge(const struct mta_target *t, const struct tls_info *ti, enum delivery_no_tls notls, int64_t now,
		    struct dane_report *rep, struct delivery_view *view)
{
	memset(rep, 0, sizeof *rep);
	memset(view, 0, sizeof *view);
	rep->host = t->host;
	rep->base = t->base ? t->base : t->host;
	rep->port = t->port;
	rep->matched = rep->depth = -1;
	rep->mx_secure = t->mx_secure;
	judge_dane(t, ti, now, rep);
	rep->trusted = rep->verdict == DANE_VERIFIED && !t->mx_secure;
	if (ti && rep->verdict != DANE_VERIFIED)
		dane_publish(ti->chain, ti->nchain, rep->publish311, rep->publish211);

	view->domain = t->domain;
	view->host = t->host;
	view->pkix_verified = ti && ti->verified;
	view->dane = dane_verdict_name(rep->verdict);
	view->mx_secure = t->mx_secure;
	switch (rep->verdict) {
	case DANE_VERIFIED:
		view->kind = DELIVERY_DANE;
		if (rep->trusted)
			reason(view,
			       N_("the certificate matches the DANE TLSA records of the MX host, but the domain's MX "
				  "records are not DNSSEC-signed: a DANE-validating sender delivers, encrypted and "
				  "authenticated to this host, yet the host name itself came from an unsigned answer "
				  "(\"Trusted\" in Postfix's words, not \"Verified\": a forged MX answer could only "
				  "send the mail to another host with valid TLSA records, RFC 7672 §2.2.1)"),
			       "", "");
		else if (view->pkix_verified)
			reason(view,
			       N_("the certificate matches the domain's DANE TLSA records: a DANE-validating sender "
				  "delivers, authenticated"),
			       "", "");
		else
			reason(view,
			       N_("the certificate matches the domain's DANE TLSA records: a DANE-validating sender "
				  "delivers, authenticated (web-PKI verification does not matter under DANE)"),
			       "", "");
		break;
	case DANE_BOGUS:
		view->kind = DELIVERY_DEFER;
		reason(view, N_("DNSSEC validation failed: %s; a validating sender keeps the mail queued"), rep->detail,
		       detail_loc(rep));
		break;
	case DANE_MISMATCH:
		view->kind = DELIVERY_DEFER;
		reason(view, N_("DANE: %s; a DANE-validating sender keeps the mail queued (RFC 7672 §2.2)"),
		       rep->detail, detail_loc(rep));
		break;
	case DANE_UNUSABLE:
		if (ti == NULL) {
			view->kind = DELIVERY_DEFER;
			reason(view,
			       N_("TLSA records exist (none usable for SMTP), so a DANE sender requires TLS without "
				  "checking "
				  "the certificate (Postfix's \"encrypt\" level), and this server gave no TLS session"),
			       "", "");
			break;
		}
		view->kind = DELIVERY_OPPORTUNISTIC;
		reason(view,
		       N_("TLSA records exist but none is usable for SMTP: a DANE sender insists on TLS but accepts "
			  "any "
			  "certificate"),
		       "", "");
		break;
	case DANE_INSECURE:
	case DANE_NO_RECORDS:
	case DANE_NVERDICTS:
		if (ti == NULL && notls == DELIVERY_TLS_NO_FALLBACK) {
			view->kind = DELIVERY_DEFER;
			reason(view,
			       N_("the TLS handshake failed on a port where TLS starts on connect: there is no "
				  "plaintext session to fall back to, so a sender keeps the mail queued and retries"),
			       "", "");
		} else if (ti == NULL) {
			view->kind = DELIVERY_PLAINTEXT;
			/* One whole sentence per cause, so that a translation words each. */
			if (notls == DELIVERY_TLS_FAILED)
				reason(view,
				       N_("the TLS handshake failed: without DANE or MTA-STS a sender delivers in "
					  "plaintext "
					  "(anyone on the path can read the mail)"),
				       "", "");
			else if (notls == DELIVERY_TLS_REFUSED)
				reason(view,
				       N_("the server refused STARTTLS: without DANE or MTA-STS a sender delivers in "
					  "plaintext (anyone on the path can read the mail)"),
				       "", "");
			else
				reason(view,
				       N_("the server offers no STARTTLS: without DANE or MTA-STS a sender delivers in "
					  "plaintext (anyone on the path can read the mail)"),
				       "", "");
		} else if (view->pkix_verified) {
			view->kind = DELIVERY_OPPORTUNISTIC;
			reason(view,
			       N_("no DANE (%s) and no MTA-STS: a sender encrypts but accepts any certificate; this "
				  "one also "
				  "verifies under web-PKI rules"),
			       dane_verdict_name(rep->verdict), dane_verdict_label(rep->verdict));
		} else {
			view->kind = DELIVERY_OPPORTUNISTIC;
			/* pkix_reason: cert-reasons' English text (an N_() msgid where it is a constant). */
			reason(view,
			       N_("the certificate does not verify under web-PKI rules (%s): that is a fact about the "
				  "certificate, but without DANE or MTA-STS senders accept any certificate and still "
				  "deliver, encrypted but not authenticated (opportunistic TLS, RFC 7435)"),
			       pkix_reason(ti), _(pkix_reason(ti)));
		}
		break;
	}
	if (t->sts && (rep->verdict == DANE_INSECURE || rep->verdict == DANE_NO_RECORDS))
		judge_mtasts(t, ti, notls, view);
	view->delivers = view->kind != DELIVERY_DEFER;
}

/* ---- renderings ---- */

void dane_report_format(const struct dane_report *rep, struct dtext *out)
{
	/* The verdict name is an id (JSON "verdict"); records and host names are data. */
	if (rep->trusted) {
		/* Postfix's "Trusted": the match holds, the way to the host was not signed (RFC 7672 §2.2.1). */
		const char *f = N_("DANE for %s port %d: verified, but only trusted: the MX answer that named this "
				   "host is not DNSSEC-signed\n  %s\n");
		dtext_en_printf(out, f, rep->host, rep->port, rep->detail);
		dtext_loc_printf(out, f, rep->host, rep->port, detail_loc(rep));
	} else {
		dtext_en_printf(out, "DANE for %s port %d: %s\n  %s\n", rep->host, rep->port,
				dane_verdict_name(rep->verdict), rep->detail);
		dtext_loc_printf(out, N_("DANE for %s port %d: %s\n  %s\n"), rep->host, rep->port,
				 dane_verdict_label(rep->verdict), detail_loc(rep));
	}
	const char *base = rep->base ? rep->base : rep->host;
	if (strcmp(base, rep->host) != 0)
		dtext_printf(out,
			     "  the TLSA base domain is %s: %s is a CNAME for it, and the expansion is secure (RFC 7672 "
			     "§2.2.2); the SNI sent and the names checked include it\n",
			     base, rep->host);
	for (size_t i = 0; i < rep->nrecords; i++) {
		if ((int)i == rep->matched)
			dtext_printf(out, "  TLSA %s   <- matched\n", rep->records[i]);
		else {
			dtext_raw(out, "  TLSA ");
			dtext_raw(out, rep->records[i]);
			dtext_raw(out, "\n");
		}
	}
	if (rep->verdict != DANE_VERIFIED && rep->publish311[0]) {
		dtext_puts(out, N_("  to publish for the certificate served now (in a DNSSEC-signed zone):\n"));
		char line[512];
		snprintf(line, sizeof line, "    _%d._tcp.%s. IN TLSA %s\n", rep->port, base, rep->publish311);
		dtext_raw(out, line); /* a zone file line: the same in every language */
		if (rep->publish211[0])
			dtext_printf(
				out,
				"    _%d._tcp.%s. IN TLSA %s   (its issuer: survives a renewal with the same CA)\n",
				rep->port, base, rep->publish211);
	}
}

void delivery_view_format(const struct delivery_view *v, struct dtext *out)
{
	dtext_en_printf(out, "A sending MTA's view of %s (MX %s): %s\n  %s\n", v->domain, v->host,
			delivery_kind_text(v->kind), v->reason);
	dtext_loc_printf(out, N_("A sending MTA's view of %s (MX %s): %s\n  %s\n"), v->domain, v->host,
			 _(delivery_kind_text(v->kind)), v->reason_loc[0] ? v->reason_loc : v->reason);
}
