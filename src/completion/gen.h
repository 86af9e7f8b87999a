/* gen: the shell completion generator's model (src/completion). At build time smtpcon-completion reads the
 * program's own tables (cli_option_info, lab_scenarios, tls_protocol_name, the help text) and the theme names
 * CMake found in themes/, and writes the bash and zsh completion files from them, so they cannot drift. */
#ifndef SMTPCON_COMPLETION_GEN_H
#define SMTPCON_COMPLETION_GEN_H
#include <stdio.h>

#include "cmd/cli.h"

struct gen_option {
	struct cli_option_info info;
	char *metavar; /* the value's name in --help ("FILE", "HOST[:PORT]"); "" when none */
	char *help;    /* the option's line of --help (its first line only); "" when none */
};

struct gen_model {
	struct gen_option *opts;
	size_t nopts;
	const char *const *scenarios; /* NULL-terminated (lab_scenarios()) */
	const char **scenario_help;   /* one summary per scenario */
	size_t nscenarios;
	const char **themes; /* the built-in theme names */
	size_t nthemes;
	const char **protocols; /* tls_protocol_name() */
	size_t nprotocols;
};

/* Write the completion file; 0, or -1 when a word cannot be written safely (the message went to stderr). */
int gen_bash(const struct gen_model *m, FILE *out);
int gen_zsh(const struct gen_model *m, FILE *out);

/* True when s is a plain word (letters, digits, '.', '_', '-'): safe unquoted in both shells. */
int gen_plain_word(const char *s);

#endif
