/* model: where the session is, in one plain struct every view reads (the TUI status bar, footer and next hint, the
 * F4 overlay, batch text, JSON) so that no view keeps or guesses a copy of its own. It is computed on demand from
 * the session's own fields (session_get_model), never stored beside them; the words for it (names, the next step,
 * the last outcome) are pure functions of the struct, so each can be tested without a network.
 *
 *   connection    idle (never connected), connecting, greeting, tls-handshake, ready, closing (QUIT sent), closed
 *   tls           none, implicit, starttls; cert: none, verified, hold (failed, awaiting /trust or /close),
 *                 trusted (failed, accepted by the user), unchecked (--insecure)
 *   auth          unknown (no EHLO reply on this connection yet), not-offered, offered, done; and an exchange
 *                 typed by hand: its mechanism and what the last 334 asks for (the next step says what to type)
 *   transaction   none, mail, rcpt n, data, verdict; and how the last one ended (core/txn.h)
 *   waiting       what a reply is awaited for, with its deadline
 *   queued        lines the user typed that wait to be sent (the console reports them: session_set_queued)
 *   last reply    its code and the verb it answered; and the stage of the last failure (what lessons tick on)
 */
#ifndef SMTPCON_MODEL_H
#define SMTPCON_MODEL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/smtp.h"
#include "core/txn.h"

struct session;

enum model_conn {
	MC_IDLE,
	MC_CONNECTING,
	MC_GREETING,
	MC_TLS_HANDSHAKE,
	MC_READY,
	MC_CLOSING,
	MC_CLOSED,
	MC_N
};
enum model_tls {
	MT_NONE,
	MT_IMPLICIT,
	MT_STARTTLS,
	MT_N
};
enum model_cert {
	MCERT_NONE,
	MCERT_VERIFIED,
	MCERT_HOLD,
	MCERT_TRUSTED,
	MCERT_UNCHECKED,
	MCERT_N
};
enum model_auth {
	MA_UNKNOWN,
	MA_NOT_OFFERED,
	MA_OFFERED,
	MA_DONE,
	MA_N
};
/* An AUTH exchange typed by hand (AUTH, /auth raw, /answer: not the /auth helper, whose SASL client answers by
 * itself): what the server's last 334 asks the user to type. */
enum model_auth_ask {
	MAA_NONE,     /* no exchange typed by hand is under way */
	MAA_WAIT,     /* AUTH went out; its first reply has not come yet */
	MAA_USER,     /* LOGIN: the user name */
	MAA_PASSWORD, /* LOGIN: the password */
	MAA_PLAIN,    /* PLAIN without an initial response: \0user\0password in one answer */
	MAA_CRAM,     /* CRAM-MD5: the user and the HMAC-MD5 of the challenge */
	MAA_OTHER,    /* any other mechanism's challenge */
	MAA_N
};

struct session_model {
	enum model_conn conn;
	enum smtp_state smtp; /* the protocol state the engine follows (core/smtp.h) */
	enum model_tls tls;
	enum model_cert cert;
	enum model_auth auth;
	bool starttls_offered; /* in the current capabilities */
	bool starttls_failed;  /* this connection is the plaintext retry a sending MTA makes after the server's STARTTLS
				* handshake failed on the last one (--mx, /mx, /dane): STARTTLS would fail again */
	bool mta;              /* this connection is judged as a sending MTA's (--mx, /mx, /dane): servers relaying to
				* an MX do not log in, so AUTH is not its next step */
	bool lmtp;
	bool greeting_refused; /* the banner was 5xx: the server will not talk to us */
	bool greeting_given_up; /* no banner, and none awaited any more (timed out, or Ctrl-C) */
	bool no_wait;           /* --no-wait: the user may talk before the greeting */
	const char *host;      /* the host last connected to (for "/connect HOST:PORT"), or NULL */
	int port;
	enum txn_stage txn;
	size_t rcpts;                  /* recipients accepted in the open transaction */
	const struct txn_result *last; /* how the last transaction ended, NULL before any */
	const char *waiting_for;       /* "reply to EHLO", "greeting" ... or NULL */
	const char *waiting_for_loc;   /* the same in the user's language (the session built both), or NULL */
	int64_t wait_ms;               /* left before that wait times out, -1 when not waiting */
	int reply_code;                /* the last reply's code, 0 before any */
	const char *reply_verb;        /* the command it answered: "EHLO", "RCPT", "." (the message), "" (the
					* greeting), "?" (unknown); NULL before any reply */
	const char *error;             /* the stage of the last failure ("tls", "timeout", "connect" ...: the id of
					* the last EV_ERROR), NULL when none */
	enum model_auth_ask auth_ask;  /* an AUTH exchange typed by hand: what to answer next (MAA_NONE: none) */
	const char *auth_mech;         /* its mechanism as typed, upper case ("LOGIN"), or NULL */
	int auth_challenges;           /* the 334 challenges it received so far */
	size_t queued;                 /* typed lines waiting to be sent */
	const char *queued_first;      /* the first of them (secrets masked), or NULL */
};

/* Fill m from s. The pointers in m stay valid until the session changes (use m at once, in one redraw). */
void session_get_model(const struct session *s, struct session_model *m);

/* The console reports the lines typed by the user that wait to be sent: n of them, the first one shown as first
 * (copied; NULL when n is 0). */
void session_set_queued(struct session *s, size_t n, const char *first);

const char *model_conn_name(enum model_conn c);
const char *model_tls_name(enum model_tls t);
const char *model_cert_name(enum model_cert c);
const char *model_auth_name(enum model_auth a);
/* "none", "wait", "user", "password", "plain", "cram-md5", "other" (a stable id). */
const char *model_auth_ask_name(enum model_auth_ask a);

/* What to do next, for a person, computed from the model only: "MAIL FROM:<address> ...", "/trust or /close ...",
 * "/connect HOST:PORT to start again". Written to buf (always terminated); returns buf. */
const char *model_next_step(const struct session_model *m, char *buf, size_t n);
/* The same in the user's language, for screens (the English one goes to JSON and console events). */
const char *model_next_step_loc(const struct session_model *m, char *buf, size_t n);

/* What a line typed now waits for, for a person: "the greeting", "the reply to EHLO", "your decision about the
 * certificate", "the command before it". Written to buf; returns buf. */
const char *model_queue_waits_for(const struct session_model *m, char *buf, size_t n);
/* The same in the user's language, for screens (the English one goes to JSON and console events). */
const char *model_queue_waits_for_loc(const struct session_model *m, char *buf, size_t n);

/* The last message's outcome (transactions that ended before a message are left out) in a few words for a footer ("accepted, queued as 4Xy2", "rejected 550",
 * "deferred 451", "lost"), or NULL when there was none. Written to buf. */
const char *model_last_outcome(const struct session_model *m, char *buf, size_t n);
/* The same in the user's language, for screens (the English one goes to JSON and console events). */
const char *model_last_outcome_loc(const struct session_model *m, char *buf, size_t n);

#endif
