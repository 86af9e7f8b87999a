/* i18n-int: what only the start-up code (i18n_init) uses to switch translation on. */
#ifndef SMTPCON_I18N_INT_H
#define SMTPCON_I18N_INT_H
#include <stdbool.h>

void i18n_set_translating(bool on);

#endif
