/* test-ui-theme: every shipped theme parses without error and names every role; errors in a theme are reported
 * with the file name and line number; colour fallbacks for 8/16-colour terminals stay in range. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "ui/theme.h"

static const char *const shipped[] = {"default", "light", "high-contrast", "mono"};

int main(void)
{
	/* Look only in the source tree (not a stale installed copy, not the tester's own themes). */
	setenv("XDG_CONFIG_HOME", "/nonexistent-smtpcon-test", 1);
	for (size_t i = 0; i < sizeof shipped / sizeof shipped[0]; i++) {
		char path[512];
		snprintf(path, sizeof path, "%s/themes/%s.theme", SMTPCON_SOURCEDIR, shipped[i]);
		struct theme t;
		theme_init(&t);
		struct buf errs;
		buf_init(&errs, 0);
		int n = theme_load(&t, path, &errs);
		if (n)
			fprintf(stderr, "%s", buf_cstr(&errs));
		CHECK_INT(n, 0);
		CHECK_INT(theme_unset_roles(&t), 0);
		buf_free(&errs);
	}
	/* Listen mode's client palette: in each colour theme, six different colours on a 256-colour terminal and on
	 * an 8-colour one (the fallbacks), so that clients 1 to 6 never share a colour; mono names them too. */
	for (size_t i = 0; i + 1 < sizeof shipped / sizeof shipped[0]; i++) {
		char path[512];
		snprintf(path, sizeof path, "%s/themes/%s.theme", SMTPCON_SOURCEDIR, shipped[i]);
		struct theme t;
		theme_init(&t);
		CHECK_INT(theme_load(&t, path, NULL), 0);
		for (int ncol = 8; ncol <= 256; ncol *= 32) {
			int seen[CLIENT_COLOURS];
			for (int a = 0; a < CLIENT_COLOURS; a++) {
				const struct theme_style *st = &t.style[ROLE_CLIENT_1 + a];
				int fg = theme_colour_for(st->fg, st->fg_fb, ncol),
				    bg = theme_colour_for(st->bg, st->bg_fb, ncol);
				seen[a] = (fg + 2) * 512 + bg + 2;
				CHECK(fg >= 0);
				for (int b = 0; b < a; b++)
					CHECK(seen[a] != seen[b]);
			}
		}
	}
	CHECK_INT(CLIENT_COLOURS, ROLE_COUNT - ROLE_CLIENT_1);
	CHECK(strcmp(theme_role_name(ROLE_CLIENT_1), "client.1") == 0);

	/* By name, too. */
	struct theme t;
	theme_init(&t);
	CHECK_INT(theme_load(&t, "default", NULL), 0);
	CHECK(t.style[ROLE_WIRE_SERVER].set);

	/* Unknown role, colour and attribute: each reported with its line number; good lines still apply. */
	const char *bad = "# comment\n"
	                  "wire.client fg=red bold\n"
	                  "wire.bogus fg=red\n"
	                  "\n"
	                  "wire.server fg=chartreuse\n"
	                  "status fg=colour300\n"
	                  "hint sparkly\n"
	                  "prompt fg=colour39/notacolour\n"
	                  "title fg=bright-blue bg=colour236/black reverse\n";
	theme_init(&t);
	struct buf errs;
	buf_init(&errs, 0);
	int n = theme_parse(&t, bad, strlen(bad), "bad.theme", &errs);
	CHECK_INT(n, 5);
	const char *e = buf_cstr(&errs);
	CHECK(strstr(e, "bad.theme:3: unknown role 'wire.bogus'") != NULL);
	CHECK(strstr(e, "bad.theme:5: unknown colour 'chartreuse'") != NULL);
	CHECK(strstr(e, "bad.theme:6: unknown colour 'colour300'") != NULL);
	CHECK(strstr(e, "bad.theme:7: unknown attribute 'sparkly'") != NULL);
	CHECK(strstr(e, "bad.theme:8: unknown colour") != NULL);
	CHECK(t.style[ROLE_WIRE_CLIENT].set);
	CHECK_INT(t.style[ROLE_WIRE_CLIENT].fg, 1);
	CHECK(t.style[ROLE_WIRE_CLIENT].attrs & TA_BOLD);
	CHECK(!t.style[ROLE_WIRE_SERVER].set);
	CHECK_INT(t.style[ROLE_TITLE].fg, 12);
	CHECK_INT(t.style[ROLE_TITLE].bg, 236);
	CHECK_INT(t.style[ROLE_TITLE].bg_fb, 0);
	CHECK(t.style[ROLE_TITLE].attrs & TA_REVERSE);
	buf_free(&errs);

	/* A missing theme is one error, with its name. */
	buf_init(&errs, 0);
	theme_init(&t);
	CHECK_INT(theme_load(&t, "no-such-theme", &errs), 1);
	CHECK(strstr(buf_cstr(&errs), "not found") != NULL);
	buf_free(&errs);
	buf_init(&errs, 0);
	CHECK_INT(theme_load(&t, "../etc/passwd", &errs), 1);
	buf_free(&errs);

	/* Every role has a unique name. */
	for (int i = 0; i < ROLE_COUNT; i++) {
		CHECK(theme_role_name((enum ui_role)i) != NULL);
		for (int j = i + 1; j < ROLE_COUNT; j++)
			CHECK(strcmp(theme_role_name((enum ui_role)i), theme_role_name((enum ui_role)j)) != 0);
	}

	/* Colour mapping: explicit fallback, automatic approximation in range, default untouched. */
	CHECK_INT(theme_colour_for(39, 6, 8), 6);
	CHECK_INT(theme_colour_for(39, 6, 256), 39);
	CHECK_INT(theme_colour_for(-1, THEME_COLOUR_NONE, 8), -1);
	CHECK_INT(theme_colour_for(9, THEME_COLOUR_NONE, 8), 1);
	CHECK_INT(theme_colour_for(14, 14, 8), 6);
	for (int c = 0; c < 256; c++) {
		short c8 = theme_colour_for((short)c, THEME_COLOUR_NONE, 8);
		short c16 = theme_colour_for((short)c, THEME_COLOUR_NONE, 16);
		CHECK(c8 >= 0 && c8 < 8);
		CHECK(c16 >= 0 && c16 < 16);
	}
	CHECK_INT(theme_colour_for(196, THEME_COLOUR_NONE, 8), 1); /* bright red -> red */
	CHECK_INT(theme_colour_for(21, THEME_COLOUR_NONE, 8), 4);  /* blue */
	CHECK_INT(theme_colour_for(16, THEME_COLOUR_NONE, 8), 0);  /* black */
	return check_report();
}
