/* cmd-attach: the test message the console sends, built by GMime (cmd/mime.h) from the command line's --header,
 * --body and --attach and the envelope the server accepted; /attach adds files to the next message (at the prompt,
 * in a script, or as a line of the TUI's message editor). */
#include <stdlib.h>
#include <string.h>

#include "cmd/cli.h"
#include "cmd/console-int.h"
#include "cmd/console.h"
#include "cmd/mime.h"
#include "core/session.h"
#include "lib/buf.h"
#include "lib/dtext-split.h"
#include "lib/dtext.h"
#include "lib/xmalloc.h"

/* The command line's attachments, then the /attach ones (allocated array of borrowed entries). */
static struct mime_attachment *all_attachments(const struct console *c, size_t *n)
{
	const struct mime_attachments *a = &c->cfg->attach, *b = &c->attach;
	*n = a->n + b->n;
	struct mime_attachment *v = xcalloc(*n ? *n : 1, sizeof *v);
	if (a->n)
		memcpy(v, a->v, a->n * sizeof *v);
	if (b->n)
		memcpy(v + a->n, b->v, b->n * sizeof *v);
	return v;
}

char *console_message(struct console *c, bool editable, size_t *len, char *err, size_t errsz)
{
	const struct config *cfg = c->cfg;
	struct buf body;
	buf_init(&body, 0);
	if (cfg->body && mime_body_load(cfg->body, &body, err, errsz) < 0) {
		buf_free(&body);
		return NULL;
	}
	struct mime_spec spec = {
		.from = c->env.from ? c->env.from : console_sender(c),
		.to = c->env.to ? c->env.to : cfg->to,
		.ehlo_name = session_ehlo_name(c->s),
		.headers = cfg->headers,
		.nheaders = cfg->nheaders,
		.body = cfg->body ? buf_cstr(&body) : NULL,
		.body_len = body.len,
		.utf8_headers = c->env.smtputf8,
		.editable = editable,
	};
	struct mime_attachment *att = all_attachments(c, &spec.nattach);
	spec.attach = att;
	char *m = mime_build(&spec, len, err, errsz);
	free(att);
	buf_free(&body);
	if (m && !editable)
		mime_attachments_clear(&c->attach); /* /attach is for one message; --attach for every one */
	return m;
}

/* True when a header line (up to the first blank line) holds a byte that is not ASCII. */
static bool headers_8bit(const char *text, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (text[i] == '\n' && (i + 1 == len || text[i + 1] == '\n' || text[i + 1] == '\r'))
			return false;
		if ((unsigned char)text[i] >= 0x80)
			return true;
	}
	return false;
}

char *console_message_from_text(struct console *c, const char *text, size_t len, size_t *outlen, char *err,
				size_t errsz)
{
	err[0] = '\0';
	size_t n;
	struct mime_attachment *att = all_attachments(c, &n);
	char *m = NULL;
	/* Typed as is, unless it must change: attachments make it multipart, and 8-bit headers become RFC 2047
	 * words when the server did not accept SMTPUTF8 for this transaction. */
	if (n > 0 || (!c->env.smtputf8 && headers_8bit(text, len)))
		m = mime_attach_to_text(text, len, att, n, c->env.smtputf8, outlen, err, errsz);
	free(att);
	if (m)
		mime_attachments_clear(&c->attach);
	return m;
}

void console_attachments_describe(const struct console *c, struct dtext *out)
{
	size_t n;
	struct mime_attachment *att = all_attachments(c, &n);
	mime_attachments_describe(att, n, out);
	free(att);
}

bool console_envelope_smtputf8(const struct console *c)
{
	return c->env.smtputf8;
}

static enum cmd_result exec_attach(struct console *c, int argc, char **argv)
{
	const char *type = NULL, *name = NULL;
	int i = 1;
	for (; i + 1 < argc && argv[i][0] == '-'; i += 2) {
		if (strcmp(argv[i], "--type") == 0) {
			type = argv[i + 1];
		} else if (strcmp(argv[i], "--name") == 0) {
			name = argv[i + 1];
		} else {
			break;
		}
	}
	if (argc == 2 && strcmp(argv[1], "--clear") == 0) {
		mime_attachments_clear(&c->attach);
		if (c->cfg->attach.n)
			console_print(
				c, "the next message has no attachment from /attach (the command line's --attach files "
				   "stay)");
		else
			console_print(c, "the next message has no attachment from /attach");
		return CMD_DONE;
	}
	if (i == argc && argc > 1) {
		console_error(c, "usage: /attach [--type TYPE] [--name NAME] FILE, /attach (list), /attach --clear");
		return CMD_FAIL;
	}
	if (i < argc) {
		/* One file: words after the first are its name's (a file name with spaces needs no quotes). */
		struct buf path;
		buf_init(&path, 0);
		for (int k = i; k < argc; k++)
			buf_printf(&path, "%s%s", k > i ? " " : "", argv[k]);
		char why[300];
		int r = mime_attachments_add(&c->attach, buf_cstr(&path), type, name, why, sizeof why);
		buf_free(&path);
		if (r < 0) {
			struct dtext d;
			dtext_init(&d, 512);
			dtext_raw(&d, "/attach: ");
			mime_error_dtext(&d, why);
			console_errord(c, &d);
			dtext_free(&d);
			return CMD_FAIL;
		}
	}
	struct dtext out, line;
	dtext_init(&out, 0);
	console_attachments_describe(c, &out);
	if (out.en.len) {
		dtext_init(&line, 0);
		dtext_en_printf(&line, "the next message carries: %s", dtext_en(&out));
		dtext_loc_printf(&line, N_("the next message carries: %s"), dtext_loc(&out));
		console_printd(c, &line);
		dtext_free(&line);
	} else {
		console_print(c, "no attachment: /attach FILE adds one to the next message");
	}
	dtext_free(&out);
	return CMD_DONE;
}

const struct cmd_entry cmd_attach_entry = {
	"attach",
	NULL,
	"[--type TYPE] [--name NAME] FILE | --clear",
	N_("attach FILE to the next message (/data, the editor: multipart/mixed, built by GMime); alone: list"),
	0,
	-1,
	exec_attach,
};
