/* tls-scan-order: how /tls scan proves a server's cipher suite order past its first pick (see tls-scan.h, step 3).
 * The server picked the same suite from the accepted set offered in two opposite orders, so it ranks by its own
 * preference; each next rank is the server's pick among the accepted suites not ranked yet. A hand-built hello
 * (TLS 1.0 to 1.2) offers exactly that rest, so each pick is the next rank: the classic elimination. GnuTLS (TLS
 * 1.3, or after a hello was refused) can offer only the product kx x cipher x MAC of its lists, and a product that
 * also holds a ranked suite would make the server pick that one again: so the rest is covered by groups whose
 * products hold no ranked suite, each group's pick is a candidate, and the candidates are compared two at a time.
 * No GnuTLS here: the suites are plain names and code points (tls-scan-int.h); tls-scan.c writes the probes. */
#include <stdint.h>
#include <string.h>

#include "core/tls-scan-int.h"

bool tls_scan_in(const size_t *v, size_t n, size_t x)
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
		if (!tls_scan_in(sc->rank, sc->nrank, sc->acc[i]))
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
	if (!tls_scan_in(sc->tc, sc->ntc, k))
		sc->tc[sc->ntc++] = k;
}

/* PH_ORDER_ELIM: the suites to offer next into out (returns how many), or 0 when this step needs no connection
 * (a rank was found, or the order cannot be carried on: then the phase has moved on). */
size_t tls_scan_elim_next(struct tls_scan *sc, size_t *out)
{
	if (sc->hello) {
		sc->nrest = rest_of(sc, sc->rest);
		if (sc->nrest <= 1) {
			if (sc->nrest == 1)
				sc->rank[sc->nrank++] = sc->rest[0]; /* the only one left is the last */
			tls_scan_to_groups(sc);
			return 0;
		}
		memcpy(out, sc->rest, sc->nrest * sizeof *out);
		return sc->nrest;
	}
	for (;;) {
		switch (sc->es) {
		case ES_START:
			sc->nrest = rest_of(sc, sc->rest);
			if (sc->nrest <= 1) {
				if (sc->nrest == 1)
					sc->rank[sc->nrank++] = sc->rest[0];
				tls_scan_to_groups(sc);
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
			tls_scan_to_groups(
				sc); /* the two cannot be offered without a suite already ranked: the order ends here */
			return 0;
		}
	}
}

void tls_scan_elim_result(struct tls_scan *sc, long k)
{
	if (sc->hello) {
		if (k < 0 || !tls_scan_in(sc->rest, sc->nrest, (size_t)k))
			tls_scan_hello_failed(sc);
		else
			sc->rank[sc->nrank++] = (size_t)k;
		return;
	}
	if (k < 0 || !tls_scan_in(sc->rest, sc->nrest, (size_t)k)) {
		tls_scan_to_groups(sc); /* refused, or a suite outside the rest: the order stops being provable here */
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
