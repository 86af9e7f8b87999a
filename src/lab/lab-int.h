/* lab-int: what the lab's own files share (not for use outside src/lab). The listener and I/O live in lab.c, the
 * SMTP dialogue in lab-smtp.c, the scenario table in lab-scenario.c, certificates in lab-cert.c, server-side TLS
 * in lab-tls.c, storage in lab-maildir.c. */
#ifndef SMTPCON_LAB_INT_H
#define SMTPCON_LAB_INT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>

#include "lab/lab.h"
#include "lib/buf.h"
#include "lib/loop.h"

/* ---- MIME structure (lab-mime.c, GMime) ---- */
/* Parse the message stored at path and append its MIME structure to out (both languages: sizes are words), one line per part, each starting with
 * indent: "1.2   image/png  \"pixel.png\"  405 bytes, base64, attachment" (nothing for a plain text message
 * without MIME-Version). The Subject, RFC 2047 words decoded (UTF-8, not escaped), goes into subject. Returns 0,
 * or -1 when the file cannot be read or parsed (out untouched). */
struct dtext;
int lab_mime_structure(const char *path, const char *indent, struct dtext *out, char *subject, size_t subjectsz);

/* ---- scenarios (lab-scenario.c) ---- */

enum lab_flag {
	LAB_F_IMPLICIT = 1u << 0,          /* TLS from the first byte (465) */
	LAB_F_STARTTLS = 1u << 1,          /* STARTTLS offered */
	LAB_F_AUTH = 1u << 2,              /* AUTH offered */
	LAB_F_AUTH_NEEDS_TLS = 1u << 3,    /* AUTH only inside TLS: not advertised before, 530 if tried */
	LAB_F_MAIL_NEEDS_AUTH = 1u << 4,   /* submission: MAIL before AUTH is 530 5.7.0 */
	LAB_F_RELAY_NEEDS_AUTH = 1u << 5,  /* RCPT outside LAB_DOMAIN without AUTH is 550 5.7.1 */
	LAB_F_BAD_CERT = 1u << 6,          /* present an expired certificate for the wrong name */
	LAB_F_GREYLIST = 1u << 7,          /* 451 4.7.1 for a new (client, sender, recipient) triplet */
	LAB_F_STRICT_SYNC = 1u << 8,       /* no PIPELINING; early or pipelined input is 554 and a hang-up */
	LAB_F_FLAKY = 1u << 9,             /* every other DATA attempt loses the connection half-way */
};

struct lab_scenario {
	const char *name;
	const char *summary;     /* one line: what it teaches */
	const char *port_hint;   /* the real-world port it imitates */
	unsigned flags;          /* enum lab_flag */
	const char *priority;    /* GnuTLS priority string for the server (NULL: "NORMAL") */
	int reply_delay_ms;      /* tarpit */
	int greet_delay_ms;      /* strict-sync */
	int greylist_seconds;
	const char *lesson;      /* the steps for /lesson */
};

/* The row for name, or NULL. */
const struct lab_scenario *lab_scenario_find(const char *name);
/* All rows and their count (for the table test). */
const struct lab_scenario *lab_scenario_table(size_t *n);

/* ---- certificates (lab-cert.c) ---- */

struct lab_certs {
	char *ca_file, *cert_file, *key_file;
	char fingerprint[100];   /* SHA-256 of the server certificate, hex with colons */
	char *cert_pem, *key_pem; /* the server chain and key, kept for the credentials */
};

/* Make a CA and a server certificate signed by it (valid for LAB_HOSTNAME, localhost, 127.0.0.1 and ::1; or,
 * when bad, expired and for a name nobody uses) and write ca.pem, cert.pem and key.pem into dir.
 * 0, or -1 with *err. */
int lab_certs_make(struct lab_certs *c, const char *dir, bool bad, char **err);
void lab_certs_free(struct lab_certs *c);

/* ---- server-side TLS (lab-tls.c) ---- */

struct lab_tls;
struct lab_tls_creds;
typedef ssize_t (*lab_tls_push_fn)(void *io, const void *data, size_t n);
typedef ssize_t (*lab_tls_pull_fn)(void *io, void *data, size_t n);
enum lab_tls_step { LAB_TLS_AGAIN, LAB_TLS_DONE, LAB_TLS_FAILED };

/* Credentials and priorities shared by all connections of one lab. NULL with *err. */
struct lab_tls_creds *lab_tls_creds_new(const char *cert_pem, const char *key_pem, const char *priority,
                                        char **err);
void lab_tls_creds_free(struct lab_tls_creds *cr);
/* One server session; push must accept everything, pull returns -1/EAGAIN when empty. NULL with *err. */
struct lab_tls *lab_tls_new(struct lab_tls_creds *cr, lab_tls_push_fn push, lab_tls_pull_fn pull, void *io,
                            char **err);
enum lab_tls_step lab_tls_handshake(struct lab_tls *t);
/* > 0 bytes, 0 closed, -1 with errno EAGAIN or EIO. */
ssize_t lab_tls_read(struct lab_tls *t, void *buf, size_t n);
/* n, or -1: errno ENOBUFS when the push function refused (the output buffer is full: the client does not read),
 * EPIPE when the session can no longer send (the client hung up without close_notify, or a fatal error was read:
 * GnuTLS invalidates the session then), EIO for any other GnuTLS error (lab_tls_error says which). */
ssize_t lab_tls_write(struct lab_tls *t, const void *buf, size_t n);
bool lab_tls_pending(struct lab_tls *t);
void lab_tls_bye(struct lab_tls *t);
/* Last error text, or "". */
const char *lab_tls_error(const struct lab_tls *t);
/* "TLS1.3 with cipher AES-256-GCM" (owned by t), for the Received header and JSON Lines: always English. */
const char *lab_tls_describe(struct lab_tls *t);
/* The same in the user's language (owned by t), for the log and the screen. */
const char *lab_tls_describe_loc(struct lab_tls *t);
/* Who ended a failed handshake or session, from the last error (lab_tls_error): the client with an alert (under
 * TLS 1.3 one that arrived encrypted and reads as a decryption failure), the client by hanging up, the network
 * (a socket error), or this server (it refused what the client sent). */
enum lab_tls_ender { LAB_TLS_BY_SERVER, LAB_TLS_BY_CLIENT_ALERT, LAB_TLS_BY_CLIENT_HANGUP, LAB_TLS_BY_NETWORK };
enum lab_tls_ender lab_tls_ended_by(const struct lab_tls *t);
/* The protocol name of the alert the client sent ("unknown_ca"), written to out; NULL when the last error was
 * not a received alert. */
const char *lab_tls_alert_name(const struct lab_tls *t, char *out, size_t n);
/* GnuTLS's words for the last alert received ("CA is unknown"), valid when lab_tls_alert_name is not NULL; for
 * an alert GnuTLS does not name, our English words (JSON Lines) or, _loc, their translation (the screen). */
const char *lab_tls_alert_text(const struct lab_tls *t);
const char *lab_tls_alert_text_loc(const struct lab_tls *t);
void lab_tls_free(struct lab_tls *t);

/* ---- storage (lab-maildir.c) ---- */

/* Create <dir>/Maildir/{tmp,new,cur}. 0, or -1 with *err. */
int lab_maildir_init(const char *maildir, char **err);
/* Store hdr then body as one message (tmp/ then rename into new/). 0, or -1 with *err. */
int lab_maildir_store(const char *maildir, const char *id, const void *hdr, size_t hlen, const void *body,
                      size_t blen, char **err);
/* Remove a directory tree the lab made (best effort; refuses anything but plain files and directories). */
void lab_rmtree(const char *path);

/* ---- the lab and its clients (lab.c) ---- */

struct lab_client;

/* Per-lab state the SMTP code needs. */
struct lab_ctx {
	struct loop *loop;
	const struct lab_scenario *sc;
	char *maildir;
	bool discard;
	int greylist_seconds, reply_delay_ms, greet_delay_ms;
	struct lab_stats stats;
	unsigned long data_attempts; /* for flaky */
	unsigned long next_id;
	struct greylist *grey;
	lab_log_fn log;
	void *log_arg;
	lab_event_fn on_event;
	void *event_arg;
};

/* The whole lab (lab.c; clients in lab-client.c). */
struct lab {
	struct lab_ctx x;
	int lfd;
	char *addr;
	int port;
	char *dir;
	bool fresh_dir, keep_dir;
	struct lab_certs certs;
	struct lab_tls_creds *creds;
	char *describe;     /* the banner in English (JSON, listen mode events) */
	char *describe_loc; /* the same translated, or NULL when no translation is active */
	struct lab_client *clients;
	int max_clients;
	bool manual;
};

/* A new connection on the listening socket (the lab checked max_clients). */
void lab_client_accept(struct lab *lab, int fd, const struct sockaddr_storage *ss);
/* Free a client at once (its own callbacks, lab_free). */
void lab_client_destroy(struct lab_client *c);

/* printf into the lab's log (no-op without a log callback). fmt is an English msgid (wrap the literal in N_()):
 * the log is for people (stderr) and comes out translated. */
void lab_logf(struct lab_ctx *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Queue reply text (one or more CRLF-terminated lines) for the client: held back for reply_delay_ms in a tarpit,
 * encrypted when TLS is on. While a reply is held back no further input is processed. */
void lab_client_send(struct lab_client *c, const char *text, size_t n, int delay_ms);
/* After the reply already queued has gone out: start the TLS handshake (STARTTLS). Plaintext already received
 * after the STARTTLS line is thrown away (it would be a command injection). */
void lab_client_start_tls(struct lab_client *c);
/* Drop a reply still held back (a strict-sync greeting that an early talker forfeited). */
void lab_client_discard_held(struct lab_client *c);
/* Record who ends the connection ("client", "server" or "network") and why, for the CLOSE event; the first call
 * wins (a hang-up after the server's 221 was the server's doing). fmt is an English msgid (N_() at the call
 * site): the event's id keeps the English (JSON Lines), its text_loc the user's language. */
void lab_client_close_reason(struct lab_client *c, const char *by, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Close once everything queued is sent. */
void lab_client_close(struct lab_client *c);
/* Close at once, dropping whatever is queued (flaky). */
void lab_client_abort(struct lab_client *c);
/* Report an event about this client (no-op without an on_event callback); fills client, peer and tls. */
void lab_client_event(struct lab_client *c, enum lab_event_kind kind, const void *data, size_t len, bool secret,
                      const char *id, const char *text);
/* Diagnose a client mistake: logged, and reported as LAB_EV_DIAG with a stable id (each id once per client). fmt
 * is an English gettext msgid (wrap the literal in N_()): the event carries it in English and translated. */
void lab_client_diag(struct lab_client *c, const char *id, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The same with text already built in both languages. */
struct dtext;
void lab_client_diagd(struct lab_client *c, const char *id, const struct dtext *text);
/* Something learnt about this client that is no mistake (which program it is): LAB_EV_NOTE with id and text. */
void lab_client_note(struct lab_client *c, const char *id, const struct dtext *text);
/* The input bytes received and not yet consumed. */
struct buf *lab_client_input(struct lab_client *c);
/* True while a delayed reply is still held back. */
bool lab_client_waiting(const struct lab_client *c);
/* True when TLS is up; "TLS1.3 with cipher ..." or NULL. */
const char *lab_client_tls(struct lab_client *c);
/* The client's address as text ("127.0.0.1"), and with the port. */
const char *lab_client_ip(const struct lab_client *c);
const char *lab_client_name(const struct lab_client *c);
/* The lab CA's file, for diagnoses that tell the client's user what to trust. */
const char *lab_client_ca_file(const struct lab_client *c);
struct lab_ctx *lab_client_ctx(struct lab_client *c);
struct lab_smtp *lab_client_smtp(struct lab_client *c);

/* ---- greylist (lab-smtp.c) ---- */
void lab_greylist_free(struct greylist *g);

/* ---- the SMTP dialogue (lab-smtp.c) ---- */

struct lab_smtp;
struct lab_smtp *lab_smtp_new(struct lab_client *c);
void lab_smtp_free(struct lab_smtp *s);
/* The connection is ready for the greeting (at accept, or after the implicit TLS handshake). */
void lab_smtp_start(struct lab_smtp *s);
/* Input arrived while the greeting is still held back (strict-sync catches early talkers here). */
void lab_smtp_early_input(struct lab_smtp *s);
/* Consume what it can from the client's input. Returns true if it made progress. */
bool lab_smtp_input(struct lab_smtp *s);
/* The client closed its side (EOF); called once. */
void lab_smtp_eof(struct lab_smtp *s);
/* The STARTTLS handshake finished. */
void lab_smtp_tls_done(struct lab_smtp *s);
/* The idle timer fired. */
void lab_smtp_timeout(struct lab_smtp *s);

#endif
