/* cmd-replay: /replay FILE runs the client side of a saved transcript (smtpcon's or swaks') against the server
 * this console is connected to, so a bug seen in the field can be reproduced on a test server. --print shows the
 * script instead of running it. The command line's --replay FILE queues this command. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/console-int.h"
#include "core/replay.h"
#include "lib/buf.h"
#include "lib/xmalloc.h"

static int read_all(struct console *c, const char *path, struct buf *out)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		console_error(c, "/replay: cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	int r = buf_append_file(out, f, REPLAY_MAX_INPUT);
	fclose(f);
	if (r == -2)
		console_error(c, "/replay: %s is larger than %u MiB", path, REPLAY_MAX_INPUT >> 20);
	else if (r < 0)
		console_error(c, "/replay: reading %s failed", path);
	return r < 0 ? -1 : 0;
}

static enum cmd_result exec_replay(struct console *c, int argc, char **argv)
{
	const char *path = NULL;
	bool print = false;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--print") == 0)
			print = true;
		else if (path == NULL)
			path = argv[i];
		else
			path = NULL, i = argc;
	}
	if (path == NULL) {
		console_error(c, "usage: /replay FILE [--print]");
		return CMD_FAIL;
	}
	struct buf text;
	buf_init(&text, 0);
	if (read_all(c, path, &text) < 0) {
		buf_free(&text);
		return CMD_FAIL;
	}
	const char *err = NULL;
	struct replay *r = replay_parse(text.data, text.len, &err);
	buf_free(&text);
	if (r == NULL) {
		console_error_raw(c, "/replay: %s: %s", path, err);
		return CMD_FAIL;
	}
	size_t nlines = 0, nbytes = 0;
	replay_bytes(r, &nbytes);
	char *script = replay_script(r, &nlines);
	if (print) {
		console_print_raw(c, "%s", script);
		free(script);
		replay_free(r);
		return CMD_DONE;
	}
	const char *fmt = replay_format(r) == REPLAY_FORMAT_SWAKS ? "swaks" : "smtpcon";
	/* One whole sentence each: "(not connected)" is words, translated with the sentence. */
	if (session_host(c->s))
		console_print(c,
			      "replaying %zu client bytes (%zu commands) from the %s transcript %s against %s port %d",
			      nbytes, nlines, fmt, path, session_host(c->s), session_port(c->s));
	else
		console_print(c, "replaying %zu client bytes (%zu commands) from the %s transcript %s (not connected)",
			      nbytes, nlines, fmt, path);
	if (replay_implicit_tls(r) && !session_implicit_tls(c->s))
		session_emit_text(
			c->s, EV_WARNING, "replay-implicit-tls",
			N_("the original connection used implicit TLS, this one does not: the bytes will go out in "
			   "plaintext"),
			N_("connect with tls (--tls-on-connect) to replay it as it was"));
	size_t masked = replay_masked(r);
	if (masked)
		session_emit_text(
			c->s, EV_WARNING, "replay-masked-secret",
			N_("the transcript has masked secrets: they are replayed as the stars, so AUTH will fail"),
			N_("save the original with --show-secrets (keep that file private), or edit the script: "
			   "/replay FILE --print shows it"));
	size_t cut = replay_bodies_cut(r);
	if (cut)
		session_emit_text(
			c->s, EV_WARNING, "replay-body-cut",
			N_("the transcript kept only the start of a message body: that part is replayed as the "
			   "whole message"),
			N_("replay the session's --log (it keeps every byte), or send the original message with "
			   "/data FILE"));
	replay_free(r);
	/* The script's command lines go first in the queue, in order; comments are shown, never sent. */
	char **lines = xcalloc(nlines + 1, sizeof *lines);
	size_t n = 0;
	for (char *save = NULL, *l = strtok_r(script, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		if (l[0] == '#')
			continue;
		if (n < nlines)
			lines[n++] = l;
	}
	console_push_front(c, (const char *const *)lines, n);
	free(lines);
	free(script);
	return CMD_DONE;
}

const struct cmd_entry cmd_replay_entry = {
	"replay",
	NULL,
	"FILE [--print]",
	N_("send the client side of a saved transcript (smtpcon --log or /save, or swaks) to this server; --print "
	   "shows "
	   "the script"),
	1,
	2,
	exec_replay,
};
