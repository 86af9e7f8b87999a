/* test-i18n-date: dates people read follow the language (the certificate inspector's and /cert's validity dates
 * go through these): the language's own convention through its installed locale, ISO 8601 in English and when
 * the locale is missing, and the same instant whatever the language (UTC stays UTC). tests/setup.sh generates the
 * pt_BR, pt_PT and fr_FR locales, so they are required here. */
#include <locale.h>
#include <stdlib.h>

#include "check.h"
#include "lib/i18n-int.h"
#include "lib/i18n.h"

/* 2026-11-30 00:53:20 UTC: day and month both differ from their swapped reading. */
#define WHEN ((time_t)1796000000)

static void in_locale(const char *name, const char *date, const char *datetime)
{
	locale_t loc = newlocale(LC_TIME_MASK, name, (locale_t)0);
	CHECK(loc != (locale_t)0);
	if (loc == (locale_t)0) {
		fprintf(stderr, "locale %s is not installed (tests/setup.sh generates it)\n", name);
		return;
	}
	i18n_set_time_locale(loc);
	char buf[64];
	CHECK_STR(i18n_date(buf, sizeof buf, WHEN), date);
	CHECK_STR(i18n_datetime(buf, sizeof buf, WHEN), datetime);
	i18n_set_time_locale((locale_t)0);
}

int main(void)
{
	char buf[64];
	/* English (no language chosen): ISO, as before the translation work. */
	CHECK_STR(i18n_date(buf, sizeof buf, WHEN), "2026-11-30");
	CHECK_STR(i18n_datetime(buf, sizeof buf, WHEN), "2026-11-30 00:53:20 UTC");
	setenv("TZ", "UTC", 1);
	tzset();
	CHECK_STR(i18n_datetime_local(buf, sizeof buf, WHEN), "2026-11-30 00:53:20");

	in_locale("pt_BR.UTF-8", "30/11/2026", "30/11/2026 00:53:20 UTC");
	in_locale("pt_PT.UTF-8", "30/11/2026", "30/11/2026 00:53:20 UTC");
	in_locale("fr_FR.UTF-8", "30/11/2026", "30/11/2026 00:53:20 UTC");

	/* Back to ISO once the locale is gone (a language whose locale is not installed). */
	CHECK_STR(i18n_date(buf, sizeof buf, WHEN), "2026-11-30");
	/* Too small a buffer: NULL and an empty string, never a cut date. */
	char small[6] = "xxxxx";
	CHECK(i18n_date(small, sizeof small, WHEN) == NULL);
	CHECK_STR(small, "");
	return check_report();
}
