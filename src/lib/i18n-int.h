/* i18n-int: what only the start-up code (i18n_init, lib/i18n-init.c) uses to switch translation on. */
#ifndef SMTPCON_I18N_INT_H
#define SMTPCON_I18N_INT_H
#include <locale.h>
#include <stdbool.h>

#define I18N_DOMAIN "smtpcon"

/* Translate from now on with the LC_MESSAGES of loc (owned from now on; (locale_t)0: English again). The process
 * locale is never changed: only i18n_tr/i18n_ntr look through loc, so strerror(), GnuTLS' messages and every
 * printf (LC_NUMERIC) stay as they were, and JSON Lines and the wire cannot change with the language. */
void i18n_set_catalog(locale_t loc, const char *code);
/* Write dates (i18n_date and co.) with the LC_TIME of loc (owned from now on; (locale_t)0: ISO 8601). */
void i18n_set_time_locale(locale_t loc);

#endif
