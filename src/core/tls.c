/* tls: GnuTLS client and server sessions driven without blocking, with errors explained in plain words
 * (alerts, verification reasons), the negotiated parameters collected into struct tls_info, a ClientHello
 * builder for /hello-tls, and swaks-style protocol/cipher options turned into a GnuTLS priority string.
 *
 * Key logging: GnuTLS (>= 3.6.13; we require 3.7) writes session secrets to the file named by SSLKEYLOGFILE by
 * itself, so a user can decrypt a capture in Wireshark without any code here.
 */
#include "core/tls.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <gnutls/gnutls.h>
#include <gnutls/ocsp.h>
#include <gnutls/x509.h>

#include "core/cert.h"
#include "core/tls-ocsp.h"
#include "core/tls-trust.h"
#include "lib/dtext-split.h"
#include "lib/i18n.h"
#include "lib/xmalloc.h"

/* A server sending more certificates than this is hostile; the rest are not shown. */
#define TLS_MAX_CHAIN 32
/* Non-fatal results (warning alerts) handled in one call before giving control back to the loop. */
#define TLS_MAX_RETRIES 32
/* The largest ClientHello tls_make_client_hello keeps (real ones are well under 2 KiB). */
#define TLS_MAX_HELLO 65536

struct tls {
	gnutls_session_t s;
	gnutls_certificate_credentials_t cred;
	bool cred_ca_file;   /* from trust_ca_file: given back with trust_release */
	bool system_trust;   /* verifies against the system store: its CAs are added after the handshake */
	bool trust_filled;   /* ... and were */
	tls_push_fn push;
	tls_pull_fn pull;
	void *io;
	bool server;
	bool verify;
	bool failed;         /* a fatal error: every later call fails the same way */
	bool eof;            /* the transport reported the end of the stream (pull returned 0) */
	struct dtext error;  /* last error text, English and translated (empty: none) */
	const char *alert;   /* GnuTLS's static name of the fatal alert received */
	const char *warning; /* GnuTLS's static name of the last warning alert received */
	char *sni;
	char *verify_name;
	char *trust_store;
};

/* --- transport ------------------------------------------------------------------------------------------- */

/* GnuTLS reads errno through gnutls_transport_set_errno, not errno itself (it may run in another thread's
 * errno context), so each callback forwards the caller's errno. */
static ssize_t push_cb(gnutls_transport_ptr_t p, const void *data, size_t n)
{
	struct tls *t = p;
	ssize_t r = t->push(t->io, data, n);
	if (r < 0)
		gnutls_transport_set_errno(t->s, errno == EWOULDBLOCK ? EAGAIN : errno);
	return r;
}

static ssize_t pull_cb(gnutls_transport_ptr_t p, void *data, size_t n)
{
	struct tls *t = p;
	ssize_t r = t->pull(t->io, data, n);
	if (r == 0)
		t->eof = true;
	if (r < 0)
		gnutls_transport_set_errno(t->s, errno == EWOULDBLOCK ? EAGAIN : errno);
	return r;
}

/* --- errors and alerts ----------------------------------------------------------------------------------- */

/* What an alert received usually means, in the words of someone debugging a mail server. Indexed by alert
 * number: a duplicate row is a compile error (-Woverride-init, part of -Wextra). */
static const char *const alert_texts[256] = {
	[GNUTLS_A_PROTOCOL_VERSION] = N_("the server accepts none of the TLS versions we offered: see --tls-protocol"),
	[GNUTLS_A_HANDSHAKE_FAILURE] = N_(
		"no cipher suite, key exchange group or signature algorithm in common with the peer: see "
		"--tls-priority and --tls-protocol"),
	[GNUTLS_A_UNKNOWN_CA] = N_("the peer does not trust the authority that issued the certificate we sent"),
	[GNUTLS_A_BAD_CERTIFICATE] = N_(
		"the peer rejected the certificate we sent (corrupt, or signed in a way it cannot check)"),
	[GNUTLS_A_CERTIFICATE_REQUIRED] = N_(
		"the server wants a client certificate and we sent none: see --tls-cert and --tls-key"),
	[GNUTLS_A_INTERNAL_ERROR] = N_(
		"the peer failed on its own side (often a server key or certificate it cannot use), not "
		"because of what we sent"),
	[GNUTLS_A_DECODE_ERROR] = N_(
		"the peer could not parse a handshake message we sent (an old TLS stack or a middlebox)"),
	[GNUTLS_A_ILLEGAL_PARAMETER] = N_(
		"the peer found a value it does not accept in our handshake (an extension, a group or a "
		"signature algorithm)"),
	[GNUTLS_A_UNRECOGNIZED_NAME] = N_(
		"the server does not know the name we sent as SNI: connect by the name it serves, or check "
		"--tls-sni"),
	[GNUTLS_A_INSUFFICIENT_SECURITY] = N_(
		"the peer requires stronger parameters than we offered: see --tls-priority"),
	[GNUTLS_A_CERTIFICATE_EXPIRED] = N_("the peer found the certificate we sent expired"),
	[GNUTLS_A_CERTIFICATE_UNKNOWN] = N_("the peer rejected the certificate we sent for an unspecified reason"),
	[GNUTLS_A_ACCESS_DENIED] = N_("the peer refused us after checking our certificate (access control)"),
	[GNUTLS_A_BAD_RECORD_MAC] = N_(
		"a record failed its integrity check: data corrupted in transit, or a broken middlebox"),
	[GNUTLS_A_DECRYPT_ERROR] = N_(
		"the peer could not verify a signature or the Finished message (corruption, or a key that "
		"does not match the certificate)"),
	[GNUTLS_A_NO_APPLICATION_PROTOCOL] = N_("no application protocol (ALPN) in common"),
};

const char *tls_alert_explain(int alert)
{
	return alert >= 0 && alert < 256 ? alert_texts[alert] : NULL;
}

/* The last error, a constant English msgid (N_()) in both languages. */
static void set_error(struct tls *t, const char *msgid)
{
	dtext_reset(&t->error);
	dtext_puts(&t->error, msgid);
}

/* Describe a fatal GnuTLS result; alerts by name and meaning, everything else in GnuTLS's words (the session
 * adds its own diagnosis, e.g. "the server answered in plaintext", since only it saw the bytes). */
static void fail(struct tls *t, int ret, const char *during)
{
	const char *dl = _(during);
	t->failed = true;
	dtext_reset(&t->error);
	if (ret == GNUTLS_E_FATAL_ALERT_RECEIVED) {
		int a = (int)gnutls_alert_get(t->s);
		const char *name = gnutls_alert_get_name((gnutls_alert_description_t)a);
		const char *why = tls_alert_explain(a);
		t->alert = name ? name : "unknown alert";
		/* One sentence per case, so a translation can order its words freely. */
		if (why && t->server) {
			dtext_en_printf(&t->error, "%s: the client sent a fatal alert: %s (%d): %s", during, t->alert,
					a, why);
			dtext_loc_printf(&t->error, N_("%s: the client sent a fatal alert: %s (%d): %s"), dl, t->alert,
					 a, _(why));
		} else if (why) {
			dtext_en_printf(&t->error, "%s: the server sent a fatal alert: %s (%d): %s", during, t->alert,
					a, why);
			dtext_loc_printf(&t->error, N_("%s: the server sent a fatal alert: %s (%d): %s"), dl, t->alert,
					 a, _(why));
		} else if (t->server) {
			dtext_en_printf(&t->error, "%s: the client sent a fatal alert: %s (%d)", during, t->alert, a);
			dtext_loc_printf(&t->error, N_("%s: the client sent a fatal alert: %s (%d)"), dl, t->alert, a);
		} else {
			dtext_en_printf(&t->error, "%s: the server sent a fatal alert: %s (%d)", during, t->alert, a);
			dtext_loc_printf(&t->error, N_("%s: the server sent a fatal alert: %s (%d)"), dl, t->alert, a);
		}
	} else if (t->eof && ret == GNUTLS_E_UNEXPECTED_PACKET_LENGTH) {
		/* GnuTLS only says "Error decoding the received TLS packet": the real story is the peer hanging up
		 * with a record (or a handshake message) half sent. */
		dtext_en_printf(&t->error, "%s: the connection closed in the middle of a TLS record (%s)", during,
				gnutls_strerror(ret));
		dtext_loc_printf(&t->error, N_("%s: the connection closed in the middle of a TLS record (%s)"), dl,
				 gnutls_strerror(ret));
	} else {
		/* GnuTLS's own words stay as GnuTLS says them. */
		dtext_en_printf(&t->error, "%s: %s", during, gnutls_strerror(ret));
		if (i18n_translating()) /* "%s: %s" is no sentence for the catalog */
			buf_printf(&t->error.loc, "%s: %s", dl, gnutls_strerror(ret));
		/* GnuTLS never tells the peer why on its own; without this the peer only sees the connection stall. */
		if (ret != GNUTLS_E_PUSH_ERROR && ret != GNUTLS_E_PULL_ERROR && ret != GNUTLS_E_PREMATURE_TERMINATION)
			(void)gnutls_alert_send_appropriate(t->s, ret);
	}
}

const char *tls_error(const struct tls *t)
{
	return t->error.en.len ? dtext_en(&t->error) : NULL;
}

const char *tls_error_loc(const struct tls *t)
{
	return t->error.en.len ? dtext_loc(&t->error) : NULL;
}

const char *tls_alert(const struct tls *t)
{
	return t->alert;
}

const char *tls_warning_alert(const struct tls *t)
{
	return t->warning;
}

static void note_warning(struct tls *t, int ret)
{
	if (ret == GNUTLS_E_WARNING_ALERT_RECEIVED) {
		const char *name = gnutls_alert_get_name(gnutls_alert_get(t->s));
		t->warning = name ? name : "unknown alert";
	}
}

/* --- construction ---------------------------------------------------------------------------------------- */

static bool is_ip_literal(const char *s)
{
	unsigned char addr[16];
	char tmp[64];
	size_t n = strlen(s);
	if (n >= 2 && s[0] == '[' && s[n - 1] == ']' && n - 2 < sizeof tmp) {
		memcpy(tmp, s + 1, n - 2);
		tmp[n - 2] = '\0';
		s = tmp;
	}
	return inet_pton(AF_INET, s, addr) == 1 || inet_pton(AF_INET6, s, addr) == 1;
}

/* Everything both ends share: session, transport, priority. On failure *err is set and t is freed. */
static struct tls *session_new(struct tls *t, unsigned flags, const char *priority, tls_push_fn push,
                               tls_pull_fn pull, void *io, char **err)
{
	const char *errpos = NULL;
	int ret;

	t->push = push, t->pull = pull, t->io = io;
	if ((ret = gnutls_init(&t->s, flags | GNUTLS_NONBLOCK)) < 0) {
		t->s = NULL;
		*err = xasprintf("TLS set-up: %s", gnutls_strerror(ret));
		goto fail;
	}
	if ((ret = gnutls_credentials_set(t->s, GNUTLS_CRD_CERTIFICATE, t->cred)) < 0) {
		*err = xasprintf("TLS set-up: %s", gnutls_strerror(ret));
		goto fail;
	}
	if (priority == NULL)
		priority = "NORMAL";
	if ((ret = gnutls_priority_set_direct(t->s, priority, &errpos)) < 0) {
		if (errpos && errpos >= priority && errpos <= priority + strlen(priority))
			*err = xasprintf("TLS priority string \"%s\": %s at position %d (\"%s\")", priority,
			                 gnutls_strerror(ret), (int)(errpos - priority), errpos);
		else
			*err = xasprintf("TLS priority string \"%s\": %s", priority, gnutls_strerror(ret));
		goto fail;
	}
	gnutls_transport_set_ptr(t->s, t);
	gnutls_transport_set_push_function(t->s, push_cb);
	gnutls_transport_set_pull_function(t->s, pull_cb);
	/* The session shows and enforces its own timeouts; GnuTLS's would fire unseen. */
	gnutls_handshake_set_timeout(t->s, 0);
	return t;
fail:
	tls_free(t);
	return NULL;
}

struct tls *tls_client_new(const struct tls_config *cfg, tls_push_fn push, tls_pull_fn pull, void *io, char **err)
{
	struct tls *t = xcalloc(1, sizeof *t);
	dtext_init(&t->error, 1024);
	int ret;

	*err = NULL;
	t->verify = cfg->verify;
	if (cfg->cert_file == NULL && cfg->ca_file) {
		/* --tls-ca-path alone: the same file's credentials serve every connection of this process. */
		t->cred = trust_ca_file(cfg->ca_file, &ret);
		if (t->cred == NULL) {
			*err = xasprintf("CA file %s: %s", cfg->ca_file,
			                 ret == 0 ? "no certificate found in it" : gnutls_strerror(ret));
			goto fail;
		}
		t->cred_ca_file = true;
		t->trust_store = xstrdup(cfg->ca_file);
	} else if ((ret = gnutls_certificate_allocate_credentials(&t->cred)) < 0) {
		/* The system store (its CAs come after the handshake: tls_info_collect), or a client certificate,
		 * whose key makes these credentials this connection's own. */
		t->cred = NULL;
		*err = xasprintf("TLS set-up: %s", gnutls_strerror(ret));
		goto fail;
	} else if (cfg->ca_file == NULL) {
		/* The common case. The handshake needs no CA: only verification does, after it. */
		t->system_trust = true;
	} else {
		ret = gnutls_certificate_set_x509_trust_file(t->cred, cfg->ca_file, GNUTLS_X509_FMT_PEM);
		if (ret <= 0) {
			*err = xasprintf("CA file %s: %s", cfg->ca_file,
			                 ret == 0 ? "no certificate found in it" : gnutls_strerror(ret));
			goto fail;
		}
		t->trust_store = xstrdup(cfg->ca_file);
	}
	if (cfg->cert_file) {
		const char *key = cfg->key_file ? cfg->key_file : cfg->cert_file;
		ret = gnutls_certificate_set_x509_key_file(t->cred, cfg->cert_file, key, GNUTLS_X509_FMT_PEM);
		if (ret < 0) {
			*err = xasprintf("client certificate %s / key %s: %s", cfg->cert_file, key, gnutls_strerror(ret));
			goto fail;
		}
	}
	if (session_new(t, GNUTLS_CLIENT, cfg->priority, push, pull, io, err) == NULL)
		return NULL;
	/* SNI carries DNS names only (RFC 6066): an IP literal is never sent. */
	if (cfg->sni && *cfg->sni && !is_ip_literal(cfg->sni)) {
		if ((ret = gnutls_server_name_set(t->s, GNUTLS_NAME_DNS, cfg->sni, strlen(cfg->sni))) < 0) {
			*err = xasprintf("SNI \"%s\": %s", cfg->sni, gnutls_strerror(ret));
			tls_free(t);
			return NULL;
		}
		t->sni = xstrdup(cfg->sni);
	}
	if (cfg->verify_name)
		t->verify_name = xstrdup(cfg->verify_name);
	return t;
fail:
	tls_free(t);
	return NULL;
}

struct tls *tls_server_new(const char *cert_file, const char *key_file, const char *priority, tls_push_fn push,
                           tls_pull_fn pull, void *io, char **err)
{
	struct tls *t = xcalloc(1, sizeof *t);
	dtext_init(&t->error, 1024);
	int ret;

	*err = NULL;
	t->server = true;
	if ((ret = gnutls_certificate_allocate_credentials(&t->cred)) < 0) {
		t->cred = NULL;
		*err = xasprintf("TLS set-up: %s", gnutls_strerror(ret));
		tls_free(t);
		return NULL;
	}
	ret = gnutls_certificate_set_x509_key_file(t->cred, cert_file, key_file ? key_file : cert_file,
	                                           GNUTLS_X509_FMT_PEM);
	if (ret < 0) {
		*err = xasprintf("server certificate %s / key %s: %s", cert_file, key_file ? key_file : cert_file,
		                 gnutls_strerror(ret));
		tls_free(t);
		return NULL;
	}
	return session_new(t, GNUTLS_SERVER, priority, push, pull, io, err);
}

void tls_server_request_cert(struct tls *t, bool require)
{
	if (t->server)
		gnutls_certificate_server_set_request(t->s, require ? GNUTLS_CERT_REQUIRE : GNUTLS_CERT_REQUEST);
}

void tls_free(struct tls *t)
{
	if (t == NULL)
		return;
	if (t->s)
		gnutls_deinit(t->s);
	if (t->cred_ca_file)
		trust_release(t->cred);
	else if (t->cred)
		gnutls_certificate_free_credentials(t->cred);
	dtext_free(&t->error);
	free(t->sni);
	free(t->verify_name);
	free(t->trust_store);
	free(t);
}

/* --- handshake and records ------------------------------------------------------------------------------- */

enum tls_step tls_handshake(struct tls *t)
{
	if (t->failed)
		return TLS_FAILED;
	for (int i = 0; i < TLS_MAX_RETRIES; i++) {
		int ret = gnutls_handshake(t->s);
		if (ret == GNUTLS_E_SUCCESS)
			return TLS_DONE;
		if (ret == GNUTLS_E_AGAIN || ret == GNUTLS_E_INTERRUPTED)
			return TLS_AGAIN;
		if (!gnutls_error_is_fatal(ret)) {
			/* A warning alert (often unrecognized_name): noted, and the handshake goes on. */
			note_warning(t, ret);
			continue;
		}
		fail(t, ret, N_("TLS handshake"));
		return TLS_FAILED;
	}
	return TLS_AGAIN;
}

ssize_t tls_read(struct tls *t, void *buf, size_t n)
{
	if (t->failed) {
		errno = EIO;
		return -1;
	}
	for (int i = 0; i < TLS_MAX_RETRIES; i++) {
		ssize_t r = gnutls_record_recv(t->s, buf, n);
		if (r >= 0)
			return r;
		if (r == GNUTLS_E_AGAIN || r == GNUTLS_E_INTERRUPTED)
			break;
		if (r == GNUTLS_E_PREMATURE_TERMINATION) {
			/* Many SMTP servers just close after QUIT: worth a note, not an error. */
			set_error(t, N_("the peer closed the connection without a TLS close_notify"));
			return 0;
		}
		if (r == GNUTLS_E_REHANDSHAKE || r == GNUTLS_E_WARNING_ALERT_RECEIVED || !gnutls_error_is_fatal((int)r)) {
			/* We never renegotiate; GnuTLS refuses it for us. Warnings are noted and reading goes on. */
			note_warning(t, (int)r);
			continue;
		}
		fail(t, (int)r, N_("TLS read"));
		errno = EIO;
		return -1;
	}
	errno = EAGAIN;
	return -1;
}

ssize_t tls_write(struct tls *t, const void *buf, size_t n)
{
	const unsigned char *p = buf;
	size_t off = 0;
	int stalls = 0;

	if (t->failed) {
		errno = EIO;
		return -1;
	}
	while (off < n) {
		/* After GNUTLS_E_AGAIN GnuTLS expects the same call again; push normally accepts everything, so a
		 * stall is bounded rather than waited for. */
		ssize_t r = gnutls_record_send(t->s, p + off, n - off);
		if (r > 0) {
			off += (size_t)r;
			stalls = 0;
			continue;
		}
		if ((r == GNUTLS_E_AGAIN || r == GNUTLS_E_INTERRUPTED) && ++stalls < TLS_MAX_RETRIES)
			continue;
		if (r == GNUTLS_E_AGAIN || r == GNUTLS_E_INTERRUPTED) {
			set_error(t, N_("TLS write: the transport does not accept data"));
			errno = EAGAIN;
			return -1;
		}
		fail(t, r == 0 ? GNUTLS_E_INTERNAL_ERROR : (int)r, N_("TLS write"));
		errno = EIO;
		return -1;
	}
	return (ssize_t)n;
}

bool tls_pending(struct tls *t)
{
	return !t->failed && gnutls_record_check_pending(t->s) > 0;
}

void tls_bye(struct tls *t)
{
	if (!t->failed)
		(void)gnutls_bye(t->s, GNUTLS_SHUT_WR);
}

int tls_send_alert(struct tls *t, bool fatal, int alert)
{
	int ret = gnutls_alert_send(t->s, fatal ? GNUTLS_AL_FATAL : GNUTLS_AL_WARNING,
	                            (gnutls_alert_description_t)alert);
	if (ret < 0 && ret != GNUTLS_E_AGAIN) {
		dtext_reset(&t->error);
		dtext_printf(&t->error, "TLS alert: %s", gnutls_strerror(ret));
		return -1;
	}
	return 0;
}

/* --- what was negotiated -------------------------------------------------------------------------------- */

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static void collect_chain(struct tls *t, struct tls_info *ti)
{
	unsigned n = 0;
	const gnutls_datum_t *peers = gnutls_certificate_get_peers(t->s, &n);
	if (peers == NULL)
		return;
	if (n > TLS_MAX_CHAIN)
		n = TLS_MAX_CHAIN;
	ti->chain = xcalloc(n ? n : 1, sizeof *ti->chain);
	for (unsigned i = 0; i < n; i++) {
		/* A certificate GnuTLS cannot parse still shows as its DER. */
		if (cert_info_from_der(peers[i].data, peers[i].size, &ti->chain[i]) < 0 && peers[i].size) {
			ti->chain[i].der = xmalloc(peers[i].size);
			memcpy(ti->chain[i].der, peers[i].data, peers[i].size);
			ti->chain[i].der_len = peers[i].size;
		}
	}
	ti->nchain = n;

	ti->chain_out_of_order = cert_chain_out_of_order(ti->chain, n);
}

bool tls_channel_binding(struct tls *t, const char **type, unsigned char **data, size_t *len)
{
	bool tls13 = gnutls_protocol_get_version(t->s) == GNUTLS_TLS1_3;
	gnutls_datum_t cb = {0};
	*type = tls13 ? "tls-exporter" : "tls-unique";
	*data = NULL;
	*len = 0;
	if (gnutls_session_channel_binding(t->s, tls13 ? GNUTLS_CB_TLS_EXPORTER : GNUTLS_CB_TLS_UNIQUE, &cb) < 0)
		return false;
	*data = xmalloc(cb.size ? cb.size : 1);
	memcpy(*data, cb.data, cb.size);
	*len = cb.size;
	gnutls_free(cb.data);
	return true;
}

struct tls_info *tls_info_collect(struct tls *t)
{
	struct tls_info *ti = xcalloc(1, sizeof *ti);
	gnutls_session_t s = t->s;

	ti->version = dup_or_null(gnutls_protocol_get_name(gnutls_protocol_get_version(s)));
	ti->cipher = dup_or_null(gnutls_cipher_get_name(gnutls_cipher_get(s)));
	/* The IANA name (TLS 1.3 suites included) when GnuTLS knows it, else GnuTLS's own TLS 1.2 name. */
	const char *suite = gnutls_ciphersuite_get(s);
	if (suite == NULL)
		suite = gnutls_cipher_suite_get_name(gnutls_kx_get(s), gnutls_cipher_get(s), gnutls_mac_get(s));
	ti->suite = dup_or_null(suite);
	gnutls_group_t group = gnutls_group_get(s);
	ti->kx_group = group ? dup_or_null(gnutls_group_get_name(group)) : NULL;
	gnutls_kx_algorithm_t kx = gnutls_kx_get(s);
	ti->kx = dup_or_null(gnutls_kx_get_name(kx));
	ti->mac = dup_or_null(gnutls_mac_get_name(gnutls_mac_get(s)));
	if (kx == GNUTLS_KX_DHE_RSA || kx == GNUTLS_KX_DHE_DSS) {
		int bits = gnutls_dh_get_prime_bits(s);
		ti->dh_bits = bits > 0 ? (unsigned)bits : 0;
	}
	int sign = gnutls_sign_algorithm_get(s);
	ti->sig_scheme = sign > 0 ? dup_or_null(gnutls_sign_get_name((gnutls_sign_algorithm_t)sign)) : NULL;
	char *desc = gnutls_session_get_desc(s);
	ti->description = dup_or_null(desc);
	gnutls_free(desc);
	ti->resumed = gnutls_session_is_resumed(s) != 0;
	if (t->system_trust && !t->trust_filled) {
		/* No usable system store is not fatal: verification then reports signer-not-found. */
		int n = trust_system_fill(t->cred, s);
		t->trust_filled = true;
		t->trust_store = n > 0 ? xstrdup("system trust store")
				       : xasprintf("system trust store (unavailable: %s)",
						   n == 0 ? "empty" : gnutls_strerror(n));
	}
	ti->sni = dup_or_null(t->sni);
	ti->checked_name = dup_or_null(t->verify_name);
	ti->trust_store = dup_or_null(t->trust_store);
	ti->verify_skipped = !t->server && !t->verify;

	gnutls_datum_t resp = {NULL, 0};
	if (!t->server && gnutls_ocsp_status_request_get(s, &resp) >= 0 && resp.size > 0) {
		unsigned npeers = 0;
		const gnutls_datum_t *peers = gnutls_certificate_get_peers(s, &npeers);
		tls_ocsp_judge(&resp, peers, peers ? npeers : 0, t->cred,
			       gnutls_ocsp_status_request_is_checked(s, 0) != 0, ti);
	}

	collect_chain(t, ti);

	unsigned status = 0;
	int ret = gnutls_certificate_verify_peers3(s, t->verify_name, &status);
	if (ret < 0) {
		cert_verify_error(ti, ret);
		ti->status = GNUTLS_CERT_INVALID;
		return ti;
	}
	ti->status = status;
	cert_verify_reasons(ti, status, time(NULL));
	ti->verified = status == 0 && t->verify_name != NULL;
	return ti;
}

/* --- ClientHello for plaintext connections --------------------------------------------------------------- */

struct capture {
	unsigned char *buf;
	size_t len;
};

static ssize_t capture_push(void *io, const void *data, size_t n)
{
	struct capture *c = io;
	if (n > TLS_MAX_HELLO - c->len) {
		errno = EMSGSIZE;
		return -1;
	}
	c->buf = xrealloc(c->buf, c->len + n);
	memcpy(c->buf + c->len, data, n);
	c->len += n;
	return (ssize_t)n;
}

static ssize_t capture_pull(void *io, void *data, size_t n)
{
	(void)io, (void)data, (void)n;
	errno = EAGAIN;
	return -1;
}

ssize_t tls_make_client_hello(const struct tls_config *cfg, unsigned char **out)
{
	struct capture c = {NULL, 0};
	char *err = NULL;
	*out = NULL;
	struct tls *t = tls_client_new(cfg, capture_push, capture_pull, &c, &err);
	free(err);
	if (t == NULL)
		return -1;
	/* One step: GnuTLS writes the ClientHello, then finds nothing to read. */
	int ret = gnutls_handshake(t->s);
	tls_free(t);
	if (ret != GNUTLS_E_AGAIN || c.len == 0) {
		free(c.buf);
		return -1;
	}
	*out = c.buf;
	return (ssize_t)c.len;
}

/* --- priority strings from swaks-style options ----------------------------------------------------------- */
