/* cmd-probe-tls: the TLS probes. starttls-injection sends "STARTTLS\r\nNOOP\r\n" in one write, completes the
 * handshake, and waits to see whether the NOOP is answered inside TLS (CVE-2011-0411 class: the server kept
 * plaintext bytes across the TLS boundary). starttls-enforced tries AUTH, MAIL and RCPT before STARTTLS. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd-probe.h"
#include "cmd/console-int.h"
#include "lib/xmalloc.h"

#define INJECTION_WAIT_MS 1500u /* how long a late answer to the injected NOOP is waited for, inside TLS */
#define CLOSE_WAIT_MS 300u      /* after a refusal of STARTTLS, how long the server's close is waited for */

static bool close_waited; /* the refusal's close was given its time (step 3 runs twice) */

static enum cmd_result send_ehlo(struct console *c)
{
	char *line = xasprintf("EHLO %s", session_ehlo_name(c->s) ? session_ehlo_name(c->s) : "[127.0.0.1]");
	enum cmd_result r = console_send_smtp(c, line);
	free(line);
	return r;
}

static bool offers_starttls(struct console *c)
{
	const struct caps *caps = session_current_caps(c->s);
	return caps && caps_find(caps, "STARTTLS");
}

static enum cmd_result injection_step(struct console *c, int k)
{
	const struct probe_obs *o = &probe_obs;
	switch (k) {
	case 0:
		close_waited = false;
		if (probe_target.implicit_tls) {
			probe_verdictf(c, "not-applicable", false,
				       N_("this is an implicit-TLS port: there is no STARTTLS to inject into"));
			return CMD_DONE;
		}
		probe_next(c, 1, 0);
		return probe_connect(c, false);
	case 1: probe_next(c, 2, 0); return send_ehlo(c);
	case 2:
		if (!offers_starttls(c)) {
			probe_verdictf(c, "not-applicable", false, N_("the server does not offer STARTTLS here"));
			return CMD_DONE;
		}
		console_print(c, "  sending \"STARTTLS\\r\\nNOOP\\r\\n\" in one write");
		probe_mark();
		probe_next(c, 3, 0);
		return probe_send(c, "STARTTLS\r\nNOOP\r\n", 16, 1);
	case 3:
		/* Exim closes right after its 554: whether that close has arrived when the reply has is a matter of
		 * microseconds. Wait for it a moment, so that the verdict says the same whatever the timing. */
		if (o->n > 0 && o->codes[0] != 220 && !o->closed_by_server && !close_waited &&
		    session_phase(c->s) == PHASE_CONNECTED) {
			close_waited = true;
			probe_next(c, 3, CLOSE_WAIT_MS);
			return CMD_DONE;
		}
		if (o->n == 0 || o->codes[0] != 220) {
			if (o->n == 0)
				probe_verdictf(c, "not-vulnerable", false,
					       N_("the server closed the connection instead of starting TLS with a "
						  "command queued behind STARTTLS"));
			else if (o->closed_by_server)
				probe_verdictf(
					c, "not-vulnerable", false,
					/* TRANSLATORS: %d %s: the server's reply code and the start of its text. */
					N_("the server refused STARTTLS with a command pipelined behind it (%d "
					   "%s) and closed the connection: it checks that nothing follows "
					   "STARTTLS, so nothing can be injected"),
					o->codes[0], o->first_line[0]);
			else
				probe_verdictf(
					c, "not-vulnerable", false,
					/* TRANSLATORS: %d %s: the server's reply code and the start of its text. */
					N_("the server refused STARTTLS with a command pipelined behind it (%d "
					   "%s): it checks that nothing follows STARTTLS, so nothing can be "
					   "injected"),
					o->codes[0], o->first_line[0]);
			session_close(c->s);
			return CMD_DONE;
		}
		if (o->n > 1)
			console_print(c,
				      "  the server answered the NOOP in plaintext, before TLS (%d): odd, but not an "
				      "injection",
				      o->codes[1]);
		probe_mark();
		probe_next(c, 4, INJECTION_WAIT_MS);
		return session_start_tls(c->s) < 0 ? CMD_FAIL : CMD_WAIT;
	case 4: {
		if (!o->tls_up) {
			probe_verdictf(c, "inconclusive", false,
				       N_("the TLS handshake after STARTTLS did not complete"));
			session_close(c->s);
			return CMD_DONE;
		}
		int late = -1;
		for (size_t i = 0; i < o->n; i++)
			if (o->tls[i] && !o->matched[i] && late < 0)
				late = (int)i;
		if (late >= 0)
			probe_verdictf(c, "vulnerable", true,
				       /* TRANSLATORS: %d %s: the server's reply code and the start of its text. */
				       N_("the NOOP written in plaintext before the handshake was answered inside TLS "
					  "(%d %s): the server keeps plaintext input across the TLS boundary, so a man "
					  "in the middle can inject commands into the encrypted session (CVE-2011-0411 "
					  "class). It must discard its input buffer when TLS starts"),
				       o->codes[late], o->first_line[late]);
		else
			probe_verdictf(c, "not-vulnerable", false,
				       N_("TLS started and nothing answered the NOOP within %u ms: the server "
					  "discarded the bytes sent before the handshake, as RFC 3207 §4.2 wants"),
				       INJECTION_WAIT_MS);
		session_close(c->s);
		return CMD_DONE;
	}
	}
	return CMD_DONE;
}

const struct probe_def probe_starttls_injection = {
	"starttls-injection",
	N_("is a command pipelined behind STARTTLS answered inside TLS (CVE-2011-0411)?"),
	injection_step,
};

/* ---- starttls-enforced ---- */

static struct {
	bool tls_offered, auth_offered;
	int auth, mail, rcpt;
} enf;

static int last_code(struct console *c)
{
	const struct reply *r = session_last_reply(c->s);
	return r ? r->code : -1;
}

static enum cmd_result enforced_step(struct console *c, int k)
{
	switch (k) {
	case 0:
		memset(&enf, 0, sizeof enf);
		enf.auth = enf.mail = enf.rcpt = -1;
		if (probe_target.implicit_tls) {
			probe_verdictf(c, "not-applicable", false,
				       N_("this is an implicit-TLS port: everything is inside TLS"));
			return CMD_DONE;
		}
		probe_next(c, 1, 0);
		return probe_connect(c, false);
	case 1: probe_next(c, 2, 0); return send_ehlo(c);
	case 2: {
		const struct caps *caps = session_current_caps(c->s);
		enf.tls_offered = caps && caps_find(caps, "STARTTLS");
		enf.auth_offered = caps && caps_find(caps, "AUTH");
		probe_next(c, 3, 0);
		return console_send_smtp(c, "AUTH PLAIN");
	}
	case 3:
		enf.auth = last_code(c);
		if (enf.auth == 334) {
			probe_next(c, 4, 0);
			return console_send_smtp(c, "*"); /* cancel: no credentials are ever sent */
		}
		probe_next(c, 4, 0);
		return CMD_DONE;
	case 4: {
		probe_next(c, 5, 0);
		char *line = xasprintf("MAIL FROM:<%s>", probe_target.from);
		enum cmd_result r = console_send_smtp(c, line);
		free(line);
		return r;
	}
	case 5:
		enf.mail = last_code(c);
		probe_next(c, 6, 0);
		if (enf.mail / 100 == 2) {
			char *line = xasprintf("RCPT TO:<%s>", probe_target.rcpt ? probe_target.rcpt : "postmaster");
			enum cmd_result r = console_send_smtp(c, line);
			free(line);
			return r;
		}
		return CMD_DONE;
	case 6: {
		if (enf.mail / 100 == 2)
			enf.rcpt = last_code(c);
		bool auth_ok = enf.auth == 334 || enf.auth == 235;
		bool any = auth_ok || enf.mail / 100 == 2 || enf.rcpt / 100 == 2;
		/* What each command got before TLS (-1: not sent), then what it means. */
		struct dtext summary, text;
		dtext_init(&summary, 512);
		dtext_init(&text, PROBE_TEXT_MAX);
		if (enf.auth_offered && enf.tls_offered)
			/* TRANSLATORS: each %d is the reply code the command got before STARTTLS (-1: not sent). */
			dtext_printf(&summary, "before STARTTLS: AUTH (advertised) %d, MAIL %d, RCPT %d", enf.auth,
				     enf.mail, enf.rcpt);
		else if (enf.auth_offered)
			dtext_printf(&summary,
				     /* TRANSLATORS: each %d is the reply code the command got (-1: not sent). */
				     "before STARTTLS: AUTH (advertised) %d, MAIL %d, RCPT %d (STARTTLS is not even "
				     "offered)",
				     enf.auth, enf.mail, enf.rcpt);
		else if (enf.tls_offered)
			/* TRANSLATORS: each %d is the reply code the command got before STARTTLS (-1: not sent). */
			dtext_printf(&summary, "before STARTTLS: AUTH %d, MAIL %d, RCPT %d", enf.auth, enf.mail,
				     enf.rcpt);
		else
			dtext_printf(&summary,
				     /* TRANSLATORS: each %d is the reply code the command got (-1: not sent). */
				     "before STARTTLS: AUTH %d, MAIL %d, RCPT %d (STARTTLS is not even offered)",
				     enf.auth, enf.mail, enf.rcpt);
		if (!any)
			/* TRANSLATORS: %s: the codes each command got ("before STARTTLS: AUTH 503, MAIL 503, ..."). */
			PROBE_WITH(&text, N_("%s: nothing is accepted before TLS"), &summary);
		else if (auth_ok)
			PROBE_WITH(&text,
				   /* TRANSLATORS: %s: the codes each command got ("before STARTTLS: AUTH 334, ..."). */
				   N_("%s: AUTH is accepted in plaintext, so passwords can cross the network "
				      "unencrypted (RFC 4954 §4: offer it only after TLS)"),
				   &summary);
		else
			PROBE_WITH(&text,
				   /* TRANSLATORS: %s: the codes each command got ("before STARTTLS: AUTH 503, ..."). */
				   N_("%s: mail is accepted without TLS. Normal for a port-25 MX (RFC 3207 §4: a "
				      "public server must not require it); on a submission port (587) TLS should be "
				      "required"),
				   &summary);
		probe_verdict(c, any ? "not-enforced" : "enforced", auth_ok, &text);
		dtext_free(&text);
		dtext_free(&summary);
		if (session_phase(c->s) == PHASE_CONNECTED)
			return console_send_smtp(c, "QUIT");
		return CMD_DONE;
	}
	}
	return CMD_DONE;
}

const struct probe_def probe_starttls_enforced = {
	"starttls-enforced",
	N_("does the server accept AUTH, MAIL or RCPT before STARTTLS?"),
	enforced_step,
};
