/* dtext-split: each side of a dtext formatted with its own arguments (see dtext-split.h for why). */
#include "lib/dtext-split.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/i18n.h"

/* Append what fits, like dtext's own appends: a cut message still says most of what it meant. */
static void append_v(struct buf *b, const char *fmt, va_list ap)
{
	char *text = NULL;
	int n = vasprintf(&text, fmt, ap);
	if (n < 0)
		return;
	size_t len = (size_t)n;
	if (b->max && b->len + len > b->max)
		len = b->max > b->len ? b->max - b->len : 0;
	buf_append(b, text, len);
	free(text);
}

static void append_s(struct buf *b, const char *s)
{
	size_t len = strlen(s);
	if (b->max && b->len + len > b->max)
		len = b->max > b->len ? b->max - b->len : 0;
	buf_append(b, s, len);
}

void dtext_pair(struct dtext *d, const char *en, const char *loc)
{
	append_s(&d->en, en);
	if (i18n_translating())
		append_s(&d->loc, loc);
}

void dtext_en_printf(struct dtext *d, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	append_v(&d->en, fmt, ap);
	va_end(ap);
}

void dtext_loc_printf(struct dtext *d, const char *fmt, ...)
{
	if (!i18n_translating())
		return;
	va_list ap;
	va_start(ap, fmt);
	append_v(&d->loc, _(fmt), ap);
	va_end(ap);
}

void dtext_nprintf(struct dtext *d, const char *one, const char *many, unsigned long n, ...)
{
	va_list ap;
	va_start(ap, n);
	append_v(&d->en, n == 1 ? one : many, ap);
	va_end(ap);
	if (i18n_translating()) {
		va_start(ap, n);
		append_v(&d->loc, P_(one, many, n), ap);
		va_end(ap);
	}
}
