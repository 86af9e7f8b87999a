/* mx: MX lookup as an MTA does it (RFC 5321 §5.1, RFC 7505 null MX), with IDN domains through libidn2, run in a
 * worker thread whose result comes back to the poll loop through a pipe. See mx.h for the test hook
 * SMTPCON_DNS_SERVER. */
#include "core/mx.h"

#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <errno.h>
#include <fcntl.h>
#include <idn2.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <resolv.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lib/xmalloc.h"

#define MX_ANSWER_MAX 65535 /* the largest DNS message (TCP) */

const char *mx_status_name(enum mx_status st)
{
	static const char *const names[] = {"ok", "implicit", "null", "nxdomain", "fail"};
	return (unsigned)st < sizeof names / sizeof names[0] ? names[st] : "unknown";
}

/* ---- the resolver, with the test override ---- */

/* Set up res for queries; false with *err when the override is malformed or the resolver cannot start. */
static bool resolver_init(res_state res, bool *override, const char **err)
{
	const char *srv = getenv(MX_ENV_DNS_SERVER);

	memset(res, 0, sizeof *res);
	*override = false;
	if (res_ninit(res) != 0) {
		*err = "the resolver could not be initialised (/etc/resolv.conf?)";
		return false;
	}
	/* Give up in reasonable time: two tries of three seconds per server. */
	res->retrans = 3;
	res->retry = 2;
	if (srv && *srv) {
		char ip[64];
		int port = 53;
		const char *colon = strchr(srv, ':');
		size_t n = colon ? (size_t)(colon - srv) : strlen(srv);
		struct sockaddr_in sa = {.sin_family = AF_INET};
		if (n >= sizeof ip || (colon && (sscanf(colon + 1, "%d", &port) != 1 || port < 1 || port > 65535))) {
			*err = MX_ENV_DNS_SERVER " must be IPV4[:PORT]";
			res_nclose(res);
			return false;
		}
		memcpy(ip, srv, n);
		ip[n] = '\0';
		if (inet_pton(AF_INET, ip, &sa.sin_addr) != 1) {
			*err = MX_ENV_DNS_SERVER " must be IPV4[:PORT]";
			res_nclose(res);
			return false;
		}
		sa.sin_port = htons((uint16_t)port);
		res->nsaddr_list[0] = sa;
		res->nscount = 1;
		*override = true;
	}
	return true;
}

/* Query name for type; the answer length, or -1 with *h_err (HOST_NOT_FOUND, NO_DATA, TRY_AGAIN, ...). */
static int query(res_state res, const char *name, int type, unsigned char *ans, int *h_err)
{
	int n = res_nquery(res, name, ns_c_in, type, ans, MX_ANSWER_MAX);
	*h_err = n < 0 ? res->res_h_errno : 0;
	return n;
}

static const char *h_err_text(int h)
{
	switch (h) {
	case HOST_NOT_FOUND:
		return "the domain does not exist (NXDOMAIN)";
	case NO_DATA:
		return "no records of that type";
	case TRY_AGAIN:
		return "the DNS server did not answer in time or failed (SERVFAIL); try again later";
	case NO_RECOVERY:
		return "the DNS server refused the query or answered with an error";
	default:
		return "DNS lookup failed";
	}
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

/* A and AAAA straight from DNS (the override's path: never the system resolver). */
static void addrs_from_dns(res_state res, struct mx_host *h, unsigned char *ans)
{
	static const int types[] = {ns_t_a, ns_t_aaaa};
	int last_err = 0;

	for (size_t t = 0; t < 2; t++) {
		int h_err;
		int n = query(res, h->name, types[t], ans, &h_err);
		ns_msg msg;
		if (n < 0) {
			if (h_err != NO_DATA)
				last_err = h_err;
			continue;
		}
		if (ns_initparse(ans, n, &msg) < 0)
			continue;
		for (int i = 0; i < ns_msg_count(msg, ns_s_an); i++) {
			ns_rr rr;
			char buf[INET6_ADDRSTRLEN];
			if (ns_parserr(&msg, ns_s_an, i, &rr) < 0)
				break;
			if (ns_rr_type(rr) == ns_t_a && ns_rr_rdlen(rr) == 4)
				inet_ntop(AF_INET, ns_rr_rdata(rr), buf, sizeof buf);
			else if (ns_rr_type(rr) == ns_t_aaaa && ns_rr_rdlen(rr) == 16)
				inet_ntop(AF_INET6, ns_rr_rdata(rr), buf, sizeof buf);
			else
				continue;
			host_add_addr(h, buf);
		}
	}
	if (h->naddrs == 0)
		h->error = xstrdup(last_err ? h_err_text(last_err) : "no A or AAAA records");
}

static void addrs_from_getaddrinfo(struct mx_host *h)
{
	struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM};
	struct addrinfo *res = NULL;
	int e = getaddrinfo(h->name, NULL, &hints, &res);

	if (e != 0) {
		h->error = xstrdup(gai_strerror(e));
		return;
	}
	for (int fam = 0; fam < 2; fam++) /* IPv4 first, then IPv6 (see mx.h) */
		for (struct addrinfo *ai = res; ai; ai = ai->ai_next) {
			char buf[INET6_ADDRSTRLEN];
			if (fam == 0 && ai->ai_family == AF_INET)
				inet_ntop(AF_INET, &((struct sockaddr_in *)ai->ai_addr)->sin_addr, buf, sizeof buf);
			else if (fam == 1 && ai->ai_family == AF_INET6)
				inet_ntop(AF_INET6, &((struct sockaddr_in6 *)ai->ai_addr)->sin6_addr, buf, sizeof buf);
			else
				continue;
			host_add_addr(h, buf);
		}
	freeaddrinfo(res);
	if (h->naddrs == 0)
		h->error = xstrdup("no IPv4 or IPv6 address");
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

/* Parse the MX answer into r->hosts; false when the message is malformed. */
static bool parse_mx(struct mx_result *r, const unsigned char *ans, int n)
{
	ns_msg msg;
	bool null_mx = false;

	if (ns_initparse(ans, n, &msg) < 0)
		return false;
	for (int i = 0; i < ns_msg_count(msg, ns_s_an); i++) {
		ns_rr rr;
		char name[NS_MAXDNAME];
		if (ns_parserr(&msg, ns_s_an, i, &rr) < 0)
			return false;
		if (ns_rr_type(rr) != ns_t_mx || ns_rr_rdlen(rr) < 3)
			continue; /* CNAMEs on the way, and anything else */
		const unsigned char *rd = ns_rr_rdata(rr);
		int pref = (rd[0] << 8) | rd[1];
		if (ns_name_uncompress(ns_msg_base(msg), ns_msg_end(msg), rd + 2, name, sizeof name) < 0)
			return false;
		size_t len = strlen(name);
		if (len > 0 && name[len - 1] == '.')
			name[--len] = '\0';
		if (len == 0) {
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

static struct mx_result *fail(struct mx_result *r, enum mx_status st, const char *err)
{
	r->status = st;
	r->error = xstrdup(err);
	return r;
}

struct mx_result *mx_lookup_sync(const char *domain)
{
	struct mx_result *r = xcalloc(1, sizeof *r);
	struct __res_state res;
	bool override;
	const char *err = NULL;
	char *alabel = NULL;
	int rc, h_err;

	r->domain = xstrdup(domain ? domain : "");
	/* "example.org." is the same domain as "example.org". */
	char *d = xstrdup(r->domain);
	size_t dl = strlen(d);
	if (dl > 0 && d[dl - 1] == '.')
		d[--dl] = '\0';
	if (dl == 0 || dl > 253) {
		free(d);
		return fail(r, MX_FAIL, "not a domain name");
	}
	rc = idn2_to_ascii_8z(d, &alabel, IDN2_NONTRANSITIONAL | IDN2_NFC_INPUT);
	free(d);
	if (rc != IDN2_OK) {
		char msg[160];
		snprintf(msg, sizeof msg, "not a valid domain name (IDNA2008: %s)", idn2_strerror(rc));
		return fail(r, MX_FAIL, msg);
	}
	r->alabel = xstrdup(alabel);
	idn2_free(alabel);

	if (!resolver_init(&res, &override, &err))
		return fail(r, MX_FAIL, err);
	unsigned char *ans = xmalloc(MX_ANSWER_MAX);
	int n = query(&res, r->alabel, ns_t_mx, ans, &h_err);
	if (n < 0 && h_err == HOST_NOT_FOUND) {
		fail(r, MX_NXDOMAIN, h_err_text(h_err));
	} else if (n < 0 && h_err != NO_DATA) {
		fail(r, MX_FAIL, h_err_text(h_err));
	} else {
		r->status = MX_OK;
		if (n >= 0 && !parse_mx(r, ans, n))
			fail(r, MX_FAIL, "the DNS answer was malformed");
		else if (r->status == MX_OK && r->nhosts == 0) {
			/* No MX at all: the domain itself is the host, at an implied preference of 0 (RFC 5321
			 * §5.1). We show it as -1 so nobody mistakes it for a record. */
			r->status = MX_IMPLICIT;
			add_host(r, r->alabel, -1);
		}
	}
	if (r->status == MX_OK || r->status == MX_IMPLICIT) {
		sort_hosts(r);
		for (size_t i = 0; i < r->nhosts; i++) {
			if (override)
				addrs_from_dns(&res, &r->hosts[i], ans);
			else
				addrs_from_getaddrinfo(&r->hosts[i]);
		}
		/* The implicit MX of a name without any address: the domain has no mail host at all. */
		if (r->status == MX_IMPLICIT && r->hosts[0].naddrs == 0 && !r->error)
			r->error = xstrdup("no MX records and no address records: no mail can be delivered there");
	}
	free(ans);
	res_nclose(&res);
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
	}
	free(r->hosts);
	free(r->domain);
	free(r->alabel);
	free(r->error);
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

void mx_result_format(const struct mx_result *r, struct buf *out)
{
	/* The domain as typed may be any bytes: only its A-label (checked by libidn2) is printed as is. */
	const char *name = r->alabel ? r->alabel : "(invalid name)";
	bool idn = r->alabel && r->domain && strcasecmp(r->alabel, r->domain) != 0;

	switch (r->status) {
	case MX_NXDOMAIN:
	case MX_FAIL:
		buf_printf(out, "MX lookup for %s failed: %s\n", name, r->error ? r->error : "unknown error");
		return;
	case MX_NULL:
		buf_printf(out, "%s publishes a null MX (\"MX 0 .\", RFC 7505): it accepts no mail at all. Mail to it "
		                "fails at once (556 / 5.1.10).\n", name);
		return;
	case MX_IMPLICIT:
		buf_printf(out, "%s has no MX records: mail goes to the domain's own address (the implicit MX, RFC "
		                "5321 §5.1).\n", name);
		break;
	case MX_OK:
		buf_printf(out, "MX records for %s%s, lowest preference first (an MTA tries them in this order):\n",
		           name, idn ? " (the A-label of the internationalised name)" : "");
		break;
	}
	for (size_t i = 0; i < r->nhosts; i++) {
		const struct mx_host *h = &r->hosts[i];
		if (h->pref >= 0)
			buf_printf(out, "  %5d  %s", h->pref, h->name);
		else
			buf_printf(out, "  %5s  %s", "-", h->name);
		for (size_t k = 0; k < h->naddrs; k++)
			buf_printf(out, "%s%s", k ? ", " : "  ", h->addrs[k]);
		if (h->naddrs == 0)
			buf_printf(out, "  (no address: %s)", h->error ? h->error : "none");
		buf_append_str(out, "\n");
	}
	if (r->more_hosts)
		buf_printf(out, "  ... and %zu more MX records\n", r->more_hosts);
	if (r->error)
		buf_printf(out, "%s\n", r->error);
}

/* ---- the worker thread ---- */

struct mx_lookup {
	struct loop *loop;
	char *domain;
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
	struct mx_result *r = mx_lookup_sync(q->domain);

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
	struct mx_lookup *q = xcalloc(1, sizeof *q);
	int p[2];

	if (pipe2(p, O_CLOEXEC | O_NONBLOCK) < 0) {
		free(q);
		return NULL;
	}
	q->loop = loop;
	q->domain = xstrdup(domain);
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
