/* test-tls: real in-process handshakes between tls_client_new and tls_server_new over a non-blocking socketpair,
 * with certificates generated at run time: negotiated parameters, verification verdicts and reasons, alerts,
 * records, close, the ClientHello builder and the priority string translation. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "core/cert.h"
#include "core/tls.h"
#include "lib/xmalloc.h"

static char dir[] = "/tmp/smtpcon-test-tls-XXXXXX";
static char *leaf_pem, *leaf_key, *old_pem, *old_key;

static char *path(const char *name)
{
	return xasprintf("%s/%s", dir, name);
}

static ssize_t fd_push(void *io, const void *data, size_t n)
{
	return write(*(int *)io, data, n);
}

static ssize_t fd_pull(void *io, void *data, size_t n)
{
	return read(*(int *)io, data, n);
}

/* Both ends of one connection. */
struct pair {
	int fd[2]; /* 0 client, 1 server */
	struct tls *c, *s;
	enum tls_step cs, ss;
	char *cerr, *serr;
};

static bool pair_open(struct pair *p, const struct tls_config *cfg, const char *spriority)
{
	*p = (struct pair){.fd = {-1, -1}};
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, p->fd) < 0)
		return false;
	fcntl(p->fd[0], F_SETFL, O_NONBLOCK);
	fcntl(p->fd[1], F_SETFL, O_NONBLOCK);
	p->c = tls_client_new(cfg, fd_push, fd_pull, &p->fd[0], &p->cerr);
	p->s = tls_server_new(leaf_pem, leaf_key, spriority, fd_push, fd_pull, &p->fd[1], &p->serr);
	if (p->serr)
		fprintf(stderr, "server: %s\n", p->serr);
	if (p->cerr)
		fprintf(stderr, "client: %s\n", p->cerr);
	return p->c && p->s;
}

/* Step both handshakes until each is done or failed (or 5 s pass), the way the session's poll loop would. */
static void pair_handshake(struct pair *p)
{
	p->cs = p->ss = TLS_AGAIN;
	for (int round = 0; round < 500 && (p->cs == TLS_AGAIN || p->ss == TLS_AGAIN); round++) {
		if (p->cs == TLS_AGAIN)
			p->cs = tls_handshake(p->c);
		if (p->ss == TLS_AGAIN)
			p->ss = tls_handshake(p->s);
		/* One side failing stops the other from ever hearing more; its alert arrives as EOF otherwise. */
		if ((p->cs == TLS_FAILED && p->ss == TLS_AGAIN) || (p->ss == TLS_FAILED && p->cs == TLS_AGAIN)) {
			struct pollfd pf = {p->cs == TLS_AGAIN ? p->fd[0] : p->fd[1], POLLIN, 0};
			if (poll(&pf, 1, 100) <= 0)
				break;
			continue;
		}
		struct pollfd pf[2] = {{p->fd[0], POLLIN, 0}, {p->fd[1], POLLIN, 0}};
		poll(pf, 2, 10);
	}
}

static void pair_close(struct pair *p)
{
	tls_free(p->c);
	tls_free(p->s);
	free(p->cerr);
	free(p->serr);
	if (p->fd[0] >= 0)
		close(p->fd[0]);
	if (p->fd[1] >= 0)
		close(p->fd[1]);
}

/* Read on t until n bytes, EOF or an error; returns what tls_read last returned (or the total). */
static ssize_t read_some(struct tls *t, int fd, char *buf, size_t n)
{
	for (int i = 0; i < 100; i++) {
		ssize_t r = tls_read(t, buf, n);
		if (r >= 0 || errno != EAGAIN)
			return r;
		struct pollfd pf = {fd, POLLIN, 0};
		poll(&pf, 1, 20);
	}
	return -1;
}

static const struct verify_reason *reason(const struct tls_info *ti, const char *id)
{
	for (size_t i = 0; i < ti->nreasons; i++)
		if (strcmp(ti->reasons[i].id, id) == 0)
			return &ti->reasons[i];
	return NULL;
}

/* One complete handshake; returns the client's info (NULL when the handshake did not complete). */
static struct tls_info *handshake_info(const struct tls_config *cfg, const char *spriority)
{
	struct pair p;
	struct tls_info *ti = NULL;
	if (pair_open(&p, cfg, spriority)) {
		pair_handshake(&p);
		CHECK_INT(p.cs, TLS_DONE);
		CHECK_INT(p.ss, TLS_DONE);
		if (p.cs == TLS_DONE)
			ti = tls_info_collect(p.c);
		else
			fprintf(stderr, "handshake: %s / %s\n", tls_error(p.c), tls_error(p.s));
	}
	pair_close(&p);
	return ti;
}

static void test_default_untrusted(void)
{
	struct tls_config cfg = {.sni = "mail.lab.test", .verify_name = "mail.lab.test", .verify = true};
	struct tls_info *ti = handshake_info(&cfg, NULL);
	CHECK(ti != NULL);
	if (ti == NULL)
		return;
	CHECK(ti->version && strncmp(ti->version, "TLS1.", 5) == 0);
	CHECK(ti->cipher && *ti->cipher);
	CHECK(ti->suite && strncmp(ti->suite, "TLS_", 4) == 0);
	CHECK(ti->description && strstr(ti->description, ti->version));
	CHECK(ti->kx_group != NULL);
	CHECK(ti->sig_scheme != NULL);
	CHECK(!ti->resumed);
	CHECK(!ti->verified);
	CHECK(!ti->verify_skipped);
	CHECK(!ti->ocsp_stapled);
	CHECK_STR(ti->sni, "mail.lab.test");
	CHECK_STR(ti->checked_name, "mail.lab.test");
	CHECK_STR(ti->trust_store, "system trust store");
	CHECK_INT(ti->nchain, 1);
	if (ti->nchain)
		CHECK_STR(ti->chain[0].subject, "CN=mail.lab.test");
	CHECK(!ti->chain_out_of_order);
	CHECK(reason(ti, "signer-not-found") != NULL);
	CHECK(reason(ti, "self-signed") != NULL);
	CHECK(reason(ti, "hostname-mismatch") == NULL);
	tls_info_free(ti);
}

static void test_trusted(void)
{
	struct tls_config cfg = {.sni = "mail.lab.test", .verify_name = "mail.lab.test", .ca_file = leaf_pem,
	                         .verify = true};
	struct tls_info *ti = handshake_info(&cfg, NULL);
	CHECK(ti && ti->verified && ti->status == 0 && ti->nreasons == 0);
	if (ti)
		CHECK_STR(ti->trust_store, leaf_pem);
	tls_info_free(ti);

	/* By IP address: no SNI sent, the IP SAN matches. */
	cfg.sni = cfg.verify_name = "127.0.0.1";
	ti = handshake_info(&cfg, NULL);
	CHECK(ti && ti->sni == NULL && ti->verified);
	tls_info_free(ti);

	/* No name given: the chain passes, and the verdict says no name was checked. */
	cfg.sni = "mail.lab.test";
	cfg.verify_name = NULL;
	cfg.verify = false;
	ti = handshake_info(&cfg, NULL);
	CHECK(ti && !ti->verified && ti->status == 0 && ti->verify_skipped);
	CHECK(ti && reason(ti, "no-name-checked") != NULL);
	tls_info_free(ti);
}

static void test_wrong_name(void)
{
	struct tls_config cfg = {.sni = "wrong.lab.test", .verify_name = "wrong.lab.test", .ca_file = leaf_pem,
	                         .verify = true};
	struct tls_info *ti = handshake_info(&cfg, NULL);
	CHECK(ti && !ti->verified);
	const struct verify_reason *r = ti ? reason(ti, "hostname-mismatch") : NULL;
	CHECK(r && strstr(r->text, "wrong.lab.test") && strstr(r->text, "DNS:mail.lab.test") &&
	      strstr(r->text, "DNS:smtp.lab.test") && strstr(r->text, "IP:127.0.0.1"));
	CHECK(ti && reason(ti, "signer-not-found") == NULL);
	tls_info_free(ti);
}

static void test_expired(void)
{
	const char *dns[] = {"old.lab.test"};
	int64_t now = time(NULL);
	struct cert_gen g = {.cn = "old.lab.test", .dns_names = dns, .ndns = 1, .not_before = now - 40 * 86400,
	                     .not_after = now - 10 * 86400 - 60};
	char *err = NULL;
	CHECK_INT(cert_generate(&g, old_pem, old_key, &err), 0);
	free(err);

	struct pair p;
	struct tls_config cfg = {.sni = "old.lab.test", .verify_name = "old.lab.test", .ca_file = old_pem,
	                         .verify = true};
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, p.fd) < 0)
		return;
	fcntl(p.fd[0], F_SETFL, O_NONBLOCK);
	fcntl(p.fd[1], F_SETFL, O_NONBLOCK);
	p.cerr = p.serr = NULL;
	p.c = tls_client_new(&cfg, fd_push, fd_pull, &p.fd[0], &p.cerr);
	p.s = tls_server_new(old_pem, old_key, NULL, fd_push, fd_pull, &p.fd[1], &p.serr);
	CHECK(p.c && p.s);
	if (p.c && p.s) {
		pair_handshake(&p);
		CHECK_INT(p.cs, TLS_DONE);
		struct tls_info *ti = tls_info_collect(p.c);
		const struct verify_reason *r = reason(ti, "expired");
		CHECK(!ti->verified);
		CHECK(r && strstr(r->text, "expired 10 days ago"));
		tls_info_free(ti);
	}
	pair_close(&p);
}

/* Read a whole small file (caller frees). */
static char *slurp(const char *file)
{
	FILE *f = fopen(file, "rb");
	char *s = xcalloc(1, 65536);
	if (f) {
		size_t n = fread(s, 1, 65535, f);
		s[n] = '\0';
		fclose(f);
	}
	return s;
}

static void write_concat(const char *out, const char *a, const char *b)
{
	char *x = slurp(a), *y = slurp(b);
	FILE *f = fopen(out, "wb");
	if (f) {
		fputs(x, f);
		fputs(y, f);
		fclose(f);
	}
	free(x), free(y);
}

/* --tls-ca-path's file is loaded once per process and shared by later connections; a file changed on disk is read
 * again, so a connection never trusts what the file no longer says, and does trust what it says now. */
static void replace_file(const char *dst, const char *src)
{
	char *tmp = xasprintf("%s.new", dst);
	write_concat(tmp, src, "/dev/null");
	CHECK_INT(rename(tmp, dst), 0); /* a new file in its place, as an editor or `mv` leaves it */
	free(tmp);
}

static void test_ca_file_changes(void)
{
	char *ca = path("changing-ca.pem"), *other = path("other.pem"), *other_key = path("other.key"), *err = NULL;
	struct cert_gen g = {.cn = "other.lab.test"};
	CHECK_INT(cert_generate(&g, other, other_key, &err), 0);
	struct tls_config cfg = {.sni = "mail.lab.test", .verify_name = "mail.lab.test", .ca_file = ca, .verify = true};
	replace_file(ca, leaf_pem);
	for (int i = 0; i < 2; i++) { /* the second connection uses the cached credentials */
		struct tls_info *ti = handshake_info(&cfg, NULL);
		CHECK(ti && ti->verified);
		tls_info_free(ti);
	}
	replace_file(ca, other);
	struct tls_info *ti = handshake_info(&cfg, NULL);
	CHECK(ti && !ti->verified && reason(ti, "signer-not-found") != NULL);
	tls_info_free(ti);
	replace_file(ca, leaf_pem);
	ti = handshake_info(&cfg, NULL);
	CHECK(ti && ti->verified);
	tls_info_free(ti);

	/* Two connections at once share the file's credentials; freeing both in either order is clean (ASan). */
	struct pair a, b;
	CHECK(pair_open(&a, &cfg, NULL));
	replace_file(ca, other); /* while a holds the cached credentials: b gets its own */
	CHECK(pair_open(&b, &cfg, NULL));
	pair_handshake(&b);
	ti = b.cs == TLS_DONE ? tls_info_collect(b.c) : NULL;
	CHECK(ti && !ti->verified);
	tls_info_free(ti);
	pair_close(&a);
	pair_close(&b);
	unlink(ca), unlink(other), unlink(other_key);
	free(ca), free(other), free(other_key);
}

/* A leaf issued by a private CA, sent with the CA as the second certificate: verified against the CA file, the
 * chain shown as sent. (GnuTLS sorts a server's chain file and drops unrelated certificates, so out-of-order
 * chains are tested in test-cert.) */
static void test_chain(void)
{
	char *ca = path("ca.pem"), *cak = path("ca.key"), *lf = path("mx.pem"), *lk = path("mx.key");
	char *full = path("mx-chain.pem"), *err = NULL;
	const char *dns[] = {"mx.lab.test"};
	struct cert_gen gca = {.cn = "Lab CA", .ca = true};
	struct cert_gen glf = {.cn = "mx.lab.test", .dns_names = dns, .ndns = 1, .issuer_cert_file = ca,
	                       .issuer_key_file = cak};
	CHECK_INT(cert_generate(&gca, ca, cak, &err), 0);
	CHECK_INT(cert_generate(&glf, lf, lk, &err), 0);
	free(err);
	write_concat(full, lf, ca);

	struct tls_config cfg = {.sni = "mx.lab.test", .verify_name = "mx.lab.test", .ca_file = ca, .verify = true};
	struct pair p;
	{
		if (socketpair(AF_UNIX, SOCK_STREAM, 0, p.fd) < 0)
			return;
		fcntl(p.fd[0], F_SETFL, O_NONBLOCK);
		fcntl(p.fd[1], F_SETFL, O_NONBLOCK);
		p.cerr = p.serr = NULL;
		p.c = tls_client_new(&cfg, fd_push, fd_pull, &p.fd[0], &p.cerr);
		p.s = tls_server_new(full, lk, NULL, fd_push, fd_pull, &p.fd[1], &p.serr);
		CHECK(p.c && p.s);
		if (p.c && p.s) {
			pair_handshake(&p);
			CHECK_INT(p.cs, TLS_DONE);
			struct tls_info *ti = tls_info_collect(p.c);
			CHECK_INT(ti->nchain, 2);
			CHECK(ti->verified);
			CHECK(!ti->chain_out_of_order);
			if (ti->nchain == 2) {
				CHECK_STR(ti->chain[1].subject, "CN=Lab CA");
				CHECK_INT(ti->chain[1].is_ca, 1);
			}
			tls_info_free(ti);
		}
		pair_close(&p);
	}
	const char *files[] = {ca, cak, lf, lk, full};
	for (size_t i = 0; i < 5; i++)
		unlink(files[i]);
	free(ca), free(cak), free(lf), free(lk), free(full);
}

static void test_tls12_only(void)
{
	struct tls_config cfg = {.sni = "mail.lab.test", .priority = "NORMAL:-VERS-ALL:+VERS-TLS1.2"};
	struct tls_info *ti = handshake_info(&cfg, NULL);
	CHECK(ti != NULL);
	if (ti) {
		CHECK_STR(ti->version, "TLS1.2");
		CHECK(ti->suite && strncmp(ti->suite, "TLS_ECDHE_ECDSA_", 16) == 0);
	}
	tls_info_free(ti);

	/* From the swaks spelling, with a cipher. */
	char *err = NULL, *prio = tls_priority_from_options("tlsv1_2", "ECDHE-ECDSA-AES128-GCM-SHA256", &err);
	cfg.priority = prio;
	ti = handshake_info(&cfg, NULL);
	if (ti) {
		CHECK_STR(ti->version, "TLS1.2");
		CHECK_STR(ti->cipher, "AES-128-GCM");
	}
	tls_info_free(ti);
	free(prio);
}

static void test_version_mismatch(void)
{
	struct tls_config cfg = {.priority = "NORMAL:-VERS-ALL:+VERS-TLS1.3"};
	struct pair p;
	if (pair_open(&p, &cfg, "NORMAL:-VERS-ALL:+VERS-TLS1.2")) {
		pair_handshake(&p);
		CHECK_INT(p.cs, TLS_FAILED);
		CHECK_INT(p.ss, TLS_FAILED);
		CHECK(tls_alert(p.c) != NULL);
		const char *e = tls_error(p.c);
		CHECK(e && strstr(e, "fatal alert") && strstr(e, "--tls-protocol"));
		/* A failed session stays failed. */
		CHECK_INT(tls_handshake(p.c), TLS_FAILED);
	}
	pair_close(&p);
}

static void test_client_cert_required(void)
{
	struct tls_config cfg = {.sni = "mail.lab.test", .priority = "NORMAL:-VERS-ALL:+VERS-TLS1.3"};
	struct pair p;
	if (pair_open(&p, &cfg, NULL)) {
		tls_server_request_cert(p.s, true);
		pair_handshake(&p);
		/* In TLS 1.3 the client finishes first and meets the alert on its first read. */
		CHECK_INT(p.ss, TLS_FAILED);
		char buf[64];
		ssize_t r = p.cs == TLS_DONE ? read_some(p.c, p.fd[0], buf, sizeof buf) : -1;
		CHECK_INT(r, -1);
		const char *e = tls_error(p.c);
		CHECK(e && strstr(e, "client certificate"));
	}
	pair_close(&p);

	/* With one it works, and the server sees it. */
	cfg.cert_file = old_pem;
	cfg.key_file = old_key;
	if (pair_open(&p, &cfg, NULL)) {
		tls_server_request_cert(p.s, true);
		pair_handshake(&p);
		CHECK_INT(p.ss, TLS_DONE);
		struct tls_info *si = tls_info_collect(p.s);
		CHECK_INT(si->nchain, 1);
		if (si->nchain)
			CHECK_STR(si->chain[0].subject, "CN=old.lab.test");
		tls_info_free(si);
	}
	pair_close(&p);
}

static void test_records(void)
{
	struct tls_config cfg = {.sni = "mail.lab.test"};
	struct pair p;
	char buf[256];
	if (!pair_open(&p, &cfg, NULL)) {
		pair_close(&p);
		return;
	}
	pair_handshake(&p);
	CHECK_INT(p.cs, TLS_DONE);
	CHECK_INT(tls_write(p.c, "EHLO lab.test\r\n", 15), 15);
	ssize_t r = read_some(p.s, p.fd[1], buf, sizeof buf);
	CHECK(r == 15 && memcmp(buf, "EHLO lab.test\r\n", 15) == 0);

	/* Two records in one go, read in small pieces: the rest waits inside GnuTLS (tls_pending). */
	CHECK_INT(tls_write(p.s, "250-one\r\n", 9), 9);
	CHECK_INT(tls_write(p.s, "250 two\r\n", 9), 9);
	r = read_some(p.c, p.fd[0], buf, 4);
	CHECK_INT(r, 4);
	CHECK(tls_pending(p.c));
	size_t got = (size_t)(r > 0 ? r : 0);
	for (int i = 0; i < 20 && got < 18; i++) {
		r = read_some(p.c, p.fd[0], buf + got, sizeof buf - got);
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	CHECK(got == 18 && memcmp(buf, "250-one\r\n250 two\r\n", 18) == 0);
	CHECK(!tls_pending(p.c));
	r = tls_read(p.c, buf, sizeof buf);
	CHECK(r == -1 && errno == EAGAIN);

	/* A fatal alert mid-session: EIO and the alert named. */
	CHECK_INT(tls_send_alert(p.s, true, 80), 0);
	r = read_some(p.c, p.fd[0], buf, sizeof buf);
	CHECK(r == -1 && errno == EIO);
	CHECK(tls_alert(p.c) != NULL);
	CHECK(tls_error(p.c) && strstr(tls_error(p.c), "own side"));
	CHECK(tls_write(p.c, "x", 1) == -1 && errno == EIO);
	pair_close(&p);

	/* close_notify: 0. */
	if (pair_open(&p, &cfg, NULL)) {
		pair_handshake(&p);
		tls_bye(p.s);
		CHECK_INT(read_some(p.c, p.fd[0], buf, sizeof buf), 0);
		CHECK(tls_error(p.c) == NULL);
	}
	pair_close(&p);

	/* EOF without close_notify: 0 with a note. */
	if (pair_open(&p, &cfg, NULL)) {
		pair_handshake(&p);
		close(p.fd[1]);
		p.fd[1] = -1;
		CHECK_INT(read_some(p.c, p.fd[0], buf, sizeof buf), 0);
		CHECK(tls_error(p.c) && strstr(tls_error(p.c), "close_notify"));
	}
	pair_close(&p);
}

/* A server answering STARTTLS's handshake in plaintext: a clean failure in GnuTLS's words (the session adds
 * the diagnosis), and a warning alert in TLS 1.2 is noted without ending the session. */
static void test_plaintext_and_warning(void)
{
	struct tls_config cfg = {.sni = "mail.lab.test"};
	struct pair p;
	if (pair_open(&p, &cfg, NULL)) {
		CHECK_INT(tls_handshake(p.c), TLS_AGAIN);
		CHECK(write(p.fd[1], "220 mail.lab.test ready\r\n", 25) == 25);
		struct pollfd pf = {p.fd[0], POLLIN, 0};
		poll(&pf, 1, 1000);
		CHECK_INT(tls_handshake(p.c), TLS_FAILED);
		CHECK(tls_error(p.c) && strncmp(tls_error(p.c), "TLS handshake: ", 15) == 0);
		CHECK(tls_alert(p.c) == NULL);
	}
	pair_close(&p);

	cfg.priority = "NORMAL:-VERS-ALL:+VERS-TLS1.2";
	if (pair_open(&p, &cfg, NULL)) {
		char buf[32];
		pair_handshake(&p);
		CHECK_INT(tls_send_alert(p.s, false, 112), 0);
		CHECK_INT(tls_write(p.s, "250 ok\r\n", 8), 8);
		CHECK_INT(read_some(p.c, p.fd[0], buf, sizeof buf), 8);
		CHECK(tls_warning_alert(p.c) != NULL);
		CHECK(tls_alert(p.c) == NULL);
	}
	pair_close(&p);
}

static void test_setup_errors(void)
{
	char *err = NULL;
	int fd = -1;
	struct tls_config cfg = {.priority = "NORMAL:+BOGUS"};
	CHECK(tls_client_new(&cfg, fd_push, fd_pull, &fd, &err) == NULL);
	CHECK(err && strstr(err, "position 7"));
	free(err);

	cfg = (struct tls_config){.ca_file = "/nonexistent/ca.pem"};
	CHECK(tls_client_new(&cfg, fd_push, fd_pull, &fd, &err) == NULL);
	CHECK(err && strstr(err, "/nonexistent/ca.pem"));
	free(err);

	cfg = (struct tls_config){.cert_file = leaf_pem, .key_file = old_key};
	CHECK(tls_client_new(&cfg, fd_push, fd_pull, &fd, &err) == NULL);
	CHECK(err && strstr(err, "client certificate"));
	free(err);

	CHECK(tls_server_new("/nonexistent/c.pem", NULL, NULL, fd_push, fd_pull, &fd, &err) == NULL);
	CHECK(err != NULL);
	free(err);
}

static void test_client_hello(void)
{
	struct tls_config cfg = {.sni = "mail.lab.test"};
	unsigned char *hello = NULL;
	ssize_t n = tls_make_client_hello(&cfg, &hello);
	CHECK(n > 50 && hello);
	if (n > 5 && hello) {
		CHECK_INT(hello[0], 0x16);
		CHECK_INT(hello[1], 0x03);
		CHECK(hello[2] <= 0x04);
		CHECK_INT(hello[5], 0x01); /* handshake type client_hello */
		CHECK(memmem(hello, (size_t)n, "mail.lab.test", 13) != NULL);
		CHECK_INT((size_t)((hello[3] << 8) | hello[4]) + 5, n);
	}
	free(hello);

	cfg.sni = "192.0.2.1";
	n = tls_make_client_hello(&cfg, &hello);
	CHECK(n > 0 && memmem(hello, (size_t)n, "192.0.2.1", 9) == NULL);
	free(hello);

	cfg.priority = "NORMAL:+BOGUS";
	CHECK_INT(tls_make_client_hello(&cfg, &hello), -1);
	CHECK(hello == NULL);
}

static void test_priority(void)
{
	static const struct {
		const char *protocols, *cipher, *want;
	} cases[] = {
		{NULL, NULL, "NORMAL"},
		{"", "", "NORMAL"},
		{"tlsv1_2", NULL, "NORMAL:-VERS-ALL:+VERS-TLS1.2"},
		{"tlsv1_2,tlsv1_3", NULL, "NORMAL:-VERS-ALL:+VERS-TLS1.2:+VERS-TLS1.3"},
		{"TLSv1.3", NULL, "NORMAL:-VERS-ALL:+VERS-TLS1.3"},
		{"no_tlsv1_3", NULL, "NORMAL:-VERS-TLS1.3"},
		{"no_sslv2,no_sslv3,no_tlsv1", NULL, "NORMAL:-VERS-TLS1.0"},
		{"tlsv1", NULL, "NORMAL:-VERS-ALL:+VERS-TLS1.0:%COMPAT"},
		{"tlsv1_1, tlsv1_2", NULL, "NORMAL:-VERS-ALL:+VERS-TLS1.1:+VERS-TLS1.2:%COMPAT"},
		{NULL, "AES-128-GCM", "NORMAL:-CIPHER-ALL:+AES-128-GCM"},
		{NULL, "aes-256-gcm", "NORMAL:-CIPHER-ALL:+AES-256-GCM"},
		{"tlsv1_2", "ECDHE-RSA-AES256-SHA", "NORMAL:-VERS-ALL:+VERS-TLS1.2:-CIPHER-ALL:+AES-256-CBC"},
		{NULL, "TLS_CHACHA20_POLY1305_SHA256", "NORMAL:-CIPHER-ALL:+CHACHA20-POLY1305"},
		{NULL, "TLS_ECDHE_RSA_WITH_AES_128_CCM_8", "NORMAL:-CIPHER-ALL:+AES-128-CCM-8"},
		{NULL, "DES-CBC3-SHA", "NORMAL:-CIPHER-ALL:+3DES-CBC"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *err = NULL, *prio = tls_priority_from_options(cases[i].protocols, cases[i].cipher, &err);
		CHECK_STR(prio, cases[i].want);
		CHECK(err == NULL);
		/* GnuTLS accepts every string we build. */
		struct tls_config cfg = {.priority = prio};
		int fd = -1;
		struct tls *t = prio ? tls_client_new(&cfg, fd_push, fd_pull, &fd, &err) : NULL;
		CHECK(t != NULL);
		if (err)
			fprintf(stderr, "%s: %s\n", prio, err);
		tls_free(t);
		free(err);
		free(prio);
	}
	static const char *const bad[][2] = {{"tlsv9", NULL}, {"sslv3", NULL}, {"sslv2", NULL}, {NULL, "ROT13"}};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *err = NULL;
		CHECK(tls_priority_from_options(bad[i][0], bad[i][1], &err) == NULL);
		CHECK(err != NULL);
		free(err);
	}
}

static void test_alert_table(void)
{
	static const int required[] = {70, 40, 48, 42, 116, 80, 50, 47, 112};
	for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
		CHECK(tls_alert_explain(required[i]) != NULL);
	CHECK(strstr(tls_alert_explain(70), "--tls-protocol") != NULL);
	CHECK(tls_alert_explain(0) == NULL);
	CHECK(tls_alert_explain(-1) == NULL);
	CHECK(tls_alert_explain(4096) == NULL);
}

int main(void)
{
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	leaf_pem = path("leaf.pem"), leaf_key = path("leaf.key");
	old_pem = path("old.pem"), old_key = path("old.key");
	const char *dns[] = {"mail.lab.test", "smtp.lab.test"};
	const char *ips[] = {"127.0.0.1"};
	struct cert_gen g = {.cn = "mail.lab.test", .dns_names = dns, .ndns = 2, .ip_addrs = ips, .nip = 1};
	char *err = NULL;
	if (cert_generate(&g, leaf_pem, leaf_key, &err) < 0) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}

	test_default_untrusted();
	test_trusted();
	test_wrong_name();
	test_expired();
	test_chain();
	test_ca_file_changes();
	test_tls12_only();
	test_version_mismatch();
	test_client_cert_required();
	test_records();
	test_plaintext_and_warning();
	test_setup_errors();
	test_client_hello();
	test_priority();
	test_alert_table();

	unlink(leaf_pem), unlink(leaf_key), unlink(old_pem), unlink(old_key);
	rmdir(dir);
	free(leaf_pem), free(leaf_key), free(old_pem), free(old_key);
	return check_report();
}
