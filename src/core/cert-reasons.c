/* cert-reasons: a GnuTLS verification status turned into reasons a person can act on: one table row per status
 * flag (stable id, text, hint), with details from the chain (how long ago a certificate expired, which names it
 * holds when the host name did not match). */
#include "core/cert.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gnutls/gnutls.h>

#include "core/cert-int.h"
#include "lib/dtext-split.h"
#include "lib/dtext.h"
#include "lib/i18n.h"
#include "lib/xmalloc.h"

void cert_add_reason(struct tls_info *ti, const char *id, char *text, char *hint)
{
	ti->reasons = xreallocarray(ti->reasons, ti->nreasons + 1, sizeof *ti->reasons);
	ti->reasons[ti->nreasons++] = (struct verify_reason){id, text, hint, NULL, NULL};
}

/* A reason built in two languages: text from a dtext (freed here), hint an English msgid (N_()). */
static void add_reasond(struct tls_info *ti, const char *id, struct dtext *text, const char *hint)
{
	cert_add_reason(ti, id, xstrdup(dtext_en(text)), hint ? xstrdup(hint) : NULL);
	struct verify_reason *r = &ti->reasons[ti->nreasons - 1];
	const char *loc = dtext_loc_or_null(text);
	r->text_loc = loc ? xstrdup(loc) : NULL;
	r->hint_loc = loc && hint ? xstrdup(_(hint)) : NULL;
	dtext_free(text);
}

const char *verify_reason_text(const struct verify_reason *r)
{
	return r->text_loc ? r->text_loc : _(r->text);
}

const char *verify_reason_hint(const struct verify_reason *r)
{
	return r->hint_loc ? r->hint_loc : _(r->hint);
}

/* A count's sentence: English form by English rules, the translation by the language's (ngettext). Both
 * formats come from one P_() call site, so the extractor sees the pair. */
static void __attribute__((format(printf, 3, 4))) dtext_counted(struct dtext *d, const char *en, const char *loc, ...)
{
	struct dtext part;
	char *s = NULL;
	va_list ap;
	dtext_init(&part, 0);
	va_start(ap, loc);
	if (vasprintf(&s, en, ap) >= 0)
		buf_append_str(&part.en, s);
	va_end(ap);
	free(s);
	s = NULL;
	if (i18n_translating()) {
		va_start(ap, loc);
		if (vasprintf(&s, loc, ap) >= 0)
			buf_append_str(&part.loc, s);
		va_end(ap);
		free(s);
	}
	dtext_cat(d, &part);
	dtext_free(&part);
}

/* A certificate's date in both conventions: ISO 8601 UTC on the English side (JSON Lines, the same in every
 * language), the language's own on the translated side (i18n_datetime: "30/11/2026 00:53:20 UTC"). */
struct date2 {
	char en[64];
	char loc[64];
};

static void dates_of(struct date2 *dt, int64_t when)
{
	time_t tt = (time_t)when;
	struct tm tm;
	if (when < 0 || gmtime_r(&tt, &tm) == NULL ||
	    strftime(dt->en, sizeof dt->en, "%Y-%m-%d %H:%M:%S UTC", &tm) == 0)
		snprintf(dt->en, sizeof dt->en, "(unknown date)");
	if (when < 0 || i18n_datetime(dt->loc, sizeof dt->loc, tt) == NULL)
		snprintf(dt->loc, sizeof dt->loc, "%s", _("(unknown date)"));
}

/* Append fmt (already in the user's language: _() or P_() at the call site) to the translated side only. */
static void __attribute__((format(printf, 2, 3))) loc_printf(struct dtext *d, const char *fmt, ...)
{
	if (!i18n_translating())
		return;
	char *s = NULL;
	va_list ap;
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) >= 0)
		buf_append_str(&d->loc, s);
	va_end(ap);
	free(s);
}

/* The first certificate of the chain outside its validity on the side given, or NULL. */
static const struct cert_info *find_dated(const struct tls_info *ti, int64_t now, bool expired, size_t *index)
{
	for (size_t i = 0; i < ti->nchain; i++) {
		const struct cert_info *c = &ti->chain[i];
		if (c->der == NULL || c->not_after < 0)
			continue;
		if (expired ? c->not_after < now : c->not_before > now) {
			*index = i;
			return c;
		}
	}
	return NULL;
}

/* Whole sentences for the leaf ("The server's certificate ...") and for a certificate further up the chain
 * ("Certificate 2 of the chain (CN=...) ..."), so that no translation is glued from pieces. */
static void detail_expired(struct dtext *d, const struct tls_info *ti, int64_t now)
{
	size_t i;
	const struct cert_info *c = find_dated(ti, now, true, &i);
	if (c == NULL) {
		dtext_puts(d, N_("A certificate in the chain has expired."));
		return;
	}
	struct date2 dt;
	const char *subj = c->subject ? c->subject : "";
	dates_of(&dt, c->not_after);
	long long days = (long long)((now - c->not_after) / 86400);
	unsigned long n = (unsigned long)days;
	if (days == 0 && i == 0) {
		dtext_en_printf(d, "The server's certificate expired today (%s).", dt.en);
		/* TRANSLATORS: %s: the date and time (UTC) it expired. */
		loc_printf(d, _("The server's certificate expired today (%s)."), dt.loc);
	} else if (days == 0) {
		dtext_en_printf(d, "Certificate %zu of the chain (%s) expired today (%s).", i + 1, subj, dt.en);
		/* TRANSLATORS: %zu: its place in the chain; first %s: its subject; second %s: the date it expired. */
		loc_printf(d, _("Certificate %zu of the chain (%s) expired today (%s)."), i + 1, subj, dt.loc);
	} else if (i == 0) {
		dtext_en_printf(d,
				days == 1 ? "The server's certificate expired %lld day ago (%s)."
					  : "The server's certificate expired %lld days ago (%s).",
				days, dt.en);
		loc_printf(d,
			   P_("The server's certificate expired %lld day ago (%s).",
			      "The server's certificate expired %lld days ago (%s).", n),
			   days, dt.loc);
	} else {
		dtext_en_printf(d,
				days == 1 ? "Certificate %zu of the chain (%s) expired %lld day ago (%s)."
					  : "Certificate %zu of the chain (%s) expired %lld days ago (%s).",
				i + 1, subj, days, dt.en);
		loc_printf(d,
			   P_("Certificate %zu of the chain (%s) expired %lld day ago (%s).",
			      "Certificate %zu of the chain (%s) expired %lld days ago (%s).", n),
			   i + 1, subj, days, dt.loc);
	}
}

static void detail_not_activated(struct dtext *d, const struct tls_info *ti, int64_t now)
{
	size_t i;
	const struct cert_info *c = find_dated(ti, now, false, &i);
	if (c == NULL) {
		dtext_puts(d, N_("A certificate in the chain is not valid yet."));
		return;
	}
	struct date2 dt;
	const char *subj = c->subject ? c->subject : "";
	dates_of(&dt, c->not_before);
	if (i == 0) {
		dtext_en_printf(d, "The server's certificate is not valid before %s.", dt.en);
		loc_printf(d, _("The server's certificate is not valid before %s."), dt.loc);
	} else {
		dtext_en_printf(d, "Certificate %zu of the chain (%s) is not valid before %s.", i + 1, subj, dt.en);
		loc_printf(d, _("Certificate %zu of the chain (%s) is not valid before %s."), i + 1, subj, dt.loc);
	}
}

/* The names the leaf holds, for "hostname-mismatch": its DNS and IP SANs, else its subject (a CN). */
static void detail_owner(struct dtext *d, const struct tls_info *ti, int64_t now)
{
	enum {
		MAX_SHOWN = 20
	};
	const struct cert_info *c = ti->nchain ? &ti->chain[0] : NULL;
	const char *name = ti->checked_name ? ti->checked_name : "(no name)";
	char *names = xstrdup("");
	size_t shown = 0, total = 0;
	(void)now;
	for (size_t i = 0; c && i < c->nsans; i++) {
		if (strncmp(c->sans[i], "DNS:", 4) != 0 && strncmp(c->sans[i], "IP:", 3) != 0)
			continue;
		total++;
		if (shown++ < MAX_SHOWN)
			cert_list_append(&names, c->sans[i]);
	}
	if (total > MAX_SHOWN) {
		size_t more = total - MAX_SHOWN;
		/* English says "and N more" for any N; the translation picks its plural form. */
		dtext_counted(d, "The certificate is not valid for %s: it holds %s and %zu more.",
			      P_("The certificate is not valid for %s: it holds %s and %zu more.",
				 "The certificate is not valid for %s: it holds %s and %zu more.", more),
			      name, names, more);
	} else if (total) {
		dtext_printf(d, "The certificate is not valid for %s: it holds %s.", name, names);
	} else {
		dtext_printf(d,
			     "The certificate is not valid for %s: it has no DNS or IP names; its subject is \"%s\".",
			     name, c && c->subject ? c->subject : "");
	}
	free(names);
}

static const struct status_row {
	unsigned flag;
	const char *id;
	const char *text;
	const char *hint;
	void (*detail)(struct dtext *d, const struct tls_info *ti, int64_t now); /* replaces text when set */
} status_rows[] = {
	{GNUTLS_CERT_SIGNER_NOT_FOUND, "signer-not-found",
	 N_("The certificate was not issued by any authority in the trust store."),
	 N_("unknown issuer: the server does not send its intermediate certificate, or it uses a private CA; pass "
	    "that CA with --tls-ca-path"),
	 NULL},
	{GNUTLS_CERT_SIGNER_NOT_CA, "signer-not-ca",
	 N_("A certificate in the chain was signed by a certificate that is not a CA."),
	 N_("the server's chain file holds a wrong certificate where an intermediate belongs"), NULL},
	{GNUTLS_CERT_EXPIRED, "expired", NULL,
	 N_("the server must renew the certificate named; if it looks recent, check this machine's clock"),
	 detail_expired},
	{GNUTLS_CERT_NOT_ACTIVATED, "not-activated", NULL,
	 N_("a clock difference between client and server: check both clocks (or the certificate was issued with a "
	    "start date in the future)"),
	 detail_not_activated},
	{GNUTLS_CERT_REVOKED, "revoked", N_("A certificate in the chain has been revoked by its issuer."),
	 N_("the server must install a new certificate"), NULL},
	{GNUTLS_CERT_INSECURE_ALGORITHM, "insecure-algorithm",
	 N_("The chain is signed with an algorithm considered insecure (such as SHA-1 or MD5) or with a key that is "
	    "too small."),
	 N_("the certificate must be reissued with SHA-256 or better"), NULL},
	{GNUTLS_CERT_UNEXPECTED_OWNER, "hostname-mismatch", NULL,
	 N_("connect using a name the certificate holds; otherwise the server presents the wrong certificate (a "
	    "default virtual host, or a shared IP address)"),
	 detail_owner},
	{GNUTLS_CERT_PURPOSE_MISMATCH, "purpose-mismatch",
	 N_("The certificate's extended key usage does not allow TLS server authentication."),
	 N_("the certificate was issued for another purpose (client or e-mail signing only)"), NULL},
	{GNUTLS_CERT_SIGNATURE_FAILURE, "signature-failure", N_("A signature in the chain does not verify."),
	 N_("a corrupted or tampered certificate, or an intermediate that is not the real issuer"), NULL},
	{GNUTLS_CERT_SIGNER_CONSTRAINTS_FAILURE, "signer-constraints",
	 N_("An issuer's constraints (name constraints or path length) forbid this certificate."),
	 N_("the CA is not allowed to issue for this name; the chain is wrong or the CA misconfigured"), NULL},
	{GNUTLS_CERT_MISMATCH, "mismatch", N_("The certificate does not match the one expected (pinned or DANE)."),
	 N_("the server's certificate changed since it was pinned, or someone is in the middle"), NULL},
	{GNUTLS_CERT_REVOCATION_DATA_ISSUED_IN_FUTURE, "revocation-data-future",
	 N_("The revocation data (OCSP or CRL) is dated in the future."),
	 N_("a clock difference between client and responder: check this machine's clock"), NULL},
	{GNUTLS_CERT_REVOCATION_DATA_SUPERSEDED, "revocation-data-old",
	 N_("The revocation data (OCSP or CRL) is out of date: newer data exists."),
	 N_("the server staples a stale OCSP response: its OCSP refresh is broken"), NULL},
	{GNUTLS_CERT_MISSING_OCSP_STATUS, "ocsp-missing",
	 N_("The certificate demands a stapled OCSP response (must-staple) and the server sent none."),
	 N_("the server must enable OCSP stapling"), NULL},
	{GNUTLS_CERT_INVALID_OCSP_STATUS, "ocsp-invalid",
	 N_("The stapled OCSP response is invalid (wrong signer, for another certificate, or malformed)."),
	 N_("the server staples the wrong or a broken OCSP response"), NULL},
	{GNUTLS_CERT_UNKNOWN_CRIT_EXTENSIONS, "unknown-critical-extension",
	 N_("A certificate carries a critical extension this client does not understand."),
	 N_("a certificate made for another purpose, or by an unusual CA"), NULL},
};

/* The errors gnutls_certificate_verify_peers3 returns before it judges the chain at all (GnuTLS's
 * lib/cert-session.c: no certificate, a chain longer than its verify depth of 16, a certificate that does not
 * parse), each as GnuTLS words it (gnutls_strerror), marked so the screen can say it in the user's language. The
 * English side of the reason is always gnutls_strerror's own text (JSON Lines keep what GnuTLS said); an error
 * not listed here stays in GnuTLS's English in every language. */
static const struct verify_error_row {
	int code;
	const char *text; /* gnutls_strerror(code) in GnuTLS 3.7 */
} verify_errors[] = {
	{GNUTLS_E_NO_CERTIFICATE_FOUND, N_("No certificate was found.")},
	{GNUTLS_E_CONSTRAINT_ERROR, N_("Some constraint limits were reached.")},
	{GNUTLS_E_CERTIFICATE_ERROR, N_("Error in the certificate.")},
	{GNUTLS_E_CERTIFICATE_VERIFICATION_ERROR, N_("Error in the certificate verification.")},
	{GNUTLS_E_ASN1_DER_ERROR, N_("ASN1 parser: Error in DER parsing.")},
	{GNUTLS_E_ASN1_TAG_ERROR, N_("ASN1 parser: Error in TAG.")},
	{GNUTLS_E_X509_UNSUPPORTED_CRITICAL_EXTENSION, N_("Unsupported critical extension in X.509 certificate.")},
	{GNUTLS_E_PK_SIG_VERIFY_FAILED, N_("Public key signature verification has failed.")},
	{GNUTLS_E_INSUFFICIENT_CREDENTIALS, N_("Insufficient credentials for that request.")},
	{GNUTLS_E_MEMORY_ERROR, N_("Internal error in memory allocation.")},
};

void cert_verify_error(struct tls_info *ti, int gnutls_error)
{
	const char *gnutls_text = gnutls_strerror(gnutls_error);
	const char *loc = gnutls_text;
	for (size_t i = 0; i < sizeof verify_errors / sizeof verify_errors[0]; i++)
		if (verify_errors[i].code == gnutls_error)
			loc = _(verify_errors[i].text);
	/* GnuTLS's sentences end with a full stop, or do not: the reason ends with exactly one. */
	size_t n = strlen(gnutls_text), m = strlen(loc);
	int en_len = n && gnutls_text[n - 1] == '.' ? (int)n - 1 : (int)n;
	int loc_len = m && loc[m - 1] == '.' ? (int)m - 1 : (int)m;
	struct dtext t;
	dtext_init(&t, 0);
	dtext_en_printf(&t, "The certificate could not be verified: %.*s.", en_len, gnutls_text);
	/* TRANSLATORS: %.*s: why, in GnuTLS's words (translated where smtpcon knows them), without its full stop. */
	dtext_loc_printf(&t, N_("The certificate could not be verified: %.*s."), loc_len, loc);
	bool none = gnutls_error == GNUTLS_E_NO_CERTIFICATE_FOUND;
	add_reasond(ti, none ? "no-certificate" : "verify-error", &t,
		    none ? N_("the peer sent no certificate") : N_("see the certificate pane for the chain"));
}

const char *cert_status_id(unsigned flag)
{
	for (size_t i = 0; i < sizeof status_rows / sizeof status_rows[0]; i++)
		if (status_rows[i].flag == flag)
			return status_rows[i].id;
	return NULL;
}

void cert_verify_reasons(struct tls_info *ti, unsigned status, int64_t now)
{
	unsigned known = GNUTLS_CERT_INVALID;
	struct dtext t;
	for (size_t i = 0; i < sizeof status_rows / sizeof status_rows[0]; i++) {
		const struct status_row *r = &status_rows[i];
		known |= r->flag;
		if (!(status & r->flag))
			continue;
		dtext_init(&t, 0);
		if (r->detail)
			r->detail(&t, ti, now);
		else if (r->flag == GNUTLS_CERT_SIGNER_NOT_FOUND && ti->trust_store &&
			 strcmp(ti->trust_store, "system trust store") == 0)
			/* The store's name is a word of ours here (core/tls.c), not a path: translated whole. */
			dtext_puts(&t, N_("The certificate was not issued by any authority in the trust store. (trust "
					  "store: system trust store)"));
		else if (r->flag == GNUTLS_CERT_SIGNER_NOT_FOUND && ti->trust_store)
			dtext_printf(
				&t,
				"The certificate was not issued by any authority in the trust store. (trust store: "
				"%s)",
				ti->trust_store);
		else
			dtext_puts(&t, r->text);
		add_reasond(ti, r->id, &t, r->hint);
		if (r->flag == GNUTLS_CERT_SIGNER_NOT_FOUND && ti->nchain && ti->chain[0].self_signed) {
			dtext_init(&t, 0);
			dtext_puts(&t, N_("The server's certificate is self-signed: it vouches for itself."));
			add_reasond(ti, "self-signed", &t,
				    N_("normal for a test server: trust it by passing the certificate itself with "
				       "--tls-ca-path"));
		}
	}
	dtext_init(&t, 0);
	if (status & ~known) {
		dtext_printf(&t, "GnuTLS reported status bits 0x%x this client does not know.", status & ~known);
		add_reasond(ti, "unknown-status", &t, N_("see the GnuTLS manual for gnutls_certificate_status_t"));
	} else if (status == GNUTLS_CERT_INVALID) {
		dtext_puts(&t, N_("The certificate chain is not valid."));
		add_reasond(ti, "invalid", &t, N_("GnuTLS gave no more detail"));
	}
	dtext_free(&t);
	if (status == 0 && ti->checked_name == NULL) {
		dtext_init(&t, 0);
		dtext_puts(&t, N_("The chain is valid, but no host name was checked, so any certificate from a trusted "
				  "authority would have passed."));
		add_reasond(ti, "no-name-checked", &t,
			    N_("connect by host name, or give the name the certificate should hold"));
	}
}
