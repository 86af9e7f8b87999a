/* config: the config file and the /set and /bind commands' common core (see config.h). The file is run line by
 * line through the same splitter as the prompt (cmd_split), so a line means the same typed or read. */
#include "cmd/config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "cmd/cmd.h"
#include "cmd/options.h"
#include "lib/dtext-split.h"
#include "lib/i18n.h"
#include "lib/xmalloc.h"

/* The UI actions a key may be bound to (besides console lines starting with '/'); ui/input.c implements each. */
static const char *const ui_actions[] = {
	"help",   "focus",     "search",      "search-next", "search-prev",  "caps",         "cert",
	"hex",    "quit",      "cancel",      "redraw",      "page-up",      "page-down",    "line-up",
	"line-down", "top",    "bottom",      "top-if-empty", "bottom-if-empty", "select-prev", "select-next",
	"wrap", "scroll-left", "scroll-right", "split-wire-narrower", "split-wire-wider", "lesson",
	"client-next",
};

static char changed_name[64];

static bool is_action(const char *s)
{
	for (size_t i = 0; i < sizeof ui_actions / sizeof ui_actions[0]; i++)
		if (strcmp(s, ui_actions[i]) == 0)
			return true;
	return false;
}

/* argv[from..argc) joined by single spaces. */
static char *join(int argc, char **argv, int from)
{
	struct buf b;
	buf_init(&b, 0);
	for (int i = from; i < argc; i++) {
		if (i > from)
			buf_append_byte(&b, ' ');
		buf_append_str(&b, argv[i]);
	}
	char *s = buf_detach(&b, NULL);
	return s ? s : xstrdup("");
}

/* The same, each word quoted again when it needs it, so the bound line splits back into these very words:
 * single quotes keep every byte (a /raw "NOOP\r\n" keeps its backslashes for /raw to decode). */
static char *join_quoted(int argc, char **argv, int from)
{
	struct buf b;
	buf_init(&b, 0);
	for (int i = from; i < argc; i++) {
		const char *w = argv[i];
		if (i > from)
			buf_append_byte(&b, ' ');
		if (w[0] && !strpbrk(w, " \t\"'\\#")) {
			buf_append_str(&b, w);
		} else if (!strchr(w, '\'')) {
			buf_printf(&b, "'%s'", w);
		} else {
			buf_append_byte(&b, '"');
			for (const char *p = w; *p; p++) {
				if (*p == '"')
					buf_append_byte(&b, '\\');
				buf_append_byte(&b, (uint8_t)*p);
			}
			buf_append_byte(&b, '"');
		}
	}
	char *s = buf_detach(&b, NULL);
	return s ? s : xstrdup("");
}

/* "%s = %s" with "" for an empty value: names and values, the same in every language. */
static void show_value(struct dtext *out, const char *name, const char *v)
{
	char *s = xasprintf("%s = %s", name, v[0] ? v : "\"\"");
	dtext_raw(out, s);
	free(s);
}

static void list_options(struct dtext *out)
{
	for (const struct option_entry *e = options_table; e->name; e++) {
		const char *v = options_get(e->name);
		char *s = xasprintf("%s%-13s %-16s ", strcmp(v, e->def) != 0 ? "*" : " ", e->name, v[0] ? v : "\"\"");
		dtext_raw(out, s);
		free(s);
		dtext_puts(out, e->help);
		dtext_raw(out, e->scope == OPTION_UI ? " (TUI)\n" : "\n");
	}
	dtext_puts(out, N_(" (* differs from the default; /set NAME VALUE changes one; the config file is read at start)"));
}

static int exec_set(int argc, char **argv, struct dtext *out, const char **changed, struct dtext *err)
{
	if (argc == 1) {
		if (out)
			list_options(out);
		return 0;
	}
	const struct option_entry *e = options_find(argv[1]);
	if (e == NULL) {
		dtext_printf(err, "no option '%.40s' (/set alone lists them)", argv[1]);
		return -1;
	}
	if (argc == 2 && e->type != OPTION_FLAG) {
		if (out) {
			const char *v = options_get(e->name), *def = e->def[0] ? e->def : "\"\"";
			show_value(out, e->name, v);
			dtext_en_printf(out, " (default %s): %s", def, e->help);
			dtext_loc_printf(out, N_(" (default %s): %s"), def, _(e->help));
		}
		return 0;
	}
	char *value = argc == 2 ? xstrdup(options_flag(e->name) ? "off" : "on") : join(argc, argv, 2);
	int r = options_setd(e->name, value, err);
	free(value);
	if (r < 0)
		return -1;
	snprintf(changed_name, sizeof changed_name, "%s", e->name);
	*changed = changed_name;
	if (out)
		show_value(out, e->name, options_get(e->name));
	return 0;
}

static void list_bindings(struct dtext *out)
{
	for (size_t i = 0; i < bindings_count(); i++) {
		const struct binding *b = bindings_at(i);
		if (!b->command[0])
			continue;
		char *s = xasprintf("%s%-8s %-22s ", b->user ? "*" : " ", b->key, b->command);
		dtext_raw(out, s);
		free(s);
		/* The defaults' notes are msgids (ui/keys.c marks them); the user's own are the user's words. */
		if (b->user)
			dtext_raw(out, b->note);
		else
			dtext_puts(out, b->note);
		dtext_raw(out, "\n");
	}
	dtext_puts(out, N_(" (* your bindings; /bind KEY COMMAND adds one, /bind -u KEY removes one)"));
}

/* A bound command must be something that exists: a console command or a UI action. */
static int check_command(const char *cmd, struct dtext *err)
{
	if (cmd[0] != '/') {
		if (is_action(cmd))
			return 0;
		dtext_printf(err, "'%.40s' is neither a /command nor an action (help, hex, page-up, ... see docs/config.md)",
		             cmd);
		return -1;
	}
	char **argv = NULL;
	const char *e = NULL;
	int argc = cmd_split(cmd, &argv, &e);
	int r = 0;
	if (argc < 0) {
		/* cmd_split's reason is an English constant: a msgid of the cmd area. */
		char *s = xasprintf("%.60s: ", cmd);
		dtext_raw(err, s);
		free(s);
		dtext_puts(err, e);
		return -1;
	}
	if (argc == 0 || cmd_find(argv[0]) == NULL) {
		dtext_printf(err, "unknown command %.40s", cmd);
		r = -1;
	}
	cmd_free_argv(argc, argv);
	return r;
}

static int exec_bind(int argc, char **argv, enum config_source src, struct dtext *out, const char **changed,
                     struct dtext *err)
{
	if (argc == 1) {
		if (out)
			list_bindings(out);
		return 0;
	}
	bool user = src == CONFIG_USER;
	const char *note = NULL;
	int i = 1;
	char canon[BINDINGS_MAX_KEY];
	if (strcmp(argv[1], "-u") == 0) {
		if (argc != 3) {
			dtext_printf(err, "usage: /bind -u KEY");
			return -1;
		}
		if (bindings_setd(argv[2], "", NULL, user, err) < 0)
			return -1;
		bindings_key_named(argv[2], canon, err);
		snprintf(changed_name, sizeof changed_name, "%s", canon);
		*changed = changed_name;
		if (out)
			dtext_printf(out, "%s unbound", canon);
		return 0;
	}
	if (strcmp(argv[1], "-N") == 0 && argc > 2) {
		note = argv[2];
		i = 3;
	}
	if (argc - i < 2) {
		dtext_printf(err, "usage: /bind [-N NOTE] KEY COMMAND, or /bind -u KEY");
		return -1;
	}
	if (bindings_key_named(argv[i], canon, err) < 0)
		return -1;
	char *cmd = join_quoted(argc, argv, i + 1);
	int r = check_command(cmd, err);
	if (r == 0)
		r = bindings_setd(canon, cmd, note, user, err);
	if (r == 0) {
		snprintf(changed_name, sizeof changed_name, "%s", canon);
		*changed = changed_name;
		if (out) {
			char *t = xasprintf("%s -> %s", canon, cmd);
			dtext_raw(out, t);
			free(t);
		}
	}
	free(cmd);
	return r;
}

int config_execd(int argc, char **argv, enum config_source src, struct dtext *out, const char **changed,
                 struct dtext *err)
{
	*changed = NULL;
	if (argc >= 1 && strcasecmp(argv[0], "set") == 0)
		return exec_set(argc, argv, out, changed, err);
	if (argc >= 1 && strcasecmp(argv[0], "bind") == 0)
		return exec_bind(argc, argv, src, out, changed, err);
	dtext_puts(err, N_("only /set and /bind belong in a config file"));
	return -1;
}

int config_exec(int argc, char **argv, enum config_source src, struct buf *out, const char **changed, char *err,
                size_t errsz)
{
	struct dtext o, e;
	dtext_init(&o, out ? out->max : 0);
	dtext_init(&e, errsz);
	int r = config_execd(argc, argv, src, out ? &o : NULL, changed, &e);
	if (out)
		buf_append_str(out, dtext_en(&o));
	if (r < 0)
		snprintf(err, errsz, "%s", dtext_en(&e));
	dtext_free(&o);
	dtext_free(&e);
	return r;
}

/* Cut a trailing comment: '#' outside quotes, at the start or after a blank. */
static void strip_comment(char *s)
{
	char q = 0;
	for (char *p = s; *p; p++) {
		if (q) {
			if (q == '"' && *p == '\\' && p[1])
				p++;
			else if (*p == q)
				q = 0;
		} else if (*p == '"' || *p == '\'') {
			q = *p;
		} else if (*p == '#' && (p == s || p[-1] == ' ' || p[-1] == '\t')) {
			*p = '\0';
			return;
		}
	}
}

static void add_error(struct buf *errs, int *nerr, const char *name, size_t lineno, const char *msg)
{
	(*nerr)++;
	if (errs && (unsigned)*nerr <= CONFIG_MAX_ERRORS)
		buf_printf(errs, "%s:%zu: %s\n", name, lineno, msg);
}

int config_parse_text(const char *text, size_t len, const char *name, enum config_source src, struct buf *errs)
{
	int nerr = 0;
	size_t lineno = 0, i = 0;
	char *line = xmalloc(CONFIG_MAX_LINE + 1);
	while (i < len) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t n = nl ? (size_t)(nl - (text + i)) : len - i;
		const char *start = text + i;
		i += n + (nl ? 1 : 0);
		lineno++;
		if (n > CONFIG_MAX_LINE) {
			add_error(errs, &nerr, name, lineno, _("line too long"));
			continue;
		}
		memcpy(line, start, n);
		line[n] = '\0';
		if (memchr(line, '\0', n)) {
			add_error(errs, &nerr, name, lineno, _("a NUL byte in the line"));
			continue;
		}
		strip_comment(line);
		size_t m = strlen(line);
		while (m && (line[m - 1] == '\r' || line[m - 1] == ' ' || line[m - 1] == '\t'))
			line[--m] = '\0';
		const char *p = line;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			continue;
		if (*p != '/') {
			add_error(errs, &nerr, name, lineno, _("a config line is a /command (/set NAME VALUE, /bind KEY COMMAND)"));
			continue;
		}
		char **argv = NULL;
		const char *serr = NULL;
		int argc = cmd_split(p, &argv, &serr);
		const char *changed;
		if (argc < 0) {
			add_error(errs, &nerr, name, lineno, _(serr));
			continue;
		}
		struct dtext msg;
		dtext_init(&msg, 320);
		if (argc > 0 && config_execd(argc, argv, src, NULL, &changed, &msg) < 0)
			add_error(errs, &nerr, name, lineno, dtext_loc(&msg));
		dtext_free(&msg);
		cmd_free_argv(argc, argv);
	}
	free(line);
	if (errs && (unsigned)nerr > CONFIG_MAX_ERRORS)
		buf_printf(errs, P_("%s: and %u more error\n", "%s: and %u more errors\n", (unsigned)nerr - CONFIG_MAX_ERRORS), name,
		           (unsigned)nerr - CONFIG_MAX_ERRORS);
	return nerr;
}

char *config_default_path(void)
{
	const char *xdg = getenv("XDG_CONFIG_HOME");
	if (xdg && xdg[0] == '/')
		return xasprintf("%s/smtpcon/config", xdg);
	const char *home = getenv("HOME");
	if (home && home[0])
		return xasprintf("%s/.config/smtpcon/config", home);
	return NULL;
}

static struct buf report;
static char *report_file;

const char *config_startup_report(void)
{
	return report.data ? buf_cstr(&report) : "";
}

const char *config_startup_file(void)
{
	return report_file;
}

/* Read a whole (bounded) file; NULL with errno set. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return NULL;
	struct stat st;
	if (fstat(fileno(f), &st) == 0 && !S_ISREG(st.st_mode)) {
		fclose(f);
		errno = EINVAL;
		return NULL;
	}
	char *data = xmalloc(CONFIG_MAX_BYTES + 1);
	size_t n = fread(data, 1, CONFIG_MAX_BYTES + 1, f);
	fclose(f);
	if (n > CONFIG_MAX_BYTES) {
		free(data);
		errno = EFBIG;
		return NULL;
	}
	data[n] = '\0';
	*len = n;
	return data;
}

char *config_peek(const char *path, const char *name)
{
	size_t len = 0;
	char *text = path ? slurp(path, &len) : NULL;
	if (text == NULL)
		return NULL;
	char *value = NULL;
	for (char *line = text, *next; line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (strlen(line) > CONFIG_MAX_LINE)
			continue;
		strip_comment(line);
		for (size_t m = strlen(line); m && (line[m - 1] == '\r' || line[m - 1] == ' ' || line[m - 1] == '\t');)
			line[--m] = '\0';
		const char *p = line + strspn(line, " \t");
		if (*p != '/')
			continue;
		char **argv = NULL;
		const char *serr = NULL;
		int argc = cmd_split(p, &argv, &serr);
		if (argc >= 2 && strcasecmp(argv[0], "set") == 0 && strcasecmp(argv[1], name) == 0) {
			free(value);
			value = argc >= 3 ? join(argc, argv, 2) : xstrdup("");
		}
		if (argc >= 0)
			cmd_free_argv(argc, argv);
	}
	free(text);
	return value;
}

static void set_str(char **dst, const char *v)
{
	free(*dst);
	*dst = xstrdup(v);
}

/* What the file set goes into cfg where the command line was silent. */
static void merge(struct config *cfg)
{
	if (options_is_set("theme") && cfg->theme == NULL)
		set_str(&cfg->theme, options_get("theme"));
	if (options_is_set("timeout") && !(cfg->given & CLI_GIVEN_TIMEOUT))
		cfg->timeout_s = (unsigned)options_number("timeout");
	if (options_is_set("ehlo") && options_get("ehlo")[0] && cfg->ehlo == NULL)
		set_str(&cfg->ehlo, options_get("ehlo"));
	if (options_is_set("from") && options_get("from")[0] && cfg->from == NULL)
		set_str(&cfg->from, options_get("from"));
	if (options_is_set("tls-verify") && !(cfg->given & CLI_GIVEN_TLS_VERIFY))
		cfg->tls_verify = options_flag("tls-verify");
	if (options_is_set("tls-ca-path") && options_get("tls-ca-path")[0] && cfg->tls_ca_path == NULL)
		set_str(&cfg->tls_ca_path, options_get("tls-ca-path"));
	if (options_is_set("show-secrets") && !cfg->show_secrets)
		cfg->show_secrets = options_flag("show-secrets");
	if (options_is_set("verbose") && !cfg->verbose)
		cfg->verbose = options_flag("verbose");
}

/* And back: /set lists what is in force, whichever place it came from. */
static void reflect(const struct config *cfg)
{
	char e[160], num[32];
	if (cfg->theme)
		options_set("theme", cfg->theme, e, sizeof e);
	snprintf(num, sizeof num, "%u", cfg->timeout_s);
	options_set("timeout", num, e, sizeof e);
	if (cfg->ehlo)
		options_set("ehlo", cfg->ehlo, e, sizeof e);
	if (cfg->from)
		options_set("from", cfg->from, e, sizeof e);
	options_set("tls-verify", cfg->tls_verify ? "on" : "off", e, sizeof e);
	if (cfg->tls_ca_path)
		options_set("tls-ca-path", cfg->tls_ca_path, e, sizeof e);
	options_set("show-secrets", cfg->show_secrets ? "on" : "off", e, sizeof e);
	options_set("verbose", cfg->verbose ? "on" : "off", e, sizeof e);
}

int config_startup(struct config *cfg, FILE *err)
{
	buf_reset(&report);
	free(report_file);
	report_file = NULL;
	int nerr = 0;
	if (!cfg->no_config) {
		char *path = cfg->config_file ? xstrdup(cfg->config_file) : config_default_path();
		size_t len = 0;
		char *text = path ? slurp(path, &len) : NULL;
		if (text) {
			report_file = xstrdup(path);
			nerr = config_parse_text(text, len, path, CONFIG_USER, &report);
			free(text);
		} else if (path && (cfg->config_file || errno != ENOENT)) {
			buf_printf(&report, _("%s: cannot read the config file: %s\n"), path,
			           errno == EFBIG ? _("larger than 1 MiB") : strerror(errno));
			nerr = 1;
		}
		free(path);
	}
	merge(cfg);
	reflect(cfg);
	if (err && nerr)
		fprintf(err, "%s", buf_cstr(&report));
	return nerr;
}
