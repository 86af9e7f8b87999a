/* out-text-sections: the transcript's multi-line sections about the session's phases: the TLS result (version,
 * cipher, verification verdict with every reason and hint, the certificate), the capability list of each EHLO and
 * what changed in it across STARTTLS. The wire lines themselves are out-text.c's job. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "batch/out-text-int.h"
#include "core/cert.h"
#include "lib/buf.h"
#include "lib/escape.h"
#include "lib/i18n.h"

/* A certificate's date as people read it: the language's convention ("07/10/2026" in French), ISO in English. */
static void put_date(struct out_text *o, int64_t t)
{
	char s[32];
	if (i18n_date(s, sizeof s, (time_t)t) == NULL)
		ot_put(o, "?");
	else
		ot_put(o, s);
}

void ot_show_tls(struct out_text *o, const struct event *ev)
{
	const struct tls_info *ti = ev->tls_info;
	ot_begin(o, ev, "*** ");
	if (ti == NULL) {
		ot_put(o, _("TLS established (no details)\n"));
		return;
	}
	const char *parts[] = {ti->version, ti->cipher, ti->kx_group};
	bool any = false;
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		if (parts[i] == NULL || *parts[i] == '\0')
			continue;
		if (any)
			ot_put(o, " ");
		ot_put_esc(o, parts[i]);
		any = true;
	}
	if (!any)
		ot_put(o, "TLS");
	if (ti->resumed)
		ot_put(o, _(", resumed"));
	if (ti->verified) {
		ot_put(o, _(", certificate verified ("));
		ot_put_esc(o, ti->checked_name);
		ot_put(o, ")\n");
	} else {
		ot_put(o, "\n");
		ot_begin(o, ev, "*** ");
		if (ti->checked_name) {
			struct buf name;
			buf_init(&name, 0);
			escape_bytes(&name, (const uint8_t *)ti->checked_name, strlen(ti->checked_name), o->esc);
			/* TRANSLATORS: the transcript: the reasons' ids follow the colon ("certificate NOT verified for
			 * mail.example.org: expired, hostname-mismatch"). */
			buf_printf(&o->b, _("certificate NOT verified for %s:"), buf_cstr(&name));
			buf_free(&name);
		} else {
			/* TRANSLATORS: the transcript: the reasons' ids follow the colon. */
			ot_put(o, _("certificate NOT verified:"));
		}
		for (size_t i = 0; i < ti->nreasons; i++) {
			ot_put(o, i ? ", " : " ");
			ot_put_esc(o, ti->reasons[i].id);
		}
		if (ti->nreasons == 0)
			ot_put(o, _(" (no reason given)"));
		ot_put(o, "\n");
		for (size_t i = 0; i < ti->nreasons; i++) {
			ot_sub(o);
			ot_put(o, "      - ");
			ot_put_esc(o, ti->reasons[i].text ? verify_reason_text(&ti->reasons[i]) : ti->reasons[i].id);
			ot_put(o, "\n");
			ot_put_hint(o, verify_reason_hint(&ti->reasons[i]));
		}
		if (ti->verify_skipped) {
			ot_sub(o);
			ot_put(o, _("      (--insecure: continuing without verification)\n"));
		}
	}
	if (ti->nchain > 0) {
		const struct cert_info *c = &ti->chain[0];
		ot_sub(o);
		ot_put(o, _("      certificate: "));
		ot_put_esc(o, c->subject);
		ot_put(o, "\n");
		ot_sub(o);
		ot_put(o, _("      issuer: "));
		ot_put_esc(o, c->issuer);
		ot_put(o, c->self_signed ? _(" (self-signed)") : "");
		ot_put(o, "\n");
		ot_sub(o);
		ot_put(o, _("      valid: "));
		put_date(o, c->not_before);
		/* TRANSLATORS: "valid: 2026-01-01 to 2027-01-01" */
		ot_put(o, _(" to "));
		put_date(o, c->not_after);
		buf_printf(&o->b, _(", chain of %zu\n"), ti->nchain);
	}
}

void ot_show_caps(struct out_text *o, const struct event *ev)
{
	ot_begin(o, ev, "--- ");
	/* TRANSLATORS: %s is the phase id, "plain" (before TLS) or "tls" (after): it stays as it is. */
	buf_printf(&o->b, _("capabilities (%s)"), caps_phase_name(ev->phase));
	if (ev->caps == NULL) {
		ot_put(o, ": ");
		ot_put(o, _("(none)"));
		ot_put(o, "\n");
		return;
	}
	ot_put(o, ": ");
	ot_put_esc(o, ev->caps->domain);
	ot_put(o, "\n");
	for (size_t i = 0; i < ev->caps->n; i++) {
		const struct cap *c = &ev->caps->v[i];
		ot_sub(o);
		ot_put(o, "      ");
		ot_put_esc(o, c->name);
		if (c->params && *c->params) {
			ot_put(o, " ");
			ot_put_esc(o, c->params);
		}
		ot_put(o, "\n");
	}
}

static void put_cap_line(struct out_text *o, const char *mark, const struct cap *c)
{
	ot_sub(o);
	ot_put(o, mark);
	ot_put_esc(o, c->name);
	if (c->params && *c->params) {
		ot_put(o, " ");
		ot_put_esc(o, c->params);
	}
	ot_put(o, "\n");
}

static void put_params(struct out_text *o, const char *params)
{
	if (params == NULL || *params == '\0')
		ot_put(o, _("(none)"));
	else
		ot_put_esc(o, params);
}

void ot_show_caps_diff(struct out_text *o, const struct event *ev)
{
	const struct caps_diff *d = ev->diff;
	ot_begin(o, ev, "--- ");
	/* TRANSLATORS: "capabilities plain -> tls": the two phase ids stay as they are. */
	buf_printf(&o->b, _("capabilities %s -> %s"), caps_phase_name(ev->phase_from), caps_phase_name(ev->phase));
	if (d == NULL || d->nadded + d->nremoved + d->nchanged == 0) {
		ot_put(o, _(": no change\n"));
		return;
	}
	buf_printf(&o->b, _(": %zu added, %zu removed, %zu changed, %zu same\n"), d->nadded, d->nremoved, d->nchanged,
		   d->nsame);
	for (size_t i = 0; i < d->nadded; i++)
		put_cap_line(o, "      + ", &d->added[i]);
	for (size_t i = 0; i < d->nremoved; i++)
		put_cap_line(o, "      - ", &d->removed[i]);
	for (size_t i = 0; i < d->nchanged; i++) {
		ot_sub(o);
		ot_put(o, "      ~ ");
		ot_put_esc(o, d->changed[i].name);
		ot_put(o, " ");
		put_params(o, d->changed[i].from);
		ot_put(o, " -> ");
		put_params(o, d->changed[i].to);
		ot_put(o, "\n");
	}
}
