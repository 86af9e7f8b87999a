/* cmd-mx: /mx DOMAIN [PORT|-]: look up where mail for DOMAIN goes (MX records in preference order with their
 * addresses, the implicit MX, null MX; IDN domains work; each DNS answer marked secure / insecure / bogus), print it, then connect to the best host as an MTA would
 * (port 25 unless PORT is given; "-" only looks). The lookup runs off the loop; the console waits for it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd-mtasts.h"
#include "cmd/console-int.h"
#include "core/delivery.h"
#include "core/mtasts-fetch.h"
#include "core/mx.h"
#include "lib/dtext.h"

#define MX_MAX_OUTPUT (16u * 1024u)

/* One lookup at a time per process: the console runs one command at a time anyway. */
static struct {
	struct console *c;
	struct mx_lookup *q;
	int port; /* 0: do not connect */
	/* Between the MX answer and the connection: the domain's MTA-STS policy is fetched (a sender needs it for
	 * the verdict when DANE does not apply), then the target (with it) is armed and the line run. */
	struct mtasts_fetch *sts;
	struct mta_target *target;
	char line[320];
} pending;

static void trim_newlines(struct dtext *d)
{
	struct buf *b[] = {&d->en, &d->loc};
	for (size_t i = 0; i < 2; i++)
		while (b[i]->len > 0 && b[i]->data[b[i]->len - 1] == '\n')
			b[i]->data[--b[i]->len] = '\0';
}

/* Arm the target and run the connect line, ahead of whatever was queued. */
static void connect_now(struct console *c)
{
	session_set_mta(c->s, pending.target);
	pending.target = NULL;
	const char *lines[] = {pending.line};
	console_push_front(c, lines, 1);
	c->sleeping = false;
	c->running = false;
	console_kick(c);
}

static void on_sts(void *arg, struct mtasts_result *r)
{
	struct console *c = arg;
	pending.sts = NULL;
	if (!c->sleeping || !pending.target) { /* cancelled meanwhile */
		mtasts_result_free(r);
		mta_target_free(pending.target);
		pending.target = NULL;
		c->running = false;
		console_kick(c);
		return;
	}
	mta_target_set_mtasts(pending.target, r);
	connect_now(c);
}

static void on_mx(void *arg, struct mx_result *r)
{
	struct console *c = arg;
	struct dtext out;
	bool cancelled = !c->sleeping; /* console_cancel (Ctrl-C) cleared it meanwhile */

	pending.q = NULL;
	dtext_init(&out, MX_MAX_OUTPUT);
	mx_result_format(r, &out);
	bool ok = r->status == MX_OK || r->status == MX_IMPLICIT;
	if (!ok) {
		/* The failure is an error line; the DNSSEC chain, whose bogus reasons are long, follows as output. */
		trim_newlines(&out);
		console_errord(c, &out);
		dtext_reset(&out);
	}
	mx_result_format_dnssec(r, &out);
	trim_newlines(&out);
	if (out.en.len)
		console_printd(c, &out);

	if (!cancelled && r->status == MX_FAIL && r->sec == DNS_BOGUS) {
		/* The DNS answers decide already: a validating sender defers mail to each MX host the bogus answer
		 * names (JSON "dane" and "delivery_view" per host); the domain stands in only when none could be
		 * named. */
		struct mx_host none = {.name = r->alabel ? r->alabel : r->domain};
		size_t n = r->unvalidated ? r->nhosts : 1;
		for (size_t i = 0; i < n; i++) {
			struct mta_target *t = mta_target_from_mx(r, r->unvalidated ? &r->hosts[i] : &none,
								  pending.port > 0 ? pending.port : 25, false);
			session_mta_report(c->s, t);
			mta_target_free(t);
		}
	}
	const struct mx_host *best = mx_best(r);
	if (!cancelled && best && pending.port > 0) {
		/* The connection is judged as a sending MTA judges it (DANE, opportunistic TLS). Web-PKI verification
		 * still holds it with --tls-verify, and on the submission ports, which are not mail between servers. */
		bool strict = ((c->cfg->given & CLI_GIVEN_TLS_VERIFY) && c->cfg->tls_verify) || pending.port == 465 ||
			      pending.port == 587;
		mta_target_free(pending.target);
		pending.target = mta_target_from_mx(r, best, pending.port, strict);
		/* With the test DNS server the system resolver does not know the MX host's name, so connect to the
		 * address found; otherwise to the name (so TLS checks the certificate against it, as an MTA does). */
		if (getenv(MX_ENV_DNS_SERVER) && best->naddrs > 0)
			snprintf(pending.line, sizeof pending.line,
				 strchr(best->addrs[0], ':') ? "/connect [%s]:%d" : "/connect %s:%d", best->addrs[0],
				 pending.port);
		else
			snprintf(pending.line, sizeof pending.line, "/connect %s:%d", best->name, pending.port);
		console_print(c, "connecting to the best MX: %s", best->name);
		/* MTA-STS only matters when DANE does not apply (RFC 8461 §2), and only for an MX-found host. */
		bool dane_applies = pending.target->dns != DANE_INSECURE && pending.target->dns != DANE_NO_RECORDS;
		long age = 0;
		struct mtasts_result *known = !r->direct && !dane_applies
						      ? cmd_mtasts_shared(pending.target->domain, &age)
						      : NULL;
		if (known) {
			/* --mx --mta-sts (or /mta-sts just before): the policy is fetched once, as a sender caches it. */
			console_printn(c, "MTA-STS: what /mta-sts found %ld second ago applies (not fetched again)",
				       "MTA-STS: what /mta-sts found %ld seconds ago applies (not fetched again)",
				       (unsigned long)age, age);
			mta_target_set_mtasts(pending.target, known);
		} else if (!r->direct && !dane_applies &&
			   (pending.sts = mtasts_fetch_start(c->loop, pending.target->domain, on_sts, c)) != NULL) {
			mx_result_free(r);
			dtext_free(&out);
			return; /* still sleeping: on_sts connects */
		}
		connect_now(c);
		mx_result_free(r);
		dtext_free(&out);
		return;
	} else if (!cancelled && pending.port > 0 && r->status != MX_NULL) {
		console_set_status(c, 3);
	} else if (!cancelled && r->status != MX_OK && r->status != MX_IMPLICIT && r->status != MX_NULL) {
		/* "/mx DOMAIN -" only looks, but a lookup that failed (NXDOMAIN, SERVFAIL) is still a failure. */
		console_set_status(c, 3);
	}
	mx_result_free(r);
	dtext_free(&out);
	c->sleeping = false;
	c->running = false;
	console_kick(c);
}

static enum cmd_result exec_mx(struct console *c, int argc, char **argv)
{
	int port = 25;

	if (argc > 2) {
		char *end;
		long p = strtol(argv[2], &end, 10);
		if (strcmp(argv[2], "-") == 0)
			port = 0;
		else if (*end || p < 1 || p > 65535) {
			console_error(c, "/mx DOMAIN [PORT|-]: bad port '%s'", argv[2]);
			return CMD_FAIL;
		} else
			port = (int)p;
	}
	if (pending.q) {
		mx_lookup_cancel(pending.q); /* an earlier /mx that was abandoned (Ctrl-C) */
		pending.q = NULL;
	}
	if (pending.sts) {
		mtasts_fetch_cancel(pending.sts);
		pending.sts = NULL;
	}
	mta_target_free(pending.target);
	pending.target = NULL;
	pending.c = c;
	pending.port = port;
	/* TLSA records for the port connected to (port 25 when only looking: where senders go). */
	struct mx_request rq = {.domain = argv[1], .port = port > 0 ? port : 25};
	pending.q = mx_query_start(c->loop, &rq, on_mx, c);
	if (!pending.q) {
		console_error(c, "/mx: cannot start the lookup");
		return CMD_FAIL;
	}
	c->sleeping = true; /* hold the queue until on_mx runs */
	return CMD_WAIT;
}

const struct cmd_entry cmd_mx_entry = {
	"mx",
	NULL,
	"DOMAIN [PORT|-]",
	N_("look up DOMAIN's MX hosts (IDN ok), then connect to the best one on port 25 (or PORT; - only looks)"),
	1,
	2,
	exec_mx,
};
