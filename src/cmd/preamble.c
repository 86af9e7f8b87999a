/* preamble: the opening steps every front end shares, from the command line: connect (or look up MX records
 * and connect to the best one), and with --tls / --tls-optional, EHLO and STARTTLS with the second EHLO. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/console.h"
#include "lib/xmalloc.h"

int console_queue_preamble(struct console *c, const struct config *cfg)
{
	int n = 0;
	if (cfg->mx) {
		char *line = cfg->port ? xasprintf("/mx %s %d", cfg->mx, cfg->port) : xasprintf("/mx %s", cfg->mx);
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
	if (cfg->tls_required || cfg->tls_optional) {
		console_submit(c, "/ehlo");
		console_submit(c, cfg->tls_required ? "/starttls required" : "/starttls optional");
		n += 2;
	}
	return n;
}
