/* advise: the teaching layer's hook into the session. As the session's advisor it watches every event and
 * recognises the classic mistakes (implicit TLS on a plaintext port and the reverse, STARTTLS missing, AUTH in
 * the clear, relaying denied, greylisting ...), emitting each as a diagnosis event with a message and a hint.
 * It warns; it never stops the user. Connection-level diagnoses are said once per connection.
 *
 * What can be data is data: the reply rules are one table, in advise-rules.c. The checks before a command is
 * sent (and the valid commands, the next step) are in advise-command.c. */
#include "core/advise.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/advise-int.h"
#include "lib/dtext.h"
#include "lib/i18n.h"
#include "lib/xmalloc.h"

/* Connection-level diagnoses, each said at most once per connection. */
enum {
	D_IMPLICIT_ON_PLAIN = 1u << 0,
	D_PLAIN_ON_IMPLICIT = 1u << 1,
	D_NO_STARTTLS = 1u << 2,
	D_AUTH_PLAINTEXT = 1u << 3,
	D_STARTTLS_STRIPPED = 1u << 4,
	D_SLOW_GREETING = 1u << 5,
	D_GREETING_CAME = 1u << 6,
};

struct advisor {
	unsigned said;     /* D_* bits for this connection */
	bool in_handshake; /* between EV_TLS_START and EV_TLS */
	bool got_bytes;    /* the server sent anything on this connection */
	bool waiting_greeting;
	bool greeting_guess; /* "implicit TLS?" was said only because no greeting came: a later reply undoes it */
	int port;
	struct loop *loop;
	uint64_t timer;
	struct session *s;  /* the session of the last event, for the timer */
	char tls_host[256]; /* the last host:port seen offering STARTTLS, across connections */
	int tls_port;
	bool auth_active;   /* an AUTH exchange is under way (our AUTH line, 334s): its lines carry credentials */
	char auth_mech[32]; /* its mechanism, upper case */
	char banner[256];   /* the first plaintext bytes the server sent on this connection (NUL-terminated) */
};

/* Room for a diagnosis's message and hint (each side of a dtext). */
enum {
	SAY_MAX = 2048
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

/* The enum advise_cond bits that hold for s now, for the reply rules. */
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

static bool say_once(struct advisor *a, unsigned once)
{
	if (once) {
		if (a->said & once)
			return false;
		a->said |= once;
	}
	return true;
}

/* A diagnosis whose message and hint are constant English msgids (marked N_()): the views translate them. */
static void say(struct advisor *a, struct session *s, unsigned once, const char *id, enum severity sev, const char *msg,
		const char *hint)
{
	if (say_once(a, once))
		session_emit_diagnosis(s, id, sev, msg, hint);
}

/* A diagnosis with formatted text, built in English (JSON) and the user's language (screens). Frees both. */
static void sayd(struct advisor *a, struct session *s, unsigned once, const char *id, enum severity sev,
		 struct dtext *msg, struct dtext *hint)
{
	if (say_once(a, once))
		session_emit_diagnosisd(s, id, sev, msg, hint);
	dtext_free(msg);
	if (hint)
		dtext_free(hint);
}

/* What each server writes in its log when a client talks before the greeting (our ClientHello), keyed by what
 * its plaintext answer shows. Exim answers "554 SMTP synchronization error" instead of its banner. */
static const struct {
	const char *seen; /* '|'-separated substrings of the server's first bytes (case-insensitive) */
	const char *logs;
} early_talker_logs[] = {
	/* TRANSLATORS: keep the quoted log lines and the input=... bytes exactly as they are: they are what the
	 * server's log says. */
	{"Exim|SMTP synchronization error",
	 N_("Exim logs this as \"SMTP protocol synchronization error (input sent without waiting for greeting)\" with "
	    "input=\"\\026\\003\\001...\": those bytes are our ClientHello (0x16 = TLS handshake record, 3.1 = the TLS "
	    "1.0 "
	    "record version), sent before its 220 greeting.")},
	{"Postfix",
	 N_("Postfix logs this as \"improper command pipelining after CONNECT\" (or only \"lost connection after "
	    "CONNECT\" when our ClientHello held no line end for it to read as a command): our ClientHello (bytes 0x16 "
	    "0x03 ..., a TLS handshake record) came before its 220 greeting was read.")},
};

static bool banner_shows(const char *banner, const char *pats)
{
	while (*pats) {
		size_t m = strcspn(pats, "|");
		for (const char *b = banner; *b; b++)
			if (strncasecmp(b, pats, m) == 0)
				return true;
		pats += m + (pats[m] == '|');
	}
	return false;
}

static void say_implicit_on_plain(struct advisor *a, struct session *s)
{
	int port = session_port(s);
	const size_t nlogs = sizeof early_talker_logs / sizeof early_talker_logs[0];
	size_t known = nlogs;
	struct dtext msg, hint;

	dtext_init(&msg, SAY_MAX);
	dtext_init(&hint, SAY_MAX);
	dtext_printf(&msg,
		     "Implicit TLS on a plaintext port: we opened with a TLS ClientHello, and the server on port %d "
		     "answered in plaintext SMTP.",
		     port);
	dtext_printf(&hint,
		     "Port %d expects plaintext SMTP first, then STARTTLS (ports 25 and 587 work this way). Connect "
		     "without --tls-on-connect (/connect HOST:%d) and upgrade with /starttls (or --tls).",
		     port, port);
	/* Name the server its answer shows; when it shows none, what each of the common ones logs. */
	for (size_t i = 0; i < nlogs && known == nlogs; i++)
		if (banner_shows(a->banner, early_talker_logs[i].seen))
			known = i;
	for (size_t i = 0; i < nlogs; i++)
		if (known == nlogs || known == i) {
			dtext_raw(&hint, " ");
			dtext_puts(&hint, early_talker_logs[i].logs);
		}
	sayd(a, s, D_IMPLICIT_ON_PLAIN, "implicit-tls-on-plaintext-port", SEV_ERROR, &msg, &hint);
}

/* msg is the whole message: a certainty (the server answered with a TLS record) or, when only the greeting is
 * missing, a question that also names the other explanation (a slow server, a tarpit). Takes msg over. */
static void say_plain_on_implicit(struct advisor *a, struct session *s, unsigned once, enum severity sev,
				  struct dtext *msg)
{
	int port = session_port(s);
	struct dtext hint;
	dtext_init(&hint, SAY_MAX);
	dtext_printf(
		&hint,
		"Port %d may expect TLS from the very first byte (implicit TLS, like 465, RFC 8314): such a server "
		"waits for our ClientHello and never greets in plaintext; a plaintext command gets a TLS alert. "
		"Connect with --tls-on-connect (/connect HOST:%d tls). If the port is a plaintext one, the server "
		"may just be slow or tarpitting on purpose: a longer --timeout tells the two apart.",
		port, port);
	sayd(a, s, once, "plaintext-on-tls-port", port == 465 ? SEV_ERROR : sev, msg, &hint);
}

/* No greeting within the timeout: two explanations, and the timeout is one of them. */
static void say_no_greeting(struct advisor *a, struct session *s, unsigned once, enum severity sev, unsigned ms)
{
	struct dtext msg;
	dtext_init(&msg, SAY_MAX);
	if (ms % 1000 == 0)
		dtext_printf(
			&msg,
			"No greeting within %u s: plaintext on an implicit-TLS port, or only a slow server (a tarpit "
			"greets late on purpose)?",
			ms / 1000);
	else
		dtext_printf(&msg,
			     "No greeting within %u ms: plaintext on an implicit-TLS port, or only a slow server (a "
			     "tarpit greets late on purpose)?",
			     ms);
	a->greeting_guess = true;
	say_plain_on_implicit(a, s, once, sev, &msg);
}

static void on_greeting_timer(void *arg)
{
	struct advisor *a = arg;
	a->timer = 0;
	if (a->s && a->waiting_greeting && !a->got_bytes && !session_is_tls(a->s)) {
		/* Only a guess this early (some servers pause their greeting on purpose): an info, said once. */
		say_no_greeting(a, a->s, D_SLOW_GREETING, SEV_INFO, ADVISE_GREETING_HINT_MS);
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
	a->auth_active = false;
	a->greeting_guess = false;
	a->banner[0] = '\0';
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
			    N_("The EHLO reply holds \"XXXXXXXA\"-like junk where STARTTLS would be: something on the "
			       "path overwrote it."),
			    N_("A firewall or middlebox is removing STARTTLS (a downgrade): mail and passwords would "
			       "travel readable. Try from another network, or use implicit TLS on port 465."));
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
		    N_("STARTTLS is missing on this connection, but this server offered it on an earlier one."),
		    N_("A server does not usually drop STARTTLS between two connections: something on the path may "
		       "be removing it to keep the session readable (a downgrade attack, RFC 3207 §6). Do not send "
		       "credentials or private mail now; use --tls to refuse plaintext, or implicit TLS on port 465."));
	}
	if (!caps_find(ev->caps, "STARTTLS"))
		say(a, s, D_NO_STARTTLS, "starttls-not-offered", SEV_WARNING,
		    N_("The server does not offer STARTTLS: everything on this connection, passwords included, "
		       "travels readable."),
		    N_("If this server offers STARTTLS elsewhere (or should), something on the path may be stripping "
		       "it: a downgrade attack (RFC 3207 §6). Compare from another network; --tls refuses to go on "
		       "without TLS, and implicit TLS on port 465 cannot be downgraded this way."));
}

static void on_reply(struct advisor *a, struct session *s, const struct event *ev)
{
	char verb[16] = "";
	const struct reply_rule *ru;

	if (!ev->reply)
		return;
	if (ev->command)
		smtp_verb(ev->command, verb);
	ru = advise_rule_find(ev->reply, verb, session_conds(s));
	if (!ru)
		return;
	if (ru->flags & RULE_ADD_SIZE) {
		const struct caps *caps = session_current_caps(s);
		const struct cap *size = caps ? caps_find(caps, "SIZE") : NULL;
		struct dtext msg, hint;
		dtext_init(&msg, SAY_MAX);
		dtext_init(&hint, SAY_MAX);
		dtext_puts(&msg, ru->message);
		dtext_raw(&msg, " ");
		if (size && size->params[0] && strtoull(size->params, NULL, 10) > 0)
			dtext_printf(&msg, "The server advertised SIZE %.40s (bytes).", size->params);
		else
			dtext_puts(&msg, N_("(It advertised no SIZE limit.)"));
		dtext_puts(&hint, ru->hint);
		sayd(a, s, 0, ru->id, ru->sev, &msg, &hint);
		return;
	}
	say(a, s, 0, ru->id, ru->sev, ru->message, ru->hint);
}

/* What a mechanism's lines give away to someone reading a plaintext connection. Knowledge as data: a mechanism
 * not listed gets a generic, still true, sentence. */
enum auth_exposure {
	EXPOSE_PASSWORD,
	EXPOSE_TOKEN,
	EXPOSE_USER,
	EXPOSE_NOTHING
};

static const struct {
	const char *mech; /* a name, or a prefix ending in '-' */
	enum auth_exposure what;
} auth_exposures[] = {
	{"ANONYMOUS", EXPOSE_NOTHING}, {"CRAM-MD5", EXPOSE_USER},     {"DIGEST-MD5", EXPOSE_USER},
	{"EXTERNAL", EXPOSE_NOTHING},  {"GSSAPI", EXPOSE_USER},       {"LOGIN", EXPOSE_PASSWORD},
	{"NTLM", EXPOSE_USER},         {"OAUTHBEARER", EXPOSE_TOKEN}, {"PLAIN", EXPOSE_PASSWORD},
	{"SCRAM-", EXPOSE_USER},       {"XOAUTH2", EXPOSE_TOKEN},
};

static int auth_exposure_of(const char *mech)
{
	for (size_t i = 0; i < sizeof auth_exposures / sizeof auth_exposures[0]; i++) {
		const char *m = auth_exposures[i].mech;
		size_t n = strlen(m);
		if (m[n - 1] == '-' ? strncmp(mech, m, n) == 0 : strcmp(mech, m) == 0)
			return (int)auth_exposures[i].what;
	}
	return -1;
}

/* Credentials of mechanism a->auth_mech just left on a plaintext connection: say what someone on the path can
 * read, once per connection, and only what is true of that mechanism. */
static void say_auth_plaintext(struct advisor *a, struct session *s)
{
	const struct caps *caps = session_current_caps(s);
	const char *fix = caps && caps_find(caps, "STARTTLS")
				  ? N_("Use STARTTLS first (/starttls), then AUTH inside TLS.")
				  : N_("This server offers no STARTTLS here: use port 587 with STARTTLS, or 465 with "
				       "--tls-on-connect.");
	const char *id = "auth-plaintext";
	enum severity sev = SEV_WARNING;
	struct dtext msg, hint;

	dtext_init(&msg, SAY_MAX);
	dtext_init(&hint, SAY_MAX);
	switch (auth_exposure_of(a->auth_mech)) {
	case EXPOSE_PASSWORD:
		dtext_printf(&msg,
			     "AUTH %s sent the credentials over a plaintext connection: the user name and password are "
			     "readable to anyone on the path.",
			     a->auth_mech);
		dtext_puts(&hint, N_("Base64 is an encoding, not encryption: anyone can decode it."));
		dtext_raw(&hint, " ");
		break;
	case EXPOSE_TOKEN:
		dtext_printf(
			&msg,
			"AUTH %s sent the access token over a plaintext connection: anyone on the path can read it "
			"and log in with it until it expires.",
			a->auth_mech);
		break;
	case EXPOSE_USER:
		id = "auth-plaintext-user";
		sev = SEV_INFO;
		dtext_printf(&msg,
			     "AUTH %s over a plaintext connection: the user name is readable; the password itself is "
			     "not sent (the answer is derived from it and the server's challenge).",
			     a->auth_mech);
		dtext_puts(&hint,
			   N_("Someone who records that answer can still try to guess the password offline from it."));
		dtext_raw(&hint, " ");
		break;
	case EXPOSE_NOTHING:
		dtext_free(&msg);
		dtext_free(&hint);
		return;
	default:
		dtext_printf(&msg,
			     "AUTH %s went over a plaintext connection: whatever it sends is readable to anyone on the "
			     "path.",
			     a->auth_mech);
		break;
	}
	dtext_puts(&hint, fix);
	sayd(a, s, D_AUTH_PLAINTEXT, id, sev, &msg, &hint);
}

/* Our bytes on a plaintext connection: an AUTH line with an initial response, or an answer to a 334 (but "*",
 * the cancel), carries credentials. A bare "AUTH PLAIN" carries none yet. */
static void on_sent_plain(struct advisor *a, struct session *s, const struct event *ev)
{
	const char *p = (const char *)ev->data;
	size_t n = ev->len, line = 0;

	while (line < n && p[line] != '\r' && p[line] != '\n')
		line++;
	if (n >= 5 && strncasecmp(p, "AUTH ", 5) == 0) {
		size_t i = 5, k = 0;
		while (i < line && p[i] == ' ')
			i++;
		while (i < line && p[i] != ' ' && k + 1 < sizeof a->auth_mech)
			a->auth_mech[k++] = (char)toupper((unsigned char)p[i++]);
		a->auth_mech[k] = '\0';
		while (i < line && p[i] != ' ')
			i++;
		while (i < line && p[i] == ' ')
			i++;
		a->auth_active = true;
		/* "=" is an empty initial response (RFC 4954 §4). */
		if (i < line && !(line - i == 1 && p[i] == '='))
			say_auth_plaintext(a, s);
		return;
	}
	if (a->auth_active && line > 0 && !(line == 1 && p[0] == '*'))
		say_auth_plaintext(a, s);
}

void advisor_on_event(void *ctx, struct session *s, const struct event *ev)
{
	struct advisor *a = ctx;

	if (ev->client)
		return; /* listen mode: a remote client's session; the server side diagnoses it (src/lab) */
	a->s = s;
	switch (ev->type) {
	case EV_CONNECTING: reset_connection(a, ev->port); break;
	case EV_TLS_START: a->in_handshake = true; break;
	case EV_TLS: a->in_handshake = false; break;
	case EV_WAITING:
		a->waiting_greeting = ev->text && strcmp(ev->text, "greeting") == 0;
		if (a->waiting_greeting && a->loop && !a->timer && !session_is_tls(s))
			a->timer = loop_timer_add(a->loop, ADVISE_GREETING_HINT_MS, on_greeting_timer, a);
		break;
	case EV_RECEIVED:
		a->got_bytes = true;
		if (ev->tls)
			break;
		if (!a->banner[0] && ev->data) {
			/* Kept as text for banner_shows: a NUL would end it early, which only loses a name. */
			size_t n = ev->len < sizeof a->banner - 1 ? ev->len : sizeof a->banner - 1;
			memcpy(a->banner, ev->data, n);
			a->banner[n] = '\0';
		}
		if (a->in_handshake && session_implicit_tls(s) && starts_with_code(ev->data, ev->len))
			say_implicit_on_plain(a, s);
		else if (!a->in_handshake && is_tls_record(ev->data, ev->len)) {
			struct dtext msg;
			dtext_init(&msg, SAY_MAX);
			dtext_puts(&msg,
				   N_("Plaintext on an implicit-TLS port: the server answered our plaintext with a "
				      "TLS record (an alert): it speaks TLS on this port."));
			say_plain_on_implicit(a, s, D_PLAIN_ON_IMPLICIT, SEV_ERROR, &msg);
		}
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
			say_no_greeting(a, s, D_PLAIN_ON_IMPLICIT, SEV_WARNING,
					session_params(s)->timeout_ms ? session_params(s)->timeout_ms : 30000);
		break;
	case EV_SENT:
		if (!ev->tls && ev->data)
			on_sent_plain(a, s, ev);
		break;
	case EV_CAPS: on_caps(a, s, ev); break;
	case EV_REPLY:
		a->waiting_greeting = false;
		if (ev->reply && ev->reply->code != 334)
			a->auth_active = false; /* the AUTH exchange (if any) is over */
		if (a->greeting_guess && ev->reply) {
			/* The server speaks plaintext SMTP after all: withdraw the guess rather than leave it standing. */
			a->greeting_guess = false;
			say(a, s, D_GREETING_CAME, "greeting-came-late", SEV_INFO,
			    N_("The greeting came after all: this server is slow (or tarpitting on purpose), not "
			       "waiting for TLS. The implicit-TLS guess above does not hold."),
			    N_("A server that delays its greeting often delays its other replies too: keep --timeout "
			       "(/set timeout) above its delay."));
		}
		on_reply(a, s, ev);
		break;
	case EV_CLOSED:
		if (a->loop && a->timer)
			loop_timer_cancel(a->loop, a->timer);
		a->timer = 0;
		a->waiting_greeting = false;
		break;
	default: break;
	}
}
