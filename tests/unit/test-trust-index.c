/* test-trust-index: the system store's index (core/trust-index.c) against GnuTLS loading the same store whole:
 * the same number of CAs; for every CA of the real store, verified as a one-certificate chain, the verdict against
 * the few CAs the index adds equals the verdict against the whole store; and files GnuTLS would refuse whole are
 * refused (the caller then lets GnuTLS decide). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "check.h"
#include "core/trust-index.h"
#include "lib/xmalloc.h"

static char dir[] = "/tmp/smtpcon-test-trust-index-XXXXXX";

static char *write_file(const char *name, const char *text)
{
	char *p = xasprintf("%s/%s", dir, name);
	FILE *f = fopen(p, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
	return p;
}

/* Every CA of the store: the index's subset gives GnuTLS's verdict. */
static void test_same_verdicts(const char *store)
{
	struct trust_index *ix = trust_index_load(store);
	CHECK(ix != NULL);
	gnutls_x509_trust_list_t full;
	gnutls_x509_trust_list_init(&full, 0);
	int n = gnutls_x509_trust_list_add_trust_file(full, store, NULL, GNUTLS_X509_FMT_PEM,
						      GNUTLS_TL_USE_IN_TLS | GNUTLS_TL_NO_DUPLICATES, 0);
	CHECK(n > 100); /* Debian's ca-certificates: ~140 */
	CHECK_INT((int)trust_index_count(ix), n);

	gnutls_datum_t pem = {NULL, 0};
	gnutls_x509_crt_t *certs = NULL;
	unsigned ncerts = 0;
	CHECK(gnutls_load_file(store, &pem) == 0);
	CHECK(gnutls_x509_crt_list_import2(&certs, &ncerts, &pem, GNUTLS_X509_FMT_PEM, 0) >= 0);
	CHECK_INT((int)ncerts, n);
	int differ = 0, lonely = 0;
	for (unsigned i = 0; i < ncerts; i++) {
		gnutls_datum_t names[2] = {{NULL, 0}, {NULL, 0}};
		gnutls_x509_crt_get_raw_dn(certs[i], &names[0]);
		gnutls_x509_crt_get_raw_issuer_dn(certs[i], &names[1]);
		gnutls_x509_trust_list_t sub;
		gnutls_x509_trust_list_init(&sub, 0);
		int added = trust_index_add(ix, sub, names, 2, GNUTLS_TL_USE_IN_TLS);
		if (added < 1)
			lonely++; /* the CA itself must be among them */
		unsigned a = 0, b = 0;
		int ra = gnutls_x509_trust_list_verify_crt2(full, &certs[i], 1, NULL, 0, 0, &a, NULL);
		int rb = gnutls_x509_trust_list_verify_crt2(sub, &certs[i], 1, NULL, 0, 0, &b, NULL);
		if (ra != rb || a != b) {
			differ++;
			fprintf(stderr, "CA %u: whole store %d/0x%x, index %d/0x%x\n", i, ra, a, rb, b);
		}
		gnutls_x509_trust_list_deinit(sub, 1);
		gnutls_free(names[0].data);
		gnutls_free(names[1].data);
	}
	CHECK_INT(lonely, 0);
	CHECK_INT(differ, 0);
	for (unsigned i = 0; i < ncerts; i++)
		gnutls_x509_crt_deinit(certs[i]);
	gnutls_free(certs);
	gnutls_free(pem.data);
	gnutls_x509_trust_list_deinit(full, 1);
	trust_index_free(ix);
}

/* An unknown name adds nothing. */
static void test_unknown_name(const char *store)
{
	struct trust_index *ix = trust_index_load(store);
	/* SEQUENCE { SET { SEQUENCE { OID 2.5.4.3, UTF8String "nobody" } } } */
	static unsigned char dn[] = {0x30, 0x11, 0x31, 0x0f, 0x30, 0x0d, 0x06, 0x03, 0x55, 0x04,
				     0x03, 0x0c, 0x06, 'n',  'o',  'b',  'o',  'd',  'y'};
	gnutls_datum_t name = {dn, sizeof dn};
	gnutls_x509_trust_list_t tl;
	gnutls_x509_trust_list_init(&tl, 0);
	CHECK_INT(trust_index_add(ix, tl, &name, 1, 0), 0);
	gnutls_x509_trust_list_deinit(tl, 1);
	trust_index_free(ix);
}

/* Files GnuTLS refuses whole (or finds nothing in) are not indexed. */
static void test_refused(const char *store)
{
	char *missing = xasprintf("%s/missing.pem", dir);
	CHECK(trust_index_load(missing) == NULL);
	char *none = write_file("none.pem", "no certificate here\n");
	CHECK(trust_index_load(none) == NULL);
	/* A block that decodes to something that is not a certificate, then a real CA. */
	gnutls_datum_t pem = {NULL, 0};
	CHECK(gnutls_load_file(store, &pem) == 0);
	char *text = xasprintf("-----BEGIN CERTIFICATE-----\nMIIBkTCCATegAwIBAgIU\n-----END CERTIFICATE-----\n%.*s",
			       (int)pem.size, (const char *)pem.data);
	char *broken = write_file("broken.pem", text);
	CHECK(trust_index_load(broken) == NULL);
	gnutls_certificate_credentials_t c;
	gnutls_certificate_allocate_credentials(&c);
	CHECK(gnutls_certificate_set_x509_trust_file(c, broken, GNUTLS_X509_FMT_PEM) < 0); /* GnuTLS agrees */
	gnutls_certificate_free_credentials(c);
	unlink(missing);
	unlink(none);
	unlink(broken);
	free(missing);
	free(none);
	free(broken);
	free(text);
	gnutls_free(pem.data);
}

int main(void)
{
	const char *store = SMTPCON_SYSTEM_STORE;
	if (!*store || access(store, R_OK) != 0) {
		fprintf(stderr, "test-trust-index: no system store at '%s' (Debian's ca-certificates)\n", store);
		return 1;
	}
	if (mkdtemp(dir) == NULL)
		return 1;
	test_same_verdicts(store);
	test_unknown_name(store);
	test_refused(store);
	rmdir(dir);
	return check_report();
}
