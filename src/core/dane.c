/* dane: TLSA records (RFC 6698) matched against a server's chain as RFC 7672 asks of an SMTP client. See dane.h
 * for the rules and why this is not libgnutls-dane. */
#include "core/dane.h"

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "lib/i18n.h"

/* ---- the record ---- */

int dane_tlsa_parse(const unsigned char *p, size_t n, struct dane_tlsa *out)
{
	memset(out, 0, sizeof *out);
	if (p == NULL || n < 4 || n - 3 > DANE_MAX_DATA)
		return -1;
	out->usage = p[0];
	out->selector = p[1];
	out->mtype = p[2];
	out->len = n - 3;
	memcpy(out->data, p + 3, out->len);
	/* RFC 6698 §2.1.3: the digest lengths are fixed; a record of another length can never match. */
	if ((out->mtype == 1 && out->len != 32) || (out->mtype == 2 && out->len != 64))
		return -1;
	return 0;
}

void dane_tlsa_text(const struct dane_tlsa *t, char *out, size_t outsz)
{
	int k = snprintf(out, outsz, "%u %u %u ", t->usage, t->selector, t->mtype);
	if (k < 0 || (size_t)k >= outsz)
		return;
	size_t pos = (size_t)k;
	for (size_t i = 0; i < t->len; i++) {
		if (pos + 3 > outsz || (pos + 6 > outsz && i + 1 < t->len)) {
			if (pos + 4 <= outsz)
				memcpy(out + pos, "...", 4);
			return;
		}
		snprintf(out + pos, 3, "%02x", t->data[i]);
		pos += 2;
	}
}

const char *dane_tlsa_unusable(const struct dane_tlsa *t)
{
	if (t->usage == DANE_USAGE_PKIX_TA || t->usage == DANE_USAGE_PKIX_EE)
		return "usages 0 and 1 (PKIX) are not used for SMTP (RFC 7672 §3.1.3)";
	if (t->usage > DANE_USAGE_DANE_EE)
		return "unknown certificate usage";
	if (t->selector > 1)
		return "unknown selector";
	if (t->mtype > 2)
		return "unknown matching type";
	return NULL;
}

/* ---- DER: the SubjectPublicKeyInfo as it is in the certificate ---- */

/* One DER element at p (n bytes): its header length and content length. -1 when malformed. */
static int der_elem(const unsigned char *p, size_t n, size_t *hdr, size_t *len)
{
	if (n < 2 || (p[0] & 0x1f) == 0x1f)
		return -1;
	size_t l = p[1], h = 2;
	if (l & 0x80) {
		size_t nb = l & 0x7f;
		if (nb == 0 || nb > 4 || n < 2 + nb)
			return -1;
		l = 0;
		for (size_t i = 0; i < nb; i++)
			l = (l << 8) | p[2 + i];
		h += nb;
	}
	if (l > n - h)
		return -1;
	*hdr = h;
	*len = l;
	return 0;
}

/* Certificate ::= SEQUENCE { tbsCertificate SEQUENCE { [0] version OPTIONAL, serial, signature, issuer,
 * validity, subject, subjectPublicKeyInfo, ... } ... }: point *spki at the whole SubjectPublicKeyInfo element. */
static int spki_of(const unsigned char *der, size_t n, const unsigned char **spki, size_t *spki_len)
{
	size_t h, l;
	if (der_elem(der, n, &h, &l) < 0 || der[0] != 0x30)
		return -1;
	const unsigned char *p = der + h;
	n = l;
	if (der_elem(p, n, &h, &l) < 0 || p[0] != 0x30) /* tbsCertificate */
		return -1;
	p += h;
	n = l;
	if (n > 0 && p[0] == 0xa0) { /* [0] version */
		if (der_elem(p, n, &h, &l) < 0)
			return -1;
		p += h + l;
		n -= h + l;
	}
	for (int skip = 0; skip < 5; skip++) { /* serial, signature, issuer, validity, subject */
		if (der_elem(p, n, &h, &l) < 0)
			return -1;
		p += h + l;
		n -= h + l;
	}
	if (der_elem(p, n, &h, &l) < 0 || p[0] != 0x30)
		return -1;
	*spki = p;
	*spki_len = h + l;
	return 0;
}

/* Whether certificate ci matches record t (selector and matching type). */
static bool cert_matches(const struct cert_info *ci, const struct dane_tlsa *t)
{
	const unsigned char *sel = ci->der;
	size_t sel_len = ci->der_len;
	if (sel == NULL || sel_len == 0)
		return false;
	if (t->selector == 1 && spki_of(ci->der, ci->der_len, &sel, &sel_len) < 0)
		return false;
	unsigned char digest[64];
	switch (t->mtype) {
	case 0: return sel_len == t->len && memcmp(sel, t->data, sel_len) == 0;
	case 1:
		return gnutls_hash_fast(GNUTLS_DIG_SHA256, sel, sel_len, digest) == 0 && t->len == 32 &&
		       memcmp(digest, t->data, 32) == 0;
	case 2:
		return gnutls_hash_fast(GNUTLS_DIG_SHA512, sel, sel_len, digest) == 0 && t->len == 64 &&
		       memcmp(digest, t->data, 64) == 0;
	default: return false;
	}
}

/* ---- DANE-TA: the leaf chains to chain[ta] and holds a reference name ---- */

static gnutls_x509_crt_t import_der(const struct cert_info *ci)
{
	gnutls_x509_crt_t crt;
	if (ci->der == NULL || ci->der_len == 0 || ci->der_len > UINT32_MAX || gnutls_x509_crt_init(&crt) < 0)
		return NULL;
	gnutls_datum_t d = {ci->der, (unsigned)ci->der_len};
	if (gnutls_x509_crt_import(crt, &d, GNUTLS_X509_FMT_DER) < 0) {
		gnutls_x509_crt_deinit(crt);
		return NULL;
	}
	return crt;
}

/* NULL when chain[0..n) verifies up to anchor_ci as the one trust anchor (signatures, dates at now, CA flags) and
 * the leaf holds mx_host or domain; else why not (static English, an N_() msgid). anchor_ci is chain[n] as the
 * server sent it, or the certificate a 2 0 0 record holds (RFC 7671 §5.2.2: then the server need not send it). */
static const char *ta_chain_problem(const struct dane_input *in, size_t n, const struct cert_info *anchor_ci)
{
	gnutls_x509_crt_t certs[16] = {0};
	gnutls_x509_crt_t anchor = NULL;
	gnutls_x509_trust_list_t tl = NULL;
	const char *why = NULL;
	if (n == 0 || n >= sizeof certs / sizeof certs[0])
		return N_("the chain is too long");
	for (size_t i = 0; i < n && !why; i++)
		if ((certs[i] = import_der(&in->chain[i])) == NULL)
			why = N_("a certificate of the chain cannot be read");
	if (!why && (anchor = import_der(anchor_ci)) == NULL)
		why = N_("the trust anchor's certificate cannot be read");
	/* Dates at in->now (repeatable), not by GnuTLS against the clock: the anchor's before the list owns it. */
	if (!why && (gnutls_x509_crt_get_activation_time(anchor) > (time_t)in->now ||
		     gnutls_x509_crt_get_expiration_time(anchor) < (time_t)in->now))
		why = N_("a certificate of the chain is expired or not yet valid");
	if (!why && (gnutls_x509_trust_list_init(&tl, 0) < 0 || gnutls_x509_trust_list_add_cas(tl, &anchor, 1, 0) != 1))
		why = N_("GnuTLS cannot set up the trust anchor");
	if (!why) {
		anchor = NULL; /* the list owns it now */
		unsigned status = 0;
		unsigned flags = GNUTLS_VERIFY_DISABLE_TIME_CHECKS | GNUTLS_VERIFY_DISABLE_TRUSTED_TIME_CHECKS;
		if (gnutls_x509_trust_list_verify_crt2(tl, certs, (unsigned)n, NULL, 0, flags, &status, NULL) < 0)
			why = N_("GnuTLS could not verify the chain");
		else if (status)
			why = N_("the chain does not verify up to the matched trust anchor");
	}
	for (size_t i = 0; i < n && !why; i++)
		if (in->chain[i].not_before > in->now || in->chain[i].not_after < in->now)
			why = N_("a certificate of the chain is expired or not yet valid");
	if (!why) {
		/* RFC 7672 §3.2.2: the TLSA base domain, the MX host name before CNAME expansion, the domain. */
		bool name = (in->base && gnutls_x509_crt_check_hostname2(certs[0], in->base, 0)) ||
			    (in->mx_host && gnutls_x509_crt_check_hostname2(certs[0], in->mx_host, 0)) ||
			    (in->domain && gnutls_x509_crt_check_hostname2(certs[0], in->domain, 0));
		if (!name)
			why = N_("the certificate holds neither the MX host name nor the domain (RFC 7672 §3.2.2)");
	}
	for (size_t i = 0; i < n && i < sizeof certs / sizeof certs[0]; i++)
		if (certs[i])
			gnutls_x509_crt_deinit(certs[i]);
	if (anchor)
		gnutls_x509_crt_deinit(anchor);
	if (tl)
		gnutls_x509_trust_list_deinit(tl, 1);
	return why;
}

/* The subject of a certificate in DER (for the certificate a 2 0 0 record holds), into out; "" when unreadable. */
static void der_subject(const unsigned char *der, size_t len, char *out, size_t outsz)
{
	struct cert_info ci = {.der = (uint8_t *)der, .der_len = len};
	gnutls_x509_crt_t crt = import_der(&ci);
	out[0] = '\0';
	if (crt == NULL)
		return;
	gnutls_datum_t dn = {NULL, 0};
	if (gnutls_x509_crt_get_dn3(crt, &dn, 0) == 0) {
		snprintf(out, outsz, "%.*s", (int)dn.size, (const char *)dn.data);
		gnutls_free(dn.data);
	}
	gnutls_x509_crt_deinit(crt);
}

/* ---- matching ---- */

/* The detail in English and, when translating, in the user's language; fmt is an N_() msgid whose only
 * conversion is one %s (or none: arg then ""). */
static void two(struct dane_match *out, const char *fmt, const char *arg)
{
	snprintf(out->detail, sizeof out->detail, fmt, arg);
	if (i18n_translating())
		snprintf(out->detail_loc, sizeof out->detail_loc, _(fmt), arg);
}

void dane_match(const struct dane_input *in, struct dane_match *out)
{
	memset(out, 0, sizeof *out);
	out->verdict = DANE_UNUSABLE;
	out->record = out->depth = -1;
	size_t usable = 0;
	size_t ta_unsent = 0; /* DANE-TA records (not 2 0 0) that match no certificate the server sends */
	const char *ta_why = NULL;
	char rec[160];
	for (size_t r = 0; r < in->nrecords; r++) {
		const struct dane_tlsa *t = &in->records[r];
		if (dane_tlsa_unusable(t))
			continue;
		usable++;
		if (t->usage == DANE_USAGE_DANE_EE) {
			if (in->nchain > 0 && cert_matches(&in->chain[0], t)) {
				dane_tlsa_text(t, rec, sizeof rec);
				out->verdict = DANE_VERIFIED;
				out->record = (int)r;
				out->depth = 0;
				if (t->selector == 1)
					two(out,
					    N_("TLSA %s (DANE-EE) matches the server's certificate's public key (names "
					       "and "
					       "dates are not checked for DANE-EE, RFC 7672 §3.1.1)"),
					    rec);
				else
					two(out,
					    N_("TLSA %s (DANE-EE) matches the server's certificate (names and dates "
					       "are not "
					       "checked for DANE-EE, RFC 7672 §3.1.1)"),
					    rec);
				return;
			}
			continue;
		}
		/* DANE-TA: a certificate above the leaf, as the server sent it. */
		bool seen = false;
		for (size_t d = 1; d < in->nchain; d++) {
			if (!cert_matches(&in->chain[d], t))
				continue;
			seen = true;
			const char *why = ta_chain_problem(in, d, &in->chain[d]);
			if (why) {
				ta_why = why;
				continue;
			}
			dane_tlsa_text(t, rec, sizeof rec);
			out->verdict = DANE_VERIFIED;
			out->record = (int)r;
			out->depth = (int)d;
			const char *f = N_("TLSA %s (DANE-TA) matches certificate %zu of the chain (%s), and the "
					   "server's certificate chains to it and holds the name checked");
			const char *subject = in->chain[d].subject ? in->chain[d].subject : "";
			snprintf(out->detail, sizeof out->detail, f, rec, d, subject);
			if (i18n_translating())
				snprintf(out->detail_loc, sizeof out->detail_loc, _(f), rec, d, subject);
			return;
		}
		if (seen || in->nchain == 0)
			continue;
		if (t->selector != 0 || t->mtype != 0) {
			ta_unsent++; /* it can name only a certificate the server sends (RFC 7671 §5.2.2) */
			continue;
		}
		/* 2 0 0: the record holds the whole CA certificate, so it can stand in for one the server does not
		 * send (RFC 7671 §5.2.2): every certificate sent must chain up to it. */
		struct cert_info ca = {.der = (uint8_t *)t->data, .der_len = t->len};
		const char *why = ta_chain_problem(in, in->nchain, &ca);
		if (why) {
			ta_why = why;
			continue;
		}
		char subject[256];
		der_subject(t->data, t->len, subject, sizeof subject);
		dane_tlsa_text(t, rec, sizeof rec);
		out->verdict = DANE_VERIFIED;
		out->record = (int)r;
		out->depth = (int)in->nchain;
		const char *f = N_("TLSA %s (DANE-TA) holds the whole CA certificate (%s), which the server does not "
				   "send: the server's certificate chains to it and holds the name checked (RFC 7671 "
				   "§5.2.2)");
		snprintf(out->detail, sizeof out->detail, f, rec, subject);
		if (i18n_translating())
			snprintf(out->detail_loc, sizeof out->detail_loc, _(f), rec, subject);
		return;
	}
	if (usable == 0) {
		/* The English stays as it always read (JSON); the translation gets its language's plural form. */
		snprintf(out->detail, sizeof out->detail,
			 in->nrecords == 1
				 ? "none of the %zu TLSA record is usable for SMTP (usages 0/1, unknown selector "
				   "or matching type): senders encrypt but do not authenticate"
				 : "none of the %zu TLSA records is usable for SMTP (usages 0/1, unknown selector "
				   "or matching type): senders encrypt but do not authenticate",
			 in->nrecords);
		if (i18n_translating())
			snprintf(out->detail_loc, sizeof out->detail_loc,
				 P_("none of the %zu TLSA record is usable for SMTP (usages 0/1, unknown selector or "
				    "matching type): senders encrypt but do not authenticate",
				    "none of the %zu TLSA records is usable for SMTP (usages 0/1, unknown selector or "
				    "matching type): senders encrypt but do not authenticate",
				    in->nrecords),
				 in->nrecords);
		return;
	}
	out->verdict = DANE_MISMATCH;
	if (ta_why) {
		const char *f = N_(
			"a DANE-TA record matches a certificate of the chain, but %s; no other record matches");
		snprintf(out->detail, sizeof out->detail, f, ta_why);
		if (i18n_translating())
			snprintf(out->detail_loc, sizeof out->detail_loc, _(f), _(ta_why));
	} else if (ta_unsent && !in->chain[in->nchain - 1].self_signed) {
		/* The usual cause: the server sends its own certificate without the CA that issued it, and a DANE-TA
		 * record can match only a certificate that is sent. Say so, and what fixes it. */
		const struct cert_info *top = &in->chain[in->nchain - 1];
		const char *f = N_(
			"no TLSA record matches: a DANE-TA record (usage 2) names a CA certificate, and can "
			"match only one the server sends (RFC 7671 §5.2.2), but the server does not send its "
			"CA: its chain ends with %s, issued by %s, which is not sent; add the CA certificate to "
			"the server's chain, after its own (or publish a 2 0 0 record holding the whole CA "
			"certificate)");
		const char *subj = top->subject ? top->subject : "?", *iss = top->issuer ? top->issuer : "?";
		snprintf(out->detail, sizeof out->detail, f, subj, iss);
		if (i18n_translating())
			snprintf(out->detail_loc, sizeof out->detail_loc, _(f), subj, iss);
	} else if (usable == 1)
		two(out, N_("the one usable TLSA record does not match the certificates the server presents"), "");
	else {
		const char *f = N_("none of the %zu usable TLSA records matches the certificates the server presents");
		snprintf(out->detail, sizeof out->detail, f, usable);
		if (i18n_translating())
			snprintf(out->detail_loc, sizeof out->detail_loc, _(f), usable);
	}
}

void dane_publish(const struct cert_info *chain, size_t nchain, char out311[80], char out211[80])
{
	out311[0] = out211[0] = '\0';
	for (size_t i = 0; i < 2 && i < nchain; i++) {
		const unsigned char *spki;
		size_t len;
		unsigned char digest[32];
		if (spki_of(chain[i].der, chain[i].der_len, &spki, &len) < 0 ||
		    gnutls_hash_fast(GNUTLS_DIG_SHA256, spki, len, digest) < 0)
			continue;
		struct dane_tlsa t = {.usage = i == 0 ? 3 : 2, .selector = 1, .mtype = 1, .len = 32};
		memcpy(t.data, digest, 32);
		dane_tlsa_text(&t, i == 0 ? out311 : out211, 80);
	}
}

/* ---- verdicts ---- */

static const struct {
	const char *name;
	bool delivers;
} verdicts[DANE_NVERDICTS] = {
	[DANE_VERIFIED] = {"verified", true},     [DANE_MISMATCH] = {"mismatch", false},
	[DANE_NO_RECORDS] = {"no-records", true}, [DANE_INSECURE] = {"insecure", true},
	[DANE_BOGUS] = {"bogus", false},          [DANE_UNUSABLE] = {"unusable", true},
};

const char *dane_verdict_name(enum dane_verdict v)
{
	return (unsigned)v < DANE_NVERDICTS ? verdicts[v].name : "?";
}

const char *dane_verdict_label(enum dane_verdict v)
{
	/* A switch, not a table: C_() (pgettext) is a call. The context keeps these apart from the status bar's
	 * "verified" (of a certificate); the JSON keeps the names above. */
	switch (v) {
	/* TRANSLATORS: DANE verdicts, shown after "DANE for HOST port N:" and in "(DANE %s)". */
	case DANE_VERIFIED: return C_("DANE verdict", "verified");
	case DANE_MISMATCH: return C_("DANE verdict", "mismatch");
	case DANE_NO_RECORDS: return C_("DANE verdict", "no records");
	case DANE_INSECURE: return C_("DANE verdict", "insecure");
	case DANE_BOGUS: return C_("DANE verdict", "bogus");
	case DANE_UNUSABLE: return C_("DANE verdict", "unusable");
	case DANE_NVERDICTS: break;
	}
	return "?";
}

bool dane_verdict_delivers(enum dane_verdict v)
{
	return (unsigned)v < DANE_NVERDICTS && verdicts[v].delivers;
}
