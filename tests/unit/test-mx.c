/* test-mx: MX lookup against a tiny DNS responder on 127.0.0.1 run by this test in a thread (found through
 * SMTPCON_DNS_SERVER): preference order with equal preferences kept in answer order, addresses from A and AAAA,
 * a host without an address, IDN, implicit MX, null MX, NXDOMAIN, SERVFAIL, bad names; the asynchronous lookup
 * through the loop and its cancellation. Nothing but 127.0.0.1 is ever asked. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "check.h"
#include "core/mx.h"
#include "lib/loop.h"

/* ---- the responder ---- */

enum { T_A = 1, T_MX = 15, T_AAAA = 28 };

struct rr {
	const char *name;
	int type;
	int pref;            /* MX */
	const char *target;  /* MX target ("" = the root), or the address text for A/AAAA */
};

static const struct rr zone[] = {
	{"mx.test", T_MX, 10, "b.mx.test"},
	{"mx.test", T_MX, 5, "a.mx.test"},
	{"mx.test", T_MX, 10, "c.mx.test"},
	{"a.mx.test", T_A, 0, "127.0.0.1"},
	{"b.mx.test", T_A, 0, "127.0.0.2"},
	{"b.mx.test", T_AAAA, 0, "::1"},
	{"c.mx.test", T_AAAA, 0, "::2"}, /* c exists (so NODATA for A), with IPv6 only */
	{"xn--bcher-kva.test", T_MX, 0, "a.mx.test"},
	{"null.test", T_MX, 0, ""},
	{"implicit.test", T_A, 0, "127.0.0.9"},
	{"noaddr.test", T_MX, 1, "gone.test"},
};

static int dns_fd = -1;
static int dns_port;
static atomic_bool dns_stop;
static pthread_t dns_th;

static bool name_exists(const char *name)
{
	for (size_t i = 0; i < sizeof zone / sizeof zone[0]; i++)
		if (strcasecmp(zone[i].name, name) == 0)
			return true;
	return strcasecmp(name, "servfail.test") == 0;
}

/* Encode a dotted name as DNS labels; returns bytes written. */
static size_t put_name(uint8_t *p, const char *name)
{
	size_t n = 0;
	while (*name) {
		const char *dot = strchr(name, '.');
		size_t l = dot ? (size_t)(dot - name) : strlen(name);
		p[n++] = (uint8_t)l;
		memcpy(p + n, name, l);
		n += l;
		name += l + (dot ? 1 : 0);
	}
	p[n++] = 0;
	return n;
}

static void *dns_main(void *arg)
{
	(void)arg;
	uint8_t q[512], r[1024];
	struct sockaddr_in from;

	while (!atomic_load(&dns_stop)) {
		socklen_t fl = sizeof from;
		ssize_t n = recvfrom(dns_fd, q, sizeof q, 0, (struct sockaddr *)&from, &fl);
		if (n < 17)
			continue;
		/* The question: labels from byte 12, then type and class. */
		char name[256] = "";
		size_t off = 12, nl = 0;
		while (off < (size_t)n && q[off] != 0 && nl + q[off] + 1 < sizeof name) {
			size_t l = q[off++];
			if (nl)
				name[nl++] = '.';
			memcpy(name + nl, q + off, l);
			nl += l;
			off += l;
		}
		name[nl] = '\0';
		off++;
		if (off + 4 > (size_t)n)
			continue;
		int qtype = (q[off] << 8) | q[off + 1];
		size_t qend = off + 4;

		memcpy(r, q, qend); /* id, flags, counts and the question, patched below */
		r[2] = 0x81;       /* QR, RD */
		r[3] = 0x80;       /* RA, rcode 0 */
		r[6] = r[7] = r[8] = r[9] = r[10] = r[11] = 0;
		size_t w = qend;
		int an = 0;
		if (strcasecmp(name, "servfail.test") == 0)
			r[3] |= 2;
		else if (!name_exists(name))
			r[3] |= 3; /* NXDOMAIN */
		for (size_t i = 0; i < sizeof zone / sizeof zone[0] && !(r[3] & 0xf); i++) {
			const struct rr *z = &zone[i];
			if (strcasecmp(z->name, name) != 0 || z->type != qtype)
				continue;
			uint8_t rd[300];
			size_t rdlen;
			if (z->type == T_MX) {
				rd[0] = (uint8_t)(z->pref >> 8);
				rd[1] = (uint8_t)z->pref;
				rdlen = 2 + put_name(rd + 2, z->target);
			} else if (z->type == T_A) {
				inet_pton(AF_INET, z->target, rd);
				rdlen = 4;
			} else {
				inet_pton(AF_INET6, z->target, rd);
				rdlen = 16;
			}
			r[w++] = 0xc0; /* the name: a pointer to the question's */
			r[w++] = 12;
			r[w++] = 0;
			r[w++] = (uint8_t)z->type;
			r[w++] = 0;
			r[w++] = 1; /* IN */
			r[w++] = 0;
			r[w++] = 0;
			r[w++] = 0;
			r[w++] = 60; /* TTL */
			r[w++] = (uint8_t)(rdlen >> 8);
			r[w++] = (uint8_t)rdlen;
			memcpy(r + w, rd, rdlen);
			w += rdlen;
			an++;
		}
		r[7] = (uint8_t)an;
		sendto(dns_fd, r, w, 0, (struct sockaddr *)&from, fl);
	}
	return NULL;
}

static void dns_start(void)
{
	struct sockaddr_in sa = {.sin_family = AF_INET};
	socklen_t sl = sizeof sa;
	struct timeval tv = {0, 200000};
	char env[64];

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	dns_fd = socket(AF_INET, SOCK_DGRAM, 0);
	CHECK(bind(dns_fd, (struct sockaddr *)&sa, sizeof sa) == 0);
	getsockname(dns_fd, (struct sockaddr *)&sa, &sl);
	dns_port = ntohs(sa.sin_port);
	setsockopt(dns_fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	pthread_create(&dns_th, NULL, dns_main, NULL);
	snprintf(env, sizeof env, "127.0.0.1:%d", dns_port);
	setenv(MX_ENV_DNS_SERVER, env, 1);
}

static void dns_stop_server(void)
{
	atomic_store(&dns_stop, true);
	pthread_join(dns_th, NULL);
	close(dns_fd);
}

/* ---- the tests ---- */

static void check_format(const struct mx_result *r, const char *want)
{
	struct dtext b;
	dtext_init(&b, 8192);
	mx_result_format(r, &b);
	if (!strstr(dtext_en(&b), want)) {
		fprintf(stderr, "listing lacks \"%s\":\n%s", want, dtext_en(&b));
		CHECK(0);
	}
	dtext_free(&b);
}

static void test_sync(void)
{
	struct mx_result *r = mx_lookup_sync("mx.test");
	CHECK_INT(r->status, MX_OK);
	CHECK_INT(r->nhosts, 3);
	if (r->nhosts == 3) {
		CHECK_STR(r->hosts[0].name, "a.mx.test");
		CHECK_INT(r->hosts[0].pref, 5);
		CHECK_INT(r->hosts[0].naddrs, 1);
		CHECK_STR(r->hosts[1].name, "b.mx.test"); /* equal preferences keep the answer's order */
		CHECK_STR(r->hosts[2].name, "c.mx.test");
		CHECK_INT(r->hosts[1].naddrs, 2);
		if (r->hosts[1].naddrs == 2) {
			CHECK_STR(r->hosts[1].addrs[0], "127.0.0.2"); /* IPv4 first */
			CHECK_STR(r->hosts[1].addrs[1], "::1");
		}
		CHECK_INT(r->hosts[2].naddrs, 1);
	}
	CHECK(mx_best(r) == &r->hosts[0]);
	check_format(r, "      5  a.mx.test  127.0.0.1\n     10  b.mx.test  127.0.0.2, ::1\n");
	mx_result_free(r);

	/* A trailing dot and upper case change nothing. */
	r = mx_lookup_sync("MX.test.");
	CHECK_INT(r->status, MX_OK);
	CHECK_INT(r->nhosts, 3);
	mx_result_free(r);

	r = mx_lookup_sync("b\xc3\xbc" "cher.test");
	CHECK_INT(r->status, MX_OK);
	CHECK_STR(r->alabel, "xn--bcher-kva.test");
	CHECK_INT(r->nhosts, 1);
	check_format(r, "A-label");
	mx_result_free(r);

	r = mx_lookup_sync("null.test");
	CHECK_INT(r->status, MX_NULL);
	CHECK(mx_best(r) == NULL);
	check_format(r, "null MX");
	mx_result_free(r);

	r = mx_lookup_sync("implicit.test");
	CHECK_INT(r->status, MX_IMPLICIT);
	CHECK_INT(r->nhosts, 1);
	if (r->nhosts == 1) {
		CHECK_STR(r->hosts[0].name, "implicit.test");
		CHECK_INT(r->hosts[0].pref, -1);
		CHECK_INT(r->hosts[0].naddrs, 1);
	}
	check_format(r, "implicit MX");
	mx_result_free(r);

	/* The only MX host has no address: it is still the best (and says why it has none). */
	r = mx_lookup_sync("noaddr.test");
	CHECK_INT(r->status, MX_OK);
	CHECK(mx_best(r) == &r->hosts[0]);
	CHECK(r->hosts[0].error != NULL);
	check_format(r, "no address");
	mx_result_free(r);

	r = mx_lookup_sync("nowhere.test");
	CHECK_INT(r->status, MX_NXDOMAIN);
	check_format(r, "does not exist");
	mx_result_free(r);

	r = mx_lookup_sync("servfail.test");
	CHECK_INT(r->status, MX_FAIL);
	mx_result_free(r);

	static const char *const bad[] = {"", ".", "a\xff.test", "-bad-.test"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		r = mx_lookup_sync(bad[i]);
		CHECK_INT(r->status, MX_FAIL);
		CHECK(r->error != NULL);
		check_format(r, "failed");
		mx_result_free(r);
	}
}

static void test_bad_override(void)
{
	char saved[64];
	snprintf(saved, sizeof saved, "%s", getenv(MX_ENV_DNS_SERVER));
	setenv(MX_ENV_DNS_SERVER, "not-an-address", 1);
	struct mx_result *r = mx_lookup_sync("mx.test");
	CHECK_INT(r->status, MX_FAIL);
	CHECK(r->error && strstr(r->error, MX_ENV_DNS_SERVER));
	mx_result_free(r);
	setenv(MX_ENV_DNS_SERVER, saved, 1);
}

struct got {
	int calls;
	enum mx_status status;
	size_t nhosts;
};

static void on_result(void *arg, struct mx_result *r)
{
	struct got *g = arg;
	g->calls++;
	g->status = r->status;
	g->nhosts = r->nhosts;
	mx_result_free(r);
}

static void test_async(void)
{
	struct loop *l = loop_new();
	struct got g = {0}, never = {0};

	struct mx_lookup *q = mx_lookup_start(l, "mx.test", on_result, &g);
	CHECK(q != NULL);
	CHECK_INT(g.calls, 0); /* never from inside start */
	for (int i = 0; i < 200 && g.calls == 0; i++)
		loop_run_once(l, 25);
	CHECK_INT(g.calls, 1);
	CHECK_INT(g.status, MX_OK);
	CHECK_INT(g.nhosts, 3);

	/* Cancelled at once: the callback never runs, and the worker frees everything itself. */
	q = mx_lookup_start(l, "mx.test", on_result, &never);
	mx_lookup_cancel(q);
	for (int i = 0; i < 20; i++)
		loop_run_once(l, 25);
	CHECK_INT(never.calls, 0);
	/* Cancelled after it finished but before the loop delivered it. */
	q = mx_lookup_start(l, "implicit.test", on_result, &never);
	usleep(300000);
	mx_lookup_cancel(q);
	for (int i = 0; i < 10; i++)
		loop_run_once(l, 25);
	CHECK_INT(never.calls, 0);
	loop_free(l);
}

int main(void)
{
	dns_start();
	test_sync();
	test_bad_override();
	test_async();
	usleep(200000); /* let a cancelled worker finish before the checks on leaks run */
	dns_stop_server();
	return check_report();
}
