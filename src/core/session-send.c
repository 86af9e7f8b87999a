/* session-send: what the user makes the session send (lines, pipelines, raw bytes, messages, AUTH), and the
 * read-only accessors views use. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/auth.h"
#include "core/session-int.h"
#include "lib/xmalloc.h"

static const char *const eol_bytes[] = {[EOL_CRLF] = "\r\n", [EOL_LF] = "\n", [EOL_CR] = "\r"};

/* Refuse only what must be refused: no connection, or a certificate the user has not accepted yet (hold_ok: the
 * QUIT of session_send_quit, which may go out anyway). */
static int can_send_ex(struct session *s, bool hold_ok)
{
	if (s->phase == PHASE_TLS_HOLD && !hold_ok) {
		session_fail(s, "tls-verify", "not sent: the certificate is not verified (/trust to accept it, /close)");
		return -1;
	}
	if (s->fd < 0 || s->phase == PHASE_CONNECTING || s->phase == PHASE_RESOLVING) {
		/* The user's slip, not a network failure: an error event, but the session has not failed. */
		struct event ev = {.type = EV_ERROR,
				   .id = "usage",
				   .text = N_("not connected: nothing was sent (/connect HOST[:PORT] first)"),
				   .severity = SEV_ERROR};
		session_emit(s, &ev);
		return -1;
	}
	return 0;
}

static int can_send(struct session *s)
{
	return can_send_ex(s, false);
}

/* The verb a line's reply will be filed under; in the DATA body only the lone dot gets a reply. */
static bool line_verb(struct session *s, const char *line, char verb[16])
{
	if (s->state == SMTP_DATA) {
		if (strcmp(line, ".") == 0) {
			snprintf(verb, 16, ".");
			return true;
		}
		return false;
	}
	if (s->state == SMTP_AUTH || s->auth_step || s->hand.active) {
		snprintf(verb, 16, "*AUTH");
		return true;
	}
	smtp_verb(line, verb);
	return true;
}

static int send_line(struct session *s, const char *line, size_t secret_off, size_t secret_len, bool hold_ok)
{
	if (can_send_ex(s, hold_ok) < 0)
		return -1;
	/* The verb first: following an AUTH typed by hand (below) makes the lines after it answers. */
	char verb[16] = ""; /* line_verb leaves it alone for a DATA body line: never compare garbage */
	bool wants_reply = line_verb(s, line, verb);
	session_auth_hand_line(s, line, &secret_off, &secret_len);
	bool secret = secret_len > 0 && !s->params.show_secrets;
	char *shown = secret ? auth_mask(line, secret_off, secret_len) : xstrdup(line);
	const char *eol = eol_bytes[s->eol];
	size_t ll = strlen(line), el = strlen(eol);
	uint8_t *data = xmalloc(ll + el);
	memcpy(data, line, ll);
	memcpy(data + ll, eol, el);
	uint8_t *view = xmalloc(ll + el);
	memcpy(view, shown, ll);
	memcpy(view + ll, eol, el);

	if (strcmp(verb, "EHLO") == 0 || strcmp(verb, "HELO") == 0 || strcmp(verb, "LHLO") == 0) {
		const char *arg = line + strspn(line, " ") + 4;
		arg += strspn(arg, " ");
		if (*arg) {
			free(s->typed_ehlo);
			s->typed_ehlo = xstrdup(arg);
		}
	}
	int nreplies = strcmp(verb, ".") == 0 && s->state == SMTP_DATA ? session_end_replies(s) : 1;
	for (int i = 0; wants_reply && i < nreplies; i++)
		session_expect_reply(s, shown, verb);
	if (strcmp(verb, ".") == 0 && s->state == SMTP_DATA) {
		session_set_state(s, SMTP_DATA_DONE);
		txn_on_message_sent(&s->txn);
	}
	if (strcmp(verb, "QUIT") == 0)
		session_set_state(s, SMTP_QUIT);
	free(s->last_command);
	s->last_command = shown;
	io_queue(s, data, ll + el, secret ? view : NULL, secret);
	explicit_bzero(data, ll + el);
	free(data);
	free(view);
	return 0;
}

int session_send_line(struct session *s, const char *line, size_t secret_off, size_t secret_len)
{
	return send_line(s, line, secret_off, secret_len, false);
}

/*
 * QUIT is the one line that may go out while a certificate awaits a decision: it carries nothing an impostor could
 * use (no credentials, no message), and without it the server logs a lost connection ("TLS connection was
 * non-properly terminated") where the client simply decided to end.
 */
int session_send_quit(struct session *s)
{
	if (s->phase == PHASE_TLS_HOLD)
		s->hold_quit = true;
	return send_line(s, "QUIT", 0, 0, s->phase == PHASE_TLS_HOLD);
}

/* Queue one write that carries `commands` command lines: two or more make a pipelined group, numbered so the views
 * can show the lines as the one write they were (event.h: group). */
static void queue_grouped(struct session *s, const uint8_t *p, size_t n, size_t commands)
{
	if (commands >= 2) {
		s->queue_group = ++s->groups;
		s->queue_group_size = commands > UINT_MAX ? UINT_MAX : (unsigned)commands;
	}
	io_queue(s, p, n, NULL, false);
	s->queue_group = 0;
	s->queue_group_size = 0;
}

int session_send_pipeline(struct session *s, const char *const *lines, size_t n)
{
	if (can_send(s) < 0)
		return -1;
	struct buf all;
	buf_init(&all, 0);
	const char *eol = eol_bytes[s->eol];
	for (size_t i = 0; i < n; i++) {
		char verb[16];
		if (line_verb(s, lines[i], verb))
			session_expect_reply(s, lines[i], verb);
		buf_append_str(&all, lines[i]);
		buf_append_str(&all, eol);
	}
	if (n) {
		free(s->last_command);
		s->last_command = xstrdup(lines[n - 1]);
	}
	queue_grouped(s, all.data, all.len, n);
	buf_free(&all);
	return 0;
}

int session_send_raw(struct session *s, const uint8_t *p, size_t n, int expect_replies)
{
	if (can_send(s) < 0)
		return -1;
	size_t lines = 0;
	if (expect_replies < 0) {
		/* One reply per line ending, filed under that line's verb. */
		size_t start = 0;
		for (size_t i = 0; i < n; i++) {
			if (p[i] != '\n')
				continue;
			char *l = xmemdup0(p + start, i - start);
			l[strcspn(l, "\r")] = '\0';
			char verb[16];
			if (line_verb(s, l, verb))
				session_expect_reply(s, l, verb);
			free(l);
			start = i + 1;
			lines++;
		}
	} else {
		for (int i = 0; i < expect_replies; i++)
			/* TRANSLATORS: what a reply answers when raw bytes were sent ("reply 554, 1 line, to (raw
			 * bytes)" in the --verbose transcript). */
			session_expect_reply(s, N_("(raw bytes)"), "?");
	}
	queue_grouped(s, p, n, lines);
	return 0;
}

int session_send_bdat(struct session *s, const uint8_t *p, size_t n, bool last)
{
	if (can_send(s) < 0)
		return -1;
	char *line = xasprintf("BDAT %zu%s", n, last ? " LAST" : "");
	for (int i = 0, k = last ? session_end_replies(s) : 1; i < k; i++)
		session_expect_reply(s, line, "BDAT");
	struct buf all;
	buf_init(&all, 0);
	buf_append_str(&all, line);
	buf_append_str(&all, eol_bytes[s->eol]);
	buf_append(&all, p, n);
	free(s->last_command);
	s->last_command = line;
	if (last)
		txn_on_message_sent(&s->txn);
	io_queue(s, all.data, all.len, NULL, false);
	buf_free(&all);
	return 0;
}

int session_send_message(struct session *s, const char *path, const char *msg, size_t msglen)
{
	if (can_send(s) < 0)
		return -1;
	if (s->msg_active) {
		session_fail(s, "usage", "a message is already being sent");
		return -1;
	}
	if (path) {
		s->msg_file = fopen(path, "rb");
		if (s->msg_file == NULL) {
			session_fail(s, "data", "cannot open %s: %s", path, strerror(errno));
			return -1;
		}
	} else {
		/* A typed message is small: keep our own copy, so the caller's text may go at once. */
		free(s->msg_copy);
		s->msg_copy = (uint8_t *)xmemdup0(msg, msglen);
		s->msg_mem = s->msg_copy;
		s->msg_len = msglen;
		s->msg_off = 0;
	}
	dotstuff_init(&s->ds);
	s->msg_active = true;
	io_update_watch(s);
	return 0;
}

void session_set_preamble(struct session *s, const uint8_t *p, size_t n)
{
	buf_reset(&s->preamble);
	if (p && n)
		buf_append(&s->preamble, p, n);
}

void session_set_timeout(struct session *s, unsigned timeout_ms)
{
	s->params.timeout_ms = timeout_ms ? timeout_ms : SESSION_DEFAULT_TIMEOUT_MS;
}

void session_set_ehlo_name(struct session *s, const char *name)
{
	free(s->typed_ehlo);
	s->typed_ehlo = name && name[0] ? xstrdup(name) : NULL;
}

void session_set_tls_trust(struct session *s, const char *ca_path, bool verify)
{
	char *copy = ca_path && ca_path[0] ? xstrdup(ca_path) : NULL;
	free(s->ca_path_set);
	s->ca_path_set = copy;
	s->params.tls_ca_path = copy;
	s->params.tls_verify = verify;
}

void session_set_show_secrets(struct session *s, bool show)
{
	s->params.show_secrets = show;
}

void session_set_eol(struct session *s, enum eol_mode m)
{
	s->eol = m;
}

void session_set_chunking(struct session *s, size_t n, unsigned delay_ms)
{
	s->chunk = n;
	s->chunk_delay = delay_ms;
}

int session_start_tls(struct session *s)
{
	if (can_send(s) < 0)
		return -1;
	if (s->tls) {
		session_fail(s, "usage", "TLS is already active on this connection");
		return -1;
	}
	if (io_begin_tls(s) < 0) {
		session_on_eof(s, "client", N_("TLS could not be set up"));
		return -1;
	}
	return 0;
}

int session_trust(struct session *s)
{
	if (s->phase != PHASE_TLS_HOLD) {
		session_emit_text(s, EV_INFO, NULL, N_("nothing to trust: no certificate is waiting for a decision"),
				  NULL);
		return 0;
	}
	s->phase = PHASE_CONNECTED;
	s->cert_trusted = true;
	session_emit_text(s, EV_WARNING, "tls-trusted",
			  N_("certificate accepted by you for this connection only, although it did not verify"), NULL);
	io_update_watch(s);
	session_check_idle(s);
	return 0;
}

void session_wait_reply(struct session *s, int n)
{
	for (int i = 0; i < (n > 0 ? n : 1); i++)
		/* TRANSLATORS: what a reply answers when the console waits for any reply to bytes it sent ("reply 554,
		 * 1 line, to (anything)" in the --verbose transcript). */
		session_expect_reply(s, N_("(anything)"), "?");
}

const char *session_command_shown(const char *command)
{
	static const char *const placeholders[] = {"(raw bytes)", "(anything)"};
	for (size_t i = 0; command && i < sizeof placeholders / sizeof placeholders[0]; i++)
		if (strcmp(command, placeholders[i]) == 0)
			return _(command);
	return command;
}

enum session_phase session_phase(const struct session *s) { return s->phase; }
enum smtp_state session_smtp_state(const struct session *s) { return s->state; }
bool session_is_tls(const struct session *s) { return s->tls_active; }
bool session_implicit_tls(const struct session *s) { return s->implicit_tls; }
bool session_authenticated(const struct session *s) { return s->authenticated; }
const struct tls_info *session_tls_info(const struct session *s) { return s->tls_info; }
const struct reply *session_last_reply(const struct session *s) { return s->last_reply; }
const char *session_last_command(const struct session *s) { return s->last_command; }
const struct caps *session_caps(const struct session *s, enum caps_phase ph)
{
	return (unsigned)ph < CAPS_NPHASES ? s->caps[ph] : NULL;
}
const struct caps *session_current_caps(const struct session *s)
{
	for (int ph = (int)s->cur_phase; ph >= 0; ph--) {
		if (s->caps[ph])
			return s->caps[ph];
		if (s->tls_active && ph == CAPS_TLS)
			return NULL; /* after TLS, the plaintext list no longer applies */
	}
	return NULL;
}
enum caps_phase session_current_phase(const struct session *s) { return s->cur_phase; }
const char *session_host(const struct session *s) { return s->host; }
const char *session_host_u(const struct session *s) { return s->host_u; }
const char *session_addr(const struct session *s) { return s->addr[0] ? s->addr : NULL; }
int session_port(const struct session *s) { return s->port; }
const char *session_ehlo_name(const struct session *s) { return s->typed_ehlo ? s->typed_ehlo : s->ehlo_name; }
uint64_t session_elapsed_ns(const struct session *s) { return loop_now_ns() - s->t0; }
int session_accepted_rcpts(const struct session *s) { return s->rcpts; }
bool session_had_failure(const struct session *s) { return s->failed; }
void session_clear_failure(struct session *s) { s->failed = false; }
const struct session_params *session_params(const struct session *s) { return &s->params; }
