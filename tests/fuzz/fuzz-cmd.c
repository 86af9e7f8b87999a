/* fuzz-cmd: libFuzzer target for the console language, which reads what a user types and every line of a
 * --script file (a script can come from anywhere: a shared snippet, a ticket). Each input line goes through
 * cmd_split (words, quotes, escapes), cmd_find, console_hint (argument hints as one types), console_line_is_secret,
 * cli_split_host_port (/connect HOST[:PORT]), unescape_c on every word (what /raw does), and the words once more
 * as a command line through cli_parse. Checks: a split never produces more bytes than the line held, argv is
 * NULL-terminated, a port is 0..65535 with a host, unescape_c never writes more than its input's length, a hint
 * is a bounded C string. */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cli.h"
#include "cmd/cmd.h"
#include "cmd/console.h"
#include "lib/escape.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define REQUIRE(cond)                                                                                                  \
	do {                                                                                                           \
		if (!(cond)) {                                                                                         \
			fprintf(stderr, "fuzz-cmd: %s failed (line %d)\n", #cond, __LINE__);                           \
			abort();                                                                                       \
		}                                                                                                      \
	} while (0)

/* cli_parse's complaints go nowhere. */
static FILE *sink(void)
{
	static FILE *f;
	if (f == NULL)
		f = fopen("/dev/null", "w");
	return f;
}

static void one_line(const char *line)
{
	size_t len = strlen(line);

	/* Hints and secrecy: any text, never a crash; a hint is a finite string. */
	const char *hint = console_hint(NULL, line); /* the hint table does not look at the console */
	if (hint)
		REQUIRE(strlen(hint) < 4096);
	(void)console_line_is_secret(line);

	char *host = NULL;
	int port = -1;
	if (cli_split_host_port(line, &host, &port) == 0) {
		REQUIRE(host != NULL);
		REQUIRE(port >= 0 && port <= 65535);
		REQUIRE(strlen(host) <= len);
	}
	free(host);

	char **argv = NULL;
	const char *err = NULL;
	int argc = cmd_split(line, &argv, &err);
	if (argc < 0) {
		REQUIRE(err != NULL);
		return;
	}
	REQUIRE(argv != NULL && argv[argc] == NULL);
	size_t total = 0;
	for (int i = 0; i < argc; i++) {
		size_t wl = strlen(argv[i]);
		total += wl;
		/* /raw and friends decode C escapes from a word: bounded by the word's length. */
		uint8_t *out = malloc(wl + 1);
		const char *uerr = NULL;
		long k = unescape_c(argv[i], out, &uerr);
		REQUIRE(k == -1 ? uerr != NULL : (k >= 0 && (size_t)k <= wl));
		free(out);
	}
	REQUIRE(total <= len); /* quotes are dropped, nothing is added */
	if (argc > 0 && line[0] == '/')
		(void)cmd_find(argv[0]);

	/* The same words as a command line (argv[0] is the program). */
	if (argc < 64) {
		char *cargv[66];
		cargv[0] = "smtpcon";
		for (int i = 0; i < argc; i++)
			cargv[i + 1] = argv[i];
		cargv[argc + 1] = NULL;
		struct config cfg;
		optind = 0; /* a full getopt reset between inputs (cli_parse itself sets 1, for a single run) */
		(void)cli_parse(argc + 1, cargv, &cfg, sink());
		cli_free(&cfg);
	}
	cmd_free_argv(argc, argv);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 65536)
		return 0;
	/* A script: lines split at LF (a NUL ends a line early, as fgets-style reading would). */
	char *text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	char *p = text;
	for (;;) {
		char *nl = memchr(p, '\n', (size_t)(text + size - p));
		if (nl)
			*nl = '\0';
		size_t l = strlen(p);
		if (l && p[l - 1] == '\r')
			p[l - 1] = '\0';
		one_line(p);
		if (!nl)
			break;
		p = nl + 1;
	}
	free(text);
	return 0;
}
