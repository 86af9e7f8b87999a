/* cmd-dane: /dane [DOMAIN [PORT]]: what DANE (RFC 7672) and a sending MTA make of a mail server. Without DOMAIN:
 * the DANE report and the sender's verdict of the current connection (one /mx made); with DOMAIN: look up its MX
 * hosts with their TLSA records, connect to the best one (port 25, or PORT), EHLO and STARTTLS as a sender
 * would, and show them. The judging itself is the core's (core/delivery.h, session_set_mta). */
#include <stdio.h>
#include <stdlib.h>

#include "cmd/console-int.h"
#include "lib/dtext.h"
#include "lib/xmalloc.h"

static enum cmd_result exec_dane(struct console *c, int argc, char **argv)
{
	if (argc > 1) {
		char *mx = argc > 2 ? xasprintf("/mx %s %s", argv[1], argv[2]) : xasprintf("/mx %s", argv[1]);
		/* --tls / --tls-optional already add EHLO and STARTTLS to every connection (cmd-session.c). */
		bool auto_tls = c->cfg->tls_required || c->cfg->tls_optional;
		const char *steps[] = {mx, "/ehlo", "/starttls optional", "/dane"};
		const char *short_steps[] = {mx, "/dane"};
		if (auto_tls)
			console_push_front(c, short_steps, 2);
		else
			console_push_front(c, steps, 4);
		free(mx);
		return CMD_DONE;
	}
	const struct tls_info *ti = session_tls_info(c->s);
	if (!session_mta_active(c->s)) {
		console_error(c, "/dane: this connection was not made through /mx, so no MX host name is known to look "
				 "TLSA records up for (/dane DOMAIN [PORT] looks up and connects)");
		return CMD_FAIL;
	}
	struct dtext out;
	dtext_init(&out, 32768);
	/* Without a TLS session the verdict may still be given (STARTTLS refused, a failed handshake and the
	 * plaintext retry): say it. */
	if ((ti == NULL || ti->dane == NULL) && session_mta_text(c->s, &out)) {
		console_printd(c, &out);
		dtext_free(&out);
		return CMD_DONE;
	}
	if (ti == NULL || ti->dane == NULL) {
		dtext_free(&out);
		console_print(c,
			      "/dane: no TLS session with %s yet (/starttls): DANE checks the certificate the server "
			      "presents in the handshake",
			      session_mta_host(c->s));
		return CMD_DONE;
	}
	if (session_mta_text(c->s, &out))
		console_printd(c, &out);
	dtext_free(&out);
	return CMD_DONE;
}

const struct cmd_entry cmd_dane_entry = {
	"dane",
	NULL,
	"[DOMAIN [PORT]]",
	N_("DANE (TLSA records) and a sending MTA's verdict for this connection; with DOMAIN: look up, connect to the "
	   "best MX, STARTTLS, and show them"),
	0,
	2,
	exec_dane,
};
