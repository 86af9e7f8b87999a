/* dnssec: a validating DNS resolver (libunbound) configured from the system or the test hooks; answers marked
 * secure / insecure / bogus. See dnssec.h. */
#include "core/dnssec.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unbound.h>
#include <unistd.h>

#include "lib/i18n.h"
#include "lib/xmalloc.h"

struct dns_resolver {
	struct ub_ctx *ctx;
	char *anchor;
	char *anchor_loc;
};

/* r->anchor from an N_() msgid with at most one %s (a file name), in English and the user's language. */
static void set_anchor(struct dns_resolver *r, const char *fmt, const char *file)
{
	/* fmt varies by caller (one %s or none): a caller without %s passes an argument snprintf ignores. */
	/* cppcheck-suppress wrongPrintfScanfArgNum */
	r->anchor = xasprintf(fmt, file);
	/* cppcheck-suppress wrongPrintfScanfArgNum */
	r->anchor_loc = xasprintf(_(fmt), file);
}

const char *dns_security_name(enum dns_security s)
{
	static const char *const names[] = {"insecure", "secure", "bogus"};
	return (unsigned)s < sizeof names / sizeof names[0] ? names[s] : "unknown";
}

/* SMTPCON_DNS_SERVER's value ("127.0.0.1", "127.0.0.1:5353", "[::1]:5353") as libunbound's "ADDR@PORT"; NULL
 * when malformed. */
static char *forwarder_from_env(const char *v)
{
	char addr[64];
	const char *port = NULL;
	unsigned char bin[16];
	int fam = AF_INET;

	if (v[0] == '[') {
		const char *end = strchr(v, ']');
		if (!end || (size_t)(end - v - 1) >= sizeof addr || (end[1] && end[1] != ':'))
			return NULL;
		memcpy(addr, v + 1, (size_t)(end - v - 1));
		addr[end - v - 1] = '\0';
		port = end[1] ? end + 2 : NULL;
		fam = AF_INET6;
	} else {
		const char *colon = strchr(v, ':');
		size_t n = colon ? (size_t)(colon - v) : strlen(v);
		if (n >= sizeof addr)
			return NULL;
		memcpy(addr, v, n);
		addr[n] = '\0';
		port = colon ? colon + 1 : NULL;
	}
	if (inet_pton(fam, addr, bin) != 1)
		return NULL;
	long p = 53;
	if (port) {
		char *e;
		p = strtol(port, &e, 10);
		if (*port == '\0' || *e || p < 1 || p > 65535)
			return NULL;
	}
	return xasprintf("%s@%ld", addr, p);
}

/* Set one libunbound option; false with *err. */
static bool set_opt(struct ub_ctx *ctx, const char *opt, const char *val, char **err)
{
	int e = ub_ctx_set_option(ctx, opt, val);
	if (e != 0) {
		*err = xasprintf("the DNS resolver refused \"%s %s\": %s", opt, val, ub_strerror(e));
		return false;
	}
	return true;
}

static struct dns_resolver *fail(struct dns_resolver *r, char **err, char *msg)
{
	*err = msg;
	dns_resolver_free(r);
	return NULL;
}

static struct dns_resolver *resolver_new(bool validate, char **err)
{
	const char *srv = getenv(DNS_ENV_SERVER);
	const char *ta = getenv(DNS_ENV_TRUST_ANCHOR);
	struct dns_resolver *r = xcalloc(1, sizeof *r);
	int e;

	*err = NULL;
	if (srv && !*srv)
		srv = NULL;
	if (ta && !*ta)
		ta = NULL;
	bool hooks = srv || ta;
	r->ctx = ub_ctx_create();
	if (!r->ctx)
		return fail(r, err, xstrdup("the DNS resolver (libunbound) could not be created"));
	/* Records in the order the server gave them (equal MX preferences keep the DNS order, RFC 5321 §5.1). */
	if (!set_opt(r->ctx, "rrset-roundrobin:", "no", err))
		return fail(r, err, *err);
	if (!validate) {
		if (!set_opt(r->ctx, "module-config:", "iterator", err))
			return fail(r, err, *err);
		ta = NULL;
	}
	if (hooks) {
		/* A test's own servers: they live on loopback (which libunbound never asks by default) and serve
		 * names under the special-use "test." (which libunbound answers NXDOMAIN for by default). */
		if (!set_opt(r->ctx, "do-not-query-localhost:", "no", err))
			return fail(r, err, *err);
	}
	if (srv) {
		char *fwd = forwarder_from_env(srv);
		if (!fwd)
			return fail(r, err, xstrdup(DNS_ENV_SERVER " must be IPV4[:PORT] or [IPV6]:PORT"));
		/* A forwarder: every question goes there as asked, whatever the zone. The validator then fetches the
		 * DNSKEYs it needs from the same server, starting at the configured anchor; an authoritative-only server
		 * that refuses the parent zones is fine, since nothing above the anchor is ever needed. */
		e = ub_ctx_set_fwd(r->ctx, fwd);
		free(fwd);
		if (e != 0)
			return fail(r, err, xasprintf(DNS_ENV_SERVER ": %s", ub_strerror(e)));
	} else {
		/* The system's recursive servers; without a usable resolv.conf libunbound recurses from the root
		 * itself. */
		(void)ub_ctx_resolvconf(r->ctx, NULL);
	}
	if (!validate) {
		set_anchor(r, N_("no validation"), "");
	} else if (ta) {
		if (access(ta, R_OK) != 0)
			return fail(r, err, xasprintf(DNS_ENV_TRUST_ANCHOR ": cannot read %s", ta));
		e = ub_ctx_add_ta_file(r->ctx, ta);
		if (e != 0)
			return fail(r, err, xasprintf(DNS_ENV_TRUST_ANCHOR ": %s: %s", ta, ub_strerror(e)));
		set_anchor(r, N_("the test trust anchor %s"), ta);
	} else if (srv) {
		set_anchor(r,
			   N_("no trust anchor (SMTPCON_DNS_SERVER without SMTPCON_DNS_TRUST_ANCHOR): every answer is "
			      "insecure"),
			   "");
	} else if (access(DNS_ROOT_KEY_FILE, R_OK) == 0 && ub_ctx_add_ta_file(r->ctx, DNS_ROOT_KEY_FILE) == 0) {
		set_anchor(r, N_("the DNSSEC root key (%s)"), DNS_ROOT_KEY_FILE);
	} else {
		set_anchor(r, N_("no trust anchor (%s is missing: install dns-root-data): every answer is insecure"),
			   DNS_ROOT_KEY_FILE);
	}
	/* Last: adding a local zone finalises the configuration. */
	if (hooks) {
		e = ub_ctx_zone_add(r->ctx, "test.", "nodefault");
		if (e != 0)
			return fail(r, err,
				    xasprintf("the DNS resolver refused local-zone \"test.\" nodefault: %s",
					      ub_strerror(e)));
	}
	return r;
}

struct dns_resolver *dns_resolver_new(char **err)
{
	return resolver_new(true, err);
}

struct dns_resolver *dns_resolver_new_unvalidated(char **err)
{
	return resolver_new(false, err);
}

void dns_resolver_free(struct dns_resolver *r)
{
	if (!r)
		return;
	if (r->ctx)
		ub_ctx_delete(r->ctx);
	free(r->anchor);
	free(r->anchor_loc);
	free(r);
}

const char *dns_resolver_anchor(const struct dns_resolver *r)
{
	return r->anchor;
}

const char *dns_resolver_anchor_loc(const struct dns_resolver *r)
{
	return r->anchor_loc;
}

void dns_answer_clear(struct dns_answer *a)
{
	for (size_t i = 0; i < a->n; i++)
		free(a->data[i]);
	free(a->data);
	free(a->len);
	free(a->why);
	free(a->canon);
	free(a->error);
	free(a->error_loc);
	memset(a, 0, sizeof *a);
}

static const char *rcode_text(int rcode)
{
	switch (rcode) {
	case 1: return N_("the DNS server could not parse the query (FORMERR)");
	case 2: return N_("the DNS server failed or did not answer in time (SERVFAIL); try again later");
	case 4: return N_("the DNS server does not implement the query (NOTIMP)");
	case 5: return N_("the DNS server refused the query (REFUSED)");
	default: return N_("the DNS look-up failed");
	}
}

int dns_query(struct dns_resolver *r, const char *name, int type, struct dns_answer *a)
{
	struct ub_result *res = NULL;

	memset(a, 0, sizeof *a);
	int e = ub_resolve(r->ctx, name, type, 1 /* IN */, &res);
	if (e != 0 || !res) {
		a->rcode = 2;
		/* ub_strerror: libunbound's own words (English). */
		a->error = xasprintf("the DNS look-up failed: %s", ub_strerror(e));
		if (i18n_translating())
			a->error_loc = xasprintf(_("the DNS look-up failed: %s"), ub_strerror(e));
		if (res)
			ub_resolve_free(res);
		return -1;
	}
	a->rcode = res->rcode;
	a->nxdomain = res->nxdomain != 0;
	a->sec = res->secure ? DNS_SECURE : res->bogus ? DNS_BOGUS : DNS_INSECURE;
	if (a->sec == DNS_BOGUS)
		a->why = xstrdup(res->why_bogus ? res->why_bogus : "validation failed");
	if (res->canonname) {
		char *c = xstrdup(res->canonname);
		size_t l = strlen(c);
		if (l > 1 && c[l - 1] == '.')
			c[l - 1] = '\0';
		a->canon = c;
	}
	if (res->havedata)
		for (size_t i = 0; res->data[i]; i++) {
			a->data = xreallocarray(a->data, a->n + 1, sizeof *a->data);
			a->len = xreallocarray(a->len, a->n + 1, sizeof *a->len);
			a->len[a->n] = (size_t)res->len[i];
			a->data[a->n] = xmalloc(a->len[a->n] ? a->len[a->n] : 1);
			memcpy(a->data[a->n], res->data[i], a->len[a->n]);
			a->n++;
		}
	int ret = 0;
	/* A bogus answer comes back as SERVFAIL with its data withheld: that is an answer (DNSSEC's), not a failure
	 * to reach the DNS. */
	if (a->sec != DNS_BOGUS && res->rcode != 0 && res->rcode != 3) {
		a->error = xstrdup(rcode_text(res->rcode));
		if (i18n_translating())
			a->error_loc = xstrdup(_(a->error));
		ret = -1;
	}
	ub_resolve_free(res);
	return ret;
}

size_t dns_name_from_wire(const unsigned char *p, size_t n, char *out, size_t outsz)
{
	size_t i = 0, o = 0;

	if (outsz == 0)
		return 0;
	for (;;) {
		if (i >= n)
			return 0;
		size_t l = p[i++];
		if (l == 0)
			break;
		if (l > 63 || i + l > n)
			return 0; /* a compression pointer or a label running off the end */
		if (o + l + 2 > outsz)
			return 0;
		if (o > 0)
			out[o++] = '.';
		for (size_t k = 0; k < l; k++) {
			unsigned char ch = p[i + k];
			bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
				  ch == '-' || ch == '_';
			if (!ok)
				return 0;
			out[o++] = (char)ch;
		}
		i += l;
	}
	out[o] = '\0';
	return i;
}
