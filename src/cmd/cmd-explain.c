/* cmd-explain: /explain CODE, the reply-code knowledge base at the prompt ("/explain 550", "/explain 5.7.1",
 * "/explain 4xx", "/explain 550 5.7.1"). Without a code it explains the last reply the server sent. */
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/replycodes.h"
#include "lib/buf.h"
#include "lib/dtext.h"
#include "lib/i18n.h"

#define EXPLAIN_MAX_OUTPUT (64u * 1024u) /* the longest text (x.7.x lists 31 codes) is ~4 KiB */

static void trim_newlines(struct buf *b)
{
	while (b->len > 0 && b->data[b->len - 1] == '\n')
		b->data[--b->len] = '\0';
}

static enum cmd_result exec_explain(struct console *c, int argc, char **argv)
{
	char code[128] = "";
	struct dtext out;

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
	dtext_init(&out, EXPLAIN_MAX_OUTPUT);
	int r = replycodes_explaind(code, &out);
	/* The text ends with a newline; the views add their own. Both sides end the same way. */
	trim_newlines(&out.en);
	trim_newlines(&out.loc);
	if (r < 0) {
		struct dtext e;
		dtext_init(&e, EXPLAIN_MAX_OUTPUT);
		dtext_raw(&e, "/explain: ");
		dtext_cat(&e, &out);
		/* console_error's EV_ERROR, from a text built in two languages. */
		session_emit_textd(console_session(c), EV_ERROR, "console", &e, NULL);
		dtext_free(&e);
	} else {
		console_printd(c, &out);
	}
	dtext_free(&out);
	return r < 0 ? CMD_FAIL : CMD_DONE;
}

const struct cmd_entry cmd_explain_entry = {
	"explain", NULL, "[CODE]",
	N_("what a reply code means and what to do (550, 5.7.1, 4xx, x.7.x; none: the last reply)"), 0, 2,
	exec_explain,
};
