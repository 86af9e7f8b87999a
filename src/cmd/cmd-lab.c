/* cmd-lab: /mailbox, the console's window onto the built-in practice server (and the lab's hooks; /lesson is in
 * cmd-lesson.c). */
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd-lab.h"
#include "cmd/console-int.h"
#include "lib/dtext.h"
#include "lib/escape.h"
#include "lib/i18n.h"

static struct console_lab lab;
static bool have_lab;

const struct console_lab *console_lab(void)
{
	return have_lab ? &lab : NULL;
}

void console_register_lab(const struct console_lab *l)
{
	have_lab = l != NULL;
	if (l)
		lab = *l;
}

const char *const *console_lesson_names(void)
{
	return have_lab && lab.scenarios ? lab.scenarios() : NULL;
}

static console_listen_status_fn listen_status;
static void *listen_status_ctx;

void console_register_listen_status(console_listen_status_fn fn, void *ctx)
{
	listen_status = fn;
	listen_status_ctx = ctx;
}

bool console_listen_status(bool compact, char *out, size_t n)
{
	if (listen_status == NULL || n == 0)
		return false;
	listen_status(listen_status_ctx, compact, out, n);
	return true;
}

static enum cmd_result exec_mailbox(struct console *c, int argc, char **argv)
{
	if (!have_lab || lab.lab == NULL) {
		console_error(c, "/mailbox shows what the built-in practice server received: start it with --lab");
		return CMD_FAIL;
	}
	struct dtext out;
	dtext_init(&out, 4u << 20);
	int r;
	if (argc > 1) {
		char *end;
		long n = strtol(argv[1], &end, 10);
		if (*end || n < 1) {
			console_error(c, "/mailbox [N]: N is a message number from the list");
			dtext_free(&out);
			return CMD_FAIL;
		}
		r = lab.mailbox_show(lab.lab, (int)n, &out);
		if (r < 0) { /* no such message: said in both languages */
			console_printd(c, &out);
			dtext_free(&out);
			return CMD_FAIL;
		}
		/* The stored bytes (English side: they are the client's, in no language of ours) are whatever a client
		 * sent: escape them, keep the lines. */
		struct buf safe;
		buf_init(&safe, 8u << 20);
		const uint8_t *p = out.en.data;
		size_t left = out.en.len;
		while (left) {
			const uint8_t *nl = memchr(p, '\n', left);
			size_t len = nl ? (size_t)(nl - p) : left;
			size_t shown = len && p[len - 1] == '\r' ? len - 1 : len;
			/* Tabs fold header lines (Received:): show them as spaces, escape everything else. */
			for (size_t k = 0, start = 0; k <= shown; k++) {
				if (k < shown && p[k] != '\t')
					continue;
				escape_bytes(&safe, p + start, k - start, 0);
				if (k < shown)
					buf_append_str(&safe, "    ");
				start = k + 1;
			}
			buf_append_byte(&safe, '\n');
			p += nl ? len + 1 : len;
			left -= nl ? len + 1 : len;
		}
		console_print_raw(c, "%s", buf_cstr(&safe));
		buf_free(&safe);
	} else {
		r = lab.mailbox_list(lab.lab, &out);
		console_printd(c, &out);
	}
	dtext_free(&out);
	return r < 0 ? CMD_FAIL : CMD_DONE;
}

const struct cmd_entry cmd_mailbox_entry = {
	"mailbox",
	NULL,
	"[N]",
	N_("list what the practice server received (or show message N, Received header first)"),
	0,
	1,
	exec_mailbox,
};
