/* i18n: the gettext wrappers every layer calls. The catalog is opened by i18n_init (lib/i18n-init.c, which reads
 * --lang, the config and the environment); until then nothing is translated. */
#include "lib/i18n.h"

#include <libintl.h>

#include "lib/i18n-int.h"

static bool translating;

void i18n_set_translating(bool on)
{
	translating = on;
}

bool i18n_translating(void)
{
	return translating;
}

const char *i18n_tr(const char *msgid)
{
	/* gettext("") returns the catalog header, never what a caller means by an empty string. */
	if (!translating || !msgid || !*msgid)
		return msgid;
	return dgettext("smtpcon", msgid);
}

const char *i18n_ntr(const char *one, const char *many, unsigned long n)
{
	if (!translating)
		return n == 1 ? one : many;
	return dngettext("smtpcon", one, many, n);
}
