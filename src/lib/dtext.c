/* dtext: English and translated text side by side (see dtext.h for why). */
#include "lib/dtext.h"

#include <stdio.h>

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

/* vsnprintf into a struct buf through a bounded stack copy first, so one append is all or nothing. */
static void append_v(struct buf *b, const char *fmt, va_list ap)
{
	char small[1024];
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(small, sizeof small, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return;
	if ((size_t)n < sizeof small) {
		buf_append(b, small, (size_t)n);
		return;
	}
	uint8_t *p = buf_reserve(b, (size_t)n + 1);
	if (!p)
		return;
	vsnprintf((char *)p, (size_t)n + 1, fmt, ap);
	buf_commit(b, (size_t)n);
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
	buf_append_str(&d->en, msgid);
	if (i18n_translating())
		buf_append_str(&d->loc, _(msgid));
}

void dtext_raw(struct dtext *d, const char *s)
{
	if (!s)
		return;
	buf_append_str(&d->en, s);
	if (i18n_translating())
		buf_append_str(&d->loc, s);
}

void dtext_cat(struct dtext *d, const struct dtext *other)
{
	buf_append(&d->en, other->en.data ? other->en.data : (const uint8_t *)"", other->en.len);
	if (i18n_translating())
		buf_append(&d->loc, other->loc.data ? other->loc.data : (const uint8_t *)"", other->loc.len);
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
