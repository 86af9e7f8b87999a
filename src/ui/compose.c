/* compose: the text the message editor starts with after a 354: the test message GMime builds from what the
 * session knows (the accepted MAIL FROM and RCPT TO addresses, the EHLO name) and the command line's --header and
 * --body (console_message), or the --data file; so a test message is one keystroke away and still a well-formed
 * RFC 5322 message (Date and Message-ID included). Attachments are added when the text is sent. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cli.h"
#include "cmd/message.h"
#include "lib/buf.h"
#include "lib/xmalloc.h"
#include "ui/ui-internal.h"

/* The most of a --data file the editor shows (it is text to edit; /data FILE sends any size). */
#define COMPOSE_MAX_DATA (1024u * 1024u)

void compose_track(struct ui *ui, const char *command, int code)
{
	envelope_track(&ui->env, command, code);
}

/* The --data file as the editor's text, or NULL when it cannot be read (then the generated message). */
static char *data_file_text(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	struct buf b;
	buf_init(&b, 0);
	int r = buf_append_file(&b, f, COMPOSE_MAX_DATA);
	fclose(f);
	if (r < 0) {
		buf_free(&b);
		return NULL;
	}
	char *text = buf_detach(&b, NULL);
	return text ? text : xstrdup("");
}

char *editor_prefill(struct ui *ui)
{
	if (ui->cfg && ui->cfg->data_file) {
		char *text = data_file_text(ui->cfg->data_file);
		if (text)
			return text;
	}
	char err[300];
	size_t len = 0;
	char *m = ui->con ? console_message(ui->con, true, &len, err, sizeof err) : NULL;
	if (m == NULL)
		m = xstrdup("Subject: smtpcon test\n\n");
	/* An empty first body line where the cursor starts, after what GMime wrote: typing on the blank line itself
	 * would make the body part of the headers (RFC 5322 §2.1). */
	char *text = xasprintf("%s%s\n", m, len && m[len - 1] != '\n' ? "\n" : "");
	free(m);
	return text;
}
