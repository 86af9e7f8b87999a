/* cmd-session: commands that open, upgrade and close the connection: /connect /starttls /ehlo /trust /close
 * /quit /sleep. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd/console-int.h"
#include "core/tls.h"
#include "lib/xmalloc.h"

static enum cmd_result exec_connect(struct console *c, int argc, char **argv)
{
	char *host = NULL;
	int port = 0;
	if (argv[1][0] == '/' || strncmp(argv[1], "unix:", 5) == 0) {
		/* A Unix-domain socket (swaks --socket): the path as given. */
		host = xstrdup(argv[1][0] == '/' ? argv[1] : argv[1] + 5);
		port = -1;
	} else if (cli_split_host_port(argv[1], &host, &port) < 0) {
		console_error(c, "bad address '%s' (HOST[:PORT], [IPv6]:PORT)", argv[1]);
		return CMD_FAIL;
	}
	bool tls = false, no_wait = false;
	for (int i = 2; i < argc; i++) {
		if (strcasecmp(argv[i], "tls") == 0 || strcmp(argv[i], "--tls-on-connect") == 0)
			tls = true;
		else if (strcmp(argv[i], "--no-wait") == 0 || strcasecmp(argv[i], "nowait") == 0)
			no_wait = true;
		else {
			console_error(c, "unknown /connect option '%s' (tls, --no-wait)", argv[i]);
			free(host);
			return CMD_FAIL;
		}
	}
	if (port == -1)
		port = 0;
	else if (port == 0)
		port = tls ? 465 : 25;
	int r = session_connect(c->s, host, port, tls, no_wait);
	free(host);
	if (r < 0)
		return CMD_FAIL;
	/* --tls / --tls-optional hold for every connection of the console, the first (the preamble's, or the MX's)
	 * as one opened by hand after --tls stopped a session: EHLO, then STARTTLS, before anything typed. */
	bool plain = c->plain_next;
	c->plain_next = false;
	if (!tls && plain) {
		const char *step = "/ehlo";
		console_push_front(c, &step, 1);
	} else if (!tls && (c->cfg->tls_required || c->cfg->tls_optional)) {
		const char *steps[] = {"/ehlo", c->cfg->tls_required ? "/starttls required" : "/starttls optional"};
		console_push_front(c, steps, 2);
	}
	return CMD_WAIT;
}

const struct cmd_entry cmd_connect_entry = {
	"connect",
	"open",
	"HOST[:PORT]|unix:PATH [tls] [--no-wait]",
	N_("connect (tls: implicit TLS; --no-wait: do not wait for the greeting); with --tls or --tls-optional, EHLO "
	   "and STARTTLS follow"),
	1,
	3,
	exec_connect,
};

/* /starttls [required|optional]: STARTTLS, the handshake, and EHLO again (RFC 3207 §4.2) in one step. */
static enum cmd_result exec_starttls(struct console *c, int argc, char **argv)
{
	const struct caps *caps = session_current_caps(c->s);
	bool offered = caps && caps_find(caps, "STARTTLS");
	if (argc > 1 && caps && !offered) {
		session_mta_no_tls(c->s); /* a connection /mx made: what a sender does without TLS */
		if (strcasecmp(argv[1], "optional") == 0) {
			console_print(c, "STARTTLS is not offered: going on in plaintext (--tls-optional)");
			return CMD_DONE;
		}
		if (strcasecmp(argv[1], "required") == 0) {
			struct dtext msg;
			dtext_init(&msg, 512);
			dtext_printf(&msg, "STARTTLS is not offered by the server, and --tls requires it");
			console_stop_session(
				c, &msg,
				N_("a server that should offer it but does not may be misconfigured, or something "
				   "in the path strips it (a downgrade)"));
			dtext_free(&msg);
			return CMD_FAIL;
		}
	}
	if (session_is_tls(c->s)) {
		console_error(c, "TLS is already active on this connection");
		return CMD_FAIL;
	}
	/* After the handshake, EHLO again; "optional" (--tls-optional) lets a refusal go on in plaintext. */
	bool optional = argc > 1 && strcasecmp(argv[1], "optional") == 0;
	const char *const step = optional ? "/ehlo after-tls-optional" : "/ehlo after-tls";
	console_push_front(c, &step, 1);
	return console_send_smtp(c, "STARTTLS");
}

const struct cmd_entry cmd_starttls_entry = {
	"starttls",
	NULL,
	"[required|optional]",
	N_("STARTTLS, TLS handshake, then EHLO again with the capability diff"),
	0,
	1,
	exec_starttls,
};

/*
 * --tls-optional (/starttls optional) and the server refused STARTTLS (454, or a 5xx) on a connection that is still
 * open: a refusal is an answer, not a failure. RFC 3207 lets the client go on without TLS, and the EHLO
 * capabilities still hold (no second EHLO), so say what the code means and that what follows travels readable, and
 * go on: the exit status is not touched (the option asked for TLS only where the server gives it).
 */
static enum cmd_result starttls_refused_optional(struct console *c, const struct reply *r)
{
	char code[32];
	snprintf(code, sizeof code, "%d%s%s", r->code, r->enhanced[0] ? " " : "", r->enhanced);
	struct dtext msg, hint;
	dtext_init(&msg, 512);
	dtext_init(&hint, 1024);
	dtext_printf(&msg, "STARTTLS was refused (%s): the session continues in plaintext (--tls-optional)", code);
	if (r->code / 100 == 4)
		dtext_printf(&hint, "a 4xx refusal is temporary (454: TLS is not available right now), so a later "
				    "connection may get TLS; until then everything this session sends, passwords too, "
				    "travels readable");
	else
		dtext_printf(&hint, "a 5xx refusal is permanent: this server will not do TLS here; everything this "
				    "session sends, passwords too, travels readable");
	session_emit_diagnosisd(c->s, "starttls-refused", SEV_WARNING, &msg, &hint);
	dtext_free(&msg);
	dtext_free(&hint);
	return CMD_DONE;
}

bool console_plaintext_retry_due(const struct console *c, int argc, char **argv)
{
	return argc > 1 && strcmp(argv[0], "ehlo") == 0 &&
	       (strcmp(argv[1], "after-tls") == 0 || strcmp(argv[1], "after-tls-optional") == 0) &&
	       !c->cfg->tls_required && session_mta_plaintext_fallback(c->s) && session_phase(c->s) == PHASE_IDLE;
}

/* A connection /mx made whose STARTTLS handshake failed, where a sender delivers anyway: do what it does, connect
 * again and go on in plaintext (RFC 7435; Postfix's "may" level), so that the session (a script's commands too)
 * goes on as the delivery view says mail would. */
static enum cmd_result plaintext_retry(struct console *c)
{
	const char *host = session_host(c->s);
	int port = session_port(c->s);
	if (host == NULL || port <= 0)
		return CMD_FAIL;
	console_print(c,
		      "the STARTTLS handshake failed: connecting to %s port %d again, in plaintext, as a sending "
		      "MTA does (RFC 7435)",
		      host, port);
	char *line = xasprintf(strchr(host, ':') ? "/connect [%s]:%d" : "/connect %s:%d", host, port);
	c->plain_next = true;
	session_mta_retry_plaintext(c->s);
	const char *step = line;
	console_push_front(c, &step, 1);
	free(line);
	return CMD_DONE;
}

/* /ehlo [NAME|after-tls|after-tls-optional]: EHLO with our usual name. "after-tls" (the step /starttls queues)
 * sends it only if the handshake succeeded; "after-tls-optional" also lets a refused STARTTLS go on. */
static enum cmd_result exec_ehlo(struct console *c, int argc, char **argv)
{
	const char *name = session_ehlo_name(c->s);
	bool optional = argc > 1 && strcmp(argv[1], "after-tls-optional") == 0;
	if (argc > 1 && (optional || strcmp(argv[1], "after-tls") == 0)) {
		if (!session_is_tls(c->s)) {
			const struct reply *r = session_last_reply(c->s);
			if (console_plaintext_retry_due(c, argc, argv))
				return plaintext_retry(c);
			if (optional && r && r->code / 100 != 2 && session_phase(c->s) == PHASE_CONNECTED)
				return starttls_refused_optional(c, r);
			if (!c->cfg->tls_required) {
				console_error(c, "STARTTLS did not lead to TLS: not sending EHLO again");
				return CMD_FAIL;
			}
			/* --tls: the user asked for TLS or nothing; the session stops here (console_stop_session). */
			if (r && r->code != 220 && session_phase(c->s) == PHASE_CONNECTED) {
				struct dtext msg;
				dtext_init(&msg, 512);
				char code[32];
				snprintf(code, sizeof code, "%d%s%s", r->code, r->enhanced[0] ? " " : "", r->enhanced);
				dtext_printf(&msg, "STARTTLS was refused (%s), and --tls requires TLS", code);
				console_stop_session(
					c, &msg,
					r->code / 100 == 4
						? N_("a 4xx refusal is temporary (454: TLS is not available right "
						     "now): "
						     "try again later")
						: N_("a 5xx refusal is permanent: this server will not do TLS here"));
				dtext_free(&msg);
			} else {
				struct dtext msg;
				dtext_init(&msg, 512);
				dtext_printf(&msg, "STARTTLS did not lead to TLS, and --tls requires it");
				console_stop_session(c, &msg, NULL);
				dtext_free(&msg);
			}
			return CMD_FAIL;
		}
	} else if (argc > 1) {
		name = argv[1];
	}
	/* LMTP (RFC 2033) greets with LHLO. */
	char *line = xasprintf("%s %s", session_params(c->s)->lmtp ? "LHLO" : "EHLO", name ? name : "[127.0.0.1]");
	enum cmd_result r = console_send_smtp(c, line);
	free(line);
	return r;
}

const struct cmd_entry cmd_ehlo_entry = {
	"ehlo", NULL, "[NAME]", N_("send EHLO with this host's name (or NAME)"), 0, 1, exec_ehlo,
};

static enum cmd_result exec_trust(struct console *c, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	session_trust(c->s);
	return CMD_WAIT;
}

const struct cmd_entry cmd_trust_entry = {
	"trust", NULL, "", N_("accept a certificate that did not verify, for this connection only"), 0, 0, exec_trust,
};

static enum cmd_result exec_close(struct console *c, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	session_close(c->s);
	return CMD_DONE;
}

const struct cmd_entry cmd_close_entry = {
	"close", NULL, "", N_("drop the connection without QUIT"), 0, 0, exec_close,
};

static enum cmd_result exec_leave(struct console *c, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	if (session_phase(c->s) != PHASE_IDLE)
		session_close(c->s);
	return CMD_STOP;
}

const struct cmd_entry cmd_leave_entry = {
	"leave", NULL, "", N_("leave the console at once (no QUIT)"), 0, 0, exec_leave,
};

static enum cmd_result exec_quit(struct console *c, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	if (session_phase(c->s) == PHASE_CONNECTED) {
		static const char *const after[] = {"/leave"};
		console_push_front(c, after, 1);
		return console_send_smtp(c, "QUIT");
	}
	if (session_phase(c->s) == PHASE_TLS_HOLD) {
		/* Leaving instead of deciding about the certificate: still politely (QUIT is the one line that may go
		 * out during the hold), then /leave once the 221 came (or the wait ended). */
		static const char *const after[] = {"/leave"};
		console_push_front(c, after, 1);
		return session_send_quit(c->s) < 0 ? CMD_FAIL : CMD_WAIT;
	}
	return exec_leave(c, argc, argv);
}

const struct cmd_entry cmd_quit_entry = {
	"quit", "exit", "", N_("send QUIT (when connected) and leave"), 0, 0, exec_quit,
};

static void on_sleep_done(void *arg)
{
	struct console *c = arg;
	c->sleep_timer = 0;
	c->sleeping = false;
	c->running = false;
	console_kick(c);
}

static enum cmd_result exec_sleep(struct console *c, int argc, char **argv)
{
	(void)argc;
	char *end;
	long ms = strtol(argv[1], &end, 10);
	if (*end || ms < 0 || ms > 3600000) {
		console_error(c, "/sleep takes milliseconds (0-3600000)");
		return CMD_FAIL;
	}
	c->sleeping = true;
	c->sleep_timer = loop_timer_add(c->loop, (uint64_t)ms, on_sleep_done, c);
	return CMD_WAIT;
}

const struct cmd_entry cmd_sleep_entry = {
	"sleep", NULL, "MS", N_("wait MS milliseconds (replies that arrive meanwhile are shown)"), 1, 1, exec_sleep,
};
