/* tls-scan: the plan of /tls scan (see tls-scan.h): which probe comes next, what its answer means, and the weak
 * findings at the end. Only this file of the scan knows GnuTLS: it lists the suites and groups GnuTLS knows and
 * writes the priority strings that offer exactly one of them (or a product of them, for the order), or gives the
 * code points a hand-built hello offers (the order of TLS 1.0 to 1.2). How the server's order is proven past its
 * first pick (which sets to offer, what each pick means) is tls-scan-order.c's. */
#include "core/tls-scan.h"
#include "core/tls-scan-int.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gnutls/gnutls.h>

#include "core/tls-hello.h"
#include "lib/buf.h"
#include "lib/xmalloc.h"

/* The versions, in the order they are probed. The version probes keep NORMAL (what a real client offers); the
 * suite probes offer one suite with NONE:+... */
static const struct vers {
	const char *name;     /* GnuTLS's name of the version, as the handshake reports it */
	const char *priority; /* phase 1: offer this version only */
	gnutls_protocol_t id;
	const char *compat; /* appended to the suite probes' priority */
	unsigned wire;      /* as a hand-built hello says it; 0: no hello probes (TLS 1.3) */
} versions[TLS_SCAN_NVERSIONS] = {
	{"TLS1.0", "NORMAL:-VERS-ALL:+VERS-TLS1.0:%COMPAT", GNUTLS_TLS1_0, ":%COMPAT", TLS_HELLO_TLS10},
	{"TLS1.1", "NORMAL:-VERS-ALL:+VERS-TLS1.1:%COMPAT", GNUTLS_TLS1_1, ":%COMPAT", TLS_HELLO_TLS11},
	{"TLS1.2", "NORMAL:-VERS-ALL:+VERS-TLS1.2", GNUTLS_TLS1_2, "", TLS_HELLO_TLS12},
	{"TLS1.3", "NORMAL:-VERS-ALL:+VERS-TLS1.3", GNUTLS_TLS1_3, "", 0},
};

/* Key exchanges not probed with GnuTLS: they need credentials a client does not have (PSK, SRP), a DSA or GOST
 * server key nobody deploys for mail, or are anonymous (GnuTLS offers those only with anonymous credentials: they
 * are offered in hand-built hellos instead, list_anon). */
static const char *const skip_kx[] = {"PSK", "SRP", "ANON", "DSS", "GOST"};
/* Groups not probed: GOST curves (only with GOST key exchange). */
static const char *const skip_group[] = {"GC"};

static bool has_any(const char *name, const char *const *subs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (name && strstr(name, subs[i]))
			return true;
	return false;
}

/* The suites GnuTLS knows for version v (those usable without special credentials). */
static void list_suites(struct tls_scan *sc)
{
	unsigned char id[2];
	gnutls_kx_algorithm_t kx;
	gnutls_cipher_algorithm_t cipher;
	gnutls_mac_algorithm_t mac;
	gnutls_protocol_t min;
	const char *name;
	bool t13 = sc->v == V13;
	sc->ncand = 0;
	for (size_t i = 0; (name = gnutls_cipher_suite_info(i, id, &kx, &cipher, &mac, &min)) != NULL; i++) {
		bool is13 = min == GNUTLS_TLS1_3;
		if (is13 != t13 || (!t13 && (kx == GNUTLS_KX_UNKNOWN || min > versions[sc->v].id)))
			continue;
		const char *kxn = t13 ? NULL : gnutls_kx_get_name(kx);
		if (!t13 && (kxn == NULL || has_any(kxn, skip_kx, sizeof skip_kx / sizeof skip_kx[0])))
			continue;
		const char *cn = gnutls_cipher_get_name(cipher), *mn = gnutls_mac_get_name(mac);
		if (cn == NULL || mn == NULL || has_any(cn, skip_kx, sizeof skip_kx / sizeof skip_kx[0]))
			continue;
		if (sc->ncand == TLS_SCAN_MAX_SUITES)
			break;
		sc->cand = xrealloc(sc->cand, (sc->ncand + 1) * sizeof *sc->cand);
		sc->cand[sc->ncand++] = (struct suite){name, kxn, cn, mn, {id[0], id[1]}};
	}
}

/* The anonymous suites GnuTLS knows for version v (code points from GnuTLS's table), for the hand-built hellos
 * of PH_ANON; returns how many. */
static size_t list_anon(struct tls_scan *sc)
{
	unsigned char id[2];
	gnutls_kx_algorithm_t kx;
	gnutls_cipher_algorithm_t cipher;
	gnutls_mac_algorithm_t mac;
	gnutls_protocol_t min;
	const char *name;
	sc->nanon = sc->nanon_acc = 0;
	for (size_t i = 0; (name = gnutls_cipher_suite_info(i, id, &kx, &cipher, &mac, &min)) != NULL; i++) {
		if ((kx != GNUTLS_KX_ANON_DH && kx != GNUTLS_KX_ANON_ECDH) || min > versions[sc->v].id ||
		    sc->nanon == TLS_SCAN_MAX_SUITES)
			continue;
		const char *kxn = gnutls_kx_get_name(kx), *cn = gnutls_cipher_get_name(cipher),
			   *mn = gnutls_mac_get_name(mac);
		if (kxn == NULL || cn == NULL || mn == NULL)
			continue;
		sc->anon = xrealloc(sc->anon, (sc->nanon + 1) * sizeof *sc->anon);
		sc->anon[sc->nanon++] = (struct suite){name, kxn, cn, mn, {id[0], id[1]}};
	}
	return sc->nanon;
}

static void list_groups(struct tls_scan *sc)
{
	sc->ngroups = 0;
	if (sc->v < 2)
		return; /* TLS 1.0/1.1: the groups were the same code; the scan's budget goes to 1.2 and 1.3 */
	bool ecdhe = sc->v == V13, dhe = sc->v == V13;
	for (size_t i = 0; i < sc->nacc; i++) {
		const char *kx = sc->cand[sc->acc[i]].kx;
		ecdhe |= kx && strncmp(kx, "ECDHE", 5) == 0;
		dhe |= kx && strncmp(kx, "DHE", 3) == 0;
	}
	for (const gnutls_group_t *g = gnutls_group_list(); g && *g; g++) {
		const char *n = gnutls_group_get_name(*g);
		if (n == NULL || has_any(n, skip_group, sizeof skip_group / sizeof skip_group[0]))
			continue;
		bool ff = strncmp(n, "FFDHE", 5) == 0;
		if (ff ? !dhe : !ecdhe)
			continue;
		sc->groups = xrealloc(sc->groups, (sc->ngroups + 1) * sizeof *sc->groups);
		sc->groups[sc->ngroups++] = n;
	}
}

static void set_priority(struct tls_scan *sc, char *p)
{
	free(sc->priority);
	sc->priority = p;
}

/* Append "+name" for each distinct component (field at offset off of the suites in idx, in that order or
 * reversed); for TLS 1.3 the MAC list is AEAD and there is no kx. */
static void add_components(struct buf *b, const struct suite *cand, const size_t *idx, size_t n, size_t off,
			   bool reverse, const char *only_prefix)
{
	const char *seen[64];
	size_t nseen = 0;
	for (size_t k = 0; k < n; k++) {
		const struct suite *s = &cand[idx[reverse ? n - 1 - k : k]];
		const char *name = *(const char *const *)((const char *)s + off);
		if (name == NULL || (only_prefix && strncmp(name, only_prefix, strlen(only_prefix)) != 0))
			continue;
		bool dup = false;
		for (size_t j = 0; j < nseen; j++)
			dup |= strcmp(seen[j], name) == 0;
		if (dup || nseen == sizeof seen / sizeof seen[0])
			continue;
		seen[nseen++] = name;
		buf_printf(b, ":+%s", name);
	}
}

/* A priority offering the product of the components of the suites idx (kx, then cipher, then MAC: GnuTLS orders
 * the product kx-major, so reversing the three lists reverses the whole order), with groups "GROUP-ALL" or one
 * group; kx_prefix keeps only the key exchanges starting so (ECDHE or DHE for a group probe). */
static char *product(const struct tls_scan *sc, const size_t *idx, size_t n, bool reverse, const char *group,
		     const char *kx_prefix)
{
	struct buf b;
	buf_init(&b, 0);
	buf_printf(&b, "NONE:+VERS-%s", versions[sc->v].name);
	add_components(&b, sc->cand, idx, n, offsetof(struct suite, cipher), reverse, NULL);
	if (sc->v == V13) {
		buf_printf(&b, ":+AEAD");
	} else {
		add_components(&b, sc->cand, idx, n, offsetof(struct suite, mac), reverse, NULL);
		add_components(&b, sc->cand, idx, n, offsetof(struct suite, kx), reverse, kx_prefix);
	}
	buf_printf(&b, ":+SIGN-ALL:+%s:+COMP-NULL%s", group ? group : "GROUP-ALL", versions[sc->v].compat);
	char *p = xstrdup(buf_cstr(&b));
	buf_free(&b);
	return p;
}

/* The code points of the suites idx (n of them, in that order or reversed) into the hello probe's offer. */
static void set_offer(struct tls_scan *sc, const size_t *idx, size_t n, bool reverse, struct tls_probe *p)
{
	for (size_t k = 0; k < n; k++)
		memcpy(sc->offer + 2 * k, sc->cand[idx[reverse ? n - 1 - k : k]].id, 2);
	p->suites = sc->offer;
	p->nsuites = n;
	p->hello_version = versions[sc->v].wire;
}

/* The candidate a server chose in its answer to a hello probe, or -1 (refused, or not what was asked). */
static long find_hello(const struct tls_scan *sc, const struct tls_server_hello *sh)
{
	if (sh == NULL || sh->kind != TLS_HELLO_SERVER_HELLO || sh->version != versions[sc->v].wire ||
	    sh->compression != 0)
		return -1;
	for (size_t i = 0; i < sc->ncand; i++)
		if (memcmp(sc->cand[i].id, sh->suite, 2) == 0)
			return (long)i;
	return -1;
}

/* The candidate a handshake negotiated, or -1. */
static long find(const struct tls_scan *sc, const struct tls_info *ti)
{
	if (ti == NULL || ti->version == NULL || strcmp(ti->version, versions[sc->v].name) != 0 || ti->cipher == NULL)
		return -1;
	for (size_t i = 0; i < sc->ncand; i++) {
		const struct suite *s = &sc->cand[i];
		if (strcmp(s->cipher, ti->cipher) != 0)
			continue;
		if (sc->v == V13 || (ti->kx && ti->mac && strcmp(s->kx, ti->kx) == 0 && strcmp(s->mac, ti->mac) == 0))
			return (long)i;
	}
	return -1;
}

static char **strv_add(char **v, size_t *n, const char *s)
{
	v = xrealloc(v, (*n + 1) * sizeof *v);
	v[(*n)++] = xstrdup(s);
	return v;
}

static void add_weak(struct tls_scan_version *r, const char *name, const struct tls_weak *w)
{
	r->weak = xrealloc(r->weak, (r->nweak + 1) * sizeof *r->weak);
	r->weak[r->nweak++] = (struct tls_scan_weak){xstrdup(name), w};
}

/* The version is scanned: its suites in the order found, then its weak findings. */
/* The order probes end (done, or the scan's bound): say which kind found what is known of the order. */
static void note_order_probes(struct tls_scan *sc)
{
	if (sc->phase == PH_ORDER_FWD || sc->phase == PH_ORDER_REV || sc->phase == PH_ORDER_ELIM)
		sc->res[sc->v].order_probes = sc->hello ? "client_hello" : "gnutls";
}

static void finish_version(struct tls_scan *sc)
{
	struct tls_scan_version *r = &sc->res[sc->v];
	note_order_probes(sc);
	const struct tls_weak *vw = tls_weak_version(r->version);
	if (vw)
		add_weak(r, r->version, vw);
	r->order_known = r->server_order == 1 ? sc->nrank : 0;
	r->order_exact = r->server_order == 1 && sc->nrank == sc->nacc;
	for (size_t i = 0; i < sc->nrank; i++)
		r->suites = strv_add(r->suites, &r->nsuites, sc->cand[sc->rank[i]].name);
	for (size_t i = 0; i < sc->nacc; i++)
		if (!tls_scan_in(sc->rank, sc->nrank, sc->acc[i]))
			r->suites = strv_add(r->suites, &r->nsuites, sc->cand[sc->acc[i]].name);
	for (size_t i = 0; i < sc->nanon_acc; i++)
		r->suites = strv_add(r->suites, &r->nsuites, sc->anon[sc->anon_acc[i]].name);
	r->nhello_only = sc->nanon_acc;
	for (size_t i = 0; i < sc->nacc + sc->nanon_acc; i++) {
		const struct suite *s = i < sc->nacc ? &sc->cand[sc->acc[i]] : &sc->anon[sc->anon_acc[i - sc->nacc]];
		const struct tls_weak *w[8];
		size_t n = tls_weak_suite(r->version, s->kx, s->cipher, s->mac, w, 8);
		for (size_t k = 0; k < n && k < 8; k++)
			add_weak(r, s->name, w[k]);
	}
	const struct tls_weak *dh = tls_weak_dh(r->dh_bits);
	if (dh) {
		char name[32];
		snprintf(name, sizeof name, "DH %u", r->dh_bits);
		add_weak(r, name, dh);
	}
	free(sc->cand), free(sc->acc), free(sc->rank), free(sc->groups), free(sc->anon), free(sc->anon_acc);
	sc->cand = sc->anon = NULL, sc->acc = sc->rank = sc->anon_acc = NULL, sc->groups = NULL;
	sc->ncand = sc->nacc = sc->nrank = sc->ngroups = sc->nanon = sc->nanon_acc = 0;
}

/* Move to the next accepted version (or the end). */
static void next_version(struct tls_scan *sc, bool first)
{
	if (!first)
		finish_version(sc);
	for (sc->v = first ? 0 : sc->v + 1; sc->v < TLS_SCAN_NVERSIONS && !sc->res[sc->v].accepted; sc->v++)
		;
	sc->i = 0;
	if (sc->v == TLS_SCAN_NVERSIONS) {
		sc->phase = PH_DONE;
		return;
	}
	sc->phase = PH_SUITES;
	list_suites(sc);
}

void tls_scan_hello_failed(struct tls_scan *sc)
{
	sc->hello = false;
	sc->hello_failed = true;
	free(sc->rank);
	sc->rank = NULL;
	sc->nrank = 0;
	sc->res[sc->v].server_order = -1;
	sc->phase = PH_ORDER_FWD;
}

void tls_scan_to_groups(struct tls_scan *sc)
{
	note_order_probes(sc);
	sc->phase = PH_GROUPS;
	sc->i = 0;
	list_groups(sc);
	sc->res[sc->v].groups_tried = sc->ngroups > 0;
}

bool tls_scan_next(struct tls_scan *sc, struct tls_probe *p)
{
	size_t rest[TLS_SCAN_MAX_SUITES];
	for (;;) {
		if (sc->phase != PH_DONE && sc->conns >= sc->max) {
			sc->truncated = true;
			if (sc->phase != PH_VERSIONS)
				finish_version(sc);
			sc->phase = PH_DONE;
		}
		*p = (struct tls_probe){.version = sc->v, .index = sc->i};
		switch (sc->phase) {
		case PH_VERSIONS:
			if (sc->i < TLS_SCAN_NVERSIONS) {
				*p = (struct tls_probe){.kind = TLS_PROBE_VERSION,
							.version = sc->i,
							.priority = versions[sc->i].priority,
							.index = sc->i,
							.count = TLS_SCAN_NVERSIONS};
				sc->conns++;
				return true;
			}
			next_version(sc, true);
			continue;
		case PH_SUITES:
			if (sc->i < sc->ncand) {
				size_t one = sc->i;
				set_priority(sc, product(sc, &one, 1, false, NULL, NULL));
				p->kind = TLS_PROBE_SUITE, p->count = sc->ncand;
				break;
			}
			if (sc->nacc >= 2) {
				sc->phase = PH_ORDER_FWD;
				sc->hello = versions[sc->v].wire != 0;
				sc->hello_failed = false;
				continue;
			}
			tls_scan_to_groups(sc);
			continue;
		case PH_ORDER_FWD:
		case PH_ORDER_REV:
			p->kind = TLS_PROBE_ORDER, p->count = sc->nacc + 1;
			/* after a refused hello the phase goes on (a progress line is said at index 0 only) */
			p->index = (sc->phase == PH_ORDER_REV) + (sc->hello_failed ? 2u : 0u);
			if (sc->hello) {
				set_offer(sc, sc->acc, sc->nacc, sc->phase == PH_ORDER_REV, p);
				sc->conns++;
				return true;
			}
			set_priority(sc, product(sc, sc->acc, sc->nacc, sc->phase == PH_ORDER_REV, NULL, NULL));
			break;
		case PH_ORDER_ELIM: {
			size_t n = tls_scan_elim_next(sc, rest);
			if (n == 0)
				continue; /* a rank found, or the order ends here */
			p->kind = TLS_PROBE_ORDER, p->count = sc->nacc + 1, p->index = sc->nrank + 1;
			if (sc->hello) {
				set_offer(sc, rest, n, false, p);
				sc->conns++;
				return true;
			}
			set_priority(sc, product(sc, rest, n, false, NULL, NULL));
			break;
		}
		case PH_GROUPS:
			if (sc->i < sc->ngroups) {
				char g[48];
				snprintf(g, sizeof g, "GROUP-%s", sc->groups[sc->i]);
				bool ff = strncmp(sc->groups[sc->i], "FFDHE", 5) == 0;
				set_priority(sc, product(sc, sc->acc, sc->nacc, false, g, ff ? "DHE" : "ECDHE"));
				p->kind = TLS_PROBE_GROUP, p->count = sc->ngroups;
				break;
			}
			sc->i = 0;
			if (versions[sc->v].wire != 0 && list_anon(sc) > 0) {
				sc->phase = PH_ANON;
				continue;
			}
			next_version(sc, false);
			continue;
		case PH_ANON: {
			/* Each round offers the anonymous suites not picked yet; a refusal ends it (bounded: one
			 * round per suite, and sc->i is set past them when the server refuses). */
			size_t n = 0;
			for (size_t k = 0; k < sc->nanon; k++)
				if (!tls_scan_in(sc->anon_acc, sc->nanon_acc, k))
					memcpy(sc->offer + 2 * n++, sc->anon[k].id, 2);
			if (n == 0 || sc->i >= sc->nanon) {
				next_version(sc, false);
				continue;
			}
			p->kind = TLS_PROBE_ANON, p->count = sc->nanon;
			p->suites = sc->offer, p->nsuites = n, p->hello_version = versions[sc->v].wire;
			sc->conns++;
			return true;
		}
		case PH_DONE: return false;
		}
		p->priority = sc->priority;
		sc->conns++;
		return true;
	}
}

/* The server's pick k (-1: none) from an order probe. */
static void order_result(struct tls_scan *sc, long k)
{
	struct tls_scan_version *r = &sc->res[sc->v];
	/* A hello offers exactly the accepted suites: a refusal or another suite means the hello is the problem. */
	bool offered = k >= 0 && tls_scan_in(sc->acc, sc->nacc, (size_t)k);
	switch (sc->phase) {
	case PH_ORDER_FWD:
	case PH_ORDER_REV:
		if (sc->hello && !offered) {
			tls_scan_hello_failed(sc);
			return;
		}
		sc->pick[sc->phase == PH_ORDER_REV] = k;
		if (sc->phase == PH_ORDER_FWD) {
			sc->phase = PH_ORDER_REV;
			return;
		}
		sc->rank = xcalloc(sc->nacc, sizeof *sc->rank);
		if (sc->pick[0] >= 0 && sc->pick[0] == sc->pick[1] &&
		    tls_scan_in(sc->acc, sc->nacc, (size_t)sc->pick[0])) {
			r->server_order = 1;
			sc->rank[sc->nrank++] = (size_t)sc->pick[0];
			sc->phase = PH_ORDER_ELIM;
			sc->es = ES_START;
			return;
		}
		/* A hello offered the accepted suites in exactly two opposite orders: a server that follows the client
		 * took the first of each. */
		if (sc->hello)
			r->server_order = sc->pick[0] == (long)sc->acc[0] && sc->pick[1] == (long)sc->acc[sc->nacc - 1]
						  ? 0
						  : -1;
		else
			r->server_order = sc->pick[0] >= 0 && sc->pick[1] >= 0 ? 0 : -1;
		tls_scan_to_groups(sc);
		return;
	case PH_ORDER_ELIM: tls_scan_elim_result(sc, k); return;
	default: return;
	}
}

/* The server's answer to a hello offering the anonymous suites not found yet: the one it chose is accepted (its
 * ServerHello says so: the handshake is not finished, GnuTLS cannot make one); anything else ends the rounds. */
static void anon_result(struct tls_scan *sc, const struct tls_server_hello *sh)
{
	long k = -1;
	if (sh && sh->kind == TLS_HELLO_SERVER_HELLO && sh->version == versions[sc->v].wire && sh->compression == 0)
		for (size_t i = 0; i < sc->nanon && k < 0; i++)
			if (memcmp(sc->anon[i].id, sh->suite, 2) == 0 && !tls_scan_in(sc->anon_acc, sc->nanon_acc, i))
				k = (long)i;
	if (k < 0) {
		sc->i = sc->nanon;
		return;
	}
	sc->anon_acc = xrealloc(sc->anon_acc, (sc->nanon_acc + 1) * sizeof *sc->anon_acc);
	sc->anon_acc[sc->nanon_acc++] = (size_t)k;
	sc->i++;
}

void tls_scan_result_hello(struct tls_scan *sc, const struct tls_server_hello *sh)
{
	if (sc->phase == PH_ANON)
		anon_result(sc, sh);
	else
		order_result(sc, find_hello(sc, sh));
}

void tls_scan_result(struct tls_scan *sc, const struct tls_info *ti)
{
	struct tls_scan_version *r = &sc->res[sc->v];
	switch (sc->phase) {
	case PH_VERSIONS: {
		struct tls_scan_version *rv = &sc->res[sc->i];
		rv->accepted = ti && ti->version && strcmp(ti->version, versions[sc->i].name) == 0;
		break;
	}
	case PH_SUITES: {
		long k = find(sc, ti);
		if (k == (long)sc->i) {
			sc->acc = xrealloc(sc->acc, (sc->nacc + 1) * sizeof *sc->acc);
			sc->acc[sc->nacc++] = sc->i;
			if (ti->dh_bits && !ti->kx_group && (r->dh_bits == 0 || ti->dh_bits < r->dh_bits))
				r->dh_bits = ti->dh_bits;
		}
		break;
	}
	case PH_ORDER_FWD:
	case PH_ORDER_REV:
	case PH_ORDER_ELIM: order_result(sc, find(sc, ti)); return;
	case PH_ANON: return; /* hello probes only */
	case PH_GROUPS:
		if (ti && ti->kx_group && strcmp(ti->kx_group, sc->groups[sc->i]) == 0)
			r->groups = strv_add(r->groups, &r->ngroups, sc->groups[sc->i]);
		break;
	case PH_DONE: return;
	}
	sc->i++;
}

struct tls_scan *tls_scan_new(unsigned max_connections)
{
	struct tls_scan *sc = xcalloc(1, sizeof *sc);
	sc->max = max_connections ? max_connections : TLS_SCAN_MAX_CONNECTIONS;
	for (size_t i = 0; i < TLS_SCAN_NVERSIONS; i++) {
		sc->res[i].version = versions[i].name;
		sc->res[i].server_order = -1;
	}
	return sc;
}

static void strv_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void tls_scan_free(struct tls_scan *sc)
{
	if (sc == NULL)
		return;
	for (size_t i = 0; i < TLS_SCAN_NVERSIONS; i++) {
		struct tls_scan_version *r = &sc->res[i];
		strv_free(r->suites, r->nsuites);
		strv_free(r->groups, r->ngroups);
		for (size_t k = 0; k < r->nweak; k++)
			free(r->weak[k].name);
		free(r->weak);
	}
	free(sc->cand), free(sc->acc), free(sc->rank), free(sc->groups), free(sc->priority);
	free(sc->anon), free(sc->anon_acc);
	free(sc);
}

const struct tls_scan_version *tls_scan_version(const struct tls_scan *sc, size_t i)
{
	return i < TLS_SCAN_NVERSIONS ? &sc->res[i] : NULL;
}

unsigned tls_scan_connections(const struct tls_scan *sc)
{
	return sc->conns;
}

bool tls_scan_truncated(const struct tls_scan *sc)
{
	return sc->truncated;
}
