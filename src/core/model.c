/* model: the session model (see model.h): a snapshot built from the session's own fields, and the words views use
 * for it. Tables for names; the next step is one decision list, most urgent first. */
#include "core/model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/session-int.h"
#include "lib/i18n.h"
#include "lib/xmalloc.h"

static const char *const conn_names[MC_N] = {
	[MC_IDLE] = "idle",         [MC_CONNECTING] = "connecting",
	[MC_GREETING] = "greeting", [MC_TLS_HANDSHAKE] = "tls-handshake",
	[MC_READY] = "ready",       [MC_CLOSING] = "closing",
	[MC_CLOSED] = "closed",
};
static const char *const tls_names[MT_N] = {[MT_NONE] = "none", [MT_IMPLICIT] = "implicit", [MT_STARTTLS] = "starttls"};
static const char *const cert_names[MCERT_N] = {
	[MCERT_NONE] = "none",       [MCERT_VERIFIED] = "verified",   [MCERT_HOLD] = "hold",
	[MCERT_TRUSTED] = "trusted", [MCERT_UNCHECKED] = "unchecked",
};
static const char *const auth_names[MA_N] = {
	[MA_UNKNOWN] = "unknown", [MA_NOT_OFFERED] = "not-offered", [MA_OFFERED] = "offered", [MA_DONE] = "done"};

const char *model_conn_name(enum model_conn c)
{
	return (unsigned)c < MC_N ? conn_names[c] : "?";
}
const char *model_tls_name(enum model_tls t)
{
	return (unsigned)t < MT_N ? tls_names[t] : "?";
}
const char *model_cert_name(enum model_cert c)
{
	return (unsigned)c < MCERT_N ? cert_names[c] : "?";
}
const char *model_auth_name(enum model_auth a)
{
	return (unsigned)a < MA_N ? auth_names[a] : "?";
}
static const char *const auth_ask_names[MAA_N] = {
	[MAA_NONE] = "none",   [MAA_WAIT] = "wait",     [MAA_USER] = "user",   [MAA_PASSWORD] = "password",
	[MAA_PLAIN] = "plain", [MAA_CRAM] = "cram-md5", [MAA_OTHER] = "other",
};
const char *model_auth_ask_name(enum model_auth_ask a)
{
	return (unsigned)a < MAA_N ? auth_ask_names[a] : "?";
}

static enum model_conn conn_of(const struct session *s)
{
	switch (s->phase) {
	case PHASE_RESOLVING:
	case PHASE_CONNECTING: return MC_CONNECTING;
	case PHASE_HANDSHAKE: return MC_TLS_HANDSHAKE;
	case PHASE_IDLE: return s->state == SMTP_CLOSED ? MC_CLOSED : MC_IDLE;
	case PHASE_TLS_HOLD:
	case PHASE_CONNECTED: break;
	}
	switch (s->state) {
	case SMTP_DISCONNECTED:
	case SMTP_CONNECTING: return MC_CONNECTING;
	case SMTP_GREETING: return MC_GREETING;
	case SMTP_HANDSHAKE: return MC_TLS_HANDSHAKE;
	case SMTP_QUIT: return MC_CLOSING;
	case SMTP_CLOSED: return MC_CLOSED;
	default: return MC_READY;
	}
}

void session_caps_changed(struct session *s)
{
	s->mcache->valid = false;
}

/* The facts the model takes from the list caps (NULL: none), worked out once per list (see session.mcache). */
static const struct model_caps_cache *caps_facts(const struct session *s, const struct caps *caps)
{
	struct model_caps_cache *c = s->mcache;
	if (!c->valid || c->of != caps) {
		c->of = caps;
		c->auth = caps_find(caps, "AUTH") != NULL;
		c->starttls = caps_find(caps, "STARTTLS") != NULL;
		c->valid = true;
	}
	return c;
}

void session_get_model(const struct session *s, struct session_model *m)
{
	memset(m, 0, sizeof *m);
	m->conn = conn_of(s);
	m->smtp = s->state;
	bool open = m->conn != MC_IDLE && m->conn != MC_CLOSED;
	if (open && s->tls_active)
		m->tls = s->implicit_tls ? MT_IMPLICIT : MT_STARTTLS;
	if (s->phase == PHASE_TLS_HOLD)
		m->cert = MCERT_HOLD;
	else if (m->tls != MT_NONE && s->tls_info)
		m->cert = s->tls_info->verified ? MCERT_VERIFIED : s->cert_trusted ? MCERT_TRUSTED : MCERT_UNCHECKED;
	const struct caps *caps = open ? session_current_caps(s) : NULL;
	if (open && s->authenticated)
		m->auth = MA_DONE;
	else if (caps)
		m->auth = caps_facts(s, caps)->auth ? MA_OFFERED : MA_NOT_OFFERED;
	m->starttls_offered = caps && caps_facts(s, caps)->starttls;
	m->starttls_failed = open && s->mta_plain_retry;
	m->mta = open && s->mta;
	m->lmtp = s->params.lmtp;
	m->greeting_refused = open && s->state == SMTP_GREETING && s->npending == 0 && s->last_reply &&
			      s->last_reply->code / 100 == 5;
	m->no_wait = s->no_wait;
	m->greeting_given_up = open && s->state == SMTP_GREETING && session_blocking_pending(s) == 0 && !s->no_wait &&
			       !m->greeting_refused;
	m->host = s->host;
	m->port = s->port;
	m->txn = s->txn.stage;
	m->rcpts = s->txn.nrcpt;
	m->last = s->has_last_txn ? &s->last_txn : NULL;
	m->waiting_for = session_waiting_for(s);
	m->waiting_for_loc = session_waiting_for_loc(s);
	m->wait_ms = session_wait_remaining(s);
	if (s->last_reply) {
		m->reply_code = s->last_reply->code;
		m->reply_verb = s->last_reply_verb;
	}
	m->error = s->last_error[0] ? s->last_error : NULL;
	if (open && s->hand.active) {
		m->auth_ask = (enum model_auth_ask)s->hand.ask;
		m->auth_mech = s->hand.mech;
		m->auth_challenges = s->hand.challenges;
	}
	m->queued = s->queued;
	m->queued_first = s->queued ? s->queued_first : NULL;
}

void session_set_queued(struct session *s, size_t n, const char *first)
{
	free(s->queued_first);
	s->queued_first = n && first ? xstrdup(first) : NULL;
	s->queued = n;
}

/* The words of the model for a person: English (loc false: JSON, console events) or the user's language (loc true:
 * screens). Each text is an msgid; TR() picks the side. */
#define TR(s) (loc ? _(s) : (s))

static const char *after_ehlo(const struct session_model *m, bool loc)
{
	/* The handshake failed on this server a moment ago: a second STARTTLS would fail the same way, and a sending
	 * MTA goes on in plaintext (RFC 7435). Say that, not "encrypt first". */
	if (m->tls == MT_NONE && m->starttls_failed)
		return TR(N_("MAIL FROM:<address> in plaintext (this server's TLS handshake failed)"));
	if (m->tls == MT_NONE && m->starttls_offered)
		return TR(N_("STARTTLS (/starttls) to encrypt first, then EHLO again; or MAIL FROM:<address>"));
	/* A sending MTA delivers to an MX without logging in (AUTH is for submission, RFC 6409): an offered AUTH is
	 * not the next step of the delivery this connection stands for. */
	if (m->auth == MA_OFFERED && m->mta)
		return TR(N_("MAIL FROM:<address> as a sending server would (servers deliver to an MX without AUTH)"));
	if (m->auth == MA_OFFERED)
		return TR(
			N_("AUTH (/auth plain USER) to log in, or MAIL FROM:<address> for this server's own domains"));
	return TR(N_("MAIL FROM:<address> to start a message (QUIT to leave)"));
}

/* Inside an AUTH exchange: what its last 334 asks for, when it was typed by hand (the helper answers itself). */
static const char *auth_next(const struct session_model *m, bool loc)
{
	switch (m->auth_ask) {
	case MAA_USER: return TR(N_("the user name in base64 (/answer USER encodes it), or * to cancel"));
	case MAA_PASSWORD: return TR(N_("the password in base64 (/answer PASSWORD encodes it), or * to cancel"));
	case MAA_PLAIN: return TR(N_("base64 of \\0user\\0password (/answer \"\\0USER\\0PASSWORD\"), or * to cancel"));
	case MAA_CRAM: return TR(N_("base64 of \"USER HMAC-MD5-hex\" of the challenge, or * to cancel"));
	default: return TR(N_("answer the 334 challenge (base64), or * to cancel"));
	}
}

static const char *next_step(const struct session_model *m, char *buf, size_t n, bool loc)
{
	const char *t = NULL;
	if (m->cert == MCERT_HOLD) {
		t = TR(N_(
			"the certificate did not verify: /trust to go on for this connection only, or /close (F5 says "
			"why)"));
	} else {
		switch (m->conn) {
		case MC_IDLE:
		case MC_CLOSED:
			if (m->host && m->port > 0) {
				char host[300];
				bool v6 = strchr(m->host, ':') != NULL;
				snprintf(host, sizeof host, "%s%.256s%s", v6 ? "[" : "", m->host, v6 ? "]" : "");
				if (m->conn == MC_CLOSED)
					snprintf(buf, n, TR(N_("/connect %s:%d to start again")), host, m->port);
				else
					snprintf(buf, n, TR(N_("/connect %s:%d to connect")), host, m->port);
			} else {
				snprintf(buf, n, "/connect HOST[:PORT]");
			}
			return buf;
		case MC_CONNECTING: t = TR(N_("wait for the connection (Ctrl-C cancels)")); break;
		case MC_TLS_HANDSHAKE: t = TR(N_("wait for the TLS handshake (Ctrl-C cancels)")); break;
		case MC_GREETING:
			if (m->greeting_refused)
				t = TR(N_("the server refused the session in its greeting: QUIT, and try later"));
			else if (m->greeting_given_up)
				t = TR(N_("no greeting, and the console no longer waits for one (a late one is still "
					  "shown): "
					  "/close; if this port speaks TLS first, /connect HOST:PORT tls"));
			else if (m->no_wait)
				t = TR(N_(
					"--no-wait: what you type goes out now, before the greeting (servers like Exim "
					"answer 554)"));
			else
				t = TR(N_("wait for the server's 220 greeting (a line typed now waits for it)"));
			break;
		case MC_CLOSING: t = TR(N_("wait for the server's 221 and the close")); break;
		case MC_READY:
		case MC_N: break;
		}
	}
	if (t == NULL) {
		switch (m->smtp) {
		case SMTP_GREETED:
			if (m->tls == MT_STARTTLS)
				t = TR(N_("EHLO <your name> again: after STARTTLS the server forgot the first one (RFC "
					  "3207)"));
			else if (m->starttls_failed) /* as after_ehlo says: no second STARTTLS */
				t = TR(N_("EHLO <your name> in plaintext (this server's TLS handshake failed)"));
			else
				t = TR(N_("EHLO <your name>"));
			break;
		case SMTP_READY: t = after_ehlo(m, loc); break;
		case SMTP_AUTH: t = auth_next(m, loc); break;
		case SMTP_MAIL: t = TR(N_("RCPT TO:<address>, one per recipient")); break;
		case SMTP_RCPT:
			snprintf(buf, n,
				 loc ? P_("another RCPT TO:<address>, or DATA to send the message (%zu recipient "
					  "accepted)",
					  "another RCPT TO:<address>, or DATA to send the message (%zu recipients "
					  "accepted)",
					  m->rcpts)
				 : m->rcpts == 1 ? "another RCPT TO:<address>, or DATA to send the message (%zu "
						   "recipient accepted)"
						 : "another RCPT TO:<address>, or DATA to send the message (%zu "
						   "recipients accepted)",
				 m->rcpts);
			return buf;
		case SMTP_DATA:
			t = TR(N_("the message: headers, a blank line, the body; end it with a line holding a lone "
				  "\".\""));
			break;
		case SMTP_DATA_DONE: t = TR(N_("wait for the server's verdict on the message")); break;
		default: t = TR(smtp_state_next_step((int)m->smtp)); break;
		}
	}
	/* smtp_state_next_step() has no words for an unknown state: say nothing rather than something false. */
	snprintf(buf, n, "%s", t != NULL ? t : "");
	return buf;
}

const char *model_next_step(const struct session_model *m, char *buf, size_t n)
{
	return next_step(m, buf, n, false);
}

const char *model_next_step_loc(const struct session_model *m, char *buf, size_t n)
{
	return next_step(m, buf, n, true);
}

static const char *last_outcome(const struct session_model *m, char *buf, size_t n, bool loc)
{
	const struct txn_result *r = m->last;
	/* Only a message's fate: a refused MAIL FROM or a reset transaction was said once, when it happened. */
	if (r == NULL || r->at != TXN_AT_MESSAGE || r->outcome == TXN_ABANDONED)
		return NULL;
	switch (r->outcome) {
	case TXN_ACCEPTED:
		if (r->queue_id[0])
			snprintf(buf, n, TR(N_("accepted, queued as %s")), r->queue_id);
		else
			snprintf(buf, n, "%s", TR(N_("accepted")));
		break;
	case TXN_REJECTED: snprintf(buf, n, TR(N_("rejected %d")), r->code); break;
	case TXN_DEFERRED: snprintf(buf, n, TR(N_("deferred %d")), r->code); break;
	case TXN_LOST: snprintf(buf, n, "%s", TR(N_("lost"))); break;
	default: snprintf(buf, n, "%s", txn_outcome_name(r->outcome)); break;
	}
	if (r->late) {
		char said[256];
		snprintf(said, sizeof said, "%s", buf);
		snprintf(buf, n, TR(N_("%s (late reply)")), said);
	}
	return buf;
}

const char *model_last_outcome(const struct session_model *m, char *buf, size_t n)
{
	return last_outcome(m, buf, n, false);
}

const char *model_last_outcome_loc(const struct session_model *m, char *buf, size_t n)
{
	return last_outcome(m, buf, n, true);
}

/* What waits: the session's own word for it ("greeting", "reply to EHLO"), which the session wrote in both
 * languages (a formatted one such as "reply to EHLO" is no catalog message: _() of it would stay English). */
static const char *queue_waits_for(const struct session_model *m, char *buf, size_t n, bool loc)
{
	if (m->cert == MCERT_HOLD)
		snprintf(buf, n, "%s", TR(N_("your decision about the certificate")));
	else if (m->waiting_for)
		snprintf(buf, n, TR(N_("the %s")), loc && m->waiting_for_loc ? m->waiting_for_loc : m->waiting_for);
	else
		snprintf(buf, n, "%s", TR(N_("the command before it")));
	return buf;
}

const char *model_queue_waits_for(const struct session_model *m, char *buf, size_t n)
{
	return queue_waits_for(m, buf, n, false);
}

const char *model_queue_waits_for_loc(const struct session_model *m, char *buf, size_t n)
{
	return queue_waits_for(m, buf, n, true);
}
