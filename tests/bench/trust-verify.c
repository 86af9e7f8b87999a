/* trust-verify: what trust costs a TLS client on this machine, in the calls smtpcon's core makes (core/tls-trust.c:
 * the system store into certificate credentials; a CA file for --tls-ca-path) and the chain check GnuTLS does in
 * the handshake (a trust list verifying the server's chain). Figures, not a test:
 *
 *   smtpcon-trust-verify CHAIN.pem CA.pem [RUNS]
 *
 * CHAIN.pem: the server's chain as it would send it (leaf first); CA.pem: the CA that issued it. Prints, each the
 * median of RUNS (default 21) fresh loads in this process:
 *   - loading the system store (gnutls_certificate_set_x509_system_trust), with how many CAs it holds;
 *   - loading CA.pem the same way (what --tls-ca-path costs);
 *   - verifying CHAIN against a trust list holding the system store and CA.pem (the default case: the issuer is
 *     found among every system CA), and against one holding CA.pem only.
 *   - what smtpcon does instead (core/trust-index.c): index the store once (each block decoded, its subject
 *     found), then add to a session's empty trust list only the CAs the chain's names select, and verify there.
 * The first load is shown apart: it also pays for reading the store's file cold and GnuTLS's first parses. The
 * index is measured first, so it is the one that pays the process's first-use costs. */
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/trust-index.h"

#define MAX_RUNS 1001
#define MAX_CHAIN 16

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp);
	return v[n / 2];
}

static void die(const char *what, int rc)
{
	fprintf(stderr, "trust-verify: %s: %s\n", what, rc < 0 ? gnutls_strerror(rc) : "failed");
	exit(1);
}

/* One load of the system store into fresh credentials: ms, and the number of CAs in *n. */
static double load_system(int *n)
{
	gnutls_certificate_credentials_t c;
	gnutls_certificate_allocate_credentials(&c);
	double t = now_ms();
	*n = gnutls_certificate_set_x509_system_trust(c);
	t = now_ms() - t;
	gnutls_certificate_free_credentials(c);
	if (*n < 0)
		die("system trust", *n);
	return t;
}

static double load_file(const char *ca)
{
	gnutls_certificate_credentials_t c;
	gnutls_certificate_allocate_credentials(&c);
	double t = now_ms();
	int rc = gnutls_certificate_set_x509_trust_file(c, ca, GNUTLS_X509_FMT_PEM);
	t = now_ms() - t;
	gnutls_certificate_free_credentials(c);
	if (rc <= 0)
		die(ca, rc);
	return t;
}

/* Verify the chain against a trust list (system store and/or ca); ms of the verification alone. */
static double verify(gnutls_x509_trust_list_t tl, gnutls_x509_crt_t *chain, unsigned n)
{
	unsigned status = 0;
	double t = now_ms();
	int rc = gnutls_x509_trust_list_verify_crt2(tl, chain, n, NULL, 0, 0, &status, NULL);
	t = now_ms() - t;
	if (rc < 0 || status != 0)
		die("the chain does not verify (give the CA that issued it)", rc < 0 ? rc : 0);
	return t;
}

static gnutls_x509_trust_list_t trust_list(const char *ca, int with_system)
{
	gnutls_x509_trust_list_t tl;
	gnutls_x509_trust_list_init(&tl, 0);
	if (with_system && gnutls_x509_trust_list_add_system_trust(tl, 0, 0) < 0)
		die("system trust list", -1);
	if (gnutls_x509_trust_list_add_trust_file(tl, ca, NULL, GNUTLS_X509_FMT_PEM, 0, 0) <= 0)
		die(ca, -1);
	return tl;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: smtpcon-trust-verify CHAIN.pem CA.pem [RUNS]\n");
		return 2;
	}
	int runs = argc > 3 ? atoi(argv[3]) : 21;
	if (runs < 1 || runs > MAX_RUNS)
		runs = 21;
	gnutls_global_init();

	gnutls_datum_t pem;
	int rc = gnutls_load_file(argv[1], &pem);
	if (rc < 0)
		die(argv[1], rc);
	gnutls_x509_crt_t *chain = NULL;
	unsigned n = MAX_CHAIN;
	rc = gnutls_x509_crt_list_import2(&chain, &n, &pem, GNUTLS_X509_FMT_PEM, 0);
	gnutls_free(pem.data);
	if (rc < 0 || n == 0)
		die(argv[1], rc);

	static double v[MAX_RUNS];
	const char *store = SMTPCON_SYSTEM_STORE;
	double t = now_ms();
	struct trust_index *ix = trust_index_load(store);
	double ix_first = now_ms() - t;
	if (ix == NULL)
		die("the system store cannot be indexed", -1);
	for (int i = 0; i < runs; i++) {
		t = now_ms();
		struct trust_index *again = trust_index_load(store);
		v[i] = now_ms() - t;
		trust_index_free(again);
	}
	double ix_again = median(v, runs);
	/* The chain's names, as core/tls-trust.c collects them, and a trust list holding what they select. */
	gnutls_datum_t names[2 * MAX_CHAIN];
	unsigned nnames = 0;
	for (unsigned i = 0; i < n; i++) {
		if (gnutls_x509_crt_get_raw_dn(chain[i], &names[nnames]) >= 0)
			nnames++;
		if (gnutls_x509_crt_get_raw_issuer_dn(chain[i], &names[nnames]) >= 0)
			nnames++;
	}
	int added = 0;
	for (int i = 0; i < runs; i++) {
		gnutls_x509_trust_list_t tl;
		gnutls_x509_trust_list_init(&tl, 0);
		t = now_ms();
		added = trust_index_add(ix, tl, names, nnames, GNUTLS_TL_USE_IN_TLS);
		v[i] = now_ms() - t;
		gnutls_x509_trust_list_deinit(tl, 1);
	}
	double ix_add = median(v, runs);
	for (unsigned i = 0; i < nnames; i++)
		gnutls_free(names[i].data);

	int ncas = 0;
	double first = load_system(&ncas);
	for (int i = 0; i < runs; i++)
		v[i] = load_system(&ncas);
	double sys = median(v, runs);
	for (int i = 0; i < runs; i++)
		v[i] = load_file(argv[2]);
	double file = median(v, runs);

	gnutls_x509_trust_list_t tl_sys = trust_list(argv[2], 1), tl_file = trust_list(argv[2], 0);
	for (int i = 0; i < runs; i++)
		v[i] = verify(tl_sys, chain, n);
	double ver_sys = median(v, runs);
	for (int i = 0; i < runs; i++)
		v[i] = verify(tl_file, chain, n);
	double ver_file = median(v, runs);

	printf("  load the system store (%d CAs), first in the process   %8.3f ms\n", ncas, first);
	printf("  load the system store (%d CAs), again (median of %d)   %8.3f ms\n", ncas, runs, sys);
	printf("  index the system store (%zu CAs), first in the process  %8.3f ms\n", trust_index_count(ix), ix_first);
	printf("  index the system store, again (median of %d)         %8.3f ms\n", runs, ix_again);
	printf("  add the CAs the chain's names select (%d), median      %8.3f ms\n", added, ix_add);
	printf("  load one CA file (--tls-ca-path), median             %8.3f ms\n", file);
	printf("  verify a %u-certificate chain, system store + CA     %8.3f ms\n", n, ver_sys);
	printf("  verify the same chain, the CA file alone             %8.3f ms\n", ver_file);

	trust_index_free(ix);
	gnutls_x509_trust_list_deinit(tl_sys, 1);
	gnutls_x509_trust_list_deinit(tl_file, 1);
	for (unsigned i = 0; i < n; i++)
		gnutls_x509_crt_deinit(chain[i]);
	gnutls_free(chain);
	gnutls_global_deinit();
	return 0;
}
