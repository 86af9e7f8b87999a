/* cmd-explain: /explain CODE, the reply-code knowledge base at the prompt ("/explain 550", "/explain 5.7.1",
 * "/explain 4xx", "/explain 550 5.7.1"). Without a code it explains the last reply the server sent. */
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/replycodes.h"
#include "lib/buf.h"

#define EXPLAIN_MAX_OUTPUT (64u * 1024u) /* the longest text (x.7.x lists 31 codes) is ~4 KiB */

static enum cmd_result exec_explain(struct console *c, int argc, char **argv)
{
	char code[128] = "";
	struct buf out;

	if (argc < 2) {
		/* No argument: the last reply, with its enhanced code when it has one. */
		const struct reply *r = session_last_reply(console_session(c));
		if (!r || r->code < 0) {
			console_error(c, "/explain needs a code (550, 5.7.1, 4xx, x.7.x): no reply to explain yet");
			return CMD_FAIL;
		}
		snprintf(code, sizeof code, "%d %s", r->code, r->enhanced);
	} else {
		/* "/explain 550 5.7.1" arrives as two words: join them again. */
		size_t len = 0;
		for (int i = 1; i < argc && len < sizeof code - 1; i++)
			len += (size_t)snprintf(code + len, sizeof code - len, "%s%s", i > 1 ? " " : "", argv[i]);
	}
	buf_init(&out, EXPLAIN_MAX_OUTPUT);
	int r = replycodes_explain(code, &out);
	/* The text ends with a newline; the views add their own. */
	while (out.len > 0 && out.data[out.len - 1] == '\n')
		out.data[--out.len] = '\0';
	if (r < 0)
		console_error(c, "/explain: %s", buf_cstr(&out));
	else
		console_print(c, "%s", buf_cstr(&out));
	buf_free(&out);
	return r < 0 ? CMD_FAIL : CMD_DONE;
}

const struct cmd_entry cmd_explain_entry = {
	"explain", NULL, "[CODE]",
	"what a reply code means and what to do (550, 5.7.1, 4xx, x.7.x; none: the last reply)", 0, 2,
	exec_explain,
};
