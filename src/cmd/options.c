/* options: the /set table and the /bind store (see options.h). The table is the only place an option is
 * described: its default, its range and its help all come from one row. */
#include "cmd/options.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/dtext.h"
#include "lib/i18n.h"

const struct option_entry options_table[] = {
	{"theme", OPTION_STRING, OPTION_UI, "default", 0, 0,
	 N_("colour theme: default, light, high-contrast, mono, or a file in ~/.config/smtpcon/themes")},
	{"hex", OPTION_FLAG, OPTION_UI, "off", 0, 0, N_("start the wire pane in the hex view (F6 toggles)")},
	{"mouse", OPTION_FLAG, OPTION_UI, "on", 0, 0, N_("wheel scrolling and clicking replies (off: the terminal's own)")},
	{"history", OPTION_FLAG, OPTION_UI, "on", 0, 0, N_("keep prompt history across runs (AUTH lines never are)")},
	{"wire-width", OPTION_NUMBER, OPTION_UI, "0", 0, 1000,
	 N_("wire pane columns when the panes sit side by side (0: automatic; M-Left/M-Right or a drag set it)")},
	{"wire-rows", OPTION_NUMBER, OPTION_UI, "0", 0, 1000,
	 N_("wire pane rows when the panes are stacked (0: automatic; M-Left/M-Right or a drag set it)")},
	{"keybar", OPTION_FLAG, OPTION_UI, "on", 0, 0, N_("the F-key bar under the prompt when the panes are stacked")},
	{"wrap", OPTION_FLAG, OPTION_UI, "on", 0, 0, N_("wrap long wire lines (off: cut them, S-Left/S-Right scroll; F7)")},
	{"timeout", OPTION_NUMBER, OPTION_SESSION, "30", 1, 86400, N_("seconds every wait may take (connect, reply, TLS)")},
	{"ehlo", OPTION_STRING, OPTION_SESSION, "", 0, 0, N_("the name EHLO sends (empty: this host's name)")},
	{"from", OPTION_STRING, OPTION_SESSION, "", 0, 0, N_("sender for generated messages and the editor's From:")},
	{"tls-verify", OPTION_FLAG, OPTION_SESSION, "on", 0, 0,
	 N_("verify server certificates (off: like --insecure, still shown)")},
	{"tls-ca-path", OPTION_STRING, OPTION_SESSION, "", 0, 0, N_("CA file to trust (empty: the system store)")},
	{"show-secrets", OPTION_FLAG, OPTION_SESSION, "off", 0, 0, N_("show AUTH secrets instead of masking them")},
	{"verbose", OPTION_FLAG, OPTION_SESSION, "off", 0, 0, N_("more detail in transcripts")},
	{"lang", OPTION_STRING, OPTION_SESSION, "", 0, 0,
	 N_("language of the console: pt_BR, pt, fr, en (empty: the environment; JSON stays English)")},
	{NULL, 0, 0, NULL, 0, 0, NULL},
};

#define NOPTIONS (sizeof options_table / sizeof options_table[0] - 1)

static char values[NOPTIONS][OPTIONS_MAX_VALUE];
static bool is_set[NOPTIONS];

static struct binding bindings[BINDINGS_MAX];
static size_t nbindings;
static unsigned generation;

static long index_of(const char *name)
{
	for (size_t i = 0; i < NOPTIONS; i++)
		if (strcasecmp(options_table[i].name, name) == 0)
			return (long)i;
	return -1;
}

const struct option_entry *options_find(const char *name)
{
	long i = index_of(name);
	return i < 0 ? NULL : &options_table[i];
}

static int parse_flag(const char *v)
{
	static const char *const yes[] = {"on", "yes", "true", "1"}, *const no[] = {"off", "no", "false", "0"};
	for (size_t i = 0; i < 4; i++) {
		if (strcasecmp(v, yes[i]) == 0)
			return 1;
		if (strcasecmp(v, no[i]) == 0)
			return 0;
	}
	return -1;
}

int options_checkd(const struct option_entry *e, const char *value, char *canon, size_t n, struct dtext *err)
{
	if (strlen(value) >= OPTIONS_MAX_VALUE || strlen(value) >= n) {
		dtext_printf(err, "%s: value too long (at most %d bytes)", e->name, OPTIONS_MAX_VALUE - 1);
		return -1;
	}
	for (const char *p = value; *p; p++) {
		if ((unsigned char)*p < 0x20 || *p == 0x7f) {
			dtext_printf(err, "%s: control characters are not allowed in a value", e->name);
			return -1;
		}
	}
	switch (e->type) {
	case OPTION_FLAG: {
		int f = parse_flag(value);
		if (f < 0) {
			dtext_printf(err, "%s is on or off, not '%.40s'", e->name, value);
			return -1;
		}
		snprintf(canon, n, "%s", f ? "on" : "off");
		return 0;
	}
	case OPTION_NUMBER: {
		char *end;
		errno = 0;
		long v = strtol(value, &end, 10);
		if (value[0] == '\0' || *end != '\0' || errno || v < e->min || v > e->max) {
			dtext_printf(err, "%s wants a number from %ld to %ld, not '%.40s'", e->name, e->min, e->max, value);
			return -1;
		}
		snprintf(canon, n, "%ld", v);
		return 0;
	}
	case OPTION_STRING:
		if (strcmp(e->name, "lang") == 0 && value[0] && !i18n_lang_known(value)) {
			dtext_printf(err, "lang is one of %s (or \"\": the environment), not '%.40s'", I18N_LANGUAGES,
			             value);
			return -1;
		}
		snprintf(canon, n, "%s", value);
		return 0;
	}
	return -1;
}

/* The English side of a failed d-function's message into err (the char * versions, for callers that show no
 * one the message or only log it). */
static int english(int r, struct dtext *d, char *err, size_t errsz)
{
	if (r < 0)
		snprintf(err, errsz, "%s", dtext_en(d));
	dtext_free(d);
	return r;
}

int options_check(const struct option_entry *e, const char *value, char *canon, size_t n, char *err, size_t errsz)
{
	struct dtext d;
	dtext_init(&d, errsz);
	return english(options_checkd(e, value, canon, n, &d), &d, err, errsz);
}

int options_setd(const char *name, const char *value, struct dtext *err)
{
	long i = index_of(name);
	if (i < 0) {
		dtext_printf(err, "no option '%.40s' (/set alone lists them)", name);
		return -1;
	}
	char canon[OPTIONS_MAX_VALUE];
	if (options_checkd(&options_table[i], value, canon, sizeof canon, err) < 0)
		return -1;
	memcpy(values[i], canon, sizeof canon);
	is_set[i] = true;
	return 0;
}

int options_set(const char *name, const char *value, char *err, size_t errsz)
{
	struct dtext d;
	dtext_init(&d, errsz);
	return english(options_setd(name, value, &d), &d, err, errsz);
}

const char *options_get(const char *name)
{
	long i = index_of(name);
	if (i < 0)
		return NULL;
	return is_set[i] ? values[i] : options_table[i].def;
}

long options_number(const char *name)
{
	const struct option_entry *e = options_find(name);
	if (e == NULL || e->type != OPTION_NUMBER)
		return 0;
	return strtol(options_get(name), NULL, 10);
}

bool options_flag(const char *name)
{
	const struct option_entry *e = options_find(name);
	return e && e->type == OPTION_FLAG && parse_flag(options_get(name)) == 1;
}

bool options_is_set(const char *name)
{
	long i = index_of(name);
	return i >= 0 && is_set[i];
}

void options_reset(void)
{
	memset(is_set, 0, sizeof is_set);
	memset(values, 0, sizeof values);
	nbindings = 0;
	generation++;
}

/* ---- key names ---- */

static const struct {
	const char *canon;
	const char *alias[3];
	bool modifiable; /* S-, C-, M- may precede it */
} named_keys[] = {
	{"PgUp", {"PPage", "PageUp", NULL}, true}, /* the name the key bar and footers use */
	{"PgDn", {"NPage", "PageDown", NULL}, true},
	{"Home", {NULL}, true},
	{"End", {NULL}, true},
	{"IC", {"Insert", NULL}, true},
	{"DC", {"Delete", NULL}, true},
	{"Up", {NULL}, true},
	{"Down", {NULL}, true},
	{"Left", {NULL}, true},
	{"Right", {NULL}, true},
	{"BTab", {NULL}, false},
};

static const char *named(const char *s, bool *modifiable)
{
	for (size_t i = 0; i < sizeof named_keys / sizeof named_keys[0]; i++) {
		bool hit = strcasecmp(s, named_keys[i].canon) == 0;
		for (size_t k = 0; !hit && k < 3 && named_keys[i].alias[k]; k++)
			hit = strcasecmp(s, named_keys[i].alias[k]) == 0;
		if (hit) {
			*modifiable = named_keys[i].modifiable;
			return named_keys[i].canon;
		}
	}
	return NULL;
}

/* F1..F63 (curses numbers them so); returns the number or 0. */
static int fkey(const char *s)
{
	if ((s[0] != 'F' && s[0] != 'f') || !isdigit((unsigned char)s[1]))
		return 0;
	char *end;
	long n = strtol(s + 1, &end, 10);
	return *end == '\0' && n >= 1 && n <= 63 ? (int)n : 0;
}

int bindings_key_named(const char *name, char *canon, struct dtext *err)
{
	size_t len = strlen(name);
	bool mod;
	const char *nk;
	int f;
	if (len == 0 || len >= 24)
		goto bad;
	if (name[0] == '^' && len == 2) {
		char ctl[4] = {'C', '-', name[1], '\0'};
		return bindings_key_named(ctl, canon, err);
	}
	if ((f = fkey(name)) != 0) {
		snprintf(canon, BINDINGS_MAX_KEY, "F%d", f);
		return 0;
	}
	if ((nk = named(name, &mod)) != NULL) {
		snprintf(canon, BINDINGS_MAX_KEY, "%s", nk);
		return 0;
	}
	if (len >= 3 && name[1] == '-' && strchr("SCMscm", name[0])) {
		char m = (char)toupper((unsigned char)name[0]);
		const char *rest = name + 2;
		if (m == 'S' && (f = fkey(rest)) != 0 && f <= 12) {
			snprintf(canon, BINDINGS_MAX_KEY, "S-F%d", f);
			return 0;
		}
		if ((nk = named(rest, &mod)) != NULL && mod) {
			snprintf(canon, BINDINGS_MAX_KEY, "%c-%s", m, nk);
			return 0;
		}
		if (rest[1] == '\0' && m == 'C') {
			char c = (char)tolower((unsigned char)rest[0]);
			static const char *const vital[] = {"m Enter", "i Tab", "h Backspace", "[ Escape"};
			for (size_t i = 0; i < sizeof vital / sizeof vital[0]; i++) {
				if (c == vital[i][0]) {
					dtext_printf(err, "C-%c is %s: the prompt needs it", c, vital[i] + 2);
					return -1;
				}
			}
			if ((c >= 'a' && c <= 'z') || strchr("\\]^_", c)) {
				snprintf(canon, BINDINGS_MAX_KEY, "C-%c", c);
				return 0;
			}
		}
		if (rest[1] == '\0' && m == 'M' && rest[0] > 0x20 && rest[0] < 0x7f) {
			snprintf(canon, BINDINGS_MAX_KEY, "M-%c", rest[0]);
			return 0;
		}
	}
bad:
	dtext_printf(err, "unknown key '%.24s' (F1..F63, S-F1..S-F12, C-a..C-z, M-x, PgUp, PgDn, Home, End, IC, DC, Up, "
	                  "Down, Left, Right, BTab, with S-, C- or M- before the named ones)",
	             name);
	return -1;
}

int bindings_key_name(const char *name, char *canon, char *err, size_t errsz)
{
	struct dtext d;
	dtext_init(&d, errsz);
	return english(bindings_key_named(name, canon, &d), &d, err, errsz);
}

static struct binding *find_binding(const char *key)
{
	for (size_t i = 0; i < nbindings; i++)
		if (strcmp(bindings[i].key, key) == 0)
			return &bindings[i];
	return NULL;
}

int bindings_setd(const char *key, const char *command, const char *note, bool user, struct dtext *err)
{
	char canon[BINDINGS_MAX_KEY];
	if (bindings_key_named(key, canon, err) < 0)
		return -1;
	if (strlen(command) >= BINDINGS_MAX_COMMAND || (note && strlen(note) >= BINDINGS_MAX_NOTE)) {
		dtext_printf(err, "%s: the command or note is too long", canon);
		return -1;
	}
	struct binding *b = find_binding(canon);
	if (b && b->user && !user)
		return 0; /* the user's choice outlives the defaults, whatever the order they were read in */
	if (b == NULL) {
		if (nbindings == BINDINGS_MAX) {
			dtext_printf(err, "too many key bindings (at most %d)", BINDINGS_MAX);
			return -1;
		}
		b = &bindings[nbindings++];
		snprintf(b->key, sizeof b->key, "%s", canon);
	}
	snprintf(b->command, sizeof b->command, "%s", command);
	snprintf(b->note, sizeof b->note, "%s", note ? note : "");
	b->user = user;
	generation++;
	return 0;
}

int bindings_set(const char *key, const char *command, const char *note, bool user, char *err, size_t errsz)
{
	struct dtext d;
	dtext_init(&d, errsz);
	return english(bindings_setd(key, command, note, user, &d), &d, err, errsz);
}

const char *bindings_lookup(const char *key)
{
	const struct binding *b = find_binding(key);
	return b && b->command[0] ? b->command : NULL;
}

size_t bindings_count(void)
{
	return nbindings;
}

const struct binding *bindings_at(size_t i)
{
	return i < nbindings ? &bindings[i] : NULL;
}

unsigned bindings_generation(void)
{
	return generation;
}
