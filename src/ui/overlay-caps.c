/* overlay-caps: the capabilities of the last EHLO, and the capabilities before and after TLS side by side with
 * what TLS added (+), removed (-) and changed (~): the reason a client must EHLO again after STARTTLS. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ehlo.h"
#include "core/session.h"
#include "lib/escape.h"
#include "lib/i18n.h"
#include "ui/overlay.h"

/* "+ AUTH PLAIN LOGIN" with the keyword and params escaped. */
static char *cap_text(char mark, const struct cap *c)
{
	char *n = escape_dup((const uint8_t *)c->name, strlen(c->name), 0);
	char *p = escape_dup((const uint8_t *)c->params, strlen(c->params), 0);
	char *s = NULL;
	if (asprintf(&s, "%c %s%s%s", mark, n, p[0] ? " " : "", p) < 0)
		s = NULL;
	free(n);
	free(p);
	return s;
}

static bool in_list(const struct cap *v, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].name, name) == 0)
			return true;
	return false;
}

static bool changed(const struct caps_diff *d, const char *name)
{
	for (size_t i = 0; d && i < d->nchanged; i++)
		if (strcmp(d->changed[i].name, name) == 0)
			return true;
	return false;
}

static void list_one(struct olines *o, const char *label, const struct caps *c)
{
	ol_add(o, ROLE_OVERLAY_TITLE, "%s", label);
	ol_add_untrusted(o, ROLE_OVERLAY, _("  server: "), c->domain);
	for (size_t i = 0; i < c->n; i++) {
		char *t = cap_text(' ', &c->v[i]);
		ol_add(o, ROLE_OVERLAY, " %s", t ? t : "");
		free(t);
	}
}

static void build(struct ui *ui, struct olines *o)
{
	struct session *s = ui->s;
	const struct caps *a = s ? session_caps(s, CAPS_PLAIN) : NULL;
	const struct caps *b = s ? session_caps(s, CAPS_TLS) : NULL;
	const struct caps *au = s ? session_caps(s, CAPS_AUTH) : NULL;
	if (a == NULL && b == NULL) {
		ol_add(o, ROLE_OVERLAY, "%s",
		       _("No EHLO reply yet: send EHLO <your name> to learn what the server offers."));
		return;
	}
	if (a == NULL || b == NULL) {
		list_one(o, a ? _("EHLO on the plaintext connection") : _("EHLO inside TLS"), a ? a : b);
		ol_add(o, ROLE_OVERLAY, " ");
		ol_add(o, ROLE_HINT, "%s",
		       a ? _("No EHLO after TLS yet: /starttls does STARTTLS, the handshake and EHLO again, then this "
			     "view shows what changed.")
			 : _("This connection started with TLS: there is no plaintext list to compare."));
	} else {
		struct caps_diff *d = caps_diff(a, b);
		ol_add2(o, ROLE_OVERLAY_TITLE, _("before TLS (plain EHLO)"), ROLE_OVERLAY_TITLE,
			_("after STARTTLS (EHLO again)"));
		size_t n = a->n > b->n ? a->n : b->n;
		for (size_t i = 0; i < n; i++) {
			char *l = NULL, *r = NULL;
			enum ui_role rl = ROLE_OVERLAY, rr = ROLE_OVERLAY;
			if (i < a->n) {
				bool gone = in_list(d->removed, d->nremoved, a->v[i].name);
				bool ch = changed(d, a->v[i].name);
				l = cap_text(gone ? '-' : ch ? '~' : ' ', &a->v[i]);
				rl = gone ? ROLE_DIFF_REMOVED : ch ? ROLE_DIFF_CHANGED : ROLE_OVERLAY;
			}
			if (i < b->n) {
				bool add = in_list(d->added, d->nadded, b->v[i].name);
				bool ch = changed(d, b->v[i].name);
				r = cap_text(add ? '+' : ch ? '~' : ' ', &b->v[i]);
				rr = add ? ROLE_DIFF_ADDED : ch ? ROLE_DIFF_CHANGED : ROLE_OVERLAY;
			}
			ol_add2(o, rl, l ? l : "", rr, r ? r : "");
			free(l);
			free(r);
		}
		ol_add(o, ROLE_OVERLAY, " ");
		/* The three labels end in one column, whatever their language: padded by display width. */
		const char *la = _("added after TLS:"), *lr = _("removed after TLS:"), *lc = _("changed:");
		int wa = text_width(la, strlen(la)), wr = text_width(lr, strlen(lr)), wc = text_width(lc, strlen(lc));
		int col = (wa > wr ? wa : wr) > wc ? (wa > wr ? wa : wr) : wc;
		for (size_t i = 0; i < d->nadded; i++) {
			char *t = cap_text('+', &d->added[i]);
			ol_add(o, ROLE_DIFF_ADDED, "%s%*s %s", la, col - wa, "", t ? t + 2 : "");
			free(t);
		}
		for (size_t i = 0; i < d->nremoved; i++) {
			char *t = cap_text('-', &d->removed[i]);
			ol_add(o, ROLE_DIFF_REMOVED, "%s%*s %s", lr, col - wr, "", t ? t + 2 : "");
			free(t);
		}
		for (size_t i = 0; i < d->nchanged; i++) {
			char *f = escape_dup((const uint8_t *)d->changed[i].from, strlen(d->changed[i].from), 0);
			char *t = escape_dup((const uint8_t *)d->changed[i].to, strlen(d->changed[i].to), 0);
			char *nm = escape_dup((const uint8_t *)d->changed[i].name, strlen(d->changed[i].name), 0);
			ol_add(o, ROLE_DIFF_CHANGED, "%s%*s %s \"%s\" -> \"%s\"", lc, col - wc, "", nm, f, t);
			free(f);
			free(t);
			free(nm);
		}
		if (d->nadded + d->nremoved + d->nchanged == 0)
			ol_add(o, ROLE_OVERLAY,
			       P_("TLS changed nothing in the list (%zu keyword the same).",
				  "TLS changed nothing in the list (%zu keywords the same).", d->nsame),
			       d->nsame);
		caps_diff_free(d);
	}
	if (au) {
		ol_add(o, ROLE_OVERLAY, " ");
		list_one(o, _("EHLO after AUTH"), au);
	}
}

const struct overlay_ops overlay_caps = {
	.title = N_("capabilities (EHLO) and the before/after-TLS diff"),
	/* TRANSLATORS: keep the marks + - ~ and the double blanks between the pieces. */
	.footer = N_("Esc closes   + added  - removed  ~ changed"),
	.build = build,
};
