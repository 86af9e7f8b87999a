/* cmd-smtp: SMTP helpers: /auth, /data (and its body step), /expect, /pipeline ... /end. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd/cmd-sasl.h"
#include "cmd/console-int.h"
#include "cmd/message.h"
#include "cmd/mime.h"
#include "core/auth.h"
#include "core/sasl.h"
#include "lib/buf.h"
#include "lib/dtext-split.h"
#include "lib/xmalloc.h"

/* ---- /auth ---- */

static void auth_with_secret(struct console *c, const char *secret, void *arg)
{
	(void)arg;
	c->waiting_secret = false;
	if (secret == NULL) {
		console_error(c, "AUTH cancelled: no password");
		if (c->script_mode)
			console_set_status(c, 1);
	} else {
		if (session_auth(c->s, c->pending_mech, c->pending_user, secret) == 0)
			c->running = true;
	}
	free(c->pending_mech);
	free(c->pending_user);
	c->pending_mech = c->pending_user = NULL;
	console_kick(c);
}

/*
 * Whether the /auth helper may send AUTH mech now. Like swaks ("Host did not advertise authentication"), it does not
 * hand a password to a server that did not ask for one: AUTH must be in the EHLO reply of this connection (as it
 * stands now: after STARTTLS, the second EHLO's) with mech among its mechanisms. When it is not, text gets the
 * reason ("AUTH not sent: ...") and fix the way on, both whole sentences in English and the user's language
 * (English in JSON, translated on screen), and the answer is false. A typed AUTH line and /auth raw are sent as
 * typed (with the advisor's warning), like every line the user types; /auth --force (--auth-force) sends anyway.
 */
static bool auth_advertised(struct console *c, const char *mech, struct dtext *text, struct dtext *fix)
{
	const struct caps *caps = session_current_caps(c->s);
	const struct cap *auth = caps ? caps_find(caps, "AUTH") : NULL;
	bool tls = session_is_tls(c->s);
	if (session_phase(c->s) != PHASE_CONNECTED)
		return true; /* exec_auth said "not connected"; other phases do not run /auth (it waits for idle) */
	if (caps == NULL) {
		if (tls && !session_implicit_tls(c->s))
			dtext_puts(text,
				   N_("AUTH not sent: the server has not listed its extensions on this connection "
				      "since STARTTLS, so it has not offered AUTH"));
		else
			dtext_puts(text, N_("AUTH not sent: the server has not listed its extensions on this "
					    "connection, so it has not offered AUTH"));
		dtext_puts(fix, N_("send EHLO first (/ehlo), then /auth if the reply lists AUTH."));
		return false;
	}
	if (auth == NULL) {
		/* Port 25 is for delivery: say so where it is true; elsewhere it is a likely reason, not a fact. Each
		 * variant is one sentence, so that translators see it whole. */
		bool port25 = session_port(c->s) == 25;
		if (!tls && caps_find(caps, "STARTTLS")) {
			dtext_puts(text,
				   N_("AUTH not sent: the server does not offer AUTH on this plaintext connection"));
			dtext_puts(fix,
				   N_("it may offer AUTH only inside TLS: run /starttls first (EHLO is sent again) "
				      "and look for AUTH in the new list."));
			dtext_raw(fix, " ");
			if (port25)
				dtext_puts(fix,
					   N_("If it is still missing, the server takes no logins here: port 25 is "
					      "for delivery: mail for the server's own domains, no login."));
			else
				dtext_puts(fix,
					   N_("If it is still missing, the server takes no logins here: it is "
					      "probably a delivery server, taking mail for its own domains without "
					      "one."));
		} else {
			if (tls)
				dtext_puts(text,
					   N_("AUTH not sent: this server does not offer AUTH, not even inside TLS"));
			else
				dtext_puts(text, N_("AUTH not sent: this server does not offer AUTH"));
			if (port25)
				dtext_puts(fix,
					   N_("the server takes no logins here: port 25 is for delivery: mail for the "
					      "server's own domains, no login."));
			else
				dtext_puts(fix, N_("the server takes no logins here: it is probably a delivery server, "
						   "taking mail for its own domains without one."));
		}
		dtext_raw(fix, " ");
		dtext_puts(fix, N_("To send as a user, use the submission port (587 with STARTTLS, or 465 with TLS)."));
		return false;
	}
	if (!caps_has(caps, "AUTH", mech)) {
		const struct sasl_mech *best = sasl_pick(auth->params, session_has_channel_binding(c->s));
		const char *other = best ? best->name : NULL;
		char upper[32];
		snprintf(upper, sizeof upper, "%s", mech);
		for (char *p = upper; *p; p++)
			*p = (char)toupper((unsigned char)*p);
		if (auth->params[0])
			/* TRANSLATORS: first %s: a SASL mechanism (CRAM-MD5); second: the server's list (PLAIN LOGIN). */
			dtext_printf(text, "AUTH not sent: the server does not offer AUTH %s; it lists: %.200s", upper,
				     auth->params);
		else
			dtext_printf(text, "AUTH not sent: the server does not offer AUTH %s; it lists: (no mechanism)",
				     upper);
		if (other) {
			char lower[32];
			snprintf(lower, sizeof lower, "%s", other);
			for (char *p = lower; *p; p++)
				*p = (char)tolower((unsigned char)*p);
			/* TRANSLATORS: %s: a mechanism as /auth takes it (plain); USER is typed by the user: a
			 * placeholder of the command's syntax, like in its usage line. */
			dtext_printf(fix, "use one of those: /auth %s USER.", lower);
		} else {
			/* TRANSLATORS: %s: the mechanisms /auth speaks (SCRAM-SHA-256 ... LOGIN); MECH is a placeholder. */
			dtext_printf(fix,
				     "/auth speaks %s; /auth raw MECH answers another mechanism's challenges by hand.",
				     sasl_mech_names());
		}
		return false;
	}
	return true;
}

#define AUTH_USAGE "usage: /auth [--force] MECH[,MECH...]|auto [USER] | /auth raw MECH [INITIAL]"

/* What /auth auto chose, its description (an English msgid in the table) in the user's language on screen. */
static void auto_chosen(struct console *c, const struct sasl_mech *m)
{
	struct dtext d;
	dtext_init(&d, 0);
	dtext_en_printf(&d, "/auth auto: %s, the strongest mechanism offered (%s)", m->name, m->what);
	/* TRANSLATORS: first %s: a SASL mechanism (SCRAM-SHA-256); second: its description. */
	dtext_loc_printf(&d, N_("/auth auto: %s, the strongest mechanism offered (%s)"), m->name, _(m->what));
	console_printd(c, &d);
	dtext_free(&d);
}

/*
 * The mechanism to use: "auto" is the strongest the server offers that the helper speaks (sasl_pick: SCRAM,
 * -PLUS only inside TLS); a comma-separated list (as swaks's --auth takes) is the first one offered, or the
 * first one named when the server lists none of them (auth_advertised then says so). NULL with an error shown
 * when a name is not one the helper speaks.
 */
static const struct sasl_mech *choose_mech(struct console *c, const char *arg)
{
	const struct caps *caps = session_current_caps(c->s);
	const struct cap *auth = caps ? caps_find(caps, "AUTH") : NULL;
	if (strcasecmp(arg, "auto") == 0) {
		const struct sasl_mech *m = auth ? sasl_pick(auth->params, session_has_channel_binding(c->s)) : NULL;
		if (m == NULL)
			m = sasl_mech_find("PLAIN"); /* nothing offered that we speak: auth_advertised says why */
		else
			auto_chosen(c, m);
		return m;
	}
	const struct sasl_mech *first = NULL, *offered = NULL;
	char *list = xstrdup(arg), *save = NULL;
	for (char *w = strtok_r(list, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		const struct sasl_mech *m = sasl_mech_find(w);
		if (m == NULL) {
			console_error(c, "/auth knows %s (and auto); /auth raw MECH answers any other mechanism's "
					 "challenges by hand",
				      sasl_mech_names());
			free(list);
			return NULL;
		}
		if (first == NULL)
			first = m;
		if (offered == NULL && auth && caps_has(caps, "AUTH", m->name))
			offered = m;
	}
	free(list);
	if (first == NULL)
		console_error(c, AUTH_USAGE);
	return offered ? offered : first;
}

static enum cmd_result exec_auth(struct console *c, int argc_in, char **argv_in)
{
	/* "--force" may stand anywhere after /auth. */
	bool force = c->cfg->auth_force;
	char *argv[4];
	int argc = 0;
	for (int i = 0; i < argc_in; i++) {
		if (i > 0 && strcmp(argv_in[i], "--force") == 0) {
			force = true;
		} else if (argc == 4) {
			console_error(c, AUTH_USAGE);
			return CMD_FAIL;
		} else {
			argv[argc++] = argv_in[i];
		}
	}
	if (argc < 2) {
		console_error(c, AUTH_USAGE);
		return CMD_FAIL;
	}
	if (session_phase(c->s) == PHASE_IDLE) {
		/* Before the password prompt: a line typed next must not be taken for the password. */
		if (!console_refuse_unconnected(c, NULL))
			console_error(c, "not connected: nothing was sent (/connect HOST[:PORT] first)");
		return CMD_FAIL;
	}
	if (strcasecmp(argv[1], "raw") == 0)
		return cmd_auth_raw(c, argc - 1, argv + 1);
	if (argc > 3) {
		console_error(c, AUTH_USAGE);
		return CMD_FAIL;
	}
	const char *user = argc > 2 ? argv[2] : c->cfg->auth_user;
	const struct sasl_mech *m = choose_mech(c, argv[1]);
	if (m == NULL)
		return CMD_FAIL;
	const char *mech = m->name;
	if (user == NULL) {
		console_error(c, "/auth %s needs a user (or --auth-user)", mech);
		return CMD_FAIL;
	}
	struct dtext text, hint;
	dtext_init(&text, 0);
	dtext_init(&hint, 0);
	bool refused = false;
	if (!force && !auth_advertised(c, mech, &text, &hint)) {
		dtext_raw(&hint, " ");
		dtext_puts(&hint, N_("/auth --force (or --auth-force) sends it anyway, to reproduce a client bug."));
		refused = true;
	} else if (m->needs_cb && !session_has_channel_binding(c->s)) {
		dtext_puts(&text, N_("AUTH not sent: -PLUS mechanisms bind to a TLS channel, and this connection has "
				     "none"));
		dtext_puts(&hint, N_("Run /starttls first (or connect with --tls-on-connect)."));
		refused = true;
	}
	if (refused)
		session_emit_textd(c->s, EV_ERROR, "auth", &text, &hint);
	dtext_free(&text);
	dtext_free(&hint);
	if (refused)
		return CMD_FAIL;
	struct advice adv[8];
	char probe[40];
	snprintf(probe, sizeof probe, "AUTH %s", mech);
	size_t n = advisor_check_command(c->s, probe, adv, 8);
	for (size_t i = 0; i < n; i++)
		advisor_emit_advice(c->s, &adv[i]);
	free(c->pending_mech);
	free(c->pending_user);
	c->pending_mech = xstrdup(mech);
	c->pending_user = xstrdup(user);
	c->waiting_secret = true;
	char prompt[256];
	/* TRANSLATORS: the prompt for a secret; %s: the user name. The Token form is for OAuth mechanisms. */
	snprintf(prompt, sizeof prompt, m->token ? _("Token for %s: ") : _("Password for %s: "), user);
	console_get_password(c, prompt, auth_with_secret, NULL);
	return CMD_WAIT;
}

const struct cmd_entry cmd_auth_entry = {
	"auth",
	NULL,
	"[--force] MECH[,MECH...]|auto [USER] | raw MECH [INITIAL]",
	N_("AUTH through GNU SASL (scram-sha-256[-plus], scram-sha-1[-plus], digest-md5, cram-md5, plain, login; "
	   "xoauth2, oauthbearer: the password is the token) with a password from --auth-password-file, "
	   "SMTPCON_PASSWORD, or a prompt (never echoed, masked); auto: the strongest offered; each step shown "
	   "decoded; "
	   "only when the server offers it (--force: send anyway); raw: answer each 334 yourself with /answer"),
	1,
	4,
	exec_auth,
};

/* ---- /data ---- */

static enum cmd_result exec_data(struct console *c, int argc, char **argv)
{
	if (argc == 1 && console_view(c, "compose", NULL))
		return console_send_smtp(c, "DATA"); /* the TUI's editor takes over after 354 */
	char *step = argc > 1 ? xasprintf("/body-after-354 %s", argv[1]) : xstrdup("/body-after-354");
	const char *steps[] = {step};
	console_push_front(c, steps, 1);
	free(step);
	return console_send_smtp(c, "DATA");
}

const struct cmd_entry cmd_data_entry = {
	"data",
	NULL,
	"[FILE]",
	N_("DATA, then FILE (or --data FILE, or a test message built from --header, --body, --attach and /attach) "
	   "dot-stuffed, then the final dot"),
	0,
	1,
	exec_data,
};

static char *generated_message;

static enum cmd_result exec_body(struct console *c, int argc, char **argv)
{
	const struct reply *r = session_last_reply(c->s);
	if (r == NULL || r->code != 354) {
		console_error(c, "DATA was not accepted (no 354): the message was not sent");
		return CMD_FAIL;
	}
	if (argc > 1 || c->cfg->data_file) /* --data FILE: the whole message, as is */
		return session_send_message(c->s, argc > 1 ? argv[1] : c->cfg->data_file, NULL, 0) < 0 ? CMD_FAIL
		                                                                                      : CMD_WAIT;
	free(generated_message);
	char err[300];
	size_t len = 0;
	generated_message = console_message(c, false, &len, err, sizeof err);
	if (generated_message == NULL) {
		/* The server waits for a body: end it empty rather than leave it hanging, and say why. */
		struct dtext d;
		dtext_init(&d, 512);
		dtext_en_printf(&d, "/data: %s; an empty message ends the DATA", err);
		dtext_loc_printf(&d, N_("/data: %s; an empty message ends the DATA"), mime_error_loc(err));
		console_errord(c, &d);
		dtext_free(&d);
		session_send_message(c->s, NULL, "", 0);
		console_set_status(c, 1);
		return CMD_WAIT;
	}
	return session_send_message(c->s, NULL, generated_message, len) < 0 ? CMD_FAIL : CMD_WAIT;
}

const struct cmd_entry cmd_body_entry = {
	"body-after-354", NULL, "[FILE]", NULL, 0, 1, exec_body,
};

/* ---- /expect ---- */

/* "250" exact, "2xx"/"25x" with x as a wildcard digit, "5.7.1" / "5.7.x" enhanced; "tls", "closed" states. */
static bool expect_matches(const struct session *s, const char *want)
{
	const struct reply *r = session_last_reply(s);
	if (strcasecmp(want, "tls") == 0)
		return session_is_tls(s);
	if (strcasecmp(want, "verified") == 0)
		return session_tls_info(s) && session_tls_info(s)->verified;
	if (strcasecmp(want, "closed") == 0)
		return session_phase(s) == PHASE_IDLE;
	if (r == NULL)
		return false;
	if (strchr(want, '.')) {
		const char *have = r->enhanced;
		size_t i = 0;
		for (; want[i] && have[i]; i++)
			if (!(tolower((unsigned char)want[i]) == 'x' && isdigit((unsigned char)have[i])) && want[i] != have[i])
				return false;
		return want[i] == '\0' && have[i] == '\0';
	}
	if (strlen(want) != 3 || r->code < 0)
		return false;
	char have[16];
	snprintf(have, sizeof have, "%03d", r->code);
	for (int i = 0; i < 3; i++)
		if (!(tolower((unsigned char)want[i]) == 'x') && want[i] != have[i])
			return false;
	return true;
}

static enum cmd_result exec_expect(struct console *c, int argc, char **argv)
{
	const struct reply *r = session_last_reply(c->s);
	char got[64];
	if (r)
		snprintf(got, sizeof got, "%d%s%s", r->code, r->enhanced[0] ? " " : "", r->enhanced);
	else
		snprintf(got, sizeof got, "(no reply)");
	bool ok = false;
	struct buf wanted;
	buf_init(&wanted, 256);
	for (int i = 1; i < argc; i++) {
		ok = ok || expect_matches(c->s, argv[i]);
		buf_printf(&wanted, "%s%s", i > 1 ? " " : "", argv[i]);
	}
	session_emit_expect(c->s, ok, buf_cstr(&wanted), got);
	buf_free(&wanted);
	if (!ok) {
		console_set_status(c, 1);
		return CMD_FAIL;
	}
	return CMD_DONE;
}

const struct cmd_entry cmd_expect_entry = {
	"expect",    NULL,
	"CODE...",   N_("check the last reply: 250, 2xx, 5.7.1, 5.7.x (any listed matches), tls, closed"),
	1,           -1,
	exec_expect,
};

/* ---- /pipeline ... /end ---- */

static enum cmd_result exec_pipeline(struct console *c, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	c->collecting = true;
	c->npipeline = 0;
	console_print(c, "pipeline: collecting commands until /end (sent in one write, RFC 2920)");
	return CMD_DONE;
}

const struct cmd_entry cmd_pipeline_entry = {
	"pipeline", NULL, "", N_("collect SMTP commands until /end, then send them in one write"), 0, 0, exec_pipeline,
};

static enum cmd_result exec_end(struct console *c, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	if (!c->collecting) {
		console_error(c, "/end without /pipeline");
		return CMD_FAIL;
	}
	c->collecting = false;
	struct advice adv[4];
	size_t nadv = advisor_check_pipeline(c->s, c->npipeline, adv, 4);
	for (size_t i = 0; i < nadv; i++)
		advisor_emit_advice(c->s, &adv[i]);
	int r = session_send_pipeline(c->s, (const char *const *)c->pipeline, c->npipeline);
	for (size_t i = 0; i < c->npipeline; i++)
		free(c->pipeline[i]);
	c->npipeline = 0;
	return r < 0 ? CMD_FAIL : CMD_WAIT;
}

const struct cmd_entry cmd_end_entry = {
	"end", NULL, "", N_("send the commands collected since /pipeline"), 0, 0, exec_end,
};
