/* tls-scan: the plan of /tls scan (see tls-scan.h): which probe comes next, what its answer means, and the weak
 * findings at the end. Only this file of the scan knows GnuTLS: it lists the suites and groups GnuTLS knows and
 * writes the priority strings that offer exactly one of them (or a product of them, for the order). */
#include "core/tls-scan.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gnutls/gnutls.h>

#include "lib/buf.h"
#include "lib/xmalloc.h"

/* The versions, in the order they are probed. The version probes keep NORMAL (what a real client offers); the
 * suite probes offer one suite with NONE:+... */
static const struct vers {
	const char *name;     /* GnuTLS's name of the version, as the handshake reports it */
	const char *priority; /* phase 1: offer this version only */
	gnutls_protocol_t id;
	const char *compat; /* appended to the suite probes' priority */
} versions[TLS_SCAN_NVERSIONS] = {
	{"TLS1.0", "NORMAL:-VERS-ALL:+VERS-TLS1.0:%COMPAT", GNUTLS_TLS1_0, ":%COMPAT"},
	{"TLS1.1", "NORMAL:-VERS-ALL:+VERS-TLS1.1:%COMPAT", GNUTLS_TLS1_1, ":%COMPAT"},
	{"TLS1.2", "NORMAL:-VERS-ALL:+VERS-TLS1.2", GNUTLS_TLS1_2, ""},
	{"TLS1.3", "NORMAL:-VERS-ALL:+VERS-TLS1.3", GNUTLS_TLS1_3, ""},
};
#define V13 3u
/* At most this many suites per version (GnuTLS 3.7 knows fewer than 100 a client can offer without PSK/SRP). */
#define TLS_SCAN_MAX_SUITES 256u

/* Key exchanges not probed: they need credentials a client does not have (PSK, SRP), a DSA or GOST server key
 * nobody deploys for mail, or are anonymous (GnuTLS offers those only with anonymous credentials). */
static const char *const skip_kx[] = {"PSK", "SRP", "ANON", "DSS", "GOST"};
/* Groups not probed: GOST curves (only with GOST key exchange). */
static const char *const skip_group[] = {"GC"};

struct suite {
	const char *name; /* GnuTLS's, static: "TLS_ECDHE_RSA_AES_128_GCM_SHA256" */
	const char *kx;   /* NULL for TLS 1.3 */
	const char *cipher;
	const char *mac;
};

enum phase {
	PH_VERSIONS,
	PH_SUITES,
	PH_ORDER_FWD,
	PH_ORDER_REV,
	PH_ORDER_ELIM,
	PH_GROUPS,
	PH_DONE
};

struct tls_scan {
	unsigned max, conns;
	bool truncated;
	enum phase phase;
	size_t v; /* version being scanned */
	size_t i; /* probe number in the phase */
	char *priority;
	struct tls_scan_version res[TLS_SCAN_NVERSIONS];

	/* The version being scanned. */
	struct suite *cand; /* candidate suites */
	size_t ncand;
	size_t *acc; /* indexes into cand of the accepted ones, in cand order */
	size_t nacc;
	size_t *rank; /* the server's order found so far (indexes into cand) */
	size_t nrank;
	long pick[2]; /* the server's picks in the two opposite orders (-1: none) */
	/* The next rank (PH_ORDER_ELIM): the rest is covered by groups whose product offers no ranked suite (the
	 * server would pick that one again); each group's pick is a candidate, then candidates are compared two at a
	 * time. A pick from outside the offered ones is fine: it is unranked and beats them. */
	enum {
		ES_START,
		ES_COVER,
		ES_TOURNEY
	} es;
	size_t rest[TLS_SCAN_MAX_SUITES], nrest;
	size_t grp_of[TLS_SCAN_MAX_SUITES], ngrp, gi; /* group of rest[i]; groups; the group being asked */
	size_t tc[TLS_SCAN_MAX_SUITES], ntc;          /* candidates */
	const char **groups;                          /* candidate groups */
	size_t ngroups;
};

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
		sc->cand[sc->ncand++] = (struct suite){name, kxn, cn, mn};
	}
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

static bool in(const size_t *v, size_t n, size_t x)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == x)
			return true;
	return false;
}

/* Does one of the suites idx have s's component at off? */
static bool has(size_t n, size_t off, const struct suite *s, const struct suite *cand, const size_t *idx)
{
	const char *want = *(const char *const *)((const char *)s + off);
	if (want == NULL)
		return true;
	for (size_t i = 0; i < n; i++) {
		const char *got = *(const char *const *)((const char *)&cand[idx[i]] + off);
		if (got && strcmp(got, want) == 0)
			return true;
	}
	return false;
}

/* The accepted suites not ranked yet, into rest; returns how many. */
static size_t rest_of(const struct tls_scan *sc, size_t *rest)
{
	size_t n = 0;
	for (size_t i = 0; i < sc->nacc; i++)
		if (!in(sc->rank, sc->nrank, sc->acc[i]))
			rest[n++] = sc->acc[i];
	return n;
}

/* Would the product of rest's components also offer a suite already ranked (which the server would pick again)? */
static bool product_hits_ranked(const struct tls_scan *sc, const size_t *rest, size_t n)
{
	for (size_t r = 0; r < sc->nrank; r++) {
		const struct suite *s = &sc->cand[sc->rank[r]];
		if (has(n, offsetof(struct suite, cipher), s, sc->cand, rest) &&
		    (sc->v == V13 || (has(n, offsetof(struct suite, mac), s, sc->cand, rest) &&
				      has(n, offsetof(struct suite, kx), s, sc->cand, rest))))
			return true;
	}
	return false;
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
static void finish_version(struct tls_scan *sc)
{
	struct tls_scan_version *r = &sc->res[sc->v];
	const struct tls_weak *vw = tls_weak_version(r->version);
	if (vw)
		add_weak(r, r->version, vw);
	r->order_known = r->server_order == 1 ? sc->nrank : 0;
	for (size_t i = 0; i < sc->nrank; i++)
		r->suites = strv_add(r->suites, &r->nsuites, sc->cand[sc->rank[i]].name);
	for (size_t i = 0; i < sc->nacc; i++)
		if (!in(sc->rank, sc->nrank, sc->acc[i]))
			r->suites = strv_add(r->suites, &r->nsuites, sc->cand[sc->acc[i]].name);
	for (size_t i = 0; i < sc->nacc; i++) {
		const struct suite *s = &sc->cand[sc->acc[i]];
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
	free(sc->cand), free(sc->acc), free(sc->rank), free(sc->groups);
	sc->cand = NULL, sc->acc = sc->rank = NULL, sc->groups = NULL;
	sc->ncand = sc->nacc = sc->nrank = sc->ngroups = 0;
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

static void to_groups(struct tls_scan *sc)
{
	sc->phase = PH_GROUPS;
	sc->i = 0;
	list_groups(sc);
	sc->res[sc->v].groups_tried = sc->ngroups > 0;
}

/* The members of group g of the rest, into out; returns how many. */
static size_t members(const struct tls_scan *sc, size_t g, size_t *out)
{
	size_t n = 0;
	for (size_t i = 0; i < sc->nrest; i++)
		if (sc->grp_of[i] == g)
			out[n++] = sc->rest[i];
	return n;
}

static bool same(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/* Cover the rest with groups that can be offered: all of it, else per key exchange, else per key exchange and
 * MAC, else one suite each. */
static void cover(struct tls_scan *sc)
{
	size_t set[TLS_SCAN_MAX_SUITES];
	sc->ngrp = 0;
	for (size_t i = 0; i < sc->nrest; i++)
		sc->grp_of[i] = SIZE_MAX;
	if (!product_hits_ranked(sc, sc->rest, sc->nrest)) {
		for (size_t i = 0; i < sc->nrest; i++)
			sc->grp_of[i] = 0;
		sc->ngrp = 1;
		return;
	}
	for (size_t i = 0; i < sc->nrest; i++) {
		if (sc->grp_of[i] != SIZE_MAX)
			continue;
		const struct suite *si = &sc->cand[sc->rest[i]];
		for (int level = 0; level < 3; level++) {
			size_t n = 0, idx[TLS_SCAN_MAX_SUITES];
			for (size_t j = i; j < sc->nrest; j++) {
				const struct suite *sj = &sc->cand[sc->rest[j]];
				if (sc->grp_of[j] == SIZE_MAX && same(si->kx, sj->kx) &&
				    (level < 1 || same(si->mac, sj->mac)) && (level < 2 || j == i))
					idx[n] = j, set[n++] = sc->rest[j];
			}
			if (level < 2 && product_hits_ranked(sc, set, n))
				continue;
			for (size_t k = 0; k < n; k++)
				sc->grp_of[idx[k]] = sc->ngrp;
			sc->ngrp++;
			break;
		}
	}
}

static void add_candidate(struct tls_scan *sc, size_t k)
{
	if (!in(sc->tc, sc->ntc, k))
		sc->tc[sc->ntc++] = k;
}

/* PH_ORDER_ELIM: the suites to offer next into out (returns how many), or 0 when this step needs no connection
 * (a rank was found, or the order cannot be carried on: then the phase has moved on). */
static size_t elim_next(struct tls_scan *sc, size_t *out)
{
	for (;;) {
		switch (sc->es) {
		case ES_START:
			sc->nrest = rest_of(sc, sc->rest);
			if (sc->nrest <= 1) {
				if (sc->nrest == 1)
					sc->rank[sc->nrank++] = sc->rest[0];
				to_groups(sc);
				return 0;
			}
			cover(sc);
			sc->gi = sc->ntc = 0;
			sc->es = ES_COVER;
			continue;
		case ES_COVER:
			while (sc->gi < sc->ngrp) {
				size_t n = members(sc, sc->gi, out);
				if (n > 1)
					return n;
				/* A group of one is its own candidate (cover() makes none empty; an empty one adds nothing). */
				if (n == 1)
					add_candidate(sc, out[0]);
				sc->gi++;
			}
			sc->es = ES_TOURNEY;
			continue;
		case ES_TOURNEY:
			if (sc->ntc == 1) {
				sc->rank[sc->nrank++] = sc->tc[0];
				sc->es = ES_START;
				return 0;
			}
			out[0] = sc->tc[0], out[1] = sc->tc[1];
			if (!product_hits_ranked(sc, out, 2))
				return 2;
			to_groups(
				sc); /* the two cannot be offered without a suite already ranked: the order ends here */
			return 0;
		}
	}
}

static void elim_result(struct tls_scan *sc, long k)
{
	if (k < 0 || !in(sc->rest, sc->nrest, (size_t)k)) {
		to_groups(sc); /* refused, or a suite outside the rest: the order stops being provable here */
		return;
	}
	if (sc->es == ES_COVER) {
		add_candidate(sc, (size_t)k);
		sc->gi++;
		return;
	}
	/* The tournament: k beats both (and any other candidate it is) */
	size_t keep[TLS_SCAN_MAX_SUITES], n = 0;
	keep[n++] = (size_t)k;
	for (size_t i = 2; i < sc->ntc; i++)
		if (sc->tc[i] != (size_t)k)
			keep[n++] = sc->tc[i];
	memcpy(sc->tc, keep, n * sizeof *keep);
	sc->ntc = n;
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
				*p = (struct tls_probe){TLS_PROBE_VERSION, sc->i, versions[sc->i].priority, sc->i,
							TLS_SCAN_NVERSIONS};
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
				continue;
			}
			to_groups(sc);
			continue;
		case PH_ORDER_FWD:
		case PH_ORDER_REV:
			set_priority(sc, product(sc, sc->acc, sc->nacc, sc->phase == PH_ORDER_REV, NULL, NULL));
			p->kind = TLS_PROBE_ORDER, p->count = sc->nacc + 1;
			p->index = sc->phase == PH_ORDER_REV;
			break;
		case PH_ORDER_ELIM: {
			size_t n = elim_next(sc, rest);
			if (n == 0)
				continue; /* a rank found, or the order ends here */
			set_priority(sc, product(sc, rest, n, false, NULL, NULL));
			p->kind = TLS_PROBE_ORDER, p->count = sc->nacc + 1, p->index = sc->nrank + 1;
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
			next_version(sc, false);
			continue;
		case PH_DONE: return false;
		}
		p->priority = sc->priority;
		sc->conns++;
		return true;
	}
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
		sc->pick[0] = find(sc, ti);
		sc->phase = PH_ORDER_REV;
		return;
	case PH_ORDER_REV:
		sc->pick[1] = find(sc, ti);
		sc->rank = xcalloc(sc->nacc, sizeof *sc->rank);
		if (sc->pick[0] >= 0 && sc->pick[0] == sc->pick[1] && in(sc->acc, sc->nacc, (size_t)sc->pick[0])) {
			r->server_order = 1;
			sc->rank[sc->nrank++] = (size_t)sc->pick[0];
			sc->phase = PH_ORDER_ELIM;
			sc->es = ES_START;
		} else {
			r->server_order = sc->pick[0] >= 0 && sc->pick[1] >= 0 ? 0 : -1;
			to_groups(sc);
		}
		return;
	case PH_ORDER_ELIM: elim_result(sc, find(sc, ti)); return;
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
