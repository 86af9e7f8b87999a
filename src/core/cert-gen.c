/* cert-gen: a small certificate generator (a key and a self-signed or CA-issued certificate, written as PEM)
 * for the practice server, test peers and tests; never for production use. */
#include "core/cert.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <gnutls/abstract.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "lib/i18n.h"
#include "lib/xmalloc.h"

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
	const char *what = N_("key generation");
	int ret;

	*err = NULL;
	if (g->cn == NULL) {
		*err = xstrdup(_("certificate generation: no common name given"));
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
	what = N_("certificate");
	if ((ret = gnutls_x509_crt_init(&crt)) < 0) {
		crt = NULL;
		goto fail;
	}
	if ((ret = build_crt(g, crt, key)) < 0)
		goto fail;
	if (g->issuer_cert_file) {
		what = N_("loading the issuer");
		if ((ret = load_issuer(g->issuer_cert_file, g->issuer_key_file, &icrt, &ikey)) < 0)
			goto fail;
		unsigned char id[64];
		size_t idlen = sizeof id;
		unsigned critical = 0;
		if (gnutls_x509_crt_get_subject_key_id(icrt, id, &idlen, &critical) >= 0)
			gnutls_x509_crt_set_authority_key_id(crt, id, idlen);
		what = N_("signing");
		ret = gnutls_x509_crt_sign2(crt, icrt, ikey, GNUTLS_DIG_SHA256, 0);
	} else {
		what = N_("signing");
		ret = gnutls_x509_crt_sign2(crt, crt, key, GNUTLS_DIG_SHA256, 0);
	}
	if (ret < 0)
		goto fail;
	what = N_("export");
	if ((ret = gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_PEM, &cpem)) < 0 ||
	    (ret = gnutls_x509_privkey_export2(key, GNUTLS_X509_FMT_PEM, &kpem)) < 0)
		goto fail;
	if (write_file(cert_path, &cpem, 0644) < 0 || write_file(key_path, &kpem, 0600) < 0) {
		*err = xasprintf(_("certificate generation: writing %s / %s: %s"), cert_path, key_path,
				 strerror(errno));
		ret = -1;
	}
	goto out;
fail:
	/* For people (its caller prints it): the step in the user's language; GnuTLS's words stay English. */
	*err = xasprintf(_("certificate generation: %s: %s"), _(what), gnutls_strerror(ret));
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
