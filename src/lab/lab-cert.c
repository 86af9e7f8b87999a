/* lab-cert: the lab's certificates, made fresh at every start with GnuTLS: a small CA and a server certificate it
 * signs. Clients that trust the CA file verify the good certificate cleanly, so in the bad-cert scenario the only
 * failures left are the ones the lesson is about (expired, wrong name). Keys are ECDSA P-256: fast to make and
 * understood by every TLS library a student might point at the lab. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <gnutls/gnutls.h>
#include <gnutls/crypto.h>
#include <gnutls/x509.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lab/lab-int.h"
#include "lib/i18n.h"
#include "lib/xmalloc.h"

#define DAY (24 * 60 * 60)
#define BAD_NAME "wrong-name.invalid"

static int write_file(const char *path, const void *p, size_t n, mode_t mode, char **err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode);
	if (fd < 0) {
		*err = xasprintf(_("cannot write %s: %s"), path, strerror(errno));
		return -1;
	}
	const char *q = p;
	while (n > 0) {
		ssize_t w = write(fd, q, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			*err = xasprintf(_("cannot write %s: %s"), path, strerror(errno));
			close(fd);
			return -1;
		}
		q += w;
		n -= (size_t)w;
	}
	close(fd);
	return 0;
}

/* The lab's start-up errors are for people only (stderr, lab_new's caller): in the user's language. what: the
 * step, an English msgid; GnuTLS's own words stay English. */
static int fail(char **err, const char *what, int rc)
{
	/* TRANSLATORS: the practice lab could not make its certificates; %s: the step ("key generation"), then
	 * GnuTLS's error */
	*err = xasprintf(_("certificate: %s: %s"), _(what), gnutls_strerror(rc));
	return -1;
}

static gnutls_x509_privkey_t make_key(char **err)
{
	gnutls_x509_privkey_t k;
	int rc = gnutls_x509_privkey_init(&k);
	if (rc < 0) {
		fail(err, N_("key init"), rc);
		return NULL;
	}
	rc = gnutls_x509_privkey_generate(k, GNUTLS_PK_ECDSA, GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP256R1), 0);
	if (rc < 0) {
		fail(err, N_("key generation"), rc);
		gnutls_x509_privkey_deinit(k);
		return NULL;
	}
	return k;
}

/* Fill in what both certificates have; serial numbers are random so that a browser-like cache never confuses
 * two runs of the lab. */
static int common_fields(gnutls_x509_crt_t crt, gnutls_x509_privkey_t key, const char *dn, time_t from, time_t to,
                         char **err)
{
	unsigned char serial[16];
	int rc;
	const char *errpos = NULL;

	if ((rc = gnutls_rnd(GNUTLS_RND_NONCE, serial, sizeof serial)) < 0)
		return fail(err, N_("random serial"), rc);
	serial[0] &= 0x7f; /* a positive INTEGER */
	serial[0] |= 0x01;
	if ((rc = gnutls_x509_crt_set_version(crt, 3)) < 0 ||
	    (rc = gnutls_x509_crt_set_serial(crt, serial, sizeof serial)) < 0 ||
	    (rc = gnutls_x509_crt_set_activation_time(crt, from)) < 0 ||
	    (rc = gnutls_x509_crt_set_expiration_time(crt, to)) < 0 || (rc = gnutls_x509_crt_set_key(crt, key)) < 0)
		return fail(err, N_("fields"), rc);
	if ((rc = gnutls_x509_crt_set_dn(crt, dn, &errpos)) < 0)
		return fail(err, N_("subject"), rc);

	unsigned char id[64];
	size_t idlen = sizeof id;
	if ((rc = gnutls_x509_crt_get_key_id(crt, GNUTLS_KEYID_USE_SHA1, id, &idlen)) < 0 ||
	    (rc = gnutls_x509_crt_set_subject_key_id(crt, id, idlen)) < 0)
		return fail(err, N_("key id"), rc);
	return 0;
}

static int add_san_ip(gnutls_x509_crt_t crt, int af, const char *text)
{
	unsigned char ip[16];
	if (inet_pton(af, text, ip) != 1)
		return GNUTLS_E_INVALID_REQUEST;
	return gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_IPADDRESS, ip, af == AF_INET ? 4 : 16,
	                                            GNUTLS_FSAN_APPEND);
}

static int server_fields(gnutls_x509_crt_t crt, bool bad)
{
	int rc;
	const char *names[] = {LAB_HOSTNAME, "localhost"};
	if (bad)
		return gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_DNSNAME, BAD_NAME, strlen(BAD_NAME),
		                                            GNUTLS_FSAN_APPEND);
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if ((rc = gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_DNSNAME, names[i], strlen(names[i]),
		                                               GNUTLS_FSAN_APPEND)) < 0)
			return rc;
	if ((rc = add_san_ip(crt, AF_INET, "127.0.0.1")) < 0)
		return rc;
	return add_san_ip(crt, AF_INET6, "::1");
}

static char *export_pem_crt(gnutls_x509_crt_t crt)
{
	gnutls_datum_t d = {NULL, 0};
	if (gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_PEM, &d) < 0)
		return NULL;
	char *s = xmemdup0(d.data, d.size);
	gnutls_free(d.data);
	return s;
}

static char *export_pem_key(gnutls_x509_privkey_t key)
{
	gnutls_datum_t d = {NULL, 0};
	if (gnutls_x509_privkey_export2(key, GNUTLS_X509_FMT_PEM, &d) < 0)
		return NULL;
	char *s = xmemdup0(d.data, d.size);
	gnutls_memset(d.data, 0, d.size);
	gnutls_free(d.data);
	return s;
}

static void hex_colons(const unsigned char *p, size_t n, char *out, size_t outsz)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t o = 0;
	for (size_t i = 0; i < n && o + 4 <= outsz; i++) {
		if (i)
			out[o++] = ':';
		out[o++] = hex[p[i] >> 4];
		out[o++] = hex[p[i] & 15];
	}
	out[o] = '\0';
}

int lab_certs_make(struct lab_certs *c, const char *dir, bool bad, char **err)
{
	gnutls_x509_privkey_t cakey = NULL, key = NULL;
	gnutls_x509_crt_t ca = NULL, crt = NULL;
	char *ca_pem = NULL;
	int rc, ret = -1;
	time_t now = time(NULL);

	memset(c, 0, sizeof *c);
	if ((cakey = make_key(err)) == NULL || (key = make_key(err)) == NULL)
		goto out;
	if ((rc = gnutls_x509_crt_init(&ca)) < 0 || (rc = gnutls_x509_crt_init(&crt)) < 0) {
		fail(err, N_("init"), rc);
		goto out;
	}

	/* The CA: valid from yesterday (clock skew between a teacher's and a student's machine) for a year. */
	if (common_fields(ca, cakey, "CN=smtpcon lab CA,O=smtpcon practice lab", now - DAY, now + 365 * DAY, err) < 0)
		goto out;
	if ((rc = gnutls_x509_crt_set_basic_constraints(ca, 1, 0)) < 0 ||
	    (rc = gnutls_x509_crt_set_key_usage(ca, GNUTLS_KEY_KEY_CERT_SIGN | GNUTLS_KEY_CRL_SIGN)) < 0 ||
	    (rc = gnutls_x509_crt_sign2(ca, ca, cakey, GNUTLS_DIG_SHA256, 0)) < 0) {
		fail(err, N_("CA"), rc);
		goto out;
	}

	/* The server certificate; the bad one expired a month ago and names a host nobody connects to. */
	time_t from = bad ? now - 60 * DAY : now - DAY, to = bad ? now - 30 * DAY : now + 90 * DAY;
	if (common_fields(crt, key, bad ? "CN=" BAD_NAME ",O=smtpcon practice lab" : "CN=" LAB_HOSTNAME
	                                                                             ",O=smtpcon practice lab",
	                  from, to, err) < 0)
		goto out;
	unsigned char id[64];
	size_t idlen = sizeof id;
	if ((rc = server_fields(crt, bad)) < 0 || (rc = gnutls_x509_crt_set_basic_constraints(crt, 0, -1)) < 0 ||
	    (rc = gnutls_x509_crt_set_key_usage(crt, GNUTLS_KEY_DIGITAL_SIGNATURE)) < 0 ||
	    (rc = gnutls_x509_crt_set_key_purpose_oid(crt, GNUTLS_KP_TLS_WWW_SERVER, 0)) < 0 ||
	    (rc = gnutls_x509_crt_get_subject_key_id(ca, id, &idlen, NULL)) < 0 ||
	    (rc = gnutls_x509_crt_set_authority_key_id(crt, id, idlen)) < 0 ||
	    (rc = gnutls_x509_crt_sign2(crt, ca, cakey, GNUTLS_DIG_SHA256, 0)) < 0) {
		fail(err, N_("server certificate"), rc);
		goto out;
	}

	unsigned char fp[32];
	size_t fplen = sizeof fp;
	if ((rc = gnutls_x509_crt_get_fingerprint(crt, GNUTLS_DIG_SHA256, fp, &fplen)) < 0) {
		fail(err, N_("fingerprint"), rc);
		goto out;
	}
	hex_colons(fp, fplen, c->fingerprint, sizeof c->fingerprint);

	char *leaf = export_pem_crt(crt);
	ca_pem = export_pem_crt(ca);
	c->key_pem = export_pem_key(key);
	if (leaf == NULL || ca_pem == NULL || c->key_pem == NULL) {
		free(leaf);
		*err = xstrdup("certificate: export failed");
		goto out;
	}
	c->cert_pem = xasprintf("%s%s", leaf, ca_pem); /* the chain: leaf, then its issuer */
	free(leaf);

	c->ca_file = xasprintf("%s/ca.pem", dir);
	c->cert_file = xasprintf("%s/cert.pem", dir);
	c->key_file = xasprintf("%s/key.pem", dir);
	if (write_file(c->ca_file, ca_pem, strlen(ca_pem), 0644, err) < 0 ||
	    write_file(c->cert_file, c->cert_pem, strlen(c->cert_pem), 0644, err) < 0 ||
	    write_file(c->key_file, c->key_pem, strlen(c->key_pem), 0600, err) < 0)
		goto out;
	ret = 0;
out:
	free(ca_pem);
	if (ca)
		gnutls_x509_crt_deinit(ca);
	if (crt)
		gnutls_x509_crt_deinit(crt);
	if (cakey)
		gnutls_x509_privkey_deinit(cakey);
	if (key)
		gnutls_x509_privkey_deinit(key);
	if (ret < 0)
		lab_certs_free(c);
	return ret;
}

void lab_certs_free(struct lab_certs *c)
{
	free(c->ca_file);
	free(c->cert_file);
	free(c->key_file);
	free(c->cert_pem);
	if (c->key_pem) {
		explicit_bzero(c->key_pem, strlen(c->key_pem));
		free(c->key_pem);
	}
	memset(c, 0, sizeof *c);
}
