/* mtasts-verdict: the MTA-STS result of a domain and what it makes of each MX host (RFC 8461 §4, §5). Pure. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/mtasts.h"
#include "lib/dtext.h"
#include "lib/i18n.h"
#include "lib/xmalloc.h"

struct mtasts_result *mtasts_result_new(const char *domain)
{
	struct mtasts_result *r = xcalloc(1, sizeof *r);
	r->domain = xstrdup(domain);
	return r;
}

void mtasts_take_text(struct dtext *d, char **en, char **loc)
{
	free(*en);
	free(*loc);
	*en = xstrdup(dtext_en(d));
	*loc = xstrdup(dtext_loc(d));
	dtext_free(d);
}

struct mtasts_result *mtasts_result_ref(struct mtasts_result *r)
{
	if (r)
		r->refs++;
	return r;
}

void mtasts_result_free(struct mtasts_result *r)
{
	if (!r)
		return;
	if (r->refs) {
		r->refs--;
		return;
	}
	free(r->domain);
	free(r->reason);
	free(r->reason_loc);
	free(r->txt);
	free(r->url);
	free(r->body);
	mtasts_policy_free(r->policy);
	tlsrpt_record_clear(&r->tlsrpt);
	free(r->tlsrpt_txt);
	free(r->tlsrpt_error);
	free(r->tlsrpt_error_loc);
	free(r);
}

enum mtasts_mode mtasts_effective_mode(const struct mtasts_result *r)
{
	return r && r->status == MTASTS_ST_POLICY && r->policy ? r->policy->mode : MTASTS_MODE_NONE;
}

static const char *const status_names[] = {
	[MTASTS_ST_NO_RECORD] = "no-record",           [MTASTS_ST_DNS_FAIL] = "dns-fail",
	[MTASTS_ST_TXT_INVALID] = "txt-invalid",       [MTASTS_ST_FETCH_FAILED] = "fetch-failed",
	[MTASTS_ST_POLICY_INVALID] = "policy-invalid", [MTASTS_ST_POLICY] = "valid",
};

const char *mtasts_status_name(enum mtasts_status s)
{
	return (size_t)s < sizeof status_names / sizeof *status_names ? status_names[s] : "unknown";
}

static const char *const verdict_names[] = {
	[MTASTS_V_NO_POLICY] = "no-policy",
	[MTASTS_V_OK] = "ok",
	[MTASTS_V_UNCHECKED] = "unchecked",
	[MTASTS_V_MX_UNLISTED] = "mx-unlisted",
	[MTASTS_V_CERT_INVALID] = "certificate-invalid",
	[MTASTS_V_NO_TLS] = "no-tls",
};

const char *mtasts_verdict_name(enum mtasts_verdict v)
{
	return (size_t)v < sizeof verdict_names / sizeof *verdict_names ? verdict_names[v] : "unknown";
}

/* Host names equal, case-insensitively, with or without a trailing dot. */
static bool same_name(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	na -= na && a[na - 1] == '.';
	nb -= nb && b[nb - 1] == '.';
	return na == nb && strncasecmp(a, b, na) == 0;
}

/* The consequence of a failure in the policy's mode. */
static const char *consequence(enum mtasts_mode m)
{
	return m == MTASTS_MODE_ENFORCE
		       ? N_("a sender would not deliver to this MX (it defers or tries another)")
		       : N_("testing mode: a sender delivers anyway and reports the failure (TLS-RPT)");
}

/* The reason in English, and in the user's language when translating: fmt is an N_() msgid, its arguments
 * names and ids except a last %s that is a message (cons, translated here; NULL when fmt has none). */
static void say(struct mtasts_host_view *out, const char *fmt, const char *a, const char *b, const char *cons)
{
	/* fmt varies by caller (up to three %s): arguments a format does not use are ignored by snprintf. */
	/* cppcheck-suppress wrongPrintfScanfArgNum */
	snprintf(out->reason, sizeof out->reason, fmt, a, b, cons);
	if (i18n_translating())
		snprintf(out->reason_loc, sizeof out->reason_loc, _(fmt), a, b, cons ? _(cons) : NULL);
}

void mtasts_host_check(const struct mtasts_result *r, const char *mx, const struct tls_info *tls, bool tls_failed,
		       struct mtasts_host_view *out)
{
	enum mtasts_mode mode = mtasts_effective_mode(r);

	memset(out, 0, sizeof *out);
	if (!r || r->status != MTASTS_ST_POLICY) {
		out->verdict = MTASTS_V_NO_POLICY;
		if (r)
			say(out,
			    N_("no MTA-STS policy applies (%s): a sender without a cached policy delivers as usual"),
			    mtasts_status_name(r->status), NULL, NULL);
		else
			say(out,
			    N_("no MTA-STS policy applies (not looked up): a sender without a cached policy delivers "
			       "as usual"),
			    NULL, NULL, NULL);
		return;
	}
	out->pattern = mtasts_policy_match(r->policy, mx);
	out->mx_match = out->pattern != NULL;
	if (mode == MTASTS_MODE_NONE) {
		out->verdict = MTASTS_V_NO_POLICY;
		say(out, N_("the policy's mode is none: the domain withdrew MTA-STS, senders deliver as usual"), NULL,
		    NULL, NULL);
		return;
	}
	if (!out->mx_match) {
		out->verdict = MTASTS_V_MX_UNLISTED;
		const char *f = N_("%s matches no mx line of the policy; %s");
		snprintf(out->reason, sizeof out->reason, f, mx, consequence(mode));
		if (i18n_translating())
			snprintf(out->reason_loc, sizeof out->reason_loc, _(f), mx, _(consequence(mode)));
	} else if (tls && tls->verified && tls->checked_name && same_name(tls->checked_name, mx)) {
		out->verdict = MTASTS_V_OK;
		say(out, N_("%s matches mx %s and its certificate is valid for that name (web PKI, %s)"), mx,
		    out->pattern, tls->trust_store ? tls->trust_store : "trust store");
		return;
	} else if (tls && tls->checked_name && !same_name(tls->checked_name, mx)) {
		out->verdict = MTASTS_V_UNCHECKED;
		say(out,
		    N_("%s matches mx %s; its certificate was checked against %s, not the MX name, so the check "
		       "MTA-STS asks for was not made"),
		    mx, out->pattern, tls->checked_name);
		return;
	} else if (tls) {
		out->verdict = MTASTS_V_CERT_INVALID;
		const char *f = N_("%s matches mx %s but its certificate does not verify for that name (%s); %s");
		const char *id = tls->nreasons && tls->reasons[0].id ? tls->reasons[0].id : "not verified";
		snprintf(out->reason, sizeof out->reason, f, mx, out->pattern, id, consequence(mode));
		if (i18n_translating())
			snprintf(out->reason_loc, sizeof out->reason_loc, _(f), mx, out->pattern, id,
				 _(consequence(mode)));
	} else if (tls_failed) {
		out->verdict = MTASTS_V_NO_TLS;
		say(out, N_("%s matches mx %s but TLS did not happen; %s"), mx, out->pattern, consequence(mode));
	} else {
		out->verdict = MTASTS_V_UNCHECKED;
		say(out, N_("%s matches mx %s; its certificate is checked when smtpcon connects with STARTTLS"), mx,
		    out->pattern, NULL);
		return;
	}
	out->would_defer = mode == MTASTS_MODE_ENFORCE;
}
