/* dtext: one text in two languages at once. `en` is English, for JSON Lines (which never changes with the
 * locale); `loc` is the user's language, for screens and transcripts. Both are built from the same English
 * format string (a gettext msgid), so a message is written once in the source.
 *
 * When no translation is active (i18n_translating() false), loc is not built and dtext_loc() returns the English.
 * Each side is bounded (max bytes given at init); an append past the bound is dropped whole, like struct buf.
 * Functions that take an English msgid are known to po/update as extraction keywords.
 */
#ifndef SMTPCON_DTEXT_H
#define SMTPCON_DTEXT_H
#include <stdarg.h>
#include <stddef.h>

#include "lib/buf.h"

struct dtext {
	struct buf en;
	struct buf loc;
};

void dtext_init(struct dtext *d, size_t max);
void dtext_free(struct dtext *d);
void dtext_reset(struct dtext *d);
/* Append fmt formatted: English side with fmt, translated side with _(fmt). fmt must be a literal msgid. */
void dtext_printf(struct dtext *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void dtext_vprintf(struct dtext *d, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Append msgid (English side) and its translation (other side): for table entries marked N_(). */
void dtext_puts(struct dtext *d, const char *msgid);
/* Append the same bytes to both sides: names, addresses, numbers, server text (already escaped). */
void dtext_raw(struct dtext *d, const char *s);
/* Append another dtext, side by side. */
void dtext_cat(struct dtext *d, const struct dtext *other);
const char *dtext_en(const struct dtext *d);
const char *dtext_loc(const struct dtext *d);
/* The translated text, or NULL when it is the same as the English (no translation active): for event fields
 * that are optional (struct event's text_loc). */
const char *dtext_loc_or_null(const struct dtext *d);

#endif
