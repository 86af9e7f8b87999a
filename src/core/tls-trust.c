/* tls-trust: the trust anchors TLS clients verify against (see tls-trust.h). */
#include "core/tls-trust.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <gnutls/ocsp.h>
#include <gnutls/x509.h>

#include "core/tls.h"
#include "core/trust-index.h"
#include "lib/xmalloc.h"

/*
 * The system trust store: parsing its ~150 CAs took 20-35 ms (over 100 ms in a cold process), twice a loopback
 * session. So it is only indexed (trust-index.h: each block decoded, its subject found, ~2 ms), once per process,
 * in a worker thread started as soon as a connection begins (tls_preload_system_trust); a client's credentials
 * start with no CA, and after the handshake trust_system_fill adds the few CAs its verification can look at.
 * When the store cannot be indexed (not the file we expect, or a block the index cannot read), each client loads
 * it whole through GnuTLS, as before. Only the main thread starts, joins and reads the index: the join orders
 * the worker's writes before any use.
 */
static struct trust_index *system_index;
static enum {
	SYSTEM_NONE,
	SYSTEM_LOADING,
	SYSTEM_READY
} system_state;
static pthread_t system_thread;

/* Test hook (documented as test-only in smtpcon.1): another file stands for the system store. */
static const char *system_file(void)
{
	const char *hook = getenv(TRUST_ENV_SYSTEM_CA_FILE);
	if (hook && *hook)
		return hook;
	return SMTPCON_SYSTEM_STORE[0] ? SMTPCON_SYSTEM_STORE : NULL;
}

static void *load_system_trust(void *arg)
{
	const char *path = arg;
	system_index = path ? trust_index_load(path) : NULL;
	return NULL;
}

static void free_system_trust(void)
{
	if (system_state == SYSTEM_LOADING)
		pthread_join(system_thread, NULL);
	trust_index_free(system_index);
	system_index = NULL;
	system_state = SYSTEM_NONE;
}

void tls_preload_system_trust(void)
{
	if (system_state != SYSTEM_NONE)
		return;
	/* The path is read here, in the main thread: getenv is not for the worker. */
	if (pthread_create(&system_thread, NULL, load_system_trust, (void *)system_file()) == 0) {
		system_state = SYSTEM_LOADING;
		atexit(free_system_trust);
	}
}

static void system_ready(void)
{
	if (system_state == SYSTEM_LOADING) {
		pthread_join(system_thread, NULL);
		system_state = SYSTEM_READY;
	} else if (system_state == SYSTEM_NONE) {
		load_system_trust((void *)system_file());
		system_state = SYSTEM_READY;
		atexit(free_system_trust);
	}
}

/* Every name GnuTLS may look a CA up by while it verifies this session's chain (gnutls_certificate_verify_peers3)
 * and its stapled OCSP responses (there and in tls-ocsp.c): each certificate's subject and issuer, and an OCSP
 * responder's name. Appended to *names (raw DER, allocated by GnuTLS). */
static void add_name(gnutls_datum_t **names, size_t *n, int ret, gnutls_datum_t *dn)
{
	if (ret < 0 || dn->size == 0) {
		gnutls_free(dn->data);
		return;
	}
	*names = xrealloc(*names, (*n + 1) * sizeof **names);
	(*names)[(*n)++] = *dn;
}

static void add_crt_names(gnutls_datum_t **names, size_t *n, gnutls_x509_crt_t c)
{
	gnutls_datum_t dn = {NULL, 0};
	add_name(names, n, gnutls_x509_crt_get_raw_dn(c, &dn), &dn);
	dn = (gnutls_datum_t){NULL, 0};
	add_name(names, n, gnutls_x509_crt_get_raw_issuer_dn(c, &dn), &dn);
}

static void add_der_names(gnutls_datum_t **names, size_t *n, const gnutls_datum_t *der)
{
	gnutls_x509_crt_t c;
	if (gnutls_x509_crt_init(&c) < 0)
		return;
	if (gnutls_x509_crt_import(c, der, GNUTLS_X509_FMT_DER) >= 0)
		add_crt_names(names, n, c);
	gnutls_x509_crt_deinit(c);
}

static void add_ocsp_names(gnutls_datum_t **names, size_t *n, const gnutls_datum_t *resp)
{
	gnutls_ocsp_resp_t r;
	if (gnutls_ocsp_resp_init(&r) < 0)
		return;
	if (gnutls_ocsp_resp_import(r, resp) >= 0) {
		gnutls_datum_t dn = {NULL, 0};
		add_name(names, n, gnutls_ocsp_resp_get_responder_raw_id(r, GNUTLS_OCSP_RESP_ID_DN, &dn), &dn);
		gnutls_x509_crt_t *certs = NULL;
		size_t ncerts = 0;
		if (gnutls_ocsp_resp_get_certs(r, &certs, &ncerts) >= 0) {
			for (size_t i = 0; i < ncerts; i++) {
				add_crt_names(names, n, certs[i]);
				gnutls_x509_crt_deinit(certs[i]);
			}
			gnutls_free(certs);
		}
	}
	gnutls_ocsp_resp_deinit(r);
}

int trust_system_fill(gnutls_certificate_credentials_t cred, gnutls_session_t s)
{
	system_ready();
	gnutls_x509_trust_list_t tl = NULL;
	gnutls_certificate_get_trust_list(cred, &tl);
	if (system_index == NULL) {
		/* Not indexed: GnuTLS loads the whole store, as gnutls_certificate_set_x509_system_trust would. */
		const char *hook = getenv(TRUST_ENV_SYSTEM_CA_FILE);
		if (hook && *hook) {
			int ret = gnutls_x509_trust_list_add_trust_file(
				tl, hook, NULL, GNUTLS_X509_FMT_PEM, GNUTLS_TL_USE_IN_TLS | GNUTLS_TL_NO_DUPLICATES, 0);
			return ret > 0 ? ret : 0; /* as GnuTLS's own system store: a file it cannot load is empty */
		}
		return gnutls_certificate_set_x509_system_trust(cred);
	}
	gnutls_datum_t *names = NULL;
	size_t n = 0;
	unsigned npeers = 0;
	const gnutls_datum_t *peers = gnutls_certificate_get_peers(s, &npeers);
	for (unsigned i = 0; peers && i < npeers; i++) {
		add_der_names(&names, &n, &peers[i]);
		gnutls_datum_t resp = {NULL, 0};
		if (gnutls_ocsp_status_request_get2(s, i, &resp) >= 0 && resp.size)
			add_ocsp_names(&names, &n, &resp);
	}
	/* GNUTLS_TL_USE_IN_TLS: the flag gnutls_certificate_set_x509_system_trust loads the store with. */
	int ret = trust_index_add(system_index, tl, names, n, GNUTLS_TL_USE_IN_TLS);
	for (size_t i = 0; i < n; i++)
		gnutls_free(names[i].data);
	free(names);
	/* The count shown is the store's, as a whole load would report it; an import error, as GnuTLS's system
	 * store reports a file it cannot load: empty. */
	return ret < 0 ? 0 : (int)trust_index_count(system_index);
}

/*
 * The CA file of --tls-ca-path: parsing it costs about as much as the rest of a client's handshake work, and
 * every connection of a process (batch --repeat, reconnects in the TUI) names the same file. The last file
 * loaded stays cached while it is unchanged on disk. A connection still using it when another file (or a newer
 * version) is wanted keeps it: the new credentials are then that connection's own, freed on release.
 */
static struct {
	char *path;
	struct stat st;
	gnutls_certificate_credentials_t cred;
	int count;     /* certificates loaded */
	unsigned refs; /* connections using it now */
} ca_cache;

static bool same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
	       a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

static void drop_ca_cache(void)
{
	if (ca_cache.cred)
		gnutls_certificate_free_credentials(ca_cache.cred);
	free(ca_cache.path);
	memset(&ca_cache, 0, sizeof ca_cache);
}

gnutls_certificate_credentials_t trust_ca_file(const char *path, int *ret)
{
	struct stat st;
	/* stat() before reading: a change during the read shows as a different file next time. */
	bool have_st = stat(path, &st) == 0;
	if (have_st && ca_cache.cred && strcmp(ca_cache.path, path) == 0 && same_file(&st, &ca_cache.st)) {
		ca_cache.refs++;
		*ret = ca_cache.count;
		return ca_cache.cred;
	}
	gnutls_certificate_credentials_t cred;
	if ((*ret = gnutls_certificate_allocate_credentials(&cred)) < 0)
		return NULL;
	*ret = gnutls_certificate_set_x509_trust_file(cred, path, GNUTLS_X509_FMT_PEM);
	if (*ret <= 0) {
		gnutls_certificate_free_credentials(cred);
		return NULL;
	}
	if (have_st && ca_cache.refs == 0) {
		static bool registered;
		drop_ca_cache();
		ca_cache.path = xstrdup(path);
		ca_cache.st = st;
		ca_cache.cred = cred;
		ca_cache.count = *ret;
		ca_cache.refs = 1;
		if (!registered)
			registered = atexit(drop_ca_cache) == 0;
	}
	return cred;
}

void trust_release(gnutls_certificate_credentials_t cred)
{
	if (cred == NULL)
		return;
	if (cred == ca_cache.cred) {
		ca_cache.refs--;
		return;
	}
	gnutls_certificate_free_credentials(cred);
}
