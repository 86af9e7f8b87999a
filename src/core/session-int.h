/* session-int: the session's private state, shared only by session.c (protocol, replies, state) and
 * session-io.c (sockets, TLS plumbing, writing). Nothing outside src/core includes this. */
#ifndef SMTPCON_SESSION_INT_H
#define SMTPCON_SESSION_INT_H
#include <stdio.h>
#include <sys/socket.h>

#include "core/dotstuff.h"
#include "core/resolve.h"
#include "core/sasl.h"
#include "core/session.h"
#include "core/tls-hello.h"
#include "core/tls.h"
#include "core/txn.h"
#include "lib/buf.h"
#include "lib/dtext-split.h"
#include "lib/dtext.h"
#include "lib/i18n.h"

/* Limits, named in one place. */
#define SESSION_MAX_LINE (64u * 1024u)       /* a reply line kept; RFC 5321 says 512 */
#define SESSION_MAX_REPLY_LINES 4096u        /* lines kept per reply; the rest are counted */
#define SESSION_READ_CHUNK (16u * 1024u)
#define SESSION_OUT_HIGH (256u * 1024u)      /* stop producing message bytes above this */
#define SESSION_MSG_CHUNK (64u * 1024u)
#define SESSION_MSG_CHUNKS_PER_PASS 8 /* message chunks produced per poll() round at most */
#define SESSION_MAX_PENDING 1024u            /* commands awaiting replies */
#define SESSION_DEFAULT_TIMEOUT_MS 30000u
#define SESSION_MAX_PREAMBLE 4096u           /* bytes written before the greeting (PROXY v2 with TLVs) */

struct sink {
	event_fn fn;
	void *ctx;
};

/* A command awaiting its reply. */
struct pending {
	char *line;   /* masked display text, NULL for the greeting */
	char verb[16];
	bool abandoned; /* nobody waits any more (Ctrl-C, or the timeout): a late reply is still matched and applied */
	bool timed_out; /* ...because the wait timed out (what the late reply's note says) */
};

/* Bytes waiting to be handed to the transport, one user-visible write each. */
struct segment {
	struct segment *next;
	uint8_t *data;
	size_t len;
	uint8_t *shown;     /* what views see (masked), NULL: same as data */
	bool secret;
	unsigned delay_ms;  /* wait this long before writing this piece */
	unsigned long group; /* a pipelined group of commands in one write (0: none); see event.h */
	unsigned group_size;
	bool group_start; /* the first piece of that write */
};

/* See session.mcache. */
struct model_caps_cache {
	bool valid;
	const struct caps *of; /* the list it was worked out from */
	bool auth, starttls;   /* the list offers AUTH, STARTTLS */
};
/* A capability list was stored or dropped: the model works its facts out again (model.c). */
void session_caps_changed(struct session *s);

struct session {
	struct loop *loop;
	struct session_params params;
	char *ehlo_name;
	struct sink sinks[SESSION_MAX_SINKS];
	size_t nsinks;
	session_advisor_fn advisor;
	void *advisor_ctx;
	int advisor_depth;
	uint64_t t0;

	/* connection */
	enum session_phase phase;
	char *host;          /* A-label */
	char *host_u;        /* U-label when different */
	char addr[64];
	int port;
	bool implicit_tls;
	bool no_wait;
	struct resolve_req *resolving;
	struct addrinfo *addrs, *next_addr;
	bool addrs_local;        /* addrs is our own Unix-socket entry (free(), not freeaddrinfo()) */
	struct buf preamble;     /* written first on each connection (PROXY header) */
	int socks_step;          /* SOCKS5: 1 waiting for the method reply, 2 for the CONNECT reply, 0 none */
	uint8_t socks_in[300];
	size_t socks_len;
	int fd;
	bool failed;

	/* TLS */
	struct tls *tls;
	struct tls_info *tls_info;
	bool tls_active;         /* application data goes through TLS */
	bool handshake_saw_plain;
	bool handshake_first_byte_seen;
	struct buf rawout;       /* bytes for the socket (records under TLS) */
	struct buf hello_in;     /* params.tls_hello: the server's answer so far (session-hello.c) */
	bool out_gather;        /* records of one TLS write wait in rawout for one send() */

	/* SMTP */
	struct reply_parser *parser;
	enum smtp_state state;
	struct pending pending[SESSION_MAX_PENDING];
	size_t npending, pending_head;
	bool starttls_boundary;  /* a 220 to STARTTLS was just parsed: later bytes of this read are suspect */
	struct reply *last_reply;
	char last_reply_verb[16]; /* the verb of the command last_reply answered ("" the greeting, "?" unknown) */
	char last_error[24];      /* the id (stage) of the last EV_ERROR emitted, "" none: the model's "error" */
	char *last_command;
	char *typed_ehlo;        /* the name in the last EHLO/HELO/LHLO the user sent */
	char *ca_path_set;       /* session_set_tls_trust's copy; params.tls_ca_path points here once it ran */
	struct caps *caps[CAPS_NPHASES];
	enum caps_phase cur_phase;
	/* What the model derives from the current capabilities (model.c): session_get_model runs at every redraw,
	 * and a list can hold a million keywords from a hostile server, so it is worked out once per list. Behind a
	 * pointer because session_get_model takes a const session; session_caps_changed empties it whenever a list
	 * is stored or dropped (a new list may reuse a freed one's address). */
	struct model_caps_cache *mcache;
	bool authenticated;
	int rcpts;
	struct txn txn;             /* the mail transaction in progress, and the recipients it accepted */
	struct txn_result last_txn; /* how the last one ended (has_last_txn), for the footer and the model */
	char last_txn_rcpt[256];
	bool has_last_txn;
	bool txn_lost_waiting; /* the last transaction was counted lost when the wait for its verdict timed out, and
				* the connection is still open: a late final reply corrects it (marked late) */
	size_t queued; /* lines the user typed that wait to be sent (the console says: session_set_queued) */
	char *queued_first;
	struct mta_target *mta_next; /* session_set_mta: for the next connection */
	struct mta_target *mta;      /* this connection is judged as a sending MTA would (core/delivery.h) */
	bool mta_judged;             /* the delivery view of this connection was given */
	bool mta_fallback;           /* its STARTTLS handshake failed and a sender would retry in plaintext */
	bool mta_retry;              /* the next connection is that retry: it keeps the target and its verdict */
	bool mta_plain_retry;        /* this connection is that retry: STARTTLS would fail here as it just did */
	char *mta_text, *mta_text_loc; /* its DANE report and delivery view as text (English, user's language) */
	bool cert_trusted; /* the user accepted a certificate that did not verify (/trust), this connection */
	bool hold_quit;    /* during a certificate hold, QUIT (and nothing else) was let through: session_send_quit */
	enum eol_mode eol;
	size_t chunk;
	unsigned chunk_delay;

	/* AUTH helper: the SASL client (core/sasl, GNU SASL) that answers each 334 challenge */
	char auth_mech[24];
	int auth_step;             /* nonzero while an exchange the helper drives is under way */
	struct sasl_client *sasl;
	int sasl_server_msgs;      /* challenges shown so far, for sasl_describe's step */
	int sasl_client_msgs;      /* answers sent so far */

	/* AUTH typed by hand (session-auth-hand.c): an exchange the helper does not drive, followed so that each 334
	 * is decoded and explained, and every answer is masked as the secret it may be */
	struct {
		bool active;    /* an AUTH line went out and its exchange has not ended */
		char mech[24];  /* as typed, upper case */
		int challenges; /* 334s received */
		int answers;    /* answers sent, the initial response included */
		int ask;        /* enum model_auth_ask: what the last 334 asks for */
	} hand;

	/* writing */
	struct segment *seg_head, *seg_tail;
	unsigned long groups;      /* pipelined groups sent so far (numbers them, from 1) */
	unsigned long queue_group; /* set around io_queue: the group the queued bytes are */
	unsigned queue_group_size;
	uint64_t write_timer;
	bool write_delayed;

	/* message streaming */
	FILE *msg_file;
	const uint8_t *msg_mem;
	uint8_t *msg_copy;       /* owned copy of a message given as text */
	size_t msg_len, msg_off;
	bool msg_active;
	struct dotstuff ds;

	/* waiting */
	uint64_t wait_timer;
	uint64_t wait_deadline_ms;
	char waiting_for[96];      /* English (JSON, session_waiting_for) */
	char waiting_for_loc[192]; /* the same for people, in their language */
	int raw_expect;
};

/* session.c: helpers shared with session-reply.c */
void session_clear_pending(struct session *s);
struct pending *session_pending_at(struct session *s, size_t i);
/* Awaited replies that hold the console back (a --no-wait greeting does not). */
size_t session_blocking_pending(const struct session *s);
/* Wipe and forget the AUTH helper's credentials. */
void session_auth_forget(struct session *s);
/* The AUTH helper's part of a reply while its exchange is under way (session-auth.c): answer a 334 through the
 * SASL client, or end the exchange. */
void session_auth_on_reply(struct session *s, const struct reply *r);
/* session-auth-hand.c: a line about to be sent. When it starts an AUTH exchange by hand or answers one, the
 * exchange is followed (the answer shown decoded, secrets masked) and *off, *len are set to the part of line
 * that is a secret (the whole answer; the initial response of "AUTH MECH IR"); untouched otherwise. */
void session_auth_hand_line(struct session *s, const char *line, size_t *off, size_t *len);
/* A reply to a line of that exchange (verb "AUTH" or "*AUTH"), after the state changed: a 334 decoded and
 * explained (a diagnosis "auth-challenge" with what to type next); any other reply ends the exchange. */
void session_auth_hand_reply(struct session *s, const struct reply *r);

/* session.c */
void session_emit(struct session *s, struct event *ev);
void session_on_bytes(struct session *s, const uint8_t *p, size_t n);
/* The connection ended; by: "server" (EOF/close_notify), "client" (we gave up), "network" (reset, I/O error). */
void session_on_eof(struct session *s, const char *by, const char *why);
/* session-mta.c: the sending MTA's rules for a connection /mx armed (core/delivery.h). */
enum mta_decision {
	MTA_VERIFIED,      /* DANE matched: the certificate counts as verified */
	MTA_DEFER,         /* a sender would defer: the session already failed ("delivery") */
	MTA_STRICT,        /* no DANE; web-PKI verification decides as usual (--tls-verify) */
	MTA_OPPORTUNISTIC, /* no DANE; a web-PKI failure is shown, not held: senders deliver anyway */
};
void session_mta_begin(struct session *s); /* a new connection: the armed target becomes this one's */
void session_mta_free(struct session *s);
/* After the handshake (s->tls_info set, s->mta set): emit the DANE report and delivery view, decide. */
enum mta_decision session_mta_judge_tls(struct session *s);
/* No TLS on a connection /mx made, for a reason the session saw itself: STARTTLS refused (refused true) or the
 * handshake failed. Emits the DANE report and the delivery view once (plaintext, or defer when DANE or MTA-STS
 * requires TLS). */
void session_mta_tls_lost(struct session *s, bool refused);
/* True when a failed TLS handshake on this connection is for the delivery view to judge, not a failure of the
 * session: a connection /mx made, STARTTLS (a sender falls back to plaintext, RFC 7435; on implicit TLS there is
 * nothing to fall back to), not strict (--tls-verify or a submission port keep it fatal). */
bool session_mta_handshake_soft(const struct session *s);
/* The handshake failure msg as a warning ("tls-handshake-failed") saying that a sender would not stop there. */
void session_mta_handshake_note(struct session *s, const struct dtext *msg);

void session_fail(struct session *s, const char *stage, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* session_fail with a message already assembled in two languages (an argument that is itself a message). */
void session_faild(struct session *s, const char *stage, const struct dtext *msg);
void session_set_state(struct session *s, enum smtp_state st);
/* what: a constant English msgid (marked N_()); session_arm_waitd: assembled text. */
void session_arm_wait(struct session *s, const char *what);
void session_arm_waitd(struct session *s, const struct dtext *what);
void session_disarm_wait(struct session *s);
void session_check_idle(struct session *s);
void session_on_connected(struct session *s);
void session_on_handshake_done(struct session *s);
/* Note that a reply is awaited for line (display text) with the given verb. */
void session_expect_reply(struct session *s, const char *line, const char *verb);
/* Replies that end a message: one, or in LMTP one per accepted recipient (RFC 2033 §4.2). */
int session_end_replies(const struct session *s);
/* Emit EV_TRANSACTION for r and remember it as the last outcome. */
void session_emit_txn(struct session *s, const struct txn_result *r);
/* The connection ended or the wait for the verdict was given up: every open transaction (LMTP: recipient) is
 * lost, for the reason given. */
void session_txn_end(struct session *s, const char *reason);

/* session-io.c */
void io_connect_next(struct session *s);
void io_free_addrs(struct session *s);
void io_close(struct session *s);
/* Queue bytes for writing (copied). shown: masked copy for views (NULL: the same). */
void io_queue(struct session *s, const uint8_t *p, size_t n, const uint8_t *shown, bool secret);
void io_update_watch(struct session *s);
int io_begin_tls(struct session *s);
/* session-hello.c: the handshake of a session with params.tls_hello (a hand-built ClientHello). Begin: the
 * phase, the wait and EV_TLS_START (io_begin_tls then writes the bytes); read: what the socket has, until the
 * server's answer is whole, then EV_TLS_HELLO and the connection closed. */
void io_hello_begin(struct session *s);
void io_hello_read(struct session *s);
void io_pump_message(struct session *s);

#endif
