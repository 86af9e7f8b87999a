/* tls: GnuTLS behind an opaque struct, driven without ever blocking.
 *
 * The caller owns the socket. GnuTLS reads and writes raw records only through the push/pull functions given at
 * creation, so the caller sees every TLS byte (for the hex view, and to recognise a plaintext "220" arriving
 * where a ServerHello was expected). push should accept everything (append to an output buffer the caller
 * flushes when the socket is writable); pull returns -1 with errno = EAGAIN when no byte is available.
 *
 * Call order: tls_client_new -> tls_handshake until TLS_DONE or TLS_FAILED (call again whenever the socket is
 * readable, TLS_AGAIN) -> tls_info_collect -> tls_read / tls_write -> tls_bye -> tls_free.
 * After every tls_read, call tls_read again while tls_pending is true: data GnuTLS already decrypted does not
 * wake poll().
 */
#ifndef SMTPCON_TLS_H
#define SMTPCON_TLS_H
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "core/tlsinfo.h"

struct tls;

typedef ssize_t (*tls_push_fn)(void *io, const void *data, size_t n);
typedef ssize_t (*tls_pull_fn)(void *io, void *data, size_t n);

struct tls_config {
	const char *sni;          /* server name to send (NULL or an IP literal: none sent) */
	const char *verify_name;  /* name the certificate must match (NULL: no name check, reported as such) */
	const char *ca_file;      /* PEM bundle; NULL: the system trust store */
	const char *priority;     /* GnuTLS priority string; NULL: "NORMAL" (--tls-priority/--tls-protocol build it) */
	const char *cert_file;    /* client certificate (PEM), optional */
	const char *key_file;     /* its key (PEM), optional */
	bool verify;              /* false (--insecure): still computed and shown, just not enforced */
};

enum tls_step { TLS_AGAIN, TLS_DONE, TLS_FAILED };

/* A client session. NULL with *err (allocated, caller frees) when the configuration is unusable
 * (unreadable CA file, bad priority string, key not matching the certificate). */
struct tls *tls_client_new(const struct tls_config *cfg, tls_push_fn push, tls_pull_fn pull, void *io, char **err);
void tls_free(struct tls *t);
/* Start indexing the system trust store in the background (once per process: core/tls-trust.c), so verifying
 * the first handshake finds it ready; clients without --tls-ca-path then take from it only the CAs their chain
 * needs. Main thread only. */
void tls_preload_system_trust(void);

/*
 * A server session, for the built-in practice server and the test peers: certificate chain and key from PEM
 * files (key_file NULL: the key is in cert_file), priority as for the client (NULL: "NORMAL"). Transport as for
 * tls_client_new; tls_handshake, tls_read, tls_write, tls_pending, tls_bye, tls_info_collect (the client's
 * certificate, if it sent one) and tls_free work the same on both ends. NULL with *err (allocated) when the files
 * cannot be used or the priority string is bad.
 */
struct tls *tls_server_new(const char *cert_file, const char *key_file, const char *priority, tls_push_fn push,
                           tls_pull_fn pull, void *io, char **err);
/* Server only, before the handshake: ask the client for a certificate (require: fail without one; a TLS 1.3
 * client then receives the certificate_required alert). */
void tls_server_request_cert(struct tls *t, bool require);
/* Send a TLS alert (test peers: "alert mid-session"). alert is the TLS AlertDescription number (e.g. 40
 * handshake_failure, 70 protocol_version). Returns 0 or -1 (tls_error). */
int tls_send_alert(struct tls *t, bool fatal, int alert);

/*
 * Advance the handshake. TLS_FAILED leaves a description in tls_error(t): for a fatal alert received, the
 * alert's name and what it usually means ("protocol version: the server does not accept the TLS versions we
 * offered ..."), not just "TLS error". Verification does not fail the handshake: it is reported in tls_info.
 */
enum tls_step tls_handshake(struct tls *t);
/* Last error text in English (owned by t; valid until the next call on t), or NULL. For JSON and logs. */
const char *tls_error(const struct tls *t);
/* The same in the user's language (English when no translation is active), or NULL. For screens. */
const char *tls_error_loc(const struct tls *t);
/* The GnuTLS alert name received, if the failure was an alert (e.g. "Protocol version"), else NULL. */
const char *tls_alert(const struct tls *t);
/* The GnuTLS name of the last warning alert received (the handshake and reads go on after one; a server that
 * does not know our SNI often sends "Unrecognized name"), or NULL. Static string. */
const char *tls_warning_alert(const struct tls *t);
/* The plain explanation for a TLS alert number received, in English (an N_() msgid: show it with _()), or NULL
 * when there is none (static). */
const char *tls_alert_explain(int alert);

/* After TLS_DONE: negotiated parameters, peer chain and verification verdict (with one reason per status flag).
 * Caller frees with tls_info_free. */
struct tls_info *tls_info_collect(struct tls *t);

/* > 0 bytes read; 0: the peer closed (close_notify or EOF); -1: errno EAGAIN (wait for readable) or EIO
 * (tls_error says why: an alert mid-session, a bad record). */
ssize_t tls_read(struct tls *t, void *buf, size_t n);
/* Encrypt and push n bytes; returns n or -1 (errno EIO, tls_error). */
ssize_t tls_write(struct tls *t, const void *buf, size_t n);
/* After TLS_DONE: channel-binding data for SASL -PLUS mechanisms, the kind that fits the negotiated version:
 * "tls-exporter" (RFC 9266) under TLS 1.3, "tls-unique" (RFC 5929, undefined in 1.3) before. *type is static,
 * *data allocated (caller frees). false when GnuTLS has none (e.g. TLS 1.2 without extended master secret for
 * an exporter). Works for client and server sessions alike (tests bind both ends). */
bool tls_channel_binding(struct tls *t, const char **type, unsigned char **data, size_t *len);
/* Decrypted bytes are waiting inside GnuTLS. */
bool tls_pending(struct tls *t);
/* Send close_notify (best effort, never waits). */
void tls_bye(struct tls *t);

/*
 * Build a real TLS ClientHello (as GnuTLS would send first for this configuration) into a new allocation, for
 * sending on a plaintext connection on purpose (/hello-tls). Returns its length, or -1.
 */
ssize_t tls_make_client_hello(const struct tls_config *cfg, unsigned char **out);

/* Translate a swaks-style protocol list ("tlsv1_2", "no_tlsv1_3", "tlsv1_2,tlsv1_3") and an optional cipher
 * name into a GnuTLS priority string (allocated). NULL with *err on an unknown name. */
char *tls_priority_from_options(const char *protocols, const char *cipher, char **err);
/* The i-th --tls-protocol name GnuTLS can offer ("tlsv1" ... "tlsv1_3"; each also works as no_NAME), NULL past
 * the end: what the generated shell completion offers. Static. */
const char *tls_protocol_name(size_t i);
/* The GnuTLS cipher name for a cipher given as a GnuTLS, OpenSSL or IANA name ("AES-128-GCM",
 * "ECDHE-RSA-AES128-GCM-SHA256", "TLS_AES_256_GCM_SHA384"), or NULL when unknown. Static string. */
const char *tls_cipher_from_name(const char *name);

#endif
