/* cert-reasons: a GnuTLS verification status turned into reasons a person can act on: one table row per status
 * flag (stable id, text, hint), with details from the chain (how long ago a certificate expired, which names it
 * holds when the host name did not match). */
#include "core/cert.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gnutls/gnutls.h>

#include "core/cert-int.h"
#include "lib/xmalloc.h"

void cert_add_reason(struct tls_info *ti, const char *id, char *text, char *hint)
{
	ti->reasons = xreallocarray(ti->reasons, ti->nreasons + 1, sizeof *ti->reasons);
	ti->reasons[ti->nreasons++] = (struct verify_reason){id, text, hint};
}

static void utc(char *out, size_t n, int64_t when)
{
	time_t tt = (time_t)when;
	struct tm tm;
	if (when < 0 || gmtime_r(&tt, &tm) == NULL || strftime(out, n, "%Y-%m-%d %H:%M:%S UTC", &tm) == 0)
		snprintf(out, n, "(unknown date)");
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

static char *which(size_t i, const struct cert_info *c)
{
	return i == 0 ? xstrdup("The server's certificate")
	              : xasprintf("Certificate %zu of the chain (%s)", i + 1, c->subject ? c->subject : "");
}

static char *detail_expired(const struct tls_info *ti, int64_t now)
{
	size_t i;
	const struct cert_info *c = find_dated(ti, now, true, &i);
	if (c == NULL)
		return xstrdup("A certificate in the chain has expired.");
	char date[64], *w = which(i, c), *s;
	utc(date, sizeof date, c->not_after);
	int64_t days = (now - c->not_after) / 86400;
	if (days == 0)
		s = xasprintf("%s expired today (%s).", w, date);
	else
		s = xasprintf("%s expired %lld day%s ago (%s).", w, (long long)days, days == 1 ? "" : "s", date);
	free(w);
	return s;
}

static char *detail_not_activated(const struct tls_info *ti, int64_t now)
{
	size_t i;
	const struct cert_info *c = find_dated(ti, now, false, &i);
	if (c == NULL)
		return xstrdup("A certificate in the chain is not valid yet.");
	char date[64], *w = which(i, c), *s;
	utc(date, sizeof date, c->not_before);
	s = xasprintf("%s is not valid before %s.", w, date);
	free(w);
	return s;
}

/* The names the leaf holds, for "hostname-mismatch": its DNS and IP SANs, else its subject (a CN). */
static char *detail_owner(const struct tls_info *ti, int64_t now)
{
	enum { MAX_SHOWN = 20 };
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
	char *s;
	if (total > MAX_SHOWN)
		s = xasprintf("The certificate is not valid for %s: it holds %s and %zu more.", name, names,
		              total - MAX_SHOWN);
	else if (total)
		s = xasprintf("The certificate is not valid for %s: it holds %s.", name, names);
	else
		s = xasprintf("The certificate is not valid for %s: it has no DNS or IP names; its subject is \"%s\".",
		              name, c && c->subject ? c->subject : "");
	free(names);
	return s;
}

static const struct status_row {
	unsigned flag;
	const char *id;
	const char *text;
	const char *hint;
	char *(*detail)(const struct tls_info *ti, int64_t now); /* replaces text when set */
} status_rows[] = {
	{GNUTLS_CERT_SIGNER_NOT_FOUND, "signer-not-found",
	 "The certificate was not issued by any authority in the trust store.",
	 "unknown issuer: the server does not send its intermediate certificate, or it uses a private CA; pass "
	 "that CA with --tls-ca-path", NULL},
	{GNUTLS_CERT_SIGNER_NOT_CA, "signer-not-ca",
	 "A certificate in the chain was signed by a certificate that is not a CA.",
	 "the server's chain file holds a wrong certificate where an intermediate belongs", NULL},
	{GNUTLS_CERT_EXPIRED, "expired", NULL,
	 "the server must renew the certificate named; if it looks recent, check this machine's clock", detail_expired},
	{GNUTLS_CERT_NOT_ACTIVATED, "not-activated", NULL,
	 "a clock difference between client and server: check both clocks (or the certificate was issued with a "
	 "start date in the future)", detail_not_activated},
	{GNUTLS_CERT_REVOKED, "revoked", "A certificate in the chain has been revoked by its issuer.",
	 "the server must install a new certificate", NULL},
	{GNUTLS_CERT_INSECURE_ALGORITHM, "insecure-algorithm",
	 "The chain is signed with an algorithm considered insecure (such as SHA-1 or MD5) or with a key that is "
	 "too small.",
	 "the certificate must be reissued with SHA-256 or better", NULL},
	{GNUTLS_CERT_UNEXPECTED_OWNER, "hostname-mismatch", NULL,
	 "connect using a name the certificate holds; otherwise the server presents the wrong certificate (a "
	 "default virtual host, or a shared IP address)", detail_owner},
	{GNUTLS_CERT_PURPOSE_MISMATCH, "purpose-mismatch",
	 "The certificate's extended key usage does not allow TLS server authentication.",
	 "the certificate was issued for another purpose (client or e-mail signing only)", NULL},
	{GNUTLS_CERT_SIGNATURE_FAILURE, "signature-failure", "A signature in the chain does not verify.",
	 "a corrupted or tampered certificate, or an intermediate that is not the real issuer", NULL},
	{GNUTLS_CERT_SIGNER_CONSTRAINTS_FAILURE, "signer-constraints",
	 "An issuer's constraints (name constraints or path length) forbid this certificate.",
	 "the CA is not allowed to issue for this name; the chain is wrong or the CA misconfigured", NULL},
	{GNUTLS_CERT_MISMATCH, "mismatch", "The certificate does not match the one expected (pinned or DANE).",
	 "the server's certificate changed since it was pinned, or someone is in the middle", NULL},
	{GNUTLS_CERT_REVOCATION_DATA_ISSUED_IN_FUTURE, "revocation-data-future",
	 "The revocation data (OCSP or CRL) is dated in the future.",
	 "a clock difference between client and responder: check this machine's clock", NULL},
	{GNUTLS_CERT_REVOCATION_DATA_SUPERSEDED, "revocation-data-old",
	 "The revocation data (OCSP or CRL) is out of date: newer data exists.",
	 "the server staples a stale OCSP response: its OCSP refresh is broken", NULL},
	{GNUTLS_CERT_MISSING_OCSP_STATUS, "ocsp-missing",
	 "The certificate demands a stapled OCSP response (must-staple) and the server sent none.",
	 "the server must enable OCSP stapling", NULL},
	{GNUTLS_CERT_INVALID_OCSP_STATUS, "ocsp-invalid",
	 "The stapled OCSP response is invalid (wrong signer, for another certificate, or malformed).",
	 "the server staples the wrong or a broken OCSP response", NULL},
	{GNUTLS_CERT_UNKNOWN_CRIT_EXTENSIONS, "unknown-critical-extension",
	 "A certificate carries a critical extension this client does not understand.",
	 "a certificate made for another purpose, or by an unusual CA", NULL},
};

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
	for (size_t i = 0; i < sizeof status_rows / sizeof status_rows[0]; i++) {
		const struct status_row *r = &status_rows[i];
		known |= r->flag;
		if (!(status & r->flag))
			continue;
		char *text = r->detail ? r->detail(ti, now) : xstrdup(r->text);
		if (r->flag == GNUTLS_CERT_SIGNER_NOT_FOUND && ti->trust_store) {
			char *t = xasprintf("%s (trust store: %s)", text, ti->trust_store);
			free(text);
			text = t;
		}
		cert_add_reason(ti, r->id, text, xstrdup(r->hint));
		if (r->flag == GNUTLS_CERT_SIGNER_NOT_FOUND && ti->nchain && ti->chain[0].self_signed)
			cert_add_reason(ti, "self-signed", xstrdup("The server's certificate is self-signed: it vouches "
			                                           "for itself."),
			                xstrdup("normal for a test server: trust it by passing the certificate itself "
			                        "with --tls-ca-path"));
	}
	if (status & ~known)
		cert_add_reason(ti, "unknown-status", xasprintf("GnuTLS reported status bits 0x%x this client does not "
		                                                "know.", status & ~known),
		                xstrdup("see the GnuTLS manual for gnutls_certificate_status_t"));
	else if (status == GNUTLS_CERT_INVALID)
		cert_add_reason(ti, "invalid", xstrdup("The certificate chain is not valid."),
		                xstrdup("GnuTLS gave no more detail"));
	if (status == 0 && ti->checked_name == NULL)
		cert_add_reason(ti, "no-name-checked",
		                xstrdup("The chain is valid, but no host name was checked, so any certificate from a "
		                        "trusted authority would have passed."),
		                xstrdup("connect by host name, or give the name the certificate should hold"));
}
