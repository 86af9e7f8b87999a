/* advise: the teaching layer's hook into the session. As the session's advisor it watches every event and
 * recognises the classic mistakes (implicit TLS on a plaintext port and the reverse, STARTTLS missing, AUTH in
 * the clear, relaying denied, greylisting ...), emitting each as a diagnosis event with a message and a hint.
 * Before a command is sent it says what is out of sequence or not offered. It warns; it never stops the user.
 *
 * What can be data is data: the reply rules are one table (code pattern, enhanced pattern, text, verb,
 * conditions -> id, severity, message, hint). Connection-level diagnoses are said once per connection. */
#include "core/advise.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/xmalloc.h"

/* Connection-level diagnoses, each said at most once per connection. */
enum {
	D_IMPLICIT_ON_PLAIN = 1u << 0,
	D_PLAIN_ON_IMPLICIT = 1u << 1,
	D_NO_STARTTLS = 1u << 2,
	D_AUTH_PLAINTEXT = 1u << 3,
	D_STARTTLS_STRIPPED = 1u << 4,
	D_SLOW_GREETING = 1u << 5,
};

struct advisor {
	unsigned said;           /* D_* bits for this connection */
	bool in_handshake;       /* between EV_TLS_START and EV_TLS */
	bool got_bytes;          /* the server sent anything on this connection */
	bool waiting_greeting;
	int port;
	struct loop *loop;
	uint64_t timer;
	struct session *s;       /* the session of the last event, for the timer */
	char tls_host[256];      /* the last host:port seen offering STARTTLS, across connections */
	int tls_port;
	char msg[512];
	char hint[768];
};

struct advisor *advisor_new(void)
{
	return xcalloc(1, sizeof(struct advisor));
}

void advisor_free(struct advisor *a)
{
	if (!a)
		return;
	if (a->loop && a->timer)
		loop_timer_cancel(a->loop, a->timer);
	free(a);
}

void advisor_set_loop(struct advisor *a, struct loop *loop)
{
	a->loop = loop;
}

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

enum { RULE_ADD_SIZE = 1u << 0 }; /* append the SIZE the server advertised to the message */

struct reply_rule {
	const char *code;     /* pattern, or NULL: any */
	const char *enhanced; /* pattern, or NULL: any */
	const char *text;     /* '|'-separated substrings, or NULL: any */
	const char *verb;     /* the command answered ("" = greeting), or NULL: any */
	unsigned conds;       /* enum advise_cond bits that must all hold */
	unsigned flags;
	const char *id;
	enum severity sev;
	const char *message;
	const char *hint;
};

#define SUBMIT_HINT                                                                                           \
	"Port 25 is for delivery: a server takes mail there only for its own domains. To send to anyone, "    \
	"submit to your own provider on port 587 with STARTTLS and AUTH (or 465 with --tls-on-connect), or "    \
	"deliver straight to the recipient domain's MX (/mx DOMAIN)."
#define TLS_FIRST_HINT                                                                                        \
	"Send STARTTLS (/starttls does it and EHLO again). After TLS starts the server forgets everything it "  \
	"learned and the client must send EHLO again (RFC 3207 §4.2); the new capability list often differs, "  \
	"with AUTH appearing only now, so that passwords never travel in the clear."

/* clang-format off */
static const struct reply_rule rules[] = {
	/* Diagnosis 5: TLS first. */
	{"530", NULL, "starttls|tls", NULL, 0, 0, "starttls-required", SEV_WARNING,
	 "The server wants TLS before this command (530: must issue STARTTLS first).", TLS_FIRST_HINT},
	{"538", NULL, NULL, NULL, 0, 0, "auth-needs-tls", SEV_WARNING,
	 "This AUTH mechanism is only allowed inside TLS (538 5.7.11).", TLS_FIRST_HINT},
	{"5xx", NULL, NULL, "AUTH", ADVISE_PLAINTEXT | ADVISE_AUTH_UNOFFERED, 0, "auth-needs-tls", SEV_WARNING,
	 "AUTH was refused: this plaintext connection does not advertise AUTH.",
	 "Many servers offer AUTH only after STARTTLS. " TLS_FIRST_HINT},
	/* Diagnosis 6: submission versus delivery. */
	{"530", NULL, "auth", NULL, ADVISE_PORT_587, 0, "auth-required", SEV_WARNING,
	 "The submission port wants you to log in first (530: authentication required).",
	 "Port 587 is the submission service (RFC 6409): the server's own users send mail there, so it asks "
	 "who you are. STARTTLS, EHLO again, /auth plain USER, then MAIL FROM. To deliver to this server's own "
	 "domains without an account, use port 25."},
	{"530", NULL, "auth", NULL, 0, 0, "auth-required", SEV_WARNING,
	 "The server wants you to log in before this command (530: authentication required).",
	 "Authenticate (after STARTTLS): /auth plain USER. Servers ask for AUTH on the submission service (587, "
	 "465); delivery to their own domains on port 25 needs none."},
	{"5xx", NULL, "relay", "RCPT", ADVISE_NOT_AUTHED, 0, "relay-denied", SEV_WARNING,
	 "Relaying denied: this server will not pass mail on to that domain for an unauthenticated client.",
	 SUBMIT_HINT},
	{"5xx", "x.7.1", NULL, "RCPT", ADVISE_NOT_AUTHED | ADVISE_PORT_25, 0, "relay-denied", SEV_WARNING,
	 "Refused by policy (5.7.1) at RCPT without AUTH: most likely relaying denied.", SUBMIT_HINT},
	/* Diagnosis 7: greylisting, size, unknown recipient, sender authentication. */
	{"4xx", NULL, "greylist|graylist|grey-list|gray-list", NULL, 0, 0, "greylisting", SEV_INFO,
	 "Greylisting: the server turns away the first attempt from a new sender on purpose.",
	 "Nothing is wrong. A real MTA retries after a few minutes and is then accepted; spam tools that never "
	 "retry are not. Send the same MAIL FROM / RCPT TO again after the delay the text names (often 1-5 min)."},
	{"451", "4.7.1", NULL, NULL, 0, 0, "greylisting", SEV_INFO,
	 "A temporary policy refusal (451 4.7.1): very often greylisting.",
	 "Retry the same transaction in a few minutes; a real MTA does this by itself (4xx means: try later)."},
	{"552", NULL, NULL, NULL, 0, RULE_ADD_SIZE, "message-too-big", SEV_WARNING,
	 "The message is too big for the server.",
	 "Compare with SIZE in the EHLO reply, and declare the size in MAIL FROM:<...> SIZE=n so the server can "
	 "refuse before you send it all. Base64 attachments grow by a third."},
	{"5xx", "x.3.4", NULL, NULL, 0, RULE_ADD_SIZE, "message-too-big", SEV_WARNING,
	 "The message is larger than the server accepts (5.3.4).",
	 "Compare with SIZE in the EHLO reply; send a smaller message."},
	{"5xx", "x.1.1", NULL, NULL, 0, 0, "recipient-unknown", SEV_WARNING,
	 "Recipient unknown: no such mailbox at this server (5.1.1).",
	 "Check the part before the @ (a typo?). Some servers accept unknown users at RCPT and bounce later, so "
	 "a 250 here does not prove an address exists either."},
	{"55x", NULL, "user unknown|unknown user|no such user|does not exist|unknown recipient|mailbox unavailable"
	 "|recipient address rejected|not found|invalid recipient", "RCPT", 0, 0, "recipient-unknown", SEV_WARNING,
	 "The recipient was refused: most likely no such mailbox here.",
	 "Check the address. 550 5.1.1 is the usual form of \"no such user\"."},
	{"xxx", "x.7.23", NULL, NULL, 0, 0, "spf-rejected", SEV_WARNING,
	 "SPF check failed: the sending address's domain does not allow mail from this IP (5.7.23).",
	 "The MAIL FROM domain's SPF record (a TXT record \"v=spf1 ...\") must list the server you send from. "
	 "Send through that domain's own servers, or use a sender address of a domain that allows this IP."},
	{"xxx", "x.7.24", NULL, NULL, 0, 0, "spf-rejected", SEV_WARNING,
	 "SPF could not be evaluated for the sender's domain (5.7.24: SPF error).",
	 "Check the domain's SPF record for syntax errors or too many DNS lookups (at most 10)."},
	{"xxx", "x.7.26", NULL, NULL, 0, 0, "dmarc-rejected", SEV_WARNING,
	 "Several sender authentication checks failed (5.7.26), usually a DMARC rejection.",
	 "DMARC wants SPF or DKIM to pass for the domain in the From: header. Sign with DKIM and send through "
	 "servers the domain's SPF allows."},
	{"5xx", NULL, "dmarc", NULL, 0, 0, "dmarc-rejected", SEV_WARNING,
	 "The message was refused under the sender domain's DMARC policy.",
	 "DMARC checks that SPF or DKIM passes for the From: domain and lines up with it. Send through the "
	 "domain's own servers or sign with its DKIM key."},
	{"xxx", "x.7.20", NULL, NULL, 0, 0, "dkim-rejected", SEV_WARNING,
	 "No valid DKIM signature (5.7.20): the receiver wants one.",
	 "Sign outgoing mail with DKIM and publish the key in DNS."},
	{"xxx", "x.7.25", NULL, NULL, 0, 0, "rdns-rejected", SEV_WARNING,
	 "Reverse DNS check failed (5.7.25): your IP address has no matching host name.",
	 "Servers that deliver mail need a PTR record whose name resolves back to the same IP. Home and many "
	 "cloud addresses have none: send through your provider instead."},
	{"5xx", NULL, "spf", NULL, 0, 0, "spf-rejected", SEV_WARNING,
	 "The message was refused because of SPF (sender policy).",
	 "The MAIL FROM domain's SPF record must allow the IP you send from."},
	{"5xx", NULL, "blocklist|blacklist|block list|black list|spamhaus|listed at|listed on|rbl", NULL, 0, 0,
	 "blocklisted", SEV_WARNING,
	 "Your IP address (or domain) is on a blocklist the server uses.",
	 "Look the address up on the list the text names; dynamic home IPs are listed on purpose. Send through "
	 "your provider's submission server."},
	{"535", NULL, NULL, NULL, 0, 0, "auth-failed", SEV_WARNING,
	 "Authentication failed: wrong user name or password (535).",
	 "Check both; some servers want the full address as user name, many providers an app password. With "
	 "AUTH typed by hand, the base64 must encode exactly the bytes (PLAIN: \\0user\\0password, no newline)."},
	{"5xx", "x.6.7", NULL, NULL, 0, 0, "smtputf8-needed", SEV_WARNING,
	 "A non-ASCII address was refused (5.6.7).",
	 "Internationalised addresses need a server that advertises SMTPUTF8 and MAIL FROM:<...> SMTPUTF8."},
	{"554", NULL, "synchroni", "", 0, 0, "talked-before-greeting", SEV_WARNING,
	 "The server says the client spoke before its greeting (SMTP synchronization error).",
	 "SMTP is lock-step: wait for the 220 greeting before sending anything (RFC 5321 §3.1). If you "
	 "connected with --tls-on-connect to a plaintext port, the early input was the TLS ClientHello."},
	{"421", NULL, "too many|rate|slow down|try again later", NULL, 0, 0, "rate-limited", SEV_INFO,
	 "The server is limiting connections or commands from you (421).",
	 "Wait and reconnect later, more slowly; an MTA backs off by itself."},
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

static const struct reply_rule *match_rule(const struct reply *r, const char *verb, unsigned conds)
{
	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
		if (rule_matches(&rules[i], r, verb, conds))
			return &rules[i];
	return NULL;
}

const char *advise_match_reply(const struct reply *r, const char *verb, unsigned conds)
{
	const struct reply_rule *ru = r ? match_rule(r, verb, conds) : NULL;
	return ru ? ru->id : NULL;
}

static unsigned session_conds(const struct session *s)
{
	unsigned c = 0;
	const struct caps *caps = session_current_caps(s);

	c |= session_is_tls(s) ? ADVISE_TLS : ADVISE_PLAINTEXT;
	if (!session_authenticated(s))
		c |= ADVISE_NOT_AUTHED;
	if (session_port(s) == 25)
		c |= ADVISE_PORT_25;
	if (session_port(s) == 587)
		c |= ADVISE_PORT_587;
	if (!caps || !caps_find(caps, "AUTH"))
		c |= ADVISE_AUTH_UNOFFERED;
	return c;
}

/* ---- diagnoses from events ---- */

static void say(struct advisor *a, struct session *s, unsigned once, const char *id, enum severity sev,
                const char *msg, const char *hint)
{
	if (once) {
		if (a->said & once)
			return;
		a->said |= once;
	}
	session_emit_diagnosis(s, id, sev, msg, hint);
}

static void say_implicit_on_plain(struct advisor *a, struct session *s)
{
	int port = session_port(s);
	snprintf(a->msg, sizeof a->msg,
	         "Implicit TLS on a plaintext port: we opened with a TLS ClientHello, and the server on port %d "
	         "answered in plaintext SMTP.", port);
	snprintf(a->hint, sizeof a->hint,
	         "Port %d expects plaintext SMTP first, then STARTTLS (ports 25 and 587 work this way). Connect "
	         "without --tls-on-connect (/connect HOST:%d) and upgrade with /starttls (or --tls). Exim logs this "
	         "as \"SMTP protocol synchronization error (input sent without waiting for greeting)\" with "
	         "input=\"\\026\\003\\001...\": those bytes are our ClientHello (0x16 = TLS handshake record, 3.1 = "
	         "the TLS 1.0 record version), sent before its 220 greeting.", port, port);
	say(a, s, D_IMPLICIT_ON_PLAIN, "implicit-tls-on-plaintext-port", SEV_ERROR, a->msg, a->hint);
}

static void say_plain_on_implicit(struct advisor *a, struct session *s, unsigned once, enum severity sev,
                                  const char *why)
{
	int port = session_port(s);
	snprintf(a->msg, sizeof a->msg, "Plaintext on an implicit-TLS port? %s", why);
	snprintf(a->hint, sizeof a->hint,
	         "Port %d may expect TLS from the very first byte (implicit TLS, like 465, RFC 8314): such a server "
	         "waits for our ClientHello and never greets in plaintext; a plaintext command gets a TLS alert. "
	         "Connect with --tls-on-connect (/connect HOST:%d tls). If the port is a plaintext one, the server "
	         "may just be slow or tarpitting on purpose: a longer --timeout tells the two apart.", port, port);
	say(a, s, once, "plaintext-on-tls-port", port == 465 ? SEV_ERROR : sev, a->msg, a->hint);
}

static void on_greeting_timer(void *arg)
{
	struct advisor *a = arg;
	a->timer = 0;
	if (a->s && a->waiting_greeting && !a->got_bytes && !session_is_tls(a->s)) {
		char why[128];
		snprintf(why, sizeof why, "No greeting after %d s: SMTP servers greet at once.",
		         ADVISE_GREETING_HINT_MS / 1000);
		/* Only a guess this early (some servers pause their greeting on purpose): an info, said once. */
		say_plain_on_implicit(a, a->s, D_SLOW_GREETING, SEV_INFO, why);
	}
}

static void reset_connection(struct advisor *a, int port)
{
	if (a->loop && a->timer)
		loop_timer_cancel(a->loop, a->timer);
	a->timer = 0;
	a->said = 0;
	a->in_handshake = false;
	a->got_bytes = false;
	a->waiting_greeting = false;
	a->port = port;
}

static bool starts_with_code(const uint8_t *p, size_t n)
{
	return n >= 3 && isdigit(p[0]) && isdigit(p[1]) && isdigit(p[2]);
}

/* A TLS record header: content type alert (0x15) or handshake (0x16), then version 3.x. */
static bool is_tls_record(const uint8_t *p, size_t n)
{
	return n >= 3 && (p[0] == 0x15 || p[0] == 0x16) && p[1] == 0x03 && p[2] <= 0x04;
}

static void on_caps(struct advisor *a, struct session *s, const struct event *ev)
{
	if (ev->phase != CAPS_PLAIN || !ev->caps || session_is_tls(s))
		return;
	for (size_t i = 0; i < ev->caps->n; i++) {
		const char *name = ev->caps->v[i].name;
		/* Some middleboxes (Cisco's "ESMTP inspection") overwrite STARTTLS with X's of the same length. */
		if (strlen(name) == 8 && strspn(name, "Xx") >= 7) {
			say(a, s, D_STARTTLS_STRIPPED, "starttls-stripped", SEV_ERROR,
			    "The EHLO reply holds \"XXXXXXXA\"-like junk where STARTTLS would be: something on the path "
			    "overwrote it.",
			    "A firewall or middlebox is removing STARTTLS (a downgrade): mail and passwords would travel "
			    "readable. Try from another network, or use implicit TLS on port 465.");
			return;
		}
	}
	const char *host = session_host(s) ? session_host(s) : "";
	bool seen_before = a->tls_port == session_port(s) && strcmp(a->tls_host, host) == 0;
	if (caps_find(ev->caps, "STARTTLS")) {
		snprintf(a->tls_host, sizeof a->tls_host, "%s", host);
		a->tls_port = session_port(s);
	} else if (seen_before) {
		say(a, s, D_NO_STARTTLS, "starttls-missing-now", SEV_ERROR,
		    "STARTTLS is missing on this connection, but this server offered it on an earlier one.",
		    "A server does not usually drop STARTTLS between two connections: something on the path may be "
		    "removing it to keep the session readable (a downgrade attack, RFC 3207 §6). Do not send "
		    "credentials or private mail now; use --tls to refuse plaintext, or implicit TLS on port 465.");
	}
	if (!caps_find(ev->caps, "STARTTLS"))
		say(a, s, D_NO_STARTTLS, "starttls-not-offered", SEV_WARNING,
		    "The server does not offer STARTTLS: everything on this connection, passwords included, travels "
		    "readable.",
		    "If this server offers STARTTLS elsewhere (or should), something on the path may be stripping it: "
		    "a downgrade attack (RFC 3207 §6). Compare from another network; --tls refuses to go on without "
		    "TLS, and implicit TLS on port 465 cannot be downgraded this way.");
}

static void on_reply(struct advisor *a, struct session *s, const struct event *ev)
{
	char verb[16] = "";
	const struct reply_rule *ru;

	if (!ev->reply)
		return;
	if (ev->command)
		smtp_verb(ev->command, verb);
	ru = match_rule(ev->reply, verb, session_conds(s));
	if (!ru)
		return;
	if (ru->flags & RULE_ADD_SIZE) {
		const struct caps *caps = session_current_caps(s);
		const struct cap *size = caps ? caps_find(caps, "SIZE") : NULL;
		if (size && size->params[0] && strtoull(size->params, NULL, 10) > 0)
			snprintf(a->msg, sizeof a->msg, "%s The server advertised SIZE %.40s (bytes).", ru->message,
			         size->params);
		else
			snprintf(a->msg, sizeof a->msg, "%s (It advertised no SIZE limit.)", ru->message);
		say(a, s, 0, ru->id, ru->sev, a->msg, ru->hint);
		return;
	}
	say(a, s, 0, ru->id, ru->sev, ru->message, ru->hint);
}

void advisor_on_event(void *ctx, struct session *s, const struct event *ev)
{
	struct advisor *a = ctx;

	a->s = s;
	switch (ev->type) {
	case EV_CONNECTING:
		reset_connection(a, ev->port);
		break;
	case EV_TLS_START:
		a->in_handshake = true;
		break;
	case EV_TLS:
		a->in_handshake = false;
		break;
	case EV_WAITING:
		a->waiting_greeting = ev->text && strcmp(ev->text, "greeting") == 0;
		if (a->waiting_greeting && a->loop && !a->timer && !session_is_tls(s))
			a->timer = loop_timer_add(a->loop, ADVISE_GREETING_HINT_MS, on_greeting_timer, a);
		break;
	case EV_RECEIVED:
		a->got_bytes = true;
		if (ev->tls)
			break;
		if (a->in_handshake && session_implicit_tls(s) && starts_with_code(ev->data, ev->len))
			say_implicit_on_plain(a, s);
		else if (!a->in_handshake && is_tls_record(ev->data, ev->len))
			say_plain_on_implicit(a, s, D_PLAIN_ON_IMPLICIT, SEV_ERROR,
			                      "The server answered our plaintext with a TLS record (an alert): it speaks "
			                      "TLS on this port.");
		break;
	case EV_RECORD:
		if (ev->dir == DIR_SERVER)
			a->got_bytes = true;
		break;
	case EV_ERROR:
		if (ev->id && strcmp(ev->id, "tls") == 0 && session_implicit_tls(s) && ev->text &&
		    strstr(ev->text, "plaintext"))
			say_implicit_on_plain(a, s);
		else if (ev->id && strcmp(ev->id, "timeout") == 0 && ev->text && strstr(ev->text, "greeting") &&
		         !a->got_bytes && !session_is_tls(s))
			say_plain_on_implicit(a, s, D_PLAIN_ON_IMPLICIT, SEV_WARNING,
			                      "The server sent no greeting at all before the timeout.");
		break;
	case EV_SENT:
		if (!ev->tls && ev->len >= 5 && strncasecmp((const char *)ev->data, "AUTH ", 5) == 0)
			say(a, s, D_AUTH_PLAINTEXT, "auth-plaintext", SEV_WARNING,
			    "AUTH was sent over a plaintext connection: the credentials travel readable.",
			    "Base64 is an encoding, not encryption: anyone on the path can decode it. Use STARTTLS first "
			    "(/starttls), or implicit TLS (port 465, --tls-on-connect).");
		break;
	case EV_CAPS:
		on_caps(a, s, ev);
		break;
	case EV_REPLY:
		a->waiting_greeting = false;
		on_reply(a, s, ev);
		break;
	case EV_CLOSED:
		if (a->loop && a->timer)
			loop_timer_cancel(a->loop, a->timer);
		a->timer = 0;
		a->waiting_greeting = false;
		break;
	default:
		break;
	}
}

/* ---- checks before a command is sent ---- */

struct advice_list {
	struct advice *v;
	size_t n, max;
};

static void add(struct advice_list *l, const char *id, const char *hint, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void add(struct advice_list *l, const char *id, const char *hint, const char *fmt, ...)
{
	va_list ap;

	if (l->n >= l->max)
		return;
	struct advice *ad = &l->v[l->n++];
	ad->id = id;
	va_start(ap, fmt);
	vsnprintf(ad->text, sizeof ad->text, fmt, ap);
	va_end(ap);
	snprintf(ad->hint, sizeof ad->hint, "%s", hint ? hint : "");
}

/* "MAIL FROM:<a@b> SIZE=10": the path after kw ("FROM:"), and the parameters after it. */
struct path {
	bool kw_ok;       /* FROM: / TO: present */
	bool brackets;    /* the address is inside <> */
	bool non_ascii;   /* the address holds bytes >= 0x80 */
	const char *params;
};

static struct path parse_path(const char *line, const char *kw)
{
	struct path p = {0};
	const char *q = line;
	size_t kwlen = strlen(kw);

	while (*q == ' ')
		q++;
	while (*q && *q != ' ')
		q++; /* the verb */
	while (*q == ' ')
		q++;
	p.params = "";
	if (strncasecmp(q, kw, kwlen) != 0)
		return p;
	p.kw_ok = true;
	q += kwlen;
	while (*q == ' ')
		q++;
	const char *end;
	if (*q == '<') {
		end = strchr(q, '>');
		p.brackets = end != NULL;
		if (!end)
			end = q + strlen(q);
		else
			end++;
	} else {
		end = q + strcspn(q, " ");
	}
	for (const char *c = q; c < end; c++)
		if ((unsigned char)*c >= 0x80)
			p.non_ascii = true;
	p.params = end;
	return p;
}

/* The value of parameter name ("SIZE") in params ("SIZE=100 BODY=8BITMIME"), copied into out; false if absent.
 * A parameter without "=" gives "". */
static bool param_get(const char *params, const char *name, char *out, size_t outsz)
{
	size_t nl = strlen(name);
	const char *p = params;

	while (*p) {
		while (*p == ' ')
			p++;
		size_t tl = strcspn(p, " ");
		if (tl >= nl && strncasecmp(p, name, nl) == 0 && (tl == nl || p[nl] == '=')) {
			size_t vl = tl > nl ? tl - nl - 1 : 0;
			if (vl >= outsz)
				vl = outsz - 1;
			memcpy(out, p + nl + (tl > nl), vl);
			out[vl] = '\0';
			return true;
		}
		p += tl;
	}
	return false;
}

static const char *const base_verbs[] = {
	"EHLO", "HELO", "MAIL", "RCPT", "DATA", "RSET", "VRFY", "EXPN", "HELP", "NOOP", "QUIT",
	"STARTTLS", "AUTH", "BDAT", "LHLO", "ETRN", "BURL", "ATRN",
};

static bool known_verb(const char *verb)
{
	for (size_t i = 0; i < sizeof base_verbs / sizeof base_verbs[0]; i++)
		if (strcmp(verb, base_verbs[i]) == 0)
			return true;
	return false;
}

static void check_params(struct advice_list *l, const struct caps *caps, const char *verb, const struct path *p)
{
	char v[64];

	if (!caps)
		return;
	if (param_get(p->params, "SIZE", v, sizeof v) && strcmp(verb, "MAIL") == 0) {
		const struct cap *size = caps_find(caps, "SIZE");
		unsigned long long want = strtoull(v, NULL, 10);
		unsigned long long lim = size && size->params[0] ? strtoull(size->params, NULL, 10) : 0;
		if (!size)
			add(l, "size-not-offered", "Leave SIZE= out; the server may answer 555.",
			    "SIZE= is used, but the server does not advertise SIZE (RFC 1870).");
		else if (lim > 0 && want > lim)
			add(l, "size-too-big", "Expect 552 5.3.4; send a smaller message.",
			    "SIZE=%llu is larger than the server's limit of %llu bytes (its SIZE in EHLO).", want, lim);
	}
	if (param_get(p->params, "BODY", v, sizeof v)) {
		if (strcasecmp(v, "8BITMIME") == 0 && !caps_find(caps, "8BITMIME"))
			add(l, "8bitmime-not-offered", "Send a 7-bit message (base64 / quoted-printable) without BODY=.",
			    "BODY=8BITMIME, but the server does not advertise 8BITMIME (RFC 6152).");
		if (strcasecmp(v, "BINARYMIME") == 0 && !caps_find(caps, "BINARYMIME"))
			add(l, "binarymime-not-offered", "Leave BODY=BINARYMIME out.",
			    "BODY=BINARYMIME, but the server does not advertise BINARYMIME (RFC 3030).");
	}
	if (param_get(p->params, "SMTPUTF8", v, sizeof v) && !caps_find(caps, "SMTPUTF8"))
		add(l, "smtputf8-not-offered", "Leave it out; use ASCII addresses with this server.",
		    "The SMTPUTF8 parameter is used, but the server does not advertise SMTPUTF8 (RFC 6531).");
	if (param_get(p->params, "REQUIRETLS", v, sizeof v) && !caps_find(caps, "REQUIRETLS"))
		add(l, "requiretls-not-offered", "Expect a refusal (5.7.30) or leave REQUIRETLS out.",
		    "REQUIRETLS is used, but the server does not advertise it (RFC 8689).");
	if (p->non_ascii && !caps_find(caps, "SMTPUTF8"))
		add(l, "smtputf8-needed", "Use the ASCII form of the address, or a server that offers SMTPUTF8.",
		    "The address holds non-ASCII characters, but the server does not advertise SMTPUTF8 (RFC 6531): "
		    "expect 553 or 5.6.7.");
	else if (p->non_ascii && strcmp(verb, "MAIL") == 0 && !param_get(p->params, "SMTPUTF8", v, sizeof v))
		add(l, "smtputf8-param-missing", "Add SMTPUTF8: MAIL FROM:<...> SMTPUTF8.",
		    "The address holds non-ASCII characters: MAIL needs the SMTPUTF8 parameter (RFC 6531 §3.4).");
}

static void check_auth(struct advice_list *l, const struct session *s, const struct caps *caps, const char *line)
{
	bool tls = session_is_tls(s);
	char mech[32] = "";

	sscanf(line, "%*s %31s", mech);
	if (session_authenticated(s))
		add(l, "auth-twice", "One AUTH per session (RFC 4954 §4): expect 503.",
		    "You are already authenticated on this connection.");
	if (!caps)
		add(l, "auth-before-ehlo", "Send EHLO first and look for AUTH in the reply.",
		    "AUTH before EHLO: the server has not said it offers AUTH, nor which mechanisms.");
	else if (!caps_find(caps, "AUTH")) {
		if (!tls && caps_find(caps, "STARTTLS"))
			add(l, "auth-not-offered",
			    "Servers often offer AUTH only inside TLS: STARTTLS, EHLO again, and AUTH appears (RFC 3207 "
			    "§4.2: the capabilities are learned anew after TLS).",
			    "The server does not advertise AUTH on this plaintext connection (expect 503).");
		else
			add(l, "auth-not-offered", "This server/port takes no logins; submission is usually port 587.",
			    "The server does not advertise AUTH (expect 503 or 502).");
	} else if (mech[0] && !caps_has(caps, "AUTH", mech)) {
		const struct cap *c = caps_find(caps, "AUTH");
		add(l, "auth-mech-not-offered", "Use one of the advertised mechanisms (expect 504 otherwise).",
		    "AUTH %.31s is not among the server's mechanisms: %.150s", mech, c->params);
	}
	if (!tls)
		add(l, "auth-plaintext",
		    caps && caps_find(caps, "STARTTLS")
		        ? "Send STARTTLS first (/starttls), then AUTH inside TLS."
		        : "This server offers no STARTTLS here: use port 587 with STARTTLS, or 465 with --tls-on-connect.",
		    "AUTH over plaintext: the credentials travel readable. Base64 is an encoding, not encryption.");
}

size_t advisor_check_command(const struct session *s, const char *line, struct advice *out, size_t max)
{
	struct advice_list l = {out, 0, max};
	enum smtp_state st = session_smtp_state(s);
	const struct caps *caps = session_current_caps(s);
	char verb[16];

	if (!line)
		return 0;
	/* Lines inside DATA are message content, and an answer to a 334 is AUTH data: not commands. */
	if (st == SMTP_DATA || st == SMTP_AUTH)
		return 0;
	smtp_verb(line, verb);
	switch (st) {
	case SMTP_DISCONNECTED:
	case SMTP_CLOSED:
		add(&l, "not-connected", "/connect HOST[:PORT] first.", "Not connected: there is nobody to send %s to.",
		    verb[0] ? verb : "this line");
		return l.n;
	case SMTP_CONNECTING:
	case SMTP_HANDSHAKE:
		add(&l, "not-ready", "Wait until the connection (and the TLS handshake) is done.",
		    "The connection is not ready yet.");
		return l.n;
	case SMTP_GREETING:
		add(&l, "before-greeting",
		    "Wait for the 220 greeting. Exim drops clients that talk first (\"554 SMTP synchronization error\").",
		    "The server has not greeted yet: sending now breaks SMTP's lock-step (RFC 5321 §3.1).");
		break;
	case SMTP_QUIT:
		add(&l, "after-quit", "Reconnect to start again.", "QUIT was sent: the server is closing.");
		return l.n;
	default:
		break;
	}

	if (strcmp(verb, "MAIL") == 0) {
		struct path p = parse_path(line, "FROM:");
		if (st == SMTP_GREETED || (st == SMTP_GREETING && !caps))
			add(&l, "mail-before-ehlo", "Send EHLO <your name> first.",
			    "MAIL before EHLO: the server expects a greeting exchange first (expect 503).");
		else if (st == SMTP_MAIL || st == SMTP_RCPT)
			add(&l, "mail-in-transaction", "Finish with DATA, or RSET to start over.",
			    "A transaction is already open (MAIL was accepted): a second MAIL gets 503.");
		if (!p.kw_ok)
			add(&l, "mail-syntax", "Write MAIL FROM:<you@example.org>.", "MAIL needs FROM:<address>.");
		else if (!p.brackets)
			add(&l, "address-brackets", "Write the address inside <>: MAIL FROM:<you@example.org>.",
			    "The address is not inside angle brackets (RFC 5321 §4.1.2): many servers answer 501.");
		check_params(&l, caps, verb, &p);
	} else if (strcmp(verb, "RCPT") == 0) {
		struct path p = parse_path(line, "TO:");
		if (st == SMTP_GREETED || st == SMTP_READY || st == SMTP_GREETING)
			add(&l, "rcpt-before-mail", "Send MAIL FROM:<you@example.org> first.",
			    "RCPT before MAIL: there is no transaction to add a recipient to (expect 503).");
		if (!p.kw_ok)
			add(&l, "rcpt-syntax", "Write RCPT TO:<someone@example.net>.", "RCPT needs TO:<address>.");
		else if (!p.brackets)
			add(&l, "address-brackets", "Write the address inside <>: RCPT TO:<someone@example.net>.",
			    "The address is not inside angle brackets (RFC 5321 §4.1.2): many servers answer 501.");
		check_params(&l, caps, verb, &p);
	} else if (strcmp(verb, "DATA") == 0 || strcmp(verb, "BDAT") == 0) {
		if (st == SMTP_GREETED || st == SMTP_READY || st == SMTP_GREETING)
			add(&l, "data-without-mail", "Send MAIL FROM and at least one RCPT TO first.",
			    "%s without a transaction: no MAIL FROM was accepted (expect 503).", verb);
		else if (st == SMTP_MAIL || session_accepted_rcpts(s) == 0)
			add(&l, "data-without-rcpt", "Add a recipient: RCPT TO:<someone@example.net>.",
			    "%s without an accepted recipient (expect 503 or 554 \"no valid recipients\").", verb);
		if (strcmp(verb, "BDAT") == 0 && caps && !caps_find(caps, "CHUNKING"))
			add(&l, "chunking-not-offered", "Use DATA instead.",
			    "BDAT, but the server does not advertise CHUNKING (RFC 3030).");
	} else if (strcmp(verb, "AUTH") == 0) {
		check_auth(&l, s, caps, line);
	} else if (strcmp(verb, "STARTTLS") == 0) {
		if (session_is_tls(s))
			add(&l, "starttls-in-tls", "Nothing to do: the connection is encrypted already.",
			    "The connection is already TLS: a second STARTTLS gets 503 (or 554).");
		else if (!caps)
			add(&l, "starttls-before-ehlo", "Send EHLO first to see whether STARTTLS is offered.",
			    "STARTTLS before EHLO: the server has not said that it offers TLS.");
		else if (!caps_find(caps, "STARTTLS"))
			add(&l, "starttls-not-offered",
			    "Expect 502/500. If it should be there, something may strip it (a downgrade).",
			    "The server does not advertise STARTTLS.");
		if (st == SMTP_MAIL || st == SMTP_RCPT)
			add(&l, "starttls-in-transaction", "RSET first, or finish the message.",
			    "STARTTLS in the middle of a mail transaction (RFC 3207 §4 forbids it there).");
	} else if (strcmp(verb, "EHLO") == 0 || strcmp(verb, "HELO") == 0) {
		if (st == SMTP_MAIL || st == SMTP_RCPT)
			add(&l, "ehlo-resets", "That is fine if you meant to start over.",
			    "%s now resets the open mail transaction (RFC 5321 §4.1.4).", verb);
	} else if (verb[0] && !known_verb(verb) && !(caps && caps_find(caps, verb))) {
		add(&l, "unknown-command", "HELP lists what the server knows; EHLO lists its extensions.",
		    "%.15s is not an SMTP command the server advertised (a typo?): expect 500 or 502.", verb);
	}
	return l.n;
}

size_t advisor_check_pipeline(const struct session *s, size_t nlines, struct advice *out, size_t max)
{
	struct advice_list l = {out, 0, max};
	const struct caps *caps = session_current_caps(s);

	if (nlines < 2)
		return 0;
	if (!caps)
		add(&l, "pipelining-unknown", "Send EHLO first; pipeline only if PIPELINING is listed.",
		    "Pipelining %zu commands before the server said it supports PIPELINING (RFC 2920).", nlines);
	else if (!caps_find(caps, "PIPELINING"))
		add(&l, "pipelining-not-offered",
		    "Send one command at a time and wait for each reply; a strict server may drop you.",
		    "The server does not advertise PIPELINING, but %zu commands go in one write (RFC 2920).", nlines);
	return l.n;
}

/* ---- the commands valid now, and the usual next step ---- */

const char *advisor_valid_commands(const struct session *s)
{
	switch (session_smtp_state(s)) {
	case SMTP_DISCONNECTED:
	case SMTP_CLOSED:
		return "none: not connected (/connect)";
	case SMTP_CONNECTING:
	case SMTP_HANDSHAKE:
	case SMTP_GREETING:
		return "none yet: wait for the server";
	case SMTP_GREETED:
		return "EHLO, HELO (and QUIT, NOOP, RSET)";
	case SMTP_READY:
		return "MAIL, STARTTLS, AUTH, VRFY, EXPN, HELP, EHLO, RSET, NOOP, QUIT";
	case SMTP_AUTH:
		return "a base64 answer to the challenge, or * to cancel";
	case SMTP_MAIL:
		return "RCPT (and RSET, NOOP, QUIT)";
	case SMTP_RCPT:
		return "RCPT, DATA (BDAT with CHUNKING), RSET, NOOP, QUIT";
	case SMTP_DATA:
		return "message lines, then a lone \".\"";
	case SMTP_DATA_DONE:
	case SMTP_QUIT:
		return "none: wait for the reply";
	default:
		return "";
	}
}


const char *advisor_next_step(const struct session *s)
{
	enum smtp_state st = session_smtp_state(s);
	const struct caps *caps = session_current_caps(s);
	bool tls = session_is_tls(s);

	switch (st) {
	case SMTP_GREETED:
		if (tls && !session_implicit_tls(s))
			return "EHLO <your name> again: after STARTTLS the server forgets the earlier EHLO, and its "
			       "capabilities may differ (RFC 3207 §4.2)";
		return "EHLO <your name> (HELO only for very old servers); then read the capability list";
	case SMTP_READY:
		if (!tls && caps && caps_find(caps, "STARTTLS"))
			return "STARTTLS (/starttls) to encrypt, then EHLO again; or MAIL FROM:<you@example.org>";
		if (caps && caps_find(caps, "AUTH") && !session_authenticated(s))
			return "AUTH (/auth plain USER) to send as a user, or MAIL FROM:<you@example.org> to deliver "
			       "to this server's own domains";
		return "MAIL FROM:<you@example.org> to start a message (QUIT to leave)";
	case SMTP_MAIL:
		return "RCPT TO:<someone@example.net>, one per recipient";
	case SMTP_RCPT:
		return "another RCPT TO:<...>, or DATA to send the message";
	case SMTP_DATA:
		return "the message: header lines, an empty line, the body; end it with a line holding a lone \".\"";
	case SMTP_DATA_DONE:
		return "wait for the verdict: 250 means the server took responsibility for the message";
	default:
		return smtp_state_next_step((int)st);
	}
}
