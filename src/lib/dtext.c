/* dtext: English and translated text side by side (see dtext.h for why). */
#include "lib/dtext.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/i18n.h"

void dtext_init(struct dtext *d, size_t max)
{
	buf_init(&d->en, max);
	buf_init(&d->loc, max);
}

void dtext_free(struct dtext *d)
{
	buf_free(&d->en);
	buf_free(&d->loc);
}

void dtext_reset(struct dtext *d)
{
	buf_reset(&d->en);
	buf_reset(&d->loc);
}

/* Append what fits: a message cut at the bound still says most of what it meant, where dropping it whole would
 * leave the user with nothing. */
static void append_bounded(struct buf *b, const char *p, size_t n)
{
	if (b->max && b->len + n > b->max)
		n = b->max > b->len ? b->max - b->len : 0;
	buf_append(b, p, n);
}

static void append_v(struct buf *b, const char *fmt, va_list ap)
{
	char *text = NULL;
	int n = vasprintf(&text, fmt, ap);
	if (n < 0)
		return;
	append_bounded(b, text, (size_t)n);
	free(text);
}

void dtext_vprintf(struct dtext *d, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	append_v(&d->en, fmt, ap2);
	va_end(ap2);
	if (i18n_translating()) {
		/* The catalog's msgstr keeps the msgid's conversions (msgfmt --check enforces c-format), so the same
		 * arguments fit. */
		va_copy(ap2, ap);
		append_v(&d->loc, _(fmt), ap2);
		va_end(ap2);
	}
}

void dtext_printf(struct dtext *d, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	dtext_vprintf(d, fmt, ap);
	va_end(ap);
}

void dtext_puts(struct dtext *d, const char *msgid)
{
	if (!msgid)
		return;
	append_bounded(&d->en, msgid, strlen(msgid));
	if (i18n_translating()) {
		const char *t = _(msgid);
		append_bounded(&d->loc, t, strlen(t));
	}
}

void dtext_raw(struct dtext *d, const char *s)
{
	if (!s)
		return;
	append_bounded(&d->en, s, strlen(s));
	if (i18n_translating())
		append_bounded(&d->loc, s, strlen(s));
}

void dtext_cat(struct dtext *d, const struct dtext *other)
{
	append_bounded(&d->en, dtext_en(other), other->en.len);
	if (i18n_translating())
		append_bounded(&d->loc, buf_cstr(&other->loc), other->loc.len);
}

const char *dtext_en(const struct dtext *d)
{
	return buf_cstr(&d->en);
}

const char *dtext_loc(const struct dtext *d)
{
	return i18n_translating() ? buf_cstr(&d->loc) : buf_cstr(&d->en);
}

const char *dtext_loc_or_null(const struct dtext *d)
{
	return i18n_translating() ? buf_cstr(&d->loc) : NULL;
}
