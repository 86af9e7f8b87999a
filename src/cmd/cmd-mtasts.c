/* cmd-mtasts: /mta-sts DOMAIN: what MTA-STS (RFC 8461) and TLS-RPT (RFC 8460) say about mail to DOMAIN, as a
 * sending MTA finds them: the _mta-sts TXT record, the policy fetched over HTTPS, the TLS-RPT record, and each MX
 * host matched against the policy. Both look-ups (policy and MX) run off the loop; the console waits for them.
 *
 * The certificate part of the verdict needs a TLS session with the MX under its own name: when the session later
 * completes a handshake whose certificate was checked against one of DOMAIN's MX host names (SNI, e.g. --mx, or
 * --tls-sni), cmd_mtasts_on_tls gives that host's final verdict. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "cmd/cmd-mtasts.h"
#include "cmd/console-int.h"
#include "core/mtasts-fetch.h"
#include "core/mx.h"
#include "core/session.h"
#include "lib/buf.h"
#include "lib/dtext.h"
#include "lib/i18n.h"
#include "lib/escape.h"
#include "lib/xmalloc.h"

#define MTASTS_MAX_OUTPUT (32u * 1024u)
#define BODY_LINES_SHOWN 40u

/* One /mta-sts at a time (the console runs one command at a time), and the last result, kept for the verdict of
 * a later TLS session with one of the MX hosts. */
static struct {
	struct console *c;
	struct mtasts_fetch *fetch;
	struct mx_lookup *mxq;
	struct mtasts_result *r;
	struct mx_result *mx;
	bool have_r, have_mx;
} pending;

static struct {
	struct mtasts_result *r;
	char **hosts;
	size_t nhosts;
	time_t when; /* when r arrived (monotonic seconds) */
} last;

static time_t now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

static struct {
	struct loop *loop;
	uint64_t timer;
	size_t host;
	struct mtasts_host_view view;
} later;

static void last_clear(void)
{
	if (later.timer)
		loop_timer_cancel(later.loop, later.timer);
	later.timer = 0;
	mtasts_result_free(last.r);
	for (size_t i = 0; i < last.nhosts; i++)
		free(last.hosts[i]);
	free(last.hosts);
	memset(&last, 0, sizeof last);
}

/* Network text, escaped, the same on both sides. */
static void esc(struct dtext *out, const char *s, size_t n)
{
	struct buf b;
	buf_init(&b, 0);
	escape_bytes(&b, (const uint8_t *)s, n, 0);
	dtext_raw(out, buf_cstr(&b));
	buf_free(&b);
}

/* Our own text (English) and its translation, each on its side (escaped: it may quote network text). */
static void esc2(struct dtext *out, const char *en, const char *loc)
{
	struct buf b;
	buf_init(&b, 0);
	escape_bytes(&b, (const uint8_t *)en, strlen(en), 0);
	buf_append_str(&out->en, buf_cstr(&b));
	if (i18n_translating()) {
		buf_reset(&b);
		const char *l = loc ? loc : en;
		escape_bytes(&b, (const uint8_t *)l, strlen(l), 0);
		buf_append_str(&out->loc, buf_cstr(&b));
	}
	buf_free(&b);
}

static void emit(struct console *c, const struct mtasts_result *r, const char *host, const struct mtasts_host_view *v)
{
	struct event ev = {.type = EV_MTA_STS, .host = host, .mtasts = r, .mtasts_host = v};
	session_emit_event(c->s, &ev);
}

/* The policy part of the report. */
static void format_policy(const struct mtasts_result *r, struct dtext *out)
{
	dtext_printf(out, "MTA-STS for %s:\n", r->domain);
	if (r->txt) {
		dtext_printf(out, "  TXT _mta-sts.%s: ", r->domain);
		esc(out, r->txt, strlen(r->txt));
		dtext_raw(out, " (DNSSEC ");
		dtext_raw(out, dns_security_name(r->txt_sec));
		dtext_raw(out, ")\n");
	}
	if (r->url) {
		dtext_printf(out, "  policy %s: ", r->url);
		if (r->http_status)
			dtext_printf(out, "HTTP %ld, %zu bytes\n", r->http_status, r->body_len);
		else
			dtext_printf(out, "no HTTP answer\n");
	}
	if (r->status == MTASTS_ST_POLICY) {
		const struct mtasts_policy *p = r->policy;
		/* TRANSLATORS: mode and max_age are the policy's field names; %s after mode is its value (enforce,
		 * testing, none), the last %s the policy id. */
		dtext_printf(out, "  mode %s, max_age %ld s (%.1f days), id %s\n", mtasts_mode_name(p->mode),
			     p->max_age, (double)p->max_age / 86400.0, r->id);
		for (size_t i = 0; i < p->nmx; i++) {
			dtext_raw(out, "  mx: ");
			dtext_raw(out, p->mx[i]);
			dtext_raw(out, "\n");
		}
		if (p->warning) {
			dtext_printf(out, "  note: ");
			esc2(out, p->warning, p->warning_loc);
			dtext_raw(out, "\n");
		}
	} else {
		/* The status name is an id (JSON "policy"). */
		dtext_printf(out, "  no policy applies (%s): ", mtasts_status_name(r->status));
		esc2(out, r->reason ? r->reason : "", r->reason_loc);
		dtext_raw(out, "\n");
	}
	if (r->status == MTASTS_ST_POLICY_INVALID && r->body) {
		/* The body as served, escaped, so the owner sees what senders saw. */
		dtext_printf(out, "  the policy as served:\n");
		const char *s = r->body, *end = r->body + r->body_len;
		for (size_t line = 0; s < end && line < BODY_LINES_SHOWN; line++) {
			const char *nl = memchr(s, '\n', (size_t)(end - s));
			size_t n = nl ? (size_t)(nl - s) + 1 : (size_t)(end - s);
			dtext_raw(out, "    | ");
			esc(out, s, n);
			dtext_raw(out, "\n");
			s += n;
		}
	}
	if (r->tlsrpt_found && !r->tlsrpt_error) {
		dtext_printf(out, "  TLS-RPT _smtp._tls.%s: reports go to ", r->domain);
		for (size_t i = 0; i < r->tlsrpt.nrua; i++) {
			if (i)
				dtext_raw(out, ", ");
			esc(out, r->tlsrpt.rua[i], strlen(r->tlsrpt.rua[i]));
		}
		dtext_raw(out, "\n");
	} else if (r->tlsrpt_error) {
		dtext_raw(out, "  TLS-RPT _smtp._tls.");
		dtext_raw(out, r->domain);
		dtext_raw(out, ": ");
		esc2(out, r->tlsrpt_error, r->tlsrpt_error_loc);
		dtext_raw(out, "\n");
	} else {
		dtext_printf(out, "  TLS-RPT: no record at _smtp._tls.%s (failures are not reported to the domain)\n",
			     r->domain);
	}
}

/* A published MTA-STS that senders cannot use (exit status 3 with the other case: enforce and no MX passes). */
static bool broken(const struct mtasts_result *r)
{
	return r->status == MTASTS_ST_DNS_FAIL || r->status == MTASTS_ST_TXT_INVALID ||
	       r->status == MTASTS_ST_FETCH_FAILED || r->status == MTASTS_ST_POLICY_INVALID;
}

static void report(struct console *c)
{
	struct mtasts_result *r = pending.r;
	struct mx_result *mx = pending.mx;
	struct dtext out;
	size_t deferred = 0, checked = 0;

	dtext_init(&out, MTASTS_MAX_OUTPUT);
	format_policy(r, &out);
	last_clear();
	if (mx && (mx->status == MX_OK || mx->status == MX_IMPLICIT) && mx->nhosts) {
		dtext_printf(&out, "MX hosts against the policy:\n");
		last.hosts = xcalloc(mx->nhosts, sizeof *last.hosts);
		for (size_t i = 0; i < mx->nhosts; i++) {
			const struct mx_host *h = &mx->hosts[i];
			struct mtasts_host_view v;
			mtasts_host_check(r, h->name, NULL, false, &v);
			/* The verdict name is an id (JSON "verdict"). */
			char head[400];
			snprintf(head, sizeof head, "  %5d  %s  %s: ", h->pref, h->name,
				 mtasts_verdict_name(v.verdict));
			dtext_raw(&out, head);
			esc2(&out, v.reason, v.reason_loc[0] ? v.reason_loc : NULL);
			dtext_raw(&out, "\n");
			deferred += v.would_defer;
			checked++;
			emit(c, r, h->name, &v);
			last.hosts[last.nhosts++] = xstrdup(h->name);
		}
	} else {
		struct mtasts_host_view v;
		mtasts_host_check(r, "", NULL, false, &v);
		if (r->status == MTASTS_ST_POLICY) {
			v.verdict = MTASTS_V_UNCHECKED;
			v.would_defer = false;
			/* The MX failure has its translation in error_loc. */
			const char *why = mx && mx->error ? mx->error : "MX look-up failed";
			snprintf(v.reason, sizeof v.reason, "no MX host to check (%s)", why);
			if (i18n_translating())
				snprintf(v.reason_loc, sizeof v.reason_loc, _("no MX host to check (%s)"),
					 mx && mx->error_loc ? mx->error_loc : _(why));
		}
		/* The MX status name is an id. */
		dtext_printf(&out, "MX hosts: none to check (%s)\n", mx ? mx_status_name(mx->status) : "no answer");
		emit(c, r, NULL, &v);
	}
	struct buf *b[] = {&out.en, &out.loc};
	for (size_t i = 0; i < 2; i++)
		while (b[i]->len > 0 && b[i]->data[b[i]->len - 1] == '\n')
			b[i]->data[--b[i]->len] = '\0';
	console_printd(c, &out);
	dtext_free(&out);
	if (broken(r) || (checked && deferred == checked))
		console_set_status(c, 3); /* a published policy that is broken, or no MX a sender would deliver to */
	last.r = r;
	last.when = now_s();
	pending.r = NULL;
	mx_result_free(mx);
	pending.mx = NULL;
}

static void maybe_done(void)
{
	struct console *c = pending.c;
	if (!pending.have_r || !pending.have_mx)
		return;
	bool cancelled = !c->sleeping; /* Ctrl-C meanwhile */
	if (!cancelled)
		report(c);
	mtasts_result_free(pending.r);
	mx_result_free(pending.mx);
	pending.r = NULL;
	pending.mx = NULL;
	c->sleeping = false;
	c->running = false;
	console_kick(c);
}

static void on_policy(void *arg, struct mtasts_result *r)
{
	(void)arg;
	pending.fetch = NULL;
	pending.r = r;
	pending.have_r = true;
	maybe_done();
}

static void on_mx(void *arg, struct mx_result *r)
{
	(void)arg;
	pending.mxq = NULL;
	pending.mx = r;
	pending.have_mx = true;
	maybe_done();
}

static void pending_cancel(void)
{
	mtasts_fetch_cancel(pending.fetch);
	mx_lookup_cancel(pending.mxq);
	mtasts_result_free(pending.r);
	mx_result_free(pending.mx);
	memset(&pending, 0, sizeof pending);
}

static enum cmd_result exec_mtasts(struct console *c, int argc, char **argv)
{
	(void)argc;
	pending_cancel(); /* an earlier /mta-sts abandoned with Ctrl-C */
	pending.c = c;
	pending.fetch = mtasts_fetch_start(c->loop, argv[1], on_policy, NULL);
	pending.mxq = pending.fetch ? mx_lookup_start(c->loop, argv[1], on_mx, NULL) : NULL;
	if (!pending.fetch || !pending.mxq) {
		pending_cancel();
		console_error(c, "/mta-sts: cannot start the look-up");
		return CMD_FAIL;
	}
	c->sleeping = true; /* hold the queue until both answers are in */
	return CMD_WAIT;
}

/* The verdict with the certificate, said from a timer: a sink must not emit from inside its event. */
static void said_later(void *arg)
{
	struct console *c = arg;
	struct mtasts_host_view *v = &later.view;
	struct dtext out;

	later.timer = 0;
	if (!last.r || later.host >= last.nhosts)
		return;
	dtext_init(&out, 4096);
	/* The mode and the verdict name are ids (JSON). */
	dtext_printf(&out, "MTA-STS (%s, mode %s): %s %s: ", last.r->domain,
		     mtasts_mode_name(mtasts_effective_mode(last.r)), last.hosts[later.host],
		     mtasts_verdict_name(v->verdict));
	esc2(&out, v->reason, v->reason_loc[0] ? v->reason_loc : NULL);
	console_printd(c, &out);
	dtext_free(&out);
	emit(c, last.r, last.hosts[later.host], v);
	if (v->would_defer)
		console_set_status(c, 3);
}

void cmd_mtasts_on_tls(struct console *c, const struct tls_info *ti)
{
	if (!last.r || !ti || !ti->checked_name)
		return;
	for (size_t i = 0; i < last.nhosts; i++) {
		if (strcasecmp(last.hosts[i], ti->checked_name) != 0)
			continue;
		mtasts_host_check(last.r, last.hosts[i], ti, false, &later.view);
		later.host = i;
		later.loop = c->loop;
		if (!later.timer)
			later.timer = loop_timer_add(c->loop, 0, said_later, c);
		return;
	}
}

struct mtasts_result *cmd_mtasts_shared(const char *domain, long *age)
{
	if (!last.r || !domain || strcasecmp(last.r->domain, domain) != 0)
		return NULL;
	*age = (long)(now_s() - last.when);
	return mtasts_result_ref(last.r);
}

void cmd_mtasts_release(void)
{
	pending_cancel();
	last_clear();
}

const struct cmd_entry cmd_mtasts_entry = {
	"mta-sts",
	NULL,
	"DOMAIN",
	N_("look up DOMAIN's MTA-STS policy (TXT, HTTPS) and TLS-RPT record, and match its MX hosts against the "
	   "policy"),
	1,
	1,
	exec_mtasts,
};
