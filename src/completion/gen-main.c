/* gen-main: smtpcon-completion, run by CMake at build time (never installed):
 *   smtpcon-completion --bash FILE --zsh FILE [--theme NAME]...
 * Builds the model from the program's tables and writes both files. Each option's help line and value name
 * come from the same --help text users read, so the descriptions zsh shows are the program's own. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cli.h"
#include "completion/gen.h"
#include "core/tls.h"
#include "lab/lab.h"
#include "lib/xmalloc.h"

/* The column where --help's descriptions start ("  -s, --server HOST[:PORT]   server to open"). */
#define HELP_COLUMN 29

int gen_plain_word(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		      strchr("._-", *s)))
			return 0;
	return 1;
}

/* Where a help line's description starts: the help column when the option part ends before it, else after the
 * first run of two or more spaces following the option part. 0: no description (a continuation line). */
static size_t description_start(const char *line)
{
	size_t len = strlen(line), i = 0;
	while (line[i] == ' ')
		i++;
	if (line[i] != '-')
		return 0;
	if (len > HELP_COLUMN && line[HELP_COLUMN - 1] == ' ' && line[HELP_COLUMN] != ' ') {
		/* Only when the option part really ends there (no option text right before the gap). */
		return HELP_COLUMN;
	}
	const char *gap = strstr(line + i, "  ");
	if (gap == NULL)
		return 0;
	while (*gap == ' ')
		gap++;
	return (size_t)(gap - line);
}

/* Is "--name" in s as a whole option (not a prefix of a longer one)? Returns where its end is, or NULL. */
static const char *find_option(const char *s, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = strstr(s, "--"); p; p = strstr(p + 2, "--")) {
		if (strncmp(p + 2, name, n) == 0) {
			char c = p[2 + n];
			if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
				return p + 2 + n;
		}
	}
	return NULL;
}

/* "--server HOST[:PORT]", "--lab[=SCENARIO]": the upper-case word right after an option's name, or NULL. */
static char *metavar_after(const char *end)
{
	const char *stop = " ,";
	if (*end == '[' && end[1] == '=') {
		end += 2;
		stop = " ,]";
	} else if (*end == '=' || *end == ' ') {
		end++;
	}
	size_t vl = strcspn(end, stop);
	return vl && end[0] >= 'A' && end[0] <= 'Z' ? xstrndup(end, vl) : NULL;
}

/* The first option named in a help line's option part ("server" for "  -s, --server HOST"), into name. */
static void first_option(const char *opt_part, char *name, size_t n)
{
	const char *p = strstr(opt_part, "--");
	size_t l = p ? strcspn(p + 2, " ,[=") : 0;
	snprintf(name, n, "%.*s", (int)l, p ? p + 2 : "");
}

/* Append a continuation line of --help (indented to the help column) to a description. */
static void append(char **help, const char *line)
{
	while (*line == ' ')
		line++;
	char *joined = xasprintf("%s %s", *help, line);
	free(*help);
	*help = joined;
}

/* Fill metavar and help of every option from the lines of --help: first where the option is in a line's option
 * part (with the description's continuation lines); an option only named in another's description
 * ("--auth-password-file FILE") gets "see --OTHER". */
static void read_help(struct gen_model *m)
{
	char *text = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&text, &size);
	if (f == NULL)
		abort();
	cli_usage(f);
	fclose(f);
	for (int pass = 0; pass < 2; pass++) {
		char *copy = xstrdup(text), *save = NULL;
		bool *last = xcalloc(m->nopts, sizeof *last); /* the options the previous line described */
		for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
			size_t ds = description_start(line);
			if (pass == 0 && ds == 0 && strspn(line, " ") == HELP_COLUMN) {
				for (size_t k = 0; k < m->nopts; k++)
					if (last[k])
						append(&m->opts[k].help, line);
				continue;
			}
			memset(last, 0, m->nopts * sizeof *last);
			char *opt_part = xstrndup(line, ds);
			for (size_t k = 0; k < m->nopts; k++) {
				struct gen_option *o = &m->opts[k];
				const char *end = find_option(pass == 0 ? opt_part : line, o->info.name);
				if (end == NULL || o->help[0] || (pass == 0 && ds == 0))
					continue;
				last[k] = pass == 0;
				char other[64];
				first_option(opt_part, other, sizeof other);
				free(o->help);
				o->help = pass == 0  ? xstrdup(line + ds)
					  : other[0] ? xasprintf("see --%s", other)
						     : xstrdup("");
				char *mv = metavar_after(end);
				if (mv) {
					free(o->metavar);
					o->metavar = mv;
				}
			}
			free(opt_part);
		}
		free(last);
		free(copy);
	}
	free(text);
}

static void build(struct gen_model *m)
{
	struct cli_option_info info;
	while (cli_option_info(m->nopts, &info)) {
		m->opts = xrealloc(m->opts, (m->nopts + 1) * sizeof *m->opts);
		m->opts[m->nopts].info = info;
		m->opts[m->nopts].metavar = xstrdup("");
		m->opts[m->nopts].help = xstrdup("");
		m->nopts++;
	}
	read_help(m);
	m->scenarios = lab_scenarios();
	while (m->scenarios[m->nscenarios])
		m->nscenarios++;
	m->scenario_help = xcalloc(m->nscenarios + 1, sizeof *m->scenario_help);
	for (size_t i = 0; i < m->nscenarios; i++)
		m->scenario_help[i] = lab_scenario_summary(m->scenarios[i]);
	while (tls_protocol_name(m->nprotocols))
		m->nprotocols++;
	m->protocols = xcalloc(m->nprotocols + 1, sizeof *m->protocols);
	for (size_t i = 0; i < m->nprotocols; i++)
		m->protocols[i] = tls_protocol_name(i);
}

static int write_file(const char *path, int (*gen)(const struct gen_model *, FILE *), const struct gen_model *m)
{
	FILE *f = fopen(path, "w");
	if (f == NULL) {
		perror(path);
		return -1;
	}
	int r = gen(m, f);
	if (fclose(f) != 0 || r < 0) {
		fprintf(stderr, "smtpcon-completion: could not write %s\n", path);
		remove(path);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct gen_model m = {0};
	const char *bash = NULL, *zsh = NULL;
	m.themes = xcalloc((size_t)argc, sizeof *m.themes);
	for (int i = 1; i < argc; i++) {
		if (i + 1 < argc && strcmp(argv[i], "--bash") == 0) {
			bash = argv[++i];
		} else if (i + 1 < argc && strcmp(argv[i], "--zsh") == 0) {
			zsh = argv[++i];
		} else if (i + 1 < argc && strcmp(argv[i], "--theme") == 0) {
			m.themes[m.nthemes++] = argv[++i];
		} else {
			fprintf(stderr, "usage: smtpcon-completion --bash FILE --zsh FILE [--theme NAME]...\n");
			return 2;
		}
	}
	build(&m);
	/* Every name goes into the files unquoted somewhere: refuse one that would need quoting. */
	const char *bad = NULL;
	for (size_t i = 0; i < m.nopts && !bad; i++)
		bad = gen_plain_word(m.opts[i].info.name) ? NULL : m.opts[i].info.name;
	for (size_t i = 0; i < m.nscenarios && !bad; i++)
		bad = gen_plain_word(m.scenarios[i]) ? NULL : m.scenarios[i];
	for (size_t i = 0; i < m.nthemes && !bad; i++)
		bad = gen_plain_word(m.themes[i]) ? NULL : m.themes[i];
	for (size_t i = 0; i < m.nprotocols && !bad; i++)
		bad = gen_plain_word(m.protocols[i]) ? NULL : m.protocols[i];
	if (bad) {
		fprintf(stderr, "smtpcon-completion: '%s' is not a plain word (letters, digits, '.', '_', '-')\n", bad);
		return 1;
	}
	int r = 0;
	if (bash && write_file(bash, gen_bash, &m) < 0)
		r = 1;
	if (zsh && write_file(zsh, gen_zsh, &m) < 0)
		r = 1;
	for (size_t i = 0; i < m.nopts; i++) {
		free(m.opts[i].metavar);
		free(m.opts[i].help);
	}
	free(m.opts);
	free(m.scenario_help);
	free(m.protocols);
	free(m.themes);
	return r;
}
