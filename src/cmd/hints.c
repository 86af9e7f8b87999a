/* hints: argument hints as the user types, for SMTP verbs (a table) and console commands (the command table).
 * console_hint says them in English; console_hint_loc in the user's language, for the screen. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cmd/cmd.h"
#include "lib/i18n.h"

struct verb_hint {
	const char *verb;
	const char *hint;
};

/* SMTP verbs with their arguments, including the extension parameters a client may add (RFC 1870 SIZE,
 * RFC 6152 8BITMIME, RFC 3030 BINARYMIME/BDAT, RFC 6531 SMTPUTF8, RFC 3461 DSN, RFC 8689 REQUIRETLS). */
static const struct verb_hint verb_hints[] = {
	/* TRANSLATORS: argument hints shown as the user types an SMTP command. Keep the verb, the keywords
	 * (FROM:, TO:, SIZE=, BODY=, LAST ...) and the values in capitals as they are; translate the lower-case
	 * placeholders (address, your-host-name) and the words in parentheses. One screen row: keep it short. */
	{"AUTH", N_("AUTH mechanism [initial-response]   (SCRAM-SHA-256, PLAIN, LOGIN ...; or /auth auto USER)")},
	{"BDAT", N_("BDAT size [LAST]   (RFC 3030: followed by exactly size bytes)")},
	{"DATA", N_("DATA   (then the message, ended by a line with a lone dot)")},
	{"EHLO", N_("EHLO your-host-name   (or an address literal such as [192.0.2.1])")},
	{"EXPN", N_("EXPN mailing-list")},
	{"HELO", N_("HELO your-host-name   (old style: prefer EHLO)")},
	{"HELP", N_("HELP [topic]")},
	{"LHLO", N_("LHLO your-host-name   (LMTP, RFC 2033)")},
	{"MAIL",
	 N_("MAIL FROM:<address> [SIZE=n] [BODY=7BIT|8BITMIME|BINARYMIME] [SMTPUTF8] [RET=FULL|HDRS] [ENVID=id] "
	    "[REQUIRETLS]")},
	{"NOOP", "NOOP"},
	{"QUIT", "QUIT"},
	{"RCPT", N_("RCPT TO:<address> [NOTIFY=NEVER|SUCCESS,FAILURE,DELAY] [ORCPT=rfc822;address]")},
	{"RSET", N_("RSET   (abort the current transaction)")},
	{"STARTTLS", N_("STARTTLS   (then the TLS handshake, then EHLO again; /starttls does all three)")},
	{"VRFY", N_("VRFY user-or-address")},
};

/* The hint for what is typed; loc: in the user's language (the command's help line is a msgid of the command
 * table, translated at display like every table text). */
static const char *hint_for(const char *typed, bool loc)
{
	while (*typed == ' ')
		typed++;
	if (*typed == '\0')
		return NULL;
	size_t n = strcspn(typed, " ");
	if (typed[0] == '/') {
		static char buf[512];
		for (size_t i = 0; cmd_table[i].entry; i++) {
			const struct cmd_entry *e = cmd_table[i].entry;
			if (e->help == NULL)
				continue;
			if (strlen(e->name) == n - 1 && strncasecmp(e->name, typed + 1, n - 1) == 0) {
				snprintf(buf, sizeof buf, "/%s %s   %s", e->name, e->args, loc ? _(e->help) : e->help);
				return buf;
			}
		}
		return NULL;
	}
	for (size_t i = 0; i < sizeof verb_hints / sizeof verb_hints[0]; i++) {
		size_t vl = strlen(verb_hints[i].verb);
		if ((n == vl || (n > vl && typed[vl] == ':')) && strncasecmp(typed, verb_hints[i].verb, vl) == 0)
			return loc ? _(verb_hints[i].hint) : verb_hints[i].hint;
	}
	return NULL;
}

const char *console_hint(const struct console *c, const char *typed)
{
	(void)c;
	return hint_for(typed, false);
}

const char *console_hint_loc(const struct console *c, const char *typed)
{
	(void)c;
	return hint_for(typed, true);
}
