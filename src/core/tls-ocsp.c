/* tls-ocsp: a stapled OCSP response, checked against the chain the server sent and the trust store, so that a
 * response signed by a trusted issuer is reported as verified (GnuTLS alone only says "checked" when it verified
 * the response during the handshake, which it does not do for every configuration). */
#include "core/tls-ocsp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gnutls/ocsp.h>
#include <gnutls/x509.h>

#include "lib/i18n.h"
#include "lib/xmalloc.h"

/* GnuTLS's OCSP verification flags, in words (gnutls/ocsp.h). Every how and why below is an English msgid: the
 * English goes to JSON (ocsp_verify), its translation to the inspector and /cert (ocsp_verify_loc). */
static const struct {
	unsigned flag;
	const char *why;
} verify_words[] = {
	{GNUTLS_OCSP_VERIFY_SIGNER_NOT_FOUND, N_("its signer is not the certificate's issuer nor a trusted CA")},
	{GNUTLS_OCSP_VERIFY_SIGNER_KEYUSAGE_ERROR, N_("its delegated signer lacks the OCSP-signing key purpose")},
	{GNUTLS_OCSP_VERIFY_UNTRUSTED_SIGNER, N_("its signer is not trusted")},
	{GNUTLS_OCSP_VERIFY_INSECURE_ALGORITHM, N_("it is signed with an insecure algorithm")},
	{GNUTLS_OCSP_VERIFY_SIGNATURE_FAILURE, N_("its signature does not verify")},
	{GNUTLS_OCSP_VERIFY_CERT_NOT_ACTIVATED, N_("its signer's certificate is not yet valid")},
	{GNUTLS_OCSP_VERIFY_CERT_EXPIRED, N_("its signer's certificate has expired")},
};

static const char *verify_why(unsigned v)
{
	for (size_t i = 0; i < sizeof verify_words / sizeof *verify_words; i++)
		if (v & verify_words[i].flag)
			return verify_words[i].why;
	return N_("it does not verify");
}

static gnutls_x509_crt_t import(const gnutls_datum_t *d)
{
	gnutls_x509_crt_t c;
	if (gnutls_x509_crt_init(&c) < 0)
		return NULL;
	if (gnutls_x509_crt_import(c, d, GNUTLS_X509_FMT_DER) < 0) {
		gnutls_x509_crt_deinit(c);
		return NULL;
	}
	return c;
}

/* Is r signed by the issuer (peers[1]) or a trusted CA? Sets *how or *why. */
static bool signed_ok(gnutls_ocsp_resp_t r, const gnutls_datum_t *peers, unsigned npeers,
		      gnutls_certificate_credentials_t cred, const char **how, const char **why)
{
	unsigned v = 0;
	*why = NULL;
	if (npeers >= 2) {
		gnutls_x509_crt_t issuer = import(&peers[1]);
		int ret = issuer ? gnutls_ocsp_resp_verify_direct(r, issuer, &v, 0) : -1;
		if (issuer)
			gnutls_x509_crt_deinit(issuer);
		if (ret >= 0 && v == 0) {
			*how = N_("signed by the certificate's issuer (as the server sent it)");
			return true;
		}
		*why = ret >= 0 ? verify_why(v) : N_("the issuer the server sent cannot be read");
	}
	gnutls_x509_trust_list_t tl = NULL;
	if (cred) {
		gnutls_certificate_get_trust_list(cred, &tl);
		v = 0;
		if (tl && gnutls_ocsp_resp_verify(r, tl, &v, 0) >= 0 && v == 0) {
			*how = N_("signed by a CA of the trust store");
			return true;
		}
		if (!*why)
			*why = verify_why(v);
	}
	if (!*why)
		*why = N_("no issuer to check it against");
	return false;
}

void tls_ocsp_judge(const gnutls_datum_t *resp, const gnutls_datum_t *peers, unsigned npeers,
		    gnutls_certificate_credentials_t cred, bool gnutls_checked, struct tls_info *ti)
{
	gnutls_ocsp_resp_t r;
	/* TRANSLATORS: the status of a stapled OCSP response (good, revoked and unknown are OCSP's own words) */
	const char *st = N_("unparseable"), *how = NULL, *why = NULL;
	char when[160] = "", when_loc[256] = "";

	ti->ocsp_stapled = true;
	ti->ocsp_der = xmalloc(resp->size ? resp->size : 1);
	memcpy(ti->ocsp_der, resp->data, resp->size);
	ti->ocsp_len = resp->size;
	if (gnutls_ocsp_resp_init(&r) < 0)
		return;
	if (gnutls_ocsp_resp_import(r, resp) < 0) {
		why = N_("it cannot be parsed");
	} else if (gnutls_ocsp_resp_get_status(r) != GNUTLS_OCSP_RESP_SUCCESSFUL) {
		st = N_("responder error");
		why = N_("the responder returned an error, not a status");
	} else {
		gnutls_datum_t nh = {NULL, 0}, kh = {NULL, 0}, serial = {NULL, 0};
		gnutls_digest_algorithm_t dig;
		unsigned cs = 0, reason = 0;
		time_t tu = 0, nu = -1, rt, now = time(NULL);
		if (gnutls_ocsp_resp_get_single(r, 0, &dig, &nh, &kh, &serial, &cs, &tu, &nu, &rt, &reason) < 0) {
			st = N_("no single response");
			why = N_("it holds no certificate status");
		} else {
			st = cs == GNUTLS_OCSP_CERT_GOOD      ? N_("good")
			     : cs == GNUTLS_OCSP_CERT_REVOKED ? N_("revoked")
							      : N_("unknown");
			gnutls_x509_crt_t leaf = npeers ? import(&peers[0]) : NULL;
			if (!leaf || gnutls_ocsp_resp_check_crt(r, 0, leaf) < 0)
				why = N_("it is about another certificate than the server's");
			else if (tu > now + OCSP_CLOCK_SKEW)
				why = N_("its this_update is in the future");
			else if (nu != (time_t)-1 && nu + OCSP_CLOCK_SKEW < now)
				why = N_("it is stale: its next_update has passed");
			else if (gnutls_checked)
				how = N_("verified by GnuTLS during the handshake");
			else
				signed_ok(r, peers, npeers, cred, &how, &why);
			if (leaf)
				gnutls_x509_crt_deinit(leaf);
			struct tm a, b;
			char ta[32] = "?", tb[32] = "none";
			if (gmtime_r(&tu, &a))
				strftime(ta, sizeof ta, "%Y-%m-%d %H:%M UTC", &a);
			if (nu != (time_t)-1 && gmtime_r(&nu, &b))
				strftime(tb, sizeof tb, "%Y-%m-%d %H:%M UTC", &b);
			snprintf(when, sizeof when, "; produced for %s, next update %s", ta, tb);
			/* For people: the dates in the language's way (lib/i18n.h), whole clauses per case. */
			char la[48] = "?", lb[48] = "";
			i18n_datetime(la, sizeof la, tu);
			if (nu != (time_t)-1 && i18n_datetime(lb, sizeof lb, nu))
				snprintf(when_loc, sizeof when_loc, _("; produced for %s, next update %s"), la, lb);
			else
				snprintf(when_loc, sizeof when_loc, _("; produced for %s, no next update"), la);
		}
		gnutls_free(nh.data);
		gnutls_free(kh.data);
		gnutls_free(serial.data);
	}
	gnutls_ocsp_resp_deinit(r);
	ti->ocsp_verified = how != NULL;
	ti->ocsp_status = xasprintf("%s%s", st, how ? "" : " (response not verified)");
	ti->ocsp_verify = how ? xasprintf("%s%s", how, when) : xasprintf("not verified: %s%s", why, when);
	if (!i18n_translating()) {
		ti->ocsp_status_loc = xstrdup(ti->ocsp_status);
		ti->ocsp_verify_loc = xstrdup(ti->ocsp_verify);
		return;
	}
	ti->ocsp_status_loc = how ? xstrdup(_(st)) : xasprintf(_("%s (response not verified)"), _(st));
	ti->ocsp_verify_loc = how ? xasprintf("%s%s", _(how), when_loc)
				  : xasprintf(_("not verified: %s%s"), _(why), when_loc);
}
