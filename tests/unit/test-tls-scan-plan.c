/* test-tls-scan-plan: /tls scan's plan (core/tls-scan.c) against simulated servers, so that what it concludes can
 * be checked exactly: which suites a server accepts (every one, none more), whether it enforces its own order and
 * what that order is (the elimination must get a realistic order right although GnuTLS can only offer products
 * kx x cipher x MAC), which groups it takes, and what it flags. The server answers a priority string as GnuTLS
 * would offer it (kx-major product, in the lists' order), or a hand-built hello (the exact suites, by their code
 * points: GnuTLS names them, as it does for the plan), and picks by its own preference or by the client's. */
#include <stdlib.h>
#include <string.h>

#include <gnutls/gnutls.h>

#include "check.h"
#include "core/tls-hello.h"
#include "core/tls-scan.h"

struct ssuite {
	const char *kx, *cipher, *mac, *name;
};

struct server {
	const char *versions[4];
	const struct ssuite *s12; /* TLS 1.2 suites in the server's preference */
	size_t n12;
	const char *s13[4]; /* TLS 1.3 ciphers in its preference */
	const char *groups[4];
	bool server_order;
};

static bool member(const char *const *v, size_t n, const char *x)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] && strcmp(v[i], x) == 0)
			return true;
	return false;
}

/* Parse the priority the plan wants offered and answer as the server would: fill ti, or return false (refused). */
static bool answer(const struct server *sv, const char *prio, struct tls_info *ti)
{
	char buf[1024], *save = NULL;
	const char *K[32], *C[32], *M[32], *vers = NULL, *group = NULL;
	size_t nk = 0, nc = 0, nm = 0;
	static const char *const macs[] = {"AEAD", "SHA1", "SHA256", "SHA384", "MD5"};
	bool version_probe = strncmp(prio, "NORMAL", 6) == 0;
	snprintf(buf, sizeof buf, "%s", prio);
	for (char *t = strtok_r(buf, ":", &save); t; t = strtok_r(NULL, ":", &save)) {
		if (*t != '+')
			continue;
		t++;
		if (strncmp(t, "VERS-", 5) == 0)
			vers = t + 5;
		else if (strncmp(t, "GROUP-", 6) == 0)
			group = strcmp(t, "GROUP-ALL") == 0 ? NULL : t + 6;
		else if (strncmp(t, "SIGN-", 5) == 0 || strncmp(t, "COMP-", 5) == 0)
			continue;
		else if (member(macs, 5, t))
			M[nm++] = t;
		else if (strstr(t, "RSA") || strstr(t, "ECDSA") || strstr(t, "DSS"))
			K[nk++] = t;
		else
			C[nc++] = t;
	}
	static char v[16], c[32], k[32], m[16], g[32];
	if (vers == NULL || !member(sv->versions, 4, vers))
		return false;
	snprintf(v, sizeof v, "%s", vers);
	ti->version = v;
	/* Groups: the one offered, when the server has it; any of its own otherwise. */
	if (group && !member(sv->groups, 4, group))
		return false;
	snprintf(g, sizeof g, "%s", group ? group : sv->groups[0]);
	ti->kx_group = g;
	if (strcmp(vers, "TLS1.3") == 0) {
		for (size_t i = 0; i < 4 && sv->s13[i]; i++) {
			/* The server's first that is offered, or the client's first the server has. */
			const char *pick = NULL;
			if (sv->server_order)
				pick = version_probe || member(C, nc, sv->s13[i]) ? sv->s13[i] : NULL;
			else
				for (size_t j = 0; j < nc && !pick; j++)
					pick = member(sv->s13, 4, C[j]) ? C[j] : NULL;
			if (pick) {
				snprintf(c, sizeof c, "%s", pick);
				ti->cipher = c, ti->kx = NULL, ti->mac = (char *)"AEAD";
				return true;
			}
		}
		return false;
	}
	const struct ssuite *pick = NULL;
	if (version_probe) {
		pick = &sv->s12[0];
	} else if (sv->server_order) {
		for (size_t i = 0; i < sv->n12 && !pick; i++)
			if (member(K, nk, sv->s12[i].kx) && member(C, nc, sv->s12[i].cipher) &&
			    member(M, nm, sv->s12[i].mac))
				pick = &sv->s12[i];
	} else {
		for (size_t a = 0; a < nk && !pick; a++)
			for (size_t b = 0; b < nc && !pick; b++)
				for (size_t d = 0; d < nm && !pick; d++)
					for (size_t i = 0; i < sv->n12; i++)
						if (!strcmp(K[a], sv->s12[i].kx) && !strcmp(C[b], sv->s12[i].cipher) &&
						    !strcmp(M[d], sv->s12[i].mac))
							pick = &sv->s12[i];
	}
	if (pick == NULL)
		return false;
	/* A group only means something with ECDHE. */
	if (group && strncmp(pick->kx, "ECDHE", 5) != 0)
		return false;
	snprintf(c, sizeof c, "%s", pick->cipher), snprintf(k, sizeof k, "%s", pick->kx);
	snprintf(m, sizeof m, "%s", pick->mac);
	ti->cipher = c, ti->kx = k, ti->mac = m;
	if (strncmp(pick->kx, "ECDHE", 5) != 0)
		ti->kx_group = NULL;
	return true;
}

/* The suite GnuTLS names by code point id, as the server knows it (kx, cipher, MAC), or NULL. */
static const struct ssuite *by_id(const struct server *sv, const uint8_t *id)
{
	unsigned char sid[2];
	gnutls_kx_algorithm_t kx;
	gnutls_cipher_algorithm_t cipher;
	gnutls_mac_algorithm_t mac;
	gnutls_protocol_t min;
	for (size_t i = 0; gnutls_cipher_suite_info(i, sid, &kx, &cipher, &mac, &min) != NULL; i++) {
		if (memcmp(sid, id, 2) != 0 || min == GNUTLS_TLS1_3)
			continue;
		const char *k = gnutls_kx_get_name(kx), *c = gnutls_cipher_get_name(cipher),
			   *m = gnutls_mac_get_name(mac);
		for (size_t j = 0; j < sv->n12; j++)
			if (k && c && m && !strcmp(k, sv->s12[j].kx) && !strcmp(c, sv->s12[j].cipher) &&
			    !strcmp(m, sv->s12[j].mac))
				return &sv->s12[j];
	}
	return NULL;
}

/* A server that refuses every hand-built hello (one that wants something it lacks). */
static bool refuse_hello;

/* The server's answer to a hand-built hello offering p->suites (TLS 1.2 only here). */
static void answer_hello(const struct server *sv, const struct tls_probe *p, struct tls_server_hello *sh)
{
	*sh = (struct tls_server_hello){.kind = TLS_HELLO_ALERT, .alert_level = 2, .alert = 40};
	CHECK(p->hello_version == TLS_HELLO_TLS12 && p->priority == NULL);
	if (refuse_hello)
		return;
	const uint8_t *pick = NULL;
	if (sv->server_order) {
		for (size_t i = 0; i < sv->n12 && !pick; i++)
			for (size_t k = 0; k < p->nsuites && !pick; k++)
				if (by_id(sv, p->suites + 2 * k) == &sv->s12[i])
					pick = p->suites + 2 * k;
	} else {
		for (size_t k = 0; k < p->nsuites && !pick; k++)
			if (by_id(sv, p->suites + 2 * k))
				pick = p->suites + 2 * k;
	}
	if (pick) {
		*sh = (struct tls_server_hello){.kind = TLS_HELLO_SERVER_HELLO, .version = TLS_HELLO_TLS12};
		memcpy(sh->suite, pick, 2);
	}
}

/* Order probes numbered 0 per version (the console says a phase starts at 0: once per version). */
static unsigned order_starts[4];

static struct tls_scan *run(const struct server *sv, unsigned *conns)
{
	struct tls_scan *sc = tls_scan_new(0);
	struct tls_probe p;
	*conns = 0;
	memset(order_starts, 0, sizeof order_starts);
	while (tls_scan_next(sc, &p)) {
		(*conns)++;
		if (p.kind == TLS_PROBE_ORDER && p.index == 0 && p.version < 4)
			order_starts[p.version]++;
		if (p.suites) {
			struct tls_server_hello sh;
			answer_hello(sv, &p, &sh);
			tls_scan_result_hello(sc, &sh);
			continue;
		}
		struct tls_info ti;
		memset(&ti, 0, sizeof ti);
		bool ok = answer(sv, p.priority, &ti);
		tls_scan_result(sc, ok ? &ti : NULL);
	}
	return sc;
}

/* A typical modern server: ECDHE and DHE with AEAD first, then CBC and static RSA at the end. */
static const struct ssuite pref12[] = {
	{"ECDHE-RSA", "AES-256-GCM", "AEAD", "TLS_ECDHE_RSA_AES_256_GCM_SHA384"},
	{"ECDHE-RSA", "CHACHA20-POLY1305", "AEAD", "TLS_ECDHE_RSA_CHACHA20_POLY1305"},
	{"ECDHE-RSA", "AES-128-GCM", "AEAD", "TLS_ECDHE_RSA_AES_128_GCM_SHA256"},
	{"DHE-RSA", "AES-256-GCM", "AEAD", "TLS_DHE_RSA_AES_256_GCM_SHA384"},
	{"DHE-RSA", "AES-128-GCM", "AEAD", "TLS_DHE_RSA_AES_128_GCM_SHA256"},
	{"ECDHE-RSA", "AES-256-CBC", "SHA1", "TLS_ECDHE_RSA_AES_256_CBC_SHA1"},
	{"ECDHE-RSA", "AES-128-CBC", "SHA1", "TLS_ECDHE_RSA_AES_128_CBC_SHA1"},
	{"RSA", "AES-256-GCM", "AEAD", "TLS_RSA_AES_256_GCM_SHA384"},
	{"RSA", "AES-128-CBC", "SHA1", "TLS_RSA_AES_128_CBC_SHA1"},
};
#define N12 (sizeof pref12 / sizeof pref12[0])

/* Every suite of pref (n) is listed once, none more; the first `ordered` in pref's order. */
static void check_suites(const struct tls_scan_version *r, const struct ssuite *pref, size_t n, size_t ordered)
{
	CHECK_INT(r->nsuites, n);
	for (size_t i = 0; i < n && i < r->nsuites; i++) {
		bool found = false;
		for (size_t k = 0; k < r->nsuites; k++)
			found |= strcmp(r->suites[k], pref[i].name) == 0;
		CHECK(found);
		if (i < ordered)
			CHECK_STR(r->suites[i], pref[i].name);
	}
}

/* A server whose order the plan can prove whole only by comparing picks of separate offers: after its first
 * choice, the rest offered together would include that choice again. */
static const struct ssuite pref_split[] = {
	{"ECDHE-RSA", "AES-256-GCM", "AEAD", "TLS_ECDHE_RSA_AES_256_GCM_SHA384"},
	{"ECDHE-RSA", "AES-128-GCM", "AEAD", "TLS_ECDHE_RSA_AES_128_GCM_SHA256"},
	{"RSA", "AES-128-GCM", "AEAD", "TLS_RSA_AES_128_GCM_SHA256"},
	{"RSA", "AES-256-GCM", "AEAD", "TLS_RSA_AES_256_GCM_SHA384"},
};

int main(void)
{
	unsigned conns;
	struct server sv = {{"TLS1.2", "TLS1.3"},    pref12, N12, {"AES-256-GCM", "CHACHA20-POLY1305", "AES-128-GCM"},
			    {"X25519", "SECP256R1"}, true};
	struct tls_scan *sc = run(&sv, &conns);
	const struct tls_scan_version *r10 = tls_scan_version(sc, 0), *r12 = tls_scan_version(sc, 2),
				      *r13 = tls_scan_version(sc, 3);
	CHECK(!r10->accepted && r10->nsuites == 0);
	CHECK(r12->accepted);
	CHECK_INT(r12->server_order, 1);
	/* Hand-built hellos offer exactly the rest each round: the whole order, exact. */
	CHECK_INT(r12->order_known, N12);
	CHECK(r12->order_exact);
	CHECK_STR(r12->order_probes, "client_hello");
	CHECK_STR(r13->order_probes, "gnutls"); /* TLS 1.3 suites are one list: GnuTLS offers any set exactly */
	CHECK(r10->order_probes == NULL);
	check_suites(r12, pref12, N12, N12);
	CHECK_INT(r12->ngroups, 2);
	CHECK(r12->ngroups == 2 && strcmp(r12->groups[0], "SECP256R1") == 0 && strcmp(r12->groups[1], "X25519") == 0);
	CHECK_INT(r13->server_order, 1);
	CHECK_INT(r13->nsuites, 3);
	CHECK(r13->nsuites == 3 && strcmp(r13->suites[0], "TLS_AES_256_GCM_SHA384") == 0 &&
	      strcmp(r13->suites[1], "TLS_CHACHA20_POLY1305_SHA256") == 0 &&
	      strcmp(r13->suites[2], "TLS_AES_128_GCM_SHA256") == 0);
	/* Weak: the CBC-SHA1 suites and static RSA, nothing else. */
	size_t cbc = 0, fs = 0;
	for (size_t i = 0; i < r12->nweak; i++) {
		cbc += strcmp(r12->weak[i].w->id, "cbc-sha1") == 0;
		fs += strcmp(r12->weak[i].w->id, "no-forward-secrecy") == 0;
	}
	CHECK_INT(cbc, 3);
	CHECK_INT(fs, 2);
	CHECK_INT(r12->nweak, 5);
	CHECK_INT(r13->nweak, 0);
	CHECK(!tls_scan_truncated(sc));
	CHECK_INT(tls_scan_connections(sc), conns);
	CHECK(conns < TLS_SCAN_MAX_CONNECTIONS);
	tls_scan_free(sc);

	/* A server that refuses the hand-built hellos: the order is found with GnuTLS's products, as far as they can
	 * prove it. Products kx x cipher x MAC cannot offer this rest without the first choice: only a prefix is
	 * proven (and what is shown as proven is right). */
	refuse_hello = true;
	sc = run(&sv, &conns);
	r12 = tls_scan_version(sc, 2);
	CHECK_INT(r12->server_order, 1);
	CHECK(r12->order_known >= 1 && r12->order_known < N12);
	CHECK(!r12->order_exact);
	CHECK_STR(r12->order_probes, "gnutls");
	CHECK_INT(order_starts[2], 1); /* the fallback goes on in the same phase */
	check_suites(r12, pref12, N12, r12->order_known);
	tls_scan_free(sc);
	refuse_hello = false;

	/* The same server following the client's order: the same suites, and it says so. */
	sv.server_order = false;
	sc = run(&sv, &conns);
	r12 = tls_scan_version(sc, 2);
	CHECK_INT(r12->server_order, 0);
	CHECK_INT(r12->order_known, 0);
	CHECK(!r12->order_exact);
	check_suites(r12, pref12, N12, 0);
	tls_scan_free(sc);
	/* ... also when its hellos are refused and GnuTLS's products decide */
	refuse_hello = true;
	sc = run(&sv, &conns);
	CHECK_INT(tls_scan_version(sc, 2)->server_order, 0);
	tls_scan_free(sc);
	refuse_hello = false;

	/* The order proven whole through separate offers and a comparison of their picks. */
	struct server split = {{"TLS1.2"}, pref_split, 4, {NULL}, {"X25519"}, true};
	sc = run(&split, &conns);
	r12 = tls_scan_version(sc, 2);
	CHECK_INT(r12->server_order, 1);
	CHECK_INT(r12->order_known, 4);
	check_suites(r12, pref_split, 4, 4);
	tls_scan_free(sc);
	refuse_hello = true;
	sc = run(&split, &conns);
	r12 = tls_scan_version(sc, 2);
	CHECK_INT(r12->order_known, 4);
	check_suites(r12, pref_split, 4, 4);
	tls_scan_free(sc);
	refuse_hello = false;

	/* The bound: a tiny budget stops the scan and says so. */
	sv.server_order = true;
	sc = tls_scan_new(10);
	struct tls_probe p;
	unsigned n = 0;
	while (tls_scan_next(sc, &p)) {
		n++;
		if (p.suites) {
			struct tls_server_hello sh;
			answer_hello(&sv, &p, &sh);
			tls_scan_result_hello(sc, &sh);
			continue;
		}
		struct tls_info ti;
		memset(&ti, 0, sizeof ti);
		tls_scan_result(sc, answer(&sv, p.priority, &ti) ? &ti : NULL);
	}
	CHECK_INT(n, 10);
	CHECK(tls_scan_truncated(sc));
	tls_scan_free(sc);
	return check_report();
}
