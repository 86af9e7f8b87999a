/* tls-scan: the plan of /tls scan, without the connections. The caller (src/cmd/cmd-tlsscan.c) asks for the next
 * probe (a GnuTLS priority string), makes one connection with it (STARTTLS or implicit TLS) and reports what the
 * handshake negotiated; the plan decides the next probe from the answers:
 *   1. each protocol version (TLS 1.0 to 1.3) on its own;
 *   2. for each accepted version, each cipher suite GnuTLS knows for it, one per connection;
 *   3. when two or more are accepted, the accepted set in two opposite orders: if the server picks the same suite
 *      both times it enforces its own order, which is then derived by offering the rest again without its pick
 *      (for TLS 1.0 to 1.2 with a hand-built ClientHello, core/tls-hello.h, which offers exactly those suites);
 *   4. for TLS 1.2 and 1.3, each key exchange group on its own (X25519, SECP256R1, ..., FFDHE2048 ...);
 *   5. for TLS 1.0 to 1.2, hand-built hellos offering only the anonymous suites (ANON-DH, ANON-ECDH): each one the
 *      server picks is accepted (its ServerHello proves it) and left out of the next hello, until it refuses.
 * Then every accepted version, suite and group is checked against the weak table (core/tls-scan-weak.h).
 *
 * GnuTLS offers suites as the product kx x cipher x MAC of its priority lists, so a set that is not such a product
 * cannot be offered with it: that is why the order probes of TLS 1.0 to 1.2 are hand-built hellos (the acceptance
 * probes stay GnuTLS handshakes, which prove a suite works to the end). When the server refuses such a hello or
 * answers it with a suite not offered, the order is found again with GnuTLS's products: the rest of the accepted
 * suites that cannot be offered without one already ranked is offered in parts (per kx, per kx and MAC, one
 * suite) and the parts' picks are compared two at a time; when two cannot be offered together without a ranked
 * suite, the order stops there (order_known tells how far it is proven). TLS 1.3 suites are a product of one
 * list, so GnuTLS offers any set of them exactly.
 *
 * The number of connections is bounded by max_connections: past it the scan stops and says so (truncated). */
#ifndef SMTPCON_TLS_SCAN_H
#define SMTPCON_TLS_SCAN_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/tls-scan-weak.h"
#include "core/tlsinfo.h"

/* The default bound on connections for one scan. */
#define TLS_SCAN_MAX_CONNECTIONS 400u

enum tls_probe_kind {
	TLS_PROBE_VERSION,
	TLS_PROBE_SUITE,
	TLS_PROBE_ORDER,
	TLS_PROBE_GROUP,
	TLS_PROBE_ANON /* a hand-built hello offering the anonymous suites not found yet */
};

struct tls_probe {
	enum tls_probe_kind kind;
	size_t version;       /* index for tls_scan_version: 0 TLS1.0 .. 3 TLS1.3 */
	const char *priority; /* the GnuTLS priority string to offer (NULL for a hello probe); valid until the next
	                       * tls_scan_next */
	size_t index;         /* this probe's number in its phase, from 0 */
	size_t count;         /* probes in this phase (for progress; order probes: an upper bound) */
	/* A hello probe (order probes of TLS 1.0 to 1.2): offer exactly these suites, nsuites 2-byte code points in
	 * this order, in a hand-built ClientHello of version hello_version (core/tls-hello.h: TLS_HELLO_TLS12 ...),
	 * and report the answer with tls_scan_result_hello. NULL otherwise. Valid until the next tls_scan_next. */
	const uint8_t *suites;
	size_t nsuites;
	unsigned hello_version;
};

/* One weakness found: name is a version, a suite or a group ("TLS1.0", "TLS_RSA_3DES_EDE_CBC_SHA1", "DH 1024"). */
struct tls_scan_weak {
	char *name;
	const struct tls_weak *w;
};

struct tls_scan_version {
	const char *version; /* "TLS1.2" */
	bool accepted;
	char **suites; /* accepted suites (GnuTLS names, TLS_...): the server's order as far as proven, then
	                       * the rest in GnuTLS's own order */
	size_t nsuites;
	size_t nhello_only; /* the last nhello_only of suites are anonymous: GnuTLS cannot offer them, so a hand-built
	                     * hello offered them and the server's ServerHello choosing one is the proof */
	int server_order;   /* 1: the server picks by its own preference; 0: it follows the client's order;
	                       * -1: unknown (fewer than two suites, or not tried) */
	size_t order_known; /* with server_order 1: how many suites from the first are in proven order */
	bool order_exact;   /* server_order 1 and every suite in proven order: suites is the server's whole order */
	const char *order_probes; /* what the order probes were: "client_hello" (hand-built, TLS 1.0 to 1.2), "gnutls"
	                           * (TLS 1.3, or after the server refused a hand-built hello); NULL: not probed */
	bool groups_tried;        /* the groups were probed (TLS 1.2 with ECDHE or DHE suites, and TLS 1.3) */
	char **groups;            /* accepted key exchange groups, in GnuTLS's order */
	size_t ngroups;
	unsigned dh_bits; /* the smallest DHE prime the server used with its own parameters, 0 if none */
	struct tls_scan_weak *weak;
	size_t nweak;
};

struct tls_scan;

/* A new plan; max_connections 0 means TLS_SCAN_MAX_CONNECTIONS. */
struct tls_scan *tls_scan_new(unsigned max_connections);
void tls_scan_free(struct tls_scan *sc);

/* The next probe into *p; false when the scan is complete (then the results are final). */
bool tls_scan_next(struct tls_scan *sc, struct tls_probe *p);

/* What the last probe's handshake negotiated, or NULL when it failed (refused, closed, timed out). */
void tls_scan_result(struct tls_scan *sc, const struct tls_info *ti);
/* What the server answered the last probe when it was a hello probe (its ServerHello or alert), or NULL when the
 * connection failed before an answer (refused, closed, timed out). */
struct tls_server_hello;
void tls_scan_result_hello(struct tls_scan *sc, const struct tls_server_hello *sh);

/* The four versions' results (valid until tls_scan_free; complete once tls_scan_next returned false). */
#define TLS_SCAN_NVERSIONS 4u
const struct tls_scan_version *tls_scan_version(const struct tls_scan *sc, size_t i);

/* Connections made so far, and whether the bound stopped the scan early. */
unsigned tls_scan_connections(const struct tls_scan *sc);
bool tls_scan_truncated(const struct tls_scan *sc);

#endif
