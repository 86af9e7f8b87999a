/* tls-trust: trust anchors loaded once per process and shared by every TLS client (see tls-trust.h). */
#include "core/tls-trust.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/tls.h"
#include "lib/xmalloc.h"

/*
 * The system trust store takes 20-35 ms to load. It is loaded once per process, in a worker thread started as soon
 * as a connection begins (tls_preload_system_trust), and shared by every client that uses it. Only the main
 * thread starts, joins and reads it: the join orders the worker's writes before any use.
 */
static gnutls_certificate_credentials_t system_cred;
static int system_ret;
static enum { SYSTEM_NONE, SYSTEM_LOADING, SYSTEM_READY } system_state;
static pthread_t system_thread;

static void *load_system_trust(void *arg)
{
	(void)arg;
	if (gnutls_certificate_allocate_credentials(&system_cred) < 0) {
		system_cred = NULL;
		system_ret = GNUTLS_E_MEMORY_ERROR;
		return NULL;
	}
	system_ret = gnutls_certificate_set_x509_system_trust(system_cred);
	return NULL;
}

static void free_system_trust(void)
{
	if (system_state == SYSTEM_LOADING)
		pthread_join(system_thread, NULL);
	if (system_cred)
		gnutls_certificate_free_credentials(system_cred);
	system_cred = NULL;
	system_state = SYSTEM_NONE;
}

void tls_preload_system_trust(void)
{
	if (system_state != SYSTEM_NONE)
		return;
	if (pthread_create(&system_thread, NULL, load_system_trust, NULL) == 0) {
		system_state = SYSTEM_LOADING;
		atexit(free_system_trust);
	}
}

gnutls_certificate_credentials_t trust_system(int *ret)
{
	if (system_state == SYSTEM_LOADING) {
		pthread_join(system_thread, NULL);
		system_state = SYSTEM_READY;
	} else if (system_state == SYSTEM_NONE) {
		load_system_trust(NULL);
		system_state = SYSTEM_READY;
		atexit(free_system_trust);
	}
	*ret = system_ret;
	return system_cred;
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
