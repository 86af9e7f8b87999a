/* test-ui-config: the TUI's built-in key bindings are /bind lines that parse without one error, bind every key
 * once, and the user's bindings (read before or after) win; the theme lookup order of issue 3 (the user's theme
 * directory, then the installed data dir, then the source tree), and a user's theme shadowing a shipped one. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "cmd/cmd-lab.h"
#include "cmd/config.h"
#include "cmd/options.h"
#include "core/reply.h"
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

static void keep(void *arg, const struct reply *r)
{
	struct reply **out = arg;
	if (*out == NULL)
		*out = reply_dup(r);
}

static struct caps *caps_of(const char *s)
{
	struct reply_parser *p = reply_parser_new(512, 1000);
	struct reply *r = NULL;
	reply_parser_feed(p, (const uint8_t *)s, strlen(s), keep, &r);
	reply_parser_flush(p, keep, &r);
	reply_parser_free(p);
	struct caps *c = r ? caps_from_reply(r) : NULL;
	reply_free(r);
	return c;
}

static bool has_cand(const struct completion *c, const char *want)
{
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->cand[i], want) == 0)
			return true;
	return false;
}

static const char *const lessons[] = {"delivery", "greylist", "no-starttls", NULL};
static const char *const *lesson_names(void)
{
	return lessons;
}

/* MAIL parameters only of extensions the server advertised (none before EHLO); /lesson completes the lessons. */
static void test_completion_advertised(void)
{
	struct completion c;
	struct caps *caps = caps_of("250-mail.lab.test\r\n250-SIZE 10485760\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n"
				    "250 CHUNKING\r\n");

	complete_line("MAIL FROM:<a@b> BODY=", 21, caps, &c);
	CHECK(has_cand(&c, "BODY=8BITMIME"));
	CHECK(!has_cand(&c, "BODY=BINARYMIME"));
	complete_line("MAIL FROM:<a@b> ", 16, caps, &c);
	CHECK(has_cand(&c, "SIZE="));
	CHECK(!has_cand(&c, "REQUIRETLS") && !has_cand(&c, "RET=FULL"));
	complete_line("MAIL FROM:<a@b> ", 16, NULL, &c);
	CHECK_INT(c.n, 0); /* nothing advertised yet */
	caps_free(caps);

	complete_line("/lesson ", 8, NULL, &c);
	CHECK_INT(c.n, 0); /* no practice server: no lessons */
	struct console_lab lab = {.scenarios = lesson_names};
	console_register_lab(&lab);
	complete_line("/lesson ", 8, NULL, &c);
	CHECK_INT(c.n, 3);
	complete_line("/lesson gr", 10, NULL, &c);
	CHECK_STR(c.common, "greylist");
	console_register_lab(NULL);
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
	/* /auth: the mechanisms (the SASL table's ten), auto, raw and --force; after --force the mechanisms again;
	 * none for the user. */
	complete_line("/auth ", 6, NULL, &c);
	CHECK_INT(c.n, 13);
	complete_line("/auth scram-sha-256-", 20, NULL, &c);
	CHECK_INT(c.n, 1);
	CHECK_STR(c.cand[0], "scram-sha-256-plus");
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
	test_completion_advertised();
	test_default_bindings();
	test_theme_order();
	return check_report();
}
