/* cert: X.509 DER -> struct cert_info, and the text/PEM/TLSA renderings. Every parser entry point takes hostile
 * bytes: each loop over a certificate's entries is bounded and every GnuTLS failure leaves a field empty rather
 * than stopping. The verification reasons are in cert-reasons.c, the certificate generator in cert-gen.c. */
#include "core/cert.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gnutls/abstract.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "core/cert-int.h"
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

void cert_list_append(char **list, const char *item)
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
			cert_list_append(&s, key_usage_names[i].name);
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
		cert_list_append(&s, name);
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

	/* The fingerprint is the hash of the bytes as received: what `openssl x509 -fingerprint` shows, and no
	 * re-encoding (gnutls_x509_crt_get_fingerprint encodes the parsed certificate again first). */
	unsigned char fp[32];
	if (gnutls_hash_fast(GNUTLS_DIG_SHA256, der, len, fp) >= 0)
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
