/* cmd-cert: the certificate inspector. /cert shows the peer chain exactly as the server sent it, every field of
 * every certificate, and the verdict as reasons with cause and fix; /cert N one certificate; /cert text N the
 * full GnuTLS dump; /cert save FILE the chain as PEM; /cert tlsa the DANE record an operator would publish.
 * The TUI shows the same lines in its overlay (certv_* in cmd-cert.h); batch mode prints them.
 *
 * Everything taken from a certificate is hostile text: it is escaped here, line by line, before any view sees
 * it (a subject holding "\n250 OK" must not become a line of its own). */
#include "cmd/cmd-cert.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "cmd/console-int.h"
#include "core/cert.h"
#include "lib/buf.h"
#include "lib/escape.h"
#include "lib/xmalloc.h"

/* One display line at most (a DN can be long; a hostile one is cut here, never split into fake lines). */
#define CERTV_MAX_LINE 8192u
/* SANs and URLs listed per certificate before "... and N more". */
#define CERTV_MAX_NAMES 200u
/* Lines of a GnuTLS dump shown at most. */
#define CERTV_MAX_DUMP_LINES 5000u

struct out {
	certv_fn fn;
	void *ctx;
	struct buf b;
};

static void out_init(struct out *o, certv_fn fn, void *ctx)
{
	o->fn = fn;
	o->ctx = ctx;
	buf_init(&o->b, CERTV_MAX_LINE);
}

/* Our own text (no server bytes in the arguments unless escaped first). */
static void say(struct out *o, enum certv_role r, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void say(struct out *o, enum certv_role r, const char *fmt, ...)
{
	char *s = NULL;
	va_list ap;
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	buf_reset(&o->b);
	/* Escaped as well: our text may quote a file path or a name the user typed. */
	if (s)
		escape_bytes(&o->b, (const uint8_t *)s, strlen(s), ESCAPE_DEFAULT);
	free(s);
	o->fn(o->ctx, r, buf_cstr(&o->b));
}

/* lead (ours) followed by untrusted text, escaped; NULL shows as "(none)". */
static void field(struct out *o, enum certv_role r, const char *lead, const char *text)
{
	buf_reset(&o->b);
	buf_append_str(&o->b, lead);
	if (text == NULL)
		buf_append_str(&o->b, "(none)");
	else
		escape_bytes(&o->b, (const uint8_t *)text, strlen(text), ESCAPE_DEFAULT);
	o->fn(o->ctx, r, buf_cstr(&o->b));
}

static void out_free(struct out *o)
{
	buf_free(&o->b);
}

static void fmt_utc(int64_t t, char *out, size_t n)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (t < 0 || (int64_t)tt != t || gmtime_r(&tt, &tm) == NULL ||
	    strftime(out, n, "%Y-%m-%d %H:%M:%S UTC", &tm) == 0)
		snprintf(out, n, "(unknown)");
}

void certv_days(int64_t not_before, int64_t not_after, int64_t now, char *out, size_t n)
{
	if (not_after < 0 || not_before < 0) {
		snprintf(out, n, "validity unknown");
	} else if (now < not_before) {
		long long d = (long long)((not_before - now + 86399) / 86400);
		snprintf(out, n, "NOT VALID YET (starts in %lld day%s)", d, d == 1 ? "" : "s");
	} else if (now > not_after) {
		long long d = (long long)((now - not_after) / 86400);
		if (d == 0)
			snprintf(out, n, "EXPIRED today");
		else
			snprintf(out, n, "EXPIRED %lld day%s ago", d, d == 1 ? "" : "s");
	} else {
		long long d = (long long)((not_after - now) / 86400);
		snprintf(out, n, "valid, %lld day%s left", d, d == 1 ? "" : "s");
	}
}

static bool has_reason(const struct tls_info *ti, const char *id)
{
	for (size_t i = 0; i < ti->nreasons; i++)
		if (ti->reasons[i].id && strcmp(ti->reasons[i].id, id) == 0)
			return true;
	return false;
}

bool certv_chain_incomplete(const struct tls_info *ti)
{
	if (ti == NULL || ti->nchain == 0)
		return false;
	return !ti->chain[ti->nchain - 1].self_signed && has_reason(ti, "signer-not-found");
}

static bool str_eq(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

/* What certificate i is in the chain. */
static const char *role_of(const struct tls_info *ti, size_t i)
{
	const struct cert_info *c = &ti->chain[i];
	if (i == 0)
		return c->self_signed ? "server certificate, self-signed" : "server certificate (leaf)";
	if (c->self_signed)
		return "root CA (self-signed)";
	if (c->is_ca > 0)
		return "intermediate CA";
	return c->is_ca == 0 ? "NOT a CA certificate" : "certificate without CA flag";
}

void certv_session(const struct tls_info *ti, certv_fn fn, void *ctx)
{
	struct out o;
	out_init(&o, fn, ctx);
	if (ti == NULL) {
		say(&o, CERTV_TEXT, "no TLS on this connection (yet): /starttls, or /connect HOST:465 tls");
		out_free(&o);
		return;
	}
	field(&o, CERTV_TITLE, "TLS version:      ", ti->version);
	field(&o, CERTV_TEXT, "cipher suite:     ", ti->suite ? ti->suite : ti->cipher);
	if (ti->suite && ti->cipher)
		field(&o, CERTV_DIM, "  bulk cipher:    ", ti->cipher);
	field(&o, CERTV_TEXT, "key exchange:     ", ti->kx_group);
	field(&o, CERTV_TEXT, "signature scheme: ", ti->sig_scheme);
	say(&o, CERTV_TEXT, "resumed:          %s", ti->resumed ? "yes (an earlier session was resumed)" : "no");
	field(&o, CERTV_TEXT, "SNI sent:         ", ti->sni ? ti->sni : "(none: connected by address)");
	if (ti->description)
		field(&o, CERTV_DIM, "GnuTLS:           ", ti->description);
	if (ti->version && (strcmp(ti->version, "TLS1.0") == 0 || strcmp(ti->version, "TLS1.1") == 0 ||
	                    strncmp(ti->version, "SSL", 3) == 0))
		say(&o, CERTV_BAD, "%s is obsolete and insecure (RFC 8996): the server should offer TLS 1.2 or 1.3",
		    ti->version);
	out_free(&o);
}

void certv_verdict(const struct tls_info *ti, int64_t now, certv_fn fn, void *ctx)
{
	(void)now;
	struct out o;
	out_init(&o, fn, ctx);
	if (ti == NULL) {
		out_free(&o);
		return;
	}
	const char *name = ti->checked_name ? ti->checked_name : "(no name checked)";
	buf_reset(&o.b);
	if (ti->verified) {
		buf_append_str(&o.b, "certificate VERIFIED for ");
		escape_bytes(&o.b, (const uint8_t *)name, strlen(name), ESCAPE_DEFAULT);
		fn(ctx, CERTV_GOOD, buf_cstr(&o.b));
	} else {
		buf_append_str(&o.b, "certificate NOT verified for ");
		escape_bytes(&o.b, (const uint8_t *)name, strlen(name), ESCAPE_DEFAULT);
		buf_printf(&o.b, ": %zu reason%s%s", ti->nreasons, ti->nreasons == 1 ? "" : "s",
		           ti->verify_skipped ? " (--insecure: going on anyway)" : "");
		fn(ctx, CERTV_BAD, buf_cstr(&o.b));
	}
	field(&o, CERTV_TEXT, "trust store: ", ti->trust_store);
	say(&o, CERTV_DIM, "GnuTLS status bits: 0x%x", ti->status);
	for (size_t i = 0; i < ti->nreasons; i++) {
		const struct verify_reason *r = &ti->reasons[i];
		buf_reset(&o.b);
		buf_append_str(&o.b, "  - [");
		buf_append_str(&o.b, r->id ? r->id : "?");
		buf_append_str(&o.b, "] ");
		const char *t = r->text ? verify_reason_text(r) : "";
		escape_bytes(&o.b, (const uint8_t *)t, strlen(t), ESCAPE_DEFAULT);
		/* A self-signed certificate and a name checked with nothing to check are notes, not errors. */
		fn(ctx, ti->verified ? CERTV_WARN : CERTV_BAD, buf_cstr(&o.b));
		if (r->hint)
			field(&o, CERTV_HINT, "      cause and fix: ", verify_reason_hint(r));
		if (r->id && strcmp(r->id, "signer-not-found") == 0 && ti->nchain > 0) {
			const struct cert_info *top = &ti->chain[ti->nchain - 1];
			field(&o, CERTV_HINT, "      issuer the client could not find: ",
			      top->self_signed ? top->subject : top->issuer);
			if (ti->trust_store && strcmp(ti->trust_store, "system trust store") == 0)
				say(&o, CERTV_HINT, "      if this server verified before, an unexpected issuer can also mean "
				                    "a middlebox (antivirus, corporate proxy) replaced its certificate");
		}
	}
	if (ti->chain_out_of_order)
		say(&o, CERTV_WARN, "chain OUT OF ORDER: some certificate is not followed by its issuer (TLS 1.3 "
		                    "tolerates it, older clients fail): send the leaf, then each issuer in turn");
	if (certv_chain_incomplete(ti)) {
		field(&o, CERTV_BAD, "chain INCOMPLETE for this trust store: the last certificate sent is not "
		                     "self-signed and its issuer is in neither the chain nor the trust store; missing: ",
		      ti->chain[ti->nchain - 1].issuer);
		say(&o, CERTV_HINT, "      cause and fix: an intermediate the server should send after its own certificate "
		                    "(in its certificate file) is missing, or the missing issuer is a private CA: pass it "
		                    "with --tls-ca-path");
	}
	if (ti->nchain == 0)
		say(&o, CERTV_BAD, "the server sent no certificate");
	if (ti->ocsp_stapled) {
		field(&o, ti->ocsp_status && strncmp(ti->ocsp_status, "good", 4) == 0 ? CERTV_TEXT : CERTV_WARN,
		      "OCSP stapling: a response was stapled: ", ti->ocsp_status ? ti->ocsp_status : "(unreadable)");
		if (ti->ocsp_verify)
			field(&o, ti->ocsp_verified ? CERTV_TEXT : CERTV_WARN, "  the response: ", ti->ocsp_verify);
	} else {
		bool urls = false;
		for (size_t i = 0; i < ti->nchain; i++)
			urls |= ti->chain[i].nocsp_urls > 0;
		say(&o, CERTV_DIM, "OCSP stapling: no response stapled%s",
		    urls ? " (a client would have to ask the responder itself)" : "");
	}
	out_free(&o);
}

void certv_chain_list(const struct tls_info *ti, int64_t now, certv_fn fn, void *ctx)
{
	struct out o;
	out_init(&o, fn, ctx);
	if (ti == NULL) {
		out_free(&o);
		return;
	}
	say(&o, CERTV_TITLE, "chain as sent: %zu certificate%s", ti->nchain, ti->nchain == 1 ? "" : "s");
	for (size_t i = 0; i < ti->nchain; i++) {
		const struct cert_info *c = &ti->chain[i];
		char days[80];
		certv_days(c->not_before, c->not_after, now, days, sizeof days);
		buf_reset(&o.b);
		buf_printf(&o.b, "  [%zu] ", i);
		const char *s = c->subject ? c->subject : "(unparseable certificate)";
		escape_bytes(&o.b, (const uint8_t *)s, strlen(s), ESCAPE_DEFAULT);
		buf_printf(&o.b, "  (%s; %s)", role_of(ti, i), days);
		bool bad = now > c->not_after || now < c->not_before;
		fn(ctx, bad ? CERTV_BAD : CERTV_TEXT, buf_cstr(&o.b));
	}
	out_free(&o);
}

static void list(struct out *o, const char *lead, char *const *v, size_t n)
{
	if (n == 0) {
		say(o, CERTV_DIM, "%s(none)", lead);
		return;
	}
	for (size_t k = 0; k < n && k < CERTV_MAX_NAMES; k++)
		field(o, CERTV_DIM, lead, v[k]);
	if (n > CERTV_MAX_NAMES)
		say(o, CERTV_DIM, "%s... and %zu more", lead, n - CERTV_MAX_NAMES);
}

void certv_cert(const struct tls_info *ti, size_t i, int64_t now, certv_fn fn, void *ctx)
{
	if (ti == NULL || i >= ti->nchain)
		return;
	const struct cert_info *c = &ti->chain[i];
	struct out o;
	out_init(&o, fn, ctx);
	say(&o, CERTV_TITLE, "[%zu] certificate %zu of %zu: %s", i, i + 1, ti->nchain, role_of(ti, i));
	if (c->subject == NULL) {
		say(&o, CERTV_BAD, "    GnuTLS cannot parse this certificate (%zu bytes of DER); /cert text %zu or "
		                   "/cert save FILE to look at it with other tools", c->der_len, i);
		out_free(&o);
		return;
	}
	field(&o, CERTV_TEXT, "    subject:      ", c->subject);
	field(&o, CERTV_TEXT, "    issuer:       ", c->issuer);
	if (c->self_signed)
		say(&o, CERTV_TEXT, "                  (self-signed: issuer and subject are the same)");
	else if (i + 1 < ti->nchain && str_eq(ti->chain[i + 1].subject, c->issuer))
		say(&o, CERTV_DIM, "                  (issued by [%zu], the next certificate sent)", i + 1);
	else if (i + 1 < ti->nchain)
		say(&o, CERTV_WARN, "                  (NOT issued by [%zu], the next certificate sent: out of order)",
		    i + 1);
	else
		say(&o, CERTV_DIM, "                  (its issuer was not sent: it must be in the trust store)");
	if (c->nsans == 0)
		say(&o, CERTV_TEXT, "    names (SAN):  (none%s)", i == 0 ? ": only the subject CN, which modern clients "
		                                                         "ignore" : "");
	for (size_t k = 0; k < c->nsans && k < CERTV_MAX_NAMES; k++)
		field(&o, CERTV_TEXT, k ? "                  " : "    names (SAN):  ", c->sans[k]);
	if (c->nsans > CERTV_MAX_NAMES)
		say(&o, CERTV_TEXT, "                  ... and %zu more", c->nsans - CERTV_MAX_NAMES);
	char nb[48], na[48], days[80];
	fmt_utc(c->not_before, nb, sizeof nb);
	fmt_utc(c->not_after, na, sizeof na);
	certv_days(c->not_before, c->not_after, now, days, sizeof days);
	say(&o, CERTV_TEXT, "    not before:   %s", nb);
	say(&o, CERTV_TEXT, "    not after:    %s", na);
	bool bad = c->not_after < 0 || now > c->not_after || now < c->not_before;
	say(&o, bad ? CERTV_BAD : CERTV_GOOD, "    validity:     %s", days);
	field(&o, CERTV_TEXT, "    serial:       ", c->serial);
	buf_reset(&o.b);
	buf_append_str(&o.b, "    public key:   ");
	const char *pk = c->pk_algo ? c->pk_algo : "?";
	escape_bytes(&o.b, (const uint8_t *)pk, strlen(pk), ESCAPE_DEFAULT);
	if (c->pk_bits)
		buf_printf(&o.b, ", %u bits", c->pk_bits);
	fn(ctx, CERTV_TEXT, buf_cstr(&o.b));
	field(&o, CERTV_TEXT, "    signature:    ", c->sig_algo);
	field(&o, CERTV_TEXT, "    key usage:    ", c->key_usage && *c->key_usage ? c->key_usage : "(not restricted)");
	field(&o, CERTV_TEXT, "    ext. usage:   ",
	      c->ext_key_usage && *c->ext_key_usage ? c->ext_key_usage : "(not restricted)");
	if (c->is_ca < 0)
		say(&o, CERTV_TEXT, "    CA:           (no basicConstraints)");
	else if (c->is_ca == 0)
		say(&o, CERTV_TEXT, "    CA:           no");
	else if (c->path_len >= 0)
		say(&o, CERTV_TEXT, "    CA:           yes, path length %d", c->path_len);
	else
		say(&o, CERTV_TEXT, "    CA:           yes, path length unlimited");
	field(&o, CERTV_DIM, "    SHA-256:      ", c->sha256);
	field(&o, CERTV_DIM, "    SPKI pin:     ", *c->spki_sha256 ? c->spki_sha256 : "(key type unknown to GnuTLS)");
	if (*c->spki_sha256)
		say(&o, CERTV_DIM, "                  (base64 SHA-256 of the public key; pin-sha256=\"...\" style)");
	list(&o, "    OCSP:         ", c->ocsp_urls, c->nocsp_urls);
	list(&o, "    CRL:          ", c->crl_urls, c->ncrl_urls);
	out_free(&o);
}

void certv_dump(const struct cert_info *ci, certv_fn fn, void *ctx)
{
	struct out o;
	out_init(&o, fn, ctx);
	char *dump = ci && ci->der ? cert_text_dump(ci->der, ci->der_len) : NULL;
	if (dump == NULL) {
		say(&o, CERTV_BAD, "GnuTLS cannot describe this certificate");
		out_free(&o);
		return;
	}
	size_t nlines = 0;
	for (char *p = dump; *p && nlines < CERTV_MAX_DUMP_LINES; nlines++) {
		size_t len = strcspn(p, "\n");
		buf_reset(&o.b);
		/* GnuTLS indents with tabs: expand them so every view aligns the same way. */
		for (size_t k = 0; k < len; k++) {
			if (p[k] == '\t')
				buf_append_str(&o.b, "    ");
			else
				escape_bytes(&o.b, (const uint8_t *)p + k, 1, ESCAPE_DEFAULT);
		}
		fn(ctx, CERTV_TEXT, buf_cstr(&o.b));
		p += len;
		if (*p == '\n')
			p++;
	}
	free(dump);
	out_free(&o);
}

/* ---- the /cert command ---- */

void certv_to_buf(void *ctx, enum certv_role role, const char *line)
{
	(void)role;
	struct buf *b = ctx;
	if (b->len)
		buf_append_byte(b, '\n');
	buf_append_str(b, line);
}

static void print_buf(struct console *c, struct buf *b)
{
	console_print_raw(c, "%s", buf_cstr(b));
	buf_free(b);
}

/* A chain index from the user: "0".."n-1". -1 (and an error shown) otherwise. */
static long chain_index(struct console *c, const struct tls_info *ti, const char *s)
{
	char *end;
	errno = 0;
	long i = strtol(s, &end, 10);
	if (errno || *end || end == s || i < 0 || (size_t)i >= ti->nchain) {
		console_error(c, "no certificate \"%s\" in the chain: 0 is the server's own, up to %zu", s,
		              ti->nchain ? ti->nchain - 1 : 0);
		return -1;
	}
	return i;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static enum cmd_result cert_save(struct console *c, const struct tls_info *ti, int argc, char **argv)
{
	if (argc < 3) {
		console_error(c, "usage: /cert save FILE [N]");
		return CMD_FAIL;
	}
	size_t from = 0, to = ti->nchain;
	if (argc > 3) {
		long i = chain_index(c, ti, argv[3]);
		if (i < 0)
			return CMD_FAIL;
		from = (size_t)i;
		to = from + 1;
	}
	int fd = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		console_error(c, "cannot write %s: %s", argv[2], strerror(errno));
		return CMD_FAIL;
	}
	size_t bytes = 0;
	int rc = 0;
	for (size_t i = from; i < to && rc == 0; i++) {
		char *pem = cert_pem(ti->chain[i].der, ti->chain[i].der_len);
		if (pem == NULL)
			continue;
		rc = write_all(fd, pem, strlen(pem));
		bytes += strlen(pem);
		free(pem);
	}
	if (close(fd) < 0)
		rc = -1;
	if (rc < 0) {
		console_error(c, "writing %s failed: %s", argv[2], strerror(errno));
		return CMD_FAIL;
	}
	console_printn(c, "wrote %zu certificate (%zu bytes of PEM, as the server sent them) to %s",
		       "wrote %zu certificates (%zu bytes of PEM, as the server sent them) to %s", to - from, to - from,
		       bytes, argv[2]);
	return CMD_DONE;
}

/* /cert ocsp save FILE: the stapled OCSP response as received (DER, as gnutls-cli --save-ocsp writes it), for
 * ocsptool -j or openssl ocsp -respin. */
static enum cmd_result cert_ocsp(struct console *c, const struct tls_info *ti, int argc, char **argv)
{
	if (argc < 4 || strcasecmp(argv[2], "save") != 0) {
		console_error(c, "usage: /cert ocsp save FILE");
		return CMD_FAIL;
	}
	if (!ti->ocsp_stapled || !ti->ocsp_der) {
		console_error(c, "the server stapled no OCSP response: nothing to save");
		return CMD_FAIL;
	}
	int fd = open(argv[3], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		console_error(c, "cannot write %s: %s", argv[3], strerror(errno));
		return CMD_FAIL;
	}
	int rc = write_all(fd, (const char *)ti->ocsp_der, ti->ocsp_len);
	if (close(fd) < 0)
		rc = -1;
	if (rc < 0) {
		console_error(c, "writing %s failed: %s", argv[3], strerror(errno));
		return CMD_FAIL;
	}
	console_print(c, "wrote the stapled OCSP response (%zu bytes of DER, %s) to %s", ti->ocsp_len,
		      ti->ocsp_verified ? "verified" : "not verified", argv[3]);
	return CMD_DONE;
}

/* True when name is an IP address (maybe in brackets): never a TLSA owner, which is the service's host name. */
static bool is_address(const char *name)
{
	char tmp[INET6_ADDRSTRLEN + 2];
	unsigned char bin[sizeof(struct in6_addr)];
	size_t n = strlen(name);
	if (n >= 2 && name[0] == '[' && name[n - 1] == ']') {
		name++;
		n -= 2;
	}
	if (n == 0 || n >= sizeof tmp)
		return false;
	memcpy(tmp, name, n);
	tmp[n] = '\0';
	return inet_pton(AF_INET, tmp, bin) == 1 || inet_pton(AF_INET6, tmp, bin) == 1;
}

/* The TLSA owner's host part: the SNI sent, the name checked, or the host connected to, whichever first is a
 * name; NULL when all are addresses (an owner "_25._tcp.127.0.0.1." is not a valid TLSA owner). */
static const char *tlsa_host(struct console *c, const struct tls_info *ti)
{
	const char *cands[] = {session_params(c->s)->tls_sni, ti->checked_name, session_host(c->s)};
	for (size_t i = 0; i < sizeof cands / sizeof cands[0]; i++)
		if (cands[i] && cands[i][0] && !is_address(cands[i]))
			return cands[i];
	return NULL;
}

static void tlsa_owner(struct buf *b, int port, const char *host)
{
	buf_printf(b, "_%d._tcp.", port > 0 ? port : 25);
	if (host)
		escape_bytes(b, (const uint8_t *)host, strlen(host), ESCAPE_DEFAULT);
	else
		buf_append_str(b, "<mx-host-name>");
}

static enum cmd_result cert_tlsa(struct console *c, const struct tls_info *ti)
{
	char *rr = cert_tlsa_311(&ti->chain[0]);
	if (rr == NULL) {
		console_error(c, "no TLSA record: GnuTLS cannot read the server certificate's public key");
		return CMD_FAIL;
	}
	const char *host = tlsa_host(c, ti);
	int port = session_port(c->s);
	struct buf b;
	buf_init(&b, 0);
	buf_printf(&b, "DANE TLSA record for the server's certificate (usage 3 DANE-EE, selector 1 public key, "
		       "matching 1 SHA-256):\n");
	tlsa_owner(&b, port, host);
	buf_printf(&b, ". IN TLSA %s", rr);
	free(rr);
	/* A record for the issuing CA (2 1 1) survives a leaf renewal with a new key: worth offering too. */
	if (ti->nchain > 1) {
		char *ta = cert_tlsa_311(&ti->chain[1]);
		if (ta && ta[0] == '3') {
			ta[0] = '2';
			buf_printf(&b, "\nor, pinning the issuing CA [1] instead (2 1 1: survives a new leaf key):\n");
			tlsa_owner(&b, port, host);
			buf_printf(&b, ". IN TLSA %s", ta);
		}
		free(ta);
	}
	if (host == NULL)
		buf_printf(&b,
			   "\n(a template: connected by address, so the owner name is not known here. A TLSA owner is "
			   "the MX host's name (the name the domain's MX record points to), never an IP address; put "
			   "it in place of <mx-host-name>, or connect by that name or with --tls-sni NAME)");
	buf_printf(&b, "\n(publish it in a DNSSEC-signed zone; the MX host name is the one that counts for SMTP)");
	print_buf(c, &b);
	return CMD_DONE;
}

static enum cmd_result exec_cert(struct console *c, int argc, char **argv)
{
	const struct tls_info *ti = session_tls_info(c->s);
	const char *sub = argc > 1 ? argv[1] : NULL;
	bool view = sub == NULL || strcasecmp(sub, "text") == 0 || (sub[0] >= '0' && sub[0] <= '9');
	if (view) {
		/* The TUI's inspector takes the rest of the line as its starting point ("2", "text 1"). */
		char arg[64] = "";
		if (argc > 1)
			snprintf(arg, sizeof arg, "%s%s%s", argv[1], argc > 2 ? " " : "", argc > 2 ? argv[2] : "");
		if (console_view(c, "cert", argc > 1 ? arg : NULL))
			return CMD_DONE;
	}
	if (ti == NULL) {
		console_print(c, "no certificate yet: there was no TLS handshake on this connection (/starttls, or "
		                 "/connect HOST:465 tls)");
		return CMD_DONE;
	}
	if (sub && strcasecmp(sub, "save") == 0)
		return cert_save(c, ti, argc, argv);
	if (sub && strcasecmp(sub, "ocsp") == 0)
		return cert_ocsp(c, ti, argc, argv);
	if (ti->nchain == 0) {
		console_print(c, "the server sent no certificate");
		return CMD_DONE;
	}
	if (sub && strcasecmp(sub, "tlsa") == 0)
		return cert_tlsa(c, ti);

	int64_t now = (int64_t)time(NULL);
	struct buf b;
	buf_init(&b, 0);
	if (sub && strcasecmp(sub, "text") == 0) {
		long i = argc > 2 ? chain_index(c, ti, argv[2]) : 0;
		if (i < 0) {
			buf_free(&b);
			return CMD_FAIL;
		}
		buf_printf(&b, "[%ld] full GnuTLS description:", i);
		certv_dump(&ti->chain[i], certv_to_buf, &b);
	} else if (sub) {
		long i = chain_index(c, ti, sub);
		if (i < 0 || argc > 2) {
			if (argc > 2)
				console_error(c, "usage: /cert [N | text N | save FILE [N] | tlsa | ocsp save FILE]");
			buf_free(&b);
			return CMD_FAIL;
		}
		certv_cert(ti, (size_t)i, now, certv_to_buf, &b);
	} else {
		certv_verdict(ti, now, certv_to_buf, &b);
		certv_chain_list(ti, now, certv_to_buf, &b);
		for (size_t i = 0; i < ti->nchain; i++)
			certv_cert(ti, i, now, certv_to_buf, &b);
		buf_printf(&b, "\n(/cert text N: GnuTLS's full dump; /cert save FILE: the chain as PEM; /cert tlsa: DANE)");
	}
	print_buf(c, &b);
	return CMD_DONE;
}

const struct cmd_entry cmd_cert_entry = {
	"cert",
	NULL,
	"[N | text N | save FILE [N] | tlsa | ocsp save FILE]",
	N_("the certificate inspector: the chain as sent, every field, the verdict with causes and fixes"),
	0,
	3,
	exec_cert,
};
