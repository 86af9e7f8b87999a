/* lab-scenario: the practice server's scenarios as data. Each row says which rules the server follows (flags),
 * its timings and TLS priority, and the lesson /lesson shows. The SMTP code asks flags, never scenario names. */
#include <stddef.h>
#include <string.h>

#include "lab/lab-int.h"
#include "lib/i18n.h"

/* Summaries and lessons are gettext msgids (N_), translated where they are shown. They spell out the lab's names
 * (lab.test, student, practice: LAB_DOMAIN, LAB_USER, LAB_PASSWORD) because xgettext cannot see through a macro
 * in the middle of a string; test-lab-scenarios checks they still match. */

/* Rules shared by several rows. */
#define SUBMISSION (LAB_F_STARTTLS | LAB_F_AUTH | LAB_F_AUTH_NEEDS_TLS | LAB_F_MAIL_NEEDS_AUTH)
#define MX_WITH_AUTH (LAB_F_STARTTLS | LAB_F_AUTH | LAB_F_AUTH_NEEDS_TLS | LAB_F_RELAY_NEEDS_AUTH)

static const struct lab_scenario scenarios[] = {
	{
		.name = "delivery",
		.summary = N_("port 25 as an MX: no AUTH, mail only for lab.test, relaying denied (550 5.7.1)"),
		.port_hint = "25",
		.flags = LAB_F_STARTTLS | LAB_F_RELAY_NEEDS_AUTH,
		.lesson = N_("delivery: how one server hands mail to another (port 25)\n"
			     "1. EHLO me.example            -> 250 lines: the capabilities. No AUTH: port 25 takes\n"
			     "   mail for its own domains, from anyone, without a password.\n"
			     "2. /starttls                   -> 220 2.0.0, handshake, EHLO again (compare with /diff)\n"
			     "3. MAIL FROM:<you@example.org> -> 250 2.1.0\n"
			     "4. RCPT TO:<student@lab.test>  -> 250 2.1.5 (a local mailbox)\n"
			     "5. RCPT TO:<someone@example.com> -> 550 5.7.1 relaying denied: a server that passed\n"
			     "   mail on for anyone would be an open relay, and spammers would find it in hours.\n"
			     "6. DATA, a few header lines, a blank line, a body, a line with a single dot\n"
			     "   -> 250 2.0.0 queued; then QUIT and /mailbox to see the Received header it added.\n"),
	},
	{
		.name = "submission",
		.summary = N_("port 587: STARTTLS before AUTH, AUTH before MAIL (530 5.7.0)"),
		.port_hint = "587",
		.flags = SUBMISSION,
		.lesson = N_("submission: how a mail program sends your mail (port 587)\n"
			     "1. EHLO me.example      -> no AUTH in the list yet: it is only offered inside TLS\n"
			     "2. MAIL FROM:<student@lab.test> -> 530 5.7.0 authentication required\n"
			     "3. AUTH PLAIN           -> 530 5.7.0 must issue a STARTTLS command first\n"
			     "4. /starttls            -> TLS, and the second EHLO now lists AUTH PLAIN LOGIN\n"
			     "5. /auth plain student   (password: practice) -> 235 2.7.0\n"
			     "6. MAIL FROM:<student@lab.test>, RCPT TO:<friend@example.com> -> 250: once\n"
			     "   authenticated you may send anywhere (the lab keeps it in its Maildir)\n"
			     "7. DATA ... . -> 250 2.0.0 queued; QUIT; /mailbox\n"),
	},
	{
		.name = "implicit",
		.summary = N_("port 465: TLS from the first byte, then SMTP inside it"),
		.port_hint = "465",
		.flags = LAB_F_IMPLICIT | LAB_F_AUTH | LAB_F_AUTH_NEEDS_TLS | LAB_F_MAIL_NEEDS_AUTH,
		.lesson = N_("implicit: TLS on connect (port 465, \"SSL/TLS\" in mail programs)\n"
			     "1. Connect without TLS: you see no greeting. The server waits for a ClientHello;\n"
			     "   anything else fails its handshake and it hangs up.\n"
			     "2. /connect 127.0.0.1:PORT tls -> the handshake comes first, then 220 inside TLS\n"
			     "3. EHLO me.example -> AUTH offered at once, no STARTTLS (already encrypted)\n"
			     "4. /auth login student  (password practice), MAIL, RCPT, DATA as in submission\n"),
	},
	{
		.name = "no-starttls",
		.summary = N_("STARTTLS not offered: the downgrade risk (AUTH in plain text)"),
		.port_hint = "587",
		.flags = LAB_F_AUTH | LAB_F_MAIL_NEEDS_AUTH,
		.lesson = N_("no-starttls: what if STARTTLS is not offered?\n"
			     "1. EHLO me.example -> no STARTTLS in the list, but AUTH is\n"
			     "2. STARTTLS -> 502 5.5.1. An attacker on the path can strip STARTTLS from a real\n"
			     "   server's EHLO reply just like this (the downgrade attack).\n"
			     "3. With --tls the console stops the session (only QUIT is sent; exit 3); with\n"
			     "   --tls-optional it would carry on in plain text, and /auth would send your\n"
			     "   password readable by anyone.\n"
			     "   Lesson: require TLS (or use port 465) for anything that carries a password.\n"),
	},
	{
		.name = "bad-cert",
		.summary = N_("an expired certificate for the wrong name"),
		.port_hint = "587",
		.flags = SUBMISSION | LAB_F_BAD_CERT,
		.lesson = N_("bad-cert: reading certificate errors\n"
			     "1. EHLO me.example, then /starttls -> the handshake works, but verification fails\n"
			     "2. The certificate pane lists why: expired (notAfter in the past) and a name\n"
			     "   mismatch (it is for wrong-name.invalid, the console asked for mail.lab.test).\n"
			     "   Trust the lab CA (--tls-ca-path, see the banner) so only these two remain.\n"
			     "3. /trust accepts it for this session: never do that with a real server\n"
			     "   unless you checked the fingerprint another way.\n"),
	},
	{
		.name = "old-tls",
		.summary = N_("TLS 1.2 only, no 1.3: a protocol version mismatch"),
		.port_hint = "587",
		.flags = SUBMISSION,
		.priority = "NORMAL:-VERS-ALL:+VERS-TLS1.2",
		.lesson = N_("old-tls: version mismatch\n"
			     "1. EHLO, /starttls -> works, but the TLS pane says TLS1.2: the server offers no 1.3\n"
			     "2. Reconnect with --tls --tls-protocol tlsv1_3 (a client that insists on 1.3):\n"
			     "   the handshake fails with a fatal alert, handshake_failure (40) here (other\n"
			     "   servers send protocol_version (70)): nothing in common. The same happens, the\n"
			     "   other way round, when an old device meets a server that dropped TLS 1.0/1.1.\n"),
	},
	{
		.name = "greylist",
		.summary = N_("451 4.7.1 on the first try, accepted on a retry after a delay"),
		.port_hint = "25",
		.flags = MX_WITH_AUTH | LAB_F_GREYLIST,
		.greylist_seconds = 30,
		.lesson = N_("greylist: temporary failures are meant to be retried\n"
			     "1. EHLO, MAIL FROM:<you@example.org>, RCPT TO:<student@lab.test>\n"
			     "   -> 451 4.7.1 greylisted: a 4xx code means \"try again later\"\n"
			     "2. RSET, wait the number of seconds the reply gives, MAIL and RCPT again -> 250\n"
			     "   Real servers remember (client, sender, recipient); spam software that never\n"
			     "   retries is stopped, real mail servers queue and retry and get through.\n"),
	},
	{
		.name = "strict-sync",
		.summary = N_("rejects early talkers and unannounced pipelining with 554, like Exim"),
		.port_hint = "25",
		.flags = MX_WITH_AUTH | LAB_F_STRICT_SYNC,
		.greet_delay_ms = 3000,
		.lesson = N_("strict-sync: wait for the server\n"
			     "1. Start with --no-wait (or /connect HOST:PORT --no-wait) and type EHLO before the\n"
			     "   greeting arrives (it takes 3 s): it goes out at once, with a warning ->\n"
			     "   554 5.5.0 synchronization error, and the server hangs up. (Without --no-wait the\n"
			     "   console holds a line typed early, shows it as queued, and sends it after the 220.)\n"
			     "   Exim logs this as\n"
			     "   \"input sent without waiting for greeting\". A client set to SSL/TLS on a STARTTLS\n"
			     "   port does the same: its ClientHello is input before the greeting.\n"
			     "2. Reconnect, wait for 220, EHLO: no PIPELINING in the list.\n"
			     "3. /raw \"MAIL FROM:<a@example.org>\\r\\nRCPT TO:<student@lab.test>\\r\\n\" ->\n"
			     "   554 5.5.0: two commands in one go without PIPELINING is a protocol error.\n"),
	},
	{
		.name = "tarpit",
		.summary = N_("every reply held back for seconds: timeouts and patience"),
		.port_hint = "25",
		.flags = MX_WITH_AUTH,
		.reply_delay_ms = 2000,
		.lesson = N_("tarpit: slow replies\n"
			     "1. Each reply takes 2 s: watch the timer in the status bar while it waits.\n"
			     "2. Try --timeout 1: every wait now fails (exit 3). RFC 5321 asks clients to wait\n"
			     "   minutes (5 for a greeting, 10 after the final dot), not seconds.\n"
			     "   Servers slow down suspected spammers like this on purpose.\n"),
	},
	{
		.name = "flaky",
		.summary = N_("every other DATA loses the connection half-way"),
		.port_hint = "25",
		.flags = MX_WITH_AUTH | LAB_F_FLAKY,
		.lesson = N_("flaky: a connection lost during DATA\n"
			     "1. Send a message to student@lab.test: after 354 the server hangs up mid-message.\n"
			     "2. No 250 after the final dot means the message was NOT accepted: /mailbox shows\n"
			     "   nothing. The client must keep it and try again.\n"
			     "3. Reconnect and send it again: this time it gets 250 and arrives.\n"),
	},
};

#define NSCENARIOS (sizeof scenarios / sizeof scenarios[0])

static const char *const names[] = {
	"delivery", "submission", "implicit", "no-starttls", "bad-cert", "old-tls", "greylist", "strict-sync",
	"tarpit", "flaky", NULL,
};

_Static_assert(sizeof names / sizeof names[0] == NSCENARIOS + 1, "names[] must list every scenario");

const struct lab_scenario *lab_scenario_find(const char *name)
{
	if (name == NULL)
		return NULL;
	for (size_t i = 0; i < NSCENARIOS; i++)
		if (strcmp(scenarios[i].name, name) == 0)
			return &scenarios[i];
	return NULL;
}

const struct lab_scenario *lab_scenario_table(size_t *n)
{
	*n = NSCENARIOS;
	return scenarios;
}

const char *const *lab_scenarios(void)
{
	return names;
}

const char *lab_scenario_summary(const char *name)
{
	const struct lab_scenario *s = lab_scenario_find(name);
	return s ? s->summary : NULL;
}

const char *lab_lesson(const char *name)
{
	const struct lab_scenario *s = lab_scenario_find(name);
	return s ? s->lesson : NULL;
}
