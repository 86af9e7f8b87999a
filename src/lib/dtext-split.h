/* dtext-split: a dtext built side by side when an argument is itself a message in two languages (a TLS error,
 * what a wait was for). dtext_printf formats both sides with the same arguments; these format each side with
 * its own. Call both with the same English msgid, the translated call's literal marked N_():
 *     dtext_en_printf(&d, "TLS handshake failed: %s", tls_error(t));
 *     dtext_loc_printf(&d, N_("TLS handshake failed: %s"), tls_error_loc(t));
 */
#ifndef SMTPCON_DTEXT_SPLIT_H
#define SMTPCON_DTEXT_SPLIT_H
#include "lib/dtext.h"

/* Append fmt formatted to the English side only. */
void dtext_en_printf(struct dtext *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Append _(fmt) formatted to the translated side only (nothing when no translation is active). fmt is the
 * English msgid; the catalog keeps its conversions (msgfmt -c). */
void dtext_loc_printf(struct dtext *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Append en to the English side and loc, already in the user's language (a word translated with C_(), which no
 * dtext function takes), to the translated side. */
void dtext_pair(struct dtext *d, const char *en, const char *loc);
/* Plural forms side by side: English rule on the English side, ngettext on the translated side. The literals
 * are marked with P_() at the call site: dtext_nprintf(&d, P_("%zu record", "%zu records", n), n, ...) cannot
 * work (P_ picks one form), so the call site passes both and this picks. */
void dtext_nprintf(struct dtext *d, const char *one, const char *many, unsigned long n, ...)
	__attribute__((format(printf, 3, 5)));

#endif
