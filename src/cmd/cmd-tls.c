/* cmd-tls: /tls, what this connection's TLS is (version, cipher suite, key exchange group, signature scheme,
 * resumption), the certificate verdict in short and the chain as one line per certificate; /tls scan, which
 * versions, cipher suites and groups the server accepts (cmd-tlsscan.c). The lines come from cmd-cert.c's certv_* so /tls, /cert and the
 * TUI inspector agree; they are already escaped. */
#include <stdlib.h>
#include <strings.h>
#include <time.h>

#include "cmd/cmd-cert.h"
#include "cmd/cmd-tlsscan.h"
#include "cmd/console-int.h"
#include "lib/buf.h"

static enum cmd_result exec_tls(struct console *c, int argc, char **argv)
{
	if (argc > 1) {
		if (strcasecmp(argv[1], "scan") == 0)
			return tlsscan_start(c);
		console_error(c, "usage: /tls [scan]");
		return CMD_FAIL;
	}
	const struct tls_info *ti = session_tls_info(c->s);
	struct dtext b;
	dtext_init(&b, 0);
	certv_session(ti, certv_to_dtext, &b);
	if (ti) {
		int64_t now = (int64_t)time(NULL);
		certv_verdict(ti, now, certv_to_dtext, &b);
		certv_chain_list(ti, now, certv_to_dtext, &b);
		dtext_raw(&b, "\n");
		dtext_puts(&b,
			   N_("(/cert: every field of every certificate; /tls scan: which TLS versions, cipher suites "
			      "and groups the server accepts, and which are weak)"));
	}
	console_printd(c, &b);
	dtext_free(&b);
	return CMD_DONE;
}

const struct cmd_entry cmd_tls_entry = {
	"tls",
	NULL,
	"[scan]",
	N_("TLS version, cipher suite, group, signature scheme, the verdict; scan: which TLS versions, cipher suites "
	   "and groups the server accepts, and which are weak"),
	0,
	1,
	exec_tls,
};
