/* session: one SMTP client conversation driven by the poll loop. It resolves, connects, speaks plaintext or TLS
 * (implicit, or STARTTLS mid-session), parses replies, follows the SMTP state, keeps one capability snapshot per
 * phase, and reports everything to its sinks as events (core/event.h). It never prints and never blocks.
 *
 * The session never refuses to send what the user typed: order mistakes are for views to warn about.
 * What it does refuse: sending anything after a failed certificate verification until the user trusts the
 * certificate (session_trust) or verification is off (--insecure); and treating bytes that arrive between the
 * 220 reply to STARTTLS and the handshake as TLS-era data (they are flagged and dropped).
 *
 * Call order: session_new -> session_add_sink (any number) -> session_connect -> session_send_* as the user
 * acts; wait for EV_IDLE before the next scripted step -> session_free (closes). All functions return 0 on
 * success or -1 after emitting an EV_ERROR that says why.
 */
#ifndef SMTPCON_SESSION_H
#define SMTPCON_SESSION_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/event.h"
#include "core/smtp.h"
#include "core/tlsinfo.h"
#include "lib/loop.h"

struct session;

enum eol_mode { EOL_CRLF, EOL_LF, EOL_CR };

struct session_params {
	const char *ehlo_name;      /* NULL: the local FQDN or an address literal */
	const char *tls_sni;        /* NULL: the host as typed (no SNI for an address literal) */
	const char *tls_ca_path;    /* NULL: the system trust store */
	const char *tls_priority;   /* NULL: GnuTLS defaults */
	/* /tls scan's order probes (core/tls-hello.h): at the handshake (after the 220 to STARTTLS, or at once with
	 * implicit TLS) these bytes go out in place of GnuTLS's ClientHello; the server's answer is read up to its
	 * ServerHello or alert, reported as EV_TLS_HELLO, and the connection is closed. NULL: a real handshake. */
	const uint8_t *tls_hello;
	size_t tls_hello_len;
	const char *tls_cert;
	const char *tls_key;
	bool tls_verify;            /* true by default; false = --insecure (still shown) */
	bool show_secrets;
	unsigned timeout_ms;        /* every wait (connect, greeting, reply, handshake); 0 = 30 s */
	bool lmtp;                  /* LMTP (RFC 2033): one reply per accepted recipient after the message */
	const char *socks5;         /* "HOST:PORT" of a SOCKS5 proxy (RFC 1928, no auth) to connect through, or NULL */
	bool unattended;            /* batch: nobody can answer a certificate hold, so it ends the session (the
	                             * message says so instead of offering /trust) */
};

struct session *session_new(struct loop *loop, const struct session_params *p);
void session_free(struct session *s);

/* Register a view. Up to SESSION_MAX_SINKS. */
void session_add_sink(struct session *s, event_fn fn, void *ctx);

/* An advisor sees each event after all sinks did, and may emit more (warnings, diagnoses) through
 * session_emit_*; used by the teaching layer. One per session. */
typedef void (*session_advisor_fn)(void *ctx, struct session *s, const struct event *ev);
void session_set_advisor(struct session *s, session_advisor_fn fn, void *ctx);

/* Deliver an event from another source to this session's sinks and advisor (listen mode feeds what a remote
 * client does through the same views). The time stamp is set here. */
void session_emit_event(struct session *s, struct event *ev);
/* Emit a console event of the given kind to every sink (used by the console commands and advisors). */
void session_emit_text(struct session *s, enum event_type type, const char *id, const char *text, const char *hint);
void session_emit_diagnosis(struct session *s, const char *id, enum severity sev, const char *message,
                            const char *hint);
/* The same with text built in two languages (lib/dtext.h): English goes to JSON, the translation to screens. */
struct dtext;
void session_emit_textd(struct session *s, enum event_type type, const char *id, const struct dtext *text,
                        const struct dtext *hint);
void session_emit_diagnosisd(struct session *s, const char *id, enum severity sev, const struct dtext *message,
                             const struct dtext *hint);
void session_emit_expect(struct session *s, bool ok, const char *wanted, const char *got);

/*
 * Connect to host (UTF-8 or A-label; IDNA2008 via libidn2; "[::1]" or "::1" literals) on port. implicit_tls:
 * handshake first. no_wait: do not wait for the greeting before the next command (to talk early on purpose).
 * A host starting with '/' is a Unix-domain stream socket (port unused; no SNI unless tls_sni is set).
 */
int session_connect(struct session *s, const char *host, int port, bool implicit_tls, bool no_wait);
/* Bytes written first on every following connection, right after connect and before the greeting or a TLS
 * handshake (a PROXY protocol header). NULL/0 clears it. Copied. */
void session_set_preamble(struct session *s, const uint8_t *p, size_t n);
/* Drop the connection without QUIT (TLS close_notify is not sent either: this is the "pull the plug" button). */
void session_close(struct session *s);
/* Cancel what is pending (a connect, a handshake, a wait) without closing a working connection. */
void session_cancel(struct session *s);

/*
 * Send one SMTP command line; the session appends the line ending (see session_set_eol) and waits for its reply.
 * In the DATA body (after 354) lines are message content: no reply is awaited until the lone "." line.
 * secret_off/secret_len mark bytes of line that are a secret (AUTH payload): masked in every event.
 */
int session_send_line(struct session *s, const char *line, size_t secret_off, size_t secret_len);
/* Send QUIT like session_send_line, also while a certificate awaits the user's decision (PHASE_TLS_HOLD): the only
 * line that may go out then, so that ending the session there is polite (QUIT, 221) rather than a dropped
 * connection. Nothing else is let through by it. */
int session_send_quit(struct session *s);
/* Send several command lines in one write (RFC 2920 pipelining); replies are matched to them in order. */
int session_send_pipeline(struct session *s, const char *const *lines, size_t n);
/* Send exact bytes, nothing appended. expect_replies: how many replies to wait for (0: none). */
int session_send_raw(struct session *s, const uint8_t *p, size_t n, int expect_replies);
/* Stream a message (file path, or NULL for the text in msg/msglen, which is copied) as a DATA body: CRLF
 * normalisation, dot-stuffing, the final ".\r\n"; then wait for the reply. A file is read as the socket takes
 * it: constant memory whatever its size. */
int session_send_message(struct session *s, const char *path, const char *msg, size_t msglen);
/* Send one BDAT chunk (RFC 3030): "BDAT <n>[ LAST]" with the current line ending, then exactly the n bytes of
 * p, in one write. One reply is awaited, for the BDAT command: the chunk bytes are never taken as commands,
 * whatever line endings they hold. */
int session_send_bdat(struct session *s, const uint8_t *p, size_t n, bool last);
/* Change the limit of every wait from now on (/set timeout); 0 = the default. */
void session_set_timeout(struct session *s, unsigned timeout_ms);
/* Change the EHLO name /ehlo uses from now on (/set ehlo); NULL: back to the default. */
void session_set_ehlo_name(struct session *s, const char *name);
/* What the next TLS handshake trusts (this connection's STARTTLS, or the next connection): the CA file ca_path
 * (copied; NULL or "": the system store), and whether a failed verification holds the session (verify) or is
 * only shown (false, like --insecure). */
void session_set_tls_trust(struct session *s, const char *ca_path, bool verify);
/* Whether AUTH secrets sent from now on are shown in events (true) or marked secret for every view to mask.
 * What was sent before keeps its marking. */
void session_set_show_secrets(struct session *s, bool show);
/* Line ending for lines sent from now on (bare LF on purpose is marked in the wire view). */
void session_set_eol(struct session *s, enum eol_mode m);
/* Write in pieces of at most n bytes (0: no chunking), delay_ms between pieces. */
void session_set_chunking(struct session *s, size_t n, unsigned delay_ms);

/* Mail between servers (core/delivery.h). Judge the next connection as a sending MTA would: t (taken over)
 * holds what DNS said about the MX host; the TLS SNI and the name checked become t->host, and after the handshake
 * the session emits EV_DANE and EV_DELIVERY. A DANE match verifies the certificate; a DANE mismatch or bogus DNS
 * fails the session (stage "delivery": a sender would defer); without DANE a web-PKI failure is a warning
 * unless t->strict. NULL: the next connection is an ordinary one. Used by /mx. */
struct mta_target;
void session_set_mta(struct session *s, struct mta_target *t);
/* This connection is judged as an MTA would (armed by session_set_mta before it was opened). */
bool session_mta_active(const struct session *s);
/* The MX host name of such a connection, or NULL. */
const char *session_mta_host(const struct session *s);
/* The DANE report and the sender's verdict of such a connection, as given after its handshake (or when it went
 * on without TLS), appended to out in English and the user's language; false (nothing appended) before. */
struct dtext;
bool session_mta_text(const struct session *s, struct dtext *out);
/* Such a connection goes on without TLS because the server did not offer STARTTLS: emit the DANE report and
 * delivery view (plaintext only, or defer when DANE or MTA-STS requires TLS), once. (A refused STARTTLS and a
 * failed handshake are seen by the session itself.) */
void session_mta_no_tls(struct session *s);
/* Emit the DANE report and delivery view for t without a connection (t is not kept): /mx when the DNS answers
 * already decide (bogus), or when it only looks. */
void session_mta_report(struct session *s, const struct mta_target *t);
/* The STARTTLS handshake of such a connection failed, and the delivery view says a sender delivers anyway: it
 * retries in plaintext on a new connection (RFC 7435; Postfix's "may" level). False for a strict target
 * (--tls-verify, submission ports), where the failure is fatal. */
bool session_mta_plaintext_fallback(const struct session *s);
/* The next connection is that plaintext retry (call just before it is opened): it stays the same target, with
 * the verdict already given, so /dane still has it. */
void session_mta_retry_plaintext(struct session *s);

/* Start the TLS handshake now (normally automatic after "220" to STARTTLS). */
int session_start_tls(struct session *s);
/* Accept an unverified certificate for this connection and go on. */
int session_trust(struct session *s);

/* AUTH helper: any mechanism of core/sasl.h's table (case-insensitive mech; for XOAUTH2 and OAUTHBEARER the
 * password is the OAuth bearer token), through GNU SASL; -PLUS binds to this connection's TLS channel. Each
 * message both ways is also shown decoded and explained (an EV_INFO with id "sasl-client" or "sasl-server");
 * the password is copied and wiped after use; every answer that carries a secret is masked (wire and decoded
 * text) unless show_secrets. -1 (with an EV_ERROR) when the mechanism is unknown or cannot start. */
int session_auth(struct session *s, const char *mech, const char *user, const char *password);
/* Whether this connection can give channel-binding data for -PLUS mechanisms (TLS is up). */
bool session_has_channel_binding(const struct session *s);

/* After a --no-wait connect: from now on, wait for the greeting like any reply (nothing happens once it came). */
void session_wait_greeting(struct session *s);
/* Wait for n more replies (or one for n = 0) with the usual timeout, e.g. after /hello-tls. */
void session_wait_reply(struct session *s, int n);
/* The command a reply answers (event.command, struct reply's), as people read it: the line as sent, or the
 * placeholder of session_send_raw / session_wait_reply ("(raw bytes)", "(anything)"), which are words and come
 * back translated. Screens and the text transcript only: JSON keeps the English. */
const char *session_command_shown(const char *command);

/* ---- What views may ask at any time ---- */
enum session_phase {
	PHASE_IDLE,        /* not connected */
	PHASE_RESOLVING,
	PHASE_CONNECTING,
	PHASE_HANDSHAKE,
	PHASE_TLS_HOLD,    /* certificate not verified: waiting for the user's decision */
	PHASE_CONNECTED,
};
enum session_phase session_phase(const struct session *s);
const char *session_phase_name(enum session_phase ph);
/* True when nothing is outstanding: no reply awaited, no handshake, no connect, no message streaming. */
bool session_idle(const struct session *s);
/* Milliseconds before the current wait times out, or -1 when not waiting. */
int64_t session_wait_remaining(const struct session *s);
/* What the session is waiting for right now ("greeting", "reply to EHLO", "TLS handshake"), or NULL. */
const char *session_waiting_for(const struct session *s);
/* The same in the user's language, for screens. */
const char *session_waiting_for_loc(const struct session *s);

enum smtp_state session_smtp_state(const struct session *s);
bool session_is_tls(const struct session *s);
bool session_implicit_tls(const struct session *s);
bool session_authenticated(const struct session *s);
/* True while an AUTH exchange is under way (typed by hand or driven by the /auth helper), from the moment its
 * AUTH line went out until its final reply: a line sent then is an answer to a challenge, a secret. */
bool session_auth_exchange(const struct session *s);
const struct tls_info *session_tls_info(const struct session *s);       /* NULL before a handshake */
const struct reply *session_last_reply(const struct session *s);        /* NULL before any */
const char *session_last_command(const struct session *s);              /* the last line sent (masked) */
const struct caps *session_caps(const struct session *s, enum caps_phase ph); /* NULL if not learned */
const struct caps *session_current_caps(const struct session *s);       /* latest EHLO of this connection */
enum caps_phase session_current_phase(const struct session *s);
const char *session_host(const struct session *s);    /* A-label as connected, or NULL */
const char *session_host_u(const struct session *s);  /* U-label when it differs, else NULL */
const char *session_addr(const struct session *s);    /* numeric address, or NULL */
int session_port(const struct session *s);
/* The EHLO name: the one the user last typed in EHLO/HELO/LHLO, else our default (FQDN or address literal). */
const char *session_ehlo_name(const struct session *s);
uint64_t session_elapsed_ns(const struct session *s);
int session_accepted_rcpts(const struct session *s);
/* True after any network/TLS failure in this session (for exit status 3). */
bool session_had_failure(const struct session *s);
/* Forget past failures: the next run of a repeated batch session (--repeat) is judged on its own. */
void session_clear_failure(struct session *s);
const struct session_params *session_params(const struct session *s);

#define SESSION_MAX_SINKS 8

#endif
