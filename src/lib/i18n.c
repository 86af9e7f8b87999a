/* i18n: the gettext wrappers every layer calls. The catalog is opened by i18n_init (lib/i18n-init.c, which reads
 * --lang, the config and the environment); until then nothing is translated.
 *
 * The language lives in a locale object used only around our own dgettext calls (uselocale, per thread), never in
 * the process locale: LC_NUMERIC stays "C" for every printf (JSON Lines, the wire), and the C library's and
 * GnuTLS' own messages stay English wherever they end up (events, JSON). */
#include "lib/i18n.h"

#include <libintl.h>
#include <stdio.h>
#include <string.h>

#include "lib/i18n-int.h"

static locale_t catalog;
static const char *language = "en";

void i18n_set_catalog(locale_t loc, const char *code)
{
	if (catalog)
		freelocale(catalog);
	catalog = loc;
	language = loc && code ? code : "en";
}

bool i18n_translating(void)
{
	return catalog != (locale_t)0;
}

const char *i18n_language(void)
{
	return language;
}

const char *i18n_decimal_point(void)
{
	/* pt_BR, pt and fr all write 0,5; English 0.5. A table would be needed for a language that differs. */
	return strcmp(language, "en") == 0 ? "." : ",";
}

char *i18n_number(char *buf, size_t n, double v, int decimals)
{
	/* printf writes '.' (the process keeps LC_NUMERIC "C"); swap it for the language's separator. */
	snprintf(buf, n, "%.*f", decimals, v);
	char *dot = strchr(buf, '.');
	const char *sep = i18n_decimal_point();
	if (dot && strlen(sep) == 1)
		*dot = sep[0];
	return buf;
}

const char *i18n_tr(const char *msgid)
{
	/* gettext("") returns the catalog header, never what a caller means by an empty string. */
	if (!catalog || !msgid || !*msgid)
		return msgid;
	locale_t old = uselocale(catalog);
	const char *s = dgettext(I18N_DOMAIN, msgid);
	uselocale(old);
	return s;
}

const char *i18n_ctr(const char *key, const char *msgid)
{
	if (!catalog)
		return msgid;
	const char *s = i18n_tr(key);
	/* Not in the catalog: dgettext gave the key back, context and all. */
	return s == key ? msgid : s;
}

const char *i18n_ntr(const char *one, const char *many, unsigned long n)
{
	if (!catalog)
		return n == 1 ? one : many;
	locale_t old = uselocale(catalog);
	const char *s = dngettext(I18N_DOMAIN, one, many, n);
	uselocale(old);
	return s;
}
