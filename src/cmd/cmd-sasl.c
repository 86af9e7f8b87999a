/* cmd-sasl: /auth raw MECH and /answer: a SASL exchange (RFC 4954) driven by hand, each 334 challenge shown
 * decoded, each answer shown decoded as well (masked unless --show-secrets), for mechanisms the helpers do not
 * speak or to reproduce a client that answers wrongly. */
#include "cmd/cmd-sasl.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd/console-int.h"
#include "core/auth.h"
#include "lib/buf.h"
#include "lib/escape.h"
#include "lib/xmalloc.h"

#define SASL_SHOW_MAX 1024u /* decoded challenge shown, at most (bytes of display text) */

static void schedule_show(struct console *c)
{
	static const char *const step[] = {"/sasl-show"};
	console_push_front(c, step, 1);
}

enum cmd_result cmd_auth_raw(struct console *c, int argc, char **argv)
{
	if (argc < 2 || argc > 3) {
		console_error(c, "usage: /auth raw MECH [INITIAL-RESPONSE-IN-BASE64|=]");
		return CMD_FAIL;
	}
	for (const char *p = argv[1]; *p; p++) {
		/* RFC 4422 mechanism names: upper-case letters, digits, '-' and '_'. */
		if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_') {
			console_error(c, "/auth raw: '%s' is not a SASL mechanism name", argv[1]);
			return CMD_FAIL;
		}
	}
	char *line = argc > 2 ? xasprintf("AUTH %s %s", argv[1], argv[2]) : xasprintf("AUTH %s", argv[1]);
	for (char *p = line + 5; *p && *p != ' '; p++)
		*p = (char)toupper((unsigned char)*p);
	size_t off = argc > 2 ? strlen(line) - strlen(argv[2]) : 0;
	size_t len = argc > 2 && strcmp(argv[2], "=") != 0 ? strlen(argv[2]) : 0;
	if (len) {
		char shown[SASL_SHOW_MAX];
		if (session_params(c->s)->show_secrets && auth_decode_for_display(argv[2], shown, sizeof shown))
			console_print(c, "initial response decodes to: %s", shown);
		else
			console_print(c, "initial response: %zu base64 characters (masked; --show-secrets shows it)",
				      len);
	}
	int r = session_send_line(c->s, line, off, len);
	explicit_bzero(line, strlen(line));
	free(line);
	if (r < 0)
		return CMD_FAIL;
	schedule_show(c);
	return CMD_WAIT;
}

/* After each reply of a hand-driven exchange: how it ended. A 334 is decoded and explained by the session itself
 * (core/session-auth-hand.c: a diagnosis "auth-challenge" with what to answer), as for an AUTH typed by hand. */
static enum cmd_result exec_sasl_show(struct console *c, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	const struct reply *r = session_last_reply(c->s);
	if (r == NULL || r->code == 334)
		return CMD_DONE;
	if (r->code == 235)
		console_print(c, "authenticated (235)");
	else
		console_print(c, "the exchange ended with %d", r->code);
	return CMD_DONE;
}

const struct cmd_entry cmd_sasl_show_entry = {
	"sasl-show", NULL, "", NULL, 0, 0, exec_sasl_show,
};

static enum cmd_result exec_answer(struct console *c, int argc, char **argv)
{
	bool b64 = argc > 2 && strcmp(argv[1], "--b64") == 0;
	if ((argc > 2 && !b64) || (b64 && argc != 3)) {
		console_error(c, "usage: /answer TEXT | /answer --b64 BASE64 | /answer *");
		return CMD_FAIL;
	}
	const char *arg = argv[argc - 1];
	char *line;
	size_t rawlen = 0;
	bool cancel = strcmp(arg, "*") == 0;
	if (cancel) {
		line = xstrdup("*");
	} else if (b64) {
		line = xstrdup(arg); /* the session says when it is not base64 (core/session-auth-hand.c) */
	} else {
		uint8_t *raw = xmalloc(strlen(arg) + 1);
		const char *err = NULL;
		long n = unescape_c(arg, raw, &err);
		if (n < 0) {
			struct dtext d; /* the escape error (lib/escape.c, an msgid) in the language on screen */
			dtext_init(&d, 0);
			dtext_raw(&d, "/answer: ");
			dtext_puts(&d, err ? err : N_("bad escape"));
			console_errord(c, &d);
			dtext_free(&d);
			free(raw);
			return CMD_FAIL;
		}
		rawlen = (size_t)n;
		line = auth_b64_encode(raw, rawlen);
		explicit_bzero(raw, rawlen);
		free(raw);
	}
	if (cancel) {
		console_print(c, "cancelling the exchange (\"*\", RFC 4954 §4)");
	} else if (session_params(c->s)->show_secrets) {
		char shown[SASL_SHOW_MAX];
		auth_decode_for_display(line, shown, sizeof shown);
		console_print(c, "answer %s decodes to: \"%s\"", line, shown);
	} else {
		console_print(c, "answer: %zu base64 characters, decoded text masked (--show-secrets shows it)",
			      strlen(line));
	}
	if (session_smtp_state(c->s) != SMTP_AUTH)
		session_emit_text(
			c->s, EV_WARNING, "answer-outside-auth",
			N_("no AUTH exchange is waiting for an answer (no 334): the server will take this line as a "
			   "command"),
			NULL);
	int r = session_send_line(c->s, line, 0, cancel ? 0 : strlen(line));
	auth_wipe(line);
	if (r < 0)
		return CMD_FAIL;
	schedule_show(c);
	return CMD_WAIT;
}

const struct cmd_entry cmd_answer_entry = {
	"answer",
	NULL,
	"TEXT | --b64 BASE64 | *",
	N_("answer a 334 AUTH challenge: TEXT (C escapes, e.g. \"\\0user\\0pass\") is base64-encoded for you; masked"),
	1,
	2,
	exec_answer,
};
