/* advise-command: the advice about commands: what is out of sequence, not offered or unsafe in a command line
 * before it is sent (and in a pipelined batch of them), the commands valid in the current SMTP state, and the
 * usual next step. It reads the session's state and capabilities only; it warns, it never stops the user. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/advise.h"
#include "core/model.h"
#include "lib/i18n.h"

/* ---- checks before a command is sent ---- */

struct advice_list {
	struct advice *v;
	size_t n, max;
};

static void add(struct advice_list *l, const char *id, const char *hint, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* hint and fmt are English msgids (N_() at the call site): the English goes to JSON, the translation (when a
 * language is active) to screens. */
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
	ad->text_loc[0] = ad->hint_loc[0] = '\0';
	if (i18n_translating()) {
		va_start(ap, fmt);
		vsnprintf(ad->text_loc, sizeof ad->text_loc, _(fmt), ap);
		va_end(ap);
		snprintf(ad->hint_loc, sizeof ad->hint_loc, "%s", hint ? _(hint) : "");
	}
}

void advisor_emit_advice(struct session *s, const struct advice *ad)
{
	struct event ev = {.type = EV_WARNING,
			   .id = ad->id,
			   .text = ad->text,
			   .hint = ad->hint[0] ? ad->hint : NULL,
			   .text_loc = ad->text_loc[0] ? ad->text_loc : NULL,
			   .hint_loc = ad->hint[0] && ad->hint_loc[0] ? ad->hint_loc : NULL};
	session_emit_event(s, &ev);
}

/* "MAIL FROM:<a@b> SIZE=10": the path after kw ("FROM:"), and the parameters after it. */
struct path {
	bool kw_ok;     /* FROM: / TO: present */
	bool brackets;  /* the address is inside <> */
	bool non_ascii; /* the address holds bytes >= 0x80 */
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
	"EHLO", "HELO", "MAIL",     "RCPT", "DATA", "RSET", "VRFY", "EXPN", "HELP",
	"NOOP", "QUIT", "STARTTLS", "AUTH", "BDAT", "LHLO", "ETRN", "BURL", "ATRN",
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
			add(l, "size-not-offered", N_("Leave SIZE= out; the server may answer 555."),
			    N_("SIZE= is used, but the server does not advertise SIZE (RFC 1870)."));
		else if (lim > 0 && want > lim)
			add(l, "size-too-big", N_("Expect 552 5.3.4; send a smaller message."),
			    N_("SIZE=%llu is larger than the server's limit of %llu bytes (its SIZE in EHLO)."), want,
			    lim);
	}
	if (param_get(p->params, "BODY", v, sizeof v)) {
		if (strcasecmp(v, "8BITMIME") == 0 && !caps_find(caps, "8BITMIME"))
			add(l, "8bitmime-not-offered",
			    N_("Send a 7-bit message (base64 / quoted-printable) without BODY=."),
			    N_("BODY=8BITMIME, but the server does not advertise 8BITMIME (RFC 6152)."));
		if (strcasecmp(v, "BINARYMIME") == 0 && !caps_find(caps, "BINARYMIME"))
			add(l, "binarymime-not-offered", N_("Leave BODY=BINARYMIME out."),
			    N_("BODY=BINARYMIME, but the server does not advertise BINARYMIME (RFC 3030)."));
	}
	if (param_get(p->params, "SMTPUTF8", v, sizeof v) && !caps_find(caps, "SMTPUTF8"))
		add(l, "smtputf8-not-offered", N_("Leave it out; use ASCII addresses with this server."),
		    N_("The SMTPUTF8 parameter is used, but the server does not advertise SMTPUTF8 (RFC 6531)."));
	if (param_get(p->params, "REQUIRETLS", v, sizeof v) && !caps_find(caps, "REQUIRETLS"))
		add(l, "requiretls-not-offered", N_("Expect a refusal (5.7.30) or leave REQUIRETLS out."),
		    N_("REQUIRETLS is used, but the server does not advertise it (RFC 8689)."));
	if (p->non_ascii && !caps_find(caps, "SMTPUTF8"))
		add(l, "smtputf8-needed", N_("Use the ASCII form of the address, or a server that offers SMTPUTF8."),
		    N_("The address holds non-ASCII characters, but the server does not advertise SMTPUTF8 (RFC 6531): "
		       "expect 553 or 5.6.7."));
	else if (p->non_ascii && strcmp(verb, "MAIL") == 0 && !param_get(p->params, "SMTPUTF8", v, sizeof v))
		add(l, "smtputf8-param-missing", N_("Add SMTPUTF8: MAIL FROM:<...> SMTPUTF8."),
		    N_("The address holds non-ASCII characters: MAIL needs the SMTPUTF8 parameter (RFC 6531 §3.4)."));
}

static void check_auth(struct advice_list *l, const struct session *s, const struct caps *caps, const char *line)
{
	bool tls = session_is_tls(s);
	char mech[32] = "";

	sscanf(line, "%*s %31s", mech);
	if (session_authenticated(s))
		add(l, "auth-twice", N_("One AUTH per session (RFC 4954 §4): expect 503."),
		    N_("You are already authenticated on this connection."));
	if (!caps)
		add(l, "auth-before-ehlo", N_("Send EHLO first and look for AUTH in the reply."),
		    N_("AUTH before EHLO: the server has not said it offers AUTH, nor which mechanisms."));
	else if (!caps_find(caps, "AUTH")) {
		if (!tls && caps_find(caps, "STARTTLS"))
			add(l, "auth-not-offered",
			    N_("Servers often offer AUTH only inside TLS: STARTTLS, EHLO again, and AUTH appears (RFC "
			       "3207 "
			       "§4.2: the capabilities are learned anew after TLS)."),
			    N_("The server does not advertise AUTH on this plaintext connection (expect 503)."));
		else
			add(l, "auth-not-offered",
			    N_("This server/port takes no logins; submission is usually port 587."),
			    N_("The server does not advertise AUTH (expect 503 or 502)."));
	} else if (mech[0] && !caps_has(caps, "AUTH", mech)) {
		const struct cap *c = caps_find(caps, "AUTH");
		add(l, "auth-mech-not-offered", N_("Use one of the advertised mechanisms (expect 504 otherwise)."),
		    N_("AUTH %.31s is not among the server's mechanisms: %.150s"), mech, c->params);
	}
	/* Credentials in the clear are said once, by the advisor, when they are actually sent (advise.c): a bare
	 * "AUTH PLAIN" sends none, and CRAM-MD5 never sends the password. */
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
		if (verb[0])
			add(&l, "not-connected", N_("/connect HOST[:PORT] first."),
			    N_("Not connected: there is nobody to send %s to."), verb);
		else
			add(&l, "not-connected", N_("/connect HOST[:PORT] first."),
			    N_("Not connected: there is nobody to send this line to."));
		return l.n;
	case SMTP_CONNECTING:
	case SMTP_HANDSHAKE:
		add(&l, "not-ready", N_("Wait until the connection (and the TLS handshake) is done."),
		    N_("The connection is not ready yet."));
		return l.n;
	case SMTP_GREETING:
		add(&l, "before-greeting",
		    N_("Wait for the 220 greeting. Exim drops clients that talk first (\"554 SMTP synchronization "
		       "error\")."),
		    N_("The server has not greeted yet: sending now breaks SMTP's lock-step (RFC 5321 §3.1)."));
		break;
	case SMTP_QUIT:
		add(&l, "after-quit", N_("Reconnect to start again."), N_("QUIT was sent: the server is closing."));
		return l.n;
	default: break;
	}

	if (strcmp(verb, "MAIL") == 0) {
		struct path p = parse_path(line, "FROM:");
		if (st == SMTP_GREETED || (st == SMTP_GREETING && !caps))
			add(&l, "mail-before-ehlo", N_("Send EHLO <your name> first."),
			    N_("MAIL before EHLO: the server expects a greeting exchange first (expect 503)."));
		else if (st == SMTP_MAIL || st == SMTP_RCPT)
			add(&l, "mail-in-transaction", N_("Finish with DATA, or RSET to start over."),
			    N_("A transaction is already open (MAIL was accepted): a second MAIL gets 503."));
		if (!p.kw_ok)
			add(&l, "mail-syntax", N_("Write MAIL FROM:<you@example.org>."),
			    N_("MAIL needs FROM:<address>."));
		else if (!p.brackets)
			add(&l, "address-brackets", N_("Write the address inside <>: MAIL FROM:<you@example.org>."),
			    N_("The address is not inside angle brackets (RFC 5321 §4.1.2): many servers answer 501."));
		check_params(&l, caps, verb, &p);
	} else if (strcmp(verb, "RCPT") == 0) {
		struct path p = parse_path(line, "TO:");
		if (st == SMTP_GREETED || st == SMTP_READY || st == SMTP_GREETING)
			add(&l, "rcpt-before-mail", N_("Send MAIL FROM:<you@example.org> first."),
			    N_("RCPT before MAIL: there is no transaction to add a recipient to (expect 503)."));
		if (!p.kw_ok)
			add(&l, "rcpt-syntax", N_("Write RCPT TO:<someone@example.net>."),
			    N_("RCPT needs TO:<address>."));
		else if (!p.brackets)
			add(&l, "address-brackets", N_("Write the address inside <>: RCPT TO:<someone@example.net>."),
			    N_("The address is not inside angle brackets (RFC 5321 §4.1.2): many servers answer 501."));
		check_params(&l, caps, verb, &p);
	} else if (strcmp(verb, "DATA") == 0 || strcmp(verb, "BDAT") == 0) {
		if (st == SMTP_GREETED || st == SMTP_READY || st == SMTP_GREETING)
			add(&l, "data-without-mail", N_("Send MAIL FROM and at least one RCPT TO first."),
			    N_("%s without a transaction: no MAIL FROM was accepted (expect 503)."), verb);
		else if (st == SMTP_MAIL || session_accepted_rcpts(s) == 0)
			add(&l, "data-without-rcpt", N_("Add a recipient: RCPT TO:<someone@example.net>."),
			    N_("%s without an accepted recipient (expect 503 or 554 \"no valid recipients\")."), verb);
		if (strcmp(verb, "BDAT") == 0 && caps && !caps_find(caps, "CHUNKING"))
			add(&l, "chunking-not-offered", N_("Use DATA instead."),
			    N_("BDAT, but the server does not advertise CHUNKING (RFC 3030)."));
	} else if (strcmp(verb, "AUTH") == 0) {
		check_auth(&l, s, caps, line);
	} else if (strcmp(verb, "STARTTLS") == 0) {
		if (session_is_tls(s))
			add(&l, "starttls-in-tls", N_("Nothing to do: the connection is encrypted already."),
			    N_("The connection is already TLS: a second STARTTLS gets 503 (or 554)."));
		else if (!caps)
			add(&l, "starttls-before-ehlo", N_("Send EHLO first to see whether STARTTLS is offered."),
			    N_("STARTTLS before EHLO: the server has not said that it offers TLS."));
		/* A STARTTLS missing from the EHLO reply was said when the reply came (the advisor's
		 * starttls-not-offered): one fact, one warning. */
		if (st == SMTP_MAIL || st == SMTP_RCPT)
			add(&l, "starttls-in-transaction", N_("RSET first, or finish the message."),
			    N_("STARTTLS in the middle of a mail transaction (RFC 3207 §4 forbids it there)."));
	} else if (strcmp(verb, "EHLO") == 0 || strcmp(verb, "HELO") == 0) {
		if (st == SMTP_MAIL || st == SMTP_RCPT)
			add(&l, "ehlo-resets", N_("That is fine if you meant to start over."),
			    N_("%s now resets the open mail transaction (RFC 5321 §4.1.4)."), verb);
	} else if (verb[0] && !known_verb(verb) && !(caps && caps_find(caps, verb))) {
		add(&l, "unknown-command", N_("HELP lists what the server knows; EHLO lists its extensions."),
		    N_("%.15s is not an SMTP command the server advertised (a typo?): expect 500 or 502."), verb);
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
		add(&l, "pipelining-unknown", N_("Send EHLO first; pipeline only if PIPELINING is listed."),
		    N_("Pipelining %zu commands before the server said it supports PIPELINING (RFC 2920)."), nlines);
	else if (!caps_find(caps, "PIPELINING"))
		add(&l, "pipelining-not-offered",
		    N_("Send one command at a time and wait for each reply; a strict server may drop you."),
		    N_("The server does not advertise PIPELINING, but %zu commands go in one write (RFC 2920)."),
		    nlines);
	return l.n;
}

/* ---- the commands valid now, and the usual next step ---- */

const char *advisor_valid_commands(const struct session *s)
{
	switch (session_smtp_state(s)) {
	case SMTP_DISCONNECTED:
	case SMTP_CLOSED: return N_("none: not connected (/connect)");
	case SMTP_CONNECTING:
	case SMTP_HANDSHAKE:
	case SMTP_GREETING: return N_("none yet: wait for the server");
	case SMTP_GREETED: return N_("EHLO, HELO (and QUIT, NOOP, RSET)");
	case SMTP_READY: return "MAIL, STARTTLS, AUTH, VRFY, EXPN, HELP, EHLO, RSET, NOOP, QUIT";
	case SMTP_AUTH: return N_("a base64 answer to the challenge, or * to cancel");
	case SMTP_MAIL: return N_("RCPT (and RSET, NOOP, QUIT)");
	case SMTP_RCPT: return N_("RCPT, DATA (BDAT with CHUNKING), RSET, NOOP, QUIT");
	case SMTP_DATA: return N_("message lines, then a lone \".\"");
	case SMTP_DATA_DONE:
	case SMTP_QUIT: return N_("none: wait for the reply");
	default: return "";
	}
}

const char *advisor_next_step(const struct session *s)
{
	/* One source for the next step: the session model (core/model.h), which every view reads too. */
	static char buf[256];
	struct session_model m;
	session_get_model(s, &m);
	return model_next_step(&m, buf, sizeof buf);
}
