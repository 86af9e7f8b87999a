/* smtp: the SMTP state as a client sees it. Names, next steps and transitions are tables, not if-chains. */
#include "core/smtp.h"

#include <ctype.h>
#include <stddef.h>
#include <string.h>

#include "lib/i18n.h"

struct state_info {
	const char *name;  /* stable id (JSON, transcripts' state lines) */
	const char *label; /* for a person: an msgid, shown translated (status bar) */
	const char *next;  /* an msgid too */
};

/* TRANSLATORS: the labels are the SMTP state in the status bar: keep them short (about 12 columns); the
 * command names (MAIL, RCPT, DATA, QUIT, AUTH) stay as they are. */
static const struct state_info state_info[SMTP_NSTATES] = {
	[SMTP_DISCONNECTED] = {"disconnected", N_("disconnected"), "/connect HOST[:PORT]"},
	[SMTP_CONNECTING] = {"connecting", N_("connecting"), N_("wait for the connection (Ctrl-C cancels)")},
	[SMTP_HANDSHAKE] = {"tls-handshake", N_("tls-handshake"), N_("wait for the TLS handshake")},
	[SMTP_GREETING] = {"greeting", N_("greeting"),
			   N_("wait for the server's 220 greeting before sending anything")},
	[SMTP_GREETED] = {"greeted", N_("greeted"), N_("EHLO <your name>")},
	[SMTP_READY] = {"ready", N_("ready"), N_("MAIL FROM:<address> (or STARTTLS / AUTH first)")},
	[SMTP_AUTH] = {"auth", "auth", N_("answer the 334 challenge (base64), or * to cancel")},
	[SMTP_MAIL] = {"mail", "mail", N_("RCPT TO:<address>")},
	[SMTP_RCPT] = {"rcpt", "rcpt", N_("another RCPT TO:<address>, or DATA")},
	[SMTP_DATA] = {"data", "data", N_("the message, ended by a line with a lone dot")},
	[SMTP_DATA_DONE] = {"data-sent", N_("data-sent"), N_("wait for the server's verdict on the message")},
	[SMTP_QUIT] = {"quit", "quit", N_("wait for 221 and the close")},
	[SMTP_CLOSED] = {"closed", N_("closed"), N_("/connect HOST[:PORT] to start again")},
};

const char *smtp_state_name(int state)
{
	if (state < 0 || state >= SMTP_NSTATES)
		return "unknown";
	return state_info[state].name;
}

const char *smtp_state_label(int state)
{
	if (state < 0 || state >= SMTP_NSTATES)
		return _("unknown");
	return _(state_info[state].label);
}

const char *smtp_state_next_step(int state)
{
	if (state < 0 || state >= SMTP_NSTATES)
		return "";
	return state_info[state].next;
}

/* One row: after a reply of class `cls` (2, 3, 4, 5; 0 = any) to verb, go to `to`. First match wins. A from
 * state of -1 matches any. */
struct transition {
	const char *verb;
	int from;
	int cls;
	enum smtp_state to;
};

static const struct transition transitions[] = {
	{"", -1, 2, SMTP_GREETED},
	{"", -1, 5, SMTP_GREETING}, /* 554 banner: the server refuses us; QUIT is all that is left */
	{"EHLO", -1, 2, SMTP_READY},
	{"HELO", -1, 2, SMTP_READY},
	{"LHLO", -1, 2, SMTP_READY},
	{"STARTTLS", -1, 2, SMTP_HANDSHAKE},
	{"AUTH", -1, 3, SMTP_AUTH},
	{"AUTH", -1, 2, SMTP_READY},
	{"AUTH", -1, 4, SMTP_READY},
	{"AUTH", -1, 5, SMTP_READY},
	{"*AUTH", -1, 3, SMTP_AUTH}, /* a continuation line inside AUTH */
	{"*AUTH", -1, 2, SMTP_READY},
	{"*AUTH", -1, 4, SMTP_READY},
	{"*AUTH", -1, 5, SMTP_READY},
	{"MAIL", -1, 2, SMTP_MAIL},
	{"RCPT", SMTP_MAIL, 2, SMTP_RCPT},
	{"RCPT", SMTP_RCPT, 2, SMTP_RCPT},
	{"DATA", -1, 3, SMTP_DATA},
	{".", -1, 0, SMTP_READY},
	{"BDAT", -1, 2, SMTP_RCPT}, /* more chunks may follow; LAST ends the transaction (see smtp_after_reply) */
	{"RSET", -1, 2, SMTP_READY},
	{"QUIT", -1, 0, SMTP_QUIT},
};

enum smtp_state smtp_after_reply(enum smtp_state cur, const char *verb, int code)
{
	int cls = code / 100;
	for (size_t i = 0; i < sizeof transitions / sizeof transitions[0]; i++) {
		const struct transition *t = &transitions[i];
		if (strcmp(t->verb, verb) != 0)
			continue;
		if (t->from >= 0 && t->from != (int)cur)
			continue;
		if (t->cls != 0 && t->cls != cls)
			continue;
		return t->to;
	}
	return cur;
}

void smtp_verb(const char *line, char verb[16])
{
	size_t i = 0;
	while (*line == ' ')
		line++;
	for (; line[i] && line[i] != ' ' && line[i] != '\r' && line[i] != '\n' && i < 15; i++)
		verb[i] = (char)toupper((unsigned char)line[i]);
	verb[i] = '\0';
}
