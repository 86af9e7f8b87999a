/* overlay-cert: the slot for the certificate inspector (issue 5 fills it with the full view) and the question
 * asked when verification failed (PHASE_TLS_HOLD): trust once, or close. For now the inspector shows the
 * tls_info chain summary. Every certificate string is server data and is escaped. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/session.h"
#include "ui/overlay.h"

static void when(char *out, size_t n, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (gmtime_r(&tt, &tm) == NULL || strftime(out, n, "%Y-%m-%d %H:%M UTC", &tm) == 0)
		snprintf(out, n, "?");
}

static void reasons(struct olines *o, const struct tls_info *ti)
{
	if (ti->verified) {
		ol_add(o, ROLE_DIFF_ADDED, "Certificate verified for %s.", ti->checked_name ? ti->checked_name : "?");
		return;
	}
	ol_add(o, ROLE_ERROR, "Certificate NOT verified%s:", ti->verify_skipped ? " (--insecure: not required)" : "");
	for (size_t i = 0; i < ti->nreasons; i++) {
		ol_add_untrusted(o, ROLE_WARNING, "  - ", ti->reasons[i].text);
		if (ti->reasons[i].hint)
			ol_add_untrusted(o, ROLE_HINT, "    ", ti->reasons[i].hint);
	}
	if (ti->nreasons == 0)
		ol_add(o, ROLE_WARNING, "  (no reason given)");
}

static void chain(struct olines *o, const struct tls_info *ti)
{
	for (size_t i = 0; i < ti->nchain; i++) {
		const struct cert_info *c = &ti->chain[i];
		char a[64], b[64];
		ol_add(o, ROLE_OVERLAY_TITLE, "certificate %zu%s", i, c->self_signed ? " (self-signed)" : "");
		ol_add_untrusted(o, ROLE_OVERLAY, "  subject: ", c->subject);
		ol_add_untrusted(o, ROLE_OVERLAY, "  issuer:  ", c->issuer);
		when(a, sizeof a, c->not_before);
		when(b, sizeof b, c->not_after);
		ol_add(o, ROLE_OVERLAY, "  valid:   %s .. %s", a, b);
		for (size_t k = 0; k < c->nsans; k++)
			ol_add_untrusted(o, ROLE_OVERLAY, "  name:    ", c->sans[k]);
		ol_add_untrusted(o, ROLE_OVERLAY, "  key:     ", c->pk_algo);
		ol_add_untrusted(o, ROLE_OVERLAY, "  sha256:  ", c->sha256);
	}
	if (ti->chain_out_of_order)
		ol_add(o, ROLE_WARNING, "The chain is out of order: certificate i+1 did not issue certificate i.");
}

static void build_cert(struct ui *ui, struct olines *o)
{
	const struct tls_info *ti = ui->s ? session_tls_info(ui->s) : NULL;
	if (ti == NULL) {
		ol_add(o, ROLE_OVERLAY, "No TLS handshake yet: /starttls, or /connect HOST:465 tls for implicit TLS.");
		return;
	}
	ol_add_untrusted(o, ROLE_OVERLAY, "version:  ", ti->version);
	ol_add_untrusted(o, ROLE_OVERLAY, "suite:    ", ti->suite ? ti->suite : ti->cipher);
	if (ti->kx_group)
		ol_add_untrusted(o, ROLE_OVERLAY, "group:    ", ti->kx_group);
	if (ti->sni)
		ol_add_untrusted(o, ROLE_OVERLAY, "SNI:      ", ti->sni);
	if (ti->trust_store)
		ol_add_untrusted(o, ROLE_OVERLAY, "trust:    ", ti->trust_store);
	ol_add(o, ROLE_OVERLAY, " ");
	reasons(o, ti);
	ol_add(o, ROLE_OVERLAY, " ");
	chain(o, ti);
}

const struct overlay_ops overlay_cert = {
	.title = "TLS and certificate",
	.build = build_cert,
};

static void build_hold(struct ui *ui, struct olines *o)
{
	const struct tls_info *ti = ui->s ? session_tls_info(ui->s) : NULL;
	ol_add(o, ROLE_OVERLAY, "The TLS handshake finished, but the server's certificate did not verify.");
	ol_add(o, ROLE_OVERLAY, "Nothing more is sent until you decide.");
	ol_add(o, ROLE_OVERLAY, " ");
	if (ti) {
		reasons(o, ti);
		if (ti->nchain) {
			ol_add_untrusted(o, ROLE_OVERLAY, "subject: ", ti->chain[0].subject);
			ol_add_untrusted(o, ROLE_OVERLAY, "issuer:  ", ti->chain[0].issuer);
		}
	}
	ol_add(o, ROLE_OVERLAY, " ");
	ol_add(o, ROLE_OVERLAY_TITLE, "t: trust this certificate once (this connection only)   c: close   Esc: later");
}

static bool hold_key(struct ui *ui, int key, bool is_key)
{
	if (is_key)
		return false;
	if (key == 't' || key == 'T') {
		overlay_close(ui);
		console_submit(ui->con, "/trust");
		return true;
	}
	if (key == 'c' || key == 'C') {
		overlay_close(ui);
		console_submit(ui->con, "/close");
		return true;
	}
	return false;
}

const struct overlay_ops overlay_hold = {
	.title = "Certificate not verified",
	.footer = "t trust once   c close   Esc decide later (/trust or /close)",
	.build = build_hold,
	.key = hold_key,
	.dialog = true,
};
