/* theme: the theme file parser and look-up (no curses here; see theme.h for the format). */
#include "ui/theme.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/i18n.h"
#include "lib/xmalloc.h"

/* Largest theme file read: themes are a few dozen lines. */
#define THEME_MAX_FILE (64 * 1024)

static const char *const role_names[ROLE_COUNT] = {
	[ROLE_DEFAULT] = "default",
	[ROLE_TITLE] = "title",
	[ROLE_TITLE_FOCUS] = "title.focus",
	[ROLE_BORDER] = "border",
	[ROLE_WIRE_TIME] = "wire.time",
	[ROLE_WIRE_CLIENT] = "wire.client",
	[ROLE_WIRE_SERVER] = "wire.server",
	[ROLE_WIRE_TLS] = "wire.tls",
	[ROLE_WIRE_EOL] = "wire.eol",
	[ROLE_WIRE_ANOMALY] = "wire.anomaly",
	[ROLE_WIRE_ESCAPE] = "wire.escape",
	[ROLE_WIRE_SEGMENT] = "wire.segment",
	[ROLE_WIRE_RULE] = "wire.rule",
	[ROLE_WIRE_NOTE] = "wire.note",
	[ROLE_WIRE_ANNOT] = "wire.annotation",
	[ROLE_WIRE_ERROR] = "wire.error",
	[ROLE_WIRE_MARK] = "wire.mark",
	[ROLE_WIRE_MATCH] = "wire.match",
	[ROLE_WIRE_HEX_OFFSET] = "wire.hex-offset",
	[ROLE_REPLY_2XX] = "reply.2xx",
	[ROLE_REPLY_3XX] = "reply.3xx",
	[ROLE_REPLY_4XX] = "reply.4xx",
	[ROLE_REPLY_5XX] = "reply.5xx",
	[ROLE_REPLY_BAD] = "reply.malformed",
	[ROLE_REPLY_SELECTED] = "reply.selected",
	[ROLE_REPLY_DETAIL] = "reply.detail",
	[ROLE_DIAGNOSIS] = "diagnosis",
	[ROLE_WARNING] = "warning",
	[ROLE_ERROR] = "error",
	[ROLE_STATUS] = "status",
	[ROLE_STATUS_PLAIN] = "status.plain",
	[ROLE_STATUS_TLS] = "status.tls",
	[ROLE_STATUS_BAD] = "status.bad",
	[ROLE_STATUS_WAIT] = "status.wait",
	[ROLE_HINT] = "hint",
	[ROLE_PROMPT] = "prompt",
	[ROLE_PROMPT_MARK] = "prompt.mark",
	[ROLE_OVERLAY] = "overlay",
	[ROLE_OVERLAY_TITLE] = "overlay.title",
	[ROLE_DIFF_ADDED] = "diff.added",
	[ROLE_DIFF_REMOVED] = "diff.removed",
	[ROLE_DIFF_CHANGED] = "diff.changed",
	[ROLE_NOTICE] = "notice",
	[ROLE_CLIENT_1] = "client.1",
	[ROLE_CLIENT_2] = "client.2",
	[ROLE_CLIENT_3] = "client.3",
	[ROLE_CLIENT_4] = "client.4",
	[ROLE_CLIENT_5] = "client.5",
	[ROLE_CLIENT_6] = "client.6",
};

static const char *const colour_names[8] = {"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"};

static const struct {
	const char *name;
	unsigned bit;
} attr_names[] = {
	{"bold", TA_BOLD},       {"dim", TA_DIM},           {"underline", TA_UNDERLINE}, {"reverse", TA_REVERSE},
	{"italic", TA_ITALIC},   {"standout", TA_STANDOUT}, {"blink", TA_BLINK},         {"normal", 0},
};

enum ui_role theme_reply_role(int code)
{
	switch (code / 100) {
	case 2: return ROLE_REPLY_2XX;
	case 3: return ROLE_REPLY_3XX;
	case 4: return ROLE_REPLY_4XX;
	case 5: return ROLE_REPLY_5XX;
	default: return ROLE_REPLY_BAD;
	}
}

const char *theme_role_name(enum ui_role r)
{
	return (unsigned)r < ROLE_COUNT ? role_names[r] : NULL;
}

void theme_init(struct theme *t)
{
	for (int i = 0; i < ROLE_COUNT; i++)
		t->style[i] = (struct theme_style){THEME_COLOUR_DEFAULT, THEME_COLOUR_DEFAULT, THEME_COLOUR_NONE,
		                                   THEME_COLOUR_NONE, 0, false};
}

int theme_unset_roles(const struct theme *t)
{
	int n = 0;
	for (int i = 0; i < ROLE_COUNT; i++)
		n += !t->style[i].set;
	return n;
}

/* One colour word: "default", "red", "bright-red", "colour123". -3 when unknown. */
static int parse_one_colour(const char *s, size_t n)
{
	if (n == 7 && strncasecmp(s, "default", 7) == 0)
		return THEME_COLOUR_DEFAULT;
	int base = 0;
	if (n > 7 && strncasecmp(s, "bright-", 7) == 0) {
		base = 8;
		s += 7;
		n -= 7;
	}
	for (int i = 0; i < 8; i++)
		if (strlen(colour_names[i]) == n && strncasecmp(s, colour_names[i], n) == 0)
			return base + i;
	if (base)
		return -3;
	size_t pre = 0;
	if (n > 6 && strncasecmp(s, "colour", 6) == 0)
		pre = 6;
	else if (n > 5 && strncasecmp(s, "color", 5) == 0)
		pre = 5;
	if (pre == 0 || n - pre > 3)
		return -3;
	int v = 0;
	for (size_t i = pre; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -3;
		v = v * 10 + (s[i] - '0');
	}
	return v <= 255 ? v : -3;
}

/* "colour39/cyan" -> c = 39, fb = 6. false when either word is unknown. */
static bool parse_colour(const char *s, short *c, short *fb)
{
	const char *slash = strchr(s, '/');
	size_t n = slash ? (size_t)(slash - s) : strlen(s);
	int v = parse_one_colour(s, n);
	if (v == -3)
		return false;
	*c = (short)v;
	*fb = THEME_COLOUR_NONE;
	if (slash) {
		int f = parse_one_colour(slash + 1, strlen(slash + 1));
		if (f == -3 || f > 15)
			return false;
		*fb = (short)f;
	}
	return true;
}

/* One error of a theme file, "FILE:LINE: " (none for line 0) then fmt (an English msgid, marked N_() at the call
 * site: a whole sentence) in the user's language: the errors are shown to people only (stderr at start, /theme). */
static void __attribute__((format(printf, 4, 5)))
report(struct buf *errs, const char *name, int line, const char *fmt, ...)
{
	if (errs == NULL)
		return;
	char *s = NULL;
	va_list ap;
	va_start(ap, fmt);
	int n = vasprintf(&s, _(fmt), ap);
	va_end(ap);
	if (n >= 0 && line == 0) /* about the theme as a whole (not found, bad name): the message names it */
		buf_printf(errs, "%s\n", s);
	else if (n >= 0)
		buf_printf(errs, "%s:%d: %s\n", name ? name : "theme", line, s);
	free(s);
}

static int parse_line(struct theme *t, char *line, const char *name, int lineno, struct buf *errs)
{
	char *save = NULL;
	char *word = strtok_r(line, " \t", &save);
	if (word == NULL)
		return 0;
	int role = -1;
	for (int i = 0; i < ROLE_COUNT; i++)
		if (strcmp(word, role_names[i]) == 0)
			role = i;
	if (role < 0) {
		/* TRANSLATORS: %.40s: the first word of a theme file's line (a role name such as wire.client). */
		report(errs, name, lineno, N_("unknown role '%.40s'"), word);
		return 1;
	}
	struct theme_style st = {THEME_COLOUR_DEFAULT, THEME_COLOUR_DEFAULT, THEME_COLOUR_NONE, THEME_COLOUR_NONE, 0,
	                         true};
	int errors = 0;
	while ((word = strtok_r(NULL, " \t", &save)) != NULL) {
		if (strncmp(word, "fg=", 3) == 0 || strncmp(word, "bg=", 3) == 0) {
			bool fg = word[0] == 'f';
			if (!parse_colour(word + 3, fg ? &st.fg : &st.bg, fg ? &st.fg_fb : &st.bg_fb)) {
				/* TRANSLATORS: %.40s: what follows fg= or bg= in a theme file. */
				report(errs, name, lineno, N_("unknown colour '%.40s'"), word + 3);
				errors++;
			}
			continue;
		}
		bool found = false;
		for (size_t i = 0; i < sizeof attr_names / sizeof attr_names[0]; i++) {
			if (strcasecmp(word, attr_names[i].name) == 0) {
				st.attrs |= attr_names[i].bit;
				found = true;
			}
		}
		if (!found) {
			report(errs, name, lineno, N_("unknown attribute '%.40s'"), word);
			errors++;
		}
	}
	if (errors == 0)
		t->style[role] = st;
	return errors;
}

int theme_parse(struct theme *t, const char *text, size_t len, const char *name, struct buf *errs)
{
	int errors = 0, lineno = 0;
	size_t i = 0;
	while (i < len) {
		size_t j = i;
		while (j < len && text[j] != '\n')
			j++;
		lineno++;
		char line[512];
		size_t n = j - i;
		if (n >= sizeof line) {
			report(errs, name, lineno, N_("line too long"));
			errors++;
		} else {
			memcpy(line, text + i, n);
			line[n] = '\0';
			char *hash = strchr(line, '#');
			if (hash)
				*hash = '\0';
			char *cr = strchr(line, '\r');
			if (cr)
				*cr = '\0';
			errors += parse_line(t, line, name, lineno, errs);
		}
		i = j + 1;
	}
	return errors;
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return NULL;
	char *data = xmalloc(THEME_MAX_FILE + 1);
	size_t n = fread(data, 1, THEME_MAX_FILE, f);
	fclose(f);
	data[n] = '\0';
	*len = n;
	return data;
}

size_t theme_search_path(const char *name, char **paths, size_t max)
{
	size_t np = 0;
	if (max < 3)
		return 0;
	if (strchr(name, '/')) {
		paths[np++] = xstrdup(name);
		return np;
	}
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	if (xdg && xdg[0] == '/')
		paths[np++] = xasprintf("%s/smtpcon/themes/%s.theme", xdg, name);
	else if (home && home[0])
		paths[np++] = xasprintf("%s/.config/smtpcon/themes/%s.theme", home, name);
	paths[np++] = xasprintf("%s/themes/%s.theme", SMTPCON_DATADIR, name);
	if (np < max)
		paths[np++] = xasprintf("%s/themes/%s.theme", SMTPCON_SOURCEDIR, name);
	return np;
}

int theme_load(struct theme *t, const char *name, struct buf *errs)
{
	/* A name is a word: never let it climb out of the theme directories. */
	if (!strchr(name, '/') && (name[0] == '.' || name[0] == '\0')) {
		report(errs, name, 0, N_("bad theme name '%.40s'"), name);
		return 1;
	}
	char *paths[4] = {NULL};
	size_t np = theme_search_path(name, paths, 4);
	int errors = -1;
	for (size_t i = 0; i < np && errors < 0; i++) {
		size_t len;
		char *text = read_file(paths[i], &len);
		if (text) {
			errors = theme_parse(t, text, len, paths[i], errs);
			free(text);
		}
	}
	for (size_t i = 0; i < np; i++)
		free(paths[i]);
	if (errors < 0) {
		report(errs, name, 0, N_("theme not found '%.40s'"), name);
		errors = 1;
	}
	return errors;
}

/* The RGB of xterm's 256-colour palette entry c (16..255), each 0..5 for the cube, or grey. */
static void rgb_of(int c, int *r, int *g, int *b)
{
	static const int cube[6] = {0, 95, 135, 175, 215, 255};
	if (c >= 232) {
		*r = *g = *b = 8 + (c - 232) * 10;
		return;
	}
	c -= 16;
	*r = cube[c / 36];
	*g = cube[(c / 6) % 6];
	*b = cube[c % 6];
}

short theme_colour_for(short c, short fallback, int ncolours)
{
	if (c < 0 || c < ncolours)
		return c;
	if (fallback != THEME_COLOUR_NONE && fallback < ncolours)
		return fallback;
	if (fallback != THEME_COLOUR_NONE && fallback >= 8 && ncolours >= 8)
		return (short)(fallback - 8);
	if (c < 16)
		return (short)(c - 8); /* bright colour on an 8-colour terminal: the plain one */
	int r, g, b;
	rgb_of(c, &r, &g, &b);
	int hi = r > g ? (r > b ? r : b) : (g > b ? g : b);
	if (hi < 60)
		return 0;
	/* Each channel counts when it is near the brightest one: the basic colour with those channels. */
	int thr = hi * 2 / 3;
	int idx = (r >= thr ? 1 : 0) | (g >= thr ? 2 : 0) | (b >= thr ? 4 : 0);
	if (ncolours >= 16 && hi > 200 && idx != 7)
		idx += 8;
	if (idx == 7 && ncolours >= 16 && hi < 200)
		idx = 8; /* a mid grey: "bright black" */
	return (short)idx;
}
