/* lab-tls: the server side of TLS for the practice lab, on GnuTLS directly and never blocking. Like core/tls.c
 * on the client side, GnuTLS moves records only through push/pull functions given by the caller, so the lab's
 * output buffering stays in one place (lab.c). Kept separate from core/tls.c so the lab links only lib + GnuTLS;
 * the calls mirror core/tls.h so the two can be merged once core grows a server constructor. */
#include <errno.h>
#include <gnutls/gnutls.h>
#include <stdlib.h>
#include <string.h>

#include "lab/lab-int.h"
#include "lib/i18n.h"
#include "lib/xmalloc.h"

struct lab_tls_creds {
	gnutls_certificate_credentials_t cred;
	gnutls_priority_t prio;
};

struct lab_tls {
	gnutls_session_t s;
	char *error;
	char *desc;
	char *desc_loc; /* desc in the user's language (NULL until asked) */
	int rc; /* the GnuTLS error behind error (0: none) */
};

struct lab_tls_creds *lab_tls_creds_new(const char *cert_pem, const char *key_pem, const char *priority,
                                        char **err)
{
	struct lab_tls_creds *cr = xcalloc(1, sizeof *cr);
	const char *errpos = NULL;
	gnutls_datum_t c = {(unsigned char *)cert_pem, (unsigned)strlen(cert_pem)};
	gnutls_datum_t k = {(unsigned char *)key_pem, (unsigned)strlen(key_pem)};
	int rc = gnutls_certificate_allocate_credentials(&cr->cred);
	if (rc >= 0)
		rc = gnutls_certificate_set_x509_key_mem(cr->cred, &c, &k, GNUTLS_X509_FMT_PEM);
	if (rc < 0) {
		/* Said once, on stderr, when the lab cannot start (as lab-cert.c's): in the user's language. */
		*err = xasprintf(_("TLS credentials: %s"), gnutls_strerror(rc));
		lab_tls_creds_free(cr);
		return NULL;
	}
	rc = gnutls_priority_init(&cr->prio, priority ? priority : "NORMAL", &errpos);
	if (rc < 0) {
		/* TRANSLATORS: %s: a GnuTLS priority string ("NORMAL:-VERS-TLS1.3"), then GnuTLS's error. */
		*err = xasprintf(_("TLS priority \"%s\": %s"), priority ? priority : "NORMAL", gnutls_strerror(rc));
		cr->prio = NULL;
		lab_tls_creds_free(cr);
		return NULL;
	}
	return cr;
}

void lab_tls_creds_free(struct lab_tls_creds *cr)
{
	if (cr == NULL)
		return;
	if (cr->prio)
		gnutls_priority_deinit(cr->prio);
	if (cr->cred)
		gnutls_certificate_free_credentials(cr->cred);
	free(cr);
}

struct lab_tls *lab_tls_new(struct lab_tls_creds *cr, lab_tls_push_fn push, lab_tls_pull_fn pull, void *io,
                            char **err)
{
	struct lab_tls *t = xcalloc(1, sizeof *t);
	int rc = gnutls_init(&t->s, GNUTLS_SERVER | GNUTLS_NONBLOCK);
	if (rc >= 0)
		rc = gnutls_priority_set(t->s, cr->prio);
	if (rc >= 0)
		rc = gnutls_credentials_set(t->s, GNUTLS_CRD_CERTIFICATE, cr->cred);
	if (rc < 0) {
		/* English: it becomes the close reason, which JSON Lines carry (GnuTLS's words follow anyway). */
		*err = xasprintf("TLS session: %s", gnutls_strerror(rc));
		lab_tls_free(t);
		return NULL;
	}
	gnutls_certificate_server_set_request(t->s, GNUTLS_CERT_IGNORE);
	/* The lab's idle timer bounds the handshake; GnuTLS's own timeout would need a pull_timeout function. */
	gnutls_handshake_set_timeout(t->s, 0);
	gnutls_transport_set_ptr(t->s, io);
	gnutls_transport_set_push_function(t->s, push);
	gnutls_transport_set_pull_function(t->s, pull);
	return t;
}

static void set_error(struct lab_tls *t, int rc)
{
	free(t->error);
	t->rc = rc;
	if (rc == GNUTLS_E_FATAL_ALERT_RECEIVED || rc == GNUTLS_E_WARNING_ALERT_RECEIVED)
		t->error = xasprintf("%s (%s)", gnutls_strerror(rc),
		                     gnutls_alert_get_name(gnutls_alert_get(t->s)));
	else
		t->error = xstrdup(gnutls_strerror(rc));
}

enum lab_tls_step lab_tls_handshake(struct lab_tls *t)
{
	int rc = gnutls_handshake(t->s);
	if (rc == GNUTLS_E_SUCCESS)
		return LAB_TLS_DONE;
	if (rc == GNUTLS_E_AGAIN || rc == GNUTLS_E_INTERRUPTED || !gnutls_error_is_fatal(rc))
		return LAB_TLS_AGAIN;
	set_error(t, rc);
	/* Tell the client why, where GnuTLS knows an alert for it (protocol_version for old-tls). */
	gnutls_alert_send_appropriate(t->s, rc);
	return LAB_TLS_FAILED;
}

ssize_t lab_tls_read(struct lab_tls *t, void *buf, size_t n)
{
	for (;;) {
		ssize_t r = gnutls_record_recv(t->s, buf, n);
		if (r >= 0)
			return r;
		if (r == GNUTLS_E_INTERRUPTED)
			continue;
		if (r == GNUTLS_E_AGAIN) {
			errno = EAGAIN;
			return -1;
		}
		if (r == GNUTLS_E_PREMATURE_TERMINATION)
			return 0; /* EOF without close_notify: common, and the same to the lab */
		if (!gnutls_error_is_fatal((int)r))
			continue; /* a warning alert or a rehandshake request: ignore */
		set_error(t, (int)r);
		errno = EIO;
		return -1;
	}
}

ssize_t lab_tls_write(struct lab_tls *t, const void *buf, size_t n)
{
	const char *p = buf;
	size_t done = 0;
	/* The push function never asks to be called again (it buffers or refuses), so GNUTLS_E_AGAIN cannot come
	 * from it; should it still, calling again with the same data is what GnuTLS asks for. Bounded, so that a
	 * GnuTLS that keeps saying so cannot spin the loop forever. */
	for (int again = 0; done < n;) {
		ssize_t w = gnutls_record_send(t->s, p + done, n - done);
		if ((w == GNUTLS_E_INTERRUPTED || w == GNUTLS_E_AGAIN) && ++again < 64)
			continue;
		if (w < 0) {
			set_error(t, (int)w);
			/* GnuTLS gives up a session for good on its first fatal read error, and a peer that hangs up
			 * without close_notify is one (GNUTLS_E_PREMATURE_TERMINATION): every later send is refused.
			 * That is the client gone, not a client that does not read. */
			errno = w == GNUTLS_E_PUSH_ERROR ? ENOBUFS : w == GNUTLS_E_INVALID_SESSION ? EPIPE : EIO;
			return -1;
		}
		done += (size_t)w;
		again = 0;
	}
	return (ssize_t)n;
}

bool lab_tls_pending(struct lab_tls *t)
{
	return gnutls_record_check_pending(t->s) > 0;
}

void lab_tls_bye(struct lab_tls *t)
{
	/* SHUT_WR sends close_notify and does not wait for the peer's. */
	(void)gnutls_bye(t->s, GNUTLS_SHUT_WR);
}

const char *lab_tls_error(const struct lab_tls *t)
{
	return t->error ? t->error : "";
}

enum lab_tls_ender lab_tls_ended_by(const struct lab_tls *t)
{
	switch (t->rc) {
	case GNUTLS_E_FATAL_ALERT_RECEIVED: return LAB_TLS_BY_CLIENT_ALERT;
	case GNUTLS_E_DECRYPTION_FAILED:
		/* TLS 1.3: the client's alert after our flight, under keys GnuTLS has not switched to (lab-client.c) */
		return LAB_TLS_BY_CLIENT_ALERT;
	case GNUTLS_E_PREMATURE_TERMINATION: return LAB_TLS_BY_CLIENT_HANGUP;
	case GNUTLS_E_PULL_ERROR:
	case GNUTLS_E_PUSH_ERROR: return LAB_TLS_BY_NETWORK;
	default: return LAB_TLS_BY_SERVER;
	}
}

const char *lab_tls_alert_name(const struct lab_tls *t, char *out, size_t n)
{
	if (t->rc != GNUTLS_E_FATAL_ALERT_RECEIVED && t->rc != GNUTLS_E_WARNING_ALERT_RECEIVED)
		return NULL;
	/* "GNUTLS_A_UNKNOWN_CA" -> "unknown_ca", the name RFC 8446 and the clients' own messages use */
	const char *name = gnutls_alert_get_strname(gnutls_alert_get(t->s));
	if (name == NULL || n == 0)
		return NULL;
	if (strncmp(name, "GNUTLS_A_", 9) == 0)
		name += 9;
	size_t i = 0;
	for (; name[i] && i + 1 < n; i++)
		out[i] = (char)(name[i] >= 'A' && name[i] <= 'Z' ? name[i] - 'A' + 'a' : name[i]);
	out[i] = '\0';
	return out;
}

/* An alert number GnuTLS has no name for (a newer RFC's, or a client's private one). */
static const char unnamed_alert[] = N_("an alert GnuTLS does not name");

const char *lab_tls_alert_text(const struct lab_tls *t)
{
	const char *name = gnutls_alert_get_name(gnutls_alert_get(t->s));
	return name ? name : unnamed_alert;
}

const char *lab_tls_alert_text_loc(const struct lab_tls *t)
{
	/* GnuTLS's names are its own words (GnuTLS translates them itself where it was built to); ours is ours. */
	const char *name = gnutls_alert_get_name(gnutls_alert_get(t->s));
	return name ? name : _(unnamed_alert);
}

/* "TLS1.3 with cipher AES-256-GCM", in English or (translate) the user's language. */
static char *describe(struct lab_tls *t, bool translate)
{
	const char *v = gnutls_protocol_get_name(gnutls_protocol_get_version(t->s));
	const char *c = gnutls_cipher_get_name(gnutls_cipher_get(t->s));
	/* TRANSLATORS: what a client's TLS session is: "TLS1.3 with cipher AES-256-GCM" (version, cipher). */
	const char *named = N_("%s with cipher %s");
	/* TRANSLATORS: the same when GnuTLS has no name for the cipher: "TLS1.3 with an unknown cipher". */
	const char *unnamed = N_("%s with an unknown cipher");
	const char *fmt = c ? named : unnamed;
	return xasprintf(translate ? _(fmt) : fmt, v ? v : "TLS", c ? c : "");
}

const char *lab_tls_describe(struct lab_tls *t)
{
	if (t->desc == NULL)
		t->desc = describe(t, false);
	return t->desc;
}

const char *lab_tls_describe_loc(struct lab_tls *t)
{
	if (t->desc_loc == NULL)
		t->desc_loc = describe(t, true);
	return t->desc_loc;
}

void lab_tls_free(struct lab_tls *t)
{
	if (t == NULL)
		return;
	if (t->s)
		gnutls_deinit(t->s);
	free(t->error);
	free(t->desc);
	free(t->desc_loc);
	free(t);
}
