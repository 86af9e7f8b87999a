/* mx: MX lookup as an MTA does it (RFC 5321 §5.1, RFC 7505 null MX), with IDN domains through libidn2, through
 * the validating resolver (core/dnssec.h), run in a worker thread whose result comes back to the poll loop through
 * a pipe. See dnssec.h for the test hooks SMTPCON_DNS_SERVER and SMTPCON_DNS_TRUST_ANCHOR. */
#include "core/mx.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <idn2.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lib/dtext-split.h"
#include "lib/i18n.h"
#include "lib/xmalloc.h"

/* Take d's two sides into *en and *loc (freeing what they held); d is freed. */
static void take(struct dtext *d, char **en, char **loc)
{
	free(*en);
	free(*loc);
	*en = xstrdup(dtext_en(d));
	*loc = xstrdup(dtext_loc(d));
	dtext_free(d);
}

const char *mx_status_name(enum mx_status st)
{
	static const char *const names[] = {"ok", "implicit", "null", "nxdomain", "fail"};
	return (unsigned)st < sizeof names / sizeof names[0] ? names[st] : "unknown";
}

/* ---- addresses of one host ---- */

static void host_add_addr(struct mx_host *h, const char *a)
{
	for (size_t i = 0; i < h->naddrs; i++)
		if (strcmp(h->addrs[i], a) == 0)
			return;
	if (h->naddrs >= MX_MAX_ADDRS)
		return;
	h->addrs = xreallocarray(h->addrs, h->naddrs + 1, sizeof *h->addrs);
	h->addrs[h->naddrs++] = xstrdup(a);
}

/* The weaker of two DNSSEC states: bogus, then insecure, then secure. */
static enum dns_security weaker(enum dns_security a, enum dns_security b)
{
	if (a == DNS_BOGUS || b == DNS_BOGUS)
		return DNS_BOGUS;
	return a == DNS_INSECURE || b == DNS_INSECURE ? DNS_INSECURE : DNS_SECURE;
}

/* A then AAAA from the DNS (MTAs ask the DNS, not /etc/hosts), IPv4 first (see mx.h). */
static void addrs_from_dns(struct dns_resolver *res, struct mx_host *h)
{
	static const int types[] = {DNS_T_A, DNS_T_AAAA};
	struct dtext last_err;

	dtext_init(&last_err, 512);
	h->addr_sec = DNS_SECURE;
	for (size_t t = 0; t < 2; t++) {
		struct dns_answer a;
		if (dns_query(res, h->name, types[t], &a) < 0) {
			/* The DNS error has its own translation. */
			dtext_reset(&last_err);
			buf_append_str(&last_err.en, a.error);
			if (i18n_translating())
				buf_append_str(&last_err.loc, a.error_loc ? a.error_loc : a.error);
		}
		h->addr_sec = weaker(h->addr_sec, a.sec);
		if (!h->cname && a.canon && strcasecmp(a.canon, h->name) != 0)
			h->cname = xstrdup(a.canon);
		if (a.sec == DNS_BOGUS && !h->addr_why)
			h->addr_why = xasprintf("%s: %s", t ? "AAAA" : "A", a.why);
		for (size_t i = 0; i < a.n; i++) {
			char buf[INET6_ADDRSTRLEN];
			if (types[t] == DNS_T_A && a.len[i] == 4)
				inet_ntop(AF_INET, a.data[i], buf, sizeof buf);
			else if (types[t] == DNS_T_AAAA && a.len[i] == 16)
				inet_ntop(AF_INET6, a.data[i], buf, sizeof buf);
			else
				continue;
			host_add_addr(h, buf);
		}
		dns_answer_clear(&a);
	}
	if (h->naddrs == 0) {
		if (!dtext_en(&last_err)[0]) {
			if (h->addr_sec == DNS_BOGUS)
				dtext_printf(&last_err, "the address records are bogus (DNSSEC)");
			else
				dtext_printf(&last_err, "no A or AAAA records");
		}
		take(&last_err, &h->error, &h->error_loc);
	} else {
		dtext_free(&last_err);
	}
}

/* Whether name's own CNAME record is secure (the address answer through it was not: the target's zone may be
 * unsigned). */
static enum dns_security cname_security(struct dns_resolver *res, const char *name)
{
	struct dns_answer a;
	enum dns_security sec = DNS_INSECURE;
	if (dns_query(res, name, DNS_T_CNAME, &a) == 0 && a.n > 0)
		sec = a.sec;
	dns_answer_clear(&a);
	return sec;
}

/* DANE's TLSA records of one host for port, asked only where a validating sender would ask (RFC 7672 §2.2): the
 * host's address records secure. An insecure MX RRset (an unsigned domain) does not stop it: its MX host may
 * live in a signed zone (a hosting provider's), and RFC 7672 §2.2.1 lets a sender use DANE for it then. Postfix
 * does by default (smtp_tls_dane_insecure_mx_policy = dane: posttls-finger compared in
 * tests/integration/test-dane-posttls-finger), so a stale record there makes Postfix senders defer the mail of
 * every unsigned domain hosted there. The domain still counts as a DANE-TA reference name then, as in Postfix. */
static void tlsa_for_host(struct dns_resolver *res, struct mx_result *r, struct mx_host *h)
{
	if (r->sec == DNS_BOGUS) {
		h->tlsa_skipped = r->direct ? N_("the host's address records are bogus")
					    : N_("the MX records are not DNSSEC-signed");
		return;
	}
	if (h->cname)
		h->cname_sec = h->addr_sec == DNS_SECURE ? DNS_SECURE : cname_security(res, h->name);
	/* A secure CNAME into an unsigned zone: the TLSA records of the original name still count (RFC 7672 §2.2.2;
	 * Postfix asks the CNAME's own status then, and uses the original name as the TLSA base domain). */
	bool cname_only = h->cname && h->addr_sec == DNS_INSECURE && h->cname_sec == DNS_SECURE && h->naddrs > 0;
	if ((h->addr_sec != DNS_SECURE || h->naddrs == 0) && !cname_only) {
		/* Both unsigned (the common case): the MX records are the first reason. */
		h->tlsa_skipped = h->addr_sec == DNS_BOGUS ? N_("the host's address records are bogus")
				  : r->sec != DNS_SECURE && !r->direct
					  ? N_("the MX records are not DNSSEC-signed")
					  : N_("the host's address records are not DNSSEC-signed");
		return;
	}
	h->tlsa_asked = true;
	/* RFC 7672 §2.2.2: after a secure CNAME expansion the expanded name first; when its answer is insecure or
	 * proves there are no records, the original name. A failure or a bogus answer there stops (Postfix). */
	if (h->cname && !cname_only) {
		char *owner = xasprintf("_%d._tcp.%s", r->port, h->cname);
		(void)dns_query(res, owner, DNS_T_TLSA, &h->tlsa);
		free(owner);
		bool notfound = !h->tlsa.error && h->tlsa.sec != DNS_BOGUS &&
				(h->tlsa.sec == DNS_INSECURE || h->tlsa.n == 0);
		if (!notfound) {
			h->tlsa_base = xstrdup(h->cname);
			return;
		}
		dns_answer_clear(&h->tlsa);
	}
	char *owner = xasprintf("_%d._tcp.%s", r->port, h->name);
	(void)dns_query(res, owner, DNS_T_TLSA, &h->tlsa);
	free(owner);
	h->tlsa_base = xstrdup(h->name);
}

/* ---- the lookup ---- */

static void add_host(struct mx_result *r, const char *name, int pref)
{
	if (r->nhosts >= MX_MAX_HOSTS) {
		r->more_hosts++;
		return;
	}
	r->hosts = xreallocarray(r->hosts, r->nhosts + 1, sizeof *r->hosts);
	r->hosts[r->nhosts++] = (struct mx_host){.name = xstrdup(name), .pref = pref};
}

static int host_cmp(const void *x, const void *y)
{
	const struct mx_host *a = x, *b = y;
	return (a->pref > b->pref) - (a->pref < b->pref);
}

/* Insertion sort by preference: stable, so equal preferences keep the DNS server's order. */
static void sort_hosts(struct mx_result *r)
{
	for (size_t i = 1; i < r->nhosts; i++) {
		struct mx_host h = r->hosts[i];
		size_t j = i;
		while (j > 0 && host_cmp(&r->hosts[j - 1], &h) > 0) {
			r->hosts[j] = r->hosts[j - 1];
			j--;
		}
		r->hosts[j] = h;
	}
}

/* The MX records of the answer into r->hosts; false when one is malformed. */
static bool parse_mx(struct mx_result *r, const struct dns_answer *a)
{
	bool null_mx = false;

	for (size_t i = 0; i < a->n; i++) {
		char name[256];
		if (a->len[i] < 3)
			return false;
		const unsigned char *rd = a->data[i];
		int pref = (rd[0] << 8) | rd[1];
		if (dns_name_from_wire(rd + 2, a->len[i] - 2, name, sizeof name) == 0)
			return false;
		if (name[0] == '\0') {
			null_mx = true; /* "MX 0 ." */
			continue;
		}
		add_host(r, name, pref);
	}
	/* RFC 7505 §3: a null MX must be the only MX; we honour it even when others are (wrongly) present. */
	if (null_mx)
		r->status = MX_NULL;
	return true;
}

/* The MX host names a bogus answer holds, asked again without validation (see mx.h): a validating sender defers
 * mail to every one of them, and the report says which. Nothing when that look-up fails too. */
static void name_bogus_hosts(struct mx_result *r)
{
	char *err = NULL;
	struct dns_resolver *raw = dns_resolver_new_unvalidated(&err);
	if (!raw) {
		free(err);
		return;
	}
	struct dns_answer a;
	if (dns_query(raw, r->alabel, DNS_T_MX, &a) == 0 && !a.nxdomain) {
		enum mx_status st = r->status;
		if (parse_mx(r, &a)) {
			sort_hosts(r);
			r->unvalidated = r->nhosts > 0;
		}
		r->status = st; /* still a failure, whatever the unvalidated records say */
	}
	dns_answer_clear(&a);
	dns_resolver_free(raw);
}

/* The lookup failed: status st, and why (d, taken). */
static struct mx_result *fail(struct mx_result *r, enum mx_status st, struct dtext *d)
{
	r->status = st;
	take(d, &r->error, &r->error_loc);
	return r;
}

struct mx_result *mx_lookup_sync(const char *domain)
{
	struct mx_request rq = {.domain = domain};
	return mx_query_sync(&rq);
}

struct mx_result *mx_query_sync(const struct mx_request *rq)
{
	struct mx_result *r = xcalloc(1, sizeof *r);
	char *alabel = NULL;
	char *err = NULL;
	int rc;

	struct dtext why;
	dtext_init(&why, 2048);
	r->domain = xstrdup(rq->domain ? rq->domain : "");
	r->direct = rq->direct;
	r->port = rq->port > 0 && rq->port <= 65535 ? rq->port : 0;
	/* "example.org." is the same domain as "example.org". */
	char *d = xstrdup(r->domain);
	size_t dl = strlen(d);
	if (dl > 0 && d[dl - 1] == '.')
		d[--dl] = '\0';
	if (dl == 0 || dl > 253) {
		free(d);
		dtext_printf(&why, "not a domain name");
		return fail(r, MX_FAIL, &why);
	}
	rc = idn2_to_ascii_8z(d, &alabel, IDN2_NONTRANSITIONAL | IDN2_NFC_INPUT);
	free(d);
	if (rc != IDN2_OK) {
		/* libidn2's words (English). */
		dtext_printf(&why, "not a valid domain name (IDNA2008: %s)", idn2_strerror(rc));
		return fail(r, MX_FAIL, &why);
	}
	r->alabel = xstrdup(alabel);
	idn2_free(alabel);

	struct dns_resolver *res = dns_resolver_new(&err);
	if (!res) {
		dtext_raw(&why, err); /* about the test hooks: English */
		fail(r, MX_FAIL, &why);
		free(err);
		return r;
	}
	r->anchor = xstrdup(dns_resolver_anchor(res));
	r->anchor_loc = xstrdup(dns_resolver_anchor_loc(res));
	if (r->direct) {
		r->status = MX_IMPLICIT;
		add_host(r, r->alabel, -1);
	} else {
		struct dns_answer a;
		int n = dns_query(res, r->alabel, DNS_T_MX, &a);
		r->sec = a.sec;
		r->why = a.why ? xstrdup(a.why) : NULL;
		if (a.sec == DNS_BOGUS) {
			/* A validating MTA does not use a bogus answer: it defers the mail. a.why: the validator's
			 * words (English). */
			dtext_printf(&why,
				     "the MX answer is bogus (DNSSEC validation failed: %s); a validating sender "
				     "defers mail "
				     "to this domain",
				     a.why);
			fail(r, MX_FAIL, &why);
			name_bogus_hosts(r);
		} else if (n < 0) {
			buf_append_str(&why.en, a.error);
			if (i18n_translating())
				buf_append_str(&why.loc, a.error_loc ? a.error_loc : a.error);
			fail(r, MX_FAIL, &why);
		} else if (a.nxdomain) {
			dtext_printf(&why, "the domain does not exist (NXDOMAIN)");
			fail(r, MX_NXDOMAIN, &why);
		} else {
			r->status = MX_OK;
			if (!parse_mx(r, &a)) {
				dtext_printf(&why, "the DNS answer was malformed");
				fail(r, MX_FAIL, &why);
			} else if (r->status == MX_OK && r->nhosts == 0) {
				/* No MX at all: the domain itself is the host, at an implied preference of 0 (RFC 5321
				 * §5.1). We show it as -1 so nobody mistakes it for a record. */
				r->status = MX_IMPLICIT;
				add_host(r, r->alabel, -1);
			}
		}
		dns_answer_clear(&a);
	}
	if (r->status == MX_OK || r->status == MX_IMPLICIT) {
		sort_hosts(r);
		for (size_t i = 0; i < r->nhosts; i++)
			addrs_from_dns(res, &r->hosts[i]);
		/* A host given directly is as secure as its address records (there is no MX answer). */
		if (r->direct)
			r->sec = r->hosts[0].addr_sec;
		if (r->port)
			for (size_t i = 0; i < r->nhosts; i++)
				tlsa_for_host(res, r, &r->hosts[i]);
		/* The implicit MX of a name without any address: the domain has no mail host at all. */
		if (r->status == MX_IMPLICIT && !r->direct && r->hosts[0].naddrs == 0 && !r->error) {
			dtext_printf(&why, "no MX records and no address records: no mail can be delivered there");
			take(&why, &r->error, &r->error_loc);
		}
	}
	dns_resolver_free(res);
	dtext_free(&why);
	return r;
}

void mx_result_free(struct mx_result *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nhosts; i++) {
		for (size_t k = 0; k < r->hosts[i].naddrs; k++)
			free(r->hosts[i].addrs[k]);
		free(r->hosts[i].addrs);
		free(r->hosts[i].name);
		free(r->hosts[i].error);
		free(r->hosts[i].error_loc);
		free(r->hosts[i].addr_why);
		free(r->hosts[i].cname);
		free(r->hosts[i].tlsa_base);
		dns_answer_clear(&r->hosts[i].tlsa);
	}
	free(r->hosts);
	free(r->domain);
	free(r->alabel);
	free(r->error);
	free(r->error_loc);
	free(r->why);
	free(r->anchor);
	free(r->anchor_loc);
	free(r);
}

const struct mx_host *mx_best(const struct mx_result *r)
{
	if (!r || (r->status != MX_OK && r->status != MX_IMPLICIT) || r->nhosts == 0)
		return NULL;
	for (size_t i = 0; i < r->nhosts; i++)
		if (r->hosts[i].naddrs > 0)
			return &r->hosts[i];
	return &r->hosts[0];
}

/* s (English) and s_loc (its translation, or NULL) on their own sides. */
static void raw2(struct dtext *out, const char *s, const char *s_loc)
{
	buf_append_str(&out->en, s);
	if (i18n_translating())
		buf_append_str(&out->loc, s_loc ? s_loc : s);
}

void mx_result_format(const struct mx_result *r, struct dtext *out)
{
	/* The domain as typed may be any bytes: only its A-label (checked by libidn2) is printed as is. */
	const char *name = r->alabel ? r->alabel : "?";
	bool idn = r->alabel && r->domain && strcasecmp(r->alabel, r->domain) != 0;

	switch (r->status) {
	case MX_NXDOMAIN:
	case MX_FAIL:
		if (r->alabel)
			dtext_printf(out, "MX lookup for %s failed: ", name);
		else
			dtext_printf(out, "MX lookup failed: ");
		raw2(out, r->error ? r->error : "?", r->error_loc);
		dtext_raw(out, "\n");
		if (r->unvalidated) {
			dtext_printf(out, "Asked again without validation (not to be trusted), the MX answer names:");
			for (size_t i = 0; i < r->nhosts; i++) {
				dtext_raw(out, i ? ", " : " ");
				dtext_raw(out, r->hosts[i].name);
			}
			dtext_raw(out, "\n");
		}
		return;
	case MX_NULL:
		dtext_printf(
			out,
			"%s publishes a null MX (\"MX 0 .\", RFC 7505): it accepts no mail at all. Mail to it fails "
			"at once (556 / 5.1.10).\n",
			name);
		return;
	case MX_IMPLICIT:
		dtext_printf(out,
			     "%s has no MX records: mail goes to the domain's own address (the implicit MX, RFC 5321 "
			     "§5.1).\n",
			     name);
		break;
	case MX_OK:
		if (idn)
			dtext_printf(out,
				     "MX records for %s (the A-label of the internationalised name), lowest preference "
				     "first (an MTA tries them in this order):\n",
				     name);
		else
			dtext_printf(out,
				     "MX records for %s, lowest preference first (an MTA tries them in this order):\n",
				     name);
		break;
	}
	for (size_t i = 0; i < r->nhosts; i++) {
		const struct mx_host *h = &r->hosts[i];
		char line[400];
		if (h->pref >= 0)
			snprintf(line, sizeof line, "  %5d  %s", h->pref, h->name);
		else
			snprintf(line, sizeof line, "  %5s  %s", "-", h->name);
		dtext_raw(out, line);
		for (size_t k = 0; k < h->naddrs; k++) {
			dtext_raw(out, k ? ", " : "  ");
			dtext_raw(out, h->addrs[k]);
		}
		if (h->naddrs == 0) {
			dtext_printf(out, "  (no address: ");
			raw2(out, h->error ? h->error : "?", h->error_loc);
			dtext_raw(out, ")");
		}
		dtext_raw(out, "\n");
	}
	if (r->more_hosts)
		dtext_nprintf(out, "  ... and %zu more MX record\n", "  ... and %zu more MX records\n", r->more_hosts,
			      r->more_hosts);
	if (r->error) {
		raw2(out, r->error, r->error_loc);
		dtext_raw(out, "\n");
	}
}

/* One line of the DNSSEC chain: "  MX      lab.test                  secure". The type, the name and the
 * security state are DNS words, the same in every language; why is the validator's. */
static void chain_line(struct dtext *out, const char *type, const char *name, enum dns_security sec, const char *why)
{
	char line[800];
	snprintf(line, sizeof line, "  %-7s %-32s %s", type, name, dns_security_name(sec));
	dtext_raw(out, line);
	if (why) {
		dtext_raw(out, " (");
		dtext_raw(out, why);
		dtext_raw(out, ")");
	}
}

void mx_result_format_dnssec(const struct mx_result *r, struct dtext *out)
{
	if (!r->anchor)
		return;
	dtext_en_printf(out, "DNSSEC, validating from %s:\n", r->anchor);
	dtext_loc_printf(out, N_("DNSSEC, validating from %s:\n"), r->anchor_loc ? r->anchor_loc : r->anchor);
	if (!r->direct && r->alabel && (r->status != MX_FAIL || r->sec == DNS_BOGUS)) {
		chain_line(out, "MX", r->alabel, r->sec, r->why);
		dtext_raw(out, "\n");
	}
	for (size_t i = 0; i < r->nhosts && !r->unvalidated; i++) {
		const struct mx_host *h = &r->hosts[i];
		if (h->cname) {
			/* "  CNAME   mx.a.test -> mx.b.test   secure": the alias and where it leads (RFC 7672 §2.2.2). */
			char alias[600];
			snprintf(alias, sizeof alias, "%s -> %s", h->name, h->cname);
			chain_line(out, "CNAME", alias, h->cname_sec, NULL);
			dtext_raw(out, "\n");
		}
		chain_line(out, "A/AAAA", h->cname ? h->cname : h->name, h->addr_sec, h->addr_why);
		if (!h->naddrs)
			dtext_printf(out, " (no address)");
		dtext_raw(out, "\n");
		if (!r->port)
			continue;
		char owner[300];
		snprintf(owner, sizeof owner, "_%d._tcp.%s", r->port, h->tlsa_base ? h->tlsa_base : h->name);
		if (!h->tlsa_asked) {
			char head[400];
			snprintf(head, sizeof head, "  %-7s %-32s ", "TLSA", owner);
			dtext_raw(out, head);
			/* tlsa_skipped: an N_() msgid. */
			dtext_en_printf(out, "not asked: %s (DANE does not apply)\n",
					h->tlsa_skipped ? h->tlsa_skipped : "no address");
			dtext_loc_printf(out, N_("not asked: %s (DANE does not apply)\n"),
					 h->tlsa_skipped ? _(h->tlsa_skipped) : _("no address"));
			continue;
		}
		chain_line(out, "TLSA", owner, h->tlsa.sec, h->tlsa.why);
		if (h->tlsa.error) {
			dtext_raw(out, ", ");
			raw2(out, h->tlsa.error, h->tlsa.error_loc);
		} else if (h->tlsa.n)
			dtext_nprintf(out, ", %zu record", ", %zu records", h->tlsa.n, h->tlsa.n);
		else if (h->tlsa.nxdomain)
			dtext_printf(out, ", no such name");
		else
			dtext_printf(out, ", no TLSA records");
		dtext_raw(out, "\n");
	}
}

/* ---- the worker thread ---- */

struct mx_lookup {
	struct loop *loop;
	char *domain;
	int port;
	bool direct;
	mx_fn fn;
	void *arg;
	int rfd, wfd;
	pthread_t th;
	pthread_mutex_t mu;
	bool done;
	bool cancelled;
	struct mx_result *result;
};

static void lookup_free(struct mx_lookup *q)
{
	close(q->rfd);
	close(q->wfd);
	pthread_mutex_destroy(&q->mu);
	mx_result_free(q->result);
	free(q->domain);
	free(q);
}

static void *worker(void *arg)
{
	struct mx_lookup *q = arg;
	struct mx_request rq = {.domain = q->domain, .port = q->port, .direct = q->direct};
	struct mx_result *r = mx_query_sync(&rq);

	pthread_mutex_lock(&q->mu);
	q->result = r;
	q->done = true;
	bool cancelled = q->cancelled;
	if (!cancelled) {
		ssize_t w;
		do
			w = write(q->wfd, "x", 1);
		while (w < 0 && errno == EINTR);
	}
	pthread_mutex_unlock(&q->mu);
	if (cancelled)
		lookup_free(q); /* nobody else holds q any more: the thread was detached by the canceller */
	return NULL;
}

static void on_done(int fd, short revents, void *arg)
{
	struct mx_lookup *q = arg;
	char c;

	(void)revents;
	if (read(fd, &c, 1) < 0 && errno == EAGAIN)
		return;
	loop_unwatch(q->loop, q->rfd);
	pthread_join(q->th, NULL);
	struct mx_result *r = q->result;
	q->result = NULL;
	mx_fn fn = q->fn;
	void *fnarg = q->arg;
	lookup_free(q);
	fn(fnarg, r);
}

struct mx_lookup *mx_lookup_start(struct loop *loop, const char *domain, mx_fn fn, void *arg)
{
	struct mx_request rq = {.domain = domain};
	return mx_query_start(loop, &rq, fn, arg);
}

struct mx_lookup *mx_query_start(struct loop *loop, const struct mx_request *rq, mx_fn fn, void *arg)
{
	struct mx_lookup *q = xcalloc(1, sizeof *q);
	int p[2];

	if (pipe2(p, O_CLOEXEC | O_NONBLOCK) < 0) {
		free(q);
		return NULL;
	}
	q->loop = loop;
	q->domain = xstrdup(rq->domain ? rq->domain : "");
	q->port = rq->port;
	q->direct = rq->direct;
	q->fn = fn;
	q->arg = arg;
	q->rfd = p[0];
	q->wfd = p[1];
	pthread_mutex_init(&q->mu, NULL);
	if (pthread_create(&q->th, NULL, worker, q) != 0) {
		lookup_free(q);
		return NULL;
	}
	loop_watch(loop, q->rfd, POLLIN, on_done, q);
	return q;
}

void mx_lookup_cancel(struct mx_lookup *q)
{
	if (!q)
		return;
	loop_unwatch(q->loop, q->rfd);
	pthread_t th = q->th; /* q may be freed by the worker as soon as the lock is released */
	pthread_mutex_lock(&q->mu);
	if (q->done) {
		pthread_mutex_unlock(&q->mu);
		pthread_join(th, NULL);
		lookup_free(q);
		return;
	}
	q->cancelled = true;
	pthread_mutex_unlock(&q->mu);
	pthread_detach(th);
}
