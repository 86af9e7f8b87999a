/* cmd-tlsscan-out: what /tls scan found beyond the versions, for people (a table per accepted version, then the
 * weak findings with why) and for JSON Lines (one tls_scan event per version). Every name printed here comes from
 * GnuTLS's own tables (suites, groups), never from the server, so it needs no escaping. */
#include <stdio.h>
#include <string.h>

#include "cmd/cmd-tlsscan.h"
#include "core/event.h"

static bool weak_suite(const struct tls_scan_version *r, const char *suite)
{
	for (size_t i = 0; i < r->nweak; i++)
		if (strcmp(r->weak[i].name, suite) == 0)
			return true;
	return false;
}

/* The suites the order is about: those GnuTLS handshakes proved (the anonymous ones after them are not ordered). */
static size_t ordered(const struct tls_scan_version *r)
{
	return r->nsuites - r->nhello_only;
}

static void order_line(struct dtext *d, const struct tls_scan_version *r)
{
	dtext_raw(d, "\n  ");
	if (r->server_order == 1 && r->order_known >= ordered(r))
		dtext_printf(d, "order: the server's own preference (it picks the same suite whatever the client's "
				"order), as listed");
	else if (r->server_order == 1 && r->order_probes && strcmp(r->order_probes, "gnutls") == 0 &&
		 strcmp(r->version, "TLS1.3") != 0)
		dtext_printf(
			d,
			"order: the server's own preference; the first %zu as listed, the rest (\"-\") could not be "
			"proven: the server refused the hand-built ClientHellos that offer any set of suites, and "
			"GnuTLS's priority strings cannot offer these apart",
			r->order_known);
	else if (r->server_order == 1)
		dtext_printf(
			d,
			"order: the server's own preference; the first %zu as listed, the rest (\"-\") could not be "
			"offered apart with GnuTLS's priority strings",
			r->order_known);
	else if (r->server_order == 0)
		dtext_printf(d, "order: the server follows the client's order (it has no preference of its own)");
	else
		dtext_printf(d, "order: not determined");
}

static void version_details(struct dtext *d, const struct tls_scan_version *r)
{
	dtext_raw(d, "\n");
	dtext_raw(d, r->version);
	dtext_raw(d, ": ");
	dtext_printf(d, "cipher suites accepted: %zu", r->nsuites);
	for (size_t i = 0; i < r->nsuites; i++) {
		char num[32];
		if (r->server_order == 1 && i < r->order_known)
			snprintf(num, sizeof num, "\n    %2zu  ", i + 1);
		else
			snprintf(num, sizeof num, "\n     -  ");
		dtext_raw(d, num);
		dtext_raw(d, r->suites[i]);
		if (weak_suite(r, r->suites[i])) {
			dtext_raw(d, "  ");
			/* TRANSLATORS: /tls scan: a cipher suite flagged weak (the reasons follow in a table). */
			dtext_printf(d, "WEAK");
		}
		if (i >= ordered(r)) {
			dtext_raw(d, "  ");
			/* TRANSLATORS: /tls scan: an anonymous cipher suite, offered in a hand-built ClientHello; the
			 * server's ServerHello chose it, which proves it accepted (the handshake is not finished). */
			dtext_printf(d, "accepted (ServerHello)");
		}
	}
	if (ordered(r) >= 2)
		order_line(d, r);
	if (r->groups_tried) {
		dtext_raw(d, "\n  ");
		dtext_printf(d, "key exchange groups accepted:");
		for (size_t i = 0; i < r->ngroups; i++) {
			dtext_raw(d, " ");
			dtext_raw(d, r->groups[i]);
		}
		if (r->ngroups == 0) {
			dtext_raw(d, " ");
			dtext_printf(d, "(none on its own)");
		}
	}
	if (r->dh_bits) {
		dtext_raw(d, "\n  ");
		dtext_printf(d, "DHE with the server's own parameters: %u-bit prime", r->dh_bits);
	}
}

void tlsscan_details(struct dtext *d, const struct tls_scan *plan)
{
	size_t nweak = 0;
	for (size_t v = 0; v < TLS_SCAN_NVERSIONS; v++) {
		const struct tls_scan_version *r = tls_scan_version(plan, v);
		if (r->accepted)
			version_details(d, r);
		nweak += r->nweak;
	}
	if (nweak) {
		dtext_raw(d, "\n");
		dtext_printf(d, "Weak (%zu), and why:", nweak);
		for (size_t v = 0; v < TLS_SCAN_NVERSIONS; v++) {
			const struct tls_scan_version *r = tls_scan_version(plan, v);
			for (size_t i = 0; i < r->nweak; i++) {
				char name[96];
				bool same = strcmp(r->weak[i].name, r->version) == 0;
				snprintf(name, sizeof name, "\n  %-6s %-38s ", r->version, same ? "" : r->weak[i].name);
				dtext_raw(d, name);
				dtext_puts(d, r->weak[i].w->why);
			}
		}
	} else {
		dtext_raw(d, "\n");
		dtext_printf(d, "No weak version, cipher suite or group found.");
	}
	dtext_raw(d, "\n");
	if (tls_scan_truncated(plan))
		dtext_printf(d, "The scan stopped at its bound of %u connections: the lists above may be incomplete.",
			     tls_scan_connections(plan));
	else
		dtext_printf(
			d,
			"(%u connections; anonymous suites are offered in hand-built ClientHellos and proven by the "
			"server's ServerHello; PSK, SRP, DSA and GOST suites are not probed)",
			tls_scan_connections(plan));
}

void tlsscan_emit(struct session *s, const struct tls_scan *plan, const char *host, const char *addr, int port)
{
	for (size_t v = 0; v < TLS_SCAN_NVERSIONS; v++) {
		struct event ev = {
			.type = EV_TLS_SCAN,
			.host = host,
			.addr = addr,
			.port = port,
			.tls_scan = tls_scan_version(plan, v),
		};
		session_emit_event(s, &ev);
	}
}
