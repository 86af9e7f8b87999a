/* test-sasl: the SASL client (core/sasl, GNU SASL) against GNU SASL's own server side: every mechanism of the
 * table accepted with the right password and refused with a wrong one; SCRAM-SHA-256-PLUS and SCRAM-SHA-1-PLUS
 * with channel-binding data taken from both ends of a real in-process TLS 1.3 (tls-exporter) and TLS 1.2
 * (tls-unique) handshake, accepted, and refused when the client's data comes from another TLS connection (a
 * relaying man in the middle); the mechanism table (unique, strongest first, each one in Debian's libgsasl) and
 * sasl_pick; the decoded display with its secrets masked. No Debian 12 server does channel binding (Dovecot 2.3
 * does not; 2.4 does), so this is where -PLUS is checked end to end. */
#include <fcntl.h>
#include <gsasl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "check.h"
#include "core/auth.h"
#include "core/cert.h"
#include "core/sasl.h"
#include "core/tls.h"
#include "lib/xmalloc.h"

static char dir[] = "/tmp/smtpcon-test-sasl-XXXXXX";
static char *leaf_pem, *leaf_key;

/* ---- the server side: GNU SASL's, with one user ---- */

static const char *srv_password = "wonderland";
static char *srv_cb_b64;        /* the server's own channel-binding data, base64 */
static const char *srv_cb_type; /* "tls-exporter" / "tls-unique" */

static int server_cb(Gsasl *ctx, Gsasl_session *s, Gsasl_property p)
{
	(void)ctx;
	switch (p) {
	case GSASL_PASSWORD: gsasl_property_set(s, p, srv_password); return GSASL_OK;
	case GSASL_VALIDATE_SIMPLE: {
		const char *u = gsasl_property_fast(s, GSASL_AUTHID), *pw = gsasl_property_fast(s, GSASL_PASSWORD);
		return u && pw && strcmp(u, "alice") == 0 && strcmp(pw, srv_password) == 0 ? GSASL_OK
											   : GSASL_AUTHENTICATION_ERROR;
	}
	case GSASL_CB_TLS_EXPORTER:
	case GSASL_CB_TLS_UNIQUE:
		if (srv_cb_b64 == NULL ||
		    strcmp(srv_cb_type, p == GSASL_CB_TLS_EXPORTER ? "tls-exporter" : "tls-unique") != 0)
			return GSASL_NO_CALLBACK;
		gsasl_property_set(s, p, srv_cb_b64);
		return GSASL_OK;
	case GSASL_SERVICE: gsasl_property_set(s, p, "smtp"); return GSASL_OK;
	case GSASL_HOSTNAME: gsasl_property_set(s, p, "mail.lab.test"); return GSASL_OK;
	default: return GSASL_NO_CALLBACK;
	}
}

/*
 * Run one exchange the way SMTP does (RFC 4954): the client's initial response when the mechanism has one, then
 * challenge and answer until the server is done. Returns the server's last code (GSASL_OK: accepted) and sets
 * *client_done when our client finished too (it checked the server's proof, for SCRAM and DIGEST-MD5).
 */
static int exchange(const char *mech, const char *password, const struct sasl_cb *cb, bool *client_done)
{
	Gsasl *ctx;
	Gsasl_session *srv;
	*client_done = false;
	if (gsasl_init(&ctx) != GSASL_OK)
		return -1;
	gsasl_callback_set(ctx, server_cb);
	int src = gsasl_server_start(ctx, mech, &srv);
	char *err = NULL;
	const struct sasl_mech *m = sasl_mech_find(mech);
	struct sasl_client *c = sasl_client_new(m, "alice", password, cb, "smtp", "mail.lab.test", &err);
	if (src != GSASL_OK || c == NULL) {
		fprintf(stderr, "%s: %s\n", mech, err ? err : gsasl_strerror(src));
		free(err);
		gsasl_done(ctx);
		return -1;
	}
	uint8_t *out = NULL;
	size_t outlen = 0;
	char *chal = NULL;
	size_t chal_len = 0;
	enum sasl_status st = SASL_MORE;
	if (m->client_first)
		st = sasl_client_step(c, NULL, 0, &out, &outlen, &err);
	int rc = GSASL_NEEDS_MORE;
	for (int round = 0; round < 8 && st != SASL_FAILED; round++) {
		/* the server takes the client's message (none yet for a server-first mechanism) */
		free(chal);
		chal = NULL;
		rc = gsasl_step(srv, out ? (const char *)out : "", out ? outlen : 0, &chal, &chal_len);
		sasl_wipe(out, outlen);
		out = NULL;
		if (rc != GSASL_NEEDS_MORE)
			break;
		st = sasl_client_step(c, (const uint8_t *)chal, chal_len, &out, &outlen, &err);
	}
	/* SCRAM: the server's final message (v=) went out with GSASL_OK; the client checks it */
	if (rc == GSASL_OK && chal_len > 0 && !sasl_client_done(c)) {
		st = sasl_client_step(c, (const uint8_t *)chal, chal_len, &out, &outlen, &err);
		sasl_wipe(out, outlen);
	}
	*client_done = st != SASL_FAILED && sasl_client_done(c);
	free(err);
	free(chal);
	sasl_client_free(c);
	gsasl_finish(srv);
	gsasl_done(ctx);
	return rc;
}

static void test_mechanisms(void)
{
	static const char *const mechs[] = {"PLAIN", "LOGIN", "CRAM-MD5", "DIGEST-MD5", "SCRAM-SHA-1", "SCRAM-SHA-256"};
	for (size_t i = 0; i < sizeof mechs / sizeof mechs[0]; i++) {
		bool done = false;
		int rc = exchange(mechs[i], "wonderland", NULL, &done);
		if (rc != GSASL_OK || !done)
			fprintf(stderr, "%s: server %d, client done %d\n", mechs[i], rc, done);
		CHECK(rc == GSASL_OK && done);
		rc = exchange(mechs[i], "not-the-password", NULL, &done);
		CHECK(rc != GSASL_OK);
	}
}

/* ---- channel binding from a real TLS connection ---- */

static ssize_t fd_push(void *io, const void *data, size_t n)
{
	return write(*(int *)io, data, n);
}
static ssize_t fd_pull(void *io, void *data, size_t n)
{
	return read(*(int *)io, data, n);
}

struct pair {
	int fd[2];
	struct tls *c, *s;
	char *err;
};

static bool pair_open(struct pair *p, const char *priority)
{
	*p = (struct pair){.fd = {-1, -1}};
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, p->fd) < 0)
		return false;
	fcntl(p->fd[0], F_SETFL, O_NONBLOCK);
	fcntl(p->fd[1], F_SETFL, O_NONBLOCK);
	struct tls_config cfg = {.sni = "mail.lab.test", .priority = priority, .verify = false};
	p->c = tls_client_new(&cfg, fd_push, fd_pull, &p->fd[0], &p->err);
	if (p->c)
		p->s = tls_server_new(leaf_pem, leaf_key, priority, fd_push, fd_pull, &p->fd[1], &p->err);
	if (p->s == NULL)
		return false;
	enum tls_step cs = TLS_AGAIN, ss = TLS_AGAIN;
	for (int round = 0; round < 500 && (cs == TLS_AGAIN || ss == TLS_AGAIN); round++) {
		if (cs == TLS_AGAIN)
			cs = tls_handshake(p->c);
		if (ss == TLS_AGAIN)
			ss = tls_handshake(p->s);
		struct pollfd pf[2] = {{p->fd[0], POLLIN, 0}, {p->fd[1], POLLIN, 0}};
		poll(pf, 2, 10);
	}
	return cs == TLS_DONE && ss == TLS_DONE;
}

static void pair_close(struct pair *p)
{
	tls_free(p->c);
	tls_free(p->s);
	free(p->err);
	close(p->fd[0]);
	close(p->fd[1]);
}

static void test_channel_binding(const char *priority, const char *want_type)
{
	struct pair p, other;
	CHECK(pair_open(&p, priority));
	CHECK(pair_open(&other, priority));
	const char *ct = NULL, *st = NULL, *ot = NULL;
	unsigned char *cd = NULL, *sd = NULL, *od = NULL;
	size_t cl = 0, sl = 0, ol = 0;
	CHECK(tls_channel_binding(p.c, &ct, &cd, &cl));
	CHECK(tls_channel_binding(p.s, &st, &sd, &sl));
	CHECK(tls_channel_binding(other.c, &ot, &od, &ol));
	CHECK_STR(ct, want_type);
	CHECK_STR(st, want_type);
	/* Both ends of one connection agree; another connection differs. */
	CHECK(cl > 0 && cl == sl && memcmp(cd, sd, cl) == 0);
	CHECK(ol == cl && memcmp(cd, od, cl) != 0);

	srv_cb_type = st;
	srv_cb_b64 = auth_b64_encode(sd, sl);
	static const char *const plus[] = {"SCRAM-SHA-256-PLUS", "SCRAM-SHA-1-PLUS"};
	for (size_t i = 0; i < 2; i++) {
		bool done = false;
		struct sasl_cb cb = {ct, cd, cl};
		CHECK(exchange(plus[i], "wonderland", &cb, &done) == GSASL_OK && done);
		/* The client's binding from another connection: what a relay in the middle would present. */
		struct sasl_cb relayed = {ot, od, ol};
		CHECK(exchange(plus[i], "wonderland", &relayed, &done) != GSASL_OK);
		CHECK(exchange(plus[i], "not-the-password", &cb, &done) != GSASL_OK);
	}
	/* Without TLS data a -PLUS client does not start. */
	char *err = NULL;
	CHECK(sasl_client_new(sasl_mech_find("SCRAM-SHA-256-PLUS"), "alice", "pw", NULL, "smtp", "h", &err) == NULL);
	CHECK(err && strstr(err, "channel-binding"));
	free(err);

	/* The client's first message names the binding type, and its final message carries the data. */
	struct sasl_cb cb = {ct, cd, cl};
	struct sasl_client *c = sasl_client_new(sasl_mech_find("SCRAM-SHA-256-PLUS"), "alice", "pw", &cb, "smtp", "h",
						&err);
	uint8_t *out = NULL;
	size_t n = 0;
	CHECK(c && sasl_client_step(c, NULL, 0, &out, &n, &err) == SASL_MORE);
	char *want = xasprintf("p=%s,,n=alice,", want_type);
	CHECK(out && n > strlen(want) && memcmp(out, want, strlen(want)) == 0);
	char *d = sasl_describe("SCRAM-SHA-256-PLUS", false, 0, out, n, false, NULL);
	char *wantd = xasprintf("client-first: GS2 header p=%s (bound to this TLS channel); user n=\"alice\"",
				want_type);
	CHECK(strncmp(d, wantd, strlen(wantd)) == 0);
	free(d);
	free(wantd);
	free(want);
	sasl_wipe(out, n);
	sasl_client_free(c);

	free(srv_cb_b64);
	srv_cb_b64 = NULL;
	free(cd), free(sd), free(od);
	pair_close(&p);
	pair_close(&other);
}

/* ---- the table ---- */

static void test_table(void)
{
	Gsasl *ctx;
	CHECK(gsasl_init(&ctx) == GSASL_OK);
	size_t n = 0;
	for (const struct sasl_mech *m = sasl_mechs(); m->name; m++, n++) {
		for (const struct sasl_mech *o = m + 1; o->name; o++)
			CHECK(strcasecmp(m->name, o->name) != 0);
		/* every mechanism said to come from GNU SASL is in the library Debian ships */
		if (m->gsasl)
			CHECK(gsasl_client_support_p(ctx, m->name));
		CHECK(m->needs_cb == (strstr(m->name, "-PLUS") != NULL));
		CHECK(sasl_mech_find(m->name) == m);
	}
	gsasl_done(ctx);
	CHECK(n == 10);
	CHECK(sasl_mech_find("scram-sha-256") != NULL && sasl_mech_find("NTLM") == NULL);
	CHECK_STR(sasl_mech_names(), "scram-sha-256-plus scram-sha-1-plus scram-sha-256 scram-sha-1 digest-md5 "
				     "cram-md5 plain login oauthbearer xoauth2");
	const char *dovecot = "PLAIN LOGIN CRAM-MD5 DIGEST-MD5 SCRAM-SHA-1 SCRAM-SHA-256";
	CHECK_STR(sasl_pick(dovecot, false)->name, "SCRAM-SHA-256");
	CHECK_STR(sasl_pick("SCRAM-SHA-1 SCRAM-SHA-256-PLUS PLAIN", false)->name, "SCRAM-SHA-1");
	CHECK_STR(sasl_pick("SCRAM-SHA-1 SCRAM-SHA-256-PLUS PLAIN", true)->name, "SCRAM-SHA-256-PLUS");
	CHECK_STR(sasl_pick("login plain", false)->name, "PLAIN");
	CHECK_STR(sasl_pick("PLAIN CRAM-MD5", false)->name, "CRAM-MD5");
	CHECK(sasl_pick("XOAUTH2 OAUTHBEARER", true) == NULL);
	CHECK(sasl_pick("", true) == NULL);
	CHECK(sasl_pick("SCRAM-SHA-256X", true) == NULL);
}

/* ---- what the user reads ---- */

static void test_describe(void)
{
	bool secret = false;
	const uint8_t plain[] = "\0alice\0wonderland";
	char *d = sasl_describe("PLAIN", false, 0, plain, sizeof plain - 1, false, &secret);
	CHECK_STR(d, "authorization id \"\", user \"alice\", password ********");
	CHECK(secret);
	free(d);
	d = sasl_describe("PLAIN", false, 0, plain, sizeof plain - 1, true, &secret);
	CHECK_STR(d, "authorization id \"\", user \"alice\", password \"wonderland\"");
	free(d);
	d = sasl_describe("LOGIN", false, 0, (const uint8_t *)"alice", 5, false, &secret);
	CHECK_STR(d, "user \"alice\"");
	CHECK(!secret);
	free(d);
	d = sasl_describe("LOGIN", false, 1, (const uint8_t *)"wonderland", 10, false, &secret);
	CHECK_STR(d, "password ********");
	CHECK(secret);
	free(d);
	const char *sf = "r=abc123XYZ,s=QSXCR+Q6sek8bf92,i=4096";
	d = sasl_describe("SCRAM-SHA-256", true, 0, (const uint8_t *)sf, strlen(sf), false, &secret);
	CHECK(strstr(d, "nonce r=\"abc123XYZ\"") && strstr(d, "salt s=\"QSXCR+Q6sek8bf92\" (12 bytes") &&
	      strstr(d, "iteration count i=4096 (the password is hashed that many times"));
	CHECK(!secret);
	free(d);
	const char *cf = "c=biws,r=abc123XYZ,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
	d = sasl_describe("SCRAM-SHA-256", false, 1, (const uint8_t *)cf, strlen(cf), false, &secret);
	CHECK(strstr(d, "ClientProof p=********") && !strstr(d, "dHzbZap"));
	CHECK(secret);
	free(d);
	/* A hostile challenge cannot reach the terminal raw. */
	d = sasl_describe("CRAM-MD5", true, 0, (const uint8_t *)"<1.2@h>\033[2J", 11, false, NULL);
	CHECK(strchr(d, '\033') == NULL && strstr(d, "\\x1b[2J"));
	free(d);
	const uint8_t digest[] = "username=\"alice\", realm=\"\", nonce=\"n\", cnonce=\"c\", nc=00000001, qop=auth, "
				 "digest-uri=\"smtp/h\", response=0123456789abcdef0123456789abcdef, charset=utf-8";
	d = sasl_describe("DIGEST-MD5", false, 0, digest, sizeof digest - 1, false, &secret);
	CHECK(strstr(d, "response=********, charset=utf-8") && !strstr(d, "0123456789abcdef"));
	CHECK(secret);
	free(d);
}

int main(void)
{
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	leaf_pem = xasprintf("%s/cert.pem", dir);
	leaf_key = xasprintf("%s/key.pem", dir);
	const char *dns[] = {"mail.lab.test"};
	struct cert_gen g = {.cn = "mail.lab.test", .dns_names = dns, .ndns = 1};
	char *err = NULL;
	if (cert_generate(&g, leaf_pem, leaf_key, &err) < 0) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	test_table();
	test_describe();
	test_mechanisms();
	test_channel_binding("NORMAL:-VERS-ALL:+VERS-TLS1.3", "tls-exporter");
	test_channel_binding("NORMAL:-VERS-ALL:+VERS-TLS1.2", "tls-unique");
	unlink(leaf_pem), unlink(leaf_key);
	rmdir(dir);
	free(leaf_pem), free(leaf_key);
	return check_report();
}
