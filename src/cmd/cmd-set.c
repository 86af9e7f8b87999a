/* cmd-set: /set and /bind at the prompt or in a script; the same core (config_exec) reads the config file. A change
 * the front end can apply at once (the TUI's theme, hex view, key bindings) is passed on through console_view
 * ("set", NAME); timeout, ehlo, show-secrets and the TLS trust go to the session at once, from is read where it
 * is used; verbose was fixed when the views were made, so for it we say when it applies. */
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "cmd/config.h"
#include "cmd/options.h"
#include "lib/dtext.h"

static enum cmd_result exec_set_or_bind(struct console *c, int argc, char **argv)
{
	struct dtext out, err;
	dtext_init(&out, 64 * 1024);
	dtext_init(&err, 320);
	const char *changed = NULL;
	if (config_execd(argc, argv, CONFIG_USER, &out, &changed, &err) < 0) {
		struct dtext msg;
		dtext_init(&msg, 400);
		char lead[40];
		snprintf(lead, sizeof lead, "/%.30s: ", argv[0]);
		dtext_raw(&msg, lead);
		dtext_cat(&msg, &err);
		console_errord(c, &msg);
		dtext_free(&msg);
		dtext_free(&out);
		dtext_free(&err);
		return CMD_FAIL;
	}
	if (out.en.len)
		console_printd(c, &out);
	dtext_free(&out);
	dtext_free(&err);
	if (changed && argv[0][0] == 's') {
		const struct option_entry *e = options_find(changed);
		bool applied = console_view(c, "set", changed);
		if (e && strcmp(e->name, "timeout") == 0) {
			session_set_timeout(console_session(c), (unsigned)options_number("timeout") * 1000u);
			console_print(c, "every wait now times out after %ld s", options_number("timeout"));
		} else if (e && strcmp(e->name, "ehlo") == 0) {
			session_set_ehlo_name(console_session(c), options_get("ehlo"));
			console_print(c, "/ehlo now sends EHLO %s", options_get("ehlo"));
		} else if (e && (strcmp(e->name, "tls-ca-path") == 0 || strcmp(e->name, "tls-verify") == 0)) {
			const char *ca = options_get("tls-ca-path");
			bool verify = options_flag("tls-verify");
			session_set_tls_trust(console_session(c), ca, verify);
			if (ca[0] && verify)
				console_print(c,
					      "the next TLS handshake trusts the CA file %s; a certificate that fails "
					      "verification holds the session",
					      ca);
			else if (ca[0])
				console_print(
					c,
					"the next TLS handshake trusts the CA file %s; verification failures are shown "
					"but do not stop anything (like --insecure)",
					ca);
			else if (verify)
				console_print(c, "the next TLS handshake trusts the system trust store; a certificate "
						 "that fails "
						 "verification holds the session");
			else
				console_print(c, "the next TLS handshake trusts the system trust store; verification "
						 "failures are "
						 "shown but do not stop anything (like --insecure)");
		} else if (e && strcmp(e->name, "show-secrets") == 0) {
			bool show = options_flag("show-secrets");
			session_set_show_secrets(console_session(c), show);
			if (show)
				console_print(
					c,
					"AUTH secrets sent from now on are SHOWN in the transcript and views (what was "
					"sent before stays masked)");
			else
				console_print(c, "AUTH secrets sent from now on are masked");
		} else if (e && strcmp(e->name, "from") == 0) {
			console_print(c, "generated messages and the editor now use %s as the sender",
			              options_get("from")[0] ? options_get("from") : "(none)");
		} else if (e && e->scope == OPTION_SESSION)
			console_print(c, "(%s is read when smtpcon starts: put the line in the config file, or use the "
			                 "command-line option, for it to take effect)",
			              e->name);
		else if (e && !applied)
			console_print(c, "(%s only matters in the TUI)", e->name);
	}
	return CMD_DONE;
}

const struct cmd_entry cmd_set_entry = {
	"set", NULL, "[NAME [VALUE]]", N_("show or change an option (theme, timeout, ehlo, hex ...); alone: list them"),
	0,     -1,   exec_set_or_bind,
};

const struct cmd_entry cmd_bind_entry = {
	"bind",
	NULL,
	"[-N NOTE] KEY COMMAND | -u KEY",
	N_("bind a key (F7, C-t, M-x) to a /command or action; alone: list"),
	0,
	-1,
	exec_set_or_bind,
};
