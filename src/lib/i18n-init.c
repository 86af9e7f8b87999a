/* i18n-init: choose the language at start-up (--lang, the `lang` config key, the environment) and open the
 * catalog, from the build tree when the binary runs from there, else from the installed locale directory. */
#include <libintl.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/i18n-int.h"
#include "lib/i18n.h"

#ifndef SMTPCON_LOCALEDIR
#define SMTPCON_LOCALEDIR "/usr/share/locale"
#endif

/* The languages (po/LINGUAS plus English). code is what --lang takes and the catalog's directory name; locale is
 * the UTF-8 locale whose LC_MESSAGES selects it (C.UTF-8 with LANGUAGE=code when that locale is not installed). */
static const struct language {
	const char *code;
	const char *locale;
} languages[] = {
	{"pt_BR", "pt_BR.UTF-8"},
	{"pt", "pt_PT.UTF-8"},
	{"fr", "fr_FR.UTF-8"},
	{"en", NULL},
};

static const struct language *find(const char *code)
{
	for (size_t i = 0; i < sizeof languages / sizeof languages[0]; i++)
		if (strcmp(languages[i].code, code) == 0)
			return &languages[i];
	return NULL;
}

bool i18n_lang_known(const char *lang)
{
	return lang && find(lang) != NULL;
}

/* A locale or LANGUAGE entry ("pt_BR.UTF-8", "fr_CA", "pt", "en_US@euro") as one of ours, gettext's way: the
 * exact ll_CC first (only pt_BR is its own catalog), then the language alone. NULL: none of ours. */
static const char *code_of(const char *name)
{
	/* strchr(set, '\0') finds the terminator: "pt_BR" alone matches too. */
	if (strncmp(name, "pt_BR", 5) == 0 && strchr("._@", name[5]))
		return "pt_BR";
	static const char *const base[] = {"pt", "fr", "en"};
	for (size_t i = 0; i < sizeof base / sizeof base[0]; i++)
		if (strncmp(name, base[i], 2) == 0 && strchr("_.@", name[2]))
			return base[i];
	return NULL;
}

static const char *env(const char *name)
{
	const char *v = getenv(name);
	return v && *v ? v : NULL;
}

/* The environment's choice, as gettext makes it: the LC_MESSAGES locale name (LC_ALL, LC_MESSAGES, LANG); in
 * the C/POSIX locale English whatever LANGUAGE says; else the first LANGUAGE entry we have, else the locale's.
 * Unlike gettext it does not need the locale to be installed: LANG=fr_FR.UTF-8 speaks French even where
 * locale-gen never ran. */
static const char *env_code(void)
{
	const char *name = env("LC_ALL");
	if (!name)
		name = env("LC_MESSAGES");
	if (!name)
		name = env("LANG");
	if (!name || strcmp(name, "C") == 0 || strcmp(name, "POSIX") == 0)
		return "en";
	const char *list = env("LANGUAGE");
	if (list) {
		char entry[64];
		for (const char *p = list; *p;) {
			size_t n = strcspn(p, ":");
			if (n > 0 && n < sizeof entry) {
				memcpy(entry, p, n);
				entry[n] = '\0';
				const char *c = code_of(entry);
				if (c)
					return c;
			}
			p += n + (p[n] == ':');
		}
	}
	const char *c = code_of(name);
	return c ? c : "en";
}

/* The build tree's catalogs (CMake writes them to <build>/locale next to <build>/smtpcon), else the installed
 * ones. A locale/ beside an installed binary would be /usr/bin/locale: the program, not a directory. */
static const char *catalog_dir(char *buf, size_t n)
{
	char exe[PATH_MAX];
	ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (len > 0) {
		exe[len] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			struct stat st;
			int w = snprintf(buf, n, "%s/locale", exe);
			if (w > 0 && (size_t)w < n && stat(buf, &st) == 0 && S_ISDIR(st.st_mode))
				return buf;
		}
	}
	return SMTPCON_LOCALEDIR;
}

bool i18n_init(const char *lang)
{
	const struct language *l = lang && *lang ? find(lang) : NULL;
	if (l == NULL)
		l = find(env_code());
	if (l == NULL || l->locale == NULL)
		return false; /* English */

	char dir[PATH_MAX];
	bindtextdomain(I18N_DOMAIN, catalog_dir(dir, sizeof dir));
	/* The catalogs are UTF-8 and so is every terminal this is made for; without this, gettext would convert to
	 * the process's LC_CTYPE codeset, which is ASCII in batch mode (the process locale stays "C"). */
	bind_textdomain_codeset(I18N_DOMAIN, "UTF-8");

	/* gettext reads LANGUAGE before the locale (unless the locale is C): make it say what was chosen, which also
	 * lets C.UTF-8 stand in for a locale that is not installed. Child processes (an $EDITOR) inherit it. */
	const char *language = env("LANGUAGE");
	char *saved = language ? strdup(language) : NULL;
	setenv("LANGUAGE", l->code, 1);
	locale_t loc = newlocale(LC_MESSAGES_MASK, l->locale, (locale_t)0);
	if (loc == (locale_t)0)
		loc = newlocale(LC_MESSAGES_MASK, "C.UTF-8", (locale_t)0);
	bool found = false;
	if (loc != (locale_t)0) {
		/* The catalog is there when its header (the translation of "") is. */
		locale_t old = uselocale(loc);
		const char *header = dgettext(I18N_DOMAIN, "");
		found = header && *header;
		uselocale(old);
	}
	if (!found) {
		if (loc != (locale_t)0)
			freelocale(loc);
		if (saved)
			setenv("LANGUAGE", saved, 1);
		else
			unsetenv("LANGUAGE");
		free(saved);
		return false;
	}
	free(saved);
	i18n_set_catalog(loc, l->code);
	/* Dates follow the language only through its own installed locale; without it they stay ISO (C.UTF-8's %x
	 * is the American 11/30/26, which would read as a wrong date in Portuguese or French). */
	i18n_set_time_locale(newlocale(LC_TIME_MASK, l->locale, (locale_t)0));
	return true;
}
