/* session: the SMTP client engine: connection life cycle, reply handling, SMTP state, capability snapshots,
 * waits with visible timeouts, and the AUTH helpers. Transport details live in session-io.c. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "core/sasl.h"
#include "core/auth.h"
#include "core/session-int.h"
#include "lib/dtext.h"
#include "lib/xmalloc.h"

static const char *const phase_names[] = {
	[PHASE_IDLE] = "idle",
	[PHASE_RESOLVING] = "resolving",
	[PHASE_CONNECTING] = "connecting",
	[PHASE_HANDSHAKE] = "tls-handshake",
	[PHASE_TLS_HOLD] = "tls-hold",
	[PHASE_CONNECTED] = "connected",
};

const char *session_phase_name(enum session_phase ph)
{
	return (unsigned)ph < sizeof phase_names / sizeof phase_names[0] ? phase_names[ph] : "?";
}

struct session *session_new(struct loop *loop, const struct session_params *p)
{
	struct session *s = xcalloc(1, sizeof *s);
	s->mcache = xcalloc(1, sizeof *s->mcache);
	s->loop = loop;
	s->params = *p;
	if (s->params.timeout_ms == 0)
		s->params.timeout_ms = SESSION_DEFAULT_TIMEOUT_MS;
	s->fd = -1;
	s->t0 = loop_now_ns();
	s->parser = reply_parser_new(SESSION_MAX_LINE, SESSION_MAX_REPLY_LINES);
	txn_init(&s->txn, p->lmtp);
	buf_init(&s->preamble, SESSION_MAX_PREAMBLE);
	buf_init(&s->rawout, 0); /* bounded by flow control: nothing is produced above SESSION_OUT_HIGH */
	buf_init(&s->hello_in, TLS_HELLO_MAX_INPUT);
	return s;
}

void session_clear_pending(struct session *s)
{
	s->txn_lost_waiting = false; /* no reply can come on this connection any more */
	for (size_t i = 0; i < s->npending; i++) {
		struct pending *pd = &s->pending[(s->pending_head + i) % SESSION_MAX_PENDING];
		free(pd->line);
		pd->line = NULL;
	}
	s->npending = 0;
	s->pending_head = 0;
}

void session_auth_forget(struct session *s)
{
	sasl_client_free(s->sasl);
	s->sasl = NULL;
	s->sasl_server_msgs = s->sasl_client_msgs = 0;
	s->auth_step = 0;
	s->auth_mech[0] = '\0';
	memset(&s->hand, 0, sizeof s->hand);
}

void session_free(struct session *s)
{
	if (s == NULL)
		return;
	if (s->resolving)
		resolve_cancel(s->resolving);
	session_disarm_wait(s);
	io_close(s);
	session_clear_pending(s);
	session_auth_forget(s);
	txn_free(&s->txn);
	free(s->queued_first);
	reply_parser_free(s->parser);
	reply_free(s->last_reply);
	for (int i = 0; i < CAPS_NPHASES; i++)
		caps_free(s->caps[i]);
	free(s->mcache);
	tls_info_free(s->tls_info);
	session_mta_free(s);
	buf_free(&s->rawout);
	buf_free(&s->hello_in);
	buf_free(&s->preamble);
	free(s->last_command);
	free(s->typed_ehlo);
	free(s->ca_path_set);
	free(s->ehlo_name);
	free(s->host);
	free(s->host_u);
	free(s);
}

void session_add_sink(struct session *s, event_fn fn, void *ctx)
{
	if (s->nsinks == SESSION_MAX_SINKS)
		abort(); /* programmer error */
	s->sinks[s->nsinks++] = (struct sink){fn, ctx};
}

void session_set_advisor(struct session *s, session_advisor_fn fn, void *ctx)
{
	s->advisor = fn;
	s->advisor_ctx = ctx;
}

void session_set_state(struct session *s, enum smtp_state st)
{
	if (st == s->state)
		return;
	struct event ev = {.type = EV_STATE, .state_from = (int)s->state, .state = (int)st};
	s->state = st;
	session_emit(s, &ev);
}

/* ---- waits ---- */

static void on_wait_timeout(void *arg)
{
	struct session *s = arg;
	s->wait_timer = 0;
	s->wait_deadline_ms = 0;
	struct dtext msg;
	dtext_init(&msg, 512);
	/* TRANSLATORS: %s is what was awaited ("reply to EHLO", "TLS handshake", "greeting"); %u seconds. */
	dtext_en_printf(&msg, "no %s within %u s", s->waiting_for, s->params.timeout_ms / 1000);
	dtext_loc_printf(&msg, N_("no %s within %u s"), s->waiting_for_loc, s->params.timeout_ms / 1000);
	/* A STARTTLS handshake that never ends is a failed handshake: on a connection /mx made, the delivery view
	 * judges it (a sender falls back to plaintext), as in session-io.c. */
	if (s->phase == PHASE_HANDSHAKE && session_mta_handshake_soft(s))
		session_mta_handshake_note(s, &msg);
	else
		session_faild(s, "timeout", &msg);
	dtext_free(&msg);
	if (s->phase == PHASE_CONNECTING) {
		loop_unwatch(s->loop, s->fd);
		close(s->fd);
		s->fd = -1;
		io_connect_next(s);
		return;
	}
	if (s->phase == PHASE_HANDSHAKE) {
		session_mta_tls_lost(s, false); /* a connection /mx made: what a sender does now */
		session_on_eof(s, "client", N_("TLS handshake timed out"));
		return;
	}
	if (s->txn.stage == TXN_VERDICT) {
		session_txn_end(s, N_("no final reply to the message before the timeout"));
		s->txn_lost_waiting = true;
	}
	/* The commands stay matched to their replies (servers answer in order): a reply that comes after the timeout
	 * is still the answer to its command, and is applied (and said to be late) instead of being taken for the
	 * next command's. Nothing waits for them any more. */
	for (size_t i = 0; i < s->npending; i++) {
		struct pending *pd = session_pending_at(s, i);
		if (!pd->abandoned)
			pd->timed_out = true;
		pd->abandoned = true;
	}
	s->waiting_for[0] = '\0';
	s->waiting_for_loc[0] = '\0';
	session_check_idle(s);
}

static void arm_wait(struct session *s, const char *what, const char *what_loc)
{
	if (s->wait_timer)
		loop_timer_cancel(s->loop, s->wait_timer);
	s->wait_timer = loop_timer_add(s->loop, s->params.timeout_ms, on_wait_timeout, s);
	s->wait_deadline_ms = loop_now_ms() + s->params.timeout_ms;
	snprintf(s->waiting_for, sizeof s->waiting_for, "%s", what);
	snprintf(s->waiting_for_loc, sizeof s->waiting_for_loc, "%s", what_loc);
	struct event ev = {.type = EV_WAITING,
			   .text = s->waiting_for,
			   .text_loc = i18n_translating() ? s->waiting_for_loc : NULL,
			   .timeout_ms = s->params.timeout_ms};
	session_emit(s, &ev);
}

void session_arm_wait(struct session *s, const char *what)
{
	arm_wait(s, what, _(what));
}

void session_arm_waitd(struct session *s, const struct dtext *what)
{
	arm_wait(s, dtext_en(what), dtext_loc(what));
}

void session_disarm_wait(struct session *s)
{
	if (s->wait_timer)
		loop_timer_cancel(s->loop, s->wait_timer);
	s->wait_timer = 0;
	s->wait_deadline_ms = 0;
	s->waiting_for[0] = '\0';
	s->waiting_for_loc[0] = '\0';
}

int64_t session_wait_remaining(const struct session *s)
{
	if (!s->wait_deadline_ms)
		return -1;
	uint64_t now = loop_now_ms();
	return s->wait_deadline_ms > now ? (int64_t)(s->wait_deadline_ms - now) : 0;
}

const char *session_waiting_for(const struct session *s)
{
	return s->waiting_for[0] ? s->waiting_for : NULL;
}

const char *session_waiting_for_loc(const struct session *s)
{
	return s->waiting_for[0] ? s->waiting_for_loc : NULL;
}

struct pending *session_pending_at(struct session *s, size_t i)
{
	return &s->pending[(s->pending_head + i) % SESSION_MAX_PENDING];
}

/* A greeting awaited after --no-wait does not hold the console back. */
size_t session_blocking_pending(const struct session *s)
{
	size_t n = 0;
	for (size_t i = 0; i < s->npending; i++) {
		const struct pending *pd = &s->pending[(s->pending_head + i) % SESSION_MAX_PENDING];
		if (!(pd->line == NULL && s->no_wait) && !pd->abandoned)
			n++;
	}
	return n;
}

bool session_idle(const struct session *s)
{
	if (s->phase == PHASE_RESOLVING || s->phase == PHASE_CONNECTING || s->phase == PHASE_HANDSHAKE)
		return false;
	return session_blocking_pending(s) == 0 && !s->msg_active;
}

void session_check_idle(struct session *s)
{
	if (session_idle(s)) {
		struct event ev = {.type = EV_IDLE};
		session_emit(s, &ev);
	}
}

void session_expect_reply(struct session *s, const char *line, const char *verb)
{
	if (s->npending == SESSION_MAX_PENDING) {
		session_emit_text(s, EV_WARNING, "too-many-pending",
				  N_("too many commands await replies; not tracking more"), NULL);
		return;
	}
	struct pending *pd = session_pending_at(s, s->npending++);
	pd->line = line ? xstrdup(line) : NULL;
	pd->abandoned = false;
	pd->timed_out = false;
	snprintf(pd->verb, sizeof pd->verb, "%s", verb);
	if (session_blocking_pending(s) == 1 || !s->wait_timer) {
		if (line == NULL)
			session_arm_wait(s, N_("greeting"));
		else if (verb[0] == '.')
			session_arm_wait(s, N_("reply to the end of the message"));
		else if (verb[0] == '?')
			session_arm_wait(s, N_("reply to the raw bytes"));
		else {
			struct dtext what;
			dtext_init(&what, 96);
			/* TRANSLATORS: what the console waits for; %s is an SMTP command (EHLO, MAIL, DATA). */
			dtext_printf(&what, "reply to %s", verb);
			session_arm_waitd(s, &what);
			dtext_free(&what);
		}
	}
}

void session_wait_greeting(struct session *s)
{
	if (!s->no_wait)
		return;
	s->no_wait = false;
	if (session_blocking_pending(s) && !s->wait_timer)
		session_arm_wait(s, N_("greeting"));
}

int session_end_replies(const struct session *s)
{
	return s->params.lmtp && s->rcpts > 1 ? s->rcpts : 1;
}

void session_txn_end(struct session *s, const char *reason)
{
	struct txn_result r;
	while (txn_on_end(&s->txn, reason, &r))
		session_emit_txn(s, &r);
}

/* ---- connecting ---- */

static void on_resolved(void *arg, struct addrinfo *res, int err)
{
	struct session *s = arg;
	s->resolving = NULL;
	if (res == NULL) {
		s->phase = PHASE_IDLE;
		session_set_state(s, SMTP_DISCONNECTED);
		session_disarm_wait(s);
		session_fail(s, "resolve", "cannot resolve %s: %s", s->host, gai_strerror(err));
		session_check_idle(s);
		return;
	}
	long count = 0;
	for (struct addrinfo *ai = res; ai; ai = ai->ai_next)
		count++;
	struct event ev = {.type = EV_RESOLVED, .host = s->host, .text = s->host_u, .count = count};
	session_emit(s, &ev);
	session_disarm_wait(s);
	s->addrs = s->next_addr = res;
	io_connect_next(s);
}

/* "HOST:PORT" / "[v6]:PORT" of a proxy. */
static int split_proxy(const char *spec, char **host, int *port)
{
	const char *colon = strrchr(spec, ':');
	if (colon == NULL || colon == spec)
		return -1;
	char *end;
	long p = strtol(colon + 1, &end, 10);
	if (*end || p <= 0 || p > 65535)
		return -1;
	const char *h = spec;
	size_t hl = (size_t)(colon - spec);
	if (h[0] == '[' && hl >= 2 && h[hl - 1] == ']') {
		h++;
		hl -= 2;
	}
	*host = xstrndup(h, hl);
	*port = (int)p;
	return 0;
}

int session_connect(struct session *s, const char *host, int port, bool implicit_tls, bool no_wait)
{
	if (s->phase != PHASE_IDLE || s->fd >= 0)
		session_close(s);
	char *bare = NULL;
	size_t hl = strlen(host);
	if (hl >= 2 && host[0] == '[' && host[hl - 1] == ']')
		bare = xstrndup(host + 1, hl - 2);
	else
		bare = xstrdup(host);
	const char *err = NULL;
	bool local = bare[0] == '/';
	if (local && strlen(bare) >= sizeof ((struct sockaddr_un *)0)->sun_path) {
		session_fail(s, "connect", "the socket path %s is too long", bare);
		free(bare);
		return -1;
	}
	char *alabel = local ? xstrdup(bare) : resolve_to_alabel(bare, &err);
	if (alabel == NULL) {
		session_fail(s, "resolve", "%s is not a valid host name: %s", bare, err);
		free(bare);
		return -1;
	}
	free(s->host);
	free(s->host_u);
	s->host_u = strcmp(alabel, bare) != 0 ? xstrdup(bare) : NULL;
	s->host = alabel;
	free(bare);
	s->port = port;
	session_mta_begin(s);
	s->implicit_tls = implicit_tls;
	s->no_wait = no_wait;
	s->addr[0] = '\0';
	s->authenticated = false;
	s->rcpts = 0;
	s->cur_phase = implicit_tls ? CAPS_TLS : CAPS_PLAIN;
	for (int i = 0; i < CAPS_NPHASES; i++) {
		caps_free(s->caps[i]);
		s->caps[i] = NULL;
	}
	session_caps_changed(s);
	tls_info_free(s->tls_info);
	s->tls_info = NULL;
	reply_parser_reset(s->parser);
	/* Most sessions reach TLS: let the system trust store load while we resolve, connect and wait. */
	if (s->params.tls_ca_path == NULL && s->params.tls_cert == NULL)
		tls_preload_system_trust();
	s->phase = PHASE_RESOLVING;
	session_set_state(s, SMTP_CONNECTING);
	if (local) {
		/* A Unix-domain socket: no resolving, one address of our own making. */
		struct {
			struct addrinfo ai;
			struct sockaddr_un sun;
		} *l = xcalloc(1, sizeof *l);
		l->sun.sun_family = AF_UNIX;
		snprintf(l->sun.sun_path, sizeof l->sun.sun_path, "%s", s->host);
		l->ai.ai_family = AF_UNIX;
		l->ai.ai_socktype = SOCK_STREAM;
		l->ai.ai_addr = (struct sockaddr *)&l->sun;
		l->ai.ai_addrlen = sizeof l->sun;
		s->addrs = s->next_addr = &l->ai;
		s->addrs_local = true;
		io_connect_next(s);
		return 0;
	}
	struct dtext what;
	dtext_init(&what, 96);
	/* TRANSLATORS: what the console waits for: the DNS answer for a host name. */
	dtext_printf(&what, "address of %s", s->host);
	session_arm_waitd(s, &what);
	dtext_free(&what);
	if (s->params.socks5) {
		/* Through a SOCKS5 proxy: resolve and connect to the proxy; it reaches the target by name. */
		char *phost = NULL;
		int pport = 0;
		if (split_proxy(s->params.socks5, &phost, &pport) < 0) {
			s->phase = PHASE_IDLE;
			session_set_state(s, SMTP_DISCONNECTED);
			session_disarm_wait(s);
			session_fail(s, "connect", "bad SOCKS5 proxy address '%s' (HOST:PORT, [IPv6]:PORT)", s->params.socks5);
			session_check_idle(s);
			return -1;
		}
		struct dtext note;
		dtext_init(&note, 512);
		dtext_printf(&note,
			     "through the SOCKS5 proxy %s: the addresses below are the proxy's; it resolves %s and "
			     "connects to port %d itself",
			     s->params.socks5, s->host, port);
		session_emit_textd(s, EV_INFO, "socks5", &note, NULL);
		dtext_free(&note);
		s->resolving = resolve_start(s->loop, phost, pport, on_resolved, s);
		free(phost);
		return 0;
	}
	s->resolving = resolve_start(s->loop, s->host, port, on_resolved, s);
	return 0;
}

/* The EHLO name: ours if given; else this host's name when it is fully qualified; else an address literal
 * (RFC 5321 §4.1.4), never a made-up name. */
static void choose_ehlo_name(struct session *s)
{
	free(s->ehlo_name);
	s->ehlo_name = NULL;
	if (s->params.ehlo_name) {
		s->ehlo_name = xstrdup(s->params.ehlo_name);
	} else {
		char name[256] = "";
		if (gethostname(name, sizeof name - 1) == 0 && strchr(name, '.') != NULL)
			s->ehlo_name = xstrdup(name);
	}
	if (s->ehlo_name == NULL) {
		struct sockaddr_storage ss;
		socklen_t len = sizeof ss;
		char a[INET6_ADDRSTRLEN] = "127.0.0.1";
		if (getsockname(s->fd, (struct sockaddr *)&ss, &len) == 0) {
			if (ss.ss_family == AF_INET6) {
				inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, a, sizeof a);
				s->ehlo_name = xasprintf("[IPv6:%s]", a);
			} else if (ss.ss_family == AF_INET) {
				inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, a, sizeof a);
			}
		}
		if (s->ehlo_name == NULL)
			s->ehlo_name = xasprintf("[%s]", a);
	}
	if (strcasecmp(s->ehlo_name, "localhost") == 0)
		session_emit_text(s, EV_WARNING, "ehlo-localhost", N_("the EHLO name is \"localhost\""),
				  N_("servers may reject or distrust it: use --ehlo with this host's real name"));
}

void session_on_connected(struct session *s)
{
	s->phase = PHASE_CONNECTED;
	choose_ehlo_name(s);
	struct event ev = {.type = EV_CONNECTED, .host = s->host, .addr = s->addr, .port = s->port};
	session_emit(s, &ev);
	if (s->preamble.len) {
		/* Straight to the socket, ahead of a TLS ClientHello: a PROXY header precedes everything. */
		struct event sent = {.type = EV_SENT, .dir = DIR_CLIENT, .data = s->preamble.data, .len = s->preamble.len};
		buf_append(&s->rawout, s->preamble.data, s->preamble.len);
		session_emit(s, &sent);
	}
	io_update_watch(s);
	if (s->implicit_tls) {
		if (io_begin_tls(s) < 0)
			session_on_eof(s, "client", N_("TLS could not be set up"));
		return;
	}
	session_set_state(s, SMTP_GREETING);
	session_expect_reply(s, NULL, "");
	if (s->no_wait)
		session_disarm_wait(s); /* the user wants to talk first: no wait, but the greeting is still matched */
	session_check_idle(s);
}

void session_on_handshake_done(struct session *s)
{
	session_disarm_wait(s);
	tls_info_free(s->tls_info);
	s->tls_info = tls_info_collect(s->tls);
	if (s->tls_info)
		s->tls_info->verify_skipped = !s->params.tls_verify;
	s->tls_active = true;
	s->cert_trusted = false;
	s->hold_quit = false;
	s->phase = PHASE_CONNECTED;
	struct event ev = {.type = EV_TLS, .tls = true, .tls_info = s->tls_info};
	session_emit(s, &ev);
	bool verified = s->tls_info && s->tls_info->verified;
	enum mta_decision mta = s->mta ? session_mta_judge_tls(s) : MTA_STRICT;
	if (mta == MTA_VERIFIED)
		verified = true; /* DANE authenticated the certificate: no /trust needed */
	if (mta == MTA_DEFER) {
		s->phase = PHASE_TLS_HOLD; /* nothing more is sent: the sender would not deliver (session_fail said why) */
	} else if (!verified && mta == MTA_OPPORTUNISTIC) {
		session_emit_text(s, EV_WARNING, "tls-opportunistic",
				  N_("certificate NOT verified under web-PKI rules; going on as a sending MTA would"),
				  N_("without DANE or MTA-STS, mail between servers accepts any certificate "
				     "(opportunistic TLS): --tls-verify holds the session on it anyway"));
	} else if (!verified && s->params.tls_verify) {
		s->phase = PHASE_TLS_HOLD;
		if (s->params.unattended) /* a script cannot decide: the console ends the session here */
			session_fail(
				s, "tls-verify",
				"the server's certificate could not be verified, and a script cannot decide to trust "
				"it: "
				"the session ends here (--tls-ca-path FILE trusts a private CA; --insecure goes on "
				"without verifying)");
		else
			session_fail(
				s, "tls-verify",
				"the server's certificate could not be verified: nothing more is sent until you decide "
				"(/trust to go on for this connection, /close to drop it; --insecure skips this)");
	} else if (!verified) {
		session_emit_text(s, EV_WARNING, "tls-insecure",
				  N_("certificate NOT verified; going on because of --insecure"), NULL);
	}
	/* RFC 3207 §4.2: everything learned before TLS is forgotten. */
	s->cur_phase = CAPS_TLS;
	s->authenticated = false;
	caps_free(s->caps[CAPS_TLS]);
	caps_free(s->caps[CAPS_AUTH]);
	s->caps[CAPS_TLS] = s->caps[CAPS_AUTH] = NULL;
	session_caps_changed(s);
	if (s->implicit_tls && s->state == SMTP_HANDSHAKE) {
		session_set_state(s, SMTP_GREETING);
		session_expect_reply(s, NULL, "");
	} else {
		session_set_state(s, SMTP_GREETED);
		if (s->phase != PHASE_TLS_HOLD)
			session_emit_text(s, EV_INFO, "ehlo-again",
					  N_("TLS is up: send EHLO again now (RFC 3207 §4.2: the server forgot what it "
					     "said before TLS, and the capabilities may differ)"),
					  NULL);
	}
	io_update_watch(s);
	session_check_idle(s);
}

void session_close(struct session *s)
{
	if (s->resolving) {
		resolve_cancel(s->resolving);
		s->resolving = NULL;
	}
	bool was_open = s->fd >= 0;
	session_disarm_wait(s);
	io_close(s);
	session_clear_pending(s);
	session_auth_forget(s);
	reply_parser_reset(s->parser);
	s->phase = PHASE_IDLE;
	s->authenticated = false; /* the login belonged to the connection */
	if (was_open) {
		struct event ev = {.type = EV_CLOSED,
				   .text = "client",
				   .id = "closed by the console",
				   .text_loc = i18n_translating() ? _("closed by the console") : NULL};
		session_emit(s, &ev);
	}
	session_set_state(s, was_open ? SMTP_CLOSED : SMTP_DISCONNECTED);
	session_txn_end(s, N_("the console closed the connection before the final reply"));
	session_check_idle(s);
}

void session_cancel(struct session *s)
{
	switch (s->phase) {
	case PHASE_RESOLVING:
	case PHASE_CONNECTING:
	case PHASE_HANDSHAKE:
		session_emit_text(s, EV_INFO, "cancelled", N_("cancelled"), NULL);
		session_close(s);
		return;
	default:
		break;
	}
	if (session_blocking_pending(s)) {
		struct dtext msg;
		dtext_init(&msg, 256);
		/* TRANSLATORS: %s is what was awaited ("reply to EHLO", "greeting"). */
		dtext_en_printf(&msg, "stopped waiting for the %s (a late reply will still be shown and applied)",
				s->waiting_for[0] ? s->waiting_for : "reply");
		dtext_loc_printf(&msg, N_("stopped waiting for the %s (a late reply will still be shown and applied)"),
				 s->waiting_for[0] ? s->waiting_for_loc : _("reply"));
		/* The commands stay matched to their replies: servers answer in order, so a late 250 to EHLO is still
		 * EHLO's, and its capabilities and the state it leads to count. */
		for (size_t i = 0; i < s->npending; i++)
			session_pending_at(s, i)->abandoned = true;
		session_disarm_wait(s);
		session_emit_textd(s, EV_INFO, "cancelled", &msg, NULL);
		dtext_free(&msg);
	}
	session_check_idle(s);
}

/* ---- replies ---- */
