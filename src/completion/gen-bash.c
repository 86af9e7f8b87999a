/* gen-bash: the bash completion file (installed as bash-completion/completions/smtpcon). It works with the
 * bash-completion package (then files and hosts come from _filedir and _known_hosts_real) and without it
 * (compgen), and copes with bash splitting "--lab=delivery" at '=' (COMP_WORDBREAKS) or not. */
#include <stdio.h>
#include <string.h>

#include "completion/gen.h"

/* The part before the per-option cases: helpers for files, hosts, themes and comma-separated lists. */
static const char head[] =
	"_smtpcon_files()\n"
	"{\n"
	"\tif declare -F _filedir >/dev/null; then\n"
	"\t\t_filedir\n"
	"\telse\n"
	"\t\tcompopt -o filenames 2>/dev/null\n"
	"\t\tlocal IFS=$'\\n'\n"
	"\t\tCOMPREPLY=($(compgen -f -- \"$cur\"))\n"
	"\tfi\n"
	"}\n"
	"\n"
	"_smtpcon_hosts()\n"
	"{\n"
	"\tif declare -F _known_hosts_real >/dev/null; then\n"
	"\t\t_known_hosts_real -- \"$cur\"\n"
	"\telse\n"
	"\t\tCOMPREPLY=($(compgen -A hostname -- \"$cur\"))\n"
	"\tfi\n"
	"}\n"
	"\n"
	"# --body TEXT|@FILE|-: a file name after '@', else text of your own. $1 is \"@\" when bash made a word of\n"
	"# the '@' (it is in COMP_WORDBREAKS): then $cur is the file name alone, but readline still replaces the '@'\n"
	"# with the rest, so each candidate gets it back (and no -o filenames: readline would quote the '@').\n"
	"_smtpcon_body()\n"
	"{\n"
	"\tlocal IFS=$'\\n'\n"
	"\tif [[ ${1-} == @ ]]; then\n"
	"\t\tCOMPREPLY=($(compgen -P @ -f -- \"$cur\"))\n"
	"\telif [[ $cur == @* ]]; then\n"
	"\t\tCOMPREPLY=($(compgen -P @ -f -- \"${cur#@}\"))\n"
	"\tfi\n"
	"\treturn 0\n"
	"}\n"
	"\n"
	"# A comma-separated list (--tls-protocol tlsv1_2,no_tlsv1_3): complete its last item.\n"
	"_smtpcon_list()\n"
	"{\n"
	"\tlocal pre=\n"
	"\t[[ $cur == *,* ]] && pre=${cur%,*},\n"
	"\tCOMPREPLY=($(compgen -P \"$pre\" -W \"$1\" -- \"${cur##*,}\"))\n"
	"}\n"
	"\n"
	"# Theme names: the built-in ones and the user's (where smtpcon looks for them); a path when it has a '/'.\n"
	"_smtpcon_themes()\n"
	"{\n"
	"\tif [[ $cur == */* ]]; then\n"
	"\t\t_smtpcon_files\n"
	"\t\treturn\n"
	"\tfi\n"
	"\tlocal base=$HOME/.config f names=$1\n"
	"\t[[ ${XDG_CONFIG_HOME-} == /* ]] && base=$XDG_CONFIG_HOME\n"
	"\tfor f in \"$base\"/smtpcon/themes/*.theme; do\n"
	"\t\t[[ -f $f ]] || continue\n"
	"\t\tf=${f##*/}\n"
	"\t\tnames+=\" ${f%.theme}\"\n"
	"\tdone\n"
	"\tCOMPREPLY=($(compgen -W \"$names\" -- \"$cur\"))\n"
	"}\n"
	"\n";

/* The main function, after _smtpcon_value, in three parts around the optional-value options ("--lab|--serve-lab")
 * and the option list. */
static const char main_a[] =
	"_smtpcon()\n"
	"{\n"
	"\tlocal cur=${COMP_WORDS[COMP_CWORD]} prev= opt i\n"
	"\tCOMPREPLY=()\n"
	"\t((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}\n"
	"\t# After \"--\" only the server is left.\n"
	"\tfor ((i = 1; i < COMP_CWORD; i++)); do\n"
	"\t\tif [[ ${COMP_WORDS[i]} == -- ]]; then\n"
	"\t\t\t_smtpcon_hosts\n"
	"\t\t\treturn\n"
	"\t\tfi\n"
	"\tdone\n"
	"\t# --opt=VALUE: with '=' in COMP_WORDBREAKS (the default) bash makes three words of it, \"--opt\" \"=\"\n"
	"\t# \"VALUE\"; right after the '=' the word being completed is \"=\" itself.\n"
	"\tif [[ $cur == = && $prev == -* ]]; then\n"
	"\t\tcur=\n"
	"\t\t_smtpcon_value \"$prev\"\n"
	"\t\treturn\n"
	"\tfi\n"
	"\tif [[ $prev == = ]] && ((COMP_CWORD > 1)) && [[ ${COMP_WORDS[COMP_CWORD - 2]} == -* ]]; then\n"
	"\t\t_smtpcon_value \"${COMP_WORDS[COMP_CWORD - 2]}\"\n"
	"\t\treturn\n"
	"\tfi\n"
	"\t# \"--body @FILE\": '@' breaks words too, so \"@scr\" comes as \"@\" and \"scr\".\n"
	"\tif [[ $prev == @ ]] && ((COMP_CWORD > 1)) && [[ ${COMP_WORDS[COMP_CWORD - 2]} == -* ]]; then\n"
	"\t\t_smtpcon_value \"${COMP_WORDS[COMP_CWORD - 2]}\" @\n"
	"\t\treturn\n"
	"\tfi\n"
	"\t# ... and one word when '=' is not a word break: the whole word is replaced, so keep \"--opt=\".\n"
	"\tif [[ $cur == --*=* ]]; then\n"
	"\t\topt=${cur%%=*}\n"
	"\t\tcur=${cur#*=}\n"
	"\t\t_smtpcon_value \"$opt\" && COMPREPLY=(\"${COMPREPLY[@]/#/$opt=}\")\n"
	"\t\treturn\n"
	"\tfi\n"
	"\t# The value in the next word; an optional value (--lab[=SCENARIO]) only ever follows '='.\n"
	"\tcase $prev in\n"
	"\t";
static const char main_b[] = ") ;;\n"
			     "\t-*) _smtpcon_value \"$prev\" && return ;;\n"
			     "\tesac\n"
			     "\tif [[ $cur == -* ]]; then\n"
			     "\t\tCOMPREPLY=($(compgen -W '";
static const char main_c[] = "' -- \"$cur\"))\n"
			     "\t\treturn\n"
			     "\tfi\n"
			     "\t_smtpcon_hosts\n"
			     "}\n"
			     "\n"
			     "complete -F _smtpcon smtpcon\n";

/* "-s|--server" (the spellings of option o for a case pattern). */
static void spellings(const struct gen_option *o, FILE *out)
{
	if (o->info.short_name)
		fprintf(out, "-%c|", o->info.short_name);
	fprintf(out, "--%s", o->info.name);
}

/* Open a case branch for every option whose value is of kind v ("\t-s|--server|--socks5)\n\t\t"), for the caller
 * to write the action after. 0 when no option has such a value (no branch). */
static int case_open(const struct gen_model *m, enum cli_value v, FILE *out)
{
	int any = 0;
	for (size_t i = 0; i < m->nopts; i++) {
		if (m->opts[i].info.value != v)
			continue;
		fputs(any ? "|" : "\t", out);
		spellings(&m->opts[i], out);
		any = 1;
	}
	if (any)
		fputs(")\n\t\t", out);
	return any;
}

static void case_close(FILE *out)
{
	fputs("\n\t\t;;\n", out);
}

static void words(const char *const *w, size_t n, const char *prefix, FILE *out)
{
	for (size_t i = 0; i < n; i++)
		fprintf(out, "%s%s%s", i ? " " : "", prefix, w[i]);
}

int gen_bash(const struct gen_model *m, FILE *out)
{
	for (size_t i = 0; i < m->nopts; i++) {
		if (m->opts[i].info.choices && strpbrk(m->opts[i].info.choices, "'\\$`\"")) {
			fprintf(stderr, "smtpcon-completion: --%s's choices need quoting\n", m->opts[i].info.name);
			return -1;
		}
	}

	fputs("# bash completion for smtpcon                                        -*- shell-script -*-\n"
	      "# Generated at build time by smtpcon-completion (src/completion) from the program's own tables: its\n"
	      "# options, the practice lab's scenarios, the TLS protocol names and the themes. Do not edit.\n\n",
	      out);
	fputs(head, out);

	fputs("# Complete the value of option $1 (the word being completed is $cur); 1 when $1 takes none.\n"
	      "_smtpcon_value()\n{\n\tcase $1 in\n",
	      out);
	if (case_open(m, CLI_VALUE_FILE, out)) {
		fputs("_smtpcon_files", out);
		case_close(out);
	}
	if (case_open(m, CLI_VALUE_BODY, out)) {
		fputs("_smtpcon_body \"${2-}\"", out);
		case_close(out);
	}
	if (case_open(m, CLI_VALUE_HOST, out)) {
		fputs("_smtpcon_hosts", out);
		case_close(out);
	}
	if (case_open(m, CLI_VALUE_SCENARIO, out)) {
		fputs("COMPREPLY=($(compgen -W '", out);
		words(m->scenarios, m->nscenarios, "", out);
		fputs("' -- \"$cur\"))", out);
		case_close(out);
	}
	if (case_open(m, CLI_VALUE_THEME, out)) {
		fputs("_smtpcon_themes '", out);
		words(m->themes, m->nthemes, "", out);
		fputs("'", out);
		case_close(out);
	}
	if (case_open(m, CLI_VALUE_TLS_PROTOCOL, out)) {
		fputs("_smtpcon_list '", out);
		words(m->protocols, m->nprotocols, "", out);
		fputs(" ", out);
		words(m->protocols, m->nprotocols, "no_", out);
		fputs("'", out);
		case_close(out);
	}
	for (size_t i = 0; i < m->nopts; i++) {
		if (m->opts[i].info.value != CLI_VALUE_CHOICE)
			continue;
		fputc('\t', out);
		spellings(&m->opts[i], out);
		fprintf(out, ")\n\t\tCOMPREPLY=($(compgen -W '%s' -- \"$cur\"))", m->opts[i].info.choices);
		case_close(out);
	}
	if (case_open(m, CLI_VALUE_WORD, out)) {
		fputs("COMPREPLY=() # a value of your own: nothing to offer", out);
		case_close(out);
	}
	fputs("\t*)\n\t\treturn 1\n\t\t;;\n\tesac\n}\n\n", out);

	fputs(main_a, out);
	int nopt = 0;
	for (size_t i = 0; i < m->nopts; i++)
		if (m->opts[i].info.optional)
			fprintf(out, "%s--%s", nopt++ ? "|" : "", m->opts[i].info.name);
	if (nopt == 0)
		fputs("--", out); /* a pattern that never comes: "--" was handled above */
	fputs(main_b, out);
	int first = 1;
	for (size_t i = 0; i < m->nopts; i++) {
		if (m->opts[i].info.short_name) {
			fprintf(out, "%s-%c", first ? "" : " ", m->opts[i].info.short_name);
			first = 0;
		}
	}
	for (size_t i = 0; i < m->nopts; i++) {
		fprintf(out, "%s--%s", first ? "" : " ", m->opts[i].info.name);
		first = 0;
	}
	fputs(main_c, out);
	return ferror(out) ? -1 : 0;
}
