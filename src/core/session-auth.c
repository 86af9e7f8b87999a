/* session-auth: the /auth helper's side of an AUTH exchange (RFC 4954): start it with the SASL client of
 * core/sasl (GNU SASL), answer each 334 challenge through it, and show every message both ways decoded and
 * explained, with its secrets masked in the decoded text as on the wire. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/auth.h"
#include "core/session-int.h"
#include "lib/xmalloc.h"

/* Show one decoded message (an EV_INFO views can pick out by id); *secret: whether it carries a secret. */
static void show(struct session *s, bool from_server, const uint8_t *p, size_t n, bool *secret)
{
	int step = from_server ? s->sasl_server_msgs++ : s->sasl_client_msgs++;
	struct dtext d, text;
	dtext_init(&d, 0); /* bounded by sasl_describe_d */
	sasl_describe_d(&d, s->auth_mech, from_server, step, p, n, s->params.show_secrets, secret);
	dtext_init(&text, 0);
	if (from_server) {
		dtext_en_printf(&text, "AUTH %s, server asks: %s", s->auth_mech, dtext_en(&d));
		/* TRANSLATORS: %s: a SASL mechanism (PLAIN, SCRAM-SHA-256), then the decoded challenge. */
		dtext_loc_printf(&text, N_("AUTH %s, server asks: %s"), s->auth_mech, dtext_loc(&d));
	} else {
		dtext_en_printf(&text, "AUTH %s, client answers: %s", s->auth_mech, dtext_en(&d));
		/* TRANSLATORS: %s: a SASL mechanism (PLAIN, SCRAM-SHA-256), then the decoded answer. */
		dtext_loc_printf(&text, N_("AUTH %s, client answers: %s"), s->auth_mech, dtext_loc(&d));
	}
	session_emit_textd(s, EV_INFO, from_server ? "sasl-server" : "sasl-client", &text, NULL);
	sasl_describe_wipe(&d);
	sasl_describe_wipe(&text);
}

/* The SASL client could not start or go on: its message, in both languages (core/sasl's sasl_error_loc). */
static void fail_raw(struct session *s, const char *err)
{
	struct dtext msg;
	dtext_init(&msg, 1024);
	dtext_en_printf(&msg, "%s", err ? err : "");
	if (i18n_translating()) /* the message itself, no format around it: nothing for the catalog */
		buf_append_str(&msg.loc, err ? sasl_error_loc(err) : "");
	session_faild(s, "auth", &msg);
	dtext_free(&msg);
}

/* Send one answer: base64 of p[0..n) (an empty line for an empty answer), masked when it carries a secret. */
static int send_answer(struct session *s, const uint8_t *p, size_t n)
{
	bool secret = false;
	show(s, false, p, n, &secret);
	char *b = auth_b64_encode(p, n);
	int r = session_send_line(s, b, 0, secret ? strlen(b) : 0);
	auth_wipe(b);
	return r;
}

bool session_has_channel_binding(const struct session *s)
{
	if (!s->tls_active || s->tls == NULL)
		return false;
	const char *type;
	unsigned char *data = NULL;
	size_t len = 0;
	bool ok = tls_channel_binding(s->tls, &type, &data, &len);
	free(data);
	return ok && len > 0;
}

int session_auth(struct session *s, const char *mech, const char *user, const char *password)
{
	const struct sasl_mech *m = sasl_mech_find(mech);
	if (m == NULL) {
		session_fail(s, "usage", "unknown AUTH mechanism %s (the helper speaks: %s)", mech, sasl_mech_names());
		return -1;
	}
	struct sasl_cb cb = {0};
	unsigned char *cbdata = NULL;
	if (m->needs_cb && s->tls_active && s->tls && tls_channel_binding(s->tls, &cb.type, &cbdata, &cb.len))
		cb.data = cbdata;
	char *err = NULL;
	struct sasl_client *c = sasl_client_new(m, user, password, &cb, "smtp", s->host, &err);
	free(cbdata);
	if (c == NULL) {
		fail_raw(s, err);
		free(err);
		return -1;
	}
	if (m->needs_cb) {
		struct dtext note;
		dtext_init(&note, 256);
		/* TRANSLATORS: %s: a SASL mechanism (SCRAM-SHA-256-PLUS), then a channel binding type (tls-exporter). */
		dtext_printf(&note, "%s binds this exchange to the TLS channel with %s data (%zu bytes) from GnuTLS",
			     m->name, cb.type, cb.len);
		session_emit_textd(s, EV_INFO, "sasl-channel-binding", &note, NULL);
		dtext_free(&note);
	}
	session_auth_forget(s);
	s->sasl = c;
	snprintf(s->auth_mech, sizeof s->auth_mech, "%s", m->name);
	int r;
	if (m->client_first) {
		uint8_t *out = NULL;
		size_t n = 0;
		if (sasl_client_step(c, NULL, 0, &out, &n, &err) == SASL_FAILED) {
			fail_raw(s, err);
			free(err);
			session_auth_forget(s);
			return -1;
		}
		bool secret = false;
		show(s, false, out, n, &secret);
		/* RFC 4954 §4: an empty initial response is sent as "=". */
		char *b = n ? auth_b64_encode(out, n) : xstrdup("=");
		sasl_wipe(out, n);
		char *line = xasprintf("AUTH %s %s", m->name, b);
		size_t off = strlen(m->name) + 6;
		r = session_send_line(s, line, off, secret ? strlen(b) : 0);
		explicit_bzero(line, strlen(line));
		free(line);
		auth_wipe(b);
	} else {
		char *line = xasprintf("AUTH %s", m->name);
		r = session_send_line(s, line, 0, 0);
		free(line);
	}
	if (r < 0) {
		session_auth_forget(s);
		return -1;
	}
	s->auth_step = 1;
	return 0;
}

/* RFC 4954 wants the challenge in base64; spaces around it are not part of it. */
static uint8_t *decode_challenge(const struct reply *r, size_t *n)
{
	const char *t = r->nlines ? r->lines[0].text : "";
	t += strspn(t, " ");
	size_t len = strlen(t);
	while (len && (t[len - 1] == ' ' || t[len - 1] == '\r' || t[len - 1] == '\n'))
		len--;
	return auth_b64_decode(t, len, n);
}

void session_auth_on_reply(struct session *s, const struct reply *r)
{
	if (s->sasl == NULL) {
		session_auth_forget(s);
		return;
	}
	if (r->code != 334) {
		const struct sasl_mech *m = sasl_client_mech(s->sasl);
		/* SCRAM and DIGEST-MD5 servers prove they know the password in a last 334; a 235 without it means
		 * the client never checked who it talked to. */
		bool proves = strncmp(m->name, "SCRAM-", 6) == 0 || strcmp(m->name, "DIGEST-MD5") == 0;
		if (r->code == 235 && proves && !sasl_client_done(s->sasl))
			session_emit_text(s, EV_WARNING, "sasl-no-server-proof",
					  N_("the server accepted the login without proving that it knows the password "
					     "(no final SCRAM/DIGEST-MD5 server message was checked)"),
					  NULL);
		session_auth_forget(s);
		return;
	}
	size_t n = 0;
	uint8_t *in = decode_challenge(r, &n);
	if (in == NULL) {
		session_emit_text(
			s, EV_WARNING, "auth-bad-challenge",
			N_("the 334 challenge is not base64 (RFC 4954 wants base64): answering \"*\" to cancel"), NULL);
		session_auth_forget(s);
		session_send_line(s, "*", 0, 0);
		return;
	}
	show(s, true, in, n, NULL);
	uint8_t *out = NULL;
	size_t outlen = 0;
	char *err = NULL;
	enum sasl_status st = sasl_client_step(s->sasl, in, n, &out, &outlen, &err);
	sasl_wipe(in, n);
	if (st == SASL_FAILED) {
		struct dtext text;
		dtext_init(&text, 1024);
		/* err: the SASL layer's words (core/sasl), English, with their translation beside (sasl_error_loc). */
		dtext_en_printf(&text, "AUTH %s stopped: %s; answering \"*\" to cancel (RFC 4954)", s->auth_mech, err);
		dtext_loc_printf(&text, N_("AUTH %s stopped: %s; answering \"*\" to cancel (RFC 4954)"), s->auth_mech,
				 err ? sasl_error_loc(err) : "");
		session_emit_textd(s, EV_ERROR, "auth", &text, NULL);
		dtext_free(&text);
		free(err);
		session_auth_forget(s);
		session_send_line(s, "*", 0, 0);
		return;
	}
	send_answer(s, out, outlen);
	sasl_wipe(out, outlen);
}
