/* lab-smtp: the practice server's side of one SMTP dialogue: a state machine (one setter, a names table), one
 * handler per command found in a table, replies with enhanced status codes whose text says why, the way a patient
 * teacher would. What the scenario changes is asked through its flags. Message bodies are in lab-deliver.c. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lab/lab-smtp.h"
#include "lib/escape.h"
#include "lib/i18n.h"
#include "lib/sasl-mech.h"
#include "lib/xmalloc.h"

static const char *const state_names[] = {
	[LS_NEW] = "new",
	[LS_GREETING] = "greeting",
	[LS_CMD] = "command",
	[LS_AUTH_PLAIN] = "auth-plain",
	[LS_AUTH_USER] = "auth-login-user",
	[LS_AUTH_PASS] = "auth-login-pass",
	[LS_DATA] = "data",
	[LS_BDAT] = "bdat",
	[LS_TLS] = "tls",
	[LS_CLOSED] = "closed",
};

bool lab_smtp_has(const struct lab_smtp *s, unsigned flag)
{
	return (s->x->sc->flags & flag) != 0;
}

void lab_smtp_set_state(struct lab_smtp *s, enum lab_smtp_state st)
{
	s->state = st;
}

void lab_smtp_reply(struct lab_smtp *s, const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(line, sizeof line - 2, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n > sizeof line - 3)
		n = (int)(sizeof line - 3);
	line[n++] = '\r';
	line[n++] = '\n';
	lab_client_send(s->c, line, (size_t)n, s->x->reply_delay_ms);
}

void lab_smtp_reply_close(struct lab_smtp *s, const char *text)
{
	/* The reply first: if it cannot be sent because the client has already hung up, that is why it ended. */
	lab_smtp_reply(s, "%s", text);
	lab_client_close_reason(s->c, "server", N_("after its reply %.*s%s"), 60, text, strlen(text) > 60 ? "..." : "");
	lab_smtp_set_state(s, LS_CLOSED);
	lab_client_close(s->c);
}

void lab_smtp_reset_tx(struct lab_smtp *s)
{
	s->has_mail = s->smtputf8 = false;
	free(s->from);
	s->from = NULL;
	for (size_t i = 0; i < s->nrcpts; i++)
		free(s->rcpts[i]);
	s->nrcpts = 0;
	buf_free(&s->msg);
	buf_init(&s->msg, LAB_MAX_MESSAGE);
	s->msg_bytes = 0;
	s->too_big = s->flaky_drop = false;
	s->bdat_used = s->bdat_last = s->bdat_bad = false;
	s->bdat_left = 0;
}

struct lab_smtp *lab_smtp_new(struct lab_client *c)
{
	struct lab_smtp *s = xcalloc(1, sizeof *s);
	s->c = c;
	s->x = lab_client_ctx(c);
	buf_init(&s->msg, LAB_MAX_MESSAGE);
	return s;
}

void lab_smtp_free(struct lab_smtp *s)
{
	if (s == NULL)
		return;
	lab_smtp_reset_tx(s);
	buf_free(&s->msg);
	free(s->login_user);
	free(s);
}

void lab_smtp_start(struct lab_smtp *s)
{
	int delay = s->x->reply_delay_ms > s->x->greet_delay_ms ? s->x->reply_delay_ms : s->x->greet_delay_ms;
	char line[256];
	int n = snprintf(line, sizeof line, "220 %s ESMTP smtpcon practice lab (scenario %s) ready\r\n", LAB_HOSTNAME,
			 s->x->sc->name);
	lab_smtp_set_state(s, LS_GREETING);
	lab_client_send(s->c, line, (size_t)n, delay);
}

void lab_smtp_early_input(struct lab_smtp *s)
{
	if (s->state != LS_GREETING || !lab_smtp_has(s, LAB_F_STRICT_SYNC))
		return;
	const struct buf *in = lab_client_input(s->c);
	bool hello = in->len >= 3 && in->data[0] == 0x16 && in->data[1] == 0x03;
	lab_client_event(s->c, LAB_EV_RECV, in->data, in->len, false, NULL, NULL);
	if (hello)
		lab_client_diag(s->c, "tls-on-plain-port",
				N_("the client started a TLS handshake on a plain-SMTP port: it is "
				   "set to SSL/TLS (implicit TLS) where it should use STARTTLS"));
	else
		lab_client_diag(s->c, "early-talker",
				N_("the client sent data before the server's greeting; SMTP clients "
				   "must wait for the 220 first"));
	lab_client_discard_held(s->c);
	lab_smtp_reply_close(
		s, hello ? "554 5.5.0 SMTP synchronization error: a TLS ClientHello arrived before the greeting "
			   "(is the client set to SSL/TLS on a STARTTLS port?)"
			 : "554 5.5.0 SMTP synchronization error: input sent without waiting for greeting");
}

void lab_smtp_tls_done(struct lab_smtp *s)
{
	s->tls = true;
	if (s->state == LS_NEW) { /* implicit TLS: the greeting comes inside */
		lab_smtp_start(s);
		return;
	}
	s->starttls_done = true;
	lab_smtp_set_state(s, LS_CMD);
}

void lab_smtp_timeout(struct lab_smtp *s)
{
	if (s->state == LS_CLOSED)
		return;
	lab_smtp_reply_close(s, "421 4.4.2 " LAB_HOSTNAME " Error: timeout exceeded, closing connection");
}

/* A client that leaves without saying why (at its QUIT or hang-up; quit: the QUIT is its last command): the two
 * silent ways real clients fail, read from what they did not do. */
static void left_diag(struct lab_smtp *s, bool quit)
{
	if (s->state == LS_CLOSED)
		return;
	if (s->tls && s->cmds_in_tls == (quit ? 1u : 0u)) {
		/* OpenSSL clients send an alert (client-rejected-certificate); GnuTLS ones such as msmtp verify after
		 * the handshake and just close. */
		if (!lab_who_diag(s, "client-left-after-tls", LAB_WHO_TRUST, lab_client_ca_file(s->c),
				  N_("the client closed the connection right after the TLS handshake, without a "
				     "command: most likely it does not trust this server's certificate (a client "
				     "that checks it after the handshake sends no alert). Give %s the lab CA: %s"),
				  NULL, NULL))
			lab_client_diag(
				s->c, "client-left-after-tls",
				N_("the client closed the connection right after the TLS handshake, without a command: "
				   "most likely it does not trust this server's certificate (clients that check it "
				   "after the handshake, such as msmtp, send no alert). Give it the lab CA (%s) or fix "
				   "its trust store"),
				lab_client_ca_file(s->c));
	} else if (!s->tls && s->helo_done && !s->mail_tried && !s->authed && lab_smtp_has(s, LAB_F_STARTTLS) &&
		   lab_smtp_has(s, LAB_F_AUTH_NEEDS_TLS)) {
		if (!lab_who_diag(s, "no-starttls-for-auth", LAB_WHO_STARTTLS, NULL,
				  N_("the client ended after EHLO without trying to send: this server offers AUTH "
				     "only inside TLS and the client never ran STARTTLS, so a client set to log in "
				     "gives up here. Enable STARTTLS in %s: %s"),
				  NULL, NULL))
			lab_client_diag(
				s->c, "no-starttls-for-auth",
				N_("the client ended after EHLO without trying to send: this server offers AUTH only "
				   "inside TLS and the client never ran STARTTLS, so a client set to log in gives up "
				   "here. Enable STARTTLS (port 587) or implicit TLS (port 465) in the client"));
	}
}

void lab_smtp_eof(struct lab_smtp *s)
{
	left_diag(s, false);
	if (s->state == LS_DATA || s->state == LS_BDAT)
		lab_client_close_reason(s->c, "client", N_("it hung up in the middle of its message (not delivered)"));
	else if (s->state != LS_CLOSED)
		lab_client_close_reason(s->c, "client", N_("it hung up without QUIT"));
	if (s->state != LS_CLOSED)
		lab_logf(s->x,
			 s->state == LS_DATA || s->state == LS_BDAT
				 ? N_("%s: hung up without QUIT (state %s): the message is not delivered")
				 : N_("%s: hung up without QUIT (state %s)"),
			 lab_client_name(s->c), state_names[s->state]);
	lab_smtp_set_state(s, LS_CLOSED);
	lab_client_close(s->c);
}

/* ---- helpers for commands ---- */

/* Copy the printable ASCII of p into out (what we echo back and write into Received). */
void lab_smtp_printable(char *out, size_t outsz, const char *p)
{
	size_t o = 0;
	for (; *p && o + 1 < outsz; p++)
		out[o++] = (*p > 0x20 && *p < 0x7f) ? *p : '?';
	out[o] = '\0';
}

/* ---- commands ---- */

static void ehlo_caps(struct lab_smtp *s, struct buf *b)
{
	buf_printf(b, "-SIZE %u\r\n", LAB_MAX_MESSAGE);
	if (!lab_smtp_has(s, LAB_F_STRICT_SYNC))
		buf_append_str(b, "-PIPELINING\r\n");
	buf_append_str(b, "-8BITMIME\r\n-ENHANCEDSTATUSCODES\r\n-SMTPUTF8\r\n-CHUNKING\r\n");
	if (lab_smtp_has(s, LAB_F_STARTTLS) && !s->tls)
		buf_append_str(b, "-STARTTLS\r\n");
	if (lab_smtp_has(s, LAB_F_AUTH) && (s->tls || !lab_smtp_has(s, LAB_F_AUTH_NEEDS_TLS)))
		buf_append_str(b, "-AUTH PLAIN LOGIN\r\n");
	buf_append_str(b, " HELP\r\n");
}

static void cmd_helo(struct lab_smtp *s, const char *args, bool esmtp)
{
	if (*args == '\0') {
		lab_smtp_reply(s,
			       "501 5.5.4 Syntax: %s hostname (your host's name or an address literal like "
			       "[192.0.2.1])",
			       esmtp ? "EHLO" : "HELO");
		return;
	}
	if (!esmtp && s->starttls_done && !s->helo_done)
		lab_client_diag(
			s->c, "helo-after-tls",
			N_("the client said HELO, not EHLO, after STARTTLS: HELO gets no list of extensions, so it "
			   "cannot see AUTH (offered here only inside TLS), SIZE or 8BITMIME. It must send EHLO"));
	lab_smtp_printable(s->helo, sizeof s->helo, args);
	lab_smtp_reset_tx(s);
	s->esmtp = esmtp;
	s->helo_done = true;
	if (!esmtp) {
		lab_smtp_reply(s, "250 %s", LAB_HOSTNAME);
		return;
	}
	struct buf b;
	buf_init(&b, 4096);
	buf_printf(&b, "250-%s Hello %s [%s]\r\n", LAB_HOSTNAME, s->helo, lab_client_ip(s->c));
	struct buf caps;
	buf_init(&caps, 1024);
	ehlo_caps(s, &caps);
	/* Each capability line starts with "-" or " " (the last); prefix the code. */
	const char *p = buf_cstr(&caps);
	while (*p) {
		const char *eol = strstr(p, "\r\n");
		buf_printf(&b, "250%.*s\r\n", (int)(eol - p), p);
		p = eol + 2;
	}
	buf_free(&caps);
	lab_client_send(s->c, (const char *)b.data, b.len, s->x->reply_delay_ms);
	buf_free(&b);
}

static void cmd_ehlo(struct lab_smtp *s, const char *args)
{
	cmd_helo(s, args, true);
}

static void cmd_helo_only(struct lab_smtp *s, const char *args)
{
	cmd_helo(s, args, false);
}

static void cmd_starttls(struct lab_smtp *s, const char *args)
{
	if (!lab_smtp_has(s, LAB_F_STARTTLS)) {
		lab_smtp_reply(s,
			       "502 5.5.1 STARTTLS is not offered here (scenario %s): a client that requires TLS "
			       "must stop now",
			       s->x->sc->name);
		return;
	}
	if (s->tls) {
		lab_smtp_reply(s, "503 5.5.1 TLS is already active");
		return;
	}
	if (*args) {
		lab_smtp_reply(s, "501 5.5.4 Syntax: STARTTLS (no arguments)");
		return;
	}
	lab_smtp_reply(s, "220 2.0.0 Ready to start TLS");
	/* RFC 3207: forget everything learnt in plain text; the client must EHLO again. */
	lab_smtp_reset_tx(s);
	s->helo_done = s->esmtp = false;
	lab_smtp_set_state(s, LS_TLS);
	lab_client_start_tls(s->c);
}

static void cmd_data(struct lab_smtp *s, const char *args)
{
	if (*args) {
		lab_smtp_reply(s, "501 5.5.4 Syntax: DATA (no arguments)");
	} else if (!s->has_mail) {
		lab_smtp_reply(s, "503 5.5.1 Need MAIL and RCPT before DATA");
	} else if (s->nrcpts == 0) {
		lab_smtp_reply(s, "554 5.5.1 No valid recipients");
	} else if (s->bdat_used) {
		lab_smtp_reply(s, "503 5.5.1 DATA cannot follow BDAT in one transaction");
	} else {
		lab_data_begin(s);
		s->dpos = LD_BOL;
		lab_smtp_set_state(s, LS_DATA);
		lab_smtp_reply(s, "354 End data with <CR><LF>.<CR><LF>");
	}
}

static void cmd_bdat(struct lab_smtp *s, const char *args)
{
	char *end;
	unsigned long long n = strtoull(args, &end, 10);
	bool last = false;
	if (end != args && *end == ' ') {
		while (*end == ' ')
			end++;
		last = strcasecmp(end, "LAST") == 0;
		if (last)
			end += 4;
	}
	if (end == args || *end != '\0' || args[0] == '-' || n > (unsigned long long)LAB_MAX_MESSAGE * 4) {
		/* Without a size the chunk's end is unknown: its octets would be read as commands. */
		lab_smtp_reply_close(s,
				     "501 5.5.4 Syntax: BDAT size [LAST] (closing: the chunk's end cannot be known)");
		return;
	}
	if (!s->bdat_used)
		lab_data_begin(s);
	s->bdat_used = true;
	s->bdat_left = (size_t)n;
	s->bdat_last = last;
	s->bdat_bad = !s->has_mail || s->nrcpts == 0;
	lab_smtp_set_state(s, LS_BDAT);
}

static void cmd_rset(struct lab_smtp *s, const char *args)
{
	(void)args;
	lab_smtp_reset_tx(s);
	lab_smtp_reply(s, "250 2.0.0 Ok");
}

static void cmd_noop(struct lab_smtp *s, const char *args)
{
	(void)args;
	lab_smtp_reply(s, "250 2.0.0 Ok");
}

static void cmd_vrfy(struct lab_smtp *s, const char *args)
{
	(void)args;
	lab_smtp_reply(s, "252 2.5.0 Cannot VRFY user, but will accept message and attempt delivery (VRFY is off on "
			  "real servers: it would let spammers harvest addresses)");
}

static void cmd_help(struct lab_smtp *s, const char *args)
{
	(void)args;
	static const char help[] =
		"214-2.0.0 Commands: EHLO HELO STARTTLS AUTH MAIL RCPT DATA BDAT RSET NOOP VRFY HELP QUIT\r\n"
		"214-2.0.0 Demo login: " LAB_USER " / " LAB_PASSWORD "; local domain: " LAB_DOMAIN "\r\n"
		"214 2.0.0 The lessons: docs/tutorial.md, or /lesson in the console\r\n";
	lab_client_send(s->c, help, sizeof help - 1, s->x->reply_delay_ms);
}

static void cmd_quit(struct lab_smtp *s, const char *args)
{
	(void)args;
	left_diag(s, true);
	lab_smtp_reply(s, "221 2.0.0 Bye");
	lab_client_close_reason(s->c, "server", N_("after QUIT and its 221, the normal end of a session"));
	lab_smtp_set_state(s, LS_CLOSED);
	lab_client_close(s->c);
}

struct lab_cmd {
	const char *name;
	void (*fn)(struct lab_smtp *s, const char *args);
};

static const struct lab_cmd commands[] = {
	{"AUTH", lab_smtp_cmd_auth}, {"BDAT", cmd_bdat},      {"DATA", cmd_data},
	{"EHLO", cmd_ehlo},          {"HELO", cmd_helo_only}, {"HELP", cmd_help},
	{"MAIL", lab_smtp_cmd_mail}, {"NOOP", cmd_noop},      {"QUIT", cmd_quit},
	{"RCPT", lab_smtp_cmd_rcpt}, {"RSET", cmd_rset},      {"STARTTLS", cmd_starttls},
	{"VRFY", cmd_vrfy},
};

/* Commands that need a session opened with EHLO or HELO. */
static bool needs_helo(const char *verb, size_t vl)
{
	static const char *const v[] = {"MAIL", "RCPT", "DATA", "BDAT", "AUTH", "STARTTLS"};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		if (strlen(v[i]) == vl && strncasecmp(v[i], verb, vl) == 0)
			return true;
	return false;
}

/* RFC 2920 3.1: these must be the last command of a pipelined group (the client must wait for their reply). */
static bool ends_group(const char *verb, size_t vl)
{
	static const char *const v[] = {"EHLO", "HELO", "DATA", "VRFY", "EXPN", "TURN", "QUIT", "NOOP", "AUTH"};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		if (strlen(v[i]) == vl && strncasecmp(v[i], verb, vl) == 0)
			return true;
	return false;
}

void lab_smtp_answers(struct lab_smtp *s, const char *line)
{
	/* What a reply answers (manual mode lists it, listen mode pairs it); AUTH's initial response is a secret, its
	 * mechanism is not. */
	size_t vl = strcspn(line, " ");
	const char *args = line[vl] ? line + vl + 1 : line + vl;
	s->last_answered = false;
	if (vl == 4 && strncasecmp(line, "AUTH", 4) == 0) {
		/* Only a word that can be a mechanism's name is shown (lib/sasl-mech): not bytes the client chose. */
		char mech[SASL_MECH_MAX + 1];
		size_t ml = strcspn(args, " ");
		snprintf(s->last, sizeof s->last, "AUTH %s",
			 ml == 0                          ? ""
			 : sasl_mech_name(args, ml, mech) ? mech
							  : "****");
		return;
	}
	size_t n = 0;
	for (const char *p = line; *p && n + 1 < sizeof s->last; p++)
		s->last[n++] = *p >= 0x20 && *p < 0x7f ? *p : '?';
	s->last[n] = '\0';
}

const char *lab_smtp_answering(struct lab_smtp *s)
{
	if (s->last_answered)
		return NULL;
	s->last_answered = true;
	return s->last;
}

static void command(struct lab_smtp *s, const char *line)
{
	size_t vl = strcspn(line, " ");
	const char *args = line[vl] ? line + vl + 1 : line + vl;
	if (s->tls)
		s->cmds_in_tls++;
	if (vl == 4 && strncasecmp(line, "MAIL", 4) == 0)
		s->mail_tried = true;
	lab_who_command(s, line, vl);
	lab_smtp_answers(s, line);
	if (!s->helo_done && needs_helo(line, vl)) {
		if (s->starttls_done)
			lab_client_diag(
				s->c, "no-ehlo-after-tls",
				N_("no EHLO after STARTTLS: the TLS session starts afresh, and RFC 3207 requires a new "
				   "EHLO (the capabilities may differ, AUTH often appears only now)"));
		else
			lab_client_diag(s->c, "no-ehlo",
					N_("a command before EHLO/HELO: the client must introduce itself first"));
	}
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strlen(commands[i].name) == vl && strncasecmp(commands[i].name, line, vl) == 0) {
			commands[i].fn(s, args);
			return;
		}
	if (++s->errors >= LAB_MAX_ERRORS) {
		lab_smtp_reply_close(s, "421 4.7.0 " LAB_HOSTNAME " Too many errors, closing connection");
		return;
	}
	char verb[32];
	snprintf(verb, sizeof verb, "%.*s", (int)(vl < 31 ? vl : 31), line);
	char safe[32];
	lab_smtp_printable(safe, sizeof safe, verb);
	lab_smtp_reply(s, "500 5.5.2 Command not recognized: %s (HELP lists the commands)", safe);
}

static bool overlong(struct lab_smtp *s, struct buf *in, size_t n)
{
	lab_client_event(s->c, LAB_EV_RECV, in->data, n, false, NULL, NULL);
	lab_client_diag(s->c, "line-too-long", N_("a command line longer than %d octets"), LAB_LINE_MAX);
	buf_consume(in, n);
	lab_smtp_answers(s, "(a line too long)");
	if (!s->skip_line)
		lab_smtp_reply(s, "500 5.5.2 Line too long (the limit here is %d octets)", LAB_LINE_MAX);
	return true;
}

bool lab_smtp_input(struct lab_smtp *s)
{
	struct buf *in = lab_client_input(s->c);
	switch (s->state) {
	case LS_NEW:
	case LS_TLS:
	case LS_CLOSED: return false;
	case LS_GREETING:
		if (lab_client_waiting(s->c))
			return false;
		lab_smtp_set_state(s, LS_CMD);
		return true;
	case LS_DATA: return lab_data_feed(s);
	case LS_BDAT: return lab_bdat_feed(s);
	default: break;
	}
	if (lab_client_waiting(s->c) || in->len == 0)
		return false;
	/* A TLS ClientHello (record type 22, version 3.x) where a command belongs: the client expects implicit TLS. */
	if (s->state == LS_CMD && !s->tls && !s->helo_done && in->len >= 2 && in->data[0] == 0x16 &&
	    in->data[1] == 0x03) {
		lab_client_event(s->c, LAB_EV_RECV, in->data, in->len, false, NULL, NULL);
		lab_client_diag(s->c, "tls-on-plain-port",
				N_("the client started a TLS handshake on a plain-SMTP port: it is "
				   "set to SSL/TLS (implicit TLS) where it should use STARTTLS"));
		buf_reset(in);
		lab_smtp_reply_close(
			s, "554 5.5.1 That was a TLS handshake: this port speaks plain SMTP first (EHLO, then "
			   "STARTTLS); set the client to STARTTLS, or use the implicit-TLS port");
		return true;
	}
	uint8_t *lf = memchr(in->data, '\n', in->len);
	if (lf == NULL) {
		if (in->len <= LAB_LINE_MAX)
			return false;
		overlong(s, in, in->len);
		s->skip_line = true;
		return true;
	}
	size_t n = (size_t)(lf - in->data), ll = n;
	if (ll && in->data[ll - 1] == '\r')
		ll--;
	if (s->skip_line || ll > LAB_LINE_MAX) {
		overlong(s, in, n + 1);
		s->skip_line = false;
		return true;
	}
	char line[LAB_LINE_MAX + 1];
	memcpy(line, in->data, ll);
	line[ll] = '\0';
	bool authing = s->state == LS_AUTH_PLAIN || s->state == LS_AUTH_USER || s->state == LS_AUTH_PASS;
	/* "AUTH PLAIN <initial response>": the credentials are on the command line itself. */
	bool secret = authing || (strncasecmp(line, "AUTH ", 5) == 0 && strchr(line + 5, ' ') != NULL);
	lab_client_event(s->c, LAB_EV_RECV, in->data, n + 1, secret, NULL, NULL);
	/* Named before anything answers it (a NUL byte, a synchronization error); an AUTH answer is a secret. */
	lab_smtp_answers(s, authing ? "(AUTH answer)" : line);
	if (ll == n)
		lab_client_diag(s->c, "bare-lf",
				N_("a command line ended with a bare LF: SMTP lines end with CRLF (the lab "
				   "accepts it in commands, as most servers do, but never in message data)"));
	buf_consume(in, n + 1);
	if (memchr(line, '\0', ll)) {
		lab_smtp_reply(s, "500 5.5.2 NUL byte in a command line");
		return true;
	}
	/* Exim's smtp_enforce_sync: without PIPELINING each command must wait for its reply. BDAT's chunk follows
	 * its command by design. */
	if (lab_smtp_has(s, LAB_F_STRICT_SYNC) && s->state == LS_CMD && in->len > 0 &&
	    strncasecmp(line, "BDAT ", 5) != 0) {
		lab_client_event(s->c, LAB_EV_RECV, in->data, in->len, false, NULL, NULL);
		lab_client_diag(s->c, "pipelining-unadvertised",
				N_("the client sent several commands at once although the "
				   "server did not offer PIPELINING"));
		buf_reset(in);
		lab_smtp_reply_close(
			s, "554 5.5.0 SMTP synchronization error: commands were pipelined, but this server did not "
			   "offer PIPELINING (wait for each reply)");
		return true;
	}
	if (authing) {
		lab_smtp_auth_response(s, line);
	} else {
		size_t vl = strcspn(line, " ");
		command(s, line);
		if (in->len > 0 && s->state == LS_CMD && ends_group(line, vl))
			lab_client_diag(
				s->c, "pipelining-group",
				N_("the client sent more after %.*s without waiting for its reply: RFC 2920 lets "
				   "EHLO, DATA, AUTH, NOOP, VRFY and QUIT only end a pipelined group"),
				(int)(vl < 10 ? vl : 10), line);
	}
	explicit_bzero(line, ll);
	return true;
}
