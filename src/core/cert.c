/* cert: X.509 DER -> struct cert_info, text/PEM/TLSA renderings, and a small certificate generator (practice
 * server, tests). Every parser entry point takes hostile bytes: each loop over a certificate's entries is bounded
 * and every GnuTLS failure leaves a field empty rather than stopping. */
#include "core/cert.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <gnutls/abstract.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "lib/xmalloc.h"

/* A certificate with more entries than this is hostile or broken; the rest is not shown. */
#define CERT_MAX_ENTRIES 256

/* Copy n bytes into a C string, writing an embedded NUL as the text "\x00" so the string cannot be cut short
 * ("good.test\0.evil.test" must not display as "good.test"). */
static char *datum_str(const unsigned char *p, size_t n)
{
	size_t nul = 0;
	for (size_t i = 0; i < n; i++)
		nul += p[i] == '\0';
	char *s = xmalloc(n + nul * 3 + 1), *o = s;
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '\0') {
			memcpy(o, "\\x00", 4);
			o += 4;
		} else {
			*o++ = (char)p[i];
		}
	}
	*o = '\0';
	return s;
}

static void strv_push(char ***v, size_t *n, char *s)
{
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	(*v)[(*n)++] = s;
}

/* "ab:cd:..." into out (room for 3 * n bytes). */
static void hex_colon(char *out, const unsigned char *p, size_t n)
{
	static const char hx[] = "0123456789ABCDEF";
	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		*out++ = hx[p[i] >> 4];
		*out++ = hx[p[i] & 15];
		*out++ = i + 1 < n ? ':' : '\0';
	}
}

static gnutls_x509_crt_t import_der(const unsigned char *der, size_t len)
{
	gnutls_x509_crt_t crt;
	if (der == NULL || len == 0 || len > UINT32_MAX || gnutls_x509_crt_init(&crt) < 0)
		return NULL;
	gnutls_datum_t d = {(unsigned char *)der, (unsigned)len};
	if (gnutls_x509_crt_import(crt, &d, GNUTLS_X509_FMT_DER) < 0) {
		gnutls_x509_crt_deinit(crt);
		return NULL;
	}
	return crt;
}

/* A DN as an RFC 4514 string, or "" when GnuTLS cannot render it. */
static char *dn_string(gnutls_x509_crt_t crt, bool issuer)
{
	gnutls_datum_t d = {NULL, 0};
	int ret = issuer ? gnutls_x509_crt_get_issuer_dn3(crt, &d, 0) : gnutls_x509_crt_get_dn3(crt, &d, 0);
	char *s = ret < 0 || d.data == NULL ? xstrdup("") : datum_str(d.data, d.size);
	gnutls_free(d.data);
	return s;
}

static char *san_string(int type, const unsigned char *p, size_t n)
{
	char ip[INET6_ADDRSTRLEN];
	char *v, *s;
	switch (type) {
	case GNUTLS_SAN_DNSNAME:
		v = datum_str(p, n), s = xasprintf("DNS:%s", v);
		break;
	case GNUTLS_SAN_RFC822NAME:
		v = datum_str(p, n), s = xasprintf("email:%s", v);
		break;
	case GNUTLS_SAN_URI:
		v = datum_str(p, n), s = xasprintf("URI:%s", v);
		break;
	case GNUTLS_SAN_DN:
		v = datum_str(p, n), s = xasprintf("DirName:%s", v);
		break;
	case GNUTLS_SAN_OTHERNAME_XMPP:
		v = datum_str(p, n), s = xasprintf("XMPP:%s", v);
		break;
	case GNUTLS_SAN_IPADDRESS:
		if ((n == 4 && inet_ntop(AF_INET, p, ip, sizeof ip)) || (n == 16 && inet_ntop(AF_INET6, p, ip, sizeof ip)))
			return xasprintf("IP:%s", ip);
		/* a malformed address is shown as bytes */
		v = xmalloc(3 * n + 1);
		hex_colon(v, p, n);
		s = xasprintf("IP:%s", v);
		break;
	default:
		v = xmalloc(3 * n + 1);
		hex_colon(v, p, n);
		s = xasprintf("othername:%s", v);
		break;
	}
	free(v);
	return s;
}

/* Names as text, joined with ", ", from a table of bits. */
struct bit_name {
	unsigned bit;
	const char *name;
};

static const struct bit_name key_usage_names[] = {
	{GNUTLS_KEY_DIGITAL_SIGNATURE, "digitalSignature"}, {GNUTLS_KEY_NON_REPUDIATION, "nonRepudiation"},
	{GNUTLS_KEY_KEY_ENCIPHERMENT, "keyEncipherment"},   {GNUTLS_KEY_DATA_ENCIPHERMENT, "dataEncipherment"},
	{GNUTLS_KEY_KEY_AGREEMENT, "keyAgreement"},         {GNUTLS_KEY_KEY_CERT_SIGN, "keyCertSign"},
	{GNUTLS_KEY_CRL_SIGN, "cRLSign"},                   {GNUTLS_KEY_ENCIPHER_ONLY, "encipherOnly"},
	{GNUTLS_KEY_DECIPHER_ONLY, "decipherOnly"},
};

struct oid_name {
	const char *oid;
	const char *name;
};

static const struct oid_name eku_names[] = {
	{GNUTLS_KP_TLS_WWW_SERVER, "serverAuth"}, {GNUTLS_KP_TLS_WWW_CLIENT, "clientAuth"},
	{GNUTLS_KP_CODE_SIGNING, "codeSigning"},  {GNUTLS_KP_EMAIL_PROTECTION, "emailProtection"},
	{GNUTLS_KP_TIME_STAMPING, "timeStamping"}, {GNUTLS_KP_OCSP_SIGNING, "OCSPSigning"},
	{GNUTLS_KP_ANY, "anyExtendedKeyUsage"},
};

static void append(char **list, const char *item)
{
	char *n = xasprintf("%s%s%s", *list, **list ? ", " : "", item);
	free(*list);
	*list = n;
}

static char *key_usage_string(gnutls_x509_crt_t crt)
{
	unsigned usage = 0, critical = 0;
	char *s = xstrdup("");
	if (gnutls_x509_crt_get_key_usage(crt, &usage, &critical) < 0)
		return s;
	for (size_t i = 0; i < sizeof key_usage_names / sizeof key_usage_names[0]; i++)
		if (usage & key_usage_names[i].bit)
			append(&s, key_usage_names[i].name);
	return s;
}

static char *eku_string(gnutls_x509_crt_t crt, unsigned char *scratch, size_t cap)
{
	char *s = xstrdup("");
	for (unsigned seq = 0; seq < CERT_MAX_ENTRIES; seq++) {
		size_t size = cap - 1;
		unsigned critical = 0;
		if (gnutls_x509_crt_get_key_purpose_oid(crt, seq, scratch, &size, &critical) < 0)
			break;
		char *oid = datum_str(scratch, strnlen((char *)scratch, size));
		const char *name = oid;
		for (size_t i = 0; i < sizeof eku_names / sizeof eku_names[0]; i++)
			if (strcmp(oid, eku_names[i].oid) == 0)
				name = eku_names[i].name;
		append(&s, name);
		free(oid);
	}
	return s;
}

static void collect_sans(gnutls_x509_crt_t crt, struct cert_info *out, unsigned char *scratch, size_t cap)
{
	for (unsigned seq = 0; seq < CERT_MAX_ENTRIES; seq++) {
		size_t size = cap - 1;
		unsigned type = 0, critical = 0;
		int ret = gnutls_x509_crt_get_subject_alt_name2(crt, seq, scratch, &size, &type, &critical);
		if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
			break;
		if (ret < 0 || size >= cap)
			continue; /* one unparseable entry; the others may still be shown */
		strv_push(&out->sans, &out->nsans, san_string(ret, scratch, size));
	}
}

static void collect_urls(gnutls_x509_crt_t crt, struct cert_info *out, unsigned char *scratch, size_t cap)
{
	for (unsigned seq = 0; seq < CERT_MAX_ENTRIES; seq++) {
		gnutls_datum_t d = {NULL, 0};
		unsigned critical = 0;
		int ret = gnutls_x509_crt_get_authority_info_access(crt, seq, GNUTLS_IA_OCSP_URI, &d, &critical);
		if (ret == GNUTLS_E_UNKNOWN_ALGORITHM)
			continue; /* a caIssuers or other access method */
		if (ret < 0)
			break;
		if (d.data)
			strv_push(&out->ocsp_urls, &out->nocsp_urls, datum_str(d.data, d.size));
		gnutls_free(d.data);
	}
	for (unsigned seq = 0; seq < CERT_MAX_ENTRIES; seq++) {
		size_t size = cap - 1;
		unsigned reasons = 0, critical = 0;
		int ret = gnutls_x509_crt_get_crl_dist_points(crt, seq, scratch, &size, &reasons, &critical);
		if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
			break;
		if (ret < 0 || size >= cap)
			continue;
		if (ret == GNUTLS_SAN_URI)
			strv_push(&out->crl_urls, &out->ncrl_urls, datum_str(scratch, size));
		else
			strv_push(&out->crl_urls, &out->ncrl_urls, san_string(ret, scratch, size));
	}
}

/* The DER SubjectPublicKeyInfo, re-encoded by GnuTLS (identical for the key types it knows). */
static int spki_der(gnutls_x509_crt_t crt, gnutls_datum_t *out)
{
	gnutls_pubkey_t pub;
	*out = (gnutls_datum_t){NULL, 0};
	if (gnutls_pubkey_init(&pub) < 0)
		return -1;
	int ret = gnutls_pubkey_import_x509(pub, crt, 0);
	if (ret >= 0)
		ret = gnutls_pubkey_export2(pub, GNUTLS_X509_FMT_DER, out);
	gnutls_pubkey_deinit(pub);
	return ret < 0 ? -1 : 0;
}

static int spki_sha256(gnutls_x509_crt_t crt, unsigned char digest[32])
{
	gnutls_datum_t spki;
	if (spki_der(crt, &spki) < 0)
		return -1;
	int ret = gnutls_hash_fast(GNUTLS_DIG_SHA256, spki.data, spki.size, digest);
	gnutls_free(spki.data);
	return ret < 0 ? -1 : 0;
}

static void fill_key(gnutls_x509_crt_t crt, struct cert_info *out)
{
	unsigned bits = 0;
	int pk = gnutls_x509_crt_get_pk_algorithm(crt, &bits);
	const char *name = pk > 0 ? gnutls_pk_get_name(pk) : NULL;
	if (pk == GNUTLS_PK_EDDSA_ED25519 || pk == GNUTLS_PK_EDDSA_ED448)
		out->pk_algo = xasprintf("EdDSA (%s)", pk == GNUTLS_PK_EDDSA_ED25519 ? "Ed25519" : "Ed448");
	else
		out->pk_algo = xstrdup(name ? name : "unknown");
	out->pk_bits = bits;

	int sig = gnutls_x509_crt_get_signature_algorithm(crt);
	name = sig > 0 ? gnutls_sign_get_name(sig) : NULL;
	if (name == NULL) {
		char oid[128];
		size_t size = sizeof oid;
		if (gnutls_x509_crt_get_signature_oid(crt, oid, &size) >= 0 && size < sizeof oid) {
			oid[size] = '\0';
			out->sig_algo = xasprintf("unknown (%s)", oid);
		} else {
			out->sig_algo = xstrdup("unknown");
		}
	} else {
		out->sig_algo = xstrdup(name);
	}

	unsigned char digest[32];
	if (spki_sha256(crt, digest) == 0) {
		gnutls_datum_t in = {digest, sizeof digest}, b64 = {NULL, 0};
		if (gnutls_base64_encode2(&in, &b64) >= 0 && b64.size < sizeof out->spki_sha256) {
			memcpy(out->spki_sha256, b64.data, b64.size);
			out->spki_sha256[b64.size] = '\0';
		}
		gnutls_free(b64.data);
	}
}

static bool same_dn(gnutls_x509_crt_t crt)
{
	gnutls_datum_t s = {NULL, 0}, i = {NULL, 0};
	bool same = gnutls_x509_crt_get_raw_dn(crt, &s) >= 0 && gnutls_x509_crt_get_raw_issuer_dn(crt, &i) >= 0 &&
	            s.size == i.size && (s.size == 0 || memcmp(s.data, i.data, s.size) == 0);
	gnutls_free(s.data);
	gnutls_free(i.data);
	return same;
}

int cert_info_from_der(const unsigned char *der, size_t len, struct cert_info *out)
{
	*out = (struct cert_info){0};
	gnutls_x509_crt_t crt = import_der(der, len);
	if (crt == NULL)
		return -1;

	/* No single field can need more than a few times the whole certificate (a DN string escapes bytes). */
	size_t cap = 4 * len + 256;
	unsigned char *scratch = xmalloc(cap);

	out->subject = dn_string(crt, false);
	out->issuer = dn_string(crt, true);
	collect_sans(crt, out, scratch, cap);
	out->not_before = (int64_t)gnutls_x509_crt_get_activation_time(crt);
	out->not_after = (int64_t)gnutls_x509_crt_get_expiration_time(crt);

	size_t size = cap;
	if (gnutls_x509_crt_get_serial(crt, scratch, &size) >= 0 && size <= len) {
		out->serial = xmalloc(3 * size + 1);
		hex_colon(out->serial, scratch, size);
	} else {
		out->serial = xstrdup("");
	}

	fill_key(crt, out);
	out->key_usage = key_usage_string(crt);
	out->ext_key_usage = eku_string(crt, scratch, cap);

	unsigned critical = 0, ca = 0;
	int pathlen = -1;
	int ret = gnutls_x509_crt_get_basic_constraints(crt, &critical, &ca, &pathlen);
	out->is_ca = ret < 0 ? -1 : ca != 0;
	out->path_len = ret < 0 || pathlen < 0 ? -1 : pathlen;
	out->self_signed = same_dn(crt);

	unsigned char fp[32];
	size = sizeof fp;
	if (gnutls_x509_crt_get_fingerprint(crt, GNUTLS_DIG_SHA256, fp, &size) >= 0 && size == sizeof fp)
		hex_colon(out->sha256, fp, sizeof fp);

	collect_urls(crt, out, scratch, cap);
	out->der = xmalloc(len);
	memcpy(out->der, der, len);
	out->der_len = len;

	free(scratch);
	gnutls_x509_crt_deinit(crt);
	return 0;
}

char *cert_text_dump(const unsigned char *der, size_t len)
{
	gnutls_x509_crt_t crt = import_der(der, len);
	if (crt == NULL)
		return NULL;
	gnutls_datum_t d = {NULL, 0};
	char *s = NULL;
	if (gnutls_x509_crt_print(crt, GNUTLS_CRT_PRINT_FULL, &d) >= 0 && d.data)
		s = datum_str(d.data, d.size);
	gnutls_free(d.data);
	gnutls_x509_crt_deinit(crt);
	return s;
}

char *cert_pem(const unsigned char *der, size_t len)
{
	if (der == NULL || len == 0 || len > UINT32_MAX)
		return NULL;
	gnutls_datum_t in = {(unsigned char *)der, (unsigned)len}, out = {NULL, 0};
	char *s = NULL;
	if (gnutls_pem_base64_encode2("CERTIFICATE", &in, &out) >= 0 && out.data)
		s = xmemdup0(out.data, out.size);
	gnutls_free(out.data);
	return s;
}

char *cert_tlsa_311(const struct cert_info *ci)
{
	gnutls_x509_crt_t crt = import_der(ci->der, ci->der_len);
	if (crt == NULL)
		return NULL;
	unsigned char digest[32];
	char *s = NULL;
	if (spki_sha256(crt, digest) == 0) {
		s = xmalloc(sizeof "3 1 1 " + 64);
		strcpy(s, "3 1 1 ");
		for (size_t i = 0; i < sizeof digest; i++)
			snprintf(s + 6 + 2 * i, 3, "%02x", digest[i]);
	}
	gnutls_x509_crt_deinit(crt);
	return s;
}

bool cert_chain_out_of_order(const struct cert_info *chain, size_t n)
{
	bool out = false;
	for (size_t i = 0; i + 1 < n && !out; i++) {
		gnutls_x509_crt_t a = import_der(chain[i].der, chain[i].der_len);
		gnutls_x509_crt_t b = import_der(chain[i + 1].der, chain[i + 1].der_len);
		/* An unparseable certificate cannot be judged: say nothing about it. */
		if (a && b && !gnutls_x509_crt_check_issuer(a, b))
			out = true;
		if (a)
			gnutls_x509_crt_deinit(a);
		if (b)
			gnutls_x509_crt_deinit(b);
	}
	return out;
}

/* --- verification reasons ------------------------------------------------------------------------------ */

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
			append(&names, c->sans[i]);
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

/* --- generator ------------------------------------------------------------------------------------------- */

static int write_file(const char *path, const gnutls_datum_t *d, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	if (fd < 0)
		return -1;
	size_t off = 0;
	while (off < d->size) {
		ssize_t n = write(fd, d->data + off, d->size - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			close(fd);
			return -1;
		}
		off += (size_t)n;
	}
	return close(fd);
}

static int load_issuer(const char *cert_file, const char *key_file, gnutls_x509_crt_t *crt,
                       gnutls_x509_privkey_t *key)
{
	gnutls_datum_t c = {NULL, 0}, k = {NULL, 0};
	int ret;

	*crt = NULL, *key = NULL;
	if (key_file == NULL)
		return GNUTLS_E_INVALID_REQUEST;
	if ((ret = gnutls_load_file(cert_file, &c)) < 0 || (ret = gnutls_load_file(key_file, &k)) < 0)
		goto out;
	if ((ret = gnutls_x509_crt_init(crt)) < 0) {
		*crt = NULL;
		goto out;
	}
	if ((ret = gnutls_x509_crt_import(*crt, &c, GNUTLS_X509_FMT_PEM)) < 0)
		goto out;
	if ((ret = gnutls_x509_privkey_init(key)) < 0) {
		*key = NULL;
		goto out;
	}
	ret = gnutls_x509_privkey_import(*key, &k, GNUTLS_X509_FMT_PEM);
out:
	gnutls_free(c.data);
	if (k.data) {
		explicit_bzero(k.data, k.size);
		gnutls_free(k.data);
	}
	if (ret < 0) {
		if (*crt)
			gnutls_x509_crt_deinit(*crt);
		if (*key)
			gnutls_x509_privkey_deinit(*key);
		*crt = NULL, *key = NULL;
	}
	return ret;
}

/* Fill the certificate body; returns a GnuTLS error code or 0. */
static int build_crt(const struct cert_gen *g, gnutls_x509_crt_t crt, gnutls_x509_privkey_t key)
{
	unsigned char serial[16], keyid[64];
	size_t keyid_len = sizeof keyid;
	int64_t nb = g->not_before ? g->not_before : (int64_t)time(NULL) - 3600;
	int64_t na = g->not_after ? g->not_after : nb + 365 * 86400;
	int ret;

	if ((ret = gnutls_rnd(GNUTLS_RND_NONCE, serial, sizeof serial)) < 0)
		return ret;
	serial[0] &= 0x7f; /* a positive INTEGER */
	serial[0] |= 0x01; /* and no leading zero to strip */
	if ((ret = gnutls_x509_crt_set_version(crt, 3)) < 0 ||
	    (ret = gnutls_x509_crt_set_serial(crt, serial, sizeof serial)) < 0 ||
	    (ret = gnutls_x509_crt_set_activation_time(crt, (time_t)nb)) < 0 ||
	    (ret = gnutls_x509_crt_set_expiration_time(crt, (time_t)na)) < 0 ||
	    (ret = gnutls_x509_crt_set_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, 0, g->cn, strlen(g->cn))) < 0 ||
	    (ret = gnutls_x509_crt_set_key(crt, key)) < 0 ||
	    (ret = gnutls_x509_crt_set_basic_constraints(crt, g->ca, -1)) < 0)
		return ret;
	for (size_t i = 0; i < g->ndns; i++)
		if ((ret = gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_DNSNAME, g->dns_names[i],
		                                                strlen(g->dns_names[i]), GNUTLS_FSAN_APPEND)) < 0)
			return ret;
	for (size_t i = 0; i < g->nip; i++) {
		unsigned char addr[16];
		unsigned alen = 4;
		if (inet_pton(AF_INET, g->ip_addrs[i], addr) != 1) {
			if (inet_pton(AF_INET6, g->ip_addrs[i], addr) != 1)
				return GNUTLS_E_INVALID_REQUEST;
			alen = 16;
		}
		if ((ret = gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_IPADDRESS, addr, alen,
		                                                GNUTLS_FSAN_APPEND)) < 0)
			return ret;
	}
	if (g->ca) {
		ret = gnutls_x509_crt_set_key_usage(crt, GNUTLS_KEY_KEY_CERT_SIGN | GNUTLS_KEY_CRL_SIGN |
		                                                 GNUTLS_KEY_DIGITAL_SIGNATURE);
	} else {
		unsigned usage = GNUTLS_KEY_DIGITAL_SIGNATURE | (g->rsa_bits ? GNUTLS_KEY_KEY_ENCIPHERMENT : 0);
		ret = gnutls_x509_crt_set_key_usage(crt, usage);
		if (ret >= 0)
			ret = gnutls_x509_crt_set_key_purpose_oid(crt, GNUTLS_KP_TLS_WWW_SERVER, 0);
		if (ret >= 0)
			ret = gnutls_x509_crt_set_key_purpose_oid(crt, GNUTLS_KP_TLS_WWW_CLIENT, 0);
	}
	if (ret < 0)
		return ret;
	if ((ret = gnutls_x509_crt_get_key_id(crt, 0, keyid, &keyid_len)) < 0)
		return ret;
	return gnutls_x509_crt_set_subject_key_id(crt, keyid, keyid_len);
}

int cert_generate(const struct cert_gen *g, const char *cert_path, const char *key_path, char **err)
{
	gnutls_x509_privkey_t key = NULL, ikey = NULL;
	gnutls_x509_crt_t crt = NULL, icrt = NULL;
	gnutls_datum_t cpem = {NULL, 0}, kpem = {NULL, 0};
	const char *what = "key generation";
	int ret;

	*err = NULL;
	if (g->cn == NULL) {
		*err = xstrdup("certificate generation: no common name given");
		return -1;
	}
	if ((ret = gnutls_x509_privkey_init(&key)) < 0) {
		key = NULL;
		goto fail;
	}
	if (g->rsa_bits)
		ret = gnutls_x509_privkey_generate(key, GNUTLS_PK_RSA, g->rsa_bits, 0);
	else
		ret = gnutls_x509_privkey_generate(key, GNUTLS_PK_ECDSA,
		                                   GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP256R1), 0);
	if (ret < 0)
		goto fail;
	what = "certificate";
	if ((ret = gnutls_x509_crt_init(&crt)) < 0) {
		crt = NULL;
		goto fail;
	}
	if ((ret = build_crt(g, crt, key)) < 0)
		goto fail;
	if (g->issuer_cert_file) {
		what = "loading the issuer";
		if ((ret = load_issuer(g->issuer_cert_file, g->issuer_key_file, &icrt, &ikey)) < 0)
			goto fail;
		unsigned char id[64];
		size_t idlen = sizeof id;
		unsigned critical = 0;
		if (gnutls_x509_crt_get_subject_key_id(icrt, id, &idlen, &critical) >= 0)
			gnutls_x509_crt_set_authority_key_id(crt, id, idlen);
		what = "signing";
		ret = gnutls_x509_crt_sign2(crt, icrt, ikey, GNUTLS_DIG_SHA256, 0);
	} else {
		what = "signing";
		ret = gnutls_x509_crt_sign2(crt, crt, key, GNUTLS_DIG_SHA256, 0);
	}
	if (ret < 0)
		goto fail;
	what = "export";
	if ((ret = gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_PEM, &cpem)) < 0 ||
	    (ret = gnutls_x509_privkey_export2(key, GNUTLS_X509_FMT_PEM, &kpem)) < 0)
		goto fail;
	if (write_file(cert_path, &cpem, 0644) < 0 || write_file(key_path, &kpem, 0600) < 0) {
		*err = xasprintf("certificate generation: writing %s / %s: %s", cert_path, key_path, strerror(errno));
		ret = -1;
	}
	goto out;
fail:
	*err = xasprintf("certificate generation: %s: %s", what, gnutls_strerror(ret));
out:
	gnutls_free(cpem.data);
	if (kpem.data) {
		explicit_bzero(kpem.data, kpem.size); /* a private key, even a throwaway one */
		gnutls_free(kpem.data);
	}
	if (crt)
		gnutls_x509_crt_deinit(crt);
	if (key)
		gnutls_x509_privkey_deinit(key);
	if (icrt)
		gnutls_x509_crt_deinit(icrt);
	if (ikey)
		gnutls_x509_privkey_deinit(ikey);
	return ret < 0 ? -1 : 0;
}
