/* preamble: the opening steps every front end shares, from the command line: connect (or look up MX records
 * and connect to the best one); with --tls / --tls-optional, /connect adds EHLO and STARTTLS (cmd-session.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/console.h"
#include "lib/xmalloc.h"

int console_queue_preamble(struct console *c, const struct config *cfg)
{
	int n = 0;
	if (cfg->mx) {
		if (cfg->mta_sts) {
			char *sts = xasprintf("/mta-sts %s", cfg->mx);
			console_submit(c, sts);
			free(sts);
			n++;
		}
		const char *cmd = cfg->dane ? "/dane" : "/mx";
		char *line = cfg->port ? xasprintf("%s %s %d", cmd, cfg->mx, cfg->port) : xasprintf("%s %s", cmd, cfg->mx);
		console_submit(c, line);
		free(line);
		n++;
	} else if (cfg->socket) {
		char *line = xasprintf("/connect 'unix:%s'%s%s", cfg->socket, cfg->tls_on_connect ? " tls" : "",
				       cfg->no_wait ? " --no-wait" : "");
		console_submit(c, line);
		free(line);
		n++;
	} else if (cfg->host) {
		int port = cfg->port ? cfg->port : (cfg->tls_on_connect ? 465 : 25);
		bool v6 = strchr(cfg->host, ':') != NULL;
		char *line = xasprintf("/connect %s%s%s:%d%s%s", v6 ? "[" : "", cfg->host, v6 ? "]" : "", port,
				       cfg->tls_on_connect ? " tls" : "", cfg->no_wait ? " --no-wait" : "");
		console_submit(c, line);
		free(line);
		n++;
	} else {
		return 0;
	}
	/* With --tls / --tls-optional, /connect itself queues EHLO and STARTTLS (for every connection). */
	return n;
}
