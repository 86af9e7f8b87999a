/* overlay-cert: the certificate inspector (F5 or /cert) and the question asked when verification failed
 * (PHASE_TLS_HOLD): trust once, or close.
 *
 * The inspector shows the negotiated parameters, the verdict with each reason's cause and fix, the chain as the
 * server sent it with the selected certificate marked, and every field of that certificate, or GnuTLS's full
 * dump of it ('d'). Left/Right (or a digit) choose the certificate; Up/Down and PgUp/PgDn scroll. These keys
 * act only while the prompt is empty, so typing a command is never taken for a key. The text comes
 * from cmd-cert.c's certv_* functions, the same words /cert prints in batch mode, already escaped; the overlay
 * draws it through the escape gate once more. No GnuTLS here: only the plain struct tls_info. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd/cmd-cert.h"
#include "core/session.h"
#include "lib/i18n.h"
#include "lib/escape.h"
#include "lib/xmalloc.h"
#include "ui/overlay.h"
#include "ui/prompt.h"

/* The inspector's state: one UI, one inspector. */
static struct {
	const struct tls_info *seen; /* the handshake the selection belongs to: a new one starts again at [0] */
	size_t sel;                  /* selected certificate of the chain */
	bool dump;                   /* show GnuTLS's full dump of it instead of the fields */
} insp;

static char title[160] = N_("Certificate inspector");

static enum ui_role role_for(enum certv_role r)
{
	switch (r) {
	case CERTV_TITLE: return ROLE_NOTICE;
	case CERTV_GOOD: return ROLE_DIFF_ADDED;
	case CERTV_BAD: return ROLE_ERROR;
	case CERTV_WARN: return ROLE_WARNING;
	case CERTV_HINT: return ROLE_HINT;
	case CERTV_DIM: return ROLE_REPLY_DETAIL;
	case CERTV_TEXT: break;
	}
	return ROLE_OVERLAY;
}

struct sink {
	struct olines *o;
	long line;   /* lines seen so far (chain list: line k > 0 is certificate k - 1) */
	long mark;   /* the line to show as selected, or -1 */
};

/* Add line as it is: the overlay wraps it at spaces to its width (reasons and hints are sentences, and a cut
 * sentence hides the fix), its next rows indented under its text. */
static void add_wrapped(struct olines *o, enum ui_role r, const char *line)
{
	ol_add(o, r, "%s", line);
}

static void to_lines(void *ctx, enum certv_role r, const struct dtext *text)
{
	struct sink *k = ctx;
	const char *line = dtext_loc(text);
	if (k->line++ == k->mark && strncmp(line, "  ", 2) == 0) {
		char *sel = xasprintf("> %s", line + 2);
		add_wrapped(k->o, ROLE_REPLY_SELECTED, sel);
		free(sel);
	} else {
		add_wrapped(k->o, role_for(r), line);
	}
}

static const struct tls_info *current(struct ui *ui)
{
	const struct tls_info *ti = ui->s ? session_tls_info(ui->s) : NULL;
	if (ti != insp.seen) {
		insp.seen = ti;
		insp.sel = 0;
		insp.dump = false;
	}
	if (ti && insp.sel >= ti->nchain)
		insp.sel = ti->nchain ? ti->nchain - 1 : 0;
	return ti;
}

/* One line with the negotiated parameters (their names come from GnuTLS: escaped all the same). */
static void params_line(struct olines *o, const struct tls_info *ti)
{
	const char *parts[] = {ti->version, ti->suite ? ti->suite : ti->cipher, ti->kx_group, ti->sig_scheme};
	char line[512] = "";
	size_t len = 0;
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		if (parts[i] == NULL || *parts[i] == '\0')
			continue;
		char *e = escape_dup((const uint8_t *)parts[i], strlen(parts[i]), 0);
		int n = snprintf(line + len, sizeof line - len, "%s%s", len ? "  " : "", e);
		free(e);
		if (n < 0 || (size_t)n >= sizeof line - len)
			break;
		len += (size_t)n;
	}
	ol_add(o, ROLE_OVERLAY, "%s%s", line, ti->resumed ? _("  (resumed)") : "");
}

/* "certificate NOT verified for NAME: expired, hostname-mismatch (below: causes and fixes)". */
static void headline(struct olines *o, const struct tls_info *ti)
{
	const char *checked = ti->checked_name ? ti->checked_name : _("(no name)");
	char *name = escape_dup((const uint8_t *)checked, strlen(checked), 0);
	if (ti->verified && ti->nreasons == 0) {
		ol_add(o, ROLE_DIFF_ADDED, _("certificate VERIFIED for %s"), name);
		free(name);
		return;
	}
	char ids[256] = "";
	size_t len = 0;
	for (size_t i = 0; i < ti->nreasons && len < sizeof ids; i++) {
		int n = snprintf(ids + len, sizeof ids - len, "%s%s", i ? ", " : "",
		                 ti->reasons[i].id ? ti->reasons[i].id : "?");
		if (n < 0)
			break;
		len += (size_t)n;
	}
	/* TRANSLATORS: the second %s lists reason ids (expired, hostname-mismatch): they stay as they are. */
	char *line = xasprintf(ti->verified ? _("certificate verified for %s: %s (causes and fixes below)")
					    : _("certificate NOT verified for %s: %s (causes and fixes below)"),
			       name, ids);
	add_wrapped(o, ti->verified ? ROLE_WARNING : ROLE_ERROR, line);
	free(line);
	free(name);
}

/* "DANE / MTA-STS": the sending MTA's view of a connection /mx made (core/delivery.h, as plain text in ti), in
 * the user's language. */
static void mail_between_servers(struct olines *o, const struct tls_info *ti)
{
	ol_add(o, ROLE_NOTICE, "DANE / MTA-STS");
	const char *parts[] = {ti->dane_loc ? ti->dane_loc : ti->dane,
			       ti->delivery_loc ? ti->delivery_loc : ti->delivery};
	for (size_t k = 0; k < 2; k++) {
		const char *s = parts[k];
		while (s && *s) {
			size_t len = strcspn(s, "\n");
			char *line = xstrndup(s, len);
			ol_add_untrusted(o, k == 0 && ti->dane_verified ? ROLE_DIFF_ADDED : ROLE_OVERLAY, "", line);
			free(line);
			s += len + (s[len] == '\n');
		}
	}
}

static void build_cert(struct ui *ui, struct olines *o)
{
	const struct tls_info *ti = current(ui);
	if (ti == NULL) {
		snprintf(title, sizeof title, "%s", _("Certificate inspector"));
		ol_add(o, ROLE_OVERLAY, "%s",
		       _("No TLS handshake yet: /starttls, or /connect HOST:465 tls for implicit TLS."));
		return;
	}
	snprintf(title, sizeof title,
		 insp.dump ? _("Certificate inspector: [%zu] of %zu, full dump") : _("Certificate inspector: [%zu] of %zu"),
		 insp.sel, ti->nchain);
	int64_t now = (int64_t)time(NULL);
	struct sink k = {.o = o, .mark = -1};
	/* First screen: the parameters, the verdict in one line, the chain, the selected certificate; the reasons
	 * with their causes and fixes follow (a failed chain can have several, and they are long). */
	params_line(o, ti);
	headline(o, ti);
	if (ti->dane_trusted)
		ol_add(o, ROLE_DIFF_ADDED, "%s",
		       _("certificate TRUSTED by DANE: it matches the MX host's TLSA records, but the MX answer that "
			 "named the host is not DNSSEC-signed"));
	else if (ti->dane_verified)
		ol_add(o, ROLE_DIFF_ADDED, "%s", _("certificate VERIFIED by DANE: it matches the domain's TLSA records"));
	ol_add(o, ROLE_OVERLAY, " ");
	if (ti->dane || ti->delivery) {
		mail_between_servers(o, ti);
		ol_add(o, ROLE_OVERLAY, " ");
	}
	k.line = 0;
	k.mark = (long)insp.sel + 1;
	certv_chain_list(ti, now, to_lines, &k);
	k.mark = -1;
	if (ti->nchain > 0) {
		ol_add(o, ROLE_OVERLAY, " ");
		if (insp.dump) {
			ol_add(o, ROLE_NOTICE, _("[%zu] full GnuTLS description ('d': back to the fields)"), insp.sel);
			certv_dump(&ti->chain[insp.sel], to_lines, &k);
		} else {
			certv_cert(ti, insp.sel, now, to_lines, &k);
		}
	}
	ol_add(o, ROLE_OVERLAY, " ");
	ol_add(o, ROLE_NOTICE, "%s", _("verdict"));
	certv_verdict(ti, now, to_lines, &k);
}

static void select_cert(struct ui *ui, long i)
{
	const struct tls_info *ti = current(ui);
	if (ti == NULL || ti->nchain == 0 || i < 0 || (size_t)i >= ti->nchain)
		return;
	insp.sel = (size_t)i;
	ui->overlay_scroll = 0;
}

static bool cert_key(struct ui *ui, int key, bool is_key)
{
	/* Keys belong to the prompt once the user has started typing there (Left/Right edit the line then). */
	if (!prompt_empty(ui->prompt))
		return false;
	if (is_key) {
		if (key == KEY_LEFT) {
			select_cert(ui, (long)insp.sel - 1);
			return true;
		}
		if (key == KEY_RIGHT) {
			select_cert(ui, (long)insp.sel + 1);
			return true;
		}
		return false;
	}
	if (key >= '0' && key <= '9') {
		select_cert(ui, key - '0');
		return true;
	}
	if (key == 'd') {
		insp.dump = !insp.dump;
		ui->overlay_scroll = 0;
		return true;
	}
	return false;
}

const struct overlay_ops overlay_cert = {
	.title = title,
	.footer = N_("Left/Right: certificate  d: full dump  Esc: close"),
	.build = build_cert,
	.key = cert_key,
};

void overlay_cert_open(struct ui *ui, const char *arg)
{
	current(ui);
	insp.dump = false;
	long i = 0;
	if (arg && strncmp(arg, "text", 4) == 0) {
		insp.dump = true;
		arg += 4;
	}
	if (arg && sscanf(arg, "%ld", &i) == 1)
		select_cert(ui, i);
	overlay_open(ui, &overlay_cert);
	ui->overlay_scroll = 0;
}

/* ---- the TLS-hold question ---- */

static void build_hold(struct ui *ui, struct olines *o)
{
	const struct tls_info *ti = ui->s ? session_tls_info(ui->s) : NULL;
	if (ti && ti->delivery_defers) /* DANE or MTA-STS, not (only) web PKI, is the reason */
		ol_add(o, ROLE_OVERLAY, "%s",
		       _("The TLS handshake finished, but a sending MTA would not deliver here (below)."));
	else
		ol_add(o, ROLE_OVERLAY, "%s", _("The TLS handshake finished, but the server's certificate did not verify."));
	ol_add(o, ROLE_OVERLAY, "%s", _("Nothing more is sent until you decide."));
	/* The question before the reasons, so it stays on a small screen. */
	/* TRANSLATORS: t, c and i are the keys that answer: keep them. */
	ol_add(o, ROLE_OVERLAY_TITLE, "%s", _("t: trust this certificate once (this connection only)"));
	ol_add(o, ROLE_OVERLAY_TITLE, "%s", _("c: close   i: inspect"));
	ol_add(o, ROLE_OVERLAY, " ");
	if (ti) {
		if (ti->delivery) {
			mail_between_servers(o, ti);
			ol_add(o, ROLE_OVERLAY, " ");
		}
		struct sink k = {.o = o, .mark = -1};
		certv_verdict(ti, (int64_t)time(NULL), to_lines, &k);
		if (ti->nchain) {
			ol_add_untrusted(o, ROLE_OVERLAY, _("subject: "), ti->chain[0].subject);
			ol_add_untrusted(o, ROLE_OVERLAY, _("issuer:  "), ti->chain[0].issuer);
		}
	}
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
	if (key == 'i' || key == 'I') {
		/* Look before deciding; Esc in the inspector, then /trust or /close. */
		ui->hold_dismissed = true;
		overlay_cert_open(ui, NULL);
		return true;
	}
	return false;
}

const struct overlay_ops overlay_hold = {
	.title = N_("Certificate not verified"),
	/* TRANSLATORS: keep the keys t, c, i and the runs of blanks between the pieces. */
	.footer = N_("t trust once   c close   i inspect   Esc decide later (/trust or /close)"),
	.build = build_hold,
	.key = hold_key,
	.dialog = true,
};
