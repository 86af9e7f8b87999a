/* hints: argument hints as the user types, for SMTP verbs (a table) and console commands (the command table). */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cmd/cmd.h"

struct verb_hint {
	const char *verb;
	const char *hint;
};

/* SMTP verbs with their arguments, including the extension parameters a client may add (RFC 1870 SIZE,
 * RFC 6152 8BITMIME, RFC 3030 BINARYMIME/BDAT, RFC 6531 SMTPUTF8, RFC 3461 DSN, RFC 8689 REQUIRETLS). */
static const struct verb_hint verb_hints[] = {
	{"AUTH", "AUTH mechanism [initial-response]   (SCRAM-SHA-256, PLAIN, LOGIN ...; or /auth auto USER)"},
	{"BDAT", "BDAT size [LAST]   (RFC 3030: followed by exactly size bytes)"},
	{"DATA", "DATA   (then the message, ended by a line with a lone dot)"},
	{"EHLO", "EHLO your-host-name   (or an address literal such as [192.0.2.1])"},
	{"EXPN", "EXPN mailing-list"},
	{"HELO", "HELO your-host-name   (old style: prefer EHLO)"},
	{"HELP", "HELP [topic]"},
	{"LHLO", "LHLO your-host-name   (LMTP, RFC 2033)"},
	{"MAIL", "MAIL FROM:<address> [SIZE=n] [BODY=7BIT|8BITMIME|BINARYMIME] [SMTPUTF8] [RET=FULL|HDRS] [ENVID=id] "
	         "[REQUIRETLS]"},
	{"NOOP", "NOOP"},
	{"QUIT", "QUIT"},
	{"RCPT", "RCPT TO:<address> [NOTIFY=NEVER|SUCCESS,FAILURE,DELAY] [ORCPT=rfc822;address]"},
	{"RSET", "RSET   (abort the current transaction)"},
	{"STARTTLS", "STARTTLS   (then the TLS handshake, then EHLO again; /starttls does all three)"},
	{"VRFY", "VRFY user-or-address"},
};

const char *console_hint(const struct console *c, const char *typed)
{
	(void)c;
	while (*typed == ' ')
		typed++;
	if (*typed == '\0')
		return NULL;
	size_t n = strcspn(typed, " ");
	if (typed[0] == '/') {
		static char buf[256];
		for (size_t i = 0; cmd_table[i]; i++) {
			const struct cmd_entry *e = cmd_table[i];
			if (e->help == NULL)
				continue;
			if (strlen(e->name) == n - 1 && strncasecmp(e->name, typed + 1, n - 1) == 0) {
				snprintf(buf, sizeof buf, "/%s %s   %s", e->name, e->args, e->help);
				return buf;
			}
		}
		return NULL;
	}
	for (size_t i = 0; i < sizeof verb_hints / sizeof verb_hints[0]; i++) {
		size_t vl = strlen(verb_hints[i].verb);
		if ((n == vl || (n > vl && typed[vl] == ':')) && strncasecmp(typed, verb_hints[i].verb, vl) == 0)
			return verb_hints[i].hint;
	}
	return NULL;
}
