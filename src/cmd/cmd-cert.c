/* cmd-cert: the /cert command. /cert shows the peer chain exactly as the server sent it, every field of every
 * certificate, and the verdict as reasons with cause and fix; /cert N one certificate; /cert text N the full GnuTLS
 * dump; /cert save FILE the chain as PEM; /cert ocsp save FILE the stapled response; /cert tlsa the DANE record an
 * operator would publish. In the TUI the first three open the inspector overlay instead; the lines themselves come
 * from cert-view.c (certv_*), already escaped and in two languages (English for JSON, the user's for screens). */
#include "cmd/cmd-cert.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "cmd/console-int.h"
#include "core/cert.h"
#include "lib/dtext.h"
#include "lib/escape.h"
#include "lib/i18n.h"

/* ---- the /cert command ---- */

static void print_text(struct console *c, struct dtext *d)
{
	console_printd(c, d);
	dtext_free(d);
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

static void tlsa_owner(struct dtext *d, int port, const char *host)
{
	char p[32];
	snprintf(p, sizeof p, "_%d._tcp.", port > 0 ? port : 25);
	dtext_raw(d, p);
	if (host) {
		char *h = escape_dup((const uint8_t *)host, strlen(host), ESCAPE_DEFAULT);
		dtext_raw(d, h);
		free(h);
	} else {
		dtext_raw(d, "<mx-host-name>");
	}
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
	struct dtext d;
	dtext_init(&d, 0);
	dtext_puts(&d, N_("DANE TLSA record for the server's certificate (usage 3 DANE-EE, selector 1 public key, "
			  "matching 1 SHA-256):"));
	dtext_raw(&d, "\n");
	tlsa_owner(&d, port, host);
	dtext_raw(&d, ". IN TLSA ");
	dtext_raw(&d, rr);
	free(rr);
	/* A record for the issuing CA (2 1 1) survives a leaf renewal with a new key: worth offering too. */
	if (ti->nchain > 1) {
		char *ta = cert_tlsa_311(&ti->chain[1]);
		if (ta && ta[0] == '3') {
			ta[0] = '2';
			dtext_raw(&d, "\n");
			dtext_puts(&d, N_("or, pinning the issuing CA [1] instead (2 1 1: survives a new leaf key):"));
			dtext_raw(&d, "\n");
			tlsa_owner(&d, port, host);
			dtext_raw(&d, ". IN TLSA ");
			dtext_raw(&d, ta);
		}
		free(ta);
	}
	if (host == NULL) {
		dtext_raw(&d, "\n");
		dtext_puts(
			&d,
			N_("(a template: connected by address, so the owner name is not known here. A TLSA owner is "
			   "the MX host's name (the name the domain's MX record points to), never an IP address; put "
			   "it in place of <mx-host-name>, or connect by that name or with --tls-sni NAME)"));
	}
	dtext_raw(&d, "\n");
	dtext_puts(&d, N_("(publish it in a DNSSEC-signed zone; the MX host name is the one that counts for SMTP)"));
	print_text(c, &d);
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
	struct dtext b;
	dtext_init(&b, 0);
	if (sub && strcasecmp(sub, "text") == 0) {
		long i = argc > 2 ? chain_index(c, ti, argv[2]) : 0;
		if (i < 0) {
			dtext_free(&b);
			return CMD_FAIL;
		}
		dtext_printf(&b, "[%ld] full GnuTLS description:", i);
		certv_dump(&ti->chain[i], certv_to_dtext, &b);
	} else if (sub) {
		long i = chain_index(c, ti, sub);
		if (i < 0 || argc > 2) {
			if (argc > 2)
				console_error(c, "usage: /cert [N | text N | save FILE [N] | tlsa | ocsp save FILE]");
			dtext_free(&b);
			return CMD_FAIL;
		}
		certv_cert(ti, (size_t)i, now, certv_to_dtext, &b);
	} else {
		certv_verdict(ti, now, certv_to_dtext, &b);
		certv_chain_list(ti, now, certv_to_dtext, &b);
		for (size_t i = 0; i < ti->nchain; i++)
			certv_cert(ti, i, now, certv_to_dtext, &b);
		dtext_raw(&b, "\n");
		dtext_puts(
			&b,
			N_("(/cert text N: GnuTLS's full dump; /cert save FILE: the chain as PEM; /cert tlsa: DANE)"));
	}
	print_text(c, &b);
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
