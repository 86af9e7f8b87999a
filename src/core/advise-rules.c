/* advise-rules: the reply rules of the teaching layer as one table (code pattern, enhanced pattern, text, verb,
 * conditions -> id, severity, message, hint) and the matcher that finds the first rule for a reply. Knowledge
 * is data: a new diagnosis of a server reply is a new row here. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/advise-int.h"
#include "lib/i18n.h"

/* ---- small matching helpers ---- */

static bool ci_contains(const char *hay, size_t n, const char *needle, size_t m)
{
	if (m == 0)
		return true;
	for (size_t i = 0; i + m <= n; i++)
		if (strncasecmp(hay + i, needle, m) == 0)
			return true;
	return false;
}

/* True when any line of r contains one of the '|'-separated alternatives of pat (case-insensitive). */
static bool reply_has_text(const struct reply *r, const char *pat)
{
	while (*pat) {
		const char *bar = strchr(pat, '|');
		size_t m = bar ? (size_t)(bar - pat) : strlen(pat);
		for (size_t i = 0; i < r->nlines; i++)
			if (ci_contains(r->lines[i].text, r->lines[i].len, pat, m))
				return true;
		if (!bar)
			break;
		pat = bar + 1;
	}
	return false;
}

/* "5xx", "530", "x5x": 'x' matches any digit. */
static bool code_match(const char *pat, int code)
{
	if (code < 100 || code > 999 || strlen(pat) != 3)
		return false;
	char c[4];
	snprintf(c, sizeof c, "%03d", code);
	for (int i = 0; i < 3; i++)
		if (pat[i] != 'x' && pat[i] != c[i])
			return false;
	return true;
}

/* "x.7.1" against "5.7.1": each part equal, or 'x'. */
static bool enhanced_match(const char *pat, const char *enh)
{
	if (!enh || !*enh)
		return false;
	for (;;) {
		size_t pn = strcspn(pat, "."), en = strcspn(enh, ".");
		if (!(pn == 1 && pat[0] == 'x') && (pn != en || strncmp(pat, enh, pn) != 0))
			return false;
		pat += pn;
		enh += en;
		if (*pat == '\0' || *enh == '\0')
			return *pat == *enh;
		pat++;
		enh++;
	}
}

/* ---- the reply rules ---- */

#define SUBMIT_HINT                                                                                           \
	N_("Port 25 is for delivery: a server takes mail there only for its own domains. To send to anyone, "    \
	"submit to your own provider on port 587 with STARTTLS and AUTH (or 465 with --tls-on-connect), or "    \
	"deliver straight to the recipient domain's MX (/mx DOMAIN).")
#define TLS_FIRST_HINT                                                                                        \
	N_("Send STARTTLS (/starttls does it and EHLO again). After TLS starts the server forgets everything it "  \
	"learned and the client must send EHLO again (RFC 3207 §4.2); the new capability list often differs, "  \
	"with AUTH appearing only now, so that passwords never travel in the clear.")

/* clang-format off */
static const struct reply_rule rules[] = {
	/* Diagnosis 5: TLS first. */
	{"530", NULL, "starttls|tls", NULL, 0, 0, "starttls-required", SEV_WARNING,
	 N_("The server wants TLS before this command (530: must issue STARTTLS first)."), TLS_FIRST_HINT},
	{"538", NULL, NULL, NULL, 0, 0, "auth-needs-tls", SEV_WARNING,
	 N_("This AUTH mechanism is only allowed inside TLS (538 5.7.11)."), TLS_FIRST_HINT},
	{"5xx", NULL, NULL, "AUTH", ADVISE_PLAINTEXT | ADVISE_AUTH_UNOFFERED, 0, "auth-needs-tls", SEV_WARNING,
	 N_("AUTH was refused: this plaintext connection does not advertise AUTH."),
	 N_("Many servers offer AUTH only after STARTTLS. Send STARTTLS (/starttls does it and EHLO again). After TLS "
	    "starts the server forgets everything it learned and the client must send EHLO again (RFC 3207 §4.2); the "
	    "new capability list often differs, with AUTH appearing only now, so that passwords never travel in the "
	    "clear.")},
	/* Diagnosis 6: submission versus delivery. */
	{"530", NULL, "auth", NULL, ADVISE_PORT_587, 0, "auth-required", SEV_WARNING,
	 N_("The submission port wants you to log in first (530: authentication required)."),
	 N_("Port 587 is the submission service (RFC 6409): the server's own users send mail there, so it asks "
	 "who you are. STARTTLS, EHLO again, /auth plain USER, then MAIL FROM. To deliver to this server's own "
	 "domains without an account, use port 25.")},
	{"530", NULL, "auth", NULL, 0, 0, "auth-required", SEV_WARNING,
	 N_("The server wants you to log in before this command (530: authentication required)."),
	 N_("Authenticate (after STARTTLS): /auth plain USER. Servers ask for AUTH on the submission service (587, "
	 "465); delivery to their own domains on port 25 needs none.")},
	{"5xx", NULL, "relay", "RCPT", ADVISE_NOT_AUTHED, 0, "relay-denied", SEV_WARNING,
	 N_("Relaying denied: this server will not pass mail on to that domain for an unauthenticated client."),
	 SUBMIT_HINT},
	{"5xx", "x.7.1", NULL, "RCPT", ADVISE_NOT_AUTHED | ADVISE_PORT_25, 0, "relay-denied", SEV_WARNING,
	 N_("Refused by policy (5.7.1) at RCPT without AUTH: most likely relaying denied."), SUBMIT_HINT},
	/* Diagnosis 7: greylisting, size, unknown recipient, sender authentication. */
	{"4xx", NULL, "greylist|graylist|grey-list|gray-list", NULL, 0, 0, "greylisting", SEV_INFO,
	 N_("Greylisting: the server turns away the first attempt from a new sender on purpose."),
	 N_("Nothing is wrong. A real MTA retries after a few minutes and is then accepted; spam tools that never "
	 "retry are not. Send the same MAIL FROM / RCPT TO again after the delay the text names (often 1-5 min).")},
	{"451", "4.7.1", NULL, NULL, 0, 0, "greylisting", SEV_INFO,
	 N_("A temporary policy refusal (451 4.7.1): very often greylisting."),
	 N_("Retry the same transaction in a few minutes; a real MTA does this by itself (4xx means: try later).")},
	{"552", NULL, NULL, NULL, 0, RULE_ADD_SIZE, "message-too-big", SEV_WARNING,
	 N_("The message is too big for the server."),
	 N_("Compare with SIZE in the EHLO reply, and declare the size in MAIL FROM:<...> SIZE=n so the server can "
	 "refuse before you send it all. Base64 attachments grow by a third.")},
	{"5xx", "x.3.4", NULL, NULL, 0, RULE_ADD_SIZE, "message-too-big", SEV_WARNING,
	 N_("The message is larger than the server accepts (5.3.4)."),
	 N_("Compare with SIZE in the EHLO reply; send a smaller message.")},
	{"5xx", "x.1.1", NULL, NULL, 0, 0, "recipient-unknown", SEV_WARNING,
	 N_("Recipient unknown: no such mailbox at this server (5.1.1)."),
	 N_("Check the part before the @ (a typo?). Some servers accept unknown users at RCPT and bounce later, so "
	 "a 250 here does not prove an address exists either.")},
	{"55x", NULL, "user unknown|unknown user|no such user|does not exist|unknown recipient|mailbox unavailable"
	 "|recipient address rejected|not found|invalid recipient", "RCPT", 0, 0, "recipient-unknown", SEV_WARNING,
	 N_("The recipient was refused: most likely no such mailbox here."),
	 N_("Check the address. 550 5.1.1 is the usual form of \"no such user\".")},
	{"xxx", "x.7.23", NULL, NULL, 0, 0, "spf-rejected", SEV_WARNING,
	 N_("SPF check failed: the sending address's domain does not allow mail from this IP (5.7.23)."),
	 N_("The MAIL FROM domain's SPF record (a TXT record \"v=spf1 ...\") must list the server you send from. "
	 "Send through that domain's own servers, or use a sender address of a domain that allows this IP.")},
	{"xxx", "x.7.24", NULL, NULL, 0, 0, "spf-rejected", SEV_WARNING,
	 N_("SPF could not be evaluated for the sender's domain (5.7.24: SPF error)."),
	 N_("Check the domain's SPF record for syntax errors or too many DNS lookups (at most 10).")},
	{"xxx", "x.7.26", NULL, NULL, 0, 0, "dmarc-rejected", SEV_WARNING,
	 N_("Several sender authentication checks failed (5.7.26), usually a DMARC rejection."),
	 N_("DMARC wants SPF or DKIM to pass for the domain in the From: header. Sign with DKIM and send through "
	 "servers the domain's SPF allows.")},
	{"5xx", NULL, "dmarc", NULL, 0, 0, "dmarc-rejected", SEV_WARNING,
	 N_("The message was refused under the sender domain's DMARC policy."),
	 N_("DMARC checks that SPF or DKIM passes for the From: domain and lines up with it. Send through the "
	 "domain's own servers or sign with its DKIM key.")},
	{"xxx", "x.7.20", NULL, NULL, 0, 0, "dkim-rejected", SEV_WARNING,
	 N_("No valid DKIM signature (5.7.20): the receiver wants one."),
	 N_("Sign outgoing mail with DKIM and publish the key in DNS.")},
	{"xxx", "x.7.25", NULL, NULL, 0, 0, "rdns-rejected", SEV_WARNING,
	 N_("Reverse DNS check failed (5.7.25): your IP address has no matching host name."),
	 N_("Servers that deliver mail need a PTR record whose name resolves back to the same IP. Home and many "
	 "cloud addresses have none: send through your provider instead.")},
	{"5xx", NULL, "spf", NULL, 0, 0, "spf-rejected", SEV_WARNING,
	 N_("The message was refused because of SPF (sender policy)."),
	 N_("The MAIL FROM domain's SPF record must allow the IP you send from.")},
	{"5xx", NULL, "blocklist|blacklist|block list|black list|spamhaus|listed at|listed on|rbl", NULL, 0, 0,
	 "blocklisted", SEV_WARNING,
	 N_("Your IP address (or domain) is on a blocklist the server uses."),
	 N_("Look the address up on the list the text names; dynamic home IPs are listed on purpose. Send through "
	 "your provider's submission server.")},
	{"535", NULL, NULL, NULL, 0, 0, "auth-failed", SEV_WARNING,
	 N_("Authentication failed: wrong user name or password (535)."),
	 N_("Check both; some servers want the full address as user name, many providers an app password. With "
	 "AUTH typed by hand, the base64 must encode exactly the bytes (PLAIN: \\0user\\0password, no newline).")},
	{"5xx", "x.6.7", NULL, NULL, 0, 0, "smtputf8-needed", SEV_WARNING,
	 N_("A non-ASCII address was refused (5.6.7)."),
	 N_("Internationalised addresses need a server that advertises SMTPUTF8 and MAIL FROM:<...> SMTPUTF8.")},
	{"554", NULL, "synchroni", "", 0, 0, "talked-before-greeting", SEV_WARNING,
	 N_("The server says the client spoke before its greeting (SMTP synchronization error)."),
	 N_("SMTP is lock-step: wait for the 220 greeting before sending anything (RFC 5321 §3.1). If you "
	 "connected with --tls-on-connect to a plaintext port, the early input was the TLS ClientHello.")},
	/* The same words after the greeting mean the other lock-step rule: commands sent together (Exim's
	 * N_("synchronization error"), Postfix's N_("improper command pipelining")) to a server that offered no PIPELINING. */
	{"5xx", NULL, "synchroni|improper command pipelining|pipelined", NULL, 0, 0, "pipelining-violation",
	 SEV_WARNING,
	 N_("The server says commands arrived together, before it had answered the one before, and it did not offer "
	 "PIPELINING (a synchronization error, not a refusal of the address or the message)."),
	 N_("Without PIPELINING in the EHLO reply, send one command and wait for its reply before the next (RFC 5321 "
	 "§4.3.1; pipelining is RFC 2920). Reconnect and send them one at a time; the server hung up.")},
	{"421", NULL, "too many|rate|slow down|try again later", NULL, 0, 0, "rate-limited", SEV_INFO,
	 N_("The server is limiting connections or commands from you (421)."),
	 N_("Wait and reconnect later, more slowly; an MTA backs off by itself.")},
};
/* clang-format on */

static bool rule_matches(const struct reply_rule *ru, const struct reply *r, const char *verb, unsigned conds)
{
	if ((ru->conds & conds) != ru->conds)
		return false;
	if (ru->code && !code_match(ru->code, r->code))
		return false;
	if (ru->enhanced && !enhanced_match(ru->enhanced, r->enhanced))
		return false;
	if (ru->verb && strcmp(ru->verb, verb ? verb : "") != 0)
		return false;
	if (ru->text && !reply_has_text(r, ru->text))
		return false;
	return true;
}

const struct reply_rule *advise_rule_find(const struct reply *r, const char *verb, unsigned conds)
{
	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
		if (rule_matches(&rules[i], r, verb, conds))
			return &rules[i];
	return NULL;
}

const char *advise_match_reply(const struct reply *r, const char *verb, unsigned conds)
{
	const struct reply_rule *ru = r ? advise_rule_find(r, verb, conds) : NULL;
	return ru ? ru->id : NULL;
}
