/* gen-zsh: the zsh completion file (installed as zsh/vendor-completions/_smtpcon): one _arguments spec per
 * option spelling, with the option's line of --help as its description, and the scenario summaries of the
 * practice lab next to their names. */
#include <stdio.h>
#include <string.h>

#include "completion/gen.h"

/* Text inside a single-quoted zsh word; brackets and colons backslash-escaped too when in_spec (the parts of an
 * _arguments spec are separated by them). */
static void quoted(const char *s, int in_spec, FILE *out)
{
	for (; *s; s++) {
		if (*s == '\'')
			fputs("'\\''", out);
		else if (in_spec && strchr("[]:\\", *s))
			fprintf(out, "\\%c", *s);
		else
			fputc(*s, out);
	}
}

static const char helpers[] = "_smtpcon_body() {\n"
			      "\tif compset -P @; then\n"
			      "\t\t_files\n"
			      "\telse\n"
			      "\t\t_message 'text, - (standard input) or @FILE'\n"
			      "\tfi\n"
			      "}\n"
			      "\n"
			      "_smtpcon_themes() {\n"
			      "\tif [[ $PREFIX == */* ]]; then\n"
			      "\t\t_files\n"
			      "\t\treturn\n"
			      "\tfi\n"
			      "\tlocal base=$HOME/.config\n"
			      "\t[[ $XDG_CONFIG_HOME == /* ]] && base=$XDG_CONFIG_HOME\n"
			      "\tlocal -a themes\n"
			      "\tthemes=($_smtpcon_builtin_themes $base/smtpcon/themes/*.theme(N:t:r))\n"
			      "\t_describe -t themes theme themes\n"
			      "}\n"
			      "\n";

/* The action completing an option's value (after "MESSAGE:"). */
static void action(const struct gen_option *o, FILE *out)
{
	switch (o->info.value) {
	case CLI_VALUE_FILE: fputs("_files", out); break;
	case CLI_VALUE_HOST: fputs("_hosts", out); break;
	case CLI_VALUE_SCENARIO: fputs("_smtpcon_scenarios", out); break;
	case CLI_VALUE_THEME: fputs("_smtpcon_themes", out); break;
	case CLI_VALUE_TLS_PROTOCOL: fputs("_smtpcon_tls_protocols", out); break;
	case CLI_VALUE_BODY: fputs("_smtpcon_body", out); break;
	case CLI_VALUE_CHOICE:
		fputc('(', out);
		quoted(o->info.choices, 1, out);
		fputc(')', out);
		break;
	case CLI_VALUE_WORD:
	case CLI_VALUE_NONE: fputc(' ', out); break;
	}
}

/* One spec: '(-s --server)-s+[server to open]:HOST[\:PORT]:_hosts' (spelling is "-s" or "--server"). */
static void spec(const struct gen_option *o, int is_short, FILE *out)
{
	const struct cli_option_info *in = &o->info;
	fputs("\t\t'", out);
	if (in->short_name)
		fprintf(out, "(-%c --%s)", in->short_name, in->name);
	if (is_short)
		fprintf(out, "-%c", in->short_name);
	else
		fprintf(out, "--%s", in->name);
	if (in->value != CLI_VALUE_NONE)
		fputs(is_short ? "+" : in->optional ? "=-" : "=", out);
	fputc('[', out);
	quoted(o->help, 1, out);
	fputc(']', out);
	if (in->value != CLI_VALUE_NONE) {
		fputs(in->optional ? "::" : ":", out);
		quoted(o->metavar[0] ? o->metavar : "value", 1, out);
		fputc(':', out);
		action(o, out);
	}
	fputs("' \\\n", out);
}

int gen_zsh(const struct gen_model *m, FILE *out)
{
	fputs("#compdef smtpcon\n"
	      "# zsh completion for smtpcon. Generated at build time by smtpcon-completion (src/completion) from the\n"
	      "# program's own tables: its options and --help, the practice lab's scenarios, the TLS protocol names "
	      "and\n"
	      "# the themes. Do not edit.\n\n",
	      out);
	fputs("local -a _smtpcon_builtin_themes\n_smtpcon_builtin_themes=(", out);
	for (size_t i = 0; i < m->nthemes; i++) {
		fputs(i ? " '" : "'", out);
		quoted(m->themes[i], 0, out);
		fputc('\'', out);
	}
	fputs(")\n\n", out);
	fputs(helpers, out);

	fputs("_smtpcon_scenarios() {\n\tlocal -a scenarios\n\tscenarios=(\n", out);
	for (size_t i = 0; i < m->nscenarios; i++) {
		/* _describe: "name:description"; a colon in the name would need a backslash. */
		if (strchr(m->scenarios[i], ':')) {
			fprintf(stderr, "smtpcon-completion: scenario '%s' has a colon\n", m->scenarios[i]);
			return -1;
		}
		fputs("\t\t'", out);
		quoted(m->scenarios[i], 0, out);
		fputc(':', out);
		quoted(m->scenario_help[i] ? m->scenario_help[i] : "", 0, out);
		fputs("'\n", out);
	}
	fputs("\t)\n\t_describe -t scenarios 'lab scenario' scenarios\n}\n\n", out);

	fputs("_smtpcon_tls_protocols() {\n\t_values -s , 'TLS protocol'", out);
	for (size_t i = 0; i < m->nprotocols; i++)
		fprintf(out, " '%s'", m->protocols[i]);
	for (size_t i = 0; i < m->nprotocols; i++)
		fprintf(out, " 'no_%s'", m->protocols[i]);
	fputs("\n}\n\n", out);

	fputs("_arguments -s -S \\\n", out);
	for (size_t i = 0; i < m->nopts; i++) {
		if (m->opts[i].info.short_name)
			spec(&m->opts[i], 1, out);
		spec(&m->opts[i], 0, out);
	}
	fputs("\t\t'1::server (HOST\\:PORT):_hosts'\n", out);
	return ferror(out) ? -1 : 0;
}
