/* i18n-date: dates and times for people, in the chosen language's own way (strftime_l with that language's
 * LC_TIME: "30/11/2026" in pt_BR, pt and fr), ISO 8601 in English and whenever that locale is not installed (a
 * date is never written half in one convention and half in another). JSON Lines and the wire never call this:
 * they keep their ISO/RFC formats in every language. */
#include <locale.h>
#include <stdio.h>
#include <time.h>

#include "lib/i18n-int.h"
#include "lib/i18n.h"

/* The chosen language's LC_TIME (set by i18n_init), or (locale_t)0: English or not installed, ISO. */
static locale_t time_locale;

void i18n_set_time_locale(locale_t loc)
{
	if (time_locale)
		freelocale(time_locale);
	time_locale = loc;
}

/* The two conventions: ISO's, and the locale's own date (%x) and time (%X) representation. */
enum form {
	DATE,
	DATETIME_UTC,
	DATETIME_LOCAL
};
static const struct {
	const char *iso;
	const char *loc;
} forms[] = {
	[DATE] = {"%Y-%m-%d", "%x"},
	[DATETIME_UTC] = {"%Y-%m-%d %H:%M:%S UTC", "%x %X UTC"},
	[DATETIME_LOCAL] = {"%Y-%m-%d %H:%M:%S", "%x %X"},
};

static char *format(char *buf, size_t n, time_t t, enum form f)
{
	if (n == 0)
		return NULL;
	buf[0] = '\0';
	struct tm tm;
	struct tm *ok = f == DATETIME_LOCAL ? localtime_r(&t, &tm) : gmtime_r(&t, &tm);
	if (ok == NULL)
		return NULL;
	size_t w = time_locale ? strftime_l(buf, n, forms[f].loc, &tm, time_locale)
			       : strftime(buf, n, forms[f].iso, &tm);
	if (w == 0) {
		buf[0] = '\0';
		return NULL;
	}
	return buf;
}

char *i18n_date(char *buf, size_t n, time_t t)
{
	return format(buf, n, t, DATE);
}

char *i18n_datetime(char *buf, size_t n, time_t t)
{
	return format(buf, n, t, DATETIME_UTC);
}

char *i18n_datetime_local(char *buf, size_t n, time_t t)
{
	return format(buf, n, t, DATETIME_LOCAL);
}
