/* cmd-probe: /probe NAME runs one of the server probes (starttls-injection, starttls-enforced, smuggling,
 * pipelining) against the host this console is connected to, and nothing else: it says so before it starts, and
 * reconnects only to that host and port. Each probe ends with a verdict (a diagnosis event "probe-NAME" whose
 * message starts with "[keyword]") and an explanation. */
#include "cmd/cmd-probe.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd/console-int.h"
#include "lib/dtext.h"
#include "lib/xmalloc.h"

struct probe_obs probe_obs;
struct probe_target probe_target;

static const struct probe_def *const probes[] = {
	&probe_starttls_injection,
	&probe_starttls_enforced,
	&probe_smuggling,
	&probe_pipelining,
};

static const struct probe_def *running;
static struct session *observed; /* the session our sink is registered on */

static void on_event(void *ctx, const struct event *ev)
{
	(void)ctx;
	struct probe_obs *o = &probe_obs;
	switch (ev->type) {
	case EV_REPLY:
		if (o->n < PROBE_MAX_REPLIES && ev->reply) {
			o->codes[o->n] = ev->reply->code;
			o->matched[o->n] = ev->command != NULL;
			o->tls[o->n] = ev->tls;
			snprintf(o->first_line[o->n], sizeof o->first_line[o->n], "%.90s",
				 ev->reply->nlines ? ev->reply->lines[0].text : "");
			o->n++;
		}
		break;
	case EV_CLOSED:
		if (ev->text && strcmp(ev->text, "server") == 0)
			o->closed_by_server = true;
		break;
	case EV_TLS: o->tls_up = true; break;
	case EV_DIAGNOSIS:
		if (ev->id && strcmp(ev->id, "starttls-injection") == 0)
			o->injection_seen = true;
		break;
	default: break;
	}
}

void probe_mark(void)
{
	memset(&probe_obs, 0, sizeof probe_obs);
}

void probe_next(struct console *c, int k, unsigned ms)
{
	char step[64], sleep[32];
	snprintf(step, sizeof step, "/probe-step %s %d", running ? running->name : "?", k);
	snprintf(sleep, sizeof sleep, "/sleep %u", ms);
	const char *lines[] = {sleep, step};
	if (ms)
		console_push_front(c, lines, 2);
	else
		console_push_front(c, lines + 1, 1);
}

enum cmd_result probe_connect(struct console *c, bool no_wait)
{
	probe_mark();
	if (session_connect(c->s, probe_target.host, probe_target.port, probe_target.implicit_tls, no_wait) < 0)
		return CMD_FAIL;
	return CMD_WAIT;
}

enum cmd_result probe_send(struct console *c, const char *bytes, size_t len, int n)
{
	if (session_phase(c->s) != PHASE_CONNECTED) {
		console_print(c, "  (the server closed the connection: nothing sent)");
		return CMD_DONE;
	}
	if (session_send_raw(c->s, (const uint8_t *)bytes, len, 0) < 0)
		return CMD_FAIL;
	if (n > 0)
		session_wait_reply(c->s, n);
	return CMD_WAIT;
}

void probe_verdict(struct console *c, const char *keyword, bool bad, const struct dtext *text)
{
	char id[64];
	snprintf(id, sizeof id, "probe-%s", running ? running->name : "?");
	struct dtext msg, hint;
	dtext_init(&msg, PROBE_TEXT_MAX);
	dtext_init(&hint, 512);
	dtext_raw(&msg, "[");
	dtext_raw(&msg, keyword);
	dtext_raw(&msg, "] ");
	dtext_cat(&msg, text);
	dtext_printf(&hint, "probed %s port %d (the host you connected to, and no other)", probe_target.host,
		     probe_target.port);
	session_emit_diagnosisd(c->s, id, bad ? SEV_WARNING : SEV_INFO, &msg, &hint);
	dtext_free(&hint);
	dtext_free(&msg);
}

void probe_verdictf(struct console *c, const char *keyword, bool bad, const char *fmt, ...)
{
	struct dtext text;
	dtext_init(&text, PROBE_TEXT_MAX);
	va_list ap;
	va_start(ap, fmt);
	dtext_vprintf(&text, fmt, ap);
	va_end(ap);
	probe_verdict(c, keyword, bad, &text);
	dtext_free(&text);
}

static void target_free(void)
{
	free(probe_target.host);
	free(probe_target.rcpt);
	free(probe_target.from);
	memset(&probe_target, 0, sizeof probe_target);
}

static enum cmd_result exec_probe(struct console *c, int argc, char **argv)
{
	const struct probe_def *p = NULL;
	for (size_t i = 0; i < sizeof probes / sizeof probes[0]; i++)
		if (strcasecmp(argv[1], probes[i]->name) == 0)
			p = probes[i];
	if (p == NULL) {
		console_error(c, "/probe starttls-injection|starttls-enforced|smuggling|pipelining [RCPT]");
		return CMD_FAIL;
	}
	const char *host = session_host(c->s);
	if (host == NULL || session_port(c->s) < 0 ||
	    (session_phase(c->s) == PHASE_IDLE && probe_target.host == NULL)) {
		console_error(c,
			      "/probe runs only against the server you are connected to: /connect HOST[:PORT] first");
		return CMD_FAIL;
	}
	if (session_phase(c->s) != PHASE_IDLE || probe_target.host == NULL || strcmp(probe_target.host, host) != 0 ||
	    probe_target.port != session_port(c->s)) {
		target_free();
		probe_target.host = xstrdup(host);
		probe_target.port = session_port(c->s);
		probe_target.implicit_tls = session_implicit_tls(c->s);
	}
	free(probe_target.rcpt);
	free(probe_target.from);
	const char *rcpt = argc > 2 ? argv[2] : c->cfg->to;
	probe_target.rcpt = rcpt ? xstrdup(rcpt) : NULL;
	probe_target.from = xstrdup(console_sender(c) ? console_sender(c) : "");
	if (observed != c->s) {
		session_add_sink(c->s, on_event, NULL);
		observed = c->s;
	}
	running = p;
	/* The probe's one-line description is an argument, English in JSON and translated on screen. */
	struct dtext said;
	dtext_init(&said, PROBE_TEXT_MAX);
	dtext_en_printf(&said,
			"probe %s: %s\n  target: %s port %d, the host you connected to (probes never contact any "
			"other); it may open new connections to it",
			p->name, p->what, probe_target.host, probe_target.port);
	dtext_loc_printf(&said,
			 N_("probe %s: %s\n  target: %s port %d, the host you connected to (probes never contact any "
			    "other); it may open new connections to it"),
			 p->name, _(p->what), probe_target.host, probe_target.port);
	console_printd(c, &said);
	dtext_free(&said);
	probe_mark();
	probe_next(c, 0, 0);
	return CMD_DONE;
}

const struct cmd_entry cmd_probe_entry = {
	"probe",
	NULL,
	"starttls-injection|starttls-enforced|smuggling|pipelining [RCPT]",
	N_("test how the connected server copes (STARTTLS injection, TLS enforcement, SMTP smuggling, pipelining); "
	   "a verdict and why"),
	1,
	2,
	exec_probe,
};

static enum cmd_result exec_probe_step(struct console *c, int argc, char **argv)
{
	(void)argc;
	if (running == NULL || strcmp(running->name, argv[1]) != 0)
		return CMD_DONE;
	int k = atoi(argv[2]);
	return running->step(c, k);
}

const struct cmd_entry cmd_probe_step_entry = {
	"probe-step", NULL, "NAME K", NULL, 2, 2, exec_probe_step,
};
