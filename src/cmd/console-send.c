/* console-send: a typed SMTP line on its way out. Refused with the way on when there is no connection, checked by
 * the advisor (warnings, before it goes), and its secret part (an AUTH initial response, an answer to a 334) marked
 * so that sinks redact it. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cmd/console-int.h"
#include "core/model.h"
#include "lib/dtext.h"

/* Where the initial response of "AUTH MECH RESPONSE" starts in line (leading blanks allowed): past the first
 * five characters (the caller has seen "AUTH "), the mechanism and the blanks around it; "" when there is none. */
static const char *auth_initial_response(const char *line)
{
	const char *p = line;
	while (*p == ' ')
		p++;
	p += 5;
	while (*p == ' ')
		p++;
	while (*p && *p != ' ')
		p++;
	while (*p == ' ')
		p++;
	return p;
}

bool console_line_is_secret(const char *line)
{
	while (*line == ' ')
		line++;
	/* "AUTH PLAIN <initial response>" carries the password; "AUTH LOGIN" alone does not. */
	if (strncasecmp(line, "AUTH ", 5) == 0)
		return *auth_initial_response(line) != '\0';
	/* Answers to AUTH challenges typed by hand, and /auth raw with an initial response, carry secrets. */
	if (strncasecmp(line, "/answer", 7) == 0)
		return true;
	if (strncasecmp(line, "/auth raw ", 10) == 0 && strchr(line + 10 + strspn(line + 10, " "), ' ') != NULL)
		return true;
	return strncasecmp(line, "/auth", 5) == 0 && strchr(line + 5, '=') != NULL;
}

bool console_refuse_unconnected(struct console *c, const char *line)
{
	struct session_model m;
	session_get_model(c->s, &m);
	if (m.conn != MC_IDLE && m.conn != MC_CLOSED)
		return false;
	/* In the console a slip, not a network failure: said once, with what became of the line and the way on; the
	 * console stays and the exit status is not touched. */
	char shown[256], next[200];
	if (line)
		console_shown_line(line, shown, sizeof shown);
	model_next_step(&m, next, sizeof next);
	struct dtext d;
	dtext_init(&d, 1024);
	if (line)
		dtext_printf(&d, "not connected: %s was not sent. Next: %s", shown, next);
	else
		dtext_printf(&d, "not connected: the command was not sent. Next: %s", next);
	if (m.host == NULL) {
		dtext_raw(&d, " ");
		dtext_printf(&d, "(smtpcon --lab starts a practice server)");
	}
	session_emit_textd(c->s, EV_ERROR, "console", &d, NULL);
	dtext_free(&d);
	if (c->script_mode)
		console_set_status(
			c, 3); /* a script's connection is gone (the server closed it): nothing more reaches it */
	return true;
}

enum cmd_result console_send_smtp(struct console *c, const char *line)
{
	if (console_refuse_unconnected(c, line))
		return CMD_FAIL;
	struct advice adv[8];
	size_t n = advisor_check_command(c->s, line, adv, 8);
	for (size_t i = 0; i < n; i++)
		advisor_emit_advice(c->s, &adv[i]);
	size_t off = 0, len = 0;
	if (session_smtp_state(c->s) == SMTP_AUTH) {
		/* an answer to a 334 challenge may be a password; the "*" that cancels is none */
		len = strcmp(line, "*") == 0 ? 0 : strlen(line);
	} else if (console_line_is_secret(line)) {
		const char *p = auth_initial_response(line);
		off = (size_t)(p - line);
		len = strlen(p);
	}
	if (session_send_line(c->s, line, off, len) < 0)
		return CMD_FAIL;
	return CMD_WAIT;
}
