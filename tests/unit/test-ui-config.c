/* test-ui-config: the TUI's built-in key bindings are /bind lines that parse without one error, bind every key
 * once, and the user's bindings (read before or after) win; the theme lookup order of issue 3 (the user's theme
 * directory, then the installed data dir, then the source tree), and a user's theme shadowing a shipped one. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "cmd/config.h"
#include "cmd/options.h"
#include "ui/complete.h"
#include "ui/theme.h"
#include "ui/ui-internal.h"

static void test_default_bindings(void)
{
	struct buf errs;
	buf_init(&errs, 0);
	options_reset();
	/* The user's file first (main.c reads it before the TUI starts), then the defaults. */
	const char *user = "/bind F6 /caps\n/bind -u F2\n";
	CHECK_INT(config_parse_text(user, strlen(user), "user", CONFIG_USER, &errs), 0);
	const char *text = keys_default_text();
	int n = config_parse_text(text, strlen(text), "defaults", CONFIG_DEFAULTS, &errs);
	if (n)
		fprintf(stderr, "%s", buf_cstr(&errs));
	CHECK_INT(n, 0);
	CHECK_STR(bindings_lookup("F6"), "/caps");
	CHECK(bindings_lookup("F2") == NULL);
	CHECK_STR(bindings_lookup("F1"), "help");
	CHECK_STR(bindings_lookup("F10"), "quit");
	CHECK_STR(bindings_lookup("C-c"), "cancel");
	CHECK_STR(bindings_lookup("M-Up"), "select-prev");
	CHECK_STR(bindings_lookup("S-F3"), "search-prev");
	/* Each key once in the defaults: as many lines as distinct keys. */
	size_t lines = 0;
	for (const char *p = text; *p; p++)
		lines += *p == '\n';
	CHECK_INT(bindings_count(), lines);
	for (size_t i = 0; i < bindings_count(); i++)
		for (size_t k = i + 1; k < bindings_count(); k++)
			CHECK(strcmp(bindings_at(i)->key, bindings_at(k)->key) != 0);
	buf_free(&errs);
	options_reset();
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	CHECK(f != NULL);
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static void test_theme_order(void)
{
	char dir[] = "/tmp/smtpcon-test-theme-XXXXXX";
	CHECK(mkdtemp(dir) != NULL);
	setenv("XDG_CONFIG_HOME", dir, 1);
	char *p[4] = {NULL};
	CHECK_INT(theme_search_path("light", p, 4), 3);
	char want[512];
	snprintf(want, sizeof want, "%s/smtpcon/themes/light.theme", dir);
	CHECK_STR(p[0], want);
	CHECK_STR(p[1], SMTPCON_DATADIR "/themes/light.theme");
	CHECK_STR(p[2], SMTPCON_SOURCEDIR "/themes/light.theme");
	for (int i = 0; i < 4; i++)
		free(p[i]);
	/* Without XDG_CONFIG_HOME: ~/.config. A path is taken as it is. */
	unsetenv("XDG_CONFIG_HOME");
	setenv("HOME", "/home/u", 1);
	CHECK_INT(theme_search_path("mono", p, 4), 3);
	CHECK_STR(p[0], "/home/u/.config/smtpcon/themes/mono.theme");
	for (int i = 0; i < 3; i++)
		free(p[i]);
	CHECK_INT(theme_search_path("./x.theme", p, 4), 1);
	CHECK_STR(p[0], "./x.theme");
	free(p[0]);

	/* Functionally: the shipped light theme comes from the source tree (nothing installed, nothing of ours)... */
	setenv("XDG_CONFIG_HOME", dir, 1);
	struct theme t;
	struct buf errs;
	buf_init(&errs, 0);
	theme_init(&t);
	CHECK_INT(theme_load(&t, "light", &errs), 0);
	CHECK_INT(theme_unset_roles(&t), 0);
	/* ... until the user's directory has a light.theme: that one wins. */
	char sub[512], path[600];
	snprintf(sub, sizeof sub, "%s/smtpcon", dir);
	mkdir(sub, 0700);
	snprintf(sub, sizeof sub, "%s/smtpcon/themes", dir);
	mkdir(sub, 0700);
	snprintf(path, sizeof path, "%s/light.theme", sub);
	write_file(path, "title fg=colour201\n");
	theme_init(&t);
	CHECK_INT(theme_load(&t, "light", &errs), 0);
	CHECK_INT(t.style[ROLE_TITLE].fg, 201);
	CHECK_INT(theme_unset_roles(&t), ROLE_COUNT - 1);
	/* A name is never a way out of the theme directories. */
	CHECK_INT(theme_load(&t, "..", &errs), 1);
	CHECK_INT(theme_load(&t, "no-such-theme", &errs), 1);
	CHECK(strstr(buf_cstr(&errs), "theme not found") != NULL);
	unlink(path);
	rmdir(sub);
	snprintf(sub, sizeof sub, "%s/smtpcon", dir);
	rmdir(sub);
	rmdir(dir);
	buf_free(&errs);
}

static void test_completion(void)
{
	struct completion c;
	complete_line("/se", 3, NULL, &c);
	CHECK_STR(c.common, "/set");
	complete_line("/set th", 7, NULL, &c);
	CHECK_INT(c.n, 1);
	CHECK_STR(c.cand[0], "theme");
	complete_line("/set theme hi", 13, NULL, &c);
	CHECK_STR(c.common, "high-contrast");
	complete_line("/set hex o", 10, NULL, &c);
	CHECK_INT(c.n, 2);
	complete_line("/set timeout 2", 14, NULL, &c);
	CHECK_INT(c.n, 0);
	complete_line("/bi", 3, NULL, &c);
	CHECK_STR(c.common, "/bind");
	/* /auth: the mechanisms, auto, raw and --force; after --force the mechanisms again; none for the user. */
	complete_line("/auth ", 6, NULL, &c);
	CHECK_INT(c.n, 7);
	complete_line("/auth --f", 9, NULL, &c);
	CHECK_STR(c.common, "--force");
	complete_line("/auth --force cr", 16, NULL, &c);
	CHECK_STR(c.common, "cram-md5");
	complete_line("/auth plain al", 14, NULL, &c);
	CHECK_INT(c.n, 0);
}

int main(void)
{
	test_completion();
	test_default_bindings();
	test_theme_order();
	return check_report();
}
