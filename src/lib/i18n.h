/* i18n: the words smtpcon says, in the user's language (gettext, domain "smtpcon").
 *
 * Three ways to mark a string, chosen by where the text goes:
 *   _("...")        translate now. For text only people read: the TUI, the text transcript, --help, errors on
 *                   stderr. Never for JSON Lines (which stays English in every locale, so scripts do not break).
 *   N_("...")       mark only (tables, constants). The table keeps the English; the view that shows it calls
 *                   _(entry->text). The extractor (po/update) finds both.
 *   P_(one, many, n) plural forms (ngettext).
 * Text that goes to both JSON and a screen (events, console output) is built as a struct dtext (lib/dtext.h):
 * English and translated side by side, from one English format string.
 *
 * Until i18n_init() chose a language other than English, every function returns its English argument
 * unchanged, so tests, JSON and the fuzzers never depend on the environment's locale.
 */
#ifndef SMTPCON_I18N_H
#define SMTPCON_I18N_H
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#define _(s) i18n_tr(s)
#define N_(s) s
#define P_(one, many, n) i18n_ntr(one, many, n)
/* C_(context, msgid): pgettext. The same English word said of different things ("accepted" of a TLS version, of
 * a mail transaction) may need different words in a language with genders: French says "transaction acceptée"
 * but "protocole accepté". Both arguments must be literals (the key is "context\004msgid", gettext's own). */
#define C_(ctx, s) i18n_ctr(ctx "\004" s, s)

/* The translation of msgid in the chosen language, or msgid itself (English, no catalog, "" or NULL). */
const char *i18n_tr(const char *msgid);
/* ngettext: the form of one/many for count n in the chosen language (English rules when none). */
const char *i18n_ntr(const char *one, const char *many, unsigned long n);
/* pgettext behind C_(): the translation of key ("context\004msgid"), or msgid when there is none. */
const char *i18n_ctr(const char *key, const char *msgid);
/* True when a language other than English is in use (views may skip building a second text when false). */
bool i18n_translating(void);
/* The language in use: "pt_BR", "pt", "fr", or "en" (also when no catalog was found). */
const char *i18n_language(void);
/* The decimal separator of the language in use ("," for pt_BR, pt, fr; "." for English), for numbers only people
 * read. printf itself always writes '.' (the process keeps LC_NUMERIC "C" so JSON and the wire never change):
 * a view that wants 0,5 formats with printf and replaces the '.' with this. */
const char *i18n_decimal_point(void);
/* v with decimals digits after the separator of the language in use ("4,52" in pt_BR, pt, fr; "4.52" in English),
 * written into buf (n bytes); returns buf. For numbers only people read, never JSON or the wire. */
char *i18n_number(char *buf, size_t n, double v, int decimals);
/* Dates and times people read (certificate validity, session time stamps), written into buf (n bytes; 32 is
 * enough): the language's own convention through its installed locale ("30/11/2026" in pt_BR, pt and fr), ISO
 * 8601 in English or when that locale is not installed ("2026-11-30"). Return buf, or NULL (buf "") when t cannot
 * be shown (out of range, buf too small): the caller writes its own "(unknown)". Never for JSON or the wire.
 *   i18n_date           the day, in UTC:            "2026-11-30"               "30/11/2026"
 *   i18n_datetime       day and time, in UTC:       "2026-11-30 00:53:20 UTC"  "30/11/2026 00:53:20 UTC"
 *   i18n_datetime_local day and time, local time:   "2026-11-30 01:53:20"      "30/11/2026 01:53:20" */
char *i18n_date(char *buf, size_t n, time_t t);
char *i18n_datetime(char *buf, size_t n, time_t t);
char *i18n_datetime_local(char *buf, size_t n, time_t t);

/* ---- start-up (main.c, before anything is printed) ---- */

/* The languages --lang and the `lang` config key take, space-separated: "pt_BR pt fr en". */
#define I18N_LANGUAGES "pt_BR pt fr en"
/* True when lang is one of I18N_LANGUAGES (exact spelling). */
bool i18n_lang_known(const char *lang);
/*
 * Choose the language once: lang (from --lang, else the `lang` config key; NULL or "" for none), else the
 * environment as gettext reads it (LANGUAGE, when the locale is not C/POSIX; then LC_ALL, LC_MESSAGES, LANG).
 * The catalog is looked for in the build tree first (a locale/ directory next to the running binary, so
 * build/smtpcon speaks the language uninstalled), else in the installed locale directory. English, an unknown
 * lang (the caller reports it) or a missing catalog leave i18n_translating() false. Works whatever the process
 * locale (LANG=C included): the process locale is not changed. Sets LANGUAGE for child processes when a language
 * other than English is chosen. Returns true when translating.
 */
bool i18n_init(const char *lang);

#endif
