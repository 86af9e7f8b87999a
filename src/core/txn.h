/* txn: one mail transaction, from an accepted MAIL FROM to its outcome, followed reply by reply. A pure reducer
 * (no I/O, no events): the session feeds it every reply with the verb it answers and the end of the connection,
 * and it says when the transaction ended and how. Views never guess an outcome from texts of their own: they
 * show the txn_result the session emits (EV_TRANSACTION) and the stage it reports.
 *
 * Outcomes: accepted (the final reply to the message is 2xx), rejected (5xx), deferred (4xx: try again later),
 * lost (the connection ended or the wait timed out before the final reply: nobody knows whether it arrived), and
 * abandoned (the client ended it with RSET, QUIT or a new MAIL before a message was sent; nothing was refused).
 * A transaction whose recipients were all refused ends at that refusal's class (a 451 greylisting RCPT makes the
 * transaction deferred even though DATA then gets "554 no valid recipients").
 *
 * LMTP (RFC 2033 §4.2): after the message each accepted recipient gets its own reply, and each is its own
 * outcome, naming the recipient.
 */
#ifndef SMTPCON_TXN_H
#define SMTPCON_TXN_H
#include <stdbool.h>
#include <stddef.h>

enum txn_stage {
	TXN_NONE,    /* no transaction open */
	TXN_MAIL,    /* MAIL FROM accepted, no recipient yet */
	TXN_RCPT,    /* at least one recipient accepted */
	TXN_DATA,    /* 354 (or a BDAT chunk) accepted: the message is going out */
	TXN_VERDICT, /* the message is sent: waiting for the final reply (LMTP: one per recipient) */
	TXN_NSTAGES
};

enum txn_outcome {
	TXN_ACCEPTED,
	TXN_REJECTED,
	TXN_DEFERRED,
	TXN_LOST,
	TXN_ABANDONED,
	TXN_NOUTCOMES
};

#define TXN_MAX_RCPTS 1000u /* recipients remembered by name (LMTP's per-recipient replies name them) */
#define TXN_QUEUE_ID_MAX 64

struct txn {
	enum txn_stage stage;
	char **rcpt; /* accepted recipients, as they appear in RCPT TO:<...> (copied) */
	size_t nrcpt;
	int refused_code; /* a refusal (4xx/5xx) of a RCPT in this transaction, 0: none (4xx wins over 5xx) */
	char refused_enh[16];
	size_t verdicts; /* LMTP: per-recipient replies received so far */
	bool lmtp;
};

/* Where a transaction ended: refused at MAIL FROM, at the recipients, at the DATA command, or at the message. */
enum txn_at {
	TXN_AT_MAIL,
	TXN_AT_RCPT,
	TXN_AT_DATA,
	TXN_AT_MESSAGE,
	TXN_NAT
};

struct txn_result {
	enum txn_outcome outcome;
	enum txn_at at;
	int code;                        /* the reply that decided it; 0 for lost/abandoned without one */
	char enhanced[16];               /* its enhanced status code, "" if none */
	char queue_id[TXN_QUEUE_ID_MAX]; /* the server's queue id when the accepting reply gives one, else "" */
	const char *recipient;           /* LMTP: the recipient this outcome is for (valid until the next txn call) */
	size_t recipients;               /* recipients accepted in the transaction */
	const char *reason;              /* lost: why ("the connection closed ...", "no reply within ..."); a static
	                                  * string or NULL */
	bool late; /* the verdict came after the wait had timed out and the transaction was counted lost: this
	            * result corrects that one (same transaction) */
};

/* Stable lower-case names: "accepted", "rejected", "deferred", "lost", "abandoned"; "mail", "rcpt" ... */
const char *txn_outcome_name(enum txn_outcome o);
const char *txn_stage_name(enum txn_stage st);
/* "mail", "rcpt", "data", "message" (JSON); and for a person "MAIL FROM", "RCPT TO", "DATA", "the message". */
const char *txn_at_name(enum txn_at at);

void txn_init(struct txn *t, bool lmtp);
void txn_free(struct txn *t);

/* A reply arrived. verb: the command it answers as session files it ("MAIL", "RCPT", "DATA", "." for the end of
 * a message, "BDAT", "RSET", "QUIT", "EHLO" ...); line: that command as sent (for the RCPT address and BDAT
 * LAST); text: the reply's first line after the code (for the queue id); enhanced: its enhanced code or NULL.
 * Returns true when this reply ended the transaction (or, in LMTP, decided one recipient): *out says how. */
bool txn_on_reply(struct txn *t, const char *verb, const char *line, int code, const char *enhanced, const char *text,
		  struct txn_result *out);

/* The message's last byte was sent (the session's "." or BDAT LAST): from now on an end of the connection is a
 * lost message. */
void txn_on_message_sent(struct txn *t);

/* The connection ended or the wait for the final reply was given up (reason says which). Returns true while a
 * result is due; call again until it returns false (LMTP: one per recipient still without a reply). */
bool txn_on_end(struct txn *t, const char *reason, struct txn_result *out);

/* One line for a person, in the user's language: "accepted (250 2.0.0, queued as 4Xy2, 1 recipient)",
 * "deferred (451 4.7.1: temporary, try again later)", "lost: the connection closed before the server's final
 * reply ...". Returns out. */
const char *txn_describe(const struct txn_result *r, char *out, size_t n);

/* The server's queue id in a 250 reply's text, or false: "Ok: queued as 4Xy2" (Postfix, the lab),
 * "OK id=1rABcD-000123-4E" (Exim), "... [InternalId=123] Queued mail" (Exchange). */
bool txn_queue_id(const char *text, char *out, size_t n);

#endif
