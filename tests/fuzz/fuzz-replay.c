/* fuzz-replay: libFuzzer target for the transcript reader (core/replay). Whatever the input: no crash, the script
 * is valid UTF-8 with no control byte but its newlines, and running the script's lines back (plain lines get
 * CRLF, /raw and /bdat --text arguments are unescaped as the console does) gives exactly the client bytes read. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/replay.h"
#include "lib/buf.h"
#include "lib/escape.h"
#include "lib/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define REQUIRE(cond)                                                                                                  \
	do {                                                                                                           \
		if (!(cond)) {                                                                                         \
			fprintf(stderr, "fuzz-replay: %s failed (line %d)\n", #cond, __LINE__);                        \
			abort();                                                                                       \
		}                                                                                                      \
	} while (0)

/* The bytes one script line sends. */
static void run_line(const char *line, struct buf *out)
{
	if (line[0] == '#')
		return;
	if (line[0] != '/') {
		buf_append_str(out, line);
		buf_append(out, "\r\n", 2);
		return;
	}
	char **argv = NULL;
	const char *err = NULL;
	int argc = cmd_split(line, &argv, &err);
	REQUIRE(argc >= 2);
	const char *arg = strcmp(argv[0], "bdat") == 0 ? argv[2] : argv[1];
	REQUIRE(strcmp(argv[0], "raw") == 0 || (strcmp(argv[0], "bdat") == 0 && strcmp(argv[1], "--text") == 0));
	uint8_t *bytes = malloc(strlen(arg) + 1);
	long n = unescape_c(arg, bytes, &err);
	REQUIRE(n >= 0);
	if (strcmp(argv[0], "bdat") == 0) {
		bool last = argc < 5 || strcmp(argv[4], "--no-last") != 0;
		buf_printf(out, "BDAT %ld%s\r\n", n, last ? " LAST" : "");
	}
	buf_append(out, bytes, (size_t)n);
	free(bytes);
	cmd_free_argv(argc, argv);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *err = NULL;
	struct replay *r = replay_parse(data, size, &err);
	if (r == NULL) {
		REQUIRE(err != NULL);
		return 0;
	}
	size_t len = 0, nlines = 0;
	const uint8_t *want = replay_bytes(r, &len);
	char *script = replay_script(r, &nlines);
	size_t sl = strlen(script);
	REQUIRE(utf8_valid((const uint8_t *)script, sl));
	for (size_t i = 0; i < sl; i++)
		REQUIRE((unsigned char)script[i] >= 0x20 || script[i] == '\n');
	REQUIRE(nlines <= REPLAY_MAX_LINES);
	struct buf got;
	buf_init(&got, 0);
	bool cut = strstr(script, "\n# cut here") != NULL;
	for (char *save = NULL, *l = strtok_r(script, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
		run_line(l, &got);
	if (!cut)
		REQUIRE(got.len == len && memcmp(got.data, want, len) == 0);
	else
		REQUIRE(got.len <= len && memcmp(got.data, want, got.len) == 0);
	buf_free(&got);
	free(script);
	replay_free(r);
	return 0;
}
