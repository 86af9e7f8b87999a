/* tls-scan-int: what the two halves of /tls scan share (tls-scan.c, the plan and its GnuTLS priority strings;
 * tls-scan-order.c, the proof of the server's suite order). Not for other modules: they use tls-scan.h. */
#ifndef SMTPCON_TLS_SCAN_INT_H
#define SMTPCON_TLS_SCAN_INT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/tls-scan.h"

#define V13 3u /* index of TLS 1.3 in the versions */
/* At most this many suites per version (GnuTLS 3.7 knows fewer than 100 a client can offer without PSK/SRP). */
#define TLS_SCAN_MAX_SUITES 256u

struct suite {
	const char *name; /* GnuTLS's, static: "TLS_ECDHE_RSA_AES_128_GCM_SHA256" */
	const char *kx;   /* NULL for TLS 1.3 */
	const char *cipher;
	const char *mac;
	uint8_t id[2]; /* its code point, from GnuTLS, for the hello probes */
};

enum phase {
	PH_VERSIONS,
	PH_SUITES,
	PH_ORDER_FWD,
	PH_ORDER_REV,
	PH_ORDER_ELIM,
	PH_GROUPS,
	PH_ANON,
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
	/* The order is probed with hand-built hellos (TLS 1.0 to 1.2), until one is refused or answered with a suite
	 * not offered: then (hello_failed) it starts again with GnuTLS's products. */
	bool hello;
	bool hello_failed;
	uint8_t offer[TLS_SCAN_MAX_SUITES * 2]; /* the code points of the hello probe */
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
	/* PH_ANON (TLS 1.0 to 1.2): the anonymous suites GnuTLS knows for the version, offered only in hand-built
	 * hellos (GnuTLS offers them only with anonymous credentials); those the server picked, in its order. */
	struct suite *anon;
	size_t nanon;
	size_t *anon_acc;
	size_t nanon_acc;
};

/* Is x one of the n values of v? */
bool tls_scan_in(const size_t *v, size_t n, size_t x);
/* The order is done (or cannot be carried on): on to the key exchange groups of this version. */
void tls_scan_to_groups(struct tls_scan *sc);

/* PH_ORDER_ELIM (tls-scan-order.c): the suites to offer next into out (returns how many), or 0 when this step
 * needs no connection (a rank was found, or the order cannot be carried on: then the phase has moved on). */
size_t tls_scan_elim_next(struct tls_scan *sc, size_t *out);
/* The candidate the server picked from what tls_scan_elim_next offered (-1: refused or unknown). */
void tls_scan_elim_result(struct tls_scan *sc, long k);
/* A hello probe was refused or answered with a suite not offered: the order is found again with GnuTLS. */
void tls_scan_hello_failed(struct tls_scan *sc);

#endif
